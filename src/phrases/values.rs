//! The values agencies write in their own "Type", "Kind" and "Service level" columns ("Tel
//! call", "HV home visit", "DNA", "ICPC", "CIN (s17)"), read into the model's vocabularies.
//! Part of the one vocabulary: `import::kinds` reads columns through it, beside the phrases
//! that read an entry's words (`kinds`, `levels`).

use crate::model::{EntryKind, ServiceLevel};

/// The words agencies write in a "Type" or "Kind" column, tried in order: the first whose
/// words all appear in the value, as whole words, wins (so longer, more specific phrases come
/// first). A value is a short label, not a sentence: no negation is read.
pub const KIND_VALUES: &[(&str, EntryKind)] = &[
    ("strategy", EntryKind::StrategyDiscussion),
    ("icpc", EntryKind::ChildProtectionConference),
    ("rcpc", EntryKind::ChildProtectionConference),
    ("ti-icpc", EntryKind::ChildProtectionConference),
    (
        "child protection conference",
        EntryKind::ChildProtectionConference,
    ),
    ("cp conference", EntryKind::ChildProtectionConference),
    ("core group", EntryKind::CoreGroup),
    ("cin meeting", EntryKind::CinMeeting),
    ("child in need meeting", EntryKind::CinMeeting),
    ("marac", EntryKind::Marac),
    ("no access", EntryKind::NoAccessVisit),
    ("nil access", EntryKind::NoAccessVisit),
    ("not at home", EntryKind::NoAccessVisit),
    ("no answer", EntryKind::NoAccessVisit),
    ("dna", EntryKind::MissedAppointment),
    ("did not attend", EntryKind::MissedAppointment),
    ("was not brought", EntryKind::MissedAppointment),
    ("wnb", EntryKind::MissedAppointment),
    ("missed appointment", EntryKind::MissedAppointment),
    ("home visit", EntryKind::HomeVisit),
    ("visit", EntryKind::HomeVisit),
    ("transfer", EntryKind::CaseTransfer),
    ("closure", EntryKind::CaseClosed),
    ("closed", EntryKind::CaseClosed),
    ("discharge", EntryKind::CaseClosed),
    ("case opened", EntryKind::CaseOpened),
    ("allocation", EntryKind::CaseOpened),
    ("referral received", EntryKind::ReferralReceived),
    ("notification received", EntryKind::ReferralReceived),
    ("referral", EntryKind::Referral),
    ("ppn", EntryKind::InformationShared),
    ("notification", EntryKind::InformationShared),
    ("information sharing", EntryKind::InformationShared),
    ("information shared", EntryKind::InformationShared),
    ("information request", EntryKind::InformationRequest),
    ("request for information", EntryKind::InformationRequest),
    ("threshold", EntryKind::ThresholdDecision),
    ("mash decision", EntryKind::ThresholdDecision),
    ("rag", EntryKind::ThresholdDecision),
    ("manager", EntryKind::ManagerDecision),
    ("supervision", EntryKind::ManagerDecision),
    ("assessment", EntryKind::Assessment),
    ("escalation", EntryKind::Escalation),
    ("challenge", EntryKind::Escalation),
    ("disagreement", EntryKind::Disagreement),
    ("injury", EntryKind::Injury),
    ("ed attendance", EntryKind::HospitalAttendance),
    ("a&e", EntryKind::HospitalAttendance),
    ("admission", EntryKind::HospitalAttendance),
    ("hospital", EntryKind::HospitalAttendance),
    ("incident", EntryKind::Incident),
    ("domestic", EntryKind::Incident),
    ("missing", EntryKind::Incident),
    ("arrest", EntryKind::Incident),
    ("concern", EntryKind::ConcernRaised),
    ("complaint", EntryKind::ConcernRaised),
    ("welfare", EntryKind::ConcernRaised),
    ("at risk", EntryKind::ConcernRaised),
    ("asb", EntryKind::Incident),
    ("search", EntryKind::Incident),
    ("charge", EntryKind::Incident),
    ("violence", EntryKind::Incident),
    ("mace", EntryKind::Meeting),
    ("meeting", EntryKind::Meeting),
    ("panel", EntryKind::Meeting),
    ("appointment", EntryKind::Appointment),
    ("clinic", EntryKind::Appointment),
    ("consultation", EntryKind::Appointment),
    ("face to face", EntryKind::Appointment),
    ("session", EntryKind::Appointment),
    ("telephone", EntryKind::Contact),
    ("phone", EntryKind::Contact),
    ("tel", EntryKind::Contact),
    ("call", EntryKind::Contact),
    ("email", EntryKind::Contact),
    ("letter", EntryKind::Contact),
    ("correspondence", EntryKind::Contact),
    ("text", EntryKind::Contact),
    ("contact", EntryKind::Contact),
    ("moved", EntryKind::FamilyMoved),
    ("move", EntryKind::FamilyMoved),
    ("note", EntryKind::Note),
    ("case note", EntryKind::Note),
];

/// The kind an agency's type value names, or `None` when it is not understood.
pub fn kind_from_value(value: &str) -> Option<EntryKind> {
    let v = value.trim();
    if v.is_empty() {
        return None;
    }
    if let Some(k) = EntryKind::ALL
        .iter()
        .find(|k| k.label().eq_ignore_ascii_case(v) || k.code().eq_ignore_ascii_case(v))
    {
        return Some(*k);
    }
    let lower = v.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !(c.is_alphanumeric() || c == '&' || c == '-'))
        .filter(|w| !w.is_empty())
        .collect();
    let padded = format!(" {} ", words.join(" "));
    KIND_VALUES
        .iter()
        .find(|(phrase, _)| padded.contains(&format!(" {phrase} ")))
        .map(|(_, k)| *k)
}

/// The words agencies write in a "Service level" or "Threshold" column for each level,
/// highest first: the first level any of whose words appears in the value, as a whole word,
/// wins.
pub const LEVEL_VALUES: &[(&[&str], ServiceLevel)] = &[
    (
        &["s47", "section 47", "child protection", "cp"],
        ServiceLevel::ChildProtection,
    ),
    (
        &["s17", "section 17", "child in need", "cin"],
        ServiceLevel::ChildInNeed,
    ),
    (&["early help", "eh", "targeted"], ServiceLevel::EarlyHelp),
    (&["universal"], ServiceLevel::Universal),
    (&["nfa", "no further action"], ServiceLevel::NoFurtherAction),
];

/// The service level an agency's "Service level" / "Threshold" value names.
pub fn service_level_from_value(value: &str) -> Option<ServiceLevel> {
    let v = value.trim();
    if let Some(l) = ServiceLevel::ALL
        .iter()
        .find(|l| l.label().eq_ignore_ascii_case(v) || l.code().eq_ignore_ascii_case(v))
    {
        return Some(*l);
    }
    let lower = v.to_lowercase();
    let padded = format!(
        " {} ",
        lower
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    );
    LEVEL_VALUES
        .iter()
        .find(|(words, _)| words.iter().any(|p| padded.contains(&format!(" {p} "))))
        .map(|(_, l)| *l)
}
