//! The `entry` table with its `entry_tag`, `entry_person` and `entry_receiver` rows: the
//! integrated chronology.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveTime;
use rusqlite::types::ToSql;
use rusqlite::{params, OptionalExtension, Row};

use super::{id_or_null, require, Reader, Writer};
use crate::dates::EventDate;
use crate::error::{Error, Result};
use crate::model::*;

/// The entry table's columns, in the order [`Writer::execute_insert`] binds them.
pub(super) const ENTRY_COLUMNS: &str = "id, date_precision, date_start, date_end, date_time,
    date_approximate, date_as_written, ends_on, recorded_on, sequence, agency_id, kind,
    suggested_kind, summary, detail, outcome, comment, child_seen, service_level, key_risk,
    practitioner_as_written, source_id, source_location, agency_comment";

/// `INSERT INTO entry` of every column, bound by [`Writer::execute_insert`].
pub(super) fn insert_entry_sql() -> String {
    format!(
        "INSERT INTO entry ({ENTRY_COLUMNS}) VALUES
         (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
          ?19, ?20, ?21, ?22, ?23, ?24)"
    )
}

/// Where each of [`ENTRY_COLUMNS`] is in a query's result, looked up by name once per query:
/// the chronology is read 100,000 rows at a time, and finding each column by name on every
/// row would cost more than reading the row.
struct EntryColumns {
    id: usize,
    date_precision: usize,
    date_start: usize,
    date_end: usize,
    date_time: usize,
    date_approximate: usize,
    date_as_written: usize,
    ends_on: usize,
    recorded_on: usize,
    sequence: usize,
    agency_id: usize,
    kind: usize,
    suggested_kind: usize,
    summary: usize,
    detail: usize,
    outcome: usize,
    comment: usize,
    child_seen: usize,
    service_level: usize,
    key_risk: usize,
    practitioner_as_written: usize,
    source_id: usize,
    source_location: usize,
    agency_comment: usize,
}

impl EntryColumns {
    fn of(r: &Row<'_>) -> rusqlite::Result<EntryColumns> {
        let stmt: &rusqlite::Statement<'_> = r.as_ref();
        let at = |name: &str| stmt.column_index(name);
        Ok(EntryColumns {
            id: at("id")?,
            date_precision: at("date_precision")?,
            date_start: at("date_start")?,
            date_end: at("date_end")?,
            date_time: at("date_time")?,
            date_approximate: at("date_approximate")?,
            date_as_written: at("date_as_written")?,
            ends_on: at("ends_on")?,
            recorded_on: at("recorded_on")?,
            sequence: at("sequence")?,
            agency_id: at("agency_id")?,
            kind: at("kind")?,
            suggested_kind: at("suggested_kind")?,
            summary: at("summary")?,
            detail: at("detail")?,
            outcome: at("outcome")?,
            comment: at("comment")?,
            child_seen: at("child_seen")?,
            service_level: at("service_level")?,
            key_risk: at("key_risk")?,
            practitioner_as_written: at("practitioner_as_written")?,
            source_id: at("source_id")?,
            source_location: at("source_location")?,
            agency_comment: at("agency_comment")?,
        })
    }
}

/// Reads entries (without their tags, people and receiving agencies) from rows of `SELECT {ENTRY_COLUMNS}`,
/// finding the columns by name on the first row.
#[derive(Default)]
struct EntryReader {
    columns: Option<EntryColumns>,
}

impl EntryReader {
    fn read(&mut self, r: &Row<'_>) -> rusqlite::Result<Entry> {
        let c = match self.columns.take() {
            Some(c) => c,
            None => EntryColumns::of(r)?,
        };
        let entry = Self::entry(r, &c);
        self.columns = Some(c);
        entry
    }

