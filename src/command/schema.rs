//! `mspcheck schema questionnaire|answers|report|history|framework|compare`: JSON Schemas generated from the types that
//! read the files and write the report, so they cannot drift from the code. The copies
//! checked in under `schemas/` are kept equal to this output by a test.

use std::io::Write;

use schemars::JsonSchema;

use crate::assessment::Assessment;
use crate::cli::{SchemaArgs, SchemaKind};
use crate::model::answers::AnswersFile;
use crate::model::questionnaire::Questionnaire;

use super::Finish;

/// Schema only: the report is one assessment, or an array of them when several answers
/// files are assessed.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum Report {
    /// One answers file.
    One(Box<Assessment>),
    /// Several answers files, in argument order.
    Many(Vec<Assessment>),
}

/// The schema of `kind`, as pretty JSON with a final newline.
pub fn schema(kind: SchemaKind) -> String {
    let (mut schema, title, description) = match kind {
        SchemaKind::Questionnaire => (
            schemars::schema_for!(Questionnaire),
            "mspcheck questionnaire",
            "A questionnaire file (`format: mspcheck/questionnaire/1`), written in YAML.",
        ),
        SchemaKind::Answers => (
            schemars::schema_for!(AnswersFile),
            "mspcheck answers",
            "An answers file (`format: mspcheck/answers/1`), written in YAML.",
        ),
        SchemaKind::Framework => (
            schemars::schema_for!(crate::model::framework::FrameworkFile),
            "mspcheck framework",
            "A framework catalogue (`format: mspcheck/framework/1`), written in YAML: the control ids a questionnaire's `maps:` may name.",
        ),
        SchemaKind::Report => (
            schemars::schema_for!(Report),
            "mspcheck report",
            "The JSON report of `mspcheck assess --format json` (`format: mspcheck/report/1`): one object, or an array of them for several answers files.",
        ),
        SchemaKind::Compare => (
            schemars::schema_for!(crate::compare::Comparison),
            "mspcheck compare",
            "The JSON of `mspcheck compare --format json` (`format: mspcheck/compare/1`): providers ranked side by side, with the framework and clause views of `--framework`.",
        ),
        SchemaKind::History => (
            schemars::schema_for!(crate::history::History),
            "mspcheck history",
            "The JSON of `mspcheck history --format json` (`format: mspcheck/history/1`): one provider over dated assessments.",
        ),
    };
    schema.insert("title".into(), title.into());
    schema.insert("description".into(), description.into());
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// Runs `schema`.
pub fn run(args: &SchemaArgs, out: &mut dyn Write) -> anyhow::Result<Finish> {
    out.write_all(schema(args.kind).as_bytes())?;
    out.flush()?;
    Ok(Finish::ok(Vec::new()))
}
