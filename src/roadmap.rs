//! What to change, best first: the smallest set of answer changes found that lifts the
//! provider to mature, ordered so that the class never drops on the way, followed by the
//! single changes that raise the score most.
//!
//! A proof from the range's bounds (`crate::range::may_reach`) first says whether the target
//! can be reached at all; if not, there is no search. The search tries answer changes on a
//! [`Tally`] (one change updates one domain's sums and the signal and red-flag counts;
//! nothing is rescored) and is guided by the rule tree's distance: every single change, then
//! pairs when the target is near, then a beam search of width [`BEAM_WIDTH`]. Its effort is
//! capped at [`SEARCH_EFFORT`] tried changes, so time and memory grow about linearly with
//! questions × options. A beam that stalls, or the cap, gives way to a greedy completion
//! (each question's best change, in the order the first round ranked them) and, failing
//! that, to every changeable question at its best; the set is then pruned, so whenever
//! answering everything at its best reaches the target, a path is offered.

use crate::classify::class_of;
use crate::model::questionnaire::{Class, Kind};
use crate::score::{answer_score, band_index, evaluate, Tally};
use crate::validate::{AnswerValue, ValidQuestion, ValidQuestionnaire};

/// One proposed answer change.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// Question index.
    pub question: usize,
    /// The current answer (`None` = unanswered).
    pub from: Option<AnswerValue>,
    /// The proposed answer.
    pub to: AnswerValue,
    /// Overall score gained by this change (after the changes before it in a path).
    pub gain: f64,
    /// The class after this change (and those before it in a path).
    pub class_after: Class,
}

/// The roadmap: a path to the target class, then further score gains.
#[derive(Debug, Clone, PartialEq)]
pub struct Roadmap {
    /// The class aimed at (`None` when already mature).
    pub target: Option<Class>,
    /// The smallest set of changes found that reaches `target`, in the order to apply them.
    pub path: Vec<Change>,
    /// Single changes with the largest score gains, not already in `path`.
    pub gains: Vec<Change>,
}

/// Answers by question index (`None` = unanswered).
pub type Answers = Vec<Option<AnswerValue>>;

/// How many states the beam search keeps per round. One: each round keeps the state the
/// best of its [`SHORTLIST`] moves leads to. On 1,100 random msp answer sets (30–100%
/// answered) a width of 3 found paths 8 changes shorter in all (of about 35,600; 15 files
/// 1–2 changes shorter, 6 longer) at twice the cost, and the same path on every bundled
/// example.
pub const BEAM_WIDTH: usize = 1;

/// The most answer changes the search tries before completing the path greedily.
pub const SEARCH_EFFORT: usize = 600_000;

/// The most pairs of changes tried exhaustively.
const PAIR_EFFORT: usize = 2_400;

/// Rounds without getting nearer after which the beam gives way to the completions.
const STALLED_ROUNDS: usize = 8;

/// How much more than twice the best single move's distance a pair may still close (the
/// steps thresholds drop when crossed, and moves that help each other).
const PAIR_SLACK: f64 = 1.0;

/// After the first round, how many of the moves that did most from the start each state
/// tries: the bound that keeps the search to milliseconds (moves are mostly independent, so
/// what a move does from the start ranks it well later too).
pub const SHORTLIST: usize = 24;

/// How many of the best-predicted moves a lazy round tries before it may stop.
const LAZY_AT_LEAST: usize = 4;

/// Paths longer than this are ordered by gain alone, not change by change.
const ORDERED_PATH: usize = 200;

/// The class of the first rule that holds and how far the facts are from `target` or better:
/// the distance of the nearest rule giving `target` or better, plus one for each rule before
/// it that holds and gives less (it would decide first). One walk per rule. Unless `exact`,
/// a class below `target` is given as [`Class::Amateur`] and the rules after the last one
/// giving `target` or better are not walked: most of the search only asks whether a move
/// reaches the target.
fn judge(
    questionnaire: &ValidQuestionnaire,
    tally: &Tally<'_>,
    target: Class,
    exact: bool,
) -> (Class, f64) {
    let mut class = None;
    let mut blocking = 0.0;
    let mut best = f64::INFINITY;
    // Past the last rule giving `target` or better, only the class is still wanted.
    let last = questionnaire
        .rules
        .iter()
        .rposition(|rule| rule.class >= target);
    for (position, rule) in questionnaire.rules.iter().enumerate() {
        if (class.is_some() || !exact) && last.is_none_or(|last| position > last) {
            break;
        }
        // Only the rules giving `target` or better need a distance; of the others, whether
        // they hold, which the walk settles at the first deciding key.
        if rule.class >= target {
            let verdict = rule.condition.verdict(tally);
            if class.is_none() && verdict.holds() {
                class = Some(rule.class);
            }
            best = best.min(blocking + verdict.distance);
        } else if rule.condition.holds(tally) {
            class.get_or_insert(rule.class);
            blocking += 1.0;
        }
    }
    let class = class.unwrap_or(Class::Amateur);
    (class, if class >= target { 0.0 } else { best })
}

/// An undo log: the answers a move replaced, in the order it replaced them.
type Undo = Vec<(usize, Option<AnswerValue>)>;

/// Changes one answer and answers at their best the follow-up questions the change makes
/// applicable (a roadmap step must leave no new gap). Returns what to undo.
pub(crate) fn apply_move(
    questionnaire: &ValidQuestionnaire,
    tally: &mut Tally<'_>,
    question: usize,
    to: AnswerValue,
) -> Undo {
    let mut closed: Vec<usize> = Vec::new();
    collect_closed(questionnaire, tally, question, &mut closed);
    let mut undo = vec![(question, tally.answers()[question].clone())];
    tally.set(question, Some(to));
    closed.sort_unstable();
    for position in closed {
        if tally.applicable()[position] && tally.answers()[position].is_none() {
            if let Some(best) = extreme_answer(&questionnaire.questions[position], true) {
                undo.push((position, None));
                tally.set(position, Some(best));
            }
        }
    }
    undo
}

/// The questions under `question` (by `when`, recursively) that do not apply now.
fn collect_closed(
    questionnaire: &ValidQuestionnaire,
    tally: &Tally<'_>,
    question: usize,
    closed: &mut Vec<usize>,
) {
    for &dependent in &questionnaire.questions[question].dependents {
        if !tally.applicable()[dependent] {
            closed.push(dependent);
        }
        collect_closed(questionnaire, tally, dependent, closed);
    }
}

fn undo_move(tally: &mut Tally<'_>, undo: Undo) {
    for (position, value) in undo.into_iter().rev() {
        tally.set(position, value);
    }
}

/// A question can be changed when it applies, counts for the score and was not answered
/// `na` (turning `na` into an answer would game the score, not improve the provider). A
/// context question (`scored: false`) or `text` question is never proposed: it describes
/// the provider's situation ("accepts file uploads"), not something to improve.
fn changeable(questionnaire: &ValidQuestionnaire, tally: &Tally<'_>, position: usize) -> bool {
    questionnaire.questions[position].scored
        && tally.applicable()[position]
        && tally.answers()[position] != Some(AnswerValue::NotApplicable)
}

