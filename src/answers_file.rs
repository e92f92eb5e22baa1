//! Writing answers files (`format: mspcheck/answers/1`) back out: the header fields, then the
//! answers in questionnaire order, the short form unless a note, evidence, `verified` or
//! `as_of` needs the long one. Reading stays in `yaml` and `validate`; the text written here
//! reads back through them to the same values (a test keeps the two in step).

use chrono::NaiveDate;
use serde_yaml::{Mapping, Value};

use crate::model::Perspective;
use crate::validate::{Answer, AnswerValue, ValidAnswers, ValidQuestion, ValidQuestionnaire};

/// The first line of every file written here. Files that start with it were written by
/// mspcheck, so they carry no comments of their own that a rewrite would lose.
pub const SIGNATURE: &str = "# Written by `mspcheck interview`, which rewrites this file after every answer; comments are not kept.";

/// The fields of an answers file above `answers:`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Header {
    /// The `questionnaire:` reference as it is to be written (`None` leaves the key out).
    pub questionnaire: Option<String>,
    /// Who is assessed.
    pub provider: String,
    /// Who answered.
    pub assessor: Option<String>,
    /// Whose point of view.
    pub perspective: Option<Perspective>,
    /// When.
    pub date: Option<NaiveDate>,
    /// Facts about the client (extension).
    pub client: Option<crate::model::answers::ClientFacts>,
}

impl Header {
    /// The header of a checked answers file.
    pub fn of(answers: &ValidAnswers) -> Header {
        Header {
            questionnaire: answers.questionnaire.clone(),
            provider: answers.provider.clone(),
            assessor: answers.assessor.clone(),
            perspective: answers.perspective,
            date: answers.date,
            client: answers.client.clone(),
        }
    }
}

/// What the file says about one question: its answer (if any) and the details around it.
/// A note or evidence may stand without an answer (`answer: null` in the long form).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Entry {
    /// The answer; `None` = unanswered.
    pub value: Option<AnswerValue>,
    /// Free text.
    pub note: Option<String>,
    /// What proves it.
    pub evidence: Option<String>,
    /// Checked against evidence.
    pub verified: bool,
    /// The date the answer describes.
    pub as_of: Option<NaiveDate>,
}

impl Entry {
    /// True when there is nothing to write.
    pub fn is_empty(&self) -> bool {
        self.value.is_none() && !self.has_details()
    }

    /// True when the long form is needed.
    pub fn has_details(&self) -> bool {
        self.note.is_some() || self.evidence.is_some() || self.verified || self.as_of.is_some()
    }

    /// The checked answer, when there is one.
    pub fn answer(&self) -> Option<Answer> {
        Some(Answer {
            value: self.value.clone()?,
            note: self.note.clone(),
            evidence: self.evidence.clone(),
            verified: self.verified,
            as_of: self.as_of,
        })
    }
}

impl From<Answer> for Entry {
    fn from(answer: Answer) -> Entry {
        Entry {
            value: Some(answer.value),
            note: answer.note,
            evidence: answer.evidence,
            verified: answer.verified,
            as_of: answer.as_of,
        }
    }
}

/// The YAML value of one entry: the short form when nothing but the answer is said.
pub fn entry_value(question: &ValidQuestion, entry: &Entry) -> Value {
    let value = entry
        .value
        .as_ref()
        .map_or(Value::Null, |value| value.to_yaml(question));
    if !entry.has_details() {
        return value;
    }
    let mut long = Mapping::new();
    long.insert("answer".into(), value);
    if let Some(note) = &entry.note {
        long.insert("note".into(), Value::String(note.clone()));
    }
    if let Some(evidence) = &entry.evidence {
        long.insert("evidence".into(), Value::String(evidence.clone()));
    }
    if entry.verified {
        long.insert("verified".into(), Value::Bool(true));
    }
    if let Some(as_of) = entry.as_of {
        long.insert("as_of".into(), Value::String(as_of.to_string()));
    }
    Value::Mapping(long)
}

/// The whole file as YAML text. `entries` is indexed like the questionnaire's questions;
/// empty entries (unanswered, nothing said) are left out.
pub fn render(
    header: &Header,
    questionnaire: &ValidQuestionnaire,
    entries: &[Entry],
) -> Result<String, serde_yaml::Error> {
    let mut root = Mapping::new();
    root.insert(
        "format".into(),
        Value::String(crate::model::answers::FORMAT.to_string()),
    );
    if let Some(reference) = &header.questionnaire {
        root.insert("questionnaire".into(), Value::String(reference.clone()));
    }
    root.insert("provider".into(), Value::String(header.provider.clone()));
    if let Some(assessor) = &header.assessor {
        root.insert("assessor".into(), Value::String(assessor.clone()));
    }
    if let Some(perspective) = header.perspective {
        root.insert(
            "perspective".into(),
            Value::String(perspective.as_str().to_string()),
        );
    }
    if let Some(date) = header.date {
        root.insert("date".into(), Value::String(date.to_string()));
    }
    if let Some(client) = &header.client {
        root.insert(
            "client".into(),
            serde_yaml::to_value(client).unwrap_or(Value::Null),
        );
    }
    let mut answers = Mapping::new();
    for (question, entry) in questionnaire.questions.iter().zip(entries) {
        if !entry.is_empty() {
            answers.insert(
                Value::String(question.id().to_string()),
                entry_value(question, entry),
            );
        }
    }
    if !answers.is_empty() {
        root.insert("answers".into(), Value::Mapping(answers));
    }
    let body = serde_yaml::to_string(&Value::Mapping(root))?;
    Ok(format!("{SIGNATURE}\n{body}"))
}

