//! The phone's database: IndexedDB through `indexed_db_futures`.
//!
//! One database, `qabul`, whose schema moves forward one version at a time through the steps
//! in [`schema`]. Answers live here rather than in localStorage because IndexedDB commits
//! transactionally and can be made persistent.

pub mod device;
pub mod drafts;
pub mod interview_store;
pub mod lock;
pub mod outbox;
pub mod schema;

use std::cell::RefCell;

use indexed_db_futures::database::Database;
use indexed_db_futures::transaction::{Transaction, TransactionFinishKind};

pub use schema::{DB_NAME, DB_VERSION, Store};

/// A storage failure, with enough detail to tell a full disk from a bug.
#[derive(Debug, Clone, thiserror::Error)]
pub enum StorageError {
    #[error("cannot open the phone's database: {0}")]
    Open(String),
    /// The browser refused to store more (`QuotaExceededError`).
    #[error("the phone's storage is full")]
    QuotaExceeded,
    #[error("the phone's database failed: {0}")]
    Io(String),
    #[error("no such record: {0}")]
    NotFound(String),
    /// An interview of an encrypted form could not be sealed; nothing was moved.
    #[error("cannot seal the interview: {0}")]
    Seal(String),
    /// The encryption module (`crate::sealer`) is not on this phone and cannot be fetched:
    /// a phone offline since before it first needed it, or a page of an old build whose
    /// module the server no longer has (the update waiting to be applied brings its own).
    #[error("the encryption module does not load: {0}")]
    EncryptionMissing(String),
    /// Interviews of an encrypted form are kept under the PIN, and the app is locked.
    #[error("the app is locked: enter the PIN")]
    Locked,
}

impl StorageError {
    /// What the enumerator is told.
    pub fn text(&self) -> crate::i18n::Text {
        use crate::i18n::Text;
        match self {
            StorageError::QuotaExceeded => Text::StorageFull,
            StorageError::Seal(_) => Text::SealFailed,
            StorageError::EncryptionMissing(_) => Text::EncryptionMissing,
            StorageError::Locked => Text::LockedNow,
            StorageError::Open(_) | StorageError::Io(_) | StorageError::NotFound(_) => {
                Text::StorageFailed
            }
        }
    }

    /// The message for a failed read: "could not be saved" would be wrong there.
    pub fn read_text(&self) -> crate::i18n::Text {
        match self {
            StorageError::Open(_) | StorageError::Io(_) | StorageError::NotFound(_) => {
                crate::i18n::Text::StorageUnreadable
            }
            other => other.text(),
        }
    }

    /// A stable code the interface translates.
    pub fn code(&self) -> &'static str {
        match self {
            StorageError::Open(_) => "storage_open_failed",
            StorageError::QuotaExceeded => "storage_full",
            StorageError::Io(_) => "storage_failed",
            StorageError::NotFound(_) => "not_found",
            StorageError::Seal(_) => "seal_failed",
            StorageError::EncryptionMissing(_) => "encryption_missing",
            StorageError::Locked => "locked",
        }
    }
}

impl From<indexed_db_futures::error::OpenDbError> for StorageError {
    fn from(error: indexed_db_futures::error::OpenDbError) -> Self {
        Self::Open(error.to_string())
    }
}

impl From<indexed_db_futures::error::Error> for StorageError {
    fn from(error: indexed_db_futures::error::Error) -> Self {
        let text = error.to_string();
        if text.contains("QuotaExceeded") || text.to_ascii_lowercase().contains("quota") {
            Self::QuotaExceeded
        } else {
            Self::Io(text)
        }
    }
}

/// Commits a write transaction and, if the browser aborts it, reports why.
///
/// `Transaction::commit` reports an abort without its cause, so a full disk
/// (`QuotaExceededError`, raised at commit) would read as a generic failure. Here the
/// transaction is left to commit on its own once its last request is done, and kept until it
/// finishes, so that its `error` can be read.
pub(crate) async fn commit(tx: Transaction<'_>) -> Result<(), StorageError> {
    let finished = tx.on_done()?.await;
    let result = match finished {
        TransactionFinishKind::Ok => Ok(()),
        TransactionFinishKind::Err | TransactionFinishKind::Abort => Err(tx.error().map_or_else(
            || StorageError::Io("the transaction was aborted".to_owned()),
            StorageError::from,
        )),
    };
    // Dropping a finished transaction only tries to abort it, which the browser ignores.
    drop(tx);
    result
}

/// Opens (and if needed upgrades) a database called `name`; tests pass their own name.
pub async fn open_named(name: &str) -> Result<Database, StorageError> {
    schema::open(name, DB_VERSION).await
}

thread_local! {
    static APP_DB: RefCell<Option<Database>> = const { RefCell::new(None) };
}

/// The app's database, opened once and shared.
pub async fn open() -> Result<Database, StorageError> {
    if let Some(db) = APP_DB.with_borrow(Clone::clone) {
        return Ok(db);
    }
    let db = open_named(DB_NAME).await?;
    APP_DB.with_borrow_mut(|slot| *slot = Some(db.clone()));
    Ok(db)
}
