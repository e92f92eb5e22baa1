//! Questionnaire checks: every rule of SPEC's "A questionnaire is invalid when", collected
//! in one pass, each located at the key or value at fault.

use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::NaiveDate;
use serde_yaml::Value;

use crate::diagnostic::{did_you_mean, expected_one_of, Code, Diagnostic};
use crate::model::questionnaire::{
    Band, Class, Classification, Condition, ConsistencyCheck, Domain, Flag, FlagCount, Kind,
    Question, Questionnaire, ReaderText, Rule, Severity,
};
use crate::model::{Perspective, Token};
use crate::rule::{self, Bound, Leaf, Limit, Node, SignalTest};
use crate::yaml::{index, key, DocPath, Document, Segment};

use super::{file_kind, is_identifier, FileKind};

/// The smallest weight taken: smaller ones would vanish in sums (1e-320 is subnormal).
pub const MIN_WEIGHT: f64 = 1e-6;
/// The largest weight taken: 10,000 questions at this weight still sum far from overflow.
pub const MAX_WEIGHT: f64 = 1e6;
/// Scale ends are within ±this.
pub const MAX_SCALE_END: i64 = 1_000_000;
/// A scale has at most this many steps from min to max.
pub const MAX_SCALE_POINTS: i64 = 10_000;
/// Band edges (`up_to`) are at most this.
pub const MAX_BAND_EDGE: f64 = 1e15;

/// The largest `max_length` a `text` question may set, in characters.
pub const MAX_TEXT_LENGTH: u32 = 100_000;
/// The longest `ref:`, in characters.
pub const MAX_REF_LENGTH: usize = 100;

/// Most questions a questionnaire may have (SPEC limit).
pub const MAX_QUESTIONS: usize = 10_000;

/// A checked questionnaire: every reference resolved, every default filled in.
#[derive(Debug, Clone)]
pub struct ValidQuestionnaire {
    /// The file as written, with defaults filled in (labels, yes/no options, weights),
    /// except its questions: this `questions` is empty, and each `ValidQuestion` holds its
    /// own (`ValidQuestion::written`), so that a large questionnaire is held once. `show
    /// --format json` prints this with the questions put back.
    pub definition: Questionnaire,
    /// The domains, in file order.
    pub domains: Vec<ValidDomain>,
    /// The questions, in file order.
    pub questions: Vec<ValidQuestion>,
    /// The classification rules, in order.
    pub rules: Vec<ValidRule>,
    /// The consistency checks, in order.
    pub consistency: Vec<ValidCheck>,
    /// The questionnaire's own flags (`flags:`), in order (extension).
    pub flags: Vec<ValidFlag>,
    /// Every signal some answer raises, sorted; rules and options name them by index here.
    pub signals: Vec<String>,
    /// Per domain: its questions' indexes, in file order.
    pub domain_questions: Vec<Vec<usize>>,
    /// SHA-256 of the file's bytes.
    pub sha256: String,
    /// Where it came from, as shown to users (`<bundled:msp>` or a path).
    pub origin: String,
    /// The frameworks it may map to and its `maps:`, resolved (extension).
    pub mappings: super::framework::Mappings,
    /// Its contract clause topics, each with the questions it covers (extension).
    pub clauses: Vec<ValidClause>,
    /// Warnings found while checking it (e.g. a `score` ignored on a context question).
    pub warnings: Vec<Diagnostic>,
    question_index: HashMap<String, usize>,
    domain_index: HashMap<String, usize>,
}

/// A checked consistency check: a named contradiction between answers.
#[derive(Debug, Clone)]
pub struct ValidCheck {
    /// Identifier.
    pub id: String,
    /// What contradicts what.
    pub message: String,
    /// The follow-up question to put to the provider.
    pub ask: String,
    /// When it is found.
    pub condition: rule::Condition,
    /// Indexes of the questions its `answer` tests name, in questionnaire order.
    pub questions: Vec<usize>,
}

/// A checked questionnaire flag: a red flag raised by a condition of its own.
#[derive(Debug, Clone)]
pub struct ValidFlag {
    /// Identifier.
    pub id: String,
    /// How severe it is.
    pub severity: Severity,
    /// Why it is a red flag (per reader: `for_reader`).
    pub message: ReaderText,
    /// When it is raised.
    pub condition: rule::Condition,
    /// Indexes of the questions its `answer` and `not_chosen` tests name, in order.
    pub questions: Vec<usize>,
}

/// A checked domain.
#[derive(Debug, Clone)]
pub struct ValidDomain {
    /// Identifier.
    pub id: String,
    /// Title.
    pub title: String,
    /// Weight > 0.
    pub weight: f64,
}

/// A checked question.
#[derive(Debug, Clone)]
pub struct ValidQuestion {
    /// The question as written, with defaults filled in, except its options: this
    /// `options` is empty, and the options are held once, checked, in `ValidQuestion::options`
    /// (`written()` gives the question whole).
    pub definition: Question,
    /// Index of its domain.
    pub domain: usize,
    /// Every possible answer of `yes_no` (`yes` first), `choice` and `multi`.
    pub options: Vec<ValidOption>,
    /// When it applies.
    pub when: Option<ValidWhen>,
    /// The `unknown` answer, when the question allows it.
    pub unknown: Option<ValidUnknown>,
    /// Line of the question in its file (for messages).
    pub line: usize,
    /// The question's best and worst answers, computed once when first needed.
    pub extremes: std::sync::OnceLock<[Option<super::AnswerValue>; 2]>,
    /// Per band of a `number` question: the indexes of the signals it raises.
    pub band_signals: Vec<Vec<usize>>,
    /// The questions whose `when` names this one (by index).
    pub dependents: Vec<usize>,
    /// Counts for the scores, coverage and roadmap: false for `text` questions and for
    /// context questions (`scored: false`).
    pub scored: bool,
}

impl ValidQuestion {
    /// The question as written, with defaults filled in (labels, the `yes`/`no` options, the
    /// severity of each red flag), its options included: what `show --format json` prints.
    pub fn written(&self) -> Question {
        let mut question = self.definition.clone();
        question.options = self
            .options
            .iter()
            .map(|option| crate::model::questionnaire::AnswerOption {
                value: Token(option.value.clone()),
                label: Some(option.label.clone()),
                score: self.scored.then_some(option.score),
                signals: option.signals.clone(),
                red_flag: option.red_flag.clone(),
                severity: option.red_flag.as_ref().map(|_| option.severity),
                maps: option.maps.clone(),
                exclusive: option.exclusive,
                remediation: option.remediation.clone(),
            })
            .collect();
        question
    }

    /// Every signal an answer to the question may raise, as completed by the check: its
    /// options', its bands' and its `unknown` answer's (a name may come more than once).
    pub fn signal_names(&self) -> impl Iterator<Item = &String> {
        self.options
            .iter()
            .flat_map(|option| &option.signals)
            .chain(self.definition.bands.iter().flat_map(|band| &band.signals))
            .chain(self.unknown.iter().flat_map(|unknown| &unknown.signals))
    }

    /// The question's id.
    pub fn id(&self) -> &str {
        &self.definition.id
    }

    /// The kind.
    pub fn kind(&self) -> Kind {
        self.definition.kind
    }

    /// The weight.
    pub fn weight(&self) -> f64 {
        self.definition.weight
    }

    /// The source questionnaire's identifier (`ref:`), if given.
    pub fn external_ref(&self) -> Option<&str> {
        self.definition.external_ref.as_deref()
    }

    /// The id with the `ref` beside it when there is one: `app.name (A&A-01.1)`.
    pub fn id_with_ref(&self) -> String {
        match self.external_ref() {
            Some(reference) => format!("{} ({reference})", self.id()),
            None => self.id().to_string(),
        }
    }

    /// The text for a perspective, falling back to the neutral text.
    pub fn text_for(&self, perspective: Option<Perspective>) -> &str {
        perspective
            .and_then(|perspective| self.definition.wording.get(&perspective))
            .unwrap_or(&self.definition.text)
    }

    /// The index of the option whose value is `token`.
    pub fn option_index(&self, token: &str) -> Option<usize> {
        self.options.iter().position(|option| option.value == token)
    }

    /// The `(min, max)` of a scale question.
    pub fn scale_range(&self) -> (i64, i64) {
        self.definition
            .scale
            .as_ref()
            .map_or((0, 1), |scale| (scale.min, scale.max))
    }

    /// True when some answer raises a red flag: such questions are critical.
    pub fn is_critical(&self) -> bool {
        self.options.iter().any(|option| option.red_flag.is_some())
            || self
                .unknown
                .as_ref()
                .is_some_and(|unknown| unknown.red_flag.is_some())
            || self
                .definition
                .bands
                .iter()
                .any(|band| band.red_flag.is_some())
    }
}

/// One possible answer, with defaults filled in.
#[derive(Debug, Clone)]
pub struct ValidOption {
    /// The token written in answers files.
    pub value: String,
    /// Human label.
    pub label: String,
    /// Score, 0..=1.
    pub score: f64,
    /// Signals raised.
    pub signals: Vec<String>,
    /// Red flag message (its shared text reads as a `str`; per reader: `for_reader`).
    pub red_flag: Option<crate::model::questionnaire::ReaderText>,
    /// How severe the red flag is (`high` unless the option says).
    pub severity: Severity,
    /// Cannot be combined with other options (`multi` only).
    pub exclusive: bool,
    /// Indexes of the signals raised (into `ValidQuestionnaire::signals`).
    pub signal_ids: Vec<usize>,
    /// What to do when this is the answer given (extension).
    pub remediation: Option<crate::model::questionnaire::ReaderText>,
    /// The controls this answer meets, as written (extension); resolved in
    /// `ValidQuestionnaire::mappings`.
    pub maps: crate::model::framework::Maps,
}

/// The `unknown` ("don't know") answer of a question that allows it, defaults filled in.
#[derive(Debug, Clone)]
pub struct ValidUnknown {
    /// Human label.
    pub label: String,
    /// Its score, or `None`: then it is left out of the domain score.
    pub score: Option<f64>,
    /// Signals raised.
    pub signals: Vec<String>,
    /// The same signals as indexes into `ValidQuestionnaire::signals`, as the rules see them.
    pub signal_ids: Vec<usize>,
    /// Red flag message (its shared text reads as a `str`; per reader: `for_reader`).
    pub red_flag: Option<crate::model::questionnaire::ReaderText>,
    /// How severe the red flag is (`high` unless the question says).
    pub severity: Severity,
    /// What to do when the answer is `unknown` (extension).
    pub remediation: Option<crate::model::questionnaire::ReaderText>,
}

/// The label of `unknown` when the questionnaire gives none.
pub const UNKNOWN_LABEL: &str = "Don't know";

/// The first exclusive option of `chosen` when it is combined with others (`chosen` holds
/// option indexes of a `multi` question).
pub fn exclusive_conflict(question: &ValidQuestion, chosen: &[usize]) -> Option<usize> {
    if chosen.len() < 2 {
        return None;
    }
    chosen
        .iter()
        .copied()
        .find(|option| question.options[*option].exclusive)
}

/// A resolved `when`: an answer test on an earlier question, or `all` / `any` / `not` of
/// such tests (extension), nested.
#[derive(Debug, Clone, PartialEq)]
pub enum ValidWhen {
    /// The earlier question applies and is answered with one of `options` (for `multi`: some
    /// chosen option is one of them).
    Answer {
        /// Index of the earlier question.
        question: usize,
        /// Indexes of that question's options under which this one applies.
        options: Vec<usize>,
    },
    /// Every one holds.
    All(Vec<ValidWhen>),
    /// At least one holds.
    Any(Vec<ValidWhen>),
    /// It does not hold.
    Not(Box<ValidWhen>),
}

impl ValidWhen {
    /// Every question a leaf names, sorted, without repeats.
    pub fn questions(&self) -> Vec<usize> {
        let mut found = Vec::new();
        self.collect(&mut found);
        found.sort_unstable();
        found.dedup();
        found
    }

    fn collect(&self, found: &mut Vec<usize>) {
        match self {
            ValidWhen::Answer { question, .. } => found.push(*question),
            ValidWhen::All(list) | ValidWhen::Any(list) => {
                for inner in list {
                    inner.collect(found);
                }
            }
            ValidWhen::Not(inner) => inner.collect(found),
        }
    }

    /// The single `{question, in}` this is, when it is one.
    pub fn single(&self) -> Option<(usize, &[usize])> {
        match self {
            ValidWhen::Answer { question, options } => Some((*question, options)),
            _ => None,
        }
    }

    /// Three-valued truth, given the truth of each leaf: what the exact range needs when some
    /// answers are still open.
    pub fn truth(&self, leaf: &impl Fn(usize, &[usize]) -> rule::Truth) -> rule::Truth {
        match self {
            ValidWhen::Answer { question, options } => leaf(*question, options),
            ValidWhen::All(list) => list.iter().fold(rule::Truth::exact(true), |all, inner| {
                let truth = inner.truth(leaf);
                rule::Truth {
                    can_hold: all.can_hold && truth.can_hold,
                    can_fail: all.can_fail || truth.can_fail,
                }
            }),
            ValidWhen::Any(list) => list.iter().fold(rule::Truth::exact(false), |any, inner| {
                let truth = inner.truth(leaf);
                rule::Truth {
                    can_hold: any.can_hold || truth.can_hold,
                    can_fail: any.can_fail && truth.can_fail,
                }
            }),
            ValidWhen::Not(inner) => {
                let truth = inner.truth(leaf);
                rule::Truth {
                    can_hold: truth.can_fail,
                    can_fail: truth.can_hold,
                }
            }
        }
    }

    /// Whether it holds, given whether a leaf holds.
    pub fn holds(&self, leaf: &impl Fn(usize, &[usize]) -> bool) -> bool {
        match self {
            ValidWhen::Answer { question, options } => leaf(*question, options),
            ValidWhen::All(list) => list.iter().all(|inner| inner.holds(leaf)),
            ValidWhen::Any(list) => list.iter().any(|inner| inner.holds(leaf)),
            ValidWhen::Not(inner) => !inner.holds(leaf),
        }
    }

