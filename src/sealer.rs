//! The phone's encryption, reached through a module of its own (`qabul-seal`).
//!
//! A phone that only ever runs plain forms (every phone before enrolment) never needs
//! Argon2, ChaCha20-Poly1305 or HPKE: they were 27 kB of the first load's 2G download. So
//! the encryption module is loaded the first time a phone needs it (a form version with a
//! public key, a PIN), and the service worker keeps it from then on, for every later build
//! too, so that it is there offline. The page's boot script provides `qabulSeal()`, which
//! imports the module and resolves with its exports.
//!
//! A key lives on as [`DraftKey`], which holds the module it came from: sealing and opening
//! a draft never wait, and so can happen inside an IndexedDB transaction.

use std::cell::RefCell;

use qabul_core::draft_lock::{KdfCost, LockRecord, NONCE_LEN, Pin, SALT_LEN};
use qabul_core::protocol::Submission;
use qabul_core::seal::KEY_LEN;
use qabul_seal::{NewLock, Tried, TriedPin};

use crate::storage::StorageError;

/// The encryption module, loaded.
#[derive(Clone)]
pub struct Sealer(transport::Module);

impl std::fmt::Debug for Sealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sealer")
    }
}

thread_local! {
    static LOADED: RefCell<Option<Sealer>> = const { RefCell::new(None) };
}

/// The encryption module, loading it the first time (from the service worker's cache once
/// it has been used, from the server before that).
pub async fn load() -> Result<Sealer, StorageError> {
    if let Some(sealer) = LOADED.with(|l| l.borrow().clone()) {
        return Ok(sealer);
    }
    let sealer = Sealer(
        transport::load()
            .await
            .map_err(StorageError::EncryptionMissing)?,
    );
    LOADED.with(|l| *l.borrow_mut() = Some(sealer.clone()));
    crate::browser::keep_encryption_module();
    Ok(sealer)
}

/// The key of the drafts of encrypted forms, derived from the PIN. Its `Debug` hides it.
#[derive(Clone)]
pub struct DraftKey {
    bytes: [u8; 32],
    sealer: Sealer,
}

impl std::fmt::Debug for DraftKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DraftKey(…)")
    }
}

/// What a PIN tried against the stored record leads to (`qabul_core::draft_lock::Unlock`).
#[derive(Debug)]
pub enum Unlock {
    Open(DraftKey),
    TryAgain { left: u32 },
    Wipe,
}

fn sealing(message: String) -> StorageError {
    StorageError::Seal(message)
}

impl Sealer {
    fn key(&self, bytes: &[u8]) -> Result<DraftKey, StorageError> {
        let bytes = <[u8; 32]>::try_from(bytes)
            .map_err(|_| sealing(format!("a key of {} bytes", bytes.len())))?;
        Ok(DraftKey {
            bytes,
            sealer: self.clone(),
        })
    }

    /// A new record for `pin` at the phone's Argon2id cost, and the key it unlocks with.
    pub fn lock_new(
        &self,
        pin: &Pin,
        salt: [u8; SALT_LEN],
        nonce: [u8; NONCE_LEN],
    ) -> Result<(LockRecord, DraftKey), StorageError> {
        let json = self
            .0
            .lock_new(pin.digits(), &salt, &nonce)
            .map_err(sealing)?;
        let NewLock { record, key } = parsed(&json)?;
        Ok((record, self.key(&key)?))
    }

    /// Tries `pin` against `record`: the record to store, and what follows.
    pub fn lock_try(
        &self,
        record: &LockRecord,
        pin: &Pin,
    ) -> Result<(LockRecord, Unlock), StorageError> {
        let record = serde_json::to_string(record).map_err(|e| sealing(e.to_string()))?;
        let json = self.0.lock_try(&record, pin.digits()).map_err(sealing)?;
        let TriedPin { record, outcome } = parsed(&json)?;
        let unlock = match outcome {
            Tried::Open { key } => Unlock::Open(self.key(&key)?),
            Tried::TryAgain { left } => Unlock::TryAgain { left },
            Tried::Wipe => Unlock::Wipe,
        };
        Ok((record, unlock))
    }

