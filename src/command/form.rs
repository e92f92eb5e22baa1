//! `mspcheck form ID|PATH`: the questionnaire as one self-contained web page that a
//! respondent answers in a browser and downloads as an answers file.

use std::io::Write;
use std::path::Path;

use crate::cli::FormArgs;
use crate::diagnostic::{Code, Diagnostic};
use crate::load::Catalog;
use crate::model::Perspective;
use crate::output::Environment;
use crate::validate::answers::Header;

use super::{deliver, Finish};

/// Runs `form`.
pub fn run(
    args: &FormArgs,
    _environment: &Environment,
    out: &mut dyn Write,
) -> anyhow::Result<Finish> {
    let catalog = Catalog::default();
    let loaded = match catalog.load_named(&args.questionnaire) {
        Ok(loaded) => loaded,
        Err(problems) => return Ok(Finish::invalid(problems)),
    };
    let questionnaire = &loaded.questionnaire;
    let output = args.output.as_deref().filter(|output| *output != "-");
    if let Some(output) = output {
        let (name, _) = crate::validate::answers::split_pin(&args.questionnaire);
        if let Err(diagnostic) = crate::output::check_output(output, &[name]) {
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
    // The answers the page downloads name a bundled questionnaire by id; one named by path
    // is named by its file name, to sit beside the downloaded answers.
    let reference = if questionnaire.origin.starts_with("<bundled:") {
        questionnaire.id().to_string()
    } else {
        Path::new(&questionnaire.origin)
            .file_name()
            .map(|name| format!("./{}", name.to_string_lossy()))
            .unwrap_or_else(|| questionnaire.id().to_string())
    };
    let header = Header {
        questionnaire: Some(format!("{reference}@{}", questionnaire.version())),
        perspective: args.perspective.map(Perspective::from),
        ..Header::default()
    };
    let page = crate::form::render(questionnaire, &header);
    deliver(page.as_bytes(), output, out)?;
    Ok(Finish::ok(Vec::new()))
}
