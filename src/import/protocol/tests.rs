//! The protocol reader on fictional terms of reference of several shapes, with near misses.

use super::*;

fn read(md: &str) -> ProtocolTable {
    rules_from_rows(&rows_from_markdown(md))
}

#[test]
fn a_strategy_discussion_after_a_s47_decision() {
    let t = read(
        "| # | Standard | Timescale |\n|---|---|---|\n\
         | P2 | Strategy discussion after a decision that the s47 threshold may be met | within 1 WD of that decision |",
    );
    assert_eq!(t.rules.len(), 1, "{t:?}");
    let r = &t.rules[0];
    assert_eq!(r.trigger_kind, EntryKind::ThresholdDecision);
    assert_eq!(r.response_kinds, vec![EntryKind::StrategyDiscussion]);
    assert_eq!(r.working_days, 1);
    assert_eq!(r.trigger_tag, "s47");
    assert!(r.name.starts_with("P2 Strategy discussion"), "{}", r.name);
}

#[test]
fn a_conference_after_a_strategy_discussion_and_a_transfer_in_conference() {
    let t = read(
        "| P4 | Initial child protection conference (incl. pre-birth) | within 15 WD of the strategy discussion |\n\
         | P7 | Transfer-in conference when a child on a CP plan moves area | within 15 WD of the receiving authority getting the transfer request; the originating authority keeps case responsibility |",
    );
    assert_eq!(t.rules.len(), 2, "{t:?}");
    assert_eq!(t.rules[0].trigger_kind, EntryKind::StrategyDiscussion);
    assert_eq!(
        t.rules[0].response_kinds,
        vec![EntryKind::ChildProtectionConference]
    );
    assert_eq!(t.rules[0].working_days, 15);
    assert_eq!(t.rules[1].trigger_kind, EntryKind::CaseTransfer);
    assert_eq!(
        t.rules[1].response_kinds,
        vec![EntryKind::ChildProtectionConference]
    );
    // The second clause has no timescale: reported, not guessed.
    assert_eq!(t.not_read.len(), 1, "{:?}", t.not_read);
}

#[test]
fn clauses_of_one_row_each_become_a_rule() {
    let t = read(
        "| P1 | Adult safeguarding concern | triage (risk rating) within 1 WD of receipt; decision whether the s42 duty applies within 5 WD of receipt; referrer told the outcome within 2 WD of the decision |",
    );
    let days: Vec<i32> = t.rules.iter().map(|r| r.working_days).collect();
    assert_eq!(days, [1, 2], "{t:?}");
    assert_eq!(t.rules[0].trigger_kind, EntryKind::Referral);
    assert_eq!(
        t.rules[0].response_kinds,
        vec![EntryKind::ThresholdDecision]
    );
    // "referrer told the outcome": information shared after the decision.
    assert_eq!(t.rules[1].trigger_kind, EntryKind::ThresholdDecision);
    assert_eq!(
        t.rules[1].response_kinds,
        vec![EntryKind::InformationShared]
    );
    // The second decision, timed from the same receipt, cannot be told apart from the
    // first by its kind: reported, not made a rule that the first decision satisfies.
    assert_eq!(t.not_read.len(), 1, "{:?}", t.not_read);
}

#[test]
fn a_meeting_that_hears_a_referral_and_qualified_clauses() {
    let t = read(
        "| P2 | MARAC | a high-risk referral is heard within 15 WD of receipt (meetings fortnightly) |\n\
         | P1 | MASH: RAG rating of a new contact | within 1 WD of receipt; AMBER decisions within 3 WD; RED decisions the same day |",
    );
    assert_eq!(t.rules.len(), 2, "{t:?}");
    assert_eq!(t.rules[0].trigger_kind, EntryKind::Referral);
    assert_eq!(t.rules[0].response_kinds, vec![EntryKind::Marac]);
    assert_eq!(
        t.rules[1].working_days, 1,
        "the row's first timescale stands"
    );
    assert_eq!(t.not_read.len(), 2, "{:?}", t.not_read);
}

#[test]
fn a_clock_started_by_words_not_understood_is_not_guessed_from_the_standard() {
    let t = read("| P1 | Strategy discussion | within 1 WD of the equinox |");
    assert!(t.rules.is_empty(), "{t:?}");
    assert!(t.not_read[0].contains("the equinox"), "{:?}", t.not_read);
}

#[test]
fn clauses_with_asides_and_cadences_in_one_cell() {
    let t = read(
        "| # | Standard | Timescale |\n|---|---|---|\n\
         | R1 | Young people who go missing | the youth service is told within 1 WD of a young person being found; a welfare conversation is offered within 48 hours of return (in county: the Outreach Team; out of county: the provider) |\n\
         | R2 | Children placed away from home | key worker visit within 2 weeks of placement, then at intervals of no more than 8 weeks |\n\
         | R3 | Pupils excluded for a fixed term | the school provides full-time education from the sixth school day of the exclusion |",
    );
    let tags: Vec<&str> = t.rules.iter().map(|r| r.trigger_tag.as_str()).collect();
    assert_eq!(
        tags,
        [
            "missing",
            "missing → welfare conversation",
            "placement → key worker visit",
            "exclusion → full-time education"
        ],
        "{t:?}"
    );
    let days: Vec<i32> = t.rules.iter().map(|r| r.working_days).collect();
    assert_eq!(days, [1, 2, 10, 5]);
    assert!(t.rules.iter().all(|r| r.trigger_kind == EntryKind::Note));
    assert_eq!(
        t.rules[0].response_kinds,
        vec![EntryKind::InformationShared]
    );
    // The aside's ";" does not split the clause; the cadence after "then" is reported.
    assert_eq!(t.not_read.len(), 1, "{:?}", t.not_read);
    assert!(t.not_read[0].contains("intervals"), "{:?}", t.not_read);
    assert!(
        t.rules[1].name.contains("Outreach Team"),
        "{}",
        t.rules[1].name
    );
}

