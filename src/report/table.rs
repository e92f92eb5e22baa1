//! The terminal report: the verdict first, then why, the domains with score bars, red flags,
//! the roadmap and what is still unknown. Fits the terminal (80 columns when unknown); file
//! text is stripped of control sequences.

use std::io::{self, Write};

use comfy_table::{presets, Cell, CellAlignment, ContentArrangement, Table};

use super::escape::terminal;
use super::{class_meaning, gain_text, percent, score_text, uncertainty_sentence, wrap, Style};
use crate::assessment::{Assessment, CheckReport};
use crate::model::questionnaire::Class;

struct Paint {
    on: bool,
}

impl Paint {
    fn wrap(&self, code: &str, text: &str) -> String {
        if self.on {
            format!("\u{1b}[{code}m{text}\u{1b}[0m")
        } else {
            text.to_string()
        }
    }
    fn bold(&self, text: &str) -> String {
        self.wrap("1", text)
    }
    fn dim(&self, text: &str) -> String {
        self.wrap("2", text)
    }
    fn red(&self, text: &str) -> String {
        self.wrap("31", text)
    }
    fn green(&self, text: &str) -> String {
        self.wrap("32", text)
    }
    fn class(&self, class: Class) -> String {
        let name = class.as_str().to_uppercase();
        match class {
            Class::Mature => self.wrap("1;32", &name),
            Class::Pseudo => self.wrap("1;33", &name),
            Class::Amateur => self.wrap("1;31", &name),
        }
    }
}

/// A ten-character bar for a 0–100 score.
pub fn bar(score: Option<f64>) -> String {
    match score {
        None => "··········".to_string(),
        Some(score) => {
            let filled = ((score / 10.0).round() as usize).min(10);
            format!("{}{}", "█".repeat(filled), "░".repeat(10 - filled))
        }
    }
}

/// Writes the terminal report of each assessment, separated by a blank line.
pub fn render(assessments: &[Assessment], style: Style, out: &mut dyn Write) -> io::Result<()> {
    for (position, assessment) in assessments.iter().enumerate() {
        if position > 0 {
            writeln!(out)?;
            writeln!(out, "{}", "─".repeat(usize::from(style.width.min(80))))?;
            writeln!(out)?;
        }
        render_one(assessment, style, out)?;
    }
    Ok(())
}

fn check_line(paint: &Paint, check: &CheckReport, width: u16) -> String {
    let mark = if check.holds {
        paint.green("✓")
    } else {
        paint.red("✗")
    };
    let indent = "  ".repeat(check.depth + 1);
    let shortfall = check
        .shortfall
        .as_deref()
        .map(|text| format!(" ({text})"))
        .unwrap_or_default();
    let text = wrap(
        &format!("{}{shortfall}", terminal(&check.text)),
        width,
        &format!("{indent}  "),
        &format!("{indent}    "),
    );
    format!("{indent}{mark}{}", &text[indent.len() + 1..])
}

