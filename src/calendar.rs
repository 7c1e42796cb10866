//! Working days in England and Wales: weekends and bank holidays (computed for any year,
//! with substitute days) excluded. Protocol timescales are counted with it.
//!
//! Bank holidays are computed from the rules, not read from a list, so any year works:
//! New Year's Day, Good Friday, Easter Monday (Easter by the anonymous Gregorian
//! algorithm), the Early May bank holiday (first Monday of May), the Spring bank holiday
//! (last Monday of May), the Summer bank holiday (last Monday of August), Christmas Day and
//! Boxing Day, with substitute days when one falls at a weekend, plus the one-off moves and
//! extra days proclaimed since 1977 (jubilees, royal weddings, the millennium, VE day
//! anniversaries, the 2022 state funeral, the 2023 coronation).
//!
//! Before 1978 the rules are an approximation: the Early May bank holiday starts in 1978 and
//! New Year's Day in 1974; before 1965 the spring and summer holidays are taken as Whit
//! Monday and the first Monday of August; other changes before 1978 (including any move of
//! the 1977 spring holiday around the Silver Jubilee day, which is included) may be missing.
//!
//! Everything here is a pure function of its arguments: no clock is read. Holidays for
//! 1900-2199 are computed once into a sorted table, so the checks and counts used when
//! analysing thousands of entries are a weekday sum and a binary search.

use std::sync::OnceLock;

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// A bank holiday in England and Wales.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct BankHoliday {
    /// The day off.
    pub date: NaiveDate,
    /// Its name, as gov.uk gives it: "Spring bank holiday", "Boxing Day".
    pub name: &'static str,
    /// Whether it is a substitute day, given because the holiday itself fell at a weekend.
    pub substitute: bool,
}

impl std::fmt::Display for BankHoliday {
    /// The name, with "(substitute day)" after a substitute day.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)?;
        if self.substitute {
            f.write_str(" (substitute day)")?;
        }
        Ok(())
    }
}

/// Easter Sunday of a year, by the anonymous Gregorian algorithm (Meeus/Jones/Butcher), or
/// `None` for a year outside the calendar chrono supports.
pub fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let y = i64::from(year);
    let a = y.rem_euclid(19);
    let b = y.div_euclid(100);
    let c = y.rem_euclid(100);
    let d = b.div_euclid(4);
    let e = b.rem_euclid(4);
    let f = (b + 8).div_euclid(25);
    let g = (b - f + 1).div_euclid(3);
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c.div_euclid(4);
    let k = c.rem_euclid(4);
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l).div_euclid(451);
    let month = (h + l - 7 * m + 114).div_euclid(31);
    let day = (h + l - 7 * m + 114).rem_euclid(31) + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32)
}

/// Extra days and moved holidays proclaimed for one year only.
const ONE_OFF: &[(i32, u32, u32, &str)] = &[
    (1977, 6, 7, "Silver Jubilee of Elizabeth II"),
    (1981, 7, 29, "Royal wedding"),
    (1999, 12, 31, "Millennium celebrations"),
    (2002, 6, 3, "Golden Jubilee"),
    (2011, 4, 29, "Royal wedding"),
    (2012, 6, 5, "Queen's Diamond Jubilee"),
    (2022, 6, 3, "Platinum Jubilee bank holiday"),
    (
        2022,
        9,
        19,
        "Bank holiday for the State Funeral of Queen Elizabeth II",
    ),
    (
        2023,
        5,
        8,
        "Bank holiday for the coronation of King Charles III",
    ),
];