/// The positions in `shortlist` of the first [`SHORTLIST`] moves open from `state`: on a
/// question that can be changed and that the state has not changed yet.
fn open_moves<'a>(
    questionnaire: &'a ValidQuestionnaire,
    shortlist: &'a [(usize, AnswerValue)],
    tally: &'a Tally<'_>,
    state: &'a State,
) -> impl Iterator<Item = usize> + 'a {
    (0..shortlist.len())
        .filter(move |&index| {
            let question = shortlist[index].0;
            changeable(questionnaire, tally, question)
                && !state
                    .changed
                    .iter()
                    .any(|(changed, _)| *changed == question)
        })
        .take(SHORTLIST)
}

/// A set of changes (latest answer per question, in the order made), with where it leads.
#[derive(Debug, Clone)]
struct State {
    changed: Vec<(usize, AnswerValue)>,
    distance: f64,
    score: f64,
    class: Class,
}

/// Records a change; a question changed again keeps only its latest answer.
fn record(changed: &mut Vec<(usize, AnswerValue)>, position: usize, value: AnswerValue) {
    match changed
        .iter_mut()
        .find(|(existing, _)| *existing == position)
    {
        Some(entry) => entry.1 = value,
        None => changed.push((position, value)),
    }
}

fn apply(answers: &Answers, changes: &[(usize, AnswerValue)]) -> Answers {
    let mut result = answers.clone();
    for (position, value) in changes {
        result[*position] = Some(value.clone());
    }
    result
}

/// The search: the base answers, the target, the effort spent so far, and once the first
/// round is done, every move ranked by how much nearer to the target it brought the start.
struct Search<'q> {
    questionnaire: &'q ValidQuestionnaire,
    base: &'q Answers,
    target: Class,
    effort: usize,
    shortlist: Option<Vec<(usize, AnswerValue)>>,
    /// Whether the moves tried need their exact class (the first round's do: they are the
    /// single changes reported), or only whether they reach the target.
    exact: bool,
}

impl Search<'_> {
    /// Every move from `state` (after the first round: the [`SHORTLIST`] moves that did most
    /// from the start, on questions the state has not changed), each tried and undone;
    /// `keep` sees each resulting state.
    fn expand(&mut self, state: &State, mut keep: impl FnMut(&Probe<'_, '_>)) {
        let mut tally = Tally::new(self.questionnaire, apply(self.base, &state.changed));
        let moves: Vec<(usize, AnswerValue)> = match &self.shortlist {
            Some(shortlist) => open_moves(self.questionnaire, shortlist, &tally, state)
                .map(|index| shortlist[index].clone())
                .collect(),
            None => self
                .questionnaire
                .questions
                .iter()
                .enumerate()
                .filter(|(position, _)| changeable(self.questionnaire, &tally, *position))
                .flat_map(|(position, question)| {
                    candidates(question, tally.answers()[position].as_ref())
                        .into_iter()
                        .map(move |candidate| (position, candidate))
                })
                .collect(),
        };
        for (position, candidate) in moves {
            self.effort += 1;
            let undo = apply_move(self.questionnaire, &mut tally, position, candidate);
            let (class, distance) = judge(self.questionnaire, &tally, self.target, self.exact);
            keep(&Probe {
                distance,
                score: tally.score().unwrap_or(0.0),
                class,
                from: state,
                undo: &undo,
                tally: &tally,
            });
            undo_move(&mut tally, undo);
        }
    }
}

impl Search<'_> {
    /// One round of the beam by lazy evaluation: the [`SHORTLIST`] moves open from `state`
    /// are tried in the order of what each did when last tried (`deltas`, by shortlist
    /// position, brought up to date as moves are tried), and the round stops as soon as the
    /// best move tried is at least as good as the best that any move left could do by its
    /// last showing. A move's help mostly shrinks as the state nears the target (a key's
    /// distance only drops to zero), so this keeps the move a round trying every one would
    /// keep, after trying a few. Returns the state the best move leads to; a move reaching
    /// the target is kept in `found`.
    fn lazy_round(
        &mut self,
        state: &State,
        deltas: &mut [(f64, f64)],
        found: &mut Option<State>,
    ) -> Option<State> {
        let questionnaire = self.questionnaire;
        let mut tally = Tally::new(questionnaire, apply(self.base, &state.changed));
        let shortlist = self.shortlist.as_ref()?;
        let mut open: Vec<usize> = open_moves(questionnaire, shortlist, &tally, state).collect();
        // Best predicted first; equal predictions keep the shortlist's order.
        let key = |delta: (f64, f64)| (delta.0, -delta.1);
        let order = |left: (f64, f64), right: (f64, f64)| {
            left.0.total_cmp(&right.0).then(left.1.total_cmp(&right.1))
        };
        open.sort_by(|&left, &right| order(key(deltas[left]), key(deltas[right])));
        let mut best: Option<(usize, (f64, f64), State)> = None;
        for (tried_count, &index) in open.iter().enumerate() {
            if let Some((_, kept, _)) = &best {
                if tried_count >= LAZY_AT_LEAST && order(*kept, key(deltas[index])).is_le() {
                    break;
                }
            }
            let (question, candidate) = shortlist[index].clone();
            self.effort += 1;
            let undo = apply_move(questionnaire, &mut tally, question, candidate);
            let (class, distance) = judge(questionnaire, &tally, self.target, false);
            let score = tally.score().unwrap_or(0.0);
            deltas[index] = (distance - state.distance, score - state.score);
            let probe = Probe {
                distance,
                score,
                class,
                from: state,
                undo: &undo,
                tally: &tally,
            };
            let tried = key(deltas[index]);
            let better = best.as_ref().is_none_or(|(kept_index, kept, _)| {
                order(tried, *kept).then(index.cmp(kept_index)).is_lt()
            });
            if class >= self.target || better {
                let next = probe.state();
                if class >= self.target {
                    best_reaching(found, &next, self.target);
                }
                if better {
                    best = Some((index, tried, next));
                }
            }
            undo_move(&mut tally, undo);
        }
        best.map(|(_, _, state)| state)
    }
}

/// A move tried from a state, before its set of changes is built: most moves are looked at
/// and dropped, so the set (a copy of the state's) is made only for those kept.
struct Probe<'a, 'q> {
    distance: f64,
    score: f64,
    class: Class,
    from: &'a State,
    undo: &'a Undo,
    tally: &'a Tally<'q>,
}

impl Probe<'_, '_> {
    /// The state the move leads to.
    fn state(&self) -> State {
        let mut changed = self.from.changed.clone();
        for (question, _) in self.undo {
            if let Some(value) = &self.tally.answers()[*question] {
                record(&mut changed, *question, value.clone());
            }
        }
        State {
            changed,
            distance: self.distance,
            score: self.score,
            class: self.class,
        }
    }
}

