//! The typed rule tree: a classification rule's `if:` as validation parses it, once, with
//! domains and signals resolved to indexes. Everything the tool says about a condition comes
//! from one walk over this tree ([`Condition::walk`]), and everything about a leaf from one
//! match ([`judge`]): whether it holds, how far it is from holding (the roadmap's guide), the
//! explanation with the actual values ("overall score 71.4 ≥ 75") and the description of a
//! rule without a `reason` ("overall score ≥ 75"). Verdict, explanation and distance cannot
//! disagree because no second copy of the semantics exists.
//!
//! The walk reads the provider through [`Facts`]. One concrete set of answers gives exact facts
//! (every value a point); a set of possible completions gives ranges, and the same walk then
//! answers "can this condition hold / fail for some completion?" (three-valued logic, sound:
//! "cannot" is a proof). That is what makes the report's `range.decided` exact.
//!
//! Adding a leaf kind (an answer test, a count of flags by severity, …): one variant in
//! [`Leaf`], one arm in [`judge`], a line in validation that parses it, and, when it reads
//! something new, one method on [`Facts`].

use crate::model::questionnaire::Severity;
use crate::number::{format_number, one_decimal};

/// A condition as written: a mapping whose keys must all hold; `{}` (no key) always holds.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Condition {
    /// The keys, in a fixed order (the order of SPEC's key list); a `domain_*` map gives one
    /// key per domain.
    pub keys: Vec<Node>,
}

/// One key of a condition.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// A test of one fact.
    Leaf(Leaf),
    /// `all: [..]`: every condition holds.
    All(Vec<Condition>),
    /// `any: [..]`: at least one condition holds.
    Any(Vec<Condition>),
    /// `not: {..}`: the condition does not hold.
    Not(Box<Condition>),
    /// `at_least: {count, of}`: at least `count` of the conditions hold.
    AtLeast {
        /// How many must hold.
        count: usize,
        /// The conditions counted.
        of: Vec<Condition>,
    },
}

/// Which side of a threshold a score must be on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// `≥ threshold`.
    AtLeast,
    /// `< threshold`.
    Below,
}

/// How a list of signals is tested.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignalTest {
    /// `signals_all`: every one is raised.
    All,
    /// `signals_any`: at least one is raised.
    Any,
    /// `signals_none`: none is raised.
    None,
}

/// Which side of a count the red flags must be on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// `red_flags_at_least`.
    AtLeast,
    /// `red_flags_at_most`.
    AtMost,
}

/// A signal a rule names: its index in the questionnaire's signal table, and its name.
#[derive(Debug, Clone, PartialEq)]
pub struct Signal {
    /// Index into `ValidQuestionnaire::signals`.
    pub index: usize,
    /// The name as written.
    pub name: String,
}

/// A test of one fact: the leaf kinds, all in one place.
#[derive(Debug, Clone, PartialEq)]
pub enum Leaf {
    /// `score_at_least` / `score_below` (overall, 0–100); fails without a score.
    Score {
        /// Which side.
        bound: Bound,
        /// 0–100.
        threshold: f64,
    },
    /// One entry of `domain_at_least` / `domain_below`; fails for a domain without a score.
    Domain {
        /// Index of the domain.
        domain: usize,
        /// Its id, for the words.
        id: String,
        /// Which side.
        bound: Bound,
        /// 0–100.
        threshold: f64,
    },
    /// `signals_all` / `signals_any` / `signals_none`.
    Signals {
        /// How the list is tested.
        test: SignalTest,
        /// The signals named.
        signals: Vec<Signal>,
    },
    /// `red_flags_at_least` / `red_flags_at_most`; a severity mapping gives one leaf per
    /// severity named.
    RedFlags {
        /// Which side.
        limit: Limit,
        /// The count.
        count: u64,
        /// Count only the red flags of this severity or above (`None`: a plain number, every
        /// red flag counts).
        severity: Option<Severity>,
    },
    /// `coverage_at_least` (0–1).
    Coverage {
        /// The least coverage.
        at_least: f64,
    },
    /// Extension `answer: {question, in}`: the question applies and is answered with one of
    /// the options (for `multi`: any chosen option is one of them).
    Answer {
        /// Index of the question.
        question: usize,
        /// Its id, for the words.
        id: String,
        /// Indexes of the options tested.
        options: Vec<usize>,
        /// Their values, for the words.
        values: Vec<String>,
    },
    /// Extension `not_chosen: {question, in}`: the `multi` question applies, is answered
    /// (not `na`/`unknown`) and none of the options is chosen.
    NotChosen {
        /// Index of the question.
        question: usize,
        /// Its id, for the words.
        id: String,
        /// Indexes of the options tested.
        options: Vec<usize>,
        /// Their values, for the words.
        values: Vec<String>,
    },
    /// Extension `contradictions_at_least` / `contradictions_at_most`: how many of the
    /// questionnaire's consistency checks are found.
    Contradictions {
        /// Which side.
        limit: Limit,
        /// The count.
        count: u64,
    },
}

/// What may be true of a condition over the cases considered. One concrete set of answers
/// has exactly one of the two.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Truth {
    /// In some case considered, it holds.
    pub can_hold: bool,
    /// In some case considered, it fails.
    pub can_fail: bool,
}

impl Truth {
    /// Exactly `holds`.
    pub fn exact(holds: bool) -> Truth {
        Truth {
            can_hold: holds,
            can_fail: !holds,
        }
    }

    fn and(self, other: Truth) -> Truth {
        Truth {
            can_hold: self.can_hold && other.can_hold,
            can_fail: self.can_fail || other.can_fail,
        }
    }

    fn or(self, other: Truth) -> Truth {
        Truth {
            can_hold: self.can_hold || other.can_hold,
            can_fail: self.can_fail && other.can_fail,
        }
    }

