//! The level of service a text asks for or gives: "recommends ICPC" and "s47" are child
//! protection, "CIN plan" and "pre-birth assessment" child in need, "step across to Early
//! Help" and "Level 2" early help, "NFA" and "below threshold" no further action. Adult
//! reviews' statutory enquiry (s42) is read as the child protection level.

use std::sync::OnceLock;

use crate::model::ServiceLevel;

use super::{affirmed, normalise, Phrases};

const LEVELS: &[(&[&str], ServiceLevel)] = &[
    (
        &[
            "icpc",
            "ti-icpc",
            "rcpc",
            "child protection",
            "cp plan",
            "cp medical",
            "cp enquiry",
            "s47",
            "s.47",
            "section 47",
            "strategy discussion",
            "strategy meeting",
            "s42",
            "s.42",
            "section 42",
            "safeguarding enquiry",
            "level 4",
        ],
        ServiceLevel::ChildProtection,
    ),
    (
        &[
            "child in need",
            "cin",
            "s17",
            "section 17",
            "single assessment",
            "pre-birth assessment",
            "social work assessment",
            "statutory assessment",
            "c&f assessment",
            "children and families assessment",
            "care act assessment",
            "needs assessment",
            "level 3",
        ],
        ServiceLevel::ChildInNeed,
    ),
    (
        &[
            "early help",
            "eh",
            "level 2",
            "step across",
            "stepped across",
            "step down",
            "stepped down",
            "targeted support",
            "family support",
        ],
        ServiceLevel::EarlyHelp,
    ),
    (
        &["universal services", "universal service", "level 1"],
        ServiceLevel::Universal,
    ),
    (
        &[
            "no further action",
            "nfa",
            "below threshold",
            "threshold not met",
            "criteria not met",
            "not meet the threshold",
            "does not meet threshold",
            "not met",
            "information and advice",
            "advice and information",
            "advice only",
        ],
        ServiceLevel::NoFurtherAction,
    ),
];

/// The level a text speaks of, if any. A lower level written alongside a higher one is
/// usually the outcome ("s47 threshold not met - step across to early help"), so early
/// help, universal or no further action wins (the service offered over the bare "not met");
/// otherwise the highest level named. Negated mentions ("no s47") do not count.
pub fn read_level(text: &str) -> Option<ServiceLevel> {
    static PHRASES: OnceLock<Phrases<ServiceLevel>> = OnceLock::new();
    let phrases = PHRASES.get_or_init(|| {
        Phrases::new(
            LEVELS
                .iter()
                .flat_map(|(ws, l)| ws.iter().map(move |w| (w.to_string(), *l))),
        )
    });
    let text = normalise(text);
    let mut low: Option<ServiceLevel> = None;
    let mut high: Option<ServiceLevel> = None;
    phrases.each_span(&text, |level, start, end| {
        // "not met" carries its own negation.
        // A service offered is read even after a negated threshold ("s47 not met, early help
        // offered"); a statutory level must stand affirmed ("no strategy discussion").
        let own_negation = text[start..end].contains("not ");
        let stands = if level <= ServiceLevel::EarlyHelp {
            own_negation || !super::negated_after(&text, end)
        } else {
            affirmed(&text, start, end)
        };
        if !stands {
            return;
        }
        if level <= ServiceLevel::EarlyHelp {
            low = Some(low.map_or(level, |l| l.max(level)));
        } else {
            high = Some(high.map_or(level, |h| h.max(level)));
        }
    });
    low.or(high)
}

/// Words that ask for a level of service; the level asked for is read after them.
const ASKING: &[&str] = &[
    "request",
    "asks for",
    "asked for",
    "asking for",
    "recommend",
    "seeking",
    "seeks",
    "referral for",
    "referred for",
    "refers for",
];

/// The level a hand-over asks for: read only after words that ask ("requests pre-birth
/// assessment", "recommends ICPC"), within the sentence, so a summary of history that
/// mentions early help or a past plan is not read as a request.
pub fn read_requested_level(text: &str) -> Option<ServiceLevel> {
    static PHRASES: OnceLock<Phrases<()>> = OnceLock::new();
    let asking = PHRASES.get_or_init(|| super::list(ASKING));
    let text = normalise(text);
    let mut best: Option<ServiceLevel> = None;
    asking.each_span(&text, |_, start, end| {
        if !affirmed(&text, start, end) {
            return;
        }
        let rest = &text[end..];
        let sentence = &rest[..rest.find(['.', ';', '\n']).unwrap_or(rest.len())];
        if let Some(level) = read_level(sentence) {
            best = Some(best.map_or(level, |b| b.max(level)));
        }
    });
    best
}
