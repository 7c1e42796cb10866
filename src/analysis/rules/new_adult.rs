//! A new adult in the household nobody checked: signs of a new or unidentified man at the
//! child's home ("men's trainers in the hallway", "a male voice in the background", "her new
//! partner") recorded again and again, each time taken at the parent's word, with no police
//! check, no strategy discussion and no assessment of him within the set time. Serious case
//! reviews keep finding that the man nobody asked about was the risk.
//!
//! Signs are read through the shared vocabulary (`phrases::words::ADULT_IN_HOME`), affirmed
//! (not "no male present"); a check is a strategy discussion, an entry whose words record a
//! police or background check on him (`ADULT_CHECKED`), or an assessment that speaks of the
//! man, partner or father. A check within the set days of the first sign examines the signs up
//! to it; signs after a check start again.

use crate::model::{EntryKind, FlagKind, Severity};
use crate::phrases::{self, words, Phrases};

use super::super::chronology::{Chronology, Fact};
use super::super::explain::*;
use super::super::Draft;
use super::days;

/// The words of `text` around the first sign (for quoting), at most about 70 characters.
fn around(signs: &Phrases<()>, text: &str) -> Option<String> {
    let mut at = None;
    signs.each_span(text, |_, s, e| {
        if at.is_none() && phrases::affirmed(text, s, e) {
            at = Some((s, e));
        }
    });
    let (s, e) = at?;
    let from = text[..s]
        .rfind(['.', ';', '\n', '|'])
        .map(|i| i + 1)
        .unwrap_or(0)
        .max(s.saturating_sub(40));
    let to = text[e..]
        .find(['.', ';', '\n', '|'])
        .map(|i| e + i)
        .unwrap_or(text.len())
        .min(e + 40);
    let (from, mut to) = (floor(text, from), floor(text, to));
    // End on a whole word.
    if to < text.len() && text[to..].starts_with(|ch: char| ch.is_alphanumeric()) {
        to = text[e..to].rfind(' ').map_or(to, |i| e + i);
    }
    Some(text[from..to].trim().to_string())
}

fn floor(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Whether an entry checks the adult: a strategy discussion, a police or background check, or
/// an assessment that speaks of him.
fn checks(f: &Fact<'_>, checked: &Phrases<()>) -> bool {
    if f.kind == EntryKind::StrategyDiscussion || checked.any_affirmed(&f.text) {
        return true;
    }
    f.kind == EntryKind::Assessment
        && ["partner", "father", "boyfriend", "the man", "male", "him"]
            .iter()
            .any(|w| f.text.contains(w))
}

/// Signs of a new or unidentified adult at the home with no check.
pub(crate) fn unchecked(c: &Chronology<'_>, out: &mut Vec<Draft>) {
    let s = &c.settings.repeated_concern;
    let signs_of = phrases::list(words::ADULT_IN_HOME);
    let checked = phrases::list(words::ADULT_CHECKED);
    let signs: Vec<usize> = (0..c.facts.len())
        .filter(|&i| {
            let f = c.fact(i);
            !f.background && signs_of.any_affirmed(&phrases::normalise(&f.text))
        })
        .collect();
    let check_after = |i: usize| {
        let f = c.fact(i);
        // A check is looked for from the sign's day on.
        (c.first_from(f.day)..c.facts.len()).find(|&j| {
            let g = c.fact(j);
            j != i && !g.background && g.not_before(f) && checks(g, &checked)
        })
    };
    let mut k = 0;
    while k < signs.len() {
        let first = signs[k];
        let check = check_after(first);
        let within = check.is_some_and(|j| {
            days(c.fact(first).day, c.fact(j).day) <= i64::from(s.new_adult_check_days)
        });
        // The signs up to the check (or all that remain).
        let end = match check {
            Some(j) => signs[k..]
                .iter()
                .position(|&i| c.fact(i).day > c.fact(j).day)
                .map_or(signs.len(), |p| k + p),
            None => signs.len(),
        };
        let cluster = &signs[k..end.max(k + 1)];
        k = end.max(k + 1);
        if within || cluster.len() < s.new_adult_min_signs as usize {
            continue;
        }
        let mut agencies: Vec<_> = cluster.iter().map(|&i| c.fact(i).agency).collect();
        agencies.sort();
        agencies.dedup();
        let (a, b) = (c.fact(cluster[0]), c.fact(*cluster.last().unwrap()));
        let child = c
            .subject
            .map(|p| p.label.clone())
            .unwrap_or_else(|| "the child".into());
        let items: Vec<String> = cluster
            .iter()
            .map(|&i| {
                let f = c.fact(i);
                let words = around(&signs_of, &phrases::normalise(&f.text))
                    .map(|w| format!(": \"{w}\""))
                    .unwrap_or_default();
                format!("{} on {}{words}", c.agency_name(f.agency), cite(f))
            })
            .collect();
        let names: Vec<String> = agencies.iter().map(|&x| c.agency_name(x)).collect();
        let mut text = format!(
            "Signs of a new or unidentified adult at {child}'s home are recorded {} times by {} from {} to {}: {}. ",
            cluster.len(),
            list(&names),
            crate::dates::uk(a.day),
            crate::dates::uk(b.day),
            items.join("; ")
        );
        match check {
            Some(j) => text.push_str(&format!(
                "The first police check, strategy discussion or assessment of him after the first sign is {} on {}, {} days later (more than {}).",
                c.agency_name(c.fact(j).agency),
                cite(c.fact(j)),
                days(a.day, c.fact(j).day),
                s.new_adult_check_days
            )),
            None => text.push_str(&format!(
                "No police check, strategy discussion or assessment of him is recorded after them (one was expected within {} days).",
                s.new_adult_check_days
            )),
        }
        let reasons = vec!["the signs are read from the entries' words".to_string()];
        text.push_str(&inference_note(&reasons));
        out.push(Draft {
            kind: FlagKind::RepeatedConcern,
            rule: "repeated_concern.new_adult_unchecked",
            anchors: vec![cluster[0]],
            qualifier: String::new(),
            evidence: cluster.to_vec(),
            explanation: text,
            severity: if cluster.len() >= 3 || agencies.len() >= 2 {
                Severity::High
            } else {
                Severity::Medium
            },
            inferred: true,
            period: None,
        });
    }
}
