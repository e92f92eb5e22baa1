//! Renderers of `diff`: the class change and score deltas first, then the domains, every
//! changed answer with its effect, red flags raised and cleared, and the claims view, as a
//! terminal report, Markdown, HTML, JSON, NDJSON (the same object on one line) or CSV (one
//! row per difference). File text is escaped for each format.

use std::fmt::Write as _;
use std::io::{self, Write};

use comfy_table::{presets, Cell, CellAlignment, ContentArrangement, Table};

use super::escape::{html as h, terminal};
use super::html::{id as html_id, question_id};
use super::markdown::{code, question_cell, text as md};
use super::{gain_text, percent, question_name, score_text, Frame, Style};
use crate::cli::DiffFormat;
use crate::diff::{AnswerChange, Claims, Diff, Direction, Side};
use crate::model::questionnaire::Class;

/// Renders `diff` in `format`.
pub fn render(
    format: DiffFormat,
    diff: &Diff,
    style: Style,
    frame: &Frame,
    out: &mut dyn Write,
) -> io::Result<()> {
    let footer = frame.footer_parts(Some(&diff.questionnaire)).join(" · ");
    match format {
        DiffFormat::Table => {
            let text = format!("{}\n{}\n", table(diff, style), terminal(&footer));
            out.write_all(super::wrap_lines(&text, style.width).as_bytes())
        }
        DiffFormat::Markdown => {
            out.write_all(format!("{}\n---\n\n_{}_\n", markdown(diff), md(&footer)).as_bytes())
        }
        DiffFormat::Html => out.write_all(html(diff, frame).as_bytes()),
        DiffFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, diff)?;
            writeln!(out)
        }
        DiffFormat::Ndjson => super::json::render_lines(std::slice::from_ref(diff), out),
        DiffFormat::Csv => super::csv::render_diff(diff, out),
    }
}

fn direction_text(direction: Direction) -> &'static str {
    match direction {
        Direction::Up => "up",
        Direction::Same => "unchanged",
        Direction::Down => "down",
    }
}

fn delta_text(delta: Option<f64>) -> String {
    delta.map_or_else(|| "n/a".to_string(), gain_text)
}

fn points(share: f64) -> String {
    format!("{:+.0} points", share * 100.0)
}

fn side_label(side: &Side) -> String {
    match side.date {
        Some(date) => format!("{} ({date})", side.answers_file),
        None => side.answers_file.clone(),
    }
}

fn answer_text(answer: Option<&str>, applicable: bool) -> String {
    match (answer, applicable) {
        (Some(answer), _) => answer.to_string(),
        (None, true) => "unanswered".to_string(),
        (None, false) => "not applicable".to_string(),
    }
}

fn answer_score(score: Option<f64>) -> String {
    score.map_or_else(|| "–".to_string(), |score| format!("{score:.2}"))
}

/// "answer score 0.00 → 1.00, overall +25.0": the effect of one change.
fn effect_text(change: &AnswerChange) -> String {
    let mut parts = Vec::new();
    if change.score_from.is_some() || change.score_to.is_some() {
        parts.push(format!(
            "answer score {} → {}",
            answer_score(change.score_from),
            answer_score(change.score_to)
        ));
    }
    if let Some(effect) = change.overall_effect {
        parts.push(format!("overall {}", gain_text(effect)));
    }
    parts.join(", ")
}

fn class_pair(diff: &Diff) -> String {
    let (old, new): (Class, Class) = (diff.old.classification, diff.new.classification);
    if old == new {
        format!("{} (unchanged)", old.as_str())
    } else {
        format!(
            "{} → {} ({})",
            old.as_str(),
            new.as_str(),
            direction_text(diff.class_change)
        )
    }
}

