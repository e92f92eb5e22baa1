//! Structure-aware fuzz target: arbitrary bytes become a questionnaire (domains, questions of
//! every kind, options, bands, scales, weights, `when`, signals, red flags, rules) and an
//! answers file for it, written as YAML text. Both go through validation, then scoring,
//! classification, the roadmap and every report format. Nothing may panic, no output may
//! show `inf` or `NaN`, and the best case may not be below the worst.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use mspcheck::assessment::{assess, Options};
use mspcheck::cli::ReportFormat;
use mspcheck::report::{render, Style};
use mspcheck::source::Source;
use mspcheck::yaml::Document;

/// A number as it may appear in a file: mostly ordinary, sometimes extreme.
#[derive(Debug, Arbitrary)]
enum Number {
    Small(i8),
    Share(u8),
    Any(f64),
    Huge(bool),
}

impl Number {
    fn yaml(&self) -> String {
        match self {
            Number::Small(value) => value.to_string(),
            Number::Share(value) => format!("{}", f64::from(*value) / 255.0),
            Number::Any(value) if value.is_nan() => ".nan".into(),
            Number::Any(value) if value.is_infinite() => {
                if *value > 0.0 { ".inf".into() } else { "-.inf".into() }
            }
            Number::Any(value) => format!("{value:e}"),
            Number::Huge(negative) => {
                if *negative { "-5000000000000000000".into() } else { "1e308".into() }
            }
        }
    }
}

/// Text: a few fixed names (so references resolve) or arbitrary text.
#[derive(Debug, Arbitrary)]
enum Text {
    Name(u8),
    Free(String),
}

impl Text {
    fn name(&self, prefix: &str) -> String {
        match self {
            Text::Name(index) => format!("{prefix}{}", index % 4),
            // Free text never spells the words the output check looks for: `N` and `f` are
            // dropped (replacing `NaN` once would leave the one in "NaNaN").
            Text::Free(text) => text.replace(['N', 'f'], ""),
        }
    }
}

fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

#[derive(Debug, Arbitrary)]
enum Kind {
    YesNo,
    Choice,
    Multi,
    Scale(Number, Number),
    Number,
}

#[derive(Debug, Arbitrary)]
struct OptionSpec {
    value: Text,
    score: Number,
    signal: Option<Text>,
    red_flag: Option<Text>,
}

#[derive(Debug, Arbitrary)]
struct QuestionSpec {
    id: Text,
    domain: Text,
    text: Text,
    kind: Kind,
    weight: Option<Number>,
    allow_na: bool,
    options: Vec<OptionSpec>,
    bands: Vec<(Option<Number>, Number)>,
    when: Option<(Text, Vec<Text>)>,
}

#[derive(Debug, Arbitrary)]
enum Condition {
    ScoreAtLeast(Number),
    CoverageAtLeast(Number),
    RedFlagsAtMost(Number),
    SignalsAny(Vec<Text>),
    SignalsNone(Vec<Text>),
    DomainBelow(Text, Number),
    Empty,
}

impl Condition {
    fn yaml(&self) -> String {
        let list = |items: &Vec<Text>| {
            items.iter().take(4).map(|item| quoted(&item.name("s"))).collect::<Vec<_>>().join(", ")
        };
        match self {
            Condition::ScoreAtLeast(number) => format!("{{ score_at_least: {} }}", number.yaml()),
            Condition::CoverageAtLeast(number) => format!("{{ coverage_at_least: {} }}", number.yaml()),
            Condition::RedFlagsAtMost(number) => format!("{{ red_flags_at_most: {} }}", number.yaml()),
            Condition::SignalsAny(items) => format!("{{ signals_any: [{}] }}", list(items)),
            Condition::SignalsNone(items) => format!("{{ signals_none: [{}] }}", list(items)),
            Condition::DomainBelow(domain, number) => {
                format!("{{ domain_below: {{ {}: {} }} }}", quoted(&domain.name("d")), number.yaml())
            }
            Condition::Empty => "{}".into(),
        }
    }
}

