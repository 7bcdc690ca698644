//! Encrypted forms on the server, on both backends: `qabul keygen` and `qabul form publish`,
//! sealed submissions stored as they came with only routing fields in the clear, and the
//! envelope's shape and key checked without reading it.

mod support;

use qabul_core::opened::{OpenedSet, RowFilter};
use qabul_core::protocol::ItemOutcome;
use qabul_core::review::SealedItem;
use qabul_core::seal::{self, PrivateKey, PublicKey};
use qabul_core::synthetic::{self, Rng};
use support::{Backend, TestServer, qabul};

on_both_backends!(
    keygen_writes_a_private_key_only_its_owner_reads_and_publish_adds_a_keyed_version,
    sealed_submissions_are_stored_unread_and_checked_for_shape_and_key,
    seed_seals_its_demo_submissions_to_a_key_when_asked,
);

const CANARY: &str = "canary-7f3a9c-sealed";

/// Runs `qabul keygen` into a temporary directory: the private key, the public key it printed.
fn keygen(server: &TestServer, dir: &std::path::Path) -> (PrivateKey, PublicKey) {
    let path = dir.join("private-key.txt");
    let out = qabul(
        &server.database,
        &["keygen", "--output", path.to_str().unwrap()],
    );
    assert!(out.status.success(), "{out:?}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    let public: PublicKey = stdout
        .lines()
        .find_map(|l| l.strip_prefix("Public key: "))
        .expect("the public key is printed")
        .parse()
        .unwrap();
    let private: PrivateKey = std::fs::read_to_string(&path)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert_eq!(private.public_key(), &public);
    (private, public)
}

async fn keygen_writes_a_private_key_only_its_owner_reads_and_publish_adds_a_keyed_version(
    backend: Backend,
) {
    use std::os::unix::fs::PermissionsExt as _;
    let server = TestServer::start(backend).await;
    let dir = tempfile::tempdir().unwrap();
    let (private, public) = keygen(&server, dir.path());
    let mode = std::fs::metadata(dir.path().join("private-key.txt"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
    assert!(!format!("{private:?}").contains(&private.to_secret_text()[10..]));

    // A second keygen into the same file refuses, and leaves the key as it was.
    let again = qabul(
        &server.database,
        &[
            "keygen",
            "--output",
            dir.path().join("private-key.txt").to_str().unwrap(),
        ],
    );
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("never overwritten"));

    let key = public.to_string();
    let out = qabul(
        &server.database,
        &["form", "publish", "--version", "2", "--public-key", &key],
    );
    assert!(out.status.success(), "{out:?}");
    let again = qabul(
        &server.database,
        &["form", "publish", "--version", "2", "--public-key", &key],
    );
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already has a version `2`"));
    let bad = qabul(
        &server.database,
        &[
            "form",
            "publish",
            "--version",
            "3",
            "--public-key",
            "qabul-pk1:nope",
        ],
    );
    assert!(!bad.status.success());

    // A phone is given the keyed version with its key.
    let token = server.enrol("Layla").await;
    let forms: serde_json::Value = server
        .client
        .get(server.url("/api/v1/forms"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let keyed: Vec<&serde_json::Value> = forms["forms"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["public_key"].is_string())
        .collect();
    assert_eq!(keyed.len(), 1);
    assert_eq!(keyed[0]["version"], "2");
    assert_eq!(keyed[0]["definition"]["version"], "2");
    assert_eq!(keyed[0]["public_key"], key.as_str());
}

async fn sealed_submissions_are_stored_unread_and_checked_for_shape_and_key(backend: Backend) {
    let server = TestServer::start(backend).await;
    let dir = tempfile::tempdir().unwrap();
    let (private, public) = keygen(&server, dir.path());
    let key = public.to_string();
    let out = qabul(
        &server.database,
        &["form", "publish", "--version", "2", "--public-key", &key],
    );
    assert!(out.status.success(), "{out:?}");
    let (token, device_id) = server.enrol_device("Layla").await;
    let (token, device_id) = (token.as_str(), device_id.as_str());

    let mut rng = Rng::new(3);
    let mut plain = synthetic::submission(&mut rng, 1, 1_795_334_400_000).0;
    "2".clone_into(&mut plain.form_version);
    if let Some(answers) = plain.answers.as_mut() {
        answers.insert(
            "comment".to_owned(),
            qabul_core::AnswerValue::Text(CANARY.to_owned()),
        );
    }
    let mut sealed = plain.clone();
    seal::seal_submission(&mut sealed, device_id, &public, [7; 32]).unwrap();

    // Unsealed for a keyed form, sealed to another key, not an envelope: refused, each with
    // its code.
    let other = PrivateKey::derive(&[9; 32]);
    let mut wrong = plain.clone();
    wrong.id = qabul_core::protocol::uuid_v7(1_795_334_400_000, [1; 10]);
    seal::seal_submission(&mut wrong, device_id, other.public_key(), [8; 32]).unwrap();
    let mut garbage = sealed.clone();
    garbage.id = qabul_core::protocol::uuid_v7(1_795_334_400_000, [2; 10]);
    garbage.sealed = Some("bm90IGFuIGVudmVsb3Bl".to_owned());
    let items: Vec<serde_json::Value> = [&plain, &wrong, &garbage, &sealed]
        .iter()
        .map(|s| serde_json::to_value(s).unwrap())
        .collect();
    let results = server.send(token, &items).await.results;
    let codes: Vec<Option<&str>> = results.iter().map(|r| r.code.as_deref()).collect();
    assert_eq!(
        codes,
        [
            Some("sealing_mismatch"),
            Some("wrong_key"),
            Some("malformed_sealed"),
            None
        ]
    );
    assert_eq!(results[3].outcome, ItemOutcome::Stored);

    // Stored as it came: the sealed bytes, no answers, no canary.
    let (content, _) = server.db.submission(&sealed.id).await.unwrap().unwrap();
    assert!(!content.contains(CANARY));
    let stored: qabul_core::protocol::Submission = serde_json::from_str(&content).unwrap();
    assert_eq!(stored.sealed, sealed.sealed);
    assert!(stored.answers.is_none() && stored.paradata.is_none());
    // And it opens with the private key, as the review page does, back to what was said.
    let opened = seal::open_submission(&stored, device_id, std::slice::from_ref(&private)).unwrap();
    assert_eq!(opened.answers, plain.answers);

    // The same bytes again are a duplicate; other bytes under the same id a conflict.
    let mut resealed = plain.clone();
    seal::seal_submission(&mut resealed, device_id, &public, [5; 32]).unwrap();
    let again = server
        .send(
            token,
            &[
                serde_json::to_value(&sealed).unwrap(),
                serde_json::to_value(&resealed).unwrap(),
            ],
        )
        .await
        .results;
    assert_eq!(again[0].outcome, ItemOutcome::Duplicate);
    assert_eq!(again[1].outcome, ItemOutcome::Conflict);

    // The review page's list: the sealed bytes as stored, with what the server knows around
    // them (the phone, its enumerator, when it arrived), and nothing of the plain forms.
    let plain_v1 =
        serde_json::to_value(synthetic::submission(&mut rng, 2, 1_795_334_400_000).0).unwrap();
    assert_eq!(
        server.send(token, &[plain_v1]).await.results[0].outcome,
        ItemOutcome::Stored
    );
    let cookie = server.supervisor_session().await;
    let items: Vec<SealedItem> =
        serde_json::from_value(server.get_json(&cookie, "/api/review/sealed.json").await).unwrap();
    assert_eq!(items.len(), 1);
    let item = &items[0];
    assert_eq!(
        (item.device_id.as_str(), item.enumerator.as_str()),
        (device_id, "Layla")
    );
    assert_eq!(item.submission.sealed, sealed.sealed);
    assert!(item.received_at.is_some());
    // Opened as the page opens them: the row names the place the answers give.
    let set = OpenedSet::open(items, &[private]);
    let rows = set.page(&RowFilter::default(), 1, 10).rows;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].district, qabul_core::review::place_of(&plain).1);
    assert!(rows[0].district.is_some());
}

async fn seed_seals_its_demo_submissions_to_a_key_when_asked(backend: Backend) {
    let server = TestServer::start(backend).await;
    let dir = tempfile::tempdir().unwrap();
    let (private, public) = keygen(&server, dir.path());
    let out = qabul(
        &server.database,
        &["seed", "--demo", "40", "--sealed-to", &public.to_string()],
    );
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("Added 40 synthetic sealed submissions"));

    // Stored unread: no answers in the clear, no place, and all of them in the review page's
    // list, where the key opens every one into a row with its district.
    for id in server.db.submission_ids().await.unwrap() {
        let (content, _) = server.db.submission(&id).await.unwrap().unwrap();
        let stored: qabul_core::protocol::Submission = serde_json::from_str(&content).unwrap();
        assert!(stored.answers.is_none() && stored.sealed.is_some(), "{id}");
    }
    let cookie = server.supervisor_session().await;
    let items: Vec<SealedItem> =
        serde_json::from_value(server.get_json(&cookie, "/api/review/sealed.json").await).unwrap();
    assert_eq!(items.len(), 40);
    let set = OpenedSet::open(items.clone(), &[private]);
    assert_eq!((set.len(), set.unopened()), (40, 0));
    assert!(
        set.select(&RowFilter::default())
            .all(|i| i.row.district.is_some())
    );
    // Another key opens none of them.
    let other = OpenedSet::open(items, &[PrivateKey::derive(&[3; 32])]);
    assert_eq!((other.len(), other.unopened()), (0, 40));
}
