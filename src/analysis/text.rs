//! Reading the words of entries: which concerns an entry records, which agencies, areas and
//! practitioners it mentions, what kind of event its summary describes, and the phrases that
//! mean "received", "no answer" or "moved away".
//!
//! Everything works on lower-case text of the entry's own record (summary, detail and outcome),
//! never on the reviewer's comment. Phrases match at the start of a word (so "bruis" finds
//! "bruising" but "hit" is not found in "white"); phrases of three letters or fewer must be
//! whole words. One Aho-Corasick automaton per vocabulary keeps a 100,000-entry chronology to a
//! single pass per entry.

use crate::model::{Agency, AgencyId, Area, AreaId, Person, PersonKind, Sector};

use super::settings::ConcernCategory;

use crate::phrases::receiver::service_initials;
pub(crate) use crate::phrases::words::sector_words;
use crate::phrases::{list as phrases, words};
pub(crate) use crate::phrases::{negated_before, normalise, KindReader, Phrases};

/// The concern vocabulary: which categories an entry records, not counting negated mentions.
pub(crate) struct ConcernMatcher {
    phrases: Phrases<u8>,
    tags: Vec<(String, u8)>,
    /// The categories, in settings order (a category's index is its bit).
    pub(crate) categories: Vec<ConcernCategory>,
}

impl ConcernMatcher {
    pub(crate) fn new(categories: &[ConcernCategory]) -> Self {
        let categories: Vec<ConcernCategory> = categories.iter().take(32).cloned().collect();
        let mut phrases = Vec::new();
        let mut tags = Vec::new();
        for (i, c) in categories.iter().enumerate() {
            for t in &c.terms {
                phrases.push((t.clone(), i as u8));
            }
            for t in &c.tags {
                tags.push((normalise(t.trim()), i as u8));
            }
        }
        ConcernMatcher {
            phrases: Phrases::new(phrases),
            tags,
            categories,
        }
    }

    /// The categories recorded by an entry's text (not negated) and tags, as a bit set, and
    /// separately those found in the first `headline` bytes of the text (its summary; tags
    /// not counted).
    pub(crate) fn find_with_headline(
        &self,
        text: &str,
        headline: usize,
        tags: &[String],
    ) -> (u32, u32) {
        let mut bits = 0u32;
        let mut head = 0u32;
        self.phrases.each(text, |i, start| {
            if !negated_before(text, start) {
                bits |= 1 << i;
                if start < headline {
                    head |= 1 << i;
                }
            }
        });
        for tag in tags {
            let tag = tag.trim();
            for (t, i) in &self.tags {
                if t.eq_ignore_ascii_case(tag) {
                    bits |= 1 << i;
                }
            }
        }
        (bits, head)
    }

    /// The bit set of the named categories (unknown names are ignored: settings validation
    /// reports them).
    pub(crate) fn mask(&self, names: &[String]) -> u32 {
        self.categories
            .iter()
            .enumerate()
            .filter(|(_, c)| names.contains(&c.name))
            .fold(0, |m, (i, _)| m | (1 << i))
    }

    /// The category's label for an explanation.
    pub(crate) fn label(&self, bit: usize) -> &str {
        &self.categories[bit].label
    }
}

/// Something a text can name: an agency (by its name, a practitioner's code or a word for its
/// service), an area, or a kind of service.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Named {
    /// An agency named outright (its name, short name, or one of its practitioners).
    Agency(AgencyId),
    /// A local authority area.
    Area(AreaId),
    /// A kind of service ("health visitor", "police").
    Sector(Sector),
}

/// Finds the agencies, areas and services an entry mentions.
pub(crate) struct NameMatcher {
    phrases: Phrases<Named>,
    agencies: Vec<(AgencyId, Sector, Option<AreaId>)>,
}

impl NameMatcher {
    pub(crate) fn new(agencies: &[Agency], areas: &[Area], people: &[Person]) -> Self {
        let mut phrases: Vec<(String, Named)> = Vec::new();
        for a in agencies {
            phrases.push((a.name.clone(), Named::Agency(a.id)));
            if a.short_name.chars().filter(|c| c.is_alphanumeric()).count() >= 3 {
                phrases.push((a.short_name.clone(), Named::Agency(a.id)));
            }
            // "ASC" for "Easterford Adult Social Care": the initials of its name after the
            // place it starts with, as practitioners abbreviate services.
            if let Some(initials) = service_initials(&a.name) {
                phrases.push((initials, Named::Agency(a.id)));
            }
        }
        for area in areas {
            phrases.push((area.name.clone(), Named::Area(area.id)));
        }
        for p in people {
            if p.kind == PersonKind::Practitioner {
                if let Some(agency) = p.agency {
                    phrases.push((p.label.clone(), Named::Agency(agency)));
                }
            }
        }
        for sector in Sector::ALL {
            for w in sector_words(*sector) {
                phrases.push((w.to_string(), Named::Sector(*sector)));
            }
        }
        NameMatcher {
            phrases: Phrases::new(phrases),
            agencies: agencies.iter().map(|a| (a.id, a.sector, a.area)).collect(),
        }
    }

