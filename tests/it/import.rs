//! Importing agency chronologies: three differently formatted files into one merged
//! chronology; preview, fixes and skips; re-import; mappings; undo; failures and crashes
//! mid-way; and bad input, each with a clear message and nothing lost.

use std::path::{Path, PathBuf};

use chronolane::api::{PairDecision, PairResolution, Session};
use chronolane::dates::DatePrecision;
use chronolane::import::duplicates::ProposalKind;
use chronolane::import::{AgencyChoice, CellEdit, ColumnMapping, Field, ImportRequest, RowRef};
use chronolane::model::*;
use chronolane::{Error, Store};

use super::fixtures;
use super::support::{day, import_time, session_on_new_review};

/// An empty review file in `dir`, opened in a session.
fn session_in(dir: &Path) -> (Session, PathBuf) {
    session_on_new_review(dir, "LCSPR: Child J", "Child J")
}

fn new_agency(name: &str) -> AgencyChoice {
    AgencyChoice::New {
        name: name.into(),
        short_name: String::new(),
        sector: None,
    }
}

fn commit(
    s: &mut Session,
    request: ImportRequest,
) -> chronolane::Result<chronolane::import::ImportOutcome> {
    s.commit_import_at(request, import_time(), &mut |_, _| true)
}

/// Everything in the review as canonical JSON (to prove a failed import changed nothing).
fn snapshot(s: &Session) -> String {
    let store = s.store_ref().unwrap();
    let data = chronolane::json::ReviewData::load(&store.read()).unwrap();
    data.to_json().unwrap()
}

fn entry_with<'a>(entries: &'a [Entry], text: &str) -> &'a Entry {
    entries
        .iter()
        .find(|e| e.summary.contains(text) || e.detail.contains(text))
        .unwrap_or_else(|| panic!("no entry mentions {text:?}"))
}

