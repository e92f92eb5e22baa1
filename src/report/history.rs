//! Renderers of `history`: one provider's class, standing and score at each date, the
//! domains' trends and the red flags raised and cleared, as a terminal table, Markdown, one
//! HTML page with an SVG chart, JSON or NDJSON (one assessment per line).

use std::fmt::Write as _;
use std::io::{self, Write};

use comfy_table::{presets, Cell, CellAlignment, ContentArrangement, Table};

use super::escape::{html as h, terminal};
use super::html::id as html_id;
use super::markdown::{code, text as md};
use super::{gain_text, percent, score_text, Frame, Style};
use crate::cli::HistoryFormat;
use crate::history::{History, Point};
use crate::model::questionnaire::Class;

/// Renders `history` in `format`.
pub fn render(
    format: HistoryFormat,
    history: &History,
    style: Style,
    frame: &Frame,
    out: &mut dyn Write,
) -> io::Result<()> {
    let footer = frame.footer_parts(Some(&history.questionnaire)).join(" · ");
    match format {
        HistoryFormat::Table => {
            let text = format!("{}\n{}\n", table(history, style), terminal(&footer));
            out.write_all(super::wrap_lines(&text, style.width).as_bytes())
        }
        HistoryFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, history)?;
            writeln!(out)
        }
        HistoryFormat::Ndjson => super::json::render_lines(&history.points, out),
        HistoryFormat::Markdown => {
            out.write_all(format!("{}\n---\n\n_{}_\n", markdown(history), md(&footer)).as_bytes())
        }
        HistoryFormat::Html => out.write_all(html(history, frame).as_bytes()),
    }
}

/// "amateur → pseudo, score +21.4 over 3 assessments (2025-01-10 to 2026-11-20)".
fn headline(history: &History) -> String {
    let overall = &history.overall;
    let mut path: Vec<&str> = Vec::new();
    for point in &history.points {
        let class = point.classification.as_str();
        if path.last() != Some(&class) {
            path.push(class);
        }
    }
    let classes = if path.len() == 1 {
        format!("{} throughout", path[0])
    } else {
        path.join(" → ")
    };
    let first = &history.points[0];
    let last = &history.points[history.points.len() - 1];
    let count = history.points.len();
    format!(
        "{classes}, overall score {} over {count} assessment{} ({} to {}); {} red flag{} open",
        overall
            .score_change
            .map_or_else(|| "n/a".to_string(), gain_text),
        if count == 1 { "" } else { "s" },
        first.date,
        last.date,
        overall.open_red_flags,
        if overall.open_red_flags == 1 { "" } else { "s" }
    )
}

/// Eight-level bars, one per point; `·` where there is no score.
fn sparkline(scores: &[Option<f64>]) -> String {
    const LEVELS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    scores
        .iter()
        .map(|score| match score {
            None => '·',
            Some(score) => LEVELS[((score.clamp(0.0, 100.0) / 100.0 * 7.0).round()) as usize],
        })
        .collect()
}

fn flag_changes(point: &Point, first: bool) -> String {
    if first {
        return String::new();
    }
    let mut parts = Vec::new();
    if !point.raised.is_empty() {
        parts.push(format!("+{}", point.raised.len()));
    }
    if !point.cleared.is_empty() {
        parts.push(format!("−{}", point.cleared.len()));
    }
    parts.join(" ")
}

fn table(history: &History, style: Style) -> String {
    let mut text = String::new();
    let _ = writeln!(
        text,
        "{} — {} ({} {})",
        terminal(&history.provider),
        terminal(&history.questionnaire.title),
        terminal(&history.questionnaire.id),
        terminal(&history.questionnaire.version)
    );
    let _ = writeln!(text, "{}\n", headline(history));
    let mut points = Table::new();
    points
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(style.width)
        .set_header(vec![
            "Date", "Class", "Standing", "Score", "Answered", "Verified", "Flags", "+/−",
        ]);
    for (position, point) in history.points.iter().enumerate() {
        points.add_row(vec![
            Cell::new(point.date),
            Cell::new(point.classification.as_str()),
            Cell::new(point.standing.replace('_', " ")),
            Cell::new(score_text(point.score)).set_alignment(CellAlignment::Right),
            Cell::new(percent(point.coverage)).set_alignment(CellAlignment::Right),
            Cell::new(percent(point.verified_share)).set_alignment(CellAlignment::Right),
            Cell::new(point.red_flags.len()).set_alignment(CellAlignment::Right),
            Cell::new(flag_changes(point, position == 0)),
        ]);
    }
    let _ = writeln!(text, "{points}\n");
    let mut domains = Table::new();
    domains
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(style.width)
        .set_header(vec!["Domain", "Trend", "First", "Latest", "Change"]);
    for domain in &history.domains {
        let known: Vec<f64> = domain.scores.iter().flatten().copied().collect();
        domains.add_row(vec![
            Cell::new(terminal(&domain.title)),
            Cell::new(sparkline(&domain.scores)),
            Cell::new(score_text(known.first().copied())).set_alignment(CellAlignment::Right),
            Cell::new(score_text(known.last().copied())).set_alignment(CellAlignment::Right),
            Cell::new(domain.change.map_or_else(|| "n/a".to_string(), gain_text))
                .set_alignment(CellAlignment::Right),
        ]);
    }
    let _ = writeln!(text, "{domains}\n");
    let _ = writeln!(text, "Red flags raised and cleared");
    for (position, point) in history.points.iter().enumerate() {
        let changes: Vec<String> = if position == 0 {
            point
                .red_flags
                .iter()
                .map(|flag| {
                    format!(
                        "    ! {} [{}]",
                        terminal(&flag.graded()),
                        terminal(&flag.source())
                    )
                })
                .collect()
        } else {
            point
                .raised
                .iter()
                .map(|flag| {
                    format!(
                        "    + raised: {} [{}]",
                        terminal(&flag.graded()),
                        terminal(&flag.source())
                    )
                })
                .chain(point.cleared.iter().map(|flag| {
                    format!(
                        "    ✓ cleared: {} [{}]",
                        terminal(&flag.graded()),
                        terminal(&flag.source())
                    )
                }))
                .collect()
        };
        let what = if position == 0 {
            format!("{} red flags at the start", point.red_flags.len())
        } else if changes.is_empty() {
            "no change".to_string()
        } else {
            format!(
                "{} raised, {} cleared",
                point.raised.len(),
                point.cleared.len()
            )
        };
        let _ = writeln!(
            text,
            "  {} ({}): {what}",
            point.date,
            terminal(&point.answers_file)
        );
        for line in changes {
            let _ = writeln!(text, "{line}");
        }
    }
    text
}

