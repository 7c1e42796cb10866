//! Data-driven checks of the tunnel view, the unseen periods and the lane groups: each case
//! is an input and the expected answer written as text, so a failure shows both.

use super::*;
use crate::dates::{DatePrecision, EventDate};

fn d(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%d/%m/%Y").unwrap()
}

const CSC: AgencyId = AgencyId(1);
const POLICE: AgencyId = AgencyId(2);
const HV: AgencyId = AgencyId(3);

struct Case {
    entries: Vec<Entry>,
    links: Vec<Link>,
    people: Vec<Person>,
}

fn entry(id: i64, agency: AgencyId, date: EventDate, kind: EntryKind, summary: &str) -> Entry {
    Entry {
        id: EntryId(id),
        ..Entry::new(agency, date, kind, summary)
    }
}

fn person(id: i64, label: &str, agency: AgencyId) -> Person {
    Person {
        id: PersonId(id),
        label: label.into(),
        real_name: None,
        aliases: vec![],
        role: String::new(),
        kind: PersonKind::Practitioner,
        agency: Some(agency),
        date_of_birth: None,
    }
}

fn link(id: i64, from: i64, to: i64, kind: LinkKind) -> Link {
    Link {
        id: LinkId(id),
        from: EntryId(from),
        to: EntryId(to),
        kind,
        note: String::new(),
    }
}

/// A small fictional case with one example of every route, and of things that must not leak.
fn case() -> Case {
    let day = |t: &str| EventDate::day(d(t));
    let mut e = vec![
        entry(
            1,
            POLICE,
            day("01/03/2019"),
            EntryKind::Incident,
            "DA call-out",
        ),
        entry(
            2,
            POLICE,
            day("04/03/2019"),
            EntryKind::Referral,
            "Referral to CSC",
        ),
        entry(
            3,
            CSC,
            day("05/03/2019"),
            EntryKind::ReferralReceived,
            "Referral received",
        ),
        entry(
            4,
            CSC,
            day("10/03/2019"),
            EntryKind::StrategyDiscussion,
            "Strategy",
        ),
        entry(
            5,
            HV,
            EventDate::span(DatePrecision::PartOfMonth, d("01/03/2019"), d("10/03/2019")),
            EntryKind::HomeVisit,
            "New birth visit",
        ),
        entry(
            6,
            CSC,
            day("20/03/2019"),
            EntryKind::InformationShared,
            "Plan sent to HV",
        ),
        entry(7, HV, day("25/03/2019"), EntryKind::Contact, "HV replies"),
        entry(
            8,
            POLICE,
            day("15/03/2019"),
            EntryKind::Incident,
            "Second call-out",
        ),
        entry(
            9,
            POLICE,
            day("18/03/2019"),
            EntryKind::InformationRequest,
            "Asks about the baby",
        ),
        entry(
            10,
            HV,
            day("28/03/2019"),
            EntryKind::Contact,
            "HV answers police",
        ),
        entry(
            11,
            POLICE,
            day("29/03/2019"),
            EntryKind::Note,
            "Same as CSC note",
        ),
        entry(12, CSC, day("29/03/2019"), EntryKind::Note, "CSC note"),
    ];
    e[0].recorded_on = Some(d("03/03/2019"));
    e[1].to_agencies = vec![CSC];
    e[3].people = vec![
        EntryPerson {
            person: PersonId(2),
            involvement: Involvement::Present,
        },
        EntryPerson {
            person: PersonId(3),
            involvement: Involvement::Mentioned,
        },
    ];
    e[5].to_agencies = vec![HV];
    e[7].recorded_on = Some(d("02/04/2019"));
    Case {
        entries: e,
        links: vec![
            link(1, 3, 2, LinkKind::Acknowledges),
            link(2, 7, 6, LinkKind::RespondsTo),
            link(3, 10, 9, LinkKind::RespondsTo),
            link(4, 11, 12, LinkKind::DuplicateOf),
            link(5, 12, 11, LinkKind::Related),
        ],
        people: vec![
            person(1, "SW1", CSC),
            person(2, "PC1", POLICE),
            person(3, "HV1", HV),
        ],
    }
}

