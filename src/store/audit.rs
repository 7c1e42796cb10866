//! The audit log and undo/redo.
//!
//! Each connection installs TEMP triggers on every content table. While a change set is open
//! (its id sits in the connection's `audit_ctx` table) every inserted, updated or deleted row is
//! written to `audit` as JSON before and after. Undo replays a change set's rows backwards
//! (restoring the before images); redo replays them forwards. Both are change sets of their
//! own, so the audit log keeps the whole story.
//!
//! An import's rows are recorded by set instead of one image each (see `sets.rs`); replay
//! takes sets and single rows in the order they were written.

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::Serialize;
use serde_json::{Map, Value};
use specta::Type;

use super::rows::{Reader, Writer};
use super::sets::{self, RowSet};
use crate::error::{Error, Result};

/// The tables whose rows are audited and can be undone.
pub(super) const AUDITED_TABLES: &[&str] = &[
    "review",
    "area",
    "agency",
    "person",
    "source_document",
    "entry",
    "entry_tag",
    "entry_person",
    "entry_receiver",
    "link",
    "kpe",
    "kpe_entry",
    "kpe_factor",
    "finding",
    "finding_kpe",
    "finding_entry",
    "board_question",
    "flag",
    "flag_evidence",
    "protocol_rule",
    "column_mapping",
    "agency_request",
    "briefing",
];

/// What kind of change set is being recorded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum ChangeKind {
    Edit,
    Undo,
    Redo,
}

impl ChangeKind {
    fn code(self) -> &'static str {
        match self {
            ChangeKind::Edit => "edit",
            ChangeKind::Undo => "undo",
            ChangeKind::Redo => "redo",
        }
    }
}

/// A change the reviewer made, as the history shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Type)]
pub struct ChangeSummary {
    /// What was done, for example "Edit entry 112".
    pub action: String,
    /// When, local time, `dd/mm/yyyy hh:mm`.
    pub at: String,
    /// How many rows it changed.
    pub rows_changed: u32,
}

/// What undo and redo would act on now.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Type)]
pub struct History {
    /// The change [`super::Store::undo`] would undo.
    pub undo: Option<ChangeSummary>,
    /// The change [`super::Store::redo`] would redo.
    pub redo: Option<ChangeSummary>,
}

/// One change set as the history shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Type)]
pub struct ChangeRecord {
    /// The change set's id.
    pub id: String,
    /// What was done.
    pub action: String,
    /// When, local time, `dd/mm/yyyy hh:mm`.
    pub at: String,
    /// "edit", "undo", "redo" or "system".
    pub kind: String,
    /// For edits: "done", "undone" or "abandoned".
    pub state: String,
    /// How many rows it changed.
    pub rows_changed: u32,
}

