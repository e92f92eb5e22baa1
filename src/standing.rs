//! How firm a verdict is. `classification` stays SPEC's (the first rule that holds); the
//! standing says whether the answers given hold it back from a higher class only through
//! red flags ([`held_back`]), or whether the unanswered questions could still change it (the
//! exact range, `crate::range`). Pure functions over checked values.
//!
//! Clearing an answer's red flag changes that answer to its best one; clearing a
//! questionnaire flag (`flags:`) leaves the answers as they are and no longer counts it, as
//! if the gap it names were closed (its condition reads several answers, and no one change
//! of them is *the* fix).

use crate::classify::class_of;
use crate::model::questionnaire::Class;
use crate::roadmap::{apply_move, extreme_answer, Answers};
use crate::score::{for_each_choice_id, FlagSource, Tally};
use crate::validate::ValidQuestionnaire;

/// Most red-flag answers whose every subset is tried for the smallest set that suffices;
/// beyond, unneeded ones are dropped one by one.
const EXHAUSTIVE_FLAGS: usize = 12;

/// A higher class that only red-flag answers stand in the way of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldBack {
    /// The class the answers would get with those red flags cleared.
    pub from: Class,
    /// The red flags whose clearing suffices: the smallest such set found, answers' red
    /// flags (by question) first, in question order, then questionnaire flags.
    pub by: Vec<FlagSource>,
}

/// The best answer of `question` when it raises no red flag.
fn clean_best(
    questionnaire: &ValidQuestionnaire,
    question: usize,
) -> Option<crate::validate::AnswerValue> {
    let question = &questionnaire.questions[question];
    let best = extreme_answer(question, true)?;
    let mut flagged = false;
    for_each_choice_id(question, &best, |_, red_flag| flagged |= red_flag.is_some());
    (!flagged).then_some(best)
}

/// The class after clearing each of `flags`: an answer's red flag by changing the answer to
/// its best one (follow-ups it opens answered at their best too), a questionnaire flag by
/// no longer counting it.
fn class_with_cleared(
    questionnaire: &ValidQuestionnaire,
    tally: &mut Tally<'_>,
    flags: &[FlagSource],
) -> Class {
    let mut undo = Vec::new();
    for flag in flags {
        match *flag {
            FlagSource::Answer(question) => {
                if let Some(best) = clean_best(questionnaire, question) {
                    undo.push(apply_move(questionnaire, tally, question, best));
                }
            }
            FlagSource::Flag(flag) => tally.suppress_flag(flag, true),
        }
    }
    let class = class_of(questionnaire, &*tally);
    for flag in flags {
        if let FlagSource::Flag(flag) = *flag {
            tally.suppress_flag(flag, false);
        }
    }
    for changes in undo.into_iter().rev() {
        for (position, value) in changes.into_iter().rev() {
            tally.set(position, value);
        }
    }
    class
}

/// Would changing only the answers that raise red flags, each to its best answer, give a
/// higher class than `class`? Then which class, and the smallest set of those answers that
/// suffices.
pub fn held_back(
    questionnaire: &ValidQuestionnaire,
    answers: &Answers,
    red_flags: &[FlagSource],
    class: Class,
) -> Option<HeldBack> {
    let mut flagged: Vec<FlagSource> = red_flags.to_vec();
    flagged.sort_unstable_by_key(|flag| match flag {
        FlagSource::Answer(question) => (0, *question),
        FlagSource::Flag(flag) => (1, *flag),
    });
    flagged.dedup();
    flagged.retain(|flag| match flag {
        FlagSource::Answer(question) => clean_best(questionnaire, *question).is_some(),
        FlagSource::Flag(_) => true,
    });
    if flagged.is_empty() {
        return None;
    }
    let mut tally = Tally::new(questionnaire, answers.clone());
    let from = class_with_cleared(questionnaire, &mut tally, &flagged);
    if from <= class {
        return None;
    }
    let by = if flagged.len() <= EXHAUSTIVE_FLAGS {
        // Every subset, smallest first (then in question order).
        let mut masks: Vec<u32> = (1..1u32 << flagged.len()).collect();
        masks.sort_by_key(|mask| (mask.count_ones(), *mask));
        masks
            .into_iter()
            .map(|mask| {
                flagged
                    .iter()
                    .enumerate()
                    .filter(|(bit, _)| mask & (1 << bit) != 0)
                    .map(|(_, flag)| *flag)
                    .collect::<Vec<FlagSource>>()
            })
            .find(|subset| class_with_cleared(questionnaire, &mut tally, subset) >= from)
            .unwrap_or(flagged)
    } else {
        let mut needed = flagged;
        let mut position = 0;
        while position < needed.len() {
            let mut without = needed.clone();
            without.remove(position);
            if class_with_cleared(questionnaire, &mut tally, &without) >= from {
                needed = without;
            } else {
                position += 1;
            }
        }
        needed
    };
    Some(HeldBack { from, by })
}
