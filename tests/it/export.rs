//! The draft-report export, checked with a real client: the DOCX and XLSX files are opened
//! by LibreOffice (headless) and their text read back; pages are rendered to PNG in
//! `target/export-pages/` for a person to look at. KPE and finding editing through the API.
//!
//! LibreOffice is installed by `make test`'s set-up; with `CHRONOLANE_REQUIRE_LIBREOFFICE=1`
//! (as `make test` sets it) a missing `soffice` fails the tests, otherwise they skip the
//! LibreOffice part with a notice.

use std::path::{Path, PathBuf};
use std::process::Command;

use chronolane::api::{NewFinding, NewKpe, Session};
use chronolane::export::{ExportFormat, ExportOutcome, ExportRequest, ReportSection, ResidualKind};
use chronolane::model::*;
use chronolane::Store;

use crate::support::{agency, convert, day, entry, soffice};

/// The people of the fixture: (label, real name, aliases).
const PEOPLE: &[(&str, &str, &[&str])] = &[
    ("Child J", "Jayden Okafor-Reid", &["Jayden", "JJ"]),
    ("Mother", "Chantelle Reid", &["Chantelle", "Ms Reid"]),
    ("Father", "يوسف الخطيب", &["يوسف"]),
    ("SW1", "Gareth Pemberton", &["Gareth"]),
    ("HV1", "Ewa Wiśniewska", &["Ewa"]),
];

fn person(id: i64, label: &str, real: &str, aliases: &[&str]) -> Person {
    Person {
        id: PersonId(id),
        label: label.into(),
        real_name: Some(real.into()),
        aliases: aliases.iter().map(|a| a.to_string()).collect(),
        role: match label {
            "SW1" => "Social worker".into(),
            "HV1" => "Health visitor".into(),
            "Child J" => "The child".into(),
            _ => "Parent".into(),
        },
        kind: if label.len() == 3 {
            PersonKind::Practitioner
        } else {
            PersonKind::Family
        },
        agency: match label {
            "SW1" => Some(AgencyId(1)),
            "HV1" => Some(AgencyId(2)),
            _ => None,
        },
        date_of_birth: (label == "Child J").then(|| day(2018, 5, 14)),
    }
}

