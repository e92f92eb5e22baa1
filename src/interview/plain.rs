//! The line protocol (`--plain`): prompts on standard output, one answer per line on
//! standard input, for scripts, tests and terminals the pick-lists cannot drive.
//!
//! Header fields come first on a new file, one line each (empty = the default shown); then
//! one line per question: the answer as in an answers file's short form (`yes`, `monthly`,
//! `a, b` or `[]` for `multi`, `3`, `14`, `na`), a listed option's number, or a token of
//! `line::TOKENS`. With `--details`, three lines follow each answer: note, evidence, verified
//! (`y`/`n`); empty keeps, `-` removes. The end of input finishes, like `.`.
//!
//! When standard input is not a terminal a wrong line stops the interview (exit 2, located
//! `<stdin>:LINE:1`), since the lines after it would answer the wrong questions; on a
//! terminal the question is asked again.

use std::io::{BufRead, Read, Write};

use crate::answers_file::Entry;
use crate::diagnostic::{Code, Diagnostic, Location};
use crate::model::questionnaire::Kind;
use crate::report::escape::terminal as clean;
use crate::validate::answers::allowed_text;

use super::line::{parse_client_fact, parse_flag, parse_step, HeaderField, TOKENS};
use super::session::{Step, Summary};
use super::{Ask, Prompter, Stop};
use crate::model::answers::ClientFacts;

/// The two free-text details, asked in this order.
enum DetailField {
    Note,
    Evidence,
}

/// The protocol, for `mspcheck interview --help`.
pub const PROTOCOL_HELP: &str = "\
Keys on a terminal: arrows and enter pick an answer, space selects in a multi-select, typing
filters long lists; esc opens a menu (help, skip, clear, back, first unanswered, finish).
Ctrl-C stops; every answer given is already saved, and the same command resumes.

--plain reads one line per prompt from standard input:
  header (new file only, one line each, empty = default, `-` = none):
    provider, assessor, perspective (client|provider|auditor), date (YYYY-MM-DD, default today);
    fields given as flags are not asked
  per question: the answer as in an answers file (`yes`, `monthly`, `3`, `14`, `na`),
    a listed option's number, for multi `a, b` or `[]` for none; or
    empty line = skip   `?` = help   `<` = back   `>>` = first unanswered
    `-` = clear the answer   `.` = finish (so does the end of input)
  with --details, after each answer: note, evidence, verified (y/n); empty keeps, `-` removes
  after the last question: empty line or `.` = finish, `<` = back, `>>` = first unanswered
  client facts (client or auditor perspective), at any question or at the end:
    `client.sector: finance`, `client.region: us-ny, eu-de`, `client.public_body: yes|no`;
    `-` after the colon removes one; the question is asked again
When standard input is not a terminal, a wrong line stops the run (exit 2, <stdin>:LINE:1).";

/// What a line of the form `ID: ANSWER` turned out to be.
enum ById {
    /// Not of that form: read it as an answer to the question asked.
    Unlabelled,
    /// An answer (to the question asked, or to another one).
    Step(Step),
    /// A wrong line, already reported: read another.
    Wrong,
}

/// The name input lines are located by.
pub const SOURCE: &str = "<stdin>";

/// The line protocol over any reader and writer.
pub struct Plain<'a> {
    input: Box<dyn BufRead + 'a>,
    out: &'a mut dyn Write,
    /// Lines read so far.
    line: usize,
    /// A wrong line stops the interview instead of being asked again.
    strict: bool,
    /// Input lines are written after their prompt, so the output reads as a transcript.
    echo: bool,
}

