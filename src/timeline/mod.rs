//! What the timeline shows, independent of how it is drawn: lanes grouped by area, the
//! periods in which no professional saw the child, and the chronology *as known to one agency
//! on one date* (the "view from the tunnel", docs/domain.md).
//!
//! Everything here is a pure function of the review's records and the arguments: no store,
//! no clock. [`render`] turns the drawing the UI made (SVG) into PNG and multi-page PDF files.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::model::*;

pub mod render;
pub mod seen;
pub mod svg_text;

crate::vocabulary::vocabulary!(
    /// How an entry came to be known to an agency (see [`known_to`]).
    KnowledgeRoute {
        /// The agency's own record, made (recorded) by then.
        OwnRecord => "own_record", "Its own record";
        /// A referral, transfer or information another agency sent to it.
        SentToIt => "sent_to_it", "Sent to it";
        /// A meeting that one of its practitioners attended.
        MeetingAttended => "meeting_attended", "A meeting it attended";
        /// Another agency's reply, acknowledgement, transfer or escalation about one of its
        /// records.
        ReplyToItsRecord => "reply_to_its_record", "A reply to its record";
        /// A record of another agency that its own record answers or acknowledges.
        AnsweredByItsRecord => "answered_by_its_record", "Answered in its record";
    }
);

/// One entry an agency knew of, since when and how (the earliest route wins).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct KnownEntry {
    /// The entry.
    pub entry: EntryId,
    /// The first day the agency can be taken to have known it.
    pub since: NaiveDate,
    /// How it came to know it.
    pub route: KnowledgeRoute,
}

/// Link kinds that carry information from one agency to the agency of the entry they point
/// at: a response, an acknowledgement, a transfer and an escalation are all communicated to
/// the other side. `duplicate_of`, `contradicts`, `overrules` and `related` are the
/// reviewer's analysis, not communication, and carry nothing.
fn link_informs(kind: LinkKind) -> bool {
    matches!(
        kind,
        LinkKind::RespondsTo | LinkKind::Acknowledges | LinkKind::TransfersTo | LinkKind::Escalates
    )
}

/// Link kinds by which a record shows that its agency had the linked record in hand.
fn link_answers(kind: LinkKind) -> bool {
    matches!(kind, LinkKind::RespondsTo | LinkKind::Acknowledges)
}

/// Entry kinds that are meetings, whose content is known to everyone present.
pub fn is_meeting(kind: EntryKind) -> bool {
    matches!(
        kind,
        EntryKind::StrategyDiscussion
            | EntryKind::ChildProtectionConference
            | EntryKind::CoreGroup
            | EntryKind::CinMeeting
            | EntryKind::Marac
            | EntryKind::Meeting
    )
}

/// The day an agency's own record can be taken to exist: the day it was recorded when the
/// chronology says so, otherwise the last day the event can have happened (for "early June
/// 2015", the 10th), so an approximate date never makes a record known too early.
pub fn recorded_by(entry: &Entry) -> NaiveDate {
    entry.recorded_on.unwrap_or(entry.date.end)
}

/// The chronology as known to `agency` on `on`: every entry the agency had recorded, or had
/// been sent or told, by the end of that day, with the first day and the route.
///
/// Precisely, an entry `e` is known to agency `A` on day `D` when any of these holds
/// (the earliest day over all routes is reported; `e.date.end` is the last day the event
/// can have happened):
/// 1. **own record**: `e` is `A`'s, and [`recorded_by`]`(e) <= D`;
/// 2. **sent to it**: `e` is another agency's entry whose receiving agency (`to_agency`) is
///    `A`, and `e.date.end <= D` (it was sent, whether or not its receipt was recorded);
/// 3. **meeting attended**: `e` is another agency's meeting (strategy discussion,
///    conference, core group, CIN meeting, MARAC, meeting) at which a person of `A` was
///    present or which they recorded, and `e.date.end <= D`;
/// 4. **reply to its record**: `e` is another agency's entry that responds to, acknowledges,
///    transfers to or escalates an entry of `A`'s (a reviewer-made link), and
///    `e.date.end <= D`;
/// 5. **answered by its record**: an entry `r` of `A`'s responds to or acknowledges `e`, and
///    `recorded_by(r) <= D` (`A`'s own record shows it had `e` by then).
///
/// Nothing else is known: another agency's record of the same incident, a meeting `A` was
/// not at, or a referral about the family sent elsewhere stay outside the tunnel.
/// The result is in chronology order (the order of `entries`).
pub fn known_to(
    agency: AgencyId,
    on: NaiveDate,
    entries: &[Entry],
    links: &[Link],
    people: &[Person],
) -> Vec<KnownEntry> {
    let agency_of_person: HashMap<PersonId, Option<AgencyId>> =
        people.iter().map(|p| (p.id, p.agency)).collect();
    let by_id: HashMap<EntryId, &Entry> = entries.iter().map(|e| (e.id, e)).collect();
    let mut known: HashMap<EntryId, (NaiveDate, KnowledgeRoute)> = HashMap::new();
    let mut learn = |entry: EntryId, since: NaiveDate, route: KnowledgeRoute| {
        if since > on {
            return;
        }
        known
            .entry(entry)
            .and_modify(|k| {
                if (since, route) < *k {
                    *k = (since, route);
                }
            })
            .or_insert((since, route));
    };
    for e in entries {
        if e.agency == agency {
            learn(e.id, recorded_by(e), KnowledgeRoute::OwnRecord);
            continue;
        }
        if e.goes_to(agency) {
            learn(e.id, e.date.end, KnowledgeRoute::SentToIt);
        }
        if is_meeting(e.kind)
            && e.people.iter().any(|p| {
                matches!(p.involvement, Involvement::Present | Involvement::Author)
                    && agency_of_person.get(&p.person).copied().flatten() == Some(agency)
            })
        {
            learn(e.id, e.date.end, KnowledgeRoute::MeetingAttended);
        }
    }
    for link in links {
        let (Some(from), Some(to)) = (by_id.get(&link.from), by_id.get(&link.to)) else {
            continue;
        };
        if link_informs(link.kind) && to.agency == agency && from.agency != agency {
            learn(from.id, from.date.end, KnowledgeRoute::ReplyToItsRecord);
        }
        if link_answers(link.kind) && from.agency == agency && to.agency != agency {
            learn(
                to.id,
                recorded_by(from),
                KnowledgeRoute::AnsweredByItsRecord,
            );
        }
    }
    entries
        .iter()
        .filter_map(|e| {
            known.get(&e.id).map(|&(since, route)| KnownEntry {
                entry: e.id,
                since,
                route,
            })
        })
        .collect()
}

