//! Reading dates the way UK chronologies write them, into an [`EventDate`].
//!
//! The reader is a small hand-written parser: the text is cut into numbers, words and
//! symbols, a few markers are peeled off ("c.", "approx.", "?", "on", "in"), and what remains
//! is matched against the shapes chronologies use. Every reading that uses all of the text is
//! tried; the first that makes a real date wins, otherwise the first reason a reading gave
//! is reported, quoting the text, in words fit for the reviewer.
//!
//! What it reads (case, extra spaces, commas, trailing full stops and `st/nd/rd/th` do not
//! matter; month names may be full or abbreviated, `Sept` included):
//!
//! | written | read as |
//! | --- | --- |
//! | `12/06/2015`, `12-06-2015`, `12.06.2015`, `12/6/15` | 12 June 2015: **always day first** |
//! | `12 June 2015`, `12th Jun. 2015`, `12-Jun-15`, `Friday 12 June 2015` | 12 June 2015 (a weekday must match the date) |
//! | `June 12 2015`, `June 12th, 2015` | 12 June 2015: accepted because the month is spelled out and the year is written |
//! | `2015-06-12`, `2015-06-12T14:30` | ISO dates, with or without a time |
//! | `12/06/2015 14:30`, `14.30`, `2.30pm`, `2:30 pm`, `14:30:00`, `1430hrs`, `noon`, `midnight` | a day and a time |
//! | `June 2015`, `Jun-15`, `06/2015`, `2015-06` | a month |
//! | `early`/`beginning of`/`start of June 2015` | 1-10 June (part of a month) |
//! | `mid`/`mid-`/`middle of June 2015` | 11-20 June |
//! | `late`/`end of June 2015` | 21 June to the end of the month |
//! | `spring`, `summer`, `autumn` (or `fall`) `2015` | March-May, June-August, September-November |
//! | `winter 2015`, `winter 2015/16` | December 2015 to February 2016 |
//! | `early`/`mid`/`late 2015` | January-April, May-August, September-December (a range) |
//! | `2015` | the year |
//! | `c. 2015`, `circa`, `approx.`, `around`, `about`, `on or about`, `?12/06/2015`, `12/06/2015?` | marked approximate |
//! | `between 26/06/2015 and 30/06/2015`, `26/06/2015 - 30/06/2015`, `26-30/06/2015`, `26 to 30 June 2015`, `June-August 2015` | a range |
//! | `w/c 12/06/2015`, `week commencing 12 June 2015`; `w/e`, `week ending` | the seven days from (or up to) that day |
//!
//! Choices worth knowing:
//! - **Two-digit years**: `00`-`49` are 2000-2049 and `50`-`99` are 1950-1999.
//! - **Years** are accepted from [`FIRST_YEAR`] to [`LAST_YEAR`]; anything else is almost
//!   certainly a typing mistake in a chronology.
//! - **"end of June"** is the same span as "late June" (21st to the end of the month) and is
//!   printed back as "late June 2015": chronologies use the two interchangeably.
//! - **Winter** belongs to the year it starts in: `winter 2015` is 1 December 2015 to the end
//!   of February 2016, which is what [`EventDate`] prints as `winter 2015/16`.
//! - **Month-first dates** are read only when unambiguous: `June 12 2015` and `June 12th` are
//!   12 June; `Jun-15` and `June '15` are June 2015; `June 15` could be either and is refused.
//! - **Year-less dates** (`12 June`, `end of November`, `mid-July`) take the year from
//!   [`ParseContext::year_hint`]; without one they are refused with a reason. In a range the
//!   first date may leave out what the second one says (`26-30/06/2015`, `28/12 - 03/01/2016`,
//!   where the first date moves to the previous year only if that makes a range of at most
//!   about six months).
//! - **Midnight** is 00:00 at the start of the day written. A time written `00:00:00` (with
//!   seconds) is how spreadsheets and databases export a plain date, so it is read as the day
//!   alone.
//! - **Seconds** are kept when written, but [`EventDate`]'s display shows hours and minutes.
//! - A weekday that does not match the date (`Monday 12 June 2015`, a Friday) is refused: the
//!   source contradicts itself and the reviewer should decide which part is right.

use chrono::{Datelike, NaiveDate, NaiveTime};

use super::{last_day_of_month, month_name, DatePrecision, EventDate};

mod points;
mod times;
mod tokens;

use points::*;
use times::*;
use tokens::*;

