//! Child not seen: long periods in which no professional saw the child while a service had the
//! case open. Counting starts at the child's date of birth; an entry counts as a sighting when
//! it records the child as seen (or, when the field is not filled in, says so in its words).

use chrono::NaiveDate;

use crate::model::{
    AgencyId, ChildSeen, EntryKind, FlagKind, Involvement, Sector, ServiceLevel, Severity,
};

use super::super::chronology::{Chronology, Fact, Source};
use super::super::explain::*;
use super::super::Draft;
use super::days;

/// A period in which an agency had the case open.
pub(super) struct Open {
    pub(super) agency: AgencyId,
    pub(super) from: NaiveDate,
    pub(super) to: NaiveDate,
    pub(super) inferred: bool,
}

/// The child's date of birth: the review's field, else the glossary's date for the child.
pub(super) fn born(c: &Chronology<'_>) -> Option<NaiveDate> {
    c.data
        .review
        .child_date_of_birth
        .or_else(|| c.subject.and_then(|p| p.date_of_birth))
}

pub(super) fn about_child(c: &Chronology<'_>, f: &Fact<'_>) -> bool {
    let Some(child) = c.subject else { return true };
    let subjects: Vec<_> = f
        .entry
        .people
        .iter()
        .filter(|p| p.involvement == Involvement::Subject)
        .collect();
    subjects.is_empty() || subjects.iter().any(|p| p.person == child.id)
}

fn opens(c: &Chronology<'_>, f: &Fact<'_>) -> bool {
    let csc = c.sector(f.agency) == Some(Sector::ChildrensSocialCare);
    match f.kind {
        EntryKind::CaseOpened => true,
        EntryKind::ReferralReceived => c.cues.opened.any(&f.text),
        EntryKind::CinMeeting | EntryKind::CoreGroup | EntryKind::ChildProtectionConference => csc,
        EntryKind::ThresholdDecision | EntryKind::ManagerDecision => {
            csc && f.level.is_some_and(|l| l >= ServiceLevel::ChildInNeed)
        }
        _ => false,
    }
}

fn closes(f: &Fact<'_>) -> bool {
    match f.kind {
        EntryKind::CaseClosed => true,
        EntryKind::CaseTransfer => f.to.iter().any(|&to| to != f.agency),
        EntryKind::ThresholdDecision => f.level == Some(ServiceLevel::NoFurtherAction),
        _ => false,
    }
}

pub(super) fn open_periods(c: &Chronology<'_>) -> Vec<Open> {
    let mut out = Vec::new();
    let mut agencies: Vec<AgencyId> = c.by_agency.keys().copied().collect();
    agencies.sort();
    for agency in agencies {
        let mut since: Option<(NaiveDate, bool)> = None;
        for &i in c.entries_of(agency) {
            let f = c.fact(i);
            if f.background {
                continue;
            }
            if since.is_none() && about_child(c, f) && opens(c, f) {
                since = Some((f.day, f.kind_from.inferred()));
            } else if let Some((from, inferred)) = since {
                if closes(f) {
                    out.push(Open {
                        agency,
                        from,
                        to: f.day,
                        inferred: inferred || f.kind_from.inferred(),
                    });
                    since = None;
                }
            }
        }
        if let Some((from, inferred)) = since {
            if from < c.horizon {
                out.push(Open {
                    agency,
                    from,
                    to: c.horizon,
                    inferred,
                });
            }
        }
    }
    out
}

