//! `assess --format xlsx`: a workbook for consultants who work in spreadsheets, one sheet
//! each for the summary, the domains, the red flags, the roadmap and the answers with their
//! evidence; one row per provider (or per provider and item) so several assessments sit in
//! one workbook. Scores, shares, weights and gains are numbers, not text, so they sort,
//! filter and chart; text from files is written as text, never as a formula.

use std::io::{self, Write};

use rust_xlsxwriter::{Color, Format, FormatAlign, Workbook, Worksheet, XlsxError};

use crate::assessment::Assessment;

/// One column of a sheet: its title and width.
type Columns<'a> = &'a [(&'a str, f64)];

/// A value of a cell.
enum Cell<'a> {
    Text(&'a str),
    Owned(String),
    Number(f64),
    Share(f64),
    Plain(f64),
    Flag(bool),
    Empty,
}

struct Formats {
    heading: Format,
    text: Format,
    number: Format,
    share: Format,
}

impl Formats {
    /// The cell formats every sheet of the workbooks uses.
    fn new() -> Formats {
        Formats {
            heading: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0x1F_3A_5F))
                .set_font_color(Color::White)
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            text: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            number: Format::new()
                .set_num_format("0.0")
                .set_align(FormatAlign::Top),
            share: Format::new()
                .set_num_format("0%")
                .set_align(FormatAlign::Top),
        }
    }
}

fn sheet<'a>(
    workbook: &'a mut Workbook,
    name: &str,
    columns: Columns,
    formats: &Formats,
) -> Result<&'a mut Worksheet, XlsxError> {
    let sheet = workbook.add_worksheet();
    sheet.set_name(name)?;
    for (index, (title, width)) in columns.iter().enumerate() {
        sheet.write_string_with_format(0, index as u16, *title, &formats.heading)?;
        sheet.set_column_width(index as u16, *width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(sheet)
}

fn write_row(
    sheet: &mut Worksheet,
    row: u32,
    cells: &[Cell],
    formats: &Formats,
) -> Result<(), XlsxError> {
    for (index, cell) in cells.iter().enumerate() {
        let column = index as u16;
        match cell {
            Cell::Text(text) => {
                sheet.write_string_with_format(row, column, cut(text), &formats.text)?;
            }
            Cell::Owned(text) => {
                sheet.write_string_with_format(row, column, cut(text), &formats.text)?;
            }
            Cell::Number(number) => {
                sheet.write_number_with_format(row, column, *number, &formats.number)?;
            }
            Cell::Share(share) => {
                sheet.write_number_with_format(row, column, *share, &formats.share)?;
            }
            Cell::Plain(number) => {
                sheet.write_number_with_format(row, column, *number, &formats.text)?;
            }
            Cell::Flag(flag) => {
                sheet.write_boolean(row, column, *flag)?;
            }
            Cell::Empty => {}
        }
    }
    Ok(())
}

/// Excel keeps at most 32 767 characters in a cell.
fn cut(text: &str) -> String {
    text.chars().take(32_000).collect()
}

fn optional(text: Option<&str>) -> Cell<'_> {
    text.map_or(Cell::Empty, Cell::Text)
}

fn score(score: Option<f64>) -> Cell<'static> {
    score.map_or(Cell::Empty, Cell::Number)
}

/// Renders `assessments` as a workbook.
pub fn render(assessments: &[Assessment], out: &mut dyn Write) -> io::Result<()> {
    let bytes = workbook(assessments).map_err(io::Error::other)?;
    out.write_all(&bytes)
}

