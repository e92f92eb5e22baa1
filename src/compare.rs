//! `compare`: several providers assessed with one questionnaire, ranked best first, each
//! adjacent pair's order explained, and the order tested against a ±25% change of every
//! domain weight. Pure: the command loads and assesses; this module orders and recomputes.
//!
//! The ranking, criterion by criterion (the first that tells two providers apart decides):
//!
//! 1. standing: clear mature first, then providers held back from mature (only red flags stand
//!    between their answers and mature), then the rest (SPEC's "Standing");
//! 2. class: mature above pseudo above amateur (SPEC's `amateur < pseudo < mature`);
//! 3. overall score, higher first (no score ranks below any score);
//! 4. red flags, fewer first;
//! 5. coverage, higher first.
//!
//! Providers equal on all four are tied: they share a rank and keep argument order. Scores
//! and coverage are compared at a resolution of one millionth, so two results that differ
//! only by floating-point noise count as equal.

use std::cmp::{Ordering, Reverse};
use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::assessment::{Assessment, ProviderSummary, QuestionnaireInfo, RedFlagReport, Standing};
use crate::classify::class_of;
use crate::model::questionnaire::Class;
use crate::posture::{Evidence, EvidenceTotals, FrameworkPosture};
use crate::score::evaluate;
use crate::validate::{AnswerValue, ValidQuestionnaire};

/// The comparison's `format:`.
pub const FORMAT: &str = "mspcheck/compare/1";

/// How far each domain weight is moved, up and down, by the sensitivity check.
pub const WEIGHT_CHANGE: f64 = 0.25;

/// Scores and coverage are compared in steps of this size (one millionth).
const RESOLUTION: f64 = 1e6;

/// One provider to rank: its assessment, the questionnaire it was assessed with, and the
/// answers that counted (after `--verified-only`), by question index.
#[derive(Debug, Clone, Copy)]
pub struct Entrant<'a> {
    /// The assessment.
    pub assessment: &'a Assessment,
    /// Its questionnaire.
    pub questionnaire: &'a ValidQuestionnaire,
    /// The answers that counted.
    pub counted: &'a [Option<AnswerValue>],
}

/// A ranking criterion, in the order they are applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Criterion {
    /// Standing: clear mature > held back from mature > the rest.
    Standing,
    /// Class: mature > pseudo > amateur.
    Class,
    /// Overall score, higher first.
    Score,
    /// Red flags, fewer first.
    RedFlags,
    /// Coverage, higher first.
    Coverage,
}

impl Criterion {
    /// Every criterion, in the order applied.
    pub const ALL: [Criterion; 5] = [
        Criterion::Standing,
        Criterion::Class,
        Criterion::Score,
        Criterion::RedFlags,
        Criterion::Coverage,
    ];

    /// The criterion in words.
    pub fn as_str(self) -> &'static str {
        match self {
            Criterion::Standing => "standing",
            Criterion::Class => "class",
            Criterion::Score => "overall score",
            Criterion::RedFlags => "red flags",
            Criterion::Coverage => "coverage",
        }
    }
}

/// The ranking rule in one sentence, for reports.
pub const RANKING_RULE: &str =
    "Ranked by standing (clear mature, then held back from mature, then the rest), then class (mature > pseudo > amateur), then overall score (higher first), then red flags (fewer first), then coverage (higher first).";

/// What ranking looks at.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rank {
    /// 2: clear mature; 1: held back from mature; 0: the rest.
    pub tier: u8,
    /// Class.
    pub class: Class,
    /// Overall score.
    pub score: Option<f64>,
    /// Number of red flags.
    pub red_flags: usize,
    /// Coverage, 0–1.
    pub coverage: f64,
}

fn quantize(value: f64) -> i64 {
    let scaled = (value * RESOLUTION).round();
    if scaled.is_finite() {
        scaled as i64
    } else {
        0
    }
}

impl Rank {
    /// The standing of an assessment.
    pub fn of(assessment: &Assessment) -> Rank {
        Rank {
            tier: tier(
                assessment.classification,
                assessment.standing,
                assessment.held_back_from,
            ),
            class: assessment.classification,
            score: assessment.score,
            red_flags: assessment.red_flags.len(),
            coverage: assessment.coverage,
        }
    }

    /// A total order key: greater ranks higher.
    fn key(&self) -> (u8, Class, Option<i64>, Reverse<usize>, i64) {
        (
            self.tier,
            self.class,
            self.score.map(quantize),
            Reverse(self.red_flags),
            quantize(self.coverage),
        )
    }
}

