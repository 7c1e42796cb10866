//! Several receiving agencies on one entry (a referral to police and health visiting): kept
//! from a file written before they existed, saved in order, undone exactly, imported from a
//! cell naming several, read from older JSON, and set from the command line.

use std::path::Path;

use chronolane::api::Session;
use chronolane::import::{AgencyChoice, ImportRequest};
use chronolane::model::*;
use chronolane::Store;

use crate::support::*;

/// A session on a fresh copy of the small review (CSC, HV) with Police added.
fn session(dir: &Path) -> (Session, std::path::PathBuf, AgencyId) {
    let (path, store) = small_review(dir);
    let mut s = Session::new(dir.join("app"));
    s.set_store(store);
    s.add_agency("Police".into(), Some(Sector::Police)).unwrap();
    let police = s
        .overview()
        .unwrap()
        .agencies
        .iter()
        .find(|a| a.name == "Police")
        .unwrap()
        .id;
    (s, path, police)
}

fn referral(s: &Session) -> Entry {
    s.entries()
        .unwrap()
        .into_iter()
        .find(|e| e.summary == "Referral to HV")
        .unwrap()
}

#[test]
fn a_review_from_before_several_receivers_keeps_its_receiving_agency_as_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = small_review(dir.path());
    drop(store);
    {
        // Schema 7: the receiving agency was one column of the entry.
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "DROP TABLE entry_receiver;
             UPDATE entry SET to_agency_id = 2, suggested_to_agency_id = NULL
              WHERE summary = 'Referral to HV';
             UPDATE entry SET suggested_to_agency_id = 1 WHERE summary = 'New birth visit';
             PRAGMA user_version = 7;",
        )
        .unwrap();
    }
    let store = Store::open(&path, None).expect("a version 7 review opens");
    let entries = store.read().entries().unwrap();
    let by = |s: &str| entries.iter().find(|e| e.summary == s).unwrap();
    assert_eq!(by("Referral to HV").to_agencies, vec![AgencyId(2)]);
    assert_eq!(
        by("New birth visit").suggested_to_agencies,
        vec![AgencyId(1)]
    );
    assert!(by("Case closed").to_agencies.is_empty());
    drop(store);
    // The old columns are emptied: the receivers have one home.
    let conn = rusqlite::Connection::open(&path).unwrap();
    let left: i64 = conn
        .query_row(
            "SELECT count(*) FROM entry
             WHERE to_agency_id IS NOT NULL OR suggested_to_agency_id IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(left, 0);
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, chronolane::store::LATEST_SCHEMA_VERSION);
}

#[test]
fn receiving_agencies_are_saved_in_order_and_undo_restores_them_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, path, police) = session(dir.path());
    let hv = AgencyId(2);
    let mut e = referral(&s);
    assert_eq!(e.to_agencies, vec![hv]);

    e.to_agencies = vec![police, hv];
    assert_eq!(
        s.update_entry(e.clone()).unwrap().to_agencies,
        vec![police, hv]
    );
    e.to_agencies = vec![hv, police];
    assert_eq!(
        s.update_entry(e.clone()).unwrap().to_agencies,
        vec![hv, police]
    );
    e.to_agencies = vec![police];
    assert_eq!(s.update_entry(e.clone()).unwrap().to_agencies, vec![police]);

    s.undo().unwrap();
    assert_eq!(referral(&s).to_agencies, vec![hv, police]);
    s.undo().unwrap();
    assert_eq!(referral(&s).to_agencies, vec![police, hv]);
    s.undo().unwrap();
    assert_eq!(referral(&s).to_agencies, vec![hv]);
    s.redo().unwrap();
    assert_eq!(referral(&s).to_agencies, vec![police, hv]);

    // Search still finds the entry, and the whole chronology reads the same as one entry.
    let all = s.entries().unwrap();
    assert_eq!(
        all.iter().find(|x| x.id == e.id).unwrap(),
        &s.entry(e.id).unwrap()
    );
    drop(s);
    let store = Store::open(&path, None).unwrap();
    assert_eq!(
        store.read().entry(e.id).unwrap().to_agencies,
        vec![police, hv]
    );
}

