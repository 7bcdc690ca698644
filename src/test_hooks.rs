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

/// Puts `window.qabulQueueSynthetic(n, comment)`: a promise of how many interviews were
/// queued. With `comment`, every completed one carries it as its closing comment.
pub fn install() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let queue = Closure::<dyn Fn(u32, Option<String>) -> js_sys::Promise>::new(
        |n: u32, comment: Option<String>| {
            wasm_bindgen_futures::future_to_promise(async move {
                queue_synthetic(n, comment)
                    .await
                    .map(JsValue::from)
                    .map_err(|e| JsValue::from_str(&e.to_string()))
            })
        },
    );
    let _ = js_sys::Reflect::set(&window, &"qabulQueueSynthetic".into(), queue.as_ref());
    queue.forget();
}

/// Finalizes `n` synthetic interviews of the form a new interview runs (sealed if it is
/// encrypted), practice ones before enrolment.
async fn queue_synthetic(n: u32, comment: Option<String>) -> Result<u32, StorageError> {
    let db = storage::open().await?;
    let practice = device::enrolment(&db).await?.is_none();
    let form = if practice {
        forms::builtin()
    } else {
        forms::load(&db).await?;
        forms::for_new_interview()
    };
    let mut rng = Rng::new(u64::from_le_bytes(clock::random_bytes()));
    let context = qabul_core::EvalContext {
        today: clock::today(),
    };
    for _ in 0..n {
        let mut drawn = synthetic::interview(&mut rng);
        if let (Some(text), qabul_core::interview::Outcome::Completed) = (&comment, drawn.outcome) {
            drawn.answers.insert(
                "comment".to_owned(),
                qabul_core::AnswerValue::Text(text.clone()),
            );
        }
        let (mut interview, _) = Interview::resume(
            std::sync::Arc::clone(&form),
            drawn.language,
            context,
            &drawn.answers,
        );
        interview.set_paradata(drawn.paradata);
        let now = clock::now_ms();
        let started = clock::rfc3339(now.saturating_sub(drawn.duration_ms));
        let draft = Draft::start(clock::new_id(), &interview, practice, started, now);
        drafts::put(&db, &draft).await?;
        let seal_to = if practice {
            None
        } else {
            forms::seal_to(form.id(), form.version())?
        };
        outbox::finalize_draft(
            &db,
            &draft.id,
            drawn.outcome,
            clock::rfc3339(now),
            now,
            seal_to,
        )
        .await?;
    }
    db.close();
    Ok(n)
}
