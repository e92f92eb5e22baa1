//! The binary end to end: exit codes, what goes to stdout and stderr, colour, and the
//! read-only commands.

use serde_json::Value;

use super::support::{fixture, root, run, run_in, run_with_env};

#[test]
fn validate_prints_one_ok_line_per_valid_file_on_stdout() {
    let result = run(&[
        "validate",
        "questionnaires/msp.yaml",
        "examples/pseudo-msp.yaml",
    ]);
    assert_eq!(result.code, 0, "{}", result.stderr);
    let lines: Vec<&str> = result.stdout.lines().collect();
    assert_eq!(lines.len(), 2);
    assert!(
        lines[0]
            .starts_with("questionnaires/msp.yaml: ok (questionnaire `msp` 2.2.0, 93 questions"),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].starts_with("examples/pseudo-msp.yaml: ok (answers for `msp` 2.2.0"),
        "{}",
        lines[1]
    );
    assert!(
        result.stderr.is_empty(),
        "no diagnostics: {}",
        result.stderr
    );
}

#[test]
fn invalid_input_goes_to_stderr_with_file_line_and_column_and_exits_2() {
    let result = run_in(
        &fixture("fixtures/invalid"),
        &["assess", "--format", "json", "a-value-not-allowed.yaml"],
    );
    assert_eq!(result.code, 2);
    assert!(result.stdout.is_empty(), "no report for invalid input");
    let first = result.stderr.lines().next().unwrap();
    assert!(
        first.starts_with("a-value-not-allowed.yaml:5:16: error: "),
        "{first}"
    );
}

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    assert_eq!(run(&["frobnicate"]).code, 2);
    assert_eq!(run(&["assess"]).code, 2);
    assert_eq!(
        run(&["assess", "--format", "pdf", "examples/pseudo-msp.yaml"]).code,
        2
    );
    let help = run(&["--help"]);
    assert_eq!(help.code, 0);
    for command in [
        "assess",
        "validate",
        "list",
        "show",
        "template",
        "interview",
        "compare",
        "diff",
        "schema",
    ] {
        assert!(help.stdout.contains(command), "--help lists {command}");
    }
}

#[test]
fn a_missing_file_is_reported_not_a_panic() {
    let result = run(&["assess", "no-such-file.yaml"]);
    assert_eq!(result.code, 2);
    assert!(
        result.stderr.contains("[file-unreadable]") && result.stderr.contains("no-such-file.yaml"),
        "{}",
        result.stderr
    );
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let coloured = run(&[
        "assess",
        "--format",
        "table",
        "--color",
        "always",
        "examples/pseudo-msp.yaml",
    ]);
    assert!(
        coloured.stdout.contains("\u{1b}["),
        "--color always colours even with NO_COLOR set"
    );
    let plain = run(&[
        "assess",
        "--format",
        "table",
        "--color",
        "never",
        "examples/pseudo-msp.yaml",
    ]);
    assert!(!plain.stdout.contains('\u{1b}'));
    let auto = run(&["assess", "--format", "table", "examples/pseudo-msp.yaml"]);
    assert!(
        !auto.stdout.contains('\u{1b}'),
        "auto: not a terminal, NO_COLOR set"
    );
    let json = run(&[
        "assess",
        "--format",
        "json",
        "--color",
        "always",
        "examples/pseudo-msp.yaml",
    ]);
    assert!(
        !json.stdout.contains('\u{1b}'),
        "data formats are never coloured"
    );
}

