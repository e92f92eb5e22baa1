//! The terminal front end: pick-lists for `choice`, `yes_no` and short scales, a multi-select
//! for `multi`, a checked text prompt for numbers, drawn by `inquire` on standard error.
//! Esc opens a menu (help, skip, clear, back, first unanswered, finish); in text prompts the
//! tokens of the line protocol work too. Ctrl-C stops the interview; every answer given so
//! far is already saved.

use std::fmt;
use std::io::Write;

use inquire::error::InquireResult;
use inquire::ui::{RenderConfig, Styled};
use inquire::validator::Validation;
use inquire::{Confirm, InquireError, MultiSelect, Select};

use crate::answers_file::Entry;
use crate::model::questionnaire::Kind;
use crate::report::escape::terminal as clean;
use crate::validate::AnswerValue;

use super::line::{parse_date, parse_regions, parse_sector, parse_step, HeaderField, TOKENS};
use super::session::{Step, Summary};
use super::text_prompt::TextPrompt;
use super::{Ask, Prompter, Stop};
use crate::model::answers::{ClientFacts, Sector};

/// Scales with more points than this are typed rather than picked.
const MAX_PICKED_POINTS: i64 = 11;

/// Pick-lists on the terminal.
pub struct Terminal {
    render: RenderConfig<'static>,
    color: bool,
}

impl Terminal {
    /// A terminal front end, coloured or not.
    pub fn new(color: bool) -> Terminal {
        // Esc leaves the question on screen, as asked, without a `<canceled>` mark: the
        // menu that follows says what happens next.
        let render = if color {
            RenderConfig::default_colored()
        } else {
            RenderConfig::empty()
        };
        Terminal {
            render: render.with_canceled_prompt_indicator(Styled::new("")),
            color,
        }
    }

    /// Esc on a question: what now? `None` goes back to the question.
    fn menu(&self, ask: &Ask) -> Result<Option<Step>, Stop> {
        let mut entries = vec![Labelled::new("Answer the question", None)];
        entries.push(Labelled::new("Show the help", Some(Step::Help)));
        let skip = if ask.entry.value.is_some() {
            "Skip (keep the answer, move on)"
        } else {
            "Skip (leave unanswered)"
        };
        entries.push(Labelled::new(skip, Some(Step::Skip)));
        // Always in the same place, so the menu's items never move: with no answer to
        // clear, choosing it goes back to the question.
        entries.push(if ask.entry.value.is_some() {
            Labelled::new("Clear the answer", Some(Step::Clear))
        } else {
            Labelled::new("Clear the answer (there is none yet)", None)
        });
        entries.push(Labelled::new(
            "Back to the previous question",
            Some(Step::Back),
        ));
        entries.push(Labelled::new(
            "Jump to the first unanswered question",
            Some(Step::FirstUnanswered),
        ));
        entries.push(Labelled::new(
            "Finish now (everything is saved)",
            Some(Step::Finish),
        ));
        let chosen = outcome(
            Select::new("What now?", entries)
                .with_render_config(self.render)
                .with_scorer(&score)
                .with_help_message(
                    "↑↓ to move, type to jump, enter to choose, esc to go back to the question",
                )
                .prompt_skippable(),
        )?;
        Ok(chosen.and_then(|entry| entry.step))
    }

    /// A pick-list of answers; `None` on Esc.
    fn pick(
        &self,
        message: &str,
        entries: Vec<Labelled>,
        help: &str,
    ) -> Result<Option<Step>, Stop> {
        let current = entries.iter().position(|entry| entry.current).unwrap_or(0);
        let chosen = outcome(
            Select::new(message, entries)
                .with_render_config(self.render)
                .with_scorer(&score)
                .with_starting_cursor(current)
                .with_page_size(12)
                .with_help_message(help)
                .prompt_skippable(),
        )?;
        Ok(chosen.and_then(|entry| entry.step))
    }

