//! Changes recorded by set (issue 14).
//!
//! An import writes tens of thousands of rows, and one JSON image per row (plus the
//! full-text index kept row by row by triggers) made an import and its undo many times
//! slower than writing the rows. So the rows an import inserts into a table are recorded as
//! one *set* in `audit_set`: every row of the table whose rowid lies in `first_row..=last_row`
//! (rowids given in turn by SQLite within one transaction are consecutive, and that is
//! checked). The full-text index is filled for the whole set by one statement while its
//! triggers stand aside ([`Paused`]).
//!
//! Undo keeps a set's rows, as they were, in the table's `audit_set_image_*` table (JSON
//! images in `audit_set_row` before schema 9, which redo still reads) and deletes them by
//! range; redo puts them back. Both keep the full-text index exact, by set. Rows the same change touches
//! one by one stay in `audit`, and replay interleaves both in the order they were written.

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::{Error, Result};

/// The tables an import writes by set. The first must be the parent of the others.
pub(super) const SET_TABLES: &[&str] = &["entry", "entry_person", "entry_tag", "entry_receiver"];

/// The entry text the full-text index holds, in its column order.
const FTS_COLUMNS: &str =
    "summary, detail, outcome, comment, practitioner_as_written, agency_comment";

/// One recorded set, as replay reads it.
pub(super) struct RowSet {
    pub id: i64,
    pub after_audit_id: i64,
    pub table: String,
    pub operation: String,
    pub first: i64,
    pub last: i64,
    pub rows: i64,
}

/// The change set being recorded on this connection, if any (none while a new file is
/// filled, before the audit triggers exist).
pub(super) fn active_change_set(conn: &Connection) -> Result<Option<i64>> {
    let installed: bool = conn.query_row(
        "SELECT count(*) > 0 AS installed FROM temp.sqlite_schema WHERE name = 'audit_ctx'",
        [],
        |r| r.get("installed"),
    )?;
    if !installed {
        return Ok(None);
    }
    Ok(conn.query_row(
        "SELECT change_set_id FROM temp.audit_ctx WHERE id = 1",
        [],
        |r| r.get("change_set_id"),
    )?)
}

/// While alive, rows written to `tables` are neither audited one by one nor (for `entry`)
/// indexed by the full-text triggers: the caller records and indexes them by set. Dropping
/// it (also on an error) puts both back; the caller's transaction never commits a pause.
pub(super) struct Paused<'c> {
    conn: &'c Connection,
    audited: bool,
}

impl<'c> Paused<'c> {
    pub(super) fn new(conn: &'c Connection, tables: &[&str]) -> Result<Paused<'c>> {
        let audited = active_change_set(conn)?.is_some();
        let paused = Paused { conn, audited };
        if tables.contains(&"entry") {
            conn.execute("INSERT OR IGNORE INTO fts_paused (id) VALUES (1)", [])?;
        }
        if audited {
            for table in tables {
                conn.execute(
                    "INSERT OR IGNORE INTO temp.audit_paused (tbl) VALUES (?1)",
                    [table],
                )?;
            }
        }
        Ok(paused)
    }
}

impl Drop for Paused<'_> {
    fn drop(&mut self) {
        let _ = self.conn.execute("DELETE FROM fts_paused", []);
        if self.audited {
            let _ = self.conn.execute("DELETE FROM temp.audit_paused", []);
        }
    }
}

/// The highest rowid of `table` (0 when empty).
pub(super) fn max_rowid(conn: &Connection, table: &str) -> Result<i64> {
    Ok(conn.query_row(
        &format!("SELECT coalesce(max(rowid), 0) AS top FROM main.{table}"),
        [],
        |r| r.get("top"),
    )?)
}

fn rows_in(conn: &Connection, table: &str, first: i64, last: i64) -> Result<i64> {
    Ok(conn.query_row(
        &format!("SELECT count(*) AS n FROM main.{table} WHERE rowid BETWEEN ?1 AND ?2"),
        [first, last],
        |r| r.get("n"),
    )?)
}

