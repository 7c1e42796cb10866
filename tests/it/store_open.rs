//! Opening only what is whole (issue 10): damage that `quick_check` misses, files with
//! Chronolane's mark but no review, nothing created beside a refused file, read-only
//! reviews, and partial files from killed writes.

use std::path::{Path, PathBuf};
use std::process::Command;

use chronolane::model::*;
use chronolane::{ErrorKind, Store};

use crate::support::*;

fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

/// The names in a folder, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A review with `n` entries, checkpointed and closed (the file alone holds it all).
pub fn review_with_entries(dir: &Path, n: usize) -> PathBuf {
    let path = dir.join("review.chronolane");
    let store = Store::create_with(&path, None, |w| {
        w.set_review(&Review {
            title: "Integrity test".into(),
            subject: "Child T".into(),
            ..Review::default()
        })?;
        w.insert_agency(&agency(1, "CSC", Sector::ChildrensSocialCare))?;
        w.insert_agency(&agency(2, "HV", Sector::HealthVisiting))?;
        for i in 0..n {
            w.insert_entry(&entry(
                1 + (i % 2) as i64,
                day(2019, 1 + (i % 12) as u32, 1 + (i % 28) as u32),
                EntryKind::HomeVisit,
                &format!("Visit number {i}"),
            ))?;
        }
        Ok(())
    })
    .unwrap();
    store.checkpoint().unwrap();
    drop(store);
    path
}

/// Flips one byte inside a record of the index `index` (the last byte of its first cell: the
/// rowid the index points to). The b-tree stays well formed, so `quick_check` passes, but the
/// index no longer matches its table.
pub fn flip_byte_in_index(path: &Path, index: &str) {
    let (root, page_size): (i64, i64) = {
        let conn = rusqlite::Connection::open(path).unwrap();
        let root = conn
            .query_row(
                "SELECT rootpage FROM sqlite_schema WHERE type = 'index' AND name = ?1",
                [index],
                |r| r.get(0),
            )
            .unwrap();
        let size = conn
            .query_row("PRAGMA page_size", [], |r| r.get(0))
            .unwrap();
        (root, size)
    };
    let mut content = bytes(path);
    let page = ((root - 1) * page_size) as usize;
    assert_eq!(content[page], 0x0A, "the index root should be a leaf page");
    let cell = u16::from_be_bytes([content[page + 8], content[page + 9]]) as usize;
    // A one-byte payload-size varint (small records), then the payload.
    let payload = content[page + cell] as usize;
    assert!(payload < 0x80);
    let last = page + cell + payload;
    content[last] ^= 0x01;
    std::fs::write(path, &content).unwrap();
}

fn check(path: &Path, pragma: &str) -> String {
    let conn = rusqlite::Connection::open_with_flags(
        format!("file:{}?mode=ro&immutable=1", path.display()),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_URI,
    )
    .unwrap();
    conn.query_row(&format!("PRAGMA {pragma}"), [], |r| r.get(0))
        .unwrap()
}

#[test]
fn damage_in_an_index_that_quick_check_misses_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = review_with_entries(dir.path(), 40);
    flip_byte_in_index(&path, "entry_agency");
    // The damage is the kind the old check let through.
    assert_eq!(check(&path, "quick_check"), "ok");
    assert_ne!(check(&path, "integrity_check"), "ok");
    let before = bytes(&path);
    let names = listing(dir.path());
    let err = Store::open(&path, None).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Damaged, "{err}");
    let text = err.to_string();
    assert!(text.contains("This review file is damaged"), "{text}");
    assert!(
        text.contains("open your most recent backup")
            || text.contains("Open your most recent backup"),
        "{text}"
    );
    assert_eq!(bytes(&path), before);
    assert_eq!(
        listing(dir.path()),
        names,
        "something was created beside it"
    );
}

#[test]
fn an_import_does_not_land_on_top_of_damage() {
    let dir = tempfile::tempdir().unwrap();
    let path = review_with_entries(dir.path(), 40);
    flip_byte_in_index(&path, "entry_order");
    let csv = dir.path().join("agency.csv");
    std::fs::write(
        &csv,
        "Date,Event\n12/06/2019,Home visit by the health visitor\n",
    )
    .unwrap();
    let before = bytes(&path);
    let out = Command::new(env!("CARGO_BIN_EXE_chronolane"))
        .args([
            "import",
            path.to_str().unwrap(),
            csv.to_str().unwrap(),
            "--agency",
            "GP",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("This review file is damaged"), "{err}");
    assert_eq!(bytes(&path), before);
    assert_eq!(listing(dir.path()), vec!["agency.csv", "review.chronolane"]);
}

#[test]
fn a_file_with_our_mark_but_no_review_is_refused_not_migrated() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("marked.chronolane");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "application_id", chronolane::store::APPLICATION_ID)
            .unwrap();
    }
    let before = bytes(&path);
    let err = Store::open(&path, None).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotAReview, "{err}");
    assert!(!err.to_string().contains("Query returned no rows"), "{err}");
    assert!(err.to_string().contains("holds no review"), "{err}");
    assert_eq!(bytes(&path), before, "the file was changed");
    assert_eq!(listing(dir.path()), vec!["marked.chronolane"]);
}

