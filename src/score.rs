//! SPEC's scoring arithmetic, exactly: applicability, per-answer scores, domain and overall
//! scores, coverage, signals and red flags. Pure functions over checked values.

use std::collections::BTreeSet;

use crate::model::questionnaire::Kind;
use crate::validate::{AnswerValue, ValidQuestion, ValidQuestionnaire};

/// One domain's result.
#[derive(Debug, Clone, PartialEq)]
pub struct DomainOutcome {
    /// 0–100, or `None` when no applicable question is answered.
    pub score: Option<f64>,
    /// Applicable questions answered (not `na`).
    pub answered: usize,
    /// Applicable questions (not `na`).
    pub applicable: usize,
}

/// A red flag raised by an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RedFlag {
    /// Index of the question.
    pub question: usize,
    /// The message.
    pub message: String,
}

/// Everything SPEC's arithmetic yields for one set of answers.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// Per question: does it apply?
    pub applicable: Vec<bool>,
    /// Per domain, in questionnaire order.
    pub domains: Vec<DomainOutcome>,
    /// Overall 0–100, or `None` when no domain has a score.
    pub score: Option<f64>,
    /// Answered applicable / applicable (`na` in neither); 1 when nothing applies.
    pub coverage: f64,
    /// Signals raised by the chosen options and bands, sorted.
    pub signals: BTreeSet<String>,
    /// Red flags, in question order.
    pub red_flags: Vec<RedFlag>,
}

/// The band a number falls in.
pub fn band_index(question: &ValidQuestion, amount: f64) -> usize {
    let bands = &question.definition.bands;
    bands
        .iter()
        .position(|band| band.up_to.is_none_or(|up_to| amount <= up_to))
        .unwrap_or(bands.len().saturating_sub(1))
}

/// The score (0–1) of one answer; `None` for `na`.
pub fn answer_score(question: &ValidQuestion, value: &AnswerValue) -> Option<f64> {
    match value {
        AnswerValue::Option(option) => Some(question.options[*option].score),
        AnswerValue::Options(options) => {
            Some(options.iter().map(|option| question.options[*option].score).sum::<f64>().min(1.0))
        }
        AnswerValue::Integer(point) => {
            let (min, max) = question.scale_range();
            Some((*point - min) as f64 / (max - min) as f64)
        }
        AnswerValue::Number(amount) => Some(question.definition.bands[band_index(question, *amount)].score),
        AnswerValue::NotApplicable => None,
    }
}

/// Calls `visit(signals, red_flag)` for each option or band the answer chose.
pub fn for_each_choice(question: &ValidQuestion, value: &AnswerValue, mut visit: impl FnMut(&[String], Option<&str>)) {
    match value {
        AnswerValue::Option(option) => {
            let option = &question.options[*option];
            visit(&option.signals, option.red_flag.as_deref());
        }
        AnswerValue::Options(options) => {
            for option in options {
                let option = &question.options[*option];
                visit(&option.signals, option.red_flag.as_deref());
            }
        }
        AnswerValue::Number(amount) if question.kind() == Kind::Number => {
            let band = &question.definition.bands[band_index(question, *amount)];
            visit(&band.signals, band.red_flag.as_deref());
        }
        _ => {}
    }
}

/// Which questions apply, in order (a `when` only looks back).
pub fn applicability(questionnaire: &ValidQuestionnaire, answers: &[Option<&AnswerValue>]) -> Vec<bool> {
    let mut applicable = Vec::with_capacity(questionnaire.questions.len());
    for question in &questionnaire.questions {
        let applies = match &question.when {
            None => true,
            Some(when) => {
                applicable[when.question]
                    && match answers[when.question] {
                        Some(AnswerValue::Option(option)) => when.options.contains(option),
                        Some(AnswerValue::Options(options)) => options.iter().any(|option| when.options.contains(option)),
                        _ => false,
                    }
            }
        };
        applicable.push(applies);
    }
    applicable
}

/// Scores one set of answers (index = question) exactly as SPEC defines.
pub fn evaluate(questionnaire: &ValidQuestionnaire, answers: &[Option<&AnswerValue>]) -> Outcome {
    let applicable = applicability(questionnaire, answers);
    let mut sums = vec![(0.0f64, 0.0f64); questionnaire.domains.len()];
    let mut domains: Vec<DomainOutcome> =
        vec![DomainOutcome { score: None, answered: 0, applicable: 0 }; questionnaire.domains.len()];
    let mut signals = BTreeSet::new();
    let mut red_flags = Vec::new();
    for (position, question) in questionnaire.questions.iter().enumerate() {
        if !applicable[position] {
            continue;
        }
        let domain = &mut domains[question.domain];
        match answers[position] {
            Some(AnswerValue::NotApplicable) => {}
            None => domain.applicable += 1,
            Some(value) => {
                domain.applicable += 1;
                domain.answered += 1;
                let score = answer_score(question, value).unwrap_or(0.0);
                sums[question.domain].0 += question.weight() * score;
                sums[question.domain].1 += question.weight();
                for_each_choice(question, value, |raised, red_flag| {
                    signals.extend(raised.iter().cloned());
                    if let Some(message) = red_flag {
                        red_flags.push(crate::score::RedFlag { question: position, message: message.to_string() });
                    }
                });
            }
        }
    }
    let mut weighted = 0.0;
    let mut total_weight = 0.0;
    for ((domain, (sum, weight)), definition) in domains.iter_mut().zip(&sums).zip(&questionnaire.domains) {
        if domain.answered > 0 {
            let score = 100.0 * sum / weight;
            domain.score = Some(score);
            weighted += definition.weight * score;
            total_weight += definition.weight;
        }
    }
    let answered: usize = domains.iter().map(|domain| domain.answered).sum();
    let applicable_count: usize = domains.iter().map(|domain| domain.applicable).sum();
    Outcome {
        applicable,
        domains,
        score: (total_weight > 0.0).then(|| weighted / total_weight),
        coverage: if applicable_count == 0 { 1.0 } else { answered as f64 / applicable_count as f64 },
        signals,
        red_flags,
    }
}
