//! The exact range: which classes the unanswered questions could still give. A *completion*
//! answers every applicable unanswered question (and every follow-up that answering opens),
//! in any way the questionnaire allows, `na` included where allowed.
//!
//! Exactness comes from the rule tree's three-valued walk: for a partly answered state,
//! [`Bounds`] gives every fact as a range over all completions (domain and overall score as
//! the least and greatest weighted averages reachable, signals as "surely / possibly raised",
//! red flags as a count range, coverage 1), so "no completion can give class C" is a proof.
//! A depth-first search assigns the open questions (first the `when` ancestors of answered
//! questions, whose answers decide whether those answers count, then the rest in file order),
//! dropping every branch the proof rules out, until it finds a completion of each class that
//! matters: each end of the range, and the class given when no completion found has it. What
//! each answer contributes to the bounds is worked out once per search, so a bounds pass
//! only adds contributions up. Every class it reports was reached by a concrete completion,
//! scored with SPEC's arithmetic. The search is bounded ([`SEARCH_WORK`] questions examined per class); a class neither proven
//! impossible nor reached within it is counted as not reachable.

use crate::classify::class_of;
use crate::model::questionnaire::{Class, Kind, Severity};
use crate::roadmap::{candidates, extreme_answer, Answers};
use crate::rule::{Facts, Span, Truth};
use crate::score::{answer_score, answered_with, evaluate, for_each_choice_id, none_chosen, Tally};
use crate::validate::{AnswerValue, ValidQuestion, ValidQuestionnaire};

/// The most work the search does per class, in questions examined (each search state
/// examines every question once): about 10,000 states of a 100-question questionnaire.
pub const SEARCH_WORK: usize = 1_000_000;

/// A completion that gives another class, and the one answer in it that makes the difference.
#[derive(Debug, Clone, PartialEq)]
pub struct Witness {
    /// The class this completion gets.
    pub class: Class,
    /// The question whose answer changes the class.
    pub question: usize,
    /// That answer.
    pub answer: AnswerValue,
    /// The whole completion: every answer it gives to a question unanswered in the file.
    pub completion: Vec<(usize, AnswerValue)>,
}

/// What the unanswered questions can still do.
#[derive(Debug, Clone, PartialEq)]
pub struct Completions {
    /// The highest overall score found among completions.
    pub best_score: Option<f64>,
    /// The highest class some completion gets.
    pub best_class: Class,
    /// The lowest overall score found among completions.
    pub worst_score: Option<f64>,
    /// The lowest class some completion gets.
    pub worst_class: Class,
    /// No completion gives a class other than the one given.
    pub decided: bool,
    /// A completion with another class, when there is one.
    pub witness: Option<Witness>,
}

/// How sure it is that a question applies in a completion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Applies {
    Surely,
    Maybe,
    Never,
}

/// Every fact as a range over the completions of a partial state.
struct Bounds {
    score: Span,
    domains: Vec<Span>,
    /// Signals some completion raises, and signals every completion raises (bitsets).
    possibly: Vec<u64>,
    surely: Vec<u64>,
    /// Per severity (index `Severity as usize`): the least and most red flags of exactly
    /// that severity, from answers and questionnaire flags.
    red_flags: [(u64, u64); 4],
}

impl Facts for Bounds {
    fn score(&self) -> Span {
        self.score
    }
    fn domain(&self, domain: usize) -> Span {
        self.domains[domain]
    }
    fn signal(&self, signal: usize) -> Truth {
        Truth {
            can_hold: bit(&self.possibly, signal),
            can_fail: !bit(&self.surely, signal),
        }
    }
    fn red_flags(&self, at_least: Severity) -> (u64, u64) {
        self.red_flags[at_least as usize..]
            .iter()
            .fold((0, 0), |(low, high), (least, most)| {
                (low + least, high.saturating_add(*most))
            })
    }
    fn coverage(&self) -> (f64, f64) {
        (1.0, 1.0)
    }
}

/// What a questionnaire flag's condition reads over the completions of a partial state: the
/// scores and signals found so far, and each question's possible answers.
struct FlagFacts<'a> {
    bounds: &'a Bounds,
    status: &'a [Applies],
    answers: &'a Answers,
    choices: &'a [Vec<AnswerValue>],
}

impl FlagFacts<'_> {
    /// Over the answers question `question` may get: can `test` hold, can it fail?
    fn test(&self, question: usize, test: impl Fn(&AnswerValue) -> bool) -> Truth {
        let status = self.status[question];
        if status == Applies::Never {
            return Truth::exact(false);
        }
        let values: &[AnswerValue] = match &self.answers[question] {
            Some(value) => std::slice::from_ref(value),
            None => &self.choices[question],
        };
        let holding = values.iter().filter(|value| test(value)).count();
        Truth {
            can_hold: holding > 0,
            can_fail: status != Applies::Surely || holding < values.len() || values.is_empty(),
        }
    }
}