impl<'a> Plain<'a> {
    /// A protocol reading `input` and writing `out`. `strict` and `echo` suit input that is
    /// not typed on a terminal.
    pub fn new(
        input: Box<dyn BufRead + 'a>,
        out: &'a mut dyn Write,
        strict: bool,
        echo: bool,
    ) -> Plain<'a> {
        Plain {
            input,
            out,
            line: 0,
            strict,
            echo,
        }
    }

    /// Writes `prompt` and reads one line; `None` at the end of input.
    fn read(&mut self, prompt: &str) -> Result<Option<String>, Stop> {
        let text = loop {
            write!(self.out, "{prompt}> ")?;
            self.out.flush()?;
            // At most a few bytes more than the longest line taken: a huge line is never
            // held in memory, only skipped.
            let limit = 4 * super::MAX_LINE_CHARS + 2;
            let mut bytes = Vec::new();
            if (&mut self.input)
                .take(limit as u64)
                .read_until(b'\n', &mut bytes)?
                == 0
            {
                writeln!(self.out)?;
                return Ok(None);
            }
            self.line += 1;
            let whole = bytes.ends_with(b"\n") || bytes.len() < limit;
            if !whole {
                self.skip_line()?;
            }
            let text = String::from_utf8(bytes).map_err(|_| {
                std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!("line {} of standard input is not UTF-8 text", self.line),
                )
            });
            let text = match text {
                Ok(text) => text.trim_end_matches(['\n', '\r']).to_string(),
                Err(_) if !whole => String::new(),
                Err(error) => return Err(error.into()),
            };
            let count = text.chars().count();
            if whole && count <= super::MAX_LINE_CHARS {
                break text;
            }
            let diagnostic = Diagnostic::error(
                Code::TooLong,
                format!(
                    "the line is over {} characters; nothing was kept from it",
                    super::MAX_LINE_CHARS
                ),
            )
            .at(self.here())
            .with_help("shorten it: an answer, a note or evidence is at most 10,000 characters");
            self.wrong(diagnostic)?;
        };
        if self.echo {
            writeln!(self.out, "{}", clean(&text))?;
        }
        Ok(Some(text))
    }

    /// Reads and drops the rest of the current line.
    fn skip_line(&mut self) -> Result<(), Stop> {
        loop {
            let buffer = self.input.fill_buf()?;
            if buffer.is_empty() {
                return Ok(());
            }
            if let Some(end) = buffer.iter().position(|&byte| byte == b'\n') {
                self.input.consume(end + 1);
                return Ok(());
            }
            let length = buffer.len();
            self.input.consume(length);
        }
    }

    /// A wrong line: stop (strict) or show the problem so the prompt is asked again.
    fn wrong(&mut self, diagnostic: Diagnostic) -> Result<(), Stop> {
        if self.strict {
            return Err(Stop::Invalid(diagnostic));
        }
        writeln!(self.out, "{diagnostic}")?;
        Ok(())
    }

    fn here(&self) -> Location {
        Location {
            file: SOURCE.to_string(),
            line: self.line,
            column: 1,
        }
    }

    /// A line `ID: ANSWER` (or `ID=ANSWER`) answers the question with that id, whichever
    /// is asked, so a script can give answers by id and not depend on which follow-up
    /// questions open. A line not of that form, or naming no question, is read as an
    /// answer to the question asked.
    fn by_id(&mut self, ask: &Ask, text: &str) -> Result<ById, Stop> {
        if let Some(fact) = self.client_fact(text)? {
            return Ok(fact);
        }
        let Some((id, answer)) = text.split_once([':', '=']) else {
            return Ok(ById::Unlabelled);
        };
        let id = id.trim();
        let Some(position) = ask
            .questionnaire
            .questions
            .iter()
            .position(|question| question.id() == id)
        else {
            return Ok(ById::Unlabelled);
        };
        let question = &ask.questionnaire.questions[position];
        if !ask.applicable.get(position).copied().unwrap_or(false) {
            let opener = question.when.as_ref().map_or_else(String::new, |when| {
                format!(
                    ": it is asked only after an answer to `{}` that opens it",
                    ask.questionnaire.questions[when.question].id()
                )
            });
            let diagnostic = Diagnostic::error(
                Code::ValueNotAllowed,
                format!("`{id}` does not apply to the answers given so far{opener}"),
            )
            .at(self.here())
            .with_help("give the answer that opens it first, or leave it out");
            self.wrong(diagnostic)?;
            return Ok(ById::Wrong);
        }
        match parse_step(question, answer.trim(), SOURCE, self.line) {
            Ok(Step::Answer(value)) => Ok(ById::Step(if question.id() == ask.question.id() {
                Step::Answer(value)
            } else {
                Step::AnswerTo(position, value)
            })),
            Ok(_) => {
                let diagnostic = Diagnostic::error(
                    Code::ValueNotAllowed,
                    format!("`{id}:` must be followed by an answer"),
                )
                .at(self.here())
                .with_help(format!(
                    "{}; navigation (`<`, `>>`, `.`) goes on a line of its own",
                    allowed_text(question)
                ));
                self.wrong(diagnostic)?;
                Ok(ById::Wrong)
            }
            Err(diagnostic) => {
                self.wrong(diagnostic)?;
                Ok(ById::Wrong)
            }
        }
    }

    /// A line `client.sector: …`, `client.region: …` or `client.public_body: …`: the
    /// client fact, or a wrong line (reported); `None` for any other line.
    fn client_fact(&mut self, text: &str) -> Result<Option<ById>, Stop> {
        match parse_client_fact(text) {
            None => Ok(None),
            Some(Ok(fact)) => Ok(Some(ById::Step(Step::Client(fact)))),
            Some(Err(problem)) => {
                let diagnostic = Diagnostic::error(Code::ValueNotAllowed, problem)
                    .at(self.here())
                    .with_help(CLIENT_HELP);
                self.wrong(diagnostic)?;
                Ok(Some(ById::Wrong))
            }
        }
    }

    /// The question and what may be answered.
    fn show(&mut self, ask: &Ask) -> Result<(), Stop> {
        let question = ask.question;
        writeln!(self.out, "{}: {}", clean(question.id()), clean(ask.text))?;
        match question.kind() {
            Kind::YesNo | Kind::Choice | Kind::Multi => {
                if question.kind() == Kind::Multi {
                    writeln!(
                        self.out,
                        "  (any of these: values or numbers, comma-separated; `[]` for none)"
                    )?;
                }
                for (position, option) in question.options.iter().enumerate() {
                    let alone = if option.exclusive { " (alone)" } else { "" };
                    if option.label == option.value {
                        writeln!(
                            self.out,
                            "  {}. {}{alone}",
                            position + 1,
                            clean(&option.value)
                        )?;
                    } else {
                        writeln!(
                            self.out,
                            "  {}. {}: {}{alone}",
                            position + 1,
                            clean(&option.value),
                            clean(&option.label)
                        )?;
                    }
                }
            }
            Kind::Scale => {
                let (min, max) = question.scale_range();
                writeln!(self.out, "  a whole number from {min} to {max}")?;
                if let Some(scale) = &question.definition.scale {
                    for (point, label) in &scale.labels {
                        writeln!(self.out, "  {point}: {}", clean(label))?;
                    }
                }
            }
            Kind::Text => writeln!(
                self.out,
                "  free text{}, on one line; an empty line skips",
                question
                    .definition
                    .max_length
                    .map(|limit| format!(" (at most {limit} characters)"))
                    .unwrap_or_default()
            )?,
            Kind::Number => writeln!(
                self.out,
                "  {}",
                clean(allowed_text(question).trim_start_matches("expected "))
                    .replace(", `na` or `unknown`", "")
                    .replace(", or `na`", "")
                    .replace(", or `unknown`", "")
            )?,
        }
        if question.definition.allow_na {
            writeln!(self.out, "  na: not applicable")?;
        }
        if let Some(unknown) = &question.unknown {
            writeln!(self.out, "  unknown: {}", clean(&unknown.label))?;
        }
        if let Some(value) = &ask.entry.value {
            writeln!(
                self.out,
                "  (answered: {}; empty line keeps it)",
                clean(&value.display(question))
            )?;
        }
        Ok(())
    }
}

