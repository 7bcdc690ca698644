//! The PIN's record on the phone (`qabul_core::draft_lock::LockRecord`): salt, cost, verifier
//! and the wrong PINs in a row. Wiping it makes every locked draft unreadable for good.

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use qabul_core::draft_lock::LockRecord;
use serde::{Deserialize, Serialize};

use super::{StorageError, Store};

const LOCK: &str = "lock";

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Stored {
    key: String,
    record: LockRecord,
}

impl Stored {
    fn of(record: &LockRecord) -> Self {
        Self {
            key: LOCK.to_owned(),
            record: record.clone(),
        }
    }
}

pub async fn record(db: &Database) -> Result<Option<LockRecord>, StorageError> {
    let tx = db.transaction(Store::Device.name()).build()?;
    let store = tx.object_store(Store::Device.name())?;
    let stored: Option<Stored> = store.get(LOCK).serde()?.await?;
    Ok(stored.map(|s| s.record))
}

/// Stores `record` as the PIN's, unless there is one already (`false`), in one transaction.
pub async fn create(db: &Database, record: &LockRecord) -> Result<bool, StorageError> {
    let tx = db
        .transaction(Store::Device.name())
        .with_mode(TransactionMode::Readwrite)
        .build()?;
    {
        let store = tx.object_store(Store::Device.name())?;
        let existing: Option<Stored> = store.get(LOCK).serde()?.await?;
        if existing.is_some() {
            return Ok(false);
        }
        store.add(&Stored::of(record)).serde()?.await?;
    }
    super::commit(tx).await?;
    Ok(true)
}

pub async fn save(db: &Database, record: &LockRecord) -> Result<(), StorageError> {
    let tx = db
        .transaction(Store::Device.name())
        .with_mode(TransactionMode::Readwrite)
        .build()?;
    {
        let store = tx.object_store(Store::Device.name())?;
        store.put(&Stored::of(record)).serde()?.await?;
    }
    super::commit(tx).await?;
    Ok(())
}

/// Deletes the record and the drafts locked under it, in one transaction: after five wrong
/// PINs nothing of those interviews is left to try more PINs against.
pub async fn wipe(db: &Database) -> Result<(), StorageError> {
    let tx = db
        .transaction([Store::Device.name(), Store::Drafts.name()])
        .with_mode(TransactionMode::Readwrite)
        .build()?;
    {
        let device = tx.object_store(Store::Device.name())?;
        device.delete(LOCK).await?;
        let drafts = tx.object_store(Store::Drafts.name())?;
        let stored: Vec<super::drafts::StoredDraft> = drafts
            .get_all()
            .primitive()?
            .await?
            .map(|record| super::drafts::StoredDraft::from_js(record?))
            .collect::<Result<_, _>>()?;
        for draft in stored {
            if let super::drafts::StoredDraft::Locked(locked) = draft {
                drafts.delete(locked.id.as_str()).await?;
            }
        }
    }
    super::commit(tx).await?;
    Ok(())
}
