//! Import and search benchmarks (`make bench`, or `cargo bench -p chronolane --bench import`).
//! They print numbers; they assert nothing about time.
//!
//! 1. Import of 100,000 CSV rows into a review file (preview: read, map and parse every row;
//!    commit: one change set with the audit log and the full-text index), against a plain
//!    rusqlite bulk insert of the same rows in the same run: into a bare table with the
//!    entry table's columns, and into a review's own `entry` table (full-text index triggers
//!    firing, no audit log). Both files use the same settings (WAL, synchronous=FULL).
//! 2. Undo of that import.
//! 3. Full-text search over the 100,000 entries, as a reviewer types: p50, p95 and max.
//!
//! Set `CHRONOLANE_BENCH_ROWS` to change the number of rows.

use std::io::Write;
use std::time::{Duration, Instant};

use chronolane::api::Session;
use chronolane::import::{AgencyChoice, ImportRequest};
use chronolane::model::Review;

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

fn main() {
    let rows: usize = std::env::var("CHRONOLANE_BENCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("agency.csv");
    write_csv(&csv, rows);
    println!(
        "Import benchmark: {rows} CSV rows ({} KB)",
        std::fs::metadata(&csv).unwrap().len() / 1024
    );

    // --- Chronolane: preview and commit into a review file. ---
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
    let total_time = t.elapsed(); // reads and previews the file again, then writes
    assert_eq!(outcome.entries as usize, rows);
    let commit_time = total_time.saturating_sub(preview_time);

    // --- Baselines: plain rusqlite bulk inserts of the same rows, same settings. ---
    let entries = session.entries().unwrap();
    let bare = dir.path().join("bare.sqlite");
    let mut conn = rusqlite::Connection::open(&bare).unwrap();
    configure(&conn);
    conn.execute_batch(
        "CREATE TABLE entry (id INTEGER PRIMARY KEY, date_precision TEXT, date_start TEXT,
         date_end TEXT, date_time TEXT, date_approximate INTEGER, date_as_written TEXT,
         agency_id INTEGER, kind TEXT, suggested_kind TEXT, summary TEXT, detail TEXT,
         outcome TEXT, comment TEXT, practitioner_as_written TEXT, source_id INTEGER,
         source_location TEXT)",
    )
    .unwrap();
    let insert_sql = "INSERT INTO entry (date_precision, date_start, date_end, date_time,
         date_approximate, date_as_written, agency_id, kind, suggested_kind, summary, detail,
         outcome, comment, practitioner_as_written, source_id, source_location)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)";
    let bulk = |conn: &mut rusqlite::Connection| {
        let t = Instant::now();
        let tx = conn.transaction().unwrap();
        {
            let mut stmt = tx.prepare(insert_sql).unwrap();
            for e in &entries {
                stmt.execute(rusqlite::params![
                    e.date.precision.code(),
                    e.date.start.to_string(),
                    e.date.end.to_string(),
                    e.date.time.map(|t| t.to_string()),
                    e.date.approximate,
                    e.date_as_written,
                    e.agency.0,
                    e.kind.code(),
                    e.suggested_kind.map(|k| k.code()),
                    e.summary,
                    e.detail,
                    e.outcome,
                    e.comment,
                    e.practitioner_as_written,
                    e.source.as_ref().map(|s| s.document.0),
                    e.source.as_ref().map(|s| s.location.clone()),
                ])
                .unwrap();
            }
        }
        tx.commit().unwrap();
        t.elapsed()
    };
    let bare_time = bulk(&mut conn);
    drop(conn);
    // The review's own schema (full-text index triggers), written directly: no audit log.
    let plain_review = dir.path().join("plain.chronolane");
    drop(chronolane::api::create_review_file(&plain_review, None, Review::default()).unwrap());
    let mut conn = rusqlite::Connection::open(&plain_review).unwrap();
    configure(&conn);
    conn.execute_batch(
        "INSERT INTO agency (id, name, short_name, sector) VALUES (1, 'Police', 'Police', 'police');
         INSERT INTO source_document (id, file_name, content_hash, imported_at)
         VALUES (1, 'agency.csv', '', '2024-01-01 09:00:00');",
    )
    .unwrap();
    let schema_time = bulk(&mut conn);
    drop(conn);
    // The same without the full-text index trigger (the entry table's indexes only), to show
    // what the index costs.
    let no_fts = dir.path().join("no-fts.chronolane");
    drop(chronolane::api::create_review_file(&no_fts, None, Review::default()).unwrap());
    let mut conn = rusqlite::Connection::open(&no_fts).unwrap();
    configure(&conn);
    conn.execute_batch(
        "DROP TRIGGER entry_fts_insert;
         INSERT INTO agency (id, name, short_name, sector) VALUES (1, 'Police', 'Police', 'police');
         INSERT INTO source_document (id, file_name, content_hash, imported_at)
         VALUES (1, 'agency.csv', '', '2024-01-01 09:00:00');",
    )
    .unwrap();
    let no_fts_time = bulk(&mut conn);
    drop(conn);

    println!(
        "  preview (read, map, parse {rows} rows):      {:>9.1} ms",
        ms(preview_time)
    );
    println!(
        "  commit into the review (one change set):     {:>9.1} ms",
        ms(commit_time)
    );
    println!(
        "  preview + commit:                            {:>9.1} ms",
        ms(total_time)
    );
    println!(
        "  plain rusqlite bulk insert, bare table:      {:>9.1} ms",
        ms(bare_time)
    );
    println!(
        "  plain rusqlite bulk insert, review schema:   {:>9.1} ms",
        ms(schema_time)
    );
    println!(
        "    (the same without the full-text index:     {:>9.1} ms)",
        ms(no_fts_time)
    );
    println!(
        "  ratio commit / bare bulk insert:             {:>9.2}x",
        commit_time.as_secs_f64() / bare_time.as_secs_f64()
    );
    println!(
        "  ratio commit / review-schema bulk insert:    {:>9.2}x",
        commit_time.as_secs_f64() / schema_time.as_secs_f64()
    );
    println!(
        "  ratio preview + commit / bare bulk insert:   {:>9.2}x",
        total_time.as_secs_f64() / bare_time.as_secs_f64()
    );

    // --- Undo of the import. ---
    let t = Instant::now();
    session.undo().unwrap();
    let undo_time = t.elapsed();
    assert_eq!(session.entries().unwrap().len(), 0);
    println!(
        "  undo of the import ({rows} rows):            {:>9.1} ms",
        ms(undo_time)
    );
    session.redo().unwrap();
    assert_eq!(session.entries().unwrap().len(), rows);

    // --- Search as the reviewer types. ---
    let typed = [
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
    let mut times = Vec::new();
    let mut hits = 0usize;
    for _round in 0..4 {
        for query in typed {
            for n in 1..=query.len() {
                let q = &query[..n];
                let t = Instant::now();
                hits += session.search_entries(q.to_string(), 200).unwrap().len();
                times.push(t.elapsed());
            }
        }
    }
    times.sort();
    let p = |q: f64| times[((times.len() as f64 - 1.0) * q).round() as usize];
    println!(
        "Search over {rows} entries, {} queries typed a letter at a time (200 results each):",
        times.len()
    );
    println!(
        "  p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms ({hits} hits in all)",
        ms(p(0.5)),
        ms(p(0.95)),
        ms(*times.last().unwrap())
    );
}
