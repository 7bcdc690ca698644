//! The layout of a table export: one row per submission, a column per question in form
//! order, each `select_multiple` both as one space-separated column and as a 0/1 column per
//! choice, and answers as codes or as labels in a chosen language. Pure: the server streams
//! the rows it makes into CSV (or another format) one at a time.
//!
//! A respondent's location is sensitive: unless the export asks for it, a geopoint column is
//! left out, and the district (a question of its own) is the finest place given.

use std::fmt;
use std::str::FromStr;

use crate::answer::AnswerValue;
use crate::lang::Lang;
use crate::load::{Form, Node, QuestionType};
use crate::protocol::Submission;

/// A format the table is exported in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// RFC 4180, UTF-8 with a byte-order mark, formulas defused.
    Csv,
    /// An array of objects, one per submission, keyed by the CSV's column names; an empty cell
    /// is `null`.
    Json,
    /// One worksheet, the header in bold; numbers as numbers, everything else as text.
    Xlsx,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Csv, Format::Json, Format::Xlsx];

    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Xlsx => "xlsx",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8",
            Format::Json => "application/json",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.extension())
    }
}

/// An export format that is not one of [`Format::ALL`].
#[derive(Debug, thiserror::Error)]
#[error("unknown export format `{0}`: csv, json or xlsx")]
pub struct UnknownFormat(pub String);

impl FromStr for Format {
    type Err = UnknownFormat;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Format::ALL
            .into_iter()
            .find(|f| f.extension().eq_ignore_ascii_case(s))
            .ok_or_else(|| UnknownFormat(s.to_owned()))
    }
}

/// What an export holds besides the answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ExportOptions {
    /// Choice labels in this language instead of codes.
    pub labels: Option<Lang>,
    /// Keep geopoint answers (latitude and longitude). Off by default.
    pub include_location: bool,
}

/// The routing and review fields that come before the answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowMeta<'a> {
    pub enumerator: &'a str,
    pub review_status: &'a str,
    /// completed, refused or ineligible.
    pub outcome: &'a str,
    /// The quality flags raised on arrival, space-separated codes.
    pub flags: &'a str,
}

const META_COLUMNS: [&str; 10] = [
    "id",
    "form_version",
    "enumerator",
    "device_seq",
    "started_at",
    "finalized_at",
    "language",
    "outcome",
    "review_status",
    "flags",
];

/// One column of answers.
#[derive(Debug, Clone)]
enum Column {
    /// The answer itself (a `select_multiple`: its codes or labels, space-separated).
    Answer {
        node: usize,
    },
    /// 1 if this choice of a `select_multiple` was picked, 0 if not, empty if unanswered.
    Picked {
        node: usize,
        choice: String,
    },
    Latitude {
        node: usize,
    },
    Longitude {
        node: usize,
    },
}

/// The columns of an export of one form version.
#[derive(Debug, Clone)]
pub struct Layout<'f> {
    form: &'f Form,
    options: ExportOptions,
    columns: Vec<Column>,
    header: Vec<String>,
}

impl<'f> Layout<'f> {
    pub fn new(form: &'f Form, options: ExportOptions) -> Self {
        let mut columns = Vec::new();
        let mut header: Vec<String> = META_COLUMNS.iter().map(|c| (*c).to_owned()).collect();
        for (i, node) in form.nodes().iter().enumerate() {
            let Some(kind) = question_type(node) else {
                continue;
            };
            match kind {
                QuestionType::Geopoint => {
                    if options.include_location {
                        columns.push(Column::Latitude { node: i });
                        header.push(format!("{}/latitude", node.name));
                        columns.push(Column::Longitude { node: i });
                        header.push(format!("{}/longitude", node.name));
                    }
                }
                QuestionType::SelectMultiple(_) => {
                    columns.push(Column::Answer { node: i });
                    header.push(node.name.clone());
                    for choice in form.choice_list(node) {
                        columns.push(Column::Picked {
                            node: i,
                            choice: choice.name.clone(),
                        });
                        header.push(format!("{}/{}", node.name, choice.name));
                    }
                }
                _ => {
                    columns.push(Column::Answer { node: i });
                    header.push(node.name.clone());
                }
            }
        }
        Layout {
            form,
            options,
            columns,
            header,
        }
    }

    /// The column names: the routing fields, then `question`, `question/choice`,
    /// `question/latitude`…
    pub fn header(&self) -> &[String] {
        &self.header
    }

