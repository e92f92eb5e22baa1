//! `mspcheck convert`: VSAQ questionnaires (small synthetic files under
//! tests/fixtures/vsaq/) become questionnaire skeletons; every approximation is listed with
//! its location, and broken files are refused with located errors.

use std::collections::{HashMap, HashSet};

use super::support::{fixture, root, run};

fn vsaq(name: &str) -> String {
    fixture(&format!("fixtures/vsaq/{name}"))
        .strip_prefix(root())
        .expect("fixtures are under the root")
        .to_string_lossy()
        .into_owned()
}

/// Converts fixture `name` into a file in a fresh folder, checks that the conversion
/// succeeds and that `validate` accepts the skeleton, and returns the conversion's run, the
/// skeleton's text and the folder (kept alive while the caller looks).
fn converted_and_valid(name: &str) -> (super::support::Run, String, tempfile::TempDir) {
    let directory = tempfile::tempdir().unwrap();
    let output = directory.path().join("converted.yaml");
    let output = output.to_string_lossy().into_owned();
    let converted = run(&["convert", &vsaq(name), "-o", &output]);
    assert_eq!(converted.code, 0, "{}", converted.stderr);
    let checked = run(&["validate", &output]);
    assert_eq!(checked.code, 0, "{name}: {}", checked.stderr);
    let text = std::fs::read_to_string(&output).unwrap();
    (converted, text, directory)
}

/// Converts the fixture with every item type (and its extension template).
fn every_item() -> super::support::Run {
    let run = run(&[
        "convert",
        &vsaq("every-item.json"),
        "--extension",
        &vsaq("every-item-extension.json"),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run
}

#[test]
fn converts_every_item_type_as_the_golden_skeleton() {
    let run = every_item();
    let expected_path = fixture("fixtures/vsaq/every-item.expected.yaml");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&expected_path, &run.stdout).unwrap();
    }
    let expected = std::fs::read_to_string(&expected_path).unwrap();
    assert!(
        run.stdout == expected,
        "the converted skeleton differs from {}; run with UPDATE_GOLDEN=1 after an intended change\n{}",
        expected_path.display(),
        run.stdout
    );
}

#[test]
fn lists_every_approximation_with_its_location_id_and_reason() {
    let run = every_item();
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(
        lines[0],
        "tests/fixtures/vsaq/every-item.json: 31 VSAQ items: 25 carried faithfully (80.6%), 6 approximately (19.4%), 0 not at all (0.0%)"
    );
    let expected = [
        "tests/fixtures/vsaq/every-item.json:27:13: approximate: upload `service_report`: mspcheck takes no file uploads",
        "tests/fixtures/vsaq/every-item.json:37:13: approximate: radiogroup `crypto_rest`: VSAQ requires an answer",
        "tests/fixtures/vsaq/every-item.json:67:13: approximate: tip `tip_crypto_combo`: VSAQ shows this advice only when `crypto_rest_vendor && crypto_ctl_mfa`",
        "tests/fixtures/vsaq/every-item.json:89:13: approximate: box `followup_notes`: in its condition `contains(service_name/value, \"beta\") && service_personal`, `contains(…)` tests a text answer",
        "tests/fixtures/vsaq/every-item.json:91:13: approximate: line `followup_early`: its condition reads `followup_late`, which is asked later",
        "tests/fixtures/vsaq/every-item.json:93:13: approximate: radiogroup `followup_late`: choice `followup_late_no` shows only when `service_personal`",
    ];
    assert_eq!(lines.len(), 1 + expected.len(), "{}", run.stderr);
    for (line, start) in lines[1..].iter().zip(expected) {
        assert!(
            line.starts_with(start),
            "{line}\n  should start with\n{start}"
        );
    }
    let quiet = super::support::run(&["convert", &vsaq("every-item.json"), "--quiet"]);
    assert_eq!(quiet.stderr.lines().count(), 1, "{}", quiet.stderr);
}

/// The converted YAML, parsed.
fn parsed(text: &str) -> serde_yaml::Value {
    serde_yaml::from_str(text).expect("the skeleton is YAML")
}

fn questions(document: &serde_yaml::Value) -> Vec<&serde_yaml::Value> {
    document["questions"]
        .as_sequence()
        .unwrap()
        .iter()
        .collect()
}

fn question<'a>(document: &'a serde_yaml::Value, id: &str) -> &'a serde_yaml::Value {
    questions(document)
        .into_iter()
        .find(|question| question["id"].as_str() == Some(id))
        .unwrap_or_else(|| panic!("no question `{id}`"))
}

