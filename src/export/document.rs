//! The report as a format-neutral document: parts (one per section of the report, each
//! portrait or landscape) made of headings, paragraphs, lists and tables. The builder fills
//! it from a review's data, already pseudonymised; each writer (DOCX, Markdown, HTML, CSV,
//! XLSX) only lays it out.

use serde::{Deserialize, Serialize};
use specta::Type;

/// A piece of text with its emphasis.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    /// The text (never contains a line break).
    pub text: String,
    /// Bold.
    pub bold: bool,
    /// Italic.
    pub italic: bool,
}

/// A paragraph: spans in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Para {
    /// The spans.
    pub spans: Vec<Span>,
}

impl Para {
    /// A plain paragraph.
    pub fn plain(text: impl Into<String>) -> Self {
        Para::default().text(text)
    }

    /// Adds plain text.
    pub fn text(mut self, text: impl Into<String>) -> Self {
        self.spans.push(Span {
            text: text.into(),
            bold: false,
            italic: false,
        });
        self
    }

    /// Adds bold text.
    pub fn bold(mut self, text: impl Into<String>) -> Self {
        self.spans.push(Span {
            text: text.into(),
            bold: true,
            italic: false,
        });
        self
    }

    /// Adds italic text.
    pub fn italic(mut self, text: impl Into<String>) -> Self {
        self.spans.push(Span {
            text: text.into(),
            bold: false,
            italic: true,
        });
        self
    }

    /// The paragraph's text without emphasis.
    pub fn plain_text(&self) -> String {
        self.spans.iter().map(|s| s.text.as_str()).collect()
    }

    /// Whether the paragraph has no visible text.
    pub fn is_blank(&self) -> bool {
        self.spans.iter().all(|s| s.text.trim().is_empty())
    }
}

/// Rich text: paragraphs (a table cell, a section's body).
pub type Rich = Vec<Para>;

/// The plain text of rich text, paragraphs separated by line breaks.
pub fn plain(rich: &[Para]) -> String {
    rich.iter()
        .map(Para::plain_text)
        .collect::<Vec<_>>()
        .join("\n")
}

/// What a column holds, which decides how the residual check reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnKind {
    /// Free text, checked for every pattern.
    Text,
    /// Structured dates (a chronology's date column): a birth recorded as an event is part of
    /// the chronology, so these are not reported as dates of birth.
    Date,
    /// Numbers and codes.
    Number,
}

/// A table column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    /// The header.
    pub header: String,
    /// Relative width.
    pub weight: u16,
    /// What it holds.
    pub kind: ColumnKind,
}

/// A table: columns, then rows of rich cells.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    /// A short, stable name: the CSV file suffix and the XLSX sheet ("kpes", "chronology").
    pub key: String,
    /// The title (the XLSX sheet's full name, the CSV's description).
    pub title: String,
    /// The columns.
    pub columns: Vec<Column>,
    /// The rows, one cell per column.
    pub rows: Vec<Vec<Rich>>,
    /// What to print when there are no rows.
    pub empty_note: String,
}

/// One block of a part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// A heading, level 1 to 3.
    Heading(u8, String),
    /// A paragraph.
    Para(Para),
    /// A numbered (or bulleted) list.
    List {
        /// Numbered.
        ordered: bool,
        /// The items.
        items: Vec<Para>,
    },
    /// A table.
    Table(Table),
}

/// One of the report's sections, as the reviewer chooses them.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Type,
)]
#[serde(rename_all = "snake_case")]
pub enum ReportSection {
    /// The Key Practice Episodes table.
    Kpe,
    /// The integrated chronology.
    Chronology,
    /// The findings with their Board questions.
    Findings,
    /// The flags appendix.
    Flags,
    /// The glossary of people and agencies.
    Glossary,
}

impl ReportSection {
    /// Every section, in the report's order.
    pub const ALL: [ReportSection; 5] = [
        ReportSection::Kpe,
        ReportSection::Chronology,
        ReportSection::Findings,
        ReportSection::Flags,
        ReportSection::Glossary,
    ];

