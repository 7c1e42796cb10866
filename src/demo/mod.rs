//! The built-in demo review: a fictional but realistic Local Child Safeguarding Practice Review
//! ("Child R", Northshire Safeguarding Children Partnership), the review the app opens on first
//! run and the fixture every feature's tests use.
//!
//! The case lives in `case.txt`, a human-editable text file read by [`parse`] (its format is
//! described in the `format` module and at the top of the file). The same file carries the
//! answer key: the patterns deliberately planted in the chronology ([`planted`]), look-alike
//! situations that must not be flagged ([`near_misses`]) and the pairs of entries that record
//! the same event ([`duplicate_pairs`]). Because the key names entries by their labels in the
//! same file, it cannot drift from the content: a dangling label fails to load.
//!
//! Everything here is deterministic: ids are written in the file, `imported_at` is fixed, and
//! no clock is read.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use crate::error::Result;
use crate::json::ReviewData;
use crate::model::*;
use crate::store::Store;

mod format;

pub use format::{parse, parse_date, CaseError, CaseFile, Duplicate, Marker};

/// The demo case file, exactly as shipped.
pub const CASE_TEXT: &str = include_str!("case.txt");

fn case() -> &'static CaseFile<'static> {
    static CASE: OnceLock<CaseFile<'static>> = OnceLock::new();
    CASE.get_or_init(|| {
        let mut case = parse(CASE_TEXT)
            .unwrap_or_else(|e| panic!("the built-in demo case file is not valid: {e}"));
        case.data.protocol_rules = default_protocol_rules();
        case
    })
}

/// The default protocol rules every new review starts with (docs/domain.md, "What the analysis looks for"):
/// the reviewer adjusts them to the local partnership's procedures.
///
/// A rule's clock starts at a trigger entry; the response must come from the trigger's
/// receiving agency (`to_agency`). A strategy discussion has no receiving agency: the agency
/// that recorded it convenes the conference. A referral with no receiving agency in the
/// chronology (a referral to MARAC, say) has nothing to time.
pub fn default_protocol_rules() -> Vec<ProtocolRule> {
    use EntryKind as K;
    let rule =
        |id, name: &str, trigger_kind, to_sector, tag: &str, response_kinds, days| ProtocolRule {
            id: ProtocolRuleId(id),
            name: name.into(),
            trigger_kind,
            to_sector,
            trigger_tag: tag.into(),
            response_kinds,
            working_days: days,
            enabled: true,
        };
    vec![
        rule(
            1,
            "Safeguarding referral to health visiting: response",
            K::Referral,
            Some(Sector::HealthVisiting),
            "safeguarding",
            vec![
                K::ReferralReceived,
                K::Contact,
                K::HomeVisit,
                K::Appointment,
                K::InformationRequest,
            ],
            1,
        ),
        rule(
            2,
            "Safeguarding referral to health visiting: contact with the family",
            K::Referral,
            Some(Sector::HealthVisiting),
            "safeguarding",
            vec![K::HomeVisit, K::Contact, K::Appointment],
            2,
        ),
        rule(
            3,
            "Referral: response",
            K::Referral,
            None,
            "",
            vec![
                K::ReferralReceived,
                K::ThresholdDecision,
                K::Contact,
                K::HomeVisit,
                K::Appointment,
                K::CaseOpened,
            ],
            5,
        ),
        rule(
            4,
            "Case transfer to another team or area: receipt",
            K::CaseTransfer,
            None,
            "",
            vec![K::ReferralReceived, K::CaseOpened],
            10,
        ),
        rule(
            5,
            "Referral to children's social care: threshold decision",
            K::Referral,
            Some(Sector::ChildrensSocialCare),
            "",
            vec![K::ThresholdDecision],
            1,
        ),
        rule(
            6,
            "Strategy discussion agreeing a section 47 enquiry: initial child protection conference",
            K::StrategyDiscussion,
            None,
            "s47",
            vec![K::ChildProtectionConference],
            15,
        ),
    ]
}

/// The demo review's content, identical on every call.
pub fn demo_review() -> ReviewData {
    case().data.clone()
}

/// Writes the demo review to a new file.
pub fn write_demo(path: &Path) -> Result<Store> {
    let data = demo_review();
    Store::create_with(path, None, |w| data.insert_into(w))
}

/// A pattern deliberately planted in the demo case: the answer key for the flag rules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlantedPattern {
    /// The pattern.
    pub kind: FlagKind,
    /// Which form of it, for example "no_receipt" or "moved_no_onward_referral".
    pub variant: &'static str,
    /// The key evidence entries.
    pub entries: Vec<EntryId>,
    /// What the reviewer would say about it.
    pub note: &'static str,
}

/// A situation in the demo case that resembles a pattern but must not be flagged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NearMiss {
    /// The pattern a careless rule might raise.
    pub kind: FlagKind,
    /// Which form of the pattern it resembles.
    pub variant: &'static str,
    /// The entries involved.
    pub entries: Vec<EntryId>,
    /// Why it is not an instance.
    pub note: &'static str,
}

/// Two entries in the demo case that record the same event (for the merge feature).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DuplicatePair {
    /// One record of the event.
    pub a: EntryId,
    /// The other record.
    pub b: EntryId,
    /// Whether the reviewer has already linked them (`duplicate_of`).
    pub linked: bool,
    /// What the event is.
    pub note: &'static str,
}

/// Every pattern planted in the demo case, with its key evidence entries.
pub fn planted() -> Vec<PlantedPattern> {
    case()
        .planted
        .iter()
        .map(|m| PlantedPattern {
            kind: m.kind,
            variant: m.variant,
            entries: m.entries.clone(),
            note: m.note,
        })
        .collect()
}

/// Situations in the demo case that look like a pattern but must not be flagged.
pub fn near_misses() -> Vec<NearMiss> {
    case()
        .near_misses
        .iter()
        .map(|m| NearMiss {
            kind: m.kind,
            variant: m.variant,
            entries: m.entries.clone(),
            note: m.note,
        })
        .collect()
}

/// The pairs of entries that record the same event, linked by the reviewer or not.
pub fn duplicate_pairs() -> Vec<DuplicatePair> {
    case()
        .duplicates
        .iter()
        .map(|d| DuplicatePair {
            a: d.a,
            b: d.b,
            linked: d.linked,
            note: d.note,
        })
        .collect()
}

/// The entry a label in the case file names (`"mw2-referral"` or `"@mw2-referral"`), so tests
/// can refer to entries by meaning rather than by number.
pub fn entry_id(label: &str) -> Option<EntryId> {
    case()
        .labels
        .get(label.strip_prefix('@').unwrap_or(label))
        .copied()
}

/// Every entry label in the case file and the entry it names.
pub fn entry_labels() -> BTreeMap<String, EntryId> {
    case().labels.clone()
}
