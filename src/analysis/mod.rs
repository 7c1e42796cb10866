//! Analysis: the rules that flag lost transfers, missed escalations, unseen children, delays,
//! contradicting records and repeated concerns, as a pure function of the review's data,
//! its settings and "today".
//!
//! [`analyse`] reads the chronology once into a graph of entries (petgraph), with the
//! reviewer's links and the links it infers for chronologies nobody has linked yet (a
//! referral to agency X is matched to X's receipt or first later entry; moves and closures
//! are read from kinds, suggested kinds and words). Each rule then walks that graph and
//! proposes [`FlagCandidate`]s: candidates for the review team's judgement, never verdicts.
//! Every candidate explains itself in plain English, citing its entries with UK dates and
//! working-day counts, says whether it rests on inference, and carries a stable identity
//! (its rule and the entries it is about) and a digest of its evidence, so the reviewer's
//! triage survives re-analysis and a dismissed flag stays dismissed unless its evidence
//! changes. Merging candidates with the stored triage is [`triage`]'s job; storing them is
//! the API's.
//!
//! The rules, their ids and what they look for are listed in [`RULES`]; their thresholds are
//! [`AnalysisSettings`] (documented defaults); protocol timescales are the review's
//! [`ProtocolRule`]s. Nothing here reads a clock, a file or the database.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use specta::Type;

use crate::json::ReviewData;
use crate::model::*;

mod chronology;
mod explain;
mod rules;
mod settings;
pub mod synthetic;
mod text;
pub mod triage;

pub use settings::{
    default_concerns, default_statutory_risks, AnalysisSettings, ChildNotSeenSettings,
    ConcernCategory, ContradictionSettings, DelayedResponseSettings, GeneralSettings,
    LostTransferSettings, MissedEscalationSettings, RepeatedConcernSettings, StatutoryRisk,
};

use chronology::Chronology;

/// A flag proposed by a rule, before the reviewer's triage is merged in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Type)]
pub struct FlagCandidate {
    /// The pattern.
    pub kind: FlagKind,
    /// The rule that raised it (see [`RULES`]).
    pub rule: String,
    /// Stable identity: the rule plus the entries it is about.
    pub identity: String,
    /// SHA-256 (hex) of the evidence entries' content: it changes when the evidence does.
    pub evidence_digest: String,
    /// The entries it rests on, in time order.
    pub evidence: Vec<EntryId>,
    /// A plain-English explanation citing the entries.
    pub explanation: String,
    /// How much it matters.
    pub severity: Severity,
    /// Whether it rests on inferred links, kinds or receiving agencies.
    pub inferred: bool,
    /// The first day of the period it concerns.
    pub starts_on: NaiveDate,
    /// The last day of the period it concerns.
    pub ends_on: NaiveDate,
}

impl FlagCandidate {
    /// The candidate as a new, untriaged flag (id 0: the store chooses one).
    pub fn to_flag(&self) -> Flag {
        Flag {
            id: FlagId(0),
            kind: self.kind,
            rule: self.rule.clone(),
            identity: self.identity.clone(),
            evidence_digest: self.evidence_digest.clone(),
            evidence: self.evidence.clone(),
            explanation: self.explanation.clone(),
            severity: self.severity,
            inferred: self.inferred,
            starts_on: self.starts_on,
            ends_on: self.ends_on,
            status: FlagStatus::Open,
            rationale: String::new(),
            kpe: None,
            current: true,
        }
    }
}

/// A rule of the analysis, for documentation and the settings screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleInfo {
    /// Its id, as flags carry it.
    pub id: &'static str,
    /// The pattern it raises.
    pub kind: FlagKind,
    /// What it looks for, in a sentence.
    pub description: &'static str,
}

