//! Reading one typed line: a navigation token, or an answer written exactly as in an answers
//! file's short form (`yes`, `quarterly`, `[a, b]`, `14`, `na`), checked by the same code that
//! checks answers files. Shared by the line protocol and the terminal's text prompts.

use chrono::NaiveDate;
use serde_yaml::Value;

use crate::diagnostic::{Code, Diagnostic, Location};
use crate::model::answers::{ClientFacts, Sector};
use crate::model::questionnaire::Kind;
use crate::model::Perspective;
use crate::source::Source;
use crate::validate::answers::{allowed_text, parse_value};
use crate::validate::{AnswerValue, ValidQuestion};
use crate::yaml::{key, Document};

use super::session::Step;

/// The navigation tokens, as shown to users.
pub const TOKENS: &str = "empty line = skip, `?` = help, `<` = back, `>>` = first unanswered, `-` = clear the answer, `.` = finish";

/// Reads `line` (typed at line `number` of `source`) as a step for `question`.
pub fn parse_step(
    question: &ValidQuestion,
    line: &str,
    source: &str,
    number: usize,
) -> Result<Step, Diagnostic> {
    let line = line.trim();
    match line {
        "" => return Ok(Step::Skip),
        "?" => return Ok(Step::Help),
        "<" => return Ok(Step::Back),
        ">>" => return Ok(Step::FirstUnanswered),
        "." => return Ok(Step::Finish),
        "-" => return Ok(Step::Clear),
        _ => {}
    }
    parse_answer(question, line, source, number).map(Step::Answer)
}

/// Reads `line` as an answer to `question`.
pub fn parse_answer(
    question: &ValidQuestion,
    line: &str,
    source: &str,
    number: usize,
) -> Result<AnswerValue, Diagnostic> {
    let line = line.trim();
    let location = Location {
        file: source.to_string(),
        line: number,
        column: 1,
    };
    if question.kind() == Kind::Text {
        // Free text is taken as typed, not read as YAML (`:` or `#` are plain text here).
        let text = Value::String(line.to_string());
        return crate::validate::answers::parse_answer_value(question, &text, &|_| {
            Some(location.clone())
        });
    }
    if let Some(value) = by_number(question, line) {
        if let AnswerValue::Options(chosen) = &value {
            if let Some(conflict) =
                crate::validate::questionnaire::exclusive_conflict(question, chosen)
            {
                return Err(
                    crate::validate::answers::exclusive_error(question, conflict).at(location),
                );
            }
        }
        return Ok(value);
    }
    let written = match question.kind() {
        Kind::Multi
            if line != "na"
                && !(line == crate::validate::answers::UNKNOWN_TOKEN
                    && question.unknown.is_some())
                && !line.starts_with('[') =>
        {
            format!("[{line}]")
        }
        Kind::YesNo if line == "y" => "yes".to_string(),
        Kind::YesNo if line == "n" => "no".to_string(),
        _ => line.to_string(),
    };
    let not_an_answer = || {
        Diagnostic::error(
            Code::ValueNotAllowed,
            format!("`{line}` is not an answer to `{}`", question.id()),
        )
        .at(location.clone())
        .with_help(allowed_text(question))
    };
    // The answer goes through the YAML layer like a file's would, so it means the same.
    let text = format!("answer: {written}\n");
    let document = Source::from_bytes(source.to_string(), None, text.as_bytes())
        .and_then(Document::parse)
        .map_err(|_| not_an_answer())?;
    let path = key(&[], "answer");
    let value = document.get(&path).cloned().unwrap_or(Value::Null);
    if value.is_null() {
        return Err(not_an_answer());
    }
    parse_value(&document, question, &value, &path).map_err(|mut diagnostic| {
        diagnostic.location = Some(location.clone());
        diagnostic
    })
}

/// `3` picks the third listed option of a `yes_no`, `choice` or `multi` question (`1,3` for
/// several), unless an option's value is that very text.
fn by_number(question: &ValidQuestion, line: &str) -> Option<AnswerValue> {
    let pick = |item: &str| -> Option<usize> {
        if question.option_index(item).is_some() {
            return None;
        }
        let number: usize = item.parse().ok()?;
        (1..=question.options.len())
            .contains(&number)
            .then(|| number - 1)
    };
    match question.kind() {
        Kind::YesNo | Kind::Choice => pick(line).map(AnswerValue::Option),
        Kind::Multi => {
            let inner = line.trim_start_matches('[').trim_end_matches(']');
            let mut chosen = Vec::new();
            for item in inner.split(',') {
                let option = pick(item.trim())?;
                if chosen.contains(&option) {
                    return None;
                }
                chosen.push(option);
            }
            chosen.sort_unstable();
            Some(AnswerValue::Options(chosen))
        }
        Kind::Scale | Kind::Number | Kind::Text => None,
    }
}

