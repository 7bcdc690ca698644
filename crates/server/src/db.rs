//! The server's database: an embedded SQLite file by default, PostgreSQL for more than one
//! machine.
//!
//! SQLite runs in WAL mode with `synchronous = FULL`, so that an acknowledged batch survives a
//! power cut: the phone deletes its copy once we say `stored`. Both backends run the same SQL
//! (positional `$n` parameters, `ON CONFLICT`, `RETURNING`), each with its own migrations;
//! the [`on_pool!`] macro writes each query once and compiles it for both.

use std::collections::{HashMap, HashSet};
use std::ops::RangeInclusive;
use std::str::FromStr;
use std::time::Duration;

use qabul_core::protocol::Timestamp;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, Row as _, SqlitePool};

/// Where the database lives, parsed from `--database`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    Sqlite(String),
    Postgres(String),
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("unsupported database URL `{0}`: use sqlite://FILE or postgres://…")]
    UnsupportedUrl(String),
    #[error("cannot open the database: {0}")]
    Open(#[source] sqlx::Error),
    #[error("cannot migrate the database: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("database error: {0}")]
    Query(#[from] sqlx::Error),
    #[error("a stored value is out of range: {0}")]
    OutOfRange(&'static str),
}

impl FromStr for DatabaseUrl {
    type Err = DbError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.starts_with("sqlite:") {
            Ok(Self::Sqlite(s.to_owned()))
        } else if s.starts_with("postgres://") || s.starts_with("postgresql://") {
            Ok(Self::Postgres(s.to_owned()))
        } else {
            Err(DbError::UnsupportedUrl(s.to_owned()))
        }
    }
}

/// An open database with its migrations applied.
#[derive(Debug, Clone)]
pub struct Db {
    backend: Backend,
    durations: quality::DurationCache,
}

#[derive(Debug, Clone)]
enum Backend {
    /// SQLite lets one connection write at a time. Writes go through a pool of exactly one
    /// connection, so that they queue in the pool in order instead of spinning in SQLite's
    /// busy handler, which sleeps in steps of up to 100 ms; reads use the other pool.
    Sqlite {
        writer: SqlitePool,
        reader: SqlitePool,
    },
    Postgres(PgPool),
}

/// Runs `$body` with `$pool` bound to the pool of whichever backend is open. The body is
/// compiled once per backend, so one query text serves both.
macro_rules! on_pool {
    ($db:expr, write, $pool:ident => $body:expr) => {
        match &$db.backend {
            Backend::Sqlite { writer: $pool, .. } => $body,
            Backend::Postgres($pool) => $body,
        }
    };
    ($db:expr, read, $pool:ident => $body:expr) => {
        match &$db.backend {
            Backend::Sqlite { reader: $pool, .. } => $body,
            Backend::Postgres($pool) => $body,
        }
    };
}

// After `on_pool!`, which the submodules use.
mod accounts;
mod quality;
mod review;

pub use accounts::AddSupervisorError;
pub(crate) use quality::{INDEX_CONFIG, facts_of};
pub use review::{
    DashboardRows, ExportRow, FactsRow, ReviewError, SubmissionFilter, SubmissionSort,
};

/// A form version as stored.
#[derive(Debug, Clone)]
pub struct StoredForm {
    pub id: String,
    pub version: String,
    /// JSON of the title in each language.
    pub title: String,
    /// The definition's JSON.
    pub definition: String,
    pub public_key: Option<String>,
}

/// An enrolled phone, found by its token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    pub id: String,
    pub enumerator: String,
}

/// One enumerator, for `qabul enumerator list`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumeratorSummary {
    pub name: String,
    pub created_at: Timestamp,
    pub revoked_at: Option<Timestamp>,
    pub devices: i64,
    pub submissions: i64,
    /// When the server last stored one of their submissions.
    pub last_received_at: Option<Timestamp>,
}

/// A valid submission, ready to insert.
#[derive(Debug, Clone)]
pub struct NewSubmission {
    pub id: String,
    pub device_seq: i64,
    pub form_id: String,
    pub form_version: String,
    pub started_at: i64,
    pub finalized_at: i64,
    pub outcome: Option<&'static str>,
    /// Canonical JSON.
    pub content: String,
    pub digest: String,
    /// Copied out of the answers for the review table; `None` when sealed.
    pub governorate: Option<String>,
    pub district: Option<String>,
    /// What the dashboard reads of it (`qabul_core::dashboard::Facts::encode`).
    pub facts: String,
}

