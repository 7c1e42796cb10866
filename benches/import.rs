//! Import and search benchmarks (`make bench`, or `cargo bench -p chronolane --bench import`).
//! They print numbers; they assert nothing about time.
//!
//! For 1,000, 10,000 and 100,000 CSV rows (`CHRONOLANE_BENCH_ROWS` picks one size):
//!
//! 1. Import into a new review file: preview (read, map and parse every row) and commit (one
//!    change set: the audit record, the entries and their full-text index).
//! 2. The floor, in the same run: a plain rusqlite bulk insert of the same entries into the
//!    review's own `entry` table (its indexes, no triggers, no audit) plus an FTS5 `rebuild`
//!    of the full-text index over them, in one transaction. Both files use the same settings
//!    (WAL, synchronous=FULL). The commit's ratio to it is printed on a line of its own.
//! 3. Undo of that import, and redo.
//! 4. Full-text search over the entries, as a reviewer types: p50, p95 and max.

use std::io::Write;
use std::time::{Duration, Instant};

use chronolane::api::Session;
use chronolane::import::{AgencyChoice, ImportRequest};
use chronolane::model::{Entry, Review};

const WORDS: &[&str] = &[
    "home visit",
    "strategy discussion",
    "referral",
    "mother",
    "father",
    "child seen",
    "no access",
    "health visitor",
    "social worker",
    "police attended",
    "domestic incident",
    "school",
    "nursery",
    "GP appointment",
    "missed",
    "alcohol",
    "bruise",
    "assessment",
    "case closed",
    "transfer",
    "housing",
    "MARAC",
    "conference",
    "core group",
    "letter",
    "telephone call",
    "concern",
    "information shared",
    "Southmoor",
    "Northbrook",
];

/// What a reviewer types into the search box, a letter at a time.
const TYPED: &[&str] = &[
    "home visit",
    "strategy disc",
    "no access",
    "domestic incident",
    "alcohol",
    "social worker",
    "Southmoor",
    "bruise",
    "case closed transfer",
    "PRAC12",
    "contact 4242",
    "information shared",
    "missed GP",
    "MARAC",
    "mother father",
];

fn write_csv(path: &std::path::Path, rows: usize) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(
        f,
        "Ref,Date,Time,Practitioner,Event or contact,Outcome,Comment"
    )
    .unwrap();
    let mut x: u64 = 7;
    let mut pick = || {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        WORDS[(x >> 33) as usize % WORDS.len()]
    };
    for i in 0..rows {
        let day = chrono::NaiveDate::from_ymd_opt(2012, 1, 1).unwrap()
            + chrono::Days::new((i / 40) as u64);
        let event = format!(
            "Contact {i}: {} with {}; {} noted about {} and {}.",
            pick(),
            pick(),
            pick(),
            pick(),
            pick()
        );
        writeln!(
            f,
            "R-{i},{},{:02}:{:02},PRAC{},\"{event}\",\"{} arranged\",\"{}\"",
            day.format("%d/%m/%Y"),
            8 + i % 10,
            i % 60,
            i % 50,
            pick(),
            if i % 7 == 0 { pick() } else { "" }
        )
        .unwrap();
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn configure(conn: &rusqlite::Connection) {
    let _: String = conn
        .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
        .unwrap();
    conn.pragma_update(None, "synchronous", "FULL").unwrap();
}

/// The floor: the same entries bulk-inserted into a review's `entry` table without triggers,
/// then the full-text index rebuilt over them, in one transaction.
fn floor(dir: &std::path::Path, entries: &[Entry]) -> (Duration, Duration) {
    let path = dir.join("floor.chronolane");
    drop(chronolane::api::create_review_file(&path, None, Review::default()).unwrap());
    let mut conn = rusqlite::Connection::open(&path).unwrap();
    configure(&conn);
    conn.execute_batch(
        "DROP TRIGGER entry_fts_insert;
         INSERT INTO agency (id, name, short_name, sector) VALUES (1, 'Police', 'Police', 'police');
         INSERT INTO source_document (id, file_name, content_hash, imported_at)
         VALUES (1, 'agency.csv', '', '2024-01-01 09:00:00');",
    )
    .unwrap();
    let t = Instant::now();
    let tx = conn.transaction().unwrap();
    {
        let mut stmt = tx
            .prepare(
                "INSERT INTO entry (date_precision, date_start, date_end, date_time,
                 date_approximate, date_as_written, agency_id, kind, suggested_kind, summary,
                 detail, outcome, comment, practitioner_as_written, source_id, source_location)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 1, ?14)",
            )
            .unwrap();
        for e in entries {
            stmt.execute(rusqlite::params![
                e.date.precision.code(),
                e.date.start.to_string(),
                e.date.end.to_string(),
                e.date.time.map(|t| t.to_string()),
                e.date.approximate,
                e.date_as_written,
                e.kind.code(),
                e.suggested_kind.map(|k| k.code()),
                e.summary,
                e.detail,
                e.outcome,
                e.comment,
                e.practitioner_as_written,
                e.source.as_ref().map(|s| s.location.clone()),
            ])
            .unwrap();
        }
    }
    let inserted = t.elapsed();
    tx.execute("INSERT INTO entry_fts (entry_fts) VALUES ('rebuild')", [])
        .unwrap();
    tx.commit().unwrap();
    (t.elapsed(), inserted)
}

