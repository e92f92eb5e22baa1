//! Renderers: each turns assessments into one output format. Text that came from a file is
//! escaped for the format it is written into (see `escape`).

pub mod brand;
pub mod compare;
pub mod csv;
pub mod diff;
pub mod escape;
pub mod frameworks;
pub mod history;
pub mod html;
pub mod json;
pub mod markdown;
pub mod summary;
pub mod table;
pub mod xlsx;

use std::io::{self, Write};

use chrono::NaiveDate;

use crate::assessment::{Assessment, QuestionnaireInfo};
use crate::cli::ReportFormat;
use crate::model::questionnaire::Class;

pub use brand::Brand;

/// Settings shared by the text renderers.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Write ANSI colours.
    pub color: bool,
    /// Width to fit, in columns.
    pub width: u16,
}

/// Which CSV `assess` writes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CsvForm {
    /// One row per assessment, one column per domain.
    #[default]
    Summary,
    /// One row per answer (long form), with its label, note, evidence and marks.
    Answers,
}

/// What a report carries besides the assessments: when it was made, whose brand it wears,
/// and how much of it to show.
#[derive(Debug, Clone, Default)]
pub struct Frame {
    /// The date the report is made (shown in the footer).
    pub today: Option<NaiveDate>,
    /// The organisation delivering the report (`--brand FILE`).
    pub brand: Option<Brand>,
    /// The terminal report ends with the evidence trail (`--details`).
    pub details: bool,
    /// Which CSV to write.
    pub csv: CsvForm,
}

impl Frame {
    /// The footer's facts about the report: date, tool version and, when one questionnaire
    /// was used, its id, version and SHA-256. Plain text, not yet escaped.
    pub fn footer_parts(&self, questionnaire: Option<&QuestionnaireInfo>) -> Vec<String> {
        let mut parts = Vec::new();
        if let Some(today) = self.today {
            parts.push(format!("Report of {today}"));
        }
        parts.push(format!("mspcheck {}", env!("CARGO_PKG_VERSION")));
        if let Some(questionnaire) = questionnaire {
            parts.push(format!(
                "questionnaire {} {} (sha256 {})",
                questionnaire.id, questionnaire.version, questionnaire.sha256
            ));
        }
        parts
    }
}

/// The one questionnaire all `assessments` used, if they agree.
pub fn common_questionnaire(assessments: &[Assessment]) -> Option<&QuestionnaireInfo> {
    let first = &assessments.first()?.questionnaire;
    assessments
        .iter()
        .all(|assessment| assessment.questionnaire == *first)
        .then_some(first)
}

/// Renders `assessments` in `format`.
pub fn render(
    format: ReportFormat,
    assessments: &[Assessment],
    style: Style,
    frame: &Frame,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        ReportFormat::Table => table::render(assessments, style, frame, out),
        ReportFormat::Json => json::render(assessments, out),
        ReportFormat::Ndjson => json::render_lines(assessments, out),
        ReportFormat::Markdown => markdown::render(assessments, frame, out),
        ReportFormat::Html => html::render(assessments, frame, out),
        ReportFormat::Csv => match frame.csv {
            CsvForm::Summary => csv::render(assessments, out),
            CsvForm::Answers => csv::render_answers(assessments, out),
        },
        ReportFormat::Xlsx => xlsx::render(assessments, out),
        ReportFormat::Clauses => frameworks::clauses_document(assessments, out),
    }
}

/// A score for people: one decimal, or "n/a".
pub fn score_text(score: Option<f64>) -> String {
    score.map_or_else(|| "n/a".to_string(), |score| format!("{score:.1}"))
}

/// A domain's score for a table cell: `context only` for a domain of unscored questions
/// (`kind: text`, `scored: false`), which has no score by design.
pub fn domain_score_text(domain: &crate::assessment::DomainReport) -> String {
    if domain.context_only {
        "context only".to_string()
    } else {
        score_text(domain.score)
    }
}

/// A question's id with the source questionnaire's `ref` beside it, when it has one:
/// `app.upload_checks, ref A&A-01.1` (plain text; each renderer escapes it).
pub fn question_name(question: &str, reference: Option<&str>) -> String {
    match reference {
        Some(reference) => format!("{question}, ref {reference}"),
        None => question.to_string(),
    }
}

/// A share as a whole percentage.
pub fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

/// What a class means, in one line, for readers who have never seen the tool.
pub fn class_meaning(class: Class) -> &'static str {
    match class {
        Class::Mature => "a proactive managed service: prevents problems, plans changes, runs security as a program",
        Class::Pseudo => "bills a monthly fee but still works break/fix: the worst of both models",
        Class::Amateur => "mostly reactive and missing basic controls: most exposed to attacks on itself and its clients",
    }
}

