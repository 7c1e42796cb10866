//! Hand-overs to several agencies: each receiving agency is checked on its own, so a referral
//! to two agencies where one never records it is a lost transfer for that one. Each with its
//! near misses.

use super::*;

/// CSC refers to HV and Police on one day; `receipts` lists who records receiving it.
fn two_receivers(receipts: &[&str]) -> (Case, EntryId) {
    let mut c = Case::new();
    let r = c
        .add(
            "CSC",
            "04/03/2019",
            EntryKind::Referral,
            "Referral to health visiting and police",
        )
        .to("HV")
        .to("Police")
        .id();
    for who in receipts {
        c.add(
            who,
            "05/03/2019",
            EntryKind::ReferralReceived,
            "Referral from children's social care received",
        );
    }
    c.add("CSC", "30/04/2019", EntryKind::Note, "Case note");
    (c, r)
}

#[test]
fn a_hand_over_to_two_agencies_one_never_receives_is_lost_for_that_one() {
    let (c, r) = two_receivers(&["HV"]);
    let flags = c.flags("01/06/2019");
    check(&flags, "lost_transfer.no_receipt", &[&[r]]);
    let f = &of_rule(&flags, "lost_transfer.no_receipt")[0];
    assert!(
        f.explanation
            .contains("No receipt or response from Police is recorded"),
        "{}",
        f.explanation
    );
    assert!(
        !f.explanation.contains("from HV is recorded"),
        "{}",
        f.explanation
    );

    // Neither received it: one flag for each receiving agency, told apart.
    let (c, r) = two_receivers(&[]);
    let flags = c.flags("01/06/2019");
    check(&flags, "lost_transfer.no_receipt", &[&[r], &[r]]);
    let ids: BTreeSet<&str> = of_rule(&flags, "lost_transfer.no_receipt")
        .iter()
        .map(|f| f.identity.as_str())
        .collect();
    assert_eq!(ids.len(), 2, "each receiver's claim is its own flag");

    // Near miss: both recorded receiving it.
    let (c, _) = two_receivers(&["HV", "Police"]);
    check(&c.flags("01/06/2019"), "lost_transfer.no_receipt", &[]);
}

#[test]
fn a_reviewer_link_from_one_receiver_answers_only_for_that_one() {
    let (mut c, r) = two_receivers(&[]);
    let got = c.add("HV", "20/03/2019", EntryKind::Note, "Noted").id();
    c.link(got, LinkKind::Acknowledges, r);
    let flags = c.flags("01/06/2019");
    check(&flags, "lost_transfer.no_receipt", &[&[r]]);
    assert!(of_rule(&flags, "lost_transfer.no_receipt")[0]
        .explanation
        .contains("from Police is recorded"));

    // Near miss: a hand-over to one agency is answered by any receipt the reviewer links, as
    // before several receivers could be given.
    let mut c = Case::new();
    let r = c
        .add("CSC", "04/03/2019", EntryKind::Referral, "Referral to HV")
        .to("HV")
        .id();
    let got = c
        .add(
            "GP",
            "20/03/2019",
            EntryKind::Note,
            "HV told us it was received",
        )
        .id();
    c.link(got, LinkKind::Acknowledges, r);
    check(&c.flags("01/06/2019"), "lost_transfer.no_receipt", &[]);
}

#[test]
fn a_referral_to_two_agencies_answered_lower_by_one_is_that_ones_escalation() {
    // Asked for child protection; CSC decides early help, the police take it up as asked.
    let mut c = Case::new();
    let r = c
        .add(
            "HV",
            "04/03/2019",
            EntryKind::Referral,
            "Referral to CSC and police: bruise on baby, requesting strategy discussion",
        )
        .to("CSC")
        .to("Police")
        .level(ServiceLevel::ChildProtection)
        .id();
    let d = c
        .add(
            "CSC",
            "06/03/2019",
            EntryKind::ThresholdDecision,
            "Referral from HV: step down to early help",
        )
        .level(ServiceLevel::EarlyHelp)
        .id();
    c.add("CSC", "30/05/2019", EntryKind::Note, "Case note");
    let flags = c.flags("01/09/2019");
    check(
        &flags,
        "missed_escalation.lower_level_unchallenged",
        &[&[r, d]],
    );

    // Near miss: CSC answers at the level asked for.
    let mut c = Case::new();
    c.add(
        "HV",
        "04/03/2019",
        EntryKind::Referral,
        "Referral to CSC and police: bruise on baby, requesting strategy discussion",
    )
    .to("CSC")
    .to("Police")
    .level(ServiceLevel::ChildProtection);
    c.add(
        "CSC",
        "06/03/2019",
        EntryKind::ThresholdDecision,
        "Referral from HV: strategy discussion, section 47",
    )
    .level(ServiceLevel::ChildProtection);
    c.add("CSC", "30/05/2019", EntryKind::Note, "Case note");
    check(
        &c.flags("01/09/2019"),
        "missed_escalation.lower_level_unchallenged",
        &[],
    );
}

#[test]
fn a_concern_told_to_police_and_sent_to_another_service_is_a_hand_over_to_that_service() {
    // The hospital's concern form: its headline reports what the patient told the police;
    // its detail says where the form went. No receiving agency recorded or suggested.
    let build = |receipt: bool| {
        let mut c = Case::new();
        let r = c
            .add(
                "Hospital",
                "04/03/2019",
                EntryKind::Referral,
                "Safeguarding concern form: bruising, disclosure to police that her father hit her",
            )
            .detail("Emailed to the Northville children's services duty inbox.")
            .id();
        if receipt {
            c.add(
                "CSC",
                "05/03/2019",
                EntryKind::ReferralReceived,
                "Hospital safeguarding concern received",
            );
        }
        c.add(
            "Police",
            "20/03/2019",
            EntryKind::Incident,
            "Unrelated call-out",
        );
        c.add("CSC", "30/04/2019", EntryKind::Note, "Case note");
        (c, r)
    };
    let (c, r) = build(false);
    let flags = c.flags("01/06/2019");
    check(&flags, "lost_transfer.no_receipt", &[&[r]]);
    let f = &of_rule(&flags, "lost_transfer.no_receipt")[0];
    assert!(
        f.explanation.contains("Referral from Hospital to CSC")
            && f.explanation.contains("No receipt or response from CSC"),
        "{}",
        f.explanation
    );
    // Near miss: children's services recorded receiving it.
    let (c, _) = build(true);
    check(&c.flags("01/06/2019"), "lost_transfer.no_receipt", &[]);
}
