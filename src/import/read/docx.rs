//! Tables inside a Word document (`word/document.xml` of a `.docx`): every top-level table,
//! in document order, as rows of text cells.
//!
//! Paragraphs inside a cell become lines; a table nested in a cell is read as that cell's
//! text. Horizontally merged cells (`w:gridSpan`) keep the columns in line with the header;
//! vertically merged cells (`w:vMerge`) repeat the value of the cell they continue, so a
//! date merged over three rows is the date of each row.

use quick_xml::events::Event;

use super::limits::{too_many_columns, CellBudget, MAX_COLUMNS, MAX_XML_DEPTH};
use super::{Document, SourceRow, Table, MAX_CELL_CHARS, MAX_ROWS};
use crate::error::{Error, Result};

#[derive(Default)]
struct CellState {
    text: String,
    span: usize,
    continues: bool,
}

/// Reads every table of a document's main XML part.
pub fn read_document_xml(name: &str, xml: &str) -> Result<Document> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut tables: Vec<Table> = Vec::new();
    // Depth of w:tbl nesting; only depth 1 tables make rows.
    let mut depth = 0usize;
    let mut rows: Vec<SourceRow> = Vec::new();
    let mut row: Option<(Vec<String>, Vec<bool>)> = None;
    let mut cell: Option<CellState> = None;
    let mut in_text = false;
    // Every element's nesting, to refuse a document built to be nested without end.
    let mut nesting = 0usize;
    let mut budget = CellBudget::default();
    let damaged = |e: &dyn std::fmt::Display| {
        Error::Invalid(format!(
            "{name} is damaged: its text could not be read ({e}). Open it in Word and save it \
             again, then import that copy. Nothing was imported."
        ))
    };
    loop {
        let event = reader.read_event().map_err(|e| damaged(&e))?;
        match &event {
            Event::Start(_) => {
                nesting += 1;
                if nesting > MAX_XML_DEPTH {
                    return Err(damaged(&"its tables are nested too deeply"));
                }
            }
            Event::End(_) => nesting = nesting.saturating_sub(1),
            Event::Eof if nesting != 0 => {
                return Err(damaged(&"it ends before it is complete"));
            }
            _ => {}
        }
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                "tbl" => {
                    depth += 1;
                    if depth == 1 {
                        rows = Vec::new();
                    }
                }
                "tr" if depth == 1 => row = Some((Vec::new(), Vec::new())),
                "tc" if depth == 1 => {
                    cell = Some(CellState {
                        span: 1,
                        ..CellState::default()
                    })
                }
                "p" if depth >= 1 => {
                    if let Some(c) = cell.as_mut() {
                        if !c.text.is_empty() && !c.text.ends_with('\n') {
                            c.text.push('\n');
                        }
                    }
                }
                "t" => in_text = true,
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                "gridSpan" => {
                    if let (Some(c), Some(v)) = (cell.as_mut(), attr(&e, "val")) {
                        c.span = v.parse().unwrap_or(1).clamp(1, 64);
                    }
                }
                "vMerge" => {
                    // `<w:vMerge/>` (no value) continues the cell above; "restart" begins one.
                    if let Some(c) = cell.as_mut() {
                        c.continues = attr(&e, "val").as_deref() != Some("restart");
                    }
                }
                "tab" => {
                    if let Some(c) = cell.as_mut() {
                        c.text.push('\t');
                    }
                }
                "br" | "cr" => {
                    if let Some(c) = cell.as_mut() {
                        c.text.push('\n');
                    }
                }
                _ => {}
            },
            Event::Text(t) if in_text => {
                if let Some(c) = cell.as_mut() {
                    c.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) if in_text => {
                if let Some(c) = cell.as_mut() {
                    let ch = match r.resolve_char_ref() {
                        Ok(Some(ch)) => Some(ch),
                        _ => match r.xml10_content().as_ref() {
                            "amp" => Some('&'),
                            "lt" => Some('<'),
                            "gt" => Some('>'),
                            "quot" => Some('"'),
                            "apos" => Some('\''),
                            _ => None,
                        },
                    };
                    if let Some(ch) = ch {
                        c.text.push(ch);
                    }
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "tc" if depth == 1 => {
                    if let (Some(c), Some((cells, continues))) = (cell.take(), row.as_mut()) {
                        let mut text = c.text.trim_end_matches('\n').trim().to_string();
                        if text.len() > MAX_CELL_CHARS {
                            let mut cut = MAX_CELL_CHARS;
                            while !text.is_char_boundary(cut) {
                                cut -= 1;
                            }
                            text.truncate(cut);
                        }
                        if cells.len() + c.span > MAX_COLUMNS {
                            return Err(too_many_columns(name, rows.len() + 1));
                        }
                        budget.take(name, c.span)?;
                        cells.push(text);
                        continues.push(c.continues);
                        for _ in 1..c.span {
                            cells.push(String::new());
                            continues.push(false);
                        }
                    }
                }
                "tr" if depth == 1 => {
                    if let Some((mut cells, continues)) = row.take() {
                        if rows.len() >= MAX_ROWS {
                            return Err(Error::Invalid(format!(
                                "A table in {name} has more than {MAX_ROWS} rows, more than \
                                 Chronolane imports at once. Nothing was imported."
                            )));
                        }
                        // A vertically merged cell repeats the value of the cell above it.
                        if let Some(above) = rows.last() {
                            for (i, cont) in continues.iter().enumerate() {
                                if *cont && cells[i].is_empty() {
                                    if let Some(v) = above.cells.get(i) {
                                        cells[i] = v.clone();
                                    }
                                }
                            }
                        }
                        rows.push(SourceRow {
                            number: rows.len() as u32 + 1,
                            cells,
                            notes: Vec::new(),
                        });
                    }
                }
                "tbl" => {
                    if depth == 1 {
                        tables.push(Table {
                            name: format!("Table {}", tables.len() + 1),
                            rows: std::mem::take(&mut rows),
                        });
                    }
                    depth = depth.saturating_sub(1);
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    if tables.is_empty() {
        return Err(Error::Invalid(format!(
            "{name} is a Word document with no tables. Chronolane imports chronologies laid out \
             as a table (Date | Event | ...): ask the agency for its chronology in a table, or \
             paste the text into one."
        )));
    }
    Ok(Document {
        format: "Word document (.docx)".into(),
        tables,
    })
}

fn attr(e: &quick_xml::events::BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == local)
            .then(|| {
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .ok()
                    .map(|v| v.into_owned())
            })
            .flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    #[test]
    fn reads_cells_paragraphs_spans_and_vertical_merges() {
        let xml = format!(
            r#"<w:document {W}><w:body><w:p><w:r><w:t>Intro</w:t></w:r></w:p>
            <w:tbl>
              <w:tr><w:tc><w:p><w:r><w:t>Date</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Event</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Outcome</w:t></w:r></w:p></w:tc></w:tr>
              <w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>12/06/2015</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Home visit</w:t></w:r></w:p><w:p><w:r><w:t>Child seen &amp; well</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc></w:tr>
              <w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>Call</w:t></w:r></w:p></w:tc></w:tr>
            </w:tbl></w:body></w:document>"#
        );
        let doc = read_document_xml("x.docx", &xml).unwrap();
        let rows = &doc.tables[0].rows;
        assert_eq!(rows[0].cells, ["Date", "Event", "Outcome"]);
        assert_eq!(
            rows[1].cells,
            ["12/06/2015", "Home visit\nChild seen & well", ""]
        );
        assert_eq!(rows[2].cells, ["12/06/2015", "Call", ""]);
    }
}
