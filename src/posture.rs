//! Posture per framework: for each control a questionnaire's `maps:` reach, the evidence the
//! answers give (met, partly, not met, unanswered, not applicable) and the questions behind
//! it, with an honest statement of how much of the framework the questionnaire can judge at
//! all. Pure functions over checked values; the words say evidence, never compliance.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::diagnostic::{did_you_mean, expected_one_of, Code, Diagnostic};
use crate::model::framework::Relation;
use crate::score::answer_score;
use crate::validate::framework::{Framework, Link};
use crate::validate::{AnswerValue, ValidQuestionnaire};

/// What the answers say about a control (or one question's part of it).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Evidence {
    /// Every applicable question behind it has its best answer (a `supports` mapping).
    Met,
    /// Some evidence for it, but not all, or only through `partial` mappings.
    Partly,
    /// Every answered question behind it has its worst answer, or an answer that does not
    /// meet it.
    NotMet,
    /// No applicable question behind it is answered.
    Unanswered,
    /// Every question behind it is answered `na` or does not apply.
    NotApplicable,
}

impl Evidence {
    /// The words used in text reports.
    pub fn label(self) -> &'static str {
        match self {
            Evidence::Met => "met",
            Evidence::Partly => "partly",
            Evidence::NotMet => "not met",
            Evidence::Unanswered => "unanswered",
            Evidence::NotApplicable => "not applicable",
        }
    }
}

/// How many reached controls have each kind of evidence.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct EvidenceTotals {
    /// Controls met.
    pub met: usize,
    /// Controls partly met.
    pub partly: usize,
    /// Controls not met.
    pub not_met: usize,
    /// Controls whose questions are unanswered.
    pub unanswered: usize,
    /// Controls whose questions are all `na` or inapplicable.
    pub not_applicable: usize,
}

impl EvidenceTotals {
    fn add(&mut self, evidence: Evidence) {
        match evidence {
            Evidence::Met => self.met += 1,
            Evidence::Partly => self.partly += 1,
            Evidence::NotMet => self.not_met += 1,
            Evidence::Unanswered => self.unanswered += 1,
            Evidence::NotApplicable => self.not_applicable += 1,
        }
    }
}

/// How many of a group's controls (a CIS implementation group) the questionnaire reaches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct GroupCoverage {
    /// The group (`IG1`).
    pub group: String,
    /// Controls of the group some question maps to.
    pub reached: usize,
    /// Controls of the group in the catalogue.
    pub total: usize,
}

/// One question's evidence about one control.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct QuestionEvidence {
    /// Question id.
    pub question: String,
    /// `supports` or `partial`.
    pub relation: Relation,
    /// For a mapping on an answer: the answer that meets the control.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub met_by: Option<String>,
    /// The answer as written (null = unanswered or inapplicable).
    pub answer: Option<String>,
    /// What this answer says about the control.
    pub evidence: Evidence,
}

/// One control the questionnaire reaches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ControlPosture {
    /// Control id.
    pub id: String,
    /// Its name or description, where the catalogue has one.
    pub title: Option<String>,
    /// Its group (CIS implementation group), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// What the answers say about it, all questions taken together.
    pub evidence: Evidence,
    /// The questions behind it.
    pub questions: Vec<QuestionEvidence>,
}

/// One framework's posture in a report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FrameworkPosture {
    /// Framework id (`csf2`).
    pub framework: String,
    /// Its name.
    pub title: String,
    /// Its version.
    pub version: String,
    /// What its controls are called (`subcategories`).
    pub noun: String,
    /// Controls in the catalogue.
    pub total: usize,
    /// Controls some question of the questionnaire maps to.
    pub reached: usize,
    /// Coverage per group, for catalogues whose controls have groups.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<GroupCoverage>,
    /// The honest statement of what the questionnaire can judge.
    pub coverage: String,
    /// Reached controls per kind of evidence.
    pub totals: EvidenceTotals,
    /// Every reached control, in catalogue order.
    pub controls: Vec<ControlPosture>,
    /// Ids of the controls no question reaches: they cannot be judged from this questionnaire.
    pub unreached: Vec<String>,
    /// What may be shipped of the framework, and where to read the rest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licence: Option<String>,
}