fn markdown(history: &History) -> String {
    let mut text = String::new();
    let _ = writeln!(
        text,
        "# History: {} — {}\n",
        md(&history.provider),
        md(&history.questionnaire.title)
    );
    let _ = writeln!(text, "**{}**\n", md(&headline(history)));
    text.push_str("| Date | Class | Standing | Score | Coverage | Verified | Red flags | Raised/cleared |\n|---|---|---|---:|---:|---:|---:|---|\n");
    for (position, point) in history.points.iter().enumerate() {
        let _ = writeln!(
            text,
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            point.date,
            point.classification.as_str(),
            point.standing.replace('_', " "),
            score_text(point.score),
            percent(point.coverage),
            percent(point.verified_share),
            point.red_flags.len(),
            flag_changes(point, position == 0)
        );
    }
    text.push_str(
        "\n## Domains\n\n| Domain | Trend | First | Latest | Change |\n|---|---|---:|---:|---:|\n",
    );
    for domain in &history.domains {
        let known: Vec<f64> = domain.scores.iter().flatten().copied().collect();
        let _ = writeln!(
            text,
            "| {} | {} | {} | {} | {} |",
            md(&domain.title),
            sparkline(&domain.scores),
            score_text(known.first().copied()),
            score_text(known.last().copied()),
            domain.change.map_or_else(|| "n/a".to_string(), gain_text)
        );
    }
    text.push_str("\n## Red flags raised and cleared\n");
    for (position, point) in history.points.iter().enumerate() {
        let _ = writeln!(text, "\n### {} ({})\n", point.date, md(&point.answers_file));
        let (raised, cleared) = if position == 0 {
            (&point.red_flags, &Vec::new())
        } else {
            (&point.raised, &point.cleared)
        };
        if raised.is_empty() && cleared.is_empty() {
            text.push_str(if position == 0 {
                "No red flags.\n"
            } else {
                "No change.\n"
            });
        }
        for flag in raised {
            let _ = writeln!(
                text,
                "- {} {} ({})",
                if position == 0 { "open:" } else { "raised:" },
                md(&flag.graded()),
                code(&flag.source())
            );
        }
        for flag in cleared {
            let _ = writeln!(
                text,
                "- cleared: {} ({})",
                md(&flag.graded()),
                code(&flag.source())
            );
        }
    }
    text
}

fn class_colour(class: Class) -> &'static str {
    match class {
        Class::Mature => "#1a7f37",
        Class::Pseudo => "#9a6700",
        Class::Amateur => "#c0362c",
    }
}

