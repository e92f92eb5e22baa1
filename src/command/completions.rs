//! `mspcheck completions SHELL`: the completion script for a shell, generated from the
//! command-line types so it always matches the commands and flags.

use std::io::Write;

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};

use super::Finish;

/// Runs `completions`.
pub fn run(args: &CompletionsArgs, out: &mut dyn Write) -> anyhow::Result<Finish> {
    let mut command = Cli::command();
    // Generated into memory: clap_complete panics when its writer fails, `out` may not.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "mspcheck", &mut script);
    out.write_all(&script)?;
    out.flush()?;
    Ok(Finish::ok(Vec::new()))
}