fn workbook(assessments: &[Assessment]) -> Result<Vec<u8>, XlsxError> {
    let formats = Formats::new();
    let mut workbook = Workbook::new();

    let summary = sheet(
        &mut workbook,
        "Summary",
        &[
            ("Provider", 28.0),
            ("Answers file", 24.0),
            ("Questionnaire", 14.0),
            ("Version", 9.0),
            ("Assessor", 20.0),
            ("Perspective", 11.0),
            ("Date", 11.0),
            ("Class", 10.0),
            ("Why", 60.0),
            ("Score", 8.0),
            ("Coverage", 9.0),
            ("Verified", 9.0),
            ("Red flags", 9.0),
            ("Best possible score", 11.0),
            ("Best possible class", 11.0),
            ("Worst possible score", 11.0),
            ("Worst possible class", 11.0),
            ("Decided", 9.0),
            ("Unanswered", 11.0),
            ("Next class", 10.0),
        ],
        &formats,
    )?;
    for (index, assessment) in assessments.iter().enumerate() {
        let range = &assessment.range;
        write_row(
            summary,
            index as u32 + 1,
            &[
                Cell::Text(&assessment.provider),
                Cell::Text(&assessment.answers_file),
                Cell::Text(&assessment.questionnaire.id),
                Cell::Text(&assessment.questionnaire.version),
                optional(assessment.assessor.as_deref()),
                optional(
                    assessment
                        .perspective
                        .map(|perspective| perspective.as_str()),
                ),
                assessment
                    .date
                    .map_or(Cell::Empty, |date| Cell::Owned(date.to_string())),
                Cell::Text(assessment.classification.as_str()),
                Cell::Text(&assessment.decided_by.description),
                score(assessment.score),
                Cell::Share(assessment.coverage),
                Cell::Share(assessment.verified_share),
                Cell::Number(assessment.red_flags.len() as f64),
                score(range.best_score),
                Cell::Text(range.best_class.as_str()),
                score(range.worst_score),
                Cell::Text(range.worst_class.as_str()),
                Cell::Flag(range.decided),
                Cell::Number(range.unanswered as f64),
                optional(
                    assessment
                        .next_class
                        .as_ref()
                        .map(|next| next.class.as_str()),
                ),
            ],
            &formats,
        )?;
    }

    let domains = sheet(
        &mut workbook,
        "Domains",
        &[
            ("Provider", 28.0),
            ("Domain", 16.0),
            ("Title", 36.0),
            ("Weight", 8.0),
            ("Score", 8.0),
            ("Answered", 9.0),
            ("Applicable", 10.0),
        ],
        &formats,
    )?;
    let mut row = 1;
    for assessment in assessments {
        for domain in &assessment.domains {
            write_row(
                domains,
                row,
                &[
                    Cell::Text(&assessment.provider),
                    Cell::Text(&domain.id),
                    Cell::Text(&domain.title),
                    Cell::Number(domain.weight),
                    score(domain.score),
                    Cell::Number(domain.answered as f64),
                    Cell::Number(domain.applicable as f64),
                ],
                &formats,
            )?;
            row += 1;
        }
    }

    let flags = sheet(
        &mut workbook,
        "Red flags",
        &[
            ("Provider", 28.0),
            ("Question", 30.0),
            ("Severity", 10.0),
            ("Why it matters", 80.0),
            ("Ref", 16.0),
        ],
        &formats,
    )?;
    let mut row = 1;
    for assessment in assessments {
        for flag in &assessment.red_flags {
            write_row(
                flags,
                row,
                &[
                    Cell::Text(&assessment.provider),
                    Cell::Text(&flag.source()),
                    Cell::Text(flag.severity.as_str()),
                    Cell::Text(&flag.message),
                    optional(flag.reference.as_deref()),
                ],
                &formats,
            )?;
            row += 1;
        }
    }

    let roadmap = sheet(
        &mut workbook,
        "Roadmap",
        &[
            ("Provider", 28.0),
            ("Step", 6.0),
            ("Question", 28.0),
            ("Text", 50.0),
            ("From", 18.0),
            ("To", 18.0),
            ("To (label)", 30.0),
            ("Gain", 8.0),
            ("Purpose", 14.0),
            ("Class after", 11.0),
            ("What to do", 60.0),
            ("Ref", 16.0),
        ],
        &formats,
    )?;
    let mut row = 1;
    for assessment in assessments {
        for (step, change) in assessment.roadmap.iter().enumerate() {
            let from = change.from.as_ref().map(ToString::to_string);
            let to = change.to.to_string();
            write_row(
                roadmap,
                row,
                &[
                    Cell::Text(&assessment.provider),
                    Cell::Number(step as f64 + 1.0),
                    Cell::Text(&change.question),
                    Cell::Text(&change.text),
                    optional(from.as_deref()),
                    Cell::Text(&to),
                    Cell::Text(&change.to_label),
                    Cell::Number(change.gain),
                    Cell::Text(&change.purpose),
                    Cell::Text(change.class_after.as_str()),
                    optional(change.remediation.as_deref()),
                    optional(change.reference.as_deref()),
                ],
                &formats,
            )?;
            row += 1;
        }
    }

    let answers = sheet(
        &mut workbook,
        "Answers",
        &[
            ("Provider", 28.0),
            ("Domain", 16.0),
            ("Question", 30.0),
            ("Answer", 24.0),
            ("Score", 8.0),
            ("Verified", 9.0),
            ("Critical", 9.0),
            ("Note", 50.0),
            ("Evidence", 50.0),
            ("Ref", 16.0),
        ],
        &formats,
    )?;
    let mut row = 1;
    for assessment in assessments {
        for answer in &assessment.answers {
            let typed = answer.answer.as_ref().map(ToString::to_string);
            write_row(
                answers,
                row,
                &[
                    Cell::Text(&assessment.provider),
                    Cell::Text(&answer.domain),
                    Cell::Text(&answer.question),
                    optional(typed.as_deref()),
                    answer.score.map_or(Cell::Empty, Cell::Plain),
                    Cell::Flag(answer.verified),
                    Cell::Flag(answer.critical),
                    optional(answer.note.as_deref()),
                    optional(answer.evidence.as_deref()),
                    optional(answer.reference.as_deref()),
                ],
                &formats,
            )?;
            row += 1;
        }
    }
    workbook.save_to_buffer()
}

