//! The encrypted submissions, opened in this page once a key is loaded. The server holds only
//! their sealed bytes, so their table, filters, flags, dashboard and exports are all made here
//! from one opened set, with the same core code as the server's. They are fetched and opened
//! once per set of keys: changing a filter narrows what is already open.

use leptos::prelude::*;
use leptos::task::spawn_local;
use qabul_core::export::{ExportOptions, Format, Layout, RowMeta, csv_record, json_record};
use qabul_core::lang::Lang;
use qabul_core::opened::{OpenedSet, OpenedSubmission, RowFilter};
use qabul_core::review::ReviewStatus;

use crate::api;
use crate::forms;
use crate::review_keys::ReviewKeys;

/// Where opening stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenState {
    /// No key is loaded.
    NoKey,
    /// Fetching and opening.
    Opening,
    /// Open; `generation` changes whenever the set does, for views to follow.
    Ready {
        opened: usize,
        unopened: usize,
        generation: u32,
    },
    /// The server could not be reached.
    Failed,
}

/// The opened set, shared by the review pages through context.
#[derive(Debug, Clone, Copy)]
pub struct Opened {
    set: StoredValue<OpenedSet, LocalStorage>,
    state: RwSignal<OpenState>,
}

impl Opened {
    /// Creates the opened set for the review pages below; it opens again whenever the loaded
    /// keys change.
    pub fn provide(keys: ReviewKeys) -> Self {
        let opened = Self {
            set: StoredValue::new_local(OpenedSet::default()),
            state: RwSignal::new(OpenState::NoKey),
        };
        provide_context(opened);
        Effect::new(move |_| {
            if keys.ids().is_empty() {
                opened.set.set_value(OpenedSet::default());
                opened.state.set(OpenState::NoKey);
            } else {
                opened.reload(keys);
            }
        });
        opened
    }

    /// Fetches every sealed submission and opens them with `keys`. All of them, whatever the
    /// filters: too-short is judged against the median of everything that arrived before.
    pub fn reload(&self, keys: ReviewKeys) {
        let this = *self;
        this.state.set(OpenState::Opening);
        spawn_local(async move {
            let Ok(items) = api::review_sealed("").await else {
                this.state.set(OpenState::Failed);
                return;
            };
            // Let the page show that it is opening before the work holds the thread.
            crate::clock::sleep(0).await;
            let set = keys.open_all(items);
            let generation = this.generation().wrapping_add(1);
            this.state.set(OpenState::Ready {
                opened: set.len(),
                unopened: set.unopened(),
                generation,
            });
            this.set.set_value(set);
        });
    }

    fn generation(&self) -> u32 {
        match self.state.get_untracked() {
            OpenState::Ready { generation, .. } => generation,
            _ => 0,
        }
    }

    /// Where opening stands (tracked).
    pub fn state(&self) -> OpenState {
        self.state.get()
    }

    /// Whether anything is opened (tracked).
    pub fn has_any(&self) -> bool {
        matches!(self.state(), OpenState::Ready { opened, .. } if opened > 0)
    }

    /// Reads the opened set (tracked: re-runs when it changes).
    pub fn with<R>(&self, f: impl FnOnce(&OpenedSet) -> R) -> R {
        self.state.track();
        self.set.with_value(f)
    }

    /// Shows a review decision just taken, without opening everything again.
    pub fn set_status(&self, id: &str, status: ReviewStatus) {
        if matches!(self.state.get_untracked(), OpenState::Ready { .. }) {
            self.set.update_value(|set| set.set_status(id, status));
            self.state.update(|state| {
                if let OpenState::Ready { generation, .. } = state {
                    *generation = generation.wrapping_add(1);
                }
            });
        }
    }
}

/// The review pages' opened set, if they provided one.
pub fn use_opened() -> Option<Opened> {
    use_context::<Opened>()
}

/// The export of the opened submissions `filter` selects, answers as labels in `lang`, the
/// same columns as the server's exports, and how many rows it holds.
pub fn export(
    set: &OpenedSet,
    filter: &RowFilter,
    lang: Lang,
    format: Format,
) -> Result<(Vec<u8>, usize), rust_xlsxwriter::XlsxError> {
    let form = forms::builtin();
    let layout = Layout::new(
        &form,
        ExportOptions {
            labels: Some(lang),
            include_location: false,
        },
    );
    let rows: Vec<Vec<String>> = set
        .select(filter)
        .map(|item| cells(&layout, item))
        .collect();
    let count = rows.len();
    let header = layout.header();
    let bytes = match format {
        // A byte-order mark, so that spreadsheet programs read Arabic and Kurdish as UTF-8.
        Format::Csv => std::iter::once(format!("\u{feff}{}", csv_record(header)))
            .chain(rows.iter().map(|cells| csv_record(cells)))
            .collect::<String>()
            .into_bytes(),
        Format::Json => {
            let objects: Vec<String> = rows
                .iter()
                .map(|cells| json_record(header, cells))
                .collect();
            format!("[\n{}\n]\n", objects.join(",\n")).into_bytes()
        }
        Format::Xlsx => xlsx(header, &rows)?,
    };
    Ok((bytes, count))
}

fn cells(layout: &Layout<'_>, item: &OpenedSubmission) -> Vec<String> {
    let flags: Vec<&str> = item.row.flags.iter().map(|f| f.code()).collect();
    let meta = RowMeta {
        enumerator: &item.row.enumerator,
        review_status: item.row.review_status.code(),
        outcome: item.row.outcome.as_deref().unwrap_or_default(),
        flags: &flags.join(" "),
    };
    layout.row(&meta, &item.submission)
}

/// The same workbook as the server's: one sheet, a bold header, numbers as numbers only
/// when they read back as the same text, empty cells blank.
fn xlsx(header: &[String], rows: &[Vec<String>]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::XlsxError;
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let sheet = workbook.add_worksheet();
    sheet.set_name("submissions")?;
    for (column, name) in header.iter().enumerate() {
        let column = u16::try_from(column).map_err(|_| XlsxError::RowColumnLimitError)?;
        sheet.write_string_with_format(0, column, name, &bold)?;
    }
    for (row, cells) in rows.iter().enumerate() {
        let row = u32::try_from(row + 1).map_err(|_| XlsxError::RowColumnLimitError)?;
        for (column, cell) in cells.iter().enumerate() {
            let column = u16::try_from(column).map_err(|_| XlsxError::RowColumnLimitError)?;
            if cell.is_empty() {
                continue;
            }
            match qabul_core::export::exact_number(cell) {
                Some(number) => sheet.write_number(row, column, number)?,
                None => sheet.write_string(row, column, cell)?,
            };
        }
    }
    workbook.save_to_buffer()
}
