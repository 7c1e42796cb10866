//! Protocol timescales on agencies' own wording: a receipt whose words give the decision is
//! the decision, and one event recorded twice by an agency on one day is one event to answer.
//! Each with its near misses.

use super::*;

const RULE: &str = "delayed_response.protocol_timescale";

fn rule(name: &str, trigger: EntryKind, response: EntryKind, days: i32) -> ProtocolRule {
    ProtocolRule {
        id: ProtocolRuleId(1),
        name: name.into(),
        trigger_kind: trigger,
        to_sector: None,
        trigger_tag: String::new(),
        response_kinds: vec![response],
        working_days: days,
        enabled: true,
    }
}

#[test]
fn a_receipt_that_opens_an_enquiry_is_the_triage_decision() {
    let build = |received: &str| {
        let mut c = Case::new();
        c.data.protocol_rules = vec![rule(
            "Safeguarding concern: triage",
            EntryKind::Referral,
            EntryKind::ThresholdDecision,
            1,
        )];
        let r = c
            .add(
                "Hospital",
                "04/03/2019",
                EntryKind::Referral,
                "Safeguarding concern to children's services: unexplained bruising",
            )
            .to("CSC")
            .id();
        c.add("CSC", "04/03/2019", EntryKind::ConcernRaised, received);
        c.add("CSC", "30/04/2019", EntryKind::Note, "Case note");
        (c, r)
    };
    // Its words give the level decided: the triage was the same day.
    let (c, _) = build("Concerns from the hospital: bruising. Section 47 enquiry opened.");
    check(&c.flags("01/06/2019"), RULE, &[]);
    // Near misses: a receipt that only asks for a level, or says nothing of one, is no
    // decision: none is recorded.
    let (c, r) = build("Concerns from the hospital: the hospital requests a section 47 enquiry.");
    check(&c.flags("01/06/2019"), RULE, &[&[r]]);
    let (c, r) = build("Concerns from the hospital logged.");
    check(&c.flags("01/06/2019"), RULE, &[&[r]]);
}

#[test]
fn one_incident_recorded_twice_in_a_day_is_one_event_to_answer() {
    let build = |second_day: &str| {
        let mut c = Case::new();
        c.data.protocol_rules = vec![rule(
            "Disclosure of domestic abuse: safeguarding concern the same day",
            EntryKind::Incident,
            EntryKind::Referral,
            0,
        )];
        let a = c
            .add(
                "Police",
                "04/03/2019",
                EntryKind::Incident,
                "Called to the flat: she told officers he pushed her; he was arrested",
            )
            .id();
        let b = c
            .add(
                "Police",
                second_day,
                EntryKind::Incident,
                "He was interviewed and denies it; released with no further action",
            )
            .id();
        c.add(
            "Police",
            "30/04/2019",
            EntryKind::Note,
            "Crime report closed",
        );
        (c, a, b)
    };
    // The arrest and the interview the same day: one flag, on the first.
    let (c, a, _) = build("04/03/2019");
    let flags = c.flags("01/06/2019");
    check(&flags, RULE, &[&[a]]);
    // Near miss: a record on another day is another event.
    let (c, a, b) = build("11/03/2019");
    check(&c.flags("01/06/2019"), RULE, &[&[a], &[b]]);
}