#[test]
fn the_format_never_changes_with_the_pipe() {
    // Standard output is a pipe here: the default is still the table a terminal gets.
    for args in [
        vec!["assess", "examples/quick-mature.yaml"],
        vec![
            "compare",
            "examples/quick-mature.yaml",
            "examples/quick-pseudo.yaml",
        ],
        vec![
            "diff",
            "tests/fixtures/diff/2026-01-self.yaml",
            "tests/fixtures/diff/2026-02-audit.yaml",
        ],
        vec!["list"],
        vec!["show", "quick"],
    ] {
        let result = run(&args);
        assert_eq!(result.code, 0, "{args:?}: {}", result.stderr);
        assert!(
            result.stdout.contains('┌') && !result.stdout.trim_start().starts_with(['{', '[']),
            "{args:?} piped gives the table:\n{}",
            result.stdout
        );
    }
    let json = run(&["assess", "--format", "json", "examples/quick-mature.yaml"]);
    let report: Value = serde_json::from_str(&json.stdout).expect("--format json is JSON");
    assert_eq!(report["format"], "mspcheck/report/1");
}

#[test]
fn output_takes_its_format_from_the_extension() {
    let folder = tempfile::tempdir().unwrap();
    let input = root().join("examples/quick-pseudo.yaml");
    let input = input.to_str().unwrap();
    for (name, starts) in [
        ("r.html", "<!DOCTYPE html>"),
        ("r.HTM", "<!DOCTYPE html>"),
        ("r.md", "# "),
        ("r.json", "{"),
        ("r.csv", "provider,"),
        ("r.txt", "QuickFix Networks Ltd"),
    ] {
        let result = run_in(folder.path(), &["assess", input, "--output", name]);
        assert_eq!(result.code, 0, "{name}: {}", result.stderr);
        let written = std::fs::read_to_string(folder.path().join(name)).unwrap();
        assert!(
            written.trim_start().starts_with(starts),
            "{name} starts with {starts:?}:\n{}",
            &written[..written.len().min(200)]
        );
    }
    // An explicit --format wins over the extension.
    let result = run_in(
        folder.path(),
        &["assess", input, "-f", "json", "-o", "explicit.html"],
    );
    assert_eq!(result.code, 0, "{}", result.stderr);
    let written = std::fs::read_to_string(folder.path().join("explicit.html")).unwrap();
    assert!(written.starts_with('{'), "{written}");
    // list and show follow the same rule.
    let list = run_in(folder.path(), &["list", "-o", "list.json"]);
    assert_eq!(list.code, 0, "{}", list.stderr);
    let listed: Value =
        serde_json::from_str(&std::fs::read_to_string(folder.path().join("list.json")).unwrap())
            .unwrap();
    assert_eq!(listed[0]["id"], "msp");
    let show = run_in(folder.path(), &["show", "quick", "-o", "quick.md"]);
    assert_eq!(show.code, 0, "{}", show.stderr);
    assert!(std::fs::read_to_string(folder.path().join("quick.md"))
        .unwrap()
        .starts_with("# "));
}

#[test]
fn an_extension_a_command_cannot_write_is_refused_not_ignored() {
    let folder = tempfile::tempdir().unwrap();
    let old = fixture("fixtures/diff/2026-01-self.yaml");
    let new = fixture("fixtures/diff/2026-02-audit.yaml");
    let result = run_in(
        folder.path(),
        &[
            "diff",
            old.to_str().unwrap(),
            new.to_str().unwrap(),
            "-o",
            "d.csv",
        ],
    );
    assert_eq!(result.code, 2);
    assert!(
        result.stderr.contains("`diff` cannot write csv")
            && result.stderr.contains("table, json, markdown, html"),
        "{}",
        result.stderr
    );
    assert!(!folder.path().join("d.html").exists(), "nothing written");
    let input = root().join("examples/quick-pseudo.yaml");
    let result = run_in(
        folder.path(),
        &["assess", input.to_str().unwrap(), "-o", "r.xlsx"],
    );
    if result.code == 2 {
        assert!(result.stderr.contains("xlsx"), "{}", result.stderr);
        assert!(!folder.path().join("r.xlsx").exists(), "nothing written");
    } else {
        // Once spreadsheets are written, `.xlsx` must give a real workbook (a zip).
        let bytes = std::fs::read(folder.path().join("r.xlsx")).unwrap();
        assert!(bytes.starts_with(b"PK"), "an xlsx file is a zip archive");
    }
}

