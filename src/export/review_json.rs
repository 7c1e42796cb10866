//! The review's canonical JSON ([`ReviewData`]) with real names replaced by labels: a copy to
//! share that still imports as a review. It lives with the export, beside the one
//! [`Pseudonymiser`], so the JSON format itself knows nothing of pseudonymising.

use std::path::Path;

use super::Pseudonymiser;
use crate::error::Result;
use crate::json::ReviewData;

/// The same review with real names replaced by labels in every text, and the glossary
/// holding labels and roles only. It still imports as a review.
pub fn pseudonymised_review(data: &ReviewData) -> Result<ReviewData> {
    fn walk(v: &mut serde_json::Value, p: &Pseudonymiser) {
        match v {
            serde_json::Value::String(s) => {
                let replaced = p.apply(s);
                if replaced != *s {
                    *s = replaced;
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(|i| walk(i, p)),
            serde_json::Value::Object(map) => map.values_mut().for_each(|i| walk(i, p)),
            _ => {}
        }
    }
    let names = Pseudonymiser::new(&data.people);
    let mut copy = data.clone();
    for person in &mut copy.people {
        person.real_name = None;
        person.aliases.clear();
        person.date_of_birth = None;
    }
    let mut value = serde_json::to_value(&copy)?;
    walk(&mut value, &names);
    Ok(serde_json::from_value(value)?)
}

/// Writes `data` as canonical JSON to `out` with every real name replaced by its label (the
/// [`Pseudonymiser`] on every text value), and the glossary's real names, aliases and dates
/// of birth left out; atomically, like every export.
pub fn write_pseudonymised_json(data: &ReviewData, out: &Path) -> Result<()> {
    let text = pseudonymised_review(data)?.to_json()?;
    crate::files::write_atomically(out, text.as_bytes())
}
