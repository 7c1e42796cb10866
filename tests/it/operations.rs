//! Cancel and progress are per operation and per session: the handles a session owns
//! (`Session::operations`) stop only the operation they belong to.

use chronolane::api::{
    ExportFormat, ExportOutcome, ExportRequest, OperationKind, ReportSection, Session,
};
use chronolane::import::{AgencyChoice, ImportRequest};
use chronolane::ErrorKind;

use crate::support::day;

fn demo_session(dir: &std::path::Path, name: &str) -> Session {
    let mut s = Session::new(dir.join(name));
    s.open_demo().unwrap();
    s
}

fn markdown(out: &std::path::Path) -> ExportRequest {
    ExportRequest {
        format: ExportFormat::Markdown,
        sections: ReportSection::ALL.to_vec(),
        real_names: false,
        out: out.display().to_string(),
        confirmed: true,
    }
}

#[test]
fn cancelling_one_kind_of_operation_leaves_the_others_running() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = demo_session(dir.path(), "app");
    let ops = s.operations();

    // An import and an export cancelled while the analysis runs do not stop it.
    let outcome = s
        .run_analysis_with(day(2024, 3, 1), &|p| {
            if p.done == 2 {
                ops.cancel(OperationKind::Import);
                ops.cancel(OperationKind::Export);
            }
            true
        })
        .unwrap();
    assert!(
        outcome.added > 0,
        "the analysis ran to the end and stored its flags"
    );

    // An analysis cancelled while the export runs does not stop it.
    let out = dir.path().join("report.md");
    let written = s
        .export_report(markdown(&out), &|_| {
            ops.cancel(OperationKind::Analysis);
            true
        })
        .unwrap();
    assert!(matches!(written, ExportOutcome::Written { .. }));
    assert!(out.exists());

    // The export's own handle does stop it, and it writes nothing.
    let out2 = dir.path().join("cancelled.md");
    let err = s
        .export_report(markdown(&out2), &|p| {
            if p.stage.starts_with("Laying out") {
                ops.cancel(OperationKind::Export);
            }
            true
        })
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Cancelled);
    assert!(!out2.exists());
}

#[test]
fn an_import_reports_progress_on_its_handle_and_is_cancelled_only_by_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = demo_session(dir.path(), "app");
    let ops = s.operations();
    // Enough rows for the import to report progress more than once (every 1,000 rows).
    let file = dir.path().join("police.csv");
    let mut csv = String::from("Date,Event\n");
    for i in 0..2500 {
        csv.push_str(&format!(
            "{:02}/03/2019,Officers attended call number {i}\n",
            i % 28 + 1
        ));
    }
    std::fs::write(&file, csv).unwrap();
    let request = ImportRequest::new(
        file.display().to_string(),
        AgencyChoice::New {
            name: "Northbrook Police".into(),
            short_name: String::new(),
            sector: None,
        },
    );
    let at = day(2024, 3, 1).and_hms_opt(10, 0, 0).unwrap();
    let entries_before = s.entries().unwrap().len();

    // Its own handle stops it: the review is as it was.
    let seen_total = std::cell::Cell::new(0);
    let err = s
        .commit_import_tracked(request.clone(), at, &mut |_, _| {
            seen_total.set(chronolane::api::ImportProgress::of(&ops).total);
            ops.cancel(OperationKind::Import);
            true
        })
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Cancelled);
    assert!(
        seen_total.get() > 0,
        "the shell's clone saw the import's progress"
    );
    assert_eq!(s.entries().unwrap().len(), entries_before);
    assert_eq!(
        chronolane::api::ImportProgress::of(&ops).total,
        0,
        "a finished import reads 0 of 0"
    );

    // The analysis's and the export's handles do not: the import is written.
    let outcome = s
        .commit_import_tracked(request, at, &mut |_, _| {
            ops.cancel(OperationKind::Analysis);
            ops.cancel(OperationKind::Export);
            true
        })
        .unwrap();
    assert!(outcome.entries > 0);
    assert_eq!(
        s.entries().unwrap().len(),
        entries_before + outcome.entries as usize
    );
}

#[test]
fn one_sessions_cancel_does_not_stop_another_sessions_operation() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = demo_session(dir.path(), "a");
    let mut b = demo_session(dir.path(), "b");
    let b_ops = b.operations();

    // B's analysis cancelled while A's runs: A finishes.
    let outcome = a
        .run_analysis_with(day(2024, 3, 1), &|_| {
            b_ops.cancel(OperationKind::Analysis);
            true
        })
        .unwrap();
    assert!(outcome.added > 0);

    // B's own cancel stops B, and B stores nothing.
    let err = b
        .run_analysis_with(day(2024, 3, 1), &|p| {
            if p.done == 1 {
                b_ops.cancel(OperationKind::Analysis);
            }
            true
        })
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Cancelled);
    assert!(b.flags_panel_on(day(2024, 3, 1)).unwrap().flags.is_empty());
}
