//! The question review of `msp` and `mssp` (issue 15) and their official-checklist gaps
//! (issue 17 item 2): each point found by respondents answering blind is pinned here, so a
//! later edit that brings a defect back fails a test.

use mspcheck::load::Catalog;
use mspcheck::validate::{ValidQuestion, ValidQuestionnaire};

use super::support::{root, run, run_in};

fn load(id: &str) -> ValidQuestionnaire {
    Catalog::default()
        .load_named(id)
        .unwrap_or_else(|_| panic!("{id} loads"))
        .questionnaire
        .clone()
}

fn question<'a>(questionnaire: &'a ValidQuestionnaire, id: &str) -> &'a ValidQuestion {
    let position = questionnaire
        .question_index(id)
        .unwrap_or_else(|| panic!("{}: `{id}` exists", questionnaire.id()));
    &questionnaire.questions[position]
}

/// Assesses example `example` with `changes` made (each answer replaced, or added) and
/// `perspective` set; returns the JSON report. Starting from a fully answered example keeps
/// the run fast: a nearly blank file makes the report search a huge space of completions.
fn assess_example(example: &str, perspective: &str, changes: &[(&str, &str)]) -> serde_json::Value {
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
        if skipping {
            continue;
        }
        if line.starts_with("perspective:") {
            lines.push(format!("perspective: {perspective}"));
        } else {
            lines.push(line.to_string());
        }
    }
    for (id, value) in changes {
        if !value.is_empty() {
            lines.push(format!("  {id}: {value}"));
        }
    }
    assess(&lines.join("\n"))
}

/// The class of `answers`, from the one-row CSV summary (which skips the roadmap search).
fn classify(answers: &str) -> String {
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(folder.path().join("answers.yaml"), answers).unwrap();
    let result = run_in(
        folder.path(),
        &["assess", "--format", "csv", "answers.yaml"],
    );
    assert_eq!(result.code, 0, "{}", result.stderr);
    // A real CSV reader: text cells (an assessor "D. Hollis, owner") may hold commas.
    let mut reader = ::csv::Reader::from_reader(result.stdout.as_bytes());
    let column = reader
        .headers()
        .unwrap()
        .iter()
        .position(|name| name == "classification")
        .unwrap();
    reader.records().next().unwrap().unwrap()[column].to_string()
}

/// Assesses `answers` (an answers file's text, questionnaire given by bundled id) and returns
/// the JSON report.
fn assess(answers: &str) -> serde_json::Value {
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(folder.path().join("answers.yaml"), answers).unwrap();
    let result = run_in(
        folder.path(),
        &["assess", "--format", "json", "answers.yaml"],
    );
    assert_eq!(result.code, 0, "{}", result.stderr);
    serde_json::from_str(&result.stdout).unwrap()
}