    /// The code used on the command line.
    pub fn code(self) -> &'static str {
        match self {
            ReportSection::Kpe => "kpe",
            ReportSection::Chronology => "chronology",
            ReportSection::Findings => "findings",
            ReportSection::Flags => "flags",
            ReportSection::Glossary => "glossary",
        }
    }

    /// Reads a command-line code ("kpe", "kpes", "chronology" ...).
    pub fn from_code(code: &str) -> Option<ReportSection> {
        match code.trim().to_ascii_lowercase().as_str() {
            "kpe" | "kpes" => Some(ReportSection::Kpe),
            "chronology" => Some(ReportSection::Chronology),
            "findings" | "finding" => Some(ReportSection::Findings),
            "flags" | "flag" => Some(ReportSection::Flags),
            "glossary" => Some(ReportSection::Glossary),
            _ => None,
        }
    }

    /// The section's title in the document.
    pub fn title(self) -> &'static str {
        match self {
            ReportSection::Kpe => "Key Practice Episodes",
            ReportSection::Chronology => "Integrated chronology",
            ReportSection::Findings => "Findings",
            ReportSection::Flags => "Appendix: flags raised for the review team",
            ReportSection::Glossary => "Glossary",
        }
    }
}

/// A section of the report with its page orientation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    /// Which section it is (`None` for the title block).
    pub section: Option<ReportSection>,
    /// Printed on landscape pages (wide tables).
    pub landscape: bool,
    /// The content.
    pub blocks: Vec<Block>,
}

/// The whole report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    /// The document's title (the review's title).
    pub title: String,
    /// A short line for page footers ("Pseudonymised draft").
    pub footer: String,
    /// The parts in order; the first is the title block.
    pub parts: Vec<Part>,
}

impl Document {
    /// Every table in the document, in order.
    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.parts.iter().flat_map(|p| {
            p.blocks.iter().filter_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
        })
    }
}

/// Makes text safe for every format: line endings as `\n`, no control characters that XML
/// cannot hold (a form feed pasted from Word would make a DOCX unreadable).
pub fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\n' | '\t' => out.push(c),
            '\u{0B}' | '\u{0C}' | '\u{2028}' | '\u{2029}' => out.push('\n'),
            c if c.is_control() => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Splits free text into paragraphs at line breaks, dropping blank lines at either end.
pub fn paras(text: &str) -> Rich {
    let text = clean(text);
    let lines: Vec<&str> = text.split('\n').collect();
    let start = lines.iter().position(|l| !l.trim().is_empty());
    let end = lines.iter().rposition(|l| !l.trim().is_empty());
    match (start, end) {
        (Some(s), Some(e)) => lines[s..=e]
            .iter()
            .map(|l| Para::plain(l.trim_end()))
            .collect(),
        _ => Vec::new(),
    }
}

/// Whether the first strongly directional character of `text` is right-to-left (Hebrew,
/// Arabic, Syriac, Thaana, N'Ko ...), so the paragraph reads right to left.
pub fn starts_right_to_left(text: &str) -> bool {
    for c in text.chars() {
        let u = c as u32;
        let rtl = (0x0590..=0x08FF).contains(&u)
            || (0xFB1D..=0xFDFF).contains(&u)
            || (0xFE70..=0xFEFF).contains(&u)
            || (0x10800..=0x10FFF).contains(&u)
            || (0x1E800..=0x1EFFF).contains(&u);
        if rtl {
            return true;
        }
        if c.is_alphabetic() {
            return false;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_keeps_text_and_drops_what_xml_cannot_hold() {
        assert_eq!(clean("a\r\nb\rc\u{0C}d\u{1}e\tf"), "a\nb\nc\nde\tf");
        assert_eq!(clean("محمد Zoë 😀"), "محمد Zoë 😀");
    }

    #[test]
    fn paras_split_lines_and_trim_blank_ends() {
        let p = paras("\n\nFirst line\n\nThird  \n\n");
        assert_eq!(
            p.iter().map(Para::plain_text).collect::<Vec<_>>(),
            ["First line", "", "Third"]
        );
        assert!(paras("  \n ").is_empty());
    }

    #[test]
    fn detects_right_to_left_paragraphs() {
        assert!(starts_right_to_left("«محمد» said"));
        assert!(starts_right_to_left("12 שלום"));
        assert!(!starts_right_to_left("Child R and محمد"));
        assert!(!starts_right_to_left("123"));
    }

    #[test]
    fn section_codes_round_trip() {
        for s in ReportSection::ALL {
            assert_eq!(ReportSection::from_code(s.code()), Some(s));
        }
        assert_eq!(ReportSection::from_code(" KPEs "), Some(ReportSection::Kpe));
        assert_eq!(ReportSection::from_code("appendix"), None);
    }
}
