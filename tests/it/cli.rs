//! The `chronolane` binary, run as a reviewer or a script would.

use std::process::Command;

use crate::support::chronolane;

#[test]
fn demo_info_entries_and_json_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| dir.path().join(n).display().to_string();
    let (ok, out, _) = chronolane(&["demo", &p("d.chronolane")]);
    assert!(ok, "{out}");
    let (ok, info, _) = chronolane(&["info", &p("d.chronolane")]);
    assert!(ok);
    let expected_entries = chronolane::demo::demo_review().entries.len();
    assert!(
        info.contains(&format!("Entries:    {expected_entries}")),
        "{info}"
    );
    let (ok, table, _) = chronolane(&["entries", &p("d.chronolane")]);
    assert!(ok);
    assert_eq!(table.lines().count(), expected_entries);
    let (ok, json, _) = chronolane(&["entries", &p("d.chronolane"), "--json"]);
    assert!(ok);
    let parsed: Vec<chronolane::model::Entry> = serde_json::from_str(&json).unwrap();
    assert_eq!(parsed.len(), expected_entries);
    assert!(chronolane(&["export-json", &p("d.chronolane"), &p("d.json")]).0);
    assert!(chronolane(&["import-json", &p("d.json"), &p("e.chronolane")]).0);
    assert!(chronolane(&["export-json", &p("e.chronolane"), &p("e.json")]).0);
    assert_eq!(
        std::fs::read(p("d.json")).unwrap(),
        std::fs::read(p("e.json")).unwrap()
    );
}

#[test]
fn encrypted_files_with_passphrase_files() {
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| dir.path().join(n).display().to_string();
    std::fs::write(p("pass.txt"), "a long passphrase\n").unwrap();
    std::fs::write(p("wrong.txt"), "not it\n").unwrap();
    std::fs::write(p("empty.txt"), "").unwrap();
    let (ok, out, err) = chronolane(&[
        "new",
        &p("s.chronolane"),
        "--title",
        "Secret review",
        "--passphrase-file",
        &p("pass.txt"),
    ]);
    assert!(ok, "{err}");
    assert!(out.contains("(encrypted)"));
    let (ok, _, err) = chronolane(&["info", &p("s.chronolane")]);
    assert!(!ok);
    assert!(err.contains("is encrypted"), "{err}");
    let (ok, _, err) = chronolane(&[
        "info",
        &p("s.chronolane"),
        "--passphrase-file",
        &p("wrong.txt"),
    ]);
    assert!(!ok);
    assert!(err.contains("passphrase does not open"), "{err}");
    assert!(
        !err.contains("ERROR CORE"),
        "SQLCipher's own log is silenced: {err}"
    );
    let (ok, _, err) = chronolane(&[
        "info",
        &p("s.chronolane"),
        "--passphrase-file",
        &p("empty.txt"),
    ]);
    assert!(!ok);
    assert!(err.contains("is empty"), "{err}");
    let (ok, info, _) = chronolane(&[
        "info",
        &p("s.chronolane"),
        "--passphrase-file",
        &p("pass.txt"),
    ]);
    assert!(ok);
    assert!(
        info.contains("Secret review") && info.contains("Encrypted:  yes"),
        "{info}"
    );
}

#[test]
fn errors_go_to_stderr_with_a_failing_status() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.chronolane").display().to_string();
    let (ok, out, err) = chronolane(&["info", &missing]);
    assert!(!ok);
    assert!(out.is_empty());
    assert!(
        err.starts_with("chronolane: Chronolane cannot find"),
        "{err}"
    );
    let (ok, _, err) = chronolane(&["frobnicate"]);
    assert!(!ok);
    assert!(err.contains("unrecognized subcommand"), "{err}");
    let junk = dir.path().join("junk.chronolane");
    std::fs::write(&junk, "Date,Event\n").unwrap();
    let (ok, _, err) = chronolane(&["entries", junk.to_str().unwrap()]);
    assert!(!ok);
    assert!(err.contains("not a Chronolane review"), "{err}");
    let existing = dir.path().join("exists.chronolane");
    std::fs::write(&existing, "x").unwrap();
    let (ok, _, err) = chronolane(&["demo", existing.to_str().unwrap()]);
    assert!(!ok);
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(std::fs::read(&existing).unwrap(), b"x");
}

