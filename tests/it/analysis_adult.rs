//! A new or unidentified adult at the child's home that nobody checked, with its near misses.

use super::*;

const RULE: &str = "repeated_concern.new_adult_unchecked";

#[test]
fn signs_of_a_man_at_the_home_taken_at_the_parents_word() {
    // Three agencies see signs over three months; `check` adds an entry on the day given.
    let build = |check: Option<(&str, &str, EntryKind, &str)>| {
        let mut c = Case::new();
        let a = c
            .add(
                "HV",
                "05/03/2019",
                EntryKind::HomeVisit,
                "Home visit, baby weighed",
            )
            .detail("Men's work boots by the door - mother says they are her cousin's.")
            .id();
        if let Some((agency, day, kind, text)) = check {
            c.add(agency, day, kind, text);
        }
        let b = c
            .add(
                "CSC",
                "20/04/2019",
                EntryKind::Contact,
                "Phone call with mother",
            )
            .detail("Male voice in the background; mother said it was the radio.")
            .id();
        let e = c
            .add(
                "Police",
                "02/06/2019",
                EntryKind::Incident,
                "Noise complaint",
            )
            .detail("Neighbour reports a man and woman shouting at the flat, baby crying.")
            .id();
        (c, a, b, e)
    };
    let (c, a, b, e) = build(None);
    let flags = c.flags("01/12/2019");
    check(&flags, RULE, &[&[a, b, e]]);
    let f = &of_rule(&flags, RULE)[0];
    assert_eq!(f.kind, FlagKind::RepeatedConcern);
    assert!(
        f.explanation.contains("recorded 3 times"),
        "{}",
        f.explanation
    );
    assert!(
        f.explanation.contains("\"male voice in the background"),
        "{}",
        f.explanation
    );
    assert!(
        f.explanation.contains("No police check"),
        "{}",
        f.explanation
    );
    // A check on him within four weeks examines the signs before it; the later ones start
    // again (two more signs: flagged on their own).
    let (c, _, b, e) = build(Some((
        "CSC",
        "20/03/2019",
        EntryKind::Contact,
        "Police checks requested on the man seen at the home",
    )));
    check(&c.flags("01/12/2019"), RULE, &[&[b, e]]);
    // So does a check recorded the same day as the first sign, after it: the first sign is
    // not in the flag.
    let (c, a, b, e) = build(Some((
        "Police",
        "05/03/2019",
        EntryKind::Note,
        "PNC checks on the man seen at the home completed",
    )));
    let flags = c.flags("01/12/2019");
    check(&flags, RULE, &[&[b, e]]);
    assert!(!of_rule(&flags, RULE)[0].evidence.contains(&a));
    // A strategy discussion after the first sign, within the time, likewise.
    let (c, ..) = build(Some((
        "CSC",
        "25/03/2019",
        EntryKind::StrategyDiscussion,
        "Strategy discussion",
    )));
    assert_eq!(of_rule(&c.flags("01/12/2019"), RULE).len(), 1);
    // A check too late does not examine them: one flag, naming the late check.
    // The sign after that check is alone, under the two needed.
    let (c, a, b, _) = build(Some((
        "Police",
        "30/05/2019",
        EntryKind::Note,
        "PNC checks on the partner completed",
    )));
    let flags = c.flags("01/12/2019");
    check(&flags, RULE, &[&[a, b]]);
    let got = of_rule(&flags, RULE);
    assert!(
        got[0].explanation.contains("86 days later"),
        "{}",
        got[0].explanation
    );
    // The rule turned off; more signs needed.
    let (c, ..) = build(None);
    let mut s = AnalysisSettings::default();
    s.repeated_concern.new_adult_unchecked = false;
    assert!(of_rule(&analyse(&c.data, &s, d("01/12/2019")), RULE).is_empty());
    s.repeated_concern.new_adult_unchecked = true;
    s.repeated_concern.new_adult_min_signs = 4;
    assert!(of_rule(&analyse(&c.data, &s, d("01/12/2019")), RULE).is_empty());
}

#[test]
fn a_known_partner_a_denial_and_a_single_sign_are_not_flagged() {
    let mut c = Case::new();
    // The named partner the records already know, and a sign denied in the record's words.
    c.add("FNP", "05/03/2019", EntryKind::HomeVisit, "Visit")
        .detail("Mother lives alone but her partner Sam stays most nights.");
    c.add("CSC", "20/04/2019", EntryKind::HomeVisit, "Visit")
        .detail("No male voice or other adult heard; mother alone with the baby.");
    check(&c.flags("01/12/2019"), RULE, &[]);
    // One sign alone is not a pattern (the default needs two).
    c.add("HV", "02/06/2019", EntryKind::HomeVisit, "Visit")
        .detail("Unknown male left as I arrived.");
    check(&c.flags("01/12/2019"), RULE, &[]);
}
