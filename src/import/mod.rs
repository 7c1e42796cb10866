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

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::dates::parse::{parse_event_date_in, ParseContext};
use crate::dates::{DatePrecision, EventDate};
use crate::error::{Error, Result};
use crate::model::*;
use crate::store::Writer;

mod docx;
pub mod duplicates;
pub mod kinds;
pub mod mapping;
pub mod protocol;
pub mod read;
pub mod suggest;

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
    /// The receiving agency suggested from the text.
    pub suggested_to_agency: Option<AgencyId>,
    /// Whether the child was seen, when a column says.
    pub child_seen: ChildSeen,
    /// What the importer assumed or set aside on this row (several dates in a cell, a type
    /// it does not know, a receiving agency not in the review ...): shown, not blocking.
    pub notes: Vec<String>,
    /// The row's agency, from an Agency column (integrated chronologies; empty otherwise).
    pub row_agency: String,
    /// The receiving agency named in a "To agency" / "Referred to" column.
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
    for (t, table) in doc.tables.iter().enumerate() {
        let non_empty = table
            .rows
            .iter()
            .any(|r| r.cells.iter().any(|c| !c.trim().is_empty()));
        let Some(h) = mapping::find_header(&table.rows, &mapping) else {
            tables.push(PreviewTable {
                index: t as u32,
                name: table.name.clone(),
                header_row: None,
                headings: Vec::new(),
                fields: Vec::new(),
                rows: 0,
                note: if non_empty {
                    "Not imported: no row in its first 25 names a Date column and another \
                     column Chronolane knows (Event, Details, Outcome ...)."
                        .into()
                } else {
                    "Not imported: the table is empty.".into()
                },
            });
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
            let named_to = find_agency(&row.to_agency_named, agencies);
            if !row.to_agency_named.is_empty() && named_to.is_none() {
                row.notes.push(format!(
                    "The receiving agency '{}' is not in the review yet: it is set when that \
                     agency is added (or set it on the entry).",
                    row.to_agency_named
                ));
            }
            let suggested_to_agency = named_to.or_else(|| {
                suggested_kind
                    .filter(|k| k.is_handover())
                    .and_then(|_| suggest::suggest_to_agency(&text, from, agencies))
            });
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
                suggested_to_agency,
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
        tables,
        with_problems: rows.len() as u32 - ready - skipped_n,
        rows_total: rows.len() as u32,
        skipped: skipped_n,
        ready,
        rows,
        mapping: effective,
        mapping_origin,
        already_imported,
    })
}

