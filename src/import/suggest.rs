//! Suggestions read from an entry's text: what kind of event it records, and for hand-overs
//! (referrals, transfers, information shared) which agency received it.
//!
//! These are only suggestions: they are stored in `Entry::suggested_kind` and
//! `Entry::suggested_to_agency` and shown as such until the reviewer accepts them. The rules
//! are plain keyword patterns, checked in order, so they are easy to read and to correct.

use crate::model::{Agency, AgencyId, EntryKind, Sector};

/// Keyword rules, most specific first: the first rule with a matching phrase wins.
const KIND_RULES: &[(EntryKind, &[&str])] = &[
    (
        EntryKind::NoAccessVisit,
        &[
            "no access",
            "no reply",
            "no answer at the door",
            "unable to gain access",
            "not at home",
            "nobody home",
            "no one home",
            "no-one home",
            "card left",
            "calling card",
        ],
    ),
    (
        EntryKind::MissedAppointment,
        &[
            "was not brought",
            "not brought",
            "did not attend",
            "dna",
            "missed appointment",
            "failed to attend",
            "did not bring",
            "no show",
        ],
    ),
    (
        EntryKind::StrategyDiscussion,
        &["strategy discussion", "strategy meeting", "strategy call"],
    ),
    (
        EntryKind::ChildProtectionConference,
        &[
            "child protection conference",
            "icpc",
            "rcpc",
            "initial conference",
            "review conference",
            "case conference",
        ],
    ),
    (EntryKind::CoreGroup, &["core group"]),
    (
        EntryKind::CinMeeting,
        &["cin meeting", "child in need meeting", "cin review"],
    ),
    (EntryKind::Marac, &["marac"]),
    (
        EntryKind::ReferralReceived,
        &[
            "referral received",
            "received a referral",
            "received referral",
            "referral acknowledged",
            "acknowledged receipt",
            "receipt of referral",
        ],
    ),
    (
        EntryKind::CaseTransfer,
        &[
            "transfer in",
            "transfer out",
            "transferred to",
            "case transfer",
            "transfer of case",
            "transferred the case",
            "handed over to",
            "handover to",
            "records sent to",
            "records transferred",
        ],
    ),
    (
        EntryKind::FamilyMoved,
        &[
            "moved to",
            "moved out of",
            "moved house",
            "family moved",
            "new address",
            "relocated",
            "change of address",
        ],
    ),
    (
        EntryKind::CaseClosed,
        &[
            "case closed",
            "closed to",
            "closure",
            "discharged from",
            "case closure",
            "no further involvement",
        ],
    ),
    (
        EntryKind::Referral,
        &[
            "referral to",
            "referred to",
            "referral made",
            "made a referral",
            "refer to",
            "referral sent",
            "submitted a referral",
            "mash referral",
            "referral form",
        ],
    ),
    (
        EntryKind::Escalation,
        &[
            "escalat",
            "professional difference",
            "challenged the decision",
            "raised a challenge",
        ],
    ),
    (
        EntryKind::Disagreement,
        &["disagreed", "did not agree", "disagreement"],
    ),
    (
        EntryKind::ThresholdDecision,
        &[
            "threshold",
            "no further action",
            "nfa",
            "step down",
            "stepped down",
            "early help offered",
            "mash decision",
        ],
    ),
    (
        EntryKind::ManagerDecision,
        &[
            "manager decided",
            "manager's decision",
            "managers decision",
            "management decision",
            "team manager agreed",
            "manager overruled",
            "decision by manager",
            "decided",
            "decision",
        ],
    ),
    (
        EntryKind::Assessment,
        &[
            "assessment",
            "single assessment",
            "section 47",
            "s47",
            "s.47",
        ],
    ),
    (
        EntryKind::Injury,
        &[
            "bruise", "bruising", "injury", "injuries", "fracture", "burn",
        ],
    ),
    (
        EntryKind::HospitalAttendance,
        &[
            "a&e",
            "a & e",
            "emergency department",
            "attended ed",
            "admitted",
            "admission",
            "hospital attendance",
        ],
    ),
    (
        EntryKind::Incident,
        &[
            "incident",
            "domestic abuse",
            "domestic violence",
            "police called",
            "call-out",
            "callout",
            "999 call",
            "arrest",
        ],
    ),
    (
        EntryKind::HomeVisit,
        &[
            "home visit",
            "visited the home",
            "visit to the home",
            "new birth visit",
            "visited at home",
            "unannounced visit",
            "announced visit",
            "statutory visit",
        ],
    ),
    (
        EntryKind::InformationRequest,
        &[
            "information requested",
            "request for information",
            "requested information",
            "asked for information",
        ],
    ),
    (
        EntryKind::InformationShared,
        &[
            "information shared",
            "shared with",
            "informed",
            "notified",
            "letter sent to",
            "copy sent",
            "email to",
        ],
    ),
    (EntryKind::ConcernRaised, &["concern", "worried", "worry"]),
    (EntryKind::Meeting, &["meeting", "professionals meeting"]),
    (
        EntryKind::Appointment,
        &[
            "appointment",
            "clinic",
            "attended surgery",
            "seen in clinic",
            "seen at surgery",
            "check",
            "immunisation",
            "review",
        ],
    ),
    (
        EntryKind::Contact,
        &[
            "telephone",
            "phone call",
            "called",
            "rang",
            "letter",
            "email",
            "text message",
            "office visit",
        ],
    ),
];

