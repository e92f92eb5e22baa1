//! mspcheck: tells how mature an IT managed service provider (MSP/MSSP) really is.
//!
//! The pipeline, one module per stage:
//! `cli` → `source` (files, limits) → `yaml` (guard, positions) → `model` (raw shapes) →
//! `rule` (the typed rule tree) → `validate` (checked values, every diagnostic) → `score` / `classify` / `roadmap` →
//! `assessment` → `report` (table, json, markdown, html, csv) → `main` (exit code).

pub mod answers_file;
pub mod assessment;
pub mod classify;
pub mod clauses;
pub mod cli;
pub mod command;
pub mod compare;
pub mod convert;
pub mod diagnostic;
pub mod diff;
pub mod explain;
pub mod form;
pub mod framework;
pub mod history;
pub mod interview;
pub mod load;
pub mod model;
pub mod number;
pub mod obligations;
pub mod output;
pub mod posture;
pub mod range;
pub mod report;
pub mod roadmap;
pub mod rule;
pub mod score;
pub mod source;
pub mod standing;
pub mod template;
pub mod validate;
pub mod xlsx;
pub mod yaml;

/// Exit code: done, and any `--require` met.
pub const EXIT_OK: u8 = 0;
/// Exit code: `--require` not met.
pub const EXIT_REQUIREMENT: u8 = 1;
/// Exit code: invalid input or usage.
pub const EXIT_INVALID: u8 = 2;
/// Exit code: a file or standard output could not be written (full disk, read-only folder,
/// a device that refuses the write), or the interview's file could not be saved.
pub const EXIT_IO: u8 = 3;
/// Exit code: interrupted (Ctrl-C in the interview); 128 + SIGINT, as shells report it.
pub const EXIT_INTERRUPTED: u8 = 130;

#[cfg(test)]
pub(crate) mod test_support {
    //! Building checked values from YAML text in unit tests.

    use crate::source::Source;
    use crate::validate::{self, ValidAnswers, ValidQuestionnaire};
    use crate::yaml::Document;

    /// A small deterministic generator (a 64-bit linear congruential one), so that random
    /// unit tests repeat exactly; use the high bits of each state.
    pub struct Lcg(pub u64);

    impl Lcg {
        /// The next state.
        pub fn next(&mut self) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            self.0
        }
    }

    /// Parses and checks a questionnaire; panics with its diagnostics if invalid.
    pub fn questionnaire(text: &str) -> ValidQuestionnaire {
        let document =
            Document::parse(Source::from_bytes("q.yaml".into(), None, text.as_bytes()).unwrap())
                .unwrap();
        validate::questionnaire::validate(&document).unwrap_or_else(|problems| {
            panic!(
                "{}",
                problems
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        })
    }

    /// Parses and checks answers against `questionnaire`.
    pub fn answers(
        questionnaire: &ValidQuestionnaire,
        text: &str,
    ) -> Result<ValidAnswers, Vec<crate::diagnostic::Diagnostic>> {
        let document =
            Document::parse(Source::from_bytes("a.yaml".into(), None, text.as_bytes()).unwrap())
                .map_err(|problem| vec![problem])?;
        let header = validate::answers::read_header(&document)?;
        validate::answers::validate(&document, &header, questionnaire, true)
    }
}
