//! `mspcheck interview`: a questionnaire asked one question at a time, saved after every
//! answer. The pieces:
//!
//! - `session`: the state and the navigation (pure, unit-tested);
//! - `line`: one typed line → a navigation step or an answer (checked like a file's);
//! - `resume`: what the `--output` file holds, its misfits, backups;
//! - `plain` and `terminal`: the two front ends behind the `Prompter` trait — the line
//!   protocol on standard input and output, and pick-lists on a terminal (`inquire`), with
//!   `text_prompt` for typed lines (linear in what is pasted). Only `terminal` and
//!   `text_prompt` talk to the terminal directly.
//!
//! `conduct` runs the interview over any `Prompter`, saving through a `Saver`.

pub mod line;
pub mod plain;
pub mod resume;
pub mod session;
pub mod terminal;
pub mod text_prompt;

use std::path::PathBuf;

use crate::answers_file::{Entry, Header};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::answers::ClientFacts;
use crate::model::Perspective;
use crate::report::escape::terminal as clean;
use crate::validate::answers::allowed_text;
use crate::validate::{ValidQuestion, ValidQuestionnaire};

use line::HeaderField;
use session::{Position, Session, Step, Summary};

/// The longest answer, note, evidence or header field the interview takes, in characters.
/// Longer input is refused with a message (and never held in memory whole).
pub const MAX_LINE_CHARS: usize = 10_000;

/// Why an interview stopped before its end.
#[derive(Debug)]
pub enum Stop {
    /// Ctrl-C on the terminal.
    Interrupted,
    /// A line that is no answer where it cannot be asked again (input from a script).
    Invalid(Diagnostic),
    /// Reading, writing or saving failed.
    Failed(anyhow::Error),
    /// The file cannot be written as things stand (held by another interview, changed
    /// underneath, or the answers would make it unreadable); nothing was overwritten.
    Refused(Diagnostic),
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
    /// The whole questionnaire (the line protocol takes answers to any question by id).
    pub questionnaire: &'a ValidQuestionnaire,
    /// Which questions apply under the answers so far, indexed like the questions.
    pub applicable: &'a [bool],
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
    /// them as the user left them (the answer itself unchanged). `keep` is called with the
    /// entry so far as soon as each detail is entered, so each is saved as it is given.
    fn details(
        &mut self,
        entry: &Entry,
        keep: &mut dyn FnMut(&Entry) -> Result<(), Stop>,
    ) -> Result<Entry, Stop>;
    /// Past the last question: finish, go back, or go to the first unanswered.
    fn end(&mut self, summary: &Summary) -> Result<Step, Stop>;
    /// A yes/no confirmation (defaults to no).
    fn confirm(&mut self, message: &str) -> Result<bool, Stop>;
    /// The client-facts step (a new file, answered from the client's or an auditor's side,
    /// no facts given by flags): asks the sector, the regions and whether the client is a
    /// public body, and returns the facts as the user left them (`None`: none).
    fn client_facts(&mut self, current: Option<&ClientFacts>) -> Result<Option<ClientFacts>, Stop>;
}

/// Writes the answers file after every change, atomically, and only over what it last read
/// or wrote: a file changed underneath (another interview, an editor) is never overwritten.
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
    /// The file's bytes as last read or written (`None`: there was no file).
    seen: Option<Vec<u8>>,
}

