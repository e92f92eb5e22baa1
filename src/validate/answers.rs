//! Answers checks: every answer against its question's kind and allowed values; unknown
//! question ids with the closest known one; a version pin against the questionnaire.

use chrono::NaiveDate;
use serde_yaml::Value;

use crate::diagnostic::{did_you_mean, expected_one_of, Code, Diagnostic};
use crate::model::answers::{AnswersFile, LongAnswer};
use crate::model::questionnaire::Kind;
use crate::model::Perspective;
use crate::yaml::{key, DocPath, Document, Segment};

use super::questionnaire::{yes_no_token, ValidQuestion, ValidQuestionnaire};
use super::{file_kind, FileKind};

/// How many unknown question ids of one file get a "did you mean" suggestion.
const MAX_SUGGESTIONS: usize = 200;

/// One answer, checked against its question.
#[derive(Debug, Clone, PartialEq)]
pub enum AnswerValue {
    /// `yes_no` (0 = yes, 1 = no) and `choice`: the chosen option's index.
    Option(usize),
    /// `multi`: the chosen options' indexes, in option order, no repeats.
    Options(Vec<usize>),
    /// `scale`: the chosen point.
    Integer(i64),
    /// `number`: the amount, finite and ≥ 0.
    Number(f64),
    /// `na`: not applicable.
    NotApplicable,
}

