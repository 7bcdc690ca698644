//! The private keys a supervisor loaded into the review page, to read encrypted forms. They
//! live in this page's memory only: never sent, never written to storage, gone when the page
//! closes. Opening uses the same core code as every other end.

use leptos::prelude::*;
use qabul_core::opened::Opener;
use qabul_core::protocol::Submission;
use qabul_core::seal::{self, KeyId, OpenError, PrivateKey};

/// The loaded keys, shared by the review pages through context.
#[derive(Debug, Clone, Copy)]
pub struct ReviewKeys {
    keys: StoredValue<Vec<PrivateKey>, LocalStorage>,
    /// The loaded keys' ids, for the views to follow.
    ids: RwSignal<Vec<KeyId>>,
}

impl ReviewKeys {
    /// Creates the keys for the review pages below.
    pub fn provide() -> Self {
        let keys = Self {
            keys: StoredValue::new_local(Vec::new()),
            ids: RwSignal::new(Vec::new()),
        };
        provide_context(keys);
        keys
    }

    /// Adds a key (once: loading the same key again changes nothing).
    pub fn add(&self, key: PrivateKey) {
        let id = key.key_id();
        if self.ids.get_untracked().contains(&id) {
            return;
        }
        self.keys.update_value(|keys| keys.push(key));
        self.ids.update(|ids| ids.push(id));
    }

    /// Forgets every key.
    pub fn forget(&self) {
        self.keys.update_value(Vec::clear);
        self.ids.set(Vec::new());
    }

    /// The loaded keys' ids (tracked).
    pub fn ids(&self) -> Vec<KeyId> {
        self.ids.get()
    }

    /// `submission` with its answers and paradata, opened if it is sealed (tracking the keys,
    /// so that a view re-runs once a key is loaded).
    pub fn open(&self, submission: &Submission, device_id: &str) -> Result<Submission, OpenError> {
        self.ids.track();
        self.open_untracked(submission, device_id)
    }

    /// As [`ReviewKeys::open`], outside a view.
    pub fn open_untracked(
        &self,
        submission: &Submission,
        device_id: &str,
    ) -> Result<Submission, OpenError> {
        if submission.sealed.is_none() {
            return Ok(submission.clone());
        }
        self.keys
            .with_value(|keys| seal::open_submission(submission, device_id, keys))
    }
}

impl ReviewKeys {
    /// Tries up to `max` more of what `opener` holds with the loaded keys.
    pub fn open_part(&self, opener: &mut Opener, max: usize) {
        self.keys.with_value(|keys| opener.step(keys, max));
    }
}

/// The review pages' keys.
pub fn use_keys() -> ReviewKeys {
    expect_context::<ReviewKeys>()
}
