//! Contradicting records: the reviewer's `contradicts` links, and suggestions where two
//! agencies' records of the same event differ or one records a meeting the other has no
//! entry for.

use chrono::Days;
use petgraph::Direction;

use crate::model::{AgencyId, ChildSeen, EntryKind, FlagKind, Involvement, LinkKind, Severity};

use super::super::chronology::{Chronology, Fact};
use super::super::explain::*;
use super::super::text::normalise;
use super::super::Draft;

/// Every `contradicts` link the reviewer made.
pub(crate) fn linked(c: &Chronology<'_>, out: &mut Vec<Draft>) {
    for link in &c.data.links {
        if link.kind != LinkKind::Contradicts {
            continue;
        }
        let (Some(a), Some(b)) = (c.position(link.from), c.position(link.to)) else {
            continue;
        };
        let (fa, fb) = (c.fact(a), c.fact(b));
        let mut text = format!(
            "Linked by the reviewer as contradicting each other: {} {} and {} {}.",
            described(c, fa),
            quote(fa),
            described(c, fb),
            quote(fb)
        );
        if !link.note.trim().is_empty() {
            text.push_str(&format!(" Reviewer's note: \"{}\".", link.note.trim()));
        }
        out.push(Draft {
            kind: FlagKind::ContradictingRecords,
            rule: "contradicting_records.linked",
            anchors: vec![a, b],
            qualifier: String::new(),
            evidence: vec![a, b],
            explanation: text,
            severity: Severity::Medium,
            inferred: false,
            period: None,
        });
    }
}

fn contradicted_by_link(c: &Chronology<'_>, a: usize, b: usize) -> bool {
    c.edges(a, Direction::Outgoing)
        .chain(c.edges(a, Direction::Incoming))
        .any(|(o, r)| o == b && r.kind == LinkKind::Contradicts)
}

/// How two records of the same event differ, if they do.
/// The concerns an entry records about the event itself: a failed or missed contact it
/// reports ("Q not brought to weigh clinic 27/06 - rebooked", "no answer on Monday") is about
/// that other contact, not a concern raised at this one, so its words are left out.
fn concerns_at_event(c: &Chronology<'_>, f: &Fact<'_>) -> u32 {
    let mut spans: Vec<(usize, usize)> = Vec::new();
    c.cues
        .failed_contact
        .each_span(&f.text, |_, s, e| spans.push((s, e)));
    if spans.is_empty() {
        return f.concerns;
    }
    let mut bytes = f.text.as_bytes().to_vec();
    for (s, e) in spans {
        for b in &mut bytes[s..e] {
            *b = b' ';
        }
    }
    // Phrases match whole characters, so only whole characters became spaces.
    let text = String::from_utf8(bytes).unwrap_or_else(|_| f.text.clone());
    c.concerns.find_with_headline(&text, 0, &f.entry.tags).0
}

fn difference(c: &Chronology<'_>, watched: u32, a: &Fact<'_>, b: &Fact<'_>) -> Option<String> {
    for (x, y) in [(a, b), (b, a)] {
        let raised = concerns_at_event(c, y) & watched & !x.concerns;
        if raised != 0 && c.cues.all_clear.any(&x.text) {
            let labels: Vec<String> = (0..32)
                .filter(|i| raised & (1 << i) != 0)
                .map(|i| c.concerns.label(i).to_string())
                .collect();
            return Some(format!(
                "{} records no concerns or marks, while {} records {}",
                c.agency_name(x.agency),
                c.agency_name(y.agency),
                list(&labels)
            ));
        }
        if c.cues.child_absent.any(&x.text) && y.seen == ChildSeen::Yes {
            return Some(format!(
                "{} records the child as not present, while {} records seeing the child",
                c.agency_name(x.agency),
                c.agency_name(y.agency)
            ));
        }
    }
    if a.seen != b.seen
        && a.seen != ChildSeen::Unknown
        && b.seen != ChildSeen::Unknown
        && a.kind == EntryKind::HomeVisit
        && b.kind == EntryKind::HomeVisit
    {
        let (yes, no) = if a.seen == ChildSeen::Yes {
            (a, b)
        } else {
            (b, a)
        };
        return Some(format!(
            "{} records seeing the child, while {} records the child as not seen",
            c.agency_name(yes.agency),
            c.agency_name(no.agency)
        ));
    }
    None
}

