//! The `qabul` binary itself: the enumerator commands, and a server killed with SIGKILL in
//! the middle of a load, restarted on the same database while its clients retry.

mod support;

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use qabul_core::protocol::{BatchResponse, ItemOutcome};
use qabul_server::db::Db;
use support::{Backend, fresh_database, qabul, serve, write_pwa};

on_both_backends!(
    enumerator_commands_add_list_and_revoke,
    sigkill_mid_load_loses_nothing_and_stores_nothing_twice,
);

async fn enumerator_commands_add_list_and_revoke(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let database = fresh_database(backend, dir.path()).await;
    let out = qabul(
        &database,
        &[
            "enumerator",
            "add",
            "Layla",
            "--json",
            "--base-url",
            "https://qabul.example/",
        ],
    );
    assert!(out.status.success(), "{out:?}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1);
    let line: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let code = line["code"].as_str().unwrap();
    assert_eq!(
        line["url"].as_str().unwrap(),
        format!("https://qabul.example/enroll#code={code}")
    );
    assert_eq!(line.as_object().unwrap().len(), 2);

    let out = qabul(&database, &["enumerator", "add", "Omar"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("http://127.0.0.1:8080/enroll#code="),
        "{text}"
    );

    let out = qabul(&database, &["enumerator", "revoke", "Omar"]);
    assert!(out.status.success());
    let out = qabul(&database, &["enumerator", "list"]);
    let text = String::from_utf8(out.stdout).unwrap();
    let layla = text.lines().find(|l| l.starts_with("Layla")).unwrap();
    let omar = text.lines().find(|l| l.starts_with("Omar")).unwrap();
    assert!(layla.contains("active"), "{text}");
    assert!(omar.contains("revoked"), "{text}");

    let out = qabul(&database, &["enumerator", "revoke", "Nobody"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("Nobody"));
    let out = qabul(&database, &["enumerator", "add", ""]);
    assert!(!out.status.success());
}

async fn sigkill_mid_load_loses_nothing_and_stores_nothing_twice(backend: Backend) {
    const CLIENTS: usize = 4;
    const PER_CLIENT: u64 = 400;
    const BATCH: usize = 20;
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    write_pwa(&dist);
    let database = fresh_database(backend, dir.path()).await;
    let (child, base) = serve(&database, &dist, &[]);
    let base = Arc::new(RwLock::new(base));
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();

    let mut tokens = Vec::new();
    for i in 0..CLIENTS {
        let out = qabul(
            &database,
            &["enumerator", "add", &format!("phone{i}"), "--json"],
        );
        let line: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let response: serde_json::Value = client
            .post(format!("{}/api/v1/enroll", base.read().unwrap()))
            .json(&serde_json::json!({ "code": line["code"] }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        tokens.push(response["token"].as_str().unwrap().to_owned());
    }

    let acknowledged = Arc::new(AtomicUsize::new(0));
    let mut sent_ids = BTreeSet::new();
    let mut tasks = Vec::new();
    for token in tokens {
        let submissions: Vec<serde_json::Value> = (1..=PER_CLIENT)
            .map(|seq| serde_json::to_value(qabul_server::demo::submission(seq, seq)).unwrap())
            .collect();
        sent_ids.extend(
            submissions
                .iter()
                .map(|s| s["id"].as_str().unwrap().to_owned()),
        );
        let (base, client, acknowledged) = (base.clone(), client.clone(), acknowledged.clone());
        tasks.push(tokio::spawn(async move {
            let mut stored_answers = Vec::new();
            let deadline = Instant::now() + Duration::from_secs(60);
            for batch in submissions.chunks(BATCH) {
                // Retry until the server answers: the outbox never gives up on a batch.
                loop {
                    assert!(Instant::now() < deadline, "the load did not finish");
                    let url = format!("{}/api/v1/submissions", base.read().unwrap());
                    let sent = client
                        .post(url)
                        .bearer_auth(&token)
                        .json(&serde_json::json!({ "submissions": batch }))
                        .send()
                        .await;
                    let answer = match sent {
                        Ok(response) if response.status() == 200 => {
                            response.json::<BatchResponse>().await.ok()
                        }
                        _ => None,
                    };
                    if let Some(answer) = answer {
                        for result in answer.results {
                            assert!(result.outcome.is_safe_on_server(), "{result:?}");
                            if result.outcome == ItemOutcome::Stored {
                                stored_answers.push(result.id);
                            }
                        }
                        acknowledged.fetch_add(batch.len(), Ordering::SeqCst);
                        break;
                    }
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            }
            stored_answers
        }));
    }

    // Kill the server with SIGKILL twice while the load runs, restarting it on the same
    // database each time; the clients find it at its new address.
    let total = CLIENTS * usize::try_from(PER_CLIENT).unwrap();
    let mut child = child;
    for fraction in [4, 2] {
        let start = Instant::now();
        while acknowledged.load(Ordering::SeqCst) < total / fraction {
            assert!(start.elapsed() < Duration::from_secs(60), "no progress");
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        child.kill().unwrap();
        child.wait().unwrap();
        let killed_at = acknowledged.load(Ordering::SeqCst);
        assert!(killed_at < total, "the kill came after the load");
        let (next, address) = serve(&database, &dist, &[]);
        *base.write().unwrap() = address;
        child = next;
    }

    let mut stored_once = BTreeSet::new();
    for task in tasks {
        for id in task.await.unwrap() {
            assert!(stored_once.insert(id.clone()), "{id} was stored twice");
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();

    let db = Db::open(&database).await.unwrap();
    let ids: Vec<String> = db.submission_ids().await.unwrap();
    assert_eq!(ids.len(), total, "exactly the submissions sent");
    assert_eq!(ids.into_iter().collect::<BTreeSet<_>>(), sent_ids);
    let gaps = db.sequence_gaps().await.unwrap();
    assert_eq!(gaps.len(), CLIENTS);
    assert!(
        gaps.iter()
            .all(|g| g.missing.is_empty() && g.received == 400)
    );
}