/// Every rule, in the order flags of a kind are listed.
pub const RULES: &[RuleInfo] = &[
    RuleInfo {
        id: "lost_transfer.no_receipt",
        kind: FlagKind::LostTransfer,
        description: "A referral, case transfer, information hand-over or request to another agency with no receipt or response from it within the protocol timescale (or the default expected time).",
    },
    RuleInfo {
        id: "lost_transfer.moved_no_onward_referral",
        kind: FlagKind::LostTransfer,
        description: "A service closed the case after the family moved to another area, with no referral or transfer to a service there.",
    },
    RuleInfo {
        id: "lost_transfer.disengaged_no_handover",
        kind: FlagKind::LostTransfer,
        description: "A service had only failed contacts (no access, not brought, unanswered) for a long period and closed or went silent without handing over to a universal service.",
    },
    RuleInfo {
        id: "lost_transfer.key_risk_dropped",
        kind: FlagKind::LostTransfer,
        description: "A hand-over whose receiving side did not record most of the key risk the sender held (where the reviewer marked the key risk).",
    },
    RuleInfo {
        id: "lost_transfer.risk_denied",
        kind: FlagKind::LostTransfer,
        description: "A hand-over, referral or discharge letter whose words say there is no risk (\"no risk issues identified\", \"none known\", \"no incidents since\") while the sender's own earlier records hold one (the key risk setting turns it on).",
    },
    RuleInfo {
        id: "missed_escalation.lower_level_unchallenged",
        kind: FlagKind::MissedEscalation,
        description: "A referral answered with a lower level of service than asked for, with no challenge by the referrer and no change of decision within the challenge window.",
    },
    RuleInfo {
        id: "missed_escalation.overruled_unchallenged",
        kind: FlagKind::MissedEscalation,
        description: "A practitioner's recommendation overruled by a lower-level decision, with no challenge within the challenge window.",
    },
    RuleInfo {
        id: "missed_escalation.concerns_no_strategy_discussion",
        kind: FlagKind::MissedEscalation,
        description: "Several concerns from several agencies within a few weeks with no strategy discussion, child protection conference, MARAC or escalation soon after.",
    },
    RuleInfo {
        id: "missed_escalation.decision_below_risk",
        kind: FlagKind::MissedEscalation,
        description: "A front-door decision (threshold or MASH decision) that routed a risk calling for a statutory response (an injury to a non-mobile baby, a domestic abuse incident with a baby under one, high-risk domestic abuse, a child's disclosure of sexual abuse) to early help, universal services or no further action, with no strategy discussion, assessment or higher decision within the set time. A referrer who asked for more is the lower-response rule's flag, not this one.",
    },
    RuleInfo {
        id: "missed_escalation.disagreement_dropped",
        kind: FlagKind::MissedEscalation,
        description: "A practitioner recorded as disagreeing with a decision, with no escalation by their agency after it.",
    },
    RuleInfo {
        id: "child_not_seen.open_case_gap",
        kind: FlagKind::ChildNotSeen,
        description: "A period longer than the limit in which no professional saw the child while a service had the case open.",
    },
    RuleInfo {
        id: "child_not_seen.role_gap",
        kind: FlagKind::ChildNotSeen,
        description: "A long period in which a service responsible for seeing the child (social worker, health visitor, family nurse) did not see them while other professionals did, counted from the child's date of birth.",
    },
    RuleInfo {
        id: "delayed_response.protocol_timescale",
        kind: FlagKind::DelayedResponse,
        description: "A response later than a protocol rule's timescale, counted in working days (England and Wales bank holidays excluded).",
    },
    RuleInfo {
        id: "delayed_response.event_timescale",
        kind: FlagKind::DelayedResponse,
        description: "A response the protocol names in words (\"a return home interview\", \"a social worker visit\") recorded later than its timescale after an event with no entry kind of its own (a return from missing, a placement, an exclusion). A response not recorded at all is not flagged: it may be in a record the review does not hold.",
    },
    RuleInfo {
        id: "child_not_seen.protocol_visit",
        kind: FlagKind::ChildNotSeen,
        description: "A visit the protocol requires after an event (\"a social worker visit within 1 week of placement\") recorded later than its timescale: the child was not seen by the one responsible for seeing them.",
    },
    RuleInfo {
        id: "contradicting_records.linked",
        kind: FlagKind::ContradictingRecords,
        description: "Two entries the reviewer linked as contradicting each other.",
    },
    RuleInfo {
        id: "contradicting_records.accounts_differ",
        kind: FlagKind::ContradictingRecords,
        description: "Two agencies' records of the same event that differ: one records a concern, an injury or the child present, the other none.",
    },
    RuleInfo {
        id: "contradicting_records.allegation_denied",
        kind: FlagKind::ContradictingRecords,
        description: "One agency records an allegation or disclosure of harm, and another agency's record of the same incident, naming the first agency's service, says no allegation was made.",
    },
    RuleInfo {
        id: "contradicting_records.contact_denied",
        kind: FlagKind::ContradictingRecords,
        description: "One agency records telling another about an incident the same day, and the other's record of that day, naming the first agency's service, says it was never told.",
    },
    RuleInfo {
        id: "contradicting_records.unrecorded_meeting",
        kind: FlagKind::ContradictingRecords,
        description: "A meeting one agency records another agency's practitioner at, when that agency, active at the time, has no entry for it.",
    },
    RuleInfo {
        id: "repeated_concern.minimised_no_assessment",
        kind: FlagKind::RepeatedConcern,
        description: "The same concern recorded many times by several agencies within a few months, with no assessment, strategy discussion or conference that examined it.",
    },
    RuleInfo {
        id: "repeated_concern.new_adult_unchecked",
        kind: FlagKind::RepeatedConcern,
        description: "Signs of a new or unidentified adult man at the child's home (\"men's trainers in the hallway\", \"male voice in the background\", \"new partner\") recorded again with no police check, strategy discussion or assessment of him within the set time.",
    },
];

