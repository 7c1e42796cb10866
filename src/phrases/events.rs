//! Events that start a protocol's clock but have no entry kind of their own: a child's return
//! from a missing episode, an exclusion from school, a placement, an arrest, a discharge, a
//! birth. A terms of reference names them in its own words ("within 72 hours of return", "from
//! the sixth school day of the exclusion"); a chronology records them in others ("reported
//! missing ... found at the bus station", "permanently excluded"). Each event has a short tag
//! (stored as a protocol rule's trigger tag) and both lists of words, so the protocol reader
//! and the analysis read the same event the same way.
//!
//! A protocol rule can also name its response in words, when the response has no kind of its
//! own ("a return home interview", "full-time education"): the rule's tag then reads
//! `"<trigger> → <response words>"` ([`RESPONSE_MARK`]); [`split_tag`] takes it apart.

use super::{list, normalise, Phrases};

/// Between a rule tag's trigger words and its response words: "missing → return home
/// interview".
pub const RESPONSE_MARK: &str = "→";

/// One event: its tag, how a terms of reference names it, how an entry records it.
struct Event {
    tag: &'static str,
    in_terms: &'static [&'static str],
    in_entries: &'static [&'static str],
}

const EVENTS: &[Event] = &[
    Event {
        tag: "missing",
        in_terms: &[
            "missing",
            "return",
            "returned",
            "being found",
            "is found",
            "was found",
            "found",
            "located",
        ],
        in_entries: &["missing", "absconded", "whereabouts unknown", "mfh"],
    },
    Event {
        tag: "exclusion",
        in_terms: &["exclusion", "excluded", "excluding a pupil"],
        in_entries: &["exclusion", "excluded from", "permanently excluded", "pex"],
    },
    Event {
        tag: "placement",
        in_terms: &[
            "placement",
            "being placed",
            "is placed",
            "placed",
            "accommodated",
            "coming into care",
            "becoming looked after",
        ],
        in_entries: &[
            "placement - ",
            "placement started",
            "new placement",
            "placed at",
            "placed in",
            "placed with",
            "admitted to the home",
            "admission to the home",
            "accommodated",
        ],
    },
    Event {
        tag: "arrest",
        in_terms: &["arrest", "custody", "being charged", "charge"],
        in_entries: &["arrested", "arrest", "in custody", "custody"],
    },
    Event {
        tag: "discharge",
        in_terms: &["discharge", "leaving hospital"],
        in_entries: &["discharged", "discharge"],
    },
    Event {
        tag: "birth",
        in_terms: &["birth", "being born", "delivery"],
        in_entries: &["born", "birth", "delivered", "delivery of"],
    },
];

/// The tag of the event a terms of reference's words name ("return", "a child being found" →
/// "missing"), if they name one, affirmed (not "excluding weekends").
pub fn event_in_terms(words: &str) -> Option<&'static str> {
    let text = normalise(words);
    // "excluding weekends and bank holidays" is how working days are defined, not an event.
    let text = text
        .replace("excluding weekends", "")
        .replace("excluding", "");
    EVENTS.iter().find_map(|e| {
        let p: Phrases<()> = list(e.in_terms);
        p.any_affirmed(&text).then_some(e.tag)
    })
}

/// Whether an entry's words (normalised) record the event `tag` names; `None` when the tag is
/// not an event's.
pub fn records_event(tag: &str, text: &str) -> Option<bool> {
    let e = EVENTS.iter().find(|e| e.tag == tag)?;
    Some(list(e.in_entries).any_affirmed(text))
}

/// A rule tag's trigger words and, after [`RESPONSE_MARK`] (or "->"), its response words.
pub fn split_tag(tag: &str) -> (&str, Option<&str>) {
    let at = tag
        .find(RESPONSE_MARK)
        .map(|i| (i, RESPONSE_MARK.len()))
        .or_else(|| tag.find("->").map(|i| (i, 2)));
    match at {
        Some((i, n)) => {
            let response = tag[i + n..].trim();
            (tag[..i].trim(), (!response.is_empty()).then_some(response))
        }
        None => (tag.trim(), None),
    }
}

