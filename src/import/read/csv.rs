//! CSV (and other delimited text): the encoding from [`super::text::decode`], the separator
//! from the first lines, then one pass that refuses the file as soon as it passes a limit.

use super::limits::{too_many_columns, too_many_rows, CellBudget, MAX_COLUMNS, MAX_ROWS};
use super::{clip, Document, SourceRow, Table};
use crate::error::{Error, Result};

/// Picks the separator from the first lines: the one that splits them most consistently.
pub(super) fn detect_delimiter(text: &str) -> u8 {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(30)
        .collect();
    let mut best = (b',', 0usize);
    for d in [b',', b';', b'\t', b'|'] {
        let counts: Vec<usize> = lines
            .iter()
            .map(|l| count_outside_quotes(l, d as char))
            .collect();
        let Some(&first) = counts.first() else {
            continue;
        };
        if first == 0 {
            continue;
        }
        // Score: lines that agree with the header's count, weighted by that count.
        let agree = counts.iter().filter(|c| **c == first).count();
        let score = agree * 100 + first.min(99);
        if score > best.1 {
            best = (d, score);
        }
    }
    best.0
}

fn count_outside_quotes(line: &str, d: char) -> usize {
    let mut quoted = false;
    let mut n = 0;
    for c in line.chars() {
        if c == '"' {
            quoted = !quoted;
        } else if c == d && !quoted {
            n += 1;
        }
    }
    n
}

pub(super) fn read_csv(name: &str, bytes: &[u8]) -> Result<Document> {
    let (text, encoding) = super::text::decode(name, bytes)?;
    // Only the first lines decide the separator (a huge single line is cut at a char boundary).
    let mut head_end = text.len().min(256 * 1024);
    while !text.is_char_boundary(head_end) {
        head_end -= 1;
    }
    let delimiter = detect_delimiter(&text[..head_end]);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut budget = CellBudget::default();
    let mut record = csv::StringRecord::new();
    let mut line = 0usize;
    loop {
        line += 1;
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                return Err(Error::Invalid(format!(
                    "{name} could not be read as CSV near line {line}: {e}. Check the file opens \
                     in a spreadsheet program, then save it again as CSV."
                )))
            }
        }
        if rows.len() >= MAX_ROWS {
            return Err(too_many_rows(name));
        }
        if record.len() > MAX_COLUMNS {
            return Err(too_many_columns(name, line));
        }
        budget.take(name, record.len())?;
        let mut notes = Vec::new();
        let cells = record
            .iter()
            .map(|c| clip(c.to_string(), &mut notes))
            .collect();
        rows.push(SourceRow {
            number: line as u32,
            cells,
            notes,
        });
    }
    let separator = match delimiter {
        b';' => "semicolon-separated",
        b'\t' => "tab-separated",
        b'|' => "bar-separated",
        _ => "comma-separated",
    };
    Ok(Document {
        format: format!("CSV ({encoding}, {separator})"),
        tables: vec![Table {
            name: name.to_string(),
            rows,
        }],
    })
}
