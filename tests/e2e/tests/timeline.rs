//! Journeys through the timeline in the real app: zoom, select, filter, the tunnel view
//! ("known to an agency on a date"), presentation stepping and export, on a fictional case
//! written to a review file first, asserting against what SQLite holds.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use chronolane::api::Day as NaiveDate;
use chronolane::dates::{DatePrecision, EventDate};
use chronolane::json::ReviewData;
use chronolane::model::*;
use chronolane::Store;
use chronolane_e2e::App;

fn d(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%d/%m/%Y").unwrap()
}

const NB_CSC: AgencyId = AgencyId(1);
const NB_HV: AgencyId = AgencyId(2);
const NB_GP: AgencyId = AgencyId(3);
const POLICE: AgencyId = AgencyId(4);
const SM_CSC: AgencyId = AgencyId(5);
const SM_HV: AgencyId = AgencyId(6);
const SCHOOL: AgencyId = AgencyId(7);

/// One chronology line of the fixture: id, lane, date, kind, summary, child seen, sent to.
type Row = (
    i64,
    AgencyId,
    &'static str,
    EntryKind,
    &'static str,
    ChildSeen,
    Option<AgencyId>,
);

/// A fictional case, Child T: two areas, seven lanes, 44 entries, links, three KPEs and one
/// flag of each kind (inserted here; the analysis that raises flags is another feature's).
fn child_t() -> ReviewData {
    let mut data = ReviewData::new(Review {
        title: "LCSPR: Child T (fictional)".into(),
        subject: "Child T".into(),
        scope_start: Some(d("01/01/2018")),
        scope_end: Some(d("31/12/2019")),
        ..Review::default()
    });
    data.areas = vec![
        Area {
            id: AreaId(1),
            name: "Northbrook".into(),
            position: 0,
        },
        Area {
            id: AreaId(2),
            name: "Southmere".into(),
            position: 1,
        },
    ];
    let agency =
        |id: AgencyId, short: &str, name: &str, sector, area: Option<i64>, order, colour: &str| {
            Agency {
                id,
                name: name.into(),
                short_name: short.into(),
                sector,
                area: area.map(AreaId),
                lane_order: order,
                colour: colour.into(),
            }
        };
    data.agencies = vec![
        agency(
            NB_CSC,
            "NB CSC",
            "Northbrook Children's Social Care",
            Sector::ChildrensSocialCare,
            Some(1),
            0,
            "#0072B2",
        ),
        agency(
            NB_HV,
            "NB HV",
            "Northbrook Health Visiting",
            Sector::HealthVisiting,
            Some(1),
            1,
            "#009E73",
        ),
        agency(
            NB_GP,
            "NB GP",
            "Riverside Surgery",
            Sector::GeneralPractice,
            Some(1),
            2,
            "#56B4E9",
        ),
        agency(
            SCHOOL,
            "School",
            "Northbrook Primary School",
            Sector::Education,
            Some(1),
            3,
            "#CC79A7",
        ),
        agency(
            SM_CSC,
            "SM CSC",
            "Southmere Children's Social Care",
            Sector::ChildrensSocialCare,
            Some(2),
            4,
            "#D55E00",
        ),
        agency(
            SM_HV,
            "SM HV",
            "Southmere Health Visiting",
            Sector::HealthVisiting,
            Some(2),
            5,
            "#E69F00",
        ),
        agency(
            POLICE,
            "Police",
            "County Police",
            Sector::Police,
            None,
            6,
            "#1d2733",
        ),
    ];
    let person = |id, label: &str, real: &str, kind, agency: Option<AgencyId>| Person {
        id: PersonId(id),
        label: label.into(),
        real_name: Some(real.into()),
        aliases: vec![],
        role: String::new(),
        kind,
        agency,
        date_of_birth: None,
    };
    data.people = vec![
        person(1, "Mother", "Nadia Quill", PersonKind::Family, None),
        person(
            2,
            "SW1",
            "Oren Vale",
            PersonKind::Practitioner,
            Some(NB_CSC),
        ),
        person(
            3,
            "HV1",
            "Petra Lowe",
            PersonKind::Practitioner,
            Some(NB_HV),
        ),
        person(
            4,
            "PC1",
            "Simon Hart",
            PersonKind::Practitioner,
            Some(POLICE),
        ),
    ];
    use EntryKind::*;
    #[rustfmt::skip]
    let rows: &[Row] = &[
        (1, NB_HV, "10/01/2018", HomeVisit, "New birth visit; Nadia Quill tired, flat", ChildSeen::Yes, None),
        (2, NB_GP, "22/01/2018", Appointment, "Six-week check, weight on 25th centile", ChildSeen::Yes, None),
        (3, POLICE, "03/02/2018", Incident, "DA call-out to the home, partner left before arrival", ChildSeen::No, None),
        (4, POLICE, "05/02/2018", Referral, "Referral to CSC after DA incident (medium risk)", ChildSeen::Unknown, Some(NB_CSC)),
        (5, NB_CSC, "06/02/2018", ReferralReceived, "MASH receives police referral", ChildSeen::Unknown, None),
        (6, NB_CSC, "08/02/2018", ThresholdDecision, "Threshold: early help offered, no further action", ChildSeen::Unknown, None),
        (7, NB_CSC, "09/02/2018", InformationShared, "Outcome sent to health visiting", ChildSeen::Unknown, Some(NB_HV)),
        (8, NB_HV, "20/02/2018", NoAccessVisit, "No access visit, card left", ChildSeen::No, None),
        (9, NB_HV, "06/03/2018", HomeVisit, "Visit: home cluttered, mother reports low mood", ChildSeen::Yes, None),
        (10, NB_GP, "14/03/2018", Appointment, "Mother seen for low mood, sertraline started", ChildSeen::No, None),
        (11, NB_GP, "02/04/2018", MissedAppointment, "Child not brought to immunisations", ChildSeen::No, None),
        (12, NB_GP, "30/04/2018", MissedAppointment, "Child not brought to immunisations again", ChildSeen::No, None),
        (13, POLICE, "12/05/2018", Incident, "Second DA call-out, neighbour reports shouting", ChildSeen::Yes, None),
        (14, POLICE, "13/05/2018", Referral, "Referral to CSC: repeat DA, baby present", ChildSeen::Unknown, Some(NB_CSC)),
        (15, NB_CSC, "18/05/2018", ReferralReceived, "MASH receives second police referral", ChildSeen::Unknown, None),
        (16, NB_CSC, "22/05/2018", StrategyDiscussion, "Strategy discussion: s47 agreed", ChildSeen::Unknown, None),
        (17, NB_CSC, "29/05/2018", HomeVisit, "s47 visit by SW1, child seen asleep", ChildSeen::Yes, None),
        (18, NB_CSC, "15/06/2018", ChildProtectionConference, "ICPC: child protection plan, neglect", ChildSeen::Unknown, None),
        (19, NB_HV, "20/06/2018", HomeVisit, "HV visit, weight dropping to 9th centile", ChildSeen::Yes, None),
        (20, NB_CSC, "05/07/2018", CoreGroup, "Core group: mother engaging", ChildSeen::Unknown, None),
        (21, NB_CSC, "02/08/2018", NoAccessVisit, "SW1 no access", ChildSeen::No, None),
        (22, NB_HV, "15/08/2018", ConcernRaised, "HV concern about weight and missed appointments", ChildSeen::Unknown, None),
        (23, NB_HV, "16/08/2018", Escalation, "HV emails team manager: plan not working", ChildSeen::Unknown, None),
        (24, NB_CSC, "03/09/2018", CoreGroup, "Core group: HV concerns noted, no change to plan", ChildSeen::Unknown, None),
        (25, NB_CSC, "20/09/2018", FamilyMoved, "Family moved to Southmere", ChildSeen::Unknown, None),
        (26, NB_CSC, "25/09/2018", CaseTransfer, "Transfer-in request sent to Southmere CSC", ChildSeen::Unknown, Some(SM_CSC)),
        (27, NB_HV, "28/09/2018", CaseTransfer, "Health records transfer to Southmere HV", ChildSeen::Unknown, Some(SM_HV)),
        (28, SM_HV, "02/11/2018", ReferralReceived, "Health records received from Northbrook", ChildSeen::Unknown, None),
        (29, SM_HV, "20/11/2018", HomeVisit, "Transfer-in visit: bruise to cheek, explained as fall", ChildSeen::Yes, None),
        (30, NB_CSC, "10/12/2018", CaseClosed, "Case closed: family moved away", ChildSeen::Unknown, None),
        (31, POLICE, "24/12/2018", Incident, "DA call-out in Southmere, child present", ChildSeen::Yes, None),
        (32, POLICE, "27/12/2018", Referral, "Referral to Southmere CSC", ChildSeen::Unknown, Some(SM_CSC)),
        (33, SM_CSC, "07/01/2019", ReferralReceived, "Southmere front door receives police referral", ChildSeen::Unknown, None),
        (34, SM_CSC, "09/01/2019", ThresholdDecision, "No further action: no previous history known", ChildSeen::Unknown, None),
        (35, SCHOOL, "15/01/2019", ConcernRaised, "Nursery: child hungry, unkempt", ChildSeen::Yes, None),
        (36, SM_HV, "01/02/2019", MissedAppointment, "Child not brought to 2-year review", ChildSeen::No, None),
        (37, SCHOOL, "11/03/2019", ConcernRaised, "Nursery: bruising to arm", ChildSeen::Yes, None),
        (38, SCHOOL, "11/03/2019", Referral, "Nursery referral to Southmere CSC", ChildSeen::Unknown, Some(SM_CSC)),
        (39, SM_CSC, "13/03/2019", StrategyDiscussion, "Strategy discussion with police and health", ChildSeen::Unknown, None),
        (40, SM_CSC, "14/03/2019", HomeVisit, "s47 visit, child seen and spoken to", ChildSeen::Yes, None),
        (41, SM_CSC, "04/04/2019", ChildProtectionConference, "ICPC: child protection plan", ChildSeen::Unknown, None),
        (42, NB_GP, "15/04/2019", InformationShared, "GP records shared with Southmere CSC", ChildSeen::Unknown, Some(SM_CSC)),
        (43, SM_HV, "10/06/2019", HomeVisit, "HV visit, weight improving", ChildSeen::Yes, None),
        (44, SCHOOL, "23/09/2019", Contact, "Starts reception class", ChildSeen::Yes, None),
    ];
    for &(id, agency, date, kind, summary, child_seen, to_agency) in rows {
        data.entries.push(Entry {
            id: EntryId(id),
            date_as_written: date.into(),
            child_seen,
            to_agencies: to_agency.into_iter().collect(),
            ..Entry::new(agency, EventDate::day(d(date)), kind, summary)
        });
    }
    // Approximate dates and a late record, as agencies send them.
    let e = |id: i64| id as usize - 1;
    data.entries[e(22)].date =
        EventDate::span(DatePrecision::PartOfMonth, d("11/08/2018"), d("20/08/2018"));
    data.entries[e(22)].date_as_written = "mid August 2018".into();
    data.entries[e(36)].date = EventDate::month(2019, 2).unwrap();
    data.entries[e(36)].date_as_written = "February 2019".into();
    data.entries[e(24)].recorded_on = Some(d("20/09/2018"));
    data.entries[e(16)].people = vec![
        EntryPerson {
            person: PersonId(2),
            involvement: Involvement::Author,
        },
        EntryPerson {
            person: PersonId(4),
            involvement: Involvement::Present,
        },
    ];
    data.entries[e(1)].people = vec![EntryPerson {
        person: PersonId(1),
        involvement: Involvement::Subject,
    }];
    let link = |id, from, to, kind| Link {
        id: LinkId(id),
        from: EntryId(from),
        to: EntryId(to),
        kind,
        note: String::new(),
    };
    data.links = vec![
        link(1, 5, 4, LinkKind::Acknowledges),
        link(2, 15, 14, LinkKind::Acknowledges),
        link(3, 28, 27, LinkKind::Acknowledges),
        link(4, 33, 32, LinkKind::Acknowledges),
        link(5, 23, 20, LinkKind::Escalates),
        link(6, 39, 38, LinkKind::RespondsTo),
    ];
    let kpe = |id, number, title: &str, from: &str, to: &str, entries: &[i64]| KeyPracticeEpisode {
        id: KpeId(id),
        number,
        title: title.into(),
        starts_on: d(from),
        ends_on: d(to),
        what_happened: String::new(),
        appraisal_grade: None,
        appraisal: String::new(),
        view_from_tunnel: String::new(),
        factors: vec![],
        what_went_well: String::new(),
        entries: entries.iter().map(|&i| EntryId(i)).collect(),
    };
    data.kpes = vec![
        kpe(
            1,
            1,
            "Response to the first DA referral",
            "03/02/2018",
            "09/02/2018",
            &[3, 4, 5, 6, 7],
        ),
        kpe(
            2,
            2,
            "Health visitor's escalation",
            "15/08/2018",
            "03/09/2018",
            &[22, 23, 24],
        ),
        kpe(
            3,
            3,
            "Transfer to Southmere",
            "20/09/2018",
            "09/01/2019",
            &[25, 26, 27, 28, 30, 34],
        ),
    ];
    let flag = |id, kind, evidence: &[i64], from: &str, to: &str, explanation: &str, status| Flag {
        id: FlagId(id),
        kind,
        rule: "test".into(),
        identity: format!("test:{id}"),
        evidence_digest: String::new(),
        evidence: evidence.iter().map(|&i| EntryId(i)).collect(),
        explanation: explanation.into(),
        severity: Severity::High,
        inferred: false,
        starts_on: d(from),
        ends_on: d(to),
        status,
        rationale: String::new(),
        kpe: None,
        current: true,
    };
    data.flags = vec![
        flag(
            1,
            FlagKind::LostTransfer,
            &[26],
            "25/09/2018",
            "09/10/2018",
            "Transfer-in request to Southmere CSC (entry 26) has no recorded receipt.",
            FlagStatus::Open,
        ),
        flag(
            2,
            FlagKind::MissedEscalation,
            &[22, 23, 24],
            "15/08/2018",
            "03/09/2018",
            "HV's escalation (entry 23) got no response beyond the core group.",
            FlagStatus::Open,
        ),
        flag(
            3,
            FlagKind::DelayedResponse,
            &[27, 28],
            "28/09/2018",
            "02/11/2018",
            "Health records took 25 working days to arrive (standard: 10).",
            FlagStatus::Confirmed,
        ),
        flag(
            4,
            FlagKind::RepeatedConcern,
            &[11, 12, 36],
            "02/04/2018",
            "28/02/2019",
            "Child not brought three times without assessment.",
            FlagStatus::Open,
        ),
        flag(
            5,
            FlagKind::ContradictingRecords,
            &[33, 34],
            "07/01/2019",
            "09/01/2019",
            "Southmere recorded no history although the transfer request was sent.",
            FlagStatus::Dismissed,
        ),
    ];
    data
}

