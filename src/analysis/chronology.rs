//! The chronology as the rules see it: every entry read once into a [`Fact`] (its effective
//! kind, receiving agency, concerns, the agencies it names), ordered in time, and a petgraph
//! graph whose nodes are the entries and whose edges are the reviewer's links plus the links
//! the analysis infers (which entry received a hand-over, which entries record the same event,
//! which decision overruled a recommendation).
//!
//! Explicit links always win: a hand-over the reviewer linked to its receipt is never given an
//! inferred one, and an inferred link is never added between two entries the reviewer already
//! related. Every inferred edge is marked, so a flag can say whether it rests on inference.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveTime};
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use petgraph::Direction;

use crate::calendar;
use crate::json::ReviewData;
use crate::model::*;

use super::settings::AnalysisSettings;
use super::text::{normalise, stems, ConcernMatcher, Cues, KindReader, NameMatcher, Named};

mod inference;

/// Where a fact about an entry came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Source {
    /// Recorded in the entry (its kind, receiving agency or child-seen field).
    Recorded,
    /// Proposed by an import and not yet accepted (a suggested kind or receiving agency).
    Suggested,
    /// Read from the entry's words.
    Text,
}

impl Source {
    pub(crate) fn inferred(self) -> bool {
        self != Source::Recorded
    }
}

/// One entry as the rules read it.
pub(crate) struct Fact<'a> {
    /// The entry.
    pub(crate) entry: &'a Entry,
    /// Its id.
    pub(crate) id: EntryId,
    /// The agency that recorded it.
    pub(crate) agency: AgencyId,
    /// The first day it can have happened.
    pub(crate) day: NaiveDate,
    /// The time of day, when recorded.
    pub(crate) time: Option<NaiveTime>,
    /// Whether the date is a single known day (working days can be counted from it).
    pub(crate) exact: bool,
    /// The kind the rules use: recorded, else suggested, else read from the summary.
    pub(crate) kind: EntryKind,
    /// Where the kind came from.
    pub(crate) kind_from: Source,
    /// The receiving agencies for hand-overs, in order: recorded, else suggested, else read
    /// from the text. A hand-over can go to several agencies.
    pub(crate) to: Vec<AgencyId>,
    /// Where the receiving agencies came from.
    pub(crate) to_from: Source,
    /// Summary, detail and outcome in lower case (never the reviewer's comment).
    pub(crate) text: String,
    /// The summary alone, lower case.
    pub(crate) summary: String,
    /// The concern categories it records (bit set over the settings' categories).
    pub(crate) concerns: u32,
    /// The concern categories its summary (its headline) records.
    pub(crate) headline: u32,
    /// Agencies, areas and services its words name.
    pub(crate) named: Vec<Named>,
    /// The agencies its words point at (services resolved by area).
    pub(crate) mentions: Vec<AgencyId>,
    /// What its summary names.
    pub(crate) named_in_summary: Vec<Named>,
    /// The agencies its summary points at.
    pub(crate) summary_mentions: Vec<AgencyId>,
    /// Background history or before the review's scope: left out of the rules.
    pub(crate) background: bool,
    /// Whether a family member took part (present or recorded as spoken to).
    pub(crate) family_present: bool,
    /// Whether the child was seen, from the field or, when not recorded, from the words.
    pub(crate) seen: ChildSeen,
    /// Where `seen` came from.
    pub(crate) seen_from: Source,
    /// The level of service asked for (hand-overs) or given (decisions): recorded, else read
    /// from the words ("recommends ICPC", "step across to Early Help", "NFA").
    pub(crate) level: Option<ServiceLevel>,
    /// Its words say a contact failed or did not reach the person ("no answer", "not
    /// brought", "phone only").
    pub(crate) failed: bool,
    /// The words that record its hand-over (its summary, or the outcome or detail a
    /// hand-over was read from).
    pub(crate) handover_words: String,
}

