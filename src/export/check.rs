//! The check run on a finished document before it is written: it lists anything that may
//! still identify someone, for the reviewer to look at and confirm.
//!
//! It looks for real names and aliases (which pseudonymisation should have replaced: this is
//! the safety net), parts of names left on their own ("Mr Jones" when only "Ms Jones" is an
//! alias), the dates of birth in the glossary written in any usual way, phrases like "DOB
//! 12/03/2019", UK postcodes and street addresses ("14 Elm Road", "Flat 3"). It cannot
//! know every way a person can be identified; it catches the common ones.

use serde::Serialize;
use specta::Type;

use super::document::*;
use super::pseudonym::{normalise, NameKind, Pseudonymiser};
use crate::model::Person;

/// What kind of identifying detail was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ResidualKind {
    /// A real name from the glossary.
    RealName,
    /// An alias from the glossary.
    Alias,
    /// One word of a real name or alias, on its own.
    NamePart,
    /// A date of birth recorded in the glossary.
    DateOfBirth,
    /// A phrase that looks like a date of birth ("DOB 12/03/2019", "born on ...").
    DateOfBirthLike,
    /// Something that looks like a UK postcode.
    Postcode,
    /// Something that looks like a street address.
    Address,
}

impl ResidualKind {
    /// A label for the reviewer.
    pub fn label(self) -> &'static str {
        match self {
            ResidualKind::RealName => "Real name",
            ResidualKind::Alias => "Alias of a real name",
            ResidualKind::NamePart => "Part of a real name",
            ResidualKind::DateOfBirth => "Date of birth",
            ResidualKind::DateOfBirthLike => "Looks like a date of birth",
            ResidualKind::Postcode => "Looks like a postcode",
            ResidualKind::Address => "Looks like an address",
        }
    }
}

/// One thing found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Type)]
pub struct Residual {
    /// What kind of detail.
    pub kind: ResidualKind,
    /// The text found.
    pub found: String,
    /// Whose it is, when known (their pseudonym).
    pub person: Option<String>,
    /// Where in the document ("Integrated chronology, row 12, Event").
    pub location: String,
    /// The text around it.
    pub context: String,
}

/// At most this many residuals are listed (the total is always counted).
pub const LIST_LIMIT: usize = 300;

/// What the check found.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Type)]
pub struct CheckReport {
    /// The first [`LIST_LIMIT`] things found, in document order.
    pub residuals: Vec<Residual>,
    /// How many were found in all.
    pub total: u32,
}

impl CheckReport {
    /// Whether nothing was found.
    pub fn is_clear(&self) -> bool {
        self.total == 0
    }
}

/// Title-like words that are not names on their own.
const NOT_NAMES: &[&str] = &[
    "mr", "mrs", "ms", "miss", "mx", "dr", "the", "and", "von", "van", "der", "de", "la", "le",
    "del", "bin", "bint", "ibn", "al", "el",
];

/// Street words that end an address ("14 Elm Road").
const STREET_WORDS: &[&str] = &[
    "road", "rd", "street", "st", "avenue", "ave", "lane", "ln", "close", "drive", "dr", "way",
    "court", "ct", "crescent", "place", "pl", "gardens", "terrace", "grove", "hill", "park",
    "square", "walk", "mews", "row", "view", "rise", "green", "parade", "estate", "house",
];

/// Words that start a dwelling inside a building ("Flat 3").
const DWELLING_WORDS: &[&str] = &["flat", "apartment", "apt", "maisonette"];

struct Checker<'a> {
    /// What the text being scanned holds so far: kind, byte range, whose.
    pending: Vec<(ResidualKind, std::ops::Range<usize>, Option<String>)>,
    names: Pseudonymiser,
    /// Single words of names: (word as written, case-folded; whose label).
    parts: Vec<(String, String)>,
    /// Written forms of each known date of birth, with whose label.
    births: Vec<(String, String)>,
    check_names: bool,
    report: &'a mut CheckReport,
}

