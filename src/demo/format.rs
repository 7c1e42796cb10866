//! The demo case file format: a plain-text, human-editable description of a whole review,
//! read by [`parse`] into [`ReviewData`] plus the answer key (planted patterns, near misses and
//! duplicate pairs) that tests measure the analysis rules against.
//!
//! # The format
//!
//! Lines starting with `#` at the left margin are comments; blank lines are ignored. The file
//! is divided into sections, each opened by a line in square brackets:
//!
//! * `[review]`, `[kpe]`, `[finding]`: records of `key: value` fields at the left margin.
//!   A line indented further than its field continues the field's value (joined with one
//!   space). A `[kpe]` or `[finding]` section holds one record; repeat the header for the next.
//! * `[areas]`, `[agencies]`, `[people]`, `[links]`, `[planted]`, `[near misses]`,
//!   `[duplicates]`: one row per line, columns separated by `|` (see the comment heading each
//!   section of `case.txt` for the columns).
//! * `[chronology KEY]`: one agency's chronology as it submitted it (one source document).
//!   Fields at the left margin describe the document (`id`, `file`, `received`, `imported`,
//!   `table`, `notes`); then each entry starts with a header line `ID [@label] | DATE | KIND`
//!   followed by fields indented by two spaces (`summary`, `detail`, `outcome`, `comment`,
//!   `seen`, `to`, `level`, `risk`, `by`, `with`, `about`, `mentions`, `as written`, `tags`,
//!   `recorded`, `seq`, `ends`, `row`, `written`, `suggested kind`, `suggested to`).
//!   Entries are referred to elsewhere as `@label` or by their number.
//!
//! Dates are written the UK way: `12/06/2019`, `12/06/2019 14:30`, `12/06/2019..15/06/2019`
//! (some day between), `early 06/2019` / `mid 06/2019` / `late 06/2019` (days 1-10, 11-20,
//! 21-end), `06/2019`, `spring 2019` (also `summer`, `autumn`, and `winter 2019/20` for
//! December to February), `2019`; any of them may be prefixed with `c. ` for an approximate
//! date. Each source document's `content_hash` is the SHA-256 of its `[chronology]` block.
//!
//! Every problem is reported with the line it was found on ([`CaseError`]).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::json::ReviewData;
use crate::model::*;

mod build;
mod dates;
mod fields;
mod sections;

use build::*;
pub use dates::parse_date;
use dates::*;
use fields::*;

/// A problem in a case file, with the line (1-based) it was found on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseError {
    /// The line the problem is on.
    pub line: usize,
    /// What is wrong, in words fit for the person editing the file.
    pub message: String,
}

impl std::fmt::Display for CaseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for CaseError {}

impl From<CaseError> for crate::Error {
    fn from(e: CaseError) -> Self {
        crate::Error::Invalid(format!("The case file is not valid ({e})."))
    }
}

type Parsed<T> = std::result::Result<T, CaseError>;

fn err<T>(line: usize, message: impl Into<String>) -> Parsed<T> {
    Err(CaseError {
        line,
        message: message.into(),
    })
}

/// One row of the `[planted]` or `[near misses]` section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Marker<'a> {
    /// The pattern.
    pub kind: FlagKind,
    /// Which form of the pattern (for example "no_receipt").
    pub variant: &'a str,
    /// The key evidence entries.
    pub entries: Vec<EntryId>,
    /// Why it is (or is not) an instance of the pattern.
    pub note: &'a str,
    /// The line it was written on.
    pub line: usize,
}

/// One row of the `[duplicates]` section: two entries recording the same event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Duplicate<'a> {
    /// One record of the event.
    pub a: EntryId,
    /// The other record of the same event.
    pub b: EntryId,
    /// Whether the reviewer has already linked them with `duplicate_of`.
    pub linked: bool,
    /// What the event is.
    pub note: &'a str,
}

