//! The first supervisor of a fresh database, `qabul supervisor add`, and `qabul seed`.

mod support;

use std::collections::BTreeSet;
use std::io::{BufRead as _, BufReader};
use std::process::{Command, Stdio};

use qabul_core::protocol::{Submission, Timestamp};
use qabul_core::{EvalContext, Outcome};
use qabul_server::db::Db;
use qabul_server::seed;
use support::{Backend, fresh_database, qabul, url_of, write_pwa};

on_both_backends!(
    a_fresh_database_gets_a_first_supervisor_whose_password_is_printed_once,
    supervisor_add_prints_a_password_that_signs_in,
    seeded_submissions_are_valid_and_spread_like_fieldwork,
);

/// Starts `qabul serve` and returns it with its address and its start-up message, which
/// ends with the review address.
fn serve_and_read(
    database: &qabul_server::db::DatabaseUrl,
    dist: &std::path::Path,
    env: &[(&str, &str)],
) -> (std::process::Child, String, Vec<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_qabul"))
        .arg("--database")
        .arg(url_of(database))
        .args(["serve", "--listen", "127.0.0.1:0", "--static"])
        .arg(dist)
        .env("RUST_LOG", "warn")
        .env_remove("QABUL_ADMIN_PASSWORD")
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut printed = Vec::new();
    let mut base = String::new();
    // The start-up message ends with the review address.
    for line in lines.by_ref() {
        let line = line.unwrap();
        if let Some(rest) = line.strip_prefix("Qabul is listening on ") {
            rest.trim_end_matches('/').clone_into(&mut base);
        }
        let last = line.starts_with("Supervisors sign in at");
        printed.push(line);
        if last {
            break;
        }
    }
    std::thread::spawn(move || for _ in lines {});
    (child, base, printed)
}

async fn sign_in(base: &str, name: &str, password: &str) -> u16 {
    reqwest::Client::new()
        .post(format!("{base}/api/review/login"))
        .json(&serde_json::json!({ "name": name, "password": password }))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

async fn a_fresh_database_gets_a_first_supervisor_whose_password_is_printed_once(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    write_pwa(&dist);
    let database = fresh_database(backend, dir.path()).await;

    // A generated password, printed once on the first start…
    let (mut child, base, printed) = serve_and_read(&database, &dist, &[]);
    let line = printed
        .iter()
        .find(|l| l.starts_with("First supervisor:"))
        .unwrap_or_else(|| panic!("no first-supervisor line in {printed:?}"));
    let password = line
        .split("password: ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap()
        .to_owned();
    assert_eq!(password.len(), 20);
    assert!(
        printed
            .iter()
            .any(|l| l.contains(&format!("{base}/review")))
    );
    assert_eq!(sign_in(&base, "admin", &password).await, 200);
    assert_eq!(sign_in(&base, "admin", "a wrong password here").await, 401);
    child.kill().unwrap();
    child.wait().unwrap();

    // …and never again.
    let (mut child, base, printed) = serve_and_read(&database, &dist, &[]);
    assert!(
        !printed.iter().any(|l| l.starts_with("First supervisor:")),
        "{printed:?}"
    );
    assert_eq!(sign_in(&base, "admin", &password).await, 200);
    child.kill().unwrap();
    child.wait().unwrap();

    // On another fresh database, QABUL_ADMIN_PASSWORD is taken and not printed.
    let other = tempfile::tempdir().unwrap();
    let database = fresh_database(backend, other.path()).await;
    let chosen = "chosen by the operator";
    let (mut child, base, printed) =
        serve_and_read(&database, &dist, &[("QABUL_ADMIN_PASSWORD", chosen)]);
    assert!(!printed.iter().any(|l| l.contains(chosen)), "{printed:?}");
    assert_eq!(sign_in(&base, "admin", chosen).await, 200);
    child.kill().unwrap();
    child.wait().unwrap();

    // A password too short is refused before anything starts.
    let third = tempfile::tempdir().unwrap();
    let database = fresh_database(backend, third.path()).await;
    let out = Command::new(env!("CARGO_BIN_EXE_qabul"))
        .arg("--database")
        .arg(url_of(&database))
        .args(["serve", "--listen", "127.0.0.1:0", "--static"])
        .arg(&dist)
        .env("QABUL_ADMIN_PASSWORD", "short")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("QABUL_ADMIN_PASSWORD"));
}

async fn supervisor_add_prints_a_password_that_signs_in(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    write_pwa(&dist);
    let database = fresh_database(backend, dir.path()).await;
    let out = qabul(&database, &["supervisor", "add", "hawre"]);
    assert!(out.status.success(), "{out:?}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    let password = stdout
        .split("Password: ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap()
        .to_owned();
    let again = qabul(&database, &["supervisor", "add", "hawre"]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists already"));
    let bad = qabul(&database, &["supervisor", "add", "has space"]);
    assert!(!bad.status.success());

    let (mut child, base, _) = serve_and_read(&database, &dist, &[]);
    assert_eq!(sign_in(&base, "hawre", &password).await, 200);
    child.kill().unwrap();
    child.wait().unwrap();
}

async fn seeded_submissions_are_valid_and_spread_like_fieldwork(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let database = fresh_database(backend, dir.path()).await;
    let db = Db::open(&database).await.unwrap();
    let now: Timestamp = "2026-11-22T12:00:00Z".parse().unwrap();
    let report = seed::seed_demo(&db, 1_200, 7, None, now).await.unwrap();
    assert_eq!(report.submissions, 1_200);

    let form = qabul_core::builtin::community_acceptance();
    let mut districts = BTreeSet::new();
    let mut days = BTreeSet::new();
    let mut refused = 0;
    for id in db.submission_ids().await.unwrap() {
        let (content, _) = db.submission(&id).await.unwrap().unwrap();
        let submission: Submission = serde_json::from_str(&content).unwrap();
        let times = submission.check().unwrap();
        assert!(times.finalized_at < now);
        days.insert(times.finalized_at.date());
        let answers = submission.answers.as_ref().unwrap();
        let on_the_day = EvalContext {
            today: times.finalized_at.date(),
        };
        let outcome = qabul_core::validate_submission(&form, answers, &on_the_day)
            .unwrap_or_else(|e| panic!("{id}: {e:?}"));
        refused += usize::from(outcome == Outcome::Refused);
        districts.insert(format!("{:?}", answers["district"]));
    }
    assert_eq!(districts.len(), 15, "{districts:?}");
    assert!(days.len() >= 55, "{} days", days.len());
    assert!((20..150).contains(&refused), "{refused} refusals");
    let enumerators = db.enumerators().await.unwrap();
    assert_eq!(enumerators.len(), seed::DEMO_ENUMERATORS);
    assert!(enumerators.iter().all(|e| e.submissions > 50));
    assert!(
        db.sequence_gaps()
            .await
            .unwrap()
            .iter()
            .all(|g| g.missing.is_empty())
    );

    // The command line does the same.
    let out = qabul(&database, &["seed", "--demo", "30"]);
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("Added 30 synthetic submissions"));
    assert_eq!(db.submission_ids().await.unwrap().len(), 1_230);
}
