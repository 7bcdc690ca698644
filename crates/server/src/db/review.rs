//! The submissions table of the review pages: filtered, sorted and paged in the database,
//! and the review decisions with their history.

use qabul_core::protocol::Timestamp;
use qabul_core::review::{ReviewEvent, ReviewStatus, SubmissionRow};
use sqlx::Row as _;

use super::{Backend, Db, DbError};

/// What the table is narrowed to. Every field is optional; all that are set must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SubmissionFilter {
    pub form_id: Option<String>,
    pub form_version: Option<String>,
    /// Finalized at or after this instant.
    pub from: Option<Timestamp>,
    /// Finalized before this instant.
    pub until: Option<Timestamp>,
    pub governorate: Option<String>,
    pub district: Option<String>,
    pub enumerator: Option<String>,
    pub review_status: Option<ReviewStatus>,
    pub outcome: Option<String>,
    /// Raised on arrival.
    pub flag: Option<qabul_core::quality::Flag>,
    /// Only sealed submissions (those of encrypted forms).
    pub sealed_only: bool,
}

/// One row for the dashboard: the phone that sent it, when it was finalized, its stored
/// facts.
#[derive(Debug, Clone)]
pub struct FactsRow {
    pub device_id: String,
    pub finalized_at: i64,
    pub facts: Option<String>,
}

/// The dashboard's rows, with the enumerator of each phone: a few dozen phones looked up
/// once rather than a join on every one of 100,000 rows.
#[derive(Debug, Clone, Default)]
pub struct DashboardRows {
    pub enumerators: std::collections::HashMap<String, String>,
    pub rows: Vec<FactsRow>,
}

/// The orders the table offers; the id breaks ties so that pages never overlap.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SubmissionSort {
    #[default]
    NewestFirst,
    OldestFirst,
    District,
    Enumerator,
    ReceivedNewestFirst,
}

impl SubmissionSort {
    pub fn from_code(code: &str) -> Option<Self> {
        Some(match code {
            "-finalized_at" => Self::NewestFirst,
            "finalized_at" => Self::OldestFirst,
            "district" => Self::District,
            "enumerator" => Self::Enumerator,
            "-received_at" => Self::ReceivedNewestFirst,
            _ => return None,
        })
    }

    fn order_by(self) -> &'static str {
        match self {
            Self::NewestFirst => " ORDER BY s.finalized_at DESC, s.id",
            Self::OldestFirst => " ORDER BY s.finalized_at, s.id",
            Self::District => " ORDER BY s.district, s.finalized_at DESC, s.id",
            Self::Enumerator => " ORDER BY d.enumerator, s.finalized_at DESC, s.id",
            Self::ReceivedNewestFirst => " ORDER BY s.received_at DESC, s.id DESC",
        }
    }
}

/// One submission as an export reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportRow {
    pub device_id: String,
    pub enumerator: String,
    pub review_status: String,
    pub outcome: Option<String>,
    /// `qabul_core::quality::Flag` bits.
    pub flags: i64,
    pub received_at: i64,
    /// Canonical JSON.
    pub content: String,
}

/// Why a review decision was not recorded.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    #[error("there is no submission `{0}`")]
    UnknownSubmission(String),
    #[error(transparent)]
    Db(#[from] DbError),
}

const FROM: &str = " FROM submissions s JOIN devices d ON d.id = s.device_id WHERE 1 = 1";

/// For counting: the join to devices is needed only to filter by enumerator.
const FROM_SUBMISSIONS: &str = " FROM submissions s WHERE 1 = 1";

const COLUMNS: &str = "SELECT s.id, d.enumerator, s.device_id, s.form_id, s.form_version, s.device_seq, \
     s.finalized_at, s.received_at, s.governorate, s.district, s.outcome, s.review_status, s.flags";

