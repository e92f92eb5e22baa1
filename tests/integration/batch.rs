//! Batches: folders as arguments, `--keep-going`, who falls below `--require`, `--quiet`,
//! and `-` (standard input) wherever a file is read.

use serde_json::Value;

use super::support::{root, run_in, run_with_input};

/// A folder of audits: three valid answers files (one in a subfolder), one broken, a
/// questionnaire and a note that are not answers files.
fn audits() -> tempfile::TempDir {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path();
    std::fs::create_dir_all(path.join("2026")).unwrap();
    for (from, to) in [
        ("examples/quick-mature.yaml", "a-mature.yaml"),
        ("examples/quick-pseudo.yaml", "b-pseudo.yaml"),
        ("examples/quick-amateur.yaml", "2026/c-amateur.yaml"),
    ] {
        std::fs::copy(root().join(from), path.join(to)).unwrap();
    }
    std::fs::write(
        path.join("broken.yaml"),
        "format: mspcheck/answers/1\nquestionnaire: quick\nprovider: Broken\nanswers:\n  billing.model: weekly\n",
    )
    .unwrap();
    std::fs::copy(
        root().join("questionnaires/quick.yaml"),
        path.join("q.yaml"),
    )
    .unwrap();
    std::fs::write(path.join("notes.md"), "not YAML").unwrap();
    folder
}

#[test]
fn a_folder_stands_for_its_answers_files_and_one_bad_file_aborts_without_keep_going() {
    let folder = audits();
    let result = run_in(folder.path(), &["assess", "--format", "json", "."]);
    assert_eq!(result.code, 2, "{}", result.stderr);
    assert!(result.stdout.is_empty(), "no report: {}", result.stdout);
    assert!(
        result.stderr.contains("broken.yaml:5:18: error: `weekly`"),
        "{}",
        result.stderr
    );
}

#[test]
fn keep_going_reports_the_valid_files_and_exits_2_at_the_end() {
    let folder = audits();
    let result = run_in(
        folder.path(),
        &["assess", "--format", "json", "--keep-going", "."],
    );
    assert_eq!(result.code, 2, "{}", result.stderr);
    let reports: Value = serde_json::from_str(&result.stdout).expect("a JSON array");
    let providers: Vec<&str> = reports
        .as_array()
        .unwrap()
        .iter()
        .map(|report| report["provider"].as_str().unwrap())
        .collect();
    assert_eq!(
        providers,
        [
            "Ace PC Repair & IT",
            "Harbourview Managed IT",
            "QuickFix Networks Ltd"
        ],
        "sorted by path: 2026/c, a, b; the questionnaire and the note are not answers files"
    );
    assert!(
        result.stderr.contains("broken.yaml:5:18: error:"),
        "{}",
        result.stderr
    );
    assert!(
        result
            .stderr
            .contains("1 of 4 answers files could not be assessed"),
        "{}",
        result.stderr
    );
    // compare goes on the same way.
    let compared = run_in(
        folder.path(),
        &["compare", "--format", "json", "--keep-going", "."],
    );
    assert_eq!(compared.code, 2, "{}", compared.stderr);
    let comparison: Value = serde_json::from_str(&compared.stdout).unwrap();
    assert_eq!(comparison["providers"].as_array().unwrap().len(), 3);
}

#[test]
fn require_names_every_provider_below_it_on_stderr() {
    let folder = audits();
    std::fs::remove_file(folder.path().join("broken.yaml")).unwrap();
    let result = run_in(
        folder.path(),
        &["assess", "--format", "csv", "--require", "mature", "."],
    );
    assert_eq!(result.code, 1);
    let lines: Vec<&str> = result.stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{}", result.stderr);
    assert!(
        lines[0].starts_with(
            "./2026/c-amateur.yaml: Ace PC Repair & IT is amateur, below the required mature"
        ),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].starts_with(
            "./b-pseudo.yaml: QuickFix Networks Ltd is pseudo, below the required mature"
        ),
        "{}",
        lines[1]
    );
    // --quiet: no report, no lines, only the exit code.
    let quiet = run_in(
        folder.path(),
        &["assess", "--quiet", "--require", "mature", "."],
    );
    assert_eq!(quiet.code, 1);
    assert!(
        quiet.stdout.is_empty() && quiet.stderr.is_empty(),
        "{quiet:?}",
        quiet = quiet.stderr
    );
    let met = run_in(
        folder.path(),
        &["assess", "--quiet", "--require", "amateur", "."],
    );
    assert_eq!(met.code, 0);
    assert!(met.stdout.is_empty());
    // --quiet still writes --output.
    let written = run_in(
        folder.path(),
        &["assess", "--quiet", "-o", "out.json", "a-mature.yaml"],
    );
    assert_eq!(written.code, 0, "{}", written.stderr);
    assert!(folder.path().join("out.json").is_file());
}

#[test]
fn validate_takes_folders_and_quiet_prints_only_problems() {
    let folder = audits();
    let result = run_in(folder.path(), &["validate", "."]);
    assert_eq!(result.code, 2);
    assert_eq!(
        result.stdout.lines().count(),
        4,
        "an ok line for 3 answers files and the questionnaire:\n{}",
        result.stdout
    );
    let quiet = run_in(folder.path(), &["validate", "--quiet", "."]);
    assert_eq!(quiet.code, 2);
    assert!(quiet.stdout.is_empty());
    assert!(
        quiet.stderr.contains("broken.yaml:5:18"),
        "{}",
        quiet.stderr
    );
    let empty = tempfile::tempdir().unwrap();
    let none = run_in(empty.path(), &["assess", "."]);
    assert_eq!(none.code, 2);
    assert!(
        none.stderr
            .contains("holds no file with `format: mspcheck/answers/1`"),
        "{}",
        none.stderr
    );
}

