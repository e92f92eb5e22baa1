//! Fuzz target: any bytes, as a questionnaire and as an answers file (against the bundled
//! `quick` questionnaire), through validation, scoring, classification, the roadmap search
//! and every report format. Nothing may panic, hang or exhaust memory.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mspcheck::assessment::{assess, Options};
use mspcheck::cli::ReportFormat;
use mspcheck::load::{load_answers_document, Catalog};
use mspcheck::report::{render, Style};
use mspcheck::source::Source;
use mspcheck::yaml::Document;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = Source::from_bytes("fuzz.yaml".into(), None, data) else { return };
    let Ok(document) = Document::parse(source) else { return };
    if let Ok(questionnaire) = mspcheck::validate::questionnaire::validate(&document) {
        let _ = mspcheck::command::show::markdown(&questionnaire, None);
    }
    let catalog = Catalog::default();
    let Ok(loaded) = load_answers_document(&catalog, document, Some("quick")) else { return };
    let mut assessment = assess(&loaded.questionnaire.questionnaire, &loaded.answers, &Options::default());
    let every: Vec<usize> = (0..loaded.questionnaire.questionnaire.mappings.frameworks.all().len()).collect();
    assessment.frameworks = mspcheck::posture::for_answers(&loaded.questionnaire.questionnaire, &loaded.answers, &Options::default(), &every);
    let style = Style { color: true, width: 80 };
    for format in [ReportFormat::Table, ReportFormat::Json, ReportFormat::Markdown, ReportFormat::Html, ReportFormat::Csv, ReportFormat::Clauses] {
        let mut out = Vec::new();
        render(format, std::slice::from_ref(&assessment), style, &mspcheck::report::Frame::default(), &mut out).expect("rendering to memory cannot fail");
    }
});
