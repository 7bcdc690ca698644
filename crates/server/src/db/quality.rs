//! Quality flags raised as submissions arrive, and the dashboard's facts kept beside them.
//! The decisions are `qabul-core`'s (`quality`, `dashboard::Facts`); this reads what they
//! need and stores what they say.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, LazyLock, Mutex, PoisonError};

use qabul_core::dashboard::Facts;
use qabul_core::interview::Outcome;
use qabul_core::protocol::Timestamp;
use qabul_core::quality::{self, Arrival, DeviceHistory, FormDurations};
use qabul_core::scoring::IndexConfig;
use sqlx::Row as _;

use super::{Backend, Db, DbError, NewSubmission};

/// The index configuration that facts are scored with: the built-in form's, the one the
/// dashboard shows.
pub(crate) static INDEX_CONFIG: LazyLock<IndexConfig> = LazyLock::new(IndexConfig::default);

/// The facts of a submission as stored.
pub(crate) fn facts_of(submission: &qabul_core::protocol::Submission) -> String {
    Facts::of(submission, &INDEX_CONFIG).encode()
}

/// The durations of completed interviews per form version (id, version), read from the
/// database at a version's first arrival and kept up to date with what this process stores.
/// Another process writing to the same PostgreSQL database adds interviews this one does not
/// see until it restarts; a median of thousands hardly moves for that.
#[derive(Debug, Clone, Default)]
pub(crate) struct DurationCache(Arc<Mutex<HashMap<(String, String), FormDurations>>>);

fn arrival(item: &NewSubmission) -> Arrival {
    Arrival {
        device_seq: u64::try_from(item.device_seq).unwrap_or(0),
        started_at: Timestamp::from_unix_ms(item.started_at),
        finalized_at: Timestamp::from_unix_ms(item.finalized_at),
        outcome: item.outcome.and_then(Outcome::from_code),
    }
}

impl Db {
    /// The stored flags of `items[i]` for each `i` of `unique`, judged against what the device
    /// and the form version already have, and against the batch's own earlier numbers (a
    /// batch is one phone's submissions in sequence order, so a burst can sit inside one).
    pub(super) async fn arrival_flags(
        &self,
        device_id: &str,
        items: &[NewSubmission],
        unique: &[usize],
    ) -> Result<HashMap<usize, i64>, DbError> {
        let mut history = self.device_history(device_id).await?;
        let mut versions: Vec<(&str, &str)> = unique
            .iter()
            .map(|&i| (items[i].form_id.as_str(), items[i].form_version.as_str()))
            .collect();
        versions.sort_unstable();
        versions.dedup();
        for (form_id, version) in versions {
            self.load_durations(form_id, version).await?;
        }
        let mut order = unique.to_vec();
        order.sort_by_key(|&i| items[i].device_seq);
        let cache = self
            .durations
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let none = FormDurations::new();
        let mut flags = HashMap::new();
        for i in order {
            let item = &items[i];
            let arrival = arrival(item);
            if history.contains(arrival.device_seq) {
                // Already stored: a duplicate or a conflict, inserted as nothing.
                continue;
            }
            let durations = cache
                .get(&(item.form_id.clone(), item.form_version.clone()))
                .unwrap_or(&none);
            let raised = quality::flags_on_arrival(&arrival, &history, durations);
            flags.insert(i, quality::to_bits(&raised));
            history.record(&arrival);
        }
        Ok(flags)
    }

    /// Adds the durations of the submissions just stored to the cached medians.
    pub(super) fn record_durations(&self, items: &[NewSubmission], inserted: &HashSet<String>) {
        let mut cache = self
            .durations
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        for item in items.iter().filter(|item| inserted.contains(&item.id)) {
            if let Some(durations) =
                cache.get_mut(&(item.form_id.clone(), item.form_version.clone()))
            {
                durations.record(&arrival(item));
            }
        }
    }

    async fn device_history(&self, device_id: &str) -> Result<DeviceHistory, DbError> {
        let mut history = DeviceHistory::new();
        on_pool!(self, read, pool => {
            let rows = sqlx::query(
                "SELECT device_seq, started_at, finalized_at, outcome FROM submissions \
                 WHERE device_id = $1",
            )
            .bind(device_id)
            .fetch_all(pool)
            .await?;
            for row in rows {
                let seq: i64 = row.try_get("device_seq")?;
                let outcome: Option<String> = row.try_get("outcome")?;
                history.record(&Arrival {
                    device_seq: u64::try_from(seq).unwrap_or(0),
                    started_at: Timestamp::from_unix_ms(row.try_get("started_at")?),
                    finalized_at: Timestamp::from_unix_ms(row.try_get("finalized_at")?),
                    outcome: outcome.as_deref().and_then(Outcome::from_code),
                });
            }
        });
        Ok(history)
    }

    async fn load_durations(&self, form_id: &str, version: &str) -> Result<(), DbError> {
        let key = (form_id.to_owned(), version.to_owned());
        if self
            .durations
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .contains_key(&key)
        {
            return Ok(());
        }
        let mut durations = FormDurations::new();
        on_pool!(self, read, pool => {
            let rows = sqlx::query(
                "SELECT finalized_at - started_at AS duration FROM submissions \
                 WHERE form_id = $1 AND form_version = $2 AND outcome = 'completed'",
            )
            .bind(form_id)
            .bind(version)
            .fetch_all(pool)
            .await?;
            for row in rows {
                let ms: i64 = row.try_get("duration")?;
                durations.record_completed_ms(u64::try_from(ms).unwrap_or(0));
            }
        });
        self.durations
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .entry(key)
            .or_insert(durations);
        Ok(())
    }

    /// Computes the facts of submissions stored before they were kept, a thousand per
    /// transaction. Returns how many were filled in.
    pub async fn backfill_facts(&self) -> Result<u64, DbError> {
        let mut filled = 0;
        loop {
            let done = on_pool!(self, write, pool => {
                let mut tx = pool.begin().await?;
                let rows = sqlx::query(
                    "SELECT id, content FROM submissions WHERE facts IS NULL LIMIT 1000",
                )
                .fetch_all(&mut *tx)
                .await?;
                for row in &rows {
                    let id: String = row.try_get("id")?;
                    let content: String = row.try_get("content")?;
                    let facts = match serde_json::from_str(&content) {
                        Ok(submission) => facts_of(&submission),
                        // Stored content was checked on arrival; if it cannot be read now,
                        // count it as sealed rather than retry it at every start.
                        Err(_) => Facts::sealed().encode(),
                    };
                    sqlx::query("UPDATE submissions SET facts = $1 WHERE id = $2")
                        .bind(facts)
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                }
                tx.commit().await?;
                rows.len()
            });
            filled += done as u64;
            if done < 1000 {
                return Ok(filled);
            }
        }
    }
}
