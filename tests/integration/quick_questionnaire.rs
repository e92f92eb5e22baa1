//! The `quick` questionnaire's own promises: short, answerable before signing, every
//! question sourced, "none of these" never combined with a real option, and a decisive
//! fact the client could not find out never called mature.

use mspcheck::load::Catalog;
use mspcheck::model::questionnaire::Kind;
use mspcheck::model::Perspective;
use serde_json::Value;

use super::support::{root, run_in};

fn assess(answers: &str) -> (i32, Value, String) {
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(folder.path().join("answers.yaml"), answers).unwrap();
    let result = run_in(
        folder.path(),
        &["assess", "--format", "json", "answers.yaml"],
    );
    let json = serde_json::from_str(&result.stdout).unwrap_or(Value::Null);
    (result.code, json, result.stderr)
}

/// `text` (an answers file) with the answer to `question` replaced by `value` in the short
/// form, whatever form it had.
fn replace_answer(text: &str, question: &str, value: &str) -> String {
    let mut out = Vec::new();
    let mut skipping = false;
    for line in text.lines() {
        if skipping && line.starts_with("    ") {
            continue;
        }
        skipping = false;
        if line.starts_with(&format!("  {question}:")) {
            out.push(format!("  {question}: {value}"));
            skipping = true;
            continue;
        }
        out.push(line.to_string());
    }
    assert!(
        out.iter()
            .any(|line| line == &format!("  {question}: {value}")),
        "the example answers {question}"
    );
    out.join("\n") + "\n"
}

/// The mature example with one answer replaced.
fn mature_with(question: &str, value: &str) -> String {
    let text = std::fs::read_to_string(root().join("examples/quick-mature.yaml")).unwrap();
    replace_answer(&text, question, value)
}

#[test]
fn quick_stays_quick_and_every_question_is_sourced_with_evidence_to_ask_for() {
    let catalog = Catalog::default();
    let quick = catalog.load_named("quick").unwrap();
    let questions = &quick.questionnaire.questions;
    assert!(questions.len() <= 30, "{} questions", questions.len());
    for question in questions {
        let definition = &question.definition;
        assert!(
            !definition.references.is_empty(),
            "{} names its source",
            definition.id
        );
        assert!(
            definition
                .evidence
                .as_deref()
                .is_some_and(|text| text.len() > 20),
            "{} says what evidence to ask for",
            definition.id
        );
    }
}

#[test]
fn quick_client_wording_does_not_assume_a_signed_relationship() {
    // A prospective client has no history with the provider: "Does your provider…" or
    // "your contract" asks about a relationship that does not exist yet.
    let catalog = Catalog::default();
    let quick = catalog.load_named("quick").unwrap();
    for question in &quick.questionnaire.questions {
        let wording = &question.definition.wording[&Perspective::Client];
        for assumption in [
            "your provider",
            "your contract",
            "has your provider",
            "does your provider",
        ] {
            assert!(
                !wording.to_lowercase().contains(assumption),
                "{}: `{wording}` assumes the relationship exists",
                question.id()
            );
        }
    }
}

#[test]
fn every_none_of_these_option_in_quick_is_exclusive_and_cannot_be_combined() {
    let catalog = Catalog::default();
    let quick = catalog.load_named("quick").unwrap();
    let mut multi = 0;
    for question in &quick.questionnaire.questions {
        if question.kind() != Kind::Multi {
            continue;
        }
        multi += 1;
        let none = question
            .options
            .iter()
            .find(|option| option.value == "none")
            .unwrap_or_else(|| panic!("{} offers `none`", question.id()));
        assert!(none.exclusive, "{}: `none` is exclusive", question.id());
        // Besides `none`, only an answer that says "only" goes alone: a tool vendor's
        // report shown as the provider's own cannot sit beside the provider's own audit.
        let exclusive: Vec<&str> = question
            .options
            .iter()
            .filter(|option| option.exclusive)
            .map(|option| option.value.as_str())
            .collect();
        let expected: &[&str] = if question.id() == "transparency.attestations" {
            &["vendor_report_only", "none"]
        } else {
            &["none"]
        };
        assert_eq!(exclusive, expected, "{}: exclusive options", question.id());
    }
    assert!(multi >= 5, "{multi} multi questions");
    let (code, _, stderr) = assess(&mature_with(
        "operations.email_protection",
        "[filtering, none]",
    ));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("[exclusive-option]"), "{stderr}");
    assert!(stderr.contains("answers.yaml:"), "located: {stderr}");
}

