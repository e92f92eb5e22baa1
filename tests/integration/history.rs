//! `mspcheck history`: one provider over dated assessments, in date order whatever the
//! argument order, with red flags raised and cleared; every file needs a date, one provider
//! and a compatible questionnaire.

use serde_json::Value;

use super::support::{fixture, run_in, words};

const FILES: [&str; 3] = [
    "2026-08-audit.yaml",
    "2026-01-self.yaml",
    "2026-02-audit.yaml",
];

fn history(format: &str) -> String {
    let mut args = vec!["history", "--format", format];
    args.extend(FILES);
    let result = run_in(&fixture("fixtures/diff"), &args);
    assert_eq!(result.code, 0, "{}", result.stderr);
    result.stdout
}

#[test]
fn history_orders_assessments_by_date_and_tracks_red_flags() {
    let report: Value = serde_json::from_str(&history("json")).unwrap();
    assert_eq!(report["format"], "mspcheck/history/1");
    assert_eq!(report["provider"], "Kilo IT");
    let points = report["points"].as_array().unwrap();
    let dates: Vec<&str> = points
        .iter()
        .map(|point| point["date"].as_str().unwrap())
        .collect();
    assert_eq!(dates, ["2026-01-15", "2026-02-20", "2026-08-20"]);
    let classes: Vec<&str> = points
        .iter()
        .map(|point| point["classification"].as_str().unwrap())
        .collect();
    assert_eq!(classes, ["mature", "amateur", "mature"]);
    assert_eq!(points[1]["raised"].as_array().unwrap().len(), 2);
    assert!(points[1]["cleared"].as_array().unwrap().is_empty());
    assert_eq!(points[2]["cleared"].as_array().unwrap().len(), 2);
    assert_eq!(points[1]["score"], 37.5);
    let security = report["domains"]
        .as_array()
        .unwrap()
        .iter()
        .find(|domain| domain["id"] == "security")
        .unwrap();
    assert_eq!(security["scores"], serde_json::json!([100.0, 25.0, 100.0]));
    assert_eq!(report["overall"]["open_red_flags"], 0);
}

#[test]
fn history_in_table_markdown_html_and_ndjson() {
    let table = words(&history("table"));
    assert!(table.contains("mature → amateur → mature"), "{table}");
    assert!(table.contains("+ raised: high: No MFA on admin accounts [security.mfa]"));
    assert!(table.contains("✓ cleared: high: No MFA on admin accounts [security.mfa]"));
    let markdown = history("markdown");
    assert!(markdown.contains("| 2026-02-20 | amateur |"), "{markdown}");
    assert!(markdown.contains("- cleared: high: No MFA on admin accounts (`security.mfa`)"));
    let html = history("html");
    assert!(
        html.contains("<svg") && html.contains("<polyline"),
        "a chart"
    );
    assert_eq!(
        html.matches("<circle").count(),
        3,
        "one point per assessment"
    );
    assert!(!html.contains("<script"));
    let ndjson = history("ndjson");
    let lines: Vec<Value> = ndjson
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["date"], "2026-01-15");
}

#[test]
fn history_reads_a_folder_and_refuses_another_provider_or_an_undated_file() {
    let folder = tempfile::tempdir().unwrap();
    let source = fixture("fixtures/diff");
    for name in [
        "questionnaire.yaml",
        "2026-01-self.yaml",
        "2026-08-audit.yaml",
    ] {
        let text = std::fs::read_to_string(source.join(name)).unwrap();
        let target = if name == "questionnaire.yaml" {
            folder.path().join("q").join(name)
        } else {
            folder.path().join("runs").join(name)
        };
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(
            target,
            text.replace(
                "questionnaire: questionnaire.yaml",
                "questionnaire: ../q/questionnaire.yaml",
            ),
        )
        .unwrap();
    }
    let result = run_in(folder.path(), &["history", "--format", "json", "runs"]);
    assert_eq!(result.code, 0, "{}", result.stderr);
    let report: Value = serde_json::from_str(&result.stdout).unwrap();
    assert_eq!(report["points"].as_array().unwrap().len(), 2);

    let other = std::fs::read_to_string(source.join("other-provider.yaml"))
        .unwrap()
        .replace(
            "questionnaire: questionnaire.yaml",
            "questionnaire: ../q/questionnaire.yaml",
        );
    std::fs::write(folder.path().join("runs/other.yaml"), other).unwrap();
    let result = run_in(folder.path(), &["history", "runs"]);
    assert_eq!(result.code, 2);
    assert!(
        result.stderr.contains("runs/other.yaml:3:11: error:")
            && result.stderr.contains("[provider-mismatch]"),
        "{}",
        result.stderr
    );
    std::fs::remove_file(folder.path().join("runs/other.yaml")).unwrap();
    let undated = std::fs::read_to_string(folder.path().join("runs/2026-08-audit.yaml"))
        .unwrap()
        .replace("date: 2026-08-20\n", "");
    std::fs::write(folder.path().join("runs/2026-09.yaml"), undated).unwrap();
    let result = run_in(folder.path(), &["history", "runs"]);
    assert_eq!(result.code, 2);
    assert!(
        result
            .stderr
            .contains("runs/2026-09.yaml:1:1: error: `runs/2026-09.yaml` has no `date`"),
        "{}",
        result.stderr
    );
}