/// The states ranked best first by (distance, higher score), at most `width`, each set of
/// changes once; ties keep the order they came in.
struct Frontier {
    width: usize,
    states: Vec<State>,
}

impl Frontier {
    fn key(changed: &[(usize, AnswerValue)]) -> Vec<(usize, &AnswerValue)> {
        let mut key: Vec<(usize, &AnswerValue)> = changed
            .iter()
            .map(|(question, value)| (*question, value))
            .collect();
        key.sort_by_key(|(question, _)| *question);
        key
    }

    fn better(left: &State, right: &State) -> bool {
        left.distance
            .total_cmp(&right.distance)
            .then(right.score.total_cmp(&left.score))
            .is_lt()
    }

    /// Could a state this far and scoring this much enter the frontier?
    fn admits(&self, distance: f64, score: f64) -> bool {
        self.states.len() < self.width || {
            let last = &self.states[self.width - 1];
            distance
                .total_cmp(&last.distance)
                .then(last.score.total_cmp(&score))
                .is_lt()
        }
    }

    fn offer(&mut self, state: State) {
        if self.states.len() == self.width
            && !Frontier::better(&state, &self.states[self.width - 1])
        {
            return;
        }
        // The same set of changes gives the same distance and score: compare sets only then.
        let same = |existing: &&State| {
            existing.distance == state.distance
                && existing.score == state.score
                && existing.changed.len() == state.changed.len()
        };
        if self.states.iter().any(|existing| same(&existing)) {
            let key = Frontier::key(&state.changed);
            if self
                .states
                .iter()
                .filter(same)
                .any(|existing| Frontier::key(&existing.changed) == key)
            {
                return;
            }
        }
        let position = self
            .states
            .iter()
            .position(|existing| Frontier::better(&state, existing))
            .unwrap_or(self.states.len());
        self.states.insert(position, state);
        self.states.truncate(self.width);
    }
}

/// Keeps the state that reaches `target` with the fewest changes, then the highest score.
fn best_reaching(best: &mut Option<State>, state: &State, target: Class) {
    let better = |found: &State| {
        (state.changed.len(), found.score)
            .partial_cmp(&(found.changed.len(), state.score))
            .is_some_and(std::cmp::Ordering::is_lt)
    };
    if state.class >= target && best.as_ref().is_none_or(better) {
        *best = Some(state.clone());
    }
}

/// Computes the roadmap for `answers`. An amateur aims at mature, not pseudo: becoming a
/// pseudo MSP (a monthly fee over break/fix work) is no progress.
pub fn roadmap(questionnaire: &ValidQuestionnaire, answers: &Answers, further: usize) -> Roadmap {
    let tally = Tally::new(questionnaire, answers.clone());
    let class = class_of(questionnaire, &tally);
    let target = (class != Class::Mature).then_some(Class::Mature);
    let mut search = Search {
        questionnaire,
        base: answers,
        target: target.unwrap_or(Class::Mature),
        effort: 0,
        shortlist: None,
        exact: true,
    };
    let start = State {
        changed: Vec::new(),
        distance: judge(questionnaire, &tally, search.target, false).1,
        score: tally.score().unwrap_or(0.0),
        class,
    };
    let mut firsts = Vec::new();
    search.expand(&start, |probe| firsts.push(probe.state()));
    search.exact = false;
    let singles = single_changes(questionnaire, answers, &tally, class, &firsts);
    // Every question the search may change, open; the rest (context, text, `na`) as given.
    let open: Vec<bool> = questionnaire
        .questions
        .iter()
        .zip(answers)
        .map(|(question, answer)| {
            question.scored
                && question.kind() != Kind::Text
                && *answer != Some(AnswerValue::NotApplicable)
        })
        .collect();
    let path = match target {
        // Proven out of reach: no search.
        Some(target) if !crate::range::may_reach(questionnaire, answers, &open, target) => {
            Vec::new()
        }
        Some(target) => {
            let path = find_path(&mut search, &start, firsts, target);
            // A path is only offered when applying all of it reaches the target: a search that
            // stopped short (the effort cap, pruning past a gate) offers no path rather than
            // one that ends below the class it names.
            let reached = Tally::new(questionnaire, apply(answers, &path));
            if class_of(questionnaire, &reached) >= target {
                path
            } else {
                Vec::new()
            }
        }
        None => Vec::new(),
    };
    let path = order_path(questionnaire, answers, &path);
    let in_path: Vec<usize> = path.iter().map(|change| change.question).collect();
    let gains = singles
        .into_iter()
        .filter(|change| !in_path.contains(&change.question) && change.gain > 1e-9)
        .take(further)
        .collect();
    Roadmap {
        target,
        path,
        gains,
    }
}

/// The best single change per question (with the follow-ups it opens), ranked by class
/// reached, then score gained.
fn single_changes(
    questionnaire: &ValidQuestionnaire,
    answers: &Answers,
    tally: &Tally<'_>,
    class: Class,
    firsts: &[State],
) -> Vec<Change> {
    let base = tally.score().unwrap_or(0.0);
    let mut best: Vec<Option<Change>> = vec![None; questionnaire.questions.len()];
    for state in firsts {
        let (question, to) = state.changed[0].clone();
        let change = Change {
            question,
            from: answers[question].clone(),
            to,
            gain: state.score - base,
            class_after: state.class,
        };
        let slot = &mut best[question];
        if slot.as_ref().is_none_or(|current| {
            (change.class_after, change.gain) > (current.class_after, current.gain)
        }) {
            *slot = Some(change);
        }
    }
    let mut result: Vec<Change> = best
        .into_iter()
        .flatten()
        .filter(|change| change.gain > 1e-9 || change.class_after > class)
        .collect();
    result.sort_by(|left, right| {
        right
            .class_after
            .cmp(&left.class_after)
            .then(right.gain.total_cmp(&left.gain))
            .then(left.question.cmp(&right.question))
    });
    result
}