#[test]
fn an_entry_cannot_go_to_its_own_agency_or_an_unknown_one_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _, police) = session(dir.path());
    let mut e = referral(&s);
    let before = e.clone();
    e.to_agencies = vec![police, e.agency];
    let err = s.update_entry(e.clone()).unwrap_err().to_string();
    assert!(
        err.contains("cannot be one of its receiving agencies"),
        "{err}"
    );
    e.to_agencies = vec![police, AgencyId(99)];
    let err = s.update_entry(e).unwrap_err().to_string();
    assert!(err.contains("Agency 99 is not in this review"), "{err}");
    assert_eq!(referral(&s), before);
}

#[test]
fn deleting_a_receiving_agency_takes_it_off_and_undo_puts_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _, police) = session(dir.path());
    let mut e = referral(&s);
    e.to_agencies = vec![AgencyId(2), police];
    s.update_entry(e).unwrap();
    s.delete_agency(police).unwrap();
    assert_eq!(referral(&s).to_agencies, vec![AgencyId(2)]);
    s.undo().unwrap();
    assert_eq!(referral(&s).to_agencies, vec![AgencyId(2), police]);
}

const SEVERAL: &str = "\
Date,Agency,Type,Event,Referred to
03/01/2023,Eastfield Health Visiting,Referral,Bruise seen on baby,Eastfield Police; Eastfield Children's Services
04/01/2023,Eastfield Children's Services,Strategy discussion,Strategy meeting invitation,Eastfield Police and Eastfield Health Visiting
05/01/2023,Eastfield Police,Information shared,Incident log shared,\"Eastfield Health Visiting, Youth Offending\"
06/01/2023,Eastfield Police,Referral,Referral to health visiting and children's services re: injury,
";

#[test]
fn a_cell_naming_several_agencies_imports_as_several_receiving_agencies() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("several.csv");
    std::fs::write(&file, SEVERAL).unwrap();
    let (path, store) = small_review(dir.path());
    drop(store);
    let mut s = Session::new(dir.path().join("app"));
    s.set_store(Store::open(&path, None).unwrap());
    let request = ImportRequest::new(file.display().to_string(), AgencyChoice::PerRow);
    let preview = s.preview_import(request.clone()).unwrap();
    assert_eq!(preview.ready, 4, "{:?}", preview.rows);
    // The agencies are not in the review before the import adds them: the preview says so
    // for each name, and loses none.
    assert!(preview.rows[2]
        .notes
        .iter()
        .any(|n| n.contains("'Youth Offending' is not in the review")));
    s.commit_import_at(
        request,
        day(2024, 3, 1).and_hms_opt(10, 0, 0).unwrap(),
        &mut |_, _| true,
    )
    .unwrap();
    let agencies = s.overview().unwrap().agencies;
    let id = |name: &str| agencies.iter().find(|a| a.name == name).unwrap().id;
    let (police, csc, hv) = (
        id("Eastfield Police"),
        id("Eastfield Children's Services"),
        id("Eastfield Health Visiting"),
    );
    let entries = s.entries().unwrap();
    let by = |s: &str| entries.iter().find(|e| e.summary.starts_with(s)).unwrap();
    assert_eq!(by("Bruise seen").to_agencies, vec![police, csc]);
    assert_eq!(by("Strategy meeting").to_agencies, vec![police, hv]);
    let shared = by("Incident log");
    assert_eq!(shared.to_agencies, vec![hv]);
    assert!(
        shared.detail.contains("Receiving agency: Youth Offending"),
        "{}",
        shared.detail
    );
    // No column: the words name both receivers, proposed for the reviewer to accept.
    let read = by("Referral to health visiting");
    assert!(read.to_agencies.is_empty());
    assert_eq!(read.suggested_to_agencies, vec![hv, csc]);
    s.accept_suggestions(vec![read.id]).unwrap();
    assert_eq!(s.entry(read.id).unwrap().to_agencies, vec![hv, csc]);
}

