//! The review store: one review is one SQLite (SQLCipher) file, `*.chronolane`.
//!
//! This module is the only place with SQL. It opens and creates review files (refusing, and
//! leaving untouched, files that are not reviews, damaged, encrypted with another passphrase
//! or written by a newer version), applies the embedded migrations in one transaction, and
//! gives typed access through [`Reader`] (queries) and [`Writer`] (changes).
//!
//! Every change goes through [`Store::change`]: one transaction, one *change set* in the audit
//! log with a label for the reviewer ("Edit entry 112"). Connection-local triggers record
//! each changed row before and after as JSON, which is both the audit trail and what
//! [`Store::undo`] and [`Store::redo`] replay.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension};

use crate::error::{Error, Result};
use crate::model::Review;

mod audit;
mod migrations;
mod rows;

pub use audit::{ChangeRecord, ChangeSummary, History};
pub use migrations::LATEST_SCHEMA_VERSION;
pub use rows::{EntryMatch, Reader, Writer};

/// `PRAGMA application_id` of a Chronolane review ("CHRL").
pub const APPLICATION_ID: i32 = 0x4348_524C;

/// The first 16 bytes of an unencrypted SQLite file.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// An open review file.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    encrypted: bool,
    /// The passphrase the file was opened with, kept only to reopen it if re-encryption fails
    /// half-way (SQLCipher holds the key in memory anyway).
    encrypted_with: Option<String>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .field("encrypted", &self.encrypted)
            .finish()
    }
}

impl Store {
    /// Creates a new review file at `path`, encrypted when a passphrase is given.
    ///
    /// The file is built under a temporary name beside `path` and renamed into place only when
    /// complete, so a failure leaves nothing behind. An existing file is never overwritten.
    pub fn create(path: &Path, passphrase: Option<&str>, review: &Review) -> Result<Store> {
        Self::create_with(path, passphrase, |w| w.set_review(review))
    }

    /// Creates a new review file and fills it with `fill` in the same transaction (used to
    /// write the demo and to import canonical JSON), atomically as [`Store::create`].
    pub fn create_with(
        path: &Path,
        passphrase: Option<&str>,
        fill: impl FnOnce(&Writer<'_>) -> Result<()>,
    ) -> Result<Store> {
        if path.exists() {
            return Err(Error::AlreadyExists(path.to_path_buf()));
        }
        let passphrase = passphrase.filter(|p| !p.is_empty());
        let temp = temp_path_beside(path);
        let result = (|| {
            let mut conn = Connection::open(&temp)?;
            if let Some(p) = passphrase {
                conn.pragma_update(None, "key", p)?;
            }
            conn.pragma_update(None, "foreign_keys", true)?;
            conn.pragma_update(None, "application_id", APPLICATION_ID)?;
            migrations::apply(&mut conn)?;
            {
                let tx = conn.transaction()?;
                fill(&Writer::new(&tx))?;
                tx.commit()?;
            }
            conn.close().map_err(|(_, e)| e)?;
            std::fs::rename(&temp, path).map_err(|e| Error::io("create", path, e))?;
            Ok(())
        })();
        if let Err(e) = result {
            let _ = std::fs::remove_file(&temp);
            return Err(e);
        }
        Store::open(path, passphrase)
    }

    /// Opens an existing review file.
    ///
    /// The file is first inspected read-only; anything that is not a healthy review this
    /// version can read is refused with a clear error before a single byte is written.
    pub fn open(path: &Path, passphrase: Option<&str>) -> Result<Store> {
        let passphrase = passphrase.filter(|p| !p.is_empty());
        let encrypted = inspect(path, passphrase)?;
        let mut conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| classify_open_error(path, passphrase, e))?;
        if encrypted {
            quiet_cipher_log(&conn);
            conn.pragma_update(None, "key", passphrase.unwrap_or_default())?;
        }
        configure(&conn)?;
        migrations::apply(&mut conn)?;
        audit::install_triggers(&conn)?;
        Ok(Store {
            conn,
            path: Some(path.to_path_buf()),
            encrypted,
            encrypted_with: passphrase.filter(|_| encrypted).map(str::to_string),
        })
    }

