//! Questionnaires as spreadsheets, for respondents who never open a terminal: the layout of
//! the workbook that `template --format xlsx` writes (`template`) and that `import` and every
//! command taking answers files read back (`import`). Both sides share the sheet names,
//! the columns and the drop-down choices defined here, so what is offered is exactly what
//! is accepted.
//!
//! The workbook: an `Instructions` sheet (with the respondent's details), a `Questions`
//! sheet (one row per question, grouped by domain; a `multi` question has one row per
//! option below it), a hidden `Lists` sheet holding the drop-down choices and a hidden,
//! protected `mspcheck` sheet naming the questionnaire (id, version, sha256, reference,
//! perspective).

pub mod import;
pub mod template;

use crate::model::questionnaire::Kind;
use crate::validate::ValidQuestion;

/// The sheet with the questions.
pub const QUESTIONS: &str = "Questions";
/// The sheet with the instructions and the respondent's details.
pub const INSTRUCTIONS: &str = "Instructions";
/// The hidden sheet with the drop-down choices.
pub const LISTS: &str = "Lists";
/// The hidden, protected sheet that says what was sent.
pub const META: &str = "mspcheck";
/// The value of `format` on the `mspcheck` sheet.
pub const FORMAT: &str = "mspcheck/sheet/1";

/// The columns of the `Questions` sheet (0-based).
pub mod column {
    /// The question id (the key the answer comes back under).
    pub const ID: u16 = 0;
    /// The domain's title.
    pub const DOMAIN: u16 = 1;
    /// The question in the perspective's wording (an option's label on option rows).
    pub const QUESTION: u16 = 2;
    /// The answer: the only column the respondent must fill.
    pub const ANSWER: u16 = 3;
    /// A free-text note.
    pub const NOTE: u16 = 4;
    /// What proves the answer.
    pub const EVIDENCE: u16 = 5;
    /// Whether the answer was checked against the evidence.
    pub const VERIFIED: u16 = 6;
    /// The date the answer describes (optional).
    pub const AS_OF: u16 = 7;
    /// What an answer may be.
    pub const ALLOWED: u16 = 8;
    /// Which earlier answer opens the question.
    pub const APPLIES: u16 = 9;
    /// Why the question matters.
    pub const HELP: u16 = 10;
    /// The evidence to ask for.
    pub const EVIDENCE_HINT: u16 = 11;
    /// Hidden: the option's token on the option rows of a `multi` question.
    pub const OPTION: u16 = 12;
    /// The source questionnaire's identifier (`ref:`); `import` matches a row by it when
    /// the id cell is empty or names no question.
    pub const REF: u16 = 13;
    /// Titles of the columns, in order.
    pub const TITLES: [&str; 14] = [
        "Id",
        "Domain",
        "Question",
        "Answer",
        "Note",
        "Evidence",
        "Verified",
        "As of (date)",
        "Allowed answers",
        "Applies when",
        "Why it matters",
        "Evidence to ask for",
        "Option",
        "Ref",
    ];
}

/// The respondent's details on the `Instructions` sheet: field name, label, row (0-based);
/// the value is in column B.
pub const DETAILS: [(&str, &str, u32); 3] = [
    ("provider", "Provider (who is assessed)", 2),
    ("assessor", "Answered by", 3),
    ("date", "Date (YYYY-MM-DD)", 4),
];

/// The label of `na` in the drop-downs.
pub const NOT_APPLICABLE: &str = "Not applicable";
/// The two labels of a yes/no cell that is not a `yes_no` answer (verified, a `multi` option).
pub const YES: &str = "Yes";
/// See [`YES`].
pub const NO: &str = "No";

/// One entry of an answer cell's drop-down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    /// An option of a `yes_no` or `choice` question, by index.
    Option(usize),
    /// A point of a `scale` question.
    Point(i64),
    /// `na`.
    NotApplicable,
    /// `unknown` ("don't know"), where the question allows it.
    Unknown,
}

impl Pick {
    /// The token written in answers files.
    pub fn token(self, question: &ValidQuestion) -> String {
        match self {
            Pick::Option(option) => question.options[option].value.clone(),
            Pick::Point(point) => point.to_string(),
            Pick::NotApplicable => "na".to_string(),
            Pick::Unknown => crate::validate::answers::UNKNOWN_TOKEN.to_string(),
        }
    }