/// Which controls of one framework the questionnaire reaches, and through which mappings.
#[derive(Debug, Clone)]
pub struct Reach<'a> {
    /// The framework.
    pub framework: &'a Framework,
    /// Per control, in catalogue order: the mappings that reach it (empty = unreached).
    pub links: Vec<Vec<&'a Link>>,
}

impl Reach<'_> {
    /// How many controls some mapping reaches.
    pub fn reached(&self) -> usize {
        self.links.iter().filter(|links| !links.is_empty()).count()
    }

    /// Coverage per group, in the order groups first appear.
    pub fn groups(&self) -> Vec<GroupCoverage> {
        let mut groups: Vec<GroupCoverage> = Vec::new();
        for (control, links) in self.framework.controls().iter().zip(&self.links) {
            let Some(group) = &control.group else {
                continue;
            };
            let position = match groups.iter().position(|known| &known.group == group) {
                Some(position) => position,
                None => {
                    groups.push(GroupCoverage {
                        group: group.clone(),
                        reached: 0,
                        total: 0,
                    });
                    groups.len() - 1
                }
            };
            groups[position].total += 1;
            if !links.is_empty() {
                groups[position].reached += 1;
            }
        }
        groups
    }

    /// "The `msp` questionnaire gives evidence for 41 of 106 NIST CSF 2.0 subcategories; the
    /// others cannot be judged from it."
    pub fn statement(&self, questionnaire: &str) -> String {
        let definition = &self.framework.definition;
        let total = self.framework.controls().len();
        let reached = self.reached();
        let mut text = format!(
            "The `{questionnaire}` questionnaire gives evidence for {reached} of {total} {} {}",
            definition.title,
            self.framework.noun()
        );
        if reached < total {
            text.push_str("; the others cannot be judged from it");
        }
        text.push('.');
        let groups = self.groups();
        if !groups.is_empty() {
            let parts: Vec<String> = groups
                .iter()
                .map(|group| format!("{} {} of {}", group.group, group.reached, group.total))
                .collect();
            text.push_str(&format!(" By group: {}.", parts.join(", ")));
        }
        text
    }
}

/// The controls of `framework` (a position in the questionnaire's framework set) that its
/// questions reach.
pub fn reach(questionnaire: &ValidQuestionnaire, framework: usize) -> Reach<'_> {
    let set = &questionnaire.mappings.frameworks;
    let framework_ref: &Framework = &set.all()[framework];
    let mut links = vec![Vec::new(); framework_ref.controls().len()];
    for link in &questionnaire.mappings.links {
        if link.framework == framework {
            links[link.control].push(link);
        }
    }
    Reach {
        framework: framework_ref,
        links,
    }
}

/// `show ID --framework X`: which questions map to which controls, and which controls no
/// question reaches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CoverageView {
    /// The questionnaire's id.
    pub questionnaire: String,
    /// Its version.
    pub questionnaire_version: String,
    /// Framework id.
    pub framework: String,
    /// Its name.
    pub title: String,
    /// Its version.
    pub version: String,
    /// What its controls are called.
    pub noun: String,
    /// Controls in the catalogue.
    pub total: usize,
    /// Controls some question maps to.
    pub reached: usize,
    /// Coverage per group (CIS implementation groups).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<GroupCoverage>,
    /// The honest statement of what the questionnaire can judge.
    pub coverage: String,
    /// Every control, in catalogue order, with the questions that reach it (none = it
    /// cannot be judged from this questionnaire).
    pub controls: Vec<ControlCoverage>,
    /// What may be shipped of the framework, and where to read the rest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licence: Option<String>,
}

/// One control in `show --framework`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ControlCoverage {
    /// Control id.
    pub id: String,
    /// Its name or description, where the catalogue has one.
    pub title: Option<String>,
    /// Its group (CIS implementation group), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The section it belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// The questions that map to it.
    pub questions: Vec<MappedQuestion>,
}

