//! The supervisor's side under load: 100,000 seeded submissions, then through the real HTTP
//! server on 127.0.0.1, the time of a filtered list page (p50/p95 over varied filters), of
//! the dashboard summary, and of the CSV export of everything.
//!
//! Run by hand, not by the test command:
//!
//! ```sh
//! cargo bench -p qabul-server --bench review                            # SQLite
//! scripts/with-postgres.sh cargo bench -p qabul-server --bench review   # and PostgreSQL
//! ```
//!
//! `QABUL_BENCH_SUBMISSIONS` sets the number seeded (default 100,000).

use std::time::{Duration, Instant};

use qabul_core::protocol::Timestamp;
use qabul_server::db::{DatabaseUrl, Db};
use qabul_server::{App, AppConfig, accounts};

const PASSWORD: &str = "a long bench password";

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
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    let mut backends = vec![(
        "SQLite",
        DatabaseUrl::Sqlite(format!(
            "sqlite://{}",
            dir.path().join("review.db").display()
        )),
    )];
    if let Ok(admin) = std::env::var("QABUL_TEST_POSTGRES") {
        backends.push((
            "PostgreSQL",
            postgres_database(&admin, "qabul_bench_review").await,
        ));
    } else {
        println!("(PostgreSQL skipped: run under scripts/with-postgres.sh to include it)");
    }
    for (name, url) in backends {
        bench(name, &url, dir.path(), total).await;
    }
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

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn percentile(sorted: &[f64], q: f64) -> f64 {
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )]
    let i = ((sorted.len() as f64 * q).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i]
}

async fn bench(name: &str, url: &DatabaseUrl, dir: &std::path::Path, total: usize) {
    let db = Db::open(url).await.unwrap();
    let now: Timestamp = "2026-11-22T12:00:00Z".parse().unwrap();
    let started = Instant::now();
    qabul_server::seed::seed_demo(&db, total, 1, None, now)
        .await
        .unwrap();
    println!(
        "\n{name}: seeded {total} submissions in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    db.add_supervisor("bench", &accounts::hash_password(PASSWORD), now)
        .await
        .unwrap();

    let dist = dir.join(format!("dist-{name}"));
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><title>Qabul</title>",
    )
    .unwrap();
    let app = App::build(&AppConfig::new(url.clone(), dist))
        .await
        .unwrap();
    let (addr, server) = app.bind("127.0.0.1:0".parse().unwrap()).await.unwrap();
    tokio::spawn(server);
    let base = format!("http://{addr}");
    let client = reqwest::Client::new();
    let login = client
        .post(format!("{base}/api/review/login"))
        .json(&serde_json::json!({ "name": "bench", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    let cookie = login.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let get = |path: String| {
        let client = client.clone();
        let cookie = cookie.clone();
        let base = base.clone();
        async move {
            let t = Instant::now();
            let response = client
                .get(format!("{base}{path}"))
                .header("cookie", cookie)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200, "{path}");
            let bytes = response.bytes().await.unwrap().len();
            (t.elapsed(), bytes)
        }
    };

    let filters = [
        "",
        "district=mosul",
        "district=ramadi&status=pending",
        "enumerator=Demo%2007",
        "from=2026-10-01&to=2026-10-31",
        "outcome=refused",
        "district=tikrit&sort=enumerator",
        "sort=finalized_at&page=40",
        "district=hawija&page=3",
        "status=pending&sort=-received_at&page=100",
    ];
    let mut times = Vec::new();
    let mut slowest = vec![0.0_f64; filters.len()];
    for _ in 0..10 {
        for (i, filter) in filters.iter().enumerate() {
            let (t, _) = get(format!("/api/review/submissions?{filter}&per_page=50")).await;
            times.push(ms(t));
            slowest[i] = slowest[i].max(ms(t));
        }
    }
    let (worst, worst_ms) = slowest
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .map_or(("", 0.0), |(i, t)| (filters[i], *t));
    times.sort_by(f64::total_cmp);
    println!(
        "  filtered list page (50 rows, {} requests): p50 {:.1} ms, p95 {:.1} ms   budget p95 100 ms",
        times.len(),
        percentile(&times, 0.5),
        percentile(&times, 0.95)
    );
    println!("    slowest filter: `{worst}` at {worst_ms:.1} ms");

    let mut dash = Vec::new();
    for _ in 0..3 {
        dash.push(ms(get("/api/review/dashboard".to_owned()).await.0));
    }
    dash.sort_by(f64::total_cmp);
    let (district, _) = get("/api/review/dashboard?district=mosul".to_owned()).await;
    println!(
        "  dashboard summary of all {total}: median {:.0} ms (one district: {:.0} ms)   budget 300 ms",
        dash[dash.len() / 2],
        ms(district)
    );

    let (t, bytes) = get("/api/review/export.csv".to_owned()).await;
    #[allow(clippy::cast_precision_loss)]
    let mb = bytes as f64 / 1e6;
    println!(
        "  CSV export of all {total}: {:.2} s, {mb:.1} MB ({:.0} rows/s)   budget 10 s",
        t.as_secs_f64(),
        f64::from(u32::try_from(total).unwrap_or(u32::MAX)) / t.as_secs_f64()
    );
}