/// A parsed case file: the review and its answer key.
#[derive(Clone, Debug, PartialEq)]
pub struct CaseFile<'a> {
    /// The review, in the order a store reads it back.
    pub data: ReviewData,
    /// The patterns planted in the case (the answer key for flag rules).
    pub planted: Vec<Marker<'a>>,
    /// Situations that look like a pattern but must not be flagged.
    pub near_misses: Vec<Marker<'a>>,
    /// Pairs of entries that record the same event, linked or not.
    pub duplicates: Vec<Duplicate<'a>>,
    /// Entry labels (`@label`, without the `@`) and the entries they name.
    pub labels: BTreeMap<String, EntryId>,
}

// ---------------------------------------------------------------------------------------------
// The parser

#[derive(Clone, Copy, Debug, PartialEq)]
enum Section {
    Start,
    Review,
    Areas,
    Agencies,
    People,
    Chronology,
    Links,
    Kpe,
    Finding,
    Planted,
    NearMisses,
    Duplicates,
}

/// A record being filled: its fields, in order.
#[derive(Debug, Default)]
struct Record<'a> {
    line: usize,
    header: &'a str,
    fields: Vec<Field<'a>>,
}

impl<'a> Record<'a> {
    fn push_line(&mut self, key: &'a str, value: &str, line: usize) {
        self.fields.push(Field {
            key,
            value: value.to_string(),
            line,
        });
    }

    fn continue_last(&mut self, text: &str, line: usize) -> Parsed<()> {
        match self.fields.last_mut() {
            Some(f) => {
                if !f.value.is_empty() {
                    f.value.push(' ');
                }
                f.value.push_str(text.trim());
                Ok(())
            }
            None => err(line, "an indented line must continue a field above it"),
        }
    }

    fn check_keys(&self, allowed: &[&str], what: &str, repeatable: &[&str]) -> Parsed<()> {
        let mut seen = BTreeSet::new();
        for f in &self.fields {
            if !allowed.contains(&f.key) {
                return err(
                    f.line,
                    format!(
                        "'{}' is not a field of {what} (expected one of: {})",
                        f.key,
                        allowed.join(", ")
                    ),
                );
            }
            if !repeatable.contains(&f.key) && !seen.insert(f.key) {
                return err(f.line, format!("the field '{}' is given twice", f.key));
            }
        }
        Ok(())
    }

    fn get(&self, key: &str) -> Option<&Field<'a>> {
        self.fields.iter().find(|f| f.key == key)
    }

    fn text(&self, key: &str) -> String {
        self.get(key).map(|f| f.value.clone()).unwrap_or_default()
    }

    fn required(&self, key: &str, what: &str) -> Parsed<&Field<'a>> {
        self.get(key).ok_or_else(|| CaseError {
            line: self.line,
            message: format!("{what} needs a '{key}' field"),
        })
    }
}

struct Block<'a> {
    record: Record<'a>,
    agency_key: &'a str,
    start_byte: usize,
    end_byte: usize,
    entries: Vec<Record<'a>>,
}

#[derive(Default)]
struct Parser<'a> {
    data: Option<ReviewData>,
    review: Option<Record<'a>>,
    area_names: HashMap<String, AreaId>,
    agency_keys: HashMap<String, AgencyId>,
    people_labels: HashMap<String, PersonId>,
    blocks: Vec<Block<'a>>,
    links: Vec<(usize, LinkId, EntryRef, LinkKind, EntryRef, String)>,
    kpes: Vec<Record<'a>>,
    findings: Vec<Record<'a>>,
    planted: Vec<(usize, FlagKind, &'a str, Vec<EntryRef>, &'a str)>,
    near_misses: Vec<(usize, FlagKind, &'a str, Vec<EntryRef>, &'a str)>,
    duplicates: Vec<(usize, EntryRef, EntryRef, bool, &'a str)>,
}