/// The earliest year a date may name.
pub const FIRST_YEAR: i32 = 1900;
/// The latest year a date may name.
pub const LAST_YEAR: i32 = 2100;

/// Why a date could not be read, in words fit for the reviewer.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct DateProblem {
    /// The reason, quoting the text: for example
    /// "'31/02/2015' is not a real date: February 2015 has 28 days."
    pub message: String,
}

impl DateProblem {
    /// A problem with `text`; `tail` continues the sentence after the quoted text.
    fn about(text: &str, tail: &str) -> Self {
        DateProblem {
            message: format!("'{text}'{tail}"),
        }
    }
}

/// What the reader may assume about dates that leave something out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ParseContext {
    /// The year to use for dates written without one ("12 June", "end of November"), for
    /// example the year of the agency record the date came from.
    pub year_hint: Option<i32>,
}

/// Reads a date as written in a chronology; dates without a year are refused. See the
/// module documentation for the forms it reads.
pub fn parse_event_date(text: &str) -> Result<EventDate, DateProblem> {
    parse_event_date_in(text, &ParseContext::default())
}

/// Reads a date as written in a chronology, taking a missing year from `ctx`.
pub fn parse_event_date_in(text: &str, ctx: &ParseContext) -> Result<EventDate, DateProblem> {
    let shown = text.trim();
    if shown.is_empty() {
        return Err(DateProblem::about(
            shown,
            " is empty: there is no date to read.",
        ));
    }
    let core = trim_trailing_stops(shown);
    let tokens = tokenize(core);
    let (lo, hi, approximate) = strip_markers(&tokens);
    let t = Toks(&tokens[lo..hi]);
    read_date(core, t, ctx.year_hint)
        .map(|date| if approximate { date.approx() } else { date })
        .map_err(|tail| DateProblem::about(shown, &tail))
}

/// Reads a time of day written on its own, as in a chronology's Time column: `14:30`,
/// `14.30`, `2.30pm`, `2:30 pm`, `14:30:00`, `1430hrs`, `1430`, `noon`, `midnight`.
pub fn parse_time(text: &str) -> Result<NaiveTime, DateProblem> {
    let (clock, approximate) = read_time_cell(text)?;
    if approximate {
        return Err(DateProblem::about(
            text.trim(),
            ": a time on its own cannot be marked approximate.",
        ));
    }
    Ok(clock.time)
}

/// Reads a date and a time from separate Date and Time columns. An empty time gives the
/// date alone; a time may be marked approximate (`c. 14:30`, `14:30?`), which marks the
/// whole date approximate. Dates without a year are refused.
pub fn parse_date_and_time(date: &str, time: &str) -> Result<EventDate, DateProblem> {
    parse_date_and_time_in(date, time, &ParseContext::default())
}

/// Like [`parse_date_and_time`], taking a missing year from `ctx`.
pub fn parse_date_and_time_in(
    date: &str,
    time: &str,
    ctx: &ParseContext,
) -> Result<EventDate, DateProblem> {
    let day = parse_event_date_in(date, ctx)?;
    if time.trim().is_empty() {
        return Ok(day);
    }
    let (clock, approximate) = read_time_cell(time)?;
    let both = |tail: &str| DateProblem {
        message: format!("'{}' at '{}'{tail}", date.trim(), time.trim()),
    };
    let timed = match day.precision {
        DatePrecision::Day => EventDate::at(day.start, clock.time),
        DatePrecision::Time if day.time == Some(clock.time) => day,
        DatePrecision::Time => {
            return Err(both(&format!(
                ": the date already has a different time ({}).",
                day.time
                    .map(|t| t.format("%H:%M").to_string())
                    .unwrap_or_default()
            )))
        }
        _ => return Err(both(NEEDS_FULL_DATE)),
    };
    Ok(EventDate {
        approximate: day.approximate || approximate,
        ..timed
    })
}

