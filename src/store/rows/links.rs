//! The `link` table: links the reviewer makes between two entries.

use rusqlite::{params, OptionalExtension};

use super::{id_or_null, require, Reader, Writer};
use crate::error::{Error, Result};
use crate::model::*;

const LINK_COLUMNS: &str = "SELECT id, from_entry_id, to_entry_id, kind, note FROM link";

/// A `link` row as a link.
fn link_of(r: &rusqlite::Row) -> rusqlite::Result<Link> {
    Ok(Link {
        id: r.get("id")?,
        from: r.get("from_entry_id")?,
        to: r.get("to_entry_id")?,
        kind: r.get("kind")?,
        note: r.get("note")?,
    })
}

impl Reader<'_> {
    /// The reviewer-made links between entries.
    pub fn links(&self) -> Result<Vec<Link>> {
        self.all(&format!("{LINK_COLUMNS} ORDER BY id"), link_of)
    }
}

impl Writer<'_> {
    /// Links two entries; an id of 0 lets the store choose one.
    pub fn insert_link(&self, link: &Link) -> Result<LinkId> {
        if link.from == link.to {
            return Err(Error::Invalid(
                "An entry cannot be linked to itself.".into(),
            ));
        }
        for e in [link.from, link.to] {
            require(self.exists("entry", e.0)?, || {
                format!("Entry {e} is not in this review.")
            })?;
        }
        let existing: Option<i64> = self
            .conn()
            .query_row(
                "SELECT id FROM link WHERE from_entry_id = ?1 AND to_entry_id = ?2 AND kind = ?3",
                params![link.from, link.to, link.kind],
                |r| r.get("id"),
            )
            .optional()?;
        if let Some(id) = existing {
            return Ok(LinkId(id));
        }
        self.conn().execute(
            "INSERT INTO link (id, from_entry_id, to_entry_id, kind, note)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                id_or_null(link.id.0),
                link.from,
                link.to,
                link.kind,
                link.note
            ],
        )?;
        Ok(LinkId(self.last_id()))
    }

    /// Changes what a link says about its two entries (a response becomes an escalation ...).
    /// A merge (`duplicate_of`) is made and unmade by the duplicates review, never here.
    pub fn change_link_kind(&self, id: LinkId, kind: LinkKind) -> Result<Link> {
        let link = self
            .conn()
            .query_row(&format!("{LINK_COLUMNS} WHERE id = ?1"), [id], link_of)
            .optional()?
            .ok_or_else(|| Error::Missing(format!("Link {id} is not in this review.")))?;
        if link.kind == LinkKind::DuplicateOf || kind == LinkKind::DuplicateOf {
            return Err(Error::Invalid(
                "Duplicates are merged and kept apart in the duplicates review, not by changing a link."
                    .into(),
            ));
        }
        if link.kind == kind {
            return Ok(link);
        }
        let twin: Option<i64> = self
            .conn()
            .query_row(
                "SELECT id FROM link WHERE from_entry_id = ?1 AND to_entry_id = ?2 AND kind = ?3",
                params![link.from, link.to, kind],
                |r| r.get("id"),
            )
            .optional()?;
        if twin.is_some() {
            return Err(Error::Invalid(format!(
                "These two entries already have a '{}' link: remove this one instead.",
                kind.label()
            )));
        }
        self.conn()
            .execute("UPDATE link SET kind = ?2 WHERE id = ?1", params![id, kind])?;
        Ok(Link { kind, ..link })
    }

    /// Removes a link.
    pub fn delete_link(&self, id: LinkId) -> Result<()> {
        let n = self
            .conn()
            .execute("DELETE FROM link WHERE id = ?1", [id])?;
        require(n == 1, || format!("Link {id} is not in this review."))
    }
}
