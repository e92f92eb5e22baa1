//! `mspcheck man`: man pages (roff) generated from the command-line definition, with the
//! examples, exit status and environment the definition cannot say. `mspcheck man` prints
//! `mspcheck(1)`; `mspcheck man --dir DIR` writes it and one `mspcheck-COMMAND(1)` per
//! command, the pages the main one refers to.

use std::io::Write;
use std::path::Path;

use anyhow::Context;

use crate::cli::{command, ManArgs, EXAMPLES};

use super::Finish;

/// Runs `man`.
pub fn run(args: &ManArgs, out: &mut dyn Write) -> anyhow::Result<Finish> {
    let mut top = command().disable_help_subcommand(true);
    top.build();
    let Some(dir) = &args.dir else {
        page(&top, None, out)?;
        out.flush()?;
        return Ok(Finish::ok(Vec::new()));
    };
    let folder = Path::new(dir);
    std::fs::create_dir_all(folder).with_context(|| format!("cannot create `{dir}`"))?;
    let mut written = Vec::new();
    let mut pages: Vec<(String, Vec<u8>)> = Vec::new();
    let mut main = Vec::new();
    page(&top, None, &mut main)?;
    pages.push(("mspcheck.1".to_string(), main));
    for sub in top.get_subcommands().filter(|sub| !sub.is_hide_set()) {
        let mut text = Vec::new();
        page(sub, Some(sub.get_name()), &mut text)?;
        pages.push((format!("mspcheck-{}.1", sub.get_name()), text));
    }
    for (name, text) in pages {
        let path = folder.join(&name);
        crate::output::write_atomic(&path, &text)
            .with_context(|| format!("cannot write `{}`", path.display()))?;
        written.push(path.display().to_string());
    }
    writeln!(
        out,
        "wrote {} man pages into {dir}: {}",
        written.len(),
        written
            .iter()
            .map(|path| Path::new(path)
                .file_name()
                .unwrap_or_default()
                .to_string_lossy())
            .collect::<Vec<_>>()
            .join(", ")
    )?;
    Ok(Finish::ok(Vec::new()))
}

/// One page: clap_mangen's sections (name, synopsis, description, options, commands), then
/// EXAMPLES, EXIT STATUS, ENVIRONMENT, SEE ALSO and VERSION.
fn page(cmd: &clap::Command, sub: Option<&str>, out: &mut dyn Write) -> anyhow::Result<()> {
    let man = clap_mangen::Man::new(cmd.clone());
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    if cmd.get_arguments().any(|arg| !arg.is_hide_set()) {
        man.render_options_section(out)?;
    }
    if sub.is_none() {
        man.render_subcommands_section(out)?;
    }
    writeln!(out, ".SH EXAMPLES")?;
    let examples: Vec<(&str, &str)> = match sub {
        Some(name) => EXAMPLES
            .iter()
            .find(|(command, _)| *command == name)
            .map(|(_, examples)| examples.to_vec())
            .unwrap_or_default(),
        None => EXAMPLES
            .iter()
            .filter_map(|(_, examples)| examples.first().copied())
            .collect(),
    };
    for (line, what) in examples {
        writeln!(out, ".TP\n.B {}\n{}", roff(line), roff(what))?;
    }
    if sub == Some("interview") {
        if let Some(protocol) = cmd.get_after_long_help() {
            let protocol = protocol.to_string();
            let protocol = protocol
                .split_once("\n\n")
                .map_or(protocol.as_str(), |(_, rest)| rest);
            writeln!(out, ".SH \"KEYS AND LINE PROTOCOL\"\n.nf")?;
            for line in protocol.lines() {
                writeln!(out, "{}", roff(line))?;
            }
            writeln!(out, ".fi")?;
        }
    }
    writeln!(out, ".SH \"EXIT STATUS\"")?;
    for (code, meaning) in [
        ("0", "Done, and any --require met."),
        ("1", "assess --require: at least one provider is below the class."),
        (
            "2",
            "Invalid input or usage: every problem is on standard error as FILE:LINE:COL: error: message [code]. With --keep-going, the valid files are reported first.",
        ),
    ] {
        writeln!(out, ".TP\n.B {code}\n{}", roff(meaning))?;
    }
    writeln!(out, ".SH ENVIRONMENT")?;
    for (name, meaning) in [
        (
            "NO_COLOR",
            "When set to a non-empty value, --color auto writes no colour.",
        ),
        (
            "COLUMNS",
            "The width text reports are laid out to (40 to 160); without it, the width of the terminal, or 80 when the output is not a terminal.",
        ),
    ] {
        writeln!(out, ".TP\n.B {name}\n{}", roff(meaning))?;
    }
    writeln!(out, ".SH \"SEE ALSO\"")?;
    let mut see: Vec<String> = match sub {
        Some(_) => vec!["mspcheck(1)".to_string()],
        None => cmd
            .get_subcommands()
            .filter(|other| !other.is_hide_set())
            .map(|other| format!("mspcheck-{}(1)", other.get_name()))
            .collect(),
    };
    see.sort();
    writeln!(out, "{}", roff(&see.join(", ")))?;
    writeln!(out, ".SH VERSION\n{}", roff(crate::cli::version_text()))?;
    Ok(())
}

/// Text escaped for roff: backslashes, hyphens (so they are not hyphenation points), and a
/// leading `.` or `'` that would read as a request.
fn roff(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-");
    if escaped.starts_with(['.', '\'']) {
        format!("\\&{escaped}")
    } else {
        escaped
    }
}