/// The standing tier: 2 for a clear (or decided) mature, 1 for held back from mature, 0 else.
pub fn tier(class: Class, standing: Standing, held_back_from: Option<Class>) -> u8 {
    match (class, standing, held_back_from) {
        (Class::Mature, Standing::Clear, _) => 2,
        (_, Standing::HeldBack, Some(Class::Mature)) => 1,
        _ => 0,
    }
}

/// The standing beside the class in ranking tables, when it is not clear: "held back from
/// mature", "undecided", "held back from mature, undecided".
pub fn standing_note(summary: &ProviderSummary) -> Option<String> {
    let undecided = (!summary.decided).then_some("undecided");
    let held = match (summary.standing, summary.held_back_from) {
        (Standing::HeldBack, Some(from)) => Some(format!("held back from {}", from.as_str())),
        _ => None,
    };
    match (held, undecided) {
        (Some(held), Some(undecided)) => Some(format!("{held}, {undecided}")),
        (Some(held), None) => Some(held),
        (None, undecided) => undecided.map(str::to_string),
    }
}

/// How two standings compare: `Greater` when `left` ranks above `right`, and the first
/// criterion that tells them apart (`None` when they are tied on all four).
pub fn order(left: &Rank, right: &Rank) -> (Ordering, Option<Criterion>) {
    let (a, b) = (left.key(), right.key());
    let steps = [
        a.0.cmp(&b.0),
        a.1.cmp(&b.1),
        a.2.cmp(&b.2),
        a.3.cmp(&b.3),
        a.4.cmp(&b.4),
    ];
    let found = steps
        .iter()
        .zip(Criterion::ALL)
        .find(|(ordering, _)| **ordering != Ordering::Equal)
        .map_or((Ordering::Equal, None), |(ordering, criterion)| {
            (*ordering, Some(criterion))
        });
    // Standing first, but where the class already orders the two the same way, say "class".
    match found {
        (ordering, Some(Criterion::Standing)) if steps[1] == ordering => {
            (ordering, Some(Criterion::Class))
        }
        other => other,
    }
}

/// The result of `compare`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Comparison {
    /// Always `mspcheck/compare/1`.
    pub format: String,
    /// The questionnaire every provider was assessed with.
    pub questionnaire: QuestionnaireInfo,
    /// Whether only verified answers were counted.
    pub verified_only: bool,
    /// The criteria, in the order applied.
    pub ranked_by: Vec<Criterion>,
    /// The domains, in questionnaire order.
    pub domains: Vec<DomainColumn>,
    /// The providers, best first.
    pub providers: Vec<RankedProvider>,
    /// Each provider and the one ranked just below it: why, and whether it holds when a
    /// domain weight moves.
    pub pairs: Vec<Pair>,
    /// The weight-sensitivity check as a whole.
    pub sensitivity: Sensitivity,
    /// With `--framework`: per framework, each provider's evidence per control side by
    /// side (providers in ranking order). Left out otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub frameworks: Vec<FrameworkComparison>,
    /// With `--framework`: the contract clause topics the providers' gaps call for, each
    /// with the gaps per provider (in ranking order). Left out otherwise, and when the
    /// questionnaire has no clause topics.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clauses: Option<ClauseComparison>,
}

/// One framework, every provider's evidence side by side.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct FrameworkComparison {
    /// Framework id.
    pub framework: String,
    /// Its title.
    pub title: String,
    /// Its version.
    pub version: String,
    /// What its controls are called ("subcategories", "safeguards" …).
    pub noun: String,
    /// Controls in the catalogue.
    pub total: usize,
    /// Controls some question of the questionnaire reaches (the rows below).
    pub reached: usize,
    /// What the questionnaire can and cannot judge of the framework (the same for every
    /// provider): evidence, never compliance.
    pub coverage: String,
    /// Per provider, in ranking order: how many reached controls have each kind of evidence.
    pub totals: Vec<EvidenceTotals>,
    /// The reached controls, in catalogue order.
    pub controls: Vec<ControlComparison>,
    /// How many controls the providers' evidence differs on.
    pub differing: usize,
    /// The licence note of the catalogue, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licence: Option<String>,
}

/// One control, every provider's evidence on it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ControlComparison {
    /// Control id.
    pub id: String,
    /// Its title, where the licence allows one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Its group (a CIS implementation group …), if the catalogue has groups.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The questions that give evidence on it.
    pub questions: Vec<String>,
    /// Extension: the `ref` (the source questionnaire's identifier) of each of `questions`
    /// that has one, by question id; absent when none has.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub refs: BTreeMap<String, String>,
    /// Each provider's evidence, in ranking order.
    pub evidence: Vec<Evidence>,
    /// True when the providers' evidence is not all the same.
    pub differs: bool,
}

