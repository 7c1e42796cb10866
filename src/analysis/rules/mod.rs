//! The rules, one module per pattern. Each reads the [`Chronology`] and pushes [`Draft`]s.

use chrono::NaiveDate;

use crate::model::{AgencyId, EntryKind, ProtocolRule, Sector};

use super::chronology::{Chronology, Fact};
use super::{AnalysisSettings, Draft};

mod below_risk;
mod contradiction;
mod delay;
mod escalation;
mod lost_transfer;
mod new_adult;
mod not_seen;
mod not_seen_role;
mod repeated;
mod risk_denied;

/// A rule: what it looks for (for progress messages) and the function that looks.
pub(crate) type Rule = (&'static str, fn(&Chronology<'_>, &mut Vec<Draft>));

/// The rules the settings enable, in the order they run.
pub(crate) fn enabled(s: &AnalysisSettings) -> Vec<Rule> {
    let all: [(bool, Rule); 21] = [
        (
            s.lost_transfer.no_receipt,
            ("hand-overs nobody received", lost_transfer::no_receipt),
        ),
        (
            s.lost_transfer.moved_no_onward_referral,
            (
                "moves with no onward referral",
                lost_transfer::moved_no_onward_referral,
            ),
        ),
        (
            s.lost_transfer.disengaged_no_handover,
            (
                "services that stopped without a hand-over",
                lost_transfer::disengaged_no_handover,
            ),
        ),
        (
            s.lost_transfer.key_risk_dropped,
            (
                "key risks lost in a hand-over",
                lost_transfer::key_risk_dropped,
            ),
        ),
        (
            s.lost_transfer.key_risk_dropped,
            (
                "hand-overs that say there is no risk",
                risk_denied::risk_denied,
            ),
        ),
        (
            s.missed_escalation.lower_level_unchallenged,
            (
                "lower-level responses nobody challenged",
                escalation::lower_level_unchallenged,
            ),
        ),
        (
            s.missed_escalation.overruled_unchallenged,
            (
                "overruled recommendations",
                escalation::overruled_unchallenged,
            ),
        ),
        (
            s.missed_escalation.concerns_no_strategy_discussion,
            (
                "concerns with no strategy discussion",
                escalation::concerns_no_strategy_discussion,
            ),
        ),
        (
            s.missed_escalation.decision_below_risk,
            (
                "front-door decisions below the risk recorded",
                below_risk::decision_below_risk,
            ),
        ),
        (
            s.missed_escalation.disagreement_dropped,
            (
                "disagreements never escalated",
                escalation::disagreement_dropped,
            ),
        ),
        (
            s.child_not_seen.enabled,
            ("periods the child was not seen", not_seen::open_case_gap),
        ),
        (
            s.child_not_seen.enabled && s.child_not_seen.per_role,
            (
                "periods one service did not see the child",
                not_seen_role::role_gap,
            ),
        ),
        (
            s.delayed_response.enabled,
            (
                "responses later than the protocol",
                delay::protocol_timescale,
            ),
        ),
        (
            s.delayed_response.enabled,
            (
                "responses later than the protocol after an event",
                delay::event_timescale,
            ),
        ),
        (
            s.contradicting_records.linked,
            ("records marked as contradicting", contradiction::linked),
        ),
        (
            s.contradicting_records.accounts_differ,
            ("accounts that differ", contradiction::accounts_differ),
        ),
        (
            s.contradicting_records.accounts_differ,
            (
                "allegations one record says were never made",
                contradiction::allegation_denied,
            ),
        ),
        (
            s.contradicting_records.accounts_differ,
            (
                "calls one record says never came",
                contradiction::contact_denied,
            ),
        ),
        (
            s.contradicting_records.unrecorded_meeting,
            (
                "meetings one agency did not record",
                contradiction::unrecorded_meeting,
            ),
        ),
        (
            s.repeated_concern.enabled,
            (
                "repeated concerns nobody examined",
                repeated::minimised_no_assessment,
            ),
        ),
        (
            s.repeated_concern.new_adult_unchecked,
            ("new adults nobody checked", new_adult::unchecked),
        ),
    ];
    all.into_iter()
        .filter(|(on, _)| *on)
        .map(|(_, rule)| rule)
        .collect()
}