/// The most recent change sets, newest first.
pub(super) fn recent_changes(conn: &Connection, limit: u32) -> Result<Vec<ChangeRecord>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.action, c.at, c.kind, c.state,
                (SELECT count(*) FROM audit a WHERE a.change_set_id = c.id)
                  + (SELECT coalesce(sum(s.rows), 0) FROM audit_set s
                     WHERE s.change_set_id = c.id) AS rows_changed
         FROM change_set c ORDER BY c.id DESC LIMIT ?1",
    )?;
    let rows = stmt
        .query_map([limit], |r| {
            let at: String = r.get("at")?;
            Ok(ChangeRecord {
                id: r.get::<_, i64>("id")?.to_string(),
                action: r.get("action")?,
                at: uk_time(&at),
                kind: r.get("kind")?,
                state: r.get("state")?,
                rows_changed: r.get("rows_changed")?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The audit log as the history reads it: one record per row changed one by one, and one
/// per set (the row given as "first–last", the "after" image saying how many rows), each
/// with `pos` and `sub` to order them as they were written. `{where}` filters the rows of
/// both (`WHERE a.change_set_id = ?1`, with `s.` in place of `a.` for the sets).
const AUDIT_RECORDS: &str = "
    SELECT c.at, c.action, a.tbl, CAST(a.row_id AS TEXT) AS row_label, a.operation, a.before,
           a.after, a.id AS pos, 0 AS sub
    FROM audit a JOIN change_set c ON c.id = a.change_set_id {where_rows}
    UNION ALL
    SELECT c.at, c.action, s.tbl, s.first_row || '–' || s.last_row, s.operation, NULL,
           json_object('rows', s.rows, 'first id', s.first_row, 'last id', s.last_row),
           s.after_audit_id, s.id
    FROM audit_set s JOIN change_set c ON c.id = s.change_set_id {where_sets}";

/// One record of [`AUDIT_RECORDS`].
fn audit_record(r: &rusqlite::Row<'_>) -> rusqlite::Result<crate::model::AuditRecord> {
    Ok(crate::model::AuditRecord {
        at: r.get("at")?,
        action: r.get("action")?,
        table: r.get("tbl")?,
        row: r.get("row_label")?,
        operation: r.get("operation")?,
        before: r.get::<_, Option<String>>("before")?.unwrap_or_default(),
        after: r.get::<_, Option<String>>("after")?.unwrap_or_default(),
    })
}

/// The rows one change set changed, in the order they changed.
pub(super) fn change_rows(conn: &Connection, id: i64) -> Result<Vec<crate::model::AuditRecord>> {
    let sql = AUDIT_RECORDS
        .replace("{where_rows}", "WHERE a.change_set_id = ?1")
        .replace("{where_sets}", "WHERE s.change_set_id = ?1");
    let mut stmt = conn.prepare_cached(&format!("{sql} ORDER BY pos, sub"))?;
    let rows = stmt
        .query_map([id], audit_record)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

impl Reader<'_> {
    /// The most recent `limit` records of the audit log (rows changed one by one, and sets),
    /// newest first.
    pub fn audit_log(&self, limit: u32) -> Result<Vec<crate::model::AuditRecord>> {
        let sql = AUDIT_RECORDS
            .replace("{where_rows}", "")
            .replace("{where_sets}", "");
        let mut stmt = self
            .conn
            .prepare_cached(&format!("{sql} ORDER BY pos DESC, sub DESC LIMIT ?1"))?;
        let rows = stmt
            .query_map([limit], audit_record)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }
}

fn uk_time(at: &str) -> String {
    chrono::NaiveDateTime::parse_from_str(at, "%Y-%m-%d %H:%M:%S")
        .map(|t| t.format("%d/%m/%Y %H:%M").to_string())
        .unwrap_or_else(|_| at.to_string())
}

/// Creates the connection's audit context and triggers.
pub(super) fn install_triggers(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS audit_ctx (
             id INTEGER PRIMARY KEY CHECK (id = 1),
             change_set_id INTEGER
         );
         INSERT OR IGNORE INTO audit_ctx (id, change_set_id) VALUES (1, NULL);
         CREATE TEMP TABLE IF NOT EXISTS audit_paused (tbl TEXT PRIMARY KEY);",
    )?;
    for table in AUDITED_TABLES {
        let columns = columns_of(conn, table)?;
        let object = |prefix: &str| {
            let pairs: Vec<String> = columns
                .iter()
                .map(|c| format!("'{c}', {prefix}.\"{c}\""))
                .collect();
            format!("json_object({})", pairs.join(", "))
        };
        let changed: Vec<String> = columns
            .iter()
            .map(|c| format!("OLD.\"{c}\" IS NOT NEW.\"{c}\""))
            .collect();
        let active = "(SELECT change_set_id FROM audit_ctx WHERE id = 1)";
        // A table whose rows are being recorded by set (see `sets.rs`) is skipped.
        let recorded = format!(
            "{active} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM audit_paused WHERE tbl = '{table}')"
        );
        conn.execute_batch(&format!(
            "DROP TRIGGER IF EXISTS temp.audit_{table}_insert;
             CREATE TEMP TRIGGER audit_{table}_insert AFTER INSERT ON main.{table}
             WHEN {recorded} BEGIN
                 INSERT INTO audit (change_set_id, tbl, row_id, operation, before, after)
                 VALUES ({active}, '{table}', NEW.rowid, 'insert', NULL, {new});
             END;
             DROP TRIGGER IF EXISTS temp.audit_{table}_update;
             CREATE TEMP TRIGGER audit_{table}_update AFTER UPDATE ON main.{table}
             WHEN {recorded} AND ({changed}) BEGIN
                 INSERT INTO audit (change_set_id, tbl, row_id, operation, before, after)
                 VALUES ({active}, '{table}', NEW.rowid, 'update', {old}, {new});
             END;
             DROP TRIGGER IF EXISTS temp.audit_{table}_delete;
             CREATE TEMP TRIGGER audit_{table}_delete AFTER DELETE ON main.{table}
             WHEN {recorded} BEGIN
                 INSERT INTO audit (change_set_id, tbl, row_id, operation, before, after)
                 VALUES ({active}, '{table}', OLD.rowid, 'delete', {old}, NULL);
             END;",
            new = object("NEW"),
            old = object("OLD"),
            changed = changed.join(" OR "),
        ))?;
    }
    Ok(())
}

fn columns_of(conn: &Connection, table: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(&format!("PRAGMA main.table_info({table})"))?;
    let cols = stmt
        .query_map([], |r| r.get::<_, String>("name"))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(cols)
}

/// Runs `edit` inside one transaction recorded as one change set.
pub(super) fn in_change_set<T>(
    conn: &mut Connection,
    action: &str,
    kind: ChangeKind,
    target: Option<i64>,
    edit: impl FnOnce(&Writer<'_>) -> Result<T>,
) -> Result<T> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute(
        "INSERT INTO change_set (at, action, kind, target_id) VALUES (?1, ?2, ?3, ?4)",
        params![now_text(), action, kind.code(), target],
    )?;
    let id = tx.last_insert_rowid();
    tx.execute("UPDATE audit_ctx SET change_set_id = ?1 WHERE id = 1", [id])?;
    let value = edit(&Writer::new(&tx))?;
    tx.execute("UPDATE audit_ctx SET change_set_id = NULL WHERE id = 1", [])?;
    let rows = tx.query_row(
        "SELECT count(*) AS n FROM audit WHERE change_set_id = ?1",
        [id],
        |r| r.get::<_, i64>("n"),
    )? + sets::rows_by_set(&tx, id)?;
    if rows == 0 {
        // Nothing changed: keep the history free of empty steps.
        tx.execute("DELETE FROM change_set WHERE id = ?1", [id])?;
    } else if kind == ChangeKind::Edit {
        // A new edit ends the redo stack, and the rows kept to redo it are let go.
        sets::forget_undone(&tx)?;
        tx.execute(
            "UPDATE change_set SET state = 'abandoned' WHERE kind = 'edit' AND state = 'undone'",
            [],
        )?;
    }
    tx.commit()?;
    Ok(value)
}

/// Records an action that changed the file but not its content (for example its encryption)
/// in the history, where it cannot be undone.
pub(super) fn record_system_change(conn: &Connection, action: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO change_set (at, action, kind) VALUES (?1, ?2, 'system')",
        params![now_text(), action],
    )?;
    Ok(())
}

fn now_text() -> String {
    chrono::Local::now()
        .naive_local()
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
}

fn undo_target(conn: &Connection) -> Result<Option<(i64, String)>> {
    Ok(conn
        .query_row(
            "SELECT id, action FROM change_set WHERE kind = 'edit' AND state = 'done'
             ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get("id")?, r.get("action")?)),
        )
        .optional()?)
}

