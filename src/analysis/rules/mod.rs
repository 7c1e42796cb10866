//! The rules, one module per pattern. Each reads the [`Chronology`] and pushes [`Draft`]s.

use chrono::NaiveDate;

use crate::model::{AgencyId, EntryKind, ProtocolRule, Sector};

use super::chronology::{Chronology, Fact};
use super::Draft;

mod contradiction;
mod delay;
mod escalation;
mod lost_transfer;
mod not_seen;
mod repeated;

/// Runs every rule the settings enable.
pub(crate) fn run_all(c: &Chronology<'_>, out: &mut Vec<Draft>) {
    let s = c.settings;
    if s.lost_transfer.no_receipt {
        lost_transfer::no_receipt(c, out);
    }
    if s.lost_transfer.moved_no_onward_referral {
        lost_transfer::moved_no_onward_referral(c, out);
    }
    if s.lost_transfer.disengaged_no_handover {
        lost_transfer::disengaged_no_handover(c, out);
    }
    if s.lost_transfer.key_risk_dropped {
        lost_transfer::key_risk_dropped(c, out);
    }
    if s.missed_escalation.lower_level_unchallenged {
        escalation::lower_level_unchallenged(c, out);
    }
    if s.missed_escalation.overruled_unchallenged {
        escalation::overruled_unchallenged(c, out);
    }
    if s.missed_escalation.concerns_no_strategy_discussion {
        escalation::concerns_no_strategy_discussion(c, out);
    }
    if s.missed_escalation.disagreement_dropped {
        escalation::disagreement_dropped(c, out);
    }
    if s.child_not_seen.enabled {
        not_seen::open_case_gap(c, out);
    }
    if s.delayed_response.enabled {
        delay::protocol_timescale(c, out);
    }
    if s.contradicting_records.linked {
        contradiction::linked(c, out);
    }
    if s.contradicting_records.accounts_differ {
        contradiction::accounts_differ(c, out);
    }
    if s.contradicting_records.unrecorded_meeting {
        contradiction::unrecorded_meeting(c, out);
    }
    if s.repeated_concern.enabled {
        repeated::minimised_no_assessment(c, out);
    }
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
        .filter(|r| r.enabled && r.trigger_kind == f.kind)
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
        })
        .collect()
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
        ) && f.entry.service_level == Some(crate::model::ServiceLevel::ChildProtection))
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