/// A review with one family member whose real name appears in an entry, and an entry whose
/// text carries terminal control sequences (as a hostile agency file could).
fn review_with_names_and_escapes(path: &std::path::Path) {
    use chronolane::model::*;
    chronolane::Store::create_with(path, None, |w| {
        w.set_review(&Review {
            title: "CLI review".into(),
            subject: "Child T".into(),
            ..Review::default()
        })?;
        w.insert_agency(&crate::support::agency(
            1,
            "CSC",
            Sector::ChildrensSocialCare,
        ))?;
        w.insert_person(&Person {
            id: PersonId(1),
            label: "Mother".into(),
            real_name: Some("Zelda Quince".into()),
            aliases: vec!["Zel".into()],
            role: "Mother".into(),
            kind: PersonKind::Family,
            agency: None,
            date_of_birth: None,
        })?;
        let d = crate::support::day(2020, 5, 4);
        w.insert_entry(&crate::support::entry(
            1,
            d,
            EntryKind::HomeVisit,
            "Zelda Quince seen at home with Zel's sister",
        ))?;
        w.insert_entry(&crate::support::entry(
            1,
            d,
            EntryKind::Assessment,
            "Call \u{1b}[2J\u{1b}]0;owned\u{7} logged \u{9b}31m in red\r over",
        ))?;
        Ok(())
    })
    .unwrap();
}

#[test]
fn demo_with_a_passphrase_file_is_encrypted() {
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| dir.path().join(n).display().to_string();
    std::fs::write(p("pass.txt"), "a long passphrase\n").unwrap();
    let (ok, out, err) = chronolane(&[
        "--passphrase-file",
        &p("pass.txt"),
        "demo",
        &p("d.chronolane"),
    ]);
    assert!(ok, "{err}");
    assert!(out.contains("(encrypted)"), "{out}");
    let head = std::fs::read(p("d.chronolane")).unwrap();
    assert_ne!(
        &head[..16],
        b"SQLite format 3\0",
        "the demo was written in plain text"
    );
    let (ok, _, err) = chronolane(&["info", &p("d.chronolane")]);
    assert!(!ok);
    assert!(err.contains("encrypted"), "{err}");
    let (ok, info, _) = chronolane(&[
        "info",
        &p("d.chronolane"),
        "--passphrase-file",
        &p("pass.txt"),
    ]);
    assert!(ok);
    assert!(info.contains("Encrypted:  yes"), "{info}");
}

#[test]
fn terminal_control_sequences_from_agency_text_are_shown_not_obeyed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.chronolane");
    review_with_names_and_escapes(&path);
    let file = path.to_str().unwrap();
    let (ok, table, _) = chronolane(&["entries", file]);
    assert!(ok);
    for c in ['\u{1b}', '\u{7}', '\u{9b}', '\r'] {
        assert!(!table.contains(c), "{c:?} printed raw: {table:?}");
    }
    assert!(table.contains("Call \\u001b[2J"), "{table}");
    assert_eq!(table.lines().count(), 2, "{table}");
    let (ok, json, _) = chronolane(&["entries", file, "--json"]);
    assert!(ok);
    assert!(!json.contains('\u{9b}') && !json.contains('\u{1b}'));
    let parsed: Vec<chronolane::model::Entry> = serde_json::from_str(&json).unwrap();
    assert!(
        parsed.iter().any(|e| e.summary.contains('\u{9b}')),
        "JSON still carries the text"
    );
}

#[test]
fn export_json_warns_of_real_names_and_can_pseudonymise() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.chronolane");
    review_with_names_and_escapes(&path);
    let p = |n: &str| dir.path().join(n).display().to_string();
    let (ok, _, err) = chronolane(&["export-json", &p("r.chronolane"), &p("real.json")]);
    assert!(ok, "{err}");
    assert!(
        err.contains("warning") && err.contains("real names"),
        "{err}"
    );
    assert!(std::fs::read_to_string(p("real.json"))
        .unwrap()
        .contains("Zelda Quince"));
    let (ok, out, err) = chronolane(&[
        "export-json",
        &p("r.chronolane"),
        &p("pseudo.json"),
        "--pseudonymise",
    ]);
    assert!(ok, "{err}");
    assert!(!err.contains("warning"), "{err}");
    assert!(out.contains("pseudonymised"), "{out}");
    let text = std::fs::read_to_string(p("pseudo.json")).unwrap();
    assert!(
        !text.contains("Zelda") && !text.contains("Quince") && !text.contains("Zel'"),
        "{text}"
    );
    assert!(
        text.contains("Mother seen at home with Mother's sister"),
        "{text}"
    );
    // Still a review: it imports.
    let (ok, out, err) = chronolane(&["import-json", &p("pseudo.json"), &p("p.chronolane")]);
    assert!(ok, "{err}");
    assert!(out.contains("with 2 entries"), "{out}");
}

