//! A blank or nearly blank answers file gets a short, honest report in every human format:
//! what is answered, the class for now, the domains to answer first and the commands to do
//! it, without a score, rule checks or a roadmap built on guesses. JSON keeps every field.

use serde_json::Value;

use super::support::{root, run_in, words};

/// Guesses a report must not make about a file with (almost) no answers.
const GUESSES: [&str; 6] = [
    "n/a / 100",
    "none ≥",
    "Roadmap",
    "+0.0",
    "Overall score",
    "Why amateur",
];

fn blank_quick(folder: &std::path::Path) {
    let template = run_in(folder, &["template", "quick", "-o", "blank.yaml"]);
    assert_eq!(template.code, 0, "{}", template.stderr);
    let text = std::fs::read_to_string(folder.join("blank.yaml"))
        .unwrap()
        .replacen("provider: \"\"", "provider: Blank Ltd", 1);
    assert!(text.contains("Blank Ltd"), "the template names no provider");
    std::fs::write(folder.join("blank.yaml"), text).unwrap();
}

#[test]
fn a_blank_file_gets_a_short_honest_report_that_says_what_to_do_first() {
    let folder = tempfile::tempdir().unwrap();
    blank_quick(folder.path());
    let result = run_in(folder.path(), &["assess", "blank.yaml"]);
    assert_eq!(result.code, 0, "{}", result.stderr);
    let report = result.stdout;
    assert!(report.contains("Not assessed yet: 0 of "), "{report}");
    assert!(
        report.contains("Verdict:  AMATEUR · undecided (amateur to mature)"),
        "{report}"
    );
    assert!(report.contains("What to do first"), "{report}");
    assert!(
        report.contains("mspcheck interview quick --output blank.yaml"),
        "{report}"
    );
    assert!(report.contains("mspcheck assess blank.yaml"), "{report}");
    for guess in GUESSES {
        assert!(!report.contains(guess), "`{guess}` in:\n{report}");
    }
    assert!(report.lines().count() < 40, "short:\n{report}");
    // The heaviest domains come first, equal weights in the questionnaire's order.
    let domains: Vec<&str> = report
        .lines()
        .skip_while(|line| !line.starts_with("What to do first"))
        .skip(1)
        .take_while(|line| !line.is_empty())
        .collect();
    assert_eq!(domains.len(), 8, "{report}");
    let weights: Vec<u32> = domains
        .iter()
        .map(|line| {
            let weight = line.split("(weight ").nth(1).unwrap();
            weight[..weight.find(':').unwrap()].parse().unwrap()
        })
        .collect();
    assert!(
        weights.windows(2).all(|pair| pair[0] >= pair[1]),
        "{weights:?}"
    );
    assert!(domains[0].contains("MFA and passwords"), "{}", domains[0]);

    // The same short report in Markdown and HTML; the JSON keeps every field.
    for format in ["markdown", "html"] {
        let result = run_in(folder.path(), &["assess", "--format", format, "blank.yaml"]);
        assert_eq!(result.code, 0, "{}", result.stderr);
        let text = words(&result.stdout);
        assert!(text.contains("Not assessed yet: 0 of "), "{format}: {text}");
        assert!(text.contains("What to do first"), "{format}: {text}");
        assert!(
            text.contains("mspcheck interview quick --output blank.yaml"),
            "{format}: {text}"
        );
        for guess in GUESSES {
            assert!(!text.contains(guess), "{format}: `{guess}` in:\n{text}");
        }
        assert!(text.contains("mspcheck 0."), "{format}: the footer stays");
    }
    let json = run_in(folder.path(), &["assess", "--format", "json", "blank.yaml"]);
    let json: Value = serde_json::from_str(&json.stdout).unwrap();
    assert!(json["score"].is_null());
    assert!(!json["roadmap"].as_array().unwrap().is_empty());
    // A file that is well answered keeps the full report.
    let full = run_in(&root(), &["assess", "examples/quick-pseudo.yaml"]);
    assert!(
        full.stdout.contains("Roadmap — Steps to"),
        "{}",
        full.stdout
    );
    assert!(!full.stdout.contains("Not assessed yet"), "{}", full.stdout);
}

/// Keeps the first `keep` answers of `examples/quick-pseudo.yaml` (written as a JSON flow
/// mapping, which is YAML) and returns the assessment's JSON and table.
fn partial(folder: &std::path::Path, answers: &[(String, Value)], keep: usize) -> (Value, String) {
    let kept: serde_json::Map<String, Value> = answers
        .iter()
        .take(keep)
        .map(|(question, answer)| (question.clone(), serde_json::json!({ "answer": answer })))
        .collect();
    let text = format!(
        "format: mspcheck/answers/1\nquestionnaire: quick\nprovider: Partial Ltd\nanswers: {}\n",
        Value::Object(kept)
    );
    std::fs::write(folder.join("partial.yaml"), text).unwrap();
    let json = run_in(folder, &["assess", "--format", "json", "partial.yaml"]);
    assert_eq!(json.code, 0, "{keep}: {}", json.stderr);
    let table = run_in(folder, &["assess", "partial.yaml"]);
    (serde_json::from_str(&json.stdout).unwrap(), table.stdout)
}

#[test]
fn the_short_report_is_for_files_under_a_quarter_answered() {
    let full = run_in(
        &root(),
        &["assess", "--format", "json", "examples/quick-pseudo.yaml"],
    );
    let full: Value = serde_json::from_str(&full.stdout).unwrap();
    let answers: Vec<(String, Value)> = full["answers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|answer| !answer["answer"].is_null())
        .map(|answer| {
            (
                answer["question"].as_str().unwrap().to_string(),
                answer["answer"].clone(),
            )
        })
        .collect();
    let folder = tempfile::tempdir().unwrap();
    let (mut short, mut long) = (0, 0);
    for keep in 0..=answers.len().min(12) {
        let (json, table) = partial(folder.path(), &answers, keep);
        let coverage = json["coverage"].as_f64().unwrap();
        let nearly_blank = json["score"].is_null() || coverage < 0.25;
        assert_eq!(
            table.contains("Not assessed yet"),
            nearly_blank,
            "{keep} answers, coverage {coverage}:\n{table}"
        );
        assert_eq!(table.contains("Roadmap"), !nearly_blank, "{keep}:\n{table}");
        if nearly_blank {
            short += 1;
            assert!(
                table.contains(&format!("Answered so far ({keep})")) || keep == 0,
                "{keep}:\n{table}"
            );
        } else {
            long += 1;
        }
    }
    assert!(short > 1 && long > 1, "short {short}, long {long}");
}

#[test]
fn a_template_that_names_no_provider_yet_reads_the_provider_in_the_verdict() {
    let folder = tempfile::tempdir().unwrap();
    let template = run_in(folder.path(), &["template", "quick", "-o", "blank.yaml"]);
    assert_eq!(template.code, 0, "{}", template.stderr);
    for format in ["table", "markdown", "html"] {
        let result = run_in(folder.path(), &["assess", "blank.yaml", "--format", format]);
        assert_eq!(result.code, 0, "{}", result.stderr);
        assert!(
            result.stdout.contains("The provider is amateur for now"),
            "{format}: {}",
            result.stdout
        );
    }
}