/// Reads a spreadsheet's date number (Excel's 1900 date system, used by `.xlsx` files): 1 is
/// 01/01/1900, and the fraction is the time of day, which gives a date with precision
/// `time` (a whole number gives a day). Excel counts a 29/02/1900 that never existed, so day
/// numbers from 61 on are one more than the days since 31/12/1899, and 60 itself is refused.
pub fn from_excel_serial(serial: f64) -> Result<EventDate, DateProblem> {
    let shown = format!("{serial}");
    let problem = |tail: &str| Err(DateProblem::about(&shown, tail));
    if !serial.is_finite() {
        return problem(" is not a spreadsheet date number.");
    }
    if serial < 1.0 {
        return problem(
            " is not a spreadsheet date: spreadsheet day numbers start at 1 (01/01/1900), and \
             a number below 1 is a time of day without a date.",
        );
    }
    if serial >= 1_000_000.0 {
        return problem(&year_outside(9999));
    }
    let whole = serial.floor();
    let mut days = whole as i64;
    let mut seconds = ((serial - whole) * 86_400.0).round() as u32;
    if seconds >= 86_400 {
        days += 1;
        seconds = 0;
    }
    if days == 60 {
        return problem(
            " is 29/02/1900 in a spreadsheet: a day that never existed (a known spreadsheet \
             mistake), so it cannot be read as a date.",
        );
    }
    let epoch = NaiveDate::from_ymd_opt(1899, 12, if days < 60 { 31 } else { 30 })
        .expect("a fixed real date");
    let Some(date) = epoch.checked_add_days(chrono::Days::new(days as u64)) else {
        return problem(&year_outside(9999));
    };
    if let Err(tail) = check_year(date.year()) {
        return problem(&tail);
    }
    Ok(if seconds == 0 {
        EventDate::day(date)
    } else {
        EventDate::at(date, time_of_seconds(seconds))
    })
}

/// Reads the time of day from a spreadsheet number, as a cell formatted `hh:mm` shows it:
/// the fraction of the day (0.5 is 12:00), to the nearest second. Any whole part (a date) is
/// ignored; negative or non-finite numbers are refused.
pub fn time_from_excel_serial(serial: f64) -> Result<NaiveTime, DateProblem> {
    if !serial.is_finite() || serial < 0.0 {
        return Err(DateProblem::about(
            &format!("{serial}"),
            " is not a spreadsheet time: a time of day is a fraction of a day between 0 and 1.",
        ));
    }
    let seconds = ((serial - serial.floor()) * 86_400.0).round() as u32 % 86_400;
    Ok(time_of_seconds(seconds))
}

fn time_of_seconds(seconds: u32) -> NaiveTime {
    NaiveTime::from_num_seconds_from_midnight_opt(seconds, 0).expect("under a day")
}

// ---------------------------------------------------------------------------------------
// The whole text

/// Keeps the first reading that gives a date, and the first reason a reading failed.
#[derive(Default)]
struct Outcome {
    date: Option<EventDate>,
    problem: Option<String>,
}

impl Outcome {
    fn offer(&mut self, reading: Result<EventDate, String>) {
        match reading {
            Ok(date) => {
                self.date.get_or_insert(date);
            }
            Err(tail) => {
                self.problem.get_or_insert(tail);
            }
        }
    }
}

fn is_connector(t: Toks, i: usize, after_between: bool) -> bool {
    t.sym(i) == Some('-')
        || matches!(
            t.word(i),
            Some("to" | "until" | "till" | "til" | "through" | "thru")
        )
        || (after_between && t.word(i) == Some("and"))
}

/// `w/c`, `wc`, `w/b`, `week commencing`, `week beginning`, `week starting` (the week from
/// that day) and `w/e`, `week ending` (the week up to it): the index after it, and whether
/// it is a week ending.
fn week_intro(t: Toks, i: usize) -> Option<(usize, bool)> {
    let (end, ending) = match (t.word(i), t.sym(i + 1), t.word(i + 2), t.word(i + 1)) {
        (Some("w" | "wk"), Some('/'), Some("c" | "b"), _) => (i + 3, false),
        (Some("w" | "wk"), Some('/'), Some("e"), _) => (i + 3, true),
        (Some("wc" | "wb"), ..) => (i + 1, false),
        (Some("week" | "wk"), _, _, Some("commencing" | "beginning" | "starting")) => {
            (i + 2, false)
        }
        (Some("week" | "wk"), _, _, Some("ending")) => (i + 2, true),
        _ => return None,
    };
    Some((t.skip_sym(end, '.'), ending))
}

