//! The built-in demo review ("Child R"): the shipped case file loads, meets the minimums the
//! other features' tests rely on, is internally consistent and deterministic, survives a round
//! trip through a real review file, and its answer key (planted patterns, near misses) really
//! describes the chronology. Also checks the case file loader's error messages.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::{Datelike, NaiveDate, Weekday};
use chronolane::dates::{DatePrecision, EventDate};
use chronolane::demo::{self, parse, parse_date, CaseError};
use chronolane::json::ReviewData;
use chronolane::model::*;

fn d(day: u32, month: u32, year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap()
}

fn data() -> ReviewData {
    demo::demo_review()
}

fn entries_by_id(data: &ReviewData) -> HashMap<EntryId, &Entry> {
    data.entries.iter().map(|e| (e.id, e)).collect()
}

fn id(label: &str) -> EntryId {
    demo::entry_id(label).unwrap_or_else(|| panic!("no entry labelled {label}"))
}

/// England and Wales bank holidays in the review's years (the core calendar is being written
/// in parallel; this table keeps the test independent of it).
fn bank_holidays() -> HashSet<NaiveDate> {
    [
        (1, 1, 2019),
        (19, 4, 2019),
        (22, 4, 2019),
        (6, 5, 2019),
        (27, 5, 2019),
        (26, 8, 2019),
        (25, 12, 2019),
        (26, 12, 2019),
        (1, 1, 2020),
        (10, 4, 2020),
        (13, 4, 2020),
        (8, 5, 2020),
        (25, 5, 2020),
        (31, 8, 2020),
        (25, 12, 2020),
        (28, 12, 2020),
        (1, 1, 2021),
        (2, 4, 2021),
        (5, 4, 2021),
        (3, 5, 2021),
        (31, 5, 2021),
        (30, 8, 2021),
        (27, 12, 2021),
        (28, 12, 2021),
    ]
    .into_iter()
    .map(|(dd, m, y)| d(dd, m, y))
    .collect()
}

fn is_working_day(day: NaiveDate, holidays: &HashSet<NaiveDate>) -> bool {
    !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) && !holidays.contains(&day)
}

/// Working days after `from`, up to and including `to`.
fn working_days(from: NaiveDate, to: NaiveDate) -> i64 {
    let holidays = bank_holidays();
    from.iter_days()
        .skip(1)
        .take_while(|day| *day <= to)
        .filter(|day| is_working_day(*day, &holidays))
        .count() as i64
}

// ---------------------------------------------------------------------------------------------
// The shipped file

#[test]
fn the_shipped_case_file_loads_and_meets_the_minimums() {
    let data = data();
    assert!(data.entries.len() >= 250, "{} entries", data.entries.len());
    assert!(data.agencies.len() >= 10);
    assert_eq!(data.areas.len(), 2);
    assert!(data.kpes.len() >= 6);
    assert!(data.findings.len() >= 4);
    let categories: BTreeSet<_> = data.findings.iter().map(|f| f.category).collect();
    assert!(categories.len() >= 4, "findings need different categories");
    for f in &data.findings {
        assert!(
            (2..=4).contains(&f.board_questions.len()),
            "finding {} has {} Board questions",
            f.number,
            f.board_questions.len()
        );
        assert!(!f.kpes.is_empty() && !f.entries.is_empty());
        for text in [
            &f.manifestation,
            &f.evidence_underlying,
            &f.how_widespread,
            &f.implications,
        ] {
            assert!(text.len() > 80, "finding {} has a thin section", f.number);
        }
    }
    for k in &data.kpes {
        assert!(
            k.appraisal_grade.is_some() && !k.factors.is_empty(),
            "KPE {}",
            k.number
        );
        for text in [
            &k.what_happened,
            &k.appraisal,
            &k.view_from_tunnel,
            &k.what_went_well,
        ] {
            assert!(text.len() > 80, "KPE {} has a thin section", k.number);
        }
    }
    assert_eq!(data.review.subject, "Child R");
    assert_eq!(data.review.method, ReviewMethod::LearningTogether);
    assert_eq!(data.protocol_rules, demo::default_protocol_rules());
}

#[test]
fn the_agencies_cover_both_areas_and_the_services_a_review_meets() {
    let data = data();
    let in_area = |sector: Sector, area: i64| {
        data.agencies
            .iter()
            .any(|a| a.sector == sector && a.area == Some(AreaId(area)))
    };
    for sector in [
        Sector::ChildrensSocialCare,
        Sector::HealthVisiting,
        Sector::GeneralPractice,
        Sector::EarlyHelp,
    ] {
        assert!(
            in_area(sector, 1) && in_area(sector, 2),
            "{sector:?} in both areas"
        );
    }
    let sectors: BTreeSet<Sector> = data.agencies.iter().map(|a| a.sector).collect();
    for sector in [
        Sector::Police,
        Sector::Midwifery,
        Sector::Hospital,
        Sector::FamilyNursePartnership,
        Sector::Housing,
        Sector::SubstanceMisuse,
        Sector::EarlyYears,
        Sector::Ambulance,
    ] {
        assert!(sectors.contains(&sector), "{sector:?}");
    }
    let colours: BTreeSet<&str> = data.agencies.iter().map(|a| a.colour.as_str()).collect();
    assert_eq!(
        colours.len(),
        data.agencies.len(),
        "lane colours are distinct"
    );
    let shorts: BTreeSet<&str> = data
        .agencies
        .iter()
        .map(|a| a.short_name.as_str())
        .collect();
    assert_eq!(shorts.len(), data.agencies.len());
    // Every agency has entries and exactly one source document.
    for a in &data.agencies {
        assert!(
            data.entries.iter().any(|e| e.agency == a.id),
            "{} has entries",
            a.name
        );
        assert_eq!(
            data.sources
                .iter()
                .filter(|s| s.agency == Some(a.id))
                .count(),
            1,
            "{} has one source",
            a.name
        );
    }
}

