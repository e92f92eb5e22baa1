//! `mspcheck validate FILE...`: checks questionnaires and answers files, told apart by
//! `format:`, and reports every problem of every file.

use std::io::Write;

use crate::cli::ValidateArgs;
use crate::load::{load_answers, load_answers_document, read_document, LoadedAnswers};
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
    let catalog = match super::assess::framework_catalog(&args.framework_file) {
        Ok(catalog) => catalog,
        Err(problems) => return Ok(Finish::invalid(problems)),
    };
    let mut diagnostics = Vec::new();
    let mut failed = false;
    let mut quiet_sink = std::io::sink();
    let out: &mut dyn Write = if args.quiet { &mut quiet_sink } else { out };
    for path in &files {
        if crate::xlsx::is_workbook(path) {
            match load_answers(&catalog, path, None) {
                Ok(loaded) => {
                    answers_ok(out, path, &loaded)?;
                }
                Err(problems) => {
                    failed = true;
                    diagnostics.extend(problems);
                }
            }
            continue;
        }
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
        if let Some(checked) = framework_file(&document, environment, out, &mut diagnostics)? {
            failed |= !checked;
            continue;
        }
        match file_kind(&document, None) {
            Err(diagnostic) => {
                diagnostics.push(diagnostic);
                failed = true;
            }
            Ok(FileKind::Questionnaire) => match catalog.check_questionnaire(&document) {
                Ok(questionnaire) => {
                    diagnostics.extend(questionnaire.warnings.iter().cloned());
                    diagnostics.extend(questionnaire.review_warnings(&document, environment.today));
                    let set = questionnaire.mappings.frameworks.all();
                    diagnostics.extend(
                        questionnaire
                            .mappings
                            .mapped_frameworks()
                            .into_iter()
                            .filter_map(|framework| {
                                set[framework].review_warning(environment.today)
                            }),
                    );
                    writeln!(
                        out,
                        "{name}: ok (questionnaire `{}` {}, {} in {} domains, {} rules)",
                        questionnaire.id(),
                        questionnaire.version(),
                        question_count(&questionnaire),
                        questionnaire.domains.len(),
                        questionnaire.rules.len()
                    )?;
                }
                Err(problems) => {
                    failed |= problems.iter().any(crate::diagnostic::Diagnostic::is_error);
                    diagnostics.extend(problems);
                }
            },
            Ok(FileKind::Answers) => match load_answers_document(&catalog, document, None) {
                Ok(loaded) => {
                    let applicable = answers_ok(out, &name, &loaded)?;
                    diagnostics.extend(inapplicable_answers(&loaded, &applicable));
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

/// The "ok" line of a valid answers file: how much of it is answered, the scored questions
/// (those the score and the coverage count) apart from the text and context ones. Returns
/// which questions apply.
fn answers_ok(
    out: &mut dyn Write,
    name: &str,
    loaded: &LoadedAnswers,
) -> anyhow::Result<Vec<bool>> {
    let questionnaire = &loaded.questionnaire.questionnaire;
    let outcome = crate::score::evaluate(questionnaire, &loaded.answers.values());
    let answered: usize = outcome.domains.iter().map(|domain| domain.answered).sum();
    let applicable: usize = outcome.domains.iter().map(|domain| domain.applicable).sum();
    let unscored: Vec<usize> = (0..questionnaire.questions.len())
        .filter(|position| !questionnaire.questions[*position].scored)
        .filter(|position| outcome.applicable.get(*position).copied().unwrap_or(true))
        .collect();
    let others = if unscored.is_empty() {
        String::new()
    } else {
        let given = unscored
            .iter()
            .filter(|position| loaded.answers.answered(**position).is_some())
            .count();
        format!(
            "; {given} of {} {} answered",
            unscored.len(),
            unscored_kinds(
                unscored
                    .iter()
                    .map(|position| &questionnaire.questions[*position])
            )
        )
    };
    let scored = if unscored.is_empty() { "" } else { " scored" };
    writeln!(
        out,
        "{name}: ok (answers for `{}` {}, {answered} of {applicable} applicable{scored} questions answered{others})",
        questionnaire.id(),
        questionnaire.version(),
    )?;
    Ok(outcome.applicable)
}

/// `text and context questions`, `text questions` or `context questions`, as `questions`
/// holds them (all unscored).
fn unscored_kinds<'a>(
    questions: impl Iterator<Item = &'a crate::validate::ValidQuestion>,
) -> String {
    match text_and_context(questions) {
        (0, _) => "context questions".to_string(),
        (_, 0) => "text questions".to_string(),
        (text, context) => {
            format!("text and context questions ({text} text, {context} context)")
        }
    }
}

/// How many of the unscored `questions` are `text` and how many context (`scored: false`).
fn text_and_context<'a>(
    questions: impl Iterator<Item = &'a crate::validate::ValidQuestion>,
) -> (usize, usize) {
    questions
        .filter(|question| !question.scored)
        .fold((0, 0), |(text, context), question| {
            if question.kind() == crate::model::questionnaire::Kind::Text {
                (text + 1, context)
            } else {
                (text, context + 1)
            }
        })
}

/// `35 questions`, or `35 questions (2 text, 3 context: not scored)` when some are unscored.
fn question_count(questionnaire: &crate::validate::ValidQuestionnaire) -> String {
    let total = questionnaire.questions.len();
    let (text, context) = text_and_context(questionnaire.questions.iter());
    let parts: Vec<String> = [(text, "text"), (context, "context")]
        .iter()
        .filter(|(count, _)| *count > 0)
        .map(|(count, kind)| format!("{count} {kind}"))
        .collect();
    if parts.is_empty() {
        format!("{total} questions")
    } else {
        format!("{total} questions ({}: not scored)", parts.join(", "))
    }
}

/// Checks `document` when it is a framework catalogue, printing its "ok" line: `None` when
/// it is some other kind of file, else whether it is valid.
fn framework_file(
    document: &crate::yaml::Document,
    environment: &Environment,
    out: &mut dyn Write,
    diagnostics: &mut Vec<crate::diagnostic::Diagnostic>,
) -> anyhow::Result<Option<bool>> {
    let format = document
        .node(&crate::yaml::key(&[], "format"))
        .and_then(|format| format.as_str());
    if format != Some(crate::model::framework::FORMAT) {
        return Ok(None);
    }
    match crate::validate::framework::check(document) {
        Ok(framework) => {
            diagnostics.extend(framework.review_warning(environment.today));
            writeln!(
                out,
                "{}: ok (framework catalogue `{}` {}, {} {})",
                document.source.name,
                framework.id(),
                framework.definition.version,
                framework.controls().len(),
                framework.noun()
            )?;
            Ok(Some(true))
        }
        Err(problems) => {
            diagnostics.extend(problems);
            Ok(Some(false))
        }
    }
}

/// A warning for each answer given to a question that does not apply under the file's
/// other answers (its `when` fails): the answer is kept but counts for nothing.
fn inapplicable_answers(
    loaded: &crate::load::LoadedAnswers,
    applicable: &[bool],
) -> Vec<crate::diagnostic::Diagnostic> {
    use crate::diagnostic::{Code, Diagnostic};
    let questionnaire = &loaded.questionnaire.questionnaire;
    let answers = crate::yaml::key(&[], "answers");
    questionnaire
        .questions
        .iter()
        .enumerate()
        .filter(|(position, _)| !applicable.get(*position).copied().unwrap_or(true))
        .filter(|(position, _)| {
            loaded
                .answers
                .answers
                .get(*position)
                .is_some_and(|answer| answer.value.is_some())
        })
        .map(|(_, question)| {
            let path = crate::yaml::key(&answers, question.id());
            let opener = question.when.as_ref().map_or_else(String::new, |when| {
                let words = when.describe(&questionnaire.questions, &|parent, option| {
                    format!("`{}`", parent.options[option].value)
                });
                format!(" (it is asked only when {words})")
            });
            Diagnostic::warning(
                Code::AnswerNotApplicable,
                format!(
                    "`{}` does not apply to these answers{opener}, so its answer is not counted",
                    question.id()
                ),
            )
            .at_opt(
                loaded
                    .document
                    .as_ref()
                    .map(|document| document.key_location(&path)),
            )
            .with_help("remove the answer, or change the answer it depends on")
        })
        .collect()
}