#[test]
fn three_agency_files_become_one_merged_chronology() {
    let dir = tempfile::tempdir().unwrap();
    let [police, hv, csc] = fixtures::write_all(dir.path());
    let (mut s, _) = session_in(dir.path());

    // Police CSV: Windows-1252, semicolons, a title line, two bad rows.
    let request = ImportRequest::new(
        police.display().to_string(),
        new_agency("Northbrook Police"),
    );
    let preview = s.preview_import(request.clone()).unwrap();
    assert_eq!(preview.format, "CSV (Windows-1252, semicolon-separated)");
    assert_eq!(preview.tables[0].header_row, Some(2));
    assert_eq!(preview.rows.len(), 9);
    assert_eq!(preview.ready, 7);
    assert_eq!(preview.with_problems, 2);
    let bad: Vec<(&str, String)> = preview
        .rows
        .iter()
        .filter(|r| !r.problems.is_empty())
        .map(|r| (r.location.as_str(), r.problems.join(" ")))
        .collect();
    assert_eq!(bad[0].0, "row 8, ref NP-106");
    assert!(
        bad[0].1.contains("'31/06/2019'") && bad[0].1.contains("June"),
        "{}",
        bad[0].1
    );
    assert_eq!(bad[1].0, "row 10, ref NP-108");
    assert!(bad[1].1.contains("The date is empty"), "{}", bad[1].1);
    let cafe = preview
        .rows
        .iter()
        .find(|r| r.detail.contains("café"))
        .unwrap();
    assert_eq!(cafe.key, RowRef { table: 0, row: 8 });
    // Confirming with problems left is refused, and nothing is written.
    let before = snapshot(&s);
    let err = commit(&mut s, request.clone()).unwrap_err();
    assert!(err.to_string().contains("2 rows have problems"), "{err}");
    assert_eq!(snapshot(&s), before);
    // Fix the impossible date and skip the row with no date.
    let mut fixed = request.clone();
    fixed.edits.push(CellEdit {
        row: RowRef { table: 0, row: 8 },
        column: 1,
        value: "30/06/2019".into(),
    });
    fixed.skipped.push(RowRef { table: 0, row: 10 });
    let preview = s.preview_import(fixed.clone()).unwrap();
    assert_eq!(
        (preview.ready, preview.with_problems, preview.skipped),
        (8, 0, 1)
    );
    let outcome = commit(&mut s, fixed).unwrap();
    assert_eq!((outcome.entries, outcome.left_out), (8, 1));

    // Health visiting XLSX: real dates, text dates, merged cells, a formula, a day number.
    let request = ImportRequest::new(
        hv.display().to_string(),
        new_agency("Northbrook Health Visiting"),
    );
    let preview = s.preview_import(request.clone()).unwrap();
    assert_eq!(preview.format, "Excel workbook (.xlsx)");
    assert_eq!(
        preview.with_problems,
        0,
        "{:?}",
        preview.rows.iter().map(|r| &r.problems).collect::<Vec<_>>()
    );
    assert_eq!(preview.rows.len(), 9);
    commit(&mut s, request).unwrap();

    // Social care DOCX: a chronology table and a sign-off table.
    let request = ImportRequest::new(
        csc.display().to_string(),
        new_agency("Northbrook Children's Social Care"),
    );
    let preview = s.preview_import(request.clone()).unwrap();
    assert_eq!(preview.format, "Word document (.docx)");
    assert_eq!(preview.tables.len(), 2);
    assert!(
        preview.tables[1].note.starts_with("Not imported"),
        "{}",
        preview.tables[1].note
    );
    assert_eq!(preview.rows.len(), 9);
    assert_eq!(preview.with_problems, 0);
    commit(&mut s, request).unwrap();

    let entries = s.entries().unwrap();
    assert_eq!(entries.len(), 8 + 9 + 9);
    let agencies = s.overview().unwrap().agencies;
    let id_of = |sector: Sector| agencies.iter().find(|a| a.sector == sector).unwrap().id;
    let (pol, hvid, cscid) = (
        id_of(Sector::Police),
        id_of(Sector::HealthVisiting),
        id_of(Sector::ChildrensSocialCare),
    );

    // Dates, with their precision, the UK way.
    let date_of = |text: &str| entry_with(&entries, text).date;
    assert_eq!(
        date_of("shouting at the family home").to_string(),
        "03/02/2019 23:40"
    );
    assert_eq!(
        date_of("breach of bail").precision,
        DatePrecision::PartOfMonth
    );
    assert!(date_of("child crying").approximate);
    assert_eq!(
        date_of("12-month developmental review").to_string(),
        "mid March 2019"
    );
    assert_eq!(date_of("alcohol").to_string(), "spring 2019");
    assert_eq!(
        date_of("no access, nobody at home. Letter left").to_string(),
        "27/02/2019 10:30"
    );
    assert_eq!(date_of("Transfer-in contact").to_string(), "23/09/2019");
    assert_eq!(
        date_of("Single assessment").to_string(),
        "between 01/07/2019 and 05/07/2019"
    );
    assert_eq!(date_of("Police notified CSC").to_string(), "12/07/2019");
    assert_eq!(date_of("café").to_string(), "30/06/2019");
    // Merged cells: both rows under the merged date have it.
    assert_eq!(date_of("bruise to left cheek").to_string(), "14/06/2019");
    assert_eq!(date_of("Case transfer request").to_string(), "28/08/2019");
    // The formula's saved result was imported.
    assert_eq!(
        entry_with(&entries, "Family moved to Southmoor; records").agency_comment,
        "Seen by HV2"
    );

    // Provenance: document, sheet or table, row, and the agency's reference.
    let sources = s.overview().unwrap().sources;
    let prov = |text: &str| {
        let e = entry_with(&entries, text);
        let src = e.source.as_ref().unwrap();
        let doc = sources.iter().find(|d| d.id == src.document).unwrap();
        format!("{} / {}", doc.file_name, src.location)
    };
    assert_eq!(
        prov("breach of bail"),
        "northbrook-police.csv / row 5, ref NP-103"
    );
    assert_eq!(
        prov("New birth visit at home"),
        "northbrook-health-visiting.xlsx / Chronology, row 4"
    );
    assert_eq!(
        prov("Closure letter"),
        "northbrook-csc.docx / Table 1, row 9"
    );
    assert!(sources
        .iter()
        .all(|d| d.content_hash.len() == 64 && d.imported_at == import_time()));
    let csc_row = entry_with(&entries, "MASH received a referral");
    assert_eq!(csc_row.practitioner_as_written, "SW1");
    assert!(
        csc_row
            .detail
            .ends_with("Source of information: Police (PPN)"),
        "{}",
        csc_row.detail
    );
    assert_eq!(csc_row.agency_comment, "No strategy discussion was held.");
    assert_eq!(
        csc_row.comment, "",
        "an agency's comment column is not the reviewer's comment"
    );

    // Suggestions: kinds, and receiving agencies for hand-overs; kinds stay "note" until accepted.
    let strategy = entry_with(&entries, "Strategy discussion with children's social care");
    assert_eq!(
        (strategy.kind, strategy.suggested_kind),
        (EntryKind::Note, Some(EntryKind::StrategyDiscussion))
    );
    let referral = entry_with(&entries, "Referral to MASH sent");
    assert_eq!(referral.suggested_kind, Some(EntryKind::Referral));
    assert_eq!(referral.suggested_to_agencies.first().copied(), Some(cscid));
    assert_eq!(
        entry_with(&entries, "no reply at the door").suggested_kind,
        Some(EntryKind::NoAccessVisit)
    );
    assert_eq!(
        entry_with(&entries, "not brought to the 12-month").suggested_kind,
        Some(EntryKind::MissedAppointment)
    );
    let with_suggestions: Vec<EntryId> = entries
        .iter()
        .filter(|e| {
            e.suggested_kind.is_some() || e.suggested_to_agencies.first().copied().is_some()
        })
        .map(|e| e.id)
        .collect();
    assert!(with_suggestions.len() > 15, "{}", with_suggestions.len());
    let accepted = s.accept_suggestions(with_suggestions.clone()).unwrap();
    assert_eq!(accepted.len(), with_suggestions.len());
    let referral = s.entry(referral.id).unwrap();
    assert_eq!(
        (
            referral.kind,
            referral.to_agencies.first().copied(),
            referral.suggested_kind
        ),
        (EntryKind::Referral, Some(cscid), None)
    );

    // Duplicates and contradictions across agencies.
    let proposals = s.duplicate_proposals().unwrap();
    let pair = |a: &str, b: &str| {
        let (x, y) = (entry_with(&entries, a).id, entry_with(&entries, b).id);
        proposals
            .iter()
            .find(|p| (p.keep == x && p.other == y) || (p.keep == y && p.other == x))
            .unwrap_or_else(|| panic!("no proposal for {a:?} / {b:?}: {proposals:#?}"))
    };
    let strategy_pair = pair(
        "Strategy discussion with children's social care",
        "Strategy discussion with police and health",
    );
    assert_eq!(strategy_pair.kind, ProposalKind::Duplicate);
    let incident = pair("pushed her while she was holding", "Police notified CSC");
    assert_eq!(incident.kind, ProposalKind::Duplicate);
    let visit = pair(
        "bruise to left cheek",
        "Joint home visit with the health visitor: no access",
    );
    assert_eq!(visit.kind, ProposalKind::Contradiction);
    assert!(proposals.iter().all(|p| {
        let (a, b) = (s.entry(p.keep).unwrap(), s.entry(p.other).unwrap());
        a.agency != b.agency
    }));
    let _ = (pol, hvid);

    // The reviewer merges the duplicates and marks the contradiction, in one change.
    let mut decisions: Vec<PairResolution> = proposals
        .iter()
        .filter(|p| p.kind == ProposalKind::Duplicate)
        .map(|p| PairResolution {
            keep: p.keep,
            other: p.other,
            decision: PairDecision::Merge,
        })
        .collect();
    decisions.push(PairResolution {
        keep: visit.keep,
        other: visit.other,
        decision: PairDecision::Contradicts,
    });
    let links = s.resolve_pairs(decisions.clone()).unwrap();
    // Each entry is merged into one other at most (a record proposed as the duplicate of two
    // others is merged once; merging into a merged entry goes to the one it was merged into).
    let dups: Vec<&Link> = links
        .iter()
        .filter(|l| l.kind == LinkKind::DuplicateOf)
        .collect();
    let froms: std::collections::BTreeSet<EntryId> = dups.iter().map(|l| l.from).collect();
    assert_eq!(froms.len(), dups.len());
    assert!(
        dups.iter().all(|l| !froms.contains(&l.to)),
        "no chains of merges"
    );
    assert!(!dups.is_empty() && links.len() <= decisions.len());
    let merged = links.iter().find(|l| l.from == incident.other).unwrap();
    assert_eq!(
        (merged.kind, merged.to),
        (LinkKind::DuplicateOf, incident.keep)
    );
    // Both provenances are kept: the merged entry is still there with its source.
    assert!(s.entry(incident.other).unwrap().source.is_some());
    assert!(
        s.duplicate_proposals().unwrap().is_empty(),
        "decided pairs are not proposed again"
    );
    // One undo takes the whole decision back.
    s.undo().unwrap();
    assert!(s.links().unwrap().is_empty());
    assert_eq!(s.duplicate_proposals().unwrap().len(), proposals.len());

    // Full-text search finds entries from every agency as the reviewer types.
    let hits = s.search_entries("strat disc".into(), 50).unwrap();
    assert_eq!(hits.len(), 6, "{hits:?}");
    assert!(hits
        .iter()
        .all(|h| h.snippet.contains("[strategy] [discussion]")
            || h.snippet.contains("[Strategy] [discussion]")));
    let found: std::collections::BTreeSet<AgencyId> = hits
        .iter()
        .map(|h| s.entry(h.entry).unwrap().agency)
        .collect();
    assert_eq!(found.len(), 3, "every agency's records are searched");
}

