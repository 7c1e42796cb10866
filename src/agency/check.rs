//! Checking an agency's return before it is merged, and the report sent back to the agency:
//! rows whose date was not understood, rows missing what every entry needs, entries outside
//! the review's period, and practitioner codes missing from the return's glossary.

use chrono::NaiveDate;

use crate::dates::uk;
use crate::error::Result;
use crate::export::document::{Block, Column, ColumnKind, Document, Para, Part, Table};
use crate::import::read;
use crate::import::ImportPreview;
use crate::model::Review;

/// One thing the agency should correct.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, specta::Type)]
pub struct ReturnIssue {
    /// Where: "Chronology, row 14".
    pub location: String,
    /// The date as the agency wrote it.
    pub date_as_written: String,
    /// What is wrong and what to do, in plain English.
    pub problem: String,
}

/// The result of checking one return.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, specta::Type)]
pub struct ReturnCheck {
    /// The agency the return is from.
    pub agency: String,
    /// The file's name.
    pub file_name: String,
    /// Data rows read.
    pub rows: u32,
    /// What to correct, in file order.
    pub issues: Vec<ReturnIssue>,
}

impl ReturnCheck {
    /// Whether the return needs no correction.
    pub fn is_clear(&self) -> bool {
        self.issues.is_empty()
    }
}

/// The practitioner codes a return's glossary lists: the first column headed "Code" (or
/// "Practitioner code") of any table that has one, in upper case.
pub fn glossary_codes(doc: &read::Document) -> Vec<String> {
    let mut codes = Vec::new();
    for table in &doc.tables {
        let Some((header_at, column)) =
            table.rows.iter().take(10).enumerate().find_map(|(i, r)| {
                r.cells
                    .iter()
                    .position(|c| {
                        let c = c.trim().to_lowercase();
                        c == "code" || c == "practitioner code"
                    })
                    .map(|col| (i, col))
            })
        else {
            continue;
        };
        // A chronology's own "Practitioner code" column is not a glossary: a glossary has no
        // date column.
        let header = &table.rows[header_at].cells;
        if header.iter().any(|h| h.trim().eq_ignore_ascii_case("date")) {
            continue;
        }
        for row in &table.rows[header_at + 1..] {
            if let Some(code) = row.cells.get(column) {
                let code = code.trim().to_uppercase();
                if !code.is_empty() {
                    codes.push(code);
                }
            }
        }
    }
    codes.sort();
    codes.dedup();
    codes
}

/// The practitioner code a "practitioner" cell starts with ("SW1", "HV2 (health visitor)"),
/// when it looks like one: letters then digits.
fn code_in(practitioner: &str) -> Option<String> {
    let first = practitioner
        .split(|c: char| c.is_whitespace() || c == '(' || c == ',' || c == '/' || c == '-')
        .find(|t| !t.is_empty())?;
    let letters = first
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .count();
    let digits = first[letters..]
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .count();
    ((1..=5).contains(&letters) && digits >= 1 && letters + digits == first.len())
        .then(|| first.to_uppercase())
}

/// Checks a return against the review: `preview` is the import preview of the file, `doc`
/// the file as read, `known_codes` the practitioner labels the review already holds.
pub fn check(
    preview: &ImportPreview,
    doc: &read::Document,
    review: &Review,
    known_codes: &[String],
) -> ReturnCheck {
    let glossary = glossary_codes(doc);
    let mut issues = Vec::new();
    for table in preview.tables.iter().filter(|t| t.header_row.is_none()) {
        if !glossary_table(doc, table.index as usize) {
            issues.push(ReturnIssue {
                location: table.name.clone(),
                date_as_written: String::new(),
                problem: format!(
                    "This table was not read: {} Keep the template's headings in its first row.",
                    if table.note.is_empty() {
                        "its headings were not recognised."
                    } else {
                        table.note.as_str()
                    }
                ),
            });
        }
    }
    for row in &preview.rows {
        let mut problems: Vec<String> = row.problems.clone();
        if row.detail.trim().is_empty() && row.summary.trim().is_empty() {
            problems.push(
                "Nothing is written under 'Event or contact': say what happened.".to_string(),
            );
        }
        if row.practitioner.trim().is_empty() {
            problems.push(
                "No practitioner code: add the code of the practitioner who recorded it (see \
                 the Glossary)."
                    .to_string(),
            );
        } else if let Some(code) = code_in(&row.practitioner) {
            if !glossary.contains(&code)
                && !known_codes.iter().any(|k| k.eq_ignore_ascii_case(&code))
            {
                problems.push(format!(
                    "The practitioner code {code} is not in the Glossary: add it with the \
                     practitioner's role and name."
                ));
            }
        }
        if let Some(date) = &row.date {
            if let Some(outside) = outside_scope(date.start, date.end, review) {
                problems.push(outside);
            }
        }
        for problem in problems {
            issues.push(ReturnIssue {
                location: row.location.clone(),
                date_as_written: row.date_as_written.clone(),
                problem,
            });
        }
    }
    ReturnCheck {
        agency: preview.agency_name.clone(),
        file_name: preview.file_name.clone(),
        rows: preview.rows_total,
        issues,
    }
}

