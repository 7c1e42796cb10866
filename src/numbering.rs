//! The chronology's row numbers: the one numbering of entries a reader sees. The chronology
//! screen, the History, the flags screen and the Word export all number entries 1..n in the
//! chronology's order (by date, timed entries after untimed ones on a day, then the order on
//! the day), and text the analysis wrote citing an entry by its internal id ("entry 107") is
//! shown citing its row ("row 58") instead.

use std::collections::HashMap;

use crate::model::{Entry, EntryId, Flag};

/// The order of the chronology, the same as the store lists entries in.
fn key(e: &Entry) -> impl Ord + use<> {
    (
        e.date.start,
        e.date.time.is_some(),
        e.date.time,
        e.sequence,
        e.id.0,
    )
}

/// The entries in the chronology's order.
pub fn in_order(entries: &[Entry]) -> Vec<&Entry> {
    let mut sorted: Vec<&Entry> = entries.iter().collect();
    sorted.sort_by_key(|e| key(e));
    sorted
}

/// Each entry's row in the chronology (1 = first).
pub fn rows(entries: &[Entry]) -> HashMap<EntryId, usize> {
    in_order(entries)
        .into_iter()
        .enumerate()
        .map(|(i, e)| (e.id, i + 1))
        .collect()
}

/// Each entry's row from the ids in the chronology's order (`Reader::entry_order`).
pub fn rows_from_order(order: &[EntryId]) -> HashMap<EntryId, usize> {
    order
        .iter()
        .enumerate()
        .map(|(i, id)| (*id, i + 1))
        .collect()
}

/// `text` with every entry cited by its id ("entry 107", "Entry 107") cited by its row
/// ("row 58", "Row 58"). A number that is no entry's id is left as written.
pub fn cite_rows(text: &str, rows: &HashMap<EntryId, usize>) -> String {
    let lower = replace_citations(text, "entry ", "row ", rows);
    replace_citations(&lower, "Entry ", "Row ", rows)
}

fn replace_citations(
    text: &str,
    word: &str,
    replacement: &str,
    rows: &HashMap<EntryId, usize>,
) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(word) {
        let after = &rest[at + word.len()..];
        let digits: String = after.chars().take_while(|c| c.is_ascii_digit()).collect();
        // "entry 12" inside a longer word ("reentry 12") is not a citation.
        let starts_word = rest[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let row = digits
            .parse::<i64>()
            .ok()
            .filter(|_| starts_word)
            .and_then(|id| rows.get(&EntryId(id)));
        out.push_str(&rest[..at]);
        match row {
            Some(row) => out.push_str(&format!("{replacement}{row}")),
            None => out.push_str(&rest[at..at + word.len() + digits.len()]),
        }
        rest = &after[digits.len()..];
    }
    out.push_str(rest);
    out
}

/// Flags as a person reads them: their explanations cite chronology rows.
pub fn readable_flags(flags: Vec<Flag>, rows: &HashMap<EntryId, usize>) -> Vec<Flag> {
    flags.into_iter().map(|f| readable_flag(f, rows)).collect()
}

/// One flag as a person reads it (see [`readable_flags`]).
pub fn readable_flag(mut flag: Flag, rows: &HashMap<EntryId, usize>) -> Flag {
    flag.explanation = cite_rows(&flag.explanation, rows);
    flag
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::EventDate;
    use chrono::{NaiveDate, NaiveTime};

    fn entry(id: i64, day: u32, time: Option<(u32, u32)>, sequence: i32) -> Entry {
        let mut e = crate::demo::demo_review().entries[0].clone();
        e.id = EntryId(id);
        e.date = EventDate::day(NaiveDate::from_ymd_opt(2021, 3, day).unwrap());
        e.date.time = time.map(|(h, m)| NaiveTime::from_hms_opt(h, m, 0).unwrap());
        e.sequence = sequence;
        e
    }

    #[test]
    fn rows_follow_the_date_then_the_time_then_the_order_on_the_day() {
        let entries = vec![
            entry(10, 5, None, 0),
            entry(11, 4, Some((9, 30)), 0),
            entry(12, 4, None, 2),
            entry(13, 4, None, 1),
            entry(14, 4, Some((8, 0)), 5),
        ];
        let rows = rows(&entries);
        let order: Vec<i64> = {
            let mut v: Vec<_> = rows.iter().map(|(id, row)| (*row, id.0)).collect();
            v.sort();
            v.into_iter().map(|(_, id)| id).collect()
        };
        assert_eq!(order, vec![13, 12, 14, 11, 10]);
    }

    #[test]
    fn entries_cited_by_id_are_cited_by_row_and_unknown_ids_are_left_alone() {
        let entries = vec![entry(107, 2, None, 0), entry(9, 1, None, 0)];
        let rows = rows(&entries);
        assert_eq!(
            cite_rows(
                "Shared on 02/03/2021 (entry 107). Entry 9 says so; entry 5 is unknown; reentry 9.",
                &rows
            ),
            "Shared on 02/03/2021 (row 2). Row 1 says so; entry 5 is unknown; reentry 9."
        );
    }

    #[test]
    fn a_stored_review_is_numbered_as_the_store_lists_it() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::demo::write_demo(&dir.path().join("demo.chronolane")).unwrap();
        let listed = store.read().entries().unwrap();
        assert!(listed.len() > 100);
        let rows = rows(&listed);
        for (i, e) in listed.iter().enumerate() {
            assert_eq!(rows[&e.id], i + 1);
        }
        // The store's order of ids alone numbers them the same.
        let order = store.read().entry_order().unwrap();
        assert_eq!(rows_from_order(&order), rows);
    }
}