#[test]
fn a_review_with_a_table_or_its_details_missing_is_called_damaged_in_plain_words() {
    let dir = tempfile::tempdir().unwrap();
    let path = review_with_entries(dir.path(), 3);
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("DROP TABLE kpe_factor; PRAGMA journal_mode = DELETE;")
            .unwrap();
    }
    let err = Store::open(&path, None).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Damaged, "{err}");
    let text = err.to_string();
    assert!(!text.contains("no such table"), "{text}");
    assert!(
        text.contains("parts of the review are missing: kpe_factor"),
        "{text}"
    );

    let path = review_with_entries(&dir.path().join("b").tap_mkdir(), 3);
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("DELETE FROM review; PRAGMA journal_mode = DELETE;")
            .unwrap();
    }
    let err = Store::open(&path, None).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Damaged, "{err}");
    assert!(!err.to_string().contains("Query returned no rows"), "{err}");
}

trait MkDir {
    fn tap_mkdir(self) -> PathBuf;
}

impl MkDir for PathBuf {
    fn tap_mkdir(self) -> PathBuf {
        std::fs::create_dir_all(&self).unwrap();
        self
    }
}

#[test]
fn a_plain_review_with_a_damaged_start_is_called_damaged_not_encrypted() {
    let dir = tempfile::tempdir().unwrap();
    let path = review_with_entries(dir.path(), 3);
    let mut content = bytes(&path);
    content[0..6].copy_from_slice(b"XXXXXX");
    std::fs::write(&path, &content).unwrap();
    let err = Store::open(&path, None).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Damaged, "{err}");
    assert!(!err.to_string().contains("encrypted"), "{err}");
    assert_eq!(bytes(&path), content);
}

#[test]
fn refused_files_have_nothing_created_beside_them() {
    let dir = tempfile::tempdir().unwrap();
    // Damaged pages.
    let path = review_with_entries(&dir.path().join("a").tap_mkdir(), 40);
    let mut content = bytes(&path);
    for b in &mut content[4096 + 8..4096 + 600] {
        *b = 0xA5;
    }
    std::fs::write(&path, &content).unwrap();
    // A newer version.
    let newer = review_with_entries(&dir.path().join("b").tap_mkdir(), 3);
    {
        let conn = rusqlite::Connection::open(&newer).unwrap();
        conn.execute_batch("PRAGMA user_version = 99; PRAGMA journal_mode = DELETE;")
            .unwrap();
    }
    // An encrypted review opened with the wrong passphrase.
    let secret = dir.path().join("c").tap_mkdir().join("s.chronolane");
    Store::create(&secret, Some("right passphrase"), &Review::default()).unwrap();
    for (file, pass) in [
        (&path, None),
        (&newer, None),
        (&secret, Some("wrong passphrase")),
    ] {
        let folder = file.parent().unwrap();
        let names = listing(folder);
        let before = bytes(file);
        assert!(Store::open(file, pass).is_err());
        assert_eq!(listing(folder), names, "{}", file.display());
        assert_eq!(bytes(file), before);
    }
}

/// Linux: elsewhere a partial file is taken to be abandoned only after a day.
#[cfg(target_os = "linux")]
#[test]
fn stale_partial_files_are_removed_when_a_review_is_opened() {
    let dir = tempfile::tempdir().unwrap();
    let path = review_with_entries(dir.path(), 3);
    let mut child = Command::new("true").spawn().unwrap();
    let dead = child.id();
    child.wait().unwrap();
    let stale = [
        dir.path()
            .join(format!(".review.chronolane.{dead}.partial")),
        dir.path()
            .join(format!(".review.chronolane.{dead}.partial-journal")),
        dir.path().join(format!(".report.docx.{dead}.partial")),
    ];
    for p in &stale {
        std::fs::write(p, b"left by a killed write").unwrap();
    }
    let kept = dir.path().join("notes.partial");
    std::fs::write(&kept, b"not ours").unwrap();
    let store = Store::open(&path, None).unwrap();
    for p in &stale {
        assert!(!p.exists(), "{} was left", p.display());
    }
    assert!(kept.exists());
    drop(store);
}

#[test]
fn a_review_left_with_an_unfinished_write_ahead_log_opens_with_its_last_change() {
    let dir = tempfile::tempdir().unwrap();
    let path = review_with_entries(dir.path(), 3);
    // A process that committed a change and was killed before it closed the file: the change
    // is only in the -wal, and the -shm index is not usable (here: zeroed).
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch("PRAGMA journal_mode = WAL; UPDATE review SET title = 'After the kill';")
        .unwrap();
    let copy = dir.path().join("copy").tap_mkdir();
    let target = copy.join("review.chronolane");
    std::fs::copy(&path, &target).unwrap();
    let wal = std::fs::read(format!("{}-wal", path.display())).unwrap();
    assert!(!wal.is_empty());
    std::fs::write(format!("{}-wal", target.display()), &wal).unwrap();
    std::fs::write(format!("{}-shm", target.display()), vec![0u8; 32 * 1024]).unwrap();
    drop(conn);
    let store = Store::open(&target, None).unwrap();
    assert_eq!(store.read().review().unwrap().title, "After the kill");
}

