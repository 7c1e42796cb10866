//! What kind of event a text records ("Strategy discussion held", "DNA x3 - discharged",
//! "Attempted visit, no answer"), read the same way for import suggestions and the analysis.

use std::sync::OnceLock;

use crate::model::EntryKind;

use super::{affirmed, Phrases};

/// Phrases that decide the kind wherever they stand in the headline: a failed visit, a
/// missed appointment, a challenge, a disagreement, a receipt, a recommendation.
const DECISIVE: &[(&[&str], EntryKind)] = &[
    (
        &[
            "no access",
            "no answer",
            "not answered",
            "unable to gain access",
            "nobody home",
            "no one home",
            "no-one home",
            "card left",
            "calling card",
            "not at home",
            "refused access",
            "refuses access",
            "attempted visit",
            "attempted home visit",
            "attempted to visit",
        ],
        EntryKind::NoAccessVisit,
    ),
    (
        &[
            "was not brought",
            "not brought",
            "wnb",
            "did not attend",
            "didn't attend",
            "dna",
            "dnas",
            "missed appointment",
            "failed to attend",
            "did not bring",
            "no show",
        ],
        EntryKind::MissedAppointment,
    ),
    (
        &[
            "escalat",
            "challenged the",
            "challenging",
            "raised a challenge",
            "professional difference",
            "resolving professional",
        ],
        EntryKind::Escalation,
    ),
    (
        &["disagree", "did not agree", "does not agree"],
        EntryKind::Disagreement,
    ),
    (
        &[
            "received",
            "receives",
            "receipt of",
            "transferred in",
            "picked up",
        ],
        EntryKind::ReferralReceived,
    ),
    (&["recommend"], EntryKind::Assessment),
];

