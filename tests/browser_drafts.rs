//! The phone's storage of interviews, on the real IndexedDB of headless Chromium: a draft
//! resumes after the database is closed and opened again, an upgrade keeps what the previous
//! schema held, and a write refused by a full quota loses nothing. What every store promises
//! (finalizing moves exactly one record, a failed finalize changes nothing) is checked by the
//! core's conformance suite, in `browser_store.rs`.
#![cfg(target_arch = "wasm32")]

use std::sync::Arc;

use indexed_db_futures::database::Database;
use qabul_core::answer::AnswerValue;
use qabul_core::date::Date;
use qabul_core::draft::Draft;
use qabul_core::expr::EvalContext;
use qabul_core::interview::{Interview, Outcome};
use qabul_core::lang::Lang;
use qabul_pwa::forms;
use qabul_pwa::storage::{self, StorageError, Store, drafts, outbox, schema};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

async fn fresh(name: &str) -> Database {
    if let Ok(request) = Database::delete_by_name(name) {
        let _ = request.await;
    }
    storage::open_named(name).await.expect("database opens")
}

fn interview() -> Interview {
    let context = EvalContext {
        today: Date::from_ymd(2026, 11, 22).unwrap(),
    };
    Interview::new(forms::builtin(), Lang::Ar, context)
}

fn draft(id: &str, practice: bool, governorate: &str) -> Draft {
    let mut iv = interview();
    iv.answer(
        "governorate",
        Some(AnswerValue::Text(governorate.into())),
        10,
    )
    .unwrap();
    let district = match governorate {
        "anbar" => "ramadi",
        "ninewa" => "mosul",
        "kirkuk" => "kirkuk",
        "diyala" => "baquba",
        _ => "tikrit",
    };
    iv.answer("district", Some(AnswerValue::Text(district.into())), 20)
        .unwrap();
    iv.answer("consent", Some(AnswerValue::Text("yes".into())), 30)
        .unwrap();
    iv.next(40).unwrap();
    Draft::start(
        id.into(),
        &iv,
        practice,
        "2026-11-22T08:00:00.000Z".into(),
        40,
    )
}

/// Finalizes draft `id` as completed, `minute` minutes past 08:00 on 2026-11-22.
async fn finalize(
    db: &Database,
    id: &str,
    minute: u32,
) -> Result<qabul_core::draft::OutboxEntry, StorageError> {
    outbox::finalize_draft(
        db,
        id,
        Outcome::Completed,
        format!("2026-11-22T08:{minute:02}:00.000Z"),
        u64::from(minute) * 10,
        None,
    )
    .await
}

#[wasm_bindgen_test]
async fn a_draft_is_written_and_resumes_with_its_answers_and_screen() {
    let db = fresh("qabul-test-drafts-resume").await;
    let saved = draft("d-1", false, "anbar");
    drafts::put(&db, &saved).await.unwrap();
    db.close();

    let db = storage::open_named("qabul-test-drafts-resume")
        .await
        .unwrap();
    let read = drafts::get(&db, "d-1")
        .await
        .unwrap()
        .expect("the draft is there");
    assert_eq!(read, saved);
    let context = EvalContext {
        today: Date::from_ymd(2026, 11, 22).unwrap(),
    };
    let (mut resumed, rejected) = Interview::resume(
        Arc::clone(&forms::builtin()),
        Lang::Ar,
        context,
        &read.answers,
    );
    assert!(rejected.is_empty());
    assert!(resumed.go_to_screen(read.screen, 50));
    assert_eq!(resumed.screen(), saved.screen);
    assert_eq!(
        resumed.answer_of("governorate"),
        Some(&AnswerValue::Text("anbar".into()))
    );
    assert_eq!(drafts::list(&db).await.unwrap().0.len(), 1);
    db.close();
}

