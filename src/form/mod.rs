//! `mspcheck form`: the questionnaire as one self-contained HTML page that a respondent
//! opens in any browser, from a file, with nothing installed and no network. The page
//! holds the questionnaire as a JSON data block, one inline style sheet and one inline
//! script (`form.css`, `form.js` beside this file); its Content-Security-Policy allows
//! exactly those two by sha256 hash and nothing else (no fetch, no images from outside,
//! no form posts). Answers are kept in the browser's storage as they are given, and
//! "Download answers" writes an `mspcheck/answers/1` file. Pure: the page is returned.

use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::model::questionnaire::Kind;
use crate::report::escape::html;
use crate::validate::answers::Header;
use crate::validate::{ValidQuestion, ValidQuestionnaire};
use crate::xlsx::{picks, Pick, NOT_APPLICABLE};

/// The page's style sheet.
const STYLE: &str = include_str!("form.css");
/// The page's script.
const SCRIPT: &str = include_str!("form.js");

/// `'sha256-…'` of `text`, as a Content-Security-Policy source.
fn csp_hash(text: &str) -> String {
    format!("'sha256-{}'", base64(&Sha256::digest(text.as_bytes())))
}

/// Standard base64 with padding.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let value = chunk.iter().enumerate().fold(0u32, |sum, (index, byte)| {
            sum | u32::from(*byte) << (16 - 8 * index)
        });
        for index in 0..4 {
            if index <= chunk.len() {
                out.push(char::from(
                    ALPHABET[(value >> (18 - 6 * index)) as usize & 63],
                ));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The Content-Security-Policy of the page.
pub fn policy() -> String {
    format!(
        "default-src 'none'; script-src {}; style-src {}; img-src data:; base-uri 'none'; form-action 'none'",
        csp_hash(SCRIPT),
        csp_hash(STYLE)
    )
}

/// A drop-down choice with its label.
type Labelled = (String, Pick);

/// One question as the script reads it.
fn question_data(question: &ValidQuestion, header: &Header) -> Value {
    let options: Vec<Value> = question
        .options
        .iter()
        .map(|option| json!({"value": option.value, "label": option.label, "exclusive": option.exclusive}))
        .collect();
    // The answer choices of the kind, in order, and the extra ones (`unknown`, `na`) that
    // any kind may allow.
    let (extra, own): (Vec<Labelled>, Vec<Labelled>) = picks(question)
        .into_iter()
        .partition(|(_, pick)| pick.is_extra());
    let as_json = |choices: Vec<Labelled>| -> Vec<Value> {
        choices
            .into_iter()
            .map(|(label, pick)| json!({"value": pick.token(question), "label": label}))
            .collect()
    };
    let choices: Vec<Value> = match question.kind() {
        Kind::YesNo | Kind::Choice | Kind::Scale => as_json(own),
        Kind::Multi => options.clone(),
        Kind::Number | Kind::Text => Vec::new(),
    };
    json!({
        "id": question.id(),
        "domain": question.domain,
        "text": question.text_for(header.perspective),
        "help": question.definition.help,
        "evidence": question.definition.evidence,
        "kind": question.kind().as_str(),
        "allow_na": question.definition.allow_na,
        "unit": question.definition.unit,
        "ref": question.external_ref(),
        "max_length": question.definition.max_length,
        "options": options,
        "picks": choices,
        "extra": as_json(extra),
        "when": question.when.as_ref().map(when_json),
    })
}

/// A `when` as the page reads it: `{question, options}`, or `{all: [..]}`, `{any: [..]}`,
/// `{not: ..}` of those.
fn when_json(when: &crate::validate::ValidWhen) -> serde_json::Value {
    use crate::validate::ValidWhen;
    match when {
        ValidWhen::Answer { question, options } => {
            json!({"question": question, "options": options})
        }
        ValidWhen::All(list) => json!({"all": list.iter().map(when_json).collect::<Vec<_>>()}),
        ValidWhen::Any(list) => json!({"any": list.iter().map(when_json).collect::<Vec<_>>()}),
        ValidWhen::Not(inner) => json!({"not": when_json(inner)}),
    }
}

/// The page for `questionnaire`; `header` gives the `questionnaire:` reference the answers
/// will carry and the perspective the questions are worded for.
pub fn render(questionnaire: &ValidQuestionnaire, header: &Header) -> String {
    let definition = &questionnaire.definition;
    let reference = header
        .questionnaire
        .clone()
        .unwrap_or_else(|| format!("{}@{}", questionnaire.id(), questionnaire.version()));
    let data = json!({
        "id": questionnaire.id(),
        "version": questionnaire.version(),
        "reference": reference,
        "perspective": header.perspective.map(|perspective| perspective.as_str()),
        "na": NOT_APPLICABLE,
        "domains": questionnaire.domains.iter().enumerate().map(|(index, domain)| json!({
            "id": domain.id,
            "title": domain.title,
            "description": definition.domains.get(index).and_then(|raw| raw.description.clone()),
        })).collect::<Vec<_>>(),
        "questions": questionnaire.questions.iter().map(|question| question_data(question, header)).collect::<Vec<_>>(),
    });
    // Inside a `<script>` data block, `<` is written `\u003c` so no text can close it.
    let data = data.to_string().replace('<', "\\u003c");
    let for_whom = match header.perspective {
        Some(crate::model::Perspective::Client) => {
            " The questions are worded for a client assessing its provider."
        }
        Some(crate::model::Perspective::Provider) => {
            " The questions are worded for a provider answering about itself."
        }
        Some(crate::model::Perspective::Auditor) => {
            " The questions are worded for an auditor or consultant."
        }
        None => "",
    };
    let title = html(&definition.title);
    let description = definition
        .description
        .as_deref()
        .map(|text| format!("<p class=\"lead\">{}</p>\n", html(text)))
        .unwrap_or_default();
    format!(
        r##"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{policy}">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="mspcheck {tool}">
<title>{title}</title>
<style>{STYLE}</style>
</head>
<body>
<a class="skip" href="#questions">Skip to the questions</a>
<header>
<h1>{title}</h1>
<p class="lead">{id} {version}: {count} questions in {domains} domains.{for_whom} Your answers are kept in this browser as you go (nothing is sent anywhere); when you are done, press <b>Download answers</b> and send the file back.</p>
{description}</header>
<div class="bar" role="region" aria-label="Progress and file">
<div class="inner">
<progress id="progress" max="1" value="0" aria-labelledby="total"></progress>
<span id="total" class="total"></span>
<button type="button" id="download">Download answers</button>
<button type="button" id="open" class="secondary">Open answers file</button>
<input type="file" id="open-file" accept=".yaml,.yml,text/yaml,application/x-yaml" hidden>
</div>
</div>
<main>
<p id="status" class="status" role="status" aria-live="polite"></p>
<fieldset class="about">
<legend>Your details</legend>
<div class="field"><label for="header-provider">Provider (who is assessed)</label><input type="text" id="header-provider" autocomplete="organization"></div>
<div class="field"><label for="header-assessor">Answered by</label><input type="text" id="header-assessor" autocomplete="name"></div>
<div class="field"><label for="header-date">Date</label><input type="date" id="header-date"></div>
</fieldset>
<nav aria-label="Domains"><ol id="domains"></ol></nav>
<div id="questions"></div>
<div class="row"><button type="button" id="clear-all" class="secondary">Clear all answers</button></div>
</main>
<footer><p>Made by mspcheck {tool} for questionnaire {id} {version} (sha256 {sha}). Leave a question unanswered if you do not know: it counts as unanswered, never as wrong.</p></footer>
<script type="application/json" id="questionnaire">{data}</script>
<script>{SCRIPT}</script>
</body>
</html>
"##,
        policy = html(&policy()),
        tool = env!("CARGO_PKG_VERSION"),
        id = html(questionnaire.id()),
        version = html(questionnaire.version()),
        count = questionnaire.questions.len(),
        domains = questionnaire.domains.len(),
        sha = html(&questionnaire.sha256),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_known_values() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn the_page_allows_only_its_own_script_and_style_and_no_text_closes_the_data_block() {
        let questionnaire = crate::test_support::questionnaire(
            r#"
format: mspcheck/questionnaire/1
id: hostile
version: 1.0.0
title: "</title><script>alert(1)</script>"
domains:
  - {id: main, title: "</script><script>alert(2)</script>", weight: 1}
questions:
  - {id: q.yes, domain: main, text: "</script><b>x</b>", kind: yes_no}
classification:
  rules:
    - {class: amateur, if: {}}
"#,
        );
        let page = render(&questionnaire, &Header::default());
        assert_eq!(
            page.matches("<script").count(),
            2,
            "only the data block and the script"
        );
        assert_eq!(page.matches("</script>").count(), 2);
        assert!(!page.contains("<b>x</b>"));
        assert!(page.contains(&html(&format!("script-src {};", csp_hash(SCRIPT)))));
        assert!(page.contains(&format!("<script>{SCRIPT}</script>")));
        assert!(page.contains(&format!("<style>{STYLE}</style>")));
        assert!(
            !page.contains("http://") && !page.contains("https://"),
            "no network address"
        );
    }
}
