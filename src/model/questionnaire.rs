//! `format: mspcheck/questionnaire/1`: the questions, how answers score, and the rules that
//! classify a provider. See SPEC.md and the README's "Writing a questionnaire".

use std::collections::BTreeMap;

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::framework::Maps;
use super::{Perspective, Token};

/// The value of `format:` in a questionnaire.
pub const FORMAT: &str = "mspcheck/questionnaire/1";

fn default_weight() -> f64 {
    1.0
}

/// Extension: a text that may be worded for each reader. Either one string for every
/// reader, or a mapping with a text for any of `client`, `provider` and `auditor` and a
/// `default` for the others. A report picks the text for its assessment's perspective, then
/// `default`, then the first of `provider`, `auditor`, `client` given.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum ReaderText {
    /// One text for every reader.
    Shared(String),
    /// A text per reader.
    // Boxed: most texts are shared, and a large questionnaire holds hundreds of thousands.
    PerReader(Box<ReaderTexts>),
}

/// The texts of a `ReaderText` given per reader; at least one is required.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReaderTexts {
    /// For readers without a text of their own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// For a (prospective) client assessing a provider.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client: Option<String>,
    /// For a provider assessing itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// For an independent auditor or consultant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auditor: Option<String>,
}

impl ReaderText {
    /// The text for `perspective`, falling back to `default`, then to the shared text.
    pub fn for_reader(&self, perspective: Option<Perspective>) -> &str {
        match self {
            ReaderText::Shared(text) => text,
            ReaderText::PerReader(texts) => perspective
                .and_then(|perspective| match perspective {
                    Perspective::Client => texts.client.as_deref(),
                    Perspective::Provider => texts.provider.as_deref(),
                    Perspective::Auditor => texts.auditor.as_deref(),
                })
                .unwrap_or_else(|| self.shared()),
        }
    }

    /// The text for no particular reader: the string, or `default`, or the first of
    /// `provider`, `auditor`, `client` given.
    pub fn shared(&self) -> &str {
        match self {
            ReaderText::Shared(text) => text,
            ReaderText::PerReader(texts) => texts
                .default
                .as_deref()
                .or(texts.provider.as_deref())
                .or(texts.auditor.as_deref())
                .or(texts.client.as_deref())
                .unwrap_or_default(),
        }
    }

    /// The texts given for particular readers, in the order client, provider, auditor.
    pub fn per_reader(&self) -> Vec<(Perspective, &str)> {
        match self {
            ReaderText::Shared(_) => Vec::new(),
            ReaderText::PerReader(texts) => [
                (Perspective::Client, &texts.client),
                (Perspective::Provider, &texts.provider),
                (Perspective::Auditor, &texts.auditor),
            ]
            .into_iter()
            .filter_map(|(who, text)| Some((who, text.as_deref()?)))
            .collect(),
        }
    }
}

impl std::ops::Deref for ReaderText {
    type Target = str;

    /// The shared text, so code that needs no particular reader reads it as a string.
    fn deref(&self) -> &str {
        self.shared()
    }
}