/// The smallest set of changes found that reaches `target`: one change, then pairs, then
/// the beam; past the effort cap, a greedy completion. Unneeded changes are dropped.
fn find_path(
    search: &mut Search<'_>,
    start: &State,
    firsts: Vec<State>,
    target: Class,
) -> Vec<(usize, AnswerValue)> {
    let mut found = None;
    for state in &firsts {
        best_reaching(&mut found, state, target);
    }
    if let Some(found) = found {
        return found.changed;
    }
    // Pairs: every pair while that is affordable, else pairs with the most promising firsts.
    let mut ranked: Vec<&State> = firsts.iter().collect();
    ranked.sort_by(|left, right| {
        left.distance
            .total_cmp(&right.distance)
            .then(right.score.total_cmp(&left.score))
    });
    if firsts.len() > SHORTLIST {
        search.shortlist = Some(
            ranked
                .iter()
                .map(|state| state.changed[0].clone())
                .collect(),
        );
    }
    // A pair can only reach the target when its second move does about what the best first
    // move did: the distance is nearly additive over moves (each key's distance is a sum, or
    // a minimum, of its parts; a threshold crossed drops a step of 0.1), so a pair does at
    // most about twice the best single move. Far from the target, pairs are not tried.
    let best_gain = ranked
        .first()
        .map_or(0.0, |first| start.distance - first.distance);
    let seconds = if start.distance <= 2.0 * best_gain + PAIR_SLACK {
        (PAIR_EFFORT / firsts.len().clamp(1, SHORTLIST)).max(BEAM_WIDTH)
    } else {
        0
    };
    for first in ranked.iter().take(seconds) {
        search.expand(first, |probe| {
            if probe.class >= target {
                best_reaching(&mut found, &probe.state(), target);
            }
        });
    }
    if let Some(found) = found {
        return found.changed;
    }
    let mut beam = Frontier {
        width: BEAM_WIDTH,
        states: Vec::new(),
    };
    for state in &firsts {
        beam.offer(state.clone());
    }
    // What each shortlisted move did from the start, to predict what it does later.
    let mut deltas: Vec<(f64, f64)> = ranked
        .iter()
        .map(|state| (state.distance - start.distance, state.score - start.score))
        .collect();
    let rounds = search.questionnaire.questions.len().min(200);
    let (mut nearest, mut stalled) = (f64::INFINITY, 0);
    for _ in 1..rounds {
        if beam.states.is_empty() || search.effort > SEARCH_EFFORT || stalled >= STALLED_ROUNDS {
            break;
        }
        // A beam that no longer gets nearer is stuck on a plateau of the distance (a signal
        // several answers raise, which only clears when all of them change).
        let best = beam.states[0].distance;
        if best < nearest {
            (nearest, stalled) = (best, 0);
        } else {
            stalled += 1;
        }
        let mut next = Frontier {
            width: BEAM_WIDTH,
            states: Vec::new(),
        };
        for state in std::mem::take(&mut beam.states) {
            // With a shortlist, a round tries its moves lazily; without one (a questionnaire
            // of few moves), every move.
            if search.shortlist.is_some() {
                if let Some(state) = search.lazy_round(&state, &mut deltas, &mut found) {
                    next.offer(state);
                }
                continue;
            }
            search.expand(&state, |probe| {
                let reaches = probe.class >= target;
                if reaches || next.admits(probe.distance, probe.score) {
                    let state = probe.state();
                    if reaches {
                        best_reaching(&mut found, &state, target);
                    }
                    next.offer(state);
                }
            });
        }
        if let Some(found) = found {
            let pruned = prune(search, found.changed);
            return exchange(search, pruned);
        }
        beam = next;
    }
    let from = beam.states.first().unwrap_or(start).changed.clone();
    greedy(search, from, &ranked)
        .or_else(|| every_best(search))
        .map(|changed| prune(search, changed))
        .unwrap_or_default()
}

/// Every question the search may change, changed to its best answer (follow-ups that opens
/// answered at their best), when that reaches the target: the path of last resort, which
/// pruning then shortens. It exists whenever answering everything at its best is enough.
fn every_best(search: &Search<'_>) -> Option<Vec<(usize, AnswerValue)>> {
    let questionnaire = search.questionnaire;
    let mut tally = Tally::new(questionnaire, search.base.clone());
    let mut changed = Vec::new();
    for position in 0..questionnaire.questions.len() {
        if !changeable(questionnaire, &tally, position) {
            continue;
        }
        let Some(best) = extreme_answer(&questionnaire.questions[position], true) else {
            continue;
        };
        if tally.answers()[position].as_ref() == Some(&best) {
            continue;
        }
        for (question, _) in apply_move(questionnaire, &mut tally, position, best) {
            if let Some(value) = &tally.answers()[question] {
                record(&mut changed, question, value.clone());
            }
        }
    }
    (judge(questionnaire, &tally, search.target, false).0 >= search.target).then_some(changed)
}

/// Completes a set of changes with each question's best first change, in the order the
/// first round ranked them, keeping those that bring the target nearer, until it is reached.
fn greedy(
    search: &mut Search<'_>,
    mut changed: Vec<(usize, AnswerValue)>,
    ranked: &[&State],
) -> Option<Vec<(usize, AnswerValue)>> {
    let questionnaire = search.questionnaire;
    let mut tally = Tally::new(questionnaire, apply(search.base, &changed));
    let (mut class, mut distance) = judge(questionnaire, &tally, search.target, false);
    let mut seen = vec![false; questionnaire.questions.len()];
    for state in ranked {
        if class >= search.target {
            break;
        }
        let (question, to) = &state.changed[0];
        if std::mem::replace(&mut seen[*question], true)
            || !changeable(questionnaire, &tally, *question)
        {
            continue;
        }
        let score = tally.score().unwrap_or(0.0);
        let undo = apply_move(questionnaire, &mut tally, *question, to.clone());
        let (after, nearer) = judge(questionnaire, &tally, search.target, false);
        let better =
            nearer < distance || (nearer == distance && tally.score().unwrap_or(0.0) > score);
        if better {
            for (position, _) in &undo {
                if let Some(value) = &tally.answers()[*position] {
                    record(&mut changed, *position, value.clone());
                }
            }
            class = after;
            distance = nearer;
        } else {
            undo_move(&mut tally, undo);
        }
    }
    (class >= search.target).then_some(changed)
}

/// Drops the changes the target class does not need, one at a time, trying first those whose
/// removal costs the least score (they are the likeliest to be unneeded).
fn prune(search: &Search<'_>, changes: Vec<(usize, AnswerValue)>) -> Vec<(usize, AnswerValue)> {
    let questionnaire = search.questionnaire;
    let mut tally = Tally::new(questionnaire, apply(search.base, &changes));
    let full = tally.score().unwrap_or(0.0);
    let mut order: Vec<(f64, usize)> = changes
        .iter()
        .enumerate()
        .map(|(index, (question, value))| {
            tally.set(*question, search.base[*question].clone());
            let loss = full - tally.score().unwrap_or(0.0);
            tally.set(*question, Some(value.clone()));
            (loss, index)
        })
        .collect();
    order.sort_by(|left, right| left.0.total_cmp(&right.0).then(left.1.cmp(&right.1)));
    let mut keep = vec![true; changes.len()];
    for (_, index) in order {
        let (question, value) = &changes[index];
        tally.set(*question, search.base[*question].clone());
        if judge(questionnaire, &tally, search.target, false).0 >= search.target {
            keep[index] = false;
        } else {
            tally.set(*question, Some(value.clone()));
        }
    }
    changes
        .into_iter()
        .zip(keep)
        .filter_map(|(change, kept)| kept.then_some(change))
        .collect()
}

/// How many pairs of changes of a path the exchange step tries to replace by one.
const EXCHANGE_PAIRS: usize = 10;