/// Checks a document. Names are looked for only when the document is meant to be
/// pseudonymised (`real_names` false); dates of birth, postcodes and addresses always.
pub fn check(document: &Document, people: &[Person], real_names: bool) -> CheckReport {
    let mut report = CheckReport::default();
    let mut checker = Checker::new(people, real_names, &mut report);
    for part in &document.parts {
        let part_title = part
            .section
            .map(|s| s.title().to_string())
            .unwrap_or_else(|| "Title page".into());
        let mut heading = String::new();
        for block in &part.blocks {
            match block {
                Block::Heading(_, text) => {
                    checker.scan(text, &format!("{part_title}, heading"), true);
                    heading = text.clone();
                }
                Block::Para(p) => {
                    let location = if heading.is_empty() || heading == part_title {
                        part_title.clone()
                    } else {
                        format!("{part_title}, {heading}")
                    };
                    checker.scan(&p.plain_text(), &location, true);
                }
                Block::List { items, .. } => {
                    for (i, item) in items.iter().enumerate() {
                        let location = format!("{part_title}, {heading}, item {}", i + 1);
                        checker.scan(&item.plain_text(), &location, true);
                    }
                }
                Block::Table(t) => {
                    for (r, row) in t.rows.iter().enumerate() {
                        for (c, cell) in row.iter().enumerate() {
                            let column = t.columns.get(c);
                            let location = format!(
                                "{}, row {}, {}",
                                t.title,
                                r + 1,
                                column.map(|c| c.header.as_str()).unwrap_or("")
                            );
                            let free = column.is_none_or(|c| c.kind == ColumnKind::Text);
                            checker.scan(&plain(cell), &location, free);
                        }
                    }
                }
            }
        }
    }
    report
}

/// Checks loose pieces of text, each with where it is (a drawing's labels, for example), as
/// [`check`] checks a document's free text.
pub fn check_texts<'t>(
    texts: impl IntoIterator<Item = (String, &'t str)>,
    people: &[Person],
    real_names: bool,
) -> CheckReport {
    let mut report = CheckReport::default();
    let mut checker = Checker::new(people, real_names, &mut report);
    for (location, text) in texts {
        checker.scan(text, &location, true);
    }
    report
}

impl<'a> Checker<'a> {
    /// A checker for these people's names and dates of birth, reporting into `report`.
    fn new(people: &[Person], real_names: bool, report: &'a mut CheckReport) -> Self {
        let mut parts = Vec::new();
        let labels_words: std::collections::HashSet<String> = people
            .iter()
            .flat_map(|p| p.label.split_whitespace().map(|w| w.to_lowercase()))
            .collect();
        for p in people {
            let names = p.real_name.iter().chain(p.aliases.iter());
            for name in names {
                let name = normalise(name);
                for word in name.split(|c: char| c.is_whitespace() || c == '-') {
                    let word = word.trim_matches(|c: char| !c.is_alphanumeric());
                    let folded = word.to_lowercase();
                    if word.chars().count() >= 3
                        && !NOT_NAMES.contains(&folded.as_str())
                        && !labels_words.contains(&folded)
                        && !parts.iter().any(|(w, _): &(String, String)| *w == folded)
                    {
                        parts.push((folded, p.label.clone()));
                    }
                }
            }
        }
        let mut births = Vec::new();
        for p in people {
            if let Some(d) = p.date_of_birth {
                for form in date_forms(d) {
                    births.push((form, p.label.clone()));
                }
            }
        }
        Checker {
            pending: Vec::new(),
            names: Pseudonymiser::new(people),
            parts,
            births,
            check_names: !real_names,
            report,
        }
    }

    /// Notes something found in the text being scanned.
    fn add(&mut self, kind: ResidualKind, range: std::ops::Range<usize>, person: Option<String>) {
        self.pending.push((kind, range, person));
    }

    /// Reports what was found in one text, in order of position; where two finds overlap
    /// (a known date of birth inside "DOB 12/03/2019"), the first found is kept.
    fn flush(&mut self, text: &str, location: &str) {
        let mut pending = std::mem::take(&mut self.pending);
        // The more specific kind (earlier in `ResidualKind`) wins where finds overlap.
        pending.sort_by_key(|(kind, r, _)| (*kind, r.start));
        let mut kept: Vec<(ResidualKind, std::ops::Range<usize>, Option<String>)> = Vec::new();
        for (kind, range, person) in pending {
            if kept
                .iter()
                .any(|(_, r, _)| r.start < range.end && range.start < r.end)
            {
                continue;
            }
            kept.push((kind, range, person));
        }
        kept.sort_by_key(|(_, r, _)| r.start);
        for (kind, range, person) in kept {
            self.report.total += 1;
            if self.report.residuals.len() < LIST_LIMIT {
                self.report.residuals.push(Residual {
                    kind,
                    found: text[range.clone()].to_string(),
                    person,
                    location: location.to_string(),
                    context: context(text, range),
                });
            }
        }
    }

