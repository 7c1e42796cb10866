//! The one piece of shared state: the reviewer's session, behind a mutex. Commands run on
//! worker threads (`#[tauri::command(async)]`), so SQLite work never blocks the UI thread.

use std::sync::Mutex;

use chronolane::api::{Operations, Session};

use crate::error::IpcError;

/// Registered once in `setup` with `app.manage`.
pub struct AppState {
    session: Mutex<Session>,
    /// The session's cancel and progress handles, reachable while a command holds the session.
    operations: Operations,
}

impl AppState {
    /// Wraps a session.
    pub fn new(session: Session) -> Self {
        AppState {
            operations: session.operations(),
            session: Mutex::new(session),
        }
    }

    /// The session's cancel and progress handles (never waits for a running command).
    pub fn operations(&self) -> &Operations {
        &self.operations
    }

    /// Runs `f` on the session and converts its error for IPC.
    pub fn run<T>(
        &self,
        f: impl FnOnce(&mut Session) -> chronolane::Result<T>,
    ) -> Result<T, IpcError> {
        // A panic in an earlier command must not lock the reviewer out of their review: the
        // session holds no half-made state (every change is one transaction), so recover it.
        let mut session = self
            .session
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        f(&mut session).map_err(IpcError::from)
    }
}
