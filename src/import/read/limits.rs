//! The limits every reader enforces before it allocates, so that a hostile or broken file is
//! refused in seconds with a clear message instead of exhausting memory or never returning.
//!
//! Peak memory while reading is bounded by these numbers, not by what a file claims: the file
//! itself (at most [`MAX_FILE_BYTES`]), one unpacked XML part at a time in a streaming parser
//! (at most [`MAX_PART_BYTES`]), and the cells kept (at most [`MAX_CELLS`] cells of at most
//! [`MAX_CELL_CHARS`] characters each).

use crate::error::{Error, Result};

/// The largest file the importer reads (bytes). Agency chronologies are kilobytes to a few
/// megabytes; anything this large is almost certainly the wrong file.
pub const MAX_FILE_BYTES: u64 = 150 * 1024 * 1024;

/// The most rows one table may have. An integrated chronology has a few thousand entries;
/// this is well above any real submission and keeps a million-row export from filling memory.
pub const MAX_ROWS: usize = 200_000;

/// The most columns a row may have: Excel's own limit (column XFD).
pub const MAX_COLUMNS: usize = 16_384;

/// The most cells (empty ones inside a row included) kept from one file: 200,000 rows of 20
/// columns. Each cell costs at least 24 bytes, so this bounds the table to ~100 MB plus text.
pub const MAX_CELLS: usize = 4_000_000;

/// The most characters kept from one cell (longer text is kept up to this and reported).
pub const MAX_CELL_CHARS: usize = 100_000;

/// The longest shared string (bytes of XML text) accepted in a workbook: ten times the longest
/// cell kept. A longer one is a damaged or hostile file.
pub const MAX_SHARED_STRING_BYTES: usize = 10 * MAX_CELL_CHARS;

/// The most bytes one part of a ZIP container (a sheet, the shared strings) may unpack to.
pub const MAX_PART_BYTES: u64 = 256 * 1024 * 1024;

/// The most bytes all the parts of a ZIP container may unpack to together.
pub const MAX_UNPACKED_BYTES: u64 = 512 * 1024 * 1024;

/// The most entries in a ZIP container (a workbook has tens).
pub const MAX_ZIP_ENTRIES: usize = 10_000;

/// The deepest XML nesting accepted (Office documents nest a few tens of levels).
pub const MAX_XML_DEPTH: usize = 256;

/// Counts the cells a reader keeps and refuses the file once it passes [`MAX_CELLS`]; asked
/// before a row is grown, so the refusal comes before the allocation.
#[derive(Debug, Default)]
pub struct CellBudget {
    used: usize,
}

impl CellBudget {
    /// Accounts for `n` more cells of `name`.
    pub fn take(&mut self, name: &str, n: usize) -> Result<()> {
        self.used = self.used.saturating_add(n);
        if self.used > MAX_CELLS {
            return Err(too_many_cells(name));
        }
        Ok(())
    }
}

/// The refusal for a file with more cells than [`MAX_CELLS`].
pub fn too_many_cells(name: &str) -> Error {
    Error::Invalid(format!(
        "{name} has more than {MAX_CELLS} cells, more than Chronolane imports from one file. An \
         agency chronology has a few thousand rows of a few columns: check it is the right file, \
         delete empty or unused columns and rows, or split it and import the parts. Nothing was \
         imported."
    ))
}

/// The refusal for a row wider than [`MAX_COLUMNS`].
pub fn too_many_columns(name: &str, row: usize) -> Error {
    Error::Invalid(format!(
        "{name} has a row ({row}) with more than {MAX_COLUMNS} columns, more than a spreadsheet \
         can hold: the file is damaged or is not a chronology. Open it in a spreadsheet program \
         and save it again, or export the sheet as CSV. Nothing was imported."
    ))
}

/// The refusal for a table with more than [`MAX_ROWS`] rows.
pub fn too_many_rows(name: &str) -> Error {
    Error::Invalid(format!(
        "{name} has more than {MAX_ROWS} rows, more than Chronolane imports from one table. \
         An agency chronology is hundreds to a few thousand rows: check it is the right file, \
         or split it and import the parts. Nothing was imported."
    ))
}
