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

use inspect::{inspect, quiet_cipher_log};

use crate::error::{Error, Result};
use crate::model::Review;

mod audit;
mod briefing;
mod inspect;
mod migrations;
mod rows;
mod sets;

pub use audit::{ChangeRecord, ChangeSummary, History};
pub use briefing::BriefingText;
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
    /// Opened for reading only: the file or its folder cannot be written by this user.
    read_only: bool,
    /// The passphrase the file was opened with, kept only to reopen it if re-encryption fails
    /// half-way (SQLCipher holds the key in memory anyway).
    encrypted_with: Option<String>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .field("encrypted", &self.encrypted)
            .field("read_only", &self.read_only)
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
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            crate::files::remove_stale_partials(dir);
        }
        // Created here first so a folder that cannot be written is reported plainly. A file of
        // this name can only be left by an earlier process with our PID: it is not a review.
        let _ = std::fs::remove_file(&temp);
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)
            .map_err(|e| Error::io("create", path, e))?;
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
    /// The file is first inspected read-only (see [`inspect`]); anything that is not a whole,
    /// healthy review this version can read is refused with a clear error before a single
    /// byte is written or created beside it. A review the user may not change (a read-only
    /// file or folder) opens for reading only: [`Store::is_read_only`] says so and every
    /// change is refused with a plain message. Partial files left in its folder by killed
    /// writes are removed.
    pub fn open(path: &Path, passphrase: Option<&str>) -> Result<Store> {
        let passphrase = passphrase.filter(|p| !p.is_empty());
        let encrypted = inspect(path, passphrase)?.encrypted;
        let key = passphrase.filter(|_| encrypted);
        let read_only = !inspect::writable(path);
        let conn = if read_only {
            inspect::open_read_only(path)
        } else {
            Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
            .map_err(Error::from)
        };
        let mut conn = conn.map_err(|e| inspect::classify(path, key, encrypted, e))?;
        if encrypted {
            quiet_cipher_log(&conn);
            conn.pragma_update(None, "key", passphrase.unwrap_or_default())?;
        }
        if read_only {
            conn.pragma_update(None, "foreign_keys", true)?;
            let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            if version < migrations::LATEST_SCHEMA_VERSION {
                return Err(Error::ReadOnly(path.to_path_buf()));
            }
        } else {
            configure(&conn)?;
            migrations::apply(&mut conn).map_err(|e| match e {
                Error::Database(e) => Error::Damaged {
                    path: path.to_path_buf(),
                    detail: format!(
                        "it could not be brought up to date: {}",
                        inspect::first_line(&e.to_string())
                    ),
                },
                other => other,
            })?;
            audit::install_triggers(&conn)?;
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                crate::files::remove_stale_partials(dir);
            }
        }
        Ok(Store {
            conn,
            path: Some(path.to_path_buf()),
            encrypted,
            read_only,
            encrypted_with: key.map(str::to_string),
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
            read_only: false,
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

    /// Whether the review was opened for reading only (its file or folder cannot be written);
    /// every change is then refused with [`Error::ReadOnly`].
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Refuses a change to a review opened for reading only.
    fn writable(&self) -> Result<()> {
        match (&self.path, self.read_only) {
            (Some(p), true) => Err(Error::ReadOnly(p.clone())),
            _ => Ok(()),
        }
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
        self.writable()?;
        audit::in_change_set(&mut self.conn, action, audit::ChangeKind::Edit, None, edit)
            .map_err(not_saved)
    }

    /// Undoes the most recent change that is not undone yet; `None` when there is nothing to
    /// undo.
    pub fn undo(&mut self) -> Result<Option<ChangeSummary>> {
        self.writable()?;
        audit::undo(&mut self.conn).map_err(not_saved)
    }

    /// Redoes the most recently undone change; `None` when there is nothing to redo.
    pub fn redo(&mut self) -> Result<Option<ChangeSummary>> {
        self.writable()?;
        audit::redo(&mut self.conn).map_err(not_saved)
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
        self.writable()?;
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
        if self.read_only {
            return Ok(());
        }
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
    path.with_file_name(crate::files::partial_name(&name))
}

/// A database failure during a change: say that the change was not saved.
fn not_saved(e: Error) -> Error {
    match e {
        Error::Database(e) => Error::NotSaved(e),
        other => other,
    }
}

/// Reads the schema version of a review file without changing it (for `chronolane info`).
pub fn schema_version_of(store: &Store) -> Result<i64> {
    Ok(store
        .conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .optional()?
        .unwrap_or(0))
}
