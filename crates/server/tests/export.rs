//! Exports, parsed back: the CSV the review pages download and the one `qabul export`
//! writes, against the database they come from.

mod support;

use std::collections::{BTreeMap, BTreeSet};

use qabul_core::lang::Lang;
use qabul_core::protocol::Timestamp;
use support::{Backend, TestServer, qabul};

on_both_backends!(
    json_and_xlsx_exports_hold_the_same_table_as_the_csv,
    the_csv_export_holds_the_filtered_rows_with_labels_and_zero_one_columns,
    qabul_export_writes_the_same_csv_from_the_command_line,
    review_answers_are_compressed_for_a_browser_that_accepts_it,
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
    let cookie = server.supervisor_session().await;
    let now: Timestamp = "2026-11-22T12:00:00Z".parse().unwrap();
    qabul_server::seed::seed_demo(&server.db, 300, 9, None, now)
        .await
        .unwrap();
    (server, cookie)
}

async fn download_bytes(
    server: &TestServer,
    cookie: &str,
    format: &str,
    query: &str,
) -> (String, Vec<u8>) {
    let response = server
        .client
        .get(server.url(&format!("/api/review/export.{format}?{query}")))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    let disposition = response.headers()["content-disposition"].to_str().unwrap();
    assert!(
        disposition.ends_with(&format!(".{format}\"")),
        "{disposition}"
    );
    (content_type, response.bytes().await.unwrap().to_vec())
}

/// The rows of a JSON export, every value as text ("" for null), in the CSV's shape.
fn parse_json(body: &[u8]) -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    let value: serde_json::Value = serde_json::from_slice(body).unwrap();
    let objects = value.as_array().unwrap();
    let header: Vec<String> = objects
        .first()
        .map(|o| o.as_object().unwrap().keys().cloned().collect())
        .unwrap_or_default();
    let rows = objects
        .iter()
        .map(|o| {
            o.as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| match v {
                    serde_json::Value::Null => (k.clone(), String::new()),
                    serde_json::Value::String(s) => (k.clone(), s.clone()),
                    other => panic!("{k}: {other} is neither text nor null"),
                })
                .collect()
        })
        .collect();
    (header, rows)
}

/// The rows of an XLSX export, each cell as text: a number as Rust prints it.
fn parse_xlsx(body: &[u8]) -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    use calamine::Reader as _;
    let mut workbook: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(body.to_vec())).unwrap();
    let range = workbook.worksheet_range("submissions").unwrap();
    let mut rows = range.rows();
    let header: Vec<String> = rows
        .next()
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .collect();
    let rows = rows
        .map(|cells| {
            header
                .iter()
                .cloned()
                .zip(cells.iter().map(|cell| match cell {
                    calamine::Data::Float(x) => x.to_string(),
                    calamine::Data::Empty => String::new(),
                    other => other.to_string(),
                }))
                .collect()
        })
        .collect();
    (header, rows)
}

async fn json_and_xlsx_exports_hold_the_same_table_as_the_csv(backend: Backend) {
    let (server, cookie) = seeded(backend).await;
    let query = "district=mosul&labels=ar";
    let (csv_header, csv_rows) = parse(&download(&server, &cookie, query).await);
    assert!(!csv_rows.is_empty());

    let (content_type, json) = download_bytes(&server, &cookie, "json", query).await;
    assert_eq!(content_type, "application/json");
    let (json_header, json_rows) = parse_json(&json);
    let (content_type, xlsx) = download_bytes(&server, &cookie, "xlsx", query).await;
    assert!(content_type.contains("spreadsheetml"), "{content_type}");
    let (xlsx_header, xlsx_rows) = parse_xlsx(&xlsx);

    // The XLSX header is the CSV's, in order; so are the JSON keys (read back sorted here, so
    // their order is checked in the text).
    assert_eq!(xlsx_header, csv_header);
    let mut sorted = csv_header.clone();
    sorted.sort();
    assert_eq!(json_header, sorted);
    let text = String::from_utf8(json.clone()).unwrap();
    let first_object = &text[..text.find('}').unwrap()];
    let positions: Vec<usize> = csv_header
        .iter()
        .map(|h| first_object.find(&format!("\"{h}\":")).unwrap())
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "JSON keys in form order"
    );
    assert_eq!(xlsx_rows, json_rows, "XLSX and JSON hold the same cells");
    assert_eq!(csv_rows.len(), json_rows.len());
    for (csv_row, json_row) in csv_rows.iter().zip(&json_rows) {
        for (column, value) in json_row {
            // The CSV alone defuses cells a spreadsheet would run as formulas.
            let cell = &csv_row[column];
            assert!(
                cell == value || *cell == format!("'{value}"),
                "{column}: {cell} against {value}"
            );
        }
    }
    // Labels in Arabic reached every format.
    assert!(
        json_rows.iter().any(|r| r["district"] == "الموصل"),
        "{:?}",
        json_rows[0]["district"]
    );

    // From the command line too, to a file.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.xlsx");
    let out = qabul(
        &server.database,
        &[
            "export",
            "--format",
            "xlsx",
            "--district",
            "mosul",
            "--labels",
            "ar",
            "--output",
            path.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        parse_xlsx(&std::fs::read(&path).unwrap()),
        (xlsx_header, xlsx_rows)
    );

    let bad = server
        .client
        .get(server.url("/api/review/export.json?flag=nope"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
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
    let table = server
        .get_json(&cookie, "/api/review/submissions?district=mosul")
        .await;
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

/// `path` fetched with `accept`: its content encoding and its body as sent.
async fn fetch_encoded(
    server: &TestServer,
    cookie: &str,
    path: &str,
    accept: &str,
) -> (Option<String>, Vec<u8>) {
    let response = server
        .client
        .get(server.url(path))
        .header("cookie", cookie)
        .header("accept-encoding", accept)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{path}");
    let encoding = response
        .headers()
        .get("content-encoding")
        .map(|v| v.to_str().unwrap().to_owned());
    (encoding, response.bytes().await.unwrap().to_vec())
}

async fn review_answers_are_compressed_for_a_browser_that_accepts_it(backend: Backend) {
    use std::io::Read as _;
    let (server, cookie) = seeded(backend).await;
    for path in [
        "/api/review/export.csv",
        "/api/review/export.json",
        "/api/review/submissions?page=1",
        "/api/review/dashboard",
    ] {
        let (none, plain) = fetch_encoded(&server, &cookie, path, "identity").await;
        assert_eq!(none, None, "{path}");
        let (br, compressed) = fetch_encoded(&server, &cookie, path, "gzip, deflate, br").await;
        assert_eq!(br.as_deref(), Some("br"), "{path}");
        let mut unpacked = Vec::new();
        brotli::Decompressor::new(compressed.as_slice(), 4096)
            .read_to_end(&mut unpacked)
            .unwrap();
        assert_eq!(unpacked, plain, "{path}");
        assert!(
            compressed.len() * 3 < plain.len(),
            "{path}: {} of {}",
            compressed.len(),
            plain.len()
        );
        let (gzip, compressed) = fetch_encoded(&server, &cookie, path, "gzip").await;
        assert_eq!(gzip.as_deref(), Some("gzip"), "{path}");
        let mut unpacked = Vec::new();
        flate2::read::GzDecoder::new(compressed.as_slice())
            .read_to_end(&mut unpacked)
            .unwrap();
        assert_eq!(unpacked, plain, "{path}");
    }
    // A workbook is a zip archive already.
    let (encoding, _) =
        fetch_encoded(&server, &cookie, "/api/review/export.xlsx", "gzip, br").await;
    assert_eq!(encoding, None);
}
