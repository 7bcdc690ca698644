//! What the server tests share: a fresh database on either backend, the real router on
//! 127.0.0.1:0, and a few HTTP helpers.
//!
//! Every test runs on SQLite, and on PostgreSQL too when `QABUL_TEST_POSTGRES` names a
//! server (scripts/with-postgres.sh starts one); each test gets a database of its own.

#![allow(dead_code)]

use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use qabul_core::protocol::{BatchResponse, ErrorBody, Submission};
use qabul_server::admin::{self, EnumeratorName};
use qabul_server::db::{DatabaseUrl, Db};
use qabul_server::rate_limit::RateLimit;
use qabul_server::{App, AppConfig};
use rand::Rng as _;

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The PostgreSQL server to make test databases in, if any.
pub fn postgres_admin_url() -> Option<String> {
    std::env::var("QABUL_TEST_POSTGRES")
        .ok()
        .filter(|v| !v.is_empty())
}

/// Runs one test body on each backend that is available.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$name($crate::support::Backend::Sqlite).await;
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    if $crate::support::postgres_admin_url().is_none() {
                        eprintln!("skipped: QABUL_TEST_POSTGRES is not set (scripts/with-postgres.sh)");
                        return;
                    }
                    super::$name($crate::support::Backend::Postgres).await;
                }
            }
        )*
    };
}

/// A new, empty database on `backend`; SQLite's file goes in `dir`.
pub async fn fresh_database(backend: Backend, dir: &Path) -> DatabaseUrl {
    match backend {
        Backend::Sqlite => {
            DatabaseUrl::Sqlite(format!("sqlite://{}", dir.join("qabul.db").display()))
        }
        Backend::Postgres => {
            let admin = postgres_admin_url().expect("QABUL_TEST_POSTGRES is set");
            let name = format!("qabul_test_{:016x}", rand::thread_rng().r#gen::<u64>());
            let pool = sqlx::PgPool::connect(&admin)
                .await
                .expect("PostgreSQL is up");
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&pool)
                .await
                .expect("a test database is created");
            pool.close().await;
            let base = admin.rsplit_once('/').expect("a URL with a database").0;
            DatabaseUrl::Postgres(format!("{base}/{name}"))
        }
    }
}

pub fn write_pwa(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(
        dir.join("index.html"),
        "<!doctype html><html><head><title>Qabul</title></head><body></body></html>",
    )
    .unwrap();
}

/// The real application on a free port.
pub struct TestServer {
    pub base: String,
    pub db: Db,
    pub database: DatabaseUrl,
    pub client: reqwest::Client,
    pub dir: tempfile::TempDir,
}

impl TestServer {
    pub async fn start(backend: Backend) -> Self {
        Self::start_with(backend, RateLimit::default()).await
    }

