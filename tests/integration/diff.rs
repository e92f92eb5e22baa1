//! `mspcheck diff`: progress between two assessments, on fixtures whose scores are worked out
//! by hand in `tests/fixtures/diff/`.

use serde_json::Value;

use super::support::{fixture, run_in};

fn diff(old: &str, new: &str) -> (Value, String) {
    let run = run_in(
        &fixture("fixtures/diff"),
        &["diff", "--format", "json", old, new],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    (
        serde_json::from_str(&run.stdout).expect("diff prints JSON"),
        run.stderr,
    )
}

fn ids(list: &Value) -> Vec<&str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|item| item["question"].as_str().unwrap())
        .collect()
}

fn close(value: &Value, expected: f64) -> bool {
    value
        .as_f64()
        .is_some_and(|actual| (actual - expected).abs() < 1e-9)
}

#[test]
fn progress_from_amateur_to_mature_lists_every_change() {
    let (result, stderr) = diff("2026-02-audit.yaml", "2026-08-audit.yaml");
    assert!(stderr.is_empty(), "{stderr}");
    assert_eq!(result["old"]["classification"], "amateur");
    assert_eq!(result["new"]["classification"], "mature");
    assert_eq!(result["class_change"], "up");
    assert!(
        close(&result["score_delta"], 62.5),
        "{}",
        result["score_delta"]
    );
    assert!(close(&result["domains"][0]["delta"], 50.0));
    assert!(close(&result["domains"][1]["delta"], 75.0));
    assert_eq!(
        ids(&result["changed"]),
        [
            "operations.patching",
            "security.mfa",
            "security.backup_tested"
        ]
    );
    assert_eq!(result["changed"][0]["from"], "never");
    assert_eq!(result["changed"][0]["to"], "days");
    assert!(close(&result["changed"][0]["score_delta"], 1.0));
    // Patching alone, applied to the February answers: operations 50 → 100, overall +25.
    assert!(close(&result["changed"][0]["overall_effect"], 25.0));
    assert_eq!(ids(&result["newly_answered"]), ["security.offsite"]);
    assert!(close(&result["newly_answered"][0]["overall_effect"], 12.5));
    assert_eq!(ids(&result["newly_unanswered"]), ["operations.reviews"]);
    assert!(close(
        &result["newly_unanswered"][0]["overall_effect"],
        -25.0
    ));
    assert_eq!(
        ids(&result["red_flags_cleared"]),
        ["operations.patching", "security.mfa"]
    );
    assert_eq!(result["red_flags_raised"], Value::Array(Vec::new()));
    assert_eq!(
        result["claims"],
        Value::Null,
        "auditor to auditor has no claims view"
    );
}

#[test]
fn self_assessment_against_audit_lists_overstated_claims_worst_first() {
    let (result, _) = diff("2026-01-self.yaml", "2026-02-audit.yaml");
    assert_eq!(result["class_change"], "down");
    let claims = &result["claims"];
    assert_eq!(claims["claimed_by"], "provider");
    assert_eq!(claims["checked_by"], "auditor");
    assert_eq!(
        ids(&claims["overstated"]),
        [
            "operations.patching",
            "security.mfa",
            "security.backup_tested"
        ]
    );
    let gaps: Vec<f64> = claims["overstated"]
        .as_array()
        .unwrap()
        .iter()
        .map(|claim| claim["gap"].as_f64().unwrap())
        .collect();
    assert_eq!(gaps, [1.0, 1.0, 0.5]);
    assert_eq!(
        claims["overstated"][1]["text"],
        "Is MFA enforced on every admin account the provider holds?"
    );
    assert_eq!(claims["compared"], 4);
    assert_eq!(claims["understated"], 0);
    assert_eq!(
        claims["unconfirmed"],
        serde_json::json!(["security.offsite"])
    );
    assert!(close(&claims["score_gap"], 62.5));
    assert_eq!(
        ids(&result["red_flags_raised"]),
        ["operations.patching", "security.mfa"]
    );
}

