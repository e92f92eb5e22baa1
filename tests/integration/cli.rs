//! The binary end to end: exit codes, what goes to stdout and stderr, colour, and the
//! read-only commands.

use serde_json::Value;

use super::support::{fixture, run, run_in};

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
            .starts_with("questionnaires/msp.yaml: ok (questionnaire `msp` 1.1.0, 85 questions"),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].starts_with("examples/pseudo-msp.yaml: ok (answers for `msp` 1.1.0"),
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
fn default_format_off_a_terminal_is_json() {
    let result = run(&["assess", "examples/quick-mature.yaml"]);
    let report: Value =
        serde_json::from_str(&result.stdout).expect("JSON when stdout is not a terminal");
    assert_eq!(report["format"], "mspcheck/report/1");
}

#[test]
fn list_shows_id_version_title_and_question_count() {
    let result = run(&["list"]);
    assert_eq!(result.code, 0);
    assert!(
        result.stdout.contains("msp ")
            && result.stdout.contains("1.1.0")
            && result.stdout.contains("85"),
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
    assert!(table.stdout.contains("19 questions in 7 domains"));
    let markdown = run(&["show", "quick", "--format", "markdown"]);
    assert_eq!(markdown.stdout.matches("\n### `").count(), 19);
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
