//! Gaps in one service's sightings of the child while others saw them ("no health visitor saw
//! this baby for nine months"), each with its near misses.

use super::*;

#[test]
fn a_social_worker_who_did_not_see_the_child_while_others_did() {
    // CSC opens the case and sees the child on 01/03; its visits on 25/03 (and 15/04 when
    // `tries` is 2) find nobody in; its next sighting is `next`; the GP sees the child on the
    // days given.
    let build = |next: &str, gp: &[&str], tries: usize| {
        let mut c = Case::new();
        c.add(
            "CSC",
            "01/02/2019",
            EntryKind::CaseOpened,
            "Case opened; child in need",
        );
        let a = c
            .add("CSC", "01/03/2019", EntryKind::HomeVisit, "Visit")
            .seen(ChildSeen::Yes)
            .id();
        for day in ["25/03/2019", "15/04/2019"].iter().take(tries) {
            c.add("CSC", day, EntryKind::NoAccessVisit, "Visit - no answer")
                .seen(ChildSeen::No);
        }
        for day in gp {
            c.add("GP", day, EntryKind::Appointment, "Clinic")
                .seen(ChildSeen::Yes);
        }
        let b = c
            .add("CSC", next, EntryKind::HomeVisit, "Visit")
            .seen(ChildSeen::Yes)
            .id();
        c.add("CSC", next, EntryKind::CaseClosed, "Closed");
        (c, a, b)
    };
    let gp = ["01/04/2019", "01/05/2019"];
    // 01/03 to 20/05: 80 days with no social worker sighting; the GP saw the child monthly.
    let (c, a, b) = build("20/05/2019", &gp, 2);
    let flags = c.flags("01/12/2019");
    check(&flags, "child_not_seen.role_gap", &[&[a, b]]);
    let f = &of_rule(&flags, "child_not_seen.role_gap")[0];
    assert!(
        f.explanation
            .contains("No practitioner of CSC is recorded seeing Child T for 80 days"),
        "{}",
        f.explanation
    );
    assert!(
        f.explanation.contains("it had the case open"),
        "{}",
        f.explanation
    );
    assert!(
        f.explanation.contains("no access visit on 25/03/2019"),
        "{}",
        f.explanation
    );
    assert!(
        f.explanation.contains("GP on 01/04/2019"),
        "{}",
        f.explanation
    );
    // The general rule does not flag it: the GP saw the child every month.
    check(&flags, "child_not_seen.open_case_gap", &[]);
    // Near misses: one failed attempt only; 50 days (under the eight weeks); nobody else saw
    // the child (the general rule's, one flag); the rule turned off; a longer setting.
    let (c, ..) = build("20/05/2019", &gp, 1);
    check(&c.flags("01/12/2019"), "child_not_seen.role_gap", &[]);
    let (c, ..) = build("20/04/2019", &gp[..1], 2);
    check(&c.flags("01/12/2019"), "child_not_seen.role_gap", &[]);
    let (c, a2, b2) = build("20/05/2019", &[], 2);
    let flags = c.flags("01/12/2019");
    check(&flags, "child_not_seen.role_gap", &[]);
    check(&flags, "child_not_seen.open_case_gap", &[&[a2, b2]]);
    let (c, ..) = build("20/05/2019", &gp, 2);
    let mut s = AnalysisSettings::default();
    s.child_not_seen.per_role = false;
    assert!(of_rule(
        &analyse(&c.data, &s, d("01/12/2019")),
        "child_not_seen.role_gap"
    )
    .is_empty());
    s.child_not_seen.per_role = true;
    s.child_not_seen.role_max_days = 90;
    assert!(of_rule(
        &analyse(&c.data, &s, d("01/12/2019")),
        "child_not_seen.role_gap"
    )
    .is_empty());
}

#[test]
fn a_health_visitor_who_kept_failing_to_see_the_baby_counted_from_birth() {
    // The review's child date of birth is 01/01/2020 (the glossary says 01/01/2019); the
    // health visitor was in contact before the birth; the GP saw the baby monthly.
    let build = |contacts: &[(&str, EntryKind, &str)]| {
        let mut c = Case::new();
        c.data.review.child_date_of_birth = Some(d("01/01/2020"));
        let first = c
            .add(
                "HV",
                "01/10/2019",
                EntryKind::Contact,
                "Antenatal contact with mother",
            )
            .id();
        for (day, kind, text) in contacts {
            c.add("HV", day, *kind, text).seen(ChildSeen::No);
        }
        for day in [
            "20/01/2020",
            "25/02/2020",
            "10/03/2020",
            "15/04/2020",
            "20/05/2020",
            "15/06/2020",
        ] {
            c.add(
                "GP",
                day,
                EntryKind::Appointment,
                "Baby seen at the surgery",
            )
            .seen(ChildSeen::Yes);
        }
        let seen = c
            .add("HV", "01/07/2020", EntryKind::HomeVisit, "Baby weighed")
            .seen(ChildSeen::Yes)
            .id();
        (c, first, seen)
    };
    let tries = [
        (
            "15/01/2020",
            EntryKind::NoAccessVisit,
            "New birth visit - no answer",
        ),
        (
            "20/02/2020",
            EntryKind::NoAccessVisit,
            "Visit - no answer, card left",
        ),
    ];
    let (c, first, seen) = build(&tries);
    let flags = c.flags("01/12/2020");
    let got = of_rule(&flags, "child_not_seen.role_gap");
    assert_eq!(got.len(), 1, "{got:?}");
    // From the date of birth (01/01/2020), not the antenatal contact three months before.
    assert!(
        got[0]
            .explanation
            .contains("for 182 days, from 01/01/2020 (date of birth)"),
        "{}",
        got[0].explanation
    );
    assert!(got[0].evidence.contains(&seen) && !got[0].evidence.contains(&first));
    assert_eq!(got[0].starts_on, d("01/01/2020"));
    // Near miss: a universal service with no failed attempt in the gap is not flagged
    // (routine contacts months apart are the service's pattern, not a failure to see).
    let (c, ..) = build(&[("20/02/2020", EntryKind::Contact, "Phoned mother, all well")]);
    check(&c.flags("01/12/2020"), "child_not_seen.role_gap", &[]);
}
