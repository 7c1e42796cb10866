//! Small builders shared by the integration tests.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

use chrono::NaiveDate;
use chronolane::dates::EventDate;
use chronolane::model::*;

/// A session on a new, empty review file (`review.chronolane` in `dir`; the app's own folder
/// is `dir/app`), the review titled `title` about `subject`. Returns the file's path too.
pub fn session_on_new_review(
    dir: &Path,
    title: &str,
    subject: &str,
) -> (chronolane::api::Session, PathBuf) {
    let path = dir.join("review.chronolane");
    let store = chronolane::api::create_review_file(
        &path,
        None,
        Review {
            title: title.into(),
            subject: subject.into(),
            ..Review::default()
        },
    )
    .unwrap();
    let mut session = chronolane::api::Session::new(dir.join("app"));
    session.set_store(store);
    (session, path)
}

/// When the import tests commit their imports: 10:00 on 1 March 2024.
pub fn import_time() -> chrono::NaiveDateTime {
    day(2024, 3, 1).and_hms_opt(10, 0, 0).unwrap()
}

pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub fn agency(id: i64, short: &str, sector: Sector) -> Agency {
    Agency {
        id: AgencyId(id),
        name: format!("{short} (test agency)"),
        short_name: short.into(),
        sector,
        area: None,
        lane_order: id as i32,
        colour: "#336699".into(),
    }
}

pub fn entry(agency: i64, date: NaiveDate, kind: EntryKind, summary: &str) -> Entry {
    Entry::new(AgencyId(agency), EventDate::day(date), kind, summary)
}

/// A small review in a temporary folder: two agencies and three entries.
pub fn small_review(dir: &std::path::Path) -> (std::path::PathBuf, chronolane::Store) {
    let path = dir.join("small.chronolane");
    let store = chronolane::Store::create_with(&path, None, |w| {
        w.set_review(&Review {
            title: "Small test review".into(),
            subject: "Child T".into(),
            ..Review::default()
        })?;
        w.insert_agency(&agency(1, "CSC", Sector::ChildrensSocialCare))?;
        w.insert_agency(&agency(2, "HV", Sector::HealthVisiting))?;
        let mut referral = entry(1, day(2019, 3, 12), EntryKind::Referral, "Referral to HV");
        referral.to_agencies = vec![AgencyId(2)];
        referral.tags = vec!["safeguarding".into()];
        w.insert_entry(&referral)?;
        w.insert_entry(&entry(
            2,
            day(2019, 3, 20),
            EntryKind::HomeVisit,
            "New birth visit",
        ))?;
        w.insert_entry(&entry(
            1,
            day(2019, 4, 2),
            EntryKind::CaseClosed,
            "Case closed",
        ))?;
        Ok(())
    })
    .unwrap();
    (path, store)
}

// ----- LibreOffice, the real client (installed by `make test`'s set-up) -----

static SOFFICE: Mutex<()> = Mutex::new(());

/// The LibreOffice binary, or `None` (with a notice) when it is missing and not required.
pub fn soffice() -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join("soffice"))
            .find(|p| p.exists())
    });
    if found.is_none() {
        if std::env::var("CHRONOLANE_REQUIRE_LIBREOFFICE").as_deref() == Ok("1") {
            panic!("LibreOffice (soffice) is required (CHRONOLANE_REQUIRE_LIBREOFFICE=1) but was not found; run `make setup`");
        }
        eprintln!("NOTICE: LibreOffice (soffice) not found: skipping the check with a real client");
    }
    found
}

/// Converts `file` with LibreOffice to `to` (for example "txt:Text", "pdf"), into `outdir`.
pub fn convert(soffice: &Path, file: &Path, to: &str, outdir: &Path) {
    let _one_at_a_time = SOFFICE.lock().unwrap_or_else(|e| e.into_inner());
    // A profile of its own, removed with it (even when the conversion fails): a profile left
    // in the temporary folder by every run adds up.
    let profile = tempfile::Builder::new()
        .prefix("chronolane-lo-")
        .tempdir()
        .expect("a temporary LibreOffice profile");
    let status = Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args(["--headless", "--norestore", "--convert-to", to, "--outdir"])
        .arg(outdir)
        .arg(file)
        .output()
        .expect("run soffice");
    assert!(
        status.status.success(),
        "soffice failed: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

/// Runs the `chronolane` binary as a reviewer or a script would: (succeeded, stdout, stderr).
pub fn chronolane(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_chronolane"))
        .args(args)
        .output()
        .expect("run chronolane");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