impl<'q> Saver<'q> {
    /// A saver for `path`, taking the file as it is now as the state it may replace.
    pub fn new(path: PathBuf, header: Header, questionnaire: &'q ValidQuestionnaire) -> Saver<'q> {
        let seen = std::fs::read(&path).ok();
        Saver {
            path,
            header,
            questionnaire,
            written: None,
            seen,
        }
    }

    /// Renders and writes the file. The text is checked first as any answers file is read
    /// (size, YAML, every answer), so a file the interview writes is always one it can resume.
    pub fn save(&mut self, entries: &[Entry]) -> Result<(), Stop> {
        let text = crate::answers_file::render(&self.header, self.questionnaire, entries)
            .map_err(|error| Stop::Failed(anyhow::anyhow!("cannot write the answers: {error}")))?;
        self.check_readable(&text)?;
        let now = match std::fs::read(&self.path) {
            Ok(bytes) => Some(bytes),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
            Err(error) => {
                return Err(Stop::Failed(anyhow::Error::new(error).context(format!(
                    "cannot read `{}` before saving",
                    self.path.display()
                ))))
            }
        };
        if now != self.seen {
            return Err(Stop::Refused(
                Diagnostic::error(
                    Code::FileChanged,
                    format!(
                        "`{}` was changed by another program since this interview last read or wrote it; \
                         the last answer is not saved, and nothing was overwritten",
                        self.path.display()
                    ),
                )
                .with_help("run the same command again to resume from what the file holds now"),
            ));
        }
        crate::output::write_atomic(&self.path, text.as_bytes()).map_err(|error| {
            Stop::Failed(
                anyhow::Error::new(error).context(format!("cannot save `{}`", self.path.display())),
            )
        })?;
        self.seen = Some(text.clone().into_bytes());
        self.written = Some(text);
        Ok(())
    }

    /// Refuses text the tool would refuse to read back.
    fn check_readable(&self, text: &str) -> Result<(), Stop> {
        let name = self.path.display().to_string();
        let problem = crate::source::Source::from_bytes(name, None, text.as_bytes())
            .and_then(crate::yaml::Document::parse)
            .map_err(|problem| vec![problem])
            .and_then(|document| {
                let header = crate::validate::answers::read_header(&document)?;
                crate::validate::answers::validate(&document, &header, self.questionnaire, false)
            })
            .err();
        match problem {
            None => Ok(()),
            Some(problems) => Err(Stop::Refused(
                Diagnostic::error(
                    Code::TooLong,
                    format!(
                        "the answers would make `{}` a file mspcheck cannot read back ({}); the last change is not saved",
                        self.path.display(),
                        problems
                            .first()
                            .map_or_else(String::new, |problem| problem.message.clone())
                    ),
                )
                .with_help("shorten the notes and evidence, then run the same command to resume"),
            )),
        }
    }
}

/// The advisory lock an interview holds on its file for the whole session: a second
/// interview on the same file is refused instead of overwriting the first one's answers.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
    file: std::fs::File,
}

impl Lock {
    /// Takes the lock beside `output` (`.NAME.lock` in its folder). Creating it also proves,
    /// before the first question, that the folder can be written.
    pub fn acquire(output: &std::path::Path) -> Result<Lock, Stop> {
        let name = output
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        let path = output.with_file_name(format!(".{name}.lock"));
        for _ in 0..8 {
            let file = std::fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .read(true)
                .write(true)
                .open(&path)
                .map_err(|error| {
                    Stop::Failed(anyhow::Error::new(error).context(format!(
                        "cannot save `{}`: its folder cannot be written; nothing was asked",
                        output.display()
                    )))
                })?;
            match file.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(Stop::Refused(
                        Diagnostic::error(
                            Code::FileInUse,
                            format!(
                                "another interview is saving to `{}`; two at once would lose answers",
                                output.display()
                            ),
                        )
                        .with_help("finish or stop the other interview first, or choose another `--output` file"),
                    ))
                }
                Err(std::fs::TryLockError::Error(error)) => {
                    return Err(Stop::Failed(anyhow::Error::new(error).context(format!(
                        "cannot lock `{}`",
                        path.display()
                    ))))
                }
            }
            // The holder before us may have removed the file after we opened it: the lock
            // counts only on the file that is still at the path.
            if same_file(&file, &path) {
                return Ok(Lock { path, file });
            }
        }
        Err(Stop::Failed(anyhow::anyhow!(
            "cannot lock `{}`: it keeps being replaced",
            path.display()
        )))
    }
}