    fn entry(r: &Row<'_>, c: &EntryColumns) -> rusqlite::Result<Entry> {
        let source_id: Option<SourceId> = r.get(c.source_id)?;
        let location: String = r.get(c.source_location)?;
        Ok(Entry {
            id: r.get(c.id)?,
            date: EventDate {
                precision: r.get(c.date_precision)?,
                start: r.get(c.date_start)?,
                end: r.get(c.date_end)?,
                time: r.get::<_, Option<NaiveTime>>(c.date_time)?,
                approximate: r.get(c.date_approximate)?,
            },
            date_as_written: r.get(c.date_as_written)?,
            ends_on: r.get(c.ends_on)?,
            recorded_on: r.get(c.recorded_on)?,
            sequence: r.get(c.sequence)?,
            agency: r.get(c.agency_id)?,
            kind: r.get(c.kind)?,
            suggested_kind: r.get(c.suggested_kind)?,
            summary: r.get(c.summary)?,
            detail: r.get(c.detail)?,
            outcome: r.get(c.outcome)?,
            comment: r.get(c.comment)?,
            agency_comment: r.get(c.agency_comment)?,
            child_seen: r.get(c.child_seen)?,
            to_agencies: Vec::new(),
            suggested_to_agencies: Vec::new(),
            service_level: r.get(c.service_level)?,
            key_risk: r.get(c.key_risk)?,
            practitioner_as_written: r.get(c.practitioner_as_written)?,
            source: source_id.map(|document| SourceRef { document, location }),
            tags: Vec::new(),
            people: Vec::new(),
        })
    }
}

fn entry_person_from_row(r: &Row<'_>) -> rusqlite::Result<EntryPerson> {
    Ok(EntryPerson {
        person: r.get("person_id")?,
        involvement: r.get("involvement")?,
    })
}