    /// One submission's cells, in the header's order. A sealed submission (no answers here)
    /// has its answer cells empty.
    pub fn row(&self, meta: &RowMeta<'_>, submission: &Submission) -> Vec<String> {
        let mut cells = vec![
            submission.id.clone(),
            submission.form_version.clone(),
            meta.enumerator.to_owned(),
            submission.device_seq.to_string(),
            submission.started_at.clone(),
            submission.finalized_at.clone(),
            submission.language.code().to_owned(),
            meta.outcome.to_owned(),
            meta.review_status.to_owned(),
            meta.flags.to_owned(),
        ];
        let answers = submission.answers.as_ref();
        let answer = |node: usize| answers.and_then(|a| a.get(&self.form.nodes()[node].name));
        for column in &self.columns {
            cells.push(match column {
                Column::Answer { node } => answer(*node)
                    .map(|value| self.show(&self.form.nodes()[*node], value))
                    .unwrap_or_default(),
                Column::Picked { node, choice } => match answer(*node) {
                    Some(AnswerValue::Choices(codes)) => {
                        if codes.contains(choice) { "1" } else { "0" }.to_owned()
                    }
                    _ => String::new(),
                },
                Column::Latitude { node } => match answer(*node) {
                    Some(AnswerValue::Geopoint(point)) => point.lat.to_string(),
                    _ => String::new(),
                },
                Column::Longitude { node } => match answer(*node) {
                    Some(AnswerValue::Geopoint(point)) => point.lon.to_string(),
                    _ => String::new(),
                },
            });
        }
        cells
    }

    fn show(&self, node: &Node, value: &AnswerValue) -> String {
        let label = |code: &str| -> String {
            let Some(lang) = self.options.labels else {
                return code.to_owned();
            };
            self.form
                .choice_list(node)
                .iter()
                .find(|c| c.name == code)
                .map_or_else(
                    || code.to_owned(),
                    |c| c.label.show(lang, Lang::En).to_owned(),
                )
        };
        match value {
            AnswerValue::Text(text) if is_select(node) => label(text),
            AnswerValue::Text(text) => text.clone(),
            AnswerValue::Integer(n) => n.to_string(),
            AnswerValue::Decimal(x) => x.to_string(),
            AnswerValue::Choices(codes) => codes.iter().map(|c| label(c)).collect::<Vec<_>>().join(
                if self.options.labels.is_some() {
                    "; "
                } else {
                    " "
                },
            ),
            AnswerValue::Geopoint(point) if self.options.include_location => {
                format!("{} {}", point.lat, point.lon)
            }
            AnswerValue::Geopoint(_) => String::new(),
        }
    }
}

fn question_type(node: &Node) -> Option<&QuestionType> {
    match &node.kind {
        crate::load::NodeKind::Question(kind) => Some(kind),
        _ => None,
    }
}

fn is_select(node: &Node) -> bool {
    matches!(
        question_type(node),
        Some(
            QuestionType::SelectOne(_)
                | QuestionType::SelectMultiple(_)
                | QuestionType::Scale(_)
                | QuestionType::Consent(_)
        )
    )
}

/// One row as a JSON object, `{"column": "cell", …}` in the header's (form) order, an empty
/// cell as `null`. Written by hand rather than through a map, which would sort the columns.
pub fn json_record(header: &[String], cells: &[String]) -> String {
    let mut object = String::from("{");
    for (i, (name, cell)) in header.iter().zip(cells).enumerate() {
        if i > 0 {
            object.push(',');
        }
        object.push_str(&serde_json::Value::from(name.as_str()).to_string());
        object.push(':');
        if cell.is_empty() {
            object.push_str("null");
        } else {
            object.push_str(&serde_json::Value::from(cell.as_str()).to_string());
        }
    }
    object.push('}');
    object
}

/// A cell as a spreadsheet number, when it reads back as the same text, so that a code such as `007`
/// or a long id stays text and nothing changes on the way into a spreadsheet.
pub fn exact_number(cell: &str) -> Option<f64> {
    let number: f64 = cell.parse().ok()?;
    (number.is_finite() && number.to_string() == cell && cell.len() <= 15).then_some(number)
}

/// The quality flags' codes, space-separated, as the exports' `flags` column holds them.
pub fn flag_codes(flags: &[crate::quality::Flag]) -> String {
    flags.iter().map(|f| f.code()).collect::<Vec<_>>().join(" ")
}

/// A whole table in `format`, in memory, as the streamed exports write it: CSV with a
/// byte-order mark (so that spreadsheet programs read Arabic and Kurdish as UTF-8), JSON as
/// `[`, one object a line, `]`, or an XLSX workbook.
pub fn whole(
    format: Format,
    header: &[String],
    rows: &[Vec<String>],
) -> Result<Vec<u8>, crate::xlsx::XlsxError> {
    Ok(match format {
        Format::Csv => std::iter::once(format!("\u{feff}{}", csv_record(header)))
            .chain(rows.iter().map(|cells| csv_record(cells)))
            .collect::<String>()
            .into_bytes(),
        Format::Json => {
            let mut json = String::from("[");
            for (i, cells) in rows.iter().enumerate() {
                json.push_str(if i == 0 { "\n" } else { ",\n" });
                json.push_str(&json_record(header, cells));
            }
            json.push_str("\n]\n");
            json.into_bytes()
        }
        Format::Xlsx => crate::xlsx::workbook(header, rows)?,
    })
}