/// The options an honest respondent lacked, one row per point of the review: the question,
/// the option that now exists, and a word on what it is for.
const NEW_OPTIONS: &[(&str, &str, &str)] = &[
    ("msp", "mfa.microsoft_enforcement", "forwarded_no_plan"),
    ("msp", "mfa.microsoft_enforcement", "planned_billed"),
    ("msp", "mfa.microsoft_enforcement", "mixed"),
    ("msp", "mfa.rollout_steps", "forwarded_vendor_notice"),
    ("msp", "recovery.notify_commitment", "no_deadline"),
    ("msp", "recovery.restore_tests", "on_request_only"),
    ("msp", "secops.rmm_hardening", "vendor_hosted"),
    ("msp", "secops.log_triage", "edr_office_hours"),
    ("msp", "proactivity.inventory", "automated_unreviewed"),
    ("msp", "proactivity.business_reviews", "health_checks"),
    ("msp", "breakfix.after_hours", "contracted_billed"),
    ("msp", "billing.failure_invoices", "written_exclusions"),
    ("msp", "billing.incident_costs", "hourly_agreed"),
    ("msp", "billing.incident_costs", "retainer"),
    ("msp", "billing.model", "licence_resale"),
    ("msp", "transparency.regulatory_duties", "not_checked"),
    ("msp", "transparency.attestations", "partial_scope"),
    ("msp", "transparency.written_contract", "letter_no_levels"),
    ("msp", "transparency.written_contract", "work_orders_only"),
    ("mssp", "service.operational_control", "informal_watch"),
    ("mssp", "service.catalogue", "office_hours_review"),
    ("mssp", "service.written_agreement", "letter_no_levels"),
    ("mssp", "service.written_agreement", "work_orders_only"),
    ("mssp", "access.tenant_access", "no_admin_access"),
    ("mssp", "logging.siem", "edr_console_only"),
    ("mssp", "monitoring.triage", "when_time_allows"),
    ("mssp", "monitoring.containment_authority", "nobody_acts"),
    ("mssp", "access.mfa_enforcement", "forwarded_no_plan"),
    ("mssp", "access.mfa_enforcement", "mixed"),
    // The line-by-line review of every other question (msp 2.2.0, mssp 2.2.0; the table is
    // docs/questionnaires/review-2026-12.md).
    ("msp", "proactivity.vendor_changes", "major_only"),
    ("msp", "proactivity.root_cause", "analysed_unreported"),
    ("msp", "proactivity.onboarding", "documentation_only"),
    ("msp", "breakfix.patching_mode", "left_to_client"),
    ("msp", "mfa.client_enforcement", "per_user_all"),
    ("msp", "mfa.azure_automation", "no_user_automation"),
    ("msp", "mfa.google_enforcement", "already_enforced"),
    ("msp", "mfa.sms_retirement", "no_sms_users"),
    ("msp", "mfa.refusal_handling", "not_negotiable"),
    ("msp", "secops.endpoint_protection", "edr_unwatched"),
    ("msp", "secops.endpoint_protection", "edr_partial"),
    ("msp", "secops.credential_storage", "holds_none"),
    ("msp", "secops.dormant_accounts", "scheduled"),
    ("msp", "recovery.ir_support", "one_of_two"),
    (
        "msp",
        "transparency.framework_mapping",
        "mapped_no_client_report",
    ),
    ("msp", "governance.risk_acceptance", "not_optional"),
    ("mssp", "service.client_baseline", "not_negotiable"),
    ("mssp", "service.client_baseline", "baseline_unrecorded"),
    ("mssp", "billing.volume_cap", "no_limit"),
    ("mssp", "billing.incident_work", "hourly_agreed"),
    ("mssp", "response.restore_tested", "ad_hoc"),
    ("mssp", "response.restore_tested", "on_request_only"),
    ("mssp", "vuln.client_pentest", "less_often"),
    ("mssp", "access.credential_storage", "holds_none"),
    ("mssp", "access.automation_identities", "no_user_automation"),
    ("mssp", "access.sms_retirement", "no_sms_users"),
    ("mssp", "compliance.regulatory_duties", "not_checked"),
    ("mssp", "compliance.regulatory_duties", "known_not_met"),
    // mssp 3.0.0: a duty to notify "promptly" is a duty without a maximum time, not no duty.
    ("mssp", "response.notification_committed", "no_deadline"),
    // The line-by-line review of quick (2.2.0).
    ("quick", "billing.extra_invoice", "capped_hours"),
    ("quick", "mfa.your_users", "all_legacy_open"),
    ("quick", "backup.restore_tested", "occasional_recorded"),
    ("quick", "operations.patching", "automated_unreported"),
];

#[test]
fn every_answer_respondents_lacked_now_exists() {
    for (id, question_id, value) in NEW_OPTIONS {
        let questionnaire = load(id);
        let found = question(&questionnaire, question_id);
        assert!(
            found.option_index(value).is_some(),
            "{id}:{question_id} offers `{value}`"
        );
    }
}

#[test]
fn every_multi_question_of_msp_and_mssp_has_an_exclusive_none_option() {
    for id in ["msp", "mssp"] {
        let questionnaire = load(id);
        for question in &questionnaire.questions {
            if question.kind() != mspcheck::model::questionnaire::Kind::Multi {
                continue;
            }
            let exclusive: Vec<&str> = question
                .options
                .iter()
                .filter(|option| option.exclusive)
                .map(|option| option.value.as_str())
                .collect();
            assert!(
                !exclusive.is_empty(),
                "{id}:{} has a \"none of these\" option marked exclusive",
                question.id()
            );
        }
    }
}

#[test]
fn none_combined_with_real_answers_is_refused_at_the_none() {
    // The example: `[soc2_type2, none, vendor_report_only]` validated and scored 1.
    let result = assess_err(
        "format: mspcheck/answers/1\nquestionnaire: msp\nprovider: P\nanswers:\n  transparency.attestations: [soc2_type2, none, vendor_report_only]\n",
    );
    assert_eq!(result.code, 2);
    assert!(
        result
            .stderr
            .contains("answers.yaml:5:43: error: `none` cannot be combined")
            && result.stderr.contains("[exclusive-option]"),
        "{}",
        result.stderr
    );
}