/// Two agencies' records of the same event whose accounts differ.
pub(crate) fn accounts_differ(c: &Chronology<'_>, out: &mut Vec<Draft>) {
    use petgraph::visit::EdgeRef;
    let watched = c.concerns.mask(&c.settings.missed_escalation.categories)
        | c.concerns.mask(&c.settings.repeated_concern.categories);
    let mut pairs: Vec<(usize, usize, bool)> = c
        .graph
        .edge_references()
        .filter(|e| e.weight().kind == LinkKind::DuplicateOf)
        .map(|e| {
            let (x, y) = (e.source().index(), e.target().index());
            (x.min(y), x.max(y), e.weight().explicit)
        })
        .collect();
    // One pair once, the reviewer's link first.
    pairs.sort_by_key(|&(a, b, explicit)| (a, b, !explicit));
    pairs.dedup_by_key(|&mut (a, b, _)| (a, b));
    for (a, b, explicit) in pairs {
        {
            let (fa, fb) = (c.fact(a), c.fact(b));
            if fa.agency == fb.agency || fa.background || fb.background {
                continue;
            }
            if contradicted_by_link(c, a, b) {
                continue;
            }
            let Some(how) = difference(c, watched, fa, fb) else {
                continue;
            };
            let mut text = format!(
                "Two records of the same event differ: {} {} and {} {}. {}.",
                described(c, fa),
                quote(fa),
                described(c, fb),
                quote(fb),
                capitalise(&how)
            );
            let mut reasons = Vec::new();
            if !explicit {
                reasons.push(format!(
                    "entries {} and {} are taken as records of the same event (same day and kind, with people or words in common)",
                    fa.id, fb.id
                ));
            }
            text.push_str(&inference_note(&reasons));
            out.push(Draft {
                kind: FlagKind::ContradictingRecords,
                rule: "contradicting_records.accounts_differ",
                anchors: vec![a, b],
                qualifier: String::new(),
                evidence: vec![a, b],
                explanation: text,
                severity: Severity::Medium,
                inferred: !explicit,
                period: None,
            });
        }
    }
}

fn capitalise(s: &str) -> String {
    let mut ch = s.chars();
    match ch.next() {
        Some(f) => f.to_uppercase().collect::<String>() + ch.as_str(),
        None => String::new(),
    }
}

fn is_meeting(kind: EntryKind) -> bool {
    matches!(
        kind,
        EntryKind::StrategyDiscussion
            | EntryKind::ChildProtectionConference
            | EntryKind::CoreGroup
            | EntryKind::CinMeeting
            | EntryKind::Meeting
            | EntryKind::Marac
    )
}

/// Words a later entry would use about a meeting of this kind.
fn meeting_words(kind: EntryKind) -> &'static [&'static str] {
    match kind {
        EntryKind::StrategyDiscussion => &["strategy"],
        EntryKind::ChildProtectionConference => &["conference"],
        EntryKind::CoreGroup => &["core group"],
        EntryKind::CinMeeting => &["child in need", "cin "],
        _ => &["meeting"],
    }
}

