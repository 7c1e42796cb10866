//! The Tauri commands, one file per feature; each is a one-line call into
//! `chronolane::api::Session`.

pub mod agency;
pub mod analysis;
pub mod import;
pub mod report;
pub mod review;
pub mod timeline;

use crate::error::IpcError;

/// What every command returns.
pub type Reply<T> = Result<T, IpcError>;
