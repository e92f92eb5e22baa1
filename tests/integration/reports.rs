//! Reports people act on: hostile text never breaks a format, the verdict explains itself,
//! and missing answers are shown as uncertainty.

use serde_json::Value;

use super::support::{fixture, run, run_in};

fn report(format: &str) -> String {
    let result = run_in(
        &fixture("fixtures/reports"),
        &[
            "assess",
            "--format",
            format,
            "--color",
            "always",
            "hostile-text.yaml",
        ],
    );
    assert_eq!(result.code, 0, "{format}: {}", result.stderr);
    result.stdout
}

#[test]
fn hostile_text_cannot_reach_the_terminal_as_control_sequences() {
    let table = report("table");
    // Colour is ours (ESC [ … m); nothing else may carry an escape or a bidi override.
    let stripped = table
        .replace("\u{1b}[0m", "")
        .replace("\u{1b}[1m", "")
        .replace("\u{1b}[2m", "");
    let leftover: Vec<String> = stripped
        .match_indices('\u{1b}')
        .map(|(index, _)| stripped[index..].chars().take(6).collect())
        .collect();
    assert!(
        leftover
            .iter()
            .all(|escape| escape.starts_with("\u{1b}[3") || escape.starts_with("\u{1b}[1;3")),
        "foreign escapes: {leftover:?}"
    );
    assert!(
        !table.contains("\u{1b}[2J") && !table.contains("\u{1b}]0;") && !table.contains('\u{7}')
    );
    assert!(!table.contains('\u{202e}'));
    assert!(
        table.contains("HYPERLINK"),
        "the name is still shown, made harmless"
    );
}

#[test]
fn hostile_text_is_escaped_in_html() {
    let html = report("html");
    assert!(
        !html.contains("<script>") && !html.contains("<img"),
        "raw markup leaked"
    );
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!html.contains('\u{1b}'));
    assert!(
        !html.contains("<script") && !html.contains("src=\"http"),
        "the page has no scripts or external fetches"
    );
}

#[test]
fn hostile_text_is_escaped_in_markdown() {
    let markdown = report("markdown");
    assert!(!markdown.contains("<script>") && !markdown.contains("<img"));
    assert!(
        markdown.contains("\\[click\\](javascript:alert(1))"),
        "links are neutralised"
    );
    assert!(!markdown.contains('\u{1b}'));
    assert!(
        markdown
            .lines()
            .filter(|line| line.starts_with('|'))
            .all(|line| !line.replace("\\|", "").contains("| pipe")),
        "cell text cannot break a table"
    );
}

#[test]
fn hostile_text_cannot_become_a_spreadsheet_formula() {
    let csv = report("csv");
    let row = csv.lines().nth(1).unwrap();
    assert!(
        row.starts_with("\"'=HYPERLINK") || row.starts_with("'=HYPERLINK"),
        "{row}"
    );
    for line in csv.lines() {
        for cell in line.split(',') {
            let cell = cell.trim_start_matches('"');
            assert!(
                !cell.starts_with('=') && !cell.starts_with('+') && !cell.starts_with('@'),
                "formula cell {cell}"
            );
        }
    }
}

#[test]
fn hostile_text_survives_json_exactly() {
    let json: Value = serde_json::from_str(&report("json")).unwrap();
    assert!(json["provider"]
        .as_str()
        .unwrap()
        .starts_with("=HYPERLINK(\"http://evil.example\")<script>"));
}