/// The England and Wales bank holidays of `year`, in date order (see the module
/// documentation for the rules and their history).
pub fn bank_holidays(year: i32) -> Vec<BankHoliday> {
    let mut out = Vec::with_capacity(10);
    let date = |month, day| NaiveDate::from_ymd_opt(year, month, day);
    let mut add = |date: Option<NaiveDate>, name, substitute| {
        if let Some(date) = date {
            out.push(BankHoliday {
                date,
                name,
                substitute,
            });
        }
    };

    if year >= 1974 {
        let day = match date(1, 1).map(|d| d.weekday()) {
            Some(Weekday::Sat) => 3,
            Some(Weekday::Sun) => 2,
            _ => 1,
        };
        add(date(1, day), "New Year's Day", day != 1);
    }
    if let Some(easter) = easter_sunday(year) {
        add(easter.checked_sub_days(Days::new(2)), "Good Friday", false);
        add(
            easter.checked_add_days(Days::new(1)),
            "Easter Monday",
            false,
        );
        if year < 1965 {
            add(easter.checked_add_days(Days::new(50)), "Whit Monday", false);
        }
    }
    if year >= 1978 {
        match year {
            1995 | 2020 => add(date(5, 8), "Early May bank holiday (VE day)", false),
            _ => add(first_monday(year, 5), "Early May bank holiday", false),
        }
    }
    if year >= 1965 {
        let spring = match year {
            2002 | 2012 => date(6, 4),
            2022 => date(6, 2),
            _ => last_monday(year, 5),
        };
        add(spring, "Spring bank holiday", false);
        add(last_monday(year, 8), "Summer bank holiday", false);
    } else {
        add(first_monday(year, 8), "August bank holiday", false);
    }
    match date(12, 25).map(|d| d.weekday()) {
        Some(Weekday::Fri) => {
            add(date(12, 25), "Christmas Day", false);
            add(date(12, 28), "Boxing Day", true);
        }
        Some(Weekday::Sat) => {
            add(date(12, 27), "Christmas Day", true);
            add(date(12, 28), "Boxing Day", true);
        }
        Some(Weekday::Sun) => {
            add(date(12, 26), "Boxing Day", false);
            add(date(12, 27), "Christmas Day", true);
        }
        Some(_) => {
            add(date(12, 25), "Christmas Day", false);
            add(date(12, 26), "Boxing Day", false);
        }
        None => {}
    }
    for &(y, month, day, name) in ONE_OFF {
        if y == year {
            add(date(month, day), name, false);
        }
    }
    out.sort_by_key(|h| h.date);
    out
}

fn first_monday(year: i32, month: u32) -> Option<NaiveDate> {
    NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Mon, 1)
}

fn last_monday(year: i32, month: u32) -> Option<NaiveDate> {
    let last = crate::dates::last_day_of_month(year, month)?;
    let back = last.weekday().num_days_from_monday();
    last.checked_sub_days(Days::new(u64::from(back)))
}

/// The bank holiday on `date`, if there is one.
pub fn bank_holiday_on(date: NaiveDate) -> Option<BankHoliday> {
    if !is_bank_holiday(date) {
        return None;
    }
    bank_holidays(date.year())
        .into_iter()
        .find(|h| h.date == date)
}

/// Whether `date` is a bank holiday in England and Wales.
pub fn is_bank_holiday(date: NaiveDate) -> bool {
    match table_index(date) {
        Some(day) => table().binary_search(&day).is_ok(),
        None => bank_holidays(date.year()).iter().any(|h| h.date == date),
    }
}

/// Whether `date` is a working day: Monday to Friday and not a bank holiday.
pub fn is_working_day(date: NaiveDate) -> bool {
    !is_weekend(date) && !is_bank_holiday(date)
}

/// The first working day after `date` (not `date` itself).
pub fn next_working_day(date: NaiveDate) -> NaiveDate {
    add_working_days(date, 1)
}

/// The `n`th working day after `start`: with `n = 1` the next working day, so a response
/// due "within 5 working days" of a referral on `start` is due by
/// `add_working_days(start, 5)`. With `n = 0` it is `start` itself, working day or not.
///
/// # Panics
/// If the answer lies beyond the last date chrono supports (the year 262143).
pub fn add_working_days(start: NaiveDate, n: u32) -> NaiveDate {
    let mut day = start;
    let mut remaining = i64::from(n);
    // Jump by weekdays, then take back the bank holidays jumped over: a few rounds at most.
    while remaining > 0 {
        let jump = add_weekdays(day, remaining);
        debug_assert!(
            jump > day && !is_weekend(jump),
            "{day} + {remaining} weekdays"
        );
        remaining -= working_days_between(day, jump);
        day = jump;
    }
    day
}

