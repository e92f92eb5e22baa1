//! `mspcheck completions SHELL`: the completion script for a shell, generated from the
//! command-line types so it always matches the commands and flags.

use std::io::Write;

use crate::cli::CompletionsArgs;

use super::Finish;

/// The generated script, changed so that where the bundled ids are offered, file names
/// are offered as well (a questionnaire may be a path).
fn also_files(shell: clap_complete::Shell, script: &str, ids: &[&str]) -> String {
    let words = ids.join(" ");
    match shell {
        clap_complete::Shell::Bash => {
            let mut lines = Vec::new();
            let mut positional = false;
            for line in script.lines() {
                let mut line = line.replace(
                    &format!("$(compgen -W \"{words}\" -- \"${{cur}}\")"),
                    &format!(
                        "$(compgen -W \"{words}\" -- \"${{cur}}\") $(compgen -f -- \"${{cur}}\")"
                    ),
                );
                if line.trim_start().starts_with("opts=") {
                    positional = line.ends_with(&format!(" {words}\""));
                } else if positional && line.contains("compgen -W \"${opts}\"") {
                    line = line.replace(
                        "$(compgen -W \"${opts}\" -- \"${cur}\")",
                        "$(compgen -W \"${opts}\" -- \"${cur}\") $(compgen -f -- \"${cur}\")",
                    );
                    positional = false;
                }
                lines.push(line);
            }
            lines.join("\n") + "\n"
        }
        clap_complete::Shell::Zsh => {
            let helper = format!(
                "\n(( $+functions[_mspcheck_questionnaires] )) ||\n_mspcheck_questionnaires() {{\n    _alternative 'bundled:bundled questionnaire:({words})' 'files:file:_files'\n}}\n"
            );
            let script = script.replace(&format!(":({words})'"), ":_mspcheck_questionnaires'");
            match script.split_once('\n') {
                Some((first, rest)) => format!("{first}\n{helper}{rest}"),
                None => script,
            }
        }
        clap_complete::Shell::Fish => {
            let first = format!("-a \"{}\\t", ids.first().copied().unwrap_or_default());
            script
                .lines()
                .map(|line| {
                    if line.contains(&first) {
                        line.replace(" -r -f -a ", " -r -a ")
                    } else {
                        line.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join("\n")
                + "\n"
        }
        _ => script.to_string(),
    }
}

/// Runs `completions`.
pub fn run(args: &CompletionsArgs, out: &mut dyn Write) -> anyhow::Result<Finish> {
    let ids: Vec<&str> = crate::load::BUNDLED
        .iter()
        .map(|bundled| bundled.id)
        .collect();
    // Where a questionnaire is named, offer the bundled ids (files stay offered too).
    let mut command = crate::cli::command();
    for (sub, arg) in [
        ("show", "questionnaire"),
        ("template", "questionnaire"),
        ("interview", "questionnaire"),
        ("assess", "questionnaire"),
        ("compare", "questionnaire"),
        ("diff", "questionnaire"),
    ] {
        let ids = ids.clone();
        command = command.mut_subcommand(sub, |sub| {
            sub.mut_arg(arg, |arg| {
                arg.value_parser(clap::builder::PossibleValuesParser::new(ids))
            })
        });
    }
    // Generated into memory: clap_complete panics when its writer fails, `out` may not.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "mspcheck", &mut script);
    let script = String::from_utf8(script)?;
    out.write_all(also_files(args.shell, &script, &ids).as_bytes())?;
    out.flush()?;
    Ok(Finish::ok(Vec::new()))
}
