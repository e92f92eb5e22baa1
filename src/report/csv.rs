//! CSV for spreadsheets. The summary has one row per assessment and one column per domain,
//! named `domain:QUESTIONNAIRE/DOMAIN` so that assessments made with different
//! questionnaires never share a column; `--csv answers` writes the long form, one row per
//! answer. Text cells are neutralised against formula injection; numbers are rounded
//! (scores to one decimal, shares to three) where JSON keeps full precision.

use std::io::{self, Write};

use super::escape::csv_cell;
use crate::assessment::Assessment;

/// The summary's fixed columns, in order.
pub const SUMMARY_COLUMNS: &[&str] = &[
    "provider",
    "answers_file",
    "assessor",
    "perspective",
    "date",
    "questionnaire",
    "version",
    "classification",
    "standing",
    "held_back_from",
    "best_class",
    "worst_class",
    "reason",
    "score",
    "coverage",
    "verified_share",
    "red_flags",
    "stale",
    "contradictions",
    "best_score",
    "worst_score",
    "decided",
];

/// The long form's columns, in order.
pub const ANSWER_COLUMNS: &[&str] = &[
    "provider",
    "answers_file",
    "assessor",
    "perspective",
    "date",
    "questionnaire",
    "version",
    "domain",
    "question",
    "answer",
    "label",
    "score",
    "verified",
    "stale",
    "red_flag",
    "note",
    "evidence",
    "ref",
];

/// A score for a spreadsheet: one decimal, empty when there is none.
fn score(value: Option<f64>) -> String {
    value.map(|value| format!("{value:.1}")).unwrap_or_default()
}

/// A share (0–1) for a spreadsheet: three decimals.
fn share(value: f64) -> String {
    format!("{value:.3}")
}

/// The columns every row starts with: who, whose view, when, which questionnaire.
fn identity(assessment: &Assessment) -> Vec<String> {
    vec![
        csv_cell(&assessment.provider),
        csv_cell(&assessment.answers_file),
        assessment
            .assessor
            .as_deref()
            .map(csv_cell)
            .unwrap_or_default(),
        assessment
            .perspective
            .map(|perspective| perspective.as_str().to_string())
            .unwrap_or_default(),
        assessment
            .date
            .map(|date| date.to_string())
            .unwrap_or_default(),
        csv_cell(&assessment.questionnaire.id),
        csv_cell(&assessment.questionnaire.version),
    ]
}

/// The column of one domain of one questionnaire.
pub fn domain_column(questionnaire: &str, domain: &str) -> String {
    format!("domain:{questionnaire}/{domain}")
}

/// Writes the summary CSV (header row, then one row per assessment).
pub fn render(assessments: &[Assessment], out: &mut dyn Write) -> io::Result<()> {
    let mut domains: Vec<String> = Vec::new();
    for assessment in assessments {
        for domain in &assessment.domains {
            let column = domain_column(&assessment.questionnaire.id, &domain.id);
            if !domains.contains(&column) {
                domains.push(column);
            }
        }
    }
    let mut writer = ::csv::Writer::from_writer(out);
    let mut header: Vec<String> = SUMMARY_COLUMNS
        .iter()
        .map(|name| name.to_string())
        .collect();
    header.extend(domains.iter().map(|column| csv_cell(column)));
    let (extra_header, extra_rows) = super::frameworks::csv_columns(assessments);
    header.extend(extra_header);
    writer.write_record(&header)?;
    for (assessment, extra) in assessments.iter().zip(extra_rows) {
        let mut row = identity(assessment);
        row.extend([
            assessment.classification.as_str().to_string(),
            super::summary::standing(assessment).to_string(),
            super::summary::held_back_from(assessment)
                .map(|class| class.as_str().to_string())
                .unwrap_or_default(),
            assessment.range.best_class.as_str().to_string(),
            assessment.range.worst_class.as_str().to_string(),
            csv_cell(&assessment.decided_by.description),
            score(assessment.score),
            share(assessment.coverage),
            share(assessment.verified_share),
            assessment.red_flags.len().to_string(),
            assessment.stale.len().to_string(),
            assessment.contradictions.len().to_string(),
            score(assessment.range.best_score),
            score(assessment.range.worst_score),
            assessment.range.decided.to_string(),
        ]);
        for column in &domains {
            row.push(score(
                assessment
                    .domains
                    .iter()
                    .find(|domain| {
                        domain_column(&assessment.questionnaire.id, &domain.id) == *column
                    })
                    .and_then(|domain| domain.score),
            ));
        }
        row.extend(extra);
        writer.write_record(&row)?;
    }
    writer.flush()?;
    Ok(())
}

/// Writes the long form (`--csv answers`): one row per applicable question of each
/// assessment, answered or not.
pub fn render_answers(assessments: &[Assessment], out: &mut dyn Write) -> io::Result<()> {
    let mut writer = ::csv::Writer::from_writer(out);
    writer.write_record(ANSWER_COLUMNS)?;
    for assessment in assessments {
        for answer in &assessment.answers {
            let mut row = identity(assessment);
            row.extend([
                csv_cell(&answer.domain),
                csv_cell(&answer.question),
                answer
                    .answer
                    .as_ref()
                    .map(|answer| csv_cell(&answer.to_string()))
                    .unwrap_or_default(),
                answer.label.as_deref().map(csv_cell).unwrap_or_default(),
                answer
                    .score
                    .map(|value| format!("{value:.3}"))
                    .unwrap_or_default(),
                answer.verified.to_string(),
                answer.stale.to_string(),
                answer.red_flag.to_string(),
                answer.note.as_deref().map(csv_cell).unwrap_or_default(),
                answer.evidence.as_deref().map(csv_cell).unwrap_or_default(),
                answer
                    .reference
                    .as_deref()
                    .map(csv_cell)
                    .unwrap_or_default(),
            ]);
            writer.write_record(&row)?;
        }
    }
    writer.flush()?;
    Ok(())
}