fn assess_err(answers: &str) -> super::support::Run {
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(folder.path().join("answers.yaml"), answers).unwrap();
    run_in(folder.path(), &["validate", "answers.yaml"])
}

#[test]
fn templates_say_which_options_go_alone_and_which_questions_take_unknown() {
    // Comment lines are wrapped: read them as one text.
    let template = run(&["template", "msp"])
        .stdout
        .lines()
        .map(|line| line.trim_start().trim_start_matches('#').trim())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        template.contains("or `[none_in_advance]` alone when none applies"),
        "{template}"
    );
    assert!(template.contains("(score 0; alone)"), "{template}");
    assert!(
        template.contains("`unknown` (Nobody can say when restores were last tested) is also accepted: it scores 0; red flag:"),
        "{template}"
    );
}

#[test]
fn rollout_steps_are_not_asked_after_clients_were_already_compliant() {
    let report = assess_example(
        "mature-msp",
        "auditor",
        &[
            ("mfa.microsoft_enforcement", "already_compliant"),
            ("mfa.rollout_steps", "[none_in_advance]"),
        ],
    );
    assert!(
        report["answers"]
            .as_array()
            .unwrap()
            .iter()
            .all(|answer| answer["question"] != "mfa.rollout_steps"),
        "rollout_steps does not apply"
    );
    assert!(!report["signals"]
        .as_array()
        .unwrap()
        .iter()
        .any(|signal| signal == "reactive_mfa"));
}

#[test]
fn a_notification_duty_without_a_deadline_asks_for_no_number() {
    let questionnaire = load("msp");
    let hours = question(&questionnaire, "recovery.notify_hours");
    let when = hours.when.as_ref().expect("notify_hours has a when");
    let (parent, options) = when.single().expect("a single test");
    let parent = &questionnaire.questions[parent];
    let values: Vec<&str> = options
        .iter()
        .map(|option| parent.options[*option].value.as_str())
        .collect();
    assert_eq!(values, ["with_deadline"]);
}

#[test]
fn restoring_files_on_request_without_tests_is_a_red_flag_like_never_testing() {
    for value in ["on_request_only", "never", "unknown"] {
        let report = assess_example(
            "mature-msp",
            "auditor",
            &[("recovery.restore_tests", value)],
        );
        let flags = report["red_flags"].as_array().unwrap();
        assert_eq!(flags.len(), 1, "{value}: {flags:?}");
        assert_eq!(flags[0]["question"], "recovery.restore_tests");
    }
}

#[test]
fn nobody_can_tell_the_monitoring_coverage_scores_as_no_monitoring_not_as_blank() {
    let answers = |value| {
        assess_example(
            "mature-msp",
            "auditor",
            &[("proactivity.monitoring_coverage", value)],
        )
    };
    let unknown = answers("unknown");
    let zero = answers("0");
    assert_eq!(unknown["score"], zero["score"]);
    assert_eq!(unknown["coverage"], zero["coverage"]);
    assert_eq!(unknown["signals"], zero["signals"]);
}

#[test]
fn a_client_that_does_not_know_is_counted_as_answered_but_not_scored() {
    // `mfa.microsoft_enforcement` takes `unknown` with no score: coverage counts it, the
    // domain score leaves it out, and it is listed among the questions to ask.
    let known = assess_example(
        "pseudo-msp",
        "client",
        &[("mfa.microsoft_enforcement", ""), ("mfa.rollout_steps", "")],
    );
    let unknown = assess_example(
        "pseudo-msp",
        "client",
        &[
            ("mfa.microsoft_enforcement", "unknown"),
            ("mfa.rollout_steps", ""),
        ],
    );
    assert_eq!(known["score"], unknown["score"]);
    assert!(unknown["coverage"].as_f64() > known["coverage"].as_f64());
    let asked = unknown["questions_to_ask"].as_array().unwrap();
    assert!(
        asked.iter().any(
            |question| question["question"] == "mfa.microsoft_enforcement"
                && question["status"] == "unknown"
        ),
        "{asked:?}"
    );
}

#[test]
fn every_microsoft_question_is_not_applicable_under_the_same_condition() {
    // The MFA block keyed `na` on whether clients use Microsoft, `mfa.tenant_access` on
    // whether the provider manages tenants: one provider had no consistent answer.
    let questionnaire = load("msp");
    for id in [
        "mfa.client_enforcement",
        "mfa.microsoft_enforcement",
        "mfa.sms_retirement",
        "mfa.break_glass",
        "mfa.tenant_access",
    ] {
        let help = question(&questionnaire, id)
            .definition
            .help
            .clone()
            .unwrap_or_default();
        assert!(
            help.contains("Answer na if the provider manages no client's Microsoft 365"),
            "{id}: {help}"
        );
    }
}

