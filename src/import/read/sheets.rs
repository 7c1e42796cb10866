//! Spreadsheets through calamine: XLSX (cell by cell), XLS and ODS (a sheet at a time).
//!
//! Every call into calamine runs inside `catch_unwind`, so a panic on a damaged file becomes a
//! clear refusal; the guards in [`super::zipguard`] and [`super::xlsguard`] have already
//! refused what would make calamine allocate without bound or never return. Merged regions are
//! filled from their first cell in all three formats (a date merged over three rows is the
//! date of each row).

use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};

use chrono::Datelike;

use super::limits::{too_many_columns, too_many_rows, CellBudget, MAX_COLUMNS, MAX_ROWS};
use super::{clip, Document, SourceRow, Table};
use crate::error::{Error, Result};

/// The refusal for a spreadsheet calamine cannot read (or panicked on).
pub(super) fn damaged_spreadsheet(name: &str, what: &str) -> Error {
    Error::Invalid(format!(
        "{name} is damaged or not a spreadsheet Chronolane can read: {what}. Open it in Excel \
         (or LibreOffice) and save it again, or export the sheet as CSV, then import that copy. \
         Nothing was imported."
    ))
}

thread_local! {
    static GUARDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs a calamine call, turning a panic into a refusal. The panic's own message (meant for
/// developers) is kept off stderr for calls made here; other panics are reported as before.
pub(super) fn guarded<T>(name: &str, f: impl FnOnce() -> Result<T>) -> Result<T> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !GUARDED.with(|g| g.get()) {
                previous(info);
            }
        }));
    });
    let was = GUARDED.with(|g| g.replace(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(was));
    result.unwrap_or_else(|_| {
        Err(damaged_spreadsheet(
            name,
            "its contents are inconsistent and the reader stopped",
        ))
    })
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
         spreadsheet program and save it again as .xlsx, or export the sheet as CSV. Nothing \
         was imported."
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
        Data::DurationIso(s) => duration_text(s).unwrap_or_else(|| s.clone()),
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

/// An ODS time cell (`PT10H30M00S`, an ISO 8601 duration) as `10:30` when it is a time of day.
fn duration_text(s: &str) -> Option<String> {
    let rest = s.strip_prefix("PT")?;
    let (mut h, mut m, mut sec) = (0u32, 0u32, 0f64);
    let mut num = String::new();
    for c in rest.chars() {
        match c {
            '0'..='9' | '.' | ',' => num.push(if c == ',' { '.' } else { c }),
            'H' => h = std::mem::take(&mut num).parse().ok()?,
            'M' => m = std::mem::take(&mut num).parse().ok()?,
            'S' => sec = std::mem::take(&mut num).parse().ok()?,
            _ => return None,
        }
    }
    if !num.is_empty() || h >= 24 || m >= 60 || !(0.0..60.0).contains(&sec) {
        return None;
    }
    Some(format!("{h:02}:{m:02}"))
}

pub(super) fn read_xlsx(name: &str, bytes: &[u8]) -> Result<Document> {
    guarded(name, || read_xlsx_unguarded(name, bytes))
}

fn read_xlsx_unguarded(name: &str, bytes: &[u8]) -> Result<Document> {
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
    let mut budget = CellBudget::default();
    let mut tables = Vec::new();
    for sheet in &sheets {
        let label = format!("{name}, sheet {sheet},");
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
                    return Err(too_many_rows(&label));
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
                grow(&mut row.cells, c + 1, &mut budget, &label, number)?;
            }
            row.cells[c] = text;
        }
        fill_merged(&mut rows, merged_of(&merges, sheet), &mut budget, &label)?;
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

fn merged_of<'a>(
    merges: &'a [(String, Vec<calamine::Dimensions>)],
    sheet: &str,
) -> &'a [calamine::Dimensions] {
    merges
        .iter()
        .find(|(s, _)| s == sheet)
        .map(|(_, m)| m.as_slice())
        .unwrap_or(&[])
}

/// Widens a row to `width` cells, within the column and cell limits.
fn grow(
    cells: &mut Vec<String>,
    width: usize,
    budget: &mut CellBudget,
    label: &str,
    row: u32,
) -> Result<()> {
    if width > MAX_COLUMNS {
        return Err(too_many_columns(label, row as usize));
    }
    budget.take(label, width.saturating_sub(cells.len()))?;
    cells.resize(width, String::new());
    Ok(())
}

