//! What the review page computes itself for encrypted forms, after opening them with the
//! supervisor's key: the server holds only sealed bytes, so the CSV and the dashboard of an
//! encrypted form are made here, with the same core code as the server's.

use qabul_core::export::{ExportOptions, Layout, RowMeta, csv_record};
use qabul_core::lang::Lang;

use crate::api::{self, ApiError};
use crate::forms;
use crate::review_keys::ReviewKeys;

/// A CSV made in the page, and how many submissions did not open.
#[derive(Debug, Clone)]
pub struct DecryptedCsv {
    pub text: String,
    pub rows: usize,
    pub unopened: usize,
}

/// The CSV of the sealed submissions the filters (`query`) select, opened with `keys`,
/// answers as labels in `lang`. A submission no loaded key opens is counted, not guessed at.
pub async fn csv(query: &str, keys: ReviewKeys, lang: Lang) -> Result<DecryptedCsv, ApiError> {
    let items = api::review_sealed(query).await?;
    let form = forms::builtin();
    let layout = Layout::new(
        &form,
        ExportOptions {
            labels: Some(lang),
            include_location: false,
        },
    );
    // A byte-order mark, so that spreadsheet programs read Arabic and Kurdish as UTF-8.
    let mut text = format!("\u{feff}{}", csv_record(layout.header()));
    let (mut rows, mut unopened) = (0, 0);
    for item in &items {
        let Ok(opened) = keys.open_untracked(&item.submission, &item.device_id) else {
            unopened += 1;
            continue;
        };
        let outcome = opened.answers.as_ref().map_or("", |answers| {
            qabul_core::dashboard::outcome_of(answers).code()
        });
        let flags: Vec<&str> = item.flags.iter().map(|f| f.code()).collect();
        let meta = RowMeta {
            enumerator: &item.enumerator,
            review_status: item.review_status.code(),
            outcome,
            flags: &flags.join(" "),
        };
        text.push_str(&csv_record(&layout.row(&meta, &opened)));
        rows += 1;
    }
    Ok(DecryptedCsv {
        text,
        rows,
        unopened,
    })
}

/// The dashboard of the sealed submissions the filters (`query`) select, opened with `keys`,
/// and how many no loaded key opened (left out, not guessed at).
pub async fn summary(
    query: &str,
    keys: ReviewKeys,
) -> Result<(qabul_core::dashboard::Summary, usize), ApiError> {
    let items = api::review_sealed(query).await?;
    let mut unopened = 0;
    let opened: Vec<(qabul_core::protocol::Submission, &str)> = items
        .iter()
        .filter_map(|item| {
            let opened = keys.open_untracked(&item.submission, &item.device_id).ok();
            if opened.is_none() {
                unopened += 1;
            }
            opened.map(|opened| (opened, item.enumerator.as_str()))
        })
        .collect();
    let summary = qabul_core::dashboard::summarize(
        opened
            .iter()
            .map(|(submission, enumerator)| qabul_core::dashboard::Row {
                submission,
                enumerator,
            }),
        &qabul_core::scoring::IndexConfig::default(),
        &qabul_core::scoring::AggregateRules::default(),
    );
    Ok((summary, unopened))
}