/// Runs every enabled rule on a review's data and returns the flags they propose, most
/// severe and earliest first. Pure: the same data, settings and `today` give the same flags.
///
/// `today` bounds what can be overdue: a response due after today (or after the chronology's
/// end) is never flagged as missing.
pub fn analyse(
    data: &ReviewData,
    settings: &AnalysisSettings,
    today: NaiveDate,
) -> Vec<FlagCandidate> {
    analyse_with(data, settings, today, &|_, _, _| true).unwrap_or_default()
}

/// [`analyse`], telling `keep` before each rule what it looks for, how many rules ran and how
/// many there are; when `keep` returns false the analysis stops and returns `None`.
pub fn analyse_with(
    data: &ReviewData,
    settings: &AnalysisSettings,
    today: NaiveDate,
    keep: &dyn Fn(&str, u32, u32) -> bool,
) -> Option<Vec<FlagCandidate>> {
    let chronology = Chronology::new(data, settings, today);
    let mut drafts = Vec::new();
    let rules = rules::enabled(settings);
    for (done, (what, rule)) in rules.iter().enumerate() {
        if !keep(what, done as u32, rules.len() as u32) {
            return None;
        }
        rule(&chronology, &mut drafts);
    }
    let mut seen = std::collections::HashSet::new();
    let mut out: Vec<FlagCandidate> = drafts
        .into_iter()
        .map(|d| d.finish(&chronology))
        .filter(|f| seen.insert(f.identity.clone()))
        .collect();
    out.sort_by(|a, b| {
        severity_rank(a.severity)
            .cmp(&severity_rank(b.severity))
            .then(a.starts_on.cmp(&b.starts_on))
            .then(a.identity.cmp(&b.identity))
    });
    Some(out)
}

fn severity_rank(s: Severity) -> u8 {
    match s {
        Severity::High => 0,
        Severity::Medium => 1,
        Severity::Low => 2,
    }
}