/// Renders a comparison as a workbook: the ranking (domain scores as columns), the red
/// flags and the pairwise explanations.
pub fn render_comparison(
    comparison: &crate::compare::Comparison,
    out: &mut dyn Write,
) -> io::Result<()> {
    let bytes = comparison_workbook(comparison).map_err(io::Error::other)?;
    out.write_all(&bytes)
}

fn comparison_workbook(comparison: &crate::compare::Comparison) -> Result<Vec<u8>, XlsxError> {
    let formats = Formats::new();
    let mut workbook = Workbook::new();
    let mut columns: Vec<(String, f64)> = [
        ("Rank", 6.0),
        ("Provider", 28.0),
        ("Answers file", 24.0),
        ("Class", 10.0),
        ("Score", 8.0),
        ("Coverage", 9.0),
        ("Verified", 9.0),
        ("Red flags", 9.0),
    ]
    .iter()
    .map(|(title, width)| (title.to_string(), *width))
    .collect();
    columns.extend(
        comparison
            .domains
            .iter()
            .map(|domain| (domain.title.clone(), 12.0)),
    );
    let titles: Vec<(&str, f64)> = columns
        .iter()
        .map(|(title, width)| (title.as_str(), *width))
        .collect();
    let ranking = sheet(&mut workbook, "Ranking", &titles, &formats)?;
    for (index, provider) in comparison.providers.iter().enumerate() {
        let summary = &provider.summary;
        let mut cells = vec![
            Cell::Number(provider.rank as f64),
            Cell::Text(&summary.provider),
            Cell::Text(&summary.answers_file),
            Cell::Text(summary.classification.as_str()),
            score(summary.score),
            Cell::Share(summary.coverage),
            Cell::Share(summary.verified_share),
            Cell::Number(provider.red_flags.len() as f64),
        ];
        for domain in &comparison.domains {
            cells.push(score(
                provider
                    .domains
                    .iter()
                    .find(|own| own.id == domain.id)
                    .and_then(|own| own.score),
            ));
        }
        write_row(ranking, index as u32 + 1, &cells, &formats)?;
    }
    let flags = sheet(
        &mut workbook,
        "Red flags",
        &[
            ("Provider", 28.0),
            ("Question", 30.0),
            ("Severity", 10.0),
            ("Why it matters", 80.0),
            ("Ref", 16.0),
        ],
        &formats,
    )?;
    let mut row = 1;
    for provider in &comparison.providers {
        for flag in &provider.red_flags {
            write_row(
                flags,
                row,
                &[
                    Cell::Text(&provider.summary.provider),
                    Cell::Text(&flag.source()),
                    Cell::Text(flag.severity.as_str()),
                    Cell::Text(&flag.message),
                    optional(flag.reference.as_deref()),
                ],
                &formats,
            )?;
            row += 1;
        }
    }
    let pairs = sheet(
        &mut workbook,
        "Pairs",
        &[
            ("Above", 28.0),
            ("Below", 28.0),
            ("Why", 80.0),
            ("Holds under other weights", 14.0),
        ],
        &formats,
    )?;
    for (index, pair) in comparison.pairs.iter().enumerate() {
        let name = |position: usize| {
            comparison
                .providers
                .get(position)
                .map_or(Cell::Empty, |provider| {
                    Cell::Text(&provider.summary.provider)
                })
        };
        write_row(
            pairs,
            index as u32 + 1,
            &[
                name(pair.above),
                name(pair.below),
                Cell::Text(&pair.explanation),
                Cell::Flag(pair.robust),
            ],
            &formats,
        )?;
    }
    workbook.save_to_buffer()
}
