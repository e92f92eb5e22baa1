//! Plain words for the "Why" section: the rule tree's checks reworded for a reader who has
//! never seen the questionnaire's ids. A signal becomes the questions and answers that raise
//! it ("recurring billing: answered “Flat monthly fee per user” to “How do you charge?”"), a
//! domain its title, an answer test the question and the answer actually given; negations
//! say what was found ("the answer is “Hourly”") instead of "(it is not)".
//!
//! The rule tree ([`crate::rule`]) knows only indexes and ids; [`Names`] is how it asks for
//! words, and [`Plain`] answers from the questionnaire and the answers that counted. Without
//! names (`Condition::explain`) the checks keep the ids, as tests and tools expect.

use crate::assessment::answer_label;
use crate::model::Perspective;
use crate::rule::{Facts, Leaf, SignalTest};
use crate::score::band_index;
use crate::validate::{AnswerValue, ValidQuestionnaire};

/// Most option labels named for one question before "or N more".
const MOST_LABELS: usize = 3;
/// Most questions named for one signal before "or N more questions".
const MOST_QUESTIONS: usize = 2;

/// What the rule tree's explanation asks for words.
pub trait Names {
    /// A domain's title.
    fn domain(&self, domain: usize) -> Option<String>;
    /// A question's text, worded for the reader.
    fn question(&self, question: usize) -> String;
    /// The labels of some options of a question.
    fn options(&self, question: usize, options: &[usize]) -> Vec<String>;
    /// The answer given to a question, as its label; `None` when unanswered or it does not
    /// apply.
    fn given(&self, question: usize) -> Option<String>;
    /// Every answer that raises a signal: per question, the labels of its answers that do.
    fn raisers(&self, signal: usize) -> Vec<(usize, Vec<String>)>;
    /// The answers given that raise a signal: per question, the label of the answer (or of
    /// the chosen option, for `multi`) that does.
    fn raised_by(&self, signal: usize) -> Vec<(usize, String)>;
}

/// Names from a questionnaire and one provider's counted answers.
pub struct Plain<'a> {
    /// The questionnaire.
    pub questionnaire: &'a ValidQuestionnaire,
    /// The answers that counted, by question index.
    pub answers: &'a [Option<&'a AnswerValue>],
    /// Per question: does it apply?
    pub applicable: &'a [bool],
    /// Whose words.
    pub perspective: Option<Perspective>,
}

impl Plain<'_> {
    fn answer(&self, question: usize) -> Option<&AnswerValue> {
        if !self.applicable.get(question).copied().unwrap_or(false) {
            return None;
        }
        self.answers.get(question).copied().flatten()
    }
}

impl Names for Plain<'_> {
    fn domain(&self, domain: usize) -> Option<String> {
        self.questionnaire
            .domains
            .get(domain)
            .map(|domain| domain.title.clone())
    }

    fn question(&self, question: usize) -> String {
        self.questionnaire.questions[question]
            .text_for(self.perspective)
            .to_string()
    }

    fn options(&self, question: usize, options: &[usize]) -> Vec<String> {
        let question = &self.questionnaire.questions[question];
        options
            .iter()
            .filter_map(|option| question.options.get(*option))
            .map(|option| option.label.clone())
            .collect()
    }

    fn given(&self, question: usize) -> Option<String> {
        self.answer(question)
            .map(|value| answer_label(&self.questionnaire.questions[question], value))
    }

    fn raisers(&self, signal: usize) -> Vec<(usize, Vec<String>)> {
        let mut found = Vec::new();
        for (index, question) in self.questionnaire.questions.iter().enumerate() {
            let mut labels: Vec<String> = question
                .options
                .iter()
                .filter(|option| option.signal_ids.contains(&signal))
                .map(|option| option.label.clone())
                .collect();
            for (band, signals) in question.band_signals.iter().enumerate() {
                if signals.contains(&signal) {
                    labels.push(band_label(question, band));
                }
            }
            if let Some(unknown) = &question.unknown {
                if unknown.signal_ids.contains(&signal) {
                    labels.push(unknown.label.clone());
                }
            }
            if !labels.is_empty() {
                found.push((index, labels));
            }
        }
        found
    }

    fn raised_by(&self, signal: usize) -> Vec<(usize, String)> {
        let mut found = Vec::new();
        for (index, question) in self.questionnaire.questions.iter().enumerate() {
            let Some(value) = self.answer(index) else {
                continue;
            };
            let raising = |option: &usize| {
                question
                    .options
                    .get(*option)
                    .filter(|option| option.signal_ids.contains(&signal))
                    .map(|option| option.label.clone())
            };
            let label = match value {
                AnswerValue::Option(option) => raising(option),
                AnswerValue::Options(options) => options.iter().find_map(raising),
                AnswerValue::Number(amount) => {
                    let band = band_index(question, *amount);
                    question
                        .band_signals
                        .get(band)
                        .is_some_and(|signals| signals.contains(&signal))
                        .then(|| answer_label(question, value))
                }
                AnswerValue::Unknown => question
                    .unknown
                    .as_ref()
                    .filter(|unknown| unknown.signal_ids.contains(&signal))
                    .map(|unknown| unknown.label.clone()),
                AnswerValue::Integer(_) | AnswerValue::NotApplicable | AnswerValue::Text(_) => None,
            };
            if let Some(label) = label {
                found.push((index, label));
            }
        }
        found
    }
}

