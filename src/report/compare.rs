//! Renderers of `compare`: the ranking, why each provider sits where it does, domain scores
//! side by side, the weight-sensitivity verdict and the red flags, as a terminal table,
//! Markdown, one HTML page, CSV (one row per provider) or JSON. File text is escaped for
//! each format.

use std::fmt::Write as _;
use std::io::{self, Write};

use comfy_table::{presets, Attribute, Cell, CellAlignment, Color, ContentArrangement, Table};

use std::collections::BTreeMap;

use super::escape::{csv_cell, html as h, terminal};
use super::markdown::{code, question_cell, question_code, text as md};
use super::{percent, question_name, score_text, Frame, Style};
use crate::cli::ReportFormat;
use crate::compare::{
    change_text, flip_text, standing_note, Comparison, FrameworkComparison, Pair, RankedProvider,
    RANKING_RULE,
};
use crate::model::questionnaire::Class;
use crate::posture::EvidenceTotals;

/// Renders `comparison` in `format`.
pub fn render(
    format: ReportFormat,
    comparison: &Comparison,
    style: Style,
    frame: &Frame,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        ReportFormat::Table => {
            let mut text = Vec::new();
            table(comparison, style, &mut text)?;
            writeln!(
                text,
                "\n{}",
                terminal(
                    &frame
                        .footer_parts(Some(&comparison.questionnaire))
                        .join(" · ")
                )
            )?;
            out.write_all(
                super::wrap_lines(&String::from_utf8_lossy(&text), style.width).as_bytes(),
            )
        }
        ReportFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, comparison)?;
            writeln!(out)
        }
        ReportFormat::Ndjson => super::json::render_lines(&comparison.providers, out),
        ReportFormat::Markdown => out.write_all(markdown(comparison, frame).as_bytes()),
        ReportFormat::Html => out.write_all(html(comparison, frame).as_bytes()),
        ReportFormat::Csv => csv(comparison, out),
        ReportFormat::Xlsx => super::xlsx::render_comparison(comparison, out),
        ReportFormat::Clauses => Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "`--format clauses` is for `assess`",
        )),
    }
}

/// "Acme (#1)": a provider as named in pair lines, before escaping.
fn label(comparison: &Comparison, position: usize) -> String {
    comparison
        .providers
        .get(position)
        .map_or_else(String::new, |provider| {
            format!("{} (#{})", provider.provider, provider.rank)
        })
}

/// The relation of a pair in words: "above" or "tied with".
fn relation(pair: &Pair) -> &'static str {
    if pair.decided_by.is_some() {
        "above"
    } else {
        "tied with"
    }
}

fn summary_line(comparison: &Comparison) -> String {
    let count = comparison.providers.len();
    let verified = if comparison.verified_only {
        ", verified answers only"
    } else {
        ""
    };
    format!(
        "{count} provider{} compared with {} ({} {}){verified}",
        if count == 1 { "" } else { "s" },
        comparison.questionnaire.title,
        comparison.questionnaire.id,
        comparison.questionnaire.version
    )
}

fn sensitivity_heading(comparison: &Comparison) -> String {
    format!(
        "Weight sensitivity: each domain weight moved by ±{:.0}%, one at a time ({} scenarios)",
        comparison.sensitivity.weight_change * 100.0,
        comparison.sensitivity.scenarios
    )
}

fn sensitivity_verdict(comparison: &Comparison) -> String {
    if comparison.pairs.is_empty() {
        "Only one provider: there is no order to test.".to_string()
    } else if comparison.sensitivity.ranking_changes {
        let flipping = comparison.pairs.iter().filter(|pair| !pair.robust).count();
        format!(
            "The ranking depends on the weights: {flipping} of {} adjacent pair{} change{} order under some single weight change.",
            comparison.pairs.len(),
            if comparison.pairs.len() == 1 { "" } else { "s" },
            if flipping == 1 { "s" } else { "" }
        )
    } else {
        "The ranking is robust: no single domain weight change of ±25% changes the order of any pair.".to_string()
    }
}