/// The longest stretch of `from..to` covered by open periods, with the periods covering it.
fn longest_open(
    periods: &[Open],
    from: NaiveDate,
    to: NaiveDate,
) -> Option<(NaiveDate, NaiveDate, Vec<usize>)> {
    let mut pieces: Vec<(NaiveDate, NaiveDate, usize)> = periods
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let a = p.from.max(from);
            let b = p.to.min(to);
            (a < b).then_some((a, b, i))
        })
        .collect();
    pieces.sort();
    let mut best: Option<(NaiveDate, NaiveDate, Vec<usize>)> = None;
    let mut current: Option<(NaiveDate, NaiveDate, Vec<usize>)> = None;
    for (a, b, i) in pieces {
        match &mut current {
            Some((_, end, members)) if a <= *end => {
                *end = (*end).max(b);
                members.push(i);
            }
            _ => {
                if let Some(cur) = current.take() {
                    if best
                        .as_ref()
                        .is_none_or(|x| days(x.0, x.1) < days(cur.0, cur.1))
                    {
                        best = Some(cur);
                    }
                }
                current = Some((a, b, vec![i]));
            }
        }
    }
    if let Some(cur) = current {
        if best
            .as_ref()
            .is_none_or(|x| days(x.0, x.1) < days(cur.0, cur.1))
        {
            best = Some(cur);
        }
    }
    best
}

