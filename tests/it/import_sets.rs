//! Imports recorded by set (issue 14): an import's entries are indexed for search in one
//! statement and recorded for undo as whole sets of rows. Search must stay exact, and the
//! review must come back exactly, after an import, its undo and redo, a cancelled import, a
//! replaced return and edits in between; the history still counts every row.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chronolane::api::Session;
use chronolane::import::{AgencyChoice, ImportRequest};
use chronolane::model::*;
use chronolane::{Error, Store};

use super::support::{day, import_time, session_on_new_review};

fn session_in(dir: &Path) -> (Session, PathBuf) {
    session_on_new_review(dir, "Review of Child Q", "Child Q")
}

/// A police CSV of `rows` rows numbered from `from`, each naming `word` and a word of its own.
fn write_csv(path: &Path, from: usize, rows: usize, word: &str) {
    use std::io::Write;
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(f, "Date,Time,Officer,Event,Outcome").unwrap();
    for i in from..from + rows {
        let d = day(2016, 1, 1) + chrono::Days::new((i % 900) as u64);
        writeln!(
            f,
            "{},{:02}:{:02},PC {},\"Contact {i}: {word} visit, item{i} noted\",Advice {}",
            d.format("%d/%m/%Y"),
            i % 24,
            i % 60,
            i % 13,
            if i % 3 == 0 { "given" } else { "refused" }
        )
        .unwrap();
    }
}

/// The review at `path` opened again, as the app would after a restart.
fn reopen(dir: &Path, path: &Path) -> Session {
    let mut session = Session::new(dir.join("app"));
    session.set_store(Store::open(path, None).unwrap());
    session
}

fn import(s: &mut Session, file: &Path, agency: &str) -> chronolane::Result<()> {
    let request = ImportRequest::new(
        file.display().to_string(),
        AgencyChoice::New {
            name: agency.into(),
            short_name: String::new(),
            sector: None,
        },
    );
    s.commit_import_at(request, import_time(), &mut |_, _| true)
        .map(|_| ())
}

/// Everything in the review as canonical JSON.
fn snapshot(s: &Session) -> String {
    let store = s.store_ref().unwrap();
    chronolane::json::ReviewData::load(&store.read())
        .unwrap()
        .to_json()
        .unwrap()
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// What an exact search returns, worked out from the entries themselves: those whose text
/// has, for every word of the query, a word starting with it.
fn expected(entries: &[Entry], query: &str) -> BTreeSet<EntryId> {
    let terms = words(query);
    entries
        .iter()
        .filter(|e| {
            let text = words(&format!(
                "{} {} {} {} {}",
                e.summary, e.detail, e.outcome, e.comment, e.practitioner_as_written
            ));
            terms.iter().all(|t| text.iter().any(|w| w.starts_with(t)))
        })
        .map(|e| e.id)
        .collect()
}

const QUERIES: &[&str] = &[
    "alpha",
    "bravo",
    "charlie",
    "contact",
    "item1",
    "item25",
    "advice giv",
    "advice refused",
    "visit noted",
    "pc 7",
];

/// Search finds exactly the entries whose text matches, for every query.
fn assert_search_exact(s: &Session, when: &str) {
    let entries = s.entries().unwrap();
    for q in QUERIES {
        let all = s.search_entries(q.to_string(), 5000).unwrap();
        let found: BTreeSet<EntryId> = all.iter().map(|m| m.entry).collect();
        assert_eq!(found, expected(&entries, q), "search for {q:?} {when}");
        // A limit gives the first hits in chronological order, with the same snippets.
        let first = s.search_entries(q.to_string(), 7).unwrap();
        assert_eq!(
            first[..],
            all[..all.len().min(7)],
            "first hits for {q:?} {when}"
        );
    }
}

/// SQLite's own check of the full-text index against the entries it indexes.
fn assert_index_whole(path: &Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute(
        "INSERT INTO entry_fts (entry_fts, rank) VALUES ('integrity-check', 1)",
        [],
    )
    .unwrap();
}

fn count(path: &Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn search_is_exact_after_imports_their_undo_and_redo_and_edits_between() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, path) = session_in(dir.path());
    let (a, b) = (dir.path().join("a.csv"), dir.path().join("b.csv"));
    write_csv(&a, 0, 300, "alpha");
    write_csv(&b, 300, 200, "bravo");
    import(&mut s, &a, "Northbrook Police").unwrap();
    assert_search_exact(&s, "after the first import");
    let one = snapshot(&s);
    import(&mut s, &b, "Southmoor Police").unwrap();
    assert_eq!(s.search_entries("bravo".into(), 5000).unwrap().len(), 200);
    // An edit to an imported entry, and a deletion, each indexed as they happen.
    let mut edited = s
        .entries()
        .unwrap()
        .into_iter()
        .find(|e| e.summary.contains("Contact 450:"))
        .unwrap();
    edited.summary = "Contact 450: charlie came to the door".into();
    s.update_entry(edited).unwrap();
    let gone = s.entries().unwrap()[3].id;
    s.delete_entries(vec![gone]).unwrap();
    assert_search_exact(&s, "after an edit and a deletion");
    let two = snapshot(&s);

    for _ in 0..3 {
        s.undo().unwrap();
    }
    assert_eq!(snapshot(&s), one, "three undos: back to the first import");
    assert_search_exact(&s, "after undoing the second import");
    assert!(s.search_entries("bravo".into(), 10).unwrap().is_empty());
    s.undo().unwrap();
    assert!(s.entries().unwrap().is_empty());
    assert_search_exact(&s, "after undoing both imports");

    for _ in 0..4 {
        s.redo().unwrap();
    }
    assert_eq!(snapshot(&s), two, "four redos: everything back");
    assert_search_exact(&s, "after redoing everything");
    assert_eq!(s.search_entries("charlie".into(), 10).unwrap().len(), 1);
    drop(s);
    assert_index_whole(&path);
    // Nothing is kept for redo once everything is redone.
    assert_eq!(count(&path, "SELECT count(*) FROM audit_set_row"), 0);
}

