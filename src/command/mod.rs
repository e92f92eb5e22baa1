//! One module per subcommand: load, call the core, hand the result to a renderer.

pub mod assess;
pub mod compare;
pub mod completions;
pub mod convert;
pub mod diff;
pub mod form;
pub mod history;
pub mod import;
pub mod inputs;
pub mod interview;
pub mod list;
pub mod man;
pub mod schema;
pub mod show;
pub mod template;
pub mod validate;

use std::io::Write;

use crate::cli::{Cli, Command};
use crate::diagnostic::Diagnostic;
use crate::output::Environment;

#[cfg(test)]
mod tests {
    use super::paint_problem;

    #[test]
    fn problems_are_painted_like_cargo() {
        assert_eq!(
            paint_problem("a.yaml:5:16: error: `x` is wrong [value-not-allowed]\n  help: use `y`"),
            "\x1b[1ma.yaml:5:16\x1b[0m: \x1b[1;31merror\x1b[0m: `x` is wrong [value-not-allowed]\n  \x1b[1;36mhelp\x1b[0m: use `y`"
        );
        assert_eq!(
            paint_problem("warning: old [review-overdue]"),
            "\x1b[1;33mwarning\x1b[0m: old [review-overdue]"
        );
        // A message quoting `error:` later on is painted once, at the severity.
        assert!(paint_problem("f:1:1: warning: says error: here")
            .starts_with("\x1b[1mf:1:1\x1b[0m: \x1b[1;33mwarning"));
        assert_eq!(paint_problem("plain line"), "plain line");
    }
}

/// How a command ended: its exit code and the problems to print on standard error.
#[derive(Debug, Default)]
pub struct Finish {
    /// 0, 1 or 2.
    pub code: u8,
    /// Errors and warnings, in the order to print them.
    pub diagnostics: Vec<Diagnostic>,
    /// Plain lines for standard error after the diagnostics (such as who is below
    /// `--require`).
    pub notes: Vec<String>,
}

impl Finish {
    /// Done, with these warnings.
    pub fn ok(diagnostics: Vec<Diagnostic>) -> Finish {
        Finish {
            code: crate::EXIT_OK,
            diagnostics,
            notes: Vec::new(),
        }
    }

    /// Invalid input: exit 2 with every problem.
    pub fn invalid(diagnostics: Vec<Diagnostic>) -> Finish {
        Finish {
            code: crate::EXIT_INVALID,
            diagnostics,
            notes: Vec::new(),
        }
    }
}

/// Runs the command. Data goes to `out`; problems come back in the `Finish`.
pub fn run(cli: Cli, environment: &Environment, out: &mut dyn Write) -> anyhow::Result<Finish> {
    match cli.command {
        Command::Assess(args) => assess::run(&args, environment, out),
        Command::Validate(args) => validate::run(&args, environment, out),
        Command::List(args) => list::run(&args, out),
        Command::Show(args) => show::run(&args, environment, out),
        Command::Interview(args) => interview::run(&args, environment, out),
        Command::Compare(args) => compare::run(&args, environment, out),
        Command::Diff(args) => diff::run(&args, environment, out),
        Command::History(args) => history::run(&args, environment, out),
        Command::Template(args) => template::run(&args, environment, out),
        Command::Import(args) => import::run(&args, environment, out),
        Command::Form(args) => form::run(&args, environment, out),
        Command::Convert(args) => convert::run(&args, out),
        Command::Schema(args) => schema::run(&args, out),
        Command::Completions(args) => completions::run(&args, out),
        Command::Man(args) => man::run(&args, out),
    }
}

