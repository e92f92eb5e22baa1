//! The report sections on frameworks, contract clauses and client obligations, one function
//! per format, each a self-contained block the format's renderer calls once; and the
//! `--format clauses` document for pasting into a contract review. Text from files is
//! escaped for the format it goes into.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::escape::{csv_cell, html as h, markdown as md, terminal};
use super::wrap;
use crate::assessment::Assessment;
use crate::clauses::{ClauseSection, Gap};
use crate::obligations::ObligationReport;
use crate::posture::{totals_sentence, ControlPosture, CoverageView, FrameworkPosture};

/// The sentence under every obligations section.
const OBLIGATIONS_NOTE: &str = "Selected from the client facts in the answers file; a summary in plain words, not legal advice: read the regulation itself, and re-check every dated fact after its review date.";

/// The sentence under every clause section.
const CLAUSES_NOTE: &str = "Topics a contract with this provider should cover, from the gaps these answers show; suggestions for a contract review, not legal advice.";

/// Markdown for a sentence whose `names` are code: the code spans kept, the rest escaped.
fn md_code(text: &str) -> String {
    let parts: Vec<&str> = text.split('`').collect();
    if parts.len().is_multiple_of(2) {
        return md(text);
    }
    parts
        .iter()
        .enumerate()
        .map(|(position, part)| {
            if position % 2 == 1 {
                format!("`{}`", part.replace(['\n', '|'], " "))
            } else {
                md(part)
            }
        })
        .collect()
}

/// HTML for a sentence whose `names` are code.
fn h_code(text: &str) -> String {
    let parts: Vec<&str> = text.split('`').collect();
    if parts.len().is_multiple_of(2) {
        return h(text);
    }
    parts
        .iter()
        .enumerate()
        .map(|(position, part)| {
            if position % 2 == 1 {
                format!("<code>{}</code>", h(part))
            } else {
                h(part)
            }
        })
        .collect()
}