/// A sentence on whether missing answers could change the class.
pub fn uncertainty_sentence(assessment: &Assessment) -> String {
    let range = &assessment.range;
    if range.unanswered == 0 {
        return "Every applicable question is answered: the class is decided.".to_string();
    }
    let questions = if range.unanswered == 1 {
        "question is"
    } else {
        "questions are"
    };
    let scores = format!(
        "the overall score would lie between {} (worst answers) and {} (best answers)",
        score_text(range.worst_score),
        score_text(range.best_score)
    );
    if range.decided {
        format!(
            "{} {questions} unanswered; {scores}, and the class would stay {} either way.",
            range.unanswered,
            assessment.classification.as_str()
        )
    } else {
        let example = range.witness.as_ref().map_or(String::new(), |witness| {
            format!(
                " For example, answering `{}` with `{}` (and the rest as in that case) makes it {}.",
                witness.question,
                witness.answer,
                witness.class.as_str()
            )
        });
        format!(
            "{} {questions} unanswered; {scores}, and the class could still change: {} at worst, {} at best.{example}",
            range.unanswered,
            range.worst_class.as_str(),
            range.best_class.as_str()
        )
    }
}

/// Why the next class's rule does not decide although it may hold: an earlier rule does.
pub fn blocked_sentence(blocking: &crate::assessment::BlockingRule) -> String {
    format!(
        "Rule {} ({}) holds and decides first: {}. For it to stop holding, one of these must fail:",
        blocking.rule,
        blocking.class.as_str(),
        blocking.description
    )
}

/// A signed score change, e.g. "+4.2".
pub fn gain_text(gain: f64) -> String {
    format!("{gain:+.1}")
}

/// One sentence per stale answer.
pub fn stale_sentences(assessment: &Assessment) -> Vec<String> {
    assessment
        .stale
        .iter()
        .map(|stale| {
            format!(
                "{}: answer dated {} is {} days old (limit {}){}",
                stale.question,
                stale.as_of,
                stale.age_days,
                stale.max_age_days,
                if stale.counted_as_missing {
                    "; counted as unanswered"
                } else {
                    "; re-check it"
                }
            )
        })
        .collect()
}

/// The heading sentence of the contradictions section: how many, and what that means for
/// how far the class can be trusted.
pub fn contradictions_sentence(assessment: &Assessment) -> String {
    let count = assessment.contradictions.len();
    let (these, rests) = if count == 1 {
        (
            "one contradiction",
            "a pair of answers that cannot both be true",
        )
    } else {
        (
            "contradictions",
            "pairs of answers that cannot both be true",
        )
    };
    let number = if count == 1 {
        String::new()
    } else {
        format!("{count} ")
    };
    format!(
        "The answers hold {number}{these}: the class rests on {rests}, so treat it as provisional until the provider answers the follow-up questions."
    )
}

/// One contradiction as a line: the message and the questions involved.
pub fn contradiction_line(contradiction: &crate::assessment::ContradictionReport) -> String {
    format!(
        "{} [{}]",
        contradiction.message,
        contradiction.questions.join(", ")
    )
}

/// Wraps `text` to `width` columns; continuation lines start with `indent`. Linear in the
/// text: words wider than a line are cut into line-wide pieces first (textwrap's own word
/// breaking re-measures the rest of the word at every cut, which is quadratic).
pub fn wrap(text: &str, width: u16, first: &str, indent: &str) -> String {
    let width = usize::from(width).max(40);
    let room = width
        .saturating_sub(
            textwrap::core::display_width(first).max(textwrap::core::display_width(indent)),
        )
        .max(10);
    let text = break_long_words(text, room);
    let options = textwrap::Options::new(width)
        .initial_indent(first)
        .subsequent_indent(indent)
        .break_words(false)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    textwrap::fill(&text, options)
}

/// `text` with a space inserted wherever a run of non-space characters reaches `columns`
/// display columns, in one pass.
pub fn break_long_words(text: &str, columns: usize) -> std::borrow::Cow<'_, str> {
    let columns = columns.max(1);
    let mut run = 0;
    let mut changed: Option<String> = None;
    let mut buffer = [0u8; 4];
    for (index, c) in text.char_indices() {
        if c.is_whitespace() {
            run = 0;
        } else {
            let cell = textwrap::core::display_width(c.encode_utf8(&mut buffer));
            if run + cell > columns {
                changed
                    .get_or_insert_with(|| text[..index].to_string())
                    .push(' ');
                run = 0;
            }
            run += cell;
        }
        if let Some(changed) = &mut changed {
            changed.push(c);
        }
    }
    match changed {
        Some(changed) => std::borrow::Cow::Owned(changed),
        None => std::borrow::Cow::Borrowed(text),
    }
}

/// Text from a file for a table cell: cleaned for the terminal, and with words wider than
/// the terminal cut up, so the table's own wrapping stays linear in the text.
pub fn cell_text(text: &str, width: u16) -> String {
    let cleaned = escape::terminal(text);
    break_long_words(&cleaned, usize::from(width).max(20)).into_owned()
}

/// Wraps every line of a terminal report that is wider than `width`, except table rows,
/// continuing it under its own indent plus four spaces.
pub fn wrap_lines(text: &str, width: u16) -> String {
    let mut wrapped = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        let is_table = body
            .trim_start()
            .starts_with(['┌', '│', '╞', '├', '└', '╭', '╰', '┆']);
        if is_table
            || body.len() <= usize::from(width)
            || textwrap::core::display_width(body) <= usize::from(width)
        {
            wrapped.push_str(line);
            continue;
        }
        let indent: String = body.chars().take_while(|c| *c == ' ').collect();
        wrapped.push_str(&wrap(
            body.trim_start(),
            width,
            &indent,
            &format!("{indent}    "),
        ));
        if line.ends_with('\n') {
            wrapped.push('\n');
        }
    }
    wrapped
}