#[test]
fn verdict_names_the_rule_and_its_values() {
    let result = run(&["assess", "--format", "json", "examples/mature-msp.yaml"]);
    let json: Value = serde_json::from_str(&result.stdout).unwrap();
    let checks = json["decided_by"]["checks"].as_array().unwrap();
    assert!(checks.iter().all(|check| check["holds"] == true));
    assert!(
        checks.iter().any(|check| check["text"]
            .as_str()
            .unwrap()
            .starts_with("overall score 96.9 ≥ 75")),
        "{checks:?}"
    );
    let result = run(&["assess", "--format", "json", "examples/pseudo-msp.yaml"]);
    let json: Value = serde_json::from_str(&result.stdout).unwrap();
    let next = &json["next_class"];
    assert_eq!(next["class"], "mature");
    let failing: Vec<&Value> = next["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|check| check["holds"] == false)
        .collect();
    assert!(failing.iter().any(|check| check["shortfall"]
        .as_str()
        .is_some_and(|text| text.starts_with("needs "))));
}

#[test]
fn fully_answered_is_decided_and_half_answered_shows_a_range() {
    let result = run(&["assess", "--format", "json", "examples/mature-msp.yaml"]);
    let json: Value = serde_json::from_str(&result.stdout).unwrap();
    assert_eq!(json["range"]["decided"], true);
    assert_eq!(json["range"]["unanswered"], 0);
    assert_eq!(json["range"]["best_score"], json["score"]);
    let result = run(&["assess", "--format", "json", "examples/quick-amateur.yaml"]);
    let json: Value = serde_json::from_str(&result.stdout).unwrap();
    let range = &json["range"];
    assert_eq!(range["unanswered"], 13);
    let (worst, score, best) = (
        range["worst_score"].as_f64().unwrap(),
        json["score"].as_f64().unwrap(),
        range["best_score"].as_f64().unwrap(),
    );
    assert!(worst < score && score < best, "{worst} {score} {best}");
    let table = run(&["assess", "--format", "table", "examples/quick-amateur.yaml"]).stdout;
    assert!(table.contains("13 questions are unanswered"), "{table}");
}

#[test]
fn table_fits_80_columns_when_the_width_is_unknown() {
    for example in ["pseudo-msp", "amateur-msp", "quick-amateur"] {
        let table = run(&[
            "assess",
            "--format",
            "table",
            &format!("examples/{example}.yaml"),
        ])
        .stdout;
        for line in table.lines() {
            assert!(
                line.chars().count() <= 80,
                "{example}: {} columns: {line}",
                line.chars().count()
            );
        }
    }
}

#[test]
fn compare_and_diff_tables_fit_80_columns() {
    let compare = run(&[
        "compare",
        "--format",
        "table",
        "examples/quick-mature.yaml",
        "examples/quick-pseudo.yaml",
        "examples/quick-amateur.yaml",
    ]);
    let diff = run_in(
        &fixture("fixtures/diff"),
        &[
            "diff",
            "--format",
            "table",
            "2026-01-self.yaml",
            "2026-02-audit.yaml",
        ],
    );
    for (name, result) in [("compare", compare), ("diff", diff)] {
        assert_eq!(result.code, 0, "{name}: {}", result.stderr);
        for line in result.stdout.lines() {
            assert!(
                line.chars().count() <= 80,
                "{name}: {} columns: {line}",
                line.chars().count()
            );
        }
    }
}

#[test]
fn client_reports_list_questions_to_ask_with_evidence() {
    let result = run(&["assess", "--format", "json", "examples/quick-amateur.yaml"]);
    let json: Value = serde_json::from_str(&result.stdout).unwrap();
    let questions = json["questions_to_ask"].as_array().unwrap();
    assert!(!questions.is_empty());
    assert!(questions
        .iter()
        .all(|question| question["status"] == "unanswered" || question["status"] == "unverified"));
    assert!(questions[0]["critical"] == true && questions[0]["evidence"].is_string());
}

#[test]
fn require_gates_the_exit_code() {
    let cases: [(&str, &[&str], i32); 4] = [
        ("mature", &["examples/mature-msp.yaml"], 0),
        (
            "mature",
            &["examples/mature-msp.yaml", "examples/pseudo-msp.yaml"],
            1,
        ),
        ("pseudo", &["examples/pseudo-msp.yaml"], 0),
        ("pseudo", &["examples/amateur-msp.yaml"], 1),
    ];
    for (class, files, code) in cases {
        let mut args = vec!["assess", "--format", "json", "--require", class];
        args.extend(files);
        assert_eq!(run(&args).code, code, "--require {class} {files:?}");
    }
}

#[test]
fn output_is_written_atomically_and_never_over_an_input() {
    let folder = tempfile::tempdir().unwrap();
    let answers = folder.path().join("answers.yaml");
    std::fs::copy(
        super::support::root().join("examples/quick-mature.yaml"),
        &answers,
    )
    .unwrap();
    let original = std::fs::read(&answers).unwrap();
    let result = run_in(
        folder.path(),
        &["assess", "--output", "answers.yaml", "answers.yaml"],
    );
    assert_eq!(result.code, 2);
    assert!(
        result.stderr.contains("[output-is-input]"),
        "{}",
        result.stderr
    );
    assert_eq!(
        std::fs::read(&answers).unwrap(),
        original,
        "the input is untouched"
    );
    let result = run_in(
        folder.path(),
        &[
            "assess",
            "--format",
            "html",
            "--output",
            "report.html",
            "answers.yaml",
        ],
    );
    assert_eq!(result.code, 0, "{}", result.stderr);
    assert!(result.stdout.is_empty());
    assert!(std::fs::read_to_string(folder.path().join("report.html"))
        .unwrap()
        .starts_with("<!DOCTYPE html>"));
    let leftovers = std::fs::read_dir(folder.path())
        .unwrap()
        .filter(|entry| {
            entry
                .as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".tmp")
        })
        .count();
    assert_eq!(leftovers, 0);
}