#[wasm_bindgen_test]
async fn an_upgrade_from_the_first_schema_keeps_the_drafts() {
    let name = "qabul-test-upgrade";
    if let Ok(request) = Database::delete_by_name(name) {
        let _ = request.await;
    }
    let v1 = schema::open(name, 1).await.unwrap();
    let names: Vec<String> = v1.object_store_names().collect();
    assert!(!names.iter().any(|n| n == Store::Sync.name()));
    let saved = draft("d-old", false, "diyala");
    drafts::put(&v1, &saved).await.unwrap();
    v1.close();

    let current = storage::open_named(name).await.unwrap();
    assert_eq!(current.version(), f64::from(storage::DB_VERSION));
    let names: Vec<String> = current.object_store_names().collect();
    assert!(names.iter().any(|n| n == Store::Sync.name()));
    assert_eq!(drafts::get(&current, "d-old").await.unwrap(), Some(saved));
    current.close();
}

// A storage bucket with a small quota, standing in for a phone whose storage is full: the
// app's code opens its database through `window.indexedDB`, which points into the bucket for
// the length of the test.
#[wasm_bindgen::prelude::wasm_bindgen(inline_js = r#"
let saved = null;
export async function indexed_db_in_small_bucket(name, quota) {
  await navigator.storageBuckets.delete(name).catch(() => {});
  const bucket = await navigator.storageBuckets.open(name, { quota });
  saved = Object.getOwnPropertyDescriptor(window, 'indexedDB') ?? null;
  Object.defineProperty(window, 'indexedDB', { value: bucket.indexedDB, configurable: true, writable: true });
}
export function indexed_db_restored(name) {
  if (saved) Object.defineProperty(window, 'indexedDB', saved);
  else delete window.indexedDB;
  navigator.storageBuckets.delete(name).catch(() => {});
}
"#)]
extern "C" {
    async fn indexed_db_in_small_bucket(name: &str, quota: f64);
    fn indexed_db_restored(name: &str);
}

/// Points `window.indexedDB` back at the page's own storage when dropped, so that a failing
/// assertion does not leave the tests after it in the small bucket.
struct SmallBucket(&'static str);

impl SmallBucket {
    async fn enter(name: &'static str, quota: f64) -> Self {
        indexed_db_in_small_bucket(name, quota).await;
        Self(name)
    }
}

impl Drop for SmallBucket {
    fn drop(&mut self) {
        indexed_db_restored(self.0);
    }
}

/// Text that no compression shrinks, `len` characters long.
fn incompressible(len: usize) -> String {
    let mut rng = qabul_core::synthetic::Rng::new(5);
    (0..len)
        .map(|_| char::from(b'!' + u8::try_from(rng.below(90)).unwrap()))
        .collect()
}

#[wasm_bindgen_test]
async fn a_full_quota_refuses_the_write_and_leaves_earlier_drafts_intact() {
    const QUOTA: f64 = 256.0 * 1024.0;
    let _bucket = SmallBucket::enter("qabul-test-quota", QUOTA).await;
    let db = fresh("qabul-test-quota").await;
    let first = draft("d-1", false, "anbar");
    drafts::put(&db, &first).await.unwrap();

    // A new draft larger than what is left: refused as a full disk, not stored at all.
    let mut big = draft("d-2", false, "kirkuk");
    big.answers
        .insert("comment".into(), AnswerValue::Text(incompressible(1 << 20)));
    let error = drafts::put(&db, &big).await.unwrap_err();
    assert!(matches!(error, StorageError::QuotaExceeded), "{error:?}");
    assert_eq!(error.code(), "storage_full");
    assert_eq!(drafts::get(&db, "d-2").await.unwrap(), None);

    // An earlier draft grown past the quota keeps its last stored version.
    let mut grown = first.clone();
    grown
        .answers
        .insert("comment".into(), AnswerValue::Text(incompressible(1 << 20)));
    let error = drafts::put(&db, &grown).await.unwrap_err();
    assert!(matches!(error, StorageError::QuotaExceeded), "{error:?}");
    assert_eq!(drafts::get(&db, "d-1").await.unwrap(), Some(first));

    // And it still finalizes: the outbox is written within what is left.
    finalize(&db, "d-1", 10).await.unwrap();
    assert_eq!(outbox::list(&db).await.unwrap().len(), 1);
    db.close();
}
