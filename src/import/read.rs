//! Reading an agency's file into plain tables of text cells, whatever its format: CSV (UTF-8,
//! UTF-8 with a byte-order mark, UTF-16 with one, or Windows-1252; comma, semicolon or tab),
//! spreadsheets (XLSX, XLS, ODS through calamine) and every table in a Word (DOCX) document.
//!
//! The format is decided from the bytes, never from the file name, so a renamed or mislabelled
//! file is read for what it is (or refused for what it is). Limits keep a huge file from
//! exhausting memory: files over [`MAX_FILE_BYTES`] are refused before they are read, and
//! reading stops with a clear message once a table passes [`MAX_ROWS`] rows.

use std::io::{Cursor, Read};

use chrono::Datelike;

use crate::error::{Error, Result};

/// The largest file the importer reads (bytes). Agency chronologies are kilobytes to a few
/// megabytes; anything this large is almost certainly the wrong file.
pub const MAX_FILE_BYTES: u64 = 150 * 1024 * 1024;

/// The most rows one table may have. An integrated chronology has a few thousand entries;
/// this is well above any real submission and keeps a million-row export from filling memory.
pub const MAX_ROWS: usize = 200_000;

/// The most characters kept from one cell (longer text is kept up to this and reported).
pub const MAX_CELL_CHARS: usize = 100_000;

/// A file read into tables.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// What the file turned out to be, for people: "CSV (UTF-8, semicolon-separated)".
    pub format: String,
    /// Its tables (a CSV has one; a workbook one per sheet; a Word document one per table).
    pub tables: Vec<Table>,
}

/// One table: a sheet, a CSV file or a Word table.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// "Sheet1", "Table 2" or the CSV file's name.
    pub name: String,
    /// The rows, in order, with their 1-based row number in the source.
    pub rows: Vec<SourceRow>,
}

/// A row as read, before any interpretation.
#[derive(Clone, Debug, PartialEq)]
pub struct SourceRow {
    /// The 1-based row number in the sheet or table.
    pub number: u32,
    /// The cells as text (dates from spreadsheets are written `dd/mm/yyyy`).
    pub cells: Vec<String>,
    /// Problems met while reading the row (for example a formula without a saved value).
    pub notes: Vec<String>,
}

