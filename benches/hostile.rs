//! Hostile inputs must be refused fast and small: each case runs the release binary
//! (`validate`) and measures wall time and the child's peak memory (wait4). Target: every
//! refusal under 1 s and under 100 MiB. Then the cases of issue 11 items 7–9, each a whole
//! command (suggestions, wrapping, interview input): each under 2 s and 100 MiB; and a
//! paste into the terminal interview's text prompt, in a pseudo-terminal (item 9's terminal
//! half): under 2 s and 100 MiB from the paste to the prompt's answer.
//! Prints a table; exits 1 when a target is missed.
//!
//! Run: `cargo bench --bench hostile`; `MSPCHECK_BENCH_BIN=path/to/mspcheck` runs the cases
//! against another build of the binary (e.g. the one before a change), for a side by side table.

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
    measure_command(
        path.parent().unwrap(),
        &["validate", &path.to_string_lossy()],
        None,
    )
}

/// Runs `mspcheck ARGS` in `folder`, `input` on standard input; as `measure`.
#[allow(clippy::zombie_processes)]
fn measure_command(
    folder: &std::path::Path,
    args: &[&str],
    input: Option<&Input>,
) -> (f64, i64, i32, String) {
    let started = Instant::now();
    // `MSPCHECK_BENCH_BIN` runs another build (e.g. the one before a change) for a side by
    // side comparison.
    let binary = std::env::var_os("MSPCHECK_BENCH_BIN")
        .unwrap_or_else(|| env!("CARGO_BIN_EXE_mspcheck").into());
    let mut child = Command::new(binary)
        .args(args)
        .current_dir(folder)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.map(|input| (input.prefix.clone(), input.filler));
    let feeder = std::thread::spawn(move || {
        use std::io::Write;
        if let Some((prefix, filler)) = input {
            let chunk = vec![b'x'; 1 << 20];
            let _ = stdin.write_all(&prefix);
            let mut left = filler;
            while left > 0 {
                let size = left.min(chunk.len());
                if stdin.write_all(&chunk[..size]).is_err() {
                    return;
                }
                left -= size;
            }
            let _ = stdin.write_all(b"\n");
        }
    });
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
    let _ = feeder.join();
    (seconds, usage.ru_maxrss, libc::WEXITSTATUS(status), text)
}

