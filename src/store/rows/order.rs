//! The chronology's order, written once: the order `entries` lists entries in and the one
//! `entry_order` numbers them by (`crate::numbering` numbers rows from it), so a screen can
//! number a large chronology without reading every entry.

use super::Reader;
use crate::error::Result;
use crate::model::EntryId;

/// The chronology's order: date, untimed before timed entries on a day (SQLite sorts a
/// missing time first), time, the order on the day, id. It is the `entry_order` index's, so
/// reading in this order never sorts.
pub(super) const CHRONOLOGY_ORDER: &str = "date_start, date_time, sequence, id";

impl Reader<'_> {
    /// Every entry's id, in the chronology's order.
    pub fn entry_order(&self) -> Result<Vec<EntryId>> {
        self.all(
            &format!("SELECT id FROM entry ORDER BY {CHRONOLOGY_ORDER}"),
            |r| r.get("id"),
        )
    }
}