fn claims_summary(claims: &Claims) -> String {
    let overstated = claims.overstated.len();
    let mut text = format!(
        "{overstated} of {} answers compared {} overstated by the provider, {} understated",
        claims.compared,
        if overstated == 1 { "was" } else { "were" },
        claims.understated
    );
    if !claims.unconfirmed.is_empty() {
        let count = claims.unconfirmed.len();
        let _ = write!(
            text,
            "; {count} claim{} not confirmed (left unanswered by the {})",
            if count == 1 { "" } else { "s" },
            claims.checked_by.as_str()
        );
    }
    text.push('.');
    if let Some(gap) = claims.score_gap {
        let _ = write!(
            text,
            " The self-assessment's overall score is {} points {} than the {}'s.",
            score_text(Some(gap.abs())),
            if gap >= 0.0 { "higher" } else { "lower" },
            claims.checked_by.as_str()
        );
    }
    text
}

fn table(diff: &Diff, style: Style) -> String {
    let mut text = String::new();
    let provider = if diff.old.provider == diff.new.provider {
        terminal(&diff.new.provider)
    } else {
        format!(
            "{} → {}",
            terminal(&diff.old.provider),
            terminal(&diff.new.provider)
        )
    };
    let _ = writeln!(
        text,
        "{provider}: {} → {}",
        terminal(&side_label(&diff.old)),
        terminal(&side_label(&diff.new))
    );
    let verified = if diff.verified_only {
        ", verified answers only"
    } else {
        ""
    };
    let _ = writeln!(
        text,
        "{} ({} {}){verified}\n",
        terminal(&diff.questionnaire.title),
        terminal(&diff.questionnaire.id),
        terminal(&diff.questionnaire.version)
    );
    let _ = writeln!(text, "Class:     {}", class_pair(diff));
    let _ = writeln!(
        text,
        "Score:     {} → {} ({})",
        score_text(diff.old.score),
        score_text(diff.new.score),
        delta_text(diff.score_delta)
    );
    let _ = writeln!(
        text,
        "Coverage:  {} → {} ({})",
        percent(diff.old.coverage),
        percent(diff.new.coverage),
        points(diff.coverage_delta)
    );
    let _ = writeln!(
        text,
        "Verified:  {} → {} ({})",
        percent(diff.old.verified_share),
        percent(diff.new.verified_share),
        points(diff.verified_share_delta)
    );
    let _ = writeln!(
        text,
        "Red flags: {} → {}\n",
        diff.old.red_flags, diff.new.red_flags
    );

    let mut domains = Table::new();
    domains
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(style.width)
        .set_header(vec!["Domain", "Old", "New", "Change"]);
    for domain in &diff.domains {
        domains.add_row(vec![
            Cell::new(super::cell_text(&domain.title, style.width)),
            Cell::new(score_text(domain.old)).set_alignment(CellAlignment::Right),
            Cell::new(score_text(domain.new)).set_alignment(CellAlignment::Right),
            Cell::new(delta_text(domain.delta)).set_alignment(CellAlignment::Right),
        ]);
    }
    let _ = writeln!(text, "{domains}\n");

    for (title, changes) in [
        ("Changed answers", &diff.changed),
        ("Newly answered", &diff.newly_answered),
        ("Newly unanswered", &diff.newly_unanswered),
    ] {
        if changes.is_empty() {
            let _ = writeln!(text, "{title}: none");
            continue;
        }
        let _ = writeln!(text, "{title} ({})", changes.len());
        for change in changes {
            let _ = writeln!(
                text,
                "  {}  {} → {}  {}",
                terminal(&question_name(
                    &change.question,
                    change.reference.as_deref()
                )),
                terminal(&answer_text(
                    change.from.as_deref(),
                    change.applicable_before
                )),
                terminal(&answer_text(change.to.as_deref(), change.applicable_after)),
                effect_text(change)
            );
            if let Some(question) = &change.text {
                let _ = writeln!(text, "     {}", terminal(question));
            }
        }
    }
    text.push('\n');
    for (title, flags, mark) in [
        ("Red flags raised", &diff.red_flags_raised, "!"),
        ("Red flags cleared", &diff.red_flags_cleared, "✓"),
    ] {
        if flags.is_empty() {
            let _ = writeln!(text, "{title}: none");
            continue;
        }
        let _ = writeln!(text, "{title} ({})", flags.len());
        for flag in flags {
            let _ = writeln!(
                text,
                "  {mark} {} [{}]",
                terminal(&flag.graded()),
                terminal(&flag.source())
            );
        }
    }
    if let Some(claims) = &diff.claims {
        let _ = writeln!(
            text,
            "\nClaims: the provider's self-assessment checked by the {}",
            claims.checked_by.as_str()
        );
        let _ = writeln!(text, "  {}", claims_summary(claims));
        for (number, claim) in claims.overstated.iter().enumerate() {
            let critical = if claim.critical { "  (critical)" } else { "" };
            let _ = writeln!(
                text,
                "  {}. {}  claimed {}, found {}  (answer score {:.2} → {:.2}){critical}",
                number + 1,
                terminal(&question_name(&claim.question, claim.reference.as_deref())),
                terminal(&claim.claimed),
                terminal(&claim.found),
                claim.claimed_score,
                claim.found_score
            );
            if let Some(question) = &claim.text {
                let _ = writeln!(text, "     {}", terminal(question));
            }
        }
        if !claims.unconfirmed.is_empty() {
            let list: Vec<String> = claims.unconfirmed.iter().map(|id| terminal(id)).collect();
            let _ = writeln!(text, "  Not confirmed: {}", list.join(", "));
        }
    }
    text
}