#[test]
fn undo_of_an_import_removes_every_row_and_redo_restores_them() {
    let dir = tempfile::tempdir().unwrap();
    let [_, hv, _] = fixtures::write_all(dir.path());
    let (mut s, path) = session_in(dir.path());
    let before = snapshot(&s);
    let request = ImportRequest::new(
        hv.display().to_string(),
        new_agency("Northbrook Health Visiting"),
    );
    commit(&mut s, request).unwrap();
    let after = snapshot(&s);
    assert_eq!(s.entries().unwrap().len(), 9);
    let history = s.overview().unwrap().history;
    assert_eq!(
        history.undo.unwrap().action,
        "Import northbrook-health-visiting.xlsx (Northbrook Health Visiting)"
    );
    s.undo().unwrap();
    assert_eq!(
        snapshot(&s),
        before,
        "undo leaves the review exactly as before the import"
    );
    s.redo().unwrap();
    assert_eq!(snapshot(&s), after);
    // And it survives closing the file.
    drop(s);
    let store = Store::open(&path, None).unwrap();
    assert_eq!(store.read().entry_count().unwrap(), 9);
}

#[test]
fn reimporting_the_same_content_is_detected_and_asked_about() {
    let dir = tempfile::tempdir().unwrap();
    let [_, _, csc] = fixtures::write_all(dir.path());
    let (mut s, _) = session_in(dir.path());
    let request = ImportRequest::new(csc.display().to_string(), new_agency("Northbrook CSC"));
    commit(&mut s, request.clone()).unwrap();
    // The same bytes under another name are the same document.
    let copy = dir.path().join("renamed copy.docx");
    std::fs::copy(&csc, &copy).unwrap();
    let mut again = request.clone();
    again.path = copy.display().to_string();
    let preview = s.preview_import(again.clone()).unwrap();
    assert_eq!(preview.already_imported.len(), 1);
    assert_eq!(preview.already_imported[0].file_name, "northbrook-csc.docx");
    let before = snapshot(&s);
    let err = commit(&mut s, again.clone()).unwrap_err();
    assert!(
        err.to_string()
            .contains("was already imported on 01/03/2024 10:00"),
        "{err}"
    );
    assert_eq!(snapshot(&s), before);
    again.reimport = true;
    commit(&mut s, again).unwrap();
    assert_eq!(s.entries().unwrap().len(), 18);
    // The new agency was matched by name the second time, not added again.
    assert_eq!(s.overview().unwrap().agencies.len(), 1);
}

#[test]
fn a_file_changed_after_its_preview_is_not_imported_unseen() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.csv");
    std::fs::write(&file, "Date,Event\n12/06/2015,Home visit\n").unwrap();
    let (mut s, _) = session_in(dir.path());
    let mut request = ImportRequest::new(file.display().to_string(), new_agency("GP"));
    request.content_hash = Some(s.preview_import(request.clone()).unwrap().content_hash);
    std::fs::write(&file, "Date,Event\n13/06/2015,Another visit\n").unwrap();
    let err = commit(&mut s, request).unwrap_err();
    assert!(
        err.to_string()
            .contains("has changed since it was previewed"),
        "{err}"
    );
    assert_eq!(s.entries().unwrap().len(), 0);
}

#[test]
fn mappings_are_remembered_per_agency_and_exported_for_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("odd.csv");
    // Headings nobody would recognise.
    std::fs::write(
        &file,
        "When it was\tWhat we did\tWho\n12/06/2015\tHome visit, child seen\tHV1\n",
    )
    .unwrap();
    let (mut s, _) = session_in(dir.path());
    let request = ImportRequest::new(file.display().to_string(), new_agency("Westvale GP"));
    let err = s.preview_import(request.clone()).unwrap_err();
    assert!(
        err.to_string().contains("No chronology rows were found"),
        "{err}"
    );
    assert!(
        err.to_string().contains("When it was | What we did | Who"),
        "{err}"
    );
    let mut mapping = ColumnMapping::default();
    mapping.columns.insert("when it was".into(), Field::Date);
    mapping.columns.insert("what we did".into(), Field::Event);
    mapping.columns.insert("who".into(), Field::Practitioner);
    let mut mapped = request.clone();
    mapped.mapping = Some(mapping.clone());
    let preview = s.preview_import(mapped.clone()).unwrap();
    assert_eq!(preview.mapping_origin, "given");
    assert_eq!(preview.rows[0].practitioner, "HV1");
    let outcome = commit(&mut s, mapped).unwrap();
    // Next time, the agency's mapping is remembered.
    let next = dir.path().join("odd2.csv");
    std::fs::write(
        &next,
        "When it was\tWhat we did\tWho\n13/06/2015\tPhone call\tGP1\n",
    )
    .unwrap();
    let request = ImportRequest::new(
        next.display().to_string(),
        AgencyChoice::Existing { id: outcome.agency },
    );
    let preview = s.preview_import(request).unwrap();
    assert_eq!(preview.mapping_origin, "remembered for Westvale GP");
    assert_eq!(preview.ready, 1);
    assert_eq!(
        s.remembered_mapping(outcome.agency)
            .unwrap()
            .unwrap()
            .field_for("Who"),
        Field::Practitioner
    );
    // Exported as JSON, it drives the CLI.
    let map_file = dir.path().join("map.json");
    s.export_mapping(
        chronolane::api::FilePath(map_file.display().to_string()),
        mapping.clone(),
    )
    .unwrap();
    assert_eq!(
        s.read_mapping(chronolane::api::FilePath(map_file.display().to_string()))
            .unwrap(),
        mapping
    );
}

