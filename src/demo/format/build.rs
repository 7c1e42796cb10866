//! Building the review's records from parsed sections, and putting the result in order.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use super::*;
use crate::json::ReviewData;

pub(super) fn build_review(rec: &Record<'_>) -> Parsed<Review> {
    rec.check_keys(
        &[
            "title",
            "subject",
            "method",
            "commissioned by",
            "scope",
            "notes",
        ],
        "the review",
        &[],
    )?;
    let title = rec.required("title", "the review")?.value.clone();
    let (scope_start, scope_end) = match rec.get("scope") {
        Some(f) => {
            let (a, b) = day_span(&f.value, f.line)?;
            (Some(a), Some(b))
        }
        None => (None, None),
    };
    Ok(Review {
        title,
        subject: rec.required("subject", "the review")?.value.clone(),
        method: match rec.get("method") {
            Some(f) => vocab!(ReviewMethod, "a review method", &f.value, f.line)?,
            None => ReviewMethod::LearningTogether,
        },
        commissioned_by: rec.text("commissioned by"),
        scope_start,
        scope_end,
        notes: rec.text("notes"),
        child_date_of_birth: None,
    })
}

pub(super) fn build_source(
    block: &Block<'_>,
    text: &str,
    agency: AgencyId,
) -> Parsed<SourceDocument> {
    let rec = &block.record;
    rec.check_keys(
        &["id", "file", "received", "imported", "table", "notes"],
        "a chronology document",
        &[],
    )?;
    let id_field = rec.required("id", "a chronology document")?;
    let imported = rec.required("imported", "a chronology document")?;
    let imported_at = NaiveDateTime::parse_from_str(imported.value.trim(), "%d/%m/%Y %H:%M")
        .map_err(|_| CaseError {
            line: imported.line,
            message: format!(
                "'{}' is not a date and time written as dd/mm/yyyy hh:mm",
                imported.value
            ),
        })?;
    Ok(SourceDocument {
        id: SourceId(number(&id_field.value, "a source id", id_field.line)?),
        file_name: rec.required("file", "a chronology document")?.value.clone(),
        content_hash: crate::files::sha256_hex(&text.as_bytes()[block.start_byte..block.end_byte]),
        agency: Some(agency),
        received_on: match rec.get("received") {
            Some(f) => Some(plain_day(&f.value, f.line)?),
            None => None,
        },
        imported_at,
        notes: rec.text("notes"),
    })
}

pub(super) fn build_kpe(
    rec: &Record<'_>,
    resolve_all: &dyn Fn(&[EntryRef]) -> Parsed<Vec<EntryId>>,
) -> Parsed<KeyPracticeEpisode> {
    rec.check_keys(
        &[
            "id",
            "number",
            "title",
            "dates",
            "entries",
            "grade",
            "what happened",
            "appraisal",
            "tunnel",
            "factor",
            "went well",
        ],
        "a KPE",
        &["factor"],
    )?;
    let id = rec.required("id", "a KPE")?;
    let num = rec.required("number", "a KPE")?;
    let dates = rec.required("dates", "a KPE")?;
    let (starts_on, ends_on) = day_span(&dates.value, dates.line)?;
    let entries = rec.required("entries", "a KPE")?;
    let mut factors = Vec::new();
    for f in rec.fields.iter().filter(|f| f.key == "factor") {
        let (code_text, note) = f.value.split_once('|').ok_or_else(|| CaseError {
            line: f.line,
            message: "write a factor as 'factor: CODE | note'".into(),
        })?;
        factors.push(FactorNote {
            factor: vocab!(
                ContributoryFactor,
                "a contributory factor",
                code_text,
                f.line
            )?,
            note: note.trim().to_string(),
        });
    }
    Ok(KeyPracticeEpisode {
        id: KpeId(number(&id.value, "a KPE id", id.line)?),
        number: number(&num.value, "a KPE number", num.line)?,
        title: rec.required("title", "a KPE")?.value.clone(),
        starts_on,
        ends_on,
        what_happened: rec.text("what happened"),
        appraisal_grade: match rec.get("grade") {
            Some(f) => Some(vocab!(
                AppraisalGrade,
                "an appraisal grade",
                &f.value,
                f.line
            )?),
            None => None,
        },
        appraisal: rec.text("appraisal"),
        view_from_tunnel: rec.text("tunnel"),
        factors,
        what_went_well: rec.text("went well"),
        entries: resolve_all(&entry_refs(&entries.value, entries.line))?,
    })
}