/// A band's label, or its range in numbers when it has none.
fn band_label(question: &crate::validate::ValidQuestion, band: usize) -> String {
    let bands = &question.definition.bands;
    if let Some(label) = bands.get(band).and_then(|band| band.label.clone()) {
        return label;
    }
    let number = crate::number::format_number;
    let above = band
        .checked_sub(1)
        .and_then(|previous| bands.get(previous))
        .and_then(|band| band.up_to);
    match (above, bands.get(band).and_then(|band| band.up_to)) {
        (None, Some(up_to)) => format!("up to {}", number(up_to)),
        (Some(low), Some(up_to)) => format!("over {} up to {}", number(low), number(up_to)),
        (Some(low), None) => format!("over {}", number(low)),
        (None, None) => "any amount".to_string(),
    }
}

fn quoted(text: &str) -> String {
    format!("\u{201c}{text}\u{201d}")
}

/// “A”, “A” or “B”, “A”, “B” or “C”, “A”, “B” or 3 more.
fn labels(labels: &[String]) -> String {
    let shown: Vec<String> = if labels.len() > MOST_LABELS {
        let mut shown: Vec<String> = labels[..MOST_LABELS - 1]
            .iter()
            .map(|label| quoted(label))
            .collect();
        shown.push(format!("{} more", labels.len() - (MOST_LABELS - 1)));
        shown
    } else {
        labels.iter().map(|label| quoted(label)).collect()
    };
    match shown.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

/// `bills_for_failures` → "bills for failures": a signal's name read as words.
fn signal_words(name: &str) -> String {
    name.replace(['_', '-', '.'], " ")
}

/// "“A” or “B” to “Question?”", for every answer that raises `signal` (capped).
fn would_raise(names: &dyn Names, signal: usize) -> String {
    let raisers = names.raisers(signal);
    let mut parts: Vec<String> = raisers
        .iter()
        .take(MOST_QUESTIONS)
        .map(|(question, options)| {
            format!(
                "{} to {}",
                labels(options),
                quoted(&names.question(*question))
            )
        })
        .collect();
    if raisers.len() > MOST_QUESTIONS {
        parts.push(format!("{} more questions", raisers.len() - MOST_QUESTIONS));
    }
    if parts.is_empty() {
        return "an answer none of the questions offers".to_string();
    }
    parts.join("; or ")
}

/// "answered “A” to “Question?” and “B” to “Other?”": the given answers that raise it.
fn answered(names: &dyn Names, signal: usize) -> String {
    let raised_by = names.raised_by(signal);
    let mut given: Vec<String> = raised_by
        .iter()
        .take(MOST_QUESTIONS)
        .map(|(question, label)| {
            format!(
                "{} to {}",
                quoted(label),
                quoted(&names.question(*question))
            )
        })
        .collect();
    if raised_by.len() > MOST_QUESTIONS {
        let more = raised_by.len() - MOST_QUESTIONS;
        given.push(format!(
            "{more} more answer{}",
            if more == 1 { "" } else { "s" }
        ));
    }
    if given.is_empty() {
        "raised".to_string()
    } else {
        format!("answered {}", given.join(" and "))
    }
}

/// What was answered instead, for a signal that is not raised: the given answer when one
/// question raises it, else that none of those answers was given.
fn instead(names: &dyn Names, signal: usize) -> String {
    match names.raisers(signal).as_slice() {
        [(question, _)] => match names.given(*question) {
            Some(label) => format!("the answer is {}", quoted(&label)),
            None => "not answered yet".to_string(),
        },
        _ => "none of these answers was given".to_string(),
    }
}

/// "“Question?”: the answer is “X”" or "… is unanswered", for an answer test.
fn given_instead(names: &dyn Names, question: usize) -> String {
    match names.given(question) {
        Some(label) => format!("the answer is {}", quoted(&label)),
        None => "no answer yet, or the question does not apply".to_string(),
    }
}

/// The plain explanation of a leaf that names signals, domains or answers; `None` for the
/// leaves whose words are plain already (scores, counts, coverage).
pub fn reword<F: Facts + ?Sized>(leaf: &Leaf, facts: &F, names: &dyn Names) -> Option<String> {
    match leaf {
        Leaf::Domain {
            domain,
            bound,
            threshold,
            ..
        } => {
            let title = names.domain(*domain)?;
            let shown = facts
                .domain(*domain)
                .point()
                .map_or("no score yet".to_string(), crate::number::one_decimal);
            let operator = match bound {
                crate::rule::Bound::AtLeast => "≥",
                crate::rule::Bound::Below => "<",
            };
            Some(format!(
                "{} score {shown} {operator} {}",
                quoted(&title),
                crate::number::format_number(*threshold)
            ))
        }
        Leaf::Signals { test, signals } => {
            let raised = |signal: &&crate::rule::Signal| {
                let truth = facts.signal(signal.index);
                truth.can_hold && !truth.can_fail
            };
            let named = |list: &[&crate::rule::Signal], joiner: &str| {
                let words: Vec<String> = list
                    .iter()
                    .map(|signal| signal_words(&signal.name))
                    .collect();
                match words.split_last() {
                    None => String::new(),
                    Some((last, [])) => last.clone(),
                    Some((last, rest)) => format!("{} {joiner} {last}", rest.join(", ")),
                }
            };
            let all: Vec<&crate::rule::Signal> = signals.iter().collect();
            let (up, down): (Vec<&crate::rule::Signal>, Vec<&crate::rule::Signal>) =
                all.iter().partition(|signal| raised(signal));
            let explain_up = |list: &[&crate::rule::Signal]| {
                list.iter()
                    .map(|signal| {
                        format!(
                            "{}: {}",
                            signal_words(&signal.name),
                            answered(names, signal.index)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            let explain_down = |list: &[&crate::rule::Signal]| {
                list.iter()
                    .map(|signal| {
                        format!(
                            "{} needs {} ({})",
                            signal_words(&signal.name),
                            would_raise(names, signal.index),
                            instead(names, signal.index)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            Some(match test {
                SignalTest::Any | SignalTest::All if all.len() == 1 => {
                    if up.is_empty() {
                        explain_down(&all)
                    } else {
                        explain_up(&all)
                    }
                }
                SignalTest::Any => {
                    if up.is_empty() {
                        format!(
                            "any of {}, and none is: {}",
                            named(&all, "or"),
                            explain_down(&all)
                        )
                    } else {
                        format!("any of {}: {}", named(&all, "or"), explain_up(&up))
                    }
                }
                SignalTest::All => {
                    if down.is_empty() {
                        format!("all of {}: {}", named(&all, "and"), explain_up(&all))
                    } else {
                        format!("all of {}: {}", named(&all, "and"), explain_down(&down))
                    }
                }
                SignalTest::None => {
                    if up.is_empty() {
                        format!("no sign of {}", named(&all, "or"))
                    } else {
                        format!("no sign of {}, but {}", named(&all, "or"), explain_up(&up))
                    }
                }
            })
        }
        Leaf::Answer {
            question, options, ..
        } => {
            let wanted = format!(
                "{} answered {}",
                quoted(&names.question(*question)),
                labels(&names.options(*question, options))
            );
            let truth = facts.answer(*question, options);
            Some(if truth.can_hold && !truth.can_fail {
                wanted
            } else if truth.can_hold {
                format!("{wanted} (it could still be)")
            } else {
                format!("{wanted} ({})", given_instead(names, *question))
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{labels, signal_words, Plain};
    use crate::score::evaluate;
    use crate::test_support::questionnaire;
    use crate::validate::AnswerValue;

    const RULES: &str = r#"
format: mspcheck/questionnaire/1
id: plain
version: 1.0.0
title: Plain
domains: [{ id: mfa, title: Multi-factor sign-in, weight: 1 }]
questions:
  - id: mfa.fix
    domain: mfa
    text: Who pays for fixes?
    kind: choice
    options:
      - { value: fee, label: The fee covers them, score: 1 }
      - { value: hourly, label: Billed by the hour, score: 0, signals: [bills_for_fixes] }
      - { value: extra, label: Billed as extras, score: 0, signals: [bills_for_fixes] }
  - id: mfa.fee
    domain: mfa
    text: How do you charge?
    kind: choice
    options:
      - { value: monthly, label: A monthly fee, score: 1, signals: [recurring] }
      - { value: hourly, label: By the hour, score: 0 }
classification:
  rules:
    - { class: mature, if: { signals_none: [bills_for_fixes], signals_all: [recurring], domain_at_least: { mfa: 80 } } }
    - { class: amateur, if: {} }
"#;

    #[test]
    fn checks_name_questions_answers_and_domain_titles() {
        let questionnaire = questionnaire(RULES);
        // Fixes billed by the hour, and charged by the hour.
        let answers = [Some(AnswerValue::Option(1)), Some(AnswerValue::Option(1))];
        let borrowed: Vec<Option<&AnswerValue>> = answers.iter().map(Option::as_ref).collect();
        let outcome = evaluate(&questionnaire, &borrowed);
        let names = Plain {
            questionnaire: &questionnaire,
            answers: &borrowed,
            applicable: &outcome.applicable,
            perspective: None,
        };
        let checks = crate::classify::plain_checks(&questionnaire.rules[0], &outcome, &names);
        let texts: Vec<&str> = checks.iter().map(|check| check.text.as_str()).collect();
        assert!(
            texts.contains(&"\u{201c}Multi-factor sign-in\u{201d} score 0.0 ≥ 80"),
            "{texts:?}"
        );
        assert!(
            texts.contains(&"no sign of bills for fixes, but bills for fixes: answered \u{201c}Billed by the hour\u{201d} to \u{201c}Who pays for fixes?\u{201d}"),
            "{texts:?}"
        );
        assert!(
            texts.contains(&"recurring needs \u{201c}A monthly fee\u{201d} to \u{201c}How do you charge?\u{201d} (the answer is \u{201c}By the hour\u{201d})"),
            "{texts:?}"
        );
        for text in &texts {
            assert!(!text.contains('`') && !text.contains("it is not"), "{text}");
        }
        // The same checks without names keep the ids.
        let plain_ids = crate::classify::checks(&questionnaire.rules[0], &outcome);
        assert!(plain_ids
            .iter()
            .any(|check| check.text.contains("`recurring`")));
        assert_eq!(plain_ids.len(), checks.len());
    }

    #[test]
    fn labels_read_as_a_list_and_long_lists_are_cut() {
        let list = |items: &[&str]| {
            items
                .iter()
                .map(|item| item.to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(labels(&list(&["A"])), "“A”");
        assert_eq!(labels(&list(&["A", "B"])), "“A” or “B”");
        assert_eq!(labels(&list(&["A", "B", "C"])), "“A”, “B” or “C”");
        assert_eq!(labels(&list(&["A", "B", "C", "D"])), "“A”, “B” or 2 more");
    }

    #[test]
    fn signal_names_read_as_words() {
        assert_eq!(signal_words("bills_for_failures"), "bills for failures");
    }
}
