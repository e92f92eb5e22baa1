//! The one value every report renders: a scored, classified, explained assessment.
//! `compare` and `diff` work on it too. Serialized as-is, it is the report JSON
//! (`format: mspcheck/report/1`).

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::classify::{blocking_rules, checks, decide, Check};
use crate::model::questionnaire::{Class, Kind};
use crate::model::Perspective;
use crate::range::completions;
use crate::roadmap::{roadmap, Change};
use crate::score::{answer_score, evaluate, Outcome};
use crate::validate::{AnswerValue, ValidAnswers, ValidQuestionnaire};

/// The report's `format:`.
pub const FORMAT: &str = "mspcheck/report/1";

/// How many further score gains the roadmap lists after the path to the next class.
const FURTHER_GAINS: usize = 5;

/// How much of an assessment to compute: each report format needs only part of it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Detail {
    /// Everything every report shows.
    #[default]
    Full,
    /// Everything but the roadmap, whose search is the costly part (`compare`, `diff`).
    NoRoadmap,
    /// Only what a one-row summary (CSV) shows: no roadmap, no per-answer list, no
    /// explanation of the rules' conditions, no questions to ask.
    Summary,
}

/// Options that change how answers count, and how much is computed.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Score as if every answer without `verified: true` were missing.
    pub verified_only: bool,
    /// Treat stale answers (older than their question's `max_age_days`) as missing.
    pub stale_as_missing: bool,
    /// The date answers' ages are measured against; `None` uses the answers' `date`.
    pub today: Option<NaiveDate>,
    /// How much to compute.
    pub detail: Detail,
}

/// A scored and classified assessment of one provider.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Assessment {
    /// Always `mspcheck/report/1`.
    pub format: String,
    /// Who is assessed.
    pub provider: String,
    /// Who answered.
    pub assessor: Option<String>,
    /// Whose point of view.
    pub perspective: Option<Perspective>,
    /// Assessment date.
    pub date: Option<NaiveDate>,
    /// The answers file, as named on the command line.
    pub answers_file: String,
    /// SHA-256 of the answers file's bytes.
    pub answers_sha256: String,
    /// The questionnaire used.
    pub questionnaire: QuestionnaireInfo,
    /// Whether only verified answers were counted.
    pub verified_only: bool,
    /// amateur | pseudo | mature.
    pub classification: Class,
    /// How firm the classification is: `clear`, `held_back` (only red flags stand between
    /// the answers and a higher class) or `undecided` (unanswered questions could change it).
    pub standing: Standing,
    /// When held back: the class the answers would get with those red flags cleared.
    pub held_back_from: Option<Class>,
    /// When held back: the smallest set of red flags whose clearing suffices.
    pub held_back_by: Vec<RedFlagReport>,
    /// The verdict in plain words, led by the standing (what every report puts first).
    pub headline: String,
    /// The questionnaire's own description of the class given, if it has one
    /// (`classification.descriptions`).
    pub class_description: Option<String>,
    /// The deciding rule's `reason` as written (null when the rule has none).
    pub reason: Option<String>,
    /// The deciding rule, with each of its conditions and the actual values.
    pub decided_by: RuleReport,
    /// For the next class up: the rule that would give it and which conditions fail.
    pub next_class: Option<RuleReport>,
    /// Overall score 0–100, unrounded; null when nothing is answered.
    pub score: Option<f64>,
    /// Answered applicable questions / applicable questions.
    pub coverage: f64,
    /// Answered applicable questions with `verified: true` / answered applicable questions.
    pub verified_share: f64,
    /// Per domain.
    pub domains: Vec<DomainReport>,
    /// Signals raised, sorted.
    pub signals: Vec<String>,
    /// Red flags raised, in question order.
    pub red_flags: Vec<RedFlagReport>,
    /// Answer changes that raise the class or score most, best first: first the smallest set
    /// that reaches the next class, then the largest single score gains.
    pub roadmap: Vec<RoadmapStep>,
    /// Best and worst case when answers are missing.
    pub range: Range,
    /// Answers older than their question's `max_age_days` (extension; scores unchanged
    /// unless `--stale-as-missing`).
    pub stale: Vec<StaleAnswer>,
    /// Extension: the questionnaire's consistency checks that the answers trip, in
    /// questionnaire order, each with the questions involved and a follow-up question.
    pub contradictions: Vec<ContradictionReport>,
    /// For a client's assessment: the unanswered or unverified questions that matter most,
    /// as questions to put to the provider, with the evidence to ask for.
    pub questions_to_ask: Vec<QuestionToAsk>,
    /// Every question that applies, with its answer (or none).
    pub answers: Vec<AnswerReport>,
    /// Extension: facts about the client from the answers file's `client:`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client: Option<crate::model::answers::ClientFacts>,
    /// Extension: evidence per framework control (`assess --framework`); evidence, never a
    /// statement of compliance.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub frameworks: Vec<crate::posture::FrameworkPosture>,
    /// Extension: the contract clause topics that would cover the gaps found (when the
    /// questionnaire has `clauses:`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clauses: Option<crate::clauses::ClauseSection>,
    /// Extension: the regulations that apply given the client facts, with their duties and
    /// the questions that give evidence on each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub obligations: Vec<crate::obligations::ObligationReport>,
}

/// How firm a classification is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// Nothing but better answers to what is asked could change the class.
    Clear,
    /// Changing only the answers that raise red flags, each to its best answer, would give a
    /// higher class (`held_back_from`).
    HeldBack,
    /// Some way of answering the unanswered questions gives a different class (`range`).
    Undecided,
}

impl Standing {
    /// The standing as written in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Standing::Clear => "clear",
            Standing::HeldBack => "held_back",
            Standing::Undecided => "undecided",
        }
    }
}

/// A question a client should put to the provider next.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct QuestionToAsk {
    /// Question id.
    pub question: String,
    /// The question, worded for the client.
    pub text: String,
    /// Why it matters.
    pub why: Option<String>,
    /// The evidence to ask for.
    pub evidence: Option<String>,
    /// `unanswered`, `unknown` (answered "don't know") or `unverified`.
    pub status: String,
    /// A wrong answer here is a red flag.
    pub critical: bool,
}

/// How many questions to ask next are listed.
const QUESTIONS_TO_ASK: usize = 8;