pub(super) fn build_finding(
    rec: &Record<'_>,
    resolve_all: &dyn Fn(&[EntryRef]) -> Parsed<Vec<EntryId>>,
    kpes: &[KeyPracticeEpisode],
) -> Parsed<Finding> {
    rec.check_keys(
        &[
            "id",
            "number",
            "category",
            "statement",
            "manifestation",
            "kpes",
            "entries",
            "underlying",
            "widespread",
            "implications",
            "question",
        ],
        "a finding",
        &["question"],
    )?;
    let id = rec.required("id", "a finding")?;
    let num = rec.required("number", "a finding")?;
    let category = rec.required("category", "a finding")?;
    let mut kpe_ids = Vec::new();
    if let Some(f) = rec.get("kpes") {
        for k in f
            .value
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|s| !s.is_empty())
        {
            let number: i32 = number(k, "a KPE number", f.line)?;
            let kpe = kpes
                .iter()
                .find(|x| x.number == number)
                .ok_or_else(|| CaseError {
                    line: f.line,
                    message: format!(
                        "there is no KPE number {number} (KPEs must come before findings)"
                    ),
                })?;
            if kpe_ids.contains(&kpe.id) {
                return err(f.line, format!("KPE {number} is listed twice"));
            }
            kpe_ids.push(kpe.id);
        }
    }
    Ok(Finding {
        id: FindingId(number(&id.value, "a finding id", id.line)?),
        number: number(&num.value, "a finding number", num.line)?,
        statement: rec.required("statement", "a finding")?.value.clone(),
        category: vocab!(
            FindingCategory,
            "a finding category",
            &category.value,
            category.line
        )?,
        manifestation: rec.text("manifestation"),
        kpes: kpe_ids,
        entries: match rec.get("entries") {
            Some(f) => resolve_all(&entry_refs(&f.value, f.line))?,
            None => Vec::new(),
        },
        evidence_underlying: rec.text("underlying"),
        how_widespread: rec.text("widespread"),
        implications: rec.text("implications"),
        board_questions: rec
            .fields
            .iter()
            .filter(|f| f.key == "question")
            .map(|f| f.value.clone())
            .collect(),
    })
}

/// The order in which the store lists entries (see `store::rows`).
pub(crate) fn entry_order(e: &Entry) -> (NaiveDate, bool, Option<NaiveTime>, i32, EntryId) {
    (
        e.date.start,
        e.date.time.is_some(),
        e.date.time,
        e.sequence,
        e.id,
    )
}

/// Puts every list in the order a store reads it back, so the data round-trips unchanged.
pub(super) fn normalise(data: &mut ReviewData) {
    data.areas.sort_by_key(|a| (a.position, a.id));
    let area_pos: HashMap<AreaId, i32> = data.areas.iter().map(|a| (a.id, a.position)).collect();
    data.agencies.sort_by_key(|a| {
        let pos = a.area.and_then(|id| area_pos.get(&id).copied());
        (pos.is_none(), pos, a.lane_order, a.id)
    });
    data.people
        .sort_by_key(|p| (p.kind.code(), p.label.to_ascii_lowercase(), p.id));
    data.sources.sort_by_key(|s| s.id);
    data.entries.sort_by_key(entry_order);
    let order: HashMap<EntryId, usize> = data
        .entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id, i))
        .collect();
    data.links.sort_by_key(|l| l.id);
    data.kpes.sort_by_key(|k| (k.number, k.id));
    for k in &mut data.kpes {
        k.entries.sort_by_key(|e| order[e]);
    }
    let kpe_order: HashMap<KpeId, (i32, KpeId)> =
        data.kpes.iter().map(|k| (k.id, (k.number, k.id))).collect();
    data.findings.sort_by_key(|f| (f.number, f.id));
    for f in &mut data.findings {
        f.entries.sort_by_key(|e| order[e]);
        f.kpes.sort_by_key(|k| kpe_order[k]);
    }
    data.protocol_rules.sort_by_key(|r| r.id);
}
