//! Words for explanations: entries cited with their UK dates and numbers, working-day counts,
//! lists in plain English.

use crate::dates::uk;
use crate::model::EntryKind;

use super::chronology::{Chronology, Fact};

/// When an entry happened, as a reviewer would write it: "03/04/2020", or the source's own
/// wording for an approximate date ("early April 2019").
pub(crate) fn when(f: &Fact<'_>) -> String {
    if f.exact {
        uk(f.day)
    } else {
        f.entry.date.to_string()
    }
}

/// "03/04/2020 (entry 1503)".
pub(crate) fn cite(f: &Fact<'_>) -> String {
    format!("{} (entry {})", when(f), f.id)
}

/// "NB CSC's home visit on 03/10/2019 (entry 129)".
pub(crate) fn described(c: &Chronology<'_>, f: &Fact<'_>) -> String {
    format!(
        "{}'s {} on {}",
        c.agency_name(f.agency),
        kind_words(f.kind),
        cite(f)
    )
}

/// An entry's kind in running text ("home visit", "threshold decision").
pub(crate) fn kind_words(kind: EntryKind) -> String {
    match kind {
        EntryKind::Note => "record".into(),
        EntryKind::Marac => "MARAC".into(),
        EntryKind::CinMeeting => "child in need meeting".into(),
        EntryKind::ReferralReceived => "record of receipt".into(),
        other => other.label().to_lowercase(),
    }
}

/// "the same day", "1 working day later", "14 working days later".
pub(crate) fn working_days_later(days: i64) -> String {
    match days {
        0 => "the same day".into(),
        1 => "1 working day later".into(),
        n => format!("{n} working days later"),
    }
}

/// "1 working day", "5 working days".
pub(crate) fn working_days(n: i64) -> String {
    if n == 1 {
        "1 working day".into()
    } else {
        format!("{n} working days")
    }
}

/// The summary in quotation marks, shortened to a readable length.
pub(crate) fn quote(f: &Fact<'_>) -> String {
    let s = f.entry.summary.trim();
    let short: String = s.chars().take(110).collect();
    if short.len() < s.len() {
        format!("\"{}…\"", short.trim_end())
    } else {
        format!("\"{short}\"")
    }
}

/// "a, b and c".
pub(crate) fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The sentence that says what an explanation rests on, or nothing when it rests only on the
/// reviewer's own records and links.
pub(crate) fn inference_note(reasons: &[String]) -> String {
    if reasons.is_empty() {
        String::new()
    } else {
        let mut r: Vec<String> = reasons.to_vec();
        r.sort();
        r.dedup();
        format!(" This rests on inference: {}.", list(&r))
    }
}

/// Why a fact's kind or receiving agency is inferred, for [`inference_note`].
pub(crate) fn fact_inferences(c: &Chronology<'_>, f: &Fact<'_>, out: &mut Vec<String>) {
    use super::chronology::Source;
    match f.kind_from {
        Source::Suggested => out.push(format!(
            "entry {} is taken as a {} (a suggested kind not yet accepted)",
            f.id,
            kind_words(f.kind)
        )),
        Source::Text => out.push(format!(
            "entry {} is read as a {} from its summary",
            f.id,
            kind_words(f.kind)
        )),
        Source::Recorded => {}
    }
    for &to in &f.to {
        match f.to_from {
            Source::Suggested => out.push(format!(
                "entry {} is taken as going to {} (a suggested receiving agency)",
                f.id,
                c.agency_name(to)
            )),
            Source::Text => out.push(format!(
                "entry {} is read as going to {} from its summary",
                f.id,
                c.agency_name(to)
            )),
            Source::Recorded => {}
        }
    }
}
