//! Dates as chronologies write them: an [`EventDate`] is the span in which an event happened
//! together with the precision the source gave ("12/06/2015", "early June 2015", "spring
//! 2015", "c. 2015"), and it prints back the UK way.
//!
//! Parsing free text into an `EventDate` lives in [`parse`]; working-day arithmetic lives in
//! [`crate::calendar`].

use chrono::{Datelike, NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};
use specta::Type;

pub mod cell;
pub mod parse;

pub use parse::{
    from_excel_serial, parse_date_and_time, parse_event_date, parse_event_date_in, parse_time,
    DateProblem, ParseContext,
};

crate::vocabulary::vocabulary!(
    /// How precisely the source stated when an event happened.
    DatePrecision {
        /// A day and a time of day.
        Time => "time", "Date and time";
        /// A single day.
        Day => "day", "Day";
        /// Some day between two dates ("between 26/06/2015 and 30/06/2015").
        Range => "range", "Between two dates";
        /// Part of a month ("early June 2015", "mid-July", "end of November").
        PartOfMonth => "part_of_month", "Part of a month";
        /// A month ("June 2015").
        Month => "month", "Month";
        /// A season ("spring 2015").
        Season => "season", "Season";
        /// A year ("2015").
        Year => "year", "Year";
    }
);

/// When an event happened: the earliest and latest plausible day, the precision the source
/// used, an optional time, and whether the source marked it as uncertain ("c.", "?").
///
/// Invariants: `start <= end`; `time` is set only with [`DatePrecision::Time`]; for `Time`
/// and `Day`, `start == end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
pub struct EventDate {
    /// How precise the date is.
    pub precision: DatePrecision,
    /// The earliest day it can have happened.
    pub start: NaiveDate,
    /// The latest day it can have happened.
    pub end: NaiveDate,
    /// The time of day, for [`DatePrecision::Time`].
    pub time: Option<NaiveTime>,
    /// Whether the source marked the date as approximate or uncertain.
    pub approximate: bool,
}

impl EventDate {
    /// A single known day.
    pub fn day(date: NaiveDate) -> Self {
        EventDate {
            precision: DatePrecision::Day,
            start: date,
            end: date,
            time: None,
            approximate: false,
        }
    }

    /// A known day and time.
    pub fn at(date: NaiveDate, time: NaiveTime) -> Self {
        EventDate {
            precision: DatePrecision::Time,
            time: Some(time),
            ..EventDate::day(date)
        }
    }

    /// A whole month.
    pub fn month(year: i32, month: u32) -> Option<Self> {
        let start = NaiveDate::from_ymd_opt(year, month, 1)?;
        Some(EventDate {
            precision: DatePrecision::Month,
            start,
            end: last_day_of_month(year, month)?,
            time: None,
            approximate: false,
        })
    }

    /// Some day within `start..=end` (both inclusive), with the given precision.
    pub fn span(precision: DatePrecision, start: NaiveDate, end: NaiveDate) -> Self {
        let (start, end) = if start <= end {
            (start, end)
        } else {
            (end, start)
        };
        EventDate {
            precision,
            start,
            end,
            time: None,
            approximate: false,
        }
    }

    /// The same date marked as approximate.
    pub fn approx(self) -> Self {
        EventDate {
            approximate: true,
            ..self
        }
    }

    /// Whether the date names a single day (with or without a time) and is not marked
    /// approximate.
    pub fn is_exact_day(&self) -> bool {
        matches!(self.precision, DatePrecision::Day | DatePrecision::Time) && !self.approximate
    }

    /// The day used to place the event in order: the middle of its span for approximate
    /// dates would move events around as precision changes, so the start is used.
    pub fn sort_day(&self) -> NaiveDate {
        self.start
    }

    /// Checks the invariants, returning a sentence fit for a person when one is broken.
    pub fn validate(&self) -> Result<(), String> {
        if self.start > self.end {
            return Err(format!(
                "the date range starts ({}) after it ends ({})",
                uk(self.start),
                uk(self.end)
            ));
        }
        if self.time.is_some() != (self.precision == DatePrecision::Time) {
            return Err("a time of day is only kept with a date-and-time precision".into());
        }
        if matches!(self.precision, DatePrecision::Day | DatePrecision::Time)
            && self.start != self.end
        {
            return Err("a single-day date must start and end on the same day".into());
        }
        Ok(())
    }
}

