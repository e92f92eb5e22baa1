//! Fuzz target for the interview's line protocol (`interview --plain`): the first byte picks a
//! bundled questionnaire and whether notes are asked, the rest is standard input, read as a
//! typed terminal would send it (wrong lines asked again) or as a script (wrong lines stop).
//! The header comes from the input too. Nothing may panic, and every file the interview
//! saves must read back as a valid answers file with the same answers.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mspcheck::answers_file::Header;
use mspcheck::interview::line::HeaderField;
use mspcheck::interview::plain::Plain;
use mspcheck::interview::session::Session;
use mspcheck::interview::{ask_header, conduct, Saver};
use mspcheck::load::Catalog;
use mspcheck::source::Source;
use mspcheck::yaml::Document;

/// Loaded once: the bundled questionnaires do not change between runs.
static CATALOG: std::sync::OnceLock<Catalog> = std::sync::OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Some((&first, input)) = data.split_first() else { return };
    let id = ["quick", "msp", "mssp"][usize::from(first % 3)];
    let details = first & 4 != 0;
    let strict = first & 8 != 0;
    let loaded = CATALOG
        .get_or_init(Catalog::default)
        .load_named(id)
        .expect("bundled questionnaires are valid");
    let questionnaire = &loaded.questionnaire;
    let folder = std::env::temp_dir().join(format!("mspcheck-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    let path = folder.join("answers.yaml");
    let _ = std::fs::remove_file(&path);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let mut out = Vec::new();
    let mut prompter = Plain::new(Box::new(input), &mut out, strict, strict);
    let mut header = Header {
        questionnaire: Some(id.to_string()),
        date: Some(today),
        ..Header::default()
    };
    if ask_header(&mut prompter, &mut header, &HeaderField::ALL).is_err() {
        return;
    }
    let mut session = Session::new(questionnaire, vec![Default::default(); questionnaire.questions.len()], today);
    let mut saver = Saver::new(path.clone(), header, questionnaire);
    let _ = conduct(&mut session, &mut prompter, &mut saver, None, details);
    drop(prompter);
    let Ok(bytes) = std::fs::read(&path) else { return };
    let source = Source::from_bytes("answers.yaml".into(), None, &bytes).expect("a saved file is within the limits");
    let document = Document::parse(source).expect("a saved file is YAML");
    let file = mspcheck::validate::answers::read_header(&document).expect("a saved header reads back");
    let answers = mspcheck::validate::answers::validate(&document, &file, questionnaire, false)
        .expect("a saved file is a valid answers file");
    for (index, answer) in answers.answers.iter().enumerate() {
        let saved = &session.entries[index];
        assert_eq!(answer.value, saved.value, "question {index}");
        assert_eq!(answer.note, saved.note, "question {index}");
        assert_eq!(answer.evidence, saved.evidence, "question {index}");
    }
});
