//! A front-door decision below the risk recorded (a domestic abuse incident with a baby under
//! one routed to early help, a bruise on a non-mobile baby answered with early help), with
//! its near misses: a decision at the right level, one overturned in time, a risk that does
//! not call for it, an older child, a referrer who asked for more, a child already open.

use super::*;

const RULE: &str = "missed_escalation.decision_below_risk";

/// A police notification of a domestic incident on `day`, its receipt by the MASH and the
/// MASH's decision at `level`, the decision's words `decided`. Child T was born on 01/01/2019.
fn incident(
    c: &mut Case,
    day: &str,
    detail: &str,
    level: ServiceLevel,
    decided: &str,
) -> [EntryId; 3] {
    let p = c
        .add(
            "Police",
            day,
            EntryKind::Referral,
            "PPN submitted to the MASH",
        )
        .to("CSC")
        .detail(detail)
        .id();
    let r = c
        .add(
            "CSC",
            day,
            EntryKind::ReferralReceived,
            "MASH received a police notification",
        )
        .id();
    let d = c
        .add("CSC", day, EntryKind::ThresholdDecision, decided)
        .level(level)
        .id();
    [p, r, d]
}

const ASSAULT: &str =
    "Father punched Mother in the kitchen; the baby was in his cot in the room. DASH medium.";

#[test]
fn a_domestic_incident_with_a_baby_under_one_routed_to_early_help_is_flagged() {
    let mut c = Case::new();
    let [p, r, d] = incident(
        &mut c,
        "13/05/2019",
        ASSAULT,
        ServiceLevel::EarlyHelp,
        "MASH decision: step across to early help",
    );
    let flags = c.flags("01/12/2019");
    check(&flags, RULE, &[&[p, r, d]]);
    let f = &of_rule(&flags, RULE)[0];
    assert_eq!(f.kind, FlagKind::MissedEscalation);
    for words in [
        "gave early help",
        "a domestic abuse incident with a baby under one (Child T was 4 months old)",
        "at least a child in need assessment",
        "within 10 working days of the decision (by 28/05/2019)",
    ] {
        assert!(f.explanation.contains(words), "{words}: {}", f.explanation);
    }

    // Near misses. The decision at the level the risk calls for.
    let mut c = Case::new();
    incident(
        &mut c,
        "13/05/2019",
        ASSAULT,
        ServiceLevel::ChildInNeed,
        "MASH decision: single assessment",
    );
    check(&c.flags("01/12/2019"), RULE, &[]);

    // The lower decision overturned by the team manager within the time: corrected.
    let overturned = |day: &str| {
        let mut c = Case::new();
        let [_, _, d] = incident(
            &mut c,
            "13/05/2019",
            ASSAULT,
            ServiceLevel::EarlyHelp,
            "MASH decision: early help",
        );
        c.add(
            "CSC",
            day,
            EntryKind::ManagerDecision,
            "Team manager reviewed the decision: single assessment agreed",
        )
        .level(ServiceLevel::ChildInNeed);
        (c, d)
    };
    let (c, _) = overturned("20/05/2019");
    check(&c.flags("01/12/2019"), RULE, &[]);
    // Overturned a month later: the decision stood for too long.
    let (c, d) = overturned("14/06/2019");
    check(&c.flags("01/12/2019"), RULE, &[&[d]]);

    // A strategy discussion within the time answers it too.
    let mut c = Case::new();
    incident(
        &mut c,
        "13/05/2019",
        ASSAULT,
        ServiceLevel::EarlyHelp,
        "MASH decision: early help",
    );
    c.add(
        "CSC",
        "15/05/2019",
        EntryKind::StrategyDiscussion,
        "Strategy discussion",
    );
    check(&c.flags("01/12/2019"), RULE, &[]);

    // The time to correct it has not run out by "today".
    let mut c = Case::new();
    incident(
        &mut c,
        "13/05/2019",
        ASSAULT,
        ServiceLevel::EarlyHelp,
        "MASH decision: early help",
    );
    check(&c.flags("20/05/2019"), RULE, &[]);
}

