//! Fuzz target for `mspcheck convert`: any bytes as a VSAQ file. Nothing may panic, and a
//! file that converts must give a questionnaire the YAML guard reads and `validate` accepts.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mspcheck::source::Source;
use mspcheck::yaml::Document;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = Source::from_bytes("fuzz.json".into(), None, data) else { return };
    let Ok(conversion) = mspcheck::convert::convert(&source, &[], None) else { return };
    let yaml = Source::from_bytes("converted.yaml".into(), None, conversion.yaml.as_bytes())
        .expect("a converted questionnaire is within the limits");
    let document = Document::parse(yaml).expect("a converted questionnaire is YAML the guard reads");
    if let Err(problems) = mspcheck::validate::questionnaire::validate(&document) {
        panic!(
            "a converted questionnaire is valid:\n{}\n{}",
            problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"),
            conversion.yaml
        );
    }
});
