//! The bundled consistency checks: each named contradiction is tripped by changing one or
//! two answers of a clean example, and names the questions involved. Run through the
//! library (fast), with one run of the binary for the report formats.

use mspcheck::load::{load_answers_document, Catalog};
use mspcheck::score::evaluate;
use mspcheck::source::Source;
use mspcheck::validate::AnswerValue;
use mspcheck::yaml::Document;

use super::support::{root, run_in};

/// Example `example` with `changes` applied: each answer replaced (short or long form), or
/// added when absent.
fn changed(example: &str, changes: &[(&str, &str)]) -> String {
    let text =
        std::fs::read_to_string(root().join("examples").join(format!("{example}.yaml"))).unwrap();
    let mut lines: Vec<String> = Vec::new();
    let mut skipping = false;
    for line in text.lines() {
        if skipping && line.starts_with("    ") {
            continue;
        }
        skipping = changes
            .iter()
            .any(|(id, _)| line.starts_with(&format!("  {id}:")));
        if !skipping {
            lines.push(line.to_string());
        }
    }
    for (id, value) in changes {
        lines.push(format!("  {id}: {value}"));
    }
    lines.join("\n") + "\n"
}

/// The ids of the checks `text` (an answers file) trips, and the questions each names.
fn found(text: &str) -> Vec<(String, Vec<String>)> {
    let catalog = Catalog::default();
    let source = Source::from_bytes("answers.yaml".into(), None, text.as_bytes()).unwrap();
    let document = Document::parse(source).unwrap();
    let loaded = load_answers_document(&catalog, document, None)
        .unwrap_or_else(|problems| panic!("{problems:?}"));
    let questionnaire = &loaded.questionnaire.questionnaire;
    let values: Vec<Option<&AnswerValue>> = loaded
        .answers
        .answers
        .iter()
        .map(|answer| answer.value.as_ref())
        .collect();
    let outcome = evaluate(questionnaire, &values);
    outcome
        .contradictions
        .iter()
        .map(|position| {
            let check = &questionnaire.consistency[*position];
            (
                check.id.clone(),
                check
                    .questions
                    .iter()
                    .map(|question| questionnaire.questions[*question].id().to_string())
                    .collect(),
            )
        })
        .collect()
}

/// One row per bundled check: the questionnaire, the check, the clean example it starts
/// from, the answers changed to trip it, and the questions it must name.
type Case = (
    &'static str,
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
    &'static [&'static str],
);

