//! Tests of the date reader: a table of what chronologies write and what it must mean, and
//! properties over generated dates.

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};
use proptest::prelude::*;

use super::*;
use crate::dates::{month_name, uk, DatePrecision, EventDate};

/// A compact, complete description of a date for the table: precision code, first and last
/// day, time, and `~` when approximate.
fn describe(date: &EventDate) -> String {
    let mut out = format!("{} {}", date.precision.code(), uk(date.start));
    if date.end != date.start {
        out.push_str(&format!("..{}", uk(date.end)));
    }
    if let Some(time) = date.time {
        out.push_str(&format!(" {}", time.format("%H:%M:%S")));
    }
    if date.approximate {
        out.push_str(" ~");
    }
    out
}

/// Reads `input` with `ctx` and compares with `expected`: a description (see [`describe`]),
/// or `!` followed by the exact message of the expected problem. Returns a line describing
/// a mismatch.
fn check_in(input: &str, ctx: &ParseContext, expected: &str) -> Option<String> {
    let got = match parse_event_date_in(input, ctx) {
        Ok(date) => {
            if let Err(broken) = date.validate() {
                return Some(format!("{input:?}: invalid result {date:?}: {broken}"));
            }
            describe(&date)
        }
        Err(problem) => format!("!{}", problem.message),
    };
    (got != expected).then(|| format!("{input:?}\n    expected {expected}\n    got      {got}"))
}

