//! Opening the `--output` file before an interview: a new file, an answers file for this
//! questionnaire to resume (read through the same loaders and checks as every answers file),
//! or anything else, which is refused and never overwritten. Answers that no longer fit the
//! questionnaire are listed as misfits; dropping them is the caller's decision, and the
//! original is then kept as a backup beside the file.

use std::io::Write;
use std::path::{Component, Path, PathBuf};

use crate::answers_file::{Entry, Header, SIGNATURE};
use crate::diagnostic::{Code, Diagnostic, Location};
use crate::load::Catalog;
use crate::source::Source;
use crate::validate::answers::split_pin;
use crate::validate::{file_kind, FileKind, ValidQuestionnaire};
use crate::yaml::{key, Document};

/// What the output file holds.
#[derive(Debug)]
pub struct Opened {
    /// The header read from the file; `None` for a new (missing or blank) file.
    pub header: Option<Header>,
    /// One entry per question.
    pub entries: Vec<Entry>,
    /// Why answers do not fit, one or more diagnostics per misfit, located in the file.
    pub misfits: Vec<Diagnostic>,
    /// The ids of the answers that do not fit (in file order).
    pub dropped: Vec<String>,
    /// The version pin to write when misfits are dropped (the old pin did not match).
    pub repinned: Option<String>,
    /// The file has text a rewrite would lose (comments), so a backup is kept before the
    /// first write.
    pub has_comments: bool,
}

