//! A child's age as a record states it, for rules that depend on it when the review has no
//! date of birth: "4-month-old", "aged 7 weeks", "Baby (9 wks)", "3 years old", "newborn",
//! "non-mobile". An unborn child ("34/40", "pregnant") has no age.

/// Words that say a baby is not yet mobile or newly born: under a month for the rules.
const NEWBORN: &[&str] = &[
    "newborn",
    "new-born",
    "new birth visit",
    "non-mobile",
    "non mobile",
    "not yet mobile",
    "not yet rolling",
    "not rolling",
    "not yet crawling",
];

/// The youngest age, in whole months, a [`normalise`](super::normalise)d text states for a
/// child, if it states one.
pub fn stated_age_months(text: &str) -> Option<u32> {
    let mut youngest: Option<u32> = None;
    let mut take = |m: u32| youngest = Some(youngest.map_or(m, |y| y.min(m)));
    if super::list(NEWBORN).any_affirmed(text) {
        take(0);
    }
    let tokens: Vec<(usize, &str)> = text
        .split(|c: char| !c.is_alphanumeric())
        .scan(0usize, |at, w| {
            let start = *at;
            *at += w.len() + 1;
            Some((start, w))
        })
        .filter(|(_, w)| !w.is_empty())
        .collect();
    for (i, &(start, word)) in tokens.iter().enumerate() {
        let Ok(n) = word.parse::<u32>() else { continue };
        let next = tokens.get(i + 1).map(|t| t.1).unwrap_or("");
        let after = tokens.get(i + 2).map(|t| t.1).unwrap_or("");
        let before = i.checked_sub(1).map(|j| tokens[j].1).unwrap_or("");
        // "aged 4 months", "4 months old", "4-month-old", "(9 wks)".
        let stated = before == "aged"
            || after == "old"
            || (text[..start].ends_with('(')
                && text[start..]
                    .split(')')
                    .next()
                    .is_some_and(|inner| inner.split_whitespace().count() <= 2));
        if !stated {
            continue;
        }
        match next {
            "week" | "weeks" | "wk" | "wks" => take(n.saturating_mul(7) / 30),
            "day" | "days" => take(n / 30),
            "month" | "months" | "mth" | "mths" | "mo" => take(n),
            "year" | "years" | "yr" | "yrs" if after == "old" || before == "aged" => {
                take(n.saturating_mul(12))
            }
            _ => {}
        }
    }
    youngest
}

#[cfg(test)]
mod tests {
    use super::stated_age_months as age;

    #[test]
    fn ages_are_read_as_records_state_them() {
        assert_eq!(
            age("1cm bruise on the cheek of a non-mobile 4-month-old"),
            Some(0)
        );
        assert_eq!(age("bruise on the cheek of a 4-month-old"), Some(4));
        assert_eq!(age("baby aged 7 weeks seen with mother"), Some(1));
        assert_eq!(age("baby q (9 wks) and mother (19)"), Some(2));
        assert_eq!(age("child j (8 months) seen asleep in cot"), Some(8));
        assert_eq!(age("a 3 year old boy"), Some(36));
        assert_eq!(age("14 day old baby"), Some(0));
        // Near misses: a mother's age, a pregnancy, a duration, a count.
        assert_eq!(age("mother (19), 34/40, late booker"), None);
        assert_eq!(age("no contact for 5 months"), None);
        assert_eq!(age("3 weeks since the last visit"), None);
        assert_eq!(age("2 children in the household"), None);
    }
}
