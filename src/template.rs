//! `template`: a blank answers file to fill in an editor. Every question is a commented block
//! (its text, why it matters, the allowed answers with their labels and scores, the unit,
//! the scale's labels, whether `na` is allowed, when it applies) followed by its key with an
//! empty value, which the answers loader treats as unanswered: a file with only some keys
//! filled is valid. Text from the questionnaire goes into comments only, one line at a time,
//! with control characters and line breaks removed. Pure.

use std::fmt::Write as _;

use crate::model::questionnaire::Kind;
use crate::model::Perspective;
use crate::report::escape::terminal;
use crate::validate::answers::format_number;
use crate::validate::answers::Header;
use crate::validate::{ValidQuestion, ValidQuestionnaire};

/// The schema file name the first line points at (`mspcheck schema answers` writes it).
pub const SCHEMA_FILE: &str = "mspcheck-answers.schema.json";

/// The optional client facts, commented out: uncommented, they select the regulations the
/// report's obligations section lists.
const CLIENT_BLOCK: &str = "\
# client:                # optional: facts about the client; they select the regulations that apply
#   sector: finance      # finance | non_bank_finance | health | defence | government | education | legal | energy | manufacturing | retail | other
#   region: us-ny        # one code or a list: us, us-ny, us-la, eu, eu-de, uk, au ...
#   public_body: false   # a state or local government body, school district, public university ...
";

/// The client facts as a YAML mapping.
fn client_mapping(client: &crate::model::answers::ClientFacts) -> serde_yaml::Mapping {
    match serde_yaml::to_value(client) {
        Ok(serde_yaml::Value::Mapping(mapping)) => mapping,
        _ => serde_yaml::Mapping::new(),
    }
}

/// Comment lines are wrapped to this many columns.
const WIDTH: usize = 92;

/// `text` as comment lines starting with `prefix`, wrapped at word boundaries.
fn comment(out: &mut String, prefix: &str, text: &str) {
    hanging(out, prefix, prefix, text);
}

/// `text` as comment lines: the first starts with `first`, the others with `next`.
fn hanging(out: &mut String, first: &str, next: &str, text: &str) {
    let clean = terminal(text);
    let mut line = String::from(first);
    let mut words = 0;
    for word in clean.split_whitespace() {
        if words > 0 && line.chars().count() + 1 + word.chars().count() > WIDTH {
            out.push_str(line.trim_end());
            out.push('\n');
            line = String::from(next);
        }
        if !line.ends_with(' ') {
            line.push(' ');
        }
        line.push_str(word);
        words += 1;
    }
    if words > 0 {
        out.push_str(&line);
        out.push('\n');
    }
}

/// A YAML double-quoted scalar every YAML reader reads back exactly (see `answers_file::yaml_string`).
fn quoted(text: &str) -> String {
    crate::answers_file::yaml_string(text)
}

/// A question id as a mapping key: plain when YAML reads it back as the same text, quoted
/// otherwise (ids may start with a digit or be `null`, `true`, …).
fn key(id: &str) -> String {
    let plain = id
        .chars()
        .next()
        .is_some_and(|first| first.is_ascii_lowercase())
        && !matches!(
            id,
            "null" | "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n"
        );
    if plain {
        id.to_string()
    } else {
        quoted(id)
    }
}