/// Phrases that name an event; the one nearest the start of the headline wins, since a
/// summary names its event first ("Decision: strategy discussion tonight" is a decision).
const POSITIONAL: &[(&[&str], EntryKind)] = &[
    (
        &[
            "strategy discussion",
            "strategy meeting",
            "strategy call",
            "strat disc",
        ],
        EntryKind::StrategyDiscussion,
    ),
    (
        &[
            "child protection conference",
            "icpc",
            "rcpc",
            "ti-icpc",
            "transfer-in conference",
            "transfer in conference",
            "initial conference",
            "review conference",
            "case conference",
            "pre-birth conference",
        ],
        EntryKind::ChildProtectionConference,
    ),
    (&["core group"], EntryKind::CoreGroup),
    (
        &[
            "child in need meeting",
            "child in need review",
            "cin review",
            "cin meeting",
        ],
        EntryKind::CinMeeting,
    ),
    (
        &[
            "marac held",
            "marac meeting",
            "marac conference",
            "heard at marac",
            "discussed at marac",
            "marac",
        ],
        EntryKind::Marac,
    ),
    (
        // Passing on a MARAC's results is sharing information, not the meeting (the longer
        // phrase wins where both start).
        &[
            "marac outcome",
            "marac minutes",
            "marac actions",
            "marac notification",
            "marac flag",
        ],
        EntryKind::InformationShared,
    ),
    (&["marac referral", "marac listing"], EntryKind::Referral),
    (
        &[
            "referral to",
            "referred to",
            "refer to",
            "refers to",
            "referral made",
            "made a referral",
            "referral sent",
            "referral submitted",
            "submitted a referral",
            "submits a referral",
            "mash referral",
            "referral form",
            "marf",
            "re-referred",
            "safeguarding concern to",
            "concern submitted",
            "alert to",
        ],
        EntryKind::Referral,
    ),
    (
        &[
            "referral from",
            "referral received",
            "notification from",
            "request from",
            "letter from",
            "email from",
            "email - from",
            "ppn from",
            "transfer-in request",
        ],
        EntryKind::ReferralReceived,
    ),
    (
        &[
            "request for information",
            "information request",
            "information requested",
            "requested information",
            "asked for information",
            "requested",
            "asks",
            "asked",
        ],
        EntryKind::InformationRequest,
    ),
    (
        &[
            "emailed",
            "e-mailed",
            "sent to",
            "sends",
            "shared with",
            "shares",
            "informed",
            "informs",
            "informing",
            "notified",
            "notifies",
            "notification to",
            "passed to",
            "passes to",
            "passed on",
            "returned to",
            "letter to",
            "letter sent",
            "copy sent",
            "copied to",
            "email to",
            "reported to",
            "information shared",
        ],
        EntryKind::InformationShared,
    ),
    (
        &[
            "decision",
            "threshold",
            "no further action",
            "nfa",
            "step down",
            "stepped down",
            "step across",
            "stepped across",
            "early help offered",
            "rag",
            "below threshold",
            "criteria not met",
            "not met",
        ],
        EntryKind::ThresholdDecision,
    ),
    (
        &[
            "manager decided",
            "manager's decision",
            "managers decision",
            "management decision",
            "manager overruled",
            "overrule",
            "decision by manager",
        ],
        EntryKind::ManagerDecision,
    ),
    (
        &[
            "transferred to",
            "transfer to",
            "transfer out",
            "to transfer",
            "case transfer",
            "transfer of case",
            "transferred the case",
            "handed over to",
            "hand over to",
            "handover to",
            "hand-over to",
            "records sent",
            "records transferred",
            "transfer summary",
            "transfer form",
            "transfer-out",
        ],
        EntryKind::CaseTransfer,
    ),
    (
        &[
            "case closed",
            "closed",
            "closes",
            "closure",
            "close to",
            "close the",
            "discharge",
            "left the programme",
            "no further involvement",
        ],
        EntryKind::CaseClosed,
    ),
    (
        &["case opened", "opened", "allocated"],
        EntryKind::CaseOpened,
    ),
    (
        &[
            "moved to",
            "moved into",
            "moved out",
            "moved back",
            "moving to",
            "move to",
            "moves to",
            "moved house",
            "family moved",
            "new address",
            "placed in",
            "rehoused",
            "relocated",
            "change of address",
        ],
        EntryKind::FamilyMoved,
    ),
    (
        &[
            "assessment",
            "outcome:",
            "section 47",
            "s47",
            "s.47",
            "section 42",
            "s42 enquiry",
            "return home interview",
            "rhi",
        ],
        EntryKind::Assessment,
    ),
    (
        &[
            "home visit",
            "visited",
            "visit:",
            "joint visit",
            "visit at",
            "visit to",
            "visit -",
            "statutory visit",
            "unannounced visit",
            "announced visit",
            "new birth visit",
            "welfare visit",
            "enrolment visit",
            "seen at home",
        ],
        EntryKind::HomeVisit,
    ),
    (
        &[
            "hospital",
            "emergency department",
            "a&e",
            "a & e",
            "attended ed",
            "admitted",
            "admission",
            "labour ward",
            "postnatal ward",
        ],
        EntryKind::HospitalAttendance,
    ),
    (
        &[
            "bruise", "bruising", "injury", "injuries", "fracture", "burn",
        ],
        EntryKind::Injury,
    ),
    (
        &[
            "incident",
            "assault",
            "domestic abuse",
            "domestic violence",
            "police called",
            "police attended",
            "officers attended",
            "officers on scene",
            "call-out",
            "callout",
            "999",
            "attended the address",
            "arrest",
            "stop search",
            "stop and search",
            "reported missing",
            "missing episode",
        ],
        EntryKind::Incident,
    ),
    (
        &["concern", "worried", "worry", "safeguarding alert"],
        EntryKind::ConcernRaised,
    ),
    (
        &[
            "appointment",
            "clinic",
            "seen by",
            "seen in clinic",
            "seen at surgery",
            "attended surgery",
            "imms",
            "immunisation",
            "check",
            "review",
            "consultation",
        ],
        EntryKind::Appointment,
    ),
    (&["meeting", "professionals meeting"], EntryKind::Meeting),
    (
        &[
            "telephone",
            "phone",
            "tel call",
            "called",
            "rang",
            "letter",
            "email",
            "text",
            "texted",
            "call to",
            "call with",
            "office visit",
        ],
        EntryKind::Contact,
    ),
];

/// Reads the kind of event a text records. One automaton over both tables.
pub struct KindReader {
    phrases: Phrases<(u8, EntryKind)>,
}

impl Default for KindReader {
    fn default() -> Self {
        Self::new()
    }
}