impl<'de> Deserialize<'de> for ReaderText {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = ReaderText;
            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str(
                    "a text, or a mapping of `client`, `provider`, `auditor` and `default` to texts",
                )
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<ReaderText, E> {
                Ok(ReaderText::Shared(text.to_string()))
            }
            fn visit_string<E: serde::de::Error>(self, text: String) -> Result<ReaderText, E> {
                Ok(ReaderText::Shared(text))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<ReaderText, A::Error> {
                let texts =
                    ReaderTexts::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                if texts == ReaderTexts::default() {
                    return Err(serde::de::Error::custom(
                        "give at least one of `client`, `provider`, `auditor` or `default`",
                    ));
                }
                Ok(ReaderText::PerReader(Box::new(texts)))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// A questionnaire file.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Questionnaire {
    /// Always `mspcheck/questionnaire/1`.
    pub format: String,
    /// Short identifier, `[a-z0-9-]+`; answers files name it in `questionnaire:`.
    pub id: String,
    /// Semantic version (`1.0.0`); answers may pin it with `id@version`.
    pub version: String,
    /// Human title.
    pub title: String,
    /// What the questionnaire is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The areas scored separately; at least one.
    pub domains: Vec<Domain>,
    /// The questions, in the order they are asked; a `when` may only look back.
    pub questions: Vec<Question>,
    /// Extension: named contradictions between answers, found in every report and countable
    /// by the rules (`contradictions_at_most`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub consistency: Vec<ConsistencyCheck>,
    /// How a provider is classified.
    pub classification: Classification,
    /// Extension: framework catalogues of your own (`mspcheck/framework/1` files, paths
    /// relative to this file) that `maps:` may name besides the bundled ones.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub frameworks: Vec<String>,
    /// Extension: contract clause topics that would cover the gaps the questions find.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub clauses: Vec<Clause>,
    // Issue #18 items 4 and 5 (flags): red flags with their own conditions.
    /// Extension: red flags raised by a condition over the answers (a combination of
    /// answers, a box left unticked), besides the `red_flag` of single options; counted by
    /// `red_flags_at_most` / `red_flags_at_least` like every red flag.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<Flag>,
}

/// An area scored on its own, 0–100.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Domain {
    /// Identifier, `[a-z0-9_-]+`, unique.
    pub id: String,
    /// Human title.
    pub title: String,
    /// Weight in the overall score, a number > 0.
    pub weight: f64,
    /// What the domain covers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// The kind of a question: what an answer looks like and how it scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// `yes` or `no` (also `true`/`false`); yes = 1, no = 0 unless `options` say otherwise.
    YesNo,
    /// One option's `value`.
    Choice,
    /// A list of option values; scores min(1, sum of chosen scores).
    Multi,
    /// An integer in `scale: {min, max}`; scores (answer − min) / (max − min).
    Scale,
    /// A number ≥ 0, scored by the first band whose `up_to` it does not exceed.
    Number,
    /// Extension: a free-text answer (a string), never scored; optional `max_length`.
    Text,
}

impl Kind {
    /// The kind's name as written in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::YesNo => "yes_no",
            Kind::Choice => "choice",
            Kind::Multi => "multi",
            Kind::Scale => "scale",
            Kind::Number => "number",
            Kind::Text => "text",
        }
    }
}

/// One question.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Identifier, `[a-z0-9_.-]+`, unique across the questionnaire (e.g. `mfa.provider_accounts`).
    pub id: String,
    /// The `id` of the domain the question scores in.
    pub domain: String,
    /// The question, neutral wording.
    pub text: String,
    /// Extension: the question worded for one perspective (`client`, `provider`, `auditor`);
    /// `text` is used where a perspective has none.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub wording: BTreeMap<Perspective, String>,
    /// Why the question matters, in one or two sentences.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// What an answer looks like.
    pub kind: Kind,
    /// Weight within its domain, a number > 0 (default 1). Only scored questions carry one:
    /// a `text` or context (`scored: false`) question counts for no score, and `show
    /// --format json` leaves its weight out.
    #[serde(default = "default_weight")]
    pub weight: f64,
    /// The possible answers of `choice` and `multi`; for `yes_no`, overrides for `yes`/`no`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<AnswerOption>,
    /// The range of a `scale` question.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<Scale>,
    /// What a `number` counts (`days`, `hours`, `months`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// How a `number` scores: ascending `up_to` bands, the last without `up_to`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bands: Vec<Band>,
    /// May the answer be `na` (not applicable)? Default false.
    #[serde(default)]
    pub allow_na: bool,
    /// Extension: may the answer be `unknown` ("don't know")? Default false. `unknown` counts
    /// as answered for coverage; it is left out of the domain score unless `unknown.score`
    /// gives it one.
    #[serde(default, skip_serializing_if = "is_false")]
    pub allow_unknown: bool,
    /// Extension: how an `unknown` answer is shown and scored (needs `allow_unknown: true`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unknown: Option<UnknownAnswer>,
    /// Ask only when an earlier question's answer is one of `in`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<When>,
    /// Sources behind the question.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<String>,
    /// What to do to improve, in one sentence; extension: a text per reader
    /// (`{client: …, provider: …, auditor: …, default: …}`), see `ReaderText`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remediation: Option<ReaderText>,
    /// Extension: the evidence that proves the answer (what a client should ask to see).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    /// Extension: the date by which the dated facts behind this question must be re-checked;
    /// `validate` warns once it has passed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_by: Option<NaiveDate>,
    /// Extension: an answer whose `as_of` is older than this many days is stale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_age_days: Option<u32>,
    /// Extension: the framework controls this question gives evidence about (framework id →
    /// control ids); its answer's score says how well.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub maps: Maps,

    // Issue #18: external ids, context questions and free text.
    /// Extension: the identifier a source questionnaire uses for this question (`A&A-01.1`):
    /// any printable text up to 100 characters, unique among the questions. Shown next to
    /// the id in reports; the spreadsheet import matches rows by it too. Answers files stay
    /// keyed by `id`.
    #[serde(default, rename = "ref", skip_serializing_if = "Option::is_none")]
    pub external_ref: Option<String>,
    /// Extension: `false` makes a context question: it drives `when`, may raise signals and
    /// red flags and is reported, but counts for no score and no coverage and is never
    /// proposed by the roadmap. Options and bands may then omit `score`. Default true
    /// (`text` questions are always unscored and may not say it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scored: Option<bool>,
    /// Extension (`text` only): the longest answer taken, in characters, 1..=100000.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u32>,
}

