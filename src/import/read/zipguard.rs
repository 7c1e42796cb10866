//! Guards for ZIP containers (XLSX, ODS, DOCX), run before calamine or the Word reader sees the
//! file: every entry's declared size, the sizes actually unpacked, and one streaming pass over
//! each XML part with quick-xml that checks it is well formed (every element closed, end tags
//! matching, nesting within [`MAX_XML_DEPTH`]) and that the cells it describes fit the limits.
//!
//! Why: calamine 0.38 allocates from what a file claims (a cell reference `ZZZZZZZ2`, a shared
//! strings `uniqueCount`, a shared formula index, ODS repeat counts) and its ODS table reader
//! loops forever when `content.xml` ends before `</table:table>` (no end-of-file arm in
//! `read_table`), which a misspelled end tag causes. A part that passes this scan cannot do
//! either.

use std::io::{BufReader, Read};

use quick_xml::events::{BytesStart, Event};

use super::limits::*;
use super::{damaged, junk};
use crate::error::{Error, Result};

/// What a ZIP container holds.
pub(super) enum Container {
    Docx,
    Xlsx,
    /// An ODS workbook, with the merged regions of each table (by table name) found in the scan.
    Ods(Vec<(String, Vec<calamine::Dimensions>)>),
}

/// What a scan does with each event of a part.
type OnEvent<'a> = dyn FnMut(&Event<'_>) -> Result<()> + 'a;

type Archive<'a> = zip::ZipArchive<std::io::Cursor<&'a [u8]>>;

/// Opens the archive and checks every entry's sizes and every XML part calamine will read.
pub(super) fn check(name: &str, bytes: &[u8]) -> Result<Container> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|_| {
        Error::Invalid(format!(
            "{name} is damaged: it looks like an Office document but its contents cannot be \
             read. Ask the agency to send it again, or open and re-save it. Nothing was imported."
        ))
    })?;
    if archive.len() > MAX_ZIP_ENTRIES {
        return Err(junk(name, "it is an archive of too many files"));
    }
    let names: Vec<String> = archive
        .file_names()
        .map(|n| n.map(|n| n.into_owned()))
        .collect::<std::result::Result<_, _>>()
        .map_err(|_| damaged(name))?;
    let has = |n: &str| names.iter().any(|x| x == n);
    let kind = if has("word/document.xml") {
        "docx"
    } else if has("xl/workbook.xml") {
        "xlsx"
    } else if has("xl/workbook.bin") {
        return Err(Error::Invalid(format!(
            "{name} is an Excel binary workbook (.xlsb), which Chronolane does not read. Open it \
             in Excel and save it as .xlsx, then import that. Nothing was imported."
        )));
    } else if has("content.xml") {
        "ods"
    } else {
        return Err(junk(
            name,
            "it is a ZIP archive but not a Word, Excel or OpenDocument file",
        ));
    };
    let mut total = 0u64;
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).map_err(|_| damaged(name))?;
        if entry.encrypted() {
            return Err(Error::Invalid(format!(
                "{name} is protected with a password, so Chronolane cannot read it. Open it \
                 with the password, remove it, save, and import that copy. Nothing was imported."
            )));
        }
        total = total.saturating_add(entry.size());
        if entry.size() > MAX_PART_BYTES || total > MAX_UNPACKED_BYTES {
            return Err(too_large_unpacked(name));
        }
    }
    let mut ods = OdsScan::default();
    for part in &names {
        let xml = part.ends_with(".xml") || part.ends_with(".rels");
        if !xml || kind == "docx" {
            continue;
        }
        let mut scan: Box<OnEvent<'_>> = if kind == "xlsx" && part.starts_with("xl/worksheets/") {
            let mut sheet = SheetScan::default();
            Box::new(move |e| sheet.event(name, e))
        } else if kind == "xlsx" && part == "xl/sharedStrings.xml" {
            let mut strings = StringsScan::default();
            Box::new(move |e| strings.event(name, e))
        } else if kind == "ods" && part == "content.xml" {
            let ods = &mut ods;
            Box::new(move |e| ods.event(name, e))
        } else {
            Box::new(|_| Ok(()))
        };
        scan_part(name, &mut archive, part, &mut scan)?;
    }
    Ok(match kind {
        "docx" => Container::Docx,
        "xlsx" => Container::Xlsx,
        _ => Container::Ods(ods.merges),
    })
}