#[test]
fn people_have_pseudonyms_real_names_and_appear_in_the_text() {
    let data = data();
    let labels: BTreeSet<&str> = data.people.iter().map(|p| p.label.as_str()).collect();
    assert_eq!(labels.len(), data.people.len(), "labels are unique");
    for label in [
        "Child R",
        "Mother",
        "Father",
        "Sibling",
        "Maternal grandmother",
        "SW1",
        "SW2",
        "SW3",
        "SW4",
        "TM1",
        "TM2",
        "HV1",
        "HV2",
        "HV3",
        "GP1",
        "GP2",
        "MW1",
        "FNP1",
        "PC1",
    ] {
        assert!(labels.contains(label), "{label}");
    }
    for p in &data.people {
        assert!(p.real_name.is_some(), "{} has a real name", p.label);
        assert!(!p.aliases.is_empty(), "{} has aliases", p.label);
        if p.kind == PersonKind::Family {
            assert!(p.date_of_birth.is_some(), "{} has a date of birth", p.label);
        } else {
            assert!(p.agency.is_some(), "{} has an agency", p.label);
        }
    }
    // Real names and aliases appear in the free text, as they do in agency chronologies.
    let text: Vec<String> = data
        .entries
        .iter()
        .map(|e| {
            format!(
                "{} {} {} {}",
                e.summary, e.detail, e.outcome, e.practitioner_as_written
            )
        })
        .collect();
    let mentions = |name: &str| text.iter().filter(|t| t.contains(name)).count();
    assert!(mentions("Kayleigh") >= 20);
    assert!(mentions("Jordan") >= 10);
    assert!(mentions("Harley") >= 5);
    let named_people = data
        .people
        .iter()
        .filter(|p| {
            let real = p.real_name.as_deref().unwrap_or("");
            mentions(real) > 0 || p.aliases.iter().any(|a| a.len() > 3 && mentions(a) > 0)
        })
        .count();
    assert!(
        named_people >= 12,
        "{named_people} people named in the text"
    );
    // The child's date of birth is the day of the birth entry.
    let child = data.people.iter().find(|p| p.label == "Child R").unwrap();
    let birth = entries_by_id(&data)[&id("mw-birth")];
    assert_eq!(child.date_of_birth, Some(birth.date.start));
}

#[test]
fn every_entry_is_valid_and_references_what_exists() {
    let data = data();
    let agencies: BTreeSet<AgencyId> = data.agencies.iter().map(|a| a.id).collect();
    let people: BTreeSet<PersonId> = data.people.iter().map(|p| p.id).collect();
    let sources: HashMap<SourceId, &SourceDocument> =
        data.sources.iter().map(|s| (s.id, s)).collect();
    let mut ids = BTreeSet::new();
    for e in &data.entries {
        assert!(ids.insert(e.id), "entry id {} is unique", e.id);
        assert_eq!(e.date.validate(), Ok(()), "entry {}", e.id);
        assert!(!e.summary.is_empty() && !e.date_as_written.is_empty());
        assert!(agencies.contains(&e.agency));
        if let Some(to) = e.to_agencies.first().copied() {
            assert!(agencies.contains(&to) && to != e.agency, "entry {}", e.id);
        }
        for p in &e.people {
            assert!(people.contains(&p.person), "entry {}", e.id);
        }
        let source = e.source.as_ref().expect("every entry has a source");
        assert!(!source.location.is_empty());
        assert_eq!(
            sources[&source.document].agency,
            Some(e.agency),
            "entry {}",
            e.id
        );
        assert!(e.tags.iter().all(|t| *t == t.to_lowercase()));
        if let Some(end) = e.ends_on {
            assert!(end >= e.date.start);
        }
        if let Some(rec) = e.recorded_on {
            assert!(
                rec >= e.date.start,
                "entry {} recorded before it happened",
                e.id
            );
        }
    }
    for link in &data.links {
        assert!(ids.contains(&link.from) && ids.contains(&link.to));
    }
    for k in &data.kpes {
        assert!(k.starts_on <= k.ends_on);
        let by_id = entries_by_id(&data);
        for e in &k.entries {
            let day = by_id[e].date.start;
            assert!(
                (k.starts_on..=k.ends_on).contains(&day),
                "KPE {} entry {e} ({day}) is outside its dates",
                k.number
            );
        }
    }
}

#[test]
fn the_chronology_uses_the_whole_vocabulary() {
    let data = data();
    let kinds: BTreeSet<EntryKind> = data.entries.iter().map(|e| e.kind).collect();
    for kind in EntryKind::ALL {
        assert!(kinds.contains(kind), "no {kind:?} entry");
    }
    let precisions: BTreeSet<DatePrecision> =
        data.entries.iter().map(|e| e.date.precision).collect();
    assert_eq!(precisions.len(), DatePrecision::ALL.len(), "{precisions:?}");
    let links: BTreeSet<LinkKind> = data.links.iter().map(|l| l.kind).collect();
    assert_eq!(links.len(), LinkKind::ALL.len(), "{links:?}");
    let seen: BTreeSet<ChildSeen> = data.entries.iter().map(|e| e.child_seen).collect();
    assert_eq!(seen.len(), 3);
    let levels: BTreeSet<ServiceLevel> = data
        .entries
        .iter()
        .filter_map(|e| e.service_level)
        .collect();
    assert!(levels.len() >= 4);
    let factors: BTreeSet<ContributoryFactor> = data
        .kpes
        .iter()
        .flat_map(|k| k.factors.iter().map(|f| f.factor))
        .collect();
    assert!(factors.len() >= 7, "{factors:?}");
    let grades: BTreeSet<AppraisalGrade> =
        data.kpes.iter().filter_map(|k| k.appraisal_grade).collect();
    assert!(grades.len() >= 2);
    assert!(data.entries.iter().filter(|e| e.date.approximate).count() >= 3);
    assert!(
        data.entries
            .iter()
            .filter(|e| e.recorded_on.is_some())
            .count()
            >= 8
    );
    assert!(data.entries.iter().filter(|e| e.sequence > 0).count() >= 15);
    assert!(
        data.entries
            .iter()
            .filter(|e| !e.comment.is_empty())
            .count()
            >= 15
    );
    assert!(
        data.entries
            .iter()
            .filter(|e| !e.key_risk.is_empty())
            .count()
            >= 5
    );
    assert!(
        data.entries
            .iter()
            .filter(|e| !e.practitioner_as_written.is_empty())
            .count()
            >= 20
    );
    for tag in [
        "alcohol",
        "domestic abuse",
        "missed appointments",
        "bruising",
        "neglect",
        "mental health",
        "housing",
        "safeguarding",
    ] {
        assert!(
            data.entries.iter().any(|e| e.tags.iter().any(|t| t == tag)),
            "tag {tag}"
        );
    }
    // Both areas have a family move recorded.
    assert!(
        data.entries
            .iter()
            .filter(|e| e.kind == EntryKind::FamilyMoved)
            .count()
            >= 2
    );
}

