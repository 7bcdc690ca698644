//! A table as an XLSX workbook, written whole into memory: one sheet named `submissions`, the
//! header in bold, numbers as numbers where [`crate::export::exact_number`] says so, other
//! cells as text, empty cells left blank. For exports made in the review page, where a full
//! spreadsheet library would weigh more than the rest of the page; the server streams its
//! large exports with such a library instead.
//!
//! The archive is a plain (stored, uncompressed) zip: the file is made and saved locally, so
//! its size costs no transfer, and no compressor has to be carried.

/// Why the workbook could not be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum XlsxError {
    /// Beyond what a zip without its 64-bit extension, or a worksheet, can hold.
    #[error("the table is too large for one XLSX sheet")]
    TooLarge,
    /// A spreadsheet cell holds at most 32,767 characters; a longer one would make Excel
    /// call the file corrupt.
    #[error("row {row}, column {column}: a cell longer than 32,767 characters")]
    CellTooLong { row: usize, column: usize },
}

/// The most characters (UTF-16 units) one cell holds.
const MAX_CELL: usize = 32_767;

/// The most rows and columns one worksheet holds.
const MAX_ROWS: usize = 1_048_576;
const MAX_COLUMNS: usize = 16_384;

/// The workbook of `header` and `rows`.
pub fn workbook(header: &[String], rows: &[Vec<String>]) -> Result<Vec<u8>, XlsxError> {
    if rows.len() + 1 > MAX_ROWS || header.len() > MAX_COLUMNS {
        return Err(XlsxError::TooLarge);
    }
    let mut zip = Zip::default();
    zip.add("[Content_Types].xml", CONTENT_TYPES.as_bytes())?;
    zip.add("_rels/.rels", ROOT_RELS.as_bytes())?;
    zip.add("xl/workbook.xml", WORKBOOK.as_bytes())?;
    zip.add("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes())?;
    zip.add("xl/styles.xml", STYLES.as_bytes())?;
    zip.add("xl/worksheets/sheet1.xml", sheet(header, rows)?.as_bytes())?;
    zip.finish()
}

const CONTENT_TYPES: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#,
    r#"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#,
    r#"<Default Extension="xml" ContentType="application/xml"/>"#,
    r#"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#,
    r#"<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#,
    r#"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#,
    r#"</Types>"#,
);

const ROOT_RELS: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>"#,
    r#"</Relationships>"#,
);

const WORKBOOK: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#,
    r#"<sheets><sheet name="submissions" sheetId="1" r:id="rId1"/></sheets>"#,
    r#"</workbook>"#,
);

const WORKBOOK_RELS: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>"#,
    r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#,
    r#"</Relationships>"#,
);

/// Two cell formats: 0 the default, 1 bold (the header).
const STYLES: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    r#"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#,
    r#"<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>"#,
    r#"<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>"#,
    r#"<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"#,
    r#"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#,
    r#"<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>"#,
    r#"</styleSheet>"#,
);

fn sheet(header: &[String], rows: &[Vec<String>]) -> Result<String, XlsxError> {
    let mut xml = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
    ));
    row(&mut xml, 1, header, true)?;
    for (i, cells) in rows.iter().enumerate() {
        row(&mut xml, i + 2, cells, false)?;
    }
    xml.push_str("</sheetData></worksheet>");
    Ok(xml)
}