/// Writes the tunnel view as "id route since" items, one per known entry.
fn tunnel(agency: AgencyId, on: &str) -> String {
    let c = case();
    known_to(agency, d(on), &c.entries, &c.links, &c.people)
        .iter()
        .map(|k| {
            format!(
                "{} {} {}",
                k.entry,
                k.route.code(),
                crate::dates::uk(k.since)
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[test]
fn the_tunnel_view_holds_exactly_what_each_agency_recorded_or_was_told() {
    let cases: &[(AgencyId, &str, &str)] = &[
        // Police recorded its first call-out two days after it happened.
        (POLICE, "02/03/2019", ""),
        (POLICE, "03/03/2019", "1 own_record 03/03/2019"),
        // CSC knows the referral from the day it was sent, before it recorded receipt.
        (CSC, "03/03/2019", ""),
        (CSC, "04/03/2019", "2 sent_to_it 04/03/2019"),
        (
            CSC,
            "05/03/2019",
            "2 sent_to_it 04/03/2019; 3 own_record 05/03/2019",
        ),
        // CSC's acknowledgement reaches the police; the strategy discussion reaches them
        // because PC1 was present.
        (
            POLICE,
            "10/03/2019",
            "1 own_record 03/03/2019; 2 own_record 04/03/2019; \
             3 reply_to_its_record 05/03/2019; 4 meeting_attended 10/03/2019",
        ),
        // "Early March" counts from its last possible day; HV1 was only mentioned at the
        // strategy discussion, so the meeting stays outside the health visitor's tunnel.
        (HV, "09/03/2019", ""),
        (HV, "10/03/2019", "5 own_record 10/03/2019"),
        (
            HV,
            "25/03/2019",
            "5 own_record 10/03/2019; 6 sent_to_it 20/03/2019; 7 own_record 25/03/2019",
        ),
        // The police request was sent to nobody in particular, but HV's record answers it.
        (
            HV,
            "28/03/2019",
            "5 own_record 10/03/2019; 6 sent_to_it 20/03/2019; 7 own_record 25/03/2019; \
             9 answered_by_its_record 28/03/2019; 10 own_record 28/03/2019",
        ),
        // Duplicate and related links are the reviewer's analysis, not communication; the
        // police's second call-out is known only once it was recorded.
        (
            CSC,
            "01/04/2019",
            "2 sent_to_it 04/03/2019; 3 own_record 05/03/2019; 4 own_record 10/03/2019; \
             6 own_record 20/03/2019; 7 reply_to_its_record 25/03/2019; \
             12 own_record 29/03/2019",
        ),
        (
            POLICE,
            "01/04/2019",
            "1 own_record 03/03/2019; 2 own_record 04/03/2019; \
             3 reply_to_its_record 05/03/2019; 4 meeting_attended 10/03/2019; \
             9 own_record 18/03/2019; 10 reply_to_its_record 28/03/2019; \
             11 own_record 29/03/2019",
        ),
        (
            POLICE,
            "02/04/2019",
            "1 own_record 03/03/2019; 2 own_record 04/03/2019; \
             3 reply_to_its_record 05/03/2019; 4 meeting_attended 10/03/2019; \
             8 own_record 02/04/2019; 9 own_record 18/03/2019; \
             10 reply_to_its_record 28/03/2019; 11 own_record 29/03/2019",
        ),
    ];
    for (agency, on, expected) in cases {
        let expected = expected.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(
            tunnel(*agency, on),
            expected,
            "agency {agency} on {on}",
            agency = agency.0
        );
    }
}

#[test]
fn the_earliest_route_wins() {
    let mut c = case();
    // An approximate referral ("early March") is known to CSC as sent only from its last
    // possible day (10/03), but CSC's own receipt of it, recorded on 05/03, shows it earlier.
    c.entries[1].date =
        EventDate::span(DatePrecision::PartOfMonth, d("01/03/2019"), d("10/03/2019"));
    c.links.push(link(9, 3, 2, LinkKind::RespondsTo));
    let known = known_to(CSC, d("10/03/2019"), &c.entries, &c.links, &c.people);
    let referral = known.iter().find(|k| k.entry == EntryId(2)).unwrap();
    assert_eq!(
        (referral.since, referral.route),
        (d("05/03/2019"), KnowledgeRoute::AnsweredByItsRecord)
    );
}

#[test]
fn links_to_missing_entries_are_ignored() {
    let mut c = case();
    c.links.push(link(9, 99, 3, LinkKind::RespondsTo));
    c.links.push(link(10, 3, 98, LinkKind::Acknowledges));
    let known = known_to(CSC, d("05/03/2019"), &c.entries, &c.links, &c.people);
    assert_eq!(known.len(), 2);
}

fn seen(id: i64, date: EventDate) -> Entry {
    let mut e = entry(id, HV, date, EntryKind::HomeVisit, "Visit");
    e.child_seen = ChildSeen::Yes;
    e
}

fn periods(entries: &[Entry], from: &str, to: &str, more_than: u32) -> String {
    unseen_periods(entries, d(from), d(to), more_than)
        .iter()
        .map(|p| {
            format!(
                "{}-{} ({})",
                crate::dates::uk(p.from),
                crate::dates::uk(p.to),
                p.days
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[test]
fn unseen_periods_are_the_gaps_between_sightings() {
    let day = |t: &str| EventDate::day(d(t));
    let early_march = EventDate::span(DatePrecision::PartOfMonth, d("01/03/2019"), d("10/03/2019"));
    let mut not_seen = entry(
        9,
        CSC,
        day("01/02/2019"),
        EntryKind::HomeVisit,
        "No sighting",
    );
    not_seen.child_seen = ChildSeen::No;
    let typical = vec![
        seen(1, day("01/01/2019")),
        seen(2, day("10/01/2019")),
        not_seen,
        seen(3, early_march),
    ];
    let cases: Vec<(Vec<Entry>, &str, &str, u32, &str)> = vec![
        (
            typical.clone(),
            "01/01/2019",
            "30/06/2019",
            42,
            // 11/01 to 28/02 is 49 days; an "early March" sighting counts from its last day.
            "11/01/2019-28/02/2019 (49); 11/03/2019-30/06/2019 (112)",
        ),
        (typical.clone(), "01/01/2019", "30/06/2019", 200, ""),
        // A gap of exactly the threshold is not longer than it.
        (
            vec![seen(1, day("01/01/2019")), seen(2, day("13/02/2019"))],
            "01/01/2019",
            "13/02/2019",
            42,
            "",
        ),
        (
            vec![seen(1, day("01/01/2019")), seen(2, day("14/02/2019"))],
            "01/01/2019",
            "14/02/2019",
            42,
            "02/01/2019-13/02/2019 (43)",
        ),
        (
            vec![],
            "01/01/2019",
            "31/01/2019",
            0,
            "01/01/2019-31/01/2019 (31)",
        ),
        // Sightings outside the period still end a gap at its edge.
        (
            vec![seen(1, day("20/12/2018")), seen(2, day("10/02/2019"))],
            "01/01/2019",
            "31/01/2019",
            7,
            "01/01/2019-31/01/2019 (31)",
        ),
        (typical, "30/06/2019", "01/01/2019", 0, ""),
    ];
    for (entries, from, to, more_than, expected) in cases {
        assert_eq!(
            periods(&entries, from, to, more_than),
            expected,
            "{from} to {to}, more than {more_than} days"
        );
    }
}

#[test]
fn lanes_are_grouped_by_area_in_order() {
    let area = |id, name: &str, position| Area {
        id: AreaId(id),
        name: name.into(),
        position,
    };
    let agency = |id, short: &str, area: Option<i64>, lane_order| Agency {
        id: AgencyId(id),
        name: short.into(),
        short_name: short.into(),
        sector: Sector::Other,
        area: area.map(AreaId),
        lane_order,
        colour: String::new(),
    };
    let groups = lane_groups(
        &[
            area(1, "Northbrook", 1),
            area(2, "Southmere", 0),
            area(3, "Empty", 2),
        ],
        &[
            agency(1, "NB CSC", Some(1), 2),
            agency(2, "NB HV", Some(1), 1),
            agency(3, "SM CSC", Some(2), 0),
            agency(4, "Police", None, 0),
            agency(5, "Lost", Some(9), 0),
        ],
    );
    let text: Vec<String> = groups
        .iter()
        .map(|g| {
            let ids: Vec<String> = g.agencies.iter().map(|a| a.to_string()).collect();
            format!("{}: {}", g.name, ids.join(","))
        })
        .collect();
    assert_eq!(
        text,
        ["Southmere: 3", "Northbrook: 2,1", "Other agencies: 5,4"]
    );
}

#[test]
fn a_sighting_is_read_from_the_words_when_the_field_is_empty() {
    let reader = seen::SeenReader::new();
    let cases = [
        ("Mum and baby seen at home", true),
        ("Home visit. Child seen alone in bedroom", true),
        ("Weighed and measured, imms given", true),
        ("Baby observed asleep in cot", true),
        (
            "No answer on first attempt; returned at 3pm and child seen",
            true,
        ),
        ("Home visit - no answer, card left", false),
        ("Child not seen, mother said he was at nursery", false),
        ("Child last seen in May by the school nurse", false),
        ("Strategy discussion held", false),
    ];
    for (summary, expected) in cases {
        let e = entry(
            1,
            HV,
            EventDate::day(d("01/02/2019")),
            EntryKind::Note,
            summary,
        );
        assert_eq!(reader.seen(&e), expected, "{summary}");
    }
    // The reviewer's field wins over the words.
    let mut e = entry(
        1,
        HV,
        EventDate::day(d("01/02/2019")),
        EntryKind::Note,
        "Mum and baby seen",
    );
    e.child_seen = ChildSeen::No;
    assert!(!reader.seen(&e));
    let mut e = entry(
        1,
        HV,
        EventDate::day(d("01/02/2019")),
        EntryKind::Note,
        "Visit",
    );
    e.child_seen = ChildSeen::Yes;
    assert!(reader.seen(&e));
}

#[test]
fn a_sighting_in_words_ends_an_unseen_period() {
    let day = |t: &str| EventDate::day(d(t));
    let entries = vec![
        seen(1, day("01/01/2019")),
        entry(
            2,
            HV,
            day("01/03/2019"),
            EntryKind::HomeVisit,
            "Mum and baby seen",
        ),
        seen(3, day("30/04/2019")),
    ];
    assert_eq!(
        periods(&entries, "01/01/2019", "30/04/2019", 42),
        "02/01/2019-28/02/2019 (58); 02/03/2019-29/04/2019 (59)"
    );
}

#[test]
fn the_child_s_birth_is_the_review_s_field_else_the_subject_s() {
    let mut review = Review {
        subject: "Child T".into(),
        ..Review::default()
    };
    let mut child = person(7, "Child T", HV);
    child.kind = PersonKind::Family;
    child.date_of_birth = Some(d("05/05/2018"));
    let people = vec![person(1, "Mother", HV), child];
    assert_eq!(child_born_on(&review, &people), Some(d("05/05/2018")));
    review.child_date_of_birth = Some(d("06/05/2018"));
    assert_eq!(child_born_on(&review, &people), Some(d("06/05/2018")));
    review.child_date_of_birth = None;
    assert_eq!(child_born_on(&review, &people[..1]), None);
}