fn option<'a>(question: &'a serde_yaml::Value, value: &str) -> &'a serde_yaml::Value {
    question["options"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|option| option["value"].as_str() == Some(value))
        .unwrap_or_else(|| panic!("no option `{value}`"))
}

#[test]
fn maps_each_item_type_to_its_kind_with_refs() {
    let document = parsed(&every_item().stdout);
    let kinds: Vec<(&str, &str)> = questions(&document)
        .iter()
        .map(|question| {
            (
                question["id"].as_str().unwrap(),
                question["kind"].as_str().unwrap(),
            )
        })
        .collect();
    for (id, kind) in [
        ("service_name", "text"),              // line
        ("service_summary", "text"),           // box
        ("service_personal", "yes_no"),        // check
        ("service_offsite", "yes_no"),         // yesno
        ("service_report", "text"),            // upload
        ("crypto_rest", "choice"),             // radiogroup
        ("crypto_ctl", "multi"),               // checkgroup without an id: named by its boxes
        ("acme.escrow", "choice"),             // from the extension, namespaced
        ("warn_crypto_rest_none_why", "text"), // a tip's `why` prompt
    ] {
        assert!(
            kinds.contains(&(id, kind)),
            "{id} should be {kind}: {kinds:?}"
        );
    }
    // A line is one line; a box is not limited.
    assert_eq!(
        question(&document, "service_name")["max_length"].as_u64(),
        Some(1000)
    );
    assert!(question(&document, "service_summary")["max_length"].is_null());
    // VSAQ ids become `ref`, unique; the namespace is kept as VSAQ writes it.
    assert_eq!(
        question(&document, "acme.owner")["ref"].as_str(),
        Some("acme:owner")
    );
    let refs: Vec<&str> = questions(&document)
        .iter()
        .filter_map(|question| question["ref"].as_str())
        .collect();
    assert_eq!(
        refs.len(),
        refs.iter().collect::<HashSet<_>>().len(),
        "{refs:?}"
    );
    // The extension's line went before `service_summary`, its block after `block_service`.
    let order: Vec<&str> = kinds.iter().map(|(id, _)| *id).collect();
    let at = |id: &str| order.iter().position(|other| *other == id).unwrap();
    assert_eq!(at("acme.owner") + 1, at("service_summary"));
    assert!(at("service_report") < at("acme.escrow") && at("acme.escrow") < at("crypto_rest"));
    // Blocks are domains; a VSAQ info introduces the question after it.
    assert_eq!(
        question(&document, "service_personal")["help"].as_str(),
        Some("Some questions only apply to services that store `personal data`.")
    );
    assert_eq!(
        question(&document, "crypto_ctl")["text"].as_str(),
        Some("Select every control in place.")
    );
    // `defaultChoice` adds VSAQ's "None of the above." (exclusive in a multi).
    let none = option(question(&document, "crypto_ctl"), "none_of_the_above");
    assert_eq!(none["exclusive"].as_bool(), Some(true));
    assert_eq!(none["label"].as_str(), Some("None of the above."));
}

#[test]
fn a_warning_on_one_answer_becomes_that_options_red_flag_and_remediation() {
    let document = parsed(&every_item().stdout);
    let none = option(question(&document, "crypto_rest"), "none");
    assert_eq!(none["red_flag"].as_str(), Some("Copies not encrypted"));
    assert_eq!(none["severity"].as_str(), Some("high"));
    assert_eq!(none["score"].as_f64(), Some(0.0));
    assert_eq!(
        none["remediation"].as_str(),
        Some("Unencrypted copies expose personal data to anyone who reaches the storage.")
    );
    // The other answers keep the skeleton default; an informational tip on one answer is
    // that answer's remediation.
    let client = option(question(&document, "crypto_rest"), "client");
    assert_eq!(client["score"].as_f64(), Some(1.0));
    assert!(client["red_flag"].is_null());
    assert_eq!(
        client["remediation"].as_str(),
        Some("With client-held keys, check that the client has a tested key escrow.")
    );
    // A warning on a ticked box flags that box; the other boxes share the score.
    let ctl = question(&document, "crypto_ctl");
    assert_eq!(option(ctl, "shared")["severity"].as_str(), Some("medium"));
    assert_eq!(option(ctl, "mfa")["score"].as_f64(), Some(0.5));
    // A `/no` warning on a yesno flags `no`; one on two radio answers flags both.
    assert_eq!(
        option(question(&document, "service_offsite"), "no")["severity"].as_str(),
        Some("critical")
    );
    let restore = question(&document, "followup_restore");
    for value in ["yearly", "never"] {
        assert_eq!(
            option(restore, value)["red_flag"].as_str(),
            Some("Restores rarely tested")
        );
    }
}