fn words(text: &str) -> String {
    let lowered = text.to_lowercase();
    let mut out = String::with_capacity(lowered.len() + 2);
    out.push(' ');
    for c in lowered.chars() {
        if c.is_alphanumeric() || c == '&' || c == '\'' || c == '-' {
            out.push(c);
        } else {
            out.push(' ');
        }
    }
    out.push(' ');
    out
}

fn contains_phrase(haystack: &str, phrase: &str) -> bool {
    // Phrases ending in a letter match whole words at the start ("escalat" matches
    // "escalated"); short codes (dna, nfa, s47) must be whole words.
    let short = phrase.len() <= 4 && !phrase.contains(' ');
    if short {
        haystack.contains(&format!(" {phrase} "))
    } else {
        haystack.contains(&format!(" {phrase}"))
    }
}

/// The kind of event the text most likely records, or `None` when no rule matches.
pub fn suggest_kind(text: &str) -> Option<EntryKind> {
    let hay = words(text);
    KIND_RULES
        .iter()
        .find(|(_, phrases)| phrases.iter().any(|p| contains_phrase(&hay, p)))
        .map(|(kind, _)| *kind)
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

/// Words that name a service of each sector in chronologies.
fn sector_words(sector: Sector) -> &'static [&'static str] {
    match sector {
        Sector::ChildrensSocialCare => &[
            "children's social care",
            "childrens social care",
            "social care",
            "csc",
            "mash",
            "front door",
            "children's services",
            "social services",
            "social worker",
        ],
        Sector::Police => &["police", "public protection", "mash police"],
        Sector::HealthVisiting => &[
            "health visiting",
            "health visitor",
            "hv",
            "0-19",
            "0-19 team",
        ],
        Sector::FamilyNursePartnership => &["family nurse", "fnp"],
        Sector::Midwifery => &["midwife", "midwifery", "maternity"],
        Sector::GeneralPractice => &["gp", "surgery", "general practice", "practice nurse"],
        Sector::Hospital => &[
            "hospital",
            "paediatric",
            "emergency department",
            "a&e",
            "ward",
        ],
        Sector::Ambulance => &["ambulance", "paramedic"],
        Sector::MentalHealth => &["mental health", "camhs", "cmht", "perinatal"],
        Sector::SubstanceMisuse => &["drug and alcohol", "substance misuse", "alcohol service"],
        Sector::Education => &["school", "education", "college"],
        Sector::EarlyYears => &["nursery", "early years", "children's centre", "childminder"],
        Sector::EarlyHelp => &["early help", "family support", "targeted youth"],
        Sector::Housing => &["housing", "landlord", "homeless"],
        Sector::Probation => &["probation", "offender manager"],
        Sector::Voluntary => &["charity", "voluntary", "women's aid", "refuge"],
        Sector::Other => &[],
    }
}

/// For a hand-over, the agency most likely on the receiving end: one named (by its name,
/// short name or the words for its service) in the text, other than the sender. When several
/// agencies of the named service exist (several areas), the one named most exactly wins.
pub fn suggest_to_agency(text: &str, from: AgencyId, agencies: &[Agency]) -> Option<AgencyId> {
    let hay = words(text);
    // Look first after the hand-over words, where the receiver is named.
    let tail = [
        " referred to ",
        " referral to ",
        " transferred to ",
        " shared with ",
        " sent to ",
        " handed over to ",
        " informed ",
        " notified ",
        " to ",
    ]
    .iter()
    .find_map(|m| hay.find(m).map(|i| &hay[i + m.len() - 1..]))
    .unwrap_or(&hay);
    let mut best: Option<(usize, AgencyId)> = None;
    for a in agencies.iter().filter(|a| a.id != from) {
        let mut score = 0;
        if contains_phrase(tail, &a.name.to_lowercase()) {
            score = 3;
        } else if a.short_name.len() >= 2 && contains_phrase(tail, &a.short_name.to_lowercase()) {
            score = 2;
        } else if sector_words(a.sector)
            .iter()
            .any(|w| contains_phrase(tail, w))
        {
            score = 1;
        }
        if score > 0 && best.map(|(s, _)| score > s).unwrap_or(true) {
            best = Some((score, a.id));
        }
    }
    best.map(|(_, id)| id)
}

/// A sector guessed from an agency's name ("Northbrook Police" → police).
pub fn sector_from_name(name: &str) -> Sector {
    let hay = words(name);
    Sector::ALL
        .iter()
        .copied()
        .filter(|s| *s != Sector::Other)
        .find(|s| sector_words(*s).iter().any(|w| contains_phrase(&hay, w)))
        .unwrap_or(Sector::Other)
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
        assert_eq!(sector_from_name("Northbrook Police"), Sector::Police);
        assert_eq!(
            sector_from_name("Westvale GP surgery"),
            Sector::GeneralPractice
        );
    }
}
