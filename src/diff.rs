//! `diff`: one provider's progress between two assessments made with the same
//! questionnaire: the class change, score deltas, every changed answer and what it did to
//! the score, red flags raised and cleared, and, when a self-assessment is checked by an
//! auditor or a client, where the provider claimed more than was found. Pure.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::assessment::{
    AnswerReport, Assessment, ProviderSummary, QuestionnaireInfo, RedFlagReport,
};
use crate::model::Perspective;
use crate::score::evaluate;
use crate::validate::{AnswerValue, ValidQuestionnaire};

/// The diff's `format:`.
pub const FORMAT: &str = "mspcheck/diff/1";

/// Answer scores closer than this are equal.
const EPSILON: f64 = 1e-9;

/// One of the two assessments, in brief.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Side {
    /// The provider and the headline result (flattened into this object in JSON).
    #[serde(flatten)]
    pub summary: ProviderSummary,
    /// Number of red flags.
    pub red_flags: usize,
}

impl std::ops::Deref for Side {
    type Target = ProviderSummary;
    fn deref(&self) -> &ProviderSummary {
        &self.summary
    }
}

impl Side {
    fn of(assessment: &Assessment) -> Side {
        Side {
            summary: assessment.summary(),
            red_flags: assessment.red_flags.len(),
        }
    }
}

/// Which way the class moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// A higher class.
    Up,
    /// The same class.
    Same,
    /// A lower class.
    Down,
}

/// One domain, before and after.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct DomainDelta {
    /// Domain id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Score in OLD (null: no answers).
    pub old: Option<f64>,
    /// Score in NEW (null: no answers).
    pub new: Option<f64>,
    /// NEW − OLD, when both have a score.
    pub delta: Option<f64>,
}

/// One question whose answer differs.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct AnswerChange {
    /// Question id.
    pub question: String,
    /// Domain id.
    pub domain: String,
    /// The question's text (in NEW's perspective), when the questionnaire is at hand.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub text: Option<String>,
    /// The answer in OLD, as written (null: unanswered or not applicable).
    pub from: Option<String>,
    /// The answer in NEW, as written (null: unanswered or not applicable).
    pub to: Option<String>,
    /// The answer's score in OLD, 0–1 (null: unanswered, `na` or not applicable).
    pub score_from: Option<f64>,
    /// The answer's score in NEW, 0–1.
    pub score_to: Option<f64>,
    /// `score_to − score_from`, when both exist.
    pub score_delta: Option<f64>,
    /// How much this change alone, applied to OLD, moves the overall score (points).
    pub overall_effect: Option<f64>,
    /// Whether the question applied in OLD.
    pub applicable_before: bool,
    /// Whether the question applies in NEW.
    pub applicable_after: bool,
    /// Some answer of the question raises a red flag.
    pub critical: bool,
    /// Extension: the question's `ref` (the source questionnaire's identifier), if any.
    #[serde(rename = "ref", default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

/// Where a self-assessment claimed more than an auditor or client found.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Claims {
    /// OLD's perspective (`provider`).
    pub claimed_by: Perspective,
    /// NEW's perspective (`auditor` or `client`).
    pub checked_by: Perspective,
    /// Questions answered in both, where both answers have a score.
    pub compared: usize,
    /// Answers scored higher by the provider than by the checker, worst (largest gap) first.
    pub overstated: Vec<Claim>,
    /// How many answers the provider scored lower than the checker.
    pub understated: usize,
    /// Questions the provider answered that the checker left unanswered (not confirmed).
    pub unconfirmed: Vec<String>,
    /// OLD's overall score − NEW's: how far the self-assessment overstated the whole.
    pub score_gap: Option<f64>,
}

/// One overstated claim.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct Claim {
    /// Question id.
    pub question: String,
    /// Domain id.
    pub domain: String,
    /// The question's text, when the questionnaire is at hand.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub text: Option<String>,
    /// What the provider claimed.
    pub claimed: String,
    /// What was found.
    pub found: String,
    /// Score of the claim, 0–1.
    pub claimed_score: f64,
    /// Score of the finding, 0–1.
    pub found_score: f64,
    /// `claimed_score − found_score`, > 0.
    pub gap: f64,
    /// Some answer of the question raises a red flag.
    pub critical: bool,
    /// Extension: the question's `ref` (the source questionnaire's identifier), if any.
    #[serde(rename = "ref", default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

