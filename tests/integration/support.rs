//! Helpers: run the real binary, find fixtures.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The report date every test run sees (2026-12-01), so footers are reproducible.
pub const REPORT_EPOCH: &str = "1796083200";

/// The project root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A path under `tests/`.
pub fn fixture(relative: &str) -> PathBuf {
    root().join("tests").join(relative)
}

/// The result of one run of the binary.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(output: Output) -> Run {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

/// Runs `mspcheck ARGS` in `directory` with no colour and an empty standard input.
pub fn run_in(directory: &Path, args: &[&str]) -> Run {
    run_with_input(directory, args, None)
}

/// Runs `mspcheck ARGS` from the project root.
pub fn run(args: &[&str]) -> Run {
    run_in(&root(), args)
}

/// Runs `mspcheck ARGS`, feeding `input` on standard input.
pub fn run_with_input(directory: &Path, args: &[&str], input: Option<&[u8]>) -> Run {
    run_with_env(directory, args, input, &[])
}

/// Runs `mspcheck ARGS` with extra environment variables (set after `NO_COLOR=1` and the
/// removal of `COLUMNS`, so they may override both).
pub fn run_with_env(
    directory: &Path,
    args: &[&str],
    input: Option<&[u8]>,
    environment: &[(&str, &str)],
) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_mspcheck"));
    command
        .args(args)
        .current_dir(directory)
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", REPORT_EPOCH)
        .env_remove("COLUMNS");
    for (name, value) in environment {
        command.env(name, value);
    }
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    {
        let mut stdin = child.stdin.take().expect("stdin");
        if let Some(input) = input {
            let _ = stdin.write_all(input);
        }
    }
    child
        .wait_with_output()
        .expect("the binary finishes")
        .into()
}

/// Collapses runs of whitespace, as a reader sees text.
pub fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
