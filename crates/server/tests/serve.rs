//! The real router on 127.0.0.1:0, spoken to over HTTP.

use std::path::Path;

use qabul_server::db::DatabaseUrl;
use qabul_server::{App, AppConfig};

struct TestServer {
    base: String,
    dir: tempfile::TempDir,
}

fn write_pwa(dir: &Path) {
    std::fs::create_dir_all(dir.join("icons")).unwrap();
    std::fs::write(
        dir.join("index.html"),
        "<!doctype html><html><head><title>Qabul</title></head><body></body></html>",
    )
    .unwrap();
    std::fs::write(
        dir.join("sw.js"),
        "self.addEventListener('fetch', () => {});",
    )
    .unwrap();
    // Large and repetitive, as a real module is, so that both encodings pay off.
    let module: Vec<u8> = (0..64 * 1024_u32)
        .map(|i| u8::try_from(i % 251).unwrap())
        .collect();
    std::fs::write(dir.join("qabul-pwa_bg.0123456789abcdef.wasm"), module).unwrap();
    std::fs::write(dir.join("icons/icon-192.png"), [0x89, b'P', b'N', b'G']).unwrap();
}

async fn spawn_app() -> TestServer {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    write_pwa(&dist);
    let database = DatabaseUrl::Sqlite(format!(
        "sqlite://{}",
        dir.path().join("qabul.db").display()
    ));
    let app = App::build(&AppConfig::new(database, dist))
        .await
        .expect("app starts");
    let (addr, server) = app.bind("127.0.0.1:0".parse().unwrap()).await.unwrap();
    tokio::spawn(server);
    TestServer {
        base: format!("http://{addr}"),
        dir,
    }
}

#[tokio::test]
async fn healthz_answers_ok_once_the_database_is_migrated() {
    let server = spawn_app().await;
    let response = reqwest::get(format!("{}/healthz", server.base))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), "ok\n");
}

#[tokio::test]
async fn index_html_is_served_uncached_with_a_strict_policy() {
    let server = spawn_app().await;
    let response = reqwest::get(format!("{}/index.html", server.base))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let headers = response.headers().clone();
    assert_eq!(headers["cache-control"], "no-cache");
    assert!(
        headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval'"));
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("<title>Qabul</title>")
    );
}

#[tokio::test]
async fn the_module_goes_without_the_document_policy_but_keeps_nosniff() {
    let server = spawn_app().await;
    let module = reqwest::get(format!(
        "{}/qabul-pwa_bg.0123456789abcdef.wasm",
        server.base
    ))
    .await
    .unwrap();
    assert_eq!(module.status(), 200);
    let headers = module.headers();
    assert_eq!(headers["content-type"], "application/wasm");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert!(!headers.contains_key("content-security-policy"));
    assert!(!headers.contains_key("x-frame-options"));
    // The service worker is a script the browser runs: it keeps the policy.
    let worker = reqwest::get(format!("{}/sw.js", server.base))
        .await
        .unwrap();
    assert_eq!(worker.status(), 200);
    assert!(worker.headers().contains_key("content-security-policy"));
}

#[tokio::test]
async fn app_routes_fall_back_to_index_but_missing_files_are_404() {
    let server = spawn_app().await;
    let deep = reqwest::get(format!("{}/survey/community_acceptance/7", server.base))
        .await
        .unwrap();
    assert_eq!(deep.status(), 200);
    assert!(deep.text().await.unwrap().contains("<title>Qabul</title>"));
    let missing = reqwest::get(format!("{}/nothing.0123456789abcdef.js", server.base))
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
}

#[tokio::test]
async fn hashed_module_is_immutable_and_compressed_by_accept_encoding() {
    let server = spawn_app().await;
    let url = format!("{}/qabul-pwa_bg.0123456789abcdef.wasm", server.base);
    let client = reqwest::Client::new();

    let plain = client.get(&url).send().await.unwrap();
    assert_eq!(plain.headers()["content-type"], "application/wasm");
    assert!(
        plain.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    assert!(plain.headers().get("content-encoding").is_none());
    let raw = plain.bytes().await.unwrap();

    let br = client
        .get(&url)
        .header("accept-encoding", "gzip, br")
        .send()
        .await
        .unwrap();
    assert_eq!(br.headers()["content-encoding"], "br");
    let compressed = br.bytes().await.unwrap();
    assert!(compressed.len() < raw.len());
    let mut decoded = Vec::new();
    brotli::BrotliDecompress(&mut &compressed[..], &mut decoded).unwrap();
    assert_eq!(decoded, raw);

    let gz = client
        .get(&url)
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(gz.headers()["content-encoding"], "gzip");
    let compressed = gz.bytes().await.unwrap();
    let mut decoded = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(&compressed[..]),
        &mut decoded,
    )
    .unwrap();
    assert_eq!(decoded, raw);
}

#[tokio::test]
async fn service_worker_is_never_cached_and_png_is_not_recompressed() {
    let server = spawn_app().await;
    let client = reqwest::Client::new();
    let sw = client
        .get(format!("{}/sw.js", server.base))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(sw.headers()["cache-control"], "no-cache");
    let icon = client
        .get(format!("{}/icons/icon-192.png", server.base))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(icon.headers()["content-type"], "image/png");
    assert!(icon.headers().get("content-encoding").is_none());
}

#[tokio::test]
async fn the_database_file_is_created_on_first_start() {
    let server = spawn_app().await;
    assert!(server.dir.path().join("qabul.db").exists());
}
