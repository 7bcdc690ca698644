//! The phone's IndexedDB as a [`qabul_core::store::InterviewStore`], so that the core's
//! conformance suite holds it to the same promises as the native memory store.

use indexed_db_futures::database::Database;
use qabul_core::draft::{Draft, OutboxEntry};
use qabul_core::interview::Outcome;
use qabul_core::store::InterviewStore;

use super::{StorageError, drafts, outbox};

/// The drafts and the outbox of one IndexedDB database.
#[derive(Debug, Clone)]
pub struct IdbStore {
    db: Database,
}

impl IdbStore {
    pub fn new(db: Database) -> Self {
        Self { db }
    }
}

impl InterviewStore for IdbStore {
    type Error = StorageError;

    async fn put_draft(&self, draft: &Draft) -> Result<(), StorageError> {
        drafts::put(&self.db, draft).await
    }

    async fn draft(&self, id: &str) -> Result<Option<Draft>, StorageError> {
        drafts::get(&self.db, id).await
    }

    /// The drafts that can be read now: those locked under the PIN are left out.
    async fn drafts(&self) -> Result<Vec<Draft>, StorageError> {
        Ok(drafts::list(&self.db).await?.0)
    }

    async fn delete_draft(&self, id: &str) -> Result<(), StorageError> {
        drafts::delete(&self.db, id).await
    }

    async fn finalize(
        &self,
        id: &str,
        outcome: Outcome,
        finalized_at: String,
        now_ms: u64,
    ) -> Result<OutboxEntry, StorageError> {
        outbox::finalize_draft(&self.db, id, outcome, finalized_at, now_ms, None).await
    }

    async fn outbox(&self) -> Result<Vec<OutboxEntry>, StorageError> {
        outbox::list(&self.db).await
    }

    async fn device_seq(&self) -> Result<u64, StorageError> {
        outbox::device_seq(&self.db).await
    }
}
