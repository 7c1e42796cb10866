//! The `chronolane` binary, run as a reviewer or a script would.

use std::process::Command;

fn chronolane(args: &[&str]) -> (bool, String, String) {
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