/// Reads a case file.
pub fn parse(text: &str) -> Parsed<CaseFile<'_>> {
    let mut p = Parser {
        data: Some(ReviewData::new(Review::default())),
        ..Parser::default()
    };
    let mut section = Section::Start;
    let mut current: Option<Record<'_>> = None;
    let mut in_entry = false;
    let mut offset = 0usize;
    for (i, raw) in text.split_inclusive('\n').enumerate() {
        let start = offset;
        offset += raw.len();
        let line_no = i + 1;
        let line = raw.trim_end_matches(['\n', '\r']);
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if line.starts_with('[') {
            p.finish_record(section, current.take(), in_entry)?;
            in_entry = false;
            if let Some(block) = p.blocks.last_mut() {
                if block.end_byte == usize::MAX {
                    block.end_byte = start;
                }
            }
            let name = line
                .strip_prefix('[')
                .and_then(|l| l.trim_end().strip_suffix(']'))
                .ok_or_else(|| CaseError {
                    line: line_no,
                    message: format!("a section header must end with ']': '{line}'"),
                })?
                .trim();
            section = match name {
                "review" => Section::Review,
                "areas" => Section::Areas,
                "agencies" => Section::Agencies,
                "people" => Section::People,
                "links" => Section::Links,
                "kpe" => Section::Kpe,
                "finding" => Section::Finding,
                "planted" => Section::Planted,
                "near misses" => Section::NearMisses,
                "duplicates" => Section::Duplicates,
                n if n.starts_with("chronology ") => {
                    let key = n["chronology ".len()..].trim();
                    if !p.agency_keys.contains_key(key) {
                        return err(
                            line_no,
                            format!("'{key}' is not an agency listed in [agencies] above"),
                        );
                    }
                    p.blocks.push(Block {
                        record: Record {
                            line: line_no,
                            header: key,
                            fields: Vec::new(),
                        },
                        agency_key: key,
                        start_byte: start,
                        end_byte: usize::MAX,
                        entries: Vec::new(),
                    });
                    Section::Chronology
                }
                other => {
                    return err(
                        line_no,
                        format!(
                            "'[{other}]' is not a section (expected review, areas, agencies, \
                             people, chronology AGENCY, links, kpe, finding, planted, \
                             near misses or duplicates)"
                        ),
                    )
                }
            };
            if matches!(section, Section::Review | Section::Kpe | Section::Finding) {
                current = Some(Record {
                    line: line_no,
                    header: name,
                    fields: Vec::new(),
                });
            }
            continue;
        }
        let indent = indent_of(line);
        match section {
            Section::Start => {
                return err(line_no, "text before the first [section] header");
            }
            Section::Review | Section::Kpe | Section::Finding => {
                let rec = current
                    .as_mut()
                    .expect("record sections always have a record");
                if indent == 0 {
                    let (k, v) = split_field(line, line_no)?;
                    rec.push_line(k, v, line_no);
                } else {
                    rec.continue_last(line, line_no)?;
                }
            }
            Section::Chronology => {
                let block = p
                    .blocks
                    .last_mut()
                    .expect("a chronology section has a block");
                if indent == 0 {
                    if line.starts_with(|c: char| c.is_ascii_digit()) {
                        if let Some(done) = current.take() {
                            block.entries.push(done);
                        }
                        current = Some(Record {
                            line: line_no,
                            header: line,
                            fields: Vec::new(),
                        });
                        in_entry = true;
                    } else if in_entry {
                        return err(
                            line_no,
                            "the document's own fields (file, received ...) must come before \
                             its first entry; an entry's fields are indented by two spaces",
                        );
                    } else {
                        let (k, v) = split_field(line, line_no)?;
                        block.record.push_line(k, v, line_no);
                    }
                } else if in_entry {
                    let rec = current.as_mut().expect("in_entry implies a record");
                    if indent == 2 {
                        let (k, v) = split_field(line, line_no)?;
                        rec.push_line(k, v, line_no);
                    } else if indent > 2 {
                        rec.continue_last(line, line_no)?;
                    } else {
                        return err(line_no, "an entry's fields are indented by two spaces");
                    }
                } else {
                    block.record.continue_last(line, line_no)?;
                }
            }
            Section::Areas => p.area_row(line, line_no)?,
            Section::Agencies => p.agency_row(line, line_no)?,
            Section::People => p.person_row(line, line_no)?,
            Section::Links => p.link_row(line, line_no)?,
            Section::Planted | Section::NearMisses => p.marker_row(section, line, line_no)?,
            Section::Duplicates => p.duplicate_row(line, line_no)?,
        }
    }
    p.finish_record(section, current.take(), in_entry)?;
    if let Some(block) = p.blocks.last_mut() {
        if block.end_byte == usize::MAX {
            block.end_byte = text.len();
        }
    }
    p.build(text)
}