fn write_case(dir: &Path) -> PathBuf {
    let path = dir.join("child-t.chronolane");
    let data = child_t();
    Store::create_with(&path, None, |w| data.insert_into(w)).unwrap();
    path
}

async fn count_shown(app: &App) -> (u64, u64) {
    let text = app
        .wait_text("[data-testid=timeline-count]", |t| !t.is_empty())
        .await;
    let nums: Vec<u64> = text
        .split(|c: char| !c.is_ascii_digit() && c != ',')
        .filter(|s| !s.is_empty())
        .map(|s| s.replace(',', "").parse().unwrap())
        .collect();
    (nums[0], nums[1])
}

async fn range(app: &App) -> (f64, f64) {
    let v = app
        .js("return window.chronolaneTimeline.range()", vec![])
        .await;
    (v[0].as_f64().unwrap(), v[1].as_f64().unwrap())
}

async fn press(app: &App, key: &str) {
    // Keys go to the focused timeline, as a keyboard user's would.
    app.find("[data-testid=timeline-canvas]")
        .await
        .send_keys(key)
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(150)).await;
}

const RIGHT: &str = "\u{E014}";
const LEFT: &str = "\u{E012}";
const ENTER: &str = "\u{E007}";
const ESCAPE: &str = "\u{E00C}";