#[test]
fn table_and_markdown_show_the_class_change_and_claims() {
    let folder = fixture("fixtures/diff");
    let table = run_in(
        &folder,
        &[
            "diff",
            "-f",
            "table",
            "2026-02-audit.yaml",
            "2026-08-audit.yaml",
        ],
    );
    assert_eq!(table.code, 0, "{}", table.stderr);
    assert!(
        table.stdout.contains("Class:     amateur → mature (up)"),
        "{}",
        table.stdout
    );
    assert!(
        table
            .stdout
            .contains("operations.patching  never → days  answer score 0.00 → 1.00, overall +25.0"),
        "{}",
        table.stdout
    );
    let markdown = run_in(
        &folder,
        &[
            "diff",
            "-f",
            "markdown",
            "2026-01-self.yaml",
            "2026-02-audit.yaml",
        ],
    );
    assert_eq!(markdown.code, 0, "{}", markdown.stderr);
    assert!(
        markdown
            .stdout
            .contains("## Claims: self-assessment checked by the auditor"),
        "{}",
        markdown.stdout
    );
    assert!(
        markdown.stdout.contains("| 1 | `operations.patching`"),
        "{}",
        markdown.stdout
    );
}

#[test]
fn different_provider_names_warn_but_succeed() {
    let (result, stderr) = diff("2026-08-audit.yaml", "other-provider.yaml");
    assert!(
        stderr.contains("warning:") && stderr.contains("[provider-mismatch]"),
        "{stderr}"
    );
    assert!(
        stderr.contains("other-provider.yaml:3:"),
        "located at `provider:`: {stderr}"
    );
    assert_eq!(result["new"]["provider"], "Lima Networks");
}

#[test]
fn mixed_questionnaires_are_refused() {
    let run = run_in(
        &fixture("fixtures"),
        &[
            "diff",
            "diff/2026-08-audit.yaml",
            "compare/ranking/alpha.yaml",
        ],
    );
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr.contains("error:") && run.stderr.contains("[mixed-questionnaires]"),
        "{}",
        run.stderr
    );
}

#[test]
fn unreadable_input_is_a_diagnostic_not_a_panic() {
    let run = run_in(
        &fixture("fixtures/diff"),
        &["diff", "2026-08-audit.yaml", "missing.yaml"],
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("[file-unreadable]"), "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"));
}

