//! The analysis engine (flags): every rule on hand-built cases, the demo review's flags
//! against its answer key, an unlinked import of it, triage across re-analysis, the CLI.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use chronolane::analysis::{analyse, AnalysisSettings, FlagCandidate};
use chronolane::demo;
use chronolane::model::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2022, 3, 1).unwrap()
}

fn matches(variant: &str, kind: FlagKind, f: &FlagCandidate, key: &[EntryId]) -> bool {
    let overlap = key.iter().filter(|e| f.evidence.contains(e)).count();
    f.rule == format!("{}.{variant}", kind.code()) && overlap * 2 >= key.len() && overlap > 0
}

#[test]
fn demo_report() {
    let data = demo::demo_review();
    let flags = analyse(&data, &AnalysisSettings::default(), today());
    let planted = demo::planted();
    let near = demo::near_misses();
    let mut used = BTreeSet::new();
    let mut found = 0;
    for p in &planted {
        let hit: Vec<_> = flags
            .iter()
            .filter(|f| matches(p.variant, p.kind, f, &p.entries))
            .collect();
        if hit.is_empty() {
            println!("MISSED {:?} {} {:?}", p.kind, p.variant, p.entries);
        } else {
            found += 1;
            for h in hit {
                used.insert(h.identity.clone());
            }
        }
    }
    let mut false_flags = 0;
    for n in &near {
        let hit: Vec<_> = flags
            .iter()
            .filter(|f| matches(n.variant, n.kind, f, &n.entries))
            .collect();
        if !hit.is_empty() {
            false_flags += 1;
            println!(
                "NEAR MISS FLAGGED {:?} {} {:?}: {:?}",
                n.kind,
                n.variant,
                n.entries,
                hit.iter().map(|h| &h.identity).collect::<Vec<_>>()
            );
        }
    }
    for f in &flags {
        if !used.contains(&f.identity) {
            println!(
                "UNPLANNED {} {:?}\n   {}",
                f.identity, f.evidence, f.explanation
            );
        }
    }
    println!(
        "recall {found}/{} ; near misses flagged {false_flags}/{} ; flags {}",
        planted.len(),
        near.len(),
        flags.len()
    );
    for f in &flags {
        println!(
            "\n[{}] {} {:?} inferred={}\n{}",
            f.rule,
            f.severity.code(),
            f.evidence,
            f.inferred,
            f.explanation
        );
    }
}

fn unlinked(mut data: chronolane::json::ReviewData, raw: bool) -> chronolane::json::ReviewData {
    data.links.clear();
    for e in &mut data.entries {
        let kind = e.kind;
        e.kind = EntryKind::Note;
        e.suggested_kind = if raw || kind == EntryKind::Note {
            None
        } else {
            Some(kind)
        };
        e.suggested_to_agency = if raw { None } else { e.to_agency };
        e.to_agency = None;
        if raw {
            e.key_risk.clear();
        }
    }
    data
}

#[test]
fn unlinked_report() {
    for raw in [false, true] {
        let data = unlinked(demo::demo_review(), raw);
        let flags = analyse(&data, &AnalysisSettings::default(), today());
        let planted = demo::planted();
        let near = demo::near_misses();
        let mut used = BTreeSet::new();
        let mut found = 0;
        println!("==== raw={raw}");
        for p in &planted {
            let hit: Vec<_> = flags
                .iter()
                .filter(|f| matches(p.variant, p.kind, f, &p.entries))
                .collect();
            if hit.is_empty() {
                println!("MISSED {:?} {} {:?}", p.kind, p.variant, p.entries);
            } else {
                found += 1;
                for h in hit {
                    used.insert(h.identity.clone());
                }
            }
        }
        let mut false_flags = 0;
        for n in &near {
            let hit: Vec<_> = flags
                .iter()
                .filter(|f| matches(n.variant, n.kind, f, &n.entries))
                .collect();
            if !hit.is_empty() {
                false_flags += 1;
                println!(
                    "NEAR MISS FLAGGED {:?} {} {:?}: {:?}",
                    n.kind,
                    n.variant,
                    n.entries,
                    hit.iter().map(|h| &h.identity).collect::<Vec<_>>()
                );
            }
        }
        for f in &flags {
            if !used.contains(&f.identity) {
                println!(
                    "UNPLANNED {} {:?}\n   {}",
                    f.identity, f.evidence, f.explanation
                );
            }
        }
        println!(
            "recall {found}/{} ; near misses flagged {false_flags}/{} ; flags {}",
            planted.len(),
            near.len(),
            flags.len()
        );
    }
}

#[test]
fn tmp_debug_raw() {
    let data = unlinked(demo::demo_review(), true);
    let flags = analyse(&data, &AnalysisSettings::default(), today());
    for f in &flags {
        if f.rule.contains("lower_level")
            || f.rule.contains("delayed")
            || f.rule.contains("no_receipt")
        {
            println!("DBG {} {:?}\n  {}", f.identity, f.evidence, f.explanation);
        }
    }
}