/// Reads one part whole (for the Word reader), within the size it declares and the caps.
pub(super) fn read_part(name: &str, bytes: &[u8], part: &str) -> Result<String> {
    let mut archive: Archive<'_> =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|_| damaged(name))?;
    let entry = archive.by_name(part).map_err(|_| damaged(name))?;
    let declared = entry.size();
    if declared > MAX_PART_BYTES {
        return Err(too_large_unpacked(name));
    }
    let mut text = String::with_capacity(declared.min(MAX_PART_BYTES) as usize);
    entry
        .take(declared + 1)
        .read_to_string(&mut text)
        .map_err(|_| damaged(name))?;
    if text.len() as u64 > declared {
        return Err(damaged(name));
    }
    Ok(text)
}

fn too_large_unpacked(name: &str) -> Error {
    Error::Invalid(format!(
        "{name} unpacks to more than Chronolane reads from one file ({} MB for one part, {} MB \
         in all), far more than an agency chronology: it is damaged, or built to exhaust memory. \
         Open it in its program and save it again, or export the sheet as CSV. Nothing was \
         imported.",
        MAX_PART_BYTES / (1024 * 1024),
        MAX_UNPACKED_BYTES / (1024 * 1024)
    ))
}

/// One streaming pass over a part: sizes capped, nesting bounded, well-formedness checked.
fn scan_part(
    name: &str,
    archive: &mut Archive<'_>,
    part: &str,
    on_event: &mut dyn FnMut(&Event<'_>) -> Result<()>,
) -> Result<()> {
    let entry = archive.by_name(part).map_err(|_| damaged(name))?;
    let declared = entry.size();
    let mut counted = Counted {
        inner: entry.take(declared + 1),
        read: 0,
    };
    {
        let mut reader = quick_xml::Reader::from_reader(BufReader::new(&mut counted));
        reader.config_mut().check_end_names = true;
        let mut buf = Vec::new();
        let mut depth = 0usize;
        loop {
            buf.clear();
            let event = reader
                .read_event_into(&mut buf)
                .map_err(|e| damaged_xml(name, part, &e))?;
            match &event {
                Event::Start(_) => {
                    depth += 1;
                    if depth > MAX_XML_DEPTH {
                        return Err(damaged_xml(name, part, &"nested too deeply"));
                    }
                }
                Event::End(_) => depth = depth.saturating_sub(1),
                Event::Eof => {
                    if depth != 0 {
                        return Err(damaged_xml(name, part, &"it ends before it is complete"));
                    }
                    break;
                }
                _ => {}
            }
            on_event(&event)?;
        }
    }
    if counted.read > declared {
        return Err(damaged(name));
    }
    Ok(())
}

struct Counted<R> {
    inner: R,
    read: u64,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        Ok(n)
    }
}

fn damaged_xml(name: &str, part: &str, what: &dyn std::fmt::Display) -> Error {
    Error::Invalid(format!(
        "{name} is damaged: its part {part} is not valid XML ({what}). Open it in its program \
         (Excel, LibreOffice) and save it again, or export the sheet as CSV, then import that \
         copy. Nothing was imported."
    ))
}

fn attr_u64(name: &str, e: &BytesStart<'_>, key: &str) -> Result<Option<u64>> {
    for a in e.attributes().flatten() {
        if a.key.as_ref() == key {
            let v = a
                .value
                .trim()
                .parse::<u64>()
                .ok()
                .ok_or_else(|| damaged(name))?;
            return Ok(Some(v));
        }
    }
    Ok(None)
}

fn attr_bytes(e: &BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .map(|a| a.value.into_owned())
}

/// `A1` to (1-based row, 1-based column); `None` when it is not a cell reference.
fn cell_ref(r: &str) -> Option<(u64, u64)> {
    let letters = r.bytes().take_while(|b| b.is_ascii_alphabetic()).count();
    let mut col = 0u64;
    for b in r[..letters].bytes() {
        col = col
            .saturating_mul(26)
            .saturating_add((b.to_ascii_uppercase() - b'A' + 1) as u64);
    }
    let row = r[letters..].parse::<u64>().ok()?;
    (letters > 0).then_some((row, col))
}

const EXCEL_MAX_ROW: u64 = 1_048_576;

/// An XLSX worksheet: cell positions, row widths and shared formula indexes.
#[derive(Default)]
struct SheetScan {
    row: u64,
    col: u64,
    row_width: u64,
    cells: u64,
}

