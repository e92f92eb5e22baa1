//! What to change, best first: the smallest set of answer changes that lifts the provider to
//! the next class worth having, found by search over answer changes (exhaustive for one and
//! two changes, then a beam search), followed by the single changes that raise the score most.
//! Also the best and worst case when answers are missing.

use crate::classify::{class_of, holds};
use crate::model::questionnaire::{Class, Condition, Kind};
use crate::score::{answer_score, band_index, evaluate, Outcome};
use crate::validate::{AnswerValue, ValidQuestion, ValidQuestionnaire};

/// One proposed answer change.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// Question index.
    pub question: usize,
    /// The current answer (`None` = unanswered).
    pub from: Option<AnswerValue>,
    /// The proposed answer.
    pub to: AnswerValue,
    /// Overall score gained by this change (after the changes before it in a path).
    pub gain: f64,
    /// The class after this change (and those before it in a path).
    pub class_after: Class,
}

/// The roadmap: a path to the target class, then further score gains.
#[derive(Debug, Clone, PartialEq)]
pub struct Roadmap {
    /// The class aimed at (`None` when already mature).
    pub target: Option<Class>,
    /// The smallest set of changes found that reaches `target`, in the order to apply them.
    pub path: Vec<Change>,
    /// Single changes with the largest score gains, not already in `path`.
    pub gains: Vec<Change>,
}

type Answers = Vec<Option<AnswerValue>>;

fn borrowed(answers: &Answers) -> Vec<Option<&AnswerValue>> {
    answers.iter().map(Option::as_ref).collect()
}

fn run(questionnaire: &ValidQuestionnaire, answers: &Answers) -> (Outcome, Class) {
    let outcome = evaluate(questionnaire, &borrowed(answers));
    let class = class_of(questionnaire, &outcome);
    (outcome, class)
}

/// The answers a question could be changed to, other than `current` (never `na`).
pub fn candidates(question: &ValidQuestion, current: Option<&AnswerValue>) -> Vec<AnswerValue> {
    let mut result = Vec::new();
    match question.kind() {
        Kind::YesNo | Kind::Choice => {
            for option in 0..question.options.len() {
                result.push(AnswerValue::Option(option));
            }
        }
        Kind::Multi => {
            let chosen: Vec<usize> = match current {
                Some(AnswerValue::Options(options)) => options.clone(),
                _ => Vec::new(),
            };
            for option in 0..question.options.len() {
                let mut next = chosen.clone();
                if let Some(position) = next.iter().position(|existing| *existing == option) {
                    next.remove(position);
                } else if question.options[option].exclusive {
                    // An exclusive option ("none of these") replaces every other choice.
                    next = vec![option];
                } else {
                    // Adding a real answer drops choices worth nothing, such as "none of these",
                    // and every exclusive one.
                    next.retain(|existing| !question.options[*existing].exclusive);
                    if question.options[option].score > 0.0 {
                        next.retain(|existing| question.options[*existing].score > 0.0);
                    }
                    next.push(option);
                    next.sort_unstable();
                }
                result.push(AnswerValue::Options(next));
            }
            let clean: Vec<usize> = (0..question.options.len())
                .filter(|option| {
                    let option = &question.options[*option];
                    option.red_flag.is_none()
                        && option.signals.is_empty()
                        && option.score > 0.0
                        && !option.exclusive
                })
                .collect();
            result.push(AnswerValue::Options(clean));
        }
        Kind::Scale => {
            let (min, max) = question.scale_range();
            if max - min <= 10 {
                result.extend((min..=max).map(AnswerValue::Integer));
            } else {
                result.extend([min, min + (max - min) / 2, max].map(AnswerValue::Integer));
            }
        }
        Kind::Number => {
            let bands = &question.definition.bands;
            let mut previous: Option<f64> = None;
            for band in bands {
                let value = match (band.up_to, previous) {
                    (Some(up_to), _) => up_to,
                    (None, Some(before)) => before.floor() + 1.0,
                    (None, None) => 0.0,
                };
                result.push(AnswerValue::Number(value));
                previous = band.up_to;
            }
        }
    }
    let floor = current
        .and_then(|value| answer_score(question, value))
        .unwrap_or(0.0);
    result.retain(|candidate| {
        Some(candidate) != current
            && !is_same_band(question, current, candidate)
            && answer_score(question, candidate).unwrap_or(0.0) >= floor
    });
    result.dedup();
    result
}

