//! The schema migrations in `migrations/`, embedded at build time and applied in order, all
//! pending ones in a single transaction. `PRAGMA user_version` records how many are applied.

use rusqlite::Connection;

use crate::error::{Error, Result};

/// The migrations, in order. Append only: a released migration is never edited.
pub(super) const MIGRATIONS: &[(&str, &str)] = &[
    (
        "0001_init.sql",
        include_str!("../../migrations/0001_init.sql"),
    ),
    (
        "0002_agency_request.sql",
        include_str!("../../migrations/0002_agency_request.sql"),
    ),
    (
        "0003_agency_comment.sql",
        include_str!("../../migrations/0003_agency_comment.sql"),
    ),
    (
        "0004_briefing.sql",
        include_str!("../../migrations/0004_briefing.sql"),
    ),
    (
        "0005_review_child_birth.sql",
        include_str!("../../migrations/0005_review_child_birth.sql"),
    ),
    (
        "0006_audit_sets.sql",
        include_str!("../../migrations/0006_audit_sets.sql"),
    ),
    (
        "0007_search_prefixes.sql",
        include_str!("../../migrations/0007_search_prefixes.sql"),
    ),
    (
        "0008_entry_receivers.sql",
        include_str!("../../migrations/0008_entry_receivers.sql"),
    ),
    (
        "0009_set_images.sql",
        include_str!("../../migrations/0009_set_images.sql"),
    ),
];

/// The schema version this build writes: the number of migrations.
pub const LATEST_SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Applies every migration the file does not have yet, in one transaction.
pub(super) fn apply(conn: &mut Connection) -> Result<()> {
    apply_up_to(conn, LATEST_SCHEMA_VERSION)
}

/// Applies the migrations the file does not have yet up to schema `version`, in one
/// transaction.
pub(super) fn apply_up_to(conn: &mut Connection, version: i64) -> Result<()> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let target = version.clamp(0, LATEST_SCHEMA_VERSION);
    if current >= target {
        return Ok(());
    }
    let tx = conn.transaction()?;
    for (name, sql) in &MIGRATIONS[current as usize..target as usize] {
        tx.execute_batch(sql).map_err(|e| failed(name, &e))?;
    }
    tx.pragma_update(None, "user_version", target)?;
    tx.commit()?;
    Ok(())
}

/// A failed migration in a sentence: which one and SQLite's own words, without the
/// migration's SQL (rusqlite puts the whole batch, kilobytes of it, in its message).
fn failed(name: &str, e: &rusqlite::Error) -> Error {
    let reason = match e {
        rusqlite::Error::SqlInputError { msg, .. } => msg.clone(),
        rusqlite::Error::SqliteFailure(_, Some(msg)) => msg.clone(),
        other => other.to_string().lines().next().unwrap_or("").to_string(),
    };
    let reason: String = reason.chars().take(200).collect();
    Error::Invalid(format!(
        "The review could not be brought up to this version of Chronolane (step {name} \
         failed: {reason}). Nothing in it was changed. Open your most recent backup, or \
         report this problem with this message."
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_migration_is_one_short_sentence_without_its_sql() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE entry (x);").unwrap();
        let text = apply(&mut conn).unwrap_err().to_string();
        assert!(text.len() < 500, "{} bytes: {text}", text.len());
        assert!(text.contains("0001_init.sql"), "{text}");
        assert!(!text.contains("CREATE TABLE"), "{text}");
        // Nothing was applied.
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, 0);
    }

    #[test]
    fn every_file_in_migrations_is_embedded_in_order() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".sql"))
            .collect();
        files.sort();
        let embedded: Vec<&str> = MIGRATIONS.iter().map(|(n, _)| *n).collect();
        assert_eq!(files, embedded);
        for (i, name) in embedded.iter().enumerate() {
            assert!(
                name.starts_with(&format!("{:04}_", i + 1)),
                "{name} is out of sequence"
            );
        }
    }
}
