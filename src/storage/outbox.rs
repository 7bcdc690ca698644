//! The outbox: finalized, frozen submissions, and the step that moves a draft into it.

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{TransactionDurability, TransactionMode, TransactionOptions};
use qabul_core::draft::{Draft, OutboxEntry, OutboxState, finalize, sequence_for};
use qabul_core::interview::Outcome;
use qabul_core::seal;
use qabul_core::sync::ItemAction;
use serde::{Deserialize, Serialize};

use super::{StorageError, Store};

const DEVICE_SEQ: &str = "device_seq";

/// A named counter of the `device` store.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Counter {
    key: String,
    value: u64,
}

/// The key an encrypted form's interviews are sealed to (its text, checked when the form
/// arrived), 32 fresh random bytes for the one-time key of this seal, and the encryption
/// module, loaded before the transaction starts so that sealing inside it never waits.
#[derive(Debug, Clone)]
pub struct SealTo {
    pub key: String,
    pub ephemeral: [u8; seal::KEY_LEN],
    pub sealer: crate::sealer::Sealer,
}

/// Moves a draft into the outbox in one transaction: read the draft, take the device's next
/// sequence number, add the frozen entry, delete the draft. `strict` durability makes the
/// browser flush to disk before it reports success, so a phone switched off right after
/// "finalized" still has the interview. Either all of it happens or none of it.
///
/// With `seal_to`, the entry's answers and paradata are sealed before it is written: the
/// outbox of an encrypted form never holds them in the clear. Practice interviews are never
/// sealed, as they never leave.
pub async fn finalize_draft(
    db: &Database,
    draft_id: &str,
    outcome: Outcome,
    finalized_at: String,
    now_ms: u64,
    seal_to: Option<SealTo>,
) -> Result<OutboxEntry, StorageError> {
    let stores = [
        Store::Drafts.name(),
        Store::Outbox.name(),
        Store::Device.name(),
    ];
    let tx = db
        .transaction(stores)
        .with_mode(TransactionMode::Readwrite)
        .with_options(TransactionOptions::new().with_durability(TransactionDurability::Strict))
        .build()?;
    let entry = {
        let drafts = tx.object_store(Store::Drafts.name())?;
        let outbox = tx.object_store(Store::Outbox.name())?;
        let device = tx.object_store(Store::Device.name())?;
        let record: wasm_bindgen::JsValue = drafts
            .get(draft_id)
            .primitive()?
            .await?
            .ok_or_else(|| StorageError::NotFound(draft_id.to_owned()))?;
        let record = super::drafts::StoredDraft::from_js(record)?;
        let draft: Draft = record.open(crate::lock::key().as_ref())?;
        let last: Option<Counter> = device.get(DEVICE_SEQ).serde()?.await?;
        let seq = sequence_for(&draft, last.map_or(0, |c| c.value));
        if seq > 0 {
            device
                .put(Counter {
                    key: DEVICE_SEQ.to_owned(),
                    value: seq,
                })
                .serde()?
                .await?;
        }
        let practice = draft.practice;
        let mut entry = finalize(draft, outcome, seq, finalized_at, now_ms);
        if let (Some(seal_to), false) = (seal_to, practice) {
            let enrolment: Option<super::device::Enrolment> =
                device.get(super::device::ENROLMENT).serde()?.await?;
            let enrolment = enrolment
                .ok_or_else(|| StorageError::Seal("this phone is not enrolled".to_owned()))?;
            entry.submission = seal_to.sealer.seal_submission(
                &entry.submission,
                &enrolment.device_id,
                &seal_to.key,
                &seal_to.ephemeral,
            )?;
        }
        // `add`, not `put`: an entry already in the outbox is frozen and is never replaced.
        outbox.add(&entry).serde()?.await?;
        drafts.delete(draft_id).await?;
        entry
    };
    super::commit(tx).await?;
    Ok(entry)
}

/// Every outbox entry, the most recent first.
pub async fn list(db: &Database) -> Result<Vec<OutboxEntry>, StorageError> {
    let tx = db.transaction(Store::Outbox.name()).build()?;
    let store = tx.object_store(Store::Outbox.name())?;
    let mut entries: Vec<OutboxEntry> = store
        .get_all()
        .serde()?
        .await?
        .collect::<Result<Vec<_>, _>>()?;
    entries.sort_by_key(|e| std::cmp::Reverse(e.finalized_at_ms));
    Ok(entries)
}

/// How many entries are in each state.
pub fn counts(entries: &[OutboxEntry]) -> Vec<(OutboxState, usize)> {
    OutboxState::ALL
        .into_iter()
        .map(|state| (state, entries.iter().filter(|e| e.state == state).count()))
        .filter(|&(_, n)| n > 0)
        .collect()
}

/// The device's last sequence number (0 before the first real interview).
pub async fn device_seq(db: &Database) -> Result<u64, StorageError> {
    let tx = db.transaction(Store::Device.name()).build()?;
    let store = tx.object_store(Store::Device.name())?;
    let counter: Option<Counter> = store.get(DEVICE_SEQ).serde()?.await?;
    Ok(counter.map_or(0, |c| c.value))
}

/// Proof that the server stored a submission, kept once its payload is deleted: a seized
/// phone holds the fact that an interview was sent, never what was said in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    pub id: String,
    pub form_id: String,
    pub form_version: String,
    pub started_at: String,
    pub finalized_at: String,
    pub digest: String,
    pub sent_at_ms: u64,
}

/// Carries out what the server said about a batch, in one transaction: a sent submission
/// leaves the outbox and leaves a receipt; a refused one stays, marked, with the reason.
/// The entries come from the caller, which holds them already: reading each back made a
/// batch of a hundred slow.
pub async fn apply_results(
    db: &Database,
    actions: &[(&OutboxEntry, ItemAction)],
    now_ms: u64,
) -> Result<(), StorageError> {
    let tx = db
        .transaction([Store::Outbox.name(), Store::Receipts.name()])
        .with_mode(TransactionMode::Readwrite)
        .with_options(TransactionOptions::new().with_durability(TransactionDurability::Strict))
        .build()?;
    {
        let outbox = tx.object_store(Store::Outbox.name())?;
        let receipts = tx.object_store(Store::Receipts.name())?;
        for (entry, action) in actions {
            match action {
                ItemAction::Sent { digest } => {
                    let s = &entry.submission;
                    receipts
                        .put(Receipt {
                            id: s.id.clone(),
                            form_id: s.form_id.clone(),
                            form_version: s.form_version.clone(),
                            started_at: s.started_at.clone(),
                            finalized_at: s.finalized_at.clone(),
                            digest: digest.clone(),
                            sent_at_ms: now_ms,
                        })
                        .serde()?
                        .await?;
                    outbox.delete(entry.id.as_str()).await?;
                }
                ItemAction::Rejected { code, message } => {
                    let mut entry = (*entry).clone();
                    entry.state = OutboxState::Rejected;
                    entry.reason = Some(format!("{code}: {message}"));
                    outbox.put(&entry).serde()?.await?;
                }
                ItemAction::Conflict { message } => {
                    let mut entry = (*entry).clone();
                    entry.state = OutboxState::Conflict;
                    entry.reason = Some(message.clone());
                    outbox.put(&entry).serde()?.await?;
                }
            }
        }
    }
    super::commit(tx).await?;
    Ok(())
}

/// How many receipts the phone holds, without reading them.
pub async fn receipt_count(db: &Database) -> Result<u32, StorageError> {
    let tx = db.transaction(Store::Receipts.name()).build()?;
    let store = tx.object_store(Store::Receipts.name())?;
    Ok(store.count().await?)
}
