//! Child not seen by the service responsible for seeing them: a long gap in one service's
//! sightings (a social worker, a health visitor, a family nurse: the settings' role sectors)
//! while other professionals did see the child. Reviews judge these apart from "nobody saw
//! the child" ("no health visitor saw this baby for nine months", "no social worker saw the
//! child for 11 weeks"): the child being seen by a nurse at a clinic does not do the social
//! worker's visit.
//!
//! A service is responsible while it has the case open, or while it keeps in contact; the gap
//! counts when the service tried to see the child and could not (visits with no access, not
//! brought, no answer: at least the set number) while others saw the child regularly (no
//! stretch longer than the general limit): a universal service's routine contacts months
//! apart are not flagged, and a gap nobody covered is the general rule's. Counting starts at
//! the child's date of birth.

use chrono::NaiveDate;

use crate::model::{AgencyId, ChildSeen, EntryKind, FlagKind, Severity};

use super::super::chronology::{Chronology, Fact};
use super::super::explain::*;
use super::super::Draft;
use super::days;
use super::not_seen::{about_child, born, open_periods};

/// Kinds of entry in which a practitioner meets or tries to meet the family (not a record of
/// a receipt, a transfer or a decision).
fn contact(kind: EntryKind) -> bool {
    matches!(
        kind,
        EntryKind::HomeVisit
            | EntryKind::NoAccessVisit
            | EntryKind::Contact
            | EntryKind::Appointment
            | EntryKind::MissedAppointment
            | EntryKind::CinMeeting
            | EntryKind::CoreGroup
    )
}

/// A span in which a service was responsible for seeing the child.
struct Span {
    from: NaiveDate,
    to: NaiveDate,
    /// The case was open (else: the service was in contact).
    open: bool,
}

