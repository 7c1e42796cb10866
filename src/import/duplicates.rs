//! Proposals for the reviewer: entries from different agencies that probably record the same
//! event (duplicates: the same incident recorded by police and by the front door), and pairs
//! that probably describe the same contact but disagree (contradictions: one record says the
//! child was seen, the other that nobody was home).
//!
//! A pair is compared when the two dates can be the same day or lie within a few days of
//! each other (approximate dates compare by their spans), and their texts are similar by
//! Sørensen–Dice similarity of character bigrams (`strsim`). Pairs already linked by the
//! reviewer (merged, marked contradicting, or kept apart) are not proposed again.

pub mod resolve;

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::model::{ChildSeen, Entry, EntryId, Link};

/// What a proposal says about a pair of entries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ProposalKind {
    /// Probably the same event, recorded twice.
    Duplicate,
    /// Probably the same contact, recorded differently.
    Contradiction,
}

/// A pair the reviewer should look at.
#[derive(Clone, Debug, PartialEq, Serialize, Type)]
pub struct Proposal {
    /// Duplicate or contradiction.
    pub kind: ProposalKind,
    /// The entry to keep (the more precise or earlier-imported record).
    pub keep: EntryId,
    /// The other entry (merged into `keep` as its duplicate).
    pub other: EntryId,
    /// Text similarity, 0 to 100.
    pub similarity: u32,
    /// Days between the two dates (0 when their spans overlap).
    pub days_apart: u32,
    /// Why the pair is proposed, in plain English.
    pub reason: String,
}

/// How far apart (days) two dates may be and still describe the same event.
pub const WINDOW_DAYS: i64 = 2;
/// Similarity (0-1) above which a pair is proposed as a duplicate.
pub const DUPLICATE_SIMILARITY: f64 = 0.5;
/// Similarity (0-1) above which a disagreeing pair is proposed as a contradiction.
pub const CONTRADICTION_SIMILARITY: f64 = 0.3;
/// The most proposals returned at once.
pub const MAX_PROPOSALS: usize = 500;

fn text_of(e: &Entry) -> String {
    let mut t = format!("{} {}", e.summary, e.detail);
    if t.len() > 600 {
        let mut cut = 600;
        while !t.is_char_boundary(cut) {
            cut -= 1;
        }
        t.truncate(cut);
    }
    t.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

const NEGATIVE: &[&str] = &[
    "no access",
    "not seen",
    "did not attend",
    "was not brought",
    "not brought",
    "cancelled",
    "did not take place",
    "not at home",
    "no reply",
    "declined",
    "no record",
    "not present",
    "failed to attend",
];

fn negative(text: &str) -> bool {
    NEGATIVE.iter().any(|n| text.contains(n))
}

/// Days between two entries' dates, 0 when their spans overlap.
fn gap(a: &Entry, b: &Entry) -> i64 {
    if a.date.end < b.date.start {
        (b.date.start - a.date.end).num_days()
    } else if b.date.end < a.date.start {
        (a.date.start - b.date.end).num_days()
    } else {
        0
    }
}

fn rank(e: &Entry) -> (u8, i64) {
    let precise = match e.date.precision {
        crate::dates::DatePrecision::Time => 0,
        crate::dates::DatePrecision::Day => 1,
        _ => 2,
    };
    (precise + e.date.approximate as u8, e.id.0)
}

/// Proposes duplicates and contradictions among `entries` (any order), leaving out pairs
/// already linked and pairs within one agency.
pub fn propose(entries: &[Entry], links: &[Link]) -> Vec<Proposal> {
    let linked: HashSet<(EntryId, EntryId)> = links
        .iter()
        .flat_map(|l| [(l.from, l.to), (l.to, l.from)])
        .collect();
    // Entries already merged away are not proposed again.
    let merged: HashSet<EntryId> = links
        .iter()
        .filter(|l| l.kind == crate::model::LinkKind::DuplicateOf)
        .map(|l| l.from)
        .collect();
    let mut order: Vec<&Entry> = entries.iter().filter(|e| !merged.contains(&e.id)).collect();
    order.sort_by_key(|e| (e.date.start, e.id));
    // Wide spans (a season, a year) would pair with everything: only spans up to a month.
    let texts: Vec<String> = order.iter().map(|e| text_of(e)).collect();
    let mut out = Vec::new();
    for i in 0..order.len() {
        let a = order[i];
        if (a.date.end - a.date.start).num_days() > 31 {
            continue;
        }
        for j in i + 1..order.len() {
            let b = order[j];
            if (b.date.start - a.date.end).num_days() > WINDOW_DAYS {
                break;
            }
            if a.agency == b.agency
                || (b.date.end - b.date.start).num_days() > 31
                || linked.contains(&(a.id, b.id))
            {
                continue;
            }
            let days = gap(a, b);
            if days > WINDOW_DAYS {
                continue;
            }
            if texts[i].is_empty() || texts[j].is_empty() {
                continue;
            }
            let sim = strsim::sorensen_dice(&texts[i], &texts[j]);
            let seen_differs = matches!(
                (a.child_seen, b.child_seen),
                (ChildSeen::Yes, ChildSeen::No) | (ChildSeen::No, ChildSeen::Yes)
            );
            let attendance_differs = negative(&texts[i]) != negative(&texts[j]);
            let (keep, other) = if rank(a) <= rank(b) { (a, b) } else { (b, a) };
            let when = if days == 0 {
                "on the same day".to_string()
            } else {
                format!("{days} day{} apart", if days == 1 { "" } else { "s" })
            };
            if sim >= CONTRADICTION_SIMILARITY && (seen_differs || attendance_differs) {
                out.push(Proposal {
                    kind: ProposalKind::Contradiction,
                    keep: keep.id,
                    other: other.id,
                    similarity: (sim * 100.0).round() as u32,
                    days_apart: days as u32,
                    reason: format!(
                        "Similar records {when} that disagree: {}.",
                        if seen_differs {
                            "one says the child was seen, the other that the child was not"
                        } else {
                            "one records the contact as happening, the other as not happening"
                        }
                    ),
                });
            } else if sim >= DUPLICATE_SIMILARITY {
                out.push(Proposal {
                    kind: ProposalKind::Duplicate,
                    keep: keep.id,
                    other: other.id,
                    similarity: (sim * 100.0).round() as u32,
                    days_apart: days as u32,
                    reason: format!(
                        "Records from two agencies {when}, {}% alike in wording.",
                        (sim * 100.0).round()
                    ),
                });
            }
            if out.len() >= MAX_PROPOSALS {
                return out;
            }
        }
    }
    out.sort_by_key(|p| std::cmp::Reverse(p.similarity));
    out
}
