//! Repeated unexamined concern: the same concern recorded again and again by several agencies
//! within a few months, with no assessment, strategy discussion or conference that examined
//! it. A response only counts when it is about that concern (its own words record it) and was
//! not overruled: a strategy discussion prompted by a later injury does not examine months of
//! bruises it never mentions.

use chrono::Days;

use crate::dates::uk;
use crate::model::{EntryKind, FlagKind, ServiceLevel, Severity};

use super::super::chronology::{Chronology, Fact};
use super::super::explain::*;
use super::super::Draft;
use super::days;
use super::escalation::{concerns_among, Concern};

/// How many records of a concern must play it down ("historic", "per mother", "explanation
/// accepted") before only an assessment of it counts as examining it: a conference or
/// strategy discussion that repeats the family's account does not examine it.
const MINIMISED_RECORDS_FOR_ASSESSMENT: usize = 2;

/// The first minimising phrase in an entry's words, if any.
fn minimising(c: &Chronology<'_>, f: &Fact<'_>) -> Option<String> {
    let mut found: Option<(usize, usize)> = None;
    c.cues.minimising.each_span(&f.text, |_, s, e| {
        if found.is_none() {
            found = Some((s, e));
        }
    });
    // Quote the whole word ("historical", not the phrase "historic").
    found.map(|(s, e)| {
        let rest = &f.text[e..];
        let word_end = e + rest
            .find(|ch: char| !ch.is_alphanumeric())
            .unwrap_or(rest.len());
        f.text[s..word_end].trim_matches(['(', ' ']).to_string()
    })
}

fn examines(c: &Chronology<'_>, i: usize, bit: u32, played_down: bool) -> bool {
    let f: &Fact<'_> = c.fact(i);
    if f.background || f.concerns & bit == 0 || !c.overruled_by(i).is_empty() {
        return false;
    }
    if played_down {
        // Only an assessment the reviewer classified, or one its own headline calls one
        // ("Comprehensive assessment", "Section 47 outcome"): a log entry read as an
        // assessment from its detail (a missing notification, an interview offered) does not
        // examine a concern played down.
        return f.kind == EntryKind::Assessment
            && minimising(c, f).is_none()
            && (!f.kind_from.inferred() || c.cues.assessing.any(&f.summary));
    }
    match f.kind {
        EntryKind::Assessment
        | EntryKind::StrategyDiscussion
        | EntryKind::ChildProtectionConference => true,
        EntryKind::ThresholdDecision | EntryKind::ManagerDecision => {
            f.level.is_some_and(|l| l >= ServiceLevel::ChildInNeed)
        }
        _ => false,
    }
}

/// The same concern recorded many times across agencies with no assessment of it.
pub(crate) fn minimised_no_assessment(c: &Chronology<'_>, out: &mut Vec<Draft>) {
    let s = &c.settings.repeated_concern;
    let mask = c.concerns.mask(&s.categories);
    let window = Days::new(u64::from(s.window_days));
    let respond = Days::new(u64::from(s.response_days));
    // Every entry that records any of the concerns, and every possible examination, once.
    let recording: Vec<usize> = (0..c.facts.len())
        .filter(|&i| c.fact(i).concerns & mask != 0)
        .collect();
    for bit_index in 0..32usize {
        let bit = 1u32 << bit_index;
        if mask & bit == 0 {
            continue;
        }
        let records: Vec<Concern> = concerns_among(c, recording.iter().copied(), bit, false);
        let played_down = records
            .iter()
            .filter(|r| {
                r.entries
                    .iter()
                    .any(|&i| minimising(c, c.fact(i)).is_some())
            })
            .count()
            >= MINIMISED_RECORDS_FOR_ASSESSMENT;
        let responses: Vec<usize> = recording
            .iter()
            .copied()
            .filter(|&i| examines(c, i, bit, played_down))
            .collect();
        let mut start = 0usize;
        let mut k = 0usize;
        while k < records.len() {
            let day = records[k].day;
            // Records up to an examination are answered by it.
            let upto = responses.partition_point(|&r| c.fact(r).day <= day);
            if let Some(&r) = responses[..upto]
                .last()
                .filter(|&&r| c.fact(r).day >= records[start.min(k)].day)
            {
                while start <= k && records[start].day <= c.fact(r).day {
                    start += 1;
                }
            }
            // Records older than the window drop out.
            while start < k && records[start].day + window < day {
                start += 1;
            }
            if start > k {
                k += 1;
                continue;
            }
            let current = &records[start..=k];
            let mut agencies: Vec<_> = current.iter().map(|r| r.agency).collect();
            agencies.sort();
            agencies.dedup();
            if (current.len() as u32) < s.min_records || (agencies.len() as u32) < s.min_agencies {
                k += 1;
                continue;
            }
            let first_day = records[start].day;
            let due = day + respond;
            let from = responses.partition_point(|&r| c.fact(r).day < first_day);
            let answered = responses[from..]
                .first()
                .copied()
                .filter(|&r| c.fact(r).day <= due);
            // When the chronology ends before an examination was due, the concern being
            // recorded again after the threshold, still unexamined, is enough.
            let recorded_again = records[k + 1..].iter().any(|r| r.day <= c.horizon);
            if answered.is_some() || (due > c.horizon && !recorded_again) {
                k += 1;
                continue;
            }
            // Unexamined: the flag takes in every record up to the date an examination was due.
            let mut end = k + 1;
            while end < records.len() && records[end].day <= due {
                end += 1;
            }
            emit(c, bit_index, &records[start..end], day, due, out);
            start = end;
            k = end;
        }
    }
}