/// Shortens a pruned path where two of its changes can be replaced by one other change: the
/// [`EXCHANGE_PAIRS`] pairs whose removal costs least score are taken out in turn, and every
/// single move is tried in their place.
fn exchange(
    search: &mut Search<'_>,
    mut changes: Vec<(usize, AnswerValue)>,
) -> Vec<(usize, AnswerValue)> {
    let questionnaire = search.questionnaire;
    'again: loop {
        if search.effort > SEARCH_EFFORT || changes.len() < 2 {
            return changes;
        }
        let mut tally = Tally::new(questionnaire, apply(search.base, &changes));
        let full = tally.score().unwrap_or(0.0);
        let mut order: Vec<(f64, usize)> = changes
            .iter()
            .enumerate()
            .map(|(index, (question, value))| {
                tally.set(*question, search.base[*question].clone());
                let loss = full - tally.score().unwrap_or(0.0);
                tally.set(*question, Some(value.clone()));
                (loss, index)
            })
            .collect();
        let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
        for (first, &(loss, left)) in order.iter().enumerate() {
            for &(other, right) in &order[first + 1..] {
                pairs.push((loss + other, left, right));
            }
        }
        pairs.sort_by(|a, b| a.0.total_cmp(&b.0).then((a.1, a.2).cmp(&(b.1, b.2))));
        pairs.truncate(EXCHANGE_PAIRS);
        order.clear();
        {
            for &(_, left, right) in &pairs {
                let rest: Vec<(usize, AnswerValue)> = changes
                    .iter()
                    .enumerate()
                    .filter(|(index, _)| *index != left && *index != right)
                    .map(|(_, change)| change.clone())
                    .collect();
                let state = State {
                    changed: rest,
                    distance: 0.0,
                    score: 0.0,
                    class: Class::Amateur,
                };
                let mut found: Option<State> = None;
                let target = search.target;
                search.expand(&state, |probe| {
                    if probe.class >= target {
                        best_reaching(&mut found, &probe.state(), target);
                    }
                });
                if let Some(found) = found {
                    if found.changed.len() < changes.len() {
                        changes = found.changed;
                        continue 'again;
                    }
                }
            }
        }
        return changes;
    }
}

/// For each change, the other changes it waits for: those on a question it is under (by
/// `when`, at any depth).
fn waits_for(
    questionnaire: &ValidQuestionnaire,
    changes: &[(usize, AnswerValue)],
) -> Vec<Vec<usize>> {
    let parents = |question: usize| {
        questionnaire.questions[question]
            .when
            .as_ref()
            .map(crate::validate::ValidWhen::questions)
            .unwrap_or_default()
    };
    changes
        .iter()
        .map(|(position, _)| {
            // Every `when` looks back, so the walk up ends; `seen` keeps shared ancestors single.
            let mut stack = parents(*position);
            let mut seen = std::collections::HashSet::new();
            let mut waits = Vec::new();
            while let Some(parent) = stack.pop() {
                if !seen.insert(parent) {
                    continue;
                }
                waits.extend(
                    changes
                        .iter()
                        .enumerate()
                        .filter(|(_, (changed, _))| *changed == parent)
                        .map(|(index, _)| index),
                );
                stack.extend(parents(parent));
            }
            waits
        })
        .collect()
}

/// Orders a change set so the class never drops on the way up: each step takes, among the
/// changes whose `when` parents are done, one that keeps the class highest, gaining most.
/// Gains and classes are scored exactly, step by step.
fn order_path(
    questionnaire: &ValidQuestionnaire,
    answers: &Answers,
    changes: &[(usize, AnswerValue)],
) -> Vec<Change> {
    let exact = |answers: &Answers| {
        let outcome = evaluate(
            questionnaire,
            &answers.iter().map(Option::as_ref).collect::<Vec<_>>(),
        );
        let class = class_of(questionnaire, &outcome);
        (outcome.score.unwrap_or(0.0), class)
    };
    let waits = waits_for(questionnaire, changes);
    // The changes not yet made, by index into `changes`.
    let mut remaining: Vec<usize> = (0..changes.len()).collect();
    let mut current = answers.clone();
    let (mut score, mut class) = exact(&current);
    let mut result = Vec::with_capacity(changes.len());
    let mut tally = Tally::new(questionnaire, current.clone());
    while !remaining.is_empty() {
        let ready: Vec<usize> = (0..remaining.len())
            .filter(|index| {
                !waits[remaining[*index]]
                    .iter()
                    .any(|waited| remaining.contains(waited))
            })
            .collect();
        let ready = if ready.is_empty() { vec![0] } else { ready };
        let pick = if changes.len() > ORDERED_PATH {
            ready[0]
        } else {
            let mut best: Option<(usize, (Class, f64))> = None;
            for index in ready {
                let (question, value) = &changes[remaining[index]];
                let before = tally.answers()[*question].clone();
                tally.set(*question, Some(value.clone()));
                let rank = (
                    class_of(questionnaire, &tally),
                    tally.score().unwrap_or(0.0),
                );
                tally.set(*question, before);
                // A step that keeps the class beats one that drops it; then the higher
                // class, then the larger gain.
                let key = (rank.0 >= class, rank.0, rank.1);
                let better = best.as_ref().is_none_or(|(_, (best_class, best_score))| {
                    let best_key = (*best_class >= class, *best_class, *best_score);
                    (key.0, key.1)
                        .cmp(&(best_key.0, best_key.1))
                        .then(key.2.total_cmp(&best_key.2))
                        .is_gt()
                });
                if better {
                    best = Some((index, rank));
                }
            }
            best.map_or(0, |(index, _)| index)
        };
        let (question, value) = changes[remaining.remove(pick)].clone();
        let from = current[question].clone();
        current[question] = Some(value.clone());
        tally.set(question, Some(value.clone()));
        // Each step's gain and class come from the tally when its sums are exact (see
        // `Tally::is_exact`: every domain of at most 256 questions), else from scoring
        // afresh; a path longer than ORDERED_PATH is scored afresh at its last step only.
        let (new_score, new_class) =
            if tally.is_exact() || (changes.len() > ORDERED_PATH && !remaining.is_empty()) {
                (
                    tally.score().unwrap_or(0.0),
                    class_of(questionnaire, &tally),
                )
            } else {
                exact(&current)
            };
        result.push(Change {
            question,
            from,
            to: value,
            gain: new_score - score,
            class_after: new_class,
        });
        score = new_score;
        class = new_class;
    }
    result
}