/// Words that do not say what a response is: articles, "suitable", the verbs a terms of
/// reference puts before it ("arranges", "is offered").
const FILLER: &[&str] = &[
    "a",
    "an",
    "the",
    "any",
    "suitable",
    "appropriate",
    "relevant",
    "its",
    "their",
    "his",
    "her",
    "for",
    "of",
    "to",
    "is",
    "are",
    "be",
    "must",
    "should",
    "will",
];

/// The words that say what a response is, from a clause's subject: "a return home interview is
/// offered" → "return home interview"; "the local authority arranges suitable full-time
/// education" → "full-time education". The agent before a verb of doing is left out.
pub fn response_words(subject: &str) -> String {
    const VERBS: &[&str] = &[
        "arranges",
        "arrange",
        "provides",
        "provide",
        "offers",
        "offer",
        "makes",
        "make",
        "holds",
        "hold",
        "completes",
        "complete",
        "carries out",
        "undertakes",
        "undertake",
        "convenes",
        "sends",
        "send",
    ];
    const PASSIVE: &[&str] = &[
        "offered",
        "provided",
        "held",
        "completed",
        "arranged",
        "made",
        "carried out",
        "undertaken",
        "convened",
        "sent",
        "takes place",
        "take place",
    ];
    let mut l = normalise(subject);
    for v in VERBS {
        let marker = format!(" {v} ");
        if let Some(i) = l.find(&marker) {
            l = l[i + marker.len()..].to_string();
            break;
        }
    }
    // When it is due is not what it is: "... education from the sixth school day".
    for cut in [" from ", " by ", " within ", " no later than ", " before "] {
        if let Some(i) = l.find(cut) {
            l.truncate(i);
        }
    }
    for p in PASSIVE {
        if let Some(i) = l.find(&format!(" {p}")) {
            l.truncate(i);
        }
    }
    l.split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty() && !FILLER.contains(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether `text` (normalised) names the response `words` describe: every word at a word start
/// ("interview" finds "interviews"), or their initials as a word ("return home interview" →
/// "rhi", "rhis"); affirmed, and not only asked for ("RHI request", "requested an RHI").
pub fn names_response(words: &str, text: &str) -> bool {
    let words: Vec<String> = normalise(words)
        .split_whitespace()
        .map(str::to_string)
        .collect();
    if words.is_empty() {
        return false;
    }
    let asked = |at: usize, end: usize| {
        let before: Vec<&str> = text[..at]
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .rev()
            .take(2)
            .collect();
        let after = text[end..].trim_start();
        before.iter().any(|w| {
            [
                "request",
                "requested",
                "requests",
                "for",
                "due",
                "awaiting",
                "await",
                "chase",
                "chased",
            ]
            .contains(w)
        }) || ["request", "referral", "to be", "due"]
            .iter()
            .any(|w| after.starts_with(w))
    };
    // The phrase in full.
    let phrase = words.join(" ");
    let full: Phrases<()> = list(&[phrase.as_str()]);
    let mut found = false;
    full.each_span(text, |_, s, e| {
        found = found || (super::affirmed(text, s, e) && !asked(s, e));
    });
    if found {
        return true;
    }
    // Its initials, for phrases of two words or more.
    if words.len() >= 2 {
        let initials: String = words.iter().filter_map(|w| w.chars().next()).collect();
        let plural = format!("{initials}s");
        let mut offset = 0;
        for w in text.split(|c: char| !c.is_alphanumeric()) {
            let start = offset;
            offset += w.len() + 1;
            if (w == initials || w == plural)
                && super::affirmed(text, start, start + w.len())
                && !asked(start, start + w.len())
            {
                return true;
            }
        }
    }
    false
}

/// Responses a protocol qualifies as given in full, and the words that record them given in
/// part: "full-time education" is not met by "a part-time place" or "a reduced timetable".
const IN_PART: &[(&str, &[&str])] = &[
    (
        "full-time",
        &["part-time", "part time", "reduced timetable", "phased"],
    ),
    (
        "full time",
        &["part-time", "part time", "reduced timetable", "phased"],
    ),
];

/// Whether `text` (normalised) records the response `words` name given only in part (the
/// protocol asks for "full-time education"; the record says "place started - part-time").
pub fn names_response_in_part(words: &str, text: &str) -> bool {
    let words = normalise(words);
    IN_PART
        .iter()
        .any(|(full, part)| words.contains(full) && list(part).any_affirmed(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_named_in_terms_of_reference() {
        assert_eq!(event_in_terms("return"), Some("missing"));
        assert_eq!(event_in_terms("a child being found"), Some("missing"));
        assert_eq!(
            event_in_terms("the sixth school day of the exclusion"),
            Some("exclusion")
        );
        assert_eq!(event_in_terms("placement"), Some("placement"));
        assert_eq!(event_in_terms("the young person's arrest"), Some("arrest"));
        // Near misses: the working-day definition, and words of no event.
        assert_eq!(event_in_terms("working days excluding weekends"), None);
        assert_eq!(event_in_terms("the equinox"), None);
        assert_eq!(event_in_terms("no placement was made"), None);
    }

    #[test]
    fn entries_record_events_in_their_own_words() {
        assert_eq!(
            records_event("missing", "reported missing by carer at 21:00"),
            Some(true)
        );
        assert_eq!(
            records_event("exclusion", "pupil permanently excluded after assault"),
            Some(true)
        );
        assert_eq!(
            records_event("missing", "home visit, all well"),
            Some(false)
        );
        // Near miss: a school's admissions panel is not a placement.
        assert_eq!(
            records_event("placement", "referred to the pru admissions panel"),
            Some(false)
        );
        assert_eq!(records_event("s47", "anything"), None);
    }

    #[test]
    fn a_tag_carries_response_words_after_the_mark() {
        assert_eq!(
            split_tag("missing → return home interview"),
            ("missing", Some("return home interview"))
        );
        assert_eq!(
            split_tag("exclusion -> full-time education"),
            ("exclusion", Some("full-time education"))
        );
        assert_eq!(split_tag("marac"), ("marac", None));
        assert_eq!(split_tag("missing → "), ("missing", None));
    }

    #[test]
    fn response_words_leave_out_the_agent_and_the_verb() {
        assert_eq!(
            response_words("a return home interview is offered"),
            "return home interview"
        );
        assert_eq!(
            response_words("the local authority arranges suitable full-time education"),
            "full-time education"
        );
        assert_eq!(
            response_words("A welfare visit takes place"),
            "welfare visit"
        );
    }

    #[test]
    fn a_response_is_named_in_full_or_by_its_initials_not_when_only_asked_for() {
        let w = "return home interview";
        assert!(names_response(w, "return home interview completed at home"));
        assert!(names_response(w, "rhi completed by the return worker"));
        assert!(names_response(w, "two rhis offered, one declined"));
        // Near misses: asked for, negated, or other words.
        assert!(!names_response(w, "rhi request sent to the return team"));
        assert!(!names_response(w, "requested an rhi"));
        assert!(!names_response(w, "no return home interview"));
        assert!(!names_response(w, "returned home after the interview"));
        assert!(!names_response(
            "full-time education",
            "part-time place started"
        ));
    }

    #[test]
    fn a_response_given_in_part_is_read_only_where_the_protocol_asks_for_it_in_full() {
        let w = "full-time education";
        assert!(names_response_in_part(
            w,
            "place started - part-time 10:00-12:00"
        ));
        assert!(names_response_in_part(
            w,
            "pupil on a reduced timetable from monday"
        ));
        // Near misses: the full response, a response asked for in no particular measure,
        // and "not part-time".
        assert!(!names_response_in_part(w, "full-time place started"));
        assert!(!names_response_in_part(
            "return home interview",
            "part-time worker completed the interview"
        ));
        assert!(!names_response_in_part(w, "timetable is not part-time"));
    }
}