/// The agencies whose practitioners a meeting record lists as present: the people recorded as
/// present, and the practitioners named after "Present:" in its words.
fn attending(c: &Chronology<'_>, f: &Fact<'_>) -> Vec<AgencyId> {
    let mut out: Vec<AgencyId> = Vec::new();
    for p in &f.entry.people {
        if !matches!(p.involvement, Involvement::Present) {
            continue;
        }
        if let Some(agency) = c
            .data
            .people
            .iter()
            .find(|x| x.id == p.person)
            .and_then(|x| x.agency)
        {
            out.push(agency);
        }
    }
    if let Some(pos) = f.text.find("present:") {
        let rest = &f.text[pos + "present:".len()..];
        let clause = rest.split(['.', '\n']).next().unwrap_or("");
        for person in &c.data.people {
            let Some(agency) = person.agency else {
                continue;
            };
            let label = normalise(&person.label);
            if clause
                .split(|ch: char| !ch.is_alphanumeric())
                .any(|w| !w.is_empty() && w == label)
            {
                out.push(agency);
            }
        }
    }
    // Agencies represented and given an action ("ASC representative at MARAC accepted an
    // action"): the action is theirs, so their record should show it.
    let home = c.area(f.agency);
    for sentence in f.text.split(['.', '\n', ';']) {
        if sentence.contains("representative") {
            let named = c.names.find(sentence);
            out.extend(c.names.agencies(&named, home));
        }
    }
    out.sort();
    out.dedup();
    out.retain(|a| *a != f.agency);
    out
}

/// Agencies only listed by name among those present ("Present: SW1, CM, FN1 (FNP)"): weaker
/// evidence, flagged only when the partner's own record contradicts it (leave that day) or
/// later speaks of the meeting.
fn listed_present(c: &Chronology<'_>, f: &Fact<'_>) -> Vec<AgencyId> {
    let home = c.area(f.agency);
    let mut out: Vec<AgencyId> = Vec::new();
    for sentence in f.text.split(['.', '\n', ';']) {
        if let Some(p) = sentence.find("present:") {
            let named = c.names.find(&sentence[p + "present:".len()..]);
            out.extend(c.names.agencies(&named, home));
        }
    }
    out.sort();
    out.dedup();
    out.retain(|a| *a != f.agency);
    out
}

/// Whether an entry records its practitioner as away ("annual leave", "off sick", "no cover"):
/// an entry on the day of a meeting that says so does not confirm attending it.
fn records_absence(c: &Chronology<'_>, i: usize) -> bool {
    c.cues.absence.any(&c.fact(i).text)
}