fn check_all(ctx: &ParseContext, table: &[(&str, &str)]) {
    let failures: Vec<String> = table
        .iter()
        .filter_map(|(input, expected)| check_in(input, ctx, expected))
        .collect();
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn reads_days_written_day_first() {
    check_all(
        &ParseContext::default(),
        &[
            ("12/06/2015", "day 12/06/2015"),
            ("12-06-2015", "day 12/06/2015"),
            ("12.06.2015", "day 12/06/2015"),
            ("12.06.15", "day 12/06/2015"),
            ("12/6/15", "day 12/06/2015"),
            ("1/2/2015", "day 01/02/2015"),
            ("01/02/49", "day 01/02/2049"),
            ("01/02/50", "day 01/02/1950"),
            ("12 June 2015", "day 12/06/2015"),
            ("12th Jun 2015", "day 12/06/2015"),
            ("12 Jun. 2015", "day 12/06/2015"),
            ("12th of June, 2015.", "day 12/06/2015"),
            ("the 1st of Sept 2015", "day 01/09/2015"),
            ("22nd Feb 2016", "day 22/02/2016"),
            ("3rd March 2016", "day 03/03/2016"),
            ("12-Jun-15", "day 12/06/2015"),
            ("12-Jun-2015", "day 12/06/2015"),
            ("  12   JUNE   2015  ", "day 12/06/2015"),
            ("12 june, 2015,", "day 12/06/2015"),
            ("Friday 12 June 2015", "day 12/06/2015"),
            ("Fri. 12/06/2015", "day 12/06/2015"),
            ("June 12 2015", "day 12/06/2015"),
            ("June 12th, 2015", "day 12/06/2015"),
            ("2015-06-12", "day 12/06/2015"),
            ("2015/06/12", "day 12/06/2015"),
            ("29/02/2016", "day 29/02/2016"),
            ("on 12/06/2015", "day 12/06/2015"),
            ("12/06/2015 00:00:00", "day 12/06/2015"),
            ("2015-06-12 00:00:00", "day 12/06/2015"),
        ],
    );
}

#[test]
fn reads_days_with_times() {
    check_all(
        &ParseContext::default(),
        &[
            ("12/06/2015 14:30", "time 12/06/2015 14:30:00"),
            ("12/06/2015 14.30", "time 12/06/2015 14:30:00"),
            ("12/06/2015 2.30pm", "time 12/06/2015 14:30:00"),
            ("12/06/2015 2:30 pm", "time 12/06/2015 14:30:00"),
            ("12/06/2015 2:30 p.m.", "time 12/06/2015 14:30:00"),
            ("12/06/2015 14:30:15", "time 12/06/2015 14:30:15"),
            ("12/06/2015 1430hrs", "time 12/06/2015 14:30:00"),
            ("12/06/2015 1430 hrs", "time 12/06/2015 14:30:00"),
            ("12/06/2015 1430", "time 12/06/2015 14:30:00"),
            ("12/06/2015 0930", "time 12/06/2015 09:30:00"),
            ("12/06/2015 14:30pm", "time 12/06/2015 14:30:00"),
            ("12/06/2015 12am", "time 12/06/2015 00:00:00"),
            ("12/06/2015 12pm", "time 12/06/2015 12:00:00"),
            ("12/06/2015 9am", "time 12/06/2015 09:00:00"),
            ("12/06/2015 noon", "time 12/06/2015 12:00:00"),
            ("12/06/2015 12 noon", "time 12/06/2015 12:00:00"),
            ("12/06/2015 midnight", "time 12/06/2015 00:00:00"),
            ("12/06/2015 00:00", "time 12/06/2015 00:00:00"),
            ("12/06/2015 at 14:30", "time 12/06/2015 14:30:00"),
            ("12 June 2015, 14:30", "time 12/06/2015 14:30:00"),
            ("2015-06-12T14:30", "time 12/06/2015 14:30:00"),
            ("2015-06-12T14:30:00", "time 12/06/2015 14:30:00"),
            ("2015-06-12 14:30:00", "time 12/06/2015 14:30:00"),
            ("14:30 on 12/06/2015", "time 12/06/2015 14:30:00"),
            ("2pm 12 June 2015", "time 12/06/2015 14:00:00"),
            ("c. 12/06/2015 14:30", "time 12/06/2015 14:30:00 ~"),
        ],
    );
}

#[test]
fn reads_approximate_forms_with_their_precision() {
    check_all(
        &ParseContext::default(),
        &[
            ("June 2015", "month 01/06/2015..30/06/2015"),
            ("Jun 2015", "month 01/06/2015..30/06/2015"),
            ("Jun-15", "month 01/06/2015..30/06/2015"),
            ("June '15", "month 01/06/2015..30/06/2015"),
            ("Feb 99", "month 01/02/1999..28/02/1999"),
            ("06/2015", "month 01/06/2015..30/06/2015"),
            ("6-2015", "month 01/06/2015..30/06/2015"),
            ("2015-06", "month 01/06/2015..30/06/2015"),
            ("Sept 2015", "month 01/09/2015..30/09/2015"),
            ("in February 2016", "month 01/02/2016..29/02/2016"),
            ("early June 2015", "part_of_month 01/06/2015..10/06/2015"),
            (
                "beginning of June 2015",
                "part_of_month 01/06/2015..10/06/2015",
            ),
            ("start of June 2015", "part_of_month 01/06/2015..10/06/2015"),
            ("mid June 2015", "part_of_month 11/06/2015..20/06/2015"),
            ("mid-June 2015", "part_of_month 11/06/2015..20/06/2015"),
            (
                "middle of June 2015",
                "part_of_month 11/06/2015..20/06/2015",
            ),
            ("late June 2015", "part_of_month 21/06/2015..30/06/2015"),
            ("end of June 2015", "part_of_month 21/06/2015..30/06/2015"),
            (
                "the end of February 2016",
                "part_of_month 21/02/2016..29/02/2016",
            ),
            ("Mid-Jun-15", "part_of_month 11/06/2015..20/06/2015"),
            ("spring 2015", "season 01/03/2015..31/05/2015"),
            ("Summer 2015", "season 01/06/2015..31/08/2015"),
            ("summer of 2015", "season 01/06/2015..31/08/2015"),
            ("autumn 2015", "season 01/09/2015..30/11/2015"),
            ("fall 2015", "season 01/09/2015..30/11/2015"),
            ("winter 2015", "season 01/12/2015..29/02/2016"),
            ("winter 2015/16", "season 01/12/2015..29/02/2016"),
            ("winter 2015-2016", "season 01/12/2015..29/02/2016"),
            ("winter 2099/00", "season 01/12/2099..28/02/2100"),
            ("2015", "year 01/01/2015..31/12/2015"),
            ("early 2015", "range 01/01/2015..30/04/2015"),
            ("mid-2015", "range 01/05/2015..31/08/2015"),
            ("end of 2015", "range 01/09/2015..31/12/2015"),
            ("c. 2015", "year 01/01/2015..31/12/2015 ~"),
            ("c2015", "year 01/01/2015..31/12/2015 ~"),
            ("circa 2015", "year 01/01/2015..31/12/2015 ~"),
            ("approx. June 2015", "month 01/06/2015..30/06/2015 ~"),
            ("around 12/06/2015", "day 12/06/2015 ~"),
            ("on or about 12/06/2015", "day 12/06/2015 ~"),
            ("?22/05/2016", "day 22/05/2016 ~"),
            ("22/05/2016?", "day 22/05/2016 ~"),
            ("22/05/2016 (approx.)", "day 22/05/2016 ~"),
            (
                "c. between 26/06/2015 and 30/06/2015",
                "range 26/06/2015..30/06/2015 ~",
            ),
        ],
    );
}

#[test]
fn reads_ranges_and_weeks() {
    check_all(
        &ParseContext::default(),
        &[
            (
                "between 26/06/2015 and 30/06/2015",
                "range 26/06/2015..30/06/2015",
            ),
            (
                "Between 26/06/2015 & 30/06/2015",
                "range 26/06/2015..30/06/2015",
            ),
            ("26/06/2015 - 30/06/2015", "range 26/06/2015..30/06/2015"),
            ("26/06/2015-30/06/2015", "range 26/06/2015..30/06/2015"),
            ("26/06/2015 – 30/06/2015", "range 26/06/2015..30/06/2015"),
            ("26-06-2015 - 30-06-2015", "range 26/06/2015..30/06/2015"),
            ("26-30/06/2015", "range 26/06/2015..30/06/2015"),
            ("26 to 30 June 2015", "range 26/06/2015..30/06/2015"),
            ("26th-30th June 2015", "range 26/06/2015..30/06/2015"),
            ("3-5 June 2015", "range 03/06/2015..05/06/2015"),
            (
                "from 26 June until 3 July 2015",
                "range 26/06/2015..03/07/2015",
            ),
            ("26/06 - 03/07/2015", "range 26/06/2015..03/07/2015"),
            ("28/12 - 03/01/2016", "range 28/12/2015..03/01/2016"),
            ("June-August 2015", "range 01/06/2015..31/08/2015"),
            (
                "between June and August 2015",
                "range 01/06/2015..31/08/2015",
            ),
            (
                "November 2015 to February 2016",
                "range 01/11/2015..29/02/2016",
            ),
            ("November to February 2016", "range 01/11/2015..29/02/2016"),
            ("2015-2016", "range 01/01/2015..31/12/2016"),
            (
                "between early June and late July 2015",
                "range 01/06/2015..31/07/2015",
            ),
            (
                "Monday 8 - Friday 12 June 2015",
                "range 08/06/2015..12/06/2015",
            ),
            ("between 12/06/2015 and 12/06/2015", "day 12/06/2015"),
            ("w/c 12/06/2015", "range 12/06/2015..18/06/2015"),
            ("W/C 08.06.15", "range 08/06/2015..14/06/2015"),
            (
                "week commencing 8 June 2015",
                "range 08/06/2015..14/06/2015",
            ),
            ("w/e 14/06/2015", "range 08/06/2015..14/06/2015"),
            ("week ending 14 June 2015", "range 08/06/2015..14/06/2015"),
            ("c. w/c 08/06/2015", "range 08/06/2015..14/06/2015 ~"),
        ],
    );
}

#[test]
fn takes_a_missing_year_from_the_context() {
    let ctx = ParseContext {
        year_hint: Some(2015),
    };
    check_all(
        &ctx,
        &[
            ("end of November", "part_of_month 21/11/2015..30/11/2015"),
            ("mid-July", "part_of_month 11/07/2015..20/07/2015"),
            ("12 June", "day 12/06/2015"),
            ("June 12th", "day 12/06/2015"),
            ("12/06", "day 12/06/2015"),
            ("12/06 14:30", "time 12/06/2015 14:30:00"),
            // A bare 1430 is only taken as a time after a written year.
            (
                "12/06 1430",
                "!'12/06 1430' is not a date: could not make sense of '1430'.",
            ),
            ("June", "month 01/06/2015..30/06/2015"),
            ("winter", "season 01/12/2015..29/02/2016"),
            ("26-30 June", "range 26/06/2015..30/06/2015"),
            ("w/c 8 June", "range 08/06/2015..14/06/2015"),
            // A written year wins over the context.
            ("12 June 2016", "day 12/06/2016"),
            (
                "29/02",
                "!'29/02' is not a real date: February 2015 has 28 days.",
            ),
        ],
    );
    check_all(
        &ParseContext {
            year_hint: Some(1850),
        },
        &[(
            "12 June",
            "!'12 June': the year 1850 is not between 1900 and 2100; please check it.",
        )],
    );
}

#[test]
fn explains_what_is_wrong() {
    check_all(
        &ParseContext::default(),
        &[
            ("", "!'' is empty: there is no date to read."),
            ("   ", "!'' is empty: there is no date to read."),
            (
                "banana",
                "!'banana' is not a date. Dates are read day first, like 12/06/2015, \
                 12 June 2015, June 2015, early June 2015, spring 2015 or 2015.",
            ),
            (
                "31/02/2015",
                "!'31/02/2015' is not a real date: February 2015 has 28 days.",
            ),
            (
                "29/02/2015",
                "!'29/02/2015' is not a real date: February 2015 has 28 days.",
            ),
            (
                "31 June 2015",
                "!'31 June 2015' is not a real date: June 2015 has 30 days.",
            ),
            (
                "00/06/2015",
                "!'00/06/2015' is not a real date: there is no day 0.",
            ),
            (
                "06/13/2015",
                "!'06/13/2015': there is no month 13. Dates are read day first (dd/mm/yyyy) \
                 — did you mean 13/06/2015?",
            ),
            (
                "02/30/2015",
                "!'02/30/2015': there is no month 30. Dates are read day first (dd/mm/yyyy).",
            ),
            ("12/00/2015", "!'12/00/2015': there is no month 0."),
            ("13/2015", "!'13/2015': there is no month 13."),
            (
                "between 30/06/2015 and 26/06/2015",
                "!'between 30/06/2015 and 26/06/2015': the range ends before it starts.",
            ),
            (
                "30/06 - 26/06/2015",
                "!'30/06 - 26/06/2015': the range ends before it starts.",
            ),
            (
                "15/07 - 10/06/2015",
                "!'15/07 - 10/06/2015': the range ends before it starts.",
            ),
            (
                "12/06/1850",
                "!'12/06/1850': the year 1850 is not between 1900 and 2100; please check it.",
            ),
            (
                "2101",
                "!'2101': the year 2101 is not between 1900 and 2100; please check it.",
            ),
            (
                "12/06/215",
                "!'12/06/215': the year 215 is not between 1900 and 2100; please check it.",
            ),
            (
                "end of November",
                "!'end of November' does not say which year: please add the year.",
            ),
            (
                "12 June",
                "!'12 June' does not say which year: please add the year.",
            ),
            (
                "mid-July",
                "!'mid-July' does not say which year: please add the year.",
            ),
            (
                "June 15",
                "!'June 15' could mean 15 June or June 2015: please write the year in full.",
            ),
            (
                "Monday 12 June 2015",
                "!'Monday 12 June 2015': 12 June 2015 was a Friday, not a Monday.",
            ),
            (
                "12/06/2015 25:00",
                "!'12/06/2015 25:00': there is no hour 25: hours go from 00 to 23.",
            ),
            (
                "12/06/2015 14:75",
                "!'12/06/2015 14:75': there is no minute 75: minutes go from 00 to 59.",
            ),
            (
                "12/06/2015 13am",
                "!'12/06/2015 13am': 13am is not a time: with am or pm the hour goes from 1 \
                 to 12.",
            ),
            (
                "June 2015 14:30",
                "!'June 2015 14:30': a time of day needs a full date (day, month and year).",
            ),
            (
                "12/06/2015 blah",
                "!'12/06/2015 blah' is not a date: could not make sense of 'blah'.",
            ),
            (
                "winter 2015/17",
                "!'winter 2015/17': a winter runs from December into the next year, so it is \
                 written like 'winter 2015/16'.",
            ),
            (
                "26",
                "!'26' is not a date: a day number on its own needs a month and a year.",
            ),
            (
                "42167",
                "!'42167' is a number, not a date (if it is a spreadsheet's date number, it \
                 stands for 12/06/2015).",
            ),
            (
                "w/c June 2015",
                "!'w/c June 2015': a week is given by its first or last day, like 'w/c \
                 12/06/2015'.",
            ),
            (
                "?",
                "!'?' is not a date. Dates are read day first, like 12/06/2015, 12 June 2015, \
                 June 2015, early June 2015, spring 2015 or 2015.",
            ),
        ],
    );
}

#[test]
fn reads_time_columns() {
    let t = |h, m, s| NaiveTime::from_hms_opt(h, m, s).unwrap();
    let table = [
        ("14:30", t(14, 30, 0)),
        ("14.30", t(14, 30, 0)),
        ("2.30pm", t(14, 30, 0)),
        ("2:30 pm", t(14, 30, 0)),
        ("2:30 P.M.", t(14, 30, 0)),
        ("14:30:00", t(14, 30, 0)),
        ("14:30:59", t(14, 30, 59)),
        ("1430hrs", t(14, 30, 0)),
        ("1430", t(14, 30, 0)),
        ("930", t(9, 30, 0)),
        ("9am", t(9, 0, 0)),
        ("at 9 am", t(9, 0, 0)),
        ("noon", t(12, 0, 0)),
        ("Midday", t(12, 0, 0)),
        ("midnight", t(0, 0, 0)),
        ("00:00", t(0, 0, 0)),
        ("23:59", t(23, 59, 0)),
    ];
    for (input, expected) in table {
        assert_eq!(parse_time(input), Ok(expected), "{input:?}");
    }
    let problems = [
        ("", "'' is empty: there is no time to read."),
        (
            "24:00",
            "'24:00': there is no hour 24: midnight is written 00:00 (the start of the day).",
        ),
        (
            "14:60",
            "'14:60': there is no minute 60: minutes go from 00 to 59.",
        ),
        (
            "0pm",
            "'0pm': 0pm is not a time: with am or pm the hour goes from 1 to 12.",
        ),
        (
            "tea time",
            "'tea time' is not a time of day. Times are read like 14:30, 14.30, 2.30pm, 1430hrs, \
             noon or midnight.",
        ),
        (
            "c. 14:30",
            "'c. 14:30': a time on its own cannot be marked approximate.",
        ),
    ];
    for (input, expected) in problems {
        assert_eq!(
            parse_time(input).map_err(|p| p.message),
            Err(expected.to_string()),
            "{input:?}"
        );
    }
}

#[test]
fn joins_date_and_time_columns() {
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    let at = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
    assert_eq!(
        parse_date_and_time("12/06/2015", "14:30"),
        Ok(EventDate::at(d(2015, 6, 12), at(14, 30)))
    );
    assert_eq!(
        parse_date_and_time("12/06/2015", "  "),
        Ok(EventDate::day(d(2015, 6, 12)))
    );
    assert_eq!(
        parse_date_and_time("c. 12/06/2015", "1430hrs"),
        Ok(EventDate::at(d(2015, 6, 12), at(14, 30)).approx())
    );
    assert_eq!(
        parse_date_and_time("12/06/2015", "approx 14:30"),
        Ok(EventDate::at(d(2015, 6, 12), at(14, 30)).approx())
    );
    assert_eq!(
        parse_date_and_time("12/06/2015 14:30", "14:30"),
        Ok(EventDate::at(d(2015, 6, 12), at(14, 30)))
    );
    assert_eq!(
        parse_date_and_time_in(
            "12 June",
            "9am",
            &ParseContext {
                year_hint: Some(2016)
            }
        ),
        Ok(EventDate::at(d(2016, 6, 12), at(9, 0)))
    );
    let problem = |date, time| parse_date_and_time(date, time).unwrap_err().message;
    assert_eq!(
        problem("June 2015", "14:30"),
        "'June 2015' at '14:30': a time of day needs a full date (day, month and year)."
    );
    assert_eq!(
        problem("12/06/2015 09:00", "14:30"),
        "'12/06/2015 09:00' at '14:30': the date already has a different time (09:00)."
    );
    assert_eq!(
        problem("12/06/2015", "25:00"),
        "'25:00': there is no hour 25: hours go from 00 to 23."
    );
    assert_eq!(
        problem("31/02/2015", "14:30"),
        "'31/02/2015' is not a real date: February 2015 has 28 days."
    );
}

#[test]
fn reads_spreadsheet_date_numbers() {
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    let day = |y, m, dd| Ok(EventDate::day(d(y, m, dd)));
    assert_eq!(from_excel_serial(1.0), day(1900, 1, 1));
    assert_eq!(from_excel_serial(59.0), day(1900, 2, 28));
    assert_eq!(from_excel_serial(61.0), day(1900, 3, 1));
    assert_eq!(from_excel_serial(42167.0), day(2015, 6, 12));
    assert_eq!(from_excel_serial(73050.0), day(2099, 12, 31));
    assert_eq!(
        from_excel_serial(42167.0 + 14.5 / 24.0),
        Ok(EventDate::at(
            d(2015, 6, 12),
            NaiveTime::from_hms_opt(14, 30, 0).unwrap()
        ))
    );
    // A fraction a hair below the next day rounds to its midnight.
    assert_eq!(from_excel_serial(42_167.999_999_9), day(2015, 6, 13));
    let problem = |serial: f64| from_excel_serial(serial).unwrap_err().message;
    assert_eq!(
        problem(60.0),
        "'60' is 29/02/1900 in a spreadsheet: a day that never existed (a known spreadsheet \
         mistake), so it cannot be read as a date."
    );
    assert!(problem(0.5)
        .starts_with("'0.5' is not a spreadsheet date: spreadsheet day numbers start at 1"));
    assert!(problem(-3.0).starts_with("'-3' is not a spreadsheet date"));
    assert_eq!(problem(f64::NAN), "'NaN' is not a spreadsheet date number.");
    assert_eq!(
        problem(80000.0),
        "'80000': the year 2119 is not between 1900 and 2100; please check it."
    );
    assert!(problem(1e300).contains("is not between 1900 and 2100"));

    assert_eq!(
        time_from_excel_serial(0.75),
        Ok(NaiveTime::from_hms_opt(18, 0, 0).unwrap())
    );
    assert_eq!(
        time_from_excel_serial(42167.25),
        Ok(NaiveTime::from_hms_opt(6, 0, 0).unwrap())
    );
    assert!(time_from_excel_serial(-0.25).is_err());
}

// ---------------------------------------------------------------------------------------
// Properties

fn any_day() -> impl Strategy<Value = NaiveDate> {
    let first = NaiveDate::from_ymd_opt(FIRST_YEAR, 1, 1).unwrap();
    let last = NaiveDate::from_ymd_opt(LAST_YEAR, 12, 31).unwrap();
    (0..=(last - first).num_days()).prop_map(move |n| first + chrono::Days::new(n as u64))
}

fn any_minute() -> impl Strategy<Value = NaiveTime> {
    (0u32..24, 0u32..60).prop_map(|(h, m)| NaiveTime::from_hms_opt(h, m, 0).unwrap())
}

/// Every shape of date the reader produces and [`EventDate`]'s display prints.
fn any_event_date() -> impl Strategy<Value = EventDate> {
    let shape = prop_oneof![
        any_day().prop_map(EventDate::day),
        (any_day(), any_minute()).prop_map(|(d, t)| EventDate::at(d, t)),
        (any_day(), any_day()).prop_filter_map("a range has two different ends", |(a, b)| {
            (a != b).then(|| EventDate::span(DatePrecision::Range, a, b))
        }),
        (any_day(), 0u32..3).prop_map(|(d, part)| {
            let (y, m) = (d.year(), d.month());
            let last = crate::dates::last_day_of_month(y, m).unwrap().day();
            let (a, b) = [(1, 10), (11, 20), (21, last)][part as usize];
            EventDate::span(
                DatePrecision::PartOfMonth,
                NaiveDate::from_ymd_opt(y, m, a).unwrap(),
                NaiveDate::from_ymd_opt(y, m, b).unwrap(),
            )
        }),
        any_day().prop_map(|d| EventDate::month(d.year(), d.month()).unwrap()),
        (FIRST_YEAR..LAST_YEAR, 0usize..4).prop_map(|(y, season)| {
            let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
            let (start, end) = [
                (ymd(y, 3, 1), ymd(y, 5, 31)),
                (ymd(y, 6, 1), ymd(y, 8, 31)),
                (ymd(y, 9, 1), ymd(y, 11, 30)),
                (ymd(y, 12, 1), ymd(y + 1, 3, 1).pred_opt().unwrap()),
            ][season];
            EventDate::span(DatePrecision::Season, start, end)
        }),
        (FIRST_YEAR..=LAST_YEAR).prop_map(|y| {
            let ymd = |m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
            EventDate::span(DatePrecision::Year, ymd(1, 1), ymd(12, 31))
        }),
    ];
    (shape, any::<bool>()).prop_map(|(date, approx)| if approx { date.approx() } else { date })
}

/// Ways chronologies write a day, for the fuzz-style property below.
fn written_day() -> impl Strategy<Value = String> {
    (any_day(), 0usize..8, any_minute(), any::<bool>()).prop_map(|(d, form, t, with_time)| {
        let name = month_name(d.month());
        let mut text = match form {
            0 => uk(d),
            1 => d.format("%d-%m-%Y").to_string(),
            2 => d.format("%-d.%-m.%y").to_string(),
            3 => format!("{} {name} {}", d.day(), d.year()),
            4 => format!("{}th {} {}", d.day(), &name[..3], d.year()),
            5 => d.format("%Y-%m-%d").to_string(),
            6 => format!("{} {}", d.format("%A"), uk(d)),
            _ => format!("{name} {}, {}", d.day(), d.year()),
        };
        if with_time {
            text.push_str(&t.format(" %H:%M").to_string());
        }
        text
    })
}

/// Text made of pieces the reader knows, in any order: reaches the corners that random
/// characters rarely do.
fn date_like_text() -> impl Strategy<Value = String> {
    const PIECES: &[&str] = &[
        "12/06",
        "26/06/2015",
        "6.6.15",
        "12 June",
        "June 2015",
        "Jun-15",
        "2015",
        "15",
        "31/02",
        "06/13/2015",
        "1430",
        "14:30",
        "2.30pm",
        "noon",
        "00:00:00",
        "-",
        "/",
        "to",
        "between",
        "and",
        "from",
        "c.",
        "?",
        "w/c",
        "mid",
        "end of",
        "winter",
        "2015/16",
        "Monday",
        "Friday",
        "at",
        "T",
        "th",
        "on or about",
    ];
    proptest::collection::vec((proptest::sample::select(PIECES), any::<bool>()), 1..6).prop_map(
        |pieces| {
            pieces
                .into_iter()
                .map(|(piece, space)| {
                    if space {
                        format!("{piece} ")
                    } else {
                        piece.to_string()
                    }
                })
                .collect()
        },
    )
}

proptest! {
    #[test]
    fn every_real_day_reads_back_from_its_uk_form(d in any_day()) {
        prop_assert_eq!(parse_event_date(&uk(d)), Ok(EventDate::day(d)));
        prop_assert_eq!(parse_event_date(&d.format("%Y-%m-%d").to_string()), Ok(EventDate::day(d)));
        let long = format!("{} {} {} {}", d.format("%A"), d.day(), month_name(d.month()), d.year());
        prop_assert_eq!(parse_event_date(&long), Ok(EventDate::day(d)));
    }

    #[test]
    fn two_digit_years_pivot_at_fifty(d in any_day()) {
        let text = d.format("%d/%m/%y").to_string();
        let read = parse_event_date(&text).unwrap().start;
        prop_assert_eq!(read.year() % 100, d.year() % 100);
        prop_assert!((1950..=2049).contains(&read.year()), "{} read as {}", text, read);
    }

    #[test]
    fn display_reads_back_to_the_same_date(date in any_event_date()) {
        prop_assert_eq!(parse_event_date(&date.to_string()), Ok(date));
    }

    #[test]
    fn whatever_is_read_is_valid_and_prints_back(text in written_day()) {
        let date = parse_event_date(&text).unwrap();
        prop_assert_eq!(date.validate(), Ok(()));
        prop_assert_eq!(parse_event_date(&date.to_string()), Ok(date));
    }

    #[test]
    fn arbitrary_text_never_panics_and_never_gives_an_invalid_date(
        text in "[0-9a-zA-Z /.:,?'-]{0,24}|\\PC{0,16}",
        hint in proptest::option::of(1800i32..2200),
    ) {
        match parse_event_date_in(&text, &ParseContext { year_hint: hint }) {
            Ok(date) => prop_assert_eq!(date.validate(), Ok(())),
            Err(problem) => {
                let quoted = format!("'{}'", text.trim());
                prop_assert!(problem.message.starts_with(&quoted), "{}", problem.message);
            }
        }
        let _ = parse_time(&text);
    }

    #[test]
    fn spreadsheet_numbers_count_days_from_30_december_1899(d in any_day(), t in any_minute()) {
        prop_assume!(d >= NaiveDate::from_ymd_opt(1900, 3, 1).unwrap());
        let days = (d - NaiveDate::from_ymd_opt(1899, 12, 30).unwrap()).num_days() as f64;
        let fraction = f64::from(t.hour() * 60 + t.minute()) / 1440.0;
        let expected = if fraction == 0.0 { EventDate::day(d) } else { EventDate::at(d, t) };
        prop_assert_eq!(from_excel_serial(days + fraction), Ok(expected));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4096))]

    #[test]
    fn date_like_text_never_panics_and_never_gives_an_invalid_date(
        text in date_like_text(),
        hint in proptest::option::of(1990i32..2030),
    ) {
        match parse_event_date_in(&text, &ParseContext { year_hint: hint }) {
            Ok(date) => {
                prop_assert_eq!(date.validate(), Ok(()));
                // Seconds are never written by these pieces, so the display is lossless.
                let again = parse_event_date(&date.to_string());
                prop_assert_eq!(again, Ok(date), "{} printed as {}", text, date);
            }
            Err(problem) => {
                let quoted = format!("'{}'", text.trim());
                prop_assert!(problem.message.starts_with(&quoted), "{}", problem.message);
            }
        }
        let _ = parse_date_and_time(&text, &text);
    }
}
