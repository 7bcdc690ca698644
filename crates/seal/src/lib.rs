//! What the phone's encryption module does: the PIN's key (Argon2id), sealing and opening
//! locked drafts (ChaCha20-Poly1305) and sealing submissions (HPKE), all by
//! `qabul_core::draft_lock` and `qabul_core::seal`.
//!
//! Each operation takes and gives strings and bytes, so that it can cross from the app's
//! module into the encryption module's (`main.rs` exports these functions) as plain
//! JavaScript values; structured results travel as JSON. The app reaches them through its
//! `sealer`, which loads the module the first time a phone needs it.

use qabul_core::draft_lock::{DraftKey, KdfCost, LockRecord, NONCE_LEN, Pin, SALT_LEN, Unlock};
use qabul_core::protocol::Submission;
use qabul_core::seal::{self, KEY_LEN, PublicKey};
use serde::{Deserialize, Serialize};

/// The operations, listed once for the three places that need their signatures: the
/// module's exports (`main.rs`), and the app's two ways of calling them (its `sealer`: through
/// JavaScript, or linked in for the browser tests). Each passes a macro that makes what it
/// needs of every `fn name(args) -> result;`.
#[macro_export]
macro_rules! operations {
    ($callback:ident) => {
        $callback! {
            fn lock_new(pin: &str, salt: &[u8], nonce: &[u8]) -> String;
            fn lock_try(record: &str, pin: &str) -> String;
            fn derive_key(pin: &str, salt: &[u8], memory_kib: u32, passes: u32) -> Vec<u8>;
            fn draft_seal(key: &[u8], draft_id: &str, plaintext: &[u8], nonce: &[u8]) -> String;
            fn draft_open(key: &[u8], draft_id: &str, sealed: &str) -> Vec<u8>;
            fn check_public_key(text: &str) -> ();
            fn seal_submission(submission: &str, device_id: &str, public_key: &str, ephemeral: &[u8]) -> String;
        }
    };
}

/// A new PIN's record, and the key it unlocks with.
#[derive(Debug, Serialize, Deserialize)]
pub struct NewLock {
    pub record: LockRecord,
    pub key: Vec<u8>,
}

/// A PIN tried against a record: the record to store, and what follows.
#[derive(Debug, Serialize, Deserialize)]
pub struct TriedPin {
    pub record: LockRecord,
    pub outcome: Tried,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tried {
    Open { key: Vec<u8> },
    TryAgain { left: u32 },
    Wipe,
}

fn array<const N: usize>(bytes: &[u8], what: &str) -> Result<[u8; N], String> {
    bytes
        .try_into()
        .map_err(|_| format!("{what}: {N} bytes expected, {} given", bytes.len()))
}

fn pin(text: &str) -> Result<Pin, String> {
    text.parse()
        .map_err(|e: qabul_core::draft_lock::PinError| e.to_string())
}

fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("plain records always serialize to JSON")
}

/// A new record for `pin` at the phone's cost (JSON of [`NewLock`]).
pub fn lock_new(pin_text: &str, salt: &[u8], nonce: &[u8]) -> Result<String, String> {
    let (record, key) = LockRecord::new(
        &pin(pin_text)?,
        array::<SALT_LEN>(salt, "salt")?,
        array::<NONCE_LEN>(nonce, "nonce")?,
        KdfCost::default(),
    );
    Ok(json(&NewLock {
        record,
        key: key.to_bytes().to_vec(),
    }))
}

/// `pin` tried against the record (JSON of a `LockRecord`); JSON of [`TriedPin`].
pub fn lock_try(record: &str, pin_text: &str) -> Result<String, String> {
    let record: LockRecord = serde_json::from_str(record).map_err(|e| e.to_string())?;
    let (record, unlock) = record.try_pin(&pin(pin_text)?);
    let outcome = match unlock {
        Unlock::Open(key) => Tried::Open {
            key: key.to_bytes().to_vec(),
        },
        Unlock::TryAgain { left } => Tried::TryAgain { left },
        Unlock::Wipe => Tried::Wipe,
    };
    Ok(json(&TriedPin { record, outcome }))
}

/// The key of `pin` with this salt and cost, with no record: for tests, at a cheap cost.
pub fn derive_key(
    pin_text: &str,
    salt: &[u8],
    memory_kib: u32,
    passes: u32,
) -> Result<Vec<u8>, String> {
    let key = DraftKey::derive(
        &pin(pin_text)?,
        &array::<SALT_LEN>(salt, "salt")?,
        KdfCost { memory_kib, passes },
    );
    Ok(key.to_bytes().to_vec())
}

/// A draft's JSON sealed under the key and bound to its id.
pub fn draft_seal(
    key: &[u8],
    draft_id: &str,
    plaintext: &[u8],
    nonce: &[u8],
) -> Result<String, String> {
    let key = DraftKey::from_bytes(array(key, "key")?);
    Ok(key.seal_draft(draft_id, plaintext, array(nonce, "nonce")?))
}

/// What [`draft_seal`] sealed.
pub fn draft_open(key: &[u8], draft_id: &str, sealed: &str) -> Result<Vec<u8>, String> {
    let key = DraftKey::from_bytes(array(key, "key")?);
    key.open_draft(draft_id, sealed).map_err(|e| e.to_string())
}

/// Whether `text` is a public key a submission can be sealed to.
pub fn check_public_key(text: &str) -> Result<(), String> {
    text.parse::<PublicKey>()
        .map(drop)
        .map_err(|e| e.to_string())
}

/// The submission (JSON) with its answers and paradata sealed to `public_key`, as JSON.
pub fn seal_submission(
    submission: &str,
    device_id: &str,
    public_key: &str,
    ephemeral: &[u8],
) -> Result<String, String> {
    let mut submission: Submission = serde_json::from_str(submission).map_err(|e| e.to_string())?;
    let key: PublicKey = public_key
        .parse()
        .map_err(|e: seal::KeyError| e.to_string())?;
    seal::seal_submission(
        &mut submission,
        device_id,
        &key,
        array::<KEY_LEN>(ephemeral, "ephemeral key")?,
    )
    .map_err(|e| e.to_string())?;
    Ok(json(&submission))
}
