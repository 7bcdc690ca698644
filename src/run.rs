//! One interview on screen: the core state machine, its draft, and the saving of each answer.
//!
//! Every change goes the same way: the state machine takes the answer, the draft copies the
//! state, `tick` tells the view, and the draft is written to IndexedDB. The interface says
//! "saved" only when the write of the latest change has committed.

use leptos::prelude::*;
use leptos::task::spawn_local;
use qabul_core::answer::AnswerValue;
use qabul_core::draft::Draft;
use qabul_core::interview::{Interview, Outcome};

use crate::clock;
use crate::storage::{self, StorageError, drafts};

/// Where the runner is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Questions,
    /// The review before finalizing a completed interview.
    Review,
    /// Refused or ineligible: the kind closing page.
    Ended(Outcome),
    /// Finalized into the outbox.
    Done,
}

/// The state of the latest write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveState {
    Idle,
    Saving,
    Saved,
    Failed(StorageError),
}

impl PartialEq for StorageError {
    fn eq(&self, other: &Self) -> bool {
        self.code() == other.code()
    }
}

impl Eq for StorageError {}

#[derive(Debug, Clone, Copy)]
pub struct Run {
    interview: StoredValue<Interview, LocalStorage>,
    draft: StoredValue<Draft, LocalStorage>,
    /// Bumped after every change of the interview, so that views re-read it.
    pub tick: RwSignal<u64>,
    /// Show `required` errors too (after a refused "Next").
    pub show_errors: RwSignal<bool>,
    pub save: RwSignal<SaveState>,
    writes: StoredValue<u64>,
    pub phase: RwSignal<Phase>,
    /// The draft is being moved into the outbox: no change may write it again meanwhile, or
    /// the draft would come back beside its outbox entry.
    pub finalizing: RwSignal<bool>,
    /// The questions were opened from a link of the review, which they can go straight back to.
    pub from_review: RwSignal<bool>,
}

impl Run {
    pub fn new(interview: Interview, draft: Draft, phase: Phase) -> Self {
        Self {
            interview: StoredValue::new_local(interview),
            draft: StoredValue::new_local(draft),
            tick: RwSignal::new(0),
            show_errors: RwSignal::new(false),
            save: RwSignal::new(SaveState::Idle),
            writes: StoredValue::new(0),
            phase: RwSignal::new(phase),
            finalizing: RwSignal::new(false),
            from_review: RwSignal::new(false),
        }
    }

    /// Reads the interview (tracking `tick`, so that a view re-runs after each change).
    pub fn with<R>(&self, f: impl FnOnce(&Interview) -> R) -> R {
        self.tick.track();
        self.interview.with_value(f)
    }

    /// Changes the interview, then records and saves the draft. For the page's own controls,
    /// which exist only while the interview does.
    pub fn change<R>(&self, f: impl FnOnce(&mut Interview, u64) -> R) -> R {
        self.try_change(f)
            .expect("the interview lives as long as the page")
    }

    /// Changes the interview, then records and saves the draft; `None` once the page has been
    /// left (a location that arrives late) or while the interview is finalized or after, when
    /// nothing is changed: a finalized interview is in the outbox, and writing its draft again
    /// would bring it back.
    pub fn try_change<R>(&self, f: impl FnOnce(&mut Interview, u64) -> R) -> Option<R> {
        let result = self.apply(f)?;
        self.save_draft();
        Some(result)
    }

    /// Changes the interview and records the draft, without writing it (see [`Self::try_change`]).
    fn apply<R>(&self, f: impl FnOnce(&mut Interview, u64) -> R) -> Option<R> {
        if self.is_finalizing_or_done() {
            return None;
        }
        let now = clock::now_ms();
        crate::lock::touch();
        let result = self
            .interview
            .try_update_value(|interview| f(interview, now))?;
        self.interview.with_value(|interview| {
            self.draft
                .update_value(|draft| draft.record(interview, now));
        });
        self.tick.update(|t| *t += 1);
        Some(result)
    }

    /// Reads the interview, or `None` once the page has been left.
    pub fn try_with<R>(&self, f: impl FnOnce(&Interview) -> R) -> Option<R> {
        self.interview.try_with_value(f)
    }

