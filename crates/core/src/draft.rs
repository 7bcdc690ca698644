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
    /// The answers of shown questions: what finalizing sends.
    pub answers: Answers,
    /// Answers to questions hidden now, kept so that showing them again brings them back,
    /// after a restart too; never sent (see [`Interview::hidden_answers`]). Drafts saved
    /// before this field have none.
    #[serde(default, skip_serializing_if = "Answers::is_empty")]
    pub hidden_answers: Answers,
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
            hidden_answers: interview.hidden_answers(),
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
        self.hidden_answers = interview.hidden_answers();
        self.paradata = interview.paradata().clone();
        self.progress = interview.progress();
    }

    /// Every answer the draft holds, shown or hidden: what resuming it gives back to the
    /// interview.
    pub fn all_answers(&self) -> Answers {
        let mut all = self.hidden_answers.clone();
        all.extend(self.answers.clone());
        all
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

    /// Regression: a draft kept only the answers of shown questions, so a consent tapped "no"
    /// by mistake hid every later answer on disk too, and a phone that died before "yes" was
    /// tapped again had lost them.
    #[test]
    fn a_mistaken_refusal_loses_no_answer_across_a_restart_and_sends_none() {
        let mut interview = interview();
        for (name, value) in [
            ("governorate", AnswerValue::Text("anbar".into())),
            ("district", AnswerValue::Text("ramadi".into())),
            ("consent", AnswerValue::Text("yes".into())),
            ("age", AnswerValue::Integer(41)),
        ] {
            interview.answer(name, Some(value), 1_000).unwrap();
        }
        interview
            .answer("consent", Some(AnswerValue::Text("no".into())), 2_000)
            .unwrap();
        let draft = Draft::start(
            "id-3".into(),
            &interview,
            false,
            "2026-11-22T08:00:00Z".into(),
            2_000,
        );
        assert!(!draft.answers.contains_key("age"));
        assert_eq!(draft.hidden_answers["age"], AnswerValue::Integer(41));

        // The phone restarts: the draft is read back and resumed, and "yes" is tapped again.
        let read: Draft = serde_json::from_str(&serde_json::to_string(&draft).unwrap()).unwrap();
        assert_eq!(read, draft);
        let form = Arc::new(builtin::community_acceptance());
        let context = EvalContext {
            today: Date::from_ymd(2026, 11, 22).unwrap(),
        };
        let (mut resumed, rejected) =
            Interview::resume(form, Lang::Ar, context, &read.all_answers());
        assert!(rejected.is_empty());
        resumed
            .answer("consent", Some(AnswerValue::Text("yes".into())), 3_000)
            .unwrap();
        assert_eq!(resumed.answers()["age"], AnswerValue::Integer(41));

        // Finalized as a refusal, it sends no hidden answer.
        let entry = finalize(
            draft,
            Outcome::Refused,
            1,
            "2026-11-22T08:01:00Z".into(),
            4_000,
        );
        let sent = entry.submission.answers.unwrap();
        assert!(!sent.contains_key("age"));
        assert_eq!(sent["consent"], AnswerValue::Text("no".into()));
    }

    #[test]
    fn a_draft_saved_before_hidden_answers_were_kept_still_reads() {
        let draft = Draft::start(
            "id-4".into(),
            &interview(),
            false,
            "2026-11-22T08:00:00Z".into(),
            0,
        );
        let mut json = serde_json::to_value(&draft).unwrap();
        assert!(
            json.get("hidden_answers").is_none(),
            "empty, it is not written"
        );
        json.as_object_mut().unwrap().remove("hidden_answers");
        let read: Draft = serde_json::from_value(json).unwrap();
        assert!(read.hidden_answers.is_empty());
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