struct Run {
    rows: usize,
    preview: Duration,
    commit: Duration,
    floor: Duration,
    floor_insert: Duration,
    undo: Duration,
    redo: Duration,
    search: Vec<Duration>,
    hits: usize,
}

fn run(rows: usize) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("agency.csv");
    write_csv(&csv, rows);
    let review = dir.path().join("review.chronolane");
    let store = chronolane::api::create_review_file(&review, None, Review::default()).unwrap();
    let mut session = Session::new(dir.path().join("app"));
    session.set_store(store);
    let request = ImportRequest::new(
        csv.display().to_string(),
        AgencyChoice::New {
            name: "Northbrook Police".into(),
            short_name: String::new(),
            sector: None,
        },
    );
    let t = Instant::now();
    let preview = session.preview_import(request.clone()).unwrap();
    let preview_time = t.elapsed();
    assert_eq!(preview.ready as usize, rows);
    let now = chrono::NaiveDate::from_ymd_opt(2024, 1, 1)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap();
    let t = Instant::now();
    let outcome = session
        .commit_import_at(request, now, &mut |_, _| true)
        .unwrap();
    // The commit reads and previews the file again, then writes: the write is the rest.
    let commit_time = t.elapsed().saturating_sub(preview_time);
    assert_eq!(outcome.entries as usize, rows);

    let entries = session.entries().unwrap();
    let (floor_time, floor_insert) = floor(dir.path(), &entries);

    let t = Instant::now();
    session.undo().unwrap();
    let undo = t.elapsed();
    assert_eq!(session.entries().unwrap().len(), 0);
    assert!(session
        .search_entries("contact".into(), 10)
        .unwrap()
        .is_empty());
    let t = Instant::now();
    session.redo().unwrap();
    let redo = t.elapsed();
    assert_eq!(session.entries().unwrap().len(), rows);

    let mut search = Vec::new();
    let mut hits = 0usize;
    for _round in 0..4 {
        for query in TYPED {
            for n in 1..=query.len() {
                let t = Instant::now();
                hits += session
                    .search_entries(query[..n].to_string(), 200)
                    .unwrap()
                    .len();
                search.push(t.elapsed());
            }
        }
    }
    search.sort();
    Run {
        rows,
        preview: preview_time,
        commit: commit_time,
        floor: floor_time,
        floor_insert,
        undo,
        redo,
        search,
        hits,
    }
}

fn percentile(times: &[Duration], q: f64) -> Duration {
    times[((times.len() as f64 - 1.0) * q).round() as usize]
}

fn main() {
    let sizes: Vec<usize> = match std::env::var("CHRONOLANE_BENCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        Some(n) => vec![n],
        None => vec![1_000, 10_000, 100_000],
    };
    println!("Import benchmark: CSV rows imported into a new review file (times in ms)");
    println!(
        "{:>8} {:>9} {:>9} {:>9} {:>7} {:>8} {:>8} {:>8} {:>8}",
        "rows", "preview", "commit", "floor", "ratio", "undo", "redo", "srch p50", "srch p95"
    );
    let mut runs = Vec::new();
    for &rows in &sizes {
        let r = run(rows);
        println!(
            "{:>8} {:>9.1} {:>9.1} {:>9.1} {:>6.2}x {:>8.1} {:>8.1} {:>8.2} {:>8.2}",
            r.rows,
            ms(r.preview),
            ms(r.commit),
            ms(r.floor),
            r.commit.as_secs_f64() / r.floor.as_secs_f64(),
            ms(r.undo),
            ms(r.redo),
            ms(percentile(&r.search, 0.5)),
            ms(percentile(&r.search, 0.95)),
        );
        runs.push(r);
    }
    let r = runs.last().unwrap();
    println!();
    println!("At {} rows:", r.rows);
    println!(
        "  preview (read, map, parse every row):          {:>9.1} ms",
        ms(r.preview)
    );
    println!(
        "  commit into the review (one change set):       {:>9.1} ms",
        ms(r.commit)
    );
    println!(
        "  floor: plain bulk insert + FTS5 rebuild:        {:>9.1} ms ({:.1} + {:.1})",
        ms(r.floor),
        ms(r.floor_insert),
        ms(r.floor - r.floor_insert)
    );
    println!(
        "ratio commit / floor: {:.2}x",
        r.commit.as_secs_f64() / r.floor.as_secs_f64()
    );
    println!(
        "  undo of the import:                            {:>9.1} ms",
        ms(r.undo)
    );
    println!(
        "  redo of the import:                            {:>9.1} ms",
        ms(r.redo)
    );
    println!(
        "  search, {} queries typed a letter at a time (200 results each, {} hits in all):",
        r.search.len(),
        r.hits
    );
    println!(
        "    p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        ms(percentile(&r.search, 0.5)),
        ms(percentile(&r.search, 0.95)),
        ms(*r.search.last().unwrap())
    );
}
