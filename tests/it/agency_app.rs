//! The agency loop as the app drives it (`Session`): templates written and recorded as sent,
//! returns checked from the import preview and the report saved for the agency, accuracy
//! packs, the briefing's saved text (undoable, used by the app and the CLI), and the steps the
//! reviewer ticks and dates.

use std::path::Path;

use chrono::NaiveDate;
use chronolane::agency::pack::BriefingText;
use chronolane::api::{AgencyRequests, FilePath, RequestStepKind as Step, Session, TemplateFormat};
use chronolane::export::ExportOutcome;
use chronolane::import::{AgencyChoice, ImportRequest};
use chronolane::model::AgencyId;

use crate::agency_files::{docx_text, fill_xlsx, CALL_ON_31_FEBRUARY, NEW_BIRTH_VISIT};
use crate::support::chronolane as cli;

const HV: &str = "Northbrook 0-19 Health Visiting";

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn demo(dir: &Path) -> Session {
    let mut session = Session::new(dir.join("app"));
    session.open_demo().unwrap();
    session
}

fn hv(session: &Session) -> AgencyId {
    session
        .agency_requests()
        .unwrap()
        .into_iter()
        .find(|r| r.name == HV)
        .expect("the demo has health visiting")
        .agency
}

fn step_of(requests: &[AgencyRequests], agency: AgencyId, step: Step) -> Option<NaiveDate> {
    requests
        .iter()
        .find(|r| r.agency == agency)
        .unwrap()
        .steps
        .iter()
        .find(|s| s.step == step)
        .unwrap()
        .on
}

fn out(path: &Path) -> FilePath {
    FilePath(path.display().to_string())
}

#[test]
fn every_agency_has_every_step_in_the_loops_order_and_none_is_done_at_first() {
    let dir = tempfile::tempdir().unwrap();
    let session = demo(dir.path());
    let requests = session.agency_requests().unwrap();
    let overview = session.overview().unwrap();
    assert_eq!(requests.len(), overview.agencies.len());
    for r in &requests {
        let steps: Vec<Step> = r.steps.iter().map(|s| s.step).collect();
        assert_eq!(steps, Step::ALL.to_vec());
        assert!(r.steps.iter().all(|s| s.on.is_none()), "{r:?}");
        assert_eq!(r.steps[0].label, "Template sent");
    }
}

#[test]
fn a_template_written_from_the_app_carries_its_marker_and_is_recorded_as_sent() {
    let dir = tempfile::tempdir().unwrap();
    let mut session = demo(dir.path());
    let hv = hv(&session);
    let path = dir.path().join("hv.xlsx");
    let said = session
        .write_template_at(hv, TemplateFormat::Xlsx, &out(&path), day(2026, 3, 2))
        .unwrap();
    assert!(said.contains(HV) && said.contains("hv.xlsx"), "{said}");
    let marker = chronolane::agency::read_marker(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(marker.agency, HV);
    let requests = session.agency_requests().unwrap();
    assert_eq!(
        step_of(&requests, hv, Step::TemplateSent),
        Some(day(2026, 3, 2))
    );
    assert_eq!(step_of(&requests, hv, Step::ReturnReceived), None);

    // Recording it is one change, undone on its own (the file stays written).
    let undone = session.undo().unwrap();
    assert!(
        undone.change.unwrap().action.starts_with("Template sent"),
        "the change says what it recorded"
    );
    let requests = session.agency_requests().unwrap();
    assert_eq!(step_of(&requests, hv, Step::TemplateSent), None);

    // Word too.
    let docx = dir.path().join("hv.docx");
    session
        .write_template_at(hv, TemplateFormat::Docx, &out(&docx), day(2026, 3, 3))
        .unwrap();
    assert_eq!(
        chronolane::agency::read_marker(&std::fs::read(&docx).unwrap())
            .unwrap()
            .agency,
        HV
    );
}

#[test]
fn a_template_that_cannot_be_written_says_why_and_records_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut session = demo(dir.path());
    let hv = hv(&session);
    let before = session.recent_changes(5).unwrap();
    let path = dir.path().join("no such folder").join("hv.xlsx");
    let err = session
        .write_template_at(hv, TemplateFormat::Xlsx, &out(&path), day(2026, 3, 2))
        .unwrap_err()
        .to_string();
    assert!(err.contains("no such folder"), "{err}");
    assert!(!path.exists());
    let requests = session.agency_requests().unwrap();
    assert_eq!(step_of(&requests, hv, Step::TemplateSent), None);
    assert_eq!(session.recent_changes(5).unwrap(), before);
}

