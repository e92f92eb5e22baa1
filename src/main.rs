//! The binary: parse arguments, run the command, print problems once, exit with its code.

// The one place allowed to print diagnostics: the library returns them.
#![allow(clippy::print_stderr)]

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use mspcheck::cli::ColorChoice;
use mspcheck::command::run;
use mspcheck::output::Environment;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match mspcheck::cli::parse() {
        Ok(cli) => cli,
        Err(error) => {
            // `--help` and `--version` go to standard output, usage errors to standard error;
            // either write is checked (`--help > /dev/full` fails).
            let (code, written) = if error.use_stderr() {
                let rendered = error.render().ansi().to_string();
                (
                    mspcheck::EXIT_INVALID,
                    write_all(&mut std::io::stderr(), &rendered),
                )
            } else {
                let rendered = if std::io::stdout().is_terminal() {
                    error.render().ansi().to_string()
                } else {
                    error.render().to_string()
                };
                (
                    mspcheck::EXIT_OK,
                    write_all(&mut std::io::stdout(), &rendered),
                )
            };
            return match written {
                Ok(()) => ExitCode::from(code),
                Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => {
                    ExitCode::from(code)
                }
                Err(error) => {
                    report(&format!("error: cannot write the help: {error}"));
                    ExitCode::from(mspcheck::EXIT_IO)
                }
            };
        }
    };
    let stdout_is_terminal = std::io::stdout().is_terminal();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
    let color = match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => stdout_is_terminal && !no_color,
    };
    // Problems are coloured like cargo's when standard error is a colour terminal.
    let stderr_color = match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => std::io::stderr().is_terminal() && !no_color,
    };
    let problem = |text: String| {
        if stderr_color {
            mspcheck::command::paint_problem(&text)
        } else {
            text
        }
    };
    let environment = Environment {
        color,
        stdout_is_terminal,
        stdin_is_terminal: std::io::stdin().is_terminal(),
        today: today(),
        width: terminal_width(stdout_is_terminal),
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match run(cli, &environment, &mut out) {
        Ok(finish) => {
            let mut text = String::new();
            for diagnostic in &finish.diagnostics {
                text.push_str(&problem(diagnostic.to_string()));
                text.push('\n');
            }
            for note in &finish.notes {
                text.push_str(note);
                text.push('\n');
            }
            if !report(&text) && finish.code == mspcheck::EXIT_OK {
                // The warnings could not be shown: that is a failure, not a clean run.
                return ExitCode::from(mspcheck::EXIT_IO);
            }
            ExitCode::from(finish.code)
        }
        Err(error) => {
            if is_broken_pipe(&error) {
                // The reader (`head`, a closed pager) has what it wanted.
                return ExitCode::from(mspcheck::EXIT_OK);
            }
            if let Some(refusal) = error.downcast_ref::<mspcheck::output::Refusal>() {
                report(&format!("{}\n", problem(refusal.to_string())));
                return ExitCode::from(mspcheck::EXIT_INVALID);
            }
            let code = exit_code(&error);
            let message = if error.chain().count() == 1 && error.is::<std::io::Error>() {
                format!("error: cannot write the output: {error}")
            } else {
                format!("error: {error:#}")
            };
            report(&format!("{}\n", problem(message)));
            ExitCode::from(code)
        }
    }
}

/// Today's date, or the date of `SOURCE_DATE_EPOCH` (seconds since 1970, UTC) when it is
/// set, so that reports can be made reproducibly (the reproducible-builds convention).
fn today() -> chrono::NaiveDate {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|seconds| seconds.trim().parse::<i64>().ok())
        .and_then(|seconds| chrono::DateTime::from_timestamp(seconds, 0))
        .map_or_else(
            || chrono::Local::now().date_naive(),
            |moment| moment.date_naive(),
        )
}

/// Writes `text` whole and flushes.
fn write_all(writer: &mut dyn Write, text: &str) -> std::io::Result<()> {
    writer.write_all(text.as_bytes())?;
    writer.flush()
}

/// Prints on standard error; false when that failed (a full disk, a closed pipe).
fn report(text: &str) -> bool {
    text.is_empty() || write_all(&mut std::io::stderr().lock(), text).is_ok()
}

/// The I/O errors in `error`'s chain, including those wrapped by serde_json.
fn io_kinds(error: &anyhow::Error) -> impl Iterator<Item = std::io::ErrorKind> + '_ {
    error.chain().filter_map(|cause| {
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            return Some(io.kind());
        }
        cause
            .downcast_ref::<serde_json::Error>()
            .and_then(serde_json::Error::io_error_kind)
    })
}

/// A write to a reader that went away.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    io_kinds(error).any(|kind| kind == std::io::ErrorKind::BrokenPipe)
}

/// 3 for a failure to read or write (see README "Exit codes"), 2 for anything else.
fn exit_code(error: &anyhow::Error) -> u8 {
    if io_kinds(error).next().is_some() {
        mspcheck::EXIT_IO
    } else {
        mspcheck::EXIT_INVALID
    }
}

/// The width to lay text out to: `COLUMNS` when it is set to a number (bash sets it without
/// exporting it, so it is usually absent), else the size of the terminal standard output is
/// on, else unknown (80 is used).
fn terminal_width(stdout_is_terminal: bool) -> Option<u16> {
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|columns| columns.trim().parse::<u16>().ok())
        .filter(|columns| *columns > 0);
    columns.or_else(|| {
        stdout_is_terminal
            .then(|| terminal_size::terminal_size_of(std::io::stdout()))
            .flatten()
            .map(|(terminal_size::Width(width), _)| width)
            .filter(|width| *width > 0)
    })
}