#[test]
fn dated_facts_of_the_review_carry_a_future_review_date() {
    let cases = [
        ("msp", "secops.log_retention", "six months"),
        ("msp", "mfa.provider_accounts", "1 April 2026"),
        ("msp", "mfa.tenant_access", "at most two years"),
        ("msp", "mfa.google_enforcement", "reseller domains"),
        ("msp", "secops.critical_patch_days", "14 days"),
        ("msp", "secops.rmm_hardening", "SimpleHelp"),
        ("mssp", "patching.own_tools_days", "SimpleHelp"),
        ("mssp", "patching.client_kev_days", "14 days"),
        ("mssp", "access.tenant_access", "at most"),
        ("quick", "mfa.vendor_enforcement", "February 2025"),
        ("quick", "mfa.provider_access", "1 April 2026"),
        ("quick", "access.scope", "GDAP"),
        ("quick", "operations.patching", "14 days"),
    ];
    let floor = chrono::NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
    for (id, question_id, fact) in cases {
        let questionnaire = load(id);
        let definition = &question(&questionnaire, question_id).definition;
        assert!(
            definition
                .help
                .as_deref()
                .is_some_and(|help| help.contains(fact)),
            "{id}:{question_id} states `{fact}`"
        );
        assert!(
            definition.review_by.is_some_and(|date| date >= floor),
            "{id}:{question_id} has a review_by date in 2027 or later"
        );
    }
}

/// Issue 17 item 2: the questions that close msp's and mssp's gaps against the official
/// checklists, each with an official source.
const GAP_QUESTIONS: &[(&str, &str, &str)] = &[
    ("msp", "transparency.accountable_signatory", "CISA Insights"),
    ("msp", "transparency.ownership_change", "CISA Insights"),
    ("msp", "secops.access_inventory", "CISA AA22-131A"),
    ("msp", "transparency.viability", "CISA Insights"),
    ("msp", "governance.data_location", "ITSM.50.030"),
    ("msp", "governance.exit_deletion", "15.7"),
    ("msp", "recovery.incident_report_content", "ACSC"),
    ("msp", "transparency.right_to_audit", "NYDFS"),
    ("msp", "secops.staff_screening", "ITSM.50.030"),
    ("mssp", "service.accountable_signatory", "CISA Insights"),
    ("mssp", "service.ownership_change", "CISA Insights"),
    ("mssp", "access.inventory", "CISA AA22-131A"),
    ("mssp", "service.viability", "CISA Insights"),
    ("mssp", "compliance.data_location", "ITSM.50.030"),
    ("mssp", "service.exit_deletion", "15.7"),
    ("mssp", "response.report_content", "ACSC"),
    ("mssp", "compliance.right_to_audit", "NYDFS"),
    ("mssp", "access.staff_screening", "ITSM.50.030"),
];

#[test]
fn the_official_checklist_gaps_are_asked_with_their_sources() {
    for (id, question_id, source) in GAP_QUESTIONS {
        let questionnaire = load(id);
        let definition = &question(&questionnaire, question_id).definition;
        assert!(
            definition
                .references
                .iter()
                .any(|reference| reference.contains(source)),
            "{id}:{question_id} cites {source}: {:?}",
            definition.references
        );
        assert!(definition.evidence.is_some(), "{id}:{question_id} evidence");
    }
}

/// The questions added in msp 2.0.0 and mssp 2.0.0.
const ADDED: &[&str] = &[
    "secops.access_inventory",
    "secops.staff_screening",
    "recovery.incident_report_content",
    "transparency.accountable_signatory",
    "transparency.viability",
    "transparency.right_to_audit",
    "governance.data_location",
    "governance.exit_deletion",
    "service.accountable_signatory",
    "service.ownership_change",
    "service.viability",
    "service.exit_deletion",
    "response.report_content",
    "access.inventory",
    "access.staff_screening",
    "compliance.data_location",
    "compliance.right_to_audit",
];