#[test]
fn the_reviewer_ticks_dates_and_clears_a_step_each_an_undoable_change() {
    let dir = tempfile::tempdir().unwrap();
    let mut session = demo(dir.path());
    let hv = hv(&session);
    let requests = session
        .set_request_step(hv, Step::AccuracyConfirmed, Some(day(2026, 4, 20)))
        .unwrap();
    assert_eq!(
        step_of(&requests, hv, Step::AccuracyConfirmed),
        Some(day(2026, 4, 20))
    );
    // Corrected to another day, then cleared.
    session
        .set_request_step(hv, Step::AccuracyConfirmed, Some(day(2026, 4, 21)))
        .unwrap();
    let requests = session
        .set_request_step(hv, Step::AccuracyConfirmed, None)
        .unwrap();
    assert_eq!(step_of(&requests, hv, Step::AccuracyConfirmed), None);
    session.undo().unwrap();
    assert_eq!(
        step_of(
            &session.agency_requests().unwrap(),
            hv,
            Step::AccuracyConfirmed
        ),
        Some(day(2026, 4, 21))
    );
    // A step for an agency that is not in the review is refused.
    assert!(session
        .set_request_step(AgencyId(987_654), Step::TemplateSent, Some(day(2026, 4, 1)))
        .is_err());
}

#[test]
fn a_return_checked_from_the_preview_writes_the_report_and_importing_it_is_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let mut session = demo(dir.path());
    let hv = hv(&session);
    let template = dir.path().join("hv.xlsx");
    session
        .write_template_at(hv, TemplateFormat::Xlsx, &out(&template), day(2026, 3, 2))
        .unwrap();
    let filled = fill_xlsx(
        &std::fs::read(&template).unwrap(),
        &[NEW_BIRTH_VISIT, CALL_ON_31_FEBRUARY],
    );
    let returned = dir.path().join("returned by the agency.xlsx");
    std::fs::write(&returned, filled).unwrap();
    // The app guesses a new agency from the file's name; the marker says whose it is.
    let request = ImportRequest::new(
        returned.display().to_string(),
        AgencyChoice::New {
            name: "Returned By The Agency".into(),
            short_name: String::new(),
            sector: None,
        },
    );

    let check = session.check_return(request.clone()).unwrap();
    assert_eq!(check.agency, HV);
    assert_eq!(check.rows, 2);
    assert!(
        check
            .issues
            .iter()
            .any(|i| i.date_as_written == "31/02/2019"),
        "{check:?}"
    );
    // Checking alone writes nothing and records nothing.
    assert_eq!(
        step_of(&session.agency_requests().unwrap(), hv, Step::ReturnChecked),
        None
    );

    let csv = dir.path().join("points.csv");
    let written = session
        .write_return_check_at(request.clone(), &out(&csv), day(2026, 3, 20))
        .unwrap();
    assert_eq!(written, check);
    let csv_text = std::fs::read_to_string(&csv).unwrap();
    assert!(csv_text.contains("31/02/2019"), "{csv_text}");
    let docx = dir.path().join("points.docx");
    session
        .write_return_check_at(request.clone(), &out(&docx), day(2026, 3, 20))
        .unwrap();
    assert!(docx_text(&docx).contains("31/02/2019"));
    assert_eq!(
        step_of(&session.agency_requests().unwrap(), hv, Step::ReturnChecked),
        Some(day(2026, 3, 20))
    );

    // Imported with the bad row skipped: the return is recorded as received that day.
    let preview = session.preview_import(request.clone()).unwrap();
    let bad: Vec<_> = preview
        .rows
        .iter()
        .filter(|r| !r.problems.is_empty())
        .map(|r| r.key)
        .collect();
    assert_eq!(bad.len(), 1);
    let mut request = request;
    request.skipped = bad;
    let outcome = session
        .commit_import_at(
            request,
            day(2026, 3, 21).and_hms_opt(9, 0, 0).unwrap(),
            &mut |_, _| true,
        )
        .unwrap();
    assert_eq!(outcome.agency, hv);
    assert_eq!(
        step_of(
            &session.agency_requests().unwrap(),
            hv,
            Step::ReturnReceived
        ),
        Some(day(2026, 3, 21))
    );
}

#[test]
fn the_accuracy_pack_from_the_app_is_pseudonymised_written_and_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let mut session = demo(dir.path());
    let hv = hv(&session);
    let path = dir.path().join("pack.docx");
    let outcome = session
        .write_accuracy_pack_at(hv, &out(&path), false, day(2026, 5, 1))
        .unwrap();
    let ExportOutcome::Written { files, check } = outcome else {
        panic!("the demo's pack names nobody: {outcome:?}");
    };
    assert_eq!(files, vec![path.display().to_string()]);
    assert!(check.is_clear());
    let text = docx_text(&path);
    assert!(
        text.contains(&format!("Factual accuracy check: {HV}")),
        "{text}"
    );
    assert_eq!(
        step_of(&session.agency_requests().unwrap(), hv, Step::AccuracySent),
        Some(day(2026, 5, 1))
    );
}