impl Prompter for Plain<'_> {
    fn say(&mut self, text: &str) -> Result<(), Stop> {
        writeln!(self.out, "{text}")?;
        Ok(())
    }

    fn header_field(
        &mut self,
        field: HeaderField,
        current: Option<&str>,
    ) -> Result<Option<String>, Stop> {
        let shown = match (field, current) {
            (_, Some(current)) => format!("{} [{}]", field.label(), clean(current)),
            (HeaderField::Provider, None) => field.label().to_string(),
            (_, None) => format!("{} [none]", field.label()),
        };
        loop {
            let Some(text) = self.read(&shown)? else {
                if field == HeaderField::Provider && current.is_none() {
                    let diagnostic = Diagnostic::error(
                        Code::MissingField,
                        "the input ended before the provider was given; nothing was written",
                    )
                    .at(self.here())
                    .with_help("the first line names the provider (who is assessed)");
                    return Err(Stop::Invalid(diagnostic));
                }
                return Ok(current.map(str::to_string));
            };
            let text = text.trim();
            let problem = match text {
                "" if field == HeaderField::Provider && current.is_none() => {
                    "the provider is required".to_string()
                }
                "" => return Ok(current.map(str::to_string)),
                "-" if field == HeaderField::Provider => "the provider is required".to_string(),
                "-" => return Ok(None),
                text => match field.check(text) {
                    Ok(()) => return Ok(Some(text.to_string())),
                    Err(problem) => problem,
                },
            };
            let diagnostic = Diagnostic::error(Code::ValueNotAllowed, problem)
                .at(self.here())
                .with_help(format!("a line for `{}`", field.key()));
            self.wrong(diagnostic)?;
        }
    }

    fn question(&mut self, ask: &Ask) -> Result<Step, Stop> {
        self.show(ask)?;
        loop {
            let Some(text) = self.read("")? else {
                return Ok(Step::Finish);
            };
            match self.by_id(ask, &text)? {
                ById::Step(step) => return Ok(step),
                ById::Wrong => continue,
                ById::Unlabelled => {}
            }
            match parse_step(ask.question, &text, SOURCE, self.line) {
                Ok(step) => return Ok(step),
                Err(diagnostic) => self.wrong(diagnostic)?,
            }
        }
    }

    fn details(
        &mut self,
        entry: &Entry,
        keep: &mut dyn FnMut(&Entry) -> Result<(), Stop>,
    ) -> Result<Entry, Stop> {
        let mut details = entry.clone();
        for field in [DetailField::Note, DetailField::Evidence] {
            let (label, slot) = match field {
                DetailField::Note => ("note", &mut details.note),
                DetailField::Evidence => ("evidence", &mut details.evidence),
            };
            let shown = slot.as_deref().map_or_else(
                || format!("{label} [none]"),
                |text| format!("{label} [{}]", clean(text)),
            );
            match self.read(&shown)?.as_deref().map(str::trim) {
                None | Some("") => {}
                Some("-") => *slot = None,
                Some(text) => *slot = Some(text.to_string()),
            }
            keep(&details)?;
        }
        loop {
            let shown = format!(
                "verified against the evidence, y/n [{}]",
                if details.verified { "y" } else { "n" }
            );
            match self.read(&shown)?.as_deref().map(str::trim) {
                None | Some("") => break,
                Some(text) => match parse_flag(text) {
                    Some(flag) => {
                        details.verified = flag;
                        break;
                    }
                    None => {
                        let diagnostic = Diagnostic::error(
                            Code::ValueNotAllowed,
                            format!("`{text}` is not y or n"),
                        )
                        .at(self.here())
                        .with_help("a line for `verified`: y or n");
                        self.wrong(diagnostic)?;
                    }
                },
            }
        }
        Ok(details)
    }

    fn end(&mut self, summary: &Summary) -> Result<Step, Stop> {
        if summary.skipped == 0 {
            writeln!(
                self.out,
                "End of the questionnaire: every question that applies is answered."
            )?;
        } else {
            writeln!(
                self.out,
                "End of the questionnaire: {} of {} questions that apply are unanswered.",
                summary.skipped, summary.applicable
            )?;
        }
        writeln!(
            self.out,
            "  empty line or `.` = finish, `<` = back, `>>` = first unanswered"
        )?;
        loop {
            match self.read("")?.as_deref().map(str::trim) {
                None | Some("" | ".") => return Ok(Step::Finish),
                Some("<") => return Ok(Step::Back),
                Some(">>") => return Ok(Step::FirstUnanswered),
                Some(other) if parse_client_fact(other).is_some() => {
                    if let Some(ById::Step(step)) = self.client_fact(other)? {
                        return Ok(step);
                    }
                }
                Some(other) => {
                    let diagnostic = Diagnostic::error(Code::ValueNotAllowed, format!("`{other}` after the last question"))
                        .at(self.here())
                        .with_help("an empty line or `.` finishes, `<` goes back, `>>` goes to the first unanswered");
                    self.wrong(diagnostic)?;
                }
            }
        }
    }

    fn confirm(&mut self, _message: &str) -> Result<bool, Stop> {
        Ok(false)
    }

    /// The line protocol asks no client-facts prompt (a transcript written before the step
    /// existed would answer it with its first question's line): it says how to give them
    /// instead, as `client.…` lines at any question or at the end.
    fn client_facts(&mut self, current: Option<&ClientFacts>) -> Result<Option<ClientFacts>, Stop> {
        writeln!(
            self.out,
            "Client facts (they select the regulations that apply; optional): {CLIENT_HELP}."
        )?;
        Ok(current.cloned())
    }
}

/// How the line protocol takes the client facts.
pub const CLIENT_HELP: &str = "give them at any question or at the end as `client.sector: SECTOR` \
(finance, non_bank_finance, health, defence, government, education, legal, energy, \
manufacturing, retail, other), `client.region: CODE, …` (us, us-ny, eu-de, uk …) and \
`client.public_body: yes|no`; `-` after the colon removes one";

/// The protocol's legend, shown once at the start.
pub fn legend() -> String {
    format!("One line per prompt: the answer as in an answers file, or a listed option's number; {TOKENS}.")
}