fn is_same_band(
    question: &ValidQuestion,
    current: Option<&AnswerValue>,
    candidate: &AnswerValue,
) -> bool {
    match (current, candidate) {
        (Some(AnswerValue::Number(now)), AnswerValue::Number(next)) => {
            band_index(question, *now) == band_index(question, *next)
        }
        _ => false,
    }
}

/// How far `condition` is from holding: 0 when it holds, larger the further away.
fn distance(condition: &Condition, questionnaire: &ValidQuestionnaire, outcome: &Outcome) -> f64 {
    let mut total = 0.0;
    let score = outcome.score.unwrap_or(0.0);
    if let Some(threshold) = condition.score_at_least {
        total +=
            (threshold - score).max(0.0) / 10.0 + if outcome.score.is_none() { 1.0 } else { 0.0 };
    }
    if let Some(threshold) = condition.score_below {
        total +=
            (score - threshold).max(0.0) / 10.0 + if outcome.score.is_none() { 1.0 } else { 0.0 };
        if outcome.score.is_some_and(|score| score >= threshold) {
            total += 0.1;
        }
    }
    for (domains, at_least) in [
        (&condition.domain_at_least, true),
        (&condition.domain_below, false),
    ] {
        for (id, threshold) in domains.iter().flatten() {
            let domain = questionnaire
                .domain_index(id)
                .and_then(|position| outcome.domains[position].score);
            total += match domain {
                None => 1.0,
                Some(value) if at_least => {
                    (threshold - value).max(0.0) / 10.0 + if value < *threshold { 0.1 } else { 0.0 }
                }
                Some(value) => {
                    (value - threshold).max(0.0) / 10.0
                        + if value >= *threshold { 0.1 } else { 0.0 }
                }
            };
        }
    }
    let raised = |signal: &String| outcome.signals.contains(signal);
    if let Some(signals) = &condition.signals_any {
        total += if signals.iter().any(raised) { 0.0 } else { 1.0 };
    }
    if let Some(signals) = &condition.signals_all {
        total += signals.iter().filter(|signal| !raised(signal)).count() as f64;
    }
    if let Some(signals) = &condition.signals_none {
        total += signals.iter().filter(|signal| raised(signal)).count() as f64;
    }
    let flags = outcome.red_flags.len() as f64;
    if let Some(minimum) = condition.red_flags_at_least {
        total += (minimum as f64 - flags).max(0.0);
    }
    if let Some(maximum) = condition.red_flags_at_most {
        total += (flags - maximum as f64).max(0.0);
    }
    if let Some(threshold) = condition.coverage_at_least {
        total += (threshold - outcome.coverage).max(0.0) * 10.0;
    }
    if let Some(list) = &condition.all {
        total += list
            .iter()
            .map(|inner| distance(inner, questionnaire, outcome))
            .sum::<f64>();
    }
    if let Some(list) = &condition.any {
        total += list
            .iter()
            .map(|inner| distance(inner, questionnaire, outcome))
            .fold(f64::INFINITY, f64::min)
            .min(1e6);
    }
    if let Some(inner) = &condition.not {
        total += if holds(inner, questionnaire, outcome) {
            1.0
        } else {
            0.0
        };
    }
    if let Some(at_least) = &condition.at_least {
        let mut distances: Vec<f64> = at_least
            .of
            .iter()
            .map(|inner| distance(inner, questionnaire, outcome))
            .collect();
        distances.sort_by(f64::total_cmp);
        total += distances.iter().take(at_least.count as usize).sum::<f64>();
    }
    total
}

/// How far the outcome is from being classified `target` or better.
fn distance_to_class(questionnaire: &ValidQuestionnaire, outcome: &Outcome, target: Class) -> f64 {
    let mut blocking = 0.0;
    let mut best = f64::INFINITY;
    for rule in &questionnaire.rules {
        if rule.class >= target {
            best = best.min(blocking + distance(&rule.condition, questionnaire, outcome));
        } else if holds(&rule.condition, questionnaire, outcome) {
            blocking += 1.0;
        }
    }
    best
}