/// The overall score over time: x by date, y 0–100, each point coloured by its class.
fn chart(history: &History) -> String {
    let (width, height, left, right, top, bottom) = (640.0, 260.0, 44.0, 16.0, 12.0, 40.0);
    let first = history.points[0].date;
    let last = history.points[history.points.len() - 1].date;
    let span = (last - first).num_days().max(1) as f64;
    let x = |date: chrono::NaiveDate| {
        if history.points.len() == 1 {
            left + (width - left - right) / 2.0
        } else {
            left + (date - first).num_days() as f64 / span * (width - left - right)
        }
    };
    let y = |score: f64| top + (100.0 - score.clamp(0.0, 100.0)) / 100.0 * (height - top - bottom);
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"Overall score over time\">\n"
    );
    for level in [0.0, 25.0, 50.0, 75.0, 100.0] {
        let _ = writeln!(
            svg,
            "<line x1=\"{left}\" x2=\"{}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"#d9dee7\"/><text x=\"{}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"end\" fill=\"#5b6475\">{level}</text>",
            width - right,
            y(level),
            y(level),
            left - 6.0,
            y(level) + 4.0
        );
    }
    let line: Vec<String> = history
        .points
        .iter()
        .filter_map(|point| Some(format!("{:.1},{:.1}", x(point.date), y(point.score?))))
        .collect();
    if line.len() > 1 {
        let _ = writeln!(
            svg,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"#2f4b7c\" stroke-width=\"2\"/>",
            line.join(" ")
        );
    }
    let count = history.points.len();
    for (position, point) in history.points.iter().enumerate() {
        let Some(score) = point.score else {
            continue;
        };
        // Dates at the ends are anchored inwards so they are never cut off.
        let anchor = match position {
            0 if count > 1 => "start",
            last if last + 1 == count && count > 1 => "end",
            _ => "middle",
        };
        let _ = writeln!(
            svg,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"5\" fill=\"{}\"><title>{} {}: {}</title></circle>\
             <text x=\"{:.1}\" y=\"{}\" font-size=\"11\" text-anchor=\"{anchor}\" fill=\"#1d2330\">{}</text>",
            x(point.date),
            y(score),
            class_colour(point.classification),
            point.date,
            point.classification.as_str(),
            score_text(Some(score)),
            x(point.date),
            height - bottom + 16.0,
            point.date
        );
    }
    svg.push_str("</svg>\n");
    svg
}

fn html(history: &History, frame: &Frame) -> String {
    let mut page = String::from("<article>\n");
    let _ = writeln!(
        page,
        "<h1>History: {}</h1>\n<p class=\"byline\">{} ({} {})</p>",
        h(&history.provider),
        h(&history.questionnaire.title),
        h(&history.questionnaire.id),
        h(&history.questionnaire.version)
    );
    let last = history.overall.last_class.as_str();
    let _ = writeln!(
        page,
        "<section class=\"summary\">\n<h2>Summary</h2>\n<div class=\"verdict\"><span class=\"class {last}\">{last}</span><p>{}</p></div>\n</section>",
        h(&headline(history))
    );
    page.push_str("<h2>Overall score over time</h2>\n");
    page.push_str(&chart(history));
    page.push_str("<div class=\"table-wrap\"><table>\n<thead><tr><th>Date</th><th>Class</th><th>Standing</th><th class=\"num\">Score</th><th class=\"num\">Coverage</th><th class=\"num\">Verified</th><th class=\"num\">Red flags</th><th>Raised/cleared</th></tr></thead>\n");
    for (position, point) in history.points.iter().enumerate() {
        let class = point.classification.as_str();
        let _ = writeln!(
            page,
            "<tr><td>{}</td><td><span class=\"class {class}\">{class}</span></td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            point.date,
            h(&point.standing.replace('_', " ")),
            score_text(point.score),
            percent(point.coverage),
            percent(point.verified_share),
            point.red_flags.len(),
            h(&flag_changes(point, position == 0))
        );
    }
    page.push_str("</table></div>\n<h2>Domains</h2>\n<div class=\"table-wrap\"><table>\n<thead><tr><th>Domain</th><th>Trend</th><th class=\"num\">First</th><th class=\"num\">Latest</th><th class=\"num\">Change</th></tr></thead>\n");
    for domain in &history.domains {
        let known: Vec<f64> = domain.scores.iter().flatten().copied().collect();
        let _ = writeln!(
            page,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            h(&domain.title),
            sparkline(&domain.scores),
            score_text(known.first().copied()),
            score_text(known.last().copied()),
            domain.change.map_or_else(|| "n/a".to_string(), gain_text)
        );
    }
    page.push_str("</table></div>\n<h2>Red flags raised and cleared</h2>\n");
    for (position, point) in history.points.iter().enumerate() {
        let _ = writeln!(
            page,
            "<h3>{} <span class=\"muted\">({})</span></h3>",
            point.date,
            h(&point.answers_file)
        );
        let (raised, cleared) = if position == 0 {
            (&point.red_flags, &Vec::new())
        } else {
            (&point.raised, &point.cleared)
        };
        if raised.is_empty() && cleared.is_empty() {
            page.push_str(if position == 0 {
                "<p class=\"ok\">No red flags.</p>\n"
            } else {
                "<p>No change.</p>\n"
            });
            continue;
        }
        page.push_str("<ul>\n");
        for flag in raised {
            let _ = writeln!(
                page,
                "<li><span class=\"flag\">{} {}</span> {}</li>",
                if position == 0 { "Open:" } else { "Raised:" },
                h(&flag.graded()),
                html_id(&flag.source())
            );
        }
        for flag in cleared {
            let _ = writeln!(
                page,
                "<li><span class=\"ok\">Cleared: {}</span> {}</li>",
                h(&flag.graded()),
                html_id(&flag.source())
            );
        }
        page.push_str("</ul>\n");
    }
    page.push_str("</article>\n");
    super::html::page(
        &format!("mspcheck history — {}", history.provider),
        &page,
        frame,
        Some(&history.questionnaire),
    )
}
