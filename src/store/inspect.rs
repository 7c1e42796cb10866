//! Deciding, without changing a byte, whether a file may be opened as a review.
//!
//! [`inspect`] reads the file through SQLite with an `immutable` read-only URI, so a refused
//! file has nothing created beside it (no `-wal`, `-shm` or `-journal`), then checks in order:
//! it is a database (plain or encrypted), it carries Chronolane's application id, it was not
//! written by a newer version, it holds every table of the review schema and its one review
//! row, and a full `PRAGMA integrity_check` finds nothing wrong. `quick_check` is not enough:
//! it does not compare indexes with their tables, so a flipped byte in an index passes it and
//! a later write would land on top of the damage.
//!
//! [`access_of`] tells whether the file and its folder can be written, so a review in a
//! read-only folder opens for reading only instead of failing.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::{migrations, APPLICATION_ID, LATEST_SCHEMA_VERSION, SQLITE_HEADER};
use crate::error::{Error, Result};

/// What inspection learned about a file that may be opened.
#[derive(Clone, Copy, Debug)]
pub(super) struct Inspected {
    /// The file is SQLCipher-encrypted.
    pub encrypted: bool,
}

/// A `file:` URI for `path` (percent-encoded) with the given query.
pub(super) fn uri(path: &Path, query: &str) -> Result<String> {
    let absolute = std::path::absolute(path).map_err(|e| Error::io("read", path, e))?;
    let text = absolute.to_str().ok_or_else(|| {
        Error::Invalid(format!(
            "{} is not a usable file name: rename it with plain characters, then try again.",
            path.display()
        ))
    })?;
    let mut out = String::from("file:");
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out.push('?');
    out.push_str(query);
    Ok(out)
}

/// Whether SQLite files that belong to `path` (an unfinished write-ahead log or rollback
/// journal) exist beside it. Then the file alone is not the whole review, and it must be read
/// with them rather than as an immutable file.
pub(super) fn has_companions(path: &Path) -> bool {
    ["-wal", "-journal"].iter().any(|suffix| {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        std::fs::metadata(PathBuf::from(name)).is_ok_and(|m| m.len() > 0)
    })
}

/// Opens `path` for reading only, creating nothing beside it unless SQLite files of its own
/// are already there (see [`has_companions`]).
pub(super) fn open_read_only(path: &Path) -> Result<Connection> {
    let query = if has_companions(path) {
        "mode=ro"
    } else {
        "mode=ro&immutable=1"
    };
    Ok(Connection::open_with_flags(
        uri(path, query)?,
        OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI,
    )?)
}

/// Opens `path` to inspect it. Normally read-only (see [`open_read_only`]); but a process
/// killed while writing leaves SQLite's recovery to the next connection: a hot rollback
/// journal must be rolled back (a kill while the file was switched to write-ahead logging)
/// and a write-ahead log may need its index rebuilt, neither of which a read-only
/// connection can do ("attempt to write a readonly database"). Then, if the user may write
/// the file, it is opened read-write but query-only and without the checkpoint on close:
/// SQLite's own recovery runs (restoring the file as it was before the unfinished change),
/// nothing else is written, and nothing new is created beside it.
pub(super) fn open_for_inspection(path: &Path) -> Result<Connection> {
    if has_companions(path) && std::fs::OpenOptions::new().write(true).open(path).is_ok() {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
            true,
        )?;
        conn.pragma_update(None, "query_only", true)?;
        return Ok(conn);
    }
    open_read_only(path)
}

/// Whether a plain SQLite file whose first bytes were damaged: the rest of its 100-byte
/// header still reads as SQLite's (an encrypted file is random from its first byte).
fn damaged_plain_header(header: &[u8; 32]) -> bool {
    let page = u16::from_be_bytes([header[16], header[17]]) as u32;
    let page_ok = page == 1 || (page.is_power_of_two() && (512..=32768).contains(&page));
    page_ok
        && matches!(header[18], 1 | 2)
        && matches!(header[19], 1 | 2)
        && header[21..24] == [64, 32, 32]
}