#[derive(Clone)]
struct State {
    answers: Answers,
    changed: Vec<(usize, AnswerValue)>,
    distance: f64,
    score: f64,
    class: Class,
}

/// Computes the roadmap for `answers`. An amateur aims at mature, not pseudo: becoming a
/// pseudo MSP (a monthly fee over break/fix work) is no progress.
pub fn roadmap(questionnaire: &ValidQuestionnaire, answers: &Answers, further: usize) -> Roadmap {
    let (outcome, class) = run(questionnaire, answers);
    let target = match class {
        Class::Mature => None,
        _ => Some(Class::Mature),
    };
    let singles = single_changes(questionnaire, answers, &outcome, class);
    let path = match target {
        Some(target) => find_path(questionnaire, answers, &outcome, target),
        None => Vec::new(),
    };
    let in_path: Vec<usize> = path.iter().map(|change| change.question).collect();
    let gains = singles
        .into_iter()
        .filter(|change| !in_path.contains(&change.question) && change.gain > 1e-9)
        .take(further)
        .collect();
    Roadmap {
        target,
        path,
        gains,
    }
}

/// The best single change per question, ranked by class reached, then score gained.
pub fn single_changes(
    questionnaire: &ValidQuestionnaire,
    answers: &Answers,
    outcome: &Outcome,
    class: Class,
) -> Vec<Change> {
    let base = outcome.score.unwrap_or(0.0);
    let mut result: Vec<Change> = Vec::new();
    for (position, question) in questionnaire.questions.iter().enumerate() {
        if !changeable(outcome, answers, position) {
            continue;
        }
        let mut best: Option<Change> = None;
        for candidate in candidates(question, answers[position].as_ref()) {
            let mut trial = answers.clone();
            trial[position] = Some(candidate.clone());
            let (after, class_after) = run(questionnaire, &trial);
            let gain = after.score.unwrap_or(0.0) - base;
            let change = Change {
                question: position,
                from: answers[position].clone(),
                to: candidate,
                gain,
                class_after,
            };
            let better = match &best {
                None => true,
                Some(current) => {
                    (change.class_after, change.gain) > (current.class_after, current.gain)
                }
            };
            if better {
                best = Some(change);
            }
        }
        if let Some(change) = best {
            if change.gain > 1e-9 || change.class_after > class {
                result.push(change);
            }
        }
    }
    result.sort_by(|left, right| {
        right
            .class_after
            .cmp(&left.class_after)
            .then(right.gain.total_cmp(&left.gain))
            .then(left.question.cmp(&right.question))
    });
    result
}

/// A question can be changed when it applies and was not answered `na` (turning `na` into
/// an answer would game the score, not improve the provider).
fn changeable(outcome: &Outcome, answers: &Answers, position: usize) -> bool {
    outcome.applicable[position] && answers[position] != Some(AnswerValue::NotApplicable)
}

fn expand(questionnaire: &ValidQuestionnaire, state: &State, target: Class) -> Vec<State> {
    let outcome = evaluate(questionnaire, &borrowed(&state.answers));
    let mut next = Vec::new();
    for (position, question) in questionnaire.questions.iter().enumerate() {
        if !changeable(&outcome, &state.answers, position) {
            continue;
        }
        for candidate in candidates(question, state.answers[position].as_ref()) {
            let mut answers = state.answers.clone();
            answers[position] = Some(candidate.clone());
            let mut changed = state.changed.clone();
            record(&mut changed, position, candidate);
            answer_follow_ups(
                questionnaire,
                &outcome.applicable,
                &mut answers,
                &mut changed,
            );
            let (after, class) = run(questionnaire, &answers);
            next.push(State {
                distance: if class >= target {
                    0.0
                } else {
                    distance_to_class(questionnaire, &after, target)
                },
                score: after.score.unwrap_or(0.0),
                class,
                answers,
                changed,
            });
        }
    }
    next
}