fn redo_target(conn: &Connection) -> Result<Option<(i64, String)>> {
    Ok(conn
        .query_row(
            "SELECT id, action FROM change_set WHERE kind = 'edit' AND state = 'undone'
             ORDER BY id ASC LIMIT 1",
            [],
            |r| Ok((r.get("id")?, r.get("action")?)),
        )
        .optional()?)
}

fn summary(conn: &Connection, id: i64) -> Result<ChangeSummary> {
    Ok(conn.query_row(
        "SELECT action, at,
                (SELECT count(*) FROM audit WHERE change_set_id = c.id)
                  + (SELECT coalesce(sum(s.rows), 0) FROM audit_set s
                     WHERE s.change_set_id = c.id) AS rows_changed
         FROM change_set c WHERE id = ?1",
        [id],
        |r| {
            let at: String = r.get("at")?;
            Ok(ChangeSummary {
                action: r.get("action")?,
                at: uk_time(&at),
                rows_changed: r.get("rows_changed")?,
            })
        },
    )?)
}

pub(super) fn history(conn: &Connection) -> Result<History> {
    Ok(History {
        undo: undo_target(conn)?
            .map(|(id, _)| summary(conn, id))
            .transpose()?,
        redo: redo_target(conn)?
            .map(|(id, _)| summary(conn, id))
            .transpose()?,
    })
}