#[cfg(unix)]
/// Runs the binary as a user who is not the owner of the test's files: as root (which
/// ignores file permissions) it switches to `nobody`.
fn chronolane_as_other_user(dir: &std::path::Path, args: &[&str]) -> (bool, String, String) {
    use std::os::unix::fs::MetadataExt;
    use std::os::unix::process::CommandExt;
    let mut bin = std::path::PathBuf::from(env!("CARGO_BIN_EXE_chronolane"));
    let as_nobody = std::fs::metadata(dir).unwrap().uid() == 0;
    if as_nobody {
        // The build folder may sit in a folder only root can enter (a clone in `mktemp -d`),
        // so the other user runs a copy kept beside the test's files.
        let copy = dir.join("chronolane-for-other-user");
        if !copy.exists() {
            std::fs::copy(&bin, &copy).expect("copy the binary");
        }
        bin = copy;
    }
    let mut cmd = Command::new(&bin);
    cmd.args(args);
    if as_nobody {
        cmd.uid(65534).gid(65534);
    }
    let out = cmd.output().expect("run chronolane");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[cfg(unix)]
#[test]
fn a_review_in_a_read_only_folder_opens_read_only_and_refuses_changes_plainly() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let ro = dir.path().join("ro");
    std::fs::create_dir(&ro).unwrap();
    let path = ro.join("r.chronolane");
    review_with_names_and_escapes(&path);
    let csv = dir.path().join("a.csv");
    std::fs::write(&csv, "Date,Event\n12/06/2019,Home visit\n").unwrap();
    std::fs::set_permissions(&csv, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
    let before = std::fs::read(&path).unwrap();
    let file = path.to_str().unwrap();

    let (ok, info, err) = chronolane_as_other_user(dir.path(), &["info", file]);
    assert!(ok, "{err}");
    assert!(info.contains("Read-only:  yes"), "{info}");
    assert!(info.contains("Entries:    2"), "{info}");
    let (ok, table, err) = chronolane_as_other_user(dir.path(), &["entries", file]);
    assert!(ok, "{err}");
    assert_eq!(table.lines().count(), 2);

    let (ok, _, err) = chronolane_as_other_user(
        dir.path(),
        &["import", file, csv.to_str().unwrap(), "--agency", "GP"],
    );
    assert!(!ok);
    assert!(
        err.contains("read-only for you") && err.contains("nothing was changed"),
        "{err}"
    );
    assert!(!err.contains("os error"), "{err}");

    let out = ro.join("report.csv");
    let (ok, _, err) = chronolane_as_other_user(
        dir.path(),
        &[
            "export",
            file,
            "--format",
            "csv",
            "--out",
            out.to_str().unwrap(),
            "--sections",
            "chronology",
            "--confirm",
        ],
    );
    assert!(!ok);
    assert!(!err.contains("os error"), "{err}");
    assert!(
        err.contains("permission") && err.contains("write access"),
        "{err}"
    );

    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), before);
    let names: Vec<_> = std::fs::read_dir(&ro)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("r.chronolane")]);
}

#[test]
fn a_review_held_open_by_another_copy_is_reported_as_busy_in_plain_words() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.chronolane");
    review_with_names_and_escapes(&path);
    let csv = dir.path().join("a.csv");
    std::fs::write(&csv, "Date,Event\n12/06/2019,Home visit\n").unwrap();
    // Another copy is in the middle of a change.
    let holder = chronolane::Store::open(&path, None).unwrap();
    drop(holder);
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch("BEGIN IMMEDIATE; UPDATE review SET title = 'x';")
        .unwrap();
    let (ok, _, err) = chronolane(&[
        "import",
        path.to_str().unwrap(),
        csv.to_str().unwrap(),
        "--agency",
        "GP",
    ]);
    assert!(!ok);
    assert!(!err.contains("database is locked"), "{err}");
    assert!(err.contains("another copy of Chronolane"), "{err}");
    conn.execute_batch("ROLLBACK;").unwrap();
}