    /// Everything named in `text`. A service word straight after an area's name
    /// ("Easterford children's services") is read as that area's service.
    pub(crate) fn find(&self, text: &str) -> Vec<Named> {
        self.find_with_headline(text, 0).0
    }

    /// [`NameMatcher::find`], and separately what is named in the first `headline` bytes.
    pub(crate) fn find_with_headline(
        &self,
        text: &str,
        headline: usize,
    ) -> (Vec<Named>, Vec<Named>) {
        let mut hits: Vec<(Named, usize, usize)> = Vec::new();
        self.phrases
            .each_span(text, |n, start, end| hits.push((n, start, end)));
        let mut out: Vec<Named> = Vec::new();
        let mut head: Vec<Named> = Vec::new();
        for &(n, start, _) in &hits {
            let n = match n {
                Named::Sector(sector) => {
                    let area_before = hits.iter().find_map(|&(m, s2, e2)| match m {
                        Named::Area(a)
                            if e2 <= start
                                && text[e2..start].trim_start_matches("'s").trim().is_empty()
                                && s2 < start =>
                        {
                            Some(a)
                        }
                        _ => None,
                    });
                    match area_before.and_then(|a| self.of(sector, a)) {
                        Some(agency) => Named::Agency(agency),
                        None => n,
                    }
                }
                other => other,
            };
            if start < headline && !head.contains(&n) {
                head.push(n)
            }
            if !out.contains(&n) {
                out.push(n)
            }
        }
        (out, head)
    }

    /// The agency of `sector` serving `area`, when there is exactly one.
    fn of(&self, sector: Sector, area: AreaId) -> Option<AgencyId> {
        let mut found = self
            .agencies
            .iter()
            .filter(|a| a.1 == sector && a.2 == Some(area));
        match (found.next(), found.next()) {
            (Some(a), None) => Some(a.0),
            _ => None,
        }
    }

    /// The agencies `text` points at, in the order it names them, resolving service words by
    /// area: a word such as "health visitor" means the health visiting agency of `home_area`
    /// (where the writer or the family is), else of an area the text names, else the only one
    /// there is.
    pub(crate) fn agencies(&self, named: &[Named], home_area: Option<AreaId>) -> Vec<AgencyId> {
        let areas: Vec<AreaId> = named
            .iter()
            .filter_map(|n| match n {
                Named::Area(a) => Some(*a),
                _ => None,
            })
            .collect();
        let mut out: Vec<AgencyId> = Vec::new();
        for n in named {
            let chosen: Vec<AgencyId> = match n {
                Named::Agency(a) => vec![*a],
                Named::Area(_) => continue,
                Named::Sector(sector) => {
                    let of_sector: Vec<&(AgencyId, Sector, Option<AreaId>)> =
                        self.agencies.iter().filter(|a| a.1 == *sector).collect();
                    let pick = |area: Option<AreaId>| -> Vec<AgencyId> {
                        of_sector
                            .iter()
                            .filter(|a| a.2 == area)
                            .map(|a| a.0)
                            .collect()
                    };
                    let mut chosen = pick(home_area);
                    if chosen.is_empty() || home_area.is_none() {
                        for area in &areas {
                            chosen.extend(pick(Some(*area)));
                        }
                    }
                    if chosen.is_empty() && of_sector.len() == 1 {
                        chosen.push(of_sector[0].0);
                    }
                    if chosen.is_empty() {
                        chosen = pick(None);
                    }
                    chosen
                }
            };
            for a in chosen {
                if !out.contains(&a) {
                    out.push(a);
                }
            }
        }
        out
    }
}

