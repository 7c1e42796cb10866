//! Readings of practitioners' wording, each with its near misses.

use super::*;
use crate::model::{EntryKind as K, ServiceLevel as L};

fn check_kind(input: &str, expect: Option<K>) {
    assert_eq!(kind_from_text(input), expect, "kind of {input:?}");
}

fn check_level(input: &str, expect: Option<L>) {
    assert_eq!(read_level(input), expect, "level of {input:?}");
}

fn check_failed(input: &str, expect: bool) {
    let p = list(words::FAILED_CONTACT);
    assert_eq!(
        p.any_affirmed(&normalise(input)),
        expect,
        "failed contact in {input:?}"
    );
}

#[test]
fn phrases_match_at_word_starts_only() {
    let p = Phrases::new([("hit".to_string(), 1), ("bruis".to_string(), 2)]);
    let mut found = Vec::new();
    p.each("white bruising; hit him", |v, _| found.push(v));
    assert_eq!(found, vec![2, 1]);
    let mut found = Vec::new();
    p.each("hitting", |v, _| found.push(v));
    assert!(found.is_empty(), "short phrases are whole words");
}

#[test]
fn negation_is_read_within_the_clause_before_and_after() {
    let t = "no marks or bruising seen";
    assert!(negated_before(t, t.find("bruising").unwrap()));
    let t = "bruise on the cheek; not a problem";
    assert!(!negated_before(t, t.find("bruise").unwrap()));
    let t = "no bruises, marks or scratches";
    assert!(
        negated_before(t, t.find("marks").unwrap()),
        "a comma continues a negated list"
    );
    let t = "no answer. bruising seen on arm";
    assert!(
        !negated_before(t, t.find("bruising").unwrap()),
        "a full stop ends the negation"
    );
    let t = "referral was not made";
    assert!(negated_after(t, "referral".len()));
    let t = "referral not only to csc";
    assert!(!negated_after(t, "referral".len()));
}

#[test]
fn kinds_hold_on_tense_inflection_and_abbreviations() {
    for (input, expect) in [
        ("Strategy discussion held", Some(K::StrategyDiscussion)),
        ("Home visit: no access", Some(K::NoAccessVisit)),
        (
            "Attempted visit - not at home, card left",
            Some(K::NoAccessVisit),
        ),
        ("Travelled to the flat - no answer", Some(K::NoAccessVisit)),
        (
            "12-week imms - child not brought",
            Some(K::MissedAppointment),
        ),
        ("WNB to clinic", Some(K::MissedAppointment)),
        ("DNA x3 - discharged", Some(K::MissedAppointment)),
        ("Referral received from the GP", Some(K::ReferralReceived)),
        (
            "Police PPN received via Front Door",
            Some(K::ReferralReceived),
        ),
        (
            "Letter from the recovery service (dated 15/03)",
            Some(K::ReferralReceived),
        ),
        (
            "EDT decision: strategy discussion tonight",
            Some(K::ThresholdDecision),
        ),
        ("SW2 recommended a strategy discussion", Some(K::Assessment)),
        ("EY1 emailed the Front Door", Some(K::InformationShared)),
        ("HV informs the GP of the move", Some(K::InformationShared)),
        (
            "Notes passed to the school nurse",
            Some(K::InformationShared),
        ),
        (
            "Incident reported to children's services",
            Some(K::Incident),
        ),
        (
            "SW phones the new area to transfer the case",
            Some(K::CaseTransfer),
        ),
        ("Tel call to LF", Some(K::Contact)),
        ("Case to transfer to the new area", Some(K::CaseTransfer)),
        (
            "Family move to the new flat on Monday",
            Some(K::FamilyMoved),
        ),
        ("Mother moving to her sister's", Some(K::FamilyMoved)),
        ("Discharge", Some(K::CaseClosed)),
        ("Agreed to close to FNP", Some(K::CaseClosed)),
        ("Pre-birth ICPC", Some(K::ChildProtectionConference)),
        (
            "Transfer-in conference chaired by IRO2",
            Some(K::ChildProtectionConference),
        ),
        (
            "Transfer-in request from the old area by email",
            Some(K::ReferralReceived),
        ),
        (
            "Email to Head of Housing challenging the placement",
            Some(K::Escalation),
        ),
        ("HV2 disagrees with SW3", Some(K::Disagreement)),
        (
            "Team manager agreed no further action",
            Some(K::ThresholdDecision),
        ),
        (
            "Level 2 - step across to Early Help",
            Some(K::ThresholdDecision),
        ),
        ("MARAC held; actions agreed", Some(K::Marac)),
        // Near miss: passing on MARAC minutes is not a MARAC.
        (
            "MARAC minutes sent to the GP practice",
            Some(K::InformationShared),
        ),
        ("nothing to see", None),
    ] {
        check_kind(input, expect);
    }
}