/// The contract clause topics the providers' gaps call for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ClauseComparison {
    /// Clause topics some provider's gaps call for, in the questionnaire's order.
    pub topics: Vec<ClauseTopic>,
    /// Per provider, in ranking order: the questions whose gaps no clause topic covers.
    pub uncovered: Vec<Vec<String>>,
    /// Extension: the `ref` (the source questionnaire's identifier) of each question named
    /// in `topics` and `uncovered` that has one, by question id; absent when none has.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub refs: BTreeMap<String, String>,
}

/// One clause topic and, per provider, the gaps it would cover.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ClauseTopic {
    /// Clause id.
    pub id: String,
    /// The topic.
    pub topic: String,
    /// Where the topic comes from.
    pub source: String,
    /// Per provider, in ranking order: the questions whose gaps call for this clause (empty:
    /// that provider's answers do not).
    pub gaps: Vec<Vec<String>>,
}

/// A domain of the questionnaire.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct DomainColumn {
    /// Domain id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Weight in the overall score.
    pub weight: f64,
}

/// One provider in the ranking.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct RankedProvider {
    /// 1 = best; tied providers share a rank (1, 2, 2, 4).
    pub rank: usize,
    /// The provider and the headline result (flattened into this object in JSON).
    #[serde(flatten)]
    pub summary: ProviderSummary,
    /// Per domain, in questionnaire order.
    pub domains: Vec<ProviderDomain>,
    /// Red flags raised.
    pub red_flags: Vec<RedFlagReport>,
}

impl std::ops::Deref for RankedProvider {
    type Target = ProviderSummary;
    fn deref(&self) -> &ProviderSummary {
        &self.summary
    }
}

/// One domain's score for one provider.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct ProviderDomain {
    /// Domain id.
    pub id: String,
    /// 0–100, or null when no applicable question of the domain is answered.
    pub score: Option<f64>,
}

/// A provider and the one ranked just below it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Pair {
    /// Position (0-based) of the upper provider in `providers`.
    pub above: usize,
    /// Position (0-based) of the lower provider in `providers` (`above + 1`).
    pub below: usize,
    /// The criterion that put `above` first; null when the two are tied.
    pub decided_by: Option<Criterion>,
    /// Why, in words (numbers only; the provider names are in `providers`).
    pub explanation: String,
    /// True when no ±25% change of a single domain weight changes the pair's order.
    pub robust: bool,
    /// The weight changes that change the pair's order.
    pub flips: Vec<Flip>,
}

/// What a weight change does to a pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FlipOutcome {
    /// The lower provider moves above the upper one.
    Overtakes,
    /// The two become tied.
    Ties,
    /// Two tied providers are told apart (the lower one moves ahead when `below_ahead`).
    BreaksTie,
}

/// One single-domain weight change that changes a pair's order.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Flip {
    /// The domain whose weight moved.
    pub domain: String,
    /// Its weight in the questionnaire.
    pub weight_from: f64,
    /// Its weight in the test.
    pub weight_to: f64,
    /// The relative change, −0.25 or +0.25.
    pub change: f64,
    /// What happens to the pair.
    pub outcome: FlipOutcome,
    /// True when the lower provider ends up ahead.
    pub below_ahead: bool,
    /// The upper provider's class with the changed weight.
    pub above_class: Class,
    /// The upper provider's overall score with the changed weight.
    pub above_score: Option<f64>,
    /// The lower provider's class with the changed weight.
    pub below_class: Class,
    /// The lower provider's overall score with the changed weight.
    pub below_score: Option<f64>,
}

/// The sensitivity check as a whole.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Sensitivity {
    /// The relative weight change tried, up and down (0.25).
    pub weight_change: f64,
    /// How many weight changes were tried (two per domain).
    pub scenarios: usize,
    /// True when at least one single weight change reorders some pair.
    pub ranking_changes: bool,
}