#[test]
fn a_provider_that_leaves_the_new_questions_blank_keeps_its_class() {
    // A new question must not change the class of a provider whose other answers are
    // unchanged: each example, with the new questions' answers removed, is still its class.
    for (example, class) in [
        ("mature-msp", "mature"),
        ("pseudo-msp", "pseudo"),
        ("amateur-msp", "amateur"),
        ("mssp-mature", "mature"),
        ("mssp-pseudo", "pseudo"),
        ("mssp-amateur", "amateur"),
    ] {
        let text = std::fs::read_to_string(root().join("examples").join(format!("{example}.yaml")))
            .unwrap();
        let mut removed = 0;
        let kept: Vec<&str> = text
            .lines()
            .filter(|line| {
                let new = ADDED.iter().any(|id| line.starts_with(&format!("  {id}:")));
                removed += usize::from(new);
                !new
            })
            .collect();
        assert!(removed >= 8, "{example} answers the new questions");
        assert_eq!(classify(&kept.join("\n")), class, "{example}");
    }
}

/// Answers that say "there was nothing to do" (no SMS users, no automation under user
/// accounts, admins already on 2-step verification, no passwords held, no volume cap): true
/// for a well-run provider, so they score full marks and raise nothing.
const NOTHING_TO_DO: &[(&str, &str, &str)] = &[
    ("msp", "mfa.azure_automation", "no_user_automation"),
    ("msp", "mfa.google_enforcement", "already_enforced"),
    ("msp", "mfa.sms_retirement", "no_sms_users"),
    ("msp", "mfa.refusal_handling", "not_negotiable"),
    ("msp", "secops.credential_storage", "holds_none"),
    ("msp", "governance.risk_acceptance", "not_optional"),
    ("mssp", "access.automation_identities", "no_user_automation"),
    ("mssp", "access.sms_retirement", "no_sms_users"),
    ("mssp", "access.credential_storage", "holds_none"),
    ("mssp", "service.client_baseline", "not_negotiable"),
    ("mssp", "billing.volume_cap", "no_limit"),
];

#[test]
fn nothing_to_do_answers_score_full_marks_and_raise_nothing() {
    for (id, question_id, value) in NOTHING_TO_DO {
        let questionnaire = load(id);
        let found = question(&questionnaire, question_id);
        let option = &found.options[found
            .option_index(value)
            .unwrap_or_else(|| panic!("{id}:{question_id} offers `{value}`"))];
        assert_eq!(option.score, 1.0, "{id}:{question_id}:{value}");
        assert!(
            option.signals.is_empty() && option.red_flag.is_none(),
            "{id}:{question_id}:{value} raises nothing"
        );
    }
}