    /// Opens a fresh review held in memory (tests, benchmarks and previews).
    pub fn in_memory(review: &Review) -> Result<Store> {
        let mut conn = Connection::open_in_memory()?;
        conn.pragma_update(None, "foreign_keys", true)?;
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
        migrations::apply(&mut conn)?;
        audit::install_triggers(&conn)?;
        let store = Store {
            conn,
            path: None,
            encrypted: false,
            encrypted_with: None,
        };
        {
            let tx = store.conn.unchecked_transaction()?;
            Writer::new(&tx).set_review(review)?;
            tx.commit()?;
        }
        Ok(store)
    }

    /// The file this review is stored in (`None` in memory).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Whether the file is encrypted at rest.
    pub fn is_encrypted(&self) -> bool {
        self.encrypted
    }

    /// Typed queries over the review.
    pub fn read(&self) -> Reader<'_> {
        Reader::new(&self.conn)
    }

    /// Runs `edit` as one undoable change labelled `action` ("Edit entry 112"): in one
    /// transaction, recorded in the audit log. If `edit` fails, nothing is changed.
    pub fn change<T>(
        &mut self,
        action: &str,
        edit: impl FnOnce(&Writer<'_>) -> Result<T>,
    ) -> Result<T> {
        audit::in_change_set(&mut self.conn, action, audit::ChangeKind::Edit, None, edit)
    }

    /// Undoes the most recent change that is not undone yet; `None` when there is nothing to
    /// undo.
    pub fn undo(&mut self) -> Result<Option<ChangeSummary>> {
        audit::undo(&mut self.conn)
    }

    /// Redoes the most recently undone change; `None` when there is nothing to redo.
    pub fn redo(&mut self) -> Result<Option<ChangeSummary>> {
        audit::redo(&mut self.conn)
    }

    /// What [`Store::undo`] and [`Store::redo`] would act on now, as the reviewer sees them.
    pub fn history(&self) -> Result<audit::History> {
        audit::history(&self.conn)
    }

    /// Encrypts the review with `passphrase`, changes its passphrase, or (with `None`) removes
    /// its encryption.
    ///
    /// The review is copied inside SQLCipher into a new file beside it with the new key, the
    /// copy is checked (it opens with the new key and holds the same rows), and only then
    /// renamed over the old file. A failure at any point leaves the review as it was. The old
    /// file's blocks may survive on the disk, as with any file that is replaced.
    pub fn set_passphrase(&mut self, passphrase: Option<&str>) -> Result<()> {
        let path = self.path.clone().ok_or_else(|| {
            Error::Invalid("A review held in memory has no file to encrypt.".into())
        })?;
        let passphrase = passphrase.filter(|p| !p.is_empty());
        let temp = temp_path_beside(&path);
        let _ = std::fs::remove_file(&temp);
        let counts = |conn: &Connection, schema: &str| -> Result<(i64, i64, i64)> {
            Ok(conn.query_row(
                &format!(
                    "SELECT (SELECT count(*) FROM {schema}.entry),
                            (SELECT count(*) FROM {schema}.audit),
                            (SELECT count(*) FROM {schema}.entry_fts_docsize)"
                ),
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?)
        };
        let copied = (|| -> Result<()> {
            let temp_text = temp.to_str().ok_or_else(|| {
                Error::Invalid(format!("{} is not a usable file name.", temp.display()))
            })?;
            // The review's connection may not create files: give SQLite an empty one to fill.
            std::fs::File::create(&temp).map_err(|e| Error::io("create", &temp, e))?;
            self.conn.execute(
                "ATTACH DATABASE ?1 AS rekeyed KEY ?2",
                rusqlite::params![temp_text, passphrase.unwrap_or("")],
            )?;
            self.conn
                .query_row("SELECT sqlcipher_export('rekeyed')", [], |_| Ok(()))?;
            let version: i64 = self
                .conn
                .query_row("PRAGMA main.user_version", [], |r| r.get(0))?;
            self.conn.execute_batch(&format!(
                "PRAGMA rekeyed.user_version = {version};
                 PRAGMA rekeyed.application_id = {APPLICATION_ID};"
            ))?;
            if counts(&self.conn, "main")? != counts(&self.conn, "rekeyed")? {
                return Err(Error::Invalid(
                    "The encrypted copy did not match the review, so nothing was changed.".into(),
                ));
            }
            Ok(())
        })();
        let _ = self.conn.execute("DETACH DATABASE rekeyed", []);
        if let Err(e) = copied {
            let _ = std::fs::remove_file(&temp);
            return Err(e);
        }
        // The copy must open on its own with the new key before it replaces anything.
        if let Err(e) = inspect(&temp, passphrase) {
            let _ = std::fs::remove_file(&temp);
            return Err(e);
        }
        let old = std::mem::replace(&mut self.conn, Connection::open_in_memory()?);
        if let Err((conn, e)) = old.close() {
            self.conn = conn;
            let _ = std::fs::remove_file(&temp);
            return Err(e.into());
        }
        let swapped = std::fs::rename(&temp, &path).map_err(|e| Error::io("replace", &path, e));
        // Whether or not the swap worked, reopen what is now at `path`.
        let reopened = if swapped.is_ok() {
            Store::open(&path, passphrase)
        } else {
            let _ = std::fs::remove_file(&temp);
            Store::open(&path, self.encrypted_with.as_deref())
        };
        *self = reopened?;
        swapped?;
        self.encrypted_with = passphrase.map(str::to_string);
        audit::record_system_change(
            &self.conn,
            match passphrase {
                Some(_) if self.encrypted => "Set the review's passphrase",
                _ => "Removed the review's encryption",
            },
        )?;
        Ok(())
    }

    /// The most recent changes, newest first (the review's history).
    pub fn recent_changes(&self, limit: u32) -> Result<Vec<ChangeRecord>> {
        audit::recent_changes(&self.conn, limit)
    }

    /// The rows one change changed, with their images before and after.
    pub fn change_rows(&self, id: i64) -> Result<Vec<crate::model::AuditRecord>> {
        audit::change_rows(&self.conn, id)
    }

    /// Whether `passphrase` is the one this encrypted review was opened with.
    pub fn passphrase_matches(&self, passphrase: &str) -> bool {
        self.encrypted_with.as_deref() == Some(passphrase)
    }

    /// Writes every committed change into the main file (WAL checkpoint), so the file alone
    /// is complete, for example before it is copied.
    pub fn checkpoint(&self) -> Result<()> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }

    /// Reads the review's analysis settings (JSON, defaults when empty).
    pub fn analysis_settings_json(&self) -> Result<String> {
        Ok(self.conn.query_row(
            "SELECT analysis_settings FROM review WHERE id = 1",
            [],
            |r| r.get(0),
        )?)
    }
}

