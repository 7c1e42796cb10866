//! The built-in demo review: a fictional case used by `make run` and as the fixture for tests.
//! (Foundation placeholder with a handful of entries; the full case replaces it.)

use std::path::Path;

use crate::dates::EventDate;
use crate::error::Result;
use crate::json::ReviewData;
use crate::model::*;
use crate::store::Store;

/// The default protocol rules every new review starts with.
pub fn default_protocol_rules() -> Vec<ProtocolRule> {
    Vec::new()
}

/// The demo review's content.
pub fn demo_review() -> ReviewData {
    let mut data = ReviewData::new(Review {
        title: "Demo review: Child R".into(),
        subject: "Child R".into(),
        ..Review::default()
    });
    data.areas.push(Area {
        id: AreaId(1),
        name: "Northbrook".into(),
        position: 0,
    });
    data.agencies.push(Agency {
        id: AgencyId(1),
        name: "Northbrook Children's Social Care".into(),
        short_name: "NB CSC".into(),
        sector: Sector::ChildrensSocialCare,
        area: Some(AreaId(1)),
        lane_order: 0,
        colour: "#1f77b4".into(),
    });
    let d = chrono::NaiveDate::from_ymd_opt(2019, 3, 12).unwrap();
    data.entries.push(Entry {
        id: EntryId(1),
        date: EventDate::day(d),
        date_as_written: "12/03/2019".into(),
        ends_on: None,
        recorded_on: None,
        sequence: 0,
        agency: AgencyId(1),
        kind: EntryKind::Referral,
        suggested_kind: None,
        summary: "Referral received from midwifery".into(),
        detail: String::new(),
        outcome: String::new(),
        comment: String::new(),
        child_seen: ChildSeen::Unknown,
        to_agency: None,
        suggested_to_agency: None,
        service_level: None,
        key_risk: String::new(),
        practitioner_as_written: String::new(),
        source: None,
        tags: vec![],
        people: vec![],
    });
    data
}

/// Writes the demo review to a new file.
pub fn write_demo(path: &Path) -> Result<Store> {
    let data = demo_review();
    Store::create_with(path, None, |w| data.insert_into(w))
}