/// A question mapped to a control.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct MappedQuestion {
    /// Question id.
    pub question: String,
    /// `supports` or `partial`.
    pub relation: Relation,
    /// For a mapping on an answer: the answer that meets the control.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub met_by: Option<String>,
}

/// The coverage view of one framework (a position in the questionnaire's set).
pub fn coverage_view(questionnaire: &ValidQuestionnaire, framework: usize) -> CoverageView {
    let reach = reach(questionnaire, framework);
    let definition = &reach.framework.definition;
    CoverageView {
        questionnaire: questionnaire.id().to_string(),
        questionnaire_version: questionnaire.version().to_string(),
        framework: definition.id.clone(),
        title: definition.title.clone(),
        version: definition.version.clone(),
        noun: reach.framework.noun().to_string(),
        total: definition.controls.len(),
        reached: reach.reached(),
        groups: reach.groups(),
        coverage: reach.statement(questionnaire.id()),
        controls: definition
            .controls
            .iter()
            .zip(&reach.links)
            .enumerate()
            .map(|(position, (control, links))| ControlCoverage {
                id: control.id.clone(),
                title: reach.framework.control_label(position).map(str::to_string),
                group: control.group.clone(),
                parent: control.parent.clone(),
                questions: links
                    .iter()
                    .map(|link| {
                        let question = &questionnaire.questions[link.question];
                        MappedQuestion {
                            question: question.id().to_string(),
                            relation: link.relation,
                            met_by: link.option.map(|option| answer_name(question, option)),
                        }
                    })
                    .collect(),
            })
            .collect(),
        licence: definition.licence.clone(),
    }
}

/// Turns `--framework` values into positions in the questionnaire's framework set: `all`
/// means every framework some question maps to.
pub fn select(
    questionnaire: &ValidQuestionnaire,
    requested: &[String],
) -> Result<Vec<usize>, Diagnostic> {
    let set = &questionnaire.mappings.frameworks;
    let mut selected = Vec::new();
    for name in requested {
        let positions = if name == "all" {
            questionnaire.mappings.mapped_frameworks()
        } else {
            match set.position(name) {
                Some(position) => vec![position],
                None => {
                    let help = did_you_mean(name, set.ids())
                        .unwrap_or_else(|| format!("{}, or `all`", expected_one_of(set.ids())));
                    return Err(Diagnostic::error(
                        Code::UnknownFramework,
                        format!(
                            "no framework `{name}` is loaded for questionnaire `{}`",
                            questionnaire.id()
                        ),
                    )
                    .with_help(help));
                }
            }
        };
        for position in positions {
            if !selected.contains(&position) {
                selected.push(position);
            }
        }
    }
    Ok(selected)
}

/// The answer a mapping on an option or band names: the option's value, or the band's
/// range (`<= 14`, `> 14`) for a `number` question.
pub fn answer_name(question: &crate::validate::ValidQuestion, index: usize) -> String {
    if question.kind() != crate::model::questionnaire::Kind::Number {
        return question.options[index].value.clone();
    }
    let bands = &question.definition.bands;
    let number = crate::validate::answers::format_number;
    match (
        bands[index].up_to,
        index.checked_sub(1).and_then(|before| bands[before].up_to),
    ) {
        (Some(up_to), _) => format!("<= {}", number(up_to)),
        (None, Some(before)) => format!("> {}", number(before)),
        (None, None) => "any".to_string(),
    }
}