/// The blank answers file for `questionnaire`. The header's `questionnaire` reference is
/// written in `questionnaire:` (e.g. `msp@1.2.0`, or a path relative to the answers file
/// with its version pin); its `perspective`, when given, fills in `perspective:` and words
/// the questions for it.
pub fn render(questionnaire: &ValidQuestionnaire, header: &Header) -> String {
    let reference = header
        .questionnaire
        .as_deref()
        .unwrap_or(questionnaire.id());
    let perspective = header.perspective;
    let definition = &questionnaire.definition;
    let mut text = format!("# yaml-language-server: $schema={SCHEMA_FILE}\n#\n");
    comment(
        &mut text,
        "#",
        &format!(
            "Answers for \"{}\" ({} {}): {} questions in {} domains.",
            definition.title,
            questionnaire.id(),
            questionnaire.version(),
            questionnaire.questions.len(),
            questionnaire.domains.len()
        ),
    );
    text.push_str(
        "#\n\
         # Fill in the answers you know and leave the others empty: an empty answer counts as\n\
         # unanswered (it lowers coverage and is never an error). Check the file with\n\
         # `mspcheck validate FILE` and score it with `mspcheck assess FILE`.\n\
         # Scores run from 0 (worst) to 1 (best).\n\
         #\n\
         # An answer may also be written in long form, with what backs it:\n\
         #   question.id:\n\
         #     answer: yes\n\
         #     note: what you were told, and by whom\n\
         #     evidence: the document that proves it\n\
         #     verified: true          # you have seen the evidence yourself\n\
         #\n",
    );
    comment(
        &mut text,
        "#",
        &format!(
            "Editor support: save the output of `mspcheck schema answers` as {SCHEMA_FILE} beside this file; \
             editors that use yaml-language-server then complete and check it."
        ),
    );
    let _ = writeln!(text, "format: {}", crate::model::answers::FORMAT);
    let _ = writeln!(text, "questionnaire: {}", quoted(reference));
    text.push_str("provider: \"\"            # who is assessed\n");
    text.push_str("assessor:               # who answers (optional)\n");
    match perspective {
        Some(perspective) => {
            let _ = writeln!(text, "perspective: {}", perspective.as_str());
        }
        None => text.push_str("perspective:            # client | provider | auditor (optional)\n"),
    }
    text.push_str("date:                   # YYYY-MM-DD (optional)\n");
    match header.client.as_ref().and_then(|client| {
        serde_yaml::to_string(&serde_yaml::Value::from(client_mapping(client))).ok()
    }) {
        Some(client) => {
            text.push_str("client:\n");
            for line in client.lines() {
                let _ = writeln!(text, "  {line}");
            }
        }
        None => text.push_str(CLIENT_BLOCK),
    }
    text.push_str("answers:\n");

    let mut domain = None;
    for question in &questionnaire.questions {
        if domain != Some(question.domain) {
            domain = Some(question.domain);
            let current = &questionnaire.domains[question.domain];
            text.push('\n');
            comment(
                &mut text,
                "  # ==",
                &format!(
                    "{} (domain `{}`, weight {})",
                    current.title,
                    current.id,
                    format_number(current.weight)
                ),
            );
            if let Some(description) = definition
                .domains
                .get(question.domain)
                .and_then(|domain| domain.description.as_deref())
            {
                comment(&mut text, "  #", description);
            }
        }
        text.push('\n');
        question_block(&mut text, questionnaire, question, perspective);
    }
    text
}

