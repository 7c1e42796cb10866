//! Pseudonymisation of free text: every real name and alias in the glossary is replaced by
//! the person's label ("Sarah Jones" → "Mother"), wherever it appears.
//!
//! Matching is whole-word (a name inside a longer word is left alone), case-insensitive,
//! tolerant of any run of white space between the words of a name, treats the typographic
//! apostrophe like the plain one, and keeps what follows the name, so possessives survive
//! ("Sarah's" → "Mother's"). Longer names are tried first, so "Sarah Jones" wins over
//! "Sarah". Replacement is one pass: a label is never itself searched again.
//!
//! Names and text are compared in Unicode NFC, so a name typed with a combining accent
//! ("Sea\u{301}n") is the same name as one typed with the precomposed letter ("Seán").
//! This is the one pseudonymiser: documents, timeline exports, presentation mode and every
//! screen that hides real names use it (the app asks the core through
//! `Session::pseudonymise_texts`).

use std::borrow::Cow;
use std::collections::HashMap;

use unicode_normalization::{
    char::canonical_combining_class, is_nfc_quick, IsNormalized, UnicodeNormalization,
};

use crate::model::Person;
use crate::phrases::relations;

/// A name to find, with the label that replaces it.
#[derive(Clone, Debug)]
struct Pattern {
    /// The name's words, case-folded.
    words: Vec<Vec<char>>,
    /// The label that replaces it.
    label: String,
    /// Whose name it is (their label) and whether it is the real name or an alias.
    kind: NameKind,
}

/// Whether a matched name was a person's real name or one of their aliases.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameKind {
    /// The real name as recorded in the glossary.
    RealName,
    /// Another way the name is written (first name only, nickname ...).
    Alias,
}

/// One occurrence of a name found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameMatch {
    /// Byte range of the occurrence in the text searched.
    pub range: std::ops::Range<usize>,
    /// The label of the person whose name it is.
    pub label: String,
    /// Real name or alias.
    pub kind: NameKind,
}

/// Replaces the real names and aliases of the people in a review's glossary by their labels.
#[derive(Clone, Debug, Default)]
pub struct Pseudonymiser {
    patterns: Vec<Pattern>,
    /// Patterns by the case-folded first character of their first word, longest first.
    by_first: HashMap<char, Vec<usize>>,
}

/// Case folding used for matching: lower case, with the typographic apostrophe read as `'`.
fn fold(c: char) -> char {
    if c == '\u{2019}' || c == '\u{2018}' {
        return '\'';
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// `text` in Unicode NFC (borrowed when it already is).
pub fn normalise(text: &str) -> Cow<'_, str> {
    if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.nfc().collect())
    }
}

/// The characters of `text` in NFC, each with the byte range of the original text it came
/// from. The text is cut before every starter (a character of combining class 0) and each
/// piece is composed on its own, so every range starts and ends on a character boundary of
/// the original and a name found in the composed text maps back to the text as written.
fn composed_chars(text: &str) -> Vec<(usize, usize, char)> {
    let mut out = Vec::with_capacity(text.len());
    if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        for (i, c) in text.char_indices() {
            out.push((i, i + c.len_utf8(), c));
        }
        return out;
    }
    let mut start = 0;
    let flush = |from: usize, to: usize, out: &mut Vec<(usize, usize, char)>| {
        if from < to {
            for c in text[from..to].nfc() {
                out.push((from, to, c));
            }
        }
    };
    for (i, c) in text.char_indices() {
        if i > start && canonical_combining_class(c) == 0 {
            flush(start, i, &mut out);
            start = i;
        }
    }
    flush(start, text.len(), &mut out);
    out
}

/// Whether a character can be part of a word (so a name must not continue into it).
fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

impl Pseudonymiser {
    /// A pseudonymiser for these people. Names and aliases shorter than two characters are
    /// ignored (a lone initial would replace every "J" in the text).
    pub fn new(people: &[Person]) -> Self {
        let mut patterns = Vec::new();
        for person in people {
            let label = person.label.trim();
            if label.is_empty() {
                continue;
            }
            let mut add = |name: &str, kind: NameKind| {
                let name = normalise(name);
                let words: Vec<Vec<char>> = name
                    .split_whitespace()
                    .map(|w| w.chars().map(fold).collect())
                    .collect();
                let letters: usize = words.iter().map(|w| w.len()).sum();
                if letters >= 2 && !words.is_empty() {
                    patterns.push(Pattern {
                        words,
                        label: label.to_string(),
                        kind,
                    });
                }
            };
            if let Some(real) = &person.real_name {
                add(real, NameKind::RealName);
            }
            for alias in &person.aliases {
                add(alias, NameKind::Alias);
            }
        }
        // Longest first (by letters, then by words), so a full name wins over its parts.
        patterns.sort_by_key(|p| {
            let letters: usize = p.words.iter().map(|w| w.len()).sum();
            std::cmp::Reverse((letters, p.words.len()))
        });
        let mut by_first: HashMap<char, Vec<usize>> = HashMap::new();
        for (i, p) in patterns.iter().enumerate() {
            if let Some(&c) = p.words.first().and_then(|w| w.first()) {
                by_first.entry(c).or_default().push(i);
            }
        }
        Pseudonymiser { patterns, by_first }
    }