/// A fictional review whose free text names people by their real names and aliases.
fn fixture(dir: &Path) -> PathBuf {
    let path = dir.join("child-j.chronolane");
    Store::create_with(&path, None, |w| {
        w.set_review(&Review {
            title: "LCSPR: Child J".into(),
            subject: "Child J".into(),
            commissioned_by: "Westmoor Safeguarding Children Partnership".into(),
            scope_start: Some(day(2018, 5, 1)),
            scope_end: Some(day(2019, 12, 31)),
            ..Review::default()
        })?;
        w.insert_agency(&agency(1, "WM CSC", Sector::ChildrensSocialCare))?;
        w.insert_agency(&agency(2, "WM HV", Sector::HealthVisiting))?;
        for (i, (label, real, aliases)) in PEOPLE.iter().enumerate() {
            w.insert_person(&person(i as i64 + 1, label, real, aliases))?;
        }
        let texts = [
            (
                1,
                EntryKind::Referral,
                "Referral about Jayden from midwifery",
                "Chantelle Reid disclosed that Jayden's father يوسف الخطيب had been violent.",
                "Allocated to Gareth Pemberton.",
            ),
            (
                2,
                EntryKind::HomeVisit,
                "New birth visit by Ewa",
                "EWA WIŚNIEWSKA saw JJ asleep; Chantelle’s partner was present.",
                "Ewa to revisit in 2 weeks.",
            ),
            (
                1,
                EntryKind::Assessment,
                "Assessment by Gareth",
                "Gareth noted that Ms Reid minimised the incidents. يوسف was not seen.",
                "Recommended a child in need plan.",
            ),
            (
                1,
                EntryKind::ManagerDecision,
                "Manager overruled the recommendation",
                "Team manager decided on early help instead.",
                "Case stepped down.",
            ),
            (
                2,
                EntryKind::MissedAppointment,
                "Jayden was not brought to clinic",
                "",
                "Letter sent to Chantelle.",
            ),
            (
                1,
                EntryKind::CaseClosed,
                "Case closed",
                "Closed without a visit.",
                "",
            ),
        ];
        for (i, (agency_id, kind, summary, detail, outcome)) in texts.iter().enumerate() {
            let mut e = entry(*agency_id, day(2019, 3, 1 + 4 * i as u32), *kind, summary);
            e.detail = detail.to_string();
            e.outcome = outcome.to_string();
            e.practitioner_as_written = if *agency_id == 1 {
                "Gareth Pemberton (SW)".into()
            } else {
                String::new()
            };
            if *agency_id == 2 {
                // HV1 wrote the record and was there: named once in the chronology.
                e.people = vec![
                    EntryPerson {
                        person: PersonId(5),
                        involvement: Involvement::Author,
                    },
                    EntryPerson {
                        person: PersonId(5),
                        involvement: Involvement::Present,
                    },
                ];
            }
            w.insert_entry(&e)?;
        }
        Ok(())
    })
    .unwrap();
    let mut session = Session::new(dir.join("app"));
    session
        .open_review(&chronolane::api::FilePath(path.display().to_string()), None)
        .unwrap();
    let entries = session.entries().unwrap();
    let kpe = session
        .create_kpe(NewKpe {
            title: "Referral and Gareth's assessment".into(),
            entries: entries[..3].iter().map(|e| e.id).collect(),
            ..NewKpe::default()
        })
        .unwrap();
    session
        .update_kpe(KeyPracticeEpisode {
            what_happened: "Chantelle told the midwife about violence by يوسف.".into(),
            appraisal_grade: Some(AppraisalGrade::BelowExpected),
            appraisal: "The assessment by Gareth Pemberton was thorough but was not acted on."
                .into(),
            view_from_tunnel: "To Gareth, Ms Reid seemed protective.".into(),
            factors: vec![
                FactorNote {
                    factor: ContributoryFactor::ConditionsOfWork,
                    note: "Gareth held 31 cases.".into(),
                },
                FactorNote {
                    factor: ContributoryFactor::Family,
                    note: "Chantelle's fear of يوسف.".into(),
                },
            ],
            what_went_well: "Ewa shared information the same day.".into(),
            ..kpe
        })
        .unwrap();
    let empty = session
        .create_kpe(NewKpe {
            title: "Closure without a visit".into(),
            starts_on: Some(day(2019, 3, 21)),
            ends_on: Some(day(2019, 3, 21)),
            entries: vec![],
        })
        .unwrap();
    let finding = session
        .create_finding(NewFinding {
            statement: "Managers step cases down without hearing the social worker's view.".into(),
            category: FindingCategory::ManagementSystems,
        })
        .unwrap();
    session
        .update_finding(Finding {
            manifestation: "Gareth's recommendation for Jayden was overruled.".into(),
            kpes: vec![empty.id],
            entries: vec![entries[3].id],
            evidence_underlying: "The same pattern appeared in two other Westmoor reviews.".into(),
            how_widespread: "Across the front door teams.".into(),
            implications: "Decisions rest on one manager's view.".into(),
            board_questions: vec![
                "How does the Board know that step-down decisions hear the worker?".into(),
                "What would tell the Board that Chantelle's voice is heard?".into(),
            ],
            ..finding
        })
        .unwrap();
    path
}

fn request(format: ExportFormat, out: &Path) -> ExportRequest {
    ExportRequest {
        format,
        sections: ReportSection::ALL.to_vec(),
        real_names: false,
        out: out.display().to_string(),
        confirmed: false,
    }
}

fn export(path: &Path, request: ExportRequest) -> ExportOutcome {
    let mut session = Session::new(path.parent().unwrap().join("app"));
    session
        .open_review(&chronolane::api::FilePath(path.display().to_string()), None)
        .unwrap();
    session.export_report(request, &|_| true).unwrap()
}

// ----- LibreOffice, the real client -----

/// The text LibreOffice reads from a DOCX.
fn docx_text(soffice: &Path, file: &Path) -> String {
    let outdir = file.parent().unwrap().join(format!(
        "txt-{}",
        file.file_stem().unwrap().to_string_lossy()
    ));
    std::fs::create_dir_all(&outdir).unwrap();
    convert(soffice, file, "txt:Text (encoded):UTF8", &outdir);
    let txt = outdir.join(file.with_extension("txt").file_name().unwrap());
    std::fs::read_to_string(&txt)
        .unwrap_or_else(|e| panic!("LibreOffice could not read {}: {e}", file.display()))
}