/// A case of items 7–9: files to write, the command, standard input, and the exit code and
/// diagnostic code expected (`None`: exit 0).
struct IssueCase {
    name: &'static str,
    files: Vec<(&'static str, String)>,
    args: Vec<&'static str>,
    input: Option<Input>,
    expect: Option<&'static str>,
}

/// Standard input: `prefix`, then a line of `filler` bytes `x`, generated while it is
/// written (held in the benchmark's memory, it would count in the child's peak: a forked
/// child starts with its parent's resident pages).
struct Input {
    prefix: Vec<u8>,
    filler: usize,
}

fn questionnaire_with(questions: &str, extra: &str) -> String {
    format!(
        "format: mspcheck/questionnaire/1\nid: big\nversion: 1.0.0\ntitle: Big\ndomains: [{{id: d, title: D, weight: 1}}]\nquestions:\n{questions}{extra}"
    )
}

fn issue_cases() -> Vec<IssueCase> {
    let mut cases = Vec::new();
    let one = "  - {id: q0, domain: d, text: Q, kind: yes_no}\n";
    let rules = "classification: {rules: [{class: amateur, if: {}}]}\n";
    // 7: suggestions.
    let mut answers =
        String::from("format: mspcheck/answers/1\nquestionnaire: msp\nprovider: P\nanswers:\n");
    for index in 0..200 {
        answers.push_str(&format!(
            "  ? {}{index:03}\n  : yes\n",
            "billing.model".repeat(3_000)
        ));
    }
    cases.push(IssueCase {
        name: "8 MB answers, 200 long unknown ids",
        files: vec![("a.yaml", answers)],
        args: vec!["validate", "a.yaml"],
        input: None,
        expect: Some("unknown-question"),
    });
    let mut questions = String::new();
    for index in 0..10_000 {
        questions.push_str(&format!(
            "  - {{id: q{index}, domain: dom{index:05}, text: Q, kind: yes_no}}\n"
        ));
    }
    cases.push(IssueCase {
        name: "10,000 unknown domain names",
        files: vec![("q.yaml", questionnaire_with(&questions, rules))],
        args: vec!["validate", "q.yaml"],
        input: None,
        expect: Some("unknown-domain"),
    });
    let signals: Vec<String> = (0..20_000)
        .map(|index| format!("signal{index:05}"))
        .collect();
    cases.push(IssueCase {
        name: "a rule naming 20,000 unknown signals",
        files: vec![(
            "q.yaml",
            questionnaire_with(
                one,
                &format!(
                    "classification: {{rules: [{{class: pseudo, if: {{signals_any: [{}]}}}}, {{class: amateur, if: {{}}}}]}}\n",
                    signals.join(", ")
                ),
            ),
        )],
        args: vec!["validate", "q.yaml"],
        input: None,
        expect: Some("unknown-signal"),
    });
    let values: Vec<String> = (0..30_000)
        .map(|index| format!("value{index:05}"))
        .collect();
    cases.push(IssueCase {
        name: "`when.in` of 30,000 impossible values",
        files: vec![(
            "q.yaml",
            questionnaire_with(
                &format!(
                    "{one}  - {{id: q1, domain: d, text: Q, kind: yes_no, when: {{question: q0, in: [{}]}}}}\n",
                    values.join(", ")
                ),
                rules,
            ),
        )],
        args: vec!["validate", "q.yaml"],
        input: None,
        expect: Some("invalid-when"),
    });
    let mut long_ids = String::new();
    for index in 0..300 {
        long_ids.push_str(&format!(
            "  - {{id: {}{index:03}, domain: d, text: Q, kind: yes_no}}\n",
            "q".repeat(297)
        ));
    }
    let mut answers =
        String::from("format: mspcheck/answers/1\nquestionnaire: q.yaml\nprovider: P\nanswers:\n");
    for index in 0..200 {
        answers.push_str(&format!("  {}{index:03}: yes\n", "x".repeat(297)));
    }
    cases.push(IssueCase {
        name: "62 KB answers vs 300-character ids",
        files: vec![
            ("q.yaml", questionnaire_with(&long_ids, rules)),
            ("a.yaml", answers),
        ],
        args: vec!["validate", "a.yaml"],
        input: None,
        expect: Some("unknown-question"),
    });
    // 8: wrapping.
    for (name, size) in [
        ("show, 200,000-character question", 200_000),
        ("show, 1 MB question", 1_000_000),
    ] {
        cases.push(IssueCase {
            name,
            files: vec![(
                "q.yaml",
                questionnaire_with(
                    &format!(
                        "  - {{id: q0, domain: d, text: {}, kind: yes_no}}\n",
                        "w".repeat(size)
                    ),
                    rules,
                ),
            )],
            args: vec!["show", "q.yaml", "--format", "table"],
            input: None,
            expect: None,
        });
    }
    let long_provider = format!(
        "format: mspcheck/answers/1\nquestionnaire: quick\nprovider: {}\n",
        "p".repeat(300_000)
    );
    cases.push(IssueCase {
        name: "compare table, 300 KB provider",
        files: vec![("a.yaml", long_provider.clone()), ("b.yaml", long_provider)],
        args: vec!["compare", "a.yaml", "b.yaml", "--format", "table"],
        input: None,
        expect: None,
    });
    // 9: interview input.
    cases.push(IssueCase {
        name: "interview --plain, 200 MB line",
        files: vec![("q.yaml", questionnaire_with(one, rules))],
        args: vec![
            "interview",
            "q.yaml",
            "--plain",
            "--provider",
            "P",
            "-o",
            "out.yaml",
        ],
        input: Some(Input {
            prefix: b"\n\n\n".to_vec(),
            filler: 200 * 1024 * 1024,
        }),
        expect: Some("too-long"),
    });
    cases
}

/// A bracketed paste of `size` characters into the first typed prompt of a terminal
/// interview (the provider), in a 100×40 pseudo-terminal: seconds from the paste until the
/// prompt has dealt with it (taken it and moved on on Enter, or refused it, saying so), the
/// child's peak resident KiB, and whether it did.
#[cfg(unix)]
fn measure_paste(size: usize) -> (f64, i64, bool) {
    use rexpect::session::{spawn_with_options, Options};
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(
        folder.path().join("q.yaml"),
        questionnaire_with(
            "  - {id: q0, domain: d, text: Q, kind: yes_no}\n",
            "classification: {rules: [{class: amateur, if: {}}]}\n",
        ),
    )
    .unwrap();
    let mut command = Command::new("sh");
    command
        .arg("-c")
        // The shell's pid becomes the interview's with `exec`: kept to read its peak memory.
        .arg("echo $$ > pid && stty cols 100 rows 40 && exec \"$0\" interview q.yaml -o out.yaml")
        .arg(env!("CARGO_BIN_EXE_mspcheck"))
        .current_dir(folder.path())
        .env("NO_COLOR", "1")
        .env("TERM", "xterm");
    // The timeout only guards against a hang; the figure is the time measured here.
    let mut session = spawn_with_options(
        command,
        Options::new()
            .timeout_ms(Some(600_000))
            .strip_ansi_escape_codes(true),
    )
    .unwrap();
    session.exp_string("Provider (who is assessed)").unwrap();
    let started = Instant::now();
    session
        .send(&format!("\x1b[200~{}\x1b[201~", "x".repeat(size)))
        .unwrap();
    session.flush().unwrap();
    let done = if size > 10_000 {
        session.exp_string("the pasted text is").is_ok()
    } else {
        // Enter once the paste is shown, as a person would: crossterm may leave bytes that
        // arrive with the paste unread until the next key.
        let _ = session.exp_string(&"x".repeat(40));
        session.send("\r").unwrap();
        session.flush().unwrap();
        session.exp_string("Assessor").is_ok()
    };
    let seconds = started.elapsed().as_secs_f64();
    let pid = std::fs::read_to_string(folder.path().join("pid")).unwrap_or_default();
    let peak_kib = std::fs::read_to_string(format!("/proc/{}/status", pid.trim()))
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|line| line.strip_prefix("VmHWM:"))
                .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0);
    let _ = session
        .process_mut()
        .signal(rexpect::process::Signal::SIGKILL);
    let _ = session.process().wait();
    (seconds, peak_kib, done)
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
    for case in issue_cases() {
        let case_folder = tempfile::tempdir().unwrap();
        for (name, text) in &case.files {
            std::fs::write(case_folder.path().join(name), text).unwrap();
        }
        let (seconds, peak_kib, exit, stderr) =
            measure_command(case_folder.path(), &case.args, case.input.as_ref());
        let as_expected = match case.expect {
            Some(code) => exit == 2 && stderr.contains(&format!("[{code}]")),
            None => exit == 0,
        };
        // Whole commands on a shared machine: 2 s (the issue measured 5 s to over 12 minutes).
        let ok = as_expected && seconds < 2.0 && peak_kib < 100 * 1024;
        failed |= !ok;
        println!(
            "{:<38} {:>7.1}ms {:>8.1}MiB  {}",
            case.name,
            seconds * 1e3,
            peak_kib as f64 / 1024.0,
            match (ok, case.expect) {
                (true, Some(code)) => format!("refused [{code}]"),
                (true, None) => "done".to_string(),
                (false, _) => format!(
                    "FAILED (exit {exit}): {}",
                    stderr.lines().next().unwrap_or("")
                ),
            }
        );
    }
    #[cfg(unix)]
    for (name, size) in [
        ("terminal paste, 9,000 characters (taken)", 9_000),
        ("terminal paste, 16,000 characters (refused)", 16_000),
        ("terminal paste, 210,000 characters (refused)", 210_000),
    ] {
        let (seconds, peak_kib, done) = measure_paste(size);
        let ok = done && seconds < 2.0 && peak_kib < 100 * 1024;
        failed |= !ok;
        println!(
            "{name:<38} {:>7.1}ms {:>8.1}MiB  {}",
            seconds * 1e3,
            peak_kib as f64 / 1024.0,
            if ok { "done" } else { "FAILED" }
        );
    }
    if failed {
        eprintln!("a hostile input was not handled within its time and memory target");
        std::process::exit(1);
    }
}