/// What one answer says about a control through one mapping. `applicable` is the
/// question's applicability, `value` the answer that counts (after `--verified-only`).
pub fn link_evidence(
    questionnaire: &ValidQuestionnaire,
    link: &Link,
    applicable: bool,
    value: Option<&AnswerValue>,
) -> Evidence {
    let question = &questionnaire.questions[link.question];
    let Some(value) = value.filter(|_| applicable) else {
        return if applicable {
            Evidence::Unanswered
        } else {
            Evidence::NotApplicable
        };
    };
    let raw = match (link.option, value) {
        (_, AnswerValue::NotApplicable) => return Evidence::NotApplicable,
        // "Don't know" never meets a control; it counts against it only where the
        // questionnaire scores it, and is no evidence either way where it does not.
        (Some(_), AnswerValue::Unknown) => {
            return match answer_score(question, value) {
                Some(_) => Evidence::NotMet,
                None => Evidence::Unanswered,
            }
        }
        (None, AnswerValue::Unknown) if answer_score(question, value).is_none() => {
            return Evidence::Unanswered
        }
        (Some(option), AnswerValue::Option(chosen)) => {
            if *chosen == option {
                Evidence::Met
            } else {
                Evidence::NotMet
            }
        }
        (Some(band), AnswerValue::Number(amount)) => {
            if crate::score::band_index(question, *amount) == band {
                Evidence::Met
            } else {
                Evidence::NotMet
            }
        }
        (Some(option), AnswerValue::Options(chosen)) => {
            if chosen.contains(&option) {
                Evidence::Met
            } else {
                Evidence::NotMet
            }
        }
        (_, value) => match answer_score(question, value) {
            Some(score) if score >= 1.0 - 1e-9 => Evidence::Met,
            Some(score) if score <= 1e-9 => Evidence::NotMet,
            Some(_) => Evidence::Partly,
            None => Evidence::NotApplicable,
        },
    };
    match (raw, link.relation) {
        (Evidence::Met, Relation::Partial) => Evidence::Partly,
        (raw, _) => raw,
    }
}

/// The mappings of one control grouped by question, in the order the questions come: a
/// question mapped through several of its answers is one group.
pub fn by_question<'a>(links: &[&'a Link]) -> Vec<Vec<&'a Link>> {
    let mut groups: Vec<Vec<&Link>> = Vec::new();
    for link in links {
        match groups
            .iter_mut()
            .find(|group| group[0].question == link.question)
        {
            Some(group) => group.push(link),
            None => groups.push(vec![link]),
        }
    }
    groups
}

/// What one question says about one control through its mappings (one on the question, or
/// one per answer that meets it): the best of them, since an answer meets the control when
/// it is any of the answers mapped to it.
pub fn group_evidence(
    questionnaire: &ValidQuestionnaire,
    group: &[&Link],
    applicable: &[bool],
    values: &[Option<&AnswerValue>],
) -> Evidence {
    group
        .iter()
        .map(|link| {
            link_evidence(
                questionnaire,
                link,
                applicable[link.question],
                values[link.question],
            )
        })
        .min()
        .unwrap_or(Evidence::NotApplicable)
}

/// Several questions' evidence about one control, taken together: met only when every
/// applicable question meets it; not met when every answered one fails it; unanswered when
/// none is answered; not applicable when none applies.
pub fn combine(parts: impl IntoIterator<Item = Evidence>) -> Evidence {
    let mut relevant = 0usize;
    let mut answered = 0usize;
    let mut met = 0usize;
    let mut not_met = 0usize;
    for part in parts {
        match part {
            Evidence::NotApplicable => continue,
            Evidence::Unanswered => relevant += 1,
            Evidence::Met => {
                relevant += 1;
                answered += 1;
                met += 1;
            }
            Evidence::NotMet => {
                relevant += 1;
                answered += 1;
                not_met += 1;
            }
            Evidence::Partly => {
                relevant += 1;
                answered += 1;
            }
        }
    }
    if relevant == 0 {
        Evidence::NotApplicable
    } else if answered == 0 {
        Evidence::Unanswered
    } else if met == relevant {
        Evidence::Met
    } else if not_met == answered {
        Evidence::NotMet
    } else {
        Evidence::Partly
    }
}

