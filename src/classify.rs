//! Classification: which rule holds, and why, in words a reader can check ("overall 81.4 ≥ 75").
//! The semantics of a condition live in one place, the rule tree's walk (`crate::rule`);
//! this module applies SPEC's "first rule that holds decides" on top of it.

use crate::model::questionnaire::Class;
use crate::rule::Facts;
use crate::validate::{ValidQuestionnaire, ValidRule};

pub use crate::rule::Check;

/// The index of the first rule whose condition holds (the last rule always does).
pub fn decide<F: Facts + ?Sized>(questionnaire: &ValidQuestionnaire, facts: &F) -> usize {
    questionnaire
        .rules
        .iter()
        .position(|rule| rule.condition.holds(facts))
        .unwrap_or(questionnaire.rules.len().saturating_sub(1))
}

/// The class the answers get.
pub fn class_of<F: Facts + ?Sized>(questionnaire: &ValidQuestionnaire, facts: &F) -> Class {
    questionnaire
        .rules
        .get(decide(questionnaire, facts))
        .map_or(Class::Amateur, |rule| rule.class)
}

/// Every key of a rule's condition, evaluated, in a fixed order; nested conditions follow
/// their parent at `depth + 1`.
pub fn checks<F: Facts + ?Sized>(rule: &ValidRule, facts: &F) -> Vec<Check> {
    rule.condition.explain(facts).1
}

/// As [`checks`], in plain words for a reader (see `crate::explain`).
pub fn plain_checks<F: Facts + ?Sized>(
    rule: &ValidRule,
    facts: &F,
    names: &dyn crate::explain::Names,
) -> Vec<Check> {
    rule.condition.explain_in(facts, names).1
}

/// The rules before `target` (by index) that hold and give a lower class than it: each one
/// decides before `target` can, whatever `target`'s own conditions say.
pub fn blocking_rules<F: Facts + ?Sized>(
    questionnaire: &ValidQuestionnaire,
    facts: &F,
    target: usize,
) -> Vec<usize> {
    let wanted = questionnaire.rules[target].class;
    questionnaire.rules[..target]
        .iter()
        .enumerate()
        .filter(|(_, rule)| rule.class < wanted && rule.condition.holds(facts))
        .map(|(position, _)| position)
        .collect()
}

/// True when `class` is at least `required` in amateur < pseudo < mature.
pub fn meets(class: Class, required: Class) -> bool {
    class >= required
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::evaluate;
    use crate::test_support::{answers, questionnaire};
    use crate::validate::AnswerValue;

    const RULES: &str = r#"
format: mspcheck/questionnaire/1
id: rules
version: 1.0.0
title: Rules
domains: [{ id: a, title: A, weight: 1 }, { id: b, title: B, weight: 1 }]
questions:
  - { id: a.q, domain: a, text: Q, kind: choice, options: [{ value: x, score: 1, signals: [s1] }, { value: y, score: 0, signals: [s2], red_flag: Bad }] }
  - { id: b.q, domain: b, text: Q, kind: yes_no }
classification:
  rules:
    - { class: pseudo, if: { signals_any: [s2] } }
    - { class: mature, if: { score_at_least: 75, domain_at_least: { b: 50 } } }
    - { class: amateur, if: {} }
"#;

    fn classified(body: &str) -> (usize, Vec<usize>) {
        let questionnaire = questionnaire(RULES);
        let answers = answers(
            &questionnaire,
            &format!(
                "format: mspcheck/answers/1\nquestionnaire: rules\nprovider: P\nanswers:\n{body}"
            ),
        )
        .unwrap();
        let values: Vec<Option<&AnswerValue>> = answers
            .answers
            .iter()
            .map(|answer| answer.value.as_ref())
            .collect();
        let outcome = evaluate(&questionnaire, &values);
        (
            decide(&questionnaire, &outcome),
            blocking_rules(&questionnaire, &outcome, 1),
        )
    }

    #[test]
    fn the_first_rule_that_holds_decides() {
        assert_eq!(classified("  a.q: x\n  b.q: yes\n").0, 1);
        assert_eq!(classified("  a.q: x\n  b.q: no\n").0, 2);
        assert_eq!(classified("  a.q: y\n  b.q: yes\n").0, 0);
    }

    #[test]
    fn an_earlier_lower_rule_that_holds_blocks_the_target() {
        assert_eq!(classified("  a.q: y\n  b.q: yes\n").1, vec![0]);
        assert!(classified("  a.q: x\n  b.q: yes\n").1.is_empty());
    }

    #[test]
    fn rules_without_reason_are_described_from_their_tree() {
        let questionnaire = questionnaire(RULES);
        assert_eq!(
            questionnaire.rules[1].description,
            "overall score ≥ 75, domain `b` ≥ 50"
        );
        assert_eq!(questionnaire.rules[0].description, "any of `s2`");
        assert_eq!(questionnaire.rules[2].description, "no other rule applies");
    }
}
