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

use chrono::{Datelike, NaiveDate, NaiveTime, Weekday};

use super::{last_day_of_month, month_name, DatePrecision, EventDate};

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
// Tokens

/// One piece of the text: a run of digits, a run of letters (lowercased) or a symbol.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Tok {
    Num { value: u32, digits: usize },
    Word(String),
    Sym(char),
}

#[derive(Clone, Debug)]
struct Token {
    tok: Tok,
    /// Byte offset of the token in the text, to quote what could not be read.
    at: usize,
}

fn trim_trailing_stops(text: &str) -> &str {
    text.trim_end_matches(|c: char| c == '.' || c == ',' || c.is_whitespace())
}

/// Cuts the text into tokens. Spaces, commas and brackets only separate; dashes of every
/// kind become `-` and quotes become `'`.
fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let tok = if c.is_ascii_digit() {
            let mut value = u64::from(c as u8 - b'0');
            let mut digits = 1;
            while let Some(&(_, d)) = chars.peek() {
                if !d.is_ascii_digit() {
                    break;
                }
                value = (value * 10 + u64::from(d as u8 - b'0')).min(u64::from(u32::MAX));
                digits += 1;
                chars.next();
            }
            Tok::Num {
                value: value as u32,
                digits,
            }
        } else if c.is_alphabetic() {
            let mut word: String = c.to_lowercase().collect();
            while let Some(&(_, d)) = chars.peek() {
                if !d.is_alphabetic() {
                    break;
                }
                word.extend(d.to_lowercase());
                chars.next();
            }
            Tok::Word(word)
        } else if c.is_whitespace() || matches!(c, ',' | '(' | ')' | '[' | ']') {
            continue;
        } else {
            match c {
                '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' => Tok::Sym('-'),
                '\u{2018}' | '\u{2019}' | '`' => Tok::Sym('\''),
                '&' => Tok::Word("and".into()),
                '@' => Tok::Word("at".into()),
                other => Tok::Sym(other),
            }
        };
        out.push(Token { tok, at });
    }
    out
}

/// A view of the tokens with small accessors; out-of-range indexes read as nothing.
#[derive(Clone, Copy)]
struct Toks<'a>(&'a [Token]);

impl<'a> Toks<'a> {
    fn len(self) -> usize {
        self.0.len()
    }

    fn word(self, i: usize) -> Option<&'a str> {
        match &self.0.get(i)?.tok {
            Tok::Word(w) => Some(w),
            _ => None,
        }
    }

    fn num(self, i: usize) -> Option<(u32, usize)> {
        match self.0.get(i)?.tok {
            Tok::Num { value, digits } => Some((value, digits)),
            _ => None,
        }
    }

    fn sym(self, i: usize) -> Option<char> {
        match self.0.get(i)?.tok {
            Tok::Sym(c) => Some(c),
            _ => None,
        }
    }

    /// Index after an optional symbol `c` at `i`.
    fn skip_sym(self, i: usize, c: char) -> usize {
        if self.sym(i) == Some(c) {
            i + 1
        } else {
            i
        }
    }

    /// Index after an optional word `w` at `i`.
    fn skip_word(self, i: usize, w: &str) -> usize {
        if self.word(i) == Some(w) {
            i + 1
        } else {
            i
        }
    }
}

const APPROXIMATE_WORDS: &[&str] = &[
    "c",
    "ca",
    "circa",
    "approx",
    "approximately",
    "approximate",
    "around",
    "about",
    "abt",
    "roughly",
    "est",
    "estimated",
    "possibly",
];

