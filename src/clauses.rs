//! From gaps to contract clauses: each red flag and each critical question that falls short
//! (or stays unconfirmed) is matched with the questionnaire's clause topics (`clauses:`)
//! that would cover it in a contract. The topics are content; this module only matches.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::Perspective;
use crate::score::{answer_score, Outcome};
use crate::validate::{AnswerValue, ValidQuestionnaire};

/// Why a question needs contract cover.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum GapKind {
    /// The answer raises a red flag.
    RedFlag,
    /// A critical question (one some answer of which is a red flag) without its best answer.
    FallsShort,
    /// A critical question left unanswered: nothing confirms it either way.
    Unconfirmed,
}

impl GapKind {
    /// The words used in text reports.
    pub fn label(self) -> &'static str {
        match self {
            GapKind::RedFlag => "red flag",
            GapKind::FallsShort => "falls short",
            GapKind::Unconfirmed => "unconfirmed",
        }
    }
}

/// One gap a contract should cover.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Gap {
    /// Question id.
    pub question: String,
    /// The question, worded for the client.
    pub text: String,
    /// Why it is a gap.
    pub kind: GapKind,
    /// The red flag's message, or the answer given.
    pub detail: Option<String>,
}

/// One clause topic and the gaps it would cover.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ClauseReport {
    /// Clause id.
    pub id: String,
    /// The topic.
    pub topic: String,
    /// What the clause should require.
    pub text: String,
    /// Where the topic comes from.
    pub source: String,
    /// The gaps found that it covers, in question order.
    pub gaps: Vec<Gap>,
}

/// The contract section of a report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ClauseSection {
    /// Clause topics that cover at least one gap, in the questionnaire's order.
    pub clauses: Vec<ClauseReport>,
    /// Gaps no clause topic of the questionnaire covers.
    pub uncovered: Vec<Gap>,
}

/// The gaps of one assessment, in question order.
pub fn gaps(
    questionnaire: &ValidQuestionnaire,
    outcome: &Outcome,
    values: &[Option<&AnswerValue>],
) -> Vec<(usize, Gap)> {
    let mut found = Vec::new();
    for (position, question) in questionnaire.questions.iter().enumerate() {
        if !outcome.applicable[position] {
            continue;
        }
        // Only a gap needs its text: most questions are none.
        let text = || question.text_for(Some(Perspective::Client)).to_string();
        let flags: Vec<&str> = outcome
            .red_flags
            .iter()
            .filter(|flag| flag.question() == Some(position))
            .map(|flag| flag.message.as_str())
            .collect();
        if !flags.is_empty() {
            found.push((
                position,
                Gap {
                    question: question.id().to_string(),
                    text: text(),
                    kind: GapKind::RedFlag,
                    detail: Some(flags.join("; ")),
                },
            ));
            continue;
        }
        if !question.is_critical() {
            continue;
        }
        let gap = match values[position] {
            None => Some((GapKind::Unconfirmed, None)),
            Some(AnswerValue::NotApplicable) => None,
            Some(AnswerValue::Unknown)
                if answer_score(question, &AnswerValue::Unknown).is_none() =>
            {
                Some((
                    GapKind::Unconfirmed,
                    Some(crate::assessment::answer_label(
                        question,
                        &AnswerValue::Unknown,
                    )),
                ))
            }
            Some(value) => answer_score(question, value)
                .filter(|score| *score < 1.0 - 1e-9)
                .map(|_| {
                    (
                        GapKind::FallsShort,
                        Some(crate::assessment::answer_label(question, value)),
                    )
                }),
        };
        if let Some((kind, detail)) = gap {
            found.push((
                position,
                Gap {
                    question: question.id().to_string(),
                    text: text(),
                    kind,
                    detail,
                },
            ));
        }
    }
    found
}

/// The clause section, or `None` when the questionnaire has no clause topics.
pub fn section(
    questionnaire: &ValidQuestionnaire,
    outcome: &Outcome,
    values: &[Option<&AnswerValue>],
) -> Option<ClauseSection> {
    if questionnaire.clauses.is_empty() {
        return None;
    }
    let gaps = gaps(questionnaire, outcome, values);
    let clauses = questionnaire
        .clauses
        .iter()
        .filter_map(|clause| {
            let covered: Vec<Gap> = gaps
                .iter()
                .filter(|(question, _)| clause.covers.contains(question))
                .map(|(_, gap)| gap.clone())
                .collect();
            (!covered.is_empty()).then(|| ClauseReport {
                id: clause.definition.id.clone(),
                topic: clause.definition.topic.clone(),
                text: clause.definition.text.clone(),
                source: clause.definition.source.clone(),
                gaps: covered,
            })
        })
        .collect();
    let uncovered = gaps
        .iter()
        .filter(|(question, _)| {
            !questionnaire
                .clauses
                .iter()
                .any(|clause| clause.covers.contains(question))
        })
        .map(|(_, gap)| gap.clone())
        .collect();
    Some(ClauseSection { clauses, uncovered })
}
