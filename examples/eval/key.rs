//! The answer key of a review case, read from its `ANSWER_KEY.md` at run time into a
//! machine-readable form (serialisable to JSON with `--write-key`), so a held-back case in the
//! same format runs unchanged.
//!
//! The format read: `## Judged points` and `## Near misses` sections holding `### CODE — title`
//! blocks with `- **Kind:**`, `- **Dates:**` and `- **Evidence:**` lines, each evidence line
//! `  - Agency — \`file\` LOCATOR (date): what it shows`, where LOCATOR is
//! `sheet 'X' row N`, `table N, data row M` or `data record N`; and a `## Files and entry
//! counts` table `| \`file\` | Agency | Format | entries |`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A case's answer key.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CaseKey {
    /// The key's title line.
    pub title: String,
    /// The agency files and what the review team counted in each.
    pub files: Vec<KeyFile>,
    /// The review team's judged points.
    pub points: Vec<KeyPoint>,
    /// The near misses: things a careless tool would flag that are not failings.
    pub near_misses: Vec<KeyPoint>,
}

/// One agency file of the case.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KeyFile {
    pub file: String,
    pub agency: String,
    pub format: String,
    pub entries: u32,
}

/// A judged point or near miss.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KeyPoint {
    /// For example "LT1" or "NM2".
    pub code: String,
    pub title: String,
    /// The kind as the key words it ("Lost transfer (records sent, no receipt)").
    pub kind_text: String,
    /// The flag kinds (codes of `FlagKind`) that correspond.
    pub kinds: Vec<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub evidence: Vec<EvidenceRow>,
}

/// One evidence row of a point.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EvidenceRow {
    pub agency: String,
    pub file: String,
    pub locator: Locator,
    /// The date as the key gives it, in brackets.
    pub date_text: String,
    pub note: String,
}

/// Where a row is in its file, as the key writes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Locator {
    /// XLSX: the worksheet row number as Excel shows it (title and header rows included).
    Sheet { sheet: String, row: u32 },
    /// DOCX: the table number and the data row counted from 1 below the header.
    Table { table: u32, data_row: u32 },
    /// CSV: the data record counted from 1 after the header.
    Record { record: u32 },
}

impl KeyPoint {
    /// The agencies its evidence comes from.
    pub fn agencies(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.evidence.iter().map(|e| e.agency.as_str()).collect();
        v.sort();
        v.dedup();
        v
    }
}

/// The flag kinds a key's kind words (or a judged point's code prefix) name.
pub fn kinds_of(code: &str, text: &str) -> Vec<String> {
    let prefix: String = code
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    let by_code = match prefix.as_str() {
        "LT" => Some("lost_transfer"),
        "ME" => Some("missed_escalation"),
        "UG" => Some("child_not_seen"),
        "DR" => Some("delayed_response"),
        "CR" => Some("contradicting_records"),
        "RC" => Some("repeated_concern"),
        _ => None,
    };
    if let Some(k) = by_code {
        return vec![k.to_string()];
    }
    let t = text.to_lowercase();
    let mut kinds = Vec::new();
    for (words, kind) in [
        (&["lost transfer"][..], "lost_transfer"),
        (&["missed escalation", "escalat"][..], "missed_escalation"),
        (&["not seen", "unseen"][..], "child_not_seen"),
        (&["delayed response", "delay"][..], "delayed_response"),
        (&["contradict"][..], "contradicting_records"),
        (&["repeated", "unexamined"][..], "repeated_concern"),
    ] {
        if words.iter().any(|w| t.contains(w)) && !kinds.iter().any(|k| k == kind) {
            kinds.push(kind.to_string());
        }
    }
    kinds
}

fn uk_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%d/%m/%Y").ok()
}

fn parse_dates(text: &str) -> (Option<NaiveDate>, Option<NaiveDate>) {
    match text.split_once(" - ") {
        Some((a, b)) => (uk_date(a), uk_date(b)),
        None => {
            let d = uk_date(text);
            (d, d)
        }
    }
}