#[test]
fn a_pack_the_check_stops_is_not_written_nor_recorded_until_confirmed() {
    let dir = tempfile::tempdir().unwrap();
    let mut session = demo(dir.path());
    let hv = hv(&session);
    // An address typed into one of the agency's entries: pseudonyms do not hide it.
    let mut entry = session
        .entries()
        .unwrap()
        .into_iter()
        .find(|e| e.agency == hv)
        .unwrap();
    entry.detail = format!("{} Visited at 14 Larch Road, NB4 7QT.", entry.detail);
    session.update_entry(entry).unwrap();

    let path = dir.path().join("pack.docx");
    let outcome = session
        .write_accuracy_pack_at(hv, &out(&path), false, day(2026, 5, 1))
        .unwrap();
    let ExportOutcome::NeedsConfirmation { check } = outcome else {
        panic!("the address is found: {outcome:?}");
    };
    assert!(check.total >= 1);
    assert!(!path.exists());
    assert_eq!(
        step_of(&session.agency_requests().unwrap(), hv, Step::AccuracySent),
        None
    );
    let outcome = session
        .write_accuracy_pack_at(hv, &out(&path), true, day(2026, 5, 1))
        .unwrap();
    assert!(matches!(outcome, ExportOutcome::Written { .. }));
    assert!(path.exists());
    assert_eq!(
        step_of(&session.agency_requests().unwrap(), hv, Step::AccuracySent),
        Some(day(2026, 5, 1))
    );
}

#[test]
fn the_briefing_text_is_saved_undone_and_used_by_the_app_and_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut session = demo(dir.path());
    assert_eq!(session.briefing_text().unwrap(), BriefingText::default());
    let text = BriefingText {
        what_happened: "A baby was hurt at home after months of missed visits.".into(),
        what_needs_to_change: "Share every missed visit with the GP.".into(),
        questions_for_practitioners: "Who else knows this family?".into(),
        read_more: "The full report on the partnership's website.".into(),
    };
    assert_eq!(session.save_briefing_text(text.clone()).unwrap(), text);
    let changes = session.recent_changes(50).unwrap().len();
    // Saving the same text again records nothing.
    session.save_briefing_text(text.clone()).unwrap();
    assert_eq!(session.recent_changes(50).unwrap().len(), changes);

    // A pause in typing is one change: undo takes back the last one.
    let mut more = text.clone();
    more.what_needs_to_change
        .push_str("\nCheck a transfer arrived.");
    session.save_briefing_text(more.clone()).unwrap();
    session.undo().unwrap();
    assert_eq!(session.briefing_text().unwrap(), text);
    session.redo().unwrap();
    assert_eq!(session.briefing_text().unwrap(), more);

    let path = dir.path().join("brief.docx");
    let outcome = session
        .write_briefing_at(&out(&path), false, day(2026, 6, 1))
        .unwrap();
    assert!(
        matches!(outcome, ExportOutcome::Written { .. }),
        "{outcome:?}"
    );
    let body = docx_text(&path);
    for phrase in [
        "A baby was hurt at home after months of missed visits.",
        "Check a transfer arrived.",
        "Who else knows this family?",
        "The full report on the partnership's website.",
    ] {
        assert!(body.contains(phrase), "{phrase} is in the briefing");
    }

    // The command line uses the saved text too, and a --text file's fields in place of it.
    let review = session.overview().unwrap().path;
    drop(session);
    let cli_out = dir.path().join("cli-brief.docx");
    let (ok, said, err) = cli(&["briefing", &review, "--out", cli_out.to_str().unwrap()]);
    assert!(ok, "{said}{err}");
    assert!(docx_text(&cli_out).contains("Who else knows this family?"));
    let given = dir.path().join("text.json");
    std::fs::write(
        &given,
        r#"{"questions_for_practitioners": "What did the child experience?"}"#,
    )
    .unwrap();
    let (ok, said, err) = cli(&[
        "briefing",
        &review,
        "--out",
        cli_out.to_str().unwrap(),
        "--text",
        given.to_str().unwrap(),
    ]);
    assert!(ok, "{said}{err}");
    let body = docx_text(&cli_out);
    assert!(body.contains("What did the child experience?"));
    assert!(!body.contains("Who else knows this family?"));
    assert!(
        body.contains("Share every missed visit with the GP."),
        "fields the file leaves out keep the saved text"
    );
}

#[test]
fn a_review_from_before_the_briefing_table_gains_it_when_opened() {
    let dir = tempfile::tempdir().unwrap();
    let session = demo(dir.path());
    let path = session.overview().unwrap().path;
    drop(session);
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "DROP TABLE briefing; DROP TABLE entry_receiver;
             ALTER TABLE review DROP COLUMN child_date_of_birth; PRAGMA user_version = 3;",
        )
        .unwrap();
    }
    let store = chronolane::store::Store::open(Path::new(&path), None).expect("it opens");
    assert_eq!(
        store.read().briefing_text().unwrap(),
        BriefingText::default()
    );
}
