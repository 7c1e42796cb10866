//! Suggestions read from an entry's text: what kind of event it records, and for hand-overs
//! (referrals, transfers, information shared) which agency received it.
//!
//! These are only suggestions: they are stored in `Entry::suggested_kind` and
//! `Entry::suggested_to_agency` and shown as such until the reviewer accepts them. The words
//! are the shared vocabulary in [`crate::phrases`], which the analysis reads too.

use crate::model::{Agency, AgencyId, EntryKind, Sector};
use crate::phrases::words::{sector_words, NAME_SECTORS};
use crate::phrases::{kind_from_text, normalise, Phrases};

fn words(text: &str) -> String {
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

fn contains_phrase(haystack: &str, phrase: &str) -> bool {
    // Phrases ending in a letter match whole words at the start ("escalat" matches
    // "escalated"); short codes (dna, nfa, s47) must be whole words.
    let short = phrase.len() <= 4 && !phrase.contains(' ');
    if short {
        haystack.contains(&format!(" {phrase} "))
    } else {
        haystack.contains(&format!(" {phrase}"))
    }
}

/// The kind of event the text most likely records, or `None` when nothing in it names one.
/// The same reading as the analysis's ([`crate::phrases::KindReader`]).
pub fn suggest_kind(text: &str) -> Option<EntryKind> {
    kind_from_text(text)
}

/// Reads an agency's coded "type of contact" ("Home visit", "Strategy discussion", "DNA").
pub fn kind_from_code(code: &str) -> Option<EntryKind> {
    let c = code.trim();
    if c.is_empty() {
        return None;
    }
    EntryKind::ALL
        .iter()
        .find(|k| k.label().eq_ignore_ascii_case(c) || k.code().eq_ignore_ascii_case(c))
        .copied()
        .or_else(|| suggest_kind(c))
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

/// The words that tell one agency from another of its kind ("wexley", "vale", "redgate"),
/// and the initials of the place words its name starts with ("WV" for "Wexley Vale ...").
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
pub fn suggest_to_agency(text: &str, from: AgencyId, agencies: &[Agency]) -> Option<AgencyId> {
    let hay = words(text);
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
        } else {
            let named = tokens.iter().filter(|t| contains_phrase(tail, t)).count();
            let by_initials = initials
                .as_deref()
                .is_some_and(|i| contains_phrase(tail, i));
            if (named >= 1 || by_initials) && service {
                score = 40 + 10 * named;
            } else if named >= 2 {
                score = 30 + 10 * named;
            } else if service {
                score = 10;
            }
        }
        if score > 0 {
            let local = tokens.iter().filter(|t| sender_tokens.contains(t)).count();
            scored.push((score, local, a.id));
        }
    }
    scored.sort_by(|x, y| (y.0, y.1).cmp(&(x.0, x.1)));
    match scored.as_slice() {
        [] => None,
        [one] => Some(one.2),
        [a, b, ..] if (a.0, a.1) > (b.0, b.1) => Some(a.2),
        _ => None,
    }
}

/// A sector guessed from an agency's name ("Northbrook Police" → police, "Downshire
/// Constabulary" → police, "Kingsmere Adult Social Care" → other, not children's social care).
pub fn sector_from_name(name: &str) -> Sector {
    let hay = words(name);
    let telling = NAME_SECTORS
        .iter()
        .map(|(w, s)| (hay.find(&format!(" {w}")), *s))
        .filter_map(|(at, s)| at.map(|at| (at, s)))
        .min_by_key(|(at, _)| *at);
    if let Some((_, sector)) = telling {
        return sector.unwrap_or(Sector::Other);
    }
    let sectors = Phrases::new(
        Sector::ALL
            .iter()
            .filter(|s| **s != Sector::Other)
            .flat_map(|s| sector_words(*s).iter().map(move |w| (w.to_string(), *s))),
    );
    let text = normalise(name);
    let mut best: Option<(usize, Sector)> = None;
    sectors.each(&text, |s, at| {
        if best.is_none_or(|(b, _)| at < b) {
            best = Some((at, s));
        }
    });
    best.map(|(_, s)| s).unwrap_or(Sector::Other)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_typical_phrases() {
        let cases = [
            (
                "Strategy discussion held with police and health",
                EntryKind::StrategyDiscussion,
            ),
            ("Home visit: child seen asleep in cot", EntryKind::HomeVisit),
            (
                "Attempted home visit, no access, card left",
                EntryKind::NoAccessVisit,
            ),
            (
                "Child was not brought to the 8-month check",
                EntryKind::MissedAppointment,
            ),
            ("DNA clinic appointment", EntryKind::MissedAppointment),
            (
                "Referral to health visiting for support",
                EntryKind::Referral,
            ),
            (
                "Case closed to FNP as family disengaged",
                EntryKind::CaseClosed,
            ),
            ("Case transferred to Southmoor CSC", EntryKind::CaseTransfer),
            ("Family moved to Southmoor", EntryKind::FamilyMoved),
            ("Single assessment started", EntryKind::Assessment),
            (
                "Team manager agreed no further action",
                EntryKind::ThresholdDecision,
            ),
            ("Police called to domestic incident", EntryKind::Incident),
            (
                "ICPC held; child made subject of CP plan",
                EntryKind::ChildProtectionConference,
            ),
        ];
        for (text, kind) in cases {
            assert_eq!(suggest_kind(text), Some(kind), "{text}");
        }
        assert_eq!(suggest_kind("Blue sky"), None);
    }

    #[test]
    fn receiving_agency_is_found_by_name_or_service() {
        let agency = |id, name: &str, short: &str, sector| Agency {
            id: AgencyId(id),
            name: name.into(),
            short_name: short.into(),
            sector,
            area: None,
            lane_order: 0,
            colour: "#000000".into(),
        };
        let list = [
            agency(
                1,
                "Northbrook Children's Social Care",
                "NB CSC",
                Sector::ChildrensSocialCare,
            ),
            agency(
                2,
                "Northbrook Health Visiting",
                "NB HV",
                Sector::HealthVisiting,
            ),
            agency(3, "Northbrook Police", "Police", Sector::Police),
        ];
        assert_eq!(
            suggest_to_agency("Referral to health visiting re: bruise", AgencyId(3), &list),
            Some(AgencyId(2))
        );
        assert_eq!(
            suggest_to_agency("Referred to MASH by police", AgencyId(3), &list),
            Some(AgencyId(1))
        );
        assert_eq!(
            suggest_to_agency("Referred to the moon", AgencyId(3), &list),
            None
        );
        assert_eq!(sector_from_name("Northbrook Police"), Sector::Police);
        assert_eq!(
            sector_from_name("Westvale GP surgery"),
            Sector::GeneralPractice
        );
    }
}