#[test]
fn an_event_with_only_a_response_of_any_kind_is_not_guessed() {
    let t =
        read("| Q4 | Moves between areas | the new area acknowledges within 2 WD of placement |");
    assert!(t.rules.is_empty(), "{t:?}");
    assert_eq!(t.not_read.len(), 1);
}

#[test]
fn prose_and_list_items_that_state_a_timescale() {
    let md = "## Local procedures\n\
         The review used the county's procedures.\n\
         - Strategy discussion: within two working days of a decision that the s47 threshold is met.\n\
         * An independent return interview is offered within 72 hours of return.\n\
         Core groups meet at least every 4 weeks.\n\
         A social worker visit takes place by day 5 of placement.\n";
    let t = read(md);
    assert_eq!(t.rules.len(), 3, "{t:?}");
    assert_eq!(
        t.rules[0].response_kinds,
        vec![EntryKind::StrategyDiscussion]
    );
    assert_eq!(t.rules[0].working_days, 2);
    assert_eq!(
        t.rules[1].trigger_tag,
        "missing → independent return interview"
    );
    assert_eq!(t.rules[1].working_days, 3);
    assert_eq!(t.rules[2].trigger_tag, "placement → social worker visit");
    assert_eq!(t.rules[2].working_days, 4);
    // The cadence and the sentence with no timescale are not rows at all.
    assert!(t.not_read.is_empty(), "{:?}", t.not_read);
}

#[test]
fn durations_in_their_usual_forms() {
    assert_eq!(duration_in("within two working days"), Some(2));
    assert_eq!(duration_in("within 5 school days"), Some(5));
    assert_eq!(
        duration_in("from the sixth school day of the exclusion"),
        Some(5)
    );
    assert_eq!(duration_in("by day 3 of the placement"), Some(2));
    assert_eq!(duration_in("no later than the 10th working day"), Some(9));
    assert_eq!(duration_in("within 14 calendar days"), Some(10));
    assert_eq!(duration_in("within 2 WD of the notification"), Some(2));
    assert_eq!(duration_in("within 3 working days"), Some(3));
    assert_eq!(duration_in("within 72 hours of return"), Some(3));
    assert_eq!(duration_in("within 24 hours"), Some(1));
    assert_eq!(duration_in("within 1 week of placement"), Some(5));
    assert_eq!(duration_in("the same day"), Some(0));
    // Cadences and tables without a time are not response times.
    assert_eq!(duration_in("at least every 10 WD"), None);
    assert_eq!(duration_in("heard at the next monthly panel"), None);
    assert_eq!(duration_in("Timescale"), None);
}

#[test]
fn a_health_visiting_response_to_a_notification_is_timed_at_health_visiting() {
    let t = read(
        "| P3 | Health visiting response to a MASH notification (acknowledge, check records, act) | within 2 WD of the notification |",
    );
    assert_eq!(t.rules.len(), 1, "{t:?}");
    let r = &t.rules[0];
    assert_eq!(r.trigger_kind, EntryKind::InformationShared);
    assert_eq!(r.to_sector, Some(Sector::HealthVisiting));
    assert_eq!(r.working_days, 2);
}

#[test]
fn rows_without_a_timescale_or_a_known_kind_are_reported_or_passed_over() {
    let t = read(
        "| P5 | Child on a CP plan seen by the social worker | at least every 10 WD |\n\
         | P9 | Something unusual | within 5 WD of the equinox |",
    );
    assert!(t.rules.is_empty(), "{t:?}");
    assert_eq!(
        t.not_read.len(),
        1,
        "the cadence row has no timescale: {:?}",
        t.not_read
    );
    assert!(t.not_read[0].contains("P9"));
}

#[test]
fn a_standard_named_by_its_initials_tags_its_rules() {
    assert_eq!(initials_in("MARAC").as_deref(), Some("marac"));
    assert_eq!(initials_in("IDVA: first contact").as_deref(), Some("idva"));
    assert_eq!(initials_in("PPNs graded HIGH").as_deref(), Some("ppn"));
    assert_eq!(
        initials_in("MASH: RAG rating of a new contact").as_deref(),
        Some("mash")
    );
    // Near misses: ordinary words, and initials of the method or of a level.
    assert_eq!(initials_in("Adult safeguarding concern"), None);
    assert_eq!(initials_in("Missing children"), None);
    assert_eq!(initials_in("CP plan visits"), None);
    assert_eq!(initials_in("A"), None);
    let rules = read(
        "| # | Standard | Timescale |\n|---|---|---|\n\
         | P2 | MARAC | a high-risk referral is heard within 15 WD of receipt |\n",
    );
    assert_eq!(rules.rules.len(), 1, "{:?}", rules.not_read);
    assert_eq!(rules.rules[0].trigger_tag, "marac");
}
