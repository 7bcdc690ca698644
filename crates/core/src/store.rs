//! What the phone needs of a place to keep interviews, as a trait: the app's IndexedDB store
//! implements it in the browser and [`MemoryStore`] natively, and [`conformance`] holds both
//! to the same promises (a draft reads back as written, finalizing moves exactly one record
//! and numbers it, a failed finalize changes nothing).

use std::cell::RefCell;
use std::collections::BTreeMap;

use crate::draft::{Draft, OutboxEntry, finalize, sequence_for};
use crate::interview::Outcome;

/// A store of drafts and of the outbox. Single-threaded, as the browser is: its futures need
/// not be `Send`.
#[allow(async_fn_in_trait)]
pub trait InterviewStore {
    type Error: std::fmt::Debug;

    /// Writes `draft`, replacing the one with its id.
    async fn put_draft(&self, draft: &Draft) -> Result<(), Self::Error>;

    async fn draft(&self, id: &str) -> Result<Option<Draft>, Self::Error>;

    /// Every draft that can be read now, the most recently changed first. (The phone's store
    /// leaves out the drafts of encrypted forms while the app is locked, and reading one of
    /// those by id is an error until the PIN is entered.)
    async fn drafts(&self) -> Result<Vec<Draft>, Self::Error>;

    async fn delete_draft(&self, id: &str) -> Result<(), Self::Error>;

    /// Moves draft `id` into the outbox as one step: the next device sequence number (none
    /// for a practice interview), the frozen entry, the draft gone. On failure nothing moved.
    async fn finalize(
        &self,
        id: &str,
        outcome: Outcome,
        finalized_at: String,
        now_ms: u64,
    ) -> Result<OutboxEntry, Self::Error>;

    /// Every outbox entry, the most recent first.
    async fn outbox(&self) -> Result<Vec<OutboxEntry>, Self::Error>;

    /// The last sequence number given (0 before the first real interview).
    async fn device_seq(&self) -> Result<u64, Self::Error>;
}

/// Why the memory store refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MemoryError {
    #[error("no draft `{0}`")]
    NotFound(String),
    /// An outbox entry is frozen: finalizing under its id again is refused.
    #[error("`{0}` is already in the outbox")]
    Frozen(String),
}

/// Interviews kept in memory: for native tests of what is built on the store.
#[derive(Debug, Default)]
pub struct MemoryStore {
    inner: RefCell<Memory>,
}

#[derive(Debug, Default)]
struct Memory {
    drafts: BTreeMap<String, Draft>,
    outbox: BTreeMap<String, OutboxEntry>,
    device_seq: u64,
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }
}

impl InterviewStore for MemoryStore {
    type Error = MemoryError;

    async fn put_draft(&self, draft: &Draft) -> Result<(), MemoryError> {
        self.inner
            .borrow_mut()
            .drafts
            .insert(draft.id.clone(), draft.clone());
        Ok(())
    }

    async fn draft(&self, id: &str) -> Result<Option<Draft>, MemoryError> {
        Ok(self.inner.borrow().drafts.get(id).cloned())
    }

    async fn drafts(&self) -> Result<Vec<Draft>, MemoryError> {
        let mut drafts: Vec<Draft> = self.inner.borrow().drafts.values().cloned().collect();
        drafts.sort_by_key(|d| std::cmp::Reverse(d.updated_at_ms));
        Ok(drafts)
    }

    async fn delete_draft(&self, id: &str) -> Result<(), MemoryError> {
        self.inner.borrow_mut().drafts.remove(id);
        Ok(())
    }

    async fn finalize(
        &self,
        id: &str,
        outcome: Outcome,
        finalized_at: String,
        now_ms: u64,
    ) -> Result<OutboxEntry, MemoryError> {
        let mut memory = self.inner.borrow_mut();
        let draft = memory
            .drafts
            .get(id)
            .cloned()
            .ok_or_else(|| MemoryError::NotFound(id.to_owned()))?;
        if memory.outbox.contains_key(id) {
            return Err(MemoryError::Frozen(id.to_owned()));
        }
        let seq = sequence_for(&draft, memory.device_seq);
        let entry = finalize(draft, outcome, seq, finalized_at, now_ms);
        memory.device_seq = memory.device_seq.max(seq);
        memory.outbox.insert(id.to_owned(), entry.clone());
        memory.drafts.remove(id);
        Ok(entry)
    }

    async fn outbox(&self) -> Result<Vec<OutboxEntry>, MemoryError> {
        let mut entries: Vec<OutboxEntry> = self.inner.borrow().outbox.values().cloned().collect();
        entries.sort_by_key(|e| std::cmp::Reverse(e.finalized_at_ms));
        Ok(entries)
    }

    async fn device_seq(&self) -> Result<u64, MemoryError> {
        Ok(self.inner.borrow().device_seq)
    }
}

/// The promises every [`InterviewStore`] keeps, as checks that panic when one is broken. Each
/// takes a fresh, empty store.
pub mod conformance {
    use super::InterviewStore;
    use crate::answer::AnswerValue;
    use crate::date::Date;
    use crate::draft::{Draft, OutboxState};
    use crate::expr::EvalContext;
    use crate::interview::{Interview, Outcome};
    use crate::lang::Lang;