fn markdown(diff: &Diff) -> String {
    let mut text = String::new();
    let provider = if diff.old.provider == diff.new.provider {
        md(&diff.new.provider)
    } else {
        format!("{} → {}", md(&diff.old.provider), md(&diff.new.provider))
    };
    let _ = writeln!(text, "# Progress: {provider}\n");
    let verified = if diff.verified_only {
        ", verified answers only"
    } else {
        ""
    };
    let _ = writeln!(
        text,
        "_{} → {}; {} ({} {}){verified}_\n",
        md(&side_label(&diff.old)),
        md(&side_label(&diff.new)),
        md(&diff.questionnaire.title),
        md(&diff.questionnaire.id),
        md(&diff.questionnaire.version)
    );
    text.push_str("| | Old | New | Change |\n|---|---:|---:|---:|\n");
    let _ = writeln!(
        text,
        "| Class | {} | {} | {} |",
        diff.old.classification.as_str(),
        diff.new.classification.as_str(),
        direction_text(diff.class_change)
    );
    let _ = writeln!(
        text,
        "| Overall score | {} | {} | {} |",
        score_text(diff.old.score),
        score_text(diff.new.score),
        delta_text(diff.score_delta)
    );
    let _ = writeln!(
        text,
        "| Coverage | {} | {} | {} |",
        percent(diff.old.coverage),
        percent(diff.new.coverage),
        points(diff.coverage_delta)
    );
    let _ = writeln!(
        text,
        "| Verified | {} | {} | {} |",
        percent(diff.old.verified_share),
        percent(diff.new.verified_share),
        points(diff.verified_share_delta)
    );
    let _ = writeln!(
        text,
        "| Red flags | {} | {} | {:+} |",
        diff.old.red_flags,
        diff.new.red_flags,
        diff.new.red_flags as i64 - diff.old.red_flags as i64
    );
    text.push_str("\n## Domains\n\n| Domain | Old | New | Change |\n|---|---:|---:|---:|\n");
    for domain in &diff.domains {
        let _ = writeln!(
            text,
            "| {} | {} | {} | {} |",
            md(&domain.title),
            score_text(domain.old),
            score_text(domain.new),
            delta_text(domain.delta)
        );
    }
    for (title, changes) in [
        ("Changed answers", &diff.changed),
        ("Newly answered", &diff.newly_answered),
        ("Newly unanswered", &diff.newly_unanswered),
    ] {
        let _ = writeln!(text, "\n## {title}\n");
        if changes.is_empty() {
            text.push_str("None.\n");
            continue;
        }
        text.push_str("| Question | Old | New | Effect |\n|---|---|---|---|\n");
        for change in changes {
            let id = question_cell(&change.question, change.reference.as_deref());
            let question = match &change.text {
                Some(wording) => format!("{id} {}", md(wording)),
                None => id,
            };
            let _ = writeln!(
                text,
                "| {question} | {} | {} | {} |",
                md(&answer_text(
                    change.from.as_deref(),
                    change.applicable_before
                )),
                md(&answer_text(change.to.as_deref(), change.applicable_after)),
                md(&effect_text(change))
            );
        }
    }
    for (title, flags) in [
        ("Red flags raised", &diff.red_flags_raised),
        ("Red flags cleared", &diff.red_flags_cleared),
    ] {
        let _ = writeln!(text, "\n## {title}\n");
        if flags.is_empty() {
            text.push_str("None.\n");
        }
        for flag in flags {
            let _ = writeln!(text, "- {} ({})", md(&flag.graded()), code(&flag.source()));
        }
    }
    if let Some(claims) = &diff.claims {
        let _ = writeln!(
            text,
            "\n## Claims: self-assessment checked by the {}\n",
            claims.checked_by.as_str()
        );
        let _ = writeln!(text, "{}\n", md(&claims_summary(claims)));
        if !claims.overstated.is_empty() {
            text.push_str("| # | Question | Claimed | Found | Gap | Critical |\n|---:|---|---|---|---:|---|\n");
            for (number, claim) in claims.overstated.iter().enumerate() {
                let id = question_cell(&claim.question, claim.reference.as_deref());
                let question = match &claim.text {
                    Some(wording) => format!("{id} {}", md(wording)),
                    None => id,
                };
                let _ = writeln!(
                    text,
                    "| {} | {question} | {} | {} | {:.2} | {} |",
                    number + 1,
                    md(&claim.claimed),
                    md(&claim.found),
                    claim.gap,
                    if claim.critical { "yes" } else { "" }
                );
            }
        }
        if !claims.unconfirmed.is_empty() {
            let list: Vec<String> = claims.unconfirmed.iter().map(|id| code(id)).collect();
            let _ = writeln!(text, "\nNot confirmed: {}", list.join(", "));
        }
    }
    text
}

