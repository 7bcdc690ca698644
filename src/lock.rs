//! The key of the drafts of encrypted forms, while the app is unlocked. It lives in this page's
//! memory only: every start is locked, and so is an app left ten minutes untouched
//! (`qabul_core::draft_lock::should_lock`).

use std::cell::{Cell, RefCell};

use qabul_core::draft_lock::{Pin, should_lock};

use crate::clock;
use crate::sealer::{self, DraftKey, Unlock};
use crate::storage::{self, StorageError};

thread_local! {
    static KEY: RefCell<Option<DraftKey>> = const { RefCell::new(None) };
    static LAST_TOUCH_MS: Cell<u64> = const { Cell::new(0) };
}

/// The key, if the app is unlocked and was touched in the last ten minutes; an idle app locks
/// here, forgetting the key.
pub fn key() -> Option<DraftKey> {
    let now = clock::now_ms();
    if should_lock(LAST_TOUCH_MS.with(Cell::get), now) {
        lock();
        return None;
    }
    KEY.with(|k| k.borrow().clone())
}

/// Whether the app is locked now.
pub fn is_locked() -> bool {
    key().is_none()
}

/// Unlocks with the key the PIN gave.
pub fn unlock(key: DraftKey) {
    LAST_TOUCH_MS.with(|t| t.set(clock::now_ms()));
    KEY.with(|k| *k.borrow_mut() = Some(key));
}

/// Forgets the key.
pub fn lock() {
    KEY.with(|k| *k.borrow_mut() = None);
}

/// Records that the enumerator is using the app (an answer, a tap). An app idle for ten
/// minutes locks first: a tap after that must not keep the key alive.
pub fn touch() {
    let _ = key();
    LAST_TOUCH_MS.with(|t| t.set(clock::now_ms()));
}

/// What entering a PIN did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entered {
    /// No PIN is set yet.
    NoPin,
    Unlocked,
    /// Wrong: this many tries are left.
    TryAgain {
        left: u32,
    },
    /// The last try was wrong: the locked drafts and the PIN's record are gone.
    Wiped,
}

/// Sets the PIN (a fresh salt, the phone's Argon2id cost) and unlocks with it, if no PIN is
/// set yet; `false` if one is, which is left as it was: replacing it would make the drafts
/// locked under it unreadable for good.
pub async fn set_pin(pin: &Pin) -> Result<bool, StorageError> {
    let (record, key) =
        sealer::load()
            .await?
            .lock_new(pin, clock::key_bytes()?, clock::key_bytes()?)?;
    let db = storage::open().await?;
    if !storage::lock::create(&db, &record).await? {
        return Ok(false);
    }
    unlock(key);
    Ok(true)
}

/// Tries a PIN against the stored record, keeps the count of wrong ones, and unlocks or wipes
/// as `qabul_core::draft_lock` decides.
pub async fn enter_pin(pin: &Pin) -> Result<Entered, StorageError> {
    let db = storage::open().await?;
    let Some(record) = storage::lock::record(&db).await? else {
        return Ok(Entered::NoPin);
    };
    let (record, outcome) = sealer::load().await?.lock_try(&record, pin)?;
    match outcome {
        Unlock::Open(key) => {
            storage::lock::save(&db, &record).await?;
            unlock(key);
            Ok(Entered::Unlocked)
        }
        Unlock::TryAgain { left } => {
            storage::lock::save(&db, &record).await?;
            Ok(Entered::TryAgain { left })
        }
        Unlock::Wipe => {
            storage::lock::wipe(&db).await?;
            lock();
            Ok(Entered::Wiped)
        }
    }
}
