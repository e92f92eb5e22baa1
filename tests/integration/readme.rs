//! The manual is executable: every ```` ```console ```` block of README.md and of the
//! Markdown files under docs/ is run against the built binary and must print exactly what it
//! shows, and every ```` ```yaml ```` block must pass `mspcheck validate`.
//!
//! In a console block, a line starting with `$ ` is a command (run by `sh` from the project
//! root, with the binary on `PATH`, `NO_COLOR=1`, no `COLUMNS`, so 80 columns, and
//! `SOURCE_DATE_EPOCH` set to 2026-12-01, the report date footers show); the lines
//! up to the next command are what it prints, standard output and standard error together.
//! A last line `…` means "and more": only the lines above it are compared.
//!
//! `MSPCHECK_BLESS=1 cargo test --test integration readme` rewrites the shown outputs in
//! place from the binary (keeping each `…` cut at the same number of lines) after an
//! intended change; review the diff before committing it.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::support::root;

/// One fenced block of a Markdown file.
struct Block {
    /// The info string after the opening fence (`console`, `yaml`, …).
    info: String,
    /// 0-based index of the first line inside the fence.
    first: usize,
    /// The lines inside the fence.
    lines: Vec<String>,
}

/// The fenced blocks of `text`, in order.
fn blocks(text: &str) -> Vec<Block> {
    let mut found = Vec::new();
    let mut open: Option<Block> = None;
    for (index, line) in text.lines().enumerate() {
        let fence = line.trim_start().starts_with("```");
        match open.take() {
            None if fence => {
                open = Some(Block {
                    info: line.trim_start().trim_start_matches('`').trim().to_string(),
                    first: index + 1,
                    lines: Vec::new(),
                });
            }
            None => {}
            Some(block) if fence && line.trim() == "```" => found.push(block),
            Some(mut block) => {
                block.lines.push(line.to_string());
                open = Some(block);
            }
        }
    }
    found
}

/// One command of a console block and the output shown for it.
struct Example {
    /// The shell command, without `$ `.
    command: String,
    /// 0-based line of the command in the file.
    line: usize,
    /// The output lines shown (without a final `…`).
    shown: Vec<String>,
    /// The shown output ends with `…`: only its first lines are compared.
    cut: Option<String>,
}

fn examples(block: &Block) -> Vec<Example> {
    let mut found: Vec<Example> = Vec::new();
    for (offset, line) in block.lines.iter().enumerate() {
        if let Some(command) = line.strip_prefix("$ ") {
            found.push(Example {
                command: command.to_string(),
                line: block.first + offset,
                shown: Vec::new(),
                cut: None,
            });
        } else if let Some(example) = found.last_mut() {
            if example.cut.is_some() {
                panic!(
                    "line {}: `…` must be the last line of an example's output",
                    block.first + offset + 1
                );
            }
            if line.trim() == "…" {
                example.cut = Some(line.clone());
            } else {
                example.shown.push(line.clone());
            }
        } else {
            panic!(
                "line {}: a console block must start with a `$ ` command",
                block.first + offset + 1
            );
        }
    }
    found
}

/// A line that cannot appear in any example's output, printed between commands.
const MARK: &str = "@@mspcheck-readme-example-end@@";

/// Runs the commands of one console block the way a reader would, in one shell (so `cd` and
/// `echo $?` work as in a terminal), output and errors interleaved; the lines each printed.
fn run_block(commands: &[&str]) -> Vec<Vec<String>> {
    let binary = PathBuf::from(env!("CARGO_BIN_EXE_mspcheck"));
    let folder = binary.parent().expect("the binary's folder").to_path_buf();
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut paths = vec![folder];
    paths.extend(std::env::split_paths(&path));
    let mut script = String::from("exec 2>&1\n");
    for command in commands {
        script.push_str(command);
        script.push_str(&format!(
            "\n__status=$?; printf '\\n%s\\n' '{MARK}'; (exit $__status)\n"
        ));
    }
    let output = Command::new("sh")
        .arg("-c")
        .arg(script)
        .current_dir(root())
        .env("PATH", std::env::join_paths(paths).expect("a PATH"))
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", super::support::REPORT_EPOCH)
        .env_remove("COLUMNS")
        .env_remove("MSPCHECK_BLESS")
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .expect("sh runs");
    let text = String::from_utf8_lossy(&output.stdout);
    let mut outputs: Vec<Vec<String>> = text
        .split(&format!("\n{MARK}\n"))
        .map(|part| {
            let part = part.strip_suffix('\n').unwrap_or(part);
            if part.is_empty() {
                Vec::new()
            } else {
                part.split('\n')
                    .map(|line| line.trim_end().to_string())
                    .collect()
            }
        })
        .collect();
    outputs.truncate(commands.len());
    outputs.resize(commands.len(), Vec::new());
    outputs
}