    fn scan(&mut self, text: &str, location: &str, free_text: bool) {
        if text.trim().is_empty() {
            return;
        }
        // Compared in NFC, as the pseudonymiser compares names.
        let text = normalise(text);
        self.scan_all(&text, free_text);
        self.flush(&text, location);
    }

    fn scan_all(&mut self, text: &str, free_text: bool) {
        let words = words(text);
        if self.check_names {
            let found = self.names.find(text);
            for m in &found {
                let kind = match m.kind {
                    NameKind::RealName => ResidualKind::RealName,
                    NameKind::Alias => ResidualKind::Alias,
                };
                self.add(kind, m.range.clone(), Some(m.label.clone()));
            }
            for w in &words {
                let word = &text[w.clone()];
                if !word.chars().next().is_some_and(|c| c.is_uppercase()) {
                    continue;
                }
                if found
                    .iter()
                    .any(|m| m.range.start <= w.start && w.end <= m.range.end)
                {
                    continue;
                }
                let folded = word.to_lowercase();
                if let Some((_, label)) = self.parts.iter().find(|(p, _)| *p == folded) {
                    let label = label.clone();
                    self.add(ResidualKind::NamePart, w.clone(), Some(label));
                }
            }
        }
        if free_text {
            self.scan_births(text);
        }
        self.scan_places(text, &words);
    }

    fn scan_births(&mut self, text: &str) {
        let lower = text.to_lowercase();
        // `to_lowercase` can change lengths outside ASCII; only search when it did not.
        if lower.len() == text.len() {
            let births = self.births.clone();
            for (form, label) in &births {
                for (at, _) in lower.match_indices(form.as_str()) {
                    let end = at + form.len();
                    let before_ok = !text[..at]
                        .chars()
                        .next_back()
                        .is_some_and(|c| c.is_ascii_digit());
                    let after_ok = !text[end..]
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_digit());
                    if before_ok && after_ok {
                        self.add(ResidualKind::DateOfBirth, at..end, Some(label.clone()));
                    }
                }
            }
            for key in ["dob", "d.o.b", "date of birth", "born on", "born"] {
                for (at, _) in lower.match_indices(key) {
                    let end = at + key.len();
                    let starts_word = !text[..at]
                        .chars()
                        .next_back()
                        .is_some_and(char::is_alphanumeric);
                    let ends_word = !text[end..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphanumeric);
                    if !starts_word || !ends_word {
                        continue;
                    }
                    // A date within the next few characters makes it look like a birth date.
                    let window_end = text[end..]
                        .char_indices()
                        .nth(24)
                        .map(|(i, _)| end + i)
                        .unwrap_or(text.len());
                    let window = &text[end..window_end];
                    if let Some(date) = first_date_like(window) {
                        self.add(ResidualKind::DateOfBirthLike, at..end + date.end, None);
                        break;
                    }
                }
            }
        }
    }

    fn scan_places(&mut self, text: &str, words: &[std::ops::Range<usize>]) {
        let word = |i: usize| &text[words[i].clone()];
        let mut i = 0;
        while i < words.len() {
            // Postcode: outward code then inward code ("NB1 2AB").
            if i + 1 < words.len() && is_outward_code(word(i)) && is_inward_code(word(i + 1)) {
                let gap = &text[words[i].end..words[i + 1].start];
                if gap.len() <= 2 && gap.chars().all(|c| c == ' ') {
                    self.add(
                        ResidualKind::Postcode,
                        words[i].start..words[i + 1].end,
                        None,
                    );
                    i += 2;
                    continue;
                }
            }
            // Dwelling: "Flat 3".
            if DWELLING_WORDS.contains(&word(i).to_lowercase().as_str())
                && i + 1 < words.len()
                && is_house_number(word(i + 1))
                && text[words[i].end..words[i + 1].start]
                    .chars()
                    .all(char::is_whitespace)
                && !continues_as_number(&text[words[i + 1].end..])
            {
                self.add(
                    ResidualKind::Address,
                    words[i].start..words[i + 1].end,
                    None,
                );
                i += 2;
                continue;
            }
            // Street: a house number, one to three capitalised words, a street word.
            if is_house_number(word(i))
                && !continues_as_number(&text[words[i].end..])
                && !follows_number(&text[..words[i].start])
            {
                let mut j = i + 1;
                let mut capitalised = 0;
                while j < words.len() && capitalised < 4 {
                    let w = word(j);
                    if !w.chars().next().is_some_and(char::is_uppercase) {
                        break;
                    }
                    if capitalised >= 1 && STREET_WORDS.contains(&w.to_lowercase().as_str()) {
                        self.add(ResidualKind::Address, words[i].start..words[j].end, None);
                        i = j;
                        break;
                    }
                    capitalised += 1;
                    j += 1;
                }
            }
            i += 1;
        }
    }
}