/// The unanswered or unverified applicable questions that weigh most (critical ones first),
/// worded for the client.
fn questions_to_ask(
    questionnaire: &ValidQuestionnaire,
    answers: &ValidAnswers,
    applicable: &[bool],
) -> Vec<QuestionToAsk> {
    let mut candidates: Vec<(f64, QuestionToAsk)> = questionnaire
        .questions
        .iter()
        .enumerate()
        // A `text` answer changes nothing scored: it is not worth a question to the provider.
        .filter(|(position, question)| applicable[*position] && question.kind() != Kind::Text)
        .filter_map(|(position, question)| {
            let status = match answers.answered(position) {
                None => "unanswered",
                Some(answer) if answer.value == Some(AnswerValue::Unknown) => "unknown",
                Some(answer)
                    if answer.value == Some(AnswerValue::NotApplicable) || answer.verified =>
                {
                    return None
                }
                Some(_) => "unverified",
            };
            let critical = question.is_critical();
            let weight = questionnaire.domains[question.domain].weight
                * question.weight()
                * if critical { 2.0 } else { 1.0 };
            let weight = if status != "unverified" {
                weight * 1.5
            } else {
                weight
            };
            Some((
                weight,
                QuestionToAsk {
                    question: question.id().to_string(),
                    text: question.text_for(Some(Perspective::Client)).to_string(),
                    why: question.definition.help.clone(),
                    evidence: question.definition.evidence.clone(),
                    status: status.to_string(),
                    critical,
                },
            ))
        })
        .collect();
    candidates.sort_by(|left, right| right.0.total_cmp(&left.0));
    candidates
        .into_iter()
        .take(QUESTIONS_TO_ASK)
        .map(|(_, question)| question)
        .collect()
}

/// A contradiction found between answers (a `consistency:` check whose condition holds).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct ContradictionReport {
    /// The check's id.
    pub id: String,
    /// What contradicts what.
    pub message: String,
    /// The follow-up question to put to the provider.
    pub ask: String,
    /// The questions its `answer` tests name, in questionnaire order.
    pub questions: Vec<String>,
}

/// An answer too old to trust.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct StaleAnswer {
    /// Question id.
    pub question: String,
    /// The date the answer describes (its `as_of`, else the answers file's `date`).
    pub as_of: NaiveDate,
    /// Its age in days on the assessment date.
    pub age_days: i64,
    /// The question's limit.
    pub max_age_days: u32,
    /// Whether it was left out of the scores (`--stale-as-missing`).
    pub counted_as_missing: bool,
}

/// Who was assessed and the headline result: what `compare` ranks and `diff` sets side by
/// side, taken from an assessment.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ProviderSummary {
    /// Who is assessed.
    pub provider: String,
    /// The answers file, as named on the command line.
    pub answers_file: String,
    /// Who answered.
    pub assessor: Option<String>,
    /// Whose point of view.
    pub perspective: Option<Perspective>,
    /// Assessment date.
    pub date: Option<NaiveDate>,
    /// amateur | pseudo | mature.
    pub classification: Class,
    /// `clear`, `held_back` or `undecided`.
    pub standing: Standing,
    /// When held back: the class clearing red flags would give.
    pub held_back_from: Option<Class>,
    /// Whether unanswered questions could change the class (false = undecided).
    pub decided: bool,
    /// The deciding rule's reason (or a description of its condition).
    pub reason: String,
    /// Overall score 0–100, unrounded; null when nothing is answered.
    pub score: Option<f64>,
    /// Answered applicable questions / applicable questions.
    pub coverage: f64,
    /// Share of answered applicable questions that are verified.
    pub verified_share: f64,
}

impl Assessment {
    /// The provider and the headline result.
    pub fn summary(&self) -> ProviderSummary {
        ProviderSummary {
            provider: self.provider.clone(),
            answers_file: self.answers_file.clone(),
            assessor: self.assessor.clone(),
            perspective: self.perspective,
            date: self.date,
            classification: self.classification,
            standing: self.standing,
            held_back_from: self.held_back_from,
            decided: self.range.decided,
            reason: self.decided_by.description.clone(),
            score: self.score,
            coverage: self.coverage,
            verified_share: self.verified_share,
        }
    }
}

/// Which questionnaire, exactly.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct QuestionnaireInfo {
    /// Its id.
    pub id: String,
    /// Its version.
    pub version: String,
    /// SHA-256 of its file's bytes.
    pub sha256: String,
    /// Its title.
    pub title: String,
}

/// A rule and how each of its conditions fared.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct RuleReport {
    /// 1-based position in `classification.rules`.
    pub rule: usize,
    /// The class it gives.
    pub class: Class,
    /// Its reason, or a description of its condition.
    pub description: String,
    /// Each condition with the actual value.
    pub checks: Vec<CheckReport>,
    /// For the next class: the earlier rules of a lower class that hold now and so decide
    /// first, each with the conditions of which one would have to stop holding (empty when
    /// none does, and always for the deciding rule).
    #[serde(default)]
    pub blocked_by: Vec<BlockingRule>,
}

/// An earlier rule that decides before the next class's rule can.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct BlockingRule {
    /// 1-based position in `classification.rules`.
    pub rule: usize,
    /// The class it gives.
    pub class: Class,
    /// Its reason, or a description of its condition.
    pub description: String,
    /// Its conditions, all holding now: one of them must stop holding.
    pub checks: Vec<CheckReport>,
}

/// One condition of a rule, evaluated.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct CheckReport {
    /// What was tested and what was found.
    pub text: String,
    /// Whether it holds.
    pub holds: bool,
    /// Nesting level.
    pub depth: usize,
    /// How far from holding, when it fails.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub shortfall: Option<String>,
}

impl From<Check> for CheckReport {
    fn from(check: Check) -> CheckReport {
        CheckReport {
            text: check.text,
            holds: check.holds,
            depth: check.depth,
            shortfall: check.shortfall,
        }
    }
}

/// One domain's result.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct DomainReport {
    /// Domain id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Weight.
    pub weight: f64,
    /// 0–100, or null when no applicable question is answered.
    pub score: Option<f64>,
    /// Applicable questions answered (not `na`).
    pub answered: usize,
    /// Applicable questions (not `na`).
    pub applicable: usize,
    /// Answered applicable questions whose answer has `verified: true`.
    pub verified: usize,
    /// Extension: every question of the domain is unscored (`text` or `scored: false`), so
    /// it has no score by design: reports note it as "context only".
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub context_only: bool,
}

/// One red flag.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct RedFlagReport {
    /// Question id.
    pub question: String,
    /// The message.
    pub message: String,
    /// Extension: the question's `ref` (the source questionnaire's identifier), if any.
    #[serde(rename = "ref", default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

/// An answer as written in an answers file, typed: an option's token (or `na`) as a
/// string, a `multi` answer as a list of tokens, a `scale` point or a `number` as a number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum TypedAnswer {
    /// A `scale` point, or a whole `number`.
    Integer(i64),
    /// A `number`.
    Number(f64),
    /// A `yes_no` or `choice` option's token, `na`, `unknown`, or a `text` answer as written.
    Token(String),
    /// A `multi` answer: the chosen options' tokens, in option order.
    Tokens(Vec<String>),
}

