//! What a meeting's records say: information shared at a meeting is received by the agencies
//! whose own records show them there, and a missed contact one record of a meeting mentions
//! does not contradict another's "no new concerns". Each with its near misses.

use super::*;

/// CSC's record of information shared with the police on 04/03/2019 (`summary` says how),
/// and the police's own record of a strategy discussion on `police_day` (none when `None`).
fn shared_at_meeting(summary: &str, police_day: Option<&str>) -> (Case, EntryId) {
    let mut c = Case::new();
    // The police know the family already (their first entry after is not a receipt for that).
    c.add(
        "Police",
        "01/03/2019",
        EntryKind::Incident,
        "Domestic incident at the flat",
    );
    let h = c
        .add("CSC", "04/03/2019", EntryKind::InformationShared, summary)
        .to("Police")
        .detail("Two incidents of domestic abuse; Father on bail.")
        .id();
    if let Some(day) = police_day {
        c.add(
            "Police",
            day,
            EntryKind::StrategyDiscussion,
            "Strategy discussion (Teams) re the unborn baby; DS attended for police",
        );
    }
    c.add(
        "Police",
        "30/04/2019",
        EntryKind::Note,
        "Crime report updated",
    );
    (c, h)
}

#[test]
fn information_shared_at_a_meeting_the_receiver_records_was_received() {
    const RULE: &str = "lost_transfer.no_receipt";
    let at = "Information shared at the strategy discussion: two domestic incidents";
    // The police record the same strategy discussion that day: they were there.
    let (c, _) = shared_at_meeting(at, Some("04/03/2019"));
    check(&c.flags("01/06/2019"), RULE, &[]);
    // Near misses: the police record the meeting a week later (another meeting), or not at
    // all: nothing shows they received it.
    let (c, h) = shared_at_meeting(at, Some("11/03/2019"));
    check(&c.flags("01/06/2019"), RULE, &[&[h]]);
    let (c, h) = shared_at_meeting(at, None);
    check(&c.flags("01/06/2019"), RULE, &[&[h]]);
    // Sent by email, not at a meeting: the police's meeting that day is not its receipt.
    let (c, h) = shared_at_meeting(
        "Chronology of incidents emailed to the police",
        Some("04/03/2019"),
    );
    check(&c.flags("01/06/2019"), RULE, &[&[h]]);
}

#[test]
fn a_missed_contact_mentioned_at_a_meeting_does_not_contradict_no_new_concerns() {
    const RULE: &str = "contradicting_records.accounts_differ";
    let meeting = |hv_detail: &str| {
        let mut c = Case::new();
        let a = c
            .add(
                "CSC",
                "10/07/2019",
                EntryKind::CoreGroup,
                "Core group: SWX, HVX, Mother",
            )
            .detail("Mother says all is well. No new concerns identified.")
            .id();
        let b = c
            .add(
                "HV",
                "10/07/2019",
                EntryKind::CoreGroup,
                "Core group: SWX, HVX, Mother",
            )
            .detail(hv_detail)
            .id();
        (c, a, b)
    };
    // The health visitor's note of the meeting mentions a clinic appointment missed the week
    // before (rebooked): both accounts can be true.
    let (c, ..) = meeting("Plan reviewed. Baby not brought to weigh clinic 03/07 - rebooked.");
    check(&c.flags("01/12/2019"), RULE, &[]);
    let (c, ..) = meeting("Plan reviewed. No answer when I visited on 01/07; seen since.");
    check(&c.flags("01/12/2019"), RULE, &[]);
    // Near miss: the health visitor's note records a bruise raised at the meeting, which
    // "no new concerns" leaves out: the accounts differ.
    let (c, a, b) = meeting("I raised the bruise on the baby's cheek; SW said it was explained.");
    let flags = c.flags("01/12/2019");
    check(&flags, RULE, &[&[a, b]]);
    assert!(
        of_rule(&flags, RULE)[0]
            .explanation
            .contains("records bruising"),
        "{}",
        of_rule(&flags, RULE)[0].explanation
    );
}
