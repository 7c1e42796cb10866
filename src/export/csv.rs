//! CSV of one table (RFC 4180, UTF-8 with a byte-order mark so Excel reads accents and
//! non-Latin scripts correctly). Cells that a spreadsheet would run as a formula are
//! prefixed with an apostrophe.

use super::document::*;

fn field(text: &str) -> String {
    // Formula injection: a cell starting with = + - @ would be evaluated by a spreadsheet.
    let risky = text.starts_with(['=', '+', '@', '\t', '\r'])
        || (text.starts_with('-')
            && text
                .chars()
                .nth(1)
                .is_some_and(|c| !c.is_whitespace() && !c.is_ascii_digit()));
    let text = if risky {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if text.contains([',', '"', '\n', '\r']) || text.starts_with(' ') || text.ends_with(' ') {
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
        assert_eq!(field("-5 degrees"), "-5 degrees");
        assert_eq!(field("- seen"), "- seen");
        assert_eq!(field("-cmd"), "'-cmd");
        assert_eq!(field("محمد"), "محمد");
    }
}
