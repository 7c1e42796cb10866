//! The `finding` table with `finding_kpe`, `finding_entry` and `board_question`: the
//! review's findings, the episodes and entries behind them, and the questions for the Board.

use std::collections::HashMap;

use rusqlite::params;

use super::{ids, non_empty, require, Reader, Write, Writer};
use crate::error::Result;
use crate::model::*;

impl Reader<'_> {
    /// The findings, by number.
    pub fn findings(&self) -> Result<Vec<Finding>> {
        let mut findings = self.all(
            "SELECT id, number, statement, category, manifestation, evidence_underlying,
                    how_widespread, implications
             FROM finding ORDER BY number, id",
            |r| {
                Ok(Finding {
                    id: r.get("id")?,
                    number: r.get("number")?,
                    statement: r.get("statement")?,
                    category: r.get("category")?,
                    manifestation: r.get("manifestation")?,
                    kpes: Vec::new(),
                    entries: Vec::new(),
                    evidence_underlying: r.get("evidence_underlying")?,
                    how_widespread: r.get("how_widespread")?,
                    implications: r.get("implications")?,
                    board_questions: Vec::new(),
                })
            },
        )?;
        let index: HashMap<FindingId, usize> = findings
            .iter()
            .enumerate()
            .map(|(i, f)| (f.id, i))
            .collect();
        for (finding, kpe) in self.all(
            "SELECT fk.finding_id, fk.kpe_id FROM finding_kpe fk JOIN kpe k ON k.id = fk.kpe_id
             ORDER BY fk.finding_id, k.number, k.id",
            |r| Ok((r.get::<_, FindingId>("finding_id")?, r.get("kpe_id")?)),
        )? {
            if let Some(&i) = index.get(&finding) {
                findings[i].kpes.push(kpe);
            }
        }
        for (finding, entry) in self.all(
            "SELECT fe.finding_id, fe.entry_id FROM finding_entry fe
             JOIN entry e ON e.id = fe.entry_id
             ORDER BY fe.finding_id, e.date_start, e.date_time, e.sequence, e.id",
            |r| Ok((r.get::<_, FindingId>("finding_id")?, r.get("entry_id")?)),
        )? {
            if let Some(&i) = index.get(&finding) {
                findings[i].entries.push(entry);
            }
        }
        for (finding, question) in self.all(
            "SELECT finding_id, question FROM board_question ORDER BY finding_id, position, id",
            |r| Ok((r.get::<_, FindingId>("finding_id")?, r.get("question")?)),
        )? {
            if let Some(&i) = index.get(&finding) {
                findings[i].board_questions.push(question);
            }
        }
        Ok(findings)
    }
}

impl Writer<'_> {
    fn check_finding(&self, finding: &Finding) -> Result<()> {
        non_empty(&finding.statement, "A finding's statement")?;
        for k in &finding.kpes {
            require(self.exists("kpe", k.0)?, || {
                format!("KPE {k} is not in this review.")
            })?;
        }
        for e in &finding.entries {
            require(self.exists("entry", e.0)?, || {
                format!("Entry {e} is not in this review.")
            })?;
        }
        Ok(())
    }

    /// Adds a finding; an id of 0 lets the store choose one.
    pub fn insert_finding(&self, finding: &Finding) -> Result<FindingId> {
        let id = FindingId(self.write_finding(finding, Write::Insert)?);
        self.sync_finding_members(id, finding)?;
        Ok(id)
    }

    /// Changes a finding, its links and its Board questions.
    pub fn update_finding(&self, finding: &Finding) -> Result<()> {
        self.write_finding(finding, Write::Update)?;
        self.sync_finding_members(finding.id, finding)
    }

    fn write_finding(&self, finding: &Finding, how: Write) -> Result<i64> {
        self.check_finding(finding)?;
        self.write_row(
            "finding",
            finding.id.0,
            how,
            &[
                ("number", &finding.number),
                ("statement", &finding.statement),
                ("category", &finding.category),
                ("manifestation", &finding.manifestation),
                ("evidence_underlying", &finding.evidence_underlying),
                ("how_widespread", &finding.how_widespread),
                ("implications", &finding.implications),
            ],
            || format!("Finding {} is not in this review.", finding.id),
        )
    }

    fn sync_finding_members(&self, id: FindingId, finding: &Finding) -> Result<()> {
        self.sync_links(
            "finding_kpe",
            "finding_id",
            id.0,
            "kpe_id",
            &ids(&finding.kpes),
        )?;
        self.sync_links(
            "finding_entry",
            "finding_id",
            id.0,
            "entry_id",
            &ids(&finding.entries),
        )?;
        let have: Vec<String> = {
            let mut stmt = self.conn().prepare_cached(
                "SELECT question FROM board_question WHERE finding_id = ?1 ORDER BY position, id",
            )?;
            let rows = stmt
                .query_map([id], |r| r.get("question"))?
                .collect::<rusqlite::Result<_>>()?;
            rows
        };
        let wanted: Vec<String> = finding
            .board_questions
            .iter()
            .map(|q| q.trim().to_string())
            .filter(|q| !q.is_empty())
            .collect();
        if have != wanted {
            self.conn()
                .execute("DELETE FROM board_question WHERE finding_id = ?1", [id])?;
            for (i, q) in wanted.iter().enumerate() {
                self.conn().execute(
                    "INSERT INTO board_question (finding_id, position, question)
                     VALUES (?1, ?2, ?3)",
                    params![id, i as i64, q],
                )?;
            }
        }
        Ok(())
    }

    /// Removes a finding.
    pub fn delete_finding(&self, id: FindingId) -> Result<()> {
        let n = self
            .conn()
            .execute("DELETE FROM finding WHERE id = ?1", [id])?;
        require(n == 1, || format!("Finding {id} is not in this review."))
    }
}