/// Every sheet of an XLSX, as CSV text LibreOffice wrote.
fn xlsx_sheets(soffice: &Path, file: &Path) -> Vec<(String, String)> {
    let outdir = file.parent().unwrap().join(format!(
        "csv-{}",
        file.file_stem().unwrap().to_string_lossy()
    ));
    std::fs::create_dir_all(&outdir).unwrap();
    // Filter options: comma, double quote, UTF-8, from row 1 ... and -1: every sheet.
    convert(
        soffice,
        file,
        "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
        &outdir,
    );
    let mut sheets: Vec<(String, String)> = std::fs::read_dir(&outdir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    sheets.sort();
    sheets
}

/// Renders a DOCX to PNG pages in `target/export-pages/<name>-N.png`; returns the page count.
fn render_pages(soffice: &Path, file: &Path, name: &str) -> usize {
    let outdir = file.parent().unwrap().join("pdf");
    std::fs::create_dir_all(&outdir).unwrap();
    convert(soffice, file, "pdf", &outdir);
    let pdf = outdir.join(file.with_extension("pdf").file_name().unwrap());
    assert!(pdf.exists(), "no PDF from {}", file.display());
    let pages = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/export-pages");
    std::fs::create_dir_all(&pages).unwrap();
    for old in std::fs::read_dir(&pages).unwrap() {
        let old = old.unwrap().path();
        if old
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with(&format!("{name}-"))
        {
            std::fs::remove_file(old).unwrap();
        }
    }
    let status = Command::new("pdftoppm")
        .args(["-png", "-r", "70"])
        .arg(&pdf)
        .arg(pages.join(name))
        .status();
    match status {
        Ok(s) => assert!(s.success()),
        Err(_) => eprintln!("NOTICE: pdftoppm not found: pages not rendered to PNG"),
    }
    std::fs::read_dir(&pages)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with(&format!("{name}-"))
        })
        .count()
}

fn assert_no_real_names(text: &str, what: &str) {
    let lower = text.to_lowercase();
    for (label, real, aliases) in PEOPLE {
        for name in std::iter::once(real).chain(aliases.iter()) {
            if name.len() <= 2 {
                continue;
            }
            assert!(
                !lower.contains(&name.to_lowercase()),
                "{what} still names {label} as {name:?}"
            );
        }
    }
    // Parts of names, too.
    for part in ["Okafor", "Pemberton", "Wiśniewska", "الخطيب"] {
        assert!(!text.contains(part), "{what} still contains {part:?}");
    }
}

#[test]
fn docx_read_by_libreoffice_has_every_section_and_no_real_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture(dir.path());
    let out = dir.path().join("report.docx");
    let outcome = export(&path, request(ExportFormat::Docx, &out));
    let ExportOutcome::Written { files, check } = outcome else {
        panic!("the pseudonymised fixture needs no confirmation: {outcome:?}");
    };
    assert_eq!(files, [out.display().to_string()]);
    assert!(check.is_clear(), "{check:?}");
    let Some(soffice) = soffice() else { return };
    let text = docx_text(&soffice, &out);
    for expected in [
        "LCSPR: Child J",
        "Key Practice Episodes",
        "Referral and SW1's assessment",
        "Below expected standard",
        "View from the tunnel: To SW1, Mother seemed protective.",
        "Conditions of work: SW1 held 31 cases.",
        "Family: Mother's fear of Father.",
        "Chronology rows: 1–3",
        "No chronology entries are linked to this episode.",
        "Integrated chronology",
        "Mother disclosed that Child J's father had been violent.",
        "HV1 saw Child J asleep; Mother’s partner was present.",
        "Findings",
        "Category 6: Management systems",
        "Managers step cases down without hearing the social worker's view.",
        "SW1's recommendation for Child J was overruled.",
        "Questions for the Board",
        "How does the Board know that step-down decisions hear the worker?",
        "What would tell the Board that Mother's voice is heard?",
        "Appendix: flags raised for the review team",
        "Glossary",
        "Social worker",
    ] {
        assert!(
            text.contains(expected),
            "the DOCX as LibreOffice reads it lacks {expected:?}:\n{text}"
        );
    }
    assert_no_real_names(&text, "the pseudonymised DOCX");
    let pages = render_pages(&soffice, &out, "fixture-pseudonymised");
    assert!(
        pages >= 4,
        "title, KPEs, chronology, findings ... on separate pages: {pages}"
    );
}

#[test]
fn real_names_only_with_the_explicit_choice() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture(dir.path());
    let out = dir.path().join("real.docx");
    let mut req = request(ExportFormat::Docx, &out);
    req.real_names = true;
    // The child's date of birth is in the glossary's real-name view: the check lists it and
    // nothing is written until the reviewer confirms.
    match export(&path, req.clone()) {
        ExportOutcome::Written { check, .. } => assert!(check.is_clear()),
        ExportOutcome::NeedsConfirmation { check } => {
            assert!(!out.exists());
            req.confirmed = true;
            assert!(check.total > 0);
            assert!(matches!(
                export(&path, req.clone()),
                ExportOutcome::Written { .. }
            ));
        }
    }
    let Some(soffice) = soffice() else { return };
    let text = docx_text(&soffice, &out);
    for name in [
        "Chantelle Reid",
        "Gareth Pemberton",
        "Ewa Wiśniewska",
        "يوسف الخطيب",
        "Jayden Okafor-Reid",
    ] {
        assert!(text.contains(name), "the real-name DOCX lacks {name:?}");
    }
    assert!(text.contains("contains the real names"));
}