#[test]
fn json_from_before_several_receivers_reads_its_one_receiving_agency() {
    let dir = tempfile::tempdir().unwrap();
    let (_, store) = small_review(dir.path());
    let data = chronolane::json::ReviewData::load(&store.read()).unwrap();
    let mut json: serde_json::Value = serde_json::from_str(&data.to_json().unwrap()).unwrap();
    // As written before an entry could go to several agencies: one id, or null.
    for (i, e) in json["entries"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .enumerate()
    {
        let e = e.as_object_mut().unwrap();
        let first = e.remove("to_agencies").unwrap()[0].clone();
        e.remove("suggested_to_agencies");
        e.insert("to_agency".into(), first);
        e.insert(
            "suggested_to_agency".into(),
            if i == 1 {
                "1".into()
            } else {
                serde_json::Value::Null
            },
        );
    }
    let old = chronolane::json::ReviewData::from_json(&json.to_string()).unwrap();
    let by = |s: &str| old.entries.iter().find(|e| e.summary == s).unwrap();
    assert_eq!(by("Referral to HV").to_agencies, vec![AgencyId(2)]);
    assert!(by("Case closed").to_agencies.is_empty());
    assert_eq!(
        old.entries[1].suggested_to_agencies,
        vec![AgencyId(1)],
        "{:?}",
        old.entries[1]
    );
    // Today's JSON reads back as written, several receivers in order.
    let mut several = data.clone();
    several.entries[0].to_agencies = vec![AgencyId(2), AgencyId(1)];
    let back = chronolane::json::ReviewData::from_json(&several.to_json().unwrap()).unwrap();
    assert_eq!(back.entries, several.entries);
}

#[test]
fn the_command_line_sets_several_receiving_agencies() {
    let dir = tempfile::tempdir().unwrap();
    let (s, path, _) = session(dir.path());
    let id = referral(&s).id.to_string();
    drop(s);
    let review = path.display().to_string();
    let (ok, out, err) = chronolane(&["entry", &review, &id, "--to", "HV; Police"]);
    assert!(ok, "{err}");
    assert!(out.contains("receiving agencies"), "{out}");
    let (_, list, _) = chronolane(&["entries", &review]);
    assert!(list.contains("Referral to HV  (to HV, Police)"), "{list}");
    let store = Store::open(&path, None).unwrap();
    let e = store.read().entry(referral_id(&id)).unwrap();
    assert_eq!(e.to_agencies.len(), 2);
    drop(store);
    let (ok, _, err) = chronolane(&["entry", &review, &id, "--to", "Police; CSC"]);
    assert!(!ok && err.contains("own record"), "{err}");
    let (ok, _, _) = chronolane(&["entry", &review, &id, "--to", "none"]);
    assert!(ok);
    let store = Store::open(&path, None).unwrap();
    assert!(store
        .read()
        .entry(referral_id(&id))
        .unwrap()
        .to_agencies
        .is_empty());
}

fn referral_id(id: &str) -> EntryId {
    EntryId(id.parse().unwrap())
}

#[test]
fn the_report_chronology_and_each_receivers_accuracy_pack_name_every_receiving_agency() {
    use chronolane::agency::pack::{concerns, Concern};
    use chronolane::export::{self, ExportFormat, ExportRequest, ReportSection};
    let dir = tempfile::tempdir().unwrap();
    let (_, store) = small_review(dir.path());
    let mut data = chronolane::json::ReviewData::load(&store.read()).unwrap();
    data.agencies.push(agency(3, "Police", Sector::Police));
    let referral = data
        .entries
        .iter_mut()
        .find(|e| e.summary == "Referral to HV")
        .unwrap();
    referral.to_agencies = vec![AgencyId(2), AgencyId(3)];
    let referral = referral.clone();

    let request = ExportRequest {
        format: ExportFormat::Markdown,
        sections: vec![ReportSection::Chronology],
        real_names: false,
        out: dir.path().join("report.md").display().to_string(),
        confirmed: false,
    };
    let (document, _) = export::prepare(&data, &request, day(2024, 3, 1), &|_| true).unwrap();
    let text = export::markdown::render(&document);
    let header = text.lines().find(|l| l.contains("| Agency |")).unwrap();
    assert!(header.contains("| Agency | To |"), "{header}");
    let row = text.lines().find(|l| l.contains("Referral to HV")).unwrap();
    assert!(row.contains("| CSC | HV, Police |"), "{row}");

    // Both receiving agencies find it in their factual-accuracy pack as sent to them; the
    // sender as its own record; an agency it did not go to does not.
    let by_id = |id: i64| data.agencies.iter().find(|a| a.id == AgencyId(id)).unwrap();
    assert_eq!(concerns(&data, &referral, by_id(2)), Some(Concern::SentTo));
    assert_eq!(concerns(&data, &referral, by_id(3)), Some(Concern::SentTo));
    assert_eq!(
        concerns(&data, &referral, by_id(1)),
        Some(Concern::OwnRecord)
    );
    let mut one = referral.clone();
    one.to_agencies = vec![AgencyId(2)];
    assert_eq!(concerns(&data, &one, by_id(3)), None);
}