#[cfg(unix)]
fn same_file(file: &std::fs::File, path: &std::path::Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(open), Ok(named)) => open.dev() == named.dev() && open.ino() == named.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &std::fs::File, path: &std::path::Path) -> bool {
    path.exists()
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still held, so no one else can be holding it.
        let _ = std::fs::remove_file(&self.path);
        let _ = self.file.unlock();
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

/// Is the client-facts step for this header? On a new file answered from the client's or an
/// auditor's side whose client facts were not given (by flags).
pub fn asks_client_facts(header: &Header) -> bool {
    matches!(
        header.perspective,
        Some(Perspective::Client | Perspective::Auditor)
    ) && header.client.is_none()
}

/// The client-facts step: the facts the prompter returns go into the header's `client:`.
pub fn ask_client_facts(prompter: &mut dyn Prompter, header: &mut Header) -> Result<(), Stop> {
    header.client = prompter.client_facts(header.client.as_ref())?;
    Ok(())
}

/// Sets one client fact typed during the interview, saves, and says what the facts now are.
fn record_client_fact(
    session: &Session,
    prompter: &mut dyn Prompter,
    saver: &mut Saver,
    fact: line::ClientFact,
) -> Result<(), Stop> {
    saver.header.client = fact.apply(saver.header.client.take());
    saver.save(&session.entries)?;
    prompter.say(&format!(
        "Client facts: {}.",
        clean(&line::client_summary(saver.header.client.as_ref()))
    ))
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

/// Records `value` as the answer to question `position` and saves; says when the answer
/// opened follow-up questions or closed some; with `details`, asks for the note, evidence
/// and verification (saving as they are typed).
fn record(
    session: &mut Session,
    prompter: &mut dyn Prompter,
    saver: &mut Saver,
    position: usize,
    value: crate::validate::AnswerValue,
    details: bool,
) -> Result<(), Stop> {
    let before = session.applicable();
    if session.answer(position, value) {
        saver.save(&session.entries)?;
    }
    let after = session.applicable();
    if let Some(notice) = follow_up_notice(&before, &after) {
        prompter.say(&notice)?;
    }
    if details {
        let entry = session.entries[position].clone();
        let mut keep = |typed: &Entry| -> Result<(), Stop> {
            let current = &mut session.entries[position];
            let typed = Entry {
                value: current.value.clone(),
                ..typed.clone()
            };
            if typed != *current {
                *current = typed;
                saver.save(&session.entries)?;
            }
            Ok(())
        };
        let asked = prompter.details(&entry, &mut keep)?;
        keep(&asked)?;
    }
    Ok(())
}

/// "This answer opened 2 follow-up questions (16 questions apply now)." when an answer
/// changed which questions apply, so the changing total is explained.
pub fn follow_up_notice(before: &[bool], after: &[bool]) -> Option<String> {
    let opened = before
        .iter()
        .zip(after)
        .filter(|(was, is)| !**was && **is)
        .count();
    let closed = before
        .iter()
        .zip(after)
        .filter(|(was, is)| **was && !**is)
        .count();
    let total = after.iter().filter(|applies| **applies).count();
    let questions = |count: usize| {
        if count == 1 {
            "1 follow-up question".to_string()
        } else {
            format!("{count} follow-up questions")
        }
    };
    match (opened, closed) {
        (0, 0) => None,
        (opened, 0) => Some(format!(
            "This answer opened {} ({total} questions apply now).",
            questions(opened)
        )),
        (0, closed) => Some(format!(
            "After this answer {} no longer {} ({total} questions apply now).",
            questions(closed),
            if closed == 1 { "applies" } else { "apply" }
        )),
        (opened, closed) => Some(format!(
            "This answer opened {} and closed {} ({total} questions apply now).",
            questions(opened),
            closed
        )),
    }
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
                    Step::Client(fact) => record_client_fact(session, prompter, saver, fact)?,
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
        // The source questionnaire's own id (`ref:`), where a respondent looks it up.
        let reference = question
            .external_ref()
            .map(|reference| format!(" · ref {}", clean(reference)))
            .unwrap_or_default();
        prompter.say(&format!(
            "question {} of {}{reference} · {} {} of {} · {} answered",
            progress.number,
            progress.total,
            clean(&questionnaire.domains[progress.domain].title),
            progress.domain_number,
            progress.domain_total,
            progress.answered
        ))?;
        let applicable = session.applicable();
        let ask = Ask {
            question,
            text: question.text_for(perspective),
            entry: &session.entries[position],
            questionnaire,
            applicable: &applicable,
        };
        match prompter.question(&ask)? {
            Step::Answer(value) => {
                record(session, prompter, saver, position, value, details)?;
                session.advance();
            }
            Step::AnswerTo(other, value) => {
                record(session, prompter, saver, other, value, details)?;
                if other == position || !session.applicable()[position] {
                    session.advance();
                }
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
            Step::Client(fact) => record_client_fact(session, prompter, saver, fact)?,
            Step::Finish => return Ok(()),
        }
    }
}