/// A flag as a rule drafts it, with evidence as positions in the chronology.
pub(crate) struct Draft {
    pub(crate) kind: FlagKind,
    pub(crate) rule: &'static str,
    /// The entries the flag is about, for its identity (a subset of the evidence that does not
    /// change when more evidence accumulates).
    pub(crate) anchors: Vec<usize>,
    /// A qualifier for the identity (a concern category, say), or empty.
    pub(crate) qualifier: String,
    pub(crate) evidence: Vec<usize>,
    pub(crate) explanation: String,
    pub(crate) severity: Severity,
    pub(crate) inferred: bool,
    /// The period, when it is not simply the evidence's first and last days.
    pub(crate) period: Option<(NaiveDate, NaiveDate)>,
}

impl Draft {
    fn finish(mut self, c: &Chronology<'_>) -> FlagCandidate {
        self.evidence.sort_unstable();
        self.evidence.dedup();
        let mut anchor_ids: Vec<i64> = self.anchors.iter().map(|&i| c.fact(i).id.0).collect();
        anchor_ids.sort_unstable();
        anchor_ids.dedup();
        let mut identity = format!(
            "{}:{}",
            self.rule,
            anchor_ids
                .iter()
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join(",")
        );
        if !self.qualifier.is_empty() {
            identity.push(':');
            identity.push_str(&self.qualifier);
        }
        let evidence: Vec<EntryId> = self.evidence.iter().map(|&i| c.fact(i).id).collect();
        let (starts_on, ends_on) = self.period.unwrap_or_else(|| {
            let first = self.evidence.first().map(|&i| c.fact(i).day);
            let last = self
                .evidence
                .iter()
                .map(|&i| c.fact(i).entry.date.end)
                .max();
            (
                first.unwrap_or(c.horizon),
                last.unwrap_or(c.horizon).max(first.unwrap_or(c.horizon)),
            )
        });
        FlagCandidate {
            kind: self.kind,
            rule: self.rule.to_string(),
            identity,
            evidence_digest: digest(self.evidence.iter().map(|&i| c.fact(i).entry)),
            evidence,
            explanation: self.explanation,
            severity: self.severity,
            inferred: self.inferred,
            starts_on,
            ends_on,
        }
    }
}

/// Receiving agencies as the digest reads them: none or one as the single value it was before
/// an entry could go to several agencies (so upgrading reopens no dismissed flag), several as
/// a list.
#[derive(serde::Serialize)]
#[serde(untagged)]
enum Receivers<'e> {
    One(Option<AgencyId>),
    Many(&'e [AgencyId]),
}

impl<'e> Receivers<'e> {
    fn of(list: &'e [AgencyId]) -> Receivers<'e> {
        match list {
            [] => Receivers::One(None),
            [one] => Receivers::One(Some(*one)),
            many => Receivers::Many(many),
        }
    }
}

/// SHA-256 (lower-case hex) of the content of `entries` that the rules read: if any of it
/// changes, a dismissed flag is reopened.
pub fn digest<'e>(entries: impl IntoIterator<Item = &'e Entry>) -> String {
    let mut h = Sha256::new();
    for e in entries {
        let fields = (
            e.id,
            &e.date,
            e.ends_on,
            e.sequence,
            e.agency,
            e.kind,
            e.suggested_kind,
            &e.summary,
            &e.detail,
            &e.outcome,
            e.child_seen,
            (
                Receivers::of(&e.to_agencies),
                Receivers::of(&e.suggested_to_agencies),
                e.service_level,
            ),
            (&e.key_risk, &e.tags, &e.people),
        );
        serde_json::to_writer(&mut h, &fields).expect("entries always serialise");
        h.update(b"\n");
    }
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(64);
    for b in h.finalize() {
        out.push(HEX[usize::from(b >> 4)] as char);
        out.push(HEX[usize::from(b & 15)] as char);
    }
    out
}
