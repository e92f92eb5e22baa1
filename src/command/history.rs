//! `mspcheck history FILES|DIR`: one provider over any number of dated assessments made
//! with one questionnaire (or compatible versions of it). A folder stands for the answers
//! files under it.

use std::io::Write;

use crate::assessment::{assess, Detail, Options};
use crate::cli::{HistoryArgs, HistoryFormat};
use crate::diagnostic::{Code, Diagnostic};
use crate::history::{compatible, history};
use crate::load::{load_answers, Catalog, LoadedAnswers};
use crate::output::Environment;
use crate::report::Style;
use crate::yaml::key;

use super::{deliver, Finish};

/// Every file needs a date, the same provider and a compatible questionnaire.
fn check(loaded: &[LoadedAnswers]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let Some(first) = loaded.first() else {
        return problems;
    };
    let reference = &first.questionnaire.questionnaire;
    for file in loaded {
        if file.answers.header.date.is_none() {
            problems.push(
                Diagnostic::error(
                    Code::MissingField,
                    format!("`{}` has no `date`", file.answers.origin),
                )
                .at_opt(
                    file.document
                        .as_ref()
                        .map(|document| document.source.start()),
                )
                .with_help("`history` orders assessments by date: add `date: YYYY-MM-DD`"),
            );
        }
        if file.answers.header.provider != first.answers.header.provider {
            problems.push(
                Diagnostic::error(
                    Code::ProviderMismatch,
                    format!(
                        "`{}` assesses `{}` but `{}` assesses `{}`",
                        first.answers.origin,
                        first.answers.header.provider,
                        file.answers.origin,
                        file.answers.header.provider
                    ),
                )
                .at_opt(
                    file.document
                        .as_ref()
                        .map(|document| document.value_location(&key(&[], "provider"))),
                )
                .with_help("`history` follows one provider; give only that provider's files"),
            );
        }
        let questionnaire = &file.questionnaire.questionnaire;
        if questionnaire.id() != reference.id()
            || !compatible(questionnaire.version(), reference.version())
        {
            problems.push(
                Diagnostic::error(
                    Code::MixedQuestionnaires,
                    format!(
                        "`{}` was assessed with questionnaire `{}` {}, but `{}` with `{}` {}",
                        first.answers.origin,
                        reference.id(),
                        reference.version(),
                        file.answers.origin,
                        questionnaire.id(),
                        questionnaire.version()
                    ),
                )
                .at_opt(file.document.as_ref().map(|document| document.value_location(&key(&[], "questionnaire"))))
                .with_help("`history` needs one questionnaire, in versions of the same major version; pass `--questionnaire ID|PATH` to use one for every file"),
            );
        }
    }
    problems
}

/// Runs `history`.
pub fn run(
    args: &HistoryArgs,
    environment: &Environment,
    out: &mut dyn Write,
) -> anyhow::Result<Finish> {
    let questionnaire = args.questionnaire.as_deref();
    let files = match super::inputs::expand(
        &args.inputs,
        &[super::inputs::ANSWERS],
        questionnaire
            .filter(|named| *named == "-")
            .map(|_| "--questionnaire"),
    ) {
        Ok(files) => files,
        Err(problems) => return Ok(Finish::invalid(problems)),
    };
    let inputs: Vec<&str> = files.iter().map(String::as_str).collect();
    if let Some(output) = &args.output {
        if let Err(diagnostic) = crate::output::check_output(output, &inputs) {
            return Ok(Finish::invalid(vec![diagnostic]));
        }
    }
    let frame = match super::frame(args.brand.as_deref(), environment) {
        Ok(frame) => frame,
        Err(problems) => return Ok(Finish::invalid(problems)),
    };
    let catalog = Catalog::default();
    let mut loaded = Vec::new();
    let mut diagnostics = Vec::new();
    for path in &inputs {
        match load_answers(&catalog, path, args.questionnaire.as_deref()) {
            Ok(answers) => loaded.push(answers),
            Err(problems) => diagnostics.extend(problems),
        }
    }
    diagnostics.extend(check(&loaded));
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Ok(Finish::invalid(diagnostics));
    }
    let options = Options {
        verified_only: args.verified_only,
        detail: Detail::NoRoadmap,
        ..Options::default()
    };
    let dated = loaded
        .iter()
        .filter_map(|file| {
            Some((
                file.answers.header.date?,
                assess(&file.questionnaire.questionnaire, &file.answers, &options),
            ))
        })
        .collect();
    let Some(result) = history(dated) else {
        return Ok(Finish::invalid(vec![Diagnostic::error(
            Code::MissingField,
            "no answers files to follow",
        )]));
    };
    let format = super::select_format(
        args.format,
        args.output.as_deref(),
        HistoryFormat::Table,
        "history",
    )?;
    let style = Style {
        color: environment.color && args.output.is_none() && format == HistoryFormat::Table,
        width: super::layout_width(environment),
    };
    let mut bytes = Vec::new();
    crate::report::history::render(format, &result, style, &frame, &mut bytes)?;
    deliver(&bytes, args.output.as_deref(), out)?;
    Ok(Finish::ok(diagnostics))
}