impl SheetScan {
    fn event(&mut self, name: &str, event: &Event<'_>) -> Result<()> {
        let e = match event {
            Event::Start(e) | Event::Empty(e) => e,
            _ => return Ok(()),
        };
        match e.local_name().as_ref() {
            "row" => {
                self.end_row(name)?;
                self.row = match attr_u64(name, e, "r")? {
                    Some(r) => r,
                    None => self.row + 1,
                };
                self.col = 0;
                if self.row > EXCEL_MAX_ROW {
                    return Err(far_reference(name));
                }
            }
            "c" => {
                match attr_bytes(e, "r") {
                    Some(r) => {
                        let (row, col) = cell_ref(&r).ok_or_else(|| damaged(name))?;
                        if row > EXCEL_MAX_ROW || col > MAX_COLUMNS as u64 {
                            return Err(far_reference(name));
                        }
                        self.col = col;
                    }
                    None => self.col += 1,
                }
                if self.col > MAX_COLUMNS as u64 {
                    return Err(far_reference(name));
                }
                self.row_width = self.row_width.max(self.col);
            }
            "f" if attr_u64(name, e, "si")?.is_some_and(|si| si > MAX_CELLS as u64) => {
                return Err(damaged(name));
            }
            "sheetData" => self.end_row(name)?,
            _ => {}
        }
        Ok(())
    }

    fn end_row(&mut self, name: &str) -> Result<()> {
        self.cells = self.cells.saturating_add(self.row_width);
        self.row_width = 0;
        if self.cells > MAX_CELLS as u64 {
            return Err(too_many_cells(name));
        }
        Ok(())
    }
}

fn far_reference(name: &str) -> Error {
    Error::Invalid(format!(
        "{name} is damaged: it refers to a cell beyond the last row or column a spreadsheet \
         can have (column XFD, row 1,048,576). Open it in Excel and save it again, or export \
         the sheet as CSV. Nothing was imported."
    ))
}

/// XLSX shared strings: the declared count and the length of each string.
#[derive(Default)]
struct StringsScan {
    current: usize,
    count: usize,
}

impl StringsScan {
    fn event(&mut self, name: &str, event: &Event<'_>) -> Result<()> {
        match event {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "sst" => {
                    let declared = attr_u64(name, e, "uniqueCount")?.unwrap_or(0);
                    let declared = declared.max(attr_u64(name, e, "count")?.unwrap_or(0));
                    if declared > MAX_CELLS as u64 {
                        return Err(too_many_cells(name));
                    }
                }
                "si" => {
                    self.current = 0;
                    self.count += 1;
                    if self.count > MAX_CELLS {
                        return Err(too_many_cells(name));
                    }
                }
                _ => {}
            },
            Event::Text(t) => self.add(name, t.len())?,
            Event::CData(t) => self.add(name, t.len())?,
            Event::GeneralRef(t) => self.add(name, t.len())?,
            _ => {}
        }
        Ok(())
    }

    fn add(&mut self, name: &str, n: usize) -> Result<()> {
        self.current = self.current.saturating_add(n);
        if self.current > MAX_SHARED_STRING_BYTES {
            return Err(Error::Invalid(format!(
                "{name} holds a piece of text over {} MB long, far longer than any cell of a \
                 chronology: the file is damaged or built to exhaust memory. Open it in Excel \
                 and save it again, or export the sheet as CSV. Nothing was imported.",
                MAX_SHARED_STRING_BYTES / 1_000_000
            )));
        }
        Ok(())
    }
}

/// An ODS `content.xml`: the area of each table once repeats are expanded, the cells calamine
/// holds before expanding, spaces from `text:s`, and merged regions (for filling down).
#[derive(Default)]
struct OdsScan {
    merges: Vec<(String, Vec<calamine::Dimensions>)>,
    table: Option<OdsTable>,
    tables_open: usize,
    raw_cells: u64,
    spaces: u64,
}

#[derive(Default)]
struct OdsTable {
    name: String,
    row: u64,
    row_repeat: u64,
    col: u64,
    row_content_end: u64,
    bounds: Option<(u64, u64, u64, u64)>,
    merges: Vec<calamine::Dimensions>,
}

