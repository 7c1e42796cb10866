//! The kill-test (issue 10): the real `chronolane` binary is killed (SIGKILL) at random
//! moments of `import`, `export` and `import-json`, at least 50 times per run, and after every
//! kill the review must pass SQLite's full integrity check and open, an import must be all or
//! nothing, an export or a new review must be either absent or complete, and the partial files
//! a killed write leaves must be gone after the next open.
//!
//! The schedule is seeded (`CHRONOLANE_KILL_SEED`, default below) so a failure can be replayed;
//! the seed and the counts are printed (`--nocapture`).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chronolane::{ErrorKind, Store};

const DEFAULT_SEED: u64 = 0x5EED_0010;
const KILLS: usize = 54;
const IMPORT_ROWS: usize = 500;

/// xorshift64*: a small, seeded, reproducible generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// A uniform fraction in [0, 1).
    fn fraction(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_chronolane"));
    c.stdout(Stdio::null()).stderr(Stdio::null());
    c
}

fn run_to_end(args: &[&str]) -> Duration {
    let started = Instant::now();
    let status = bin().args(args).status().unwrap();
    assert!(status.success(), "chronolane {args:?} failed");
    started.elapsed()
}

fn write_csv(path: &Path, rows: usize) {
    use std::io::Write;
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(f, "Date,Time,Officer,Event,Outcome").unwrap();
    for i in 0..rows {
        let d = chrono::NaiveDate::from_ymd_opt(2016, 1, 1).unwrap()
            + chrono::Days::new((i % 1500) as u64);
        writeln!(
            f,
            "{},{:02}:{:02},PC {},\"Contact {i}: officers attended the address and spoke to the family\",Advice given",
            d.format("%d/%m/%Y"),
            i % 24,
            i % 60,
            i % 97
        )
        .unwrap();
    }
}

/// Our partial files in `dir` (`.NAME.PID.partial`, with SQLite's companions).
fn partials(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.') && n.contains(".partial"))
        .collect()
}

fn entries_in(path: &Path) -> Result<i64, chronolane::Error> {
    Store::open(path, None)?.read().entry_count()
}

#[derive(Default, Debug)]
struct Tally {
    kills: usize,
    by_command: [usize; 3],
    finished_before_kill: usize,
    corrupt: usize,
    partial_imports: usize,
    partial_exports: usize,
    partial_reviews: usize,
    partial_files_left: usize,
    partial_files_cleaned: usize,
}

