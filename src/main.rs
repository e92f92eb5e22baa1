//! The binary: parse arguments, run the command, print problems once, exit with its code.

// The one place allowed to print diagnostics: the library returns them.
#![allow(clippy::print_stderr)]

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use mspcheck::cli::{Cli, ColorChoice};
use mspcheck::command::run;
use mspcheck::output::Environment;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let code = if error.use_stderr() {
                mspcheck::EXIT_INVALID
            } else {
                mspcheck::EXIT_OK
            };
            let _ = error.print();
            return ExitCode::from(code);
        }
    };
    let stdout_is_terminal = std::io::stdout().is_terminal();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
    let color = match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => stdout_is_terminal && !no_color,
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
            for diagnostic in &finish.diagnostics {
                eprintln!("{diagnostic}");
            }
            ExitCode::from(finish.code)
        }
        Err(error) => {
            if error
                .downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            {
                return ExitCode::from(mspcheck::EXIT_OK);
            }
            eprintln!("error: {error:#}");
            ExitCode::from(mspcheck::EXIT_INVALID)
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
