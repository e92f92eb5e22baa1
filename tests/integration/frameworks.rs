//! Framework catalogues, `maps:`, the posture view, contract clauses and client obligations,
//! on a custom questionnaire mapped to a catalogue of the user's own and to bundled ones.

use serde_json::Value;

use super::support::run;

const ANSWERS: &str = "tests/fixtures/frameworks/answers.yaml";

fn json(args: &[&str]) -> Value {
    let result = run(args);
    assert_eq!(result.code, 0, "{}", result.stderr);
    serde_json::from_str(&result.stdout).expect("JSON")
}

fn control<'a>(posture: &'a Value, id: &str) -> &'a Value {
    posture["controls"]
        .as_array()
        .unwrap()
        .iter()
        .find(|control| control["id"] == id)
        .unwrap_or_else(|| panic!("no control {id}"))
}

#[test]
fn a_custom_catalogue_gives_evidence_per_control_from_the_answers() {
    let report = json(&[
        "assess",
        "-f",
        "json",
        ANSWERS,
        "--framework",
        "acme-baseline",
    ]);
    let posture = &report["frameworks"][0];
    assert_eq!(posture["framework"], "acme-baseline");
    assert_eq!(
        posture["coverage"],
        "The `vendor-check` questionnaire gives evidence for 4 of 4 Acme supplier baseline requirements."
    );
    assert_eq!(
        posture["totals"],
        serde_json::json!({"met": 1, "partly": 1, "not_met": 1, "unanswered": 1, "not_applicable": 0})
    );
    // mfa.staff: no → not met; restore tested yearly meets OPS-1 through that answer; 4 months
    // of logs is a middle band (partly); admin.review unanswered.
    assert_eq!(control(posture, "ACC-1")["evidence"], "not_met");
    assert_eq!(control(posture, "OPS-1")["evidence"], "met");
    assert_eq!(
        control(posture, "OPS-1")["questions"][0]["met_by"],
        "yearly"
    );
    assert_eq!(control(posture, "OPS-2")["evidence"], "partly");
    assert_eq!(control(posture, "ACC-2")["evidence"], "unanswered");
    assert_eq!(posture["unreached"], serde_json::json!([]));
}

#[test]
fn partial_mappings_never_count_as_met_and_na_is_not_applicable() {
    let report = json(&[
        "assess",
        "-f",
        "json",
        "tests/fixtures/frameworks/answers-plain.yaml",
        "--framework",
        "csf2,acme-baseline",
    ]);
    let csf = &report["frameworks"][0];
    assert_eq!(csf["framework"], "csf2");
    assert_eq!(control(csf, "PR.DS-11")["evidence"], "met");
    assert_eq!(
        control(csf, "RC.RP-03")["evidence"],
        "partly",
        "a partial mapping caps the best answer at partly"
    );
    assert_eq!(csf["reached"], 3);
    assert_eq!(csf["unreached"].as_array().unwrap().len(), 103);
    let baseline = &report["frameworks"][1];
    assert_eq!(control(baseline, "ACC-2")["evidence"], "not_applicable");
    assert_eq!(
        control(baseline, "OPS-1")["evidence"],
        "not_met",
        "quarterly is not the answer mapped to OPS-1"
    );
}

#[test]
fn a_mapping_on_a_number_band_is_met_only_inside_that_band() {
    let band = |answers: &str| {
        let report = json(&["assess", "-f", "json", answers, "--framework", "aa22-131a"]);
        control(&report["frameworks"][0], "monitoring-logging")["questions"][0].clone()
    };
    let twelve = band("tests/fixtures/frameworks/answers-plain.yaml");
    assert_eq!(
        (twelve["met_by"].as_str(), twelve["evidence"].as_str()),
        (Some("> 5"), Some("met"))
    );
    let four = band(ANSWERS);
    assert_eq!(
        (four["answer"].as_str(), four["evidence"].as_str()),
        (Some("4"), Some("not_met"))
    );
}