impl Fact<'_> {
    /// Whether this entry happened at or after `other` (same day counts unless both times say
    /// otherwise).
    pub(crate) fn not_before(&self, other: &Fact<'_>) -> bool {
        if self.day != other.day {
            return self.day > other.day;
        }
        match (self.time, other.time) {
            (Some(a), Some(b)) => a >= b,
            _ => true,
        }
    }

    pub(crate) fn is_handover(&self) -> bool {
        self.kind.is_handover() || self.kind == EntryKind::InformationRequest
    }

    pub(crate) fn is_decision(&self) -> bool {
        matches!(
            self.kind,
            EntryKind::ThresholdDecision
                | EntryKind::ManagerDecision
                | EntryKind::ChildProtectionConference
                | EntryKind::StrategyDiscussion
        )
    }
}

/// A link in the analysis graph, in the reviewer's reading ("from <kind> to").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Rel {
    /// What the relation is.
    pub(crate) kind: LinkKind,
    /// Made by the reviewer (true) or inferred by the analysis (false).
    pub(crate) explicit: bool,
}

/// The chronology read for the rules.
pub(crate) struct Chronology<'a> {
    pub(crate) data: &'a ReviewData,
    pub(crate) settings: &'a AnalysisSettings,
    /// The last day the chronology can speak for: today, or the end of the review's scope
    /// when earlier (without a scope, the last entry). Nothing due after it is flagged.
    pub(crate) horizon: NaiveDate,
    /// Entries in time order.
    pub(crate) facts: Vec<Fact<'a>>,
    index: HashMap<EntryId, usize>,
    /// Each agency's entries, in time order (indices into `facts`).
    pub(crate) by_agency: HashMap<AgencyId, Vec<usize>>,
    agencies: HashMap<AgencyId, &'a Agency>,
    /// Entries as nodes (node `i` is `facts[i]`), links as edges.
    pub(crate) graph: DiGraph<(), Rel>,
    /// The concern vocabulary.
    pub(crate) concerns: ConcernMatcher,
    /// Recurring phrases.
    pub(crate) cues: Cues,
    /// The names of the review's agencies, areas and practitioners, for reading who a text
    /// speaks of.
    pub(crate) names: NameMatcher,
    /// The child the review is about, when the glossary has them.
    pub(crate) subject: Option<&'a Person>,
    /// Per entry: a copy of another agency's record of the same event.
    copies: Vec<bool>,
    /// Per entry: records receiving or answering another entry.
    receipts_: Vec<bool>,
}

