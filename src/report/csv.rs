//! One row per provider, one column per domain, for spreadsheets. Text cells are neutralised
//! against formula injection; numbers are unrounded.

use std::io::{self, Write};

use super::escape::csv_cell;
use crate::assessment::Assessment;

/// Writes the CSV report (header row, then one row per assessment).
pub fn render(assessments: &[Assessment], out: &mut dyn Write) -> io::Result<()> {
    let mut domains: Vec<String> = Vec::new();
    for assessment in assessments {
        for domain in &assessment.domains {
            if !domains.contains(&domain.id) {
                domains.push(domain.id.clone());
            }
        }
    }
    let mut writer = ::csv::Writer::from_writer(out);
    let mut header: Vec<String> = [
        "provider",
        "answers_file",
        "questionnaire",
        "version",
        "classification",
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
    ]
    .iter()
    .map(|name| name.to_string())
    .collect();
    header.extend(domains.iter().map(|id| format!("domain:{}", csv_cell(id))));
    writer.write_record(&header)?;
    for assessment in assessments {
        let number = |value: Option<f64>| value.map(|value| value.to_string()).unwrap_or_default();
        let mut row = vec![
            csv_cell(&assessment.provider),
            csv_cell(&assessment.answers_file),
            csv_cell(&assessment.questionnaire.id),
            csv_cell(&assessment.questionnaire.version),
            assessment.classification.as_str().to_string(),
            csv_cell(&assessment.decided_by.description),
            number(assessment.score),
            assessment.coverage.to_string(),
            assessment.verified_share.to_string(),
            assessment.red_flags.len().to_string(),
            assessment.stale.len().to_string(),
            assessment.contradictions.len().to_string(),
            number(assessment.range.best_score),
            number(assessment.range.worst_score),
            assessment.range.decided.to_string(),
        ];
        for id in &domains {
            row.push(number(
                assessment
                    .domains
                    .iter()
                    .find(|domain| &domain.id == id)
                    .and_then(|domain| domain.score),
            ));
        }
        writer.write_record(&row)?;
    }
    writer.flush()?;
    Ok(())
}