/// Whether a table that was not read can be passed over: it holds no row that starts like a
/// chronology row (a cell with a day/month/year date), as instructions, glossaries and lists
/// do not.
fn glossary_table(doc: &read::Document, index: usize) -> bool {
    let looks_like_date = |c: &str| {
        let parts: Vec<&str> = c.trim().split(['/', '.', '-']).collect();
        parts.len() == 3
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.len() <= 4 && p.chars().all(|ch| ch.is_ascii_digit()))
    };
    doc.tables.get(index).is_some_and(|t| {
        !t.rows
            .iter()
            .any(|r| r.cells.iter().take(3).any(|c| looks_like_date(c)))
    })
}

fn outside_scope(start: NaiveDate, end: NaiveDate, review: &Review) -> Option<String> {
    let period = match (review.scope_start, review.scope_end) {
        (Some(s), Some(e)) => format!("{} to {}", uk(s), uk(e)),
        (Some(s), None) => format!("from {}", uk(s)),
        (None, Some(e)) => format!("up to {}", uk(e)),
        (None, None) => return None,
    };
    let before = review.scope_start.is_some_and(|s| end < s);
    let after = review.scope_end.is_some_and(|e| start > e);
    (before || after).then(|| {
        format!(
            "This date is outside the review's period ({period}). Check the date; if it is \
             right and the event matters to the review, say why in 'Agency comment'."
        )
    })
}

/// The check as CSV (UTF-8 with a byte-order mark, so Excel opens it as UTF-8).
pub fn to_csv(check: &ReturnCheck) -> Vec<u8> {
    let mut out = "\u{feff}Where,Date as written,What to correct\r\n".to_string();
    for i in &check.issues {
        out.push_str(&format!(
            "{},{},{}\r\n",
            csv_cell(&i.location),
            csv_cell(&i.date_as_written),
            csv_cell(&i.problem)
        ));
    }
    out.into_bytes()
}

fn csv_cell(text: &str) -> String {
    // A cell a spreadsheet would run as a formula is written as text.
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// The check as a Word document to send back to the agency.
pub fn to_docx(check: &ReturnCheck, review_title: &str, today: NaiveDate) -> Result<Vec<u8>> {
    let mut blocks = vec![
        Block::Heading(
            0,
            format!("Checks on your chronology return: {}", check.agency),
        ),
        Block::Para(Para::default().bold("Review: ").text(review_title)),
        Block::Para(
            Para::default()
                .bold("File checked: ")
                .text(check.file_name.clone()),
        ),
        Block::Para(Para::default().bold("Checked on: ").text(uk(today))),
    ];
    if check.is_clear() {
        blocks.push(Block::Para(Para::plain(format!(
            "Thank you. All {} rows of the return were read and nothing needs correcting.",
            check.rows
        ))));
    } else {
        blocks.push(Block::Para(Para::plain(format!(
            "Thank you for your return: its {} rows were read, and {} point{} below need{} \
             correcting. Please correct them in the same file and send it back; it will then \
             be read again as a whole, replacing this return.",
            check.rows,
            check.issues.len(),
            if check.issues.len() == 1 { "" } else { "s" },
            if check.issues.len() == 1 { "s" } else { "" },
        ))));
    }
    let table = Table {
        key: "checks".into(),
        title: "What to correct".into(),
        columns: vec![
            Column {
                header: "Where".into(),
                weight: 18,
                kind: ColumnKind::Text,
            },
            Column {
                header: "Date as written".into(),
                weight: 14,
                kind: ColumnKind::Text,
            },
            Column {
                header: "What to correct".into(),
                weight: 60,
                kind: ColumnKind::Text,
            },
        ],
        rows: check
            .issues
            .iter()
            .map(|i| {
                vec![
                    vec![Para::plain(i.location.clone())],
                    vec![Para::plain(i.date_as_written.clone())],
                    vec![Para::plain(i.problem.clone())],
                ]
            })
            .collect(),
        empty_note: "Nothing to correct.".into(),
    };
    if !check.is_clear() {
        blocks.push(Block::Heading(1, "What to correct".into()));
        blocks.push(Block::Table(table));
    }
    let document = Document {
        title: format!("Checks on the chronology return from {}", check.agency),
        footer: review_title.to_string(),
        parts: vec![Part {
            section: None,
            landscape: false,
            blocks,
        }],
    };
    crate::export::docx::render(&document, &today.format("%Y-%m-%d").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn practitioner_codes_are_letters_then_digits() {
        for (cell, want) in [
            ("SW1", Some("SW1")),
            ("hv2 (health visitor)", Some("HV2")),
            ("TM1/SW2", Some("TM1")),
            ("Social worker", None),
            ("1SW", None),
            ("", None),
            ("PC 1234", None),
        ] {
            assert_eq!(code_in(cell).as_deref(), want, "{cell}");
        }
    }

    #[test]
    fn csv_cells_that_would_run_as_formulas_are_written_as_text() {
        assert_eq!(
            csv_cell("-2+3+cmd|' /C calc'!A0"),
            "'-2+3+cmd|' /C calc'!A0"
        );
        assert_eq!(csv_cell("=1+1"), "'=1+1");
        assert_eq!(csv_cell("a, b"), "\"a, b\"");
        assert_eq!(csv_cell("plain"), "plain");
    }
}