/// Byte ranges of the words (runs of letters and digits) in a text.
fn words(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(s..text.len());
    }
    out
}

/// About 40 characters either side of a range, on one line.
fn context(text: &str, range: std::ops::Range<usize>) -> String {
    let before: String = {
        let mut chars: Vec<char> = text[..range.start].chars().rev().take(40).collect();
        chars.reverse();
        chars.into_iter().collect()
    };
    let after: String = text[range.end..].chars().take(40).collect();
    format!("{before}[{}]{after}", &text[range])
        .replace(['\n', '\t'], " ")
        .trim()
        .to_string()
}

/// The usual written forms of a date, lower case: 12/03/2019, 12.03.2019, 12-03-2019,
/// 2019-03-12, 12/3/2019, 12/03/19, 12 March 2019, 12th March 2019, March 12, 2019.
pub fn date_forms(d: chrono::NaiveDate) -> Vec<String> {
    use chrono::Datelike;
    let (day, month, year) = (d.day(), d.month(), d.year());
    let name = crate::dates::month_name(month).to_lowercase();
    let short = &name[..3];
    let suffix = match day {
        1 | 21 | 31 => "st",
        2 | 22 => "nd",
        3 | 23 => "rd",
        _ => "th",
    };
    let mut forms = vec![
        format!("{day:02}/{month:02}/{year}"),
        format!("{day:02}.{month:02}.{year}"),
        format!("{day:02}-{month:02}-{year}"),
        format!("{year}-{month:02}-{day:02}"),
        format!("{day}/{month}/{year}"),
        format!("{day:02}/{month:02}/{:02}", year % 100),
        format!("{day} {name} {year}"),
        format!("{day}{suffix} {name} {year}"),
        format!("{day} {short} {year}"),
        format!("{name} {day}, {year}"),
    ];
    forms.sort();
    forms.dedup();
    forms
}

/// The first thing in `text` that looks like a date: d/m/y with / . or -, or a day and a
/// month name. Returns its byte range.
fn first_date_like(text: &str) -> Option<std::ops::Range<usize>> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() && (i == 0 || !bytes[i - 1].is_ascii_digit()) {
            // d{1,2}[/.-]d{1,2}[/.-]d{2,4}
            let mut j = i;
            let mut groups = 0;
            loop {
                let start = j;
                while j < bytes.len() && bytes[j].is_ascii_digit() {
                    j += 1;
                }
                let len = j - start;
                if len == 0 || len > 4 {
                    break;
                }
                groups += 1;
                if groups == 3 {
                    return Some(i..j);
                }
                if j < bytes.len() && matches!(bytes[j], b'/' | b'.' | b'-') {
                    j += 1;
                } else {
                    break;
                }
            }
            // A day followed by a month name.
            let mut k = i;
            while k < bytes.len() && bytes[k].is_ascii_digit() {
                k += 1;
            }
            let rest = text[k..]
                .trim_start_matches(|c: char| c.is_ascii_alphabetic() && "stndrh".contains(c));
            let rest_start = text.len() - rest.len();
            let rest = rest.trim_start();
            let lower = rest.to_lowercase();
            for m in 1..=12 {
                let name = crate::dates::month_name(m).to_lowercase();
                if lower.starts_with(&name[..3]) && (k - i) <= 2 {
                    let skip = rest_start + (text[rest_start..].len() - rest.len());
                    let end = skip
                        + rest
                            .chars()
                            .take_while(|c| c.is_alphabetic())
                            .map(char::len_utf8)
                            .sum::<usize>();
                    return Some(i..end);
                }
            }
        }
        i += 1;
    }
    None
}