/// The class as a table cell, coloured by the table itself so that its width is measured
/// without escape codes and a wrapped cell never splits one.
fn class_cell(class: Class, note: String, color: bool) -> Cell {
    let cell = Cell::new(format!("{}{note}", class.as_str()));
    if !color {
        return cell;
    }
    cell.add_attribute(Attribute::Bold).fg(match class {
        Class::Mature => Color::DarkGreen,
        Class::Pseudo => Color::DarkYellow,
        Class::Amateur => Color::DarkRed,
    })
}

/// A new table in the house style; colour only when asked for.
fn new_table(style: Style) -> Table {
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(style.width);
    if style.color {
        table.enforce_styling();
    } else {
        table.force_no_tty();
    }
    table
}

fn table(comparison: &Comparison, style: Style, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{}", terminal(&summary_line(comparison)))?;
    writeln!(out, "{RANKING_RULE}")?;
    writeln!(out)?;
    let mut ranking = new_table(style);
    ranking.set_header(vec![
        "#",
        "Provider",
        "Class",
        "Score",
        "Coverage",
        "Verified",
        "Red flags",
    ]);
    for provider in &comparison.providers {
        ranking.add_row(vec![
            Cell::new(provider.rank).set_alignment(CellAlignment::Right),
            Cell::new(super::cell_text(&provider.provider, style.width)),
            class_cell(
                provider.classification,
                standing_note(&provider.summary)
                    .map(|note| format!(" ({note})"))
                    .unwrap_or_default(),
                style.color,
            ),
            Cell::new(score_text(provider.score)).set_alignment(CellAlignment::Right),
            Cell::new(percent(provider.coverage)).set_alignment(CellAlignment::Right),
            Cell::new(percent(provider.verified_share)).set_alignment(CellAlignment::Right),
            Cell::new(provider.red_flags.len()).set_alignment(CellAlignment::Right),
        ]);
    }
    writeln!(out, "{ranking}")?;
    writeln!(out)?;

    let mut domains = new_table(style);
    let mut header = vec!["Domain".to_string(), "Weight".to_string()];
    header.extend(comparison.providers.iter().map(|provider| {
        format!(
            "#{} {}",
            provider.rank,
            super::cell_text(&provider.provider, style.width)
        )
    }));
    domains.set_header(header);
    for domain in &comparison.domains {
        let mut row = vec![
            Cell::new(super::cell_text(&domain.title, style.width)),
            Cell::new(crate::validate::answers::format_number(domain.weight))
                .set_alignment(CellAlignment::Right),
        ];
        row.extend(comparison.providers.iter().map(|provider| {
            Cell::new(score_text(domain_score(provider, &domain.id)))
                .set_alignment(CellAlignment::Right)
        }));
        domains.add_row(row);
    }
    writeln!(out, "{domains}")?;
    writeln!(out)?;

    if !comparison.pairs.is_empty() {
        writeln!(out, "Order")?;
        for pair in &comparison.pairs {
            writeln!(
                out,
                "  {} {} {}: {}",
                terminal(&label(comparison, pair.above)),
                relation(pair),
                terminal(&label(comparison, pair.below)),
                pair.explanation
            )?;
        }
        writeln!(out)?;
    }

    writeln!(out, "{}", sensitivity_heading(comparison))?;
    for pair in &comparison.pairs {
        let (above, below) = (
            terminal(&label(comparison, pair.above)),
            terminal(&label(comparison, pair.below)),
        );
        if pair.robust {
            writeln!(out, "  {above} {} {below}: robust", relation(pair))?;
            continue;
        }
        writeln!(
            out,
            "  {above} {} {below}: changes under {} of {}",
            relation(pair),
            pair.flips.len(),
            comparison.sensitivity.scenarios
        )?;
        let (above_name, below_name) = names(comparison, pair);
        for flip in &pair.flips {
            writeln!(
                out,
                "    - {} {}: {}",
                terminal(&flip.domain),
                change_text(flip),
                terminal(&flip_text(flip, &above_name, &below_name))
            )?;
        }
    }
    writeln!(out, "{}", sensitivity_verdict(comparison))?;
    writeln!(out)?;

    let flagged: Vec<_> = comparison
        .providers
        .iter()
        .filter(|provider| !provider.red_flags.is_empty())
        .collect();
    if flagged.is_empty() {
        writeln!(out, "Red flags: none")?;
    } else {
        writeln!(out, "Red flags")?;
        for provider in flagged {
            writeln!(
                out,
                "  #{} {} ({})",
                provider.rank,
                terminal(&provider.provider),
                provider.red_flags.len()
            )?;
            for flag in &provider.red_flags {
                writeln!(
                    out,
                    "    ! {} [{}]",
                    terminal(&flag.graded()),
                    terminal(&question_name(&flag.source(), flag.reference.as_deref()))
                )?;
            }
        }
    }
    framework_tables(comparison, style, out)
}