fn emit(
    c: &Chronology<'_>,
    bit_index: usize,
    records: &[Concern],
    threshold: chrono::NaiveDate,
    due: chrono::NaiveDate,
    out: &mut Vec<Draft>,
) {
    let s = &c.settings.repeated_concern;
    let label = c.concerns.label(bit_index).to_string();
    let name = c.concerns.categories[bit_index].name.clone();
    let mut agencies: Vec<_> = records.iter().map(|r| r.agency).collect();
    agencies.sort();
    agencies.dedup();
    let entries: Vec<usize> = records.iter().flat_map(|r| r.entries.clone()).collect();
    let items: Vec<String> = records
        .iter()
        .map(|r| format!("{} {}", c.agency_name(r.agency), cite(c.fact(r.entries[0]))))
        .collect();
    let first = records[0].day;
    let last = records.last().expect("non-empty").day;
    let mut text = format!(
        "{} recorded {} times by {} agencies between {} and {} ({} days): {}. No assessment, strategy discussion or child protection conference that addresses it is recorded from {} to {}, {} days after the records reached {} from {} agencies on {}.",
        capitalise(&label),
        records.len(),
        agencies.len(),
        uk(first),
        uk(last),
        days(first, last),
        list(&items),
        uk(first),
        uk(due),
        days(threshold, due),
        s.min_records,
        s.min_agencies,
        uk(threshold)
    );
    let mut minimised: Vec<String> = Vec::new();
    for &i in &entries {
        let f = c.fact(i);
        if let Some(w) = minimising(c, f) {
            minimised.push(format!("\"{w}\" (entry {})", f.id));
        }
    }
    if !minimised.is_empty() {
        minimised.truncate(6);
        text.push_str(&format!(
            " It was played down in the records: {}.",
            list(&minimised)
        ));
    }
    let mut reasons = Vec::new();
    for &i in &entries {
        fact_inferences(c, c.fact(i), &mut reasons);
    }
    text.push_str(&inference_note(&reasons));
    out.push(Draft {
        kind: FlagKind::RepeatedConcern,
        rule: "repeated_concern.minimised_no_assessment",
        anchors: vec![records[0].entries[0]],
        qualifier: name,
        evidence: entries,
        explanation: text,
        severity: if agencies.len() >= 3 || records.len() as u32 >= s.min_records * 2 {
            Severity::High
        } else {
            Severity::Medium
        },
        inferred: !reasons.is_empty(),
        period: Some((first, last)),
    });
}

fn capitalise(s: &str) -> String {
    let mut ch = s.chars();
    match ch.next() {
        Some(f) => f.to_uppercase().collect::<String>() + ch.as_str(),
        None => String::new(),
    }
}