/// Copies the value of each merged region's first cell into the rest of the region: a date
/// merged down over three rows is the date of each of them.
fn fill_merged(
    rows: &mut [SourceRow],
    merged: &[calamine::Dimensions],
    budget: &mut CellBudget,
    label: &str,
) -> Result<()> {
    for m in merged {
        let (r0, c0) = m.start;
        let Some(value) = rows
            .iter()
            .find(|r| r.number == r0 + 1)
            .and_then(|r| r.cells.get(c0 as usize))
            .filter(|v| !v.is_empty())
            .cloned()
        else {
            continue;
        };
        let last_col = m.end.1.min(MAX_COLUMNS as u32 - 1);
        for row in rows.iter_mut() {
            let r = row.number - 1;
            if r < m.start.0 || r > m.end.0 {
                continue;
            }
            for c in m.start.1..=last_col {
                if (r, c) == (r0, c0) {
                    continue;
                }
                let c = c as usize;
                if row.cells.len() <= c {
                    grow(&mut row.cells, c + 1, budget, label, row.number)?;
                }
                if row.cells[c].is_empty() {
                    row.cells[c] = value.clone();
                }
            }
        }
    }
    Ok(())
}

pub(super) fn cell_name(row: u32, col: u32) -> String {
    let mut col = col + 1;
    let mut letters = String::new();
    while col > 0 {
        let rem = (col - 1) % 26;
        letters.insert(0, (b'A' + rem as u8) as char);
        col = (col - 1) / 26;
    }
    format!("{letters}{}", row + 1)
}

/// Which calamine reader a workbook needs.
pub(super) enum Kind {
    Xls,
    /// ODS, with the merged regions found by the guard (calamine does not report them).
    Ods(Vec<(String, Vec<calamine::Dimensions>)>),
}

pub(super) fn read_workbook(name: &str, bytes: &[u8], kind: Kind) -> Result<Document> {
    guarded(name, || read_workbook_unguarded(name, bytes, kind))
}

fn read_workbook_unguarded(name: &str, bytes: &[u8], kind: Kind) -> Result<Document> {
    use calamine::Reader;
    let (mut book, label, ods_merges) = match kind {
        Kind::Xls => (
            calamine::Sheets::Xls(
                calamine::Xls::new(Cursor::new(bytes)).map_err(|e| spreadsheet_error(name, e))?,
            ),
            "Excel 97-2003 workbook",
            Vec::new(),
        ),
        Kind::Ods(merges) => (
            calamine::Sheets::Ods(
                calamine::Ods::new(Cursor::new(bytes)).map_err(|e| spreadsheet_error(name, e))?,
            ),
            "OpenDocument spreadsheet",
            merges,
        ),
    };
    let mut budget = CellBudget::default();
    let mut tables = Vec::new();
    for sheet in book.sheet_names() {
        let sheet_label = format!("{name}, sheet {sheet},");
        let range = book
            .worksheet_range(&sheet)
            .map_err(|e| spreadsheet_error(name, e))?;
        let merges = match &book {
            calamine::Sheets::Xls(x) => x.merge_cells_by_sheet_name(&sheet).unwrap_or_default(),
            _ => merged_of(&ods_merges, &sheet).to_vec(),
        };
        let formulas = book.worksheet_formula(&sheet).ok();
        let (top, left) = range.start().unwrap_or((0, 0));
        if range.height() > MAX_ROWS {
            return Err(too_many_rows(&sheet_label));
        }
        if left as usize + range.width() > MAX_COLUMNS {
            return Err(too_many_columns(&sheet_label, top as usize + 1));
        }
        let mut rows = Vec::new();
        for (i, cells) in range.rows().enumerate() {
            let r = top + i as u32;
            let mut notes = Vec::new();
            budget.take(&sheet_label, left as usize + cells.len())?;
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
        fill_merged(&mut rows, &merges, &mut budget, &sheet_label)?;
        tables.push(Table { name: sheet, rows });
    }
    Ok(Document {
        format: label.into(),
        tables,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_names_are_spreadsheet_style() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(4, 27), "AB5");
    }

    #[test]
    fn ods_time_durations_are_times_of_day() {
        assert_eq!(duration_text("PT10H30M00S").as_deref(), Some("10:30"));
        assert_eq!(duration_text("PT09H05M").as_deref(), Some("09:05"));
        assert_eq!(duration_text("PT36H00M00S"), None);
        assert_eq!(duration_text("P1DT2H"), None);
    }
}