    fn ask_once(&self, ask: &Ask) -> Result<Option<Step>, Stop> {
        let question = ask.question;
        let message = format!("{} ", clean(ask.text));
        let current = ask.entry.value.as_ref();
        let na = || {
            question.definition.allow_na.then(|| {
                Labelled::new(
                    "n/a: not applicable",
                    Some(Step::Answer(AnswerValue::NotApplicable)),
                )
                .current(current == Some(&AnswerValue::NotApplicable))
            })
        };
        let unknown = || {
            question.unknown.as_ref().map(|unknown| {
                Labelled::new(
                    &format!("{} [unknown]", clean(&unknown.label)),
                    Some(Step::Answer(AnswerValue::Unknown)),
                )
                .current(current == Some(&AnswerValue::Unknown))
            })
        };
        let pick_help =
            "↑↓ to move, enter to answer, type to filter, esc for more (help, skip, back, finish)";
        match question.kind() {
            Kind::YesNo | Kind::Choice => {
                let mut entries: Vec<Labelled> = question
                    .options
                    .iter()
                    .enumerate()
                    .map(|(position, option)| {
                        let label = if option.label == option.value {
                            clean(&option.label)
                        } else {
                            format!("{} [{}]", clean(&option.label), clean(&option.value))
                        };
                        Labelled::new(&label, Some(Step::Answer(AnswerValue::Option(position))))
                            .current(current == Some(&AnswerValue::Option(position)))
                    })
                    .collect();
                entries.extend(na());
                entries.extend(unknown());
                self.pick(&message, entries, pick_help)
            }
            Kind::Scale
                if {
                    let (min, max) = question.scale_range();
                    max - min < MAX_PICKED_POINTS
                } =>
            {
                let (min, max) = question.scale_range();
                let labels = question
                    .definition
                    .scale
                    .as_ref()
                    .map(|scale| &scale.labels);
                let mut entries: Vec<Labelled> = (min..=max)
                    .map(|point| {
                        let label = match labels.and_then(|labels| labels.get(&point)) {
                            Some(label) => format!("{point}: {}", clean(label)),
                            None => point.to_string(),
                        };
                        Labelled::new(&label, Some(Step::Answer(AnswerValue::Integer(point))))
                            .current(current == Some(&AnswerValue::Integer(point)))
                    })
                    .collect();
                entries.extend(na());
                entries.extend(unknown());
                self.pick(&message, entries, pick_help)
            }
            Kind::Multi => {
                let mut labels: Vec<String> = question
                    .options
                    .iter()
                    .map(|option| {
                        if option.label == option.value {
                            clean(&option.label)
                        } else {
                            format!("{} [{}]", clean(&option.label), clean(&option.value))
                        }
                    })
                    .collect();
                let na_position = question.definition.allow_na.then(|| {
                    labels.push("n/a: not applicable".to_string());
                    labels.len() - 1
                });
                let unknown_position = question.unknown.as_ref().map(|unknown| {
                    labels.push(format!("{} [unknown]", clean(&unknown.label)));
                    labels.len() - 1
                });
                let chosen: Vec<usize> = match current {
                    Some(AnswerValue::Options(options)) => options.clone(),
                    Some(AnswerValue::NotApplicable) => na_position.into_iter().collect(),
                    Some(AnswerValue::Unknown) => unknown_position.into_iter().collect(),
                    _ => Vec::new(),
                };
                // n/a, "don't know" and options marked exclusive ("none of these") go alone.
                let alone: Vec<(usize, String)> = question
                    .options
                    .iter()
                    .enumerate()
                    .filter(|(_, option)| option.exclusive)
                    .map(|(position, option)| (position, clean(&option.label)))
                    .chain(na_position.map(|na| (na, "n/a".to_string())))
                    .chain(unknown_position.map(|position| (position, "don't know".to_string())))
                    .collect();
                let validator = move |selected: &[inquire::list_option::ListOption<&String>]| {
                    let lonely = (selected.len() > 1)
                        .then(|| {
                            alone.iter().find(|(position, _)| {
                                selected.iter().any(|option| option.index == *position)
                            })
                        })
                        .flatten();
                    Ok(match lonely {
                        Some((_, label)) => Validation::Invalid(
                            format!("{label} goes alone: unselect it or the other answers").into(),
                        ),
                        None => Validation::Valid,
                    })
                };
                let picked = outcome(
                    MultiSelect::new(&message, labels)
                        .with_render_config(self.render)
                        .with_default(&chosen)
                        .with_page_size(12)
                        .with_validator(validator)
                        .with_help_message("space to select, enter to answer (nothing selected = none of these), esc for more")
                        .raw_prompt_skippable(),
                )?;
                Ok(picked.map(|picked| {
                    let indexes: Vec<usize> = picked.iter().map(|option| option.index).collect();
                    if na_position.is_some_and(|na| indexes.contains(&na)) {
                        Step::Answer(AnswerValue::NotApplicable)
                    } else if unknown_position.is_some_and(|position| indexes.contains(&position)) {
                        Step::Answer(AnswerValue::Unknown)
                    } else {
                        Step::Answer(AnswerValue::Options(indexes))
                    }
                }))
            }
            // Typed answers; for free text, an empty line skips and esc opens the menu.
            Kind::Scale | Kind::Number | Kind::Text => {
                let checked = question.clone();
                let validator = move |input: &str| {
                    parse_step(&checked, input, "input", 1)
                        .map(|_| ())
                        .map_err(|diagnostic| {
                            let help = diagnostic
                                .help
                                .map(|help| format!(" ({help})"))
                                .unwrap_or_default();
                            format!("{}{help}", diagnostic.message)
                        })
                };
                let what = clean(
                    crate::validate::answers::allowed_text(question)
                        .trim_start_matches("expected "),
                );
                let help = format!("{what}; {TOKENS}; esc for more");
                let placeholder =
                    current.map(|value| format!("{} (enter keeps it)", value.display(question)));
                // A free-text answer is capped at its `max_length` as it is typed.
                let limit = match (question.kind(), question.definition.max_length) {
                    (Kind::Text, Some(length)) => (length as usize).min(super::MAX_LINE_CHARS),
                    _ => super::MAX_LINE_CHARS,
                };
                let mut prompt = TextPrompt::new(&message, limit)
                    .color(self.color)
                    .help(&help)
                    .check(validator);
                if let Some(placeholder) = &placeholder {
                    prompt = prompt.placeholder(placeholder);
                }
                let typed = prompt.ask()?;
                Ok(typed.and_then(|typed| parse_step(question, &typed, "input", 1).ok()))
            }
        }
    }
}

