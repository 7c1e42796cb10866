//! Import of agency chronologies (CSV, spreadsheets, Word tables) into a review: reading,
//! column mapping, date parsing, preview and a transactional commit, with provenance.
//!
//! The flow is stateless, so the desktop app, the CLI and the tests share it exactly:
//! 1. [`read::read_path`] turns the file into [`read::Table`]s of text cells, deciding the
//!    format from the bytes (a lying extension does not matter).
//! 2. [`build_preview`] finds each table's header row, maps columns to entry fields
//!    ([`mapping`]), applies the reviewer's cell fixes and skips, parses each row's date
//!    (`crate::dates::parse`) and reports problems on their row with the reason. Nothing is
//!    written.
//! 3. [`commit`] writes the source document, every ready row as an entry (with provenance:
//!    document, sheet or table and row number) and the agency's remembered mapping, inside
//!    the caller's one `Store::change` transaction: all rows or none.
//!
//! Kinds and receiving agencies read from the text are stored as *suggestions*
//! ([`suggest`]); likely duplicates and contradictions across agencies are proposed by
//! [`duplicates`]. Both wait for the reviewer.
//!
//! Modules by stage: `row` reads one row through its fields (date cells via
//! [`crate::dates::cell`], an agency's own type values via [`kinds`]); `commit` writes; an
//! integrated chronology names each row's agency ([`AgencyChoice::PerRow`]); [`glossary`]
//! reads glossary sheets and key tables into the review's people; [`protocol`] reads the
//! terms of reference's protocol table into protocol rules.

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::dates::parse::ParseContext;
use crate::dates::EventDate;
use crate::error::{Error, Result};
use crate::model::*;

pub mod duplicates;
pub mod glossary;
pub mod kinds;
pub mod mapping;
pub mod protocol;
pub mod read;
pub mod receivers;
pub mod replace;
pub mod suggest;
pub mod title;

mod commit;
mod row;

pub use commit::commit;
pub use row::first_sentence;
use row::{first_year, interpret};

pub use mapping::{ColumnMapping, Field};

/// The name column mappings are remembered under, per agency.
pub const REMEMBERED_MAPPING: &str = "default";

/// A row of a table in the file: which table (0-based, in file order) and its 1-based row
/// number in that table or sheet.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Type,
)]
pub struct RowRef {
    /// The table's index in the file.
    pub table: u32,
    /// The row's number in its table or sheet (1-based, as a spreadsheet shows it).
    pub row: u32,
}

/// A cell the reviewer corrected in the preview.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct CellEdit {
    /// The row.
    pub row: RowRef,
    /// The column (0-based).
    pub column: u32,
    /// The corrected text.
    pub value: String,
}

/// The agency an import is for: one already in the review, or a new one made with the import.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AgencyChoice {
    /// An agency in the review.
    Existing {
        /// Its id.
        id: AgencyId,
    },
    /// A new agency, created in the same transaction as the import.
    New {
        /// Full name, for example "Northbrook Police".
        name: String,
        /// Lane label; made from the name when empty.
        short_name: String,
        /// Its sector; guessed from the name when `None`.
        sector: Option<Sector>,
    },
    /// An integrated chronology: each row names its agency in an Agency (or Organisation)
    /// column; agencies not in the review are added with the import, in the same change.
    PerRow,
}

/// Everything the reviewer decided about an import, sent with the preview and the commit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Type)]
pub struct ImportRequest {
    /// The agency's file.
    pub path: String,
    /// Whose chronology it is.
    pub agency: AgencyChoice,
    /// Column mapping; `None` uses the agency's remembered mapping, then recognised headings.
    pub mapping: Option<ColumnMapping>,
    /// Cells the reviewer corrected.
    pub edits: Vec<CellEdit>,
    /// Rows the reviewer chose not to import.
    pub skipped: Vec<RowRef>,
    /// Leave out rows that still have problems instead of refusing the import.
    pub skip_bad: bool,
    /// Import even though a file with the same content was imported before.
    pub reimport: bool,
    /// The content hash the reviewer previewed; the import is refused if the file has
    /// changed since.
    pub content_hash: Option<String>,
}

impl ImportRequest {
    /// A request with nothing decided yet.
    pub fn new(path: impl Into<String>, agency: AgencyChoice) -> Self {
        ImportRequest {
            path: path.into(),
            agency,
            mapping: None,
            edits: Vec::new(),
            skipped: Vec::new(),
            skip_bad: false,
            reimport: false,
            content_hash: None,
        }
    }
}