impl KindReader {
    /// Builds the reader from the tables.
    pub fn new() -> Self {
        let mut items = Vec::new();
        for (table, decisive) in [(DECISIVE, true), (POSITIONAL, false)] {
            for (words, kind) in table {
                // Tiers: decisive phrases, then events, then the mere means of contact
                // ("phones the new area to transfer" is a transfer, not a phone call).
                let tier = match (decisive, kind) {
                    (true, _) => 0,
                    (false, EntryKind::Contact) => 2,
                    (false, _) => 1,
                };
                for w in *words {
                    items.push((w.to_string(), (tier, *kind)));
                }
            }
        }
        KindReader {
            phrases: Phrases::new(items),
        }
    }

    /// The kind a [`normalise`](super::normalise)d text reads as, if any. Its headline (up
    /// to the first line break) decides: a decisive phrase there wins wherever it stands,
    /// otherwise the event phrase nearest the start, and a means of contact ("phone",
    /// "email") only when no event is named; the rest of the text is read only when the
    /// headline names no event. Negated phrases ("no referral was made", "strategy
    /// discussion not held") are not read.
    pub fn read(&self, text: &str) -> Option<EntryKind> {
        let headline = text.find('\n').unwrap_or(text.len());
        // (outside the headline, tier, earliest, longest)
        let mut best: Option<((bool, u8, usize, usize), EntryKind)> = None;
        self.phrases.each_span(text, |(tier, kind), start, end| {
            if !affirmed(text, start, end) {
                return;
            }
            let key = (start >= headline, tier, start, usize::MAX - (end - start));
            if best.is_none_or(|(k, _)| key < k) {
                best = Some((key, kind));
            }
        });
        let kind = best.map(|(_, k)| k)?;
        // A concern its record says was sent on to another service is a referral to it
        // ("Safeguarding concern emailed to the ASC inbox", or a concern form whose detail
        // says "Emailed to the ASC safeguarding inbox"); the receiver is read from the words
        // that send it ([`sent_on`]).
        if kind == EntryKind::ConcernRaised && sent_on(text).is_some() {
            return Some(EntryKind::Referral);
        }
        Some(kind)
    }
}

/// Where a [`normalise`](super::normalise)d text says it was sent on to another service
/// ("emailed to", "sent to", "forwarded to", "referred to"): the span of the first such
/// words that stand affirmed, so the receiver can be read after them rather than from
/// another agency the record names in passing ("disclosure to police").
/// Sending a copy to the agency's own file or notes ("copy emailed to the team file") is
/// not sending it on.
pub fn sent_on(text: &str) -> Option<(usize, usize)> {
    let mut found = None;
    SENT_ON.with(|p| {
        p.each_span(text, |_, start, end| {
            if found.is_none() && affirmed(text, start, end) && !to_own_file(&text[end..]) {
                found = Some((start, end));
            }
        })
    });
    found
}

/// Whether the words after a sending phrase name the writer's own file ("the team file",
/// "notes", "the record").
fn to_own_file(after: &str) -> bool {
    after
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(4)
        .any(|w| {
            matches!(
                w,
                "file" | "files" | "notes" | "record" | "records" | "self"
            )
        })
}

thread_local! {
    /// Sending a record on to another service.
    static SENT_ON: Phrases<()> = super::list(&[
        "emailed to",
        "e-mailed to",
        "sent to",
        "submitted to",
        "forwarded to",
        "raised with",
        "passed to",
        "faxed to",
        "referred to",
        "referral to",
        "referral made to",
    ]);
}

impl KindReader {
    /// Whether a [`normalise`](super::normalise)d text records an event of `kind` anywhere
    /// (an affirmed phrase of it), whatever its headline names.
    pub fn records(&self, text: &str, kind: EntryKind) -> bool {
        let mut found = false;
        self.phrases.each_span(text, |(_, k), start, end| {
            found = found || (k == kind && affirmed(text, start, end));
        });
        found
    }
}

/// [`KindReader::read`] with a reader built once, for any text (it is normalised here).
pub fn kind_from_text(text: &str) -> Option<EntryKind> {
    static READER: OnceLock<KindReader> = OnceLock::new();
    READER
        .get_or_init(KindReader::new)
        .read(&super::normalise(text))
}