    /// In words, for people: "`a` is `yes`", "all of (`a` is `yes`; not (`b` is `none`))";
    /// `label` names an option of a question.
    pub fn describe(
        &self,
        questions: &[ValidQuestion],
        label: &impl Fn(&ValidQuestion, usize) -> String,
    ) -> String {
        match self {
            ValidWhen::Answer { question, options } => {
                let target = &questions[*question];
                let values: Vec<String> = options
                    .iter()
                    .map(|option| label(target, *option))
                    .collect();
                let list = match values.split_last() {
                    None => String::new(),
                    Some((last, [])) => last.clone(),
                    Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
                };
                format!("`{}` is {list}", target.id())
            }
            ValidWhen::All(list) => format!(
                "all of ({})",
                list.iter()
                    .map(|inner| inner.describe(questions, label))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            ValidWhen::Any(list) => format!(
                "any of ({})",
                list.iter()
                    .map(|inner| inner.describe(questions, label))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            ValidWhen::Not(inner) => format!("not ({})", inner.describe(questions, label)),
        }
    }
}

/// A checked rule.
#[derive(Debug, Clone)]
pub struct ValidRule {
    /// The class it gives.
    pub class: Class,
    /// The reason as written, if any.
    pub reason: Option<String>,
    /// The reason, or a description of the condition when none is written.
    pub description: String,
    /// The condition, as a typed tree.
    pub condition: rule::Condition,
}

impl ValidQuestionnaire {
    /// The question with this id.
    pub fn question_index(&self, id: &str) -> Option<usize> {
        self.question_index.get(id).copied()
    }

    /// The domain with this id.
    pub fn domain_index(&self, id: &str) -> Option<usize> {
        self.domain_index.get(id).copied()
    }

    /// The questionnaire's id.
    pub fn id(&self) -> &str {
        &self.definition.id
    }

    /// The questionnaire's version.
    pub fn version(&self) -> &str {
        &self.definition.version
    }

    /// Every question id, for suggestions.
    pub fn question_ids(&self) -> impl Iterator<Item = &str> {
        self.questions.iter().map(ValidQuestion::id)
    }

    /// Warnings for questions whose `review_by` date has passed by `today`.
    pub fn review_warnings(&self, document: &Document, today: NaiveDate) -> Vec<Diagnostic> {
        self.questions
            .iter()
            .enumerate()
            .filter_map(|(position, question)| {
                let due = question.definition.review_by?;
                (due < today).then(|| {
                    let path = key(&index(&key(&[], "questions"), position), "review_by");
                    Diagnostic::warning(
                        Code::ReviewOverdue,
                        format!("question `{}` was due for review on {due}: the facts it rests on may have changed", question.id()),
                    )
                    .at(document.value_location(&path))
                    .with_help("re-check the dated facts in its text and help, then move `review_by` forward")
                })
            })
            .collect()
    }
}

/// What is checked of a question as read once every question has been turned into its
/// checked form: its `ref:`, and the `maps:` of the question, of its options and of its
/// bands. Taken apart, for the questions that have some, so that a question as read can go
/// into its checked form at once.
#[derive(Debug)]
pub(crate) struct WrittenLinks {
    /// Where the question is in `questions:`.
    pub(crate) position: usize,
    /// Its id.
    pub(crate) id: String,
    /// Its kind.
    pub(crate) kind: Kind,
    /// Its `ref:`.
    pub(crate) external_ref: Option<String>,
    /// Its own `maps:`.
    pub(crate) maps: crate::model::framework::Maps,
    /// The options with a `maps:`: where each is in `options:`, its value, its maps.
    pub(crate) options: Vec<(usize, Token, crate::model::framework::Maps)>,
    /// The bands with a `maps:`: where each is in `bands:`, its maps.
    pub(crate) bands: Vec<(usize, crate::model::framework::Maps)>,
}

impl WrittenLinks {
    /// The links of the question at `position`, or `None` when it has no `ref:` and no
    /// `maps:` (then there is nothing to check).
    fn of(position: usize, question: &Question) -> Option<WrittenLinks> {
        let options: Vec<(usize, Token, crate::model::framework::Maps)> = question
            .options
            .iter()
            .enumerate()
            .filter(|(_, option)| !option.maps.is_empty())
            .map(|(at, option)| (at, option.value.clone(), option.maps.clone()))
            .collect();
        let bands: Vec<(usize, crate::model::framework::Maps)> = question
            .bands
            .iter()
            .enumerate()
            .filter(|(_, band)| !band.maps.is_empty())
            .map(|(at, band)| (at, band.maps.clone()))
            .collect();
        let linked = question.external_ref.is_some()
            || !question.maps.is_empty()
            || !options.is_empty()
            || !bands.is_empty();
        linked.then(|| WrittenLinks {
            position,
            id: question.id.clone(),
            kind: question.kind,
            external_ref: question.external_ref.clone(),
            maps: question.maps.clone(),
            options,
            bands,
        })
    }
}

/// A contract clause topic with the questions it covers resolved.
#[derive(Debug, Clone)]
pub struct ValidClause {
    /// The clause as written.
    pub definition: crate::model::questionnaire::Clause,
    /// Indexes of the questions it covers.
    pub covers: Vec<usize>,
}

/// Checks a parsed questionnaire file against the bundled framework catalogues only; every
/// problem found is returned. `load` also adds the user's catalogues (`validate_with`).
pub fn validate(document: &Document) -> Result<ValidQuestionnaire, Vec<Diagnostic>> {
    let frameworks = super::framework::FrameworkSet::new(crate::framework::bundled().to_vec());
    validate_with(document, &frameworks)
}

/// Checks a parsed questionnaire file, resolving `maps:` against `frameworks`.
pub fn validate_with(
    document: &Document,
    frameworks: &super::framework::FrameworkSet,
) -> Result<ValidQuestionnaire, Vec<Diagnostic>> {
    file_kind(document, Some(FileKind::Questionnaire)).map_err(|diagnostic| vec![diagnostic])?;
    let questions_path = key(&[], "questions");
    if let Some(items) = document
        .node(&questions_path)
        .filter(|node| node.is_sequence())
    {
        if items.len() > MAX_QUESTIONS {
            return Err(vec![Diagnostic::error(
                Code::TooManyQuestions,
                format!(
                    "{} questions; at most {MAX_QUESTIONS} are accepted",
                    items.len()
                ),
            )
            .at(document.key_location(&questions_path))]);
        }
    }
    let budget = crate::diagnostic::suggestion_budget();
    let mut checker = Checker::new(document, frameworks);
    let parts = checker.deserialize_parts(true);
    let valid = match checker.check(parts) {
        Ok(valid) => valid,
        Err(Unreadable) => {
            // A question left in the document does not read, so the file as a whole does not:
            // start over, reading every part on its own to report every problem.
            crate::diagnostic::restore_suggestion_budget(budget);
            checker = Checker::new(document, frameworks);
            let parts = checker.deserialize_parts(false);
            checker.check(parts).unwrap_or(None)
        }
    };
    checker.drop_echoes();
    let mut diagnostics = checker.diagnostics;
    if diagnostics.iter().any(Diagnostic::is_error) {
        crate::diagnostic::sort(&mut diagnostics);
        return Err(diagnostics);
    }
    valid.ok_or(diagnostics)
}

struct Checker<'a> {
    document: &'a Document,
    diagnostics: Vec<Diagnostic>,
    frameworks: &'a super::framework::FrameworkSet,
    /// Keys taken out of items because they were reported (unknown, or of a wrong type), so
    /// that what they leave missing is not reported a second time.
    stripped: Vec<DocPath>,
    /// How many tests of a condition were dropped without a diagnostic because what they
    /// name has an error of its own: an emptied condition is then not reported as empty.
    unreported: usize,
}

/// Most problems reported inside one item (a question with its options, a rule, …).
const MAX_ITEM_PROBLEMS: usize = 100;

/// What deserialized: the whole file, or the parts that did (`None` where an item failed).
struct Parts {
    header: Option<Questionnaire>,
    domains: Vec<Option<Domain>>,
    questions: Questions,
    rules: Vec<Option<Rule>>,
    consistency: Vec<Option<ConsistencyCheck>>,
    flags: Vec<Option<Flag>>,
}

impl Parts {
    /// The parts of a file that reads as a whole: `whole` without its questions, and those.
    fn of_whole(whole: Questionnaire, questions: Questions) -> Parts {
        Parts {
            domains: whole.domains.iter().cloned().map(Some).collect(),
            questions,
            rules: whole
                .classification
                .rules
                .iter()
                .cloned()
                .map(Some)
                .collect(),
            consistency: whole.consistency.iter().cloned().map(Some).collect(),
            flags: whole.flags.iter().cloned().map(Some).collect(),
            header: Some(whole),
        }
    }
}

/// The questions of [`Parts`]: each read already (`None` where one failed), or, when the rest
/// of the file reads as a whole, this many left in the document, each read as it is checked,
/// so that a large questionnaire is never held all at once as read.
enum Questions {
    Read(Vec<Option<Question>>),
    InDocument(usize),
}

impl Questions {
    fn len(&self) -> usize {
        match self {
            Questions::Read(list) => list.len(),
            Questions::InDocument(count) => *count,
        }
    }

    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A question left in the document did not read: the check starts over with every part
/// read on its own (see [`Questions`]).
struct Unreadable;

impl<'a> Checker<'a> {
    fn new(document: &'a Document, frameworks: &'a super::framework::FrameworkSet) -> Self {
        Checker {
            document,
            diagnostics: Vec::new(),
            frameworks,
            stripped: Vec::new(),
            unreported: 0,
        }
    }

    fn error(
        &mut self,
        code: Code,
        message: String,
        path: &[Segment],
        at_key: bool,
        help: Option<String>,
    ) {
        let location = if at_key {
            self.document.key_location(path)
        } else {
            self.document.value_location(path)
        };
        let mut diagnostic = Diagnostic::error(code, message).at(location);
        diagnostic.help = help;
        self.diagnostics.push(diagnostic);
    }

    /// Deserializes the whole file; when that fails, each domain, question and rule on its
    /// own, so that every structural problem is reported, not only the first. `lazily`: the
    /// questions are left in the document when the rest reads (`Questions::InDocument`).
    fn deserialize_parts(&mut self, lazily: bool) -> Parts {
        let questions_path = [Segment::Key("questions".into())];
        let count = self
            .document
            .node(&questions_path)
            .filter(|node| node.is_sequence())
            .map(|node| node.len());
        if let (true, Some(count)) = (lazily, count) {
            if let Some(Ok(header)) = self
                .document
                .deserialize_without::<Questionnaire>("questions")
            {
                return Parts::of_whole(header, Questions::InDocument(count));
            }
        }
        // Read straight from the document's tree: no `Value` of a large file is built.
        if let Ok(mut whole) = self.document.deserialize::<Questionnaire>(&[]) {
            // The questions move into the parts (each goes into its checked form as it is
            // checked, and the definition keeps none), so a large questionnaire is not held
            // twice.
            let questions = std::mem::take(&mut whole.questions)
                .into_iter()
                .map(Some)
                .collect();
            return Parts::of_whole(whole, Questions::Read(questions));
        }
        let mut stripped = self.document.value().clone();
        let domains = self.items::<Domain>(&[Segment::Key("domains".into())], &mut stripped);
        let questions = self.items::<Question>(&[Segment::Key("questions".into())], &mut stripped);
        let rules = self.items::<Rule>(
            &[
                Segment::Key("classification".into()),
                Segment::Key("rules".into()),
            ],
            &mut stripped,
        );
        let consistency =
            self.items::<ConsistencyCheck>(&[Segment::Key("consistency".into())], &mut stripped);
        let flags = self.items::<Flag>(&[Segment::Key("flags".into())], &mut stripped);
        let header = self
            .salvage::<Questionnaire>(&stripped, &[])
            .map(|(header, _)| header);
        Parts {
            header,
            domains,
            questions: Questions::Read(questions),
            rules,
            consistency,
            flags,
        }
    }

    /// Deserializes each item of the sequence at `path` and empties it in `stripped`.
    fn items<T: serde::de::DeserializeOwned>(
        &mut self,
        path: &[Segment],
        stripped: &mut Value,
    ) -> Vec<Option<T>> {
        let Some(Value::Sequence(items)) = self.document.get(path) else {
            return Vec::new();
        };
        let mut parsed = Vec::with_capacity(items.len());
        let nested = path == [Segment::Key("questions".into())];
        for (position, item) in items.iter().enumerate() {
            let item_path = index(path, position);
            let item = if nested {
                // A question's options and bands are items of their own: every problem in
                // each is reported, and a broken one breaks the question only.
                match self.salvage_lists(item, &item_path) {
                    Some(cleaned) => cleaned,
                    None => {
                        parsed.push(None);
                        continue;
                    }
                }
            } else {
                item.clone()
            };
            parsed.push(self.salvage::<T>(&item, &item_path).map(|(value, _)| value));
        }
        let mut target = stripped;
        for segment in path {
            let Segment::Key(name) = segment else { break };
            match target
                .as_mapping_mut()
                .and_then(|mapping| mapping.get_mut(name.as_str()))
            {
                Some(next) => target = next,
                None => return parsed,
            }
        }
        *target = Value::Sequence(Vec::new());
        parsed
    }

    /// Deserializes one item, reporting every problem serde finds in it rather than the
    /// first: after each, the key at fault (unknown, or of a wrong type) is taken out of a
    /// copy and the item is tried again. `None` when what is left makes no item (a required
    /// key is missing, or a list holds an unusable entry); the problems are reported then too.
    fn salvage<T: serde::de::DeserializeOwned>(
        &mut self,
        value: &Value,
        path: &[Segment],
    ) -> Option<(T, Value)> {
        let mut current = value.clone();
        for _ in 0..MAX_ITEM_PROBLEMS {
            let (diagnostic, at) = match self.document.deserialize_located::<T>(&current, path) {
                Ok(item) => return Some((item, current)),
                Err(failure) => failure,
            };
            if diagnostic.code == Code::MissingField {
                let name = diagnostic.message.split('`').nth(1).unwrap_or_default();
                // A required key taken out for its wrong type was reported already, and so
                // was one misspelt here ("unknown key `txet`: did you mean `text`?").
                let echoed = self.stripped.iter().any(|stripped| {
                    stripped.split_last().is_some_and(|(last, parent)| {
                        parent == at.as_slice()
                            && matches!(last, Segment::Key(written)
                                if written == name || did_you_mean(written, [name]).is_some())
                    })
                });
                if !echoed {
                    self.diagnostics.push(diagnostic);
                }
                return None;
            }
            self.diagnostics.push(diagnostic);
            let relative = at.strip_prefix(path)?;
            let Some((Segment::Key(name), parent)) = relative.split_last() else {
                // An unusable list entry: taking it out would shift the places of the rest.
                return None;
            };
            let mut target = &mut current;
            for segment in parent {
                target = match segment {
                    Segment::Key(name) => target.as_mapping_mut()?.get_mut(name.as_str())?,
                    Segment::Index(position) => target.as_sequence_mut()?.get_mut(*position)?,
                };
            }
            target.as_mapping_mut()?.remove(name.as_str())?;
            self.stripped.push(at);
        }
        None
    }

    /// A question's `options` and `bands`, each entry salvaged on its own; the question with
    /// the cleaned entries, or `None` when an entry is beyond repair (after reporting it).
    fn salvage_lists(&mut self, question: &Value, path: &[Segment]) -> Option<Value> {
        let mut cleaned = question.clone();
        let mut broken = false;
        for field in ["options", "bands"] {
            let Some(Value::Sequence(entries)) = question.get(field) else {
                continue;
            };
            let list_path = key(path, field);
            let mut repaired = Vec::with_capacity(entries.len());
            for (position, entry) in entries.iter().enumerate() {
                let entry_path = index(&list_path, position);
                let result = if field == "options" {
                    self.salvage::<crate::model::questionnaire::AnswerOption>(entry, &entry_path)
                        .map(|(_, value)| value)
                } else {
                    self.salvage::<Band>(entry, &entry_path)
                        .map(|(_, value)| value)
                };
                match result {
                    Some(value) => repaired.push(value),
                    None => broken = true,
                }
            }
            if let Some(mapping) = cleaned.as_mapping_mut() {
                mapping.insert(Value::String(field.into()), Value::Sequence(repaired));
            }
        }
        if broken {
            // Still report what the rest of the question holds, then give it up.
            if let Some(mapping) = cleaned.as_mapping_mut() {
                mapping.remove("options");
                mapping.remove("bands");
            }
            let _ = self.salvage::<Question>(&cleaned, path);
            return None;
        }
        Some(cleaned)
    }