/// Reads a file from disk.
pub fn read_path(path: &std::path::Path) -> Result<(Document, Vec<u8>)> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io("read", path, e))?;
    if meta.is_dir() {
        return Err(Error::Invalid(format!(
            "{} is a folder, not an agency chronology. Choose a CSV, Excel, OpenDocument or Word file.",
            path.display()
        )));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(Error::Invalid(format!(
            "{} is {} MB, larger than the {} MB Chronolane imports at once. An agency chronology \
             is usually well under 10 MB: check it is the right file, or split it into parts.",
            path.display(),
            meta.len() / (1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io("read", path, e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".into());
    let doc = read_bytes(&name, &bytes)?;
    Ok((doc, bytes))
}

/// Reads a file's bytes; `name` is used in messages and as the CSV table's name.
pub fn read_bytes(name: &str, bytes: &[u8]) -> Result<Document> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::Invalid(format!(
            "{name} is empty: there is nothing to import. Check that the agency sent the right file."
        )));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return read_zip(name, bytes);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return read_ole(name, bytes);
    }
    if bytes.starts_with(b"%PDF") {
        return Err(Error::Invalid(format!(
            "{name} is a PDF. Chronolane cannot read tables from PDFs reliably: ask the agency \
             for its chronology as a Word, Excel or CSV file."
        )));
    }
    if bytes.starts_with(b"{\\rtf") {
        return Err(Error::Invalid(format!(
            "{name} is an RTF document. Open it in Word and save it as .docx, then import that."
        )));
    }
    read_csv(name, bytes)
}

fn junk(name: &str, what: &str) -> Error {
    Error::Invalid(format!(
        "{name} is not a chronology Chronolane can read ({what}). Import a CSV, Excel (.xlsx, \
         .xls), OpenDocument (.ods) or Word (.docx) file. Nothing was imported."
    ))
}

// ---- CSV ----------------------------------------------------------------------------------

/// Decodes the bytes of a text file: UTF-8 (with or without a byte-order mark), UTF-16 with
/// a byte-order mark, otherwise Windows-1252 (what Excel on Windows writes as "CSV").
fn decode(name: &str, bytes: &[u8]) -> Result<(String, &'static str)> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return match std::str::from_utf8(rest) {
            Ok(t) => Ok((t.to_string(), "UTF-8 with BOM")),
            Err(_) => Ok((
                encoding_rs::UTF_8
                    .decode_with_bom_removal(bytes)
                    .0
                    .into_owned(),
                "UTF-8 with BOM, some characters unreadable",
            )),
        };
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let (text, enc, _) = encoding_rs::UTF_16LE.decode(bytes);
        return Ok((
            text.into_owned(),
            if enc == encoding_rs::UTF_16BE {
                "UTF-16 (big-endian)"
            } else {
                "UTF-16"
            },
        ));
    }
    let head = &bytes[..bytes.len().min(64 * 1024)];
    let controls = head
        .iter()
        .filter(|b| (**b < 0x20 && !matches!(**b, b'\t' | b'\n' | b'\r' | 0x0C)) || **b == 0x7F)
        .count();
    if head.contains(&0) || controls * 50 > head.len() {
        return Err(junk(name, "it holds binary data, not text"));
    }
    match std::str::from_utf8(bytes) {
        Ok(t) => Ok((t.to_string(), "UTF-8")),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            Ok((text.into_owned(), "Windows-1252"))
        }
    }
}

/// Picks the separator from the first lines: the one that splits them most consistently.
fn detect_delimiter(text: &str) -> u8 {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(30)
        .collect();
    let mut best = (b',', 0usize);
    for d in [b',', b';', b'\t', b'|'] {
        let counts: Vec<usize> = lines
            .iter()
            .map(|l| count_outside_quotes(l, d as char))
            .collect();
        let Some(&first) = counts.first() else {
            continue;
        };
        if first == 0 {
            continue;
        }
        // Score: lines that agree with the header's count, weighted by that count.
        let agree = counts.iter().filter(|c| **c == first).count();
        let score = agree * 100 + first.min(99);
        if score > best.1 {
            best = (d, score);
        }
    }
    best.0
}

fn count_outside_quotes(line: &str, d: char) -> usize {
    let mut quoted = false;
    let mut n = 0;
    for c in line.chars() {
        if c == '"' {
            quoted = !quoted;
        } else if c == d && !quoted {
            n += 1;
        }
    }
    n
}

fn read_csv(name: &str, bytes: &[u8]) -> Result<Document> {
    let (text, encoding) = decode(name, bytes)?;
    let delimiter = detect_delimiter(&text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(Cursor::new(text.as_bytes()));
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            Error::Invalid(format!(
                "{name} could not be read as CSV near line {}: {e}. Check the file opens in a \
                 spreadsheet program, then save it again as CSV.",
                i + 1
            ))
        })?;
        if rows.len() >= MAX_ROWS {
            return Err(too_many_rows(name));
        }
        let mut notes = Vec::new();
        let cells = record
            .iter()
            .map(|c| clip(c.to_string(), &mut notes))
            .collect();
        rows.push(SourceRow {
            number: (i + 1) as u32,
            cells,
            notes,
        });
    }
    let separator = match delimiter {
        b';' => "semicolon-separated",
        b'\t' => "tab-separated",
        b'|' => "bar-separated",
        _ => "comma-separated",
    };
    Ok(Document {
        format: format!("CSV ({encoding}, {separator})"),
        tables: vec![Table {
            name: name.to_string(),
            rows,
        }],
    })
}