/// The number of working days after `from`, up to and including `to`: 0 when `to == from`,
/// 1 from a Friday to the next Monday (when that is not a bank holiday). When `to` is
/// before `from` the count is negative: minus the working days after `to` up to and
/// including `from`, so that `working_days_between(a, b) == -working_days_between(b, a)`
/// and `working_days_between(d, add_working_days(d, n)) == n`.
pub fn working_days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    if to < from {
        return -working_days_between(to, from);
    }
    weekdays_through(to) - weekdays_through(from) - bank_holidays_after(from, to)
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The number of Mondays to Fridays from 1 January of year 1 (a Monday) up to and including
/// `date`; earlier dates give negative counts, which still subtract correctly.
fn weekdays_through(date: NaiveDate) -> i64 {
    let days = i64::from(date.num_days_from_ce());
    days.div_euclid(7) * 5 + days.rem_euclid(7).min(5)
}

/// The `k`th weekday (Monday to Friday) after `date`, for `k >= 1`.
fn add_weekdays(date: NaiveDate, k: i64) -> NaiveDate {
    debug_assert!(k >= 1);
    // From a weekend, count from the Friday before: the next weekday is the same Monday.
    let weekday = i64::from(date.weekday().num_days_from_monday());
    let (base, base_weekday) = if weekday >= 5 {
        (date - Days::new((weekday - 4) as u64), 4)
    } else {
        (date, weekday)
    };
    let weeks = (k - 1) / 5;
    let rest = (k - 1) % 5 + 1;
    let weekend = if base_weekday + rest >= 5 { 2 } else { 0 };
    base.checked_add_days(Days::new((weeks * 7 + rest + weekend) as u64))
        .expect("a working day within chrono's calendar")
}

/// The number of bank holidays after `from`, up to and including `to` (`from <= to`).
fn bank_holidays_after(from: NaiveDate, to: NaiveDate) -> i64 {
    if let (Some(a), Some(b)) = (table_index(from), table_index(to)) {
        let table = table();
        let upto = |day: i32| table.partition_point(|h| *h <= day) as i64;
        return upto(b) - upto(a);
    }
    (from.year()..=to.year())
        .flat_map(bank_holidays)
        .filter(|h| from < h.date && h.date <= to)
        .count() as i64
}

/// The years whose holidays are kept in the table.
const TABLE_YEARS: std::ops::RangeInclusive<i32> = 1900..=2199;

/// The day number used in the table, for a date within [`TABLE_YEARS`].
fn table_index(date: NaiveDate) -> Option<i32> {
    TABLE_YEARS
        .contains(&date.year())
        .then(|| date.num_days_from_ce())
}

