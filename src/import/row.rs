//! Reading one row of an agency's table through its column fields: the date cells, the
//! text columns (unknown ones kept under their headings), practitioner, seen, kind and
//! service-level cells (import, stage 2 of [`super::build_preview`]).

use crate::dates::parse::{parse_event_date_in, ParseContext};
use crate::dates::DatePrecision;
use crate::dates::EventDate;
use crate::model::*;

use super::{kinds, read, Field};

/// The year of the first row whose date is written with one.
pub(super) fn first_year(rows: &[read::SourceRow], fields: &[Field]) -> Option<i32> {
    use chrono::Datelike;
    let col = fields
        .iter()
        .position(|f| *f == Field::Date)
        .or_else(|| fields.iter().position(|f| *f == Field::DateTime))?;
    rows.iter().find_map(|r| {
        let c = r.cells.get(col)?;
        match excel_serial(c) {
            Some(serial) => crate::dates::parse::from_excel_serial(serial).ok(),
            None => crate::dates::cell::read_cell(c, "", &ParseContext::default())
                .ok()
                .map(|c| c.date),
        }
        .map(|d| d.start.year())
    })
}

pub(super) struct Interpreted {
    pub(super) date: Option<EventDate>,
    pub(super) date_as_written: String,
    pub(super) recorded_on: Option<chrono::NaiveDate>,
    pub(super) summary: String,
    pub(super) detail: String,
    pub(super) outcome: String,
    /// The agency's own comment or analysis column: committed as the entry's
    /// `agency_comment`, never as the reviewer's comment.
    pub(super) comment: String,
    pub(super) practitioner: String,
    pub(super) reference: Option<String>,
    pub(super) kind_code: Option<String>,
    pub(super) child_seen: ChildSeen,
    pub(super) row_agency: String,
    pub(super) to_agency_named: String,
    pub(super) service_level: Option<ServiceLevel>,
    pub(super) notes: Vec<String>,
    pub(super) problems: Vec<String>,
}

fn gather(cells: &[String], fields: &[Field], want: Field) -> String {
    let parts: Vec<&str> = fields
        .iter()
        .enumerate()
        .filter(|(_, f)| **f == want)
        .filter_map(|(i, _)| cells.get(i).map(|c| c.trim()))
        .filter(|c| !c.is_empty())
        .collect();
    parts.join("\n")
}

