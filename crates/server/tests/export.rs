//! Exports, parsed back: the CSV the review pages download and the one `qabul export`
//! writes, against the database they come from.

mod support;

use std::collections::{BTreeMap, BTreeSet};

use qabul_core::lang::Lang;
use qabul_core::protocol::Timestamp;
use qabul_server::accounts::{self, SESSION_COOKIE};
use support::{Backend, TestServer, qabul};

on_both_backends!(
    the_csv_export_holds_the_filtered_rows_with_labels_and_zero_one_columns,
    qabul_export_writes_the_same_csv_from_the_command_line,
);

fn parse(body: &str) -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    let body = body
        .strip_prefix('\u{feff}')
        .expect("a byte-order mark for spreadsheets");
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            header
                .iter()
                .cloned()
                .zip(r.iter().map(str::to_owned))
                .collect()
        })
        .collect();
    (header, rows)
}

async fn seeded(backend: Backend) -> (TestServer, String) {
    let server = TestServer::start(backend).await;
    server
        .db
        .add_supervisor(
            "amira",
            &accounts::hash_password("a long test password"),
            qabul_server::now(),
        )
        .await
        .unwrap();
    let now: Timestamp = "2026-11-22T12:00:00Z".parse().unwrap();
    qabul_server::seed::seed_demo(&server.db, 300, 9, now)
        .await
        .unwrap();
    let response = server
        .client
        .post(server.url("/api/review/login"))
        .json(&serde_json::json!({ "name": "amira", "password": "a long test password" }))
        .send()
        .await
        .unwrap();
    let cookie = response.headers()["set-cookie"].to_str().unwrap();
    let cookie = cookie.split(';').next().unwrap().to_owned();
    assert!(cookie.starts_with(SESSION_COOKIE));
    (server, cookie)
}

async fn download(server: &TestServer, cookie: &str, query: &str) -> String {
    let response = server
        .client
        .get(server.url(&format!("/api/review/export.csv?{query}")))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "text/csv; charset=utf-8"
    );
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    response.text().await.unwrap()
}

async fn the_csv_export_holds_the_filtered_rows_with_labels_and_zero_one_columns(backend: Backend) {
    let (server, cookie) = seeded(backend).await;
    let form = qabul_core::builtin::community_acceptance();

    // Codes: every submission once; select_multiple as codes and as 0/1 columns that agree.
    let (header, rows) = parse(&download(&server, &cookie, "").await);
    assert_eq!(rows.len(), 300);
    assert_eq!(
        rows.iter()
            .map(|r| r["id"].clone())
            .collect::<BTreeSet<_>>()
            .len(),
        300
    );
    assert!(
        !header.iter().any(|h| h.starts_with("location")),
        "no location unless asked"
    );
    let choices: Vec<String> = form
        .choice_list(form.node("change_view").unwrap())
        .iter()
        .map(|c| c.name.clone())
        .collect();
    let mut with_change_view = 0;
    for row in &rows {
        let picked: BTreeSet<&str> = row["change_view"].split_whitespace().collect();
        if picked.is_empty() {
            assert!(
                choices
                    .iter()
                    .all(|c| row[&format!("change_view/{c}")].is_empty())
            );
            continue;
        }
        with_change_view += 1;
        for choice in &choices {
            let expected = if picked.contains(choice.as_str()) {
                "1"
            } else {
                "0"
            };
            assert_eq!(row[&format!("change_view/{choice}")], expected);
        }
    }
    assert!(with_change_view > 20);

    // Filtered and in Arabic: the rows the table counts, with Arabic labels.
    let (_, mosul) = parse(&download(&server, &cookie, "district=mosul&labels=ar").await);
    let table: serde_json::Value = server
        .client
        .get(server.url("/api/review/submissions?district=mosul"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        mosul.len(),
        usize::try_from(table["total"].as_u64().unwrap()).unwrap()
    );
    let label = form
        .choice_list(form.node("district").unwrap())
        .iter()
        .find(|c| c.name == "mosul")
        .unwrap()
        .label
        .get(Lang::Ar)
        .unwrap()
        .to_owned();
    assert!(mosul.iter().all(|r| r["district"] == label), "{label}");

    let (header, _) = parse(&download(&server, &cookie, "location=true").await);
    assert!(header.contains(&"location/latitude".to_owned()));
    let bad = server
        .client
        .get(server.url("/api/review/export.csv?labels=fr"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
}

async fn qabul_export_writes_the_same_csv_from_the_command_line(backend: Backend) {
    let (server, cookie) = seeded(backend).await;
    let out = qabul(&server.database, &["export", "--district", "mosul"]);
    assert!(out.status.success(), "{out:?}");
    let cli = String::from_utf8(out.stdout).unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("Exported"));
    let http = download(&server, &cookie, "district=mosul").await;
    assert_eq!(parse(&cli), parse(&http));
}