impl<'a> Chronology<'a> {
    /// Reads the review's data.
    pub(crate) fn new(
        data: &'a ReviewData,
        settings: &'a AnalysisSettings,
        today: NaiveDate,
    ) -> Self {
        let concerns = ConcernMatcher::new(&settings.concerns);
        let names = NameMatcher::new(&data.agencies, &data.areas, &data.people);
        let kinds = KindReader::new();
        let cues = Cues::new();
        let agencies: HashMap<AgencyId, &Agency> =
            data.agencies.iter().map(|a| (a.id, a)).collect();
        let people: HashMap<PersonId, &Person> = data.people.iter().map(|p| (p.id, p)).collect();
        let subject = data
            .people
            .iter()
            .find(|p| p.kind == PersonKind::Family && p.label == data.review.subject)
            .or_else(|| {
                data.people
                    .iter()
                    .find(|p| p.label.eq_ignore_ascii_case(&data.review.subject))
            });
        let scope_start = data.review.scope_start;

        // Kinds are read from words only in an agency's record that nobody has classified
        // (mostly "note"): where the reviewer set kinds, "note" is a choice.
        let mut notes: HashMap<AgencyId, (usize, usize)> = HashMap::new();
        for e in &data.entries {
            let n = notes.entry(e.agency).or_default();
            n.1 += 1;
            if e.kind == EntryKind::Note {
                n.0 += 1;
            }
        }
        let unclassified = |a: AgencyId| notes.get(&a).is_some_and(|(note, all)| note * 2 > *all);
        // In time order from the start: sorting references is cheaper than moving facts.
        let mut sorted: Vec<&Entry> = data.entries.iter().collect();
        sorted.sort_unstable_by_key(|e| (e.date.start, e.date.time, e.sequence, e.id.0));
        let mut facts: Vec<Fact> = sorted
            .into_iter()
            .map(|e| {
                let summary = normalise(&e.summary);
                let mut text =
                    String::with_capacity(e.summary.len() + e.detail.len() + e.outcome.len() + 4);
                text.push_str(&summary);
                for part in [&e.detail, &e.outcome] {
                    if !part.is_empty() {
                        text.push_str(" \n ");
                        text.push_str(&normalise(part));
                    }
                }
                let (kind, kind_from) = match (e.kind, e.suggested_kind) {
                    (EntryKind::Note, Some(k)) => (k, Source::Suggested),
                    (EntryKind::Note, None) if unclassified(e.agency) => match kinds.read(&summary)
                    {
                        Some(k) => (k, Source::Text),
                        None => (EntryKind::Note, Source::Recorded),
                    },
                    (k, _) => (k, Source::Recorded),
                };
                // A referral asking for a level of service, written in the outcome of an entry
                // whose headline is another event ("AN clinic ... | MARF to MASH requesting
                // pre-birth assessment"), is read as the referral it records, with its receiver
                // named in the outcome.
                // Likewise a case transfer written in the detail ("FN1 phoned: family moved |
                // Transfer-out form and summary emailed to the new area's 0-19 team").
                let outcome = normalise(&e.outcome);
                let detail = normalise(&e.detail);
                let referral_part = [&outcome, &detail].into_iter().find(|part| {
                    kinds.records(part, EntryKind::Referral)
                        && crate::phrases::read_requested_level(part).is_some()
                });
                let referral_in_outcome = kind_from.inferred()
                    && !kind.is_handover()
                    && kind != EntryKind::ReferralReceived
                    && referral_part.is_some();
                let transfer_in_detail = kind_from.inferred()
                    && !kind.is_handover()
                    && kind != EntryKind::ReferralReceived
                    && !referral_in_outcome
                    && kinds.records(&detail, EntryKind::CaseTransfer);
                let (kind, kind_from) = if referral_in_outcome {
                    (EntryKind::Referral, Source::Text)
                } else if transfer_in_detail {
                    (EntryKind::CaseTransfer, Source::Text)
                } else {
                    (kind, kind_from)
                };
                let (named, mut named_in_summary) = names.find_with_headline(&text, summary.len());
                let mut handover_words = summary.clone();
                if let (true, Some(part)) = (referral_in_outcome, referral_part) {
                    named_in_summary = names.find(part);
                    handover_words = part.clone();
                } else if transfer_in_detail {
                    named_in_summary = names.find(&detail);
                    handover_words = detail.clone();
                }
                let home_area = agencies.get(&e.agency).and_then(|a| a.area);
                let mut mentions = names.agencies(&named, home_area);
                mentions.retain(|a| agencies.contains_key(a));
                let mut summary_mentions = names.agencies(&named_in_summary, home_area);
                summary_mentions.retain(|a| agencies.contains_key(a));
                let (to, to_from) = if !e.to_agencies.is_empty() {
                    (e.to_agencies.clone(), Source::Recorded)
                } else if !e.suggested_to_agencies.is_empty() {
                    (e.suggested_to_agencies.clone(), Source::Suggested)
                } else {
                    // Read from the words after sorting, when where the family lives is known.
                    (Vec::new(), Source::Recorded)
                };
                let background = e.tags.iter().any(|t| t.eq_ignore_ascii_case("background"))
                    || (settings.general.ignore_before_scope
                        && scope_start.is_some_and(|s| e.date.end < s));
                let family_present = e.people.iter().any(|p| {
                    matches!(p.involvement, Involvement::Present)
                        && people
                            .get(&p.person)
                            .is_some_and(|p| p.kind == PersonKind::Family)
                });
                let (seen, seen_from) = match e.child_seen {
                    ChildSeen::Unknown => match read_seen(&text, &cues) {
                        Some(s) => (s, Source::Text),
                        // A home visit, appointment or hospital attendance that its words do
                        // not say failed was face to face, unless its summary says it was at
                        // a distance ("Phone welfare check").
                        None if matches!(
                            kind,
                            EntryKind::HomeVisit
                                | EntryKind::Appointment
                                | EntryKind::HospitalAttendance
                        ) =>
                        {
                            if cues.remote.any(&summary) {
                                (ChildSeen::No, Source::Text)
                            } else {
                                (ChildSeen::Yes, Source::Text)
                            }
                        }
                        None => (ChildSeen::Unknown, Source::Recorded),
                    },
                    s => (s, Source::Recorded),
                };
                let (concerns_found, headline) =
                    concerns.find_with_headline(&text, summary.len(), &e.tags);
                // Hand-overs ask for a level only in words that ask; decisions give one in
                // any words.
                let level = e.service_level.or_else(|| {
                    if kind.is_handover() || kind == EntryKind::InformationRequest {
                        crate::phrases::read_requested_level(&text)
                    } else {
                        crate::phrases::read_level(&text)
                    }
                });
                let failed = cues.failed_contact.any_affirmed(&text);
                Fact {
                    entry: e,
                    id: e.id,
                    agency: e.agency,
                    day: e.date.start,
                    time: e.date.time,
                    exact: e.date.is_exact_day(),
                    kind,
                    kind_from,
                    to,
                    to_from,
                    summary,
                    text,
                    concerns: concerns_found,
                    headline,
                    named,
                    named_in_summary,
                    mentions,
                    summary_mentions,
                    background,
                    family_present,
                    seen,
                    seen_from,
                    level,
                    failed,
                    handover_words,
                }
            })
            .collect();
        // Receiving agencies read from words: a service named in the summary of a hand-over,
        // resolved to the sender's area or, for a force-wide sender, to the area where the
        // family was last known to be. A summary that also names the recording agency is
        // ambiguous about direction ("the midwife informed SW2") and is left alone.
        let mut family_area: Option<AreaId> = None;
        for f in facts.iter_mut() {
            let own_area = agencies.get(&f.agency).and_then(|a| a.area);
            if f.to.is_empty() && f.is_handover() && f.entry.suggested_to_agencies.is_empty() {
                let home = own_area.or(family_area);
                // An agency that only heard what someone said ("disclosure to police") is
                // not the receiver.
                let heard = crate::phrases::receiver::without_disclosures(&f.handover_words);
                let named_here = match &heard {
                    std::borrow::Cow::Owned(words) => names.find(words),
                    std::borrow::Cow::Borrowed(_) => f.named_in_summary.clone(),
                };
                let mut candidates: Vec<AgencyId> = names
                    .agencies(&named_here, home)
                    .into_iter()
                    .filter(|a| agencies.contains_key(a))
                    .collect();
                // None named there but the sender: the words anywhere in the record that
                // send it on name the receiver ("... Emailed to the ASC safeguarding inbox").
                if candidates.iter().all(|a| *a == f.agency) {
                    if let Some((_, end)) = crate::phrases::sent_on(&f.text) {
                        let rest = &f.text[end..];
                        let clause = &rest[..rest.find(['.', ';', '\n']).unwrap_or(rest.len())];
                        candidates = names
                            .agencies(&names.find(clause), home)
                            .into_iter()
                            .filter(|a| agencies.contains_key(a) && *a != f.agency)
                            .collect();
                    }
                }
                // The writer's own agency named first is the sender ("EY1 emailed the Front
                // Door"); named after another, it may be the receiver ("the midwife informed
                // SW2"), and the direction is unclear.
                let own_later = candidates.iter().skip(1).any(|a| *a == f.agency)
                    && candidates.first() != Some(&f.agency);
                let mut candidates: Vec<AgencyId> =
                    candidates.into_iter().filter(|a| *a != f.agency).collect();
                if candidates.len() > 1 {
                    // "emailed the PPN to the maternity inbox": the receiver follows "to".
                    if let Some(pos) = f.summary.rfind(" to ") {
                        let after = names.find(&f.summary[pos..]);
                        let after = names.agencies(&after, home);
                        let narrowed: Vec<AgencyId> = candidates
                            .iter()
                            .copied()
                            .filter(|a| after.contains(a))
                            .collect();
                        if !narrowed.is_empty() {
                            candidates = narrowed;
                        }
                    }
                }
                if !own_later {
                    if let [one] = candidates.as_slice() {
                        f.to = vec![*one];
                        f.to_from = Source::Text;
                    }
                }
                // Services named but not told apart by area: the best match by the names the
                // words use ("emailed to the Easterford 0-19 inbox").
                if f.to.is_empty() && candidates.len() > 1 {
                    if let Some(a) =
                        crate::phrases::receiver(&f.handover_words, f.agency, &data.agencies)
                    {
                        f.to = vec![a];
                        f.to_from = Source::Text;
                    }
                }
            }
            if !f.background {
                if let Some(a) = own_area {
                    family_area = Some(a);
                }
            }
        }
        let index: HashMap<EntryId, usize> =
            facts.iter().enumerate().map(|(i, f)| (f.id, i)).collect();
        let mut by_agency: HashMap<AgencyId, Vec<usize>> = HashMap::new();
        for (i, f) in facts.iter().enumerate() {
            by_agency.entry(f.agency).or_default().push(i);
        }

        let last_day = facts
            .iter()
            .filter(|f| !f.background)
            .map(|f| f.day)
            .max()
            .unwrap_or(today);
        // The chronology speaks up to the end of the review's scope (every agency submitted
        // its record of that period); with no scope set, up to its last entry.
        let horizon = today.min(data.review.scope_end.unwrap_or(last_day));

        let mut graph = DiGraph::with_capacity(facts.len(), data.links.len() * 2);
        for _ in 0..facts.len() {
            graph.add_node(());
        }
        for link in &data.links {
            if let (Some(&a), Some(&b)) = (index.get(&link.from), index.get(&link.to)) {
                graph.add_edge(
                    NodeIndex::new(a),
                    NodeIndex::new(b),
                    Rel {
                        kind: link.kind,
                        explicit: true,
                    },
                );
            }
        }

        let mut chronology = Chronology {
            data,
            settings,
            horizon,
            facts,
            index,
            by_agency,
            agencies,
            graph,
            concerns,
            cues,
            names,
            subject,
            copies: Vec::new(),
            receipts_: Vec::new(),
        };
        chronology.infer_receipts();
        chronology.infer_duplicates();
        chronology.infer_overrules();
        chronology.copies = (0..chronology.facts.len())
            .map(|i| chronology.compute_is_copy(i))
            .collect();
        chronology.receipts_ = (0..chronology.facts.len())
            .map(|i| chronology.compute_is_receipt(i))
            .collect();
        chronology
    }