#[test]
fn office_hours_services_record_contacts_on_working_days() {
    let data = data();
    let holidays = bank_holidays();
    let office: BTreeSet<AgencyId> = data
        .agencies
        .iter()
        .filter(|a| {
            !matches!(
                a.sector,
                Sector::Police | Sector::Hospital | Sector::Ambulance | Sector::Midwifery
            )
        })
        .map(|a| a.id)
        .collect();
    for e in &data.entries {
        let out_of_hours = e.date.time.is_some_and(|t| {
            let hour = chrono::Timelike::hour(&t);
            !(8..18).contains(&hour)
        });
        if office.contains(&e.agency)
            && e.date.is_exact_day()
            && !out_of_hours
            && !matches!(
                e.kind,
                EntryKind::Incident | EntryKind::Injury | EntryKind::HospitalAttendance
            )
        {
            assert!(
                is_working_day(e.date.start, &holidays),
                "entry {} ({}) is on a weekend or bank holiday",
                e.id,
                e.date
            );
        }
    }
}

#[test]
fn source_documents_are_hashed_from_their_blocks() {
    let data = data();
    let hashes: BTreeSet<&str> = data
        .sources
        .iter()
        .map(|s| s.content_hash.as_str())
        .collect();
    assert_eq!(hashes.len(), data.sources.len());
    for s in &data.sources {
        assert_eq!(s.content_hash.len(), 64);
        assert!(s.received_on.is_some());
        assert!(s.file_name.ends_with(".docx") || s.file_name.ends_with(".xlsx"));
    }
    // Recompute one block's hash independently.
    let start = demo::CASE_TEXT.find("[chronology nb-hv]").unwrap();
    let end = start + demo::CASE_TEXT[start + 1..].find("\n[").unwrap() + 2;
    let hv = data
        .sources
        .iter()
        .find(|s| s.file_name == "Northbrook 0-19 HV chronology.docx")
        .unwrap();
    assert_eq!(
        hv.content_hash,
        chronolane::files::sha256_hex(&demo::CASE_TEXT.as_bytes()[start..end])
    );
}

// ---------------------------------------------------------------------------------------------
// Determinism and round trips

#[test]
fn the_demo_is_deterministic() {
    assert_eq!(data(), data());
    let a = parse(demo::CASE_TEXT).unwrap();
    let b = parse(demo::CASE_TEXT).unwrap();
    assert_eq!(a, b);
    assert_eq!(data().to_json().unwrap(), data().to_json().unwrap());
    assert_eq!(demo::planted(), demo::planted());
}

#[test]
fn writing_the_demo_and_reading_it_back_is_lossless() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.chronolane");
    let store = demo::write_demo(&path).unwrap();
    let loaded = ReviewData::load(&store.read()).unwrap();
    let expected = data();
    // Compare piece by piece first, for a readable failure.
    assert_eq!(loaded.review, expected.review);
    assert_eq!(loaded.areas, expected.areas);
    assert_eq!(loaded.agencies, expected.agencies);
    assert_eq!(loaded.people, expected.people);
    assert_eq!(loaded.sources, expected.sources);
    for (a, b) in loaded.entries.iter().zip(&expected.entries) {
        assert_eq!(a, b);
    }
    assert_eq!(loaded.entries.len(), expected.entries.len());
    assert_eq!(loaded.links, expected.links);
    assert_eq!(loaded.kpes, expected.kpes);
    assert_eq!(loaded.findings, expected.findings);
    assert_eq!(loaded.protocol_rules, expected.protocol_rules);
    assert_eq!(loaded, expected);
    // And through canonical JSON.
    let json = loaded.to_json().unwrap();
    assert_eq!(ReviewData::from_json(&json).unwrap(), expected);
    // A second write to the same path is refused, not overwritten.
    drop(store);
    assert!(demo::write_demo(&path).is_err());
}

#[test]
fn default_protocol_rules_are_complete_and_distinct() {
    let rules = demo::default_protocol_rules();
    assert_eq!(rules.len(), 6);
    let ids: BTreeSet<_> = rules.iter().map(|r| r.id).collect();
    let names: BTreeSet<_> = rules.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(ids.len(), rules.len());
    assert_eq!(names.len(), rules.len());
    assert!(rules.iter().all(|r| r.enabled && r.working_days > 0));
    let hv: Vec<_> = rules
        .iter()
        .filter(|r| r.to_sector == Some(Sector::HealthVisiting))
        .collect();
    assert_eq!(
        hv.iter().map(|r| r.working_days).collect::<Vec<_>>(),
        [1, 2]
    );
    assert!(hv.iter().all(|r| r.trigger_tag == "safeguarding"));
    assert!(rules
        .iter()
        .any(|r| r.trigger_kind == EntryKind::CaseTransfer && r.working_days == 10));
    assert!(rules
        .iter()
        .any(|r| r.trigger_kind == EntryKind::StrategyDiscussion
            && r.response_kinds == [EntryKind::ChildProtectionConference]
            && r.working_days == 15));
    assert!(rules
        .iter()
        .any(|r| r.to_sector == Some(Sector::ChildrensSocialCare)
            && r.response_kinds == [EntryKind::ThresholdDecision]
            && r.working_days == 1));
}

// ---------------------------------------------------------------------------------------------
// The answer key