#[test]
fn risks_that_do_not_call_for_it_and_children_it_does_not_fit_are_not_flagged() {
    // A risk that does not call for a statutory response: drinking, with a baby under one.
    let mut c = Case::new();
    incident(
        &mut c,
        "13/05/2019",
        "Mother drunk at home with the baby; no argument, nobody hurt.",
        ServiceLevel::NoFurtherAction,
        "MASH decision: no further action",
    );
    check(&c.flags("01/12/2019"), RULE, &[]);

    // A relative's worry about arguments is not an incident.
    let mut c = Case::new();
    c.add(
        "CSC",
        "13/05/2019",
        EntryKind::ConcernRaised,
        "Grandmother phoned worried about domestic abuse",
    )
    .detail("She hears arguing when she rings.");
    c.add(
        "CSC",
        "14/05/2019",
        EntryKind::ThresholdDecision,
        "MASH decision: no further action",
    )
    .level(ServiceLevel::NoFurtherAction);
    check(&c.flags("01/12/2019"), RULE, &[]);

    // An older child: the same medium-risk incident when Child T is two.
    let mut c = Case::new();
    incident(
        &mut c,
        "13/05/2021",
        ASSAULT,
        ServiceLevel::EarlyHelp,
        "MASH decision: early help",
    );
    check(&c.flags("01/12/2021"), RULE, &[]);
    // ... but high-risk domestic abuse calls for an assessment at any age.
    let mut c = Case::new();
    let [_, _, d] = incident(
        &mut c,
        "13/05/2021",
        "Father strangled Mother; Child T present. DASH high; MARAC referral made.",
        ServiceLevel::NoFurtherAction,
        "MASH decision: no further action, Father on bail",
    );
    let flags = c.flags("01/12/2021");
    check(&flags, RULE, &[&[d]]);
    assert!(
        of_rule(&flags, RULE)[0].explanation.contains(
            "high-risk domestic abuse in the child's household (Child T was 2 years old): "
        ),
        "{}",
        of_rule(&flags, RULE)[0].explanation
    );
    // "Not high risk" is not high risk.
    let mut c = Case::new();
    incident(
        &mut c,
        "13/05/2021",
        "Argument between the parents; not high risk. DASH standard.",
        ServiceLevel::NoFurtherAction,
        "MASH decision: no further action",
    );
    check(&c.flags("01/12/2021"), RULE, &[]);

    // Unborn: a decision before the birth does not meet the baby's age condition.
    let mut c = Case::new();
    incident(
        &mut c,
        "13/11/2018",
        ASSAULT,
        ServiceLevel::EarlyHelp,
        "MASH decision: early help",
    );
    check(&c.flags("01/12/2019"), RULE, &[]);
}

