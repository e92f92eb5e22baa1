//! The terminal report: the verdict first, then why, the domains with score bars, red flags,
//! the roadmap and what is still unknown. Fits the terminal (80 columns when unknown); file
//! text is stripped of control sequences.

use std::io::{self, Write};

use comfy_table::{presets, Cell, CellAlignment, ContentArrangement, Table};

use super::escape::terminal;
use super::{
    class_meaning, gain_text, percent, score_text, summary, uncertainty_sentence, wrap, Frame,
    Style,
};
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

/// Writes the terminal report of each assessment, separated by a rule, then the footer.
pub fn render(
    assessments: &[Assessment],
    style: Style,
    frame: &Frame,
    out: &mut dyn Write,
) -> io::Result<()> {
    for (position, assessment) in assessments.iter().enumerate() {
        if position > 0 {
            writeln!(out)?;
            writeln!(out, "{}", "─".repeat(usize::from(style.width.min(80))))?;
            writeln!(out)?;
        }
        render_one(assessment, style, frame, out)?;
    }
    let paint = Paint { on: style.color };
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        paint.dim(&wrap(
            &terminal(
                &frame
                    .footer_parts(super::common_questionnaire(assessments))
                    .join(" · ")
            ),
            style.width,
            "",
            ""
        ))
    )?;
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

/// An answer's note and evidence, dimmed, under its line (`indent` deep, wrapped lines two
/// further).
fn details(
    out: &mut dyn Write,
    paint: &Paint,
    note: &Option<String>,
    evidence: &Option<String>,
    width: u16,
    indent: &str,
) -> io::Result<()> {
    for (name, text) in [("note", note), ("evidence", evidence)] {
        if let Some(text) = text {
            let text = format!("{name}: {}", terminal(text));
            let wrapped = wrap(&text, width, indent, &format!("{indent}  "));
            writeln!(out, "{}", paint.dim(&wrapped))?;
        }
    }
    Ok(())
}

fn heading(out: &mut dyn Write, paint: &Paint, text: &str, width: u16) -> io::Result<()> {
    writeln!(
        out,
        "{}",
        paint.bold(&wrap(&terminal(text), width, "", "  "))
    )
}