#[test]
fn xlsx_read_by_libreoffice_has_one_sheet_per_table_and_no_real_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture(dir.path());
    let out = dir.path().join("tables.xlsx");
    assert!(matches!(
        export(&path, request(ExportFormat::Xlsx, &out)),
        ExportOutcome::Written { .. }
    ));
    let Some(soffice) = soffice() else { return };
    let sheets = xlsx_sheets(&soffice, &out);
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names.len(), 5, "{names:?}");
    let all: String = sheets.iter().map(|(_, t)| t.as_str()).collect();
    assert!(all.contains("Referral and SW1's assessment"), "{all}");
    assert!(all.contains("Mother disclosed that Child J's father had been violent."));
    assert!(all.contains("Explanation and contributory factors"));
    let chronology = &sheets
        .iter()
        .find(|(n, _)| n.contains("chronology"))
        .unwrap()
        .1;
    assert_eq!(
        chronology
            .lines()
            .filter(|l| l.starts_with(|c: char| c.is_ascii_digit()))
            .count(),
        6,
        "{chronology}"
    );
    assert_no_real_names(&all, "the pseudonymised XLSX");
}

#[test]
fn markdown_html_and_csv_carry_the_same_pseudonymised_content() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture(dir.path());
    let md = dir.path().join("r.md");
    let html = dir.path().join("r.html");
    let csv = dir.path().join("r.csv");
    for (format, out) in [
        (ExportFormat::Markdown, &md),
        (ExportFormat::Html, &html),
        (ExportFormat::Csv, &csv),
    ] {
        assert!(matches!(
            export(&path, request(format, out)),
            ExportOutcome::Written { .. }
        ));
    }
    let md = std::fs::read_to_string(md).unwrap();
    assert!(md.contains("## Key Practice Episodes"));
    assert!(
        md.contains("1. How does the Board know that step\\-down decisions hear the worker?")
            || md.contains("1. How does the Board know that step-down decisions hear the worker?"),
        "{md}"
    );
    assert_no_real_names(&md, "the Markdown");
    let html = std::fs::read_to_string(html).unwrap();
    assert!(html.contains("<thead><tr><th scope=\"col\">KPE</th>"));
    assert!(html.contains("<ol>"));
    assert!(!html.contains("<script"));
    assert_no_real_names(&html, "the HTML");
    // Several tables: one CSV per table beside the name given.
    for key in ["kpes", "chronology", "flags", "people", "agencies"] {
        let file = dir.path().join(format!("r-{key}.csv"));
        let text =
            std::fs::read_to_string(&file).unwrap_or_else(|_| panic!("{} missing", file.display()));
        assert!(text.starts_with('\u{FEFF}'));
        assert_no_real_names(&text, &format!("{key}.csv"));
        if key == "chronology" {
            assert!(text.contains("HV1"), "{text}");
            assert!(
                !text.contains("HV1, HV1"),
                "a practitioner named twice: {text}"
            );
        }
    }
    assert!(!csv.exists());
}

#[test]
fn the_check_stops_an_export_that_still_identifies_someone_until_confirmed() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture(dir.path());
    {
        let mut store = Store::open(&path, None).unwrap();
        let mut e = store.read().entries().unwrap().remove(0);
        e.detail =
            "Family moved to 14 Larch Road, Westmoor WM3 7QT. Mr Reid (DOB 02/03/1990) visited."
                .into();
        store.change("Edit", |w| w.update_entry(&e)).unwrap();
    }
    let out = dir.path().join("r.docx");
    let ExportOutcome::NeedsConfirmation { check } =
        export(&path, request(ExportFormat::Docx, &out))
    else {
        panic!("an address must be confirmed");
    };
    assert!(
        !out.exists(),
        "nothing is written before the reviewer confirms"
    );
    let found: Vec<(&str, &str)> = check
        .residuals
        .iter()
        .map(|r| (r.kind.label(), r.found.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("Looks like an address", "14 Larch Road"),
            ("Looks like a postcode", "WM3 7QT"),
            ("Part of a real name", "Reid"),
            ("Looks like a date of birth", "DOB 02/03/1990"),
        ]
    );
    assert!(
        check.residuals[0]
            .location
            .starts_with("Integrated chronology, row 1, Event"),
        "{:?}",
        check.residuals[0]
    );
    let mut confirmed = request(ExportFormat::Docx, &out);
    confirmed.confirmed = true;
    assert!(matches!(
        export(&path, confirmed),
        ExportOutcome::Written { .. }
    ));
    assert!(out.exists());
}