impl Prompter for Terminal {
    fn say(&mut self, text: &str) -> Result<(), Stop> {
        let width = terminal_size::terminal_size_of(std::io::stderr())
            .map_or(80, |(terminal_size::Width(width), _)| width);
        let text = wrap_to(text, width);
        let mut err = std::io::stderr().lock();
        writeln!(err, "{text}")?;
        err.flush()?;
        Ok(())
    }

    fn header_field(
        &mut self,
        field: HeaderField,
        current: Option<&str>,
    ) -> Result<Option<String>, Stop> {
        match field {
            HeaderField::Perspective => {
                let mut entries: Vec<Labelled> = ["client", "provider", "auditor"]
                    .iter()
                    .map(|name| Labelled::text(name).current(current == Some(*name)))
                    .collect();
                entries.push(Labelled::text("none").current(current.is_none()));
                let current_position = entries.iter().position(|entry| entry.current).unwrap_or(0);
                let chosen = outcome(
                    Select::new(field.label(), entries)
                        .with_render_config(self.render)
                        .with_scorer(&score)
                        .with_starting_cursor(current_position)
                        .with_help_message(
                            "whose point of view: it changes the wording of the questions (type to jump)",
                        )
                        .prompt_skippable(),
                )?;
                Ok(match chosen {
                    None => current.map(str::to_string),
                    Some(entry) if entry.label == "none" => None,
                    Some(entry) => Some(entry.label),
                })
            }
            HeaderField::Provider | HeaderField::Assessor | HeaderField::Date => {
                let required = field == HeaderField::Provider;
                let is_date = field == HeaderField::Date;
                let validator = move |input: &str| {
                    let input = input.trim();
                    if required && input.is_empty() {
                        Err("the provider is required".to_string())
                    } else if is_date && !input.is_empty() {
                        parse_date(input).map(|_| ())
                    } else {
                        Ok(())
                    }
                };
                // Say what Enter does with what is shown (the date comes prefilled, with
                // today on a new file): keeping it, or, on an empty line, leaving it out.
                let help = match (required, is_date, current.is_some()) {
                    (true, _, _) => "who is assessed",
                    (_, true, true) => {
                        "YYYY-MM-DD; enter keeps the date shown, erase it to leave the date out"
                    }
                    (_, true, false) => "YYYY-MM-DD, or enter to leave the date out",
                    (_, false, true) => "enter keeps what is shown, erase it to leave it out",
                    (_, false, false) => "optional: enter leaves it out",
                };
                let initial = current.unwrap_or_default().to_string();
                let typed = TextPrompt::new(field.label(), super::MAX_LINE_CHARS)
                    .color(self.color)
                    .initial(&initial)
                    .help(help)
                    .check(validator)
                    .ask()?;
                Ok(match typed {
                    None => current.map(str::to_string),
                    Some(typed) => Some(typed.trim().to_string()).filter(|typed| !typed.is_empty()),
                })
            }
        }
    }