fn too_many_rows(name: &str) -> Error {
    Error::Invalid(format!(
        "{name} has more than {MAX_ROWS} rows, more than Chronolane imports from one table. \
         An agency chronology is hundreds to a few thousand rows: check it is the right file, \
         or split it and import the parts. Nothing was imported."
    ))
}

fn clip(mut text: String, notes: &mut Vec<String>) -> String {
    if text.len() > MAX_CELL_CHARS {
        let mut cut = MAX_CELL_CHARS;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        notes.push(format!(
            "A cell holds {} characters; the first {MAX_CELL_CHARS} were kept.",
            text.chars().count()
        ));
        text.truncate(cut);
    }
    text
}

// ---- ZIP containers: XLSX, ODS, DOCX --------------------------------------------------------

fn read_zip(name: &str, bytes: &[u8]) -> Result<Document> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| {
        Error::Invalid(format!(
            "{name} is damaged: it looks like an Office document but its contents cannot be \
             read. Ask the agency to send it again, or open and re-save it. Nothing was imported."
        ))
    })?;
    let has = |a: &mut zip::ZipArchive<Cursor<&[u8]>>, n: &str| a.by_name(n).is_ok();
    if has(&mut archive, "word/document.xml") {
        let mut xml = String::new();
        archive
            .by_name("word/document.xml")
            .map_err(|_| damaged(name))?
            .take(MAX_FILE_BYTES * 4)
            .read_to_string(&mut xml)
            .map_err(|_| damaged(name))?;
        return super::docx::read_document_xml(name, &xml);
    }
    if has(&mut archive, "xl/workbook.xml") || has(&mut archive, "xl/workbook.bin") {
        return read_xlsx(name, bytes);
    }
    if has(&mut archive, "content.xml") {
        return read_workbook(name, bytes, "OpenDocument spreadsheet");
    }
    Err(junk(
        name,
        "it is a ZIP archive but not a Word, Excel or OpenDocument file",
    ))
}

fn damaged(name: &str) -> Error {
    Error::Invalid(format!(
        "{name} is damaged and cannot be read. Ask the agency to send it again, or open and \
         re-save it. Nothing was imported."
    ))
}

fn read_ole(name: &str, bytes: &[u8]) -> Result<Document> {
    // Password-protected Word and Excel files are OLE containers holding an encrypted package.
    let utf16 = |s: &str| -> Vec<u8> { s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect() };
    let contains = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    if contains(&utf16("EncryptionInfo")) || contains(&utf16("EncryptedPackage")) {
        return Err(Error::Invalid(format!(
            "{name} is protected with a password, so Chronolane cannot read it. Open it in Word \
             or Excel with the password, remove the password (File > Info > Protect), save it, \
             and import that copy. Nothing was imported."
        )));
    }
    if contains(&utf16("WordDocument")) {
        return Err(Error::Invalid(format!(
            "{name} is an old Word document (.doc). Open it in Word and save it as .docx, then \
             import that. Nothing was imported."
        )));
    }
    read_workbook(name, bytes, "Excel 97-2003 workbook")
}

fn spreadsheet_error(name: &str, e: impl std::fmt::Display) -> Error {
    let text = e.to_string();
    if text.to_lowercase().contains("password") || text.to_lowercase().contains("encrypt") {
        return Error::Invalid(format!(
            "{name} is protected with a password, so Chronolane cannot read it. Open it with \
             the password, remove it, save, and import that copy. Nothing was imported."
        ));
    }
    Error::Invalid(format!(
        "{name} is damaged or not a spreadsheet Chronolane can read ({text}). Open it in a \
         spreadsheet program and save it again as .xlsx. Nothing was imported."
    ))
}

