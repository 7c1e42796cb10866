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
    #[error("{} is damaged and cannot be opened safely ({detail}). Nothing in it was changed; restore it from a backup or an exported JSON copy.", .path.display())]
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

    /// A file could not be read or written.
    #[error("Could not {action} {}: {source}", .path.display())]
    Io {
        /// What was being done, for example "read".
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },

    /// An unexpected database failure.
    #[error("The review database reported a problem: {0}. Your last change was not saved.")]
    Database(#[from] rusqlite::Error),

    /// A JSON document could not be read.
    #[error("The JSON could not be read: {0}")]
    Json(#[from] serde_json::Error),
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
    /// See [`Error::Database`] and [`Error::Json`].
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
            Error::Invalid(_) => ErrorKind::Invalid,
            Error::Missing(_) => ErrorKind::Missing,
            Error::Cancelled => ErrorKind::Cancelled,
            Error::Io { .. } => ErrorKind::Io,
            Error::Database(_) | Error::Json(_) => ErrorKind::Internal,
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