/// "#1 Acme": a provider as a column heading of the framework view, before escaping.
fn column(provider: &RankedProvider) -> String {
    format!("#{} {}", provider.rank, provider.provider)
}

/// One provider's totals on a framework: "12 met · 3 partly · 5 not met · 2 unanswered".
fn totals_text(totals: &EvidenceTotals) -> String {
    let mut parts = vec![
        format!("{} met", totals.met),
        format!("{} partly", totals.partly),
        format!("{} not met", totals.not_met),
        format!("{} unanswered", totals.unanswered),
    ];
    if totals.not_applicable > 0 {
        parts.push(format!("{} not applicable", totals.not_applicable));
    }
    parts.join(" · ")
}

/// The heading of one framework's view.
fn framework_heading(framework: &FrameworkComparison) -> String {
    format!(
        "Evidence per control: {} {}",
        framework.title, framework.version
    )
}

/// How many controls the providers differ on, in words.
fn differing_text(framework: &FrameworkComparison, providers: usize) -> String {
    if providers < 2 {
        return String::new();
    }
    format!(
        "The providers' evidence differs on {} of {} {} (marked *).",
        framework.differing, framework.reached, framework.noun
    )
}

const CLAUSE_HEADING: &str = "Contract clause topics the providers' gaps call for";
const CLAUSE_NOTE: &str =
    "Per provider: the questions whose red flags or shortfalls the clause would cover; – = none.";

/// The framework and clause views of the table report.
fn framework_tables(comparison: &Comparison, style: Style, out: &mut dyn Write) -> io::Result<()> {
    let providers = &comparison.providers;
    for framework in &comparison.frameworks {
        writeln!(out, "\n{}", terminal(&framework_heading(framework)))?;
        writeln!(out, "{}", terminal(&framework.coverage))?;
        let mut grid = new_table(style);
        let grouped = framework
            .controls
            .iter()
            .any(|control| control.group.is_some());
        let mut header = vec!["Control".to_string()];
        if grouped {
            header.push("Group".to_string());
        }
        header.extend(providers.iter().map(|provider| terminal(&column(provider))));
        grid.set_header(header);
        for control in &framework.controls {
            let mut row = vec![format!(
                "{}{}",
                terminal(&control.id),
                if control.differs { " *" } else { "" }
            )];
            if grouped {
                row.push(terminal(control.group.as_deref().unwrap_or("")));
            }
            row.extend(
                control
                    .evidence
                    .iter()
                    .map(|evidence| evidence.label().to_string()),
            );
            grid.add_row(row);
        }
        writeln!(out, "{grid}")?;
        let note = differing_text(framework, providers.len());
        if !note.is_empty() {
            writeln!(out, "{note}")?;
        }
        for (provider, totals) in providers.iter().zip(&framework.totals) {
            writeln!(
                out,
                "  {}: {}",
                terminal(&column(provider)),
                totals_text(totals)
            )?;
        }
    }
    if let Some(clauses) = &comparison.clauses {
        writeln!(out, "\n{CLAUSE_HEADING}")?;
        if clauses.topics.is_empty() {
            writeln!(
                out,
                "None: no provider's gaps call for a clause topic of the questionnaire."
            )?;
        } else {
            writeln!(out, "{CLAUSE_NOTE}")?;
            let mut grid = new_table(style);
            let mut header = vec!["Clause topic".to_string()];
            header.extend(providers.iter().map(|provider| terminal(&column(provider))));
            grid.set_header(header);
            for topic in &clauses.topics {
                let mut row = vec![terminal(&topic.topic)];
                row.extend(
                    topic
                        .gaps
                        .iter()
                        .map(|gaps| gaps_text(gaps, &clauses.refs, terminal_name)),
                );
                grid.add_row(row);
            }
            writeln!(out, "{grid}")?;
        }
        for (provider, uncovered) in providers.iter().zip(&clauses.uncovered) {
            if !uncovered.is_empty() {
                writeln!(
                    out,
                    "  {}: gaps no clause topic covers: {}",
                    terminal(&column(provider)),
                    gaps_text(uncovered, &clauses.refs, terminal_name)
                )?;
            }
        }
    }
    Ok(())
}