/// A header field asked at the start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderField {
    /// Who is assessed (required).
    Provider,
    /// Who answers.
    Assessor,
    /// `client`, `provider` or `auditor`.
    Perspective,
    /// ISO 8601 date.
    Date,
}

impl HeaderField {
    /// All fields, in the order they are asked.
    pub const ALL: [HeaderField; 4] = [
        HeaderField::Provider,
        HeaderField::Assessor,
        HeaderField::Perspective,
        HeaderField::Date,
    ];

    /// The prompt.
    pub fn label(self) -> &'static str {
        match self {
            HeaderField::Provider => "Provider (who is assessed)",
            HeaderField::Assessor => "Assessor (who answers; optional)",
            HeaderField::Perspective => "Perspective (client, provider or auditor; optional)",
            HeaderField::Date => "Date of the assessment (YYYY-MM-DD)",
        }
    }

    /// The key in the answers file.
    pub fn key(self) -> &'static str {
        match self {
            HeaderField::Provider => "provider",
            HeaderField::Assessor => "assessor",
            HeaderField::Perspective => "perspective",
            HeaderField::Date => "date",
        }
    }

    /// Checks a typed value (already known not to be empty or `-`).
    pub fn check(self, text: &str) -> Result<(), String> {
        match self {
            HeaderField::Provider | HeaderField::Assessor => Ok(()),
            HeaderField::Perspective => parse_perspective(text).map(|_| ()),
            HeaderField::Date => parse_date(text).map(|_| ()),
        }
    }
}

/// One fact about the client, as given in the interview: the answers file's `client:`
/// header, which selects the regulations that apply (`None` / empty removes the fact).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientFact {
    /// `client.sector`.
    Sector(Option<Sector>),
    /// `client.region` (one or more region codes).
    Region(Vec<String>),
    /// `client.public_body`.
    PublicBody(Option<bool>),
}

/// The keys a line-protocol client fact is written with, as in the answers file.
pub const CLIENT_KEYS: [&str; 3] = ["client.sector", "client.region", "client.public_body"];

impl ClientFact {
    /// `facts` with this fact set (or removed); `None` when no fact is left.
    pub fn apply(self, facts: Option<ClientFacts>) -> Option<ClientFacts> {
        let mut facts = facts.unwrap_or_default();
        match self {
            ClientFact::Sector(sector) => facts.sector = sector,
            ClientFact::Region(region) => facts.region = region,
            ClientFact::PublicBody(public_body) => facts.public_body = public_body,
        }
        (facts != ClientFacts::default()).then_some(facts)
    }
}

/// A line `client.sector: finance`, `client.region: us-ny, eu-de` or
/// `client.public_body: yes` (`-` after the colon removes the fact). `None` when the line is
/// not of that form; otherwise the fact, or what is wrong with it.
pub fn parse_client_fact(line: &str) -> Option<Result<ClientFact, String>> {
    let (key, value) = line.split_once([':', '='])?;
    let key = key.trim();
    if !CLIENT_KEYS.contains(&key) {
        return None;
    }
    let value = value.trim();
    let removed = value.is_empty() || value == "-";
    Some(match key {
        "client.sector" if removed => Ok(ClientFact::Sector(None)),
        "client.sector" => parse_sector(value).map(|sector| ClientFact::Sector(Some(sector))),
        "client.region" if removed => Ok(ClientFact::Region(Vec::new())),
        "client.region" => parse_regions(value).map(ClientFact::Region),
        _ if removed => Ok(ClientFact::PublicBody(None)),
        _ => parse_flag(value)
            .map(|flag| ClientFact::PublicBody(Some(flag)))
            .ok_or_else(|| {
                format!("`{value}` is not yes or no: `client.public_body` takes `yes` or `no`")
            }),
    })
}

/// A sector name as written in answers files (`finance`, `non_bank_finance`, …).
pub fn parse_sector(text: &str) -> Result<Sector, String> {
    let text = text.trim();
    Sector::ALL
        .iter()
        .copied()
        .find(|sector| sector.as_str() == text)
        .ok_or_else(|| {
            let names = Sector::ALL.iter().map(|sector| sector.as_str());
            let help = crate::diagnostic::did_you_mean(text, names.clone())
                .unwrap_or_else(|| crate::diagnostic::expected_one_of(names));
            format!("`{text}` is not a sector: {help}")
        })
}

