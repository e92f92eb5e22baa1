//! The second hardening round (issue 11): nothing lost, nothing hung, nothing injected.
//! Each test names the defect it pins; each failed on the code before the fix.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use crate::support::{fixture, run_in, run_with_input, Run};

/// A folder holding the hardening questionnaire `q.yaml` and answers `a.yaml`.
fn workspace() -> tempfile::TempDir {
    let folder = tempfile::tempdir().expect("a temporary folder");
    for name in ["q.yaml", "a.yaml"] {
        std::fs::copy(
            fixture(&format!("fixtures/hardening/{name}")),
            folder.path().join(name),
        )
        .expect("copy a fixture");
    }
    folder
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

fn binary() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_mspcheck"));
    command.env("NO_COLOR", "1").env_remove("COLUMNS");
    command
}

// Item 1: every file read in a run is an input.
#[test]
fn output_never_replaces_the_questionnaire_an_answers_file_names() {
    let folder = workspace();
    let before = read(&folder.path().join("q.yaml"));
    for args in [
        vec!["assess", "a.yaml", "--output", "q.yaml"],
        vec!["assess", "a.yaml", "-q", "q.yaml", "--output", "q.yaml"],
        vec!["assess", "a.yaml", "-q", "./q.yaml", "--output", "q.yaml"],
        vec!["compare", "a.yaml", "a.yaml", "--output", "q.yaml"],
        vec!["diff", "a.yaml", "a.yaml", "--output", "q.yaml"],
    ] {
        let run = run_in(folder.path(), &args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("[output-is-input]"),
            "{args:?}: {}",
            run.stderr
        );
        assert_eq!(read(&folder.path().join("q.yaml")), before, "{args:?}");
    }
}

