//! CSV of one table (RFC 4180, UTF-8 with a byte-order mark so Excel reads accents and
//! non-Latin scripts correctly). Cells that a spreadsheet would run as a formula are
//! prefixed with an apostrophe and quoted (OWASP's CSV-injection advice); [`formula_like`]
//! decides which, and the XLSX writer uses it too.

use super::document::*;

/// Whether a spreadsheet could read a cell starting like `text` as a formula (OWASP's list:
/// `=`, `+`, `-`, `@`, tab and carriage return, and the full-width `＝ ＋ － ＠` that some
/// spreadsheets fold to them), also after leading spaces. Every `-` counts, digits or not:
/// `-2+3+cmd|' /C calc'!A0` is a formula.
pub(super) fn formula_like(text: &str) -> bool {
    let rest = text.trim_start_matches([' ', '\u{a0}', '\u{3000}']);
    let starts = |t: &str| {
        t.starts_with([
            '=', '+', '-', '@', '\t', '\r', '\n', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}',
            '\u{2212}', '\u{FE63}', '\u{FE62}', '\u{FE66}',
        ])
    };
    starts(text) || starts(rest)
}

fn field(text: &str) -> String {
    let risky = formula_like(text);
    let text = if risky {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if risky
        || text.contains([',', '"', '\n', '\r', ';', '\t'])
        || text.starts_with(' ')
        || text.ends_with(' ')
    {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// The table as CSV bytes.
pub fn render(t: &Table) -> Vec<u8> {
    let mut out = String::from("\u{FEFF}");
    let header: Vec<String> = t.columns.iter().map(|c| field(&c.header)).collect();
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    for row in &t.rows {
        let cells: Vec<String> = row.iter().map(|c| field(&plain(c))).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_defuses_formulas() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a, \"b\""), "\"a, \"\"b\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(field("-cmd"), "\"'-cmd\"");
        assert_eq!(field("محمد"), "محمد");
        assert_eq!(field("a - b"), "a - b");
    }

    #[test]
    fn every_formula_start_on_owasps_list_is_defused() {
        let payloads = [
            "-2+3+cmd|' /C calc'!A0",
            "-5 degrees",
            "- seen",
            "=1+1",
            "+1+1",
            "@SUM(A1)",
            "\t=1+1",
            "\r=1+1",
            "\u{FF1D}1+1",
            "\u{FF0B}1",
            "\u{FF0D}1",
            "\u{FF20}SUM(A1)",
            "  =1+1",
        ];
        for p in payloads {
            let f = field(p);
            assert!(f.starts_with("\"'"), "{p:?} became {f:?}");
        }
        assert_eq!(
            field("-2+3+cmd|' /C calc'!A0"),
            "\"'-2+3+cmd|' /C calc'!A0\""
        );
    }
}