#[test]
fn a_cancelled_import_leaves_search_as_it_was_and_later_writes_are_indexed() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, path) = session_in(dir.path());
    let (a, b) = (dir.path().join("a.csv"), dir.path().join("b.csv"));
    write_csv(&a, 0, 120, "alpha");
    write_csv(&b, 1000, 3000, "bravo");
    import(&mut s, &a, "Northbrook Police").unwrap();
    let before = snapshot(&s);
    let request = ImportRequest::new(
        b.display().to_string(),
        AgencyChoice::New {
            name: "Southmoor Police".into(),
            short_name: String::new(),
            sector: None,
        },
    );
    let err = s
        .commit_import_at(request, import_time(), &mut |done, _| done < 2000)
        .unwrap_err();
    assert!(matches!(err, Error::Cancelled), "{err}");
    assert_eq!(snapshot(&s), before);
    assert!(s.search_entries("bravo".into(), 10).unwrap().is_empty());
    assert_search_exact(&s, "after a cancelled import");
    // The index's triggers are not left standing aside: a typed entry is found at once.
    let agency = s.overview().unwrap().agencies[0].id;
    s.add_entry(agency, "12/06/2016".into(), "charlie seen at school".into())
        .unwrap();
    assert_eq!(s.search_entries("charlie".into(), 10).unwrap().len(), 1);
    assert_search_exact(&s, "after a typed entry");
    drop(s);
    assert_index_whole(&path);
    assert_eq!(count(&path, "SELECT count(*) FROM fts_paused"), 0);
}

#[test]
fn the_history_counts_every_row_of_an_import_and_shows_its_entries_as_one_set() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = session_in(dir.path());
    let a = dir.path().join("a.csv");
    write_csv(&a, 0, 250, "alpha");
    import(&mut s, &a, "Northbrook Police").unwrap();
    let change = &s.recent_changes(5).unwrap()[0];
    assert!(
        change.action.starts_with("Import a.csv"),
        "{}",
        change.action
    );
    // 250 entries, the agency, the source document and the remembered mapping at least.
    assert!(change.rows_changed >= 253, "{}", change.rows_changed);
    let rows = s.change_rows(change.id.clone()).unwrap();
    let entries: Vec<_> = rows.iter().filter(|r| r.table == "entry").collect();
    assert_eq!(entries.len(), 1, "the entries are one record: {entries:?}");
    assert_eq!(entries[0].operation, "insert");
    assert_eq!(entries[0].row, "1–250");
    assert!(
        entries[0].after.contains("\"rows\":250"),
        "{}",
        entries[0].after
    );
    assert!(rows.iter().any(|r| r.table == "agency"), "{rows:?}");
    // Its undo is counted the same way.
    s.undo().unwrap();
    let undo = &s.recent_changes(5).unwrap()[0];
    assert!(
        undo.action.starts_with("Undo: Import a.csv"),
        "{}",
        undo.action
    );
    assert_eq!(undo.rows_changed, change.rows_changed);
    assert!(s
        .store_ref()
        .unwrap()
        .read()
        .audit_log(10)
        .unwrap()
        .iter()
        .any(|r| r.table == "entry" && r.operation == "delete" && r.row == "1–250"));
}