    /// Drops the problems that only echo a key taken out by [`Checker::salvage`]: a
    /// wrong-typed `score` taken out must not also read as "missing `score`".
    fn drop_echoes(&mut self) {
        if self.stripped.is_empty() {
            return;
        }
        let echoes: Vec<(crate::diagnostic::Location, String)> = self
            .stripped
            .iter()
            .filter_map(|path| {
                let (Segment::Key(name), parent) = path.split_last()? else {
                    return None;
                };
                Some((self.document.value_location(parent), format!("`{name}")))
            })
            .collect();
        self.diagnostics.retain(|diagnostic| {
            !(matches!(diagnostic.code, Code::MissingField | Code::MissingOptions)
                && echoes.iter().any(|(location, name)| {
                    diagnostic.location.as_ref() == Some(location)
                        && diagnostic.message.contains(name.as_str())
                }))
        });
    }

    /// The id written at `path` even when the item failed to deserialize.
    fn raw_id(&self, path: &[Segment]) -> Option<String> {
        self.document
            .node(&key(path, "id"))
            .and_then(|id| id.scalar_text())
    }

    /// Checks what was read; `Unreadable` when a question left in the document does not read.
    fn check(&mut self, parts: Parts) -> Result<Option<ValidQuestionnaire>, Unreadable> {
        let root: DocPath = Vec::new();
        if let Some(header) = &parts.header {
            if !is_identifier(&header.id, &['-']) {
                self.error(
                    Code::InvalidId,
                    format!("questionnaire id `{}` is not valid", header.id),
                    &key(&root, "id"),
                    false,
                    Some("use lowercase letters, digits and `-`, e.g. `msp-lite`".into()),
                );
            }
            if semver::Version::parse(&header.version).is_err() {
                self.error(
                    Code::InvalidVersion,
                    format!("version `{}` is not a semantic version", header.version),
                    &key(&root, "version"),
                    false,
                    Some("write it as MAJOR.MINOR.PATCH, e.g. `1.0.0`".into()),
                );
            }
        }

        // Domains.
        let domains_path = key(&root, "domains");
        let mut domain_index: HashMap<String, usize> = HashMap::new();
        let mut domains = Vec::new();
        let mut broken_domains: HashSet<String> = HashSet::new();
        if parts.domains.is_empty()
            && self
                .document
                .node(&domains_path)
                .is_some_and(|node| node.is_sequence())
        {
            self.error(
                Code::MissingField,
                "the questionnaire has no domains".into(),
                &domains_path,
                true,
                Some("add at least one domain".into()),
            );
        }
        for (position, domain) in parts.domains.iter().enumerate() {
            let path = index(&domains_path, position);
            let Some(domain) = domain else {
                broken_domains.extend(self.raw_id(&path));
                continue;
            };
            if !is_identifier(&domain.id, &['_', '-']) {
                self.error(
                    Code::InvalidId,
                    format!("domain id `{}` is not valid", domain.id),
                    &key(&path, "id"),
                    false,
                    Some("use lowercase letters, digits, `_` and `-`".into()),
                );
            }
            if let Some(&first) = domain_index.get(&domain.id) {
                let line = self
                    .document
                    .value_location(&key(&index(&domains_path, first), "id"))
                    .line;
                self.error(
                    Code::DuplicateId,
                    format!("domain id `{}` is used twice", domain.id),
                    &key(&path, "id"),
                    false,
                    Some(format!(
                        "the first is at line {line}; domain ids must be unique"
                    )),
                );
                continue;
            }
            self.check_weight(domain.weight, &key(&path, "weight"));
            domain_index.insert(domain.id.clone(), domains.len());
            domains.push(ValidDomain {
                id: domain.id.clone(),
                title: domain.title.clone(),
                weight: domain.weight,
            });
        }

        // Questions.
        let questions_path = key(&root, "questions");
        if parts.questions.is_empty()
            && self
                .document
                .node(&questions_path)
                .is_some_and(|node| node.is_sequence())
        {
            self.error(
                Code::MissingField,
                "the questionnaire has no questions".into(),
                &questions_path,
                true,
                Some("add at least one question".into()),
            );
        }
        let mut question_index: HashMap<String, usize> = HashMap::new();
        // Questions with an error of their own, whether they could not be read or failed a
        // check: a reference to one is not reported again (it neither "comes later" nor
        // "does not exist"), and neither is a signal only such a question may raise.
        let mut broken_questions: HashSet<String> = HashSet::new();
        let mut unreadable_questions = false;
        let mut invalid_signals: HashSet<String> = HashSet::new();
        let mut questions: Vec<ValidQuestion> = Vec::with_capacity(parts.questions.len());
        let domain_ids: Vec<String> = domains.iter().map(|domain| domain.id.clone()).collect();
        // What is checked of the questions as read after this loop, which turns each into its
        // checked form (or drops it): the `ref:` and `maps:` of those that have some, and the
        // domains they name. A large questionnaire is so never held twice.
        let mut links: Vec<WrittenLinks> = Vec::new();
        let mut named_domains: HashSet<String> = HashSet::new();
        let (count, mut read) = match parts.questions {
            Questions::Read(list) => (list.len(), Some(list.into_iter())),
            Questions::InDocument(count) => (count, None),
        };
        for position in 0..count {
            let path = index(&questions_path, position);
            let question = match &mut read {
                Some(list) => list.next().flatten(),
                None => match self.document.deserialize::<Question>(&path) {
                    Ok(question) => Some(question),
                    Err(_) => return Err(Unreadable),
                },
            };
            let Some(question) = question else {
                broken_questions.extend(self.raw_id(&path));
                unreadable_questions = true;
                continue;
            };
            if !named_domains.contains(&question.domain) {
                named_domains.insert(question.domain.clone());
            }
            links.extend(WrittenLinks::of(position, &question));
            let checked = self.check_question(
                question,
                &path,
                &domain_index,
                &domain_ids,
                &broken_domains,
                &question_index,
                &questions,
                &broken_questions,
            );
            let valid = match checked {
                Ok(valid) => valid,
                Err(question) => {
                    invalid_signals.extend(question.signal_names().cloned());
                    broken_questions.insert(question.id);
                    continue;
                }
            };
            if let Some(&first) = question_index.get(&valid.definition.id) {
                let line = questions[first].line;
                self.error(
                    Code::DuplicateId,
                    format!("question id `{}` is used twice", valid.definition.id),
                    &key(&path, "id"),
                    false,
                    Some(format!(
                        "the first is at line {line}; question ids must be unique"
                    )),
                );
                continue;
            }
            question_index.insert(valid.definition.id.clone(), questions.len());
            questions.push(valid);
        }

        self.check_refs(&links);

        // Framework mappings and contract clauses (extensions).
        let links = super::framework::resolve_maps(
            self.document,
            &links,
            &questions,
            &question_index,
            self.frameworks,
            &mut self.diagnostics,
        );
        let clauses = self.check_clauses(
            parts.header.as_ref(),
            &question_index,
            &questions,
            &broken_questions,
        );

        // Rules.
        let rules_path = key(&key(&root, "classification"), "rules");
        let raised: BTreeSet<String> = questions
            .iter()
            .flat_map(|question| question.signal_names().cloned())
            .collect();
        let broken_signals = unreadable_questions;
        let signals: Vec<String> = raised.iter().cloned().collect();
        let signal_index: HashMap<&str, usize> = signals
            .iter()
            .enumerate()
            .map(|(position, name)| (name.as_str(), position))
            .collect();
        for question in &mut questions {
            for option in &mut question.options {
                option.signal_ids = option
                    .signals
                    .iter()
                    .map(|name| signal_index[name.as_str()])
                    .collect();
            }
            if let Some(unknown) = &mut question.unknown {
                unknown.signal_ids = unknown
                    .signals
                    .iter()
                    .map(|name| signal_index[name.as_str()])
                    .collect();
            }
            question.band_signals = question
                .definition
                .bands
                .iter()
                .map(|band| {
                    band.signals
                        .iter()
                        .map(|name| signal_index[name.as_str()])
                        .collect()
                })
                .collect();
        }
        let mut domain_questions = vec![Vec::new(); domains.len()];
        for position in 0..questions.len() {
            let parents = questions[position]
                .when
                .as_ref()
                .map(ValidWhen::questions)
                .unwrap_or_default();
            for parent in parents {
                questions[parent].dependents.push(position);
            }
            if let Some(list) = domain_questions.get_mut(questions[position].domain) {
                list.push(position);
            }
        }
        let mut context = RuleContext {
            domain_index: &domain_index,
            domain_ids: &domain_ids,
            broken_domains: &broken_domains,
            raised: &raised,
            signal_index: &signal_index,
            broken_signals,
            invalid_signals: &invalid_signals,
            questions: &questions,
            question_index: &question_index,
            broken_questions: &broken_questions,
            mode: Mode::Rule,
        };
        let mut rules = Vec::new();
        let mut raw_conditions = Vec::new();
        if parts.rules.is_empty()
            && self
                .document
                .node(&rules_path)
                .is_some_and(|node| node.is_sequence())
        {
            self.error(
                Code::LastRuleNotUnconditional,
                "the classification has no rules".into(),
                &rules_path,
                true,
                Some("end the rules with `- { class: amateur, if: {} }`".into()),
            );
        }
        let rule_count = parts.rules.len();
        for (position, rule) in parts.rules.iter().enumerate() {
            let path = index(&rules_path, position);
            let Some(rule) = rule else { continue };
            let condition_path = key(&path, "if");
            let condition = self.check_condition(&rule.condition, &condition_path, &context);
            if position + 1 == rule_count && !condition.is_unconditional() {
                self.error(
                    Code::LastRuleNotUnconditional,
                    "the last rule must always hold, so every provider gets a class".into(),
                    &condition_path,
                    false,
                    Some("make the last rule's condition `if: {}`".into()),
                );
            }
            let description = rule.reason.clone().unwrap_or_else(|| condition.describe());
            rules.push(ValidRule {
                class: rule.class,
                reason: rule.reason.clone(),
                description,
                condition,
            });
            raw_conditions.push(rule.condition.clone());
        }

        // Consistency checks: the same condition language, but a check may not count
        // contradictions (it would depend on itself).
        context.mode = Mode::Check;
        let consistency_path = key(&root, "consistency");
        let mut consistency = Vec::new();
        let mut check_ids: HashMap<String, usize> = HashMap::new();
        for (position, check) in parts.consistency.iter().enumerate() {
            let path = index(&consistency_path, position);
            let Some(check) = check else { continue };
            if !is_identifier(&check.id, &['_', '.', '-']) {
                self.error(
                    Code::InvalidId,
                    format!("consistency check id `{}` is not valid", check.id),
                    &key(&path, "id"),
                    false,
                    Some("use lowercase letters, digits, `_`, `.` and `-`".into()),
                );
            }
            if let Some(&first) = check_ids.get(&check.id) {
                let line = self
                    .document
                    .value_location(&key(&index(&consistency_path, first), "id"))
                    .line;
                self.error(
                    Code::DuplicateId,
                    format!("consistency check id `{}` is used twice", check.id),
                    &key(&path, "id"),
                    false,
                    Some(format!(
                        "the first is at line {line}; check ids must be unique"
                    )),
                );
            }
            check_ids.insert(check.id.clone(), position);
            for (field, text) in [("message", &check.message), ("ask", &check.ask)] {
                if text.trim().is_empty() {
                    self.error(
                        Code::MissingField,
                        format!("consistency check `{}` has an empty `{field}`", check.id),
                        &key(&path, field),
                        false,
                        Some("say in one sentence what contradicts what, and what to ask the provider".into()),
                    );
                }
            }
            let condition_path = key(&path, "if");
            let before = (self.diagnostics.len(), self.unreported);
            let condition = self.check_condition(&check.condition, &condition_path, &context);
            // An empty tree after errors is the errors' doing; only an empty `if:` is reported.
            if condition.is_unconditional() && (self.diagnostics.len(), self.unreported) == before {
                self.error(
                    Code::InvalidRule,
                    format!("consistency check `{}` has an empty condition, so every provider would contradict itself", check.id),
                    &condition_path,
                    false,
                    Some("name the answers that contradict each other, e.g. `all: [{ answer: {...} }, { answer: {...} }]`".into()),
                );
            }
            let mut involved = condition.answer_questions();
            involved.sort_unstable();
            involved.dedup();
            consistency.push(ValidCheck {
                id: check.id.clone(),
                message: check.message.clone(),
                ask: check.ask.clone(),
                condition,
                questions: involved,
            });
        }

        context.mode = Mode::Flag;
        let flags = self.check_flags(&parts.flags, &context);
        if !unreadable_questions {
            // A question that failed to parse may belong to any domain: no warning then.
            self.warn_empty_domains(&domains, &named_domains, &domains_path);
        }

        // `definition.questions` stays empty: the checked questions hold them.
        let Some(mut definition) = parts.header else {
            return Ok(None);
        };
        if self.diagnostics.iter().any(Diagnostic::is_error) {
            return Ok(None);
        }
        definition.classification = Classification {
            descriptions: definition.classification.descriptions.clone(),
            rules: rules
                .iter()
                .zip(raw_conditions)
                .map(|(rule, condition)| Rule {
                    class: rule.class,
                    reason: Some(rule.description.clone()),
                    condition,
                })
                .collect(),
        };
        Ok(Some(ValidQuestionnaire {
            definition,
            domains,
            questions,
            rules,
            consistency,
            flags,
            signals,
            domain_questions,
            sha256: self.document.source.sha256.clone(),
            origin: self.document.source.name.clone(),
            mappings: super::framework::Mappings {
                frameworks: self.frameworks.clone(),
                links,
            },
            clauses,
            warnings: self
                .diagnostics
                .iter()
                .filter(|diagnostic| !diagnostic.is_error())
                .cloned()
                .collect(),
            question_index,
            domain_index,
        }))
    }