/// A period in which, as far as the chronology shows, no professional saw the child.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct UnseenPeriod {
    /// The first day after the child was last seen (or the start of the period looked at).
    pub from: NaiveDate,
    /// The last day before the child was next seen (or the end of the period looked at).
    pub to: NaiveDate,
    /// Its length in days.
    pub days: u32,
}

/// The periods within `from..=to` longer than `more_than_days` days in which no entry records
/// that the child was seen.
///
/// An entry records a sighting when its `child_seen` field says so or, when the field is not
/// filled in, when its words do ([`seen::SeenReader`]); it counts over its whole date span; for an
/// approximate date the gap is measured from the last day it can have happened to the first
/// day the next one can have happened, so an uncertain date only ever shortens a period
/// (the shading never claims more than the records support). The period looked at is
/// usually the review's scope.
pub fn unseen_periods(
    entries: &[Entry],
    from: NaiveDate,
    to: NaiveDate,
    more_than_days: u32,
) -> Vec<UnseenPeriod> {
    if to < from {
        return Vec::new();
    }
    let reader = seen::SeenReader::new();
    let mut sightings: Vec<(NaiveDate, NaiveDate)> = entries
        .iter()
        .filter(|e| reader.seen(e))
        .map(|e| {
            (
                e.date.start,
                e.date.end.max(e.ends_on.unwrap_or(e.date.end)),
            )
        })
        .collect();
    sightings.sort();
    let mut periods = Vec::new();
    // `cursor` is the first day not yet covered by a sighting.
    let mut cursor = from;
    let mut push = |start: NaiveDate, end: NaiveDate| {
        let (start, end) = (start.max(from), end.min(to));
        if end >= start {
            let days = (end - start).num_days() as u32 + 1;
            if days > more_than_days {
                periods.push(UnseenPeriod {
                    from: start,
                    to: end,
                    days,
                });
            }
        }
    };
    for (start, end) in sightings {
        if start > cursor {
            if let Some(before) = start.pred_opt() {
                push(cursor, before);
            }
        }
        if let Some(after) = end.succ_opt() {
            cursor = cursor.max(after);
        }
    }
    push(cursor, to);
    periods
}

/// A group of lanes: the agencies of one area, or those tied to no area.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Type)]
pub struct LaneGroup {
    /// The area, or `None` for agencies not tied to an area.
    pub area: Option<AreaId>,
    /// The group's heading.
    pub name: String,
    /// Its agencies, in lane order.
    pub agencies: Vec<AgencyId>,
}

/// The child's date of birth: the review's field, else the date of birth of the family
/// member whose pseudonym is the review's subject.
pub fn child_born_on(review: &Review, people: &[Person]) -> Option<NaiveDate> {
    review.child_date_of_birth.or_else(|| {
        people
            .iter()
            .find(|p| p.kind == PersonKind::Family && p.label == review.subject)
            .or_else(|| {
                people
                    .iter()
                    .find(|p| p.label.eq_ignore_ascii_case(&review.subject))
            })
            .and_then(|p| p.date_of_birth)
    })
}

/// The lanes grouped by area, areas in their order and lanes in lane order (then name);
/// agencies with no area, or an area not in the review, come last under "Other agencies".
/// Areas with no agencies are left out.
pub fn lane_groups(areas: &[Area], agencies: &[Agency]) -> Vec<LaneGroup> {
    let mut areas: Vec<&Area> = areas.iter().collect();
    areas.sort_by_key(|a| (a.position, a.id));
    let mut agencies: Vec<&Agency> = agencies.iter().collect();
    agencies.sort_by(|a, b| {
        (a.lane_order, &a.short_name, a.id).cmp(&(b.lane_order, &b.short_name, b.id))
    });
    let mut groups: Vec<LaneGroup> = areas
        .iter()
        .map(|a| LaneGroup {
            area: Some(a.id),
            name: a.name.clone(),
            agencies: agencies
                .iter()
                .filter(|g| g.area == Some(a.id))
                .map(|g| g.id)
                .collect(),
        })
        .collect();
    let others: Vec<AgencyId> = agencies
        .iter()
        .filter(|g| !g.area.is_some_and(|id| areas.iter().any(|a| a.id == id)))
        .map(|g| g.id)
        .collect();
    groups.push(LaneGroup {
        area: None,
        name: "Other agencies".into(),
        agencies: others,
    });
    groups.retain(|g| !g.agencies.is_empty());
    groups
}

#[cfg(test)]
mod tests;