fn row(xml: &mut String, number: usize, cells: &[String], bold: bool) -> Result<(), XlsxError> {
    use std::fmt::Write as _;
    let _ = write!(xml, r#"<row r="{number}">"#);
    for (i, cell) in cells.iter().enumerate() {
        if cell.is_empty() {
            continue;
        }
        if cell.encode_utf16().count() > MAX_CELL {
            return Err(XlsxError::CellTooLong {
                row: number,
                column: i + 1,
            });
        }
        let at = format!("{}{number}", column_name(i));
        if !bold && crate::export::exact_number(cell).is_some() {
            let _ = write!(xml, r#"<c r="{at}"><v>{cell}</v></c>"#);
        } else {
            let style = if bold { r#" s="1""# } else { "" };
            let _ = write!(
                xml,
                r#"<c r="{at}"{style} t="inlineStr"><is><t xml:space="preserve">{}</t></is></c>"#,
                escape(cell)
            );
        }
    }
    xml.push_str("</row>");
    Ok(())
}

/// `A`, `B`, … `Z`, `AA`, … for the column at `index` (from 0).
fn column_name(index: usize) -> String {
    let mut name = Vec::new();
    let mut n = index + 1;
    while n > 0 {
        let digit = u8::try_from((n - 1) % 26).expect("below 26");
        name.push(b'A' + digit);
        n = (n - 1) / 26;
    }
    name.reverse();
    String::from_utf8(name).expect("ASCII")
}

/// Text as XML character data, kept exactly as spreadsheets read it back: control characters
/// (a carriage return included, which XML would turn into a line feed) as Excel's `_xHHHH_`
/// escapes, and an underscore that would start such an escape escaped itself, so that an
/// answer reading `_x0041_` does not turn into `A`. U+FFFE and U+FFFF, which neither XML nor
/// a spreadsheet can hold, are left out.
fn escape(text: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(text.len());
    for (at, c) in text.char_indices() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\t' | '\n' => out.push(c),
            '_' if starts_escape(&text[at..]) => out.push_str("_x005F_"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "_x{:04X}_", u32::from(c));
            }
            '\u{fffe}' | '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Whether `text` starts with an escape as Excel reads them: `_x`, four hex digits, `_`.
fn starts_escape(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() >= 7
        && bytes[1] == b'x'
        && bytes[2..6].iter().all(u8::is_ascii_hexdigit)
        && bytes[6] == b'_'
}

/// A zip archive of stored entries, in memory.
#[derive(Default)]
struct Zip {
    bytes: Vec<u8>,
    central: Vec<u8>,
    entries: u16,
}

impl Zip {
    fn add(&mut self, name: &str, data: &[u8]) -> Result<(), XlsxError> {
        let too_large = |_| XlsxError::TooLarge;
        let offset = u32::try_from(self.bytes.len()).map_err(too_large)?;
        let size = u32::try_from(data.len()).map_err(too_large)?;
        let name_len = u16::try_from(name.len()).map_err(too_large)?;
        let crc = crc32(data);
        // Local file header: version 2.0, UTF-8 names (bit 11), stored, no time given.
        let mut common = Vec::with_capacity(26);
        common.extend_from_slice(&20_u16.to_le_bytes());
        common.extend_from_slice(&0x0800_u16.to_le_bytes());
        common.extend_from_slice(&0_u16.to_le_bytes());
        common.extend_from_slice(&0_u16.to_le_bytes());
        common.extend_from_slice(&0x0021_u16.to_le_bytes());
        common.extend_from_slice(&crc.to_le_bytes());
        common.extend_from_slice(&size.to_le_bytes());
        common.extend_from_slice(&size.to_le_bytes());
        common.extend_from_slice(&name_len.to_le_bytes());
        self.bytes.extend_from_slice(&0x0403_4b50_u32.to_le_bytes());
        self.bytes.extend_from_slice(&common);
        self.bytes.extend_from_slice(&0_u16.to_le_bytes());
        self.bytes.extend_from_slice(name.as_bytes());
        self.bytes.extend_from_slice(data);
        // Its central directory entry.
        self.central
            .extend_from_slice(&0x0201_4b50_u32.to_le_bytes());
        self.central.extend_from_slice(&20_u16.to_le_bytes());
        self.central.extend_from_slice(&common);
        for field in [0_u16, 0, 0, 0] {
            self.central.extend_from_slice(&field.to_le_bytes());
        }
        self.central.extend_from_slice(&0_u32.to_le_bytes());
        self.central.extend_from_slice(&offset.to_le_bytes());
        self.central.extend_from_slice(name.as_bytes());
        self.entries = self.entries.checked_add(1).ok_or(XlsxError::TooLarge)?;
        Ok(())
    }

    fn finish(mut self) -> Result<Vec<u8>, XlsxError> {
        let too_large = |_| XlsxError::TooLarge;
        let offset = u32::try_from(self.bytes.len()).map_err(too_large)?;
        let size = u32::try_from(self.central.len()).map_err(too_large)?;
        self.bytes.extend_from_slice(&self.central);
        self.bytes.extend_from_slice(&0x0605_4b50_u32.to_le_bytes());
        for field in [0_u16, 0, self.entries, self.entries] {
            self.bytes.extend_from_slice(&field.to_le_bytes());
        }
        self.bytes.extend_from_slice(&size.to_le_bytes());
        self.bytes.extend_from_slice(&offset.to_le_bytes());
        self.bytes.extend_from_slice(&0_u16.to_le_bytes());
        Ok(self.bytes)
    }
}

/// CRC-32 (IEEE 802.3), as zip archives check their entries.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0_u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_named_as_spreadsheets_name_them() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(column_name(702), "AAA");
    }

    #[test]
    fn crc32_matches_the_check_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn text_is_escaped_as_spreadsheets_read_it_back() {
        assert_eq!(escape("a<b>&c\td\n"), "a&lt;b&gt;&amp;c\td\n");
        assert_eq!(escape("a\r\nb\u{1}"), "a_x000D_\nb_x0001_");
        assert_eq!(escape("_x0041_ and _x12"), "_x005F_x0041_ and _x12");
        assert_eq!(escape("\u{fffe}ok"), "ok");
    }

    #[test]
    fn a_cell_longer_than_a_spreadsheet_holds_is_refused() {
        let long = "ا".repeat(MAX_CELL + 1);
        let error = workbook(&["comment".to_owned()], &[vec![long]]).unwrap_err();
        assert_eq!(error, XlsxError::CellTooLong { row: 2, column: 1 });
        assert!(workbook(&["comment".to_owned()], &[vec!["ا".repeat(MAX_CELL)]]).is_ok());
    }
}
