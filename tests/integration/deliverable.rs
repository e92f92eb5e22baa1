//! Reports a consultant can hand over: the executive summary first in every human format, a
//! footer naming the report date, the tool and the exact questionnaire, the evidence trail,
//! branding, CSV a spreadsheet keeps apart, typed JSON and NDJSON, `diff` in HTML.

use serde_json::Value;

use super::support::{fixture, run, run_in, words, Run};

const VERSION: &str = env!("CARGO_PKG_VERSION");

fn ok(result: Run) -> String {
    assert_eq!(result.code, 0, "{}", result.stderr);
    result.stdout
}

fn json(args: &[&str]) -> Value {
    serde_json::from_str(&ok(run(args))).expect("JSON")
}

#[test]
fn the_summary_comes_first_in_every_human_format() {
    let json = json(&["assess", "--format", "json", "examples/amateur-msp.yaml"]);
    let flags = format!(
        "Red flags ({})",
        json["red_flags"].as_array().unwrap().len()
    );
    let first_action = json["roadmap"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|step| step["purpose"] == "next_class")
        .max_by(|left, right| {
            left["gain"]
                .as_f64()
                .unwrap()
                .total_cmp(&right["gain"].as_f64().unwrap())
        })
        .and_then(|step| step["remediation"].as_str())
        .map(|text| {
            text.split_whitespace()
                .take(5)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap();
    for format in ["table", "markdown", "html"] {
        let report = ok(run(&[
            "assess",
            "--format",
            format,
            "examples/amateur-msp.yaml",
        ]));
        let report = words(&report).replace("&amp;", "&");
        let at = |needle: &str| {
            report
                .find(needle)
                .unwrap_or_else(|| panic!("{format}: no {needle:?}"))
        };
        let why = at("Why amateur");
        for part in [
            "Hollis PC & Network Services is amateur",
            flags.as_str(),
            "What to do next",
            first_action.as_str(),
        ] {
            assert!(at(part) < why, "{format}: {part:?} is not in the summary");
        }
    }
}

#[test]
fn the_summary_speaks_to_a_client_in_a_client_report() {
    let report = ok(run(&[
        "assess",
        "--format",
        "markdown",
        "examples/quick-amateur.yaml",
    ]));
    assert!(
        report.contains("**What to ask the provider for:**"),
        "{report}"
    );
    // Remediation written for the provider reads, for a client, as what to ask for.
    assert!(
        report.contains("1. Ask the provider to offer a fixed monthly fee"),
        "{report}"
    );
}

#[test]
fn every_human_format_ends_with_the_footer() {
    let report = json(&["assess", "--format", "json", "examples/pseudo-msp.yaml"]);
    let sha = report["questionnaire"]["sha256"].as_str().unwrap();
    let version = report["questionnaire"]["version"].as_str().unwrap();
    let footer = format!("mspcheck {VERSION} · questionnaire msp {version} (sha256 {sha})");
    let diff = fixture("fixtures/diff");
    for format in ["table", "markdown", "html"] {
        let outputs = [
            ok(run(&[
                "assess",
                "--format",
                format,
                "examples/pseudo-msp.yaml",
            ])),
            ok(run(&[
                "compare",
                "--format",
                format,
                "examples/pseudo-msp.yaml",
                "examples/mature-msp.yaml",
            ])),
        ];
        for output in outputs {
            let output = words(&output).replace("\\-", "-");
            assert!(
                output.contains("Report of 2026-12-01"),
                "{format}: {output}"
            );
            assert!(output.contains(&footer), "{format}: {footer}");
        }
        for args in [
            vec![
                "diff",
                "--format",
                format,
                "2026-01-self.yaml",
                "2026-02-audit.yaml",
            ],
            vec![
                "history",
                "--format",
                format,
                "2026-01-self.yaml",
                "2026-08-audit.yaml",
            ],
        ] {
            let output = words(&ok(run_in(&diff, &args)));
            assert!(
                output.contains("Report of 2026-12-01")
                    && output.contains(&format!("mspcheck {VERSION}")),
                "{args:?}: {output}"
            );
        }
    }
}

#[test]
fn the_evidence_trail_shows_notes_evidence_marks_and_verified_share() {
    let evidence = "RMM device export sent by the account manager";
    let plain = ok(run(&[
        "assess",
        "--format",
        "table",
        "examples/pseudo-msp.yaml",
    ]));
    assert!(
        !plain.contains(evidence),
        "the table shows the trail only with --details"
    );
    let report = json(&["assess", "--format", "json", "examples/pseudo-msp.yaml"]);
    let domain = report["domains"]
        .as_array()
        .unwrap()
        .iter()
        .find(|domain| domain["verified"].as_u64().unwrap() > 0)
        .expect("a domain with a verified answer");
    let share = format!("{} of {} verified", domain["verified"], domain["answered"]);
    for format in ["table", "markdown", "html"] {
        let mut args = vec!["assess", "--format", format, "examples/pseudo-msp.yaml"];
        if format == "table" {
            args.push("--details");
        }
        let output = words(&ok(run(&args)));
        assert!(output.contains("Evidence trail"), "{format}");
        assert!(output.contains(evidence), "{format}: the evidence is shown");
        assert!(output.contains(&share), "{format}: {share}");
        assert!(
            output.contains("unverified") && output.contains("verified"),
            "{format}"
        );
    }
}

#[test]
fn csv_keeps_questionnaires_apart_and_rounds_numbers() {
    let csv = ok(run(&[
        "assess",
        "--format",
        "csv",
        "examples/pseudo-msp.yaml",
        "examples/quick-pseudo.yaml",
    ]));
    let mut reader = ::csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    for column in [
        "standing",
        "held_back_from",
        "best_class",
        "worst_class",
        "assessor",
        "perspective",
        "date",
        "domain:msp/billing",
        "domain:quick/billing",
    ] {
        assert!(
            header.iter().any(|name| name == column),
            "no column {column}: {header:?}"
        );
    }
    assert!(!header.iter().any(|name| name == "domain:billing"));
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|row| row.unwrap().iter().map(String::from).collect())
        .collect();
    assert_eq!(rows.len(), 2);
    let column = |name: &str| header.iter().position(|other| other == name).unwrap();
    assert_eq!(rows[0][column("perspective")], "client");
    assert_eq!(rows[0][column("date")], "2026-11-20");
    assert_eq!(
        rows[0][column("domain:quick/billing")],
        "",
        "msp has no quick domain"
    );
    assert_ne!(rows[1][column("domain:quick/billing")], "");
    for row in &rows {
        for cell in row {
            if let Some((_, decimals)) = cell.split_once('.') {
                if cell.parse::<f64>().is_ok() {
                    assert!(decimals.len() <= 3, "unrounded number {cell}");
                }
            }
        }
        assert!(["clear", "held_back", "undecided"].contains(&row[column("standing")].as_str()));
    }
}

#[test]
fn csv_answers_is_one_row_per_answer_with_its_evidence() {
    let csv = ok(run(&[
        "assess",
        "--format",
        "csv",
        "--csv",
        "answers",
        "examples/pseudo-msp.yaml",
    ]));
    let report = json(&["assess", "--format", "json", "examples/pseudo-msp.yaml"]);
    let mut reader = ::csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "provider",
            "answers_file",
            "assessor",
            "perspective",
            "date",
            "questionnaire",
            "version",
            "domain",
            "question",
            "answer",
            "label",
            "score",
            "verified",
            "stale",
            "red_flag",
            "note",
            "evidence",
            "ref"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), report["answers"].as_array().unwrap().len());
    let row = rows
        .iter()
        .find(|row| row[8] == *"proactivity.monitoring_coverage")
        .unwrap();
    assert_eq!(&row[9], "76");
    assert!(row[16].starts_with("RMM device export"), "{row:?}");
    assert_eq!(&row[12], "true");
}

