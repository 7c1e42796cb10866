//! The report's tables as an Excel workbook (XLSX), one worksheet per table, written with
//! `rust_xlsxwriter`: bold frozen header row with filters, wrapped text, A4 landscape
//! printing with the header row repeated on each printed page. Cells are always written as
//! strings or numbers, never formulas; text that starts like a formula also gets Excel's quote
//! prefix (see `csv::formula_like`).

use rust_xlsxwriter::{Color, DocProperties, Format, FormatAlign, FormatBorder, Workbook};

use super::csv::formula_like;
use super::document::{plain, ColumnKind, Table};
use crate::error::{Error, Result};

/// Excel's limit on the characters in one cell.
const CELL_LIMIT: usize = 32_767;

fn xlsx_error(e: rust_xlsxwriter::XlsxError) -> Error {
    Error::Invalid(format!("The Excel workbook could not be assembled ({e})."))
}

/// A worksheet name Excel accepts: at most 31 characters, none of `[]:*?/\`, unique.
fn sheet_name(title: &str, taken: &mut Vec<String>) -> String {
    let cleaned: String = title
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { ' ' } else { c })
        .collect();
    let base: String = cleaned.trim().trim_matches('\'').chars().take(31).collect();
    let base = if base.is_empty() {
        "Sheet".to_string()
    } else {
        base
    };
    let mut name = base.clone();
    let mut n = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&name)) {
        let suffix = format!(" ({n})");
        name = format!(
            "{}{suffix}",
            base.chars().take(31 - suffix.len()).collect::<String>()
        );
        n += 1;
    }
    taken.push(name.clone());
    name
}

/// The formats of a table's header row and of its cells: bold on a light blue ground, and
/// wrapped text at the top, both with thin borders.
pub(crate) fn table_formats() -> (Format, Format) {
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color(Color::RGB(0xD9E2F3))
        .set_border(FormatBorder::Thin);
    let cell = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin);
    (header, cell)
}

/// The workbook bytes for `tables`; `title` goes in the file's properties.
pub fn render(title: &str, tables: &[&Table]) -> Result<Vec<u8>> {
    let mut workbook = Workbook::new();
    workbook.set_properties(&DocProperties::new().set_title(title));
    let (header, cell) = table_formats();
    // Text that starts like a formula: written as a string (never a formula) and marked with
    // Excel's quote prefix, so it stays text even when the cell is edited and confirmed.
    let text_cell = cell.clone().set_quote_prefix();
    let header_text = header.clone().set_quote_prefix();
    let mut taken = Vec::new();
    if tables.is_empty() {
        let sheet = workbook.add_worksheet();
        sheet
            .set_name("Report")
            .map_err(xlsx_error)?
            .write_string(0, 0, "No tables were chosen for this export.")
            .map_err(xlsx_error)?;
    }
    for t in tables {
        let name = sheet_name(&t.title, &mut taken);
        let sheet = workbook.add_worksheet();
        sheet.set_name(&name).map_err(xlsx_error)?;
        let total: f64 = t
            .columns
            .iter()
            .map(|c| c.weight as f64)
            .sum::<f64>()
            .max(1.0);
        for (c, column) in t.columns.iter().enumerate() {
            let width = (column.weight as f64 / total * 190.0).clamp(6.0, 80.0);
            sheet
                .set_column_width(c as u16, width)
                .map_err(xlsx_error)?;
            let format = if formula_like(&column.header) {
                &header_text
            } else {
                &header
            };
            sheet
                .write_string_with_format(0, c as u16, &column.header, format)
                .map_err(xlsx_error)?;
        }
        for (r, row) in t.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, content) in row.iter().enumerate() {
                let c = c as u16;
                let text = plain(content);
                let number = (t.columns.get(c as usize).map(|k| k.kind)
                    == Some(ColumnKind::Number))
                .then(|| text.trim().parse::<u32>().ok())
                .flatten();
                match number {
                    Some(n) => sheet
                        .write_number_with_format(r, c, n as f64, &cell)
                        .map_err(xlsx_error)?,
                    None => sheet
                        .write_string_with_format(
                            r,
                            c,
                            fit(&text),
                            if formula_like(&text) {
                                &text_cell
                            } else {
                                &cell
                            },
                        )
                        .map_err(xlsx_error)?,
                };
            }
        }
        let last_col = t.columns.len().saturating_sub(1) as u16;
        sheet.set_freeze_panes(1, 0).map_err(xlsx_error)?;
        sheet
            .autofilter(0, 0, t.rows.len() as u32, last_col)
            .map_err(xlsx_error)?;
        sheet.set_landscape();
        sheet.set_paper_size(9); // A4
        sheet.set_print_fit_to_pages(1, 0);
        sheet.set_repeat_rows(0, 0).map_err(xlsx_error)?;
        sheet.set_footer("&L&A&RPage &P of &N");
    }
    workbook.save_to_buffer().map_err(xlsx_error)
}

/// Text that fits in one cell; longer text is cut with a note saying so.
fn fit(text: &str) -> String {
    if text.chars().count() <= CELL_LIMIT {
        return text.to_string();
    }
    let note = " […cut: Excel holds at most 32,767 characters in a cell; the DOCX has it all]";
    let keep = CELL_LIMIT - note.chars().count();
    let mut out: String = text.chars().take(keep).collect();
    out.push_str(note);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let mut taken = Vec::new();
        assert_eq!(sheet_name("Flags", &mut taken), "Flags");
        assert_eq!(sheet_name("flags", &mut taken), "flags (2)");
        let long = sheet_name("A very long title: with [bad] characters?", &mut taken);
        assert!(
            long.chars().count() <= 31 && !long.contains(['[', ':', '?']),
            "{long}"
        );
    }

    #[test]
    fn overlong_cells_are_cut_with_a_note() {
        let text = "é".repeat(40_000);
        let cut = fit(&text);
        assert_eq!(cut.chars().count(), CELL_LIMIT);
        assert!(cut.ends_with("has it all]"));
        assert_eq!(fit("short"), "short");
    }

    #[test]
    fn text_that_looks_like_a_formula_stays_text() {
        use super::super::document::{Column, Para};
        let cells = ["-2+3+cmd|' /C calc'!A0", "=1+1", "\u{FF1D}1+1", "plain"];
        let table = Table {
            key: "t".into(),
            title: "T".into(),
            columns: vec![Column {
                header: "@Header".into(),
                weight: 1,
                kind: ColumnKind::Text,
            }],
            rows: cells.iter().map(|c| vec![vec![Para::plain(*c)]]).collect(),
            empty_note: String::new(),
        };
        let bytes = render("x", &[&table]).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let read = |zip: &mut zip::ZipArchive<_>, name: &str| {
            let mut s = String::new();
            std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut s).unwrap();
            s
        };
        let sheet = read(&mut zip, "xl/worksheets/sheet1.xml");
        assert!(!sheet.contains("<f>") && !sheet.contains("<f "), "{sheet}");
        let styles = read(&mut zip, "xl/styles.xml");
        assert!(styles.contains("quotePrefix=\"1\""), "{styles}");
        // The risky rows (2..=4) and the header use a quote-prefixed style; "plain" does not.
        let style_of = |row: u32| {
            let at = sheet.find(&format!("<c r=\"A{row}\"")).unwrap();
            let cell = &sheet[at..at + sheet[at..].find('>').unwrap()];
            cell.split("s=\"")
                .nth(1)
                .map(|s| s.split('"').next().unwrap().to_string())
        };
        let plain_style = style_of(5);
        for row in 1..=4 {
            assert_ne!(style_of(row), plain_style, "row {row}");
        }
    }
}