fn render_one(
    assessment: &Assessment,
    style: Style,
    frame: &Frame,
    out: &mut dyn Write,
) -> io::Result<()> {
    let paint = Paint { on: style.color };
    let width = style.width;
    let questionnaire = &assessment.questionnaire;
    let title = format!(
        "{} — {} ({} {})",
        terminal(&assessment.provider),
        terminal(&questionnaire.title),
        terminal(&questionnaire.id),
        terminal(&questionnaire.version)
    );
    writeln!(out, "{}", paint.bold(&wrap(&title, width, "", "  ")))?;
    let byline = byline(assessment);
    if !byline.is_empty() {
        writeln!(
            out,
            "{}",
            paint.dim(&wrap(&terminal(&byline), width, "", "  "))
        )?;
    }
    writeln!(out)?;

    // The executive summary, led by the one-line verdict banner.
    let class_name = assessment.classification.as_str().to_uppercase();
    // The banner with the class in capitals, as on the class line below.
    let banner = format!("{class_name} · {}", summary::standing_label(assessment));
    let banner = wrap(&banner, width, "Verdict:  ", "          ");
    writeln!(
        out,
        "{}",
        paint.bold(&banner.replacen(&class_name, &paint.class(assessment.classification), 1))
    )?;
    if super::blank::is_nearly_blank(assessment) {
        return blank(out, &paint, width, assessment);
    }
    writeln!(
        out,
        "{}",
        wrap(
            &terminal(&summary::verdict_sentence(assessment)),
            width,
            "          ",
            "          "
        )
    )?;
    let verdict = wrap(
        &format!(
            "{class_name} — {}",
            terminal(&assessment.decided_by.description)
        ),
        width,
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
            class_meaning(assessment),
            width,
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
                &format!(
                    "{} [{}]",
                    terminal(&flag.graded()),
                    terminal(&super::question_name(
                        &flag.source(),
                        flag.reference.as_deref()
                    ))
                ),
                width,
                "    ",
                "    ",
            );
            writeln!(out, "  {}{}", paint.red("!"), &text[3..])?;
        }
    }
    let actions = summary::actions(assessment);
    if !actions.is_empty() {
        writeln!(out)?;
        heading(out, &paint, summary::actions_heading(assessment), width)?;
        for (number, action) in actions.iter().enumerate() {
            writeln!(
                out,
                "{}",
                wrap(
                    &format!(
                        "{} ({} points, {}) [{}]",
                        terminal(&action.text),
                        gain_text(action.step.gain),
                        summary::step_effect(assessment, action.step),
                        terminal(&super::question_name(
                            &action.step.question,
                            action.step.reference.as_deref()
                        ))
                    ),
                    width,
                    &format!("  {}. ", number + 1),
                    "     "
                )
            )?;
        }
    }
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
        writeln!(out, "{}", check_line(&paint, check, width))?;
    }
    if let Some(next) = &assessment.next_class {
        writeln!(out)?;
        heading(
            out,
            &paint,
            &format!(
                "What {} needs (rule {}: {})",
                next.class.as_str(),
                next.rule,
                next.description
            ),
            width,
        )?;
        for check in &next.checks {
            writeln!(out, "{}", check_line(&paint, check, width))?;
        }
        for blocking in &next.blocked_by {
            writeln!(
                out,
                "{}",
                paint.red(&wrap(
                    &terminal(&super::blocked_sentence(blocking)),
                    style.width,
                    "  ✗ ",
                    "    "
                ))
            )?;
            for check in &blocking.checks {
                writeln!(out, "  {}", check_line(&paint, check, style.width))?;
            }
        }
    }
    writeln!(out)?;

    let mut domains = Table::new();
    domains
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(width)
        .set_header(vec![
            "Domain", "Weight", "Score", "", "Answered", "Verified",
        ]);
    for domain in &assessment.domains {
        domains.add_row(vec![
            Cell::new(super::cell_text(&domain.title, style.width)),
            Cell::new(crate::validate::answers::format_number(domain.weight))
                .set_alignment(CellAlignment::Right),
            Cell::new(super::domain_score_text(domain)).set_alignment(CellAlignment::Right),
            Cell::new(bar(domain.score)),
            Cell::new(format!("{}/{}", domain.answered, domain.applicable))
                .set_alignment(CellAlignment::Right),
            Cell::new(format!("{}/{}", domain.verified, domain.answered))
                .set_alignment(CellAlignment::Right),
        ]);
    }
    writeln!(out, "{domains}")?;
    writeln!(out)?;

    let phases = summary::phases(assessment);
    if phases.first().is_none_or(|phase| !phase.to_next_class)
        && assessment.classification != Class::Mature
    {
        writeln!(
            out,
            "{}",
            paint.bold("Roadmap: no set of answer changes reaches a higher class")
        )?;
    }
    for (position, phase) in phases.iter().enumerate() {
        if position > 0 {
            writeln!(
                out,
                "  {}",
                paint.dim(&"┄".repeat(usize::from(width.min(80)) - 4))
            )?;
        }
        heading(out, &paint, &format!("Roadmap — {}", phase.heading), width)?;
        let mut number = 0;
        for (domain, steps) in &phase.domains {
            writeln!(out, "  {}", paint.dim(&terminal(domain)))?;
            for step in steps {
                number += 1;
                write_step(out, &paint, width, number, step)?;
            }
        }
    }
    if !phases.is_empty() {
        writeln!(out)?;
    }
    writeln!(
        out,
        "{}",
        wrap(&uncertainty_sentence(assessment), width, "", "")
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
            writeln!(out, "{}", wrap(&terminal(&sentence), width, "  ~ ", "    "))?;
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
                    width,
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
                        width,
                        "     ",
                        "     "
                    ))
                )?;
            }
        }
    }
    out.write_all(super::frameworks::table(assessment, width).as_bytes())?;
    if frame.details {
        evidence(out, &paint, width, assessment)?;
    }
    Ok(())
}