#[test]
fn rows_kept_to_redo_an_import_are_let_go_when_a_new_edit_ends_redo() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, path) = session_in(dir.path());
    let a = dir.path().join("a.csv");
    write_csv(&a, 0, 150, "alpha");
    import(&mut s, &a, "Northbrook Police").unwrap();
    s.undo().unwrap();
    assert!(s.overview().unwrap().history.redo.is_some());
    assert_eq!(
        count(&path, "SELECT count(*) FROM audit_set_image_entry"),
        150,
        "the undone import's entries are kept, as rows, for redo"
    );
    s.add_agency("Westvale GP surgery".into(), None).unwrap();
    assert!(s.overview().unwrap().history.redo.is_none());
    drop(s);
    assert_eq!(count(&path, "SELECT count(*) FROM audit_set_row"), 0);
    for table in ["entry", "entry_person", "entry_tag", "entry_receiver"] {
        let kept = count(
            &path,
            &format!("SELECT count(*) FROM audit_set_image_{table}"),
        );
        assert_eq!(kept, 0, "{table} rows kept after redo ended");
    }
}

#[test]
fn an_import_undone_before_rows_were_kept_as_rows_is_redone_from_its_json_images() {
    // Schema 6 to 8 kept an undone import's rows as JSON images in audit_set_row: a file
    // closed with such an undo pending still redoes exactly.
    let dir = tempfile::tempdir().unwrap();
    let (mut s, path) = session_in(dir.path());
    let a = dir.path().join("a.csv");
    write_csv(&a, 0, 120, "alpha");
    import(&mut s, &a, "Northbrook Police").unwrap();
    let imported = snapshot(&s);
    s.undo().unwrap();
    drop(s);
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        for table in ["entry", "entry_person", "entry_tag", "entry_receiver"] {
            let columns: Vec<String> = conn
                .prepare(&format!("PRAGMA table_info({table})"))
                .unwrap()
                .query_map([], |r| r.get::<_, String>("name"))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            let image: Vec<String> = columns.iter().map(|c| format!("'{c}', \"{c}\"")).collect();
            conn.execute_batch(&format!(
                "INSERT INTO audit_set_row (set_id, row_id, image)
                 SELECT set_id, row_id, json_object({}) FROM audit_set_image_{table};
                 DELETE FROM audit_set_image_{table};",
                image.join(", ")
            ))
            .unwrap();
        }
    }
    assert!(count(&path, "SELECT count(*) FROM audit_set_row") >= 120);
    let mut s = reopen(dir.path(), &path);
    s.redo().unwrap();
    assert_eq!(snapshot(&s), imported);
    assert_search_exact(&s, "after redo from JSON images");
    drop(s);
    assert_eq!(count(&path, "SELECT count(*) FROM audit_set_row"), 0);
}

#[test]
fn a_column_added_to_entries_after_schema_9_is_kept_through_undo_and_redo() {
    // A later migration that adds a column to `entry` need not touch the kept-rows table:
    // the store adds the column there when it first keeps rows.
    let dir = tempfile::tempdir().unwrap();
    let (mut s, path) = session_in(dir.path());
    drop(s);
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("ALTER TABLE entry ADD COLUMN later TEXT NOT NULL DEFAULT 'none'")
            .unwrap();
    }
    s = reopen(dir.path(), &path);
    let a = dir.path().join("a.csv");
    write_csv(&a, 0, 40, "alpha");
    import(&mut s, &a, "Northbrook Police").unwrap();
    drop(s);
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute("UPDATE entry SET later = 'kept ' || id", [])
        .unwrap();
    drop(conn);
    let mut s = reopen(dir.path(), &path);
    s.undo().unwrap();
    assert!(s.entries().unwrap().is_empty());
    s.redo().unwrap();
    drop(s);
    assert_eq!(
        count(
            &path,
            "SELECT count(*) FROM entry WHERE later = 'kept ' || id"
        ),
        40
    );
}