impl Question {
    /// Every signal an answer to the question may raise, as written: its options', its
    /// bands' and its `unknown` answer's (a name may come more than once).
    pub fn signal_names(&self) -> impl Iterator<Item = &String> {
        self.options
            .iter()
            .flat_map(|option| &option.signals)
            .chain(self.bands.iter().flat_map(|band| &band.signals))
            .chain(self.unknown.iter().flat_map(|unknown| &unknown.signals))
    }
}

/// One possible answer of a `choice`, `multi` or `yes_no` question.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerOption {
    /// The token written in answers files.
    pub value: Token,
    /// Human label (default: the value).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Score of this answer, 0.0 ..= 1.0 (required for `choice` and `multi`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// Named signals this answer raises, for the classification rules.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signals: Vec<String>,
    /// This answer is a red flag; the message says why, in plain words (one text, or a
    /// text per reader: see `ReaderText`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub red_flag: Option<ReaderText>,
    /// Extension: how severe this answer's `red_flag` is (`critical`, `high`, `medium`,
    /// `low`; default `high`); only next to a `red_flag`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    /// Extension: controls this answer meets (framework id → control ids); choosing another
    /// answer is evidence that they are not met.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub maps: Maps,
    /// Extension (`multi` only): this option cannot be combined with any other, as for
    /// "none of these". Default false.
    #[serde(default, skip_serializing_if = "is_false")]
    pub exclusive: bool,

    // Issue #18: guidance per answer.
    /// Extension: what to do when this is the answer given (one text, or a text per reader);
    /// the roadmap and reports use it before the question's `remediation`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remediation: Option<ReaderText>,
}

/// Extension: the `unknown` answer of a question with `allow_unknown: true`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UnknownAnswer {
    /// Human label (default: "Don't know").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Score of `unknown`, 0.0 ..= 1.0; without it `unknown` is left out of the domain score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// Named signals `unknown` raises.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signals: Vec<String>,
    /// `unknown` is a red flag; the message says why (one text, or a text per reader).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub red_flag: Option<ReaderText>,
    /// Extension: how severe the `red_flag` of `unknown` is (default `high`); only next to
    /// a `red_flag`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,

    // Issue #18: guidance per answer.
    /// Extension: what to do when the answer is `unknown` (one text, or a text per reader);
    /// used before the question's `remediation`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remediation: Option<ReaderText>,
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's `skip_serializing_if` passes a reference
fn is_false(flag: &bool) -> bool {
    !flag
}

/// The range of a `scale` question.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    /// Lowest answer (scores 0).
    pub min: i64,
    /// Highest answer (scores 1); greater than `min`.
    pub max: i64,
    /// Optional label per point.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<i64, String>,
}

/// One scoring band of a `number` question.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Band {
    /// Answers up to and including this value fall in the band; absent on the last band.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub up_to: Option<f64>,
    /// Score of answers in the band, 0.0 ..= 1.0 (required unless the question has
    /// `scored: false`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// Human label of the band.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Named signals raised by answers in the band.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signals: Vec<String>,
    /// Answers in the band are a red flag; the message says why (one text, or a text per
    /// reader).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub red_flag: Option<ReaderText>,
    /// Extension: how severe the band's `red_flag` is (default `high`); only next to a
    /// `red_flag`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    /// Extension: controls an answer in this band meets (framework id → control ids); an
    /// answer in another band is evidence that they are not met.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub maps: Maps,

    // Issue #18: guidance per answer.
    /// Extension: what to do when the answer falls in this band (one text, or a text per
    /// reader); used before the question's `remediation`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remediation: Option<ReaderText>,
}