/// The answers a question could be changed to, other than `current` (never `na`).
pub fn candidates(question: &ValidQuestion, current: Option<&AnswerValue>) -> Vec<AnswerValue> {
    let mut result = Vec::new();
    match question.kind() {
        Kind::YesNo | Kind::Choice => {
            for option in 0..question.options.len() {
                result.push(AnswerValue::Option(option));
            }
        }
        Kind::Multi => {
            let chosen: Vec<usize> = match current {
                Some(AnswerValue::Options(options)) => options.clone(),
                _ => Vec::new(),
            };
            for option in 0..question.options.len() {
                let mut next = chosen.clone();
                if let Some(position) = next.iter().position(|existing| *existing == option) {
                    next.remove(position);
                } else if question.options[option].exclusive {
                    // An exclusive option ("none of these") replaces every other choice.
                    next = vec![option];
                } else {
                    // Adding a real answer drops choices worth nothing, such as "none of these",
                    // and every exclusive one.
                    next.retain(|existing| !question.options[*existing].exclusive);
                    if question.options[option].score > 0.0 {
                        next.retain(|existing| question.options[*existing].score > 0.0);
                    }
                    next.push(option);
                    next.sort_unstable();
                }
                result.push(AnswerValue::Options(next));
            }
            let clean: Vec<usize> = (0..question.options.len())
                .filter(|option| {
                    let option = &question.options[*option];
                    option.red_flag.is_none()
                        && option.signals.is_empty()
                        && option.score > 0.0
                        && !option.exclusive
                })
                .collect();
            result.push(AnswerValue::Options(clean));
        }
        Kind::Scale => {
            let (min, max) = question.scale_range();
            if max - min <= 10 {
                result.extend((min..=max).map(AnswerValue::Integer));
            } else {
                result.extend([min, min + (max - min) / 2, max].map(AnswerValue::Integer));
            }
        }
        // Free text has no better or worse answer.
        Kind::Text => {}
        Kind::Number => {
            let bands = &question.definition.bands;
            let mut previous: Option<f64> = None;
            for band in bands {
                let value = match (band.up_to, previous) {
                    (Some(up_to), _) => up_to,
                    (None, Some(before)) => before.floor() + 1.0,
                    (None, None) => 0.0,
                };
                result.push(AnswerValue::Number(value));
                previous = band.up_to;
            }
        }
    }
    let floor = current
        .and_then(|value| answer_score(question, value))
        .unwrap_or(0.0);
    result.retain(|candidate| {
        Some(candidate) != current
            && !is_same_band(question, current, candidate)
            && answer_score(question, candidate).unwrap_or(0.0) >= floor
    });
    result.dedup();
    result
}

fn is_same_band(
    question: &ValidQuestion,
    current: Option<&AnswerValue>,
    candidate: &AnswerValue,
) -> bool {
    match (current, candidate) {
        (Some(AnswerValue::Number(now)), AnswerValue::Number(next)) => {
            band_index(question, *now) == band_index(question, *next)
        }
        _ => false,
    }
}

/// The answer that scores best (`best = true`) or worst for a question; among equal scores,
/// the best case avoids red flags and the worst case takes them.
pub fn extreme_answer(question: &ValidQuestion, best: bool) -> Option<AnswerValue> {
    question.extremes.get_or_init(|| {
        [
            search_extreme(question, true),
            search_extreme(question, false),
        ]
    })[usize::from(!best)]
    .clone()
}

