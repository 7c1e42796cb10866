//! The agency loop end to end on the demo review: a template written, filled by a script as an
//! agency would (with some bad rows), checked, and imported; the accuracy pack and the
//! 7-minute briefing written, checked for real names and opened by LibreOffice.

use std::path::Path;
use std::process::Command;

use chronolane::agency::{self, template};
use chronolane::import::mapping::{recognise, Field};
use chronolane::json::ReviewData;

use crate::agency_files::{fill_xlsx, on, CALL_ON_31_FEBRUARY, NEW_BIRTH_VISIT};
use crate::support::{chronolane as cli, convert, soffice};

const HV: &str = "Northbrook 0-19 Health Visiting";

fn demo(dir: &Path) -> String {
    let file = dir.join("demo.chronolane");
    let (ok, _, err) = cli(&["demo", file.to_str().unwrap()]);
    assert!(ok, "{err}");
    file.display().to_string()
}

#[test]
fn an_agency_template_is_filled_checked_and_imported() {
    let dir = tempfile::tempdir().unwrap();
    let review = demo(dir.path());
    let template_path = dir.path().join("hv-template.xlsx");
    let (ok, out, err) = cli(&[
        "template",
        &review,
        "--agency",
        HV,
        "--format",
        "xlsx",
        "--out",
        template_path.to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    assert!(out.contains("Wrote the chronology template for Northbrook 0-19 Health Visiting"));
    let template_bytes = std::fs::read(&template_path).unwrap();
    let marker = agency::read_marker(&template_bytes).expect("the template carries its marker");
    assert_eq!(marker.agency, HV);

    // The agency fills four rows: one good, one with an impossible date, one with a code
    // missing from its glossary, one years before the review's period.
    let filled = fill_xlsx(
        &template_bytes,
        &[
            NEW_BIRTH_VISIT,
            CALL_ON_31_FEBRUARY,
            [
                "14/05/2019",
                "",
                "HV9",
                "Student health visitor",
                "Clinic appointment not attended.",
                "Letter sent.",
                "Missed appointment",
                "",
                "N",
                "",
            ],
            [
                "01/01/2010",
                "",
                "HV2",
                "Team leader",
                "Record of an older sibling's birth.",
                "",
                "Note",
                "",
                "",
                "",
            ],
        ],
    );
    let returned = dir.path().join("returned.xlsx");
    std::fs::write(&returned, &filled).unwrap();
    assert_eq!(
        agency::read_marker(&filled).map(|m| m.agency),
        Some(HV.to_string()),
        "the marker survives filling in"
    );

    // Checked with no --agency: the marker says whose it is.
    let report = dir.path().join("checks.csv");
    let (ok, out, err) = cli(&[
        "check-return",
        &review,
        returned.to_str().unwrap(),
        "--out",
        report.to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    let csv = std::fs::read_to_string(&report).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].contains("What to correct"), "{csv}");
    let on_row = |row: u32| -> Vec<&str> {
        lines
            .iter()
            .copied()
            .filter(|l| l.contains(&format!("row {row},")) || l.contains(&format!("row {row}\"")))
            .collect()
    };
    assert!(on_row(2).is_empty(), "the good row needs nothing: {csv}");
    assert!(
        on_row(3).iter().any(|l| l.contains("31/02/2019")),
        "the impossible date is reported on its row: {csv}"
    );
    assert!(
        on_row(4)
            .iter()
            .any(|l| l.contains("HV9") && l.contains("Glossary")),
        "the unknown code is reported: {csv}"
    );
    assert!(
        on_row(5)
            .iter()
            .any(|l| l.contains("outside the review's period")),
        "the out-of-period entry is reported: {csv}"
    );
    assert!(out.contains("3 points to correct"), "{out}");

    // The same check as a Word document for the agency opens in LibreOffice.
    let report_docx = dir.path().join("checks.docx");
    let (ok, _, err) = cli(&[
        "check-return",
        &review,
        returned.to_str().unwrap(),
        "--out",
        report_docx.to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    if let Some(soffice) = soffice() {
        convert(&soffice, &report_docx, "pdf", dir.path());
        assert!(dir.path().join("checks.pdf").exists());
    }

    // Imported: every readable row lands under the agency, the bad date left out.
    let before = ReviewData::load(
        &chronolane::Store::open(Path::new(&review), None)
            .unwrap()
            .read(),
    )
    .unwrap()
    .entries
    .len();
    // No --agency and no mapping: the marker says whose return it is.
    let (ok, out, err) = cli(&["import", &review, returned.to_str().unwrap(), "--skip-bad"]);
    assert!(ok, "{out}{err}");
    let data = ReviewData::load(
        &chronolane::Store::open(Path::new(&review), None)
            .unwrap()
            .read(),
    )
    .unwrap();
    assert_eq!(data.entries.len(), before + 3, "{out}");
    let hv = data.agencies.iter().find(|a| a.name == HV).unwrap();
    let visit = data
        .entries
        .iter()
        .find(|e| e.detail.contains("baby weighed and measured"))
        .expect("the good row was imported");
    assert_eq!(visit.agency, hv.id);

    // The reviewer comments on the visit; the agency then sends a corrected return: the bad
    // date fixed, the missed appointment reworded, the out-of-period row removed.
    {
        let mut store = chronolane::Store::open(Path::new(&review), None).unwrap();
        let mut commented = visit.clone();
        commented.comment = "Reviewer: a good first visit.".into();
        store
            .change("Comment", |w| w.update_entry(&commented))
            .unwrap();
    }
    let rows_before_correction = data.entries.len();
    let corrected = fill_xlsx(
        &template_bytes,
        &[
            NEW_BIRTH_VISIT,
            on("28/02/2019", CALL_ON_31_FEBRUARY),
            [
                "14/05/2019",
                "",
                "HV2",
                "Team leader",
                "Clinic appointment not attended; letter sent to mother.",
                "Letter sent.",
                "Missed appointment",
                "",
                "N",
                "",
            ],
        ],
    );
    let corrected_path = dir.path().join("returned-corrected.xlsx");
    std::fs::write(&corrected_path, &corrected).unwrap();
    let (ok, out, err) = cli(&[
        "import",
        &review,
        corrected_path.to_str().unwrap(),
        "--replace",
    ]);
    assert!(ok, "{out}{err}");
    assert!(
        out.contains("1 entries unchanged")
            && out.contains("2 new or changed")
            && out.contains("2 removed"),
        "{out}"
    );
    let store = chronolane::Store::open(Path::new(&review), None).unwrap();
    let data = ReviewData::load(&store.read()).unwrap();
    assert_eq!(data.entries.len(), rows_before_correction - 2 + 2);
    let kept = data
        .entries
        .iter()
        .find(|e| e.detail.contains("baby weighed and measured"))
        .unwrap();
    assert_eq!(kept.id, visit.id, "the unchanged entry is the same entry");
    assert_eq!(
        kept.comment, "Reviewer: a good first visit.",
        "the reviewer's work is kept"
    );
    assert!(!data
        .entries
        .iter()
        .any(|e| e.detail.contains("older sibling")));
    assert!(data
        .entries
        .iter()
        .any(|e| e.detail.contains("letter sent to mother")));
    // Each step the product carried out recorded itself in the agency loop; the reviewer
    // records the confirmation, and a bad date is refused with a message.
    drop(store);
    let (ok, _, err) = cli(&[
        "requests",
        &review,
        "--agency",
        HV,
        "--step",
        "accuracy-confirmed",
        "--on",
        "31/02/2022",
    ]);
    assert!(!ok && err.contains("is not a date"), "{err}");
    let (ok, out, err) = cli(&[
        "requests",
        &review,
        "--agency",
        HV,
        "--step",
        "accuracy-confirmed",
        "--on",
        "14/01/2022",
    ]);
    assert!(ok, "{err}");
    let mut store = chronolane::Store::open(Path::new(&review), None).unwrap();
    let request = store.read().agency_request(hv.id).unwrap();
    let today = chrono::Local::now().date_naive();
    assert_eq!(request.template_sent_on, Some(today), "{out}");
    assert_eq!(request.return_received_on, Some(today));
    assert_eq!(request.return_checked_on, Some(today));
    assert_eq!(
        request.accuracy_confirmed_on,
        Some(chrono::NaiveDate::from_ymd_opt(2022, 1, 14).unwrap())
    );
    assert!(
        out.contains("Accuracy confirmed") && out.contains("14/01/2022"),
        "{out}"
    );
    // The steps travel in the review's JSON.
    let json = ReviewData::load(&store.read()).unwrap();
    assert!(json.agency_requests.iter().any(|r| r.agency == hv.id));
    store.undo().unwrap(); // the confirmation
                           // One undo takes the whole replacement back.
    store.undo().unwrap();
    let undone = ReviewData::load(&store.read()).unwrap();
    assert_eq!(undone.entries.len(), rows_before_correction);
    assert!(undone
        .entries
        .iter()
        .any(|e| e.detail.contains("older sibling")));
}

#[test]
fn every_template_heading_is_read_into_the_field_it_names() {
    let expected = [
        Field::Date,
        Field::Time,
        Field::Practitioner,
        Field::Role,
        Field::Event,
        Field::Outcome,
        Field::Kind,
        Field::ToAgency,
        Field::ChildSeen,
        Field::Comment,
    ];
    assert_eq!(template::COLUMNS.len(), expected.len());
    for (column, field) in template::COLUMNS.iter().zip(expected) {
        assert_eq!(recognise(column.heading), Some(field), "{}", column.heading);
    }
}

#[test]
fn a_word_template_carries_its_marker_and_a_table_with_the_template_headings() {
    let data = chronolane::demo::demo_review();
    let hv = data.agencies.iter().find(|a| a.name == HV).unwrap();
    let bytes = template::write(
        &data,
        hv,
        template::TemplateFormat::Docx,
        chrono::NaiveDate::from_ymd_opt(2022, 1, 10).unwrap(),
    )
    .unwrap();
    assert_eq!(agency::read_marker(&bytes).unwrap().agency, HV);
    let doc = chronolane::import::read::read_bytes("hv.docx", &bytes).unwrap();
    let headings: Vec<String> = template::COLUMNS
        .iter()
        .map(|c| c.heading.to_string())
        .collect();
    assert!(
        doc.tables
            .iter()
            .any(|t| t.rows.first().is_some_and(|r| r.cells == headings)),
        "no table is headed with the template's columns"
    );
    // The glossary lists the agency's codes already known to the review.
    assert!(doc.tables.iter().any(|t| t
        .rows
        .iter()
        .any(|r| r.cells.first().map(String::as_str) == Some("HV1"))));
}

#[test]
fn a_file_that_is_not_a_template_has_no_marker() {
    assert_eq!(agency::read_marker(b"Date,Event\n01/02/2020,Visit\n"), None);
    assert_eq!(agency::read_marker(&[]), None);
}

fn pdf_pages(pdf: &Path) -> u32 {
    let out = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("pdfinfo (poppler-utils)");
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo prints the page count")
}

#[test]
fn the_accuracy_pack_holds_the_agencys_entries_pseudonymised() {
    let dir = tempfile::tempdir().unwrap();
    let review = demo(dir.path());
    let pack = dir.path().join("pack.docx");
    let (ok, out, err) = cli(&[
        "accuracy-pack",
        &review,
        "--agency",
        HV,
        "--out",
        pack.to_str().unwrap(),
    ]);
    assert!(ok, "{out}{err}");

    let data = chronolane::demo::demo_review();
    let hv = data.agencies.iter().find(|a| a.name == HV).unwrap();
    let document = chronolane::agency::pack::accuracy_pack(
        &data,
        hv,
        chrono::NaiveDate::from_ymd_opt(2022, 1, 10).unwrap(),
    );
    let table = document.tables().next().unwrap();
    let expected = data
        .entries
        .iter()
        .filter(|e| chronolane::agency::pack::concerns(&data, e, hv).is_some())
        .count();
    assert!(expected > 10, "the demo has HV entries");
    assert_eq!(table.rows.len(), expected);
    assert!(
        data.entries
            .iter()
            .any(|e| e.to_agencies.first().copied() == Some(hv.id)),
        "entries sent to HV are included"
    );
    let check = chronolane::export::check::check(&document, &data.people, false);
    assert!(check.is_clear(), "{:?}", check.residuals);

    if let Some(soffice) = soffice() {
        convert(&soffice, &pack, "pdf", dir.path());
        assert!(pdf_pages(&dir.path().join("pack.pdf")) >= 1);
    }
}

#[test]
fn the_briefing_fits_on_one_or_two_pages_and_names_nobody() {
    let dir = tempfile::tempdir().unwrap();
    let review = demo(dir.path());
    let text = dir.path().join("text.json");
    std::fs::write(
        &text,
        r#"{"questions_for_practitioners": "Who else knows this family?\nWhat did the child experience?"}"#,
    )
    .unwrap();
    let brief = dir.path().join("brief.docx");
    let (ok, out, err) = cli(&[
        "briefing",
        &review,
        "--out",
        brief.to_str().unwrap(),
        "--text",
        text.to_str().unwrap(),
    ]);
    assert!(ok, "{out}{err}");

    let data = chronolane::demo::demo_review();
    let document = chronolane::agency::pack::briefing(
        &data,
        &serde_json::from_str(&std::fs::read_to_string(&text).unwrap()).unwrap(),
        chrono::NaiveDate::from_ymd_opt(2022, 1, 10).unwrap(),
    );
    let check = chronolane::export::check::check(&document, &data.people, false);
    assert!(check.is_clear(), "{:?}", check.residuals);
    let all_text = format!("{document:?}");
    assert!(
        all_text.contains("Who else knows this family?"),
        "the reviewer's questions are used"
    );
    for f in &data.findings {
        assert!(
            all_text.contains(f.category.label()),
            "the findings are grouped by SCIE category"
        );
    }

    if let Some(soffice) = soffice() {
        convert(&soffice, &brief, "pdf", dir.path());
        let pages = pdf_pages(&dir.path().join("brief.pdf"));
        assert!(
            (1..=2).contains(&pages),
            "the briefing runs to {pages} pages"
        );
    }

    // Bad briefing text is refused with a message, and nothing is written.
    std::fs::write(&text, "not json").unwrap();
    let other = dir.path().join("other.docx");
    let (ok, _, err) = cli(&[
        "briefing",
        &review,
        "--out",
        other.to_str().unwrap(),
        "--text",
        text.to_str().unwrap(),
    ]);
    assert!(!ok);
    assert!(err.contains("is not briefing text"), "{err}");
    assert!(!other.exists());
}