/// Looks at a file without writing to it and decides whether it can be opened: returns
/// what it found, or the reason it must be refused.
pub(super) fn inspect(path: &Path, passphrase: Option<&str>) -> Result<Inspected> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io("read", path, e))?;
    let not_a_review = |detail: &str| Error::NotAReview {
        path: path.to_path_buf(),
        detail: detail.into(),
    };
    if meta.is_dir() {
        return Err(not_a_review("it is a folder"));
    }
    if meta.len() == 0 {
        return Err(not_a_review("the file is empty"));
    }
    let mut header = [0u8; 32];
    {
        use std::io::Read;
        let mut f = std::fs::File::open(path).map_err(|e| Error::io("read", path, e))?;
        let mut n = 0;
        while n < header.len() {
            match f.read(&mut header[n..]) {
                Ok(0) => break,
                Ok(k) => n += k,
                Err(e) => return Err(Error::io("read", path, e)),
            }
        }
        if n < 16 {
            return Err(not_a_review("the file is too short"));
        }
    }
    let encrypted = &header[..16] != SQLITE_HEADER;
    let printable = header[..16]
        .iter()
        .all(|b| b.is_ascii_graphic() || b.is_ascii_whitespace());
    if encrypted && damaged_plain_header(&header) {
        return Err(Error::Damaged {
            path: path.to_path_buf(),
            detail: "the start of the file is damaged".into(),
        });
    }
    // An encrypted review is whole pages of random-looking bytes; a text file, a document or a
    // truncated copy is not, and is refused as "not a review" rather than asking for a
    // passphrase that cannot help.
    if encrypted && (meta.len() % 512 != 0 || printable) {
        return Err(not_a_review(if printable {
            "it looks like a text file"
        } else {
            "it is not a database file"
        }));
    }
    if encrypted && passphrase.is_none() {
        return Err(Error::PassphraseRequired(path.to_path_buf()));
    }
    let key = passphrase.filter(|_| encrypted);
    let conn = open_for_inspection(path).map_err(|e| classify(path, key, encrypted, e))?;
    if encrypted {
        quiet_cipher_log(&conn);
        conn.pragma_update(None, "key", passphrase.unwrap_or_default())?;
    }
    let app_id: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(|e| classify(path, key, encrypted, e.into()))?;
    if app_id != APPLICATION_ID {
        return Err(not_a_review("it is a database of another program"));
    }
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| classify(path, key, encrypted, e.into()))?;
    if version > LATEST_SCHEMA_VERSION {
        return Err(Error::NewerVersion {
            path: path.to_path_buf(),
            found: version,
            supported: LATEST_SCHEMA_VERSION,
        });
    }
    check_tables(&conn, path, version)?;
    check_integrity(&conn, path)?;
    Ok(Inspected { encrypted })
}

/// The tables a review of schema `version` holds, as its migrations create them (a file
/// from before a migration is whole without that migration's tables; opening adds them).
fn expected_tables(version: i64) -> Result<Vec<String>> {
    let mut conn = Connection::open_in_memory()?;
    migrations::apply_up_to(&mut conn, version)?;
    table_names(&conn)
}

fn table_names(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
         ORDER BY name",
    )?;
    let names = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(names)
}

/// Refuses a file with Chronolane's mark but no review in it (never migrating it), and a
/// review with tables or its details missing.
fn check_tables(conn: &Connection, path: &Path, version: i64) -> Result<()> {
    let damaged = |e: rusqlite::Error| Error::Damaged {
        path: path.to_path_buf(),
        detail: first_line(&e.to_string()),
    };
    let found = table_names(conn).map_err(|e| match e {
        Error::Database(e) => damaged(e),
        other => other,
    })?;
    if version == 0 || found.is_empty() {
        return Err(Error::NotAReview {
            path: path.to_path_buf(),
            detail: "it carries Chronolane's mark but holds no review".into(),
        });
    }
    let missing: Vec<String> = expected_tables(version)?
        .into_iter()
        .filter(|t| !found.contains(t))
        .collect();
    if !missing.is_empty() {
        return Err(Error::Damaged {
            path: path.to_path_buf(),
            detail: format!("parts of the review are missing: {}", missing.join(", ")),
        });
    }
    let reviews: i64 = conn
        .query_row("SELECT count(*) FROM review", [], |r| r.get(0))
        .map_err(damaged)?;
    if reviews != 1 {
        return Err(Error::Damaged {
            path: path.to_path_buf(),
            detail: "the review's details are missing".into(),
        });
    }
    Ok(())
}

