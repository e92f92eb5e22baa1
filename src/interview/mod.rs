//! `mspcheck interview`: a questionnaire asked one question at a time, saved after every
//! answer. The pieces:
//!
//! - `session`: the state and the navigation (pure, unit-tested);
//! - `line`: one typed line → a navigation step or an answer (checked like a file's);
//! - `resume`: what the `--output` file holds, its misfits, backups;
//! - `plain` and `terminal`: the two front ends behind the `Prompter` trait — the line
//!   protocol on standard input and output, and pick-lists on a terminal (`inquire`). Only
//!   `terminal` talks to the terminal directly.
//!
//! `conduct` runs the interview over any `Prompter`, saving through a `Saver`.

pub mod line;
pub mod plain;
pub mod resume;
pub mod session;
pub mod terminal;

use std::path::PathBuf;

use crate::answers_file::{Entry, Header};
use crate::diagnostic::Diagnostic;
use crate::model::Perspective;
use crate::report::escape::terminal as clean;
use crate::validate::answers::allowed_text;
use crate::validate::{ValidQuestion, ValidQuestionnaire};

use line::HeaderField;
use session::{Position, Session, Step, Summary};

/// Why an interview stopped before its end.
#[derive(Debug)]
pub enum Stop {
    /// Ctrl-C on the terminal.
    Interrupted,
    /// A line that is no answer where it cannot be asked again (input from a script).
    Invalid(Diagnostic),
    /// Reading, writing or saving failed.
    Failed(anyhow::Error),
}

impl From<std::io::Error> for Stop {
    fn from(error: std::io::Error) -> Stop {
        Stop::Failed(error.into())
    }
}

/// One question to ask.
#[derive(Debug, Clone, Copy)]
pub struct Ask<'a> {
    /// The question.
    pub question: &'a ValidQuestion,
    /// Its wording for the perspective (from the file, not yet escaped).
    pub text: &'a str,
    /// What the file holds for it so far.
    pub entry: &'a Entry,
}

/// A front end: how questions are put and answers read.
pub trait Prompter {
    /// Shows a line of text (progress, help, notices).
    fn say(&mut self, text: &str) -> Result<(), Stop>;
    /// Asks a header field; `current` is the default. Returns the field's new value (`None`
    /// leaves it out; never `None` for the provider).
    fn header_field(
        &mut self,
        field: HeaderField,
        current: Option<&str>,
    ) -> Result<Option<String>, Stop>;
    /// Asks a question.
    fn question(&mut self, ask: &Ask) -> Result<Step, Stop>;
    /// Asks for a note, evidence and whether the answer was verified: returns `entry` with
    /// them as the user left them (the answer itself unchanged).
    fn details(&mut self, entry: &Entry) -> Result<Entry, Stop>;
    /// Past the last question: finish, go back, or go to the first unanswered.
    fn end(&mut self, summary: &Summary) -> Result<Step, Stop>;
    /// A yes/no confirmation (defaults to no).
    fn confirm(&mut self, message: &str) -> Result<bool, Stop>;
}

/// Writes the answers file after every change, atomically.
#[derive(Debug)]
pub struct Saver<'q> {
    /// The file.
    pub path: PathBuf,
    /// Its header.
    pub header: Header,
    /// The questionnaire the entries belong to.
    pub questionnaire: &'q ValidQuestionnaire,
    /// The text last written, if any.
    pub written: Option<String>,
}

impl Saver<'_> {
    /// Renders and writes the file.
    pub fn save(&mut self, entries: &[Entry]) -> Result<(), Stop> {
        let text = crate::answers_file::render(&self.header, self.questionnaire, entries)
            .map_err(|error| Stop::Failed(anyhow::anyhow!("cannot write the answers: {error}")))?;
        crate::output::write_atomic(&self.path, text.as_bytes()).map_err(|error| {
            Stop::Failed(anyhow::anyhow!(
                "cannot save `{}`: {error}",
                self.path.display()
            ))
        })?;
        self.written = Some(text);
        Ok(())
    }
}