/// A change can make follow-up questions apply (their `when` now holds); they are answered
/// at their best as part of the same move, since a roadmap step must leave no new gap.
fn answer_follow_ups(
    questionnaire: &ValidQuestionnaire,
    before: &[bool],
    answers: &mut Answers,
    changed: &mut Vec<(usize, AnswerValue)>,
) {
    let after = crate::score::applicability(questionnaire, &borrowed(answers));
    for position in 0..questionnaire.questions.len() {
        if after[position] && !before[position] && answers[position].is_none() {
            if let Some(best) = extreme_answer(&questionnaire.questions[position], true) {
                answers[position] = Some(best.clone());
                record(changed, position, best);
            }
        }
    }
}

/// Records a change; a question changed again keeps only its latest answer.
fn record(changed: &mut Vec<(usize, AnswerValue)>, position: usize, value: AnswerValue) {
    match changed
        .iter_mut()
        .find(|(existing, _)| *existing == position)
    {
        Some(entry) => entry.1 = value,
        None => changed.push((position, value)),
    }
}

fn answers_key(answers: &Answers) -> String {
    format!("{answers:?}")
}

const BEAM_WIDTH: usize = 6;

fn find_path(
    questionnaire: &ValidQuestionnaire,
    answers: &Answers,
    outcome: &Outcome,
    target: Class,
) -> Vec<Change> {
    let start = State {
        answers: answers.clone(),
        changed: Vec::new(),
        distance: distance_to_class(questionnaire, outcome, target),
        score: outcome.score.unwrap_or(0.0),
        class: class_of(questionnaire, outcome),
    };
    // One change, then every pair: exhaustive, so small fixes are truly minimal.
    let firsts = expand(questionnaire, &start, target);
    if let Some(found) = best_reaching(&firsts, target) {
        return into_changes(questionnaire, answers, &found.changed);
    }
    let mut pair: Option<State> = None;
    for first in &firsts {
        for second in expand(questionnaire, first, target) {
            if second.class >= target && pair.as_ref().is_none_or(|best| second.score > best.score)
            {
                pair = Some(second);
            }
        }
    }
    if let Some(found) = pair {
        return into_changes(questionnaire, answers, &found.changed);
    }
    // Larger sets: beam search on the distance to the target, then drop what is not needed.
    let mut beam = firsts;
    for _ in 1..questionnaire.questions.len().min(200) {
        beam.sort_by(|left, right| {
            left.distance
                .total_cmp(&right.distance)
                .then(right.score.total_cmp(&left.score))
        });
        let mut seen = std::collections::HashSet::new();
        beam.retain(|state| seen.insert(answers_key(&state.answers)));
        beam.truncate(BEAM_WIDTH);
        if beam.is_empty() {
            return Vec::new();
        }
        let next: Vec<State> = beam
            .iter()
            .flat_map(|state| expand(questionnaire, state, target))
            .collect();
        if let Some(found) = best_reaching(&next, target) {
            let pruned = prune(questionnaire, answers, found.changed.clone(), target);
            return into_changes(questionnaire, answers, &pruned);
        }
        beam = next;
    }
    Vec::new()
}

fn best_reaching(states: &[State], target: Class) -> Option<State> {
    states
        .iter()
        .filter(|state| state.class >= target)
        .max_by(|left, right| left.score.total_cmp(&right.score))
        .cloned()
}

fn apply(answers: &Answers, changes: &[(usize, AnswerValue)]) -> Answers {
    let mut result = answers.clone();
    for (position, value) in changes {
        result[*position] = Some(value.clone());
    }
    result
}

/// Removes changes the target class does not need.
fn prune(
    questionnaire: &ValidQuestionnaire,
    answers: &Answers,
    mut changes: Vec<(usize, AnswerValue)>,
    target: Class,
) -> Vec<(usize, AnswerValue)> {
    let mut position = 0;
    while position < changes.len() {
        let mut without = changes.clone();
        without.remove(position);
        if run(questionnaire, &apply(answers, &without)).1 >= target {
            changes = without;
        } else {
            position += 1;
        }
    }
    changes
}

