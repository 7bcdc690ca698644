//! The phone's database: IndexedDB through `indexed_db_futures`.
//!
//! One database, `qabul`, whose schema moves forward one version at a time through the steps
//! in [`schema`]. Answers live here rather than in localStorage because IndexedDB commits
//! transactionally and can be made persistent.

pub mod schema;

use indexed_db_futures::database::Database;

pub use schema::{DB_NAME, DB_VERSION, Store};

/// A storage failure, with enough detail to tell a full disk from a bug.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("cannot open the phone's database: {0}")]
    Open(String),
    #[error("the phone's database failed: {0}")]
    Io(String),
    #[error("a stored record is damaged: {0}")]
    Decode(String),
}

impl From<indexed_db_futures::error::OpenDbError> for StorageError {
    fn from(error: indexed_db_futures::error::OpenDbError) -> Self {
        Self::Open(error.to_string())
    }
}

impl From<indexed_db_futures::error::Error> for StorageError {
    fn from(error: indexed_db_futures::error::Error) -> Self {
        Self::Io(error.to_string())
    }
}

/// Opens (and if needed upgrades) a database called `name`; tests pass their own name.
pub async fn open_named(name: &str) -> Result<Database, StorageError> {
    schema::open(name, DB_VERSION).await
}

/// Opens the app's database.
pub async fn open() -> Result<Database, StorageError> {
    open_named(DB_NAME).await
}
