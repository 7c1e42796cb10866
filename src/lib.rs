//! Chronolane's core: the review store, the domain model, import, analysis and export of
//! multi-agency chronologies for child safeguarding practice reviews.
//!
//! The core has no dependency on the desktop shell; the CLI (`src/main.rs`), the tests and the
//! Tauri commands all call the same API. See ARCHITECTURE.md for the map.

#![deny(missing_docs)]

pub mod agency;
pub mod analysis;
pub mod api;
pub mod calendar;
pub mod cli;
pub mod dates;
pub mod demo;
pub mod editing;
pub mod error;
pub mod export;
pub mod files;
pub mod import;
pub mod json;
pub mod model;
pub mod numbering;
pub mod operation;
pub mod phrases;
pub mod store;
pub mod timeline;
mod vocabulary;

pub use error::{Error, ErrorKind, Result};
pub use store::Store;