    fn not(self) -> Truth {
        Truth {
            can_hold: self.can_fail,
            can_fail: self.can_hold,
        }
    }
}

/// A score (0–100) over the cases considered: the range it takes when it exists, and
/// whether it can be missing (nothing answered).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Span {
    /// Lowest value when present.
    pub low: f64,
    /// Highest value when present.
    pub high: f64,
    /// It has a value in some case.
    pub present: bool,
    /// It has no value in some case.
    pub absent: bool,
}

impl Span {
    /// One known score, or none.
    pub fn exact(score: Option<f64>) -> Span {
        match score {
            Some(value) => Span {
                low: value,
                high: value,
                present: true,
                absent: false,
            },
            None => Span {
                low: 0.0,
                high: 0.0,
                present: false,
                absent: true,
            },
        }
    }

    /// The value when there is exactly one.
    pub(crate) fn point(&self) -> Option<f64> {
        (self.present && !self.absent && self.low == self.high).then_some(self.low)
    }
}

/// What the leaves read about a provider: exact values for one set of answers, ranges for
/// a set of possible completions.
pub trait Facts {
    /// The overall score.
    fn score(&self) -> Span;
    /// The score of domain `domain` (an index).
    fn domain(&self, domain: usize) -> Span;
    /// Is signal `signal` (an index) raised?
    fn signal(&self, signal: usize) -> Truth;
    /// How many answers surely raise signal `signal`: the distance of a `signals_none` is
    /// their number, so that clearing one of several answers raising a signal counts as
    /// progress. By default one when it is surely raised, else none.
    fn raisers(&self, signal: usize) -> u32 {
        u32::from(!self.signal(signal).can_fail)
    }
    /// The number of red flags of severity `at_least` or above, least and most
    /// (`Severity::Low` counts every red flag).
    fn red_flags(&self, at_least: Severity) -> (u64, u64);
    /// Coverage (0–1), least and most.
    fn coverage(&self) -> (f64, f64);
    /// Is question `question` applicable and answered with one of `options`? By default
    /// "it may be either way", which is sound for any set of cases.
    fn answer(&self, question: usize, options: &[usize]) -> Truth {
        let _ = (question, options);
        Truth {
            can_hold: true,
            can_fail: true,
        }
    }
    /// Does question `question` (a `multi`) apply, is it answered (not `na`/`unknown`), and
    /// is none of `options` chosen? By default "it may be either way".
    fn not_chosen(&self, question: usize, options: &[usize]) -> Truth {
        let _ = (question, options);
        Truth {
            can_hold: true,
            can_fail: true,
        }
    }
    /// How many consistency checks are found, least and most (default: anything).
    fn contradictions(&self) -> (u64, u64) {
        (0, u64::MAX)
    }
}

/// Facts that allow everything: walking with them describes a condition without values.
struct Unknown;

impl Facts for Unknown {
    fn score(&self) -> Span {
        Span {
            low: 0.0,
            high: 100.0,
            present: true,
            absent: true,
        }
    }
    fn domain(&self, _: usize) -> Span {
        self.score()
    }
    fn signal(&self, _: usize) -> Truth {
        Truth {
            can_hold: true,
            can_fail: true,
        }
    }
    fn red_flags(&self, _: Severity) -> (u64, u64) {
        (0, u64::MAX)
    }
    fn coverage(&self) -> (f64, f64) {
        (0.0, 1.0)
    }
}

/// The result of walking a condition: what may be true, and how far it is from holding
/// (0 exactly when it can hold; larger the further away).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Verdict {
    /// What may be true.
    pub truth: Truth,
    /// How far from holding: 0 when it can hold.
    pub distance: f64,
}

impl Verdict {
    /// Holds in every case considered (for one set of answers: it holds).
    pub fn holds(&self) -> bool {
        self.truth.can_hold && !self.truth.can_fail
    }
}

/// One tested part of a condition, with the actual value.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    /// What was tested and what was found, e.g. "overall score 81.4 ≥ 75".
    pub text: String,
    /// Whether it holds.
    pub holds: bool,
    /// Nesting level (0 = a key of the rule's condition itself).
    pub depth: usize,
    /// How far it is from holding, in words, when it fails ("needs 3.6 more points").
    pub shortfall: Option<String>,
    /// The part is a red-flag limit (`red_flags_at_most`): clearing red flags fixes it.
    pub red_flag_limit: bool,
}

/// What the walk writes besides the verdict.
enum Words<'a> {
    /// Nothing: the fast path (the roadmap's distances, the range's bounds).
    Silent,
    /// Nothing, and only the truth is wanted: a combinator stops at the first child that
    /// settles its truth, and distances are not computed (classification, the search's test
    /// of the rules below its target).
    Truth,
    /// One [`Check`] per key, with actual values; with names, in plain words
    /// (`crate::explain`).
    Checks(&'a mut Vec<Check>, Option<&'a dyn crate::explain::Names>),
    /// One phrase per key, without values.
    Phrases(&'a mut Vec<String>),
}

impl Condition {
    /// True when the condition has no key (it always holds).
    pub fn is_unconditional(&self) -> bool {
        self.keys.is_empty()
    }

    /// The questions its `answer` tests name, nested conditions included, in tree order.
    pub fn answer_questions(&self) -> Vec<usize> {
        let mut found = Vec::new();
        for node in &self.keys {
            match node {
                Node::Leaf(Leaf::Answer { question, .. } | Leaf::NotChosen { question, .. }) => {
                    found.push(*question);
                }
                Node::Leaf(_) => {}
                Node::All(list) | Node::Any(list) | Node::AtLeast { of: list, .. } => {
                    for inner in list {
                        found.extend(inner.answer_questions());
                    }
                }
                Node::Not(inner) => found.extend(inner.answer_questions()),
            }
        }
        found
    }