    /// Whether there is nothing to replace.
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// Tries every pattern at character index `i`; returns the end index and the pattern.
    fn match_at(&self, chars: &[(usize, usize, char)], i: usize) -> Option<(usize, &Pattern)> {
        if i > 0 && is_word(chars[i - 1].2) {
            return None;
        }
        let candidates = self.by_first.get(&fold(chars[i].2))?;
        'pattern: for &p in candidates {
            let pattern = &self.patterns[p];
            let mut j = i;
            for (w, word) in pattern.words.iter().enumerate() {
                if w > 0 {
                    // At least one white-space character between words.
                    let start = j;
                    while j < chars.len() && chars[j].2.is_whitespace() {
                        j += 1;
                    }
                    if j == start {
                        continue 'pattern;
                    }
                }
                for &c in word {
                    if j >= chars.len() || fold(chars[j].2) != c {
                        continue 'pattern;
                    }
                    j += 1;
                }
            }
            if j < chars.len() && is_word(chars[j].2) {
                continue;
            }
            return Some((j, pattern));
        }
        None
    }

    /// Every occurrence of a name in `text`, left to right, not overlapping. The text is
    /// compared in NFC; the ranges are those of `text` as given.
    pub fn find(&self, text: &str) -> Vec<NameMatch> {
        if self.is_empty() || text.is_empty() {
            return Vec::new();
        }
        let chars = composed_chars(text);
        let mut found = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            match self.match_at(&chars, i) {
                Some((end, pattern)) => {
                    found.push(NameMatch {
                        range: chars[i].0..chars[end - 1].1,
                        label: pattern.label.clone(),
                        kind: pattern.kind,
                    });
                    i = end;
                }
                None => i += 1,
            }
        }
        found
    }

    /// `text` in NFC with every real name and alias replaced by the person's label.
    pub fn apply(&self, text: &str) -> String {
        let text = normalise(text);
        let found = self.find(&text);
        if found.is_empty() {
            return text.into_owned();
        }
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        for m in found {
            if m.range.start < last {
                // Inside words already dropped as a repeat of the previous label.
                continue;
            }
            let before = &text[last..m.range.start];
            // "Sibling (Kai, aged 1)" → "Sibling (aged 1)"; "Sibling (Kai)" → "Sibling".
            if let Some(opened) = label_then_bracket(before, &m.label) {
                let rest = &text[m.range.end..];
                if let Some(after) = rest.strip_prefix(')') {
                    out.push_str(&before[..opened]);
                    last = text.len() - after.len();
                    continue;
                }
                if let Some(after) = rest.strip_prefix(',') {
                    out.push_str(before);
                    last = text.len() - after.trim_start_matches(' ').len();
                    continue;
                }
            }
            match relation_before(before) {
                // "her mother Sarah" → "her mother": the relation already says who.
                Some((_, word)) if relations::same_relation(word, &m.label) => {
                    out.push_str(before.trim_end());
                }
                // "her mother Jane" → "her mother (Maternal grandmother)".
                Some(_) if names_relation(&m.label) => {
                    out.push_str(before);
                    out.push('(');
                    out.push_str(&m.label);
                    out.push(')');
                }
                _ => {
                    out.push_str(before);
                    out.push_str(&m.label);
                }
            }
            let (skip, instead) = repeated_after(&text[m.range.end..], &m.label);
            out.push_str(instead);
            last = m.range.end + skip;
        }
        out.push_str(&text[last..]);
        out
    }
}

/// Where `before` ends in the label and an opening bracket ("Sibling (", "the sibling ("),
/// the end of the label (where the bracket's space starts).
fn label_then_bracket(before: &str, label: &str) -> Option<usize> {
    let open = before.strip_suffix('(')?;
    let words = open.trim_end_matches(' ');
    let label = label.trim();
    if words.len() < label.len() || !words.is_char_boundary(words.len() - label.len()) {
        return None;
    }
    let tail = &words[words.len() - label.len()..];
    let starts_word = words[..words.len() - label.len()]
        .chars()
        .last()
        .is_none_or(|c| !is_word(c));
    (starts_word && crate::phrases::normalise(tail) == crate::phrases::normalise(label))
        .then_some(words.len())
}

