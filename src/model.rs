//! The domain model: a review, its agencies, people, entries, links, Key Practice Episodes,
//! findings, flags and protocol rules, as plain data.
//!
//! These types are the review's content and also its wire shape: the canonical JSON format
//! (`crate::json`) and the desktop IPC (`specta`) both serialise them as they are. Identifiers
//! are integer newtypes that serialise as strings, so no 64-bit number crosses into JavaScript.
//! Nothing in this module touches SQLite or the file system.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::dates::EventDate;

mod ids;
mod validate;
mod vocab;

pub use ids::*;
pub use vocab::*;

/// The review itself: one per file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Type)]
pub struct Review {
    /// For example "Local Child Safeguarding Practice Review: Child R".
    pub title: String,
    /// The pseudonym of the child the review is about, for example "Child R".
    pub subject: String,
    /// The review method.
    pub method: ReviewMethod,
    /// The partnership that commissioned the review.
    pub commissioned_by: String,
    /// The first day in the review's scope.
    pub scope_start: Option<NaiveDate>,
    /// The last day in the review's scope.
    pub scope_end: Option<NaiveDate>,
    /// Free notes about the review (terms of reference, team).
    pub notes: String,
    /// The date of birth of the child the review is about, when known: periods in which the
    /// child was not seen start there (or at the scope's start, whichever is later).
    #[serde(default)]
    pub child_date_of_birth: Option<NaiveDate>,
}

impl Default for Review {
    fn default() -> Self {
        Review {
            title: "Untitled review".into(),
            subject: "Child".into(),
            method: ReviewMethod::LearningTogether,
            commissioned_by: String::new(),
            scope_start: None,
            scope_end: None,
            notes: String::new(),
            child_date_of_birth: None,
        }
    }
}

/// A local authority area (families move between them; lanes are grouped by area).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Type)]
pub struct Area {
    /// The area's identifier.
    pub id: AreaId,
    /// For example "Northbrook".
    pub name: String,
    /// Display order of the area's lane group (ascending).
    pub position: i32,
}

/// An agency that submitted a chronology or appears in one: one swimlane.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Type)]
pub struct Agency {
    /// The agency's identifier.
    pub id: AgencyId,
    /// Full name, for example "Northbrook Children's Social Care".
    pub name: String,
    /// Short lane label, for example "NB CSC".
    pub short_name: String,
    /// The kind of service.
    pub sector: Sector,
    /// The area the agency serves, when it is local.
    pub area: Option<AreaId>,
    /// Lane order within the timeline (ascending).
    pub lane_order: i32,
    /// Lane colour as `#rrggbb`.
    pub colour: String,
}

impl Agency {
    /// An agency in no area, its lane placed by its id, drawn in black until the reviewer
    /// picks a colour.
    pub fn new(id: i64, name: &str, short_name: &str, sector: Sector) -> Agency {
        Agency {
            id: AgencyId(id),
            name: name.into(),
            short_name: short_name.into(),
            sector,
            area: None,
            lane_order: id as i32,
            colour: "#000000".into(),
        }
    }
}

/// A person in the review's glossary: a family member or a practitioner, always shown by
/// their label unless the reviewer asks for real names.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Type)]
pub struct Person {
    /// The person's identifier.
    pub id: PersonId,
    /// The pseudonym used in the review, for example "SW1", "Mother", "Child R".
    pub label: String,
    /// The real name, known only inside the review file.
    pub real_name: Option<String>,
    /// Other ways the real name is written in source records (first name only, nickname),
    /// replaced by the label in pseudonymised exports.
    pub aliases: Vec<String>,
    /// Role, for example "Social worker" or "Maternal grandmother".
    pub role: String,
    /// Family member, practitioner or other.
    pub kind: PersonKind,
    /// The practitioner's agency.
    pub agency: Option<AgencyId>,
    /// Date of birth (family members), used to warn when it appears in an export.
    pub date_of_birth: Option<NaiveDate>,
}

/// A document an agency submitted (an import source), kept for provenance.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Type)]
pub struct SourceDocument {
    /// The document's identifier.
    pub id: SourceId,
    /// The file name as received.
    pub file_name: String,
    /// SHA-256 of the file's bytes, in lower-case hex.
    pub content_hash: String,
    /// The agency the document came from.
    pub agency: Option<AgencyId>,
    /// When the reviewer received it.
    pub received_on: Option<NaiveDate>,
    /// When it was imported into the review.
    pub imported_at: NaiveDateTime,
    /// Notes about the document.
    pub notes: String,
}

/// Where in its source document an entry came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct SourceRef {
    /// The source document.
    pub document: SourceId,
    /// Where in it: a sheet or table name and a row number, for example "Sheet1, row 14".
    pub location: String,
}

