//! `mspcheck diff OLD NEW`: one provider's progress between two assessments made with the
//! same questionnaire, and, for a self-assessment checked by an auditor or client, where the
//! provider claimed more than was found.

use std::io::Write;

use crate::assessment::{assessed, Options};
use crate::cli::{DiffArgs, DiffFormat};
use crate::diagnostic::{Code, Diagnostic};
use crate::diff::{add_effects, diff};
use crate::load::{check_questionnaires, load_each, Catalog, LoadedAnswers};
use crate::output::Environment;
use crate::report::Style;

use super::{deliver, Finish};

/// Runs `diff`.
pub fn run(
    args: &DiffArgs,
    environment: &Environment,
    out: &mut dyn Write,
) -> anyhow::Result<Finish> {
    let inputs = [args.old.as_str(), args.new.as_str()];
    if let Some(output) = &args.output {
        if let Err(diagnostic) = crate::output::check_output(output, &inputs) {
            return Ok(Finish::invalid(vec![diagnostic]));
        }
    }
    let frame = match super::frame(args.brand.as_deref(), environment) {
        Ok(frame) => frame,
        Err(problems) => return Ok(Finish::invalid(problems)),
    };
    let options = Options {
        verified_only: args.verified_only,
        detail: crate::assessment::Detail::NoRoadmap,
        ..Options::default()
    };
    // Each file is assessed on the thread that loaded it.
    let batch = load_each(
        &Catalog::default(),
        &inputs,
        args.questionnaire.as_deref(),
        |loaded| {
            let prepared = assessed(
                &loaded.questionnaire.questionnaire,
                &loaded.answers,
                &options,
            );
            Ok((loaded, prepared))
        },
    );
    if batch.failed() {
        return Ok(Finish::invalid(batch.diagnostics));
    }
    let (prepared, mut diagnostics) = (batch.files, batch.diagnostics);
    let loaded: Vec<&LoadedAnswers> = prepared.iter().map(|(loaded, _)| loaded).collect();
    diagnostics.extend(check_questionnaires(&loaded, "diff"));
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Ok(Finish::invalid(diagnostics));
    }
    let [(old, old_assessed), (new, new_assessed)] = prepared.as_slice() else {
        return Ok(Finish::invalid(vec![Diagnostic::error(
            Code::MissingField,
            "`diff` needs two answers files",
        )]));
    };
    if old.answers.header.provider != new.answers.header.provider {
        diagnostics.push(
            Diagnostic::warning(
                Code::ProviderMismatch,
                format!(
                    "`{}` assesses `{}` but `{}` assesses `{}`",
                    old.answers.origin, old.answers.header.provider, new.answers.origin, new.answers.header.provider
                ),
            )
            .at_opt(new.field_location("provider"))
            .with_help("`diff` shows one provider's progress; check that these are the two files you meant"),
        );
    }
    let (old_counted, new_counted) = (&old_assessed.counted, &new_assessed.counted);
    let mut result = diff(&old_assessed.assessment, &new_assessed.assessment);
    // Answer indexes only mean the same in both files when the questionnaire is the same file.
    if old.questionnaire.questionnaire.sha256 == new.questionnaire.questionnaire.sha256 {
        add_effects(
            &mut result,
            &new.questionnaire.questionnaire,
            old_counted,
            new_counted,
        );
    }
    let format = super::select_format(
        args.format,
        args.output.as_deref(),
        DiffFormat::Table,
        "diff",
    )?;
    let style = Style {
        color: false,
        width: super::layout_width(environment),
    };
    let mut bytes = Vec::new();
    crate::report::diff::render(format, &result, style, &frame, &mut bytes)?;
    deliver(&bytes, args.output.as_deref(), out)?;
    Ok(Finish::ok(diagnostics))
}
