//! Content QA of the bundled questionnaires: the questionnaires are the product, so their
//! quality is tested like code.

use std::collections::HashSet;

use mspcheck::load::{Catalog, BUNDLED};
use mspcheck::model::questionnaire::Class;
use mspcheck::model::Perspective;

use super::support::{root, run};

#[test]
fn at_least_msp_mssp_and_quick_are_bundled() {
    let ids: Vec<&str> = BUNDLED.iter().map(|bundled| bundled.id).collect();
    for id in ["msp", "mssp", "quick"] {
        assert!(ids.contains(&id), "{id} is bundled");
    }
    let listed = run(&["list"]).stdout;
    for id in ["msp", "mssp", "quick"] {
        assert!(listed.contains(&format!("│ {id} ")), "{listed}");
    }
}

#[test]
fn every_question_has_help_remediation_and_wording_for_client_and_provider() {
    let catalog = Catalog::default();
    for bundled in BUNDLED {
        let loaded = catalog.load_named(bundled.id).unwrap();
        for question in &loaded.questionnaire.questions {
            let definition = &question.definition;
            let id = format!("{}:{}", bundled.id, definition.id);
            assert!(
                definition
                    .help
                    .as_deref()
                    .is_some_and(|help| help.len() > 20),
                "{id} has help"
            );
            assert!(
                definition
                    .remediation
                    .as_deref()
                    .is_some_and(|text| text.len() > 20),
                "{id} has remediation"
            );
            for perspective in [Perspective::Client, Perspective::Provider] {
                assert!(
                    definition.wording.contains_key(&perspective),
                    "{id} has {} wording",
                    perspective.as_str()
                );
            }
        }
    }
}

#[test]
fn no_two_questions_share_a_text_and_option_labels_are_distinct() {
    let catalog = Catalog::default();
    for bundled in BUNDLED {
        let loaded = catalog.load_named(bundled.id).unwrap();
        let mut texts = HashSet::new();
        for question in &loaded.questionnaire.questions {
            assert!(
                texts.insert(question.definition.text.to_lowercase()),
                "{}: `{}` repeats a text",
                bundled.id,
                question.id()
            );
            let mut labels = HashSet::new();
            for option in &question.options {
                assert!(
                    labels.insert(option.label.to_lowercase()),
                    "{}: `{}` repeats label `{}`",
                    bundled.id,
                    question.id(),
                    option.label
                );
            }
        }
    }
}

#[test]
fn every_signal_a_rule_uses_can_be_raised_and_every_rule_names_known_domains() {
    // Validation refuses both; loading each bundled questionnaire proves they pass.
    let catalog = Catalog::default();
    for bundled in BUNDLED {
        let loaded = catalog.load_named(bundled.id).unwrap();
        assert!(loaded
            .questionnaire
            .rules
            .last()
            .unwrap()
            .condition
            .is_unconditional());
    }
}

#[test]
fn every_class_is_reachable_and_shown_by_an_example() {
    let examples = [
        (
            "msp",
            [
                ("mature-msp", Class::Mature),
                ("pseudo-msp", Class::Pseudo),
                ("amateur-msp", Class::Amateur),
            ],
        ),
        (
            "mssp",
            [
                ("mssp-mature", Class::Mature),
                ("mssp-pseudo", Class::Pseudo),
                ("mssp-amateur", Class::Amateur),
            ],
        ),
        (
            "quick",
            [
                ("quick-mature", Class::Mature),
                ("quick-pseudo", Class::Pseudo),
                ("quick-amateur", Class::Amateur),
            ],
        ),
    ];
    for (questionnaire, cases) in examples {
        for (example, class) in cases {
            let result = run(&[
                "assess",
                "--format",
                "json",
                &format!("examples/{example}.yaml"),
            ]);
            let json: serde_json::Value = serde_json::from_str(&result.stdout).unwrap();
            assert_eq!(json["questionnaire"]["id"], questionnaire);
            assert_eq!(json["classification"], class.as_str(), "{example}");
        }
    }
}

#[test]
fn dated_questions_carry_a_review_date_and_a_maximum_age() {
    let catalog = Catalog::default();
    let enforcement = [
        ("msp", "mfa.microsoft_enforcement"),
        ("quick", "mfa.vendor_enforcement"),
    ];
    for bundled in BUNDLED {
        let loaded = catalog.load_named(bundled.id).unwrap();
        let questionnaire = &loaded.questionnaire;
        let dated: Vec<_> = questionnaire
            .questions
            .iter()
            .filter(|question| question.definition.review_by.is_some())
            .collect();
        assert!(
            !dated.is_empty(),
            "{} has questions resting on dated vendor facts",
            bundled.id
        );
        for question in dated {
            assert!(
                question.definition.max_age_days.is_some(),
                "{}:{} has review_by but no max_age_days",
                bundled.id,
                question.id()
            );
        }
        for (id, question) in enforcement.iter().filter(|(id, _)| *id == bundled.id) {
            let position = questionnaire
                .question_index(question)
                .unwrap_or_else(|| panic!("{id} asks {question}"));
            assert!(
                questionnaire.questions[position]
                    .definition
                    .review_by
                    .is_some(),
                "{id}:{question}"
            );
        }
    }
}

#[test]
fn rendered_markdown_under_docs_is_in_sync() {
    for bundled in BUNDLED {
        let rendered = run(&["show", bundled.id, "--format", "markdown"]);
        assert_eq!(rendered.code, 0);
        let path = root()
            .join("docs/questionnaires")
            .join(format!("{}.md", bundled.id));
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::write(&path, &rendered.stdout).unwrap();
            continue;
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == rendered.stdout,
            "{} is out of date: run UPDATE_GOLDEN=1 cargo test content",
            path.display()
        );
    }
}

#[test]
fn show_uses_the_perspective_wording() {
    let client = run(&["show", "quick", "--perspective", "client"]).stdout;
    let provider = run(&["show", "quick", "--perspective", "provider"]).stdout;
    assert_ne!(client, provider);
    assert!(
        client.contains("the provider") || client.contains("your provider"),
        "client wording speaks of the provider"
    );
}

#[test]
fn validate_warns_when_a_review_date_has_passed() {
    let folder = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join("questionnaires/quick.yaml")).unwrap();
    let aged = text.replacen("review_by: 20", "review_by: 19", 1);
    assert_ne!(aged, text, "quick.yaml has a review_by date");
    std::fs::write(folder.path().join("aged.yaml"), aged).unwrap();
    let result = super::support::run_in(folder.path(), &["validate", "aged.yaml"]);
    assert_eq!(
        result.code, 0,
        "a warning does not fail validation: {}",
        result.stderr
    );
    assert!(
        result.stderr.contains("warning: question") && result.stderr.contains("[review-overdue]"),
        "{}",
        result.stderr
    );
    let line = result
        .stderr
        .lines()
        .find(|line| line.contains("[review-overdue]"))
        .unwrap();
    assert!(line.starts_with("aged.yaml:"), "located: {line}");
}
