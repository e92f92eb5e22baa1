//! `mspcheck man`: the man page (roff), generated from the command-line types. Install it
//! with `mspcheck man > ~/.local/share/man/man1/mspcheck.1`.

use std::io::Write;

use clap::CommandFactory;

use crate::cli::Cli;

use super::Finish;

/// Runs `man`.
pub fn run(out: &mut dyn Write) -> anyhow::Result<Finish> {
    clap_mangen::Man::new(Cli::command()).render(out)?;
    out.flush()?;
    Ok(Finish::ok(Vec::new()))
}
