//! The links the analysis infers between entries: which entry received a hand-over, which
//! entries record the same event, which decision overruled a recommendation. Every inferred
//! edge is marked as such; the reviewer's links always win.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use petgraph::graph::NodeIndex;
use petgraph::Direction;

use crate::calendar;
use crate::model::*;

use super::{shares_person, similar, Chronology, Rel};

/// Kinds that record a meeting.
fn is_meeting(kind: EntryKind) -> bool {
    use EntryKind as K;
    matches!(
        kind,
        K::StrategyDiscussion
            | K::ChildProtectionConference
            | K::CoreGroup
            | K::CinMeeting
            | K::Meeting
            | K::Marac
    )
}

impl Chronology<'_> {
    // -----------------------------------------------------------------------------------------
    // Inference

    /// Whether `agency` has an entry in the lookback period before day `day`.
    pub(super) fn involved_before(&self, agency: AgencyId, day: NaiveDate) -> bool {
        let from =
            day - chrono::Days::new(u64::from(self.settings.general.involvement_lookback_days));
        let list = self.entries_of(agency);
        let start = list.partition_point(|&i| self.facts[i].day < from);
        list[start..]
            .iter()
            .take_while(|&&i| self.facts[i].day < day)
            .any(|&i| !self.facts[i].background)
    }

    /// Matches hand-overs with no explicit receipt to the receiving agency's entries: an
    /// entry recording a receipt that names the sender (or no other agency), nearest
    /// hand-over first; for a referral to children's social care, its next threshold
    /// decision; and when the receiving agency was not involved before, its first entry after.
    pub(super) fn infer_receipts(&mut self) {
        let mut edges: Vec<(usize, usize, LinkKind)> = Vec::new();
        // Hand-overs waiting for a receipt, per receiving agency.
        let mut waiting: HashMap<AgencyId, Vec<usize>> = HashMap::new();
        for (i, f) in self.facts.iter().enumerate() {
            if !f.is_handover() || f.background {
                continue;
            }
            for &to in &f.to {
                if to == f.agency || self.receipts_from(i, to).iter().any(|(_, e)| *e) {
                    continue;
                }
                waiting.entry(to).or_default().push(i);
            }
        }
        // Entries that already acknowledge something by the reviewer's links are taken.
        let taken: HashSet<usize> = (0..self.facts.len())
            .filter(|&i| {
                self.edges(i, Direction::Outgoing).any(|(_, r)| {
                    r.explicit && matches!(r.kind, LinkKind::Acknowledges | LinkKind::RespondsTo)
                }) || self
                    .edges(i, Direction::Incoming)
                    .any(|(_, r)| r.explicit && r.kind == LinkKind::TransfersTo)
            })
            .collect();
        for (to, handovers) in &waiting {
            // The receiver's own entries saying nothing arrived ("no notification or record
            // found"): a hand-over before one of them was lost, whatever comes later.
            let denials: Vec<NaiveDate> = self
                .entries_of(*to)
                .iter()
                .filter(|&&r| self.cues.not_received.any(&self.facts[r].text))
                .map(|&r| self.facts[r].day)
                .collect();
            let denied = |h: usize, r: usize| {
                let (from, until) = (self.facts[h].day, self.facts[r].day);
                denials.iter().any(|d| *d >= from && *d <= until)
            };
            let mut matched: HashSet<usize> = HashSet::new();
            // Receipts matched to a hand-over here are not another one's response.
            let mut used: HashSet<usize> = HashSet::new();
            // Receipts named as such, each matched to the nearest earlier hand-over from each
            // agency it names.
            for &r in self.entries_of(*to) {
                let rf = &self.facts[r];
                if rf.background || taken.contains(&r) || self.cues.not_received.any(&rf.text) {
                    continue;
                }
                let is_receipt = rf.kind == EntryKind::ReferralReceived
                    || (self.cues.receipt.any(&rf.summary)
                        && !matches!(rf.kind, EntryKind::Referral | EntryKind::InformationShared));
                if !is_receipt {
                    continue;
                }
                let others: Vec<AgencyId> = rf
                    .summary_mentions
                    .iter()
                    .copied()
                    .filter(|a| a != to)
                    .collect();
                let mut senders_done: Vec<AgencyId> = Vec::new();
                // Hand-overs up to this receipt, nearest first, until they are too old.
                let upto = handovers.partition_point(|&h| self.facts[h].day <= rf.day);
                for &h in handovers[..upto].iter().rev() {
                    let hf = &self.facts[h];
                    if rf.day > self.window_end(hf.day) {
                        break;
                    }
                    if matched.contains(&h) || !rf.not_before(hf) || r == h || denied(h, r) {
                        continue;
                    }
                    let fits = others.is_empty() || others.contains(&hf.agency);
                    if !fits || senders_done.contains(&hf.agency) {
                        continue;
                    }
                    matched.insert(h);
                    used.insert(r);
                    edges.push((r, h, LinkKind::Acknowledges));
                    senders_done.push(hf.agency);
                    if others.is_empty() {
                        break;
                    }
                }
            }
            for &h in handovers {
                if matched.contains(&h) {
                    continue;
                }
                let hf = &self.facts[h];
                let end = self.window_end(hf.day);
                let csc_referral = hf.kind == EntryKind::Referral
                    && self.sector(*to) == Some(Sector::ChildrensSocialCare);
                let new_agency = !self.involved_before(*to, hf.day);
                let next_day = calendar::add_working_days(hf.day, 1);
                let soon = calendar::add_working_days(
                    hf.day,
                    self.settings.lost_transfer.expected_receipt_working_days,
                );
                // An entry answers a hand-over only when it is about it: it records a
                // receipt or a contact ("email from", "call from"), or speaks of a concern the
                // hand-over carried. An unrelated entry that happens to name the sender
                // ("victim spoken to at hospital") is not its receipt.
                let about = |rf: &super::Fact<'_>| {
                    self.cues.receipt.any(&rf.text)
                        || rf.kind == EntryKind::ReferralReceived
                        || (rf.concerns & hf.concerns) != 0
                };
                let found = self.later_of(*to, h, end).find(|&r| {
                    let rf = &self.facts[r];
                    rf.day <= end
                        && !rf.background
                        && !taken.contains(&r)
                        && !used.contains(&r)
                        // "No notification or record found": the receiver's own word that
                        // nothing arrived is not a response.
                        && !self.cues.not_received.any(&rf.text)
                        && !denied(h, r)
                        && ((csc_referral && rf.kind == EntryKind::ThresholdDecision)
                            // A service new to the family: its first entry after, unless it
                            // hands something on elsewhere or is about something else.
                            || (new_agency
                                && !(rf.is_handover() && !rf.to.is_empty() && !rf.to.contains(&hf.agency))
                                && (about(rf)
                                    || rf.mentions.contains(&hf.agency)
                                    || !matches!(
                                        rf.kind,
                                        EntryKind::Note | EntryKind::Incident | EntryKind::Injury
                                    )))
                            // Shared at a meeting the receiving agency records that day
                            // (the strategy discussion its officer attended): those present
                            // received it.
                            || (rf.day == hf.day
                                && is_meeting(rf.kind)
                                && self.cues.meeting.any_affirmed(&hf.text))
                            // A reply: the receiving agency sends something back soon.
                            || (rf.is_handover() && rf.to.contains(&hf.agency) && rf.day <= soon)
                            // Its own note of the same call or email, naming the sender.
                            || (rf.day <= next_day
                                && !(rf.is_handover() && !rf.to.is_empty() && !rf.to.contains(&hf.agency))
                                && rf.mentions.contains(&hf.agency)
                                && about(rf)))
                });
                if let Some(r) = found {
                    edges.push((r, h, LinkKind::RespondsTo));
                }
            }
        }
        for (a, b, kind) in edges {
            self.graph.add_edge(
                NodeIndex::new(a),
                NodeIndex::new(b),
                Rel {
                    kind,
                    explicit: false,
                },
            );
        }
    }

    /// Pairs entries from two agencies that record the same event: the same day, the same
    /// kind of event, and either a person or most of their words in common.
    pub(super) fn infer_duplicates(&mut self) {
        fn family(kind: EntryKind) -> Option<u8> {
            use EntryKind as K;
            Some(match kind {
                K::StrategyDiscussion => 1,
                K::ChildProtectionConference => 2,
                K::CoreGroup => 3,
                K::CinMeeting => 4,
                K::Marac => 5,
                K::Meeting => 6,
                K::HomeVisit | K::NoAccessVisit => 7,
                K::Incident => 8,
                K::HospitalAttendance => 9,
                K::Injury => 10,
                _ => return None,
            })
        }
        let mut edges = Vec::new();
        let mut start = 0;
        while start < self.facts.len() {
            let day = self.facts[start].day;
            let mut end = start;
            while end < self.facts.len() && self.facts[end].day == day {
                end += 1;
            }
            for a in start..end {
                let fa = &self.facts[a];
                let Some(ka) = family(fa.kind) else { continue };
                if !fa.exact {
                    continue;
                }
                for b in a + 1..end {
                    let fb = &self.facts[b];
                    if fb.agency == fa.agency || !fb.exact || family(fb.kind) != Some(ka) {
                        continue;
                    }
                    if self.explicitly_linked(a, b) {
                        continue;
                    }
                    if let (Some(ta), Some(tb)) = (fa.time, fb.time) {
                        let gap = (ta - tb).num_minutes().abs();
                        if gap > 180 {
                            continue;
                        }
                    }
                    if shares_person(fa.entry, fb.entry) || similar(&fa.text, &fb.text) {
                        edges.push((a.max(b), a.min(b)));
                    }
                }
            }
            start = end;
        }
        for (a, b) in edges {
            self.graph.add_edge(
                NodeIndex::new(a),
                NodeIndex::new(b),
                Rel {
                    kind: LinkKind::DuplicateOf,
                    explicit: false,
                },
            );
        }
    }

    /// Finds recommendations (assessments, or entries that recommend) that the same agency's
    /// next manager's decision, within the challenge window, set at a lower level.
    pub(super) fn infer_overrules(&mut self) {
        let window = self.settings.missed_escalation.challenge_working_days;
        let mut edges = Vec::new();
        for (i, f) in self.facts.iter().enumerate() {
            let Some(asked) = f.level else {
                continue;
            };
            let recommends =
                f.kind == EntryKind::Assessment || self.cues.recommendation.any(&f.text);
            if !recommends || f.background || f.is_decision() {
                continue;
            }
            if self
                .edges(i, Direction::Incoming)
                .any(|(_, r)| r.kind == LinkKind::Overrules)
            {
                continue;
            }
            let end = calendar::add_working_days(f.day, window);
            let decision = self.later_of(f.agency, i, end).find(|&d| {
                let df = &self.facts[d];
                df.day <= end
                    && matches!(
                        df.kind,
                        EntryKind::ManagerDecision | EntryKind::ThresholdDecision
                    )
                    && df.level.is_some()
            });
            if let Some(d) = decision {
                let given = self.facts[d].level.expect("checked");
                if given < asked && !self.explicitly_linked(i, d) {
                    edges.push((d, i));
                }
            }
        }
        for (d, i) in edges {
            self.graph.add_edge(
                NodeIndex::new(d),
                NodeIndex::new(i),
                Rel {
                    kind: LinkKind::Overrules,
                    explicit: false,
                },
            );
        }
    }
}
