//! Raw files → checked values. Every problem of a file is collected before stopping, each
//! located through the YAML layer's position map.

pub mod answers;
pub mod framework;
pub mod questionnaire;

pub use answers::{Answer, AnswerValue, ValidAnswers};
pub use questionnaire::{
    ValidDomain, ValidOption, ValidQuestion, ValidQuestionnaire, ValidRule, ValidUnknown, ValidWhen,
};

use crate::diagnostic::{Code, Diagnostic};
use crate::yaml::{key, Document};

/// What a file claims to be, from its `format:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// `mspcheck/questionnaire/1`.
    Questionnaire,
    /// `mspcheck/answers/1`.
    Answers,
}

/// Reads `format:` and tells which kind of file this is; `expected` narrows what is accepted.
pub fn file_kind(document: &Document, expected: Option<FileKind>) -> Result<FileKind, Diagnostic> {
    let path = key(&[], "format");
    let wanted = match expected {
        Some(FileKind::Questionnaire) => format!("`{}`", crate::model::questionnaire::FORMAT),
        Some(FileKind::Answers) => format!("`{}`", crate::model::answers::FORMAT),
        None => format!(
            "`{}` or `{}`",
            crate::model::questionnaire::FORMAT,
            crate::model::answers::FORMAT
        ),
    };
    let Some(value) = document.node(&path) else {
        return Err(
            Diagnostic::error(Code::MissingField, "missing required key `format`")
                .at(document.source.start())
                .with_help(format!("add `format: ...` with {wanted} as the first line")),
        );
    };
    let kind = match value.as_str() {
        Some(crate::model::questionnaire::FORMAT) => Some(FileKind::Questionnaire),
        Some(crate::model::answers::FORMAT) => Some(FileKind::Answers),
        _ => None,
    };
    match (kind, expected) {
        (Some(kind), None) => Ok(kind),
        (Some(kind), Some(expected)) if kind == expected => Ok(kind),
        (found, _) => {
            let shown = value
                .scalar_text()
                .unwrap_or_else(|| value.type_name().to_string());
            let message = match found {
                Some(FileKind::Questionnaire) => {
                    "this is a questionnaire, not an answers file".to_string()
                }
                Some(FileKind::Answers) => {
                    "this is an answers file, not a questionnaire".to_string()
                }
                None => format!("unknown format `{shown}`"),
            };
            Err(Diagnostic::error(Code::UnknownFormat, message)
                .at(document.value_location(&path))
                .with_help(format!("expected {wanted}")))
        }
    }
}

/// True when `text` is non-empty and every character is a lowercase ASCII letter, a digit,
/// or one of `extra`.
pub(crate) fn is_identifier(text: &str, extra: &[char]) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || extra.contains(&c))
}
