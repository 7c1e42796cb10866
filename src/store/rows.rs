//! Typed reads ([`Reader`]) and writes ([`Writer`]) of every table. The only SQL in the
//! crate outside migrations lives here and in `audit.rs`.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveTime;
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;
use specta::Type;

use crate::dates::{DatePrecision, EventDate};
use crate::error::{Error, Result};
use crate::model::*;

macro_rules! sql_vocabulary {
    ($($t:ty),+ $(,)?) => {$(
        impl ToSql for $t {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.code()))
            }
        }
        impl FromSql for $t {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                let text = value.as_str()?;
                <$t>::from_code(text).ok_or_else(|| {
                    FromSqlError::Other(
                        format!("'{text}' is not a known {} code", stringify!($t)).into(),
                    )
                })
            }
        }
    )+};
}

sql_vocabulary!(
    ReviewMethod,
    Sector,
    EntryKind,
    ChildSeen,
    ServiceLevel,
    PersonKind,
    Involvement,
    LinkKind,
    ContributoryFactor,
    AppraisalGrade,
    FindingCategory,
    FlagKind,
    Severity,
    FlagStatus,
    DatePrecision,
);

macro_rules! sql_id {
    ($($t:ident),+ $(,)?) => {$(
        impl ToSql for $t {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                self.0.to_sql()
            }
        }
        impl FromSql for $t {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                i64::column_result(value).map($t)
            }
        }
    )+};
}

sql_id!(
    AreaId,
    AgencyId,
    PersonId,
    SourceId,
    EntryId,
    LinkId,
    KpeId,
    FindingId,
    FlagId,
    ProtocolRuleId
);

/// A full-text search hit.
#[derive(Clone, Debug, PartialEq, Serialize, Type)]
pub struct EntryMatch {
    /// The entry found.
    pub entry: EntryId,
    /// The matching text with the hit between `[` and `]`.
    pub snippet: String,
}

/// Typed queries over one review.
#[derive(Clone, Copy)]
pub struct Reader<'c> {
    pub(super) conn: &'c Connection,
}

/// Typed changes to one review; only handed out inside [`super::Store::change`] (and when a
/// file is first filled), so every change is transactional and audited.
pub struct Writer<'c> {
    reader: Reader<'c>,
}

impl<'c> std::ops::Deref for Writer<'c> {
    type Target = Reader<'c>;
    fn deref(&self) -> &Reader<'c> {
        &self.reader
    }
}

const ENTRY_COLUMNS: &str = "id, date_precision, date_start, date_end, date_time, date_approximate,
    date_as_written, ends_on, recorded_on, sequence, agency_id, kind, suggested_kind, summary,
    detail, outcome, comment, child_seen, to_agency_id, suggested_to_agency_id, service_level,
    key_risk, practitioner_as_written, source_id, source_location, agency_comment";

fn entry_from_row(r: &Row<'_>) -> rusqlite::Result<Entry> {
    let source_id: Option<SourceId> = r.get(23)?;
    let location: String = r.get(24)?;
    Ok(Entry {
        id: r.get(0)?,
        date: EventDate {
            precision: r.get(1)?,
            start: r.get(2)?,
            end: r.get(3)?,
            time: r.get::<_, Option<NaiveTime>>(4)?,
            approximate: r.get(5)?,
        },
        date_as_written: r.get(6)?,
        ends_on: r.get(7)?,
        recorded_on: r.get(8)?,
        sequence: r.get(9)?,
        agency: r.get(10)?,
        kind: r.get(11)?,
        suggested_kind: r.get(12)?,
        summary: r.get(13)?,
        detail: r.get(14)?,
        outcome: r.get(15)?,
        comment: r.get(16)?,
        agency_comment: r.get(25)?,
        child_seen: r.get(17)?,
        to_agency: r.get(18)?,
        suggested_to_agency: r.get(19)?,
        service_level: r.get(20)?,
        key_risk: r.get(21)?,
        practitioner_as_written: r.get(22)?,
        source: source_id.map(|document| SourceRef { document, location }),
        tags: Vec::new(),
        people: Vec::new(),
    })
}