/// Meetings one agency records another agency's practitioner at, when that agency has no
/// entry for the day although its record covers the time.
pub(crate) fn unrecorded_meeting(c: &Chronology<'_>, out: &mut Vec<Draft>) {
    let active = Days::new(u64::from(c.settings.contradicting_records.active_days));
    for (m, f) in c.facts.iter().enumerate() {
        if f.background || !f.exact || !is_meeting(f.kind) || c.is_copy(m) {
            continue;
        }
        let strong = attending(c, f);
        let weak: Vec<AgencyId> = listed_present(c, f)
            .into_iter()
            .filter(|a| !strong.contains(a))
            .collect();
        for other in strong.iter().chain(&weak).copied() {
            let list_ = c.entries_of(other);
            let at = |day: chrono::NaiveDate| list_.partition_point(|&i| c.fact(i).day < day);
            let (from, to) = (at(f.day), at(f.day + Days::new(1)));
            let covering: Vec<usize> = list_[..from]
                .iter()
                .rev()
                .take(20)
                .copied()
                .filter(|&i| c.fact(i).entry.date.end >= f.day)
                .chain(list_[from..to].iter().copied())
                .collect();
            let absent: Vec<usize> = covering
                .iter()
                .copied()
                .filter(|&i| records_absence(c, i))
                .collect();
            if covering.iter().any(|i| !absent.contains(i)) {
                continue;
            }
            let before = list_[at(f.day - active)..from]
                .iter()
                .any(|&i| !c.fact(i).background);
            let after = to < at(f.day + active + Days::new(1));
            if !before || !after {
                continue;
            }
            let contradicted = c
                .edges(m, Direction::Outgoing)
                .chain(c.edges(m, Direction::Incoming))
                .any(|(o, r)| r.kind == LinkKind::Contradicts && c.fact(o).agency == other);
            if contradicted {
                continue;
            }
            // The other agency's later entries that speak of such a meeting.
            let words = meeting_words(f.kind);
            let echoes: Vec<usize> = list_[to..at(f.day + Days::new(31))]
                .iter()
                .copied()
                .filter(|&i| words.iter().any(|w| c.fact(i).text.contains(w)))
                .collect();
            if weak.contains(&other) && absent.is_empty() && echoes.is_empty() {
                continue;
            }
            let name = c.agency_name(other);
            let mut text = if let Some(&a) = absent.first() {
                format!(
                    "{} records {name} as taking part in a {} on {}: {}. {name}'s own record for that day says its practitioner was away: {} {}.",
                    c.agency_name(f.agency),
                    kind_words(f.kind),
                    cite(f),
                    quote(f),
                    cite(c.fact(a)),
                    quote(c.fact(a))
                )
            } else {
                format!(
                    "{} records {name} as taking part in a {} on {}: {}. {name} has no entry for that day, although its record has entries in the weeks before and after.",
                    c.agency_name(f.agency),
                    kind_words(f.kind),
                    cite(f),
                    quote(f)
                )
            };
            if !echoes.is_empty() {
                let items: Vec<String> = echoes
                    .iter()
                    .map(|&i| format!("{} {}", cite(c.fact(i)), quote(c.fact(i))))
                    .collect();
                text.push_str(&format!(" Later, {name} wrote: {}.", list(&items)));
            }
            let mut reasons = Vec::new();
            fact_inferences(c, f, &mut reasons);
            text.push_str(&inference_note(&reasons));
            let mut evidence = vec![m];
            evidence.extend(&absent);
            evidence.extend(&echoes);
            out.push(Draft {
                kind: FlagKind::ContradictingRecords,
                rule: "contradicting_records.unrecorded_meeting",
                anchors: vec![m],
                qualifier: other.to_string(),
                evidence,
                explanation: text,
                severity: Severity::Medium,
                inferred: !reasons.is_empty(),
                period: None,
            });
        }
    }
}

/// Days after an incident in which another agency's record of it (a notification, a triage)
/// is still read as a record of the same incident.
const ALLEGATION_RECORD_DAYS: i64 = 7;

/// The first phrase of `phrases` in `text` that stands affirmed, as written.
fn first_affirmed(phrases: &crate::phrases::Phrases<()>, text: &str) -> Option<String> {
    let mut found: Option<String> = None;
    phrases.each_span(text, |_, s, e| {
        if found.is_none() && crate::phrases::affirmed(text, s, e) {
            found = Some(text[s..e].to_string());
        }
    });
    found
}

/// Whether `text` writes `day` as a date ("12/11", "12/11/22", "1/3/2023").
fn writes_day(text: &str, day: chrono::NaiveDate) -> bool {
    use chrono::Datelike;
    let (d, m) = (day.day(), day.month());
    [
        format!("{d:02}/{m:02}"),
        format!("{d}/{m}"),
        format!("{d:02}/{m}"),
        format!("{d}/{m:02}"),
    ]
    .iter()
    .any(|form| {
        text.match_indices(form.as_str()).any(|(at, _)| {
            let before = text[..at].chars().next_back();
            let after = text[at + form.len()..].chars().next();
            !before.is_some_and(|c| c.is_ascii_digit() || c == '/')
                && !after.is_some_and(|c| c.is_ascii_digit())
        })
    })
}

/// What one record affirms and the other's record of the same incident denies.
struct Denied<'p> {
    rule: &'static str,
    /// What the first record says happened ("pushed", "informed by phone").
    affirmed: &'p crate::phrases::Phrases<()>,
    /// What the other record says instead ("no allegations made", "no contact from").
    denied: &'p crate::phrases::Phrases<()>,
    /// Days after the incident in which the denying record may be written (it must then
    /// write the incident's date).
    days: i64,
}