#[test]
fn the_cli_exports_refuses_unconfirmed_residuals_and_explains_bad_arguments() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture(dir.path());
    let p = |n: &str| dir.path().join(n).display().to_string();
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
    let file = path.display().to_string();
    let (ok, out, err) = run(&[
        "export",
        &file,
        "--format",
        "md",
        "--out",
        &p("k.md"),
        "--sections",
        "kpe,findings",
    ]);
    assert!(ok, "{err}");
    assert!(out.contains("Wrote"), "{out}");
    let md = std::fs::read_to_string(p("k.md")).unwrap();
    assert!(
        md.contains("Key Practice Episodes")
            && md.contains("Findings")
            && !md.contains("Integrated chronology")
    );
    let (ok, _, err) = run(&["export", &file, "--format", "pdf", "--out", &p("x.pdf")]);
    assert!(!ok && err.contains("'pdf' is not a format"), "{err}");
    let (ok, _, err) = run(&[
        "export",
        &file,
        "--format",
        "csv",
        "--out",
        &p("x.csv"),
        "--sections",
        "findings",
    ]);
    assert!(!ok && err.contains("cannot go into CSV"), "{err}");
    {
        let mut store = Store::open(&path, None).unwrap();
        let mut e = store.read().entries().unwrap().remove(1);
        e.outcome = "Family moved to Flat 2, 9 Quarry Hill.".into();
        store.change("Edit", |w| w.update_entry(&e)).unwrap();
    }
    let (ok, out, err) = run(&[
        "export",
        &file,
        "--format",
        "docx",
        "--out",
        &p("r.docx"),
        "--real-names",
        "--sections",
        "chronology",
    ]);
    assert!(!ok, "an address needs confirming even with real names");
    assert!(
        err.contains("--confirm") && !Path::new(&p("r.docx")).exists(),
        "{err}"
    );
    assert!(
        out.contains(
            "Looks like an address: \"Flat 2\" in Integrated chronology, row 2, Action / outcome"
        ),
        "{out}"
    );
    let (ok, out, err) = run(&[
        "export",
        &file,
        "--format",
        "docx",
        "--out",
        &p("r.docx"),
        "--real-names",
        "--sections",
        "chronology",
        "--confirm",
    ]);
    assert!(ok, "{err}");
    assert!(
        out.contains("9 Quarry Hill") && Path::new(&p("r.docx")).exists(),
        "{out}"
    );
    let (ok, _, err) = run(&[
        "export",
        &file,
        "--format",
        "docx",
        "--out",
        "/no/such/folder/r.docx",
        "--confirm",
    ]);
    assert!(!ok && err.contains("/no/such/folder/r.docx"), "{err}");
}

/// A review with nothing in it, a KPE with no entries, 10,000-character fields, text outside
/// Latin-1 and right-to-left names: every format still gives a valid document.
#[test]
fn awkward_reviews_give_valid_documents_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.chronolane");
    chronolane::api::create_review_file(&empty, None, Review::default()).unwrap();

    let awkward = dir.path().join("awkward.chronolane");
    let long = "Ω ".repeat(2_500) + &"x".repeat(5_000) + " ﷺ 😀 \u{0C}\u{1} end";
    Store::create_with(&awkward, None, |w| {
        w.set_review(&Review {
            title: "Ревью: דוגמה 😀 <&>".into(),
            ..Review::default()
        })?;
        w.insert_agency(&agency(1, "CSC", Sector::ChildrensSocialCare))?;
        w.insert_person(&person(1, "Mother", "فاطمة الزهراء", &["فاطمة"]))?;
        w.insert_person(&person(2, "Father", "אברהם כהן", &["אברהם"]))?;
        let mut e = entry(
            1,
            day(2020, 1, 1),
            EntryKind::Note,
            "فاطمة الزهراء and אברהם כהן were seen",
        );
        e.detail = long.clone();
        e.outcome = "\u{202E}reversed\u{202C} ١٢٣ — “quoted” — 漢字".into();
        w.insert_entry(&e)?;
        w.insert_kpe(&KeyPracticeEpisode {
            id: KpeId(0),
            number: 1,
            title: "فاطمة: an episode with no entries".into(),
            starts_on: day(2020, 1, 1),
            ends_on: day(2020, 2, 1),
            what_happened: long.clone(),
            appraisal_grade: None,
            appraisal: long.clone(),
            view_from_tunnel: String::new(),
            factors: vec![FactorNote {
                factor: ContributoryFactor::Other,
                note: String::new(),
            }],
            what_went_well: String::new(),
            entries: vec![],
        })?;
        Ok(())
    })
    .unwrap();
    let soffice = soffice();
    for (name, review) in [("empty", &empty), ("awkward", &awkward)] {
        for format in ExportFormat::ALL {
            let out = dir.path().join(format!("{name}.{}", format.extension()));
            let mut req = request(format, &out);
            req.confirmed = true;
            let outcome = export(review, req);
            let ExportOutcome::Written { files, .. } = outcome else {
                panic!("{name} {format:?}: {outcome:?}")
            };
            assert!(!files.is_empty());
            for f in &files {
                let bytes = std::fs::read(f).unwrap();
                assert!(!bytes.is_empty(), "{f} is empty");
                if matches!(
                    format,
                    ExportFormat::Markdown | ExportFormat::Html | ExportFormat::Csv
                ) {
                    let text = String::from_utf8(bytes).expect("UTF-8");
                    assert!(
                        !text.contains('\u{1}') && !text.contains('\u{0C}'),
                        "{f} holds control characters"
                    );
                }
            }
            let Some(soffice) = &soffice else { continue };
            match format {
                ExportFormat::Docx => {
                    let text = docx_text(soffice, &out);
                    if name == "awkward" {
                        assert!(text.contains("Mother and Father were seen"), "{text}");
                        assert!(text.contains("Mother: an episode with no entries"));
                        assert!(text.contains("No chronology entries are linked to this episode."));
                        assert!(
                            text.contains(&"x".repeat(5_000)),
                            "the 10,000-character field is whole"
                        );
                        assert!(text.contains("漢字") && text.contains("Ревью: דוגמה 😀 <&>"));
                        assert!(!text.contains("فاطمة") && !text.contains("כהן"));
                        render_pages(soffice, &out, "awkward");
                    } else {
                        assert!(
                            text.contains("There are no Key Practice Episodes in this review yet.")
                        );
                        assert!(text.contains("The chronology has no entries yet."));
                        render_pages(soffice, &out, "empty");
                    }
                }
                ExportFormat::Xlsx => {
                    let sheets = xlsx_sheets(soffice, &out);
                    assert_eq!(sheets.len(), 5, "{name}: {sheets:?}");
                    if name == "awkward" {
                        let all: String = sheets.iter().map(|(_, t)| t.as_str()).collect();
                        assert!(all.contains("Mother and Father were seen"));
                    }
                }
                _ => {}
            }
        }
    }
}