    /// True for the answers every kind may offer besides its own (`na`, `unknown`).
    pub fn is_extra(self) -> bool {
        matches!(self, Pick::NotApplicable | Pick::Unknown)
    }
}

/// The drop-down of `question`'s answer cell: each pick with the label shown. A `number`
/// is typed, and a `multi` is answered on its option rows, so theirs hold `na` and
/// `unknown` at most.
/// Labels are unique within a question: one shared by two picks gets its token added.
pub fn picks(question: &ValidQuestion) -> Vec<(String, Pick)> {
    let mut picks: Vec<(String, Pick)> = match question.kind() {
        Kind::YesNo => question
            .options
            .iter()
            .enumerate()
            .map(|(index, option)| {
                // `yes` and `no` without a label of their own are shown capitalised.
                let label = match option.label.as_str() {
                    "yes" => YES.to_string(),
                    "no" => NO.to_string(),
                    label => label.to_string(),
                };
                (label, Pick::Option(index))
            })
            .collect(),
        Kind::Choice => question
            .options
            .iter()
            .enumerate()
            .map(|(index, option)| (option.label.clone(), Pick::Option(index)))
            .collect(),
        Kind::Scale => {
            let (min, max) = question.scale_range();
            let labels = question
                .definition
                .scale
                .as_ref()
                .map(|scale| &scale.labels);
            (min..=max)
                .map(|point| {
                    let label = match labels.and_then(|labels| labels.get(&point)) {
                        Some(label) => format!("{point} – {label}"),
                        None => point.to_string(),
                    };
                    (label, Pick::Point(point))
                })
                .collect()
        }
        Kind::Multi | Kind::Number | Kind::Text => Vec::new(),
    };
    if let Some(unknown) = &question.unknown {
        picks.push((unknown.label.clone(), Pick::Unknown));
    }
    if question.definition.allow_na {
        picks.push((NOT_APPLICABLE.to_string(), Pick::NotApplicable));
    }
    let folded: Vec<String> = picks
        .iter()
        .map(|(label, _)| label.trim().to_lowercase())
        .collect();
    for (index, (label, pick)) in picks.iter_mut().enumerate() {
        let shared = folded
            .iter()
            .enumerate()
            .any(|(other, text)| other != index && *text == folded[index]);
        if shared || label.trim().is_empty() {
            let token = pick.token(question);
            *label = format!("{} ({token})", label.trim())
                .trim_start()
                .to_string();
        }
    }
    picks
}

/// True when `path` names a workbook (`.xlsx`, any case).
pub fn is_workbook(path: &str) -> bool {
    std::path::Path::new(path)
        .extension()
        .is_some_and(|extension| extension.eq_ignore_ascii_case("xlsx"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_unique_and_na_only_where_allowed() {
        let questionnaire = crate::test_support::questionnaire(
            r#"
format: mspcheck/questionnaire/1
id: picks
version: 1.0.0
title: Picks
domains:
  - {id: main, title: Main, weight: 1}
questions:
  - {id: q.yes, domain: main, text: "Yes?", kind: yes_no}
  - id: q.choice
    domain: main
    text: Choice?
    kind: choice
    allow_na: true
    options:
      - {value: a, label: Same, score: 1}
      - {value: b, label: same, score: 0}
      - {value: c, label: Not applicable, score: 0}
  - {id: q.scale, domain: main, text: Scale?, kind: scale, scale: {min: 1, max: 3, labels: {1: low}}}
  - {id: q.number, domain: main, text: Number?, kind: number, allow_na: true, bands: [{score: 1}]}
classification:
  rules:
    - {class: amateur, if: {}}
"#,
        );
        let labels = |position: usize| -> Vec<String> {
            picks(&questionnaire.questions[position])
                .into_iter()
                .map(|(label, _)| label)
                .collect()
        };
        assert_eq!(
            labels(0).len(),
            2,
            "no `na` on a question that does not allow it"
        );
        assert_eq!(
            labels(1),
            [
                "Same (a)",
                "same (b)",
                "Not applicable (c)",
                "Not applicable (na)"
            ]
        );
        assert_eq!(labels(2), ["1 – low", "2", "3"]);
        assert_eq!(labels(3), ["Not applicable"]);
        assert!(is_workbook("a/B.XLSX") && !is_workbook("a.xlsx.yaml"));
    }
}
