//! Scale benchmark (`cargo bench -p chronolane --bench scale`): what a reviewer waits for at
//! 1,000, 10,000 and 100,000 entries, in one run, printed as one table (the table in
//! ARCHITECTURE.md comes from it). It prints numbers and asserts nothing about time.
//!
//! - import: preview and commit a CSV of that many rows into a new review file;
//! - analysis: "Run the analysis" on a synthetic review of that size (read everything,
//!   analyse, store every flag in one change set), the first time;
//! - search: full-text search as a reviewer types (p95 of one query);
//! - DOCX export: the whole pseudonymised report written to a file;
//! - start-up: opening the review file (with its integrity check) and reading what the
//!   first screen shows through the `Session`: the overview, the timeline data and entries.
//!
//! Set `CHRONOLANE_BENCH_SIZES=1000,10000` to choose the sizes.

use std::io::Write;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use chronolane::analysis::synthetic::synthetic_review;
use chronolane::api::{FilePath, Session};
use chronolane::export::{ExportFormat, ExportRequest, ReportSection};
use chronolane::import::{AgencyChoice, ImportRequest};
use chronolane::json::ReviewData;
use chronolane::model::Review;
use chronolane::Store;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn write_csv(path: &std::path::Path, rows: usize) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(f, "Date,Time,Officer,Event,Outcome").unwrap();
    let words = [
        "home visit",
        "strategy discussion",
        "no access",
        "domestic incident",
        "child seen",
        "referral to children's services",
        "health visitor contact",
        "missed appointment",
    ];
    for i in 0..rows {
        let d = NaiveDate::from_ymd_opt(2012, 1, 1).unwrap() + chrono::Days::new((i / 30) as u64);
        writeln!(
            f,
            "{},{:02}:{:02},PC {},\"Contact {i}: {} and {}\",Advice given",
            d.format("%d/%m/%Y"),
            8 + i % 10,
            i % 60,
            i % 97,
            words[i % words.len()],
            words[(i / 3) % words.len()]
        )
        .unwrap();
    }
}

fn import_time(dir: &std::path::Path, rows: usize) -> Duration {
    let csv = dir.join(format!("import-{rows}.csv"));
    write_csv(&csv, rows);
    let path = dir.join(format!("import-{rows}.chronolane"));
    let store = chronolane::api::create_review_file(&path, None, Review::default()).unwrap();
    let mut session = Session::new(dir.join("app"));
    session.set_store(store);
    let request = ImportRequest::new(
        csv.display().to_string(),
        AgencyChoice::New {
            name: "Northbrook Police".into(),
            short_name: String::new(),
            sector: None,
        },
    );
    let now = NaiveDate::from_ymd_opt(2024, 1, 1)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap();
    let t = Instant::now();
    session.preview_import(request.clone()).unwrap();
    let outcome = session
        .commit_import_at(request, now, &mut |_, _| true)
        .unwrap();
    assert_eq!(outcome.entries as usize, rows);
    t.elapsed()
}

struct Row {
    entries: usize,
    import: Duration,
    analysis: Duration,
    search_p95: Duration,
    export: Duration,
    startup: Duration,
}

fn measure(dir: &std::path::Path, n: usize) -> Row {
    let today = NaiveDate::from_ymd_opt(2050, 1, 1).unwrap();
    let import = import_time(dir, n);

    let data = synthetic_review(n, 7);
    let path = dir.join(format!("review-{n}.chronolane"));
    drop(Store::create_with(&path, None, |w| data.insert_into(w)).unwrap());

    // Start-up: open the file and read the first screen's data through the Session.
    let t = Instant::now();
    let mut session = Session::new(dir.join("app"));
    session
        .open_review(&FilePath(path.display().to_string()), None)
        .unwrap();
    session
        .timeline(chronolane::api::DEFAULT_UNSEEN_AFTER_DAYS)
        .unwrap();
    let entries = session.entries().unwrap();
    let startup = t.elapsed();
    assert_eq!(entries.len(), data.entries.len());

    let t = Instant::now();
    session.run_analysis_on(today).unwrap();
    let analysis = t.elapsed();

    // Search: the first words of entries spread through the chronology, typed a letter at a
    // time.
    let mut times = Vec::new();
    for e in entries.iter().step_by((entries.len() / 12).max(1)).take(12) {
        let query: String = e
            .summary
            .split_whitespace()
            .take(2)
            .collect::<Vec<_>>()
            .join(" ");
        for k in 1..=query.len() {
            if !query.is_char_boundary(k) {
                continue;
            }
            let t = Instant::now();
            session.search_entries(query[..k].to_string(), 200).unwrap();
            times.push(t.elapsed());
        }
    }
    times.sort();
    let search_p95 = times[((times.len() as f64 - 1.0) * 0.95).round() as usize];

    let out = dir.join(format!("report-{n}.docx"));
    let request = ExportRequest {
        format: ExportFormat::Docx,
        sections: ReportSection::ALL.to_vec(),
        real_names: false,
        out: out.display().to_string(),
        confirmed: true,
    };
    let t = Instant::now();
    let store = session.store_ref().unwrap();
    let data = ReviewData::load(&store.read()).unwrap();
    chronolane::export::run(&data, &request, today, &|_| true).unwrap();
    let export = t.elapsed();

    Row {
        entries: entries.len(),
        import,
        analysis,
        search_p95,
        export,
        startup,
    }
}

fn main() {
    let sizes: Vec<usize> = std::env::var("CHRONOLANE_BENCH_SIZES")
        .ok()
        .map(|v| v.split(',').filter_map(|s| s.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1_000, 10_000, 100_000]);
    let dir = tempfile::tempdir().unwrap();
    println!("Scale: what a reviewer waits for, by the number of entries (ms; one run each)");
    println!(
        "{:>8} {:>10} {:>10} {:>10} {:>11} {:>10}",
        "entries", "import", "analysis", "search p95", "DOCX export", "start-up"
    );
    for n in sizes {
        let r = measure(dir.path(), n);
        println!(
            "{:>8} {:>10.0} {:>10.0} {:>10.2} {:>11.0} {:>10.0}",
            r.entries,
            ms(r.import),
            ms(r.analysis),
            ms(r.search_p95),
            ms(r.export),
            ms(r.startup)
        );
    }
}
