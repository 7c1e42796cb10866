//! A hand-over that tells the receiver there is no risk when the sender's own record holds
//! one: a transfer summary saying "no DA incidents since ...", a placement referral saying
//! "none known", a discharge letter saying "no risk issues identified", written by an agency
//! whose earlier entries record domestic abuse, exploitation, injuries or substance use.
//! Reviews call this a hand-over that left out the key risk; unlike
//! `lost_transfer.key_risk_dropped` it needs no key risk marked by the reviewer, only the
//! hand-over's own words and the sender's own earlier records.

use crate::calendar;
use crate::model::{EntryKind, FlagKind, Severity};

use super::super::chronology::{Chronology, Fact};
use super::super::explain::*;
use super::super::Draft;

/// How many of the sender's earlier records of the risk a flag cites (the latest ones).
const RISK_RECORDS_CITED: usize = 3;

/// Days before a hand-over in which another agency's words saying the same "no risk" make the
/// hand-over an echo of that one rather than its source.
const ECHO_DAYS: i64 = 30;

/// The first "no risk" phrase in an entry's words, as written.
fn denial(c: &Chronology<'_>, f: &Fact<'_>) -> Option<String> {
    let mut found: Option<(usize, usize)> = None;
    c.cues.risk_denied.each_span(&f.text, |_, s, e| {
        if found.is_none() {
            found = Some((s, e));
        }
    });
    found.map(|(s, e)| f.text[s..e].to_string())
}

/// Whether an entry is a hand-over document: a referral, transfer, information shared,
/// closure or discharge, or words that say it is one ("transfer summary", "discharge letter").
fn hands_over(c: &Chronology<'_>, f: &Fact<'_>) -> bool {
    f.is_handover() || f.kind == EntryKind::CaseClosed || c.cues.handover_record.any(&f.text)
}

/// Hand-overs whose words deny a risk the sender's own earlier records hold.
pub(crate) fn risk_denied(c: &Chronology<'_>, out: &mut Vec<Draft>) {
    let mask = c.concerns.mask(&c.settings.missed_escalation.categories);
    let receipt_days = c.settings.lost_transfer.expected_receipt_working_days;
    for (h, f) in c.facts.iter().enumerate() {
        if f.background || !hands_over(c, f) {
            continue;
        }
        let Some(phrase) = denial(c, f) else { continue };
        // Another agency said the same shortly before: this entry passes it on.
        let echo = c.facts[..h].iter().rev().any(|g| {
            g.agency != f.agency
                && (f.day - g.day).num_days() <= ECHO_DAYS
                && g.text.contains(&phrase)
        });
        if echo {
            continue;
        }
        let risks: Vec<usize> = c
            .entries_of(f.agency)
            .iter()
            .copied()
            .filter(|&i| {
                let g = c.fact(i);
                g.day < f.day && !g.background && g.concerns & mask != 0
            })
            .collect();
        if risks.is_empty() {
            continue;
        }
        let cited: Vec<usize> = risks
            .iter()
            .rev()
            .take(RISK_RECORDS_CITED)
            .rev()
            .copied()
            .collect();
        let held = cited
            .iter()
            .fold(0u32, |m, &i| m | (c.fact(i).concerns & mask));
        let labels: Vec<String> = (0..32)
            .filter(|b| held & (1 << b) != 0)
            .map(|b| c.concerns.label(b).to_string())
            .collect();
        // The receivers' records that repeat the same words within the expected receipt time.
        let until = calendar::add_working_days(f.day, receipt_days);
        let repeated: Vec<usize> = (h + 1..c.facts.len())
            .take_while(|&i| c.fact(i).day <= until)
            .filter(|&i| {
                let g = c.fact(i);
                g.agency != f.agency && !g.background && g.text.contains(&phrase)
            })
            .collect();
        let cites: Vec<String> = cited.iter().map(|&i| cite(c.fact(i))).collect();
        let mut text = format!(
            "{} says \"{phrase}\", while {}'s own records before it hold {}: {}.",
            capitalise(&described(c, f)),
            c.agency_name(f.agency),
            list(&labels),
            list(&cites)
        );
        if !repeated.is_empty() {
            let by: Vec<String> = repeated
                .iter()
                .map(|&i| format!("{} {}", c.agency_name(c.fact(i).agency), cite(c.fact(i))))
                .collect();
            text.push_str(&format!(
                " The receiving side recorded the same words: {}.",
                list(&by)
            ));
        }
        text.push_str(
            " A hand-over that tells the receiver there is no risk, when the sender knows of one, loses the key risk.",
        );
        let mut reasons = vec![format!(
            "the words \"{phrase}\" in entry {} are read as saying there is no risk",
            f.id
        )];
        fact_inferences(c, f, &mut reasons);
        text.push_str(&inference_note(&reasons));
        let mut evidence = vec![h];
        evidence.extend(&cited);
        evidence.extend(&repeated);
        out.push(Draft {
            kind: FlagKind::LostTransfer,
            rule: "lost_transfer.risk_denied",
            anchors: vec![h],
            qualifier: String::new(),
            evidence,
            explanation: text,
            severity: Severity::High,
            inferred: true,
            period: None,
        });
    }
}

fn capitalise(s: &str) -> String {
    let mut ch = s.chars();
    match ch.next() {
        Some(f) => f.to_uppercase().collect::<String>() + ch.as_str(),
        None => String::new(),
    }
}