/// Looks at a file without writing to it and decides whether it can be opened: returns
/// whether it is encrypted, or the reason it must be refused.
fn inspect(path: &Path, passphrase: Option<&str>) -> Result<bool> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io("read", path, e))?;
    if meta.is_dir() {
        return Err(Error::NotAReview {
            path: path.to_path_buf(),
            detail: "it is a folder".into(),
        });
    }
    if meta.len() == 0 {
        return Err(Error::NotAReview {
            path: path.to_path_buf(),
            detail: "the file is empty".into(),
        });
    }
    let mut header = [0u8; 16];
    {
        use std::io::Read;
        let mut f = std::fs::File::open(path).map_err(|e| Error::io("read", path, e))?;
        let n = f
            .read(&mut header)
            .map_err(|e| Error::io("read", path, e))?;
        if n < 16 {
            return Err(Error::NotAReview {
                path: path.to_path_buf(),
                detail: "the file is too short".into(),
            });
        }
    }
    let encrypted = &header != SQLITE_HEADER;
    // An encrypted review is whole pages of random-looking bytes; a text file, a document or a
    // truncated copy is not, and is refused as "not a review" rather than asking for a
    // passphrase that cannot help.
    let printable = header
        .iter()
        .all(|b| b.is_ascii_graphic() || b.is_ascii_whitespace());
    if encrypted && (meta.len() % 512 != 0 || printable) {
        return Err(Error::NotAReview {
            path: path.to_path_buf(),
            detail: if printable {
                "it looks like a text file".into()
            } else {
                "it is not a database file".into()
            },
        });
    }
    if encrypted && passphrase.is_none() {
        return Err(Error::PassphraseRequired(path.to_path_buf()));
    }
    // Read-only: nothing below can change the file.
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| classify_open_error(path, passphrase, e))?;
    if encrypted {
        quiet_cipher_log(&conn);
        conn.pragma_update(None, "key", passphrase.unwrap_or_default())?;
    }
    let app_id: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(|e| classify_open_error(path, passphrase.filter(|_| encrypted), e))?;
    if app_id != APPLICATION_ID {
        return Err(Error::NotAReview {
            path: path.to_path_buf(),
            detail: "it is a database of another program".into(),
        });
    }
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > LATEST_SCHEMA_VERSION {
        return Err(Error::NewerVersion {
            path: path.to_path_buf(),
            found: version,
            supported: LATEST_SCHEMA_VERSION,
        });
    }
    let check: String = conn
        .query_row("PRAGMA quick_check(1)", [], |r| r.get(0))
        .map_err(|e| Error::Damaged {
            path: path.to_path_buf(),
            detail: e.to_string(),
        })?;
    if check != "ok" {
        return Err(Error::Damaged {
            path: path.to_path_buf(),
            detail: check,
        });
    }
    Ok(encrypted)
}