#[test]
fn all_selects_every_framework_the_questionnaire_maps_to() {
    let report = json(&["assess", "-f", "json", ANSWERS, "--framework", "all"]);
    let ids: Vec<&str> = report["frameworks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|posture| posture["framework"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["aa22-131a", "csf2", "cis8", "acme-baseline"]);
    let cis = &report["frameworks"][2];
    assert_eq!(
        cis["groups"],
        serde_json::json!([
            {"group": "IG1", "reached": 1, "total": 56},
            {"group": "IG2", "reached": 0, "total": 74},
            {"group": "IG3", "reached": 0, "total": 23}
        ])
    );
}

#[test]
fn without_framework_the_report_has_no_framework_section() {
    let report = json(&["assess", "-f", "json", ANSWERS]);
    assert!(report.get("frameworks").is_none());
}

#[test]
fn an_unknown_framework_on_the_command_line_is_refused_with_a_suggestion() {
    let result = run(&["assess", "-f", "json", ANSWERS, "--framework", "csf"]);
    assert_eq!(result.code, 2);
    assert_eq!(
        result.stderr,
        "error: no framework `csf` is loaded for questionnaire `vendor-check` [unknown-framework]\n  help: did you mean `csf2`?\n"
    );
    assert!(result.stdout.is_empty());
}

#[test]
fn unknown_frameworks_and_controls_are_located_with_did_you_mean() {
    let result = run(&["validate", "tests/fixtures/frameworks/typos.yaml"]);
    assert_eq!(result.code, 2);
    let file = "tests/fixtures/frameworks/typos.yaml";
    let expected = [
        format!("{file}:13:7: error: `maps` names framework `csf`, which is not loaded [unknown-framework]\n  help: did you mean `csf2`?"),
        format!("{file}:14:19: error: `aa22-131a` has no control `mfaa` [unknown-control]\n  help: did you mean `mfa`?"),
        format!("{file}:14:30: error: control `mfa` of `aa22-131a` is named twice here [duplicate-mapping]\n  help: name each control once, under `supports` or `partial`"),
        format!("{file}:20:14: error: control id 6.1 is a number to YAML; quote it (`\"6.1\"`), because an unquoted `6.10` is read as 6.1 [wrong-type]"),
        format!("{file}:26:23: error: control `PR.DS-11` of `csf2` is mapped by question `backup.restore` and by its answer `yes` [duplicate-mapping]\n  help: map a control either to the whole question (its score says how well) or to the answers that meet it, not both"),
        format!("{file}:28:24: error: `csf2` has no control `GV.SC-11` [unknown-control]\n  help: did you mean `GV.SC-10`?"),
        format!("{file}:30:54: error: clause `c1` covers `backup.restor`, which does not exist [unknown-question]\n  help: did you mean `backup.restore`?"),
    ];
    assert_eq!(result.stderr, format!("{}\n", expected.join("\n")));
}

#[test]
fn a_catalogue_given_with_framework_file_resolves_maps_the_questionnaire_does_not_declare() {
    let answers = "tests/fixtures/frameworks/answers-flag.yaml";
    let without = run(&["assess", "-f", "json", answers]);
    assert_eq!(without.code, 2);
    assert!(
        without.stderr.starts_with("tests/fixtures/frameworks/mapped-flag.yaml:15:7: error: `maps` names framework `acme-baseline`, which is not loaded [unknown-framework]"),
        "{}",
        without.stderr
    );
    let report = json(&[
        "assess",
        "-f",
        "json",
        answers,
        "--framework-file",
        "tests/fixtures/frameworks/baseline.yaml",
        "--framework",
        "acme-baseline",
    ]);
    assert_eq!(report["frameworks"][0]["reached"], 4);
    let validated = run(&[
        "validate",
        "--framework-file",
        "tests/fixtures/frameworks/baseline.yaml",
        "tests/fixtures/frameworks/mapped-flag.yaml",
        "tests/fixtures/frameworks/baseline.yaml",
    ]);
    assert_eq!(validated.code, 0, "{}", validated.stderr);
    assert!(validated.stdout.contains(
        "baseline.yaml: ok (framework catalogue `acme-baseline` 2026.1, 4 requirements)"
    ));
}

#[test]
fn the_framework_section_appears_in_every_format() {
    for (format, needle) in [
        ("table", "Framework evidence: Acme supplier baseline (acme-baseline 2026.1)"),
        ("markdown", "## Framework evidence: Acme supplier baseline (acme-baseline 2026.1)"),
        ("html", "<h2>Framework evidence: Acme supplier baseline (acme-baseline 2026.1)</h2>"),
        ("csv", "framework:acme-baseline:reached,framework:acme-baseline:total,framework:acme-baseline:met"),
        ("json", "\"framework\": \"acme-baseline\""),
    ] {
        let result = run(&["assess", "-f", format, ANSWERS, "--framework", "acme-baseline"]);
        assert_eq!(result.code, 0, "{format}: {}", result.stderr);
        assert!(result.stdout.contains(needle), "{format}:\n{}", result.stdout);
        if format != "csv" && format != "json" {
            assert!(
                result.stdout.contains("not a statement of compliance"),
                "{format} must say evidence, not compliance"
            );
            assert!(!result.stdout.contains("compliant"), "{format}");
        }
    }
    let csv = run(&[
        "assess",
        "-f",
        "csv",
        ANSWERS,
        "--framework",
        "acme-baseline",
    ]);
    let row = csv.stdout.lines().nth(1).unwrap();
    assert!(row.contains(",4,4,1,1,1,1,0,1,nydfs-500"), "{row}");
}

#[test]
fn clauses_cover_red_flags_and_critical_shortfalls_with_their_source() {
    let result = run(&["assess", "-f", "clauses", ANSWERS]);
    assert_eq!(result.code, 0, "{}", result.stderr);
    let text = &result.stdout;
    assert!(
        text.starts_with("# Contract clauses for Example IT\n"),
        "{text}"
    );
    assert!(text.contains(
        "1. **MFA on every provider account** — The provider enforces multi-factor authentication on every account its staff use to reach our systems.  \n   _Source: CISA AA22-131A, contract measures_\n   - mfa.staff (red flag: Provider accounts without MFA): Do all provider staff sign in with MFA?"
    ), "{text}");
    // 4 months of logs is not critical (no answer of it is a red flag): no clause for it.
    assert!(!text.contains("Log retention"), "{text}");
    assert!(text.contains("No clause topic of the questionnaire covers these gaps:\n\n- backup.restore\\_test (falls short: yearly)"), "{text}");
    assert!(
        text.contains("## Duties the contract should allocate"),
        "{text}"
    );
    for format in ["table", "markdown", "html"] {
        let result = run(&["assess", "-f", format, ANSWERS]);
        assert!(
            result.stdout.contains("Contract clauses to ask for"),
            "{format}:\n{}",
            result.stdout
        );
    }
    let plain = run(&[
        "assess",
        "-f",
        "clauses",
        "tests/fixtures/frameworks/answers-plain.yaml",
    ]);
    assert!(
        plain.stdout.contains("nothing calls for a clause"),
        "{}",
        plain.stdout
    );
    let compare = run(&["compare", "-f", "clauses", ANSWERS, ANSWERS]);
    assert_eq!(compare.code, 2);
    assert!(
        compare
            .stderr
            .contains("`--format clauses` is for `assess`"),
        "{}",
        compare.stderr
    );
}

#[test]
fn client_facts_select_obligations_and_the_questions_behind_them() {
    let report = json(&["assess", "-f", "json", ANSWERS]);
    let obligations = report["obligations"].as_array().unwrap();
    assert_eq!(obligations.len(), 1);
    let nydfs = &obligations[0];
    assert_eq!(nydfs["id"], "nydfs-500");
    assert_eq!(
        nydfs["selected_by"],
        "client facts: region `us-ny`, sector `finance`"
    );
    assert!(nydfs["review_by"].is_string());
    assert_eq!(
        nydfs["evidence"],
        serde_json::json!([{"question": "mfa.staff", "answer": "no", "evidence": "not_met"}])
    );
    let plain = json(&[
        "assess",
        "-f",
        "json",
        "tests/fixtures/frameworks/answers-plain.yaml",
    ]);
    assert!(plain.get("obligations").is_none() && plain.get("client").is_none());
    let bad = run(&[
        "validate",
        "tests/fixtures/frameworks/answers-bad-region.yaml",
    ]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.starts_with(
        "tests/fixtures/frameworks/answers-bad-region.yaml:6:19: error: `New York` is not a region code [value-not-allowed]"
    ), "{}", bad.stderr);
}

#[test]
fn show_framework_lists_mapped_questions_and_unreached_controls() {
    let view = json(&[
        "show",
        "tests/fixtures/frameworks/mapped.yaml",
        "--framework",
        "aa22-131a",
        "-f",
        "json",
    ]);
    assert_eq!(
        (view["reached"].as_u64(), view["total"].as_u64()),
        (Some(2), Some(12))
    );
    let controls = view["controls"].as_array().unwrap();
    let mfa = controls
        .iter()
        .find(|control| control["id"] == "mfa")
        .unwrap();
    assert_eq!(mfa["title"], "Enforce multifactor authentication");
    assert_eq!(
        mfa["questions"],
        serde_json::json!([{"question": "mfa.staff", "relation": "supports"}])
    );
    let unreached = controls
        .iter()
        .filter(|control| control["questions"] == serde_json::json!([]))
        .count();
    assert_eq!(unreached, 10);
    let table = run(&[
        "show",
        "tests/fixtures/frameworks/mapped.yaml",
        "--framework",
        "aa22-131a",
    ]);
    assert!(
        table.stdout.contains("Not reached by any question (10)"),
        "{}",
        table.stdout
    );
    let markdown = run(&[
        "show",
        "tests/fixtures/frameworks/mapped.yaml",
        "--framework",
        "cis8",
        "-f",
        "markdown",
    ]);
    assert!(
        markdown.stdout.contains("| `6.5` |  | IG1 | mfa.staff |"),
        "{}",
        markdown.stdout
    );
    assert!(markdown
        .stdout
        .contains("_none: cannot be judged from this questionnaire_"));
    let all = run(&[
        "show",
        "tests/fixtures/frameworks/mapped.yaml",
        "--framework",
        "all",
    ]);
    assert_eq!(all.code, 2);
}

const BUNDLED: [&str; 3] = ["msp", "mssp", "quick"];
const FRAMEWORKS: [&str; 7] = [
    "aa22-131a",
    "csf2",
    "cis8",
    "iso27001",
    "cyber-essentials",
    "essential-eight",
    "nis2",
];

#[test]
fn every_bundled_question_gives_evidence_on_aa22_131a_and_csf2() {
    let catalog = mspcheck::load::Catalog::default();
    for id in BUNDLED {
        let loaded = catalog
            .load_named(id)
            .expect("bundled questionnaires are valid");
        let questionnaire = &loaded.questionnaire;
        let set = &questionnaire.mappings.frameworks;
        for framework in ["aa22-131a", "csf2"] {
            let position = set.position(framework).unwrap();
            let unmapped: Vec<&str> = questionnaire
                .questions
                .iter()
                .enumerate()
                .filter(|(index, _)| {
                    !questionnaire
                        .mappings
                        .links
                        .iter()
                        .any(|link| link.question == *index && link.framework == position)
                })
                .map(|(_, question)| question.id())
                .collect();
            assert!(
                unmapped.is_empty(),
                "{id}: not mapped to {framework}: {unmapped:?}"
            );
        }
        assert!(!questionnaire.clauses.is_empty(), "{id} has clause topics");
        let uncovered: Vec<&str> = questionnaire
            .questions
            .iter()
            .enumerate()
            .filter(|(index, question)| {
                question.is_critical()
                    && !questionnaire
                        .clauses
                        .iter()
                        .any(|clause| clause.covers.contains(index))
            })
            .map(|(_, question)| question.id())
            .collect();
        assert!(
            uncovered.is_empty(),
            "{id}: critical questions without a clause topic: {uncovered:?}"
        );
    }
}

/// The coverage table of docs/frameworks.md, computed from the bundled questionnaires.
fn coverage_table() -> String {
    let mut table = String::from("| questionnaire |");
    for framework in FRAMEWORKS {
        table.push_str(&format!(" `{framework}` |"));
    }
    table.push_str("\n|---|");
    table.push_str(&"---:|".repeat(FRAMEWORKS.len()));
    table.push('\n');
    for id in BUNDLED {
        let mut row = String::new();
        let mut version = String::new();
        for framework in FRAMEWORKS {
            let view = json(&["show", id, "--framework", framework, "-f", "json"]);
            version = view["questionnaire_version"].as_str().unwrap().to_string();
            let mut cell = format!("{} of {}", view["reached"], view["total"]);
            if let Some(groups) = view["groups"].as_array() {
                let parts: Vec<String> = groups
                    .iter()
                    .map(|group| {
                        format!(
                            "{} {}/{}",
                            group["group"].as_str().unwrap(),
                            group["reached"],
                            group["total"]
                        )
                    })
                    .collect();
                cell.push_str(&format!(" ({})", parts.join(", ")));
            }
            row.push_str(&format!(" {cell} |"));
        }
        table.push_str(&format!("| `{id}` {version} |{row}\n"));
    }
    table
}

#[test]
fn documented_coverage_figures_match_the_bundled_questionnaires() {
    let path = super::support::root().join("docs/frameworks.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let (start, end) = ("<!-- coverage:start -->\n", "<!-- coverage:end -->");
    let from = text.find(start).expect("coverage start marker") + start.len();
    let to = text.find(end).expect("coverage end marker");
    let table = coverage_table();
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, format!("{}{table}{}", &text[..from], &text[to..])).unwrap();
        return;
    }
    assert_eq!(
        &text[from..to],
        table,
        "docs/frameworks.md coverage table is out of date; run with UPDATE_GOLDEN=1"
    );
}