/// Question ids, each with its `ref` beside it when it has one, as `name` writes them for
/// the format, or "–" for none. Separated by "; " when some has a `ref` (its own ", ref"
/// would blur a list separated by commas).
fn gaps_text(
    gaps: &[String],
    refs: &BTreeMap<String, String>,
    name: impl Fn(&str, Option<&str>) -> String,
) -> String {
    if gaps.is_empty() {
        return "–".to_string();
    }
    let separator = if gaps.iter().any(|gap| refs.contains_key(gap)) {
        "; "
    } else {
        ", "
    };
    gaps.iter()
        .map(|gap| name(gap, refs.get(gap).map(String::as_str)))
        .collect::<Vec<_>>()
        .join(separator)
}

/// A question for the terminal, with its `ref`.
fn terminal_name(question: &str, reference: Option<&str>) -> String {
    terminal(&question_name(question, reference))
}

/// A question for HTML, with its `ref`.
fn html_name(question: &str, reference: Option<&str>) -> String {
    h(&question_name(question, reference))
}

/// The framework and clause views in Markdown.
fn framework_markdown(comparison: &Comparison, text: &mut String) {
    let providers = &comparison.providers;
    for framework in &comparison.frameworks {
        let _ = writeln!(text, "\n## {}\n", md(&framework_heading(framework)));
        let _ = writeln!(text, "{}\n", md(&framework.coverage));
        let grouped = framework
            .controls
            .iter()
            .any(|control| control.group.is_some());
        text.push_str("| Control |");
        if grouped {
            text.push_str(" Group |");
        }
        for provider in providers {
            let _ = write!(text, " {} |", md(&column(provider)));
        }
        text.push_str("\n|---|");
        if grouped {
            text.push_str("---|");
        }
        for _ in providers {
            text.push_str("---|");
        }
        text.push('\n');
        for control in &framework.controls {
            let _ = write!(
                text,
                "| {}{} |",
                code(&control.id),
                if control.differs { " \\*" } else { "" }
            );
            if grouped {
                let _ = write!(text, " {} |", md(control.group.as_deref().unwrap_or("")));
            }
            for evidence in &control.evidence {
                let _ = write!(text, " {} |", evidence.label());
            }
            text.push('\n');
        }
        let note = differing_text(framework, providers.len());
        if !note.is_empty() {
            let _ = writeln!(text, "\n{}", md(&note));
        }
        text.push('\n');
        for (provider, totals) in providers.iter().zip(&framework.totals) {
            let _ = writeln!(
                text,
                "- **{}**: {}",
                md(&column(provider)),
                totals_text(totals)
            );
        }
    }
    if let Some(clauses) = &comparison.clauses {
        let _ = writeln!(text, "\n## {CLAUSE_HEADING}\n");
        if clauses.topics.is_empty() {
            text.push_str(
                "None: no provider's gaps call for a clause topic of the questionnaire.\n",
            );
        } else {
            let _ = writeln!(text, "{}\n", md(CLAUSE_NOTE));
            text.push_str("| Clause topic | Source |");
            for provider in providers {
                let _ = write!(text, " {} |", md(&column(provider)));
            }
            text.push_str("\n|---|---|");
            for _ in providers {
                text.push_str("---|");
            }
            text.push('\n');
            for topic in &clauses.topics {
                let _ = write!(text, "| {} | {} |", md(&topic.topic), md(&topic.source));
                for gaps in &topic.gaps {
                    let _ = write!(text, " {} |", gaps_text(gaps, &clauses.refs, question_cell));
                }
                text.push('\n');
            }
        }
        let uncovered: Vec<_> = providers
            .iter()
            .zip(&clauses.uncovered)
            .filter(|(_, gaps)| !gaps.is_empty())
            .collect();
        if !uncovered.is_empty() {
            text.push('\n');
            for (provider, gaps) in uncovered {
                let _ = writeln!(
                    text,
                    "- **{}**: gaps no clause topic covers: {}",
                    md(&column(provider)),
                    gaps_text(gaps, &clauses.refs, question_code)
                );
            }
        }
    }
}

