//! This phone's enrolment: the token that lets it send, and the forms it was given.

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use qabul_core::protocol::{EnrollResponse, FormEntry};
use serde::{Deserialize, Serialize};

use super::{StorageError, Store};

pub(super) const ENROLMENT: &str = "enrolment";

/// What enrolment gave this phone. The token is the only secret on it; it is removed by
/// enrolling again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrolment {
    key: String,
    pub token: String,
    pub device_id: String,
    pub enumerator: String,
}

impl From<EnrollResponse> for Enrolment {
    fn from(response: EnrollResponse) -> Self {
        Self {
            key: ENROLMENT.to_owned(),
            token: response.token,
            device_id: response.device_id,
            enumerator: response.enumerator,
        }
    }
}

pub async fn enrolment(db: &Database) -> Result<Option<Enrolment>, StorageError> {
    let tx = db.transaction(Store::Device.name()).build()?;
    let store = tx.object_store(Store::Device.name())?;
    Ok(store.get(ENROLMENT).serde()?.await?)
}

/// Saves the enrolment and the forms it came with, together.
pub async fn enrol(
    db: &Database,
    enrolment: &Enrolment,
    forms: &[FormEntry],
) -> Result<(), StorageError> {
    let tx = db
        .transaction([Store::Device.name(), Store::Forms.name()])
        .with_mode(TransactionMode::Readwrite)
        .build()?;
    {
        let device = tx.object_store(Store::Device.name())?;
        device.put(enrolment).serde()?.await?;
        let store = tx.object_store(Store::Forms.name())?;
        for form in forms {
            store.put(form).serde()?.await?;
        }
    }
    super::commit(tx).await?;
    Ok(())
}

/// Saves the forms the server lists now (new versions added, known ones rewritten as they
/// are: a version never changes).
pub async fn save_forms(db: &Database, forms: &[FormEntry]) -> Result<(), StorageError> {
    let tx = db
        .transaction(Store::Forms.name())
        .with_mode(TransactionMode::Readwrite)
        .build()?;
    {
        let store = tx.object_store(Store::Forms.name())?;
        for form in forms {
            store.put(form).serde()?.await?;
        }
    }
    super::commit(tx).await?;
    Ok(())
}

/// The forms saved at enrolment and since, in the order the server listed them.
pub async fn forms(db: &Database) -> Result<Vec<FormEntry>, StorageError> {
    let tx = db.transaction(Store::Forms.name()).build()?;
    let store = tx.object_store(Store::Forms.name())?;
    let entries: Vec<FormEntry> = store
        .get_all()
        .serde()?
        .await?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(entries)
}