#[test]
fn kinds_are_not_read_from_negated_words_or_the_detail_when_the_headline_names_one() {
    for (input, expect) in [
        // Near misses: the words are there, the event is not.
        ("Police attended. No visible injury", Some(K::Incident)),
        ("No referral was made", None),
        ("Strategy discussion not held", None),
        // The headline names the event; the detail's "DNA" is history.
        (
            "Core group\nprevious DNA at clinic noted",
            Some(K::CoreGroup),
        ),
        // Nothing in the headline: the detail is read.
        ("Tannery Row\nHome visit, baby seen", Some(K::HomeVisit)),
    ] {
        check_kind(input, expect);
    }
}

#[test]
fn service_levels_are_read_from_words() {
    for (input, expect) in [
        ("Conference recommends ICPC", Some(L::ChildProtection)),
        (
            "RAG RED, s47 threshold met, strategy discussion required",
            Some(L::ChildProtection),
        ),
        ("Outcome: CIN plan", Some(L::ChildInNeed)),
        ("MARF requests pre-birth assessment", Some(L::ChildInNeed)),
        (
            "Needs can be met at Level 2 - step across to Early Help",
            Some(L::EarlyHelp),
        ),
        ("Below threshold - NFA", Some(L::NoFurtherAction)),
        (
            "s42 criteria not met; information and advice",
            Some(L::NoFurtherAction),
        ),
        (
            "Strategy discussion: s47 not met, early help offered",
            Some(L::EarlyHelp),
        ),
        ("Home visit, baby content", None),
        // Near miss: a negated level is not the level.
        ("No strategy discussion held", None),
    ] {
        check_level(input, expect);
    }
}

#[test]
fn failed_contacts_are_read_in_their_usual_wordings() {
    for (input, expect) in [
        ("Knocked - no answer", true),
        ("Phone welfare check - all OK (phone only)", true),
        ("DNA x3", true),
        ("Calls unanswered over two weeks", true),
        ("Attempted visit, not there", true),
        ("Visit unsuccessful", true),
        ("Baby R not present", true),
        // Near misses.
        ("Seen at home, weighed and measured", false),
        ("Mother answered the door, baby seen", false),
    ] {
        check_failed(input, expect);
    }
}

#[test]
fn a_hand_over_asks_for_a_level_only_in_words_that_ask() {
    for (input, expect) in [
        ("MARF requests pre-birth assessment", Some(L::ChildInNeed)),
        (
            "Referral to the Front Door asking for an assessment under s47",
            Some(L::ChildProtection),
        ),
        ("Midwife recommends ICPC", Some(L::ChildProtection)),
        // Near misses: history and outcomes mentioned in a summary are not a request.
        (
            "Summary sent: early help in 2021, then CIN plan closed",
            None,
        ),
        ("Email to the GP: outcome NFA", None),
        (
            "Summary of involvement sent to the Front Door \n Child in need from June to November 2019; stepped down to early help",
            None,
        ),
    ] {
        assert_eq!(
            read_requested_level(input),
            expect,
            "asked for in {input:?}"
        );
    }
}

#[test]
fn disagreements_and_challenges_are_read_in_their_usual_wordings() {
    let disagreement = list(words::DISAGREEMENT);
    let challenge = list(words::CHALLENGE);
    for (input, expect) in [
        (
            "SW3 said the explanation was plausible. I do not agree",
            true,
        ),
        ("HV2 disagrees with the decision", true),
        // Near misses: raising something with a parent is not a disagreement; agreeing is not.
        ("SW3 to raise with Mother at core group", false),
        ("HV2 agrees with the plan", false),
    ] {
        assert_eq!(
            disagreement.any_affirmed(&normalise(input)),
            expect,
            "{input:?}"
        );
    }
    for (input, expect) in [
        (
            "TM emails the Head of Housing challenging the placement",
            true,
        ),
        ("Escalated to the named nurse", true),
        ("Decision not challenged", false),
    ] {
        assert_eq!(
            challenge.any_affirmed(&normalise(input)),
            expect,
            "{input:?}"
        );
    }
}

#[test]
fn a_receiver_saying_nothing_arrived_is_read() {
    let p = list(words::NOT_RECEIVED);
    for (input, expect) in [
        (
            "Child not known to the 0-19 service; SPA inbox checked, nothing found",
            true,
        ),
        (
            "No notification on our system (checked back to 01/01)",
            true,
        ),
        // Near miss: a receipt.
        ("Transfer-in notification received and acknowledged", false),
    ] {
        assert_eq!(p.any(&normalise(input)), expect, "{input:?}");
    }
}

