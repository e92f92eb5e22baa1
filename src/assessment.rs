//! The one value every report renders: a scored, classified, explained assessment.
//! `compare` and `diff` work on it too. Serialized as-is, it is the report JSON
//! (`format: mspcheck/report/1`).

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::classify::{checks, class_of, decide, Check};
use crate::model::questionnaire::Class;
use crate::model::Perspective;
use crate::roadmap::{fill_unanswered, roadmap, Change};
use crate::score::{answer_score, evaluate};
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
    /// For a client's assessment: the unanswered or unverified questions that matter most,
    /// as questions to put to the provider, with the evidence to ask for.
    pub questions_to_ask: Vec<QuestionToAsk>,
    /// Every question that applies, with its answer (or none).
    pub answers: Vec<AnswerReport>,
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
        .filter(|(position, _)| applicable[*position])
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
}

/// One red flag.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct RedFlagReport {
    /// Question id.
    pub question: String,
    /// The message.
    pub message: String,
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
    /// A `yes_no` or `choice` option's token, `na`, or `unknown`.
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
    /// What to do, from the questionnaire, worded for the assessment's perspective.
    pub remediation: Option<String>,
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
    /// True when the best and worst cases agree with the class given (nothing missing can change it).
    pub decided: bool,
    /// Applicable questions left unanswered.
    pub unanswered: usize,
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

/// Scores, classifies and explains one provider's answers.
pub fn assess(
    questionnaire: &ValidQuestionnaire,
    answers: &ValidAnswers,
    options: &Options,
) -> Assessment {
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
                checks(&rule.condition, questionnaire, &outcome, 0)
                    .into_iter()
                    .map(CheckReport::from)
                    .collect()
            },
        }
    };
    let next_class = class.next().and_then(|_| {
        let wanted = if class == Class::Amateur {
            Class::Mature
        } else {
            class.next()?
        };
        questionnaire
            .rules
            .iter()
            .position(|rule| rule.class == wanted)
            .map(report_rule)
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
        if let Some(value) = value {
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
            remediation: question
                .definition
                .remediation
                .as_ref()
                .map(|text| remediation_for(text, answers.header.perspective)),
        }
    };
    let mut roadmap_steps: Vec<RoadmapStep> = plan
        .path
        .iter()
        .map(|change| step(change, "next_class"))
        .collect();
    roadmap_steps.extend(plan.gains.iter().map(|change| step(change, "score")));

    let best = fill_unanswered(questionnaire, &counted, true);
    let worst = fill_unanswered(questionnaire, &counted, false);
    let best_outcome = evaluate(
        questionnaire,
        &best.iter().map(Option::as_ref).collect::<Vec<_>>(),
    );
    let worst_outcome = evaluate(
        questionnaire,
        &worst.iter().map(Option::as_ref).collect::<Vec<_>>(),
    );
    let best_class = class_of(questionnaire, &best_outcome);
    let worst_class = class_of(questionnaire, &worst_outcome);
    let unanswered = outcome
        .domains
        .iter()
        .map(|domain| domain.applicable - domain.answered)
        .sum();

    Assessment {
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
            .map(|((domain, result), verified)| DomainReport {
                id: domain.id.clone(),
                title: domain.title.clone(),
                weight: domain.weight,
                score: result.score,
                answered: result.answered,
                applicable: result.applicable,
                verified: *verified,
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
            })
            .collect(),
        roadmap: roadmap_steps,
        range: Range {
            best_score: best_outcome.score,
            best_class,
            worst_score: worst_outcome.score,
            worst_class,
            decided: best_class == class && worst_class == class,
            unanswered,
        },
        stale,
        questions_to_ask: if answers.header.perspective == Some(Perspective::Client)
            && options.detail != Detail::Summary
        {
            questions_to_ask(questionnaire, answers, &outcome.applicable)
        } else {
            Vec::new()
        },
        answers: answer_reports,
    }
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
}
