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
    /// When the assessment was made (ISO 8601: a date, or a date and time whose date is kept).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "iso_date"
    )]
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
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "iso_date"
    )]
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

/// An ISO 8601 date (`2026-11-22`) or date and time (`2026-11-22T09:30:00Z`,
/// `2026-11-22T09:30:00`), of which the date is kept.
fn iso_date<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<NaiveDate>, D::Error> {
    let Some(text) = Option::<String>::deserialize(deserializer)? else {
        return Ok(None);
    };
    parse_iso_date(&text)
        .map(Some)
        .ok_or_else(|| serde::de::Error::custom(format!("`{text}` is not an ISO 8601 date")))
}

/// The date of an ISO 8601 date or date-time.
pub fn parse_iso_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .or_else(|| {
            chrono::DateTime::parse_from_rfc3339(text)
                .ok()
                .map(|moment| moment.date_naive())
        })
        .or_else(|| {
            chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S")
                .ok()
                .map(|moment| moment.date())
        })
        .or_else(|| {
            chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S")
                .ok()
                .map(|moment| moment.date())
        })
}

#[cfg(test)]
mod tests {
    use super::parse_iso_date;

    #[test]
    fn dates_and_date_times_keep_the_date() {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 22);
        for text in [
            "2026-11-22",
            "2026-11-22T09:30:00Z",
            "2026-11-22T09:30:00+02:00",
            "2026-11-22T09:30:00",
            "2026-11-22 09:30:00",
        ] {
            assert_eq!(parse_iso_date(text), day, "{text}");
        }
        assert_eq!(parse_iso_date("22/11/2026"), None);
        assert_eq!(parse_iso_date("2026-13-01"), None);
    }
}
