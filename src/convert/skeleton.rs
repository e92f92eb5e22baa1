//! The converted questionnaire before it is written, and its YAML text. The text is written
//! here rather than serialized from `crate::model` so that it can carry comments (where each
//! question came from, what to review) and keep the field order of the README's examples.

use std::collections::{BTreeSet, HashSet};
use std::fmt::Write as _;

/// A skeleton questionnaire.
#[derive(Debug, Clone)]
pub(crate) struct Skeleton {
    pub(crate) title: String,
    /// Paragraphs of the questionnaire's description (texts with no better place).
    pub(crate) description: Vec<String>,
    pub(crate) domains: Vec<Domain>,
    pub(crate) questions: Vec<Question>,
    pub(crate) flags: Vec<Flag>,
}

#[derive(Debug, Clone)]
pub(crate) struct Domain {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) description: Vec<String>,
    /// The VSAQ block id.
    pub(crate) source: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Choice,
    Multi,
    YesNo,
    Text,
}

#[derive(Debug, Clone)]
pub(crate) struct Question {
    pub(crate) id: String,
    /// `ref:`: the VSAQ id.
    pub(crate) reference: Option<String>,
    /// Index into `Skeleton::domains`.
    pub(crate) domain: usize,
    pub(crate) kind: Kind,
    pub(crate) text: String,
    /// Paragraphs of help.
    pub(crate) help: Vec<String>,
    pub(crate) options: Vec<Answer>,
    pub(crate) max_length: Option<u32>,
    pub(crate) when: Option<Tree>,
    pub(crate) scored: bool,
    /// The converter's node index (not written).
    pub(crate) node_line: usize,
}

#[derive(Debug, Clone)]
pub(crate) struct Answer {
    pub(crate) value: String,
    pub(crate) label: Option<String>,
    /// The VSAQ choice id.
    pub(crate) source: Option<String>,
    pub(crate) score: f64,
    pub(crate) red_flag: Option<String>,
    pub(crate) severity: Option<String>,
    /// Paragraphs of the option's remediation.
    pub(crate) remediation: Vec<String>,
    pub(crate) exclusive: bool,
}

/// A `flags:` entry.
#[derive(Debug, Clone)]
pub(crate) struct Flag {
    pub(crate) id: String,
    pub(crate) severity: String,
    pub(crate) message: String,
    pub(crate) condition: Tree,
}

/// A condition over answers: a `when` tree, or a flag's `if` in the rule language.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tree {
    /// The question applies and is answered with one of `values` (question index).
    Leaf {
        question: usize,
        values: Vec<String>,
    },
    Not(Box<Tree>),
    All(Vec<Tree>),
    Any(Vec<Tree>),
}

impl Tree {
    /// Every question the tree reads.
    pub(crate) fn questions(&self, into: &mut BTreeSet<usize>) {
        match self {
            Tree::Leaf { question, .. } => {
                into.insert(*question);
            }
            Tree::Not(inner) => inner.questions(into),
            Tree::All(parts) | Tree::Any(parts) => {
                for part in parts {
                    part.questions(into);
                }
            }
        }
    }
}

/// What the header comment says about the source.
pub(crate) struct Header<'a> {
    pub(crate) id: &'a str,
    /// The source files' names, base first.
    pub(crate) sources: &'a [String],
    /// The base file's leading comment lines (its licence header).
    pub(crate) licence: &'a [String],
}

/// A YAML value for the nested parts (conditions), written in block style.
enum Yaml {
    /// Already formatted (a plain or quoted scalar, or a flow mapping).
    Scalar(String),
    Map(Vec<(String, Yaml)>),
    Seq(Vec<Yaml>),
}

fn emit_map(out: &mut String, entries: &[(String, Yaml)], indent: usize, first_inline: bool) {
    for (position, (key, value)) in entries.iter().enumerate() {
        if position > 0 || !first_inline {
            out.push_str(&" ".repeat(indent));
        }
        out.push_str(key);
        out.push(':');
        emit_value(out, value, indent);
    }
}

