//! Writing answers files (`format: mspcheck/answers/1`) back out: the header fields, then the
//! answers in questionnaire order, the short form unless a note, evidence, `verified` or
//! `as_of` needs the long one. Reading stays in `yaml` and `validate`; the text written here
//! reads back through them to the same values (a test keeps the two in step).

use serde_yaml::{Mapping, Value};

use crate::validate::{Answer, ValidAnswers, ValidQuestion, ValidQuestionnaire};

/// The first line of every file written here. Files that start with it were written by
/// mspcheck, so they carry no comments of their own that a rewrite would lose.
pub const SIGNATURE: &str = "# Written by `mspcheck interview`, which rewrites this file after every answer; comments are not kept.";

pub use crate::validate::answers::Header;

/// What the interview calls a question's answer with its details while it is being edited:
/// the same checked [`Answer`] that validation produces and this writer writes.
pub type Entry = Answer;

/// The YAML value of one answer: the short form when nothing but the answer is said.
pub fn entry_value(question: &ValidQuestion, entry: &Answer) -> Value {
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
    entries: &[Answer],
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
    let body = emit(Value::Mapping(root))?;
    Ok(format!("{SIGNATURE}\n{body}"))
}

/// A YAML double-quoted scalar that every YAML reader (1.1 or 1.2, libyaml, PyYAML,
/// saphyr) reads back as exactly `text`: quotes and backslashes escaped, and every
/// character some reader treats as a line break or does not take raw (controls, U+0085,
/// U+2028, U+2029, invisible and bidirectional characters, U+FEFF, U+FFFE/U+FFFF)
/// written as an escape.
pub fn yaml_string(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\t' => quoted.push_str("\\t"),
            c if needs_escape(c) => {
                let code = u32::from(c);
                if code <= 0xffff {
                    quoted.push_str(&format!("\\u{code:04x}"));
                } else {
                    quoted.push_str(&format!("\\U{code:08x}"));
                }
            }
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// Characters written as escapes in `yaml_string`.
fn needs_escape(c: char) -> bool {
    c.is_control()
        || crate::report::escape::is_invisible(c)
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{fffe}' | '\u{ffff}')
}

/// True when serde_yaml's own emitter cannot be trusted with `text`: it would write some
/// character raw that another reader takes differently.
fn emit_ourselves(text: &str) -> bool {
    text.chars().any(|c| c == '\n' || needs_escape(c)) || text.contains(PLACEHOLDER)
}

/// The stand-in emitted by serde_yaml for a string `emit` writes itself.
const PLACEHOLDER: &str = "zq9mspcheckstring";

/// The one function that turns a value into the YAML text mspcheck writes. serde_yaml lays
/// out the structure; every string it cannot be trusted with is swapped for a plain
/// stand-in first and written back with `yaml_string`.
pub fn emit(mut value: Value) -> Result<String, serde_yaml::Error> {
    let mut swapped = Vec::new();
    swap_strings(&mut value, &mut swapped);
    let mut text = serde_yaml::to_string(&value)?;
    if swapped.is_empty() {
        return Ok(text);
    }
    for (index, original) in swapped.iter().enumerate().rev() {
        text = text.replacen(&stand_in(index), &yaml_string(original), 1);
    }
    Ok(text)
}

fn stand_in(index: usize) -> String {
    format!("{PLACEHOLDER}{index:08}x")
}

fn swap_strings(value: &mut Value, swapped: &mut Vec<String>) {
    match value {
        Value::String(text) if emit_ourselves(text) => {
            let original = std::mem::replace(text, stand_in(swapped.len()));
            swapped.push(original);
        }
        Value::Sequence(items) => {
            for item in items {
                swap_strings(item, swapped);
            }
        }
        Value::Mapping(mapping) => {
            for (_, item) in mapping.iter_mut() {
                swap_strings(item, swapped);
            }
        }
        Value::Tagged(tagged) => swap_strings(&mut tagged.value, swapped),
        _ => {}
    }
}

/// A checked answers file as YAML text (comments and spelling are not kept).
pub fn render_valid(
    answers: &ValidAnswers,
    questionnaire: &ValidQuestionnaire,
) -> Result<String, serde_yaml::Error> {
    render(&answers.header, questionnaire, &answers.answers)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Perspective;

    /// Strings that some YAML reader takes differently when written raw.
    pub(crate) const HOSTILE_STRINGS: &[&str] = &[
        "line\u{2028}provider: injected",
        "para\u{2029}- item",
        "next\u{85}line",
        "bom\u{feff}inside",
        "bidi \u{202e}erutam",
        "zero\u{200b}width",
        "tab\there",
        "two\nlines",
        "quote \" and back\\slash",
        "bell\u{7}esc\u{1b}[2J",
        "# not a comment",
        "- not a list",
        "yes",
        "~",
        "  leading spaces",
        "trailing spaces  ",
        "zq9mspcheckstring00000000x",
        "\u{1f600} emoji",
    ];

    #[test]
    fn every_string_reads_back_the_same() {
        for text in HOSTILE_STRINGS {
            let mut mapping = Mapping::new();
            mapping.insert("note".into(), Value::String((*text).to_string()));
            let yaml = emit(Value::Mapping(mapping)).unwrap();
            let document =
                Document::parse(Source::from_bytes("a".into(), None, yaml.as_bytes()).unwrap())
                    .unwrap();
            let back = document.get(&crate::yaml::key(&[], "note")).cloned();
            assert_eq!(back, Some(Value::String((*text).to_string())), "{yaml}");
        }
    }
    use crate::source::Source;
    use crate::validate::AnswerValue;
    use crate::yaml::Document;
    use chrono::NaiveDate;

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
        Answer::given(value)
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
            value: Some(AnswerValue::Number(2.5)),
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
            long.clone(),
        ];
        let text = render(&header, &questionnaire, &entries).unwrap();
        assert!(text.starts_with(SIGNATURE), "{text}");
        let answers = read_back(&questionnaire, &text);
        assert_eq!(answers.header, header);
        assert_eq!(answers.answers[0].value, Some(AnswerValue::Option(1)),);
        assert_eq!(
            answers.answers[1].value,
            Some(AnswerValue::Option(1)),
            "the option `3` stays text"
        );
        assert_eq!(answers.answers[2].value, Some(AnswerValue::Options(vec![])),);
        assert_eq!(answers.answers[3].value, Some(AnswerValue::Integer(3)),);
        assert_eq!(answers.answers[4], long);
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
        assert_eq!(answers.answers[1].value, Some(AnswerValue::NotApplicable),);
        assert!(answers.answers[0].is_empty());
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
        assert_eq!(answers.answers[0], entries[0], "the note is read back");
        assert!(answers.answered(0).is_none());
    }
}