#[test]
fn a_read_only_command_on_an_unreadable_value_does_not_talk_of_unsaved_changes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.chronolane");
    review_with_names_and_escapes(&path);
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "PRAGMA ignore_check_constraints = 1;
             UPDATE entry SET kind = 'bogus' WHERE id = (SELECT min(id) FROM entry);",
        )
        .unwrap();
    }
    let file = path.to_str().unwrap();
    let json = dir.path().join("r.json");
    for args in [
        vec!["entries", file],
        vec!["flags", file, "--today", "01/01/2022"],
        vec!["export-json", file, json.to_str().unwrap()],
    ] {
        let (ok, _, err) = chronolane(&args);
        assert!(!ok, "{args:?}");
        assert!(!err.contains("not saved"), "{args:?}: {err}");
        assert!(
            err.contains("cannot read") && err.contains("backup"),
            "{args:?}: {err}"
        );
    }
}

// ---- issue 9: preparing a case from the command line -------------------------------------

/// A review with an integrated chronology imported (no --agency: its Organisation column
/// names each row's agency).
fn prepared(dir: &std::path::Path) -> String {
    let review = dir.join("r.chronolane").display().to_string();
    let csv = dir.join("integrated.csv");
    std::fs::write(
        &csv,
        "Date,Organisation,Kind,Circumstances\n\
         03/01/2023,Eastfield Police,Referral,Referral to children's social care about bruising\n\
         04/01/2023,Eastfield Children's Services,Strategy meeting,Strategy discussion held\n",
    )
    .unwrap();
    let (ok, _, err) = chronolane(&["new", &review]);
    assert!(ok, "{err}");
    let csv = csv.display().to_string();
    let (ok, out, err) = chronolane(&["import", &review, &csv, "--dry-run"]);
    assert!(ok, "{err}");
    assert!(
        out.contains("Organisation") && out.contains("-> Agency of the row"),
        "{out}"
    );
    assert!(out.contains("[Eastfield Police]"), "{out}");
    let (ok, out, err) = chronolane(&["import", &review, &csv]);
    assert!(ok, "{err}");
    assert!(out.contains("Imported 2 entries"), "{out}");
    review
}

#[test]
fn an_integrated_chronology_imports_without_naming_an_agency() {
    let dir = tempfile::tempdir().unwrap();
    let review = prepared(dir.path());
    let (_, info, _) = chronolane(&["info", &review]);
    assert!(info.contains("Agencies:   2"), "{info}");
    // A file without an Agency column needs --agency, and nothing is written.
    let plain = dir.path().join("plain.csv");
    std::fs::write(&plain, "Date,Details\n01/02/2023,Home visit\n").unwrap();
    let (ok, _, err) = chronolane(&["import", &review, plain.to_str().unwrap()]);
    assert!(!ok);
    assert!(err.contains("--agency"), "{err}");
    let (_, after, _) = chronolane(&["info", &review]);
    assert_eq!(after, info);
}

#[test]
fn a_chronology_whose_title_line_names_its_agency_imports_without_naming_one() {
    let dir = tempfile::tempdir().unwrap();
    let review = dir.path().join("r.chronolane").display().to_string();
    let titled = dir.path().join("return 2.csv");
    std::fs::write(
        &titled,
        "Chronology of involvement: Kelmouth Police,,\n\
         ,,\n\
         Date,Details,Outcome\n\
         01/02/2023,Domestic incident attended,Referral to CSC\n",
    )
    .unwrap();
    assert!(chronolane(&["new", &review]).0);
    let (ok, out, err) = chronolane(&["import", &review, titled.to_str().unwrap()]);
    assert!(ok, "{err}");
    assert!(out.contains("Kelmouth Police"), "{out}");
    let (_, info, _) = chronolane(&["info", &review]);
    assert!(info.contains("Agencies:   1"), "{info}");
    let (ok, entries, _) = chronolane(&["entries", &review, "--json"]);
    assert!(ok);
    assert!(entries.contains("Domestic incident attended"), "{entries}");
}