/// Orders a change set by what each change gains alone, and records the marginal gains.
fn into_changes(
    questionnaire: &ValidQuestionnaire,
    answers: &Answers,
    changes: &[(usize, AnswerValue)],
) -> Vec<Change> {
    let base = run(questionnaire, answers).0.score.unwrap_or(0.0);
    let mut ordered: Vec<(f64, usize, AnswerValue)> = changes
        .iter()
        .map(|(position, value)| {
            let alone = run(
                questionnaire,
                &apply(answers, &[(*position, value.clone())]),
            )
            .0
            .score
            .unwrap_or(0.0)
                - base;
            (alone, *position, value.clone())
        })
        .collect();
    // A question whose `when` depends on another change must come after it.
    ordered.sort_by(|left, right| right.0.total_cmp(&left.0).then(left.1.cmp(&right.1)));
    ordered.sort_by_key(|(_, position, _)| depends_on_change(questionnaire, *position, changes));
    let mut current = answers.clone();
    let mut score = base;
    let mut result = Vec::new();
    for (_, position, value) in ordered {
        let from = current[position].clone();
        current[position] = Some(value.clone());
        let (after, class_after) = run(questionnaire, &current);
        let new_score = after.score.unwrap_or(0.0);
        result.push(Change {
            question: position,
            from,
            to: value,
            gain: new_score - score,
            class_after,
        });
        score = new_score;
    }
    result
}

fn depends_on_change(
    questionnaire: &ValidQuestionnaire,
    position: usize,
    changes: &[(usize, AnswerValue)],
) -> bool {
    let mut cursor = questionnaire.questions[position]
        .when
        .as_ref()
        .map(|when| when.question);
    while let Some(parent) = cursor {
        if changes.iter().any(|(changed, _)| *changed == parent) {
            return true;
        }
        cursor = questionnaire.questions[parent]
            .when
            .as_ref()
            .map(|when| when.question);
    }
    false
}

/// The answer that scores best (`best = true`) or worst for a question; among equal scores,
/// the best case avoids red flags and the worst case takes them.
pub fn extreme_answer(question: &ValidQuestion, best: bool) -> Option<AnswerValue> {
    question.extremes.get_or_init(|| {
        [
            search_extreme(question, true),
            search_extreme(question, false),
        ]
    })[usize::from(!best)]
    .clone()
}

fn search_extreme(question: &ValidQuestion, best: bool) -> Option<AnswerValue> {
    let mut options = candidates(question, None);
    if question.kind() == Kind::Multi {
        options.push(AnswerValue::Options(Vec::new()));
        options.push(AnswerValue::Options(
            (0..question.options.len())
                .filter(|option| !question.options[*option].exclusive)
                .collect(),
        ));
    }
    let rank = |value: &AnswerValue| {
        let score = answer_score(question, value).unwrap_or(0.0);
        let mut flags = 0;
        crate::score::for_each_choice(question, value, |_, red_flag| {
            flags += usize::from(red_flag.is_some())
        });
        (score, flags)
    };
    if best {
        options.into_iter().max_by(|left, right| {
            let (left_score, left_flags) = rank(left);
            let (right_score, right_flags) = rank(right);
            left_score
                .total_cmp(&right_score)
                .then(right_flags.cmp(&left_flags))
        })
    } else {
        options.into_iter().min_by(|left, right| {
            let (left_score, left_flags) = rank(left);
            let (right_score, right_flags) = rank(right);
            left_score
                .total_cmp(&right_score)
                .then(right_flags.cmp(&left_flags))
        })
    }
}

/// Best or worst case: every unanswered applicable question (including those a filled-in
/// answer makes applicable) takes its best or worst answer.
pub fn fill_unanswered(
    questionnaire: &ValidQuestionnaire,
    answers: &Answers,
    best: bool,
) -> Answers {
    // A `when` only looks back, so one pass in order sees every earlier answer final.
    let mut filled = answers.clone();
    let mut applicable = Vec::with_capacity(filled.len());
    for (position, question) in questionnaire.questions.iter().enumerate() {
        let applies =
            crate::score::applies(question, &applicable, |earlier| filled[earlier].as_ref());
        if applies && filled[position].is_none() {
            filled[position] = extreme_answer(question, best);
        }
        applicable.push(applies);
    }
    filled
}

