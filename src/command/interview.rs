//! `mspcheck interview ID|PATH --output FILE`: asks the questionnaire's questions, saving the
//! answers file atomically after every answer, and resumes a partial file at its first
//! unanswered question. A file that is not an answers file for the questionnaire is never
//! overwritten; answers that no longer fit are dropped only when the user says so, and then
//! the original is kept as a backup. Ends with a short summary, the class and the score.

use std::io::Write;
use std::path::Path;

use anyhow::bail;

use crate::answers_file::Header;
use crate::assessment::{assess, Options};
use crate::cli::InterviewArgs;
use crate::diagnostic::{Code, Diagnostic};
use crate::interview::line::HeaderField;
use crate::interview::plain::{legend, Plain};
use crate::interview::resume::{self, Opened};
use crate::interview::session::{Session, Summary};
use crate::interview::terminal::Terminal;
use crate::interview::{ask_header, conduct, Lock, Prompter, Saver, Stop};
use crate::load::Catalog;
use crate::model::Perspective;
use crate::output::Environment;
use crate::source::Source;
use crate::validate::answers::{format_number, split_pin};
use crate::validate::ValidQuestionnaire;
use crate::yaml::Document;

use super::Finish;

/// Runs `interview`.
pub fn run(
    args: &InterviewArgs,
    environment: &Environment,
    out: &mut dyn Write,
) -> anyhow::Result<Finish> {
    if !args.plain && !environment.stdin_is_terminal {
        bail!(
            "standard input is not a terminal, so the interview cannot draw its pick-lists; \
             use `--plain` to answer one line at a time from standard input (see `mspcheck interview --help`)"
        );
    }
    if args.output.is_empty() || args.output == "-" {
        bail!("`--output` must name a file: the answers are saved to it after every answer");
    }
    let folder = match Path::new(&args.output).parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    if !folder.is_dir() {
        bail!(
            "cannot save `{}`: the folder `{}` does not exist",
            args.output,
            folder.display()
        );
    }
    if args
        .provider
        .as_deref()
        .is_some_and(|provider| provider.trim().is_empty())
    {
        bail!("`--provider` must not be empty");
    }
    if args.questionnaire == "-" {
        return Ok(Finish::invalid(vec![crate::diagnostic::Diagnostic::error(
            crate::diagnostic::Code::FileUnreadable,
            "`interview` cannot read its questionnaire from standard input (`-`): the answers come from there",
        )
        .with_help("give the questionnaire's bundled id or its path")]));
    }
    let catalog = Catalog::default();
    let loaded = match catalog.load_named(&args.questionnaire) {
        Ok(loaded) => loaded,
        Err(problems) => return Ok(Finish::invalid(problems)),
    };
    let questionnaire = &loaded.questionnaire;
    if let (_, Some(pinned)) = split_pin(&args.questionnaire) {
        if pinned != questionnaire.version() {
            return Ok(Finish::invalid(vec![Diagnostic::error(
                Code::VersionMismatch,
                format!(
                    "`{}` is version {}, not {pinned}",
                    questionnaire.id(),
                    questionnaire.version()
                ),
            )
            .with_help(
                "name the questionnaire without `@VERSION`, or use the version pinned",
            )]));
        }
    }
    // The session's lock, taken before the file is read; creating it also shows, before
    // the first question, that the folder can be written.
    let _lock = match Lock::acquire(Path::new(&args.output)) {
        Ok(lock) => lock,
        Err(Stop::Refused(diagnostic)) => return Ok(Finish::invalid(vec![diagnostic])),
        Err(Stop::Failed(error)) => return Err(error),
        Err(_) => return Ok(Finish::invalid(Vec::new())),
    };
    if let Err(error) = crate::output::check_writable(Path::new(&args.output)) {
        return Err(anyhow::Error::new(error)
            .context(format!("cannot save `{}`; nothing was asked", args.output)));
    }
    let opened = match resume::open(&catalog, &args.output, questionnaire) {
        Ok(opened) => opened,
        Err(problems) => return Ok(Finish::invalid(problems)),
    };
    // What the file holds now is what the saves may replace, and nothing else.
    let saver = Saver::new(
        Path::new(&args.output).to_path_buf(),
        Header::default(),
        questionnaire,
    );

    let mut prompter: Box<dyn Prompter + '_> = if args.plain {
        // Typed lines are asked again when wrong; piped ones stop the run and are echoed.
        let piped = !environment.stdin_is_terminal;
        Box::new(Plain::new(
            Box::new(std::io::stdin().lock()),
            out,
            piped,
            piped,
        ))
    } else {
        Box::new(Terminal::new(environment.color))
    };
    let ended = interview(
        args,
        environment,
        questionnaire,
        opened,
        saver,
        prompter.as_mut(),
    );
    drop(prompter);
    match ended {
        Ended::Finished {
            saver_text,
            header,
            summary,
            wrote,
        } => {
            report(
                args,
                environment,
                questionnaire,
                &header,
                saver_text,
                summary,
                wrote,
                out,
            )?;
            Ok(Finish::ok(Vec::new()))
        }
        Ended::Refused(problems) => Ok(Finish::invalid(problems)),
        Ended::Stopped(code) => Ok(Finish {
            code,
            ..Finish::default()
        }),
        Ended::Failed(error) => Err(error),
    }
}

