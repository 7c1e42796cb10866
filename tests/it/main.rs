//! Integration tests of the core on real review files in temporary folders, and of the CLI.
//! One test binary for the crate (matklad's pattern); one module per area.

mod agency;
mod agency_app;
#[path = "../common/agency_files.rs"]
mod agency_files;
mod analysis;
mod cli;
mod demo;
mod export;
mod fixtures;
mod fuzz;
mod hostile;
mod import;
mod import_comment;
mod import_sets;
mod json;
#[cfg(target_os = "linux")]
mod kill;
mod links;
mod operations;
mod receivers;
mod store;
mod store_open;
mod support;
mod tidy;