fn html(diff: &Diff, frame: &Frame) -> String {
    let mut page = String::from("<article>\n");
    let provider = if diff.old.provider == diff.new.provider {
        h(&diff.new.provider)
    } else {
        format!("{} → {}", h(&diff.old.provider), h(&diff.new.provider))
    };
    let _ = writeln!(page, "<h1>Progress: {provider}</h1>");
    let verified = if diff.verified_only {
        ", verified answers only"
    } else {
        ""
    };
    let _ = writeln!(
        page,
        "<p class=\"byline\">{} → {}; {} ({} {}){verified}</p>",
        h(&side_label(&diff.old)),
        h(&side_label(&diff.new)),
        h(&diff.questionnaire.title),
        h(&diff.questionnaire.id),
        h(&diff.questionnaire.version)
    );
    let (old, new) = (
        diff.old.classification.as_str(),
        diff.new.classification.as_str(),
    );
    let _ = writeln!(
        page,
        "<section class=\"summary\">\n<h2>Summary</h2>\n<div class=\"verdict\"><span class=\"class {old}\">{old}</span> → <span class=\"class {new}\">{new}</span><p>{}</p></div>",
        h(&format!(
            "Class {}; overall score {} → {} ({}).",
            direction_text(diff.class_change),
            score_text(diff.old.score),
            score_text(diff.new.score),
            delta_text(diff.score_delta)
        ))
    );
    page.push_str("<div class=\"table-wrap\"><table>\n<thead><tr><th></th><th class=\"num\">Old</th><th class=\"num\">New</th><th class=\"num\">Change</th></tr></thead>\n");
    for (name, before, after, change) in [
        (
            "Overall score",
            score_text(diff.old.score),
            score_text(diff.new.score),
            delta_text(diff.score_delta),
        ),
        (
            "Coverage",
            percent(diff.old.coverage),
            percent(diff.new.coverage),
            points(diff.coverage_delta),
        ),
        (
            "Verified",
            percent(diff.old.verified_share),
            percent(diff.new.verified_share),
            points(diff.verified_share_delta),
        ),
        (
            "Red flags",
            diff.old.red_flags.to_string(),
            diff.new.red_flags.to_string(),
            format!(
                "{:+}",
                diff.new.red_flags as i64 - diff.old.red_flags as i64
            ),
        ),
    ] {
        let _ = writeln!(
            page,
            "<tr><td>{name}</td><td class=\"num\">{before}</td><td class=\"num\">{after}</td><td class=\"num\">{change}</td></tr>"
        );
    }
    page.push_str("</table></div>\n</section>\n<h2>Domains</h2>\n<div class=\"table-wrap\"><table>\n<thead><tr><th>Domain</th><th class=\"num\">Old</th><th class=\"num\">New</th><th class=\"num\">Change</th></tr></thead>\n");
    for domain in &diff.domains {
        let _ = writeln!(
            page,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            h(&domain.title),
            score_text(domain.old),
            score_text(domain.new),
            delta_text(domain.delta)
        );
    }
    page.push_str("</table></div>\n");
    for (title, changes) in [
        ("Changed answers", &diff.changed),
        ("Newly answered", &diff.newly_answered),
        ("Newly unanswered", &diff.newly_unanswered),
    ] {
        let _ = writeln!(page, "<h2>{title}</h2>");
        if changes.is_empty() {
            page.push_str("<p>None.</p>\n");
            continue;
        }
        page.push_str("<div class=\"table-wrap\"><table>\n<thead><tr><th>Question</th><th>Old</th><th>New</th><th>Effect</th></tr></thead>\n");
        for change in changes {
            let _ = writeln!(
                page,
                "<tr><td>{} {}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                question_id(&change.question, change.reference.as_deref()),
                change.text.as_deref().map(h).unwrap_or_default(),
                h(&answer_text(
                    change.from.as_deref(),
                    change.applicable_before
                )),
                h(&answer_text(change.to.as_deref(), change.applicable_after)),
                h(&effect_text(change))
            );
        }
        page.push_str("</table></div>\n");
    }
    for (title, flags, class) in [
        ("Red flags raised", &diff.red_flags_raised, "flag"),
        ("Red flags cleared", &diff.red_flags_cleared, "ok"),
    ] {
        let _ = writeln!(page, "<h2>{title}</h2>");
        if flags.is_empty() {
            page.push_str("<p>None.</p>\n");
            continue;
        }
        page.push_str("<ul>\n");
        for flag in flags {
            let _ = writeln!(
                page,
                "<li><span class=\"{class}\">{}</span> {}</li>",
                h(&flag.graded()),
                html_id(&flag.source())
            );
        }
        page.push_str("</ul>\n");
    }
    if let Some(claims) = &diff.claims {
        let _ = writeln!(
            page,
            "<h2>Claims: self-assessment checked by the {}</h2>\n<p>{}</p>",
            claims.checked_by.as_str(),
            h(&claims_summary(claims))
        );
        if !claims.overstated.is_empty() {
            page.push_str("<div class=\"table-wrap\"><table>\n<thead><tr><th class=\"num\">#</th><th>Question</th><th>Claimed</th><th>Found</th><th class=\"num\">Gap</th><th>Critical</th></tr></thead>\n");
            for (number, claim) in claims.overstated.iter().enumerate() {
                let _ = writeln!(
                    page,
                    "<tr><td class=\"num\">{}</td><td>{} {}</td><td>{}</td><td>{}</td><td class=\"num\">{:.2}</td><td>{}</td></tr>",
                    number + 1,
                    question_id(&claim.question, claim.reference.as_deref()),
                    claim.text.as_deref().map(h).unwrap_or_default(),
                    h(&claim.claimed),
                    h(&claim.found),
                    claim.gap,
                    if claim.critical { "<span class=\"flag\">yes</span>" } else { "" }
                );
            }
            page.push_str("</table></div>\n");
        }
        if !claims.unconfirmed.is_empty() {
            let list: Vec<String> = claims.unconfirmed.iter().map(|id| html_id(id)).collect();
            let _ = writeln!(page, "<p>Not confirmed: {}</p>", list.join(", "));
        }
    }
    page.push_str("</article>\n");
    super::html::page(
        &format!("mspcheck progress — {}", diff.new.provider),
        &page,
        frame,
        Some(&diff.questionnaire),
    )
}