#[test]
fn scope_is_set_from_dates_or_the_terms_of_reference() {
    let dir = tempfile::tempdir().unwrap();
    let review = prepared(dir.path());
    let (ok, out, err) = chronolane(&[
        "scope",
        &review,
        "--from",
        "01/09/2022",
        "--to",
        "14/08/2023",
    ]);
    assert!(ok, "{err}");
    assert!(out.contains("01/09/2022 to 14/08/2023"), "{out}");
    let (_, info, _) = chronolane(&["info", &review]);
    assert!(
        info.contains("Scope:      01/09/2022 to 14/08/2023"),
        "{info}"
    );
    // The end before the start is refused, and the scope stays as it was.
    let (ok, _, err) = chronolane(&[
        "scope",
        &review,
        "--from",
        "01/09/2023",
        "--to",
        "01/01/2023",
    ]);
    assert!(!ok);
    assert!(err.contains("ends (01/01/2023) before it starts"), "{err}");
    let (ok, _, err) = chronolane(&["scope", &review, "--from", "2023-01-01"]);
    assert!(!ok && err.contains("dd/mm/yyyy"), "{err}");
    let (_, same, _) = chronolane(&["info", &review]);
    assert_eq!(same, info);
    let terms = dir.path().join("terms.md");
    std::fs::write(&terms, "# ToR\n\n**Scope:** 01/06/2022 to 19/06/2023.\n").unwrap();
    let (ok, out, err) = chronolane(&["scope", &review, "--from-terms", terms.to_str().unwrap()]);
    assert!(ok, "{err}");
    assert!(out.contains("01/06/2022 to 19/06/2023"), "{out}");
    std::fs::write(&terms, "# ToR without dates\n").unwrap();
    let (ok, _, err) = chronolane(&["scope", &review, "--from-terms", terms.to_str().unwrap()]);
    assert!(!ok && err.contains("--from and --to"), "{err}");
}

#[test]
fn protocol_rules_are_listed_added_removed_and_read_from_a_table() {
    let dir = tempfile::tempdir().unwrap();
    let review = prepared(dir.path());
    let terms = dir.path().join("terms.md");
    std::fs::write(
        &terms,
        "| # | Standard | Timescale |\n|---|---|---|\n\
         | P2 | Strategy discussion after a decision that the s47 threshold may be met | within 1 WD of that decision |\n\
         | P5 | Child on a CP plan seen by the social worker | at least every 10 WD |\n",
    )
    .unwrap();
    let (ok, out, err) = chronolane(&[
        "protocol",
        &review,
        "from-table",
        terms.to_str().unwrap(),
        "--replace",
    ]);
    assert!(ok, "{err}");
    assert!(out.contains("Read 1 protocol rule"), "{out}");
    assert!(
        out.contains("threshold_decision -> strategy_discussion (tag s47) within 1 WD"),
        "{out}"
    );
    let (_, list, _) = chronolane(&["protocol", &review, "list"]);
    assert_eq!(
        list.lines().count(),
        1,
        "the defaults were replaced: {list}"
    );
    let (ok, out, err) = chronolane(&[
        "protocol",
        &review,
        "add",
        "--name",
        "P3 HV response",
        "--trigger",
        "information_shared",
        "--response",
        "contact,home_visit",
        "--days",
        "2",
        "--to-sector",
        "health_visiting",
    ]);
    assert!(ok, "{err}");
    assert!(
        out.contains("information_shared -> contact|home_visit by health_visiting within 2 WD"),
        "{out}"
    );
    let (ok, _, err) = chronolane(&[
        "protocol",
        &review,
        "add",
        "--name",
        "x",
        "--trigger",
        "séance",
        "--days",
        "2",
    ]);
    assert!(
        !ok && err.contains("'séance' is not a kind of entry"),
        "{err}"
    );
    let id = out
        .lines()
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    let (ok, _, err) = chronolane(&["protocol", &review, "remove", &id]);
    assert!(ok, "{err}");
    let (_, list, _) = chronolane(&["protocol", &review, "list"]);
    assert_eq!(list.lines().count(), 1, "{list}");
    // A file with no protocol table changes nothing.
    let empty = dir.path().join("none.md");
    std::fs::write(&empty, "No table here.\n").unwrap();
    let (ok, _, err) = chronolane(&[
        "protocol",
        &review,
        "from-table",
        empty.to_str().unwrap(),
        "--replace",
    ]);
    assert!(!ok && err.contains("Nothing was changed"), "{err}");
    let (_, same, _) = chronolane(&["protocol", &review, "list"]);
    assert_eq!(same, list);
}

