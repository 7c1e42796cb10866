//! One vocabulary of practitioners' phrases, read the same way by import suggestions
//! (`import::suggest`) and by the analysis (`analysis::text`).
//!
//! A leaf module: it knows the model's vocabularies (entry kinds, sectors, service levels)
//! and nothing else. [`Phrases`] matches a list of phrases at word starts in one pass;
//! [`normalise`] and [`negated_before`] are the shared grammar; the tables in [`words`] are
//! the knowledge (what "DNA x3", "step across to Early Help" or "weighed and measured" mean),
//! kept once so that what import suggests and what the analysis reads cannot drift apart.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

pub mod ages;
pub mod events;
mod kinds;
mod levels;
pub(crate) mod receiver;
mod receivers;
pub mod relations;
pub mod values;
pub mod words;

pub use kinds::{kind_from_text, sent_on, KindReader};
pub use levels::{read_level, read_requested_level};
pub use receiver::receiver;
pub use receivers::receivers;

/// A set of phrases, each tagged with a value, matched at word starts. Phrases of three
/// letters or digits or fewer ("hv", "sw", "dna") must be whole words; longer ones match the
/// start of a word ("bruis" finds "bruising", "escalat" finds "escalated").
pub struct Phrases<T: Copy> {
    automaton: AhoCorasick,
    values: Vec<T>,
    short: Vec<bool>,
}

impl<T: Copy> Phrases<T> {
    /// Builds the matcher; phrases are [`normalise`]d, empty ones dropped.
    pub fn new(items: impl IntoIterator<Item = (String, T)>) -> Self {
        let mut patterns = Vec::new();
        let mut values = Vec::new();
        let mut short = Vec::new();
        for (phrase, value) in items {
            let phrase = normalise(phrase.trim());
            if phrase.is_empty() {
                continue;
            }
            short.push(phrase.chars().filter(|c| c.is_alphanumeric()).count() <= 3);
            patterns.push(phrase);
            values.push(value);
        }
        // A DFA: the vocabularies are small and every entry is searched several times.
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&patterns)
            .expect("phrases build an automaton");
        Phrases {
            automaton,
            values,
            short,
        }
    }

    /// Calls `found(value, start)` for every phrase found at a word start in `text` (which
    /// must be [`normalise`]d), overlapping matches included.
    pub fn each(&self, text: &str, mut found: impl FnMut(T, usize)) {
        self.each_span(text, |v, s, _| found(v, s));
    }

    /// Like [`Phrases::each`], with the end of each match too.
    pub fn each_span(&self, text: &str, mut found: impl FnMut(T, usize, usize)) {
        let bytes = text.as_bytes();
        for m in self.automaton.find_overlapping_iter(text) {
            let i = m.pattern().as_usize();
            let starts_word = m.start() == 0 || !is_word_byte(bytes[m.start() - 1]);
            let ends_word = m.end() == bytes.len() || !is_word_byte(bytes[m.end()]);
            if starts_word && (!self.short[i] || ends_word) {
                found(self.values[i], m.start(), m.end());
            }
        }
    }

    /// Whether any phrase is found.
    pub fn any(&self, text: &str) -> bool {
        let mut hit = false;
        self.each(text, |_, _| hit = true);
        hit
    }

    /// Whether any phrase is found that is not negated just before ("no answer" is found in
    /// "knocked, no answer"; "seen" is not found in "not seen").
    pub fn any_affirmed(&self, text: &str) -> bool {
        let mut hit = false;
        self.each(text, |_, s| hit = hit || !negated_before(text, s));
        hit
    }
}

/// Builds a value-less phrase list.
pub fn list(items: &[&str]) -> Phrases<()> {
    Phrases::new(items.iter().map(|p| (p.to_string(), ())))
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

/// Lower case, with typographic apostrophes, quotes and dashes made plain.
pub fn normalise(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    text.chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{201c}' | '\u{201d}' => '"',
            '\u{2013}' | '\u{2014}' => '-',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Words that negate what follows within the same clause.
const NEGATIONS: &[&str] = &[
    "no", "not", "without", "nil", "never", "denied", "denies", "nor", "wasn't", "isn't", "didn't",
    "hasn't", "haven't", "weren't", "nobody", "none",
];

/// Whether the words just before `start` (at most three, within the same clause: a full stop,
/// colon, semicolon or line break ends the look-back; a comma does not, so "no bruises, marks
/// or scratches" stays negated) negate what follows: "no bruising",
/// "not seen", "no referral was made" (for "referral" — see [`negated_after`]).
pub fn negated_before(text: &str, start: usize) -> bool {
    let before = &text[..start];
    let clause_start = before
        .rfind(['.', ';', '\n', ':', '!', '?'])
        .map(|i| i + 1)
        .unwrap_or(0);
    before[clause_start..]
        .rsplit(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .take(3)
        .any(|w| NEGATIONS.contains(&w))
}

/// Whether a phrase found at `start` is negated by what comes straight after its own words
/// ("referral was not made", "strategy discussion not held"): looks at most four words on,
/// within the clause.
pub fn negated_after(text: &str, end: usize) -> bool {
    let after = &text[end..];
    let clause_end = after.find(['.', ';', '\n', ',']).unwrap_or(after.len());
    let words: Vec<&str> = after[..clause_end]
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .take(4)
        .collect();
    words.iter().enumerate().any(|(i, w)| {
        ["not", "never", "wasn't", "weren't", "isn't"].contains(w)
            && i + 1 < words.len()
            && !["only", "just", "yet"].contains(&words[i + 1])
    })
}

/// Whether the phrase at `start..end` stands affirmed: not negated before or after.
pub fn affirmed(text: &str, start: usize, end: usize) -> bool {
    !negated_before(text, start) && !negated_after(text, end)
}

#[cfg(test)]
mod tests;
