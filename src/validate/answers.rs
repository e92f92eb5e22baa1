//! Answers checks: every answer against its question's kind and allowed values; unknown
//! question ids with the closest known one; a version pin against the questionnaire.

use chrono::NaiveDate;
use serde_yaml::Value;

use crate::diagnostic::{did_you_mean, expected_one_of, Code, Diagnostic};
use crate::model::answers::LongAnswer;
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
    /// `unknown`: "don't know" (questions with `allow_unknown: true`).
    Unknown,
    /// `text`: the free text as written, never blank (a blank answer is no answer).
    Text(String),
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
            AnswerValue::Unknown => UNKNOWN_TOKEN.to_string(),
            AnswerValue::Text(text) => text.clone(),
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
            AnswerValue::Unknown => Value::String(UNKNOWN_TOKEN.into()),
            AnswerValue::Text(text) => Value::String(text.clone()),
        }
    }

    /// True for a free-text answer that is empty or only white space: it counts as no answer.
    pub fn is_blank(&self) -> bool {
        matches!(self, AnswerValue::Text(text) if text.trim().is_empty())
    }
}

/// The token of a "don't know" answer.
pub const UNKNOWN_TOKEN: &str = "unknown";

/// A number without a needless `.0` (kept here for existing callers; it lives in the
/// bottom layer, `crate::number`).
pub use crate::number::format_number;

/// What an answers file says about one question: its answer, if any, and what was said
/// about it. A note or evidence may stand without an answer (`answer: null` in the long
/// form). This is the one checked representation of an answer: validation produces it, the
/// interview edits it, imports build it and the answers-file writer writes it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Answer {
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

impl Answer {
    /// An answer with nothing said about it.
    pub fn given(value: AnswerValue) -> Answer {
        Answer {
            value: Some(value),
            ..Answer::default()
        }
    }

    /// True when there is nothing to write.
    pub fn is_empty(&self) -> bool {
        self.value.is_none() && !self.has_details()
    }

    /// True when a note, evidence, `verified` or `as_of` is said (the long form is needed).
    pub fn has_details(&self) -> bool {
        self.note.is_some() || self.evidence.is_some() || self.verified || self.as_of.is_some()
    }

    /// The answer when it is answered, else `None` (details alone do not answer).
    pub fn answered(&self) -> Option<&Answer> {
        self.value.is_some().then_some(self)
    }
}

/// The fields of an answers file above `answers:`, checked: the one header type, read from
/// YAML files and spreadsheets, asked by the interview and written by the writer.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Header {
    /// The `questionnaire:` reference as written (`None` when the key is left out).
    pub questionnaire: Option<String>,
    /// Who is assessed.
    pub provider: String,
    /// Who answered.
    pub assessor: Option<String>,
    /// Whose point of view.
    pub perspective: Option<Perspective>,
    /// When.
    pub date: Option<NaiveDate>,
    /// Facts about the client (extension): they select the regulations that apply.
    pub client: Option<crate::model::answers::ClientFacts>,
}

/// A checked answers file.
#[derive(Debug, Clone)]
pub struct ValidAnswers {
    /// The file's name as shown to users.
    pub origin: String,
    /// SHA-256 of the file's bytes.
    pub sha256: String,
    /// Who, by whom, when, and for which questionnaire.
    pub header: Header,
    /// One answer per question, by question index (`Answer::default()` when nothing is said).
    pub answers: Vec<Answer>,
}

impl ValidAnswers {
    /// The answer to the question at `position`, when it is answered.
    pub fn answered(&self, position: usize) -> Option<&Answer> {
        self.answers.get(position).and_then(Answer::answered)
    }

    /// The answer values by question index (`None` = unanswered), as scoring reads them.
    pub fn values(&self) -> Vec<Option<&AnswerValue>> {
        self.answers
            .iter()
            .map(|answer| answer.value.as_ref())
            .collect()
    }
}

/// An entry of `answers:` that does not fit its questionnaire (unknown id, value not
/// allowed, …), with why.
#[derive(Debug, Clone)]
pub struct Misfit {
    /// The entry's key as written.
    pub id: String,
    /// Why it does not fit, located in the file.
    pub diagnostic: Diagnostic,
}

/// The entries of a file read one by one: those that fit, and those that do not.
#[derive(Debug, Clone)]
pub struct Entries {
    /// One answer per question, by question index.
    pub answers: Vec<Answer>,
    /// The entries that do not fit, in file order.
    pub misfits: Vec<Misfit>,
}