/// The short report of a nearly blank file (see `blank`), after the title and the banner.
fn blank(
    out: &mut dyn Write,
    paint: &Paint,
    width: u16,
    assessment: &Assessment,
) -> io::Result<()> {
    let blank = super::blank::blank(assessment);
    let sentence = format!(
        "{} {}",
        summary::verdict_sentence(assessment),
        blank.class_for_now
    );
    writeln!(
        out,
        "{}",
        wrap(&terminal(&sentence), width, "          ", "          ")
    )?;
    writeln!(out)?;
    writeln!(out, "{}", wrap(&terminal(&blank.status), width, "", ""))?;
    if !assessment.red_flags.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "{}",
            paint.bold(&format!(
                "Red flags so far ({})",
                assessment.red_flags.len()
            ))
        )?;
        for flag in &assessment.red_flags {
            let text = wrap(
                &format!(
                    "{} [{}]",
                    terminal(&flag.graded()),
                    terminal(&super::question_name(
                        &flag.source(),
                        flag.reference.as_deref()
                    ))
                ),
                width,
                "    ",
                "    ",
            );
            writeln!(out, "  {}{}", paint.red("!"), &text[3..])?;
        }
    }
    if !blank.answered.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "{}",
            paint.bold(&format!("Answered so far ({})", blank.answered.len()))
        )?;
        for answer in &blank.answered {
            writeln!(
                out,
                "{}",
                wrap(
                    &format!(
                        "{}: {} [{}]",
                        terminal(&answer.question),
                        terminal(&answer.label),
                        answer.marks.join(", ")
                    ),
                    width,
                    "  ",
                    "      "
                )
            )?;
            details(out, paint, &answer.note, &answer.evidence, width, "      ")?;
        }
        for sentence in &blank.stale {
            writeln!(out, "{}", wrap(&terminal(sentence), width, "  ~ ", "    "))?;
        }
    }
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        paint.bold("What to do first: answer the domains that weigh most")
    )?;
    for domain in &blank.domains {
        writeln!(
            out,
            "{}",
            wrap(
                &format!("{} ({})", terminal(&domain.title), domain.detail),
                width,
                "  ",
                "    "
            )
        )?;
    }
    for (what, command) in &blank.commands {
        writeln!(out)?;
        writeln!(out, "{}", wrap(&terminal(what), width, "", ""))?;
        writeln!(out, "  {}", paint.bold(&terminal(command)))?;
    }
    Ok(())
}

/// "assessed by J. Doe, as provider, on 2026-11-20": who, whose view, when.
pub(super) fn byline(assessment: &Assessment) -> String {
    let mut byline = Vec::new();
    if let Some(assessor) = &assessment.assessor {
        byline.push(format!("assessed by {assessor}"));
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
    byline.join(", ")
}

/// The evidence trail (`--details`): every answered question with its answer's label, note,
/// evidence and marks, by domain with the domain's verified share.
fn evidence(
    out: &mut dyn Write,
    paint: &Paint,
    width: u16,
    assessment: &Assessment,
) -> io::Result<()> {
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        paint.bold(&format!(
            "Evidence trail: {} of answers verified",
            percent(assessment.verified_share)
        ))
    )?;
    for (domain, answers) in summary::evidence_by_domain(assessment) {
        writeln!(
            out,
            "  {} — {}",
            paint.bold(&terminal(&domain.title)),
            summary::verified_text(domain)
        )?;
        for answer in answers {
            let marks = summary::answer_marks(answer).join(", ");
            writeln!(
                out,
                "{}",
                wrap(
                    &format!(
                        "{}: {} [{marks}]",
                        terminal(&super::question_name(
                            &answer.question,
                            answer.reference.as_deref()
                        )),
                        terminal(answer.label.as_deref().unwrap_or("unanswered"))
                    ),
                    width,
                    "    ",
                    "        "
                )
            )?;
            details(
                out,
                paint,
                &answer.note,
                &answer.evidence,
                width,
                "        ",
            )?;
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
    let question = terminal(&super::question_name(
        &step.question,
        step.reference.as_deref(),
    ));
    let gain = gain_text(step.gain);
    let header = wrap(
        &format!("{question} {gain}"),
        width,
        &format!("  {number:>2}. "),
        "        ",
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
        paint.dim(&wrap(&terminal(&step.text), width, "        ", "        "))
    )?;
    writeln!(
        out,
        "{}",
        wrap(
            &format!(
                "now: {} → then: {}",
                terminal(&step.from_label),
                terminal(&step.to_label)
            ),
            width,
            "        ",
            "          "
        )
    )?;
    if let Some(remediation) = &step.remediation {
        writeln!(
            out,
            "{}",
            wrap(&terminal(remediation), width, "        → ", "          ")
        )?;
    }
    Ok(())
}
