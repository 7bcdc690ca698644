//! The supervisor's side of the server, on both backends: signing in and out, the
//! authorization matrix of every review route, and enumerators managed from the browser.

mod support;

use qabul_core::interview::Outcome;
use qabul_core::protocol::{ErrorBody, ItemOutcome, Timestamp};
use qabul_core::synthetic::{self, Rng};
use qabul_server::accounts::{self, SESSION_COOKIE};
use qabul_server::secrets;
use reqwest::Method;
use support::{Backend, TestServer, error_body, valid};

const PASSWORD: &str = "a long test password";

/// Every review route, with a body where it takes one.
fn review_routes() -> Vec<(Method, &'static str, Option<serde_json::Value>)> {
    vec![
        (Method::GET, "/api/review/me", None),
        (Method::GET, "/api/review/enumerators", None),
        (
            Method::POST,
            "/api/review/enumerators",
            Some(serde_json::json!({ "name": "Sara" })),
        ),
        (Method::POST, "/api/review/enumerators/Layla/revoke", None),
        (Method::GET, "/api/review/qr?text=hello", None),
        (Method::GET, "/api/review/submissions", None),
        (Method::GET, "/api/review/dashboard", None),
        (Method::GET, "/api/review/export.csv", None),
        (Method::GET, "/api/review/export.json", None),
        (Method::GET, "/api/review/export.xlsx", None),
        (Method::GET, "/api/review/sealed.json", None),
        (Method::GET, "/api/review/submissions/x", None),
        (
            Method::POST,
            "/api/review/submissions/x/review",
            Some(serde_json::json!({ "status": "approved" })),
        ),
    ]
}

async fn with_supervisor(backend: Backend) -> TestServer {
    let server = TestServer::start(backend).await;
    server
        .db
        .add_supervisor(
            "amira",
            &accounts::hash_password(PASSWORD),
            qabul_server::now(),
        )
        .await
        .unwrap();
    server
}

/// Signs in and returns the session cookie's value.
async fn sign_in(server: &TestServer, name: &str, password: &str) -> reqwest::Response {
    server
        .client
        .post(server.url("/api/review/login"))
        .json(&serde_json::json!({ "name": name, "password": password }))
        .send()
        .await
        .unwrap()
}

fn session_of(response: &reqwest::Response) -> String {
    let cookie = response
        .headers()
        .get("set-cookie")
        .expect("a session cookie")
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Strict"), "{cookie}");
    let value = cookie
        .split(';')
        .next()
        .unwrap()
        .strip_prefix(&format!("{SESSION_COOKIE}="))
        .unwrap();
    value.to_owned()
}

async fn call(
    server: &TestServer,
    method: Method,
    path: &str,
    body: Option<serde_json::Value>,
    auth: impl FnOnce(reqwest::RequestBuilder) -> reqwest::RequestBuilder,
) -> reqwest::Response {
    let mut request = server.client.request(method, server.url(path));
    if let Some(body) = body {
        request = request.json(&body);
    }
    auth(request).send().await.unwrap()
}

