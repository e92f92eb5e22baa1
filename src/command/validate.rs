//! `mspcheck validate FILE...`: checks questionnaires and answers files, told apart by
//! `format:`, and reports every problem of every file.

use std::io::Write;

use crate::cli::ValidateArgs;
use crate::load::{load_answers_document, read_document, Catalog};
use crate::output::Environment;
use crate::validate::{file_kind, FileKind};

use super::Finish;

/// Runs `validate`: one "ok" line per valid file on standard output, problems on standard error.
pub fn run(
    args: &ValidateArgs,
    environment: &Environment,
    out: &mut dyn Write,
) -> anyhow::Result<Finish> {
    let files = match super::inputs::expand(
        &args.files,
        &[super::inputs::ANSWERS, super::inputs::QUESTIONNAIRE],
        None,
    ) {
        Ok(files) => files,
        Err(problems) => return Ok(Finish::invalid(problems)),
    };
    let catalog = Catalog::default();
    let mut diagnostics = Vec::new();
    let mut failed = false;
    let mut quiet_sink = std::io::sink();
    let out: &mut dyn Write = if args.quiet { &mut quiet_sink } else { out };
    for path in &files {
        let document = match read_document(path) {
            Ok(document) => document,
            Err(diagnostic) => {
                diagnostics.push(diagnostic);
                failed = true;
                continue;
            }
        };
        // A file name is shown exactly, every control and invisible character made visible:
        // a name holding a newline cannot forge another file's `ok` line.
        let name = crate::report::escape::visible(&document.source.name);
        match file_kind(&document, None) {
            Err(diagnostic) => {
                diagnostics.push(diagnostic);
                failed = true;
            }
            Ok(FileKind::Questionnaire) => {
                match crate::validate::questionnaire::validate(&document) {
                    Ok(questionnaire) => {
                        diagnostics
                            .extend(questionnaire.review_warnings(&document, environment.today));
                        writeln!(
                        out,
                        "{name}: ok (questionnaire `{}` {}, {} questions in {} domains, {} rules)",
                        questionnaire.id(),
                        questionnaire.version(),
                        questionnaire.questions.len(),
                        questionnaire.domains.len(),
                        questionnaire.rules.len()
                    )?;
                    }
                    Err(problems) => {
                        failed |= problems.iter().any(crate::diagnostic::Diagnostic::is_error);
                        diagnostics.extend(problems);
                    }
                }
            }
            Ok(FileKind::Answers) => match load_answers_document(&catalog, document, None) {
                Ok(loaded) => {
                    let questionnaire = &loaded.questionnaire.questionnaire;
                    let values: Vec<_> = loaded
                        .answers
                        .answers
                        .iter()
                        .map(|answer| answer.value.as_ref())
                        .collect();
                    let outcome = crate::score::evaluate(questionnaire, &values);
                    let answered: usize =
                        outcome.domains.iter().map(|domain| domain.answered).sum();
                    let applicable: usize =
                        outcome.domains.iter().map(|domain| domain.applicable).sum();
                    writeln!(
                        out,
                        "{name}: ok (answers for `{}` {}, {answered} of {applicable} applicable questions answered)",
                        questionnaire.id(),
                        questionnaire.version(),
                    )?;
                }
                Err(problems) => {
                    failed = true;
                    diagnostics.extend(problems);
                }
            },
        }
    }
    if args.quiet {
        diagnostics.retain(crate::diagnostic::Diagnostic::is_error);
    }
    Ok(if failed {
        Finish::invalid(diagnostics)
    } else {
        Finish::ok(diagnostics)
    })
}
