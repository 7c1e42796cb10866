//! A "To agency" / "Referred to" / "Shared with" cell naming several agencies ("Police; Health
//! visiting", "CSC and Police", "Police, School"): each name it holds, matched to the review's
//! agencies. A name with "and" or a comma in it ("Children and Families Service") stays whole
//! when the review has an agency of that name.

use crate::model::{Agency, AgencyId};

use super::find_agency;

/// Separators that always end a name.
const HARD: &[&str] = &[";", "\n"];
/// Separators that end a name unless the words around them name one agency.
const SOFT: &[&str] = &[",", "/", " and ", " & ", " + "];

/// The names `cell` holds, in order, each with the agency it names (or `None` when the review
/// has no agency of that name yet). Repeats are dropped.
pub fn named_agencies(cell: &str, agencies: &[Agency]) -> Vec<(String, Option<AgencyId>)> {
    let mut out: Vec<(String, Option<AgencyId>)> = Vec::new();
    let whole = cell.trim();
    if whole.is_empty() {
        return out;
    }
    if let Some(a) = find_agency(whole, agencies) {
        out.push((whole.to_string(), Some(a)));
        return out;
    }
    for piece in split(whole, HARD) {
        let piece = piece.trim();
        if piece.is_empty() {
            continue;
        }
        for name in names_in(piece, agencies) {
            if !out.iter().any(|(n, _)| n.eq_ignore_ascii_case(&name.0)) {
                out.push(name);
            }
        }
    }
    out
}

/// The names in one piece: from the left, the longest run of words between soft separators
/// that names an agency, else one item as written.
fn names_in(piece: &str, agencies: &[Agency]) -> Vec<(String, Option<AgencyId>)> {
    let spans = spans(piece);
    let mut out = Vec::new();
    let mut i = 0;
    while i < spans.len() {
        let found = (i + 1..=spans.len()).rev().find_map(|j| {
            let text = piece[spans[i].0..spans[j - 1].1].trim();
            find_agency(text, agencies).map(|a| (j, text.to_string(), a))
        });
        match found {
            Some((j, text, a)) => {
                out.push((text, Some(a)));
                i = j;
            }
            None => {
                let text = piece[spans[i].0..spans[i].1].trim();
                let text = text.trim_end_matches('.').trim();
                if !text.is_empty() {
                    out.push((text.to_string(), None));
                }
                i += 1;
            }
        }
    }
    out
}

/// The byte spans of `piece` between soft separators (matched without regard to case).
fn spans(piece: &str) -> Vec<(usize, usize)> {
    let lower = piece.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut start = 0;
    loop {
        let next = SOFT
            .iter()
            .filter_map(|s| lower[start..].find(s).map(|i| (start + i, s.len())))
            .min();
        match next {
            Some((at, len)) => {
                out.push((start, at));
                start = at + len;
            }
            None => {
                out.push((start, piece.len()));
                return out;
            }
        }
    }
}

fn split<'t>(text: &'t str, separators: &[&str]) -> Vec<&'t str> {
    let mut parts = vec![text];
    for sep in separators {
        parts = parts.iter().flat_map(|p| p.split(sep)).collect();
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Sector;

    fn agencies() -> Vec<Agency> {
        [
            (1, "Northshire Police", "Police", Sector::Police),
            (2, "Health visiting", "HV", Sector::HealthVisiting),
            (
                3,
                "Children's Social Care",
                "CSC",
                Sector::ChildrensSocialCare,
            ),
            (4, "School", "School", Sector::Education),
            (5, "Children and Families Service", "CFS", Sector::EarlyHelp),
        ]
        .into_iter()
        .map(|(id, name, short, sector)| Agency::new(id, name, short, sector))
        .collect()
    }

    fn ids(cell: &str) -> Vec<Option<i64>> {
        named_agencies(cell, &agencies())
            .into_iter()
            .map(|(_, a)| a.map(|a| a.0))
            .collect()
    }

    #[test]
    fn a_cell_naming_several_agencies_gives_each() {
        assert_eq!(ids("Police; Health visiting"), [Some(1), Some(2)]);
        assert_eq!(ids("CSC and Police"), [Some(3), Some(1)]);
        assert_eq!(ids("Police, School"), [Some(1), Some(4)]);
        assert_eq!(ids("police / hv & school"), [Some(1), Some(2), Some(4)]);
        // Each agency once.
        assert_eq!(ids("Police; police"), [Some(1)]);
    }

    #[test]
    fn a_name_with_and_in_it_stays_whole() {
        assert_eq!(ids("Children and Families Service"), [Some(5)]);
        assert_eq!(
            ids("Children and Families Service; Police"),
            [Some(5), Some(1)]
        );
    }

    #[test]
    fn names_not_in_the_review_are_kept_as_written() {
        assert_eq!(
            named_agencies("Police and Youth Offending", &agencies()),
            vec![
                ("Police".to_string(), Some(AgencyId(1))),
                ("Youth Offending".to_string(), None)
            ]
        );
        assert!(named_agencies("  ", &agencies()).is_empty());
        assert_eq!(ids("Probation"), [None]);
    }
}
