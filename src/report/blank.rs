//! The short report of a blank or nearly blank answers file. With so few answers a score,
//! the rule checks and a roadmap would be guesses (`Score: n/a / 100`, `overall score none
//! ≥ 75`, a long list of `+0.0` steps), so the human formats say so instead: what is
//! answered (with its marks, notes and evidence, stale answers included), the class the rules give for now and
//! how firm it is, the red flags already raised, the domains to answer first (heaviest
//! first) and the commands that do it. Plain text here; each renderer escapes it for its
//! format. JSON, NDJSON, CSV and xlsx keep every field.

use super::{percent, summary};
use crate::assessment::Assessment;
use crate::number::format_number;

/// Below this share of the applicable questions answered, a file is nearly blank. A quarter
/// is where a score starts to mean something: below it most domains have no answer, or one
/// or two, so one answer moves a domain's score by a third or more.
pub const NEARLY_BLANK: f64 = 0.25;

/// Whether `assessment` gets the short report: nothing scored, or under a quarter answered.
pub fn is_nearly_blank(assessment: &Assessment) -> bool {
    assessment.score.is_none() || assessment.coverage < NEARLY_BLANK
}

/// One answered question of the short report.
#[derive(Debug, Clone)]
pub struct Answered {
    /// Question id.
    pub question: String,
    /// The answer's label.
    pub label: String,
    /// Its marks: verified or not, stale, red flag.
    pub marks: Vec<&'static str>,
    /// The note written with it.
    pub note: Option<String>,
    /// The evidence named with it.
    pub evidence: Option<String>,
}

/// One domain still to answer.
#[derive(Debug, Clone)]
pub struct ToAnswer {
    /// The domain's title.
    pub title: String,
    /// "weight 3: 0 of 7 answered".
    pub detail: String,
}

/// Everything the short report says, in reading order.
#[derive(Debug, Clone)]
pub struct Blank {
    /// "Not assessed yet: 1 of 30 questions that apply have an answer (coverage 3%). …"
    pub status: String,
    /// The rule that gives the class for now (the banner and the verdict sentence say the
    /// class and how firm it is).
    pub class_for_now: String,
    /// The answers given so far.
    pub answered: Vec<Answered>,
    /// One sentence per stale answer.
    pub stale: Vec<String>,
    /// The domains to answer, heaviest first (equal weights in questionnaire order).
    pub domains: Vec<ToAnswer>,
    /// What to do next: each a sentence saying what the command does, and the command as
    /// typed.
    pub commands: Vec<(String, String)>,
}

/// The short report's parts for `assessment`.
pub fn blank(assessment: &Assessment) -> Blank {
    let answered: usize = assessment
        .domains
        .iter()
        .map(|domain| domain.answered)
        .sum();
    let applicable: usize = assessment
        .domains
        .iter()
        .map(|domain| domain.applicable)
        .sum();
    let have = if answered == 1 { "has" } else { "have" };
    let status = format!(
        "Not assessed yet: {answered} of {applicable} questions that apply {have} an answer (coverage {}). With so few answers a score, the reasons for a class and a roadmap would be guesses, so this report leaves them out until at least a quarter of the questions are answered.",
        percent(assessment.coverage)
    );
    let reason = assessment
        .reason
        .as_deref()
        .unwrap_or(&assessment.decided_by.description);
    let class_for_now = format!(
        "The rule that gives {} now is rule {}: {}",
        assessment.classification.as_str(),
        assessment.decided_by.rule,
        reason
    );
    let answers = assessment
        .answers
        .iter()
        .filter(|answer| answer.answer.is_some())
        .map(|answer| Answered {
            question: answer.question.clone(),
            label: answer.label.clone().unwrap_or_default(),
            marks: summary::answer_marks(answer),
            note: answer.note.clone(),
            evidence: answer.evidence.clone(),
        })
        .collect();
    let mut domains: Vec<_> = assessment
        .domains
        .iter()
        .filter(|domain| domain.answered < domain.applicable)
        .collect();
    // Heaviest first; the sort is stable, so equal weights keep the questionnaire's order.
    domains.sort_by(|left, right| right.weight.total_cmp(&left.weight));
    let domains = domains
        .into_iter()
        .map(|domain| ToAnswer {
            title: domain.title.clone(),
            detail: format!(
                "weight {}: {} of {} answered",
                format_number(domain.weight),
                domain.answered,
                domain.applicable
            ),
        })
        .collect();
    // Answers read from standard input have no file to save into: name one.
    let named = match assessment.answers_file.as_str() {
        "<stdin>" | "-" | "" => "answers.yaml",
        file => file,
    };
    let file = shell_word(named);
    let questionnaire = shell_word(&assessment.questionnaire.id);
    let commands = vec![
        (
            "To be asked the questions one at a time, saving after each answer (it starts at the first unanswered one):".to_string(),
            format!("mspcheck interview {questionnaire} --output {file}"),
        ),
        (
            format!("Or to see every question with its help and allowed answers, and fill in {named} in an editor:"),
            format!("mspcheck template {questionnaire}"),
        ),
        (
            "Then assess it again:".to_string(),
            format!("mspcheck assess {file}"),
        ),
    ];
    Blank {
        status,
        class_for_now,
        answered: answers,
        stale: super::stale_sentences(assessment),
        domains,
        commands,
    }
}

/// `text` as one shell word (quoted when it holds anything but plain path characters).
pub fn shell_word(text: &str) -> String {
    if !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./@+:".contains(c))
    {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::shell_word;

    #[test]
    fn shell_words_are_quoted_only_when_needed() {
        assert_eq!(shell_word("audits/acme.yaml"), "audits/acme.yaml");
        assert_eq!(shell_word("my file.yaml"), "'my file.yaml'");
        assert_eq!(shell_word("it's.yaml"), "'it'\\''s.yaml'");
        assert_eq!(shell_word(""), "''");
    }
}
