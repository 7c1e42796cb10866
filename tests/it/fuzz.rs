//! A deterministic mutation fuzzer for every importer (CSV, XLSX, XLS, ODS, DOCX) and for the
//! date parser, run in-process on `chronolane::import::read::read_bytes` and
//! `chronolane::dates::parse_event_date`.
//!
//! Seeds are the test fixtures and small valid files from the hostile corpus's generator; each
//! round mutates a seed (bit flips, byte runs, chunk insert/delete/duplicate, splices, truncation)
//! and, for the ZIP formats, half the time mutates the XML inside and packs it again so the
//! mutation reaches the XML readers rather than stopping at the CRC check. A run fails on a
//! panic that escapes the reader, on an input that takes longer than 10 s (a watchdog saves the
//! input and ends the test binary, so a hang fails the run instead of stalling it), and (by
//! aborting the test binary) on an allocation the limits should have prevented; each input is
//! written to `$TMPDIR/chronolane-fuzz-TARGET-last.bin` before it runs, so an abort leaves it.
//!
//! `make test` runs a smoke of a few seconds per target; `make fuzz` runs each target for
//! `CHRONOLANE_FUZZ_SECS` seconds (default there: 900) with a seed from `CHRONOLANE_FUZZ_SEED`.
//! Why not cargo-fuzz: its targets are a separate crate built with coverage instrumentation,
//! which means a second build of the whole dependency tree (vendored OpenSSL and SQLCipher
//! included) plus libFuzzer's C++; on the two shared cores of the build machine that was not
//! affordable, and it would keep the fuzz smoke out of `make test`. This fuzzer has no
//! coverage feedback, so the seeds and the structure-aware wrapping (mutate the XML, pack it
//! again) do the work coverage would; a cargo-fuzz crate can reuse the same targets later.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The input being run and when it started, for the watchdog.
type Running = Option<(Instant, Vec<u8>)>;

/// How long one input may take before it counts as a hang.
const HANG: Duration = Duration::from_secs(10);

use super::fixtures;
use super::hostile::generate;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

const INTERESTING: &[&[u8]] = &[
    b"\x00",
    b"\xff",
    b"\xef\xbb\xbf",
    b"\xc3",
    b"\"",
    b",",
    b";",
    b"\n",
    b"\r",
    b"<",
    b">",
    b"</",
    b"/>",
    b"&amp;",
    b"&#0;",
    b"ZZZZZZZ9",
    b"XFD1048576",
    b"999999999999",
    b"-1",
    b" table:number-columns-repeated=\"16384\"",
    b" table:number-rows-repeated=\"99999\"",
    b" r=\"ZZZ1\"",
    b" si=\"99999999\"",
    b"\x1b[2J",
    b"PT10H30M00S",
    b"31/02/2015",
];