/// The full integrity check: every page, every index against its table.
fn check_integrity(conn: &Connection, path: &Path) -> Result<()> {
    let damaged = |detail: String| Error::Damaged {
        path: path.to_path_buf(),
        detail,
    };
    let mut stmt = conn
        .prepare("PRAGMA integrity_check(20)")
        .map_err(|e| damaged(first_line(&e.to_string())))?;
    let problems = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .and_then(|rows| rows.collect::<rusqlite::Result<Vec<String>>>())
        .map_err(|e| damaged(first_line(&e.to_string())))?;
    if problems.len() == 1 && problems[0] == "ok" {
        return Ok(());
    }
    let mut detail = first_line(problems.first().map(String::as_str).unwrap_or("unknown"));
    if problems.len() > 1 {
        detail.push_str(&format!(
            ", and {} more problem{}",
            problems.len() - 1,
            if problems.len() == 2 { "" } else { "s" }
        ));
    }
    Err(damaged(detail))
}

/// The first line of a message, cut to a readable length.
pub(super) fn first_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or("").trim();
    if line.chars().count() > 160 {
        let cut: String = line.chars().take(157).collect();
        format!("{cut}...")
    } else {
        line.to_string()
    }
}

/// Turns SQLite's failures on opening into the error a reviewer can act on: "not a database"
/// is a wrong passphrase for an encrypted file, and damage for a plain one.
pub(super) fn classify(path: &Path, passphrase: Option<&str>, encrypted: bool, e: Error) -> Error {
    let Error::Database(e) = e else {
        return e;
    };
    let code = match &e {
        rusqlite::Error::SqliteFailure(f, _) => Some(f.code),
        _ => None,
    };
    match code {
        Some(rusqlite::ErrorCode::NotADatabase) if encrypted && passphrase.is_some() => {
            Error::WrongPassphrase(path.to_path_buf())
        }
        Some(rusqlite::ErrorCode::NotADatabase) if encrypted => Error::NotAReview {
            path: path.to_path_buf(),
            detail: String::new(),
        },
        Some(rusqlite::ErrorCode::NotADatabase) | Some(rusqlite::ErrorCode::DatabaseCorrupt) => {
            Error::Damaged {
                path: path.to_path_buf(),
                detail: first_line(&e.to_string()),
            }
        }
        _ => Error::Database(e),
    }
}

/// SQLCipher logs a failed decryption to stderr; a wrong passphrase is reported to the
/// reviewer as an error instead, so the log is silenced.
pub(super) fn quiet_cipher_log(conn: &Connection) {
    let _ = conn.query_row("PRAGMA cipher_log_level = NONE", [], |_| Ok(()));
}

/// Whether this process may change the file and create SQLite's files beside it.
pub(super) fn writable(path: &Path) -> bool {
    let file_ok = std::fs::OpenOptions::new().write(true).open(path).is_ok();
    if !file_ok {
        return false;
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "review".into());
    let probe = dir.join(crate::files::partial_name(&format!("{name}.probe")));
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)
    {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            true
        }
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_escape_what_sqlite_would_read_as_syntax() {
        let u = uri(Path::new("/a b/r#1?.chronolane"), "mode=ro").unwrap();
        assert_eq!(u, "file:/a%20b/r%231%3F.chronolane?mode=ro");
    }

    #[test]
    fn a_plain_header_with_damaged_magic_is_recognised() {
        let mut h = [0u8; 32];
        h[16..24].copy_from_slice(&[0x10, 0x00, 1, 1, 0, 64, 32, 32]);
        assert!(damaged_plain_header(&h));
        h[21] = 7;
        assert!(!damaged_plain_header(&h));
    }
}
