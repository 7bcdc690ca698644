//! Exports of the submissions table as CSV, JSON or XLSX, streamed: rows go from the database
//! to the client (or to `qabul export`'s output) as they are read, so that 100,000 rows never
//! sit in memory. The layout is the core's; this module only moves rows and writes formats.
//!
//! XLSX is a zip archive whose index comes last, so it cannot leave before it is finished: its
//! rows go one at a time into a temporary file (the writer's constant-memory mode), and the
//! finished file is then sent in chunks.

use qabul_core::export::{ExportOptions, Layout, RowMeta, csv_record};
use qabul_core::protocol::Submission;
use tokio::sync::mpsc;

use crate::db::{Db, DbError, SubmissionFilter};

/// How many rows wait between the database and the writer.
const BUFFER_ROWS: usize = 256;

/// The size of the chunks a finished XLSX file is sent in.
const FILE_CHUNK: usize = 64 * 1024;

pub use qabul_core::export::{Format, UnknownFormat};

/// Why an export stopped.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("cannot write the XLSX file: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("cannot use a temporary file for the XLSX export: {0}")]
    TempFile(#[from] std::io::Error),
    #[error("the export task stopped: {0}")]
    Task(String),
}

/// Sends the export of the submissions matching `filter` (of the built-in form) to `out` in
/// `format`, chunk by chunk. Returns how many submissions were written; stops early, without
/// error, if `out` is closed (the client went away).
pub async fn export(
    db: &Db,
    filter: SubmissionFilter,
    options: ExportOptions,
    format: Format,
    out: mpsc::Sender<Vec<u8>>,
) -> Result<usize, ExportError> {
    let (tx, rx) = mpsc::channel(BUFFER_ROWS);
    let table = {
        let db = db.clone();
        tokio::spawn(async move { table(&db, filter, options, tx).await })
    };
    let (written, finish) = match format {
        Format::Csv => (write_csv(rx, &out).await, Finish::Nothing),
        Format::Json => (write_json(rx, &out).await, Finish::CloseJson),
        Format::Xlsx => {
            let (file, written) = tokio::task::spawn_blocking(move || xlsx_file(rx))
                .await
                .map_err(|e| ExportError::Task(e.to_string()))??;
            (written, Finish::SendFile(file))
        }
    };
    // A failed read ends the export here: a JSON array is left unclosed and an XLSX file is
    // not sent, so that a cut-short export cannot pass for a whole one.
    let rows = table
        .await
        .map_err(|e| ExportError::Task(e.to_string()))??;
    match finish {
        Finish::Nothing => {}
        Finish::CloseJson => {
            let _ = out.send(b"\n]\n".to_vec()).await;
        }
        Finish::SendFile(file) => send_file(&file, &out).await?,
    }
    // The writer stops counting when `out` closes; the table may have read more by then.
    Ok(written.min(rows))
}

/// What is left to send once every row is written and the table read without error.
enum Finish {
    Nothing,
    CloseJson,
    /// Removed from the disk when dropped.
    SendFile(tempfile::NamedTempFile),
}

/// Sends the sealed submissions matching `filter`, of any form, to `out` as a JSON array of
/// `qabul_core::review::SealedItem`, streamed: the review page opens them with the
/// supervisor's key, since the server cannot. Returns how many were sent.
pub async fn sealed(
    db: &Db,
    mut filter: SubmissionFilter,
    out: mpsc::Sender<Vec<u8>>,
) -> Result<usize, ExportError> {
    filter.sealed_only = true;
    let (mut rx, reader) = read_rows(db, filter);
    let mut sent = 0;
    let mut open = out.send(b"[".to_vec()).await.is_ok();
    while let Some(row) = rx.recv().await {
        if !open {
            break;
        }
        let Ok(submission) = serde_json::from_str::<Submission>(&row.content) else {
            tracing::error!("a stored submission does not read; left out of the export");
            continue;
        };
        let item = qabul_core::review::SealedItem {
            device_id: row.device_id,
            enumerator: row.enumerator,
            review_status: qabul_core::review::ReviewStatus::from_code(&row.review_status)
                .unwrap_or(qabul_core::review::ReviewStatus::Pending),
            flags: qabul_core::quality::from_bits(row.flags),
            received_at: Some(qabul_core::protocol::Timestamp::from_unix_ms(
                row.received_at,
            )),
            submission,
        };
        let mut chunk = if sent == 0 { "\n" } else { ",\n" }.to_owned();
        chunk.push_str(&serde_json::to_string(&item).expect("an item serializes"));
        open = out.send(chunk.into_bytes()).await.is_ok();
        sent += 1;
    }
    drop(rx);
    reader
        .await
        .map_err(|e| ExportError::Task(e.to_string()))??;
    // Closed only when every row was read: a cut-short list does not parse.
    let _ = out.send(b"\n]\n".to_vec()).await;
    Ok(sent)
}