impl TypedAnswer {
    /// The typed form of a checked answer.
    pub fn of(question: &crate::validate::ValidQuestion, value: &AnswerValue) -> TypedAnswer {
        match value {
            AnswerValue::Option(option) => {
                TypedAnswer::Token(question.options[*option].value.clone())
            }
            AnswerValue::Options(options) => TypedAnswer::Tokens(
                options
                    .iter()
                    .map(|option| question.options[*option].value.clone())
                    .collect(),
            ),
            AnswerValue::Integer(point) => TypedAnswer::Integer(*point),
            AnswerValue::Number(amount) if amount.fract() == 0.0 && amount.abs() < 1e15 => {
                TypedAnswer::Integer(*amount as i64)
            }
            AnswerValue::Number(amount) => TypedAnswer::Number(*amount),
            AnswerValue::NotApplicable => TypedAnswer::Token("na".to_string()),
            AnswerValue::Unknown => {
                TypedAnswer::Token(crate::validate::answers::UNKNOWN_TOKEN.to_string())
            }
            AnswerValue::Text(text) => TypedAnswer::Token(text.clone()),
        }
    }
}

impl std::fmt::Display for TypedAnswer {
    /// As written in an answers file: `yes`, `[a, b]`, `14`, `na`.
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TypedAnswer::Integer(point) => write!(formatter, "{point}"),
            TypedAnswer::Number(amount) => {
                formatter.write_str(&crate::validate::answers::format_number(*amount))
            }
            TypedAnswer::Token(token) => formatter.write_str(token),
            TypedAnswer::Tokens(tokens) => write!(formatter, "[{}]", tokens.join(", ")),
        }
    }
}

/// One step of the roadmap.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct RoadmapStep {
    /// Question id.
    pub question: String,
    /// The question's domain id.
    pub domain: String,
    /// The current answer, typed as in answers files (null = unanswered).
    pub from: Option<TypedAnswer>,
    /// The current answer's label (`unanswered` when there is none).
    pub from_label: String,
    /// The proposed answer, typed as in answers files.
    pub to: TypedAnswer,
    /// Overall score gained (after the steps before it, within the path to the next class).
    pub gain: f64,
    /// `next_class` for steps of the path to `class_after`, `score` for further gains.
    pub purpose: String,
    /// The class after this step.
    pub class_after: Class,
    /// The question's text.
    pub text: String,
    /// The proposed answer's label.
    pub to_label: String,
    /// What to do, from the questionnaire, worded for the assessment's perspective: the
    /// remediation of the current answer (option, band or `unknown`), else the question's.
    pub remediation: Option<String>,
    /// Extension: the question's `ref` (the source questionnaire's identifier), if any.
    #[serde(rename = "ref", default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

/// Best and worst case.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Range {
    /// Overall score if every unanswered question took its best answer.
    pub best_score: Option<f64>,
    /// Class in that case.
    pub best_class: Class,
    /// Overall score if every unanswered question took its worst answer.
    pub worst_score: Option<f64>,
    /// Class in that case.
    pub worst_class: Class,
    /// True when no way of answering the unanswered questions gives another class (exact).
    pub decided: bool,
    /// Applicable questions left unanswered.
    pub unanswered: usize,
    /// When not decided: a completion that gives another class, and the answer in it at
    /// which the class changes.
    pub witness: Option<WitnessReport>,
}

/// A way of answering the unanswered questions that changes the class.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct WitnessReport {
    /// The question whose answer makes the difference.
    pub question: String,
    /// That answer, as written in answers files.
    pub answer: String,
    /// The class the completion gets.
    pub class: Class,
    /// Every answer of the completion, for the questions unanswered in the file.
    pub completion: Vec<AnswerGiven>,
}

/// One answer, as written in answers files.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct AnswerGiven {
    /// Question id.
    pub question: String,
    /// The answer.
    pub answer: String,
}

/// One applicable question and its answer.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct AnswerReport {
    /// Question id.
    pub question: String,
    /// Domain id.
    pub domain: String,
    /// The question's text, worded for the assessment's perspective.
    pub text: String,
    /// The answer, typed as in answers files (null = unanswered).
    pub answer: Option<TypedAnswer>,
    /// The answer's label (null = unanswered).
    pub label: Option<String>,
    /// Score of the answer, 0–1 (null for unanswered and `na`).
    pub score: Option<f64>,
    /// Verified against evidence.
    pub verified: bool,
    /// Note.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub note: Option<String>,
    /// Evidence.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub evidence: Option<String>,
    /// Raises a red flag or is heavy: what a client should ask about first.
    pub critical: bool,
    /// Older than the question's `max_age_days` (see `stale`).
    pub stale: bool,
    /// The answer raises a red flag.
    pub red_flag: bool,
    /// Extension: the question's `ref` (the source questionnaire's identifier), if any.
    #[serde(rename = "ref", default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Extension: the question counts for no score (`kind: text` or `scored: false`); a
    /// `text` answer is the string as written.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unscored: bool,
}

/// Answers older than their question's `max_age_days`, measured on `options.today` (or the
/// answers' `date`); answers with no date of their own take the file's `date`.
pub fn stale_answers(
    questionnaire: &ValidQuestionnaire,
    answers: &ValidAnswers,
    options: &Options,
) -> Vec<StaleAnswer> {
    let Some(today) = options.today.or(answers.header.date) else {
        return Vec::new();
    };
    questionnaire
        .questions
        .iter()
        .zip(&answers.answers)
        .filter_map(|(question, answer)| {
            let max_age_days = question.definition.max_age_days?;
            let as_of = answer.answered()?.as_of.or(answers.header.date)?;
            let age_days = (today - as_of).num_days();
            (age_days > i64::from(max_age_days)).then(|| StaleAnswer {
                question: question.id().to_string(),
                as_of,
                age_days,
                max_age_days,
                counted_as_missing: options.stale_as_missing,
            })
        })
        .collect()
}

/// The answers that count, after `--verified-only` and `--stale-as-missing`.
pub fn counted_answers(
    questionnaire: &ValidQuestionnaire,
    answers: &ValidAnswers,
    options: &Options,
    stale: &[StaleAnswer],
) -> Vec<Option<AnswerValue>> {
    answers
        .answers
        .iter()
        .zip(&questionnaire.questions)
        .map(|(answer, question)| {
            answer
                .answered()
                .filter(|answer| !options.verified_only || answer.verified)
                .filter(|_| {
                    !options.stale_as_missing
                        || !stale.iter().any(|old| old.question == question.id())
                })
                .and_then(|answer| answer.value.clone())
        })
        .collect()
}