/// Turns SQLite's "file is not a database" into the error a reviewer can act on.
fn classify_open_error(path: &Path, passphrase: Option<&str>, e: rusqlite::Error) -> Error {
    let not_a_db = matches!(
        &e,
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::NotADatabase
    );
    let corrupt = matches!(
        &e,
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::DatabaseCorrupt
    );
    match (not_a_db, corrupt, passphrase) {
        (true, _, Some(_)) => Error::WrongPassphrase(path.to_path_buf()),
        (true, _, None) => Error::NotAReview {
            path: path.to_path_buf(),
            detail: String::new(),
        },
        (_, true, _) => Error::Damaged {
            path: path.to_path_buf(),
            detail: e.to_string(),
        },
        _ => Error::Database(e),
    }
}

/// SQLCipher logs a failed decryption to stderr; a wrong passphrase is reported to the
/// reviewer as an error instead, so the log is silenced.
fn quiet_cipher_log(conn: &Connection) {
    let _ = conn.query_row("PRAGMA cipher_log_level = NONE", [], |_| Ok(()));
}

fn configure(conn: &Connection) -> Result<()> {
    conn.pragma_update(None, "foreign_keys", true)?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(Error::Invalid(format!(
            "the review file could not be switched to write-ahead logging (it uses '{mode}')"
        )));
    }
    // Every committed change reaches the disk before the edit is reported as saved.
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(())
}

fn temp_path_beside(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "review".into());
    path.with_file_name(format!(".{name}.{}.partial", std::process::id()))
}

/// Reads the schema version of a review file without changing it (for `chronolane info`).
pub fn schema_version_of(store: &Store) -> Result<i64> {
    Ok(store
        .conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .optional()?
        .unwrap_or(0))
}