    // -----------------------------------------------------------------------------------------
    // Lookups

    pub(crate) fn fact(&self, i: usize) -> &Fact<'a> {
        &self.facts[i]
    }

    pub(crate) fn position(&self, id: EntryId) -> Option<usize> {
        self.index.get(&id).copied()
    }

    pub(crate) fn agency(&self, id: AgencyId) -> Option<&'a Agency> {
        self.agencies.get(&id).copied()
    }

    /// The agency's short name, for explanations.
    pub(crate) fn agency_name(&self, id: AgencyId) -> String {
        self.agency(id)
            .map(|a| a.short_name.clone())
            .unwrap_or_else(|| format!("agency {id}"))
    }

    pub(crate) fn sector(&self, id: AgencyId) -> Option<Sector> {
        self.agency(id).map(|a| a.sector)
    }

    pub(crate) fn area(&self, id: AgencyId) -> Option<AreaId> {
        self.agency(id).and_then(|a| a.area)
    }

    /// The index of the first fact on or after `day` (facts are in time order, so the facts
    /// of a stretch of days are one run of indices, found by binary search).
    pub(crate) fn first_from(&self, day: NaiveDate) -> usize {
        self.facts.partition_point(|f| f.day < day)
    }

    /// The index of the first fact after `day`.
    pub(crate) fn first_after(&self, day: NaiveDate) -> usize {
        self.facts.partition_point(|f| f.day <= day)
    }

    /// The agency's entries (indices), in time order.
    pub(crate) fn entries_of(&self, agency: AgencyId) -> &[usize] {
        self.by_agency
            .get(&agency)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// Indices of `agency`'s entries that happened no earlier than entry `after` (not
    /// `after` itself) and no later than `until`, in time order.
    pub(crate) fn later_of(
        &self,
        agency: AgencyId,
        after: usize,
        until: NaiveDate,
    ) -> impl Iterator<Item = usize> + '_ {
        let anchor = &self.facts[after];
        let list = self.entries_of(agency);
        let start = list.partition_point(|&i| self.facts[i].day < anchor.day);
        list[start..]
            .iter()
            .copied()
            .take_while(move |&i| self.facts[i].day <= until)
            .filter(move |&i| i != after && self.facts[i].not_before(anchor))
    }

    /// Working days after `from` up to and including `to` (England and Wales).
    pub(crate) fn working_days(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        calendar::working_days_between(from, to)
    }

    /// The last day of the inference window after `day`.
    pub(crate) fn window_end(&self, day: NaiveDate) -> NaiveDate {
        calendar::add_working_days(day, self.settings.general.inference_window_working_days)
    }

    /// Edges touching node `i` in `direction`, as (other node, relation).
    pub(crate) fn edges(
        &self,
        i: usize,
        direction: Direction,
    ) -> impl Iterator<Item = (usize, Rel)> + '_ {
        self.graph
            .edges_directed(NodeIndex::new(i), direction)
            .map(move |e| {
                let other = match direction {
                    Direction::Outgoing => e.target(),
                    Direction::Incoming => e.source(),
                };
                (other.index(), *e.weight())
            })
    }

    /// Whether the reviewer linked `a` and `b` in either direction (any kind).
    pub(crate) fn explicitly_linked(&self, a: usize, b: usize) -> bool {
        self.edges(a, Direction::Outgoing)
            .chain(self.edges(a, Direction::Incoming))
            .any(|(o, r)| o == b && r.explicit)
    }

    /// The entries that received or answered hand-over `h`: the reviewer's links
    /// (acknowledges, responds to, transfers to) when there are any, else the inferred ones.
    /// Returns (entry, explicit).
    pub(crate) fn receipts(&self, h: usize) -> Vec<(usize, bool)> {
        let mut explicit = Vec::new();
        let mut inferred = Vec::new();
        for (o, r) in self.edges(h, Direction::Incoming) {
            if matches!(r.kind, LinkKind::Acknowledges | LinkKind::RespondsTo) {
                if r.explicit {
                    explicit.push((o, true));
                } else {
                    inferred.push((o, false));
                }
            }
        }
        for (o, r) in self.edges(h, Direction::Outgoing) {
            if r.kind == LinkKind::TransfersTo {
                if r.explicit {
                    explicit.push((o, true));
                } else {
                    inferred.push((o, false));
                }
            }
        }
        let mut out = if explicit.is_empty() {
            inferred
        } else {
            explicit
        };
        out.sort();
        out.dedup();
        out
    }

    /// The receipts and responses of hand-over `h` that answer for receiving agency `to`: for
    /// a hand-over to several agencies, those the agency itself recorded; for one to a single
    /// agency, all of them (a reviewer's link may point at another agency's note of it).
    pub(crate) fn receipts_from(&self, h: usize, to: AgencyId) -> Vec<(usize, bool)> {
        let several = self.facts[h].to.len() > 1;
        let mut out = self.receipts(h);
        out.retain(|(r, _)| !several || self.facts[*r].agency == to);
        out
    }

    /// Each fact once per receiving agency, or once with `None` when it has none, so a rule
    /// that reads the receiving agency checks each one: a hand-over to two agencies is two
    /// hand-overs to receive, time and answer.
    pub(crate) fn per_receiver(
        &self,
    ) -> impl Iterator<Item = (usize, &Fact<'a>, Option<AgencyId>)> + '_ {
        self.facts.iter().enumerate().flat_map(|(i, f)| {
            let each: Vec<Option<AgencyId>> = match f.to.as_slice() {
                [] => vec![None],
                list => list.iter().copied().map(Some).collect(),
            };
            each.into_iter().map(move |to| (i, f, to))
        })
    }

    /// The flag identity's qualifier for a claim about receiving agency `to` of fact `f`:
    /// empty for a hand-over to one agency (as before several could be given), the agency's
    /// id for one to several, so each receiver's claim is its own flag.
    pub(crate) fn receiver_qualifier(f: &Fact<'_>, to: Option<AgencyId>) -> String {
        match to {
            Some(a) if f.to.len() > 1 => a.to_string(),
            _ => String::new(),
        }
    }

    /// Whether `i` is the copy in a pair of duplicates (the reviewer's `from` side; for an
    /// inferred pair, the one recorded later, or the later entry), so an event is counted once.
    pub(crate) fn is_copy(&self, i: usize) -> bool {
        self.copies[i]
    }

    fn compute_is_copy(&self, i: usize) -> bool {
        let key = |k: usize| {
            let e = self.facts[k].entry;
            (e.recorded_on.unwrap_or(e.date.start), e.id)
        };
        self.edges(i, Direction::Outgoing)
            .any(|(_, r)| r.kind == LinkKind::DuplicateOf && r.explicit)
            || self
                .edges(i, Direction::Outgoing)
                .chain(self.edges(i, Direction::Incoming))
                .any(|(o, r)| r.kind == LinkKind::DuplicateOf && !r.explicit && key(o) < key(i))
    }

    /// Whether `i` records receiving or answering another entry (a link from it, the
    /// reviewer's or inferred): its words pass on a concern rather than raise one.
    pub(crate) fn is_receipt(&self, i: usize) -> bool {
        self.receipts_[i]
    }

    fn compute_is_receipt(&self, i: usize) -> bool {
        self.edges(i, Direction::Outgoing)
            .any(|(_, r)| matches!(r.kind, LinkKind::Acknowledges | LinkKind::RespondsTo))
            || self
                .edges(i, Direction::Incoming)
                .any(|(_, r)| r.kind == LinkKind::TransfersTo)
    }

    /// The entries that overrule `i` (a recommendation), with whether the link is explicit.
    pub(crate) fn overruled_by(&self, i: usize) -> Vec<(usize, bool)> {
        self.edges(i, Direction::Incoming)
            .filter(|(_, r)| r.kind == LinkKind::Overrules)
            .map(|(o, r)| (o, r.explicit))
            .collect()
    }
}