    /// Checks `flags:` (extension): valid unique ids, a message, and a condition in the rule
    /// language that may test answers but not count red flags or contradictions.
    fn check_flags(&mut self, flags: &[Option<Flag>], context: &RuleContext<'_>) -> Vec<ValidFlag> {
        let flags_path = key(&[], "flags");
        let mut seen: HashMap<&str, usize> = HashMap::new();
        let mut valid = Vec::new();
        for (position, flag) in flags.iter().enumerate() {
            let path = index(&flags_path, position);
            let Some(flag) = flag else { continue };
            if !is_identifier(&flag.id, &['_', '.', '-']) {
                self.error(
                    Code::InvalidId,
                    format!("flag id `{}` is not valid", flag.id),
                    &key(&path, "id"),
                    false,
                    Some(
                        "use lowercase letters, digits, `_`, `.` and `-`, e.g. `uploads_unscanned`"
                            .into(),
                    ),
                );
            }
            if let Some(&first) = seen.get(flag.id.as_str()) {
                let line = self
                    .document
                    .value_location(&key(&index(&flags_path, first), "id"))
                    .line;
                self.error(
                    Code::DuplicateId,
                    format!("flag id `{}` is used twice", flag.id),
                    &key(&path, "id"),
                    false,
                    Some(format!(
                        "the first is at line {line}; flag ids must be unique"
                    )),
                );
            } else {
                seen.insert(flag.id.as_str(), position);
            }
            let texts = std::iter::once(flag.message.shared())
                .chain(flag.message.per_reader().into_iter().map(|(_, text)| text));
            if texts.into_iter().any(|text| text.trim().is_empty()) {
                self.error(
                    Code::InvalidFlag,
                    format!("flag `{}` has an empty `message`", flag.id),
                    &key(&path, "message"),
                    false,
                    Some("say in one plain sentence why this is a red flag".into()),
                );
            }
            let condition_path = key(&path, "if");
            let before = (self.diagnostics.len(), self.unreported);
            let condition = self.check_condition(&flag.condition, &condition_path, context);
            if condition.is_unconditional() && (self.diagnostics.len(), self.unreported) == before {
                self.error(
                    Code::InvalidFlag,
                    format!("flag `{}` has an empty condition, so every provider would raise it", flag.id),
                    &condition_path,
                    false,
                    Some("name the answers that raise it, e.g. `all: [{ answer: {...} }, { not_chosen: {...} }]`".into()),
                );
            }
            let mut involved = condition.answer_questions();
            involved.sort_unstable();
            involved.dedup();
            valid.push(ValidFlag {
                id: flag.id.clone(),
                severity: flag.severity,
                message: flag.message.clone(),
                condition,
                questions: involved,
            });
        }
        valid
    }

    /// Warns about domains no question scores in: they never get a score. `named` are the
    /// domains the questions name.
    fn warn_empty_domains(
        &mut self,
        domains: &[ValidDomain],
        named: &HashSet<String>,
        domains_path: &[Segment],
    ) {
        let written: Vec<Option<String>> = self
            .document
            .node(domains_path)
            .map(|items| {
                items
                    .items()
                    .map(|item| item.get("id").and_then(|id| id.scalar_text()))
                    .collect()
            })
            .unwrap_or_default();
        for domain in domains {
            if named.contains(domain.id.as_str()) {
                continue;
            }
            let Some(position) = written
                .iter()
                .position(|id| id.as_deref() == Some(domain.id.as_str()))
            else {
                continue;
            };
            let path = key(&index(domains_path, position), "id");
            self.diagnostics.push(
                Diagnostic::warning(
                    Code::EmptyDomain,
                    format!(
                        "domain `{}` has no question, so it never gets a score",
                        domain.id
                    ),
                )
                .at(self.document.value_location(&path))
                .with_help(
                    "add questions with `domain: ".to_string()
                        + &domain.id
                        + "`, or remove the domain",
                ),
            );
        }
    }

    /// Checks `clauses:`: unique ids, and `covers` naming existing questions.
    fn check_clauses(
        &mut self,
        header: Option<&Questionnaire>,
        question_index: &HashMap<String, usize>,
        questions: &[ValidQuestion],
        broken_questions: &HashSet<String>,
    ) -> Vec<ValidClause> {
        let Some(header) = header else {
            return Vec::new();
        };
        let clauses_path = key(&[], "clauses");
        let mut seen: HashSet<&str> = HashSet::new();
        let mut valid = Vec::new();
        for (position, clause) in header.clauses.iter().enumerate() {
            let path = index(&clauses_path, position);
            if !is_identifier(&clause.id, &['_', '.', '-']) {
                self.error(
                    Code::InvalidId,
                    format!("clause id `{}` is not valid", clause.id),
                    &key(&path, "id"),
                    false,
                    Some("use lowercase letters, digits, `_`, `.` and `-`".into()),
                );
            }
            if !seen.insert(clause.id.as_str()) {
                self.error(
                    Code::DuplicateId,
                    format!("clause id `{}` is used twice", clause.id),
                    &key(&path, "id"),
                    false,
                    None,
                );
            }
            let mut covers = Vec::new();
            for (cover_position, question) in clause.covers.iter().enumerate() {
                match question_index.get(question) {
                    Some(&found) => covers.push(found),
                    None if broken_questions.contains(question) => {}
                    None => {
                        let help = did_you_mean(question, questions.iter().map(ValidQuestion::id))
                            .unwrap_or_else(|| "name a question id of this questionnaire".into());
                        self.error(
                            Code::UnknownQuestion,
                            format!(
                                "clause `{}` covers `{question}`, which does not exist",
                                clause.id
                            ),
                            &index(&key(&path, "covers"), cover_position),
                            false,
                            Some(help),
                        );
                    }
                }
            }
            if clause.covers.is_empty() {
                self.error(
                    Code::MissingField,
                    format!("clause `{}` covers no question", clause.id),
                    &key(&path, "covers"),
                    false,
                    Some("list the question ids whose gaps this clause would cover".into()),
                );
            }
            valid.push(ValidClause {
                definition: clause.clone(),
                covers,
            });
        }
        valid
    }

    fn check_weight(&mut self, weight: f64, path: &[Segment]) {
        if !(weight.is_finite() && weight > 0.0) {
            self.error(
                Code::WeightNotPositive,
                format!(
                    "weight {} must be a number greater than 0",
                    crate::validate::answers::format_number(weight)
                ),
                path,
                false,
                Some("use a positive weight such as 1, 2 or 0.5".into()),
            );
        } else if !(MIN_WEIGHT..=MAX_WEIGHT).contains(&weight) {
            // Bounded so that no sum or ratio of weights can overflow, vanish or round.
            self.error(
                Code::NumberOutOfBounds,
                format!(
                    "weight {} is outside the weights taken, {}..={}",
                    crate::validate::answers::format_number(weight),
                    crate::validate::answers::format_number(MIN_WEIGHT),
                    crate::validate::answers::format_number(MAX_WEIGHT)
                ),
                path,
                false,
                Some("use weights such as 1, 2 or 0.5: only their ratios matter".into()),
            );
        }
    }

    fn check_score(&mut self, score: f64, path: &[Segment]) {
        if !(0.0..=1.0).contains(&score) {
            self.error(
                Code::ScoreOutOfRange,
                format!("score {score} is outside 0..=1"),
                path,
                false,
                Some("a score is a fraction: 0 (worst) to 1 (best)".into()),
            );
        }
    }

    /// Checks a question as read and turns it into its checked form, which takes it over (only
    /// the texts of its options and `unknown` are copied, into their checked forms, and the
    /// options as read are dropped); the question is handed back when it fails a check.
    #[allow(clippy::too_many_arguments)]
    fn check_question(
        &mut self,
        read: Question,
        path: &[Segment],
        domain_index: &HashMap<String, usize>,
        domain_ids: &[String],
        broken_domains: &HashSet<String>,
        question_index: &HashMap<String, usize>,
        earlier: &[ValidQuestion],
        broken_questions: &HashSet<String>,
    ) -> Result<ValidQuestion, Box<Question>> {
        let question = &read;
        let errors_before = self.diagnostics.len();
        if !is_identifier(&question.id, &['_', '.', '-']) {
            self.error(
                Code::InvalidId,
                format!("question id `{}` is not valid", question.id),
                &key(path, "id"),
                false,
                Some(
                    "use lowercase letters, digits, `_`, `.` and `-`, e.g. `backup.tested`".into(),
                ),
            );
        }
        let domain = domain_index.get(&question.domain).copied();
        if domain.is_none() && !broken_domains.contains(&question.domain) {
            let help = did_you_mean(&question.domain, domain_ids.iter().map(String::as_str))
                .unwrap_or_else(|| expected_one_of(domain_ids.iter().map(String::as_str)));
            self.error(
                Code::UnknownDomain,
                format!(
                    "question `{}` names domain `{}`, which does not exist",
                    question.id, question.domain
                ),
                &key(path, "domain"),
                false,
                Some(help),
            );
        }
        self.check_weight(question.weight, &key(path, "weight"));
        let kind = question.kind;
        let kind_name = kind.as_str();
        let misplaced = [
            (
                "options",
                !question.options.is_empty()
                    && !matches!(kind, Kind::YesNo | Kind::Choice | Kind::Multi),
                "`yes_no`, `choice` and `multi`",
            ),
            (
                "scale",
                question.scale.is_some() && kind != Kind::Scale,
                "`scale`",
            ),
            (
                "bands",
                !question.bands.is_empty() && kind != Kind::Number,
                "`number`",
            ),
            (
                "unit",
                question.unit.is_some() && kind != Kind::Number,
                "`number`",
            ),
        ];
        for (field, present, owner) in misplaced {
            // A `text` question's fields are checked on their own (`check_text_fields`).
            if present && kind != Kind::Text {
                self.error(
                    Code::OptionsNotAllowed,
                    format!("`{field}` does not apply to a `{kind_name}` question"),
                    &key(path, field),
                    true,
                    Some(format!(
                        "`{field}` is only for {owner} questions; remove it or change `kind`"
                    )),
                );
            }
        }
        self.check_text_fields(question, path);
        let scored = kind != Kind::Text && question.scored != Some(false);
        if !scored && kind != Kind::Text {
            self.check_unscored_scores(question, path);
        }
        let options = self.check_options(question, path, scored);
        match kind {
            Kind::Scale => match &question.scale {
                None => self.error(
                    Code::MissingField,
                    "a `scale` question needs `scale: {min, max}`".into(),
                    path,
                    false,
                    Some("add e.g. `scale: { min: 0, max: 4 }`".into()),
                ),
                Some(scale) => {
                    for (end, value) in [("min", scale.min), ("max", scale.max)] {
                        if value.unsigned_abs() > MAX_SCALE_END as u64 {
                            self.error(
                                Code::NumberOutOfBounds,
                                format!(
                                    "scale {end} {value} is outside the scale ends taken, -{MAX_SCALE_END}..={MAX_SCALE_END}"
                                ),
                                &key(&key(path, "scale"), end),
                                false,
                                Some("use a small scale such as `{ min: 0, max: 4 }`".into()),
                            );
                        }
                    }
                    if scale.max > scale.min
                        && scale.max.abs_diff(scale.min) > MAX_SCALE_POINTS as u64
                    {
                        self.error(
                            Code::NumberOutOfBounds,
                            format!(
                                "scale {}..={} has more than {MAX_SCALE_POINTS} points",
                                scale.min, scale.max
                            ),
                            &key(&key(path, "scale"), "max"),
                            false,
                            Some("a scale needs a few points, such as `{ min: 0, max: 4 }`".into()),
                        );
                    }
                    if scale.max <= scale.min {
                        self.error(
                            Code::InvalidScale,
                            format!(
                                "scale max {} must be greater than min {}",
                                scale.max, scale.min
                            ),
                            &key(&key(path, "scale"), "max"),
                            false,
                            None,
                        );
                    }
                    for point in scale.labels.keys() {
                        if *point < scale.min || *point > scale.max {
                            self.error(
                                Code::InvalidScale,
                                format!(
                                    "label for {point} is outside the scale {}..={}",
                                    scale.min, scale.max
                                ),
                                &key(&key(path, "scale"), "labels"),
                                false,
                                None,
                            );
                        }
                    }
                }
            },
            Kind::Number => {
                self.check_bands(&question.bands, &key(path, "bands"), path, scored);
            }
            _ => {}
        }
        if let Some(max_age) = question.max_age_days {
            if max_age == 0 {
                self.error(
                    Code::OutOfRange,
                    "`max_age_days` must be at least 1".into(),
                    &key(path, "max_age_days"),
                    false,
                    None,
                );
            }
        }
        self.check_unknown(question, path, scored);
        let when = question.when.as_ref().and_then(|when| {
            self.check_when(
                when,
                &key(path, "when"),
                &question.id,
                question_index,
                earlier,
                broken_questions,
            )
        });
        let line = self.document.value_location(path).line;
        let errors = self.diagnostics[errors_before..]
            .iter()
            .any(Diagnostic::is_error);
        let Some(domain) = domain.filter(|_| !errors) else {
            return Err(Box::new(read));
        };
        let mut options = options;
        let mut definition = read;
        // The options' `maps:` move into the checked options; the options as read go: the
        // checked ones are the one copy kept (`ValidQuestion::written` rebuilds them).
        for (position, option) in std::mem::take(&mut definition.options)
            .into_iter()
            .enumerate()
        {
            let slot = match definition.kind {
                Kind::YesNo => yes_no_token(option.value.as_str()),
                _ => Some(position),
            };
            if let Some(checked) = slot.and_then(|slot| options.get_mut(slot)) {
                checked.maps = option.maps;
            }
        }
        if let (true, None) = (definition.allow_unknown, &definition.unknown) {
            definition.unknown = Some(crate::model::questionnaire::UnknownAnswer::default());
        }
        if let Some(unknown) = &mut definition.unknown {
            unknown
                .label
                .get_or_insert_with(|| UNKNOWN_LABEL.to_string());
            if unknown.red_flag.is_some() {
                unknown.severity.get_or_insert(Severity::High);
            }
        }
        for band in &mut definition.bands {
            if band.red_flag.is_some() {
                band.severity.get_or_insert(Severity::High);
            }
        }
        let unknown = definition.unknown.as_ref().map(|unknown| ValidUnknown {
            label: unknown
                .label
                .clone()
                .unwrap_or_else(|| UNKNOWN_LABEL.to_string()),
            score: unknown.score,
            signals: unknown.signals.clone(),
            signal_ids: Vec::new(),
            red_flag: unknown.red_flag.clone(),
            severity: unknown.severity.unwrap_or(Severity::High),
            remediation: unknown.remediation.clone(),
        });
        Ok(ValidQuestion {
            definition,
            domain,
            options,
            when,
            unknown,
            line,
            extremes: std::sync::OnceLock::new(),
            band_signals: Vec::new(),
            dependents: Vec::new(),
            scored,
        })
    }