/// An assessment with what it was computed from: the typed answers that counted (after
/// `--verified-only` and `--stale-as-missing`) and their outcome. `compare` and `diff` work
/// on this rather than recomputing either.
#[derive(Debug, Clone)]
pub struct Assessed {
    /// The report value.
    pub assessment: Assessment,
    /// The answers that counted, by question index.
    pub counted: Vec<Option<AnswerValue>>,
    /// SPEC's arithmetic on them.
    pub outcome: Outcome,
}

/// Scores, classifies and explains one provider's answers.
pub fn assess(
    questionnaire: &ValidQuestionnaire,
    answers: &ValidAnswers,
    options: &Options,
) -> Assessment {
    assessed(questionnaire, answers, options).assessment
}

/// Scores, classifies and explains one provider's answers, keeping the answers that counted
/// and their outcome.
pub fn assessed(
    questionnaire: &ValidQuestionnaire,
    answers: &ValidAnswers,
    options: &Options,
) -> Assessed {
    let stale = stale_answers(questionnaire, answers, options);
    let counted = counted_answers(questionnaire, answers, options, &stale);
    let borrowed: Vec<Option<&AnswerValue>> = counted.iter().map(Option::as_ref).collect();
    let outcome = evaluate(questionnaire, &borrowed);
    let rule_index = decide(questionnaire, &outcome);
    let rule = &questionnaire.rules[rule_index];
    let class = rule.class;
    let report_rule = |position: usize| {
        let rule = &questionnaire.rules[position];
        RuleReport {
            rule: position + 1,
            class: rule.class,
            description: rule.description.clone(),
            checks: if options.detail == Detail::Summary {
                Vec::new()
            } else {
                checks(rule, &outcome)
                    .into_iter()
                    .map(CheckReport::from)
                    .collect()
            },
            blocked_by: Vec::new(),
        }
    };
    let next_class = class.next().and_then(|_| {
        let wanted = if class == Class::Amateur {
            Class::Mature
        } else {
            class.next()?
        };
        let target = questionnaire
            .rules
            .iter()
            .position(|rule| rule.class == wanted)?;
        let mut report = report_rule(target);
        report.blocked_by = blocking_rules(questionnaire, &outcome, target)
            .into_iter()
            .map(|position| {
                let blocking = report_rule(position);
                BlockingRule {
                    rule: blocking.rule,
                    class: blocking.class,
                    description: blocking.description,
                    checks: blocking.checks,
                }
            })
            .collect();
        Some(report)
    });

    let mut answered = 0usize;
    let mut verified = 0usize;
    let mut verified_by_domain = vec![0usize; questionnaire.domains.len()];
    let mut answer_reports = Vec::new();
    for (position, question) in questionnaire.questions.iter().enumerate() {
        if !outcome.applicable[position] {
            continue;
        }
        let given = answers.answered(position);
        let value = counted[position].as_ref();
        if let Some(value) = value.filter(|_| question.scored) {
            if *value != AnswerValue::NotApplicable {
                answered += 1;
                if given.is_some_and(|answer| answer.verified) {
                    verified += 1;
                    verified_by_domain[question.domain] += 1;
                }
            }
        }
        if options.detail == Detail::Summary {
            continue;
        }
        answer_reports.push(AnswerReport {
            question: question.id().to_string(),
            domain: questionnaire.domains[question.domain].id.clone(),
            text: question.text_for(answers.header.perspective).to_string(),
            answer: value.map(|value| TypedAnswer::of(question, value)),
            label: value.map(|value| answer_label(question, value)),
            score: value.and_then(|value| answer_score(question, value)),
            verified: given.is_some_and(|answer| answer.verified),
            note: given.and_then(|answer| answer.note.clone()),
            evidence: given.and_then(|answer| answer.evidence.clone()),
            critical: question.is_critical(),
            stale: stale.iter().any(|old| old.question == question.id()),
            red_flag: outcome
                .red_flags
                .iter()
                .any(|flag| flag.question == position),
            reference: question.external_ref().map(str::to_string),
            unscored: !question.scored,
        });
    }

    let plan = if options.detail != Detail::Full {
        crate::roadmap::Roadmap {
            target: None,
            path: Vec::new(),
            gains: Vec::new(),
        }
    } else {
        roadmap(questionnaire, &counted, FURTHER_GAINS)
    };
    let step = |change: &Change, purpose: &str| {
        let question = &questionnaire.questions[change.question];
        RoadmapStep {
            question: question.id().to_string(),
            domain: questionnaire.domains[question.domain].id.clone(),
            from: change
                .from
                .as_ref()
                .map(|value| TypedAnswer::of(question, value)),
            from_label: change.from.as_ref().map_or_else(
                || "unanswered".to_string(),
                |value| answer_label(question, value),
            ),
            to: TypedAnswer::of(question, &change.to),
            gain: change.gain,
            purpose: purpose.to_string(),
            class_after: change.class_after,
            text: question.text_for(answers.header.perspective).to_string(),
            to_label: answer_label(question, &change.to),
            remediation: remediation_of(question, change.from.as_ref())
                .map(|text| remediation_for(text, answers.header.perspective)),
            reference: question.external_ref().map(str::to_string),
        }
    };
    let mut roadmap_steps: Vec<RoadmapStep> = plan
        .path
        .iter()
        .map(|change| step(change, "next_class"))
        .collect();
    roadmap_steps.extend(plan.gains.iter().map(|change| step(change, "score")));

    let unanswered: usize = outcome
        .domains
        .iter()
        .map(|domain| domain.applicable - domain.answered)
        .sum();
    let range = completions(questionnaire, &counted, class);
    let display = |question: usize, value: &AnswerValue| AnswerGiven {
        question: questionnaire.questions[question].id().to_string(),
        answer: value.display(&questionnaire.questions[question]),
    };
    let witness = range.witness.as_ref().map(|witness| WitnessReport {
        question: questionnaire.questions[witness.question].id().to_string(),
        answer: witness
            .answer
            .display(&questionnaire.questions[witness.question]),
        class: witness.class,
        completion: witness
            .completion
            .iter()
            .map(|(question, value)| display(*question, value))
            .collect(),
    });
    // A red flag on a context question (`scored: false`) describes the provider's situation:
    // like the roadmap, the standing never proposes changing it.
    let flag_questions: Vec<usize> = outcome
        .red_flags
        .iter()
        .map(|flag| flag.question)
        .filter(|question| questionnaire.questions[*question].scored)
        .collect();
    let held = crate::standing::held_back(questionnaire, &counted, &flag_questions, class);
    let standing = match (&held, range.decided) {
        (Some(_), _) => Standing::HeldBack,
        (None, false) => Standing::Undecided,
        (None, true) => Standing::Clear,
    };
    let held_back_by: Vec<RedFlagReport> = held
        .iter()
        .flat_map(|held| &held.by)
        .flat_map(|question| {
            outcome
                .red_flags
                .iter()
                .filter(move |flag| flag.question == *question)
        })
        .map(|flag| RedFlagReport {
            question: questionnaire.questions[flag.question].id().to_string(),
            message: flag.message.clone(),
            reference: questionnaire.questions[flag.question]
                .external_ref()
                .map(str::to_string),
        })
        .collect();
    let headline = headline(&Headline {
        questionnaire,
        outcome: &outcome,
        class,
        rule: rule_index,
        held_back_from: held.as_ref().map(|held| held.from),
        held_back_by: &held_back_by,
        decided: range.decided,
        answered,
        unanswered,
        best_class: range.best_class,
        worst_class: range.worst_class,
        witness: witness.as_ref(),
    });

    let assessment = Assessment {
        format: FORMAT.to_string(),
        provider: answers.header.provider.clone(),
        assessor: answers.header.assessor.clone(),
        perspective: answers.header.perspective,
        date: answers.header.date,
        answers_file: answers.origin.clone(),
        answers_sha256: answers.sha256.clone(),
        questionnaire: QuestionnaireInfo {
            id: questionnaire.id().to_string(),
            version: questionnaire.version().to_string(),
            sha256: questionnaire.sha256.clone(),
            title: questionnaire.definition.title.clone(),
        },
        verified_only: options.verified_only,
        classification: class,
        standing,
        held_back_from: held.as_ref().map(|held| held.from),
        held_back_by,
        headline,
        class_description: questionnaire
            .definition
            .classification
            .descriptions
            .of(class)
            .map(str::to_string),
        reason: rule.reason.clone(),
        decided_by: report_rule(rule_index),
        next_class,
        score: outcome.score,
        coverage: outcome.coverage,
        verified_share: if answered == 0 {
            0.0
        } else {
            verified as f64 / answered as f64
        },
        domains: questionnaire
            .domains
            .iter()
            .zip(&outcome.domains)
            .zip(&verified_by_domain)
            .zip(&questionnaire.domain_questions)
            .map(|(((domain, result), verified), members)| DomainReport {
                id: domain.id.clone(),
                title: domain.title.clone(),
                weight: domain.weight,
                score: result.score,
                answered: result.answered,
                applicable: result.applicable,
                verified: *verified,
                context_only: !members.is_empty()
                    && members
                        .iter()
                        .all(|member| !questionnaire.questions[*member].scored),
            })
            .collect(),
        signals: outcome.signals.iter().cloned().collect(),
        red_flags: outcome
            .red_flags
            .iter()
            .map(|flag| RedFlagReport {
                question: questionnaire.questions[flag.question].id().to_string(),
                message: red_flag_for(
                    &questionnaire.questions[flag.question],
                    &flag.message,
                    answers.header.perspective,
                ),
                reference: questionnaire.questions[flag.question]
                    .external_ref()
                    .map(str::to_string),
            })
            .collect(),
        roadmap: roadmap_steps,
        range: Range {
            best_score: range.best_score,
            best_class: range.best_class,
            worst_score: range.worst_score,
            worst_class: range.worst_class,
            decided: range.decided,
            unanswered,
            witness,
        },
        stale,
        contradictions: outcome
            .contradictions
            .iter()
            .map(|position| {
                let check = &questionnaire.consistency[*position];
                ContradictionReport {
                    id: check.id.clone(),
                    message: check.message.clone(),
                    ask: check.ask.clone(),
                    questions: check
                        .questions
                        .iter()
                        .map(|question| questionnaire.questions[*question].id().to_string())
                        .collect(),
                }
            })
            .collect(),
        questions_to_ask: if answers.header.perspective == Some(Perspective::Client)
            && options.detail != Detail::Summary
        {
            questions_to_ask(questionnaire, answers, &outcome.applicable)
        } else {
            Vec::new()
        },
        answers: answer_reports,
        client: answers.header.client.clone(),
        frameworks: Vec::new(),
        clauses: crate::clauses::section(questionnaire, &outcome, &borrowed),
        obligations: answers
            .header
            .client
            .as_ref()
            .map_or_else(Vec::new, |client| {
                crate::obligations::for_client(
                    questionnaire,
                    client,
                    &outcome.applicable,
                    &borrowed,
                )
            }),
    };
    Assessed {
        assessment,
        counted,
        outcome,
    }
}

