//! Synthetic chronologies of any size, for benchmarks and scale tests: fictional, random but
//! deterministic (a seed gives the same review every time), shaped like real integrated
//! chronologies — a dozen agencies in two areas, referrals and their receipts (some linked,
//! some not), home visits with and without sightings, missed appointments, incidents,
//! threshold decisions, meetings, closures — so every rule has work to do.

use chrono::{Days, NaiveDate, NaiveTime};

use crate::dates::EventDate;
use crate::json::ReviewData;
use crate::model::*;

/// A small deterministic random number generator (xorshift64*), so benchmarks need no crate.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

const AGENCIES: &[(&str, &str, Sector, Option<i64>)] = &[
    (
        "North CSC",
        "Northfield Children's Social Care",
        Sector::ChildrensSocialCare,
        Some(1),
    ),
    (
        "North EH",
        "Northfield Early Help",
        Sector::EarlyHelp,
        Some(1),
    ),
    (
        "North HV",
        "Northfield Health Visiting",
        Sector::HealthVisiting,
        Some(1),
    ),
    (
        "North GP",
        "Northfield Surgery",
        Sector::GeneralPractice,
        Some(1),
    ),
    (
        "FNP",
        "Northfield Family Nurse Partnership",
        Sector::FamilyNursePartnership,
        Some(1),
    ),
    (
        "Midwifery",
        "Northfield Maternity",
        Sector::Midwifery,
        Some(1),
    ),
    (
        "South CSC",
        "Southby Children's Social Care",
        Sector::ChildrensSocialCare,
        Some(2),
    ),
    (
        "South HV",
        "Southby Health Visiting",
        Sector::HealthVisiting,
        Some(2),
    ),
    (
        "South GP",
        "Southby Medical Centre",
        Sector::GeneralPractice,
        Some(2),
    ),
    (
        "School",
        "Southby Primary School",
        Sector::Education,
        Some(2),
    ),
    ("Police", "County Police", Sector::Police, None),
    ("Hospital", "County Hospital", Sector::Hospital, None),
];

const CONCERNS: &[&str] = &[
    "Mother smelt of alcohol",
    "bruise on the child's arm",
    "domestic incident reported by a neighbour",
    "child not brought to the clinic",
    "home conditions poor, nappy soaked",
    "Mother low in mood",
    "no concerns noted",
];

