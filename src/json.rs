//! The canonical JSON form of a whole review: a lossless, versioned, human-readable copy of
//! its content, for backups, exchange and tests.
//!
//! Format (`"format": "chronolane-review"`, `"version": 1`): one object with the review's
//! details and one array per kind of record (`areas`, `agencies`, `people`, `sources`,
//! `entries`, `links`, `kpes`, `findings`, `flags`, `protocol_rules`) plus
//! `analysis_settings`. Records keep their ids (as strings) so cross-references survive;
//! arrays are in the store's order; dates are ISO 8601 (`2015-06-12`); enumerations use
//! the codes listed in ARCHITECTURE.md. The audit log and undo history are not part of the
//! format: they describe how a file came to be, not what the review says.
//!
//! Writing a review to JSON, reading it into a new file and writing that again gives
//! byte-identical JSON (tested on the demo review).

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::*;
use crate::store::{Reader, Store, Writer};

/// The `format` marker of a canonical JSON review.
pub const FORMAT: &str = "chronolane-review";
/// The version of the canonical JSON format this build writes and reads.
pub const VERSION: u32 = 1;

/// A whole review's content.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewData {
    /// Always [`FORMAT`].
    pub format: String,
    /// The format version.
    pub version: u32,
    /// The review's details.
    pub review: Review,
    /// Analysis settings as stored (a JSON object; empty for defaults).
    pub analysis_settings: serde_json::Value,
    /// Areas.
    pub areas: Vec<Area>,
    /// Agencies (lanes).
    pub agencies: Vec<Agency>,
    /// The people glossary.
    pub people: Vec<Person>,
    /// Source documents.
    pub sources: Vec<SourceDocument>,
    /// The integrated chronology.
    pub entries: Vec<Entry>,
    /// Links between entries.
    pub links: Vec<Link>,
    /// Key Practice Episodes.
    pub kpes: Vec<KeyPracticeEpisode>,
    /// Findings.
    pub findings: Vec<Finding>,
    /// Flags with their triage.
    pub flags: Vec<Flag>,
    /// Protocol rules.
    pub protocol_rules: Vec<ProtocolRule>,
    /// What was asked of each agency, and when (absent in files from before it existed).
    #[serde(default)]
    pub agency_requests: Vec<AgencyRequest>,
}

impl ReviewData {
    /// An empty review with the given details.
    pub fn new(review: Review) -> Self {
        ReviewData {
            format: FORMAT.into(),
            version: VERSION,
            review,
            analysis_settings: serde_json::json!({}),
            areas: Vec::new(),
            agencies: Vec::new(),
            people: Vec::new(),
            sources: Vec::new(),
            entries: Vec::new(),
            links: Vec::new(),
            kpes: Vec::new(),
            findings: Vec::new(),
            flags: Vec::new(),
            protocol_rules: Vec::new(),
            agency_requests: Vec::new(),
        }
    }

    /// Reads everything from a review.
    pub fn load(reader: &Reader<'_>) -> Result<Self> {
        Ok(ReviewData {
            format: FORMAT.into(),
            version: VERSION,
            review: reader.review()?,
            analysis_settings: serde_json::from_str(&reader.analysis_settings_json()?)?,
            areas: reader.areas()?,
            agencies: reader.agencies()?,
            people: reader.people()?,
            sources: reader.sources()?,
            entries: reader.entries()?,
            links: reader.links()?,
            kpes: reader.kpes()?,
            findings: reader.findings()?,
            flags: reader.flags()?,
            protocol_rules: reader.protocol_rules()?,
            agency_requests: reader.agency_requests()?,
        })
    }

    /// Writes everything into an empty review, keeping ids, in dependency order.
    pub fn insert_into(&self, w: &Writer<'_>) -> Result<()> {
        w.set_review(&self.review)?;
        w.set_analysis_settings_json(&self.analysis_settings.to_string())?;
        for a in &self.areas {
            w.insert_area(a)?;
        }
        for a in &self.agencies {
            w.insert_agency(a)?;
        }
        for p in &self.people {
            w.insert_person(p)?;
        }
        for s in &self.sources {
            w.insert_source(s)?;
        }
        for e in &self.entries {
            w.insert_entry(e)?;
        }
        for l in &self.links {
            w.insert_link(l)?;
        }
        for k in &self.kpes {
            w.insert_kpe(k)?;
        }
        for f in &self.findings {
            w.insert_finding(f)?;
        }
        for f in &self.flags {
            w.insert_flag(f)?;
        }
        for r in &self.protocol_rules {
            w.insert_protocol_rule(r)?;
        }
        for r in &self.agency_requests {
            w.set_agency_request(r)?;
        }
        Ok(())
    }

    /// Parses canonical JSON, checking the format marker and version first so an unrelated
    /// or newer document gets a clear message.
    pub fn from_json(text: &str) -> Result<Self> {
        let value: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| Error::Invalid(format!("This is not valid JSON ({e}).")))?;
        match value.get("format").and_then(|f| f.as_str()) {
            Some(FORMAT) => {}
            _ => {
                return Err(Error::Invalid(
                    "This JSON is not a Chronolane review (its \"format\" is not \"chronolane-review\").".into(),
                ))
            }
        }
        let version = value.get("version").and_then(|v| v.as_u64()).unwrap_or(0);
        if version as u32 != VERSION {
            return Err(Error::Invalid(format!(
                "This review JSON is version {version}; this version of Chronolane reads version {VERSION}."
            )));
        }
        let mut value = value;
        receivers_as_lists(&mut value);
        serde_json::from_value(value).map_err(|e| {
            Error::Invalid(format!(
                "The review JSON is not complete or has a wrong value: {e}."
            ))
        })
    }

    /// Pretty-printed canonical JSON, ending with a newline.
    pub fn to_json(&self) -> Result<String> {
        let mut s = serde_json::to_string_pretty(self)?;
        s.push('\n');
        Ok(s)
    }
}

/// Reads the JSON of entries written before an entry could go to several agencies: one
/// `to_agency` (an id or null) becomes the list `to_agencies`, and the same for the suggested
/// one. The format's version is unchanged: a list is what a single value always meant.
fn receivers_as_lists(value: &mut serde_json::Value) {
    let entries = value.get_mut("entries").and_then(|e| e.as_array_mut());
    for entry in entries.into_iter().flatten() {
        let Some(entry) = entry.as_object_mut() else {
            continue;
        };
        for (old, new) in [
            ("to_agency", "to_agencies"),
            ("suggested_to_agency", "suggested_to_agencies"),
        ] {
            if let Some(one) = entry.remove(old) {
                let list: Vec<serde_json::Value> =
                    Some(one).filter(|v| !v.is_null()).into_iter().collect();
                entry.entry(new).or_insert(serde_json::Value::Array(list));
            }
        }
    }
}

/// Writes a review's canonical JSON to `out` (atomically: a temporary file renamed into place).
pub fn export_json(store: &Store, out: &Path) -> Result<()> {
    let text = ReviewData::load(&store.read())?.to_json()?;
    crate::files::write_atomically(out, text.as_bytes())
}

/// Creates a new review file at `file` from canonical JSON at `input`.
pub fn import_json(input: &Path, file: &Path, passphrase: Option<&str>) -> Result<Store> {
    let text = std::fs::read_to_string(input).map_err(|e| Error::io("read", input, e))?;
    let data = ReviewData::from_json(&text)?;
    Store::create_with(file, passphrase, |w| data.insert_into(w))
}