/// The remediation for a question answered `value` (`None` = unanswered): the chosen
/// option's (for `multi`, the first chosen option's that has one), the band's or
/// `unknown`'s, else the question's own.
pub fn remediation_of<'q>(
    question: &'q crate::validate::ValidQuestion,
    value: Option<&AnswerValue>,
) -> Option<&'q crate::model::questionnaire::ReaderText> {
    let own = match value {
        Some(AnswerValue::Option(option)) => question.options[*option].remediation.as_ref(),
        Some(AnswerValue::Options(options)) => options
            .iter()
            .find_map(|option| question.options[*option].remediation.as_ref()),
        Some(AnswerValue::Number(amount)) if !question.definition.bands.is_empty() => {
            question.definition.bands[crate::score::band_index(question, *amount)]
                .remediation
                .as_ref()
        }
        Some(AnswerValue::Unknown) => question
            .unknown
            .as_ref()
            .and_then(|unknown| unknown.remediation.as_ref()),
        _ => None,
    };
    own.or(question.definition.remediation.as_ref())
}

/// Remediation worded for `perspective`. Remediation is written as an instruction to the
/// provider; a client with no text of its own reads it as what to ask the provider for.
fn remediation_for(
    text: &crate::model::questionnaire::ReaderText,
    perspective: Option<Perspective>,
) -> String {
    let worded = text.for_reader(perspective);
    let own = text
        .per_reader()
        .iter()
        .any(|(who, _)| Some(*who) == perspective);
    if perspective != Some(Perspective::Client) || own {
        return worded.to_string();
    }
    let mut chars = worded.chars();
    let (Some(first), second) = (chars.next(), chars.next()) else {
        return worded.to_string();
    };
    // "Offer a fixed fee" → "ask … to offer a fixed fee"; "MFA on …" keeps its capitals.
    let rest = &worded[first.len_utf8()..];
    let first = if second.is_some_and(char::is_lowercase) {
        first.to_lowercase().collect::<String>()
    } else {
        first.to_string()
    };
    format!("Ask the provider to {first}{rest}")
}

/// A red flag's message worded for `perspective`: the scoring raises the shared text, and
/// the option, `unknown` answer or band that carries it may word it per reader.
fn red_flag_for(
    question: &crate::validate::ValidQuestion,
    message: &str,
    perspective: Option<Perspective>,
) -> String {
    question
        .options
        .iter()
        .filter_map(|option| option.red_flag.as_ref())
        .chain(
            question
                .unknown
                .iter()
                .filter_map(|unknown| unknown.red_flag.as_ref()),
        )
        .chain(
            question
                .definition
                .bands
                .iter()
                .filter_map(|band| band.red_flag.as_ref()),
        )
        .find(|text| text.shared() == message)
        .map_or_else(
            || message.to_string(),
            |text| text.for_reader(perspective).to_string(),
        )
}