    /// The key of `pin` with this salt and cost, with no record (tests, at a cheap cost).
    pub fn derive_key(
        &self,
        pin: &Pin,
        salt: &[u8; SALT_LEN],
        cost: KdfCost,
    ) -> Result<DraftKey, StorageError> {
        let bytes = self
            .0
            .derive_key(pin.digits(), salt, cost.memory_kib, cost.passes)
            .map_err(sealing)?;
        self.key(&bytes)
    }

    /// Whether `text` is a public key a submission can be sealed to; why not if it is not.
    pub fn check_public_key(&self, text: &str) -> Result<(), String> {
        self.0.check_public_key(text)
    }

    /// `submission` with its answers and paradata sealed to `public_key`.
    pub fn seal_submission(
        &self,
        submission: &Submission,
        device_id: &str,
        public_key: &str,
        ephemeral: &[u8; KEY_LEN],
    ) -> Result<Submission, StorageError> {
        let json = serde_json::to_string(submission).map_err(|e| sealing(e.to_string()))?;
        let sealed = self
            .0
            .seal_submission(&json, device_id, public_key, ephemeral)
            .map_err(sealing)?;
        parsed(&sealed)
    }
}

impl DraftKey {
    /// A draft's JSON sealed under this key, bound to its id.
    pub fn seal_draft(
        &self,
        draft_id: &str,
        plaintext: &[u8],
        nonce: [u8; NONCE_LEN],
    ) -> Result<String, StorageError> {
        self.sealer
            .0
            .draft_seal(&self.bytes, draft_id, plaintext, &nonce)
            .map_err(sealing)
    }

    /// What [`DraftKey::seal_draft`] sealed under this key for this draft.
    pub fn open_draft(&self, draft_id: &str, sealed: &str) -> Result<Vec<u8>, StorageError> {
        self.sealer
            .0
            .draft_open(&self.bytes, draft_id, sealed)
            .map_err(|message| StorageError::Io(format!("a locked draft does not open: {message}")))
    }
}

fn parsed<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, StorageError> {
    crate::json::parse(json)
        .ok_or_else(|| sealing("the encryption module answered something unreadable".into()))
}

/// The module as the browser loads it: `qabulSeal()` of the boot script.
#[cfg(not(feature = "linked-seal"))]
mod transport {
    use wasm_bindgen::prelude::*;
    use wasm_bindgen_futures::JsFuture;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(catch, js_namespace = globalThis, js_name = qabulSeal)]
        fn load_module() -> Result<js_sys::Promise, JsValue>;

        /// The module's namespace object, as `import()` gives it.
        #[derive(Clone)]
        type Exports;
    }

    #[derive(Clone)]
    pub struct Module(Exports);

    #[allow(clippy::needless_pass_by_value)] // the shape `map_err` takes
    fn message(error: JsValue) -> String {
        error
            .dyn_ref::<js_sys::Error>()
            .map_or_else(|| format!("{error:?}"), |e| String::from(e.message()))
    }

    pub async fn load() -> Result<Module, String> {
        let promise = load_module().map_err(message)?;
        let exports = JsFuture::from(promise).await.map_err(message)?;
        Ok(Module(exports.unchecked_into()))
    }

    macro_rules! exported {
        ($(fn $name:ident($($arg:ident: $ty:ty),*) -> $ret:ty;)*) => {
            #[wasm_bindgen]
            extern "C" {
                $(
                    #[wasm_bindgen(method, catch)]
                    fn $name(this: &Exports, $($arg: $ty),*) -> Result<$ret, JsValue>;
                )*
            }

            impl Module {
                $(
                    pub fn $name(&self, $($arg: $ty),*) -> Result<$ret, String> {
                        self.0.$name($($arg),*).map_err(message)
                    }
                )*
            }
        };
    }
    qabul_seal::operations!(exported);
}

/// The same operations called directly, for the browser tests (`--features linked-seal`).
#[cfg(feature = "linked-seal")]
mod transport {
    #[derive(Clone)]
    pub struct Module;

    #[allow(clippy::unused_async)]
    pub async fn load() -> Result<Module, String> {
        Ok(Module)
    }

    macro_rules! linked {
        ($(fn $name:ident($($arg:ident: $ty:ty),*) -> $ret:ty;)*) => {
            #[allow(clippy::unused_self)]
            impl Module {
                $(
                    pub fn $name(&self, $($arg: $ty),*) -> Result<$ret, String> {
                        qabul_seal::$name($($arg),*)
                    }
                )*
            }
        };
    }
    qabul_seal::operations!(linked);
}
