//! The IndexedDB schema, one upgrade step per version.
//!
//! A step is never edited once it has shipped: phones in the field hold databases at every
//! earlier version, and each must arrive at the same schema by running the steps after it.

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;

use super::StorageError;

pub const DB_NAME: &str = "qabul";
pub const DB_VERSION: u32 = 2;

/// The object stores of DESIGN.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Store {
    /// Form definitions this phone may fill, keyed by `[id, version]`.
    Forms,
    /// Interviews in progress, keyed by draft id.
    Drafts,
    /// Finalized, frozen submissions waiting to be sent, keyed by submission id.
    Outbox,
    /// Proof of what the server stored, kept after the payload is deleted.
    Receipts,
    /// This phone's identity and counters, keyed by name.
    Device,
    /// The sender's schedule, keyed by name (version 2).
    Sync,
}

impl Store {
    pub fn name(self) -> &'static str {
        match self {
            Store::Forms => "forms",
            Store::Drafts => "drafts",
            Store::Outbox => "outbox",
            Store::Receipts => "receipts",
            Store::Device => "device",
            Store::Sync => "sync",
        }
    }
}

/// Opens `name` at `version`, running every upgrade step between the stored version and it.
pub async fn open(name: &str, version: u32) -> Result<Database, StorageError> {
    let db = Database::open(name)
        .with_version(version)
        .with_on_upgrade_needed(|event, db| {
            // Versions are integers stored as f64 by the browser.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let old = event.old_version() as u32;
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let new = event.new_version().map_or(old, |v| v as u32);
            for step in (old + 1)..=new {
                upgrade_step(&db, step)?;
            }
            Ok(())
        })
        .await?;
    Ok(db)
}

fn upgrade_step(db: &Database, step: u32) -> indexed_db_futures::Result<()> {
    match step {
        1 => v1(db),
        2 => v2(db),
        _ => Ok(()),
    }
}

/// Version 2: the sender's own state (attempts, when to try again), kept apart from the
/// frozen submissions so that a retry schedule survives the app being closed.
fn v2(db: &Database) -> indexed_db_futures::Result<()> {
    db.create_object_store(Store::Sync.name())
        .with_key_path("key".into())
        .build()?;
    Ok(())
}

/// Version 1: the five stores.
fn v1(db: &Database) -> indexed_db_futures::Result<()> {
    db.create_object_store(Store::Forms.name())
        .with_key_path(["id", "version"].into())
        .build()?;
    db.create_object_store(Store::Drafts.name())
        .with_key_path("id".into())
        .build()?;
    db.create_object_store(Store::Outbox.name())
        .with_key_path("id".into())
        .build()?;
    db.create_object_store(Store::Receipts.name())
        .with_key_path("id".into())
        .build()?;
    db.create_object_store(Store::Device.name())
        .with_key_path("key".into())
        .build()?;
    Ok(())
}