fn emit_value(out: &mut String, value: &Yaml, indent: usize) {
    match value {
        Yaml::Scalar(text) => {
            out.push(' ');
            out.push_str(text);
            out.push('\n');
        }
        Yaml::Map(entries) => {
            out.push('\n');
            emit_map(out, entries, indent + 2, false);
        }
        Yaml::Seq(items) => {
            out.push('\n');
            for item in items {
                out.push_str(&" ".repeat(indent + 2));
                out.push_str("- ");
                match item {
                    Yaml::Scalar(text) => {
                        out.push_str(text);
                        out.push('\n');
                    }
                    Yaml::Map(entries) => emit_map(out, entries, indent + 4, true),
                    Yaml::Seq(_) => {
                        out.push_str("[]\n");
                    }
                }
            }
        }
    }
}

/// A plain scalar when YAML reads it back as the same string, else a quoted one.
pub(crate) fn token(text: &str) -> String {
    let plain = text
        .chars()
        .next()
        .is_some_and(|first| first.is_ascii_lowercase() || first == '_')
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_.-".contains(c))
        && !matches!(
            text,
            "yes" | "no" | "true" | "false" | "null" | "on" | "off" | "y" | "n"
        );
    if plain {
        text.to_string()
    } else {
        quoted(text)
    }
}