fn question_block(
    text: &mut String,
    questionnaire: &ValidQuestionnaire,
    question: &ValidQuestion,
    perspective: Option<Perspective>,
) {
    let definition = &question.definition;
    let reference = question
        .external_ref()
        .map(|reference| format!(" [ref {reference}]"))
        .unwrap_or_default();
    let counts = if question.scored {
        format!("weight {}", format_number(question.weight()))
    } else if question.kind() == Kind::Text {
        "not scored".to_string()
    } else {
        "context question, not scored".to_string()
    };
    comment(
        text,
        "  #",
        &format!(
            "{}{reference} ({}, {counts})",
            question.id(),
            question.kind().as_str(),
        ),
    );
    comment(text, "  #", question.text_for(perspective));
    if let Some(help) = &definition.help {
        comment(text, "  #   ", help);
    }
    if let Some(when) = &question.when {
        let words = when.describe(&questionnaire.questions, &|parent, option| {
            format!("`{}`", parent.options[option].value)
        });
        comment(
            text,
            "  #",
            &format!("Applies only when {words}; otherwise leave it empty."),
        );
    }
    match question.kind() {
        Kind::YesNo | Kind::Choice => {
            let intro = if question.kind() == Kind::YesNo {
                "Answer `yes` or `no`:"
            } else {
                "Answer one of:"
            };
            comment(text, "  #", intro);
            options(text, question);
        }
        Kind::Multi => {
            let alone: Vec<String> = question
                .options
                .iter()
                .filter(|option| option.exclusive)
                .map(|option| format!("`[{}]`", terminal(&option.value)))
                .collect();
            let intro = if alone.is_empty() {
                "Answer a list of any of these, e.g. `[a, b]` (scores add up, to at most 1; `[]` = none):".to_string()
            } else {
                format!(
                    "Answer a list of any of these, e.g. `[a, b]` (scores add up, to at most 1), or {} alone when none applies; options marked \"alone\" cannot be combined with others:",
                    alone.join(" or ")
                )
            };
            comment(text, "  #", &intro);
            options(text, question);
        }
        Kind::Text => {
            let limit = definition
                .max_length
                .map(|limit| format!(", at most {limit} characters"))
                .unwrap_or_default();
            comment(
                text,
                "  #",
                &format!("Answer in your own words, in quotes{limit}; empty = unanswered:"),
            );
            comment(text, "  #     ", "\"...\"");
        }
        Kind::Scale if !question.scored => {
            let (min, max) = question.scale_range();
            comment(
                text,
                "  #",
                &format!("Answer a whole number from {min} to {max}."),
            );
            if let Some(scale) = &definition.scale {
                for (point, label) in &scale.labels {
                    comment(text, "  #     ", &format!("{point}: {label}"));
                }
            }
        }
        Kind::Scale => {
            let (min, max) = question.scale_range();
            comment(
                text,
                "  #",
                &format!("Answer a whole number from {min} (score 0) to {max} (score 1)."),
            );
            if let Some(scale) = &definition.scale {
                for (point, label) in &scale.labels {
                    comment(text, "  #     ", &format!("{point}: {label}"));
                }
            }
        }
        Kind::Number => {
            let unit = definition
                .unit
                .as_deref()
                .map(|unit| format!(" in {unit}"))
                .unwrap_or_default();
            let bands = if question.scored {
                "It scores by band:"
            } else {
                "Its bands:"
            };
            comment(text, "  #", &format!("Answer a number ≥ 0{unit}. {bands}"));
            let mut previous: Option<f64> = None;
            for band in &definition.bands {
                let range = match (previous, band.up_to) {
                    (None, Some(up_to)) => format!("up to {}", format_number(up_to)),
                    (Some(before), Some(up_to)) => format!(
                        "over {} up to {}",
                        format_number(before),
                        format_number(up_to)
                    ),
                    (Some(before), None) => format!("over {}", format_number(before)),
                    (None, None) => "any".to_string(),
                };
                let label = band
                    .label
                    .as_deref()
                    .map(|label| format!(" {label}"))
                    .unwrap_or_default();
                let flag = band
                    .red_flag
                    .as_deref()
                    .map(|flag| format!("; red flag: {flag}"))
                    .unwrap_or_default();
                let score = band
                    .score
                    .filter(|_| question.scored)
                    .map(|score| format!(" (score {})", format_number(score)))
                    .unwrap_or_default();
                comment(text, "  #     ", &format!("{range}:{label}{score}{flag}"));
                previous = band.up_to;
            }
        }
    }
    if definition.allow_na {
        comment(text, "  #", "`na` (not applicable) is also accepted.");
    }
    if let Some(unknown) = &question.unknown {
        comment(text, "  #", &unknown_sentence(unknown, str::to_string));
    }
    if let Some(evidence) = &definition.evidence {
        comment(text, "  #", &format!("Evidence to ask for: {evidence}"));
    }
    let _ = writeln!(text, "  {}:", key(question.id()));
}

fn options(text: &mut String, question: &ValidQuestion) {
    let width = question
        .options
        .iter()
        .map(|option| terminal(&option.value).chars().count())
        .max()
        .unwrap_or(0);
    for option in &question.options {
        let value = terminal(&option.value);
        let padding = " ".repeat(width.saturating_sub(value.chars().count()));
        let label = if option.label == option.value {
            String::new()
        } else {
            format!("{} ", option.label)
        };
        let flag = option
            .red_flag
            .as_deref()
            .map(|flag| format!("; red flag: {flag}"))
            .unwrap_or_default();
        let alone = if option.exclusive { "; alone" } else { "" };
        let detail = if question.scored {
            format!(
                "{label}(score {}{alone}){flag}",
                format_number(option.score)
            )
        } else if option.exclusive {
            format!("{label}(alone){flag}")
        } else {
            format!("{}{flag}", label.trim_end())
        };
        hanging(
            text,
            &format!("  #     {value}{padding}  "),
            &format!("  #     {}  ", " ".repeat(width)),
            &detail,
        );
    }
}