fn search_extreme(question: &ValidQuestion, best: bool) -> Option<AnswerValue> {
    let mut options = candidates(question, None);
    if question.kind() == Kind::Multi {
        options.push(AnswerValue::Options(Vec::new()));
        options.push(AnswerValue::Options(
            (0..question.options.len())
                .filter(|option| !question.options[*option].exclusive)
                .collect(),
        ));
    }
    // Among equal scores, the best answer raises the fewest red flags, then the fewest
    // signals, then chooses the fewest options; the worst the most red flags.
    let rank = |value: &AnswerValue| {
        let score = answer_score(question, value).unwrap_or(0.0);
        let (mut flags, mut signals) = (0usize, 0usize);
        crate::score::for_each_choice(question, value, |raised, red_flag| {
            flags += usize::from(red_flag.is_some());
            signals += raised.len();
        });
        let options = match value {
            AnswerValue::Options(options) => options.len(),
            _ => 0,
        };
        (score, flags, signals, options)
    };
    if best {
        options.into_iter().max_by(|left, right| {
            let (left, right) = (rank(left), rank(right));
            left.0
                .total_cmp(&right.0)
                .then(right.1.cmp(&left.1))
                .then(right.2.cmp(&left.2))
                .then(right.3.cmp(&left.3))
        })
    } else {
        options.into_iter().min_by(|left, right| {
            let (left, right) = (rank(left), rank(right));
            left.0.total_cmp(&right.0).then(right.1.cmp(&left.1))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn questionnaire(text: &str) -> ValidQuestionnaire {
        let source =
            crate::source::Source::from_bytes("q.yaml".into(), None, text.as_bytes()).unwrap();
        let document = crate::yaml::Document::parse(source).unwrap();
        crate::validate::questionnaire::validate(&document).unwrap()
    }

    const SMALL: &str = r#"
format: mspcheck/questionnaire/1
id: small
version: 1.0.0
title: Small
domains: [{ id: d, title: D, weight: 1 }]
questions:
  - { id: d.a, domain: d, text: A, kind: yes_no, options: [{ value: "no", score: 0, red_flag: A missing }] }
  - { id: d.b, domain: d, text: B, kind: yes_no }
  - { id: d.c, domain: d, text: C, kind: yes_no, weight: 3 }
  - { id: d.d, domain: d, text: D, kind: yes_no }
classification:
  rules:
    - { class: mature, if: { red_flags_at_most: 0, score_at_least: 50 } }
    - { class: amateur, if: {} }
"#;

    #[test]
    fn minimal_change_set_clears_the_red_flag_and_adds_the_heaviest_answer() {
        let questionnaire = questionnaire(SMALL);
        // All "no": score 0, one red flag. Mature needs the flag cleared (d.a = yes, weight 1)
        // and score ≥ 50: with d.a alone the score is 1/6 ≈ 16.7; adding d.c (weight 3) gives 66.7.
        let answers: Answers = vec![Some(AnswerValue::Option(1)); 4];
        let roadmap = roadmap(&questionnaire, &answers, 5);
        let mut changed: Vec<usize> = roadmap.path.iter().map(|change| change.question).collect();
        changed.sort_unstable();
        assert_eq!(changed, vec![0, 2]);
        assert_eq!(roadmap.path.last().unwrap().class_after, Class::Mature);
        assert_eq!(roadmap.target, Some(Class::Mature));
    }

    #[test]
    fn a_target_proven_out_of_reach_gets_no_path_and_no_search() {
        // A red flag on a context question (never proposed for change) keeps mature out of
        // reach whatever else changes: the proof says so before any search.
        let questionnaire = questionnaire(
            r#"
format: mspcheck/questionnaire/1
id: gated
version: 1.0.0
title: Gated
domains: [{ id: d, title: D, weight: 1 }]
questions:
  - { id: d.context, domain: d, text: C, kind: yes_no, scored: false, options: [{ value: "no", score: 0, red_flag: Outside our control }] }
  - { id: d.b, domain: d, text: B, kind: yes_no }
  - { id: d.c, domain: d, text: C, kind: yes_no }
classification:
  rules:
    - { class: mature, if: { red_flags_at_most: 0, score_at_least: 50 } }
    - { class: amateur, if: {} }
"#,
        );
        let answers: Answers = vec![Some(AnswerValue::Option(1)); 3];
        let open = [false, true, true];
        assert!(!crate::range::may_reach(
            &questionnaire,
            &answers,
            &open,
            Class::Mature
        ));
        assert!(crate::range::may_reach(
            &questionnaire,
            &answers,
            &[true, true, true],
            Class::Mature
        ));
        let plan = roadmap(&questionnaire, &answers, 5);
        assert_eq!(plan.target, Some(Class::Mature));
        assert!(plan.path.is_empty());
        // The gains are still offered.
        assert_eq!(plan.gains.len(), 2);
    }

    #[test]
    fn mature_has_no_path_but_may_have_gains() {
        let questionnaire = questionnaire(SMALL);
        let answers: Answers = vec![
            Some(AnswerValue::Option(0)),
            Some(AnswerValue::Option(1)),
            Some(AnswerValue::Option(0)),
            Some(AnswerValue::Option(0)),
        ];
        let roadmap = roadmap(&questionnaire, &answers, 5);
        assert_eq!(roadmap.target, None);
        assert!(roadmap.path.is_empty());
        assert_eq!(roadmap.gains.len(), 1);
        assert_eq!(roadmap.gains[0].question, 1);
        assert!((roadmap.gains[0].gain - 100.0 / 6.0).abs() < 1e-9);
    }

    #[test]
    fn unanswered_questions_fill_to_best_and_worst() {
        let questionnaire = questionnaire(SMALL);
        let answers: Answers = vec![None, Some(AnswerValue::Option(0)), None, None];
        let best = crate::range::fill_unanswered(&questionnaire, &answers, true);
        let worst = crate::range::fill_unanswered(&questionnaire, &answers, false);
        let class = |answers: &Answers| {
            class_of(&questionnaire, &Tally::new(&questionnaire, answers.clone()))
        };
        assert_eq!(class(&best), Class::Mature);
        assert_eq!(class(&worst), Class::Amateur);
    }

    const WITH_WHEN: &str = r#"
format: mspcheck/questionnaire/1
id: when
version: 1.0.0
title: When
domains: [{ id: d, title: D, weight: 1 }]
questions:
  - { id: d.mfa, domain: d, text: MFA?, kind: yes_no, options: [{ value: "no", score: 0, signals: [no_mfa] }] }
  - id: d.method
    domain: d
    text: Which method?
    kind: choice
    when: { question: d.mfa, in: ["yes"] }
    options: [{ value: sms, score: 0.2, signals: [weak_mfa] }, { value: key, score: 1 }]
  - { id: d.other, domain: d, text: Other?, kind: yes_no }
classification:
  rules:
    - { class: mature, if: { signals_none: [no_mfa, weak_mfa], score_at_least: 60 } }
    - { class: amateur, if: {} }
"#;

    #[test]
    fn a_change_that_opens_a_follow_up_answers_it_too() {
        let questionnaire = questionnaire(WITH_WHEN);
        // MFA "no" (the follow-up does not apply), other "yes": score 50, amateur.
        let answers: Answers = vec![
            Some(AnswerValue::Option(1)),
            None,
            Some(AnswerValue::Option(0)),
        ];
        let roadmap = roadmap(&questionnaire, &answers, 5);
        let changes: Vec<(usize, AnswerValue)> = roadmap
            .path
            .iter()
            .map(|change| (change.question, change.to.clone()))
            .collect();
        // Turning MFA on opens `d.method`; only a phishing-resistant key avoids `weak_mfa`.
        assert_eq!(
            changes,
            vec![(0, AnswerValue::Option(0)), (1, AnswerValue::Option(1))]
        );
        assert_eq!(roadmap.path.last().unwrap().class_after, Class::Mature);
    }

    #[test]
    fn never_proposes_na_or_a_worse_answer() {
        let questionnaire = questionnaire(SMALL);
        let question = &questionnaire.questions[2];
        assert!(
            candidates(question, Some(&AnswerValue::Option(0))).is_empty(),
            "yes is already the best answer"
        );
        assert_eq!(
            candidates(question, Some(&AnswerValue::Option(1))),
            vec![AnswerValue::Option(0)]
        );
    }
}

#[cfg(test)]
mod properties {
    //! Properties over random answers to every bundled questionnaire: progress never lowers
    //! the class, and every computed path replays to the class it claims.

    use super::*;
    use crate::load::{load_answers, Catalog};

    fn bundled(which: usize) -> std::sync::Arc<crate::load::Loaded> {
        Catalog::default()
            .load_named(["msp", "mssp", "quick"][which])
            .unwrap()
    }

    fn answers_from(questionnaire: &ValidQuestionnaire, seeds: &[u32], gap: u32) -> Answers {
        questionnaire
            .questions
            .iter()
            .zip(seeds.iter().cycle())
            .map(|(question, seed)| {
                let mut choices = candidates(question, None);
                if question.definition.allow_na {
                    choices.push(AnswerValue::NotApplicable);
                }
                (seed % 100 >= gap).then(|| choices[(seed / 100) as usize % choices.len()].clone())
            })
            .collect()
    }

    fn exact_class(questionnaire: &ValidQuestionnaire, answers: &Answers) -> Class {
        let outcome = evaluate(
            questionnaire,
            &answers.iter().map(Option::as_ref).collect::<Vec<_>>(),
        );
        class_of(questionnaire, &outcome)
    }

    fn raises_red_flag(question: &ValidQuestion, value: &AnswerValue) -> bool {
        let mut flagged = false;
        crate::score::for_each_choice(question, value, |_, red_flag| flagged |= red_flag.is_some());
        flagged
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

        /// Changing an answer to one that scores higher and raises no red flag (follow-ups it
        /// opens answered at their best) never lowers the class.
        #[test]
        fn a_better_answer_never_lowers_the_class(seeds in proptest::collection::vec(0u32..1_000_000, 60), which in 0usize..3, gap in 0u32..40, pick in 0usize..10_000, option in 0usize..64) {
            let loaded = bundled(which);
            let questionnaire = &loaded.questionnaire;
            let answers = answers_from(questionnaire, &seeds, gap);
            let mut tally = Tally::new(questionnaire, answers.clone());
            let answered: Vec<usize> = (0..answers.len())
                .filter(|position| changeable(questionnaire, &tally, *position) && answers[*position].is_some())
                .collect();
            proptest::prop_assume!(!answered.is_empty());
            let position = answered[pick % answered.len()];
            let question = &questionnaire.questions[position];
            let current = answers[position].as_ref().unwrap();
            let floor = answer_score(question, current).unwrap_or(0.0);
            let better: Vec<AnswerValue> = candidates(question, Some(current))
                .into_iter()
                .filter(|value| answer_score(question, value).unwrap_or(0.0) > floor && !raises_red_flag(question, value))
                .collect();
            proptest::prop_assume!(!better.is_empty());
            let before = exact_class(questionnaire, &answers);
            apply_move(questionnaire, &mut tally, position, better[option % better.len()].clone());
            let after = exact_class(questionnaire, &tally.answers().to_vec());
            proptest::prop_assert!(after >= before, "{} {:?}: {:?} -> {:?}", question.id(), better[option % better.len()], before, after);
        }

    }

    #[test]
    fn a_beam_stalled_on_a_plateau_still_finds_the_path() {
        // `bills_for_failures` is raised by three answers: changing one of them leaves the
        // distance where it was, the beam stalled, and no path was offered although answering
        // everything at its best is mature.
        let catalog = Catalog::default();
        let loaded =
            load_answers(&catalog, "tests/fixtures/roadmap/stalled-beam.yaml", None).unwrap();
        let questionnaire = &loaded.questionnaire.questionnaire;
        let answers: Answers = loaded
            .answers
            .answers
            .iter()
            .map(|answer| answer.value.clone())
            .collect();
        let plan = roadmap(questionnaire, &answers, 3);
        assert_eq!(plan.target, Some(Class::Mature));
        assert!(!plan.path.is_empty(), "a path exists");
        let mut current = answers.clone();
        for step in &plan.path {
            current[step.question] = Some(step.to.clone());
        }
        assert_eq!(exact_class(questionnaire, &current), Class::Mature);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

        /// `may_reach` is a proof: when it says the target is out of reach, no sequence of
        /// re-answered open questions (random ones, `na` included) reaches it.
        #[test]
        fn out_of_reach_is_never_reached(seeds in proptest::collection::vec(0u32..1_000_000, 60), which in 0usize..3, gap in 0u32..60, fixed in 0u32..100, moves in proptest::collection::vec((0usize..10_000, 0usize..64), 1..40)) {
            let loaded = bundled(which);
            let questionnaire = &loaded.questionnaire;
            let answers = answers_from(questionnaire, &seeds, gap);
            // A random share of the answers is held fixed, so that out of reach is common.
            let open: Vec<bool> = questionnaire
                .questions
                .iter()
                .zip(&answers)
                .enumerate()
                .map(|(position, (question, answer))| {
                    question.scored
                        && question.kind() != Kind::Text
                        && *answer != Some(AnswerValue::NotApplicable)
                        && (seeds[(position * 7) % seeds.len()] / 7) % 100 >= fixed
                })
                .collect();
            let reachable = crate::range::may_reach(questionnaire, &answers, &open, Class::Mature);
            proptest::prop_assume!(!reachable);
            let positions: Vec<usize> = (0..answers.len()).filter(|position| open[*position]).collect();
            proptest::prop_assume!(!positions.is_empty());
            let mut current = answers.clone();
            for (pick, option) in moves {
                let position = positions[pick % positions.len()];
                let question = &questionnaire.questions[position];
                let mut choices = candidates(question, None);
                if question.definition.allow_na {
                    choices.push(AnswerValue::NotApplicable);
                }
                current[position] = Some(choices[option % choices.len()].clone());
                proptest::prop_assert!(exact_class(questionnaire, &current) < Class::Mature);
            }
        }

        /// The walk that stops at the first deciding key (classification, the search's test of
        /// the rules below its target) gives exactly the full walk's truth, for every rule,
        /// questionnaire flag and consistency check of the bundled questionnaires.
        #[test]
        fn the_short_walk_decides_as_the_full_walk(seeds in proptest::collection::vec(0u32..1_000_000, 60), which in 0usize..3, gap in 0u32..60) {
            let loaded = bundled(which);
            let questionnaire = &loaded.questionnaire;
            let tally = Tally::new(questionnaire, answers_from(questionnaire, &seeds, gap));
            let conditions = questionnaire
                .rules
                .iter()
                .map(|rule| &rule.condition)
                .chain(questionnaire.flags.iter().map(|flag| &flag.condition))
                .chain(questionnaire.consistency.iter().map(|check| &check.condition));
            for condition in conditions {
                proptest::prop_assert_eq!(condition.truth(&tally), condition.verdict(&tally).truth);
            }
        }
    }

    proptest::proptest! {
        // Each case runs the full search: few cases keep the debug-build suite fast.
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(10))]

        /// Every computed path, replayed step by step with SPEC's arithmetic, gives each step's
        /// class, never drops a class on the way, and ends at the target.
        #[test]
        fn every_path_replays_to_the_class_it_claims(seeds in proptest::collection::vec(0u32..1_000_000, 60), which in 0usize..3, gap in 0u32..60) {
            let loaded = bundled(which);
            let questionnaire = &loaded.questionnaire;
            let answers = answers_from(questionnaire, &seeds, gap);
            let plan = roadmap(questionnaire, &answers, 3);
            let mut current = answers.clone();
            let mut class = exact_class(questionnaire, &current);
            for step in &plan.path {
                proptest::prop_assert_eq!(&current[step.question], &step.from);
                current[step.question] = Some(step.to.clone());
                let now = exact_class(questionnaire, &current);
                proptest::prop_assert_eq!(now, step.class_after);
                proptest::prop_assert!(now >= class, "the path drops from {:?} to {:?}", class, now);
                class = now;
            }
            if let (Some(target), Some(last)) = (plan.target, plan.path.last()) {
                proptest::prop_assert!(last.class_after >= target);
            }
            // Whenever answering every changeable question at its best reaches the target, a
            // path is offered.
            if let Some(target) = plan.target {
                let mut best = answers.clone();
                let mut tally = Tally::new(questionnaire, answers.clone());
                for position in 0..best.len() {
                    if changeable(questionnaire, &tally, position) {
                        if let Some(value) = extreme_answer(&questionnaire.questions[position], true) {
                            apply_move(questionnaire, &mut tally, position, value);
                        }
                    }
                }
                best.clone_from(&tally.answers().to_vec());
                if exact_class(questionnaire, &best) >= target {
                    proptest::prop_assert!(!plan.path.is_empty(), "mature is reachable, yet no path");
                }
            }
        }
    }

    #[test]
    fn three_real_fixes_keep_quick_pseudo_at_least_pseudo() {
        // The issue's case: monitoring, automated patching and MFA planned ahead.
        let catalog = Catalog::default();
        let loaded = load_answers(&catalog, "examples/quick-pseudo.yaml", None).unwrap();
        let questionnaire = &loaded.questionnaire.questionnaire;
        let mut answers: Answers = loaded
            .answers
            .answers
            .iter()
            .map(|answer| answer.value.clone())
            .collect();
        assert_eq!(exact_class(questionnaire, &answers), Class::Pseudo);
        for (id, value) in [
            ("operations.detection", "monitoring"),
            ("operations.patching", "automated_reported"),
            ("mfa.vendor_enforcement", "planned_ahead"),
        ] {
            let position = questionnaire.question_index(id).unwrap();
            let option = questionnaire.questions[position]
                .option_index(value)
                .unwrap();
            answers[position] = Some(AnswerValue::Option(option));
            assert!(
                exact_class(questionnaire, &answers) >= Class::Pseudo,
                "after {id}"
            );
        }
    }
}