/// How the interview ended.
enum Ended {
    /// Finished (or the input ended): the text last written (or to be written), the header,
    /// the counts, and whether anything was written.
    Finished {
        saver_text: String,
        header: Header,
        summary: Summary,
        wrote: bool,
    },
    /// Nothing was asked: the file is refused, or a line was wrong (answers before it saved).
    Refused(Vec<Diagnostic>),
    /// Ctrl-C: the message is shown; exit with this code.
    Stopped(u8),
    /// Saving or the terminal failed.
    Failed(anyhow::Error),
}

fn interview(
    args: &InterviewArgs,
    environment: &Environment,
    questionnaire: &ValidQuestionnaire,
    opened: Opened,
    mut saver: Saver,
    prompter: &mut dyn Prompter,
) -> Ended {
    let output = Path::new(&args.output);
    let stopped = |stop: Stop, prompter: &mut dyn Prompter| {
        let saved = if output.exists() {
            format!("every answer given is saved in `{}`", args.output)
        } else {
            "nothing was saved".to_string()
        };
        match stop {
            Stop::Interrupted => {
                let _ = prompter.say(&format!(
                    "\nInterrupted: {saved}; run the same command to resume."
                ));
                Ended::Stopped(crate::EXIT_INTERRUPTED)
            }
            Stop::Invalid(diagnostic) => {
                let _ = prompter.say(&format!("Stopped at a wrong line: {saved}."));
                Ended::Refused(vec![diagnostic])
            }
            Stop::Failed(error) => Ended::Failed(error),
            Stop::Refused(diagnostic) => {
                let _ = prompter.say(&format!("Stopped: {saved}."));
                Ended::Refused(vec![diagnostic])
            }
        }
    };

    // Misfits: listed, and dropped only when the user says so.
    let dropping = !opened.misfits.is_empty();
    if dropping && !args.drop_misfits {
        let count = opened.dropped.len() + usize::from(opened.repinned.is_some());
        let mut confirmed = false;
        if !args.plain {
            let _ = prompter.say(&format!(
                "These answers in `{}` no longer fit `{}` {}:",
                args.output,
                questionnaire.id(),
                questionnaire.version()
            ));
            for misfit in &opened.misfits {
                let _ = prompter.say(&format!("  {misfit}"));
            }
            confirmed = match prompter.confirm(&format!(
                "Drop them ({count}) and go on? The original is kept as a backup beside the file."
            )) {
                Ok(confirmed) => confirmed,
                Err(stop) => return stopped(stop, prompter),
            };
        }
        if !confirmed {
            let mut problems = opened.misfits.clone();
            problems.push(
                Diagnostic::error(
                    Code::AnswersMisfit,
                    format!(
                        "{count} answer(s) in `{}` no longer fit questionnaire `{}` {}; nothing was changed",
                        args.output,
                        questionnaire.id(),
                        questionnaire.version()
                    ),
                )
                .with_help("run again with `--drop-misfits` to drop them; the original is kept as a backup beside the file"),
            );
            return Ended::Refused(problems);
        }
    }

    // The header: asked for a new file, taken from the file otherwise; flags win.
    let new = opened.header.is_none();
    let mut header = opened.header.clone().unwrap_or_else(|| Header {
        questionnaire: Some(resume::reference_for(questionnaire, output)),
        date: Some(environment.today),
        ..Header::default()
    });
    let original_header = header.clone();
    if let Some(repinned) = &opened.repinned {
        header.questionnaire = Some(repinned.clone());
    }
    if let Some(provider) = &args.provider {
        header.provider = provider.trim().to_string();
    }
    if let Some(assessor) = &args.assessor {
        header.assessor = Some(assessor.clone()).filter(|assessor| !assessor.trim().is_empty());
    }
    if let Some(perspective) = args.perspective {
        header.perspective = Some(Perspective::from(perspective));
    }
    if let Some(date) = args.date {
        header.date = Some(date);
    }
    match crate::obligations::client_from_flags(
        header.client.take(),
        args.client_sector.as_deref(),
        &args.client_region,
        args.client_public_body,
    ) {
        Ok(client) => header.client = client,
        Err(problems) => return Ended::Refused(problems),
    }
    if args.plain {
        let _ = prompter.say(&legend());
    }
    // A file with no provider yet (a blank `template`) has its header asked too.
    if new || header.provider.trim().is_empty() {
        header.date = header.date.or(Some(environment.today));
        let given = [
            args.provider.is_some(),
            args.assessor.is_some(),
            args.perspective.is_some(),
            args.date.is_some(),
        ];
        let fields: Vec<HeaderField> = HeaderField::ALL
            .iter()
            .zip(given)
            .filter(|(_, given)| !given)
            .map(|(field, _)| *field)
            .collect();
        if let Err(stop) = ask_header(prompter, &mut header, &fields) {
            return stopped(stop, prompter);
        }
        // From the client's or an auditor's side, the facts about the client that select the
        // regulations, unless flags gave them.
        if crate::interview::asks_client_facts(&header) {
            if let Err(stop) = crate::interview::ask_client_facts(prompter, &mut header) {
                return stopped(stop, prompter);
            }
        }
    }

    // A backup before the first write, when the rewrite drops something.
    saver.header = header.clone();
    if (dropping || opened.has_comments) && !new {
        match resume::backup(output) {
            Ok(backup) => {
                let why = if dropping {
                    "answers that no longer fit are dropped"
                } else {
                    "its comments are not kept when it is rewritten"
                };
                let _ = prompter.say(&format!(
                    "The original of `{}` is kept as `{}` ({why}).",
                    args.output,
                    backup.display()
                ));
            }
            Err(error) => {
                return Ended::Failed(anyhow::anyhow!(
                    "cannot keep a backup of `{}`: {error}; nothing was changed",
                    args.output
                ))
            }
        }
    }
    let mut session = Session::new(questionnaire, opened.entries, environment.today);
    if new || dropping || header != original_header {
        if let Err(stop) = saver.save(&session.entries) {
            return stopped(stop, prompter);
        }
    }
    let summary = session.summary();
    let opening = if new {
        format!(
            "Saving to `{}` after every answer: {} questions.",
            args.output, summary.applicable
        )
    } else {
        format!(
            "Resuming `{}`: {} of {} questions that apply are answered.",
            args.output, summary.answered, summary.applicable
        )
    };
    let _ = prompter.say(&opening);
    if let Err(stop) = conduct(
        &mut session,
        prompter,
        &mut saver,
        header.perspective,
        args.details,
    ) {
        return stopped(stop, prompter);
    }
    // Client facts typed during the interview went into the saver's header.
    let header = saver.header.clone();
    let wrote = saver.written.is_some();
    let text = match saver.written.take() {
        Some(text) => text,
        None => match crate::answers_file::render(&header, questionnaire, &session.entries) {
            Ok(text) => text,
            Err(error) => {
                return Ended::Failed(anyhow::anyhow!("cannot write the answers: {error}"))
            }
        },
    };
    Ended::Finished {
        saver_text: text,
        header,
        summary: session.summary(),
        wrote,
    }
}