/// Appends the filter's conditions, each value bound, never spliced into the text.
macro_rules! push_filter {
    ($query:expr, $filter:expr) => {{
        let filter = $filter;
        if let Some(v) = &filter.form_id {
            $query.push(" AND s.form_id = ").push_bind(v.clone());
        }
        if let Some(v) = &filter.form_version {
            $query.push(" AND s.form_version = ").push_bind(v.clone());
        }
        if let Some(v) = filter.from {
            $query
                .push(" AND s.finalized_at >= ")
                .push_bind(v.unix_ms());
        }
        if let Some(v) = filter.until {
            $query.push(" AND s.finalized_at < ").push_bind(v.unix_ms());
        }
        if let Some(v) = &filter.governorate {
            $query.push(" AND s.governorate = ").push_bind(v.clone());
        }
        if let Some(v) = &filter.district {
            $query.push(" AND s.district = ").push_bind(v.clone());
        }
        if let Some(v) = &filter.enumerator {
            $query.push(" AND d.enumerator = ").push_bind(v.clone());
        }
        if let Some(v) = filter.review_status {
            $query.push(" AND s.review_status = ").push_bind(v.code());
        }
        if let Some(v) = &filter.outcome {
            $query.push(" AND s.outcome = ").push_bind(v.clone());
        }
        if filter.sealed_only {
            $query.push(" AND s.outcome IS NULL");
        }
        if let Some(v) = filter.flag {
            $query
                .push(" AND (s.flags & ")
                .push_bind(v.bit())
                .push(") <> 0");
        }
    }};
}

fn row_of<R: sqlx::Row>(row: &R) -> Result<SubmissionRow, sqlx::Error>
where
    for<'c> &'c str: sqlx::ColumnIndex<R>,
    for<'q> String: sqlx::Decode<'q, R::Database> + sqlx::Type<R::Database>,
    for<'q> Option<String>: sqlx::Decode<'q, R::Database> + sqlx::Type<R::Database>,
    for<'q> i64: sqlx::Decode<'q, R::Database> + sqlx::Type<R::Database>,
{
    let status: String = row.try_get("review_status")?;
    Ok(SubmissionRow {
        id: row.try_get("id")?,
        enumerator: row.try_get("enumerator")?,
        device_id: row.try_get("device_id")?,
        form_id: row.try_get("form_id")?,
        form_version: row.try_get("form_version")?,
        device_seq: row.try_get("device_seq")?,
        finalized_at: Timestamp::from_unix_ms(row.try_get("finalized_at")?).to_string(),
        received_at: Timestamp::from_unix_ms(row.try_get("received_at")?).to_string(),
        governorate: row.try_get("governorate")?,
        district: row.try_get("district")?,
        outcome: row.try_get("outcome")?,
        review_status: ReviewStatus::from_code(&status).unwrap_or(ReviewStatus::Pending),
        flags: qabul_core::quality::from_bits(row.try_get("flags")?),
    })
}

impl Db {
    /// The dashboard's rows for the submissions that `filter` selects.
    pub async fn dashboard_facts(
        &self,
        filter: &SubmissionFilter,
    ) -> Result<DashboardRows, DbError> {
        let found = on_pool!(self, read, pool => {
            let mut query = sqlx::QueryBuilder::new("SELECT s.device_id, s.finalized_at, s.facts");
            // The join is needed only to filter by enumerator.
            query.push(if filter.enumerator.is_some() { FROM } else { FROM_SUBMISSIONS });
            push_filter!(query, filter);
            // In a fixed order: the dashboard's means and deviations are sums of floats, whose
            // last digits depend on the order they are added in, and the same data must give
            // the same dashboard (the query planner's order can change between two requests).
            query.push(SubmissionSort::OldestFirst.order_by());
            let rows = query
                .build()
                .fetch_all(pool)
                .await?
                .iter()
                .map(|row| {
                    Ok(FactsRow {
                        device_id: row.try_get("device_id")?,
                        finalized_at: row.try_get("finalized_at")?,
                        facts: row.try_get("facts")?,
                    })
                })
                .collect::<Result<Vec<_>, sqlx::Error>>()?;
            let enumerators = sqlx::query("SELECT id, enumerator FROM devices")
                .fetch_all(pool)
                .await?
                .iter()
                .map(|row| Ok((row.try_get("id")?, row.try_get("enumerator")?)))
                .collect::<Result<_, sqlx::Error>>()?;
            DashboardRows { enumerators, rows }
        });
        Ok(found)
    }

    /// One page of the submissions that match `filter`, in `sort` order, with how many match
    /// in all. `page` counts from 1.
    pub async fn submission_page(
        &self,
        filter: &SubmissionFilter,
        sort: SubmissionSort,
        page: u32,
        per_page: u32,
    ) -> Result<(i64, Vec<SubmissionRow>), DbError> {
        let offset = i64::from(page.saturating_sub(1)) * i64::from(per_page);
        let result = on_pool!(self, read, pool => {
            let mut count = sqlx::QueryBuilder::new("SELECT count(*) AS n");
            count.push(if filter.enumerator.is_some() { FROM } else { FROM_SUBMISSIONS });
            push_filter!(count, filter);
            let total: i64 = count.build().fetch_one(pool).await?.try_get("n")?;
            let mut list = sqlx::QueryBuilder::new(COLUMNS);
            list.push(FROM);
            push_filter!(list, filter);
            list.push(sort.order_by());
            list.push(" LIMIT ").push_bind(i64::from(per_page));
            list.push(" OFFSET ").push_bind(offset);
            let rows = list
                .build()
                .fetch_all(pool)
                .await?
                .iter()
                .map(row_of)
                .collect::<Result<Vec<_>, sqlx::Error>>()?;
            (total, rows)
        });
        Ok(result)
    }