async fn a_supervisor_signs_in_and_out(backend: Backend) {
    let server = with_supervisor(backend).await;
    let signed_in = sign_in(&server, "amira", PASSWORD).await;
    assert_eq!(signed_in.status(), 200);
    let session = session_of(&signed_in);
    let cookie = format!("{SESSION_COOKIE}={session}");
    let me = call(&server, Method::GET, "/api/review/me", None, |r| {
        r.header("cookie", &cookie)
    })
    .await;
    assert_eq!(me.status(), 200);
    let me: serde_json::Value = me.json().await.unwrap();
    assert_eq!(me["name"], "amira");

    let out = call(&server, Method::POST, "/api/review/logout", None, |r| {
        r.header("cookie", &cookie)
    })
    .await;
    assert_eq!(out.status(), 204);
    assert!(
        out.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    let after = call(&server, Method::GET, "/api/review/me", None, |r| {
        r.header("cookie", &cookie)
    })
    .await;
    error_body(after, 401).await;
}

async fn a_wrong_password_or_unknown_name_is_refused_alike(backend: Backend) {
    let server = with_supervisor(backend).await;
    for (name, password) in [("amira", "not the password at all"), ("nobody", PASSWORD)] {
        let response = sign_in(&server, name, password).await;
        assert!(response.headers().get("set-cookie").is_none());
        let body: ErrorBody = error_body(response, 401).await;
        assert_eq!(body.code, "login_failed");
    }
}

async fn sign_in_attempts_are_rate_limited(backend: Backend) {
    let server = with_supervisor(backend).await;
    let mut statuses = Vec::new();
    for _ in 0..15 {
        statuses.push(
            sign_in(&server, "amira", "wrong wrong wrong")
                .await
                .status()
                .as_u16(),
        );
    }
    assert!(statuses[..10].iter().all(|&s| s == 401), "{statuses:?}");
    assert_eq!(statuses[14], 429, "{statuses:?}");
}

/// No session, a phone's token, a session that has expired, and a session of a supervisor
/// who was then removed: every review route refuses each of them.
async fn every_review_route_refuses_what_is_not_a_live_session(backend: Backend) {
    let server = with_supervisor(backend).await;
    let phone_token = server.enrol("Layla").await;
    let expired = secrets::new_token();
    let now = qabul_server::now();
    server
        .db
        .create_session(
            &secrets::hash(&expired),
            "amira",
            Timestamp::from_unix_ms(now.unix_ms() - 13 * 3_600_000),
            Timestamp::from_unix_ms(now.unix_ms() - 3_600_000),
        )
        .await
        .unwrap();
    for (method, path, body) in review_routes() {
        let none = call(&server, method.clone(), path, body.clone(), |r| r).await;
        assert_eq!(error_body(none, 401).await.code, "unauthorized", "{path}");
        let phone = call(&server, method.clone(), path, body.clone(), |r| {
            r.bearer_auth(&phone_token)
        })
        .await;
        assert_eq!(error_body(phone, 403).await.code, "forbidden", "{path}");
        let old = call(&server, method.clone(), path, body.clone(), |r| {
            r.header("cookie", format!("{SESSION_COOKIE}={expired}"))
        })
        .await;
        assert_eq!(error_body(old, 401).await.code, "unauthorized", "{path}");
        let forged = call(&server, method.clone(), path, body.clone(), |r| {
            r.header(
                "cookie",
                format!("{SESSION_COOKIE}={}", secrets::new_token()),
            )
        })
        .await;
        error_body(forged, 401).await;
    }
    // And the other way round: a supervisor's session does not send as a phone.
    let session = session_of(&sign_in(&server, "amira", PASSWORD).await);
    let response = server
        .client
        .post(server.url("/api/v1/submissions"))
        .header("cookie", format!("{SESSION_COOKIE}={session}"))
        .json(&serde_json::json!({ "submissions": [valid(1)] }))
        .send()
        .await
        .unwrap();
    error_body(response, 401).await;
}

async fn enumerators_are_created_listed_and_revoked_from_the_review_api(backend: Backend) {
    let server = with_supervisor(backend).await;
    let session = session_of(&sign_in(&server, "amira", PASSWORD).await);
    let cookie = format!("{SESSION_COOKIE}={session}");
    let created = call(
        &server,
        Method::POST,
        "/api/review/enumerators",
        Some(serde_json::json!({ "name": "Sara" })),
        |r| r.header("cookie", &cookie),
    )
    .await;
    assert_eq!(created.status(), 200);
    let created: serde_json::Value = created.json().await.unwrap();
    let url = created["url"].as_str().unwrap();
    assert!(
        url.starts_with(&format!("{}/enroll#code=", server.base)),
        "{url}"
    );

    // The link enrols a phone, which sends two submissions with a gap between them.
    let enrolled: serde_json::Value = server
        .client
        .post(server.url("/api/v1/enroll"))
        .json(&serde_json::json!({ "code": created["code"] }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = enrolled["token"].as_str().unwrap();
    server.send(token, &[valid(1), valid(4)]).await;

    let list: Vec<serde_json::Value> =
        call(&server, Method::GET, "/api/review/enumerators", None, |r| {
            r.header("cookie", &cookie)
        })
        .await
        .json()
        .await
        .unwrap();
    let sara = list.iter().find(|e| e["name"] == "Sara").expect("listed");
    assert_eq!(sara["phones"], 1);
    assert_eq!(sara["submissions"], 2);
    assert_eq!(sara["active"], true);
    assert!(sara["last_upload"].is_string());
    assert_eq!(sara["missing"], serde_json::json!([[2, 3]]));

    // The link as a QR code, for the phone's camera.
    let qr = call(
        &server,
        Method::GET,
        &format!("/api/review/qr?text={}", url.replace('#', "%23")),
        None,
        |r| r.header("cookie", &cookie),
    )
    .await;
    assert_eq!(qr.status(), 200);
    assert_eq!(qr.headers()["content-type"], "image/svg+xml");
    assert!(qr.text().await.unwrap().starts_with("<?xml"));

    let bad = call(
        &server,
        Method::POST,
        "/api/review/enumerators",
        Some(serde_json::json!({ "name": "a/b" })),
        |r| r.header("cookie", &cookie),
    )
    .await;
    error_body(bad, 400).await;

    let revoked = call(
        &server,
        Method::POST,
        "/api/review/enumerators/Sara/revoke",
        None,
        |r| r.header("cookie", &cookie),
    )
    .await;
    assert_eq!(revoked.status(), 200);
    let refused = server
        .post_raw(
            Some(token),
            "application/json",
            None,
            serde_json::to_vec(&serde_json::json!({ "submissions": [valid(5)] })).unwrap(),
        )
        .await;
    error_body(refused, 401).await;
    let unknown = call(
        &server,
        Method::POST,
        "/api/review/enumerators/Nobody/revoke",
        None,
        |r| r.header("cookie", &cookie),
    )
    .await;
    error_body(unknown, 404).await;
}

async fn signed_in(server: &TestServer) -> String {
    format!(
        "{SESSION_COOKIE}={}",
        session_of(&sign_in(server, "amira", PASSWORD).await)
    )
}

/// The seeded table, filtered, sorted and paged by the server, against counts made here.
async fn the_submissions_table_filters_sorts_and_pages(backend: Backend) {
    let server = with_supervisor(backend).await;
    let now: Timestamp = "2026-11-22T12:00:00Z".parse().unwrap();
    qabul_server::seed::seed_demo(&server.db, 400, 3, None, now)
        .await
        .unwrap();
    let cookie = signed_in(&server).await;

    let all = server
        .get_json(&cookie, "/api/review/submissions?per_page=200")
        .await;
    assert_eq!(all["total"], 400);
    let rows = all["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 200);
    let times: Vec<&str> = rows
        .iter()
        .map(|r| r["finalized_at"].as_str().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "newest first");

    // Every page of a district, in order, holds each of its submissions exactly once.
    let mosul_total = {
        let mut ids = std::collections::BTreeSet::new();
        let mut page = 1;
        loop {
            let body = server.get_json(&cookie,
                &format!("/api/review/submissions?district=mosul&sort=finalized_at&per_page=7&page={page}"),
            )
            .await;
            let rows = body["rows"].as_array().unwrap().clone();
            if rows.is_empty() {
                break body["total"].as_i64().unwrap();
            }
            for row in &rows {
                assert_eq!(row["district"], "mosul");
                assert_eq!(row["governorate"], "ninewa");
                assert!(
                    ids.insert(row["id"].as_str().unwrap().to_owned()),
                    "a row on two pages"
                );
            }
            page += 1;
        }
    };
    let by_hand = server
        .db
        .submission_page(
            &qabul_server::db::SubmissionFilter::default(),
            qabul_server::db::SubmissionSort::default(),
            1,
            200,
        )
        .await
        .unwrap();
    assert_eq!(by_hand.0, 400);
    assert!(mosul_total > 20, "{mosul_total}");

    // Filters combine, and the count follows them.
    let one = server.get_json(&cookie,
        "/api/review/submissions?enumerator=Demo%2003&outcome=completed&from=2026-10-01&to=2026-10-31",
    )
    .await;
    for row in one["rows"].as_array().unwrap() {
        assert_eq!(row["enumerator"], "Demo 03");
        assert_eq!(row["outcome"], "completed");
        let at = row["finalized_at"].as_str().unwrap();
        assert!(("2026-10-01".."2026-11-01").contains(&at), "{at}");
    }
    assert!(one["total"].as_i64().unwrap() > 0);

    for bad in [
        "status=maybe",
        "sort=sideways",
        "from=yesterday",
        "colour=red",
    ] {
        let response = call(
            &server,
            Method::GET,
            &format!("/api/review/submissions?{bad}"),
            None,
            |r| r.header("cookie", &cookie),
        )
        .await;
        error_body(response, 400).await;
    }
}

/// Approve, then put on hold: the status follows, and the history keeps both with who and
/// when; the detail carries the answers as sent.
async fn review_decisions_are_kept_with_who_and_when(backend: Backend) {
    let server = with_supervisor(backend).await;
    let token = server.enrol("Layla").await;
    server.send(&token, &[valid(1)]).await;
    let cookie = signed_in(&server).await;
    let page = server.get_json(&cookie, "/api/review/submissions").await;
    let id = page["rows"][0]["id"].as_str().unwrap().to_owned();
    assert_eq!(page["rows"][0]["review_status"], "pending");

    for (status, comment) in [
        ("approved", "Checked with the team leader."),
        ("on_hold", "تحقق من العمر"),
    ] {
        let response = call(
            &server,
            Method::POST,
            &format!("/api/review/submissions/{id}/review"),
            Some(serde_json::json!({ "status": status, "comment": comment })),
            |r| r.header("cookie", &cookie),
        )
        .await;
        assert_eq!(response.status(), 200);
    }
    let detail = server
        .get_json(&cookie, &format!("/api/review/submissions/{id}"))
        .await;
    assert_eq!(detail["row"]["review_status"], "on_hold");
    assert_eq!(detail["row"]["enumerator"], "Layla");
    assert_eq!(detail["submission"]["answers"]["district"], "ramadi");
    let history = detail["history"].as_array().unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0]["status"], "approved");
    assert_eq!(history[1]["comment"], "تحقق من العمر");
    assert!(
        history
            .iter()
            .all(|e| e["supervisor"] == "amira" && e["at"].is_string())
    );
    let held = server
        .get_json(&cookie, "/api/review/submissions?status=on_hold")
        .await;
    assert_eq!(held["total"], 1);

    let pending = call(
        &server,
        Method::POST,
        &format!("/api/review/submissions/{id}/review"),
        Some(serde_json::json!({ "status": "pending" })),
        |r| r.header("cookie", &cookie),
    )
    .await;
    error_body(pending, 400).await;
    let missing = call(
        &server,
        Method::POST,
        "/api/review/submissions/nope/review",
        Some(serde_json::json!({ "status": "approved" })),
        |r| r.header("cookie", &cookie),
    )
    .await;
    error_body(missing, 404).await;
    let none = call(
        &server,
        Method::GET,
        "/api/review/submissions/nope",
        None,
        |r| r.header("cookie", &cookie),
    )
    .await;
    error_body(none, 404).await;
}

/// The dashboard over seeded data agrees with the table's own counts, follows the filters,
/// and never gives a number for a group under 30.
async fn the_dashboard_agrees_with_the_table_and_suppresses_small_groups(backend: Backend) {
    let server = with_supervisor(backend).await;
    let now: Timestamp = "2026-11-22T12:00:00Z".parse().unwrap();
    qabul_server::seed::seed_demo(&server.db, 600, 5, None, now)
        .await
        .unwrap();
    let cookie = signed_in(&server).await;
    let summary = server.get_json(&cookie, "/api/review/dashboard").await;
    assert_eq!(summary["submissions"], 600);
    let sum = |list: &serde_json::Value, field: &str| -> i64 {
        list.as_array()
            .unwrap()
            .iter()
            .map(|c| c[field].as_i64().unwrap())
            .sum()
    };
    assert_eq!(sum(&summary["per_day"], "submissions"), 600);
    assert_eq!(sum(&summary["by_district"]["counts"], "submissions"), 600);
    assert_eq!(sum(&summary["by_enumerator"], "submissions"), 600);
    let refused = server
        .get_json(&cookie, "/api/review/submissions?outcome=refused")
        .await;
    assert_eq!(summary["consent"]["refused"], refused["total"]);

    let mut suppressed = 0;
    for group in summary["index"]["by_district"]["groups"]
        .as_array()
        .unwrap()
    {
        let index = &group["index"];
        if index["status"] == "suppressed" {
            suppressed += 1;
            assert!(index["n"].as_u64().unwrap() < 30);
            assert!(index.get("mean").is_none(), "{index}");
        } else {
            assert!(index["n"].as_u64().unwrap() >= 30);
            let (low, mean, high) = (
                index["ci95"]["low"].as_f64().unwrap(),
                index["mean"].as_f64().unwrap(),
                index["ci95"]["high"].as_f64().unwrap(),
            );
            assert!(
                low < mean && mean < high && (0.0..=10.0).contains(&mean),
                "{index}"
            );
        }
    }
    assert!(
        suppressed > 0,
        "600 interviews over 15 districts leave some small groups"
    );

    let mosul = server
        .get_json(&cookie, "/api/review/dashboard?district=mosul")
        .await;
    let table = server
        .get_json(&cookie, "/api/review/submissions?district=mosul")
        .await;
    assert_eq!(mosul["submissions"], table["total"]);
    assert_eq!(mosul["by_district"]["counts"].as_array().unwrap().len(), 1);
}

/// A completed synthetic interview of `duration_min` minutes, finalized `at_min` minutes
/// after a fixed morning, as this phone's number `seq`.
fn completed(rng: &mut Rng, seq: u64, at_min: i64, duration_min: i64) -> serde_json::Value {
    const MORNING: i64 = 1_795_334_400_000;
    loop {
        let finalized = MORNING + at_min * 60_000;
        let (mut submission, outcome) = synthetic::submission(rng, seq, finalized);
        if outcome == Outcome::Completed {
            submission.started_at =
                Timestamp::from_unix_ms(finalized - duration_min * 60_000).to_string();
            return serde_json::to_value(submission).unwrap();
        }
    }
}

/// Each flag raised by what arrives, and only there: a quick interview, a number missing
/// below, a fourth interview within half an hour; the table filters by each.
async fn quality_flags_are_raised_on_arrival_and_filter_the_table(backend: Backend) {
    let server = with_supervisor(backend).await;
    let token = server.enrol("Layla").await;
    let mut rng = Rng::new(17);
    // Ten ordinary interviews an hour apart: the form's median becomes 15 minutes.
    let first: Vec<_> = (1..=10)
        .map(|seq| completed(&mut rng, seq, i64::try_from(seq).unwrap() * 60, 15))
        .collect();
    server.send(&token, &first).await;
    let second = vec![
        // 4 minutes: under a third of 15.
        completed(&mut rng, 11, 11 * 60, 4),
        // 12 never arrives.
        completed(&mut rng, 13, 13 * 60, 15),
        completed(&mut rng, 14, 13 * 60 + 10, 15),
        completed(&mut rng, 15, 13 * 60 + 20, 15),
        // The fourth within 30 minutes of 13.
        completed(&mut rng, 16, 13 * 60 + 25, 15),
    ];
    let results = server.send(&token, &second).await;
    assert!(
        results
            .results
            .iter()
            .all(|r| r.outcome == ItemOutcome::Stored)
    );

    let cookie = signed_in(&server).await;
    let seqs = |page: &serde_json::Value| -> Vec<i64> {
        page["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["device_seq"].as_i64().unwrap())
            .collect()
    };
    let all = server
        .get_json(&cookie, "/api/review/submissions?sort=finalized_at")
        .await;
    assert_eq!(all["total"], 15);
    for row in all["rows"].as_array().unwrap() {
        let expected: &[&str] = match row["device_seq"].as_i64().unwrap() {
            11 => &["too_short"],
            13 => &["sequence_gap"],
            16 => &["burst"],
            _ => &[],
        };
        assert_eq!(row["flags"], serde_json::json!(expected), "{row}");
    }
    for (flag, seq) in [("too_short", 11), ("sequence_gap", 13), ("burst", 16)] {
        let page = server
            .get_json(&cookie, &format!("/api/review/submissions?flag={flag}"))
            .await;
        assert_eq!(page["total"], 1, "{flag}");
        assert_eq!(seqs(&page), vec![seq], "{flag}");
    }
    let id = all["rows"][10]["id"].as_str().unwrap().to_owned();
    let detail = server
        .get_json(&cookie, &format!("/api/review/submissions/{id}"))
        .await;
    assert_eq!(detail["row"]["flags"], serde_json::json!(["too_short"]));

    let unknown = call(
        &server,
        Method::GET,
        "/api/review/submissions?flag=lazy",
        None,
        |r| r.header("cookie", &cookie),
    )
    .await;
    assert!(error_body(unknown, 400).await.message.contains("too_short"));
}

/// Submissions stored before the dashboard kept facts beside them get theirs when the server
/// next starts, and the dashboard comes out as it would have.
async fn dashboard_facts_of_older_rows_are_filled_in_at_start_up(backend: Backend) {
    let server = with_supervisor(backend).await;
    let now: Timestamp = "2026-11-22T12:00:00Z".parse().unwrap();
    qabul_server::seed::seed_demo(&server.db, 120, 8, None, now)
        .await
        .unwrap();
    let cookie = signed_in(&server).await;
    let before = server.get_json(&cookie, "/api/review/dashboard").await;
    assert_eq!(before["sealed"], 0);

    // As a database migrated from before the facts column holds them: NULL.
    let forget = "UPDATE submissions SET facts = NULL";
    match &server.database {
        qabul_server::db::DatabaseUrl::Sqlite(url) => {
            let pool = sqlx::SqlitePool::connect(url).await.unwrap();
            sqlx::query(forget).execute(&pool).await.unwrap();
            pool.close().await;
        }
        qabul_server::db::DatabaseUrl::Postgres(url) => {
            let pool = sqlx::PgPool::connect(url).await.unwrap();
            sqlx::query(forget).execute(&pool).await.unwrap();
            pool.close().await;
        }
    }
    let blind = server.get_json(&cookie, "/api/review/dashboard").await;
    assert_eq!(
        blind["sealed"], 120,
        "without facts every row reads as unreadable"
    );

    qabul_server::db::Db::open(&server.database).await.unwrap();
    let after = server.get_json(&cookie, "/api/review/dashboard").await;
    // PostgreSQL returns rewritten rows in another order, and sums of floats taken in another
    // order differ in their last bits: equal up to those.
    assert_same_up_to_rounding(&after, &before, "");
}

fn assert_same_up_to_rounding(a: &serde_json::Value, b: &serde_json::Value, at: &str) {
    use serde_json::Value;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) if x.is_f64() || y.is_f64() => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            assert!(
                (x - y).abs() <= 1e-9 * x.abs().max(1.0),
                "{at}: {x} against {y}"
            );
        }
        (Value::Array(x), Value::Array(y)) => {
            assert_eq!(x.len(), y.len(), "{at}");
            for (i, (x, y)) in x.iter().zip(y).enumerate() {
                assert_same_up_to_rounding(x, y, &format!("{at}[{i}]"));
            }
        }
        (Value::Object(x), Value::Object(y)) => {
            assert_eq!(
                x.keys().collect::<Vec<_>>(),
                y.keys().collect::<Vec<_>>(),
                "{at}"
            );
            for (key, x) in x {
                assert_same_up_to_rounding(x, &y[key], &format!("{at}.{key}"));
            }
        }
        _ => assert_eq!(a, b, "{at}"),
    }
}

on_both_backends!(
    dashboard_facts_of_older_rows_are_filled_in_at_start_up,
    quality_flags_are_raised_on_arrival_and_filter_the_table,
    the_dashboard_agrees_with_the_table_and_suppresses_small_groups,
    the_submissions_table_filters_sorts_and_pages,
    review_decisions_are_kept_with_who_and_when,
    a_supervisor_signs_in_and_out,
    a_wrong_password_or_unknown_name_is_refused_alike,
    sign_in_attempts_are_rate_limited,
    every_review_route_refuses_what_is_not_a_live_session,
    enumerators_are_created_listed_and_revoked_from_the_review_api,
);
