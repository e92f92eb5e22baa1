//! Finding and loading files: bundled questionnaires (embedded in the binary), questionnaires
//! named by path, and answers files with the questionnaire they name. Each questionnaire is
//! loaded and checked once per run, however many answers files use it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::diagnostic::{did_you_mean, Code, Diagnostic, Location};
use crate::source::Source;
use crate::validate::{self, ValidAnswers, ValidQuestionnaire};
use crate::yaml::{key, Document};

/// A questionnaire shipped inside the binary.
#[derive(Debug, Clone, Copy)]
pub struct Bundled {
    /// Its id.
    pub id: &'static str,
    /// Its YAML text.
    pub text: &'static str,
}

/// The bundled questionnaires.
pub const BUNDLED: &[Bundled] = &[
    Bundled {
        id: "msp",
        text: include_str!("../questionnaires/msp.yaml"),
    },
    Bundled {
        id: "mssp",
        text: include_str!("../questionnaires/mssp.yaml"),
    },
    Bundled {
        id: "quick",
        text: include_str!("../questionnaires/quick.yaml"),
    },
];

/// A loaded questionnaire and the document it came from.
#[derive(Debug)]
pub struct Loaded {
    /// The checked questionnaire.
    pub questionnaire: ValidQuestionnaire,
    /// Its parsed file (for locating warnings).
    pub document: Document,
}

/// A questionnaire once loaded, or every problem found loading it.
type LoadResult = Result<Arc<Loaded>, Vec<Diagnostic>>;

/// Questionnaires loaded so far in this run, by bundled id or canonical path.
#[derive(Debug, Default)]
pub struct Catalog {
    cache: Mutex<HashMap<String, LoadResult>>,
    /// Framework catalogues from `--framework-file`, offered to every questionnaire.
    frameworks: Vec<Arc<crate::validate::framework::Framework>>,
}

/// Reads and parses one file.
pub fn read_document(path: &str) -> Result<Document, Diagnostic> {
    Document::parse(Source::read(path)?)
}

/// Is this reference a path (rather than a bundled id)?
fn looks_like_path(reference: &str) -> bool {
    reference.contains('/')
        || reference.contains('\\')
        || reference.ends_with(".yaml")
        || reference.ends_with(".yml")
}

impl Catalog {
    /// A catalog whose questionnaires may also map to these framework catalogues.
    pub fn with_frameworks(frameworks: Vec<Arc<crate::validate::framework::Framework>>) -> Catalog {
        Catalog {
            cache: Mutex::default(),
            frameworks,
        }
    }

    /// Checks a parsed questionnaire against the bundled framework catalogues, this catalog's
    /// extra ones and those its own `frameworks:` names.
    pub fn check_questionnaire(
        &self,
        document: &Document,
    ) -> Result<ValidQuestionnaire, Vec<Diagnostic>> {
        let frameworks = crate::framework::set_for(document, &self.frameworks)?;
        validate::questionnaire::validate_with(document, &frameworks)
    }

    /// Loads a questionnaire named on the command line: a bundled id, a path, or `-` for
    /// standard input (read once per run).
    pub fn load_named(&self, reference: &str) -> Result<Arc<Loaded>, Vec<Diagnostic>> {
        self.resolve(reference, Path::new("."), None)
    }