pub(super) fn undo(conn: &mut Connection) -> Result<Option<ChangeSummary>> {
    let Some((target, action)) = undo_target(conn)? else {
        return Ok(None);
    };
    let done = summary(conn, target)?;
    in_change_set(
        conn,
        &format!("Undo: {action}"),
        ChangeKind::Undo,
        Some(target),
        |w| {
            replay(w.connection(), target, Direction::Backward)?;
            w.connection().execute(
                "UPDATE change_set SET state = 'undone' WHERE id = ?1",
                [target],
            )?;
            Ok(())
        },
    )?;
    Ok(Some(done))
}

pub(super) fn redo(conn: &mut Connection) -> Result<Option<ChangeSummary>> {
    let Some((target, action)) = redo_target(conn)? else {
        return Ok(None);
    };
    let done = summary(conn, target)?;
    in_change_set(
        conn,
        &format!("Redo: {action}"),
        ChangeKind::Redo,
        Some(target),
        |w| {
            replay(w.connection(), target, Direction::Forward)?;
            w.connection().execute(
                "UPDATE change_set SET state = 'done' WHERE id = ?1",
                [target],
            )?;
            Ok(())
        },
    )?;
    Ok(Some(done))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    Forward,
    Backward,
}

struct AuditRow {
    id: i64,
    table: String,
    row_id: i64,
    operation: String,
    before: Option<String>,
    after: Option<String>,
}

