//! Reading the date cells of agency chronologies as they come, with notes for the preview.
//!
//! [`super::parse`] reads one date strictly. Agency tables also hold cells a reviewer reads
//! without hesitation, and the importer should too, saying what it did:
//! - several dates in one cell (`23/02/2023; 02/03/2023`, `17/02/2023 and 25/02/2023`): the
//!   first is the event's date, the others are reported (the cell is kept as written);
//! - an unknown day (`?/04/2023`, `xx/04/2023`): the month, marked approximate;
//! - a time that is a word, not a time (`various`, `unknown`, `n/k`): the date alone;
//! - a time beside a date that is not one day (a range, a month): the date alone;
//! - a date without a year (`early June`): the year of the rows around it, reported.

use super::parse::{
    parse_date_and_time_in, parse_event_date, parse_event_date_in, DateProblem, ParseContext,
};
use super::{DatePrecision, EventDate};

/// A date read from a cell, with what the preview should tell the reviewer.
#[derive(Clone, Debug, PartialEq)]
pub struct CellDate {
    /// The event's date.
    pub date: EventDate,
    /// What was assumed or set aside, in plain words (empty when the cell was plain).
    pub notes: Vec<String>,
}

/// Reads a date cell and an optional time cell the way a reviewer would.
pub fn read_cell(date: &str, time: &str, ctx: &ParseContext) -> Result<CellDate, DateProblem> {
    let mut notes = Vec::new();
    let d = date.trim();
    let (first, rest) = split_dates(d, ctx);
    if !rest.is_empty() {
        notes.push(format!(
            "The date cell gives {} dates; the first ({first}) is taken as the event's date and \
             the others ({}) are kept as written.",
            rest.len() + 1,
            rest.join(", ")
        ));
    }
    let first = unknown_day(&first, &mut notes).unwrap_or(first);
    let mut time = time.trim().to_string();
    if !time.is_empty() && !time.chars().any(|c| c.is_ascii_digit()) && !is_time_word(&time) {
        notes.push(format!(
            "The time '{time}' is not a time of day; the date alone is used."
        ));
        time.clear();
    }
    let strict = if time.is_empty() {
        parse_event_date_in(&first, ctx)
    } else {
        match parse_date_and_time_in(&first, &time, ctx) {
            Ok(d) => Ok(d),
            Err(e) => match parse_event_date_in(&first, ctx) {
                Ok(day) if !matches!(day.precision, DatePrecision::Day | DatePrecision::Time) => {
                    notes.push(format!(
                        "The time '{time}' is kept as written: '{first}' is not a single day, \
                         so the date alone is used."
                    ));
                    Ok(day)
                }
                _ => Err(e),
            },
        }
    };
    let date = strict?;
    if ctx.year_hint.is_some() && parse_event_date_in(&first, &ParseContext::default()).is_err() {
        use chrono::Datelike;
        notes.push(format!(
            "'{first}' has no year: {} is taken from the rows around it.",
            date.start.year()
        ));
    }
    Ok(CellDate { date, notes })
}

/// Reads a date a reviewer typed in one field (the entry view, a new entry): the strict
/// grammar plus an unknown day (`?/03/2019`, read as the month, approximate). A date without
/// a year is refused with a message asking for the year: unlike a cell among rows, a field
/// typed on its own has no rows around it to take a year from.
pub fn read_typed(text: &str) -> Result<EventDate, DateProblem> {
    let t = text.trim();
    match unknown_day(t, &mut Vec::new()) {
        Some(month) => parse_event_date(&month).map_err(|_| DateProblem {
            message: format!("'{t}' is not a month and year the date can be: write it as ?/mm/yyyy, for example ?/03/2019."),
        }),
        None => parse_event_date(t),
    }
}

/// Words that the strict reader takes as times.
fn is_time_word(t: &str) -> bool {
    matches!(t.to_lowercase().as_str(), "noon" | "midnight" | "midday")
}

/// Splits a cell holding several dates (separated by ";", "&", " and ", new lines or
/// commas) into the first and the rest, when every part reads as a date on its own.
fn split_dates(text: &str, ctx: &ParseContext) -> (String, Vec<String>) {
    let unsplit = (text.to_string(), Vec::new());
    if parse_event_date_in(text, ctx).is_ok() {
        return unsplit;
    }
    let normalised = text
        .replace(" and ", ";")
        .replace(" & ", ";")
        .replace(['\n', ','], ";");
    let parts: Vec<String> = normalised
        .split(';')
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() < 2 {
        return unsplit;
    }
    let readable = |p: &str| {
        parse_event_date_in(p, ctx).is_ok()
            || unknown_day(p, &mut Vec::new()).is_some_and(|m| parse_event_date_in(&m, ctx).is_ok())
    };
    if parts.iter().all(|p| readable(p)) {
        (parts[0].clone(), parts[1..].to_vec())
    } else {
        unsplit
    }
}

