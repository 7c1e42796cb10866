//! `make eval` (issue 9): measures the analysis against the review cases' answer keys.
//!
//! For each case folder (one holding an `ANSWER_KEY.md`) it does what a reviewer would do
//! with the `chronolane` command line: creates a review, imports each agency file listed in the
//! key's "Files and entry counts" table under the agency name given there, sets the scope and
//! the protocol timescales from the case's `terms-of-reference.md` through the product's own
//! commands (when the product has them), and runs the analysis. It then prints, per case, the
//! judged points, how many were found (recall), the flags, how many match a judged point
//! (precision) and the near misses flagged. It prints numbers and exits 0; it is not a test.
//! The key is read at run time (see `key.rs`), so held-back cases in the same format run
//! unchanged; the matching rule is in `matcher.rs` and in `--help`.

mod key;
mod matcher;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::Parser;

use chronolane::import::{AgencyChoice, ImportRequest};
use matcher::{EvalFlag, Headers, How};

/// Measure Chronolane's flags against the answer keys of the review cases.
///
/// Matching: a flag matches a judged point (or a near miss) when its kind corresponds to the
/// point's (LT lost transfer, ME missed escalation, UG child not seen, DR delayed response,
/// CR contradicting records, RC repeated unexamined concern; a near miss by the kinds its
/// "looks like" words name) and either one of its evidence entries was imported from a row
/// the point cites (same file, sheet or table and row; "data row M" and "data record M" are
/// counted below the header row the importer found), or, as a fallback, its period overlaps
/// the point's dates and its evidence comes from at least min(2, the point's agencies, the
/// flag's agencies) of the agencies the point cites. Recall = judged points matched by at
/// least one flag / judged points; precision = flags matching a judged point / flags.
#[derive(Debug, Parser)]
#[command(name = "eval", verbatim_doc_comment)]
struct Args {
    /// The folder of case folders (default: ../shared/cases, relative to the repository).
    cases: Option<PathBuf>,
    /// Print every flag (rule, entries, the point it matched or "unmatched") and the points
    /// not found.
    #[arg(long)]
    verbose: bool,
    /// Write each case's machine-readable key as JSON into this folder.
    #[arg(long, value_name = "DIR")]
    write_key: Option<PathBuf>,
    /// Analyse as of this day (dd/mm/yyyy); default: 90 days after the case's last entry.
    #[arg(long, value_name = "DATE")]
    today: Option<String>,
    /// Keep the review files made (in this folder) instead of a temporary one.
    #[arg(long, value_name = "DIR")]
    keep: Option<PathBuf>,
    /// Only the cases whose folder name contains this.
    #[arg(long)]
    only: Option<String>,
    /// Accept every suggested kind and receiving agency after import (`chronolane accept
    /// --all`), as a reviewer who trusts the suggestions would; default: leave them.
    #[arg(long)]
    accept_all: bool,
}

fn main() {
    let args = Args::parse();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cases = args.cases.clone().unwrap_or_else(|| {
        // ../shared/cases beside the repository (or beside a worktree's parent folder).
        let near = root.join("../shared/cases");
        if near.is_dir() {
            near
        } else {
            root.join("../../shared/cases")
        }
    });
    let mut dirs: Vec<PathBuf> = match std::fs::read_dir(&cases) {
        Ok(rd) => rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.join("ANSWER_KEY.md").is_file())
            .filter(|p| {
                args.only.as_ref().is_none_or(|o| {
                    p.file_name()
                        .is_some_and(|n| n.to_string_lossy().contains(o.as_str()))
                })
            })
            .collect(),
        Err(e) => {
            eprintln!("eval: cannot read {}: {e}", cases.display());
            return;
        }
    };
    dirs.sort();
    let work = match &args.keep {
        Some(d) => d.clone(),
        None => std::env::temp_dir().join(format!("chronolane-eval-{}", std::process::id())),
    };
    let _ = std::fs::create_dir_all(&work);
    let mut rows = Vec::new();
    for dir in &dirs {
        match run_case(dir, &work, &args) {
            Ok(row) => rows.push(row),
            Err(e) => eprintln!("eval: {}: {e}", dir.display()),
        }
    }
    if args.keep.is_none() {
        let _ = std::fs::remove_dir_all(&work);
    }
    println!();
    println!(
        "{:<24} {:>9} {:>6} {:>6} {:>7} {:>6} {:>9} {:>9} {:>12}",
        "case",
        "entries",
        "points",
        "found",
        "recall",
        "flags",
        "matching",
        "precision",
        "near misses"
    );
    let mut t = Row::default();
    for r in &rows {
        r.print();
        t.name = "TOTAL".into();
        t.entries += r.entries;
        t.expected += r.expected;
        t.points += r.points;
        t.found += r.found;
        t.flags += r.flags;
        t.matching += r.matching;
        t.near += r.near;
        t.near_flagged += r.near_flagged;
    }
    if rows.len() > 1 {
        t.print();
    }
}