/// The cells of `want` columns as "Heading: text" lines, so nothing is lost and the reader
/// sees where each came from.
fn gather_labelled(cells: &[String], headings: &[String], fields: &[Field], want: Field) -> String {
    fields
        .iter()
        .enumerate()
        .filter(|(_, f)| **f == want)
        .filter_map(|(i, _)| {
            let c = cells.get(i)?.trim();
            if c.is_empty() {
                return None;
            }
            let h = headings
                .get(i)
                .map(|h| h.replace('\n', " "))
                .unwrap_or_default();
            Some(if h.trim().is_empty() {
                c.to_string()
            } else {
                format!("{}: {c}", h.trim())
            })
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Reads whether the child (or adult) was seen from a "Seen" column's value.
fn seen_from(value: &str) -> ChildSeen {
    let v = value.trim().to_lowercase();
    let first = v
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .unwrap_or("");
    match first {
        "yes" | "y" | "seen" | "true" => ChildSeen::Yes,
        "no" | "n" | "not" | "false" => ChildSeen::No,
        _ if v == "child seen" => ChildSeen::Yes,
        _ if v == "child not seen" => ChildSeen::No,
        _ => ChildSeen::Unknown,
    }
}

/// Reads one row's cells through the column fields.
pub(super) fn interpret(
    cells: &[String],
    headings: &[String],
    fields: &[Field],
    ctx: &mut ParseContext,
) -> Interpreted {
    let get = |f| gather(cells, fields, f);
    let mut problems = Vec::new();
    let mut notes = Vec::new();
    let has = |f: Field| fields.contains(&f);
    let (date_text, time_text) = if has(Field::Date) {
        (get(Field::Date), get(Field::Time))
    } else {
        (get(Field::DateTime), String::new())
    };
    let date_as_written = if time_text.is_empty() {
        date_text.clone()
    } else {
        format!("{date_text} {time_text}")
    };
    let date = if date_text.is_empty() {
        problems.push(
            "The date is empty. Type the date (for example 12/06/2015 or June 2015), or skip the \
             row."
                .to_string(),
        );
        None
    } else {
        let parsed = match excel_serial(&date_text) {
            Some(serial) => crate::dates::parse::from_excel_serial(serial).and_then(|d| {
                crate::dates::cell::read_cell(&crate::dates::uk(d.start), &time_text, ctx).map(
                    |c| {
                        notes.extend(c.notes);
                        c.date
                    },
                )
            }),
            None => crate::dates::cell::read_cell(&date_text, &time_text, ctx).map(|c| {
                notes.extend(c.notes);
                c.date
            }),
        };
        match parsed {
            Ok(d) => {
                if matches!(
                    d.precision,
                    DatePrecision::Day | DatePrecision::Time | DatePrecision::Month
                ) {
                    use chrono::Datelike;
                    ctx.year_hint = Some(d.start.year());
                }
                Some(d)
            }
            Err(p) => {
                problems.push(p.message);
                None
            }
        }
    };
    let recorded = get(Field::RecordedOn);
    let mut recorded_on = None;
    if !recorded.is_empty() {
        let parsed = match excel_serial(&recorded) {
            Some(serial) => crate::dates::parse::from_excel_serial(serial),
            None => parse_event_date_in(&recorded, ctx),
        };
        match parsed {
            Ok(d) if d.precision == DatePrecision::Day || d.precision == DatePrecision::Time => {
                recorded_on = Some(d.start);
            }
            Ok(_) => problems.push(format!(
                "The date recorded '{recorded}' is not a single day: type it as dd/mm/yyyy."
            )),
            Err(p) => problems.push(format!("Date recorded: {}", p.message)),
        }
    }
    let event = get(Field::Event);
    let mut summary = get(Field::Summary);
    if summary.is_empty() {
        summary = first_sentence(&event);
    }
    let mut detail = event;
    // Columns Chronolane has no field for, and the source/referrer, are kept in the details
    // under their headings: nothing in the agency's table is lost.
    for want in [Field::Source, Field::Extra] {
        let extra = gather_labelled(cells, headings, fields, want);
        if !extra.is_empty() {
            if !detail.is_empty() {
                detail.push('\n');
            }
            detail.push_str(&extra);
        }
    }
    let outcome = get(Field::Outcome);
    if summary.is_empty() && outcome.is_empty() && detail.is_empty() {
        problems.push(
            "Nothing is recorded for this row apart from its date: type the event, or skip the \
             row."
                .to_string(),
        );
    }
    if summary.is_empty() {
        summary = first_sentence(if detail.is_empty() { &outcome } else { &detail });
    }
    let mut practitioner = get(Field::Practitioner).replace('\n', ", ");
    let role = get(Field::Role);
    if !role.is_empty() {
        practitioner = if practitioner.is_empty() {
            role
        } else {
            format!("{practitioner} ({role})")
        };
    }
    let child_seen = seen_from(&get(Field::ChildSeen));
    let reference = Some(get(Field::Reference)).filter(|r| !r.is_empty());
    let kind_code = Some(get(Field::Kind)).filter(|r| !r.is_empty());
    let level_text = get(Field::ServiceLevel);
    let service_level = if level_text.is_empty() {
        None
    } else {
        let level = kinds::service_level_from_value(&level_text);
        if level.is_none() {
            notes.push(format!(
                "The service level '{level_text}' is not one Chronolane knows (no further \
                 action, universal, early help, child in need, child protection): set it on the \
                 entry."
            ));
        }
        level
    };
    Interpreted {
        date,
        date_as_written,
        recorded_on,
        summary,
        detail,
        outcome,
        comment: get(Field::Comment),
        practitioner,
        reference,
        kind_code,
        child_seen,
        row_agency: get(Field::Agency),
        to_agency_named: get(Field::ToAgency),
        service_level,
        notes,
        problems,
    }
}

/// A date cell holding a bare spreadsheet day number (a date column formatted as General).
pub(super) fn excel_serial(text: &str) -> Option<f64> {
    let t = text.trim();
    if t.len() == 5 && t.chars().all(|c| c.is_ascii_digit()) {
        let n: f64 = t.parse().ok()?;
        (10_000.0..=80_000.0).contains(&n).then_some(n)
    } else {
        None
    }
}

/// The first sentence or line of `text`, at most 140 characters, cut at a word.
pub fn first_sentence(text: &str) -> String {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let mut end = line.len();
    for (i, c) in line.char_indices() {
        if (c == '.' || c == ';') && i > 8 {
            let next = line[i + 1..].chars().next();
            if next.is_none_or(|n| n == ' ') {
                end = i;
                break;
            }
        }
    }
    let sentence = &line[..end];
    if sentence.chars().count() <= 140 {
        return sentence.to_string();
    }
    let cut: String = sentence.chars().take(140).collect();
    match cut.rfind(' ') {
        Some(i) if i > 80 => format!("{}…", &cut[..i]),
        _ => format!("{cut}…"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_sentence_is_short_and_cut_at_a_word() {
        assert_eq!(
            first_sentence("Home visit by HV1. Child seen and well."),
            "Home visit by HV1"
        );
        let long = "word ".repeat(60);
        let s = first_sentence(&long);
        assert!(s.chars().count() <= 141 && s.ends_with('…'), "{s}");
        assert_eq!(first_sentence("\n\nSecond line only"), "Second line only");
    }
}