#[test]
fn cancelling_an_export_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture(dir.path());
    let out = dir.path().join("r.docx");
    let mut session = Session::new(dir.path().join("app"));
    session
        .open_review(&chronolane::api::FilePath(path.display().to_string()), None)
        .unwrap();
    let seen = std::cell::RefCell::new(Vec::new());
    let err = session
        .export_report(request(ExportFormat::Docx, &out), &|p| {
            seen.borrow_mut().push(p.stage.clone());
            !p.stage.starts_with("Writing")
        })
        .unwrap_err();
    assert_eq!(err.kind(), chronolane::ErrorKind::Cancelled);
    assert!(!out.exists());
    assert!(
        seen.borrow().iter().any(|s| s.starts_with("Laying out")),
        "{:?}",
        seen.borrow()
    );
    // A cancel on the session's export handle (the Cancel button) stops an export too, and
    // writes nothing; a new export starts afresh.
    let operations = session.operations();
    let err = session
        .export_report(request(ExportFormat::Docx, &out), &|p| {
            if p.stage.starts_with("Laying out") {
                operations.cancel(chronolane::api::OperationKind::Export);
            }
            true
        })
        .unwrap_err();
    assert_eq!(err.kind(), chronolane::ErrorKind::Cancelled);
    assert!(!out.exists());
    assert!(matches!(
        session.export_report(request(ExportFormat::Docx, &out), &|_| true),
        Ok(ExportOutcome::Written { .. })
    ));
}