impl Facts for FlagFacts<'_> {
    fn score(&self) -> Span {
        self.bounds.score
    }
    fn domain(&self, domain: usize) -> Span {
        self.bounds.domains[domain]
    }
    fn signal(&self, signal: usize) -> Truth {
        self.bounds.signal(signal)
    }
    fn red_flags(&self, _: Severity) -> (u64, u64) {
        // Validation keeps red-flag counts out of flags' conditions.
        (0, u64::MAX)
    }
    fn coverage(&self) -> (f64, f64) {
        (1.0, 1.0)
    }
    fn answer(&self, question: usize, options: &[usize]) -> Truth {
        self.test(question, |value| answered_with(true, Some(value), options))
    }
    fn not_chosen(&self, question: usize, options: &[usize]) -> Truth {
        self.test(question, |value| none_chosen(true, Some(value), options))
    }
}

/// Is bit `index` set?
fn bit(bits: &[u64], index: usize) -> bool {
    bits[index / 64] & (1 << (index % 64)) != 0
}

/// A value that counts in a weighted average: fixed or a range, surely counted or maybe.
#[derive(Debug, Clone, Copy)]
struct Item {
    weight: f64,
    low: f64,
    high: f64,
    optional: bool,
}

/// The least and greatest weighted average reachable when each item takes any value in its
/// range and optional items may be left out; `present`/`absent` say whether an average exists.
/// `scratch` is working space, reused between calls.
fn average_span(items: &[Item], scratch: &mut Vec<(f64, f64)>) -> Span {
    let (mut weight, mut low_sum, mut high_sum, mut optional) = (0.0, 0.0, 0.0, 0usize);
    for item in items {
        if item.optional {
            optional += 1;
        } else {
            weight += item.weight;
            low_sum += item.weight * item.low;
            high_sum += item.weight * item.high;
        }
    }
    if weight == 0.0 && optional == 0 {
        return Span::exact(None);
    }
    // Greatest: add optional items best first while they raise the average (least: worst
    // first while they lower it).
    let mut extreme = |sum: f64, pick_high: bool| {
        if optional == 0 {
            return sum / weight;
        }
        scratch.clear();
        scratch.extend(
            items
                .iter()
                .filter(|item| item.optional)
                .map(|item| (if pick_high { item.high } else { item.low }, item.weight)),
        );
        scratch.sort_by(|left, right| {
            if pick_high {
                right.0.total_cmp(&left.0)
            } else {
                left.0.total_cmp(&right.0)
            }
        });
        let (mut sum, mut total) = (sum, weight);
        for (value, item_weight) in scratch.iter().copied() {
            let better = if total == 0.0 {
                true
            } else if pick_high {
                value > sum / total
            } else {
                value < sum / total
            };
            if !better {
                break;
            }
            sum += value * item_weight;
            total += item_weight;
        }
        sum / total
    };
    Span {
        low: extreme(low_sum, false),
        high: extreme(high_sum, true),
        present: true,
        absent: weight == 0.0,
    }
}

/// What a question contributes to the bounds over a set of answers it may get: one answer
/// when it is settled, every answer a completion may give when it is open. Worked out once
/// per question and answer, so a bounds pass only adds them up.
#[derive(Debug, Clone)]
struct Effect {
    /// The least and greatest score (0–1) among the answers that score; `low > high` when
    /// none does.
    low: f64,
    high: f64,
    /// Some answer leaves the domain alone (`na`, an `unknown` without a score).
    na: bool,
    /// Per severity (index `Severity as usize`), the least and most red flags one answer
    /// raises.
    least: [u64; 4],
    most: [u64; 4],
    /// Signals some answer raises, and signals every answer raises (bitsets).
    possibly: Box<[u64]>,
    surely: Box<[u64]>,
    /// How many answers were counted.
    answers: usize,
}

impl Effect {
    /// The effect of no answer yet: add answers with [`Effect::add`], then [`Effect::finish`].
    fn empty(words: usize) -> Effect {
        Effect {
            low: f64::INFINITY,
            high: f64::NEG_INFINITY,
            na: false,
            least: [u64::MAX; 4],
            most: [0; 4],
            possibly: vec![0; words].into_boxed_slice(),
            surely: vec![u64::MAX; words].into_boxed_slice(),
            answers: 0,
        }
    }

    /// Counts one more answer the question may get; `raised` is working space.
    fn add(&mut self, question: &ValidQuestion, value: &AnswerValue, raised: &mut [u64]) {
        match answer_score(question, value) {
            Some(score) => {
                self.low = self.low.min(score);
                self.high = self.high.max(score);
            }
            None => self.na = true,
        }
        let mut counted = [0u64; 4];
        raised.fill(0);
        for_each_choice_id(question, value, |signals, red_flag| {
            if let Some(severity) = red_flag {
                counted[severity as usize] += 1;
            }
            for signal in signals {
                raised[signal / 64] |= 1 << (signal % 64);
            }
        });
        for (word, raised) in raised.iter().enumerate() {
            self.possibly[word] |= raised;
            self.surely[word] &= raised;
        }
        for ((least, most), counted) in self.least.iter_mut().zip(&mut self.most).zip(counted) {
            *least = (*least).min(counted);
            *most = (*most).max(counted);
        }
        self.answers += 1;
    }

