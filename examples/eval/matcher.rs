//! Matching flags to an answer key's points.
//!
//! A flag matches a point when its kind is one of the point's kinds and either
//! (a) one of its evidence entries comes from a row the point cites as evidence (same file,
//!     same sheet or table, same row, with the key's "data row" / "data record" counted below
//!     the header row the importer found), or
//! (b) fallback: its period overlaps the point's dates and its evidence comes from at least
//!     min(2, agencies of the point, agencies of the flag) of the agencies the point cites.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::key::{CaseKey, EvidenceRow, KeyPoint, Locator};

/// A row of an agency file: file name, table (sheet or "table N", lower case; empty for a
/// one-table file such as a CSV) and 1-based row number in that table.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RowKey {
    pub file: String,
    pub table: String,
    pub row: u32,
}

/// The tables the importer found in each file: (table key, header row).
pub type Headers = HashMap<String, Vec<(String, u32)>>;

/// A flag as the matcher sees it.
#[derive(Clone, Debug)]
pub struct EvalFlag {
    pub rule: String,
    pub kind: String,
    pub entries: Vec<i64>,
    pub rows: Vec<RowKey>,
    pub agencies: Vec<String>,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// How a flag matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum How {
    Rows,
    DatesAndAgencies,
}

/// Reads an entry's source location ("Chronology, row 5, ref 1", "Table 2, row 3", "row 4").
pub fn row_of_location(file: &str, location: &str) -> Option<RowKey> {
    let parts: Vec<&str> = location.split(", ").collect();
    let at = parts.iter().position(|p| p.starts_with("row "))?;
    let row = parts[at].strip_prefix("row ")?.trim().parse().ok()?;
    Some(RowKey {
        file: file.to_string(),
        table: parts[..at].join(", ").to_lowercase(),
        row,
    })
}

/// The row a key's evidence line names, given the header rows the importer found.
pub fn resolve(ev: &EvidenceRow, headers: &Headers) -> Option<RowKey> {
    let tables = headers.get(&ev.file);
    let (table, row) = match &ev.locator {
        Locator::Sheet { sheet, row } => (sheet.to_lowercase(), *row),
        Locator::Table { table, data_row } => {
            let name = format!("table {table}");
            let header = tables?.iter().find(|(t, _)| *t == name)?.1;
            (name, header + data_row)
        }
        Locator::Record { record } => {
            let (name, header) = tables?.first()?.clone();
            (name, header + record)
        }
    };
    Some(RowKey {
        file: ev.file.clone(),
        table,
        row,
    })
}

/// Whether (and how) a flag matches a point.
pub fn matches(flag: &EvalFlag, point: &KeyPoint, headers: &Headers) -> Option<How> {
    if !point.kinds.contains(&flag.kind) {
        return None;
    }
    let rows: Vec<RowKey> = point
        .evidence
        .iter()
        .filter_map(|e| resolve(e, headers))
        .collect();
    if flag.rows.iter().any(|r| rows.contains(r)) {
        return Some(How::Rows);
    }
    let (Some(from), Some(to)) = (point.from, point.to) else {
        return None;
    };
    if flag.to < from || flag.from > to {
        return None;
    }
    let agencies = point.agencies();
    let common = agencies
        .iter()
        .filter(|a| flag.agencies.iter().any(|f| f == *a))
        .count();
    let needed = 2.min(agencies.len()).min(flag.agencies.len());
    (needed > 0 && common >= needed).then_some(How::DatesAndAgencies)
}

/// For one flag: the points (code, how) it matched, then the near misses it matched.
pub type FlagMatches = (Vec<(String, How)>, Vec<String>);

/// The score of one case.
#[derive(Debug, Default)]
pub struct Score {
    pub points: usize,
    pub found: usize,
    pub flags: usize,
    pub matching: usize,
    pub near_misses: usize,
    pub near_flagged: usize,
    /// For each flag: the points (code, how) it matched, then the near misses it matched.
    pub per_flag: Vec<FlagMatches>,
    /// The codes of the points found.
    pub found_codes: Vec<String>,
}