#[test]
fn killing_the_cli_mid_write_never_damages_a_review_or_leaves_half_a_file() {
    let seed = std::env::var("CHRONOLANE_KILL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(DEFAULT_SEED);
    let mut rng = Rng(seed | 1);
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("inputs");
    let work = dir.path().join("work");
    std::fs::create_dir_all(&inputs).unwrap();
    std::fs::create_dir_all(&work).unwrap();
    let s = |p: &PathBuf| p.display().to_string();

    // The review imports go into, the review exports read, and their inputs.
    let csv = inputs.join("police.csv");
    write_csv(&csv, IMPORT_ROWS);
    let review = work.join("review.chronolane");
    let source = work.join("source.chronolane");
    run_to_end(&["demo", &s(&review)]);
    run_to_end(&["demo", &s(&source)]);
    let json = inputs.join("source.json");
    let reference_docx = inputs.join("reference.docx");
    let (csv_s, review_s, source_s, json_s) = (s(&csv), s(&review), s(&source), s(&json));
    let import_args = [
        "import",
        &review_s,
        &csv_s,
        "--agency",
        "Police",
        "--reimport",
    ];
    // One uninterrupted run of each sets the kill window and the expected results.
    let t_import = run_to_end(&import_args);
    run_to_end(&["import", &source_s, &csv_s, "--agency", "Police"]);
    run_to_end(&["export-json", &source_s, &json_s]);
    let out_docx = work.join("report.docx");
    let out_s = s(&out_docx);
    let export_args = [
        "export",
        &source_s,
        "--format",
        "docx",
        "--out",
        &out_s,
        "--confirm",
    ];
    let t_export = run_to_end(&export_args);
    std::fs::rename(&out_docx, &reference_docx).unwrap();
    let reference = std::fs::read(&reference_docx).unwrap();
    let new_review = work.join("from-json.chronolane");
    let new_s = s(&new_review);
    let t_json = run_to_end(&["import-json", &json_s, &new_s]);
    let json_entries = entries_in(&new_review).unwrap();
    std::fs::remove_file(&new_review).unwrap();
    let mut before = entries_in(&review).unwrap();

    let mut tally = Tally::default();
    for i in 0..KILLS {
        let which = i % 3;
        let (args, window): (Vec<&str>, Duration) = match which {
            0 => (import_args.to_vec(), t_import),
            1 => (export_args.to_vec(), t_export),
            _ => (vec!["import-json", &json_s, &new_s], t_json),
        };
        let delay = window.mul_f64(0.9 * rng.fraction());
        let mut child = bin().args(&args).spawn().unwrap();
        std::thread::sleep(delay);
        let finished = child.try_wait().unwrap().is_some();
        let _ = child.kill(); // SIGKILL
        child.wait().unwrap();
        tally.kills += 1;
        tally.by_command[which] += 1;
        if finished {
            tally.finished_before_kill += 1;
        }

        let left = partials(&work);
        tally.partial_files_left += left.len();
        // The next open: the review must be whole, and the killed write's files are removed.
        match entries_in(&review) {
            Ok(n) if which == 0 => {
                if n != before && n != before + IMPORT_ROWS as i64 {
                    tally.partial_imports += 1;
                }
                before = n;
            }
            Ok(n) => assert_eq!(
                n, before,
                "a command that does not import changed the review"
            ),
            Err(e) if e.kind() == ErrorKind::Damaged => {
                println!("kill {i}: the review is damaged: {e}");
                tally.corrupt += 1
            }
            Err(e) => panic!("after kill {i} the review did not open: {e}"),
        }
        let still = partials(&work);
        assert!(
            still.is_empty(),
            "kill {i}: partial files left after the next open: {still:?}"
        );
        tally.partial_files_cleaned += left.len();

        match which {
            1 if out_docx.exists() => {
                if std::fs::read(&out_docx).unwrap() != reference {
                    tally.partial_exports += 1;
                }
                std::fs::remove_file(&out_docx).unwrap();
            }
            2 if new_review.exists() => {
                match entries_in(&new_review) {
                    Ok(n) if n == json_entries => {}
                    Ok(n) => {
                        println!("kill {i}: the new review holds {n} of {json_entries} entries");
                        tally.partial_reviews += 1
                    }
                    Err(e) => {
                        println!("kill {i}: the new review does not open: {e}");
                        tally.corrupt += 1
                    }
                }
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{new_s}{suffix}"));
                }
            }
            _ => {}
        }
    }
    // The review passes the full check on its own too.
    let conn = rusqlite::Connection::open(&review).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");

    println!(
        "kill-test seed {seed:#x}: {} kills (import {}, export {}, import-json {}), {} finished \
         before the kill; corrupt {}, partial imports {}, partial exports {}, partial new \
         reviews {}; {} partial files left by kills, all removed at the next open; {:.1} s",
        tally.kills,
        tally.by_command[0],
        tally.by_command[1],
        tally.by_command[2],
        tally.finished_before_kill,
        tally.corrupt,
        tally.partial_imports,
        tally.partial_exports,
        tally.partial_reviews,
        tally.partial_files_left,
        started.elapsed().as_secs_f64()
    );
    assert!(tally.kills >= 50);
    assert_eq!(tally.corrupt, 0, "{tally:?}");
    assert_eq!(tally.partial_imports, 0, "{tally:?}");
    assert_eq!(tally.partial_exports, 0, "{tally:?}");
    assert_eq!(tally.partial_reviews, 0, "{tally:?}");
    assert_eq!(tally.partial_files_left, tally.partial_files_cleaned);
}