/// The framework and clause views in HTML.
fn framework_html(comparison: &Comparison, page: &mut String) {
    let providers = &comparison.providers;
    let heads: String = providers
        .iter()
        .map(|provider| format!("<th>{}</th>", h(&column(provider))))
        .collect();
    for framework in &comparison.frameworks {
        let _ = writeln!(
            page,
            "<h2>{}</h2>\n<p>{}</p>",
            h(&framework_heading(framework)),
            h(&framework.coverage)
        );
        let grouped = framework
            .controls
            .iter()
            .any(|control| control.group.is_some());
        let _ = writeln!(
            page,
            "<div class=\"table-wrap\"><table>\n<thead><tr><th>Control</th>{}{heads}</tr></thead>",
            if grouped { "<th>Group</th>" } else { "" }
        );
        for control in &framework.controls {
            let _ = write!(
                page,
                "<tr><td><code>{}</code>{}</td>",
                h(&control.id),
                if control.differs { " *" } else { "" }
            );
            if grouped {
                let _ = write!(
                    page,
                    "<td>{}</td>",
                    h(control.group.as_deref().unwrap_or(""))
                );
            }
            for evidence in &control.evidence {
                let _ = write!(page, "<td>{}</td>", evidence.label());
            }
            page.push_str("</tr>\n");
        }
        page.push_str("</table></div>\n");
        let note = differing_text(framework, providers.len());
        if !note.is_empty() {
            let _ = writeln!(page, "<p class=\"muted\">{}</p>", h(&note));
        }
        page.push_str("<ul>\n");
        for (provider, totals) in providers.iter().zip(&framework.totals) {
            let _ = writeln!(
                page,
                "<li><b>{}</b>: {}</li>",
                h(&column(provider)),
                h(&totals_text(totals))
            );
        }
        page.push_str("</ul>\n");
    }
    if let Some(clauses) = &comparison.clauses {
        let _ = writeln!(page, "<h2>{CLAUSE_HEADING}</h2>");
        if clauses.topics.is_empty() {
            page.push_str(
                "<p>None: no provider's gaps call for a clause topic of the questionnaire.</p>\n",
            );
        } else {
            let _ = writeln!(page, "<p class=\"muted\">{}</p>", h(CLAUSE_NOTE));
            let _ = writeln!(
                page,
                "<div class=\"table-wrap\"><table>\n<thead><tr><th>Clause topic</th><th>Source</th>{heads}</tr></thead>"
            );
            for topic in &clauses.topics {
                let _ = write!(
                    page,
                    "<tr><td>{}</td><td>{}</td>",
                    h(&topic.topic),
                    h(&topic.source)
                );
                for gaps in &topic.gaps {
                    let _ = write!(
                        page,
                        "<td>{}</td>",
                        gaps_text(gaps, &clauses.refs, html_name)
                    );
                }
                page.push_str("</tr>\n");
            }
            page.push_str("</table></div>\n");
        }
        for (provider, gaps) in providers.iter().zip(&clauses.uncovered) {
            if !gaps.is_empty() {
                let _ = writeln!(
                    page,
                    "<p><b>{}</b>: gaps no clause topic covers: {}</p>",
                    h(&column(provider)),
                    gaps_text(gaps, &clauses.refs, html_name)
                );
            }
        }
    }
}