/// A synthetic review with about `entries` chronology entries.
pub fn synthetic_review(entries: usize, seed: u64) -> ReviewData {
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let start = NaiveDate::from_ymd_opt(2015, 1, 5).expect("valid date");
    // About four entries a day, as in a busy integrated chronology: the density, not the
    // length, is what makes the rules work hard.
    let span_days = (entries as u64 / 4).max(365);
    let mut data = ReviewData::new(Review {
        title: format!("Synthetic review ({entries} entries)"),
        subject: "Child S".into(),
        scope_start: Some(start),
        scope_end: Some(start + Days::new(span_days)),
        ..Review::default()
    });
    data.areas = vec![
        Area {
            id: AreaId(1),
            name: "Northfield".into(),
            position: 0,
        },
        Area {
            id: AreaId(2),
            name: "Southby".into(),
            position: 1,
        },
    ];
    for (i, (short, name, sector, area)) in AGENCIES.iter().enumerate() {
        data.agencies.push(Agency {
            id: AgencyId(i as i64 + 1),
            name: name.to_string(),
            short_name: short.to_string(),
            sector: *sector,
            area: area.map(AreaId),
            lane_order: i as i32,
            colour: "#336699".into(),
        });
    }
    data.people.push(Person {
        id: PersonId(1),
        label: "Child S".into(),
        real_name: None,
        aliases: Vec::new(),
        role: "Subject of the review".into(),
        kind: PersonKind::Family,
        agency: None,
        date_of_birth: Some(start),
    });
    data.people.push(Person {
        id: PersonId(2),
        label: "Mother".into(),
        real_name: None,
        aliases: Vec::new(),
        role: "Mother".into(),
        kind: PersonKind::Family,
        agency: None,
        date_of_birth: None,
    });
    for (i, (short, ..)) in AGENCIES.iter().enumerate() {
        data.people.push(Person {
            id: PersonId(10 + i as i64),
            label: format!("P{}", i + 1),
            real_name: None,
            aliases: Vec::new(),
            role: format!("Practitioner, {short}"),
            kind: PersonKind::Practitioner,
            agency: Some(AgencyId(i as i64 + 1)),
            date_of_birth: None,
        });
    }
    data.protocol_rules = crate::demo::default_protocol_rules();

    let n_agencies = AGENCIES.len() as u64;
    let mut next_id = 1i64;
    let mut next_link = 1i64;
    let mut push = |data: &mut ReviewData, e: Entry| -> EntryId {
        let id = EntryId(next_id);
        next_id += 1;
        data.entries.push(Entry { id, ..e });
        id
    };
    while data.entries.len() < entries {
        let day = start + Days::new(rng.below(span_days));
        let agency = rng.below(n_agencies) as i64 + 1;
        let roll = rng.below(100);
        let concern = *rng.pick(CONCERNS);
        let mut e = blank(day, agency);
        e.people = vec![EntryPerson {
            person: PersonId(9 + agency),
            involvement: Involvement::Author,
        }];
        match roll {
            0..=24 => {
                e.kind = EntryKind::HomeVisit;
                e.summary = format!("Home visit: {concern}");
                e.child_seen = if rng.chance(70) {
                    ChildSeen::Yes
                } else {
                    ChildSeen::No
                };
                e.people.push(EntryPerson {
                    person: PersonId(2),
                    involvement: Involvement::Present,
                });
            }
            25..=34 => {
                e.kind = EntryKind::NoAccessVisit;
                e.summary = "Home visit: no access; card left".into();
                e.child_seen = ChildSeen::No;
                e.tags = vec!["missed appointments".into()];
            }
            35..=42 => {
                e.kind = EntryKind::MissedAppointment;
                e.summary = "Child not brought to the appointment".into();
            }
            43..=52 => {
                e.kind = EntryKind::Contact;
                e.summary = format!("Telephone call with Mother: {concern}");
            }
            53..=58 => {
                e.kind = EntryKind::Incident;
                e.summary = format!("Police attended: {concern}");
                e.tags = vec!["domestic abuse".into()];
            }
            59..=70 => {
                // A hand-over, often with its receipt (linked or not) a few days later.
                e.kind = *rng.pick(&[
                    EntryKind::Referral,
                    EntryKind::InformationShared,
                    EntryKind::CaseTransfer,
                ]);
                let to = (agency + rng.below(n_agencies - 1) as i64) % n_agencies as i64 + 1;
                e.to_agencies = vec![AgencyId(to)];
                e.summary = format!(
                    "{} to {}: {concern}",
                    e.kind.label(),
                    AGENCIES[to as usize - 1].0
                );
                if rng.chance(30) {
                    e.tags = vec!["safeguarding".into()];
                }
                if e.kind == EntryKind::Referral && rng.chance(40) {
                    e.service_level = Some(ServiceLevel::ChildInNeed);
                }
                if rng.chance(20) {
                    e.key_risk =
                        "Father's history of domestic abuse; previous child protection plan".into();
                }
                let sent = push(&mut data, e);
                if rng.chance(80) {
                    let later = day + Days::new(rng.below(20));
                    let mut r = blank(later, to);
                    r.kind = EntryKind::ReferralReceived;
                    r.summary = format!("Received from {}", AGENCIES[agency as usize - 1].0);
                    let received = push(&mut data, r);
                    if rng.chance(50) {
                        data.links.push(Link {
                            id: LinkId(next_link),
                            from: received,
                            to: sent,
                            kind: LinkKind::Acknowledges,
                            note: String::new(),
                        });
                        next_link += 1;
                    }
                    if AGENCIES[to as usize - 1].2 == Sector::ChildrensSocialCare {
                        let mut d = blank(later + Days::new(rng.below(3)), to);
                        d.kind = EntryKind::ThresholdDecision;
                        d.summary = "Threshold decision".into();
                        d.service_level = Some(*rng.pick(&[
                            ServiceLevel::NoFurtherAction,
                            ServiceLevel::EarlyHelp,
                            ServiceLevel::ChildInNeed,
                        ]));
                        push(&mut data, d);
                    }
                }
                continue;
            }
            71..=76 => {
                e.kind = *rng.pick(&[
                    EntryKind::CinMeeting,
                    EntryKind::StrategyDiscussion,
                    EntryKind::Meeting,
                ]);
                e.summary = format!(
                    "{}: Present: Mother, P{}",
                    e.kind.label(),
                    rng.below(n_agencies) + 1
                );
                if e.kind == EntryKind::StrategyDiscussion && rng.chance(50) {
                    e.tags = vec!["s47".into()];
                }
            }
            77..=80 => {
                e.kind = EntryKind::Assessment;
                e.summary = format!("Assessment: recommends a child in need plan; {concern}");
                e.service_level = Some(ServiceLevel::ChildProtection);
                let rec = push(&mut data, e);
                let mut d = blank(day + Days::new(rng.below(4)), agency);
                d.kind = EntryKind::ManagerDecision;
                d.summary = "Manager's decision".into();
                d.service_level = Some(ServiceLevel::EarlyHelp);
                let dec = push(&mut data, d);
                if rng.chance(50) {
                    data.links.push(Link {
                        id: LinkId(next_link),
                        from: dec,
                        to: rec,
                        kind: LinkKind::Overrules,
                        note: String::new(),
                    });
                    next_link += 1;
                }
                continue;
            }
            81..=83 => {
                e.kind = EntryKind::Disagreement;
                e.summary = "Practitioner disagreed with the decision".into();
            }
            84..=86 => {
                e.kind = EntryKind::CaseClosed;
                e.summary = "Case closed".into();
            }
            87..=88 => {
                e.kind = EntryKind::FamilyMoved;
                e.summary = "Family moved to Southby".into();
            }
            89..=91 => {
                e.kind = EntryKind::CaseOpened;
                e.summary = "Case opened; allocated to a worker".into();
            }
            92..=93 => {
                e.kind = EntryKind::Escalation;
                e.summary =
                    "Escalated under the resolving professional differences procedure".into();
            }
            _ => {
                e.kind = EntryKind::Appointment;
                e.summary = format!("Clinic appointment: {concern}");
                e.child_seen = ChildSeen::Yes;
            }
        }
        if rng.chance(20) {
            e.date = EventDate::at(
                day,
                NaiveTime::from_hms_opt(rng.below(24) as u32, 0, 0).expect("valid time"),
            );
        }
        push(&mut data, e);
    }
    // A few contradictions the reviewer linked.
    let n = data.entries.len() as u64;
    for _ in 0..(n / 200) {
        let a = data.entries[rng.below(n) as usize].id;
        let b = data.entries[rng.below(n) as usize].id;
        if a != b {
            data.links.push(Link {
                id: LinkId(next_link),
                from: a,
                to: b,
                kind: LinkKind::Contradicts,
                note: String::new(),
            });
            next_link += 1;
        }
    }
    data.entries.sort_by_key(|e| (e.date.start, e.id));
    data
}

fn blank(day: NaiveDate, agency: i64) -> Entry {
    Entry::new(AgencyId(agency), EventDate::day(day), EntryKind::Note, "")
}