/// One line of the integrated chronology.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Type)]
pub struct Entry {
    /// The entry's identifier.
    pub id: EntryId,
    /// When the event happened, with its precision.
    pub date: EventDate,
    /// The date as it was written in the source, for provenance.
    pub date_as_written: String,
    /// For events that lasted (an admission, a placement), the last day.
    pub ends_on: Option<NaiveDate>,
    /// When the agency recorded it, when that differs from the event date.
    pub recorded_on: Option<NaiveDate>,
    /// Order among entries on the same day (ascending).
    pub sequence: i32,
    /// The agency whose record this is (its lane).
    pub agency: AgencyId,
    /// What kind of event this is.
    pub kind: EntryKind,
    /// A kind proposed from the text, awaiting the reviewer's acceptance.
    pub suggested_kind: Option<EntryKind>,
    /// One-line summary of the event or contact.
    pub summary: String,
    /// The event or contact as recorded.
    pub detail: String,
    /// Action taken or outcome.
    pub outcome: String,
    /// The reviewer's comment or analysis, kept apart from the fact.
    pub comment: String,
    /// The agency's own comment, analysis or reflection on its record (its "Comment" or
    /// "Analysis" column), kept apart from the fact and from the reviewer's comment.
    #[serde(default)]
    pub agency_comment: String,
    /// Whether a professional saw the child.
    pub child_seen: ChildSeen,
    /// For referrals, transfers, invitations and information shared: the receiving agencies,
    /// in the order given (one entry can go to several).
    pub to_agencies: Vec<AgencyId>,
    /// Receiving agencies proposed from the text, awaiting acceptance.
    pub suggested_to_agencies: Vec<AgencyId>,
    /// For referrals: the level of service asked for; for decisions: the level given.
    pub service_level: Option<ServiceLevel>,
    /// For hand-overs: the key risk information the sender held, as marked by the reviewer.
    pub key_risk: String,
    /// Practitioner or role as written in the source, when not matched to a person.
    pub practitioner_as_written: String,
    /// Where the entry came from.
    pub source: Option<SourceRef>,
    /// Free labels, lower case (for example "alcohol", "safeguarding").
    pub tags: Vec<String>,
    /// The people involved and how.
    pub people: Vec<EntryPerson>,
}

impl Entry {
    /// Whether `agency` is one of the entry's receiving agencies.
    pub fn goes_to(&self, agency: AgencyId) -> bool {
        self.to_agencies.contains(&agency)
    }

    /// A new entry (id 0: the store chooses one) with only what every entry needs; the rest
    /// empty, unknown or none, for the caller to fill in.
    pub fn new(
        agency: AgencyId,
        date: EventDate,
        kind: EntryKind,
        summary: impl Into<String>,
    ) -> Entry {
        Entry {
            id: EntryId(0),
            date,
            date_as_written: String::new(),
            ends_on: None,
            recorded_on: None,
            sequence: 0,
            agency,
            kind,
            suggested_kind: None,
            summary: summary.into(),
            detail: String::new(),
            outcome: String::new(),
            comment: String::new(),
            agency_comment: String::new(),
            child_seen: ChildSeen::Unknown,
            to_agencies: Vec::new(),
            suggested_to_agencies: Vec::new(),
            service_level: None,
            key_risk: String::new(),
            practitioner_as_written: String::new(),
            source: None,
            tags: Vec::new(),
            people: Vec::new(),
        }
    }
}

/// A person's part in an entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct EntryPerson {
    /// The person.
    pub person: PersonId,
    /// How they were involved.
    pub involvement: Involvement,
}

/// A reviewer-made link between two entries.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Type)]
pub struct Link {
    /// The link's identifier.
    pub id: LinkId,
    /// The entry the link starts from.
    pub from: EntryId,
    /// The entry it points to.
    pub to: EntryId,
    /// What the relation is.
    pub kind: LinkKind,
    /// The reviewer's note.
    pub note: String,
}

/// A coded contributory factor with the reviewer's explanation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Type)]
pub struct FactorNote {
    /// The SCIE factor code.
    pub factor: ContributoryFactor,
    /// Why and how it contributed.
    pub note: String,
}

/// A Key Practice Episode (SCIE Learning Together).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Type)]
pub struct KeyPracticeEpisode {
    /// The KPE's identifier.
    pub id: KpeId,
    /// Its number in the report (1, 2, ...).
    pub number: i32,
    /// Short title.
    pub title: String,
    /// First day of the episode.
    pub starts_on: NaiveDate,
    /// Last day of the episode.
    pub ends_on: NaiveDate,
    /// What happened.
    pub what_happened: String,
    /// Overall appraisal, when the team has agreed one.
    pub appraisal_grade: Option<AppraisalGrade>,
    /// Appraisal of practice: timely? effective? below expected standard?
    pub appraisal: String,
    /// The view from the tunnel: how it looked to the practitioners at the time.
    pub view_from_tunnel: String,
    /// Contributory factors, coded.
    pub factors: Vec<FactorNote>,
    /// What went well.
    pub what_went_well: String,
    /// The chronology entries the episode spans.
    pub entries: Vec<EntryId>,
}

