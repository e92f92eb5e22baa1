//! SPEC's scoring arithmetic, exactly: applicability, per-answer scores, domain and overall
//! scores, coverage, signals and red flags. Pure functions over checked values.

use std::collections::BTreeSet;

use crate::model::questionnaire::{Kind, Severity};
use crate::rule::{Span, Truth};
use crate::validate::{AnswerValue, ValidQuestion, ValidQuestionnaire};

/// One domain's result.
#[derive(Debug, Clone, PartialEq)]
pub struct DomainOutcome {
    /// 0–100, or `None` when no applicable question is answered (or only with an unscored
    /// `unknown`).
    pub score: Option<f64>,
    /// Applicable questions answered (not `na`).
    pub answered: usize,
    /// Applicable questions (not `na`).
    pub applicable: usize,
}

/// What raised a red flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlagSource {
    /// The answer to this question (its option, band or `unknown` has a `red_flag`).
    Answer(usize),
    /// This questionnaire flag (`flags:`, by index): its condition holds.
    Flag(usize),
}

/// A red flag raised by an answer or by a questionnaire flag's condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RedFlag {
    /// What raised it.
    pub source: FlagSource,
    /// How severe it is.
    pub severity: Severity,
    /// The message (the shared text; reports word it per reader).
    pub message: String,
}

impl RedFlag {
    /// The question whose answer raised it, for an answer's red flag.
    pub fn question(&self) -> Option<usize> {
        match self.source {
            FlagSource::Answer(question) => Some(question),
            FlagSource::Flag(_) => None,
        }
    }
}

/// How many of `severities` are `at_least` or above.
fn count_at_least(severities: impl Iterator<Item = Severity>, at_least: Severity) -> u64 {
    severities.filter(|severity| *severity >= at_least).count() as u64
}

/// Does `question` apply and is it answered with one of `options` (for `multi`: some chosen
/// option is one of them)? What `answer:` tests and `when` leaves read.
pub fn answered_with(applicable: bool, value: Option<&AnswerValue>, options: &[usize]) -> bool {
    applicable
        && match value {
            Some(AnswerValue::Option(option)) => options.contains(option),
            Some(AnswerValue::Options(chosen)) => {
                chosen.iter().any(|option| options.contains(option))
            }
            _ => false,
        }
}

/// Does the `multi` question apply, is it answered (not `na`/`unknown`), and is none of
/// `options` chosen? What `not_chosen:` tests read.
pub fn none_chosen(applicable: bool, value: Option<&AnswerValue>, options: &[usize]) -> bool {
    applicable
        && match value {
            Some(AnswerValue::Options(chosen)) => {
                !chosen.iter().any(|option| options.contains(option))
            }
            _ => false,
        }
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
    /// Per signal of the questionnaire (by index): how many chosen options and bands raise it.
    pub signal_counts: Vec<u32>,
    /// Indexes of the questionnaire's consistency checks that the answers trip.
    pub contradictions: Vec<usize>,
}

impl crate::rule::Facts for Outcome {
    fn score(&self) -> Span {
        Span::exact(self.score)
    }
    fn domain(&self, domain: usize) -> Span {
        Span::exact(self.domains.get(domain).and_then(|domain| domain.score))
    }
    fn signal(&self, signal: usize) -> Truth {
        Truth::exact(
            self.signal_counts
                .get(signal)
                .is_some_and(|count| *count > 0),
        )
    }
    fn red_flags(&self, at_least: Severity) -> (u64, u64) {
        let count = count_at_least(self.red_flags.iter().map(|flag| flag.severity), at_least);
        (count, count)
    }
    fn coverage(&self) -> (f64, f64) {
        (self.coverage, self.coverage)
    }
    fn contradictions(&self) -> (u64, u64) {
        let count = self.contradictions.len() as u64;
        (count, count)
    }
}

/// An outcome together with the answers it came from: what a consistency check reads (its
/// `answer` tests look at the answers themselves).
struct WithAnswers<'a> {
    outcome: &'a Outcome,
    answers: &'a [Option<&'a AnswerValue>],
}

impl crate::rule::Facts for WithAnswers<'_> {
    fn score(&self) -> Span {
        self.outcome.score()
    }
    fn domain(&self, domain: usize) -> Span {
        self.outcome.domain(domain)
    }
    fn signal(&self, signal: usize) -> Truth {
        self.outcome.signal(signal)
    }
    fn red_flags(&self, at_least: Severity) -> (u64, u64) {
        self.outcome.red_flags(at_least)
    }
    fn coverage(&self) -> (f64, f64) {
        self.outcome.coverage()
    }
    fn answer(&self, question: usize, options: &[usize]) -> Truth {
        Truth::exact(answered_with(
            self.outcome
                .applicable
                .get(question)
                .copied()
                .unwrap_or(false),
            self.answers.get(question).copied().flatten(),
            options,
        ))
    }
    fn not_chosen(&self, question: usize, options: &[usize]) -> Truth {
        Truth::exact(none_chosen(
            self.outcome
                .applicable
                .get(question)
                .copied()
                .unwrap_or(false),
            self.answers.get(question).copied().flatten(),
            options,
        ))
    }
    fn contradictions(&self) -> (u64, u64) {
        self.outcome.contradictions()
    }
}

/// The questionnaire flags (`flags:`, by index) whose condition holds for `answers`, given
/// their outcome so far (flag conditions count neither red flags nor contradictions).
pub fn raised_flags(
    questionnaire: &ValidQuestionnaire,
    outcome: &Outcome,
    answers: &[Option<&AnswerValue>],
) -> Vec<usize> {
    holding(
        questionnaire.flags.iter().map(|flag| &flag.condition),
        &WithAnswers { outcome, answers },
    )
}

/// The consistency checks of `questionnaire` that `answers` trip, given their outcome.
pub fn contradictions(
    questionnaire: &ValidQuestionnaire,
    outcome: &Outcome,
    answers: &[Option<&AnswerValue>],
) -> Vec<usize> {
    holding(
        questionnaire
            .consistency
            .iter()
            .map(|check| &check.condition),
        &WithAnswers { outcome, answers },
    )
}

/// The positions of the conditions that hold.
fn holding<'a>(
    conditions: impl Iterator<Item = &'a crate::rule::Condition>,
    facts: &WithAnswers<'_>,
) -> Vec<usize> {
    conditions
        .enumerate()
        .filter(|(_, condition)| condition.holds(facts))
        .map(|(position, _)| position)
        .collect()
}