#[test]
fn a_failure_mid_way_leaves_the_review_exactly_as_before() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.csv");
    write_big_csv(&file, 5000);
    let (mut s, path) = session_in(dir.path());
    let before = snapshot(&s);
    let history = s.overview().unwrap().history;
    let request = ImportRequest::new(file.display().to_string(), new_agency("Northbrook Police"));
    let mut calls = 0;
    let err = s
        .commit_import_at(request, import_time(), &mut |done, _| {
            calls += 1;
            done < 2000 // stops after 2,000 of 5,000 rows are written
        })
        .unwrap_err();
    assert!(matches!(err, Error::Cancelled), "{err}");
    assert!(calls >= 2);
    assert_eq!(
        snapshot(&s),
        before,
        "no agency, source or entry was left behind"
    );
    assert_eq!(
        s.overview().unwrap().history,
        history,
        "no change set was left behind"
    );
    drop(s);
    assert_eq!(
        Store::open(&path, None)
            .unwrap()
            .read()
            .entry_count()
            .unwrap(),
        0
    );
}

fn write_big_csv(path: &Path, rows: usize) {
    use std::io::Write;
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(f, "Date,Time,Officer,Event,Outcome").unwrap();
    for i in 0..rows {
        let d = day(2015, 1, 1) + chrono::Days::new((i % 2000) as u64);
        writeln!(
            f,
            "{},{:02}:{:02},PC {},\"Contact number {i}: officers attended the address and spoke to the family\",Advice given",
            d.format("%d/%m/%Y"),
            i % 24,
            i % 60,
            i % 97
        )
        .unwrap();
    }
}

#[test]
fn a_killed_import_leaves_the_review_exactly_as_before() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.csv");
    write_big_csv(&file, 60_000);
    let (s, path) = session_in(dir.path());
    let before = snapshot(&s);
    drop(s);
    let mut child = Command::new(env!("CARGO_BIN_EXE_chronolane"))
        .args([
            "import",
            &path.display().to_string(),
            &file.display().to_string(),
            "--agency",
            "Police",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until rows are being written inside the transaction, then kill the process.
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let first = lines.next().expect("progress on stderr").unwrap();
    assert!(
        first.starts_with("Writing entries: 1000 of 60000"),
        "{first}"
    );
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert!(
        !status.success(),
        "the import was killed before it finished"
    );
    // The review opens cleanly and holds exactly what it held before.
    let store = Store::open(&path, None).unwrap();
    let mut s = Session::new(dir.path().join("app"));
    s.set_store(store);
    assert_eq!(snapshot(&s), before);
    assert_eq!(s.entries().unwrap().len(), 0);
}

#[test]
fn the_cli_imports_previews_and_refuses_with_clear_messages() {
    use std::process::Command;
    let dir = tempfile::tempdir().unwrap();
    let [police, hv, _] = fixtures::write_all(dir.path());
    let (s, path) = session_in(dir.path());
    drop(s);
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_chronolane"))
            .args(args)
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let review = path.display().to_string();
    let police = police.display().to_string();
    let (ok, out, _) = run(&[
        "import",
        &review,
        &police,
        "--agency",
        "Northbrook Police",
        "--dry-run",
    ]);
    assert!(ok);
    assert!(out.contains("7 rows ready, 2 with problems"), "{out}");
    assert!(out.contains("row 8, ref NP-106: '31/06/2019'"), "{out}");
    assert!(out.contains("Dry run: nothing was written."));
    let (ok, _, err) = run(&["import", &review, &police, "--agency", "Northbrook Police"]);
    assert!(!ok);
    assert!(
        err.contains("2 rows have problems, so nothing was imported"),
        "{err}"
    );
    let map = dir.path().join("police-map.json").display().to_string();
    let (ok, out, err) = run(&[
        "import",
        &review,
        &police,
        "--agency",
        "Northbrook Police",
        "--skip-bad",
        "--save-mapping",
        &map,
    ]);
    assert!(ok, "{err}");
    assert!(
        out.contains(
            "Imported 7 entries from northbrook-police.csv into Northbrook Police (2 left out"
        ),
        "{out}"
    );
    let saved = ColumnMapping::from_json(&std::fs::read_to_string(&map).unwrap()).unwrap();
    assert_eq!(saved.field_for("Incident details"), Field::Event);
    let (ok, _, err) = run(&[
        "import",
        &review,
        &police,
        "--agency",
        "Northbrook Police",
        "--skip-bad",
    ]);
    assert!(!ok);
    assert!(err.contains("was already imported"), "{err}");
    let (ok, out, _) = run(&[
        "import",
        &review,
        &hv.display().to_string(),
        "--agency",
        "NB HV",
        "--mapping",
        &map,
    ]);
    assert!(ok, "{out}");
    let (_, table, _) = run(&["entries", &review]);
    assert_eq!(table.lines().count(), 7 + 9);
}

// ---- Bad input: a clear message, and nothing lost ------------------------------------------

/// Imports `bytes` saved as `name` into a review holding one entry, and returns the error,
/// checking that the review is untouched.
fn refused(name: &str, bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = session_in(dir.path());
    s.add_agency("Existing agency".into(), None).unwrap();
    let agency = s.overview().unwrap().agencies[0].id;
    s.add_entry(
        agency,
        "12/06/2015".into(),
        "An entry already in the review".into(),
    )
    .unwrap();
    let before = snapshot(&s);
    let file = dir.path().join(name);
    std::fs::write(&file, bytes).unwrap();
    let request = ImportRequest::new(
        file.display().to_string(),
        AgencyChoice::Existing { id: agency },
    );
    let preview_error = s.preview_import(request.clone()).unwrap_err().to_string();
    let commit_error = commit(&mut s, request).unwrap_err().to_string();
    assert_eq!(preview_error, commit_error);
    assert_eq!(snapshot(&s), before, "nothing in the review changed");
    preview_error
}

#[test]
fn an_empty_file_is_refused() {
    let err = refused("empty.csv", b"");
    assert!(
        err.contains("empty.csv is empty: there is nothing to import"),
        "{err}"
    );
    let err = refused("blank.xlsx", b"  \r\n\n");
    assert!(err.contains("is empty"), "{err}");
    let err = refused("header-only.csv", b"Date,Event\n");
    assert!(err.contains("No chronology rows were found"), "{err}");
}

#[test]
fn a_lying_extension_does_not_matter() {
    // A workbook saved as .csv and a CSV saved as .docx are read for what they are.
    let dir = tempfile::tempdir().unwrap();
    let (s, _) = session_in(dir.path());
    let xlsx_as_csv = dir.path().join("really-a-workbook.csv");
    std::fs::write(&xlsx_as_csv, fixtures::hv_xlsx()).unwrap();
    let p = s
        .preview_import(ImportRequest::new(
            xlsx_as_csv.display().to_string(),
            new_agency("HV"),
        ))
        .unwrap();
    assert_eq!(
        (p.format.as_str(), p.rows.len()),
        ("Excel workbook (.xlsx)", 9)
    );
    let csv_as_docx = dir.path().join("really-text.docx");
    std::fs::write(&csv_as_docx, "Date;Event\n12/06/2015;Home visit\n").unwrap();
    let p = s
        .preview_import(ImportRequest::new(
            csv_as_docx.display().to_string(),
            new_agency("HV"),
        ))
        .unwrap();
    assert_eq!(
        (p.format.as_str(), p.ready),
        ("CSV (UTF-8, semicolon-separated)", 1)
    );
    // A PDF or an old .doc is named for what it is.
    assert!(refused("chronology.xlsx", b"%PDF-1.7\n...").contains("is a PDF"));
}

#[test]
fn password_protected_and_corrupt_office_files_are_refused() {
    // A password-protected Office file is an OLE container with an encrypted package.
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.resize(1024, 0);
    ole.extend(
        "EncryptionInfo"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes()),
    );
    ole.extend(
        "EncryptedPackage"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes()),
    );
    ole.resize(4096, 0);
    let err = refused("protected.xlsx", &ole);
    assert!(err.contains("protected with a password"), "{err}");
    assert!(err.contains("Nothing was imported"), "{err}");
    // Real files encrypted by Office's scheme (see tests/fixtures/README.md).
    for name in [
        "protected-password-secret.xlsx",
        "protected-password-secret.docx",
    ] {
        let bytes = std::fs::read(fixtures::committed_dir().join(name)).unwrap();
        let err = refused(name, &bytes);
        assert!(
            err.contains("is protected with a password"),
            "{name}: {err}"
        );
        assert!(err.contains("remove the password"), "{name}: {err}");
    }
    // A truncated workbook.
    let xlsx = fixtures::hv_xlsx();
    let err = refused("truncated.xlsx", &xlsx[..xlsx.len() / 2]);
    assert!(err.contains("is damaged"), "{err}");
    // A Word document whose XML is broken.
    let docx = fixtures::docx_with_body(
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Date</w:t></w:r></w:p></w:tc></w:tr>",
    );
    let err = refused("broken.docx", &docx);
    assert!(err.contains("broken.docx"), "{err}");
    // A Word document with no table.
    let err = refused(
        "letter.docx",
        &fixtures::docx_with_body("<w:p><w:r><w:t>Dear reviewer</w:t></w:r></w:p>"),
    );
    assert!(err.contains("with no tables"), "{err}");
    // An OLE file that is neither (not a workbook calamine can read).
    let mut other = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    other.resize(2048, 7);
    let err = refused("odd.xls", &other);
    assert!(err.contains("damaged or not a spreadsheet"), "{err}");
}

