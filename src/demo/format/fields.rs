//! Lines, `key: value` fields, `|` columns and vocabulary codes.

use super::*;

// ---------------------------------------------------------------------------------------------
// Lines, fields and codes

/// A `key: value` field with the line it started on; continuation lines already joined.
#[derive(Debug)]
pub(super) struct Field<'a> {
    pub(super) key: &'a str,
    pub(super) value: String,
    pub(super) line: usize,
}

pub(super) fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

pub(super) fn split_field(text: &str, line: usize) -> Parsed<(&str, &str)> {
    match text.split_once(':') {
        Some((k, v)) if !k.trim().is_empty() && !k.contains('|') => Ok((k.trim(), v.trim())),
        _ => err(
            line,
            format!(
                "expected a field written as 'name: value', found '{}'",
                text.trim()
            ),
        ),
    }
}

pub(super) fn code<T>(
    what: &str,
    value: &str,
    line: usize,
    from_code: fn(&str) -> Option<T>,
    all: &[T],
    code_of: fn(&T) -> &'static str,
) -> Parsed<T> {
    from_code(value.trim()).ok_or_else(|| CaseError {
        line,
        message: format!(
            "'{}' is not {what} (expected one of: {})",
            value.trim(),
            all.iter().map(code_of).collect::<Vec<_>>().join(", ")
        ),
    })
}

macro_rules! vocab {
    ($ty:ident, $what:literal, $value:expr, $line:expr) => {
        code($what, $value, $line, $ty::from_code, $ty::ALL, |v: &$ty| {
            v.code()
        })
    };
}
pub(super) use vocab;

pub(super) fn columns<'t>(
    text: &'t str,
    n: usize,
    names: &str,
    line: usize,
) -> Parsed<Vec<&'t str>> {
    let cols: Vec<&str> = text.splitn(n, '|').map(str::trim).collect();
    if cols.len() != n {
        return err(
            line,
            format!(
                "expected {n} columns separated by '|' ({names}), found {}",
                cols.len()
            ),
        );
    }
    Ok(cols)
}

pub(super) fn number<T: std::str::FromStr>(text: &str, what: &str, line: usize) -> Parsed<T> {
    text.trim().parse().map_err(|_| CaseError {
        line,
        message: format!("'{}' is not {what} (a whole number)", text.trim()),
    })
}

/// A reference to an entry (`@label` or a number), resolved after the whole file is read.
#[derive(Clone, Debug)]
pub(super) struct EntryRef {
    pub(super) text: String,
    pub(super) line: usize,
}

pub(super) fn entry_refs(text: &str, line: usize) -> Vec<EntryRef> {
    text.split(|c: char| c.is_whitespace() || c == ',')
        .filter(|s| !s.is_empty())
        .map(|s| EntryRef {
            text: s.to_string(),
            line,
        })
        .collect()
}