    /// Resolves `reference` (bundled id, or a path relative to `base`), loading it once.
    /// `at` locates problems with the reference itself. `-` is standard input.
    pub fn resolve(
        &self,
        reference: &str,
        base: &Path,
        at: Option<Location>,
    ) -> Result<Arc<Loaded>, Vec<Diagnostic>> {
        let (name, _) = validate::answers::split_pin(reference);
        if name == "-" {
            return self.load_stdin(at);
        }
        let bundled = BUNDLED.iter().find(|bundled| bundled.id == name);
        let path: PathBuf = base.join(name);
        let cache_key = match bundled {
            Some(bundled) if !looks_like_path(name) => format!("bundled:{}", bundled.id),
            _ => {
                if !looks_like_path(name) && !path.is_file() {
                    let ids: Vec<&str> = BUNDLED.iter().map(|bundled| bundled.id).collect();
                    let help = did_you_mean(name, ids.iter().copied()).unwrap_or_else(|| {
                        format!(
                            "bundled questionnaires: {}; a path must contain `/` or end in `.yaml`",
                            ids.join(", ")
                        )
                    });
                    return Err(vec![Diagnostic::error(
                        Code::QuestionnaireNotFound,
                        format!("no bundled questionnaire `{name}`"),
                    )
                    .at_opt(at)
                    .with_help(help)]);
                }
                if !path.is_file() {
                    let what = if path.exists() {
                        "is not a file"
                    } else {
                        "does not exist"
                    };
                    return Err(vec![Diagnostic::error(
                        Code::QuestionnaireNotFound,
                        format!("questionnaire `{}` {what}", path.display()),
                    )
                    .at_opt(at)
                    .with_help(
                        "a path in `questionnaire:` is relative to the answers file's folder",
                    )]);
                }
                format!(
                    "path:{}",
                    path.canonicalize().unwrap_or(path.clone()).display()
                )
            }
        };
        let mut cache = self
            .cache
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(found) = cache.get(&cache_key) {
            return found.clone();
        }
        let loaded = match bundled.filter(|_| cache_key.starts_with("bundled:")) {
            Some(bundled) => Source::from_bytes(
                format!("<bundled:{}>", bundled.id),
                None,
                bundled.text.as_bytes(),
            ),
            None => Source::read(&path.to_string_lossy()),
        }
        .and_then(Document::parse)
        // An unreadable or oversized questionnaire is also placed where it is named.
        .map_err(|diagnostic| vec![placed(diagnostic, at.as_ref())])
        .and_then(|document| {
            let questionnaire = self.check_questionnaire(&document)?;
            Ok(Arc::new(Loaded {
                questionnaire,
                document,
            }))
        });
        cache.insert(cache_key, loaded.clone());
        loaded
    }
}

impl Catalog {
    /// `-`: the questionnaire on standard input, read once.
    fn load_stdin(&self, at: Option<Location>) -> Result<Arc<Loaded>, Vec<Diagnostic>> {
        let mut cache = self
            .cache
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(found) = cache.get("stdin") {
            return found.clone();
        }
        let loaded = Source::read("-")
            .and_then(Document::parse)
            .map_err(|diagnostic| vec![placed(diagnostic, at.as_ref())])
            .and_then(|document| {
                let questionnaire = self.check_questionnaire(&document)?;
                Ok(Arc::new(Loaded {
                    questionnaire,
                    document,
                }))
            });
        cache.insert("stdin".to_string(), loaded.clone());
        loaded
    }
}

/// A problem with no place of its own, placed at the reference that led to it.
fn placed(diagnostic: Diagnostic, at: Option<&Location>) -> Diagnostic {
    if diagnostic.location.is_some() {
        return diagnostic;
    }
    diagnostic.at_opt(at.cloned())
}