#[test]
fn formula_cells_without_a_saved_result_are_reported_on_their_row() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "Date").unwrap();
    sheet.write_string(0, 1, "Event").unwrap();
    sheet.write_string(1, 0, "12/06/2015").unwrap();
    sheet.write_string(1, 1, "Home visit").unwrap();
    // A formula for the date whose result was never calculated (saved as empty).
    sheet
        .write_formula(2, 0, rust_xlsxwriter::Formula::new("=A2+1"))
        .unwrap();
    sheet.write_string(2, 1, "Follow-up call").unwrap();
    let file = dir.path().join("formulas.xlsx");
    std::fs::write(
        &file,
        fixtures::without_formula_results(&book.save_to_buffer().unwrap()),
    )
    .unwrap();
    let (s, _) = session_in(dir.path());
    let p = s
        .preview_import(ImportRequest::new(
            file.display().to_string(),
            new_agency("GP"),
        ))
        .unwrap();
    assert_eq!(p.ready, 1);
    let row = &p.rows[1];
    assert_eq!(row.location, "Sheet1, row 3");
    assert!(
        row.problems[0].contains("Cell A3 holds a formula (=A2+1) with no saved result"),
        "{:?}",
        row.problems
    );
}

#[test]
fn very_long_cells_are_kept_whole() {
    let dir = tempfile::tempdir().unwrap();
    let long: String = "The social worker recorded a very long case note. ".repeat(200);
    assert!(long.len() >= 10_000);
    let file = dir.path().join("long.csv");
    std::fs::write(&file, format!("Date,Details\n12/06/2015,\"{long}\"\n")).unwrap();
    let (mut s, _) = session_in(dir.path());
    commit(
        &mut s,
        ImportRequest::new(file.display().to_string(), new_agency("CSC")),
    )
    .unwrap();
    let e = &s.entries().unwrap()[0];
    assert_eq!(e.detail, long.trim());
    assert!(e.summary.chars().count() <= 141);
    assert_eq!(
        s.search_entries("long case note".into(), 10).unwrap().len(),
        1
    );
}

#[test]
fn a_million_rows_are_refused_with_a_clear_limit() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("million.csv");
    {
        use std::io::Write;
        let mut f = std::io::BufWriter::new(std::fs::File::create(&file).unwrap());
        writeln!(f, "Date,Event").unwrap();
        for i in 0..1_000_000 {
            writeln!(f, "12/06/2015,Row {i}").unwrap();
        }
    }
    let (s, _) = session_in(dir.path());
    let err = s
        .preview_import(ImportRequest::new(
            file.display().to_string(),
            new_agency("X"),
        ))
        .unwrap_err()
        .to_string();
    assert!(err.contains("has more than 200000 rows"), "{err}");
    assert!(err.contains("Nothing was imported"), "{err}");
}

#[test]
fn binary_junk_is_refused() {
    let mut junk = Vec::new();
    let mut x: u32 = 12345;
    for _ in 0..10_000 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        junk.push((x >> 16) as u8);
    }
    let err = refused("chronology.csv", &junk);
    assert!(
        err.contains("not a chronology Chronolane can read"),
        "{err}"
    );
    assert!(err.contains("binary data"), "{err}");
    let err = refused(
        "archive.xlsx",
        &fixtures::docx_with_body("")
            .into_iter()
            .take(0)
            .chain(b"PK\x03\x04garbage".iter().copied())
            .collect::<Vec<_>>(),
    );
    assert!(err.contains("is damaged"), "{err}");
}

