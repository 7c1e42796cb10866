//! A corrected return replacing an agency's previous one.
//!
//! Agencies send corrected returns after a check. A returned template replaces the agency's
//! earlier returned templates (never its other submissions); any other file replaces the
//! agency's latest earlier submission. The corrected file is imported as usual;
//! then, in the same change, each entry of the agency's earlier returns that the new file
//! repeats word for word is kept (with everything the reviewer added to it: comment, links,
//! KPE membership, accepted suggestions) and pointed at the new file, the new copy is dropped,
//! and entries the new file no longer has are removed. One undo takes the whole replacement
//! back.

use std::collections::HashMap;

use crate::dates::uk;
use crate::error::Result;
use crate::model::{AgencyId, Entry, SourceId};
use crate::store::Writer;

/// Added to a source document's notes when it was a returned Chronolane template (one the
/// agency loop wrote, `crate::agency`), so a corrected return replaces the earlier returns
/// and not the agency's other submissions.
pub const RETURN_NOTE: &str = "a returned Chronolane agency template";

/// What replacing a return changed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Replaced {
    /// Entries the new return repeats: kept, with the reviewer's work on them.
    pub kept: u32,
    /// Entries new or changed in the new return.
    pub added: Vec<String>,
    /// Entries of the earlier return that the new one no longer has (or has changed).
    pub removed: Vec<String>,
    /// Earlier source documents replaced.
    pub replaced_sources: Vec<String>,
}

/// What an agency wrote for an entry: equal keys mean the same record, unchanged.
fn key(e: &Entry) -> (String, String, String, String, String) {
    let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    (
        norm(&e.date_as_written),
        norm(&e.summary),
        norm(&e.detail),
        norm(&e.outcome),
        norm(&e.practitioner_as_written),
    )
}

fn describe(e: &Entry) -> String {
    let text = if e.summary.trim().is_empty() {
        e.detail.trim()
    } else {
        e.summary.trim()
    };
    let short: String = text.chars().take(80).collect();
    format!(
        "{}: {}{}",
        if e.date_as_written.trim().is_empty() {
            uk(e.date.start)
        } else {
            e.date_as_written.trim().to_string()
        },
        short,
        if text.chars().count() > 80 { "…" } else { "" }
    )
}

/// After the corrected return `new_source` of `agency` was written, replaces the agency's
/// earlier returns with it (see the module's notes). Runs inside the import's change.
pub fn replace_previous(
    w: &Writer<'_>,
    agency: AgencyId,
    new_source: SourceId,
) -> Result<Replaced> {
    // A returned template replaces the agency's earlier returned templates; any other file
    // replaces the agency's latest earlier submission that was not a template.
    let sources = w.sources()?;
    let is_return = |notes: &str| notes.contains(RETURN_NOTE);
    let new_is_return = sources
        .iter()
        .any(|s| s.id == new_source && is_return(&s.notes));
    let mut earlier: Vec<_> = sources
        .into_iter()
        .filter(|s| s.agency == Some(agency) && s.id != new_source)
        .filter(|s| is_return(&s.notes) == new_is_return)
        .collect();
    if !new_is_return {
        earlier.sort_by_key(|s| s.imported_at);
        earlier = earlier.pop().into_iter().collect();
    }
    let mut out = Replaced::default();
    let entries = w.entries()?;
    let from =
        |e: &Entry, ids: &[SourceId]| e.source.as_ref().is_some_and(|s| ids.contains(&s.document));
    let earlier_ids: Vec<SourceId> = earlier.iter().map(|s| s.id).collect();
    let mut old: HashMap<_, Vec<&Entry>> = HashMap::new();
    for e in entries.iter().filter(|e| from(e, &earlier_ids)) {
        old.entry(key(e)).or_default().push(e);
    }
    for new in entries.iter().filter(|e| from(e, &[new_source])) {
        match old.get_mut(&key(new)).and_then(|v| v.pop()) {
            Some(kept) => {
                let mut kept = kept.clone();
                kept.source = new.source.clone();
                w.update_entry(&kept)?;
                w.delete_entry(new.id)?;
                out.kept += 1;
            }
            None => out.added.push(describe(new)),
        }
    }
    let mut gone: Vec<&Entry> = old.into_values().flatten().collect();
    gone.sort_by_key(|e| (e.date.start, e.sequence));
    for e in gone {
        out.removed.push(describe(e));
        w.delete_entry(e.id)?;
    }
    for s in &earlier {
        w.delete_source(s.id)?;
        out.replaced_sources.push(s.file_name.clone());
    }
    Ok(out)
}
