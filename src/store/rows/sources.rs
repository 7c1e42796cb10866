//! The `source_document` table: each agency file imported, with its content hash.

use rusqlite::params;

use super::{id_or_null, non_empty, require, Reader, Writer};
use crate::error::Result;
use crate::model::*;

impl Reader<'_> {
    /// The source documents, oldest import first.
    pub fn sources(&self) -> Result<Vec<SourceDocument>> {
        self.all(
            "SELECT id, file_name, content_hash, agency_id, received_on, imported_at, notes
             FROM source_document ORDER BY id",
            |r| {
                Ok(SourceDocument {
                    id: r.get("id")?,
                    file_name: r.get("file_name")?,
                    content_hash: r.get("content_hash")?,
                    agency: r.get("agency_id")?,
                    received_on: r.get("received_on")?,
                    imported_at: r.get("imported_at")?,
                    notes: r.get("notes")?,
                })
            },
        )
    }

    /// The source documents already imported with this content hash.
    pub fn sources_with_hash(&self, hash: &str) -> Result<Vec<SourceDocument>> {
        Ok(self
            .sources()?
            .into_iter()
            .filter(|s| s.content_hash == hash)
            .collect())
    }
}

impl Writer<'_> {
    /// Records a source document; an id of 0 lets the store choose one.
    pub fn insert_source(&self, source: &SourceDocument) -> Result<SourceId> {
        non_empty(&source.file_name, "A source document's file name")?;
        self.conn().execute(
            "INSERT INTO source_document (id, file_name, content_hash, agency_id, received_on,
                                          imported_at, notes)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                id_or_null(source.id.0),
                source.file_name,
                source.content_hash,
                source.agency,
                source.received_on,
                source.imported_at,
                source.notes
            ],
        )?;
        Ok(SourceId(self.last_id()))
    }

    /// Removes a source document and every entry imported from it.
    pub fn delete_source(&self, id: SourceId) -> Result<()> {
        self.conn()
            .execute("DELETE FROM entry WHERE source_id = ?1", [id])?;
        let n = self
            .conn()
            .execute("DELETE FROM source_document WHERE id = ?1", [id])?;
        require(n == 1, || {
            format!("Source document {id} is not in this review.")
        })
    }
}