/// The enabled protocol rules that apply to trigger entry `f` with receiving agency `to`.
pub(crate) fn protocol_rules_for<'r>(
    c: &'r Chronology<'_>,
    f: &Fact<'_>,
    to: Option<AgencyId>,
) -> Vec<&'r ProtocolRule> {
    c.data
        .protocol_rules
        .iter()
        .filter(|r| r.enabled && r.trigger_kind == f.kind && !is_event_rule(r))
        .filter(|r| match r.to_sector {
            None => true,
            Some(sector) => to.and_then(|a| c.sector(a)) == Some(sector),
        })
        .filter(|r| {
            let tag = r.trigger_tag.trim();
            tag.is_empty()
                || f.entry
                    .tags
                    .iter()
                    .any(|t| t.trim().eq_ignore_ascii_case(tag))
                || says(&f.text, &tag.to_lowercase())
        })
        .collect()
}

/// Whether a protocol rule is timed from an event with no kind of its own (its kind is
/// "note", its tag names the event: "missing → return home interview"); such rules are
/// checked by [`delay::event_timescale`], not as hand-overs.
pub(crate) fn is_event_rule(r: &ProtocolRule) -> bool {
    let (event, _) = crate::phrases::events::split_tag(&r.trigger_tag);
    r.trigger_kind == EntryKind::Note && crate::phrases::events::records_event(event, "").is_some()
}

/// Whether lower-case `text` has `word` as a whole word (or its plural): a protocol rule
/// tagged "marac" applies to an entry whose words say what it is ("MARAC referral"), not
/// only to one the reviewer tagged.
fn says(text: &str, word: &str) -> bool {
    !word.is_empty()
        && text
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .any(|w| w == word || w.strip_suffix('s') == Some(word))
}

/// Whether an agency's sector is a universal service (health visiting, GP, school).
pub(crate) fn universal(c: &Chronology<'_>, agency: AgencyId) -> bool {
    c.sector(agency).is_some_and(Sector::is_universal)
}

/// Whether an entry is a safeguarding response that answers accumulated concerns: a strategy
/// discussion, child protection conference, MARAC or escalation, or a decision to start a
/// section 47 enquiry.
pub(crate) fn is_safeguarding_response(f: &Fact<'_>) -> bool {
    f.kind.is_safeguarding_response()
        || (matches!(
            f.kind,
            EntryKind::ThresholdDecision | EntryKind::ManagerDecision
        ) && f.level == Some(crate::model::ServiceLevel::ChildProtection))
}

/// Days between two dates.
pub(crate) fn days(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

/// Kinds that pass on or act on a concern already recorded elsewhere, rather than record a
/// new one: they are not counted as separate concerns.
pub(crate) fn echoes(kind: EntryKind) -> bool {
    use EntryKind as K;
    matches!(
        kind,
        K::ReferralReceived
            | K::ThresholdDecision
            | K::InformationShared
            | K::InformationRequest
            | K::CaseOpened
            | K::CaseClosed
            | K::CaseTransfer
            | K::ManagerDecision
            | K::StrategyDiscussion
            | K::ChildProtectionConference
            | K::Marac
            | K::Escalation
            | K::Assessment
            | K::FamilyMoved
    )
}

#[cfg(test)]
mod tests {
    use super::says;

    #[test]
    fn a_tag_is_said_as_a_whole_word_or_its_plural() {
        assert!(says("marac referral made by the idva", "marac"));
        assert!(says("two ppns submitted", "ppn"));
        assert!(says("referred to marac.", "marac"));
        assert!(!says("demarcation of the garden", "marac"));
        assert!(!says("mapping", "ppn"));
        assert!(!says("anything", ""));
    }
}
