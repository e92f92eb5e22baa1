//! One self-contained HTML page: inline CSS, no scripts, no external fetches, an SVG chart of
//! the domain scores, readable on a phone, and a print stylesheet for "print to PDF".

use std::fmt::Write as _;
use std::io::{self, Write};

use super::escape::html as h;
use super::{class_meaning, gain_text, percent, score_text, uncertainty_sentence};
use crate::assessment::{Assessment, CheckReport};

const STYLE: &str = r#"
:root { --ink: #1d2330; --muted: #5b6475; --line: #d9dee7; --mature: #1a7f37; --pseudo: #9a6700; --amateur: #c0362c; }
* { box-sizing: border-box; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 0; background: #f6f7f9; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
article { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 1.25rem; margin-bottom: 1.5rem; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; overflow-wrap: anywhere; }
h2 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; border-bottom: 1px solid var(--line); padding-bottom: .25rem; }
.byline, .muted { color: var(--muted); font-size: .9rem; }
.verdict { display: flex; flex-wrap: wrap; gap: .75rem; align-items: center; margin: 1rem 0 .5rem; }
.class { font-weight: 700; text-transform: uppercase; letter-spacing: .05em; color: #fff; padding: .2rem .7rem; border-radius: 4px; }
.class.mature { background: var(--mature); } .class.pseudo { background: var(--pseudo); } .class.amateur { background: var(--amateur); }
.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(8rem, 1fr)); gap: .5rem; margin: .75rem 0; }
.figure { border: 1px solid var(--line); border-radius: 6px; padding: .5rem .75rem; }
.figure b { display: block; font-size: 1.4rem; }
table { border-collapse: collapse; width: 100%; font-size: .95rem; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; overflow-wrap: anywhere; }
td.num, th.num { text-align: right; white-space: nowrap; }
ul.checks { list-style: none; padding-left: 0; } ul.checks li { padding: .1rem 0; }
.ok { color: var(--mature); } .no { color: var(--amateur); }
.flag { color: var(--amateur); font-weight: 600; }
svg { max-width: 100%; height: auto; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; background: #eef0f4; padding: 0 .2em; border-radius: 3px; }
.table-wrap { overflow-x: auto; }
@media (max-width: 40rem) { body { font-size: 15px; } main { padding: .5rem; } article { padding: .75rem; } }
@media print {
  body { background: #fff; font-size: 11pt; }
  main { max-width: none; padding: 0; }
  article { border: none; padding: 0; page-break-after: always; }
  article:last-child { page-break-after: auto; }
  h2 { page-break-after: avoid; }
  tr, li { page-break-inside: avoid; }
  .class { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

/// Writes one HTML page holding every assessment.
pub fn render(assessments: &[Assessment], out: &mut dyn Write) -> io::Result<()> {
    let title = match assessments {
        [single] => format!("{} — mspcheck report", single.provider),
        _ => format!("mspcheck report — {} providers", assessments.len()),
    };
    let mut page = String::new();
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n",
        h(&title)
    );
    for assessment in assessments {
        render_one(assessment, &mut page);
    }
    page.push_str("<p class=\"muted\">Made by mspcheck. Scores are 0–100; coverage is the share of applicable questions answered.</p>\n</main>\n</body>\n</html>\n");
    out.write_all(page.as_bytes())
}

/// Escapes `text`, then shows `names in backticks` as code.
fn with_code(text: &str) -> String {
    let escaped = h(text);
    let parts: Vec<&str> = escaped.split('`').collect();
    if parts.len().is_multiple_of(2) {
        return escaped;
    }
    parts
        .iter()
        .enumerate()
        .map(|(position, part)| {
            if position % 2 == 1 {
                format!("<code>{part}</code>")
            } else {
                part.to_string()
            }
        })
        .collect()
}

fn checks(page: &mut String, checks: &[CheckReport]) {
    page.push_str("<ul class=\"checks\">\n");
    for check in checks {
        let (class, mark) = if check.holds {
            ("ok", "✓")
        } else {
            ("no", "✗")
        };
        let shortfall = check
            .shortfall
            .as_deref()
            .map(|text| format!(" <span class=\"muted\">({})</span>", h(text)))
            .unwrap_or_default();
        let _ = writeln!(
            page,
            "<li style=\"margin-left:{}rem\"><span class=\"{class}\">{mark}</span> {}{shortfall}</li>",
            check.depth as f64 * 1.25,
            with_code(&check.text)
        );
    }
    page.push_str("</ul>\n");
}

/// A horizontal bar chart of the domain scores.
fn chart(assessment: &Assessment) -> String {
    let row_height = 28;
    let label_width = 230;
    let bar_width = 300;
    let height = row_height * assessment.domains.len() + 10;
    let width = label_width + bar_width + 60;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"Domain scores\">\n"
    );
    for (position, domain) in assessment.domains.iter().enumerate() {
        let y = position * row_height + 5;
        let score = domain.score.unwrap_or(0.0).clamp(0.0, 100.0);
        let filled = (score / 100.0 * bar_width as f64).round();
        let color = match domain.score {
            None => "#c9ced8",
            Some(score) if score >= 75.0 => "#1a7f37",
            Some(score) if score >= 50.0 => "#9a6700",
            Some(_) => "#c0362c",
        };
        let mut label = domain.title.clone();
        if label.chars().count() > 32 {
            label = label.chars().take(31).collect::<String>() + "…";
        }
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" font-size=\"13\" text-anchor=\"end\" fill=\"#1d2330\">{}</text>\
             <rect x=\"{label_width}\" y=\"{}\" width=\"{bar_width}\" height=\"16\" fill=\"#eef0f4\"/>\
             <rect x=\"{label_width}\" y=\"{}\" width=\"{filled}\" height=\"16\" fill=\"{color}\"/>\
             <text x=\"{}\" y=\"{}\" font-size=\"13\" fill=\"#1d2330\">{}</text>",
            label_width - 8,
            y + 13,
            h(&label),
            y + 1,
            y + 1,
            label_width + bar_width + 6,
            y + 13,
            h(&score_text(domain.score))
        );
        svg.push('\n');
    }
    svg.push_str("</svg>\n");
    svg
}

fn render_one(assessment: &Assessment, page: &mut String) {
    let class = assessment.classification.as_str();
    let questionnaire = &assessment.questionnaire;
    page.push_str("<article>\n");
    let _ = writeln!(page, "<h1>{}</h1>", h(&assessment.provider));
    let mut byline = vec![format!(
        "{} ({} {})",
        h(&questionnaire.title),
        h(&questionnaire.id),
        h(&questionnaire.version)
    )];
    if let Some(assessor) = &assessment.assessor {
        byline.push(format!("assessed by {}", h(assessor)));
    }
    if let Some(perspective) = assessment.perspective {
        byline.push(format!("as {}", perspective.as_str()));
    }
    if let Some(date) = assessment.date {
        byline.push(format!("on {date}"));
    }
    if assessment.verified_only {
        byline.push("verified answers only".into());
    }
    let _ = writeln!(page, "<p class=\"byline\">{}</p>", byline.join(", "));
    let _ = writeln!(
        page,
        "<div class=\"verdict\"><span class=\"class {class}\">{class}</span><span>{}</span></div>\n<p class=\"muted\">{}</p>",
        h(&assessment.decided_by.description),
        h(class_meaning(assessment.classification))
    );
    let _ = writeln!(
        page,
        "<div class=\"figures\">\
         <div class=\"figure\">Overall score<b>{}</b></div>\
         <div class=\"figure\">Coverage<b>{}</b></div>\
         <div class=\"figure\">Verified<b>{}</b></div>\
         <div class=\"figure\">Red flags<b class=\"{}\">{}</b></div></div>",
        score_text(assessment.score),
        percent(assessment.coverage),
        percent(assessment.verified_share),
        if assessment.red_flags.is_empty() {
            "ok"
        } else {
            "no"
        },
        assessment.red_flags.len()
    );
    let _ = writeln!(page, "<p>{}</p>", h(&uncertainty_sentence(assessment)));

    let _ = writeln!(
        page,
        "<h2>Why {class} (rule {})</h2>",
        assessment.decided_by.rule
    );
    if assessment.decided_by.checks.is_empty() {
        page.push_str("<p>No earlier rule held, and this rule always holds.</p>\n");
    }
    checks(page, &assessment.decided_by.checks);
    if let Some(next) = &assessment.next_class {
        let _ = writeln!(
            page,
            "<h2>What {} needs (rule {}: {})</h2>",
            next.class.as_str(),
            next.rule,
            h(&next.description)
        );
        checks(page, &next.checks);
    }

    page.push_str("<h2>Domains</h2>\n");
    page.push_str(&chart(assessment));
    page.push_str("<div class=\"table-wrap\"><table>\n<tr><th>Domain</th><th class=\"num\">Weight</th><th class=\"num\">Score</th><th class=\"num\">Answered</th></tr>\n");
    for domain in &assessment.domains {
        let _ = writeln!(
            page,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}/{}</td></tr>",
            h(&domain.title),
            crate::validate::answers::format_number(domain.weight),
            score_text(domain.score),
            domain.answered,
            domain.applicable
        );
    }
    page.push_str("</table></div>\n");

    page.push_str("<h2>Red flags</h2>\n");
    if assessment.red_flags.is_empty() {
        page.push_str("<p class=\"ok\">None.</p>\n");
    } else {
        page.push_str("<ul>\n");
        for flag in &assessment.red_flags {
            let _ = writeln!(
                page,
                "<li><span class=\"flag\">{}</span> <span class=\"muted\">({})</span></li>",
                h(&flag.message),
                h(&flag.question)
            );
        }
        page.push_str("</ul>\n");
    }

    if !assessment.contradictions.is_empty() {
        let _ = writeln!(
            page,
            "<h2>Contradictions</h2>\n<p>{}</p>\n<ul>",
            h(&super::contradictions_sentence(assessment))
        );
        for contradiction in &assessment.contradictions {
            let _ = writeln!(
                page,
                "<li>{} <span class=\"questions\">({})</span><br><strong>Ask:</strong> {}</li>",
                h(&contradiction.message),
                contradiction
                    .questions
                    .iter()
                    .map(|question| format!("<code>{}</code>", h(question)))
                    .collect::<Vec<_>>()
                    .join(", "),
                h(&contradiction.ask)
            );
        }
        page.push_str("</ul>\n");
    }
    let stale = super::stale_sentences(assessment);
    if !stale.is_empty() {
        page.push_str("<h2>Stale answers</h2>\n<ul>\n");
        for sentence in stale {
            let _ = writeln!(page, "<li>{}</li>", h(&sentence));
        }
        page.push_str("</ul>\n");
    }
    if !assessment.questions_to_ask.is_empty() {
        page.push_str("<h2>Ask the provider next</h2>\n<ol>\n");
        for question in &assessment.questions_to_ask {
            let critical = if question.critical {
                " <span class=\"flag\">(critical)</span>"
            } else {
                ""
            };
            let evidence = question
                .evidence
                .as_deref()
                .map(|evidence| {
                    format!(
                        "<br><span class=\"muted\">Ask to see: {}</span>",
                        h(evidence)
                    )
                })
                .unwrap_or_default();
            let _ = writeln!(page, "<li>{}{critical}{evidence}</li>", h(&question.text));
        }
        page.push_str("</ol>\n");
    }
    if !assessment.roadmap.is_empty() {
        page.push_str("<h2>Roadmap</h2>\n<div class=\"table-wrap\"><table>\n<tr><th>#</th><th>Question</th><th>From → to</th><th class=\"num\">Gain</th><th>What to do</th></tr>\n");
        for (number, step) in assessment.roadmap.iter().enumerate() {
            let leads = if step.purpose == "next_class" {
                format!(
                    " <span class=\"muted\">(toward {})</span>",
                    step.class_after.as_str()
                )
            } else {
                String::new()
            };
            let _ = writeln!(
                page,
                "<tr><td class=\"num\">{}</td><td>{}{leads}<br><span class=\"muted\">{}</span></td><td>{} → {}</td><td class=\"num\">{}</td><td>{}</td></tr>",
                number + 1,
                h(&step.text),
                h(&step.question),
                step.from.as_deref().map(h).unwrap_or_else(|| "unanswered".into()),
                h(&step.to_label),
                gain_text(step.gain),
                step.remediation.as_deref().map(h).unwrap_or_default()
            );
        }
        page.push_str("</table></div>\n");
    }
    page.push_str("</article>\n");
}
