//! Reading an agency's file into plain tables of text cells, whatever its format: CSV (UTF-8,
//! UTF-8 with a byte-order mark, UTF-16 with or without one, or Windows-1252; comma, semicolon
//! or tab), spreadsheets (XLSX, XLS, ODS through calamine) and every table in a Word (DOCX)
//! document.
//!
//! The format is decided from the bytes, never from the file name, so a renamed or mislabelled
//! file is read for what it is (or refused for what it is). Only regular files are read, with a
//! hard cap on the bytes taken. Every reader enforces the limits of [`limits`] before it
//! allocates, and calamine is guarded (see [`zipguard`], [`xlsguard`] and [`sheets`]), so any
//! file is read or refused with a clear message in seconds and bounded memory. Every cell is
//! then cleaned by [`text::clean`] (Unicode NFC, no control characters or terminal escapes).

mod csv;
mod docx;
pub mod limits;
mod sheets;
pub mod text;
mod xlsguard;
mod zipguard;

use std::io::Read;

use crate::error::{Error, Result};

pub use limits::{MAX_CELLS, MAX_CELL_CHARS, MAX_COLUMNS, MAX_FILE_BYTES, MAX_ROWS};

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

/// Reads a file from disk: only a regular file (a folder, a FIFO or a device, even behind a
/// symlink, is refused at once), and never more than [`MAX_FILE_BYTES`] even if it grows
/// while being read.
pub fn read_path(path: &std::path::Path) -> Result<(Document, Vec<u8>)> {
    let bytes = read_file_bytes(path)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".into());
    let doc = read_bytes(&name, &bytes)?;
    Ok((doc, bytes))
}

fn read_file_bytes(path: &std::path::Path) -> Result<Vec<u8>> {
    let shown = path.display();
    let not_a_file = |what: &str| {
        Error::Invalid(format!(
            "{shown} is {what}, not an agency chronology. Choose a CSV, Excel, OpenDocument or \
             Word file saved on disk. Nothing was imported."
        ))
    };
    // A folder or a special file is refused by its metadata before it is opened: opening a
    // FIFO for reading would wait for a writer.
    let meta = std::fs::metadata(path).map_err(|e| open_error(path, e))?;
    if meta.is_dir() {
        return Err(not_a_file("a folder"));
    }
    if !meta.is_file() {
        return Err(not_a_file("a device or special file (not a regular file)"));
    }
    let file = std::fs::File::open(path).map_err(|e| open_error(path, e))?;
    // Checked again on the open handle: the path may have been swapped in between.
    let meta = file.metadata().map_err(|e| open_error(path, e))?;
    if !meta.is_file() {
        return Err(not_a_file("a device or special file (not a regular file)"));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(path, meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| open_error(path, e))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(path, bytes.len() as u64));
    }
    Ok(bytes)
}

fn open_error(path: &std::path::Path, e: std::io::Error) -> Error {
    match e.kind() {
        std::io::ErrorKind::NotFound => Error::NotFound(path.to_path_buf()),
        std::io::ErrorKind::PermissionDenied => Error::Invalid(format!(
            "Chronolane is not allowed to read {}. Check the file's permissions (or copy it to \
             a folder of yours) and try again. Nothing was imported.",
            path.display()
        )),
        _ => Error::Invalid(format!(
            "{} could not be read ({}). Check the file is on a working disk, copy it to a local \
             folder, and try again. Nothing was imported.",
            path.display(),
            plain_io(&e)
        )),
    }
}

