//! One module per subcommand: load, call the core, hand the result to a renderer.

pub mod assess;
pub mod compare;
pub mod completions;
pub mod diff;
pub mod history;
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

/// How a command ended: its exit code and the problems to print on standard error.
#[derive(Debug, Default)]
pub struct Finish {
    /// 0, 1 or 2.
    pub code: u8,
    /// Errors and warnings, in the order to print them.
    pub diagnostics: Vec<Diagnostic>,
}

impl Finish {
    /// Done, with these warnings.
    pub fn ok(diagnostics: Vec<Diagnostic>) -> Finish {
        Finish {
            code: crate::EXIT_OK,
            diagnostics,
        }
    }

    /// Invalid input: exit 2 with every problem.
    pub fn invalid(diagnostics: Vec<Diagnostic>) -> Finish {
        Finish {
            code: crate::EXIT_INVALID,
            diagnostics,
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
        Command::Schema(args) => schema::run(&args, out),
        Command::Completions(args) => completions::run(&args, out),
        Command::Man => man::run(out),
    }
}

/// Writes `bytes` to `--output` atomically, or to `out`.
pub fn deliver(bytes: &[u8], output: Option<&str>, out: &mut dyn Write) -> anyhow::Result<()> {
    use anyhow::Context;
    match output {
        Some(path) if path != "-" => crate::output::write_atomic(std::path::Path::new(path), bytes)
            .with_context(|| format!("cannot write `{path}`")),
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