/// Fixed phrase lists used by the rules.
pub(crate) struct Cues {
    /// Receiving something: "received", "transfer in".
    pub(crate) receipt: Phrases<()>,
    /// A contact that did not happen: "no answer", "no access", "cancelled".
    pub(crate) failed_contact: Phrases<()>,
    /// A closure because the family left: "moved", "out of area".
    pub(crate) moved_away: Phrases<()>,
    /// A decision or its outcome being noted: "outcome", "decision".
    pub(crate) outcome: Phrases<()>,
    /// A recommendation: "recommend".
    pub(crate) recommendation: Phrases<()>,
    /// Saying the account holds no concern: "no concerns", "no marks".
    pub(crate) all_clear: Phrases<()>,
    /// Saying the child was absent: "not present".
    pub(crate) child_absent: Phrases<()>,
    /// An allocation or opening: "allocated to", "transfer in", "accepted".
    pub(crate) opened: Phrases<()>,
    /// A child already open to a statutory service: "case open", "allocated social worker".
    pub(crate) already_open: Phrases<()>,
    /// A meeting where information is shared: "strategy discussion", "core group".
    pub(crate) meeting: Phrases<()>,
    /// A chaser: "no reply", "voicemail", "chased".
    pub(crate) chase: Phrases<()>,
    /// What a person's summary says about whom the child was seen by: "seen".
    pub(crate) seen: Phrases<()>,
    /// A challenge of a decision: "escalated", "challenged".
    pub(crate) challenge: Phrases<()>,
    /// A disagreement: "disagrees", "will discuss with".
    pub(crate) disagreement: Phrases<()>,
    /// Minimising words: "historic", "per mother", "explanation accepted".
    pub(crate) minimising: Phrases<()>,
    /// A contact at a distance: "phone", "by Teams", "letter".
    pub(crate) remote: Phrases<()>,
    /// A practitioner away: "annual leave", "off sick", "no cover".
    pub(crate) absence: Phrases<()>,
    /// The receiver saying nothing arrived: "no notification", "no record found".
    pub(crate) not_received: Phrases<()>,
    /// A hand-over saying there is no risk: "no risk issues identified", "none known".
    pub(crate) risk_denied: Phrases<()>,
    /// An entry that is itself a hand-over document: "transfer summary", "discharge letter".
    pub(crate) handover_record: Phrases<()>,
    /// An allegation or disclosure of harm: "pushed", "disclosure of assault".
    pub(crate) allegation: Phrases<()>,
    /// No allegation made: "no allegations made", "no assault alleged".
    pub(crate) no_allegation: Phrases<()>,
    /// Telling another service: "informed by phone", "notified at".
    pub(crate) informed: Phrases<()>,
    /// Never told: "no contact from police", "had not been told".
    pub(crate) not_informed: Phrases<()>,
    /// A headline saying it is an assessment: "assessment", "screening".
    pub(crate) assessing: Phrases<()>,
}

impl Cues {
    pub(crate) fn new() -> Self {
        Cues {
            receipt: phrases(words::RECEIPT),
            failed_contact: phrases(words::FAILED_CONTACT),
            moved_away: phrases(words::MOVED_AWAY),
            outcome: phrases(words::OUTCOME),
            recommendation: phrases(words::RECOMMENDATION),
            all_clear: phrases(words::ALL_CLEAR),
            child_absent: phrases(words::ABSENT),
            opened: phrases(words::OPENED),
            already_open: phrases(words::ALREADY_OPEN),
            meeting: phrases(words::MEETING),
            chase: phrases(words::CHASE),
            seen: phrases(words::SEEN),
            challenge: phrases(words::CHALLENGE),
            disagreement: phrases(words::DISAGREEMENT),
            minimising: phrases(words::MINIMISING),
            remote: phrases(words::REMOTE),
            absence: phrases(words::ABSENCE),
            not_received: phrases(words::NOT_RECEIVED),
            risk_denied: phrases(words::RISK_DENIED),
            handover_record: phrases(words::HANDOVER_RECORD),
            allegation: phrases(words::ALLEGATION),
            no_allegation: phrases(words::NO_ALLEGATION),
            informed: phrases(words::INFORMED),
            not_informed: phrases(words::NOT_INFORMED),
            assessing: phrases(words::ASSESSING),
        }
    }
}

/// Words too common to tell two accounts or a key risk apart.
const STOPWORDS: &[&str] = &[
    "about",
    "after",
    "again",
    "against",
    "also",
    "although",
    "because",
    "been",
    "before",
    "being",
    "between",
    "both",
    "child",
    "children",
    "could",
    "does",
    "done",
    "during",
    "each",
    "father",
    "from",
    "given",
    "have",
    "having",
    "held",
    "into",
    "just",
    "made",
    "mother",
    "more",
    "most",
    "much",
    "must",
    "need",
    "only",
    "other",
    "over",
    "said",
    "same",
    "says",
    "sent",
    "should",
    "since",
    "some",
    "such",
    "than",
    "that",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "told",
    "under",
    "until",
    "very",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "with",
    "within",
    "would",
    "your",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "record",
    "records",
    "case",
    "information",
    "place",
    "plan",
];

/// The significant words of a text, each cut to its first six letters so "incident" and
/// "incidents" agree.
pub(crate) fn stems(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for word in text.split(|c: char| !c.is_alphanumeric() && c != '\'') {
        let word = word.trim_matches('\'');
        let word = word.strip_suffix("'s").unwrap_or(word);
        if word.chars().count() < 4 || word.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        if STOPWORDS.contains(&word) {
            continue;
        }
        let stem: String = word.chars().take(6).collect();
        if !out.contains(&stem) {
            out.push(stem);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_drop_common_words_and_numbers() {
        assert_eq!(
            stems(&normalise("Father's history as perpetrator (2017); MARAC")),
            vec!["histor", "perpet", "marac"]
        );
    }
}