fn json_list<T: serde::de::DeserializeOwned>(text: String) -> rusqlite::Result<Vec<T>> {
    serde_json::from_str(&text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

impl<'c> Reader<'c> {
    pub(super) fn new(conn: &'c Connection) -> Self {
        Reader { conn }
    }

    fn all<T>(
        &self,
        sql: &str,
        map: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map([], map)?.collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// The review's own details.
    pub fn review(&self) -> Result<Review> {
        Ok(self.conn.query_row(
            "SELECT title, subject, method, commissioned_by, scope_start, scope_end, notes,
                    child_date_of_birth
             FROM review WHERE id = 1",
            [],
            |r| {
                Ok(Review {
                    title: r.get(0)?,
                    subject: r.get(1)?,
                    method: r.get(2)?,
                    commissioned_by: r.get(3)?,
                    scope_start: r.get(4)?,
                    scope_end: r.get(5)?,
                    notes: r.get(6)?,
                    child_date_of_birth: r.get(7)?,
                })
            },
        )?)
    }

    /// The analysis settings as stored (JSON; `{}` means all defaults).
    pub fn analysis_settings_json(&self) -> Result<String> {
        Ok(self.conn.query_row(
            "SELECT analysis_settings FROM review WHERE id = 1",
            [],
            |r| r.get(0),
        )?)
    }

    /// The areas, in display order.
    pub fn areas(&self) -> Result<Vec<Area>> {
        self.all(
            "SELECT id, name, position FROM area ORDER BY position, id",
            |r| {
                Ok(Area {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    position: r.get(2)?,
                })
            },
        )
    }

    /// The agencies, in lane order (grouped by area).
    pub fn agencies(&self) -> Result<Vec<Agency>> {
        self.all(
            "SELECT a.id, a.name, a.short_name, a.sector, a.area_id, a.lane_order, a.colour
             FROM agency a LEFT JOIN area ar ON ar.id = a.area_id
             ORDER BY ar.position IS NULL, ar.position, a.lane_order, a.id",
            |r| {
                Ok(Agency {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    short_name: r.get(2)?,
                    sector: r.get(3)?,
                    area: r.get(4)?,
                    lane_order: r.get(5)?,
                    colour: r.get(6)?,
                })
            },
        )
    }

    /// One agency.
    pub fn agency(&self, id: AgencyId) -> Result<Agency> {
        self.agencies()?
            .into_iter()
            .find(|a| a.id == id)
            .ok_or_else(|| Error::Missing(format!("Agency {id} is not in this review.")))
    }

    /// The people glossary, by label.
    pub fn people(&self) -> Result<Vec<Person>> {
        self.all(
            "SELECT id, label, real_name, aliases, role, kind, agency_id, date_of_birth
             FROM person ORDER BY kind, label COLLATE NOCASE, id",
            |r| {
                Ok(Person {
                    id: r.get(0)?,
                    label: r.get(1)?,
                    real_name: r.get(2)?,
                    aliases: json_list(r.get(3)?)?,
                    role: r.get(4)?,
                    kind: r.get(5)?,
                    agency: r.get(6)?,
                    date_of_birth: r.get(7)?,
                })
            },
        )
    }

    /// The source documents, oldest import first.
    pub fn sources(&self) -> Result<Vec<SourceDocument>> {
        self.all(
            "SELECT id, file_name, content_hash, agency_id, received_on, imported_at, notes
             FROM source_document ORDER BY id",
            |r| {
                Ok(SourceDocument {
                    id: r.get(0)?,
                    file_name: r.get(1)?,
                    content_hash: r.get(2)?,
                    agency: r.get(3)?,
                    received_on: r.get(4)?,
                    imported_at: r.get(5)?,
                    notes: r.get(6)?,
                })
            },
        )
    }

    /// The source documents already imported with this content hash.
    pub fn sources_with_hash(&self, hash: &str) -> Result<Vec<SourceDocument>> {
        Ok(self
            .sources()?
            .into_iter()
            .filter(|s| s.content_hash == hash)
            .collect())
    }

    /// How many entries the chronology holds.
    pub fn entry_count(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM entry", [], |r| r.get(0))?)
    }

    /// The whole integrated chronology, in order: date, time, same-day sequence, id.
    pub fn entries(&self) -> Result<Vec<Entry>> {
        let mut entries = self.all(
            &format!(
                "SELECT {ENTRY_COLUMNS} FROM entry
                 ORDER BY date_start, date_time IS NOT NULL, date_time, sequence, id"
            ),
            entry_from_row,
        )?;
        let index: HashMap<EntryId, usize> =
            entries.iter().enumerate().map(|(i, e)| (e.id, i)).collect();
        for (id, tag) in self.all(
            "SELECT entry_id, tag FROM entry_tag ORDER BY entry_id, tag",
            |r| Ok((r.get::<_, EntryId>(0)?, r.get::<_, String>(1)?)),
        )? {
            if let Some(&i) = index.get(&id) {
                entries[i].tags.push(tag);
            }
        }
        for (id, person, involvement) in self.all(
            "SELECT entry_id, person_id, involvement FROM entry_person
             ORDER BY entry_id, rowid",
            |r| Ok((r.get::<_, EntryId>(0)?, r.get(1)?, r.get(2)?)),
        )? {
            if let Some(&i) = index.get(&id) {
                entries[i].people.push(EntryPerson {
                    person,
                    involvement,
                });
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
                entry_from_row,
            )
            .optional()?
            .ok_or_else(|| Error::Missing(format!("Entry {id} is not in this review.")))?;
        let mut stmt = self
            .conn
            .prepare_cached("SELECT tag FROM entry_tag WHERE entry_id = ?1 ORDER BY tag")?;
        entry.tags = stmt
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT person_id, involvement FROM entry_person WHERE entry_id = ?1 ORDER BY rowid",
        )?;
        entry.people = stmt
            .query_map([id], |r| {
                Ok(EntryPerson {
                    person: r.get(0)?,
                    involvement: r.get(1)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(entry)
    }

    /// The reviewer-made links between entries.
    pub fn links(&self) -> Result<Vec<Link>> {
        self.all(
            "SELECT id, from_entry_id, to_entry_id, kind, note FROM link ORDER BY id",
            |r| {
                Ok(Link {
                    id: r.get(0)?,
                    from: r.get(1)?,
                    to: r.get(2)?,
                    kind: r.get(3)?,
                    note: r.get(4)?,
                })
            },
        )
    }

    /// The Key Practice Episodes, by number.
    pub fn kpes(&self) -> Result<Vec<KeyPracticeEpisode>> {
        let mut kpes = self.all(
            "SELECT id, number, title, starts_on, ends_on, what_happened, appraisal_grade,
                    appraisal, view_from_tunnel, what_went_well
             FROM kpe ORDER BY number, id",
            |r| {
                Ok(KeyPracticeEpisode {
                    id: r.get(0)?,
                    number: r.get(1)?,
                    title: r.get(2)?,
                    starts_on: r.get(3)?,
                    ends_on: r.get(4)?,
                    what_happened: r.get(5)?,
                    appraisal_grade: r.get(6)?,
                    appraisal: r.get(7)?,
                    view_from_tunnel: r.get(8)?,
                    factors: Vec::new(),
                    what_went_well: r.get(9)?,
                    entries: Vec::new(),
                })
            },
        )?;
        let index: HashMap<KpeId, usize> =
            kpes.iter().enumerate().map(|(i, k)| (k.id, i)).collect();
        for (kpe, entry) in self.all(
            "SELECT ke.kpe_id, ke.entry_id FROM kpe_entry ke JOIN entry e ON e.id = ke.entry_id
             ORDER BY ke.kpe_id, e.date_start, e.date_time, e.sequence, e.id",
            |r| Ok((r.get::<_, KpeId>(0)?, r.get(1)?)),
        )? {
            if let Some(&i) = index.get(&kpe) {
                kpes[i].entries.push(entry);
            }
        }
        for (kpe, factor, note) in self.all(
            "SELECT kpe_id, factor, note FROM kpe_factor ORDER BY kpe_id, position, id",
            |r| Ok((r.get::<_, KpeId>(0)?, r.get(1)?, r.get(2)?)),
        )? {
            if let Some(&i) = index.get(&kpe) {
                kpes[i].factors.push(FactorNote { factor, note });
            }
        }
        Ok(kpes)
    }

    /// The findings, by number.
    pub fn findings(&self) -> Result<Vec<Finding>> {
        let mut findings = self.all(
            "SELECT id, number, statement, category, manifestation, evidence_underlying,
                    how_widespread, implications
             FROM finding ORDER BY number, id",
            |r| {
                Ok(Finding {
                    id: r.get(0)?,
                    number: r.get(1)?,
                    statement: r.get(2)?,
                    category: r.get(3)?,
                    manifestation: r.get(4)?,
                    kpes: Vec::new(),
                    entries: Vec::new(),
                    evidence_underlying: r.get(5)?,
                    how_widespread: r.get(6)?,
                    implications: r.get(7)?,
                    board_questions: Vec::new(),
                })
            },
        )?;
        let index: HashMap<FindingId, usize> = findings
            .iter()
            .enumerate()
            .map(|(i, f)| (f.id, i))
            .collect();
        for (finding, kpe) in self.all(
            "SELECT fk.finding_id, fk.kpe_id FROM finding_kpe fk JOIN kpe k ON k.id = fk.kpe_id
             ORDER BY fk.finding_id, k.number, k.id",
            |r| Ok((r.get::<_, FindingId>(0)?, r.get(1)?)),
        )? {
            if let Some(&i) = index.get(&finding) {
                findings[i].kpes.push(kpe);
            }
        }
        for (finding, entry) in self.all(
            "SELECT fe.finding_id, fe.entry_id FROM finding_entry fe
             JOIN entry e ON e.id = fe.entry_id
             ORDER BY fe.finding_id, e.date_start, e.date_time, e.sequence, e.id",
            |r| Ok((r.get::<_, FindingId>(0)?, r.get(1)?)),
        )? {
            if let Some(&i) = index.get(&finding) {
                findings[i].entries.push(entry);
            }
        }
        for (finding, question) in self.all(
            "SELECT finding_id, question FROM board_question ORDER BY finding_id, position, id",
            |r| Ok((r.get::<_, FindingId>(0)?, r.get(1)?)),
        )? {
            if let Some(&i) = index.get(&finding) {
                findings[i].board_questions.push(question);
            }
        }
        Ok(findings)
    }

    /// The stored flags, most severe and earliest first.
    pub fn flags(&self) -> Result<Vec<Flag>> {
        let mut flags = self.all(
            "SELECT id, kind, rule, identity, evidence_digest, explanation, severity, inferred,
                    starts_on, ends_on, status, rationale, kpe_id, current
             FROM flag
             ORDER BY current DESC,
                      CASE severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END,
                      starts_on, id",
            |r| {
                Ok(Flag {
                    id: r.get(0)?,
                    kind: r.get(1)?,
                    rule: r.get(2)?,
                    identity: r.get(3)?,
                    evidence_digest: r.get(4)?,
                    evidence: Vec::new(),
                    explanation: r.get(5)?,
                    severity: r.get(6)?,
                    inferred: r.get(7)?,
                    starts_on: r.get(8)?,
                    ends_on: r.get(9)?,
                    status: r.get(10)?,
                    rationale: r.get(11)?,
                    kpe: r.get(12)?,
                    current: r.get(13)?,
                })
            },
        )?;
        let index: HashMap<FlagId, usize> =
            flags.iter().enumerate().map(|(i, f)| (f.id, i)).collect();
        for (flag, entry) in self.all(
            "SELECT flag_id, entry_id FROM flag_evidence ORDER BY flag_id, position",
            |r| Ok((r.get::<_, FlagId>(0)?, r.get(1)?)),
        )? {
            if let Some(&i) = index.get(&flag) {
                flags[i].evidence.push(entry);
            }
        }
        Ok(flags)
    }

    /// One flag.
    pub fn flag(&self, id: FlagId) -> Result<Flag> {
        self.flags()?
            .into_iter()
            .find(|f| f.id == id)
            .ok_or_else(|| Error::Missing(format!("Flag {id} is not in this review.")))
    }

    /// The protocol rules, by id.
    pub fn protocol_rules(&self) -> Result<Vec<ProtocolRule>> {
        self.all(
            "SELECT id, name, trigger_kind, to_sector, trigger_tag, response_kinds, working_days,
                    enabled
             FROM protocol_rule ORDER BY id",
            |r| {
                Ok(ProtocolRule {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    trigger_kind: r.get(2)?,
                    to_sector: r.get(3)?,
                    trigger_tag: r.get(4)?,
                    response_kinds: json_list(r.get(5)?)?,
                    working_days: r.get(6)?,
                    enabled: r.get(7)?,
                })
            },
        )
    }

    /// Saved column mappings: (agency, name, mapping JSON).
    pub fn column_mappings(&self) -> Result<Vec<(Option<AgencyId>, String, String)>> {
        self.all(
            "SELECT agency_id, name, mapping FROM column_mapping ORDER BY id",
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
    }

    /// The most recent `limit` rows of the audit log, newest first.
    pub fn audit_log(&self, limit: u32) -> Result<Vec<AuditRecord>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.at, c.action, a.tbl, a.row_id, a.operation, a.before, a.after
             FROM audit a JOIN change_set c ON c.id = a.change_set_id
             ORDER BY a.id DESC LIMIT ?1",
        )?;
        let rows = stmt
            .query_map([limit], super::audit::audit_record)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

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
            "SELECT e.id, snippet(entry_fts, -1, '[', ']', '…', 12)
             FROM entry_fts JOIN entry e ON e.id = entry_fts.rowid
             WHERE entry_fts MATCH ?1
             ORDER BY e.date_start, e.date_time, e.sequence, e.id LIMIT ?2",
        )?;
        let rows = stmt
            .query_map(params![terms.join(" "), limit], |r| {
                Ok(EntryMatch {
                    entry: r.get(0)?,
                    snippet: r.get(1)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    fn exists(&self, table: &str, id: i64) -> Result<bool> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT 1 FROM {table} WHERE id = ?1"),
                [id],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }
}

fn require(found: bool, what: impl FnOnce() -> String) -> Result<()> {
    if found {
        Ok(())
    } else {
        Err(Error::Missing(what()))
    }
}

fn non_empty(value: &str, what: &str) -> Result<()> {
    if value.trim().is_empty() {
        Err(Error::Invalid(format!("{what} cannot be empty.")))
    } else {
        Ok(())
    }
}

fn id_or_null(id: i64) -> Option<i64> {
    (id != 0).then_some(id)
}

impl<'c> Writer<'c> {
    pub(crate) fn new(conn: &'c Connection) -> Self {
        Writer {
            reader: Reader::new(conn),
        }
    }

    pub(super) fn connection(&self) -> &'c Connection {
        self.reader.conn
    }

    fn conn(&self) -> &'c Connection {
        self.reader.conn
    }

    fn last_id(&self) -> i64 {
        self.conn().last_insert_rowid()
    }

    /// Replaces the review's details.
    pub fn set_review(&self, review: &Review) -> Result<()> {
        non_empty(&review.title, "The review's title")?;
        if let (Some(s), Some(e)) = (review.scope_start, review.scope_end) {
            if s > e {
                return Err(Error::Invalid(format!(
                    "The review's scope starts ({}) after it ends ({}).",
                    crate::dates::uk(s),
                    crate::dates::uk(e)
                )));
            }
        }
        self.conn().execute(
            "INSERT INTO review (id, title, subject, method, commissioned_by, scope_start,
                                 scope_end, notes, child_date_of_birth)
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (id) DO UPDATE SET title = excluded.title, subject = excluded.subject,
                 method = excluded.method, commissioned_by = excluded.commissioned_by,
                 scope_start = excluded.scope_start, scope_end = excluded.scope_end,
                 notes = excluded.notes,
                 child_date_of_birth = excluded.child_date_of_birth",
            params![
                review.title,
                review.subject,
                review.method,
                review.commissioned_by,
                review.scope_start,
                review.scope_end,
                review.notes,
                review.child_date_of_birth
            ],
        )?;
        Ok(())
    }

    /// Stores the analysis settings (JSON).
    pub fn set_analysis_settings_json(&self, json: &str) -> Result<()> {
        serde_json::from_str::<serde_json::Value>(json)?;
        self.conn().execute(
            "UPDATE review SET analysis_settings = ?1 WHERE id = 1",
            [json],
        )?;
        Ok(())
    }

    /// Adds an area; an id of 0 lets the store choose one.
    pub fn insert_area(&self, area: &Area) -> Result<AreaId> {
        non_empty(&area.name, "An area's name")?;
        self.conn().execute(
            "INSERT INTO area (id, name, position) VALUES (?1, ?2, ?3)",
            params![id_or_null(area.id.0), area.name, area.position],
        )?;
        Ok(AreaId(self.last_id()))
    }

    /// Changes an area.
    pub fn update_area(&self, area: &Area) -> Result<()> {
        non_empty(&area.name, "An area's name")?;
        let n = self.conn().execute(
            "UPDATE area SET name = ?2, position = ?3 WHERE id = ?1",
            params![area.id, area.name, area.position],
        )?;
        require(n == 1, || {
            format!("Area {} is not in this review.", area.id)
        })
    }

    /// Removes an area (its agencies stay, without an area).
    pub fn delete_area(&self, id: AreaId) -> Result<()> {
        let n = self
            .conn()
            .execute("DELETE FROM area WHERE id = ?1", [id])?;
        require(n == 1, || format!("Area {id} is not in this review."))
    }

    fn check_agency(&self, agency: &Agency) -> Result<()> {
        non_empty(&agency.name, "An agency's name")?;
        non_empty(&agency.short_name, "An agency's short name")?;
        let c = agency.colour.as_bytes();
        if c.len() != 7 || c[0] != b'#' || !c[1..].iter().all(|b| b.is_ascii_hexdigit()) {
            return Err(Error::Invalid(format!(
                "'{}' is not a colour: use the form #1f77b4.",
                agency.colour
            )));
        }
        if let Some(area) = agency.area {
            require(self.exists("area", area.0)?, || {
                format!("Area {area} is not in this review.")
            })?;
        }
        Ok(())
    }

    /// Adds an agency; an id of 0 lets the store choose one.
    pub fn insert_agency(&self, agency: &Agency) -> Result<AgencyId> {
        self.check_agency(agency)?;
        self.conn().execute(
            "INSERT INTO agency (id, name, short_name, sector, area_id, lane_order, colour)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                id_or_null(agency.id.0),
                agency.name,
                agency.short_name,
                agency.sector,
                agency.area,
                agency.lane_order,
                agency.colour
            ],
        )?;
        Ok(AgencyId(self.last_id()))
    }

    /// Changes an agency.
    pub fn update_agency(&self, agency: &Agency) -> Result<()> {
        self.check_agency(agency)?;
        let n = self.conn().execute(
            "UPDATE agency SET name = ?2, short_name = ?3, sector = ?4, area_id = ?5,
                               lane_order = ?6, colour = ?7
             WHERE id = ?1",
            params![
                agency.id,
                agency.name,
                agency.short_name,
                agency.sector,
                agency.area,
                agency.lane_order,
                agency.colour
            ],
        )?;
        require(n == 1, || {
            format!("Agency {} is not in this review.", agency.id)
        })
    }

    /// Removes an agency that has no entries.
    pub fn delete_agency(&self, id: AgencyId) -> Result<()> {
        let entries: i64 = self.conn().query_row(
            "SELECT count(*) FROM entry WHERE agency_id = ?1",
            [id],
            |r| r.get(0),
        )?;
        if entries > 0 {
            return Err(Error::Invalid(format!(
                "This agency has {entries} entries in the chronology. Move or delete them first."
            )));
        }
        let n = self
            .conn()
            .execute("DELETE FROM agency WHERE id = ?1", [id])?;
        require(n == 1, || format!("Agency {id} is not in this review."))
    }

    fn check_person(&self, person: &Person) -> Result<()> {
        non_empty(&person.label, "A person's label")?;
        if let Some(agency) = person.agency {
            require(self.exists("agency", agency.0)?, || {
                format!("Agency {agency} is not in this review.")
            })?;
        }
        Ok(())
    }

    /// Adds a person to the glossary; an id of 0 lets the store choose one.
    pub fn insert_person(&self, person: &Person) -> Result<PersonId> {
        self.check_person(person)?;
        self.conn().execute(
            "INSERT INTO person (id, label, real_name, aliases, role, kind, agency_id,
                                 date_of_birth)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                id_or_null(person.id.0),
                person.label,
                person.real_name,
                serde_json::to_string(&person.aliases)?,
                person.role,
                person.kind,
                person.agency,
                person.date_of_birth
            ],
        )?;
        Ok(PersonId(self.last_id()))
    }

    /// Changes a person.
    pub fn update_person(&self, person: &Person) -> Result<()> {
        self.check_person(person)?;
        let n = self.conn().execute(
            "UPDATE person SET label = ?2, real_name = ?3, aliases = ?4, role = ?5, kind = ?6,
                               agency_id = ?7, date_of_birth = ?8
             WHERE id = ?1",
            params![
                person.id,
                person.label,
                person.real_name,
                serde_json::to_string(&person.aliases)?,
                person.role,
                person.kind,
                person.agency,
                person.date_of_birth
            ],
        )?;
        require(n == 1, || {
            format!("Person {} is not in this review.", person.id)
        })
    }

    /// Removes a person (and their part in entries).
    pub fn delete_person(&self, id: PersonId) -> Result<()> {
        let n = self
            .conn()
            .execute("DELETE FROM person WHERE id = ?1", [id])?;
        require(n == 1, || format!("Person {id} is not in this review."))
    }

    /// Records a source document; an id of 0 lets the store choose one.
    pub fn insert_source(&self, source: &SourceDocument) -> Result<SourceId> {
        non_empty(&source.file_name, "A source document's file name")?;
        self.conn().execute(
            "INSERT INTO source_document (id, file_name, content_hash, agency_id, received_on,
                                          imported_at, notes)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                id_or_null(source.id.0),
                source.file_name,
                source.content_hash,
                source.agency,
                source.received_on,
                source.imported_at,
                source.notes
            ],
        )?;
        Ok(SourceId(self.last_id()))
    }

    /// Removes a source document and every entry imported from it.
    pub fn delete_source(&self, id: SourceId) -> Result<()> {
        self.conn()
            .execute("DELETE FROM entry WHERE source_id = ?1", [id])?;
        let n = self
            .conn()
            .execute("DELETE FROM source_document WHERE id = ?1", [id])?;
        require(n == 1, || {
            format!("Source document {id} is not in this review.")
        })
    }

    fn check_entry(&self, entry: &Entry) -> Result<()> {
        entry
            .date
            .validate()
            .map_err(|m| Error::Invalid(format!("The entry's date is not valid: {m}.")))?;
        if let Some(end) = entry.ends_on {
            if end < entry.date.start {
                return Err(Error::Invalid(format!(
                    "The entry ends ({}) before it starts ({}).",
                    crate::dates::uk(end),
                    crate::dates::uk(entry.date.start)
                )));
            }
        }
        for agency in [
            Some(entry.agency),
            entry.to_agency,
            entry.suggested_to_agency,
        ]
        .into_iter()
        .flatten()
        {
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
            Box::new(entry.to_agency),
            Box::new(entry.suggested_to_agency),
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

    /// Adds an entry with its tags and people; an id of 0 lets the store choose one.
    pub fn insert_entry(&self, entry: &Entry) -> Result<EntryId> {
        self.check_entry(entry)?;
        let values = Self::entry_params(entry);
        let mut stmt = self.conn().prepare_cached(&format!(
            "INSERT INTO entry ({ENTRY_COLUMNS}) VALUES
             (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
              ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26)"
        ))?;
        stmt.execute(rusqlite::params_from_iter(
            values.iter().map(|b| b.as_ref()),
        ))?;
        let id = EntryId(self.last_id());
        self.sync_entry_tags(id, &entry.tags)?;
        self.sync_entry_people(id, &entry.people)?;
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
                 comment = ?17, child_seen = ?18, to_agency_id = ?19,
                 suggested_to_agency_id = ?20, service_level = ?21, key_risk = ?22,
                 practitioner_as_written = ?23, source_id = ?24, source_location = ?25,
                 agency_comment = ?26
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
        Ok(())
    }

    /// Removes an entry (its links, tags, people and KPE membership go with it).
    pub fn delete_entry(&self, id: EntryId) -> Result<()> {
        let n = self
            .conn()
            .execute("DELETE FROM entry WHERE id = ?1", [id])?;
        require(n == 1, || format!("Entry {id} is not in this review."))
    }

    fn sync_entry_tags(&self, id: EntryId, tags: &[String]) -> Result<()> {
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
                .query_map([id], |r| r.get(0))?
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

    fn sync_entry_people(&self, id: EntryId, people: &[EntryPerson]) -> Result<()> {
        let have: Vec<EntryPerson> = {
            let mut stmt = self.conn().prepare_cached(
                "SELECT person_id, involvement FROM entry_person WHERE entry_id = ?1
                 ORDER BY rowid",
            )?;
            let rows = stmt
                .query_map([id], |r| {
                    Ok(EntryPerson {
                        person: r.get(0)?,
                        involvement: r.get(1)?,
                    })
                })?
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

    /// Links two entries; an id of 0 lets the store choose one.
    pub fn insert_link(&self, link: &Link) -> Result<LinkId> {
        if link.from == link.to {
            return Err(Error::Invalid(
                "An entry cannot be linked to itself.".into(),
            ));
        }
        for e in [link.from, link.to] {
            require(self.exists("entry", e.0)?, || {
                format!("Entry {e} is not in this review.")
            })?;
        }
        let existing: Option<i64> = self
            .conn()
            .query_row(
                "SELECT id FROM link WHERE from_entry_id = ?1 AND to_entry_id = ?2 AND kind = ?3",
                params![link.from, link.to, link.kind],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(id) = existing {
            return Ok(LinkId(id));
        }
        self.conn().execute(
            "INSERT INTO link (id, from_entry_id, to_entry_id, kind, note)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                id_or_null(link.id.0),
                link.from,
                link.to,
                link.kind,
                link.note
            ],
        )?;
        Ok(LinkId(self.last_id()))
    }

    /// Removes a link.
    pub fn delete_link(&self, id: LinkId) -> Result<()> {
        let n = self
            .conn()
            .execute("DELETE FROM link WHERE id = ?1", [id])?;
        require(n == 1, || format!("Link {id} is not in this review."))
    }

    fn check_kpe(&self, kpe: &KeyPracticeEpisode) -> Result<()> {
        non_empty(&kpe.title, "A Key Practice Episode's title")?;
        if kpe.ends_on < kpe.starts_on {
            return Err(Error::Invalid(format!(
                "KPE {} ends ({}) before it starts ({}).",
                kpe.number,
                crate::dates::uk(kpe.ends_on),
                crate::dates::uk(kpe.starts_on)
            )));
        }
        for e in &kpe.entries {
            require(self.exists("entry", e.0)?, || {
                format!("Entry {e} is not in this review.")
            })?;
        }
        Ok(())
    }

    /// Adds a Key Practice Episode; an id of 0 lets the store choose one.
    pub fn insert_kpe(&self, kpe: &KeyPracticeEpisode) -> Result<KpeId> {
        self.check_kpe(kpe)?;
        self.conn().execute(
            "INSERT INTO kpe (id, number, title, starts_on, ends_on, what_happened,
                              appraisal_grade, appraisal, view_from_tunnel, what_went_well)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                id_or_null(kpe.id.0),
                kpe.number,
                kpe.title,
                kpe.starts_on,
                kpe.ends_on,
                kpe.what_happened,
                kpe.appraisal_grade,
                kpe.appraisal,
                kpe.view_from_tunnel,
                kpe.what_went_well
            ],
        )?;
        let id = KpeId(self.last_id());
        self.sync_links("kpe_entry", "kpe_id", id.0, "entry_id", &ids(&kpe.entries))?;
        self.replace_factors(id, &kpe.factors)?;
        Ok(id)
    }

    /// Changes a Key Practice Episode, its entries and factors.
    pub fn update_kpe(&self, kpe: &KeyPracticeEpisode) -> Result<()> {
        self.check_kpe(kpe)?;
        let n = self.conn().execute(
            "UPDATE kpe SET number = ?2, title = ?3, starts_on = ?4, ends_on = ?5,
                 what_happened = ?6, appraisal_grade = ?7, appraisal = ?8,
                 view_from_tunnel = ?9, what_went_well = ?10
             WHERE id = ?1",
            params![
                kpe.id,
                kpe.number,
                kpe.title,
                kpe.starts_on,
                kpe.ends_on,
                kpe.what_happened,
                kpe.appraisal_grade,
                kpe.appraisal,
                kpe.view_from_tunnel,
                kpe.what_went_well
            ],
        )?;
        require(n == 1, || format!("KPE {} is not in this review.", kpe.id))?;
        self.sync_links(
            "kpe_entry",
            "kpe_id",
            kpe.id.0,
            "entry_id",
            &ids(&kpe.entries),
        )?;
        self.replace_factors(kpe.id, &kpe.factors)?;
        Ok(())
    }

    /// Removes a Key Practice Episode.
    pub fn delete_kpe(&self, id: KpeId) -> Result<()> {
        let n = self.conn().execute("DELETE FROM kpe WHERE id = ?1", [id])?;
        require(n == 1, || format!("KPE {id} is not in this review."))
    }

    fn replace_factors(&self, id: KpeId, factors: &[FactorNote]) -> Result<()> {
        let have: Vec<FactorNote> = {
            let mut stmt = self.conn().prepare_cached(
                "SELECT factor, note FROM kpe_factor WHERE kpe_id = ?1 ORDER BY position, id",
            )?;
            let rows = stmt
                .query_map([id], |r| {
                    Ok(FactorNote {
                        factor: r.get(0)?,
                        note: r.get(1)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            rows
        };
        if have == factors {
            return Ok(());
        }
        self.conn()
            .execute("DELETE FROM kpe_factor WHERE kpe_id = ?1", [id])?;
        for (i, f) in factors.iter().enumerate() {
            self.conn().execute(
                "INSERT INTO kpe_factor (kpe_id, position, factor, note) VALUES (?1, ?2, ?3, ?4)",
                params![id, i as i64, f.factor, f.note],
            )?;
        }
        Ok(())
    }

    /// Makes the rows of a membership table for `owner` exactly `members`.
    fn sync_links(
        &self,
        table: &str,
        owner_col: &str,
        owner: i64,
        member_col: &str,
        members: &[i64],
    ) -> Result<()> {
        let wanted: BTreeSet<i64> = members.iter().copied().collect();
        let have: BTreeSet<i64> = {
            let mut stmt = self.conn().prepare_cached(&format!(
                "SELECT {member_col} FROM {table} WHERE {owner_col} = ?1"
            ))?;
            let rows = stmt
                .query_map([owner], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            rows
        };
        for gone in have.difference(&wanted) {
            self.conn().execute(
                &format!("DELETE FROM {table} WHERE {owner_col} = ?1 AND {member_col} = ?2"),
                [owner, *gone],
            )?;
        }
        for new in wanted.difference(&have) {
            self.conn().execute(
                &format!("INSERT INTO {table} ({owner_col}, {member_col}) VALUES (?1, ?2)"),
                [owner, *new],
            )?;
        }
        Ok(())
    }

    fn check_finding(&self, finding: &Finding) -> Result<()> {
        non_empty(&finding.statement, "A finding's statement")?;
        for k in &finding.kpes {
            require(self.exists("kpe", k.0)?, || {
                format!("KPE {k} is not in this review.")
            })?;
        }
        for e in &finding.entries {
            require(self.exists("entry", e.0)?, || {
                format!("Entry {e} is not in this review.")
            })?;
        }
        Ok(())
    }

    /// Adds a finding; an id of 0 lets the store choose one.
    pub fn insert_finding(&self, finding: &Finding) -> Result<FindingId> {
        self.check_finding(finding)?;
        self.conn().execute(
            "INSERT INTO finding (id, number, statement, category, manifestation,
                                  evidence_underlying, how_widespread, implications)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                id_or_null(finding.id.0),
                finding.number,
                finding.statement,
                finding.category,
                finding.manifestation,
                finding.evidence_underlying,
                finding.how_widespread,
                finding.implications
            ],
        )?;
        let id = FindingId(self.last_id());
        self.sync_finding_members(id, finding)?;
        Ok(id)
    }

    /// Changes a finding, its links and its Board questions.
    pub fn update_finding(&self, finding: &Finding) -> Result<()> {
        self.check_finding(finding)?;
        let n = self.conn().execute(
            "UPDATE finding SET number = ?2, statement = ?3, category = ?4, manifestation = ?5,
                 evidence_underlying = ?6, how_widespread = ?7, implications = ?8
             WHERE id = ?1",
            params![
                finding.id,
                finding.number,
                finding.statement,
                finding.category,
                finding.manifestation,
                finding.evidence_underlying,
                finding.how_widespread,
                finding.implications
            ],
        )?;
        require(n == 1, || {
            format!("Finding {} is not in this review.", finding.id)
        })?;
        self.sync_finding_members(finding.id, finding)
    }

    fn sync_finding_members(&self, id: FindingId, finding: &Finding) -> Result<()> {
        self.sync_links(
            "finding_kpe",
            "finding_id",
            id.0,
            "kpe_id",
            &ids(&finding.kpes),
        )?;
        self.sync_links(
            "finding_entry",
            "finding_id",
            id.0,
            "entry_id",
            &ids(&finding.entries),
        )?;
        let have: Vec<String> = {
            let mut stmt = self.conn().prepare_cached(
                "SELECT question FROM board_question WHERE finding_id = ?1 ORDER BY position, id",
            )?;
            let rows = stmt
                .query_map([id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            rows
        };
        let wanted: Vec<String> = finding
            .board_questions
            .iter()
            .map(|q| q.trim().to_string())
            .filter(|q| !q.is_empty())
            .collect();
        if have != wanted {
            self.conn()
                .execute("DELETE FROM board_question WHERE finding_id = ?1", [id])?;
            for (i, q) in wanted.iter().enumerate() {
                self.conn().execute(
                    "INSERT INTO board_question (finding_id, position, question)
                     VALUES (?1, ?2, ?3)",
                    params![id, i as i64, q],
                )?;
            }
        }
        Ok(())
    }

    /// Removes a finding.
    pub fn delete_finding(&self, id: FindingId) -> Result<()> {
        let n = self
            .conn()
            .execute("DELETE FROM finding WHERE id = ?1", [id])?;
        require(n == 1, || format!("Finding {id} is not in this review."))
    }

    /// Stores a flag; an id of 0 lets the store choose one.
    pub fn insert_flag(&self, flag: &Flag) -> Result<FlagId> {
        self.conn().execute(
            "INSERT INTO flag (id, kind, rule, identity, evidence_digest, explanation, severity,
                               inferred, starts_on, ends_on, status, rationale, kpe_id, current)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            params![
                id_or_null(flag.id.0),
                flag.kind,
                flag.rule,
                flag.identity,
                flag.evidence_digest,
                flag.explanation,
                flag.severity,
                flag.inferred,
                flag.starts_on,
                flag.ends_on,
                flag.status,
                flag.rationale,
                flag.kpe,
                flag.current
            ],
        )?;
        let id = FlagId(self.last_id());
        self.replace_evidence(id, &flag.evidence)?;
        Ok(id)
    }

    /// Changes a stored flag (analysis results and triage alike).
    pub fn update_flag(&self, flag: &Flag) -> Result<()> {
        if flag.status == FlagStatus::Dismissed && flag.rationale.trim().is_empty() {
            return Err(Error::Invalid(
                "Say why the flag is dismissed: a rationale is required.".into(),
            ));
        }
        if let Some(k) = flag.kpe {
            require(self.exists("kpe", k.0)?, || {
                format!("KPE {k} is not in this review.")
            })?;
        }
        let n = self.conn().execute(
            "UPDATE flag SET kind = ?2, rule = ?3, identity = ?4, evidence_digest = ?5,
                 explanation = ?6, severity = ?7, inferred = ?8, starts_on = ?9, ends_on = ?10,
                 status = ?11, rationale = ?12, kpe_id = ?13, current = ?14
             WHERE id = ?1",
            params![
                flag.id,
                flag.kind,
                flag.rule,
                flag.identity,
                flag.evidence_digest,
                flag.explanation,
                flag.severity,
                flag.inferred,
                flag.starts_on,
                flag.ends_on,
                flag.status,
                flag.rationale,
                flag.kpe,
                flag.current
            ],
        )?;
        require(n == 1, || {
            format!("Flag {} is not in this review.", flag.id)
        })?;
        self.replace_evidence(flag.id, &flag.evidence)
    }

    /// Removes a stored flag.
    pub fn delete_flag(&self, id: FlagId) -> Result<()> {
        let n = self
            .conn()
            .execute("DELETE FROM flag WHERE id = ?1", [id])?;
        require(n == 1, || format!("Flag {id} is not in this review."))
    }

    fn replace_evidence(&self, id: FlagId, evidence: &[EntryId]) -> Result<()> {
        let have: Vec<EntryId> = {
            let mut stmt = self.conn().prepare_cached(
                "SELECT entry_id FROM flag_evidence WHERE flag_id = ?1 ORDER BY position",
            )?;
            let rows = stmt
                .query_map([id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            rows
        };
        if have == evidence {
            return Ok(());
        }
        self.conn()
            .execute("DELETE FROM flag_evidence WHERE flag_id = ?1", [id])?;
        for (i, e) in evidence.iter().enumerate() {
            self.conn().execute(
                "INSERT INTO flag_evidence (flag_id, position, entry_id) VALUES (?1, ?2, ?3)",
                params![id, i as i64, e],
            )?;
        }
        Ok(())
    }

    fn check_rule(rule: &ProtocolRule) -> Result<()> {
        non_empty(&rule.name, "A protocol rule's name")?;
        if !(0..=260).contains(&rule.working_days) {
            return Err(Error::Invalid(format!(
                "A timescale of {} working days is not possible: use 0 to 260.",
                rule.working_days
            )));
        }
        Ok(())
    }

    /// Adds a protocol rule; an id of 0 lets the store choose one.
    pub fn insert_protocol_rule(&self, rule: &ProtocolRule) -> Result<ProtocolRuleId> {
        Self::check_rule(rule)?;
        self.conn().execute(
            "INSERT INTO protocol_rule (id, name, trigger_kind, to_sector, trigger_tag,
                                        response_kinds, working_days, enabled)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                id_or_null(rule.id.0),
                rule.name,
                rule.trigger_kind,
                rule.to_sector,
                rule.trigger_tag,
                serde_json::to_string(&rule.response_kinds)?,
                rule.working_days,
                rule.enabled
            ],
        )?;
        Ok(ProtocolRuleId(self.last_id()))
    }

    /// Changes a protocol rule.
    pub fn update_protocol_rule(&self, rule: &ProtocolRule) -> Result<()> {
        Self::check_rule(rule)?;
        let n = self.conn().execute(
            "UPDATE protocol_rule SET name = ?2, trigger_kind = ?3, to_sector = ?4,
                 trigger_tag = ?5, response_kinds = ?6, working_days = ?7, enabled = ?8
             WHERE id = ?1",
            params![
                rule.id,
                rule.name,
                rule.trigger_kind,
                rule.to_sector,
                rule.trigger_tag,
                serde_json::to_string(&rule.response_kinds)?,
                rule.working_days,
                rule.enabled
            ],
        )?;
        require(n == 1, || {
            format!("Protocol rule {} is not in this review.", rule.id)
        })
    }

    /// Removes a protocol rule.
    pub fn delete_protocol_rule(&self, id: ProtocolRuleId) -> Result<()> {
        let n = self
            .conn()
            .execute("DELETE FROM protocol_rule WHERE id = ?1", [id])?;
        require(n == 1, || {
            format!("Protocol rule {id} is not in this review.")
        })
    }

    /// Adds many entries at once (an import): the agencies, source documents and people they
    /// name are checked once, and rows go through one prepared statement. `progress(done)` is
    /// called every 1,000 rows and at the end; returning `false` stops with
    /// [`Error::Cancelled`], and the caller's change set then rolls everything back.
    pub fn insert_imported_entries(
        &self,
        entries: &[Entry],
        progress: &mut dyn FnMut(u32) -> bool,
    ) -> Result<Vec<EntryId>> {
        let mut agencies = BTreeSet::new();
        let mut sources = BTreeSet::new();
        for e in entries {
            e.date
                .validate()
                .map_err(|m| Error::Invalid(format!("The entry's date is not valid: {m}.")))?;
            agencies.extend(
                [Some(e.agency), e.to_agency, e.suggested_to_agency]
                    .into_iter()
                    .flatten(),
            );
            sources.extend(e.source.as_ref().map(|s| s.document));
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
        let mut stmt = self.conn().prepare_cached(&format!(
            "INSERT INTO entry ({ENTRY_COLUMNS}) VALUES
             (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
              ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26)"
        ))?;
        let mut ids = Vec::with_capacity(entries.len());
        for (i, entry) in entries.iter().enumerate() {
            let values = Self::entry_params(entry);
            stmt.execute(rusqlite::params_from_iter(
                values.iter().map(|b| b.as_ref()),
            ))?;
            let id = EntryId(self.last_id());
            if !entry.tags.is_empty() {
                self.sync_entry_tags(id, &entry.tags)?;
            }
            if !entry.people.is_empty() {
                for p in &entry.people {
                    require(self.exists("person", p.person.0)?, || {
                        format!("Person {} is not in this review.", p.person)
                    })?;
                }
                self.sync_entry_people(id, &entry.people)?;
            }
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

    /// Remembers a column mapping for an agency (replacing one of the same name).
    pub fn save_column_mapping(
        &self,
        agency: Option<AgencyId>,
        name: &str,
        mapping_json: &str,
    ) -> Result<()> {
        serde_json::from_str::<serde_json::Value>(mapping_json)?;
        self.conn().execute(
            "DELETE FROM column_mapping WHERE agency_id IS ?1 AND name = ?2",
            params![agency, name],
        )?;
        self.conn().execute(
            "INSERT INTO column_mapping (agency_id, name, mapping) VALUES (?1, ?2, ?3)",
            params![agency, name, mapping_json],
        )?;
        Ok(())
    }
}

fn ids<T: Copy + Into<i64>>(items: &[T]) -> Vec<i64> {
    items.iter().map(|i| (*i).into()).collect()
}

macro_rules! into_i64 {
    ($($t:ident),+) => {$(
        impl From<$t> for i64 {
            fn from(id: $t) -> i64 { id.0 }
        }
    )+};
}
into_i64!(EntryId, KpeId);