/// Periods longer than the limit with no professional seeing the child while a case was
/// open.
pub(crate) fn open_case_gap(c: &Chronology<'_>, out: &mut Vec<Draft>) {
    let s = &c.settings.child_not_seen;
    let born = born(c);
    let sightings: Vec<usize> = c
        .facts
        .iter()
        .enumerate()
        .filter(|(_, f)| {
            f.seen == ChildSeen::Yes && !f.background && born.is_none_or(|b| f.entry.date.end >= b)
        })
        .map(|(i, _)| i)
        .collect();
    let periods = open_periods(c);
    let start = match (born, sightings.first()) {
        (Some(b), _) => Some((b, None)),
        (None, Some(&i)) => Some((c.fact(i).entry.date.end, Some(i))),
        (None, None) => None,
    };
    let Some((mut from_day, mut from_entry)) = start else {
        return;
    };
    let mut gaps: Vec<(NaiveDate, Option<usize>, NaiveDate, Option<usize>)> = Vec::new();
    for &i in &sightings {
        let f = c.fact(i);
        if Some(i) == from_entry {
            continue;
        }
        if f.day > from_day {
            gaps.push((from_day, from_entry, f.day, Some(i)));
        }
        if f.entry.date.end >= from_day {
            from_day = f.entry.date.end;
            from_entry = Some(i);
        }
    }
    if s.include_open_end && c.horizon > from_day {
        gaps.push((from_day, from_entry, c.horizon, None));
    }
    let child = c
        .subject
        .map(|p| p.label.clone())
        .unwrap_or_else(|| "the child".into());
    for (a_day, a, b_day, b) in gaps {
        if days(a_day, b_day) <= i64::from(s.max_days) {
            continue;
        }
        // Contacts in the gap that did not see the child: no access, not brought, phone only.
        let failed: Vec<usize> = {
            let first = c.facts.partition_point(|f| f.day <= a_day);
            let last = c.facts.partition_point(|f| f.day < b_day);
            (first..last.max(first))
                .filter(|&i| {
                    let f = c.fact(i);
                    !f.background && (f.failed || f.seen == ChildSeen::No)
                })
                .collect()
        };
        let open = longest_open(&periods, a_day, b_day)
            .filter(|(from, to, _)| days(*from, *to) > i64::from(s.max_days));
        // With no case recorded open, a gap counts when professionals kept trying and failing
        // to see the child: they were involved, and nobody saw them.
        let (seg_from, seg_to, members) = match open {
            Some(o) => o,
            None if s.min_failed_contacts > 0 && failed.len() >= s.min_failed_contacts as usize => {
                (a_day, b_day, Vec::new())
            }
            None => continue,
        };
        let length = days(seg_from, seg_to);
        let mut open_agencies: Vec<AgencyId> = members.iter().map(|&m| periods[m].agency).collect();
        open_agencies.sort();
        open_agencies.dedup();
        let names: Vec<String> = open_agencies.iter().map(|&a| c.agency_name(a)).collect();
        // What those agencies did in the gap without seeing the child.
        let first = c.facts.partition_point(|f| f.day <= seg_from);
        let last = c.facts.partition_point(|f| f.day < seg_to);
        let contacts: Vec<usize> = c.facts[first..last.max(first)]
            .iter()
            .enumerate()
            .map(|(k, f)| (first + k, f))
            .filter(|(i, f)| {
                f.day > seg_from
                    && f.day < seg_to
                    && !f.background
                    && (open_agencies.contains(&f.agency) || failed.contains(i))
                    && f.seen != ChildSeen::Yes
                    && matches!(
                        f.kind,
                        EntryKind::HomeVisit
                            | EntryKind::NoAccessVisit
                            | EntryKind::Contact
                            | EntryKind::CinMeeting
                            | EntryKind::CoreGroup
                            | EntryKind::Meeting
                            | EntryKind::Appointment
                            | EntryKind::MissedAppointment
                            | EntryKind::ChildProtectionConference
                    )
            })
            .map(|(i, _)| i)
            .collect();
        let describe_end = |e: Option<usize>, day: NaiveDate, fallback: &str| match e {
            Some(i) => {
                let f = c.fact(i);
                format!(
                    "{} ({} {})",
                    cite(f),
                    c.agency_name(f.agency),
                    kind_words(f.kind)
                )
            }
            None => format!("{} ({fallback})", crate::dates::uk(day)),
        };
        let mut text = format!(
            "No professional is recorded seeing {child} for {} days, from {} to {}",
            days(a_day, b_day),
            describe_end(a, a_day, "date of birth"),
            describe_end(b, b_day, "the end of the chronology"),
        );
        if names.is_empty() {
            text.push_str(&format!(
                ", while {} contacts did not see {child}.",
                failed.len()
            ));
        } else {
            text.push_str(&format!(", while {} had the case open.", list(&names)));
        }
        if length < days(a_day, b_day) {
            text.push_str(&format!(
                " A case was open for {length} days of that time, from {} to {}.",
                crate::dates::uk(seg_from),
                crate::dates::uk(seg_to)
            ));
        }
        if !contacts.is_empty() {
            let items: Vec<String> = contacts
                .iter()
                .map(|&i| {
                    let f = c.fact(i);
                    format!(
                        "{} {} on {}",
                        c.agency_name(f.agency),
                        kind_words(f.kind),
                        cite(f)
                    )
                })
                .collect();
            text.push_str(&format!(
                " Contacts in that time did not see {child}: {}.",
                list(&items)
            ));
        }
        let mut reasons = Vec::new();
        for e in [a, b].into_iter().flatten() {
            if c.fact(e).seen_from == Source::Text {
                reasons.push(format!(
                    "entry {} is read as seeing the child from its words",
                    c.fact(e).id
                ));
            }
        }
        if members.iter().any(|&m| periods[m].inferred) {
            reasons.push(
                "an opening or closure of a case is read from a suggested or inferred kind".into(),
            );
        }
        text.push_str(&inference_note(&reasons));
        let mut evidence: Vec<usize> = a.into_iter().collect();
        evidence.extend(&contacts);
        evidence.extend(b);
        let mut anchors: Vec<usize> = a.into_iter().chain(b).collect();
        if anchors.is_empty() {
            anchors = evidence.clone();
        }
        let qualifier = if a.is_none() {
            format!("from-birth-{}", a_day)
        } else if b.is_none() {
            "open-end".to_string()
        } else {
            String::new()
        };
        out.push(Draft {
            kind: FlagKind::ChildNotSeen,
            rule: "child_not_seen.open_case_gap",
            anchors,
            qualifier,
            evidence,
            explanation: text,
            severity: if length >= i64::from(s.max_days) * 2 {
                Severity::High
            } else {
                Severity::Medium
            },
            inferred: !reasons.is_empty(),
            period: Some((a_day, b_day)),
        });
    }
}
