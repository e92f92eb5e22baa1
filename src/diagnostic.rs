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

/// Between a workbook's file name and a sheet's name in `Location::file`, for cells.
const SHEET_SEPARATOR: char = '\u{1f}';

impl Location {
    /// A cell of a workbook: `row` and `column` are 1-based, and the location prints as
    /// `FILE:Sheet!D14`. Cells of one sheet sort by row, then column.
    pub fn cell(file: &str, sheet: &str, row: usize, column: usize) -> Location {
        Location {
            file: format!("{file}{SHEET_SEPARATOR}{sheet}"),
            line: row,
            column,
        }
    }
}

/// The spreadsheet name of a 1-based column: 1 → `A`, 27 → `AA`.
pub fn column_name(column: usize) -> String {
    let mut name = Vec::new();
    let mut rest = column;
    while rest > 0 {
        let digit = (rest - 1) % 26;
        name.push(b'A' + digit as u8);
        rest = (rest - 1) / 26;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

impl fmt::Display for Location {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.file.split_once(SHEET_SEPARATOR) {
            Some((file, sheet)) => write!(
                formatter,
                "{file}:{sheet}!{}{}",
                column_name(self.column),
                self.line
            ),
            None => write!(formatter, "{}:{}:{}", self.file, self.line, self.column),
        }
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
    ScoreIgnored => "score-ignored",
    WeightNotPositive => "weight-not-positive",
    MissingOptions => "missing-options",
    OptionsNotAllowed => "options-not-allowed",
    InvalidScale => "invalid-scale",
    InvalidBands => "invalid-bands",
    InvalidWhen => "invalid-when",
    InvalidRule => "invalid-rule",
    InvalidFlag => "invalid-flag",
    SeverityWithoutRedFlag => "severity-without-red-flag",
    EmptyDomain => "empty-domain",
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
    UnknownFramework => "unknown-framework",
    UnknownControl => "unknown-control",
    DuplicateMapping => "duplicate-mapping",
    MixedQuestionnaires => "mixed-questionnaires",
    ProviderMismatch => "provider-mismatch",
    InvalidBrand => "invalid-brand",
    OutputExists => "output-exists",
    OutputIsInput => "output-is-input",
    AnswersMisfit => "answers-misfit",
    FileInUse => "file-in-use",
    FileChanged => "file-changed",
    TooLong => "too-long",
    TextTooLong => "text-too-long",
    NumberOutOfBounds => "number-out-of-bounds",
    AnswerNotApplicable => "answer-not-applicable",
    JsonSyntax => "json-syntax",
    UnknownItemType => "unknown-item-type",
    InvalidVsaq => "invalid-vsaq",
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

/// Edit-distance work (cells of the distance table) allowed for the suggestions of one
/// file: enough for thousands of ordinary typos, and a bound on hostile files (200 unknown
/// 40,000-character ids, 20,000 unknown signals) that would otherwise take minutes.
pub const SUGGESTION_BUDGET: u64 = 10_000_000;

/// Names longer than this get no suggestion: they are not typos of a listed name.
const SUGGESTION_MAX_CHARS: usize = 200;

thread_local! {
    static BUDGET: std::cell::Cell<u64> = const { std::cell::Cell::new(SUGGESTION_BUDGET) };
}

/// Gives the current thread a fresh suggestion budget (called as each file is parsed).
pub fn reset_suggestion_budget() {
    BUDGET.with(|budget| budget.set(SUGGESTION_BUDGET));
}

/// The suggestion budget the current thread has left, for a check that may start over
/// ([`restore_suggestion_budget`]).
pub(crate) fn suggestion_budget() -> u64 {
    BUDGET.with(std::cell::Cell::get)
}

/// Gives back the budget [`suggestion_budget`] read: a check that starts over spends what it
/// would have had.
pub(crate) fn restore_suggestion_budget(left: u64) {
    BUDGET.with(|budget| budget.set(left));
}

/// "did you mean `x`?" for the closest of `candidates` within edit distance 3, preferring
/// the candidate that shares the longest prefix with `wrong` (then the smallest distance).
/// Candidates that extend `wrong` past a separator (`breakfix.sla` → `breakfix.sla_response`,
/// `breakfix.sla_fix`: what a split question became) come first, up to three of them.
/// Candidates whose length differs by more than 3 are otherwise skipped before any distance
/// is computed, and the work is bounded per file (`SUGGESTION_BUDGET`): once spent, no more
/// suggestions. A candidate that looks the same as `wrong` (look-alike letters, invisible
/// characters) is never suggested: the help says what differs instead.
pub fn did_you_mean<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    use crate::report::escape::{skeleton, visible};
    let length = wrong.chars().count();
    if length > SUGGESTION_MAX_CHARS {
        return None;
    }
    let wrong_skeleton = skeleton(wrong);
    // (shared prefix, distance, candidate): the most shared prefix, then the least distance.
    let mut best: Option<(usize, usize, &str)> = None;
    let mut extensions: Vec<&str> = Vec::new();
    let spend = |cost: u64| {
        BUDGET.with(|budget| {
            let left = budget.get();
            budget.set(left.saturating_sub(cost));
            left >= cost
        })
    };
    for candidate in candidates {
        // Even the look-alike check is paid for, so no count of candidates is unbounded.
        if !spend(candidate.len() as u64 + 1) {
            break;
        }
        if candidate != wrong && skeleton(candidate) == wrong_skeleton {
            return Some(format!(
                "`{}` only looks like `{candidate}`: it holds look-alike or invisible characters; type the name again",
                visible(&non_ascii_visible(wrong))
            ));
        }
        if !wrong.is_empty()
            && candidate
                .strip_prefix(wrong)
                .is_some_and(|rest| rest.starts_with(['_', '.', '-']))
            && !extensions.contains(&candidate)
        {
            extensions.push(candidate);
            continue;
        }
        let candidate_length = candidate.chars().count();
        if candidate_length.abs_diff(length) > 3 {
            continue;
        }
        if !spend(((length + 1) * (candidate_length + 1)) as u64) {
            break;
        }
        let distance = strsim::damerau_levenshtein(wrong, candidate);
        let shared = wrong
            .chars()
            .zip(candidate.chars())
            .take_while(|(left, right)| left == right)
            .count();
        if distance <= 3
            && distance < candidate_length.max(2)
            && best.is_none_or(|(most, least, _)| {
                shared > most || (shared == most && distance < least)
            })
        {
            best = Some((shared, distance, candidate));
        }
    }
    if !extensions.is_empty() {
        let quoted: Vec<String> = extensions
            .iter()
            .take(3)
            .map(|candidate| format!("`{candidate}`"))
            .collect();
        let list = match quoted.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
            _ => quoted.concat(),
        };
        return Some(format!("did you mean {list}?"));
    }
    best.map(|(_, _, candidate)| format!("did you mean `{candidate}`?"))
}

/// Non-ASCII letters shown as `\u{…}` so a look-alike is visible as such.
fn non_ascii_visible(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii() {
                c.to_string()
            } else {
                format!("\\u{{{:04x}}}", u32::from(c))
            }
        })
        .collect()
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
    fn suggests_what_a_split_id_became_and_prefers_a_shared_prefix() {
        // Issue #18: after `breakfix.sla` was split, an unrelated close id was suggested.
        let ids = [
            "breakfix.slo",
            "breakfix.sla_response",
            "breakfix.sla_fix",
            "backup.sla",
        ];
        assert_eq!(
            did_you_mean("breakfix.sla", ids).as_deref(),
            Some("did you mean `breakfix.sla_response` or `breakfix.sla_fix`?")
        );
        // Equally close, the one sharing the longer prefix wins, whatever the order.
        assert_eq!(
            did_you_mean("backup.tset", ["backup.set", "backup.test"]).as_deref(),
            Some("did you mean `backup.test`?")
        );
        assert_eq!(
            did_you_mean("backup.tset", ["backup.test", "backup.set"]).as_deref(),
            Some("did you mean `backup.test`?")
        );
        // A mere prefix without a separator is no split (`backups` is not from `backup`).
        assert_eq!(did_you_mean("mfa", ["mfaxyzzzz"]), None);
    }

    #[test]
    fn never_suggests_a_look_alike() {
        let help = did_you_mean("b\u{0430}ckup", ["backup", "other"]).unwrap();
        assert!(help.contains("only looks like `backup`"), "{help}");
        assert!(help.contains("\\u{0430}"), "{help}");
        let help = did_you_mean("backup\u{200b}", ["backup"]).unwrap();
        assert!(help.contains("only looks like"), "{help}");
    }

    #[test]
    fn suggestion_work_is_bounded_per_file() {
        BUDGET.with(|budget| budget.set(1_000_000));
        let candidates: Vec<String> = (0..2_000).map(|index| format!("{:0>150}", index)).collect();
        let mut calls = 0;
        for index in 0..2_000 {
            let wrong = format!("{:x>150}", index);
            let _ = did_you_mean(&wrong, candidates.iter().map(String::as_str));
            calls += 1;
        }
        assert_eq!(calls, 2_000);
        let left = BUDGET.with(std::cell::Cell::get);
        assert!(left < 151 * 151, "the budget was spent: {left}");
        // Spent budget: no more distance work, so later calls return at once.
        assert!(did_you_mean(&"y".repeat(150), candidates.iter().map(String::as_str)).is_none());
        reset_suggestion_budget();
        assert!(did_you_mean("backup.testd", ["backup.tested"]).is_some());
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
    fn cells_print_as_sheet_and_column_letters_and_sort_by_row() {
        assert_eq!(
            Location::cell("q.xlsx", "Questions", 14, 4).to_string(),
            "q.xlsx:Questions!D14"
        );
        assert_eq!(
            Location::cell("q.xlsx", "S", 2, 28).to_string(),
            "q.xlsx:S!AB2"
        );
        assert_eq!(column_name(26), "Z");
        assert!(Location::cell("q.xlsx", "S", 9, 4) < Location::cell("q.xlsx", "S", 14, 1));
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