#[derive(Default)]
struct Row {
    name: String,
    entries: usize,
    expected: usize,
    points: usize,
    found: usize,
    flags: usize,
    matching: usize,
    near: usize,
    near_flagged: usize,
}

impl Row {
    fn print(&self) {
        let ratio = |a: usize, b: usize| {
            if b == 0 {
                "-".to_string()
            } else {
                format!("{:.2}", a as f64 / b as f64)
            }
        };
        println!(
            "{:<24} {:>9} {:>6} {:>6} {:>7} {:>6} {:>9} {:>9} {:>12}",
            self.name,
            format!("{}/{}", self.entries, self.expected),
            self.points,
            self.found,
            ratio(self.found, self.points),
            self.flags,
            self.matching,
            ratio(self.matching, self.flags),
            format!("{}/{}", self.near_flagged, self.near)
        );
    }
}

/// Runs the `chronolane` command line in this process, as a reviewer would type it.
fn cli(words: &[&str]) -> Result<String, String> {
    let mut argv = vec!["chronolane"];
    argv.extend_from_slice(words);
    let parsed = chronolane::cli::Cli::try_parse_from(&argv).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    chronolane::cli::run(parsed, &mut out)
        .map_err(|e| format!("{} failed: {e}", words.join(" ")))?;
    Ok(String::from_utf8_lossy(&out).into_owned())
}

