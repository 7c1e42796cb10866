//! Reading the words of entries: which concerns an entry records, which agencies, areas and
//! practitioners it mentions, what kind of event its summary describes, and the phrases that
//! mean "received", "no answer" or "moved away".
//!
//! Everything works on lower-case text of the entry's own record (summary, detail and outcome),
//! never on the reviewer's comment. Phrases match at the start of a word (so "bruis" finds
//! "bruising" but "hit" is not found in "white"); phrases of three letters or fewer must be
//! whole words. One Aho-Corasick automaton per vocabulary keeps a 100,000-entry chronology to a
//! single pass per entry.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use crate::model::{Agency, AgencyId, Area, AreaId, EntryKind, Person, PersonKind, Sector};

use super::settings::ConcernCategory;

/// A set of phrases, each tagged with a value, matched at word starts.
pub(crate) struct Phrases<T: Copy> {
    automaton: AhoCorasick,
    values: Vec<T>,
    short: Vec<bool>,
}

impl<T: Copy> Phrases<T> {
    pub(crate) fn new(items: impl IntoIterator<Item = (String, T)>) -> Self {
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
    pub(crate) fn each(&self, text: &str, mut found: impl FnMut(T, usize)) {
        let bytes = text.as_bytes();
        for m in self.automaton.find_overlapping_iter(text) {
            let i = m.pattern().as_usize();
            let starts_word = m.start() == 0 || !is_word_byte(bytes[m.start() - 1]);
            let ends_word = m.end() == bytes.len() || !is_word_byte(bytes[m.end()]);
            if starts_word && (!self.short[i] || ends_word) {
                found(self.values[i], m.start());
            }
        }
    }

    /// Like [`Phrases::each`], with the end of each match too.
    pub(crate) fn each_span(&self, text: &str, mut found: impl FnMut(T, usize, usize)) {
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
    pub(crate) fn any(&self, text: &str) -> bool {
        let mut hit = false;
        self.each(text, |_, _| hit = true);
        hit
    }
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

/// Lower case, with typographic apostrophes and quotes made plain.
pub(crate) fn normalise(text: &str) -> String {
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

/// Whether the word(s) just before `start` negate what follows ("no bruising", "not seen",
/// "without marks"): looks back over at most three words.
pub(crate) fn negated_before(text: &str, start: usize) -> bool {
    const NEGATIONS: &[&str] = &["no", "not", "without", "nil", "never", "denied", "denies"];
    text[..start]
        .rsplit(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .take(3)
        .any(|w| NEGATIONS.contains(&w))
}

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

/// Words for each kind of service, as chronologies write them.
fn sector_words(sector: Sector) -> &'static [&'static str] {
    match sector {
        Sector::ChildrensSocialCare => &[
            "children's social care",
            "childrens social care",
            "children's services",
            "childrens services",
            "social care",
            "social worker",
            "mash",
            "front door",
            "csc",
            "emergency duty team",
            "edt",
        ],
        Sector::Police => &["police", "ppn", "officer", "detective"],
        Sector::HealthVisiting => &["health visit", "hv"],
        Sector::FamilyNursePartnership => &["family nurse", "fnp"],
        Sector::Midwifery => &["midwi", "maternity"],
        Sector::GeneralPractice => &[
            "gp",
            "gp's",
            "surgery",
            "medical practice",
            "general practi",
            "practice nurse",
        ],
        Sector::Hospital => &[
            "hospital",
            "emergency department",
            "a&e",
            "paediatric",
            "liaison nurse",
            "ed",
        ],
        Sector::Ambulance => &["ambulance", "paramedic"],
        Sector::MentalHealth => &["mental health service", "camhs", "crisis team"],
        Sector::SubstanceMisuse => &[
            "recovery service",
            "drug and alcohol service",
            "substance misuse service",
        ],
        Sector::Education => &["school", "college"],
        Sector::EarlyYears => &["nursery", "childminder", "early years"],
        Sector::EarlyHelp => &[
            "early help",
            "family hub",
            "family support worker",
            "team around the family",
        ],
        Sector::Housing => &["housing"],
        Sector::Probation => &["probation"],
        Sector::Voluntary => &["charity", "voluntary sector"],
        Sector::Other => &[],
    }
}

impl NameMatcher {
    pub(crate) fn new(agencies: &[Agency], areas: &[Area], people: &[Person]) -> Self {
        let mut phrases: Vec<(String, Named)> = Vec::new();
        for a in agencies {
            phrases.push((a.name.clone(), Named::Agency(a.id)));
            if a.short_name.chars().filter(|c| c.is_alphanumeric()).count() >= 3 {
                phrases.push((a.short_name.clone(), Named::Agency(a.id)));
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
    /// A chaser: "no reply", "voicemail", "chased".
    pub(crate) chase: Phrases<()>,
    /// What a person's summary says about whom the child was seen by: "seen".
    pub(crate) seen: Phrases<()>,
}

fn phrases(list: &[&str]) -> Phrases<()> {
    Phrases::new(list.iter().map(|p| (p.to_string(), ())))
}

impl Cues {
    pub(crate) fn new() -> Self {
        Cues {
            receipt: phrases(&[
                "received",
                "receipt",
                "transfer in",
                "transferred in",
                "acknowledg",
                "picked up",
            ]),
            failed_contact: phrases(&[
                "no access",
                "no answer",
                "not answered",
                "no reply",
                "did not attend",
                "did not join",
                "not brought",
                "cancel",
                "declined",
                "unable to contact",
                "could not contact",
                "no response",
                "not at home",
            ]),
            moved_away: phrases(&[
                "moved",
                "out of area",
                "out of the area",
                "left the area",
                "relocat",
                "no longer eligible",
                "no longer living",
            ]),
            outcome: phrases(&["outcome", "decision", "no further action", "nfa"]),
            recommendation: phrases(&["recommend"]),
            all_clear: phrases(&[
                "no concerns",
                "no concern",
                "no marks",
                "no injuries",
                "no new marks",
                "no bruis",
                "no alerts",
                "settling well",
            ]),
            child_absent: phrases(&["not present", "was not in", "not at home", "away from"]),
            opened: phrases(&[
                "allocated to",
                "allocated for",
                "transfer in",
                "transferred in",
                "accepted",
                "opened",
                "eligible",
            ]),
            chase: phrases(&[
                "no reply",
                "voicemail",
                "chase",
                "no response",
                "second email",
                "followed up",
            ]),
            seen: phrases(&["seen"]),
        }
    }
}

/// A kind read from a summary, for imported entries that have neither a kind nor a
/// suggested one. Decisive phrases ("received", "no access", "recommends") win wherever they
/// stand; otherwise the phrase nearest the start of the summary wins, since a summary names
/// its event first ("Decision: strategy discussion tonight" is a decision).
pub(crate) struct KindReader {
    phrases: Phrases<(bool, EntryKind)>,
}

impl KindReader {
    pub(crate) fn new() -> Self {
        use EntryKind as K;
        let decisive: &[(&[&str], EntryKind)] = &[
            (&["recommend"], K::Assessment),
            (&["escalat", "challenged"], K::Escalation),
            (&["disagree", "did not agree"], K::Disagreement),
            (
                &[
                    "received",
                    "receipt of",
                    "transfer in",
                    "transferred in",
                    "picked up",
                ],
                K::ReferralReceived,
            ),
            (&["no access"], K::NoAccessVisit),
            (
                &["not brought", "did not attend", "dna", "missed appointment"],
                K::MissedAppointment,
            ),
        ];
        let positional: &[(&[&str], EntryKind)] = &[
            (
                &["strategy discussion", "strategy meeting"],
                K::StrategyDiscussion,
            ),
            (
                &[
                    "child protection conference",
                    "icpc",
                    "rcpc",
                    "case conference",
                ],
                K::ChildProtectionConference,
            ),
            (&["core group"], K::CoreGroup),
            (
                &[
                    "child in need meeting",
                    "child in need review",
                    "cin review",
                    "cin meeting",
                ],
                K::CinMeeting,
            ),
            (&["marac held", "marac meeting"], K::Marac),
            (&["referral to", "referred to", "refer to"], K::Referral),
            (
                &[
                    "request for information",
                    "information request",
                    "requested",
                ],
                K::InformationRequest,
            ),
            (
                &[
                    "emailed",
                    "sent to",
                    "shared with",
                    "informed",
                    "notified",
                    "passed to",
                    "returned to",
                ],
                K::InformationShared,
            ),
            (
                &["decision", "threshold", "no further action", "nfa"],
                K::ThresholdDecision,
            ),
            (&["transferred", "transfer to"], K::CaseTransfer),
            (
                &["case closed", "closed", "discharged", "left the programme"],
                K::CaseClosed,
            ),
            (&["case opened", "opened", "allocated"], K::CaseOpened),
            (
                &[
                    "moved to",
                    "moved out",
                    "placed in",
                    "rehoused",
                    "relocated",
                ],
                K::FamilyMoved,
            ),
            (
                &["assessment", "outcome:", "section 47 outcome"],
                K::Assessment,
            ),
            (
                &[
                    "home visit",
                    "visited",
                    "visit:",
                    "joint visit",
                    "visit at",
                    "visit to",
                ],
                K::HomeVisit,
            ),
            (
                &["hospital", "emergency department", "a&e"],
                K::HospitalAttendance,
            ),
            (&["bruise", "injury", "burn"], K::Injury),
            (
                &["incident", "assault", "call-out", "attended the address"],
                K::Incident,
            ),
            (&["concern"], K::ConcernRaised),
            (&["appointment", "clinic", "seen by"], K::Appointment),
            (&["meeting"], K::Meeting),
            (
                &["telephone", "phone", "called", "letter", "email", "text"],
                K::Contact,
            ),
        ];
        let mut items = Vec::new();
        for (table, strong) in [(decisive, true), (positional, false)] {
            for (words, kind) in table {
                for w in *words {
                    items.push((w.to_string(), (strong, *kind)));
                }
            }
        }
        KindReader {
            phrases: Phrases::new(items),
        }
    }

    /// The kind a summary reads as, if any.
    pub(crate) fn read(&self, summary: &str) -> Option<EntryKind> {
        // (decisive first, then earliest, then longest phrase)
        let mut best: Option<((bool, usize, usize), EntryKind)> = None;
        self.phrases
            .each_span(summary, |(strong, kind), start, end| {
                if negated_before(summary, start) {
                    return;
                }
                let key = (!strong, start, usize::MAX - (end - start));
                if best.is_none_or(|(k, _)| key < k) {
                    best = Some((key, kind));
                }
            });
        best.map(|(_, k)| k)
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
    fn phrases_match_at_word_starts_only() {
        let p = Phrases::new([("hit".to_string(), 1), ("bruis".to_string(), 2)]);
        let mut found = Vec::new();
        p.each("white bruising; hit him", |v, _| found.push(v));
        assert_eq!(found, vec![2, 1]);
        let mut found = Vec::new();
        p.each("hitting", |v, _| found.push(v));
        assert!(found.is_empty(), "short phrases are whole words");
    }

    #[test]
    fn negation_looks_back_three_words() {
        let t = "no marks or bruising seen";
        assert!(negated_before(t, t.find("bruising").unwrap()));
        let t = "bruise on the cheek; not a problem";
        assert!(!negated_before(t, t.find("bruise").unwrap()));
    }

    #[test]
    fn kinds_are_read_from_summaries() {
        let r = KindReader::new();
        assert_eq!(
            r.read(&normalise("Strategy discussion held")),
            Some(EntryKind::StrategyDiscussion)
        );
        assert_eq!(
            r.read(&normalise("Home visit: no access")),
            Some(EntryKind::NoAccessVisit)
        );
        assert_eq!(
            r.read(&normalise("Referral received from the GP")),
            Some(EntryKind::ReferralReceived)
        );
        assert_eq!(
            r.read(&normalise("EDT decision: strategy discussion tonight")),
            Some(EntryKind::ThresholdDecision)
        );
        assert_eq!(
            r.read(&normalise("SW2 recommended a strategy discussion")),
            Some(EntryKind::Assessment)
        );
        assert_eq!(
            r.read(&normalise("EY1 emailed the Front Door")),
            Some(EntryKind::InformationShared),
            "the longer phrase wins at the same place"
        );
        assert_eq!(r.read("nothing to see"), None);
    }

    #[test]
    fn stems_drop_common_words_and_numbers() {
        assert_eq!(
            stems(&normalise("Father's history as perpetrator (2017); MARAC")),
            vec!["histor", "perpet", "marac"]
        );
    }
}
