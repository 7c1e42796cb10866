//! Journeys through the KPE, findings and export views of the real app, asserting on what
//! SQLite holds and on the exported DOCX as LibreOffice reads it.

use std::path::{Path, PathBuf};
use std::process::Command;

use chronolane::dates::EventDate;
use chronolane::model::*;
use chronolane::Store;
use chronolane_e2e::App;

/// A day, without naming chrono (not a dependency of this crate).
macro_rules! day {
    ($y:expr, $m:expr, $d:expr) => {
        chronolane::dates::parse_event_date(&format!("{:02}/{:02}/{}", $d, $m, $y))
            .unwrap()
            .start
    };
}

/// A fictional review: two agencies, two people whose real names appear in the text, six
/// entries (one with an address in it) and one KPE already there.
fn fixture(dir: &Path) -> PathBuf {
    let path = dir.join("Child M.chronolane");
    Store::create_with(&path, None, |w| {
        w.set_review(&Review {
            title: "LCSPR: Child M".into(),
            subject: "Child M".into(),
            ..Review::default()
        })?;
        for (id, short, sector) in [
            (1, "EB CSC", Sector::ChildrensSocialCare),
            (2, "EB HV", Sector::HealthVisiting),
        ] {
            w.insert_agency(&Agency {
                id: AgencyId(id),
                name: format!("Eastbury {short}"),
                short_name: short.into(),
                sector,
                area: None,
                lane_order: id as i32,
                colour: if id == 1 {
                    "#1f77b4".into()
                } else {
                    "#2ca02c".into()
                },
            })?;
        }
        for (id, label, real, alias) in [
            (1, "Mother", "Rosalind Hartley", "Ros"),
            (2, "SW1", "Desmond Achterberg", "Des"),
        ] {
            w.insert_person(&Person {
                id: PersonId(id),
                label: label.into(),
                real_name: Some(real.into()),
                aliases: vec![alias.into()],
                role: if id == 1 {
                    "Parent".into()
                } else {
                    "Social worker".into()
                },
                kind: if id == 1 {
                    PersonKind::Family
                } else {
                    PersonKind::Practitioner
                },
                agency: (id == 2).then_some(AgencyId(1)),
                date_of_birth: None,
            })?;
        }
        let rows = [
            (
                1,
                EntryKind::Referral,
                "Referral from the school about Ros",
                "Rosalind Hartley said she was struggling.",
            ),
            (
                2,
                EntryKind::HomeVisit,
                "Health visitor home visit",
                "Mother and baby seen at 27 Wren Close.",
            ),
            (
                1,
                EntryKind::Assessment,
                "Assessment started by Des",
                "Desmond Achterberg visited twice.",
            ),
            (
                1,
                EntryKind::ManagerDecision,
                "Manager stepped the case down",
                "Early help offered.",
            ),
            (2, EntryKind::MissedAppointment, "Not brought to clinic", ""),
            (1, EntryKind::CaseClosed, "Case closed", "Closed by Des."),
        ];
        for (i, (agency, kind, summary, detail)) in rows.iter().enumerate() {
            w.insert_entry(&Entry {
                detail: detail.to_string(),
                ..Entry::new(
                    AgencyId(*agency),
                    EventDate::day(day!(2020, 2, 3 + 5 * i as u32)),
                    *kind,
                    summary.to_string(),
                )
            })?;
        }
        w.insert_kpe(&KeyPracticeEpisode {
            id: KpeId(0),
            number: 1,
            title: "The first referral".into(),
            starts_on: day!(2020, 2, 3),
            ends_on: day!(2020, 2, 3),
            what_happened: String::new(),
            appraisal_grade: None,
            appraisal: String::new(),
            view_from_tunnel: String::new(),
            factors: vec![],
            what_went_well: String::new(),
            entries: vec![EntryId(1)],
        })?;
        Ok(())
    })
    .unwrap();
    path
}

fn read(path: &Path) -> Store {
    Store::open(path, None).unwrap()
}

/// Replaces the text of a field as a person would and leaves it (which saves it).
async fn type_into(app: &App, css: &str, text: &str) {
    app.js(
        "const el = document.querySelector(arguments[0]); el.focus(); el.select();",
        vec![css.into()],
    )
    .await;
    app.find(css).await.send_keys(text).await.unwrap();
    app.js(
        "const el = document.querySelector(arguments[0]); el.dispatchEvent(new Event('change', {bubbles: true})); el.blur();",
        vec![css.into()],
    )
    .await;
}