#[test]
fn the_why_prompt_of_a_warning_becomes_a_text_question_asked_when_it_shows() {
    let document = parsed(&every_item().stdout);
    let why = question(&document, "warn_crypto_rest_none_why");
    assert_eq!(
        why["text"].as_str(),
        Some("If another control protects the copies, describe it:")
    );
    assert_eq!(why["ref"].as_str(), Some("warn_crypto_rest_none"));
    // Where the tip shows: `crypto_rest` is `none` (which already means its block applies).
    let expected: serde_yaml::Value =
        serde_yaml::from_str("{question: crypto_rest, in: [none]}").unwrap();
    assert_eq!(why["when"], expected);
}

#[test]
fn compound_conditions_become_compound_whens_and_flags() {
    let document = parsed(&every_item().stdout);
    let yaml = |text: &str| serde_yaml::from_str::<serde_yaml::Value>(text).unwrap();
    // `^tip || tip`: where each tip shows.
    assert_eq!(
        question(&document, "followup_restore")["when"],
        yaml("any: [{question: crypto_rest, in: [none]}, {question: service_offsite, in: ['no']}]")
    );
    // `a || b/yes` over two questions.
    assert_eq!(
        question(&document, "followup_contact")["when"],
        yaml("any: [{question: followup_restore, in: [monthly]}, {question: service_offsite, in: ['yes']}]")
    );
    // A block's `cond` applies to every question in it.
    assert_eq!(
        question(&document, "crypto_ctl")["when"],
        yaml("{question: service_personal, in: ['yes']}")
    );
    let flags = document["flags"].as_sequence().unwrap();
    let flag = |id: &str| {
        flags
            .iter()
            .find(|flag| flag["id"].as_str() == Some(id))
            .unwrap_or_else(|| panic!("no flag `{id}`"))
    };
    // `!box`: a box left unticked.
    assert_eq!(
        flag("warn_crypto_no_immutable")["if"],
        yaml("all: [{answer: {question: service_personal, in: ['yes']}}, {not_chosen: {question: crypto_ctl, in: [immutable]}}]")
    );
    // `a && !(b || c)`.
    assert_eq!(
        flag("warn_crypto_weak")["if"],
        yaml("all: [{answer: {question: crypto_rest, in: [vendor]}}, {not_chosen: {question: crypto_ctl, in: [mfa, immutable]}}]")
    );
    assert_eq!(flag("warn_crypto_weak")["severity"].as_str(), Some("high"));
}

#[test]
fn questions_that_only_gate_others_are_context_questions() {
    let run = run(&["convert", &vsaq("every-item.json")]);
    let document = parsed(&run.stdout);
    // `service_personal` only decides whether the encryption block shows.
    let personal = question(&document, "service_personal");
    assert_eq!(personal["scored"].as_bool(), Some(false));
    // `crypto_rest` gates too, but a warning is on one of its answers: it is scored.
    assert!(question(&document, "crypto_rest")["scored"].is_null());
    let small = parsed(&super::support::run(&["convert", &vsaq("small.json")]).stdout);
    // `access_vpn` gates, and only a flag on a combination reads it: context, with no
    // scores on its options.
    let vpn = question(&small, "access_vpn");
    assert_eq!(vpn["scored"].as_bool(), Some(false));
    assert!(option(vpn, "yes")["score"].is_null());
    assert!(question(&small, "access_review")["scored"].is_null());
    assert_eq!(
        option(question(&small, "access_review"), "quarterly")["score"].as_f64(),
        Some(1.0)
    );
}

#[test]
fn the_skeleton_is_consistent_for_validate() {
    // Every `when` and flag names an earlier (for `when`) existing question and values it
    // can take; ids are unique; every question names a domain.
    for name in ["every-item.json", "small.json"] {
        let document = parsed(&run(&["convert", &vsaq(name)]).stdout);
        let domains: HashSet<&str> = document["domains"]
            .as_sequence()
            .unwrap()
            .iter()
            .map(|domain| domain["id"].as_str().unwrap())
            .collect();
        let mut values: HashMap<&str, Vec<String>> = HashMap::new();
        for question in questions(&document) {
            let id = question["id"].as_str().unwrap();
            assert!(
                domains.contains(question["domain"].as_str().unwrap()),
                "{id}"
            );
            check_tree(&question["when"], &values, id);
            let allowed = match question["kind"].as_str().unwrap() {
                "yes_no" => vec!["yes".to_string(), "no".to_string()],
                _ => question["options"]
                    .as_sequence()
                    .map(|options| {
                        options
                            .iter()
                            .map(|option| option["value"].as_str().unwrap().to_string())
                            .collect()
                    })
                    .unwrap_or_default(),
            };
            if question["kind"].as_str() != Some("text") {
                assert!(values.insert(id, allowed).is_none(), "duplicate id {id}");
            }
        }
        for flag in document["flags"].as_sequence().into_iter().flatten() {
            check_tree(&flag["if"], &values, flag["id"].as_str().unwrap());
        }
    }
}