/// Reads `sheet 'X' row N`, `table N, data row M` or `data record N`.
pub fn parse_locator(text: &str) -> Option<Locator> {
    let t = text.trim();
    if let Some(rest) = t.strip_prefix("sheet '") {
        let (sheet, rest) = rest.split_once('\'')?;
        let row = rest.trim().strip_prefix("row ")?.trim().parse().ok()?;
        return Some(Locator::Sheet {
            sheet: sheet.to_string(),
            row,
        });
    }
    if let Some(rest) = t.strip_prefix("table ") {
        let (n, rest) = rest.split_once(',')?;
        let m = rest.trim().strip_prefix("data row ")?.trim().parse().ok()?;
        return Some(Locator::Table {
            table: n.trim().parse().ok()?,
            data_row: m,
        });
    }
    let n = t.strip_prefix("data record ")?.trim().parse().ok()?;
    Some(Locator::Record { record: n })
}

/// Reads one evidence line (without its leading "- ").
fn parse_evidence(line: &str) -> Result<EvidenceRow, String> {
    let err = || format!("cannot read the evidence line '{line}'");
    let (agency, rest) = line.split_once(" — ").ok_or_else(err)?;
    let rest = rest.trim().strip_prefix('`').ok_or_else(err)?;
    let (file, rest) = rest.split_once('`').ok_or_else(err)?;
    // The first " (" after which the text before reads as a locator (a sheet's name may
    // itself hold brackets).
    let (open, locator) = rest
        .match_indices(" (")
        .find_map(|(i, _)| parse_locator(&rest[..i]).map(|l| (i, l)))
        .ok_or_else(err)?;
    let after = &rest[open + 2..];
    let close = after
        .find("):")
        .or_else(|| after.rfind(')'))
        .ok_or_else(err)?;
    let note = after[close + 1..]
        .trim_start_matches(':')
        .trim()
        .to_string();
    Ok(EvidenceRow {
        agency: agency.trim().to_string(),
        file: file.to_string(),
        locator,
        date_text: after[..close].to_string(),
        note,
    })
}

#[derive(PartialEq)]
enum Section {
    Other,
    Points,
    NearMisses,
    Files,
}

