//! The core's error type: every failure a reviewer can meet, each with a stable [`ErrorKind`]
//! code (for the UI and scripts) and a message that says what happened and what to do.

use std::path::{Path, PathBuf};

/// A failure of a core operation.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file does not exist.
    #[error("Chronolane cannot find {}. Check the name and folder, then try again.", .0.display())]
    NotFound(PathBuf),

    /// Creating a review where a file already exists.
    #[error("{} already exists. Choose another name, or open it instead.", .0.display())]
    AlreadyExists(PathBuf),

    /// The file is not a Chronolane review (not SQLite, or SQLite of another program).
    #[error("{} is not a Chronolane review{}. Nothing in it was changed.", .path.display(), detail_suffix(.detail))]
    NotAReview {
        /// The file.
        path: PathBuf,
        /// What was found instead, when known.
        detail: String,
    },

    /// The review is encrypted and no passphrase was given (or the file is not a review).
    #[error("{} is encrypted, or is not a Chronolane review. If it is an encrypted review, open it with its passphrase.", .0.display())]
    PassphraseRequired(PathBuf),

    /// The passphrase does not open the file.
    #[error("That passphrase does not open {}. Check it and try again (passphrases are case-sensitive). Nothing in the file was changed.", .0.display())]
    WrongPassphrase(PathBuf),

    /// The file was written by a newer version of Chronolane.
    #[error("{} was saved by a newer version of Chronolane (review format {found}; this version reads up to {supported}). Update Chronolane to open it. Nothing in the file was changed.", .path.display())]
    NewerVersion {
        /// The file.
        path: PathBuf,
        /// The schema version in the file.
        found: i64,
        /// The newest schema version this build knows.
        supported: i64,
    },

    /// The file is damaged.
    #[error("This review file is damaged and cannot be opened safely: {} ({detail}). Nothing in it was changed. Open your most recent backup of the review instead (or create one from an exported JSON copy), and keep this file in case it is needed.", .path.display())]
    Damaged {
        /// The file.
        path: PathBuf,
        /// What SQLite reported.
        detail: String,
    },

    /// A value given by the reviewer or found in an input file is not acceptable.
    #[error("{0}")]
    Invalid(String),

    /// Something asked for (an entry, an agency ...) is not in the review.
    #[error("{0}")]
    Missing(String),

    /// The operation was cancelled by the reviewer.
    #[error("Cancelled. Nothing was changed.")]
    Cancelled,

    /// The review was opened for reading only and a change was asked for.
    #[error("{} is read-only for you (you cannot change the file or its folder), so it was opened for reading only and nothing was changed. To make changes, copy it to a folder you can write to and open the copy, or ask for write access.", .0.display())]
    ReadOnly(PathBuf),

    /// A file could not be read or written.
    #[error("{}", io_message(.action, .path, .source))]
    Io {
        /// What was being done, for example "read".
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },

    /// An unexpected database failure.
    #[error("{}", database_message(.0))]
    Database(#[from] rusqlite::Error),

    /// A database failure while a change was being written (rolled back).
    #[error("{} Your last change was not saved; the review is as it was before it.", database_message(.0))]
    NotSaved(rusqlite::Error),

    /// A JSON document could not be read.
    #[error("The JSON could not be read: {0}")]
    Json(#[from] serde_json::Error),
}

/// An I/O failure in plain words: which file, what went wrong, what to do. The OS's
/// "(os error N)" is left out.
fn io_message(action: &str, path: &Path, source: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let path = path.display();
    let writing = action != "read";
    match source.kind() {
        K::PermissionDenied => format!(
            "Chronolane does not have permission to {action} {path}. {}",
            if writing {
                "You need write access to that file and its folder: ask for it, or choose a folder you can write to."
            } else {
                "You need read access to that file: ask for it, or use a copy you can read."
            }
        ),
        K::ReadOnlyFilesystem => format!(
            "Could not {action} {path}: that drive is read-only. Choose a folder on a drive you can write to."
        ),
        K::StorageFull | K::QuotaExceeded => format!(
            "Could not {action} {path}: the disk is full. Free some space, then try again."
        ),
        K::NotFound if writing => format!(
            "Could not {action} {path}: its folder does not exist. Check the folder, then try again."
        ),
        _ => {
            let text = source.to_string();
            let reason = match text.rfind(" (os error ") {
                Some(i) if text.ends_with(')') => &text[..i],
                _ => &text,
            };
            format!("Could not {action} {path} ({reason}). Check the file and folder, then try again.")
        }
    }
}

/// An unexpected database failure in plain words, with what to do.
fn database_message(e: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode as C;
    if let rusqlite::Error::SqliteFailure(f, _) = e {
        match f.code {
            C::DatabaseBusy | C::DatabaseLocked => {
                return "The review is being changed by another copy of Chronolane (or another program) that has it open. Close the review there, or wait for it to finish, then try again.".into();
            }
            C::ReadOnly => {
                return "The review could not be changed because its file or folder is read-only for you. Copy it to a folder you can write to, or ask for write access.".into();
            }
            C::DiskFull => {
                return "The disk holding the review is full. Free some space, then try again."
                    .into();
            }
            C::DatabaseCorrupt | C::NotADatabase => {
                return "The review file is damaged. Open your most recent backup of the review instead.".into();
            }
            _ => {}
        }
    }
    if matches!(e, rusqlite::Error::QueryReturnedNoRows) {
        return "Something the review should hold is missing from it, so the file may be damaged or incomplete. Open your most recent backup of the review, or report this problem.".into();
    }
    let text = e.to_string();
    let first = text.lines().next().unwrap_or("").trim();
    let short: String = first.chars().take(200).collect();
    if let rusqlite::Error::FromSqlConversionFailure(_, _, cause) = e {
        let cause: String = cause.to_string().chars().take(200).collect();
        return format!("Part of the review holds a value this version of Chronolane cannot read ({cause}), so the file may be damaged or have been edited by another program. Open your most recent backup of the review, or report this problem with this message.");
    }
    if matches!(
        e,
        rusqlite::Error::InvalidColumnType(..) | rusqlite::Error::IntegralValueOutOfRange(..)
    ) {
        return format!("Part of the review holds a value this version of Chronolane cannot read ({short}), so the file may be damaged or have been edited by another program. Open your most recent backup of the review, or report this problem with this message.");
    }
    format!("The review database reported a problem ({short}). If it happens again, report it with this message.")
}

fn detail_suffix(detail: &str) -> String {
    if detail.is_empty() {
        String::new()
    } else {
        format!(" ({detail})")
    }
}

/// A stable, machine-readable code for each kind of [`Error`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// See [`Error::NotFound`].
    NotFound,
    /// See [`Error::AlreadyExists`].
    AlreadyExists,
    /// See [`Error::NotAReview`].
    NotAReview,
    /// See [`Error::PassphraseRequired`].
    PassphraseRequired,
    /// See [`Error::WrongPassphrase`].
    WrongPassphrase,
    /// See [`Error::NewerVersion`].
    NewerVersion,
    /// See [`Error::Damaged`].
    Damaged,
    /// See [`Error::Invalid`].
    Invalid,
    /// See [`Error::Missing`].
    Missing,
    /// See [`Error::Cancelled`].
    Cancelled,
    /// See [`Error::Io`].
    Io,
    /// See [`Error::Database`], [`Error::NotSaved`] and [`Error::Json`].
    Internal,
}