/// Text for a spreadsheet value, as a chronology would write it.
fn cell_text(value: &calamine::Data) -> String {
    use calamine::Data;
    match value {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => if *b { "Yes" } else { "No" }.into(),
        Data::DateTime(d) => serial_text(d.as_f64(), d.is_duration()),
        Data::DateTimeIso(s) => iso_text(s),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

/// A date cell as the text a reviewer would type: `dd/mm/yyyy`, `dd/mm/yyyy hh:mm`, or
/// `hh:mm` for a time on its own.
fn serial_text(serial: f64, duration: bool) -> String {
    if duration || serial < 1.0 {
        return match crate::dates::parse::time_from_excel_serial(serial) {
            Ok(t) => t.format("%H:%M").to_string(),
            Err(_) => number_text(serial),
        };
    }
    match crate::dates::parse::from_excel_serial(serial) {
        Ok(d) => d.to_string(),
        Err(_) => number_text(serial),
    }
}

fn iso_text(s: &str) -> String {
    if let Ok(dt) = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S") {
        if dt.time() == chrono::NaiveTime::MIN {
            return crate::dates::uk(dt.date());
        }
        return format!("{} {}", crate::dates::uk(dt.date()), dt.format("%H:%M"));
    }
    if let Ok(d) = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        if d.year() > 0 {
            return crate::dates::uk(d);
        }
    }
    s.to_string()
}

fn read_xlsx(name: &str, bytes: &[u8]) -> Result<Document> {
    let mut book: calamine::Xlsx<_> =
        calamine::Xlsx::new(Cursor::new(bytes)).map_err(|e| spreadsheet_error(name, e))?;
    use calamine::Reader;
    let sheets = book.sheet_names();
    let merges: Vec<(String, Vec<calamine::Dimensions>)> = sheets
        .iter()
        .map(|s| {
            (
                s.clone(),
                book.merge_cells_by_sheet_name(s).unwrap_or_default(),
            )
        })
        .collect();
    let mut tables = Vec::new();
    for sheet in &sheets {
        let mut reader = book
            .worksheet_cells_reader(sheet)
            .map_err(|e| spreadsheet_error(name, e))?;
        let mut rows: Vec<SourceRow> = Vec::new();
        while let Some(cell) = reader
            .next_cell_with_formula()
            .map_err(|e| spreadsheet_error(name, e))?
        {
            let (r, c) = cell.pos;
            let number = r + 1;
            if rows.last().map(|l| l.number) != Some(number) {
                if rows.len() >= MAX_ROWS {
                    return Err(too_many_rows(&format!("{name}, sheet {sheet},")));
                }
                rows.push(SourceRow {
                    number,
                    cells: Vec::new(),
                    notes: Vec::new(),
                });
            }
            let row = rows.last_mut().expect("just pushed");
            let value: calamine::Data = cell.value.into();
            let mut text = cell_text(&value);
            if let Some(formula) = &cell.formula {
                if text.is_empty() {
                    row.notes.push(format!(
                        "Cell {} holds a formula (={formula}) with no saved result. Open the \
                         file in Excel, let it calculate, save it, and import it again.",
                        cell_name(r, c)
                    ));
                }
            }
            if let calamine::Data::Error(e) = value {
                row.notes.push(format!(
                    "Cell {} shows a spreadsheet error ({e:?}).",
                    cell_name(r, c)
                ));
                text.clear();
            }
            let text = clip(text, &mut row.notes);
            let c = c as usize;
            if row.cells.len() <= c {
                row.cells.resize(c + 1, String::new());
            }
            row.cells[c] = text;
        }
        let merged = merges
            .iter()
            .find(|(s, _)| s == sheet)
            .map(|(_, m)| m.as_slice())
            .unwrap_or(&[]);
        fill_merged(&mut rows, merged);
        tables.push(Table {
            name: sheet.clone(),
            rows,
        });
    }
    Ok(Document {
        format: "Excel workbook (.xlsx)".into(),
        tables,
    })
}