/// A provider's score in the domain with this id.
fn domain_score(provider: &RankedProvider, id: &str) -> Option<f64> {
    provider
        .domains
        .iter()
        .find(|domain| domain.id == id)
        .and_then(|domain| domain.score)
}

fn names(comparison: &Comparison, pair: &Pair) -> (String, String) {
    let name = |position: usize| {
        comparison
            .providers
            .get(position)
            .map_or_else(String::new, |provider| provider.provider.clone())
    };
    (name(pair.above), name(pair.below))
}

fn markdown(comparison: &Comparison, frame: &Frame) -> String {
    let mut text = String::new();
    let _ = writeln!(text, "# Comparison: {}\n", md(&summary_line(comparison)));
    let _ = writeln!(text, "{}\n", md(RANKING_RULE));
    text.push_str("| # | Provider | Class | Score | Coverage | Verified | Red flags |\n|---:|---|---|---:|---:|---:|---:|\n");
    for provider in &comparison.providers {
        let _ = writeln!(
            text,
            "| {} | {} | **{}**{} | {} | {} | {} | {} |",
            provider.rank,
            md(&provider.provider),
            provider.classification.as_str(),
            standing_note(&provider.summary)
                .map(|note| format!(" ({note})"))
                .unwrap_or_default(),
            score_text(provider.score),
            percent(provider.coverage),
            percent(provider.verified_share),
            provider.red_flags.len()
        );
    }
    text.push_str("\n## Domain scores\n\n| Domain | Weight |");
    for provider in &comparison.providers {
        let _ = write!(text, " #{} {} |", provider.rank, md(&provider.provider));
    }
    text.push_str("\n|---|---:|");
    text.push_str(&"---:|".repeat(comparison.providers.len()));
    text.push('\n');
    for domain in &comparison.domains {
        let _ = write!(
            text,
            "| {} | {} |",
            md(&domain.title),
            crate::validate::answers::format_number(domain.weight)
        );
        for provider in &comparison.providers {
            let _ = write!(
                text,
                " {} |",
                score_text(domain_score(provider, &domain.id))
            );
        }
        text.push('\n');
    }
    if !comparison.pairs.is_empty() {
        text.push_str("\n## Order\n\n");
        for pair in &comparison.pairs {
            let _ = writeln!(
                text,
                "- {} {} {}: {}",
                md(&label(comparison, pair.above)),
                relation(pair),
                md(&label(comparison, pair.below)),
                md(&pair.explanation)
            );
        }
    }
    let _ = writeln!(text, "\n## {}\n", md(&sensitivity_heading(comparison)));
    for pair in &comparison.pairs {
        let (above, below) = (
            md(&label(comparison, pair.above)),
            md(&label(comparison, pair.below)),
        );
        if pair.robust {
            let _ = writeln!(text, "- {above} {} {below}: robust", relation(pair));
            continue;
        }
        let _ = writeln!(
            text,
            "- {above} {} {below}: **changes** under {} of {}",
            relation(pair),
            pair.flips.len(),
            comparison.sensitivity.scenarios
        );
        let (above_name, below_name) = names(comparison, pair);
        for flip in &pair.flips {
            let _ = writeln!(
                text,
                "  - {} {}: {}",
                code(&flip.domain),
                md(&change_text(flip)),
                md(&flip_text(flip, &above_name, &below_name))
            );
        }
    }
    let _ = writeln!(text, "\n{}", md(&sensitivity_verdict(comparison)));
    text.push_str("\n## Red flags\n\n");
    let mut any = false;
    for provider in &comparison.providers {
        for flag in &provider.red_flags {
            any = true;
            let _ = writeln!(
                text,
                "- **{}** (#{}): {} ({})",
                md(&provider.provider),
                provider.rank,
                md(&flag.graded()),
                question_code(&flag.source(), flag.reference.as_deref())
            );
        }
    }
    if !any {
        text.push_str("None.\n");
    }
    framework_markdown(comparison, &mut text);
    let _ = writeln!(
        text,
        "\n---\n\n_{}_",
        md(&frame
            .footer_parts(Some(&comparison.questionnaire))
            .join(" · "))
    );
    text
}

