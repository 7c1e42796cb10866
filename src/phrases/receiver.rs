//! Which agency a hand-over went to, from the names its words use: full name, short name,
//! the words that tell an agency from others of its kind (its place, its provider) or their
//! initials, and the words for its service. Shared by import suggestions and the analysis.

use crate::model::{Agency, AgencyId};

use super::normalise;
use super::words::sector_words;

/// The text as space-separated lower-case words, with a space at each end.
pub(crate) fn words(text: &str) -> String {
    let lowered = normalise(text);
    let mut out = String::with_capacity(lowered.len() + 2);
    out.push(' ');
    for c in lowered.chars() {
        if c.is_alphanumeric() || c == '&' || c == '\'' || c == '-' {
            out.push(c);
        } else {
            out.push(' ');
        }
    }
    out.push(' ');
    out
}

/// Whether `haystack` (from [`words`]) holds `phrase` at a word start; short codes (dna,
/// nfa, s47) must be whole words.
pub(crate) fn contains_phrase(haystack: &str, phrase: &str) -> bool {
    let short = phrase.len() <= 4 && !phrase.contains(' ');
    if short {
        haystack.contains(&format!(" {phrase} "))
    } else {
        haystack.contains(&format!(" {phrase}"))
    }
}

/// Words that report what a person said to someone ("disclosure to police", "said to the
/// nurse"): the agency named after them heard it; nothing was handed over to it.
const SAID_TO: &[&str] = &[
    "disclosure to",
    "disclosures to",
    "disclosed to",
    "disclosing to",
    "said to",
    "stated to",
    "admitted to",
    "alleged to",
    "explained to",
    "denied to",
    "complained to",
];

/// `text` (lower case) with each report of what someone said to an agency blanked to the end
/// of its clause ("disclosure to police that her husband pushed her, ..."), so the agency who
/// heard it is not read as the receiver of a hand-over. Blanked with spaces: positions in the
/// text stay where they were.
pub fn without_disclosures(text: &str) -> std::borrow::Cow<'_, str> {
    if !SAID_TO.iter().any(|p| text.contains(p)) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut bytes = text.as_bytes().to_vec();
    for phrase in SAID_TO {
        let mut from = 0;
        while let Some(at) = text[from..].find(phrase) {
            let start = from + at;
            let starts_word = start == 0 || !text.as_bytes()[start - 1].is_ascii_alphanumeric();
            let end = text[start..]
                .find([',', ';', '.', '\n', '(', ')'])
                .map_or(text.len(), |e| start + e);
            if starts_word {
                for b in &mut bytes[start..end] {
                    *b = b' ';
                }
            }
            from = start + phrase.len();
        }
    }
    // Only whole characters were replaced, each byte by an ASCII space.
    std::borrow::Cow::Owned(String::from_utf8(bytes).expect("spaces keep the text valid"))
}

/// The initials of an agency's name after its first word and before any bracket, when there
/// are three or more ("Easterford Adult Social Care" → "asc"), as practitioners abbreviate
/// services.
pub(crate) fn service_initials(name: &str) -> Option<String> {
    let head = name.split('(').next().unwrap_or("");
    let initials: String = head
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty() && w.chars().next().is_some_and(char::is_uppercase))
        .skip(1)
        .filter_map(|w| w.chars().next())
        .collect();
    (initials.chars().count() >= 3).then(|| initials.to_lowercase())
}

/// Words in agency names that say what kind of body it is rather than which one.
const GENERIC: &[&str] = &[
    "the",
    "and",
    "of",
    "for",
    "children's",
    "childrens",
    "children",
    "services",
    "service",
    "social",
    "care",
    "health",
    "team",
    "trust",
    "nhs",
    "ft",
    "foundation",
    "council",
    "county",
    "borough",
    "city",
    "district",
    "partnership",
    "hospital",
    "hospitals",
    "surgery",
    "police",
    "constabulary",
    "visiting",
    "nurse",
    "family",
    "families",
    "adult",
    "adults",
    "general",
    "practice",
    "community",
    "safeguarding",
    "unit",
    "department",
    "csc",
    "mash",
    "0-19",
    "ltd",
    "limited",
    "solutions",
    "centre",
    "group",
    "combined",
    "chronology",
];

