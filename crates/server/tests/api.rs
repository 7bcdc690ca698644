//! The phone's API over real HTTP, on SQLite and (with scripts/with-postgres.sh) PostgreSQL:
//! enrolment, forms, each outcome of a batch, every limit and every authentication case.

mod support;

use std::io::Write as _;
use std::time::{Duration, Instant};

use qabul_core::protocol::ItemOutcome::{Conflict, Duplicate, Rejected, Stored};
use qabul_core::protocol::{BatchResponse, ItemOutcome, MAX_BATCH_BYTES};
use qabul_server::admin::{self, EnumeratorName};
use qabul_server::rate_limit::RateLimit;
use support::{Backend, TestServer, error_body, parse, valid};

on_both_backends!(
    enrolment_gives_a_token_once_and_forms_need_it,
    expired_and_revoked_codes_do_not_enrol,
    each_outcome_of_a_batch,
    fifty_with_three_invalid_store_forty_seven,
    twenty_parallel_identical_batches_store_each_id_once,
    limits_are_answered_with_their_status_and_code,
    gzip_is_accepted_and_a_gzip_bomb_is_cut_off,
    authentication_is_required_and_revocation_is_immediate,
    enrolment_is_rate_limited_per_address,
    sequence_gaps_are_computed_per_device,
);

