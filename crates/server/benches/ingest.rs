//! Ingest throughput: batches of 100 valid submissions from 8 concurrent clients over HTTP,
//! validation included, beside the raw rate of inserting the same rows straight into a
//! database of the same backend (the limit the server can approach).
//!
//! Run by hand, not by the test command:
//!
//! ```sh
//! cargo bench -p qabul-server --bench ingest                       # SQLite
//! QABUL_PG_DURABLE=1 scripts/with-postgres.sh \
//!     cargo bench -p qabul-server --bench ingest                   # SQLite and PostgreSQL
//! ```
//!
//! `QABUL_BENCH_SUBMISSIONS` sets how many submissions each run sends (default 24,000).
//! The bench profile's full LTO makes the first build long on two cores;
//! `CARGO_PROFILE_BENCH_LTO=false CARGO_PROFILE_BENCH_CODEGEN_UNITS=16` shortens it.

use std::time::{Duration, Instant};

use qabul_core::protocol::{BatchResponse, ItemOutcome, Submission};
use qabul_server::admin::{self, EnumeratorName};
use qabul_server::db::{DatabaseUrl, Db, Inserted, NewSubmission};
use qabul_server::{App, AppConfig};

const CLIENTS: usize = 8;

/// Makes the two fresh databases (HTTP, raw) of one run.
type UrlMaker = Box<
    dyn Fn(
        usize,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = (DatabaseUrl, DatabaseUrl)>>>,
>;
const BATCH: usize = 100;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(run());
}

async fn run() {
    let total: usize = std::env::var("QABUL_BENCH_SUBMISSIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(24_000);
    let per_client = total.div_ceil(CLIENTS * BATCH) * BATCH;
    println!(
        "ingest: {} submissions per run, batches of {BATCH}, {CLIENTS} concurrent clients",
        per_client * CLIENTS
    );
    let dir = tempfile::tempdir().unwrap();
    let sqlite_dir = dir.path().to_path_buf();
    let mut backends: Vec<(&str, UrlMaker)> = vec![(
        "SQLite",
        Box::new(move |run| {
            let file = |kind: &str| {
                let path = sqlite_dir.join(format!("{kind}{run}.db"));
                DatabaseUrl::Sqlite(format!("sqlite://{}", path.display()))
            };
            let urls = (file("http"), file("raw"));
            Box::pin(async move { urls })
        }),
    )];
    if let Ok(admin) = std::env::var("QABUL_TEST_POSTGRES") {
        backends.push((
            "PostgreSQL",
            Box::new(move |run| {
                let admin = admin.clone();
                Box::pin(async move {
                    (
                        postgres_database(&admin, &format!("qabul_bench_http{run}")).await,
                        postgres_database(&admin, &format!("qabul_bench_raw{run}")).await,
                    )
                })
            }),
        ));
    } else {
        println!("(PostgreSQL skipped: run under scripts/with-postgres.sh to include it)");
    }
    cpu_breakdown();
    // Other work on the machine slows single runs at random: alternate the two
    // measurements, each on fresh databases, and report the best and the median of each.
    for (name, make_urls) in backends {
        let (mut http_rates, mut raw_rates) = (Vec::new(), Vec::new());
        for run in 0..RUNS {
            let (http_url, raw_url) = make_urls(run).await;
            let clients: Vec<Vec<Submission>> = (0..CLIENTS)
                .map(|c| {
                    (1..=per_client as u64)
                        .map(|seq| qabul_server::demo::submission(seq, seq * 8 + c as u64))
                        .collect()
                })
                .collect();
            let run_dir = dir.path().join(format!("http{run}"));
            http_rates.push(http_ingest(&http_url, &run_dir, &clients).await);
            raw_rates.push(raw_insert(&raw_url, &clients).await);
        }
        let (http_best, http_median) = best_and_median(&mut http_rates);
        let (raw_best, raw_median) = best_and_median(&mut raw_rates);
        println!(
            "{name:<10}  HTTP + validation: best {http_best:>6.0}/s, median {http_median:>6.0}/s   \
             raw insert: best {raw_best:>6.0}/s, median {raw_median:>6.0}/s   \
             ratio of bests {:.0}%, of medians {:.0}%",
            100.0 * http_best / raw_best,
            100.0 * http_median / raw_median,
        );
    }
}

const RUNS: usize = 5;

fn best_and_median(rates: &mut [f64]) -> (f64, f64) {
    rates.sort_by(f64::total_cmp);
    (rates[rates.len() - 1], rates[rates.len() / 2])
}

/// Where the server's CPU goes per submission, on one thread: reading the JSON, the
/// canonical content and its digest, and validation against the form.
fn cpu_breakdown() {
    const N: u64 = 2_000;
    let form = qabul_core::builtin::community_acceptance();
    let texts: Vec<String> = (1..=N)
        .map(|seq| serde_json::to_string(&qabul_server::demo::submission(seq, seq)).unwrap())
        .collect();
    let per = |elapsed: Duration| elapsed.as_secs_f64() * 1e6 / N as f64;
    let started = Instant::now();
    let parsed: Vec<Submission> = texts
        .iter()
        .map(|t| serde_json::from_str(t).unwrap())
        .collect();
    let parse = per(started.elapsed());
    let started = Instant::now();
    for submission in &parsed {
        std::hint::black_box(submission.digest());
    }
    let digest = per(started.elapsed());
    let started = Instant::now();
    for submission in &parsed {
        let context = qabul_core::EvalContext {
            today: submission.check().unwrap().finalized_at.date(),
        };
        let answers = submission.answers.as_ref().unwrap();
        assert!(qabul_core::validate_submission(&form, answers, &context).is_ok());
    }
    let validate = per(started.elapsed());
    println!(
        "CPU per submission, one thread: parse {parse:.0} µs, canonical JSON + SHA-256 \
         {digest:.0} µs, validation {validate:.0} µs"
    );
}

async fn postgres_database(admin: &str, name: &str) -> DatabaseUrl {
    let pool = sqlx::PgPool::connect(admin).await.unwrap();
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name}"))
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    let base = admin.rsplit_once('/').unwrap().0;
    DatabaseUrl::Postgres(format!("{base}/{name}"))
}