/// What `unknown` means for a question, in one sentence (templates and `show`).
/// `escape` is applied to the questionnaire's own text (label and red flag).
pub fn unknown_sentence(
    unknown: &crate::validate::ValidUnknown,
    escape: impl Fn(&str) -> String,
) -> String {
    let scored = match unknown.score {
        Some(score) => format!("scores {}", format_number(score)),
        None => "counts as answered but is left out of the score".to_string(),
    };
    let flag = unknown
        .red_flag
        .as_deref()
        .map(|flag| format!("; red flag: {}", escape(flag)))
        .unwrap_or_default();
    format!(
        "`unknown` ({}) is also accepted: it {scored}{flag}.",
        escape(&unknown.label)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(perspective: Option<Perspective>) -> Header {
        Header {
            questionnaire: Some("odd@2.1.0".into()),
            perspective,
            ..Header::default()
        }
    }
    use crate::source::Source;
    use crate::validate;
    use crate::yaml::Document;

    const QUESTIONNAIRE: &str = r#"
format: mspcheck/questionnaire/1
id: odd
version: 2.1.0
title: "Odd \u001b[31mids"
domains: [{ id: d, title: D, weight: 1, description: "Line one\nline two" }]
questions:
  - { id: "null", domain: d, text: "Is it null?", kind: yes_no }
  - { id: 2fa, domain: d, text: "Second\nfactor?", kind: choice, options: [{ value: sms, score: 0.5 }, { value: app, label: An app, score: 1 }] }
  - { id: when.child, domain: d, text: Child, kind: scale, scale: { min: 1, max: 3, labels: { 1: low } }, allow_na: true, when: { question: 2fa, in: [app] } }
  - { id: days, domain: d, text: Days, kind: number, unit: days, bands: [{ up_to: 7, score: 1 }, { score: 0, red_flag: Too slow }] }
classification:
  rules: [{ class: amateur, if: {} }]
"#;

    fn questionnaire() -> ValidQuestionnaire {
        let document = Document::parse(
            Source::from_bytes("q.yaml".into(), None, QUESTIONNAIRE.as_bytes()).unwrap(),
        )
        .unwrap();
        validate::questionnaire::validate(&document).unwrap()
    }

    fn load(questionnaire: &ValidQuestionnaire, text: &str) -> validate::ValidAnswers {
        let document =
            Document::parse(Source::from_bytes("a.yaml".into(), None, text.as_bytes()).unwrap())
                .unwrap();
        let header = validate::answers::read_header(&document).unwrap();
        validate::answers::validate(&document, &header, questionnaire, true).unwrap()
    }

    #[test]
    fn blank_template_loads_with_nothing_answered() {
        let questionnaire = questionnaire();
        let text = render(&questionnaire, &header(Some(Perspective::Auditor)));
        assert!(text.starts_with("# yaml-language-server: $schema=mspcheck-answers.schema.json\n"));
        assert!(!text.contains('\u{1b}'), "control characters are removed");
        let answers = load(&questionnaire, &text);
        assert!(answers
            .answers
            .iter()
            .all(crate::validate::Answer::is_empty));
        assert_eq!(answers.header.perspective, Some(Perspective::Auditor));
        assert_eq!(answers.header.provider, "");
    }

    #[test]
    fn the_client_block_uncommented_gives_client_facts() {
        let questionnaire = questionnaire();
        let text = render(&questionnaire, &header(None));
        let filled = text
            .replace("# client:", "client:")
            .replace("#   sector:", "  sector:")
            .replace("#   region:", "  region:")
            .replace("#   public_body:", "  public_body:");
        let answers = load(&questionnaire, &filled);
        assert_eq!(
            answers.header.client,
            Some(crate::model::answers::ClientFacts {
                sector: Some(crate::model::answers::Sector::Finance),
                region: vec!["us-ny".into()],
                public_body: Some(false),
            })
        );
        assert_eq!(load(&questionnaire, &text).header.client, None);
        let mut known = header(None);
        known.client = answers.header.client.clone();
        let written = render(&questionnaire, &known);
        assert_eq!(load(&questionnaire, &written).header.client, known.client);
    }

    #[test]
    fn awkward_ids_are_quoted_and_can_be_filled() {
        let questionnaire = questionnaire();
        let text = render(&questionnaire, &header(None));
        assert!(
            text.contains("\n  \"null\":\n") && text.contains("\n  \"2fa\":\n"),
            "{text}"
        );
        let filled = text
            .replace("  \"null\":\n", "  \"null\": yes\n")
            .replace("  \"2fa\":\n", "  \"2fa\": app\n")
            .replace("  days:\n", "  days: 3\n");
        let answers = load(&questionnaire, &filled);
        assert_eq!(
            answers
                .answers
                .iter()
                .filter(|answer| answer.value.is_some())
                .count(),
            3
        );
    }

    #[test]
    fn every_question_is_explained_in_comments() {
        let text = render(&questionnaire(), &header(None));
        for expected in [
            "Second factor?",
            "#     app  An app (score 1)",
            "Applies only when `2fa` is `app`",
            "#     1: low",
            "`na` (not applicable) is also accepted.",
            "over 7: (score 0); red flag: Too slow",
            "Line one line two",
        ] {
            assert!(text.contains(expected), "missing {expected:?} in\n{text}");
        }
        // No line of questionnaire text escapes its comment.
        let body = text.split("\nanswers:\n").nth(1).unwrap();
        assert!(
            body.lines().all(|line| line.is_empty()
                || line.trim_start().starts_with('#')
                || line.ends_with(':')),
            "{body}"
        );
    }
}