/// Asks the header `fields`, in order, into `header`.
pub fn ask_header(
    prompter: &mut dyn Prompter,
    header: &mut Header,
    fields: &[HeaderField],
) -> Result<(), Stop> {
    for field in fields {
        let current = match field {
            HeaderField::Provider => {
                Some(header.provider.clone()).filter(|provider| !provider.is_empty())
            }
            HeaderField::Assessor => header.assessor.clone(),
            HeaderField::Perspective => header
                .perspective
                .map(|perspective| perspective.as_str().to_string()),
            HeaderField::Date => header.date.map(|date| date.to_string()),
        };
        let value = prompter.header_field(*field, current.as_deref())?;
        match field {
            HeaderField::Provider => header.provider = value.unwrap_or_default(),
            HeaderField::Assessor => header.assessor = value,
            HeaderField::Perspective => {
                header.perspective = value.and_then(|text| line::parse_perspective(&text).ok())
            }
            HeaderField::Date => header.date = value.and_then(|text| line::parse_date(&text).ok()),
        }
    }
    Ok(())
}

/// The help shown on `?`: why the question matters, what an answer may be, what proves it.
pub fn help_text(question: &ValidQuestion) -> String {
    let mut text = match &question.definition.help {
        Some(help) => clean(help),
        None => "No help is written for this question.".to_string(),
    };
    text.push_str(&format!(
        "\n  Allowed: {}.",
        clean(allowed_text(question).trim_start_matches("expected "))
    ));
    if let Some(evidence) = &question.definition.evidence {
        text.push_str(&format!("\n  Evidence: {}", clean(evidence)));
    }
    text
}

/// Runs the interview from the session's position until it finishes; `saver` writes after
/// every change. With `details`, a note, evidence and verification are asked after answers.
pub fn conduct(
    session: &mut Session,
    prompter: &mut dyn Prompter,
    saver: &mut Saver,
    perspective: Option<Perspective>,
    details: bool,
) -> Result<(), Stop> {
    let questionnaire = session.questionnaire;
    let mut shown_domain = None;
    loop {
        let position = match session.position {
            Position::Question(position) => position,
            Position::End => {
                match prompter.end(&session.summary())? {
                    Step::Back => {
                        session.back();
                    }
                    Step::FirstUnanswered => {
                        if !session.jump_to_first_unanswered() {
                            prompter.say("Every question that applies is answered.")?;
                        }
                    }
                    _ => return Ok(()),
                }
                continue;
            }
        };
        let question = &questionnaire.questions[position];
        let progress = session.progress(position);
        if shown_domain != Some(progress.domain) {
            shown_domain = Some(progress.domain);
            prompter.say(&format!(
                "\n== {} (domain {} of {}) ==",
                clean(&questionnaire.domains[progress.domain].title),
                progress.domain + 1,
                questionnaire.domains.len()
            ))?;
        }
        prompter.say(&format!(
            "question {} of {} · {} {} of {} · {} answered",
            progress.number,
            progress.total,
            clean(&questionnaire.domains[progress.domain].title),
            progress.domain_number,
            progress.domain_total,
            progress.answered
        ))?;
        let ask = Ask {
            question,
            text: question.text_for(perspective),
            entry: &session.entries[position],
        };
        match prompter.question(&ask)? {
            Step::Answer(value) => {
                if session.answer(position, value) {
                    saver.save(&session.entries)?;
                }
                if details {
                    let entry = &session.entries[position];
                    let asked = prompter.details(entry)?;
                    if asked != *entry {
                        session.entries[position] = Entry {
                            value: entry.value.clone(),
                            ..asked
                        };
                        saver.save(&session.entries)?;
                    }
                }
                session.advance();
            }
            Step::Skip => session.advance(),
            Step::Clear => {
                if session.clear(position) {
                    saver.save(&session.entries)?;
                }
                session.advance();
            }
            Step::Help => prompter.say(&help_text(question))?,
            Step::Back => {
                if !session.back() {
                    prompter.say("This is the first question.")?;
                }
            }
            Step::FirstUnanswered => {
                if !session.jump_to_first_unanswered() {
                    prompter.say("Every question that applies is answered.")?;
                    session.position = Position::End;
                }
            }
            Step::Finish => return Ok(()),
        }
    }
}