/// Replays the rows of change set `target`, forwards (redo) or backwards (undo).
fn replay(conn: &Connection, target: i64, direction: Direction) -> Result<()> {
    // Rows come back in an order in which parents may follow children; foreign keys are
    // checked once, at commit.
    conn.pragma_update(None, "defer_foreign_keys", true)?;
    let order = if direction == Direction::Forward {
        "ASC"
    } else {
        "DESC"
    };
    let rows: Vec<AuditRow> = {
        let mut stmt = conn.prepare(&format!(
            "SELECT id, tbl, row_id, operation, before, after FROM audit
             WHERE change_set_id = ?1 ORDER BY id {order}"
        ))?;
        let rows = stmt
            .query_map([target], |r| {
                Ok(AuditRow {
                    id: r.get("id")?,
                    table: r.get("tbl")?,
                    row_id: r.get("row_id")?,
                    operation: r.get("operation")?,
                    before: r.get("before")?,
                    after: r.get("after")?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows
    };
    // Column lists are looked up once per table, and each distinct statement is prepared once
    // (undoing a large import replays many thousands of rows of the same shape).
    let mut columns_by_table: std::collections::HashMap<&'static str, Vec<String>> =
        std::collections::HashMap::new();
    // The sets, each placed after the audit row it followed when it was written.
    let mut sets = sets::sets_of(conn, target)?;
    if direction == Direction::Backward {
        sets.reverse();
    }
    let mut sets = sets.into_iter().peekable();
    for row in rows {
        while let Some(set) = sets.next_if(|s| match direction {
            Direction::Forward => s.after_audit_id < row.id,
            Direction::Backward => s.after_audit_id >= row.id,
        }) {
            replay_set(conn, &set, direction)?;
        }
        let Some(table) = AUDITED_TABLES.iter().copied().find(|t| *t == row.table) else {
            return Err(Error::Invalid(format!(
                "the history names an unknown table '{}' and cannot be replayed",
                row.table
            )));
        };
        // Undoing an insert deletes; undoing a delete re-inserts; an update swaps images.
        let op = match (direction, row.operation.as_str()) {
            (Direction::Forward, "insert") | (Direction::Backward, "delete") => Op::Insert,
            (Direction::Forward, "delete") | (Direction::Backward, "insert") => Op::Delete,
            (_, "update") => Op::Update,
            (_, other) => {
                return Err(Error::Invalid(format!(
                    "the history holds an unknown operation '{other}'"
                )))
            }
        };
        if op == Op::Delete {
            conn.prepare_cached(&format!("DELETE FROM main.{table} WHERE rowid = ?1"))?
                .execute([row.row_id])?;
            continue;
        }
        if !columns_by_table.contains_key(table) {
            columns_by_table.insert(table, columns_of(conn, table)?);
        }
        let columns = &columns_by_table[table];
        let before = parse_image(row.before.as_deref())?;
        let after = parse_image(row.after.as_deref())?;
        let (image, other) = match (op, direction) {
            (Op::Insert, _) => (before.or(after), None),
            (_, Direction::Forward) => (after, before),
            (_, Direction::Backward) => (before, after),
        };
        let image = image.ok_or_else(|| Error::Invalid("missing row image".into()))?;
        if op == Op::Insert {
            let cols: Vec<&String> = columns.iter().filter(|c| image.contains_key(*c)).collect();
            let names: Vec<String> = cols.iter().map(|c| format!("\"{c}\"")).collect();
            let marks: Vec<String> = (0..=cols.len()).map(|i| format!("?{}", i + 1)).collect();
            let sql = format!(
                "INSERT INTO main.{table} (rowid, {}) VALUES ({})",
                names.join(", "),
                marks.join(", ")
            );
            let mut values = vec![rusqlite::types::Value::Integer(row.row_id)];
            values.extend(cols.iter().map(|c| to_sql_value(&image[*c])));
            conn.prepare_cached(&sql)?
                .execute(rusqlite::params_from_iter(values))?;
        } else {
            let other = other.unwrap_or_default();
            // Only the columns this change touched are restored, so a later change to another
            // column of the same row survives the undo.
            let cols: Vec<&String> = columns
                .iter()
                .filter(|c| image.contains_key(*c) && image.get(*c) != other.get(*c))
                .collect();
            if cols.is_empty() {
                continue;
            }
            let assigns: Vec<String> = cols
                .iter()
                .enumerate()
                .map(|(i, c)| format!("\"{c}\" = ?{}", i + 2))
                .collect();
            let sql = format!(
                "UPDATE main.{table} SET {} WHERE rowid = ?1",
                assigns.join(", ")
            );
            let mut values = vec![rusqlite::types::Value::Integer(row.row_id)];
            values.extend(cols.iter().map(|c| to_sql_value(&image[*c])));
            conn.prepare_cached(&sql)?
                .execute(rusqlite::params_from_iter(values))?;
        }
    }
    for set in sets {
        replay_set(conn, &set, direction)?;
    }
    Ok(())
}

/// Undoes or redoes one set of inserted rows (a change set's own record of a set it deleted
/// is never replayed: only edits are undone).
fn replay_set(conn: &Connection, set: &RowSet, direction: Direction) -> Result<()> {
    if set.operation != "insert" {
        return Err(Error::Invalid(format!(
            "the history holds a set operation '{}' that cannot be replayed",
            set.operation
        )));
    }
    let columns = columns_of(conn, sets::known_table(set)?)?;
    match direction {
        Direction::Backward => sets::take_out(conn, set, &columns),
        Direction::Forward => sets::put_back(conn, set, &columns),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Op {
    Insert,
    Update,
    Delete,
}

fn parse_image(text: Option<&str>) -> Result<Option<Map<String, Value>>> {
    match text {
        None => Ok(None),
        Some(t) => match serde_json::from_str::<Value>(t)? {
            Value::Object(map) => Ok(Some(map)),
            _ => Err(Error::Invalid(
                "a row image in the history is not an object".into(),
            )),
        },
    }
}

fn to_sql_value(v: &Value) -> rusqlite::types::Value {
    use rusqlite::types::Value as V;
    match v {
        Value::Null => V::Null,
        Value::Bool(b) => V::Integer(*b as i64),
        Value::Number(n) => match n.as_i64() {
            Some(i) => V::Integer(i),
            None => V::Real(n.as_f64().unwrap_or(0.0)),
        },
        Value::String(s) => V::Text(s.clone()),
        other => V::Text(other.to_string()),
    }
}
