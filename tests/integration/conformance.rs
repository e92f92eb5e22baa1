//! SPEC's scoring arithmetic against the shared conformance cases (copied into
//! `tests/conformance/`): every field within 1e-9, normal and `--verified-only`.

use serde_json::Value;

use super::support::{fixture, run_in};

fn close(actual: &Value, expected: &Value, what: &str) {
    match (actual.as_f64(), expected.as_f64()) {
        (Some(actual), Some(expected)) => assert!(
            (actual - expected).abs() < 1e-9,
            "{what}: {actual} != {expected}"
        ),
        _ => assert_eq!(actual, expected, "{what}"),
    }
}

fn check(report: &Value, expected: &Value, case: &str) {
    for field in ["classification", "reason"] {
        assert_eq!(report[field], expected[field], "{case}: {field}");
    }
    close(
        &report["score"],
        &expected["score"],
        &format!("{case}: score"),
    );
    close(
        &report["coverage"],
        &expected["coverage"],
        &format!("{case}: coverage"),
    );
    assert_eq!(report["signals"], expected["signals"], "{case}: signals");
    // SPEC's `{question, message}` of each red flag; the report adds `severity`, `flag` and
    // `questions` (issue #18), which the cases predate.
    let flags = report["red_flags"].as_array().unwrap();
    let expected_flags = expected["red_flags"].as_array().unwrap();
    assert_eq!(flags.len(), expected_flags.len(), "{case}: red_flags");
    for (flag, wanted) in flags.iter().zip(expected_flags) {
        for (field, value) in wanted.as_object().unwrap() {
            assert_eq!(&flag[field], value, "{case}: red flag {field}");
        }
        assert_eq!(flag["severity"], "high", "{case}: default severity");
    }
    let domains = report["domains"].as_array().unwrap();
    let expected_domains = expected["domains"].as_array().unwrap();
    assert_eq!(
        domains.len(),
        expected_domains.len(),
        "{case}: domain count"
    );
    for (domain, wanted) in domains.iter().zip(expected_domains) {
        assert_eq!(domain["id"], wanted["id"], "{case}: domain order");
        let id = wanted["id"].as_str().unwrap();
        close(
            &domain["score"],
            &wanted["score"],
            &format!("{case}: domain {id} score"),
        );
        assert_eq!(
            domain["answered"], wanted["answered"],
            "{case}: domain {id} answered"
        );
        assert_eq!(
            domain["applicable"], wanted["applicable"],
            "{case}: domain {id} applicable"
        );
    }
}

#[test]
fn every_conformance_case_agrees_in_normal_and_verified_only_runs() {
    let folder = fixture("conformance");
    let mut cases: Vec<_> = std::fs::read_dir(folder.join("answers"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 7, "the conformance answers are present");
    for case in cases {
        let name = case.file_stem().unwrap().to_string_lossy().into_owned();
        let expected: Value = serde_json::from_str(
            &std::fs::read_to_string(folder.join("expected").join(format!("{name}.json"))).unwrap(),
        )
        .unwrap();
        let relative = format!("answers/{name}.yaml");
        for (mode, flags) in [
            ("normal", vec![]),
            ("verified_only", vec!["--verified-only"]),
        ] {
            let mut args = vec!["assess", "--format", "json", relative.as_str()];
            args.extend(flags);
            let run = run_in(&folder, &args);
            assert_eq!(run.code, 0, "{name} {mode}: {}", run.stderr);
            let report: Value = serde_json::from_str(&run.stdout).unwrap();
            check(&report, &expected[mode], &format!("{name} {mode}"));
        }
    }
}

#[test]
fn several_files_give_an_array_in_argument_order() {
    let folder = fixture("conformance");
    let run = run_in(
        &folder,
        &[
            "assess",
            "--format",
            "json",
            "answers/02-pseudo.yaml",
            "answers/01-mature.yaml",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let reports: Value = serde_json::from_str(&run.stdout).unwrap();
    let reports = reports.as_array().unwrap();
    assert_eq!(reports.len(), 2);
    assert_eq!(reports[0]["provider"], "Case 02-pseudo");
    assert_eq!(reports[1]["provider"], "Case 01-mature");
}