/// When a question applies: `{question, in}` (an earlier question is answered with one of
/// `in`), or, as an extension, `{all: [..]}`, `{any: [..]}` or `{not: ..}` of such
/// conditions, nested. Exactly one form per mapping.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct When {
    /// An earlier `yes_no`, `choice` or `multi` question (with `in`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    /// The answers of that question under which this one applies (with `question`).
    #[serde(rename = "in", default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<Token>>,
    /// Extension: every one of these holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub all: Option<Vec<When>>,
    /// Extension: at least one of these holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub any: Option<Vec<When>>,
    /// Extension: this does not hold (so `not` of an unanswered question holds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not: Option<Box<When>>,
}

/// Extension: a named contradiction between answers (e.g. a flat fee with all work billed by
/// the hour). It is *found* when its condition holds.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsistencyCheck {
    /// Identifier, `[a-z0-9_.-]+`, unique among the checks.
    pub id: String,
    /// What contradicts what, in one plain sentence.
    pub message: String,
    /// The follow-up question to put to the provider when the contradiction is found.
    pub ask: String,
    /// When the contradiction is found: a condition in the rules' language, usually `answer`
    /// tests; it may not count contradictions itself.
    #[serde(rename = "if")]
    pub condition: Condition,
}

/// Extension: `answer: {question, in}`, a condition key that holds when the question applies
/// and is answered with one of `in` (for `multi`: any chosen value is in `in`).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerTest {
    /// A `yes_no`, `choice` or `multi` question.
    pub question: String,
    /// The answers under which the test holds.
    #[serde(rename = "in")]
    pub values: Vec<Token>,
}

/// How a provider is classified.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Classification {
    /// Evaluated in order; the first whose condition holds decides. The last must be `if: {}`.
    pub rules: Vec<Rule>,
    /// Extension: what each class means for this questionnaire, in one sentence, shown under
    /// the verdict (a helpdesk questionnaire need not describe providers as MSPs). A class
    /// without one shows no description.
    #[serde(default, skip_serializing_if = "ClassDescriptions::is_empty")]
    pub descriptions: ClassDescriptions,
}

/// Extension: `classification.descriptions`, one sentence per class.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ClassDescriptions {
    /// What a mature provider is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mature: Option<String>,
    /// What a pseudo provider is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pseudo: Option<String>,
    /// What an amateur provider is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amateur: Option<String>,
}

impl ClassDescriptions {
    /// True when no class has a description.
    pub fn is_empty(&self) -> bool {
        self.mature.is_none() && self.pseudo.is_none() && self.amateur.is_none()
    }

    /// The description of `class`, if given.
    pub fn of(&self, class: Class) -> Option<&str> {
        match class {
            Class::Mature => self.mature.as_deref(),
            Class::Pseudo => self.pseudo.as_deref(),
            Class::Amateur => self.amateur.as_deref(),
        }
    }
}

/// The three classes, in rising order.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Class {
    /// Early or transitioning provider: mostly reactive, missing basic controls.
    Amateur,
    /// Bills like an MSP, works break/fix.
    Pseudo,
    /// Proactive managed service.
    Mature,
}

impl Class {
    /// The class's name as written in files and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Amateur => "amateur",
            Class::Pseudo => "pseudo",
            Class::Mature => "mature",
        }
    }

    /// The next class up, if any.
    pub fn next(self) -> Option<Class> {
        match self {
            Class::Amateur => Some(Class::Pseudo),
            Class::Pseudo => Some(Class::Mature),
            Class::Mature => None,
        }
    }
}

/// One classification rule.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// The class this rule gives.
    pub class: Class,
    /// Why, in one sentence (default: a description of the condition).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The condition; `{}` always holds.
    #[serde(rename = "if")]
    pub condition: Condition,
}

