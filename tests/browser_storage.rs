//! IndexedDB in a real browser (wasm-bindgen-test in headless Chromium).
#![cfg(target_arch = "wasm32")]

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use qabul_pwa::storage::{self, Store};
use serde::{Deserialize, Serialize};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct DeviceEntry {
    key: String,
    value: String,
}

async fn fresh(name: &str) -> Database {
    if let Ok(request) = Database::delete_by_name(name) {
        let _ = request.await;
    }
    storage::open_named(name).await.expect("database opens")
}

#[wasm_bindgen_test]
async fn a_record_written_in_one_transaction_is_there_after_close_and_reopen() {
    let name = "qabul-test-reopen";
    let db = fresh(name).await;
    let entry = DeviceEntry {
        key: "device_id".into(),
        value: "0193a1b2-test".into(),
    };
    let tx = db
        .transaction(Store::Device.name())
        .with_mode(TransactionMode::Readwrite)
        .build()
        .unwrap();
    let store = tx.object_store(Store::Device.name()).unwrap();
    store.put(entry.clone()).serde().unwrap().await.unwrap();
    tx.commit().await.unwrap();
    db.close();

    let db = storage::open_named(name).await.unwrap();
    let names: Vec<String> = db.object_store_names().collect();
    for store in [
        Store::Forms,
        Store::Drafts,
        Store::Outbox,
        Store::Receipts,
        Store::Device,
    ] {
        assert!(
            names.iter().any(|n| n == store.name()),
            "{} missing",
            store.name()
        );
    }
    let read: Option<DeviceEntry> = {
        let tx = db.transaction(Store::Device.name()).build().unwrap();
        let store = tx.object_store(Store::Device.name()).unwrap();
        store.get("device_id").serde().unwrap().await.unwrap()
    };
    assert_eq!(read, Some(entry));
    db.close();
}

#[wasm_bindgen_test]
async fn an_aborted_transaction_leaves_nothing_behind() {
    let name = "qabul-test-abort";
    let db = fresh(name).await;
    let tx = db
        .transaction(Store::Device.name())
        .with_mode(TransactionMode::Readwrite)
        .build()
        .unwrap();
    let store = tx.object_store(Store::Device.name()).unwrap();
    store
        .put(DeviceEntry {
            key: "half".into(),
            value: "written".into(),
        })
        .serde()
        .unwrap()
        .await
        .unwrap();
    // indexed_db_futures rolls back a transaction that is dropped without commit.
    drop(store);
    tx.abort().await.unwrap();

    let read: Option<DeviceEntry> = {
        let tx = db.transaction(Store::Device.name()).build().unwrap();
        let store = tx.object_store(Store::Device.name()).unwrap();
        store.get("half").serde().unwrap().await.unwrap()
    };
    assert_eq!(read, None);
    db.close();
}
