//! Golden reports: checked-in expected outputs, so a change in output is a reviewed change.
//! Run with `UPDATE_GOLDEN=1` to rewrite them after an intended change, then review the diff.

use super::support::{fixture, root, run};

fn compare_or_update(name: &str, actual: &str) {
    let path = fixture("golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("missing {}; run with UPDATE_GOLDEN=1", path.display()));
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(left, right)| left != right)
            .unwrap_or(0);
        panic!(
            "{name} differs from the golden file at line {}:\nexpected: {:?}\nactual:   {:?}\n(run with UPDATE_GOLDEN=1 if the change is intended)",
            line + 1,
            expected.lines().nth(line),
            actual.lines().nth(line)
        );
    }
}

const EXAMPLES: &[(&str, &str)] = &[
    ("mature-msp", "mature"),
    ("pseudo-msp", "pseudo"),
    ("amateur-msp", "amateur"),
    ("mssp-mature", "mature"),
    ("mssp-pseudo", "pseudo"),
    ("mssp-amateur", "amateur"),
    ("quick-mature", "mature"),
    ("quick-pseudo", "pseudo"),
    ("quick-amateur", "amateur"),
];

#[test]
fn every_example_classifies_as_named_and_matches_its_golden_json() {
    for (example, class) in EXAMPLES {
        let path = format!("examples/{example}.yaml");
        let result = run(&["assess", "--format", "json", &path]);
        assert_eq!(result.code, 0, "{example}: {}", result.stderr);
        let report: serde_json::Value = serde_json::from_str(&result.stdout).unwrap();
        assert_eq!(report["classification"], *class, "{example}");
        for field in [
            "format",
            "provider",
            "questionnaire",
            "answers_sha256",
            "classification",
            "reason",
            "score",
            "coverage",
            "domains",
            "signals",
            "red_flags",
            "roadmap",
            "verified_share",
        ] {
            assert!(
                report.get(field).is_some(),
                "{example}: report lacks `{field}`"
            );
        }
        compare_or_update(&format!("{example}.json"), &result.stdout);
    }
}

#[test]
fn one_assessment_in_every_format_matches_its_golden_output() {
    for (format, extension) in [
        ("table", "txt"),
        ("json", "json"),
        ("markdown", "md"),
        ("html", "html"),
        ("csv", "csv"),
    ] {
        let result = run(&["assess", "--format", format, "examples/pseudo-msp.yaml"]);
        assert_eq!(result.code, 0, "{format}: {}", result.stderr);
        compare_or_update(&format!("pseudo-msp.{extension}"), &result.stdout);
    }
}

#[test]
fn examples_are_bundled_with_the_project() {
    for (example, _) in EXAMPLES {
        assert!(
            root()
                .join("examples")
                .join(format!("{example}.yaml"))
                .is_file(),
            "{example}"
        );
    }
}
