//! One self-contained HTML page: inline CSS, no scripts, no external fetches (the logo of
//! `--brand` is a `data:` URI), an SVG chart of the domain scores, readable on a phone, and
//! a print stylesheet for A4 "print to PDF": the executive summary on page one, the roadmap
//! on one page, table headers repeated across pages, ids never broken inside a word.
//! `compare`, `diff` and `history` share the page shell (`page`).

use std::fmt::Write as _;
use std::io::{self, Write};

use super::escape::html as h;
use super::{class_meaning, gain_text, percent, score_text, summary, uncertainty_sentence, Frame};
use crate::assessment::{Assessment, CheckReport, QuestionnaireInfo};

/// The page's style sheet, shared by every HTML report. `--accent` is the brand colour.
pub const STYLE: &str = r#"
:root { --ink: #1d2330; --muted: #5b6475; --line: #d9dee7; --mature: #1a7f37; --pseudo: #9a6700; --amateur: #c0362c; --accent: #2f4b7c; }
* { box-sizing: border-box; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 0; background: #f6f7f9; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
article { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 1.25rem; margin-bottom: 1.5rem; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; overflow-wrap: break-word; }
h2 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; border-bottom: 2px solid var(--accent); padding-bottom: .25rem; }
h3 { font-size: 1rem; margin: 1rem 0 .4rem; }
.byline, .muted { color: var(--muted); font-size: .92em; }
td .muted, li .muted, th .muted { font-size: 1em; }
.brand { display: flex; flex-wrap: wrap; align-items: center; gap: .75rem; border-bottom: 3px solid var(--accent); padding-bottom: .5rem; margin-bottom: 1rem; }
.brand img { max-height: 3rem; max-width: 12rem; }
.brand .organisation { font-weight: 700; color: var(--accent); }
.confidential { margin-left: auto; font-weight: 600; text-transform: uppercase; letter-spacing: .04em; font-size: .8rem; color: var(--amateur); }
.summary { border: 2px solid var(--accent); border-radius: 8px; padding: .9rem 1rem; margin: .75rem 0 1rem; }
.summary h2 { margin-top: 0; border: none; padding: 0; color: var(--accent); }
.verdict { display: flex; flex-wrap: wrap; gap: .5rem .75rem; align-items: center; margin: .25rem 0 .5rem; }
.verdict p { margin: 0; flex: 1 1 20rem; }
.banner { white-space: nowrap; }
.class { font-weight: 700; text-transform: uppercase; letter-spacing: .05em; color: #fff; padding: .2rem .7rem; border-radius: 4px; white-space: nowrap; }
.class.mature { background: var(--mature); } .class.pseudo { background: var(--pseudo); } .class.amateur { background: var(--amateur); }
.standing { font-weight: 600; border: 1px solid var(--line); border-radius: 4px; padding: .1rem .5rem; white-space: nowrap; }
.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(8rem, 1fr)); gap: .5rem; margin: .75rem 0; }
.figure { border: 1px solid var(--line); border-radius: 6px; padding: .4rem .75rem; }
.figure b { display: block; font-size: 1.3rem; }
.columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); gap: 0 1.5rem; }
.columns h3 { margin-top: .5rem; }
.columns ul, .columns ol { margin: 0; padding-left: 1.2rem; }
table { border-collapse: collapse; width: 100%; font-size: .95rem; }
thead { display: table-header-group; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; overflow-wrap: break-word; }
td.num, th.num { text-align: right; white-space: nowrap; }
tr.group th { background: #eef0f4; font-size: .9rem; }
tr.group th .muted { font-weight: 400; }
ul.checks { list-style: none; padding-left: 0; } ul.checks li { padding: .1rem 0; }
.ok, .robust { color: var(--mature); } .no { color: var(--amateur); } .flips { color: var(--amateur); font-weight: 600; }
.flag { color: var(--amateur); font-weight: 600; }
.phase-break { border: none; border-top: 3px double var(--accent); margin: 1.25rem 0 .5rem; }
svg { max-width: 100%; height: auto; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .88em; background: #eef0f4; padding: 0 .2em; border-radius: 3px; }
code.id { white-space: nowrap; }
.table-wrap { overflow-x: auto; }
.trail td:first-child { width: 36%; } .trail td:nth-child(2) { width: 24%; } .trail td:nth-child(3) { width: 10%; }
@media print { .trail td:first-child { width: 24%; } .trail td:nth-child(2) { width: 33%; } .trail td:nth-child(3) { width: 14%; } }
footer { color: var(--muted); font-size: .8rem; border-top: 1px solid var(--line); padding-top: .5rem; margin-top: 1rem; overflow-wrap: anywhere; }
@media (max-width: 40rem) { body { font-size: 15px; } main { padding: .5rem; } article { padding: .75rem; } }
@page { size: A4; margin: 12mm 12mm 14mm; @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 7.5pt system-ui, sans-serif; color: #5b6475; } }
@media print {
  body { background: #fff; font-size: 9pt; line-height: 1.35; }
  main { max-width: none; padding: 0; }
  article { border: none; padding: 0; margin: 0; break-after: page; }
  article:last-of-type { break-after: auto; }
  h1 { font-size: 16pt; } h2 { font-size: 11.5pt; margin: .8rem 0 .3rem; } h3 { font-size: 9.5pt; margin: .5rem 0 .2rem; }
  h2, h3 { break-after: avoid; }
  tr, li, .figure { break-inside: avoid; }
  table { font-size: 8pt; }
  th, td { padding: .12rem .3rem; }
  .summary { break-inside: avoid; padding: .6rem .8rem; }
  .figures { grid-template-columns: repeat(4, 1fr); margin: .4rem 0; }
  .figure b { font-size: 13pt; }
  .part { break-before: page; }
  .roadmap table { font-size: 7.5pt; line-height: 1.2; table-layout: fixed; }
  .roadmap td, .roadmap th { padding: .02rem .3rem; }
  .roadmap .text, .roadmap .change { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  .roadmap .what, .roadmap .text code.id, .screen { display: none; }
  .roadmap tr.group th { font-size: 7.5pt; padding: .1rem .3rem; }
  .roadmap h3 { margin: .3rem 0 .1rem; }
  .phase-break { margin: .5rem 0 .2rem; }
  .trail table { font-size: 7.2pt; line-height: 1.15; }
  .trail td, .trail th { padding: 0 .3rem; }
  .trail .text { display: none; }
  .trail tr.group th { font-size: 8pt; }
  .class, .standing, tr.group th, code, .figure { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  svg { max-height: 6.5cm; }
  svg.chart { display: none; }
  .clauses { font-size: 7.5pt; line-height: 1.22; }
  .clauses ol { padding-left: 1.1rem; margin: .2rem 0; } .clauses ul { padding-left: .9rem; margin: 0; }
  .clauses li { margin: 0; } .clauses ol > li { margin-bottom: .15rem; }
  .clauses .question { color: var(--muted); }
  .posture table { font-size: 7.2pt; line-height: 1.15; } .posture td, .posture th { padding: 0 .3rem; }
  .posture p { margin: .2rem 0; }
  .table-wrap { overflow: visible; }
  th.num { white-space: normal; }
  footer { font-size: 7pt; margin-top: .4rem; padding-top: .2rem; break-before: avoid; }
}
"#;

/// Escapes `text`, then shows `names in backticks` as code.
pub fn with_code(text: &str) -> String {
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

/// An id as code, kept whole on one line (never broken inside a word).
pub fn id(text: &str) -> String {
    format!("<code class=\"id\">{}</code>", h(text))
}

/// A question's id as code, with the source questionnaire's `ref` beside it when it has one.
pub(crate) fn question_id(question: &str, reference: Option<&str>) -> String {
    match reference {
        Some(reference) => format!(
            "{} <span class=\"muted\">(ref {})</span>",
            id(question),
            h(reference)
        ),
        None => id(question),
    }
}

/// Escapes text for a CSS string (`content: "…"` inside the page's `<style>`).
fn css_string(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len() + 2);
    escaped.push('"');
    for c in text.chars() {
        match c {
            '"' | '\\' | '<' | '>' | '&' => {
                let _ = write!(escaped, "\\{:x} ", u32::from(c));
            }
            c if c.is_control() => escaped.push(' '),
            c => escaped.push(c),
        }
    }
    escaped.push('"');
    escaped
}

/// The whole page around `body`: head, style, brand header, footer.
pub fn page(
    title: &str,
    body: &str,
    frame: &Frame,
    questionnaire: Option<&QuestionnaireInfo>,
) -> String {
    let mut style = STYLE.to_string();
    if let Some(brand) = &frame.brand {
        if let Some(accent) = &brand.accent {
            // Checked to be #rrggbb when the brand was loaded.
            let _ = writeln!(style, ":root {{ --accent: {accent}; }}");
        }
        let left = brand.confidentiality.as_deref().map_or_else(
            || brand.organisation.clone(),
            |line| format!("{line} · {}", brand.organisation),
        );
        let _ = writeln!(
            style,
            "@page {{ @bottom-left {{ content: {}; font: 7.5pt system-ui, sans-serif; color: #5b6475; }} }}",
            css_string(&left)
        );
    }
    let mut page = String::new();
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n\
         <title>{}</title>\n<style>{style}</style>\n</head>\n<body>\n<main>\n",
        h(title)
    );
    if let Some(brand) = &frame.brand {
        page.push_str("<header class=\"brand\">");
        if let Some(logo) = &brand.logo {
            let _ = write!(
                page,
                "<img src=\"{}\" alt=\"{}\">",
                h(logo),
                h(&brand.organisation)
            );
        }
        let _ = write!(
            page,
            "<div><span class=\"organisation\">{}</span>",
            h(&brand.organisation)
        );
        if let Some(prepared_by) = &brand.prepared_by {
            let _ = write!(
                page,
                "<br><span class=\"muted\">Prepared by {}</span>",
                h(prepared_by)
            );
        }
        page.push_str("</div>");
        if let Some(confidentiality) = &brand.confidentiality {
            let _ = write!(
                page,
                "<div class=\"confidential\">{}</div>",
                h(confidentiality)
            );
        }
        page.push_str("</header>\n");
    }
    page.push_str(body);
    let mut footer = frame.footer_parts(questionnaire);
    if let Some(confidentiality) = frame
        .brand
        .as_ref()
        .and_then(|brand| brand.confidentiality.as_ref())
    {
        footer.insert(0, confidentiality.clone());
    }
    let _ = writeln!(
        page,
        "<footer>{}<br>Scores are 0–100; coverage is the share of applicable questions answered; verified is the share of answers checked against evidence.</footer>",
        footer.iter().map(|part| h(part)).collect::<Vec<_>>().join(" · ")
    );
    page.push_str("</main>\n</body>\n</html>\n");
    page
}

/// Writes one HTML page holding every assessment.
pub fn render(assessments: &[Assessment], frame: &Frame, out: &mut dyn Write) -> io::Result<()> {
    let title = match assessments {
        [single] => format!("{} — mspcheck report", single.provider),
        _ => format!("mspcheck report — {} providers", assessments.len()),
    };
    let mut body = String::new();
    for assessment in assessments {
        render_one(assessment, &mut body);
    }
    out.write_all(
        page(
            &title,
            &body,
            frame,
            super::common_questionnaire(assessments),
        )
        .as_bytes(),
    )
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
            .map(|text| format!(" <span class=\"muted\">({})</span>", with_code(text)))
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
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"Domain scores\">\n"
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
            h(&super::domain_score_text(domain))
        );
        svg.push('\n');
    }
    svg.push_str("</svg>\n");
    svg
}

/// The one-line verdict banner (class badge and standing) and the verdict sentence.
fn verdict(assessment: &Assessment, page: &mut String) {
    let class = assessment.classification.as_str();
    let _ = writeln!(
        page,
        "<div class=\"verdict\"><span class=\"banner\"><b>Verdict:</b> <span class=\"class {class}\">{class}</span> · <span class=\"standing\">{}</span></span><p><b>{}</b></p></div>",
        h(&summary::standing_label(assessment)),
        h(&summary::verdict_sentence(assessment)),
    );
}

/// The short report of a nearly blank file (see `blank`) in place of the summary and the
/// sections a score would need.
fn blank(assessment: &Assessment, page: &mut String) {
    let blank = super::blank::blank(assessment);
    page.push_str("<section class=\"summary\">\n<h2>Summary</h2>\n");
    verdict(assessment, page);
    let _ = writeln!(
        page,
        "<p>{}</p>\n<p><b>{}</b></p>",
        h(&blank.class_for_now),
        h(&blank.status)
    );
    if !assessment.red_flags.is_empty() {
        let _ = writeln!(
            page,
            "<h3>Red flags so far ({})</h3>\n<ul>",
            assessment.red_flags.len()
        );
        for flag in &assessment.red_flags {
            page.push_str(&red_flag_item(flag));
        }
        page.push_str("</ul>\n");
    }
    if !blank.answered.is_empty() {
        let _ = writeln!(
            page,
            "<h3>Answered so far ({})</h3>\n<ul>",
            blank.answered.len()
        );
        for answer in &blank.answered {
            let mut notes = String::new();
            if let Some(note) = &answer.note {
                let _ = write!(notes, "<br>{}", h(note));
            }
            if let Some(evidence) = &answer.evidence {
                let _ = write!(
                    notes,
                    "<br><span class=\"muted\">Evidence:</span> {}",
                    h(evidence)
                );
            }
            let _ = writeln!(
                page,
                "<li>{}: {} <span class=\"muted\">({})</span>{notes}</li>",
                id(&answer.question),
                h(&answer.label),
                answer.marks.join(", ")
            );
        }
        for sentence in &blank.stale {
            let _ = writeln!(page, "<li>{}</li>", h(sentence));
        }
        page.push_str("</ul>\n");
    }
    page.push_str("</section>\n<section>\n<h2>What to do first</h2>\n<p>Answer the domains that weigh most first:</p>\n<ul>\n");
    for domain in &blank.domains {
        let _ = writeln!(
            page,
            "<li>{} <span class=\"muted\">({})</span></li>",
            h(&domain.title),
            h(&domain.detail)
        );
    }
    page.push_str("</ul>\n");
    for (what, command) in &blank.commands {
        let _ = writeln!(page, "<p>{}<br><code>{}</code></p>", h(what), h(command));
    }
    page.push_str("</section>\n");
}

/// One red flag as a list item: severity and message, then what raised it.
fn red_flag_item(flag: &crate::assessment::RedFlagReport) -> String {
    format!(
        "<li><span class=\"flag\">{}</span> <span class=\"muted\">({})</span></li>\n",
        h(&flag.graded()),
        h(&super::question_name(
            &flag.source(),
            flag.reference.as_deref()
        ))
    )
}

fn summary_box(assessment: &Assessment, page: &mut String) {
    page.push_str("<section class=\"summary\">\n<h2>Summary</h2>\n");
    verdict(assessment, page);
    let _ = writeln!(
        page,
        "<p>{}</p>\n<p class=\"muted\">{}</p>",
        with_code(&assessment.decided_by.description),
        h(class_meaning(assessment))
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
    page.push_str("<div class=\"columns\">\n<div>\n");
    if assessment.red_flags.is_empty() {
        page.push_str("<h3>Red flags</h3>\n<p class=\"ok\">None.</p>\n");
    } else {
        let _ = writeln!(
            page,
            "<h3>Red flags ({})</h3>\n<ul>",
            assessment.red_flags.len()
        );
        for flag in &assessment.red_flags {
            let _ = writeln!(
                page,
                "<li><span class=\"flag\">{}</span> {}</li>",
                h(&flag.graded()),
                question_id(&flag.source(), flag.reference.as_deref())
            );
        }
        page.push_str("</ul>\n");
    }
    page.push_str("</div>\n<div>\n");
    let actions = summary::actions(assessment);
    let _ = writeln!(page, "<h3>{}</h3>", h(summary::actions_heading(assessment)));
    if actions.is_empty() {
        page.push_str("<p>Nothing in the questionnaire would raise the class or the score.</p>\n");
    } else {
        page.push_str("<ol>\n");
        for action in &actions {
            let _ = writeln!(
                page,
                "<li>{} <span class=\"muted\">({} points, {}; {})</span></li>",
                h(&action.text),
                gain_text(action.step.gain),
                h(&summary::step_effect(assessment, action.step)),
                question_id(&action.step.question, action.step.reference.as_deref())
            );
        }
        page.push_str("</ol>\n");
    }
    page.push_str("</div>\n</div>\n");
    let _ = writeln!(
        page,
        "<p class=\"muted\">{}</p>",
        h(&uncertainty_sentence(assessment))
    );
    page.push_str("</section>\n");
}

fn roadmap(assessment: &Assessment, page: &mut String) {
    let phases = summary::phases(assessment);
    if phases.is_empty() {
        return;
    }
    page.push_str("<section class=\"roadmap part\">\n<h2>Roadmap</h2>\n");
    for (position, phase) in phases.iter().enumerate() {
        if position > 0 {
            page.push_str("<hr class=\"phase-break\">\n");
        }
        let _ = writeln!(page, "<h3>{}</h3>", h(&phase.heading));
        page.push_str("<div class=\"table-wrap\"><table>\n<colgroup><col style=\"width:5%\"><col style=\"width:43%\"><col style=\"width:45%\"><col style=\"width:7%\"></colgroup>\n<thead><tr><th class=\"num\">#</th><th>Question</th><th>Now → then</th><th class=\"num\">Gain</th></tr></thead>\n");
        let mut number = 0;
        for (domain, steps) in &phase.domains {
            let gain: f64 = steps.iter().map(|step| step.gain).sum();
            let _ = writeln!(
                page,
                "<tbody><tr class=\"group\"><th colspan=\"4\">{} <span class=\"muted\">— {} change{}, {} points</span></th></tr>",
                h(domain),
                steps.len(),
                if steps.len() == 1 { "" } else { "s" },
                gain_text(gain)
            );
            for step in steps {
                number += 1;
                let what = step
                    .remediation
                    .as_deref()
                    .map(|text| format!("<div class=\"what muted\">→ {}</div>", h(text)))
                    .unwrap_or_default();
                let _ = writeln!(
                    page,
                    "<tr><td class=\"num\">{number}</td><td><div class=\"text\">{} {}</div>{what}</td><td><div class=\"change\">{} → <b>{}</b></div></td><td class=\"num\">{}</td></tr>",
                    question_id(&step.question, step.reference.as_deref()),
                    h(&step.text),
                    h(&step.from_label),
                    h(&step.to_label),
                    gain_text(step.gain)
                );
            }
            page.push_str("</tbody>\n");
        }
        page.push_str("</table></div>\n");
    }
    page.push_str("</section>\n");
}

fn evidence(assessment: &Assessment, page: &mut String) {
    let trail = summary::evidence_by_domain(assessment);
    if trail.is_empty() {
        return;
    }
    let _ = writeln!(
        page,
        "<section class=\"trail part\">\n<h2>Evidence trail</h2>\n<p>{} of the answers are verified against evidence.</p>",
        percent(assessment.verified_share)
    );
    page.push_str("<div class=\"table-wrap\"><table>\n<thead><tr><th>Question</th><th>Answer</th><th>Marks</th><th>Note and evidence</th></tr></thead>\n");
    for (domain, answers) in trail {
        let _ = writeln!(
            page,
            "<tbody><tr class=\"group\"><th colspan=\"4\">{} <span class=\"muted\">— {}</span></th></tr>",
            h(&domain.title),
            h(&summary::verified_text(domain))
        );
        for answer in answers {
            let marks: Vec<String> = summary::answer_marks(answer)
                .into_iter()
                .map(|mark| match mark {
                    "verified" => format!("<span class=\"ok\">{mark}</span>"),
                    "unverified" => format!("<span class=\"muted\">{mark}</span>"),
                    _ => format!("<span class=\"flag\">{mark}</span>"),
                })
                .collect();
            let mut notes = Vec::new();
            if let Some(note) = &answer.note {
                notes.push(h(note));
            }
            if let Some(evidence) = &answer.evidence {
                notes.push(format!(
                    "<span class=\"muted\">Evidence:</span> {}",
                    h(evidence)
                ));
            }
            let _ = writeln!(
                page,
                "<tr><td>{} <span class=\"text\">{}</span></td><td>{}</td><td>{}</td><td>{}</td></tr>",
                question_id(&answer.question, answer.reference.as_deref()),
                h(&answer.text),
                h(answer.label.as_deref().unwrap_or("unanswered")),
                marks.join(", "),
                notes.join("<br>")
            );
        }
        page.push_str("</tbody>\n");
    }
    page.push_str("</table></div>\n</section>\n");
}

fn render_one(assessment: &Assessment, page: &mut String) {
    let class = assessment.classification.as_str();
    let questionnaire = &assessment.questionnaire;
    page.push_str("<article>\n");
    let _ = writeln!(page, "<h1>{}</h1>", h(&assessment.provider));
    let mut byline = format!(
        "{} ({} {})",
        h(&questionnaire.title),
        h(&questionnaire.id),
        h(&questionnaire.version)
    );
    let who = super::table::byline(assessment);
    if !who.is_empty() {
        byline.push_str(", ");
        byline.push_str(&h(&who));
    }
    let _ = writeln!(page, "<p class=\"byline\">{byline}</p>");
    if super::blank::is_nearly_blank(assessment) {
        blank(assessment, page);
        page.push_str("</article>\n");
        return;
    }
    summary_box(assessment, page);

    let _ = writeln!(
        page,
        "<section class=\"part\">\n<h2>Why {class} (rule {})</h2>",
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
        for blocking in &next.blocked_by {
            let _ = writeln!(
                page,
                "<p class=\"no\">✗ {}</p>",
                h(&super::blocked_sentence(blocking))
            );
            checks(page, &blocking.checks);
        }
    }

    page.push_str("<h2>Domains</h2>\n");
    page.push_str(&chart(assessment));
    page.push_str("<div class=\"table-wrap\"><table>\n<thead><tr><th>Domain</th><th class=\"num\">Weight</th><th class=\"num\">Score</th><th class=\"num\">Answered</th><th class=\"num\">Verified</th></tr></thead>\n");
    for domain in &assessment.domains {
        let _ = writeln!(
            page,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}/{}</td><td class=\"num\">{}/{}</td></tr>",
            h(&domain.title),
            crate::validate::answers::format_number(domain.weight),
            super::domain_score_text(domain),
            domain.answered,
            domain.applicable,
            domain.verified,
            domain.answered
        );
    }
    page.push_str("</table></div>\n");

    // The summary on page one lists every red flag with its question: in print this
    // section would repeat it word for word, so it is for the screen only.
    page.push_str("<div class=\"screen\">\n<h2>Red flags</h2>\n");
    if assessment.red_flags.is_empty() {
        page.push_str("<p class=\"ok\">None.</p>\n");
    } else {
        page.push_str("<ul>\n");
        for flag in &assessment.red_flags {
            page.push_str(&red_flag_item(flag));
        }
        page.push_str("</ul>\n");
    }
    page.push_str("</div>\n");

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
    page.push_str("</section>\n");
    roadmap(assessment, page);
    evidence(assessment, page);
    page.push_str(&super::frameworks::html(assessment));
    page.push_str("</article>\n");
}