#[derive(Debug, Arbitrary)]
enum AnswerSpec {
    Option(u8),
    Options(Vec<u8>),
    Number(Number),
    Na,
    Free(Text),
    Long { option: u8, note: Text, verified: bool },
}

#[derive(Debug, Arbitrary)]
struct Case {
    domains: Vec<(Text, Number)>,
    questions: Vec<QuestionSpec>,
    rules: Vec<(u8, Text, Condition)>,
    provider: Text,
    answers: Vec<(u8, AnswerSpec)>,
}

fn option_values(question: &QuestionSpec) -> Vec<String> {
    match question.kind {
        Kind::YesNo => vec!["yes".into(), "no".into()],
        _ => question.options.iter().take(6).map(|option| option.value.name("o")).collect(),
    }
}

impl Case {
    fn questionnaire(&self) -> String {
        let mut text = String::from(
            "format: mspcheck/questionnaire/1\nid: fuzz\nversion: 1.0.0\ntitle: Fuzz\ndomains:\n",
        );
        let mut domains: Vec<String> = Vec::new();
        for (id, weight) in self.domains.iter().take(4) {
            let id = id.name("d");
            text.push_str(&format!("  - {{ id: {}, title: T, weight: {} }}\n", quoted(&id), weight.yaml()));
            domains.push(id);
        }
        text.push_str("questions:\n");
        for question in self.questions.iter().take(12) {
            text.push_str(&format!(
                "  - id: {}\n    domain: {}\n    text: {}\n",
                quoted(&question.id.name("q.")),
                quoted(&question.domain.name("d")),
                quoted(&question.text.name("Question "))
            ));
            let kind = match &question.kind {
                Kind::YesNo => "yes_no",
                Kind::Choice => "choice",
                Kind::Multi => "multi",
                Kind::Scale(..) => "scale",
                Kind::Number => "number",
            };
            text.push_str(&format!("    kind: {kind}\n"));
            if let Some(weight) = &question.weight {
                text.push_str(&format!("    weight: {}\n", weight.yaml()));
            }
            if question.allow_na {
                text.push_str("    allow_na: true\n");
            }
            if let Kind::Scale(min, max) = &question.kind {
                text.push_str(&format!("    scale: {{ min: {}, max: {} }}\n", min.yaml(), max.yaml()));
            }
            if let Kind::Number = question.kind {
                text.push_str("    bands:\n");
                for (up_to, score) in question.bands.iter().take(4) {
                    match up_to {
                        Some(up_to) => text.push_str(&format!("      - {{ up_to: {}, score: {} }}\n", up_to.yaml(), score.yaml())),
                        None => text.push_str(&format!("      - {{ score: {} }}\n", score.yaml())),
                    }
                }
            }
            if matches!(question.kind, Kind::YesNo | Kind::Choice | Kind::Multi) && !question.options.is_empty() {
                text.push_str("    options:\n");
                for (option, value) in question.options.iter().take(6).zip(option_values(question)) {
                    text.push_str(&format!("      - {{ value: {}, score: {}", quoted(&value), option.score.yaml()));
                    if let Some(signal) = &option.signal {
                        text.push_str(&format!(", signals: [{}]", quoted(&signal.name("s"))));
                    }
                    if let Some(flag) = &option.red_flag {
                        text.push_str(&format!(", red_flag: {}", quoted(&flag.name("flag "))));
                    }
                    text.push_str(" }\n");
                }
            }
            if let Some((on, values)) = &question.when {
                let values: Vec<String> = values.iter().take(3).map(|value| quoted(&value.name("o"))).collect();
                text.push_str(&format!("    when: {{ question: {}, in: [{}] }}\n", quoted(&on.name("q.")), values.join(", ")));
            }
        }
        text.push_str("classification:\n  rules:\n");
        for (class, reason, condition) in self.rules.iter().take(4) {
            let class = ["amateur", "pseudo", "mature"][usize::from(*class % 3)];
            text.push_str(&format!(
                "    - class: {class}\n      reason: {}\n      if: {}\n",
                quoted(&reason.name("reason ")),
                condition.yaml()
            ));
        }
        text.push_str("    - class: amateur\n      if: {}\n");
        text
    }