/// A table of the file as the preview shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Type)]
pub struct PreviewTable {
    /// Its index in the file.
    pub index: u32,
    /// "Sheet1", "Table 2", or the CSV file's name.
    pub name: String,
    /// The header row's number, when one was found.
    pub header_row: Option<u32>,
    /// The headings, one per column.
    pub headings: Vec<String>,
    /// The field each column maps to.
    pub fields: Vec<Field>,
    /// Rows read below the header (not counting empty rows).
    pub rows: u32,
    /// Why the table is not imported, when it is not.
    pub note: String,
}

/// One row of the preview: what will be written, or why it cannot be.
#[derive(Clone, Debug, PartialEq, Serialize, Type)]
pub struct PreviewRow {
    /// Which row.
    pub key: RowRef,
    /// Where it is, for people and for provenance: "Sheet1, row 14".
    pub location: String,
    /// The row's cells after the reviewer's fixes.
    pub cells: Vec<String>,
    /// The date as read, when it could be.
    pub date: Option<EventDate>,
    /// The date as written in the file.
    pub date_as_written: String,
    /// When the agency recorded the event, when a column says.
    pub recorded_on: Option<chrono::NaiveDate>,
    /// The entry's summary.
    pub summary: String,
    /// The event as recorded.
    pub detail: String,
    /// Action or outcome.
    pub outcome: String,
    /// The agency's comment.
    pub comment: String,
    /// Practitioner (and role) as written.
    pub practitioner: String,
    /// The kind suggested from the text.
    pub suggested_kind: Option<EntryKind>,
    /// The receiving agencies: those the row's "To agency" column names, else those suggested
    /// from the text.
    pub suggested_to_agencies: Vec<AgencyId>,
    /// Whether the child was seen, when a column says.
    pub child_seen: ChildSeen,
    /// What the importer assumed or set aside on this row (several dates in a cell, a type
    /// it does not know, a receiving agency not in the review ...): shown, not blocking.
    pub notes: Vec<String>,
    /// The row's agency, from an Agency column (integrated chronologies; empty otherwise).
    pub row_agency: String,
    /// The receiving agencies named in a "To agency" / "Referred to" column, as written (one
    /// cell can name several: "Police; Health visiting").
    pub to_agency_named: String,
    /// The level of service from a "Service level" / "Threshold" column.
    pub service_level: Option<ServiceLevel>,
    /// Problems that stop the row being imported until fixed or skipped.
    pub problems: Vec<String>,
    /// Whether the reviewer skipped the row.
    pub skipped: bool,
    /// Whether the reviewer changed a cell of the row.
    pub edited: bool,
}

impl PreviewRow {
    /// Whether the row will be written.
    pub fn is_ready(&self) -> bool {
        !self.skipped && self.problems.is_empty() && self.date.is_some()
    }
}

/// The whole preview: nothing is written until the reviewer confirms.
#[derive(Clone, Debug, PartialEq, Serialize, Type)]
pub struct ImportPreview {
    /// The file's name.
    pub file_name: String,
    /// SHA-256 of the file, lower-case hex.
    pub content_hash: String,
    /// What the file turned out to be, for example "CSV (Windows-1252, semicolon-separated)".
    pub format: String,
    /// The agency's name (existing, or the new one to be made).
    pub agency_name: String,
    /// The agency the import is for, as decided: the reviewer's choice, a returned
    /// template's marker, or, when no agency was chosen (a new agency with no name), the one
    /// the file's title line or name suggests ([`title::suggest_agency`]).
    pub agency: AgencyChoice,
    /// The tables found.
    pub tables: Vec<PreviewTable>,
    /// The data rows: every row, or (see [`ImportPreview::trimmed`]) the first rows and every
    /// row with a problem, skipped or fixed.
    pub rows: Vec<PreviewRow>,
    /// How many data rows the file has in all.
    pub rows_total: u32,
    /// The mapping in force, for every heading seen.
    pub mapping: ColumnMapping,
    /// Where the mapping came from: "given", "remembered for NB Police", "recognised headings".
    pub mapping_origin: String,
    /// Source documents already imported with the same content.
    pub already_imported: Vec<SourceDocument>,
    /// Rows ready to import.
    pub ready: u32,
    /// Rows with problems (not skipped).
    pub with_problems: u32,
    /// Rows skipped by the reviewer.
    pub skipped: u32,
    /// The people the file's glossary sheets or key tables name ("Code | Name | Role"),
    /// added to the review's glossary with the import.
    pub glossary: Vec<glossary::GlossaryPerson>,
}

