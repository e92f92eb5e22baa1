//! Markdown that pastes cleanly into a ticket or wiki and renders as meant under CommonMark
//! and GitHub: the executive summary first, tables for numbers, every file-derived text
//! escaped (no links made from file text), names set as code spans without escapes in them.

use std::io::{self, Write};

use super::escape::markdown as escape_markdown;
use super::{gain_text, percent, score_text, summary, uncertainty_sentence, Frame};
use crate::assessment::{Assessment, CheckReport};

/// Escapes file text for Markdown inline content and table cells; on top of the shared
/// escaping, breaks what GitHub would turn into a link by itself (`https://…`, `www.…`,
/// `name@host`) with a backslash escape, which renders as nothing.
pub fn text(raw: &str) -> String {
    let escaped = plain_ampersands(&escape_markdown(raw));
    let chars: Vec<char> = escaped.chars().collect();
    let mut out = String::with_capacity(escaped.len() + 8);
    let mut backslashes = 0usize;
    for (position, c) in chars.iter().enumerate() {
        let unescaped = backslashes.is_multiple_of(2);
        let rest = |length: usize| -> String { chars[position..].iter().take(length).collect() };
        let needs_escape = unescaped
            && match c {
                ':' => rest(3) == "://",
                '@' => true,
                '.' => {
                    position >= 3
                        && chars[position - 3..position]
                            .iter()
                            .collect::<String>()
                            .eq_ignore_ascii_case("www")
                }
                _ => false,
            };
        if needs_escape {
            out.push('\\');
        }
        out.push(*c);
        backslashes = if *c == '\\' && !needs_escape {
            backslashes + 1
        } else {
            0
        };
    }
    out
}

/// `&amp;` reads badly in raw Markdown: an ampersand only needs escaping where it could
/// start an entity (`&name;`, `&#38;`), and a backslash does that more readably.
fn plain_ampersands(escaped: &str) -> String {
    let mut out = String::with_capacity(escaped.len());
    let mut rest = escaped;
    while let Some(at) = rest.find("&amp;") {
        out.push_str(&rest[..at]);
        rest = &rest[at + "&amp;".len()..];
        let name = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
            .unwrap_or(rest.len());
        if name > 0 && rest[name..].starts_with(';') {
            out.push_str("\\&");
        } else {
            out.push('&');
        }
    }
    out.push_str(rest);
    out
}

