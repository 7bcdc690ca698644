//! `qabul seed --demo N`: a database full of synthetic interviews, for demonstrations and
//! benchmarks. They are valid against the built-in form and spread over districts, a dozen
//! enumerators (one phone each) and the last sixty days, as real fieldwork would be.
//! No real respondent is behind any of them.

use qabul_core::protocol::Timestamp;
use qabul_core::seal::{self, PublicKey};
use qabul_core::synthetic::{self, Rng};

use crate::admin::{self, EnumeratorName};
use crate::db::{Db, DbError, NewSubmission};
use crate::secrets;

/// How many demo enumerators share the submissions.
pub const DEMO_ENUMERATORS: usize = 12;

/// Submissions inserted per transaction.
const CHUNK: usize = 500;

const DAY_MS: i64 = 86_400_000;

/// What seeding did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedReport {
    pub submissions: usize,
    pub enumerators: usize,
}

/// Adds `count` synthetic submissions, drawn from `seed`, finalized before `now`. With
/// `sealed_to`, each is sealed to that key as a phone seals an encrypted form's interviews,
/// and the server stores it unread: demonstration data for the review page's opening.
pub async fn seed_demo(
    db: &Db,
    count: usize,
    seed: u64,
    sealed_to: Option<&PublicKey>,
    now: Timestamp,
) -> Result<SeedReport, DbError> {
    let mut rng = Rng::new(seed);
    let mut devices = Vec::with_capacity(DEMO_ENUMERATORS);
    for i in 1..=DEMO_ENUMERATORS {
        let name: EnumeratorName = format!("Demo {i:02}")
            .parse()
            .expect("demo names are valid");
        let code = admin::add_enumerator(
            db,
            &name,
            "http://demo.invalid",
            admin::DEFAULT_CODE_LIFETIME,
        )
        .await?;
        let device_id = secrets::new_device_id();
        db.enroll(
            &secrets::hash(&code.code),
            &device_id,
            &secrets::hash(&secrets::new_token()),
            now,
        )
        .await?;
        devices.push(Device {
            id: device_id,
            next_seq: 1,
            pending: Vec::new(),
        });
    }
    for _ in 0..count {
        let device = &mut devices[usize::try_from(rng.below(DEMO_ENUMERATORS as u64)).unwrap_or(0)];
        // Interviews happen by day, between 08:00 and 17:00 UTC+3.
        // From yesterday back: every interview is finalized before `now`.
        let day = now.unix_ms() / DAY_MS - rng.between(1, 61);
        let finalized = day * DAY_MS + rng.between(5 * 3_600_000, 14 * 3_600_000);
        let (mut submission, outcome) = synthetic::submission(&mut rng, device.next_seq, finalized);
        device.next_seq += 1;
        let outcome = match sealed_to {
            Some(key) => {
                seal::seal_submission(&mut submission, &device.id, key, rng.bytes())
                    .expect("a synthetic submission has answers and is not sealed yet");
                None
            }
            None => Some(outcome.code()),
        };
        device.pending.push(
            NewSubmission::from_checked(submission, outcome)
                .expect("synthetic submissions are well-formed"),
        );
        if device.pending.len() == CHUNK {
            db.insert_submissions(&device.id, &device.pending, now)
                .await?;
            device.pending.clear();
        }
    }
    for device in &mut devices {
        db.insert_submissions(&device.id, &device.pending, now)
            .await?;
    }
    // A bulk load changes the data's shape at once: plan the review table on the new one.
    db.analyze().await?;
    Ok(SeedReport {
        submissions: count,
        enumerators: DEMO_ENUMERATORS,
    })
}

struct Device {
    id: String,
    next_seq: u64,
    pending: Vec<NewSubmission>,
}