/// The keys an answers file may have at its top level, in documentation order.
pub const HEADER_KEYS: &[&str] = &[
    "format",
    "questionnaire",
    "provider",
    "assessor",
    "perspective",
    "date",
    "client",
    "answers",
];

/// The header of an answers file read field by field: what could be read, and every
/// problem of every field. A field with a problem is left empty in `header`, so the rest of
/// the file (its questionnaire, its answers) can still be checked and all its problems
/// reported together, in file order.
#[derive(Debug, Clone, Default)]
pub struct HeaderRead {
    /// The fields that could be read (a broken field is `None`, or empty for `provider`).
    pub header: Header,
    /// Every header problem (unknown keys, wrong types, bad dates, a missing `provider`),
    /// in file order.
    pub problems: Vec<Diagnostic>,
    /// `questionnaire:` is written but could not be read (so it is not "missing").
    pub questionnaire_broken: bool,
}

impl HeaderRead {
    /// The header when every field was read, else every header problem.
    pub fn into_result(self) -> Result<Header, Vec<Diagnostic>> {
        if self.problems.is_empty() {
            Ok(self.header)
        } else {
            Err(self.problems)
        }
    }
}

/// Reads the answers file's own fields (before its questionnaire is known): the header,
/// or every problem of its fields. Callers that go on to check the answers use
/// [`read_header_fields`] instead, so that a bad header field does not hide them.
pub fn read_header(document: &Document) -> Result<Header, Vec<Diagnostic>> {
    read_header_fields(document)?.into_result()
}

/// Reads every header field on its own, collecting the problems of all of them. `Err` only
/// when the file is not an answers file at all (its `format:`).
pub fn read_header_fields(document: &Document) -> Result<HeaderRead, Vec<Diagnostic>> {
    file_kind(document, Some(FileKind::Answers)).map_err(|diagnostic| vec![diagnostic])?;
    let mut read = HeaderRead::default();
    let mut provider = None;
    if let Value::Mapping(top) = document.value() {
        // The keys as written (in file order), beside their values.
        let names: Vec<&str> = document
            .node(&[])
            .map(|node| node.keys().collect())
            .unwrap_or_default();
        for (name, value) in names.iter().copied().zip(top.values()) {
            let path = key(&[], name);
            let problem = match name {
                "format" | "answers" => None,
                "questionnaire" => {
                    let field = document.deserialize_value::<Option<String>>(value, &path);
                    read.questionnaire_broken = field.is_err();
                    take(field, &mut read.header.questionnaire)
                }
                "provider" => take(
                    document.deserialize_value::<String>(value, &path).map(Some),
                    &mut provider,
                ),
                "assessor" => take(
                    document.deserialize_value::<Option<String>>(value, &path),
                    &mut read.header.assessor,
                ),
                "perspective" => take(
                    document.deserialize_value::<Option<Perspective>>(value, &path),
                    &mut read.header.perspective,
                ),
                "date" => take(header_date(document, value, &path), &mut read.header.date),
                "client" => take(
                    document.deserialize_value::<Option<crate::model::answers::ClientFacts>>(
                        value, &path,
                    ),
                    &mut read.header.client,
                ),
                unknown => Some(unknown_header_key(document, unknown)),
            };
            read.problems.extend(problem);
        }
    }
    match provider {
        Some(provider) => read.header.provider = provider,
        None if document.get(&key(&[], "provider")).is_none() => read.problems.push(
            Diagnostic::error(Code::MissingField, "missing required key `provider`")
                .at(document.key_location(&[]))
                .with_help("add `provider:` here"),
        ),
        None => {}
    }
    crate::diagnostic::sort(&mut read.problems);
    Ok(read)
}

/// Stores a field that was read, or hands back its problem.
fn take<T>(field: Result<Option<T>, Diagnostic>, slot: &mut Option<T>) -> Option<Diagnostic> {
    match field {
        Ok(value) => {
            *slot = value;
            None
        }
        Err(problem) => Some(problem),
    }
}

