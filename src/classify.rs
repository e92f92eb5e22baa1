//! Classification: which rule holds, and why, in words a reader can check ("overall 81.4 ≥ 75").

use crate::model::questionnaire::{Class, Condition};
use crate::score::Outcome;
use crate::validate::ValidQuestionnaire;

/// The index of the first rule whose condition holds (the last rule always does).
pub fn decide(questionnaire: &ValidQuestionnaire, outcome: &Outcome) -> usize {
    questionnaire
        .rules
        .iter()
        .position(|rule| holds(&rule.condition, questionnaire, outcome))
        .unwrap_or(questionnaire.rules.len().saturating_sub(1))
}

/// The class the answers get.
pub fn class_of(questionnaire: &ValidQuestionnaire, outcome: &Outcome) -> Class {
    questionnaire
        .rules
        .get(decide(questionnaire, outcome))
        .map_or(Class::Amateur, |rule| rule.class)
}

fn domain_score(questionnaire: &ValidQuestionnaire, outcome: &Outcome, id: &str) -> Option<f64> {
    questionnaire
        .domain_index(id)
        .and_then(|position| outcome.domains[position].score)
}

/// Does `condition` hold for `outcome`? Every key present must hold; `{}` always holds.
pub fn holds(condition: &Condition, questionnaire: &ValidQuestionnaire, outcome: &Outcome) -> bool {
    let score_ok = |threshold: Option<f64>, at_least: bool| {
        threshold.is_none_or(|threshold| {
            outcome.score.is_some_and(|score| {
                if at_least {
                    score >= threshold
                } else {
                    score < threshold
                }
            })
        })
    };
    let domains_ok = |domains: &Option<std::collections::BTreeMap<String, f64>>, at_least: bool| {
        domains.iter().flatten().all(|(id, threshold)| {
            domain_score(questionnaire, outcome, id).is_some_and(|score| {
                if at_least {
                    score >= *threshold
                } else {
                    score < *threshold
                }
            })
        })
    };
    let raised = |signal: &String| outcome.signals.contains(signal);
    let flags = outcome.red_flags.len() as u64;
    score_ok(condition.score_at_least, true)
        && score_ok(condition.score_below, false)
        && domains_ok(&condition.domain_at_least, true)
        && domains_ok(&condition.domain_below, false)
        && condition
            .signals_any
            .as_ref()
            .is_none_or(|signals| signals.iter().any(raised))
        && condition
            .signals_all
            .as_ref()
            .is_none_or(|signals| signals.iter().all(raised))
        && condition
            .signals_none
            .as_ref()
            .is_none_or(|signals| !signals.iter().any(raised))
        && condition
            .red_flags_at_least
            .is_none_or(|minimum| flags >= minimum)
        && condition
            .red_flags_at_most
            .is_none_or(|maximum| flags <= maximum)
        && condition
            .coverage_at_least
            .is_none_or(|threshold| outcome.coverage >= threshold)
        && condition.all.as_ref().is_none_or(|list| {
            list.iter()
                .all(|inner| holds(inner, questionnaire, outcome))
        })
        && condition.any.as_ref().is_none_or(|list| {
            list.iter()
                .any(|inner| holds(inner, questionnaire, outcome))
        })
        && condition
            .not
            .as_ref()
            .is_none_or(|inner| !holds(inner, questionnaire, outcome))
        && condition.at_least.as_ref().is_none_or(|at_least| {
            at_least
                .of
                .iter()
                .filter(|inner| holds(inner, questionnaire, outcome))
                .count() as u64
                >= at_least.count
        })
}

/// One tested part of a condition, with the actual value.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    /// What was tested and what was found, e.g. "overall score 81.4 ≥ 75".
    pub text: String,
    /// Whether it holds.
    pub holds: bool,
    /// Nesting level (0 = a key of the rule's condition itself).
    pub depth: usize,
    /// How far it is from holding, in words, when it fails ("needs 3.6 more points").
    pub shortfall: Option<String>,
}

fn one_decimal(value: f64) -> String {
    format!("{value:.1}")
}