    /// `kind: text` takes none of the fields that describe or score a fixed answer, and
    /// `max_length` belongs to `text` questions only, within 1..=`MAX_TEXT_LENGTH`.
    fn check_text_fields(&mut self, question: &Question, path: &[Segment]) {
        let present = |field: &str| self.document.node(&key(path, field)).is_some();
        if question.kind == Kind::Text {
            let refused: Vec<&str> = [
                "options",
                "scale",
                "unit",
                "bands",
                "weight",
                "allow_na",
                "allow_unknown",
                "unknown",
                "scored",
                "remediation",
            ]
            .into_iter()
            .filter(|field| present(field))
            .collect();
            for field in refused {
                let help = match field {
                    "scored" => "a `text` question is never scored; remove `scored`".to_string(),
                    "allow_na" | "allow_unknown" | "unknown" => format!(
                        "a `text` question may be left blank instead; remove `{field}`"
                    ),
                    _ => format!(
                        "a `text` answer is free text and counts for no score; remove `{field}`, or change `kind`"
                    ),
                };
                self.error(
                    Code::OptionsNotAllowed,
                    format!(
                        "`{field}` does not apply to a `text` question (`{}`)",
                        question.id
                    ),
                    &key(path, field),
                    true,
                    Some(help),
                );
            }
        } else if question.max_length.is_some() {
            self.error(
                Code::OptionsNotAllowed,
                format!(
                    "`max_length` applies to `text` questions only; `{}` is `{}`",
                    question.id,
                    question.kind.as_str()
                ),
                &key(path, "max_length"),
                true,
                Some("remove `max_length`, or make the question `kind: text`".into()),
            );
        }
        if let Some(limit) = question.max_length {
            if !(1..=MAX_TEXT_LENGTH).contains(&limit) {
                self.error(
                    Code::NumberOutOfBounds,
                    format!("`max_length` {limit} is outside 1..={MAX_TEXT_LENGTH}"),
                    &key(path, "max_length"),
                    false,
                    Some(
                        "give the longest answer taken, in characters, e.g. `max_length: 200`"
                            .into(),
                    ),
                );
            }
        }
    }

    /// A context question (`scored: false`) counts for no score: a `score` on its options,
    /// bands or `unknown` is ignored, with a warning at each.
    fn check_unscored_scores(&mut self, question: &Question, path: &[Segment]) {
        let mut ignored: Vec<DocPath> = Vec::new();
        for (position, option) in question.options.iter().enumerate() {
            if option.score.is_some() {
                ignored.push(key(&index(&key(path, "options"), position), "score"));
            }
        }
        for (position, band) in question.bands.iter().enumerate() {
            if band.score.is_some() {
                ignored.push(key(&index(&key(path, "bands"), position), "score"));
            }
        }
        if question
            .unknown
            .as_ref()
            .is_some_and(|unknown| unknown.score.is_some())
        {
            ignored.push(key(&key(path, "unknown"), "score"));
        }
        for place in ignored {
            self.diagnostics.push(
                Diagnostic::warning(
                    Code::ScoreIgnored,
                    format!(
                        "`score` is ignored: `{}` is a context question (`scored: false`)",
                        question.id
                    ),
                )
                .at(self.document.key_location(&place))
                .with_help("remove the `score`, or remove `scored: false` to count the question"),
            );
        }
    }

    /// `ref:` is printable text of at most `MAX_REF_LENGTH` characters, unique among the
    /// questions.
    fn check_refs(&mut self, questions: &[WrittenLinks]) {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for question in questions {
            let position = question.position;
            let Some(reference) = question.external_ref.as_deref() else {
                continue;
            };
            let path = key(&index(&key(&[], "questions"), position), "ref");
            let length = reference.chars().count();
            if reference.trim().is_empty() {
                self.error(
                    Code::InvalidId,
                    format!("question `{}` has an empty `ref`", question.id),
                    &path,
                    false,
                    Some("give the source questionnaire's identifier, e.g. `ref: \"A&A-01.1\"`, or remove `ref`".into()),
                );
            } else if reference.chars().any(char::is_control) {
                self.error(
                    Code::InvalidId,
                    format!("the `ref` of `{}` holds a control character", question.id),
                    &path,
                    false,
                    Some(
                        "write the identifier on one line, without tabs or control characters"
                            .into(),
                    ),
                );
            } else if length > MAX_REF_LENGTH {
                self.error(
                    Code::InvalidId,
                    format!(
                        "the `ref` of `{}` is {length} characters; at most {MAX_REF_LENGTH} are taken",
                        question.id
                    ),
                    &path,
                    false,
                    Some("a `ref` is an identifier, not a description".into()),
                );
            }
            if let Some(&first) = seen.get(reference) {
                let line = self
                    .document
                    .value_location(&key(&index(&key(&[], "questions"), first), "ref"))
                    .line;
                self.error(
                    Code::DuplicateId,
                    format!("`ref` `{reference}` is used twice"),
                    &path,
                    false,
                    Some(format!("the first is at line {line}; refs must be unique")),
                );
            } else {
                seen.insert(reference, position);
            }
        }
    }

    /// Checks and completes the options of yes_no, choice and multi questions.
    fn check_options(
        &mut self,
        question: &Question,
        path: &[Segment],
        scored: bool,
    ) -> Vec<ValidOption> {
        let options_path = key(path, "options");
        match question.kind {
            Kind::YesNo => {
                let mut result = vec![
                    ValidOption {
                        value: "yes".into(),
                        label: "yes".into(),
                        score: 1.0,
                        signals: vec![],
                        red_flag: None,
                        severity: Severity::High,
                        exclusive: false,
                        signal_ids: Vec::new(),
                        remediation: None,
                        maps: crate::model::framework::Maps::new(),
                    },
                    ValidOption {
                        value: "no".into(),
                        label: "no".into(),
                        score: 0.0,
                        signals: vec![],
                        red_flag: None,
                        severity: Severity::High,
                        exclusive: false,
                        signal_ids: Vec::new(),
                        remediation: None,
                        maps: crate::model::framework::Maps::new(),
                    },
                ];
                let mut seen = HashSet::new();
                for (position, option) in question.options.iter().enumerate() {
                    let option_path = index(&options_path, position);
                    let slot = match yes_no_token(option.value.as_str()) {
                        Some(slot) => slot,
                        None => {
                            self.error(
                                Code::ValueNotAllowed,
                                format!(
                                    "a `yes_no` question has only `yes` and `no`, not `{}`",
                                    option.value
                                ),
                                &key(&option_path, "value"),
                                false,
                                Some("use `choice` for other answers".into()),
                            );
                            continue;
                        }
                    };
                    if !seen.insert(slot) {
                        self.error(
                            Code::DuplicateValue,
                            format!("option `{}` is given twice", result[slot].value),
                            &key(&option_path, "value"),
                            false,
                            None,
                        );
                        continue;
                    }
                    if let Some(score) = option.score.filter(|_| scored) {
                        self.check_score(score, &key(&option_path, "score"));
                        result[slot].score = score;
                    }
                    result[slot].label = option
                        .label
                        .clone()
                        .unwrap_or_else(|| result[slot].value.clone());
                    result[slot].signals = option.signals.clone();
                    result[slot].red_flag = option.red_flag.clone();
                    result[slot].severity = option.severity.unwrap_or(Severity::High);
                    result[slot].remediation = option.remediation.clone();
                }
                result
            }
            Kind::Choice | Kind::Multi => {
                if question.options.is_empty() {
                    self.error(
                        Code::MissingOptions,
                        format!("a `{}` question needs `options`", question.kind.as_str()),
                        path,
                        false,
                        Some("add `options: [{ value: ..., score: ... }, ...]`".into()),
                    );
                    return Vec::new();
                }
                let mut seen: HashMap<&str, usize> = HashMap::new();
                let mut labels: HashSet<&str> = HashSet::new();
                let mut result = Vec::with_capacity(question.options.len());
                for (position, option) in question.options.iter().enumerate() {
                    let option_path = index(&options_path, position);
                    let value = option.value.as_str();
                    if value == "na" {
                        self.error(
                            Code::ValueNotAllowed,
                            "`na` is reserved for \"not applicable\"".into(),
                            &key(&option_path, "value"),
                            false,
                            Some("use `allow_na: true` instead of an `na` option".into()),
                        );
                    }
                    if seen.insert(value, position).is_some() {
                        self.error(
                            Code::DuplicateValue,
                            format!("option value `{value}` is used twice in this question"),
                            &key(&option_path, "value"),
                            false,
                            None,
                        );
                    }
                    let label = option.label.clone().unwrap_or_else(|| value.to_string());
                    if let Some(label_text) = option.label.as_deref() {
                        if !labels.insert(label_text) {
                            self.error(
                                Code::DuplicateValue,
                                format!(
                                    "option label `{label_text}` is used twice in this question"
                                ),
                                &key(&option_path, "label"),
                                false,
                                Some("give each option a label that tells it apart".into()),
                            );
                        }
                    }
                    let score = match option.score {
                        // A context question's scores are ignored (warned about above).
                        _ if !scored => 0.0,
                        Some(score) => {
                            self.check_score(score, &key(&option_path, "score"));
                            score
                        }
                        None => {
                            self.error(Code::MissingField, "missing required key `score`".into(), &option_path, false,
                                Some("every option of a `choice` or `multi` question needs a score from 0 to 1".into()));
                            0.0
                        }
                    };
                    result.push(ValidOption {
                        value: value.to_string(),
                        label,
                        score,
                        signals: option.signals.clone(),
                        red_flag: option.red_flag.clone(),
                        severity: option.severity.unwrap_or(Severity::High),
                        exclusive: option.exclusive,
                        signal_ids: Vec::new(),
                        remediation: option.remediation.clone(),
                        maps: crate::model::framework::Maps::new(),
                    });
                }
                result
            }
            Kind::Scale | Kind::Number | Kind::Text => Vec::new(),
        }
    }

    /// `exclusive` only on `multi` options; `unknown` only with `allow_unknown: true`, its
    /// score in 0..=1, and no option already named `unknown`.
    fn check_unknown(&mut self, question: &Question, path: &[Segment], scored: bool) {
        let options_path = key(path, "options");
        let graded = question
            .options
            .iter()
            .enumerate()
            .map(|(position, option)| {
                (
                    index(&options_path, position),
                    option.severity.is_some() && option.red_flag.is_none(),
                )
            })
            .chain(question.unknown.iter().map(|unknown| {
                (
                    key(path, "unknown"),
                    unknown.severity.is_some() && unknown.red_flag.is_none(),
                )
            }))
            .chain(question.bands.iter().enumerate().map(|(position, band)| {
                (
                    index(&key(path, "bands"), position),
                    band.severity.is_some() && band.red_flag.is_none(),
                )
            }))
            .filter(|(_, lonely)| *lonely)
            .map(|(place, _)| place)
            .collect::<Vec<_>>();
        for place in graded {
            self.error(
                Code::SeverityWithoutRedFlag,
                "`severity` grades a red flag, but there is no `red_flag` here".into(),
                &key(&place, "severity"),
                true,
                Some("add a `red_flag` message next to it, or remove `severity`".into()),
            );
        }
        for (position, option) in question.options.iter().enumerate() {
            let option_path = index(&options_path, position);
            if option.exclusive && question.kind != Kind::Multi {
                self.error(
                    Code::OptionsNotAllowed,
                    format!(
                        "`exclusive` applies to options of a `multi` question; `{}` is `{}`",
                        question.id,
                        question.kind.as_str()
                    ),
                    &key(&option_path, "exclusive"),
                    true,
                    Some("a `choice` or `yes_no` answer is a single option already; remove `exclusive`".into()),
                );
            }
            if question.allow_unknown && option.value.as_str() == "unknown" {
                self.error(
                    Code::ValueNotAllowed,
                    "`unknown` is reserved for \"don't know\" when `allow_unknown` is true".into(),
                    &key(&option_path, "value"),
                    false,
                    Some(
                        "remove this option and describe it in `unknown: {label, score}` instead"
                            .into(),
                    ),
                );
            }
        }
        if let Some(unknown) = &question.unknown {
            let unknown_path = key(path, "unknown");
            if !question.allow_unknown {
                self.error(
                    Code::UnknownNotAllowed,
                    format!(
                        "`{}` describes `unknown` but does not allow it",
                        question.id
                    ),
                    &unknown_path,
                    true,
                    Some("add `allow_unknown: true`, or remove `unknown`".into()),
                );
            }
            if let Some(score) = unknown.score.filter(|_| scored) {
                self.check_score(score, &key(&unknown_path, "score"));
            }
        }
    }

    fn check_bands(
        &mut self,
        bands: &[Band],
        path: &[Segment],
        question_path: &[Segment],
        scored: bool,
    ) {
        if bands.is_empty() {
            self.error(
                Code::MissingField,
                "a `number` question needs `bands`".into(),
                question_path,
                false,
                Some("add e.g. `bands: [{ up_to: 7, score: 1 }, { score: 0 }]`".into()),
            );
            return;
        }
        let mut previous: Option<f64> = None;
        for (position, band) in bands.iter().enumerate() {
            let band_path = index(path, position);
            match band.score {
                _ if !scored => {}
                Some(score) => self.check_score(score, &key(&band_path, "score")),
                None => self.error(
                    Code::MissingField,
                    "missing required key `score`".into(),
                    &band_path,
                    false,
                    Some(
                        "every band of a scored `number` question needs a score from 0 to 1".into(),
                    ),
                ),
            }
            let last = position + 1 == bands.len();
            match (band.up_to, last) {
                (Some(_), true) => self.error(
                    Code::InvalidBands,
                    "the last band must have no `up_to`: it takes every larger answer".into(),
                    &key(&band_path, "up_to"),
                    true,
                    Some("remove `up_to` from the last band".into()),
                ),
                (None, false) => self.error(
                    Code::InvalidBands,
                    "only the last band may omit `up_to`".into(),
                    &band_path,
                    false,
                    None,
                ),
                (Some(up_to), false) => {
                    if !up_to.is_finite() || up_to < 0.0 {
                        self.error(
                            Code::InvalidBands,
                            format!(
                                "`up_to` {} must be a finite number ≥ 0",
                                crate::validate::answers::format_number(up_to)
                            ),
                            &key(&band_path, "up_to"),
                            false,
                            None,
                        );
                    } else if up_to > MAX_BAND_EDGE {
                        self.error(
                            Code::NumberOutOfBounds,
                            format!(
                                "`up_to` {} is over the largest band edge taken, 10^15",
                                crate::validate::answers::format_number(up_to)
                            ),
                            &key(&band_path, "up_to"),
                            false,
                            Some(
                                "make the last band (without `up_to`) take every larger answer"
                                    .into(),
                            ),
                        );
                    } else if previous.is_some_and(|before| up_to <= before) {
                        self.error(
                            Code::InvalidBands,
                            format!("`up_to` {up_to} must be greater than the band before"),
                            &key(&band_path, "up_to"),
                            false,
                            Some("list bands in ascending `up_to` order".into()),
                        );
                    }
                    previous = Some(up_to);
                }
                (None, true) => {}
            }
        }
    }