/// A checked answers file as YAML text (comments and spelling are not kept).
pub fn render_valid(
    answers: &ValidAnswers,
    questionnaire: &ValidQuestionnaire,
) -> Result<String, serde_yaml::Error> {
    let entries: Vec<Entry> = answers
        .answers
        .iter()
        .map(|answer| answer.clone().map(Entry::from).unwrap_or_default())
        .collect();
    render(&Header::of(answers), questionnaire, &entries)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Source;
    use crate::yaml::Document;

    const QUESTIONNAIRE: &str = r#"
format: mspcheck/questionnaire/1
id: tiny
version: 1.0.0
title: Tiny
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
      - {value: "a", score: 1}
      - {value: "3", score: 0}
  - id: q.multi
    domain: main
    text: Multi?
    kind: multi
    options:
      - {value: x, score: 0.5}
      - {value: y, score: 0.5}
  - {id: q.scale, domain: main, text: Scale?, kind: scale, scale: {min: 0, max: 4}}
  - {id: q.number, domain: main, text: Number?, kind: number, bands: [{up_to: 7, score: 1}, {score: 0}]}
classification:
  rules:
    - {class: amateur, if: {}}
"#;

    fn questionnaire() -> ValidQuestionnaire {
        let document = Document::parse(
            Source::from_bytes("q.yaml".into(), None, QUESTIONNAIRE.as_bytes()).unwrap(),
        )
        .unwrap();
        crate::validate::questionnaire::validate(&document).unwrap()
    }

    fn read_back(questionnaire: &ValidQuestionnaire, text: &str) -> ValidAnswers {
        let document =
            Document::parse(Source::from_bytes("a.yaml".into(), None, text.as_bytes()).unwrap())
                .unwrap();
        let header = crate::validate::answers::read_header(&document).unwrap();
        crate::validate::answers::validate(&document, &header, questionnaire, true).unwrap()
    }

    fn short(value: AnswerValue) -> Entry {
        Entry {
            value: Some(value),
            ..Entry::default()
        }
    }

    #[test]
    fn every_kind_reads_back_to_the_same_values() {
        let questionnaire = questionnaire();
        let header = Header {
            questionnaire: Some("tiny@1.0.0".into()),
            provider: "Acme: \"IT\" # Ltd".into(),
            assessor: Some("yes".into()),
            perspective: Some(Perspective::Auditor),
            date: NaiveDate::from_ymd_opt(2026, 11, 23),
            client: Some(crate::model::answers::ClientFacts {
                sector: Some(crate::model::answers::Sector::NonBankFinance),
                region: vec!["us-ny".into(), "eu-de".into()],
                public_body: Some(false),
            }),
        };
        let long = Answer {
            value: AnswerValue::Number(2.5),
            note: Some("line one\n# not a comment\nline: three".into()),
            evidence: Some("- a list? no".into()),
            verified: true,
            as_of: NaiveDate::from_ymd_opt(2026, 1, 2),
        };
        let entries = vec![
            short(AnswerValue::Option(1)),
            short(AnswerValue::Option(1)),
            short(AnswerValue::Options(vec![])),
            short(AnswerValue::Integer(3)),
            Entry::from(long.clone()),
        ];
        let text = render(&header, &questionnaire, &entries).unwrap();
        assert!(text.starts_with(SIGNATURE), "{text}");
        let answers = read_back(&questionnaire, &text);
        assert_eq!(Header::of(&answers), header);
        assert_eq!(
            answers.answers[0].as_ref().unwrap().value,
            AnswerValue::Option(1)
        );
        assert_eq!(
            answers.answers[1].as_ref().unwrap().value,
            AnswerValue::Option(1),
            "the option `3` stays text"
        );
        assert_eq!(
            answers.answers[2].as_ref().unwrap().value,
            AnswerValue::Options(vec![])
        );
        assert_eq!(
            answers.answers[3].as_ref().unwrap().value,
            AnswerValue::Integer(3)
        );
        assert_eq!(answers.answers[4].as_ref(), Some(&long));
    }

    #[test]
    fn answers_follow_questionnaire_order_and_unanswered_are_left_out() {
        let questionnaire = questionnaire();
        let header = Header {
            provider: "P".into(),
            ..Header::default()
        };
        let entries = vec![
            Entry::default(),
            short(AnswerValue::NotApplicable),
            Entry::default(),
            Entry::default(),
            short(AnswerValue::Number(14.0)),
        ];
        let text = render(&header, &questionnaire, &entries).unwrap();
        let choice = text.find("q.choice").unwrap();
        let number = text.find("q.number").unwrap();
        assert!(choice < number);
        assert!(
            !text.contains("q.yes") && !text.contains("questionnaire:"),
            "{text}"
        );
        assert!(text.contains("q.number: 14\n"), "{text}");
        let answers = read_back(&questionnaire, &text);
        assert_eq!(
            answers.answers[1].as_ref().unwrap().value,
            AnswerValue::NotApplicable
        );
        assert!(answers.answers[0].is_none());
    }

    #[test]
    fn details_without_an_answer_are_written_in_the_long_form() {
        let questionnaire = questionnaire();
        let header = Header {
            provider: "P".into(),
            ..Header::default()
        };
        let noted = Entry {
            note: Some("ask again in March".into()),
            ..Entry::default()
        };
        let entries = vec![
            noted,
            Entry::default(),
            Entry::default(),
            Entry::default(),
            Entry::default(),
        ];
        let text = render(&header, &questionnaire, &entries).unwrap();
        assert!(
            text.contains("ask again in March") && text.contains("answer: null"),
            "{text}"
        );
        let answers = read_back(&questionnaire, &text);
        assert!(answers.answers[0].is_none());
    }
}
