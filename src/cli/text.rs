//! Text for the terminal: escaping what review text must not make a terminal do, wrapping,
//! and reading the dates typed on the command line.

use crate::error::{Error, Result};

/// Reads a day written dd/mm/yyyy.
pub fn parse_uk_day(text: &str) -> Result<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(text.trim(), "%d/%m/%Y").map_err(|_| {
        Error::Invalid(format!(
            "'{text}' is not a date: write it day first, as dd/mm/yyyy (for example 01/03/2022)."
        ))
    })
}

/// Text safe to print on a terminal: control characters (ESC and the rest of C0 except line
/// feed and tab, DEL, and C1) from review or agency text are shown as `\u001b`-style escapes
/// instead of being obeyed. The escapes are also valid inside JSON strings.
pub fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char =
        |c: char| (c.is_control() && c != '\n' && c != '\t') || c == '\u{2028}' || c == '\u{2029}';
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if unsafe_char(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Wraps text at word boundaries for a terminal.
pub fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    for word in text.split_whitespace() {
        if line > 0 && line + 1 + word.len() > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += word.chars().count();
    }
    out
}