impl Error {
    /// The error's stable code.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::NotFound(_) => ErrorKind::NotFound,
            Error::AlreadyExists(_) => ErrorKind::AlreadyExists,
            Error::NotAReview { .. } => ErrorKind::NotAReview,
            Error::PassphraseRequired(_) => ErrorKind::PassphraseRequired,
            Error::WrongPassphrase(_) => ErrorKind::WrongPassphrase,
            Error::NewerVersion { .. } => ErrorKind::NewerVersion,
            Error::Damaged { .. } => ErrorKind::Damaged,
            Error::Invalid(_) | Error::ReadOnly(_) => ErrorKind::Invalid,
            Error::Missing(_) => ErrorKind::Missing,
            Error::Cancelled => ErrorKind::Cancelled,
            Error::Io { .. } => ErrorKind::Io,
            Error::Database(_) | Error::NotSaved(_) | Error::Json(_) => ErrorKind::Internal,
        }
    }

    /// Wraps an I/O error with the file and what was being done.
    pub fn io(action: &'static str, path: &Path, source: std::io::Error) -> Self {
        if source.kind() == std::io::ErrorKind::NotFound && action == "read" {
            return Error::NotFound(path.to_path_buf());
        }
        Error::Io {
            action,
            path: path.to_path_buf(),
            source,
        }
    }
}

/// The core's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permission_denied_names_the_file_and_says_write_access_is_needed() {
        let e = Error::io(
            "write",
            Path::new("/reports/out.docx"),
            std::io::Error::from_raw_os_error(13),
        );
        let text = e.to_string();
        assert!(!text.contains("os error"), "{text}");
        assert!(text.contains("/reports/out.docx"), "{text}");
        assert!(text.contains("write access"), "{text}");
    }

    #[test]
    fn other_io_failures_leave_out_the_os_error_number() {
        let e = Error::io(
            "write",
            Path::new("/x/y"),
            std::io::Error::from_raw_os_error(5),
        );
        let text = e.to_string();
        assert!(!text.contains("os error"), "{text}");
        assert!(text.contains("/x/y"), "{text}");
    }

    #[test]
    fn database_failures_say_what_happened_and_what_to_do() {
        let busy = Error::Database(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
            Some("database is locked".into()),
        ));
        assert!(
            busy.to_string().contains("another copy of Chronolane"),
            "{busy}"
        );
        assert!(!busy.to_string().contains("database is locked"), "{busy}");
        let none = Error::Database(rusqlite::Error::QueryReturnedNoRows);
        assert!(
            !none.to_string().contains("Query returned no rows"),
            "{none}"
        );
        assert!(none.to_string().contains("backup"), "{none}");
        // Only a failed change says a change was not saved.
        assert!(!busy.to_string().contains("not saved"), "{busy}");
        let failed = Error::NotSaved(rusqlite::Error::QueryReturnedNoRows);
        assert!(failed
            .to_string()
            .contains("Your last change was not saved"));
    }
}
