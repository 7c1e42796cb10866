//! A front-door decision below the risk recorded: a threshold or MASH decision that routed a
//! risk calling for a statutory response (an injury to a non-mobile baby, a domestic abuse
//! incident with a baby under one, high-risk domestic abuse, a child's disclosure of sexual
//! abuse: the review's `statutory_risks`) to early help, universal services or no further
//! action, with no strategy discussion, assessment or decision at the level the risk calls for
//! within the set time.
//!
//! What was in front of the decision is the decision itself, the deciding agency's own records
//! of the contact since its previous decision (a referral received, an incident notification,
//! a concern), and the hand-overs other agencies sent it in that time. A referrer who asked for
//! more than the decision gave is the lower-response rule's claim, not this one; a child
//! already open to a statutory service ("case open to the allocated social worker") needs
//! nothing new from the front door.

use chrono::{Days, Months, NaiveDate};

use crate::calendar;
use crate::dates::uk;
use crate::model::{EntryKind, FlagKind, Sector, ServiceLevel, Severity};
use crate::phrases::{affirmed, Phrases};

use super::super::chronology::{Chronology, Fact};
use super::super::explain::*;
use super::super::settings::StatutoryRisk;
use super::super::Draft;
use super::escalation::level_words;

/// How far back, in days, the contact records a decision answers may lie (a working week and
/// its weekend).
const LOOKBACK_DAYS: u64 = 7;

/// One configured risk, ready to read.
struct Reading<'s> {
    risk: &'s StatutoryRisk,
    mask: u32,
    words: Option<Phrases<()>>,
}

/// Whether an entry is a front-door decision: a threshold decision, or children's social
/// care's record of a contact whose words record the outcome ("MASH: NFA", "decision: step
/// across to early help").
fn front_door(c: &Chronology<'_>, f: &Fact<'_>) -> bool {
    f.kind == EntryKind::ThresholdDecision
        || (matches!(
            f.kind,
            EntryKind::ReferralReceived | EntryKind::ConcernRaised | EntryKind::Assessment
        ) && c.sector(f.agency) == Some(Sector::ChildrensSocialCare)
            && c.cues.outcome.any(&f.text))
}

/// The records in front of decision `d`: the deciding agency's own contact records since its
/// previous front-door decision (at most a few working days back) and the hand-overs other
/// agencies sent it in that time, then the decision itself.
fn in_front_of(c: &Chronology<'_>, d: usize) -> Vec<usize> {
    let f = c.fact(d);
    let from = f.day - Days::new(LOOKBACK_DAYS);
    let mut out = Vec::new();
    for i in (0..d).rev() {
        let g = c.fact(i);
        if g.day < from {
            break;
        }
        if g.background {
            continue;
        }
        if g.agency == f.agency {
            if front_door(c, g) {
                break; // The previous decision answered what came before it.
            }
            if matches!(
                g.kind,
                EntryKind::ReferralReceived | EntryKind::Incident | EntryKind::ConcernRaised
            ) {
                out.push(i);
            }
        } else if g.is_handover() && g.to.contains(&f.agency) {
            out.push(i);
        }
    }
    out.reverse();
    out.push(d);
    out
}

/// The level a record asks for: a hand-over's requested level, or words that ask in a
/// record of receipt ("referrer requests a pre-birth assessment").
fn asked(f: &Fact<'_>) -> Option<ServiceLevel> {
    if f.is_handover() {
        f.level
    } else {
        crate::phrases::read_requested_level(&f.text)
    }
}

/// Whether `g` is a statutory step answering a risk that calls for `required`.
fn statutory(c: &Chronology<'_>, g: &Fact<'_>, required: ServiceLevel) -> bool {
    use EntryKind as K;
    matches!(g.kind, K::StrategyDiscussion | K::ChildProtectionConference)
        || (matches!(
            g.kind,
            K::ThresholdDecision
                | K::ManagerDecision
                | K::Assessment
                | K::CaseOpened
                | K::CinMeeting
        ) && g.level.is_some_and(|l| l >= required))
        || (required <= ServiceLevel::ChildInNeed
            && matches!(g.kind, K::Assessment | K::CinMeeting)
            && c.sector(g.agency) == Some(Sector::ChildrensSocialCare))
}