/// A system finding (SCIE Learning Together).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Type)]
pub struct Finding {
    /// The finding's identifier.
    pub id: FindingId,
    /// Its number in the report.
    pub number: i32,
    /// The finding statement.
    pub statement: String,
    /// Its place in the SCIE typology.
    pub category: FindingCategory,
    /// How it manifested in this case.
    pub manifestation: String,
    /// The KPEs it draws on.
    pub kpes: Vec<KpeId>,
    /// The chronology entries it draws on.
    pub entries: Vec<EntryId>,
    /// How we know it is an underlying issue, not a quirk of this case.
    pub evidence_underlying: String,
    /// How widespread the pattern is.
    pub how_widespread: String,
    /// Implications for the reliability of the system.
    pub implications: String,
    /// Questions for the Board, in order.
    pub board_questions: Vec<String>,
}

/// A candidate point for the review team's attention, produced by analysis and triaged by the
/// reviewer. Its `identity` is stable across re-analysis so the triage survives.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Type)]
pub struct Flag {
    /// The flag's identifier.
    pub id: FlagId,
    /// The pattern.
    pub kind: FlagKind,
    /// The rule that raised it, for example "lost_transfer.no_receipt".
    pub rule: String,
    /// Stable identity: the rule plus the entries the flag is about (its anchors), so it does
    /// not change when supporting evidence grows and triage survives re-analysis.
    pub identity: String,
    /// A digest of the evidence entries' content when the flag was raised.
    pub evidence_digest: String,
    /// The entries it rests on, in order of time.
    pub evidence: Vec<EntryId>,
    /// Plain-English explanation citing the entries.
    pub explanation: String,
    /// How much it matters.
    pub severity: Severity,
    /// Whether the flag rests on inferred (not reviewer-made) links or kinds.
    pub inferred: bool,
    /// The period the flag concerns.
    pub starts_on: NaiveDate,
    /// The period the flag concerns.
    pub ends_on: NaiveDate,
    /// The reviewer's decision.
    pub status: FlagStatus,
    /// The reviewer's reason (required to dismiss).
    pub rationale: String,
    /// The KPE the reviewer attached it to.
    pub kpe: Option<KpeId>,
    /// Whether the last analysis still raised it (a flag whose evidence went away is kept,
    /// with its triage, but marked stale).
    pub current: bool,
}

/// A local protocol timescale: after a trigger entry, the receiving agency is expected to
/// respond within a number of working days.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Type)]
pub struct ProtocolRule {
    /// The rule's identifier.
    pub id: ProtocolRuleId,
    /// For example "Safeguarding referral to health visiting: contact".
    pub name: String,
    /// The kind of entry that starts the clock.
    pub trigger_kind: EntryKind,
    /// Only when the receiving agency is of this sector (any, when empty).
    pub to_sector: Option<Sector>,
    /// Only when the trigger carries this tag (for example "safeguarding"); any when empty.
    pub trigger_tag: String,
    /// The entry kinds by the receiving agency that count as the response (any, when empty).
    pub response_kinds: Vec<EntryKind>,
    /// The timescale, in working days (England and Wales).
    pub working_days: i32,
    /// Whether the rule is applied.
    pub enabled: bool,
}

/// What the reviewer has asked of one agency, and when (the agency loop): the chronology
/// template sent, the return received and checked, the factual-accuracy pack sent and
/// confirmed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct AgencyRequest {
    /// The agency.
    pub agency: AgencyId,
    /// When its chronology template was sent.
    pub template_sent_on: Option<NaiveDate>,
    /// When its return was received (imported).
    pub return_received_on: Option<NaiveDate>,
    /// When its return was checked and the checks sent back.
    pub return_checked_on: Option<NaiveDate>,
    /// When its factual-accuracy pack was sent.
    pub accuracy_sent_on: Option<NaiveDate>,
    /// When it confirmed the factual accuracy of its entries.
    pub accuracy_confirmed_on: Option<NaiveDate>,
}

impl AgencyRequest {
    /// Nothing asked of `agency` yet.
    pub fn new(agency: AgencyId) -> AgencyRequest {
        AgencyRequest {
            agency,
            template_sent_on: None,
            return_received_on: None,
            return_checked_on: None,
            accuracy_sent_on: None,
            accuracy_confirmed_on: None,
        }
    }
}

/// One recorded change in the audit log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Type)]
pub struct AuditRecord {
    /// When the change was made (local time).
    pub at: NaiveDateTime,
    /// The action the reviewer took, for example "Edit entry 112" or "Import police.csv".
    pub action: String,
    /// The table changed.
    pub table: String,
    /// The row changed.
    pub row: String,
    /// "insert", "update" or "delete".
    pub operation: String,
    /// The row before the change, as JSON (empty for an insert).
    pub before: String,
    /// The row after the change, as JSON (empty for a delete).
    pub after: String,
}

/// A time of day, re-exported so callers need not name chrono.
pub type TimeOfDay = NaiveTime;