async fn eventually_in_file(
    app: &App,
    path: &Path,
    what: &str,
    mut test: impl FnMut(&Store) -> bool,
) {
    app.eventually(what, || test(&read(path))).await;
}

fn soffice_text(docx: &Path) -> Option<String> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join("soffice"))
            .find(|p| p.exists())
    });
    let Some(soffice) = found else {
        if std::env::var("CHRONOLANE_REQUIRE_LIBREOFFICE").as_deref() == Ok("1") {
            panic!("LibreOffice (soffice) is required but missing");
        }
        eprintln!("NOTICE: LibreOffice not found: the exported DOCX is not read back");
        return None;
    };
    let outdir = docx.parent().unwrap().join("txt");
    // LibreOffice's profile lives in a folder removed when the conversion is done.
    let profile_dir = tempfile::Builder::new()
        .prefix("chronolane-e2e-lo-")
        .tempdir()
        .expect("a temporary folder for LibreOffice's profile");
    let profile = profile_dir.path();
    let out = Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "txt:Text (encoded):UTF8",
            "--outdir",
        ])
        .arg(&outdir)
        .arg(docx)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(
        std::fs::read_to_string(outdir.join(docx.with_extension("txt").file_name().unwrap()))
            .unwrap(),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn a_kpe_from_a_selection_a_finding_and_a_pseudonymised_export() {
    let work = tempfile::tempdir().unwrap();
    let path = fixture(work.path());
    let file = path.display().to_string();
    let app = App::launch(&[&file]).await;
    app.wait_text("[data-testid=review-name]", |t| t.contains("Child M"))
        .await;
    let entries = read(&path).read().entries().unwrap();
    let ids: Vec<String> = entries[1..4].iter().map(|e| e.id.to_string()).collect();

    // The reviewer selects three entries in the chronology and makes a KPE of them.
    app.js(
        "window.dispatchEvent(new CustomEvent('chronolane:select', {detail: {entries: arguments[0], from: null, to: null}}))",
        vec![serde_json::json!(ids)],
    )
    .await;
    app.click_when_enabled("[data-testid=nav-kpes]").await;
    app.wait_text("[data-testid=kpe-from-selection]", |t| {
        t.contains("3 selected entries")
    })
    .await;
    app.click_when_enabled("[data-testid=kpe-from-selection]")
        .await;
    app.wait_text("[data-testid=kpe-editor] h2", |t| t == "KPE 2")
        .await;
    let kpe = read(&path).read().kpes().unwrap().pop().unwrap();
    assert_eq!(kpe.number, 2);
    assert_eq!(
        kpe.entries,
        entries[1..4].iter().map(|e| e.id).collect::<Vec<_>>()
    );
    assert_eq!(
        (kpe.starts_on, kpe.ends_on),
        (entries[1].date.start, entries[3].date.start)
    );
    let rows = app.find_all("[data-testid=kpe-entries] tbody tr").await;
    assert_eq!(rows.len(), 3);

    // Edits are saved as they are made.
    type_into(
        &app,
        "[data-testid=kpe-title]",
        "Step-down after the assessment",
    )
    .await;
    type_into(
        &app,
        "[data-testid=kpe-what]",
        "Ros was visited twice by Des; the manager stepped the case down.",
    )
    .await;
    app.js(
        "const s = document.querySelector('[data-testid=kpe-grade]'); s.value = 'below_expected'; s.dispatchEvent(new Event('change', {bubbles: true}));",
        vec![],
    )
    .await;
    eventually_in_file(&app, &path, "the KPE's edits in SQLite", |s| {
        let k = s.read().kpes().unwrap().pop().unwrap();
        k.title == "Step-down after the assessment"
            && k.what_happened.starts_with("Ros was visited")
            && k.appraisal_grade == Some(AppraisalGrade::BelowExpected)
    })
    .await;
    app.js(
        "document.querySelector('[data-testid=kpe-factors] input[type=checkbox]').scrollIntoView({block: 'center'})",
        vec![],
    )
    .await;
    app.click_when_enabled("[data-testid=kpe-factors] input[type=checkbox]")
        .await;
    eventually_in_file(&app, &path, "a coded factor", |s| {
        s.read()
            .kpes()
            .unwrap()
            .pop()
            .unwrap()
            .factors
            .first()
            .map(|f| f.factor)
            == Some(ContributoryFactor::Family)
    })
    .await;
    // The list and the editor show what was saved.
    app.wait_text("[data-testid=kpe-item]:nth-child(2)", |t| {
        t.contains("Step-down after the assessment") && t.contains("Below expected standard")
    })
    .await;
    app.js(
        "document.querySelector('[data-testid=kpe-editor]').scrollTop = 0",
        vec![],
    )
    .await;
    app.screenshot("report-01-kpe-editor").await;

    // Undo takes the factor back out, in the file and on screen.
    app.click_when_enabled("[data-testid=undo]").await;
    eventually_in_file(&app, &path, "undo of the factor", |s| {
        s.read().kpes().unwrap().pop().unwrap().factors.is_empty()
    })
    .await;
    let mut unticked = false;
    for _ in 0..100 {
        let checked = app
            .js(
                "return document.querySelector('[data-testid=kpe-factors] input[type=checkbox]').checked",
                vec![],
            )
            .await;
        if checked == serde_json::Value::Bool(false) {
            unticked = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(unticked, "after undo the factor is unticked on screen");

    // Moving KPE 2 up renumbers both in one change.
    app.click_when_enabled("[data-testid=kpe-item]:nth-child(2) [data-testid=kpe-up]")
        .await;
    eventually_in_file(&app, &path, "renumbering", |s| {
        let k = s.read().kpes().unwrap();
        k[0].title == "Step-down after the assessment" && k[0].number == 1 && k[1].number == 2
    })
    .await;

    // The timeline hands over a selection: a new KPE opens, prefilled.
    app.click_when_enabled("[data-testid=nav-chronology]").await;
    app.js(
        "window.dispatchEvent(new CustomEvent('chronolane:start-kpe', {detail: {entries: [arguments[0]], from: '2020-02-25', to: '2020-03-01'}}))",
        vec![entries[5].id.to_string().into()],
    )
    .await;
    app.wait_text("[data-testid=kpe-editor] h2", |t| t == "KPE 3")
        .await;
    let third = read(&path).read().kpes().unwrap().pop().unwrap();
    assert_eq!(third.entries, [entries[5].id]);
    assert_eq!(
        (third.starts_on, third.ends_on),
        (day!(2020, 2, 25), day!(2020, 3, 1))
    );
    // A finding with a Board question.
    app.click_when_enabled("[data-testid=nav-findings]").await;
    app.click_when_enabled("[data-testid=finding-new]").await;
    app.find("[data-testid=finding-editor]").await;
    type_into(
        &app,
        "[data-testid=finding-statement]",
        "Cases are stepped down without the worker's view being heard.",
    )
    .await;
    app.js(
        "const s = document.querySelector('[data-testid=finding-category]'); s.value = 'management_systems'; s.dispatchEvent(new Event('change', {bubbles: true}));",
        vec![],
    )
    .await;
    type_into(
        &app,
        "[data-testid=finding-manifestation]",
        "Des recommended a plan; the manager decided on early help.",
    )
    .await;
    app.click_when_enabled("[data-testid=board-question-add]")
        .await;
    type_into(
        &app,
        "[data-testid=board-question]",
        "How does the Board know that step-down decisions hear the allocated worker?",
    )
    .await;
    eventually_in_file(&app, &path, "the finding in SQLite", |s| {
        let f = s.read().findings().unwrap();
        f.len() == 1
            && f[0].category == FindingCategory::ManagementSystems
            && f[0].statement.starts_with("Cases are stepped down")
            && f[0].board_questions
                == ["How does the Board know that step-down decisions hear the allocated worker?"]
    })
    .await;
    app.screenshot("report-02-finding-editor").await;

    // The export: the check finds the address, the reviewer confirms, the DOCX is written.
    app.click_when_enabled("[data-testid=nav-export]").await;
    app.wait_text("[data-testid=check-count]", |t| t.contains("1 thing"))
        .await;
    app.screenshot("report-03-export").await;
    let out = work.path().join("out").join("Child M report.docx");
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    app.js(
        "window.dispatchEvent(new CustomEvent('chronolane:export-to', {detail: arguments[0]}))",
        vec![out.display().to_string().into()],
    )
    .await;
    app.wait_text("[data-testid=export-confirm]", |t| {
        t.contains("27 Wren Close")
    })
    .await;
    assert!(
        !out.exists(),
        "nothing is written before the reviewer confirms"
    );
    app.screenshot("report-04-export-confirm").await;
    app.click_when_enabled("[data-testid=export-confirm-write]")
        .await;
    app.wait_text("[data-testid=export-written]", |t| {
        t.contains("Child M report.docx")
    })
    .await;
    assert!(out.exists());
    if let Some(text) = soffice_text(&out) {
        for expected in [
            "Step-down after the assessment",
            "Mother was visited twice by SW1; the manager stepped the case down.",
            "Cases are stepped down without the worker's view being heard.",
            "How does the Board know that step-down decisions hear the allocated worker?",
            "Integrated chronology",
        ] {
            assert!(
                text.contains(expected),
                "the DOCX lacks {expected:?}:\n{text}"
            );
        }
        for real in [
            "Rosalind",
            "Hartley",
            "Desmond",
            "Achterberg",
            "Ros ",
            "Des ",
        ] {
            assert!(!text.contains(real), "the DOCX names {real:?}");
        }
    }
    app.close().await;
}

/// The "done when": from the demo review, in the app, a DOCX that LibreOffice reads
/// with the KPE table, the chronology, the findings and Board questions, and no real name.
#[tokio::test(flavor = "multi_thread")]
async fn the_demo_review_exports_a_pseudonymised_docx_from_the_app() {
    let app = App::launch(&["--demo"]).await;
    app.wait_text("[data-testid=review-name]", |t| t.contains("Child R"))
        .await;
    let demo = app.app_dir.path().join("Demo review - Child R.chronolane");
    let (kpes, findings, people) = {
        let s = read(&demo);
        let r = s.read();
        (
            r.kpes().unwrap(),
            r.findings().unwrap(),
            r.people().unwrap(),
        )
    };
    app.click_when_enabled("[data-testid=nav-kpes]").await;
    app.wait_text("[data-testid=kpes]", |t| {
        t.contains(&format!("{} episodes", kpes.len()))
    })
    .await;
    assert_eq!(
        app.find_all("[data-testid=kpe-item]").await.len(),
        kpes.len()
    );
    app.screenshot("report-05-demo-kpes").await;
    app.click_when_enabled("[data-testid=nav-findings]").await;
    app.wait_text("[data-testid=findings]", |t| {
        t.contains(&format!("{} findings", findings.len()))
    })
    .await;
    app.screenshot("report-06-demo-findings").await;

    app.click_when_enabled("[data-testid=nav-export]").await;
    app.wait_text("[data-testid=export-check]", |t| {
        t.contains("Integrated chronology:")
    })
    .await;
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("Demo report.docx");
    app.js(
        "window.dispatchEvent(new CustomEvent('chronolane:export-to', {detail: arguments[0]}))",
        vec![out.display().to_string().into()],
    )
    .await;
    // The demo's chronology records the child's birth date: the reviewer confirms it.
    let listed = app
        .wait_text("[data-testid=export-confirm]", |t| {
            t.contains("Date of birth")
        })
        .await;
    for p in &people {
        if let Some(real) = &p.real_name {
            assert!(
                !listed.contains(real.as_str()),
                "the check lists a real name: {real}"
            );
        }
    }
    app.click_when_enabled("[data-testid=export-confirm-write]")
        .await;
    app.wait_text("[data-testid=export-written]", |t| {
        t.contains("Demo report.docx")
    })
    .await;
    app.screenshot("report-07-demo-exported").await;
    if let Some(text) = soffice_text(&out) {
        assert!(text.contains("Key Practice Episodes") && text.contains("Integrated chronology"));
        assert!(text.contains("Questions for the Board"));
        for f in &findings {
            assert!(text.contains(&format!("Finding {}", f.number)));
        }
        let lower = text.to_lowercase();
        for p in &people {
            for name in p.real_name.iter().chain(p.aliases.iter()) {
                let name = name.to_lowercase();
                let named = lower.match_indices(&name).any(|(at, _)| {
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
                assert!(!named, "the demo DOCX names {} as {name:?}", p.label);
            }
        }
    }
    app.close().await;
}