#[cfg(test)]
mod tests {
    use super::*;

    fn questionnaire(text: &str) -> ValidQuestionnaire {
        let source =
            crate::source::Source::from_bytes("q.yaml".into(), None, text.as_bytes()).unwrap();
        let document = crate::yaml::Document::parse(source).unwrap();
        crate::validate::questionnaire::validate(&document).unwrap()
    }

    const SMALL: &str = r#"
format: mspcheck/questionnaire/1
id: small
version: 1.0.0
title: Small
domains: [{ id: d, title: D, weight: 1 }]
questions:
  - { id: d.a, domain: d, text: A, kind: yes_no, options: [{ value: "no", score: 0, red_flag: A missing }] }
  - { id: d.b, domain: d, text: B, kind: yes_no }
  - { id: d.c, domain: d, text: C, kind: yes_no, weight: 3 }
  - { id: d.d, domain: d, text: D, kind: yes_no }
classification:
  rules:
    - { class: mature, if: { red_flags_at_most: 0, score_at_least: 50 } }
    - { class: amateur, if: {} }
"#;

    #[test]
    fn minimal_change_set_clears_the_red_flag_and_adds_the_heaviest_answer() {
        let questionnaire = questionnaire(SMALL);
        // All "no": score 0, one red flag. Mature needs the flag cleared (d.a = yes, weight 1)
        // and score ≥ 50: with d.a alone the score is 1/6 ≈ 16.7; adding d.c (weight 3) gives 66.7.
        let answers: Answers = vec![Some(AnswerValue::Option(1)); 4];
        let roadmap = roadmap(&questionnaire, &answers, 5);
        let mut changed: Vec<usize> = roadmap.path.iter().map(|change| change.question).collect();
        changed.sort_unstable();
        assert_eq!(changed, vec![0, 2]);
        assert_eq!(roadmap.path.last().unwrap().class_after, Class::Mature);
        assert_eq!(roadmap.target, Some(Class::Mature));
    }

    #[test]
    fn mature_has_no_path_but_may_have_gains() {
        let questionnaire = questionnaire(SMALL);
        let answers: Answers = vec![
            Some(AnswerValue::Option(0)),
            Some(AnswerValue::Option(1)),
            Some(AnswerValue::Option(0)),
            Some(AnswerValue::Option(0)),
        ];
        let roadmap = roadmap(&questionnaire, &answers, 5);
        assert_eq!(roadmap.target, None);
        assert!(roadmap.path.is_empty());
        assert_eq!(roadmap.gains.len(), 1);
        assert_eq!(roadmap.gains[0].question, 1);
        assert!((roadmap.gains[0].gain - 100.0 / 6.0).abs() < 1e-9);
    }

    #[test]
    fn unanswered_questions_fill_to_best_and_worst() {
        let questionnaire = questionnaire(SMALL);
        let answers: Answers = vec![None, Some(AnswerValue::Option(0)), None, None];
        let best = fill_unanswered(&questionnaire, &answers, true);
        let worst = fill_unanswered(&questionnaire, &answers, false);
        assert_eq!(run(&questionnaire, &best).1, Class::Mature);
        assert_eq!(run(&questionnaire, &worst).1, Class::Amateur);
    }

    const WITH_WHEN: &str = r#"
format: mspcheck/questionnaire/1
id: when
version: 1.0.0
title: When
domains: [{ id: d, title: D, weight: 1 }]
questions:
  - { id: d.mfa, domain: d, text: MFA?, kind: yes_no, options: [{ value: "no", score: 0, signals: [no_mfa] }] }
  - id: d.method
    domain: d
    text: Which method?
    kind: choice
    when: { question: d.mfa, in: ["yes"] }
    options: [{ value: sms, score: 0.2, signals: [weak_mfa] }, { value: key, score: 1 }]
  - { id: d.other, domain: d, text: Other?, kind: yes_no }
classification:
  rules:
    - { class: mature, if: { signals_none: [no_mfa, weak_mfa], score_at_least: 60 } }
    - { class: amateur, if: {} }
"#;

