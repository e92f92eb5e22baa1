//! `mspcheck compare ANSWERS...`: several providers assessed with one questionnaire, side by
//! side and ranked, with the ranking's sensitivity to the domain weights. Files are loaded
//! and checked through `crate::load`, shared with `diff` and `assess`.

use std::io::Write;

use crate::assessment::{assessed, Assessed, Options};
use crate::cli::{CompareArgs, ReportFormat};
use crate::compare::{compare, Entrant};
use crate::diagnostic::{Code, Diagnostic};
use crate::load::{check_questionnaires, load_all};
use crate::output::Environment;
use crate::report::Style;

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
    let (loaded, mut diagnostics) = load_all(&inputs, questionnaire);
    diagnostics.extend(
        loaded
            .iter()
            .filter_map(|file| super::inputs::override_warning(file, questionnaire)),
    );
    let failed = diagnostics.iter().any(Diagnostic::is_error);
    if failed && (!args.input.keep_going || loaded.is_empty()) {
        return Ok(Finish::invalid(diagnostics));
    }
    let mixed = check_questionnaires(&loaded, "compare");
    let refused = mixed.iter().any(Diagnostic::is_error);
    diagnostics.extend(mixed);
    if refused {
        return Ok(Finish::invalid(diagnostics));
    }
    let options = Options {
        verified_only: args.input.verified_only,
        detail: crate::assessment::Detail::NoRoadmap,
        ..Options::default()
    };
    let prepared: Vec<Assessed> = loaded
        .iter()
        .map(|loaded| {
            assessed(
                &loaded.questionnaire.questionnaire,
                &loaded.answers,
                &options,
            )
        })
        .collect();
    let entrants: Vec<Entrant<'_>> = prepared
        .iter()
        .zip(&loaded)
        .map(|(prepared, loaded)| Entrant {
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
            "{} of {} answers files could not be read (their problems are above); the comparison ranks the other {}",
            files.len() - loaded.len(),
            files.len(),
            loaded.len()
        ));
    }
    Ok(finish)
}