/// Whether a label names a relation ("Maternal grandmother", "Sibling"), not a code or an
/// initial ("Child R", "SW1").
fn names_relation(label: &str) -> bool {
    label
        .split_whitespace()
        .last()
        .is_some_and(|w| relations::relation(w).is_some())
}

/// The relation word that ends `before`, separated from what follows by spaces only, with
/// its start: "told her mother " → "mother".
fn relation_before(before: &str) -> Option<(usize, &str)> {
    let trimmed = before.trim_end_matches([' ', '\t']);
    if trimmed.len() == before.len() {
        return None;
    }
    let start = trimmed
        .char_indices()
        .rev()
        .find(|&(_, c)| !(is_word(c) || c == '-'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = &trimmed[start..];
    relations::relation(word).map(|_| (start, word))
}

/// What of `rest` (the text after a replaced name) only repeats the label: how many bytes to
/// drop and what to write instead. "Tom (sibling, aged 1)" reads "Sibling (aged 1)",
/// "Sarah (mother)" reads "Mother", "Sarah, mother, attended" reads "Mother attended".
fn repeated_after<'a>(rest: &'a str, label: &str) -> (usize, &'a str) {
    let open = rest.trim_start_matches(' ');
    let spaces = &rest[..rest.len() - open.len()];
    let (bracket, inner) = if let Some(inner) = open.strip_prefix('(') {
        (true, inner)
    } else if let Some(inner) = open.strip_prefix(',') {
        (false, inner)
    } else {
        return (0, "");
    };
    let end = inner.find([',', ')', '.', ';']).unwrap_or(inner.len());
    let phrase = inner[..end].trim();
    let repeats = !phrase.is_empty()
        && (crate::phrases::normalise(phrase) == crate::phrases::normalise(label)
            || (relations::relation(phrase).is_some() && relations::same_relation(phrase, label)));
    if !repeats {
        return (0, "");
    }
    let after = &inner[end..];
    let upto = rest.len() - after.len();
    match (bracket, after.chars().next()) {
        // "(sibling)" goes, with the space before it.
        (true, Some(')')) => (upto + 1, ""),
        // "(sibling, aged 1)" keeps its bracket: "(aged 1)".
        (true, Some(',')) => {
            let next = &after[1..];
            let gap = next.len() - next.trim_start_matches(' ').len();
            let kept = &rest[..spaces.len() + 1];
            (upto + 1 + gap, kept)
        }
        // ", mother, attended" and ", mother." drop the repeat with its commas.
        (false, Some(',')) => (upto + 1, ""),
        (false, _) => (upto, ""),
        (true, _) => (0, ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{PersonId, PersonKind};

    fn person(label: &str, real: &str, aliases: &[&str]) -> Person {
        Person {
            id: PersonId(0),
            label: label.into(),
            real_name: Some(real.into()),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            role: String::new(),
            kind: PersonKind::Family,
            agency: None,
            date_of_birth: None,
        }
    }

    fn check(people: &[Person], cases: &[(&str, &str)]) {
        let p = Pseudonymiser::new(people);
        for (input, expected) in cases {
            assert_eq!(&p.apply(input), expected, "pseudonymising {input:?}");
        }
    }

    #[test]
    fn replaces_whole_words_case_insensitively_longest_first() {
        let people = [
            person("Mother", "Sarah Jones", &["Sarah", "Ms Jones"]),
            person("Child R", "Riley Jones", &["Riley"]),
            person("SW1", "Tom O'Brien", &["Tom"]),
        ];
        check(
            &people,
            &[
                ("Sarah Jones attended.", "Mother attended."),
                ("SARAH JONES attended", "Mother attended"),
                ("sarah said riley was fine", "Mother said Child R was fine"),
                (
                    "Sarah's partner; Riley’s cot",
                    "Mother's partner; Child R’s cot",
                ),
                ("Sarah\n  Jones", "Mother"),
                ("Sarahs and Tommy and Atom", "Sarahs and Tommy and Atom"),
                ("Seen by Tom O’Brien (SW)", "Seen by SW1 (SW)"),
                (
                    "Ms Jones rang. Mr Jones did not.",
                    "Mother rang. Mr Jones did not.",
                ),
                ("", ""),
                ("Nothing here", "Nothing here"),
            ],
        );
    }

    #[test]
    fn prose_stays_grammatical_around_a_replaced_name() {
        let people = [
            person("Mother", "Sarah Jones", &["Sarah"]),
            person("Maternal grandmother", "Jane Jones", &["Jane"]),
            person("Sibling", "Tom Jones", &["Tom"]),
            person("Child R", "Riley Jones", &["Riley"]),
        ];
        check(
            &people,
            &[
                // The relation before the name already says who it is.
                (
                    "Riley lives with her mother Sarah.",
                    "Child R lives with her mother.",
                ),
                ("Mum Sarah Jones attended", "Mum attended"),
                ("her mother Sarah's flat", "her mother's flat"),
                // A relation that is not the label's keeps the label, in brackets.
                (
                    "Sarah went to her mother Jane Jones.",
                    "Mother went to her mother (Maternal grandmother).",
                ),
                // A code label reads well after any relation word.
                ("with the baby Riley", "with the baby Child R"),
                // A repeat of the label after the name goes, and a name after the label.
                ("Tom (sibling, aged 1)", "Sibling (aged 1)"),
                (
                    "Sibling (Tom, aged 1) was seen",
                    "Sibling (aged 1) was seen",
                ),
                ("the sibling (Tom) was seen", "the sibling was seen"),
                ("Mother (Tom's mother)", "Mother (Sibling's mother)"),
                ("Sarah (mother) rang", "Mother rang"),
                ("Sarah, mum, attended.", "Mother attended."),
                ("Sarah, mother.", "Mother."),
                // Anything else after the name stays.
                ("Sarah (aged 19)", "Mother (aged 19)"),
                (
                    "Sarah, Riley's mother, said",
                    "Mother, Child R's mother, said",
                ),
                (
                    "Jane, grandmother to Riley",
                    "Maternal grandmother, grandmother to Child R",
                ),
            ],
        );
    }

    #[test]
    fn handles_text_outside_latin_1_and_right_to_left_names() {
        let people = [
            person("Father", "محمد الأحمد", &["محمد"]),
            person("Grandmother", "Zoë Łukasiewicz", &[]),
            person("HV1", "Αλέξης", &[]),
        ];
        check(
            &people,
            &[
                ("قال محمد الأحمد إن", "قال Father إن"),
                ("محمد حضر", "Father حضر"),
                ("ZOË ŁUKASIEWICZ visited", "Grandmother visited"),
                ("αλέξης called", "HV1 called"),
            ],
        );
    }

    #[test]
    fn ignores_single_letters_and_empty_labels() {
        let people = [person("Child J", "Jake Smith", &["J", " "]), {
            let mut p = person("", "No Label", &[]);
            p.label = "  ".into();
            p
        }];
        check(
            &people,
            &[(
                "J said Jake Smith and No Label",
                "J said Child J and No Label",
            )],
        );
    }

    #[test]
    fn names_written_with_combining_accents_are_the_same_names() {
        // "Seán" precomposed in the glossary, decomposed in the text, and the other way round.
        let people = [
            person("Father", "Seán Ó Dálaigh", &["Seán"]),
            person("SW2", "Zoe\u{308} Ne\u{301}meth", &[]),
        ];
        check(
            &people,
            &[
                ("Sea\u{301}n rang", "Father rang"),
                (
                    "SEA\u{301}N O\u{301} DA\u{301}LAIGH attended",
                    "Father attended",
                ),
                ("Zoë Németh visited", "SW2 visited"),
                ("Seán\u{301}x stays", "Seáńx stays"),
            ],
        );
        let p = Pseudonymiser::new(&people);
        let text = "met Sea\u{301}n, then Zoe\u{308} Ne\u{301}meth.";
        let found = p.find(text);
        assert_eq!(found.len(), 2);
        assert_eq!(&text[found[0].range.clone()], "Sea\u{301}n");
        assert_eq!(&text[found[1].range.clone()], "Zoe\u{308} Ne\u{301}meth");
        // Text around the names comes back composed.
        assert_eq!(p.apply("Cafe\u{301}: Sea\u{301}n"), "Café: Father");
    }

    #[test]
    fn finds_byte_ranges_of_each_occurrence() {
        let p = Pseudonymiser::new(&[person("Mother", "Zoë", &[])]);
        let found = p.find("ab Zoë, zoë");
        assert_eq!(found.len(), 2);
        assert_eq!(&"ab Zoë, zoë"[found[0].range.clone()], "Zoë");
        assert_eq!(&"ab Zoë, zoë"[found[1].range.clone()], "zoë");
        assert_eq!(found[0].kind, NameKind::RealName);
    }
}
