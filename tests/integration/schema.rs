//! `mspcheck schema`: the generated JSON Schemas equal the copies checked in under
//! `schemas/`. Run with `UPDATE_SCHEMAS=1` to rewrite them after changing a type.

use serde_json::Value;

use super::support::{root, run};

#[test]
fn checked_in_schemas_match_the_generated_ones() {
    let update = std::env::var_os("UPDATE_SCHEMAS").is_some_and(|value| value == "1");
    let mut stale = Vec::new();
    for kind in [
        "questionnaire",
        "answers",
        "report",
        "history",
        "framework",
        "compare",
    ] {
        let generated = run(&["schema", kind]);
        assert_eq!(generated.code, 0, "{kind}: {}", generated.stderr);
        let schema: Value = serde_json::from_str(&generated.stdout).expect("a schema is JSON");
        assert_eq!(
            schema["$schema"], "https://json-schema.org/draft/2020-12/schema",
            "{kind}"
        );
        assert_eq!(schema["title"], format!("mspcheck {kind}"));
        let path = root().join("schemas").join(format!("{kind}.schema.json"));
        if update {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &generated.stdout).unwrap();
            continue;
        }
        let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
        if checked_in != generated.stdout {
            stale.push(path.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "out of date: {}; run `UPDATE_SCHEMAS=1 cargo test schema` and commit the result",
        stale.join(", ")
    );
}

#[test]
fn schemas_describe_the_documented_fields() {
    let answers: Value = serde_json::from_str(&run(&["schema", "answers"]).stdout).unwrap();
    let properties = answers["properties"].as_object().unwrap();
    for field in [
        "format",
        "questionnaire",
        "provider",
        "assessor",
        "perspective",
        "date",
        "answers",
    ] {
        assert!(
            properties.contains_key(field),
            "answers schema lacks `{field}`"
        );
    }
    assert_eq!(
        answers["required"],
        serde_json::json!(["format", "provider"])
    );
    let report = run(&["schema", "report"]).stdout;
    for field in [
        "classification",
        "verified_share",
        "red_flags",
        "roadmap",
        "answers_sha256",
    ] {
        assert!(
            report.contains(&format!("\"{field}\"")),
            "report schema lacks `{field}`"
        );
    }
    let questionnaire = run(&["schema", "questionnaire"]).stdout;
    assert!(questionnaire.contains("\"score_at_least\"") && questionnaire.contains("\"allow_na\""));
}

#[test]
fn unknown_schema_kind_is_a_usage_error() {
    let run = run(&["schema", "reports"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("report"), "{}", run.stderr);
}