#[test]
fn encodings_and_separators_of_real_exports() {
    let dir = tempfile::tempdir().unwrap();
    let (s, _) = session_in(dir.path());
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "utf8.csv",
            "Date,Event\n12/06/2015,Visite à domicile\n"
                .as_bytes()
                .to_vec(),
            "CSV (UTF-8, comma-separated)",
        ),
        (
            "bom.csv",
            b"\xEF\xBB\xBFDate;Event\n12/06/2015;Visite \xC3\xA0 domicile\n".to_vec(),
            "CSV (UTF-8 with BOM, semicolon-separated)",
        ),
        (
            "cp1252.csv",
            b"Date\tEvent\n12/06/2015\tVisite \xE0 domicile\n".to_vec(),
            "CSV (Windows-1252, tab-separated)",
        ),
    ];
    for (name, bytes, format) in cases {
        let file = dir.path().join(name);
        std::fs::write(&file, bytes).unwrap();
        let p = s
            .preview_import(ImportRequest::new(
                file.display().to_string(),
                new_agency("X"),
            ))
            .unwrap();
        assert_eq!(p.format, format);
        assert_eq!(p.rows[0].detail, "Visite à domicile", "{name}");
        assert_eq!(
            p.tables[0].headings[0], "Date",
            "the BOM is not part of the heading"
        );
    }
}

#[test]
fn the_chronology_is_edited_through_the_api_and_every_edit_undoes() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = session_in(dir.path());
    let o = s.add_agency("Westvale GP surgery".into(), None).unwrap();
    let gp = &o.agencies[0];
    assert_eq!(gp.sector, Sector::GeneralPractice);
    let o = s.add_area("Westvale".into()).unwrap();
    let mut agency = o.agencies[0].clone();
    agency.area = Some(o.areas[0].id);
    agency.colour = "#aa3377".into();
    agency.lane_order = 5;
    s.update_agency(agency).unwrap();
    // Dates are typed the UK way and read by the core, keeping the text as written.
    let e = s
        .add_entry(
            o.agencies[0].id,
            "early June 2015".into(),
            "Missed appointment: DNA".into(),
        )
        .unwrap();
    assert_eq!(e.date.to_string(), "early June 2015");
    assert_eq!(e.suggested_kind, Some(EntryKind::MissedAppointment));
    let e = s.set_entry_date(e.id, "12.06.15 2.30pm".into()).unwrap();
    assert_eq!(
        (e.date.to_string().as_str(), e.date_as_written.as_str()),
        ("12/06/2015 14:30", "12.06.15 2.30pm")
    );
    let err = s
        .set_entry_date(e.id, "31/02/2015".into())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("'31/02/2015'") && err.contains("February"),
        "{err}"
    );
    assert_eq!(
        s.entry(e.id).unwrap().date.to_string(),
        "12/06/2015 14:30",
        "a refused date changes nothing"
    );
    s.dismiss_suggestions(vec![e.id]).unwrap();
    assert_eq!(
        (
            s.entry(e.id).unwrap().kind,
            s.entry(e.id).unwrap().suggested_kind
        ),
        (EntryKind::Note, None)
    );
    // The glossary: label and real name.
    let o = s
        .add_person("GP1".into(), PersonKind::Practitioner)
        .unwrap();
    let mut p = o.people[0].clone();
    p.real_name = Some("Dr Example".into());
    s.update_person(p).unwrap();
    assert_eq!(
        s.overview().unwrap().people[0].real_name.as_deref(),
        Some("Dr Example")
    );
    // An agency with entries cannot be deleted; the entry can, and undo brings it back.
    let err = s.delete_agency(o.agencies[0].id).unwrap_err().to_string();
    assert!(err.contains("has 1 entries"), "{err}");
    s.delete_entries(vec![e.id]).unwrap();
    assert!(s.entries().unwrap().is_empty());
    s.undo().unwrap();
    assert_eq!(s.entry(e.id).unwrap().date.to_string(), "12/06/2015 14:30");
    // Every step above is in the audit log.
    let log = s.store_ref().unwrap().read().audit_log(100).unwrap();
    for action in [
        "Add agency Westvale GP surgery",
        "Add area Westvale",
        "Add an entry",
        "Edit person GP1",
        "Delete entry 1",
        "Undo: Delete entry 1",
    ] {
        assert!(
            log.iter().any(|r| r.action == action),
            "{action} is in the audit log"
        );
    }
}

#[test]
fn the_screen_gets_the_first_rows_and_every_row_with_a_problem() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.csv");
    write_big_csv(&file, 3000);
    // Break a row far down the file.
    let text = std::fs::read_to_string(&file).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    lines[2500] = format!(
        "32/13/2016{}",
        &lines[2500][lines[2500].find(',').unwrap()..]
    );
    std::fs::write(&file, lines.join("\n")).unwrap();
    let (s, _) = session_in(dir.path());
    let request = ImportRequest::new(file.display().to_string(), new_agency("Police"));
    let all = s.preview_import(request.clone()).unwrap();
    let screen = s.preview_import_for_screen(request).unwrap();
    assert_eq!((all.rows.len(), all.rows_total), (3000, 3000));
    assert_eq!((screen.rows.len(), screen.rows_total), (501, 3000));
    assert_eq!(
        (screen.ready, screen.with_problems),
        (all.ready, all.with_problems)
    );
    assert_eq!(screen.rows[500].key.row, 2501);
    assert!(
        screen.rows[500].problems[0].contains("'32/13/2016'"),
        "{:?}",
        screen.rows[500].problems
    );
}

#[test]
fn the_committed_fixtures_match_their_generator() {
    let dir = tempfile::tempdir().unwrap();
    let fresh = fixtures::write_all(dir.path());
    let (s, _) = session_in(dir.path());
    for path in fresh {
        let name = path.file_name().unwrap().to_owned();
        let committed = fixtures::committed_dir().join(&name);
        let read = |p: &Path| {
            let p = s
                .preview_import(ImportRequest::new(p.display().to_string(), new_agency("A")))
                .unwrap();
            let rows: Vec<_> = p
                .rows
                .iter()
                .map(|r| {
                    (
                        r.location.clone(),
                        r.date,
                        r.summary.clone(),
                        r.detail.clone(),
                        r.problems.clone(),
                    )
                })
                .collect();
            (p.format, rows)
        };
        assert_eq!(
            read(&committed),
            read(&path),
            "{name:?}: rerun with CHRONOLANE_WRITE_FIXTURES=1"
        );
    }
}