#[test]
fn kpes_are_created_edited_reordered_and_renumbered_as_one_undoable_change_each() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture(dir.path());
    let mut s = Session::new(dir.path().join("app"));
    s.open_review(&chronolane::api::FilePath(path.display().to_string()), None)
        .unwrap();
    let entries = s.entries().unwrap();
    // From a selection: the span widens to cover the entries chosen.
    let k3 = s
        .create_kpe(NewKpe {
            title: "  ".into(),
            starts_on: Some(day(2019, 3, 10)),
            ends_on: Some(day(2019, 3, 11)),
            entries: vec![entries[4].id, entries[1].id],
        })
        .unwrap();
    assert_eq!(
        (k3.number, k3.title.as_str()),
        (3, "New Key Practice Episode")
    );
    assert_eq!(
        (k3.starts_on, k3.ends_on),
        (day(2019, 3, 5), day(2019, 3, 17))
    );
    assert_eq!(k3.entries, [entries[1].id, entries[4].id]);
    let err = s.create_kpe(NewKpe::default()).unwrap_err();
    assert!(
        err.to_string().contains("Give the episode its dates"),
        "{err}"
    );

    let numbers = |s: &Session| -> Vec<(String, i32)> {
        s.report_board()
            .unwrap()
            .kpes
            .into_iter()
            .map(|k| (k.title, k.number))
            .collect()
    };
    let board = s.move_kpe(k3.id, 1).unwrap();
    assert_eq!(board.history.undo.unwrap().action, "Move KPE 3 to 1");
    assert_eq!(
        numbers(&s),
        [
            ("New Key Practice Episode".to_string(), 1),
            ("Referral and Gareth's assessment".to_string(), 2),
            ("Closure without a visit".to_string(), 3)
        ]
    );
    // A move past the end lands last.
    s.move_kpe(k3.id, 99).unwrap();
    assert_eq!(numbers(&s)[2], ("New Key Practice Episode".to_string(), 3));
    s.undo().unwrap();
    assert_eq!(numbers(&s)[0].1, 1);
    assert_eq!(numbers(&s)[0].0, "New Key Practice Episode");

    // Editing keeps the number whatever the client sent; an empty title is refused.
    let mut edit = s.kpe(k3.id).unwrap();
    edit.number = 42;
    edit.what_happened = "Edited".into();
    let saved = s.update_kpe(edit.clone()).unwrap();
    assert_eq!((saved.number, saved.what_happened.as_str()), (1, "Edited"));
    edit.title = " ".into();
    assert!(s.update_kpe(edit).is_err());
    assert_eq!(s.kpe(k3.id).unwrap().title, "New Key Practice Episode");

    // Deleting renumbers the rest in the same change; undo brings it all back.
    let board = s.delete_kpe(k3.id).unwrap();
    assert_eq!(
        board.kpes.iter().map(|k| k.number).collect::<Vec<_>>(),
        [1, 2]
    );
    s.undo().unwrap();
    assert_eq!(numbers(&s).len(), 3);
    assert_eq!(numbers(&s)[0], ("New Key Practice Episode".to_string(), 1));
}

#[test]
fn a_kpe_from_flags_takes_their_evidence_and_period_and_links_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture(dir.path());
    let entries;
    {
        let mut store = Store::open(&path, None).unwrap();
        entries = store.read().entries().unwrap();
        store
            .change("Raise flags", |w| {
                for (i, evidence) in [[0usize, 3], [3, 5]].iter().enumerate() {
                    w.insert_flag(&Flag {
                        id: FlagId(0),
                        kind: if i == 0 {
                            FlagKind::MissedEscalation
                        } else {
                            FlagKind::LostTransfer
                        },
                        rule: "test".into(),
                        identity: format!("test-{i}"),
                        evidence_digest: String::new(),
                        evidence: evidence.iter().map(|e| entries[*e].id).collect(),
                        explanation: "Gareth's recommendation was overruled.".into(),
                        severity: Severity::High,
                        inferred: false,
                        starts_on: entries[evidence[0]].date.start,
                        ends_on: entries[evidence[1]].date.start,
                        status: FlagStatus::Confirmed,
                        rationale: String::new(),
                        kpe: None,
                        current: true,
                    })?;
                }
                Ok(())
            })
            .unwrap();
    }
    let mut s = Session::new(dir.path().join("app"));
    s.open_review(&chronolane::api::FilePath(path.display().to_string()), None)
        .unwrap();
    let flags: Vec<FlagId> = s
        .report_board()
        .unwrap()
        .flags
        .iter()
        .map(|f| f.id)
        .collect();
    let kpe = s.create_kpe_from_flags(flags.clone(), None).unwrap();
    assert_eq!(kpe.title, "Episode from 2 flags");
    assert_eq!(kpe.entries, [entries[0].id, entries[3].id, entries[5].id]);
    assert_eq!(
        (kpe.starts_on, kpe.ends_on),
        (entries[0].date.start, entries[5].date.start)
    );
    let board = s.report_board().unwrap();
    assert!(board.flags.iter().all(|f| f.kpe == Some(kpe.id)));
    assert_eq!(
        board.history.undo.unwrap().action,
        format!("Create KPE {} from flags", kpe.number)
    );
    // One flag alone names the episode after itself; unlinking is undoable.
    let one = s.create_kpe_from_flags(vec![flags[0]], None).unwrap();
    assert!(
        one.title.starts_with("Missed escalation ("),
        "{}",
        one.title
    );
    s.link_flag_to_kpe(flags[0], None).unwrap();
    assert_eq!(
        s.report_board()
            .unwrap()
            .flags
            .iter()
            .find(|f| f.id == flags[0])
            .unwrap()
            .kpe,
        None
    );
    s.undo().unwrap();
    assert_eq!(
        s.report_board()
            .unwrap()
            .flags
            .iter()
            .find(|f| f.id == flags[0])
            .unwrap()
            .kpe,
        Some(one.id)
    );
    assert!(s.create_kpe_from_flags(vec![], None).is_err());
    // The flags appendix shows the decision and the KPE.
    let out = dir.path().join("f.md");
    let mut req = request(ExportFormat::Markdown, &out);
    req.sections = vec![ReportSection::Flags, ReportSection::Kpe];
    assert!(matches!(
        s.export_report(req, &|_| true).unwrap(),
        ExportOutcome::Written { .. }
    ));
    let md = std::fs::read_to_string(out).unwrap();
    assert!(md.contains("SW1's recommendation was overruled."), "{md}");
    assert!(md.contains("**Flags:** Missed escalation"), "{md}");
}