#[test]
fn an_import_whose_rows_were_changed_outside_the_app_is_not_undone_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, path) = session_in(dir.path());
    let a = dir.path().join("a.csv");
    write_csv(&a, 0, 100, "alpha");
    import(&mut s, &a, "Northbrook Police").unwrap();
    drop(s);
    {
        // Another program deletes one of the imported entries.
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute("DELETE FROM entry WHERE id = 40", []).unwrap();
    }
    let mut s = Session::new(dir.path().join("app"));
    s.set_store(Store::open(&path, None).unwrap());
    let before = snapshot(&s);
    let err = s.undo().unwrap_err().to_string();
    assert!(err.contains("cannot be undone"), "{err}");
    assert!(err.contains("Nothing was changed"), "{err}");
    assert_eq!(snapshot(&s), before);
    assert_eq!(s.entries().unwrap().len(), 99);
    assert_search_exact(&s, "after a refused undo");
}

#[test]
fn a_replaced_return_undoes_and_redoes_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, path) = session_in(dir.path());
    let (v1, v2) = (dir.path().join("v1.csv"), dir.path().join("v2.csv"));
    write_csv(&v1, 0, 200, "alpha");
    // The corrected return repeats half the first and adds new rows.
    write_csv(&v2, 100, 200, "alpha");
    import(&mut s, &v1, "Northbrook Police").unwrap();
    let before = snapshot(&s);
    let agency = s.overview().unwrap().agencies[0].id;
    let request = ImportRequest::new(
        v2.display().to_string(),
        AgencyChoice::Existing { id: agency },
    );
    s.replace_return_at(request, import_time(), &mut |_, _| true)
        .unwrap();
    let after = snapshot(&s);
    assert_eq!(s.entries().unwrap().len(), 200);
    assert_search_exact(&s, "after the return is replaced");
    s.undo().unwrap();
    assert_eq!(snapshot(&s), before);
    assert_search_exact(&s, "after undoing the replacement");
    s.redo().unwrap();
    assert_eq!(snapshot(&s), after);
    assert_search_exact(&s, "after redoing the replacement");
    drop(s);
    assert_index_whole(&path);
}

/// The app's replacement of a return (under the import handle) reports what it kept, added
/// and took out, and keeps the reviewer's comment on an entry the new return repeats.
#[test]
fn the_app_replaces_a_return_and_says_what_it_kept_added_and_took_out() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _path) = session_in(dir.path());
    let (v1, v2) = (dir.path().join("v1.csv"), dir.path().join("v2.csv"));
    write_csv(&v1, 0, 10, "alpha");
    // The corrected return repeats rows 5..10 and adds five new ones.
    write_csv(&v2, 5, 10, "alpha");
    import(&mut s, &v1, "Northbrook Police").unwrap();
    let kept_one = s
        .entries()
        .unwrap()
        .into_iter()
        .find(|e| e.summary.contains("Contact 7:"))
        .expect("a row both returns hold");
    let mut commented = kept_one.clone();
    commented.comment = "The reviewer's note".into();
    s.update_entry(commented).unwrap();
    let agency = s.overview().unwrap().agencies[0].id;
    let request = ImportRequest::new(
        v2.display().to_string(),
        AgencyChoice::Existing { id: agency },
    );
    let done = s.replace_return(request).unwrap();
    assert_eq!((done.kept, done.added, done.removed), (5, 5, 5));
    assert_eq!(done.replaced_files, vec!["v1.csv".to_string()]);
    assert_eq!(done.overview.counts.entries, 10);
    let kept = s
        .entries()
        .unwrap()
        .into_iter()
        .find(|e| e.summary.contains("Contact 7:"))
        .unwrap();
    assert_eq!(kept.comment, "The reviewer's note");
}