/// The format to write: `--format` when given, else the one `--output`'s extension names
/// (`.html`, `.md`, `.csv`, `.json`, `.xlsx`), else `default` (the table). It never depends
/// on whether standard output is a terminal: only colour does.
pub fn select_format<F: clap::ValueEnum + Copy>(
    explicit: Option<F>,
    output: Option<&str>,
    default: F,
    command: &str,
) -> anyhow::Result<F> {
    if let Some(format) = explicit {
        return Ok(format);
    }
    let Some(path) = output.filter(|path| *path != "-") else {
        return Ok(default);
    };
    let Some((extension, name)) = format_of_extension(path) else {
        return Ok(default);
    };
    let name_of = |format: &F| {
        format
            .to_possible_value()
            .map(|value| value.get_name().to_string())
            .unwrap_or_default()
    };
    if let Some(format) = F::value_variants()
        .iter()
        .find(|format| name_of(format) == name)
    {
        return Ok(*format);
    }
    let names: Vec<String> = F::value_variants().iter().map(name_of).collect();
    anyhow::bail!(
        "`{command}` cannot write {name} (the format `--output {path}` implies by its `.{extension}` extension); it writes {}\n  help: pass `--format FORMAT` to write one of those to `{path}` anyway, or choose another file name",
        names.join(", ")
    )
}

/// The format a file name's extension names, with the extension as written.
pub fn format_of_extension(path: &str) -> Option<(String, &'static str)> {
    let extension = std::path::Path::new(path)
        .extension()?
        .to_string_lossy()
        .into_owned();
    let name = match extension.to_ascii_lowercase().as_str() {
        "html" | "htm" => "html",
        "md" | "markdown" => "markdown",
        "csv" => "csv",
        "json" => "json",
        "xlsx" => "xlsx",
        _ => return None,
    };
    Some((extension, name))
}

/// The width text reports are laid out to: the terminal's (or `COLUMNS`), 80 when unknown,
/// never below 40 columns (narrower than that nothing fits) nor above 160 (lines that long
/// are hard to read).
pub fn layout_width(environment: &Environment) -> u16 {
    environment.width.unwrap_or(80).clamp(40, 160)
}

/// A problem as printed (`FILE:LINE:COL: error: message [code]` and `  help: …` lines)
/// with cargo's colours: `error` bold red, `warning` bold yellow, `help` bold cyan, the
/// location bold.
pub fn paint_problem(text: &str) -> String {
    const RESET: &str = "\x1b[0m";
    let mut painted = String::with_capacity(text.len() + 32);
    for (index, line) in text.split('\n').enumerate() {
        if index > 0 {
            painted.push('\n');
        }
        if let Some(rest) = line.strip_prefix("  help:") {
            painted.push_str(&format!("  \x1b[1;36mhelp{RESET}:{rest}"));
            continue;
        }
        let found = [("error:", "\x1b[1;31m"), ("warning:", "\x1b[1;33m")]
            .into_iter()
            .filter_map(|(word, colour)| {
                let at = if line.starts_with(word) {
                    Some(0)
                } else {
                    line.find(&format!(": {word}")).map(|at| at + 2)
                };
                at.map(|at| (at, word, colour))
            })
            .min_by_key(|(at, _, _)| *at);
        match found {
            Some((at, word, colour)) if index == 0 => {
                let location = &line[..at];
                if !location.is_empty() {
                    let location = location.trim_end_matches(": ");
                    painted.push_str(&format!("\x1b[1m{location}{RESET}: "));
                }
                let name = word.trim_end_matches(':');
                painted.push_str(&format!(
                    "{colour}{name}{RESET}:{}",
                    &line[at + word.len()..]
                ));
            }
            _ => painted.push_str(line),
        }
    }
    painted
}

/// Writes `bytes` to `--output` (see `output::write_atomic`), or to `out`. An `--output`
/// that is any file this run read is refused here, after every input was read.
pub fn deliver(bytes: &[u8], output: Option<&str>, out: &mut dyn Write) -> anyhow::Result<()> {
    use anyhow::Context;
    match output {
        Some(path) if path != "-" => {
            crate::output::check_output(path, &[]).map_err(crate::output::Refusal)?;
            crate::output::write_atomic(std::path::Path::new(path), bytes)
                .with_context(|| format!("cannot write `{path}`"))
        }
        _ => {
            out.write_all(bytes)?;
            out.flush()?;
            Ok(())
        }
    }
}

/// The report's frame: today's date and, when `--brand FILE` is given, the brand (its
/// problems come back as diagnostics).
pub fn frame(
    brand: Option<&str>,
    environment: &Environment,
) -> Result<crate::report::Frame, Vec<Diagnostic>> {
    Ok(crate::report::Frame {
        today: Some(environment.today),
        brand: brand.map(crate::report::Brand::load).transpose()?,
        ..crate::report::Frame::default()
    })
}
