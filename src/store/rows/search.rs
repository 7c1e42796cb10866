//! Full-text search over entries (the `entry_fts` index, kept exact by the store).

use rusqlite::params;
use serde::Serialize;
use specta::Type;

use super::order::CHRONOLOGY_ORDER;
use super::Reader;
use crate::error::Result;
use crate::model::*;

/// A full-text search hit.
#[derive(Clone, Debug, PartialEq, Serialize, Type)]
pub struct EntryMatch {
    /// The entry found.
    pub entry: EntryId,
    /// The matching text with the hit between `[` and `]`.
    pub snippet: String,
}

impl Reader<'_> {
    /// Full-text search over entries' text. Each word of `query` must match (as a prefix);
    /// results come in chronological order, at most `limit`.
    pub fn search(&self, query: &str, limit: u32) -> Result<Vec<EntryMatch>> {
        let terms: Vec<String> = query
            .split(|c: char| !c.is_alphanumeric())
            .filter(|t| !t.is_empty())
            .map(|t| format!("\"{}\"*", t.replace('"', "")))
            .collect();
        if terms.is_empty() {
            return Ok(Vec::new());
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT e.id, snippet(entry_fts, -1, '[', ']', '…', 12) AS snippet
             FROM entry_fts JOIN entry e ON e.id = entry_fts.rowid
             WHERE entry_fts MATCH ?1
             ORDER BY e.date_start, e.date_time, e.sequence, e.id LIMIT ?2",
        )?;
        let rows = stmt
            .query_map(params![terms.join(" "), limit], |r| {
                Ok(EntryMatch {
                    entry: r.get("id")?,
                    snippet: r.get("snippet")?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }
}