#[test]
fn every_pattern_kind_is_planted_at_least_twice_and_every_variant_once() {
    let planted = demo::planted();
    for kind in FlagKind::ALL {
        let n = planted.iter().filter(|p| p.kind == *kind).count();
        assert!(n >= 2, "{kind:?} planted {n} times");
    }
    let variants: BTreeSet<(FlagKind, &str)> =
        planted.iter().map(|p| (p.kind, p.variant)).collect();
    for (kind, variant) in [
        (FlagKind::LostTransfer, "no_receipt"),
        (FlagKind::LostTransfer, "moved_no_onward_referral"),
        (FlagKind::LostTransfer, "disengaged_no_handover"),
        (FlagKind::LostTransfer, "key_risk_dropped"),
        (FlagKind::MissedEscalation, "lower_level_unchallenged"),
        (FlagKind::MissedEscalation, "overruled_unchallenged"),
        (
            FlagKind::MissedEscalation,
            "concerns_no_strategy_discussion",
        ),
        (FlagKind::MissedEscalation, "disagreement_dropped"),
        (FlagKind::ChildNotSeen, "open_case_gap"),
        (FlagKind::DelayedResponse, "protocol_timescale"),
        (FlagKind::ContradictingRecords, "linked"),
        (FlagKind::ContradictingRecords, "unrecorded_meeting"),
        (FlagKind::ContradictingRecords, "accounts_differ"),
        (FlagKind::RepeatedConcern, "minimised_no_assessment"),
    ] {
        assert!(variants.contains(&(kind, variant)), "{kind:?}/{variant}");
    }
    let near = demo::near_misses();
    for kind in FlagKind::ALL {
        assert!(
            near.iter().any(|n| n.kind == *kind),
            "near miss for {kind:?}"
        );
    }
    let data = data();
    let ids: BTreeSet<EntryId> = data.entries.iter().map(|e| e.id).collect();
    for p in &planted {
        assert!(!p.note.is_empty() && !p.entries.is_empty());
        assert!(p.entries.iter().all(|e| ids.contains(e)));
    }
    for n in &near {
        assert!(n.entries.iter().all(|e| ids.contains(e)));
    }
    for dup in demo::duplicate_pairs() {
        assert!(ids.contains(&dup.a) && ids.contains(&dup.b));
    }
    assert!(demo::duplicate_pairs().iter().any(|p| p.linked));
    assert!(demo::duplicate_pairs().iter().filter(|p| !p.linked).count() >= 5);
}

fn planted_of(kind: FlagKind, variant: &str) -> Vec<demo::PlantedPattern> {
    demo::planted()
        .into_iter()
        .filter(|p| p.kind == kind && p.variant == variant)
        .collect()
}

fn near_of(kind: FlagKind, variant: &str) -> Vec<demo::NearMiss> {
    demo::near_misses()
        .into_iter()
        .filter(|p| p.kind == kind && p.variant == variant)
        .collect()
}

fn has_link(data: &ReviewData, from: EntryId, to: EntryId, kinds: &[LinkKind]) -> bool {
    data.links
        .iter()
        .any(|l| l.from == from && l.to == to && kinds.contains(&l.kind))
}

/// Whether some entry of the receiving agency acknowledges or answers a hand-over.
fn received(data: &ReviewData, handover: &Entry) -> bool {
    let by_id = entries_by_id(data);
    data.links.iter().any(|l| {
        l.to == handover.id
            && matches!(l.kind, LinkKind::Acknowledges | LinkKind::RespondsTo)
            && Some(by_id[&l.from].agency) == handover.to_agencies.first().copied()
    }) || data.links.iter().any(|l| {
        l.from == handover.id
            && l.kind == LinkKind::TransfersTo
            && Some(by_id[&l.to].agency) == handover.to_agencies.first().copied()
    })
}

#[test]
fn planted_lost_transfers_really_have_no_receipt_and_near_misses_do() {
    let data = data();
    let by_id = entries_by_id(&data);
    // Every hand-over to another agency is received, except the planted ones.
    let planted: BTreeSet<EntryId> = planted_of(FlagKind::LostTransfer, "no_receipt")
        .iter()
        .flat_map(|p| p.entries.clone())
        .collect();
    for e in &data.entries {
        if e.kind.is_handover() && e.to_agencies.first().copied().is_some() {
            assert_eq!(
                !received(&data, e),
                planted.contains(&e.id),
                "entry {} ({}) receipt vs answer key",
                e.id,
                e.summary
            );
        }
    }
    for p in planted_of(FlagKind::LostTransfer, "no_receipt") {
        let handover = by_id[&p.entries[0]];
        assert!(handover.kind.is_handover() && handover.to_agencies.first().copied().is_some());
        assert!(!received(&data, handover));
    }
    for n in near_of(FlagKind::LostTransfer, "no_receipt") {
        let e = by_id[&n.entries[0]];
        assert!(
            e.to_agencies.first().copied().is_none()
                || received(&data, e)
                || e.kind == EntryKind::InformationRequest
        );
    }
    // Key risk dropped: the hand-over carries the key risk and is received.
    for p in planted_of(FlagKind::LostTransfer, "key_risk_dropped") {
        let (sent, got) = (by_id[&p.entries[0]], by_id[&p.entries[1]]);
        assert!(!sent.key_risk.is_empty());
        assert_eq!(Some(got.agency), sent.to_agencies.first().copied());
        assert!(sent.key_risk.contains("MARAC"));
        let record = format!("{} {} {}", got.summary, got.detail, got.outcome).to_lowercase();
        for word in ["marac", "perpetrator", "kai", "sibling"] {
            assert!(
                !record.contains(word),
                "receiver recorded '{word}' in entry {}",
                got.id
            );
        }
    }
    for n in near_of(FlagKind::LostTransfer, "key_risk_dropped") {
        let (sent, got) = (by_id[&n.entries[0]], by_id[&n.entries[1]]);
        assert!(!sent.key_risk.is_empty());
        assert!(got.detail.to_lowercase().contains("ward"));
    }
    // Moved away: a closure after a family move with no hand-over from that agency afterwards.
    let easterford = AreaId(2);
    for p in planted_of(FlagKind::LostTransfer, "moved_no_onward_referral") {
        let moved = by_id[&p.entries[0]];
        let closed = by_id[&p.entries[1]];
        assert_eq!(moved.kind, EntryKind::FamilyMoved);
        assert_eq!(closed.kind, EntryKind::CaseClosed);
        assert!(closed.date.start >= moved.date.start);
        let onward = data.entries.iter().any(|e| {
            e.agency == closed.agency
                && e.kind.is_handover()
                && e.date.start >= moved.date.start
                && e.to_agencies.first().copied().is_some_and(|to| {
                    data.agencies
                        .iter()
                        .any(|a| a.id == to && a.area == Some(easterford))
                })
        });
        assert!(!onward, "entry {} has an onward referral", closed.id);
    }
    // Disengaged: months with no sighting or contact, then closure with no hand-over to
    // health visiting.
    for p in planted_of(FlagKind::LostTransfer, "disengaged_no_handover") {
        let closed = by_id[p.entries.last().unwrap()];
        assert_eq!(closed.kind, EntryKind::CaseClosed);
        let agency = closed.agency;
        let first = by_id[&p.entries[0]].date.start;
        let engaged_after_first = data.entries.iter().any(|e| {
            e.agency == agency
                && e.date.start > first
                && e.date.start < closed.date.start
                && (e.child_seen == ChildSeen::Yes || e.kind == EntryKind::HomeVisit)
        });
        assert!(!engaged_after_first);
        assert!((closed.date.start - first).num_days() >= 90);
        let to_hv = data.entries.iter().any(|e| {
            e.agency == agency
                && e.kind.is_handover()
                && e.to_agencies.first().copied().is_some_and(|to| {
                    data.agencies
                        .iter()
                        .any(|a| a.id == to && a.sector == Sector::HealthVisiting)
                })
        });
        assert!(!to_hv);
    }
}

