//! Whose chronology a file is, when the reviewer has not said: the agency its title lines
//! name above the header row ("Chronology of involvement: Northshire Police", "Agency:
//! Westvale Health Visiting", or a label cell "Agency" beside the name), else a review's
//! an integrated chronology's rows (an Agency column), else the review's agency the same
//! file came from before or whose name the file name holds, else a new agency named after
//! the file. The app and the CLI both ask this, through the preview.

use crate::model::{Agency, Sector, SourceDocument};

use super::mapping::{find_header, ColumnMapping, Field};
use super::read::Document;
use super::suggest::sector_from_name;
use super::AgencyChoice;

/// How many rows above the header (or at the top of a table without one) are read for a
/// title line.
const TITLE_ROWS: usize = 12;

/// Labels that say the next words are the agency's name.
const AGENCY_LABELS: &[&str] = &[
    "agency",
    "agency name",
    "name of agency",
    "submitting agency",
    "agency completing",
    "agency completing this chronology",
    "organisation",
    "organization",
    "name of organisation",
    "organisation name",
    "service",
    "provider",
];

/// The agency a file's title lines name, if any.
pub fn title_agency(
    doc: &Document,
    mapping: &ColumnMapping,
    agencies: &[Agency],
) -> Option<String> {
    for table in &doc.tables {
        let end = find_header(&table.rows, mapping)
            .unwrap_or(TITLE_ROWS)
            .min(TITLE_ROWS);
        for row in table.rows.iter().take(end) {
            let cells: Vec<&str> = row
                .cells
                .iter()
                .map(|c| c.trim())
                .filter(|c| !c.is_empty())
                .collect();
            for (i, cell) in cells.iter().enumerate() {
                if let Some(name) = named_in(cell, cells.get(i + 1).copied(), agencies) {
                    return Some(name);
                }
            }
        }
    }
    None
}

/// The agency one title cell names: "Agency: X", "Chronology of involvement: X",
/// "Chronology – X", or a label cell ("Agency", "Organisation:") followed by `next`.
fn named_in(cell: &str, next: Option<&str>, agencies: &[Agency]) -> Option<String> {
    let (label, value) = match cell.split_once([':', '–', '—']) {
        Some((label, value)) => (label.trim(), value.trim()),
        None => (cell.trim(), ""),
    };
    let label = label.trim_end_matches(['-', ' ']).to_lowercase();
    let value = if value.is_empty() {
        next.unwrap_or("")
    } else {
        value
    };
    let name = clean(value)?;
    if AGENCY_LABELS.contains(&label.as_str()) {
        return Some(name);
    }
    // A chronology's title names the agency only if the words name a service: "Chronology
    // of involvement: Child A" names the child, not the agency.
    let titled = label.contains("chronology") && !label.contains("for ");
    if titled && names_a_service(&name, agencies) {
        return Some(name);
    }
    None
}

fn names_a_service(name: &str, agencies: &[Agency]) -> bool {
    super::find_agency(name, agencies).is_some() || sector_from_name(name) != Sector::Other
}

/// A name as written, without trailing punctuation; none if it is not a name.
fn clean(value: &str) -> Option<String> {
    let v = value
        .trim()
        .trim_end_matches(['.', ',', ';', ':'])
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let letters = v.chars().filter(|c| c.is_alphabetic()).count();
    (letters >= 2 && v.chars().count() <= 80).then_some(v)
}

/// The agency for a file the reviewer has not said whose it is (see the module comment).
pub fn suggest_agency(
    doc: &Document,
    file_name: &str,
    mapping: &ColumnMapping,
    agencies: &[Agency],
    sources: &[SourceDocument],
) -> AgencyChoice {
    if let Some(name) = title_agency(doc, mapping, agencies) {
        return named(&name, agencies);
    }
    if names_agency_per_row(doc, mapping) {
        return AgencyChoice::PerRow;
    }
    by_file_name(file_name, agencies, sources)
}