/// Copies the value of each merged region's first cell into the rest of the region: a date
/// merged down over three rows is the date of each of them.
fn fill_merged(rows: &mut [SourceRow], merged: &[calamine::Dimensions]) {
    for m in merged {
        let (r0, c0) = m.start;
        let Some(value) = rows
            .iter()
            .find(|r| r.number == r0 + 1)
            .and_then(|r| r.cells.get(c0 as usize))
            .cloned()
        else {
            continue;
        };
        for row in rows.iter_mut() {
            let r = row.number - 1;
            if r < m.start.0 || r > m.end.0 {
                continue;
            }
            for c in m.start.1..=m.end.1 {
                if (r, c) == (r0, c0) {
                    continue;
                }
                let c = c as usize;
                if row.cells.len() <= c {
                    row.cells.resize(c + 1, String::new());
                }
                if row.cells[c].is_empty() {
                    row.cells[c] = value.clone();
                }
            }
        }
    }
}

fn cell_name(row: u32, col: u32) -> String {
    let mut col = col + 1;
    let mut letters = String::new();
    while col > 0 {
        let rem = (col - 1) % 26;
        letters.insert(0, (b'A' + rem as u8) as char);
        col = (col - 1) / 26;
    }
    format!("{letters}{}", row + 1)
}

fn read_workbook(name: &str, bytes: &[u8], kind: &str) -> Result<Document> {
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| spreadsheet_error(name, e))?;
    let mut tables = Vec::new();
    for sheet in book.sheet_names() {
        let range = book
            .worksheet_range(&sheet)
            .map_err(|e| spreadsheet_error(name, e))?;
        let formulas = book.worksheet_formula(&sheet).ok();
        let (top, left) = range.start().unwrap_or((0, 0));
        if range.height() > MAX_ROWS {
            return Err(too_many_rows(&format!("{name}, sheet {sheet},")));
        }
        let mut rows = Vec::new();
        for (i, cells) in range.rows().enumerate() {
            let r = top + i as u32;
            let mut notes = Vec::new();
            let mut texts: Vec<String> = vec![String::new(); left as usize];
            for (j, value) in cells.iter().enumerate() {
                let c = left + j as u32;
                let mut text = cell_text(value);
                if text.is_empty() {
                    if let Some(f) = formulas
                        .as_ref()
                        .and_then(|f| f.get_value((r, c)))
                        .filter(|f| !f.is_empty())
                    {
                        notes.push(format!(
                            "Cell {} holds a formula (={f}) with no saved result. Open the file, \
                             let it calculate, save it, and import it again.",
                            cell_name(r, c)
                        ));
                    }
                }
                if let calamine::Data::Error(e) = value {
                    notes.push(format!(
                        "Cell {} shows a spreadsheet error ({e:?}).",
                        cell_name(r, c)
                    ));
                    text.clear();
                }
                texts.push(clip(text, &mut notes));
            }
            rows.push(SourceRow {
                number: r + 1,
                cells: texts,
                notes,
            });
        }
        tables.push(Table { name: sheet, rows });
    }
    Ok(Document {
        format: kind.into(),
        tables,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_are_detected() {
        assert_eq!(detect_delimiter("a;b;c\n1;2;3\n"), b';');
        assert_eq!(detect_delimiter("a\tb\tc\n1\t2\t3\n"), b'\t');
        assert_eq!(
            detect_delimiter("Date,Event\n\"1/2/2015\",\"a; b; c\"\n"),
            b','
        );
    }

    #[test]
    fn cell_names_are_spreadsheet_style() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(4, 27), "AB5");
    }

    #[test]
    fn windows_1252_is_decoded() {
        let doc = read_bytes("x.csv", b"Date,Event\n12/06/2015,Caf\xe9 \x96 visit\n").unwrap();
        assert!(doc.format.contains("Windows-1252"));
        assert_eq!(doc.tables[0].rows[1].cells[1], "Café – visit");
    }
}