    pub async fn start_with(backend: Backend, enroll_limit: RateLimit) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let dist = dir.path().join("dist");
        write_pwa(&dist);
        let database = fresh_database(backend, dir.path()).await;
        let mut config = AppConfig::new(database.clone(), dist);
        config.enroll_limit = enroll_limit;
        let app = App::build(&config).await.expect("app starts");
        let db = app.db().clone();
        let (addr, server) = app.bind("127.0.0.1:0".parse().unwrap()).await.unwrap();
        tokio::spawn(server);
        Self {
            base: format!("http://{addr}"),
            db,
            database,
            client: reqwest::Client::new(),
            dir,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Adds a supervisor and signs in: the session cookie, as `name=value`.
    pub async fn supervisor_session(&self) -> String {
        const PASSWORD: &str = "a long test password";
        self.db
            .add_supervisor(
                "amira",
                &qabul_server::accounts::hash_password(PASSWORD),
                qabul_server::now(),
            )
            .await
            .unwrap();
        let response = self
            .client
            .post(self.url("/api/review/login"))
            .json(&serde_json::json!({ "name": "amira", "password": PASSWORD }))
            .send()
            .await
            .unwrap();
        let cookie = response.headers()["set-cookie"].to_str().unwrap();
        let cookie = cookie.split(';').next().unwrap().to_owned();
        assert!(cookie.starts_with(qabul_server::accounts::SESSION_COOKIE));
        cookie
    }

    /// `GET path` with a supervisor's session `cookie`: its JSON, after checking the 200.
    pub async fn get_json(&self, cookie: &str, path: &str) -> serde_json::Value {
        let response = self
            .client
            .get(self.url(path))
            .header("cookie", cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{path}");
        response.json().await.unwrap()
    }

    /// A one-time code for `name`, as `qabul enumerator add` makes it.
    pub async fn code(&self, name: &str) -> String {
        let name: EnumeratorName = name.parse().unwrap();
        admin::add_enumerator(&self.db, &name, &self.base, admin::DEFAULT_CODE_LIFETIME)
            .await
            .unwrap()
            .code
    }

    /// Enrols a phone for `name` and returns its token.
    pub async fn enrol(&self, name: &str) -> String {
        self.enrol_device(name).await.0
    }

    /// Enrols a phone for `name`: its token and its device id.
    pub async fn enrol_device(&self, name: &str) -> (String, String) {
        let code = self.code(name).await;
        let response = self
            .client
            .post(self.url("/api/v1/enroll"))
            .json(&serde_json::json!({ "code": code }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let body: serde_json::Value = response.json().await.unwrap();
        let field = |name: &str| body[name].as_str().unwrap().to_owned();
        (field("token"), field("device_id"))
    }

    /// Posts raw bytes to the submissions endpoint.
    pub async fn post_raw(
        &self,
        token: Option<&str>,
        content_type: &str,
        encoding: Option<&str>,
        body: Vec<u8>,
    ) -> reqwest::Response {
        let mut request = self
            .client
            .post(self.url("/api/v1/submissions"))
            .header("content-type", content_type)
            .body(body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(encoding) = encoding {
            request = request.header("content-encoding", encoding);
        }
        request.send().await.unwrap()
    }

    /// Posts a batch of JSON values and expects a 200.
    pub async fn send(&self, token: &str, items: &[serde_json::Value]) -> BatchResponse {
        let body = serde_json::to_vec(&serde_json::json!({ "submissions": items })).unwrap();
        let response = self
            .post_raw(Some(token), "application/json", None, body)
            .await;
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    }
}

/// A valid submission of the built-in form, as JSON.
pub fn valid(seq: u64) -> serde_json::Value {
    serde_json::to_value(qabul_server::demo::submission(seq, seq)).unwrap()
}

pub fn parse(value: &serde_json::Value) -> Submission {
    serde_json::from_value(value.clone()).unwrap()
}

/// Reads a whole-request error and checks its shape.
pub async fn error_body(response: reqwest::Response, status: u16) -> ErrorBody {
    assert_eq!(response.status(), status);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    let body: ErrorBody = response.json().await.unwrap();
    assert!(!body.message.is_empty());
    body
}

pub fn url_of(database: &DatabaseUrl) -> String {
    match database {
        DatabaseUrl::Sqlite(url) | DatabaseUrl::Postgres(url) => url.clone(),
    }
}

/// Runs `qabul --database URL ARGS…` to completion.
pub fn qabul(database: &DatabaseUrl, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_qabul"))
        .arg("--database")
        .arg(url_of(database))
        .args(args)
        .env("RUST_LOG", "warn")
        .output()
        .expect("qabul runs")
}

/// Starts `qabul serve` on a free port and returns it with its base URL.
pub fn serve(database: &DatabaseUrl, dist: &Path, env: &[(&str, &str)]) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_qabul"))
        .arg("--database")
        .arg(url_of(database))
        .args(["serve", "--listen", "127.0.0.1:0", "--static"])
        .arg(dist)
        .env("RUST_LOG", "warn")
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("qabul serve starts");
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let base = loop {
        let line = lines.next().expect("qabul prints its address").unwrap();
        if let Some(rest) = line.strip_prefix("Qabul is listening on ") {
            break rest.trim_end_matches('/').to_owned();
        }
    };
    // Keep reading so that the child never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    (child, base)
}
