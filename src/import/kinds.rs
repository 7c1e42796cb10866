//! Reading an agency's own "Type" or "Kind" column into the entry-kind vocabulary.
//!
//! A value is read through the vocabulary's labels and codes, then the synonyms agencies use
//! ("Tel call", "HV home visit", "DNA", "ICPC", "Strategy meeting" ...), word by word; the
//! synonyms live in the one vocabulary, `crate::phrases::values`. A value none of these
//! understands is reported in the preview (the kind is then only suggested from the row's
//! text, which the preview shows), never silently replaced.

use crate::model::EntryKind;

/// The kind an agency's type value names, or `None` when it is not understood (or blank).
pub fn kind_from_value(value: &str) -> Option<EntryKind> {
    if is_blank(value) {
        return None;
    }
    crate::phrases::values::kind_from_value(value)
}

/// The service level an agency's "Service level" / "Threshold" value names.
pub fn service_level_from_value(value: &str) -> Option<crate::model::ServiceLevel> {
    crate::phrases::values::service_level_from_value(value)
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
