//! The key of the drafts of encrypted forms, while the app is unlocked. It lives in this page's
//! memory only: every start is locked, and so is an app left ten minutes untouched
//! (`qabul_core::draft_lock::should_lock`).

use std::cell::{Cell, RefCell};

use qabul_core::draft_lock::{DraftKey, should_lock};

use crate::clock;

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
    KEY.with(|k| *k.borrow_mut() = Some(key));
    touch();
}

/// Forgets the key.
pub fn lock() {
    KEY.with(|k| *k.borrow_mut() = None);
}

/// Records that the enumerator is using the app (an answer, a tap).
pub fn touch() {
    LAST_TOUCH_MS.with(|t| t.set(clock::now_ms()));
}
