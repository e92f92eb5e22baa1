//! Markdown that pastes cleanly into a ticket or wiki: the verdict first, tables for numbers,
//! every file-derived text escaped.

use std::io::{self, Write};

use super::escape::markdown as md;
use super::{class_meaning, gain_text, percent, score_text, uncertainty_sentence};
use crate::assessment::{Assessment, CheckReport};

/// Writes the Markdown report of each assessment.
pub fn render(assessments: &[Assessment], out: &mut dyn Write) -> io::Result<()> {
    for (position, assessment) in assessments.iter().enumerate() {
        if position > 0 {
            writeln!(out, "\n---\n")?;
        }
        render_one(assessment, out)?;
    }
    Ok(())
}

fn check_line(check: &CheckReport) -> String {
    let mark = if check.holds { "✅" } else { "❌" };
    let shortfall = check
        .shortfall
        .as_deref()
        .map(|text| format!(" ({})", md(text)))
        .unwrap_or_default();
    format!(
        "{}- {mark} {}{shortfall}",
        "  ".repeat(check.depth),
        md(&check.text)
    )
}

fn render_one(assessment: &Assessment, out: &mut dyn Write) -> io::Result<()> {
    let questionnaire = &assessment.questionnaire;
    writeln!(
        out,
        "# {} — {}",
        md(&assessment.provider),
        md(&questionnaire.title)
    )?;
    writeln!(out)?;
    let mut byline = vec![format!(
        "Questionnaire `{}` {}",
        md(&questionnaire.id),
        md(&questionnaire.version)
    )];
    if let Some(assessor) = &assessment.assessor {
        byline.push(format!("assessed by {}", md(assessor)));
    }
    if let Some(perspective) = assessment.perspective {
        byline.push(format!("as {}", perspective.as_str()));
    }
    if let Some(date) = assessment.date {
        byline.push(format!("on {date}"));
    }
    if assessment.verified_only {
        byline.push("verified answers only".to_string());
    }
    writeln!(out, "_{}_", byline.join(", "))?;
    writeln!(out)?;
    writeln!(out, "## Summary")?;
    writeln!(out)?;
    writeln!(
        out,
        "**Class: {}** — {}",
        assessment.classification.as_str(),
        md(&assessment.decided_by.description)
    )?;
    writeln!(out)?;
    writeln!(out, "> {}", class_meaning(assessment.classification))?;
    writeln!(out)?;
    writeln!(out, "| Overall score | Coverage | Verified | Red flags |")?;
    writeln!(out, "|---:|---:|---:|---:|")?;
    writeln!(
        out,
        "| {} | {} | {} | {} |",
        score_text(assessment.score),
        percent(assessment.coverage),
        percent(assessment.verified_share),
        assessment.red_flags.len()
    )?;
    writeln!(out)?;
    writeln!(out, "{}", md(&uncertainty_sentence(assessment)))?;
    writeln!(out)?;

    writeln!(
        out,
        "## Why {} (rule {})",
        assessment.classification.as_str(),
        assessment.decided_by.rule
    )?;
    writeln!(out)?;
    if assessment.decided_by.checks.is_empty() {
        writeln!(out, "- no earlier rule held, and this rule always holds")?;
    }
    for check in &assessment.decided_by.checks {
        writeln!(out, "{}", check_line(check))?;
    }
    writeln!(out)?;
    if let Some(next) = &assessment.next_class {
        writeln!(
            out,
            "## What {} needs (rule {}: {})",
            next.class.as_str(),
            next.rule,
            md(&next.description)
        )?;
        writeln!(out)?;
        for check in &next.checks {
            writeln!(out, "{}", check_line(check))?;
        }
        writeln!(out)?;
    }

    writeln!(out, "## Domains")?;
    writeln!(out)?;
    writeln!(out, "| Domain | Weight | Score | Answered |")?;
    writeln!(out, "|---|---:|---:|---:|")?;
    for domain in &assessment.domains {
        writeln!(
            out,
            "| {} | {} | {} | {}/{} |",
            md(&domain.title),
            crate::validate::answers::format_number(domain.weight),
            score_text(domain.score),
            domain.answered,
            domain.applicable
        )?;
    }
    writeln!(out)?;

    writeln!(out, "## Red flags")?;
    writeln!(out)?;
    if assessment.red_flags.is_empty() {
        writeln!(out, "None.")?;
    }
    for flag in &assessment.red_flags {
        writeln!(
            out,
            "- **{}** (`{}`)",
            md(&flag.message),
            md(&flag.question)
        )?;
    }
    writeln!(out)?;

    if !assessment.contradictions.is_empty() {
        writeln!(out, "## Contradictions")?;
        writeln!(out)?;
        writeln!(out, "{}", md(&super::contradictions_sentence(assessment)))?;
        writeln!(out)?;
        for contradiction in &assessment.contradictions {
            writeln!(
                out,
                "- {} ({}). **Ask:** {}",
                md(&contradiction.message),
                contradiction
                    .questions
                    .iter()
                    // Question ids are `[a-z0-9_.-]+`: safe in a code span as they are.
                    .map(|question| format!("`{question}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
                md(&contradiction.ask)
            )?;
        }
        writeln!(out)?;
    }
    let stale = super::stale_sentences(assessment);
    if !stale.is_empty() {
        writeln!(out, "## Stale answers")?;
        writeln!(out)?;
        for sentence in stale {
            writeln!(out, "- {}", md(&sentence))?;
        }
        writeln!(out)?;
    }
    if !assessment.questions_to_ask.is_empty() {
        writeln!(out, "## Ask the provider next")?;
        writeln!(out)?;
        for (number, question) in assessment.questions_to_ask.iter().enumerate() {
            let critical = if question.critical {
                " **(critical)**"
            } else {
                ""
            };
            writeln!(out, "{}. {}{critical}", number + 1, md(&question.text))?;
            if let Some(evidence) = &question.evidence {
                writeln!(out, "   - Ask to see: {}", md(evidence))?;
            }
        }
        writeln!(out)?;
    }
    if !assessment.roadmap.is_empty() {
        writeln!(out, "## Roadmap")?;
        writeln!(out)?;
        writeln!(
            out,
            "| # | Question | From | To | Gain | Leads to | What to do |"
        )?;
        writeln!(out, "|---:|---|---|---|---:|---|---|")?;
        for (number, step) in assessment.roadmap.iter().enumerate() {
            writeln!(
                out,
                "| {} | {} (`{}`) | {} | {} | {} | {} | {} |",
                number + 1,
                md(&step.text),
                md(&step.question),
                step.from
                    .as_deref()
                    .map(md)
                    .unwrap_or_else(|| "unanswered".to_string()),
                md(&step.to_label),
                gain_text(step.gain),
                if step.purpose == "next_class" {
                    step.class_after.as_str()
                } else {
                    "higher score"
                },
                step.remediation.as_deref().map(md).unwrap_or_default()
            )?;
        }
        writeln!(out)?;
    }
    Ok(())
}