const CASES: &[Case] = &[
    (
        "msp",
        "flat_fee_but_all_work_hourly",
        "mature-msp",
        &[("billing.failure_invoices", "all_billed_hourly")],
        &["billing.model", "billing.failure_invoices"],
    ),
    (
        "msp",
        "mfa_everywhere_but_shared_admins",
        "mature-msp",
        &[("secops.technician_accounts", "shared")],
        &["mfa.provider_accounts", "secops.technician_accounts"],
    ),
    (
        "msp",
        "attestation_without_its_period",
        "mature-msp",
        &[("transparency.report_sharing", "\"no\"")],
        &["transparency.attestations", "transparency.report_sharing"],
    ),
    (
        "msp",
        "edr_watched_24x7_but_reviewed_in_office_hours",
        "mature-msp",
        &[("secops.log_triage", "edr_office_hours")],
        &["secops.endpoint_protection", "secops.log_triage"],
    ),
    (
        "msp",
        "restore_tests_without_backups",
        "mature-msp",
        &[("recovery.isolated_backups", "none")],
        &["recovery.isolated_backups", "recovery.restore_tests"],
    ),
    (
        "msp",
        "planned_rollout_without_any_step",
        "mature-msp",
        &[("mfa.rollout_steps", "[none_in_advance]")],
        &["mfa.microsoft_enforcement", "mfa.rollout_steps"],
    ),
    (
        "msp",
        "vendor_changes_watched_but_mfa_missed",
        "mature-msp",
        &[("mfa.microsoft_enforcement", "unaware")],
        &["proactivity.vendor_changes", "mfa.microsoft_enforcement"],
    ),
    (
        "msp",
        "contract_duty_without_a_contract",
        "mature-msp",
        &[("transparency.written_contract", "work_orders_only")],
        &[
            "recovery.notify_commitment",
            "transparency.written_contract",
        ],
    ),
    (
        "msp",
        "contract_commitments_without_a_contract",
        "mature-msp",
        &[("transparency.written_contract", "nothing_signed")],
        &[
            "transparency.written_contract",
            "transparency.contract_commitments",
        ],
    ),
    (
        "msp",
        "matrix_without_a_contract",
        "mature-msp",
        &[("transparency.written_contract", "work_orders_only")],
        &[
            "transparency.written_contract",
            "transparency.responsibility_matrix",
        ],
    ),
    (
        "msp",
        "controls_required_but_refusers_kept",
        "mature-msp",
        &[
            ("mfa.refusal_handling", "not_negotiable"),
            ("governance.offboard_refusers", "never"),
        ],
        &[
            "mfa.refusal_handling",
            "governance.risk_acceptance",
            "governance.offboard_refusers",
        ],
    ),
    (
        "msp",
        "mfa_promised_but_not_enforced",
        "mature-msp",
        &[("mfa.provider_accounts", "most")],
        &["mfa.provider_accounts", "transparency.contract_commitments"],
    ),
    (
        "msp",
        "mfa_for_all_users_but_switched_off_on_request",
        "mature-msp",
        &[("mfa.refusal_handling", "switched_off")],
        &["mfa.client_enforcement", "mfa.refusal_handling"],
    ),
    (
        "msp",
        "monitoring_limits_without_monitoring",
        "mature-msp",
        &[("secops.log_triage", "none")],
        &["billing.monitoring_limits", "secops.log_triage"],
    ),
    (
        "mssp",
        "operated_service_but_nothing_operated",
        "mssp-mature",
        &[("service.catalogue", "[none]")],
        &["service.operational_control", "service.catalogue"],
    ),
    (
        "mssp",
        "operated_service_billed_as_licence_resale",
        "mssp-mature",
        &[("billing.model", "licence_resale")],
        &["service.operational_control", "billing.model"],
    ),
    (
        "mssp",
        "night_watch_but_triage_when_time_allows",
        "mssp-mature",
        &[("monitoring.triage", "when_time_allows")],
        &["monitoring.coverage_hours", "monitoring.triage"],
    ),
    (
        "mssp",
        "night_watch_but_nobody_acts",
        "mssp-mature",
        &[("monitoring.containment_authority", "nobody_acts")],
        &[
            "monitoring.coverage_hours",
            "monitoring.containment_authority",
        ],
    ),
    (
        "mssp",
        "watched_siem_but_alerts_forwarded_unread",
        "mssp-mature",
        &[("monitoring.triage", "auto_forwarded")],
        &["monitoring.triage", "logging.siem"],
    ),
    (
        "mssp",
        "edr_everywhere_but_no_endpoint_telemetry",
        "mssp-mature",
        &[("detection.sources", "[none]")],
        &["detection.endpoint", "detection.sources"],
    ),
    (
        "mssp",
        "mfa_everywhere_but_shared_accounts",
        "mssp-mature",
        &[("access.named_accounts", "shared")],
        &["access.provider_mfa", "access.named_accounts"],
    ),
    (
        "mssp",
        "attestation_without_its_period",
        "mssp-mature",
        &[("compliance.report_shared", "no")],
        &["compliance.attestations", "compliance.report_shared"],
    ),
    (
        "mssp",
        "notification_duty_without_a_contract",
        "mssp-mature",
        &[("service.written_agreement", "work_orders_only")],
        &[
            "service.written_agreement",
            "response.notification_committed",
        ],
    ),
    (
        "mssp",
        "response_included_but_nobody_responds",
        "mssp-mature",
        &[("response.capability", "ad_hoc")],
        &["billing.incident_work", "response.capability"],
    ),
];