#[test]
fn a_bruise_on_a_non_mobile_baby_needs_a_strategy_discussion() {
    let bruise = |day: &str, level: ServiceLevel| {
        let mut c = Case::new();
        let h = c
            .add(
                "HV",
                day,
                EntryKind::Referral,
                "Safeguarding referral to the MASH",
            )
            .to("CSC")
            .detail("Small bruise on the baby's cheek; mother says he rolled against the cot.")
            .id();
        let d = c
            .add("CSC", day, EntryKind::ThresholdDecision, "MASH decision")
            .level(level)
            .id();
        (c, h, d)
    };
    // At three months, early help.
    let (c, h, decision) = bruise("02/04/2019", ServiceLevel::EarlyHelp);
    let flags = c.flags("01/12/2019");
    check(&flags, RULE, &[&[h, decision]]);
    let f = &of_rule(&flags, RULE)[0];
    assert_eq!(f.severity, Severity::High);
    assert!(
        f.explanation
            .contains("an injury or bruise to a non-mobile baby (Child T was 3 months old)")
            && f.explanation
                .contains("a child protection (section 47) response"),
        "{}",
        f.explanation
    );
    // An assessment is a statutory response (this rule is about decisions that route the risk
    // away from one), if not the strategy discussion the protocol asks for.
    let (c, ..) = bruise("02/04/2019", ServiceLevel::ChildInNeed);
    check(&c.flags("01/12/2019"), RULE, &[]);
    // At eight months the baby is mobile: no flag for the bruise.
    let (c, ..) = bruise("02/09/2019", ServiceLevel::NoFurtherAction);
    check(&c.flags("01/12/2019"), RULE, &[]);
    // The age is a setting.
    let (c, ..) = bruise("02/04/2019", ServiceLevel::EarlyHelp);
    let mut s = AnalysisSettings::default();
    s.missed_escalation.statutory_risks[0].under_months = 3;
    assert!(of_rule(&analyse(&c.data, &s, d("01/12/2019")), RULE).is_empty());
    // No date of birth and no age in the words: the age condition cannot be met.
    let (mut c, ..) = bruise("02/04/2019", ServiceLevel::EarlyHelp);
    c.data.people[0].date_of_birth = None;
    check(&c.flags("01/12/2019"), RULE, &[]);
    // No date of birth, but the referral says how old the baby is.
    let (mut c, h, decision) = bruise("02/04/2019", ServiceLevel::EarlyHelp);
    c.data.people[0].date_of_birth = None;
    c.data.entries[0].detail = "Small bruise on the cheek of a non-mobile 3-month-old.".into();
    let flags = c.flags("01/12/2019");
    check(&flags, RULE, &[&[h, decision]]);
    let f = &of_rule(&flags, RULE)[0];
    assert!(
        f.explanation
            .contains("(the records give the child's age as under a month old)")
            && f.explanation
                .contains("age is read from the records' words"),
        "{}",
        f.explanation
    );
    // ... and when it says the baby is older, it is not flagged.
    let (mut c, ..) = bruise("02/04/2019", ServiceLevel::EarlyHelp);
    c.data.people[0].date_of_birth = None;
    c.data.entries[0].detail = "Small bruise on the shin of a 10-month-old now crawling.".into();
    check(&c.flags("01/12/2019"), RULE, &[]);
    // The rule turned off.
    let (c, ..) = bruise("02/04/2019", ServiceLevel::EarlyHelp);
    let mut s = AnalysisSettings::default();
    s.missed_escalation.decision_below_risk = false;
    assert!(of_rule(&analyse(&c.data, &s, d("01/12/2019")), RULE).is_empty());
}

#[test]
fn a_referrer_who_asked_for_more_or_a_child_already_open_is_not_this_rules_flag() {
    // The referrer asked for a strategy discussion: the lower-response rule speaks for it.
    let mut c = Case::new();
    let [p, _, d] = incident(
        &mut c,
        "13/05/2019",
        "Father punched Mother with the baby present. Police request a strategy discussion.",
        ServiceLevel::EarlyHelp,
        "MASH decision: early help",
    );
    let flags = c.flags("01/12/2019");
    check(&flags, RULE, &[]);
    check(
        &flags,
        "missed_escalation.lower_level_unchallenged",
        &[&[p, d]],
    );

    // The child is already open to a social worker: the front door has nothing new to start.
    let mut c = Case::new();
    incident(
        &mut c,
        "13/05/2019",
        ASSAULT,
        ServiceLevel::NoFurtherAction,
        "MASH decision: no further action at the front door; case open to the allocated social worker",
    );
    check(&c.flags("01/12/2019"), RULE, &[]);
}

#[test]
fn the_risks_are_checked_when_the_settings_are_read() {
    let mut s = AnalysisSettings::default();
    s.missed_escalation.statutory_risks[1].concerns = vec!["violence".into()];
    let err = AnalysisSettings::from_json(&s.to_json())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("\"violence\"") && err.contains("is not defined"),
        "{err}"
    );
    let mut s = AnalysisSettings::default();
    s.missed_escalation.statutory_risks[0].calls_for = ServiceLevel::EarlyHelp;
    let err = AnalysisSettings::from_json(&s.to_json())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("must call for a child in need assessment"),
        "{err}"
    );
    let mut s = AnalysisSettings::default();
    s.missed_escalation.statutory_risks[3].words.clear();
    let err = AnalysisSettings::from_json(&s.to_json())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("at least one concern category or word"),
        "{err}"
    );
    // Settings written before the rule existed take its defaults.
    let old = AnalysisSettings::from_json(r#"{"missed_escalation":{"cluster_days":60}}"#).unwrap();
    assert!(old.missed_escalation.decision_below_risk);
    assert_eq!(old.missed_escalation.statutory_risks.len(), 4);
}