/// What the headline is built from.
struct Headline<'a> {
    questionnaire: &'a ValidQuestionnaire,
    outcome: &'a Outcome,
    class: Class,
    rule: usize,
    held_back_from: Option<Class>,
    held_back_by: &'a [RedFlagReport],
    decided: bool,
    answered: usize,
    unanswered: usize,
    best_class: Class,
    worst_class: Class,
    witness: Option<&'a WitnessReport>,
}

fn count_of(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// The verdict in plain words, led by the standing: "NOT YET MATURE — held back only by 1
/// red flag: …; every other mature condition holds", "UNDECIDED — mature on the 17 answers
/// given; the 2 unanswered could make it amateur", or the class and the deciding rule's reason.
fn headline(parts: &Headline<'_>) -> String {
    let questionnaire = parts.questionnaire;
    let reason = &questionnaire.rules[parts.rule].description;
    let class = parts.class.as_str();
    if let Some(from) = parts.held_back_from {
        let flags = parts
            .held_back_by
            .iter()
            .map(|flag| flag.message.as_str())
            .collect::<Vec<_>>()
            .join("; ");
        let count = count_of(parts.held_back_by.len(), "red flag", "red flags");
        // "Only" when every condition of the rule for `from` but its red-flag limits holds,
        // and no earlier rule decides first.
        let only = questionnaire
            .rules
            .iter()
            .position(|rule| rule.class == from)
            .is_some_and(|target| {
                blocking_rules(questionnaire, parts.outcome, target).is_empty()
                    && checks(&questionnaire.rules[target], parts.outcome)
                        .iter()
                        .filter(|check| check.depth == 0 && !check.holds)
                        .all(|check| check.red_flag_limit)
            });
        let from = from.as_str();
        let tail = if only {
            format!("every other {from} condition holds")
        } else {
            format!(
                "clearing {} would make it {from}",
                if parts.held_back_by.len() == 1 {
                    "it"
                } else {
                    "them"
                }
            )
        };
        let undecided = if parts.decided {
            String::new()
        } else {
            format!(
                "; {} unanswered could still change the class",
                count_of(parts.unanswered, "question", "questions")
            )
        };
        return format!(
            "NOT YET {} — {class} now, held back {}by {count}: {flags}; {tail}{undecided}",
            from.to_uppercase(),
            if only { "only " } else { "" }
        );
    }
    if !parts.decided {
        let mut others: Vec<&str> = [parts.best_class, parts.worst_class]
            .into_iter()
            .filter(|other| *other != parts.class)
            .map(Class::as_str)
            .collect();
        others.dedup();
        let other = if others.is_empty() {
            "different".to_string()
        } else {
            others.join(" or ")
        };
        let example = parts.witness.map_or(String::new(), |witness| {
            format!(" (for example `{}`: {})", witness.question, witness.answer)
        });
        return format!(
            "UNDECIDED — {class} on the {} given; the {} unanswered could make it {other}{example}",
            count_of(parts.answered, "answer", "answers"),
            parts.unanswered,
        );
    }
    format!("{} — {reason}", class.to_uppercase())
}

/// The human label of an answer.
pub fn answer_label(question: &crate::validate::ValidQuestion, value: &AnswerValue) -> String {
    match value {
        AnswerValue::Option(option) => question.options[*option].label.clone(),
        AnswerValue::Options(options) if options.is_empty() => "none of these".to_string(),
        AnswerValue::Options(options) => options
            .iter()
            .map(|option| question.options[*option].label.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        AnswerValue::Integer(point) => match question
            .definition
            .scale
            .as_ref()
            .and_then(|scale| scale.labels.get(point))
        {
            Some(label) => format!("{point} ({label})"),
            None => point.to_string(),
        },
        AnswerValue::Number(amount) => {
            let unit = question
                .definition
                .unit
                .as_deref()
                .map(|unit| format!(" {unit}"))
                .unwrap_or_default();
            format!("{}{unit}", crate::validate::answers::format_number(*amount))
        }
        AnswerValue::NotApplicable => "not applicable".to_string(),
        AnswerValue::Unknown => question.unknown.as_ref().map_or_else(
            || crate::validate::questionnaire::UNKNOWN_LABEL.to_string(),
            |unknown| unknown.label.clone(),
        ),
        AnswerValue::Text(text) => text.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{load_answers, Catalog};

    #[test]
    fn less_detail_leaves_parts_out_but_never_changes_the_verdict() {
        let catalog = Catalog::default();
        let loaded = load_answers(&catalog, "examples/quick-amateur.yaml", None).unwrap();
        let questionnaire = &loaded.questionnaire.questionnaire;
        let run = |detail| {
            assess(
                questionnaire,
                &loaded.answers,
                &Options {
                    detail,
                    ..Options::default()
                },
            )
        };
        let full = run(Detail::Full);
        assert!(
            !full.roadmap.is_empty()
                && !full.answers.is_empty()
                && !full.questions_to_ask.is_empty()
        );
        for detail in [Detail::NoRoadmap, Detail::Summary] {
            let partial = run(detail);
            assert!(partial.roadmap.is_empty(), "{detail:?}");
            assert_eq!(partial.answers.is_empty(), detail == Detail::Summary);
            assert_eq!(
                partial.decided_by.checks.is_empty(),
                detail == Detail::Summary
            );
            assert_eq!(
                (
                    partial.classification,
                    partial.score,
                    partial.coverage,
                    partial.verified_share
                ),
                (
                    full.classification,
                    full.score,
                    full.coverage,
                    full.verified_share
                )
            );
            assert_eq!(partial.red_flags, full.red_flags);
            assert_eq!(
                (partial.range.best_score, partial.range.worst_score),
                (full.range.best_score, full.range.worst_score)
            );
        }
    }

    /// An earlier rule that holds blocks the next class although all its conditions hold.
    const BLOCKED: &str = r#"
format: mspcheck/questionnaire/1
id: blocked
version: 1.0.0
title: Blocked
domains: [{ id: d, title: D, weight: 1 }]
questions:
  - { id: d.fee, domain: d, text: Fee?, kind: yes_no, options: [{ value: "yes", score: 1, signals: [fee] }] }
  - { id: d.fix, domain: d, text: Fix?, kind: yes_no, options: [{ value: "yes", score: 1, signals: [hourly] }] }
classification:
  rules:
    - { class: pseudo, reason: Bills for fixes, if: { signals_any: [hourly] } }
    - { class: mature, reason: Strong, if: { score_at_least: 50 } }
    - { class: amateur, if: {} }
"#;

    fn assessed(questionnaire: &ValidQuestionnaire, body: &str) -> Assessment {
        let text =
            format!("format: mspcheck/answers/1\nquestionnaire: q\nprovider: P\nanswers:\n{body}");
        let answers = crate::test_support::answers(questionnaire, &text).unwrap();
        assess(questionnaire, &answers, &Options::default())
    }

    #[test]
    fn what_mature_needs_names_the_earlier_rule_that_decides() {
        let questionnaire = crate::test_support::questionnaire(BLOCKED);
        let assessment = assessed(&questionnaire, "  d.fee: yes\n  d.fix: yes\n");
        assert_eq!(assessment.classification, Class::Pseudo);
        let next = assessment.next_class.unwrap();
        assert_eq!(next.class, Class::Mature);
        assert!(next.checks.iter().all(|check| check.holds));
        assert_eq!(next.blocked_by.len(), 1);
        assert_eq!(next.blocked_by[0].rule, 1);
        assert_eq!(next.blocked_by[0].checks[0].text, "signal `hourly` raised");
    }

    #[test]
    fn held_back_names_the_smallest_set_of_red_flags() {
        let questionnaire = crate::test_support::questionnaire(
            r#"
format: mspcheck/questionnaire/1
id: flags
version: 1.0.0
title: Flags
domains: [{ id: d, title: D, weight: 1 }]
questions:
  - { id: d.a, domain: d, text: A, kind: yes_no, options: [{ value: "no", score: 0.9, red_flag: A missing }] }
  - { id: d.b, domain: d, text: B, kind: yes_no, options: [{ value: "no", score: 0.9, red_flag: B missing }] }
  - { id: d.c, domain: d, text: C, kind: yes_no }
classification:
  rules:
    - { class: mature, if: { red_flags_at_most: 1, score_at_least: 60 } }
    - { class: amateur, if: {} }
"#,
        );
        let assessment = assessed(&questionnaire, "  d.a: no\n  d.b: no\n  d.c: yes\n");
        assert_eq!(assessment.classification, Class::Amateur);
        assert_eq!(assessment.standing, Standing::HeldBack);
        assert_eq!(assessment.held_back_from, Some(Class::Mature));
        assert_eq!(
            assessment.held_back_by,
            vec![RedFlagReport {
                question: "d.a".into(),
                message: "A missing".into(),
                reference: None,
            }]
        );
        assert_eq!(
            assessment.headline,
            "NOT YET MATURE — amateur now, held back only by 1 red flag: A missing; every other mature condition holds"
        );
        let clear = assessed(&questionnaire, "  d.a: yes\n  d.b: yes\n  d.c: yes\n");
        assert_eq!(
            (clear.standing, clear.held_back_from),
            (Standing::Clear, None)
        );
        assert!(clear.held_back_by.is_empty());
        // Every completion of d.b and d.c keeps mature (at worst 63.3 with one red flag).
        let firm = assessed(&questionnaire, "  d.a: yes\n");
        assert_eq!(
            (firm.classification, firm.standing),
            (Class::Mature, Standing::Clear)
        );
        assert!(firm.range.decided && firm.range.witness.is_none());
        let undecided = assessed(&questionnaire, "  d.c: no\n");
        assert_eq!(
            (undecided.classification, undecided.standing),
            (Class::Amateur, Standing::Undecided)
        );
        let witness = undecided.range.witness.unwrap();
        assert_eq!(witness.class, Class::Mature);
        assert!(
            undecided.headline.starts_with(
                "UNDECIDED — amateur on the 1 answer given; the 2 unanswered could make it mature"
            ),
            "{}",
            undecided.headline
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]

        /// If "what X needs" lists no failing condition and no earlier rule that decides
        /// first, the class is X.
        #[test]
        fn no_listed_shortfall_means_the_target_class(seeds in proptest::collection::vec(0u32..1_000_000, 60), which in 0usize..3) {
            let catalog = Catalog::default();
            let loaded = catalog.load_named(["msp", "mssp", "quick"][which]).unwrap();
            let questionnaire = &loaded.questionnaire;
            let mut body = String::new();
            for (question, seed) in questionnaire.questions.iter().zip(seeds.iter().cycle()) {
                let choices = crate::roadmap::candidates(question, None);
                if seed % 4 != 0 {
                    let value = &choices[(seed / 4) as usize % choices.len()];
                    body.push_str(&format!("  {}: {}\n", question.id(), value.display(question)));
                }
            }
            let text = format!("format: mspcheck/answers/1\nquestionnaire: q\nprovider: P\nanswers:\n{body}");
            let answers = crate::test_support::answers(questionnaire, &text).unwrap();
            let assessment = assess(questionnaire, &answers, &Options { detail: Detail::NoRoadmap, ..Options::default() });
            if let Some(next) = &assessment.next_class {
                let nothing_listed = next.blocked_by.is_empty()
                    && next.checks.iter().filter(|check| check.depth == 0).all(|check| check.holds);
                if nothing_listed {
                    proptest::prop_assert_eq!(assessment.classification, next.class);
                }
            }
        }
    }
}

/// Issue #18: free text, context questions, guidance per answer and external ids through
/// the assessment (scores, coverage, range, roadmap).
#[cfg(test)]
mod fields_tests {
    use super::*;

    const VENDOR: &str = include_str!("../tests/fixtures/fields/questionnaire.yaml");

    fn run(body: &str, perspective: &str) -> Assessment {
        let questionnaire = crate::test_support::questionnaire(VENDOR);
        let text = format!(
            "format: mspcheck/answers/1\nquestionnaire: vendor-app\nprovider: P\nperspective: {perspective}\nanswers:\n{body}"
        );
        let answers = crate::test_support::answers(&questionnaire, &text).unwrap();
        assess(&questionnaire, &answers, &Options::default())
    }

    const STRONG_BUT_UNCHECKED: &str = "  app.name: Portal\n  app.uploads: yes\n  app.data: public\n  app.upload_checks: [none]\n  app.tls_review: quarterly\n  app.standard: OWASP ASVS\n  ops.patch_days: 5\n";

    #[test]
    fn text_and_context_questions_count_for_no_score_and_no_coverage() {
        let assessment = run(STRONG_BUT_UNCHECKED, "auditor");
        // Application: upload checks 0 and TLS 1, weight 1 each; operations 100.
        assert_eq!(assessment.domains[1].score, Some(50.0));
        assert_eq!(assessment.domains[1].applicable, 2);
        assert_eq!(assessment.domains[2].score, Some(100.0));
        // The context domain holds only unscored questions: no score, "context only".
        assert_eq!(assessment.domains[0].score, None);
        assert_eq!(assessment.domains[0].applicable, 0);
        assert!(assessment.domains[0].context_only);
        assert!(!assessment.domains[1].context_only);
        assert_eq!(assessment.coverage, 1.0);
        // (2 × 50 + 1 × 100) / 3
        assert!((assessment.score.unwrap() - 200.0 / 3.0).abs() < 1e-9);
        // Every applicable question is in the answers appendix, text answers as written.
        let name = assessment
            .answers
            .iter()
            .find(|answer| answer.question == "app.name")
            .unwrap();
        assert_eq!(name.answer, Some(TypedAnswer::Token("Portal".into())));
        assert_eq!(name.score, None);
        assert!(name.unscored);
        assert_eq!(name.reference.as_deref(), Some("APP-01"));
        let uploads = assessment
            .answers
            .iter()
            .find(|answer| answer.question == "app.uploads")
            .unwrap();
        assert!(uploads.unscored && uploads.score.is_none());
        assert_eq!(
            assessment.red_flags[0].reference.as_deref(),
            Some("A&A-01.1")
        );
    }

    #[test]
    fn the_roadmap_never_proposes_a_context_question() {
        // Answering `app.uploads: no` would close the unchecked uploads and reach mature in
        // one change: the roadmap must fix the checks instead of dropping the feature.
        let assessment = run(STRONG_BUT_UNCHECKED, "auditor");
        assert!(!assessment.roadmap.is_empty());
        assert!(
            assessment
                .roadmap
                .iter()
                .all(|step| step.question != "app.uploads"
                    && step.question != "app.data"
                    && step.question != "app.name"
                    && step.question != "app.standard"),
            "{:?}",
            assessment
                .roadmap
                .iter()
                .map(|step| &step.question)
                .collect::<Vec<_>>()
        );
        assert_eq!(assessment.roadmap[0].question, "app.upload_checks");
        assert_eq!(assessment.roadmap[0].class_after, Class::Mature);
        assert_eq!(assessment.roadmap[0].reference.as_deref(), Some("A&A-01.1"));
    }

    #[test]
    fn the_roadmap_gives_the_guidance_of_the_answer_given() {
        let body = "  app.uploads: yes\n  app.data: public\n  app.upload_checks: [none]\n  app.tls_review: annually\n  ops.patch_days: 20\n";
        let step = |assessment: &Assessment, question: &str| {
            assessment
                .roadmap
                .iter()
                .find(|step| step.question == question)
                .unwrap_or_else(|| panic!("no step for {question}: {:?}", assessment.roadmap))
                .remediation
                .clone()
        };
        let auditor = run(body, "auditor");
        // Not the question's text, which was written for "never".
        assert_eq!(
            step(&auditor, "app.tls_review").as_deref(),
            Some("Move the annual review to a quarterly one.")
        );
        assert_eq!(
            step(&auditor, "app.upload_checks").as_deref(),
            Some("Start by scanning every upload for malware before it is stored.")
        );
        assert_eq!(
            step(&auditor, "ops.patch_days").as_deref(),
            Some("Halve the time from release to deployment.")
        );
        let client = run(body, "client");
        assert_eq!(
            step(&client, "app.tls_review").as_deref(),
            Some("Ask for the dates of the last two reviews and a quarterly schedule.")
        );
        // Unanswered: the question's own remediation; `unknown`: its own.
        let unanswered = run(
            "  app.uploads: no\n  app.data: public\n  app.tls_review: never\n",
            "auditor",
        );
        assert_eq!(
            step(&unanswered, "ops.patch_days").as_deref(),
            Some("Deploy critical patches within a week of their release.")
        );
        let unknown = run("  app.uploads: no\n  app.data: public\n  app.tls_review: never\n  ops.patch_days: unknown\n", "auditor");
        assert_eq!(
            step(&unknown, "app.tls_review").as_deref(),
            Some("Start with a one-off review against a published TLS baseline.")
        );
        assert_eq!(
            step(&unknown, "ops.patch_days").as_deref(),
            Some("Measure the time from a patch's release to its deployment.")
        );
    }

    #[test]
    fn a_red_flag_on_a_context_question_counts_but_is_never_proposed_for_clearing() {
        let questionnaire = crate::test_support::questionnaire(
            r#"
format: mspcheck/questionnaire/1
id: q
version: 1.0.0
title: Q
domains: [{ id: d, title: D, weight: 1 }]
questions:
  - id: legacy
    domain: d
    kind: yes_no
    scored: false
    text: Does the application run on an unsupported platform?
    options: [{ value: "yes", red_flag: The platform gets no security fixes. }]
  - { id: patched, domain: d, kind: yes_no, text: Is it patched? }
classification:
  rules:
    - { class: mature, if: { score_at_least: 80, red_flags_at_most: 0 } }
    - { class: amateur, if: {} }
"#,
        );
        let text = "format: mspcheck/answers/1\nquestionnaire: q\nprovider: P\nanswers:\n  legacy: yes\n  patched: yes\n";
        let answers = crate::test_support::answers(&questionnaire, text).unwrap();
        let assessment = assess(&questionnaire, &answers, &Options::default());
        assert_eq!(assessment.classification, Class::Amateur);
        assert_eq!(assessment.red_flags.len(), 1);
        assert_eq!(
            assessment.standing,
            Standing::Clear,
            "{}",
            assessment.headline
        );
        assert!(assessment.held_back_by.is_empty());
        assert!(assessment
            .roadmap
            .iter()
            .all(|step| step.question != "legacy"));
    }

    #[test]
    fn unanswered_text_leaves_the_class_decided_but_a_context_gate_does_not() {
        // Every scored question answered; the free-text ones left blank.
        let decided = run("  app.uploads: no\n  app.data: special\n  app.tls_review: quarterly\n  ops.patch_days: 5\n  app.name: \"  \"\n", "auditor");
        assert!(decided.range.decided, "{:?}", decided.range);
        assert_eq!(decided.range.unanswered, 0);
        assert_eq!(decided.classification, Class::Mature);
        let blank = decided
            .answers
            .iter()
            .find(|answer| answer.question == "app.name")
            .unwrap();
        assert_eq!(blank.answer, None, "a blank text is no answer");
        // The context question left open could open the upload checks and their red flag.
        let open = run(
            "  app.data: public\n  app.tls_review: quarterly\n  ops.patch_days: 5\n",
            "auditor",
        );
        assert!(!open.range.decided, "{:?}", open.range);
        // Uploads accepted and left unchecked: a red flag, so not mature.
        assert_eq!(open.range.worst_class, Class::Pseudo);
        assert_eq!(open.range.best_class, Class::Mature);
        assert_eq!(
            open.range.unanswered, 0,
            "a context question is not counted as unanswered"
        );
    }
}