/// Peels approximate markers and filler words off both ends of the tokens; returns the
/// remaining window and whether the date was marked approximate.
fn strip_markers(tokens: &[Token]) -> (usize, usize, bool) {
    let t = Toks(tokens);
    let (mut lo, mut hi, mut approximate) = (0, tokens.len(), false);
    loop {
        let before = (lo, hi);
        match t.word(lo) {
            Some(w) if APPROXIMATE_WORDS.contains(&w) => {
                lo = t.skip_sym(lo + 1, '.');
                approximate = true;
            }
            Some("on")
                if t.word(lo + 1) == Some("or")
                    && matches!(t.word(lo + 2), Some("about" | "around")) =>
            {
                lo += 3;
                approximate = true;
            }
            Some("on" | "in" | "during" | "sometime") => lo += 1,
            _ => {}
        }
        if matches!(t.sym(lo), Some('?' | '~')) {
            lo += 1;
            approximate = true;
        }
        if hi > lo {
            match (t.sym(hi - 1), t.word(hi - 1)) {
                (Some('?'), _) => {
                    hi -= 1;
                    approximate = true;
                }
                (Some('.'), _) => hi -= 1,
                (_, Some("approx" | "approximately" | "est" | "estimated")) => {
                    hi -= 1;
                    approximate = true;
                }
                _ => {}
            }
        }
        if (lo, hi) == before || lo >= hi {
            return (lo.min(hi), hi, approximate);
        }
    }
}

// ---------------------------------------------------------------------------------------
// Vocabulary

fn month_named(word: &str) -> Option<u32> {
    Some(match word {
        "january" | "jan" => 1,
        "february" | "feb" | "febuary" => 2,
        "march" | "mar" => 3,
        "april" | "apr" => 4,
        "may" => 5,
        "june" | "jun" => 6,
        "july" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sep" | "sept" => 9,
        "october" | "oct" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    })
}

fn weekday_named(word: &str) -> Option<Weekday> {
    Some(match word {
        "monday" | "mon" => Weekday::Mon,
        "tuesday" | "tue" | "tues" => Weekday::Tue,
        "wednesday" | "wed" | "weds" => Weekday::Wed,
        "thursday" | "thu" | "thur" | "thurs" => Weekday::Thu,
        "friday" | "fri" => Weekday::Fri,
        "saturday" | "sat" => Weekday::Sat,
        "sunday" | "sun" => Weekday::Sun,
        _ => return None,
    })
}

fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

fn is_ordinal(word: &str) -> bool {
    matches!(word, "st" | "nd" | "rd" | "th")
}

/// A year as written: two digits pivot at 50 (`49` is 2049, `50` is 1950); other lengths
/// are taken as written and left for the year check to refuse.
fn written_year(value: u32, digits: usize) -> i32 {
    let value = value as i32;
    match digits {
        2 if value < 50 => 2000 + value,
        2 => 1900 + value,
        _ => value,
    }
}

