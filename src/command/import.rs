//! `mspcheck import FILE.xlsx`: a filled-in workbook (from `template --format xlsx`) becomes
//! an `mspcheck/answers/1` file, notes, evidence and verification carried over. Every
//! problem of the sheet is reported at once, located by cell; nothing is written then, and
//! an existing output is replaced only with `--force`.

use std::io::Write;
use std::path::Path;

use crate::cli::ImportArgs;
use crate::diagnostic::{Code, Diagnostic};
use crate::load::Catalog;
use crate::output::Environment;

use super::{deliver, Finish};

/// Runs `import`.
pub fn run(
    args: &ImportArgs,
    _environment: &Environment,
    out: &mut dyn Write,
) -> anyhow::Result<Finish> {
    let output = args.output.as_deref().filter(|output| *output != "-");
    if let Some(output) = output {
        if let Err(diagnostic) = crate::output::check_output(output, &[args.file.as_str()]) {
            return Ok(Finish::invalid(vec![diagnostic]));
        }
        if Path::new(output).exists() && !args.force {
            return Ok(Finish::invalid(vec![Diagnostic::error(
                Code::OutputExists,
                format!("`{output}` already exists; refusing to overwrite it"),
            )
            .with_help(
                "choose another `--output` path, or pass `--force` to replace the file",
            )]));
        }
    }
    let catalog = Catalog::default();
    let imported =
        match crate::xlsx::import::read(&catalog, &args.file, args.questionnaire.as_deref()) {
            Ok(imported) => imported,
            Err(problems) => return Ok(Finish::invalid(problems)),
        };
    let questionnaire = &imported.loaded.questionnaire.questionnaire;
    let mut header = imported.loaded.answers.header.clone();
    // A questionnaire named by path is named relative to the answers file's folder.
    if !questionnaire.origin.starts_with("<bundled:") {
        let target = output.map_or_else(|| Path::new("answers.yaml"), Path::new);
        header.questionnaire = Some(format!(
            "{}@{}",
            crate::interview::resume::reference_for(questionnaire, target),
            questionnaire.version()
        ));
    }
    let text =
        crate::answers_file::render(&header, questionnaire, &imported.loaded.answers.answers)?;
    // Say where the answers came from (the writer's own first line speaks of the interview).
    let origin = format!(
        "# Imported by `mspcheck import` from {}.",
        crate::report::escape::terminal(&args.file).replace(['\n', '\r'], " ")
    );
    let text = match text.strip_prefix(crate::answers_file::SIGNATURE) {
        Some(rest) => format!("{origin}{rest}"),
        None => text,
    };
    deliver(text.as_bytes(), output, out)?;
    Ok(Finish::ok(imported.warnings))
}
