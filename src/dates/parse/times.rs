//! Times of day, as chronologies write them (`14:30`, `2.30pm`, `1430hrs`, `noon`).

use chrono::NaiveTime;

use super::*;

// ---------------------------------------------------------------------------------------
// Times

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Clock {
    pub(super) time: NaiveTime,
    /// Whether seconds were written (`00:00:00` is how exports write a plain date).
    pub(super) seconds: bool,
}

/// A reading of a time of day; `bare` is set for a plain `1430`, which is only believed
/// after a date whose year is written.
pub(super) struct TimeCand {
    pub(super) end: usize,
    pub(super) bare: bool,
    pub(super) clock: Result<Clock, String>,
}

pub(super) fn am_pm(t: Toks, i: usize) -> (Option<bool>, usize) {
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

pub(super) fn hours_word(t: Toks, i: usize) -> Option<usize> {
    matches!(t.word(i), Some("hrs" | "hr" | "h" | "hours")).then(|| t.skip_sym(i + 1, '.'))
}

pub(super) fn clock(
    hour: u32,
    minute: u32,
    second: Option<u32>,
    pm: Option<bool>,
) -> Result<Clock, String> {
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
pub(super) fn times(t: Toks, i: usize) -> Vec<TimeCand> {
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
pub(super) fn with_time(
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
pub(super) fn read_time_cell(text: &str) -> Result<(Clock, bool), DateProblem> {
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