/// Records that this change set inserted (or deleted) rows `first..=last` of `table`, placed
/// after the change set's audit rows so far. Nothing is recorded outside a change set.
pub(super) fn record(
    conn: &Connection,
    table: &str,
    operation: &str,
    first: i64,
    last: i64,
) -> Result<()> {
    let Some(change_set) = active_change_set(conn)? else {
        return Ok(());
    };
    let rows = last - first + 1;
    if rows <= 0 {
        return Ok(());
    }
    conn.execute(
        "INSERT INTO audit_set (change_set_id, after_audit_id, tbl, operation, first_row,
                                last_row, rows)
         VALUES (?1, (SELECT coalesce(max(id), 0) FROM audit), ?2, ?3, ?4, ?5, ?6)",
        params![change_set, table, operation, first, last, rows],
    )?;
    Ok(())
}

/// After `expected` rows were inserted into `table` above rowid `before`: checks they are
/// exactly the rows `before + 1..=before + expected`, indexes them when they are entries, and
/// records them as one set. The caller holds a [`Paused`] for the table.
pub(super) fn inserted(conn: &Connection, table: &str, before: i64, expected: i64) -> Result<()> {
    if expected == 0 {
        return Ok(());
    }
    let (first, last) = (before + 1, before + expected);
    if max_rowid(conn, table)? != last || rows_in(conn, table, first, last)? != expected {
        return Err(Error::Invalid(format!(
            "The new {table} rows were not numbered in one run, so the change could not be \
             recorded for undo. Nothing was saved."
        )));
    }
    if table == "entry" {
        index_entries(conn, first, last)?;
    }
    record(conn, table, "insert", first, last)
}

/// Adds entries `first..=last` to the full-text index in one statement.
fn index_entries(conn: &Connection, first: i64, last: i64) -> Result<()> {
    conn.execute(
        &format!(
            "INSERT INTO entry_fts (rowid, {FTS_COLUMNS})
             SELECT id, {FTS_COLUMNS} FROM main.entry WHERE id BETWEEN ?1 AND ?2"
        ),
        [first, last],
    )?;
    Ok(())
}

/// The sets change set `target` recorded, in the order they were written.
pub(super) fn sets_of(conn: &Connection, target: i64) -> Result<Vec<RowSet>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, after_audit_id, tbl, operation, first_row, last_row, rows FROM audit_set
         WHERE change_set_id = ?1 ORDER BY after_audit_id, id",
    )?;
    let sets = stmt
        .query_map([target], |r| {
            Ok(RowSet {
                id: r.get("id")?,
                after_audit_id: r.get("after_audit_id")?,
                table: r.get("tbl")?,
                operation: r.get("operation")?,
                first: r.get("first_row")?,
                last: r.get("last_row")?,
                rows: r.get("rows")?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(sets)
}

/// The set's table, if it is one an import writes by set.
pub(super) fn known_table(set: &RowSet) -> Result<&'static str> {
    SET_TABLES
        .iter()
        .copied()
        .find(|t| *t == set.table)
        .ok_or_else(|| {
            Error::Invalid(format!(
                "the history names a set of an unknown table '{}' and cannot be replayed",
                set.table
            ))
        })
}

/// Undoes an inserted set: keeps its rows' images for redo, takes them out of the
/// full-text index and deletes them, all by set.
pub(super) fn take_out(conn: &Connection, set: &RowSet, columns: &[String]) -> Result<()> {
    let table = known_table(set)?;
    if rows_in(conn, table, set.first, set.last)? != set.rows {
        return Err(Error::Invalid(format!(
            "The {} rows this change added are no longer all in the review, so it cannot be \
             undone. Nothing was changed.",
            set.rows
        )));
    }
    let images = images_of(conn, table, columns)?;
    let names = quoted(columns);
    conn.execute(
        &format!(
            "INSERT INTO main.{images} (set_id, row_id, {names})
             SELECT ?1, rowid, {names} FROM main.{table} WHERE rowid BETWEEN ?2 AND ?3"
        ),
        params![set.id, set.first, set.last],
    )?;
    let paused = Paused::new(conn, &[table])?;
    // The index loses the set's entries: one by one when they are the smaller part of the
    // chronology, else by rebuilding it from the entries that stay.
    let rebuild = table == "entry" && {
        let total = entry_count(conn)?;
        set.rows * 2 >= total
    };
    if table == "entry" && !rebuild {
        conn.execute(
            &format!(
                "INSERT INTO entry_fts (entry_fts, rowid, {FTS_COLUMNS})
                 SELECT 'delete', id, {FTS_COLUMNS} FROM main.entry WHERE id BETWEEN ?1 AND ?2"
            ),
            [set.first, set.last],
        )?;
    }
    conn.execute(
        &format!("DELETE FROM main.{table} WHERE rowid BETWEEN ?1 AND ?2"),
        [set.first, set.last],
    )?;
    if rebuild {
        conn.execute("INSERT INTO entry_fts (entry_fts) VALUES ('rebuild')", [])?;
    }
    drop(paused);
    record(conn, table, "delete", set.first, set.last)
}

fn entry_count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) AS n FROM main.entry", [], |r| r.get("n"))?)
}

