//! The workbooks `qabul_core::xlsx` writes, read back by a spreadsheet reader: every cell as
//! written, numbers as numbers, the header first, Arabic and Kurdish text intact. Native only:
//! the reader is a native dev-dependency.
#![cfg(not(target_arch = "wasm32"))]

use calamine::{Data, Reader as _, Xlsx};
use qabul_core::xlsx;

fn strings(row: &[&str]) -> Vec<String> {
    row.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn a_workbook_reads_back_cell_for_cell() {
    let header = strings(&["id", "age", "district", "comment", "code"]);
    let rows = vec![
        strings(&["a-1", "34", "الرمادي", "قبول <كامل> & \"صادق\"", "007"]),
        strings(&["a-2", "", "کەرکووک", "  leading spaces kept", "-2.5"]),
        strings(&[
            "a-3",
            "61",
            "mosul",
            "line one\r\nline two\u{1} _x0041_",
            "=1+1",
        ]),
    ];
    let bytes = xlsx::workbook(&header, &rows).unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(book.sheet_names(), ["submissions"]);
    let range = book.worksheet_range("submissions").unwrap();
    let read: Vec<Vec<Data>> = range.rows().map(<[Data]>::to_vec).collect();
    assert_eq!(read.len(), 4);
    let text = |s: &str| Data::String(s.to_owned());
    assert_eq!(read[0], header.iter().map(|h| text(h)).collect::<Vec<_>>());
    assert_eq!(
        read[1],
        [
            text("a-1"),
            Data::Float(34.0),
            text("الرمادي"),
            text("قبول <كامل> & \"صادق\""),
            text("007")
        ]
    );
    assert_eq!(
        read[2],
        [
            text("a-2"),
            Data::Empty,
            text("کەرکووک"),
            text("  leading spaces kept"),
            Data::Float(-2.5)
        ]
    );
    // Control characters and text that looks like an escape come back as they were; a
    // formula-looking answer stays text.
    assert_eq!(
        read[3],
        [
            text("a-3"),
            Data::Float(61.0),
            text("mosul"),
            text("line one\r\nline two\u{1} _x0041_"),
            text("=1+1")
        ]
    );
}

#[test]
fn an_empty_table_is_a_workbook_with_its_header() {
    let bytes = xlsx::workbook(&strings(&["id"]), &[]).unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range("submissions").unwrap();
    assert_eq!(range.rows().count(), 1);
}

#[test]
fn the_header_is_bold() {
    let bytes = xlsx::workbook(&strings(&["id"]), &[strings(&["x"])]).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains(r#"<c r="A1" s="1" t="inlineStr">"#));
    assert!(text.contains(r#"<c r="A2" t="inlineStr">"#));
}