impl std::fmt::Display for EventDate {
    /// Prints the date the UK way, as a chronology would: "12/06/2015", "12/06/2015 14:30",
    /// "early June 2015", "spring 2015", "between 26/06/2015 and 30/06/2015", "c. 2015".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.approximate {
            f.write_str("c. ")?;
        }
        let s = self.start;
        match self.precision {
            DatePrecision::Time => match self.time {
                Some(t) => write!(f, "{} {}", uk(s), t.format("%H:%M")),
                None => f.write_str(&uk(s)),
            },
            DatePrecision::Day => f.write_str(&uk(s)),
            DatePrecision::Range => write!(f, "between {} and {}", uk(s), uk(self.end)),
            DatePrecision::PartOfMonth => {
                let part = match s.day() {
                    1..=10 => "early",
                    11..=20 => "mid",
                    _ => "late",
                };
                write!(f, "{part} {} {}", month_name(s.month()), s.year())
            }
            DatePrecision::Month => write!(f, "{} {}", month_name(s.month()), s.year()),
            DatePrecision::Season => {
                let season = match s.month() {
                    3..=5 => "spring",
                    6..=8 => "summer",
                    9..=11 => "autumn",
                    _ => "winter",
                };
                if season == "winter" && s.month() == 12 {
                    write!(f, "winter {}/{:02}", s.year(), (s.year() + 1) % 100)
                } else {
                    write!(f, "{season} {}", s.year())
                }
            }
            DatePrecision::Year => write!(f, "{}", s.year()),
        }
    }
}

/// Formats a day as `dd/mm/yyyy`.
pub fn uk(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// The English name of a month (1-12).
pub fn month_name(month: u32) -> &'static str {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    NAMES[(month.clamp(1, 12) - 1) as usize]
}

/// The last day of a month, or `None` for an impossible month.
pub fn last_day_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let (ny, nm) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(ny, nm, 1)?.pred_opt()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn prints_each_precision_the_uk_way() {
        let cases = [
            (EventDate::day(d(2015, 6, 12)), "12/06/2015"),
            (
                EventDate::at(d(2015, 6, 12), NaiveTime::from_hms_opt(14, 30, 0).unwrap()),
                "12/06/2015 14:30",
            ),
            (
                EventDate::span(DatePrecision::Range, d(2015, 6, 26), d(2015, 6, 30)),
                "between 26/06/2015 and 30/06/2015",
            ),
            (
                EventDate::span(DatePrecision::PartOfMonth, d(2015, 6, 1), d(2015, 6, 10)),
                "early June 2015",
            ),
            (
                EventDate::span(DatePrecision::PartOfMonth, d(2015, 7, 11), d(2015, 7, 20)),
                "mid July 2015",
            ),
            (EventDate::month(2015, 6).unwrap(), "June 2015"),
            (
                EventDate::span(DatePrecision::Season, d(2015, 3, 1), d(2015, 5, 31)),
                "spring 2015",
            ),
            (
                EventDate::span(DatePrecision::Season, d(2015, 12, 1), d(2016, 2, 29)),
                "winter 2015/16",
            ),
            (
                EventDate::span(DatePrecision::Year, d(2015, 1, 1), d(2015, 12, 31)).approx(),
                "c. 2015",
            ),
        ];
        for (date, expected) in cases {
            assert_eq!(date.to_string(), expected);
            assert_eq!(date.validate(), Ok(()));
        }
    }

    #[test]
    fn validate_rejects_broken_invariants() {
        let mut bad = EventDate::day(d(2015, 6, 12));
        bad.end = d(2015, 6, 13);
        assert!(bad.validate().is_err());
        let mut backwards = EventDate::month(2015, 6).unwrap();
        backwards.start = d(2015, 7, 1);
        assert!(backwards
            .validate()
            .unwrap_err()
            .contains("starts (01/07/2015)"));
    }

    #[test]
    fn month_ends_cover_leap_years() {
        assert_eq!(last_day_of_month(2016, 2), Some(d(2016, 2, 29)));
        assert_eq!(last_day_of_month(2015, 2), Some(d(2015, 2, 28)));
        assert_eq!(last_day_of_month(2015, 12), Some(d(2015, 12, 31)));
        assert_eq!(last_day_of_month(2015, 13), None);
    }
}