fn is_outward_code(w: &str) -> bool {
    // A9, A99, AA9, AA99, A9A, AA9A (upper case).
    let c: Vec<char> = w.chars().collect();
    if !(2..=4).contains(&c.len())
        || !c
            .iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    {
        return false;
    }
    let letters = c.iter().take_while(|c| c.is_ascii_uppercase()).count();
    if !(1..=2).contains(&letters) {
        return false;
    }
    let rest = &c[letters..];
    match rest.len() {
        1 => rest[0].is_ascii_digit(),
        2 => rest[0].is_ascii_digit() && (rest[1].is_ascii_digit() || rest[1].is_ascii_uppercase()),
        _ => false,
    }
}

fn is_inward_code(w: &str) -> bool {
    let c: Vec<char> = w.chars().collect();
    c.len() == 3 && c[0].is_ascii_digit() && c[1].is_ascii_uppercase() && c[2].is_ascii_uppercase()
}

/// Whether the text after a number carries on as a date, time or decimal ("07/07/2019").
fn continues_as_number(rest: &str) -> bool {
    let mut chars = rest.chars();
    matches!(chars.next(), Some('/' | '.' | ':' | '-'))
        && chars.next().is_some_and(|c| c.is_ascii_digit())
}

/// Whether the text before a number ends a date, time or decimal ("10:" before "30").
fn follows_number(before: &str) -> bool {
    let mut chars = before.chars().rev();
    matches!(chars.next(), Some('/' | '.' | ':' | '-'))
        && chars.next().is_some_and(|c| c.is_ascii_digit())
}