/// An I/O error in words, without the "(os error N)" suffix.
fn plain_io(e: &std::io::Error) -> String {
    let text = e.to_string();
    match text.find(" (os error") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

fn too_large(path: &std::path::Path, len: u64) -> Error {
    Error::Invalid(format!(
        "{} is {} MB, larger than the {} MB Chronolane imports at once. An agency chronology \
         is usually well under 10 MB: check it is the right file, or split it into parts. \
         Nothing was imported.",
        path.display(),
        len / (1024 * 1024),
        MAX_FILE_BYTES / (1024 * 1024)
    ))
}

/// Reads a file's bytes; `name` is used in messages and as the CSV table's name.
pub fn read_bytes(name: &str, bytes: &[u8]) -> Result<Document> {
    let mut doc = read_raw(name, bytes)?;
    for table in &mut doc.tables {
        text::clean(&mut table.name);
        for row in &mut table.rows {
            row.cells.iter_mut().for_each(text::clean);
            row.notes.iter_mut().for_each(text::clean);
        }
    }
    Ok(doc)
}

fn read_raw(name: &str, bytes: &[u8]) -> Result<Document> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::Invalid(format!(
            "{name} is empty: there is nothing to import. Check that the agency sent the right file."
        )));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return match zipguard::check(name, bytes)? {
            zipguard::Container::Docx => {
                let xml = zipguard::read_part(name, bytes, "word/document.xml")?;
                docx::read_document_xml(name, &xml)
            }
            zipguard::Container::Xlsx => sheets::read_xlsx(name, bytes),
            zipguard::Container::Ods(merges) => {
                sheets::read_workbook(name, bytes, sheets::Kind::Ods(merges))
            }
        };
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
    csv::read_csv(name, bytes)
}

fn junk(name: &str, what: &str) -> Error {
    Error::Invalid(format!(
        "{name} is not a chronology Chronolane can read ({what}). Import a CSV, Excel (.xlsx, \
         .xls), OpenDocument (.ods) or Word (.docx) file. Nothing was imported."
    ))
}

fn damaged(name: &str) -> Error {
    Error::Invalid(format!(
        "{name} is damaged and cannot be read. Ask the agency to send it again, or open and \
         re-save it. Nothing was imported."
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
    xlsguard::check(name, bytes)?;
    sheets::read_workbook(name, bytes, sheets::Kind::Xls)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_are_detected() {
        use super::csv::detect_delimiter;
        assert_eq!(detect_delimiter("a;b;c\n1;2;3\n"), b';');
        assert_eq!(detect_delimiter("a\tb\tc\n1\t2\t3\n"), b'\t');
        assert_eq!(
            detect_delimiter("Date,Event\n\"1/2/2015\",\"a; b; c\"\n"),
            b','
        );
    }

    #[test]
    fn windows_1252_is_decoded() {
        let doc = read_bytes("x.csv", b"Date,Event\n12/06/2015,Caf\xe9 \x96 visit\n").unwrap();
        assert!(doc.format.contains("Windows-1252"));
        assert_eq!(doc.tables[0].rows[1].cells[1], "Café – visit");
    }

    #[test]
    fn damaged_utf8_is_refused_not_read_as_windows_1252() {
        let mut bytes = "Date,Event\n12/06/2015,Seán visited\n13/06/2015,Call \n"
            .as_bytes()
            .to_vec();
        bytes.insert(bytes.len() - 2, 0xFF);
        let err = read_bytes("x.csv", &bytes).unwrap_err().to_string();
        assert!(err.contains("line 3") && err.contains("UTF-8"), "{err}");
    }

    #[test]
    fn cells_are_cleaned_of_escapes_and_normalised() {
        let doc = read_bytes(
            "x.csv",
            "Date,Event\n12/06/2015,\u{1B}[2JSe\u{61}\u{301}n \u{1B}]0;x\u{07}seen\n\
             13/06/2015,A longer row of ordinary text so that the escapes are a small part\n"
                .as_bytes(),
        )
        .unwrap();
        assert_eq!(doc.tables[0].rows[1].cells[1], "Se\u{E1}n seen");
    }

    #[test]
    fn too_many_cells_are_refused_before_they_are_kept() {
        let row = ",".repeat(999) + "\n";
        let bytes = row.repeat(MAX_CELLS / 1000 + 2);
        let err = read_bytes("x.csv", bytes.as_bytes())
            .unwrap_err()
            .to_string();
        assert!(err.contains("cells"), "{err}");
    }
}