/// A condition: every key present must hold.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// Overall score (0–100) at least this; fails when there is no score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score_at_least: Option<f64>,
    /// Overall score below this; fails when there is no score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score_below: Option<f64>,
    /// Each named domain's score at least this; a domain with no score fails.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain_at_least: Option<BTreeMap<String, f64>>,
    /// Each named domain's score below this; a domain with no score fails.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain_below: Option<BTreeMap<String, f64>>,
    /// At least one of these signals is raised.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signals_any: Option<Vec<String>>,
    /// Every one of these signals is raised.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signals_all: Option<Vec<String>>,
    /// None of these signals is raised.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signals_none: Option<Vec<String>>,
    /// At least this many red flags; extension: a mapping of severities to counts, each
    /// counting the red flags of that severity or above (`{high: 1}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub red_flags_at_least: Option<FlagCount>,
    /// At most this many red flags; extension: a mapping of severities to counts, each
    /// counting the red flags of that severity or above (`{high: 0}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub red_flags_at_most: Option<FlagCount>,
    /// Coverage (0–1) at least this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coverage_at_least: Option<f64>,
    /// Every one of these conditions holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub all: Option<Vec<Condition>>,
    /// At least one of these conditions holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub any: Option<Vec<Condition>>,
    /// This condition does not hold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not: Option<Box<Condition>>,
    /// At least `count` of `of` hold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<AtLeast>,
    /// Extension: the question applies and is answered with one of `in` (for `multi`: any
    /// chosen value is in `in`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<AnswerTest>,
    /// Extension: the `multi` question applies, is answered (not `na` or `unknown`) and none
    /// of `in` is chosen: a box left unticked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_chosen: Option<AnswerTest>,
    /// Extension: at least this many contradictions (`consistency:` checks found).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contradictions_at_least: Option<u64>,
    /// Extension: at most this many contradictions (`consistency:` checks found).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contradictions_at_most: Option<u64>,
}

/// `at_least: {count: N, of: [conditions]}`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AtLeast {
    /// How many must hold.
    pub count: u64,
    /// The conditions counted.
    pub of: Vec<Condition>,
}
/// A contract clause topic (questionnaire `clauses:`): what a client's contract should say
/// so that a gap found by the questionnaire is covered.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Clause {
    /// Identifier, `[a-z0-9_.-]+`, unique among the clauses.
    pub id: String,
    /// The topic, in a few words (`Log retention of at least six months`).
    pub topic: String,
    /// What the clause should require, in plain words, ready to paste into a contract review.
    pub text: String,
    /// Where the topic comes from (`CISA AA22-131A, contract measures`).
    pub source: String,
    /// The question ids whose failure or red flag this clause covers.
    pub covers: Vec<String>,
}

// Issue #18 item 4 (flags): severities, flag counts and questionnaire flags.

/// Extension: how severe a red flag is; `critical` > `high` > `medium` > `low`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth knowing.
    Low,
    /// Worth fixing.
    Medium,
    /// A serious gap (the default of a `red_flag`).
    High,
    /// Stop and fix first.
    Critical,
}

impl Severity {
    /// Every severity, most severe first (the order reports list red flags in).
    pub const ALL: [Severity; 4] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
    ];

    /// The severity's name as written in files and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
        }
    }
}

/// Extension: the count of `red_flags_at_most` / `red_flags_at_least`: a number (every red
/// flag) or a mapping of severities to numbers, each counting the red flags of that
/// severity or above; every key must hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum FlagCount {
    /// Every red flag counts.
    Total(u64),
    /// Per severity: the red flags of that severity or above.
    BySeverity(BTreeMap<Severity, u64>),
}

impl<'de> Deserialize<'de> for FlagCount {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = FlagCount;
            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str(
                    "a whole number of red flags, or a mapping of `critical`, `high`, `medium` or `low` to whole numbers",
                )
            }
            fn visit_u64<E: serde::de::Error>(self, count: u64) -> Result<FlagCount, E> {
                Ok(FlagCount::Total(count))
            }
            fn visit_i64<E: serde::de::Error>(self, count: i64) -> Result<FlagCount, E> {
                u64::try_from(count).map(FlagCount::Total).map_err(|_| {
                    E::custom(format!(
                        "{count} is negative: a count of red flags is 0 or more"
                    ))
                })
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<FlagCount, A::Error> {
                let counts = BTreeMap::<Severity, u64>::deserialize(
                    serde::de::value::MapAccessDeserializer::new(map),
                )?;
                if counts.is_empty() {
                    return Err(serde::de::Error::custom(
                        "give at least one of `critical`, `high`, `medium` or `low`",
                    ));
                }
                Ok(FlagCount::BySeverity(counts))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// Extension: a red flag with a condition of its own (questionnaire `flags:`), raised when
/// the condition holds: a combination of answers, or a box left unticked (`not_chosen`).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Flag {
    /// Identifier, `[a-z0-9_.-]+`, unique among the flags.
    pub id: String,
    /// How severe it is.
    pub severity: Severity,
    /// Why it is a red flag, in plain words (one text, or a text per reader).
    pub message: ReaderText,
    /// When it is raised: a condition in the rules' language, usually `answer` and
    /// `not_chosen` tests; it may not count red flags or contradictions.
    #[serde(rename = "if")]
    pub condition: Condition,
}
