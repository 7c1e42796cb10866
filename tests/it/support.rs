//! Small builders shared by the integration tests.

use chrono::NaiveDate;
use chronolane::dates::EventDate;
use chronolane::model::*;

pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub fn agency(id: i64, short: &str, sector: Sector) -> Agency {
    Agency {
        id: AgencyId(id),
        name: format!("{short} (test agency)"),
        short_name: short.into(),
        sector,
        area: None,
        lane_order: id as i32,
        colour: "#336699".into(),
    }
}

pub fn entry(agency: i64, date: NaiveDate, kind: EntryKind, summary: &str) -> Entry {
    Entry::new(AgencyId(agency), EventDate::day(date), kind, summary)
}

/// A small review in a temporary folder: two agencies and three entries.
pub fn small_review(dir: &std::path::Path) -> (std::path::PathBuf, chronolane::Store) {
    let path = dir.join("small.chronolane");
    let store = chronolane::Store::create_with(&path, None, |w| {
        w.set_review(&Review {
            title: "Small test review".into(),
            subject: "Child T".into(),
            ..Review::default()
        })?;
        w.insert_agency(&agency(1, "CSC", Sector::ChildrensSocialCare))?;
        w.insert_agency(&agency(2, "HV", Sector::HealthVisiting))?;
        let mut referral = entry(1, day(2019, 3, 12), EntryKind::Referral, "Referral to HV");
        referral.to_agency = Some(AgencyId(2));
        referral.tags = vec!["safeguarding".into()];
        w.insert_entry(&referral)?;
        w.insert_entry(&entry(
            2,
            day(2019, 3, 20),
            EntryKind::HomeVisit,
            "New birth visit",
        ))?;
        w.insert_entry(&entry(
            1,
            day(2019, 4, 2),
            EntryKind::CaseClosed,
            "Case closed",
        ))?;
        Ok(())
    })
    .unwrap();
    (path, store)
}