/// The band a number falls in.
pub fn band_index(question: &ValidQuestion, amount: f64) -> usize {
    let bands = &question.definition.bands;
    bands
        .iter()
        .position(|band| band.up_to.is_none_or(|up_to| amount <= up_to))
        .unwrap_or(bands.len().saturating_sub(1))
}

/// The score (0–1) of one answer; `None` for `na`, for `unknown` when the question gives
/// it no score (it is then left out of the domain score but counts as answered), and for
/// every answer to an unscored question (`text`, or `scored: false`).
pub fn answer_score(question: &ValidQuestion, value: &AnswerValue) -> Option<f64> {
    if !question.scored {
        return None;
    }
    match value {
        AnswerValue::Option(option) => Some(question.options[*option].score),
        AnswerValue::Options(options) => Some(
            options
                .iter()
                .map(|option| question.options[*option].score)
                .sum::<f64>()
                .min(1.0),
        ),
        AnswerValue::Integer(point) => {
            let (min, max) = question.scale_range();
            Some((*point - min) as f64 / (max - min) as f64)
        }
        AnswerValue::Number(amount) => {
            question.definition.bands[band_index(question, *amount)].score
        }
        AnswerValue::NotApplicable | AnswerValue::Text(_) => None,
        AnswerValue::Unknown => question.unknown.as_ref().and_then(|unknown| unknown.score),
    }
}

/// Calls `visit(signal indexes, red flag severity)` for each option or band the answer
/// chose (the severity when it carries a red flag).
pub fn for_each_choice_id(
    question: &ValidQuestion,
    value: &AnswerValue,
    mut visit: impl FnMut(&[usize], Option<Severity>),
) {
    match value {
        AnswerValue::Option(option) => {
            let option = &question.options[*option];
            visit(
                &option.signal_ids,
                option.red_flag.as_ref().map(|_| option.severity),
            );
        }
        AnswerValue::Options(options) => {
            for option in options {
                let option = &question.options[*option];
                visit(
                    &option.signal_ids,
                    option.red_flag.as_ref().map(|_| option.severity),
                );
            }
        }
        AnswerValue::Number(amount) if question.kind() == Kind::Number => {
            let band = band_index(question, *amount);
            let definition = &question.definition.bands[band];
            visit(
                question.band_signals.get(band).map_or(&[], Vec::as_slice),
                definition
                    .red_flag
                    .as_ref()
                    .map(|_| definition.severity.unwrap_or(Severity::High)),
            );
        }
        AnswerValue::Unknown => {
            if let Some(unknown) = &question.unknown {
                visit(
                    &unknown.signal_ids,
                    unknown.red_flag.as_ref().map(|_| unknown.severity),
                );
            }
        }
        _ => {}
    }
}

/// Calls `visit(signals, red flag)` for each option or band the answer chose: the red flag's
/// message and severity when it carries one.
pub fn for_each_choice(
    question: &ValidQuestion,
    value: &AnswerValue,
    mut visit: impl FnMut(&[String], Option<(&str, Severity)>),
) {
    match value {
        AnswerValue::Option(option) => {
            let option = &question.options[*option];
            visit(
                &option.signals,
                option
                    .red_flag
                    .as_deref()
                    .map(|text| (text, option.severity)),
            );
        }
        AnswerValue::Options(options) => {
            for option in options {
                let option = &question.options[*option];
                visit(
                    &option.signals,
                    option
                        .red_flag
                        .as_deref()
                        .map(|text| (text, option.severity)),
                );
            }
        }
        AnswerValue::Number(amount) if question.kind() == Kind::Number => {
            let band = &question.definition.bands[band_index(question, *amount)];
            visit(
                &band.signals,
                band.red_flag
                    .as_deref()
                    .map(|text| (text, band.severity.unwrap_or(Severity::High))),
            );
        }
        AnswerValue::Unknown => {
            if let Some(unknown) = &question.unknown {
                visit(
                    &unknown.signals,
                    unknown
                        .red_flag
                        .as_deref()
                        .map(|text| (text, unknown.severity)),
                );
            }
        }
        _ => {}
    }
}

/// Does `question` apply, given the applicability of the questions before it and a way to
/// read their answers? (Its `when` names an earlier question.)
pub fn applies<'a>(
    question: &ValidQuestion,
    earlier_applicable: &[bool],
    answer_of: impl Fn(usize) -> Option<&'a AnswerValue>,
) -> bool {
    let Some(when) = &question.when else {
        return true;
    };
    when.holds(&|earlier, options| {
        answered_with(earlier_applicable[earlier], answer_of(earlier), options)
    })
}

/// Which questions apply, in order (a `when` only looks back).
pub fn applicability(
    questionnaire: &ValidQuestionnaire,
    answers: &[Option<&AnswerValue>],
) -> Vec<bool> {
    let mut applicable = Vec::with_capacity(questionnaire.questions.len());
    for question in &questionnaire.questions {
        let applies = applies(question, &applicable, |earlier| answers[earlier]);
        applicable.push(applies);
    }
    applicable
}

/// Scores one set of answers (index = question) exactly as SPEC defines.
pub fn evaluate(questionnaire: &ValidQuestionnaire, answers: &[Option<&AnswerValue>]) -> Outcome {
    let applicable = applicability(questionnaire, answers);
    let mut sums = vec![(0.0f64, 0.0f64); questionnaire.domains.len()];
    let mut domains: Vec<DomainOutcome> = vec![
        DomainOutcome {
            score: None,
            answered: 0,
            applicable: 0
        };
        questionnaire.domains.len()
    ];
    let mut signals = BTreeSet::new();
    let mut red_flags = Vec::new();
    let mut signal_counts = vec![0u32; questionnaire.signals.len()];
    for (position, question) in questionnaire.questions.iter().enumerate() {
        if !applicable[position] {
            continue;
        }
        let domain = &mut domains[question.domain];
        // Unscored questions (`text`, `scored: false`) count for no score and no coverage;
        // a context question's signals and red flags still count.
        let counted = usize::from(question.scored);
        match answers[position] {
            Some(AnswerValue::NotApplicable) => {}
            None => domain.applicable += counted,
            Some(value) => {
                domain.applicable += counted;
                domain.answered += counted;
                // `unknown` without a score of its own counts as answered but not scored.
                if let Some(score) = answer_score(question, value) {
                    sums[question.domain].0 += question.weight() * score;
                    sums[question.domain].1 += question.weight();
                }
                for_each_choice(question, value, |raised, red_flag| {
                    signals.extend(raised.iter().cloned());
                    if let Some((message, severity)) = red_flag {
                        red_flags.push(RedFlag {
                            source: FlagSource::Answer(position),
                            severity,
                            message: message.to_string(),
                        });
                    }
                });
                for_each_choice_id(question, value, |raised, _| {
                    for signal in raised {
                        signal_counts[*signal] += 1;
                    }
                });
            }
        }
    }
    let mut weighted = 0.0;
    let mut total_weight = 0.0;
    for ((domain, (sum, weight)), definition) in
        domains.iter_mut().zip(&sums).zip(&questionnaire.domains)
    {
        if *weight > 0.0 {
            let score = percent_of(*sum, *weight);
            domain.score = Some(score);
            weighted += definition.weight * score;
            total_weight += definition.weight;
        }
    }
    let answered: usize = domains.iter().map(|domain| domain.answered).sum();
    let applicable_count: usize = domains.iter().map(|domain| domain.applicable).sum();
    let mut outcome = Outcome {
        applicable,
        domains,
        score: (total_weight > 0.0).then(|| (weighted / total_weight).clamp(0.0, 100.0)),
        coverage: if applicable_count == 0 {
            1.0
        } else {
            answered as f64 / applicable_count as f64
        },
        signals,
        red_flags,
        signal_counts,
        contradictions: Vec::new(),
    };
    // Questionnaire flags first: consistency checks may count red flags, flags may not
    // count contradictions.
    for flag in raised_flags(questionnaire, &outcome, answers) {
        let definition = &questionnaire.flags[flag];
        outcome.red_flags.push(RedFlag {
            source: FlagSource::Flag(flag),
            severity: definition.severity,
            message: definition.message.shared().to_string(),
        });
    }
    if !questionnaire.consistency.is_empty() {
        outcome.contradictions = contradictions(questionnaire, &outcome, answers);
    }
    outcome
}