fn is_house_number(w: &str) -> bool {
    let digits = w.chars().take_while(|c| c.is_ascii_digit()).count();
    let rest = w.chars().count() - digits;
    (1..=4).contains(&digits)
        && rest <= 1
        && w.chars().skip(digits).all(|c| c.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{PersonId, PersonKind};

    fn person(label: &str, real: &str, aliases: &[&str], dob: Option<(i32, u32, u32)>) -> Person {
        Person {
            id: PersonId(0),
            label: label.into(),
            real_name: Some(real.into()),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            role: String::new(),
            kind: PersonKind::Family,
            agency: None,
            date_of_birth: dob.map(|(y, m, d)| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap()),
        }
    }

    fn doc(texts: &[&str]) -> Document {
        Document {
            title: "T".into(),
            footer: String::new(),
            parts: vec![Part {
                section: Some(ReportSection::Findings),
                landscape: false,
                blocks: texts.iter().map(|t| Block::Para(Para::plain(*t))).collect(),
            }],
        }
    }

    fn kinds(texts: &[&str], people: &[Person], real_names: bool) -> Vec<(ResidualKind, String)> {
        check(&doc(texts), people, real_names)
            .residuals
            .into_iter()
            .map(|r| (r.kind, r.found))
            .collect()
    }

    #[test]
    fn finds_names_written_decomposed_and_in_loose_texts() {
        let people = [person("Father", "Seán Ó Dálaigh", &[], None)];
        // "Seán" with a combining acute accent: a name, and a name part, all the same.
        assert_eq!(
            kinds(
                &[
                    "Sea\u{301}n O\u{301} Da\u{301}laigh rang",
                    "Da\u{301}laigh again"
                ],
                &people,
                false
            ),
            vec![
                (ResidualKind::RealName, "Seán Ó Dálaigh".to_string()),
                (ResidualKind::NamePart, "Dálaigh".to_string()),
            ]
        );
        let report = check_texts(
            [
                ("Timeline drawing".to_string(), "Visit by Father"),
                (
                    "Timeline drawing".to_string(),
                    "Sea\u{301}n seen at 4 Elm Road",
                ),
            ],
            &people,
            false,
        );
        assert_eq!(report.total, 2, "{report:?}");
        // "Seán" alone is one word of the real name.
        assert_eq!(report.residuals[0].kind, ResidualKind::NamePart);
        assert_eq!(report.residuals[0].found, "Seán");
        assert_eq!(report.residuals[0].location, "Timeline drawing");
        assert_eq!(report.residuals[1].kind, ResidualKind::Address);
    }

    #[test]
    fn finds_names_parts_births_postcodes_and_addresses() {
        let people = [person(
            "Mother",
            "Sarah Jones",
            &["Ms Jones"],
            Some((1994, 3, 2)),
        )];
        let found = kinds(
            &[
                "Sarah Jones was seen; Mr Jones was not.",
                "Her birthday is 2nd March 1994; also 02/03/1994 and 1994-03-02.",
                "Child R (DOB 14/07/2018) was born on 14 July 2018.",
                "They moved to 14 Elm Road, Northbrook NB1 2AB, then Flat 3.",
                "Nothing to see: a 2 hour visit on 3 March, jones not capitalised.",
                "Not addresses: the flat, 07/07/2019; flat 12.5 Road; at 10:30 Park Lane.",
            ],
            &people,
            false,
        );
        use ResidualKind::*;
        assert_eq!(
            found,
            vec![
                (RealName, "Sarah Jones".into()),
                (NamePart, "Jones".into()),
                (DateOfBirth, "2nd March 1994".into()),
                (DateOfBirth, "02/03/1994".into()),
                (DateOfBirth, "1994-03-02".into()),
                (DateOfBirthLike, "DOB 14/07/2018".into()),
                (DateOfBirthLike, "born on 14 July".into()),
                (Address, "14 Elm Road".into()),
                (Postcode, "NB1 2AB".into()),
                (Address, "Flat 3".into()),
            ]
        );
    }

    #[test]
    fn with_real_names_only_places_and_births_are_listed() {
        let people = [person("Mother", "Sarah Jones", &[], Some((1994, 3, 2)))];
        let found = kinds(&["Sarah Jones, 02/03/1994, NB1 2AB"], &people, true);
        assert_eq!(
            found.iter().map(|f| f.0).collect::<Vec<_>>(),
            [ResidualKind::DateOfBirth, ResidualKind::Postcode]
        );
    }

    #[test]
    fn a_clean_document_passes_and_contexts_are_short() {
        let people = [person("Mother", "Sarah Jones", &[], None)];
        let report = check(&doc(&["Mother was seen at home by SW1."]), &people, false);
        assert!(report.is_clear());
        let long = format!("{} Sarah Jones {}", "x".repeat(500), "y".repeat(500));
        let report = check(&doc(&[&long]), &people, false);
        assert_eq!(report.total, 1);
        assert!(report.residuals[0].context.chars().count() < 100);
        assert!(report.residuals[0].context.contains("[Sarah Jones]"));
    }

    #[test]
    fn dates_of_birth_in_a_chronology_date_column_are_not_listed() {
        let people = [person("Child R", "Riley Jones", &[], Some((2019, 3, 12)))];
        let table = Table {
            key: "chronology".into(),
            title: "Integrated chronology".into(),
            columns: vec![
                Column {
                    header: "Date".into(),
                    weight: 1,
                    kind: ColumnKind::Date,
                },
                Column {
                    header: "Event".into(),
                    weight: 1,
                    kind: ColumnKind::Text,
                },
            ],
            rows: vec![vec![
                vec![Para::plain("12/03/2019")],
                vec![Para::plain("Child R born 12/03/2019")],
            ]],
            empty_note: String::new(),
        };
        let d = Document {
            title: String::new(),
            footer: String::new(),
            parts: vec![Part {
                section: Some(ReportSection::Chronology),
                landscape: true,
                blocks: vec![Block::Table(table)],
            }],
        };
        let report = check(&d, &people, false);
        let kinds: Vec<_> = report
            .residuals
            .iter()
            .map(|r| (r.kind, r.location.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [(
                ResidualKind::DateOfBirth,
                "Integrated chronology, row 1, Event"
            )]
        );
    }
}