impl AnswerValue {
    /// The answer as it is written in an answers file (`yes`, `[a, b]`, `14`, `na`).
    pub fn display(&self, question: &ValidQuestion) -> String {
        match self {
            AnswerValue::Option(option) => question.options[*option].value.clone(),
            AnswerValue::Options(options) => format!(
                "[{}]",
                options
                    .iter()
                    .map(|option| question.options[*option].value.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            AnswerValue::Integer(point) => point.to_string(),
            AnswerValue::Number(amount) => format_number(*amount),
            AnswerValue::NotApplicable => "na".to_string(),
        }
    }

    /// The answer as a YAML value, for writing answers files.
    pub fn to_yaml(&self, question: &ValidQuestion) -> Value {
        match self {
            AnswerValue::Option(option) => Value::String(question.options[*option].value.clone()),
            AnswerValue::Options(options) => Value::Sequence(
                options
                    .iter()
                    .map(|option| Value::String(question.options[*option].value.clone()))
                    .collect(),
            ),
            AnswerValue::Integer(point) => Value::Number((*point).into()),
            AnswerValue::Number(amount) => {
                if amount.fract() == 0.0 && amount.abs() < 1e15 {
                    Value::Number((*amount as i64).into())
                } else {
                    Value::Number((*amount).into())
                }
            }
            AnswerValue::NotApplicable => Value::String("na".into()),
        }
    }
}

/// A number without a needless `.0`.
pub fn format_number(amount: f64) -> String {
    if amount.fract() == 0.0 && amount.abs() < 1e15 {
        format!("{}", amount as i64)
    } else {
        format!("{amount}")
    }
}

/// One answer with what was said about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// The answer.
    pub value: AnswerValue,
    /// Free text.
    pub note: Option<String>,
    /// What proves it.
    pub evidence: Option<String>,
    /// Checked against evidence.
    pub verified: bool,
    /// The date the answer describes.
    pub as_of: Option<NaiveDate>,
}

/// A checked answers file.
#[derive(Debug, Clone)]
pub struct ValidAnswers {
    /// The file's name as shown to users.
    pub origin: String,
    /// SHA-256 of the file's bytes.
    pub sha256: String,
    /// Who is assessed.
    pub provider: String,
    /// Who answered.
    pub assessor: Option<String>,
    /// Whose point of view.
    pub perspective: Option<Perspective>,
    /// When.
    pub date: Option<NaiveDate>,
    /// The `questionnaire:` reference as written.
    pub questionnaire: Option<String>,
    /// Facts about the client (extension).
    pub client: Option<crate::model::answers::ClientFacts>,
    /// Answers by question index; `None` = unanswered.
    pub answers: Vec<Option<Answer>>,
}

/// Reads the answers file's own fields (before its questionnaire is known); its
/// `answers` field stays `None`: `validate` reads the answers from the document.
pub fn read_header(document: &Document) -> Result<AnswersFile, Vec<Diagnostic>> {
    file_kind(document, Some(FileKind::Answers)).map_err(|diagnostic| vec![diagnostic])?;
    // The header fields only: the answers themselves are read from the document in
    // `validate`, so they are not copied here (`answers` is left empty).
    let mut header = serde_yaml::Mapping::new();
    if let Value::Mapping(top) = &document.value {
        for (name, value) in top {
            if name.as_str() != Some("answers") {
                header.insert(name.clone(), value.clone());
            }
        }
    }
    document
        .deserialize_value::<AnswersFile>(&Value::Mapping(header), &[])
        .map_err(|diagnostic| vec![diagnostic])
}

/// Splits `id@1.2.3` into the reference and the pinned version.
pub fn split_pin(reference: &str) -> (&str, Option<&str>) {
    match reference.rsplit_once('@') {
        Some((name, version)) if !name.is_empty() => (name, Some(version)),
        _ => (reference, None),
    }
}

/// Checks every answer against `questionnaire`; all problems are returned.
pub fn validate(
    document: &Document,
    file: &AnswersFile,
    questionnaire: &ValidQuestionnaire,
    check_pin: bool,
) -> Result<ValidAnswers, Vec<Diagnostic>> {
    let mut diagnostics = Vec::new();
    if check_pin {
        if let Some((_, Some(pinned))) = file.questionnaire.as_deref().map(split_pin) {
            if pinned != questionnaire.version() {
                diagnostics.push(
                    Diagnostic::error(
                        Code::VersionMismatch,
                        format!(
                            "the answers pin `{}@{pinned}`, but the questionnaire is version {}",
                            questionnaire.id(),
                            questionnaire.version()
                        ),
                    )
                    .at(document.value_location(&key(&[], "questionnaire")))
                    .with_help(format!(
                        "re-check the answers against version {} and update the pin",
                        questionnaire.version()
                    )),
                );
            }
        }
    }
    if let Some(client) = &file.client {
        diagnostics.extend(crate::obligations::check_regions(document, client));
    }
    let mut answers: Vec<Option<Answer>> = vec![None; questionnaire.questions.len()];
    let answers_path = key(&[], "answers");
    match document.get(&answers_path).or(file.answers.as_ref()) {
        None | Some(Value::Null) => {}
        Some(Value::Mapping(mapping)) => {
            let keys: Vec<&str> = document
                .positions
                .find(&answers_path)
                .map(|node| node.keys().collect())
                .unwrap_or_default();
            let mut unknown = 0usize;
            for (id, value) in keys.iter().zip(mapping.values()) {
                let path = key(&answers_path, id);
                let Some(position) = questionnaire.question_index(id) else {
                    unknown += 1;
                    // Suggestions cost an edit distance per known id: a file of thousands
                    // of unknown ids gets them for the first ones only.
                    let suggestion = (unknown <= MAX_SUGGESTIONS)
                        .then(|| did_you_mean(id, questionnaire.question_ids()))
                        .flatten();
                    let help = suggestion.unwrap_or_else(|| {
                        format!(
                            "run `mspcheck show {}` to list the question ids",
                            questionnaire.id()
                        )
                    });
                    diagnostics.push(
                        Diagnostic::error(
                            Code::UnknownQuestion,
                            format!(
                                "unknown question `{id}` in questionnaire `{}`",
                                questionnaire.id()
                            ),
                        )
                        .at(document.key_location(&path))
                        .with_help(help),
                    );
                    continue;
                };
                match read_answer(document, &questionnaire.questions[position], value, &path) {
                    Ok(answer) => answers[position] = answer,
                    Err(diagnostic) => diagnostics.push(diagnostic),
                }
            }
        }
        Some(other) => diagnostics.push(
            Diagnostic::error(
                Code::WrongType,
                format!(
                    "`answers` must be a mapping of question id to answer, found {}",
                    crate::yaml::type_name(other)
                ),
            )
            .at(document.value_location(&answers_path)),
        ),
    }
    if !diagnostics.is_empty() {
        crate::diagnostic::sort(&mut diagnostics);
        return Err(diagnostics);
    }
    Ok(ValidAnswers {
        origin: document.source.name.clone(),
        sha256: document.source.sha256.clone(),
        provider: file.provider.clone(),
        assessor: file.assessor.clone(),
        perspective: file.perspective,
        date: file.date,
        questionnaire: file.questionnaire.clone(),
        client: file.client.clone(),
        answers,
    })
}

/// One entry: short or long form; `None` when left empty.
fn read_answer(
    document: &Document,
    question: &ValidQuestion,
    value: &Value,
    path: &DocPath,
) -> Result<Option<Answer>, Diagnostic> {
    match value {
        Value::Null => Ok(None),
        Value::Mapping(_) => {
            let long: LongAnswer = document.deserialize_value(value, path)?;
            let answer_path = key(path, "answer");
            if long.answer.is_null() {
                return Ok(None);
            }
            let parsed = parse_value(document, question, &long.answer, &answer_path)?;
            Ok(Some(Answer {
                value: parsed,
                note: long.note,
                evidence: long.evidence,
                verified: long.verified,
                as_of: long.as_of,
            }))
        }
        short => Ok(Some(Answer {
            value: parse_value(document, question, short, path)?,
            note: None,
            evidence: None,
            verified: false,
            as_of: None,
        })),
    }
}

/// Parses one answer value for `question`.
pub fn parse_value(
    document: &Document,
    question: &ValidQuestion,
    value: &Value,
    path: &[Segment],
) -> Result<AnswerValue, Diagnostic> {
    let location = || document.value_location(path);
    let id = question.id();
    if value.as_str() == Some("na") {
        if question.definition.allow_na {
            return Ok(AnswerValue::NotApplicable);
        }
        return Err(
            Diagnostic::error(Code::NaNotAllowed, format!("`{id}` does not accept `na`"))
                .at(location())
                .with_help(format!(
                    "{}; leave the question out if the answer is unknown",
                    allowed_text(question)
                )),
        );
    }
    let not_allowed = |shown: &str| {
        let allowed: Vec<&str> = question
            .options
            .iter()
            .map(|option| option.value.as_str())
            .collect();
        let help = match did_you_mean(shown, allowed.iter().copied()) {
            Some(suggestion) => format!("{suggestion} ({})", allowed_text(question)),
            None => allowed_text(question),
        };
        Diagnostic::error(
            Code::ValueNotAllowed,
            format!("`{shown}` is not an answer to `{id}`"),
        )
        .at(location())
        .with_help(help)
    };
    match question.kind() {
        Kind::YesNo => {
            let text = match value {
                Value::Bool(flag) => flag.to_string(),
                other => crate::yaml::scalar_text(other)
                    .ok_or_else(|| wrong_type(question, value, location()))?,
            };
            yes_no_token(&text)
                .map(AnswerValue::Option)
                .ok_or_else(|| not_allowed(&text))
        }
        Kind::Choice => {
            let text = crate::yaml::scalar_text(value)
                .ok_or_else(|| wrong_type(question, value, location()))?;
            question
                .option_index(&text)
                .map(AnswerValue::Option)
                .ok_or_else(|| not_allowed(&text))
        }
        Kind::Multi => {
            let Value::Sequence(items) = value else {
                let mut diagnostic = wrong_type(question, value, location());
                if let Some(text) = crate::yaml::scalar_text(value) {
                    diagnostic.help = Some(format!("write the answer as a list: `[{text}]`"));
                }
                return Err(diagnostic);
            };
            let mut chosen = Vec::new();
            for (position, item) in items.iter().enumerate() {
                let item_location = || document.value_location(&crate::yaml::index(path, position));
                let text = crate::yaml::scalar_text(item)
                    .ok_or_else(|| wrong_type(question, item, item_location()))?;
                let option = question.option_index(&text).ok_or_else(|| {
                    let mut diagnostic = not_allowed(&text);
                    diagnostic.location = Some(item_location());
                    diagnostic
                })?;
                if chosen.contains(&option) {
                    return Err(Diagnostic::error(
                        Code::DuplicateValue,
                        format!("`{text}` is listed twice"),
                    )
                    .at(item_location())
                    .with_help("list each chosen option once"));
                }
                chosen.push(option);
            }
            chosen.sort_unstable();
            Ok(AnswerValue::Options(chosen))
        }
        Kind::Scale => {
            let (min, max) = question.scale_range();
            let point = match value {
                Value::Number(number) => number.as_i64(),
                _ => None,
            };
            let point = point.ok_or_else(|| wrong_type(question, value, location()))?;
            if point < min || point > max {
                return Err(Diagnostic::error(
                    Code::OutOfRange,
                    format!("{point} is outside the scale of `{id}`"),
                )
                .at(location())
                .with_help(allowed_text(question)));
            }
            Ok(AnswerValue::Integer(point))
        }
        Kind::Number => {
            let amount = match value {
                Value::Number(number) => number.as_f64(),
                _ => None,
            };
            let amount = amount.ok_or_else(|| wrong_type(question, value, location()))?;
            if !amount.is_finite() {
                return Err(Diagnostic::error(
                    Code::OutOfRange,
                    format!("`{id}` needs a finite number, not {amount}"),
                )
                .at(location())
                .with_help(allowed_text(question)));
            }
            if amount < 0.0 {
                return Err(Diagnostic::error(
                    Code::OutOfRange,
                    format!("`{id}` counts something, so it cannot be negative ({amount})"),
                )
                .at(location())
                .with_help(allowed_text(question)));
            }
            Ok(AnswerValue::Number(amount))
        }
    }
}

fn wrong_type(
    question: &ValidQuestion,
    value: &Value,
    location: crate::diagnostic::Location,
) -> Diagnostic {
    Diagnostic::error(
        Code::WrongType,
        format!(
            "`{}` is a `{}` question; found {}",
            question.id(),
            question.kind().as_str(),
            crate::yaml::type_name(value)
        ),
    )
    .at(location)
    .with_help(allowed_text(question))
}

/// What an answer to `question` may be, as a help sentence.
pub fn allowed_text(question: &ValidQuestion) -> String {
    let na = if question.definition.allow_na {
        ", or `na`"
    } else {
        ""
    };
    match question.kind() {
        Kind::YesNo => format!("expected `yes` or `no`{na}"),
        Kind::Choice => format!(
            "{}{na}",
            expected_one_of(question.options.iter().map(|option| option.value.as_str()))
        ),
        Kind::Multi => format!(
            "expected a list of {}{na}",
            expected_one_of(question.options.iter().map(|option| option.value.as_str()))
                .trim_start_matches("expected ")
        ),
        Kind::Scale => {
            let (min, max) = question.scale_range();
            format!("expected a whole number from {min} to {max}{na}")
        }
        Kind::Number => {
            let unit = question
                .definition
                .unit
                .as_deref()
                .map(|unit| format!(" ({unit})"))
                .unwrap_or_default();
            format!("expected a number ≥ 0{unit}{na}")
        }
    }
}
