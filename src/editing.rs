//! The reviewer's edits to the integrated chronology: what a new or re-dated entry, a new
//! agency, area or person is made of, accepting suggestions, and moving entries between
//! agencies. Each function works inside the caller's change set (a [`Writer`]) or returns the
//! value to write, so the app and the CLI apply the same rules through
//! [`Session`](crate::api::Session).

use crate::dates::EventDate;
use crate::error::{Error, Result};
use crate::import::suggest;
use crate::model::*;
use crate::store::Writer;

/// The colour a new agency's lane starts with (the reviewer can change it).
pub const NEW_AGENCY_COLOUR: &str = "#5b6b7f";

/// How many characters of a new agency's name make its short name.
const SHORT_NAME_CHARS: usize = 14;

/// Reads a date typed by the reviewer the UK way (`12/06/2015`, `early June 2015`,
/// `?/03/2019` ...); a date without a year is refused, never given one.
pub fn parse_date(text: &str) -> Result<EventDate> {
    crate::dates::cell::read_typed(text).map_err(|p| Error::Invalid(p.message))
}

/// Sets an entry's date from text typed the UK way, keeping the text as written. On error
/// the entry is unchanged.
pub fn redate(entry: &mut Entry, text: &str) -> Result<()> {
    let date = parse_date(text)?;
    let mut changed = entry.clone();
    changed.date = date;
    changed.date_as_written = text.trim().to_string();
    changed.validate()?;
    *entry = changed;
    Ok(())
}

/// An entry typed by the reviewer (no source document): a note, with the kind its words
/// suggest offered for the reviewer to accept.
pub fn new_entry(agency: AgencyId, date_text: &str, summary: &str) -> Result<Entry> {
    let date = parse_date(date_text)?;
    let entry = Entry {
        date_as_written: date_text.trim().to_string(),
        suggested_kind: suggest::suggest_kind(summary),
        ..Entry::new(agency, date, EntryKind::Note, summary)
    };
    entry.validate()?;
    Ok(entry)
}

/// The history label for accepting or dismissing the suggestions on `count` entries.
pub fn suggestions_label(accept: bool, count: usize) -> String {
    format!(
        "{} suggestions on {}",
        if accept { "Accept" } else { "Dismiss" },
        if count == 1 {
            "1 entry".to_string()
        } else {
            format!("{count} entries")
        }
    )
}

/// Accepts (takes the suggested kind and receiving agency) or dismisses (keeps the entry as
/// it is) the suggestions on `ids`, clearing them. Returns the entries that had suggestions.
pub fn apply_suggestions(w: &Writer<'_>, ids: &[EntryId], accept: bool) -> Result<Vec<EntryId>> {
    let mut out = Vec::new();
    for id in ids {
        let mut e = w.entry(*id)?;
        if e.suggested_kind.is_none() && e.suggested_to_agencies.is_empty() {
            continue;
        }
        if accept {
            if let Some(k) = e.suggested_kind {
                e.kind = k;
            }
            if !e.suggested_to_agencies.is_empty() {
                e.to_agencies = std::mem::take(&mut e.suggested_to_agencies);
            }
        }
        e.suggested_kind = None;
        e.suggested_to_agencies.clear();
        w.update_entry(&e)?;
        out.push(*id);
    }
    Ok(out)
}

/// Moves entries to another agency (which must exist).
pub fn move_entries(w: &Writer<'_>, ids: &[EntryId], agency: AgencyId) -> Result<()> {
    w.agency(agency)?;
    for id in ids {
        let mut e = w.entry(*id)?;
        e.agency = agency;
        w.update_entry(&e)?;
    }
    Ok(())
}

/// A new agency, in a lane after the others: its short name is the start of its name, and its
/// sector the one its name suggests unless given.
pub fn new_agency(existing: &[Agency], name: &str, sector: Option<Sector>) -> Result<Agency> {
    let name = name.trim().to_string();
    if name.is_empty() {
        return Err(Error::Invalid(
            "An agency needs a name. Type the agency's name.".into(),
        ));
    }
    Ok(Agency {
        id: AgencyId(0),
        short_name: name.chars().take(SHORT_NAME_CHARS).collect(),
        sector: sector.unwrap_or_else(|| suggest::sector_from_name(&name)),
        area: None,
        lane_order: existing.iter().map(|a| a.lane_order).max().unwrap_or(0) + 1,
        colour: NEW_AGENCY_COLOUR.into(),
        name,
    })
}

/// A new local authority area, after the others.
pub fn new_area(existing: &[Area], name: &str) -> Area {
    Area {
        id: AreaId(0),
        name: name.trim().to_string(),
        position: existing.iter().map(|a| a.position).max().unwrap_or(0) + 1,
    }
}

/// A new person in the glossary, known by `label` only.
pub fn new_person(label: &str, kind: PersonKind) -> Person {
    Person {
        id: PersonId(0),
        label: label.trim().to_string(),
        real_name: None,
        aliases: Vec::new(),
        role: String::new(),
        kind,
        agency: None,
        date_of_birth: None,
    }
}