#[test]
fn planted_missed_escalations_really_went_unchallenged() {
    let data = data();
    let by_id = entries_by_id(&data);
    let escalated = |decision: EntryId| {
        data.links
            .iter()
            .any(|l| l.to == decision && l.kind == LinkKind::Escalates)
    };
    for p in planted_of(FlagKind::MissedEscalation, "lower_level_unchallenged") {
        let (referral, decision) = (by_id[&p.entries[0]], by_id[&p.entries[1]]);
        assert!(
            referral.service_level > decision.service_level,
            "{}",
            referral.id
        );
        assert!(has_link(
            &data,
            decision.id,
            referral.id,
            &[LinkKind::RespondsTo]
        ));
        assert!(!escalated(decision.id));
        // The referrer's agency recorded nothing that challenged it afterwards.
        assert!(!data.entries.iter().any(|e| e.agency == referral.agency
            && e.date.start >= decision.date.start
            && matches!(e.kind, EntryKind::Escalation | EntryKind::Disagreement)
            && (e.date.start - decision.date.start).num_days() < 90));
    }
    for n in near_of(FlagKind::MissedEscalation, "lower_level_unchallenged") {
        let decision = by_id[&n.entries[1]];
        assert!(escalated(decision.id));
    }
    for p in planted_of(FlagKind::MissedEscalation, "overruled_unchallenged") {
        let (recommendation, decision) = (by_id[&p.entries[0]], by_id[&p.entries[1]]);
        assert!(has_link(
            &data,
            decision.id,
            recommendation.id,
            &[LinkKind::Overrules]
        ));
        assert!(decision.service_level < recommendation.service_level);
        assert!(!escalated(decision.id));
    }
    for n in near_of(FlagKind::MissedEscalation, "overruled_unchallenged") {
        let (worker, manager) = (by_id[&n.entries[0]], by_id[&n.entries[1]]);
        assert!(has_link(
            &data,
            manager.id,
            worker.id,
            &[LinkKind::Overrules]
        ));
        assert!(
            manager.service_level > worker.service_level,
            "overruled upwards"
        );
    }
    for p in planted_of(FlagKind::MissedEscalation, "disagreement_dropped") {
        let disagreement = by_id[&p.entries[0]];
        assert_eq!(disagreement.kind, EntryKind::Disagreement);
        assert!(!data.entries.iter().any(|e| e.agency == disagreement.agency
            && e.kind == EntryKind::Escalation
            && e.date.start >= disagreement.date.start));
    }
    for n in near_of(FlagKind::MissedEscalation, "disagreement_dropped") {
        let disagreement = by_id[&n.entries[0]];
        let escalation = by_id[&n.entries[1]];
        assert_eq!(escalation.kind, EntryKind::Escalation);
        assert_eq!(escalation.agency, disagreement.agency);
    }
    // Clusters: concerns from at least two agencies within ten weeks, and no strategy
    // discussion, conference, MARAC or escalation in the eight weeks after the last.
    for p in planted_of(
        FlagKind::MissedEscalation,
        "concerns_no_strategy_discussion",
    ) {
        let entries: Vec<&Entry> = p.entries.iter().map(|e| by_id[e]).collect();
        let agencies: BTreeSet<AgencyId> = entries.iter().map(|e| e.agency).collect();
        assert!(agencies.len() >= 2);
        let first = entries.iter().map(|e| e.date.start).min().unwrap();
        let last = entries.iter().map(|e| e.date.start).max().unwrap();
        assert!((last - first).num_days() <= 70);
        assert!(!data
            .entries
            .iter()
            .any(|e| e.kind.is_safeguarding_response()
                && e.date.start >= first
                && (e.date.start - last).num_days() <= 56));
    }
    for n in near_of(
        FlagKind::MissedEscalation,
        "concerns_no_strategy_discussion",
    ) {
        let last = by_id[n.entries.last().unwrap()];
        assert_eq!(last.kind, EntryKind::StrategyDiscussion);
    }
}

#[test]
fn the_only_long_gaps_without_seeing_the_child_are_the_planted_ones() {
    let data = data();
    let child = data.people.iter().find(|p| p.label == "Child R").unwrap();
    let birth = child.date_of_birth.unwrap();
    let incident = entries_by_id(&data)[&id("amb-oct21")].date.start;
    let sightings: BTreeSet<NaiveDate> = data
        .entries
        .iter()
        .filter(|e| e.child_seen == ChildSeen::Yes && e.date.is_exact_day())
        .map(|e| e.date.start)
        .filter(|day| (birth..=incident).contains(day))
        .collect();
    let days: Vec<NaiveDate> = sightings.into_iter().collect();
    let gaps: Vec<(NaiveDate, NaiveDate)> = days
        .windows(2)
        .filter(|w| (w[1] - w[0]).num_days() > 42)
        .map(|w| (w[0], w[1]))
        .collect();
    let by_id = entries_by_id(&data);
    let planted: Vec<(NaiveDate, NaiveDate)> = planted_of(FlagKind::ChildNotSeen, "open_case_gap")
        .iter()
        .map(|p| {
            (
                by_id[&p.entries[0]].date.start,
                by_id[p.entries.last().unwrap()].date.start,
            )
        })
        .collect();
    assert_eq!(gaps, planted);
    assert_eq!(
        planted,
        [
            (d(7, 8, 2019), d(3, 10, 2019)),
            (d(14, 4, 2021), d(9, 7, 2021))
        ]
    );
    // Inside each planted gap every entry about a contact says the child was not seen.
    for (from, to) in planted {
        for e in &data.entries {
            if e.date.start > from && e.date.start < to {
                assert_ne!(e.child_seen, ChildSeen::Yes, "entry {}", e.id);
            }
        }
    }
}

