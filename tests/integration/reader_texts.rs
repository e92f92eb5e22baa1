//! Red flags and remediation of `quick` and `mssp` are worded for the report's reader, as
//! `msp`'s are: a client reads "your systems" and "ask the provider to …", a provider's
//! self-assessment "your staff" and "client systems", everyone else a neutral text.

use serde_json::Value;

use super::support::{root, run, run_in};

fn definition(id: &str) -> Value {
    let result = run(&["show", id, "--format", "json"]);
    assert_eq!(result.code, 0, "{}", result.stderr);
    serde_json::from_str(&result.stdout).unwrap()
}

/// Every red-flag text of a questionnaire: options, `unknown` answers and bands.
fn red_flags(questionnaire: &Value) -> Vec<(String, Value)> {
    let mut found = Vec::new();
    for question in questionnaire["questions"].as_array().unwrap() {
        let id = question["id"].as_str().unwrap().to_string();
        let mut holders: Vec<&Value> = Vec::new();
        for key in ["options", "bands"] {
            if let Some(list) = question[key].as_array() {
                holders.extend(list);
            }
        }
        holders.push(&question["unknown"]);
        for holder in holders {
            if !holder["red_flag"].is_null() {
                found.push((id.clone(), holder["red_flag"].clone()));
            }
        }
    }
    found
}

/// Words a client's text uses that are wrong for any other reader.
const CLIENT_WORDS: [&str; 6] = [
    "your systems",
    "your provider",
    "your backups",
    "your logs",
    "your computers",
    "your Microsoft",
];

fn has_word(text: &str, word: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'')
        .any(|part| part.eq_ignore_ascii_case(word))
}

#[test]
fn quick_and_mssp_red_flags_have_a_text_per_reader() {
    for id in ["quick", "mssp"] {
        let questionnaire = definition(id);
        let flags = red_flags(&questionnaire);
        assert!(flags.len() >= 12, "{id}: {}", flags.len());
        for (question, flag) in flags {
            assert!(
                flag.is_object(),
                "{id} {question}: one text for every reader: {flag}"
            );
            let default = flag["default"].as_str().unwrap();
            // A client's text of its own where the words differ; else the neutral one.
            let client = flag["client"].as_str().unwrap_or(default);
            for phrase in CLIENT_WORDS {
                assert!(
                    !default.contains(phrase),
                    "{id} {question}: the neutral text says {phrase:?}: {default}"
                );
                if let Some(provider) = flag["provider"].as_str() {
                    assert!(
                        !provider.contains(phrase),
                        "{id} {question}: the provider's text says {phrase:?}: {provider}"
                    );
                }
            }
            // A text that speaks to the reader as "you" needs the provider's own wording.
            if has_word(default, "you") || has_word(default, "your") {
                panic!("{id} {question}: the neutral text speaks to the reader: {default}");
            }
            if ["you", "your"].iter().any(|word| has_word(client, word)) {
                assert!(
                    flag["provider"].is_string() || default != client,
                    "{id} {question}: the client's text serves everyone"
                );
            }
        }
    }
}

#[test]
fn quick_and_mssp_remediation_reads_right_for_a_client() {
    for id in ["quick", "mssp"] {
        let questionnaire = definition(id);
        for question in questionnaire["questions"].as_array().unwrap() {
            let question_id = question["id"].as_str().unwrap();
            match &question["remediation"] {
                // A shared text is prefixed "Ask the provider to …" for a client: it must not
                // speak to the provider as "you".
                Value::String(text) => assert!(
                    !has_word(text, "you") && !has_word(text, "your"),
                    "{id} {question_id}: a shared remediation says you: {text}"
                ),
                Value::Object(texts) => {
                    let client = texts["client"].as_str().unwrap();
                    assert!(client.starts_with("Ask"), "{id} {question_id}: {client}");
                    let default = texts["default"].as_str().unwrap();
                    assert!(
                        !has_word(default, "you") && !has_word(default, "your"),
                        "{id} {question_id}: the neutral remediation says you: {default}"
                    );
                }
                Value::Null => {}
                other => panic!("{id} {question_id}: {other}"),
            }
        }
    }
}

#[test]
fn a_self_assessment_reads_its_red_flags_as_the_provider() {
    let text = std::fs::read_to_string(root().join("examples/quick-amateur.yaml")).unwrap();
    assert!(
        text.contains("perspective: client"),
        "the example is a client's"
    );
    let folder = tempfile::tempdir().unwrap();
    for (perspective, file) in [("client", "client.yaml"), ("provider", "self.yaml")] {
        std::fs::write(
            folder.path().join(file),
            text.replace(
                "perspective: client",
                &format!("perspective: {perspective}"),
            ),
        )
        .unwrap();
    }
    let flags = |file: &str| -> Vec<String> {
        let result = run_in(folder.path(), &["assess", "--format", "json", file]);
        assert_eq!(result.code, 0, "{}", result.stderr);
        let json: Value = serde_json::from_str(&result.stdout).unwrap();
        json["red_flags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|flag| flag["message"].as_str().unwrap().to_string())
            .collect()
    };
    let (client, own) = (flags("client.yaml"), flags("self.yaml"));
    assert_eq!(client.len(), own.len());
    assert!(!client.is_empty());
    assert_ne!(client, own, "the provider reads other words");
    for message in &own {
        for phrase in CLIENT_WORDS {
            assert!(!message.contains(phrase), "{message}");
        }
    }
    // The client's report asks for the fixed fee in its own words.
    let report = run_in(folder.path(), &["assess", "client.yaml"]).stdout;
    assert!(report.contains("Ask for a fixed monthly fee"), "{report}");
    assert!(
        !report.contains("Ask the provider to offer a fixed"),
        "{report}"
    );
    // The self-assessment keeps the provider's own wording.
    let own = run_in(folder.path(), &["assess", "self.yaml"]).stdout;
    assert!(own.contains("Offer a fixed monthly fee"), "{own}");
}