/// The posture of one framework under these answers. `applicable` and `values` are per
/// question, as scored (see `score::evaluate` and `assessment::counted_answers`).
pub fn posture(
    questionnaire: &ValidQuestionnaire,
    framework: usize,
    applicable: &[bool],
    values: &[Option<&AnswerValue>],
) -> FrameworkPosture {
    let reach = reach(questionnaire, framework);
    let definition = &reach.framework.definition;
    let mut totals = EvidenceTotals::default();
    let mut controls = Vec::new();
    let mut unreached = Vec::new();
    for (position, (control, links)) in definition.controls.iter().zip(&reach.links).enumerate() {
        if links.is_empty() {
            unreached.push(control.id.clone());
            continue;
        }
        let questions: Vec<QuestionEvidence> = by_question(links)
            .into_iter()
            .map(|group| {
                let first = group[0];
                let question = &questionnaire.questions[first.question];
                let value = values[first.question].filter(|_| applicable[first.question]);
                let met_by: Vec<String> = group
                    .iter()
                    .filter_map(|link| link.option.map(|option| answer_name(question, option)))
                    .collect();
                QuestionEvidence {
                    question: question.id().to_string(),
                    relation: if group.iter().all(|link| link.relation == Relation::Partial) {
                        Relation::Partial
                    } else {
                        Relation::Supports
                    },
                    met_by: (!met_by.is_empty()).then(|| met_by.join(" or ")),
                    answer: value.map(|value| value.display(question)),
                    evidence: group_evidence(questionnaire, &group, applicable, values),
                }
            })
            .collect();
        let evidence = combine(questions.iter().map(|question| question.evidence));
        totals.add(evidence);
        controls.push(ControlPosture {
            id: control.id.clone(),
            title: reach.framework.control_label(position).map(str::to_string),
            group: control.group.clone(),
            evidence,
            questions,
        });
    }
    FrameworkPosture {
        framework: definition.id.clone(),
        title: definition.title.clone(),
        version: definition.version.clone(),
        noun: reach.framework.noun().to_string(),
        total: definition.controls.len(),
        reached: reach.reached(),
        groups: reach.groups(),
        coverage: reach.statement(questionnaire.id()),
        totals,
        controls,
        unreached,
        licence: definition.licence.clone(),
    }
}

/// The postures of the `frameworks` (positions in the questionnaire's set) under these
/// answers, counted as the assessment counts them (`--verified-only`, `--stale-as-missing`).
pub fn for_answers(
    questionnaire: &ValidQuestionnaire,
    answers: &crate::validate::ValidAnswers,
    options: &crate::assessment::Options,
    frameworks: &[usize],
) -> Vec<FrameworkPosture> {
    if frameworks.is_empty() {
        return Vec::new();
    }
    let stale = crate::assessment::stale_answers(questionnaire, answers, options);
    let counted = crate::assessment::counted_answers(questionnaire, answers, options, &stale);
    let values: Vec<Option<&AnswerValue>> = counted.iter().map(Option::as_ref).collect();
    let outcome = crate::score::evaluate(questionnaire, &values);
    frameworks
        .iter()
        .map(|framework| posture(questionnaire, *framework, &outcome.applicable, &values))
        .collect()
}

/// The sentence under every posture: what the totals are, and what they are not.
pub fn totals_sentence(posture: &FrameworkPosture) -> String {
    let totals = &posture.totals;
    format!(
        "Evidence from these answers for the {} {} reached: {} met, {} partly, {} not met, {} unanswered, {} not applicable. This is evidence from answers to a questionnaire, not a statement of compliance or certification.",
        posture.reached,
        posture.noun,
        totals.met,
        totals.partly,
        totals.not_met,
        totals.unanswered,
        totals.not_applicable
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn combining_evidence_is_strict_about_met() {
        use Evidence::*;
        assert_eq!(combine([Met, Met]), Met);
        assert_eq!(combine([Met, Unanswered]), Partly);
        assert_eq!(combine([Met, NotApplicable]), Met);
        assert_eq!(combine([NotMet, Unanswered]), NotMet);
        assert_eq!(combine([NotMet, Met]), Partly);
        assert_eq!(combine([Partly]), Partly);
        assert_eq!(combine([Unanswered, NotApplicable]), Unanswered);
        assert_eq!(combine([NotApplicable]), NotApplicable);
        assert_eq!(combine([]), NotApplicable);
    }
}