#[test]
fn dash_reads_standard_input_wherever_a_file_is_read() {
    let questionnaire = std::fs::read(root().join("questionnaires/quick.yaml")).unwrap();
    let answers = std::fs::read(root().join("examples/quick-pseudo.yaml")).unwrap();
    let show = run_with_input(&root(), &["show", "-"], Some(&questionnaire));
    assert_eq!(show.code, 0, "{}", show.stderr);
    assert!(
        show.stdout.starts_with("Quick MSP check"),
        "{}",
        show.stdout
    );
    let template = run_with_input(&root(), &["template", "-"], Some(&questionnaire));
    assert_eq!(template.code, 0, "{}", template.stderr);
    assert!(template.stdout.contains("questionnaire: \"quick@2.2.0\""));
    assert!(
        template.stderr.contains("came from standard input"),
        "{}",
        template.stderr
    );
    let assessed = run_with_input(
        &root(),
        &[
            "assess",
            "-f",
            "json",
            "-q",
            "-",
            "examples/quick-pseudo.yaml",
        ],
        Some(&questionnaire),
    );
    assert_eq!(assessed.code, 0, "{}", assessed.stderr);
    let report: Value = serde_json::from_str(&assessed.stdout).unwrap();
    assert_eq!(report["provider"], "QuickFix Networks Ltd");
    let piped = run_with_input(&root(), &["assess", "-f", "json", "-"], Some(&answers));
    assert_eq!(piped.code, 0, "{}", piped.stderr);
    // Standard input can be read once: a second `-` is refused up front, not "empty".
    for args in [
        vec!["assess", "-", "-"],
        vec!["assess", "-q", "-", "-"],
        vec!["compare", "-", "-"],
    ] {
        let twice = run_with_input(&root(), &args, Some(&answers));
        assert_eq!(twice.code, 2, "{args:?}");
        assert!(
            twice.stderr.contains("can be read only once"),
            "{args:?}: {}",
            twice.stderr
        );
        assert!(!twice.stderr.contains("empty"), "{}", twice.stderr);
    }
    let interview = run_with_input(
        &root(),
        &["interview", "-", "--plain", "-o", "/dev/null"],
        Some(&questionnaire),
    );
    assert_eq!(interview.code, 2);
    assert!(
        interview
            .stderr
            .contains("cannot read its questionnaire from standard input"),
        "{}",
        interview.stderr
    );
}

#[test]
fn validate_warns_about_answers_to_questions_that_do_not_apply() {
    let folder = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("tests/fixtures/interview/small.yaml"),
        folder.path().join("small.yaml"),
    )
    .unwrap();
    std::fs::write(
        folder.path().join("a.yaml"),
        "format: mspcheck/answers/1\nquestionnaire: small.yaml\nprovider: P\nanswers:\n  billing.model: flat\n  billing.hours_capped: yes\n",
    )
    .unwrap();
    let result = run_in(folder.path(), &["validate", "a.yaml"]);
    assert_eq!(result.code, 0, "a warning, not an error: {}", result.stderr);
    assert!(
        result.stderr.contains(
            "a.yaml:6:3: warning: `billing.hours_capped` does not apply to these answers (it is asked only when `billing.model` is `hourly`), so its answer is not counted [answer-not-applicable]"
        ),
        "{}",
        result.stderr
    );
}

#[test]
fn an_override_of_a_pinned_version_is_warned_about() {
    let folder = tempfile::tempdir().unwrap();
    let quick = std::fs::read_to_string(root().join("questionnaires/quick.yaml")).unwrap();
    let version = quick
        .lines()
        .find_map(|line| line.strip_prefix("version: "))
        .unwrap()
        .trim()
        .to_string();
    std::fs::write(
        folder.path().join("quick-next.yaml"),
        quick.replacen(&format!("version: {version}"), "version: 99.0.0", 1),
    )
    .unwrap();
    let answers = std::fs::read_to_string(root().join("examples/quick-pseudo.yaml")).unwrap();
    let pinned = answers
        .lines()
        .map(|line| {
            if line.starts_with("questionnaire:") {
                format!("questionnaire: quick@{version}")
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(folder.path().join("a.yaml"), pinned).unwrap();
    for command in ["assess", "compare"] {
        let result = run_in(
            folder.path(),
            &[command, "-f", "json", "-q", "quick-next.yaml", "a.yaml"],
        );
        assert_eq!(result.code, 0, "{command}: {}", result.stderr);
        assert!(
            result.stderr.contains(&format!(
                "warning: the answers pin `quick@{version}`, but `--questionnaire` checks them against `quick` 99.0.0 [version-mismatch]"
            )),
            "{command}: {}",
            result.stderr
        );
    }
    // Without the override the pin is enforced, as before.
    let plain = run_in(folder.path(), &["assess", "-f", "json", "a.yaml"]);
    assert_eq!(plain.code, 0, "{}", plain.stderr);
    assert!(plain.stderr.is_empty(), "{}", plain.stderr);
}