/// The rows `filter` selects, read by a task of their own into a bounded channel.
fn read_rows(
    db: &Db,
    filter: SubmissionFilter,
) -> (
    mpsc::Receiver<crate::db::ExportRow>,
    tokio::task::JoinHandle<Result<(), DbError>>,
) {
    let (tx, rx) = mpsc::channel(BUFFER_ROWS);
    let db = db.clone();
    (
        rx,
        tokio::spawn(async move { db.export_rows(&filter, tx).await }),
    )
}

/// Sends the header, then each submission's cells, to `out`. Returns how many submissions
/// were read.
async fn table(
    db: &Db,
    mut filter: SubmissionFilter,
    options: ExportOptions,
    out: mpsc::Sender<Vec<String>>,
) -> Result<usize, ExportError> {
    filter.form_id = Some(qabul_core::builtin::COMMUNITY_ACCEPTANCE_ID.to_owned());
    filter.form_version = Some(qabul_core::builtin::COMMUNITY_ACCEPTANCE_VERSION.to_owned());
    let form = qabul_core::builtin::community_acceptance();
    let layout = Layout::new(&form, options);
    if out.send(layout.header().to_vec()).await.is_err() {
        return Ok(0);
    }
    let (mut rx, reader) = read_rows(db, filter);
    let mut read = 0;
    while let Some(row) = rx.recv().await {
        let Ok(submission) = serde_json::from_str::<Submission>(&row.content) else {
            tracing::error!("a stored submission does not read; left out of the export");
            continue;
        };
        let flags = qabul_core::export::flag_codes(&qabul_core::quality::from_bits(row.flags));
        let meta = RowMeta {
            enumerator: &row.enumerator,
            review_status: &row.review_status,
            outcome: row.outcome.as_deref().unwrap_or(""),
            flags: &flags,
        };
        if out.send(layout.row(&meta, &submission)).await.is_err() {
            break;
        }
        read += 1;
    }
    drop(rx);
    reader
        .await
        .map_err(|e| ExportError::Task(e.to_string()))??;
    Ok(read)
}

async fn write_csv(mut rows: mpsc::Receiver<Vec<String>>, out: &mpsc::Sender<Vec<u8>>) -> usize {
    let mut written = 0;
    let mut first = true;
    while let Some(cells) = rows.recv().await {
        let mut chunk = String::new();
        if first {
            // A byte-order mark, so that spreadsheet programs read Arabic and Kurdish as UTF-8.
            chunk.push('\u{feff}');
        }
        chunk.push_str(&csv_record(&cells));
        if out.send(chunk.into_bytes()).await.is_err() {
            break;
        }
        if !first {
            written += 1;
        }
        first = false;
    }
    written
}

async fn write_json(mut rows: mpsc::Receiver<Vec<String>>, out: &mpsc::Sender<Vec<u8>>) -> usize {
    let Some(header) = rows.recv().await else {
        return 0;
    };
    if out.send(b"[".to_vec()).await.is_err() {
        return 0;
    }
    let mut written = 0;
    while let Some(cells) = rows.recv().await {
        let mut chunk = if written == 0 { "\n" } else { ",\n" }.to_owned();
        chunk.push_str(&qabul_core::export::json_record(&header, &cells));
        if out.send(chunk.into_bytes()).await.is_err() {
            return written;
        }
        written += 1;
    }
    written
}

async fn send_file(
    file: &tempfile::NamedTempFile,
    out: &mpsc::Sender<Vec<u8>>,
) -> Result<(), ExportError> {
    let mut reader = tokio::fs::File::open(file.path()).await?;
    let mut buffer = vec![0; FILE_CHUNK];
    loop {
        let n = tokio::io::AsyncReadExt::read(&mut reader, &mut buffer).await?;
        if n == 0 || out.send(buffer[..n].to_vec()).await.is_err() {
            return Ok(());
        }
    }
}

/// Writes the rows into a finished XLSX file in the temporary directory.
fn xlsx_file(
    mut rows: mpsc::Receiver<Vec<String>>,
) -> Result<(tempfile::NamedTempFile, usize), ExportError> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let sheet = workbook.add_worksheet_with_constant_memory();
    sheet.set_name("submissions")?;
    let mut row_number: u32 = 0;
    while let Some(cells) = rows.blocking_recv() {
        for (column, cell) in cells.iter().enumerate() {
            let column = u16::try_from(column)
                .map_err(|_| ExportError::Xlsx(rust_xlsxwriter::XlsxError::RowColumnLimitError))?;
            if row_number == 0 {
                sheet.write_string_with_format(row_number, column, cell, &bold)?;
            } else if cell.is_empty() {
                // Nothing: an empty cell stays blank.
            } else if let Some(number) = qabul_core::export::exact_number(cell) {
                sheet.write_number(row_number, column, number)?;
            } else {
                sheet.write_string(row_number, column, cell)?;
            }
        }
        row_number += 1;
    }
    let file = tempfile::Builder::new()
        .prefix("qabul-export-")
        .suffix(".xlsx")
        .tempfile()?;
    workbook.save(file.path())?;
    Ok((file, row_number.saturating_sub(1) as usize))
}