/// Ranks the entrants and tests the ranking's sensitivity; `None` when there are none.
pub fn compare(entrants: &[Entrant<'_>]) -> Option<Comparison> {
    let first = entrants.first()?;
    let standings: Vec<Rank> = entrants
        .iter()
        .map(|entrant| Rank::of(entrant.assessment))
        .collect();
    let mut ranked: Vec<usize> = (0..entrants.len()).collect();
    // Stable: tied providers keep argument order.
    ranked.sort_by(|left, right| order(&standings[*right], &standings[*left]).0);

    let providers: Vec<RankedProvider> = ranked
        .iter()
        .map(|&index| {
            let assessment = entrants[index].assessment;
            let better = standings
                .iter()
                .filter(|other| order(other, &standings[index]).0 == Ordering::Greater)
                .count();
            RankedProvider {
                rank: better + 1,
                summary: assessment.summary(),
                domains: assessment
                    .domains
                    .iter()
                    .map(|domain| ProviderDomain {
                        id: domain.id.clone(),
                        score: domain.score,
                    })
                    .collect(),
                red_flags: assessment.red_flags.clone(),
            }
        })
        .collect();

    let domains: Vec<DomainColumn> = first
        .questionnaire
        .domains
        .iter()
        .map(|domain| DomainColumn {
            id: domain.id.clone(),
            title: domain.title.clone(),
            weight: domain.weight,
        })
        .collect();

    let mut pairs: Vec<Pair> = ranked
        .windows(2)
        .enumerate()
        .map(|(position, window)| {
            let (above, below) = (&standings[window[0]], &standings[window[1]]);
            let (_, decided_by) = order(above, below);
            Pair {
                above: position,
                below: position + 1,
                decided_by,
                explanation: explain(above, below, decided_by),
                robust: true,
                flips: Vec::new(),
            }
        })
        .collect();

    let mut scenarios = 0;
    for domain in &domains {
        for change in [-WEIGHT_CHANGE, WEIGHT_CHANGE] {
            scenarios += 1;
            let changed = restand(entrants, &domain.id, 1.0 + change);
            for (pair, window) in pairs.iter_mut().zip(ranked.windows(2)) {
                let before = order(&standings[window[0]], &standings[window[1]]).0;
                let (above, below) = (&changed[window[0]], &changed[window[1]]);
                let after = order(above, below).0;
                if after == before {
                    continue;
                }
                let outcome = match (before, after) {
                    (Ordering::Equal, _) => FlipOutcome::BreaksTie,
                    (_, Ordering::Equal) => FlipOutcome::Ties,
                    _ => FlipOutcome::Overtakes,
                };
                pair.robust = false;
                pair.flips.push(Flip {
                    domain: domain.id.clone(),
                    weight_from: domain.weight,
                    weight_to: domain.weight * (1.0 + change),
                    change,
                    outcome,
                    below_ahead: after == Ordering::Less,
                    above_class: above.class,
                    above_score: above.score,
                    below_class: below.class,
                    below_score: below.score,
                });
            }
        }
    }
    let ranking_changes = pairs.iter().any(|pair| !pair.robust);
    Some(Comparison {
        format: FORMAT.to_string(),
        questionnaire: first.assessment.questionnaire.clone(),
        verified_only: first.assessment.verified_only,
        ranked_by: Criterion::ALL.to_vec(),
        domains,
        providers,
        pairs,
        sensitivity: Sensitivity {
            weight_change: WEIGHT_CHANGE,
            scenarios,
            ranking_changes,
        },
        frameworks: frameworks_side_by_side(entrants, &ranked),
        clauses: clauses_side_by_side(entrants, &ranked),
    })
}

/// The framework view: for every framework the assessments carry (`--framework`), each
/// reached control with every provider's evidence, providers in ranking order.
fn frameworks_side_by_side(entrants: &[Entrant<'_>], ranked: &[usize]) -> Vec<FrameworkComparison> {
    let Some(first) = entrants.first() else {
        return Vec::new();
    };
    first
        .assessment
        .frameworks
        .iter()
        .map(|framework| {
            // Every entrant was assessed with the same questionnaire and `--framework`, so
            // the same framework and controls; they are still matched by id.
            let postures: Vec<Option<&FrameworkPosture>> = ranked
                .iter()
                .map(|&index| {
                    entrants[index]
                        .assessment
                        .frameworks
                        .iter()
                        .find(|other| other.framework == framework.framework)
                })
                .collect();
            let controls: Vec<ControlComparison> = framework
                .controls
                .iter()
                .map(|control| {
                    let evidence: Vec<Evidence> = postures
                        .iter()
                        .map(|posture| {
                            posture
                                .and_then(|posture| {
                                    posture.controls.iter().find(|other| other.id == control.id)
                                })
                                .map_or(Evidence::Unanswered, |other| other.evidence)
                        })
                        .collect();
                    let questions = control
                        .questions
                        .iter()
                        .map(|question| question.question.clone())
                        .fold(Vec::new(), |mut ids, id| {
                            if !ids.contains(&id) {
                                ids.push(id);
                            }
                            ids
                        });
                    ControlComparison {
                        id: control.id.clone(),
                        title: control.title.clone(),
                        group: control.group.clone(),
                        refs: refs(first.questionnaire, &questions),
                        questions,
                        differs: evidence.windows(2).any(|pair| pair[0] != pair[1]),
                        evidence,
                    }
                })
                .collect();
            FrameworkComparison {
                framework: framework.framework.clone(),
                title: framework.title.clone(),
                version: framework.version.clone(),
                noun: framework.noun.clone(),
                total: framework.total,
                reached: framework.reached,
                coverage: framework.coverage.clone(),
                totals: postures
                    .iter()
                    .map(|posture| posture.map(|posture| posture.totals).unwrap_or_default())
                    .collect(),
                differing: controls.iter().filter(|control| control.differs).count(),
                controls,
                licence: framework.licence.clone(),
            }
        })
        .collect()
}

/// The clause view (with `--framework`): each clause topic some provider's gaps call for,
/// with those gaps per provider in ranking order.
fn clauses_side_by_side(entrants: &[Entrant<'_>], ranked: &[usize]) -> Option<ClauseComparison> {
    let first = entrants.first()?;
    if first.assessment.frameworks.is_empty() {
        return None;
    }
    let sections: Vec<Option<&crate::clauses::ClauseSection>> = ranked
        .iter()
        .map(|&index| entrants[index].assessment.clauses.as_ref())
        .collect();
    if sections.iter().all(Option::is_none) {
        return None;
    }
    let topics: Vec<ClauseTopic> = first
        .questionnaire
        .clauses
        .iter()
        .filter_map(|clause| {
            let definition = &clause.definition;
            let gaps: Vec<Vec<String>> = sections
                .iter()
                .map(|section| {
                    section
                        .and_then(|section| {
                            section
                                .clauses
                                .iter()
                                .find(|found| found.id == definition.id)
                        })
                        .map_or_else(Vec::new, |found| {
                            found.gaps.iter().map(|gap| gap.question.clone()).collect()
                        })
                })
                .collect();
            gaps.iter()
                .any(|gaps| !gaps.is_empty())
                .then(|| ClauseTopic {
                    id: definition.id.clone(),
                    topic: definition.topic.clone(),
                    source: definition.source.clone(),
                    gaps,
                })
        })
        .collect();
    let uncovered: Vec<Vec<String>> = sections
        .iter()
        .map(|section| {
            section.map_or_else(Vec::new, |section| {
                section
                    .uncovered
                    .iter()
                    .map(|gap| gap.question.clone())
                    .collect()
            })
        })
        .collect();
    let named: Vec<String> = topics
        .iter()
        .flat_map(|topic| topic.gaps.iter().flatten())
        .chain(uncovered.iter().flatten())
        .cloned()
        .collect();
    Some(ClauseComparison {
        refs: refs(first.questionnaire, &named),
        topics,
        uncovered,
    })
}

/// The `ref` of each of `questions` that has one, by question id.
fn refs(questionnaire: &ValidQuestionnaire, questions: &[String]) -> BTreeMap<String, String> {
    questions
        .iter()
        .filter_map(|id| {
            let position = questionnaire.question_index(id)?;
            let reference = questionnaire.questions[position].external_ref()?;
            Some((id.clone(), reference.to_string()))
        })
        .collect()
}

/// Every entrant's standing when the weight of domain `id` is multiplied by `factor`: its
/// own questionnaire copied with that one weight changed, scored and classified again
/// (rules may use the overall score, so the class can move too).
fn restand(entrants: &[Entrant<'_>], id: &str, factor: f64) -> Vec<Rank> {
    let mut changed: Vec<(*const ValidQuestionnaire, ValidQuestionnaire)> = Vec::new();
    entrants
        .iter()
        .map(|entrant| {
            let key: *const ValidQuestionnaire = entrant.questionnaire;
            let position = match changed.iter().position(|(original, _)| *original == key) {
                Some(position) => position,
                None => {
                    let mut copy = entrant.questionnaire.clone();
                    if let Some(domain) = copy.domain_index(id) {
                        copy.domains[domain].weight *= factor;
                        if let Some(definition) = copy.definition.domains.get_mut(domain) {
                            definition.weight *= factor;
                        }
                    }
                    changed.push((key, copy));
                    changed.len() - 1
                }
            };
            let questionnaire = &changed[position].1;
            let answers: Vec<Option<&AnswerValue>> =
                entrant.counted.iter().map(Option::as_ref).collect();
            if answers.len() != questionnaire.questions.len() {
                return Rank::of(entrant.assessment);
            }
            let outcome = evaluate(questionnaire, &answers);
            let original = Rank::of(entrant.assessment);
            let class = class_of(questionnaire, &outcome);
            Rank {
                // The standing is not searched again under another weight: a clear mature that
                // is no longer mature drops to the rest; other tiers keep theirs.
                tier: if original.tier == 2 && class != Class::Mature {
                    0
                } else {
                    original.tier
                },
                class,
                score: outcome.score,
                red_flags: outcome.red_flags.len(),
                coverage: outcome.coverage,
            }
        })
        .collect()
}

/// Two numbers shown with as many decimals (1 to 6) as it takes to tell them apart.
pub fn distinct(left: f64, right: f64) -> (String, String) {
    for decimals in 1..=6 {
        let (a, b) = (format!("{left:.decimals$}"), format!("{right:.decimals$}"));
        if a != b || decimals == 6 {
            return (a, b);
        }
    }
    (format!("{left}"), format!("{right}"))
}

fn score_pair(left: Option<f64>, right: Option<f64>) -> (String, String) {
    match (left, right) {
        (Some(left), Some(right)) => distinct(left, right),
        (left, right) => (
            crate::report::score_text(left),
            crate::report::score_text(right),
        ),
    }
}

fn flags(count: usize) -> String {
    format!("{count} red flag{}", if count == 1 { "" } else { "s" })
}

/// Why `above` ranks above `below` (or that they are tied), in words.
pub fn explain(above: &Rank, below: &Rank, decided_by: Option<Criterion>) -> String {
    let class = above.class.as_str();
    let score = crate::report::score_text(above.score);
    let coverage = crate::report::percent(above.coverage);
    match decided_by {
        Some(Criterion::Standing) => {
            let name = |rank: &Rank| match rank.tier {
                2 => "clear mature".to_string(),
                1 => format!("{} held back from mature only by red flags", rank.class.as_str()),
                _ => rank.class.as_str().to_string(),
            };
            format!("standing decides: {} ranks above {}", name(above), name(below))
        }
        Some(Criterion::Class) => format!("{class} ranks above {}", below.class.as_str()),
        Some(Criterion::Score) => {
            let (a, b) = score_pair(above.score, below.score);
            format!("both {class}; overall score {a} vs {b}")
        }
        Some(Criterion::RedFlags) => {
            format!("both {class} with overall score {score}; {} vs {}", flags(above.red_flags), below.red_flags)
        }
        Some(Criterion::Coverage) => {
            let (a, b) = distinct(above.coverage * 100.0, below.coverage * 100.0);
            format!("both {class} with overall score {score} and {}; coverage {a}% vs {b}%", flags(above.red_flags))
        }
        None => format!("nothing tells them apart: both {class}, overall score {score}, {}, coverage {coverage}", flags(above.red_flags)),
    }
}

/// A weight change in words: "`security` weight 3 → 2.25 (−25%)" without the backticks.
pub fn change_text(flip: &Flip) -> String {
    let number = crate::validate::answers::format_number;
    let sign = if flip.change < 0.0 { "−" } else { "+" };
    format!(
        "weight {} → {} ({sign}{:.0}%)",
        number(flip.weight_from),
        number(flip.weight_to),
        flip.change.abs() * 100.0
    )
}

/// What a flip does to the pair, in words, naming the two providers as given.
pub fn flip_text(flip: &Flip, above: &str, below: &str) -> String {
    let (a, b) = score_pair(flip.above_score, flip.below_score);
    let after = format!(
        "{above} {} {a}, {below} {} {b}",
        flip.above_class.as_str(),
        flip.below_class.as_str()
    );
    match flip.outcome {
        FlipOutcome::Overtakes => format!("{below} moves above {above} ({after})"),
        FlipOutcome::Ties => format!("{above} and {below} become tied ({after})"),
        FlipOutcome::BreaksTie if flip.below_ahead => {
            format!("the tie breaks: {below} moves ahead ({after})")
        }
        FlipOutcome::BreaksTie => format!("the tie breaks: {above} stays ahead ({after})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assessment::{assess, counted_answers, stale_answers, Options};
    use crate::source::Source;
    use crate::validate::{self, ValidAnswers};
    use crate::yaml::Document;

    /// Two domains: `a` (weight 1) and `b` (weight 1); mature needs a score of 60.
    const QUESTIONNAIRE: &str = r#"
format: mspcheck/questionnaire/1
id: pairs
version: 1.0.0
title: Pairs
domains: [{ id: a, title: A, weight: 1 }, { id: b, title: B, weight: 1 }]
questions:
  - { id: a.q, domain: a, text: QA, kind: scale, scale: { min: 0, max: 100 } }
  - { id: b.q, domain: b, text: QB, kind: scale, scale: { min: 0, max: 100 } }
  - { id: b.flag, domain: b, text: F, kind: yes_no, options: [{ value: no, score: 0.5, red_flag: bad }] }
classification:
  rules:
    - { class: mature, if: { score_at_least: 60 } }
    - { class: amateur, if: {} }
"#;

    fn document(name: &str, text: &str) -> Document {
        Document::parse(Source::from_bytes(name.into(), None, text.as_bytes()).unwrap()).unwrap()
    }

    fn questionnaire() -> ValidQuestionnaire {
        validate::questionnaire::validate(&document("q.yaml", QUESTIONNAIRE)).unwrap()
    }

    fn answers(questionnaire: &ValidQuestionnaire, provider: &str, body: &str) -> ValidAnswers {
        let text = format!("format: mspcheck/answers/1\nprovider: {provider}\nanswers:\n{body}");
        let document = document(&format!("{provider}.yaml"), &text);
        let header = validate::answers::read_header(&document).unwrap();
        validate::answers::validate(&document, &header, questionnaire, false).unwrap()
    }

    fn run(questionnaire: &ValidQuestionnaire, cases: &[(&str, &str)]) -> Comparison {
        let options = Options {
            detail: crate::assessment::Detail::NoRoadmap,
            ..Options::default()
        };
        let loaded: Vec<(Assessment, Vec<Option<AnswerValue>>)> = cases
            .iter()
            .map(|(provider, body)| {
                let answers = answers(questionnaire, provider, body);
                let stale = stale_answers(questionnaire, &answers, &options);
                (
                    assess(questionnaire, &answers, &options),
                    counted_answers(questionnaire, &answers, &options, &stale),
                )
            })
            .collect();
        let entrants: Vec<Entrant<'_>> = loaded
            .iter()
            .map(|(assessment, counted)| Entrant {
                assessment,
                questionnaire,
                counted,
            })
            .collect();
        compare(&entrants).unwrap()
    }

    fn names(comparison: &Comparison) -> Vec<&str> {
        comparison
            .providers
            .iter()
            .map(|provider| provider.provider.as_str())
            .collect()
    }

    #[test]
    fn class_outranks_score_and_ties_share_a_rank() {
        let questionnaire = questionnaire();
        let comparison = run(
            &questionnaire,
            &[
                ("low", "  a.q: 10\n  b.q: 10\n"),
                ("high", "  a.q: 90\n  b.q: 90\n"),
                ("twin", "  a.q: 10\n  b.q: 10\n"),
            ],
        );
        assert_eq!(names(&comparison), ["high", "low", "twin"]);
        assert_eq!(
            comparison
                .providers
                .iter()
                .map(|provider| provider.rank)
                .collect::<Vec<_>>(),
            [1, 2, 2]
        );
        assert_eq!(comparison.pairs[0].decided_by, Some(Criterion::Class));
        assert_eq!(comparison.pairs[1].decided_by, None);
        assert!(
            comparison.pairs[1]
                .explanation
                .starts_with("nothing tells them apart"),
            "{}",
            comparison.pairs[1].explanation
        );
    }

    #[test]
    fn red_flags_then_coverage_break_equal_scores() {
        let questionnaire = questionnaire();
        let comparison = run(
            &questionnaire,
            &[
                ("flagged", "  a.q: 50\n  b.q: 50\n  b.flag: no\n"),
                ("partial", "  a.q: 50\n"),
                ("clean", "  a.q: 50\n  b.q: 50\n"),
            ],
        );
        // All score 50 and are amateur. `flagged` is held back from mature by its red flag
        // alone (cleared, it scores 62.5): standing ranks it first. `clean` and `partial` have
        // no red flag, and `clean` answered more.
        assert_eq!(names(&comparison), ["flagged", "clean", "partial"]);
        assert_eq!(comparison.pairs[0].decided_by, Some(Criterion::Standing));
        assert!(
            comparison.pairs[0]
                .explanation
                .starts_with("standing decides"),
            "{}",
            comparison.pairs[0].explanation
        );
        assert_eq!(comparison.pairs[1].decided_by, Some(Criterion::Coverage));
        assert_eq!(
            standing_note(&comparison.providers[0].summary).as_deref(),
            Some("held back from mature")
        );
        assert_eq!(
            standing_note(&comparison.providers[2].summary).as_deref(),
            Some("undecided")
        );
    }

    #[test]
    fn fewer_red_flags_rank_higher_at_equal_score() {
        let rank = |red_flags| Rank {
            tier: 0,
            class: Class::Pseudo,
            score: Some(40.0),
            red_flags,
            coverage: 1.0,
        };
        assert_eq!(
            order(&rank(1), &rank(2)),
            (Ordering::Greater, Some(Criterion::RedFlags))
        );
    }

    #[test]
    fn clear_mature_then_held_back_from_mature_then_the_rest() {
        let rank = |tier, class, score| Rank {
            tier,
            class,
            score: Some(score),
            red_flags: 0,
            coverage: 1.0,
        };
        // Held back from mature outranks a pseudo with a higher score: standing decides.
        assert_eq!(
            order(
                &rank(1, Class::Amateur, 90.0),
                &rank(0, Class::Pseudo, 95.0)
            ),
            (Ordering::Greater, Some(Criterion::Standing))
        );
        // Where class already says it, the class is named.
        assert_eq!(
            order(
                &rank(2, Class::Mature, 80.0),
                &rank(0, Class::Amateur, 90.0)
            ),
            (Ordering::Greater, Some(Criterion::Class))
        );
        // An undecided mature (tier 0) ranks below one held back from mature.
        assert_eq!(
            order(&rank(0, Class::Mature, 80.0), &rank(1, Class::Pseudo, 70.0)).0,
            Ordering::Less
        );
    }

    #[test]
    fn a_quarter_more_weight_on_one_domain_flips_a_close_pair() {
        // A: a 80, b 40 → 60 (mature); B: a 40, b 78 → 59 (amateur). Class decides; with b's
        // weight +25% B scores 61.1 and A 57.8: B becomes mature and A amateur.
        let questionnaire = questionnaire();
        let comparison = run(
            &questionnaire,
            &[
                ("A", "  a.q: 80\n  b.q: 40\n"),
                ("B", "  a.q: 40\n  b.q: 78\n"),
            ],
        );
        assert_eq!(names(&comparison), ["A", "B"]);
        let pair = &comparison.pairs[0];
        assert!(!pair.robust);
        assert!(comparison.sensitivity.ranking_changes);
        assert_eq!(comparison.sensitivity.scenarios, 4);
        let flipped: Vec<(&str, f64)> = pair
            .flips
            .iter()
            .map(|flip| (flip.domain.as_str(), flip.change))
            .collect();
        assert_eq!(flipped, [("a", -0.25), ("b", 0.25)]);
        assert!(pair
            .flips
            .iter()
            .all(|flip| flip.outcome == FlipOutcome::Overtakes && flip.below_ahead));
        assert_eq!(pair.flips[1].below_class, Class::Mature);
        assert_eq!(pair.flips[1].above_class, Class::Amateur);
    }

    #[test]
    fn a_wide_gap_is_robust() {
        let questionnaire = questionnaire();
        let comparison = run(
            &questionnaire,
            &[
                ("A", "  a.q: 90\n  b.q: 90\n"),
                ("B", "  a.q: 70\n  b.q: 70\n"),
            ],
        );
        assert!(comparison.pairs[0].robust);
        assert!(comparison.pairs[0].flips.is_empty());
        assert!(!comparison.sensitivity.ranking_changes);
        assert_eq!(comparison.pairs[0].decided_by, Some(Criterion::Score));
        assert_eq!(
            comparison.pairs[0].explanation,
            "both mature; overall score 90.0 vs 70.0"
        );
    }

    #[test]
    fn equal_scores_with_different_profiles_break_their_tie() {
        let questionnaire = questionnaire();
        let comparison = run(
            &questionnaire,
            &[
                ("A", "  a.q: 80\n  b.q: 70\n"),
                ("B", "  a.q: 70\n  b.q: 80\n"),
            ],
        );
        let pair = &comparison.pairs[0];
        assert_eq!(pair.decided_by, None);
        assert_eq!(pair.flips.len(), 4);
        assert!(pair
            .flips
            .iter()
            .all(|flip| flip.outcome == FlipOutcome::BreaksTie));
        // More weight on `a` favours A (above); more on `b` favours B.
        let a_up = pair
            .flips
            .iter()
            .find(|flip| flip.domain == "a" && flip.change > 0.0)
            .unwrap();
        assert!(!a_up.below_ahead);
        let b_up = pair
            .flips
            .iter()
            .find(|flip| flip.domain == "b" && flip.change > 0.0)
            .unwrap();
        assert!(b_up.below_ahead);
    }

    #[test]
    fn numbers_get_the_decimals_that_tell_them_apart() {
        assert_eq!(
            distinct(71.26, 64.0),
            ("71.3".to_string(), "64.0".to_string())
        );
        assert_eq!(
            distinct(64.04, 64.01),
            ("64.04".to_string(), "64.01".to_string())
        );
        assert_eq!(
            distinct(1.0, 1.0),
            ("1.000000".to_string(), "1.000000".to_string())
        );
    }

    #[test]
    fn no_entrants_no_comparison() {
        assert!(compare(&[]).is_none());
    }

    #[test]
    fn a_missing_score_ranks_below_any_score() {
        let with = Rank {
            tier: 0,
            class: Class::Amateur,
            score: Some(0.0),
            red_flags: 5,
            coverage: 0.1,
        };
        let without = Rank {
            tier: 0,
            class: Class::Amateur,
            score: None,
            red_flags: 0,
            coverage: 0.0,
        };
        assert_eq!(
            order(&with, &without),
            (Ordering::Greater, Some(Criterion::Score))
        );
        assert_eq!(order(&without, &without), (Ordering::Equal, None));
    }
}
