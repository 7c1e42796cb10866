//! The briefing table: the reviewer's own text for the 7-minute briefing, one row.

use rusqlite::OptionalExtension;

use super::rows::{Reader, Writer};
use crate::error::Result;

/// The reviewer's own text for the 7-minute briefing; anything left empty is drawn from the
/// review when the briefing is written (`agency::pack::briefing`).
#[derive(
    Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize, specta::Type,
)]
#[serde(default)]
pub struct BriefingText {
    /// What happened, in brief (a short paragraph).
    pub what_happened: String,
    /// What needs to change (one point per line).
    pub what_needs_to_change: String,
    /// Questions for practitioners (one per line).
    pub questions_for_practitioners: String,
    /// Where to read more (the full report, procedures; one per line).
    pub read_more: String,
}

const COLUMNS: &str = "what_happened, what_needs_to_change, questions_for_practitioners, read_more";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<BriefingText> {
    Ok(BriefingText {
        what_happened: r.get(0)?,
        what_needs_to_change: r.get(1)?,
        questions_for_practitioners: r.get(2)?,
        read_more: r.get(3)?,
    })
}

impl Reader<'_> {
    /// The reviewer's text for the briefing (all empty until something is saved).
    pub fn briefing_text(&self) -> Result<BriefingText> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM briefing WHERE id = 1"),
                [],
                from_row,
            )
            .optional()?
            .unwrap_or_default())
    }
}

impl Writer<'_> {
    /// Saves the reviewer's text for the briefing (replacing what was saved).
    pub fn set_briefing_text(&self, text: &BriefingText) -> Result<()> {
        self.connection().execute(
            &format!(
                "INSERT INTO briefing (id, {COLUMNS}) VALUES (1, ?1, ?2, ?3, ?4)
                 ON CONFLICT (id) DO UPDATE SET
                   what_happened = excluded.what_happened,
                   what_needs_to_change = excluded.what_needs_to_change,
                   questions_for_practitioners = excluded.questions_for_practitioners,
                   read_more = excluded.read_more"
            ),
            rusqlite::params![
                text.what_happened,
                text.what_needs_to_change,
                text.questions_for_practitioners,
                text.read_more
            ],
        )?;
        Ok(())
    }
}
