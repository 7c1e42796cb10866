//! The agency loop: what the reviewer sends to each agency and what comes back.
//!
//! A review's chronology is built from the agencies' returns. This module writes the
//! **template** an agency fills in (`template`), recognises a filled template when it comes
//! back (the [`ReturnMarker`] hidden in the file's properties), checks a return and writes a
//! report the reviewer can send back to the agency (`check`), and writes the documents the
//! agencies and the partnership receive at the end: the **factual-accuracy pack** for each
//! agency and the one-page **7-minute briefing** (`pack`). Everything here is a pure function
//! of the review's data and "today"; the caller writes the bytes.

pub mod check;
pub mod pack;
pub mod requests;
pub mod template;

use std::io::Read;

use serde::{Deserialize, Serialize};

/// The name of the custom document property that marks a Chronolane agency template.
pub const MARKER_PROPERTY: &str = "ChronolaneAgencyReturn";

/// What a template carries so its return is recognised with no questions: whose return it is
/// and for which review. Stored as JSON in a custom document property (DOCX and XLSX alike),
/// which Word and Excel keep when the agency saves the file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnMarker {
    /// The marker's format version.
    pub version: u32,
    /// The agency's full name as the review holds it.
    pub agency: String,
    /// The review's title when the template was written.
    pub review: String,
}

impl ReturnMarker {
    /// The marker for `agency` in the review titled `review`.
    pub fn new(agency: &str, review: &str) -> ReturnMarker {
        ReturnMarker {
            version: 1,
            agency: agency.to_string(),
            review: review.to_string(),
        }
    }
}

/// The largest `docProps/custom.xml` read when looking for a marker; real ones are tiny.
const MAX_CUSTOM_XML: u64 = 256 * 1024;

/// Finds the marker of a Chronolane template in a DOCX or XLSX file's bytes, if it has one.
/// Anything that is not a zip, or has no (or an unreadable) marker, is simply not a template.
pub fn read_marker(bytes: &[u8]) -> Option<ReturnMarker> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let file = zip.by_name("docProps/custom.xml").ok()?;
    let mut xml = String::new();
    file.take(MAX_CUSTOM_XML).read_to_string(&mut xml).ok()?;
    let start = xml.find(&format!("name=\"{MARKER_PROPERTY}\""))?;
    let rest = &xml[start..];
    let value_start = rest.find("<vt:lpwstr>")? + "<vt:lpwstr>".len();
    let value_end = rest[value_start..].find("</vt:lpwstr>")? + value_start;
    let json = unescape_xml(&rest[value_start..value_end]);
    serde_json::from_str(&json).ok()
}

fn unescape_xml(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}
