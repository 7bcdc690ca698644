//! The interview store's conformance suite (`qabul_core::store::conformance`) on the real
//! IndexedDB of headless Chromium: the same checks the memory store passes natively.
#![cfg(target_arch = "wasm32")]

use indexed_db_futures::database::Database;
use qabul_core::store::conformance;
use qabul_pwa::storage::{self, interview_store::IdbStore};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

async fn fresh(name: &str) -> IdbStore {
    if let Ok(request) = Database::delete_by_name(name) {
        let _ = request.await;
    }
    IdbStore::new(storage::open_named(name).await.expect("database opens"))
}

#[wasm_bindgen_test]
async fn drafts_read_back_as_written() {
    conformance::drafts_read_back_as_written(&fresh("qabul-store-drafts").await).await;
}

#[wasm_bindgen_test]
async fn finalizing_moves_exactly_one_and_numbers_it() {
    conformance::finalizing_moves_exactly_one_and_numbers_it(&fresh("qabul-store-finalize").await)
        .await;
}

#[wasm_bindgen_test]
async fn a_failed_finalize_changes_nothing() {
    conformance::a_failed_finalize_changes_nothing(&fresh("qabul-store-failed").await).await;
}
