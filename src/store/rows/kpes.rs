//! The `kpe` table with `kpe_entry` and `kpe_factor`: Key Practice Episodes, the entries
//! they cover and the contributory factors the reviewer names.

use std::collections::HashMap;

use rusqlite::params;

use super::{ids, non_empty, require, Reader, Write, Writer};
use crate::error::{Error, Result};
use crate::model::*;

impl Reader<'_> {
    /// The Key Practice Episodes, by number.
    pub fn kpes(&self) -> Result<Vec<KeyPracticeEpisode>> {
        let mut kpes = self.all(
            "SELECT id, number, title, starts_on, ends_on, what_happened, appraisal_grade,
                    appraisal, view_from_tunnel, what_went_well
             FROM kpe ORDER BY number, id",
            |r| {
                Ok(KeyPracticeEpisode {
                    id: r.get("id")?,
                    number: r.get("number")?,
                    title: r.get("title")?,
                    starts_on: r.get("starts_on")?,
                    ends_on: r.get("ends_on")?,
                    what_happened: r.get("what_happened")?,
                    appraisal_grade: r.get("appraisal_grade")?,
                    appraisal: r.get("appraisal")?,
                    view_from_tunnel: r.get("view_from_tunnel")?,
                    factors: Vec::new(),
                    what_went_well: r.get("what_went_well")?,
                    entries: Vec::new(),
                })
            },
        )?;
        let index: HashMap<KpeId, usize> =
            kpes.iter().enumerate().map(|(i, k)| (k.id, i)).collect();
        for (kpe, entry) in self.all(
            "SELECT ke.kpe_id, ke.entry_id FROM kpe_entry ke JOIN entry e ON e.id = ke.entry_id
             ORDER BY ke.kpe_id, e.date_start, e.date_time, e.sequence, e.id",
            |r| Ok((r.get::<_, KpeId>("kpe_id")?, r.get("entry_id")?)),
        )? {
            if let Some(&i) = index.get(&kpe) {
                kpes[i].entries.push(entry);
            }
        }
        for (kpe, factor) in self.all(
            "SELECT kpe_id, factor, note FROM kpe_factor ORDER BY kpe_id, position, id",
            |r| Ok((r.get::<_, KpeId>("kpe_id")?, factor_from_row(r)?)),
        )? {
            if let Some(&i) = index.get(&kpe) {
                kpes[i].factors.push(factor);
            }
        }
        Ok(kpes)
    }
}

fn factor_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<FactorNote> {
    Ok(FactorNote {
        factor: r.get("factor")?,
        note: r.get("note")?,
    })
}

impl Writer<'_> {
    fn check_kpe(&self, kpe: &KeyPracticeEpisode) -> Result<()> {
        non_empty(&kpe.title, "A Key Practice Episode's title")?;
        if kpe.ends_on < kpe.starts_on {
            return Err(Error::Invalid(format!(
                "KPE {} ends ({}) before it starts ({}).",
                kpe.number,
                crate::dates::uk(kpe.ends_on),
                crate::dates::uk(kpe.starts_on)
            )));
        }
        for e in &kpe.entries {
            require(self.exists("entry", e.0)?, || {
                format!("Entry {e} is not in this review.")
            })?;
        }
        Ok(())
    }

    /// Adds a Key Practice Episode; an id of 0 lets the store choose one.
    pub fn insert_kpe(&self, kpe: &KeyPracticeEpisode) -> Result<KpeId> {
        let id = KpeId(self.write_kpe(kpe, Write::Insert)?);
        self.sync_links("kpe_entry", "kpe_id", id.0, "entry_id", &ids(&kpe.entries))?;
        self.replace_factors(id, &kpe.factors)?;
        Ok(id)
    }

    fn write_kpe(&self, kpe: &KeyPracticeEpisode, how: Write) -> Result<i64> {
        self.check_kpe(kpe)?;
        self.write_row(
            "kpe",
            kpe.id.0,
            how,
            &[
                ("number", &kpe.number),
                ("title", &kpe.title),
                ("starts_on", &kpe.starts_on),
                ("ends_on", &kpe.ends_on),
                ("what_happened", &kpe.what_happened),
                ("appraisal_grade", &kpe.appraisal_grade),
                ("appraisal", &kpe.appraisal),
                ("view_from_tunnel", &kpe.view_from_tunnel),
                ("what_went_well", &kpe.what_went_well),
            ],
            || format!("KPE {} is not in this review.", kpe.id),
        )
    }

    /// Changes a Key Practice Episode, its entries and factors.
    pub fn update_kpe(&self, kpe: &KeyPracticeEpisode) -> Result<()> {
        self.write_kpe(kpe, Write::Update)?;
        self.sync_links(
            "kpe_entry",
            "kpe_id",
            kpe.id.0,
            "entry_id",
            &ids(&kpe.entries),
        )?;
        self.replace_factors(kpe.id, &kpe.factors)?;
        Ok(())
    }

    /// Removes a Key Practice Episode.
    pub fn delete_kpe(&self, id: KpeId) -> Result<()> {
        let n = self.conn().execute("DELETE FROM kpe WHERE id = ?1", [id])?;
        require(n == 1, || format!("KPE {id} is not in this review."))
    }

    fn replace_factors(&self, id: KpeId, factors: &[FactorNote]) -> Result<()> {
        let have: Vec<FactorNote> = {
            let mut stmt = self.conn().prepare_cached(
                "SELECT factor, note FROM kpe_factor WHERE kpe_id = ?1 ORDER BY position, id",
            )?;
            let rows = stmt
                .query_map([id], factor_from_row)?
                .collect::<rusqlite::Result<_>>()?;
            rows
        };
        if have == factors {
            return Ok(());
        }
        self.conn()
            .execute("DELETE FROM kpe_factor WHERE kpe_id = ?1", [id])?;
        for (i, f) in factors.iter().enumerate() {
            self.conn().execute(
                "INSERT INTO kpe_factor (kpe_id, position, factor, note) VALUES (?1, ?2, ?3, ?4)",
                params![id, i as i64, f.factor, f.note],
            )?;
        }
        Ok(())
    }
}
