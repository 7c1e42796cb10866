//! The case file's dates, written the UK way (see the format's description).

use chrono::{NaiveDate, NaiveTime};

use super::*;
use crate::dates::{last_day_of_month, DatePrecision, EventDate};

// ---------------------------------------------------------------------------------------------
// Dates

/// Reads a date in the case file's notation (see the module documentation).
pub fn parse_date(text: &str) -> std::result::Result<EventDate, String> {
    let t = text.trim();
    let (approximate, t) = match t.strip_prefix("c. ") {
        Some(rest) => (true, rest.trim()),
        None => (false, t),
    };
    let date = parse_exact(t)?;
    Ok(if approximate { date.approx() } else { date })
}

pub(super) fn parse_exact(t: &str) -> std::result::Result<EventDate, String> {
    if let Some((a, b)) = t.split_once("..") {
        let (a, b) = (day(a.trim())?, day(b.trim())?);
        if a >= b {
            return Err(format!(
                "the range '{t}' must end after it starts (earlier date first)"
            ));
        }
        return Ok(EventDate::span(DatePrecision::Range, a, b));
    }
    let words: Vec<&str> = t.split_whitespace().collect();
    match words.as_slice() {
        [d, time] if d.contains('/') && time.contains(':') => {
            let time = NaiveTime::parse_from_str(time, "%H:%M")
                .map_err(|_| format!("'{time}' is not a time of day (write it as 14:30)"))?;
            Ok(EventDate::at(day(d)?, time))
        }
        [part @ ("early" | "mid" | "late"), m] => {
            let (year, month) = month_year(m)?;
            let last = last_day_of_month(year, month).ok_or("impossible month")?;
            let (from, to) = match *part {
                "early" => (1, 10),
                "mid" => (11, 20),
                _ => (21, chrono::Datelike::day(&last)),
            };
            Ok(EventDate::span(
                DatePrecision::PartOfMonth,
                ymd(year, month, from)?,
                ymd(year, month, to)?,
            ))
        }
        ["winter", y] => {
            let (first, second) = y
                .split_once('/')
                .ok_or_else(|| format!("write a winter as 'winter 2019/20', not 'winter {y}'"))?;
            let year: i32 = first
                .parse()
                .map_err(|_| format!("'{first}' is not a year"))?;
            if second != format!("{:02}", (year + 1) % 100) {
                return Err(format!(
                    "'winter {y}' should be 'winter {year}/{:02}'",
                    (year + 1) % 100
                ));
            }
            let end = last_day_of_month(year + 1, 2).ok_or("impossible year")?;
            Ok(EventDate::span(
                DatePrecision::Season,
                ymd(year, 12, 1)?,
                end,
            ))
        }
        [season @ ("spring" | "summer" | "autumn"), y] => {
            let year: i32 = y.parse().map_err(|_| format!("'{y}' is not a year"))?;
            let (from, to) = match *season {
                "spring" => (3, 5),
                "summer" => (6, 8),
                _ => (9, 11),
            };
            let end = last_day_of_month(year, to).ok_or("impossible year")?;
            Ok(EventDate::span(
                DatePrecision::Season,
                ymd(year, from, 1)?,
                end,
            ))
        }
        [single] if single.len() == 4 && single.chars().all(|c| c.is_ascii_digit()) => {
            let year: i32 = single.parse().map_err(|_| "not a year".to_string())?;
            Ok(EventDate::span(
                DatePrecision::Year,
                ymd(year, 1, 1)?,
                ymd(year, 12, 31)?,
            ))
        }
        [single] if single.matches('/').count() == 1 => {
            let (year, month) = month_year(single)?;
            EventDate::month(year, month).ok_or_else(|| format!("'{single}' is not a month"))
        }
        [single] => Ok(EventDate::day(day(single)?)),
        _ => Err(format!(
            "'{t}' is not a date this file understands (examples: 12/06/2019, \
             12/06/2019 14:30, early 06/2019, 06/2019, spring 2019, 2019, c. 2019, \
             12/06/2019..15/06/2019)"
        )),
    }
}

pub(super) fn ymd(year: i32, month: u32, day: u32) -> std::result::Result<NaiveDate, String> {
    NaiveDate::from_ymd_opt(year, month, day)
        .ok_or_else(|| format!("{day:02}/{month:02}/{year} is not a real date"))
}

pub(super) fn day(t: &str) -> std::result::Result<NaiveDate, String> {
    let parts: Vec<&str> = t.split('/').collect();
    let bad = || format!("'{t}' is not a date written as dd/mm/yyyy");
    if parts.len() != 3 || parts[2].len() != 4 {
        return Err(bad());
    }
    let n: Vec<u32> = parts
        .iter()
        .map(|p| p.parse::<u32>().map_err(|_| bad()))
        .collect::<std::result::Result<_, _>>()?;
    ymd(n[2] as i32, n[1], n[0])
}

pub(super) fn month_year(t: &str) -> std::result::Result<(i32, u32), String> {
    let bad = || format!("'{t}' is not a month written as mm/yyyy");
    let (m, y) = t.split_once('/').ok_or_else(bad)?;
    let month: u32 = m.parse().map_err(|_| bad())?;
    let year: i32 = y.parse().map_err(|_| bad())?;
    if !(1..=12).contains(&month) || y.len() != 4 {
        return Err(bad());
    }
    Ok((year, month))
}

pub(super) fn plain_day(t: &str, line: usize) -> Parsed<NaiveDate> {
    day(t.trim()).or_else(|m| err(line, m))
}

pub(super) fn optional_day(t: &str, line: usize) -> Parsed<Option<NaiveDate>> {
    match t.trim() {
        "" | "-" => Ok(None),
        d => plain_day(d, line).map(Some),
    }
}

pub(super) fn day_span(t: &str, line: usize) -> Parsed<(NaiveDate, NaiveDate)> {
    let (a, b) = t.split_once("..").ok_or_else(|| CaseError {
        line,
        message: format!("'{t}' is not a span of days (write 01/03/2019..30/04/2019)"),
    })?;
    let (a, b) = (plain_day(a, line)?, plain_day(b, line)?);
    if b < a {
        return err(line, format!("the span '{t}' ends before it starts"));
    }
    Ok((a, b))
}
