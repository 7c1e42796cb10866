//! The hostile corpus (`tests/hostile/files/`, written by `tests/hostile/generate.rs`) and the
//! special files made at test time (a FIFO, a symlink to /dev/zero, a folder): each is given to
//! the real CLI, `import --dry-run` and a real import, under a memory limit and a timeout. Each
//! must be refused with a clear message (no panic text, no "os error" jargon) in seconds, and
//! the review must be left byte for byte as it was.

#[path = "../hostile/generate.rs"]
pub mod generate;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The address-space limit for each run (KiB): 2 GiB, several times the documented bound for
/// these files and far below what the files ask for (tens to hundreds of GB).
const MEMORY_KIB: u64 = 2 * 1024 * 1024;
/// The most a refusal may take (a debug build on a shared machine).
const TIME_LIMIT: Duration = Duration::from_secs(20);

fn files_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile/files")
}

#[test]
fn corpus_matches_its_generator() {
    let dir = files_dir();
    let write = std::env::var_os("CHRONOLANE_WRITE_HOSTILE").is_some();
    let corpus = generate::corpus(write);
    assert!(corpus.len() >= 60, "the corpus has {} files", corpus.len());
    for (name, bytes) in corpus {
        let path = dir.join(&name);
        if write {
            std::fs::write(&path, &bytes).unwrap();
        } else {
            let committed = std::fs::read(&path).unwrap_or_default();
            assert!(
                committed == bytes,
                "{name} differs from its generator: regenerate the corpus with \
                 CHRONOLANE_WRITE_HOSTILE=1 cargo test -p chronolane --test it hostile::corpus"
            );
        }
    }
}

struct Outcome {
    code: Option<i32>,
    output: String,
    took: Duration,
    timed_out: bool,
}

fn run_limited(args: &[&std::ffi::OsStr]) -> Outcome {
    let started = Instant::now();
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {MEMORY_KIB}; exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_chronolane"))
        .args(args)
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut timed_out = false;
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if started.elapsed() > TIME_LIMIT {
            timed_out = true;
            child.kill().ok();
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    Outcome {
        code: out.status.code(),
        output: format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
        took: started.elapsed(),
        timed_out,
    }
}

/// What is wrong with the way `file` was handled, if anything.
fn check(review: &Path, file: &Path, dry_run: bool) -> Option<String> {
    let before = std::fs::read(review).unwrap();
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "import".as_ref(),
        review.as_os_str(),
        file.as_os_str(),
        "--agency".as_ref(),
        "Hostile Agency".as_ref(),
    ];
    if dry_run {
        args.push("--dry-run".as_ref());
    }
    let o = run_limited(&args);
    let what = format!(
        "{} ({})",
        file.file_name().unwrap().to_string_lossy(),
        if dry_run { "dry run" } else { "import" }
    );
    let message = o.output.trim();
    let problem = if o.timed_out {
        Some(format!("did not finish within {TIME_LIMIT:?}"))
    } else if o.code == Some(0) {
        Some("was accepted".into())
    } else if o.code.is_none() {
        Some("was killed by a signal (crash or memory limit)".into())
    } else if message.is_empty() {
        Some("failed without a message".into())
    } else if [
        "panicked",
        "os error",
        "stack backtrace",
        "RUST_BACKTRACE",
        "memory allocation",
    ]
    .iter()
    .any(|j| message.contains(j))
    {
        Some("printed developer jargon".into())
    } else if message.len() > 1500 || message.lines().count() > 8 {
        Some("printed an overlong message".into())
    } else if std::fs::read(review).unwrap() != before {
        Some("changed the review".into())
    } else {
        None
    };
    problem.map(|p| format!("{what} {p} after {:?}: {message:.400}", o.took))
}