/// Region codes, comma-separated (`us-ny, eu-de`).
pub fn parse_regions(text: &str) -> Result<Vec<String>, String> {
    let mut regions: Vec<String> = Vec::new();
    for code in text
        .split(',')
        .map(str::trim)
        .filter(|code| !code.is_empty())
    {
        if !crate::obligations::is_region_code(code) {
            return Err(format!(
                "`{code}` is not a region code: write e.g. `us`, `us-ny`, `eu-de`, `uk`"
            ));
        }
        if !regions.iter().any(|known| known == code) {
            regions.push(code.to_string());
        }
    }
    Ok(regions)
}

/// The client facts in a line: "sector finance · region us-ny · public body yes", or "none".
pub fn client_summary(facts: Option<&ClientFacts>) -> String {
    let Some(facts) = facts else {
        return "none".to_string();
    };
    let mut parts = Vec::new();
    if let Some(sector) = facts.sector {
        parts.push(format!("sector {}", sector.as_str()));
    }
    if !facts.region.is_empty() {
        parts.push(format!("region {}", facts.region.join(", ")));
    }
    if let Some(public_body) = facts.public_body {
        parts.push(format!(
            "public body {}",
            if public_body { "yes" } else { "no" }
        ));
    }
    if parts.is_empty() {
        "none".to_string()
    } else {
        parts.join(" · ")
    }
}

/// `client`, `provider` or `auditor`.
pub fn parse_perspective(text: &str) -> Result<Perspective, String> {
    match text.trim() {
        "client" => Ok(Perspective::Client),
        "provider" => Ok(Perspective::Provider),
        "auditor" => Ok(Perspective::Auditor),
        other => Err(format!(
            "`{other}` is not a perspective: expected one of `client`, `provider`, `auditor`"
        )),
    }
}

/// An ISO 8601 date.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| format!("`{}` is not a date: write it as YYYY-MM-DD", text.trim()))
}

