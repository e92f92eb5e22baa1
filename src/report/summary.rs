//! The executive summary every human format opens with: the verdict and how firm it is in
//! one sentence, and the three to five actions with the largest effect. Plain text here;
//! each renderer escapes it for its format.

use crate::assessment::{Assessment, RoadmapStep, Standing};
use crate::model::questionnaire::Class;
use crate::model::Perspective;

/// At most this many actions are listed.
const MOST_ACTIONS: usize = 5;
/// At least this many, when the roadmap has them.
const FEWEST_ACTIONS: usize = 3;

/// One action of the summary.
#[derive(Debug, Clone)]
pub struct Action<'a> {
    /// The roadmap step it comes from.
    pub step: &'a RoadmapStep,
    /// What to do, for the assessment's reader.
    pub text: String,
}

/// The verdict and its standing, in one sentence (the deciding rule's reason is shown
/// beside it, not in it: reasons are often sentences of their own).
pub fn verdict_sentence(assessment: &Assessment) -> String {
    let class = assessment.classification.as_str();
    // An answers file straight from `template` names no provider yet.
    let provider = match assessment.provider.trim() {
        "" => "The provider",
        name => name,
    };
    let range = &assessment.range;
    if assessment.standing == Standing::Undecided {
        let (worst, best) = (range.worst_class.as_str(), range.best_class.as_str());
        let questions = if range.unanswered == 1 {
            "the 1 unanswered question".to_string()
        } else {
            format!("the {} unanswered questions", range.unanswered)
        };
        return format!(
            "{provider} is {class} for now, but the verdict is undecided: {questions} could still make it anything from {worst} to {best}."
        );
    }
    if let Some(higher) = held_back_from(assessment) {
        let flags = held_back_by(assessment);
        return format!(
            "{provider} is {class}, held back from {} by {flags} red flag{}: clearing {} alone would lift the class.",
            higher.as_str(),
            if flags == 1 { "" } else { "s" },
            if flags == 1 { "it" } else { "them" }
        );
    }
    if range.unanswered == 0 {
        format!("{provider} is {class}, and the verdict is clear: every applicable question is answered.")
    } else {
        format!("{provider} is {class}, and the verdict is clear: no answer to the open questions could change it.")
    }
}

/// The one-line verdict banner every human format opens its summary with: the class and
/// its standing, e.g. "pseudo · held back from mature" (each format writes it after
/// "Verdict:", and the table in capitals).
pub fn banner(assessment: &Assessment) -> String {
    format!(
        "{} · {}",
        assessment.classification.as_str(),
        standing_label(assessment)
    )
}

/// How many red flags hold the provider back (0 when none do).
pub fn held_back_by(assessment: &Assessment) -> usize {
    assessment.held_back_by.len()
}

/// The verdict's standing as a token: `clear`, `held_back` or `undecided`.
pub fn standing(assessment: &Assessment) -> &'static str {
    assessment.standing.as_str()
}

/// The short name of the verdict's standing: `clear`, `held back from …` or `undecided`.
pub fn standing_label(assessment: &Assessment) -> String {
    if assessment.standing == Standing::Undecided {
        return format!(
            "undecided ({} to {})",
            assessment.range.worst_class.as_str(),
            assessment.range.best_class.as_str()
        );
    }
    match held_back_from(assessment) {
        Some(higher) if assessment.standing == Standing::HeldBack => {
            format!("held back from {}", higher.as_str())
        }
        _ => "clear".to_string(),
    }
}

/// The higher class the red flags alone keep the provider from, when the assessment says so.
pub fn held_back_from(assessment: &Assessment) -> Option<Class> {
    assessment.held_back_from
}

/// The actions with the largest effect: the steps to the next class with the largest gains
/// (in roadmap order when gains tie), topped up with further gains to at least three.
pub fn actions(assessment: &Assessment) -> Vec<Action<'_>> {
    let mut path: Vec<&RoadmapStep> = assessment
        .roadmap
        .iter()
        .filter(|step| step.purpose == "next_class")
        .collect();
    path.sort_by(|left, right| right.gain.total_cmp(&left.gain));
    let mut chosen: Vec<&RoadmapStep> = path.into_iter().take(MOST_ACTIONS).collect();
    for step in assessment
        .roadmap
        .iter()
        .filter(|step| step.purpose != "next_class")
    {
        if chosen.len() >= FEWEST_ACTIONS {
            break;
        }
        chosen.push(step);
    }
    chosen
        .into_iter()
        .map(|step| Action {
            step,
            text: action_text(step, assessment.perspective),
        })
        .collect()
}