impl ImportPreview {
    /// The preview with only the first `first` rows and every row that has a problem, was
    /// skipped or was fixed: what a person can look at, without sending 100,000 rows to the
    /// screen. Counts still describe every row.
    pub fn trimmed(mut self, first: usize) -> ImportPreview {
        if self.rows.len() > first {
            let mut i = 0;
            self.rows.retain(|r| {
                i += 1;
                i <= first || r.skipped || r.edited || !r.problems.is_empty()
            });
        }
        self
    }
}

/// What an import wrote.
#[derive(Clone, Debug, PartialEq, Serialize, Type)]
pub struct ImportOutcome {
    /// The source document recorded.
    pub source: SourceId,
    /// The agency the entries belong to.
    pub agency: AgencyId,
    /// Entries written.
    pub entries: u32,
    /// Rows left out (skipped, or with problems under `skip_bad`).
    pub left_out: u32,
    /// Entries with a suggested kind or receiving agency awaiting acceptance.
    pub suggestions: u32,
}

/// SHA-256 of `bytes` in lower-case hex.
pub fn content_hash(bytes: &[u8]) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The agency's name for a choice, checking an existing one is in the review.
fn agency_name(choice: &AgencyChoice, agencies: &[Agency]) -> Result<String> {
    match choice {
        AgencyChoice::Existing { id } => agencies
            .iter()
            .find(|a| a.id == *id)
            .map(|a| a.name.clone())
            .ok_or_else(|| Error::Missing(format!("Agency {id} is not in this review."))),
        AgencyChoice::PerRow => Ok("the agencies named on its rows".into()),
        AgencyChoice::New { name, .. } => {
            if name.trim().is_empty() {
                Err(Error::Invalid(
                    "Say which agency this chronology is from: type its name.".into(),
                ))
            } else {
                Ok(name.trim().to_string())
            }
        }
    }
}

/// The mapping to use: the one given, else the agency's remembered one, else none (headings
/// are then recognised).
pub fn effective_mapping(
    request: &ImportRequest,
    remembered: &[(Option<AgencyId>, String, String)],
    agencies: &[Agency],
) -> (ColumnMapping, String) {
    if let Some(m) = &request.mapping {
        return (m.clone(), "given".into());
    }
    if let AgencyChoice::Existing { id } = request.agency {
        if let Some((_, _, json)) = remembered
            .iter()
            .rev()
            .find(|(a, n, _)| *a == Some(id) && n == REMEMBERED_MAPPING)
        {
            if let Ok(m) = ColumnMapping::from_json(json) {
                let who = agencies
                    .iter()
                    .find(|a| a.id == id)
                    .map(|a| a.short_name.clone())
                    .unwrap_or_default();
                return (m, format!("remembered for {who}"));
            }
        }
    }
    (ColumnMapping::default(), "recognised headings".into())
}

