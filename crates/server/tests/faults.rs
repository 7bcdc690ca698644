//! The fault-injection switch itself, in builds with the `fault-injection` feature only:
//! `cargo test -p qabul-server --features fault-injection --test faults`.

#![cfg(feature = "fault-injection")]

mod support;

use support::{Backend, fresh_database, qabul, serve, valid, write_pwa};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_are_dropped_after_the_commit() {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    write_pwa(&dist);
    let database = fresh_database(Backend::Sqlite, dir.path()).await;
    let (mut child, base) = serve(&database, &dist, &[("QABUL_FAULT_DROP_AFTER_COMMIT", "1")]);
    let out = qabul(&database, &["enumerator", "add", "Layla", "--json"]);
    let line: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let client = reqwest::Client::new();
    let enrolled: serde_json::Value = client
        .post(format!("{base}/api/v1/enroll"))
        .json(&serde_json::json!({ "code": line["code"] }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = enrolled["token"].as_str().unwrap();
    let batch = serde_json::json!({ "submissions": [valid(1)] });
    for _ in 0..2 {
        let sent = client
            .post(format!("{base}/api/v1/submissions"))
            .bearer_auth(token)
            .json(&batch)
            .send()
            .await;
        assert!(
            sent.is_err(),
            "the answer should have been dropped: {sent:?}"
        );
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let db = qabul_server::db::Db::open(&database).await.unwrap();
    assert_eq!(
        db.submission_ids().await.unwrap().len(),
        1,
        "stored once, answered never"
    );
}
