//! Drafts: interviews in progress, saved after every answer.
//!
//! A draft of an encrypted form (not a practice one) is stored sealed under the key of the
//! enumerator's PIN (`qabul_core::draft_lock`), with only what the home page lists in the
//! clear; it is written and read only while the app is unlocked ([`crate::lock`]).

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{TransactionDurability, TransactionMode, TransactionOptions};
use qabul_core::draft::Draft;
use qabul_core::draft_lock::NONCE_LEN;
use serde::{Deserialize, Serialize};

use super::{StorageError, Store};

/// A draft as the store holds it: read with [`StoredDraft::from_js`], since only a locked
/// draft has `locked`.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum StoredDraft {
    Locked(LockedDraft),
    Plain(Box<Draft>),
}

/// A draft sealed under the PIN's key, with what may be seen without it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LockedDraft {
    pub id: String,
    pub form_id: String,
    pub form_version: String,
    pub updated_at_ms: u64,
    /// The draft's JSON, sealed (`DraftKey::seal_draft`).
    pub locked: String,
}

/// Whether `draft` is kept under the PIN: a real interview of an encrypted form.
pub fn needs_lock(draft: &Draft) -> bool {
    !draft.practice && crate::forms::public_key(&draft.form_id, &draft.form_version).is_some()
}

/// The record to store for `draft`: sealed with a fresh nonce if it needs the lock (an error
/// if the app is locked), as it is otherwise.
pub fn to_stored(draft: &Draft) -> Result<StoredDraft, StorageError> {
    if !needs_lock(draft) {
        return Ok(StoredDraft::Plain(Box::new(draft.clone())));
    }
    let key = crate::lock::key().ok_or(StorageError::Locked)?;
    let nonce: [u8; NONCE_LEN] = crate::clock::key_bytes()?;
    let json = serde_json::to_vec(draft).map_err(|e| StorageError::Io(e.to_string()))?;
    Ok(StoredDraft::Locked(LockedDraft {
        id: draft.id.clone(),
        form_id: draft.form_id.clone(),
        form_version: draft.form_version.clone(),
        updated_at_ms: draft.updated_at_ms,
        locked: key.seal_draft(&draft.id, &json, nonce)?,
    }))
}

impl StoredDraft {
    /// Reads a record of the store. Which kind it is is decided here, by looking for
    /// `locked`, rather than by serde's untagged enum, which buffers the record to try each
    /// kind in turn and weighed 7.6 kB of the module.
    pub fn from_js(record: wasm_bindgen::JsValue) -> Result<Self, StorageError> {
        let locked = js_sys::Reflect::has(&record, &"locked".into()).unwrap_or(false);
        let read = if locked {
            serde_wasm_bindgen::from_value(record).map(StoredDraft::Locked)
        } else {
            serde_wasm_bindgen::from_value(record).map(|draft| StoredDraft::Plain(Box::new(draft)))
        };
        read.map_err(|error| StorageError::Io(format!("a stored draft does not read: {error}")))
    }

    /// The draft, opened with `key` if it is locked (`None` without a key: the app is locked).
    pub fn open(self, key: Option<&crate::sealer::DraftKey>) -> Result<Draft, StorageError> {
        match self {
            StoredDraft::Plain(draft) => Ok(*draft),
            StoredDraft::Locked(locked) => {
                let key = key.ok_or(StorageError::Locked)?;
                let json = key.open_draft(&locked.id, &locked.locked)?;
                std::str::from_utf8(&json)
                    .ok()
                    .and_then(crate::json::parse)
                    .ok_or_else(|| StorageError::Io("a locked draft does not read".into()))
            }
        }
    }
}

/// Saves a draft; resolves only once the transaction has committed, so that the interface
/// never says "saved" about an answer that is not on disk.
pub async fn put(db: &Database, draft: &Draft) -> Result<(), StorageError> {
    let stored = to_stored(draft)?;
    // Strict: "saved" is shown when this resolves, so the answer must be on the disk, not
    // only handed to the system, for a phone whose battery dies right after.
    let tx = db
        .transaction(Store::Drafts.name())
        .with_mode(TransactionMode::Readwrite)
        .with_options(TransactionOptions::new().with_durability(TransactionDurability::Strict))
        .build()?;
    let store = tx.object_store(Store::Drafts.name())?;
    store.put(&stored).serde()?.await?;
    drop(store);
    super::commit(tx).await?;
    Ok(())
}

/// A draft; [`StorageError::Locked`] if it is locked and so is the app.
pub async fn get(db: &Database, id: &str) -> Result<Option<Draft>, StorageError> {
    let tx = db.transaction(Store::Drafts.name()).build()?;
    let store = tx.object_store(Store::Drafts.name())?;
    let record: Option<wasm_bindgen::JsValue> = store.get(id).primitive()?.await?;
    record
        .map(|record| StoredDraft::from_js(record)?.open(crate::lock::key().as_ref()))
        .transpose()
}

/// Every draft that can be read now, the most recently changed first, and how many more are
/// locked under the PIN.
pub async fn list(db: &Database) -> Result<(Vec<Draft>, usize), StorageError> {
    let tx = db.transaction(Store::Drafts.name()).build()?;
    let store = tx.object_store(Store::Drafts.name())?;
    let stored: Vec<StoredDraft> = store
        .get_all()
        .primitive()?
        .await?
        .map(|record| StoredDraft::from_js(record?))
        .collect::<Result<_, _>>()?;
    let key = crate::lock::key();
    let mut locked = 0;
    let mut drafts = Vec::with_capacity(stored.len());
    for draft in stored {
        match draft.open(key.as_ref()) {
            Ok(draft) => drafts.push(draft),
            Err(_) => locked += 1,
        }
    }
    drafts.sort_by_key(|d| std::cmp::Reverse(d.updated_at_ms));
    Ok((drafts, locked))
}

pub async fn delete(db: &Database, id: &str) -> Result<(), StorageError> {
    let tx = db
        .transaction(Store::Drafts.name())
        .with_mode(TransactionMode::Readwrite)
        .build()?;
    let store = tx.object_store(Store::Drafts.name())?;
    store.delete(id).await?;
    drop(store);
    super::commit(tx).await?;
    Ok(())
}