/// Builds the preview of `doc` (read from a file called `file_name` with `hash`).
#[allow(clippy::too_many_arguments)]
pub fn build_preview(
    doc: &read::Document,
    file_name: &str,
    hash: &str,
    request: &ImportRequest,
    mapping: ColumnMapping,
    mapping_origin: String,
    agencies: &[Agency],
    already_imported: Vec<SourceDocument>,
) -> Result<ImportPreview> {
    let agency_name = agency_name(&request.agency, agencies)?;
    let from = match request.agency {
        AgencyChoice::Existing { id } => id,
        AgencyChoice::New { .. } | AgencyChoice::PerRow => AgencyId(0),
    };
    let per_row = request.agency == AgencyChoice::PerRow;
    let edits: std::collections::HashMap<(RowRef, u32), &str> = request
        .edits
        .iter()
        .map(|e| ((e.row, e.column), e.value.as_str()))
        .collect();
    let skipped: std::collections::HashSet<RowRef> = request.skipped.iter().copied().collect();
    let mut tables = Vec::new();
    let mut rows = Vec::new();
    let mut effective = ColumnMapping::default();
    let many_tables = doc.tables.len() > 1;
    let mut found_glossary = Vec::new();
    for (t, table) in doc.tables.iter().enumerate() {
        let non_empty = table
            .rows
            .iter()
            .any(|r| r.cells.iter().any(|c| !c.trim().is_empty()));
        let Some(h) = mapping::find_header(&table.rows, &mapping) else {
            let people = glossary::read_glossary(table);
            tables.push(PreviewTable {
                index: t as u32,
                name: table.name.clone(),
                header_row: None,
                headings: Vec::new(),
                fields: Vec::new(),
                rows: 0,
                note: if !people.is_empty() {
                    format!(
                        "Read as a glossary: {} {}, added to the review's people; entries are \
                         linked to them by the codes in their practitioner column.",
                        people.len(),
                        if people.len() == 1 {
                            "person"
                        } else {
                            "people"
                        }
                    )
                } else if non_empty {
                    "Not imported: no row in its first 25 names a Date column and another \
                     column Chronolane knows (Event, Details, Outcome ...)."
                        .into()
                } else {
                    "Not imported: the table is empty.".into()
                },
            });
            found_glossary.extend(people);
            continue;
        };
        let header = &table.rows[h];
        let headings: Vec<String> = header.cells.iter().map(|c| c.trim().to_string()).collect();
        let mut fields: Vec<Field> = headings.iter().map(|c| mapping.field_for(c)).collect();
        mapping::demote_duplicates(&mut fields);
        if !per_row {
            // The reviewer said whose chronology this is: an Agency column then says something
            // else (who shared what at a meeting, say) and is kept in the details.
            for f in fields.iter_mut().filter(|f| **f == Field::Agency) {
                *f = Field::Extra;
            }
        }
        for (heading, field) in headings.iter().zip(&fields) {
            if !heading.is_empty() {
                effective
                    .columns
                    .insert(mapping::normalise(heading), *field);
            }
        }
        // Dates written without a year take it from the rows around them: the first row's
        // year is found before reading (later rows carry the last year read).
        let mut ctx = ParseContext {
            year_hint: first_year(&table.rows[h + 1..], &fields),
        };
        let mut count = 0u32;
        for source in &table.rows[h + 1..] {
            let key = RowRef {
                table: t as u32,
                row: source.number,
            };
            let mut cells = source.cells.clone();
            let mut edited = false;
            for col in 0..cells.len().max(headings.len()) as u32 {
                if let Some(v) = edits.get(&(key, col)) {
                    if cells.len() <= col as usize {
                        cells.resize(col as usize + 1, String::new());
                    }
                    cells[col as usize] = v.to_string();
                    edited = true;
                }
            }
            let mapped_text = cells.iter().enumerate().any(|(i, c)| {
                fields.get(i).is_some_and(|f| *f != Field::Ignore) && !c.trim().is_empty()
            });
            if !mapped_text {
                continue; // an empty row, or one with text only in unmapped columns
            }
            // A header repeated on each page of a Word table is not an entry.
            if cells
                .iter()
                .map(|c| c.trim())
                .eq(headings.iter().map(|h| h.as_str()))
            {
                continue;
            }
            count += 1;
            let location = if many_tables || table.name != file_name {
                format!("{}, row {}", table.name, source.number)
            } else {
                format!("row {}", source.number)
            };
            let mut row = interpret(&cells, &headings, &fields, &mut ctx);
            if per_row && row.row_agency.trim().is_empty() {
                row.problems.push(
                    "The Agency cell is empty: type the agency whose record this is, or skip \
                     the row."
                        .into(),
                );
            }
            row.problems.splice(0..0, source.notes.iter().cloned());
            if let Some((i, extra)) = cells
                .iter()
                .enumerate()
                .skip(headings.len())
                .find(|(_, c)| !c.trim().is_empty())
            {
                row.problems.push(format!(
                    "The row has more cells than the header: column {} holds '{}'. A separator \
                     inside unquoted text splits it; fix the row, or skip it.",
                    i + 1,
                    extra.trim().chars().take(40).collect::<String>()
                ));
            }
            let text = format!("{}\n{}\n{}", row.summary, row.detail, row.outcome);
            // The event's own words decide first; the outcome only when they say nothing.
            // The agency's own type first (its labels and synonyms, then its words); a type
            // not understood is reported and the kind is then suggested from the text.
            let from_type = row
                .kind_code
                .as_deref()
                .filter(|c| !kinds::is_blank(c))
                .and_then(|code| {
                    let k = kinds::kind_from_value(code).or_else(|| suggest::suggest_kind(code));
                    if k.is_none() {
                        row.notes.push(format!(
                            "The type '{code}' is not a kind Chronolane knows: the kind shown is \
                         suggested from the row's text instead (check it)."
                        ));
                    }
                    k
                });
            // The event's own words decide first; the outcome only when they say nothing.
            let suggested_kind = from_type
                .or_else(|| suggest::suggest_kind(&format!("{}\n{}", row.summary, row.detail)))
                .or_else(|| suggest::suggest_kind(&row.outcome));
            let named = receivers::named_agencies(&row.to_agency_named, agencies);
            for (name, _) in named.iter().filter(|(_, a)| a.is_none()) {
                row.notes.push(format!(
                    "The receiving agency '{name}' is not in the review yet: it is set when that \
                     agency is added (or set it on the entry)."
                ));
            }
            let named_to: Vec<AgencyId> = named.iter().filter_map(|(_, a)| *a).collect();
            let suggested_to_agencies = if named_to.is_empty() {
                suggested_kind
                    .filter(|k| k.is_handover())
                    .map(|_| suggest::suggest_to_agencies(&text, from, agencies))
                    .unwrap_or_default()
            } else {
                named_to
            };
            let location = match &row.reference {
                Some(r) => format!("{location}, ref {r}"),
                None => location,
            };
            rows.push(PreviewRow {
                key,
                location,
                cells,
                date: row.date,
                date_as_written: row.date_as_written,
                recorded_on: row.recorded_on,
                summary: row.summary,
                detail: row.detail,
                outcome: row.outcome,
                comment: row.comment,
                practitioner: row.practitioner,
                suggested_kind,
                suggested_to_agencies,
                child_seen: row.child_seen,
                notes: row.notes,
                row_agency: row.row_agency,
                to_agency_named: row.to_agency_named,
                service_level: row.service_level,
                problems: row.problems,
                skipped: skipped.contains(&key),
                edited,
            });
        }
        tables.push(PreviewTable {
            index: t as u32,
            name: table.name.clone(),
            header_row: Some(header.number),
            headings,
            fields,
            rows: count,
            note: if count == 0 {
                "Not imported: no rows below the header.".into()
            } else {
                String::new()
            },
        });
    }
    if per_row && !effective.columns.values().any(|f| *f == Field::Agency) {
        return Err(Error::Invalid(format!(
            "{file_name} has no Agency (or Organisation) column, so Chronolane cannot tell whose \
             record each row is. Say which agency the chronology is from (in the command line: \
             --agency NAME). Nothing was imported."
        )));
    }
    if rows.is_empty() {
        let found: Vec<String> = doc
            .tables
            .iter()
            .filter_map(|t| {
                t.rows
                    .iter()
                    .find(|r| r.cells.iter().any(|c| !c.trim().is_empty()))
            })
            .take(3)
            .map(|r| {
                r.cells
                    .iter()
                    .filter(|c| !c.trim().is_empty())
                    .take(6)
                    .map(|c| c.trim().chars().take(30).collect::<String>())
                    .collect::<Vec<_>>()
                    .join(" | ")
            })
            .collect();
        return Err(Error::Invalid(format!(
            "No chronology rows were found in {file_name}: no table has a header row naming a \
             Date column and an Event (or Details, Contact ...) column{}. Check the file, or \
             give a column mapping. Nothing was imported.",
            if found.is_empty() {
                String::new()
            } else {
                format!(" (it starts: {})", found.join("; "))
            }
        )));
    }
    let ready = rows.iter().filter(|r| r.is_ready()).count() as u32;
    let skipped_n = rows.iter().filter(|r| r.skipped).count() as u32;
    Ok(ImportPreview {
        file_name: file_name.to_string(),
        content_hash: hash.to_string(),
        format: doc.format.clone(),
        agency_name,
        agency: request.agency.clone(),
        tables,
        with_problems: rows.len() as u32 - ready - skipped_n,
        rows_total: rows.len() as u32,
        skipped: skipped_n,
        ready,
        rows,
        mapping: effective,
        mapping_origin,
        already_imported,
        glossary: found_glossary,
    })
}

/// The agency in the review a name (or short name) in a cell means, ignoring case.
pub fn find_agency(name: &str, agencies: &[Agency]) -> Option<AgencyId> {
    let n = name.trim();
    if n.is_empty() {
        return None;
    }
    agencies
        .iter()
        .find(|a| a.name.eq_ignore_ascii_case(n) || a.short_name.eq_ignore_ascii_case(n))
        .map(|a| a.id)
}