    /// True when some leaf counts red flags (`red_flags_at_*`), nested conditions included.
    pub fn counts_red_flags(&self) -> bool {
        self.keys.iter().any(|node| match node {
            Node::Leaf(leaf) => matches!(leaf, Leaf::RedFlags { .. }),
            Node::All(list) | Node::Any(list) | Node::AtLeast { of: list, .. } => {
                list.iter().any(Condition::counts_red_flags)
            }
            Node::Not(inner) => inner.counts_red_flags(),
        })
    }

    /// Whether the condition holds (or may hold, over ranges) and how far it is from holding.
    pub fn verdict<F: Facts + ?Sized>(&self, facts: &F) -> Verdict {
        self.walk(facts, 0, &mut Words::Silent)
    }

    /// Whether the condition holds (or may hold, over ranges), without its distance: the same
    /// walk, stopping each combinator as soon as its truth is settled (Kleene logic: a failing
    /// `all` child, a holding `any` child, an `at_least` count reached or out of reach).
    pub fn truth<F: Facts + ?Sized>(&self, facts: &F) -> Truth {
        self.walk(facts, 0, &mut Words::Truth).truth
    }

    /// Holds for these facts (see [`Condition::truth`]).
    pub fn holds<F: Facts + ?Sized>(&self, facts: &F) -> bool {
        let truth = self.truth(facts);
        truth.can_hold && !truth.can_fail
    }

    /// The verdict and every key evaluated, in order; nested conditions follow their parent
    /// at `depth + 1`.
    pub fn explain<F: Facts + ?Sized>(&self, facts: &F) -> (Verdict, Vec<Check>) {
        let mut checks = Vec::new();
        let verdict = self.walk(facts, 0, &mut Words::Checks(&mut checks, None));
        (verdict, checks)
    }

    /// As [`Condition::explain`], in plain words: signals as the answers that raise them,
    /// domains by title, answer tests with the answer given (see `crate::explain`).
    pub fn explain_in<F: Facts + ?Sized>(
        &self,
        facts: &F,
        names: &dyn crate::explain::Names,
    ) -> (Verdict, Vec<Check>) {
        let mut checks = Vec::new();
        let verdict = self.walk(facts, 0, &mut Words::Checks(&mut checks, Some(names)));
        (verdict, checks)
    }

    /// A description for rules without a `reason`, e.g. "overall score ≥ 75, red flags ≤ 0".
    pub fn describe(&self) -> String {
        let mut phrases = Vec::new();
        self.walk(&Unknown, 0, &mut Words::Phrases(&mut phrases));
        if phrases.is_empty() {
            "no other rule applies".to_string()
        } else {
            phrases.join(", ")
        }
    }

    /// The one walk: every key, combined with Kleene "and"; words written on the way.
    fn walk<F: Facts + ?Sized>(&self, facts: &F, depth: usize, words: &mut Words<'_>) -> Verdict {
        let mut result = Verdict {
            truth: Truth::exact(true),
            distance: 0.0,
        };
        for node in &self.keys {
            let verdict = node.walk(facts, depth, words);
            result.truth = result.truth.and(verdict.truth);
            result.distance += verdict.distance;
            if matches!(words, Words::Truth) && !result.truth.can_hold {
                break;
            }
        }
        result
    }
}

