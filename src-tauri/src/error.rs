//! The error that crosses IPC: a tagged enum (`{ kind, message }` in TypeScript) with a
//! stable kind the UI can match on and a message fit for the reviewer.

use chronolane::{Error, ErrorKind};
use serde::Serialize;
use specta::Type;

/// A failed command, as the UI receives it.
#[derive(Debug, Serialize, Type)]
#[serde(tag = "kind", content = "message", rename_all = "snake_case")]
pub enum IpcError {
    /// A file was not found.
    NotFound(String),
    /// A file to be created already exists.
    AlreadyExists(String),
    /// The file is not a Chronolane review.
    NotAReview(String),
    /// The review is encrypted: ask for the passphrase.
    PassphraseRequired(String),
    /// The passphrase was wrong.
    WrongPassphrase(String),
    /// The file needs a newer Chronolane.
    NewerVersion(String),
    /// The file is damaged.
    Damaged(String),
    /// A value was not acceptable.
    Invalid(String),
    /// Something asked for is not in the review.
    Missing(String),
    /// The reviewer cancelled.
    Cancelled(String),
    /// A file could not be read or written.
    Io(String),
    /// An unexpected failure (details in the log).
    Internal(String),
}

impl From<Error> for IpcError {
    fn from(e: Error) -> Self {
        let message = e.to_string();
        if e.kind() == ErrorKind::Internal {
            eprintln!("chronolane-desktop: {e:?}");
        }
        match e.kind() {
            ErrorKind::NotFound => IpcError::NotFound(message),
            ErrorKind::AlreadyExists => IpcError::AlreadyExists(message),
            ErrorKind::NotAReview => IpcError::NotAReview(message),
            ErrorKind::PassphraseRequired => IpcError::PassphraseRequired(message),
            ErrorKind::WrongPassphrase => IpcError::WrongPassphrase(message),
            ErrorKind::NewerVersion => IpcError::NewerVersion(message),
            ErrorKind::Damaged => IpcError::Damaged(message),
            ErrorKind::Invalid => IpcError::Invalid(message),
            ErrorKind::Missing => IpcError::Missing(message),
            ErrorKind::Cancelled => IpcError::Cancelled(message),
            ErrorKind::Io => IpcError::Io(message),
            ErrorKind::Internal => IpcError::Internal(message),
        }
    }
}