    fn finish(mut self) -> Effect {
        if self.answers == 0 {
            // No answer at all: nothing is surely raised.
            self.surely.fill(0);
        }
        for severity in 0..4 {
            self.least[severity] = self.least[severity].min(self.most[severity]);
        }
        self
    }

    /// The effect of one answer.
    fn of(question: &ValidQuestion, value: &AnswerValue, words: usize) -> Effect {
        let mut effect = Effect::empty(words);
        effect.add(question, value, &mut vec![0; words]);
        effect.finish()
    }

    /// The effect of every answer a completion may give the question (worked out from the
    /// answers that bound the others, see [`bounding_answers`]).
    fn open(question: &ValidQuestion, words: usize) -> Effect {
        let mut effect = Effect::empty(words);
        let mut raised = vec![0; words];
        for value in bounding_answers(question) {
            effect.add(question, &value, &mut raised);
        }
        effect.finish()
    }
}

/// The search over completions of one set of answers.
struct Search<'q> {
    questionnaire: &'q ValidQuestionnaire,
    /// Per question open when the search starts, every answer a completion may give it, and
    /// the effect of each: worked out when first needed (see [`Search::ensure_choices`]).
    choices: Vec<Vec<AnswerValue>>,
    choice_effects: Vec<Vec<Effect>>,
    /// Per question: the effect of all its answers together (open when the search starts),
    /// or of the answer it has then.
    open_effects: Vec<Option<Effect>>,
    given_effects: Vec<Option<Effect>>,
    /// Per question the search has answered, the index of its choice (the rest of the
    /// answered questions have the answer they had when the search started).
    choice: Vec<Option<usize>>,
    /// Working space for a bounds pass, reused: each question's status, each domain's items,
    /// the overall items, a sort buffer.
    status: Vec<Applies>,
    items: Vec<Vec<Item>>,
    overall: Vec<Item>,
    sorted: Vec<(f64, f64)>,
    /// Questions to settle before the rest, in file order: every open `when` ancestor of a
    /// question answered in the file (see [`settle_first`]).
    first: Vec<usize>,
    /// 64-bit words in a bitset of the questionnaire's signals.
    words: usize,
    work: usize,
}

/// The `when` ancestors of the questions answered in the file, in file order. Whether such an
/// answer counts (its red flag, its signals, its score) hangs on those ancestors; the bounds
/// cannot see that every answer to an ancestor costs something either way (it raises a red
/// flag itself, or opens the answered question and so its red flag), so the search settles
/// them first, and the bounds after each one are exact about the answered question.
fn settle_first(questionnaire: &ValidQuestionnaire, answers: &Answers) -> Vec<usize> {
    let mut wanted = vec![false; questionnaire.questions.len()];
    // A `when` only looks back: walking backwards sees every child before its parents.
    for position in (0..questionnaire.questions.len()).rev() {
        if !(answers[position].is_some() || wanted[position]) {
            continue;
        }
        if let Some(when) = &questionnaire.questions[position].when {
            for parent in when.questions() {
                wanted[parent] = true;
            }
        }
    }
    (0..wanted.len())
        .filter(|position| wanted[*position] && answers[*position].is_none())
        .collect()
}

/// Every answer a completion may give: each option (every subset of a small `multi`), each
/// scale point or band, and `na` and `unknown` where allowed, each once.
fn all_answers(question: &ValidQuestion) -> Vec<AnswerValue> {
    let options = question.options.len();
    let mut result = match question.kind() {
        Kind::Multi if options <= 8 => (0u32..1 << options)
            .map(|mask| {
                AnswerValue::Options(
                    (0..options)
                        .filter(|option| mask & (1 << option) != 0)
                        .collect(),
                )
            })
            .collect(),
        Kind::Multi => {
            let mut list = candidates(question, None);
            list.push(AnswerValue::Options(Vec::new()));
            list.push(AnswerValue::Options((0..options).collect()));
            list
        }
        Kind::Scale if question.scale_range().1 - question.scale_range().0 <= 20 => {
            let (min, max) = question.scale_range();
            (min..=max).map(AnswerValue::Integer).collect()
        }
        _ => candidates(question, None),
    };
    with_na_and_unknown(question, &mut result);
    result.dedup();
    result
}

/// Answers whose effects on the bounds together equal those of [`all_answers`]. For a
/// `multi`, of its subsets (up to 256) two bound the rest: option scores are 0–1, so the
/// empty set scores least and raises nothing, and every option together scores most (a
/// rounded sum of non-negative terms only grows) and raises every signal and red flag any
/// subset raises. Every other kind: all its answers.
fn bounding_answers(question: &ValidQuestion) -> Vec<AnswerValue> {
    if question.kind() != Kind::Multi {
        return all_answers(question);
    }
    let mut result = vec![
        AnswerValue::Options(Vec::new()),
        AnswerValue::Options((0..question.options.len()).collect()),
    ];
    with_na_and_unknown(question, &mut result);
    result
}

/// Adds `na` and `unknown` to `answers` where the question allows them.
fn with_na_and_unknown(question: &ValidQuestion, answers: &mut Vec<AnswerValue>) {
    if question.definition.allow_na {
        answers.push(AnswerValue::NotApplicable);
    }
    if question.unknown.is_some() {
        answers.push(AnswerValue::Unknown);
    }
}

