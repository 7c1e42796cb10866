//! Writing files safely: every file the core writes goes through [`write_atomically`], so a
//! failed or killed export never leaves a half-written document where a good one was.
//!
//! A write in progress lives in a hidden `.NAME.PID.partial` file beside its target (the store
//! builds new review files the same way). A process killed mid-write leaves that file behind;
//! [`remove_stale_partials`] removes such files once their process is gone, and is called
//! when a review is opened (its folder) and before any export writes into a folder.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// Writes `bytes` to `path` through a temporary file in the same folder, flushed to disk and
/// then renamed over `path`.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| Error::Invalid(format!("{} is not a file name.", path.display())))?
        .to_string_lossy()
        .into_owned();
    remove_stale_partials(&dir);
    let temp = dir.join(partial_name(&name));
    let result = (|| {
        let mut f = std::fs::File::create(&temp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        Error::io("write", path, e)
    })
}

/// The hidden name a file called `name` is written under while this process writes it.
pub fn partial_name(name: &str) -> String {
    format!(".{name}.{}.partial", std::process::id())
}

/// If `file_name` is one of our partial files (`.NAME.PID.partial`, or SQLite's
/// `-journal`/`-wal`/`-shm` beside one), the PID of the process that wrote it.
fn partial_pid(file_name: &str) -> Option<u32> {
    let base = ["-journal", "-wal", "-shm"]
        .iter()
        .find_map(|s| file_name.strip_suffix(s))
        .unwrap_or(file_name);
    let rest = base.strip_prefix('.')?.strip_suffix(".partial")?;
    let (name, pid) = rest.rsplit_once('.')?;
    if name.is_empty() || pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok()
}

/// Whether the process `pid` may still be writing its partial file.
fn still_writing(pid: u32, path: &Path) -> bool {
    if pid == std::process::id() {
        return true;
    }
    if cfg!(target_os = "linux") {
        return Path::new("/proc").join(pid.to_string()).exists();
    }
    // Elsewhere there is no cheap, dependency-free way to ask whether a process lives: a
    // partial file untouched for a day is taken to be abandoned.
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_none_or(|age| age < std::time::Duration::from_secs(24 * 3600))
}

/// Removes the partial files in `dir` left by killed writes: only names matching our exact
/// pattern whose process is no longer alive. Returns how many were removed; failures (a
/// read-only folder, say) are ignored, as the files are hidden and harmless to the reviewer.
pub fn remove_stale_partials(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(partial_pid) else {
            continue;
        };
        let path = entry.path();
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if is_file && !still_writing(pid, &path) && std::fs::remove_file(&path).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// SHA-256 of some bytes, as lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_content_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        write_atomically(&path, b"first").unwrap();
        write_atomically(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn a_missing_folder_is_a_clear_error() {
        let err = write_atomically(Path::new("/no/such/folder/out.txt"), b"x").unwrap_err();
        assert!(err.to_string().contains("/no/such/folder/out.txt"), "{err}");
    }

    #[test]
    fn only_our_pattern_counts_as_a_partial_file() {
        assert_eq!(partial_pid(".out.docx.4242.partial"), Some(4242));
        assert_eq!(partial_pid(".r.chronolane.17.partial-journal"), Some(17));
        assert_eq!(partial_pid(".r.chronolane.17.partial-wal"), Some(17));
        assert_eq!(partial_pid("out.docx.4242.partial"), None);
        assert_eq!(partial_pid("..4242.partial"), None);
        assert_eq!(partial_pid(".out.docx.42a.partial"), None);
        assert_eq!(partial_pid(".out.docx.partial"), None);
        assert_eq!(partial_pid(".out.docx.4242.partial.bak"), None);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn stale_partials_are_removed_and_live_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        // A process that has certainly ended: a child we ran and waited for.
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let stale = dir.path().join(format!(".report.docx.{dead}.partial"));
        let stale_journal = dir
            .path()
            .join(format!(".r.chronolane.{dead}.partial-journal"));
        let live = dir.path().join(partial_name("report.docx"));
        let unrelated = dir.path().join(format!("report.{dead}.partial"));
        for p in [&stale, &stale_journal, &live, &unrelated] {
            std::fs::write(p, b"x").unwrap();
        }
        assert_eq!(remove_stale_partials(dir.path()), 2);
        assert!(!stale.exists() && !stale_journal.exists());
        assert!(live.exists() && unrelated.exists());
        // Writing into the folder cleans it too.
        std::fs::write(&stale, b"x").unwrap();
        write_atomically(&dir.path().join("report.docx"), b"y").unwrap();
        assert!(!stale.exists());
    }

    #[test]
    fn hashes_like_sha256sum() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