/// An answers file, checked against its questionnaire.
#[derive(Debug)]
pub struct LoadedAnswers {
    /// The questionnaire the answers were checked against.
    pub questionnaire: Arc<Loaded>,
    /// The checked answers.
    pub answers: ValidAnswers,
    /// The parsed answers file (`None` for a workbook).
    pub document: Option<Document>,
    /// Where a workbook holds its header fields (`provider`, …), by field name.
    pub cells: Vec<(&'static str, Location)>,
}

impl LoadedAnswers {
    /// Where the header field `name` (`provider`, `questionnaire`, …) is written, if it is.
    pub fn field_location(&self, name: &str) -> Option<Location> {
        match &self.document {
            Some(document) => {
                let path = key(&[], name);
                document.node(&path).map(|_| document.value_location(&path))
            }
            None => self
                .cells
                .iter()
                .find(|(field, _)| *field == name)
                .map(|(_, location)| location.clone()),
        }
    }
}

/// Loads an answers file (YAML, or a workbook made by `template --format xlsx`) and the
/// questionnaire it names (or `questionnaire_override`).
pub fn load_answers(
    catalog: &Catalog,
    path: &str,
    questionnaire_override: Option<&str>,
) -> Result<LoadedAnswers, Vec<Diagnostic>> {
    if crate::xlsx::is_workbook(path) {
        return crate::xlsx::import::load(catalog, path, questionnaire_override);
    }
    let document = read_document(path).map_err(|diagnostic| vec![diagnostic])?;
    load_answers_document(catalog, document, questionnaire_override)
}

/// Checks a parsed answers file against the questionnaire it names (or the override).
pub fn load_answers_document(
    catalog: &Catalog,
    document: Document,
    questionnaire_override: Option<&str>,
) -> Result<LoadedAnswers, Vec<Diagnostic>> {
    // A bad header field is one problem among the others: the answers are still checked
    // against the questionnaire, and every problem is reported together, in file order.
    let read = validate::answers::read_header_fields(&document)?;
    let problems = read.problems;
    let header = read.header;
    let (reference, base, at) = match (questionnaire_override, &header.questionnaire) {
        (Some(named), _) => (named.to_string(), PathBuf::from("."), None),
        (None, Some(named)) => (
            named.clone(),
            document.source.base_dir(),
            Some(document.value_location(&key(&[], "questionnaire"))),
        ),
        (None, None) if read.questionnaire_broken => return Err(problems),
        (None, None) => {
            let missing = Diagnostic::error(
                Code::MissingField,
                "missing required key `questionnaire`",
            )
            .at(document.source.start())
            .with_help(
                "add `questionnaire: msp` (a bundled id or a path), or pass `--questionnaire`",
            );
            return Err(together(problems, vec![missing]));
        }
    };
    let questionnaire = match catalog.resolve(&reference, &base, at) {
        Ok(questionnaire) => questionnaire,
        Err(more) => return Err(together(problems, more)),
    };
    let answers = match validate::answers::validate(
        &document,
        &header,
        &questionnaire.questionnaire,
        questionnaire_override.is_none(),
    ) {
        Ok(answers) if problems.is_empty() => answers,
        Ok(_) => return Err(problems),
        Err(more) => return Err(together(problems, more)),
    };
    Ok(LoadedAnswers {
        questionnaire,
        answers,
        document: Some(document),
        cells: Vec::new(),
    })
}

/// The header problems of a file and the problems found after it, in file order.
fn together(mut problems: Vec<Diagnostic>, more: Vec<Diagnostic>) -> Vec<Diagnostic> {
    problems.extend(more);
    crate::diagnostic::sort(&mut problems);
    problems
}

/// What loading a batch of answers files gave: the result of the command's work on each file
/// that loaded, in argument order, and every problem found (the override warnings too).
#[derive(Debug)]
pub struct Batch<T> {
    /// The results, in argument order; files that could not be loaded are left out.
    pub files: Vec<T>,
    /// Every problem found in any file, in argument order.
    pub diagnostics: Vec<Diagnostic>,
    /// How many files were asked for.
    pub requested: usize,
}

impl<T> Batch<T> {
    /// Some file could not be loaded (or the work on it failed).
    pub fn failed(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The run must stop before reporting: a file failed and `--keep-going` was not given,
    /// or no file is left to report on.
    pub fn refused(&self, keep_going: bool) -> bool {
        self.failed() && (!keep_going || self.files.is_empty())
    }

    /// How many of the requested files are missing from `files`.
    pub fn skipped(&self) -> usize {
        self.requested - self.files.len()
    }

    /// The same batch with each result turned into another.
    pub fn map<U>(self, change: impl FnMut(T) -> U) -> Batch<U> {
        Batch {
            files: self.files.into_iter().map(change).collect(),
            diagnostics: self.diagnostics,
            requested: self.requested,
        }
    }
}

/// The one loader of every command that reads answers files (`assess`, `compare`, `diff`):
/// loads each file in `paths` in parallel (each questionnaire once, through `catalog`),
/// checks it against its questionnaire (or `questionnaire_override`, with a warning where
/// that overrides a pinned version), and hands it to `work` on the thread that loaded it.
/// The results and problems come back in argument order, whatever order the threads
/// finished in.
pub fn load_each<T: Send>(
    catalog: &Catalog,
    paths: &[&str],
    questionnaire_override: Option<&str>,
    work: impl Fn(LoadedAnswers) -> Result<T, Vec<Diagnostic>> + Sync,
) -> Batch<T> {
    use rayon::prelude::*;
    /// One file's result and the override warning, or every problem found in it.
    type Worked<T> = Result<(T, Option<Diagnostic>), Vec<Diagnostic>>;
    let results: Vec<Worked<T>> = paths
        .par_iter()
        .map(|path| {
            let loaded = load_answers(catalog, path, questionnaire_override)?;
            let warning = override_warning(&loaded, questionnaire_override);
            Ok((work(loaded)?, warning))
        })
        .collect();
    let mut batch = Batch {
        files: Vec::with_capacity(results.len()),
        diagnostics: Vec::new(),
        requested: paths.len(),
    };
    for result in results {
        match result {
            Ok((file, warning)) => {
                batch.files.push(file);
                batch.diagnostics.extend(warning);
            }
            Err(problems) => batch.diagnostics.extend(problems),
        }
    }
    batch
}

/// The warning for an answers file whose `questionnaire:` pins a version (`msp@1.0.0`)
/// that `--questionnaire` overrides with another version: the answers are then checked
/// against a questionnaire they were not written for.
pub fn override_warning(
    loaded: &LoadedAnswers,
    questionnaire_override: Option<&str>,
) -> Option<Diagnostic> {
    questionnaire_override?;
    let path = key(&[], "questionnaire");
    let document = loaded.document.as_ref()?;
    let named = document.node(&path)?.as_str()?.to_string();
    let (_, pinned) = validate::answers::split_pin(&named);
    let pinned = pinned?;
    let questionnaire = &loaded.questionnaire.questionnaire;
    (pinned != questionnaire.version()).then(|| {
        Diagnostic::warning(
            Code::VersionMismatch,
            format!(
                "the answers pin `{named}`, but `--questionnaire` checks them against `{}` {}",
                questionnaire.id(),
                questionnaire.version()
            ),
        )
        .at(document.value_location(&path))
        .with_help("the override wins; re-check the answers against that version and update the pin, or drop `--questionnaire`")
    })
}

/// Every file must use the first file's questionnaire: another id or version is an error
/// (`mixed-questionnaires`); the same id and version with other contents is a warning.
pub fn check_questionnaires(loaded: &[&LoadedAnswers], command: &str) -> Vec<Diagnostic> {
    let Some(first) = loaded.first() else {
        return Vec::new();
    };
    let reference = &first.questionnaire.questionnaire;
    let mut diagnostics = Vec::new();
    for other in loaded[1..].iter().copied() {
        let questionnaire = &other.questionnaire.questionnaire;
        let at = other.field_location("questionnaire");
        if questionnaire.id() != reference.id() || questionnaire.version() != reference.version() {
            diagnostics.push(
                Diagnostic::error(
                    Code::MixedQuestionnaires,
                    format!(
                        "`{}` was assessed with questionnaire `{}` {}, but `{}` with `{}` {}",
                        first.answers.origin,
                        reference.id(),
                        reference.version(),
                        other.answers.origin,
                        questionnaire.id(),
                        questionnaire.version()
                    ),
                )
                .at_opt(at)
                .with_help(format!(
                    "`{command}` needs assessments made with one questionnaire; pass `--questionnaire ID|PATH` to check every file against the same one"
                )),
            );
        } else if questionnaire.sha256 != reference.sha256 {
            diagnostics.push(
                Diagnostic::warning(
                    Code::MixedQuestionnaires,
                    format!(
                        "`{}` and `{}` use questionnaire `{}` {} from files with different contents",
                        first.answers.origin,
                        other.answers.origin,
                        questionnaire.id(),
                        questionnaire.version()
                    ),
                )
                .at_opt(at)
                .with_help("scores may not be comparable; give an edited questionnaire a new version"),
            );
        }
    }
    diagnostics
}