// ---------------------------------------------------------------------------------------
// Points: one date, possibly missing its year (or, at the start of a range, its month)

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    Early,
    Mid,
    Late,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Season {
    Spring,
    Summer,
    Autumn,
    Winter,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Point {
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
    fn year(self) -> Option<i32> {
        match self {
            Point::Day { year, .. }
            | Point::Month { year, .. }
            | Point::PartOfMonth { year, .. }
            | Point::Season { year, .. } => year,
            Point::PartOfYear { year, .. } | Point::Year(year) => Some(year),
        }
    }

    fn with_year(self, y: i32) -> Point {
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
type Cand<T> = (usize, Result<T, String>);

/// Every way a single date can be read starting at token `i`, longest first within each
/// shape.
fn points(t: Toks, i: usize, allow_weekday: bool) -> Vec<Cand<Point>> {
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

fn is_date_sep(c: Option<char>) -> Option<char> {
    c.filter(|c| matches!(c, '/' | '-' | '.'))
}

/// Dates starting with a number: `12/06/2015`, `12/06`, `06/2015`, `2015-06-12`, `2015-06`,
/// `2015`, `12 June 2015`, `12th of June`, and a bare day number for the start of a range.
fn numeric_points(t: Toks, i: usize, out: &mut Vec<Cand<Point>>) {
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
fn month_first_points(t: Toks, i: usize, out: &mut Vec<Cand<Point>>) {
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
fn part_points(t: Toks, i: usize, out: &mut Vec<Cand<Point>>) {
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
fn season_points(t: Toks, i: usize, out: &mut Vec<Cand<Point>>) {
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

fn no_month(month: u32) -> String {
    format!(": there is no month {month}.")
}

fn month_point(month: u32, year: Option<i32>) -> Result<Point, String> {
    if (1..=12).contains(&month) {
        Ok(Point::Month { month, year })
    } else {
        Err(no_month(month))
    }
}

/// A day and month; for numbers written day first, an impossible month explains the
/// day-first rule and suggests the swapped date when that one is real.
fn day_point(day: u32, month: u32, year: Option<i32>, numeric: bool) -> Result<Point, String> {
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

const MISSING_YEAR: &str = " does not say which year: please add the year.";
const NEEDS_FULL_DATE: &str = ": a time of day needs a full date (day, month and year).";
const BARE_DAY: &str = " is not a date: a day number on its own needs a month and a year.";

fn year_outside(year: i32) -> String {
    format!(": the year {year} is not between {FIRST_YEAR} and {LAST_YEAR}; please check it.")
}

fn check_year(year: i32) -> Result<i32, String> {
    if (FIRST_YEAR..=LAST_YEAR).contains(&year) {
        Ok(year)
    } else {
        Err(year_outside(year))
    }
}

fn ymd(year: i32, month: u32, day: u32) -> Result<NaiveDate, String> {
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| no_month(month))
}

fn last_of(year: i32, month: u32) -> Result<NaiveDate, String> {
    last_day_of_month(year, month).ok_or_else(|| no_month(month))
}

/// Turns a point into the span of days it names, taking a missing year from `hint`.
fn resolve(point: Point, hint: Option<i32>) -> Result<EventDate, String> {
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
fn resolve_range(
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

// ---------------------------------------------------------------------------------------
// Times

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Clock {
    time: NaiveTime,
    /// Whether seconds were written (`00:00:00` is how exports write a plain date).
    seconds: bool,
}

/// A reading of a time of day; `bare` is set for a plain `1430`, which is only believed
/// after a date whose year is written.
struct TimeCand {
    end: usize,
    bare: bool,
    clock: Result<Clock, String>,
}

fn am_pm(t: Toks, i: usize) -> (Option<bool>, usize) {
    match t.word(i) {
        Some("am") => (Some(false), i + 1),
        Some("pm") => (Some(true), i + 1),
        Some(w @ ("a" | "p")) => {
            let j = t.skip_sym(i + 1, '.');
            if t.word(j) == Some("m") {
                (Some(w == "p"), t.skip_sym(j + 1, '.'))
            } else {
                (None, i)
            }
        }
        _ => (None, i),
    }
}

fn hours_word(t: Toks, i: usize) -> Option<usize> {
    matches!(t.word(i), Some("hrs" | "hr" | "h" | "hours")).then(|| t.skip_sym(i + 1, '.'))
}

fn clock(hour: u32, minute: u32, second: Option<u32>, pm: Option<bool>) -> Result<Clock, String> {
    let hour = match (hour, pm) {
        (h, None) => h,
        (12, Some(false)) | (0, Some(false)) => 0,
        (h @ 1..=11, Some(false)) => h,
        (h @ 1..=11, Some(true)) => h + 12,
        // "14:30pm" is unambiguous, so it is allowed.
        (h @ 12..=23, Some(true)) => h,
        (h, Some(pm)) => {
            return Err(format!(
                ": {h}{} is not a time: with am or pm the hour goes from 1 to 12.",
                if pm { "pm" } else { "am" }
            ))
        }
    };
    if hour == 24 {
        return Err(
            ": there is no hour 24: midnight is written 00:00 (the start of the day).".into(),
        );
    }
    if hour > 23 {
        return Err(format!(
            ": there is no hour {hour}: hours go from 00 to 23."
        ));
    }
    if minute > 59 {
        return Err(format!(
            ": there is no minute {minute}: minutes go from 00 to 59."
        ));
    }
    if let Some(s) = second.filter(|s| *s > 59) {
        return Err(format!(
            ": there is no second {s}: seconds go from 00 to 59."
        ));
    }
    let time = NaiveTime::from_hms_opt(hour, minute, second.unwrap_or(0))
        .ok_or_else(|| ": that is not a time of day.".to_string())?;
    Ok(Clock {
        time,
        seconds: second.is_some(),
    })
}

/// Every way a time of day can be read starting at token `i`.
fn times(t: Toks, i: usize) -> Vec<TimeCand> {
    let mut out = Vec::new();
    let mut push = |end, bare, clock| out.push(TimeCand { end, bare, clock });
    match t.word(i) {
        Some("noon" | "midday") => push(i + 1, false, clock(12, 0, None, None)),
        Some("midnight") => push(i + 1, false, clock(0, 0, None, None)),
        _ => {}
    }
    let Some((h, digits)) = t.num(i) else {
        return out;
    };
    if digits <= 2 {
        match t.word(i + 1) {
            Some("noon" | "midday") if h == 12 => push(i + 2, false, clock(12, 0, None, None)),
            Some("midnight") if h == 12 => push(i + 2, false, clock(0, 0, None, None)),
            _ => {}
        }
        if let (Some(sep @ (':' | '.')), Some((m, 2))) = (t.sym(i + 1), t.num(i + 2)) {
            let mut j = i + 3;
            let mut second = None;
            if let (true, Some((s, 2))) = (t.sym(j) == Some(sep), t.num(j + 1)) {
                second = Some(s);
                j += 2;
            }
            let (pm, j) = am_pm(t, j);
            let j = hours_word(t, j).unwrap_or(j);
            push(j, false, clock(h, m, second, pm));
        }
        let (pm, j) = am_pm(t, i + 1);
        if pm.is_some() {
            push(hours_word(t, j).unwrap_or(j), false, clock(h, 0, None, pm));
        } else if let Some(j) = hours_word(t, i + 1) {
            push(j, false, clock(h, 0, None, None));
        }
    } else if digits <= 4 {
        let (pm, j) = am_pm(t, i + 1);
        if pm.is_some() {
            push(j, false, clock(h / 100, h % 100, None, pm));
        } else if let Some(j) = hours_word(t, i + 1) {
            push(j, false, clock(h / 100, h % 100, None, None));
        } else {
            push(i + 1, true, clock(h / 100, h % 100, None, None));
        }
    }
    out
}

/// A date read from a point, with a time of day.
fn with_time(
    point: &Result<Point, String>,
    clock: &Result<Clock, String>,
    hint: Option<i32>,
) -> Result<EventDate, String> {
    let day = resolve(point.clone()?, hint)?;
    let clock = clock.clone()?;
    if day.precision != DatePrecision::Day {
        return Err(NEEDS_FULL_DATE.into());
    }
    if clock.seconds && clock.time == NaiveTime::MIN {
        return Ok(day);
    }
    Ok(EventDate::at(day.start, clock.time))
}

/// Reads a Time column's cell: a time, perhaps marked approximate.
fn read_time_cell(text: &str) -> Result<(Clock, bool), DateProblem> {
    let shown = text.trim();
    if shown.is_empty() {
        return Err(DateProblem::about(
            shown,
            " is empty: there is no time to read.",
        ));
    }
    let tokens = tokenize(trim_trailing_stops(shown));
    let (lo, hi, approximate) = strip_markers(&tokens);
    let t = Toks(&tokens[lo..hi]);
    let start = t.skip_word(0, "at");
    let mut first_problem = None;
    for cand in times(t, start) {
        if cand.end != t.len() {
            continue;
        }
        match cand.clock {
            Ok(clock) => return Ok((clock, approximate)),
            Err(tail) => {
                first_problem.get_or_insert(tail);
            }
        }
    }
    let tail = first_problem.unwrap_or_else(|| {
        " is not a time of day. Times are read like 14:30, 14.30, 2.30pm, 1430hrs, noon or \
         midnight."
            .into()
    });
    Err(DateProblem::about(shown, &tail))
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