// Item 2: symlinks, devices, modes, folders, no temporary path.
#[cfg(unix)]
#[test]
fn output_writes_through_symlinks_keeps_modes_and_writes_devices_in_place() {
    use std::os::unix::fs::PermissionsExt;
    let folder = workspace();
    let real = folder.path().join("real.json");
    std::fs::write(&real, "old").unwrap();
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::os::unix::fs::symlink("real.json", folder.path().join("link.json")).unwrap();
    let run = run_in(
        folder.path(),
        &["assess", "a.yaml", "--output", "link.json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(std::fs::symlink_metadata(folder.path().join("link.json"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(read(&real).contains("\"classification\""));
    assert_eq!(
        std::fs::metadata(&real).unwrap().permissions().mode() & 0o777,
        0o644
    );

    let run = run_in(
        folder.path(),
        &[
            "assess", "a.yaml", "--output", "new.html", "--format", "html",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    std::fs::File::create(folder.path().join("probe")).unwrap();
    let usual = std::fs::metadata(folder.path().join("probe"))
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    let mode = std::fs::metadata(folder.path().join("new.html"))
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(
        mode, usual,
        "a new report gets 0666 less the umask, not 0600"
    );

    let run = run_in(
        folder.path(),
        &["assess", "a.yaml", "--output", "/dev/null"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(std::fs::metadata("/dev/null")
        .unwrap()
        .file_type()
        .is_char_device_like());

    let run = run_in(
        folder.path(),
        &["assess", "a.yaml", "--output", "/dev/full"],
    );
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(!run.stderr.contains(".tmp"), "{}", run.stderr);
    assert!(run.stderr.contains("No space left"), "{}", run.stderr);

    let output = binary()
        .args([
            "assess",
            "a.yaml",
            "--format",
            "json",
            "--output",
            "/dev/stdout",
        ])
        .current_dir(folder.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&output.stdout).contains("\"classification\""));

    std::fs::create_dir(folder.path().join("out")).unwrap();
    let run = run_in(folder.path(), &["assess", "a.yaml", "--output", "out/"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("is a folder"), "{}", run.stderr);
    assert!(!run.stderr.contains("Not a directory"), "{}", run.stderr);
    let leftovers: Vec<_> = std::fs::read_dir(folder.path())
        .unwrap()
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

trait CharDevice {
    fn is_char_device_like(&self) -> bool;
}

#[cfg(unix)]
impl CharDevice for std::fs::FileType {
    fn is_char_device_like(&self) -> bool {
        use std::os::unix::fs::FileTypeExt;
        self.is_char_device()
    }
}

// Item 2: an unwritable folder is found before the first question.
#[test]
fn interview_finds_an_unwritable_folder_before_the_first_question() {
    let folder = workspace();
    let run = run_with_input(
        folder.path(),
        &[
            "interview",
            "q.yaml",
            "--plain",
            "--provider",
            "P",
            "-o",
            "/proc/mspcheck-a.yaml",
        ],
        Some(b"\n\n\nyes\n"),
    );
    assert_eq!(run.code, 3, "{}\n{}", run.stdout, run.stderr);
    assert!(!run.stdout.contains("MFA everywhere?"), "{}", run.stdout);
    assert!(run.stderr.contains("nothing was asked"), "{}", run.stderr);
}

/// Starts a `--plain` interview of `q.yaml` saving to `a2.yaml` in `folder`.
fn start_interview(folder: &Path, extra: &[&str]) -> std::process::Child {
    binary()
        .args([
            "interview",
            "q.yaml",
            "--plain",
            "--provider",
            "P",
            "-o",
            "a2.yaml",
        ])
        .args(extra)
        .current_dir(folder)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn wait_for(path: &Path, text: &str) {
    for _ in 0..400 {
        if std::fs::read_to_string(path).is_ok_and(|content| content.contains(text)) {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
    panic!("`{}` never held {text:?}", path.display());
}

// Item 3: a second interview on the same file is refused.
#[test]
fn a_second_interview_on_one_file_is_refused() {
    let folder = workspace();
    let mut first = start_interview(folder.path(), &[]);
    let mut stdin = first.stdin.take().unwrap();
    stdin.write_all(b"\n\n\nyes\n").unwrap();
    let target = folder.path().join("a2.yaml");
    wait_for(&target, "q.mfa: yes");
    let second = run_with_input(
        folder.path(),
        &[
            "interview",
            "q.yaml",
            "--plain",
            "--provider",
            "P",
            "-o",
            "a2.yaml",
        ],
        Some(b"no\n"),
    );
    assert_eq!(second.code, 2, "{}", second.stderr);
    assert!(second.stderr.contains("[file-in-use]"), "{}", second.stderr);
    drop(stdin);
    let status = first.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    assert!(read(&target).contains("q.mfa: yes"));
    assert!(
        !folder.path().join(".a2.yaml.lock").exists(),
        "the lock file is removed"
    );
}

// Item 3: a file changed underneath is not overwritten.
#[test]
fn an_interview_never_overwrites_a_file_changed_underneath() {
    let folder = workspace();
    let mut child = start_interview(folder.path(), &[]);
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"\n\n\nyes\n").unwrap();
    let target = folder.path().join("a2.yaml");
    wait_for(&target, "q.mfa: yes");
    let edited = format!("{}# edited by hand\n", read(&target));
    std::fs::write(&target, &edited).unwrap();
    stdin.write_all(b"2\n").unwrap();
    drop(stdin);
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("[file-changed]"), "{stderr}");
    assert_eq!(read(&target), edited);
}

// Item 4: a note is saved as soon as it is entered.
#[test]
fn a_note_is_saved_before_the_verified_prompt() {
    let folder = workspace();
    let mut child = start_interview(folder.path(), &["--details"]);
    let mut stdin = child.stdin.take().unwrap();
    stdin
        .write_all(b"\n\n\nyes\nSeen the MFA report\n")
        .unwrap();
    let target = folder.path().join("a2.yaml");
    wait_for(&target, "Seen the MFA report");
    // Killed at the evidence prompt: the note is already in the file.
    child.kill().unwrap();
    let _ = child.wait();
    let text = read(&target);
    assert!(text.contains("note: Seen the MFA report"), "{text}");
}

// Item 9: a huge line is refused without being kept, and the file stays readable.
#[test]
fn a_huge_interview_line_is_refused_and_the_file_stays_valid() {
    let folder = workspace();
    let mut input = b"\n\n\nyes\n".to_vec();
    input.extend(std::iter::repeat_n(b'x', 3_000_000));
    input.push(b'\n');
    let run = run_with_input(
        folder.path(),
        &[
            "interview",
            "q.yaml",
            "--plain",
            "--details",
            "--provider",
            "P",
            "-o",
            "a2.yaml",
        ],
        Some(&input),
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("[too-long]"), "{}", run.stderr);
    let check = run_in(folder.path(), &["validate", "a2.yaml"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
}

// Item 5: strings every YAML reader reads back the same, across saves.
#[test]
fn line_separators_survive_interview_saves_for_any_yaml_reader() {
    let folder = workspace();
    let provider = "Acme\u{2028}provider: injected\u{2029}x";
    let note = "seen\u{2028}  q.patch: 4\u{85}end";
    let input = format!("\n\n\nyes\n{note}\n\n\n.\n");
    let args = [
        "interview",
        "q.yaml",
        "--plain",
        "--details",
        "--provider",
        provider,
        "-o",
        "a2.yaml",
    ];
    let run = run_with_input(folder.path(), &args, Some(input.as_bytes()));
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let first = read(&folder.path().join("a2.yaml"));
    // Resumed and saved again (a changed answer): the text must not drift.
    let run = run_with_input(folder.path(), &args, Some(b"<\nyes\n\n\n\n.\n"));
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let second = read(&folder.path().join("a2.yaml"));
    assert_eq!(first, second);
    let parsed = python_yaml(&folder.path().join("a2.yaml"));
    assert_eq!(parsed["provider"], provider, "{first}");
    assert_eq!(parsed["answers"]["q.mfa"]["note"], note, "{first}");
    assert!(parsed.get("q.patch").is_none());
}

#[test]
fn template_comments_hide_no_yaml_from_a_yaml_1_1_reader() {
    let folder = workspace();
    let questionnaire = read(&folder.path().join("q.yaml")).replace(
        "text: MFA everywhere?",
        "text: \"MFA?\\Lprovider: injected\\Lq.mfa: yes\"",
    );
    std::fs::write(folder.path().join("q.yaml"), questionnaire).unwrap();
    let run = run_in(folder.path(), &["template", "q.yaml", "--output", "t.yaml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let parsed = python_yaml(&folder.path().join("t.yaml"));
    assert!(
        parsed
            .get("provider")
            .is_none_or(|provider| provider != "injected"),
        "{parsed}"
    );
    assert!(
        parsed
            .get("answers")
            .is_none_or(|answers| answers.get("q.mfa").is_none_or(serde_json::Value::is_null)),
        "{parsed}"
    );
}

/// The file as PyYAML (a YAML 1.1 reader, unlike mspcheck's own) reads it, as JSON.
fn python_yaml(path: &Path) -> serde_json::Value {
    let output = Command::new("python3")
        .args([
            "-c",
            "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1], encoding='utf-8')), default=str))",
        ])
        .arg(path)
        .output()
        .expect("python3 with PyYAML runs (see .ci/test)");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

// Items 10 and 11: numbers bounded in validation, located; no inf or NaN.
#[test]
fn numbers_outside_their_bounds_are_located_errors() {
    let folder = workspace();
    let base = read(&folder.path().join("q.yaml"));
    for (from, to, expect) in [
        (
            "scale: {min: 0, max: 4}",
            "scale: {min: -5000000000000000000, max: 5000000000000000000}",
            "scale min -5000000000000000000 is outside",
        ),
        (
            "weight: 1}",
            "weight: 1e307}",
            "weight 1e307 is outside the weights taken",
        ),
        ("weight: 1}", "weight: 1e308}", "weight 1e308 is outside"),
        ("weight: 1}", "weight: 1e-320}", "weight 1e-320 is outside"),
        (
            "weight: 1}",
            "weight: 1e400}",
            "weight inf must be a number greater than 0",
        ),
        (
            "weight: 1}",
            "weight: -1e-300}",
            "weight -1e-300 must be a number greater than 0",
        ),
    ] {
        std::fs::write(folder.path().join("q.yaml"), base.replace(from, to)).unwrap();
        for command in ["validate", "assess"] {
            let file = if command == "validate" {
                "q.yaml"
            } else {
                "a.yaml"
            };
            let run = run_in(folder.path(), &[command, file]);
            assert_eq!(run.code, 2, "{to}: {}", run.stderr);
            assert!(run.stderr.contains(expect), "{to}: {}", run.stderr);
            assert!(run.stderr.contains("q.yaml:"), "located: {}", run.stderr);
            assert!(!run.stderr.contains("found text"), "{}", run.stderr);
            assert!(
                run.stdout.is_empty() || !run.stdout.contains("inf"),
                "{}",
                run.stdout
            );
        }
    }
}

// Item 12: every write checked.
#[test]
fn write_errors_fail_and_closed_pipes_end_quietly() {
    let full = || {
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap()
    };
    for args in [
        vec!["--help"],
        vec!["completions", "bash"],
        vec!["list"],
        vec!["man"],
    ] {
        let output = binary().args(&args).stdout(full()).output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(3),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    // A diagnostic on a full standard error: no panic.
    let output = binary()
        .args(["validate", "missing.yaml"])
        .stderr(full())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    for args in [
        vec!["show", "msp", "--format", "json"],
        vec!["list", "--format", "json"],
        vec!["completions", "zsh"],
        vec!["show", "msp"],
        vec!["assess", "examples/mature-msp.yaml", "--format", "json"],
    ] {
        let mut child = binary()
            .args(&args)
            .current_dir(crate::support::root())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(0), "{args:?}: {stderr}");
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
    }
}

// Items 14 to 16: injection and spoofing.
#[test]
fn csv_formulas_hidden_behind_controls_are_neutralised() {
    let folder = workspace();
    for provider in [
        "\\x01=HYPERLINK(\\\"http://x\\\")",
        "\\x7F=1+1",
        "\\u0085=1",
        "\\u200B@SUM(A1)",
    ] {
        let answers = read(&folder.path().join("a.yaml"))
            .replace("provider: Acme", &format!("provider: \"{provider}\""));
        std::fs::write(folder.path().join("b.yaml"), answers).unwrap();
        let run = run_in(folder.path(), &["assess", "b.yaml", "--format", "csv"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let row = run.stdout.lines().nth(1).unwrap();
        assert!(
            row.starts_with("'") || row.starts_with("\"'"),
            "{provider}: {row}"
        );
    }
}

#[test]
fn validate_shows_file_names_with_controls_made_visible() {
    let folder = workspace();
    let name = "a\nforged.yaml: ok\u{202e}.yaml";
    std::fs::copy(folder.path().join("a.yaml"), folder.path().join(name)).unwrap();
    let run = run_in(folder.path(), &["validate", name]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.lines().count(), 1, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("a\\u{000a}forged.yaml: ok\\u{202e}.yaml: ok"),
        "{}",
        run.stdout
    );
}

#[test]
fn bidi_and_invisible_characters_are_dropped_in_every_format() {
    let folder = workspace();
    let answers = read(&folder.path().join("a.yaml")).replace(
        "provider: Acme",
        "provider: \"Acme \\u202Eerutam\\u200B\\u061C\\u2066x\\u2028y\"",
    );
    std::fs::write(folder.path().join("b.yaml"), answers).unwrap();
    for format in ["table", "markdown", "html", "csv"] {
        let run = run_in(folder.path(), &["assess", "b.yaml", "--format", format]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        for hidden in ['\u{202e}', '\u{200b}', '\u{61c}', '\u{2066}', '\u{2028}'] {
            assert!(!run.stdout.contains(hidden), "{format} keeps {hidden:?}");
        }
        assert!(
            run.stdout.contains("Acme erutam"),
            "{format}: {}",
            run.stdout
        );
    }
}

#[test]
fn did_you_mean_never_suggests_a_look_alike() {
    let folder = workspace();
    let answers = read(&folder.path().join("a.yaml")).replace("q.mfa: yes", "q.mf\u{0430}: yes");
    std::fs::write(folder.path().join("b.yaml"), answers).unwrap();
    let run = run_in(folder.path(), &["validate", "b.yaml"]);
    assert_eq!(run.code, 2);
    assert!(
        !run.stderr.contains("did you mean `q.mfa`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("only looks like `q.mfa`"),
        "{}",
        run.stderr
    );
}

// Item 17: messages that misled.
#[test]
fn messages_say_what_is_wrong() {
    let folder = workspace();
    // The misfit error has its own code.
    let run = run_in(folder.path(), &["validate", "a.yaml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // A 2,000-character key is an unknown key, not a YAML syntax riddle.
    let answers = format!(
        "{}  {}: yes\n",
        read(&folder.path().join("a.yaml")),
        "k".repeat(2_000)
    );
    std::fs::write(folder.path().join("b.yaml"), answers).unwrap();
    let run = run_in(folder.path(), &["validate", "b.yaml"]);
    assert_eq!(run.code, 2);
    assert!(
        !run.stderr.contains("mapping values are not allowed"),
        "{}",
        run.stderr
    );
    // `@` in a path is not a version pin.
    std::fs::create_dir(folder.path().join("user@example.com")).unwrap();
    std::fs::copy(
        folder.path().join("q.yaml"),
        folder.path().join("user@example.com/my@audit.yaml"),
    )
    .unwrap();
    let run = run_in(
        folder.path(),
        &[
            "assess",
            "a.yaml",
            "-q",
            "./user@example.com/my@audit.yaml",
            "--format",
            "json",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    // `-q -` reads the questionnaire from standard input.
    let run = run_with_input(
        folder.path(),
        &["assess", "a.yaml", "-q", "-", "--format", "json"],
        Some(read(&folder.path().join("q.yaml")).as_bytes()),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    // An oversized questionnaire is reported with the answers file that names it.
    let big = format!(
        "{}#{}\n",
        read(&folder.path().join("q.yaml")),
        "x".repeat(9 * 1024 * 1024)
    );
    std::fs::write(folder.path().join("q.yaml"), big).unwrap();
    let run: Run = run_in(folder.path(), &["assess", "a.yaml"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("a.yaml:2:"), "{}", run.stderr);
}

// Item 17: a bad header field is one problem among the others, never one that hides them.
#[test]
fn a_bad_header_field_is_reported_with_every_answer_problem_in_file_order() {
    let folder = tempfile::tempdir().unwrap();
    let example = read(&crate::support::root().join("examples/quick-pseudo.yaml"));
    let broken = example
        .replacen("\ndate: 2026-11-16\n", "\ndate: 2026-13-45\n", 1)
        .replacen(
            "  mfa.provider_access: all_app\n",
            "  mfa.nonexistent: all_app\n",
            1,
        )
        .replacen(
            "  mfa.your_users: admins_only\n",
            "  mfa.your_users: admins_onyl\n",
            1,
        );
    assert_ne!(broken, example);
    std::fs::write(folder.path().join("a.yaml"), &broken).unwrap();
    let line_of = |needle: &str| {
        broken
            .lines()
            .position(|line| line.starts_with(needle))
            .unwrap()
            + 1
    };
    let expected = [
        format!(
            "a.yaml:{}:7: error: `2026-13-45` is not a date [wrong-type]",
            line_of("date:")
        ),
        format!(
            "a.yaml:{}:3: error: unknown question `mfa.nonexistent`",
            line_of("  mfa.nonexistent:")
        ),
        format!(
            "a.yaml:{}:19: error: `admins_onyl` is not an answer to `mfa.your_users`",
            line_of("  mfa.your_users:")
        ),
    ];
    for command in ["validate", "assess"] {
        let run = run_in(folder.path(), &[command, "a.yaml"]);
        assert_eq!(run.code, 2, "{command}: {}", run.stderr);
        let errors: Vec<&str> = run
            .stderr
            .lines()
            .filter(|line| line.contains(": error: "))
            .collect();
        assert_eq!(errors.len(), expected.len(), "{command}: {}", run.stderr);
        for (error, wanted) in errors.iter().zip(&expected) {
            assert!(
                error.starts_with(wanted.as_str()),
                "{command}: {error:?} is not {wanted:?}"
            );
        }
    }

    // Every header field at once: each is reported, the answers' problems beside them.
    let header = "format: mspcheck/answers/1\nquestionnaire: quick\nprovidr: x\nperspective: boss\n\
                  date: [2026]\nassessor: {name: x}\nclient: {sector: banks}\nanswers:\n  mfa.nonexistent: yes\n";
    std::fs::write(folder.path().join("h.yaml"), header).unwrap();
    let run = run_in(folder.path(), &["validate", "h.yaml"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    for wanted in [
        "h.yaml:1:1: error: missing required key `provider` [missing-field]",
        "h.yaml:3:1: error: unknown key `providr` [unknown-key]",
        "h.yaml:4:14: error: `boss` is not a valid `perspective` [value-not-allowed]",
        "h.yaml:5:7: error: `date` must be a date, found a list [wrong-type]",
        "h.yaml:6:11: error: wrong type",
        "h.yaml:7:18: error: `banks` is not a valid `sector` [value-not-allowed]",
        "h.yaml:9:3: error: unknown question `mfa.nonexistent`",
    ] {
        assert!(
            run.stderr.contains(wanted),
            "no {wanted:?} in\n{}",
            run.stderr
        );
    }

    // The interview refuses to resume such a file, listing every problem of it, and
    // leaves it as it was.
    let run = run_with_input(
        folder.path(),
        &[
            "interview",
            "quick",
            "--plain",
            "--output",
            "a.yaml",
            "--provider",
            "P",
        ],
        Some(b""),
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    for wanted in &expected {
        assert!(
            run.stderr.contains(wanted.as_str()),
            "no {wanted:?} in\n{}",
            run.stderr
        );
    }
    assert!(
        run.stderr.contains("refusing to overwrite it"),
        "{}",
        run.stderr
    );
    assert_eq!(read(&folder.path().join("a.yaml")), broken);
}

// Item 18: what fuzzing found. The `load` target timed out (5 s) on this mutated `msp`
// questionnaire under the old suggestion code; it must be refused, every problem located.
#[test]
fn fuzz_finds_stay_fixed() {
    let run = crate::support::run(&["validate", "tests/fixtures/fuzz/load-timeout-1.yaml"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .lines()
            .filter(|line| line.contains("error:"))
            .all(|line| line.starts_with("tests/fixtures/fuzz/load-timeout-1.yaml:")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `signals`?"),
        "{}",
        run.stderr
    );
}
