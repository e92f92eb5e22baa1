//! `mspcheck compare ANSWERS...`: several providers assessed with one questionnaire, side by
//! side and ranked, with the ranking's sensitivity to the domain weights. Files are loaded
//! and checked through `crate::load`, shared with `diff` and `assess`.

use std::io::Write;

use crate::assessment::{Assessed, Options};
use crate::cli::{CompareArgs, ReportFormat};
use crate::compare::{compare, Entrant};
use crate::diagnostic::{Code, Diagnostic};
use crate::load::{check_questionnaires, load_each, LoadedAnswers};
use crate::output::Environment;
use crate::report::Style;

use super::assess::assessed_with_frameworks;
use super::{deliver, Finish};

/// Runs `compare`.
pub fn run(
    args: &CompareArgs,
    environment: &Environment,
    out: &mut dyn Write,
) -> anyhow::Result<Finish> {
    let questionnaire = args.input.questionnaire.as_deref();
    let files = match super::inputs::expand(
        &args.input.answers,
        &[super::inputs::ANSWERS],
        questionnaire
            .filter(|named| *named == "-")
            .map(|_| "--questionnaire"),
    ) {
        Ok(files) => files,
        Err(problems) => return Ok(Finish::invalid(problems)),
    };
    let inputs: Vec<&str> = files.iter().map(String::as_str).collect();
    if args.format == Some(ReportFormat::Clauses) {
        return Ok(Finish::invalid(vec![Diagnostic::error(
            Code::ValueNotAllowed,
            "`--format clauses` is for `assess`, not `compare`",
        )
        .with_help(
            "run `mspcheck assess --format clauses ANSWERS...` for each provider's clause topics",
        )]));
    }
    if let Some(output) = &args.output {
        if let Err(diagnostic) = crate::output::check_output(output, &inputs) {
            return Ok(Finish::invalid(vec![diagnostic]));
        }
    }
    let frame = match super::frame(args.brand.as_deref(), environment) {
        Ok(frame) => frame,
        Err(problems) => return Ok(Finish::invalid(problems)),
    };
    let format = super::select_format(
        args.format,
        args.output.as_deref(),
        ReportFormat::Table,
        "compare",
    )?;
    let catalog = match super::assess::framework_catalog(&args.framework_file) {
        Ok(catalog) => catalog,
        Err(problems) => return Ok(Finish::invalid(problems)),
    };
    let options = Options {
        verified_only: args.input.verified_only,
        detail: crate::assessment::Detail::NoRoadmap,
        ..Options::default()
    };
    // Each file is assessed on the thread that loaded it.
    let batch = load_each(&catalog, &inputs, questionnaire, |loaded| {
        let prepared = assessed_with_frameworks(&loaded, &options, &args.framework)?;
        Ok((loaded, prepared))
    });
    let failed = batch.failed();
    if batch.refused(args.input.keep_going) {
        return Ok(Finish::invalid(batch.diagnostics));
    }
    let skipped = batch.skipped();
    let (prepared, mut diagnostics): (Vec<(LoadedAnswers, Assessed)>, _) =
        (batch.files, batch.diagnostics);
    let loaded: Vec<&LoadedAnswers> = prepared.iter().map(|(loaded, _)| loaded).collect();
    let mixed = check_questionnaires(&loaded, "compare");
    let refused = mixed.iter().any(Diagnostic::is_error);
    diagnostics.extend(mixed);
    if refused {
        return Ok(Finish::invalid(diagnostics));
    }
    let entrants: Vec<Entrant<'_>> = prepared
        .iter()
        .map(|(loaded, prepared)| Entrant {
            assessment: &prepared.assessment,
            questionnaire: &loaded.questionnaire.questionnaire,
            counted: &prepared.counted,
        })
        .collect();
    let Some(comparison) = compare(&entrants) else {
        return Ok(Finish::invalid(vec![Diagnostic::error(
            Code::MissingField,
            "no answers files to compare",
        )]));
    };
    let style = Style {
        color: environment.color && args.output.is_none() && format == ReportFormat::Table,
        width: super::layout_width(environment),
    };
    let mut bytes = Vec::new();
    crate::report::compare::render(format, &comparison, style, &frame, &mut bytes)?;
    deliver(&bytes, args.output.as_deref(), out)?;
    let mut finish = Finish::ok(diagnostics);
    if failed {
        finish.code = crate::EXIT_INVALID;
        finish.notes.push(format!(
            "{skipped} of {} answers files could not be read (their problems are above); the comparison ranks the other {}",
            files.len(),
            prepared.len()
        ));
    }
    Ok(finish)
}