#[test]
fn the_interview_keeps_client_facts_and_takes_new_ones_from_flags() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    for name in ["mapped.yaml", "baseline.yaml", "answers.yaml"] {
        std::fs::copy(
            super::support::fixture(&format!("fixtures/frameworks/{name}")),
            folder.path().join(name),
        )
        .unwrap();
    }
    // One question is left (admin.review); the region is replaced, the rest is kept.
    let run = super::support::run_with_input(
        folder.path(),
        &[
            "interview",
            "mapped.yaml",
            "-o",
            "answers.yaml",
            "--plain",
            "--client-region",
            "us-la",
            "--client-public-body",
            "true",
        ],
        Some(b"yes\n"),
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let text = std::fs::read_to_string(folder.path().join("answers.yaml")).unwrap();
    assert!(
        text.contains("client:\n  sector: finance\n  region:\n  - us-la\n  public_body: true\n"),
        "{text}"
    );
    let report = super::support::run_in(folder.path(), &["assess", "-f", "json", "answers.yaml"]);
    let report: Value = serde_json::from_str(&report.stdout).unwrap();
    assert_eq!(report["obligations"][0]["id"], "louisiana-act-117");
    let bad = super::support::run_with_input(
        folder.path(),
        &[
            "interview",
            "mapped.yaml",
            "-o",
            "answers.yaml",
            "--plain",
            "--client-sector",
            "banking",
        ],
        Some(b""),
    );
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr
            .contains("`--client-sector banking` is not a sector"),
        "{}",
        bad.stderr
    );
}

#[test]
fn html_keeps_control_ids_whole_and_prints_postures_compactly() {
    let result = super::support::run(&[
        "assess",
        "--format",
        "html",
        "--framework",
        "csf2",
        "examples/amateur-msp.yaml",
    ]);
    assert_eq!(result.code, 0, "{}", result.stderr);
    // Control ids are ids: never broken inside (`code.id` does not wrap).
    assert!(
        result.stdout.contains("<code class=\"id\">PR.AA-05</code>"),
        "{}",
        result.stdout
    );
    assert!(!result.stdout.contains("<td><code>PR.AA-05</code>"));
    assert!(result.stdout.contains("<section class=\"posture\">"));
}