fn questions_text(control: &ControlPosture) -> String {
    control
        .questions
        .iter()
        .map(|question| {
            let through = question
                .met_by
                .as_deref()
                .map(|value| format!(" = {value}"))
                .unwrap_or_default();
            let partial = if question.relation == crate::model::framework::Relation::Partial {
                ", partial mapping"
            } else {
                ""
            };
            format!(
                "{}{through} ({}{partial})",
                question.question,
                question.evidence.label()
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Gaps for the terminal, `; `-separated.
fn gap_list(gaps: &[Gap]) -> String {
    gaps.iter()
        .map(|gap| terminal(&gap_text(gap)))
        .collect::<Vec<_>>()
        .join("; ")
}

fn gap_text(gap: &Gap) -> String {
    match &gap.detail {
        Some(detail) => format!("{} ({}: {detail})", gap.question, gap.kind.label()),
        None => format!("{} ({})", gap.question, gap.kind.label()),
    }
}

fn heading_of(posture: &FrameworkPosture) -> String {
    format!(
        "Framework evidence: {} ({} {})",
        posture.title, posture.framework, posture.version
    )
}

/// The framework, clause and obligation sections for the terminal report.
pub fn table(assessment: &Assessment, width: u16) -> String {
    let mut text = String::new();
    for posture in &assessment.frameworks {
        let _ = writeln!(text, "\n{}", terminal(&heading_of(posture)));
        let _ = writeln!(
            text,
            "{}",
            wrap(&terminal(&posture.coverage), width, "  ", "  ")
        );
        let _ = writeln!(
            text,
            "{}",
            wrap(&terminal(&totals_sentence(posture)), width, "  ", "  ")
        );
        for control in &posture.controls {
            let title = control.title.as_deref().map(terminal).unwrap_or_default();
            let group = control
                .group
                .as_deref()
                .map(|group| format!(" [{}]", terminal(group)))
                .unwrap_or_default();
            let _ = writeln!(
                text,
                "{}",
                wrap(
                    &format!(
                        "{:<10} {:<14} {title}{group}",
                        terminal(&control.id),
                        control.evidence.label()
                    ),
                    width,
                    "  ",
                    "                             "
                )
            );
            let _ = writeln!(
                text,
                "{}",
                wrap(
                    &format!("<- {}", terminal(&questions_text(control))),
                    width,
                    "             ",
                    "                "
                )
            );
        }
    }
    if let Some(section) = assessment
        .clauses
        .as_ref()
        .filter(|section| has_gaps(section))
    {
        let _ = writeln!(text, "\nContract clauses to ask for");
        let _ = writeln!(text, "{}", wrap(CLAUSES_NOTE, width, "  ", "  "));
        for (number, clause) in section.clauses.iter().enumerate() {
            let _ = writeln!(
                text,
                "{}",
                wrap(
                    &format!("{} [{}]", terminal(&clause.topic), terminal(&clause.source)),
                    width,
                    &format!("  {}. ", number + 1),
                    "     "
                )
            );
            let _ = writeln!(
                text,
                "{}",
                wrap(&terminal(&clause.text), width, "     ", "     ")
            );
            let _ = writeln!(
                text,
                "{}",
                wrap(
                    &format!("covers: {}", gap_list(&clause.gaps)),
                    width,
                    "     ",
                    "       "
                )
            );
        }
        if !section.uncovered.is_empty() {
            let _ = writeln!(
                text,
                "{}",
                wrap(
                    &format!("No clause topic covers: {}", gap_list(&section.uncovered)),
                    width,
                    "  ",
                    "    "
                )
            );
        }
    }
    if !assessment.obligations.is_empty() {
        let _ = writeln!(text, "\nObligations given the client");
        let _ = writeln!(text, "{}", wrap(OBLIGATIONS_NOTE, width, "  ", "  "));
        for obligation in &assessment.obligations {
            let _ = writeln!(
                text,
                "{}",
                wrap(
                    &format!(
                        "{} ({}; {}; review by {})",
                        terminal(&obligation.title),
                        obligation.status.label(),
                        terminal(&obligation.selected_by),
                        obligation.review_by
                    ),
                    width,
                    "  * ",
                    "    "
                )
            );
            let _ = writeln!(
                text,
                "{}",
                wrap(&terminal(&obligation.summary), width, "    ", "    ")
            );
            for duty in &obligation.duties {
                let deadline = duty
                    .deadline
                    .as_deref()
                    .map(|deadline| format!(" [{}]", terminal(deadline)))
                    .unwrap_or_default();
                let _ = writeln!(
                    text,
                    "{}",
                    wrap(
                        &format!("{}{deadline}", terminal(&duty.duty)),
                        width,
                        "    - ",
                        "      "
                    )
                );
            }
            let _ = writeln!(
                text,
                "{}",
                wrap(
                    &terminal(&evidence_text(obligation)),
                    width,
                    "    ",
                    "      "
                )
            );
        }
    }
    text
}

fn has_gaps(section: &ClauseSection) -> bool {
    !section.clauses.is_empty() || !section.uncovered.is_empty()
}

fn evidence_text(obligation: &ObligationReport) -> String {
    if obligation.evidence.is_empty() {
        return "Evidence: no question of this questionnaire bears on it.".to_string();
    }
    let parts: Vec<String> = obligation
        .evidence
        .iter()
        .map(|evidence| format!("{} ({})", evidence.question, evidence.evidence.label()))
        .collect();
    format!("Evidence: {}.", parts.join(", "))
}

fn mapped_text(questions: &[crate::posture::MappedQuestion]) -> String {
    questions
        .iter()
        .map(|mapped| {
            let through = mapped
                .met_by
                .as_deref()
                .map(|value| format!(" = {value}"))
                .unwrap_or_default();
            let partial = if mapped.relation == crate::model::framework::Relation::Partial {
                " (partial)"
            } else {
                ""
            };
            format!("{}{through}{partial}", mapped.question)
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `show ID --framework X` for the terminal.
pub fn coverage_table(view: &CoverageView, width: u16) -> String {
    let mut text = format!(
        "{} ({} {}) in questionnaire `{}` {}\n",
        terminal(&view.title),
        terminal(&view.framework),
        terminal(&view.version),
        terminal(&view.questionnaire),
        terminal(&view.questionnaire_version)
    );
    let _ = writeln!(text, "{}", wrap(&terminal(&view.coverage), width, "", ""));
    let _ = writeln!(text, "\nReached by questions");
    for control in view
        .controls
        .iter()
        .filter(|control| !control.questions.is_empty())
    {
        let _ = writeln!(
            text,
            "{}",
            wrap(
                &format!(
                    "{:<10} {}{}",
                    terminal(&control.id),
                    control
                        .title
                        .as_deref()
                        .map(|title| format!("{} ", terminal(title)))
                        .unwrap_or_default(),
                    control
                        .group
                        .as_deref()
                        .map(|group| format!("[{}] ", terminal(group)))
                        .unwrap_or_default()
                ),
                width,
                "  ",
                "             "
            )
        );
        let _ = writeln!(
            text,
            "{}",
            wrap(
                &format!("<- {}", terminal(&mapped_text(&control.questions))),
                width,
                "             ",
                "                "
            )
        );
    }
    let unreached: Vec<&crate::posture::ControlCoverage> = view
        .controls
        .iter()
        .filter(|control| control.questions.is_empty())
        .collect();
    let _ = writeln!(text, "\nNot reached by any question ({})", unreached.len());
    for control in unreached {
        let _ = writeln!(
            text,
            "{}",
            wrap(
                &format!(
                    "{:<10} {}{}",
                    terminal(&control.id),
                    control
                        .title
                        .as_deref()
                        .map(|title| format!("{} ", terminal(title)))
                        .unwrap_or_default(),
                    control
                        .group
                        .as_deref()
                        .map(|group| format!("[{}]", terminal(group)))
                        .unwrap_or_default()
                ),
                width,
                "  ",
                "             "
            )
        );
    }
    if let Some(licence) = &view.licence {
        let _ = writeln!(text, "\n{}", wrap(&terminal(licence), width, "", ""));
    }
    text
}

/// `show ID --framework X` in Markdown.
pub fn coverage_markdown(view: &CoverageView) -> String {
    let mut text = format!(
        "# {} (`{}` {}) in `{}` {}\n\n{}\n\n",
        md(&view.title),
        md(&view.framework),
        md(&view.version),
        md(&view.questionnaire),
        md(&view.questionnaire_version),
        md_code(&view.coverage)
    );
    text.push_str("| Control | Name | Group | Questions |\n|---|---|---|---|\n");
    for control in &view.controls {
        let questions = if control.questions.is_empty() {
            "_none: cannot be judged from this questionnaire_".to_string()
        } else {
            md(&mapped_text(&control.questions))
        };
        let _ = writeln!(
            text,
            "| `{}` | {} | {} | {questions} |",
            md(&control.id),
            control.title.as_deref().map(md).unwrap_or_default(),
            control.group.as_deref().map(md).unwrap_or_default()
        );
    }
    if let Some(licence) = &view.licence {
        let _ = writeln!(text, "\n_{}_", md(licence));
    }
    text
}

/// The framework, clause and obligation sections in Markdown.
pub fn markdown(assessment: &Assessment) -> String {
    let mut text = String::new();
    for posture in &assessment.frameworks {
        let _ = writeln!(text, "## {}\n", md(&heading_of(posture)));
        let _ = writeln!(text, "{}\n", md_code(&posture.coverage));
        let _ = writeln!(text, "{}\n", md(&totals_sentence(posture)));
        if !posture.controls.is_empty() {
            text.push_str("| Control | Name | Evidence | Questions |\n|---|---|---|---|\n");
            for control in &posture.controls {
                let group = control
                    .group
                    .as_deref()
                    .map(|group| format!(" ({})", md(group)))
                    .unwrap_or_default();
                let _ = writeln!(
                    text,
                    "| `{}`{group} | {} | {} | {} |",
                    md(&control.id),
                    control.title.as_deref().map(md).unwrap_or_default(),
                    control.evidence.label(),
                    md(&questions_text(control))
                );
            }
            text.push('\n');
        }
        if let Some(licence) = &posture.licence {
            let _ = writeln!(text, "_{}_\n", md(licence));
        }
    }
    if let Some(section) = assessment
        .clauses
        .as_ref()
        .filter(|section| has_gaps(section))
    {
        text.push_str("## Contract clauses to ask for\n\n");
        let _ = writeln!(text, "{CLAUSES_NOTE}\n");
        text.push_str(&clause_list_markdown(section));
    }
    if !assessment.obligations.is_empty() {
        text.push_str("## Obligations given the client\n\n");
        let _ = writeln!(text, "{OBLIGATIONS_NOTE}\n");
        for obligation in &assessment.obligations {
            let _ = writeln!(
                text,
                "### {}\n\n_{}; {}; review by {}._\n\n{}\n",
                md(&obligation.title),
                obligation.status.label(),
                md(&obligation.selected_by),
                obligation.review_by,
                md(&obligation.summary)
            );
            for duty in &obligation.duties {
                let deadline = duty
                    .deadline
                    .as_deref()
                    .map(|deadline| format!(" **{}**", md(deadline)))
                    .unwrap_or_default();
                let _ = writeln!(text, "- {}{deadline}", md(&duty.duty));
            }
            let _ = writeln!(
                text,
                "\n{} Source: {}.\n",
                md(&evidence_text(obligation)),
                md(&obligation.source)
            );
        }
    }
    text
}

fn clause_list_markdown(section: &ClauseSection) -> String {
    let mut text = String::new();
    for (number, clause) in section.clauses.iter().enumerate() {
        let _ = writeln!(
            text,
            "{}. **{}** — {}  \n   _Source: {}_",
            number + 1,
            md(&clause.topic),
            md(&clause.text),
            md(&clause.source)
        );
        for gap in &clause.gaps {
            let _ = writeln!(text, "   - {}: {}", md(&gap_text(gap)), md(&gap.text));
        }
    }
    if !section.clauses.is_empty() {
        text.push('\n');
    }
    if !section.uncovered.is_empty() {
        text.push_str("No clause topic of the questionnaire covers these gaps:\n\n");
        for gap in &section.uncovered {
            let _ = writeln!(text, "- {}: {}", md(&gap_text(gap)), md(&gap.text));
        }
        text.push('\n');
    }
    text
}

/// The framework, clause and obligation sections in HTML.
pub fn html(assessment: &Assessment) -> String {
    let mut page = String::new();
    for posture in &assessment.frameworks {
        let _ = writeln!(
            page,
            "<section class=\"posture\">\n<h2>{}</h2>\n<p>{}</p>\n<p class=\"muted\">{}</p>",
            h(&heading_of(posture)),
            h_code(&posture.coverage),
            h(&totals_sentence(posture))
        );
        if !posture.controls.is_empty() {
            page.push_str("<div class=\"table-wrap\"><table>\n<tr><th>Control</th><th>Name</th><th>Evidence</th><th>Questions</th></tr>\n");
            for control in &posture.controls {
                let group = control
                    .group
                    .as_deref()
                    .map(|group| format!(" <span class=\"muted\">{}</span>", h(group)))
                    .unwrap_or_default();
                let _ = writeln!(
                    page,
                    "<tr><td>{}{group}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    super::html::id(&control.id),
                    control.title.as_deref().map(h).unwrap_or_default(),
                    control.evidence.label(),
                    h(&questions_text(control))
                );
            }
            page.push_str("</table></div>\n");
        }
        if let Some(licence) = &posture.licence {
            let _ = writeln!(page, "<p class=\"muted\">{}</p>", h(licence));
        }
        page.push_str("</section>\n");
    }
    if let Some(section) = assessment
        .clauses
        .as_ref()
        .filter(|section| has_gaps(section))
    {
        let _ = writeln!(
            page,
            "<section class=\"clauses\">\n<h2>Contract clauses to ask for</h2>\n<p class=\"muted\">{CLAUSES_NOTE}</p>\n<ol>"
        );
        for clause in &section.clauses {
            let gaps: Vec<String> = clause
                .gaps
                .iter()
                .map(|gap| {
                    format!(
                        "<li>{}: <span class=\"question\">{}</span></li>",
                        h(&gap_text(gap)),
                        h(&gap.text)
                    )
                })
                .collect();
            let _ = writeln!(
                page,
                "<li><b>{}</b>: {}<br><span class=\"muted\">Source: {}</span><ul>{}</ul></li>",
                h(&clause.topic),
                h(&clause.text),
                h(&clause.source),
                gaps.join("")
            );
        }
        page.push_str("</ol>\n");
        if !section.uncovered.is_empty() {
            page.push_str("<p>No clause topic of the questionnaire covers these gaps:</p>\n<ul>\n");
            for gap in &section.uncovered {
                let _ = writeln!(page, "<li>{}: {}</li>", h(&gap_text(gap)), h(&gap.text));
            }
            page.push_str("</ul>\n");
        }
        page.push_str("</section>\n");
    }
    if !assessment.obligations.is_empty() {
        let _ = writeln!(
            page,
            "<h2>Obligations given the client</h2>\n<p class=\"muted\">{OBLIGATIONS_NOTE}</p>"
        );
        for obligation in &assessment.obligations {
            let duties: Vec<String> = obligation
                .duties
                .iter()
                .map(|duty| {
                    let deadline = duty
                        .deadline
                        .as_deref()
                        .map(|deadline| format!(" <b>{}</b>", h(deadline)))
                        .unwrap_or_default();
                    format!("<li>{}{deadline}</li>", h(&duty.duty))
                })
                .collect();
            let _ = writeln!(
                page,
                "<h3>{}</h3>\n<p class=\"muted\">{}; {}; review by {}.</p>\n<p>{}</p>\n<ul>{}</ul>\n<p>{} <span class=\"muted\">Source: {}.</span></p>",
                h(&obligation.title),
                obligation.status.label(),
                h(&obligation.selected_by),
                obligation.review_by,
                h(&obligation.summary),
                duties.join(""),
                h(&evidence_text(obligation)),
                h(&obligation.source)
            );
        }
    }
    page
}

/// Extra CSV columns: per framework selected, its coverage and totals; the number of clause
/// topics and the obligations that apply, when any assessment has them. Returns the header
/// cells and one row of cells per assessment.
pub fn csv_columns(assessments: &[Assessment]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut frameworks: Vec<String> = Vec::new();
    for assessment in assessments {
        for posture in &assessment.frameworks {
            if !frameworks.contains(&posture.framework) {
                frameworks.push(posture.framework.clone());
            }
        }
    }
    const FIGURES: [&str; 7] = [
        "reached",
        "total",
        "met",
        "partly",
        "not_met",
        "unanswered",
        "not_applicable",
    ];
    let mut header = Vec::new();
    for framework in &frameworks {
        for figure in FIGURES {
            header.push(format!("framework:{}:{figure}", csv_cell(framework)));
        }
    }
    let with_clauses = assessments
        .iter()
        .any(|assessment| assessment.clauses.is_some());
    if with_clauses {
        header.push("clause_topics".to_string());
    }
    let with_obligations = assessments
        .iter()
        .any(|assessment| assessment.client.is_some());
    if with_obligations {
        header.push("obligations".to_string());
    }
    let rows = assessments
        .iter()
        .map(|assessment| {
            let mut row = Vec::new();
            for framework in &frameworks {
                match assessment
                    .frameworks
                    .iter()
                    .find(|posture| &posture.framework == framework)
                {
                    Some(posture) => {
                        let totals = posture.totals;
                        row.extend(
                            [
                                posture.reached,
                                posture.total,
                                totals.met,
                                totals.partly,
                                totals.not_met,
                                totals.unanswered,
                                totals.not_applicable,
                            ]
                            .map(|figure| figure.to_string()),
                        );
                    }
                    None => row.extend(FIGURES.map(|_| String::new())),
                }
            }
            if with_clauses {
                row.push(
                    assessment
                        .clauses
                        .as_ref()
                        .map(|section| section.clauses.len().to_string())
                        .unwrap_or_default(),
                );
            }
            if with_obligations {
                row.push(csv_cell(
                    &assessment
                        .obligations
                        .iter()
                        .map(|obligation| obligation.id.as_str())
                        .collect::<Vec<_>>()
                        .join(" "),
                ));
            }
            row
        })
        .collect();
    (header, rows)
}

/// `--format clauses`: per provider, the clause topics to raise in a contract review, in
/// Markdown that also reads as plain text.
pub fn clauses_document(assessments: &[Assessment], out: &mut dyn Write) -> io::Result<()> {
    let mut text = String::new();
    for (position, assessment) in assessments.iter().enumerate() {
        if position > 0 {
            text.push_str("\n---\n\n");
        }
        let _ = writeln!(
            text,
            "# Contract clauses for {}\n\nFrom the `{}` questionnaire ({}), answers `{}`{}. {CLAUSES_NOTE}\n",
            md(&assessment.provider),
            md(&assessment.questionnaire.id),
            md(&assessment.questionnaire.version),
            md(&assessment.answers_file),
            assessment
                .date
                .map(|date| format!(" of {date}"))
                .unwrap_or_default()
        );
        match &assessment.clauses {
            None => text.push_str("The questionnaire defines no clause topics (`clauses:`), so no clause can be suggested.\n"),
            Some(section) if !has_gaps(section) => text.push_str(
                "No red flag, no critical question short of its best answer and none unanswered: nothing calls for a clause beyond a standard contract.\n",
            ),
            Some(section) => text.push_str(&clause_list_markdown(section)),
        }
        if !assessment.obligations.is_empty() {
            text.push_str("\n## Duties the contract should allocate\n\n");
            for obligation in &assessment.obligations {
                let _ = writeln!(
                    text,
                    "- **{}** ({}; review by {}): {}",
                    md(&obligation.title),
                    obligation.status.label(),
                    obligation.review_by,
                    obligation
                        .duties
                        .iter()
                        .map(|duty| match &duty.deadline {
                            Some(deadline) => format!("{} ({})", md(&duty.duty), md(deadline)),
                            None => md(&duty.duty),
                        })
                        .collect::<Vec<_>>()
                        .join(" ")
                );
            }
        }
    }
    out.write_all(text.as_bytes())
}