/// The Markdown files whose examples are run: README.md and every `.md` under docs/.
fn manual_files() -> Vec<PathBuf> {
    fn walk(folder: &Path, found: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(folder) else {
            return;
        };
        let mut entries: Vec<PathBuf> = entries.flatten().map(|entry| entry.path()).collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, found);
            } else if path.extension().is_some_and(|extension| extension == "md") {
                found.push(path);
            }
        }
    }
    let mut files = vec![root().join("README.md")];
    walk(&root().join("docs"), &mut files);
    files
}

fn blessing() -> bool {
    std::env::var_os("MSPCHECK_BLESS").is_some_and(|value| !value.is_empty() && value != "0")
}

/// Checks (or, when blessing, rewrites) the console examples of one file; returns the
/// number of examples run and a description of every mismatch.
fn check_console(path: &Path) -> (usize, Vec<String>) {
    let text = std::fs::read_to_string(path).expect("the manual is readable");
    let name = path
        .strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut failures = Vec::new();
    let mut run = 0;
    // Replacements, applied bottom-up so earlier line numbers stay valid.
    let mut replacements: Vec<(usize, usize, Vec<String>)> = Vec::new();
    for block in blocks(&text).iter().filter(|block| block.info == "console") {
        let found = examples(block);
        let commands: Vec<&str> = found
            .iter()
            .map(|example| example.command.as_str())
            .collect();
        let outputs = run_block(&commands);
        for (example, actual) in found.into_iter().zip(outputs) {
            run += 1;
            let compared: &[String] = match example.cut {
                Some(_) => &actual[..example.shown.len().min(actual.len())],
                None => &actual,
            };
            let shown: Vec<String> = example
                .shown
                .iter()
                .map(|line| line.trim_end().to_string())
                .collect();
            if compared != shown.as_slice() {
                failures.push(format!(
                    "{name}:{}: `{}` printed\n{}\n--- but the manual shows ---\n{}",
                    example.line + 1,
                    example.command,
                    compared.join("\n"),
                    shown.join("\n")
                ));
                let mut new = compared.to_vec();
                if let Some(cut) = &example.cut {
                    new.push(cut.clone());
                }
                let start = example.line + 1;
                let old_len = example.shown.len() + usize::from(example.cut.is_some());
                replacements.push((start, old_len, new));
            }
        }
    }
    if blessing() && !replacements.is_empty() {
        replacements.sort_by_key(|(start, _, _)| std::cmp::Reverse(*start));
        for (start, old_len, new) in replacements {
            lines.splice(start..start + old_len, new);
        }
        let mut rewritten = lines.join("\n");
        rewritten.push('\n');
        std::fs::write(path, rewritten).expect("the manual is writable");
        return (run, Vec::new());
    }
    (run, failures)
}

#[test]
fn readme_and_docs_console_examples_print_what_they_show() {
    let mut run = 0;
    let mut failures = Vec::new();
    for path in manual_files() {
        let (count, problems) = check_console(&path);
        run += count;
        failures.extend(problems);
    }
    assert!(run >= 10, "only {run} console examples found in the manual");
    assert!(
        failures.is_empty(),
        "{} example(s) drifted from the binary (MSPCHECK_BLESS=1 cargo test --test integration readme rewrites them):\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn readme_and_docs_yaml_snippets_validate() {
    let temporary = tempfile::tempdir().expect("a temporary folder");
    let folder = temporary.path().to_path_buf();
    let mut checked = 0;
    let mut failures = Vec::new();
    for path in manual_files() {
        let text = std::fs::read_to_string(&path).expect("the manual is readable");
        let name = path
            .strip_prefix(root())
            .unwrap_or(&path)
            .display()
            .to_string();
        for block in blocks(&text).iter().filter(|block| block.info == "yaml") {
            checked += 1;
            let file = folder.join(format!("snippet-{checked}.yaml"));
            std::fs::write(&file, block.lines.join("\n") + "\n").expect("a temporary file");
            let result = super::support::run_in(&folder, &["validate", &file.to_string_lossy()]);
            if result.code != 0 || !result.stderr.is_empty() {
                failures.push(format!(
                    "{name}:{}: the YAML snippet does not validate cleanly (exit {}):\n{}",
                    block.first, result.code, result.stderr
                ));
            }
        }
    }
    assert!(checked >= 2, "only {checked} YAML snippets found");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn readme_harness_reads_examples_and_cuts() {
    let text = "intro\n```console\n$ mspcheck list\nline one\n…\n$ echo hi\nhi\n```\n";
    let found = blocks(text);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].info, "console");
    let parsed = examples(&found[0]);
    assert_eq!(parsed.len(), 2);
    assert_eq!(parsed[0].command, "mspcheck list");
    assert_eq!(parsed[0].shown, vec!["line one".to_string()]);
    assert!(parsed[0].cut.is_some());
    assert_eq!(parsed[1].shown, vec!["hi".to_string()]);
    assert!(parsed[1].cut.is_none());
    assert_eq!(
        run_block(&["echo out; echo err >&2", "false", "echo $?", "printf x"]),
        vec![
            vec!["out".to_string(), "err".to_string()],
            Vec::new(),
            vec!["1".to_string()],
            vec!["x".to_string()]
        ]
    );
}