    fn client_facts(&mut self, current: Option<&ClientFacts>) -> Result<Option<ClientFacts>, Stop> {
        let mut facts = current.cloned().unwrap_or_default();
        self.say(
            "Client facts: they select the regulations that apply to the client (esc skips one).",
        )?;
        // Sector: a pick-list of the sectors regulations tell apart.
        let mut entries: Vec<Labelled> = Sector::ALL
            .iter()
            .map(|sector| Labelled::text(sector.as_str()).current(facts.sector == Some(*sector)))
            .collect();
        entries.push(Labelled::text("not given").current(facts.sector.is_none()));
        let cursor = entries.iter().position(|entry| entry.current).unwrap_or(0);
        let chosen = outcome(
            Select::new("Client's sector", entries)
                .with_render_config(self.render)
                .with_scorer(&score)
                .with_starting_cursor(cursor)
                .with_help_message(
                    "the client's sector, as regulations tell sectors apart (type to jump)",
                )
                .prompt_skippable(),
        )?;
        if let Some(entry) = chosen {
            facts.sector = parse_sector(&entry.label).ok();
        }
        // Regions: typed codes, checked as they are typed.
        let initial = facts.region.join(", ");
        let typed = TextPrompt::new(
            "Where the client operates (region codes)",
            super::MAX_LINE_CHARS,
        )
        .color(self.color)
        .initial(&initial)
        .help(
            "comma-separated: us, us-ny, eu, eu-de, uk, au …; enter on an empty line leaves it out",
        )
        .check(|input: &str| parse_regions(input).map(|_| ()))
        .ask()?;
        if let Some(typed) = typed {
            facts.region = parse_regions(&typed).unwrap_or_default();
        }
        // Public body: yes, no or not given.
        let entries: Vec<Labelled> = [
            ("yes", Some(true)),
            ("no", Some(false)),
            ("not given", None),
        ]
        .iter()
        .map(|(label, value)| Labelled::text(label).current(facts.public_body == *value))
        .collect();
        let cursor = entries.iter().position(|entry| entry.current).unwrap_or(2);
        let chosen = outcome(
            Select::new("Is the client a public body?", entries)
                .with_render_config(self.render)
                .with_starting_cursor(cursor)
                .with_help_message(
                    "a state or local government agency, school district, public university …",
                )
                .prompt_skippable(),
        )?;
        if let Some(entry) = chosen {
            facts.public_body = match entry.label.as_str() {
                "yes" => Some(true),
                "no" => Some(false),
                _ => None,
            };
        }
        Ok((facts != ClientFacts::default()).then_some(facts))
    }

