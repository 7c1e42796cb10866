//! The reviewer's triage surviving re-analysis: how a run's candidates merge into the stored
//! flags, and what a triage decision must satisfy.
//!
//! Candidates merge into the stored flags by identity (rule plus the entries a flag is
//! about): new flags are added, flags raised again are refreshed and keep their triage, a
//! dismissed flag whose evidence changed (its digest differs) is reopened with a note, and a
//! flag no longer raised is kept, with its triage, but marked not current.

use std::collections::{HashMap, HashSet};

use super::FlagCandidate;
use crate::error::{Error, Result};
use crate::model::{Flag, FlagStatus};

/// The changes that merging a run's candidates into the stored flags makes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MergePlan {
    /// Flags to add.
    pub inserts: Vec<Flag>,
    /// Stored flags to change (refreshed, reopened or retired).
    pub updates: Vec<Flag>,
    /// Of the updates, dismissed flags reopened because their evidence changed.
    pub reopened: u32,
    /// Of the updates, flags no longer raised.
    pub retired: u32,
    /// Candidates that match a stored flag exactly.
    pub unchanged: u32,
}

impl MergePlan {
    /// Whether running would change nothing.
    pub fn is_empty(&self) -> bool {
        self.inserts.is_empty() && self.updates.is_empty()
    }

    /// Of the updates, flags raised again whose explanation, evidence or severity changed.
    pub fn updated(&self) -> u32 {
        (self.updates.len() as u32).saturating_sub(self.retired + self.reopened)
    }
}

/// Whether a stored flag's triage no longer holds for a candidate raised again: it was
/// dismissed, and the evidence it was dismissed on has changed.
pub fn reopens(stored: &Flag, candidate: &FlagCandidate) -> bool {
    stored.status == FlagStatus::Dismissed && stored.evidence_digest != candidate.evidence_digest
}

/// The status a candidate raised again carries: the stored triage, or open when it
/// [`reopens`] (or was never triaged).
pub fn status_of(stored: Option<&Flag>, candidate: &FlagCandidate) -> FlagStatus {
    match stored {
        Some(old) if !reopens(old, candidate) => old.status,
        _ => FlagStatus::Open,
    }
}

/// Merges candidates into stored flags by identity, keeping triage (see the module docs).
pub fn merge_flags(stored: &[Flag], candidates: &[FlagCandidate]) -> MergePlan {
    let by_identity: HashMap<&str, &Flag> =
        stored.iter().map(|f| (f.identity.as_str(), f)).collect();
    let mut plan = MergePlan::default();
    let mut raised: HashSet<&str> = HashSet::new();
    for c in candidates {
        raised.insert(c.identity.as_str());
        let Some(old) = by_identity.get(c.identity.as_str()) else {
            plan.inserts.push(c.to_flag());
            continue;
        };
        let mut new = Flag {
            kind: c.kind,
            rule: c.rule.clone(),
            evidence_digest: c.evidence_digest.clone(),
            evidence: c.evidence.clone(),
            explanation: c.explanation.clone(),
            severity: c.severity,
            inferred: c.inferred,
            starts_on: c.starts_on,
            ends_on: c.ends_on,
            current: true,
            ..(*old).clone()
        };
        if reopens(old, c) {
            new.status = FlagStatus::Open;
            new.rationale = format!(
                "Reopened by the analysis because its evidence changed after it was dismissed. The reason given then: {}",
                old.rationale.trim()
            );
            plan.reopened += 1;
        }
        if &new == *old {
            plan.unchanged += 1;
        } else {
            plan.updates.push(new);
        }
    }
    for old in stored {
        if old.current && !raised.contains(old.identity.as_str()) {
            plan.updates.push(Flag {
                current: false,
                ..old.clone()
            });
            plan.retired += 1;
        }
    }
    plan
}

/// Applies a reviewer's decision to a flag: confirmed, reopened, or dismissed, which needs a
/// rationale. The rationale is stored trimmed. On error the flag is unchanged.
pub fn decide(flag: &mut Flag, status: FlagStatus, rationale: &str) -> Result<()> {
    if status == FlagStatus::Dismissed && rationale.trim().is_empty() {
        return Err(Error::Invalid(
            "Say why the flag is dismissed: a rationale is required.".into(),
        ));
    }
    flag.status = status;
    flag.rationale = rationale.trim().to_string();
    Ok(())
}

/// The verb a triage decision is recorded under in the history.
pub fn verb(status: FlagStatus) -> &'static str {
    match status {
        FlagStatus::Open => "Reopen",
        FlagStatus::Confirmed => "Confirm",
        FlagStatus::Dismissed => "Dismiss",
    }
}
