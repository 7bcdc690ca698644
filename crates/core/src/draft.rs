//! Interviews on the phone: a draft while it is being filled, an outbox entry once finalized.
//!
//! The phone's storage keeps these records as they are; the decisions about them (what a
//! draft remembers, how a finalized draft becomes a submission) are made here so that they are
//! tested natively and identical wherever they run.

use serde::{Deserialize, Serialize};

use crate::answer::Answers;
use crate::interview::{Interview, Outcome, Paradata, Progress};
use crate::lang::Lang;
use crate::load::Form;
use crate::protocol::Submission;

/// An interview in progress, saved after every answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    /// The submission id it will be finalized under (a UUID v7).
    pub id: String,
    pub form_id: String,
    pub form_version: String,
    /// A practice interview (before enrolment): kept apart and never uploaded.
    pub practice: bool,
    pub language: Lang,
    /// RFC 3339, UTC.
    pub started_at: String,
    pub updated_at_ms: u64,
    /// The screen to resume on.
    pub screen: usize,
    /// The enumerator had reached the end (the review or the closing page).
    pub at_end: bool,
    pub answers: Answers,
    pub paradata: Paradata,
    pub progress: Progress,
}

impl Draft {
    /// A fresh draft for `interview`, just started.
    pub fn start(
        id: String,
        interview: &Interview,
        practice: bool,
        started_at: String,
        now_ms: u64,
    ) -> Self {
        let form = interview.form();
        Self {
            id,
            form_id: form.id().to_owned(),
            form_version: form.version().to_owned(),
            practice,
            language: interview.language(),
            started_at,
            updated_at_ms: now_ms,
            screen: interview.screen(),
            at_end: interview.finished().is_some(),
            answers: interview.answers(),
            paradata: interview.paradata().clone(),
            progress: interview.progress(),
        }
    }

    /// Copies the interview's state into the draft, to be saved.
    pub fn record(&mut self, interview: &Interview, now_ms: u64) {
        self.language = interview.language();
        self.updated_at_ms = now_ms;
        self.screen = interview.screen();
        self.at_end = interview.finished().is_some();
        self.answers = interview.answers();
        self.paradata = interview.paradata().clone();
        self.progress = interview.progress();
    }

    /// Whether this draft was started on `form`.
    pub fn is_of(&self, form: &Form) -> bool {
        self.form_id == form.id() && self.form_version == form.version()
    }
}

/// Where a finalized interview is on its way to the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutboxState {
    Queued,
    Sending,
    Sent,
    Rejected,
    Conflict,
    /// A practice interview: kept on the phone, never sent.
    Practice,
}

impl OutboxState {
    pub const ALL: [OutboxState; 6] = [
        OutboxState::Queued,
        OutboxState::Sending,
        OutboxState::Sent,
        OutboxState::Rejected,
        OutboxState::Conflict,
        OutboxState::Practice,
    ];

    pub fn code(self) -> &'static str {
        match self {
            OutboxState::Queued => "queued",
            OutboxState::Sending => "sending",
            OutboxState::Sent => "sent",
            OutboxState::Rejected => "rejected",
            OutboxState::Conflict => "conflict",
            OutboxState::Practice => "practice",
        }
    }
}

/// A finalized, frozen interview waiting in the outbox.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxEntry {
    pub id: String,
    pub state: OutboxState,
    pub outcome: Outcome,
    pub practice: bool,
    pub finalized_at_ms: u64,
    /// Why the server refused it, when it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub submission: Submission,
}

/// The device sequence number finalizing `draft` takes, after `last` was given: the next
/// one, or 0 for a practice interview. Practice never reaches the server, so it must not take
/// a number: the server would see the missing number as a lost submission.
pub fn sequence_for(draft: &Draft, last: u64) -> u64 {
    if draft.practice { 0 } else { last + 1 }
}

/// Turns a draft into its outbox entry: the submission of the wire format, numbered with the
/// device's next sequence number. Practice interviews are marked so that they never leave.
pub fn finalize(
    draft: Draft,
    outcome: Outcome,
    device_seq: u64,
    finalized_at: String,
    now_ms: u64,
) -> OutboxEntry {
    let submission = Submission {
        id: draft.id.clone(),
        form_id: draft.form_id,
        form_version: draft.form_version,
        device_seq,
        started_at: draft.started_at,
        finalized_at,
        language: draft.language,
        answers: Some(draft.answers),
        paradata: Some(draft.paradata),
        sealed: None,
    };
    OutboxEntry {
        id: draft.id,
        state: if draft.practice {
            OutboxState::Practice
        } else {
            OutboxState::Queued
        },
        outcome,
        practice: draft.practice,
        finalized_at_ms: now_ms,
        reason: None,
        submission,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answer::AnswerValue;
    use crate::builtin;
    use crate::date::Date;
    use crate::expr::EvalContext;
    use std::sync::Arc;

    fn interview() -> Interview {
        let context = EvalContext {
            today: Date::from_ymd(2026, 11, 22).unwrap(),
        };
        Interview::new(Arc::new(builtin::community_acceptance()), Lang::Ar, context)
    }

    #[test]
    fn a_draft_remembers_answers_screen_and_progress_and_finalizes_into_the_wire_format() {
        let mut interview = interview();
        interview
            .answer(
                "governorate",
                Some(AnswerValue::Text("anbar".into())),
                1_000,
            )
            .unwrap();
        let mut draft = Draft::start(
            "id-1".into(),
            &interview,
            false,
            "2026-11-22T08:00:00Z".into(),
            0,
        );
        interview
            .answer("district", Some(AnswerValue::Text("ramadi".into())), 2_000)
            .unwrap();
        draft.record(&interview, 2_000);
        assert_eq!(
            draft.answers["district"],
            AnswerValue::Text("ramadi".into())
        );
        assert_eq!(draft.updated_at_ms, 2_000);
        assert!(draft.progress.answered >= 2);

        let entry = finalize(
            draft,
            Outcome::Completed,
            7,
            "2026-11-22T08:14:10Z".into(),
            3_000,
        );
        assert_eq!(entry.state, OutboxState::Queued);
        assert_eq!(entry.submission.device_seq, 7);
        assert_eq!(entry.submission.form_id, "community_acceptance");
        assert_eq!(entry.submission.language, Lang::Ar);
        let answers = entry.submission.answers.as_ref().unwrap();
        assert_eq!(answers["governorate"], AnswerValue::Text("anbar".into()));
    }

    #[test]
    fn practice_interviews_are_marked_and_never_queued() {
        let interview = interview();
        let draft = Draft::start(
            "id-2".into(),
            &interview,
            true,
            "2026-11-22T08:00:00Z".into(),
            0,
        );
        let entry = finalize(draft, Outcome::Refused, 1, "2026-11-22T08:01:00Z".into(), 1);
        assert_eq!(entry.state, OutboxState::Practice);
        assert!(entry.practice);
    }

    #[test]
    fn review_lists_unanswered_questions_with_their_screen_and_go_to_screen_opens_it() {
        let mut interview = interview();
        let items = interview.review_items();
        assert!(items.iter().any(|item| item.question == "governorate"));
        let consent = items
            .iter()
            .find(|item| item.question == "consent")
            .unwrap();
        assert!(interview.go_to_screen(consent.screen, 10));
        assert_eq!(interview.screen(), consent.screen);
    }
}
