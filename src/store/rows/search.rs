//! Full-text search over entries (the `entry_fts` index, kept exact by the store).

use std::collections::{HashMap, HashSet};

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
    ///
    /// In two steps, so that a search matching most of a large chronology stays quick: the
    /// first `limit` matching entries in chronological order (the order's index read from the
    /// start, each entry looked up in the set of matches, instead of sorting every match),
    /// then their snippets from one pass over the index between the lowest and highest of
    /// them (snippets cost most: made for the entries shown, and for other matches only where
    /// entries added far apart are shown together, so never more than sorting every match).
    pub fn search(&self, query: &str, limit: u32) -> Result<Vec<EntryMatch>> {
        let terms: Vec<String> = query
            .split(|c: char| !c.is_alphanumeric())
            .filter(|t| !t.is_empty())
            .map(|t| format!("\"{}\"*", t.replace('"', "")))
            .collect();
        if terms.is_empty() {
            return Ok(Vec::new());
        }
        let query = terms.join(" ");
        let ids: Vec<EntryId> = self
            .conn
            .prepare_cached(&format!(
                "SELECT id FROM entry INDEXED BY entry_order
                 WHERE id IN (SELECT rowid FROM entry_fts WHERE entry_fts MATCH ?1)
                 ORDER BY {CHRONOLOGY_ORDER} LIMIT ?2"
            ))?
            .query_map(params![query, limit], |r| r.get("id"))?
            .collect::<rusqlite::Result<_>>()?;
        let (Some(&low), Some(&high)) = (ids.iter().min(), ids.iter().max()) else {
            return Ok(Vec::new());
        };
        let wanted: HashSet<EntryId> = ids.iter().copied().collect();
        let mut snippets: HashMap<EntryId, String> = HashMap::with_capacity(ids.len());
        let mut stmt = self.conn.prepare_cached(
            "SELECT rowid AS id, snippet(entry_fts, -1, '[', ']', '…', 12) AS snippet
             FROM entry_fts WHERE entry_fts MATCH ?1 AND rowid BETWEEN ?2 AND ?3",
        )?;
        let mut rows = stmt.query(params![query, low, high])?;
        while let Some(row) = rows.next()? {
            let id: EntryId = row.get("id")?;
            if wanted.contains(&id) {
                snippets.insert(id, row.get("snippet")?);
            }
        }
        Ok(ids
            .into_iter()
            .map(|entry| EntryMatch {
                snippet: snippets.remove(&entry).unwrap_or_default(),
                entry,
            })
            .collect())
    }
}