#[test]
fn each_bundled_contradiction_is_found_with_the_questions_involved() {
    for (questionnaire, check, example, changes, questions) in CASES {
        let text = changed(example, changes);
        let found = found(&text);
        let entry = found
            .iter()
            .find(|(id, _)| id == check)
            .unwrap_or_else(|| panic!("{questionnaire}:{check} is found: {found:?}"));
        let mut expected: Vec<&str> = questions.to_vec();
        let mut named: Vec<&str> = entry.1.iter().map(String::as_str).collect();
        expected.sort_unstable();
        named.sort_unstable();
        assert_eq!(named, expected, "{questionnaire}:{check}");
    }
}

#[test]
fn clean_examples_hold_no_contradiction() {
    for example in [
        "mature-msp",
        "amateur-msp",
        "mssp-mature",
        "mssp-pseudo",
        "mssp-amateur",
    ] {
        assert_eq!(found(&changed(example, &[])), Vec::new(), "{example}");
    }
    // The pseudo MSP's sales deck promised advisories it never sent: one contradiction, which
    // the golden reports show in every format.
    let pseudo = found(&changed("pseudo-msp", &[]));
    assert_eq!(pseudo.len(), 1, "{pseudo:?}");
    assert_eq!(pseudo[0].0, "vendor_changes_watched_but_mfa_missed");
}

#[test]
fn every_bundled_check_has_a_case_and_msp_and_mssp_have_enough() {
    let catalog = Catalog::default();
    for (id, least) in [("msp", 10), ("mssp", 8)] {
        let loaded = catalog.load_named(id).unwrap();
        let checks = &loaded.questionnaire.consistency;
        assert!(checks.len() >= least, "{id} has {} checks", checks.len());
        for check in checks {
            assert!(
                CASES
                    .iter()
                    .any(|(questionnaire, case, ..)| *questionnaire == id && *case == check.id),
                "{id}:{} has a test case",
                check.id
            );
            assert!(
                check.ask.ends_with('?'),
                "{id}:{} asks a question",
                check.id
            );
        }
    }
}

#[test]
fn a_contradiction_on_an_inapplicable_question_is_not_found() {
    // `transparency.report_sharing` applies only when an attestation is claimed: with none,
    // an answer left in the file is ignored, so the attestation check cannot trip.
    let text = changed(
        "mature-msp",
        &[
            ("transparency.attestations", "[none]"),
            ("transparency.report_sharing", "\"no\""),
        ],
    );
    assert!(found(&text)
        .iter()
        .all(|(id, _)| id != "attestation_without_its_period"));
}

#[test]
fn contradictions_appear_in_every_report_format() {
    let folder = tempfile::tempdir().unwrap();
    let text = changed("mature-msp", &[("secops.technician_accounts", "shared")]);
    std::fs::write(folder.path().join("answers.yaml"), text).unwrap();
    let message = "technicians share admin logins";
    let ask = "Which shared admin accounts exist in our systems";
    for format in ["table", "markdown", "html", "json"] {
        let result = run_in(
            folder.path(),
            &["assess", "--format", format, "answers.yaml"],
        );
        assert_eq!(result.code, 0, "{format}: {}", result.stderr);
        // The table wraps long lines: compare with the whitespace folded.
        let text = result
            .stdout
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(text.contains(message), "{format}: message");
        assert!(text.contains(ask), "{format}: follow-up question");
        assert!(
            text.contains("secops.technician_accounts"),
            "{format}: questions involved"
        );
    }
    let csv = run_in(
        folder.path(),
        &["assess", "--format", "csv", "answers.yaml"],
    )
    .stdout;
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let column = reader
        .headers()
        .unwrap()
        .iter()
        .position(|name| name == "contradictions")
        .expect("a contradictions column");
    let row = reader.records().next().unwrap().unwrap();
    assert_eq!(&row[column], "1");
}
