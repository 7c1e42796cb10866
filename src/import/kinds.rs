//! Reading an agency's own "Type" or "Kind" column into the entry-kind vocabulary.
//!
//! A value is read through the vocabulary's labels and codes, then the synonyms agencies use
//! ("Tel call", "HV home visit", "DNA", "ICPC", "Strategy meeting" ...), word by word. A value
//! none of these understands is reported in the preview (the kind is then only suggested
//! from the row's text, which the preview shows), never silently replaced.

use crate::model::EntryKind;

/// Synonyms, tried in order: the first whose words all appear in the value wins (so longer,
/// more specific phrases come first).
const SYNONYMS: &[(&str, EntryKind)] = &[
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
    if is_blank(v) {
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
    SYNONYMS
        .iter()
        .find(|(phrase, _)| padded.contains(&format!(" {phrase} ")))
        .map(|(_, k)| *k)
}

/// A cell that says nothing: empty, a dash, "n/a".
pub fn is_blank(v: &str) -> bool {
    let v = v.trim();
    v.is_empty() || v.chars().all(|c| matches!(c, '-' | '–' | '—' | '.' | '?')) || {
        let l = v.to_lowercase();
        l == "n/a" || l == "na" || l == "n/k" || l == "none"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_codes_and_synonyms() {
        assert_eq!(kind_from_value("Home visit"), Some(EntryKind::HomeVisit));
        assert_eq!(kind_from_value("home_visit"), Some(EntryKind::HomeVisit));
        assert_eq!(kind_from_value("HV home visit"), Some(EntryKind::HomeVisit));
        assert_eq!(kind_from_value("Tel call"), Some(EntryKind::Contact));
        assert_eq!(
            kind_from_value("Phone - no answer"),
            Some(EntryKind::NoAccessVisit)
        );
        assert_eq!(
            kind_from_value("Strategy meeting"),
            Some(EntryKind::StrategyDiscussion)
        );
        assert_eq!(
            kind_from_value("ICPC"),
            Some(EntryKind::ChildProtectionConference)
        );
        assert_eq!(
            kind_from_value("TI-ICPC"),
            Some(EntryKind::ChildProtectionConference)
        );
        assert_eq!(kind_from_value("DNA"), Some(EntryKind::MissedAppointment));
        assert_eq!(
            kind_from_value("Referral received"),
            Some(EntryKind::ReferralReceived)
        );
        assert_eq!(
            kind_from_value("Supervision / planning"),
            Some(EntryKind::ManagerDecision)
        );
        assert_eq!(
            kind_from_value("Missing notification"),
            Some(EntryKind::InformationShared)
        );
    }

    #[test]
    fn words_inside_other_words_do_not_count() {
        // "tel" is not read inside "hotel", nor "call" inside "recall".
        assert_eq!(kind_from_value("Hotel stay"), None);
        assert_eq!(kind_from_value("Recall"), None);
        assert_eq!(kind_from_value("Zzz"), None);
        assert_eq!(kind_from_value("  "), None);
    }
}

/// The service level an agency's "Service level" / "Threshold" value names.
pub fn service_level_from_value(value: &str) -> Option<crate::model::ServiceLevel> {
    use crate::model::ServiceLevel;
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
    let has = |p: &str| padded.contains(&format!(" {p} "));
    if has("s47") || has("section 47") || has("child protection") || has("cp") {
        Some(ServiceLevel::ChildProtection)
    } else if has("s17") || has("section 17") || has("child in need") || has("cin") {
        Some(ServiceLevel::ChildInNeed)
    } else if has("early help") || has("eh") || has("targeted") {
        Some(ServiceLevel::EarlyHelp)
    } else if has("universal") {
        Some(ServiceLevel::Universal)
    } else if has("nfa") || has("no further action") {
        Some(ServiceLevel::NoFurtherAction)
    } else {
        None
    }
}

#[cfg(test)]
mod level_tests {
    use super::*;
    use crate::model::ServiceLevel;

    #[test]
    fn service_levels_by_their_usual_words() {
        assert_eq!(
            service_level_from_value("Early help"),
            Some(ServiceLevel::EarlyHelp)
        );
        assert_eq!(
            service_level_from_value("CIN (s17)"),
            Some(ServiceLevel::ChildInNeed)
        );
        assert_eq!(
            service_level_from_value("s47"),
            Some(ServiceLevel::ChildProtection)
        );
        assert_eq!(
            service_level_from_value("NFA"),
            Some(ServiceLevel::NoFurtherAction)
        );
        assert_eq!(
            service_level_from_value("child_in_need"),
            Some(ServiceLevel::ChildInNeed)
        );
        // Letters inside words do not count: "cinema" is not CIN.
        assert_eq!(service_level_from_value("cinema trip"), None);
        assert_eq!(service_level_from_value("amber"), None);
    }
}