/// Reads the tokens (markers already removed) as one date, a date and time, a range or a
/// week. Returns the tail of the sentence explaining a failure.
fn read_date(text: &str, t: Toks, hint: Option<i32>) -> Result<EventDate, String> {
    let n = t.len();
    let mut outcome = Outcome::default();
    if n == 0 {
        return Err(NOT_A_DATE.into());
    }
    let singles = points(t, 0, true);

    // One date.
    for (end, point) in &singles {
        if *end == n {
            outcome.offer(point.clone().and_then(|p| resolve(p, hint)));
        }
    }
    // A date then a time: "12/06/2015 14:30", "2015-06-12T14:30", "12 June 2015 at 2pm".
    if outcome.date.is_none() {
        for (end, point) in singles.iter().filter(|(end, _)| *end < n) {
            let k = match t.word(*end) {
                Some("at" | "t") => end + 1,
                _ => *end,
            };
            let year_written = point.as_ref().is_ok_and(|p| p.year().is_some());
            for cand in times(t, k) {
                if cand.end == n && (!cand.bare || year_written) {
                    outcome.offer(with_time(point, &cand.clock, hint));
                }
            }
        }
    }
    // A time then a date: "14:30 on 12/06/2015".
    if outcome.date.is_none() {
        for cand in times(t, 0).into_iter().filter(|c| !c.bare && c.end < n) {
            for (end, point) in points(t, t.skip_word(cand.end, "on"), true) {
                if end == n {
                    outcome.offer(with_time(&point, &cand.clock, hint));
                }
            }
        }
    }
    // A range: "between 26/06/2015 and 30/06/2015", "26-30/06/2015", "June to August 2015".
    if outcome.date.is_none() {
        let (start, between) = match t.word(0) {
            Some("between") => (1, true),
            Some("from") => (1, false),
            _ => (0, false),
        };
        let lefts = if start == 0 {
            singles.clone()
        } else {
            points(t, start, true)
        };
        for (end, left) in lefts {
            if end < n && is_connector(t, end, between) {
                for (right_end, right) in points(t, end + 1, true) {
                    if right_end == n {
                        outcome.offer(resolve_range(left.clone(), right, hint));
                    }
                }
            }
        }
    }
    // A week: "w/c 12/06/2015".
    if outcome.date.is_none() {
        if let Some((k, ending)) = week_intro(t, 0) {
            for (end, point) in points(t, k, true) {
                if end == n {
                    outcome.offer(point.and_then(|p| week_of(p, ending, hint)));
                }
            }
        }
    }

    if let Some(date) = outcome.date {
        return Ok(date);
    }
    if let Some(tail) = outcome.problem {
        return Err(tail);
    }
    Err(explain_unread(text, t, &singles, hint))
}

fn week_of(point: Point, ending: bool, hint: Option<i32>) -> Result<EventDate, String> {
    let day = resolve(point, hint)?;
    if day.precision != DatePrecision::Day {
        return Err(": a week is given by its first or last day, like 'w/c 12/06/2015'.".into());
    }
    let d = day.start;
    let (start, end) = if ending {
        (d - chrono::Days::new(6), d)
    } else {
        (d, d + chrono::Days::new(6))
    };
    Ok(EventDate::span(DatePrecision::Range, start, end))
}

const NOT_A_DATE: &str = " is not a date. Dates are read day first, like 12/06/2015, \
    12 June 2015, June 2015, early June 2015, spring 2015 or 2015.";

/// Says as much as can be said about text that no reading used in full.
fn explain_unread(text: &str, t: Toks, singles: &[Cand<Point>], hint: Option<i32>) -> String {
    if let (1, Some((serial, 5))) = (t.len(), t.num(0)) {
        if let Ok(date) = from_excel_serial(f64::from(serial)) {
            return format!(
                " is a number, not a date (if it is a spreadsheet's date number, it stands \
                 for {date})."
            );
        }
    }
    let read_dates = singles
        .iter()
        .filter(|(_, point)| point.clone().and_then(|p| resolve(p, hint)).is_ok());
    let with_times = read_dates.clone().flat_map(|(end, point)| {
        let year_written = point.as_ref().is_ok_and(|p| p.year().is_some());
        times(t, *end)
            .into_iter()
            .filter(move |cand| !cand.bare || year_written)
            .filter(|cand| with_time(point, &cand.clock, hint).is_ok())
            .map(|cand| cand.end)
    });
    // A reading of the whole text would not be here, so the longest falls short of the end.
    let longest_read = read_dates
        .map(|(end, _)| *end)
        .chain(with_times)
        .filter(|end| *end < t.len())
        .max();
    match longest_read {
        Some(end) if end > 0 => format!(
            " is not a date: could not make sense of '{}'.",
            &text[t.0[end].at..]
        ),
        _ => NOT_A_DATE.into(),
    }
}

#[cfg(test)]
#[path = "parse_tests.rs"]
mod tests;