impl Reader<'_> {
    /// How many entries the chronology holds.
    pub fn entry_count(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) AS entries FROM entry", [], |r| {
                r.get("entries")
            })?)
    }

    /// The whole integrated chronology, in order: date, time, same-day sequence, id.
    pub fn entries(&self) -> Result<Vec<Entry>> {
        let mut entries = self.all(
            &format!(
                "SELECT {ENTRY_COLUMNS} FROM entry
                 ORDER BY {}",
                super::order::CHRONOLOGY_ORDER
            ),
            {
                let mut reader = EntryReader::default();
                move |r| reader.read(r)
            },
        )?;
        let index: HashMap<EntryId, usize> =
            entries.iter().enumerate().map(|(i, e)| (e.id, i)).collect();
        for (id, tag) in self.all(
            "SELECT entry_id, tag FROM entry_tag ORDER BY entry_id, tag",
            |r| Ok((r.get::<_, EntryId>("entry_id")?, r.get::<_, String>("tag")?)),
        )? {
            if let Some(&i) = index.get(&id) {
                entries[i].tags.push(tag);
            }
        }
        for (id, person) in self.all(
            "SELECT entry_id, person_id, involvement FROM entry_person
             ORDER BY entry_id, rowid",
            |r| Ok((r.get::<_, EntryId>("entry_id")?, entry_person_from_row(r)?)),
        )? {
            if let Some(&i) = index.get(&id) {
                entries[i].people.push(person);
            }
        }
        for (id, agency, suggested) in self.all(
            "SELECT entry_id, agency_id, suggested FROM entry_receiver ORDER BY entry_id, rowid",
            |r| {
                Ok((
                    r.get::<_, EntryId>("entry_id")?,
                    r.get::<_, AgencyId>("agency_id")?,
                    r.get::<_, bool>("suggested")?,
                ))
            },
        )? {
            if let Some(&i) = index.get(&id) {
                let e = &mut entries[i];
                match suggested {
                    false => e.to_agencies.push(agency),
                    true => e.suggested_to_agencies.push(agency),
                }
            }
        }
        Ok(entries)
    }

    /// One entry with its tags and people.
    pub fn entry(&self, id: EntryId) -> Result<Entry> {
        let mut entry = self
            .conn
            .query_row(
                &format!("SELECT {ENTRY_COLUMNS} FROM entry WHERE id = ?1"),
                [id],
                |r| EntryReader::default().read(r),
            )
            .optional()?
            .ok_or_else(|| Error::Missing(format!("Entry {id} is not in this review.")))?;
        let mut stmt = self
            .conn
            .prepare_cached("SELECT tag FROM entry_tag WHERE entry_id = ?1 ORDER BY tag")?;
        entry.tags = stmt
            .query_map([id], |r| r.get("tag"))?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT person_id, involvement FROM entry_person WHERE entry_id = ?1 ORDER BY rowid",
        )?;
        entry.people = stmt
            .query_map([id], entry_person_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        (entry.to_agencies, entry.suggested_to_agencies) = self.entry_receivers(id)?;
        Ok(entry)
    }

    /// An entry's receiving agencies and the suggested ones, each in the order given.
    fn entry_receivers(&self, id: EntryId) -> Result<(Vec<AgencyId>, Vec<AgencyId>)> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT agency_id, suggested FROM entry_receiver WHERE entry_id = ?1 ORDER BY rowid",
        )?;
        let rows = stmt
            .query_map([id], |r| {
                Ok((
                    r.get::<_, AgencyId>("agency_id")?,
                    r.get::<_, bool>("suggested")?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let (mut given, mut suggested) = (Vec::new(), Vec::new());
        for (agency, is_suggested) in rows {
            match is_suggested {
                false => given.push(agency),
                true => suggested.push(agency),
            }
        }
        Ok((given, suggested))
    }
}

impl Writer<'_> {
    /// The entry's own rules ([`Entry::validate`]) and that what it names is in the review.
    fn check_entry(&self, entry: &Entry) -> Result<()> {
        entry.validate()?;
        let receivers = entry.to_agencies.iter().chain(&entry.suggested_to_agencies);
        for &agency in std::iter::once(&entry.agency).chain(receivers) {
            require(self.exists("agency", agency.0)?, || {
                format!("Agency {agency} is not in this review.")
            })?;
        }
        if let Some(source) = &entry.source {
            require(self.exists("source_document", source.document.0)?, || {
                format!("Source document {} is not in this review.", source.document)
            })?;
        }
        for p in &entry.people {
            require(self.exists("person", p.person.0)?, || {
                format!("Person {} is not in this review.", p.person)
            })?;
        }
        Ok(())
    }

    /// The values of [`ENTRY_COLUMNS`] for `entry`, in order.
    fn entry_params(entry: &Entry) -> Vec<Box<dyn ToSql + '_>> {
        vec![
            Box::new(id_or_null(entry.id.0)),
            Box::new(entry.date.precision),
            Box::new(entry.date.start),
            Box::new(entry.date.end),
            Box::new(entry.date.time),
            Box::new(entry.date.approximate),
            Box::new(entry.date_as_written.as_str()),
            Box::new(entry.ends_on),
            Box::new(entry.recorded_on),
            Box::new(entry.sequence),
            Box::new(entry.agency),
            Box::new(entry.kind),
            Box::new(entry.suggested_kind),
            Box::new(entry.summary.as_str()),
            Box::new(entry.detail.as_str()),
            Box::new(entry.outcome.as_str()),
            Box::new(entry.comment.as_str()),
            Box::new(entry.child_seen),
            Box::new(entry.service_level),
            Box::new(entry.key_risk.as_str()),
            Box::new(entry.practitioner_as_written.as_str()),
            Box::new(entry.source.as_ref().map(|s| s.document)),
            Box::new(
                entry
                    .source
                    .as_ref()
                    .map(|s| s.location.as_str())
                    .unwrap_or(""),
            ),
            Box::new(entry.agency_comment.as_str()),
        ]
    }

    /// Runs [`insert_entry_sql`] for `entry`, binding its values directly (an import runs it
    /// 100,000 times).
    pub(super) fn execute_insert(
        stmt: &mut rusqlite::CachedStatement<'_>,
        entry: &Entry,
    ) -> rusqlite::Result<usize> {
        let source = entry.source.as_ref();
        stmt.execute(params![
            id_or_null(entry.id.0),
            entry.date.precision,
            entry.date.start,
            entry.date.end,
            entry.date.time,
            entry.date.approximate,
            entry.date_as_written,
            entry.ends_on,
            entry.recorded_on,
            entry.sequence,
            entry.agency,
            entry.kind,
            entry.suggested_kind,
            entry.summary,
            entry.detail,
            entry.outcome,
            entry.comment,
            entry.child_seen,
            entry.service_level,
            entry.key_risk,
            entry.practitioner_as_written,
            source.map(|s| s.document),
            source.map(|s| s.location.as_str()).unwrap_or(""),
            entry.agency_comment,
        ])
    }

    /// Adds an entry with its tags and people; an id of 0 lets the store choose one.
    pub fn insert_entry(&self, entry: &Entry) -> Result<EntryId> {
        self.check_entry(entry)?;
        let mut stmt = self.conn().prepare_cached(&insert_entry_sql())?;
        Self::execute_insert(&mut stmt, entry)?;
        let id = EntryId(self.last_id());
        self.sync_entry_tags(id, &entry.tags)?;
        self.sync_entry_people(id, &entry.people)?;
        self.sync_entry_receivers(id, entry)?;
        Ok(id)
    }

    /// Changes an entry, its tags and its people.
    pub fn update_entry(&self, entry: &Entry) -> Result<()> {
        self.check_entry(entry)?;
        let values = Self::entry_params(entry);
        let n = self
            .conn()
            .prepare_cached(
                "UPDATE entry SET date_precision = ?2, date_start = ?3, date_end = ?4,
                 date_time = ?5, date_approximate = ?6, date_as_written = ?7, ends_on = ?8,
                 recorded_on = ?9, sequence = ?10, agency_id = ?11, kind = ?12,
                 suggested_kind = ?13, summary = ?14, detail = ?15, outcome = ?16,
                 comment = ?17, child_seen = ?18, service_level = ?19, key_risk = ?20,
                 practitioner_as_written = ?21, source_id = ?22, source_location = ?23,
                 agency_comment = ?24
             WHERE id = ?1",
            )?
            .execute(rusqlite::params_from_iter(
                values.iter().map(|b| b.as_ref()),
            ))?;
        require(n == 1, || {
            format!("Entry {} is not in this review.", entry.id)
        })?;
        self.sync_entry_tags(entry.id, &entry.tags)?;
        self.sync_entry_people(entry.id, &entry.people)?;
        self.sync_entry_receivers(entry.id, entry)?;
        Ok(())
    }

    /// Removes an entry (its links, tags, people and KPE membership go with it).
    pub fn delete_entry(&self, id: EntryId) -> Result<()> {
        let n = self
            .conn()
            .execute("DELETE FROM entry WHERE id = ?1", [id])?;
        require(n == 1, || format!("Entry {id} is not in this review."))
    }

    /// Makes the entry's tags exactly `tags` (trimmed, lower case, without blanks).
    pub(super) fn sync_entry_tags(&self, id: EntryId, tags: &[String]) -> Result<()> {
        let wanted: BTreeSet<String> = tags
            .iter()
            .map(|t| t.trim().to_lowercase())
            .filter(|t| !t.is_empty())
            .collect();
        let have: BTreeSet<String> = {
            let mut stmt = self
                .conn()
                .prepare_cached("SELECT tag FROM entry_tag WHERE entry_id = ?1")?;
            let rows = stmt
                .query_map([id], |r| r.get("tag"))?
                .collect::<rusqlite::Result<_>>()?;
            rows
        };
        for gone in have.difference(&wanted) {
            self.conn().execute(
                "DELETE FROM entry_tag WHERE entry_id = ?1 AND tag = ?2",
                params![id, gone],
            )?;
        }
        let mut insert = self
            .conn()
            .prepare_cached("INSERT INTO entry_tag (entry_id, tag) VALUES (?1, ?2)")?;
        for new in wanted.difference(&have) {
            insert.execute(params![id, new])?;
        }
        Ok(())
    }

    /// Makes the entry's people exactly `people` (first mention kept, repeats dropped).
    pub(super) fn sync_entry_people(&self, id: EntryId, people: &[EntryPerson]) -> Result<()> {
        let have: Vec<EntryPerson> = {
            let mut stmt = self.conn().prepare_cached(
                "SELECT person_id, involvement FROM entry_person WHERE entry_id = ?1
                 ORDER BY rowid",
            )?;
            let rows = stmt
                .query_map([id], entry_person_from_row)?
                .collect::<rusqlite::Result<_>>()?;
            rows
        };
        let mut wanted: Vec<&EntryPerson> = Vec::new();
        for p in people {
            if !wanted.contains(&p) {
                wanted.push(p);
            }
        }
        for gone in have.iter().filter(|p| !wanted.contains(p)) {
            self.conn().execute(
                "DELETE FROM entry_person WHERE entry_id = ?1 AND person_id = ?2
                 AND involvement = ?3",
                params![id, gone.person, gone.involvement],
            )?;
        }
        let mut insert = self.conn().prepare_cached(
            "INSERT INTO entry_person (entry_id, person_id, involvement) VALUES (?1, ?2, ?3)",
        )?;
        for new in wanted.into_iter().filter(|p| !have.contains(p)) {
            insert.execute(params![id, new.person, new.involvement])?;
        }
        Ok(())
    }

    /// Makes the entry's receiving agencies and suggested ones exactly those of `entry`, in
    /// its order (repeats dropped). Rows already right are left alone; when the order changes
    /// the rows are written again, so the order read back (by rowid) is the one given.
    pub(super) fn sync_entry_receivers(&self, id: EntryId, entry: &Entry) -> Result<()> {
        let wanted = receiver_rows(entry);
        let have: Vec<(AgencyId, bool)> = {
            let mut stmt = self.conn().prepare_cached(
                "SELECT agency_id, suggested FROM entry_receiver WHERE entry_id = ?1
                 ORDER BY rowid",
            )?;
            let rows = stmt
                .query_map([id], |r| Ok((r.get("agency_id")?, r.get("suggested")?)))?
                .collect::<rusqlite::Result<_>>()?;
            rows
        };
        // Keep the longest run of rows that is already in the wanted order; rewrite the rest.
        let kept = have.iter().zip(&wanted).take_while(|(h, w)| h == w).count();
        for (agency, suggested) in &have[kept..] {
            self.conn().execute(
                "DELETE FROM entry_receiver WHERE entry_id = ?1 AND agency_id = ?2
                 AND suggested = ?3",
                params![id, agency, suggested],
            )?;
        }
        let mut insert = self.conn().prepare_cached(
            "INSERT INTO entry_receiver (entry_id, agency_id, suggested) VALUES (?1, ?2, ?3)",
        )?;
        for (agency, suggested) in &wanted[kept..] {
            insert.execute(params![id, agency, suggested])?;
        }
        Ok(())
    }
}

/// The `entry_receiver` rows `entry` should have, in order: its receiving agencies, then the
/// suggested ones (each agency once per list).
pub(super) fn receiver_rows(entry: &Entry) -> Vec<(AgencyId, bool)> {
    let mut rows: Vec<(AgencyId, bool)> = Vec::new();
    for (list, suggested) in [
        (&entry.to_agencies, false),
        (&entry.suggested_to_agencies, true),
    ] {
        for &agency in list {
            if !rows.contains(&(agency, suggested)) {
                rows.push((agency, suggested));
            }
        }
    }
    rows
}
