//! Properties of the scoring engine over random answers to the bundled questionnaires:
//! scores stay in 0–100, improving an answer never lowers its domain's score, and `na` on
//! one question changes no other domain.

use mspcheck::load::Catalog;
use mspcheck::roadmap::candidates;
use mspcheck::score::{answer_score, evaluate};
use mspcheck::validate::{AnswerValue, ValidQuestionnaire};
use proptest::prelude::*;

fn bundled(id: &str) -> ValidQuestionnaire {
    Catalog::default()
        .load_named(id)
        .unwrap()
        .questionnaire
        .clone()
}

/// Turns random numbers into one answer per question: unanswered, `na` where allowed, or
/// one of the question's possible answers.
fn answers_from(questionnaire: &ValidQuestionnaire, seeds: &[u32]) -> Vec<Option<AnswerValue>> {
    questionnaire
        .questions
        .iter()
        .zip(seeds)
        .map(|(question, seed)| {
            let choices = candidates(question, None);
            match seed % (choices.len() as u32 + 2) {
                0 => None,
                1 if question.definition.allow_na => Some(AnswerValue::NotApplicable),
                1 => None,
                pick => Some(choices[(pick - 2) as usize].clone()),
            }
        })
        .collect()
}

fn borrowed(answers: &[Option<AnswerValue>]) -> Vec<Option<&AnswerValue>> {
    answers.iter().map(Option::as_ref).collect()
}

fn has_dependents(questionnaire: &ValidQuestionnaire, position: usize) -> bool {
    questionnaire.questions.iter().any(|question| {
        question
            .when
            .as_ref()
            .is_some_and(|when| when.questions().contains(&position))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn scores_stay_within_0_and_100(seeds in proptest::collection::vec(any::<u32>(), 100), which in 0usize..3) {
        let questionnaire = bundled(["msp", "mssp", "quick"][which]);
        let answers = answers_from(&questionnaire, &seeds);
        let outcome = evaluate(&questionnaire, &borrowed(&answers));
        if let Some(score) = outcome.score {
            prop_assert!((0.0..=100.0).contains(&score), "overall {score}");
        }
        for domain in &outcome.domains {
            if let Some(score) = domain.score {
                prop_assert!((0.0..=100.0).contains(&score));
            }
            prop_assert!(domain.answered <= domain.applicable);
        }
        prop_assert!((0.0..=1.0).contains(&outcome.coverage));
    }

    #[test]
    fn a_better_answer_never_lowers_its_domain_score(seeds in proptest::collection::vec(any::<u32>(), 100), position in 0usize..85, pick in any::<u32>()) {
        let questionnaire = bundled("msp");
        let position = position % questionnaire.questions.len();
        // A question others depend on can switch them on or off; the invariant is about one answer.
        prop_assume!(!has_dependents(&questionnaire, position));
        let mut answers = answers_from(&questionnaire, &seeds);
        let question = &questionnaire.questions[position];
        let choices = candidates(question, None);
        let first = choices[(pick as usize) % choices.len()].clone();
        let second = choices[(pick as usize / 7) % choices.len()].clone();
        let (worse, better) = if answer_score(question, &first) <= answer_score(question, &second) { (first, second) } else { (second, first) };
        answers[position] = Some(worse);
        let before = evaluate(&questionnaire, &borrowed(&answers));
        prop_assume!(before.applicable[position]);
        answers[position] = Some(better);
        let after = evaluate(&questionnaire, &borrowed(&answers));
        let domain = question.domain;
        prop_assert!(after.domains[domain].score.unwrap() >= before.domains[domain].score.unwrap() - 1e-9);
    }

    #[test]
    fn na_on_one_question_changes_no_other_domain(seeds in proptest::collection::vec(any::<u32>(), 100), position in 0usize..85) {
        let questionnaire = bundled("msp");
        let allowing: Vec<usize> = (0..questionnaire.questions.len()).filter(|index| questionnaire.questions[*index].definition.allow_na).collect();
        prop_assume!(!allowing.is_empty());
        let position = allowing[position % allowing.len()];
        let mut answers = answers_from(&questionnaire, &seeds);
        let before = evaluate(&questionnaire, &borrowed(&answers));
        answers[position] = Some(AnswerValue::NotApplicable);
        let after = evaluate(&questionnaire, &borrowed(&answers));
        let own = questionnaire.questions[position].domain;
        for (index, (old, new)) in before.domains.iter().zip(&after.domains).enumerate() {
            if index != own && !has_dependents(&questionnaire, position) {
                prop_assert_eq!(old, new);
            }
        }
    }
}