#[test]
fn stale_answers_are_flagged_and_can_count_as_missing() {
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(
        folder.path().join("old.yaml"),
        "format: mspcheck/answers/1\nquestionnaire: quick\nprovider: Old Answers Ltd\ndate: 2026-11-20\nanswers:\n  mfa.vendor_enforcement:\n    answer: planned_ahead\n    as_of: 2024-01-15\n",
    )
    .unwrap();
    let result = run_in(folder.path(), &["assess", "--format", "json", "old.yaml"]);
    let json: Value = serde_json::from_str(&result.stdout).unwrap();
    assert_eq!(json["stale"][0]["question"], "mfa.vendor_enforcement");
    assert_eq!(json["stale"][0]["counted_as_missing"], false);
    assert!(json["score"].is_number());
    let result = run_in(
        folder.path(),
        &[
            "assess",
            "--format",
            "json",
            "--stale-as-missing",
            "old.yaml",
        ],
    );
    let json: Value = serde_json::from_str(&result.stdout).unwrap();
    assert_eq!(json["stale"][0]["counted_as_missing"], true);
    assert!(json["score"].is_null(), "the only answer no longer counts");
    // One answer of 30 gets the short report of a nearly blank file; what it lists as
    // answered keeps the stale mark and the stale sentence, as the full report would.
    for format in ["table", "markdown", "html"] {
        let result = run_in(folder.path(), &["assess", "--format", format, "old.yaml"]);
        assert!(
            result.stdout.contains("answer dated 2024-01-15 is"),
            "{format}: {}",
            result.stdout
        );
        assert!(
            result.stdout.contains("Not assessed yet") && result.stdout.contains("stale"),
            "{format}: {}",
            result.stdout
        );
    }
    let result = run_in(
        folder.path(),
        &[
            "assess",
            "--format",
            "json",
            "--as-of",
            "2024-02-01",
            "old.yaml",
        ],
    );
    let json: Value = serde_json::from_str(&result.stdout).unwrap();
    assert_eq!(
        json["stale"].as_array().unwrap().len(),
        0,
        "fresh when measured in 2024"
    );
}

#[test]
fn batch_output_equals_single_file_runs() {
    let files = [
        "examples/mature-msp.yaml",
        "examples/pseudo-msp.yaml",
        "examples/amateur-msp.yaml",
    ];
    let mut args = vec!["assess", "--format", "csv"];
    args.extend(files);
    let batch = run(&args);
    assert_eq!(batch.code, 0, "{}", batch.stderr);
    let batch_rows: Vec<&str> = batch.stdout.lines().collect();
    assert_eq!(batch_rows.len(), files.len() + 1);
    for (position, file) in files.iter().enumerate() {
        let single = run(&["assess", "--format", "csv", file]);
        let single_row = single.stdout.lines().nth(1).unwrap();
        assert_eq!(batch_rows[position + 1], single_row, "{file}");
        let single_json: Value =
            serde_json::from_str(&run(&["assess", "--format", "json", file]).stdout).unwrap();
        let mut json_args = vec!["assess", "--format", "json"];
        json_args.extend(files);
        let batch_json: Value = serde_json::from_str(&run(&json_args).stdout).unwrap();
        assert_eq!(batch_json[position], single_json, "{file}");
    }
}