#[test]
fn a_decisive_fact_the_client_could_not_find_out_is_never_called_mature() {
    let (code, baseline, stderr) = assess(&mature_with("operations.reviews", "quarterly"));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(baseline["classification"], "mature");
    for question in ["mfa.vendor_enforcement", "operations.detection"] {
        let (code, report, stderr) = assess(&mature_with(question, "unknown"));
        assert_eq!(code, 0, "{stderr}");
        assert_eq!(
            report["coverage"], 1.0,
            "{question}: unknown counts as answered"
        );
        // A "don't know" on a decisive fact bars mature (quick 2.1.0 has no class of its own
        // for thin evidence: the provider stays pseudo, its monthly-fee class).
        assert_eq!(report["classification"], "pseudo", "{question}");
        assert!(
            report["next_class"]["checks"]
                .as_array()
                .unwrap()
                .iter()
                .any(|check| check["holds"] == false
                    && check["text"].as_str().unwrap().contains("key fact unknown")),
            "{question}: {}",
            report["next_class"]
        );
    }
    // The decisive one with the heaviest weight heads the list of questions to ask.
    let (_, report, _) = assess(&mature_with("mfa.vendor_enforcement", "unknown"));
    let first = &report["questions_to_ask"][0];
    assert_eq!(first["question"], "mfa.vendor_enforcement", "{first}");
    assert_eq!(first["status"], "unknown");
    // Where the client cannot judge a secondary fact, "don't know" is left out of the score
    // and does not hold a mature provider back.
    for question in ["transparency.viability", "operations.hardening"] {
        let (code, report, stderr) = assess(&mature_with(question, "unknown"));
        assert_eq!(code, 0, "{stderr}");
        assert_eq!(report["classification"], "mature", "{question}");
        assert!(
            report["score"].as_f64().unwrap() != baseline["score"].as_f64().unwrap(),
            "{question}: left out of the score, which moves"
        );
    }
}

/// Answers to replace: `(question, value)` in the short form.
type Changes<'a> = &'a [(&'a str, &'a str)];

/// The mature example with several answers replaced.
fn mature_with_all(changes: &[(&str, &str)]) -> String {
    let mut text = std::fs::read_to_string(root().join("examples/quick-mature.yaml")).unwrap();
    for (question, value) in changes {
        text = replace_answer(&text, question, value);
    }
    text
}

#[test]
fn each_quick_consistency_check_is_found_when_both_sides_hold_and_only_then() {
    // (check, answers that trip it, answers that differ on one side only)
    let cases: [(&str, Changes, Changes); 10] = [
        (
            "fee_covers_repairs_but_bills_them",
            &[("billing.extra_invoice", "billed_extra")],
            &[
                ("billing.model", "monthly_plus_hourly"),
                ("billing.extra_invoice", "billed_extra"),
            ],
        ),
        (
            "package_list_without_a_written_agreement",
            &[
                ("billing.model", "tiered_bundle"),
                ("contract.written", "work_orders_only"),
            ],
            &[("billing.model", "tiered_bundle")],
        ),
        (
            "mfa_on_every_account_but_shared_accounts",
            &[("access.scope", "shared_accounts")],
            &[
                ("mfa.provider_access", "most"),
                ("access.scope", "shared_accounts"),
            ],
        ),
        (
            "mfa_for_your_users_but_not_its_own_staff",
            &[("mfa.provider_access", "most")],
            &[
                ("mfa.your_users", "admins_only"),
                ("mfa.provider_access", "most"),
            ],
        ),
        (
            "access_removal_promised_without_an_access_list",
            &[("access.inventory", "no_list")],
            &[
                ("contract.exit_terms", "[handover, data_deletion]"),
                ("access.inventory", "no_list"),
            ],
        ),
        (
            "notice_deadline_without_a_plan",
            &[("incident.ir_plan", "none")],
            &[
                ("incident.notification_stated", "duty_no_deadline"),
                ("incident.ir_plan", "none"),
            ],
        ),
        (
            "logs_kept_but_staff_activity_hidden",
            &[("access.oversight", "[none]")],
            &[
                ("access.log_retention", "under_six_months"),
                ("access.oversight", "[none]"),
            ],
        ),
        (
            "no_passwords_held_but_shared_accounts",
            &[
                ("mfa.credentials", "none_held"),
                ("access.scope", "shared_accounts"),
            ],
            &[("mfa.credentials", "none_held")],
        ),
        (
            "notice_duty_without_an_agreement",
            &[("contract.written", "work_orders_only")],
            &[
                ("incident.notification_stated", "not_stated"),
                ("contract.written", "work_orders_only"),
            ],
        ),
        (
            "audited_but_passwords_alone",
            &[("mfa.provider_access", "could_not_say")],
            &[
                ("transparency.attestations", "[soc2_type1]"),
                ("mfa.provider_access", "could_not_say"),
            ],
        ),
    ];
    let found = |changes: &[(&str, &str)]| -> Vec<Value> {
        let (code, report, stderr) = assess(&mature_with_all(changes));
        assert_eq!(code, 0, "{changes:?}: {stderr}");
        report["contradictions"].as_array().unwrap().clone()
    };
    assert!(
        found(&[]).is_empty(),
        "the mature example contradicts itself nowhere"
    );
    let catalog = Catalog::default();
    let quick = catalog.load_named("quick").unwrap();
    assert_eq!(
        quick.questionnaire.definition.consistency.len(),
        cases.len(),
        "every check of quick has a case here"
    );
    for (check, trips, misses) in cases {
        let tripped = found(trips);
        let entry = tripped
            .iter()
            .find(|entry| entry["id"] == check)
            .unwrap_or_else(|| panic!("{check} is found for {trips:?}: {tripped:?}"));
        assert!(entry["message"].as_str().unwrap().len() > 20, "{check}");
        assert!(
            entry["ask"].as_str().unwrap().ends_with('?'),
            "{check} asks a question"
        );
        assert_eq!(
            entry["questions"].as_array().unwrap().len(),
            2,
            "{check} names the two questions involved"
        );
        assert!(
            !found(misses).iter().any(|entry| entry["id"] == check),
            "{check} is not found for {misses:?}"
        );
    }
}