/// The result of `diff`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Diff {
    /// Always `mspcheck/diff/1`.
    pub format: String,
    /// The questionnaire (NEW's).
    pub questionnaire: QuestionnaireInfo,
    /// Whether only verified answers were counted.
    pub verified_only: bool,
    /// The earlier assessment.
    pub old: Side,
    /// The later assessment.
    pub new: Side,
    /// Which way the class moved.
    pub class_change: Direction,
    /// NEW − OLD overall score, when both have one.
    pub score_delta: Option<f64>,
    /// NEW − OLD coverage.
    pub coverage_delta: f64,
    /// NEW − OLD verified share.
    pub verified_share_delta: f64,
    /// Per domain, in questionnaire order.
    pub domains: Vec<DomainDelta>,
    /// Questions answered in both, with different answers.
    pub changed: Vec<AnswerChange>,
    /// Questions answered in NEW only.
    pub newly_answered: Vec<AnswerChange>,
    /// Questions answered in OLD only (unanswered in NEW, or no longer applicable).
    pub newly_unanswered: Vec<AnswerChange>,
    /// Red flags in NEW that OLD did not have.
    pub red_flags_raised: Vec<RedFlagReport>,
    /// Red flags in OLD that NEW no longer has.
    pub red_flags_cleared: Vec<RedFlagReport>,
    /// Present when OLD is a provider's self-assessment and NEW an auditor's or client's.
    pub claims: Option<Claims>,
}

fn delta(old: Option<f64>, new: Option<f64>) -> Option<f64> {
    Some(new? - old?)
}

/// Question ids of both assessments in questionnaire order: NEW's order, with questions
/// only OLD has placed after the question that precedes them in OLD.
fn merged_order<'a>(old: &'a [AnswerReport], new: &'a [AnswerReport]) -> Vec<&'a str> {
    let in_new = |id: &str| new.iter().any(|answer| answer.question == id);
    let mut order = Vec::with_capacity(new.len().max(old.len()));
    let mut next_old = 0;
    for answer in new {
        if let Some(position) = old
            .iter()
            .position(|before| before.question == answer.question)
        {
            while next_old < position {
                if !in_new(&old[next_old].question) {
                    order.push(old[next_old].question.as_str());
                }
                next_old += 1;
            }
            next_old = next_old.max(position + 1);
        }
        order.push(answer.question.as_str());
    }
    order.extend(
        old[next_old.min(old.len())..]
            .iter()
            .filter(|answer| !in_new(&answer.question))
            .map(|answer| answer.question.as_str()),
    );
    order
}

/// Compares two assessments of one provider (OLD first).
pub fn diff(old: &Assessment, new: &Assessment) -> Diff {
    let class_change = match new.classification.cmp(&old.classification) {
        std::cmp::Ordering::Greater => Direction::Up,
        std::cmp::Ordering::Equal => Direction::Same,
        std::cmp::Ordering::Less => Direction::Down,
    };
    let mut domains: Vec<DomainDelta> = new
        .domains
        .iter()
        .map(|domain| {
            let before = old
                .domains
                .iter()
                .find(|other| other.id == domain.id)
                .and_then(|other| other.score);
            DomainDelta {
                id: domain.id.clone(),
                title: domain.title.clone(),
                old: before,
                new: domain.score,
                delta: delta(before, domain.score),
            }
        })
        .collect();
    domains.extend(
        old.domains
            .iter()
            .filter(|domain| !new.domains.iter().any(|other| other.id == domain.id))
            .map(|domain| DomainDelta {
                id: domain.id.clone(),
                title: domain.title.clone(),
                old: domain.score,
                new: None,
                delta: None,
            }),
    );

    let (mut changed, mut newly_answered, mut newly_unanswered) =
        (Vec::new(), Vec::new(), Vec::new());
    for id in merged_order(&old.answers, &new.answers) {
        let before = old.answers.iter().find(|answer| answer.question == id);
        let after = new.answers.iter().find(|answer| answer.question == id);
        let from = before.and_then(|answer| answer.answer.as_ref().map(ToString::to_string));
        let to = after.and_then(|answer| answer.answer.as_ref().map(ToString::to_string));
        if from == to {
            continue;
        }
        let Some(known) = after.or(before) else {
            continue;
        };
        let (score_from, score_to) = (
            before.and_then(|answer| answer.score),
            after.and_then(|answer| answer.score),
        );
        let change = AnswerChange {
            question: id.to_string(),
            domain: known.domain.clone(),
            text: None,
            score_delta: delta(score_from, score_to),
            from: from.clone(),
            to: to.clone(),
            score_from,
            score_to,
            overall_effect: None,
            applicable_before: before.is_some(),
            applicable_after: after.is_some(),
            critical: known.critical,
            reference: known.reference.clone(),
        };
        match (from.is_some(), to.is_some()) {
            (true, true) => changed.push(change),
            (false, _) => newly_answered.push(change),
            (true, false) => newly_unanswered.push(change),
        }
    }

    let mut remaining = old.red_flags.clone();
    let mut red_flags_raised = Vec::new();
    for flag in &new.red_flags {
        // By question: the message may be worded for each assessment's reader.
        match remaining.iter().position(|before| before.same_as(flag)) {
            Some(position) => {
                remaining.remove(position);
            }
            None => red_flags_raised.push(flag.clone()),
        }
    }

    let claims = claims(old, new);
    Diff {
        format: FORMAT.to_string(),
        questionnaire: new.questionnaire.clone(),
        verified_only: new.verified_only,
        old: Side::of(old),
        new: Side::of(new),
        class_change,
        score_delta: delta(old.score, new.score),
        coverage_delta: new.coverage - old.coverage,
        verified_share_delta: new.verified_share - old.verified_share,
        domains,
        changed,
        newly_answered,
        newly_unanswered,
        red_flags_raised,
        red_flags_cleared: remaining,
        claims,
    }
}

