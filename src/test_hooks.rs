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
    let set_pin = Closure::<dyn Fn(String) -> js_sys::Promise>::new(|pin: String| {
        wasm_bindgen_futures::future_to_promise(async move {
            unlock_with(&pin)
                .await
                .map(JsValue::from)
                .map_err(|e| JsValue::from_str(&e.to_string()))
        })
    });
    let _ = js_sys::Reflect::set(&window, &"qabulSetPin".into(), set_pin.as_ref());
    set_pin.forget();
    install_bench();
}

/// Puts `window.qabulBenchSeal(n)`, in both modules: seals `n` synthetic submissions with the
/// core code as the phone does at finalize, then opens them all as the review page does, and
/// returns `{sealMeanMs, openTotalMs, n}` timed with `performance.now()`.
pub fn install_bench() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let bench =
        Closure::<dyn Fn(u32) -> JsValue>::new(|n: u32| bench_seal(n).unwrap_or(JsValue::NULL));
    let _ = js_sys::Reflect::set(&window, &"qabulBenchSeal".into(), bench.as_ref());
    bench.forget();
}

fn bench_seal(n: u32) -> Option<JsValue> {
    use qabul_core::opened::OpenedSet;
    use qabul_core::review::{ReviewStatus, SealedItem};
    use qabul_core::seal::{self, PrivateKey};
    let performance = web_sys::window()?.performance()?;
    let key = PrivateKey::derive(&clock::secure_random_bytes()?);
    let mut rng = Rng::new(7);
    let plain: Vec<_> = (0..n)
        .map(|i| synthetic::submission(&mut rng, u64::from(i) + 1, 1_795_334_400_000).0)
        .collect();
    let mut sealed = Vec::with_capacity(plain.len());
    let started = performance.now();
    for submission in &plain {
        let mut submission = submission.clone();
        seal::seal_submission(
            &mut submission,
            "bench-device",
            key.public_key(),
            clock::secure_random_bytes()?,
        )
        .ok()?;
        sealed.push(submission);
    }
    let seal_ms = performance.now() - started;
    let items: Vec<SealedItem> = sealed
        .into_iter()
        .map(|submission| SealedItem {
            device_id: "bench-device".to_owned(),
            enumerator: "bench".to_owned(),
            review_status: ReviewStatus::Pending,
            flags: Vec::new(),
            received_at: None,
            submission,
        })
        .collect();
    // As the review page opens them: into the table's set, rows, places and flags included.
    let started = performance.now();
    let opened = OpenedSet::open(items, &[key]);
    let open_ms = performance.now() - started;
    (opened.len() == plain.len()).then_some(())?;
    let result = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&result, &"n".into(), &JsValue::from(n));
    let _ = js_sys::Reflect::set(
        &result,
        &"sealMeanMs".into(),
        &JsValue::from(seal_ms / f64::from(n.max(1))),
    );
    let _ = js_sys::Reflect::set(&result, &"openTotalMs".into(), &JsValue::from(open_ms));
    Some(result.into())
}

/// `window.qabulSetPin(pin)`: sets the PIN if there is none, else enters it; resolves with
/// whether the app is unlocked, as the PIN screen would leave it.
async fn unlock_with(pin: &str) -> Result<bool, StorageError> {
    let pin: qabul_core::draft_lock::Pin = pin
        .parse()
        .map_err(|e: qabul_core::draft_lock::PinError| StorageError::Io(e.to_string()))?;
    if crate::lock::enter_pin(&pin).await? == crate::lock::Entered::NoPin {
        crate::lock::set_pin(&pin).await?;
    }
    Ok(!crate::lock::is_locked())
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
        forms::for_new_interview().map_err(|e| StorageError::Io(e.to_string()))?
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
            forms::seal_to(form.id(), form.version()).await?
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