/// One CSV record (RFC 4180) ending in CRLF. A cell that a spreadsheet would run as a
/// formula (starting with `=`, `+`, `-`, `@`, tab or CR) gets a leading `'`, so that an
/// answer typed on a phone can never execute on a supervisor's computer.
pub fn csv_record(cells: &[String]) -> String {
    let mut line = String::new();
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            line.push(',');
        }
        let guarded;
        let cell =
            if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && cell.parse::<f64>().is_err() {
                guarded = format!("'{cell}");
                &guarded
            } else {
                cell
            };
        if cell.contains([',', '"', '\n', '\r']) {
            line.push('"');
            line.push_str(&cell.replace('"', "\"\""));
            line.push('"');
        } else {
            line.push_str(cell);
        }
    }
    line.push_str("\r\n");
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_parse_from_their_extension() {
        for format in Format::ALL {
            assert_eq!(format.extension().parse::<Format>().unwrap(), format);
        }
        assert_eq!("XLSX".parse::<Format>().unwrap(), Format::Xlsx);
        assert!("pdf".parse::<Format>().is_err());
    }

    #[test]
    fn only_numbers_that_read_back_exactly_become_numbers() {
        assert_eq!(exact_number("3"), Some(3.0));
        assert_eq!(exact_number("-2.5"), Some(-2.5));
        assert_eq!(exact_number("0"), Some(0.0));
        for text in [
            "007",
            "1e3",
            "NaN",
            "inf",
            "3.0",
            " 3",
            "12345678901234567890",
            "",
        ] {
            assert_eq!(exact_number(text), None, "{text}");
        }
    }

    use crate::synthetic::{Rng, submission};

    fn meta() -> RowMeta<'static> {
        RowMeta {
            enumerator: "Layla",
            review_status: "pending",
            outcome: "completed",
            flags: "too_short burst",
        }
    }

    #[test]
    fn columns_follow_the_form_with_a_column_per_choice_of_select_multiple() {
        let form = crate::builtin::community_acceptance();
        let layout = Layout::new(&form, ExportOptions::default());
        let header = layout.header();
        assert_eq!(&header[..3], ["id", "form_version", "enumerator"]);
        let at = |name: &str| header.iter().position(|h| h == name).unwrap();
        assert!(at("governorate") < at("district") && at("district") < at("age"));
        assert_eq!(at("change_view/screening"), at("change_view") + 1);
        assert!(
            !header.iter().any(|h| h.starts_with("location")),
            "no location by default"
        );
        let with = Layout::new(
            &form,
            ExportOptions {
                include_location: true,
                ..ExportOptions::default()
            },
        );
        assert!(with.header().contains(&"location/latitude".to_owned()));
    }

    #[test]
    fn a_row_gives_codes_or_labels_and_zero_one_columns() {
        let form = crate::builtin::community_acceptance();
        let mut rng = Rng::new(11);
        let (s, _) = loop {
            let drawn = submission(&mut rng, 1, 1_795_000_000_000);
            if drawn
                .0
                .answers
                .as_ref()
                .unwrap()
                .contains_key("change_view")
            {
                break drawn;
            }
        };
        let answers = s.answers.as_ref().unwrap();
        let Some(AnswerValue::Choices(picked)) = answers.get("change_view") else {
            panic!("change_view is a select_multiple")
        };
        let codes = Layout::new(&form, ExportOptions::default());
        let row = codes.row(&meta(), &s);
        assert_eq!(row.len(), codes.header().len());
        let cell = |layout: &Layout<'_>, row: &[String], name: &str| {
            row[layout.header().iter().position(|h| h == name).unwrap()].clone()
        };
        assert_eq!(cell(&codes, &row, "change_view"), picked.join(" "));
        for choice in form.choice_list(form.node("change_view").unwrap()) {
            let expected = if picked.contains(&choice.name) {
                "1"
            } else {
                "0"
            };
            assert_eq!(
                cell(&codes, &row, &format!("change_view/{}", choice.name)),
                expected
            );
        }
        assert_eq!(cell(&codes, &row, "enumerator"), "Layla");

        let arabic = Layout::new(
            &form,
            ExportOptions {
                labels: Some(Lang::Ar),
                include_location: false,
            },
        );
        let row = arabic.row(&meta(), &s);
        let district = cell(&arabic, &row, "district");
        let AnswerValue::Text(code) = &answers["district"] else {
            panic!()
        };
        let node = form.node("district").unwrap();
        let label = form
            .choice_list(node)
            .iter()
            .find(|c| &c.name == code)
            .unwrap();
        assert_eq!(district, label.label.get(Lang::Ar).unwrap());
        assert_ne!(&district, code);
    }

    #[test]
    fn csv_records_quote_what_needs_it_and_defuse_formulas() {
        let cells = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(csv_record(&cells(&["a", "b c"])), "a,b c\r\n");
        assert_eq!(
            csv_record(&cells(&["a,b", "say \"hi\""])),
            "\"a,b\",\"say \"\"hi\"\"\"\r\n"
        );
        assert_eq!(csv_record(&cells(&["line\nbreak"])), "\"line\nbreak\"\r\n");
        assert_eq!(
            csv_record(&cells(&["=HYPERLINK(\"x\")"])),
            "\"'=HYPERLINK(\"\"x\"\")\"\r\n"
        );
        assert_eq!(csv_record(&cells(&["-3", "+1", "@sum"])), "-3,+1,'@sum\r\n");
        assert_eq!(csv_record(&cells(&["قبول"])), "قبول\r\n");
    }
}