/// Redoes an inserted set: puts its rows back from their images and indexes them, by set.
pub(super) fn put_back(conn: &Connection, set: &RowSet, columns: &[String]) -> Result<()> {
    let table = known_table(set)?;
    // Images kept as JSON by an earlier schema, else as rows.
    let json: i64 = conn.query_row(
        "SELECT count(*) AS n FROM audit_set_row WHERE set_id = ?1",
        [set.id],
        |r| r.get("n"),
    )?;
    let images = images_of(conn, table, columns)?;
    let kept: i64 = if json > 0 {
        json
    } else {
        conn.query_row(
            &format!("SELECT count(*) AS n FROM main.{images} WHERE set_id = ?1"),
            [set.id],
            |r| r.get("n"),
        )?
    };
    if kept != set.rows || rows_in(conn, table, set.first, set.last)? != 0 {
        return Err(Error::Invalid(format!(
            "The {} rows this change added can no longer be put back, so it cannot be \
             redone. Nothing was changed.",
            set.rows
        )));
    }
    let names = quoted(columns);
    let paused = Paused::new(conn, &[table])?;
    if json > 0 {
        let values: Vec<String> = columns
            .iter()
            .map(|c| format!("json_extract(image, '$.\"{c}\"')"))
            .collect();
        conn.execute(
            &format!(
                "INSERT INTO main.{table} (rowid, {names}) SELECT row_id, {} FROM audit_set_row
                 WHERE set_id = ?1 ORDER BY row_id",
                values.join(", ")
            ),
            [set.id],
        )?;
    } else {
        conn.execute(
            &format!(
                "INSERT INTO main.{table} (rowid, {names}) SELECT row_id, {names}
                 FROM main.{images} WHERE set_id = ?1 ORDER BY row_id"
            ),
            [set.id],
        )?;
    }
    if table == "entry" {
        index_entries(conn, set.first, set.last)?;
    }
    drop(paused);
    conn.execute("DELETE FROM audit_set_row WHERE set_id = ?1", [set.id])?;
    conn.execute(
        &format!("DELETE FROM main.{images} WHERE set_id = ?1"),
        [set.id],
    )?;
    record(conn, table, "insert", set.first, set.last)
}

/// The table that keeps `table`'s rows while their import is undone (migration 0009), with
/// a column for each of `columns`: one a later migration added to `table` is added to it.
fn images_of(conn: &Connection, table: &str, columns: &[String]) -> Result<String> {
    let images = format!("audit_set_image_{table}");
    let mut stmt = conn.prepare_cached(&format!("PRAGMA main.table_info({images})"))?;
    let has: Vec<String> = stmt
        .query_map([], |r| r.get::<_, String>("name"))?
        .collect::<rusqlite::Result<_>>()?;
    if has.is_empty() {
        return Err(Error::Invalid(format!(
            "the review has no table to keep undone {table} rows in; it was not upgraded"
        )));
    }
    for column in columns.iter().filter(|c| !has.contains(c)) {
        conn.execute(
            &format!("ALTER TABLE main.{images} ADD COLUMN \"{column}\""),
            [],
        )?;
    }
    Ok(images)
}

