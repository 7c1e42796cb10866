//! Typed reads ([`Reader`]) and writes ([`Writer`]) of the review's tables, one module per
//! table or concern: `review` (the review, its settings and areas), `agencies`, `people`,
//! `sources`, `entries` (with their tags and people, and an import's bulk insert), `links`,
//! `kpes`, `findings`, `flags`, `rules` (protocol rules and remembered column mappings) and
//! `search`. Columns are read by name, so a query's column order is never load-bearing.
//!
//! This module holds what they share: the SQL conversions of the domain's codes and ids, the
//! reader and writer themselves, and the small checks every table uses.

use std::collections::BTreeSet;

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use rusqlite::{Connection, OptionalExtension, Row};

use crate::dates::DatePrecision;
use crate::error::{Error, Result};
use crate::model::*;

mod agencies;
mod entries;
mod findings;
mod flags;
mod imports;
mod kpes;
mod links;
mod order;
mod people;
mod requests;
mod review;
mod rules;
mod search;
mod sources;

pub use search::EntryMatch;

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

impl<'c> Reader<'c> {
    pub(super) fn new(conn: &'c Connection) -> Self {
        Reader { conn }
    }

    /// Every row of a query without parameters, mapped.
    fn all<T>(
        &self,
        sql: &str,
        map: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map([], map)?.collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Whether `table` has a row with this id.
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

    /// Writes one record of `table` from its `(column, value)` pairs (the id aside): the
    /// insert and the update of a table are made from this one list, so they cannot drift
    /// apart. Returns the row's id; an update of a row that is not there is refused with
    /// `missing()`.
    fn write_row(
        &self,
        table: &str,
        id: i64,
        how: Write,
        values: &[(&str, &dyn ToSql)],
        missing: impl FnOnce() -> String,
    ) -> Result<i64> {
        let id_value = id_or_null(id);
        let mut params: Vec<&dyn ToSql> = vec![&id_value];
        params.extend(values.iter().map(|(_, v)| *v));
        let columns = values.iter().map(|(c, _)| *c);
        match how {
            Write::Insert => {
                let marks: Vec<String> = (1..=params.len()).map(|i| format!("?{i}")).collect();
                let names: Vec<&str> = std::iter::once("id").chain(columns).collect();
                self.conn().execute(
                    &format!(
                        "INSERT INTO {table} ({}) VALUES ({})",
                        names.join(", "),
                        marks.join(", ")
                    ),
                    &params[..],
                )?;
                Ok(self.last_id())
            }
            Write::Update => {
                let sets: Vec<String> = columns
                    .enumerate()
                    .map(|(i, c)| format!("{c} = ?{}", i + 2))
                    .collect();
                let n = self.conn().execute(
                    &format!("UPDATE {table} SET {} WHERE id = ?1", sets.join(", ")),
                    &params[..],
                )?;
                require(n == 1, missing)?;
                Ok(id)
            }
        }
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
                .query_map([owner], |r| r.get(member_col))?
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
}

/// A JSON list stored in a text column.
/// How [`Writer::write_row`] writes a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Write {
    /// As a new row (an id of 0 lets the store choose one).
    Insert,
    /// Over the row with the record's id, which must be there.
    Update,
}

fn json_list<T: serde::de::DeserializeOwned>(
    r: &Row<'_>,
    column: &str,
) -> rusqlite::Result<Vec<T>> {
    let text: String = r.get(column)?;
    serde_json::from_str(&text).map_err(|e| {
        let index = r.as_ref().column_index(column).unwrap_or(0);
        rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// `Error::Missing` with `what` unless `found`.
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

/// An id of 0 means "let the store choose one".
fn id_or_null(id: i64) -> Option<i64> {
    (id != 0).then_some(id)
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