/// `?/04/2023`, `??/04/2023`, `xx/04/2023`: the month ("04/2023"), marked approximate by a
/// leading "c.".
fn unknown_day(text: &str, notes: &mut Vec<String>) -> Option<String> {
    let t = text.trim();
    let (day, rest) = t.split_once('/')?;
    let unknown = !day.is_empty()
        && day
            .chars()
            .all(|c| matches!(c, '?' | 'x' | 'X' | '-' | '_'));
    if !unknown {
        return None;
    }
    let (m, y) = rest.split_once('/')?;
    if !(m.trim().chars().all(|c| c.is_ascii_digit())
        && y.trim().chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    notes.push(format!(
        "The day of '{t}' is not known: read as the month, approximate."
    ));
    Some(format!("c. {}/{}", m.trim(), y.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_plain_cell_has_no_notes() {
        let c = read_cell("12/06/2015", "14:30", &ParseContext::default()).unwrap();
        assert_eq!(c.date.start, d(2015, 6, 12));
        assert!(c.notes.is_empty());
    }

    #[test]
    fn several_dates_take_the_first_and_report_the_rest() {
        let c = read_cell("23/02/2023; 02/03/2023", "", &ParseContext::default()).unwrap();
        assert_eq!(c.date.start, d(2023, 2, 23));
        assert_eq!(c.date.precision, DatePrecision::Day);
        assert!(c.notes[0].contains("02/03/2023"), "{:?}", c.notes);
        let three = read_cell(
            "17/02/2023; 25/02/2023; 04/03/2023",
            "",
            &ParseContext::default(),
        )
        .unwrap();
        assert_eq!(three.date.start, d(2023, 2, 17));
        assert!(three.notes[0].contains("3 dates"), "{:?}", three.notes);
        let and = read_cell("17/02/2023 and 25/02/2023", "", &ParseContext::default()).unwrap();
        assert_eq!(and.date.start, d(2023, 2, 17));
    }

    #[test]
    fn a_range_is_not_split() {
        let c = read_cell("26/06/2015 - 30/06/2015", "", &ParseContext::default()).unwrap();
        assert_eq!((c.date.start, c.date.end), (d(2015, 6, 26), d(2015, 6, 30)));
        assert!(c.notes.is_empty());
    }

    #[test]
    fn text_that_is_not_dates_is_still_refused() {
        assert!(read_cell("23/02/2023; see notes", "", &ParseContext::default()).is_err());
        assert!(read_cell("unknown", "", &ParseContext::default()).is_err());
    }

    #[test]
    fn an_unknown_day_is_the_month_approximately() {
        let c = read_cell("?/04/2023", "", &ParseContext::default()).unwrap();
        assert_eq!(c.date.precision, DatePrecision::Month);
        assert!(c.date.approximate);
        assert_eq!((c.date.start, c.date.end), (d(2023, 4, 1), d(2023, 4, 30)));
        assert!(c.notes[0].contains("not known"));
        assert!(read_cell("xx/04/2023", "", &ParseContext::default()).is_ok());
        // A question mark before a full date stays a full, approximate date.
        let q = read_cell("?12/04/2023", "", &ParseContext::default()).unwrap();
        assert_eq!(q.date.precision, DatePrecision::Day);
    }

    #[test]
    fn a_time_that_is_a_word_gives_the_date_alone() {
        let c = read_cell("14/02/2023", "various", &ParseContext::default()).unwrap();
        assert_eq!(c.date.precision, DatePrecision::Day);
        assert!(c.notes[0].contains("various"));
        // A time with digits that is wrong is still refused.
        assert!(read_cell("14/02/2023", "25:99", &ParseContext::default()).is_err());
        // Noon is a time.
        let noon = read_cell("14/02/2023", "noon", &ParseContext::default()).unwrap();
        assert_eq!(noon.date.precision, DatePrecision::Time);
    }

    #[test]
    fn a_time_beside_a_range_leaves_the_range() {
        let c = read_cell("29/08/2023 - 24/10/2023", "10:00", &ParseContext::default()).unwrap();
        assert_eq!(
            (c.date.start, c.date.end),
            (d(2023, 8, 29), d(2023, 10, 24))
        );
        assert!(c.notes[0].contains("10:00"));
    }

    #[test]
    fn a_missing_year_comes_from_the_rows_around_and_is_reported() {
        assert!(read_cell("early June", "", &ParseContext::default()).is_err());
        let ctx = ParseContext {
            year_hint: Some(2023),
        };
        let c = read_cell("early June", "", &ctx).unwrap();
        assert_eq!(c.date.start, d(2023, 6, 1));
        assert!(c.notes[0].contains("2023"), "{:?}", c.notes);
        let full = read_cell("05/06/2022", "", &ctx).unwrap();
        assert!(full.notes.is_empty(), "a full date needs no note");
    }
}
