//! `mspcheck assess ANSWERS...`: score, classify and report; `--require` gates the exit code.

use std::io::Write;

use crate::assessment::{assessed, Assessed, Assessment, Detail, Options};
use crate::cli::{AssessArgs, ReportFormat};
use crate::load::{load_each, Batch, Catalog};
use crate::model::questionnaire::Class;
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
    let shown = !args.quiet || args.output.is_some();
    let style = Style {
        color: environment.color && args.output.is_none() && format == ReportFormat::Table,
        width: super::layout_width(environment),
    };
    // JSON and NDJSON are rendered file by file on the threads that assess them (see
    // `render_files`); the other formats lay out every assessment together.
    let (batch, bytes) = if shown && matches!(format, ReportFormat::Json | ReportFormat::Ndjson) {
        let batch = render_files(
            &catalog,
            &inputs,
            questionnaire,
            &options,
            &args.framework,
            format,
        );
        let mut bytes = Vec::new();
        if !batch.refused(args.input.keep_going) {
            join_parts(&batch.files, format, inputs.len() > 1, &mut bytes)?;
        }
        (batch.map(|part| part.gate), bytes)
    } else {
        let batch = assess_files(&catalog, &inputs, questionnaire, &options, &args.framework);
        let mut bytes = Vec::new();
        if shown && !batch.refused(args.input.keep_going) {
            report::render(format, &batch.files, style, &frame, &mut bytes)?;
        }
        (batch.map(|assessment| Gate::of(&assessment)), bytes)
    };
    let failed = batch.failed();
    if batch.refused(args.input.keep_going) {
        return Ok(Finish::invalid(batch.diagnostics));
    }
    let skipped = batch.skipped();
    let (gates, mut diagnostics) = (batch.files, batch.diagnostics);
    if args.quiet {
        diagnostics.retain(crate::diagnostic::Diagnostic::is_error);
    }
    if shown {
        deliver(&bytes, args.output.as_deref(), out)?;
    }
    let mut finish = Finish::ok(diagnostics);
    if let Some(required) = args.require {
        let class = required.into();
        for gate in &gates {
            if !crate::classify::meets(gate.classification, class) {
                finish.code = crate::EXIT_REQUIREMENT;
                if !args.quiet {
                    finish.notes.push(below_required(gate, class));
                }
            }
        }
    }
    if failed {
        // --keep-going: the valid files are reported; the run still failed.
        finish.code = crate::EXIT_INVALID;
        finish.notes.push(format!(
            "{skipped} of {} answers files could not be assessed (their problems are above); the report covers the other {}",
            files.len(),
            gates.len()
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

/// What `--require` reads of an assessment, kept after the report is rendered.
pub struct Gate {
    /// The answers file.
    pub answers_file: String,
    /// The provider assessed.
    pub provider: String,
    /// Its class.
    pub classification: Class,
    /// Its overall score.
    pub score: Option<f64>,
}

impl Gate {
    /// The gate of `assessment`.
    pub fn of(assessment: &Assessment) -> Gate {
        Gate {
            answers_file: assessment.answers_file.clone(),
            provider: assessment.provider.clone(),
            classification: assessment.classification,
            score: assessment.score,
        }
    }
}

/// The line on standard error for a provider below `--require`.
fn below_required(gate: &Gate, required: Class) -> String {
    use crate::report::escape::terminal;
    format!(
        "{}: {} is {}, below the required {} (score {})",
        terminal(&gate.answers_file),
        terminal(&gate.provider),
        gate.classification.as_str(),
        required.as_str(),
        crate::report::score_text(gate.score),
    )
}

/// One file's JSON or NDJSON report, rendered on the thread that assessed it, and its gate.
pub struct Part {
    /// The report: a pretty JSON object (indented as an array element when the batch has
    /// several files) or one NDJSON line; a rendering error is reported when the parts are
    /// joined, as [`crate::report::render`] reports it.
    pub text: std::io::Result<Vec<u8>>,
    /// What `--require` reads.
    pub gate: Gate,
}

/// As [`assess_files`], each assessment rendered as `format` (JSON or NDJSON) and dropped on
/// the thread that made it: a batch holds reports, not assessments, and renders them in
/// parallel. [`join_parts`] writes them as [`crate::report::render`] writes the assessments.
pub fn render_files(
    catalog: &Catalog,
    paths: &[&str],
    questionnaire: Option<&str>,
    options: &Options,
    frameworks: &[String],
    format: ReportFormat,
) -> Batch<Part> {
    let element = paths.len() > 1;
    each_assessed(
        catalog,
        paths,
        questionnaire,
        options,
        frameworks,
        |assessment| {
            let text = match format {
                ReportFormat::Ndjson => report::json::render_line(&assessment),
                _ => report::json::render_part(&assessment, element),
            };
            Part {
                text,
                gate: Gate::of(&assessment),
            }
        },
    )
}

/// Writes the parts of [`render_files`] (`several`: more than one file was asked for).
pub fn join_parts(
    parts: &[Part],
    format: ReportFormat,
    several: bool,
    out: &mut Vec<u8>,
) -> std::io::Result<()> {
    let mut texts: Vec<&[u8]> = Vec::with_capacity(parts.len());
    for part in parts {
        match &part.text {
            Ok(text) => texts.push(text),
            Err(error) => return Err(std::io::Error::new(error.kind(), error.to_string())),
        }
    }
    out.reserve_exact(texts.iter().map(|text| text.len() + 4).sum::<usize>() + 8);
    if format == ReportFormat::Ndjson {
        for text in texts {
            out.extend_from_slice(text);
        }
        return Ok(());
    }
    report::json::join(&texts, several, out)
}

/// Loads and assesses every file through [`crate::load::load_each`] (in parallel, each
/// questionnaire once, through `catalog`), adding the evidence per control of the
/// `frameworks` named (`--framework`) to each assessment. The assessments come back in
/// argument order, with every problem found in any file.
pub fn assess_files(
    catalog: &Catalog,
    paths: &[&str],
    questionnaire: Option<&str>,
    options: &Options,
    frameworks: &[String],
) -> Batch<Assessment> {
    each_assessed(
        catalog,
        paths,
        questionnaire,
        options,
        frameworks,
        |assessment| assessment,
    )
}

/// As [`assess_files`], each assessment handed to `keep` on the thread that made it.
fn each_assessed<T: Send>(
    catalog: &Catalog,
    paths: &[&str],
    questionnaire: Option<&str>,
    options: &Options,
    frameworks: &[String],
    keep: impl Fn(Assessment) -> T + Sync,
) -> Batch<T> {
    load_each(catalog, paths, questionnaire, |loaded| {
        Ok(keep(
            assessed_with_frameworks(&loaded, options, frameworks)?.assessment,
        ))
    })
}

/// One loaded file assessed, with the evidence per control of the `frameworks` named.
pub fn assessed_with_frameworks(
    loaded: &crate::load::LoadedAnswers,
    options: &Options,
    frameworks: &[String],
) -> Result<Assessed, Vec<crate::diagnostic::Diagnostic>> {
    let checked = &loaded.questionnaire.questionnaire;
    let selected = crate::posture::select(checked, frameworks).map_err(|problem| vec![problem])?;
    let mut result = assessed(checked, &loaded.answers, options);
    result.assessment.frameworks =
        crate::posture::for_answers(checked, &loaded.answers, options, &selected);
    Ok(result)
}
