//! Reading protocol rules from a terms of reference's timescale table (Markdown, CSV,
//! spreadsheet or Word), in one undoable change.

use std::path::Path;

use super::Session;
use crate::error::{Error, Result};
use crate::model::ProtocolRule;

/// What reading a protocol table did.
#[derive(Clone, Debug, PartialEq)]
pub struct ProtocolRead {
    /// The rules added, as stored.
    pub added: Vec<ProtocolRule>,
    /// How many rules were removed first (when replacing).
    pub replaced: usize,
    /// Clauses not turned into rules, with the reason.
    pub not_read: Vec<String>,
}

/// Reads the table rows of a protocol file: Markdown tables from a text file, else every
/// table of a CSV, spreadsheet or Word document.
fn protocol_rows(path: &Path) -> Result<Vec<Vec<String>>> {
    let lower = path.display().to_string().to_lowercase();
    if lower.ends_with(".md") || lower.ends_with(".txt") || lower.ends_with(".markdown") {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io("read", path, e))?;
        return Ok(crate::import::protocol::rows_from_markdown(&text));
    }
    let (doc, _) = crate::import::read::read_path(path)?;
    Ok(doc
        .tables
        .into_iter()
        .flat_map(|t| t.rows.into_iter().map(|r| r.cells))
        .collect())
}

impl Session {
    /// Reads protocol rules from a terms of reference's timescale table and adds them (after
    /// removing every rule when `replace`), in one change. A file with no rule in it changes
    /// nothing and says what a rule row looks like.
    pub fn read_protocol_rules(&mut self, file: &Path, replace: bool) -> Result<ProtocolRead> {
        let table = crate::import::protocol::rules_from_rows(&protocol_rows(file)?);
        if table.rules.is_empty() {
            return Err(Error::Invalid(format!(
                "No protocol rule could be read from {}: it needs table rows giving a \
                 standard and a timescale (like '| P2 | Strategy discussion after a \
                 decision that the s47 threshold may be met | within 1 WD of that decision \
                 |'). Nothing was changed.{}",
                file.display(),
                if table.not_read.is_empty() {
                    String::new()
                } else {
                    format!(" Not read: {}", table.not_read.join("; "))
                }
            )));
        }
        let existing = self.protocol_rules()?;
        let n = table.rules.len();
        self.store()?.change(
            &format!("Read {n} protocol rules from {}", file.display()),
            |w| {
                if replace {
                    for r in &existing {
                        w.delete_protocol_rule(r.id)?;
                    }
                }
                for r in &table.rules {
                    w.insert_protocol_rule(r)?;
                }
                Ok(())
            },
        )?;
        let rules = self.protocol_rules()?;
        Ok(ProtocolRead {
            added: rules.iter().rev().take(n).rev().cloned().collect(),
            replaced: if replace { existing.len() } else { 0 },
            not_read: table.not_read,
        })
    }
}
