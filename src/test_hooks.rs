//! Hooks for the end-to-end tests and the sending benchmark, compiled only with the
//! `test-hooks` feature, never into the build `qabul serve` ships. They fill the outbox the
//! way hundreds of finished interviews would, through the app's own storage code: a draft is
//! written, then finalized in the same strict transaction the runner uses.

use qabul_core::draft::Draft;
use qabul_core::interview::Interview;
use qabul_core::synthetic::{self, Rng};
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::Closure;

use crate::storage::{self, StorageError, device, drafts, outbox};
use crate::{clock, forms};

/// Puts `window.qabulQueueSynthetic(n)`: a promise of how many interviews were queued.
pub fn install() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let queue = Closure::<dyn Fn(u32) -> js_sys::Promise>::new(|n: u32| {
        wasm_bindgen_futures::future_to_promise(async move {
            queue_synthetic(n)
                .await
                .map(JsValue::from)
                .map_err(|e| JsValue::from_str(&e.to_string()))
        })
    });
    let _ = js_sys::Reflect::set(&window, &"qabulQueueSynthetic".into(), queue.as_ref());
    queue.forget();
}

/// Finalizes `n` synthetic interviews of the built-in form; practice ones before enrolment.
async fn queue_synthetic(n: u32) -> Result<u32, StorageError> {
    let db = storage::open().await?;
    let practice = device::enrolment(&db).await?.is_none();
    let mut rng = Rng::new(u64::from_le_bytes(clock::random_bytes()));
    let context = qabul_core::EvalContext {
        today: clock::today(),
    };
    for _ in 0..n {
        let drawn = synthetic::interview(&mut rng);
        let (mut interview, _) =
            Interview::resume(forms::builtin(), drawn.language, context, &drawn.answers);
        interview.set_paradata(drawn.paradata);
        let now = clock::now_ms();
        let started = clock::rfc3339(now.saturating_sub(drawn.duration_ms));
        let draft = Draft::start(clock::new_id(), &interview, practice, started, now);
        drafts::put(&db, &draft).await?;
        outbox::finalize_draft(
            &db,
            &draft.id,
            drawn.outcome,
            clock::rfc3339(now),
            now,
            None,
        )
        .await?;
    }
    db.close();
    Ok(n)
}
