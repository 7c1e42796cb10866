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
