//! Suggestions read from an entry's text: what kind of event it records, and for hand-overs
//! (referrals, transfers, information shared) which agency received it.
//!
//! These are only suggestions: they are stored in `Entry::suggested_kind` and
//! `Entry::suggested_to_agencies` and shown as such until the reviewer accepts them. The words
//! are the shared vocabulary in [`crate::phrases`], which the analysis reads too.

use crate::model::{Agency, AgencyId, EntryKind, Sector};
use crate::phrases::words::{sector_words, NAME_SECTORS};
use crate::phrases::{kind_from_text, normalise, Phrases};

use crate::phrases::receiver::words;

/// The kind of event the text most likely records, or `None` when nothing in it names one.
/// The same reading as the analysis's ([`crate::phrases::KindReader`]).
pub fn suggest_kind(text: &str) -> Option<EntryKind> {
    kind_from_text(text)
}

/// Reads an agency's coded "type of contact" ("Home visit", "Strategy discussion", "DNA").
pub fn kind_from_code(code: &str) -> Option<EntryKind> {
    let c = code.trim();
    if c.is_empty() {
        return None;
    }
    EntryKind::ALL
        .iter()
        .find(|k| k.label().eq_ignore_ascii_case(c) || k.code().eq_ignore_ascii_case(c))
        .copied()
        .or_else(|| suggest_kind(c))
}

/// For a hand-over, the agency most likely on the receiving end, by the names the text uses
/// (see [`crate::phrases::receiver`], which the analysis reads with too).
pub fn suggest_to_agency(text: &str, from: AgencyId, agencies: &[Agency]) -> Option<AgencyId> {
    crate::phrases::receiver(text, from, agencies)
}

/// For a hand-over, the agencies on the receiving end: each of a list the words name
/// ("referred to health visiting and police"), else the one [`suggest_to_agency`] finds.
pub fn suggest_to_agencies(text: &str, from: AgencyId, agencies: &[Agency]) -> Vec<AgencyId> {
    crate::phrases::receivers(text, from, agencies)
}

/// A sector guessed from an agency's name ("Northbrook Police" → police, "Northshire
/// Constabulary" → police, "Easterford Adult Social Care" → other, not children's social care).
pub fn sector_from_name(name: &str) -> Sector {
    let hay = words(name);
    let telling = NAME_SECTORS
        .iter()
        .map(|(w, s)| (hay.find(&format!(" {w}")), *s))
        .filter_map(|(at, s)| at.map(|at| (at, s)))
        .min_by_key(|(at, _)| *at);
    if let Some((_, sector)) = telling {
        return sector.unwrap_or(Sector::Other);
    }
    let sectors = Phrases::new(
        Sector::ALL
            .iter()
            .filter(|s| **s != Sector::Other)
            .flat_map(|s| sector_words(*s).iter().map(move |w| (w.to_string(), *s))),
    );
    let text = normalise(name);
    let mut best: Option<(usize, Sector)> = None;
    sectors.each(&text, |s, at| {
        if best.is_none_or(|(b, _)| at < b) {
            best = Some((at, s));
        }
    });
    best.map(|(_, s)| s).unwrap_or(Sector::Other)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_typical_phrases() {
        let cases = [
            (
                "Strategy discussion held with police and health",
                EntryKind::StrategyDiscussion,
            ),
            ("Home visit: child seen asleep in cot", EntryKind::HomeVisit),
            (
                "Attempted home visit, no access, card left",
                EntryKind::NoAccessVisit,
            ),
            (
                "Child was not brought to the 8-month check",
                EntryKind::MissedAppointment,
            ),
            ("DNA clinic appointment", EntryKind::MissedAppointment),
            (
                "Referral to health visiting for support",
                EntryKind::Referral,
            ),
            (
                "Case closed to FNP as family disengaged",
                EntryKind::CaseClosed,
            ),
            ("Case transferred to Southmoor CSC", EntryKind::CaseTransfer),
            ("Family moved to Southmoor", EntryKind::FamilyMoved),
            ("Single assessment started", EntryKind::Assessment),
            (
                "Team manager agreed no further action",
                EntryKind::ThresholdDecision,
            ),
            ("Police called to domestic incident", EntryKind::Incident),
            (
                "ICPC held; child made subject of CP plan",
                EntryKind::ChildProtectionConference,
            ),
        ];
        for (text, kind) in cases {
            assert_eq!(suggest_kind(text), Some(kind), "{text}");
        }
        assert_eq!(suggest_kind("Blue sky"), None);
    }

    #[test]
    fn receiving_agency_is_found_by_name_or_service() {
        let agency = |id, name: &str, short: &str, sector| Agency {
            id: AgencyId(id),
            name: name.into(),
            short_name: short.into(),
            sector,
            area: None,
            lane_order: 0,
            colour: "#000000".into(),
        };
        let list = [
            agency(
                1,
                "Northbrook Children's Social Care",
                "NB CSC",
                Sector::ChildrensSocialCare,
            ),
            agency(
                2,
                "Northbrook Health Visiting",
                "NB HV",
                Sector::HealthVisiting,
            ),
            agency(3, "Northbrook Police", "Police", Sector::Police),
        ];
        assert_eq!(
            suggest_to_agency("Referral to health visiting re: bruise", AgencyId(3), &list),
            Some(AgencyId(2))
        );
        assert_eq!(
            suggest_to_agency("Referred to MASH by police", AgencyId(3), &list),
            Some(AgencyId(1))
        );
        assert_eq!(
            suggest_to_agency("Referred to the moon", AgencyId(3), &list),
            None
        );
        // The sender's own place word does not make the receiver; the receiver's own name
        // words do ("Eastbrook Lodge" over a Northbrook service).
        let mut list = list.to_vec();
        list.push(agency(
            4,
            "Eastbrook Lodge children's home",
            "EL",
            Sector::Other,
        ));
        assert_eq!(
            suggest_to_agency(
                "Placement referral to Eastbrook Lodge from Northbrook social care",
                AgencyId(1),
                &list
            ),
            Some(AgencyId(4))
        );
        // Two services of the same kind, neither named by place: the one in the sender's own
        // place, not the first in the list.
        list.push(agency(
            5,
            "Southbrook Health Visiting",
            "SB HV",
            Sector::HealthVisiting,
        ));
        assert_eq!(
            suggest_to_agency("Referral to health visiting", AgencyId(1), &list),
            Some(AgencyId(2))
        );
        assert_eq!(
            suggest_to_agency("Referral to Southbrook health visiting", AgencyId(1), &list),
            Some(AgencyId(5))
        );
        assert_eq!(sector_from_name("Northbrook Police"), Sector::Police);
        assert_eq!(
            sector_from_name("Westvale GP surgery"),
            Sector::GeneralPractice
        );
    }
}