#[test]
fn json_answers_and_roadmap_values_are_typed() {
    let report = json(&["assess", "--format", "json", "examples/pseudo-msp.yaml"]);
    let answer = |id: &str| {
        report["answers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|answer| answer["question"] == id)
            .unwrap_or_else(|| panic!("{id}"))
            .clone()
    };
    assert_eq!(answer("proactivity.monitoring_coverage")["answer"], 76);
    assert_eq!(
        answer("breakfix.metrics_shared")["answer"],
        serde_json::json!(["resolution_time"])
    );
    assert_eq!(answer("mfa.rollout_steps")["answer"][0], "none_in_advance");
    assert!(answer("billing.model")["answer"].is_string());
    assert!(answer("billing.model")["label"].is_string());
    for step in report["roadmap"].as_array().unwrap() {
        for side in ["from", "to"] {
            let value = &step[side];
            assert!(
                value.is_null() || value.is_number() || value.is_array() || value.is_string(),
                "{value}"
            );
            if let Some(text) = value.as_str() {
                assert!(!text.starts_with('['), "a list as a string: {text}");
                assert!(text.parse::<f64>().is_err(), "a number as a string: {text}");
            }
        }
        assert!(step["from_label"].is_string() && step["to_label"].is_string());
    }
}

#[test]
fn ndjson_writes_one_report_per_line() {
    let output = ok(run(&[
        "assess",
        "--format",
        "ndjson",
        "examples/amateur-msp.yaml",
        "examples/pseudo-msp.yaml",
        "examples/mature-msp.yaml",
    ]));
    let lines: Vec<&str> = output.lines().collect();
    assert_eq!(lines.len(), 3);
    for (line, class) in lines.iter().zip(["amateur", "pseudo", "mature"]) {
        let report: Value = serde_json::from_str(line).expect("each line is one JSON object");
        assert_eq!(report["format"], "mspcheck/report/1");
        assert_eq!(report["classification"], class);
    }
    let compare = ok(run(&[
        "compare",
        "--format",
        "ndjson",
        "examples/amateur-msp.yaml",
        "examples/mature-msp.yaml",
    ]));
    let first: Value = serde_json::from_str(compare.lines().next().unwrap()).unwrap();
    assert_eq!(first["rank"], 1);
}

#[test]
fn diff_is_also_one_self_contained_html_page() {
    let html = ok(run_in(
        &fixture("fixtures/diff"),
        &[
            "diff",
            "--format",
            "html",
            "2026-01-self.yaml",
            "2026-02-audit.yaml",
        ],
    ));
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("default-src 'none'"));
    assert!(html.contains(
        "<span class=\"class mature\">mature</span> → <span class=\"class amateur\">amateur</span>"
    ));
    assert!(html.contains("Claims: self-assessment checked by the auditor"));
    assert!(!html.contains("<script") && !html.contains("src=\"http"));
}

