//! The corpus of broken files under `tests/fixtures/invalid/`: each marks the line where a
//! problem must be reported with `# <-- code` (or names a file-wide code with
//! `# expect-code: code`). `validate` must exit 2 and report exactly those problems, each at
//! `FILE:LINE:COL` with its stable code.

use super::support::{fixture, run_in};

struct Expected {
    code: String,
    line: Option<usize>,
}

fn expectations(text: &str) -> Vec<Expected> {
    let mut found = Vec::new();
    for (number, line) in text.lines().enumerate() {
        if let Some((_, code)) = line.split_once("# <-- ") {
            found.push(Expected {
                code: code.trim().to_string(),
                line: Some(number + 1),
            });
        }
        if let Some((_, code)) = line.split_once("# expect-code: ") {
            found.push(Expected {
                code: code.trim().to_string(),
                line: None,
            });
        }
    }
    found
}

#[test]
fn every_broken_file_is_refused_at_the_marked_lines_with_its_code() {
    let folder = fixture("fixtures/invalid");
    let mut names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".yaml"))
        .collect();
    names.sort();
    assert!(
        names.len() >= 30,
        "the corpus has at least 30 files, found {}",
        names.len()
    );
    let mut failures = Vec::new();
    for name in &names {
        let text = std::fs::read_to_string(folder.join(name)).unwrap();
        let expected = expectations(&text);
        assert!(!expected.is_empty(), "{name} marks no expected problem");
        let run = run_in(&folder, &["validate", name]);
        let errors: Vec<&str> = run
            .stderr
            .lines()
            .filter(|line| line.contains(": error: "))
            .collect();
        let mut problems = Vec::new();
        if run.code != 2 {
            problems.push(format!("exit {} instead of 2", run.code));
        }
        for wanted in &expected {
            let tag = format!("[{}]", wanted.code);
            let hit = errors.iter().any(|line| {
                line.ends_with(&tag)
                    && match wanted.line {
                        Some(number) => line.starts_with(&format!("{name}:{number}:")),
                        None => line.starts_with(&format!("{name}:")),
                    }
            });
            if !hit {
                problems.push(format!("no {tag} at line {:?}", wanted.line));
            }
        }
        if errors.len() != expected.len() {
            problems.push(format!(
                "{} errors reported, {} expected",
                errors.len(),
                expected.len()
            ));
        }
        if !problems.is_empty() {
            failures.push(format!("{name}: {}\n{}", problems.join("; "), run.stderr));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn suggestions_name_the_closest_id_and_list_allowed_values() {
    let folder = fixture("fixtures/invalid");
    let run = run_in(&folder, &["validate", "a-unknown-question.yaml"]);
    assert!(
        run.stderr.contains("did you mean `access.mfa`?"),
        "{}",
        run.stderr
    );
    let run = run_in(&folder, &["validate", "a-value-not-allowed.yaml"]);
    assert!(
        run.stderr
            .contains("expected one of `hourly`, `monthly`, `mixed`"),
        "{}",
        run.stderr
    );
    let run = run_in(&folder, &["validate", "q-kind-typo.yaml"]);
    assert!(
        run.stderr.contains("did you mean `choice`?"),
        "{}",
        run.stderr
    );
    let run = run_in(&folder, &["validate", "q-unknown-key.yaml"]);
    assert!(
        run.stderr.contains("did you mean `text`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn several_files_report_every_problem_of_every_file() {
    let folder = fixture("fixtures/invalid");
    let run = run_in(
        &folder,
        &[
            "validate",
            "a-several-problems.yaml",
            "q-several-problems.yaml",
        ],
    );
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr
            .lines()
            .filter(|line| line.contains(": error: "))
            .count(),
        4 + 5,
        "{}",
        run.stderr
    );
}