/// Every bank holiday of [`TABLE_YEARS`], as sorted day numbers.
fn table() -> &'static [i32] {
    static TABLE: OnceLock<Vec<i32>> = OnceLock::new();
    TABLE.get_or_init(|| {
        TABLE_YEARS
            .flat_map(bank_holidays)
            .map(|h| h.date.num_days_from_ce())
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn dates(year: i32) -> Vec<String> {
        bank_holidays(year)
            .iter()
            .map(|h| h.date.format("%d/%m").to_string())
            .collect()
    }

    /// The England and Wales bank holidays as published on gov.uk.
    #[test]
    fn matches_the_published_dates() {
        let published: &[(i32, &[&str])] = &[
            (
                2010,
                &[
                    "01/01", "02/04", "05/04", "03/05", "31/05", "30/08", "27/12", "28/12",
                ],
            ),
            (
                2011,
                &[
                    "03/01", "22/04", "25/04", "29/04", "02/05", "30/05", "29/08", "26/12", "27/12",
                ],
            ),
            (
                2012,
                &[
                    "02/01", "06/04", "09/04", "07/05", "04/06", "05/06", "27/08", "25/12", "26/12",
                ],
            ),
            (
                2015,
                &[
                    "01/01", "03/04", "06/04", "04/05", "25/05", "31/08", "25/12", "28/12",
                ],
            ),
            (
                2016,
                &[
                    "01/01", "25/03", "28/03", "02/05", "30/05", "29/08", "26/12", "27/12",
                ],
            ),
            (
                2017,
                &[
                    "02/01", "14/04", "17/04", "01/05", "29/05", "28/08", "25/12", "26/12",
                ],
            ),
            (
                2018,
                &[
                    "01/01", "30/03", "02/04", "07/05", "28/05", "27/08", "25/12", "26/12",
                ],
            ),
            (
                2019,
                &[
                    "01/01", "19/04", "22/04", "06/05", "27/05", "26/08", "25/12", "26/12",
                ],
            ),
            (
                2020,
                &[
                    "01/01", "10/04", "13/04", "08/05", "25/05", "31/08", "25/12", "28/12",
                ],
            ),
            (
                2021,
                &[
                    "01/01", "02/04", "05/04", "03/05", "31/05", "30/08", "27/12", "28/12",
                ],
            ),
            (
                2022,
                &[
                    "03/01", "15/04", "18/04", "02/05", "02/06", "03/06", "29/08", "19/09",
                    "26/12", "27/12",
                ],
            ),
            (
                2023,
                &[
                    "02/01", "07/04", "10/04", "01/05", "08/05", "29/05", "28/08", "25/12", "26/12",
                ],
            ),
            (
                2024,
                &[
                    "01/01", "29/03", "01/04", "06/05", "27/05", "26/08", "25/12", "26/12",
                ],
            ),
            (
                2025,
                &[
                    "01/01", "18/04", "21/04", "05/05", "26/05", "25/08", "25/12", "26/12",
                ],
            ),
            (
                2026,
                &[
                    "01/01", "03/04", "06/04", "04/05", "25/05", "31/08", "25/12", "28/12",
                ],
            ),
        ];
        for (year, expected) in published {
            assert_eq!(dates(*year), *expected, "{year}");
        }
    }

    #[test]
    fn names_substitute_days() {
        let named = |year| -> Vec<(String, String)> {
            bank_holidays(year)
                .iter()
                .filter(|h| h.date.month() == 12 || h.substitute)
                .map(|h| (h.date.format("%d/%m").to_string(), h.to_string()))
                .collect()
        };
        let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
            list.iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect()
        };
        // Christmas on a Saturday: both move, to Monday and Tuesday.
        assert_eq!(
            named(2021),
            pairs(&[
                ("27/12", "Christmas Day (substitute day)"),
                ("28/12", "Boxing Day (substitute day)"),
            ])
        );
        // Christmas on a Sunday: Boxing Day stays on Monday, Christmas moves to Tuesday.
        assert_eq!(
            named(2022),
            pairs(&[
                ("03/01", "New Year's Day (substitute day)"),
                ("26/12", "Boxing Day"),
                ("27/12", "Christmas Day (substitute day)"),
            ])
        );
        // Christmas on a Friday: Boxing Day moves to Monday.
        assert_eq!(
            named(2015),
            pairs(&[
                ("25/12", "Christmas Day"),
                ("28/12", "Boxing Day (substitute day)")
            ])
        );
        assert_eq!(
            bank_holiday_on(d(2020, 5, 8)).map(|h| h.to_string()),
            Some("Early May bank holiday (VE day)".into())
        );
        assert_eq!(
            bank_holiday_on(d(2023, 5, 8)).map(|h| h.name),
            Some("Bank holiday for the coronation of King Charles III")
        );
        assert_eq!(bank_holiday_on(d(2023, 5, 9)), None);
    }

    #[test]
    fn follows_the_history_of_the_rules() {
        // The 50th anniversary of VE day moved the Early May holiday to Monday 8 May 1995.
        assert!(dates(1995).contains(&"08/05".to_string()));
        assert!(!dates(1995).contains(&"01/05".to_string()));
        // The millennium: Friday 31/12/1999, then New Year's Day 2000 (a Saturday) on Monday.
        assert!(is_bank_holiday(d(1999, 12, 31)));
        assert!(is_bank_holiday(d(2000, 1, 3)));
        assert_eq!(
            dates(2002)[4..6],
            ["03/06".to_string(), "04/06".to_string()]
        );
        // The Early May holiday starts in 1978, New Year's Day in 1974.
        assert!(dates(1978).contains(&"01/05".to_string()));
        assert_eq!(
            bank_holidays(1977)
                .iter()
                .filter(|h| h.date.month() == 5)
                .count(),
            1
        );
        assert!(is_bank_holiday(d(1974, 1, 1)));
        assert!(!is_bank_holiday(d(1973, 1, 1)));
        // Before 1965: Whit Monday and the first Monday of August.
        assert!(dates(1960).contains(&"06/06".to_string()));
        assert!(dates(1960).contains(&"01/08".to_string()));
    }

    #[test]
    fn computes_easter() {
        let known = [
            (1961, d(1961, 4, 2)),
            (2000, d(2000, 4, 23)),
            (2008, d(2008, 3, 23)),
            (2011, d(2011, 4, 24)),
            (2019, d(2019, 4, 21)),
            (2038, d(2038, 4, 25)),
            (2285, d(2285, 3, 22)),
        ];
        for (year, easter) in known {
            assert_eq!(easter_sunday(year), Some(easter), "{year}");
        }
    }

    #[test]
    fn every_holiday_is_a_distinct_weekday_in_its_year() {
        for year in 1850..=2250 {
            let holidays = bank_holidays(year);
            for pair in holidays.windows(2) {
                assert!(pair[0].date < pair[1].date, "{year}: {pair:?}");
            }
            for h in &holidays {
                assert_eq!(h.date.year(), year);
                assert!(!is_weekend(h.date), "{h:?} is at a weekend");
                assert!(is_bank_holiday(h.date) && !is_working_day(h.date), "{h:?}");
            }
        }
    }

    #[test]
    fn counts_across_christmas_and_the_new_year() {
        // Friday 24/12/2021: Christmas and Boxing Day fell at the weekend, so the next
        // working day is Wednesday 29/12/2021.
        assert_eq!(next_working_day(d(2021, 12, 24)), d(2021, 12, 29));
        assert_eq!(working_days_between(d(2021, 12, 24), d(2021, 12, 29)), 1);
        // Thursday 30/12/2021 + 2: Friday 31/12, then Monday 03/01/2022 is the substitute
        // for New Year's Day (a Saturday), so Tuesday 04/01/2022.
        assert_eq!(add_working_days(d(2021, 12, 30), 2), d(2022, 1, 4));
        // A Rapid Review's 15 working days from Monday 30/05/2022 skip the Platinum Jubilee
        // Thursday and Friday.
        assert_eq!(add_working_days(d(2022, 5, 30), 15), d(2022, 6, 22));
        assert_eq!(working_days_between(d(2022, 6, 22), d(2022, 5, 30)), -15);
        assert_eq!(working_days_between(d(2022, 5, 30), d(2022, 5, 30)), 0);
        assert_eq!(add_working_days(d(2022, 6, 4), 0), d(2022, 6, 4));
        // From a Saturday, the first working day is the Monday.
        assert_eq!(next_working_day(d(2015, 6, 13)), d(2015, 6, 15));
        assert_eq!(working_days_between(d(2015, 6, 13), d(2015, 6, 14)), 0);
    }

    /// Counts working days one day at a time, from the rules alone.
    fn count_slowly(from: NaiveDate, to: NaiveDate) -> i64 {
        let (a, b, sign) = if from <= to {
            (from, to, 1)
        } else {
            (to, from, -1)
        };
        let holidays: Vec<NaiveDate> = (a.year()..=b.year())
            .flat_map(bank_holidays)
            .map(|h| h.date)
            .collect();
        let count = a
            .iter_days()
            .skip(1)
            .take_while(|day| *day <= b)
            .filter(|day| !is_weekend(*day) && !holidays.contains(day))
            .count() as i64;
        sign * count
    }

    fn any_day(first_year: i32, last_year: i32) -> impl Strategy<Value = NaiveDate> {
        let first = d(first_year, 1, 1);
        let span = (d(last_year, 12, 31) - first).num_days();
        (0..=span).prop_map(move |n| first + Days::new(n as u64))
    }

    /// Days near a year end, where the substitute days cluster.
    fn near_new_year() -> impl Strategy<Value = NaiveDate> {
        (1900..2199i32, 0u64..20).prop_map(|(y, n)| d(y, 12, 20) + Days::new(n))
    }

    fn some_day() -> impl Strategy<Value = NaiveDate> {
        prop_oneof![
            any_day(1900, 2190),
            near_new_year(),
            any_day(1700, 1899),
            any_day(2200, 2400)
        ]
    }

    proptest! {
        #[test]
        fn adding_then_counting_gives_back_n(start in some_day(), n in 0u32..1500) {
            let end = add_working_days(start, n);
            prop_assert_eq!(working_days_between(start, end), i64::from(n));
            prop_assert_eq!(working_days_between(end, start), -i64::from(n));
            if n > 0 {
                prop_assert!(is_working_day(end), "{} is not a working day", end);
                prop_assert!(!is_weekend(end));
                prop_assert!(bank_holidays(end.year()).iter().all(|h| h.date != end));
            }
        }

        #[test]
        fn adding_is_monotonic(start in some_day(), later in 0u64..40, n in 0u32..300) {
            let end = add_working_days(start, n);
            prop_assert!(end < add_working_days(start, n + 1));
            prop_assert!(end <= add_working_days(start + Days::new(later), n));
        }

        #[test]
        fn counting_matches_counting_one_day_at_a_time(
            from in some_day(),
            to_offset in -400i64..400,
        ) {
            let to = from + chrono::TimeDelta::days(to_offset);
            prop_assert_eq!(working_days_between(from, to), count_slowly(from, to));
        }

        #[test]
        fn adding_matches_stepping_one_day_at_a_time(start in some_day(), n in 0u32..30) {
            let mut day = start;
            for _ in 0..n {
                day = day.succ_opt().unwrap();
                while !is_working_day(day) {
                    day = day.succ_opt().unwrap();
                }
            }
            prop_assert_eq!(add_working_days(start, n), day);
        }

        #[test]
        fn counts_add_up(a in some_day(), b in some_day(), c in some_day()) {
            prop_assert_eq!(
                working_days_between(a, b) + working_days_between(b, c),
                working_days_between(a, c)
            );
        }

        #[test]
        fn weekend_holidays_give_a_weekday_off(year in 1978i32..2300) {
            // Each of New Year's Day, Christmas Day and Boxing Day is either a working-day
            // holiday or its weekend day has a substitute; never a lost day.
            let holidays = bank_holidays(year);
            let substitutes = holidays.iter().filter(|h| h.substitute).count();
            let fixed = [d(year, 1, 1), d(year, 12, 25), d(year, 12, 26)];
            let at_weekend = fixed.iter().filter(|day| is_weekend(**day)).count();
            prop_assert_eq!(substitutes, at_weekend);
            for h in holidays.iter().filter(|h| h.substitute) {
                prop_assert!(!is_working_day(h.date));
                prop_assert!(!is_weekend(h.date));
            }
            // The days from Christmas Day to 28 December hold exactly two bank holidays.
            let christmas = (25..=28)
                .filter(|day| is_bank_holiday(d(year, 12, *day)))
                .count();
            prop_assert_eq!(christmas, 2);
        }

        #[test]
        fn table_and_rules_agree(day in any_day(1900, 2199)) {
            let by_rule = bank_holidays(day.year()).iter().any(|h| h.date == day);
            prop_assert_eq!(is_bank_holiday(day), by_rule);
        }
    }
}