/// Every leaf of a `when` or `if` names a known question and values it can take.
fn check_tree(tree: &serde_yaml::Value, known: &HashMap<&str, Vec<String>>, owner: &str) {
    match tree {
        serde_yaml::Value::Null => {}
        serde_yaml::Value::Mapping(mapping) => {
            if let Some(question) = mapping.get("question") {
                let question = question.as_str().unwrap();
                let allowed = known.get(question).unwrap_or_else(|| {
                    panic!("{owner} reads `{question}`, not an earlier choice question")
                });
                for value in mapping["in"].as_sequence().unwrap() {
                    assert!(
                        allowed.contains(&value.as_str().unwrap().to_string()),
                        "{owner}: {value:?}"
                    );
                }
                return;
            }
            for (_, value) in mapping {
                check_tree(value, known, owner);
            }
        }
        serde_yaml::Value::Sequence(items) => {
            for item in items {
                check_tree(item, known, owner);
            }
        }
        other => panic!("{owner}: unexpected {other:?}"),
    }
}

#[test]
fn keeps_the_source_header_and_names_the_source() {
    let run = run(&["convert", &vsaq("small.json"), "--id", "remote-access"]);
    assert!(run.stdout.contains(
        "# The source file's header:\n#   Synthetic VSAQ-format questionnaire written for mspcheck's documentation.\n"
    ), "{}", run.stdout);
    let document = parsed(&run.stdout);
    assert_eq!(document["id"].as_str(), Some("remote-access"));
    assert_eq!(document["title"].as_str(), Some("Remote Access Review"));
    let bad = super::support::run(&["convert", &vsaq("small.json"), "--id", "Remote Access"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr
            .contains("`Remote Access` is not a valid questionnaire id"),
        "{}",
        bad.stderr
    );
}

#[test]
fn refuses_broken_json_with_its_location() {
    let run = run(&["convert", &vsaq("broken-syntax.json")]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "tests/fixtures/vsaq/broken-syntax.json:4:38: error: this is not VSAQ JSON: expected `,` or `}` after a value, found `\"` [json-syntax]\n  help: separate the members of an object with commas\n"
    );
}

#[test]
fn refuses_unknown_item_types_and_bad_conditions_all_at_once() {
    let run = run(&["convert", &vsaq("unknown-type.json")]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    let errors: Vec<&str> = run
        .stderr
        .lines()
        .filter(|line| line.contains("error:"))
        .collect();
    assert_eq!(
        errors,
        [
            "tests/fixtures/vsaq/unknown-type.json:8:18: error: unknown VSAQ item type `radiogrup` [unknown-item-type]",
            "tests/fixtures/vsaq/unknown-type.json:9:18: error: unknown VSAQ item type `slider` [unknown-item-type]",
            "tests/fixtures/vsaq/unknown-type.json:10:65: error: `cond` `a_yes &| b` is not a valid VSAQ condition: `&` must be doubled (`&&`) (at character 7) [invalid-vsaq]",
        ]
    );
    assert!(
        run.stderr.contains("help: did you mean `radiogroup`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn writes_the_report_and_refuses_to_overwrite() {
    let directory = tempfile::tempdir().unwrap();
    let output = directory.path().join("q.yaml");
    let report = directory.path().join("report.json");
    let text_report = directory.path().join("report.txt");
    let args = |report: &std::path::Path| {
        vec![
            "convert".to_string(),
            vsaq("every-item.json"),
            "-o".into(),
            output.to_string_lossy().into_owned(),
            "--report".into(),
            report.to_string_lossy().into_owned(),
        ]
    };
    let first: Vec<String> = args(&report);
    let run1 = run(&first.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(run1.code, 0, "{}", run1.stderr);
    assert_eq!(run1.stdout, "");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(json["summary"]["items"], 27);
    assert_eq!(json["summary"]["approximate"], 6);
    let items = json["items"].as_array().unwrap();
    let tip = items
        .iter()
        .find(|item| item["id"] == "warn_crypto_rest_none")
        .unwrap();
    assert_eq!(tip["status"], "faithful");
    assert_eq!(tip["location"], "tests/fixtures/vsaq/every-item.json:44:13");
    assert!(tip["carried_as"]
        .as_array()
        .unwrap()
        .contains(&serde_json::json!("red flag on `crypto_rest` = `none`")));
    // Both files exist now: a second run refuses, `--force` replaces.
    let again = run(&first.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    let mut forced: Vec<String> = args(&text_report);
    forced.push("--force".into());
    let run3 = run(&forced.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(run3.code, 0, "{}", run3.stderr);
    let text = std::fs::read_to_string(&text_report).unwrap();
    assert!(
        text.contains(
            "tests/fixtures/vsaq/every-item.json:44:13: faithful: tip `warn_crypto_rest_none` → "
        ),
        "{text}"
    );
}

#[test]
fn converted_skeletons_pass_validate_without_a_warning() {
    let directory = tempfile::tempdir().unwrap();
    for (name, extension) in [
        ("every-item.json", Some("every-item-extension.json")),
        ("small.json", None),
    ] {
        let output = directory.path().join(name.replace(".json", ".yaml"));
        let output = output.to_string_lossy().into_owned();
        let mut args = vec![
            "convert".to_string(),
            vsaq(name),
            "-o".into(),
            output.clone(),
        ];
        if let Some(extension) = extension {
            args.extend(["--extension".to_string(), vsaq(extension)]);
        }
        let converted = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(converted.code, 0, "{}", converted.stderr);
        let checked = run(&["validate", &output]);
        assert_eq!(checked.code, 0, "{name}: {}", checked.stderr);
        assert!(
            !checked.stderr.contains("warning:"),
            "{name}: {}",
            checked.stderr
        );
        let said = format!("{}{}", checked.stdout, checked.stderr);
        assert!(said.contains(": ok ("), "{name}: {said}");
    }
}

#[test]
fn a_warning_without_text_gets_a_message_naming_it() {
    // Found by the `convert` fuzz target: a VSAQ tip with neither text nor name became a flag
    // with an empty message, which `validate` refuses.
    let (_, text, _folder) = converted_and_valid("textless-warning.json");
    assert!(
        text.contains(
            "The VSAQ warning `warn_crypto_no_immutable` is raised (the source gives it no text)"
        ),
        "{text}"
    );
}

#[test]
fn choices_with_the_same_text_get_distinct_labels() {
    // Found by the `convert` fuzz target: two choices with one text gave a question with one
    // label twice, which `validate` refused, and with it every question and flag naming it.
    let (converted, text, _folder) = converted_and_valid("duplicate-choice-text.json");
    assert!(
        converted
            .stderr
            .contains("two of its choices have the same text"),
        "{}",
        converted.stderr
    );
    assert!(
        text.contains("label: \"With keys the vendor holds\"\n"),
        "{text}"
    );
    assert!(
        text.contains("label: \"With keys the vendor holds (client)\"\n"),
        "{text}"
    );
    assert!(text.contains("label: \"Not sure (no)\"\n"), "{text}");
}

#[test]
fn invisible_characters_in_source_ids_never_reach_the_yaml_raw() {
    // Found by the `convert` fuzz target: a byte order mark inside a VSAQ choice id was
    // copied into the `# VSAQ ...` comment, and the YAML reader refuses a byte order mark
    // anywhere in a document, so the skeleton did not load. A line separator in the source
    // header ended its comment line for a YAML 1.1 reader ("provider: injected").
    let (_, text, _folder) = converted_and_valid("invisible-characters-in-ids.json");
    for raw in ['\u{feff}', '\u{2028}', '\u{2029}', '\u{85}', '\u{202e}'] {
        assert!(
            !text.contains(raw),
            "U+{:04X} written raw:\n{text}",
            raw as u32
        );
    }
    assert!(
        text.contains("# VSAQ `access\\u{feff}vpn_yes`"),
        "the source id stays recognisable:\n{text}"
    );
    assert!(
        text.contains("#   and a line separator provider: injected\n"),
        "{text}"
    );
}

#[test]
fn a_vsaq_id_that_cannot_be_a_ref_gives_none() {
    // Found by the `convert` fuzz target: an item with the id "" became `ref: ""`, which
    // `validate` refuses. So would an id of control characters only, and two long ids that
    // are the same once cut to the 100 characters a `ref` holds.
    let (_, text, _folder) = converted_and_valid("unusable-ids.json");
    let refs: Vec<&str> = text
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix("ref: "))
        .collect();
    assert_eq!(
        refs,
        vec![format!("\"q_{}\"", "x".repeat(98)).as_str()],
        "{text}"
    );
}