#[test]
fn a_type_column_and_an_entrys_words_read_the_usual_kinds_alike() {
    // One vocabulary: the values agencies write in a "Type" column are read in
    // `phrases::values`, and the same labels written as an entry's headline give the same kind.
    for (value, kind) in [
        ("Strategy discussion", K::StrategyDiscussion),
        ("Core group", K::CoreGroup),
        ("MARAC", K::Marac),
        ("DNA", K::MissedAppointment),
        ("Was not brought", K::MissedAppointment),
        ("No access visit", K::NoAccessVisit),
        ("Home visit", K::HomeVisit),
        ("Referral received", K::ReferralReceived),
    ] {
        assert_eq!(
            values::kind_from_value(value),
            Some(kind),
            "value {value:?}"
        );
        check_kind(value, Some(kind));
    }
    // A label no table knows is not understood by either.
    assert_eq!(values::kind_from_value("Zzz"), None);
    check_kind("Zzz", None);
    // Levels read from a column and from words agree on the usual abbreviations.
    for (value, level) in [
        ("CIN (s17)", L::ChildInNeed),
        ("s47", L::ChildProtection),
        ("Early help", L::EarlyHelp),
    ] {
        assert_eq!(
            values::service_level_from_value(value),
            Some(level),
            "value {value:?}"
        );
    }
}

#[test]
fn a_concern_sent_on_in_its_record_is_a_referral_to_whom_it_was_sent() {
    // Sent on below the headline: a referral all the same.
    let form = "Safeguarding concern form completed: bruising to both arms, disclosure to \
                police that her son hit her\nEmailed to the Riverside ASC duty inbox. Copy \
                saved to notes.";
    check_kind(form, Some(K::Referral));
    assert!(sent_on(&normalise(form)).is_some());
    // The receiver is read after the words that send it, not from "disclosure to police".
    let agencies: Vec<crate::model::Agency> = [
        (
            1,
            "Riverside Police",
            "Police",
            crate::model::Sector::Police,
        ),
        (
            2,
            "Riverside Adult Social Care",
            "RASC",
            crate::model::Sector::Other,
        ),
        (
            3,
            "Riverside Hospital",
            "Hospital",
            crate::model::Sector::Hospital,
        ),
    ]
    .into_iter()
    .map(|(id, name, short, sector)| crate::model::Agency::new(id, name, short, sector))
    .collect();
    let from = crate::model::AgencyId(3);
    assert_eq!(
        receivers(form, from, &agencies),
        vec![crate::model::AgencyId(2)]
    );
    assert_eq!(
        receiver(form, from, &agencies),
        Some(crate::model::AgencyId(2))
    );
    // Near misses: told to the police and nothing sent anywhere names no receiver; a hand-over
    // to the police is still one.
    let told = "Concern: disclosure to police that her son hit her";
    assert_eq!(receiver(told, from, &agencies), None);
    assert_eq!(
        receivers(
            "Referral to police: she disclosed to the nurse that her son hit her",
            from,
            &agencies
        ),
        vec![crate::model::AgencyId(1)]
    );
    // Written by the one told: "Police notified RASC of ..." in the adult service's own
    // record names no receiver.
    let told = "Police notified RASC of a disclosure at the home";
    assert_eq!(receiver(told, crate::model::AgencyId(2), &agencies), None);
    assert_eq!(
        receivers(told, crate::model::AgencyId(2), &agencies),
        vec![]
    );
    let told = "Police notified ASC of a disclosure at the home";
    assert_eq!(receiver(told, crate::model::AgencyId(2), &agencies), None);
    // Near miss: the same words written by the hospital, which was not told.
    assert_eq!(
        receiver("Hospital notified RASC of the admission", from, &agencies),
        Some(crate::model::AgencyId(2))
    );
    // A copy to the agency's own file is not sending it on.
    assert!(sent_on("concern noted. copy emailed to the team file").is_none());
    assert!(sent_on("concern noted. not sent to anyone").is_none());
}

#[test]
fn what_someone_said_to_an_agency_is_blanked_to_the_end_of_its_clause() {
    let t = "bruising, disclosure to police that he pushed her, husband drunk";
    let out = receiver::without_disclosures(t);
    assert_eq!(out.len(), t.len(), "positions are kept");
    assert!(
        !out.contains("police") && out.contains("husband drunk"),
        "{out}"
    );
    // Not inside another word, and untouched when there is nothing to blank.
    let t = "nondisclosure to police form";
    assert_eq!(receiver::without_disclosures(t), t);
    assert!(matches!(
        receiver::without_disclosures("referred to police"),
        std::borrow::Cow::Borrowed(_)
    ));
}

#[test]
fn a_concern_sent_on_in_the_headline_is_a_referral() {
    check_kind(
        "Adult safeguarding concern emailed to the council's safeguarding inbox",
        Some(K::Referral),
    );
    check_kind(
        "Safeguarding concern about bruising, forwarded to the duty team",
        Some(K::Referral),
    );
    // Near misses: a concern recorded and kept; a copy to the team's own file; a concern
    // "not sent".
    check_kind(
        "Concern about home conditions noted",
        Some(K::ConcernRaised),
    );
    check_kind(
        "Concern about bruising, mother spoke to police\nCopy emailed to the team file",
        Some(K::ConcernRaised),
    );
    check_kind(
        "Concern recorded, not sent to anyone",
        Some(K::ConcernRaised),
    );
}