/// `y`/`yes`/`true` or `n`/`no`/`false`.
pub fn parse_flag(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "y" | "yes" | "true" => Some(true),
        "n" | "no" | "false" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_fact_lines_set_remove_and_refuse() {
        assert_eq!(parse_client_fact("billing.model: flat"), None);
        assert_eq!(parse_client_fact("yes"), None);
        assert_eq!(
            parse_client_fact("client.sector: finance"),
            Some(Ok(ClientFact::Sector(Some(Sector::Finance))))
        );
        assert_eq!(
            parse_client_fact(" client.region = us-ny, eu-de, us-ny "),
            Some(Ok(ClientFact::Region(vec!["us-ny".into(), "eu-de".into()])))
        );
        assert_eq!(
            parse_client_fact("client.public_body: yes"),
            Some(Ok(ClientFact::PublicBody(Some(true))))
        );
        assert_eq!(
            parse_client_fact("client.sector: -"),
            Some(Ok(ClientFact::Sector(None)))
        );
        let wrong = parse_client_fact("client.sector: finanse")
            .unwrap()
            .unwrap_err();
        assert!(wrong.contains("did you mean `finance`"), "{wrong}");
        assert!(parse_client_fact("client.region: New York")
            .unwrap()
            .is_err());
        assert!(parse_client_fact("client.public_body: maybe")
            .unwrap()
            .is_err());
        // Setting then removing every fact leaves none.
        let facts = ClientFact::Sector(Some(Sector::Health)).apply(None);
        assert_eq!(client_summary(facts.as_ref()), "sector health");
        assert_eq!(ClientFact::Sector(None).apply(facts), None);
        assert_eq!(client_summary(None), "none");
    }
    use crate::validate::ValidQuestionnaire;

    const QUESTIONNAIRE: &str = r#"
format: mspcheck/questionnaire/1
id: lines
version: 1.0.0
title: Lines
domains:
  - {id: main, title: Main, weight: 1}
questions:
  - {id: q.yes, domain: main, text: "Yes?", kind: yes_no}
  - id: q.choice
    domain: main
    text: Choice?
    kind: choice
    allow_na: true
    options:
      - {value: monthly, score: 1}
      - {value: "2", score: 0.5}
      - {value: never, score: 0}
  - id: q.multi
    domain: main
    text: Multi?
    kind: multi
    options:
      - {value: soc2, score: 0.5}
      - {value: iso27001, score: 0.5}
      - {value: none, score: 0}
  - {id: q.scale, domain: main, text: Scale?, kind: scale, scale: {min: 1, max: 5}}
  - {id: q.number, domain: main, text: Number?, kind: number, unit: days, bands: [{up_to: 7, score: 1}, {score: 0}]}
classification:
  rules:
    - {class: amateur, if: {}}
"#;

    fn questionnaire() -> ValidQuestionnaire {
        let document = Document::parse(
            Source::from_bytes("q.yaml".into(), None, QUESTIONNAIRE.as_bytes()).unwrap(),
        )
        .unwrap();
        crate::validate::questionnaire::validate(&document).unwrap()
    }

    fn step(position: usize, line: &str) -> Result<Step, Diagnostic> {
        let questionnaire = questionnaire();
        parse_step(&questionnaire.questions[position], line, "<stdin>", 7)
    }

    #[test]
    fn navigation_tokens() {
        assert_eq!(step(0, "").unwrap(), Step::Skip);
        assert_eq!(step(0, "  ").unwrap(), Step::Skip);
        assert_eq!(step(0, "?").unwrap(), Step::Help);
        assert_eq!(step(0, "<").unwrap(), Step::Back);
        assert_eq!(step(0, ">>").unwrap(), Step::FirstUnanswered);
        assert_eq!(step(0, ".").unwrap(), Step::Finish);
        assert_eq!(step(0, "-").unwrap(), Step::Clear);
    }

    #[test]
    fn answers_as_in_answers_files() {
        assert_eq!(
            step(0, "yes").unwrap(),
            Step::Answer(AnswerValue::Option(0))
        );
        assert_eq!(
            step(0, "false").unwrap(),
            Step::Answer(AnswerValue::Option(1))
        );
        assert_eq!(step(0, "n").unwrap(), Step::Answer(AnswerValue::Option(1)));
        assert_eq!(
            step(1, "never").unwrap(),
            Step::Answer(AnswerValue::Option(2))
        );
        assert_eq!(
            step(1, "na").unwrap(),
            Step::Answer(AnswerValue::NotApplicable)
        );
        assert_eq!(
            step(2, "iso27001, soc2").unwrap(),
            Step::Answer(AnswerValue::Options(vec![0, 1]))
        );
        assert_eq!(
            step(2, "[]").unwrap(),
            Step::Answer(AnswerValue::Options(vec![]))
        );
        assert_eq!(step(3, "4").unwrap(), Step::Answer(AnswerValue::Integer(4)));
        assert_eq!(
            step(4, "2.5").unwrap(),
            Step::Answer(AnswerValue::Number(2.5))
        );
    }

    #[test]
    fn numbers_pick_listed_options_unless_a_value_is_that_number() {
        assert_eq!(step(0, "2").unwrap(), Step::Answer(AnswerValue::Option(1)));
        assert_eq!(step(1, "1").unwrap(), Step::Answer(AnswerValue::Option(0)));
        assert_eq!(
            step(1, "2").unwrap(),
            Step::Answer(AnswerValue::Option(1)),
            "`2` is a value of its own"
        );
        assert_eq!(step(1, "3").unwrap(), Step::Answer(AnswerValue::Option(2)));
        assert_eq!(
            step(2, "3,1").unwrap(),
            Step::Answer(AnswerValue::Options(vec![0, 2]))
        );
        assert!(step(1, "4").is_err());
    }

    #[test]
    fn wrong_answers_are_located_on_the_input_line_with_the_file_codes() {
        let error = step(1, "weekly").unwrap_err();
        assert_eq!(error.code, Code::ValueNotAllowed);
        assert_eq!(
            error
                .location
                .as_ref()
                .map(|location| (location.file.as_str(), location.line)),
            Some(("<stdin>", 7))
        );
        assert!(error.help.unwrap().contains("`monthly`"));
        assert_eq!(step(0, "na").unwrap_err().code, Code::NaNotAllowed);
        assert_eq!(step(3, "9").unwrap_err().code, Code::OutOfRange);
        assert_eq!(step(4, "-3").unwrap_err().code, Code::OutOfRange);
        assert_eq!(step(4, "soon").unwrap_err().code, Code::WrongType);
        assert_eq!(
            step(2, "soc2, soc2").unwrap_err().code,
            Code::DuplicateValue
        );
        assert_eq!(step(1, "a: b").unwrap_err().code, Code::ValueNotAllowed);
        assert_eq!(step(1, "*alias").unwrap_err().code, Code::ValueNotAllowed);
        assert_eq!(
            step(1, "# nothing").unwrap_err().code,
            Code::ValueNotAllowed
        );
    }

    #[test]
    fn header_values() {
        assert_eq!(parse_perspective("auditor"), Ok(Perspective::Auditor));
        assert!(parse_perspective("boss").is_err());
        assert_eq!(
            parse_date("2026-11-23"),
            Ok(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap())
        );
        assert!(parse_date("23.11.2026").is_err());
        assert!(HeaderField::Date.check("2026-02-30").is_err());
        assert_eq!(parse_flag("Y"), Some(true));
        assert_eq!(parse_flag("no"), Some(false));
        assert_eq!(parse_flag("maybe"), None);
    }
}