    /// Sends every submission that matches `filter`, oldest first, to `rows` as the database
    /// yields it, so that an export of any size never sits in memory. Stops early if the
    /// receiver is gone (the download was cancelled).
    pub async fn export_rows(
        &self,
        filter: &SubmissionFilter,
        rows: tokio::sync::mpsc::Sender<ExportRow>,
    ) -> Result<(), DbError> {
        use futures_util::TryStreamExt as _;
        on_pool!(self, read, pool => {
            let mut query = sqlx::QueryBuilder::new(
                "SELECT s.device_id, d.enumerator, s.review_status, s.outcome, s.flags, s.received_at, s.content",
            );
            query.push(FROM);
            push_filter!(query, filter);
            query.push(" ORDER BY s.finalized_at, s.id");
            let mut stream = query.build().fetch(pool);
            while let Some(row) = stream.try_next().await? {
                let row = ExportRow {
                    device_id: row.try_get("device_id")?,
                    enumerator: row.try_get("enumerator")?,
                    review_status: row.try_get("review_status")?,
                    outcome: row.try_get("outcome")?,
                    flags: row.try_get("flags")?,
                    received_at: row.try_get("received_at")?,
                    content: row.try_get("content")?,
                };
                if rows.send(row).await.is_err() {
                    break;
                }
            }
        });
        Ok(())
    }

    /// One submission's row and its stored content (canonical JSON).
    pub async fn submission_row(
        &self,
        id: &str,
    ) -> Result<Option<(SubmissionRow, String)>, DbError> {
        let found = on_pool!(self, read, pool => {
            let mut query = sqlx::QueryBuilder::new(COLUMNS);
            query.push(", s.content");
            query.push(FROM);
            query.push(" AND s.id = ").push_bind(id.to_owned());
            match query.build().fetch_optional(pool).await? {
                Some(row) => Some((row_of(&row)?, row.try_get::<String, _>("content")?)),
                None => None,
            }
        });
        Ok(found)
    }

    /// A submission's review history, oldest first.
    pub async fn review_history(&self, id: &str) -> Result<Vec<ReviewEvent>, DbError> {
        let events = on_pool!(self, read, pool => {
            sqlx::query(
                "SELECT status, comment, supervisor, at FROM review_events \
                 WHERE submission_id = $1 ORDER BY id",
            )
            .bind(id)
            .fetch_all(pool)
            .await?
            .iter()
            .map(|row| {
                let status: String = row.try_get("status")?;
                Ok(ReviewEvent {
                    status: ReviewStatus::from_code(&status).unwrap_or(ReviewStatus::Pending),
                    comment: row.try_get("comment")?,
                    supervisor: row.try_get("supervisor")?,
                    at: Timestamp::from_unix_ms(row.try_get("at")?).to_string(),
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()?
        });
        Ok(events)
    }

    /// Records a decision and makes it the submission's status, in one transaction.
    pub async fn review(
        &self,
        id: &str,
        status: ReviewStatus,
        comment: &str,
        supervisor: &str,
        at: Timestamp,
    ) -> Result<(), ReviewError> {
        on_pool!(self, write, pool => {
            let mut tx = pool.begin().await.map_err(DbError::from)?;
            let updated = sqlx::query("UPDATE submissions SET review_status = $1 WHERE id = $2")
                .bind(status.code())
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(DbError::from)?
                .rows_affected();
            if updated == 0 {
                return Err(ReviewError::UnknownSubmission(id.to_owned()));
            }
            sqlx::query(
                "INSERT INTO review_events (submission_id, status, comment, supervisor, at) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(status.code())
            .bind(comment)
            .bind(supervisor)
            .bind(at.unix_ms())
            .execute(&mut *tx)
            .await
            .map_err(DbError::from)?;
            tx.commit().await.map_err(DbError::from)?;
        });
        Ok(())
    }
}
