//! The rules on chronologies written only in practitioners' words (every entry a "note"): the
//! readings of issue 9 (sightings, failed contacts, levels, disagreements, attendance) each
//! with its near misses.

use super::*;

/// A note: the kind, level, receiver and sighting all come from its words.
fn note<'c>(c: &'c mut Case, agency: &str, date: &str, summary: &str) -> E<'c> {
    c.add(agency, date, EntryKind::Note, summary)
}

#[test]
fn an_unseen_gap_counts_when_contacts_kept_failing_and_no_case_is_open() {
    let build = |middle: &[(&str, &str, &str)]| {
        let mut c = Case::new();
        let first = note(
            &mut c,
            "HV",
            "01/02/2019",
            "Home visit, baby weighed and measured",
        )
        .id();
        let mut ids = vec![first];
        for (agency, date, text) in middle {
            ids.push(note(&mut c, agency, date, text).id());
        }
        let last = note(
            &mut c,
            "HV",
            "01/05/2019",
            "Home visit: baby weighed and measured",
        )
        .id();
        ids.push(last);
        (c, first, last)
    };
    let failing = [
        ("GP", "01/03/2019", "8-week imms - child not brought"),
        ("HV", "15/03/2019", "Attempted visit - no answer"),
        ("GP", "01/04/2019", "Rebooked imms - was not brought"),
    ];
    let (c, first, last) = build(&failing);
    let flags = c.flags("01/12/2019");
    check(&flags, "child_not_seen.open_case_gap", &[&[first, last]]);
    let f = &of_rule(&flags, "child_not_seen.open_case_gap")[0];
    assert!(
        f.explanation
            .contains("while 3 contacts did not see Child T"),
        "{}",
        f.explanation
    );
    // Near misses: two failed contacts are not enough without an open case; a sighting in
    // between ("imms given") ends the gap.
    let (c, _, _) = build(&failing[..2]);
    check(&c.flags("01/12/2019"), "child_not_seen.open_case_gap", &[]);
    let (c, _, _) = build(&[
        failing[0],
        failing[1],
        ("GP", "20/03/2019", "8-week imms given, baby weighed"),
        failing[2],
    ]);
    check(&c.flags("01/12/2019"), "child_not_seen.open_case_gap", &[]);
}

#[test]
fn a_referral_answered_lower_than_it_asked_is_read_from_words() {
    let build = |challenge: Option<&str>| {
        let mut c = Case::new();
        let r = note(
            &mut c,
            "HV",
            "01/03/2019",
            "Referral to CSC requesting a child in need assessment",
        )
        .id();
        let d = note(
            &mut c,
            "CSC",
            "04/03/2019",
            "Threshold decision: Level 2 - step across to Early Help",
        )
        .id();
        if let Some(text) = challenge {
            note(&mut c, "HV", "06/03/2019", text);
        }
        (c, r, d)
    };
    let (c, r, d) = build(None);
    check(
        &c.flags("01/12/2019"),
        "missed_escalation.lower_level_unchallenged",
        &[&[r, d]],
    );
    // Near miss: the referrer challenged the decision.
    let (c, _, _) = build(Some("HV escalated the decision to the CSC team manager"));
    check(
        &c.flags("01/12/2019"),
        "missed_escalation.lower_level_unchallenged",
        &[],
    );
}

#[test]
fn a_disagreement_in_an_entrys_words_that_went_no_further_is_flagged() {
    let build = |words: &str, then: Option<&str>| {
        let mut c = Case::new();
        let v = note(&mut c, "HV", "03/06/2019", "Home visit, baby seen")
            .detail(words)
            .id();
        if let Some(text) = then {
            note(&mut c, "HV", "05/06/2019", text);
        }
        (c, v)
    };
    let (c, v) = build(
        "Bruise on cheek. Phoned SWX: explanation accepted. I do not agree - will discuss with the Named Nurse.",
        None,
    );
    check(
        &c.flags("01/12/2019"),
        "missed_escalation.disagreement_dropped",
        &[&[v]],
    );
    // Near misses: the disagreement was escalated; a parent's disagreement is not a
    // professional one.
    let (c, _) = build(
        "Bruise on cheek. I do not agree with SWX.",
        Some("Escalated to the Named Nurse, who raised it with the CSC team manager"),
    );
    check(
        &c.flags("01/12/2019"),
        "missed_escalation.disagreement_dropped",
        &[],
    );
    let (c, _) = build("Father does not agree with the plan.", None);
    check(
        &c.flags("01/12/2019"),
        "missed_escalation.disagreement_dropped",
        &[],
    );
}