/// `"a", "b", ...`: column names for SQL.
fn quoted(columns: &[String]) -> String {
    columns
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Forgets the kept rows of undone changes that can no longer be redone (a new edit was
/// made after them).
pub(super) fn forget_undone(conn: &Connection) -> Result<()> {
    let undone: Vec<i64> = conn
        .prepare_cached(
            "SELECT s.id FROM audit_set s JOIN change_set c ON c.id = s.change_set_id
             WHERE c.kind = 'edit' AND c.state = 'undone'",
        )?
        .query_map([], |r| r.get("id"))?
        .collect::<rusqlite::Result<_>>()?;
    for set in undone {
        conn.execute("DELETE FROM audit_set_row WHERE set_id = ?1", [set])?;
        for table in SET_TABLES {
            conn.execute(
                &format!("DELETE FROM main.audit_set_image_{table} WHERE set_id = ?1"),
                [set],
            )?;
        }
    }
    Ok(())
}

/// How many rows change set `id` changed by set.
pub(super) fn rows_by_set(conn: &Connection, id: i64) -> Result<i64> {
    Ok(conn
        .query_row(
            "SELECT sum(rows) AS n FROM audit_set WHERE change_set_id = ?1",
            [id],
            |r| r.get::<_, Option<i64>>("n"),
        )
        .optional()?
        .flatten()
        .unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use rusqlite::Connection;

    use super::FTS_COLUMNS;

    /// The names in a comma-separated list, trimmed.
    fn names(list: &str) -> Vec<String> {
        list.split(',').map(|c| c.trim().to_string()).collect()
    }

    /// The text between `open` and the next `)`/`close` after each place `open` stands.
    fn lists_after<'a>(sql: &'a str, open: &str, close: &str) -> Vec<&'a str> {
        sql.match_indices(open)
            .map(|(i, _)| {
                let rest = &sql[i + open.len()..];
                &rest[..rest.find(close).unwrap_or(rest.len())]
            })
            .collect()
    }

    #[test]
    fn the_search_triggers_and_the_set_index_use_every_column_of_the_search_table() {
        // Migration 0006 once recreated the triggers without a column added by 0003, so an
        // edit would quietly have made that text unsearchable: every list must match.
        let mut conn = Connection::open_in_memory().unwrap();
        super::super::migrations::apply(&mut conn).unwrap();
        let table: Vec<String> = conn
            .prepare("SELECT name FROM pragma_table_info('entry_fts') ORDER BY cid")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(names(FTS_COLUMNS), table, "FTS_COLUMNS against entry_fts");
        let triggers: Vec<(String, String)> = conn
            .prepare(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'
                 AND tbl_name = 'entry' AND sql LIKE '%entry_fts%' ORDER BY name",
            )
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let trigger_names: Vec<&str> = triggers.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            trigger_names,
            ["entry_fts_delete", "entry_fts_insert", "entry_fts_update"]
        );
        for (name, sql) in &triggers {
            let inserts = lists_after(sql, "INSERT INTO entry_fts(", ")");
            assert!(!inserts.is_empty(), "{name} writes no index row");
            for list in inserts {
                let columns: Vec<String> = names(list)
                    .into_iter()
                    .filter(|c| c != "entry_fts" && c != "rowid")
                    .collect();
                assert_eq!(columns, table, "{name}: the columns it writes");
            }
            for list in lists_after(sql, "VALUES (", ")") {
                let values: Vec<String> = names(list)
                    .into_iter()
                    .filter(|v| v != "'delete'" && !v.ends_with(".id"))
                    .map(|v| {
                        v.trim_start_matches("new.")
                            .trim_start_matches("old.")
                            .into()
                    })
                    .collect();
                assert_eq!(values, table, "{name}: the values it indexes");
            }
            for list in lists_after(sql, "UPDATE OF ", " ON") {
                assert_eq!(names(list), table, "{name}: the columns it watches");
            }
        }
    }
}