pub fn score(key: &CaseKey, flags: &[EvalFlag], headers: &Headers) -> Score {
    let mut s = Score {
        points: key.points.len(),
        flags: flags.len(),
        near_misses: key.near_misses.len(),
        ..Score::default()
    };
    for f in flags {
        let hits: Vec<(String, How)> = key
            .points
            .iter()
            .filter_map(|p| matches(f, p, headers).map(|h| (p.code.clone(), h)))
            .collect();
        // A flag whose evidence rows are a judged point's is that point: the rough date and
        // agency fallback does not also make it a near miss (only the near miss's own rows do).
        let on_point_rows = hits.iter().any(|(_, h)| *h == How::Rows);
        let near: Vec<String> = key
            .near_misses
            .iter()
            .filter(|p| match matches(f, p, headers) {
                Some(How::Rows) => true,
                Some(How::DatesAndAgencies) => !on_point_rows,
                None => false,
            })
            .map(|p| p.code.clone())
            .collect();
        if !hits.is_empty() {
            s.matching += 1;
        }
        s.per_flag.push((hits, near));
    }
    for p in &key.points {
        if s.per_flag
            .iter()
            .any(|(h, _)| h.iter().any(|(c, _)| *c == p.code))
        {
            s.found += 1;
            s.found_codes.push(p.code.clone());
        }
    }
    s.near_flagged = key
        .near_misses
        .iter()
        .filter(|p| s.per_flag.iter().any(|(_, n)| n.contains(&p.code)))
        .count();
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::key::parse;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%d/%m/%Y").unwrap()
    }

    const KEY: &str = "# Key
## Judged points
### LT1 — sent, not received
- **Kind:** Lost transfer
- **Dates:** 01/02/2023 - 03/03/2023
- **Evidence:**
  - Alpha Health — `a.docx` table 1, data row 2 (01/02/2023): sent
  - Beta Council — `b.csv` data record 1 (03/03/2023): nothing
### RC1 — repeated
- **Kind:** Repeated unexamined concern
- **Dates:** 01/01/2023 - 30/06/2023
- **Evidence:**
  - Alpha Health — `a.docx` table 1, data row 1 (05/01/2023): x
  - Beta Council — `b.csv` data record 2 (05/05/2023): y
  - Gamma Police — `g.xlsx` sheet 'Log' row 4 (06/06/2023): z
## Near misses
### NM1 — looks like: Lost transfer (no reply in the file)
- **Dates:** 10/01/2023 - 11/01/2023
- **Evidence:**
  - Alpha Health — `a.docx` table 1, data row 3 (10/01/2023): acted
