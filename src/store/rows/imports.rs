//! An import's entries written at once ([`Writer::insert_imported_entries`]): checked once,
//! inserted through prepared statements, indexed for search in one statement and recorded
//! for undo as sets of rows (see `store/sets.rs`) rather than one row image each.

use std::collections::BTreeSet;

use rusqlite::params;

use super::entries::{insert_entry_sql, receiver_rows};
use super::{require, Writer};
use crate::error::{Error, Result};
use crate::model::*;
use crate::store::sets::{self, Paused, SET_TABLES};

impl Writer<'_> {
    /// Adds many entries at once (an import), with their tags and people, inside the
    /// caller's change set. The agencies, source documents and people they name are checked
    /// once before anything is written. `progress(done)` is called every 1,000 rows and at
    /// the end; returning `false` stops with [`Error::Cancelled`], and the caller's change set
    /// then rolls everything back.
    ///
    /// New entries (id 0) are recorded by set: search finds them and undo removes them
    /// exactly as if they had been written one by one. Entries with ids of their own are
    /// written one by one.
    pub fn insert_imported_entries(
        &self,
        entries: &[Entry],
        progress: &mut dyn FnMut(u32) -> bool,
    ) -> Result<Vec<EntryId>> {
        self.check_imported(entries)?;
        if entries.iter().any(|e| e.id.0 != 0) {
            return self.insert_one_by_one(entries, progress);
        }
        let conn = self.conn();
        let before: Vec<i64> = SET_TABLES
            .iter()
            .map(|t| sets::max_rowid(conn, t))
            .collect::<Result<_>>()?;
        let paused = Paused::new(conn, SET_TABLES)?;
        let mut insert_entry = conn.prepare_cached(&insert_entry_sql())?;
        let mut insert_person = conn.prepare_cached(
            "INSERT INTO entry_person (entry_id, person_id, involvement) VALUES (?1, ?2, ?3)",
        )?;
        let mut insert_tag =
            conn.prepare_cached("INSERT INTO entry_tag (entry_id, tag) VALUES (?1, ?2)")?;
        let mut insert_receiver = conn.prepare_cached(
            "INSERT INTO entry_receiver (entry_id, agency_id, suggested) VALUES (?1, ?2, ?3)",
        )?;
        let mut ids = Vec::with_capacity(entries.len());
        let (mut people, mut tags, mut receivers) = (0i64, 0i64, 0i64);
        for (i, entry) in entries.iter().enumerate() {
            Self::execute_insert(&mut insert_entry, entry)?;
            let id = EntryId(self.last_id());
            let mut seen: Vec<&EntryPerson> = Vec::new();
            for p in &entry.people {
                if !seen.contains(&p) {
                    seen.push(p);
                    insert_person.execute(params![id, p.person, p.involvement])?;
                    people += 1;
                }
            }
            let wanted: BTreeSet<String> = entry
                .tags
                .iter()
                .map(|t| t.trim().to_lowercase())
                .filter(|t| !t.is_empty())
                .collect();
            for tag in &wanted {
                insert_tag.execute(params![id, tag])?;
                tags += 1;
            }
            for (agency, suggested) in receiver_rows(entry) {
                insert_receiver.execute(params![id, agency, suggested])?;
                receivers += 1;
            }
            ids.push(id);
            if (i + 1) % 1000 == 0 && !progress((i + 1) as u32) {
                return Err(Error::Cancelled);
            }
        }
        for ((table, before), count) in
            SET_TABLES
                .iter()
                .zip(before)
                .zip([entries.len() as i64, people, tags, receivers])
        {
            sets::inserted(conn, table, before, count)?;
        }
        drop(paused);
        if !progress(entries.len() as u32) {
            return Err(Error::Cancelled);
        }
        Ok(ids)
    }

    /// Checks every entry ([`Entry::validate`]), and that the agencies, source documents and people the
    /// entries name are in the review, each once.
    fn check_imported(&self, entries: &[Entry]) -> Result<()> {
        let mut agencies = BTreeSet::new();
        let mut sources = BTreeSet::new();
        let mut people = BTreeSet::new();
        for e in entries {
            e.validate()?;
            agencies.insert(e.agency);
            agencies.extend(e.to_agencies.iter().chain(&e.suggested_to_agencies));
            sources.extend(e.source.as_ref().map(|s| s.document));
            people.extend(e.people.iter().map(|p| p.person.0));
        }
        for a in &agencies {
            require(self.exists("agency", a.0)?, || {
                format!("Agency {a} is not in this review.")
            })?;
        }
        for s in &sources {
            require(self.exists("source_document", s.0)?, || {
                format!("Source document {s} is not in this review.")
            })?;
        }
        for p in &people {
            require(self.exists("person", *p)?, || {
                format!("Person {p} is not in this review.")
            })?;
        }
        Ok(())
    }

    /// Entries with ids of their own, written and audited one by one.
    fn insert_one_by_one(
        &self,
        entries: &[Entry],
        progress: &mut dyn FnMut(u32) -> bool,
    ) -> Result<Vec<EntryId>> {
        let mut stmt = self.conn().prepare_cached(&insert_entry_sql())?;
        let mut ids = Vec::with_capacity(entries.len());
        for (i, entry) in entries.iter().enumerate() {
            Self::execute_insert(&mut stmt, entry)?;
            let id = EntryId(self.last_id());
            self.sync_entry_tags(id, &entry.tags)?;
            self.sync_entry_people(id, &entry.people)?;
            self.sync_entry_receivers(id, entry)?;
            ids.push(id);
            if (i + 1) % 1000 == 0 && !progress((i + 1) as u32) {
                return Err(Error::Cancelled);
            }
        }
        if !progress(entries.len() as u32) {
            return Err(Error::Cancelled);
        }
        Ok(ids)
    }
}