/// Gaps in each role service's sightings while others saw the child.
pub(crate) fn role_gap(c: &Chronology<'_>, out: &mut Vec<Draft>) {
    let s = &c.settings.child_not_seen;
    let born = born(c);
    let counts = |f: &Fact<'_>| {
        !f.background && born.is_none_or(|b| f.entry.date.end >= b) && about_child(c, f)
    };
    let periods = open_periods(c);
    let child = c
        .subject
        .map(|p| p.label.clone())
        .unwrap_or_else(|| "the child".into());
    let mut agencies: Vec<AgencyId> = c
        .by_agency
        .keys()
        .copied()
        .filter(|&a| c.sector(a).is_some_and(|x| s.role_sectors.contains(&x)))
        .collect();
    agencies.sort();
    for a in agencies {
        let own: Vec<usize> = c
            .entries_of(a)
            .iter()
            .copied()
            .filter(|&i| counts(c.fact(i)))
            .collect();
        let Some(&last) = own.last() else {
            continue;
        };
        // A service in contact before the birth (antenatal) is responsible from the birth.
        let Some(first) = c
            .entries_of(a)
            .iter()
            .copied()
            .find(|&i| !c.fact(i).background && about_child(c, c.fact(i)))
        else {
            continue;
        };
        let start = |d: NaiveDate| born.map_or(d, |b| d.max(b));
        let mut spans: Vec<Span> = periods
            .iter()
            .filter(|p| p.agency == a)
            .map(|p| Span {
                from: start(p.from),
                to: p.to,
                open: true,
            })
            .collect();
        spans.push(Span {
            from: start(c.fact(first).day),
            to: c.fact(last).day,
            open: false,
        });
        let sightings: Vec<usize> = own
            .iter()
            .copied()
            .filter(|&i| c.fact(i).seen == ChildSeen::Yes)
            .collect();
        let mut flagged: Vec<(NaiveDate, NaiveDate)> = Vec::new();
        for span in &spans {
            if span.from >= span.to {
                continue;
            }
            // Facts are in time order, so the sightings in a span, and the facts in a gap, are
            // each one run of them, found by binary search (scanning them all for every span
            // and gap grew with the square of the entries).
            let mut marks: Vec<(NaiveDate, Option<usize>)> = vec![(span.from, None)];
            let first = sightings.partition_point(|&i| c.fact(i).day < span.from);
            for &i in &sightings[first..] {
                let f = c.fact(i);
                if f.day > span.to {
                    break;
                }
                marks.push((f.day, Some(i)));
            }
            marks.push((span.to, None));
            for w in marks.windows(2) {
                let ((x, xi), (y, yi)) = (w[0], w[1]);
                if days(x, y) <= i64::from(s.role_max_days) {
                    continue;
                }
                if flagged.iter().any(|&(fx, fy)| fx < y && x < fy) {
                    continue; // the same gap, found through the other span
                }
                let inside = |i: usize| {
                    let f = c.fact(i);
                    f.day > x && f.day < y && Some(i) != xi && Some(i) != yi
                };
                // Other professionals saw the child in the gap: else it is the general rule's.
                let others: Vec<usize> = (c.first_after(x)..c.first_from(y))
                    .filter(|&i| {
                        let f = c.fact(i);
                        inside(i) && f.agency != a && f.seen == ChildSeen::Yes && counts(f)
                    })
                    .collect();
                if others.is_empty() {
                    continue;
                }
                // Others saw the child regularly (no stretch the general rule would flag):
                // a gap nobody covered is the general rule's, one claim, one flag.
                let mut seen_days: Vec<NaiveDate> = others.iter().map(|&i| c.fact(i).day).collect();
                seen_days.push(x);
                seen_days.push(y);
                seen_days.sort();
                if seen_days
                    .windows(2)
                    .any(|w| days(w[0], w[1]) > i64::from(s.max_days))
                {
                    continue;
                }
                // The service's own contacts in the gap that did not see the child.
                let quiet: Vec<usize> = own
                    .iter()
                    .copied()
                    .filter(|&i| {
                        let f = c.fact(i);
                        f.day >= x
                            && f.day < y
                            && Some(i) != xi
                            && f.seen != ChildSeen::Yes
                            && (f.failed || contact(f.kind))
                    })
                    .collect();
                // The service tried to see the child and could not (no access, not brought,
                // no answer), while others could: routine contacts months apart are a
                // universal service's pattern, not a failure to see.
                let failed = quiet
                    .iter()
                    .filter(|&&i| {
                        c.fact(i).failed
                            || c.fact(i).kind == EntryKind::NoAccessVisit
                            || c.fact(i).kind == EntryKind::MissedAppointment
                    })
                    .count();
                if failed < s.role_min_failed_contacts as usize {
                    continue;
                }
                flagged.push((x, y));
                let name = c.agency_name(a);
                let end_of = |e: Option<usize>, day: NaiveDate, what: &str| match e {
                    Some(i) => format!("{} ({})", cite(c.fact(i)), kind_words(c.fact(i).kind)),
                    None => format!("{} ({what})", crate::dates::uk(day)),
                };
                let mut text = format!(
                    "No practitioner of {name} is recorded seeing {child} for {} days, from {} to {}, while {}.",
                    days(x, y),
                    end_of(xi, x, if born == Some(x) { "date of birth" } else { "its first record" }),
                    end_of(yi, y, if span.open { "the end of its open case" } else { "its last record" }),
                    if span.open { "it had the case open" } else { "it kept in contact" }
                );
                if !quiet.is_empty() {
                    let items: Vec<String> = quiet
                        .iter()
                        .take(6)
                        .map(|&i| {
                            let f = c.fact(i);
                            format!("{} on {}", kind_words(f.kind), cite(f))
                        })
                        .collect();
                    text.push_str(&format!(
                        " Its contacts in that time did not see {child}: {}.",
                        list(&items)
                    ));
                }
                let seen_by: Vec<String> = others
                    .iter()
                    .take(4)
                    .map(|&i| {
                        let f = c.fact(i);
                        format!("{} on {}", c.agency_name(f.agency), cite(f))
                    })
                    .collect();
                text.push_str(&format!(
                    " Other professionals saw {child} in that time: {}{}.",
                    list(&seen_by),
                    if others.len() > 4 {
                        format!(" and {} more", others.len() - 4)
                    } else {
                        String::new()
                    }
                ));
                let mut reasons = Vec::new();
                for i in xi
                    .into_iter()
                    .chain(yi)
                    .chain(others.iter().copied().take(4))
                {
                    if c.fact(i).seen_from.inferred() {
                        reasons.push(format!(
                            "entry {} is read as seeing the child from its words",
                            c.fact(i).id
                        ));
                    }
                }
                text.push_str(&inference_note(&reasons));
                let mut evidence: Vec<usize> = xi.into_iter().collect();
                evidence.extend(quiet.iter().take(6));
                evidence.extend(others.first());
                evidence.extend(yi);
                let mut anchors: Vec<usize> = xi.into_iter().chain(yi).collect();
                if anchors.is_empty() {
                    anchors = quiet.iter().copied().take(1).collect();
                }
                if anchors.is_empty() {
                    anchors = evidence.clone();
                }
                out.push(Draft {
                    kind: FlagKind::ChildNotSeen,
                    rule: "child_not_seen.role_gap",
                    anchors,
                    qualifier: format!("{}-{x}", a.0),
                    evidence,
                    explanation: text,
                    severity: if days(x, y) >= i64::from(s.role_max_days) * 2 {
                        Severity::High
                    } else {
                        Severity::Medium
                    },
                    inferred: !reasons.is_empty(),
                    period: Some((x, y)),
                });
            }
        }
    }
}