/// The full path: HTTP, authentication, parsing, validation, the transaction, the answer.
async fn http_ingest(
    database: &DatabaseUrl,
    dir: &std::path::Path,
    clients: &[Vec<Submission>],
) -> f64 {
    let dist = dir.join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><title>Qabul</title>",
    )
    .unwrap();
    let app = App::build(&AppConfig::new(database.clone(), dist))
        .await
        .unwrap();
    let db = app.db().clone();
    let (addr, server) = app.bind("127.0.0.1:0".parse().unwrap()).await.unwrap();
    tokio::spawn(server);
    let http = reqwest::Client::new();
    let mut bodies = Vec::new();
    for (c, submissions) in clients.iter().enumerate() {
        let name: EnumeratorName = format!("bench{c}").parse().unwrap();
        let code = admin::add_enumerator(&db, &name, "http://x", admin::DEFAULT_CODE_LIFETIME)
            .await
            .unwrap();
        let enrolled: serde_json::Value = http
            .post(format!("http://{addr}/api/v1/enroll"))
            .json(&serde_json::json!({ "code": code.code }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let token = enrolled["token"].as_str().unwrap().to_owned();
        // Serialized before the clock starts: the clients' work is not the server's.
        let batches: Vec<Vec<u8>> = submissions
            .chunks(BATCH)
            .map(|chunk| serde_json::to_vec(&serde_json::json!({ "submissions": chunk })).unwrap())
            .collect();
        bodies.push((token, batches));
    }
    let count: usize = clients.iter().map(Vec::len).sum();
    let started = Instant::now();
    let tasks: Vec<_> = bodies
        .into_iter()
        .map(|(token, batches)| {
            let (http, url) = (http.clone(), format!("http://{addr}/api/v1/submissions"));
            tokio::spawn(async move {
                for body in batches {
                    let response = http
                        .post(&url)
                        .bearer_auth(&token)
                        .header("content-type", "application/json")
                        .body(body)
                        .send()
                        .await
                        .unwrap();
                    assert_eq!(response.status(), 200);
                    let answer: BatchResponse = response.json().await.unwrap();
                    assert!(
                        answer
                            .results
                            .iter()
                            .all(|r| r.outcome == ItemOutcome::Stored)
                    );
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    let elapsed = started.elapsed();
    assert_eq!(db.submission_ids().await.unwrap().len(), count);
    count as f64 / elapsed.as_secs_f64()
}

/// The same rows, prepared beforehand, inserted by the same code the server uses for a
/// batch, from the same number of concurrent tasks: no HTTP, no parsing, no validation.
async fn raw_insert(database: &DatabaseUrl, clients: &[Vec<Submission>]) -> f64 {
    let db = Db::open(database).await.unwrap();
    let mut work = Vec::new();
    for (c, submissions) in clients.iter().enumerate() {
        let code = format!("raw{c}");
        let device = format!("raw-device-{c}");
        let batches: Vec<Vec<NewSubmission>> = submissions
            .chunks(BATCH)
            .map(|chunk| chunk.iter().map(row).collect())
            .collect();
        work.push((device, code, batches));
    }
    for (device, code, _) in &work {
        insert_device(&db, device, code).await;
    }
    let count: usize = clients.iter().map(Vec::len).sum();
    let started = Instant::now();
    let tasks: Vec<_> = work
        .into_iter()
        .map(|(device, _, batches)| {
            let db = db.clone();
            tokio::spawn(async move {
                for batch in batches {
                    let results = db
                        .insert_submissions(&device, &batch, qabul_server::now())
                        .await
                        .unwrap();
                    assert!(results.iter().all(|r| *r == Inserted::Stored));
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    let elapsed = started.elapsed();
    assert_eq!(db.submission_ids().await.unwrap().len(), count);
    count as f64 / elapsed.as_secs_f64()
}

/// A device, enrolled through the database calls enrolment uses.
async fn insert_device(db: &Db, device: &str, enumerator: &str) {
    let code = format!("{enumerator}-code");
    let now = qabul_server::now();
    let later = qabul_core::protocol::Timestamp::from_unix_ms(now.unix_ms() + 60_000);
    db.add_enrollment_code(enumerator, &code, now, later)
        .await
        .unwrap();
    let token = format!("{device}-token");
    db.enroll(&code, device, &token, now)
        .await
        .unwrap()
        .unwrap();
}

fn row(submission: &Submission) -> NewSubmission {
    NewSubmission::from_checked(submission.clone(), Some("completed")).unwrap()
}