#[test]
fn with_nothing_signed_the_missing_matrix_is_not_flagged_a_second_time() {
    // The same fact (no contract) raised two red flags: `nothing_signed` and the matrix's
    // `no`, which every honest respondent without a contract had to give.
    let report = assess_example(
        "mature-msp",
        "auditor",
        &[
            ("transparency.written_contract", "nothing_signed"),
            ("transparency.responsibility_matrix", "\"no\""),
        ],
    );
    let flags: Vec<&str> = report["red_flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|flag| flag["question"].as_str().unwrap())
        .collect();
    assert_eq!(flags, ["transparency.written_contract"]);
}

#[test]
fn backups_the_provider_does_not_run_are_not_applicable_and_raise_no_flag() {
    // A security reseller or a consultancy whose client runs its own backups had only `none`
    // ("There are no backups of your data"), which is untrue.
    let report = assess_example(
        "mature-msp",
        "auditor",
        &[
            ("recovery.isolated_backups", "na"),
            ("recovery.restore_tests", "na"),
            ("recovery.rpo_rto", "na"),
        ],
    );
    assert_eq!(report["red_flags"].as_array().unwrap().len(), 0);
    // The same for endpoint protection that another provider runs, in mssp.
    let report = assess_example("mssp-mature", "auditor", &[("detection.endpoint", "na")]);
    assert_eq!(report["red_flags"].as_array().unwrap().len(), 0);
}

#[test]
fn patching_left_to_the_client_asks_no_patch_figures_and_is_not_break_fix() {
    let report = assess_example(
        "mature-msp",
        "auditor",
        &[("breakfix.patching_mode", "left_to_client")],
    );
    let asked: Vec<&str> = report["answers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|answer| answer["question"].as_str().unwrap())
        .collect();
    for id in ["secops.critical_patch_days", "secops.patch_compliance"] {
        assert!(!asked.contains(&id), "{id} is not asked");
    }
    assert!(!report["signals"]
        .as_array()
        .unwrap()
        .iter()
        .any(|signal| signal == "no_patch_process"));
}

#[test]
fn unmeasured_figures_take_unknown_and_score_as_the_lowest_band_not_as_blank() {
    // "Nobody can say" was forced into a number: 0 % or 0 months is a different claim, and a
    // blank leaves the question out of the score, so a provider that does not measure scored
    // better than one that measured a poor result.
    for (example, question_id, lowest) in [
        ("mature-msp", "mfa.client_coverage", "0"),
        ("mature-msp", "secops.patch_compliance", "0"),
        ("mssp-mature", "patching.client_compliance", "0"),
        ("mssp-mature", "logging.retention_months", "0"),
    ] {
        let unknown = assess_example(example, "auditor", &[(question_id, "unknown")]);
        let zero = assess_example(example, "auditor", &[(question_id, lowest)]);
        let blank = assess_example(example, "auditor", &[(question_id, "")]);
        assert_eq!(unknown["score"], zero["score"], "{question_id}");
        assert_eq!(unknown["signals"], zero["signals"], "{question_id}");
        assert!(
            unknown["score"].as_f64() < blank["score"].as_f64(),
            "{question_id}: not measuring scores below leaving it blank"
        );
    }
    // Days to patch: 0 days would be the best answer, so `unknown` must not read as 0.
    let unknown = assess_example(
        "mature-msp",
        "auditor",
        &[("secops.critical_patch_days", "unknown")],
    );
    let fast = assess_example(
        "mature-msp",
        "auditor",
        &[("secops.critical_patch_days", "0")],
    );
    assert!(unknown["score"].as_f64() < fast["score"].as_f64());
}

#[test]
fn an_undisclosed_night_shift_is_not_counted_as_nobody_on_shift() {
    // A partner SOC that does not say how many analysts it puts on a weekend night: `0`
    // raised `no_24x7`, which bars mature, for a figure nobody knows.
    let unknown = assess_example(
        "mssp-mature",
        "client",
        &[("monitoring.overnight_analysts", "unknown")],
    );
    let zero = assess_example(
        "mssp-mature",
        "client",
        &[("monitoring.overnight_analysts", "0")],
    );
    let has = |report: &serde_json::Value| {
        report["signals"]
            .as_array()
            .unwrap()
            .iter()
            .any(|signal| signal == "no_24x7")
    };
    assert!(has(&zero));
    assert!(!has(&unknown));
}

#[test]
fn mssp_restores_on_request_are_not_a_yearly_test() {
    // "Yearly or now and then" let a provider that only restores lost files on request
    // answer `yearly`; it now has its own answer, flagged like `never`.
    let report = assess_example(
        "mssp-mature",
        "auditor",
        &[("response.restore_tested", "on_request_only")],
    );
    let flags = report["red_flags"].as_array().unwrap();
    assert_eq!(flags.len(), 1, "{flags:?}");
    assert_eq!(flags[0]["question"], "response.restore_tested");
}

#[test]
fn a_known_unmet_legal_duty_is_flagged_and_not_checking_is_not_not_knowing() {
    let report = assess_example(
        "mssp-mature",
        "auditor",
        &[("compliance.regulatory_duties", "known_not_met")],
    );
    let flags = report["red_flags"].as_array().unwrap();
    assert_eq!(flags.len(), 1, "{flags:?}");
    assert_eq!(flags[0]["question"], "compliance.regulatory_duties");
    let not_checked = assess_example(
        "mssp-mature",
        "auditor",
        &[("compliance.regulatory_duties", "not_checked")],
    );
    assert!(not_checked["red_flags"].as_array().unwrap().is_empty());
}

#[test]
fn the_review_table_lists_every_question_of_each_bundled_questionnaire_once_with_a_verdict() {
    // docs/questionnaires/review-2026-12.md is the record that the review was complete.
    let text =
        std::fs::read_to_string(root().join("docs/questionnaires/review-2026-12.md")).unwrap();
    for id in ["msp", "mssp", "quick"] {
        let questionnaire = load(id);
        let heading = format!("## `{id}` {}", questionnaire.version());
        let section = text
            .split("\n## ")
            .find(|part| format!("## {part}").starts_with(&heading))
            .unwrap_or_else(|| panic!("a section `{heading}`"));
        let rows: Vec<(&str, &str)> = section
            .lines()
            .filter_map(|line| {
                let cells: Vec<&str> = line.split('|').map(str::trim).collect();
                (cells.len() >= 5 && cells[1].starts_with('`'))
                    .then(|| (cells[1].trim_matches('`'), cells[2]))
            })
            .collect();
        let listed: Vec<&str> = rows.iter().map(|(question, _)| *question).collect();
        let expected: Vec<&str> = questionnaire
            .questions
            .iter()
            .map(|question| question.id())
            .collect();
        assert_eq!(listed, expected, "{id}: every question, in order, once");
        for (question, verdict) in rows {
            assert!(
                ["kept", "changed"].contains(&verdict),
                "{id}:{question}: verdict `{verdict}`"
            );
        }
    }
}

#[test]
fn a_client_that_has_not_signed_can_answer_the_rehearsal_and_agreement_questions() {
    // The client wordings asked about a rehearsal held "with you" or an agreement already
    // made, which a prospective client cannot answer; a reference client or the draft now
    // counts, and the descriptions say so for every question.
    for (id, question_id, phrase) in [
        ("msp", "recovery.ir_exercise", "reference client"),
        (
            "msp",
            "recovery.rpo_rto",
            "before it takes over your backups",
        ),
        ("msp", "governance.critical_assets", "before signing"),
        ("msp", "proactivity.onboarding", "reference client"),
        ("mssp", "response.exercise", "reference client"),
        ("mssp", "monitoring.escalation_tested", "reference client"),
    ] {
        let questionnaire = load(id);
        let wording = question(&questionnaire, question_id)
            .text_for(Some(mspcheck::model::Perspective::Client))
            .to_string();
        assert!(wording.contains(phrase), "{id}:{question_id}: {wording}");
    }
    for id in ["msp", "mssp"] {
        let questionnaire = load(id);
        let description = questionnaire
            .definition
            .description
            .clone()
            .unwrap_or_default();
        assert!(
            description.contains("A client that has not signed yet"),
            "{id}: {description}"
        );
    }
}

#[test]
fn a_notification_duty_without_hours_is_its_own_answer_in_mssp_and_asks_for_no_number() {
    // mssp 2.2 told a provider whose contract says "promptly" to answer `no`, which raised
    // `no_notification_terms` for a contract that has notification terms.
    let with_deadline = assess_example("mssp-mature", "auditor", &[]);
    let no_deadline = assess_example(
        "mssp-mature",
        "auditor",
        &[
            ("response.notification_committed", "no_deadline"),
            ("response.notification_hours", ""),
        ],
    );
    let none = assess_example(
        "mssp-mature",
        "auditor",
        &[
            ("response.notification_committed", "none"),
            ("response.notification_hours", ""),
        ],
    );
    let signals = |report: &serde_json::Value| -> Vec<String> {
        report["signals"]
            .as_array()
            .unwrap()
            .iter()
            .map(|signal| signal.as_str().unwrap().to_string())
            .collect()
    };
    assert!(signals(&no_deadline).contains(&"no_notification_deadline".to_string()));
    assert!(!signals(&no_deadline).contains(&"no_notification_terms".to_string()));
    assert!(signals(&none).contains(&"no_notification_terms".to_string()));
    let score = |report: &serde_json::Value| report["score"].as_f64().unwrap();
    assert!(score(&none) < score(&no_deadline) && score(&no_deadline) < score(&with_deadline));
    // The hours are asked only after a maximum time: an answer given anyway is not counted.
    let hours_given = assess_example(
        "mssp-mature",
        "auditor",
        &[("response.notification_committed", "no_deadline")],
    );
    assert!(hours_given["answers"]
        .as_array()
        .unwrap()
        .iter()
        .all(|answer| answer["question"] != "response.notification_hours"));
    // A duty claimed without anything signed is the same contradiction with or without hours.
    let unsigned = assess_example(
        "mssp-mature",
        "auditor",
        &[
            ("response.notification_committed", "no_deadline"),
            ("service.written_agreement", "work_orders_only"),
        ],
    );
    assert!(unsigned["contradictions"]
        .as_array()
        .unwrap()
        .iter()
        .any(|entry| entry["id"] == "notification_duty_without_a_contract"));
}

#[test]
fn an_mssp_answers_file_with_the_old_yes_no_answer_is_refused_with_the_new_answers_named() {
    let result = assess_err(
        "format: mspcheck/answers/1\nquestionnaire: mssp\nprovider: P\nanswers:\n  response.notification_committed: no\n",
    );
    assert_eq!(result.code, 2, "{}", result.stderr);
    assert!(
        result.stderr.contains("answers.yaml:5:")
            && result.stderr.contains("[value-not-allowed]")
            && result.stderr.contains("no_deadline"),
        "{}",
        result.stderr
    );
}

#[test]
fn quick_a_tool_vendors_report_cannot_be_combined_with_an_audit_of_the_provider() {
    // "Only a tool vendor's report" next to the provider's own SOC 2 validated and scored 1.
    let result = assess_err(
        "format: mspcheck/answers/1\nquestionnaire: quick\nprovider: P\nanswers:\n  transparency.attestations: [soc2_type2, vendor_report_only]\n",
    );
    assert_eq!(result.code, 2, "{}", result.stderr);
    assert!(
        result.stderr.contains("answers.yaml:5:") && result.stderr.contains("[exclusive-option]"),
        "{}",
        result.stderr
    );
}

#[test]
fn quick_vendor_mfa_is_not_applicable_when_the_provider_manages_no_tenant() {
    // Keyed on "you use neither vendor", which a provider or an auditor cannot answer, and
    // which says nothing about how the provider handled the change at its other clients.
    let questionnaire = load("quick");
    let help = question(&questionnaire, "mfa.vendor_enforcement")
        .definition
        .help
        .clone()
        .unwrap_or_default();
    assert!(
        help.contains("Answer na if the provider manages no client's Microsoft 365"),
        "{help}"
    );
    assert!(!help.contains("na if you use neither vendor"), "{help}");
}

#[test]
fn quick_work_outside_the_service_is_not_applicable_rather_than_none_of_these() {
    // A security service that does not run the client's e-mail, or one that only monitors
    // and configures nothing, could only answer `[none]` and raise the "none" signal, while
    // `operations.patching` already took na for the same service.
    for (question_id, signal) in [
        ("operations.email_protection", "no_phishing_protection"),
        ("operations.hardening", "no_hardening"),
    ] {
        let none = assess_example("quick-mature", "client", &[(question_id, "[none]")]);
        let na = assess_example("quick-mature", "client", &[(question_id, "na")]);
        assert!(
            na["score"].as_f64() > none["score"].as_f64(),
            "{question_id}"
        );
        assert!(
            !na["signals"]
                .as_array()
                .unwrap()
                .iter()
                .any(|raised| raised == signal),
            "{question_id}"
        );
        let help = question(&load("quick"), question_id)
            .definition
            .help
            .clone()
            .unwrap_or_default();
        assert!(help.contains("Answer na if"), "{question_id}: {help}");
    }
}

#[test]
fn quick_honest_middle_answers_raise_no_break_fix_signal_or_red_flag() {
    // Repairs included up to a monthly cap, updates left on automatic, restores tested now
    // and then with a record, MFA on every user with legacy sign-in open: each fitted no
    // option, and the nearest (`billed_extra`, `on_request`, `never`, `some_users`) raised a
    // break/fix signal or a red flag that the answer does not deserve.
    for (question_id, value, not_raised) in [
        ("billing.extra_invoice", "capped_hours", "billed_for_fixes"),
        (
            "operations.patching",
            "automated_unreported",
            "patch_on_request",
        ),
        ("mfa.your_users", "all_legacy_open", "partial_mfa"),
    ] {
        let report = assess_example("quick-mature", "client", &[(question_id, value)]);
        assert!(
            !report["signals"]
                .as_array()
                .unwrap()
                .iter()
                .any(|signal| signal == not_raised),
            "{question_id}: {value}"
        );
        assert_eq!(report["classification"], "mature", "{question_id}: {value}");
    }
    let report = assess_example(
        "quick-mature",
        "client",
        &[("backup.restore_tested", "occasional_recorded")],
    );
    assert!(report["red_flags"].as_array().unwrap().is_empty());
    // MFA on every user with legacy sign-in open is still MFA on every user: the provider
    // that leaves its own accounts on a password alone contradicts it.
    let report = assess_example(
        "quick-mature",
        "client",
        &[
            ("mfa.your_users", "all_legacy_open"),
            ("mfa.provider_access", "most"),
        ],
    );
    assert!(report["contradictions"]
        .as_array()
        .unwrap()
        .iter()
        .any(|entry| entry["id"] == "mfa_for_your_users_but_not_its_own_staff"));
}

#[test]
fn quick_says_how_to_answer_for_a_provider_that_serves_clients_differently() {
    // One choice flattened a mixed client base: the description now says which service to
    // answer for, so each question need not.
    let description = load("quick")
        .definition
        .description
        .clone()
        .unwrap_or_default();
    assert!(
        description.contains("Where the provider serves its clients differently")
            && description.contains("for the weakest"),
        "{description}"
    );
}