/// The year of the first row whose date is written with one.
fn first_year(rows: &[read::SourceRow], fields: &[Field]) -> Option<i32> {
    use chrono::Datelike;
    let col = fields
        .iter()
        .position(|f| *f == Field::Date)
        .or_else(|| fields.iter().position(|f| *f == Field::DateTime))?;
    rows.iter().find_map(|r| {
        let c = r.cells.get(col)?;
        match excel_serial(c) {
            Some(serial) => crate::dates::parse::from_excel_serial(serial).ok(),
            None => crate::dates::cell::read_cell(c, "", &ParseContext::default())
                .ok()
                .map(|c| c.date),
        }
        .map(|d| d.start.year())
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

struct Interpreted {
    date: Option<EventDate>,
    date_as_written: String,
    recorded_on: Option<chrono::NaiveDate>,
    summary: String,
    detail: String,
    outcome: String,
    comment: String,
    practitioner: String,
    reference: Option<String>,
    kind_code: Option<String>,
    child_seen: ChildSeen,
    row_agency: String,
    to_agency_named: String,
    service_level: Option<ServiceLevel>,
    notes: Vec<String>,
    problems: Vec<String>,
}

fn gather(cells: &[String], fields: &[Field], want: Field) -> String {
    let parts: Vec<&str> = fields
        .iter()
        .enumerate()
        .filter(|(_, f)| **f == want)
        .filter_map(|(i, _)| cells.get(i).map(|c| c.trim()))
        .filter(|c| !c.is_empty())
        .collect();
    parts.join("\n")
}

/// The cells of `want` columns as "Heading: text" lines, so nothing is lost and the reader
/// sees where each came from.
fn gather_labelled(cells: &[String], headings: &[String], fields: &[Field], want: Field) -> String {
    fields
        .iter()
        .enumerate()
        .filter(|(_, f)| **f == want)
        .filter_map(|(i, _)| {
            let c = cells.get(i)?.trim();
            if c.is_empty() {
                return None;
            }
            let h = headings
                .get(i)
                .map(|h| h.replace('\n', " "))
                .unwrap_or_default();
            Some(if h.trim().is_empty() {
                c.to_string()
            } else {
                format!("{}: {c}", h.trim())
            })
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Reads whether the child (or adult) was seen from a "Seen" column's value.
fn seen_from(value: &str) -> ChildSeen {
    let v = value.trim().to_lowercase();
    let first = v
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .unwrap_or("");
    match first {
        "yes" | "y" | "seen" | "true" => ChildSeen::Yes,
        "no" | "n" | "not" | "false" => ChildSeen::No,
        _ if v == "child seen" => ChildSeen::Yes,
        _ if v == "child not seen" => ChildSeen::No,
        _ => ChildSeen::Unknown,
    }
}

/// Reads one row's cells through the column fields.
fn interpret(
    cells: &[String],
    headings: &[String],
    fields: &[Field],
    ctx: &mut ParseContext,
) -> Interpreted {
    let get = |f| gather(cells, fields, f);
    let mut problems = Vec::new();
    let mut notes = Vec::new();
    let has = |f: Field| fields.contains(&f);
    let (date_text, time_text) = if has(Field::Date) {
        (get(Field::Date), get(Field::Time))
    } else {
        (get(Field::DateTime), String::new())
    };
    let date_as_written = if time_text.is_empty() {
        date_text.clone()
    } else {
        format!("{date_text} {time_text}")
    };
    let date = if date_text.is_empty() {
        problems.push(
            "The date is empty. Type the date (for example 12/06/2015 or June 2015), or skip the \
             row."
                .to_string(),
        );
        None
    } else {
        let parsed = match excel_serial(&date_text) {
            Some(serial) => crate::dates::parse::from_excel_serial(serial).and_then(|d| {
                crate::dates::cell::read_cell(&crate::dates::uk(d.start), &time_text, ctx).map(
                    |c| {
                        notes.extend(c.notes);
                        c.date
                    },
                )
            }),
            None => crate::dates::cell::read_cell(&date_text, &time_text, ctx).map(|c| {
                notes.extend(c.notes);
                c.date
            }),
        };
        match parsed {
            Ok(d) => {
                if matches!(
                    d.precision,
                    DatePrecision::Day | DatePrecision::Time | DatePrecision::Month
                ) {
                    use chrono::Datelike;
                    ctx.year_hint = Some(d.start.year());
                }
                Some(d)
            }
            Err(p) => {
                problems.push(p.message);
                None
            }
        }
    };
    let recorded = get(Field::RecordedOn);
    let mut recorded_on = None;
    if !recorded.is_empty() {
        let parsed = match excel_serial(&recorded) {
            Some(serial) => crate::dates::parse::from_excel_serial(serial),
            None => parse_event_date_in(&recorded, ctx),
        };
        match parsed {
            Ok(d) if d.precision == DatePrecision::Day || d.precision == DatePrecision::Time => {
                recorded_on = Some(d.start);
            }
            Ok(_) => problems.push(format!(
                "The date recorded '{recorded}' is not a single day: type it as dd/mm/yyyy."
            )),
            Err(p) => problems.push(format!("Date recorded: {}", p.message)),
        }
    }
    let event = get(Field::Event);
    let mut summary = get(Field::Summary);
    if summary.is_empty() {
        summary = first_sentence(&event);
    }
    let mut detail = event;
    // Columns Chronolane has no field for, and the source/referrer, are kept in the details
    // under their headings: nothing in the agency's table is lost.
    for want in [Field::Source, Field::Extra] {
        let extra = gather_labelled(cells, headings, fields, want);
        if !extra.is_empty() {
            if !detail.is_empty() {
                detail.push('\n');
            }
            detail.push_str(&extra);
        }
    }
    let outcome = get(Field::Outcome);
    if summary.is_empty() && outcome.is_empty() && detail.is_empty() {
        problems.push(
            "Nothing is recorded for this row apart from its date: type the event, or skip the \
             row."
                .to_string(),
        );
    }
    if summary.is_empty() {
        summary = first_sentence(if detail.is_empty() { &outcome } else { &detail });
    }
    let mut practitioner = get(Field::Practitioner).replace('\n', ", ");
    let role = get(Field::Role);
    if !role.is_empty() {
        practitioner = if practitioner.is_empty() {
            role
        } else {
            format!("{practitioner} ({role})")
        };
    }
    let child_seen = seen_from(&get(Field::ChildSeen));
    let reference = Some(get(Field::Reference)).filter(|r| !r.is_empty());
    let kind_code = Some(get(Field::Kind)).filter(|r| !r.is_empty());
    let level_text = get(Field::ServiceLevel);
    let service_level = if level_text.is_empty() {
        None
    } else {
        let level = kinds::service_level_from_value(&level_text);
        if level.is_none() {
            notes.push(format!(
                "The service level '{level_text}' is not one Chronolane knows (no further \
                 action, universal, early help, child in need, child protection): set it on the \
                 entry."
            ));
        }
        level
    };
    Interpreted {
        date,
        date_as_written,
        recorded_on,
        summary,
        detail,
        outcome,
        comment: get(Field::Comment),
        practitioner,
        reference,
        kind_code,
        child_seen,
        row_agency: get(Field::Agency),
        to_agency_named: get(Field::ToAgency),
        service_level,
        notes,
        problems,
    }
}

/// A date cell holding a bare spreadsheet day number (a date column formatted as General).
fn excel_serial(text: &str) -> Option<f64> {
    let t = text.trim();
    if t.len() == 5 && t.chars().all(|c| c.is_ascii_digit()) {
        let n: f64 = t.parse().ok()?;
        (10_000.0..=80_000.0).contains(&n).then_some(n)
    } else {
        None
    }
}

/// The first sentence or line of `text`, at most 140 characters, cut at a word.
pub fn first_sentence(text: &str) -> String {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let mut end = line.len();
    for (i, c) in line.char_indices() {
        if (c == '.' || c == ';') && i > 8 {
            let next = line[i + 1..].chars().next();
            if next.is_none_or(|n| n == ' ') {
                end = i;
                break;
            }
        }
    }
    let sentence = &line[..end];
    if sentence.chars().count() <= 140 {
        return sentence.to_string();
    }
    let cut: String = sentence.chars().take(140).collect();
    match cut.rfind(' ') {
        Some(i) if i > 80 => format!("{}…", &cut[..i]),
        _ => format!("{cut}…"),
    }
}

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
    let agencies = w.agencies()?;
    if !created.is_empty() {
        // Hand-overs imported earlier may name an agency that has just arrived.
        for mut e in w.entries()? {
            // (Runs before this import's rows are written, so only earlier entries are read.)
            let handover = e.suggested_kind.unwrap_or(e.kind).is_handover();
            if !handover || e.to_agency.is_some() || e.suggested_to_agency.is_some() {
                continue;
            }
            let text = format!("{}\n{}\n{}", e.summary, e.detail, e.outcome);
            if let Some(to) = suggest::suggest_to_agency(&text, e.agency, &agencies) {
                if created.contains(&to) && to != e.agency {
                    e.suggested_to_agency = Some(to);
                    w.update_entry(&e)?;
                }
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
        let named_to = find_agency(&row.to_agency_named, &agencies).filter(|to| *to != agency);
        let to = if named_to.is_some() {
            None
        } else {
            row.suggested_kind
                .filter(|k| k.is_handover())
                .and_then(|_| suggest::suggest_to_agency(&text, agency, &agencies))
        };
        if row.suggested_kind.is_some() || to.is_some() {
            suggestions += 1;
        }
        let mut detail = row.detail.clone();
        if named_to.is_none() && !row.to_agency_named.is_empty() {
            // Not an agency in the review: kept in the details, so it is not lost.
            if !detail.is_empty() {
                detail.push('\n');
            }
            detail.push_str(&format!("Receiving agency: {}", row.to_agency_named));
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
            comment: row.comment.clone(),
            child_seen: row.child_seen,
            to_agency: named_to,
            suggested_to_agency: to,
            service_level: row.service_level,
            key_risk: String::new(),
            practitioner_as_written: row.practitioner.clone(),
            source: Some(SourceRef {
                document: source,
                location: row.location.clone(),
            }),
            tags: Vec::new(),
            people: Vec::new(),
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
    fn first_sentence_is_short_and_cut_at_a_word() {
        assert_eq!(
            first_sentence("Home visit by HV1. Child seen and well."),
            "Home visit by HV1"
        );
        let long = "word ".repeat(60);
        let s = first_sentence(&long);
        assert!(s.chars().count() <= 141 && s.ends_with('…'), "{s}");
        assert_eq!(first_sentence("\n\nSecond line only"), "Second line only");
    }

    #[test]
    fn short_names_from_long_agency_names() {
        assert_eq!(short_name_for("Police"), "Police");
        assert_eq!(short_name_for("Northbrook Health Visiting"), "NHV");
    }
}
