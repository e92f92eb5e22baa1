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

/// The columns of `diff --format csv`, in order: one tidy table where each row is one
/// difference, told apart by `kind`.
pub const DIFF_COLUMNS: &[&str] = &[
    "provider",
    "questionnaire",
    "version",
    "old_file",
    "new_file",
    "old_date",
    "new_date",
    "kind",
    "domain",
    "question",
    "text",
    "from",
    "to",
    "old_score",
    "new_score",
    "delta",
    "overall_effect",
    "critical",
];

/// Writes `diff` as CSV: one `overall` row (class from → to, overall score), one `domain`
/// row per domain, one row per changed, newly answered or newly unanswered answer, one per
/// red flag raised or cleared, and one `overstated` row per overstated claim. Overall and
/// domain scores are 0–100 with one decimal; answer scores 0–1 with three.
pub fn render_diff(diff: &crate::diff::Diff, out: &mut dyn Write) -> io::Result<()> {
    let mut writer = ::csv::Writer::from_writer(out);
    writer.write_record(DIFF_COLUMNS)?;
    let date =
        |side: &crate::diff::Side| side.date.map(|date| date.to_string()).unwrap_or_default();
    let lead = [
        csv_cell(&diff.new.provider),
        csv_cell(&diff.questionnaire.id),
        csv_cell(&diff.questionnaire.version),
        csv_cell(&diff.old.answers_file),
        csv_cell(&diff.new.answers_file),
        date(&diff.old),
        date(&diff.new),
    ];
    let answer_share = |value: Option<f64>| value.map(share).unwrap_or_default();
    let flag = |value: bool| value.to_string();
    let mut row = |cells: [String; 11]| -> io::Result<()> {
        let mut record: Vec<String> = lead.to_vec();
        record.extend(cells);
        Ok(writer.write_record(&record)?)
    };
    row([
        "overall".to_string(),
        String::new(),
        String::new(),
        String::new(),
        diff.old.classification.as_str().to_string(),
        diff.new.classification.as_str().to_string(),
        score(diff.old.score),
        score(diff.new.score),
        score(diff.score_delta),
        String::new(),
        String::new(),
    ])?;
    for domain in &diff.domains {
        row([
            "domain".to_string(),
            csv_cell(&domain.id),
            String::new(),
            csv_cell(&domain.title),
            String::new(),
            String::new(),
            score(domain.old),
            score(domain.new),
            score(domain.delta),
            String::new(),
            String::new(),
        ])?;
    }
    for (kind, changes) in [
        ("changed", &diff.changed),
        ("newly_answered", &diff.newly_answered),
        ("newly_unanswered", &diff.newly_unanswered),
    ] {
        for change in changes {
            row([
                kind.to_string(),
                csv_cell(&change.domain),
                csv_cell(&change.question),
                change.text.as_deref().map(csv_cell).unwrap_or_default(),
                change.from.as_deref().map(csv_cell).unwrap_or_default(),
                change.to.as_deref().map(csv_cell).unwrap_or_default(),
                answer_share(change.score_from),
                answer_share(change.score_to),
                answer_share(change.score_delta),
                score(change.overall_effect),
                flag(change.critical),
            ])?;
        }
    }
    for (kind, flags) in [
        ("red_flag_raised", &diff.red_flags_raised),
        ("red_flag_cleared", &diff.red_flags_cleared),
    ] {
        for red_flag in flags {
            row([
                kind.to_string(),
                String::new(),
                csv_cell(&red_flag.source()),
                csv_cell(&red_flag.graded()),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                flag(true),
            ])?;
        }
    }
    if let Some(claims) = &diff.claims {
        for claim in &claims.overstated {
            row([
                "overstated".to_string(),
                csv_cell(&claim.domain),
                csv_cell(&claim.question),
                claim.text.as_deref().map(csv_cell).unwrap_or_default(),
                csv_cell(&claim.claimed),
                csv_cell(&claim.found),
                share(claim.claimed_score),
                share(claim.found_score),
                share(-claim.gap),
                String::new(),
                flag(claim.critical),
            ])?;
        }
    }
    writer.flush()
}