/// For a file said to name its agency itself ([`AgencyChoice::PerRow`]): the agency its
/// title line names when no column names each row's agency; `None` when the rows name it
/// (or nothing does, which the preview then reports).
pub fn when_rows_name_none(
    doc: &Document,
    mapping: &ColumnMapping,
    agencies: &[Agency],
) -> Option<AgencyChoice> {
    if names_agency_per_row(doc, mapping) {
        return None;
    }
    title_agency(doc, mapping, agencies).map(|name| named(&name, agencies))
}

/// The agency a file's name suggests: the one the same file was imported for before, one
/// whose name or short name it holds as words, else a new agency named after it.
fn by_file_name(file_name: &str, agencies: &[Agency], sources: &[SourceDocument]) -> AgencyChoice {
    let lower = file_name.to_lowercase();
    if let Some(id) = sources
        .iter()
        .rev()
        .find(|s| s.file_name.to_lowercase() == lower)
        .and_then(|s| s.agency)
    {
        return AgencyChoice::Existing { id };
    }
    let stem = lower.rsplit_once('.').map_or(lower.as_str(), |(s, _)| s);
    let words = stem.replace(['-', '_'], " ");
    if let Some(a) = agencies.iter().find(|a| {
        let name = a.name.to_lowercase();
        let short = a.short_name.to_lowercase();
        (!short.is_empty() && contains_words(&words, &short))
            || (!name.is_empty() && contains_words(&words, &name))
    }) {
        return AgencyChoice::Existing { id: a.id };
    }
    AgencyChoice::New {
        name: name_from_file(file_name),
        short_name: String::new(),
        sector: None,
    }
}

/// Whether a table's header has an Agency (or Organisation) column: an integrated
/// chronology, whose rows name their agency.
fn names_agency_per_row(doc: &Document, mapping: &ColumnMapping) -> bool {
    doc.tables.iter().any(|t| {
        find_header(&t.rows, mapping).is_some_and(|h| {
            t.rows[h]
                .cells
                .iter()
                .any(|c| mapping.mapped_or_recognised(c) == Some(Field::Agency))
        })
    })
}

/// Whether `hay` holds `needle` as whole words.
fn contains_words(hay: &str, needle: &str) -> bool {
    let padded = format!(" {hay} ");
    padded.contains(&format!(" {needle} "))
}

fn named(name: &str, agencies: &[Agency]) -> AgencyChoice {
    match super::find_agency(name, agencies) {
        Some(id) => AgencyChoice::Existing { id },
        None => AgencyChoice::New {
            name: name.to_string(),
            short_name: String::new(),
            sector: None,
        },
    }
}

