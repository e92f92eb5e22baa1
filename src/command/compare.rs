//! `mspcheck compare ANSWERS...`: several providers assessed with one questionnaire, side by
//! side and ranked, with the ranking's sensitivity to the domain weights. The helpers that
//! load, check and prepare assessments are shared with `diff`.

use std::io::Write;

use crate::assessment::{assess, counted_answers, stale_answers, Assessment, Options};
use crate::cli::{CompareArgs, ReportFormat};
use crate::compare::{compare, Entrant};
use crate::diagnostic::{Code, Diagnostic};
use crate::load::{load_answers, Catalog, LoadedAnswers};
use crate::output::Environment;
use crate::report::Style;
use crate::validate::AnswerValue;
use crate::yaml::key;

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
    let prepared: Vec<(Assessment, Vec<Option<AnswerValue>>)> = loaded
        .iter()
        .map(|loaded| prepare(loaded, &options))
        .collect();
    let entrants: Vec<Entrant<'_>> = prepared
        .iter()
        .zip(&loaded)
        .map(|((assessment, counted), loaded)| Entrant {
            assessment,
            questionnaire: &loaded.questionnaire.questionnaire,
            counted,
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

/// Loads every answers file (each questionnaire once); the loaded files in argument order
/// and every problem found.
pub(crate) fn load_all(
    paths: &[&str],
    questionnaire: Option<&str>,
) -> (Vec<LoadedAnswers>, Vec<Diagnostic>) {
    let catalog = Catalog::default();
    let mut loaded = Vec::new();
    let mut diagnostics = Vec::new();
    for path in paths {
        match load_answers(&catalog, path, questionnaire) {
            Ok(answers) => loaded.push(answers),
            Err(problems) => diagnostics.extend(problems),
        }
    }
    (loaded, diagnostics)
}

/// The assessment of one loaded file and the answers that counted in it.
pub(crate) fn prepare(
    loaded: &LoadedAnswers,
    options: &Options,
) -> (Assessment, Vec<Option<AnswerValue>>) {
    let questionnaire = &loaded.questionnaire.questionnaire;
    let stale = stale_answers(questionnaire, &loaded.answers, options);
    let counted = counted_answers(questionnaire, &loaded.answers, options, &stale);
    (assess(questionnaire, &loaded.answers, options), counted)
}

/// Every file must use the first file's questionnaire: another id or version is an error
/// (`mixed-questionnaires`); the same id and version with other contents is a warning.
pub(crate) fn check_questionnaires(loaded: &[LoadedAnswers], command: &str) -> Vec<Diagnostic> {
    let Some(first) = loaded.first() else {
        return Vec::new();
    };
    let reference = &first.questionnaire.questionnaire;
    let mut diagnostics = Vec::new();
    for other in &loaded[1..] {
        let questionnaire = &other.questionnaire.questionnaire;
        let path = key(&[], "questionnaire");
        let at = other
            .document
            .get(&path)
            .map(|_| other.document.value_location(&path));
        if questionnaire.id() != reference.id() || questionnaire.version() != reference.version() {
            diagnostics.push(
                Diagnostic::error(
                    Code::MixedQuestionnaires,
                    format!(
                        "`{}` was assessed with questionnaire `{}` {}, but `{}` with `{}` {}",
                        first.answers.origin,
                        reference.id(),
                        reference.version(),
                        other.answers.origin,
                        questionnaire.id(),
                        questionnaire.version()
                    ),
                )
                .at_opt(at)
                .with_help(format!(
                    "`{command}` needs assessments made with one questionnaire; pass `--questionnaire ID|PATH` to check every file against the same one"
                )),
            );
        } else if questionnaire.sha256 != reference.sha256 {
            diagnostics.push(
                Diagnostic::warning(
                    Code::MixedQuestionnaires,
                    format!(
                        "`{}` and `{}` use questionnaire `{}` {} from files with different contents",
                        first.answers.origin,
                        other.answers.origin,
                        questionnaire.id(),
                        questionnaire.version()
                    ),
                )
                .at_opt(at)
                .with_help("scores may not be comparable; give an edited questionnaire a new version"),
            );
        }
    }
    diagnostics
}