impl OdsScan {
    fn event(&mut self, name: &str, event: &Event<'_>) -> Result<()> {
        let (e, empty) = match event {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(e) => {
                match e.name().as_ref() {
                    "table:table" => {
                        self.tables_open = self.tables_open.saturating_sub(1);
                        if self.tables_open == 0 {
                            self.end_table(name)?;
                        }
                    }
                    "table:table-row" if self.tables_open == 1 => self.end_row(name)?,
                    _ => {}
                }
                return Ok(());
            }
            _ => return Ok(()),
        };
        match e.name().as_ref() {
            "table:table" => {
                self.tables_open += usize::from(!empty);
                if self.tables_open == 1 && !empty {
                    let table_name = attr_bytes(e, "table:name").unwrap_or_default();
                    self.table = Some(OdsTable {
                        name: quick_xml::escape::unescape(&table_name)
                            .map(|c| c.into_owned())
                            .unwrap_or(table_name),
                        ..OdsTable::default()
                    });
                }
            }
            "table:table-row" if self.tables_open == 1 => {
                let repeat = attr_u64(name, e, "table:number-rows-repeated")?.unwrap_or(1);
                if let Some(t) = self.table.as_mut() {
                    t.row_repeat = repeat.max(1);
                    t.col = 0;
                    t.row_content_end = 0;
                }
                if empty {
                    self.end_row(name)?;
                }
            }
            "table:table-cell" | "table:covered-table-cell" if self.tables_open == 1 => {
                let repeat = attr_u64(name, e, "table:number-columns-repeated")?
                    .unwrap_or(1)
                    .max(1);
                let content = attr_bytes(e, "office:value-type").is_some()
                    || attr_bytes(e, "table:formula").is_some();
                let rows_spanned = attr_u64(name, e, "table:number-rows-spanned")?.unwrap_or(1);
                let cols_spanned = attr_u64(name, e, "table:number-columns-spanned")?.unwrap_or(1);
                if let Some(t) = self.table.as_mut() {
                    let first = t.col;
                    t.col = t.col.saturating_add(repeat);
                    if t.col > MAX_COLUMNS as u64 && content {
                        return Err(too_many_columns(name, (t.row + 1) as usize));
                    }
                    if content {
                        t.row_content_end = t.col;
                        let last_row = t.row.saturating_add(t.row_repeat.saturating_sub(1));
                        let b = t.bounds.get_or_insert((t.row, last_row, first, t.col - 1));
                        b.0 = b.0.min(t.row);
                        b.1 = b.1.max(last_row);
                        b.2 = b.2.min(first);
                        b.3 = b.3.max(t.col - 1);
                    }
                    if (rows_spanned > 1 || cols_spanned > 1) && t.merges.len() < 100_000 {
                        let clamp = |v: u64| v.min(u32::MAX as u64) as u32;
                        t.merges.push(calamine::Dimensions {
                            start: (clamp(t.row), clamp(first)),
                            end: (
                                clamp(t.row.saturating_add(rows_spanned.max(1) - 1)),
                                clamp(first.saturating_add(cols_spanned.max(1) - 1)),
                            ),
                        });
                    }
                }
            }
            "text:s" => {
                let c = attr_u64(name, e, "text:c")?.unwrap_or(1);
                self.spaces = self.spaces.saturating_add(c);
                if c > MAX_CELL_CHARS as u64 || self.spaces > MAX_PART_BYTES {
                    return Err(damaged(name));
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn end_row(&mut self, name: &str) -> Result<()> {
        if let Some(t) = self.table.as_mut() {
            // calamine holds each row element up to its last value before expanding repeats.
            self.raw_cells = self.raw_cells.saturating_add(t.row_content_end);
            t.row = t.row.saturating_add(t.row_repeat);
            t.row_repeat = 1;
            t.col = 0;
            t.row_content_end = 0;
        }
        if self.raw_cells > MAX_CELLS as u64 {
            return Err(too_many_cells(name));
        }
        Ok(())
    }

    fn end_table(&mut self, name: &str) -> Result<()> {
        let Some(t) = self.table.take() else {
            return Ok(());
        };
        if let Some((r0, r1, c0, c1)) = t.bounds {
            let area = (r1 - r0 + 1).saturating_mul(c1 - c0 + 1);
            if area > MAX_CELLS as u64 || r1 - r0 >= MAX_ROWS as u64 {
                return Err(too_many_cells(name));
            }
        }
        self.merges.push((t.name, t.merges));
        Ok(())
    }
}