impl<'q> Search<'q> {
    fn applies(&self, answers: &Answers, status: &[Applies], position: usize) -> Applies {
        let question = &self.questionnaire.questions[position];
        let Some(when) = &question.when else {
            return Applies::Surely;
        };
        // Each leaf: false when its question never applies or is settled on another answer;
        // true when it surely applies and is settled on one of the leaf's answers.
        let truth = when.truth(&|parent, options| match status[parent] {
            Applies::Never => Truth::exact(false),
            parent_status if answers[parent].is_some() => {
                if !answered_with(true, answers[parent].as_ref(), options) {
                    Truth::exact(false)
                } else if parent_status == Applies::Surely {
                    Truth::exact(true)
                } else {
                    Truth {
                        can_hold: true,
                        can_fail: true,
                    }
                }
            }
            _ => Truth {
                can_hold: true,
                can_fail: true,
            },
        });
        match (truth.can_hold, truth.can_fail) {
            (false, _) => Applies::Never,
            (true, false) => Applies::Surely,
            (true, true) => Applies::Maybe,
        }
    }

    /// Ranges of every fact over the completions of `answers`, whose answered questions are
    /// settled (given in the file, or chosen by the search: `self.choice` says which) and
    /// the rest open. Leaves each question's status in `self.status`.
    fn bounds(&mut self, answers: &Answers) -> Bounds {
        let questionnaire = self.questionnaire;
        self.work += questionnaire.questions.len();
        let words = self.words;
        let mut status = std::mem::take(&mut self.status);
        status.clear();
        for items in &mut self.items {
            items.clear();
        }
        let mut possibly = vec![0u64; words];
        let mut surely = vec![0u64; words];
        let mut flags = [(0u64, 0u64); 4];
        for (position, question) in questionnaire.questions.iter().enumerate() {
            let applies = self.applies(answers, &status, position);
            status.push(applies);
            if applies == Applies::Never {
                continue;
            }
            let effect = match (&answers[position], self.choice[position]) {
                (None, _) => self.open_effects[position].as_ref(),
                (Some(_), Some(choice)) => Some(&self.choice_effects[position][choice]),
                (Some(_), None) => self.given_effects[position].as_ref(),
            };
            let Some(effect) = effect else {
                continue;
            };
            let sure = applies == Applies::Surely;
            for ((total, least), most) in flags.iter_mut().zip(effect.least).zip(effect.most) {
                total.1 += most;
                if sure {
                    total.0 += least;
                }
            }
            for (word, raised) in possibly.iter_mut().zip(effect.possibly.iter()) {
                *word |= raised;
            }
            if sure {
                for (word, raised) in surely.iter_mut().zip(effect.surely.iter()) {
                    *word |= raised;
                }
            }
            if effect.low <= effect.high {
                self.items[question.domain].push(Item {
                    weight: question.weight(),
                    low: effect.low * 100.0,
                    high: effect.high * 100.0,
                    optional: !sure || effect.na,
                });
            }
        }
        let domains: Vec<Span> = self
            .items
            .iter()
            .map(|items| average_span(items, &mut self.sorted))
            .collect();
        self.overall.clear();
        self.overall.extend(
            domains
                .iter()
                .zip(&questionnaire.domains)
                .filter(|(span, _)| span.present)
                .map(|(span, domain)| Item {
                    weight: domain.weight,
                    low: span.low,
                    high: span.high,
                    optional: span.absent,
                }),
        );
        let mut bounds = Bounds {
            score: average_span(&self.overall, &mut self.sorted),
            domains,
            possibly,
            surely,
            red_flags: flags,
        };
        // Questionnaire flags: surely raised count in the least, possibly raised in the most.
        let mut raised = [(0u64, 0u64); 4];
        for flag in &questionnaire.flags {
            let facts = FlagFacts {
                bounds: &bounds,
                status: &status,
                answers,
                choices: &self.choices,
            };
            let truth = flag.condition.verdict(&facts).truth;
            let slot = &mut raised[flag.severity as usize];
            slot.0 += u64::from(!truth.can_fail);
            slot.1 += u64::from(truth.can_hold);
        }
        for (total, extra) in bounds.red_flags.iter_mut().zip(raised) {
            total.0 += extra.0;
            total.1 += extra.1;
        }
        self.status = status;
        bounds
    }

    /// Can some completion of this state get `class`? `false` is a proof; `true` may not be.
    /// Also a distance to it, to try the nearest branch first.
    fn possible(&self, bounds: &Bounds, class: Class) -> Option<f64> {
        let mut nearest: Option<f64> = None;
        for rule in &self.questionnaire.rules {
            let verdict = rule.condition.verdict(bounds);
            if rule.class == class && verdict.truth.can_hold {
                nearest = Some(nearest.map_or(verdict.distance, |best| best.min(verdict.distance)));
            }
            if !verdict.truth.can_fail {
                break;
            }
        }
        nearest
    }

