//! The interview's state, with no terminal in sight: the answers so far, which questions
//! apply, where the interview stands, and where each navigation step leads. Every front end
//! (pick-lists on a terminal, or the line protocol) drives the same `Session`.

use chrono::NaiveDate;

use crate::answers_file::Entry;
use crate::score::applicability;
use crate::validate::{AnswerValue, ValidQuestionnaire};

/// Where the interview stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    /// Asking the question with this index.
    Question(usize),
    /// Past the last question that applies.
    End,
}

/// What the person asked for at a prompt.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// This answer.
    Answer(AnswerValue),
    /// Move on, leaving the question as it is (unanswered, or with its answer).
    Skip,
    /// Remove the answer and move on.
    Clear,
    /// Show the question's help, then ask again.
    Help,
    /// Go to the previous question that applies.
    Back,
    /// Go to the first question that applies and has no answer.
    FirstUnanswered,
    /// This answer to another question (given by id in the line protocol: `ID: ANSWER`).
    AnswerTo(usize, AnswerValue),
    /// Stop here; everything is saved.
    Finish,
    /// A fact about the client for the header (`client.sector: finance` in the line
    /// protocol); the same question is asked again.
    Client(super::line::ClientFact),
}

/// "question 12 of 64", and the same within the question's domain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    /// 1-based position among the questions that apply.
    pub number: usize,
    /// Questions that apply.
    pub total: usize,
    /// Index of the question's domain.
    pub domain: usize,
    /// 1-based position among the domain's questions that apply.
    pub domain_number: usize,
    /// The domain's questions that apply.
    pub domain_total: usize,
    /// Questions that apply and have an answer.
    pub answered: usize,
}

/// The counts shown at the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    /// Questions that apply.
    pub applicable: usize,
    /// Of those, answered (`na` included).
    pub answered: usize,
    /// Of the answered, `na`.
    pub not_applicable: usize,
    /// Questions that apply and have no answer.
    pub skipped: usize,
    /// Answered questions not marked `verified`.
    pub unverified: usize,
    /// Answers kept for questions that no longer apply.
    pub kept_inapplicable: usize,
}

/// An interview in progress.
#[derive(Debug, Clone)]
pub struct Session<'q> {
    /// The questionnaire asked.
    pub questionnaire: &'q ValidQuestionnaire,
    /// What is known per question, indexed like the questions.
    pub entries: Vec<Entry>,
    /// Where the interview stands.
    pub position: Position,
    /// The date a changed answer describes when the old one carried its own date.
    today: NaiveDate,
    /// Stepping through answered questions one by one after going back: moving on goes to
    /// the next question in order rather than to the next unanswered one.
    reviewing: bool,
}