/// What to do for one step: the questionnaire's remediation (already worded for the
/// reader), else the change of answer itself, worded for the reader.
fn action_text(step: &RoadmapStep, perspective: Option<Perspective>) -> String {
    if let Some(remediation) = &step.remediation {
        return remediation.clone();
    }
    let question = step.text.trim_end_matches('?');
    match perspective {
        Some(Perspective::Client) => format!(
            "Ask the provider to reach \u{201c}{}\u{201d} on: {question}",
            step.to_label
        ),
        _ => format!("Reach \u{201c}{}\u{201d} on: {question}", step.to_label),
    }
}

/// How the actions are introduced, for the reader.
pub fn actions_heading(assessment: &Assessment) -> &'static str {
    match assessment.perspective {
        Some(Perspective::Client) => "What to ask the provider for",
        Some(Perspective::Auditor) => "Recommended actions",
        _ => "What to do next",
    }
}

/// The class the roadmap's path reaches, if it has one.
pub fn target_class(assessment: &Assessment) -> Option<Class> {
    assessment
        .roadmap
        .iter()
        .rfind(|step| step.purpose == "next_class")
        .map(|step| step.class_after)
}

/// Where the step leads, in words: "toward mature" or "higher score".
pub fn step_effect(assessment: &Assessment, step: &RoadmapStep) -> String {
    match target_class(assessment) {
        Some(target) if step.purpose == "next_class" => format!("toward {}", target.as_str()),
        _ => "higher score".to_string(),
    }
}

/// One part of the roadmap: the steps to the next class, or the further gains.
#[derive(Debug, Clone)]
pub struct Phase<'a> {
    /// "Steps to mature: 12 changes, +40.1 points" or "Further gains: 5 changes".
    pub heading: String,
    /// The steps to the next class (false: further score gains).
    pub to_next_class: bool,
    /// The steps grouped by domain, domains in the order their first step appears.
    pub domains: Vec<(String, Vec<&'a RoadmapStep>)>,
}

/// The roadmap in the order people read it: the steps to the next class first, then the
/// further gains, each grouped by domain.
pub fn phases(assessment: &Assessment) -> Vec<Phase<'_>> {
    let mut phases = Vec::new();
    for to_next_class in [true, false] {
        let steps: Vec<&RoadmapStep> = assessment
            .roadmap
            .iter()
            .filter(|step| (step.purpose == "next_class") == to_next_class)
            .collect();
        let Some(last) = steps.last() else {
            continue;
        };
        let count = steps.len();
        let changes = if count == 1 { "change" } else { "changes" };
        let heading = if to_next_class {
            let total: f64 = steps.iter().map(|step| step.gain).sum();
            format!(
                "Steps to {}: {count} {changes}, {} points",
                last.class_after.as_str(),
                super::gain_text(total)
            )
        } else {
            format!("Further gains: {count} {changes}, each raising the score")
        };
        let mut domains: Vec<(String, Vec<&RoadmapStep>)> = Vec::new();
        for step in steps {
            let title = assessment
                .domains
                .iter()
                .find(|domain| domain.id == step.domain)
                .map_or_else(|| step.domain.clone(), |domain| domain.title.clone());
            match domains.iter_mut().find(|(name, _)| *name == title) {
                Some((_, group)) => group.push(step),
                None => domains.push((title, vec![step])),
            }
        }
        phases.push(Phase {
            heading,
            to_next_class,
            domains,
        });
    }
    phases
}

/// The answers appendix grouped by domain: each domain's title, its verified count over
/// its answered count, and its answered questions.
pub fn evidence_by_domain(
    assessment: &Assessment,
) -> Vec<(
    &crate::assessment::DomainReport,
    Vec<&crate::assessment::AnswerReport>,
)> {
    assessment
        .domains
        .iter()
        .map(|domain| {
            (
                domain,
                assessment
                    .answers
                    .iter()
                    .filter(|answer| answer.domain == domain.id && answer.answer.is_some())
                    .collect(),
            )
        })
        .filter(|(_, answers): &(_, Vec<_>)| !answers.is_empty())
        .collect()
}

/// "3 of 8 verified (38%)": a domain's verified share.
pub fn verified_text(domain: &crate::assessment::DomainReport) -> String {
    if domain.context_only {
        return "context only, not scored".to_string();
    }
    if domain.answered == 0 {
        return "nothing answered".to_string();
    }
    format!(
        "{} of {} verified ({})",
        domain.verified,
        domain.answered,
        super::percent(domain.verified as f64 / domain.answered as f64)
    )
}

/// The marks of one answer for the appendix: verified, stale, red flag.
pub fn answer_marks(answer: &crate::assessment::AnswerReport) -> Vec<&'static str> {
    let mut marks = Vec::new();
    marks.push(if answer.verified {
        "verified"
    } else {
        "unverified"
    });
    if answer.stale {
        marks.push("stale");
    }
    if answer.red_flag {
        marks.push("red flag");
    }
    if answer.unscored {
        marks.push("not scored");
    }
    marks
}