    /// Checks a `when` and resolves it: `{question, in}`, or `all` / `any` / `not` of
    /// `when`s (extension), each leaf naming an earlier question (never this one or a later
    /// one, so no cycle can form) and values it can take.
    #[allow(clippy::too_many_arguments)]
    fn check_when(
        &mut self,
        when: &crate::model::questionnaire::When,
        path: &[Segment],
        own_id: &str,
        question_index: &HashMap<String, usize>,
        earlier: &[ValidQuestion],
        broken_questions: &HashSet<String>,
    ) -> Option<ValidWhen> {
        let forms: Vec<&str> = [
            ("question", when.question.is_some() || when.values.is_some()),
            ("all", when.all.is_some()),
            ("any", when.any.is_some()),
            ("not", when.not.is_some()),
        ]
        .into_iter()
        .filter_map(|(name, present)| present.then_some(name))
        .collect();
        match forms.as_slice() {
            [] => {
                self.error(
                    Code::InvalidWhen,
                    "`when` is empty".into(),
                    path,
                    false,
                    Some("give `{ question: ..., in: [...] }`, or combine such tests with `all`, `any` or `not`".into()),
                );
                return None;
            }
            [_] => {}
            [first, second, ..] => {
                self.error(
                    Code::InvalidWhen,
                    format!("`when` mixes `{first}` and `{second}` in one mapping"),
                    &key(path, second),
                    true,
                    Some(
                        "give one form per mapping; to require both, list them under `all: [...]`"
                            .into(),
                    ),
                );
                return None;
            }
        }
        let list = |this: &mut Self, name: &str, items: &[crate::model::questionnaire::When]| {
            let list_path = key(path, name);
            if items.is_empty() {
                this.error(
                    Code::InvalidWhen,
                    format!("`when.{name}` is empty"),
                    &list_path,
                    false,
                    Some("list at least one `{ question: ..., in: [...] }`".into()),
                );
                return None;
            }
            let resolved: Vec<Option<ValidWhen>> = items
                .iter()
                .enumerate()
                .map(|(position, inner)| {
                    this.check_when(
                        inner,
                        &index(&list_path, position),
                        own_id,
                        question_index,
                        earlier,
                        broken_questions,
                    )
                })
                .collect();
            resolved.into_iter().collect::<Option<Vec<ValidWhen>>>()
        };
        if let Some(items) = &when.all {
            return list(self, "all", items).map(ValidWhen::All);
        }
        if let Some(items) = &when.any {
            return list(self, "any", items).map(ValidWhen::Any);
        }
        if let Some(inner) = &when.not {
            return self
                .check_when(
                    inner,
                    &key(path, "not"),
                    own_id,
                    question_index,
                    earlier,
                    broken_questions,
                )
                .map(|inner| ValidWhen::Not(Box::new(inner)));
        }
        let (Some(question), Some(values)) = (&when.question, &when.values) else {
            let missing = if when.question.is_none() {
                "question"
            } else {
                "in"
            };
            self.error(
                Code::MissingField,
                format!(
                    "`when` needs `{missing}` next to `{}`",
                    if missing == "in" { "question" } else { "in" }
                ),
                path,
                false,
                Some("write `when: { question: ..., in: [...] }`".into()),
            );
            return None;
        };
        if question == own_id {
            self.error(
                Code::InvalidWhen,
                format!("`when` refers to `{question}` itself, so it could never be decided"),
                &key(path, "question"),
                false,
                Some("a `when` may only depend on an earlier question".into()),
            );
            return None;
        }
        let question_path = key(path, "question");
        let Some(&target) = question_index.get(question) else {
            if broken_questions.contains(question) {
                return None;
            }
            let later = self
                .document
                .node(&[Segment::Key("questions".into())])
                .is_some_and(|items| {
                    items.items().any(|item| {
                        item.get("id").and_then(|id| id.as_str()) == Some(question.as_str())
                    })
                });
            if later {
                self.error(Code::InvalidWhen, format!("`when` refers to `{}`, which comes later", question), &question_path, false,
                    Some("a `when` may only depend on an earlier question; move this question after it".into()));
            } else {
                let help = did_you_mean(question, earlier.iter().map(ValidQuestion::id))
                    .unwrap_or_else(|| "name an earlier question's id".into());
                self.error(
                    Code::UnknownQuestion,
                    format!("`when` refers to `{}`, which does not exist", question),
                    &question_path,
                    false,
                    Some(help),
                );
            }
            return None;
        };
        let target_question = &earlier[target];
        if !matches!(
            target_question.kind(),
            Kind::YesNo | Kind::Choice | Kind::Multi
        ) {
            self.error(
                Code::InvalidWhen,
                format!(
                    "`when` may only name a `yes_no`, `choice` or `multi` question; `{}` is `{}`",
                    question,
                    target_question.kind().as_str()
                ),
                &question_path,
                false,
                None,
            );
            return None;
        }
        if values.is_empty() {
            self.error(
                Code::InvalidWhen,
                "`when.in` is empty, so the question would never apply".into(),
                &key(path, "in"),
                false,
                None,
            );
            return None;
        }
        let mut options = Vec::new();
        for (position, value) in values.iter().enumerate() {
            let found = match target_question.kind() {
                Kind::YesNo => yes_no_token(value.as_str()),
                _ => target_question.option_index(value.as_str()),
            };
            match found {
                Some(option) => options.push(option),
                None => {
                    let allowed: Vec<&str> = target_question
                        .options
                        .iter()
                        .map(|option| option.value.as_str())
                        .collect();
                    self.error(
                        Code::InvalidWhen,
                        format!("`{}` cannot answer `{}`", value, question),
                        &index(&key(path, "in"), position),
                        false,
                        Some(
                            did_you_mean(value.as_str(), allowed.iter().copied())
                                .unwrap_or_else(|| expected_one_of(allowed.iter().copied())),
                        ),
                    );
                }
            }
        }
        Some(ValidWhen::Answer {
            question: target,
            options,
        })
    }

    /// Checks an `answer: {question, in}` test (or a `not_chosen` one, named by `name` under
    /// the condition at `path`) and resolves it: the question exists, is `yes_no`, `choice`
    /// or `multi`, and can take every value.
    fn check_answer_test(
        &mut self,
        test: &crate::model::questionnaire::AnswerTest,
        name: &str,
        path: &[Segment],
        context: &RuleContext<'_>,
    ) -> Option<Leaf> {
        let path = &key(path, name);
        let question_path = key(path, "question");
        let Some(&position) = context.question_index.get(&test.question) else {
            if context.broken_questions.contains(&test.question) {
                self.unreported += 1;
            } else {
                let help = did_you_mean(
                    &test.question,
                    context.questions.iter().map(ValidQuestion::id),
                )
                .unwrap_or_else(|| "name a question of this questionnaire".into());
                self.error(
                    Code::UnknownQuestion,
                    format!("`{name}` names `{}`, which does not exist", test.question),
                    &question_path,
                    false,
                    Some(help),
                );
            }
            return None;
        };
        let target = &context.questions[position];
        if !matches!(target.kind(), Kind::YesNo | Kind::Choice | Kind::Multi) {
            self.error(
                Code::InvalidRule,
                format!(
                    "`{name}` may only test a `yes_no`, `choice` or `multi` question; `{}` is `{}`",
                    test.question,
                    target.kind().as_str()
                ),
                &question_path,
                false,
                Some(
                    "test numbers and scales through the scores, or add a `choice` question".into(),
                ),
            );
            return None;
        }
        if test.values.is_empty() {
            self.error(
                Code::InvalidRule,
                format!("`{name}.in` is empty, so the test could never hold"),
                &key(path, "in"),
                false,
                None,
            );
            return None;
        }
        let mut options = Vec::new();
        for (item, value) in test.values.iter().enumerate() {
            let found = match target.kind() {
                Kind::YesNo => yes_no_token(value.as_str()),
                _ => target.option_index(value.as_str()),
            };
            match found {
                Some(option) => options.push(option),
                None => {
                    let allowed: Vec<&str> = target
                        .options
                        .iter()
                        .map(|option| option.value.as_str())
                        .collect();
                    self.error(
                        Code::InvalidRule,
                        format!("`{value}` cannot answer `{}`", test.question),
                        &index(&key(path, "in"), item),
                        false,
                        Some(
                            did_you_mean(value.as_str(), allowed.iter().copied())
                                .unwrap_or_else(|| expected_one_of(allowed.iter().copied())),
                        ),
                    );
                }
            }
        }
        Some(Leaf::Answer {
            question: position,
            id: test.question.clone(),
            values: options
                .iter()
                .map(|option| target.options[*option].value.clone())
                .collect(),
            options,
        })
    }

    /// Checks a rule's condition and parses it into the typed tree, in one pass: every key
    /// in SPEC's order, each `domain_*` entry a leaf of its own. Problems are recorded; the
    /// tree is only used when there are none.
    fn check_condition(
        &mut self,
        condition: &Condition,
        path: &[Segment],
        context: &RuleContext<'_>,
    ) -> rule::Condition {
        let mut keys = Vec::new();
        for (name, threshold, bound) in [
            ("score_at_least", condition.score_at_least, Bound::AtLeast),
            ("score_below", condition.score_below, Bound::Below),
        ] {
            let Some(threshold) = threshold else { continue };
            if !(0.0..=100.0).contains(&threshold) {
                self.error(
                    Code::OutOfRange,
                    format!("`{name}` {threshold} is outside 0..=100"),
                    &key(path, name),
                    false,
                    None,
                );
            }
            keys.push(Node::Leaf(Leaf::Score { bound, threshold }));
        }
        for (name, domains, bound) in [
            (
                "domain_at_least",
                &condition.domain_at_least,
                Bound::AtLeast,
            ),
            ("domain_below", &condition.domain_below, Bound::Below),
        ] {
            let Some(domains) = domains else { continue };
            for (domain, threshold) in domains {
                let domain_path = key(&key(path, name), domain);
                let index = context.domain_index.get(domain).copied();
                if index.is_none() && !context.broken_domains.contains(domain) {
                    let ids = context.domain_ids.iter().map(String::as_str);
                    let help =
                        did_you_mean(domain, ids.clone()).unwrap_or_else(|| expected_one_of(ids));
                    self.error(
                        Code::UnknownDomain,
                        format!("rule names domain `{domain}`, which does not exist"),
                        &domain_path,
                        true,
                        Some(help),
                    );
                }
                if !(0.0..=100.0).contains(threshold) {
                    self.error(
                        Code::OutOfRange,
                        format!("domain threshold {threshold} is outside 0..=100"),
                        &domain_path,
                        false,
                        None,
                    );
                }
                keys.push(Node::Leaf(Leaf::Domain {
                    domain: index.unwrap_or(usize::MAX),
                    id: domain.clone(),
                    bound,
                    threshold: *threshold,
                }));
            }
        }
        for (name, signals, test) in [
            ("signals_any", &condition.signals_any, SignalTest::Any),
            ("signals_all", &condition.signals_all, SignalTest::All),
            ("signals_none", &condition.signals_none, SignalTest::None),
        ] {
            let Some(signals) = signals else { continue };
            let mut resolved = Vec::with_capacity(signals.len());
            for (position, signal) in signals.iter().enumerate() {
                match context.signal_index.get(signal.as_str()) {
                    Some(&index) => resolved.push(rule::Signal {
                        index,
                        name: signal.clone(),
                    }),
                    None if context.broken_signals
                        || context.invalid_signals.contains(signal.as_str()) =>
                    {
                        self.unreported += 1;
                    }
                    None => {
                        let help = did_you_mean(signal, context.raised.iter().map(String::as_str))
                            .unwrap_or_else(|| "add it to the `signals` of an option or band, or remove it from the rule".into());
                        self.error(
                            Code::UnknownSignal,
                            format!("signal `{signal}` is raised by no answer"),
                            &index(&key(path, name), position),
                            false,
                            Some(help),
                        );
                    }
                }
            }
            keys.push(Node::Leaf(Leaf::Signals {
                test,
                signals: resolved,
            }));
        }
        for (name, count, limit) in [
            (
                "red_flags_at_least",
                &condition.red_flags_at_least,
                Limit::AtLeast,
            ),
            (
                "red_flags_at_most",
                &condition.red_flags_at_most,
                Limit::AtMost,
            ),
        ] {
            let Some(count) = count else { continue };
            if context.mode == Mode::Flag {
                self.error(
                    Code::InvalidFlag,
                    format!(
                        "`{name}` cannot be used in a flag's condition: a flag would count itself"
                    ),
                    &key(path, name),
                    true,
                    Some("test answers (`answer`, `not_chosen`), signals or scores instead".into()),
                );
            }
            match count {
                FlagCount::Total(count) => keys.push(Node::Leaf(Leaf::RedFlags {
                    limit,
                    count: *count,
                    severity: None,
                })),
                FlagCount::BySeverity(counts) => {
                    // Most severe first, as reports list them.
                    for (severity, count) in counts.iter().rev() {
                        keys.push(Node::Leaf(Leaf::RedFlags {
                            limit,
                            count: *count,
                            severity: Some(*severity),
                        }));
                    }
                }
            }
        }
        for (name, count, limit) in [
            (
                "contradictions_at_least",
                condition.contradictions_at_least,
                Limit::AtLeast,
            ),
            (
                "contradictions_at_most",
                condition.contradictions_at_most,
                Limit::AtMost,
            ),
        ] {
            let Some(count) = count else { continue };
            if context.mode != Mode::Rule {
                let (code, whose, why) = match context.mode {
                    Mode::Flag => (
                        Code::InvalidFlag,
                        "a flag",
                        "checks may count red flags, and a flag would then count itself",
                    ),
                    _ => (
                        Code::InvalidRule,
                        "a consistency check",
                        "a check would count itself",
                    ),
                };
                self.error(
                    code,
                    format!("`{name}` cannot be used in {whose}: {why}"),
                    &key(path, name),
                    true,
                    Some("count contradictions in the classification rules only".into()),
                );
            }
            keys.push(Node::Leaf(Leaf::Contradictions { limit, count }));
        }
        if let Some(test) = &condition.answer {
            if context.mode == Mode::Rule {
                self.error(
                    Code::InvalidRule,
                    "`answer` tests belong in `consistency:` checks; rules read answers through the signals they raise".into(),
                    &key(path, "answer"),
                    true,
                    Some("give the option a signal and test it with `signals_any`, or move this condition into a consistency check".into()),
                );
            }
            if let Some(leaf) = self.check_answer_test(test, "answer", path, context) {
                keys.push(Node::Leaf(leaf));
            }
        }
        if let Some(test) = &condition.not_chosen {
            if context.mode == Mode::Rule {
                self.error(
                    Code::InvalidRule,
                    "`not_chosen` tests belong in `flags:` and `consistency:` checks; rules read answers through the signals they raise".into(),
                    &key(path, "not_chosen"),
                    true,
                    Some("move this condition into a flag (`flags:`) and count it with `red_flags_at_most`".into()),
                );
            }
            if let Some(Leaf::Answer {
                question,
                id,
                options,
                values,
            }) = self.check_answer_test(test, "not_chosen", path, context)
            {
                if context.questions[question].kind() == Kind::Multi {
                    keys.push(Node::Leaf(Leaf::NotChosen {
                        question,
                        id,
                        options,
                        values,
                    }));
                } else {
                    self.error(
                        Code::InvalidRule,
                        format!(
                            "`not_chosen` tests the boxes of a `multi` question; `{id}` is `{}`",
                            context.questions[question].kind().as_str()
                        ),
                        &key(&key(path, "not_chosen"), "question"),
                        false,
                        Some("for a `yes_no` or `choice` question, test the other answers with `answer: {question, in}`".into()),
                    );
                }
            }
        }
        if let Some(coverage) = condition.coverage_at_least {
            if !(0.0..=1.0).contains(&coverage) {
                self.error(
                    Code::OutOfRange,
                    format!("`coverage_at_least` {coverage} is outside 0..=1"),
                    &key(path, "coverage_at_least"),
                    false,
                    Some(
                        "coverage is a fraction: 0.8 means 80% of applicable questions answered"
                            .into(),
                    ),
                );
            }
            keys.push(Node::Leaf(Leaf::Coverage { at_least: coverage }));
        }
        let list = |this: &mut Self, name: &str, items: &[Condition]| -> Vec<rule::Condition> {
            items
                .iter()
                .enumerate()
                .map(|(position, inner)| {
                    this.check_condition(inner, &index(&key(path, name), position), context)
                })
                .collect()
        };
        if let Some(items) = &condition.all {
            let items = list(self, "all", items);
            keys.push(Node::All(items));
        }
        if let Some(items) = &condition.any {
            let items = list(self, "any", items);
            keys.push(Node::Any(items));
        }
        if let Some(inner) = &condition.not {
            let inner = self.check_condition(inner, &key(path, "not"), context);
            keys.push(Node::Not(Box::new(inner)));
        }
        if let Some(at_least) = &condition.at_least {
            let at_least_path = key(path, "at_least");
            if at_least.count as usize > at_least.of.len() {
                self.error(
                    Code::InvalidRule,
                    format!(
                        "`at_least` asks for {} of {} conditions, which can never hold",
                        at_least.count,
                        at_least.of.len()
                    ),
                    &key(&at_least_path, "count"),
                    false,
                    None,
                );
            }
            let of = at_least
                .of
                .iter()
                .enumerate()
                .map(|(position, inner)| {
                    self.check_condition(
                        inner,
                        &index(&key(&at_least_path, "of"), position),
                        context,
                    )
                })
                .collect();
            keys.push(Node::AtLeast {
                count: usize::try_from(at_least.count).unwrap_or(usize::MAX),
                of,
            });
        }
        rule::Condition { keys }
    }
}

/// What a rule's condition may name, for checking and resolving it.
struct RuleContext<'a> {
    domain_index: &'a HashMap<String, usize>,
    domain_ids: &'a [String],
    broken_domains: &'a HashSet<String>,
    raised: &'a BTreeSet<String>,
    signal_index: &'a HashMap<&'a str, usize>,
    /// True when a question could not be read, so any signal might be one it raises.
    broken_signals: bool,
    /// Signals raised by questions that failed their own checks.
    invalid_signals: &'a HashSet<String>,
    questions: &'a [ValidQuestion],
    question_index: &'a HashMap<String, usize>,
    broken_questions: &'a HashSet<String>,
    /// Whose condition it is: what it may test depends on that.
    mode: Mode,
}

/// Whose condition is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// A classification rule: reads answers through signals, not `answer` tests.
    Rule,
    /// A consistency check: may not count contradictions (it would count itself).
    Check,
    /// A questionnaire flag: may not count red flags (itself) or contradictions (checks may
    /// count red flags).
    Flag,
}