#[tokio::test(flavor = "multi_thread")]
async fn zoom_select_filter_and_the_tunnel_view() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_case(dir.path());
    let app = App::launch(&[file.to_str().unwrap()]).await;
    app.wait_text("[data-testid=review-name]", |t| t.contains("Child T"))
        .await;
    app.open_timeline().await;
    let in_file = Store::open(&file, None)
        .unwrap()
        .read()
        .entry_count()
        .unwrap() as u64;
    assert_eq!(
        count_shown(&app).await,
        (in_file, in_file),
        "every entry in the file is on the timeline"
    );
    app.screenshot("timeline-01-whole").await;

    // Zoom: the buttons narrow and widen the window in view.
    let (a, b) = range(&app).await;
    app.click_when_enabled("[data-testid=zoom-in]").await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let (c, e) = range(&app).await;
    assert!(
        e - c < (b - a) * 0.7,
        "zoomed in: {:?} -> {:?}",
        (a, b),
        (c, e)
    );
    // The timeline opens on the review's scope, and the Scope button goes back to it.
    app.click_when_enabled("[data-testid=zoom-scope]").await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let (f, g) = range(&app).await;
    assert!(
        (g - f - (b - a)).abs() < 1.0,
        "Scope shows the opening view again"
    );

    // Select: click on the glyph of the strategy discussion (entry 16); when it is drawn in
    // a cluster, clicking the cluster zooms in to it first.
    let mut clicks = 0;
    loop {
        let pos = app
            .js("return window.chronolaneTimeline.positionOf('16')", vec![])
            .await;
        let (x, y, in_cluster) = (
            pos[0].as_f64().unwrap(),
            pos[1].as_f64().unwrap(),
            pos[2].as_u64().unwrap(),
        );
        app.click_at(x, y).await;
        clicks += 1;
        if in_cluster == 0 {
            break;
        }
        assert!(
            clicks < 5,
            "a cluster click zooms in far enough to split it"
        );
        tokio::time::sleep(Duration::from_millis(700)).await;
    }
    let detail = app.find("[data-testid=entry-detail]").await;
    assert_eq!(
        detail.attr("data-entry-id").await.unwrap().as_deref(),
        Some("16")
    );
    let summary = app
        .find("[data-testid=edit-summary]")
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap();
    let stored = Store::open(&file, None)
        .unwrap()
        .read()
        .entry(EntryId(16))
        .unwrap()
        .summary;
    assert_eq!(summary, stored);
    app.wait_text("[data-testid=timeline-selection]", |t| {
        t.starts_with("1 entry selected, 22/05/2018")
    })
    .await;
    assert!(app
        .find("[data-testid=kpe-from-selection]")
        .await
        .is_enabled()
        .await
        .unwrap());
    app.screenshot("timeline-02-selected").await;

    // Keyboard: the next entry in the lane is announced, Space adds it to the selection.
    press(&app, RIGHT).await;
    let said = app
        .wait_text("[data-testid=timeline-announce]", |t| {
            t.contains("29/05/2018")
        })
        .await;
    assert!(
        said.contains("Home visit") && said.contains("Child seen"),
        "{said}"
    );
    press(&app, " ").await;
    app.wait_text("[data-testid=timeline-selection]", |t| {
        t.starts_with("2 entries selected")
    })
    .await;
    // The selection becomes a new KPE: the KPE view opens prefilled with both entries.
    app.click_when_enabled("[data-testid=timeline-view] [data-testid=kpe-from-selection]")
        .await;
    app.find("[data-testid=kpe-editor]").await;
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while app
        .find_all("[data-testid=kpe-entries] tbody tr")
        .await
        .len()
        != 2
    {
        assert!(
            std::time::Instant::now() < deadline,
            "the new KPE holds the two selected entries"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    app.screenshot("timeline-02b-kpe-from-selection").await;
    app.open_timeline().await;
    app.find("[data-testid=timeline-canvas]")
        .await
        .click()
        .await
        .unwrap();
    press(&app, ESCAPE).await;

    // Filter: text and agency, counted against the file.
    app.click_when_enabled("[data-testid=toggle-filters]").await;
    app.find("[data-testid=filter-text]")
        .await
        .send_keys("referral")
        .await
        .unwrap();
    let entries = Store::open(&file, None).unwrap().read().entries().unwrap();
    let expected = entries
        .iter()
        .filter(|e| e.summary.to_lowercase().contains("referral"))
        .count() as u64;
    app.wait_text("[data-testid=timeline-count]", |t| {
        t.starts_with(&format!("{expected} of"))
    })
    .await;
    app.click_when_enabled("[data-testid=filter-agency-4]")
        .await;
    let police = entries
        .iter()
        .filter(|e| e.agency == POLICE && e.summary.to_lowercase().contains("referral"))
        .count();
    app.wait_text("[data-testid=timeline-count]", |t| {
        t.starts_with(&format!("{police} of"))
    })
    .await;
    app.screenshot("timeline-03-filtered").await;
    app.click_when_enabled("[data-testid=filters-clear]").await;
    app.wait_text("[data-testid=timeline-count]", |t| {
        t.starts_with(&format!("{in_file} of"))
    })
    .await;

    // The tunnel view: what Southmere CSC knew on 09/01/2019, as the core computes it from the file.
    let store = Store::open(&file, None).unwrap();
    let r = store.read();
    let known = chronolane::timeline::known_to(
        SM_CSC,
        d("09/01/2019"),
        &r.entries().unwrap(),
        &r.links().unwrap(),
        &r.people().unwrap(),
    );
    assert!(
        known.iter().any(|k| k.entry == EntryId(26)),
        "the transfer request was sent to Southmere"
    );
    assert!(
        !known.iter().any(|k| k.entry == EntryId(18)),
        "Northbrook's conference never reached it"
    );
    let select = app.find("[data-testid=known-agency]").await;
    select.select_by_value("5").await.unwrap();
    app.find("[data-testid=known-date]")
        .await
        .send_keys("09/01/2019")
        .await
        .unwrap();
    app.click_when_enabled("[data-testid=known-show]").await;
    app.wait_text("[data-testid=known-summary]", |t| {
        t.starts_with(&format!(
            "{} entries known to SM CSC on 09/01/2019",
            known.len()
        ))
    })
    .await;
    assert_eq!(count_shown(&app).await.0, known.len() as u64);
    app.screenshot("timeline-04-known-to").await;
    app.click_when_enabled("[data-testid=known-clear]").await;
    app.wait_text("[data-testid=timeline-count]", |t| {
        t.starts_with(&format!("{in_file} of"))
    })
    .await;

    // Lanes: moving a lane up is saved in the file at once, and undo puts it back.
    let order = |file: &Path| -> Vec<String> {
        let mut a = Store::open(file, None).unwrap().read().agencies().unwrap();
        a.sort_by_key(|a| a.lane_order);
        a.into_iter().map(|a| a.short_name).collect()
    };
    assert_eq!(
        order(&file)[..2],
        ["NB CSC".to_string(), "NB HV".to_string()]
    );
    app.click_when_enabled("[data-testid=toggle-lanes]").await;
    app.click_when_enabled("[aria-label='Move NB HV up']").await;
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while order(&file)[0] != "NB HV" {
        assert!(
            std::time::Instant::now() < deadline,
            "the new lane order reached the file"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    app.screenshot("timeline-04b-lanes").await;
    app.click_when_enabled("[data-testid=undo]").await;
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while order(&file)[0] != "NB CSC" {
        assert!(
            std::time::Instant::now() < deadline,
            "undo restored the lane order"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Two quick moves of the third lane (clicked before the first is saved) take it to the top.
    let third = order(&file)[2].clone();
    app.js(
        "const b = document.querySelector(`[aria-label='Move ${arguments[0]} up']`); b.click(); b.click();",
        vec![third.clone().into()],
    )
    .await;
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while order(&file)[0] != third {
        assert!(
            std::time::Instant::now() < deadline,
            "both moves reached the file: {:?}",
            order(&file)
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    app.click_when_enabled("[data-testid=toggle-lanes]").await;

    // A bad date is refused with a plain message.
    app.find("[data-testid=known-date]")
        .await
        .send_keys("x")
        .await
        .unwrap();
    app.click_when_enabled("[data-testid=known-show]").await;
    app.wait_text("[data-testid=notice]", |t| t.contains("is not a date"))
        .await;
    app.close().await;
}

/// An Xvfb of a given size, stopped by its own PID.
struct Screen {
    child: Child,
    display: String,
}

impl Screen {
    fn start(width: u32, height: u32) -> Screen {
        use std::io::BufRead;
        // Xvfb picks a free display number itself and writes it to the file descriptor given.
        let mut child = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                &format!("{width}x{height}x24"),
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start Xvfb");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .expect("Xvfb reports its display");
        let display = format!(":{}", line.trim());
        assert!(
            line.trim().parse::<u32>().is_ok(),
            "Xvfb display number: {line:?}"
        );
        Screen { child, display }
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn present_on(file: &Path, width: u32, height: u32) {
    let screen = Screen::start(width, height);
    let previous = std::env::var_os("DISPLAY");
    // The journeys run one at a time (--test-threads=1): nothing else reads DISPLAY meanwhile.
    std::env::set_var("DISPLAY", &screen.display);
    let app = App::launch(&[file.to_str().unwrap()]).await;
    app.client.set_window_size(width, height).await.unwrap();
    app.wait_text("[data-testid=review-name]", |t| t.contains("Child T"))
        .await;
    app.open_timeline().await;
    app.screenshot(&format!("timeline-05-normal-{width}x{height}"))
        .await;

    app.click_when_enabled("[data-testid=present]").await;
    app.find("[data-testid=timeline-view][data-presenting=true]")
        .await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    app.screenshot(&format!("timeline-06-presenting-{width}x{height}"))
        .await;

    // The stops are the KPEs and the current, undismissed flags, in order of time.
    let store = Store::open(file, None).unwrap();
    let r = store.read();
    let stops = r.kpes().unwrap().len()
        + r.flags()
            .unwrap()
            .iter()
            .filter(|f| f.current && f.status != FlagStatus::Dismissed)
            .count();
    press(&app, RIGHT).await;
    app.wait_text("[data-testid=present-step]", |t| {
        t.starts_with(&format!("1 of {stops}"))
            && t.contains("KPE 1: Response to the first DA referral")
    })
    .await;
    press(&app, RIGHT).await;
    press(&app, RIGHT).await;
    let third = app
        .wait_text("[data-testid=present-step]", |t| {
            t.starts_with(&format!("3 of {stops}"))
        })
        .await;
    tokio::time::sleep(Duration::from_millis(700)).await;
    app.screenshot(&format!("timeline-07-presenting-step3-{width}x{height}"))
        .await;
    press(&app, LEFT).await;
    let second = app
        .wait_text("[data-testid=present-step]", |t| {
            t.starts_with(&format!("2 of {stops}"))
        })
        .await;
    assert_ne!(second, third);
    // Pseudonyms only: a real name written in a summary is never shown.
    press(&app, ENTER).await;
    let text = app.js("return document.body.innerText", vec![]).await;
    assert!(
        !text.as_str().unwrap().contains("Nadia Quill"),
        "no real name in presentation mode"
    );
    press(&app, ESCAPE).await;
    app.find("[data-testid=timeline-view][data-presenting=false]")
        .await;
    app.close().await;
    match previous {
        Some(v) => std::env::set_var("DISPLAY", v),
        None => std::env::remove_var("DISPLAY"),
    }
    drop(screen);
}

#[tokio::test(flavor = "multi_thread")]
async fn presentation_steps_through_kpes_and_flags_on_two_projector_sizes() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_case(dir.path());
    present_on(&file, 1920, 1080).await;
    present_on(&file, 1280, 720).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_whole_timeline_exports_as_svg_png_and_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_case(dir.path());
    let app = App::launch(&[file.to_str().unwrap()]).await;
    app.wait_text("[data-testid=review-name]", |t| t.contains("Child T"))
        .await;
    app.open_timeline().await;
    // Zoomed in, so the export has to draw more than is on screen.
    app.click_when_enabled("[data-testid=zoom-in]").await;
    app.click_when_enabled("[data-testid=zoom-in]").await;
    let out = chronolane_e2e::screenshot_dir();
    let mut exported = Vec::new();
    for format in ["svg", "png", "pdf"] {
        let path = out.join(format!("timeline-export.{format}"));
        let _ = std::fs::remove_file(&path);
        // The save dialog cannot be driven over WebDriver; the view takes the chosen path
        // through the same function the dialog's answer goes to.
        app.js(
            "window.dispatchEvent(new CustomEvent('chronolane:export-timeline', { detail: { format: arguments[0], path: arguments[1] } }))",
            vec![format.into(), path.to_str().unwrap().into()],
        )
        .await;
        let report = app
            .wait_text("[data-testid=last-export]", |t| {
                t.contains(&format!(".{format}\""))
            })
            .await;
        let report: serde_json::Value = serde_json::from_str(&report).unwrap();
        assert!(path.exists(), "{} was written", path.display());
        exported.push((format, path, report));
    }
    // SVG: parses, and spans the whole review period (wider than the window).
    let svg = std::fs::read_to_string(&exported[0].1).unwrap();
    let tree = chronolane::timeline::render::parse_svg(&svg).unwrap();
    assert!(
        tree.size().width() > 1400.0,
        "whole timeline, not the view: {}",
        tree.size().width()
    );
    assert!(svg.contains("NB CSC") && svg.contains("KPE 1: Response to the first DA referral"));
    assert!(
        !svg.contains("Nadia") && !svg.contains("Quill"),
        "exports are pseudonymised"
    );
    // PNG: the size reported, twice the SVG's.
    let png = std::fs::read(&exported[1].1).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let w = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let h = u32::from_be_bytes(png[20..24].try_into().unwrap());
    assert_eq!(
        (w as u64, h as u64),
        (
            exported[1].2["width"].as_u64().unwrap(),
            exported[1].2["height"].as_u64().unwrap()
        )
    );
    // Unless asked otherwise, an export is a 1920 x 1080 slide of the review's scope.
    assert_eq!((w, h), (1920, 1080));
    assert_eq!(w, tree.size().width().ceil() as u32);
    // PDF: pdfinfo reads it and counts the pages reported.
    let info = Command::new("pdfinfo")
        .arg(&exported[2].1)
        .output()
        .expect("run pdfinfo (poppler-utils)");
    assert!(
        info.status.success(),
        "{}",
        String::from_utf8_lossy(&info.stderr)
    );
    let info = String::from_utf8_lossy(&info.stdout);
    let pages: u64 = info.lines().find(|l| l.starts_with("Pages:")).unwrap()[6..]
        .trim()
        .parse()
        .unwrap();
    assert!(pages >= 1);
    assert_eq!(pages, exported[2].2["pages"].as_u64().unwrap());
    // A look at the first page, as a reader would see it.
    let status = Command::new("pdftoppm")
        .args(["-png", "-r", "60", "-f", "1", "-l", "1"])
        .arg(&exported[2].1)
        .arg(out.join("timeline-08-pdf-page"))
        .status()
        .unwrap();
    assert!(status.success());
    app.close().await;
}

async fn demo_on(width: u32, height: u32) {
    let screen = Screen::start(width, height);
    let previous = std::env::var_os("DISPLAY");
    std::env::set_var("DISPLAY", &screen.display);
    let app = App::launch(&["--demo"]).await;
    app.client.set_window_size(width, height).await.unwrap();
    app.wait_text("[data-testid=review-name]", |t| t.contains("Child R"))
        .await;
    app.open_timeline().await;
    let demo = app.app_dir.path().join("Demo review - Child R.chronolane");
    let store = Store::open(&demo, None).unwrap();
    let r = store.read();
    let entries = r.entry_count().unwrap() as u64;
    assert_eq!(count_shown(&app).await, (entries, entries));
    app.screenshot(&format!("timeline-09-demo-{width}x{height}"))
        .await;
    let stops = r.kpes().unwrap().len()
        + r.flags()
            .unwrap()
            .iter()
            .filter(|f| f.current && f.status != FlagStatus::Dismissed)
            .count();
    app.click_when_enabled("[data-testid=present]").await;
    app.find("[data-testid=timeline-view][data-presenting=true]")
        .await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    app.screenshot(&format!("timeline-10-demo-presenting-{width}x{height}"))
        .await;
    // On the projector every agency's lane shows at once: nothing to scroll to.
    let hidden = app
        .js("return window.chronolaneTimeline.overflow()", vec![])
        .await;
    assert_eq!(
        hidden.as_f64(),
        Some(0.0),
        "lanes hidden below the screen when presenting at {width}x{height}"
    );
    if stops > 0 {
        press(&app, RIGHT).await;
        app.wait_text("[data-testid=present-step]", |t| {
            t.starts_with(&format!("1 of {stops}"))
        })
        .await;
        tokio::time::sleep(Duration::from_millis(800)).await;
        app.screenshot(&format!(
            "timeline-11-demo-presenting-step1-{width}x{height}"
        ))
        .await;
    }
    let text = app.js("return document.body.innerText", vec![]).await;
    for p in r.people().unwrap() {
        if let Some(name) = p.real_name.filter(|n| n.len() > 3) {
            assert!(
                !text.as_str().unwrap().contains(&name),
                "{name} shown in presentation mode"
            );
        }
    }
    press(&app, ESCAPE).await;
    app.close().await;
    match previous {
        Some(v) => std::env::set_var("DISPLAY", v),
        None => std::env::remove_var("DISPLAY"),
    }
    drop(screen);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_demo_review_on_the_timeline_and_in_presentation_mode() {
    demo_on(1920, 1080).await;
    demo_on(1280, 720).await;
}

/// The colour of the timeline's pixels: how many are dark (drawn ink) and a hash of them all.
const CANVAS_PIXELS: &str =
    "const c = document.querySelector('[data-testid=timeline-canvas] canvas'); \
     const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let ink = 0, h = 0; \
     for (let i = 0; i < d.length; i += 4) { if (d[i] + d[i + 1] + d[i + 2] < 400) ink++; \
     h = (h * 31 + d[i] + 7 * d[i + 1] + 13 * d[i + 2]) >>> 0; } return [ink, h];";

async fn canvas_pixels(app: &App) -> (u64, u64) {
    let v = app.js(CANVAS_PIXELS, vec![]).await;
    (v[0].as_u64().unwrap(), v[1].as_u64().unwrap())
}

/// The app as it starts on a machine without a GPU (this one: no DRM render node; virtual
/// desktops), where it turns WebKit's compositing off: the timeline draws, zooms and pans by
/// keyboard, and its entries can be found. (No screenshots: WebKitWebDriver's hang without
/// compositing, so the other journeys run with it on.)
#[tokio::test(flavor = "multi_thread")]
async fn the_timeline_with_webkit_compositing_off_as_on_a_machine_without_a_gpu() {
    let gpu = std::fs::read_dir("/dev/dri").is_ok_and(|dir| {
        dir.flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
    });
    if gpu {
        eprintln!("NOTICE: this machine has a GPU, so the app keeps WebKit's compositing on here");
    }
    let app = App::launch_as_on_this_machine(&["--demo"]).await;
    app.wait_text("[data-testid=review-name]", |t| t.contains("Child R"))
        .await;
    app.open_timeline().await;
    let (ink, before) = canvas_pixels(&app).await;
    assert!(ink > 2000, "the timeline drew {ink} dark pixels");
    let drawn = app
        .js("return window.chronolaneTimeline.drawn().length", vec![])
        .await;
    assert!(drawn.as_u64().unwrap() > 5, "entries drawn: {drawn}");

    // Zoomed in by keyboard: a narrower range, drawn again.
    let (a0, b0) = range(&app).await;
    press(&app, "+").await;
    for _ in 0..50 {
        let (a, b) = range(&app).await;
        if b - a < (b0 - a0) * 0.8 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let (a1, b1) = range(&app).await;
    assert!(
        b1 - a1 < (b0 - a0) * 0.8,
        "zoomed from {a0}..{b0} to {a1}..{b1}"
    );
    tokio::time::sleep(Duration::from_millis(400)).await;
    let (ink, zoomed) = canvas_pixels(&app).await;
    assert!(ink > 1000, "the zoomed timeline drew {ink} dark pixels");
    assert_ne!(zoomed, before, "the canvas did not change when zoomed");

    // Panned later in time (shift + right arrow).
    press(&app, "\u{E008}\u{E014}").await;
    for _ in 0..50 {
        if range(&app).await.0 > a1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let (a2, _) = range(&app).await;
    assert!(a2 > a1, "panned from {a1} to {a2}");
    tokio::time::sleep(Duration::from_millis(400)).await;
    let (_, panned) = canvas_pixels(&app).await;
    assert_ne!(panned, zoomed, "the canvas did not change when panned");
    app.close().await;
}
