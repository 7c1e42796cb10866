//! Applying the reviewer's decisions on proposed pairs: merged entries form groups, each with
//! one entry kept, and every other member links straight to it (no chains; each entry is
//! merged into one other at most). Contradictions and "keep apart" become links of their own,
//! so the pair is not proposed again.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::error::Result;
use crate::model::{EntryId, Link, LinkId, LinkKind};
use crate::store::Writer;

/// The reviewer's decision on a proposed pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum PairDecision {
    /// The same event: `other` becomes a duplicate of `keep` (both provenances kept).
    Merge,
    /// The two records contradict each other.
    Contradicts,
    /// Different events: keep both, and stop proposing the pair.
    KeepApart,
}

/// A decision on one pair.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct PairResolution {
    /// The entry kept.
    pub keep: EntryId,
    /// The other entry.
    pub other: EntryId,
    /// What the reviewer decided.
    pub decision: PairDecision,
}

/// The note written on links made by "keep apart": the pair is not proposed again.
pub const KEPT_APART_NOTE: &str = "Kept apart by the reviewer: not the same event.";

/// The history label for applying `decisions`.
pub fn label(decisions: &[PairResolution]) -> String {
    let merged = decisions
        .iter()
        .filter(|d| d.decision == PairDecision::Merge)
        .count();
    match (decisions.len(), merged) {
        (1, 1) => "Merge a duplicate entry".to_string(),
        (n, m) if m == n => format!("Merge {n} duplicate entries"),
        (1, _) => "Decide on a proposed pair".to_string(),
        (n, _) => format!("Decide on {n} proposed pairs"),
    }
}

/// Applies the decisions inside the caller's change set.
pub fn apply(w: &Writer<'_>, decisions: &[PairResolution]) -> Result<()> {
    // Merged entries form groups, each with one entry kept: every other member links
    // straight to it (no chains, each entry merged into one other at most).
    let existing: Vec<Link> = w
        .links()?
        .into_iter()
        .filter(|l| l.kind == LinkKind::DuplicateOf)
        .collect();
    let mut parent: HashMap<EntryId, EntryId> = Default::default();
    fn find(p: &mut HashMap<EntryId, EntryId>, x: EntryId) -> EntryId {
        let mut r = x;
        while let Some(&n) = p.get(&r) {
            if n == r {
                break;
            }
            r = n;
        }
        p.insert(x, r);
        r
    }
    let mut root_of_group: HashMap<EntryId, EntryId> = Default::default();
    let union = |p: &mut HashMap<EntryId, EntryId>, a: EntryId, b: EntryId| {
        let (ra, rb) = (find(p, a), find(p, b));
        if ra != rb {
            p.insert(ra, rb);
        }
    };
    for l in &existing {
        union(&mut parent, l.from, l.to);
    }
    let merges: Vec<&PairResolution> = decisions
        .iter()
        .filter(|d| d.decision == PairDecision::Merge)
        .collect();
    for d in &merges {
        union(&mut parent, d.other, d.keep);
    }
    // The kept entry of a group: the one existing merges point to, else the first
    // decision's kept entry.
    for l in &existing {
        let r = find(&mut parent, l.to);
        root_of_group.entry(r).or_insert(l.to);
    }
    for d in &merges {
        let r = find(&mut parent, d.keep);
        let keep = existing
            .iter()
            .find(|l| l.from == d.keep)
            .map(|l| l.to)
            .unwrap_or(d.keep);
        root_of_group.entry(r).or_insert(keep);
    }
    let mut members: Vec<EntryId> = existing.iter().flat_map(|l| [l.from, l.to]).collect();
    members.extend(merges.iter().flat_map(|d| [d.other, d.keep]));
    members.sort();
    members.dedup();
    for m in members {
        let r = find(&mut parent, m);
        let keep = root_of_group[&r];
        if m == keep {
            if let Some(l) = existing.iter().find(|l| l.from == m) {
                w.delete_link(l.id)?;
            }
            continue;
        }
        match existing.iter().find(|l| l.from == m) {
            Some(l) if l.to == keep => {}
            other => {
                if let Some(l) = other {
                    w.delete_link(l.id)?;
                }
                w.insert_link(&Link {
                    id: LinkId(0),
                    from: m,
                    to: keep,
                    kind: LinkKind::DuplicateOf,
                    note: "Merged: the same event recorded by two agencies.".into(),
                })?;
            }
        }
    }
    for d in decisions
        .iter()
        .filter(|d| d.decision != PairDecision::Merge)
    {
        let (kind, note) = match d.decision {
            PairDecision::Merge => continue,
            PairDecision::Contradicts => (
                LinkKind::Contradicts,
                "The two agencies' records of this contact disagree.",
            ),
            PairDecision::KeepApart => (LinkKind::Related, KEPT_APART_NOTE),
        };
        w.insert_link(&Link {
            id: LinkId(0),
            from: d.other,
            to: d.keep,
            kind,
            note: note.into(),
        })?;
    }
    Ok(())
}