/// SPEC's arithmetic kept up to date one answer at a time: changing an answer updates its
/// domain's sums and counts, the signal and red-flag counts, and the applicability of the
/// questions whose `when` depends on it, in time independent of the questionnaire's size.
/// The roadmap's search and the range's completions try thousands of changes this way instead
/// of rescoring the questionnaire for each. Sums kept this way can differ from [`evaluate`]'s
/// in the last bits, so anything reported is scored again with [`evaluate`].
#[derive(Debug, Clone)]
pub struct Tally<'q> {
    questionnaire: &'q ValidQuestionnaire,
    answers: Vec<Option<AnswerValue>>,
    applicable: Vec<bool>,
    /// Per domain: Σ weight × score, Σ weight, answered, applicable, scored (answered with
    /// a score: `unknown` may have none).
    sums: Vec<(f64, f64, usize, usize, usize)>,
    score: Option<f64>,
    coverage: f64,
    signal_counts: Vec<u32>,
    /// Red flags raised by answers, per severity (index `Severity as usize`).
    red_flags: [u64; 4],
    /// Per questionnaire flag: left out of the count (the standing's "if it were cleared").
    suppressed: Vec<bool>,
    /// Domains whose weighted sums a change touched, to add up again.
    touched: Vec<usize>,
    /// Per question: the score of its answer as it stands ([`answer_score`]), kept so that
    /// adding a domain up again reads one number per question.
    scores: Vec<Option<f64>>,
}

/// The largest domain whose sums a [`Tally`] adds up again at each change (see
/// `Tally::resum`); every bundled domain has fewer than 20 questions.
const RESUM_LIMIT: usize = 256;