    #[test]
    fn a_change_that_opens_a_follow_up_answers_it_too() {
        let questionnaire = questionnaire(WITH_WHEN);
        // MFA "no" (the follow-up does not apply), other "yes": score 50, amateur.
        let answers: Answers = vec![
            Some(AnswerValue::Option(1)),
            None,
            Some(AnswerValue::Option(0)),
        ];
        let roadmap = roadmap(&questionnaire, &answers, 5);
        let changes: Vec<(usize, AnswerValue)> = roadmap
            .path
            .iter()
            .map(|change| (change.question, change.to.clone()))
            .collect();
        // Turning MFA on opens `d.method`; only a phishing-resistant key avoids `weak_mfa`.
        assert_eq!(
            changes,
            vec![(0, AnswerValue::Option(0)), (1, AnswerValue::Option(1))]
        );
        assert_eq!(roadmap.path.last().unwrap().class_after, Class::Mature);
    }

    #[test]
    fn never_proposes_na_or_a_worse_answer() {
        let questionnaire = questionnaire(SMALL);
        let question = &questionnaire.questions[2];
        assert!(
            candidates(question, Some(&AnswerValue::Option(0))).is_empty(),
            "yes is already the best answer"
        );
        assert_eq!(
            candidates(question, Some(&AnswerValue::Option(1))),
            vec![AnswerValue::Option(0)]
        );
    }

    /// A condition, each of its keys as a condition of its own, and the same for every
    /// nested condition, so each key's distance is tested on its own.
    fn parts(condition: &Condition) -> Vec<Condition> {
        let mut result = vec![condition.clone()];
        let only = |set: &dyn Fn(&mut Condition)| {
            let mut single = Condition::default();
            set(&mut single);
            single
        };
        let c = condition;
        result.push(only(&|x| x.score_at_least = c.score_at_least));
        result.push(only(&|x| x.score_below = c.score_below));
        result.push(only(&|x| x.domain_at_least = c.domain_at_least.clone()));
        result.push(only(&|x| x.domain_below = c.domain_below.clone()));
        result.push(only(&|x| x.signals_any = c.signals_any.clone()));
        result.push(only(&|x| x.signals_all = c.signals_all.clone()));
        result.push(only(&|x| x.signals_none = c.signals_none.clone()));
        result.push(only(&|x| x.red_flags_at_least = c.red_flags_at_least));
        result.push(only(&|x| x.red_flags_at_most = c.red_flags_at_most));
        result.push(only(&|x| x.coverage_at_least = c.coverage_at_least));
        let nested = c
            .all
            .iter()
            .chain(&c.any)
            .flatten()
            .chain(c.not.as_deref())
            .chain(c.at_least.iter().flat_map(|at_least| &at_least.of));
        for inner in nested {
            result.extend(parts(inner));
        }
        result
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

        /// The search's distance restates the rules' semantics; it must be zero exactly
        /// when a condition holds, for every rule of every bundled questionnaire.
        #[test]
        fn distance_is_zero_exactly_when_a_condition_holds(seeds in proptest::collection::vec(0u32..1000, 100), which in 0usize..3) {
            let catalog = crate::load::Catalog::default();
            let loaded = catalog.load_named(["msp", "mssp", "quick"][which]).unwrap();
            let questionnaire = &loaded.questionnaire;
            let answers: Answers = questionnaire
                .questions
                .iter()
                .zip(&seeds)
                .map(|(question, seed)| {
                    let choices = candidates(question, None);
                    let pick = *seed as usize % (choices.len() + 1);
                    choices.get(pick).cloned()
                })
                .collect();
            let outcome = evaluate(questionnaire, &borrowed(&answers));
            for rule in &questionnaire.rules {
                for part in parts(&rule.condition) {
                    let zero = distance(&part, questionnaire, &outcome) == 0.0;
                    proptest::prop_assert_eq!(zero, holds(&part, questionnaire, &outcome), "{:?}", part);
                }
            }
        }
    }
}