/// Source text shown in a YAML comment: a comment ends at a line break, and a YAML reader
/// refuses a byte order mark anywhere in a document, so tabs and line breaks (`\n`, `\r`,
/// U+0085, U+2028, U+2029) become spaces, and control and invisible characters (a byte order mark,
/// bidirectional controls) are written as escapes such as `\u{feff}`, so the source's
/// identifier can still be recognised.
fn comment_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '\t' | '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => out.push(' '),
            c if c.is_control() || crate::report::escape::is_invisible(c) => {
                let _ = write!(out, "\\u{{{:04x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// A double-quoted YAML scalar.
pub(crate) fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for character in text.chars() {
        match character {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}' => {
                let _ = write!(out, "\\u{:04x}", character as u32);
            }
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A text value after `key:`: a literal block for several lines, else a quoted scalar.
fn text_value(text: &str, indent: usize) -> String {
    let block_safe = text.contains('\n')
        && !text.starts_with([' ', '\t'])
        && !text.chars().any(|c| c.is_control() && c != '\n')
        && !text.contains(['\u{85}', '\u{2028}', '\u{2029}', '\u{feff}'])
        && text.lines().all(|line| line == line.trim_end());
    if !block_safe {
        return quoted(text);
    }
    let pad = " ".repeat(indent + 2);
    let mut out = String::from("|-");
    for line in text.split('\n') {
        out.push('\n');
        if !line.is_empty() {
            out.push_str(&pad);
            out.push_str(line);
        }
    }
    out
}

fn paragraphs(parts: &[String]) -> String {
    let mut kept: Vec<&str> = Vec::new();
    for part in parts {
        let part = part.trim();
        if !part.is_empty() && !kept.contains(&part) {
            kept.push(part);
        }
    }
    kept.join("\n\n")
}

fn score_text(score: f64) -> String {
    let text = format!("{score:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text.is_empty() {
        "0".into()
    } else {
        text.to_string()
    }
}

fn leaf(questions: &[Question], question: usize, values: &[String]) -> String {
    format!(
        "{{question: {}, in: [{}]}}",
        token(&questions[question].id),
        values
            .iter()
            .map(|v| token(v))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// `{key: [each part]}`: an `all` or `any` of a `when` or a flag condition.
fn combinator(key: &str, parts: &[Tree], each: impl Fn(&Tree) -> Yaml) -> Yaml {
    Yaml::Map(vec![(
        key.into(),
        Yaml::Seq(parts.iter().map(each).collect()),
    )])
}

/// A `when` tree.
fn when_yaml(questions: &[Question], tree: &Tree) -> Yaml {
    match tree {
        Tree::Leaf { question, values } => Yaml::Scalar(leaf(questions, *question, values)),
        Tree::Not(inner) => Yaml::Map(vec![("not".into(), when_yaml(questions, inner))]),
        Tree::All(parts) => combinator("all", parts, |part| when_yaml(questions, part)),
        Tree::Any(parts) => combinator("any", parts, |part| when_yaml(questions, part)),
    }
}

/// A flag's `if`, in the rule language: `answer` tests, `not_chosen` for a box left
/// unticked in a `multi`.
fn condition_yaml(questions: &[Question], tree: &Tree) -> Yaml {
    match tree {
        Tree::Leaf { question, values } => Yaml::Map(vec![(
            "answer".into(),
            Yaml::Scalar(leaf(questions, *question, values)),
        )]),
        Tree::Not(inner) => match inner.as_ref() {
            Tree::Leaf { question, values } if questions[*question].kind == Kind::Multi => {
                Yaml::Map(vec![(
                    "not_chosen".into(),
                    Yaml::Scalar(leaf(questions, *question, values)),
                )])
            }
            other => Yaml::Map(vec![("not".into(), condition_yaml(questions, other))]),
        },
        Tree::All(parts) => combinator("all", parts, |part| condition_yaml(questions, part)),
        Tree::Any(parts) => combinator("any", parts, |part| condition_yaml(questions, part)),
    }
}

/// The skeleton as a questionnaire file.
pub(crate) fn render(skeleton: &Skeleton, header: &Header<'_>) -> String {
    let mut out = String::new();
    let sources = header
        .sources
        .iter()
        .map(|name| format!("`{}`", comment_text(name)))
        .collect::<Vec<_>>()
        .join(" + ");
    let _ = writeln!(
        out,
        "# Converted by `mspcheck convert` from the VSAQ questionnaire {sources}.\n\
         # A skeleton to finish (see docs/convert.md): every score is a default (an answer a VSAQ\n\
         # warning marks scores 0, the others 1; the boxes of a `multi` share 1), every domain\n\
         # weighs 1, and the classification rules are a simple start. Review them, and the\n\
         # red-flag severities, before you assess anyone with it."
    );
    if !header.licence.is_empty() {
        out.push_str("#\n# The source file's header:\n");
        for line in header.licence {
            let line = comment_text(line);
            if line.trim().is_empty() {
                out.push_str("#\n");
            } else {
                let _ = writeln!(out, "#   {line}");
            }
        }
    }
    out.push_str("format: mspcheck/questionnaire/1\n");
    let _ = writeln!(out, "id: {}", token(header.id));
    out.push_str("version: 0.1.0\n");
    let _ = writeln!(out, "title: {}", quoted(&skeleton.title));
    let mut description = vec![format!(
        "Converted from the VSAQ questionnaire {sources} by `mspcheck convert`."
    )];
    description.extend(skeleton.description.iter().cloned());
    let _ = writeln!(
        out,
        "description: {}",
        text_value(&paragraphs(&description), 0)
    );

    out.push_str("domains:\n");
    for domain in &skeleton.domains {
        if let Some(source) = &domain.source {
            let _ = writeln!(out, "  # VSAQ block `{}`", comment_text(source));
        }
        let _ = writeln!(out, "  - id: {}", token(&domain.id));
        let _ = writeln!(out, "    title: {}", quoted(&domain.title));
        out.push_str("    weight: 1\n");
        if !domain.description.is_empty() {
            let _ = writeln!(
                out,
                "    description: {}",
                text_value(&paragraphs(&domain.description), 4)
            );
        }
    }

    out.push_str("questions:\n");
    let mut references: HashSet<String> = HashSet::new();
    for question in &skeleton.questions {
        let _ = writeln!(out, "  - id: {}", token(&question.id));
        // A `ref` is printable, at most MAX_REF_LENGTH characters, not blank and unique
        // (`validate` refuses anything else): a VSAQ id that is blank once its control
        // characters are dropped, or the same as an earlier one once cut, gives none.
        if let Some(reference) = &question.reference {
            let reference: String = reference
                .chars()
                .filter(|c| !c.is_control())
                .take(crate::validate::questionnaire::MAX_REF_LENGTH)
                .collect();
            if !reference.trim().is_empty() && references.insert(reference.clone()) {
                let _ = writeln!(out, "    ref: {}", quoted(&reference));
            }
        }
        let _ = writeln!(
            out,
            "    domain: {}",
            token(&skeleton.domains[question.domain].id)
        );
        let kind = match question.kind {
            Kind::Choice => "choice",
            Kind::Multi => "multi",
            Kind::YesNo => "yes_no",
            Kind::Text => "text",
        };
        let _ = writeln!(out, "    kind: {kind}");
        if !question.scored && question.kind != Kind::Text {
            out.push_str(
                "    scored: false            # context: it decides which questions apply\n",
            );
        }
        let _ = writeln!(out, "    text: {}", quoted(&question.text));
        if !question.help.is_empty() {
            let _ = writeln!(
                out,
                "    help: {}",
                text_value(&paragraphs(&question.help), 4)
            );
        }
        if let Some(max_length) = question.max_length {
            let _ = writeln!(out, "    max_length: {max_length}");
        }
        if let Some(when) = &question.when {
            emit_map(
                &mut out,
                &[("when".into(), when_yaml(&skeleton.questions, when))],
                4,
                false,
            );
        }
        let write_options = match question.kind {
            Kind::Choice | Kind::Multi => true,
            Kind::YesNo => question.options.iter().any(|option| {
                option.label.is_some()
                    || option.red_flag.is_some()
                    || !option.remediation.is_empty()
                    || (option.value == "yes" && option.score != 1.0)
            }),
            Kind::Text => false,
        };
        if !write_options {
            continue;
        }
        out.push_str("    options:\n");
        for option in &question.options {
            match &option.source {
                Some(source) if !source.ends_with(option.value.as_str()) => {
                    let _ = writeln!(
                        out,
                        "      - value: {}   # VSAQ `{}`",
                        token(&option.value),
                        comment_text(source)
                    );
                }
                _ => {
                    let _ = writeln!(out, "      - value: {}", token(&option.value));
                }
            }
            if let Some(label) = &option.label {
                let _ = writeln!(out, "        label: {}", quoted(label));
            }
            if question.scored {
                let _ = writeln!(out, "        score: {}", score_text(option.score));
            }
            if option.exclusive {
                out.push_str("        exclusive: true\n");
            }
            if let Some(red_flag) = &option.red_flag {
                let _ = writeln!(out, "        red_flag: {}", quoted(red_flag));
                if let Some(severity) = &option.severity {
                    let _ = writeln!(out, "        severity: {severity}");
                }
            }
            if !option.remediation.is_empty() {
                let _ = writeln!(
                    out,
                    "        remediation: {}",
                    text_value(&paragraphs(&option.remediation), 8)
                );
            }
        }
    }

    if !skeleton.flags.is_empty() {
        out.push_str("flags:\n");
        for flag in &skeleton.flags {
            let _ = writeln!(out, "  - id: {}", token(&flag.id));
            let _ = writeln!(out, "    severity: {}", flag.severity);
            let _ = writeln!(out, "    message: {}", quoted(&flag.message));
            emit_map(
                &mut out,
                &[(
                    "if".into(),
                    condition_yaml(&skeleton.questions, &flag.condition),
                )],
                4,
                false,
            );
        }
    }

    out.push_str(CLASSIFICATION);
    out
}

/// Simple, complete rules to finish: the thresholds and severities are the user's to set.
const CLASSIFICATION: &str = "\
classification:
  # A start: set the thresholds, and which red-flag severities hold a class back, to what
  # this questionnaire means for you (docs/convert.md).
  descriptions:
    mature: Meets the questionnaire's expectations, with no high or critical warning open.
    pseudo: Meets many expectations, but has warnings open that need resolving.
    amateur: Misses many of the questionnaire's expectations, or has a critical warning open.
  rules:
    - class: mature
      reason: Scores at least 80 over at least 80% of the questions, with no high or critical red flag
      if: {score_at_least: 80, coverage_at_least: 0.8, red_flags_at_most: {high: 0}}
    - class: pseudo
      reason: Scores at least 50, with no critical red flag
      if: {score_at_least: 50, red_flags_at_most: {critical: 0}}
    - class: amateur
      reason: Scores below 50, or has a critical red flag
      if: {}
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_read_back_as_written() {
        assert_eq!(token("app.name"), "app.name");
        assert_eq!(token("yes"), "\"yes\"");
        assert_eq!(token("1st"), "\"1st\"");
        assert_eq!(quoted("a \"b\"\\\n\u{1b}"), "\"a \\\"b\\\"\\\\\\n\\u001b\"");
        assert_eq!(text_value("one\n\ntwo", 4), "|-\n      one\n\n      two");
        assert_eq!(text_value(" lead\nx", 0), "\" lead\\nx\"");
        assert_eq!(score_text(0.34), "0.34");
        assert_eq!(score_text(1.0), "1");
        assert_eq!(score_text(0.0), "0");
    }
}
