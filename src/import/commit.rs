//! Writing an import (stage 3): the agencies (the one chosen, or each row's), the source
//! document, the glossary's people, every ready row as an entry linked to its authors, and
//! the remembered mapping, all inside the caller's one change set.

use chrono::NaiveDateTime;

use crate::error::{Error, Result};
use crate::model::*;
use crate::store::Writer;

use super::{
    find_agency, glossary, receivers, suggest, AgencyChoice, ImportOutcome, ImportPreview,
    ImportRequest, PreviewRow, REMEMBERED_MAPPING,
};

const PALETTE: &[&str] = &[
    "#1f77b4", "#d95f02", "#1b9e77", "#7570b3", "#e7298a", "#66a61e", "#a6761d", "#e6ab02",
    "#386cb0", "#bf5b17", "#666666", "#17becf",
];

fn short_name_for(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    if name.chars().count() <= 14 {
        return name.to_string();
    }
    let initials: String = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(|c| c.is_uppercase()))
        .map(|w| w.chars().next().unwrap())
        .collect();
    if initials.len() >= 2 {
        initials
    } else {
        name.chars().take(14).collect()
    }
}

/// Writes an import inside the caller's change set: the agency (when new), the source
/// document, every ready row as an entry, and the agency's mapping. `progress(done, total)`
/// is called as rows are written; returning `false` cancels (the caller's transaction then
/// rolls back, leaving the review as it was).
pub fn commit(
    w: &Writer<'_>,
    preview: &ImportPreview,
    request: &ImportRequest,
    imported_at: NaiveDateTime,
    progress: &mut dyn FnMut(u32, u32) -> bool,
) -> Result<ImportOutcome> {
    let blocked: Vec<&PreviewRow> = preview
        .rows
        .iter()
        .filter(|r| !r.skipped && !r.is_ready())
        .collect();
    if !blocked.is_empty() && !request.skip_bad {
        let examples: Vec<String> = blocked
            .iter()
            .take(3)
            .map(|r| format!("{}: {}", r.location, r.problems.join(" ")))
            .collect();
        return Err(Error::Invalid(format!(
            "{} {} problems, so nothing was imported. Fix or skip {}, or import without \
             {} (--skip-bad). {}",
            blocked.len(),
            if blocked.len() == 1 {
                "row has"
            } else {
                "rows have"
            },
            if blocked.len() == 1 { "it" } else { "them" },
            if blocked.len() == 1 { "it" } else { "them" },
            examples.join(" ")
        )));
    }
    let existing = w.sources_with_hash(&preview.content_hash)?;
    if !existing.is_empty() && !request.reimport {
        let first = &existing[0];
        return Err(Error::Invalid(format!(
            "{} was already imported on {} (as {}). Importing it again would duplicate its \
             entries: confirm that you want to import it again (--reimport). Nothing was \
             imported.",
            preview.file_name,
            first.imported_at.format("%d/%m/%Y %H:%M"),
            first.file_name
        )));
    }
    // The agencies: the one chosen, or (an integrated chronology) each row's, found in the
    // review by name or short name, else added here, inside the caller's change.
    let mut created: Vec<AgencyId> = Vec::new();
    let mut get_or_create =
        |name: &str, short_name: &str, sector: Option<Sector>| -> Result<AgencyId> {
            let agencies = w.agencies()?;
            let name = name.trim();
            if let Some(id) = find_agency(name, &agencies) {
                return Ok(id);
            }
            let short = if short_name.trim().is_empty() {
                short_name_for(name)
            } else {
                short_name.trim().to_string()
            };
            let id = w.insert_agency(&Agency {
                id: AgencyId(0),
                name: name.to_string(),
                short_name: short,
                sector: sector.unwrap_or_else(|| suggest::sector_from_name(name)),
                area: None,
                lane_order: agencies.iter().map(|a| a.lane_order).max().unwrap_or(0) + 1,
                colour: PALETTE[agencies.len() % PALETTE.len()].to_string(),
            })?;
            created.push(id);
            Ok(id)
        };
    let ready: Vec<&PreviewRow> = preview.rows.iter().filter(|r| r.is_ready()).collect();
    let single = match &request.agency {
        AgencyChoice::Existing { id } => {
            w.agency(*id)?;
            Some(*id)
        }
        AgencyChoice::New {
            name,
            short_name,
            sector,
        } => Some(get_or_create(name, short_name, *sector)?),
        AgencyChoice::PerRow => None,
    };
    let mut row_agencies = Vec::with_capacity(ready.len());
    for row in &ready {
        row_agencies.push(match single {
            Some(id) => id,
            None => get_or_create(&row.row_agency, "", None)?,
        });
    }
    let source = w.insert_source(&SourceDocument {
        id: SourceId(0),
        file_name: preview.file_name.clone(),
        content_hash: preview.content_hash.clone(),
        agency: single,
        received_on: None,
        imported_at,
        notes: preview.format.clone(),
    })?;
    // The glossary's people (a code already in the review stays as the reviewer set it).
    let existing_people = w.people()?;
    for g in &preview.glossary {
        if existing_people
            .iter()
            .any(|p| p.label.eq_ignore_ascii_case(g.code.trim()))
        {
            continue;
        }
        let kind = g.kind();
        w.insert_person(&Person {
            id: PersonId(0),
            label: g.code.trim().to_string(),
            real_name: Some(g.name.trim().to_string()).filter(|n| !n.is_empty()),
            aliases: Vec::new(),
            role: g.role.trim().to_string(),
            kind,
            agency: single.filter(|_| kind == PersonKind::Practitioner),
            date_of_birth: None,
        })?;
    }
    let practitioners: Vec<Person> = w
        .people()?
        .into_iter()
        .filter(|p| p.kind == PersonKind::Practitioner)
        .collect();
    let agencies = w.agencies()?;
    if !created.is_empty() {
        // Hand-overs imported earlier may name an agency that has just arrived.
        for mut e in w.entries()? {
            // (Runs before this import's rows are written, so only earlier entries are read.)
            let handover = e.suggested_kind.unwrap_or(e.kind).is_handover();
            if !handover || !e.to_agencies.is_empty() || !e.suggested_to_agencies.is_empty() {
                continue;
            }
            let text = format!("{}\n{}\n{}", e.summary, e.detail, e.outcome);
            let to = suggest::suggest_to_agencies(&text, e.agency, &agencies);
            if to.iter().any(|a| created.contains(a)) && !to.contains(&e.agency) {
                e.suggested_to_agencies = to;
                w.update_entry(&e)?;
            }
        }
    }
    let total = ready.len() as u32;
    let mut suggestions = 0;
    let mut entries = Vec::with_capacity(ready.len());
    for (row, agency) in ready.iter().zip(&row_agencies) {
        let agency = *agency;
        let text = format!("{}\n{}\n{}", row.summary, row.detail, row.outcome);
        // A receiving agency the row names in its own column is the agency's record, not a
        // guess; otherwise one is suggested from the text.
        let named = receivers::named_agencies(&row.to_agency_named, &agencies);
        let named_to: Vec<AgencyId> = named
            .iter()
            .filter_map(|(_, a)| *a)
            .filter(|to| *to != agency)
            .collect();
        let to = if !named_to.is_empty() {
            Vec::new()
        } else {
            row.suggested_kind
                .filter(|k| k.is_handover())
                .map(|_| suggest::suggest_to_agencies(&text, agency, &agencies))
                .unwrap_or_default()
        };
        if row.suggested_kind.is_some() || !to.is_empty() {
            suggestions += 1;
        }
        let mut detail = row.detail.clone();
        let unknown: Vec<&str> = named
            .iter()
            .filter(|(_, a)| a.is_none())
            .map(|(n, _)| n.as_str())
            .collect();
        if !unknown.is_empty() {
            // Not agencies in the review: kept in the details, so they are not lost.
            if !detail.is_empty() {
                detail.push('\n');
            }
            let label = if unknown.len() > 1 {
                "Receiving agencies"
            } else {
                "Receiving agency"
            };
            detail.push_str(&format!("{label}: {}", unknown.join("; ")));
        }
        entries.push(Entry {
            id: EntryId(0),
            date: row.date.expect("ready rows have a date"),
            date_as_written: row.date_as_written.clone(),
            ends_on: None,
            recorded_on: row.recorded_on,
            sequence: 0,
            agency,
            kind: EntryKind::Note,
            suggested_kind: row.suggested_kind,
            summary: row.summary.clone(),
            detail,
            outcome: row.outcome.clone(),
            // The agency's comment column is the agency's, never the reviewer's comment.
            comment: String::new(),
            agency_comment: row.comment.clone(),
            child_seen: row.child_seen,
            to_agencies: named_to,
            suggested_to_agencies: to,
            service_level: row.service_level,
            key_risk: String::new(),
            practitioner_as_written: row.practitioner.clone(),
            source: Some(SourceRef {
                document: source,
                location: row.location.clone(),
            }),
            tags: Vec::new(),
            // The practitioners its practitioner column names by their code: its authors.
            people: glossary::people_named(&row.practitioner, &practitioners)
                .into_iter()
                .map(|person| EntryPerson {
                    person,
                    involvement: Involvement::Author,
                })
                .collect(),
        });
    }
    w.insert_imported_entries(&entries, &mut |done| progress(done, total))?;
    w.save_column_mapping(single, REMEMBERED_MAPPING, &preview.mapping.to_json())?;
    Ok(ImportOutcome {
        source,
        agency: single
            .or_else(|| row_agencies.first().copied())
            .unwrap_or(AgencyId(0)),
        entries: total,
        left_out: preview.rows.len() as u32 - total,
        suggestions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_from_long_agency_names() {
        assert_eq!(short_name_for("Police"), "Police");
        assert_eq!(short_name_for("Northbrook Health Visiting"), "NHV");
    }
}
