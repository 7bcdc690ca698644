//! Drafts: interviews in progress, saved after every answer.

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use qabul_core::draft::Draft;

use super::{StorageError, Store};

/// Saves a draft; resolves only once the transaction has committed, so that the interface
/// never says "saved" about an answer that is not on disk.
pub async fn put(db: &Database, draft: &Draft) -> Result<(), StorageError> {
    let tx = db
        .transaction(Store::Drafts.name())
        .with_mode(TransactionMode::Readwrite)
        .build()?;
    let store = tx.object_store(Store::Drafts.name())?;
    store.put(draft).serde()?.await?;
    drop(store);
    super::commit(tx).await?;
    Ok(())
}

pub async fn get(db: &Database, id: &str) -> Result<Option<Draft>, StorageError> {
    let tx = db.transaction(Store::Drafts.name()).build()?;
    let store = tx.object_store(Store::Drafts.name())?;
    let draft = store.get(id).serde()?.await?;
    Ok(draft)
}

/// Every draft, the most recently changed first.
pub async fn list(db: &Database) -> Result<Vec<Draft>, StorageError> {
    let tx = db.transaction(Store::Drafts.name()).build()?;
    let store = tx.object_store(Store::Drafts.name())?;
    let mut drafts: Vec<Draft> = store
        .get_all()
        .serde()?
        .await?
        .collect::<Result<Vec<_>, _>>()?;
    drafts.sort_by_key(|d| std::cmp::Reverse(d.updated_at_ms));
    Ok(drafts)
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
