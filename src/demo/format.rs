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

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use crate::dates::{last_day_of_month, DatePrecision, EventDate};
use crate::json::ReviewData;
use crate::model::*;

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
// Dates

/// Reads a date in the case file's notation (see the module documentation).
pub fn parse_date(text: &str) -> std::result::Result<EventDate, String> {
    let t = text.trim();
    let (approximate, t) = match t.strip_prefix("c. ") {
        Some(rest) => (true, rest.trim()),
        None => (false, t),
    };
    let date = parse_exact(t)?;
    Ok(if approximate { date.approx() } else { date })
}

fn parse_exact(t: &str) -> std::result::Result<EventDate, String> {
    if let Some((a, b)) = t.split_once("..") {
        let (a, b) = (day(a.trim())?, day(b.trim())?);
        if a >= b {
            return Err(format!(
                "the range '{t}' must end after it starts (earlier date first)"
            ));
        }
        return Ok(EventDate::span(DatePrecision::Range, a, b));
    }
    let words: Vec<&str> = t.split_whitespace().collect();
    match words.as_slice() {
        [d, time] if d.contains('/') && time.contains(':') => {
            let time = NaiveTime::parse_from_str(time, "%H:%M")
                .map_err(|_| format!("'{time}' is not a time of day (write it as 14:30)"))?;
            Ok(EventDate::at(day(d)?, time))
        }
        [part @ ("early" | "mid" | "late"), m] => {
            let (year, month) = month_year(m)?;
            let last = last_day_of_month(year, month).ok_or("impossible month")?;
            let (from, to) = match *part {
                "early" => (1, 10),
                "mid" => (11, 20),
                _ => (21, chrono::Datelike::day(&last)),
            };
            Ok(EventDate::span(
                DatePrecision::PartOfMonth,
                ymd(year, month, from)?,
                ymd(year, month, to)?,
            ))
        }
        ["winter", y] => {
            let (first, second) = y
                .split_once('/')
                .ok_or_else(|| format!("write a winter as 'winter 2019/20', not 'winter {y}'"))?;
            let year: i32 = first
                .parse()
                .map_err(|_| format!("'{first}' is not a year"))?;
            if second != format!("{:02}", (year + 1) % 100) {
                return Err(format!(
                    "'winter {y}' should be 'winter {year}/{:02}'",
                    (year + 1) % 100
                ));
            }
            let end = last_day_of_month(year + 1, 2).ok_or("impossible year")?;
            Ok(EventDate::span(
                DatePrecision::Season,
                ymd(year, 12, 1)?,
                end,
            ))
        }
        [season @ ("spring" | "summer" | "autumn"), y] => {
            let year: i32 = y.parse().map_err(|_| format!("'{y}' is not a year"))?;
            let (from, to) = match *season {
                "spring" => (3, 5),
                "summer" => (6, 8),
                _ => (9, 11),
            };
            let end = last_day_of_month(year, to).ok_or("impossible year")?;
            Ok(EventDate::span(
                DatePrecision::Season,
                ymd(year, from, 1)?,
                end,
            ))
        }
        [single] if single.len() == 4 && single.chars().all(|c| c.is_ascii_digit()) => {
            let year: i32 = single.parse().map_err(|_| "not a year".to_string())?;
            Ok(EventDate::span(
                DatePrecision::Year,
                ymd(year, 1, 1)?,
                ymd(year, 12, 31)?,
            ))
        }
        [single] if single.matches('/').count() == 1 => {
            let (year, month) = month_year(single)?;
            EventDate::month(year, month).ok_or_else(|| format!("'{single}' is not a month"))
        }
        [single] => Ok(EventDate::day(day(single)?)),
        _ => Err(format!(
            "'{t}' is not a date this file understands (examples: 12/06/2019, \
             12/06/2019 14:30, early 06/2019, 06/2019, spring 2019, 2019, c. 2019, \
             12/06/2019..15/06/2019)"
        )),
    }
}

fn ymd(year: i32, month: u32, day: u32) -> std::result::Result<NaiveDate, String> {
    NaiveDate::from_ymd_opt(year, month, day)
        .ok_or_else(|| format!("{day:02}/{month:02}/{year} is not a real date"))
}