impl Node {
    fn walk<F: Facts + ?Sized>(&self, facts: &F, depth: usize, words: &mut Words<'_>) -> Verdict {
        let (children, count): (&[Condition], usize) = match self {
            Node::Leaf(leaf) => {
                let (verdict, text) = judge(
                    leaf,
                    facts,
                    matches!(words, Words::Checks(..) | Words::Phrases(..)),
                );
                match (words, text) {
                    (Words::Checks(checks, names), Some(text)) => checks.push(Check {
                        text: names
                            .and_then(|names| crate::explain::reword(leaf, facts, names))
                            .unwrap_or(text.explained),
                        holds: verdict.holds(),
                        depth,
                        shortfall: if verdict.holds() {
                            None
                        } else {
                            text.shortfall
                        },
                        red_flag_limit: matches!(
                            leaf,
                            Leaf::RedFlags {
                                limit: Limit::AtMost,
                                ..
                            }
                        ),
                    }),
                    (Words::Phrases(phrases), Some(text)) => phrases.push(text.described),
                    _ => {}
                }
                return verdict;
            }
            Node::All(list) => (list, list.len()),
            Node::Any(list) => (list, 1),
            Node::Not(inner) => (std::slice::from_ref(&**inner), 0),
            Node::AtLeast { count, of } => (of, *count),
        };
        // Combinators: walk the children (into their own words), folding their verdicts as
        // they come so the silent path allocates nothing.
        let mut nested_checks = Vec::new();
        let mut nested_phrases = Vec::new();
        let mut all = Truth::exact(true);
        let mut any = Truth::exact(false);
        let (mut sum, mut least) = (0.0f64, f64::INFINITY);
        let (mut sure, mut possible, mut holding) = (0usize, 0usize, 0usize);
        let mut smallest = Smallest::new(count);
        for (index, child) in children.iter().enumerate() {
            let verdict = match words {
                Words::Silent => child.walk(facts, depth + 1, &mut Words::Silent),
                Words::Truth => child.walk(facts, depth + 1, &mut Words::Truth),
                Words::Checks(_, names) => child.walk(
                    facts,
                    depth + 1,
                    &mut Words::Checks(&mut nested_checks, *names),
                ),
                Words::Phrases(_) => {
                    let mut phrases = Vec::new();
                    let verdict = child.walk(facts, depth + 1, &mut Words::Phrases(&mut phrases));
                    nested_phrases.push(phrases.join(", "));
                    verdict
                }
            };
            all = all.and(verdict.truth);
            any = any.or(verdict.truth);
            sum += verdict.distance;
            least = least.min(verdict.distance);
            sure += usize::from(!verdict.truth.can_fail);
            possible += usize::from(verdict.truth.can_hold);
            holding += usize::from(verdict.holds());
            smallest.push(verdict.distance);
            if matches!(words, Words::Truth) {
                let left = children.len() - index - 1;
                let settled = match self {
                    Node::All(_) => !all.can_hold,
                    Node::Any(_) => !any.can_fail,
                    Node::AtLeast { .. } => sure >= count || possible + left < count,
                    Node::Not(_) | Node::Leaf(_) => false,
                };
                if settled {
                    break;
                }
            }
        }
        let verdict = match self {
            Node::Leaf(_) => unreachable!("leaves returned above"),
            Node::All(_) => Verdict {
                truth: all,
                distance: sum,
            },
            Node::Any(_) => Verdict {
                truth: any,
                distance: least,
            },
            Node::Not(_) => {
                let truth = all.not();
                Verdict {
                    truth,
                    distance: if truth.can_hold { 0.0 } else { 1.0 },
                }
            }
            Node::AtLeast { .. } => Verdict {
                truth: Truth {
                    can_hold: possible >= count,
                    can_fail: sure < count,
                },
                distance: smallest.sum(),
            },
        };
        // An `any` of nothing can never hold; keep its distance finite for the search.
        let verdict = Verdict {
            distance: verdict.distance.min(1e6),
            ..verdict
        };
        match words {
            Words::Silent | Words::Truth => {}
            Words::Checks(checks, _) => {
                let text = match self {
                    Node::All(list) => format!("all of {} conditions hold", list.len()),
                    Node::Any(list) => {
                        format!("any of {} conditions holds ({holding} do)", list.len())
                    }
                    Node::Not(_) => "the following does not hold".to_string(),
                    Node::AtLeast { count, of } => format!(
                        "at least {count} of {} conditions hold ({holding} do)",
                        of.len()
                    ),
                    Node::Leaf(_) => unreachable!("leaves returned above"),
                };
                checks.push(Check {
                    text,
                    holds: verdict.holds(),
                    depth,
                    shortfall: None,
                    red_flag_limit: false,
                });
                checks.append(&mut nested_checks);
            }
            Words::Phrases(phrases) => {
                let inner = nested_phrases.join("; ");
                phrases.push(match self {
                    Node::All(_) => format!("all of ({inner})"),
                    Node::Any(_) => format!("any of ({inner})"),
                    Node::Not(_) => format!("not ({inner})"),
                    Node::AtLeast { count, .. } => format!("at least {count} of ({inner})"),
                    Node::Leaf(_) => unreachable!("leaves returned above"),
                });
            }
        }
        verdict
    }
}

/// The sum of the `count` smallest of the numbers pushed, without allocating for the
/// small counts rules use.
struct Smallest {
    count: usize,
    inline: [f64; 16],
    len: usize,
    spill: Vec<f64>,
}

impl Smallest {
    fn new(count: usize) -> Smallest {
        Smallest {
            count,
            inline: [0.0; 16],
            len: 0,
            spill: Vec::new(),
        }
    }

    fn push(&mut self, value: f64) {
        if self.count == 0 {
            return;
        }
        if self.count > self.inline.len() {
            self.spill.push(value);
            return;
        }
        // Keep the `count` smallest, sorted ascending.
        if self.len < self.count {
            self.inline[self.len] = value;
            self.len += 1;
        } else if value < self.inline[self.len - 1] {
            self.inline[self.len - 1] = value;
        } else {
            return;
        }
        let mut position = self.len - 1;
        while position > 0 && self.inline[position - 1] > self.inline[position] {
            self.inline.swap(position - 1, position);
            position -= 1;
        }
    }

    fn sum(mut self) -> f64 {
        if self.count > self.inline.len() {
            self.spill.sort_by(f64::total_cmp);
            return self.spill.iter().take(self.count).sum();
        }
        self.inline[..self.len].iter().sum()
    }
}

/// The words for one leaf.
struct LeafText {
    /// With the actual value: "overall score 71.4 ≥ 75".
    explained: String,
    /// Without: "overall score ≥ 75".
    described: String,
    /// How far from holding, in words.
    shortfall: Option<String>,
}