/// The protocol rule a planted or near-miss trigger falls under (the strictest that applies).
fn rule_for(trigger: &Entry, data: &ReviewData) -> ProtocolRule {
    let sector = trigger
        .to_agencies
        .first()
        .copied()
        .and_then(|to| data.agencies.iter().find(|a| a.id == to))
        .map(|a| a.sector);
    demo::default_protocol_rules()
        .into_iter()
        .filter(|r| r.trigger_kind == trigger.kind)
        .filter(|r| r.to_sector.is_none() || r.to_sector == sector)
        .filter(|r| r.trigger_tag.is_empty() || trigger.tags.contains(&r.trigger_tag))
        .min_by_key(|r| r.working_days)
        .unwrap_or_else(|| panic!("no rule applies to entry {}", trigger.id))
}

#[test]
fn planted_delays_break_the_default_timescales_and_near_misses_keep_them() {
    let data = data();
    let by_id = entries_by_id(&data);
    for p in planted_of(FlagKind::DelayedResponse, "protocol_timescale") {
        let (trigger, response) = (by_id[&p.entries[0]], by_id[&p.entries[1]]);
        let rule = rule_for(trigger, &data);
        assert!(
            rule.response_kinds.contains(&response.kind),
            "{}",
            rule.name
        );
        let wd = working_days(trigger.date.start, response.date.start);
        assert!(
            wd > rule.working_days as i64,
            "{}: {wd} working days",
            rule.name
        );
        // It is the first response of that kind by the receiving side.
        let responder = trigger
            .to_agencies
            .first()
            .copied()
            .unwrap_or(trigger.agency);
        assert!(!data.entries.iter().any(|e| e.agency == responder
            && rule.response_kinds.contains(&e.kind)
            && e.date.start >= trigger.date.start
            && e.date.start < response.date.start));
    }
    let mut checked = 0;
    for n in near_of(FlagKind::DelayedResponse, "protocol_timescale") {
        if n.entries.len() < 2 {
            continue;
        }
        let (trigger, response) = (by_id[&n.entries[0]], by_id[&n.entries[1]]);
        let rule = rule_for(trigger, &data);
        let wd = working_days(trigger.date.start, response.date.start);
        assert!(wd <= rule.working_days as i64, "{} took {wd}", rule.name);
        checked += 1;
    }
    assert!(checked >= 4);
    assert_eq!(working_days(d(3, 4, 2020), d(27, 4, 2020)), 14);
    assert_eq!(working_days(d(16, 3, 2021), d(22, 4, 2021)), 25);
}

#[test]
fn contradictions_are_linked_or_deliberately_left_unlinked() {
    let data = data();
    let contradicts = |a: EntryId, b: EntryId| {
        has_link(&data, a, b, &[LinkKind::Contradicts])
            || has_link(&data, b, a, &[LinkKind::Contradicts])
    };
    let linked = planted_of(FlagKind::ContradictingRecords, "linked");
    assert!(linked.len() >= 2);
    for p in &linked {
        assert!(contradicts(p.entries[0], p.entries[1]));
    }
    assert_eq!(
        data.links
            .iter()
            .filter(|l| l.kind == LinkKind::Contradicts)
            .count(),
        linked.len()
    );
    let by_id = entries_by_id(&data);
    for p in planted_of(FlagKind::ContradictingRecords, "accounts_differ") {
        let (a, b) = (by_id[&p.entries[0]], by_id[&p.entries[1]]);
        assert!(!contradicts(a.id, b.id));
        assert_eq!(a.date.start, b.date.start);
        assert_ne!(a.agency, b.agency);
    }
    for p in planted_of(FlagKind::ContradictingRecords, "unrecorded_meeting") {
        let meeting = by_id[&p.entries[0]];
        // Someone is recorded as present whose agency has no entry that day.
        let absent = meeting
            .people
            .iter()
            .filter(|ep| ep.involvement == Involvement::Present)
            .any(|ep| {
                let person = data.people.iter().find(|x| x.id == ep.person).unwrap();
                person.agency.is_some_and(|agency| {
                    agency != meeting.agency
                        && !data
                            .entries
                            .iter()
                            .any(|e| e.agency == agency && e.date.start == meeting.date.start)
                })
            });
        assert!(absent, "entry {}", meeting.id);
    }
}

#[test]
fn repeated_concerns_are_repeated_minimised_and_unexamined() {
    let data = data();
    let by_id = entries_by_id(&data);
    let planted = planted_of(FlagKind::RepeatedConcern, "minimised_no_assessment");
    assert!(planted.len() >= 2);
    for p in planted {
        let entries: Vec<&Entry> = p.entries.iter().map(|e| by_id[e]).collect();
        assert!(entries.len() >= 4);
        let agencies: BTreeSet<AgencyId> = entries.iter().map(|e| e.agency).collect();
        assert!(agencies.len() >= 2);
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for e in &entries {
            for t in &e.tags {
                *counts.entry(t.as_str()).or_default() += 1;
            }
        }
        let (tag, n) = counts.into_iter().max_by_key(|(_, n)| *n).unwrap();
        assert!(n >= 4, "common tag {tag} only {n} times");
        let first = entries.iter().map(|e| e.date.start).min().unwrap();
        let last = entries.iter().map(|e| e.date.start).max().unwrap();
        assert!((last - first).num_days() <= 183);
        let text: String = entries
            .iter()
            .map(|e| format!("{} {} {}", e.detail, e.outcome, e.summary).to_lowercase())
            .collect();
        assert!(
            [
                "historical",
                "not dependent",
                "forgot",
                "typical",
                "consistent",
                "one-off",
                "weekends",
                "not a problem"
            ]
            .iter()
            .any(|w| text.contains(w)),
            "{tag}: no minimising words"
        );
        assert!(!data.entries.iter().any(|e| matches!(
            e.kind,
            EntryKind::Assessment
                | EntryKind::StrategyDiscussion
                | EntryKind::ChildProtectionConference
        ) && e.tags.iter().any(|t| t == tag)
            && e.date.start > last
            && (e.date.start - last).num_days() <= 56));
    }
    for n in near_of(FlagKind::RepeatedConcern, "minimised_no_assessment") {
        let last = by_id[n.entries.last().unwrap()];
        assert_eq!(last.kind, EntryKind::Assessment);
    }
}

