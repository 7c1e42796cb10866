//! The agency_request table: what the reviewer has asked of each agency, and when.

use rusqlite::{params, OptionalExtension};

use super::{Reader, Writer};
use crate::error::Result;
use crate::model::{AgencyId, AgencyRequest};

const COLUMNS: &str = "agency_id, template_sent_on, return_received_on, return_checked_on,
    accuracy_sent_on, accuracy_confirmed_on";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AgencyRequest> {
    Ok(AgencyRequest {
        agency: r.get("agency_id")?,
        template_sent_on: r.get("template_sent_on")?,
        return_received_on: r.get("return_received_on")?,
        return_checked_on: r.get("return_checked_on")?,
        accuracy_sent_on: r.get("accuracy_sent_on")?,
        accuracy_confirmed_on: r.get("accuracy_confirmed_on")?,
    })
}

impl Reader<'_> {
    /// Every agency's requests that have anything recorded, by agency.
    pub fn agency_requests(&self) -> Result<Vec<AgencyRequest>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM agency_request ORDER BY agency_id"
        ))?;
        let rows = stmt
            .query_map([], from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// One agency's requests (all empty when nothing is recorded yet).
    pub fn agency_request(&self, agency: AgencyId) -> Result<AgencyRequest> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM agency_request WHERE agency_id = ?1"),
                [agency],
                from_row,
            )
            .optional()?
            .unwrap_or_else(|| AgencyRequest::new(agency)))
    }
}

impl Writer<'_> {
    /// Records an agency's requests (replacing what was recorded); the agency must exist.
    pub fn set_agency_request(&self, request: &AgencyRequest) -> Result<()> {
        self.agency(request.agency)?;
        self.conn().execute(
            &format!(
                "INSERT INTO agency_request ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (agency_id) DO UPDATE SET
                   template_sent_on = excluded.template_sent_on,
                   return_received_on = excluded.return_received_on,
                   return_checked_on = excluded.return_checked_on,
                   accuracy_sent_on = excluded.accuracy_sent_on,
                   accuracy_confirmed_on = excluded.accuracy_confirmed_on"
            ),
            params![
                request.agency,
                request.template_sent_on,
                request.return_received_on,
                request.return_checked_on,
                request.accuracy_sent_on,
                request.accuracy_confirmed_on
            ],
        )?;
        Ok(())
    }
}