fn code_list<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    names
        .into_iter()
        .map(|name| format!("`{name}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `` `a` ``, `` `a` or `b` ``, `` `a`, `b` or `c` ``.
fn or_list(values: &[String]) -> String {
    let quoted: Vec<String> = values.iter().map(|value| format!("`{value}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

/// The verdict and words of an answer test (`answer`, `not_chosen`): it holds, may still hold
/// on the open answers, or does not; `describe` is only called when words are asked for.
fn answer_test(
    truth: Truth,
    words: bool,
    describe: impl FnOnce() -> String,
) -> (Verdict, Option<LeafText>) {
    let verdict = Verdict {
        truth,
        distance: if truth.can_hold { 0.0 } else { 1.0 },
    };
    let text = words.then(|| {
        let described = describe();
        LeafText {
            explained: if verdict.holds() {
                described.clone()
            } else if truth.can_hold {
                format!("{described} (may be)")
            } else {
                format!("{described} (it is not)")
            },
            described,
            shortfall: None,
        }
    });
    (verdict, text)
}

fn plural(count: u64, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// A score compared with a threshold.
fn threshold_test(span: Span, bound: Bound, threshold: f64) -> (Verdict, Option<f64>) {
    let truth = match bound {
        Bound::AtLeast => Truth {
            can_hold: span.present && span.high >= threshold,
            can_fail: span.absent || (span.present && span.low < threshold),
        },
        Bound::Below => Truth {
            can_hold: span.present && span.low < threshold,
            can_fail: span.absent || (span.present && span.high >= threshold),
        },
    };
    let gap = match bound {
        Bound::AtLeast => threshold - span.high,
        Bound::Below => span.low - threshold,
    };
    let distance = if truth.can_hold {
        0.0
    } else if !span.present {
        1.0 + threshold / 10.0
    } else {
        gap.max(0.0) / 10.0 + 0.1
    };
    (Verdict { truth, distance }, span.present.then_some(gap))
}

/// The one match over leaf kinds: whether it holds, how far from holding, and (when `words`)
/// its explanation, description and shortfall.
fn judge<F: Facts + ?Sized>(leaf: &Leaf, facts: &F, words: bool) -> (Verdict, Option<LeafText>) {
    let shown = |span: Span| span.point().map_or("none".to_string(), one_decimal);
    match leaf {
        Leaf::Score { bound, threshold }
        | Leaf::Domain {
            bound, threshold, ..
        } => {
            // The subject's words are made only when asked for: the search's silent walks
            // must not allocate.
            let span = match leaf {
                Leaf::Domain { domain, .. } => facts.domain(*domain),
                _ => facts.score(),
            };
            let (verdict, gap) = threshold_test(span, *bound, *threshold);
            let text = words.then(|| {
                let subject = match leaf {
                    Leaf::Domain { id, .. } => format!("domain `{id}`"),
                    _ => "overall score".to_string(),
                };
                let operator = match bound {
                    Bound::AtLeast => "≥",
                    Bound::Below => "<",
                };
                let limit = format_number(*threshold);
                LeafText {
                    explained: format!("{subject} {} {operator} {limit}", shown(span)),
                    described: format!("{subject} {operator} {limit}"),
                    shortfall: match (bound, gap) {
                        (Bound::AtLeast, Some(gap)) => {
                            Some(format!("needs {} more points", one_decimal(gap)))
                        }
                        (_, None) => Some("no answers yet".to_string()),
                        (Bound::Below, Some(_)) => None,
                    },
                }
            });
            (verdict, text)
        }
        Leaf::Signals { test, signals } => {
            // One pass over the signals, no allocation (the search walks this constantly).
            let (mut any_hold, mut all_hold, mut any_fail, mut all_fail) =
                (false, true, false, true);
            let (mut cannot_hold, mut raisers) = (0usize, 0u64);
            for signal in signals {
                let truth = facts.signal(signal.index);
                any_hold |= truth.can_hold;
                all_hold &= truth.can_hold;
                any_fail |= truth.can_fail;
                all_fail &= truth.can_fail;
                cannot_hold += usize::from(!truth.can_hold);
                if *test == SignalTest::None && !truth.can_fail {
                    raisers += u64::from(facts.raisers(signal.index).max(1));
                }
            }
            let (truth, distance) = match test {
                SignalTest::Any => (
                    Truth {
                        can_hold: any_hold,
                        can_fail: all_fail,
                    },
                    if any_hold { 0.0 } else { 1.0 },
                ),
                SignalTest::All => (
                    Truth {
                        can_hold: all_hold,
                        can_fail: any_fail,
                    },
                    cannot_hold as f64,
                ),
                SignalTest::None => (
                    Truth {
                        can_hold: all_fail,
                        can_fail: any_hold,
                    },
                    raisers as f64,
                ),
            };
            let verdict = Verdict { truth, distance };
            let text = words.then(|| {
                let truths: Vec<Truth> = signals
                    .iter()
                    .map(|signal| facts.signal(signal.index))
                    .collect();
                let names = code_list(signals.iter().map(|signal| signal.name.as_str()));
                let raised: Vec<&str> = signals
                    .iter()
                    .zip(&truths)
                    .filter(|(_, truth)| !truth.can_fail)
                    .map(|(signal, _)| signal.name.as_str())
                    .collect();
                let missing: Vec<&str> = signals
                    .iter()
                    .zip(&truths)
                    .filter(|(_, truth)| !truth.can_hold)
                    .map(|(signal, _)| signal.name.as_str())
                    .collect();
                let verb = |count: usize| if count == 1 { "is" } else { "are" };
                let single = signals.len() == 1;
                let (explained, described) = match test {
                    SignalTest::Any if single => (
                        if verdict.holds() {
                            format!("signal {names} raised")
                        } else {
                            format!("signal {names} raised (it is not)")
                        },
                        format!("any of {names}"),
                    ),
                    SignalTest::Any => (
                        if raised.is_empty() {
                            format!("any of {names} raised (none is)")
                        } else {
                            format!(
                                "any of {names} raised ({} {})",
                                code_list(raised.iter().copied()),
                                verb(raised.len())
                            )
                        },
                        format!("any of {names}"),
                    ),
                    SignalTest::All if single => (
                        if verdict.holds() {
                            format!("signal {names} raised")
                        } else {
                            format!("signal {names} raised (it is not)")
                        },
                        format!("all of {names}"),
                    ),
                    SignalTest::All => (
                        if missing.is_empty() {
                            format!("all of {names} raised")
                        } else {
                            format!(
                                "all of {names} raised ({} not)",
                                code_list(missing.iter().copied())
                            )
                        },
                        format!("all of {names}"),
                    ),
                    SignalTest::None => (
                        if raised.is_empty() {
                            format!("none of {names} raised")
                        } else {
                            format!(
                                "none of {names} raised ({} {})",
                                code_list(raised.iter().copied()),
                                verb(raised.len())
                            )
                        },
                        format!("none of {names}"),
                    ),
                };
                LeafText {
                    explained,
                    described,
                    shortfall: None,
                }
            });
            (verdict, text)
        }
        Leaf::RedFlags {
            limit,
            count,
            severity,
        } => {
            let (low, high) = facts.red_flags(severity.unwrap_or(Severity::Low));
            let (truth, distance, operator) = match limit {
                Limit::AtLeast => (
                    Truth {
                        can_hold: high >= *count,
                        can_fail: low < *count,
                    },
                    count.saturating_sub(high) as f64,
                    "≥",
                ),
                Limit::AtMost => (
                    Truth {
                        can_hold: low <= *count,
                        can_fail: high > *count,
                    },
                    low.saturating_sub(*count) as f64,
                    "≤",
                ),
            };
            let text = words.then(|| {
                let actual = if low == high {
                    low.to_string()
                } else {
                    "?".to_string()
                };
                let which = severity.map_or(String::new(), |severity| match severity {
                    Severity::Critical => " (critical)".to_string(),
                    other => format!(" ({} or above)", other.as_str()),
                });
                LeafText {
                    explained: format!("red flags{which} {actual} {operator} {count}"),
                    described: format!("red flags{which} {operator} {count}"),
                    shortfall: (*limit == Limit::AtMost).then(|| {
                        format!(
                            "clear {}{which}",
                            plural(low.saturating_sub(*count), "red flag", "red flags")
                        )
                    }),
                }
            });
            (Verdict { truth, distance }, text)
        }
        Leaf::NotChosen {
            question,
            id,
            options,
            values,
        } => {
            let truth = facts.not_chosen(*question, options);
            answer_test(truth, words, || {
                format!("`{id}` has none of {}", or_list(values))
            })
        }
        Leaf::Answer {
            question,
            id,
            options,
            values,
        } => {
            let truth = facts.answer(*question, options);
            answer_test(truth, words, || format!("`{id}` is {}", or_list(values)))
        }
        Leaf::Contradictions { limit, count } => {
            let (low, high) = facts.contradictions();
            let (truth, distance, operator) = match limit {
                Limit::AtLeast => (
                    Truth {
                        can_hold: high >= *count,
                        can_fail: low < *count,
                    },
                    count.saturating_sub(high) as f64,
                    "≥",
                ),
                Limit::AtMost => (
                    Truth {
                        can_hold: low <= *count,
                        can_fail: high > *count,
                    },
                    low.saturating_sub(*count) as f64,
                    "≤",
                ),
            };
            let text = words.then(|| {
                let actual = if low == high {
                    low.to_string()
                } else {
                    "?".to_string()
                };
                LeafText {
                    explained: format!("contradictions {actual} {operator} {count}"),
                    described: format!("contradictions {operator} {count}"),
                    shortfall: (*limit == Limit::AtMost).then(|| {
                        format!(
                            "resolve {}",
                            plural(
                                low.saturating_sub(*count),
                                "contradiction",
                                "contradictions"
                            )
                        )
                    }),
                }
            });
            (Verdict { truth, distance }, text)
        }
        Leaf::Coverage { at_least } => {
            let (low, high) = facts.coverage();
            let truth = Truth {
                can_hold: high >= *at_least,
                can_fail: low < *at_least,
            };
            let distance = (at_least - high).max(0.0) * 10.0;
            let distance = if truth.can_hold {
                0.0
            } else {
                distance.max(1e-3)
            };
            let text = words.then(|| LeafText {
                explained: format!("coverage {:.0}% ≥ {:.0}%", low * 100.0, at_least * 100.0),
                described: format!("coverage ≥ {:.0}%", at_least * 100.0),
                shortfall: Some(format!(
                    "answer {:.0}% more of the questions",
                    (at_least - high) * 100.0
                )),
            });
            (Verdict { truth, distance }, text)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Exact facts for the tests: one set of answers.
    struct Exact {
        score: Option<f64>,
        domains: Vec<Option<f64>>,
        raised: Vec<bool>,
        severities: Vec<Severity>,
        coverage: f64,
    }

    impl Facts for Exact {
        fn score(&self) -> Span {
            Span::exact(self.score)
        }
        fn domain(&self, domain: usize) -> Span {
            Span::exact(self.domains[domain])
        }
        fn signal(&self, signal: usize) -> Truth {
            Truth::exact(self.raised[signal])
        }
        fn red_flags(&self, at_least: Severity) -> (u64, u64) {
            let count = self
                .severities
                .iter()
                .filter(|severity| **severity >= at_least)
                .count() as u64;
            (count, count)
        }
        fn coverage(&self) -> (f64, f64) {
            (self.coverage, self.coverage)
        }
    }

    fn signal(index: usize) -> Signal {
        Signal {
            index,
            name: format!("s{}", index + 1),
        }
    }

    fn leaf(leaf: Leaf) -> Condition {
        Condition {
            keys: vec![Node::Leaf(leaf)],
        }
    }

    fn facts(
        score: Option<f64>,
        a: Option<f64>,
        raised: [bool; 2],
        flags: u64,
        coverage: f64,
    ) -> Exact {
        Exact {
            score,
            domains: vec![a, None],
            raised: raised.to_vec(),
            severities: vec![Severity::High; flags as usize],
            coverage,
        }
    }

    fn score(bound: Bound, threshold: f64) -> Condition {
        leaf(Leaf::Score { bound, threshold })
    }

    /// Holds, and the distance is zero exactly then.
    fn holds(condition: &Condition, facts: &Exact) -> bool {
        let verdict = condition.verdict(facts);
        assert_eq!(
            verdict.truth.can_hold, !verdict.truth.can_fail,
            "exact facts give one truth"
        );
        assert_eq!(verdict.distance == 0.0, verdict.holds(), "{condition:?}");
        assert_eq!(
            condition.truth(facts),
            verdict.truth,
            "the short walk decides as the full walk: {condition:?}"
        );
        let (explained, checks) = condition.explain(facts);
        assert_eq!(explained, verdict);
        let top = checks.iter().filter(|check| check.depth == 0);
        assert_eq!(top.clone().all(|check| check.holds), verdict.holds());
        assert_eq!(top.count(), condition.keys.len());
        verdict.holds()
    }

    #[test]
    fn empty_condition_always_holds_and_says_so() {
        let condition = Condition::default();
        assert!(holds(&condition, &facts(None, None, [false; 2], 3, 0.0)));
        assert_eq!(condition.describe(), "no other rule applies");
    }

    #[test]
    fn scores_fail_without_a_score() {
        let good = facts(Some(75.0), Some(75.0), [false; 2], 0, 1.0);
        assert!(holds(&score(Bound::AtLeast, 75.0), &good));
        assert!(!holds(&score(Bound::Below, 75.0), &good));
        assert!(holds(&score(Bound::Below, 75.1), &good));
        let none = facts(None, None, [false; 2], 0, 0.0);
        assert!(!holds(&score(Bound::AtLeast, 0.0), &none));
        assert!(!holds(&score(Bound::Below, 100.0), &none));
        let domain = |domain, bound, threshold| {
            leaf(Leaf::Domain {
                domain,
                id: "a".into(),
                bound,
                threshold,
            })
        };
        let partial = facts(Some(50.0), Some(60.0), [false; 2], 0, 1.0);
        assert!(holds(&domain(0, Bound::AtLeast, 60.0), &partial));
        assert!(!holds(&domain(0, Bound::AtLeast, 60.1), &partial));
        assert!(holds(&domain(0, Bound::Below, 61.0), &partial));
        assert!(!holds(&domain(1, Bound::AtLeast, 0.0), &partial));
        assert!(!holds(&domain(1, Bound::Below, 100.0), &partial));
    }

    #[test]
    fn signal_flag_and_coverage_leaves() {
        let result = facts(Some(1.0), Some(1.0), [true, false], 2, 0.8);
        let signals = |test| {
            leaf(Leaf::Signals {
                test,
                signals: vec![signal(0), signal(1)],
            })
        };
        assert!(holds(&signals(SignalTest::Any), &result));
        assert!(!holds(&signals(SignalTest::All), &result));
        assert!(!holds(&signals(SignalTest::None), &result));
        let flags = |limit, count| {
            leaf(Leaf::RedFlags {
                limit,
                count,
                severity: None,
            })
        };
        assert!(holds(&flags(Limit::AtLeast, 2), &result));
        assert!(!holds(&flags(Limit::AtLeast, 3), &result));
        assert!(holds(&flags(Limit::AtMost, 2), &result));
        assert!(!holds(&flags(Limit::AtMost, 1), &result));
        assert!(holds(&leaf(Leaf::Coverage { at_least: 0.8 }), &result));
        assert!(!holds(&leaf(Leaf::Coverage { at_least: 0.81 }), &result));
    }

    #[test]
    fn combinators_and_every_key() {
        let result = facts(Some(80.0), Some(80.0), [true, false], 1, 1.0);
        let yes = score(Bound::AtLeast, 70.0);
        let no = score(Bound::AtLeast, 90.0);
        let node = |node| Condition { keys: vec![node] };
        assert!(holds(
            &node(Node::All(vec![yes.clone(), yes.clone()])),
            &result
        ));
        assert!(!holds(
            &node(Node::All(vec![yes.clone(), no.clone()])),
            &result
        ));
        assert!(holds(
            &node(Node::Any(vec![no.clone(), yes.clone()])),
            &result
        ));
        assert!(!holds(
            &node(Node::Any(vec![no.clone(), no.clone()])),
            &result
        ));
        assert!(!holds(&node(Node::Any(vec![])), &result));
        assert!(holds(&node(Node::Not(Box::new(no.clone()))), &result));
        assert!(!holds(&node(Node::Not(Box::new(yes.clone()))), &result));
        let of = vec![no.clone(), yes.clone(), yes.clone()];
        assert!(holds(
            &node(Node::AtLeast {
                count: 2,
                of: of.clone()
            }),
            &result
        ));
        assert!(!holds(&node(Node::AtLeast { count: 3, of }), &result));
        let both = Condition {
            keys: vec![yes.keys[0].clone(), no.keys[0].clone()],
        };
        assert!(!holds(&both, &result));
    }

    #[test]
    fn explanation_shows_actual_values_and_shortfalls() {
        let condition = Condition {
            keys: vec![
                Node::Leaf(Leaf::Score {
                    bound: Bound::AtLeast,
                    threshold: 75.0,
                }),
                Node::Leaf(Leaf::RedFlags {
                    limit: Limit::AtMost,
                    count: 0,
                    severity: None,
                }),
            ],
        };
        let (_, found) = condition.explain(&facts(Some(71.44), Some(80.0), [false; 2], 1, 1.0));
        assert_eq!(found[0].text, "overall score 71.4 ≥ 75");
        assert_eq!(found[0].shortfall.as_deref(), Some("needs 3.6 more points"));
        assert_eq!(found[1].text, "red flags 1 ≤ 0");
        assert_eq!(found[1].shortfall.as_deref(), Some("clear 1 red flag"));
        assert!(found[1].red_flag_limit && !found[1].holds);
        assert_eq!(condition.describe(), "overall score ≥ 75, red flags ≤ 0");
        let nested = Condition {
            keys: vec![Node::Not(Box::new(condition.clone()))],
        };
        assert_eq!(nested.describe(), "not (overall score ≥ 75, red flags ≤ 0)");
    }

    #[test]
    fn ranges_tell_what_can_and_cannot_hold() {
        struct Ranges;
        impl Facts for Ranges {
            fn score(&self) -> Span {
                Span {
                    low: 40.0,
                    high: 80.0,
                    present: true,
                    absent: false,
                }
            }
            fn domain(&self, _: usize) -> Span {
                self.score()
            }
            fn signal(&self, signal: usize) -> Truth {
                Truth {
                    can_hold: signal == 0,
                    can_fail: true,
                }
            }
            fn red_flags(&self, _: Severity) -> (u64, u64) {
                (1, 3)
            }
            fn coverage(&self) -> (f64, f64) {
                (1.0, 1.0)
            }
        }
        let maybe = score(Bound::AtLeast, 75.0).verdict(&Ranges);
        assert!(maybe.truth.can_hold && maybe.truth.can_fail);
        let never = score(Bound::AtLeast, 81.0).verdict(&Ranges);
        assert!(!never.truth.can_hold);
        let flags = leaf(Leaf::RedFlags {
            limit: Limit::AtMost,
            count: 0,
            severity: None,
        })
        .verdict(&Ranges);
        assert!(!flags.truth.can_hold, "at least one red flag stays");
        let unraisable = leaf(Leaf::Signals {
            test: SignalTest::None,
            signals: vec![signal(1)],
        })
        .verdict(&Ranges);
        assert!(
            unraisable.holds(),
            "a signal no completion raises is surely absent"
        );
        // Over ranges too, the short walk settles each combinator as the full walk does.
        let maybe = score(Bound::AtLeast, 75.0);
        let sure = score(Bound::AtLeast, 30.0);
        let never = score(Bound::AtLeast, 81.0);
        let node = |node| Condition { keys: vec![node] };
        for condition in [
            node(Node::All(vec![maybe.clone(), never.clone(), sure.clone()])),
            node(Node::All(vec![maybe.clone(), sure.clone()])),
            node(Node::Any(vec![never.clone(), sure.clone(), maybe.clone()])),
            node(Node::Any(vec![never.clone(), maybe.clone()])),
            node(Node::Any(vec![maybe.clone(), sure.clone()])),
            node(Node::AtLeast {
                count: 2,
                of: vec![sure.clone(), sure.clone(), never.clone()],
            }),
            node(Node::AtLeast {
                count: 2,
                of: vec![never.clone(), never.clone(), maybe.clone()],
            }),
            node(Node::AtLeast {
                count: 2,
                of: vec![maybe.clone(), never.clone(), maybe.clone()],
            }),
            node(Node::Not(Box::new(maybe.clone()))),
            Condition {
                keys: vec![never.keys[0].clone(), maybe.keys[0].clone()],
            },
        ] {
            assert_eq!(
                condition.truth(&Ranges),
                condition.verdict(&Ranges).truth,
                "{condition:?}"
            );
        }
    }

    #[test]
    fn red_flags_count_by_severity_or_above() {
        let mut result = facts(Some(1.0), Some(1.0), [false; 2], 0, 1.0);
        result.severities = vec![Severity::Medium, Severity::Low, Severity::Critical];
        let flags = |limit, count, severity| {
            leaf(Leaf::RedFlags {
                limit,
                count,
                severity,
            })
        };
        assert!(holds(
            &flags(Limit::AtMost, 1, Some(Severity::High)),
            &result
        ));
        assert!(!holds(
            &flags(Limit::AtMost, 0, Some(Severity::High)),
            &result
        ));
        assert!(!holds(
            &flags(Limit::AtMost, 1, Some(Severity::Medium)),
            &result
        ));
        assert!(holds(
            &flags(Limit::AtLeast, 3, Some(Severity::Low)),
            &result
        ));
        assert!(holds(&flags(Limit::AtLeast, 3, None), &result));
        assert!(!holds(
            &flags(Limit::AtLeast, 2, Some(Severity::High)),
            &result
        ));
        let (_, found) = flags(Limit::AtMost, 0, Some(Severity::High)).explain(&result);
        assert_eq!(found[0].text, "red flags (high or above) 1 ≤ 0");
        assert_eq!(
            found[0].shortfall.as_deref(),
            Some("clear 1 red flag (high or above)")
        );
        assert_eq!(
            flags(Limit::AtMost, 0, Some(Severity::Critical)).describe(),
            "red flags (critical) ≤ 0"
        );
    }

    #[test]
    fn not_chosen_reads_its_own_fact_and_says_so() {
        struct Unticked;
        impl Facts for Unticked {
            fn score(&self) -> Span {
                Span::exact(None)
            }
            fn domain(&self, _: usize) -> Span {
                Span::exact(None)
            }
            fn signal(&self, _: usize) -> Truth {
                Truth::exact(false)
            }
            fn red_flags(&self, _: Severity) -> (u64, u64) {
                (0, 0)
            }
            fn coverage(&self) -> (f64, f64) {
                (1.0, 1.0)
            }
            fn not_chosen(&self, question: usize, _: &[usize]) -> Truth {
                Truth::exact(question == 0)
            }
        }
        let test = |question| {
            leaf(Leaf::NotChosen {
                question,
                id: format!("q{question}"),
                options: vec![0],
                values: vec!["scan".into()],
            })
        };
        assert!(test(0).verdict(&Unticked).holds());
        assert!(!test(1).verdict(&Unticked).holds());
        let (_, found) = test(1).explain(&Unticked);
        assert_eq!(found[0].text, "`q1` has none of `scan` (it is not)");
        assert_eq!(test(0).answer_questions(), vec![0]);
    }
}