fn render_one(assessment: &Assessment, style: Style, out: &mut dyn Write) -> io::Result<()> {
    let paint = Paint { on: style.color };
    let questionnaire = &assessment.questionnaire;
    let title = format!(
        "{} — {} ({} {})",
        terminal(&assessment.provider),
        terminal(&questionnaire.title),
        terminal(&questionnaire.id),
        terminal(&questionnaire.version)
    );
    writeln!(out, "{}", paint.bold(&wrap(&title, style.width, "", "  ")))?;
    let mut byline = Vec::new();
    if let Some(assessor) = &assessment.assessor {
        byline.push(format!("assessed by {}", terminal(assessor)));
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
    if !byline.is_empty() {
        writeln!(
            out,
            "{}",
            paint.dim(&wrap(&byline.join(", "), style.width, "", "  "))
        )?;
    }
    writeln!(out)?;
    let class_name = assessment.classification.as_str().to_uppercase();
    let verdict = wrap(
        &format!(
            "{class_name} — {}",
            terminal(&assessment.decided_by.description)
        ),
        style.width,
        "Class:    ",
        "          ",
    );
    writeln!(
        out,
        "{}",
        verdict.replacen(&class_name, &paint.class(assessment.classification), 1)
    )?;
    writeln!(
        out,
        "{}",
        paint.dim(&wrap(
            class_meaning(assessment.classification),
            style.width,
            "          ",
            "          "
        ))
    )?;
    writeln!(
        out,
        "Score:    {} / 100   coverage {}   verified {}   red flags {}",
        paint.bold(&score_text(assessment.score)),
        percent(assessment.coverage),
        percent(assessment.verified_share),
        if assessment.red_flags.is_empty() {
            paint.green("0")
        } else {
            paint.red(&assessment.red_flags.len().to_string())
        }
    )?;
    writeln!(out)?;

    let decided = &assessment.decided_by;
    writeln!(
        out,
        "{}",
        paint.bold(&format!(
            "Why {}: rule {} held",
            assessment.classification.as_str(),
            decided.rule
        ))
    )?;
    if decided.checks.is_empty() {
        writeln!(out, "  no earlier rule held, and this rule always holds")?;
    }
    for check in &decided.checks {
        writeln!(out, "{}", check_line(&paint, check, style.width))?;
    }
    if let Some(next) = &assessment.next_class {
        writeln!(out)?;
        let heading = wrap(
            &format!(
                "What {} needs (rule {}: {})",
                next.class.as_str(),
                next.rule,
                terminal(&next.description)
            ),
            style.width,
            "",
            "  ",
        );
        writeln!(out, "{}", paint.bold(&heading))?;
        for check in &next.checks {
            writeln!(out, "{}", check_line(&paint, check, style.width))?;
        }
    }
    writeln!(out)?;

    let mut domains = Table::new();
    domains
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(style.width)
        .set_header(vec!["Domain", "Weight", "Score", "", "Answered"]);
    for domain in &assessment.domains {
        domains.add_row(vec![
            Cell::new(super::cell_text(&domain.title, style.width)),
            Cell::new(crate::validate::answers::format_number(domain.weight))
                .set_alignment(CellAlignment::Right),
            Cell::new(score_text(domain.score)).set_alignment(CellAlignment::Right),
            Cell::new(bar(domain.score)),
            Cell::new(format!("{}/{}", domain.answered, domain.applicable))
                .set_alignment(CellAlignment::Right),
        ]);
    }
    writeln!(out, "{domains}")?;
    writeln!(out)?;

    if assessment.red_flags.is_empty() {
        writeln!(out, "{} none", paint.bold("Red flags:"))?;
    } else {
        writeln!(
            out,
            "{}",
            paint.bold(&format!("Red flags ({})", assessment.red_flags.len()))
        )?;
        for flag in &assessment.red_flags {
            let text = wrap(
                &format!("{} [{}]", terminal(&flag.message), terminal(&flag.question)),
                style.width,
                "    ",
                "    ",
            );
            writeln!(out, "  {}{}", paint.red("!"), &text[3..])?;
        }
    }
    writeln!(out)?;

    let path: Vec<_> = assessment
        .roadmap
        .iter()
        .filter(|step| step.purpose == "next_class")
        .collect();
    let gains: Vec<_> = assessment
        .roadmap
        .iter()
        .filter(|step| step.purpose == "score")
        .collect();
    if let Some(last) = path.last() {
        let count = path.len();
        writeln!(
            out,
            "{}",
            paint.bold(&format!(
                "Roadmap to {}: {count} change{}",
                last.class_after.as_str(),
                if count == 1 { "" } else { "s" }
            ))
        )?;
    } else if assessment.classification != Class::Mature {
        writeln!(
            out,
            "{}",
            paint.bold("Roadmap: no set of answer changes reaches mature")
        )?;
    }
    for (number, step) in path.iter().enumerate() {
        write_step(out, &paint, style.width, number + 1, step)?;
    }
    if !gains.is_empty() {
        writeln!(out, "{}", paint.bold("Further score gains"))?;
        for (number, step) in gains.iter().enumerate() {
            write_step(out, &paint, style.width, number + 1, step)?;
        }
    }
    if !path.is_empty() || !gains.is_empty() {
        writeln!(out)?;
    }
    writeln!(
        out,
        "{}",
        wrap(&uncertainty_sentence(assessment), style.width, "", "")
    )?;
    if !assessment.contradictions.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "{}",
            paint.bold(&format!(
                "Contradictions ({})",
                assessment.contradictions.len()
            ))
        )?;
        writeln!(
            out,
            "{}",
            wrap(
                &terminal(&super::contradictions_sentence(assessment)),
                style.width,
                "  ",
                "  "
            )
        )?;
        for contradiction in &assessment.contradictions {
            writeln!(
                out,
                "{}",
                wrap(
                    &terminal(&super::contradiction_line(contradiction)),
                    style.width,
                    "  ≠ ",
                    "    "
                )
            )?;
            writeln!(
                out,
                "{}",
                wrap(
                    &terminal(&format!("Ask: {}", contradiction.ask)),
                    style.width,
                    "    ",
                    "      "
                )
            )?;
        }
    }
    let stale = super::stale_sentences(assessment);
    if !stale.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "{}",
            paint.bold(&format!("Stale answers ({})", stale.len()))
        )?;
        for sentence in stale {
            writeln!(
                out,
                "{}",
                wrap(&terminal(&sentence), style.width, "  ~ ", "    ")
            )?;
        }
    }
    if !assessment.questions_to_ask.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", paint.bold("Ask the provider next"))?;
        for (number, question) in assessment.questions_to_ask.iter().enumerate() {
            let critical = if question.critical { " (critical)" } else { "" };
            writeln!(
                out,
                "{}",
                wrap(
                    &format!("{}{critical}", terminal(&question.text)),
                    style.width,
                    &format!("  {}. ", number + 1),
                    "     "
                )
            )?;
            if let Some(evidence) = &question.evidence {
                writeln!(
                    out,
                    "{}",
                    paint.dim(&wrap(
                        &format!("ask to see: {}", terminal(evidence)),
                        style.width,
                        "     ",
                        "     "
                    ))
                )?;
            }
        }
    }
    Ok(())
}

fn write_step(
    out: &mut dyn Write,
    paint: &Paint,
    width: u16,
    number: usize,
    step: &crate::assessment::RoadmapStep,
) -> io::Result<()> {
    let from = step
        .from
        .as_deref()
        .map(terminal)
        .unwrap_or_else(|| "unanswered".to_string());
    let question = terminal(&step.question);
    let gain = gain_text(step.gain);
    let header = wrap(
        &format!("{question} {from} → {} {gain}", terminal(&step.to)),
        width,
        &format!("  {number}. "),
        "       ",
    );
    let header = header.replacen(&question, &paint.bold(&question), 1);
    let header = match header.rfind(&gain) {
        Some(at) => format!("{}{}", &header[..at], paint.green(&gain)),
        None => header,
    };
    writeln!(out, "{header}")?;
    writeln!(
        out,
        "{}",
        paint.dim(&wrap(&terminal(&step.text), width, "     ", "     "))
    )?;
    if let Some(remediation) = &step.remediation {
        writeln!(
            out,
            "{}",
            wrap(&terminal(remediation), width, "     → ", "       ")
        )?;
    }
    Ok(())
}