/// The child's age in whole months on `day`, when the date of birth is known and the child
/// was born by then.
fn age_months(born: Option<NaiveDate>, day: NaiveDate) -> Option<u32> {
    let born = born?;
    if day < born {
        return None;
    }
    (0..=1200u32)
        .take_while(|&m| {
            born.checked_add_months(Months::new(m + 1))
                .is_some_and(|next| next <= day)
        })
        .last()
        .map(|m| m + 1)
        .or(Some(0))
}

fn age_words(months: u32) -> String {
    match months {
        0 => "under a month old".into(),
        1 => "1 month old".into(),
        n if n < 24 => format!("{n} months old"),
        n => format!("{} years old", n / 12),
    }
}

/// Front-door decisions below the risk in front of them, with no statutory step soon after.
pub(crate) fn decision_below_risk(c: &Chronology<'_>, out: &mut Vec<Draft>) {
    let s = &c.settings.missed_escalation;
    let window = s.statutory_step_working_days;
    let readings: Vec<Reading> = s
        .statutory_risks
        .iter()
        .map(|risk| Reading {
            risk,
            mask: c.concerns.mask(&risk.concerns),
            words: (!risk.words.is_empty())
                .then(|| Phrases::new(risk.words.iter().map(|w| (w.clone(), ())))),
        })
        .collect();
    let born = super::not_seen::born(c);
    let child = c
        .subject
        .map(|p| p.label.clone())
        .unwrap_or_else(|| "the child".into());
    for (d, f) in c.facts.iter().enumerate() {
        if f.background || !front_door(c, f) {
            continue;
        }
        let Some(given) = f.level else { continue };
        if given > ServiceLevel::EarlyHelp {
            continue;
        }
        let end = calendar::add_working_days(f.day, window);
        if end > c.horizon {
            continue;
        }
        let records = in_front_of(c, d);
        // A referrer who asked for more: the lower-response rule's claim.
        if records
            .iter()
            .any(|&i| asked(c.fact(i)).is_some_and(|a| a > given))
        {
            continue;
        }
        // Already open to a statutory service: nothing new for the front door to start.
        if records
            .iter()
            .any(|&i| c.cues.already_open.any_affirmed(&c.fact(i).text))
        {
            continue;
        }
        // The child's age from the date of birth; with none recorded, as the records in
        // front of the decision state it ("the 3-month-old", "Baby (9 wks)").
        let (age, stated) = match born {
            Some(_) => (age_months(born, f.day), false),
            None => (
                records
                    .iter()
                    .filter_map(|&i| crate::phrases::ages::stated_age_months(&c.fact(i).text))
                    .min(),
                true,
            ),
        };
        let mut met: Vec<(&StatutoryRisk, Vec<usize>)> = Vec::new();
        for r in &readings {
            if r.risk.under_months > 0 && age.is_none_or(|a| a >= r.risk.under_months) {
                continue;
            }
            let with_concern: Vec<usize> = records
                .iter()
                .copied()
                .filter(|&i| r.mask != 0 && c.fact(i).concerns & r.mask != 0)
                .collect();
            if r.mask != 0 && with_concern.is_empty() {
                continue;
            }
            if r.mask == 0 && !r.risk.concerns.is_empty() {
                continue; // Its categories are not in the vocabulary (validation says so).
            }
            let with_words: Vec<usize> = match &r.words {
                None => Vec::new(),
                Some(words) => records
                    .iter()
                    .copied()
                    .filter(|&i| {
                        let text = &c.fact(i).text;
                        let mut hit = false;
                        words.each_span(text, |_, a, b| hit = hit || affirmed(text, a, b));
                        hit
                    })
                    .collect(),
            };
            if r.words.is_some() && with_words.is_empty() {
                continue;
            }
            let mut evidence: Vec<usize> = with_concern.into_iter().chain(with_words).collect();
            evidence.sort_unstable();
            evidence.dedup();
            met.push((r.risk, evidence));
        }
        let Some(required) = met.iter().map(|(r, _)| r.calls_for).max() else {
            continue;
        };
        if given >= required {
            continue;
        }
        let answered = c.facts[d + 1..]
            .iter()
            .take_while(|g| g.day <= end)
            .any(|g| !g.background && g.not_before(f) && statutory(c, g, required));
        if answered {
            continue;
        }
        met.retain(|(r, _)| r.calls_for > given);
        let labels: Vec<String> = met.iter().map(|(r, _)| r.label.clone()).collect();
        // The records that hold the risk are cited; every record the decision answered is
        // evidence.
        let mut holding: Vec<usize> = met.iter().flat_map(|(_, e)| e.iter().copied()).collect();
        holding.sort_unstable();
        holding.dedup();
        let cited: Vec<String> = holding
            .iter()
            .filter(|&&i| i != d)
            .map(|&i| {
                let g = c.fact(i);
                format!("{} {}", c.agency_name(g.agency), cite(g))
            })
            .collect();
        let mut text = format!(
            "{}: {}, gave {}.",
            capitalise(&described(c, f)),
            quote(f),
            level_words(given)
        );
        let age_note = match age {
            Some(a) if met.iter().any(|(r, _)| r.under_months > 0) => {
                if stated {
                    format!(" (the records give the child's age as {})", age_words(a))
                } else {
                    format!(" ({child} was {})", age_words(a))
                }
            }
            _ => String::new(),
        };
        if cited.is_empty() {
            text.push_str(&format!(
                " Its own words record {}{age_note}.",
                list(&labels)
            ));
        } else {
            text.push_str(&format!(
                " The records in front of it hold {}{age_note}: {}.",
                list(&labels),
                list(&cited)
            ));
        }
        text.push_str(&format!(
            " That calls for at least {}; no strategy discussion, assessment or decision at that level is recorded within {} of the decision (by {}).",
            level_words(required),
            working_days(i64::from(window)),
            uk(end)
        ));
        let mut reasons = Vec::new();
        fact_inferences(c, f, &mut reasons);
        if stated && met.iter().any(|(r, _)| r.under_months > 0) {
            reasons.push("the child's age is read from the records' words".into());
        }
        if f.entry.service_level.is_none() {
            reasons.push(format!(
                "the level entry {} gave is read from its words",
                f.id
            ));
        }
        text.push_str(&inference_note(&reasons));
        out.push(Draft {
            kind: FlagKind::MissedEscalation,
            rule: "missed_escalation.decision_below_risk",
            anchors: vec![d],
            qualifier: String::new(),
            evidence: records,
            explanation: text,
            severity: if required == ServiceLevel::ChildProtection
                || given <= ServiceLevel::Universal
            {
                Severity::High
            } else {
                Severity::Medium
            },
            inferred: !reasons.is_empty(),
            period: Some((f.day, end)),
        });
    }
}

fn capitalise(s: &str) -> String {
    let mut ch = s.chars();
    match ch.next() {
        Some(f) => f.to_uppercase().collect::<String>() + ch.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn ages_are_whole_months_from_the_date_of_birth() {
        let born = Some(d(2019, 1, 31));
        assert_eq!(age_months(born, d(2019, 1, 31)), Some(0));
        assert_eq!(age_months(born, d(2019, 2, 27)), Some(0));
        assert_eq!(age_months(born, d(2019, 2, 28)), Some(1));
        assert_eq!(age_months(born, d(2019, 7, 30)), Some(5));
        assert_eq!(age_months(born, d(2019, 7, 31)), Some(6));
        assert_eq!(age_months(born, d(2020, 1, 31)), Some(12));
        // Unborn, or no date of birth: no age.
        assert_eq!(age_months(born, d(2018, 12, 1)), None);
        assert_eq!(age_months(None, d(2019, 6, 1)), None);
        assert_eq!(age_words(0), "under a month old");
        assert_eq!(age_words(7), "7 months old");
        assert_eq!(age_words(30), "2 years old");
    }
}