fn html(comparison: &Comparison, frame: &Frame) -> String {
    let mut page = String::new();
    let _ = writeln!(
        page,
        "<h1>Comparison</h1>\n<p>{}</p>\n<p class=\"muted\">{}</p>",
        h(&summary_line(comparison)),
        h(RANKING_RULE)
    );
    page.push_str("<div class=\"table-wrap\"><table>\n<thead><tr><th class=\"num\">#</th><th>Provider</th><th>Class</th><th class=\"num\">Score</th><th class=\"num\">Coverage</th><th class=\"num\">Verified</th><th class=\"num\">Red flags</th></tr></thead>\n");
    for provider in &comparison.providers {
        let class = provider.classification.as_str();
        let _ = writeln!(
            page,
            "<tr><td class=\"num\">{}</td><td>{}</td><td><span class=\"class {class}\">{class}</span>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            provider.rank,
            h(&provider.provider),
            standing_note(&provider.summary)
                .map(|note| format!(" <span class=\"muted\">({note})</span>"))
                .unwrap_or_default(),
            score_text(provider.score),
            percent(provider.coverage),
            percent(provider.verified_share),
            provider.red_flags.len()
        );
    }
    page.push_str("</table></div>\n<h2>Domain scores</h2>\n<div class=\"table-wrap\"><table>\n<tr><th>Domain</th><th class=\"num\">Weight</th>");
    for provider in &comparison.providers {
        let _ = write!(
            page,
            "<th class=\"num\">#{} {}</th>",
            provider.rank,
            h(&provider.provider)
        );
    }
    page.push_str("</tr>\n");
    for domain in &comparison.domains {
        let _ = write!(
            page,
            "<tr><td>{}</td><td class=\"num\">{}</td>",
            h(&domain.title),
            crate::validate::answers::format_number(domain.weight)
        );
        for provider in &comparison.providers {
            let _ = write!(
                page,
                "<td class=\"num\">{}</td>",
                score_text(domain_score(provider, &domain.id))
            );
        }
        page.push_str("</tr>\n");
    }
    page.push_str("</table></div>\n");
    if !comparison.pairs.is_empty() {
        page.push_str("<h2>Order</h2>\n<ul>\n");
        for pair in &comparison.pairs {
            let _ = writeln!(
                page,
                "<li>{} {} {}: {}</li>",
                h(&label(comparison, pair.above)),
                relation(pair),
                h(&label(comparison, pair.below)),
                h(&pair.explanation)
            );
        }
        page.push_str("</ul>\n");
    }
    let _ = writeln!(
        page,
        "<h2>{}</h2>\n<ul>",
        h(&sensitivity_heading(comparison))
    );
    for pair in &comparison.pairs {
        let (above, below) = (
            h(&label(comparison, pair.above)),
            h(&label(comparison, pair.below)),
        );
        if pair.robust {
            let _ = writeln!(
                page,
                "<li>{above} {} {below}: <span class=\"robust\">robust</span></li>",
                relation(pair)
            );
            continue;
        }
        let _ = writeln!(
            page,
            "<li>{above} {} {below}: <span class=\"flips\">changes</span> under {} of {}<ul>",
            relation(pair),
            pair.flips.len(),
            comparison.sensitivity.scenarios
        );
        let (above_name, below_name) = names(comparison, pair);
        for flip in &pair.flips {
            let _ = writeln!(
                page,
                "<li><code>{}</code> {}: {}</li>",
                h(&flip.domain),
                h(&change_text(flip)),
                h(&flip_text(flip, &above_name, &below_name))
            );
        }
        page.push_str("</ul></li>\n");
    }
    let _ = writeln!(
        page,
        "</ul>\n<p>{}</p>\n<h2>Red flags</h2>",
        h(&sensitivity_verdict(comparison))
    );
    let flagged: Vec<_> = comparison
        .providers
        .iter()
        .filter(|provider| !provider.red_flags.is_empty())
        .collect();
    if flagged.is_empty() {
        page.push_str("<p class=\"robust\">None.</p>\n");
    } else {
        page.push_str("<ul>\n");
        for provider in flagged {
            for flag in &provider.red_flags {
                let _ = writeln!(
                    page,
                    "<li><b>{}</b> (#{}): {} <span class=\"muted\">({})</span></li>",
                    h(&provider.provider),
                    provider.rank,
                    h(&flag.graded()),
                    h(&question_name(&flag.source(), flag.reference.as_deref()))
                );
            }
        }
        page.push_str("</ul>\n");
    }
    framework_html(comparison, &mut page);
    super::html::page(
        &format!("mspcheck comparison — {}", comparison.questionnaire.title),
        &format!("<article>\n{page}</article>\n"),
        frame,
        Some(&comparison.questionnaire),
    )
}

