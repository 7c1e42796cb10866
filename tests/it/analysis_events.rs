//! Protocol timescales that run from an event with no entry kind of its own (a return from
//! missing, a placement), read from a terms of reference's words, each with its near misses.

use super::*;

/// The rule a terms of reference's row gives, read by the product's reader.
fn rule_from_terms(row: &str) -> ProtocolRule {
    let t = chronolane::import::protocol::rules_from_rows(
        &chronolane::import::protocol::rows_from_markdown(row),
    );
    assert_eq!(t.rules.len(), 1, "{t:?}");
    t.rules[0].clone()
}

#[test]
fn a_return_interview_later_than_the_protocol_after_a_missing_episode() {
    let build = |interview_on: &str, interview: &str| {
        let mut c = Case::new();
        c.data.protocol_rules = vec![rule_from_terms(
            "| M1 | Missing children | a return interview is offered within 72 hours of return |",
        )];
        let missing = c
            .add(
                "Police",
                "06/03/2019",
                EntryKind::Incident,
                "Reported missing by carer; found next morning and taken home",
            )
            .id();
        let answer = c.add("CSC", interview_on, EntryKind::Note, interview).id();
        (c, missing, answer)
    };
    // Three working days from Wednesday 06/03 is Monday 11/03; 20/03 is late.
    let (c, missing, late) = build("20/03/2019", "Return interview completed at home");
    let flags = c.flags("01/12/2019");
    check(
        &flags,
        "delayed_response.event_timescale",
        &[&[missing, late]],
    );
    let f = &of_rule(&flags, "delayed_response.event_timescale")[0];
    assert!(
        f.explanation.contains("10 working days later"),
        "{}",
        f.explanation
    );
    assert!(f.inferred);
    // Near misses: on time; only asked for ("return interview requested") with none
    // recorded (a record the review does not hold is not a missing response); and a later
    // episode the interview answered in time.
    let (c, _, _) = build("08/03/2019", "Return interview completed at home");
    check(
        &c.flags("01/12/2019"),
        "delayed_response.event_timescale",
        &[],
    );
    let (c, _, _) = build(
        "07/03/2019",
        "Return interview requested from the return team",
    );
    check(
        &c.flags("01/12/2019"),
        "delayed_response.event_timescale",
        &[],
    );
    let (mut c, _, _) = build("10/04/2019", "Return interview completed at home");
    c.add(
        "Police",
        "08/04/2019",
        EntryKind::Incident,
        "Missing again, found the same evening",
    );
    check(
        &c.flags("01/12/2019"),
        "delayed_response.event_timescale",
        &[],
    );
}

#[test]
fn a_visit_late_after_a_placement_is_the_child_not_seen_by_the_one_responsible() {
    let build = |visit_on: &str| {
        let mut c = Case::new();
        c.data.protocol_rules = vec![rule_from_terms(
            "| V1 | Children placed away from home | social worker visit within 1 week of placement |",
        )];
        let placed = c
            .add(
                "CSC",
                "04/02/2019",
                EntryKind::Note,
                "Child placed at a foster home in the south",
            )
            .id();
        let visit = c
            .add(
                "CSC",
                visit_on,
                EntryKind::Note,
                "Social worker visit to the placement",
            )
            .id();
        (c, placed, visit)
    };
    let (c, placed, visit) = build("15/04/2019");
    let flags = c.flags("01/12/2019");
    check(&flags, "child_not_seen.protocol_visit", &[&[placed, visit]]);
    assert_eq!(
        of_rule(&flags, "child_not_seen.protocol_visit")[0].kind,
        FlagKind::ChildNotSeen
    );
    // Near miss: visited within the week.
    let (c, _, _) = build("08/02/2019");
    check(&c.flags("01/12/2019"), "child_not_seen.protocol_visit", &[]);
}

#[test]
fn full_time_education_given_only_part_time_and_late_after_an_exclusion() {
    const RULE: &str = "delayed_response.event_timescale";
    // The school's record: the exclusion, then what the local authority arranged.
    let build = |later: &[(&str, &str, &str)]| {
        let mut c = Case::new();
        c.data.protocol_rules = vec![rule_from_terms(
            "| E1 | Permanent exclusion | the local authority arranges suitable full-time education from the sixth school day of the exclusion |",
        )];
        c.data.agencies.push(Agency::new(
            10,
            "Northville Academy",
            "School",
            Sector::Education,
        ));
        let excluded = c
            .add(
                "School",
                "04/03/2019",
                EntryKind::Note,
                "Pupil permanently excluded after bringing a knife to school",
            )
            .id();
        let mut ids = Vec::new();
        for (agency, day, summary) in later {
            ids.push(c.add(agency, day, EntryKind::Note, summary).id());
        }
        (c, excluded, ids)
    };
    // Due by Monday 11/03; a part-time place from 08/04 is both late and only in part.
    let (c, excluded, ids) = build(&[
        (
            "School",
            "20/03/2019",
            "Panel: place agreed, start date 08/04 (capacity)",
        ),
        (
            "School",
            "08/04/2019",
            "Place started - part-time 10:00-12:00",
        ),
    ]);
    let flags = c.flags("01/12/2019");
    check(&flags, RULE, &[&[excluded, ids[1]]]);
    let f = &of_rule(&flags, RULE)[0];
    assert!(
        f.explanation
            .contains("No full-time education is recorded after it")
            && f.explanation.contains("only part of it")
            && f.explanation.contains("was due by 11/03/2019"),
        "{}",
        f.explanation
    );
    // Near misses: a part-time place on time is not late; full-time education on time
    // answers it; nothing recorded at all is not flagged (it may be in a record the review
    // does not hold); part-time words in another agency's record are not the school's
    // arrangement.
    let (c, ..) = build(&[(
        "School",
        "08/03/2019",
        "Place started - part-time 10:00-12:00",
    )]);
    check(&c.flags("01/12/2019"), RULE, &[]);
    let (c, ..) = build(&[(
        "School",
        "08/03/2019",
        "Full-time education at the PRU from today",
    )]);
    check(&c.flags("01/12/2019"), RULE, &[]);
    let (c, ..) = build(&[]);
    check(&c.flags("01/12/2019"), RULE, &[]);
    let (c, ..) = build(&[("CSC", "08/04/2019", "Mother has started a part-time job")]);
    check(&c.flags("01/12/2019"), RULE, &[]);
}