/// Parses an `ANSWER_KEY.md`. Errors name the line that could not be read.
pub fn parse(text: &str) -> Result<CaseKey, String> {
    let mut key = CaseKey::default();
    let mut section = Section::Other;
    let mut current: Option<KeyPoint> = None;
    let mut in_evidence = false;
    let flush = |key: &mut CaseKey, current: &mut Option<KeyPoint>, near: bool| {
        if let Some(mut p) = current.take() {
            p.kinds = kinds_of(&p.code, &p.kind_text);
            if near {
                key.near_misses.push(p);
            } else {
                key.points.push(p);
            }
        }
    };
    for raw in text.lines() {
        let line = raw.trim_end();
        if let Some(title) = line.strip_prefix("# ") {
            key.title = title.trim().to_string();
            continue;
        }
        if let Some(h) = line.strip_prefix("## ") {
            flush(&mut key, &mut current, section == Section::NearMisses);
            let h = h.to_lowercase();
            section = if h.starts_with("judged points") {
                Section::Points
            } else if h.starts_with("near misses") {
                Section::NearMisses
            } else if h.starts_with("files") {
                Section::Files
            } else {
                Section::Other
            };
            continue;
        }
        match section {
            Section::Points | Section::NearMisses => {
                if let Some(h) = line.strip_prefix("### ") {
                    flush(&mut key, &mut current, section == Section::NearMisses);
                    let (code, title) = h.split_once(" — ").unwrap_or((h, ""));
                    let mut title = title.trim().to_string();
                    let mut kind_text = String::new();
                    if let Some(rest) = title.strip_prefix("looks like:") {
                        kind_text = rest.trim().to_string();
                        title = kind_text.clone();
                    }
                    current = Some(KeyPoint {
                        code: code.trim().to_string(),
                        title,
                        kind_text,
                        kinds: Vec::new(),
                        from: None,
                        to: None,
                        evidence: Vec::new(),
                    });
                    in_evidence = false;
                    continue;
                }
                let Some(p) = current.as_mut() else { continue };
                if let Some(v) = line.strip_prefix("- **Kind:**") {
                    p.kind_text = v.trim().to_string();
                    in_evidence = false;
                } else if let Some(v) = line.strip_prefix("- **Dates:**") {
                    (p.from, p.to) = parse_dates(v);
                    in_evidence = false;
                } else if line.starts_with("- **Evidence:**") {
                    in_evidence = true;
                } else if line.starts_with("- ") {
                    in_evidence = false;
                } else if in_evidence {
                    if let Some(ev) = line.trim_start().strip_prefix("- ") {
                        if raw.starts_with(' ') {
                            p.evidence.push(parse_evidence(ev)?);
                        }
                    }
                }
            }
            Section::Files => {
                let cells: Vec<&str> = line.trim().trim_matches('|').split('|').collect();
                if cells.len() >= 4 {
                    let file = cells[0].trim();
                    if let Some(file) = file.strip_prefix('`').and_then(|f| f.strip_suffix('`')) {
                        key.files.push(KeyFile {
                            file: file.to_string(),
                            agency: cells[1].trim().to_string(),
                            format: cells[2].trim().to_string(),
                            entries: cells[3].trim().trim_matches('*').parse().unwrap_or(0),
                        });
                    }
                }
            }
            Section::Other => {}
        }
    }
    flush(&mut key, &mut current, section == Section::NearMisses);
    if key.files.is_empty() {
        return Err("the key has no 'Files and entry counts' table".into());
    }
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# Answer key - Case X (FICTIONAL)

## Summary of judged points

| Code | Kind | Dates | Agencies (evidence) | Point |
|---|---|---|---|---|
| LT1 | Lost transfer | 01/02/2023 - 03/03/2023 | A | summary row is not a point |

## Judged points (review team's judgements)

### LT1 — Records sent, nothing received

- **Kind:** Lost transfer (records sent, no receipt)
- **Dates:** 01/02/2023 - 03/03/2023
- **Evidence:**
  - Alpha Health — `a.docx` table 2, data row 3 (01/02/2023): sent by email
  - Beta Council — `b.csv` data record 4 (03/03/2023 10:00): nothing received
- **Review team's judgement:** Nobody chased it.

### DR1 — Slow

- **Kind:** Delayed response
- **Dates:** 14/06/2023
- **Evidence:**
  - Gamma Police — `g.xlsx` sheet 'Log (2023)' row 7 (w/c 12/06/2023): late

## Near misses (would be flagged by a careless reading)

### NM1 — looks like: Lost transfer / delayed response (no reply in the file)

- **Dates:** 03/01/2023 - 04/01/2023
- **Evidence:**
  - Alpha Health — `a.docx` table 1, data row 1 (04/01/2023): acted next day

## Files and entry counts

| File | Agency | Format | Chronology entries |
|---|---|---|---|
| `a.docx` | Alpha Health | DOCX | 3 |
| `b.csv` | Beta Council | CSV | 12 |
| **Total** | | | **15** |
";

    #[test]
    fn reads_points_near_misses_files_and_locators() {
        let key = parse(SAMPLE).unwrap();
        assert_eq!(key.title, "Answer key - Case X (FICTIONAL)");
        assert_eq!(
            key.points.len(),
            2,
            "the summary table is not read as points"
        );
        let lt = &key.points[0];
        assert_eq!(lt.code, "LT1");
        assert_eq!(lt.kinds, vec!["lost_transfer"]);
        assert_eq!(lt.from, NaiveDate::from_ymd_opt(2023, 2, 1));
        assert_eq!(lt.to, NaiveDate::from_ymd_opt(2023, 3, 3));
        assert_eq!(
            lt.evidence[0].locator,
            Locator::Table {
                table: 2,
                data_row: 3
            }
        );
        assert_eq!(lt.evidence[1].locator, Locator::Record { record: 4 });
        assert_eq!(lt.evidence[1].date_text, "03/03/2023 10:00");
        assert_eq!(lt.agencies(), vec!["Alpha Health", "Beta Council"]);
        let dr = &key.points[1];
        assert_eq!(dr.from, dr.to, "a single date is a one-day period");
        assert_eq!(
            dr.evidence[0].locator,
            Locator::Sheet {
                sheet: "Log (2023)".into(),
                row: 7
            }
        );
        assert_eq!(key.near_misses.len(), 1);
        assert_eq!(
            key.near_misses[0].kinds,
            vec!["lost_transfer", "delayed_response"]
        );
        assert_eq!(key.files.len(), 2, "the total row is not a file");
        assert_eq!(key.files[1].entries, 12);
    }

    #[test]
    fn a_key_without_files_table_is_refused() {
        assert!(parse("# Key\n## Judged points\n").is_err());
    }

    #[test]
    fn an_unreadable_evidence_line_is_an_error_naming_it() {
        let text = SAMPLE.replace("data record 4", "record four");
        let err = parse(&text).unwrap_err();
        assert!(err.contains("record four"), "{err}");
    }
}