fn mutate(rng: &mut Rng, data: &mut Vec<u8>, seeds: &[Vec<u8>]) {
    for _ in 0..1 + rng.below(4) {
        let len = data.len();
        match rng.below(8) {
            0 if len > 0 => {
                let i = rng.below(len);
                data[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                data[i] = rng.next() as u8;
            }
            2 => {
                let i = rng.below(len + 1);
                let piece = INTERESTING[rng.below(INTERESTING.len())];
                data.splice(i..i, piece.iter().copied());
            }
            3 if len > 1 => {
                let i = rng.below(len);
                let n = 1 + rng.below((len - i).min(64));
                data.drain(i..i + n);
            }
            4 if len > 1 => {
                let i = rng.below(len);
                let n = 1 + rng.below((len - i).min(256));
                let chunk: Vec<u8> = data[i..i + n].to_vec();
                let at = rng.below(len + 1);
                for _ in 0..1 + rng.below(3) {
                    data.splice(at..at, chunk.iter().copied());
                }
            }
            5 if len > 0 => data.truncate(rng.below(len)),
            6 => {
                let other = &seeds[rng.below(seeds.len())];
                if !other.is_empty() {
                    let i = rng.below(other.len());
                    let n = rng.below(other.len() - i);
                    let at = rng.below(len + 1);
                    data.splice(at..at, other[i..i + n].iter().copied());
                }
            }
            _ if len > 0 => {
                let i = rng.below(len);
                let n = rng.below((len - i).min(32));
                let b = rng.next() as u8;
                data[i..i + n].iter_mut().for_each(|x| *x = b);
            }
            _ => {}
        }
    }
}

/// Runs `target` on mutated inputs for `secs` seconds; returns (executions, failures).
fn fuzz(
    name: &str,
    seeds: &[Vec<u8>],
    secs: u64,
    seed: u64,
    wrap: &dyn Fn(&mut Rng, Vec<u8>) -> Vec<u8>,
    target: &dyn Fn(&[u8]),
) -> (u64, Vec<String>) {
    let mut rng = Rng(seed | 1);
    let deadline = Instant::now() + Duration::from_secs(secs);
    // The watchdog: the input being run and when it started.
    let current: Arc<Mutex<Running>> = Arc::new(Mutex::new(None));
    let done = Arc::new(AtomicBool::new(false));
    let watchdog = {
        let (current, done, name) = (current.clone(), done.clone(), name.to_string());
        std::thread::spawn(move || {
            while !done.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(200));
                let guard = current.lock().unwrap();
                if let Some((started, input)) = guard.as_ref() {
                    if started.elapsed() > HANG {
                        let path =
                            std::env::temp_dir().join(format!("chronolane-fuzz-{name}-hang.bin"));
                        std::fs::write(&path, input).ok();
                        eprintln!(
                            "fuzz {name}: an input has run for over {HANG:?} (saved to {}); stopping",
                            path.display()
                        );
                        std::process::exit(101);
                    }
                }
            }
        })
    };
    let mut runs = 0u64;
    let mut failures = Vec::new();
    let last_input = std::env::temp_dir().join(format!("chronolane-fuzz-{name}-last.bin"));
    while Instant::now() < deadline {
        let mut input = seeds[rng.below(seeds.len())].clone();
        mutate(&mut rng, &mut input, seeds);
        let input = wrap(&mut rng, input);
        // Written before the run, so an input that aborts the process is left behind.
        std::fs::write(&last_input, &input).ok();
        let started = Instant::now();
        *current.lock().unwrap() = Some((started, input.clone()));
        let outcome = catch_unwind(AssertUnwindSafe(|| target(&input)));
        let took = started.elapsed();
        *current.lock().unwrap() = None;
        runs += 1;
        if outcome.is_err() || took > HANG {
            let path = std::env::temp_dir().join(format!("chronolane-fuzz-{name}-{runs}.bin"));
            std::fs::write(&path, &input).ok();
            failures.push(format!(
                "{name}: {} after {took:?} (input saved to {})",
                if outcome.is_err() {
                    "panic"
                } else {
                    "slow input"
                },
                path.display()
            ));
        }
    }
    done.store(true, Ordering::SeqCst);
    watchdog.join().unwrap();
    // Every input ran to its end: the one kept in case of an abort is not needed.
    std::fs::remove_file(&last_input).ok();
    (runs, failures)
}

fn settings() -> (u64, u64) {
    let secs = std::env::var("CHRONOLANE_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let seed = std::env::var("CHRONOLANE_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5EED_C4A0_0001);
    (secs, seed)
}

fn read(name: &str) -> impl Fn(&[u8]) + '_ {
    move |bytes: &[u8]| {
        // Refusals are fine; only a panic, a hang or an abort is a failure.
        let _ = chronolane::import::read::read_bytes(name, bytes);
    }
}

fn raw(_: &mut Rng, v: Vec<u8>) -> Vec<u8> {
    v
}