async fn enrolment_gives_a_token_once_and_forms_need_it(backend: Backend) {
    let server = TestServer::start(backend).await;
    let code = server.code("Layla").await;
    // Typed by hand: lowercase, spaces instead of hyphens.
    let typed = code.to_lowercase().replace('-', " ");
    let response = server
        .client
        .post(server.url("/api/v1/enroll"))
        .json(&serde_json::json!({ "code": typed }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["enumerator"], "Layla");
    let token = body["token"].as_str().unwrap();
    assert_eq!(token.len(), 64, "256 bits in hex");
    assert!(qabul_core::protocol::is_uuid(
        body["device_id"].as_str().unwrap()
    ));

    // One use only.
    let again = server
        .client
        .post(server.url("/api/v1/enroll"))
        .json(&serde_json::json!({ "code": code }))
        .send()
        .await
        .unwrap();
    assert_eq!(error_body(again, 403).await.code, "enrollment_code_invalid");

    let forms = server
        .client
        .get(server.url("/api/v1/forms"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(forms.status(), 200);
    let forms: qabul_core::protocol::FormsResponse = forms.json().await.unwrap();
    assert_eq!(forms.forms.len(), 1);
    let entry = &forms.forms[0];
    assert_eq!(
        (entry.id.as_str(), entry.version.as_str()),
        ("community_acceptance", "1")
    );
    assert_eq!(
        entry.title.get(qabul_core::lang::Lang::En),
        Some("Community acceptance survey")
    );
    let form = qabul_core::Form::from_json(&entry.definition.to_string()).unwrap();
    assert_eq!(form.id(), "community_acceptance");

    let anonymous = server
        .client
        .get(server.url("/api/v1/forms"))
        .send()
        .await
        .unwrap();
    assert_eq!(error_body(anonymous, 401).await.code, "unauthorized");
}

async fn expired_and_revoked_codes_do_not_enrol(backend: Backend) {
    let server = TestServer::start(backend).await;
    let enrol = |code: String| {
        let server = &server;
        async move {
            server
                .client
                .post(server.url("/api/v1/enroll"))
                .json(&serde_json::json!({ "code": code }))
                .send()
                .await
                .unwrap()
        }
    };
    let name: EnumeratorName = "Omar".parse().unwrap();
    let expired = admin::add_enumerator(&server.db, &name, &server.base, Duration::ZERO)
        .await
        .unwrap();
    assert!(
        expired
            .url
            .ends_with(&format!("/enroll#code={}", expired.code))
    );
    assert_eq!(
        error_body(enrol(expired.code).await, 403).await.code,
        "enrollment_code_invalid"
    );

    let unused = server.code("Omar").await;
    server
        .db
        .revoke_enumerator("Omar", qabul_server::now())
        .await
        .unwrap();
    assert_eq!(
        error_body(enrol(unused).await, 403).await.code,
        "enrollment_code_invalid"
    );
    assert_eq!(
        error_body(enrol("not a code".into()).await, 403).await.code,
        "enrollment_code_invalid"
    );
    let malformed = server
        .client
        .post(server.url("/api/v1/enroll"))
        .header("content-type", "application/json")
        .body("{\"code\":")
        .send()
        .await
        .unwrap();
    assert_eq!(error_body(malformed, 400).await.code, "malformed_json");

    // Added again: a new code works, and the list shows them active with one phone.
    let token = server.enrol("Omar").await;
    assert_eq!(token.len(), 64);
    let list = server.db.enumerators().await.unwrap();
    assert_eq!(list.len(), 1);
    assert!(list[0].revoked_at.is_none());
    assert_eq!(list[0].devices, 1);
}

async fn each_outcome_of_a_batch(backend: Backend) {
    let server = TestServer::start(backend).await;
    let token = server.enrol("Layla").await;
    let (a, b) = (valid(1), valid(2));
    let mut unknown_version = valid(3);
    unknown_version["form_version"] = "99".into();
    let mut invalid = valid(4);
    invalid["answers"]["age"] = 200.into();
    let malformed =
        serde_json::json!({ "id": "0193a1b2-c3d4-7fff-bfff-ffffffffffff", "answers": 3 });

    let first = server
        .send(
            &token,
            &[
                a.clone(),
                b.clone(),
                unknown_version,
                invalid,
                malformed,
                7.into(),
            ],
        )
        .await;
    let outcomes: Vec<ItemOutcome> = first.results.iter().map(|r| r.outcome).collect();
    assert_eq!(
        outcomes,
        [Stored, Stored, Rejected, Rejected, Rejected, Rejected]
    );
    assert_eq!(first.results[0].id, a["id"].as_str().unwrap());
    assert_eq!(first.results[0].digest, parse(&a).digest());
    assert!(first.results[0].code.is_none());
    assert_eq!(
        first.results[2].code.as_deref(),
        Some("unknown_form_version")
    );
    assert_eq!(first.results[3].code.as_deref(), Some("out_of_range"));
    assert!(first.results[3].message.as_deref().unwrap().contains("age"));
    assert_eq!(
        first.results[4].code.as_deref(),
        Some("malformed_submission")
    );
    assert_eq!(first.results[4].id, "0193a1b2-c3d4-7fff-bfff-ffffffffffff");
    assert_eq!(first.results[5].id, "");

    // The same content again is a duplicate; other content under a stored id, a conflict.
    let mut changed = b.clone();
    changed["answers"]["comment"] = "Something else.".into();
    let second = server.send(&token, &[a.clone(), changed, b.clone()]).await;
    let outcomes: Vec<ItemOutcome> = second.results.iter().map(|r| r.outcome).collect();
    assert_eq!(outcomes, [Duplicate, Conflict, Duplicate]);
    assert_eq!(second.results[0].digest, first.results[0].digest);
    assert_eq!(second.results[1].code.as_deref(), Some("conflict"));
    // The original stays.
    let (content, digest) = server
        .db
        .submission(b["id"].as_str().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(digest, parse(&b).digest());
    assert_eq!(content, parse(&b).canonical_json());

    // Twice in one batch: the first is stored, the second a duplicate.
    let c = valid(5);
    let third = server.send(&token, &[c.clone(), c]).await;
    let outcomes: Vec<ItemOutcome> = third.results.iter().map(|r| r.outcome).collect();
    assert_eq!(outcomes, [Stored, Duplicate]);

    assert_eq!(server.db.submission_ids().await.unwrap().len(), 3);
    let empty = server.send(&token, &[]).await;
    assert!(empty.results.is_empty());
}

async fn fifty_with_three_invalid_store_forty_seven(backend: Backend) {
    let server = TestServer::start(backend).await;
    let token = server.enrol("Layla").await;
    let mut items: Vec<serde_json::Value> = (1..=50).map(valid).collect();
    items[4]["answers"].as_object_mut().unwrap().remove("sex");
    items[20]["answers"]["district"] = "atlantis".into();
    items[41]["answers"]["age"] = "forty".into();
    let response = server.send(&token, &items).await;
    assert_eq!(response.results.len(), 50);
    let stored = response
        .results
        .iter()
        .filter(|r| r.outcome == ItemOutcome::Stored)
        .count();
    assert_eq!(stored, 47);
    let rejected: Vec<(usize, &str)> = response
        .results
        .iter()
        .enumerate()
        .filter(|(_, r)| r.outcome == ItemOutcome::Rejected)
        .map(|(i, r)| (i, r.code.as_deref().unwrap()))
        .collect();
    assert_eq!(
        rejected,
        [
            (4, "required_missing"),
            (20, "unknown_choice"),
            (41, "wrong_type")
        ]
    );
    assert!(
        response.results[4]
            .message
            .as_deref()
            .unwrap()
            .contains("sex")
    );
    assert!(
        response.results[20]
            .message
            .as_deref()
            .unwrap()
            .contains("district")
    );
    assert_eq!(server.db.submission_ids().await.unwrap().len(), 47);
}

async fn twenty_parallel_identical_batches_store_each_id_once(backend: Backend) {
    let server = TestServer::start(backend).await;
    let token = server.enrol("Layla").await;
    let items: Vec<serde_json::Value> = (1..=50).map(valid).collect();
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let (base, token, items) = (server.base.clone(), token.clone(), items.clone());
        tasks.push(tokio::spawn(async move {
            let response = reqwest::Client::new()
                .post(format!("{base}/api/v1/submissions"))
                .bearer_auth(token)
                .json(&serde_json::json!({ "submissions": items }))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200);
            response.json::<BatchResponse>().await.unwrap()
        }));
    }
    let mut stored = vec![0; 50];
    for task in tasks {
        for (i, result) in task.await.unwrap().results.iter().enumerate() {
            match result.outcome {
                ItemOutcome::Stored => stored[i] += 1,
                ItemOutcome::Duplicate => {}
                other => panic!("{other:?} for {}", result.id),
            }
        }
    }
    assert!(stored.iter().all(|&n| n == 1), "{stored:?}");
    let mut expected: Vec<String> = items
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_owned())
        .collect();
    expected.sort();
    assert_eq!(server.db.submission_ids().await.unwrap(), expected);
}

async fn limits_are_answered_with_their_status_and_code(backend: Backend) {
    let server = TestServer::start(backend).await;
    let token = server.enrol("Layla").await;
    let token = Some(token.as_str());
    let json = "application/json";

    let many: Vec<serde_json::Value> = (1..=101).map(valid).collect();
    let body = serde_json::to_vec(&serde_json::json!({ "submissions": many })).unwrap();
    let response = server.post_raw(token, json, None, body).await;
    assert_eq!(error_body(response, 413).await.code, "too_many_submissions");

    // Just over 1 MiB of JSON.
    let padding = "x".repeat(MAX_BATCH_BYTES);
    let body =
        serde_json::to_vec(&serde_json::json!({ "submissions": [], "padding": padding })).unwrap();
    let response = server.post_raw(token, json, None, body).await;
    assert_eq!(error_body(response, 413).await.code, "too_large");

    let response = server
        .post_raw(token, "text/plain", None, b"{}".to_vec())
        .await;
    assert_eq!(
        error_body(response, 415).await.code,
        "unsupported_media_type"
    );
    let response = server
        .post_raw(token, json, Some("br"), b"{}".to_vec())
        .await;
    assert_eq!(error_body(response, 415).await.code, "unsupported_encoding");
    let response = server
        .post_raw(token, json, None, b"{\"submissions\": [".to_vec())
        .await;
    assert_eq!(error_body(response, 400).await.code, "malformed_json");
    let response = server
        .post_raw(token, json, None, b"{\"items\": []}".to_vec())
        .await;
    assert_eq!(error_body(response, 400).await.code, "malformed_batch");
    let response = server
        .post_raw(token, json, Some("gzip"), b"not gzip".to_vec())
        .await;
    assert_eq!(error_body(response, 400).await.code, "malformed_json");

    // Exactly 100 is fine, with a charset parameter.
    let hundred: Vec<serde_json::Value> = (1..=100).map(valid).collect();
    let body = serde_json::to_vec(&serde_json::json!({ "submissions": hundred })).unwrap();
    assert!(body.len() <= MAX_BATCH_BYTES);
    let response = server
        .post_raw(token, "application/json; charset=utf-8", None, body)
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(server.db.submission_ids().await.unwrap().len(), 100);
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

async fn gzip_is_accepted_and_a_gzip_bomb_is_cut_off(backend: Backend) {
    let server = TestServer::start(backend).await;
    let token = server.enrol("Layla").await;
    let items: Vec<serde_json::Value> = (1..=20).map(valid).collect();
    let body = serde_json::to_vec(&serde_json::json!({ "submissions": items })).unwrap();
    let response = server
        .post_raw(Some(&token), "application/json", Some("gzip"), gzip(&body))
        .await;
    assert_eq!(response.status(), 200);
    let response: BatchResponse = response.json().await.unwrap();
    assert!(
        response
            .results
            .iter()
            .all(|r| r.outcome == ItemOutcome::Stored)
    );

    // 4 GiB of spaces would inflate from about 4 MiB; 256 MiB from about 250 KiB. The server
    // must stop at 1 MiB, quickly, without inflating the rest.
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder
        .write_all(b"{\"submissions\": [], \"x\": \"")
        .unwrap();
    let block = vec![b' '; 1 << 20];
    for _ in 0..256 {
        encoder.write_all(&block).unwrap();
    }
    encoder.write_all(b"\"}").unwrap();
    let bomb = encoder.finish().unwrap();
    assert!(bomb.len() < 400 * 1024, "{}", bomb.len());
    let started = Instant::now();
    let response = server
        .post_raw(Some(&token), "application/json", Some("gzip"), bomb)
        .await;
    assert_eq!(error_body(response, 413).await.code, "too_large");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

async fn authentication_is_required_and_revocation_is_immediate(backend: Backend) {
    let server = TestServer::start(backend).await;
    let token = server.enrol("Layla").await;
    let other = server.enrol("Omar").await;
    let body = || serde_json::to_vec(&serde_json::json!({ "submissions": [valid(1)] })).unwrap();
    let json = "application/json";

    let response = server.post_raw(None, json, None, body()).await;
    assert_eq!(response.headers()["www-authenticate"], "Bearer");
    assert_eq!(error_body(response, 401).await.code, "unauthorized");
    let wrong = "0".repeat(64);
    let response = server.post_raw(Some(&wrong), json, None, body()).await;
    assert_eq!(error_body(response, 401).await.code, "unauthorized");
    let response = server.post_raw(Some("short"), json, None, body()).await;
    assert_eq!(error_body(response, 401).await.code, "unauthorized");
    // Authentication comes first: a stranger learns nothing about the body's problems.
    let response = server
        .post_raw(None, "text/plain", None, b"x".to_vec())
        .await;
    assert_eq!(response.status(), 401);

    let response = server.post_raw(Some(&token), json, None, body()).await;
    assert_eq!(response.status(), 200);
    let phones = server
        .db
        .revoke_enumerator("Layla", qabul_server::now())
        .await
        .unwrap();
    assert_eq!(phones, 1);
    let response = server.post_raw(Some(&token), json, None, body()).await;
    assert_eq!(error_body(response, 401).await.code, "unauthorized");
    let forms = server
        .client
        .get(server.url("/api/v1/forms"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(forms.status(), 401);
    // Another enumerator's phone is not affected.
    let response = server
        .client
        .get(server.url("/api/v1/forms"))
        .bearer_auth(&other)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(matches!(
        server
            .db
            .revoke_enumerator("Nobody", qabul_server::now())
            .await,
        Err(qabul_server::db::RevokeError::Unknown(_))
    ));
}

async fn enrolment_is_rate_limited_per_address(backend: Backend) {
    let limit = RateLimit {
        burst: 3,
        refill: Duration::from_secs(600),
    };
    let server = TestServer::start_with(backend, limit).await;
    let attempt = || async {
        server
            .client
            .post(server.url("/api/v1/enroll"))
            .json(&serde_json::json!({ "code": "AAAA-AAAA-AAAA-AAAA-AAAA" }))
            .send()
            .await
            .unwrap()
    };
    for _ in 0..3 {
        assert_eq!(attempt().await.status(), 403);
    }
    assert_eq!(error_body(attempt().await, 429).await.code, "rate_limited");
    // A valid code is refused too while the address is over its limit.
    let code = server.code("Layla").await;
    let response = server
        .client
        .post(server.url("/api/v1/enroll"))
        .json(&serde_json::json!({ "code": code }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 429);
}

async fn sequence_gaps_are_computed_per_device(backend: Backend) {
    let server = TestServer::start(backend).await;
    let layla = server.enrol("Layla").await;
    let omar = server.enrol("Omar").await;
    let items: Vec<serde_json::Value> = [1, 2, 5, 9].into_iter().map(valid).collect();
    server.send(&layla, &items).await;
    let items: Vec<serde_json::Value> = [1, 2, 3].into_iter().map(valid).collect();
    server.send(&omar, &items).await;
    let mut gaps = server.db.sequence_gaps().await.unwrap();
    gaps.sort_by(|a, b| a.enumerator.cmp(&b.enumerator));
    assert_eq!(gaps.len(), 2);
    assert_eq!(gaps[0].enumerator, "Layla");
    assert_eq!(gaps[0].received, 4);
    assert_eq!(gaps[0].highest, 9);
    assert_eq!(gaps[0].missing, vec![3..=4, 6..=8]);
    assert_eq!(gaps[1].enumerator, "Omar");
    assert!(gaps[1].missing.is_empty());
}