impl<'q> Session<'q> {
    /// A session over `entries` (one per question), placed at the first unanswered question.
    pub fn new(
        questionnaire: &'q ValidQuestionnaire,
        mut entries: Vec<Entry>,
        today: NaiveDate,
    ) -> Session<'q> {
        entries.resize_with(questionnaire.questions.len(), Entry::default);
        let mut session = Session {
            questionnaire,
            entries,
            position: Position::End,
            today,
            reviewing: false,
        };
        session.position = session
            .first_unanswered()
            .map_or(Position::End, Position::Question);
        session
    }

    /// Which questions apply under the current answers.
    pub fn applicable(&self) -> Vec<bool> {
        let values: Vec<Option<&AnswerValue>> = self
            .entries
            .iter()
            .map(|entry| entry.value.as_ref())
            .collect();
        applicability(self.questionnaire, &values)
    }

    /// The first question that applies and has no answer.
    pub fn first_unanswered(&self) -> Option<usize> {
        let applicable = self.applicable();
        (0..self.entries.len())
            .find(|&position| applicable[position] && self.entries[position].value.is_none())
    }

    /// The first question after `position` that applies, or the end.
    pub fn next_after(&self, position: usize) -> Position {
        let applicable = self.applicable();
        (position + 1..self.entries.len())
            .find(|&next| applicable[next])
            .map_or(Position::End, Position::Question)
    }

    /// The last question before the current position that applies (`None` at the first).
    pub fn previous(&self) -> Option<usize> {
        let applicable = self.applicable();
        let before = match self.position {
            Position::Question(position) => position,
            Position::End => self.entries.len(),
        };
        (0..before).rev().find(|&previous| applicable[previous])
    }

    /// The first question after `position` that applies and has no answer, or the end.
    pub fn next_unanswered_after(&self, position: usize) -> Position {
        let applicable = self.applicable();
        (position + 1..self.entries.len())
            .find(|&next| applicable[next] && self.entries[next].value.is_none())
            .map_or(Position::End, Position::Question)
    }

    /// Moves past the current question: to the next one that still needs an answer (so a
    /// resumed interview never walks through what is answered), or, after going back, to
    /// the next one in order until an unanswered one is reached.
    pub fn advance(&mut self) {
        if let Position::Question(position) = self.position {
            self.position = if self.reviewing {
                self.next_after(position)
            } else {
                self.next_unanswered_after(position)
            };
            if let Position::Question(next) = self.position {
                if self.entries[next].value.is_none() {
                    self.reviewing = false;
                }
            }
        }
    }

    /// Goes back one question; false (staying put) when there is none before.
    pub fn back(&mut self) -> bool {
        match self.previous() {
            Some(previous) => {
                self.position = Position::Question(previous);
                self.reviewing = true;
                true
            }
            None => false,
        }
    }

    /// Goes to the first unanswered question; false (staying put) when every one is answered.
    pub fn jump_to_first_unanswered(&mut self) -> bool {
        match self.first_unanswered() {
            Some(position) => {
                self.position = Position::Question(position);
                self.reviewing = false;
                true
            }
            None => false,
        }
    }

    /// Records an answer. A changed answer is no longer verified (the check was of the old
    /// one), and one that carried its own date now describes today. Returns whether anything
    /// changed.
    pub fn answer(&mut self, position: usize, value: AnswerValue) -> bool {
        let today = self.today;
        let entry = &mut self.entries[position];
        if entry.value.as_ref() == Some(&value) {
            return false;
        }
        if entry.value.is_some() {
            entry.verified = false;
            if entry.as_of.is_some() {
                entry.as_of = Some(today);
            }
        }
        entry.value = Some(value);
        true
    }

    /// Removes an answer, keeping its note and evidence. Returns whether anything changed.
    pub fn clear(&mut self, position: usize) -> bool {
        let entry = &mut self.entries[position];
        let changed = entry.value.is_some();
        entry.value = None;
        entry.verified = false;
        changed
    }

    /// Where `position` stands among the questions that apply.
    pub fn progress(&self, position: usize) -> Progress {
        let applicable = self.applicable();
        let domain = self.questionnaire.questions[position].domain;
        let applying: Vec<usize> = (0..self.entries.len())
            .filter(|&other| applicable[other])
            .collect();
        let in_domain: Vec<usize> = applying
            .iter()
            .copied()
            .filter(|&other| self.questionnaire.questions[other].domain == domain)
            .collect();
        Progress {
            number: applying
                .iter()
                .filter(|&&other| other <= position)
                .count()
                .max(1),
            total: applying.len(),
            domain,
            domain_number: in_domain
                .iter()
                .filter(|&&other| other <= position)
                .count()
                .max(1),
            domain_total: in_domain.len(),
            answered: applying
                .iter()
                .filter(|&&other| self.entries[other].value.is_some())
                .count(),
        }
    }

    /// The counts for the end of the interview.
    pub fn summary(&self) -> Summary {
        let applicable = self.applicable();
        let mut summary = Summary::default();
        for (entry, applies) in self.entries.iter().zip(&applicable) {
            match (&entry.value, applies) {
                (Some(_), false) => summary.kept_inapplicable += 1,
                (None, false) => {}
                (None, true) => {
                    summary.applicable += 1;
                    summary.skipped += 1;
                }
                (Some(value), true) => {
                    summary.applicable += 1;
                    summary.answered += 1;
                    if *value == AnswerValue::NotApplicable {
                        summary.not_applicable += 1;
                    }
                    if !entry.verified {
                        summary.unverified += 1;
                    }
                }
            }
        }
        summary
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Source;
    use crate::yaml::Document;

    /// Four questions: `uses_cloud` (yes/no), `cloud.mfa` only when it is yes, `backup`
    /// (choice, `na` allowed) in a second domain, and `notes` (number).
    const QUESTIONNAIRE: &str = r#"
format: mspcheck/questionnaire/1
id: nav
version: 1.0.0
title: Navigation
domains:
  - {id: cloud, title: Cloud, weight: 1}
  - {id: other, title: Other, weight: 1}
questions:
  - {id: uses_cloud, domain: cloud, text: Cloud?, kind: yes_no}
  - {id: cloud.mfa, domain: cloud, text: MFA?, kind: yes_no, when: {question: uses_cloud, in: ["yes"]}}
  - id: backup
    domain: other
    text: Backup?
    kind: choice
    allow_na: true
    options: [{value: tested, score: 1}, {value: none, score: 0}]
  - {id: patch_days, domain: other, text: Days?, kind: number, bands: [{up_to: 14, score: 1}, {score: 0}]}
classification:
  rules:
    - {class: amateur, if: {}}
"#;

    fn questionnaire() -> ValidQuestionnaire {
        let document = Document::parse(
            Source::from_bytes("q.yaml".into(), None, QUESTIONNAIRE.as_bytes()).unwrap(),
        )
        .unwrap();
        crate::validate::questionnaire::validate(&document).unwrap()
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    const YES: AnswerValue = AnswerValue::Option(0);
    const NO: AnswerValue = AnswerValue::Option(1);

    #[test]
    fn starts_at_the_first_unanswered_question() {
        let questionnaire = questionnaire();
        let session = Session::new(&questionnaire, Vec::new(), today());
        assert_eq!(session.position, Position::Question(0));
        let mut entries = vec![Entry::default(); 4];
        entries[0].value = Some(NO);
        entries[2].value = Some(AnswerValue::Option(0));
        let session = Session::new(&questionnaire, entries, today());
        assert_eq!(
            session.position,
            Position::Question(3),
            "cloud.mfa does not apply after `no`"
        );
    }

    #[test]
    fn a_complete_file_starts_at_the_end() {
        let questionnaire = questionnaire();
        let mut entries = vec![Entry::default(); 4];
        entries[0].value = Some(NO);
        entries[2].value = Some(AnswerValue::NotApplicable);
        entries[3].value = Some(AnswerValue::Number(3.0));
        let session = Session::new(&questionnaire, entries, today());
        assert_eq!(session.position, Position::End);
        assert_eq!(session.previous(), Some(3));
    }

    #[test]
    fn skips_questions_whose_when_fails_and_asks_them_once_it_holds() {
        let questionnaire = questionnaire();
        let mut session = Session::new(&questionnaire, Vec::new(), today());
        session.answer(0, NO);
        session.advance();
        assert_eq!(session.position, Position::Question(2));
        assert!(session.back());
        assert_eq!(
            session.position,
            Position::Question(0),
            "back skips the question that does not apply"
        );
        session.answer(0, YES);
        session.advance();
        assert_eq!(
            session.position,
            Position::Question(1),
            "the changed answer turns `cloud.mfa` on"
        );
    }

    #[test]
    fn moving_on_skips_what_is_answered_unless_reviewing_after_back() {
        let questionnaire = questionnaire();
        let mut entries = vec![Entry::default(); 4];
        entries[0].value = Some(YES);
        entries[2].value = Some(AnswerValue::Option(0));
        let mut session = Session::new(&questionnaire, entries, today());
        assert_eq!(
            session.position,
            Position::Question(1),
            "resumes at the first unanswered"
        );
        session.answer(1, YES);
        session.advance();
        assert_eq!(
            session.position,
            Position::Question(3),
            "`backup` is answered: the resumed interview does not walk through it"
        );
        assert!(session.back() && session.back());
        assert_eq!(session.position, Position::Question(1));
        session.advance();
        assert_eq!(
            session.position,
            Position::Question(2),
            "after going back, moving on reviews the answers in order"
        );
        session.advance();
        assert_eq!(session.position, Position::Question(3));
        session.answer(3, AnswerValue::Number(3.0));
        session.advance();
        assert_eq!(session.position, Position::End);
    }

    #[test]
    fn back_at_the_first_question_stays_put() {
        let questionnaire = questionnaire();
        let mut session = Session::new(&questionnaire, Vec::new(), today());
        assert!(!session.back());
        assert_eq!(session.position, Position::Question(0));
    }

    #[test]
    fn jump_goes_to_the_first_unanswered_that_applies() {
        let questionnaire = questionnaire();
        let mut session = Session::new(&questionnaire, Vec::new(), today());
        session.answer(0, YES);
        session.position = Position::Question(3);
        assert!(session.jump_to_first_unanswered());
        assert_eq!(session.position, Position::Question(1));
        session.answer(1, YES);
        session.answer(2, AnswerValue::Option(1));
        session.answer(3, AnswerValue::Number(30.0));
        assert!(!session.jump_to_first_unanswered());
        assert_eq!(
            session.position,
            Position::Question(1),
            "nothing unanswered: stays put"
        );
    }

    #[test]
    fn changing_an_answer_drops_verification_and_dates_it_today() {
        let questionnaire = questionnaire();
        let mut entries = vec![Entry::default(); 4];
        entries[2] = Entry {
            value: Some(AnswerValue::Option(0)),
            note: Some("seen the restore log".into()),
            verified: true,
            as_of: NaiveDate::from_ymd_opt(2025, 1, 1),
            ..Entry::default()
        };
        let mut session = Session::new(&questionnaire, entries, today());
        assert!(
            !session.answer(2, AnswerValue::Option(0)),
            "the same answer changes nothing"
        );
        assert!(session.entries[2].verified);
        assert!(session.answer(2, AnswerValue::Option(1)));
        let entry = &session.entries[2];
        assert!(!entry.verified);
        assert_eq!(entry.as_of, Some(today()));
        assert_eq!(
            entry.note.as_deref(),
            Some("seen the restore log"),
            "the note is kept"
        );
        assert!(session.clear(2));
        assert!(session.entries[2].value.is_none() && session.entries[2].note.is_some());
    }

    #[test]
    fn progress_counts_only_questions_that_apply() {
        let questionnaire = questionnaire();
        let mut session = Session::new(&questionnaire, Vec::new(), today());
        session.answer(0, NO);
        let progress = session.progress(2);
        assert_eq!((progress.number, progress.total), (2, 3));
        assert_eq!(
            (
                progress.domain,
                progress.domain_number,
                progress.domain_total
            ),
            (1, 1, 2)
        );
        assert_eq!(progress.answered, 1);
        session.answer(0, YES);
        assert_eq!(session.progress(2).total, 4);
    }

    #[test]
    fn summary_counts_answered_skipped_unverified_and_kept() {
        let questionnaire = questionnaire();
        let mut entries = vec![Entry::default(); 4];
        entries[0].value = Some(NO);
        entries[0].verified = true;
        entries[1].value = Some(YES);
        entries[2].value = Some(AnswerValue::NotApplicable);
        let session = Session::new(&questionnaire, entries, today());
        let summary = session.summary();
        assert_eq!(
            summary,
            Summary {
                applicable: 3,
                answered: 2,
                not_applicable: 1,
                skipped: 1,
                unverified: 1,
                kept_inapplicable: 1
            }
        );
    }
}
