//! Entries by their chronology row: the numbering the app shows ("row 58"), served from the
//! core's one numbering (`crate::numbering`) so the History, the flags screen, the entry
//! view and the Word export agree.

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::error::Result;
use crate::model::{EntryId, Flag};
use crate::store::Reader;

use super::Session;

/// One entry's row in the chronology (1 = first).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct EntryRow {
    /// The entry.
    pub entry: EntryId,
    /// Its row in the chronology, 1 for the first.
    pub row: u32,
}

impl Session {
    /// Every entry's row in the chronology, in the chronology's order.
    pub fn entry_rows(&self) -> Result<Vec<EntryRow>> {
        let order = self.store_ref()?.read().entry_order()?;
        Ok(order
            .into_iter()
            .enumerate()
            .map(|(i, entry)| EntryRow {
                entry,
                row: i as u32 + 1,
            })
            .collect())
    }
}

/// The review's flags as a person reads them: explanations cite chronology rows, not ids.
pub(super) fn flags_as_read(r: &Reader<'_>) -> Result<Vec<Flag>> {
    let rows = crate::numbering::rows_from_order(&r.entry_order()?);
    Ok(crate::numbering::readable_flags(r.flags()?, &rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_served_in_order_and_flags_cite_them() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("demo.chronolane");
        let mut session = Session::without_app_files();
        session.set_store(crate::demo::write_demo(&path).unwrap());
        let today = chrono::NaiveDate::from_ymd_opt(2022, 1, 10).unwrap();
        session.run_analysis_on(today).unwrap();
        let rows = session.entry_rows().unwrap();
        assert!(rows.iter().enumerate().all(|(i, r)| r.row == i as u32 + 1));
        let panel = session.flags_panel_on(today).unwrap();
        assert!(!panel.flags.is_empty());
        for f in &panel.flags {
            assert!(
                !f.explanation.contains("(entry "),
                "an explanation still cites an id: {}",
                f.explanation
            );
        }
        assert!(panel.flags.iter().any(|f| f.explanation.contains("(row ")));
    }
}
