//! Problems found in input files, with a stable code, a location and, where one exists, a
//! suggestion. The library collects them; only `main` prints them.
//!
//! Every code is documented in `docs/diagnostics.md`; a test keeps the two in step.

use std::fmt;

/// A place in an input file: 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    /// The file's name as shown to the user.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// How bad a problem is: errors stop the run (exit 2); warnings are printed and the run goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The input cannot be used.
    Error,
    /// The input is usable but something deserves attention.
    Warning,
}

macro_rules! codes {
    ($($variant:ident => $text:literal,)*) => {
        /// Stable, kebab-case identifiers of every kind of problem.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code { $(#[doc = concat!("`", $text, "` (see docs/diagnostics.md)")] $variant,)* }

        impl Code {
            /// Every code, in documentation order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The code as printed and documented.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $text,)* }
            }
        }
    };
}

codes! {
    FileUnreadable => "file-unreadable",
    FileTooLarge => "file-too-large",
    NotUtf8 => "not-utf8",
    EmptyFile => "empty-file",
    YamlSyntax => "yaml-syntax",
    YamlAlias => "yaml-alias",
    TooDeep => "too-deep",
    MultipleDocuments => "multiple-documents",
    NotAMapping => "not-a-mapping",
    DuplicateKey => "duplicate-key",
    ComplexKey => "complex-key",
    UnknownFormat => "unknown-format",
    UnknownKey => "unknown-key",
    MissingField => "missing-field",
    WrongType => "wrong-type",
    InvalidId => "invalid-id",
    InvalidVersion => "invalid-version",
    DuplicateId => "duplicate-id",
    UnknownDomain => "unknown-domain",
    UnknownQuestion => "unknown-question",
    UnknownSignal => "unknown-signal",
    ScoreOutOfRange => "score-out-of-range",
    WeightNotPositive => "weight-not-positive",
    MissingOptions => "missing-options",
    OptionsNotAllowed => "options-not-allowed",
    InvalidScale => "invalid-scale",
    InvalidBands => "invalid-bands",
    InvalidWhen => "invalid-when",
    InvalidRule => "invalid-rule",
    LastRuleNotUnconditional => "last-rule-not-unconditional",
    TooManyQuestions => "too-many-questions",
    ValueNotAllowed => "value-not-allowed",
    NaNotAllowed => "na-not-allowed",
    UnknownNotAllowed => "unknown-not-allowed",
    ExclusiveOption => "exclusive-option",
    OutOfRange => "out-of-range",
    DuplicateValue => "duplicate-value",
    QuestionnaireNotFound => "questionnaire-not-found",
    VersionMismatch => "version-mismatch",
    ReviewOverdue => "review-overdue",
    MixedQuestionnaires => "mixed-questionnaires",
    ProviderMismatch => "provider-mismatch",
    InvalidBrand => "invalid-brand",
    OutputExists => "output-exists",
}

/// One problem, ready to print as `FILE:LINE:COL: error: message [code]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Stable identifier of the kind of problem.
    pub code: Code,
    /// What is wrong, lowercase, names in backticks.
    pub message: String,
    /// Where, when the problem has a place in a file.
    pub location: Option<Location>,
    /// What would be right, when it can be said.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A new error with no location yet.
    pub fn error(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            location: None,
            help: None,
        }
    }

    /// A new warning with no location yet.
    pub fn warning(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            code,
            message: message.into(),
            location: None,
            help: None,
        }
    }

    /// Places the problem.
    pub fn at(mut self, location: Location) -> Diagnostic {
        self.location = Some(location);
        self
    }

    /// Places the problem when a location is known.
    pub fn at_opt(mut self, location: Option<Location>) -> Diagnostic {
        if location.is_some() {
            self.location = location;
        }
        self
    }

    /// Adds a suggestion.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Messages quote file content (keys, values, file names): printed on a terminal,
        // they are stripped of control sequences like every other text from a file.
        use crate::report::escape::terminal;
        if let Some(location) = &self.location {
            write!(formatter, "{}: ", terminal(&location.to_string()))?;
        }
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            formatter,
            "{severity}: {} [{}]",
            terminal(&self.message),
            self.code.as_str()
        )?;
        if let Some(help) = &self.help {
            write!(formatter, "\n  help: {}", terminal(help))?;
        }
        Ok(())
    }
}

/// Sorts problems by file, line and column (problems without a place first), keeping the
/// order of equal positions.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|left, right| left.location.cmp(&right.location));
}

/// "did you mean `x`?" for the closest of `candidates` within edit distance 3.
pub fn did_you_mean<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    candidates
        .into_iter()
        .map(|candidate| (strsim::damerau_levenshtein(wrong, candidate), candidate))
        .filter(|(distance, candidate)| {
            *distance <= 3 && *distance < candidate.chars().count().max(2)
        })
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| format!("did you mean `{candidate}`?"))
}

/// "expected one of `a`, `b`, `c`" (long lists are shortened).
pub fn expected_one_of<'a>(values: impl IntoIterator<Item = &'a str>) -> String {
    let values: Vec<&str> = values.into_iter().collect();
    let shown: Vec<String> = values
        .iter()
        .take(12)
        .map(|value| format!("`{value}`"))
        .collect();
    let more = if values.len() > 12 {
        format!(" and {} more", values.len() - 12)
    } else {
        String::new()
    };
    format!("expected one of {}{more}", shown.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_kebab_case() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            let text = code.as_str();
            assert!(seen.insert(text), "duplicate code {text}");
            assert!(
                text.chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit()),
                "{text}"
            );
        }
    }

    #[test]
    fn every_code_is_documented() {
        let docs = include_str!("../docs/diagnostics.md");
        for code in Code::ALL {
            assert!(
                docs.contains(&format!("`{}`", code.as_str())),
                "{} is not in docs/diagnostics.md",
                code.as_str()
            );
        }
    }

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(
            did_you_mean("backup.testd", ["backup.tested", "mfa.admin"]).as_deref(),
            Some("did you mean `backup.tested`?")
        );
        assert_eq!(did_you_mean("zzzzzzzz", ["backup.tested"]), None);
    }

    #[test]
    fn strips_control_sequences_quoted_from_files() {
        let diagnostic = Diagnostic::error(Code::UnknownQuestion, "unknown question `a\u{1b}[2Jb`")
            .with_help("did you mean `\u{1b}]0;x\u{7}`?");
        let text = diagnostic.to_string();
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{text:?}"
        );
    }

    #[test]
    fn prints_location_severity_and_code() {
        let diagnostic = Diagnostic::error(Code::UnknownKey, "unknown key `x`")
            .at(Location {
                file: "a.yaml".into(),
                line: 3,
                column: 5,
            })
            .with_help("did you mean `y`?");
        assert_eq!(
            diagnostic.to_string(),
            "a.yaml:3:5: error: unknown key `x` [unknown-key]\n  help: did you mean `y`?"
        );
    }
}