    /// A plain draft of the built-in form, on its second screen, in `governorate`.
    pub fn draft(id: &str, practice: bool, governorate: &str, updated_at_ms: u64) -> Draft {
        let context = EvalContext {
            today: Date::from_ymd(2026, 11, 22).expect("a real date"),
        };
        let form = std::sync::Arc::new(crate::builtin::community_acceptance());
        let mut interview = Interview::new(form, Lang::Ar, context);
        let district = match governorate {
            "anbar" => "ramadi",
            "ninewa" => "mosul",
            _ => "kirkuk",
        };
        for (question, code) in [
            ("governorate", governorate),
            ("district", district),
            ("consent", "yes"),
        ] {
            interview
                .answer(question, Some(AnswerValue::Text(code.into())), 10)
                .expect("a valid answer");
        }
        interview.next(20).expect("the first screen is complete");
        Draft::start(
            id.into(),
            &interview,
            practice,
            "2026-11-22T08:00:00.000Z".into(),
            updated_at_ms,
        )
    }

    /// Finalizes `id` at `minute` past 08:00 on 2026-11-22.
    async fn finalize_at<S: InterviewStore>(
        store: &S,
        id: &str,
        outcome: Outcome,
        minute: u32,
    ) -> Result<crate::draft::OutboxEntry, S::Error> {
        let at = format!("2026-11-22T08:{minute:02}:00.000Z");
        store
            .finalize(id, outcome, at, u64::from(minute) * 100)
            .await
    }

    /// A draft reads back exactly as written, is listed newest first, a rewrite replaces it,
    /// and deleting removes only it.
    pub async fn drafts_read_back_as_written<S: InterviewStore>(store: &S) {
        let first = draft("d-1", false, "anbar", 100);
        let second = draft("d-2", false, "ninewa", 200);
        store.put_draft(&first).await.expect("writes");
        store.put_draft(&second).await.expect("writes");
        assert_eq!(
            store.draft("d-1").await.expect("reads"),
            Some(first.clone())
        );
        let ids: Vec<String> = store
            .drafts()
            .await
            .expect("lists")
            .into_iter()
            .map(|d| d.id)
            .collect();
        assert_eq!(ids, ["d-2", "d-1"]);
        let mut moved_on = first.clone();
        moved_on.screen += 1;
        moved_on.updated_at_ms = 300;
        store.put_draft(&moved_on).await.expect("rewrites");
        assert_eq!(store.draft("d-1").await.expect("reads"), Some(moved_on));
        assert_eq!(store.drafts().await.expect("lists").len(), 2);
        store.delete_draft("d-1").await.expect("deletes");
        assert_eq!(store.draft("d-1").await.expect("reads"), None);
        assert_eq!(store.draft("d-2").await.expect("reads"), Some(second));
    }

    /// Finalizing moves exactly one draft into the outbox, numbered in order; a practice
    /// interview takes no number.
    pub async fn finalizing_moves_exactly_one_and_numbers_it<S: InterviewStore>(store: &S) {
        for (id, practice) in [("d-1", false), ("p-1", true), ("d-2", false)] {
            store
                .put_draft(&draft(id, practice, "anbar", 100))
                .await
                .expect("writes");
        }
        let first = finalize_at(store, "d-1", Outcome::Completed, 10)
            .await
            .expect("finalizes");
        assert_eq!(first.submission.device_seq, 1);
        assert_eq!(first.state, OutboxState::Queued);
        assert_eq!(store.draft("d-1").await.expect("reads"), None);
        assert_eq!(store.drafts().await.expect("lists").len(), 2);
        let practice = finalize_at(store, "p-1", Outcome::Completed, 11)
            .await
            .expect("finalizes");
        assert!(practice.practice);
        assert_eq!(practice.state, OutboxState::Practice);
        assert_eq!(practice.submission.device_seq, 0);
        let second = finalize_at(store, "d-2", Outcome::Refused, 12)
            .await
            .expect("finalizes");
        assert_eq!(second.submission.device_seq, 2);
        assert_eq!(store.device_seq().await.expect("reads"), 2);
        let outbox = store.outbox().await.expect("lists");
        let ids: Vec<&str> = outbox.iter().map(|e| e.submission.id.as_str()).collect();
        assert_eq!(ids, ["d-2", "p-1", "d-1"]);
        // Stored exactly as returned, the practice one marked as such.
        assert_eq!(outbox, [second, practice, first]);
        assert!(store.drafts().await.expect("lists").is_empty());
    }

    /// A finalize that cannot happen (no such draft, or its id already frozen in the outbox)
    /// fails and leaves every draft, the outbox and the counter as they were.
    pub async fn a_failed_finalize_changes_nothing<S: InterviewStore>(store: &S) {
        let bystander = draft("d-2", false, "ninewa", 150);
        store.put_draft(&bystander).await.expect("writes");
        store
            .put_draft(&draft("d-1", false, "anbar", 100))
            .await
            .expect("writes");
        finalize_at(store, "d-1", Outcome::Completed, 10)
            .await
            .expect("finalizes");
        assert!(
            finalize_at(store, "missing", Outcome::Completed, 11)
                .await
                .is_err()
        );
        // The same id again: the outbox entry is frozen.
        let again = draft("d-1", false, "kirkuk", 200);
        store.put_draft(&again).await.expect("writes");
        assert!(
            finalize_at(store, "d-1", Outcome::Completed, 12)
                .await
                .is_err()
        );
        assert_eq!(store.device_seq().await.expect("reads"), 1);
        assert_eq!(store.draft("d-1").await.expect("reads"), Some(again));
        assert_eq!(store.draft("d-2").await.expect("reads"), Some(bystander));
        let outbox = store.outbox().await.expect("lists");
        assert_eq!(outbox.len(), 1);
        assert_eq!(
            outbox[0].submission.answers.as_ref().expect("answers")["governorate"],
            AnswerValue::Text("anbar".into())
        );
    }
}