    fn answers(&self) -> String {
        let mut text = format!(
            "format: mspcheck/answers/1\nquestionnaire: fuzz.yaml\nprovider: {}\nanswers:\n",
            quoted(&self.provider.name("Provider "))
        );
        let questions: Vec<&QuestionSpec> = self.questions.iter().take(12).collect();
        if questions.is_empty() {
            return text;
        }
        for (index, answer) in self.answers.iter().take(16) {
            let question = questions[usize::from(*index) % questions.len()];
            let values = option_values(question);
            let pick = |index: u8| values.get(usize::from(index) % values.len().max(1)).cloned().unwrap_or_default();
            let value = match answer {
                AnswerSpec::Option(index) => quoted(&pick(*index)),
                AnswerSpec::Options(indexes) => format!(
                    "[{}]",
                    indexes.iter().take(6).map(|index| quoted(&pick(*index))).collect::<Vec<_>>().join(", ")
                ),
                AnswerSpec::Number(number) => number.yaml(),
                AnswerSpec::Na => "na".into(),
                AnswerSpec::Free(free) => quoted(&free.name("o")),
                AnswerSpec::Long { option, note, verified } => format!(
                    "{{ answer: {}, note: {}, verified: {verified} }}",
                    quoted(&pick(*option)),
                    quoted(&note.name("note "))
                ),
            };
            text.push_str(&format!("  {}: {value}\n", quoted(&question.id.name("q."))));
        }
        text
    }
}

fn check_output(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    for word in ["inf", "NaN"] {
        for (at, _) in text.match_indices(word) {
            let before = text[..at].chars().next_back();
            let after = text[at + word.len()..].chars().next();
            let alone = !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric);
            assert!(!alone, "a report shows `{word}`: …{}…", &text[at.saturating_sub(40)..(at + 40).min(text.len())]);
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(case) = Case::arbitrary(&mut Unstructured::new(data)) else { return };
    let questionnaire_text = case.questionnaire();
    let answers_text = case.answers();
    let Ok(source) = Source::from_bytes("fuzz.yaml".into(), None, questionnaire_text.as_bytes()) else { return };
    let Ok(document) = Document::parse(source) else { return };
    let Ok(questionnaire) = mspcheck::validate::questionnaire::validate(&document) else { return };
    let _ = mspcheck::command::show::markdown(&questionnaire, None);
    let Ok(source) = Source::from_bytes("a.yaml".into(), None, answers_text.as_bytes()) else { return };
    let Ok(document) = Document::parse(source) else { return };
    let Ok(header) = mspcheck::validate::answers::read_header(&document) else { return };
    let Ok(answers) = mspcheck::validate::answers::validate(&document, &header, &questionnaire, true) else { return };
    let assessment = assess(&questionnaire, &answers, &Options::default());
    if let (Some(best), Some(worst)) = (assessment.range.best_score, assessment.range.worst_score) {
        assert!(best.is_finite() && worst.is_finite());
    }
    if let (Some(best), Some(worst)) = (assessment.range.best_score, assessment.range.worst_score) {
        assert!(best + 1e-9 >= worst, "best case {best} below worst case {worst}");
    }
    if let Some(score) = assessment.score {
        assert!(score.is_finite() && (0.0..=100.0).contains(&score), "score {score}");
    }
    let style = Style { color: false, width: 80 };
    for format in [ReportFormat::Table, ReportFormat::Json, ReportFormat::Markdown, ReportFormat::Html, ReportFormat::Csv] {
        let mut out = Vec::new();
        render(format, std::slice::from_ref(&assessment), style, &mspcheck::report::Frame::default(), &mut out).expect("rendering to memory cannot fail");
        check_output(&out);
    }
});
