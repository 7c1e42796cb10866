//! A guard for Excel 97-2003 (.xls) files, run before calamine reads them: the workbook
//! stream is read with the `cfb` crate and its BIFF records are walked once to find where the
//! cells of each sheet lie.
//!
//! Why: calamine 0.38 builds each sheet as a dense grid spanning its cells (`Range::from_sparse`),
//! so one cell record at a far column of a small damaged file asks for 100 GB and aborts the
//! process (an allocation failure cannot be caught). A sheet whose cells span more than
//! [`MAX_CELLS`] is refused here instead. Panics inside calamine on truncated files are caught
//! by the caller (`catch_unwind`).

use std::io::Read;

use super::limits::{too_many_cells, MAX_CELLS, MAX_FILE_BYTES};
use super::sheets::damaged_spreadsheet;
use crate::error::Result;

/// Checks the cell records of every sheet of an .xls file.
pub(super) fn check(name: &str, bytes: &[u8]) -> Result<()> {
    let stream = super::sheets::guarded(name, || Ok(workbook_stream(bytes)))?
        .ok_or_else(|| damaged_spreadsheet(name, "its workbook stream cannot be read"))?;
    let mut pos = 0usize;
    // (first row, last row, first column, last column) of the current sheet's cells.
    let mut bounds: Option<(u32, u32, u32, u32)> = None;
    let mut records = 0usize;
    while pos + 4 <= stream.len() {
        let kind = u16::from_le_bytes([stream[pos], stream[pos + 1]]);
        let len = u16::from_le_bytes([stream[pos + 2], stream[pos + 3]]) as usize;
        let data = &stream[pos + 4..(pos + 4 + len).min(stream.len())];
        pos += 4 + len;
        records += 1;
        let at = |i: usize| -> Option<u32> {
            data.get(i..i + 2)
                .map(|b| u16::from_le_bytes([b[0], b[1]]) as u32)
        };
        let mut cell = |row: u32, first: u32, last: u32| {
            let b = bounds.get_or_insert((row, row, first, last));
            b.0 = b.0.min(row);
            b.1 = b.1.max(row);
            b.2 = b.2.min(first);
            b.3 = b.3.max(last);
        };
        match kind {
            // BOF: a new substream (sheet) begins.
            0x0809 => bounds = None,
            // Number, Label, RString, BoolErr, Rk, LabelSst, Formula: one cell at (row, col).
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
                if let (Some(r), Some(c)) = (at(0), at(2)) {
                    cell(r, c, c);
                }
            }
            // Dimensions: calamine reserves room for rows x columns of the range it declares.
            0x0200 if !dimensions_fit(data) => return Err(too_many_cells(name)),
            // MulRk: cells from a first to a last column of one row.
            0x00BD if data.len() >= 6 => {
                if let (Some(r), Some(c0), Some(c1)) = (at(0), at(2), at(data.len() - 2)) {
                    cell(r, c0, c1.max(c0));
                }
            }
            _ => {}
        }
        if let Some((r0, r1, c0, c1)) = bounds {
            let area = (r1 - r0 + 1) as u64 * (c1 - c0 + 1) as u64;
            if area > MAX_CELLS as u64 {
                return Err(too_many_cells(name));
            }
        }
        if records > MAX_CELLS * 4 {
            return Err(too_many_cells(name));
        }
    }
    Ok(())
}

/// Whether a DIMENSIONS record declares a range calamine can hold: read as calamine 0.38 reads
/// it (`parse_dimensions`), the range must not end before it starts (calamine's arithmetic would
/// wrap) and must span at most [`MAX_CELLS`] cells (calamine reserves that many up front).
fn dimensions_fit(data: &[u8]) -> bool {
    let u16_at = |i: usize| u16::from_le_bytes([data[i], data[i + 1]]) as u64;
    let u32_at =
        |i: usize| u32::from_le_bytes([data[i], data[i + 1], data[i + 2], data[i + 3]]) as u64;
    let (first_row, rows_end, mut first_col, cols_end) = match data.len() {
        10 => (u16_at(0), u16_at(2), u16_at(4), u16_at(6)),
        14 | 16 => (u32_at(0), u32_at(4), u16_at(8), u16_at(10)),
        // calamine refuses other lengths itself.
        _ => return true,
    };
    if first_col > 0xFF || cols_end < first_col {
        first_col = 0;
    }
    let (last_row, last_col) = if rows_end >= 1 && cols_end >= 1 {
        (rows_end - 1, cols_end - 1)
    } else {
        (first_row, first_col)
    };
    if last_row < first_row || last_col < first_col {
        return false;
    }
    (last_row - first_row + 1).saturating_mul(last_col - first_col + 1) <= MAX_CELLS as u64
}

fn workbook_stream(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut file = cfb::CompoundFile::open(std::io::Cursor::new(bytes)).ok()?;
    let path = ["/Workbook", "/Book"]
        .into_iter()
        .find(|p| file.is_stream(p))?;
    let stream = file.open_stream(path).ok()?;
    let mut data = Vec::new();
    stream.take(MAX_FILE_BYTES).read_to_end(&mut data).ok()?;
    Some(data)
}
