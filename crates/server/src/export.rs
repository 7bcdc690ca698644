//! Exports of the submissions table as CSV, streamed: rows go from the database to the
//! client (or to `qabul export`'s output) as they are read, so that 100,000 rows never sit
//! in memory. The layout is the core's; this module only moves rows and writes CSV.

use qabul_core::export::{ExportOptions, Layout, RowMeta, csv_record};
use qabul_core::protocol::Submission;
use tokio::sync::mpsc;

use crate::db::{Db, DbError, SubmissionFilter};

/// How many rows wait between the database and the writer.
const BUFFER_ROWS: usize = 256;

/// Sends the CSV of the submissions matching `filter` (of the built-in form) to `out`, one
/// chunk (the header, then a record) at a time. Returns how many submissions were written;
/// stops early, without error, if `out` is closed (the client went away).
pub async fn csv(
    db: &Db,
    mut filter: SubmissionFilter,
    options: ExportOptions,
    out: mpsc::Sender<String>,
) -> Result<usize, DbError> {
    filter.form_id = Some(qabul_core::builtin::COMMUNITY_ACCEPTANCE_ID.to_owned());
    filter.form_version = Some(qabul_core::builtin::COMMUNITY_ACCEPTANCE_VERSION.to_owned());
    let form = qabul_core::builtin::community_acceptance();
    let layout = Layout::new(&form, options);
    // A byte-order mark, so that spreadsheet programs read the Arabic and Kurdish as UTF-8.
    if out
        .send(format!("\u{feff}{}", csv_record(layout.header())))
        .await
        .is_err()
    {
        return Ok(0);
    }
    let (tx, mut rx) = mpsc::channel(BUFFER_ROWS);
    let reader = {
        let db = db.clone();
        tokio::spawn(async move { db.export_rows(&filter, tx).await })
    };
    let mut written = 0;
    while let Some(row) = rx.recv().await {
        let Ok(submission) = serde_json::from_str::<Submission>(&row.content) else {
            tracing::error!("a stored submission does not read; left out of the export");
            continue;
        };
        let meta = RowMeta {
            enumerator: &row.enumerator,
            review_status: &row.review_status,
            outcome: row.outcome.as_deref().unwrap_or(""),
        };
        if out
            .send(csv_record(&layout.row(&meta, &submission)))
            .await
            .is_err()
        {
            break;
        }
        written += 1;
    }
    drop(rx);
    reader.await.map_err(|e| {
        DbError::OutOfRange(if e.is_panic() {
            "export reader panicked"
        } else {
            "export reader cancelled"
        })
    })??;
    Ok(written)
}