/// `yes`/`true` → 0, `no`/`false` → 1.
pub fn yes_no_token(token: &str) -> Option<usize> {
    match token {
        "yes" | "true" => Some(0),
        "no" | "false" => Some(1),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Code;
    use crate::source::Source;
    use crate::yaml::Document;

    fn problems(text: &str) -> Vec<crate::diagnostic::Diagnostic> {
        let document =
            Document::parse(Source::from_bytes("q.yaml".into(), None, text.as_bytes()).unwrap())
                .unwrap();
        super::validate(&document).err().unwrap_or_default()
    }

    const HEAD: &str = "format: mspcheck/questionnaire/1\nid: q\nversion: 1.0.0\ntitle: Q\ndomains: [{ id: d, title: D, weight: 1 }]\nquestions:\n";
    const TAIL: &str = "classification:\n  rules: [{ class: amateur, if: {} }]\n";

    #[test]
    fn exclusive_is_refused_outside_multi_questions() {
        let text = format!("{HEAD}  - {{ id: c, domain: d, text: C, kind: choice, options: [{{ value: a, score: 1, exclusive: true }}] }}\n{TAIL}");
        let found = problems(&text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].code, Code::OptionsNotAllowed);
        assert!(found[0].message.contains("`exclusive`"));
    }

    #[test]
    fn unknown_needs_allow_unknown_and_a_score_in_range() {
        let text = format!("{HEAD}  - {{ id: c, domain: d, text: C, kind: yes_no, unknown: {{ score: 1.5 }} }}\n{TAIL}");
        let codes: Vec<Code> = problems(&text).iter().map(|problem| problem.code).collect();
        assert!(codes.contains(&Code::UnknownNotAllowed), "{codes:?}");
        assert!(codes.contains(&Code::ScoreOutOfRange), "{codes:?}");
    }

    #[test]
    fn an_option_named_unknown_clashes_with_allow_unknown() {
        let text = format!("{HEAD}  - {{ id: c, domain: d, text: C, kind: choice, allow_unknown: true, options: [{{ value: unknown, score: 0 }}] }}\n{TAIL}");
        let found = problems(&text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].code, Code::ValueNotAllowed);
    }

    const CHECKED: &str = "format: mspcheck/questionnaire/1\nid: q\nversion: 1.0.0\ntitle: Q\ndomains: [{ id: d, title: D, weight: 1 }]\nquestions:\n  - { id: fee, domain: d, text: Fee, kind: choice, options: [{ value: flat, score: 1 }, { value: hourly, score: 0 }] }\n  - { id: tools, domain: d, text: Tools, kind: multi, options: [{ value: edr, score: 1 }, { value: none, score: 0, exclusive: true }] }\n  - { id: days, domain: d, text: Days, kind: number, bands: [{ score: 1 }] }\n";

    fn codes(text: &str) -> Vec<(Code, usize)> {
        problems(text)
            .iter()
            .map(|problem| (problem.code, problem.location.as_ref().unwrap().line))
            .collect()
    }

    #[test]
    fn consistency_checks_resolve_their_answer_tests() {
        let text = format!("{CHECKED}consistency:\n  - id: c\n    message: M\n    ask: A?\n    if: {{ all: [{{ answer: {{ question: fee, in: [flat] }} }}, {{ answer: {{ question: tools, in: [none] }} }}] }}\n{TAIL}");
        let document =
            Document::parse(Source::from_bytes("q.yaml".into(), None, text.as_bytes()).unwrap())
                .unwrap();
        let valid = super::validate(&document).unwrap();
        assert_eq!(valid.consistency.len(), 1);
        assert_eq!(valid.consistency[0].questions, vec![0, 1]);
        assert_eq!(
            valid.consistency[0].condition.describe(),
            "all of (`fee` is `flat`; `tools` is `none`)"
        );
    }

    #[test]
    fn answer_tests_are_refused_with_unknown_questions_values_and_kinds() {
        let text = format!("{CHECKED}consistency:\n  - id: c\n    message: M\n    ask: A?\n    if: {{ answer: {{ question: feee, in: [flat] }} }}\n  - id: d\n    message: M\n    ask: A?\n    if: {{ answer: {{ question: fee, in: [monthly] }} }}\n  - id: e\n    message: M\n    ask: A?\n    if: {{ answer: {{ question: days, in: [flat] }} }}\n{TAIL}");
        assert_eq!(
            codes(&text),
            vec![
                (Code::UnknownQuestion, 14),
                (Code::InvalidRule, 18),
                (Code::InvalidRule, 22)
            ]
        );
    }

    #[test]
    fn answer_tests_stay_out_of_rules_and_checks_do_not_count_contradictions() {
        let text = format!("{CHECKED}consistency:\n  - id: c\n    message: M\n    ask: A?\n    if: {{ contradictions_at_most: 0 }}\n  - id: c\n    message: M\n    ask: A?\n    if: {{}}\nclassification:\n  rules:\n    - {{ class: pseudo, if: {{ answer: {{ question: fee, in: [flat] }} }} }}\n    - {{ class: mature, if: {{ contradictions_at_most: 0 }} }}\n    - {{ class: amateur, if: {{}} }}\n");
        let found = codes(&text);
        assert!(found.contains(&(Code::InvalidRule, 14)), "{found:?}");
        assert!(found.contains(&(Code::DuplicateId, 15)), "{found:?}");
        assert!(found.contains(&(Code::InvalidRule, 18)), "{found:?}");
        assert!(found.contains(&(Code::InvalidRule, 21)), "{found:?}");
        assert_eq!(found.len(), 4, "{found:?}");
    }

    fn warnings(text: &str) -> Vec<crate::diagnostic::Diagnostic> {
        let document =
            Document::parse(Source::from_bytes("q.yaml".into(), None, text.as_bytes()).unwrap())
                .unwrap();
        super::validate(&document).unwrap().warnings
    }

    #[test]
    fn a_text_question_refuses_every_scoring_field_at_its_key() {
        let text = format!("{HEAD}  - id: t\n    domain: d\n    text: T\n    kind: text\n    weight: 2\n    options: [{{ value: a, score: 1 }}]\n    allow_na: true\n    scored: false\n    remediation: R\n    unit: days\n{TAIL}");
        let found = codes(&text);
        assert_eq!(
            found,
            vec![
                (Code::OptionsNotAllowed, 11),
                (Code::OptionsNotAllowed, 12),
                (Code::OptionsNotAllowed, 13),
                (Code::OptionsNotAllowed, 14),
                (Code::OptionsNotAllowed, 15),
                (Code::OptionsNotAllowed, 16),
            ],
            "{:?}",
            problems(&text)
        );
        let messages: Vec<String> = problems(&text).into_iter().map(|p| p.message).collect();
        assert!(
            messages.contains(&"`weight` does not apply to a `text` question (`t`)".to_string()),
            "{messages:?}"
        );
        assert!(messages
            .iter()
            .all(|message| !message.contains("`text` is not allowed")));
    }

    #[test]
    fn max_length_belongs_to_text_questions_within_its_bounds() {
        let text = format!("{HEAD}  - {{ id: t, domain: d, text: T, kind: text, max_length: 0 }}\n  - {{ id: u, domain: d, text: U, kind: yes_no, max_length: 10 }}\n  - {{ id: v, domain: d, text: V, kind: text, max_length: 100000 }}\n{TAIL}");
        assert_eq!(
            codes(&text),
            vec![(Code::NumberOutOfBounds, 7), (Code::OptionsNotAllowed, 8)]
        );
    }

    #[test]
    fn a_text_question_cannot_gate_a_when_or_be_tested_by_an_answer_test() {
        let text = format!("{HEAD}  - {{ id: t, domain: d, text: T, kind: text }}\n  - {{ id: u, domain: d, text: U, kind: yes_no, when: {{ question: t, in: [x] }} }}\nconsistency:\n  - {{ id: c, message: M, ask: A?, if: {{ answer: {{ question: t, in: [x] }} }} }}\n{TAIL}");
        let found = problems(&text);
        assert_eq!(
            codes(&text),
            vec![(Code::InvalidWhen, 8), (Code::InvalidRule, 10)],
            "{found:?}"
        );
        assert!(
            found[0].message.contains("`t` is `text`"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn a_context_question_may_omit_scores_and_a_score_given_is_a_warning() {
        let text = format!("{HEAD}  - {{ id: up, domain: d, text: U, kind: yes_no, scored: false }}\n  - {{ id: data, domain: d, text: D, kind: choice, scored: false, options: [{{ value: public }}, {{ value: special, score: 1 }}] }}\n  - {{ id: size, domain: d, text: S, kind: number, scored: false, bands: [{{ up_to: 10 }}, {{ score: 0.5 }}] }}\n{TAIL}");
        let found = warnings(&text);
        let places: Vec<(Code, usize)> = found
            .iter()
            .map(|warning| (warning.code, warning.location.as_ref().unwrap().line))
            .collect();
        assert_eq!(
            places,
            vec![(Code::ScoreIgnored, 8), (Code::ScoreIgnored, 9)]
        );
        assert!(found.iter().all(|warning| !warning.is_error()));
        let valid = crate::test_support::questionnaire(&text);
        assert!(valid.questions.iter().all(|question| !question.scored));
        // A scored `choice` still needs its scores, and so does a scored band.
        let text = format!("{HEAD}  - {{ id: data, domain: d, text: D, kind: choice, options: [{{ value: public }}] }}\n  - {{ id: size, domain: d, text: S, kind: number, bands: [{{ label: any }}] }}\n{TAIL}");
        assert_eq!(
            codes(&text),
            vec![(Code::MissingField, 7), (Code::MissingField, 8)]
        );
    }

    #[test]
    fn refs_take_printable_text_and_must_be_unique() {
        let long = "x".repeat(101);
        let text = format!("{HEAD}  - {{ id: a, ref: \"A&A-01.1\", domain: d, text: A, kind: yes_no }}\n  - {{ id: b, ref: \"A&A-01.1\", domain: d, text: B, kind: yes_no }}\n  - {{ id: c, ref: \"tab\\there\", domain: d, text: C, kind: yes_no }}\n  - {{ id: e, ref: {long}, domain: d, text: E, kind: yes_no }}\n  - {{ id: f, ref: \" \", domain: d, text: F, kind: yes_no }}\n{TAIL}");
        assert_eq!(
            codes(&text),
            vec![
                (Code::DuplicateId, 8),
                (Code::InvalidId, 9),
                (Code::InvalidId, 10),
                (Code::InvalidId, 11)
            ],
            "{:?}",
            problems(&text)
        );
        let fine = format!("{HEAD}  - {{ id: a, ref: \"A&A-01.1 (CAIQ v4)\", domain: d, text: A, kind: yes_no }}\n{TAIL}");
        let valid = crate::test_support::questionnaire(&fine);
        assert_eq!(valid.questions[0].id_with_ref(), "a (A&A-01.1 (CAIQ v4))");
    }

    #[test]
    fn remediation_per_answer_is_kept_on_options_bands_and_unknown() {
        let valid = crate::test_support::questionnaire(include_str!(
            "../../tests/fixtures/fields/questionnaire.yaml"
        ));
        let tls = &valid.questions[valid.question_index("app.tls_review").unwrap()];
        assert_eq!(
            tls.options[0].remediation.as_deref(),
            Some("Start with a one-off review against a published TLS baseline.")
        );
        assert_eq!(
            tls.options[1]
                .remediation
                .as_ref()
                .unwrap()
                .for_reader(Some(crate::model::Perspective::Client)),
            "Ask for the dates of the last two reviews and a quarterly schedule."
        );
        assert!(tls.options[2].remediation.is_none());
        let patch = &valid.questions[valid.question_index("ops.patch_days").unwrap()];
        assert!(patch.definition.bands[1].remediation.is_some());
        assert!(patch.unknown.as_ref().unwrap().remediation.is_some());
        assert!(valid.warnings.is_empty(), "{:?}", valid.warnings);
    }

    #[test]
    fn signals_of_unknown_count_as_raised_for_the_rules() {
        let text = format!("{HEAD}  - {{ id: c, domain: d, text: C, kind: yes_no, allow_unknown: true, unknown: {{ signals: [blind] }} }}\nclassification:\n  rules: [{{ class: pseudo, if: {{ signals_any: [blind] }} }}, {{ class: amateur, if: {{}} }}]\n");
        assert!(problems(&text).is_empty(), "{:?}", problems(&text));
    }

    fn valid(text: &str) -> super::ValidQuestionnaire {
        let document =
            Document::parse(Source::from_bytes("q.yaml".into(), None, text.as_bytes()).unwrap())
                .unwrap();
        super::validate(&document).unwrap_or_else(|problems| panic!("{problems:?}"))
    }

    #[test]
    fn a_checked_question_holds_its_options_once_and_gives_them_back_whole() {
        let text = format!("{HEAD}  - {{ id: b, domain: d, text: B, kind: yes_no, options: [{{ value: false, score: 0.5, maps: {{ csf2: [PR.AA-03] }} }}] }}\n  - {{ id: c, domain: d, text: C, kind: choice, options: [{{ value: a, score: 1, signals: [s], red_flag: R }}, {{ value: b, label: Bee, score: 0 }}] }}\n{TAIL}");
        let questionnaire = valid(&text);
        // The questionnaire's definition holds no questions, a question's none of its options.
        assert!(questionnaire.definition.questions.is_empty());
        assert!(questionnaire
            .questions
            .iter()
            .all(|question| question.definition.options.is_empty()));
        let yes_no = questionnaire.questions[0].written();
        let shown: Vec<(&str, Option<&str>, Option<f64>, bool)> = yes_no
            .options
            .iter()
            .map(|option| {
                (
                    option.value.as_str(),
                    option.label.as_deref(),
                    option.score,
                    option.maps.is_empty(),
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                ("yes", Some("yes"), Some(1.0), true),
                ("no", Some("no"), Some(0.5), false)
            ]
        );
        let choice = questionnaire.questions[1].written();
        assert_eq!(choice.options[0].signals, ["s"]);
        assert_eq!(choice.options[0].severity, Some(super::Severity::High));
        assert_eq!(choice.options[1].label.as_deref(), Some("Bee"));
        assert_eq!(choice.options[1].severity, None);
    }

    #[test]
    fn a_question_that_does_not_read_has_every_problem_of_the_file_reported_once() {
        // The questions are read one by one as they are checked; one that does not read
        // sends the check back to reading every part on its own, and only that check reports.
        let text = format!("{HEAD}  - {{ id: Bad, domain: d, text: B, kind: yes_no }}\n  - {{ id: c, domain: d, text: C, kind: yes_no, colour: red }}\n  - {{ id: e, domain: nope, text: E, kind: yes_no }}\n{TAIL}");
        let found: Vec<(Code, usize)> = codes(&text);
        assert_eq!(
            found,
            [
                (Code::InvalidId, 7),
                (Code::UnknownKey, 8),
                (Code::UnknownDomain, 9)
            ]
        );
    }

    #[test]
    fn flags_resolve_their_tests_and_rules_count_by_severity() {
        use crate::model::questionnaire::Severity;
        use crate::rule::{Leaf, Node};
        let text = format!("{CHECKED}flags:\n  - id: unscanned\n    severity: medium\n    message: M\n    if: {{ all: [{{ answer: {{ question: fee, in: [flat] }} }}, {{ not_chosen: {{ question: tools, in: [edr] }} }}] }}\nclassification:\n  rules:\n    - {{ class: mature, if: {{ red_flags_at_most: {{ low: 3, high: 0 }} }} }}\n    - {{ class: amateur, if: {{}} }}\n");
        let questionnaire = valid(&text);
        assert_eq!(questionnaire.flags.len(), 1);
        assert_eq!(questionnaire.flags[0].severity, Severity::Medium);
        assert_eq!(questionnaire.flags[0].questions, vec![0, 1]);
        assert_eq!(
            questionnaire.flags[0].condition.describe(),
            "all of (`fee` is `flat`; `tools` has none of `edr`)"
        );
        let severities: Vec<Option<Severity>> = questionnaire.rules[0]
            .condition
            .keys
            .iter()
            .map(|node| match node {
                Node::Leaf(Leaf::RedFlags { severity, .. }) => *severity,
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(severities, [Some(Severity::High), Some(Severity::Low)]);
        assert_eq!(
            questionnaire.rules[0].description,
            "red flags (high or above) ≤ 0, red flags (low or above) ≤ 3"
        );
    }

    #[test]
    fn flags_may_not_count_flags_and_not_chosen_needs_a_multi() {
        let text = format!("{CHECKED}flags:\n  - id: a\n    severity: high\n    message: M\n    if: {{ red_flags_at_least: 1 }}\n  - id: a\n    severity: high\n    message: \" \"\n    if: {{ not_chosen: {{ question: fee, in: [flat] }} }}\n  - id: c\n    severity: high\n    message: M\n    if: {{ contradictions_at_most: 0 }}\n  - id: d\n    severity: high\n    message: M\n    if: {{}}\n{TAIL}");
        assert_eq!(
            codes(&text),
            vec![
                (Code::InvalidFlag, 14),
                (Code::DuplicateId, 15),
                (Code::InvalidFlag, 17),
                (Code::InvalidRule, 18),
                (Code::InvalidFlag, 22),
                (Code::InvalidFlag, 26),
            ]
        );
    }

    #[test]
    fn a_not_chosen_test_is_named_as_such_in_its_problems() {
        let text = format!("{CHECKED}flags:\n  - id: a\n    severity: high\n    message: M\n    if: {{ not_chosen: {{ question: tool, in: [edr] }} }}\n  - id: b\n    severity: high\n    message: M\n    if: {{ not_chosen: {{ question: days, in: [edr] }} }}\n  - id: c\n    severity: high\n    message: M\n    if: {{ not_chosen: {{ question: tools, in: [] }} }}\n{TAIL}");
        let messages: Vec<String> = problems(&text)
            .into_iter()
            .map(|problem| problem.message)
            .collect();
        assert_eq!(
            messages,
            vec![
                "`not_chosen` names `tool`, which does not exist",
                "`not_chosen` may only test a `yes_no`, `choice` or `multi` question; `days` is `number`",
                "`not_chosen.in` is empty, so the test could never hold",
            ]
        );
    }

    #[test]
    fn rules_refuse_not_chosen_and_unknown_severities() {
        let text = format!("{CHECKED}classification:\n  rules:\n    - {{ class: mature, if: {{ not_chosen: {{ question: tools, in: [edr] }} }} }}\n    - {{ class: pseudo, if: {{ red_flags_at_most: {{ hgh: 0 }} }} }}\n    - {{ class: amateur, if: {{}} }}\n");
        let found = problems(&text);
        assert!(
            found.iter().any(|problem| problem.code == Code::InvalidRule
                && problem.message.contains("`not_chosen`")),
            "{found:?}"
        );
        assert!(
            found.iter().any(|problem| problem.message.contains("hgh")),
            "{found:?}"
        );
    }

    #[test]
    fn severity_is_refused_without_a_red_flag() {
        let text = format!("{HEAD}  - {{ id: c, domain: d, text: C, kind: choice, options: [{{ value: a, score: 1, severity: low }}, {{ value: b, score: 0, red_flag: B, severity: critical }}] }}\n  - {{ id: n, domain: d, text: N, kind: number, bands: [{{ up_to: 1, score: 1, severity: high }}, {{ score: 0 }}] }}\n{TAIL}");
        assert_eq!(
            codes(&text),
            vec![
                (Code::SeverityWithoutRedFlag, 7),
                (Code::SeverityWithoutRedFlag, 8)
            ]
        );
        let fine = format!("{HEAD}  - {{ id: c, domain: d, text: C, kind: choice, options: [{{ value: a, score: 1 }}, {{ value: b, score: 0, red_flag: B, severity: critical }}] }}\n{TAIL}");
        let questionnaire = valid(&fine);
        assert_eq!(
            questionnaire.questions[0].options[1].severity,
            crate::model::questionnaire::Severity::Critical
        );
        assert_eq!(
            questionnaire.questions[0].options[0].severity,
            crate::model::questionnaire::Severity::High
        );
    }

    const GATES: &str = "format: mspcheck/questionnaire/1\nid: q\nversion: 1.0.0\ntitle: Q\ndomains: [{ id: d, title: D, weight: 1 }]\nquestions:\n  - { id: a, domain: d, text: A, kind: yes_no }\n  - { id: b, domain: d, text: B, kind: multi, options: [{ value: x, score: 1 }, { value: y, score: 0 }] }\n";

    #[test]
    fn compound_when_resolves_every_leaf() {
        let text = format!("{GATES}  - {{ id: c, domain: d, text: C, kind: yes_no, when: {{ any: [{{ question: a, in: [yes] }}, {{ all: [{{ question: b, in: [x] }}, {{ not: {{ question: a, in: [no] }} }}] }}] }} }}\n{TAIL}");
        let questionnaire = valid(&text);
        let when = questionnaire.questions[2].when.as_ref().unwrap();
        assert_eq!(when.questions(), vec![0, 1]);
        assert_eq!(questionnaire.questions[0].dependents, vec![2]);
        assert_eq!(questionnaire.questions[1].dependents, vec![2]);
        assert_eq!(
            when.describe(&questionnaire.questions, &|question, option| format!(
                "`{}`",
                question.options[option].value
            )),
            "any of (`a` is `yes`; all of (`b` is `x`; not (`a` is `no`)))"
        );
    }

    /// Each problem as (code, line, message), in the order found.
    fn by_line(found: &[crate::diagnostic::Diagnostic]) -> Vec<(Code, usize, &str)> {
        found
            .iter()
            .map(|problem| {
                (
                    problem.code,
                    problem.location.as_ref().unwrap().line,
                    problem.message.as_str(),
                )
            })
            .collect()
    }

    #[test]
    fn a_when_naming_an_earlier_invalid_question_reports_only_that_questions_own_error() {
        // `x` fails its own check (an unknown domain): `y`'s `when` on it is not said to
        // name a question that "comes later"; `z`'s on the later `w` and on `ww` still are.
        let text = format!("{GATES}  - {{ id: x, domain: dd, text: X, kind: yes_no }}\n  - {{ id: y, domain: d, text: Y, kind: yes_no, when: {{ question: x, in: [yes] }} }}\n  - {{ id: z, domain: d, text: Z, kind: yes_no, when: {{ any: [{{ question: w, in: [yes] }}, {{ question: ww, in: [yes] }}] }} }}\n  - {{ id: w, domain: d, text: W, kind: yes_no }}\n{TAIL}");
        let found = problems(&text);
        let summary = by_line(&found);
        assert_eq!(
            summary,
            vec![
                (
                    Code::UnknownDomain,
                    9,
                    "question `x` names domain `dd`, which does not exist"
                ),
                (
                    Code::InvalidWhen,
                    11,
                    "`when` refers to `w`, which comes later"
                ),
                (
                    Code::UnknownQuestion,
                    11,
                    "`when` refers to `ww`, which does not exist"
                ),
            ]
        );
    }

    #[test]
    fn compound_when_refuses_forward_and_self_references_on_every_leaf() {
        let text = format!("{GATES}  - {{ id: c, domain: d, text: C, kind: yes_no, when: {{ all: [{{ question: a, in: [yes] }}, {{ not: {{ question: e, in: [yes] }} }}] }} }}\n  - {{ id: e, domain: d, text: E, kind: yes_no, when: {{ any: [{{ question: e, in: [yes] }}, {{ question: b, in: [z] }}, {{ question: bb, in: [x] }}] }} }}\n  - {{ id: f, domain: d, text: F, kind: yes_no, when: {{ question: a, in: [yes], all: [] }} }}\n  - {{ id: g, domain: d, text: G, kind: yes_no, when: {{ any: [] }} }}\n  - {{ id: h, domain: d, text: H, kind: yes_no, when: {{}} }}\n{TAIL}");
        let found = problems(&text);
        let summary = by_line(&found);
        assert_eq!(
            summary,
            vec![
                (
                    Code::InvalidWhen,
                    9,
                    "`when` refers to `e`, which comes later"
                ),
                (
                    Code::InvalidWhen,
                    10,
                    "`when` refers to `e` itself, so it could never be decided"
                ),
                (Code::InvalidWhen, 10, "`z` cannot answer `b`"),
                (
                    Code::UnknownQuestion,
                    10,
                    "`when` refers to `bb`, which does not exist"
                ),
                (
                    Code::InvalidWhen,
                    11,
                    "`when` mixes `question` and `all` in one mapping"
                ),
                (Code::InvalidWhen, 12, "`when.any` is empty"),
                (Code::InvalidWhen, 13, "`when` is empty"),
            ]
        );
    }

    #[test]
    fn an_empty_domain_is_warned_about() {
        let text = "format: mspcheck/questionnaire/1\nid: q\nversion: 1.0.0\ntitle: Q\ndomains: [{ id: d, title: D, weight: 1 }, { id: spare, title: S, weight: 1 }]\nquestions:\n  - { id: a, domain: d, text: A, kind: yes_no }\nclassification:\n  rules: [{ class: amateur, if: {} }]\n";
        let checker_warnings = valid(text).warnings;
        assert_eq!(checker_warnings.len(), 1, "{checker_warnings:?}");
        assert_eq!(checker_warnings[0].code, Code::EmptyDomain);
        assert!(!checker_warnings[0].is_error());
        assert_eq!(checker_warnings[0].location.as_ref().unwrap().line, 5);
    }

    #[test]
    fn messages_name_shapes_not_rust_types() {
        let text = format!("{HEAD}  - {{ id: a, domain: d, text: A, kind: choise, options: [{{ value: x, score: 1 }}] }}\n  - {{ id: b, domain: d, text: B, kind: yes_no, weight: heavy, when: 5, unknown: [1], max_age_days: -3 }}\n  - {{ id: c, domain: d, text: C, kind: scale, scale: [0, 4] }}\nclassification:\n  rules: [{{ class: amateur, if: {{ red_flags_at_most: -1, not: 3 }} }}]\n");
        let found = problems(&text);
        let messages: Vec<&str> = found
            .iter()
            .map(|problem| problem.message.as_str())
            .collect();
        for rust in [
            "f64",
            "u64",
            "u32",
            "i64",
            "usize",
            "struct ",
            "enum ",
            "a sequence",
            "a map,",
        ] {
            assert!(
                messages.iter().all(|message| !message.contains(rust)),
                "{rust} in {messages:#?}"
            );
        }
        let has = |wanted: &str| messages.iter().any(|message| message.contains(wanted));
        assert!(has("`choise` is not a valid `kind`"), "{messages:#?}");
        assert!(has("expected a number"), "{messages:#?}");
        assert!(
            has("expected a mapping with `question` and `in`, or `all`, `any` or `not`"),
            "{messages:#?}"
        );
        assert!(
            has("expected a mapping with `min` and `max`"),
            "{messages:#?}"
        );
        assert!(has("a count of red flags is 0 or more"), "{messages:#?}");
        // Every problem of question `b` is reported, not only its first.
        let lines: Vec<usize> = found
            .iter()
            .filter_map(|problem| problem.location.as_ref())
            .map(|location| location.line)
            .filter(|line| *line == 8)
            .collect();
        assert_eq!(lines.len(), 4, "{found:#?}");
    }

    #[test]
    fn a_misspelt_required_key_is_reported_once() {
        let text = format!("{HEAD}  - {{ id: a, domain: d, txet: A, kind: yes_no }}\n{TAIL}");
        let found = problems(&text);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].code, Code::UnknownKey);
        assert_eq!(found[0].help.as_deref(), Some("did you mean `text`?"));
    }
}