fn number(value: f64) -> String {
    crate::validate::answers::format_number(value)
}

fn code_list(items: &[String]) -> String {
    items
        .iter()
        .map(|item| format!("`{item}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every key of `condition`, evaluated, in a fixed order; nested conditions follow their
/// parent at `depth + 1`.
pub fn checks(
    condition: &Condition,
    questionnaire: &ValidQuestionnaire,
    outcome: &Outcome,
    depth: usize,
) -> Vec<Check> {
    let mut result = Vec::new();
    let mut push = |text: String, holds: bool, shortfall: Option<String>| {
        result.push(Check {
            text,
            holds,
            depth,
            shortfall: if holds { None } else { shortfall },
        });
    };
    let score_text = outcome.score.map_or("none".to_string(), one_decimal);
    if let Some(threshold) = condition.score_at_least {
        let holds = outcome.score.is_some_and(|score| score >= threshold);
        let shortfall = outcome
            .score
            .map(|score| format!("needs {} more points", one_decimal(threshold - score)));
        push(
            format!("overall score {score_text} ≥ {}", number(threshold)),
            holds,
            shortfall,
        );
    }
    if let Some(threshold) = condition.score_below {
        let holds = outcome.score.is_some_and(|score| score < threshold);
        push(
            format!("overall score {score_text} < {}", number(threshold)),
            holds,
            None,
        );
    }
    for (domains, at_least) in [
        (&condition.domain_at_least, true),
        (&condition.domain_below, false),
    ] {
        for (id, threshold) in domains.iter().flatten() {
            let score = domain_score(questionnaire, outcome, id);
            let shown = score.map_or("none".to_string(), one_decimal);
            let holds = score.is_some_and(|score| {
                if at_least {
                    score >= *threshold
                } else {
                    score < *threshold
                }
            });
            let shortfall = match (at_least, score) {
                (true, Some(score)) => Some(format!(
                    "needs {} more points",
                    one_decimal(threshold - score)
                )),
                (_, None) => Some("domain has no answers".to_string()),
                _ => None,
            };
            let operator = if at_least { "≥" } else { "<" };
            push(
                format!("domain `{id}` {shown} {operator} {}", number(*threshold)),
                holds,
                shortfall,
            );
        }
    }
    let raised = |signal: &String| outcome.signals.contains(signal);
    let verb = |items: &[String]| if items.len() == 1 { "is" } else { "are" };
    if let Some(signals) = &condition.signals_any {
        let present: Vec<String> = signals
            .iter()
            .filter(|signal| raised(signal))
            .cloned()
            .collect();
        let text = match (signals.len(), present.is_empty()) {
            (1, false) => format!("signal {} raised", code_list(signals)),
            (1, true) => format!("signal {} raised (it is not)", code_list(signals)),
            (_, true) => format!("any of {} raised (none is)", code_list(signals)),
            (_, false) => format!(
                "any of {} raised ({} {})",
                code_list(signals),
                code_list(&present),
                verb(&present)
            ),
        };
        push(text, !present.is_empty(), None);
    }
    if let Some(signals) = &condition.signals_all {
        let missing: Vec<String> = signals
            .iter()
            .filter(|signal| !raised(signal))
            .cloned()
            .collect();
        let text = match (signals.len(), missing.is_empty()) {
            (1, true) => format!("signal {} raised", code_list(signals)),
            (1, false) => format!("signal {} raised (it is not)", code_list(signals)),
            (_, true) => format!("all of {} raised", code_list(signals)),
            (_, false) => format!(
                "all of {} raised ({} not)",
                code_list(signals),
                code_list(&missing)
            ),
        };
        push(text, missing.is_empty(), None);
    }
    if let Some(signals) = &condition.signals_none {
        let present: Vec<String> = signals
            .iter()
            .filter(|signal| raised(signal))
            .cloned()
            .collect();
        let text = if present.is_empty() {
            format!("none of {} raised", code_list(signals))
        } else {
            format!(
                "none of {} raised ({} {})",
                code_list(signals),
                code_list(&present),
                verb(&present)
            )
        };
        push(text, present.is_empty(), None);
    }
    let flags = outcome.red_flags.len() as u64;
    if let Some(minimum) = condition.red_flags_at_least {
        push(
            format!("red flags {flags} ≥ {minimum}"),
            flags >= minimum,
            None,
        );
    }
    if let Some(maximum) = condition.red_flags_at_most {
        let shortfall = Some(format!(
            "clear {} red flag{}",
            flags.saturating_sub(maximum),
            if flags - maximum.min(flags) == 1 {
                ""
            } else {
                "s"
            }
        ));
        push(
            format!("red flags {flags} ≤ {maximum}"),
            flags <= maximum,
            shortfall,
        );
    }
    if let Some(threshold) = condition.coverage_at_least {
        let shortfall = Some(format!(
            "answer {:.0}% more of the questions",
            (threshold - outcome.coverage) * 100.0
        ));
        push(
            format!(
                "coverage {:.0}% ≥ {:.0}%",
                outcome.coverage * 100.0,
                threshold * 100.0
            ),
            outcome.coverage >= threshold,
            shortfall,
        );
    }
    if let Some(list) = &condition.all {
        let nested: Vec<Vec<Check>> = list
            .iter()
            .map(|inner| checks(inner, questionnaire, outcome, depth + 1))
            .collect();
        let holds = nested.iter().all(|inner| top_level_holds(inner, depth + 1));
        push(
            format!("all of {} conditions hold", list.len()),
            holds,
            None,
        );
        result.extend(nested.into_iter().flatten());
    }
    if let Some(list) = &condition.any {
        let nested: Vec<Vec<Check>> = list
            .iter()
            .map(|inner| checks(inner, questionnaire, outcome, depth + 1))
            .collect();
        let holding = nested
            .iter()
            .filter(|inner| top_level_holds(inner, depth + 1))
            .count();
        let mut push = |text: String, holds: bool| {
            result.push(Check {
                text,
                holds,
                depth,
                shortfall: None,
            })
        };
        push(
            format!("any of {} conditions holds ({holding} do)", list.len()),
            holding > 0,
        );
        result.extend(nested.into_iter().flatten());
    }
    if let Some(inner) = &condition.not {
        let nested = checks(inner, questionnaire, outcome, depth + 1);
        let holds = !top_level_holds(&nested, depth + 1);
        result.push(Check {
            text: "not: the following does not hold".to_string(),
            holds,
            depth,
            shortfall: None,
        });
        result.extend(nested);
    }
    if let Some(at_least) = &condition.at_least {
        let nested: Vec<Vec<Check>> = at_least
            .of
            .iter()
            .map(|inner| checks(inner, questionnaire, outcome, depth + 1))
            .collect();
        let holding = nested
            .iter()
            .filter(|inner| top_level_holds(inner, depth + 1))
            .count() as u64;
        result.push(Check {
            text: format!(
                "at least {} of {} conditions hold ({holding} do)",
                at_least.count,
                at_least.of.len()
            ),
            holds: holding >= at_least.count,
            depth,
            shortfall: None,
        });
        result.extend(nested.into_iter().flatten());
    }
    result
}

fn top_level_holds(checks: &[Check], depth: usize) -> bool {
    checks
        .iter()
        .filter(|check| check.depth == depth)
        .all(|check| check.holds)
}

/// A description of a condition for rules without a `reason`, e.g.
/// "overall score ≥ 75, red flags ≤ 0".
pub fn describe(condition: &Condition) -> String {
    let mut parts = Vec::new();
    if let Some(value) = condition.score_at_least {
        parts.push(format!("overall score ≥ {}", number(value)));
    }
    if let Some(value) = condition.score_below {
        parts.push(format!("overall score < {}", number(value)));
    }
    for (id, value) in condition.domain_at_least.iter().flatten() {
        parts.push(format!("domain `{id}` ≥ {}", number(*value)));
    }
    for (id, value) in condition.domain_below.iter().flatten() {
        parts.push(format!("domain `{id}` < {}", number(*value)));
    }
    if let Some(signals) = &condition.signals_any {
        parts.push(format!("any of {}", code_list(signals)));
    }
    if let Some(signals) = &condition.signals_all {
        parts.push(format!("all of {}", code_list(signals)));
    }
    if let Some(signals) = &condition.signals_none {
        parts.push(format!("none of {}", code_list(signals)));
    }
    if let Some(value) = condition.red_flags_at_least {
        parts.push(format!("red flags ≥ {value}"));
    }
    if let Some(value) = condition.red_flags_at_most {
        parts.push(format!("red flags ≤ {value}"));
    }
    if let Some(value) = condition.coverage_at_least {
        parts.push(format!("coverage ≥ {:.0}%", value * 100.0));
    }
    if let Some(list) = &condition.all {
        parts.push(format!(
            "all of ({})",
            list.iter().map(describe).collect::<Vec<_>>().join("; ")
        ));
    }
    if let Some(list) = &condition.any {
        parts.push(format!(
            "any of ({})",
            list.iter().map(describe).collect::<Vec<_>>().join("; ")
        ));
    }
    if let Some(inner) = &condition.not {
        parts.push(format!("not ({})", describe(inner)));
    }
    if let Some(at_least) = &condition.at_least {
        parts.push(format!(
            "at least {} of ({})",
            at_least.count,
            at_least
                .of
                .iter()
                .map(describe)
                .collect::<Vec<_>>()
                .join("; ")
        ));
    }
    if parts.is_empty() {
        "no other rule applies".to_string()
    } else {
        parts.join(", ")
    }
}

/// True when `class` is at least `required` in amateur < pseudo < mature.
pub fn meets(class: Class, required: Class) -> bool {
    class >= required
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::{DomainOutcome, RedFlag};
    use crate::test_support::questionnaire;

    const RULES: &str = r#"
format: mspcheck/questionnaire/1
id: rules
version: 1.0.0
title: Rules
domains: [{ id: a, title: A, weight: 1 }, { id: b, title: B, weight: 1 }]
questions:
  - { id: a.q, domain: a, text: Q, kind: choice, options: [{ value: x, score: 1, signals: [s1] }, { value: y, score: 0, signals: [s2] }] }
classification:
  rules:
    - { class: amateur, if: {} }
"#;

    fn outcome(
        score: Option<f64>,
        a: Option<f64>,
        signals: &[&str],
        flags: usize,
        coverage: f64,
    ) -> Outcome {
        Outcome {
            applicable: vec![true],
            domains: vec![
                DomainOutcome {
                    score: a,
                    answered: 1,
                    applicable: 1,
                },
                DomainOutcome {
                    score: None,
                    answered: 0,
                    applicable: 0,
                },
            ],
            score,
            coverage,
            signals: signals.iter().map(|signal| signal.to_string()).collect(),
            red_flags: (0..flags)
                .map(|_| RedFlag {
                    question: 0,
                    message: "m".into(),
                })
                .collect(),
        }
    }

    fn condition(yaml: &str) -> Condition {
        serde_yaml::from_str(yaml).unwrap()
    }

    fn agree(text: &str, outcome: &Outcome) -> bool {
        let questionnaire = questionnaire(RULES);
        let condition = condition(text);
        let direct = holds(&condition, &questionnaire, outcome);
        let explained = checks(&condition, &questionnaire, outcome, 0)
            .iter()
            .filter(|check| check.depth == 0)
            .all(|check| check.holds);
        assert_eq!(direct, explained, "holds and checks disagree on {text}");
        direct
    }

    #[test]
    fn empty_condition_always_holds() {
        assert!(agree("{}", &outcome(None, None, &[], 3, 0.0)));
    }

    #[test]
    fn overall_score_thresholds_fail_without_a_score() {
        let good = outcome(Some(75.0), Some(75.0), &[], 0, 1.0);
        assert!(agree("{score_at_least: 75}", &good));
        assert!(!agree("{score_below: 75}", &good));
        assert!(agree("{score_below: 75.1}", &good));
        let none = outcome(None, None, &[], 0, 0.0);
        assert!(!agree("{score_at_least: 0}", &none));
        assert!(!agree("{score_below: 100}", &none));
    }

    #[test]
    fn domain_thresholds_fail_for_a_domain_without_score() {
        let result = outcome(Some(50.0), Some(60.0), &[], 0, 1.0);
        assert!(agree("{domain_at_least: {a: 60}}", &result));
        assert!(!agree("{domain_at_least: {a: 60.1}}", &result));
        assert!(agree("{domain_below: {a: 61}}", &result));
        assert!(!agree("{domain_at_least: {b: 0}}", &result));
        assert!(!agree("{domain_below: {b: 100}}", &result));
    }

    #[test]
    fn signal_keys() {
        let result = outcome(Some(1.0), Some(1.0), &["s1"], 0, 1.0);
        assert!(agree("{signals_any: [s1, s2]}", &result));
        assert!(!agree("{signals_all: [s1, s2]}", &result));
        assert!(agree("{signals_all: [s1]}", &result));
        assert!(!agree("{signals_none: [s1]}", &result));
        assert!(agree("{signals_none: [s2]}", &result));
    }

    #[test]
    fn red_flag_and_coverage_keys() {
        let result = outcome(Some(1.0), Some(1.0), &[], 2, 0.8);
        assert!(agree("{red_flags_at_least: 2}", &result));
        assert!(!agree("{red_flags_at_least: 3}", &result));
        assert!(agree("{red_flags_at_most: 2}", &result));
        assert!(!agree("{red_flags_at_most: 1}", &result));
        assert!(agree("{coverage_at_least: 0.8}", &result));
        assert!(!agree("{coverage_at_least: 0.81}", &result));
    }

    #[test]
    fn combinators() {
        let result = outcome(Some(80.0), Some(80.0), &["s1"], 1, 1.0);
        assert!(agree(
            "{all: [{score_at_least: 70}, {signals_any: [s1]}]}",
            &result
        ));
        assert!(!agree(
            "{all: [{score_at_least: 70}, {signals_any: [s2]}]}",
            &result
        ));
        assert!(agree(
            "{any: [{score_at_least: 90}, {signals_any: [s1]}]}",
            &result
        ));
        assert!(!agree(
            "{any: [{score_at_least: 90}, {signals_any: [s2]}]}",
            &result
        ));
        assert!(agree("{not: {red_flags_at_most: 0}}", &result));
        assert!(!agree("{not: {red_flags_at_least: 1}}", &result));
        assert!(agree("{at_least: {count: 2, of: [{score_at_least: 90}, {signals_any: [s1]}, {red_flags_at_least: 1}]}}", &result));
        assert!(!agree("{at_least: {count: 3, of: [{score_at_least: 90}, {signals_any: [s1]}, {red_flags_at_least: 1}]}}", &result));
    }

    #[test]
    fn every_key_of_a_condition_must_hold() {
        let result = outcome(Some(80.0), Some(80.0), &["s1"], 1, 1.0);
        assert!(!agree(
            "{score_at_least: 70, red_flags_at_most: 0}",
            &result
        ));
        assert!(agree("{score_at_least: 70, red_flags_at_most: 1}", &result));
    }

    #[test]
    fn checks_show_actual_values_and_shortfalls() {
        let questionnaire = questionnaire(RULES);
        let result = outcome(Some(71.44), Some(80.0), &[], 1, 1.0);
        let found = checks(
            &condition("{score_at_least: 75, red_flags_at_most: 0}"),
            &questionnaire,
            &result,
            0,
        );
        assert_eq!(found[0].text, "overall score 71.4 ≥ 75");
        assert_eq!(found[0].shortfall.as_deref(), Some("needs 3.6 more points"));
        assert_eq!(found[1].text, "red flags 1 ≤ 0");
        assert!(!found[1].holds);
    }

    #[test]
    fn describes_conditions_for_rules_without_reason() {
        assert_eq!(
            describe(&condition("{score_at_least: 75, red_flags_at_most: 0}")),
            "overall score ≥ 75, red flags ≤ 0"
        );
        assert_eq!(describe(&Condition::default()), "no other rule applies");
    }
}