## Files and entry counts
| File | Agency | Format | Chronology entries |
|---|---|---|---|
| `a.docx` | Alpha Health | DOCX | 3 |
";

    fn headers() -> Headers {
        let mut h = Headers::new();
        // The DOCX header is on row 2 (a title row above it); the CSV has one preamble line.
        h.insert("a.docx".into(), vec![("table 1".into(), 2)]);
        h.insert("b.csv".into(), vec![(String::new(), 2)]);
        h
    }

    fn flag(
        kind: &str,
        rows: &[(&str, &str, u32)],
        agencies: &[&str],
        from: &str,
        to: &str,
    ) -> EvalFlag {
        EvalFlag {
            rule: "r".into(),
            kind: kind.into(),
            entries: vec![],
            rows: rows
                .iter()
                .map(|(f, t, r)| RowKey {
                    file: f.to_string(),
                    table: t.to_string(),
                    row: *r,
                })
                .collect(),
            agencies: agencies.iter().map(|a| a.to_string()).collect(),
            from: d(from),
            to: d(to),
        }
    }

    #[test]
    fn locations_read_as_rows() {
        assert_eq!(
            row_of_location("a.xlsx", "Chronology, row 5, ref 1"),
            Some(RowKey {
                file: "a.xlsx".into(),
                table: "chronology".into(),
                row: 5
            })
        );
        assert_eq!(row_of_location("b.csv", "row 3").unwrap().table, "");
        assert_eq!(row_of_location("b.csv", "no row here"), None);
    }

    #[test]
    fn data_rows_are_counted_below_the_header_the_importer_found() {
        let key = parse(KEY).unwrap();
        let h = headers();
        let lt = &key.points[0];
        assert_eq!(resolve(&lt.evidence[0], &h).unwrap().row, 4);
        assert_eq!(resolve(&lt.evidence[1], &h).unwrap().row, 3);
        assert_eq!(resolve(&lt.evidence[1], &h).unwrap().table, "");
    }

    #[test]
    fn a_flag_on_an_evidence_row_of_the_right_kind_matches() {
        let key = parse(KEY).unwrap();
        let h = headers();
        let f = flag(
            "lost_transfer",
            &[("b.csv", "", 3)],
            &["Beta Council"],
            "01/08/2023",
            "02/08/2023",
        );
        assert_eq!(matches(&f, &key.points[0], &h), Some(How::Rows));
        // The same row but another kind does not match.
        let g = flag(
            "delayed_response",
            &[("b.csv", "", 3)],
            &["Beta Council"],
            "03/03/2023",
            "03/03/2023",
        );
        assert_eq!(matches(&g, &key.points[0], &h), None);
        // A neighbouring row of the right kind, outside the dates, does not match.
        let n = flag(
            "lost_transfer",
            &[("b.csv", "", 4)],
            &["Beta Council"],
            "01/08/2023",
            "02/08/2023",
        );
        assert_eq!(matches(&n, &key.points[0], &h), None);
    }

    #[test]
    fn the_fallback_needs_overlapping_dates_and_two_of_the_points_agencies() {
        let key = parse(KEY).unwrap();
        let h = headers();
        let rc = &key.points[1];
        let two = flag(
            "repeated_concern",
            &[],
            &["Alpha Health", "Gamma Police"],
            "01/03/2023",
            "01/04/2023",
        );
        assert_eq!(matches(&two, rc, &h), Some(How::DatesAndAgencies));
        let one_of_two = flag(
            "repeated_concern",
            &[],
            &["Alpha Health", "Delta School"],
            "01/03/2023",
            "01/04/2023",
        );
        assert_eq!(matches(&one_of_two, rc, &h), None);
        let alone = flag(
            "repeated_concern",
            &[],
            &["Gamma Police"],
            "01/03/2023",
            "01/04/2023",
        );
        assert_eq!(
            matches(&alone, rc, &h),
            Some(How::DatesAndAgencies),
            "a one-agency flag needs one"
        );
        let late = flag(
            "repeated_concern",
            &[],
            &["Alpha Health", "Gamma Police"],
            "01/07/2023",
            "01/08/2023",
        );
        assert_eq!(matches(&late, rc, &h), None);
    }

    #[test]
    fn score_counts_recall_precision_and_near_misses() {
        let key = parse(KEY).unwrap();
        let h = headers();
        let flags = vec![
            flag(
                "lost_transfer",
                &[("a.docx", "table 1", 4)],
                &["Alpha Health"],
                "01/02/2023",
                "01/02/2023",
            ),
            flag(
                "lost_transfer",
                &[("a.docx", "table 1", 5)],
                &["Alpha Health"],
                "10/01/2023",
                "10/01/2023",
            ),
            flag("child_not_seen", &[], &["Zeta"], "01/01/2020", "02/01/2020"),
        ];
        let s = score(&key, &flags, &h);
        assert_eq!((s.points, s.found, s.flags, s.matching), (2, 1, 3, 1));
        assert_eq!((s.near_misses, s.near_flagged), (1, 1));
        assert_eq!(s.found_codes, vec!["LT1"]);
        assert_eq!(s.per_flag[1].1, vec!["NM1"]);
    }

    #[test]
    fn a_flag_on_a_judged_points_rows_is_not_a_near_miss_by_dates_alone() {
        let key = parse(KEY).unwrap();
        let h = headers();
        // On LT1's evidence row, with a period that overlaps NM1's dates.
        let on_point = flag(
            "lost_transfer",
            &[("a.docx", "table 1", 4)],
            &["Alpha Health"],
            "10/01/2023",
            "01/02/2023",
        );
        let s = score(&key, &[on_point], &h);
        assert_eq!((s.found, s.near_flagged), (1, 0));
        // On NM1's own row it is the near miss, whatever else it matches.
        let on_both = flag(
            "lost_transfer",
            &[("a.docx", "table 1", 4), ("a.docx", "table 1", 5)],
            &["Alpha Health"],
            "10/01/2023",
            "01/02/2023",
        );
        let s = score(&key, &[on_both], &h);
        assert_eq!((s.found, s.near_flagged), (1, 1));
    }
}