/// A code span holding `raw` exactly as written: no escapes inside (CommonMark shows them
/// literally), a fence longer than any run of backticks in it.
pub fn code(raw: &str) -> String {
    let cleaned = super::escape::terminal(raw);
    let mut longest = 0;
    let mut run = 0;
    for c in cleaned.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if cleaned.starts_with(['`', ' ']) || cleaned.ends_with(['`', ' ']) {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{cleaned}{pad}{fence}")
}

/// A code span inside a table cell: as `code`, with `|` escaped (GitHub's tables split
/// cells on it even inside code, and drop the backslash when rendering).
pub fn code_cell(raw: &str) -> String {
    code(raw).replace('|', "\\|")
}

/// Text whose `names in backticks` are code: each name becomes a code span, the rest is
/// escaped. Text with unbalanced backticks is escaped whole.
pub fn with_code(raw: &str) -> String {
    let parts: Vec<&str> = raw.split('`').collect();
    if parts.len().is_multiple_of(2) {
        return text(raw);
    }
    parts
        .iter()
        .enumerate()
        .map(|(position, part)| {
            if position % 2 == 1 {
                code(part)
            } else {
                text(part)
            }
        })
        .collect()
}

/// Writes the Markdown report of each assessment, then the footer.
pub fn render(assessments: &[Assessment], frame: &Frame, out: &mut dyn Write) -> io::Result<()> {
    if let Some(brand) = &frame.brand {
        let mut line = Vec::new();
        if let Some(logo) = &brand.logo {
            line.push(format!("![{}]({logo})", text(&brand.organisation)));
        }
        line.push(format!("**{}**", text(&brand.organisation)));
        if let Some(prepared_by) = &brand.prepared_by {
            line.push(format!("prepared by {}", text(prepared_by)));
        }
        writeln!(out, "{}", line.join(" · "))?;
        writeln!(out)?;
        if let Some(confidentiality) = &brand.confidentiality {
            writeln!(out, "> **{}**", text(confidentiality))?;
            writeln!(out)?;
        }
    }
    for (position, assessment) in assessments.iter().enumerate() {
        if position > 0 {
            writeln!(out, "\n---\n")?;
        }
        render_one(assessment, out)?;
    }
    writeln!(out, "---")?;
    writeln!(out)?;
    let mut footer = frame.footer_parts(super::common_questionnaire(assessments));
    if let Some(confidentiality) = frame
        .brand
        .as_ref()
        .and_then(|brand| brand.confidentiality.as_ref())
    {
        footer.insert(0, confidentiality.clone());
    }
    writeln!(
        out,
        "_{}_",
        footer
            .iter()
            .map(|part| text(part))
            .collect::<Vec<_>>()
            .join(" · ")
    )?;
    Ok(())
}

fn check_line(check: &CheckReport) -> String {
    let mark = if check.holds { "✅" } else { "❌" };
    let shortfall = check
        .shortfall
        .as_deref()
        .map(|shortfall| format!(" ({})", with_code(shortfall)))
        .unwrap_or_default();
    format!(
        "{}- {mark} {}{shortfall}",
        "  ".repeat(check.depth),
        with_code(&check.text)
    )
}

fn render_one(assessment: &Assessment, out: &mut dyn Write) -> io::Result<()> {
    let questionnaire = &assessment.questionnaire;
    writeln!(
        out,
        "# {} — {}",
        text(&assessment.provider),
        text(&questionnaire.title)
    )?;
    writeln!(out)?;
    let mut byline = format!(
        "Questionnaire {} {}",
        code(&questionnaire.id),
        text(&questionnaire.version)
    );
    let who = super::table::byline(assessment);
    if !who.is_empty() {
        byline.push_str(", ");
        byline.push_str(&text(&who));
    }
    writeln!(out, "_{byline}_")?;
    writeln!(out)?;
    writeln!(out, "## Summary")?;
    writeln!(out)?;
    if assessment.standing != crate::assessment::Standing::Clear {
        writeln!(out, "**{}**", with_code(&assessment.headline))?;
        writeln!(out)?;
    }
    writeln!(
        out,
        "**Verdict: {}.** {}",
        text(&summary::banner(assessment)),
        text(&summary::verdict_sentence(assessment))
    )?;
    writeln!(out)?;
    if super::blank::is_nearly_blank(assessment) {
        return blank(assessment, out);
    }
    writeln!(
        out,
        "**Class: {}** — {}",
        assessment.classification.as_str(),
        with_code(&assessment.decided_by.description)
    )?;
    writeln!(out)?;
    writeln!(out, "> {}", text(super::class_meaning(assessment)))?;
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
    if assessment.red_flags.is_empty() {
        writeln!(out, "**Red flags:** none.")?;
    } else {
        writeln!(out, "**Red flags ({}):**", assessment.red_flags.len())?;
        writeln!(out)?;
        for flag in &assessment.red_flags {
            writeln!(
                out,
                "- {} ({})",
                text(&flag.graded()),
                question_code(&flag.source(), flag.reference.as_deref())
            )?;
        }
    }
    writeln!(out)?;
    let actions = summary::actions(assessment);
    if !actions.is_empty() {
        writeln!(out, "**{}:**", summary::actions_heading(assessment))?;
        writeln!(out)?;
        for (number, action) in actions.iter().enumerate() {
            writeln!(
                out,
                "{}. {} — {} points, {} ({})",
                number + 1,
                text(&action.text),
                gain_text(action.step.gain),
                summary::step_effect(assessment, action.step),
                question_code(&action.step.question, action.step.reference.as_deref())
            )?;
        }
        writeln!(out)?;
    }
    writeln!(out, "{}", text(&uncertainty_sentence(assessment)))?;
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
            text(&next.description)
        )?;
        writeln!(out)?;
        for check in &next.checks {
            writeln!(out, "{}", check_line(check))?;
        }
        for blocking in &next.blocked_by {
            writeln!(out, "- ✗ {}", text(&super::blocked_sentence(blocking)))?;
            for check in &blocking.checks {
                writeln!(out, "  {}", check_line(check))?;
            }
        }
        writeln!(out)?;
    }

    writeln!(out, "## Domains")?;
    writeln!(out)?;
    writeln!(out, "| Domain | Weight | Score | Answered | Verified |")?;
    writeln!(out, "|---|---:|---:|---:|---:|")?;
    for domain in &assessment.domains {
        writeln!(
            out,
            "| {} | {} | {} | {}/{} | {}/{} |",
            text(&domain.title),
            crate::validate::answers::format_number(domain.weight),
            super::domain_score_text(domain),
            domain.answered,
            domain.applicable,
            domain.verified,
            domain.answered
        )?;
    }
    writeln!(out)?;

    let phases = summary::phases(assessment);
    if !phases.is_empty() {
        writeln!(out, "## Roadmap")?;
        writeln!(out)?;
    }
    for (position, phase) in phases.iter().enumerate() {
        if position > 0 {
            writeln!(out, "---")?;
            writeln!(out)?;
        }
        writeln!(out, "### {}", text(&phase.heading))?;
        writeln!(out)?;
        writeln!(
            out,
            "| # | Domain | Question | Now | Then | Gain | What to do |"
        )?;
        writeln!(out, "|---:|---|---|---|---|---:|---|")?;
        let mut number = 0;
        for (domain, steps) in &phase.domains {
            for step in steps {
                number += 1;
                writeln!(
                    out,
                    "| {number} | {} | {} ({}) | {} | {} | {} | {} |",
                    text(domain),
                    text(&step.text),
                    question_cell(&step.question, step.reference.as_deref()),
                    text(&step.from_label),
                    text(&step.to_label),
                    gain_text(step.gain),
                    step.remediation.as_deref().map(text).unwrap_or_default()
                )?;
            }
        }
        writeln!(out)?;
    }

    if !assessment.contradictions.is_empty() {
        writeln!(out, "## Contradictions")?;
        writeln!(out)?;
        writeln!(out, "{}", text(&super::contradictions_sentence(assessment)))?;
        writeln!(out)?;
        for contradiction in &assessment.contradictions {
            writeln!(
                out,
                "- {} ({}). **Ask:** {}",
                text(&contradiction.message),
                contradiction
                    .questions
                    .iter()
                    // Question ids are `[a-z0-9_.-]+`: safe in a code span as they are.
                    .map(|question| format!("`{question}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
                text(&contradiction.ask)
            )?;
        }
        writeln!(out)?;
    }
    let stale = super::stale_sentences(assessment);
    if !stale.is_empty() {
        writeln!(out, "## Stale answers")?;
        writeln!(out)?;
        for sentence in stale {
            writeln!(out, "- {}", text(&sentence))?;
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
            writeln!(out, "{}. {}{critical}", number + 1, text(&question.text))?;
            if let Some(evidence) = &question.evidence {
                writeln!(out, "   - Ask to see: {}", text(evidence))?;
            }
        }
        writeln!(out)?;
    }

    let trail = summary::evidence_by_domain(assessment);
    if !trail.is_empty() {
        writeln!(out, "## Evidence trail")?;
        writeln!(out)?;
        writeln!(
            out,
            "{} of the answers are verified against evidence.",
            percent(assessment.verified_share)
        )?;
        writeln!(out)?;
        for (domain, answers) in trail {
            writeln!(
                out,
                "### {} — {}",
                text(&domain.title),
                summary::verified_text(domain)
            )?;
            writeln!(out)?;
            writeln!(out, "| Question | Answer | Marks | Note | Evidence |")?;
            writeln!(out, "|---|---|---|---|---|")?;
            for answer in answers {
                writeln!(
                    out,
                    "| {} ({}) | {} | {} | {} | {} |",
                    text(&answer.text),
                    question_cell(&answer.question, answer.reference.as_deref()),
                    text(answer.label.as_deref().unwrap_or("unanswered")),
                    summary::answer_marks(answer).join(", "),
                    answer.note.as_deref().map(text).unwrap_or_default(),
                    answer.evidence.as_deref().map(text).unwrap_or_default()
                )?;
            }
            writeln!(out)?;
        }
    }
    out.write_all(super::frameworks::markdown(assessment).as_bytes())?;
    Ok(())
}

/// The short report of a nearly blank file (see `blank`), after the summary's banner.
fn blank(assessment: &Assessment, out: &mut dyn Write) -> io::Result<()> {
    let blank = super::blank::blank(assessment);
    writeln!(out, "{}", text(&blank.class_for_now))?;
    writeln!(out)?;
    writeln!(out, "{}", text(&blank.status))?;
    writeln!(out)?;
    if !assessment.red_flags.is_empty() {
        writeln!(
            out,
            "**Red flags so far ({}):**",
            assessment.red_flags.len()
        )?;
        writeln!(out)?;
        for flag in &assessment.red_flags {
            writeln!(
                out,
                "- {} ({})",
                text(&flag.graded()),
                code(&super::question_name(
                    &flag.source(),
                    flag.reference.as_deref()
                ))
            )?;
        }
        writeln!(out)?;
    }
    if !blank.answered.is_empty() {
        writeln!(out, "**Answered so far ({}):**", blank.answered.len())?;
        writeln!(out)?;
        for answer in &blank.answered {
            let mut line = format!(
                "- {}: {} ({})",
                code(&answer.question),
                text(&answer.label),
                answer.marks.join(", ")
            );
            if let Some(note) = &answer.note {
                line.push_str(&format!(" — note: {}", text(note)));
            }
            if let Some(evidence) = &answer.evidence {
                line.push_str(&format!(" — evidence: {}", text(evidence)));
            }
            writeln!(out, "{line}")?;
        }
        for sentence in &blank.stale {
            writeln!(out, "- {}", text(sentence))?;
        }
        writeln!(out)?;
    }
    writeln!(out, "## What to do first")?;
    writeln!(out)?;
    writeln!(out, "Answer the domains that weigh most first:")?;
    writeln!(out)?;
    for domain in &blank.domains {
        writeln!(out, "- {} ({})", text(&domain.title), text(&domain.detail))?;
    }
    for (what, command) in &blank.commands {
        writeln!(out)?;
        writeln!(out, "{} {}", text(what), code(command))?;
    }
    writeln!(out)?;
    Ok(())
}

/// A question's id as code, with its `ref` beside it when it has one.
pub(crate) fn question_code(question: &str, reference: Option<&str>) -> String {
    match reference {
        Some(reference) => format!("{}, ref {}", code(question), text(reference)),
        None => code(question),
    }
}

/// [`question_code`] inside a table cell.
pub(crate) fn question_cell(question: &str, reference: Option<&str>) -> String {
    match reference {
        Some(reference) => format!("{}, ref {}", code_cell(question), text(reference)),
        None => code_cell(question),
    }
}