fn run_case(dir: &Path, work: &Path, args: &Args) -> Result<Row, String> {
    let name = dir.file_name().unwrap().to_string_lossy().into_owned();
    let text = std::fs::read_to_string(dir.join("ANSWER_KEY.md")).map_err(|e| e.to_string())?;
    let key = key::parse(&text)?;
    if let Some(out) = &args.write_key {
        std::fs::create_dir_all(out).map_err(|e| e.to_string())?;
        let json = serde_json::to_string_pretty(&key).map_err(|e| e.to_string())?;
        std::fs::write(out.join(format!("{name}.json")), json + "\n").map_err(|e| e.to_string())?;
    }
    let review = work.join(format!("{name}.chronolane"));
    let _ = std::fs::remove_file(&review);
    let review_s = review.display().to_string();
    cli(&["new", &review_s, "--title", &key.title])?;
    println!("== {name}");
    // Scope and protocol timescales from the terms of reference, through the product.
    let tor = dir.join("terms-of-reference.md");
    if tor.is_file() {
        prepare_from_terms(&review_s, &tor, args.verbose);
    }
    let mut headers: Headers = HashMap::new();
    for f in &key.files {
        let path = dir.join(&f.file);
        let path_s = path.display().to_string();
        // The tables and header rows the importer finds (to count the key's "data rows").
        let mut session = chronolane::api::Session::new(std::env::temp_dir());
        let store = chronolane::Store::open(&review, None).map_err(|e| e.to_string())?;
        session.set_store(store);
        let request = ImportRequest::new(
            path_s.clone(),
            AgencyChoice::New {
                name: f.agency.clone(),
                short_name: String::new(),
                sector: None,
            },
        );
        if let Ok(preview) = session.preview_import(request) {
            let tables = preview
                .tables
                .iter()
                .filter_map(|t| {
                    let key = if t.name == preview.file_name {
                        String::new()
                    } else {
                        t.name.to_lowercase()
                    };
                    t.header_row.map(|h| (key, h))
                })
                .collect();
            headers.insert(f.file.clone(), tables);
        }
        drop(session);
        match cli(&[
            "import",
            &review_s,
            &path_s,
            "--agency",
            &f.agency,
            "--skip-bad",
        ]) {
            Ok(out) => {
                if args.verbose {
                    for l in out.lines() {
                        println!("   {l}");
                    }
                }
            }
            Err(e) => println!("   import of {} refused: {e}", f.file),
        }
    }
    if args.accept_all {
        match cli(&["accept", &review_s, "--all"]) {
            Ok(out) if args.verbose => print!("   {out}"),
            Ok(_) => {}
            Err(e) => println!("   (accept not done: {e})"),
        }
    }
    let store = chronolane::Store::open(&review, None).map_err(|e| e.to_string())?;
    let r = store.read();
    let entries = r.entries().map_err(|e| e.to_string())?;
    let sources = r.sources().map_err(|e| e.to_string())?;
    let agencies = r.agencies().map_err(|e| e.to_string())?;
    let today = match &args.today {
        Some(t) => NaiveDate::parse_from_str(t, "%d/%m/%Y").map_err(|e| e.to_string())?,
        None => {
            entries
                .iter()
                .map(|e| e.date.end)
                .max()
                .unwrap_or_else(|| NaiveDate::from_ymd_opt(2000, 1, 1).unwrap())
                + chrono::Duration::days(90)
        }
    };
    let report = chronolane::api::flags_report(&r, today).map_err(|e| e.to_string())?;
    let flags: Vec<EvalFlag> = report
        .flags
        .iter()
        .map(|f| {
            let mut rows = Vec::new();
            let mut agency_names = Vec::new();
            for id in &f.evidence {
                let Some(e) = entries.iter().find(|e| e.id == *id) else {
                    continue;
                };
                if let Some(a) = agencies.iter().find(|a| a.id == e.agency) {
                    if !agency_names.contains(&a.name) {
                        agency_names.push(a.name.clone());
                    }
                }
                if let Some(src) = &e.source {
                    if let Some(doc) = sources.iter().find(|s| s.id == src.document) {
                        if let Some(k) = matcher::row_of_location(&doc.file_name, &src.location) {
                            rows.push(k);
                        }
                    }
                }
            }
            EvalFlag {
                rule: f.rule.clone(),
                kind: f.kind.code().to_string(),
                entries: f.evidence.iter().map(|e| e.0).collect(),
                rows,
                agencies: agency_names,
                from: f.starts_on,
                to: f.ends_on,
            }
        })
        .collect();
    let s = matcher::score(&key, &flags, &headers);
    // Every row the key cites should be an entry, on the date the key gives.
    let mut cited = 0;
    let mut missing = Vec::new();
    let mut misdated = Vec::new();
    for p in key.points.iter().chain(&key.near_misses) {
        for ev in &p.evidence {
            cited += 1;
            let Some(want) = matcher::resolve(ev, &headers) else {
                missing.push(format!("{} {:?}", ev.file, ev.locator));
                continue;
            };
            let found = entries.iter().find(|e| {
                e.source.as_ref().is_some_and(|src| {
                    sources.iter().any(|d| {
                        d.id == src.document
                            && matcher::row_of_location(&d.file_name, &src.location).as_ref()
                                == Some(&want)
                    })
                })
            });
            match found {
                None => missing.push(format!("{} {:?}", ev.file, ev.locator)),
                Some(e) => {
                    let day = ev
                        .date_text
                        .split(|c: char| !(c.is_ascii_digit() || c == '/'))
                        .find_map(|w| NaiveDate::parse_from_str(w, "%d/%m/%Y").ok());
                    if let Some(day) = day {
                        if day < e.date.start || day > e.date.end {
                            misdated.push(format!(
                                "{} {:?}: key {} / entry {}",
                                ev.file, ev.locator, ev.date_text, e.date
                            ));
                        }
                    }
                }
            }
        }
    }
    println!(
        "   evidence rows cited {cited}: {} not found as entries, {} on another date",
        missing.len(),
        misdated.len()
    );
    if args.verbose {
        for m in missing.iter().chain(&misdated) {
            println!("     {m}");
        }
    }
    if args.verbose {
        for (f, (hits, near)) in flags.iter().zip(&s.per_flag) {
            let rows: Vec<String> = f
                .rows
                .iter()
                .map(|r| {
                    if r.table.is_empty() {
                        format!("{} row {}", r.file, r.row)
                    } else {
                        format!("{} {} row {}", r.file, r.table, r.row)
                    }
                })
                .collect();
            let matched = if hits.is_empty() {
                "unmatched".to_string()
            } else {
                hits.iter()
                    .map(|(c, h)| match h {
                        How::Rows => c.clone(),
                        How::DatesAndAgencies => format!("{c} (dates+agencies)"),
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let near = if near.is_empty() {
                String::new()
            } else {
                format!("  NEAR MISS {}", near.join(", "))
            };
            println!(
                "   flag {:<40} entries {:?} [{}] -> {matched}{near}",
                f.rule,
                f.entries,
                rows.join("; ")
            );
        }
        let missed: Vec<&str> = key
            .points
            .iter()
            .filter(|p| !s.found_codes.contains(&p.code))
            .map(|p| p.code.as_str())
            .collect();
        println!("   not found: {}", missed.join(", "));
    }
    Ok(Row {
        name,
        entries: entries.len(),
        expected: key.files.iter().map(|f| f.entries as usize).sum(),
        points: s.points,
        found: s.found,
        flags: s.flags,
        matching: s.matching,
        near: s.near_misses,
        near_flagged: s.near_flagged,
    })
}

/// Sets the review's scope and protocol rules from the terms of reference with the product's
/// own commands; says so when the product cannot.
fn prepare_from_terms(review: &str, tor: &Path, verbose: bool) {
    let tor_s = tor.display().to_string();
    for words in [
        vec!["scope", review, "--from-terms", tor_s.as_str()],
        vec![
            "protocol",
            review,
            "from-table",
            tor_s.as_str(),
            "--replace",
        ],
    ] {
        match cli(&words) {
            Ok(out) => {
                if verbose {
                    for l in out.lines() {
                        println!("   {l}");
                    }
                }
            }
            Err(e) => {
                let first = e.lines().next().unwrap_or("").to_string();
                println!("   ({} not done: {first})", words[0]);
            }
        }
    }
}