#[test]
fn every_hostile_file_is_refused_clearly_quickly_and_within_memory() {
    let tmp = tempfile::tempdir().unwrap();
    // Special files made here: a FIFO (reading it would wait for ever), /dev/zero behind a
    // symlink (reading it would never end), a folder, a symlink to a folder, a missing file.
    let special = tmp.path().join("special");
    std::fs::create_dir(&special).unwrap();
    let fifo = special.join("fifo.csv");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    std::os::unix::fs::symlink("/dev/zero", special.join("zero.csv")).unwrap();
    std::os::unix::fs::symlink("/dev/urandom", special.join("random.xlsx")).unwrap();
    std::fs::create_dir(special.join("folder.csv")).unwrap();
    std::os::unix::fs::symlink(special.join("folder.csv"), special.join("folder_link.csv"))
        .unwrap();
    std::os::unix::fs::symlink(special.join("missing"), special.join("dangling.csv")).unwrap();
    let mut files: Vec<PathBuf> = std::fs::read_dir(files_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 60, "only {} hostile files", files.len());
    for name in [
        "fifo.csv",
        "zero.csv",
        "random.xlsx",
        "folder.csv",
        "folder_link.csv",
        "dangling.csv",
    ] {
        files.push(special.join(name));
    }
    let cases: Vec<(PathBuf, bool)> = files
        .iter()
        .flat_map(|f| [(f.clone(), true), (f.clone(), false)])
        .collect();

    // Two workers, each with its own review (so the real imports do not wait on each other).
    let next = AtomicUsize::new(0);
    let problems = Mutex::new(Vec::new());
    let started = Instant::now();
    std::thread::scope(|s| {
        for w in 0..2 {
            let review = tmp.path().join(format!("review{w}.chronolane"));
            let made = Command::new(env!("CARGO_BIN_EXE_chronolane"))
                .arg("new")
                .arg(&review)
                .output()
                .unwrap();
            assert!(made.status.success(), "{made:?}");
            let (next, problems, cases) = (&next, &problems, &cases);
            s.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some((file, dry_run)) = cases.get(i) else {
                    break;
                };
                if let Some(p) = check(&review, file, *dry_run) {
                    problems.lock().unwrap().push(p);
                }
            });
        }
    });
    let problems = problems.into_inner().unwrap();
    eprintln!(
        "{} hostile files, {} runs in {:?}: {} problems",
        files.len(),
        cases.len(),
        started.elapsed(),
        problems.len()
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

// ---- Text and cells at read time ---------------------------------------------------------------

fn cells(doc: &chronolane::import::read::Document) -> Vec<Vec<String>> {
    doc.tables[0].rows.iter().map(|r| r.cells.clone()).collect()
}

#[test]
fn ods_time_cells_read_as_times_and_merged_dates_fill_down() {
    let rows = r#"<table:table-row><table:table-cell office:value-type="string"><text:p>Date</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Time</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Event</text:p></table:table-cell></table:table-row><table:table-row><table:table-cell office:value-type="date" office:date-value="2015-06-12" table:number-rows-spanned="2"/><table:table-cell office:value-type="time" office:time-value="PT10H30M00S"/><table:table-cell office:value-type="string"><text:p>Home visit</text:p></table:table-cell></table:table-row><table:table-row><table:covered-table-cell/><table:table-cell office:value-type="time" office:time-value="PT14H05M00S"/><table:table-cell office:value-type="string"><text:p>Phone call</text:p></table:table-cell></table:table-row>"#;
    let ods = generate::ods(&generate::ods_content(rows));
    let doc = chronolane::import::read::read_bytes("merged.ods", &ods).unwrap();
    assert_eq!(
        cells(&doc),
        [
            ["Date", "Time", "Event"],
            ["12/06/2015", "10:30", "Home visit"],
            ["12/06/2015", "14:05", "Phone call"],
        ]
    );
}

#[test]
fn xls_merged_cells_fill_down() {
    let mut merge = 1u16.to_le_bytes().to_vec();
    for v in [1u16, 3, 0, 0] {
        merge.extend(v.to_le_bytes());
    }
    let xls = generate::xls_records(&[
        generate::number(0, 1),
        generate::number(1, 0),
        generate::number(1, 1),
        generate::number(2, 1),
        generate::number(3, 1),
        generate::record(0x00E5, &merge),
    ]);
    let doc = chronolane::import::read::read_bytes("merged.xls", &xls).unwrap();
    let first: Vec<String> = doc.tables[0]
        .rows
        .iter()
        .map(|r| r.cells[0].clone())
        .collect();
    assert_eq!(first, ["", "1", "1", "1"]);
}

fn review_in(dir: &Path) -> PathBuf {
    let review = dir.join("r.chronolane");
    let made = Command::new(env!("CARGO_BIN_EXE_chronolane"))
        .arg("new")
        .arg(&review)
        .output()
        .unwrap();
    assert!(made.status.success());
    review
}

fn dry_run(review: &Path, file: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_chronolane"))
        .arg("import")
        .arg(review)
        .arg(file)
        .args(["--agency", "Police", "--dry-run"])
        .output()
        .unwrap()
}

#[test]
fn a_utf8_file_with_one_bad_byte_is_refused_with_its_line_never_read_as_windows_1252() {
    let tmp = tempfile::tempdir().unwrap();
    let review = review_in(tmp.path());
    let file = tmp.path().join("police.csv");
    let mut bytes = "Date,Event\n12/06/2015,Home visit by Seán\n"
        .as_bytes()
        .to_vec();
    bytes.extend_from_slice(b"13/06/2015,Call from Se\xe1n\n");
    std::fs::write(&file, &bytes).unwrap();
    let out = dry_run(&review, &file);
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(text.contains("line 3") && text.contains("UTF-8"), "{text}");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("SeÃ¡n"));
}

#[test]
fn terminal_escapes_in_an_agency_file_never_reach_the_terminal() {
    let tmp = tempfile::tempdir().unwrap();
    let review = review_in(tmp.path());
    let file = tmp.path().join("police.csv");
    std::fs::write(
        &file,
        "Date,Event\n12/06/2015,Home visit\u{1b}[2J\u{1b}]0;owned\u{7} seen\u{9b}31m\n\
         13/06/2015,Phone call to the family about the next appointment\n",
    )
    .unwrap();
    let out = dry_run(&review, &file);
    assert!(out.status.success(), "{out:?}");
    let all = [out.stdout.as_slice(), out.stderr.as_slice()].concat();
    assert!(!all.contains(&0x1b), "{}", String::from_utf8_lossy(&all));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Home visit seen"));
}

#[test]
fn utf16_without_a_byte_order_mark_is_read_as_text() {
    let tmp = tempfile::tempdir().unwrap();
    let review = review_in(tmp.path());
    let file = tmp.path().join("police.csv");
    let text = "Date,Event\n12/06/2015,Home visit by Seán\n";
    std::fs::write(
        &file,
        text.encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect::<Vec<u8>>(),
    )
    .unwrap();
    let out = dry_run(&review, &file);
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("Seán"));
}