/// Reads `output` for an interview of `questionnaire`. `Err` refuses the file: every problem
/// found, ending with why it will not be overwritten.
pub fn open(
    catalog: &Catalog,
    output: &str,
    questionnaire: &ValidQuestionnaire,
) -> Result<Opened, Vec<Diagnostic>> {
    let path = Path::new(output);
    let count = questionnaire.questions.len();
    let new = || Opened {
        header: None,
        entries: vec![Entry::default(); count],
        misfits: Vec::new(),
        dropped: Vec::new(),
        repinned: None,
        has_comments: false,
    };
    match std::fs::symlink_metadata(path) {
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(new()),
        _ => {}
    }
    let source = Source::read(output)
        .map_err(|diagnostic| vec![diagnostic, refusal(output, questionnaire, None)])?;
    if source.text.trim().is_empty() {
        return Ok(new());
    }
    let has_comments = !source.text.starts_with(SIGNATURE) && source.text.contains('#');
    let document = Document::parse(source)
        .map_err(|diagnostic| vec![diagnostic, refusal(output, questionnaire, None)])?;
    let start = document.source.start();
    let refuse = |mut problems: Vec<Diagnostic>| {
        problems.push(refusal(output, questionnaire, Some(start.clone())));
        problems
    };
    file_kind(&document, Some(FileKind::Answers)).map_err(|diagnostic| refuse(vec![diagnostic]))?;
    // Header problems are reported with the answers' misfits, in file order: the file is
    // refused, but no problem of it hides another.
    let read = crate::validate::answers::read_header_fields(&document).map_err(refuse)?;
    let header_problems = read.problems;
    let file = read.header;
    let mut misfits = Vec::new();
    let mut repinned = None;
    if let Some(reference) = &file.questionnaire {
        let at = document.value_location(&key(&[], "questionnaire"));
        let (name, pin) = split_pin(reference);
        let named_id =
            match catalog.resolve(reference, &document.source.base_dir(), Some(at.clone())) {
                Ok(loaded) => loaded.questionnaire.id().to_string(),
                Err(_) => Path::new(name)
                    .file_stem()
                    .map(|stem| stem.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            };
        if named_id != questionnaire.id() {
            return Err(refuse(vec![Diagnostic::error(
                Code::OutputExists,
                format!(
                    "`{output}` holds answers for questionnaire `{named_id}`, not `{}`",
                    questionnaire.id()
                ),
            )
            .at(at)]));
        }
        if pin.is_some_and(|pinned| pinned != questionnaire.version()) {
            misfits.push(
                Diagnostic::error(
                    Code::VersionMismatch,
                    format!(
                        "the answers pin `{reference}`, but the questionnaire is version {}",
                        questionnaire.version()
                    ),
                )
                .at(at)
                .with_help(format!(
                    "dropping misfits re-pins the file to {}",
                    questionnaire.version()
                )),
            );
            repinned = Some(format!("{name}@{}", questionnaire.version()));
        }
    }
    // Every entry is read once: those that fit are resumed, the others are misfits that
    // the caller may drop (their ids are listed in file order, each once).
    let entries = crate::validate::answers::read_entries(&document, questionnaire)
        .map_err(|problem| refuse(vec![problem]))?;
    let mut dropped: Vec<String> = Vec::new();
    for misfit in entries.misfits {
        if !dropped.contains(&misfit.id) {
            dropped.push(misfit.id);
        }
        misfits.push(misfit.diagnostic);
    }
    if !header_problems.is_empty() {
        let mut problems = header_problems;
        problems.append(&mut misfits);
        crate::diagnostic::sort(&mut problems);
        problems.push(
            Diagnostic::error(
                Code::OutputExists,
                format!(
                    "the header of `{output}` (the fields above `answers:`) cannot be read; refusing to overwrite it"
                ),
            )
            .at(start.clone())
            .with_help("fix the fields named above, then run the same command to resume"),
        );
        return Err(problems);
    }
    Ok(Opened {
        header: Some(file),
        entries: entries.answers,
        misfits,
        dropped,
        repinned,
        has_comments,
    })
}

/// Why an existing file is not overwritten.
fn refusal(output: &str, questionnaire: &ValidQuestionnaire, at: Option<Location>) -> Diagnostic {
    Diagnostic::error(
        Code::OutputExists,
        format!("`{output}` exists and is not an answers file for questionnaire `{}`; refusing to overwrite it", questionnaire.id()),
    )
    .at_opt(at)
    .with_help("choose another `--output` file, or move this one away")
}

/// The `questionnaire:` reference a new answers file at `output` should hold: the bundled
/// id, or the questionnaire's path relative to the answers file's folder (as the loader
/// resolves it).
pub fn reference_for(questionnaire: &ValidQuestionnaire, output: &Path) -> String {
    if questionnaire.origin.starts_with("<bundled:") {
        return questionnaire.id().to_string();
    }
    let target = Path::new(&questionnaire.origin);
    let folder = match output.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let absolute = || {
        target
            .canonicalize()
            .unwrap_or_else(|_| target.to_path_buf())
            .to_string_lossy()
            .into_owned()
    };
    let (Ok(target), Ok(folder)) = (target.canonicalize(), folder.canonicalize()) else {
        return absolute();
    };
    let target_parts: Vec<Component> = target.components().collect();
    let folder_parts: Vec<Component> = folder.components().collect();
    let common = target_parts
        .iter()
        .zip(&folder_parts)
        .take_while(|(left, right)| left == right)
        .count();
    if common == 0 {
        return absolute();
    }
    let mut parts: Vec<String> = vec!["..".to_string(); folder_parts.len() - common];
    for part in &target_parts[common..] {
        match part.as_os_str().to_str() {
            Some(text) => parts.push(text.to_string()),
            None => return absolute(),
        }
    }
    let relative = parts.join("/");
    if relative.contains('/') || relative.ends_with(".yaml") || relative.ends_with(".yml") {
        relative
    } else {
        format!("./{relative}")
    }
}

/// Copies `path` to the first free name of `FILE.bak`, `FILE.1.bak`, `FILE.2.bak`, …, never
/// replacing an existing file. Returns the backup's path.
pub fn backup(path: &Path) -> std::io::Result<PathBuf> {
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| "answers".into());
    for attempt in 0..1000 {
        let candidate = path.with_file_name(if attempt == 0 {
            format!("{name}.bak")
        } else {
            format!("{name}.{attempt}.bak")
        });
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&candidate)
        {
            Ok(mut file) => {
                let bytes = std::fs::read(path)?;
                file.write_all(&bytes)?;
                file.sync_all()?;
                return Ok(candidate);
            }
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(error) => return Err(error),
        }
    }
    Err(std::io::Error::new(
        std::io::ErrorKind::AlreadyExists,
        "a thousand backups already exist",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::AnswerValue;

    const QUESTIONNAIRE: &str = r#"
format: mspcheck/questionnaire/1
id: resume
version: 1.1.0
title: Resume
domains:
  - {id: main, title: Main, weight: 1}
questions:
  - {id: q.yes, domain: main, text: "Yes?", kind: yes_no}
  - id: q.choice
    domain: main
    text: Choice?
    kind: choice
    options:
      - {value: monthly, score: 1}
      - {value: never, score: 0}
classification:
  rules:
    - {class: amateur, if: {}}
"#;

    fn setup() -> (tempfile::TempDir, ValidQuestionnaire) {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("resume.yaml");
        std::fs::write(&path, QUESTIONNAIRE).unwrap();
        let catalog = Catalog::default();
        let loaded = catalog.load_named(&path.to_string_lossy()).unwrap();
        (folder, loaded.questionnaire.clone())
    }

    fn open_text(
        folder: &tempfile::TempDir,
        questionnaire: &ValidQuestionnaire,
        text: &str,
    ) -> Result<Opened, Vec<Diagnostic>> {
        let path = folder.path().join("answers.yaml");
        std::fs::write(&path, text).unwrap();
        open(&Catalog::default(), &path.to_string_lossy(), questionnaire)
    }

    #[test]
    fn a_missing_or_blank_file_is_new() {
        let (folder, questionnaire) = setup();
        let missing = folder.path().join("none.yaml");
        let opened = open(
            &Catalog::default(),
            &missing.to_string_lossy(),
            &questionnaire,
        )
        .unwrap();
        assert!(opened.header.is_none() && opened.entries.len() == 2);
        assert!(open_text(&folder, &questionnaire, "\n  \n")
            .unwrap()
            .header
            .is_none());
    }

    #[test]
    fn resumes_answers_notes_and_details_without_an_answer() {
        let (folder, questionnaire) = setup();
        let text = "format: mspcheck/answers/1\nquestionnaire: resume.yaml\nprovider: Acme\nanswers:\n  q.yes: {answer: ~, note: ask the CTO}\n  q.choice: {answer: monthly, evidence: invoice.pdf, verified: true}\n";
        let opened = open_text(&folder, &questionnaire, text).unwrap();
        let header = opened.header.unwrap();
        assert_eq!(
            (header.provider.as_str(), header.questionnaire.as_deref()),
            ("Acme", Some("resume.yaml"))
        );
        assert_eq!(opened.entries[0].note.as_deref(), Some("ask the CTO"));
        assert!(opened.entries[0].value.is_none());
        assert_eq!(opened.entries[1].value, Some(AnswerValue::Option(0)));
        assert!(opened.entries[1].verified);
        assert_eq!(opened.entries[1].evidence.as_deref(), Some("invoice.pdf"));
        assert!(opened.misfits.is_empty() && !opened.has_comments);
    }

    #[test]
    fn refuses_files_that_are_not_answers_for_this_questionnaire() {
        let (folder, questionnaire) = setup();
        let cases = [
            "just some notes\n",
            "format: mspcheck/questionnaire/1\nid: x\n",
            "format: mspcheck/answers/1\nquestionnaire: quick\nprovider: Acme\n",
            "format: mspcheck/answers/1\nquestionnaire: other.yaml\nprovider: Acme\n",
            "format: mspcheck/answers/1\nprovider: Acme\nanswers: 5\n",
            "format: mspcheck/answers/1\nanswers: {}\n",
            "a: [1\n",
        ];
        for text in cases {
            let problems = open_text(&folder, &questionnaire, text).unwrap_err();
            let last = problems.last().unwrap();
            assert_eq!(last.code, Code::OutputExists, "{text}: {problems:?}");
            assert!(last.message.contains("refusing to overwrite"), "{text}");
            assert_eq!(
                std::fs::read_to_string(folder.path().join("answers.yaml")).unwrap(),
                text,
                "never changed"
            );
        }
    }

    #[test]
    fn lists_misfits_by_entry_and_keeps_the_rest() {
        let (folder, questionnaire) = setup();
        let text = "format: mspcheck/answers/1\nquestionnaire: resume.yaml@1.0.0\nprovider: Acme\nanswers:\n  q.gone: yes\n  q.yes: yes\n  q.choice:\n    answer: weekly\n    note: was fine once\n";
        let opened = open_text(&folder, &questionnaire, text).unwrap();
        assert_eq!(
            opened.dropped,
            vec!["q.gone".to_string(), "q.choice".to_string()]
        );
        let codes: Vec<Code> = opened.misfits.iter().map(|problem| problem.code).collect();
        assert_eq!(
            codes,
            vec![
                Code::VersionMismatch,
                Code::UnknownQuestion,
                Code::ValueNotAllowed
            ]
        );
        assert_eq!(opened.misfits[2].location.as_ref().unwrap().line, 8);
        assert_eq!(opened.repinned.as_deref(), Some("resume.yaml@1.1.0"));
        assert_eq!(opened.entries[0].value, Some(AnswerValue::Option(0)));
        assert!(opened.entries[1].value.is_none());
    }

    #[test]
    fn notices_comments_a_rewrite_would_lose() {
        let (folder, questionnaire) = setup();
        let text = "# answered on the phone\nformat: mspcheck/answers/1\nquestionnaire: resume.yaml\nprovider: Acme\n";
        assert!(
            open_text(&folder, &questionnaire, text)
                .unwrap()
                .has_comments
        );
        let ours = format!("{SIGNATURE}\nformat: mspcheck/answers/1\nquestionnaire: resume.yaml\nprovider: 'Acme #1'\n");
        assert!(
            !open_text(&folder, &questionnaire, &ours)
                .unwrap()
                .has_comments
        );
    }

    #[test]
    fn backups_never_replace_an_existing_file() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("a.yaml");
        std::fs::write(&path, "first").unwrap();
        let first = backup(&path).unwrap();
        std::fs::write(&path, "second").unwrap();
        let second = backup(&path).unwrap();
        assert_eq!(first.file_name().unwrap(), "a.yaml.bak");
        assert_eq!(second.file_name().unwrap(), "a.yaml.1.bak");
        assert_eq!(std::fs::read_to_string(first).unwrap(), "first");
        assert_eq!(std::fs::read_to_string(second).unwrap(), "second");
    }

    #[test]
    fn references_are_relative_to_the_answers_folder() {
        let (folder, questionnaire) = setup();
        std::fs::create_dir(folder.path().join("out")).unwrap();
        assert_eq!(
            reference_for(&questionnaire, &folder.path().join("a.yaml")),
            "resume.yaml"
        );
        assert_eq!(
            reference_for(&questionnaire, &folder.path().join("out").join("a.yaml")),
            "../resume.yaml"
        );
        let catalog = Catalog::default();
        let bundled = catalog.load_named("quick").unwrap();
        assert_eq!(
            reference_for(&bundled.questionnaire, Path::new("x/a.yaml")),
            "quick"
        );
    }
}