/// The claims view, when OLD is the provider's own and NEW an auditor's or client's.
fn claims(old: &Assessment, new: &Assessment) -> Option<Claims> {
    let claimed_by = old
        .perspective
        .filter(|perspective| *perspective == Perspective::Provider)?;
    let checked_by = new
        .perspective
        .filter(|perspective| matches!(perspective, Perspective::Auditor | Perspective::Client))?;
    let mut overstated = Vec::new();
    let mut understated = 0;
    let mut compared = 0;
    let mut unconfirmed = Vec::new();
    for claim in &old.answers {
        let Some(claimed) = &claim.answer else {
            continue;
        };
        let found = new
            .answers
            .iter()
            .find(|answer| answer.question == claim.question);
        let Some((found, finding)) =
            found.and_then(|answer| Some((answer, answer.answer.as_ref()?)))
        else {
            unconfirmed.push(claim.question.clone());
            continue;
        };
        let (Some(claimed_score), Some(found_score)) = (claim.score, found.score) else {
            continue;
        };
        compared += 1;
        if claimed_score > found_score + EPSILON {
            overstated.push(Claim {
                question: claim.question.clone(),
                domain: claim.domain.clone(),
                text: None,
                claimed: claimed.to_string(),
                found: finding.to_string(),
                claimed_score,
                found_score,
                gap: claimed_score - found_score,
                critical: claim.critical || found.critical,
                reference: found.reference.clone().or_else(|| claim.reference.clone()),
            });
        } else if found_score > claimed_score + EPSILON {
            understated += 1;
        }
    }
    // Worst first: the largest gap, then critical questions, then questionnaire order (stable).
    overstated.sort_by(|left, right| {
        right
            .gap
            .total_cmp(&left.gap)
            .then(right.critical.cmp(&left.critical))
    });
    Some(Claims {
        claimed_by,
        checked_by,
        compared,
        overstated,
        understated,
        unconfirmed,
        score_gap: delta(new.score, old.score),
    })
}