#[test]
fn entry_labels_name_entries() {
    let labels = demo::entry_labels();
    assert!(labels.len() >= 150);
    assert_eq!(
        demo::entry_id("@mw2-referral"),
        demo::entry_id("mw2-referral")
    );
    assert_eq!(demo::entry_id("no-such-label"), None);
}

// ---------------------------------------------------------------------------------------------
// The loader

const MINIMAL: &str = "\
[review]
title: T
subject: Child X

[areas]
1 | North

[agencies]
a | 1 | Agency A | A | police | - | #000000
b | 2 | Agency B | B | housing | North | #ffffff

[people]
1 | Child X | Alex Example | Alex | Child | family | - | 01/01/2020

[chronology a]
id: 1
file: a.docx
imported: 01/02/2022 10:00

1 @one | 12/06/2020 | referral
  summary: One
  to: b
  about: Child X
";

fn error(text: &str) -> CaseError {
    parse(text).expect_err("the snippet should be rejected")
}

#[test]
fn a_minimal_file_loads() {
    let case = parse(MINIMAL).unwrap();
    assert_eq!(case.data.entries.len(), 1);
    let e = &case.data.entries[0];
    assert_eq!(e.to_agencies.first().copied(), Some(AgencyId(2)));
    assert_eq!(e.source.as_ref().unwrap().location, "Table 1, row 1");
    assert_eq!(e.date_as_written, "12/06/2020");
    assert_eq!(case.labels["one"], EntryId(1));
    assert_eq!(case.data.people[0].aliases, ["Alex"]);
}

#[test]
fn the_loader_reports_malformed_content_with_its_line() {
    let cases: Vec<(String, usize, &str)> = vec![
        (MINIMAL.replace("| referral", "| referal"), 20, "'referal' is not an entry kind"),
        (MINIMAL.replace("12/06/2020 |", "31/02/2020 |"), 20, "31/02/2020 is not a real date"),
        (MINIMAL.replace("12/06/2020 |", "12-06-2020 |"), 20, "not a date written as dd/mm/yyyy"),
        (MINIMAL.replace("  to: b", "  to: c"), 22, "'c' is not an agency key"),
        (MINIMAL.replace("  about: Child X", "  about: Child Y"), 23, "'Child Y' is not a label"),
        (MINIMAL.replace("  summary: One", "  sumary: One"), 21, "'sumary' is not a field of an entry"),
        (MINIMAL.replace("  summary: One\n", ""), 20, "an entry needs a 'summary' field"),
        (MINIMAL.replace("#ffffff", "white"), 10, "'white' is not a colour"),
        (MINIMAL.replace("| housing |", "| housing"), 10, "expected 7 columns"),
        (MINIMAL.replace("[chronology a]", "[chronology z]"), 15, "'z' is not an agency"),
        (MINIMAL.replace("[areas]", "[area]"), 5, "'[area]' is not a section"),
        (format!("hello\n{MINIMAL}"), 1, "text before the first [section] header"),
        (format!("{MINIMAL}\n[links]\n1 | @one | responds_to | @two | x\n"), 26, "'@two' is not the label of any entry"),
        (format!("{MINIMAL}\n[links]\n1 | @one | answers | @one | x\n"), 26, "'answers' is not a kind of link"),
        (format!("{MINIMAL}\n[planted]\nlost_transfer | no_receipt | @one | note\nlost | x | @one | y\n"), 27, "'lost' is not a kind of flag"),
        (format!("{MINIMAL}\n1 | 01/07/2020 | note\n  summary: Again\n"), 25, "entry id 1 is already used on line 20"),
        (format!("{MINIMAL}\n2 | 01/07/2020 | note\n summary: Bad indent\n"), 26, "indented by two spaces"),
        (format!("{MINIMAL}\n[kpe]\nid: 1\nnumber: 1\ntitle: K\ndates: 01/07/2020..01/06/2020\nentries: @one\n"), 29, "ends before it starts"),
        (format!("{MINIMAL}\n[kpe]\nid: 1\nnumber: 1\ntitle: K\ndates: 01/06/2020..01/07/2020\nentries: @one\nfactor: luck | none\n"), 31, "'luck' is not a contributory factor"),
        (format!("{MINIMAL}\n[duplicates]\n@one | @one | maybe | x\n"), 26, "should be 'linked' or 'unlinked'"),
    ];
    for (text, line, message) in cases {
        let e = error(&text);
        assert_eq!(e.line, line, "{message}: got {e}");
        assert!(
            e.message.contains(message),
            "expected '{message}', got '{e}'"
        );
        assert!(e.to_string().starts_with(&format!("line {line}: ")));
    }
    // The crate error carries the line too.
    let err: chronolane::Error = error(&MINIMAL.replace("| referral", "| referal")).into();
    assert!(err.to_string().contains("line 20"), "{err}");
}