#[test]
fn a_brand_is_embedded_in_html_and_markdown() {
    let brand = fixture("fixtures/brand/northwind.yaml");
    let brand = brand.to_str().unwrap();
    let html = ok(run(&[
        "assess",
        "--format",
        "html",
        "--brand",
        brand,
        "examples/amateur-msp.yaml",
    ]));
    assert!(html.contains("<img src=\"data:image/svg+xml;base64,"));
    assert!(html.contains("Northwind Advisory") && html.contains("Prepared by Jane Doe"));
    assert!(
        html.contains("Confidential: prepared for the board of Hollis PC &amp; Network Services")
    );
    assert!(html.contains("--accent: #0b5fff"));
    assert!(!html.contains("src=\"http") && !html.contains("url("));
    let markdown = ok(run(&[
        "assess",
        "--format",
        "markdown",
        "--brand",
        brand,
        "examples/amateur-msp.yaml",
    ]));
    assert!(markdown.starts_with("![Northwind Advisory](data:image/svg+xml;base64,"));
    assert!(markdown.contains("**Northwind Advisory** · prepared by Jane Doe, Senior Consultant"));
    assert!(markdown
        .contains("> **Confidential: prepared for the board of Hollis PC & Network Services**"));
}

#[test]
fn brand_file_problems_are_located() {
    let folder = tempfile::tempdir().unwrap();
    std::fs::copy(
        super::support::root().join("examples/amateur-msp.yaml"),
        folder.path().join("answers.yaml"),
    )
    .unwrap();
    let answers = folder.path().join("answers.yaml");
    let answers = answers.to_str().unwrap();
    std::fs::write(
        folder.path().join("typo.yaml"),
        "organisation: Northwind\ncolour: \"#fff\"\n",
    )
    .unwrap();
    let result = run_in(folder.path(), &["assess", "--brand", "typo.yaml", answers]);
    assert_eq!(result.code, 2);
    assert!(
        result.stderr.starts_with("typo.yaml:2:1: error:")
            && result.stderr.contains("[unknown-key]"),
        "{}",
        result.stderr
    );
    std::fs::write(folder.path().join("not-a-logo.txt"), "hello").unwrap();
    std::fs::write(
        folder.path().join("bad.yaml"),
        "organisation: Northwind\naccent: red\nlogo: not-a-logo.txt\n",
    )
    .unwrap();
    let result = run_in(
        folder.path(),
        &["assess", "--format", "html", "--brand", "bad.yaml", answers],
    );
    assert_eq!(result.code, 2);
    assert!(result.stdout.is_empty(), "no report on a bad brand");
    assert!(
        result
            .stderr
            .contains("bad.yaml:2:9: error: `accent` is `red`, not a colour [invalid-brand]"),
        "{}",
        result.stderr
    );
    assert!(
        result.stderr.contains("bad.yaml:3:7: error: the logo `not-a-logo.txt` is not a PNG, JPEG, GIF, WebP or SVG image [invalid-brand]"),
        "{}",
        result.stderr
    );
    std::fs::write(
        folder.path().join("missing.yaml"),
        "organisation: Northwind\nlogo: nowhere.png\n",
    )
    .unwrap();
    let result = run_in(
        folder.path(),
        &["assess", "--brand", "missing.yaml", answers],
    );
    assert_eq!(result.code, 2);
    assert!(
        result
            .stderr
            .starts_with("missing.yaml:2:7: error: cannot read the logo `nowhere.png`")
            && result.stderr.contains("[file-unreadable]"),
        "{}",
        result.stderr
    );
}