#[test]
fn suggestions_entries_links_and_areas_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let review = prepared(dir.path());
    let (ok, out, err) = chronolane(&["accept", &review, "--all"]);
    assert!(ok, "{err}");
    assert!(
        out.contains("Accepted the suggestions on 2 entries"),
        "{out}"
    );
    let (_, entries, _) = chronolane(&["entries", &review]);
    assert!(entries.contains("Strategy discussion"), "{entries}");
    let ids: Vec<String> = entries
        .lines()
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect();
    let (referral, meeting) = (&ids[0], &ids[1]);
    let (ok, out, err) = chronolane(&[
        "entry",
        &review,
        referral,
        "--to",
        "Eastfield Children's Services",
        "--level",
        "child_protection",
        "--key-risk",
        "bruising to a non-mobile baby",
    ]);
    assert!(ok, "{err}");
    assert!(
        out.contains("receiving agency, service level, key risk"),
        "{out}"
    );
    let (_, json, _) = chronolane(&["entries", &review, "--json"]);
    assert!(
        json.contains("\"service_level\": \"child_protection\""),
        "{json}"
    );
    assert!(json.contains("bruising to a non-mobile baby"), "{json}");
    // An entry's own agency cannot receive it; an unknown agency is named as such.
    let (ok, _, err) = chronolane(&["entry", &review, referral, "--to", "Eastfield Police"]);
    assert!(!ok && err.contains("own record"), "{err}");
    let (ok, _, err) = chronolane(&["entry", &review, referral, "--to", "Nowhere"]);
    assert!(
        !ok && err.contains("No agency in this review is called 'Nowhere'"),
        "{err}"
    );
    let (ok, _, err) = chronolane(&["entry", &review, referral, "--level", "severe"]);
    assert!(!ok && err.contains("not a service level"), "{err}");

    let (ok, out, err) = chronolane(&["link", &review, "add", meeting, "responds_to", referral]);
    assert!(ok, "{err}");
    assert!(out.contains("responds to"), "{out}");
    let (_, list, _) = chronolane(&["link", &review, "list"]);
    assert_eq!(list.lines().count(), 1, "{list}");
    let (ok, _, err) = chronolane(&["link", &review, "add", meeting, "responds_to", meeting]);
    assert!(!ok && err.contains("itself"), "{err}");
    let link_id = list.split_whitespace().next().unwrap().to_string();
    let (ok, out, err) = chronolane(&["link", &review, "change", &link_id, "escalates"]);
    assert!(ok, "{err}");
    assert!(out.contains("escalates"), "{out}");
    let (_, list, _) = chronolane(&["link", &review, "list"]);
    assert!(
        list.contains("escalates") && !list.contains("responds to"),
        "{list}"
    );
    let (ok, _, err) = chronolane(&["link", &review, "change", &link_id, "duplicate_of"]);
    assert!(!ok && err.contains("duplicates review"), "{err}");
    let (ok, _, err) = chronolane(&["link", &review, "remove", &link_id]);
    assert!(ok, "{err}");
    let (_, list, _) = chronolane(&["link", &review, "list"]);
    assert_eq!(list, "No links.\n");

    let (ok, _, err) = chronolane(&["area", &review, "add", "Eastfield"]);
    assert!(ok, "{err}");
    let (ok, _, err) = chronolane(&["area", &review, "set", "Eastfield Police", "Eastfield"]);
    assert!(ok, "{err}");
    let (_, areas, _) = chronolane(&["area", &review, "list"]);
    assert_eq!(areas, "Eastfield: Eastfield Police\n");
    let (ok, _, err) = chronolane(&["area", &review, "set", "Eastfield Police", "Westfield"]);
    assert!(
        !ok && err.contains("No area is called 'Westfield'"),
        "{err}"
    );
}

#[test]
fn the_command_lines_session_keeps_no_files_of_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("review.chronolane");
    let mut s = chronolane::api::Session::without_app_files();
    s.create_review(
        &chronolane::api::FilePath(path.display().to_string()),
        None,
        chronolane::model::Review::default(),
    )
    .unwrap();
    assert!(s.recent_files().unwrap().is_empty());
    let err = s.open_demo().unwrap_err();
    assert_eq!(err.kind(), chronolane::ErrorKind::Missing);
    assert!(err.to_string().contains("chronolane demo FILE"), "{err}");
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| n.starts_with("review.chronolane")),
        "only the review (and its SQLite journal) in the folder, no recent list: {names:?}"
    );
}
