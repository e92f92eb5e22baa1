//! `mspcheck assess ANSWERS...`: score, classify and report; `--require` gates the exit code.

use std::io::Write;

use crate::assessment::{assess, Assessment, Detail, Options};
use crate::cli::{AssessArgs, ReportFormat};
use crate::load::{load_answers, Catalog};
use crate::output::Environment;
use crate::report::{self, Style};

use super::{deliver, Finish};

/// Runs `assess`.
pub fn run(
    args: &AssessArgs,
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
    if let Some(output) = &args.output {
        if let Err(diagnostic) = crate::output::check_output(output, &inputs) {
            return Ok(Finish::invalid(vec![diagnostic]));
        }
    }
    let format = super::select_format(
        args.format,
        args.output.as_deref(),
        ReportFormat::Table,
        "assess",
    )?;
    if format == ReportFormat::Xlsx && args.output.is_none() && environment.stdout_is_terminal {
        return Ok(Finish::invalid(vec![crate::diagnostic::Diagnostic::error(
            crate::diagnostic::Code::MissingField,
            "a workbook is not shown on a terminal; `--format xlsx` needs `--output FILE.xlsx`",
        )]));
    }
    let mut frame = match super::frame(args.brand.as_deref(), environment) {
        Ok(frame) => frame,
        Err(problems) => return Ok(Finish::invalid(problems)),
    };
    frame.details = args.details;
    frame.csv = match args.csv {
        crate::cli::CsvForm::Summary => report::CsvForm::Summary,
        crate::cli::CsvForm::Answers => report::CsvForm::Answers,
    };
    let options = Options {
        verified_only: args.input.verified_only,
        stale_as_missing: args.stale_as_missing,
        today: args.as_of,
        // The summary CSV shows no roadmap, and `--quiet` without `--output` shows nothing:
        // skip the search.
        detail: if (format == ReportFormat::Csv && frame.csv == report::CsvForm::Summary)
            || (args.quiet && args.output.is_none())
        {
            Detail::Summary
        } else {
            Detail::Full
        },
    };
    let catalog = match framework_catalog(&args.framework_file) {
        Ok(catalog) => catalog,
        Err(problems) => return Ok(Finish::invalid(problems)),
    };
    let (assessments, mut diagnostics) =
        assess_files_with(&catalog, &inputs, questionnaire, &options, &args.framework);
    let failed = diagnostics
        .iter()
        .any(crate::diagnostic::Diagnostic::is_error);
    if failed && (!args.input.keep_going || assessments.is_empty()) {
        return Ok(Finish::invalid(diagnostics));
    }
    if args.quiet {
        diagnostics.retain(crate::diagnostic::Diagnostic::is_error);
    }
    if !args.quiet || args.output.is_some() {
        let style = Style {
            color: environment.color && args.output.is_none() && format == ReportFormat::Table,
            width: super::layout_width(environment),
        };
        let mut bytes = Vec::new();
        report::render(format, &assessments, style, &frame, &mut bytes)?;
        deliver(&bytes, args.output.as_deref(), out)?;
    }
    let mut finish = Finish::ok(diagnostics);
    if let Some(required) = args.require {
        let class = required.into();
        for assessment in &assessments {
            if !crate::classify::meets(assessment.classification, class) {
                finish.code = crate::EXIT_REQUIREMENT;
                if !args.quiet {
                    finish.notes.push(below_required(assessment, class));
                }
            }
        }
    }
    if failed {
        // --keep-going: the valid files are reported; the run still failed.
        let skipped = files.len() - assessments.len();
        finish.code = crate::EXIT_INVALID;
        finish.notes.push(format!(
            "{skipped} of {} answers files could not be assessed (their problems are above); the report covers the other {}",
            files.len(),
            assessments.len()
        ));
    }
    Ok(finish)
}

/// A catalog that also offers the framework catalogues of `--framework-file`.
pub fn framework_catalog(files: &[String]) -> Result<Catalog, Vec<crate::diagnostic::Diagnostic>> {
    let mut frameworks = Vec::new();
    let mut problems = Vec::new();
    for file in files {
        match crate::framework::load_file(file) {
            Ok(framework) => frameworks.push(framework),
            Err(found) => problems.extend(found),
        }
    }
    if problems.is_empty() {
        Ok(Catalog::with_frameworks(frameworks))
    } else {
        Err(problems)
    }
}

/// The line on standard error for a provider below `--require`.
fn below_required(assessment: &Assessment, required: crate::model::questionnaire::Class) -> String {
    use crate::report::escape::terminal;
    format!(
        "{}: {} is {}, below the required {} (score {})",
        terminal(&assessment.answers_file),
        terminal(&assessment.provider),
        assessment.classification.as_str(),
        required.as_str(),
        crate::report::score_text(assessment.score),
    )
}

/// Loads and assesses every file; the questionnaire each names is loaded once. Returns the
/// assessments in argument order and every problem found in any file.
pub fn assess_files(
    paths: &[&str],
    questionnaire: Option<&str>,
    options: &Options,
) -> (Vec<Assessment>, Vec<crate::diagnostic::Diagnostic>) {
    assess_files_with(&Catalog::default(), paths, questionnaire, options, &[])
}

/// `assess_files` with the questionnaires loaded through `catalog`, and the evidence per
/// control of the `frameworks` named (`--framework`) added to each assessment.
pub fn assess_files_with(
    catalog: &Catalog,
    paths: &[&str],
    questionnaire: Option<&str>,
    options: &Options,
    frameworks: &[String],
) -> (Vec<Assessment>, Vec<crate::diagnostic::Diagnostic>) {
    use rayon::prelude::*;
    type Assessed = (Assessment, Option<crate::diagnostic::Diagnostic>);
    let results: Vec<Result<Assessed, Vec<crate::diagnostic::Diagnostic>>> = paths
        .par_iter()
        .map(|path| {
            let loaded = load_answers(catalog, path, questionnaire)?;
            let checked = &loaded.questionnaire.questionnaire;
            let selected =
                crate::posture::select(checked, frameworks).map_err(|problem| vec![problem])?;
            let mut assessment = assess(checked, &loaded.answers, options);
            assessment.frameworks =
                crate::posture::for_answers(checked, &loaded.answers, options, &selected);
            let warning = super::inputs::override_warning(&loaded, questionnaire);
            Ok((assessment, warning))
        })
        .collect();
    let mut assessments = Vec::with_capacity(results.len());
    let mut diagnostics = Vec::new();
    for result in results {
        match result {
            Ok((assessment, warning)) => {
                assessments.push(assessment);
                diagnostics.extend(warning);
            }
            Err(problems) => diagnostics.extend(problems),
        }
    }
    (assessments, diagnostics)
}