#[test]
fn remediation_and_red_flags_are_worded_for_the_assessments_reader() {
    let folder = fixture("fixtures/readers");
    let report = |who: &str| -> Value {
        serde_json::from_str(&ok(run_in(
            &folder,
            &["assess", "--format", "json", &format!("{who}.yaml")],
        )))
        .unwrap()
    };
    for (who, flag, remediation) in [
        (
            "client",
            "Your provider earns more when your systems fail",
            "Ask for a fixed monthly fee that covers support and maintenance.",
        ),
        (
            "provider",
            "You earn more when your clients' systems fail",
            "Offer a fixed monthly fee that covers support and maintenance.",
        ),
        // No auditor text: the flag falls back to `default`, the remediation (no default)
        // to the provider's text.
        (
            "auditor",
            "The provider earns more when systems fail",
            "Offer a fixed monthly fee that covers support and maintenance.",
        ),
    ] {
        let report = report(who);
        assert_eq!(report["red_flags"][0]["message"], flag, "{who}");
        let step = report["roadmap"]
            .as_array()
            .unwrap()
            .iter()
            .find(|step| step["question"] == "ops.billing")
            .unwrap();
        assert_eq!(step["remediation"], remediation, "{who}");
        let plain = report["roadmap"]
            .as_array()
            .unwrap()
            .iter()
            .find(|step| step["question"] == "ops.reviews")
            .unwrap();
        // A plain string is written for the provider; a client's report reads it as what
        // to ask the provider for (docs/report.md, "Wording per reader").
        let expected = if who == "client" {
            "Ask the provider to hold a review every quarter."
        } else {
            "Hold a review every quarter."
        };
        assert_eq!(plain["remediation"], expected, "{who}");
        let markdown = ok(run_in(
            &folder,
            &["assess", "--format", "markdown", &format!("{who}.yaml")],
        ));
        assert!(
            markdown.contains(flag) && markdown.contains(remediation),
            "{who}: {markdown}"
        );
    }
    let shown = ok(run_in(
        &folder,
        &["show", "questionnaire.yaml", "--format", "markdown"],
    ));
    assert!(
        shown.contains("- _for the client:_ Ask for a fixed monthly fee"),
        "{shown}"
    );
    let client = ok(run_in(
        &folder,
        &[
            "show",
            "questionnaire.yaml",
            "--format",
            "markdown",
            "--perspective",
            "client",
        ],
    ));
    assert!(client.contains("Your provider earns more when your systems fail"));
}

#[test]
fn a_text_per_reader_is_checked_where_it_is_written() {
    let folder = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture("fixtures/readers/questionnaire.yaml"))
        .unwrap()
        .replace("      client: Ask for", "      clint: Ask for");
    std::fs::write(folder.path().join("q.yaml"), text).unwrap();
    let result = run_in(folder.path(), &["validate", "q.yaml"]);
    assert_eq!(result.code, 2);
    assert!(
        result
            .stderr
            .contains("q.yaml:23:7: error: unknown key `clint` [unknown-key]")
            && result.stderr.contains("did you mean `client`?"),
        "{}",
        result.stderr
    );
}

#[test]
fn every_report_and_history_key_is_documented() {
    let docs = std::fs::read_to_string(super::support::root().join("docs/report.md")).unwrap();
    fn keys(value: &Value, found: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::Object(properties)) = map.get("properties") {
                    found.extend(properties.keys().cloned());
                }
                map.values().for_each(|inner| keys(inner, found));
            }
            Value::Array(items) => items.iter().for_each(|inner| keys(inner, found)),
            _ => {}
        }
    }
    for kind in ["report", "history", "compare"] {
        let schema: Value = serde_json::from_str(&ok(run(&["schema", kind]))).unwrap();
        let mut found = Vec::new();
        keys(&schema, &mut found);
        assert!(found.len() > 20, "{kind}: {found:?}");
        for key in found {
            assert!(
                docs.contains(&format!("`{key}`")),
                "docs/report.md does not document the {kind} key `{key}`"
            );
        }
    }
}
