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
    /// Extension: facts about the client that decide which regulations apply to the
    /// provider's work for it (see the report's obligations section).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client: Option<ClientFacts>,
    /// Question id → answer, in short form (`id: value`) or long form (`id: {answer: …}`).
    /// A key with no value is unanswered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<std::collections::BTreeMap<String, AnswerEntrySchema>>")]
    pub answers: Option<serde_yaml::Value>,
}

/// Facts about the client (extension): they select the regulations that apply.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClientFacts {
    /// The client's sector.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sector: Option<Sector>,
    /// Where the client operates: region codes, a country or bloc (`us`, `eu`, `uk`, `au`)
    /// optionally narrowed by a state (`us-ny`, `us-la`) or member state (`eu-de`); one code
    /// or a list. `us` alone does not select state laws; `us-ny` also selects `us` ones.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "one_or_many"
    )]
    #[schemars(with = "OneOrManyRegions")]
    pub region: Vec<String>,
    /// The client is a public body (a state or local government agency, school district,
    /// public university …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_body: Option<bool>,
}

/// A client's sector, as far as regulations tell sectors apart.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Sector {
    /// Banks, insurers and other financial services under a financial regulator (NYDFS …).
    Finance,
    /// Non-bank financial institutions (mortgage brokers, tax preparers, car dealers that
    /// lend …): the FTC Safeguards Rule.
    NonBankFinance,
    /// Health care providers, health plans and their business associates.
    Health,
    /// Defence contractors and their supply chain.
    Defence,
    /// Government (see also `public_body`).
    Government,
    /// Schools and universities.
    Education,
    /// Law firms and legal services.
    Legal,
    /// Energy and utilities.
    Energy,
    /// Manufacturing.
    Manufacturing,
    /// Retail and e-commerce.
    Retail,
    /// Any other sector.
    Other,
}

impl Sector {
    /// The sector's name as written in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Sector::Finance => "finance",
            Sector::NonBankFinance => "non_bank_finance",
            Sector::Health => "health",
            Sector::Defence => "defence",
            Sector::Government => "government",
            Sector::Education => "education",
            Sector::Legal => "legal",
            Sector::Energy => "energy",
            Sector::Manufacturing => "manufacturing",
            Sector::Retail => "retail",
            Sector::Other => "other",
        }
    }

    /// Every sector, in documentation order.
    pub const ALL: &'static [Sector] = &[
        Sector::Finance,
        Sector::NonBankFinance,
        Sector::Health,
        Sector::Defence,
        Sector::Government,
        Sector::Education,
        Sector::Legal,
        Sector::Energy,
        Sector::Manufacturing,
        Sector::Retail,
        Sector::Other,
    ];
}

/// Schema only: one region code or a list of them.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum OneOrManyRegions {
    /// One region code.
    One(String),
    /// Several region codes.
    Many(Vec<String>),
}

/// One text or a list of texts.
fn one_or_many<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Either {
        One(String),
        Many(Vec<String>),
    }
    match Either::deserialize(deserializer) {
        Ok(Either::One(one)) => Ok(vec![one]),
        Ok(Either::Many(many)) => Ok(many),
        Err(_) => Err(serde::de::Error::custom(
            "expected a region code such as `us-ny`, or a list of them",
        )),
    }
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