    /// Starts a write's number: only the latest write's result is shown, so an older write
    /// finishing late cannot claim the newest answer is saved.
    fn next_write(&self) -> u64 {
        let number = self.writes.with_value(|n| n + 1);
        self.writes.set_value(number);
        number
    }

    /// Shows how write `number` ended, if it is still the latest (and the page still here).
    fn show_write(&self, number: u64, result: &Result<(), StorageError>) {
        if self.writes.try_get_value() == Some(number) {
            self.save.try_set(match result {
                Ok(()) => SaveState::Saved,
                Err(error) => SaveState::Failed(error.clone()),
            });
        }
    }

    /// Something typed reads as an answer and waits for a pause in typing to be given: the
    /// status says "saving" meanwhile, never "saved" for text not yet written.
    pub fn typing(&self) {
        self.next_write();
        self.save.set(SaveState::Saving);
    }

    /// What is typed does not read as an answer, so nothing is being saved; the answer saved
    /// before stays until the field is left.
    pub fn typing_unreadable(&self) {
        self.next_write();
        self.save.set(SaveState::Idle);
    }

    /// The draft as it would be with `value` given to `name`, the interview on screen left as
    /// it is: what typing has given so far, to be written if the page goes before the pause
    /// ends. `None` once the page's state is gone.
    pub fn draft_with_answer(&self, name: &str, value: Option<AnswerValue>) -> Option<Draft> {
        let now = clock::now_ms();
        let mut interview = self.interview.try_with_value(Clone::clone)?;
        interview.answer(name, value, now).ok()?;
        let mut draft = self.draft.try_get_value()?;
        draft.record(&interview, now);
        Some(draft)
    }

    /// Gives an answer (or clears one with `None`).
    pub fn answer(&self, name: &str, value: Option<AnswerValue>) {
        self.try_change(|interview, now| {
            if let Err(error) = interview.answer(name, value, now) {
                leptos::logging::warn!("answer to {name} refused: {error}");
            }
        });
    }

    pub fn draft_id(&self) -> String {
        self.draft.with_value(|d| d.id.clone())
    }

    /// The draft as it is now.
    pub fn draft_snapshot(&self) -> qabul_core::draft::Draft {
        self.draft.with_value(Clone::clone)
    }

    /// The draft's form id and version.
    pub fn form_version(&self) -> (String, String) {
        self.draft
            .with_value(|d| (d.form_id.clone(), d.form_version.clone()))
    }

    pub fn is_practice(&self) -> bool {
        self.draft.with_value(|d| d.practice)
    }

    /// Writes the current draft. Writes go out in order; only the latest one's result is
    /// shown. Never while the interview is being finalized or after (a "Try again" left on
    /// screen), which would put the draft back beside its outbox entry.
    pub fn save_draft(&self) {
        if self.is_finalizing_or_done() {
            return;
        }
        let draft = self.draft.get_value();
        let number = self.next_write();
        self.save.set(SaveState::Saving);
        let this = *self;
        spawn_local(async move {
            let result = put_draft(&draft).await;
            if let Err(error) = &result {
                leptos::logging::warn!("saving the draft failed: {error:?}");
            }
            // The page may have been left meanwhile; the write is done either way.
            this.show_write(number, &result);
        });
    }

    /// Saves the draft and waits for it, the save status showing it like any write: before
    /// finalizing, and before "Save and exit" leaves, the draft on disk must be the one on
    /// screen.
    pub async fn flush(&self) -> Result<(), StorageError> {
        let draft = self.draft.get_value();
        let number = self.next_write();
        self.save.set(SaveState::Saving);
        let result = put_draft(&draft).await;
        self.show_write(number, &result);
        result
    }

    fn is_finalizing_or_done(&self) -> bool {
        self.finalizing.try_get_untracked().unwrap_or(true)
            || self
                .phase
                .try_get_untracked()
                .is_none_or(|phase| phase == Phase::Done)
    }
}

/// Writes `draft` with nothing of the page: for what was typed just before the page went
/// away (Android's Back), when the page's own state is already gone.
pub fn write_draft(draft: Draft) {
    spawn_local(async move {
        if let Err(error) = put_draft(&draft).await {
            leptos::logging::error!("saving what was typed before leaving failed: {error:?}");
        }
    });
}

async fn put_draft(draft: &Draft) -> Result<(), StorageError> {
    drafts::put(&storage::open().await?, draft).await
}
