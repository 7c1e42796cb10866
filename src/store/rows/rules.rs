//! The `protocol_rule` table (local timescales the analysis checks) and `column_mapping`
//! (an agency's column headings remembered for its next import).

use rusqlite::params;

use super::{json_list, non_empty, require, Reader, Write, Writer};
use crate::error::{Error, Result};
use crate::model::*;

impl Reader<'_> {
    /// The protocol rules, by id.
    pub fn protocol_rules(&self) -> Result<Vec<ProtocolRule>> {
        self.all(
            "SELECT id, name, trigger_kind, to_sector, trigger_tag, response_kinds, working_days,
                    enabled
             FROM protocol_rule ORDER BY id",
            |r| {
                Ok(ProtocolRule {
                    id: r.get("id")?,
                    name: r.get("name")?,
                    trigger_kind: r.get("trigger_kind")?,
                    to_sector: r.get("to_sector")?,
                    trigger_tag: r.get("trigger_tag")?,
                    response_kinds: json_list(r, "response_kinds")?,
                    working_days: r.get("working_days")?,
                    enabled: r.get("enabled")?,
                })
            },
        )
    }

    /// Saved column mappings: (agency, name, mapping JSON).
    pub fn column_mappings(&self) -> Result<Vec<(Option<AgencyId>, String, String)>> {
        self.all(
            "SELECT agency_id, name, mapping FROM column_mapping ORDER BY id",
            |r| Ok((r.get("agency_id")?, r.get("name")?, r.get("mapping")?)),
        )
    }
}

impl Writer<'_> {
    fn check_rule(rule: &ProtocolRule) -> Result<()> {
        non_empty(&rule.name, "A protocol rule's name")?;
        if !(0..=260).contains(&rule.working_days) {
            return Err(Error::Invalid(format!(
                "A timescale of {} working days is not possible: use 0 to 260.",
                rule.working_days
            )));
        }
        Ok(())
    }

    /// Adds a protocol rule; an id of 0 lets the store choose one.
    pub fn insert_protocol_rule(&self, rule: &ProtocolRule) -> Result<ProtocolRuleId> {
        self.write_protocol_rule(rule, Write::Insert)
            .map(ProtocolRuleId)
    }

    /// Changes a protocol rule.
    pub fn update_protocol_rule(&self, rule: &ProtocolRule) -> Result<()> {
        self.write_protocol_rule(rule, Write::Update).map(drop)
    }

    fn write_protocol_rule(&self, rule: &ProtocolRule, how: Write) -> Result<i64> {
        Self::check_rule(rule)?;
        let response_kinds = serde_json::to_string(&rule.response_kinds)?;
        self.write_row(
            "protocol_rule",
            rule.id.0,
            how,
            &[
                ("name", &rule.name),
                ("trigger_kind", &rule.trigger_kind),
                ("to_sector", &rule.to_sector),
                ("trigger_tag", &rule.trigger_tag),
                ("response_kinds", &response_kinds),
                ("working_days", &rule.working_days),
                ("enabled", &rule.enabled),
            ],
            || format!("Protocol rule {} is not in this review.", rule.id),
        )
    }

    /// Removes a protocol rule.
    pub fn delete_protocol_rule(&self, id: ProtocolRuleId) -> Result<()> {
        let n = self
            .conn()
            .execute("DELETE FROM protocol_rule WHERE id = ?1", [id])?;
        require(n == 1, || {
            format!("Protocol rule {id} is not in this review.")
        })
    }

    /// Remembers a column mapping for an agency (replacing one of the same name).
    pub fn save_column_mapping(
        &self,
        agency: Option<AgencyId>,
        name: &str,
        mapping_json: &str,
    ) -> Result<()> {
        serde_json::from_str::<serde_json::Value>(mapping_json)?;
        self.conn().execute(
            "DELETE FROM column_mapping WHERE agency_id IS ?1 AND name = ?2",
            params![agency, name],
        )?;
        self.conn().execute(
            "INSERT INTO column_mapping (agency_id, name, mapping) VALUES (?1, ?2, ?3)",
            params![agency, name, mapping_json],
        )?;
        Ok(())
    }
}