impl<'q> Tally<'q> {
    /// The tally of `answers` (index = question).
    pub fn new(
        questionnaire: &'q ValidQuestionnaire,
        answers: Vec<Option<AnswerValue>>,
    ) -> Tally<'q> {
        let borrowed: Vec<Option<&AnswerValue>> = answers.iter().map(Option::as_ref).collect();
        let applicable = applicability(questionnaire, &borrowed);
        let scores = questionnaire
            .questions
            .iter()
            .zip(&answers)
            .map(|(question, answer)| {
                answer
                    .as_ref()
                    .and_then(|value| answer_score(question, value))
            })
            .collect();
        let mut tally = Tally {
            questionnaire,
            applicable,
            answers,
            sums: vec![(0.0, 0.0, 0, 0, 0); questionnaire.domains.len()],
            score: None,
            coverage: 1.0,
            signal_counts: vec![0; questionnaire.signals.len()],
            red_flags: [0; 4],
            suppressed: vec![false; questionnaire.flags.len()],
            touched: Vec::new(),
            scores,
        };
        for position in 0..questionnaire.questions.len() {
            if tally.applicable[position] {
                tally.count(position, 1);
            }
        }
        tally.touched.clear();
        for domain in 0..questionnaire.domains.len() {
            tally.resum(domain);
        }
        tally.recompute_overall();
        tally
    }

    /// Adds up a domain's weighted sums again, in question order as [`evaluate`] does: added
    /// and withdrawn one change at a time, floating-point sums drift, and a score a hair
    /// above a threshold in the search could be a hair below it scored afresh. Domains of
    /// more than [`RESUM_LIMIT`] questions keep the running sums (adding up thousands of
    /// questions at every change would make the roadmap's search quadratic); the roadmap
    /// checks the path it offers with a fresh tally.
    fn resum(&mut self, domain: usize) {
        let (mut sum, mut weight) = (0.0, 0.0);
        for &position in &self.questionnaire.domain_questions[domain] {
            if !self.applicable[position] {
                continue;
            }
            if let Some(score) = self.scores[position] {
                let question_weight = self.questionnaire.questions[position].weight();
                sum += question_weight * score;
                weight += question_weight;
            }
        }
        self.sums[domain].0 = sum;
        self.sums[domain].1 = weight;
    }

    /// Are the tally's sums exactly those [`evaluate`] adds up? Not when a domain has more
    /// than [`RESUM_LIMIT`] questions (it keeps running sums, which may drift a hair).
    pub fn is_exact(&self) -> bool {
        self.questionnaire
            .domain_questions
            .iter()
            .all(|questions| questions.len() <= RESUM_LIMIT)
    }

    /// The answers as they stand.
    pub fn answers(&self) -> &[Option<AnswerValue>] {
        &self.answers
    }

    /// Per question: does it apply?
    pub fn applicable(&self) -> &[bool] {
        &self.applicable
    }

    /// The overall score.
    pub fn score(&self) -> Option<f64> {
        self.score
    }

    /// The number of red flags (raised by answers and by questionnaire flags).
    pub fn red_flag_count(&self) -> usize {
        crate::rule::Facts::red_flags(self, Severity::Low).0 as usize
    }

    /// Leaves questionnaire flag `flag` out of the red flags counted (`true`), or counts it
    /// again when raised (`false`).
    pub fn suppress_flag(&mut self, flag: usize, suppressed: bool) {
        self.suppressed[flag] = suppressed;
    }

    /// Is questionnaire flag `flag` raised by the answers as they stand (suppressed or not)?
    pub fn flag_raised(&self, flag: usize) -> bool {
        self.questionnaire.flags[flag].condition.holds(self)
    }

    /// Coverage, 0–1.
    pub fn coverage(&self) -> f64 {
        self.coverage
    }

    /// The score of one domain.
    pub fn domain_score(&self, domain: usize) -> Option<f64> {
        let (sum, weight, _, _, scored) = self.sums[domain];
        (scored > 0).then(|| percent_of(sum, weight))
    }

    /// Sets one answer (`None` = unanswered) and brings every total up to date.
    pub fn set(&mut self, position: usize, value: Option<AnswerValue>) {
        if self.applicable[position] {
            self.count(position, -1);
        }
        self.scores[position] = value
            .as_ref()
            .and_then(|value| answer_score(&self.questionnaire.questions[position], value));
        self.answers[position] = value;
        if self.applicable[position] {
            self.count(position, 1);
        }
        self.reapply(position);
        let mut touched = std::mem::take(&mut self.touched);
        touched.sort_unstable();
        touched.dedup();
        for domain in touched.drain(..) {
            self.resum(domain);
        }
        self.touched = touched;
        self.recompute_overall();
    }

    /// Re-checks the `when` of every question that depends on `position`, recursively.
    fn reapply(&mut self, position: usize) {
        let questions = &self.questionnaire.questions;
        for &dependent in &questions[position].dependents {
            let question = &questions[dependent];
            let now = applies(question, &self.applicable, |earlier| {
                self.answers[earlier].as_ref()
            });
            if now == self.applicable[dependent] {
                continue;
            }
            if self.applicable[dependent] {
                self.count(dependent, -1);
            }
            self.applicable[dependent] = now;
            if now {
                self.count(dependent, 1);
            }
            self.reapply(dependent);
        }
    }

    /// Adds (`sign` 1) or withdraws (−1) what an applicable question counts for.
    fn count(&mut self, position: usize, sign: i32) {
        let question = &self.questionnaire.questions[position];
        let domain = &mut self.sums[question.domain];
        let step = |count: &mut usize| {
            *count = if sign > 0 { *count + 1 } else { *count - 1 };
        };
        let Some(value) = &self.answers[position] else {
            if question.scored {
                step(&mut domain.3);
            }
            return;
        };
        if *value == AnswerValue::NotApplicable {
            return;
        }
        // Unscored questions count for no coverage (their signals and red flags count).
        if question.scored {
            step(&mut domain.3);
            step(&mut domain.2);
        }
        // `unknown` without a score of its own counts as answered but not scored.
        if let Some(score) = self.scores[position] {
            step(&mut domain.4);
            if self.questionnaire.domain_questions[question.domain].len() <= RESUM_LIMIT {
                // Added up again afterwards, exactly (see `resum`).
                self.touched.push(question.domain);
            } else {
                let weight = question.weight() * f64::from(sign);
                domain.0 += weight * score;
                domain.1 += weight;
                if domain.4 == 0 {
                    // Nothing scored left: start again from exact zeros.
                    domain.0 = 0.0;
                    domain.1 = 0.0;
                }
            }
        }
        let (counts, flags) = (&mut self.signal_counts, &mut self.red_flags);
        for_each_choice_id(question, value, |raised, red_flag| {
            for signal in raised {
                counts[*signal] = counts[*signal].wrapping_add_signed(sign);
            }
            if let Some(severity) = red_flag {
                let slot = &mut flags[severity as usize];
                *slot = slot.wrapping_add_signed(i64::from(sign));
            }
        });
    }

    fn recompute_overall(&mut self) {
        let (mut weighted, mut total_weight) = (0.0, 0.0);
        let (mut answered, mut applicable) = (0usize, 0usize);
        for (position, definition) in self.questionnaire.domains.iter().enumerate() {
            if let Some(score) = self.domain_score(position) {
                weighted += definition.weight * score;
                total_weight += definition.weight;
            }
            answered += self.sums[position].2;
            applicable += self.sums[position].3;
        }
        self.score = (total_weight > 0.0).then(|| (weighted / total_weight).clamp(0.0, 100.0));
        self.coverage = if applicable == 0 {
            1.0
        } else {
            answered as f64 / applicable as f64
        };
    }
}

impl crate::rule::Facts for Tally<'_> {
    fn score(&self) -> Span {
        Span::exact(self.score)
    }
    fn domain(&self, domain: usize) -> Span {
        Span::exact(self.domain_score(domain))
    }
    fn signal(&self, signal: usize) -> Truth {
        Truth::exact(
            self.signal_counts
                .get(signal)
                .is_some_and(|count| *count > 0),
        )
    }
    fn raisers(&self, signal: usize) -> u32 {
        self.signal_counts.get(signal).copied().unwrap_or(0)
    }
    fn red_flags(&self, at_least: Severity) -> (u64, u64) {
        let mut count: u64 = self.red_flags[at_least as usize..].iter().sum();
        for (position, flag) in self.questionnaire.flags.iter().enumerate() {
            if flag.severity >= at_least && !self.suppressed[position] && flag.condition.holds(self)
            {
                count += 1;
            }
        }
        (count, count)
    }
    fn coverage(&self) -> (f64, f64) {
        (self.coverage, self.coverage)
    }
    fn answer(&self, question: usize, options: &[usize]) -> Truth {
        Truth::exact(answered_with(
            self.applicable[question],
            self.answers[question].as_ref(),
            options,
        ))
    }
    fn not_chosen(&self, question: usize, options: &[usize]) -> Truth {
        Truth::exact(none_chosen(
            self.applicable[question],
            self.answers[question].as_ref(),
            options,
        ))
    }
    /// The consistency checks that hold, as [`evaluate`] finds them (a check reads the red
    /// flags, questionnaire flags included, and never counts contradictions itself).
    fn contradictions(&self) -> (u64, u64) {
        let count = self
            .questionnaire
            .consistency
            .iter()
            .filter(|check| check.condition.holds(self))
            .count() as u64;
        (count, count)
    }
}

