//! Whether an entry records that the child was seen, for the timeline's "child not seen"
//! periods: the reviewer's field when it is filled in, otherwise the entry's own words, read
//! with the shared vocabulary of sightings and failed contacts (`phrases::words::SEEN`,
//! `FAILED_CONTACT`). "Mum and baby seen", "seen alone", "weighed", "imms given" are
//! sightings; "not seen", "no answer", "last seen in May" are not.

use crate::model::{ChildSeen, Entry};
use crate::phrases::{self, words, Phrases};

/// Reads sightings from entries (build once, use for many entries).
pub struct SeenReader {
    seen: Phrases<()>,
    failed: Phrases<()>,
}

impl Default for SeenReader {
    fn default() -> Self {
        SeenReader::new()
    }
}

impl SeenReader {
    /// The reader, with the shared phrase lists.
    pub fn new() -> Self {
        SeenReader {
            seen: phrases::list(words::SEEN),
            failed: phrases::list(words::FAILED_CONTACT),
        }
    }

    /// Whether `entry` records that the child was seen.
    pub fn seen(&self, entry: &Entry) -> bool {
        match entry.child_seen {
            ChildSeen::Yes => true,
            ChildSeen::No => false,
            ChildSeen::Unknown => {
                let text = phrases::normalise(&format!(
                    "{}.\n{}.\n{}",
                    entry.summary, entry.detail, entry.outcome
                ));
                self.in_words(&text)
            }
        }
    }

    /// A sighting affirmed in `text` (normalised), not one reported from before ("last seen
    /// ...", "not been seen since"), and no failed contact said instead.
    fn in_words(&self, text: &str) -> bool {
        let mut seen = false;
        self.seen.each_span(text, |_, start, end| {
            if seen || !phrases::affirmed(text, start, end) {
                return;
            }
            let before = text[..start].trim_end();
            let reported = ["last", "previously", "been", "since", "when"]
                .iter()
                .any(|w| before.ends_with(w));
            seen = !reported;
        });
        seen && (!self.failed.any_affirmed(text) || self.seen_after_failure(text))
    }

    /// "No answer on first visit; returned later and child seen": a sighting after a failed
    /// attempt in the same record still counts.
    fn seen_after_failure(&self, text: &str) -> bool {
        let mut first_failure = usize::MAX;
        self.failed.each(text, |_, s| {
            if !phrases::negated_before(text, s) {
                first_failure = first_failure.min(s);
            }
        });
        let mut later = false;
        self.seen.each_span(text, |_, s, e| {
            later = later || (s > first_failure && phrases::affirmed(text, s, e));
        });
        later
    }
}