#[test]
fn diff_writes_csv_one_row_per_difference_and_ndjson_on_one_line() {
    let (json, _) = diff("2026-01-self.yaml", "2026-02-audit.yaml");
    let folder = fixture("fixtures/diff");
    let csv = run_in(
        &folder,
        &[
            "diff",
            "--format",
            "csv",
            "2026-01-self.yaml",
            "2026-02-audit.yaml",
        ],
    );
    assert_eq!(csv.code, 0, "{}", csv.stderr);
    let mut reader = csv::Reader::from_reader(csv.stdout.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(
        header,
        [
            "provider",
            "questionnaire",
            "version",
            "old_file",
            "new_file",
            "old_date",
            "new_date",
            "kind",
            "domain",
            "question",
            "text",
            "from",
            "to",
            "old_score",
            "new_score",
            "delta",
            "overall_effect",
            "critical"
        ]
    );
    let column = |name: &str| header.iter().position(|cell| cell == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let count = |key: &str| json[key].as_array().unwrap().len();
    let of_kind = |kind: &str| {
        rows.iter()
            .filter(|row| &row[column("kind")] == kind)
            .collect::<Vec<_>>()
    };
    assert_eq!(of_kind("overall").len(), 1);
    assert_eq!(of_kind("domain").len(), count("domains"));
    assert_eq!(of_kind("changed").len(), count("changed"));
    assert_eq!(of_kind("newly_answered").len(), count("newly_answered"));
    assert_eq!(of_kind("newly_unanswered").len(), count("newly_unanswered"));
    assert_eq!(of_kind("red_flag_raised").len(), count("red_flags_raised"));
    assert_eq!(
        of_kind("red_flag_cleared").len(),
        count("red_flags_cleared")
    );
    assert_eq!(
        of_kind("overstated").len(),
        json["claims"]["overstated"].as_array().unwrap().len()
    );
    assert!(!of_kind("overstated").is_empty(), "the fixture overstates");
    let overall = of_kind("overall")[0];
    assert_eq!(&overall[column("from")], json["old"]["classification"]);
    assert_eq!(&overall[column("to")], json["new"]["classification"]);
    assert_eq!(&overall[column("provider")], "Kilo IT");
    let delta: f64 = overall[column("delta")].parse().unwrap();
    assert!((delta - json["score_delta"].as_f64().unwrap()).abs() < 0.05);
    // Numbers are rounded for spreadsheets: at most three decimals.
    for row in &rows {
        for name in ["old_score", "new_score", "delta", "overall_effect"] {
            let cell = &row[column(name)];
            if let Some((_, decimals)) = cell.split_once('.') {
                assert!(decimals.len() <= 3, "{name} {cell}");
            }
        }
    }
    // `--output x.csv` picks CSV by itself.
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("d.csv");
    let written = run_in(
        &folder,
        &[
            "diff",
            "2026-01-self.yaml",
            "2026-02-audit.yaml",
            "--output",
            path.to_str().unwrap(),
        ],
    );
    assert_eq!(written.code, 0, "{}", written.stderr);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), csv.stdout);

    let ndjson = run_in(
        &folder,
        &[
            "diff",
            "--format",
            "ndjson",
            "2026-01-self.yaml",
            "2026-02-audit.yaml",
        ],
    );
    assert_eq!(ndjson.code, 0, "{}", ndjson.stderr);
    assert_eq!(ndjson.stdout.lines().count(), 1, "{}", ndjson.stdout);
    let line: Value = serde_json::from_str(ndjson.stdout.trim_end()).unwrap();
    assert_eq!(line, json);
}

#[test]
fn a_changed_answer_shows_its_questions_ref_in_every_format() {
    // A questionnaire converted from another one keeps each question's own identifier in
    // `ref:`; the auditor's checklist speaks of that identifier, so `diff` shows it too.
    let directory = tempfile::tempdir().unwrap();
    let folder = directory.path();
    std::fs::write(
        folder.join("q.yaml"),
        "format: mspcheck/questionnaire/1\nid: refs\nversion: 1.0.0\ntitle: Refs\n\
         domains: [{ id: d, title: D, weight: 1 }]\n\
         questions:\n  - { id: backup.tested, ref: \"BCR-08.2\", domain: d, text: Restores tested?, kind: yes_no }\n\
         \x20 - { id: other, domain: d, text: Other?, kind: yes_no }\n\
         classification:\n  rules: [{ class: amateur, if: {} }]\n",
    )
    .unwrap();
    for (name, answer) in [("old.yaml", "no"), ("new.yaml", "yes")] {
        std::fs::write(
            folder.join(name),
            format!("format: mspcheck/answers/1\nquestionnaire: q.yaml\nprovider: P\nanswers:\n  backup.tested: {answer}\n  other: {answer}\n"),
        )
        .unwrap();
    }
    let json = run_in(
        folder,
        &["diff", "--format", "json", "old.yaml", "new.yaml"],
    );
    assert_eq!(json.code, 0, "{}", json.stderr);
    let value: Value = serde_json::from_str(&json.stdout).unwrap();
    let changed = value["changed"].as_array().unwrap();
    assert_eq!(changed[0]["question"], "backup.tested");
    assert_eq!(changed[0]["ref"], "BCR-08.2");
    assert!(changed[1].get("ref").is_none(), "{}", changed[1]);
    for (format, expected) in [
        ("table", "backup.tested, ref BCR-08.2"),
        ("markdown", "`backup.tested`, ref BCR-08.2"),
        (
            "html",
            "backup.tested</code> <span class=\"muted\">(ref BCR-08.2)</span>",
        ),
    ] {
        let run = run_in(
            folder,
            &["diff", "--format", format, "old.yaml", "new.yaml"],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(run.stdout.contains(expected), "{format}: {}", run.stdout);
    }
}