/// `100 · part / whole`, kept within 0–100. Every term of a weighted mean of scores in 0–100
/// is within that range, so the exact result is too; floating-point rounding can still land a
/// hair outside (`100.00000000000001` for domain weights 0.1, 3.3, 3.3, 0.1, 0.01, all at 100),
/// and that must not reach a report or a rule threshold.
fn percent_of(part: f64, whole: f64) -> f64 {
    (100.0 * part / whole).clamp(0.0, 100.0)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_weighted_mean_of_full_marks_is_never_above_100() {
        let (mut weighted, mut total) = (0.0, 0.0);
        for weight in [0.1, 3.3, 3.3, 0.1, 0.01] {
            weighted += weight * 100.0;
            total += weight;
        }
        assert!(
            weighted / total > 100.0,
            "the rounding case this guards against"
        );
        assert_eq!(percent_of(weighted / 100.0, total), 100.0);
        let outcome_like = (weighted / total).clamp(0.0, 100.0);
        assert_eq!(outcome_like, 100.0);
    }

    use super::*;
    use crate::test_support::{answers, questionnaire};

    const KINDS: &str = r#"
format: mspcheck/questionnaire/1
id: kinds
version: 1.0.0
title: Kinds
domains:
  - { id: a, title: A, weight: 1 }
  - { id: b, title: B, weight: 3 }
questions:
  - id: a.yes
    domain: a
    text: Yes/no with defaults
    kind: yes_no
  - id: a.override
    domain: a
    text: Yes/no with an override
    kind: yes_no
    weight: 2
    options: [{ value: "no", score: 0.25, signals: [weak], red_flag: Weak answer }]
  - id: a.choice
    domain: a
    text: Choice
    kind: choice
    options: [{ value: low, score: 0.1 }, { value: high, score: 0.9, signals: [good] }]
  - id: b.multi
    domain: b
    text: Multi
    kind: multi
    when: { question: a.choice, in: [high] }
    options: [{ value: x, score: 0.5 }, { value: y, score: 0.75 }, { value: z, score: 0.1, red_flag: Z chosen }]
  - id: b.scale
    domain: b
    text: Scale
    kind: scale
    scale: { min: 1, max: 5 }
    allow_na: true
  - id: b.days
    domain: b
    text: Number
    kind: number
    unit: days
    bands: [{ up_to: 7, score: 1 }, { up_to: 30, score: 0.5, signals: [slow] }, { score: 0, red_flag: Very slow }]
classification:
  rules:
    - { class: amateur, if: {} }
"#;

    fn outcome(text: &str) -> Outcome {
        let questionnaire = questionnaire(KINDS);
        let answers = answers(&questionnaire, text).unwrap();
        let values: Vec<Option<&AnswerValue>> = answers
            .answers
            .iter()
            .map(|answer| answer.value.as_ref())
            .collect();
        evaluate(&questionnaire, &values)
    }

    fn header(body: &str) -> String {
        format!("format: mspcheck/answers/1\nquestionnaire: kinds\nprovider: P\nanswers:\n{body}")
    }

    #[test]
    fn yes_no_defaults_and_overrides() {
        let result = outcome(&header("  a.yes: yes\n  a.override: no\n"));
        // (1×1 + 2×0.25) / 3 = 0.5
        assert!((result.domains[0].score.unwrap() - 50.0).abs() < 1e-9);
        assert!(result.signals.contains("weak"));
        assert_eq!(result.red_flags.len(), 1);
        let result = outcome(&header("  a.yes: false\n  a.override: true\n"));
        assert!((result.domains[0].score.unwrap() - 200.0 / 3.0).abs() < 1e-9);
        assert!(result.red_flags.is_empty());
    }

    #[test]
    fn choice_scores_its_option_and_raises_its_signals() {
        let result = outcome(&header("  a.choice: high\n"));
        assert!((result.domains[0].score.unwrap() - 90.0).abs() < 1e-9);
        assert!(result.signals.contains("good"));
    }

    #[test]
    fn multi_sums_and_caps_at_one_and_counts_every_red_flag() {
        let result = outcome(&header("  a.choice: high\n  b.multi: [x, z]\n"));
        assert!((result.domains[1].score.unwrap() - 60.0).abs() < 1e-9);
        assert_eq!(result.red_flags.len(), 1);
        let result = outcome(&header("  a.choice: high\n  b.multi: [x, y, z]\n"));
        assert!((result.domains[1].score.unwrap() - 100.0).abs() < 1e-9);
        let result = outcome(&header("  a.choice: high\n  b.multi: []\n"));
        assert_eq!(result.domains[1].score, Some(0.0));
    }

    #[test]
    fn multi_is_inapplicable_when_its_when_fails_and_then_ignored() {
        let result = outcome(&header("  a.choice: low\n  b.multi: [z]\n"));
        assert!(!result.applicable[3]);
        assert!(result.red_flags.is_empty());
        assert_eq!(result.domains[1].applicable, 2);
    }

    #[test]
    fn scale_is_linear_between_min_and_max() {
        let result = outcome(&header("  b.scale: 4\n"));
        assert!((result.domains[1].score.unwrap() - 75.0).abs() < 1e-9);
    }

    #[test]
    fn number_takes_the_first_band_it_does_not_exceed() {
        for (days, expected, flags) in [
            (0.0, 100.0, 0),
            (7.0, 100.0, 0),
            (7.5, 50.0, 0),
            (30.0, 50.0, 0),
            (31.0, 0.0, 1),
        ] {
            let result = outcome(&header(&format!("  b.days: {days}\n")));
            assert!(
                (result.domains[1].score.unwrap() - expected).abs() < 1e-9,
                "{days}"
            );
            assert_eq!(result.red_flags.len(), flags, "{days}");
        }
    }

    #[test]
    fn na_is_excluded_from_score_and_coverage() {
        let result = outcome(&header("  b.scale: na\n  b.days: 3\n"));
        assert_eq!(result.domains[1].applicable, 1);
        assert_eq!(result.domains[1].answered, 1);
        assert!((result.domains[1].score.unwrap() - 100.0).abs() < 1e-9);
    }

    #[test]
    fn overall_is_weighted_by_domain_and_skips_domains_without_score() {
        let result = outcome(&header("  a.yes: yes\n"));
        assert_eq!(result.domains[1].score, None);
        assert!((result.score.unwrap() - 100.0).abs() < 1e-9);
        let result = outcome(&header("  a.yes: yes\n  b.days: 100\n"));
        // (1×100 + 3×0) / 4
        assert!((result.score.unwrap() - 25.0).abs() < 1e-9);
        assert!((result.coverage - 2.0 / 5.0).abs() < 1e-9);
    }

    const UNKNOWNS: &str = r#"
format: mspcheck/questionnaire/1
id: unknowns
version: 1.0.0
title: Unknowns
domains:
  - { id: a, title: A, weight: 1 }
  - { id: b, title: B, weight: 1 }
questions:
  - { id: a.plain, domain: a, text: Plain, kind: yes_no, allow_unknown: true }
  - id: a.scored
    domain: a
    text: Scored unknown
    kind: choice
    allow_unknown: true
    unknown: { label: Nobody knows, score: 0.25, signals: [blind], red_flag: Nobody knows }
    options: [{ value: good, score: 1 }, { value: bad, score: 0 }]
  - id: b.tools
    domain: b
    text: Tools
    kind: multi
    allow_unknown: true
    options:
      - { value: edr, score: 0.5 }
      - { value: siem, score: 0.5 }
      - { value: none, score: 0, exclusive: true, red_flag: No tools }
classification:
  rules:
    - { class: pseudo, if: { signals_any: [blind] } }
    - { class: amateur, if: {} }
"#;

    fn unknown_outcome(body: &str) -> Outcome {
        let questionnaire = questionnaire(UNKNOWNS);
        let text = format!(
            "format: mspcheck/answers/1\nquestionnaire: unknowns\nprovider: P\nanswers:\n{body}"
        );
        let answers = answers(&questionnaire, &text).unwrap();
        let values: Vec<Option<&AnswerValue>> = answers
            .answers
            .iter()
            .map(|answer| answer.value.as_ref())
            .collect();
        evaluate(&questionnaire, &values)
    }

    #[test]
    fn unknown_without_score_counts_as_answered_but_is_left_out_of_the_score() {
        let result = unknown_outcome("  a.plain: unknown\n  a.scored: good\n");
        assert_eq!(result.domains[0].answered, 2);
        assert_eq!(result.domains[0].applicable, 2);
        // Only `a.scored` is scored: 1 × 1 / 1.
        assert!((result.domains[0].score.unwrap() - 100.0).abs() < 1e-9);
        assert!((result.coverage - 2.0 / 3.0).abs() < 1e-9);
        assert!(result.red_flags.is_empty());
    }

    #[test]
    fn a_domain_answered_only_with_unscored_unknown_has_no_score() {
        let result = unknown_outcome("  b.tools: unknown\n");
        assert_eq!(result.domains[1].answered, 1);
        assert_eq!(result.domains[1].score, None);
        assert_eq!(result.score, None);
    }

    #[test]
    fn unknown_with_a_score_scores_it_and_raises_its_signals_and_red_flag() {
        let result = unknown_outcome("  a.plain: yes\n  a.scored: unknown\n");
        // (1 × 1 + 1 × 0.25) / 2
        assert!((result.domains[0].score.unwrap() - 62.5).abs() < 1e-9);
        assert!(result.signals.contains("blind"));
        assert_eq!(result.red_flags.len(), 1);
        assert_eq!(result.red_flags[0].message, "Nobody knows");
    }

    #[test]
    fn signals_of_unknown_are_seen_by_the_rules() {
        // The rules read `signal_counts`, not `signals`: an `unknown` that raises a signal
        // must be counted there too.
        let questionnaire = questionnaire(UNKNOWNS);
        let blind = questionnaire
            .signals
            .iter()
            .position(|signal| signal == "blind")
            .unwrap();
        let result = unknown_outcome("  a.scored: unknown\n");
        assert_eq!(result.signal_counts[blind], 1);
        let result = unknown_outcome("  a.scored: good\n");
        assert_eq!(result.signal_counts[blind], 0);
    }

    #[test]
    fn an_exclusive_option_alone_is_valid_and_scores_as_written() {
        let result = unknown_outcome("  b.tools: [none]\n");
        assert_eq!(result.domains[1].score, Some(0.0));
        assert_eq!(result.red_flags.len(), 1);
    }

    #[test]
    fn an_exclusive_option_combined_with_others_is_refused_at_the_item() {
        let questionnaire = questionnaire(UNKNOWNS);
        let text = "format: mspcheck/answers/1\nquestionnaire: unknowns\nprovider: P\nanswers:\n  b.tools: [edr, none, siem]\n";
        let problems = answers(&questionnaire, text).unwrap_err();
        assert_eq!(problems.len(), 1);
        let problem = &problems[0];
        assert_eq!(problem.code, crate::diagnostic::Code::ExclusiveOption);
        let location = problem.location.as_ref().unwrap();
        assert_eq!((location.line, location.column), (5, 18));
        assert!(problem.message.contains("`none`"), "{}", problem.message);
    }

    #[test]
    fn unknown_is_refused_where_the_question_does_not_allow_it() {
        let questionnaire = questionnaire(KINDS);
        let problems = answers(&questionnaire, &header("  a.yes: unknown\n")).unwrap_err();
        assert_eq!(problems[0].code, crate::diagnostic::Code::UnknownNotAllowed);
        let location = problems[0].location.as_ref().unwrap();
        assert_eq!((location.line, location.column), (5, 10));
    }

    const CONTRADICTING: &str = r#"
format: mspcheck/questionnaire/1
id: contradicting
version: 1.0.0
title: Contradicting
domains: [{ id: a, title: A, weight: 1 }]
questions:
  - { id: fee, domain: a, text: Fee, kind: choice, options: [{ value: flat, score: 1 }, { value: hourly, score: 0 }] }
  - { id: fixes, domain: a, text: Fixes, kind: choice, options: [{ value: included, score: 1 }, { value: billed, score: 1 }] }
  - { id: when.fixed, domain: a, text: Later, kind: multi, when: { question: fee, in: [hourly] }, options: [{ value: x, score: 1 }, { value: y, score: 1 }] }
consistency:
  - id: flat_but_billed
    message: Flat fee, yet fixes are billed.
    ask: Which fixes are billed?
    if: { all: [{ answer: { question: fee, in: [flat] } }, { answer: { question: fixes, in: [billed] } }] }
  - id: inapplicable
    message: Tests a question that may not apply.
    ask: Why?
    if: { answer: { question: when.fixed, in: [y] } }
classification:
  rules:
    - { class: mature, if: { score_at_least: 90, contradictions_at_most: 0 } }
    - { class: pseudo, if: { contradictions_at_least: 1 } }
    - { class: amateur, if: {} }
"#;

    /// The `contradicting` questionnaire and the answers `body` (lines of `id: value`) gives.
    fn contradicting_answers(body: &str) -> (ValidQuestionnaire, Vec<Option<AnswerValue>>) {
        let questionnaire = questionnaire(CONTRADICTING);
        let text = format!(
            "format: mspcheck/answers/1\nquestionnaire: contradicting\nprovider: P\nanswers:\n{body}"
        );
        let answers = answers(&questionnaire, &text).unwrap();
        let values = answers
            .answers
            .iter()
            .map(|answer| answer.value.clone())
            .collect();
        (questionnaire, values)
    }

    fn contradicting(body: &str) -> (Outcome, crate::model::questionnaire::Class) {
        let (questionnaire, values) = contradicting_answers(body);
        let borrowed: Vec<Option<&AnswerValue>> = values.iter().map(Option::as_ref).collect();
        let outcome = evaluate(&questionnaire, &borrowed);
        let class = crate::classify::class_of(&questionnaire, &outcome);
        (outcome, class)
    }

    #[test]
    fn a_contradiction_is_found_only_when_every_answer_test_holds_and_rules_count_it() {
        use crate::model::questionnaire::Class;
        let (outcome, class) = contradicting("  fee: flat\n  fixes: included\n");
        assert!(outcome.contradictions.is_empty());
        assert_eq!(class, Class::Mature);
        let (outcome, class) = contradicting("  fee: flat\n  fixes: billed\n");
        assert_eq!(outcome.contradictions, vec![0]);
        // Same score (both answers score 1), but the contradiction holds it back.
        assert_eq!(outcome.score, Some(100.0));
        assert_eq!(class, Class::Pseudo);
    }

    #[test]
    fn a_tally_counts_contradictions_as_a_fresh_evaluation_does() {
        // The tally once counted none for certain (the default "anything"), so the roadmap
        // and the range's witness could not see a rule on contradictions hold or fail.
        for body in [
            "  fee: flat\n  fixes: included\n",
            "  fee: flat\n  fixes: billed\n",
            "  fee: hourly\n  fixes: billed\n  when.fixed: [y]\n",
            "",
        ] {
            let (outcome, class) = contradicting(body);
            let (questionnaire, values) = contradicting_answers(body);
            let tally = Tally::new(&questionnaire, values);
            let count = outcome.contradictions.len() as u64;
            assert_eq!(
                crate::rule::Facts::contradictions(&tally),
                (count, count),
                "{body}"
            );
            assert_eq!(
                crate::classify::class_of(&questionnaire, &tally),
                class,
                "{body}"
            );
        }
    }

    #[test]
    fn an_answer_test_on_an_inapplicable_or_unanswered_question_does_not_hold() {
        let (outcome, _) = contradicting("  fee: flat\n  when.fixed: [y]\n");
        assert!(!outcome.applicable[2]);
        assert!(outcome.contradictions.is_empty());
        let (outcome, _) = contradicting("  fee: hourly\n");
        assert!(outcome.contradictions.is_empty());
        let (outcome, _) = contradicting("  fee: hourly\n  when.fixed: [x, y]\n");
        assert_eq!(outcome.contradictions, vec![1]);
    }

    #[test]
    fn nothing_answered_has_no_score_and_zero_coverage() {
        let result = outcome(&header("  {}\n").replace("answers:\n  {}\n", "answers: {}\n"));
        assert_eq!(result.score, None);
        assert_eq!(result.coverage, 0.0);
    }

    const VENDOR: &str = include_str!("../tests/fixtures/fields/questionnaire.yaml");

    fn vendor_answers(
        body: &str,
    ) -> Result<crate::validate::ValidAnswers, Vec<crate::diagnostic::Diagnostic>> {
        let questionnaire = questionnaire(VENDOR);
        answers(
            &questionnaire,
            &format!("format: mspcheck/answers/1\nquestionnaire: vendor-app\nprovider: P\nanswers:\n{body}"),
        )
    }

    #[test]
    fn text_answers_are_kept_as_written_and_blank_ones_are_unanswered() {
        let valid = vendor_answers("  app.name: \"Portal: uploads # and more\"\n  app.standard:\n    answer: na\n    note: they said so\n  ops.contact: \"   \"\n").unwrap();
        assert_eq!(
            valid.answers[0].value,
            Some(AnswerValue::Text("Portal: uploads # and more".into()))
        );
        // `na` is text on a text question (it cannot allow `na`).
        assert_eq!(valid.answers[5].value, Some(AnswerValue::Text("na".into())));
        assert_eq!(valid.answers[5].note.as_deref(), Some("they said so"));
        assert_eq!(valid.answers[7].value, None);
    }

    #[test]
    fn a_text_answer_over_max_length_is_refused_at_the_answer_with_limit_and_length() {
        let long = "é".repeat(121);
        let problems =
            vendor_answers(&format!("  app.name: {long}\n  app.standard: [a, b]\n")).unwrap_err();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert_eq!(problems[0].code, crate::diagnostic::Code::TextTooLong);
        assert_eq!(problems[0].location.as_ref().unwrap().line, 5);
        assert_eq!(problems[0].location.as_ref().unwrap().column, 13);
        assert!(
            problems[0].message.contains("121 characters"),
            "{}",
            problems[0].message
        );
        assert!(
            problems[0].message.contains("`max_length` is 120"),
            "{}",
            problems[0].message
        );
        assert_eq!(problems[1].code, crate::diagnostic::Code::WrongType);
        // Exactly the limit, counted in characters, not bytes, is fine.
        assert!(vendor_answers(&format!("  app.name: {}\n", "é".repeat(120))).is_ok());
        // A number is refused rather than silently turned into text ("2.10" → 2.1).
        let problems = vendor_answers("  app.standard: 2.10\n").unwrap_err();
        assert_eq!(problems[0].code, crate::diagnostic::Code::WrongType);
        assert!(
            problems[0].help.as_deref().unwrap().contains("quoted"),
            "{problems:?}"
        );
    }

    #[test]
    fn context_questions_gate_follow_ups_and_raise_signals_but_score_nothing() {
        let questionnaire = questionnaire(VENDOR);
        let valid = vendor_answers(
            "  app.uploads: yes\n  app.data: special\n  app.upload_checks: [none]\n",
        )
        .unwrap();
        let values: Vec<Option<&AnswerValue>> = valid.values();
        let result = evaluate(&questionnaire, &values);
        assert!(
            result.applicable[3],
            "the context answer opens the upload checks"
        );
        assert!(result.applicable[7], "and the incident contact");
        assert!(result.signals.contains("sensitive_data"));
        assert_eq!(result.red_flags.len(), 1);
        assert_eq!(result.domains[0].score, None);
        assert_eq!(
            (result.domains[0].answered, result.domains[0].applicable),
            (0, 0)
        );
        // Answered: upload checks; unanswered and scored: TLS review, patch days.
        assert!((result.coverage - 1.0 / 3.0).abs() < 1e-9);
        let closed = vendor_answers("  app.uploads: no\n  app.upload_checks: [none]\n").unwrap();
        let result = evaluate(&questionnaire, &closed.values());
        assert!(!result.applicable[3]);
        assert!(result.red_flags.is_empty());
        // A tally kept one answer at a time agrees.
        let mut tally = Tally::new(&questionnaire, vec![None; questionnaire.questions.len()]);
        for (position, value) in [
            (1, Some(AnswerValue::Option(0))),
            (3, Some(AnswerValue::Options(vec![2]))),
            (0, Some(AnswerValue::Text("x".into()))),
            (2, Some(AnswerValue::Option(2))),
            (4, Some(AnswerValue::Option(1))),
            (1, Some(AnswerValue::Option(1))),
        ] {
            tally.set(position, value);
            let borrowed: Vec<Option<&AnswerValue>> =
                tally.answers().iter().map(Option::as_ref).collect();
            let fresh = evaluate(&questionnaire, &borrowed);
            assert_eq!(tally.coverage(), fresh.coverage);
            assert_eq!(tally.score(), fresh.score);
            assert_eq!(tally.red_flag_count(), fresh.red_flags.len());
        }
    }

    #[test]
    fn a_tally_changed_one_answer_at_a_time_equals_a_fresh_evaluation() {
        let questionnaire = questionnaire(KINDS);
        let mut tally = Tally::new(&questionnaire, vec![None; questionnaire.questions.len()]);
        let steps = [
            (2, Some(AnswerValue::Option(1))),
            (3, Some(AnswerValue::Options(vec![0, 2]))),
            (5, Some(AnswerValue::Number(40.0))),
            (0, Some(AnswerValue::Option(0))),
            (2, Some(AnswerValue::Option(0))),
            (4, Some(AnswerValue::NotApplicable)),
            (2, Some(AnswerValue::Option(1))),
            (5, None),
        ];
        for (position, value) in steps {
            tally.set(position, value);
            let borrowed: Vec<Option<&AnswerValue>> =
                tally.answers().iter().map(Option::as_ref).collect();
            let fresh = evaluate(&questionnaire, &borrowed);
            // Exactly equal, not close: a threshold sits between two neighbouring numbers.
            assert_eq!(tally.score(), fresh.score);
            assert_eq!(tally.applicable(), fresh.applicable.as_slice());
            assert_eq!(tally.coverage(), fresh.coverage);
            assert_eq!(tally.red_flag_count(), fresh.red_flags.len());
            assert_eq!(tally.signal_counts, fresh.signal_counts);
            for (domain, expected) in fresh.domains.iter().enumerate() {
                assert_eq!(tally.domain_score(domain), expected.score);
                assert_eq!(tally.sums[domain].2, expected.answered);
                assert_eq!(tally.sums[domain].3, expected.applicable);
            }
        }
    }

    #[test]
    fn thousands_of_changes_leave_a_tally_bit_for_bit_equal_to_a_fresh_evaluation() {
        // The roadmap's search changes and undoes answers thousands of times on one tally;
        // sums kept by adding and withdrawing drifted, so a domain at 80.000000001 in the
        // search was 79.99999999 scored afresh, and a path that "reached" mature did not.
        let loaded = crate::load::Catalog::default().load_named("msp").unwrap();
        let questionnaire = &loaded.questionnaire;
        let mut tally = Tally::new(questionnaire, vec![None; questionnaire.questions.len()]);
        let mut random = crate::test_support::Lcg(7);
        for step in 0..3_000 {
            let state = random.next();
            let position = (state >> 33) as usize % questionnaire.questions.len();
            let question = &questionnaire.questions[position];
            let mut choices = crate::roadmap::candidates(question, None);
            choices.push(AnswerValue::NotApplicable);
            let pick = (state >> 17) as usize % (choices.len() + 1);
            let value = choices.get(pick).cloned();
            if value == Some(AnswerValue::NotApplicable) && !question.definition.allow_na {
                continue;
            }
            tally.set(position, value);
            let borrowed: Vec<Option<&AnswerValue>> =
                tally.answers().iter().map(Option::as_ref).collect();
            let fresh = evaluate(questionnaire, &borrowed);
            assert_eq!(tally.score(), fresh.score, "after {step} changes");
            for (domain, expected) in fresh.domains.iter().enumerate() {
                assert_eq!(
                    tally.domain_score(domain),
                    expected.score,
                    "after {step} changes"
                );
            }
        }
    }

    const GATED: &str = r#"
format: mspcheck/questionnaire/1
id: gated
version: 1.0.0
title: Gated
domains: [{ id: d, title: D, weight: 1 }]
questions:
  - { id: a, domain: d, text: A, kind: yes_no }
  - { id: b, domain: d, text: B, kind: multi, options: [{ value: x, score: 1 }, { value: y, score: 0 }] }
  - id: c
    domain: d
    text: C
    kind: yes_no
    options: [{ value: "no", score: 0, red_flag: C missing, severity: medium }]
    when: { any: [{ question: a, in: [yes] }, { all: [{ question: b, in: [x] }, { not: { question: a, in: [no] } }] }] }
classification:
  rules: [{ class: amateur, if: {} }]
"#;

    #[test]
    fn compound_when_decides_applicability_and_the_tally_follows() {
        let questionnaire = questionnaire(GATED);
        let case = |text: &str| {
            let answers = answers(
                &questionnaire,
                &format!("format: mspcheck/answers/1\nquestionnaire: gated\nprovider: P\nanswers:\n{text}"),
            )
            .unwrap();
            answers
                .answers
                .iter()
                .map(|answer| answer.value.clone())
                .collect::<Vec<_>>()
        };
        for (text, applies) in [
            ("  a: yes\n", true),
            ("  a: no\n  b: [x]\n", false),
            // `not` of an unanswered gate holds.
            ("  b: [x]\n", true),
            ("  b: [y]\n", false),
            ("  a: no\n", false),
        ] {
            let values = case(text);
            let borrowed: Vec<Option<&AnswerValue>> = values.iter().map(Option::as_ref).collect();
            assert_eq!(
                applicability(&questionnaire, &borrowed)[2],
                applies,
                "{text}"
            );
            let mut tally = Tally::new(&questionnaire, vec![None; 3]);
            for (position, value) in values.iter().enumerate() {
                tally.set(position, value.clone());
            }
            assert_eq!(tally.applicable()[2], applies, "{text}");
        }
        // A red flag under the gate counts only while the gate is open, with its severity.
        let mut tally = Tally::new(&questionnaire, case("  a: yes\n  c: no\n"));
        assert_eq!(tally.red_flag_count(), 1);
        assert_eq!(
            crate::rule::Facts::red_flags(&tally, Severity::High),
            (0, 0)
        );
        assert_eq!(
            crate::rule::Facts::red_flags(&tally, Severity::Medium),
            (1, 1)
        );
        tally.set(0, Some(AnswerValue::Option(1)));
        assert_eq!(tally.red_flag_count(), 0);
    }
}
