//! The risks that call for a statutory response at the front door: which recorded risks
//! (an injury to a non-mobile baby, a domestic abuse incident with a baby in the household,
//! high-risk domestic abuse, a child's disclosure of sexual abuse) need at least an assessment
//! or a strategy discussion, so that a front-door decision routing them to early help,
//! universal services or no further action is a decision below the risk. Used by the
//! `missed_escalation.decision_below_risk` rule; edited with the other settings.

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::model::ServiceLevel;

/// A recorded risk and the least response it calls for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Type)]
pub struct StatutoryRisk {
    /// How an explanation names it: "an injury or bruise to a non-mobile baby".
    pub label: String,
    /// The concern categories (names from `concerns`) that record it; one is enough. Empty:
    /// the words below alone record it.
    pub concerns: Vec<String>,
    /// Words of which one must also be recorded, not negated ("incident", "high risk"),
    /// matched at the start of a word like concern terms. Empty: none needed.
    pub words: Vec<String>,
    /// The child must be younger than this many months on the day of the decision, counted
    /// from the child's date of birth (an unborn child, or a child whose date of birth is not
    /// known, does not meet it). 0: no age condition.
    pub under_months: u32,
    /// The least response it calls for: a child in need assessment or a child protection
    /// (section 47) response.
    pub calls_for: ServiceLevel,
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// The default risks, from common threshold and bruising protocols: a bruise or injury to a
/// baby under six months (not yet mobile) calls for a strategy discussion; a domestic abuse
/// incident with a baby under one, or high-risk domestic abuse (DASH high, MARAC) in a
/// child's household, for at least an assessment; a child's disclosure of sexual abuse for a
/// strategy discussion.
pub fn default_statutory_risks() -> Vec<StatutoryRisk> {
    vec![
        StatutoryRisk {
            label: "an injury or bruise to a non-mobile baby".into(),
            concerns: strings(&["bruising", "injury"]),
            words: Vec::new(),
            under_months: 6,
            calls_for: ServiceLevel::ChildProtection,
        },
        StatutoryRisk {
            label: "a domestic abuse incident with a baby under one".into(),
            concerns: strings(&["domestic abuse"]),
            words: strings(&[
                "incident",
                "ppn",
                "public protection notice",
                "police attended",
                "police called",
                "called police",
                "call-out",
                "999",
                "assault",
                "dash",
            ]),
            under_months: 12,
            calls_for: ServiceLevel::ChildInNeed,
        },
        StatutoryRisk {
            label: "high-risk domestic abuse in the child's household".into(),
            concerns: strings(&["domestic abuse"]),
            words: strings(&["high risk", "high-risk", "dash high", "marac referral"]),
            under_months: 216,
            calls_for: ServiceLevel::ChildInNeed,
        },
        StatutoryRisk {
            label: "a child's disclosure of sexual abuse".into(),
            concerns: Vec::new(),
            words: strings(&[
                "disclosed sexual",
                "disclosure of sexual",
                "sexual abuse disclosure",
                "sexually assaulted",
                "sexually abused",
                "disclosed rape",
                "disclosure of rape",
            ]),
            under_months: 216,
            calls_for: ServiceLevel::ChildProtection,
        },
    ]
}
