//! `format: mspcheck/answers/1`: who was assessed, by whom, and the answers.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Perspective;

/// The value of `format:` in an answers file.
pub const FORMAT: &str = "mspcheck/answers/1";

/// An answers file.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswersFile {
    /// Always `mspcheck/answers/1`.
    pub format: String,
    /// A bundled questionnaire id (`msp`), or a path relative to this file; `id@1.0.0` pins
    /// the version. May be omitted when `--questionnaire` is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub questionnaire: Option<String>,
    /// Who is assessed.
    pub provider: String,
    /// Who answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessor: Option<String>,
    /// `client`, `provider` or `auditor`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub perspective: Option<Perspective>,
    /// When the assessment was made (ISO 8601 date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    /// Question id → answer, in short form (`id: value`) or long form (`id: {answer: …}`).
    /// A key with no value is unanswered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<std::collections::BTreeMap<String, AnswerEntrySchema>>")]
    pub answers: Option<serde_yaml::Value>,
}

/// The long form of an answer.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LongAnswer {
    /// The answer itself, as in the short form.
    #[schemars(with = "ShortAnswerSchema")]
    pub answer: serde_yaml::Value,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// What proves the answer (a file name, a link, a document title).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    /// The answer was checked against evidence (default false).
    #[serde(default)]
    pub verified: bool,
    /// Extension: the date the answer describes; older than the question's `max_age_days`
    /// makes it stale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<NaiveDate>,
}

/// Schema only: a short-form answer.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
pub enum ShortAnswerSchema {
    /// `yes`, `no`, `na`, an option value.
    Text(String),
    /// `true`/`false` for yes_no.
    Flag(bool),
    /// A scale point or a number.
    Number(f64),
    /// Option values of a multi question.
    List(Vec<String>),
    /// Unanswered.
    Null(()),
}

/// Schema only: a short or long answer.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
pub enum AnswerEntrySchema {
    /// Short form.
    Short(ShortAnswerSchema),
    /// Long form.
    Long(LongAnswer),
}