    fn question(&mut self, ask: &Ask) -> Result<Step, Stop> {
        loop {
            if let Some(step) = self.ask_once(ask)? {
                return Ok(step);
            }
            if let Some(step) = self.menu(ask)? {
                return Ok(step);
            }
        }
    }

    fn details(
        &mut self,
        entry: &Entry,
        keep: &mut dyn FnMut(&Entry) -> Result<(), Stop>,
    ) -> Result<Entry, Stop> {
        let mut details = entry.clone();
        for evidence in [false, true] {
            let (label, slot) = if evidence {
                ("Evidence (optional)", &mut details.evidence)
            } else {
                ("Note (optional)", &mut details.note)
            };
            let initial = slot.clone().unwrap_or_default();
            let typed = TextPrompt::new(label, super::MAX_LINE_CHARS)
                .color(self.color)
                .initial(&initial)
                .help("enter to keep what is shown, empty = none, esc to skip the rest")
                .ask()?;
            match typed {
                // Esc: what was entered so far is kept (and saved); the rest is skipped.
                None => return Ok(details),
                Some(typed) => {
                    *slot = Some(typed.trim().to_string()).filter(|typed| !typed.is_empty())
                }
            }
            keep(&details)?;
        }
        let verified = outcome(
            Confirm::new("Verified against the evidence?")
                .with_render_config(self.render)
                .with_default(details.verified)
                .prompt_skippable(),
        )?;
        details.verified = verified.unwrap_or(details.verified);
        Ok(details)
    }

    fn end(&mut self, summary: &Summary) -> Result<Step, Stop> {
        let message = if summary.skipped == 0 {
            "End of the questionnaire: every question that applies is answered.".to_string()
        } else {
            format!(
                "End of the questionnaire: {} of {} questions that apply are unanswered.",
                summary.skipped, summary.applicable
            )
        };
        let mut entries = vec![Labelled::new("Finish", Some(Step::Finish))];
        if summary.skipped > 0 {
            entries.push(Labelled::new(
                "Go to the first unanswered question",
                Some(Step::FirstUnanswered),
            ));
        }
        entries.push(Labelled::new("Back to the last question", Some(Step::Back)));
        let chosen = outcome(
            Select::new(&message, entries)
                .with_render_config(self.render)
                .with_scorer(&score)
                .prompt_skippable(),
        )?;
        Ok(chosen.and_then(|entry| entry.step).unwrap_or(Step::Finish))
    }

    fn confirm(&mut self, message: &str) -> Result<bool, Stop> {
        let answer = outcome(
            Confirm::new(message)
                .with_render_config(self.render)
                .with_default(false)
                .prompt_skippable(),
        )?;
        Ok(answer.unwrap_or(false))
    }
}

/// A pick-list entry: its label and the step it stands for.
#[derive(Debug, Clone)]
struct Labelled {
    label: String,
    step: Option<Step>,
    current: bool,
}

impl Labelled {
    fn new(label: &str, step: Option<Step>) -> Labelled {
        Labelled {
            label: label.to_string(),
            step,
            current: false,
        }
    }

    fn text(label: &str) -> Labelled {
        Labelled::new(label, None)
    }

    /// Marks the entry as the answer given so far.
    fn current(mut self, current: bool) -> Labelled {
        self.current = current;
        self
    }
}

impl fmt::Display for Labelled {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.current {
            write!(formatter, "{} (current)", self.label)
        } else {
            formatter.write_str(&self.label)
        }
    }
}