fn report(target: &str, (runs, failures): (u64, Vec<String>)) {
    eprintln!(
        "fuzz {target}: {runs} executions, {} failures",
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

const SHEET_XML: &str = r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Date</t></is></c><c r="B1" t="inlineStr"><is><t>Event</t></is></c></row><row r="2"><c r="A2"><v>42167</v></c><c r="B2" t="inlineStr"><is><t>Home visit</t></is></c><c r="C2"><f t="shared" ref="C2:C3" si="0">A2+1</f><v>42168</v></c></row></sheetData><mergeCells count="1"><mergeCell ref="A2:A3"/></mergeCells></worksheet>"#;
const ODS_ROWS: &str = r#"<table:table-row><table:table-cell office:value-type="string"><text:p>Date</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Time</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Event</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="2"><table:table-cell office:value-type="date" office:date-value="2015-06-12" table:number-rows-spanned="2"/><table:table-cell office:value-type="time" office:time-value="PT10H30M00S"/><table:table-cell office:value-type="string"><text:p>Visit<text:s text:c="2"/>seen</text:p></table:table-cell></table:table-row>"#;
const DOCX_BODY: &str = r#"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Date</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Event</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>12/06/2015</w:t></w:r></w:p></w:tc><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>Visit &amp; call</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#;

#[test]
fn fuzz_csv() {
    let (secs, seed) = settings();
    let seeds = vec![
        fixtures::police_csv(),
        "Date;Time;Event\n12/06/2015;10:30;\"Visit; seen\"\n".into(),
        b"\xff\xfeD\x00a\x00t\x00e\x00,\x00E\x00\n\x00".to_vec(),
        b"Date,Event\n12/06/2015,Caf\xe9\n".to_vec(),
    ];
    report("csv", fuzz("csv", &seeds, secs, seed, &raw, &read("f.csv")));
}

#[test]
fn fuzz_xlsx() {
    let (secs, seed) = settings();
    let seeds = vec![SHEET_XML.as_bytes().to_vec()];
    // Mostly the sheet XML mutated and packed again; sometimes a whole mutated workbook.
    let real = fixtures::hv_xlsx();
    let wrap = move |rng: &mut Rng, xml: Vec<u8>| -> Vec<u8> {
        if rng.below(4) == 0 {
            let mut w = real.clone();
            mutate(rng, &mut w, std::slice::from_ref(&real));
            return w;
        }
        generate::xlsx(&String::from_utf8_lossy(&xml), None)
    };
    report(
        "xlsx",
        fuzz("xlsx", &seeds, secs, seed, &wrap, &read("f.xlsx")),
    );
}

#[test]
fn fuzz_xls() {
    let (secs, seed) = settings();
    let seeds = vec![
        generate::xls(&[(0, 0), (0, 1), (1, 0), (1, 1), (5, 3)]),
        std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/hostile/files/shared_xls_formula_panic.xls"),
        )
        .unwrap(),
    ];
    report("xls", fuzz("xls", &seeds, secs, seed, &raw, &read("f.xls")));
}

#[test]
fn fuzz_ods() {
    let (secs, seed) = settings();
    let seeds = vec![generate::ods_content(ODS_ROWS).into_bytes()];
    let wrap = |_: &mut Rng, xml: Vec<u8>| generate::ods(&String::from_utf8_lossy(&xml));
    report(
        "ods",
        fuzz("ods", &seeds, secs, seed, &wrap, &read("f.ods")),
    );
}

#[test]
fn fuzz_docx() {
    let (secs, seed) = settings();
    let seeds = vec![DOCX_BODY.as_bytes().to_vec()];
    let wrap = |rng: &mut Rng, xml: Vec<u8>| {
        let d = generate::docx(&String::from_utf8_lossy(&xml));
        if rng.below(5) == 0 {
            let mut d = d;
            let cut = rng.below(d.len());
            d.truncate(cut);
            return d;
        }
        d
    };
    report(
        "docx",
        fuzz("docx", &seeds, secs, seed, &wrap, &read("f.docx")),
    );
}

#[test]
fn fuzz_dates() {
    let (secs, seed) = settings();
    let seeds: Vec<Vec<u8>> = [
        "12/06/2015",
        "12/06/2015 10:30",
        "June 2015",
        "2015",
        "c. March 2014",
        "Spring 2016",
        "12.06.15",
        "2015-06-12T10:30:00",
        "between 1 and 3 May 2015",
        "42167",
        "w/c 8/6/2015",
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect();
    let target = |bytes: &[u8]| {
        let text = String::from_utf8_lossy(bytes);
        let _ = chronolane::dates::parse_event_date(&text);
        let _ = chronolane::dates::parse::parse_time(&text);
    };
    report("dates", fuzz("dates", &seeds, secs, seed, &raw, &target));
}