/// One agency records an allegation or disclosure of harm ("he pushed me", "disclosure of
/// assault"); another agency's record of the same incident — the same day, or a later record
/// within a week that writes the incident's date — names the first agency's service and says
/// no allegation was made ("no allegations made", "no assault alleged"). Two accounts of one
/// incident that cannot both be right.
pub(crate) fn allegation_denied(c: &Chronology<'_>, out: &mut Vec<Draft>) {
    denied(
        c,
        &Denied {
            rule: "contradicting_records.allegation_denied",
            affirmed: &c.cues.allegation,
            denied: &c.cues.no_allegation,
            days: ALLEGATION_RECORD_DAYS,
        },
        out,
    );
}

/// One agency records telling another service about an incident ("informed by phone 20:05"),
/// and the other's record of the same day, naming the first agency's service, says it was
/// never told ("no contact from police").
pub(crate) fn contact_denied(c: &Chronology<'_>, out: &mut Vec<Draft>) {
    denied(
        c,
        &Denied {
            rule: "contradicting_records.contact_denied",
            affirmed: &c.cues.informed,
            denied: &c.cues.not_informed,
            days: 0,
        },
        out,
    );
}

/// The first phrase of `phrases` in `text`, as written (denials begin with "no": they are
/// read as written, not as negated).
fn first_found(phrases: &crate::phrases::Phrases<()>, text: &str) -> Option<String> {
    let mut hit = None;
    phrases.each_span(text, |_, s, e| {
        if hit.is_none() {
            hit = Some(text[s..e].to_string());
        }
    });
    hit
}

fn denied(c: &Chronology<'_>, how: &Denied<'_>, out: &mut Vec<Draft>) {
    use super::super::text::Named;
    for (x, fx) in c.facts.iter().enumerate() {
        if fx.background {
            continue;
        }
        let Some(denial) = first_found(how.denied, &fx.text) else {
            continue;
        };
        // Only the facts up to `how.days` before the denial are read.
        let since = fx
            .day
            .checked_sub_signed(chrono::Duration::days(how.days))
            .unwrap_or(chrono::NaiveDate::MIN);
        for y in c.first_from(since)..c.first_after(fx.day) {
            let fy = c.fact(y);
            if y == x || fy.agency == fx.agency || fy.background {
                continue;
            }
            let gap = (fx.day - fy.day).num_days();
            if !(0..=how.days).contains(&gap) {
                continue;
            }
            if gap > 0 && !writes_day(&fx.text, fy.day) {
                continue;
            }
            // The record must speak of the other agency's part in the incident.
            let names_other = fx.named.iter().any(|n| match n {
                Named::Agency(a) => *a == fy.agency,
                Named::Sector(s) => c.sector(fy.agency) == Some(*s),
                Named::Area(_) => false,
            });
            if !names_other || contradicted_by_link(c, x, y) {
                continue;
            }
            let Some(said) = first_affirmed(how.affirmed, &fy.text) else {
                continue;
            };
            if how.denied.any(&fy.text) {
                continue;
            }
            let text = format!(
                "Two records of one incident cannot both be right: {} {} records \"{said}\", while {} {}, which speaks of {}'s part in it, records \"{denial}\".{}",
                described(c, fy),
                quote(fy),
                described(c, fx),
                quote(fx),
                c.agency_name(fy.agency),
                inference_note(&[format!(
                    "entries {} and {} are taken as records of the same incident ({})",
                    fy.id,
                    fx.id,
                    if gap == 0 {
                        "the same day, one naming the other's service".to_string()
                    } else {
                        format!(
                            "the later one writes the earlier one's date, {}, and names its service",
                            crate::dates::uk(fy.day)
                        )
                    }
                )])
            );
            out.push(Draft {
                kind: FlagKind::ContradictingRecords,
                rule: how.rule,
                anchors: vec![x.min(y), x.max(y)],
                qualifier: String::new(),
                evidence: vec![x, y],
                explanation: text,
                severity: Severity::High,
                inferred: true,
                period: None,
            });
            break;
        }
    }
}