/// Wraps every line of `text` to `width` columns, continuing each under its own indent (two
/// more spaces for an indented line), so help never runs past the terminal's edge.
fn wrap_to(text: &str, width: u16) -> String {
    let width = usize::from(width.max(20)).saturating_sub(1);
    text.split('\n')
        .map(|line| {
            let indent: String = line.chars().take_while(|c| *c == ' ').collect();
            let more = if indent.is_empty() {
                String::new()
            } else {
                format!("{indent}  ")
            };
            let options = textwrap::Options::new(width)
                .initial_indent(&indent)
                .subsequent_indent(&more)
                .word_splitter(textwrap::WordSplitter::NoHyphenation);
            if line.trim().is_empty() {
                String::new()
            } else {
                textwrap::fill(line.trim_start(), options)
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Ranks pick-list entries for what was typed: the entry whose label or `[value]` is the
/// typed text first, then those starting with it, then those with a word starting with it,
/// then those containing it; entries that do not contain it are hidden. Typing `cli` on
/// the perspectives jumps to `client`; typing `n` on yes/no picks `no` before `n/a`.
fn score(input: &str, _entry: &Labelled, shown: &str, index: usize) -> Option<i64> {
    let typed = input.trim().to_lowercase();
    // Earlier entries win ties, so equal matches keep the list's order.
    let order = -(index as i64);
    if typed.is_empty() {
        return Some(order);
    }
    let shown = shown.trim_end_matches(" (current)").to_lowercase();
    let value = shown
        .rsplit_once(" [")
        .map(|(_, value)| value.trim_end_matches(']').to_string());
    let label = shown
        .rsplit_once(" [")
        .map_or(shown.as_str(), |(label, _)| label)
        .to_string();
    let candidates = [Some(label), value];
    let candidates = candidates.iter().flatten();
    let rank = if candidates.clone().any(|text| *text == typed) {
        4
    } else if candidates.clone().any(|text| text.starts_with(&typed)) {
        3
    } else if candidates.clone().any(|text| {
        text.split(|c: char| !c.is_alphanumeric())
            .any(|word| word.starts_with(&typed))
    }) {
        2
    } else if shown.contains(&typed) {
        1
    } else {
        return None;
    };
    Some(rank * 100_000 + order)
}

/// A prompt's result: Ctrl-C stops the interview, Esc is `None`.
fn outcome<T>(result: InquireResult<Option<T>>) -> Result<Option<T>, Stop> {
    match result {
        Ok(value) => Ok(value),
        Err(InquireError::OperationCanceled) => Ok(None),
        Err(InquireError::OperationInterrupted) => Err(Stop::Interrupted),
        Err(InquireError::NotTTY) => Err(Stop::Failed(anyhow::anyhow!(
            "the terminal is gone; every answer given is saved"
        ))),
        Err(error) => Err(Stop::Failed(anyhow::anyhow!(
            "the terminal failed: {error}; every answer given is saved"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_is_wrapped_to_the_terminal_under_its_indent() {
        let help = "Ransomware hunts backups first, so one copy must survive a stolen admin password.\n  Allowed: `yes`, `no`, or `na` where the question allows it.";
        let wrapped = wrap_to(help, 40);
        assert!(
            wrapped.lines().all(|line| line.chars().count() < 40),
            "{wrapped}"
        );
        assert!(wrapped.lines().count() >= 5, "{wrapped}");
        assert!(wrapped.contains("\n  Allowed:"), "{wrapped}");
        assert!(
            wrapped
                .lines()
                .skip_while(|line| !line.starts_with("  Allowed"))
                .nth(1)
                .is_some_and(|line| line.starts_with("    ")),
            "continuations sit under the indent: {wrapped}"
        );
    }

    #[test]
    fn typing_ranks_exact_then_prefix_then_word_then_substring() {
        let entry = Labelled::text("x");
        let rank = |typed: &str, shown: &str| score(typed, &entry, shown, 0);
        assert!(rank("cli", "client") > rank("cli", "none"));
        assert_eq!(rank("cli", "provider"), None);
        assert!(rank("no", "no") > rank("no", "n/a: not applicable"));
        assert!(rank("hour", "By the hour [hourly]") > rank("hour", "A flat monthly fee [flat]"));
        assert!(
            rank("flat", "A flat monthly fee [flat]")
                > rank("flat", "Flatly refused [x]").map(|s| s - 1)
        );
        assert_eq!(rank("", "anything"), Some(0));
        assert!(
            score("", &entry, "a", 0) > score("", &entry, "b", 1),
            "empty input keeps the order"
        );
    }
}
