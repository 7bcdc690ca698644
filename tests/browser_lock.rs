//! The PIN's key in the page: an app left ten minutes untouched locks, whatever the
//! enumerator taps first when they come back.
#![cfg(target_arch = "wasm32")]

use qabul_core::draft_lock::{IDLE_LOCK_MS, KdfCost, Pin};
use qabul_pwa::lock;
use wasm_bindgen::JsCast as _;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// Runs `f` with the page's `Date.now()` moved `ahead_ms` into the future.
fn later<R>(ahead_ms: u64, f: impl FnOnce() -> R) -> R {
    let date: js_sys::Function = js_sys::Reflect::get(&js_sys::global(), &"Date".into())
        .unwrap()
        .unchecked_into();
    let real: js_sys::Function = js_sys::Reflect::get(&date, &"now".into())
        .unwrap()
        .unchecked_into();
    #[allow(clippy::cast_precision_loss)]
    let ahead = ahead_ms as f64;
    let moved = Closure::<dyn Fn() -> f64>::new(move || js_sys::Date::new_0().get_time() + ahead);
    js_sys::Reflect::set(&date, &"now".into(), moved.as_ref()).unwrap();
    let result = f();
    js_sys::Reflect::set(&date, &"now".into(), &real).unwrap();
    result
}

#[wasm_bindgen_test]
async fn a_tap_after_ten_idle_minutes_locks_rather_than_keeping_the_key_alive() {
    let pin: Pin = "246813".parse().unwrap();
    let cost = KdfCost {
        memory_kib: 64,
        passes: 1,
    };
    let sealer = qabul_pwa::sealer::load().await.unwrap();
    lock::unlock(sealer.derive_key(&pin, &[1; 16], cost).unwrap());
    assert!(!lock::is_locked());
    // Nine minutes on, a tap keeps it open.
    later(9 * 60 * 1_000, lock::touch);
    assert!(!lock::is_locked());
    // Ten more minutes untouched, and the first thing that happens is a tap.
    later(9 * 60 * 1_000 + IDLE_LOCK_MS, lock::touch);
    assert!(lock::is_locked(), "the tap came after ten idle minutes");
}
