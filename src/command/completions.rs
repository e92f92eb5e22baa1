//! `mspcheck completions SHELL`: the completion script for a shell, generated from the
//! command-line types so it always matches the commands and flags.

use std::io::Write;

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};

use super::Finish;

/// Runs `completions`.
pub fn run(args: &CompletionsArgs, out: &mut dyn Write) -> anyhow::Result<Finish> {
    let mut command = Cli::command();
    clap_complete::generate(args.shell, &mut command, "mspcheck", out);
    out.flush()?;
    Ok(Finish::ok(Vec::new()))
}