/// Fills in each change's question text and its effect on the overall score: the answers
/// that counted in OLD with only that one answer taken from NEW, scored again. Both answer
/// lists are by question index of `questionnaire` (the questionnaire both were checked
/// against); nothing is filled when their lengths do not match it.
pub fn add_effects(
    diff: &mut Diff,
    questionnaire: &ValidQuestionnaire,
    old: &[Option<AnswerValue>],
    new: &[Option<AnswerValue>],
) {
    let count = questionnaire.questions.len();
    if old.len() != count || new.len() != count {
        return;
    }
    let perspective = diff.new.perspective;
    let score = |answers: &[Option<AnswerValue>]| {
        let borrowed: Vec<Option<&AnswerValue>> = answers.iter().map(Option::as_ref).collect();
        evaluate(questionnaire, &borrowed).score
    };
    let base = score(old);
    let text_of = |id: &str| {
        questionnaire.question_index(id).map(|position| {
            questionnaire.questions[position]
                .text_for(perspective)
                .to_string()
        })
    };
    for change in diff
        .changed
        .iter_mut()
        .chain(diff.newly_answered.iter_mut())
        .chain(diff.newly_unanswered.iter_mut())
    {
        let Some(position) = questionnaire.question_index(&change.question) else {
            continue;
        };
        change.text = text_of(&change.question);
        // A question that did not apply in OLD changes nothing there on its own.
        if !change.applicable_before {
            continue;
        }
        let mut answers = old.to_vec();
        answers[position] = new[position].clone();
        change.overall_effect = delta(base, score(&answers));
    }
    if let Some(claims) = &mut diff.claims {
        for claim in &mut claims.overstated {
            claim.text = text_of(&claim.question);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assessment::{assess, counted_answers, stale_answers, Options};
    use crate::model::questionnaire::Class;
    use crate::source::Source;
    use crate::validate::{self, ValidAnswers};
    use crate::yaml::Document;

    const QUESTIONNAIRE: &str = r#"
format: mspcheck/questionnaire/1
id: progress
version: 1.0.0
title: Progress
domains: [{ id: ops, title: Operations, weight: 1 }, { id: sec, title: Security, weight: 1 }]
questions:
  - id: ops.patching
    domain: ops
    text: How fast are patches applied?
    kind: choice
    options:
      - { value: days, score: 1 }
      - { value: weeks, score: 0.5 }
      - { value: never, score: 0, red_flag: Patches are never applied }
  - { id: ops.reviews, domain: ops, text: Reviews?, kind: yes_no }
  - { id: sec.mfa, domain: sec, text: MFA?, wording: { auditor: Is MFA enforced? }, kind: yes_no, options: [{ value: no, red_flag: No MFA }] }
  - { id: sec.plan, domain: sec, text: Plan?, kind: yes_no }
classification:
  rules:
    - { class: mature, if: { score_at_least: 75, red_flags_at_most: 0 } }
    - { class: amateur, if: {} }
"#;

    fn document(name: &str, text: &str) -> Document {
        Document::parse(Source::from_bytes(name.into(), None, text.as_bytes()).unwrap()).unwrap()
    }

    fn questionnaire() -> ValidQuestionnaire {
        validate::questionnaire::validate(&document("q.yaml", QUESTIONNAIRE)).unwrap()
    }

    fn answers(questionnaire: &ValidQuestionnaire, perspective: &str, body: &str) -> ValidAnswers {
        let text = format!("format: mspcheck/answers/1\nprovider: Acme\nperspective: {perspective}\nanswers:\n{body}");
        let document = document("a.yaml", &text);
        let header = validate::answers::read_header(&document).unwrap();
        validate::answers::validate(&document, &header, questionnaire, false).unwrap()
    }

    fn run(old: (&str, &str), new: (&str, &str)) -> Diff {
        let questionnaire = questionnaire();
        let options = Options {
            detail: crate::assessment::Detail::NoRoadmap,
            ..Options::default()
        };
        let prepare = |(perspective, body): (&str, &str)| {
            let answers = answers(&questionnaire, perspective, body);
            let stale = stale_answers(&questionnaire, &answers, &options);
            (
                assess(&questionnaire, &answers, &options),
                counted_answers(&questionnaire, &answers, &options, &stale),
            )
        };
        let (old_assessment, old_counted) = prepare(old);
        let (new_assessment, new_counted) = prepare(new);
        let mut result = diff(&old_assessment, &new_assessment);
        add_effects(&mut result, &questionnaire, &old_counted, &new_counted);
        result
    }

    #[test]
    fn progress_from_amateur_to_mature() {
        let result = run(
            (
                "client",
                "  ops.patching: never\n  ops.reviews: yes\n  sec.mfa: no\n",
            ),
            (
                "client",
                "  ops.patching: days\n  sec.mfa: yes\n  sec.plan: yes\n",
            ),
        );
        assert_eq!(
            (result.old.classification, result.new.classification),
            (Class::Amateur, Class::Mature)
        );
        assert_eq!(result.class_change, Direction::Up);
        // OLD: ops 50, sec 0 → 25; NEW: ops 100, sec 100 → 100.
        assert!((result.score_delta.unwrap() - 75.0).abs() < 1e-9);
        let changed: Vec<(&str, Option<&str>, Option<&str>)> = result
            .changed
            .iter()
            .map(|change| {
                (
                    change.question.as_str(),
                    change.from.as_deref(),
                    change.to.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            changed,
            [
                ("ops.patching", Some("never"), Some("days")),
                ("sec.mfa", Some("no"), Some("yes"))
            ]
        );
        assert_eq!(result.changed[0].score_delta, Some(1.0));
        // ops.patching alone: ops (1 + 1) / 2 = 100, sec 0 → 50, from 25: +25 points.
        assert!((result.changed[0].overall_effect.unwrap() - 25.0).abs() < 1e-9);
        assert_eq!(
            result
                .newly_answered
                .iter()
                .map(|change| change.question.as_str())
                .collect::<Vec<_>>(),
            ["sec.plan"]
        );
        assert_eq!(
            result
                .newly_unanswered
                .iter()
                .map(|change| change.question.as_str())
                .collect::<Vec<_>>(),
            ["ops.reviews"]
        );
        assert_eq!(result.red_flags_raised, []);
        assert_eq!(result.red_flags_cleared.len(), 2);
        assert!(result.claims.is_none(), "both are client assessments");
        assert_eq!(result.domains[1].delta, Some(100.0));
    }

    #[test]
    fn self_assessment_checked_by_an_auditor_lists_overstated_claims_worst_first() {
        let result = run(
            (
                "provider",
                "  ops.patching: days\n  ops.reviews: no\n  sec.mfa: yes\n  sec.plan: yes\n",
            ),
            (
                "auditor",
                "  ops.patching: weeks\n  ops.reviews: yes\n  sec.mfa: no\n",
            ),
        );
        let claims = result
            .claims
            .as_ref()
            .expect("provider → auditor has claims");
        assert_eq!(
            (claims.claimed_by, claims.checked_by),
            (Perspective::Provider, Perspective::Auditor)
        );
        let overstated: Vec<(&str, f64)> = claims
            .overstated
            .iter()
            .map(|claim| (claim.question.as_str(), claim.gap))
            .collect();
        assert_eq!(overstated, [("sec.mfa", 1.0), ("ops.patching", 0.5)]);
        assert_eq!(
            claims.overstated[0].text.as_deref(),
            Some("Is MFA enforced?")
        );
        assert!(claims.overstated[0].critical);
        assert_eq!(claims.understated, 1);
        assert_eq!(claims.compared, 3);
        assert_eq!(claims.unconfirmed, ["sec.plan"]);
        assert_eq!(
            result.red_flags_raised,
            [RedFlagReport {
                question: Some("sec.mfa".into()),
                flag: None,
                severity: crate::model::questionnaire::Severity::High,
                message: "No MFA".into(),
                questions: vec!["sec.mfa".into()],
                reference: None,
            }]
        );
        assert_eq!(result.class_change, Direction::Down);
    }

    #[test]
    fn an_auditor_before_a_provider_has_no_claims_view() {
        let result = run(
            ("auditor", "  sec.mfa: yes\n"),
            ("provider", "  sec.mfa: no\n"),
        );
        assert!(result.claims.is_none());
    }

    #[test]
    fn identical_assessments_differ_in_nothing() {
        let body = "  ops.patching: weeks\n  sec.mfa: yes\n";
        let result = run(("client", body), ("client", body));
        assert_eq!(result.class_change, Direction::Same);
        assert_eq!(result.score_delta, Some(0.0));
        assert!(
            result.changed.is_empty()
                && result.newly_answered.is_empty()
                && result.newly_unanswered.is_empty()
        );
        assert!(result.red_flags_raised.is_empty() && result.red_flags_cleared.is_empty());
    }

    #[test]
    fn questions_only_old_has_keep_their_place() {
        let answer = |question: &str| AnswerReport {
            question: question.into(),
            domain: "d".into(),
            text: String::new(),
            answer: None,
            label: None,
            score: None,
            verified: false,
            note: None,
            evidence: None,
            critical: false,
            stale: false,
            red_flag: false,
            reference: None,
            unscored: false,
        };
        let old = [answer("a"), answer("b"), answer("c"), answer("d")];
        let new = [answer("a"), answer("c"), answer("e")];
        assert_eq!(merged_order(&old, &new), ["a", "b", "c", "e", "d"]);
    }
}