/// The end: counts, class and score of what was saved, and how to get the full report.
#[allow(clippy::too_many_arguments)]
fn report(
    args: &InterviewArgs,
    environment: &Environment,
    questionnaire: &ValidQuestionnaire,
    header: &Header,
    text: String,
    summary: Summary,
    wrote: bool,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    // The saved text goes through the same checks as any answers file.
    let source = Source::from_bytes(
        args.output.clone(),
        Some(Path::new(&args.output).to_path_buf()),
        text.as_bytes(),
    )
    .map_err(|problem| anyhow::anyhow!("{problem}"))?;
    let document = Document::parse(source).map_err(|problem| anyhow::anyhow!("{problem}"))?;
    let file = crate::validate::answers::read_header(&document).map_err(|problems| {
        anyhow::anyhow!(
            "{}",
            problems
                .first()
                .map(ToString::to_string)
                .unwrap_or_default()
        )
    })?;
    let answers = crate::validate::answers::validate(&document, &file, questionnaire, false)
        .map_err(|problems| {
            anyhow::anyhow!(
                "{}",
                problems
                    .first()
                    .map(ToString::to_string)
                    .unwrap_or_default()
            )
        })?;
    let assessment = assess(
        questionnaire,
        &answers,
        &Options {
            today: Some(environment.today),
            // The closing summary shows the class and its standing, not the roadmap.
            detail: crate::assessment::Detail::Summary,
            ..Options::default()
        },
    );

    writeln!(out)?;
    if wrote {
        writeln!(out, "Saved `{}`.", args.output)?;
    } else {
        writeln!(out, "Nothing changed in `{}`.", args.output)?;
    }
    let na = if summary.not_applicable > 0 {
        format!(" ({} n/a)", summary.not_applicable)
    } else {
        String::new()
    };
    writeln!(
        out,
        "Answered {} of {} questions that apply{na}; {} skipped; {} unverified.",
        summary.answered, summary.applicable, summary.skipped, summary.unverified
    )?;
    if summary.kept_inapplicable > 0 {
        writeln!(
            out,
            "Kept {} answer(s) to questions that no longer apply (they do not count).",
            summary.kept_inapplicable
        )?;
    }
    let score = assessment.score.map_or_else(
        || "no score yet".to_string(),
        |score| format!("score {:.1}", score),
    );
    writeln!(
        out,
        "Class: {}{} · {score} · coverage {}%",
        assessment.classification.as_str(),
        match assessment.standing {
            crate::assessment::Standing::Clear => String::new(),
            _ => format!(" ({})", assessment.headline),
        },
        format_number((assessment.coverage * 100.0).round())
    )?;
    let mut command = format!("mspcheck assess {}", shell_word(&args.output));
    if header.questionnaire.is_none() {
        command.push_str(&format!(
            " --questionnaire {}",
            shell_word(&args.questionnaire)
        ));
    }
    writeln!(
        out,
        "For the full report, with the reasons, red flags and roadmap: {command}"
    )?;
    Ok(())
}

/// `text` quoted for a POSIX shell when it needs to be.
fn shell_word(text: &str) -> String {
    if !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./@:+,".contains(c))
    {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}
