//! Points (one date, possibly missing its year or month) and how they become dates and
//! ranges.

use chrono::{Datelike, NaiveDate, Weekday};

use super::*;

// ---------------------------------------------------------------------------------------
// Points: one date, possibly missing its year (or, at the start of a range, its month)

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Part {
    Early,
    Mid,
    Late,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Season {
    Spring,
    Summer,
    Autumn,
    Winter,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Point {
    /// A day; `month` is missing only for a bare day number at the start of a range.
    Day {
        day: u32,
        month: Option<u32>,
        year: Option<i32>,
        weekday: Option<Weekday>,
    },
    Month {
        month: u32,
        year: Option<i32>,
    },
    PartOfMonth {
        part: Part,
        month: u32,
        year: Option<i32>,
    },
    PartOfYear {
        part: Part,
        year: i32,
    },
    Season {
        season: Season,
        year: Option<i32>,
    },
    Year(i32),
}

impl Point {
    pub(super) fn year(self) -> Option<i32> {
        match self {
            Point::Day { year, .. }
            | Point::Month { year, .. }
            | Point::PartOfMonth { year, .. }
            | Point::Season { year, .. } => year,
            Point::PartOfYear { year, .. } | Point::Year(year) => Some(year),
        }
    }

    pub(super) fn with_year(self, y: i32) -> Point {
        match self {
            Point::Day {
                day,
                month,
                weekday,
                ..
            } => Point::Day {
                day,
                month,
                year: Some(y),
                weekday,
            },
            Point::Month { month, .. } => Point::Month {
                month,
                year: Some(y),
            },
            Point::PartOfMonth { part, month, .. } => Point::PartOfMonth {
                part,
                month,
                year: Some(y),
            },
            Point::Season { season, .. } => Point::Season {
                season,
                year: Some(y),
            },
            other => other,
        }
    }
}

/// A reading of the tokens from some index up to `end` (exclusive): a value, or the reason
/// the shape it matched is not a real date (the tail of a sentence quoting the text).
pub(super) type Cand<T> = (usize, Result<T, String>);

/// Every way a single date can be read starting at token `i`, longest first within each
/// shape.
pub(super) fn points(t: Toks, i: usize, allow_weekday: bool) -> Vec<Cand<Point>> {
    let mut out = Vec::new();
    let i = t.skip_word(i, "the");
    if allow_weekday {
        if let Some(weekday) = t.word(i).and_then(weekday_named) {
            let j = t.skip_sym(i + 1, '.');
            for (end, point) in points(t, j, false) {
                match point {
                    Ok(Point::Day {
                        day,
                        month,
                        year,
                        weekday: None,
                    }) => out.push((
                        end,
                        Ok(Point::Day {
                            day,
                            month,
                            year,
                            weekday: Some(weekday),
                        }),
                    )),
                    Err(e) => out.push((end, Err(e))),
                    Ok(_) => {}
                }
            }
            return out;
        }
    }
    numeric_points(t, i, &mut out);
    month_first_points(t, i, &mut out);
    part_points(t, i, &mut out);
    season_points(t, i, &mut out);
    out
}

pub(super) fn is_date_sep(c: Option<char>) -> Option<char> {
    c.filter(|c| matches!(c, '/' | '-' | '.'))
}

/// Dates starting with a number: `12/06/2015`, `12/06`, `06/2015`, `2015-06-12`, `2015-06`,
/// `2015`, `12 June 2015`, `12th of June`, and a bare day number for the start of a range.
pub(super) fn numeric_points(t: Toks, i: usize, out: &mut Vec<Cand<Point>>) {
    let Some((a, a_digits)) = t.num(i) else {
        return;
    };
    if a_digits == 4 {
        if let (Some(sep), Some((m, m_digits))) = (is_date_sep(t.sym(i + 1)), t.num(i + 2)) {
            if m_digits <= 2 {
                if let (true, Some((d, d_digits))) = (t.sym(i + 3) == Some(sep), t.num(i + 4)) {
                    if d_digits <= 2 {
                        out.push((i + 5, day_point(d, m, Some(a as i32), false)));
                    }
                }
                out.push((i + 3, month_point(m, Some(a as i32))));
            }
        }
        out.push((i + 1, Ok(Point::Year(a as i32))));
        return;
    }
    if a_digits > 2 {
        return;
    }
    if let (Some(sep), Some((b, b_digits))) = (is_date_sep(t.sym(i + 1)), t.num(i + 2)) {
        if b_digits <= 2 {
            if let (true, Some((y, y_digits))) = (t.sym(i + 3) == Some(sep), t.num(i + 4)) {
                if y_digits <= 4 {
                    let year = written_year(y, y_digits);
                    out.push((i + 5, day_point(a, b, Some(year), true)));
                }
            }
            // "26-30 June" is a range, not the 30th month: a dash only makes a year-less
            // day and month when the second number can be a month.
            if sep != '-' || b <= 12 {
                out.push((i + 3, day_point(a, b, None, true)));
            }
        } else if b_digits == 4 {
            out.push((i + 3, month_point(a, Some(b as i32))));
        }
    }
    // 12 June 2015, 12th of June, 12-Jun-15, 12 Jun. 2015
    let mut j = i + 1;
    if t.word(j).is_some_and(is_ordinal) {
        j += 1;
    }
    let after_day = j;
    if is_date_sep(t.sym(j)).is_some() {
        j += 1;
    }
    j = t.skip_word(j, "of");
    if let Some(month) = t.word(j).and_then(month_named) {
        let after_month = t.skip_sym(j + 1, '.');
        let mut k = after_month;
        if matches!(t.sym(k), Some('-' | '/' | '.' | '\'')) {
            k += 1;
        }
        if let Some((y, y_digits @ (2 | 4))) = t.num(k) {
            let year = written_year(y, y_digits);
            out.push((k + 1, day_point(a, month, Some(year), false)));
        }
        out.push((after_month, day_point(a, month, None, false)));
    }
    if (1..=31).contains(&a) {
        out.push((
            after_day,
            Ok(Point::Day {
                day: a,
                month: None,
                year: None,
                weekday: None,
            }),
        ));
    }
}

/// Dates starting with a month name: `June 2015`, `Jun-15`, `June '15`, `June 12 2015`,
/// `June 12th`, `June`.
pub(super) fn month_first_points(t: Toks, i: usize, out: &mut Vec<Cand<Point>>) {
    let Some(month) = t.word(i).and_then(month_named) else {
        return;
    };
    let j = t.skip_sym(i + 1, '.');
    let sep = t.sym(j).filter(|c| matches!(c, '-' | '/' | '\''));
    let k = if sep.is_some() { j + 1 } else { j };
    if let Some((n, digits)) = t.num(k) {
        if digits == 4 {
            out.push((k + 1, month_point(month, Some(n as i32))));
        } else if digits <= 2 && sep.is_some() {
            out.push((k + 1, month_point(month, Some(written_year(n, digits)))));
        } else if digits <= 2 {
            let mut e = k + 1;
            let ordinal = t.word(e).is_some_and(is_ordinal);
            if ordinal {
                e += 1;
            }
            if let Some((y, 4)) = t.num(e) {
                out.push((e + 1, day_point(n, month, Some(y as i32), false)));
            }
            if ordinal {
                out.push((e, day_point(n, month, None, false)));
            } else if n > 31 {
                out.push((k + 1, month_point(month, Some(written_year(n, digits)))));
            } else {
                let name = month_name(month);
                out.push((
                    k + 1,
                    Err(format!(
                        " could mean {n} {name} or {name} {}: please write the year in full.",
                        written_year(n, 2)
                    )),
                ));
            }
        }
    }
    out.push((j, month_point(month, None)));
}

/// `early June 2015`, `mid-July`, `end of November`, `late 2015`.
pub(super) fn part_points(t: Toks, i: usize, out: &mut Vec<Cand<Point>>) {
    let part = match t.word(i) {
        Some("early" | "beginning" | "start") => Part::Early,
        Some("mid" | "middle") => Part::Mid,
        Some("late" | "end") => Part::Late,
        _ => return,
    };
    let j = t.skip_word(t.skip_sym(i + 1, '-'), "of");
    for (end, point) in points(t, j, false) {
        match point {
            Ok(Point::Month { month, year }) => {
                out.push((end, Ok(Point::PartOfMonth { part, month, year })))
            }
            Ok(Point::Year(year)) => out.push((end, Ok(Point::PartOfYear { part, year }))),
            Err(e) => out.push((end, Err(e))),
            Ok(_) => {}
        }
    }
}

/// `spring 2015`, `summer of 2015`, `winter 2015/16`, `autumn`.
pub(super) fn season_points(t: Toks, i: usize, out: &mut Vec<Cand<Point>>) {
    let season = match t.word(i) {
        Some("spring") => Season::Spring,
        Some("summer") => Season::Summer,
        Some("autumn" | "fall") => Season::Autumn,
        Some("winter") => Season::Winter,
        _ => return,
    };
    let j = t.skip_word(i + 1, "of");
    if let Some((y, 4)) = t.num(j) {
        let year = y as i32;
        if season == Season::Winter && matches!(t.sym(j + 1), Some('/' | '-')) {
            if let Some((next, digits @ (2 | 4))) = t.num(j + 2) {
                let follows = if digits == 4 {
                    next as i32 == year + 1
                } else {
                    next as i32 == (year + 1) % 100
                };
                out.push((
                    j + 3,
                    if follows {
                        Ok(Point::Season {
                            season,
                            year: Some(year),
                        })
                    } else {
                        Err(
                            ": a winter runs from December into the next year, so it is \
                             written like 'winter 2015/16'."
                                .into(),
                        )
                    },
                ));
            }
        }
        out.push((
            j + 1,
            Ok(Point::Season {
                season,
                year: Some(year),
            }),
        ));
    }
    out.push((j, Ok(Point::Season { season, year: None })));
}

pub(super) fn no_month(month: u32) -> String {
    format!(": there is no month {month}.")
}

pub(super) fn month_point(month: u32, year: Option<i32>) -> Result<Point, String> {
    if (1..=12).contains(&month) {
        Ok(Point::Month { month, year })
    } else {
        Err(no_month(month))
    }
}

/// A day and month; for numbers written day first, an impossible month explains the
/// day-first rule and suggests the swapped date when that one is real.
pub(super) fn day_point(
    day: u32,
    month: u32,
    year: Option<i32>,
    numeric: bool,
) -> Result<Point, String> {
    if (1..=12).contains(&month) {
        return Ok(Point::Day {
            day,
            month: Some(month),
            year,
            weekday: None,
        });
    }
    if month == 0 || !numeric {
        return Err(no_month(month));
    }
    let swapped_is_real = (1..=12).contains(&day)
        && last_day_of_month(year.unwrap_or(2000), day).is_some_and(|last| month <= last.day());
    let mut message = format!(": there is no month {month}. Dates are read day first (dd/mm/yyyy)");
    if swapped_is_real {
        let suggestion = match year {
            Some(y) => format!("{month:02}/{day:02}/{y}"),
            None => format!("{month:02}/{day:02}"),
        };
        message.push_str(&format!(" — did you mean {suggestion}?"));
    } else {
        message.push('.');
    }
    Err(message)
}

// ---------------------------------------------------------------------------------------
// From points to dates

pub(super) const MISSING_YEAR: &str = " does not say which year: please add the year.";
pub(super) const NEEDS_FULL_DATE: &str = ": a time of day needs a full date (day, month and year).";
pub(super) const BARE_DAY: &str =
    " is not a date: a day number on its own needs a month and a year.";

pub(super) fn year_outside(year: i32) -> String {
    format!(": the year {year} is not between {FIRST_YEAR} and {LAST_YEAR}; please check it.")
}

pub(super) fn check_year(year: i32) -> Result<i32, String> {
    if (FIRST_YEAR..=LAST_YEAR).contains(&year) {
        Ok(year)
    } else {
        Err(year_outside(year))
    }
}

pub(super) fn ymd(year: i32, month: u32, day: u32) -> Result<NaiveDate, String> {
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| no_month(month))
}

pub(super) fn last_of(year: i32, month: u32) -> Result<NaiveDate, String> {
    last_day_of_month(year, month).ok_or_else(|| no_month(month))
}

/// Turns a point into the span of days it names, taking a missing year from `hint`.
pub(super) fn resolve(point: Point, hint: Option<i32>) -> Result<EventDate, String> {
    let year_of = |year: Option<i32>| check_year(year.or(hint).ok_or(MISSING_YEAR)?);
    match point {
        Point::Day { month: None, .. } => Err(BARE_DAY.into()),
        Point::Day {
            day,
            month: Some(month),
            year,
            weekday,
        } => {
            let year = year_of(year)?;
            let last = last_of(year, month)?.day();
            if day == 0 {
                return Err(" is not a real date: there is no day 0.".into());
            }
            if day > last {
                return Err(format!(
                    " is not a real date: {} {year} has {last} days.",
                    month_name(month)
                ));
            }
            let date = ymd(year, month, day)?;
            match weekday {
                Some(w) if w != date.weekday() => Err(format!(
                    ": {day} {} {year} was a {}, not a {}.",
                    month_name(month),
                    weekday_name(date.weekday()),
                    weekday_name(w)
                )),
                _ => Ok(EventDate::day(date)),
            }
        }
        Point::Month { month, year } => {
            let year = year_of(year)?;
            EventDate::month(year, month).ok_or_else(|| no_month(month))
        }
        Point::PartOfMonth { part, month, year } => {
            let year = year_of(year)?;
            let (first, last) = match part {
                Part::Early => (1, 10),
                Part::Mid => (11, 20),
                Part::Late => (21, last_of(year, month)?.day()),
            };
            Ok(EventDate::span(
                DatePrecision::PartOfMonth,
                ymd(year, month, first)?,
                ymd(year, month, last)?,
            ))
        }
        Point::PartOfYear { part, year } => {
            let year = check_year(year)?;
            let (first, last) = match part {
                Part::Early => (1, 4),
                Part::Mid => (5, 8),
                Part::Late => (9, 12),
            };
            Ok(EventDate::span(
                DatePrecision::Range,
                ymd(year, first, 1)?,
                last_of(year, last)?,
            ))
        }
        Point::Season { season, year } => {
            let year = year_of(year)?;
            let (start, end) = match season {
                Season::Spring => (ymd(year, 3, 1)?, last_of(year, 5)?),
                Season::Summer => (ymd(year, 6, 1)?, last_of(year, 8)?),
                Season::Autumn => (ymd(year, 9, 1)?, last_of(year, 11)?),
                Season::Winter => (ymd(year, 12, 1)?, last_of(year + 1, 2)?),
            };
            Ok(EventDate::span(DatePrecision::Season, start, end))
        }
        Point::Year(year) => {
            let year = check_year(year)?;
            Ok(EventDate::span(
                DatePrecision::Year,
                ymd(year, 1, 1)?,
                ymd(year, 12, 31)?,
            ))
        }
    }
}

/// The two ends of a range; the first may leave out what the second says.
pub(super) fn resolve_range(
    left: Result<Point, String>,
    right: Result<Point, String>,
    hint: Option<i32>,
) -> Result<EventDate, String> {
    let (left, right) = (left?, right?);
    let last = resolve(right, hint)?;
    let right_year = last.start.year();
    let first = match (left, right) {
        (
            Point::Day {
                day,
                month: None,
                weekday,
                ..
            },
            Point::Day { month, .. },
        ) => resolve(
            Point::Day {
                day,
                month,
                year: Some(right_year),
                weekday,
            },
            None,
        )?,
        (Point::Day { month: None, .. }, _) => return Err(BARE_DAY.into()),
        (left, _) if left.year().is_none() => {
            let same_year = resolve(left.with_year(right_year), None)?;
            let year_before = resolve(left.with_year(right_year - 1), None);
            match year_before {
                Ok(before)
                    if same_year.start > last.end
                        && (last.end - before.start).num_days() <= 183 =>
                {
                    before
                }
                _ => same_year,
            }
        }
        (left, _) => resolve(left, hint)?,
    };
    if first.start > last.end {
        return Err(": the range ends before it starts.".into());
    }
    if first == last {
        return Ok(first);
    }
    Ok(EventDate::span(DatePrecision::Range, first.start, last.end))
}