#[test]
fn findings_are_numbered_reordered_and_keep_their_board_questions_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture(dir.path());
    let mut s = Session::new(dir.path().join("app"));
    s.open_review(&chronolane::api::FilePath(path.display().to_string()), None)
        .unwrap();
    let second = s
        .create_finding(NewFinding {
            statement: String::new(),
            category: FindingCategory::Tools,
        })
        .unwrap();
    assert_eq!(
        (second.number, second.statement.as_str()),
        (2, "New finding")
    );
    let mut edit = second.clone();
    edit.board_questions = vec!["Second?".into(), "  ".into(), "First?".into()];
    edit.board_questions.swap(0, 2);
    let saved = s.update_finding(edit).unwrap();
    assert_eq!(saved.board_questions, ["First?", "Second?"]);
    s.move_finding(second.id, 1).unwrap();
    let board = s.report_board().unwrap();
    assert_eq!(board.findings[0].id, second.id);
    assert_eq!(
        board.findings.iter().map(|f| f.number).collect::<Vec<_>>(),
        [1, 2]
    );
    let board = s.delete_finding(second.id).unwrap();
    assert_eq!(board.findings.len(), 1);
    assert_eq!(board.findings[0].number, 1);
    s.undo().unwrap();
    assert_eq!(s.report_board().unwrap().findings[0].id, second.id);
    let mut blank = s.finding(second.id).unwrap();
    blank.statement = String::new();
    assert!(s
        .update_finding(blank)
        .unwrap_err()
        .to_string()
        .contains("needs its statement"));
}

/// The "done when" of the export: from the demo review, a pseudonymised DOCX that
/// LibreOffice reads with the KPE table, the chronology, the findings and their Board
/// questions, and no real name or alias of anyone in the glossary.
#[test]
fn the_demo_exports_to_a_docx_without_a_single_real_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.chronolane");
    chronolane::demo::write_demo(&path).unwrap();
    let data =
        chronolane::json::ReviewData::load(&Store::open(&path, None).unwrap().read()).unwrap();
    assert!(
        data.kpes.len() >= 6 && data.findings.len() >= 4,
        "the demo has KPEs and findings"
    );
    let out = dir.path().join("demo.docx");
    let first = export(&path, request(ExportFormat::Docx, &out));
    let ExportOutcome::NeedsConfirmation { check } = first else {
        panic!("the demo's chronology records the child's birth date, which must be confirmed: {first:?}");
    };
    assert!(!out.exists());
    // Nothing the check lists is a name: pseudonymisation caught every one.
    for r in &check.residuals {
        assert!(
            !matches!(
                r.kind,
                ResidualKind::RealName | ResidualKind::Alias | ResidualKind::NamePart
            ),
            "a name survived pseudonymisation: {r:?}"
        );
    }
    let mut confirmed = request(ExportFormat::Docx, &out);
    confirmed.confirmed = true;
    assert!(matches!(
        export(&path, confirmed),
        ExportOutcome::Written { .. }
    ));
    let Some(soffice) = soffice() else { return };
    let text = docx_text(&soffice, &out);
    let lower = text.to_lowercase();
    for p in &data.people {
        for name in p.real_name.iter().chain(p.aliases.iter()) {
            let name = name.to_lowercase();
            let found = lower.match_indices(&name).any(|(at, _)| {
                let before = lower[..at]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric());
                let after = lower[at + name.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric());
                before && after
            });
            assert!(!found, "the demo DOCX names {} as {name:?}", p.label);
        }
    }
    assert!(text.contains("Chronology rows:"), "the KPE table is there");
    for k in &data.kpes {
        let title = chronolane::export::Pseudonymiser::new(&data.people).apply(&k.title);
        assert!(text.contains(&title), "KPE {} ({title}) missing", k.number);
    }
    for f in &data.findings {
        assert!(text.contains(&format!("Finding {}", f.number)));
        for q in &f.board_questions {
            let q = chronolane::export::Pseudonymiser::new(&data.people).apply(q);
            assert!(text.contains(q.trim()), "Board question missing: {q}");
        }
    }
    assert!(text.contains("Integrated chronology") && text.contains("Questions for the Board"));
    let pages = render_pages(&soffice, &out, "demo");
    assert!(pages > 10, "{pages} pages");
}
