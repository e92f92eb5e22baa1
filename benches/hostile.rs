//! Hostile inputs must be refused fast and small: each case runs the release binary
//! (`validate`) and measures wall time and the child's peak memory (wait4). Target: every
//! refusal under 1 s and under 100 MiB. Prints a table; exits 1 when a target is missed.
//!
//! Run: `cargo bench --bench hostile`.

// A benchmark reports on standard output.
#![allow(clippy::print_stdout, clippy::print_stderr)]
// wait4 is the one way to read a child's peak memory.
#![allow(unsafe_code)]

use std::process::{Command, Stdio};
use std::time::Instant;

const ANSWERS: &str = "format: mspcheck/answers/1\nquestionnaire: msp\nprovider: Hostile\n";

fn cases() -> Vec<(&'static str, &'static str, Vec<u8>)> {
    let mut cases = Vec::new();
    let laughs = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n";
    cases.push((
        "billion laughs",
        "yaml-alias",
        format!("{ANSWERS}{laughs}").into_bytes(),
    ));
    for size in [10_000usize, 100_000] {
        let text = format!(
            "{ANSWERS}x: &a [{}]\ny: [{}]\n",
            vec!["1"; size].join(","),
            vec!["*a"; size].join(",")
        );
        cases.push((
            if size == 10_000 {
                "10k anchor × 10k aliases"
            } else {
                "100k anchor × 100k aliases"
            },
            "yaml-alias",
            text.into_bytes(),
        ));
    }
    let mut big = format!(
        "{ANSWERS}note: &big \"{}\"\nanswers:\n",
        "x".repeat(1024 * 1024)
    );
    for index in 0..2000 {
        big.push_str(&format!("  q{index}: *big\n"));
    }
    cases.push((
        "1 MiB string × 2,000 aliases",
        "yaml-alias",
        big.into_bytes(),
    ));
    cases.push((
        "100,000-deep flow mapping",
        "too-deep",
        format!(
            "{ANSWERS}answers: {}{}\n",
            "{a: ".repeat(100_000),
            "}".repeat(100_000)
        )
        .into_bytes(),
    ));
    cases.push((
        "100,000-deep flow sequence",
        "too-deep",
        format!(
            "{ANSWERS}answers: {}{}\n",
            "[".repeat(100_000),
            "]".repeat(100_000)
        )
        .into_bytes(),
    ));
    let mut over = ANSWERS.as_bytes().to_vec();
    over.extend(std::iter::repeat_n(b'#', 9 * 1024 * 1024));
    cases.push(("9 MiB file", "file-too-large", over));
    let mut binary = vec![0x7f, b'E', b'L', b'F'];
    binary.extend((0..1_000_000u32).map(|index| (index % 251) as u8));
    cases.push(("1 MB binary", "not-utf8", binary));
    let mut questions = String::from("format: mspcheck/questionnaire/1\nid: huge\nversion: 1.0.0\ntitle: Huge\ndomains: [{id: d, title: D, weight: 1}]\nquestions:\n");
    for index in 0..10_001 {
        questions.push_str(&format!(
            "  - {{id: q{index}, domain: d, text: Q{index}, kind: yes_no}}\n"
        ));
    }
    questions.push_str("classification: {rules: [{class: amateur, if: {}}]}\n");
    cases.push((
        "10,001 questions",
        "too-many-questions",
        questions.into_bytes(),
    ));
    let mut duplicates = format!("{ANSWERS}answers:\n");
    for index in 0..50_000 {
        duplicates.push_str(&format!("  q{index}: yes\n"));
    }
    duplicates.push_str("  q0: no\n");
    cases.push((
        "50,000 keys, last one repeated",
        "duplicate-key",
        duplicates.into_bytes(),
    ));
    let mut unknown = format!("{ANSWERS}answers:\n");
    for index in 0..50_000 {
        unknown.push_str(&format!("  billing.modle{index}: yes\n"));
    }
    cases.push((
        "50,000 unknown question ids",
        "unknown-question",
        unknown.into_bytes(),
    ));
    cases
}

/// Runs the binary on `path`; returns (seconds, peak resident KiB, exit code, stderr).
// The child is reaped by `libc::wait4`, which clippy cannot see.
#[allow(clippy::zombie_processes)]
fn measure(path: &std::path::Path) -> (f64, i64, i32, String) {
    let started = Instant::now();
    let child = Command::new(env!("CARGO_BIN_EXE_mspcheck"))
        .arg("validate")
        .arg(path)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id() as libc::pid_t;
    let mut stderr = child.stderr.unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut text).unwrap();
    let mut status = 0;
    // SAFETY: a zeroed rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own child, waited for exactly once, with valid out-pointers.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid);
    let seconds = started.elapsed().as_secs_f64();
    (seconds, usage.ru_maxrss, libc::WEXITSTATUS(status), text)
}

fn main() {
    let folder = tempfile::tempdir().unwrap();
    let mut failed = false;
    println!("{:<34} {:>9} {:>11}  result", "case", "time", "peak RSS");
    for (name, code, bytes) in cases() {
        let path = folder.path().join("hostile.yaml");
        std::fs::write(&path, &bytes).unwrap();
        let (seconds, peak_kib, exit, stderr) = measure(&path);
        let refused = exit == 2 && stderr.contains(&format!("[{code}]"));
        let ok = refused && seconds < 1.0 && peak_kib < 100 * 1024;
        failed |= !ok;
        println!(
            "{name:<34} {:>7.1}ms {:>8.1}MiB  {}",
            seconds * 1e3,
            peak_kib as f64 / 1024.0,
            if ok {
                format!("refused [{code}]")
            } else {
                format!(
                    "FAILED (exit {exit}): {}",
                    stderr.lines().next().unwrap_or("")
                )
            }
        );
    }
    if failed {
        eprintln!("a hostile input was not refused within 1 s and 100 MiB");
        std::process::exit(1);
    }
}