/// `date:`: an ISO 8601 date, or a date and time whose date is kept.
fn header_date(
    document: &Document,
    value: &Value,
    path: &[Segment],
) -> Result<Option<NaiveDate>, Diagnostic> {
    let date = match value {
        Value::Null => return Ok(None),
        Value::String(text) => crate::model::answers::parse_iso_date(text),
        _ => None,
    };
    date.map(Some).ok_or_else(|| {
        let message = match crate::yaml::scalar_text(value) {
            Some(text) => format!("`{text}` is not a date"),
            None => format!(
                "`date` must be a date, found {}",
                crate::yaml::type_name(value)
            ),
        };
        Diagnostic::error(Code::WrongType, message)
            .at(document.value_location(path))
            .with_help("write dates as YYYY-MM-DD, e.g. 2026-11-22")
    })
}

/// `unknown-key` for a top-level key that is not a header field nor `answers`.
fn unknown_header_key(document: &Document, name: &str) -> Diagnostic {
    let help = did_you_mean(name, HEADER_KEYS.iter().copied()).unwrap_or_else(|| {
        format!(
            "allowed keys here: {}",
            HEADER_KEYS
                .iter()
                .map(|known| format!("`{known}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    });
    Diagnostic::error(Code::UnknownKey, format!("unknown key `{name}`"))
        .at(document.key_location(&key(&[], name)))
        .with_help(help)
}

/// Splits `id@1.2.3` into the reference and the pinned version.
pub fn split_pin(reference: &str) -> (&str, Option<&str>) {
    match reference.rsplit_once('@') {
        // An `@` inside a path (`./my@audit.yaml`, `…/Drive-user@example.com/q.yaml`) is
        // part of the name: a pin has no folder separator and is not a file name.
        Some((name, version))
            if !name.is_empty()
                && !version.contains(['/', '\\'])
                && !version.ends_with(".yaml")
                && !version.ends_with(".yml") =>
        {
            (name, Some(version))
        }
        _ => (reference, None),
    }
}

/// The version-pin problem of `header` against `questionnaire`, if any.
pub fn pin_mismatch(
    header: &Header,
    questionnaire: &ValidQuestionnaire,
    at: Option<crate::diagnostic::Location>,
) -> Option<Diagnostic> {
    let (_, pinned) = split_pin(header.questionnaire.as_deref()?);
    let pinned = pinned?;
    (pinned != questionnaire.version()).then(|| {
        Diagnostic::error(
            Code::VersionMismatch,
            format!(
                "the answers pin `{}@{pinned}`, but the questionnaire is version {}",
                questionnaire.id(),
                questionnaire.version()
            ),
        )
        .at_opt(at)
        .with_help(format!(
            "re-check the answers against version {} and update the pin",
            questionnaire.version()
        ))
    })
}

/// Checks every answer against `questionnaire`; all problems are returned.
pub fn validate(
    document: &Document,
    header: &Header,
    questionnaire: &ValidQuestionnaire,
    check_pin: bool,
) -> Result<ValidAnswers, Vec<Diagnostic>> {
    let mut diagnostics = Vec::new();
    if check_pin {
        let at = document.value_location(&key(&[], "questionnaire"));
        diagnostics.extend(pin_mismatch(header, questionnaire, Some(at)));
    }
    if let Some(client) = &header.client {
        diagnostics.extend(crate::obligations::check_regions(document, client));
    }
    let answers = match read_entries(document, questionnaire) {
        Ok(entries) => {
            diagnostics.extend(entries.misfits.into_iter().map(|misfit| misfit.diagnostic));
            entries.answers
        }
        Err(problem) => {
            diagnostics.push(problem);
            Vec::new()
        }
    };
    if !diagnostics.is_empty() {
        crate::diagnostic::sort(&mut diagnostics);
        return Err(diagnostics);
    }
    Ok(ValidAnswers {
        origin: document.source.name.clone(),
        sha256: document.source.sha256.clone(),
        header: header.clone(),
        answers,
    })
}

/// Reads every entry of `answers:` against `questionnaire`, keeping those that fit and
/// listing those that do not (the interview resumes with the first and offers to drop the
/// others). `Err` when `answers:` is not a mapping at all.
pub fn read_entries(
    document: &Document,
    questionnaire: &ValidQuestionnaire,
) -> Result<Entries, Diagnostic> {
    let mut entries = Entries {
        answers: vec![Answer::default(); questionnaire.questions.len()],
        misfits: Vec::new(),
    };
    let answers_path = key(&[], "answers");
    match document.get(&answers_path) {
        None | Some(Value::Null) => {}
        Some(Value::Mapping(mapping)) => {
            let keys: Vec<&str> = document
                .node(&answers_path)
                .map(|node| node.keys().collect())
                .unwrap_or_default();
            let mut unknown = 0usize;
            for (id, value) in keys.iter().zip(mapping.values()) {
                let path = key(&answers_path, id);
                let Some(position) = questionnaire.question_index(id) else {
                    unknown += 1;
                    let diagnostic = unknown_question(
                        questionnaire,
                        id,
                        unknown,
                        Some(document.key_location(&path)),
                    );
                    entries.misfits.push(Misfit {
                        id: id.to_string(),
                        diagnostic,
                    });
                    continue;
                };
                match read_answer(document, &questionnaire.questions[position], value, &path) {
                    Ok(answer) => entries.answers[position] = answer,
                    Err(diagnostic) => entries.misfits.push(Misfit {
                        id: id.to_string(),
                        diagnostic,
                    }),
                }
            }
        }
        Some(other) => {
            return Err(Diagnostic::error(
                Code::WrongType,
                format!(
                    "`answers` must be a mapping of question id to answer, found {}",
                    crate::yaml::type_name(other)
                ),
            )
            .at(document.value_location(&answers_path)))
        }
    }
    Ok(entries)
}

/// `unknown-question` for `id`, with a "did you mean" while fewer than `MAX_SUGGESTIONS`
/// unknown ids were seen (`count` is this one's number).
pub fn unknown_question(
    questionnaire: &ValidQuestionnaire,
    id: &str,
    count: usize,
    at: Option<crate::diagnostic::Location>,
) -> Diagnostic {
    // Suggestions cost an edit distance per known id: a file of thousands of unknown ids
    // gets them for the first ones only.
    let suggestion = (count <= MAX_SUGGESTIONS)
        .then(|| did_you_mean(id, questionnaire.question_ids()))
        .flatten();
    let help = suggestion.unwrap_or_else(|| {
        format!(
            "run `mspcheck show {}` to list the question ids",
            questionnaire.id()
        )
    });
    Diagnostic::error(
        Code::UnknownQuestion,
        format!(
            "unknown question `{id}` in questionnaire `{}`",
            questionnaire.id()
        ),
    )
    .at_opt(at)
    .with_help(help)
}

/// One entry: short or long form; the default answer when left empty.
fn read_answer(
    document: &Document,
    question: &ValidQuestion,
    value: &Value,
    path: &DocPath,
) -> Result<Answer, Diagnostic> {
    match value {
        Value::Null => Ok(Answer::default()),
        Value::Mapping(_) => {
            let long: LongAnswer = document.deserialize_value(value, path)?;
            let answer_path = key(path, "answer");
            let value = match long.answer {
                Value::Null => None,
                ref given => Some(parse_value(document, question, given, &answer_path)?)
                    .filter(|value| !value.is_blank()),
            };
            Ok(Answer {
                value,
                note: long.note,
                evidence: long.evidence,
                verified: long.verified,
                as_of: long.as_of,
            })
        }
        short => {
            let value = parse_value(document, question, short, path)?;
            Ok(if value.is_blank() {
                Answer::default()
            } else {
                Answer::given(value)
            })
        }
    }
}

/// Parses one answer value for `question`, located in a YAML document.
pub fn parse_value(
    document: &Document,
    question: &ValidQuestion,
    value: &Value,
    path: &[Segment],
) -> Result<AnswerValue, Diagnostic> {
    parse_answer_value(question, value, &|item| {
        Some(match item {
            None => document.value_location(path),
            Some(position) => document.value_location(&crate::yaml::index(path, position)),
        })
    })
}

/// Parses one answer value for `question` wherever it was written: `locate(None)` is where
/// the value is, `locate(Some(i))` where its `i`-th list item is (a YAML node, a cell).
pub fn parse_answer_value(
    question: &ValidQuestion,
    value: &Value,
    locate: &dyn Fn(Option<usize>) -> Option<crate::diagnostic::Location>,
) -> Result<AnswerValue, Diagnostic> {
    let location = || locate(None);
    let id = question.id();
    if question.kind() == Kind::Text {
        // Free text is taken as written, `na` and `unknown` included.
        return parse_text(question, value, location());
    }
    if value.as_str() == Some("na") {
        if question.definition.allow_na {
            return Ok(AnswerValue::NotApplicable);
        }
        return Err(
            Diagnostic::error(Code::NaNotAllowed, format!("`{id}` does not accept `na`"))
                .at_opt(location())
                .with_help(format!(
                    "{}; leave the question out if the answer is unknown",
                    allowed_text(question)
                )),
        );
    }
    if value.as_str() == Some(UNKNOWN_TOKEN) {
        if question.unknown.is_some() {
            return Ok(AnswerValue::Unknown);
        }
        let is_option = matches!(question.kind(), Kind::Choice)
            && question.option_index(UNKNOWN_TOKEN).is_some();
        if !is_option {
            return Err(Diagnostic::error(
                Code::UnknownNotAllowed,
                format!("`{id}` does not accept `unknown`"),
            )
            .at_opt(location())
            .with_help(format!(
                "{}; leave the answer empty if you do not know it",
                allowed_text(question)
            )));
        }
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
        .at_opt(location())
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
                let item_location = || locate(Some(position));
                let text = crate::yaml::scalar_text(item)
                    .ok_or_else(|| wrong_type(question, item, item_location()))?;
                let option = question.option_index(&text).ok_or_else(|| {
                    let mut diagnostic = not_allowed(&text);
                    diagnostic.location = item_location();
                    diagnostic
                })?;
                if chosen.contains(&option) {
                    return Err(Diagnostic::error(
                        Code::DuplicateValue,
                        format!("`{text}` is listed twice"),
                    )
                    .at_opt(item_location())
                    .with_help("list each chosen option once"));
                }
                chosen.push(option);
            }
            if let Some(conflict) = super::questionnaire::exclusive_conflict(question, &chosen) {
                let item = chosen
                    .iter()
                    .position(|option| *option == conflict)
                    .unwrap_or(0);
                return Err(exclusive_error(question, conflict).at_opt(locate(Some(item))));
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
                .at_opt(location())
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
                .at_opt(location())
                .with_help(allowed_text(question)));
            }
            if amount < 0.0 {
                return Err(Diagnostic::error(
                    Code::OutOfRange,
                    format!("`{id}` counts something, so it cannot be negative ({amount})"),
                )
                .at_opt(location())
                .with_help(allowed_text(question)));
            }
            Ok(AnswerValue::Number(amount))
        }
        Kind::Text => parse_text(question, value, location()),
    }
}

/// A `text` answer: a string, at most `max_length` characters (Unicode scalar values).
fn parse_text(
    question: &ValidQuestion,
    value: &Value,
    location: Option<crate::diagnostic::Location>,
) -> Result<AnswerValue, Diagnostic> {
    let Value::String(text) = value else {
        let mut diagnostic = wrong_type(question, value, location);
        if let Some(shown) = crate::yaml::scalar_text(value) {
            diagnostic.help = Some(format!(
                "write the answer as quoted text, exactly as meant: `\"{shown}\"`"
            ));
        }
        return Err(diagnostic);
    };
    if let Some(limit) = question.definition.max_length {
        let length = text.chars().count();
        if length > limit as usize {
            return Err(Diagnostic::error(
                Code::TextTooLong,
                format!(
                    "the answer to `{}` is {length} characters long; its `max_length` is {limit}",
                    question.id()
                ),
            )
            .at_opt(location)
            .with_help(format!("shorten the answer to at most {limit} characters")));
        }
    }
    Ok(AnswerValue::Text(text.clone()))
}

/// The error for a `multi` answer that combines the exclusive option `option` with others.
pub fn exclusive_error(question: &ValidQuestion, option: usize) -> Diagnostic {
    let value = &question.options[option].value;
    Diagnostic::error(
        Code::ExclusiveOption,
        format!(
            "`{value}` cannot be combined with other answers to `{}`",
            question.id()
        ),
    )
    .with_help(format!(
        "answer either `[{value}]` alone, or the other options without `{value}`"
    ))
}

fn wrong_type(
    question: &ValidQuestion,
    value: &Value,
    location: Option<crate::diagnostic::Location>,
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
    .at_opt(location)
    .with_help(allowed_text(question))
}

/// What an answer to `question` may be, as a help sentence.
pub fn allowed_text(question: &ValidQuestion) -> String {
    let na = match (question.definition.allow_na, question.unknown.is_some()) {
        (true, true) => ", `na` or `unknown`",
        (true, false) => ", or `na`",
        (false, true) => ", or `unknown`",
        (false, false) => "",
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
        Kind::Text => match question.definition.max_length {
            Some(limit) => format!("expected text of at most {limit} characters"),
            None => "expected text".to_string(),
        },
    }
}