fn day(t: &str) -> std::result::Result<NaiveDate, String> {
    let parts: Vec<&str> = t.split('/').collect();
    let bad = || format!("'{t}' is not a date written as dd/mm/yyyy");
    if parts.len() != 3 || parts[2].len() != 4 {
        return Err(bad());
    }
    let n: Vec<u32> = parts
        .iter()
        .map(|p| p.parse::<u32>().map_err(|_| bad()))
        .collect::<std::result::Result<_, _>>()?;
    ymd(n[2] as i32, n[1], n[0])
}

fn month_year(t: &str) -> std::result::Result<(i32, u32), String> {
    let bad = || format!("'{t}' is not a month written as mm/yyyy");
    let (m, y) = t.split_once('/').ok_or_else(bad)?;
    let month: u32 = m.parse().map_err(|_| bad())?;
    let year: i32 = y.parse().map_err(|_| bad())?;
    if !(1..=12).contains(&month) || y.len() != 4 {
        return Err(bad());
    }
    Ok((year, month))
}

fn plain_day(t: &str, line: usize) -> Parsed<NaiveDate> {
    day(t.trim()).or_else(|m| err(line, m))
}

fn optional_day(t: &str, line: usize) -> Parsed<Option<NaiveDate>> {
    match t.trim() {
        "" | "-" => Ok(None),
        d => plain_day(d, line).map(Some),
    }
}

fn day_span(t: &str, line: usize) -> Parsed<(NaiveDate, NaiveDate)> {
    let (a, b) = t.split_once("..").ok_or_else(|| CaseError {
        line,
        message: format!("'{t}' is not a span of days (write 01/03/2019..30/04/2019)"),
    })?;
    let (a, b) = (plain_day(a, line)?, plain_day(b, line)?);
    if b < a {
        return err(line, format!("the span '{t}' ends before it starts"));
    }
    Ok((a, b))
}

// ---------------------------------------------------------------------------------------------
// Lines, fields and codes