fn shares_person(a: &Entry, b: &Entry) -> bool {
    a.people
        .iter()
        .any(|p| b.people.iter().any(|q| q.person == p.person))
}

/// Whether two accounts share enough significant words to be about the same event.
pub(crate) fn similar(a: &str, b: &str) -> bool {
    let sa = stems(a);
    let sb = stems(b);
    if sa.is_empty() || sb.is_empty() {
        return false;
    }
    let common = sa.iter().filter(|w| sb.contains(w)).count();
    common * 4 >= sa.len().min(sb.len())
}

/// Reads whether the person the review is about was seen, from an entry's words when the
/// field is not filled in: "Child R seen", "seen alone", "seen and handled", "weighed and
/// measured", "imms given" are sightings; "not seen", "no answer", "not brought", "phone only"
/// are not. "Last seen ..." reports an earlier sighting and is not one.
fn read_seen(text: &str, cues: &Cues) -> Option<ChildSeen> {
    let mut seen = false;
    cues.seen.each_span(text, |_, start, end| {
        if seen || !crate::phrases::affirmed(text, start, end) {
            return;
        }
        let before = text[..start].trim_end();
        let reported = ["last", "previously", "been", "since", "when"]
            .iter()
            .any(|w| before.ends_with(w));
        if !reported {
            seen = true;
        }
    });
    if seen {
        Some(ChildSeen::Yes)
    } else if cues.failed_contact.any_affirmed(text) {
        Some(ChildSeen::No)
    } else {
        None
    }
}