    /// A completion of `answers` whose class is `class`, if the search finds one.
    /// The answered questions of `answers` are settled, the others open.
    fn find(&mut self, answers: &mut Answers, class: Class) -> bool {
        if self.work > SEARCH_WORK {
            return false;
        }
        let bounds = self.bounds(answers);
        if self.possible(&bounds, class).is_none() {
            return false;
        }
        // The first open question of `first`, else in file order: either way its `when`
        // parents are settled by now (`first` holds every ancestor of its members), so it
        // surely applies. A `text` answer decides nothing: it is never an open question.
        let is_open = |position: &usize| {
            self.status[*position] == Applies::Surely
                && answers[*position].is_none()
                && self.questionnaire.questions[*position].kind() != Kind::Text
        };
        let Some(open) = self
            .first
            .iter()
            .copied()
            .find(is_open)
            .or_else(|| (0..answers.len()).find(is_open))
        else {
            let borrowed: Vec<Option<&AnswerValue>> = answers.iter().map(Option::as_ref).collect();
            let outcome = evaluate(self.questionnaire, &borrowed);
            return class_of(self.questionnaire, &outcome) == class;
        };
        let mut branches: Vec<(f64, usize)> = Vec::new();
        self.ensure_choices(open);
        for choice in 0..self.choices[open].len() {
            answers[open] = Some(self.choices[open][choice].clone());
            self.choice[open] = Some(choice);
            let bounds = self.bounds(answers);
            if let Some(distance) = self.possible(&bounds, class) {
                branches.push((distance, choice));
            }
        }
        branches.sort_by(|left, right| left.0.total_cmp(&right.0));
        for (_, choice) in branches {
            answers[open] = Some(self.choices[open][choice].clone());
            self.choice[open] = Some(choice);
            if self.find(answers, class) {
                return true;
            }
        }
        answers[open] = None;
        self.choice[open] = None;
        false
    }

    /// Works out the answers a completion may give question `question`, and their effects.
    fn ensure_choices(&mut self, question: usize) {
        if !self.choices[question].is_empty() {
            return;
        }
        let words = self.words;
        let definition = &self.questionnaire.questions[question];
        self.choices[question] = all_answers(definition);
        self.choice_effects[question] = self.choices[question]
            .iter()
            .map(|value| Effect::of(definition, value, words))
            .collect();
    }