/// A `key: value` field with the line it started on; continuation lines already joined.
#[derive(Debug)]
struct Field<'a> {
    key: &'a str,
    value: String,
    line: usize,
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn split_field(text: &str, line: usize) -> Parsed<(&str, &str)> {
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

fn code<T>(
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

fn columns<'t>(text: &'t str, n: usize, names: &str, line: usize) -> Parsed<Vec<&'t str>> {
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

fn number<T: std::str::FromStr>(text: &str, what: &str, line: usize) -> Parsed<T> {
    text.trim().parse().map_err(|_| CaseError {
        line,
        message: format!("'{}' is not {what} (a whole number)", text.trim()),
    })
}

/// A reference to an entry (`@label` or a number), resolved after the whole file is read.
#[derive(Clone, Debug)]
struct EntryRef {
    text: String,
    line: usize,
}

fn entry_refs(text: &str, line: usize) -> Vec<EntryRef> {
    text.split(|c: char| c.is_whitespace() || c == ',')
        .filter(|s| !s.is_empty())
        .map(|s| EntryRef {
            text: s.to_string(),
            line,
        })
        .collect()
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

impl<'a> Parser<'a> {
    fn finish_record(
        &mut self,
        section: Section,
        record: Option<Record<'a>>,
        in_entry: bool,
    ) -> Parsed<()> {
        let Some(record) = record else { return Ok(()) };
        match section {
            Section::Review => {
                if self.review.is_some() {
                    return err(record.line, "the file has two [review] sections");
                }
                self.review = Some(record);
            }
            Section::Kpe => self.kpes.push(record),
            Section::Finding => self.findings.push(record),
            Section::Chronology if in_entry => {
                self.blocks
                    .last_mut()
                    .expect("a chronology section has a block")
                    .entries
                    .push(record);
            }
            _ => {}
        }
        Ok(())
    }

    fn data(&mut self) -> &mut ReviewData {
        self.data.as_mut().expect("data is present until build")
    }

    fn area_row(&mut self, line: &str, n: usize) -> Parsed<()> {
        let c = columns(line, 2, "id | name", n)?;
        let id = AreaId(number(c[0], "an area id", n)?);
        if self.data().areas.iter().any(|a| a.id == id) {
            return err(n, format!("area id {id} is used twice"));
        }
        let position = self.data().areas.len() as i32;
        self.area_names.insert(c[1].to_string(), id);
        self.data().areas.push(Area {
            id,
            name: c[1].to_string(),
            position,
        });
        Ok(())
    }

    fn agency_row(&mut self, line: &str, n: usize) -> Parsed<()> {
        let c = columns(
            line,
            7,
            "key | id | name | short name | sector | area | colour",
            n,
        )?;
        let id = AgencyId(number(c[1], "an agency id", n)?);
        if self.data().agencies.iter().any(|a| a.id == id) {
            return err(n, format!("agency id {id} is used twice"));
        }
        if self.agency_keys.contains_key(c[0]) {
            return err(n, format!("agency key '{}' is used twice", c[0]));
        }
        let sector = vocab!(Sector, "a sector", c[4], n)?;
        let area = match c[5] {
            "-" | "" => None,
            name => Some(*self.area_names.get(name).ok_or_else(|| CaseError {
                line: n,
                message: format!("'{name}' is not an area listed in [areas] above"),
            })?),
        };
        let colour = c[6].to_ascii_lowercase();
        let b = colour.as_bytes();
        if b.len() != 7 || b[0] != b'#' || !b[1..].iter().all(u8::is_ascii_hexdigit) {
            return err(n, format!("'{}' is not a colour written as #1f77b4", c[6]));
        }
        let lane_order = self.data().agencies.len() as i32;
        self.agency_keys.insert(c[0].to_string(), id);
        self.data().agencies.push(Agency {
            id,
            name: c[2].to_string(),
            short_name: c[3].to_string(),
            sector,
            area,
            lane_order,
            colour,
        });
        Ok(())
    }

    fn agency(&self, key: &str, n: usize) -> Parsed<AgencyId> {
        self.agency_keys
            .get(key.trim())
            .copied()
            .ok_or_else(|| CaseError {
                line: n,
                message: format!("'{}' is not an agency key listed in [agencies]", key.trim()),
            })
    }

    fn person_row(&mut self, line: &str, n: usize) -> Parsed<()> {
        let c = columns(
            line,
            8,
            "id | label | real name | aliases | role | kind | agency | date of birth",
            n,
        )?;
        let id = PersonId(number(c[0], "a person id", n)?);
        if self.data().people.iter().any(|p| p.id == id) {
            return err(n, format!("person id {id} is used twice"));
        }
        if self.people_labels.contains_key(c[1]) {
            return err(n, format!("the label '{}' is used twice", c[1]));
        }
        let kind = vocab!(PersonKind, "a kind of person", c[5], n)?;
        let agency = match c[6] {
            "-" | "" => None,
            key => Some(self.agency(key, n)?),
        };
        let person = Person {
            id,
            label: c[1].to_string(),
            real_name: match c[2] {
                "-" | "" => None,
                name => Some(name.to_string()),
            },
            aliases: c[3]
                .split(',')
                .map(str::trim)
                .filter(|a| !a.is_empty() && *a != "-")
                .map(String::from)
                .collect(),
            role: c[4].to_string(),
            kind,
            agency,
            date_of_birth: optional_day(c[7], n)?,
        };
        self.people_labels.insert(person.label.clone(), id);
        self.data().people.push(person);
        Ok(())
    }

    fn link_row(&mut self, line: &str, n: usize) -> Parsed<()> {
        let c = columns(line, 5, "id | from | kind | to | note", n)?;
        let id = LinkId(number(c[0], "a link id", n)?);
        if self.links.iter().any(|l| l.1 == id) {
            return err(n, format!("link id {id} is used twice"));
        }
        let kind = vocab!(LinkKind, "a kind of link", c[2], n)?;
        let one = |t: &str| -> Parsed<EntryRef> {
            let refs = entry_refs(t, n);
            match refs.as_slice() {
                [r] => Ok(r.clone()),
                _ => err(n, format!("expected one entry, found '{t}'")),
            }
        };
        let (from, to) = (one(c[1])?, one(c[3])?);
        self.links.push((n, id, from, kind, to, c[4].to_string()));
        Ok(())
    }

    fn marker_row(&mut self, section: Section, line: &'a str, n: usize) -> Parsed<()> {
        if line.starts_with(' ') {
            return err(n, "write each row on one line (notes cannot be continued)");
        }
        let c = columns(line, 4, "kind | variant | entries | note", n)?;
        let kind = vocab!(FlagKind, "a kind of flag", c[0], n)?;
        let refs = entry_refs(c[2], n);
        if refs.is_empty() {
            return err(n, "a marker needs at least one entry");
        }
        if c[1].is_empty() || c[3].is_empty() {
            return err(n, "a marker needs a variant and a note");
        }
        let row = (n, kind, c[1], refs, c[3]);
        if section == Section::Planted {
            self.planted.push(row);
        } else {
            self.near_misses.push(row);
        }
        Ok(())
    }

    fn duplicate_row(&mut self, line: &'a str, n: usize) -> Parsed<()> {
        if line.starts_with(' ') {
            return err(n, "write each row on one line (notes cannot be continued)");
        }
        let c = columns(line, 4, "entry | entry | linked or unlinked | note", n)?;
        let linked = match c[2] {
            "linked" => true,
            "unlinked" => false,
            other => return err(n, format!("'{other}' should be 'linked' or 'unlinked'")),
        };
        let one = |t: &str| -> Parsed<EntryRef> {
            match entry_refs(t, n).as_slice() {
                [r] => Ok(r.clone()),
                _ => err(n, format!("expected one entry, found '{t}'")),
            }
        };
        self.duplicates
            .push((n, one(c[0])?, one(c[1])?, linked, c[3]));
        Ok(())
    }

    fn people_field(&self, f: &Field<'_>, involvement: Involvement) -> Parsed<Vec<EntryPerson>> {
        f.value
            .split(',')
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|label| {
                self.people_labels
                    .get(label)
                    .map(|&person| EntryPerson {
                        person,
                        involvement,
                    })
                    .ok_or_else(|| CaseError {
                        line: f.line,
                        message: format!("'{label}' is not a label listed in [people]"),
                    })
            })
            .collect()
    }

    fn build(mut self, text: &'a str) -> Parsed<CaseFile<'a>> {
        let mut data = self.data.take().expect("data is present until build");
        let review = self.review.take().ok_or(CaseError {
            line: 1,
            message: "the file has no [review] section".into(),
        })?;
        data.review = build_review(&review)?;

        let mut labels: BTreeMap<String, EntryId> = BTreeMap::new();
        let mut label_lines: HashMap<EntryId, usize> = HashMap::new();
        for block in &self.blocks {
            let source = build_source(
                block,
                text,
                self.agency(block.agency_key, block.record.line)?,
            )?;
            let table = block
                .record
                .get("table")
                .map(|f| f.value.clone())
                .unwrap_or_else(|| "Table 1".into());
            for (row, rec) in block.entries.iter().enumerate() {
                let (entry, label) = self.build_entry(rec, source.id, &source, &table, row + 1)?;
                if let Some(&earlier) = label_lines.get(&entry.id) {
                    return err(
                        rec.line,
                        format!("entry id {} is already used on line {earlier}", entry.id),
                    );
                }
                label_lines.insert(entry.id, rec.line);
                if let Some(label) = label {
                    if labels.insert(label.to_string(), entry.id).is_some() {
                        return err(rec.line, format!("the label '@{label}' is used twice"));
                    }
                }
                data.entries.push(entry);
            }
            if data.sources.iter().any(|s| s.id == source.id) {
                return err(
                    block.record.line,
                    format!("source id {} is used twice", source.id),
                );
            }
            data.sources.push(source);
        }

        let ids: BTreeSet<EntryId> = data.entries.iter().map(|e| e.id).collect();
        let resolve = |r: &EntryRef| -> Parsed<EntryId> {
            let id = match r.text.strip_prefix('@') {
                Some(label) => *labels.get(label).ok_or_else(|| CaseError {
                    line: r.line,
                    message: format!("'@{label}' is not the label of any entry"),
                })?,
                None => EntryId(number(
                    &r.text,
                    "an entry (write @label or its number)",
                    r.line,
                )?),
            };
            if ids.contains(&id) {
                Ok(id)
            } else {
                err(r.line, format!("there is no entry {id}"))
            }
        };
        let resolve_all = |refs: &[EntryRef]| -> Parsed<Vec<EntryId>> {
            let mut out = Vec::new();
            for r in refs {
                let id = resolve(r)?;
                if out.contains(&id) {
                    return err(r.line, format!("entry {} is listed twice", r.text));
                }
                out.push(id);
            }
            Ok(out)
        };

        let mut seen_links = BTreeSet::new();
        for (line, id, from, kind, to, note) in &self.links {
            let (from, to) = (resolve(from)?, resolve(to)?);
            if from == to {
                return err(*line, "an entry cannot be linked to itself");
            }
            if !seen_links.insert((from, to, *kind)) {
                return err(*line, "the same link is given twice");
            }
            data.links.push(Link {
                id: *id,
                from,
                to,
                kind: *kind,
                note: note.clone(),
            });
        }

        for rec in &self.kpes {
            let kpe = build_kpe(rec, &resolve_all)?;
            if data.kpes.iter().any(|k| k.id == kpe.id) {
                return err(rec.line, format!("KPE id {} is used twice", kpe.id));
            }
            data.kpes.push(kpe);
        }
        for rec in &self.findings {
            let finding = build_finding(rec, &resolve_all, &data.kpes)?;
            if data.findings.iter().any(|f| f.id == finding.id) {
                return err(rec.line, format!("finding id {} is used twice", finding.id));
            }
            data.findings.push(finding);
        }

        let markers = |rows: &[(usize, FlagKind, &'a str, Vec<EntryRef>, &'a str)]| {
            rows.iter()
                .map(|(line, kind, variant, refs, note)| {
                    Ok(Marker {
                        kind: *kind,
                        variant,
                        entries: resolve_all(refs)?,
                        note,
                        line: *line,
                    })
                })
                .collect::<Parsed<Vec<_>>>()
        };
        let planted = markers(&self.planted)?;
        let near_misses = markers(&self.near_misses)?;
        let duplicates = self
            .duplicates
            .iter()
            .map(|(line, a, b, linked, note)| {
                let (a, b) = (resolve(a)?, resolve(b)?);
                let has_link = data.links.iter().any(|l| {
                    l.kind == LinkKind::DuplicateOf
                        && ((l.from == a && l.to == b) || (l.from == b && l.to == a))
                });
                if has_link != *linked {
                    return err(
                        *line,
                        if *linked {
                            "marked 'linked' but there is no duplicate_of link between them"
                        } else {
                            "marked 'unlinked' but a duplicate_of link joins them"
                        },
                    );
                }
                Ok(Duplicate {
                    a,
                    b,
                    linked: *linked,
                    note,
                })
            })
            .collect::<Parsed<Vec<_>>>()?;

        normalise(&mut data);
        Ok(CaseFile {
            data,
            planted,
            near_misses,
            duplicates,
            labels,
        })
    }

    fn build_entry(
        &self,
        rec: &Record<'a>,
        source_id: SourceId,
        source: &SourceDocument,
        table: &str,
        row: usize,
    ) -> Parsed<(Entry, Option<&'a str>)> {
        let n = rec.line;
        let c = columns(rec.header, 3, "id [@label] | date | kind", n)?;
        let mut head = c[0].split_whitespace();
        let id = EntryId(number(head.next().unwrap_or(""), "an entry id", n)?);
        let label =
            match head.next() {
                Some(l) => Some(l.strip_prefix('@').filter(|l| !l.is_empty()).ok_or_else(
                    || CaseError {
                        line: n,
                        message: format!("'{l}' should be a label starting with '@'"),
                    },
                )?),
                None => None,
            };
        if let Some(extra) = head.next() {
            return err(
                n,
                format!("unexpected '{extra}' after the entry's id and label"),
            );
        }
        let date = parse_date(c[1]).or_else(|m| err(n, m))?;
        let kind = vocab!(EntryKind, "an entry kind", c[2], n)?;
        rec.check_keys(
            &[
                "summary",
                "detail",
                "outcome",
                "comment",
                "seen",
                "to",
                "level",
                "risk",
                "by",
                "with",
                "about",
                "mentions",
                "as written",
                "tags",
                "recorded",
                "seq",
                "ends",
                "row",
                "written",
                "suggested kind",
                "suggested to",
            ],
            "an entry",
            &[],
        )?;
        let summary = rec.required("summary", "an entry")?.value.clone();
        let mut people = Vec::new();
        for (key, involvement) in [
            ("by", Involvement::Author),
            ("with", Involvement::Present),
            ("about", Involvement::Subject),
            ("mentions", Involvement::Mentioned),
        ] {
            if let Some(f) = rec.get(key) {
                for p in self.people_field(f, involvement)? {
                    if people.contains(&p) {
                        return err(f.line, "a person is listed twice with the same role");
                    }
                    people.push(p);
                }
            }
        }
        let mut tags: Vec<String> = match rec.get("tags") {
            Some(f) => f
                .value
                .split(',')
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
                .collect(),
            None => Vec::new(),
        };
        if let Some(f) = rec.get("tags") {
            if tags.iter().any(|t| *t != t.to_lowercase()) {
                return err(f.line, "tags are written in lower case");
            }
        }
        tags.sort();
        tags.dedup();
        let field_day = |key: &str| -> Parsed<Option<NaiveDate>> {
            match rec.get(key) {
                Some(f) => plain_day(&f.value, f.line).map(Some),
                None => Ok(None),
            }
        };
        let ends_on = field_day("ends")?;
        if let Some(end) = ends_on {
            if end < date.start {
                return err(n, "the entry ends before it starts");
            }
        }
        let entry = Entry {
            id,
            date,
            date_as_written: rec
                .get("written")
                .map(|f| f.value.clone())
                .unwrap_or_else(|| date.to_string()),
            ends_on,
            recorded_on: field_day("recorded")?,
            sequence: match rec.get("seq") {
                Some(f) => number(&f.value, "a sequence number", f.line)?,
                None => 0,
            },
            agency: source.agency.expect("chronology sources have an agency"),
            kind,
            suggested_kind: match rec.get("suggested kind") {
                Some(f) => Some(vocab!(EntryKind, "an entry kind", &f.value, f.line)?),
                None => None,
            },
            summary,
            detail: rec.text("detail"),
            outcome: rec.text("outcome"),
            comment: rec.text("comment"),
            child_seen: match rec.get("seen") {
                Some(f) => vocab!(ChildSeen, "a child-seen value", &f.value, f.line)?,
                None => ChildSeen::Unknown,
            },
            to_agency: match rec.get("to") {
                Some(f) => Some(self.agency(&f.value, f.line)?),
                None => None,
            },
            suggested_to_agency: match rec.get("suggested to") {
                Some(f) => Some(self.agency(&f.value, f.line)?),
                None => None,
            },
            service_level: match rec.get("level") {
                Some(f) => Some(vocab!(ServiceLevel, "a service level", &f.value, f.line)?),
                None => None,
            },
            key_risk: rec.text("risk"),
            practitioner_as_written: rec.text("as written"),
            source: Some(SourceRef {
                document: source_id,
                location: rec
                    .get("row")
                    .map(|f| f.value.clone())
                    .unwrap_or_else(|| format!("{table}, row {row}")),
            }),
            tags,
            people,
        };
        if entry.to_agency == Some(entry.agency) {
            return err(n, "an entry cannot be handed to its own agency ('to')");
        }
        Ok((entry, label))
    }
}

fn build_review(rec: &Record<'_>) -> Parsed<Review> {
    rec.check_keys(
        &[
            "title",
            "subject",
            "method",
            "commissioned by",
            "scope",
            "notes",
        ],
        "the review",
        &[],
    )?;
    let title = rec.required("title", "the review")?.value.clone();
    let (scope_start, scope_end) = match rec.get("scope") {
        Some(f) => {
            let (a, b) = day_span(&f.value, f.line)?;
            (Some(a), Some(b))
        }
        None => (None, None),
    };
    Ok(Review {
        title,
        subject: rec.required("subject", "the review")?.value.clone(),
        method: match rec.get("method") {
            Some(f) => vocab!(ReviewMethod, "a review method", &f.value, f.line)?,
            None => ReviewMethod::LearningTogether,
        },
        commissioned_by: rec.text("commissioned by"),
        scope_start,
        scope_end,
        notes: rec.text("notes"),
        child_date_of_birth: None,
    })
}

fn build_source(block: &Block<'_>, text: &str, agency: AgencyId) -> Parsed<SourceDocument> {
    let rec = &block.record;
    rec.check_keys(
        &["id", "file", "received", "imported", "table", "notes"],
        "a chronology document",
        &[],
    )?;
    let id_field = rec.required("id", "a chronology document")?;
    let imported = rec.required("imported", "a chronology document")?;
    let imported_at = NaiveDateTime::parse_from_str(imported.value.trim(), "%d/%m/%Y %H:%M")
        .map_err(|_| CaseError {
            line: imported.line,
            message: format!(
                "'{}' is not a date and time written as dd/mm/yyyy hh:mm",
                imported.value
            ),
        })?;
    Ok(SourceDocument {
        id: SourceId(number(&id_field.value, "a source id", id_field.line)?),
        file_name: rec.required("file", "a chronology document")?.value.clone(),
        content_hash: crate::files::sha256_hex(&text.as_bytes()[block.start_byte..block.end_byte]),
        agency: Some(agency),
        received_on: match rec.get("received") {
            Some(f) => Some(plain_day(&f.value, f.line)?),
            None => None,
        },
        imported_at,
        notes: rec.text("notes"),
    })
}

fn build_kpe(
    rec: &Record<'_>,
    resolve_all: &dyn Fn(&[EntryRef]) -> Parsed<Vec<EntryId>>,
) -> Parsed<KeyPracticeEpisode> {
    rec.check_keys(
        &[
            "id",
            "number",
            "title",
            "dates",
            "entries",
            "grade",
            "what happened",
            "appraisal",
            "tunnel",
            "factor",
            "went well",
        ],
        "a KPE",
        &["factor"],
    )?;
    let id = rec.required("id", "a KPE")?;
    let num = rec.required("number", "a KPE")?;
    let dates = rec.required("dates", "a KPE")?;
    let (starts_on, ends_on) = day_span(&dates.value, dates.line)?;
    let entries = rec.required("entries", "a KPE")?;
    let mut factors = Vec::new();
    for f in rec.fields.iter().filter(|f| f.key == "factor") {
        let (code_text, note) = f.value.split_once('|').ok_or_else(|| CaseError {
            line: f.line,
            message: "write a factor as 'factor: CODE | note'".into(),
        })?;
        factors.push(FactorNote {
            factor: vocab!(
                ContributoryFactor,
                "a contributory factor",
                code_text,
                f.line
            )?,
            note: note.trim().to_string(),
        });
    }
    Ok(KeyPracticeEpisode {
        id: KpeId(number(&id.value, "a KPE id", id.line)?),
        number: number(&num.value, "a KPE number", num.line)?,
        title: rec.required("title", "a KPE")?.value.clone(),
        starts_on,
        ends_on,
        what_happened: rec.text("what happened"),
        appraisal_grade: match rec.get("grade") {
            Some(f) => Some(vocab!(
                AppraisalGrade,
                "an appraisal grade",
                &f.value,
                f.line
            )?),
            None => None,
        },
        appraisal: rec.text("appraisal"),
        view_from_tunnel: rec.text("tunnel"),
        factors,
        what_went_well: rec.text("went well"),
        entries: resolve_all(&entry_refs(&entries.value, entries.line))?,
    })
}

fn build_finding(
    rec: &Record<'_>,
    resolve_all: &dyn Fn(&[EntryRef]) -> Parsed<Vec<EntryId>>,
    kpes: &[KeyPracticeEpisode],
) -> Parsed<Finding> {
    rec.check_keys(
        &[
            "id",
            "number",
            "category",
            "statement",
            "manifestation",
            "kpes",
            "entries",
            "underlying",
            "widespread",
            "implications",
            "question",
        ],
        "a finding",
        &["question"],
    )?;
    let id = rec.required("id", "a finding")?;
    let num = rec.required("number", "a finding")?;
    let category = rec.required("category", "a finding")?;
    let mut kpe_ids = Vec::new();
    if let Some(f) = rec.get("kpes") {
        for k in f
            .value
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|s| !s.is_empty())
        {
            let number: i32 = number(k, "a KPE number", f.line)?;
            let kpe = kpes
                .iter()
                .find(|x| x.number == number)
                .ok_or_else(|| CaseError {
                    line: f.line,
                    message: format!(
                        "there is no KPE number {number} (KPEs must come before findings)"
                    ),
                })?;
            if kpe_ids.contains(&kpe.id) {
                return err(f.line, format!("KPE {number} is listed twice"));
            }
            kpe_ids.push(kpe.id);
        }
    }
    Ok(Finding {
        id: FindingId(number(&id.value, "a finding id", id.line)?),
        number: number(&num.value, "a finding number", num.line)?,
        statement: rec.required("statement", "a finding")?.value.clone(),
        category: vocab!(
            FindingCategory,
            "a finding category",
            &category.value,
            category.line
        )?,
        manifestation: rec.text("manifestation"),
        kpes: kpe_ids,
        entries: match rec.get("entries") {
            Some(f) => resolve_all(&entry_refs(&f.value, f.line))?,
            None => Vec::new(),
        },
        evidence_underlying: rec.text("underlying"),
        how_widespread: rec.text("widespread"),
        implications: rec.text("implications"),
        board_questions: rec
            .fields
            .iter()
            .filter(|f| f.key == "question")
            .map(|f| f.value.clone())
            .collect(),
    })
}

/// The order in which the store lists entries (see `store::rows`).
pub(crate) fn entry_order(e: &Entry) -> (NaiveDate, bool, Option<NaiveTime>, i32, EntryId) {
    (
        e.date.start,
        e.date.time.is_some(),
        e.date.time,
        e.sequence,
        e.id,
    )
}

/// Puts every list in the order a store reads it back, so the data round-trips unchanged.
fn normalise(data: &mut ReviewData) {
    data.areas.sort_by_key(|a| (a.position, a.id));
    let area_pos: HashMap<AreaId, i32> = data.areas.iter().map(|a| (a.id, a.position)).collect();
    data.agencies.sort_by_key(|a| {
        let pos = a.area.and_then(|id| area_pos.get(&id).copied());
        (pos.is_none(), pos, a.lane_order, a.id)
    });
    data.people
        .sort_by_key(|p| (p.kind.code(), p.label.to_ascii_lowercase(), p.id));
    data.sources.sort_by_key(|s| s.id);
    data.entries.sort_by_key(entry_order);
    let order: HashMap<EntryId, usize> = data
        .entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id, i))
        .collect();
    data.links.sort_by_key(|l| l.id);
    data.kpes.sort_by_key(|k| (k.number, k.id));
    for k in &mut data.kpes {
        k.entries.sort_by_key(|e| order[e]);
    }
    let kpe_order: HashMap<KpeId, (i32, KpeId)> =
        data.kpes.iter().map(|k| (k.id, (k.number, k.id))).collect();
    data.findings.sort_by_key(|f| (f.number, f.id));
    for f in &mut data.findings {
        f.entries.sort_by_key(|e| order[e]);
        f.kpes.sort_by_key(|k| kpe_order[k]);
    }
    data.protocol_rules.sort_by_key(|r| r.id);
}
