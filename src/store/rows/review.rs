//! The `review` table (the review's own details and analysis settings) and `area`.

use rusqlite::params;

use super::{non_empty, require, Reader, Write, Writer};
use crate::error::{Error, Result};
use crate::model::*;

impl Reader<'_> {
    /// The review's own details.
    pub fn review(&self) -> Result<Review> {
        Ok(self.conn.query_row(
            "SELECT title, subject, method, commissioned_by, scope_start, scope_end, notes,
                    child_date_of_birth
             FROM review WHERE id = 1",
            [],
            |r| {
                Ok(Review {
                    title: r.get("title")?,
                    subject: r.get("subject")?,
                    method: r.get("method")?,
                    commissioned_by: r.get("commissioned_by")?,
                    scope_start: r.get("scope_start")?,
                    scope_end: r.get("scope_end")?,
                    notes: r.get("notes")?,
                    child_date_of_birth: r.get("child_date_of_birth")?,
                })
            },
        )?)
    }

    /// The analysis settings as stored (JSON; `{}` means all defaults).
    pub fn analysis_settings_json(&self) -> Result<String> {
        Ok(self.conn.query_row(
            "SELECT analysis_settings FROM review WHERE id = 1",
            [],
            |r| r.get("analysis_settings"),
        )?)
    }

    /// The areas, in display order.
    pub fn areas(&self) -> Result<Vec<Area>> {
        self.all(
            "SELECT id, name, position FROM area ORDER BY position, id",
            |r| {
                Ok(Area {
                    id: r.get("id")?,
                    name: r.get("name")?,
                    position: r.get("position")?,
                })
            },
        )
    }
}

impl Writer<'_> {
    /// Replaces the review's details.
    pub fn set_review(&self, review: &Review) -> Result<()> {
        non_empty(&review.title, "The review's title")?;
        if let (Some(s), Some(e)) = (review.scope_start, review.scope_end) {
            if s > e {
                return Err(Error::Invalid(format!(
                    "The review's scope starts ({}) after it ends ({}).",
                    crate::dates::uk(s),
                    crate::dates::uk(e)
                )));
            }
        }
        self.conn().execute(
            "INSERT INTO review (id, title, subject, method, commissioned_by, scope_start,
                                 scope_end, notes, child_date_of_birth)
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (id) DO UPDATE SET title = excluded.title, subject = excluded.subject,
                 method = excluded.method, commissioned_by = excluded.commissioned_by,
                 scope_start = excluded.scope_start, scope_end = excluded.scope_end,
                 notes = excluded.notes,
                 child_date_of_birth = excluded.child_date_of_birth",
            params![
                review.title,
                review.subject,
                review.method,
                review.commissioned_by,
                review.scope_start,
                review.scope_end,
                review.notes,
                review.child_date_of_birth
            ],
        )?;
        Ok(())
    }

    /// Stores the analysis settings (JSON).
    pub fn set_analysis_settings_json(&self, json: &str) -> Result<()> {
        serde_json::from_str::<serde_json::Value>(json)?;
        self.conn().execute(
            "UPDATE review SET analysis_settings = ?1 WHERE id = 1",
            [json],
        )?;
        Ok(())
    }

    /// Adds an area; an id of 0 lets the store choose one.
    pub fn insert_area(&self, area: &Area) -> Result<AreaId> {
        self.write_area(area, Write::Insert).map(AreaId)
    }

    /// Changes an area.
    pub fn update_area(&self, area: &Area) -> Result<()> {
        self.write_area(area, Write::Update).map(drop)
    }

    fn write_area(&self, area: &Area, how: Write) -> Result<i64> {
        non_empty(&area.name, "An area's name")?;
        self.write_row(
            "area",
            area.id.0,
            how,
            &[("name", &area.name), ("position", &area.position)],
            || format!("Area {} is not in this review.", area.id),
        )
    }

    /// Removes an area (its agencies stay, without an area).
    pub fn delete_area(&self, id: AreaId) -> Result<()> {
        let n = self
            .conn()
            .execute("DELETE FROM area WHERE id = ?1", [id])?;
        require(n == 1, || format!("Area {id} is not in this review."))
    }
}