#[test]
fn the_date_an_event_was_recorded_is_kept_apart_from_when_it_happened() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("gp.csv");
    std::fs::write(
        &file,
        "Date,Date recorded,Event\n\
         12/06/2015,15/06/2015,Telephone call from Mother about a rash\n\
         13/06/2015,June 2015,Letter sent\n",
    )
    .unwrap();
    let (mut s, _) = session_in(dir.path());
    let mut request = ImportRequest::new(file.display().to_string(), new_agency("Westvale GP"));
    let p = s.preview_import(request.clone()).unwrap();
    assert_eq!(p.rows[0].recorded_on, Some(day(2015, 6, 15)));
    assert!(
        p.rows[1].problems[0].contains("date recorded 'June 2015' is not a single day"),
        "{:?}",
        p.rows[1].problems
    );
    request.skip_bad = true;
    commit(&mut s, request).unwrap();
    let e = &s.entries().unwrap()[0];
    assert_eq!(
        (e.date.to_string().as_str(), e.recorded_on),
        ("12/06/2015", Some(day(2015, 6, 15)))
    );
}

// ---- issue 9: chronologies as they come -------------------------------------------------

/// An integrated chronology: one file, an Agency column naming each row's agency, a
/// receiving-agency column, a "Kind" column with an agency's own words, a main-text column
/// under a heading of its own, a person column and a service level.
const INTEGRATED: &str = "\
Date,Organisation,Kind,Circumstances,Referred to,Patient,Threshold,Outcome
03/01/2023,Eastfield Police,Strategy meeting,Strategy meeting held with social care,,Baby K,,Plan agreed
04/01/2023,Eastfield Children's Services,Referral,Referral passed on for assessment,Eastfield Police,Baby K,child in need,Allocated
05/01/2023,Eastfield Children's Services,Zoological survey,Visited the family,Nowhere Agency,Mother,,
";

#[test]
fn an_integrated_chronology_names_each_rows_agency_in_one_change() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("integrated.csv");
    std::fs::write(&file, INTEGRATED).unwrap();
    let (mut s, _) = session_in(dir.path());
    let before = snapshot(&s);
    let request = ImportRequest::new(file.display().to_string(), AgencyChoice::PerRow);
    let preview = s.preview_import(request.clone()).unwrap();
    assert_eq!(preview.ready, 3, "{:?}", preview.rows);
    let fields = &preview.tables[0].fields;
    assert_eq!(
        fields,
        &vec![
            Field::Date,
            Field::Agency,
            Field::Kind,
            Field::Event,
            Field::ToAgency,
            Field::Extra,
            Field::ServiceLevel,
            Field::Outcome
        ]
    );
    // The agency's own kind words are read through synonyms; words it does not know are
    // reported on their row, not silently replaced.
    assert_eq!(
        preview.rows[0].suggested_kind,
        Some(EntryKind::StrategyDiscussion)
    );
    assert!(
        preview.rows[0].notes.is_empty(),
        "{:?}",
        preview.rows[0].notes
    );
    assert!(
        preview.rows[2]
            .notes
            .iter()
            .any(|n| n.contains("'Zoological survey' is not a kind")),
        "{:?}",
        preview.rows[2].notes
    );
    assert!(preview.rows[2]
        .notes
        .iter()
        .any(|n| n.contains("'Nowhere Agency' is not in the review")));
    commit(&mut s, request).unwrap();

    let agencies = s.overview().unwrap().agencies;
    let names: Vec<&str> = agencies.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        names,
        vec!["Eastfield Police", "Eastfield Children's Services"],
        "each named agency is added once"
    );
    let police = agencies[0].id;
    let csc = agencies[1].id;
    let entries = s.entries().unwrap();
    assert_eq!(entries.len(), 3);
    let meeting = entry_with(&entries, "Strategy meeting held");
    assert_eq!(meeting.agency, police);
    let referral = entry_with(&entries, "Referral passed on");
    assert_eq!(referral.agency, csc);
    assert_eq!(
        referral.to_agencies.first().copied(),
        Some(police),
        "the row's own column says who received it"
    );
    assert_eq!(referral.service_level, Some(ServiceLevel::ChildInNeed));
    for e in &entries {
        assert!(
            !e.detail.contains("Source of information") && !e.detail.contains("Organisation:"),
            "the agency column is not added to the text: {}",
            e.detail
        );
    }
    // The person column is kept, under its heading.
    assert!(
        referral.detail.contains("Patient: Baby K"),
        "{}",
        referral.detail
    );
    // A receiving agency that is not in the review is kept in the details.
    let visit = entry_with(&entries, "Visited the family");
    assert_eq!(visit.to_agencies.first().copied(), None);
    assert!(visit.detail.contains("Receiving agency: Nowhere Agency"));

    // One change: one undo takes the agencies and the entries away together.
    s.undo().unwrap();
    assert_eq!(snapshot(&s), before);
}

#[test]
fn an_integrated_import_matches_agencies_already_in_the_review() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("integrated.csv");
    std::fs::write(&file, INTEGRATED).unwrap();
    let (mut s, _) = session_in(dir.path());
    s.add_agency("eastfield police".into(), None).unwrap();
    commit(
        &mut s,
        ImportRequest::new(file.display().to_string(), AgencyChoice::PerRow),
    )
    .unwrap();
    let agencies = s.overview().unwrap().agencies;
    assert_eq!(
        agencies.len(),
        2,
        "the police already in the review is reused"
    );
}

#[test]
fn a_file_without_an_agency_column_needs_the_agency_named() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plain.csv");
    std::fs::write(&file, "Date,Details\n01/02/2023,Home visit\n").unwrap();
    let (mut s, _) = session_in(dir.path());
    let before = snapshot(&s);
    let request = ImportRequest::new(file.display().to_string(), AgencyChoice::PerRow);
    let err = s.preview_import(request.clone()).unwrap_err();
    assert!(err.to_string().contains("--agency"), "{err}");
    assert!(commit(&mut s, request).is_err());
    assert_eq!(snapshot(&s), before, "nothing changed");
    // An empty Agency cell is a problem on its row.
    std::fs::write(
        &file,
        "Date,Agency,Details\n01/02/2023,,Home visit\n02/02/2023,Eastfield Police,Call\n",
    )
    .unwrap();
    let preview = s
        .preview_import(ImportRequest::new(
            file.display().to_string(),
            AgencyChoice::PerRow,
        ))
        .unwrap();
    assert!(preview.rows[0].problems[0].contains("Agency cell is empty"));
    assert!(preview.rows[1].problems.is_empty());
}