#[test]
fn a_review_left_with_a_hot_rollback_journal_opens_as_it_was_before_the_change() {
    let dir = tempfile::tempdir().unwrap();
    let path = review_with_entries(dir.path(), 300);
    // A process killed in the middle of a change in rollback-journal mode (as while the file
    // is switched to write-ahead logging): the file holds part of the change, the -journal
    // what it replaced.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "PRAGMA journal_mode = DELETE; PRAGMA cache_size = 1; BEGIN;
         UPDATE entry SET summary = summary || ' changed';",
    )
    .unwrap();
    let copy = dir.path().join("copy").tap_mkdir();
    let target = copy.join("review.chronolane");
    std::fs::copy(&path, &target).unwrap();
    let journal = std::fs::read(format!("{}-journal", path.display())).unwrap();
    assert!(!journal.is_empty());
    std::fs::write(format!("{}-journal", target.display()), &journal).unwrap();
    conn.execute_batch("ROLLBACK;").unwrap();
    drop(conn);
    let store = Store::open(&target, None).unwrap();
    let entries = store.read().entries().unwrap();
    assert_eq!(entries.len(), 300);
    assert!(entries.iter().all(|e| !e.summary.ends_with(" changed")));
}

/// Measures the full check on a 100,000-entry review, plain and encrypted (run with
/// `--ignored --nocapture`).
#[test]
#[ignore]
fn integrity_check_time_on_a_large_review() {
    let dir = tempfile::tempdir().unwrap();
    let data = chronolane::analysis::synthetic::synthetic_review(100_000, 7);
    for passphrase in [None, Some("a long test passphrase")] {
        let path = dir
            .path()
            .join(format!("large-{}.chronolane", passphrase.is_some()));
        Store::create_with(&path, passphrase, |w| data.insert_into(w)).unwrap();
        let started = std::time::Instant::now();
        let store = Store::open(&path, passphrase).unwrap();
        let open = started.elapsed();
        assert_eq!(store.read().entry_count().unwrap(), 100_000);
        drop(store);
        let size = std::fs::metadata(&path).unwrap().len();
        let timed = |pragma: &str| {
            let conn = rusqlite::Connection::open(&path).unwrap();
            if let Some(p) = passphrase {
                conn.pragma_update(None, "key", p).unwrap();
            }
            let started = std::time::Instant::now();
            let result: String = conn
                .query_row(&format!("PRAGMA {pragma}"), [], |r| r.get(0))
                .unwrap();
            assert_eq!(result, "ok");
            started.elapsed()
        };
        println!(
            "100k entries, {:.1} MB, encrypted {}: open (with the full check) {:?}; \
             integrity_check alone {:?}; quick_check alone {:?}",
            size as f64 / 1e6,
            passphrase.is_some(),
            open,
            timed("integrity_check"),
            timed("quick_check"),
        );
    }
}

#[test]
fn a_review_from_before_a_migration_is_whole_and_gains_the_new_tables_when_opened() {
    // A review written before migration 2 (the agency requests) has no agency_request table
    // (nor the later migrations' columns and tables): that is not damage, and opening it
    // adds them.
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = small_review(dir.path());
    drop(store);
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        // Migrations 2 to 7 out: the agency requests, the agency comment (and its search
        // index), the briefing, the child's date of birth, the receiving agencies' table;
        // version 1's search index back.
        let init = include_str!("../../migrations/0001_init.sql");
        let v1_search = &init[init.find("-- Full-text search over entries").unwrap()..];
        conn.execute_batch(
            "DROP TABLE agency_request; DROP TABLE briefing; DROP TABLE entry_receiver;
             DROP TRIGGER entry_fts_insert; DROP TRIGGER entry_fts_delete;
             DROP TRIGGER entry_fts_update; DROP TABLE entry_fts;
             ALTER TABLE entry DROP COLUMN agency_comment;
             ALTER TABLE review DROP COLUMN child_date_of_birth;",
        )
        .unwrap();
        conn.execute_batch(v1_search).unwrap();
        conn.execute_batch(
            "INSERT INTO entry_fts(entry_fts) VALUES ('rebuild'); PRAGMA user_version = 1;",
        )
        .unwrap();
    }
    let store = Store::open(&path, None).expect("a version 1 review opens");
    assert!(store.read().agency_requests().unwrap().is_empty());
    assert_eq!(store.read().review().unwrap().child_date_of_birth, None);
    assert_eq!(store.read().entry_count().unwrap(), 3);
    // Migration 3: every entry has an (empty) agency comment.
    assert!(store
        .read()
        .entries()
        .unwrap()
        .iter()
        .all(|e| e.agency_comment.is_empty()));
}