/// An agency's name made from a file's name: "northbrook-csc.xlsx" → "Northbrook CSC" (short
/// words are usually initials).
pub fn name_from_file(file_name: &str) -> String {
    let stem = file_name
        .rsplit_once('.')
        .map_or(file_name, |(s, _)| s)
        .replace(['-', '_'], " ");
    stem.split_whitespace()
        .map(|w| {
            if w.chars().count() <= 3 {
                w.to_uppercase()
            } else {
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or_default()
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::read::{SourceRow, Table};
    use crate::model::AgencyId;

    fn doc(rows: &[&[&str]]) -> Document {
        Document {
            format: "CSV".into(),
            tables: vec![Table {
                name: "chronology.csv".into(),
                rows: rows
                    .iter()
                    .enumerate()
                    .map(|(i, cells)| SourceRow {
                        number: i as u32 + 1,
                        cells: cells.iter().map(|c| c.to_string()).collect(),
                        notes: Vec::new(),
                    })
                    .collect(),
            }],
        }
    }

    const HEADER: &[&str] = &["Date", "Event", "Outcome"];
    const ROW: &[&str] = &["03/04/2021", "Home visit", "Child seen"];

    fn agency(id: i64, name: &str, short: &str) -> Agency {
        Agency {
            id: AgencyId(id),
            name: name.into(),
            short_name: short.into(),
            sector: Sector::Other,
            area: None,
            lane_order: 0,
            colour: String::new(),
        }
    }

    fn suggest(d: &Document, file: &str, agencies: &[Agency]) -> AgencyChoice {
        suggest_agency(d, file, &ColumnMapping::default(), agencies, &[])
    }

    fn new(name: &str) -> AgencyChoice {
        AgencyChoice::New {
            name: name.into(),
            short_name: String::new(),
            sector: None,
        }
    }

    #[test]
    fn a_title_line_above_the_header_names_the_agency() {
        let cases: &[(&[&str], &str)] = &[
            (
                &["Chronology of involvement: Northshire Police"],
                "Northshire Police",
            ),
            (
                &["Agency: Westvale Health Visiting Service"],
                "Westvale Health Visiting Service",
            ),
            (
                &["Agency name", "Eastbridge Primary School"],
                "Eastbridge Primary School",
            ),
            (
                &["Organisation:", "Kelmouth Children's Social Care."],
                "Kelmouth Children's Social Care",
            ),
            (
                &["Single agency chronology – Ashdown GP surgery"],
                "Ashdown GP surgery",
            ),
        ];
        for (title, expected) in cases {
            let d = doc(&[title, &[], HEADER, ROW]);
            assert_eq!(
                suggest(&d, "return 3.xlsx", &[]),
                new(expected),
                "{title:?}"
            );
        }
    }

    #[test]
    fn a_title_naming_the_child_or_a_line_below_the_header_is_not_the_agency() {
        let d = doc(&[&["Chronology of involvement: Child B"], HEADER, ROW]);
        assert_eq!(suggest(&d, "kelmouth-csc.csv", &[]), new("Kelmouth CSC"));
        let d = doc(&[HEADER, &["Agency: Northshire Police", "", ""], ROW]);
        assert_eq!(suggest(&d, "return.csv", &[]), new("Return"));
    }

    #[test]
    fn an_agency_column_without_a_title_makes_an_integrated_chronology() {
        let d = doc(&[
            &["Date", "Agency", "Event"],
            &["03/04/2021", "Police", "Call"],
        ]);
        assert_eq!(suggest(&d, "merged.csv", &[]), AgencyChoice::PerRow);
    }

    #[test]
    fn a_file_said_to_name_its_agency_names_it_in_its_rows_or_its_title() {
        let m = ColumnMapping::default();
        let titled = doc(&[&["Agency: Northshire Police"], HEADER, ROW]);
        assert_eq!(
            when_rows_name_none(&titled, &m, &[]),
            Some(new("Northshire Police"))
        );
        let integrated = doc(&[
            &["Agency: Northshire Police"],
            &["Date", "Agency", "Event"],
            ROW,
        ]);
        assert_eq!(when_rows_name_none(&integrated, &m, &[]), None);
        assert_eq!(when_rows_name_none(&doc(&[HEADER, ROW]), &m, &[]), None);
    }

    #[test]
    fn a_title_matching_an_agency_in_the_review_chooses_it() {
        let agencies = [agency(7, "Northshire Police", "NS Police")];
        let d = doc(&[&["Agency: NS Police"], HEADER, ROW]);
        assert_eq!(
            suggest(&d, "whatever.csv", &agencies),
            AgencyChoice::Existing { id: AgencyId(7) }
        );
    }

    #[test]
    fn without_a_title_the_file_name_decides() {
        let agencies = [agency(3, "Kelmouth Children's Social Care", "csc")];
        let d = doc(&[HEADER, ROW]);
        assert_eq!(
            suggest(&d, "kelmouth_csc_return.csv", &agencies),
            AgencyChoice::Existing { id: AgencyId(3) }
        );
        assert_eq!(
            suggest(&d, "northbrook-gp.xlsx", &agencies),
            new("Northbrook GP")
        );
        // "csc" inside another word is not the agency.
        assert_eq!(suggest(&d, "cscfoo.csv", &agencies), new("Cscfoo"));
        // The same file imported before for an agency is that agency's.
        let mut source = crate::demo::demo_review().sources[0].clone();
        source.file_name = "Return.CSV".into();
        source.agency = Some(AgencyId(3));
        assert_eq!(
            suggest_agency(
                &d,
                "return.csv",
                &ColumnMapping::default(),
                &agencies,
                &[source]
            ),
            AgencyChoice::Existing { id: AgencyId(3) }
        );
    }
}
