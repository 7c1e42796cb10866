//! The `flag` table with `flag_evidence`: what the analysis found, and the reviewer's triage.

use std::collections::HashMap;

use rusqlite::params;

use super::{require, Reader, Write, Writer};
use crate::error::{Error, Result};
use crate::model::*;

impl Reader<'_> {
    /// The stored flags, most severe and earliest first.
    pub fn flags(&self) -> Result<Vec<Flag>> {
        let mut flags = self.all(
            "SELECT id, kind, rule, identity, evidence_digest, explanation, severity, inferred,
                    starts_on, ends_on, status, rationale, kpe_id, current
             FROM flag
             ORDER BY current DESC,
                      CASE severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END,
                      starts_on, id",
            |r| {
                Ok(Flag {
                    id: r.get("id")?,
                    kind: r.get("kind")?,
                    rule: r.get("rule")?,
                    identity: r.get("identity")?,
                    evidence_digest: r.get("evidence_digest")?,
                    evidence: Vec::new(),
                    explanation: r.get("explanation")?,
                    severity: r.get("severity")?,
                    inferred: r.get("inferred")?,
                    starts_on: r.get("starts_on")?,
                    ends_on: r.get("ends_on")?,
                    status: r.get("status")?,
                    rationale: r.get("rationale")?,
                    kpe: r.get("kpe_id")?,
                    current: r.get("current")?,
                })
            },
        )?;
        let index: HashMap<FlagId, usize> =
            flags.iter().enumerate().map(|(i, f)| (f.id, i)).collect();
        for (flag, entry) in self.all(
            "SELECT flag_id, entry_id FROM flag_evidence ORDER BY flag_id, position",
            |r| Ok((r.get::<_, FlagId>("flag_id")?, r.get("entry_id")?)),
        )? {
            if let Some(&i) = index.get(&flag) {
                flags[i].evidence.push(entry);
            }
        }
        Ok(flags)
    }

    /// One flag.
    pub fn flag(&self, id: FlagId) -> Result<Flag> {
        self.flags()?
            .into_iter()
            .find(|f| f.id == id)
            .ok_or_else(|| Error::Missing(format!("Flag {id} is not in this review.")))
    }
}

impl Writer<'_> {
    /// Stores a flag; an id of 0 lets the store choose one.
    pub fn insert_flag(&self, flag: &Flag) -> Result<FlagId> {
        let id = FlagId(self.write_flag(flag, Write::Insert)?);
        self.replace_evidence(id, &flag.evidence)?;
        Ok(id)
    }

    /// Changes a stored flag (analysis results and triage alike).
    pub fn update_flag(&self, flag: &Flag) -> Result<()> {
        if flag.status == FlagStatus::Dismissed && flag.rationale.trim().is_empty() {
            return Err(Error::Invalid(
                "Say why the flag is dismissed: a rationale is required.".into(),
            ));
        }
        if let Some(k) = flag.kpe {
            require(self.exists("kpe", k.0)?, || {
                format!("KPE {k} is not in this review.")
            })?;
        }
        self.write_flag(flag, Write::Update)?;
        self.replace_evidence(flag.id, &flag.evidence)
    }

    fn write_flag(&self, flag: &Flag, how: Write) -> Result<i64> {
        self.write_row(
            "flag",
            flag.id.0,
            how,
            &[
                ("kind", &flag.kind),
                ("rule", &flag.rule),
                ("identity", &flag.identity),
                ("evidence_digest", &flag.evidence_digest),
                ("explanation", &flag.explanation),
                ("severity", &flag.severity),
                ("inferred", &flag.inferred),
                ("starts_on", &flag.starts_on),
                ("ends_on", &flag.ends_on),
                ("status", &flag.status),
                ("rationale", &flag.rationale),
                ("kpe_id", &flag.kpe),
                ("current", &flag.current),
            ],
            || format!("Flag {} is not in this review.", flag.id),
        )
    }

    /// Removes a stored flag.
    pub fn delete_flag(&self, id: FlagId) -> Result<()> {
        let n = self
            .conn()
            .execute("DELETE FROM flag WHERE id = ?1", [id])?;
        require(n == 1, || format!("Flag {id} is not in this review."))
    }

    fn replace_evidence(&self, id: FlagId, evidence: &[EntryId]) -> Result<()> {
        let have: Vec<EntryId> = {
            let mut stmt = self.conn().prepare_cached(
                "SELECT entry_id FROM flag_evidence WHERE flag_id = ?1 ORDER BY position",
            )?;
            let rows = stmt
                .query_map([id], |r| r.get("entry_id"))?
                .collect::<rusqlite::Result<_>>()?;
            rows
        };
        if have == evidence {
            return Ok(());
        }
        self.conn()
            .execute("DELETE FROM flag_evidence WHERE flag_id = ?1", [id])?;
        for (i, e) in evidence.iter().enumerate() {
            self.conn().execute(
                "INSERT INTO flag_evidence (flag_id, position, entry_id) VALUES (?1, ?2, ?3)",
                params![id, i as i64, e],
            )?;
        }
        Ok(())
    }
}