#[test]
fn a_meeting_the_partner_was_on_leave_for_contradicts_its_record() {
    let build = |that_day: Option<&str>| {
        let mut c = Case::new();
        note(&mut c, "FNP", "01/02/2019", "Home visit, baby seen");
        let m = note(
            &mut c,
            "CSC",
            "09/03/2019",
            "Core group. Present: SWX, Mother, family nurse (FNP)",
        )
        .id();
        let own = that_day.map(|text| note(&mut c, "FNP", "09/03/2019", text).id());
        note(&mut c, "FNP", "20/03/2019", "Home visit, baby seen");
        (c, m, own)
    };
    let (c, m, own) = build(Some(
        "Family nurse on annual leave this week; no cover arranged",
    ));
    check(
        &c.flags("01/12/2019"),
        "contradicting_records.unrecorded_meeting",
        &[&[m, own.unwrap()]],
    );
    // Near misses: the partner's record that day shows her at work; a bare list of those
    // present with nothing in the partner's record to contradict it.
    let (c, _, _) = build(Some("Home visit, baby seen"));
    check(
        &c.flags("01/12/2019"),
        "contradicting_records.unrecorded_meeting",
        &[],
    );
    let (c, _, _) = build(None);
    check(
        &c.flags("01/12/2019"),
        "contradicting_records.unrecorded_meeting",
        &[],
    );
}

#[test]
fn a_hand_over_the_receiver_says_never_arrived_is_lost_and_a_receipt_in_other_words_counts() {
    let build = |reply: &str| {
        let mut c = Case::new();
        let h = note(
            &mut c,
            "HV",
            "01/04/2019",
            "Transfer-out form and record summary emailed to the HV2 service",
        )
        .id();
        note(&mut c, "HV2", "10/04/2019", reply);
        note(
            &mut c,
            "HV2",
            "20/04/2019",
            "Transfer-in contact, baby seen",
        );
        (c, h)
    };
    let (c, h) = build("Child not known to this service; inbox checked, nothing found");
    check(&c.flags("01/12/2019"), "lost_transfer.no_receipt", &[&[h]]);
    // Near miss: the receiver recorded it in its own words.
    let (c, _) = build("Transfer paperwork received from HV; records checked");
    check(&c.flags("01/12/2019"), "lost_transfer.no_receipt", &[]);
}

#[test]
fn a_concern_played_down_is_examined_only_by_an_assessment_its_headline_calls_one() {
    let build = |headline: &str| {
        let mut c = Case::new();
        let first = c
            .add(
                "HV",
                "01/02/2019",
                EntryKind::HomeVisit,
                "Father drinking; mother says it is historic",
            )
            .id();
        for (agency, date, kind, text) in [
            (
                "GP",
                "15/02/2019",
                EntryKind::Appointment,
                "Father's alcohol use discussed (per mother only at weekends)",
            ),
            (
                "Police",
                "01/03/2019",
                EntryKind::Incident,
                "Father drunk at the address",
            ),
            (
                "HV",
                "15/03/2019",
                EntryKind::HomeVisit,
                "Empty cans of lager in the kitchen",
            ),
            (
                "GP",
                "01/04/2019",
                EntryKind::Appointment,
                "Alcohol: father says he has cut down",
            ),
        ] {
            c.add(agency, date, kind, text);
        }
        // Suggested by an import, not classified by the reviewer.
        c.add("CSC", "10/04/2019", EntryKind::Assessment, headline)
            .suggested(EntryKind::Assessment)
            .detail("Father's alcohol use noted from the police report.");
        for (agency, date, kind, text) in [
            (
                "Police",
                "20/04/2019",
                EntryKind::Incident,
                "Father drunk again",
            ),
            (
                "HV",
                "01/05/2019",
                EntryKind::HomeVisit,
                "Father drinking in the afternoon",
            ),
        ] {
            c.add(agency, date, kind, text);
        }
        (c, first)
    };
    // A log entry read as an assessment does not examine it.
    let (c, first) = build("Police notification logged");
    check(
        &c.flags("01/12/2019"),
        "repeated_concern.minimised_no_assessment",
        &[&[first]],
    );
    // Near misses: an assessment by name does, and so does one the reviewer classified.
    let (c, _) = build("Parenting assessment: father's alcohol use explored");
    check(
        &c.flags("01/12/2019"),
        "repeated_concern.minimised_no_assessment",
        &[],
    );
    let (mut c, _) = build("Police notification logged");
    for e in &mut c.data.entries {
        if e.suggested_kind == Some(EntryKind::Assessment) {
            e.kind = EntryKind::Assessment;
        }
    }
    check(
        &c.flags("01/12/2019"),
        "repeated_concern.minimised_no_assessment",
        &[],
    );
}
