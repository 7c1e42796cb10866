//! Rules read from what a hand-over and two records of one incident say: a hand-over that
//! tells the receiver there is no risk the sender knows of, an allegation one agency records
//! and another's record of the same incident says was never made, and a transfer timed from
//! the receiving side's own record of it. Each with its near misses.

use super::*;

/// A chronology where CSC records domestic abuse, then sends CSC2 a transfer whose words are
/// `summary`, and CSC2 records receiving it the next day.
fn transfer_case(risk_first: bool, summary: &str) -> (Case, EntryId, EntryId) {
    let mut c = Case::new();
    if risk_first {
        c.add(
            "CSC",
            "01/03/2019",
            EntryKind::HomeVisit,
            "Visit: mother disclosed partner punched her and grabbed her throat",
        );
    } else {
        c.add("CSC", "01/03/2019", EntryKind::HomeVisit, "Visit: all well");
    }
    let sent = c
        .add("CSC", "01/04/2019", EntryKind::CaseTransfer, summary)
        .to("CSC2")
        .id();
    let got = c
        .add(
            "CSC2",
            "02/04/2019",
            EntryKind::ReferralReceived,
            "Transfer received from CSC: no incidents since March",
        )
        .id();
    (c, sent, got)
}

#[test]
fn a_hand_over_that_says_there_is_no_risk_the_sender_recorded_is_a_lost_key_risk() {
    let (c, sent, got) = transfer_case(
        true,
        "Transfer summary to CSC2: mother and baby moved. No incidents since March.",
    );
    let flags = c.flags("01/12/2019");
    check(&flags, "lost_transfer.risk_denied", &[&[sent, got]]);
    let f = &of_rule(&flags, "lost_transfer.risk_denied")[0];
    assert!(
        f.explanation.contains("no incidents since"),
        "{}",
        f.explanation
    );
    assert!(
        f.explanation.contains("domestic abuse"),
        "{}",
        f.explanation
    );

    // Near misses: the sender recorded no such risk; the summary carries the risk.
    let (c, _, _) = transfer_case(
        false,
        "Transfer summary to CSC2: mother and baby moved. No incidents since March.",
    );
    check(&c.flags("01/12/2019"), "lost_transfer.risk_denied", &[]);
    let (c, _, _) = transfer_case(
        true,
        "Transfer summary to CSC2: domestic abuse 01/03 (strangulation), MARAC referral made.",
    );
    check(&c.flags("01/12/2019"), "lost_transfer.risk_denied", &[]);
}

#[test]
fn a_discharge_letter_saying_no_risk_issues_after_a_disclosure_is_flagged_once() {
    let build = |disclosure: &str| {
        let mut c = Case::new();
        c.add("Hospital", "01/03/2019", EntryKind::Appointment, disclosure);
        let out = c
            .add(
                "Hospital",
                "20/03/2019",
                EntryKind::CaseClosed,
                "Discharged to GP. Discharge letter: 'no risk issues identified'",
            )
            .id();
        // The GP files the letter, repeating its words: an echo, not a second hand-over.
        let gp = c
            .add(
                "GP",
                "22/03/2019",
                EntryKind::Note,
                "Discharge letter filed: no risk issues identified",
            )
            .id();
        (c, out, gp)
    };
    let (c, out, gp) = build("Seen alone: says partner pushed her and she is drinking to cope");
    check(
        &c.flags("01/12/2019"),
        "lost_transfer.risk_denied",
        &[&[out, gp]],
    );
    let (c, _, _) = build("Seen alone: low mood, sleeping badly");
    check(&c.flags("01/12/2019"), "lost_transfer.risk_denied", &[]);
}

#[test]
fn an_allegation_another_agency_records_as_never_made_is_a_contradiction() {
    let build = |later: &str, on: &str| {
        let mut c = Case::new();
        let police = c
            .add(
                "Police",
                "10/03/2019",
                EntryKind::Incident,
                "Officers attended: mother says partner pushed her into the wall; crime recorded as common assault",
            )
            .id();
        let csc = c.add("CSC", on, EntryKind::ThresholdDecision, later).id();
        (c, police, csc)
    };
    let (c, police, csc) = build(
        "Police notification of 10/03/19: verbal argument only, no assault alleged. NFA",
        "12/03/2019",
    );
    check(
        &c.flags("01/12/2019"),
        "contradicting_records.allegation_denied",
        &[&[police, csc]],
    );
    // Near misses: a record that does not write the incident's date is about another day; one
    // that does not speak of the police is another account; one that agrees is no
    // contradiction.
    for (text, on) in [
        (
            "Police notification: verbal argument only, no assault alleged. NFA",
            "12/03/2019",
        ),
        (
            "Mother told the social worker about 10/03: no assault alleged, 'just words'",
            "12/03/2019",
        ),
        (
            "Police notification of 10/03/19: mother pushed by partner. Strategy discussion",
            "12/03/2019",
        ),
        (
            "Police notification of 10/03/19: no assault alleged",
            "25/03/2019",
        ),
    ] {
        let (c, _, _) = build(text, on);
        check(
            &c.flags("01/12/2019"),
            "contradicting_records.allegation_denied",
            &[],
        );
    }
}

