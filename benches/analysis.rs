//! Benchmark of the analysis engine: time and memory to analyse synthetic chronologies of
//! 1,000, 10,000 and 100,000 entries (goals: under 20 ms, 150 ms and 1 s). Run with
//! `cargo bench -p chronolane --bench analysis` (or `make bench`); it prints its numbers.
//!
//! Memory is measured with a counting global allocator: the peak of live heap bytes during
//! one analysis (above what was live before it) and the number of allocations it made.
//!
//! A second table times what the reviewer waits for in the app: "Run the analysis" on a
//! review file (read everything, analyse, store every flag in one change set), the first time
//! (every flag new) and again (nothing changed, nothing written).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use chronolane::analysis::{analyse, synthetic::synthetic_review, AnalysisSettings};
use chronolane::api::Session;
use chronolane::Store;

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static COUNT: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
            COUNT.fetch_add(1, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn main() {
    let today = NaiveDate::from_ymd_opt(2050, 1, 1).unwrap();
    let settings = AnalysisSettings::default();
    let only: Option<usize> = std::env::args().skip(1).find_map(|a| a.parse().ok());
    println!("analysis benchmark (median of runs; memory of one run)");
    println!(
        "{:>8}  {:>8}  {:>10}  {:>10}  {:>10}  {:>12}  {:>6}",
        "entries", "runs", "median", "min", "max", "peak heap", "flags"
    );
    for &n in &[1_000usize, 10_000, 100_000] {
        if only.is_some_and(|o| o != n) {
            continue;
        }
        let data = synthetic_review(n, 7);
        // Memory: one run, measured from the live heap before it.
        let before = LIVE.load(Ordering::Relaxed);
        PEAK.store(before, Ordering::Relaxed);
        let allocs_before = COUNT.load(Ordering::Relaxed);
        let flags = analyse(&data, &settings, today);
        let peak = PEAK.load(Ordering::Relaxed) - before;
        let allocs = COUNT.load(Ordering::Relaxed) - allocs_before;
        drop(flags);
        // Time: repeat for at least two seconds (at least three runs).
        let mut times: Vec<Duration> = Vec::new();
        let started = Instant::now();
        let mut count = 0;
        while times.len() < 3 || started.elapsed() < Duration::from_secs(2) {
            let t = Instant::now();
            let flags = analyse(&data, &settings, today);
            times.push(t.elapsed());
            count = flags.len();
            if times.len() >= 200 {
                break;
            }
        }
        times.sort();
        let ms = |d: Duration| format!("{:.2} ms", d.as_secs_f64() * 1000.0);
        println!(
            "{:>8}  {:>8}  {:>10}  {:>10}  {:>10}  {:>9.1} MB  {:>6}   ({} allocations)",
            data.entries.len(),
            times.len(),
            ms(times[times.len() / 2]),
            ms(times[0]),
            ms(*times.last().unwrap()),
            peak as f64 / 1_048_576.0,
            count,
            allocs
        );
    }
    println!();
    println!("run the analysis on a review file (read, analyse, store flags in one change)");
    println!(
        "{:>8}  {:>12}  {:>12}  {:>6}",
        "entries", "first run", "second run", "flags"
    );
    for &n in &[1_000usize, 10_000] {
        if only.is_some_and(|o| o != n) {
            continue;
        }
        let data = synthetic_review(n, 7);
        let dir = std::env::temp_dir().join(format!("chronolane-bench-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let store =
            Store::create_with(&dir.join("bench.chronolane"), None, |w| data.insert_into(w))
                .unwrap();
        let mut session = Session::new(dir.join("app"));
        session.set_store(store);
        let t = Instant::now();
        let first = session.run_analysis_on(today).unwrap();
        let first_time = t.elapsed();
        let t = Instant::now();
        let second = session.run_analysis_on(today).unwrap();
        let second_time = t.elapsed();
        assert_eq!(second.added + second.updated + second.retired, 0);
        println!(
            "{:>8}  {:>9.0} ms  {:>9.0} ms  {:>6}",
            data.entries.len(),
            first_time.as_secs_f64() * 1000.0,
            second_time.as_secs_f64() * 1000.0,
            first.added
        );
        drop(session);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