/// Numbers `items` 1..n in their order, after moving the one whose id is `moved.0` to
/// position `moved.1` (1 = first; past the end = last). Returns only the items whose number
/// changed, renumbered, for the caller to store: the one numbering of KPEs and findings.
pub fn renumber<T, I: PartialEq>(
    mut items: Vec<T>,
    moved: Option<(I, u32)>,
    id_of: impl Fn(&T) -> I,
    number_of: impl Fn(&mut T) -> &mut i32,
) -> Vec<T> {
    if let Some((id, position)) = moved {
        if let Some(i) = items.iter().position(|t| id_of(t) == id) {
            let item = items.remove(i);
            let at = (position as usize).saturating_sub(1).min(items.len());
            items.insert(at, item);
        }
    }
    let mut changed = Vec::new();
    for (i, mut item) in items.into_iter().enumerate() {
        let number = i as i32 + 1;
        if *number_of(&mut item) != number {
            *number_of(&mut item) = number;
            changed.push(item);
        }
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_date_with_an_unknown_day_is_its_month_and_one_without_a_year_is_refused() {
        let d = parse_date("?/03/2019").unwrap();
        assert_eq!(d.precision, crate::dates::DatePrecision::Month);
        assert!(d.approximate);
        assert_eq!(
            d.start,
            chrono::NaiveDate::from_ymd_opt(2019, 3, 1).unwrap()
        );
        assert_eq!(d.end, chrono::NaiveDate::from_ymd_opt(2019, 3, 31).unwrap());
        assert!(parse_date("xx/3/2019").is_ok());
        for yearless in ["early June", "12 June", "end of November"] {
            let message = parse_date(yearless).unwrap_err().to_string();
            assert!(
                message.contains("year"),
                "'{yearless}' must be refused asking for the year: {message}"
            );
        }
        let message = parse_date("?/13/2019").unwrap_err().to_string();
        assert!(message.contains("?/13/2019"), "{message}");
        // An entry keeps what was typed.
        let mut entry = crate::demo::demo_review().entries[0].clone();
        redate(&mut entry, "?/03/2019").unwrap();
        assert_eq!(entry.date_as_written, "?/03/2019");
        let before = entry.clone();
        assert!(redate(&mut entry, "early June").is_err());
        assert_eq!(entry, before);
    }

    #[test]
    fn renumbering_moves_one_item_and_returns_only_those_whose_number_changed() {
        // (id, number): numbered 1, 2, 4 after a delete.
        let items = vec![(10, 1), (20, 2), (30, 4)];
        let changed = renumber(items.clone(), None, |t| t.0, |t| &mut t.1);
        assert_eq!(changed, [(30, 3)]);
        let changed = renumber(items.clone(), Some((30, 1)), |t| t.0, |t| &mut t.1);
        assert_eq!(changed, [(30, 1), (10, 2), (20, 3)]);
        // Position 0 and positions past the end are the first and the last place.
        let first = renumber(items.clone(), Some((20, 0)), |t| t.0, |t| &mut t.1);
        assert_eq!(first, [(20, 1), (10, 2), (30, 3)]);
        let last = renumber(items, Some((10, 99)), |t| t.0, |t| &mut t.1);
        assert_eq!(last, [(20, 1), (30, 2), (10, 3)]);
    }

    #[test]
    fn a_typed_entry_keeps_the_date_as_written_and_a_bad_date_says_so() {
        let e = new_entry(AgencyId(1), " 12/06/2015 ", "Home visit").unwrap();
        assert_eq!(e.date_as_written, "12/06/2015");
        assert_eq!(e.kind, EntryKind::Note);
        let err = new_entry(AgencyId(1), "the thirty-second of Smarch", "Visit").unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::Invalid);
    }

    #[test]
    fn redating_with_a_bad_date_leaves_the_entry_as_it_was() {
        let mut e = new_entry(AgencyId(1), "12/06/2015", "Home visit").unwrap();
        let before = e.clone();
        assert!(redate(&mut e, "not a date").is_err());
        assert_eq!(e, before);
        redate(&mut e, "early June 2015").unwrap();
        assert_eq!(e.date_as_written, "early June 2015");
    }

    #[test]
    fn a_new_agency_goes_after_the_others_and_needs_a_name() {
        let first = new_agency(&[], "Northbrook Constabulary Public Protection", None).unwrap();
        assert_eq!(first.lane_order, 1);
        assert_eq!(first.short_name.chars().count(), SHORT_NAME_CHARS);
        let second = new_agency(&[first], "Health Visiting", None).unwrap();
        assert_eq!(second.lane_order, 2);
        let err = new_agency(&[], "   ", None).unwrap_err().to_string();
        assert!(err.contains("needs a name"), "{err}");
    }
}