#[test]
fn a_transfer_recorded_by_its_receiver_is_timed_to_the_receivers_response() {
    let build = |conference: &str| {
        let mut c = Case::new();
        c.data.protocol_rules.push(ProtocolRule {
            id: ProtocolRuleId(1),
            name: "Transfer-in conference".into(),
            trigger_kind: EntryKind::CaseTransfer,
            trigger_tag: String::new(),
            to_sector: None,
            response_kinds: vec![EntryKind::ChildProtectionConference],
            working_days: 15,
            enabled: true,
        });
        let t = c
            .add(
                "CSC2",
                "01/04/2019",
                EntryKind::CaseTransfer,
                "Transfer-in request received from CSC: child on a CP plan",
            )
            .id();
        let icpc = c
            .add(
                "CSC2",
                conference,
                EntryKind::ChildProtectionConference,
                "Transfer-in conference",
            )
            .id();
        (c, t, icpc)
    };
    let (c, t, icpc) = build("20/05/2019");
    check(
        &c.flags("01/12/2019"),
        "delayed_response.protocol_timescale",
        &[&[t, icpc]],
    );
    let (c, _, _) = build("15/04/2019");
    check(
        &c.flags("01/12/2019"),
        "delayed_response.protocol_timescale",
        &[],
    );
}

#[test]
fn a_call_one_agency_records_making_and_the_other_says_never_came_is_a_contradiction() {
    let build = |home: &str, on: &str| {
        let mut c = Case::new();
        let police = c
            .add(
                "Police",
                "10/03/2019",
                EntryKind::Incident,
                "Young person arrested; hospital ward informed by phone 20:05",
            )
            .id();
        let hospital = c.add("Hospital", on, EntryKind::Note, home).id();
        (c, police, hospital)
    };
    let (c, police, hospital) = build(
        "Patient returned to the ward late; no contact from police during the evening",
        "10/03/2019",
    );
    check(
        &c.flags("01/12/2019"),
        "contradicting_records.contact_denied",
        &[&[police, hospital]],
    );
    // Near misses: a record of another day; one that does not speak of the police.
    for (text, on) in [
        (
            "Patient returned to the ward late; no contact from police during the evening",
            "12/03/2019",
        ),
        (
            "Patient returned to the ward late; no contact from his mother",
            "10/03/2019",
        ),
    ] {
        let (c, _, _) = build(text, on);
        check(
            &c.flags("01/12/2019"),
            "contradicting_records.contact_denied",
            &[],
        );
    }
}

#[test]
fn an_unrelated_entry_by_the_receiver_is_not_the_receipt_of_a_hand_over() {
    // The hospital emails the police a concern about bruising; the police, already involved,
    // record something the same day that names the hospital. `police` is that entry.
    let build = |police: &str| {
        let mut c = Case::new();
        c.add(
            "Police",
            "01/02/2019",
            EntryKind::Incident,
            "Call-out to the address",
        );
        let sent = c
            .add(
                "Hospital",
                "04/03/2019",
                EntryKind::Referral,
                "Safeguarding concern emailed to police: bruising of different ages",
            )
            .to("Police")
            .id();
        c.add("Police", "04/03/2019", EntryKind::Note, police);
        (c, sent)
    };
    // An interview note that mentions the hospital as a place is not the email received.
    let (c, sent) = build("Father interviewed, denies; mother spoken to at hospital by phone");
    check(
        &c.flags("01/12/2019"),
        "lost_transfer.no_receipt",
        &[&[sent]],
    );
    // Near misses: a record of the email, or a note about the same concern, is its receipt.
    let (c, _) = build("Email from hospital received");
    check(&c.flags("01/12/2019"), "lost_transfer.no_receipt", &[]);
    let (c, _) = build("Hospital staff report bruising to both arms; officers to attend");
    check(&c.flags("01/12/2019"), "lost_transfer.no_receipt", &[]);
}
