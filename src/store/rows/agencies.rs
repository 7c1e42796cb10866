//! The `agency` table: the agencies whose records make up the chronology, one lane each.

use super::{non_empty, require, Reader, Write, Writer};
use crate::error::{Error, Result};
use crate::model::*;

impl Reader<'_> {
    /// The agencies, in lane order (grouped by area).
    pub fn agencies(&self) -> Result<Vec<Agency>> {
        self.all(
            "SELECT a.id, a.name, a.short_name, a.sector, a.area_id, a.lane_order, a.colour
             FROM agency a LEFT JOIN area ar ON ar.id = a.area_id
             ORDER BY ar.position IS NULL, ar.position, a.lane_order, a.id",
            |r| {
                Ok(Agency {
                    id: r.get("id")?,
                    name: r.get("name")?,
                    short_name: r.get("short_name")?,
                    sector: r.get("sector")?,
                    area: r.get("area_id")?,
                    lane_order: r.get("lane_order")?,
                    colour: r.get("colour")?,
                })
            },
        )
    }

    /// One agency.
    pub fn agency(&self, id: AgencyId) -> Result<Agency> {
        self.agencies()?
            .into_iter()
            .find(|a| a.id == id)
            .ok_or_else(|| Error::Missing(format!("Agency {id} is not in this review.")))
    }
}

impl Writer<'_> {
    fn check_agency(&self, agency: &Agency) -> Result<()> {
        non_empty(&agency.name, "An agency's name")?;
        non_empty(&agency.short_name, "An agency's short name")?;
        let c = agency.colour.as_bytes();
        if c.len() != 7 || c[0] != b'#' || !c[1..].iter().all(|b| b.is_ascii_hexdigit()) {
            return Err(Error::Invalid(format!(
                "'{}' is not a colour: use the form #1f77b4.",
                agency.colour
            )));
        }
        if let Some(area) = agency.area {
            require(self.exists("area", area.0)?, || {
                format!("Area {area} is not in this review.")
            })?;
        }
        Ok(())
    }

    /// Adds an agency; an id of 0 lets the store choose one.
    pub fn insert_agency(&self, agency: &Agency) -> Result<AgencyId> {
        self.write_agency(agency, Write::Insert).map(AgencyId)
    }

    /// Changes an agency.
    pub fn update_agency(&self, agency: &Agency) -> Result<()> {
        self.write_agency(agency, Write::Update).map(drop)
    }

    fn write_agency(&self, agency: &Agency, how: Write) -> Result<i64> {
        self.check_agency(agency)?;
        self.write_row(
            "agency",
            agency.id.0,
            how,
            &[
                ("name", &agency.name),
                ("short_name", &agency.short_name),
                ("sector", &agency.sector),
                ("area_id", &agency.area),
                ("lane_order", &agency.lane_order),
                ("colour", &agency.colour),
            ],
            || format!("Agency {} is not in this review.", agency.id),
        )
    }

    /// Removes an agency that has no entries.
    pub fn delete_agency(&self, id: AgencyId) -> Result<()> {
        let entries: i64 = self.conn().query_row(
            "SELECT count(*) AS entries FROM entry WHERE agency_id = ?1",
            [id],
            |r| r.get("entries"),
        )?;
        if entries > 0 {
            return Err(Error::Invalid(format!(
                "This agency has {entries} entries in the chronology. Move or delete them first."
            )));
        }
        let n = self
            .conn()
            .execute("DELETE FROM agency WHERE id = ?1", [id])?;
        require(n == 1, || format!("Agency {id} is not in this review."))
    }
}