/// The words that tell one agency from another of its kind ("easterford", "riverside"),
/// and the initials of the place words its name starts with ("EF" for "East Fenby ...").
fn name_tokens(name: &str) -> (Vec<String>, Option<String>) {
    let hay = words(name);
    let tokens: Vec<String> = hay
        .split_whitespace()
        .map(|w| w.trim_matches(['-', '\'']).to_string())
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 3)
        .filter(|w| !GENERIC.contains(&w.as_str()))
        .collect();
    let lead: String = hay
        .split_whitespace()
        .take_while(|w| !GENERIC.contains(w))
        .filter_map(|w| w.chars().next())
        .collect();
    let initials = (lead.chars().count() >= 2).then_some(lead);
    (tokens, initials)
}

/// For a hand-over, the agency most likely on the receiving end, by the names the text uses:
/// the agency's full name, its short name, the words that tell it apart from others of its
/// kind (its place, its provider) or their initials, and the words for its service. The best
/// match wins; between equal matches, the one from the sender's own place (sharing a word of
/// its name), else none (the analysis then resolves the service by area).
pub fn receiver(text: &str, from: AgencyId, agencies: &[Agency]) -> Option<AgencyId> {
    let hay = words(&without_disclosures(&normalise(text)));
    // Look first after the hand-over words, where the receiver is named.
    let tail = [
        " referred to ",
        " referral to ",
        " transferred to ",
        " transfer to ",
        " shared with ",
        " sent to ",
        " emailed to ",
        " passed to ",
        " reported to ",
        " handed over to ",
        " hand over to ",
        " informed ",
        " informs ",
        " notified ",
        " to ",
    ]
    .iter()
    .find_map(|m| hay.find(m).map(|i| &hay[i + m.len() - 1..]))
    .unwrap_or(&hay);
    // The recording agency is the one told ("Police notified CSC of ...", written by CSC):
    // its own note of receiving it, with no receiver to find.
    if let Some(own) = agencies.iter().find(|a| a.id == from) {
        let first: String = tail
            .split_whitespace()
            .filter(|w| *w != "the")
            .take(1)
            .collect();
        let names_own = !first.is_empty()
            && (normalise(&own.short_name) == first
                || service_initials(&own.name).is_some_and(|i| i == first)
                || contains_phrase(tail, &normalise(&own.name))
                    && tail.trim_start().starts_with(&normalise(&own.name)));
        if names_own {
            return None;
        }
    }
    let sender_tokens = agencies
        .iter()
        .find(|a| a.id == from)
        .map(|a| name_tokens(&a.name).0)
        .unwrap_or_default();
    let mut scored: Vec<(usize, usize, AgencyId)> = Vec::new();
    for a in agencies.iter().filter(|a| a.id != from) {
        let (tokens, initials) = name_tokens(&a.name);
        let service = sector_words(a.sector)
            .iter()
            .any(|w| contains_phrase(tail, w));
        let mut score = 0;
        if contains_phrase(tail, &normalise(&a.name)) {
            score = 100;
        } else if a.short_name.len() >= 2 && contains_phrase(tail, &normalise(&a.short_name)) {
            score = 80;
        } else if service_initials(&a.name).is_some_and(|i| contains_phrase(tail, &i)) {
            // "the ASC inbox" for "Kingsmere Adult Social Care".
            score = 60;
        } else {
            // The sender's own place or provider words do not tell receivers apart
            // ("Easterford" in an Easterford service's referral).
            let named = tokens
                .iter()
                .filter(|t| !sender_tokens.contains(t) && contains_phrase(tail, t))
                .count();
            let by_initials = initials
                .as_deref()
                .is_some_and(|i| contains_phrase(tail, i));
            if named >= 2 {
                // Named outright by its own words ("Riverside House").
                score = 45 + 10 * named + if service { 5 } else { 0 };
            } else if (named >= 1 || by_initials) && service {
                score = 40 + 10 * named;
            } else if service {
                score = 10;
            }
        }
        if score > 0 {
            let local = tokens.iter().filter(|t| sender_tokens.contains(t)).count();
            scored.push((score, local, a.id));
        }
    }
    scored.sort_by_key(|s| std::cmp::Reverse((s.0, s.1)));
    match scored.as_slice() {
        [] => None,
        [one] => Some(one.2),
        [a, b, ..] if (a.0, a.1) > (b.0, b.1) => Some(a.2),
        _ => None,
    }
}