impl NewSubmission {
    /// A submission whose answers were judged already, with `outcome` as the validation
    /// gave it (`None` for a sealed one): its canonical content, digest and times.
    pub fn from_checked(
        submission: qabul_core::protocol::Submission,
        outcome: Option<&'static str>,
    ) -> Result<Self, qabul_core::protocol::SubmissionProblem> {
        let times = submission.check()?;
        let content = submission.canonical_json();
        let digest = qabul_core::protocol::sha256_hex(content.as_bytes());
        let (governorate, district) = qabul_core::review::place_of(&submission);
        Ok(Self {
            facts: quality::facts_of(&submission),
            governorate,
            district,
            device_seq: i64::try_from(submission.device_seq).unwrap_or(i64::MAX),
            id: submission.id,
            form_id: submission.form_id,
            form_version: submission.form_version,
            started_at: times.started_at.unix_ms(),
            finalized_at: times.finalized_at.unix_ms(),
            outcome,
            content,
            digest,
        })
    }
}

/// What inserting one submission did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inserted {
    Stored,
    Duplicate,
    /// Another content is stored under this id, with this digest.
    Conflict {
        stored_digest: String,
    },
}

/// The sequence numbers missing from one device's submissions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceGaps {
    pub device_id: String,
    pub enumerator: String,
    pub received: usize,
    pub highest: u64,
    pub missing: Vec<RangeInclusive<u64>>,
}

/// Why a form version could not be added.
#[derive(Debug, thiserror::Error)]
pub enum AddFormError {
    #[error("form `{id}` already has a version `{version}`; versions never change, choose another")]
    Exists { id: String, version: String },
    #[error(transparent)]
    Db(#[from] DbError),
}

/// Why an enumerator could not be revoked.
#[derive(Debug, thiserror::Error)]
pub enum RevokeError {
    #[error("there is no enumerator named `{0}`")]
    Unknown(String),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl Db {
    pub async fn open(url: &DatabaseUrl) -> Result<Self, DbError> {
        let backend = match url {
            DatabaseUrl::Sqlite(url) => {
                let options = SqliteConnectOptions::from_str(url)
                    .map_err(DbError::Open)?
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Full)
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(10));
                let writer = SqlitePoolOptions::new()
                    .max_connections(1)
                    .connect_with(options.clone())
                    .await
                    .map_err(DbError::Open)?;
                sqlx::migrate!("migrations/sqlite").run(&writer).await?;
                let reader = SqlitePoolOptions::new()
                    .max_connections(8)
                    .connect_with(options)
                    .await
                    .map_err(DbError::Open)?;
                Backend::Sqlite { writer, reader }
            }
            DatabaseUrl::Postgres(url) => {
                let options = PgConnectOptions::from_str(url).map_err(DbError::Open)?;
                let pool = PgPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect_with(options)
                    .await
                    .map_err(DbError::Open)?;
                sqlx::migrate!("migrations/postgres").run(&pool).await?;
                Backend::Postgres(pool)
            }
        };
        let db = Self {
            backend,
            durations: quality::DurationCache::default(),
        };
        db.install_builtin_forms().await?;
        db.backfill_facts().await?;
        db.optimize().await?;
        Ok(db)
    }

