//! `mspcheck template`: a blank answers file that validates as it is and, with a few keys
//! filled in, assesses, for every bundled questionnaire.

use serde_json::Value;

use super::support::{run, run_in};

/// A valid answer for each question `show --format json` describes (`None` for questions
/// that apply only under a condition, to keep the expected count exact).
fn sample_answer(question: &Value) -> Option<String> {
    if question.get("when").is_some() {
        return None;
    }
    let first_option = || question["options"][0]["value"].as_str().map(str::to_string);
    match question["kind"].as_str()? {
        "yes_no" => Some("yes".into()),
        "choice" => first_option(),
        "multi" => first_option().map(|value| format!("[{value}]")),
        "scale" => Some(question["scale"]["min"].as_i64()?.to_string()),
        "number" => Some("0".into()),
        _ => None,
    }
}

#[test]
fn templates_validate_and_round_trip_through_assess_for_every_bundled_questionnaire() {
    let folder = tempfile::tempdir().unwrap();
    for id in ["msp", "mssp", "quick"] {
        let template = run(&["template", id, "--perspective", "client"]);
        assert_eq!(template.code, 0, "{id}: {}", template.stderr);
        assert!(
            template
                .stdout
                .starts_with("# yaml-language-server: $schema=mspcheck-answers.schema.json\n"),
            "{id}"
        );
        assert!(
            template.stdout.contains(&format!("questionnaire: \"{id}@")),
            "{id}: pinned to the version"
        );
        let blank = folder.path().join(format!("{id}-blank.yaml"));
        std::fs::write(&blank, &template.stdout).unwrap();
        let validated = run_in(folder.path(), &["validate", blank.to_str().unwrap()]);
        assert_eq!(
            validated.code, 0,
            "{id}: blank template must validate: {}",
            validated.stderr
        );
        assert!(
            validated.stdout.contains("ok (answers for"),
            "{}",
            validated.stdout
        );

        let shown: Value =
            serde_json::from_str(&run(&["show", id, "--format", "json"]).stdout).unwrap();
        let questions = shown["questions"].as_array().unwrap();
        let mut filled = template
            .stdout
            .replace("provider: \"\"", "provider: Round Trip Ltd");
        let mut count = 0;
        for question in questions
            .iter()
            .filter_map(|question| Some((question["id"].as_str()?, sample_answer(question)?)))
            .take(4)
        {
            let (question_id, answer) = question;
            let blank_line = format!("\n  {question_id}:\n");
            assert!(
                filled.contains(&blank_line),
                "{id}: `{question_id}` has an empty key"
            );
            filled = filled.replacen(&blank_line, &format!("\n  {question_id}: {answer}\n"), 1);
            count += 1;
        }
        assert_eq!(count, 4, "{id}: four unconditional questions to fill");
        let path = folder.path().join(format!("{id}-filled.yaml"));
        std::fs::write(&path, &filled).unwrap();
        let assessed = run_in(
            folder.path(),
            &["assess", "--format", "json", path.to_str().unwrap()],
        );
        assert_eq!(assessed.code, 0, "{id}: {}", assessed.stderr);
        let report: Value = serde_json::from_str(&assessed.stdout).unwrap();
        assert_eq!(report["provider"], "Round Trip Ltd");
        assert_eq!(report["perspective"], "client");
        let answered = report["answers"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|answer| !answer["answer"].is_null())
            .count();
        assert_eq!(
            answered, count,
            "{id}: exactly the filled keys count as answered"
        );
        assert!(report["coverage"].as_f64().unwrap() > 0.0);
    }
}

#[test]
fn template_lists_allowed_answers_and_conditions() {
    let template = run(&["template", "quick"]);
    assert_eq!(template.code, 0, "{}", template.stderr);
    // `billing.model` is a choice question; its options and scores are spelled out.
    assert!(
        template
            .stdout
            .contains("  # billing.model (choice, weight 3)"),
        "{}",
        template.stdout
    );
    assert!(
        template.stdout.contains("  #     flat_per_seat "),
        "{}",
        template.stdout
    );
    assert!(template.stdout.contains("(score 1)"));
    assert!(
        template.stdout.contains("Applies only when `"),
        "conditional questions say when they apply"
    );
    assert!(template
        .stdout
        .contains("perspective:            # client | provider | auditor"));
}

#[test]
fn template_output_file_points_at_a_custom_questionnaire_and_is_not_overwritten() {
    let folder = tempfile::tempdir().unwrap();
    std::fs::create_dir(folder.path().join("answers")).unwrap();
    std::fs::copy(
        super::support::fixture("fixtures/compare/questionnaire.yaml"),
        folder.path().join("custom.yaml"),
    )
    .unwrap();
    let made = run_in(
        folder.path(),
        &["template", "./custom.yaml", "--output", "answers/acme.yaml"],
    );
    assert_eq!(made.code, 0, "{}", made.stderr);
    assert!(made.stdout.is_empty());
    let text = std::fs::read_to_string(folder.path().join("answers/acme.yaml")).unwrap();
    assert!(
        text.contains("questionnaire: \"../custom.yaml@1.0.0\""),
        "{text}"
    );
    let validated = run_in(folder.path(), &["validate", "answers/acme.yaml"]);
    assert_eq!(validated.code, 0, "{}", validated.stderr);

    std::fs::write(folder.path().join("answers/acme.yaml"), "precious answers").unwrap();
    let again = run_in(
        folder.path(),
        &["template", "./custom.yaml", "--output", "answers/acme.yaml"],
    );
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("[output-exists]"), "{}", again.stderr);
    assert_eq!(
        std::fs::read_to_string(folder.path().join("answers/acme.yaml")).unwrap(),
        "precious answers"
    );
    let forced = run_in(
        folder.path(),
        &[
            "template",
            "./custom.yaml",
            "--output",
            "answers/acme.yaml",
            "--force",
        ],
    );
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert!(
        std::fs::read_to_string(folder.path().join("answers/acme.yaml"))
            .unwrap()
            .starts_with("# yaml-language-server")
    );
}

#[test]
fn unknown_questionnaire_is_a_diagnostic() {
    let run = run(&["template", "mspp"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("[questionnaire-not-found]")
            && run.stderr.contains("did you mean `msp`?"),
        "{}",
        run.stderr
    );
}
