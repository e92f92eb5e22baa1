//! `mspcheck template ID|PATH`: a blank answers file, every question a commented block
//! followed by its key, ready to fill in an editor.

use std::io::Write;
use std::path::{Component, Path, PathBuf};

use crate::cli::{TemplateArgs, TemplateFormat};
use crate::diagnostic::{Code, Diagnostic};
use crate::load::Catalog;
use crate::model::Perspective;
use crate::output::Environment;
use crate::validate::answers::{split_pin, Header};

use super::{deliver, Finish};

/// Runs `template`.
pub fn run(
    args: &TemplateArgs,
    environment: &Environment,
    out: &mut dyn Write,
) -> anyhow::Result<Finish> {
    let catalog = Catalog::default();
    let loaded = match catalog.load_named(&args.questionnaire) {
        Ok(loaded) => loaded,
        Err(problems) => return Ok(Finish::invalid(problems)),
    };
    let questionnaire = &loaded.questionnaire;
    let output = args.output.as_deref().filter(|output| *output != "-");
    let (name, _) = split_pin(&args.questionnaire);
    let bundled = questionnaire.origin.starts_with("<bundled:");
    if let Some(output) = output {
        let inputs = if bundled { Vec::new() } else { vec![name] };
        if let Err(diagnostic) = crate::output::check_output(output, &inputs) {
            return Ok(Finish::invalid(vec![diagnostic]));
        }
        if Path::new(output).exists() && !args.force {
            return Ok(Finish::invalid(vec![Diagnostic::error(
                Code::OutputExists,
                format!(
                    "`{output}` already exists; refusing to overwrite it with a blank template"
                ),
            )
            .with_help(
                "choose another `--output` path, or pass `--force` to replace the file",
            )]));
        }
    }
    let mut warnings = Vec::new();
    let location = if bundled {
        questionnaire.id().to_string()
    } else if args.questionnaire == "-" {
        warnings.push(
            Diagnostic::warning(
                Code::QuestionnaireNotFound,
                format!(
                    "the questionnaire came from standard input, so the template's `questionnaire:` names its id `{}`, which is no file",
                    questionnaire.id()
                ),
            )
            .with_help("replace it with the questionnaire file's path (relative to the answers file), or assess with `--questionnaire PATH`"),
        );
        questionnaire.id().to_string()
    } else {
        relative_to_output(Path::new(name), output)
    };
    let reference = format!("{location}@{}", questionnaire.version());
    let header = Header {
        questionnaire: Some(reference),
        perspective: args.perspective.map(Perspective::from),
        ..Header::default()
    };
    let format = args.format.unwrap_or(match output {
        Some(output) if crate::xlsx::is_workbook(output) => TemplateFormat::Xlsx,
        _ => TemplateFormat::Yaml,
    });
    let bytes = match format {
        TemplateFormat::Yaml => crate::template::render(questionnaire, &header).into_bytes(),
        TemplateFormat::Xlsx => {
            if output.is_none() && environment.stdout_is_terminal {
                return Ok(Finish::invalid(vec![Diagnostic::error(
                    Code::MissingField,
                    "a workbook is not shown on a terminal; `--format xlsx` needs `--output FILE.xlsx`",
                )
                .with_help(format!(
                    "mspcheck template {} --format xlsx --output questionnaire.xlsx",
                    args.questionnaire
                ))]));
            }
            crate::xlsx::template::render(questionnaire, &header)
                .map_err(|error| anyhow::anyhow!("cannot build the workbook: {error}"))?
        }
    };
    deliver(&bytes, output, out)?;
    Ok(Finish::ok(warnings))
}

/// The questionnaire's path as the answers file will see it: relative to the output's
/// folder (to the current folder when writing to standard output), always with a `/` so
/// that it reads as a path rather than a bundled id.
fn relative_to_output(questionnaire: &Path, output: Option<&str>) -> String {
    let relative = output
        .and_then(|output| {
            let target = questionnaire.canonicalize().ok()?;
            let folder = match Path::new(output).parent() {
                Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
                _ => PathBuf::from("."),
            };
            let folder = folder.canonicalize().ok()?;
            let target: Vec<Component<'_>> = target.components().collect();
            let folder: Vec<Component<'_>> = folder.components().collect();
            let common = target
                .iter()
                .zip(&folder)
                .take_while(|(left, right)| left == right)
                .count();
            if common == 0 {
                return Some(target.iter().collect::<PathBuf>());
            }
            let mut path = PathBuf::new();
            for _ in common..folder.len() {
                path.push("..");
            }
            path.extend(&target[common..]);
            Some(path)
        })
        .unwrap_or_else(|| questionnaire.to_path_buf());
    let text = relative.to_string_lossy().replace('\\', "/");
    if text.contains('/') {
        text
    } else {
        format!("./{text}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questionnaire_paths_are_relative_to_the_output_folder() {
        let folder = tempfile::tempdir().unwrap();
        let questionnaires = folder.path().join("questionnaires");
        let answers = folder.path().join("answers").join("2026");
        std::fs::create_dir_all(&questionnaires).unwrap();
        std::fs::create_dir_all(&answers).unwrap();
        let questionnaire = questionnaires.join("custom.yaml");
        std::fs::write(&questionnaire, "x").unwrap();
        let output = answers.join("acme.yaml");
        assert_eq!(
            relative_to_output(&questionnaire, Some(&output.to_string_lossy())),
            "../../questionnaires/custom.yaml"
        );
        let beside = questionnaires.join("acme.yaml");
        assert_eq!(
            relative_to_output(&questionnaire, Some(&beside.to_string_lossy())),
            "./custom.yaml"
        );
        assert_eq!(
            relative_to_output(Path::new("custom.yaml"), None),
            "./custom.yaml"
        );
    }
}