    /// Which backend this is, for messages and benchmarks.
    pub fn backend_name(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite { .. } => "SQLite",
            Backend::Postgres(_) => "PostgreSQL",
        }
    }

    /// Refreshes the query planner's statistics, so that it picks the right index for the
    /// review table's filters (and, in PostgreSQL, the visibility map that index-only scans
    /// need): at start-up and after a bulk load such as `qabul seed`.
    /// Cheap when little has changed.
    pub async fn optimize(&self) -> Result<(), DbError> {
        match &self.backend {
            Backend::Sqlite { writer, .. } => {
                // `PRAGMA optimize` keeps statistics fresh but does not make the first ones:
                // a database never analyzed would plan the review table's filters blind.
                let analyzed = sqlx::query(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'",
                )
                .fetch_optional(writer)
                .await?
                .is_some();
                let sql = if analyzed {
                    "PRAGMA optimize=0x10002"
                } else {
                    "ANALYZE"
                };
                sqlx::query(sql).execute(writer).await?;
            }
            Backend::Postgres(pool) => {
                // VACUUM as well: it marks pages all-visible, which lets the dashboard read
                // its covering index alone.
                sqlx::query("VACUUM (ANALYZE) submissions")
                    .execute(pool)
                    .await?;
            }
        }
        Ok(())
    }

    /// Recomputes the planner's statistics in full, after a bulk load such as `qabul seed`,
    /// which changes the shape of the data at once.
    pub async fn analyze(&self) -> Result<(), DbError> {
        match &self.backend {
            Backend::Sqlite { writer, .. } => {
                sqlx::query("ANALYZE").execute(writer).await?;
            }
            Backend::Postgres(pool) => {
                sqlx::query("VACUUM (ANALYZE) submissions")
                    .execute(pool)
                    .await?;
            }
        }
        Ok(())
    }

    /// A cheap round trip, for `/healthz`.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        on_pool!(self, read, pool => sqlx::query("SELECT 1").execute(pool).await.map(|_| ()))
    }

    /// Adds a version of a form. Versions never change once added: a version that exists
    /// already is refused, whatever it holds.
    pub async fn add_form_version(&self, form: &StoredForm) -> Result<(), AddFormError> {
        let now = crate::now().to_string();
        let added = on_pool!(self, write, pool => {
            sqlx::query(
                "INSERT INTO forms (id, version, title, definition, public_key, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id, version) DO NOTHING",
            )
            .bind(&form.id)
            .bind(&form.version)
            .bind(&form.title)
            .bind(&form.definition)
            .bind(&form.public_key)
            .bind(&now)
            .execute(pool)
            .await
            .map_err(DbError::from)?
            .rows_affected()
        });
        if added == 0 {
            return Err(AddFormError::Exists {
                id: form.id.clone(),
                version: form.version.clone(),
            });
        }
        Ok(())
    }

    /// Installs the forms Qabul ships with, unless they are there already: a fresh database
    /// can take interviews at once.
    async fn install_builtin_forms(&self) -> Result<(), DbError> {
        let form = qabul_core::builtin::community_acceptance();
        let title = serde_json::to_string(form.title()).expect("a title serializes");
        let now = crate::now().to_string();
        on_pool!(self, write, pool => {
            sqlx::query(
                "INSERT INTO forms (id, version, title, definition, public_key, created_at) \
                 VALUES ($1, $2, $3, $4, NULL, $5) ON CONFLICT (id, version) DO NOTHING",
            )
            .bind(form.id())
            .bind(form.version())
            .bind(&title)
            .bind(qabul_core::builtin::COMMUNITY_ACCEPTANCE_JSON)
            .bind(&now)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// Every version of every form.
    pub async fn forms(&self) -> Result<Vec<StoredForm>, DbError> {
        let sql = "SELECT id, version, title, definition, public_key FROM forms \
                   ORDER BY id, created_at, version";
        let forms = on_pool!(self, read, pool => {
            sqlx::query(sql)
                .fetch_all(pool)
                .await?
                .into_iter()
                .map(|row| {
                    Ok(StoredForm {
                        id: row.try_get("id")?,
                        version: row.try_get("version")?,
                        title: row.try_get("title")?,
                        definition: row.try_get("definition")?,
                        public_key: row.try_get("public_key")?,
                    })
                })
                .collect::<Result<Vec<_>, sqlx::Error>>()?
        });
        Ok(forms)
    }

    /// Creates the enumerator if new (or takes a revoked one back: their old phones stay
    /// revoked) and stores the hash of a new enrolment code for them.
    pub async fn add_enrollment_code(
        &self,
        enumerator: &str,
        code_hash: &str,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> Result<(), DbError> {
        on_pool!(self, write, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "INSERT INTO enumerators (name, created_at, revoked_at) VALUES ($1, $2, NULL) \
                 ON CONFLICT (name) DO UPDATE SET revoked_at = NULL",
            )
            .bind(enumerator)
            .bind(now.unix_ms())
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO enrollment_codes (code_hash, enumerator, created_at, expires_at) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(code_hash)
            .bind(enumerator)
            .bind(now.unix_ms())
            .bind(expires_at.unix_ms())
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Uses up a valid enrolment code and records the new device with its token's hash.
    /// Returns the enumerator's name, or `None` if the code is unknown, used or expired.
    pub async fn enroll(
        &self,
        code_hash: &str,
        device_id: &str,
        token_hash: &str,
        now: Timestamp,
    ) -> Result<Option<String>, DbError> {
        let enumerator = on_pool!(self, write, pool => {
            let mut tx = pool.begin().await?;
            // One statement both checks and spends the code, so two phones racing with the
            // same code cannot both enrol.
            let row = sqlx::query(
                "UPDATE enrollment_codes SET used_at = $1 \
                 WHERE code_hash = $2 AND used_at IS NULL AND expires_at > $1 \
                 RETURNING enumerator",
            )
            .bind(now.unix_ms())
            .bind(code_hash)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(row) = row else {
                return Ok(None);
            };
            let enumerator: String = row.try_get("enumerator")?;
            sqlx::query(
                "INSERT INTO devices (id, enumerator, token_hash, enrolled_at) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(device_id)
            .bind(&enumerator)
            .bind(token_hash)
            .bind(now.unix_ms())
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            enumerator
        });
        Ok(Some(enumerator))
    }

    /// The device a token belongs to, if neither it nor its enumerator is revoked.
    pub async fn device_for_token(&self, token_hash: &str) -> Result<Option<Device>, DbError> {
        let sql = "SELECT d.id, d.enumerator FROM devices d \
                   JOIN enumerators e ON e.name = d.enumerator \
                   WHERE d.token_hash = $1 AND d.revoked_at IS NULL AND e.revoked_at IS NULL";
        let device = on_pool!(self, read, pool => {
            match sqlx::query(sql).bind(token_hash).fetch_optional(pool).await? {
                Some(row) => Some(Device {
                    id: row.try_get("id")?,
                    enumerator: row.try_get("enumerator")?,
                }),
                None => None,
            }
        });
        Ok(device)
    }

    /// Revokes an enumerator, every phone enrolled for them and every unused code.
    /// Returns how many phones were revoked now.
    pub async fn revoke_enumerator(&self, name: &str, now: Timestamp) -> Result<u64, RevokeError> {
        let revoked = on_pool!(self, write, pool => {
            let mut tx = pool.begin().await.map_err(DbError::from)?;
            let found = sqlx::query(
                "UPDATE enumerators SET revoked_at = $1 WHERE name = $2 AND revoked_at IS NULL",
            )
            .bind(now.unix_ms())
            .bind(name)
            .execute(&mut *tx)
            .await
            .map_err(DbError::from)?
            .rows_affected();
            if found == 0 {
                let exists = sqlx::query("SELECT name FROM enumerators WHERE name = $1")
                    .bind(name)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(DbError::from)?;
                if exists.is_none() {
                    return Err(RevokeError::Unknown(name.to_owned()));
                }
            }
            let devices = sqlx::query(
                "UPDATE devices SET revoked_at = $1 WHERE enumerator = $2 AND revoked_at IS NULL",
            )
            .bind(now.unix_ms())
            .bind(name)
            .execute(&mut *tx)
            .await
            .map_err(DbError::from)?
            .rows_affected();
            sqlx::query(
                "UPDATE enrollment_codes SET used_at = $1 WHERE enumerator = $2 AND used_at IS NULL",
            )
            .bind(now.unix_ms())
            .bind(name)
            .execute(&mut *tx)
            .await
            .map_err(DbError::from)?;
            tx.commit().await.map_err(DbError::from)?;
            devices
        });
        Ok(revoked)
    }

    /// Every enumerator with counts of their phones and submissions.
    pub async fn enumerators(&self) -> Result<Vec<EnumeratorSummary>, DbError> {
        let sql = "SELECT e.name, e.created_at, e.revoked_at, \
                   (SELECT COUNT(*) FROM devices d WHERE d.enumerator = e.name) AS devices, \
                   (SELECT COUNT(*) FROM submissions s JOIN devices d ON d.id = s.device_id \
                    WHERE d.enumerator = e.name) AS submissions, \
                   (SELECT MAX(s.received_at) FROM submissions s JOIN devices d ON d.id = s.device_id \
                    WHERE d.enumerator = e.name) AS last_received_at \
                   FROM enumerators e ORDER BY e.name";
        let list = on_pool!(self, read, pool => {
            sqlx::query(sql)
                .fetch_all(pool)
                .await?
                .into_iter()
                .map(|row| {
                    Ok(EnumeratorSummary {
                        name: row.try_get("name")?,
                        created_at: Timestamp::from_unix_ms(row.try_get("created_at")?),
                        revoked_at: row
                            .try_get::<Option<i64>, _>("revoked_at")?
                            .map(Timestamp::from_unix_ms),
                        devices: row.try_get("devices")?,
                        submissions: row.try_get("submissions")?,
                        last_received_at: row
                            .try_get::<Option<i64>, _>("last_received_at")?
                            .map(Timestamp::from_unix_ms),
                    })
                })
                .collect::<Result<Vec<_>, sqlx::Error>>()?
        });
        Ok(list)
    }

    /// Inserts a batch's valid submissions in one transaction. `ON CONFLICT DO NOTHING` on
    /// the id, then the stored digest tells a duplicate from a conflict. Returns one result
    /// per submission, in order.
    pub async fn insert_submissions(
        &self,
        device_id: &str,
        items: &[NewSubmission],
        received_at: Timestamp,
    ) -> Result<Vec<Inserted>, DbError> {
        if items.is_empty() {
            return Ok(Vec::new());
        }
        // The first of several items with one id is the one inserted; inserting in id
        // order means two batches that share ids lock them in the same order and cannot
        // deadlock each other in PostgreSQL.
        let mut first_of: HashMap<&str, usize> = HashMap::new();
        for (i, item) in items.iter().enumerate() {
            first_of.entry(item.id.as_str()).or_insert(i);
        }
        let mut unique: Vec<usize> = first_of.values().copied().collect();
        unique.sort_by(|&a, &b| items[a].id.cmp(&items[b].id));

        let flags = self.arrival_flags(device_id, items, &unique).await?;
        let mut attempt = 0;
        let (inserted, existing) = loop {
            attempt += 1;
            match self
                .insert_unique(device_id, items, &unique, &flags, received_at)
                .await
            {
                Err(DbError::Query(error)) if attempt < 5 && is_retryable(&error) => {}
                other => break other?,
            }
        };
        self.record_durations(items, &inserted);

        Ok(items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let first = first_of[item.id.as_str()];
                let stored_digest = if inserted.contains(item.id.as_str()) {
                    if first == i {
                        return Inserted::Stored;
                    }
                    items[first].digest.as_str()
                } else {
                    existing.get(item.id.as_str()).map_or("", String::as_str)
                };
                if stored_digest == item.digest {
                    Inserted::Duplicate
                } else {
                    Inserted::Conflict {
                        stored_digest: stored_digest.to_owned(),
                    }
                }
            })
            .collect())
    }

    /// One transaction: the multi-row insert, then the digests of the ids already there.
    async fn insert_unique(
        &self,
        device_id: &str,
        items: &[NewSubmission],
        unique: &[usize],
        flags: &HashMap<usize, i64>,
        received_at: Timestamp,
    ) -> Result<(HashSet<String>, HashMap<String, String>), DbError> {
        let result = on_pool!(self, write, pool => {
            let mut tx = pool.begin().await?;
            let mut insert = sqlx::QueryBuilder::new(
                "INSERT INTO submissions (id, device_id, device_seq, form_id, form_version, \
                 started_at, finalized_at, received_at, outcome, content, digest, \
                 governorate, district, facts, flags) ",
            );
            insert.push_values(unique.iter().map(|&i| (i, &items[i])), |mut row, (i, item)| {
                row.push_bind(&item.id)
                    .push_bind(device_id)
                    .push_bind(item.device_seq)
                    .push_bind(&item.form_id)
                    .push_bind(&item.form_version)
                    .push_bind(item.started_at)
                    .push_bind(item.finalized_at)
                    .push_bind(received_at.unix_ms())
                    .push_bind(item.outcome)
                    .push_bind(&item.content)
                    .push_bind(&item.digest)
                    .push_bind(&item.governorate)
                    .push_bind(&item.district)
                    .push_bind(&item.facts)
                    .push_bind(flags.get(&i).copied().unwrap_or(0));
            });
            insert.push(" ON CONFLICT (id) DO NOTHING RETURNING id");
            let inserted: HashSet<String> = insert
                .build()
                .fetch_all(&mut *tx)
                .await?
                .iter()
                .map(|row| row.try_get("id"))
                .collect::<Result<_, _>>()?;
            let others: Vec<&str> = unique
                .iter()
                .map(|&i| items[i].id.as_str())
                .filter(|id| !inserted.contains(*id))
                .collect();
            let mut existing = HashMap::new();
            if !others.is_empty() {
                let mut select =
                    sqlx::QueryBuilder::new("SELECT id, digest FROM submissions WHERE id IN (");
                let mut list = select.separated(", ");
                for id in &others {
                    list.push_bind(*id);
                }
                select.push(")");
                for row in select.build().fetch_all(&mut *tx).await? {
                    existing.insert(row.try_get("id")?, row.try_get("digest")?);
                }
            }
            tx.commit().await?;
            (inserted, existing)
        });
        Ok(result)
    }

    /// The ids of every stored submission, sorted.
    pub async fn submission_ids(&self) -> Result<Vec<String>, DbError> {
        let ids = on_pool!(self, read, pool => {
            sqlx::query("SELECT id FROM submissions ORDER BY id")
                .fetch_all(pool)
                .await?
                .iter()
                .map(|row| row.try_get("id"))
                .collect::<Result<Vec<String>, _>>()?
        });
        Ok(ids)
    }

    /// The stored canonical content and digest of one submission.
    pub async fn submission(&self, id: &str) -> Result<Option<(String, String)>, DbError> {
        let found = on_pool!(self, read, pool => {
            match sqlx::query("SELECT content, digest FROM submissions WHERE id = $1")
                .bind(id)
                .fetch_optional(pool)
                .await?
            {
                Some(row) => Some((row.try_get("content")?, row.try_get("digest")?)),
                None => None,
            }
        });
        Ok(found)
    }

    /// For every device that sent anything: the sequence numbers that never arrived.
    pub async fn sequence_gaps(&self) -> Result<Vec<DeviceGaps>, DbError> {
        let sql = "SELECT s.device_id, d.enumerator, s.device_seq FROM submissions s \
                   JOIN devices d ON d.id = s.device_id ORDER BY s.device_id, s.device_seq";
        let rows: Vec<(String, String, i64)> = on_pool!(self, read, pool => {
            sqlx::query(sql)
                .fetch_all(pool)
                .await?
                .iter()
                .map(|row| {
                    Ok((
                        row.try_get("device_id")?,
                        row.try_get("enumerator")?,
                        row.try_get("device_seq")?,
                    ))
                })
                .collect::<Result<_, sqlx::Error>>()?
        });
        let mut gaps: Vec<DeviceGaps> = Vec::new();
        let mut seqs: Vec<u64> = Vec::new();
        let finish = |gaps: &mut Vec<DeviceGaps>, seqs: &mut Vec<u64>| {
            if let Some(last) = gaps.last_mut() {
                last.received = seqs.len();
                last.highest = seqs.iter().copied().max().unwrap_or(0);
                last.missing = qabul_core::sync::sequence_gaps(seqs.drain(..));
            }
        };
        for (device_id, enumerator, seq) in rows {
            if gaps.last().is_none_or(|g| g.device_id != device_id) {
                finish(&mut gaps, &mut seqs);
                gaps.push(DeviceGaps {
                    device_id,
                    enumerator,
                    received: 0,
                    highest: 0,
                    missing: Vec::new(),
                });
            }
            seqs.push(u64::try_from(seq).map_err(|_| DbError::OutOfRange("device_seq"))?);
        }
        finish(&mut gaps, &mut seqs);
        Ok(gaps)
    }
}

/// PostgreSQL's deadlock and serialization failures: the transaction did nothing and may
/// simply run again.
fn is_retryable(error: &sqlx::Error) -> bool {
    error
        .as_database_error()
        .and_then(sqlx::error::DatabaseError::code)
        .is_some_and(|code| code == "40P01" || code == "40001")
}