    /// A search from `answers` (every other question open).
    fn new(questionnaire: &'q ValidQuestionnaire, answers: &Answers) -> Search<'q> {
        let words = questionnaire.signals.len().div_ceil(64);
        let questions = &questionnaire.questions;
        let mut search = Search {
            questionnaire,
            choices: vec![Vec::new(); questions.len()],
            choice_effects: vec![Vec::new(); questions.len()],
            open_effects: questions
                .iter()
                .zip(answers)
                .map(|(question, answer)| answer.is_none().then(|| Effect::open(question, words)))
                .collect(),
            given_effects: questions
                .iter()
                .zip(answers)
                .map(|(question, answer)| {
                    answer
                        .as_ref()
                        .map(|value| Effect::of(question, value, words))
                })
                .collect(),
            choice: vec![None; questions.len()],
            first: settle_first(questionnaire, answers),
            words,
            status: Vec::with_capacity(questions.len()),
            items: vec![Vec::new(); questionnaire.domains.len()],
            overall: Vec::new(),
            sorted: Vec::new(),
            work: 0,
        };
        // A questionnaire flag's condition reads the answers an open question may get.
        for flag in &questionnaire.flags {
            for question in flag.condition.answer_questions() {
                if answers[question].is_none() {
                    search.ensure_choices(question);
                }
            }
        }
        search
    }
}

/// Fills every applicable unanswered question (and the follow-ups that opens) with its best
/// or worst answer.
pub fn fill_unanswered(
    questionnaire: &ValidQuestionnaire,
    answers: &Answers,
    best: bool,
) -> Answers {
    // A `when` only looks back, so one pass in order sees every earlier answer final.
    let mut filled = answers.clone();
    let mut applicable = Vec::with_capacity(filled.len());
    for (position, question) in questionnaire.questions.iter().enumerate() {
        let applies =
            crate::score::applies(question, &applicable, |earlier| filled[earlier].as_ref());
        if applies && filled[position].is_none() {
            filled[position] = extreme_answer(question, best);
        }
        applicable.push(applies);
    }
    filled
}

fn classify(questionnaire: &ValidQuestionnaire, answers: &Answers) -> (Option<f64>, Class) {
    let outcome = evaluate(
        questionnaire,
        &answers.iter().map(Option::as_ref).collect::<Vec<_>>(),
    );
    (outcome.score, class_of(questionnaire, &outcome))
}

/// What the unanswered questions of `answers` can still do to `class`.
pub fn completions(
    questionnaire: &ValidQuestionnaire,
    answers: &Answers,
    class: Class,
) -> Completions {
    let best = fill_unanswered(questionnaire, answers, true);
    let worst = fill_unanswered(questionnaire, answers, false);
    let mut found: Vec<(Option<f64>, Class, Answers)> = vec![
        {
            let (score, class) = classify(questionnaire, &best);
            (score, class, best)
        },
        {
            let (score, class) = classify(questionnaire, &worst);
            (score, class, worst)
        },
    ];
    let mut search = Search::new(questionnaire, answers);
    // The two ends first: once a completion of each end is found, a class between them
    // changes neither end nor `decided`, so it is searched only when the class given has no
    // completion yet (the witness's key answer is found by walking from one).
    for wanted in [Class::Mature, Class::Amateur, Class::Pseudo] {
        let reached = |wanted: Class| found.iter().any(|(_, class, _)| *class == wanted);
        let between = found.iter().any(|(_, other, _)| *other > wanted)
            && found.iter().any(|(_, other, _)| *other < wanted);
        if reached(wanted) || (between && reached(class)) {
            continue;
        }
        let mut trial = answers.clone();
        search.work = 0;
        search.choice.fill(None);
        if search.find(&mut trial, wanted) {
            let (score, class) = classify(questionnaire, &trial);
            found.push((score, class, trial));
        }
    }
    let scores = found.iter().filter_map(|(score, _, _)| *score);
    let best_score = scores.clone().reduce(f64::max);
    let worst_score = scores.reduce(f64::min);
    let best_class = found
        .iter()
        .map(|(_, class, _)| *class)
        .max()
        .unwrap_or(class);
    let worst_class = found
        .iter()
        .map(|(_, class, _)| *class)
        .min()
        .unwrap_or(class);
    let decided = found.iter().all(|(_, other, _)| *other == class);
    let witness =
        found
            .iter()
            .find(|(_, other, _)| *other != class)
            .map(|(_, other, completion)| {
                let reference = found
                    .iter()
                    .find(|(_, same, _)| *same == class)
                    .map(|(_, _, answers)| answers);
                key_answer(questionnaire, answers, reference, completion, *other, class)
            });
    Completions {
        best_score,
        best_class,
        worst_score,
        worst_class,
        decided,
        witness,
    }
}

/// Could answering the questions `open` marks in some other way (each in any way a
/// completion may answer it, follow-ups included; every other answer kept) give `class` or
/// better? `false` is a proof, from the same bounds the range's search prunes with: the
/// roadmap uses it to skip a search that cannot succeed (a red flag on a context question,
/// an `na` that keeps a required domain without a score).
pub fn may_reach(
    questionnaire: &ValidQuestionnaire,
    answers: &Answers,
    open: &[bool],
    class: Class,
) -> bool {
    let mut cleared = answers.clone();
    for (answer, open) in cleared.iter_mut().zip(open) {
        if *open {
            *answer = None;
        }
    }
    let mut search = Search::new(questionnaire, &cleared);
    let bounds = search.bounds(&cleared);
    [Class::Amateur, Class::Pseudo, Class::Mature]
        .into_iter()
        .filter(|reached| *reached >= class)
        .any(|reached| search.possible(&bounds, reached).is_some())
}

/// The completion as a list of the answers it adds to `answers`.
fn added(answers: &Answers, completion: &Answers) -> Vec<(usize, AnswerValue)> {
    completion
        .iter()
        .enumerate()
        .filter(|(position, _)| answers[*position].is_none())
        .filter_map(|(position, value)| value.clone().map(|value| (position, value)))
        .collect()
}

/// Walks from a completion with the given class (`reference`) to one with another class,
/// one question at a time in file order, and names the answer at which the class changes.
/// Without a reference, the other completion's first answer is named.
fn key_answer(
    questionnaire: &ValidQuestionnaire,
    answers: &Answers,
    reference: Option<&Answers>,
    other: &Answers,
    other_class: Class,
    class: Class,
) -> Witness {
    let fallback = || {
        let completion = added(answers, other);
        let (question, answer) = completion
            .first()
            .cloned()
            .unwrap_or((0, AnswerValue::NotApplicable));
        Witness {
            class: other_class,
            question,
            answer,
            completion,
        }
    };
    let Some(reference) = reference else {
        return fallback();
    };
    let mut current = reference.clone();
    // Each step changes a few answers: a tally follows them instead of scoring every step
    // afresh (a walk over 100 open questions cost 100 evaluations). A domain too large for
    // the tally's exact sums (see `Tally::is_exact`) is scored afresh.
    let mut tally = Tally::new(questionnaire, current.clone());
    let exact = tally.is_exact();
    for position in 0..current.len() {
        if answers[position].is_some() || current[position] == other[position] {
            continue;
        }
        current[position] = other[position].clone();
        let filled = fill_gaps(questionnaire, &current, other);
        let now = if exact {
            let changed: Vec<usize> = (0..filled.len())
                .filter(|index| filled[*index] != tally.answers()[*index])
                .collect();
            for index in changed {
                tally.set(index, filled[index].clone());
            }
            class_of(questionnaire, &tally)
        } else {
            classify(questionnaire, &filled).1
        };
        if now != class {
            let answer = other[position]
                .clone()
                .unwrap_or(AnswerValue::NotApplicable);
            return Witness {
                class: now,
                question: position,
                answer,
                completion: added(answers, &filled),
            };
        }
        current = filled;
    }
    fallback()
}

/// Answers every applicable unanswered question of `answers` from `source`, else at its best.
fn fill_gaps(questionnaire: &ValidQuestionnaire, answers: &Answers, source: &Answers) -> Answers {
    let mut filled = answers.clone();
    let mut applicable = Vec::with_capacity(filled.len());
    for (position, question) in questionnaire.questions.iter().enumerate() {
        let applies =
            crate::score::applies(question, &applicable, |earlier| filled[earlier].as_ref());
        if applies && filled[position].is_none() {
            filled[position] = source[position]
                .clone()
                .or_else(|| extreme_answer(question, true));
        }
        applicable.push(applies);
    }
    filled
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::Catalog;

    fn bundled(which: usize) -> std::sync::Arc<crate::load::Loaded> {
        Catalog::default()
            .load_named(["msp", "mssp", "quick"][which])
            .unwrap()
    }

    #[test]
    fn an_open_multi_is_bounded_by_its_empty_and_its_full_answer() {
        // `Effect::open` adds two subsets of a `multi` instead of all of them: the effect
        // must be exactly the one of every answer a completion may give.
        let mut checked = 0;
        for which in 0..3 {
            let loaded = bundled(which);
            let questionnaire = &loaded.questionnaire;
            let words = questionnaire.signals.len().div_ceil(64);
            for question in &questionnaire.questions {
                if question.kind() != Kind::Multi {
                    continue;
                }
                let mut every = Effect::empty(words);
                let mut raised = vec![0; words];
                for value in all_answers(question) {
                    every.add(question, &value, &mut raised);
                }
                let every = every.finish();
                let open = Effect::open(question, words);
                assert_eq!(
                    (open.low, open.high, open.na, open.least, open.most),
                    (every.low, every.high, every.na, every.least, every.most),
                    "{}",
                    question.id()
                );
                assert_eq!(open.possibly, every.possibly, "{}", question.id());
                assert_eq!(open.surely, every.surely, "{}", question.id());
                checked += 1;
            }
        }
        assert!(checked > 10, "only {checked} multi questions checked");
    }

    #[test]
    fn the_gate_of_an_answered_follow_up_is_settled_first() {
        // An answered follow-up raises a red flag when its gate opens it, and the gate's other
        // answer raises one itself: mature (no red flag) is out of reach, but the bounds only
        // see it once the gate is settled. In file order the search would first try the 2^40
        // answers of the questions before the gate and run out of budget.
        let mut text = String::from(
            "format: mspcheck/questionnaire/1\nid: gate\nversion: 1.0.0\ntitle: Gate\n\
             domains: [{ id: d, title: D, weight: 1 }]\nquestions:\n",
        );
        for index in 0..40 {
            text.push_str(&format!(
                "  - {{ id: q{index}, domain: d, text: Q, kind: yes_no }}\n"
            ));
        }
        text.push_str(
            "  - { id: gate, domain: d, text: G, kind: yes_no, options: [{ value: \"no\", score: 0, red_flag: No gate }] }\n\
             \x20 - { id: follow, domain: d, text: F, kind: yes_no, when: { question: gate, in: [\"yes\"] }, options: [{ value: \"no\", score: 0, red_flag: No follow-up }] }\n\
             classification:\n  rules:\n    - { class: mature, if: { red_flags_at_most: 0 } }\n    - { class: amateur, if: {} }\n",
        );
        let questionnaire = crate::test_support::questionnaire(&text);
        let mut answers: Answers = vec![None; questionnaire.questions.len()];
        answers[41] = Some(AnswerValue::Option(1));
        let mut search = Search::new(&questionnaire, &answers);
        assert_eq!(search.first, vec![40]);
        assert!(!search.find(&mut answers.clone(), Class::Mature));
        assert!(
            search.work < SEARCH_WORK / 100,
            "{} questions examined",
            search.work
        );
        let range = completions(&questionnaire, &answers, Class::Amateur);
        assert!(range.decided);
        assert_eq!(range.best_class, Class::Amateur);
    }

    /// Random partial answers: each question unanswered with probability `gap`/100, else one
    /// of its possible answers (`na` included where allowed).
    fn partial(questionnaire: &ValidQuestionnaire, seeds: &[u32], gap: u32) -> Answers {
        questionnaire
            .questions
            .iter()
            .zip(seeds.iter().cycle())
            .map(|(question, seed)| {
                let choices = all_answers(question);
                (seed % 100 >= gap).then(|| choices[(seed / 100) as usize % choices.len()].clone())
            })
            .collect()
    }

    /// A random completion: every applicable unanswered question, in order, gets one of its
    /// possible answers.
    fn complete(questionnaire: &ValidQuestionnaire, answers: &Answers, seed: u64) -> Answers {
        let mut random = crate::test_support::Lcg(seed.wrapping_mul(6_364_136_223_846_793_005) | 1);
        let mut filled = answers.clone();
        let mut applicable = Vec::with_capacity(filled.len());
        for (position, question) in questionnaire.questions.iter().enumerate() {
            let applies =
                crate::score::applies(question, &applicable, |earlier| filled[earlier].as_ref());
            if applies && filled[position].is_none() {
                let state = random.next();
                let choices = all_answers(question);
                filled[position] = Some(choices[(state >> 33) as usize % choices.len()].clone());
            }
            applicable.push(applies);
        }
        filled
    }

    fn checked(
        questionnaire: &ValidQuestionnaire,
        answers: &Answers,
        completions: &Completions,
        class: Class,
        samples: u64,
    ) {
        assert!(completions.best_class >= completions.worst_class);
        if let (Some(best), Some(worst)) = (completions.best_score, completions.worst_score) {
            assert!(best >= worst, "best {best} below worst {worst}");
        }
        match &completions.witness {
            None => {
                assert!(completions.decided);
                for seed in 0..samples {
                    let filled = complete(questionnaire, answers, seed);
                    assert_eq!(
                        classify(questionnaire, &filled).1,
                        class,
                        "decided, but completion {seed} changes the class"
                    );
                }
            }
            Some(witness) => {
                assert!(!completions.decided);
                let mut filled = answers.clone();
                for (question, value) in &witness.completion {
                    assert!(
                        answers[*question].is_none(),
                        "a witness only answers what is unanswered"
                    );
                    filled[*question] = Some(value.clone());
                }
                assert!(witness
                    .completion
                    .iter()
                    .any(|(question, value)| *question == witness.question
                        && *value == witness.answer));
                let (_, found) = classify(questionnaire, &filled);
                assert_eq!(found, witness.class);
                assert_ne!(found, class);
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]

        /// Both directions of `decided`, on every bundled questionnaire: decided means no
        /// random completion changes the class; undecided comes with a witness that does.
        #[test]
        fn decided_is_exact_on_the_bundled_questionnaires(seeds in proptest::collection::vec(0u32..1_000_000, 40), which in 0usize..3, gap in 0u32..100) {
            let loaded = bundled(which);
            let questionnaire = &loaded.questionnaire;
            let answers = partial(questionnaire, &seeds, gap);
            let class = classify(questionnaire, &answers).1;
            let found = completions(questionnaire, &answers, class);
            checked(questionnaire, &answers, &found, class, 30);
        }

        /// On a small questionnaire every completion is enumerated: the range's classes are
        /// exactly the classes some completion gets.
        #[test]
        fn range_equals_the_exhaustive_set_on_a_small_questionnaire(seeds in proptest::collection::vec(0u32..1_000_000, 6), gap in 0u32..100) {
            let questionnaire = crate::test_support::questionnaire(SMALL);
            let answers = partial(&questionnaire, &seeds, gap);
            let class = classify(&questionnaire, &answers).1;
            let found = completions(&questionnaire, &answers, class);
            let mut every = std::collections::BTreeSet::new();
            enumerate(&questionnaire, answers.clone(), 0, &mut every);
            proptest::prop_assert_eq!(found.decided, every.iter().all(|other| *other == class), "{:?} {:?}", every, found);
            proptest::prop_assert_eq!(Some(&found.best_class), every.iter().next_back());
            proptest::prop_assert_eq!(Some(&found.worst_class), every.iter().next());
            checked(&questionnaire, &answers, &found, class, 10);
        }
    }

    /// Every completion's class, by trying every answer of each open question in order.
    fn enumerate(
        questionnaire: &ValidQuestionnaire,
        answers: Answers,
        from: usize,
        classes: &mut std::collections::BTreeSet<Class>,
    ) {
        let borrowed: Vec<Option<&AnswerValue>> = answers.iter().map(Option::as_ref).collect();
        let applicable = crate::score::applicability(questionnaire, &borrowed);
        let open = (from..answers.len())
            .find(|position| applicable[*position] && answers[*position].is_none());
        match open {
            None => {
                classes.insert(classify(questionnaire, &answers).1);
            }
            Some(position) => {
                for value in all_answers(&questionnaire.questions[position]) {
                    let mut next = answers.clone();
                    next[position] = Some(value);
                    enumerate(questionnaire, next, position + 1, classes);
                }
            }
        }
    }

    const SMALL: &str = r#"
format: mspcheck/questionnaire/1
id: small
version: 1.0.0
title: Small
domains: [{ id: a, title: A, weight: 1 }, { id: b, title: B, weight: 2 }]
questions:
  - { id: a.fee, domain: a, text: Fee?, kind: yes_no, options: [{ value: "yes", score: 1, signals: [fee] }, { value: "no", score: 0, red_flag: No fee }] }
  - id: a.how
    domain: a
    text: How?
    kind: multi
    when: { question: a.fee, in: ["yes"] }
    options: [{ value: x, score: 0.6 }, { value: y, score: 0.6, signals: [bad] }, { value: z, score: 0, red_flag: Z }]
  - { id: b.scale, domain: b, text: S, kind: scale, scale: { min: 0, max: 3 }, allow_na: true }
  - { id: b.days, domain: b, text: D, kind: number, bands: [{ up_to: 7, score: 1 }, { score: 0.2, signals: [slow] }] }
  - { id: b.more, domain: b, text: M, kind: choice, options: [{ value: all, score: 1 }, { value: some, score: 0.5 }, { value: none, score: 0, red_flag: None }] }
classification:
  rules:
    - { class: mature, if: { score_at_least: 70, red_flags_at_most: 0, signals_none: [bad, slow] } }
    - { class: pseudo, if: { signals_all: [fee] } }
    - { class: amateur, if: {} }
"#;
}