#[test]
fn an_agency_column_in_a_single_agencys_file_is_kept_as_text() {
    // A MARAC extract in one agency's submission: its Agency column says who shared what.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("marac.csv");
    std::fs::write(
        &file,
        "Date,Agency,Information shared\n05/10/2023,Police,Two call-outs since June\n",
    )
    .unwrap();
    let (mut s, _) = session_in(dir.path());
    commit(
        &mut s,
        ImportRequest::new(
            file.display().to_string(),
            new_agency("DA Advocacy Service"),
        ),
    )
    .unwrap();
    let entries = s.entries().unwrap();
    assert_eq!(s.overview().unwrap().agencies.len(), 1);
    assert!(
        entries[0].detail.contains("Agency: Police"),
        "{}",
        entries[0].detail
    );
}

#[test]
fn cells_agencies_write_are_read_and_what_was_assumed_is_shown() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("log.csv");
    std::fs::write(
        &file,
        "Group,,,\n\
         Date,Time,Incident / concern,Date of decision\n\
         ?/04/2023,,Transfer meeting not held,\n\
         23/02/2023; 02/03/2023,,No access twice,\n\
         14/02/2023,various,Three missing episodes,20/02/2023\n\
         early June,,Supervision,\n",
    )
    .unwrap();
    let (s, _) = session_in(dir.path());
    let preview = s
        .preview_import(ImportRequest::new(
            file.display().to_string(),
            new_agency("Eastfield Children's Services"),
        ))
        .unwrap();
    assert_eq!(preview.tables[0].header_row, Some(2));
    assert_eq!(preview.ready, 4, "{:?}", preview.rows);
    let r = &preview.rows;
    assert_eq!(r[0].date.unwrap().precision, DatePrecision::Month);
    assert!(r[0].notes[0].contains("not known"));
    assert_eq!(r[1].date.unwrap().start, day(2023, 2, 23));
    assert!(r[1].notes[0].contains("02/03/2023"));
    assert_eq!(
        r[1].date_as_written, "23/02/2023; 02/03/2023",
        "the cell is kept"
    );
    assert_eq!(r[2].date.unwrap().precision, DatePrecision::Day);
    assert_eq!(
        r[2].date.unwrap().start,
        day(2023, 2, 14),
        "not the decision date"
    );
    assert!(
        r[2].detail.contains("Date of decision: 20/02/2023"),
        "{}",
        r[2].detail
    );
    assert!(r[2].notes[0].contains("various"));
    assert_eq!(r[3].date.unwrap().start, day(2023, 6, 1));
    assert!(r[3].notes[0].contains("2023 is taken from the rows around"));
    // The main text is read under its own heading.
    assert_eq!(r[0].summary, "Transfer meeting not held");
}

/// A Word table of plain cells.
fn word_table(rows: &[&[&str]]) -> String {
    let cell = |t: &str| {
        format!("<w:tc><w:p><w:r><w:t xml:space=\"preserve\">{t}</w:t></w:r></w:p></w:tc>")
    };
    let body: String = rows
        .iter()
        .map(|r| {
            format!(
                "<w:tr>{}</w:tr>",
                r.iter().map(|c| cell(c)).collect::<String>()
            )
        })
        .collect();
    format!("<w:tbl>{body}</w:tbl>")
}

#[test]
fn a_glossary_table_adds_people_and_links_entries_to_them_by_code() {
    let dir = tempfile::tempdir().unwrap();
    let body = format!(
        "{}{}",
        word_table(&[
            &["Date", "Worker", "Details"],
            &["01/02/2023", "SW1", "Home visit, baby seen"],
            &["02/02/2023", "SW1 / TM1", "Supervision"],
            &["03/02/2023", "SW12", "Visit by another worker"],
        ]),
        word_table(&[
            &["Code", "Name", "Role"],
            &["SW1", "Ann Example", "Social Worker"],
            &["TM1", "Ben Sample", "Team Manager"],
            &["CM", "Cara Mock", "Mother"],
        ]),
    );
    let file = dir.path().join("csc.docx");
    std::fs::write(&file, fixtures::docx_with_body(&body)).unwrap();
    let (mut s, _) = session_in(dir.path());
    // A code the reviewer already has keeps what the reviewer set.
    s.add_person("TM1".into(), PersonKind::Practitioner)
        .unwrap();
    let request = ImportRequest::new(file.display().to_string(), new_agency("Eastfield CSC"));
    let preview = s.preview_import(request.clone()).unwrap();
    assert_eq!(preview.glossary.len(), 3);
    assert!(
        preview.tables[1]
            .note
            .contains("Read as a glossary: 3 people"),
        "{}",
        preview.tables[1].note
    );
    commit(&mut s, request).unwrap();
    let people = s.overview().unwrap().people;
    assert_eq!(people.len(), 3, "SW1 and CM added, TM1 kept: {people:?}");
    let sw1 = people.iter().find(|p| p.label == "SW1").unwrap();
    assert_eq!(sw1.real_name.as_deref(), Some("Ann Example"));
    assert_eq!(sw1.kind, PersonKind::Practitioner);
    assert!(sw1.agency.is_some());
    let cm = people.iter().find(|p| p.label == "CM").unwrap();
    assert_eq!(cm.kind, PersonKind::Family);
    let tm1 = people.iter().find(|p| p.label == "TM1").unwrap();
    assert_eq!(tm1.real_name, None, "the reviewer's person is not changed");
    let entries = s.entries().unwrap();
    let authors = |text: &str| -> Vec<PersonId> {
        entry_with(&entries, text)
            .people
            .iter()
            .filter(|p| p.involvement == Involvement::Author)
            .map(|p| p.person)
            .collect()
    };
    assert_eq!(authors("Home visit"), vec![sw1.id]);
    let mut both = authors("Supervision");
    both.sort();
    let mut want = vec![sw1.id, tm1.id];
    want.sort();
    assert_eq!(both, want);
    assert!(authors("another worker").is_empty(), "SW12 is not SW1");
}