#[test]
fn tables_are_sized_to_columns() {
    let narrow = run_with_env(
        &root(),
        &["assess", "examples/quick-pseudo.yaml"],
        None,
        &[("COLUMNS", "40")],
    );
    assert_eq!(narrow.code, 0, "{}", narrow.stderr);
    for line in narrow
        .stdout
        .lines()
        .filter(|line| line.starts_with(['┌', '│', '╞', '└']))
    {
        assert!(line.chars().count() <= 40, "COLUMNS=40: {line}");
    }
    // At 120 columns the comparison's provider names fit on one line; at 80 they wrap.
    let compare = |columns: &str| {
        run_with_env(
            &root(),
            &[
                "compare",
                "examples/quick-mature.yaml",
                "examples/quick-pseudo.yaml",
                "examples/quick-amateur.yaml",
            ],
            None,
            &[("COLUMNS", columns)],
        )
        .stdout
    };
    let wide = compare("120");
    assert!(wide.contains("┆ Harbourview Managed IT "), "{wide}");
    assert!(
        wide.lines().all(|line| line.chars().count() <= 120),
        "{wide}"
    );
    assert!(!compare("80").contains("┆ Harbourview Managed IT "));
}

#[test]
fn list_shows_id_version_title_and_question_count() {
    let result = run(&["list"]);
    assert_eq!(result.code, 0);
    assert!(
        result.stdout.contains("msp ")
            && result.stdout.contains("2.1.0")
            && result.stdout.contains("93"),
        "{}",
        result.stdout
    );
}

#[test]
fn show_json_is_the_questionnaire_with_defaults_filled_in() {
    let result = run(&[
        "show",
        "--format",
        "json",
        "tests/conformance/questionnaire.yaml",
    ]);
    assert_eq!(result.code, 0, "{}", result.stderr);
    let questionnaire: Value = serde_json::from_str(&result.stdout).unwrap();
    assert_eq!(questionnaire["format"], "mspcheck/questionnaire/1");
    let questions = questionnaire["questions"].as_array().unwrap();
    let mfa = questions
        .iter()
        .find(|question| question["id"] == "access.mfa")
        .unwrap();
    // yes_no options are completed: `yes` by default (score 1), `no` as overridden.
    assert_eq!(mfa["options"][0]["value"], "yes");
    assert_eq!(mfa["options"][0]["score"], 1.0);
    assert_eq!(
        mfa["options"][1]["red_flag"],
        "Provider accounts without MFA"
    );
    let shared = questions
        .iter()
        .find(|question| question["id"] == "access.shared")
        .unwrap();
    assert_eq!(shared["weight"], 1.0, "default weight");
    assert_eq!(shared["allow_na"], false, "default allow_na");
    let last_rule = questionnaire["classification"]["rules"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(
        last_rule["reason"], "no other rule applies",
        "default reason: the condition described"
    );
}

#[test]
fn show_table_and_markdown_list_every_question() {
    let table = run(&["show", "quick"]);
    assert_eq!(table.code, 0);
    assert!(table.stdout.contains("30 questions in 8 domains"));
    let markdown = run(&["show", "quick", "--format", "markdown"]);
    assert_eq!(markdown.stdout.matches("\n### `").count(), 30);
}

#[test]
fn questionnaire_override_checks_answers_against_another_file() {
    let folder = fixture("conformance");
    let result = run_in(
        &folder,
        &[
            "assess",
            "--format",
            "json",
            "--questionnaire",
            "questionnaire.yaml",
            "answers/02-pseudo.yaml",
        ],
    );
    assert_eq!(result.code, 0, "{}", result.stderr);
    let result = run_in(
        &folder,
        &[
            "assess",
            "--format",
            "json",
            "--questionnaire",
            "quick",
            "answers/02-pseudo.yaml",
        ],
    );
    assert_eq!(result.code, 2, "conformance answers do not fit `quick`");
    assert!(result.stderr.contains("[unknown-question]"));
}