#[test]
fn dates_are_read_in_the_case_file_notation() {
    let day = EventDate::day(d(12, 6, 2019));
    let cases = [
        ("12/06/2019", day, "12/06/2019"),
        (
            "12/06/2019 14:30",
            EventDate::at(
                d(12, 6, 2019),
                chrono::NaiveTime::from_hms_opt(14, 30, 0).unwrap(),
            ),
            "12/06/2019 14:30",
        ),
        (
            "12/06/2019..15/06/2019",
            EventDate::span(DatePrecision::Range, d(12, 6, 2019), d(15, 6, 2019)),
            "between 12/06/2019 and 15/06/2019",
        ),
        (
            "early 06/2019",
            EventDate::span(DatePrecision::PartOfMonth, d(1, 6, 2019), d(10, 6, 2019)),
            "early June 2019",
        ),
        (
            "mid 06/2019",
            EventDate::span(DatePrecision::PartOfMonth, d(11, 6, 2019), d(20, 6, 2019)),
            "mid June 2019",
        ),
        (
            "late 02/2020",
            EventDate::span(DatePrecision::PartOfMonth, d(21, 2, 2020), d(29, 2, 2020)),
            "late February 2020",
        ),
        ("06/2019", EventDate::month(2019, 6).unwrap(), "June 2019"),
        (
            "spring 2019",
            EventDate::span(DatePrecision::Season, d(1, 3, 2019), d(31, 5, 2019)),
            "spring 2019",
        ),
        (
            "winter 2019/20",
            EventDate::span(DatePrecision::Season, d(1, 12, 2019), d(29, 2, 2020)),
            "winter 2019/20",
        ),
        (
            "2019",
            EventDate::span(DatePrecision::Year, d(1, 1, 2019), d(31, 12, 2019)),
            "2019",
        ),
        (
            "c. 2019",
            EventDate::span(DatePrecision::Year, d(1, 1, 2019), d(31, 12, 2019)).approx(),
            "c. 2019",
        ),
        ("c. 12/06/2019", day.approx(), "c. 12/06/2019"),
    ];
    for (text, expected, printed) in cases {
        let got = parse_date(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(got, expected, "{text}");
        assert_eq!(got.validate(), Ok(()));
        assert_eq!(got.to_string(), printed);
    }
    for bad in [
        "",
        "13/13/2019",
        "winter 2019",
        "winter 2019/21",
        "early 2019",
        "15/06/2019..12/06/2019",
        "12/06/19",
        "12/06/2019 25:00",
        "sometime",
    ] {
        assert!(parse_date(bad).is_err(), "'{bad}' should be rejected");
    }
}

#[test]
fn the_only_protocol_breaches_are_the_planted_delays() {
    let data = data();
    let last_day = data.entries.iter().map(|e| e.date.end).max().unwrap();
    let planted: BTreeSet<EntryId> = planted_of(FlagKind::DelayedResponse, "protocol_timescale")
        .iter()
        .map(|p| p.entries[0])
        .collect();
    let mut timed = 0;
    for trigger in &data.entries {
        let mut late_under = Vec::new();
        for rule in demo::default_protocol_rules() {
            let sector = trigger
                .to_agencies
                .first()
                .copied()
                .and_then(|to| data.agencies.iter().find(|a| a.id == to))
                .map(|a| a.sector);
            let applies = rule.trigger_kind == trigger.kind
                && (rule.to_sector.is_none() || rule.to_sector == sector)
                && (rule.trigger_tag.is_empty() || trigger.tags.contains(&rule.trigger_tag));
            let responder = match (trigger.to_agencies.first().copied(), trigger.kind) {
                (Some(to), _) => to,
                (None, EntryKind::StrategyDiscussion) => trigger.agency,
                (None, _) => continue,
            };
            if !applies {
                continue;
            }
            let response = data
                .entries
                .iter()
                .filter(|e| {
                    e.agency == responder
                        && e.id != trigger.id
                        && rule.response_kinds.contains(&e.kind)
                        && e.date.start >= trigger.date.start
                })
                .map(|e| e.date.start)
                .min();
            let late = match response {
                Some(day) => working_days(trigger.date.start, day) > rule.working_days as i64,
                None => working_days(trigger.date.start, last_day) > rule.working_days as i64,
            };
            if late {
                late_under.push(rule.name.clone());
            }
            timed += 1;
        }
        assert_eq!(
            !late_under.is_empty(),
            planted.contains(&trigger.id),
            "entry {} ({}) late under {late_under:?}",
            trigger.id,
            trigger.summary
        );
    }
    assert!(timed >= 25, "{timed} triggers timed");
}

#[test]
fn the_answer_key_covers_every_overrule_disagreement_and_lower_response() {
    let data = data();
    let by_id = entries_by_id(&data);
    let keyed: BTreeSet<EntryId> = demo::planted()
        .iter()
        .filter(|p| p.kind == FlagKind::MissedEscalation)
        .flat_map(|p| p.entries.clone())
        .chain(
            demo::near_misses()
                .iter()
                .filter(|n| n.kind == FlagKind::MissedEscalation)
                .flat_map(|n| n.entries.clone()),
        )
        .collect();
    for l in &data.links {
        let (from, to) = (by_id[&l.from], by_id[&l.to]);
        let lower = l.kind == LinkKind::RespondsTo
            && matches!((from.service_level, to.service_level), (Some(given), Some(asked)) if given < asked);
        if l.kind == LinkKind::Overrules || lower {
            assert!(
                keyed.contains(&l.from) && keyed.contains(&l.to),
                "link {} ({:?}) is not in the answer key",
                l.id,
                l.kind
            );
        }
    }
    for e in data
        .entries
        .iter()
        .filter(|e| e.kind == EntryKind::Disagreement)
    {
        assert!(
            keyed.contains(&e.id),
            "disagreement {} is not in the answer key",
            e.id
        );
    }
}

/// The first run opens the demo, and the overview says it is the demo (the app tells the
/// reviewer it is fictional); a review the reviewer creates is not the demo.
#[test]
fn the_first_run_opens_the_demo_and_says_so() {
    use chronolane::api::{Session, StartupOutcome};
    let dir = tempfile::tempdir().unwrap();
    let mut session = Session::new(dir.path().join("app"));
    match session.startup().unwrap() {
        StartupOutcome::Opened { overview } => assert!(overview.demo, "the demo is marked"),
        other => panic!("the first run should open the demo, not {other:?}"),
    }
    let path = chronolane::api::FilePath(dir.path().join("real.chronolane").display().to_string());
    let overview = session
        .create_review(
            &path,
            None,
            Review {
                title: "LCSPR: Real".into(),
                ..Review::default()
            },
        )
        .unwrap();
    assert!(
        !overview.demo,
        "a review of the reviewer's own is not the demo"
    );
}