fn csv(comparison: &Comparison, out: &mut dyn Write) -> io::Result<()> {
    let mut writer = ::csv::Writer::from_writer(out);
    let mut header: Vec<String> = [
        "rank",
        "provider",
        "answers_file",
        "questionnaire",
        "version",
        "classification",
        "standing",
        "held_back_from",
        "decided",
        "reason",
        "score",
        "coverage",
        "verified_share",
        "red_flags",
        "above_next_by",
        "robust_against_next",
    ]
    .iter()
    .map(|name| name.to_string())
    .collect();
    header.extend(
        comparison
            .domains
            .iter()
            .map(|domain| format!("domain:{}", csv_cell(&domain.id))),
    );
    writer.write_record(&header)?;
    let number = |value: Option<f64>| value.map(|value| value.to_string()).unwrap_or_default();
    for (position, provider) in comparison.providers.iter().enumerate() {
        let pair = comparison.pairs.iter().find(|pair| pair.above == position);
        let mut row = vec![
            provider.rank.to_string(),
            csv_cell(&provider.provider),
            csv_cell(&provider.answers_file),
            csv_cell(&comparison.questionnaire.id),
            csv_cell(&comparison.questionnaire.version),
            provider.classification.as_str().to_string(),
            provider.standing.as_str().to_string(),
            provider
                .held_back_from
                .map_or(String::new(), |class| class.as_str().to_string()),
            provider.decided.to_string(),
            csv_cell(&provider.reason),
            number(provider.score),
            provider.coverage.to_string(),
            provider.verified_share.to_string(),
            provider.red_flags.len().to_string(),
            pair.map(|pair| {
                pair.decided_by
                    .map_or("tie", |criterion| criterion.as_str())
                    .to_string()
            })
            .unwrap_or_default(),
            pair.map(|pair| pair.robust.to_string()).unwrap_or_default(),
        ];
        row.extend(
            comparison
                .domains
                .iter()
                .map(|domain| number(domain_score(provider, &domain.id))),
        );
        writer.write_record(&row)?;
    }
    writer.flush()?;
    Ok(())
}
