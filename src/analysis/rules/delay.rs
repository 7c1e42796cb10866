//! Delayed responses: a response later than a protocol rule's timescale, in working days
//! (England and Wales). One flag per trigger entry, listing every protocol it broke.

use crate::calendar;
use crate::dates::uk;
use crate::model::{EntryKind, FlagKind, ProtocolRule, Severity};

use super::super::chronology::Chronology;
use super::super::explain::*;
use super::super::Draft;
use super::protocol_rules_for;

/// A late response: its entry, the triggers it answered late with the working days each
/// took, and whether it was given only in part.
type Late = (usize, Vec<(usize, i64)>, bool);

/// What a protocol rule found for one trigger.
struct Finding<'r> {
    rule: &'r ProtocolRule,
    response: Option<(usize, bool)>,
    late_by: i64,
}

/// Whether an earlier entry by the same agency on the same day is of the same kind.
fn again_that_day(c: &Chronology<'_>, t: usize) -> bool {
    let f = c.fact(t);
    let list = c.entries_of(f.agency);
    // The agency's entries are in time order: only that day's are read (reading all the
    // earlier ones made the rule grow with the square of the entries: 2 of the 3 s the
    // analysis of 100,000 entries took).
    let from = list.partition_point(|&i| c.fact(i).day < f.day);
    list[from..].iter().take_while(|&&i| i < t).any(|&i| {
        let g = c.fact(i);
        g.day == f.day && g.kind == f.kind && !g.background
    })
}

/// Responses later than the review's protocol timescales.
pub(crate) fn protocol_timescale(c: &Chronology<'_>, out: &mut Vec<Draft>) {
    let high_after = i64::from(c.settings.delayed_response.high_after_working_days);
    for (t, f, to) in c.per_receiver() {
        if f.background || !f.exact {
            continue;
        }
        // The same agency's second record of the same day's event (an arrest, then the
        // interview that followed) is not a second event to respond to: one claim, one flag.
        if !f.is_handover() && again_that_day(c, t) {
            continue;
        }
        // The agency expected to respond: the receiving agency; for a trigger with none (a
        // strategy discussion), the agency that recorded it. A hand-over recorded by the side
        // that received it ("Transfer-in request from ...") is timed from its receipt to the
        // recording agency's response; any other hand-over with no receiving agency has
        // nothing to time.
        let received = to.is_none() && f.is_handover() && c.cues.receipt.any(&f.summary);
        let responder = match to {
            Some(to) if to != f.agency => to,
            Some(_) => continue,
            None if f.is_handover() && !received => continue,
            None => f.agency,
        };
        let rules = protocol_rules_for(c, f, to);
        if rules.is_empty() {
            continue;
        }
        let receipts = match to {
            Some(to) => c.receipts_from(t, to),
            None => c.receipts(t),
        };
        let lost = f.is_handover() && !received && receipts.is_empty();
        let mut findings: Vec<Finding> = Vec::new();
        for rule in rules {
            // A hand-over recorded by its receiver is its own record of receipt.
            if received && rule.response_kinds.contains(&EntryKind::ReferralReceived) {
                continue;
            }
            let days = i64::from(rule.working_days.max(0));
            let fits =
                |k: EntryKind| rule.response_kinds.is_empty() || rule.response_kinds.contains(&k);
            // The reviewer's links first: the earliest linked response of a fitting kind.
            let explicit = receipts
                .iter()
                .filter(|(r, e)| *e && c.fact(*r).agency == responder && fits(c.fact(*r).kind))
                .map(|(r, _)| *r)
                .min();
            let response = match explicit {
                Some(r) => Some((r, true)),
                None => {
                    let end = c.window_end(f.day);
                    c.later_of(responder, t, end)
                        .find(|&r| {
                            let g = c.fact(r);
                            // A receipt whose words record the decision ("Concern received
                            // ... Triage: criteria not met") is the threshold decision.
                            // So is one whose words give a level of response they do not
                            // merely ask for ("Concerns from the hospital ... s42 enquiry
                            // opened").
                            let decides = matches!(
                                g.kind,
                                EntryKind::ReferralReceived | EntryKind::ConcernRaised
                            ) && (c.cues.outcome.any(&g.text)
                                || (g.level.is_some()
                                    && crate::phrases::read_requested_level(&g.text).is_none()))
                                && fits(EntryKind::ThresholdDecision);
                            g.day <= end && !g.background && (fits(g.kind) || decides)
                        })
                        .map(|r| (r, false))
                }
            };
            let due = calendar::add_working_days(f.day, days as u32);
            match response {
                Some((r, _)) => {
                    let took = c.working_days(f.day, c.fact(r).day);
                    if took > days {
                        findings.push(Finding {
                            rule,
                            response,
                            late_by: took - days,
                        });
                    }
                }
                None => {
                    // Nothing at all received is a lost transfer, flagged by that rule.
                    if !lost && due <= c.horizon {
                        findings.push(Finding {
                            rule,
                            response: None,
                            late_by: c.working_days(due, c.horizon),
                        });
                    }
                }
            }
        }
        if findings.is_empty() {
            continue;
        }
        let responder_name = c.agency_name(responder);
        let what = match f.kind {
            EntryKind::StrategyDiscussion => "Strategy discussion".to_string(),
            k => k.label().to_string(),
        };
        let mut text = if to.is_some() {
            format!(
                "{what} from {} to {responder_name} on {}: {}.",
                c.agency_name(f.agency),
                cite(f),
                quote(f)
            )
        } else {
            format!("{what} by {responder_name} on {}: {}.", cite(f), quote(f))
        };
        let mut reasons = Vec::new();
        fact_inferences(c, f, &mut reasons);
        let mut evidence = vec![t];
        let mut worst = 0i64;
        let mut missing = false;
        for fd in &findings {
            let expected = if fd.rule.response_kinds.is_empty() {
                "a response".to_string()
            } else {
                let kinds: Vec<String> = fd
                    .rule
                    .response_kinds
                    .iter()
                    .map(|k| kind_words(*k))
                    .collect();
                format!("a {}", join_or(&kinds))
            };
            text.push_str(&format!(
                " Protocol \"{}\": {expected} within {}.",
                fd.rule.name,
                working_days(i64::from(fd.rule.working_days))
            ));
            match fd.response {
                Some((r, explicit)) => {
                    let g = c.fact(r);
                    text.push_str(&format!(
                        " First {} by {responder_name}: {}, {}.",
                        kind_words(g.kind),
                        cite(g),
                        working_days_later(c.working_days(f.day, g.day))
                    ));
                    evidence.push(r);
                    if !explicit {
                        reasons.push(format!(
                            "entry {} is taken as the response (the first {} by {responder_name} after it)",
                            g.id,
                            kind_words(g.kind)
                        ));
                    }
                    fact_inferences(c, g, &mut reasons);
                }
                None => {
                    missing = true;
                    text.push_str(&format!(
                        " None is recorded by {responder_name}; it was due by {}.",
                        uk(calendar::add_working_days(
                            f.day,
                            fd.rule.working_days.max(0) as u32
                        ))
                    ));
                }
            }
            worst = worst.max(fd.late_by);
        }
        text.push_str(&inference_note(&reasons));
        out.push(Draft {
            kind: FlagKind::DelayedResponse,
            rule: "delayed_response.protocol_timescale",
            anchors: vec![t],
            qualifier: Chronology::receiver_qualifier(f, to),
            evidence,
            explanation: text,
            severity: if missing || worst >= high_after {
                Severity::High
            } else if worst >= 3 {
                Severity::Medium
            } else {
                Severity::Low
            },
            inferred: !reasons.is_empty(),
            period: None,
        });
    }
}

fn join_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// Responses later than a protocol timescale that runs from an event with no entry kind of
/// its own ("a return home interview within 72 hours of return"): the triggers are the entries
/// whose words record the event; the response is the first later entry whose headline names
/// the response's words (any agency: the protocol's responder may be a commissioned service),
/// or, for a response of a kind, the first entry of that kind by the trigger's agency whose
/// words record the same event. A trigger whose own words record the response is answered.
/// Triggers answered by the same late response are one claim, one flag. A response not
/// recorded at all is not flagged: it may be in a record the review does not hold.
pub(crate) fn event_timescale(c: &Chronology<'_>, out: &mut Vec<Draft>) {
    use crate::phrases::events;
    let high_after = i64::from(c.settings.delayed_response.high_after_working_days);
    for rule in c
        .data
        .protocol_rules
        .iter()
        .filter(|r| r.enabled && super::is_event_rule(r))
    {
        let (event, words) = events::split_tag(&rule.trigger_tag);
        let days = i64::from(rule.working_days.max(0));
        let records = |i: usize| {
            let f = c.fact(i);
            !f.background && events::records_event(event, &f.text) == Some(true)
        };
        // Per response: the triggers it answered late, with the working days each took, and
        // whether it was given only in part.
        let mut late: Vec<Late> = Vec::new();
        for t in (0..c.facts.len()).filter(|&t| c.fact(t).exact && records(t)) {
            let f = c.fact(t);
            let end = c.window_end(f.day);
            let response = match words {
                Some(w) => {
                    if events::names_response(w, &f.text) {
                        continue;
                    }
                    // Named in its own words, a response is not mistaken for an unrelated
                    // entry: it is looked for up to the horizon.
                    (t + 1..c.facts.len())
                        .take_while(|&r| c.fact(r).day <= c.horizon)
                        .find(|&r| {
                            let g = c.fact(r);
                            !g.background
                                && g.not_before(f)
                                && events::names_response(w, &g.summary)
                        })
                }
                None => c.later_of(f.agency, t, end).find(|&r| {
                    let g = c.fact(r);
                    rule.response_kinds.contains(&g.kind) && records(r)
                }),
            };
            // Not recorded in full: the event's own agency recording it given in part (a
            // part-time place where the protocol asks for full-time education) is its record
            // that the response came no sooner, and then only in part.
            let (response, in_part) = match (response, words) {
                (Some(r), _) => (Some(r), false),
                (None, Some(w)) => (
                    c.later_of(f.agency, t, c.horizon).find(|&r| {
                        let g = c.fact(r);
                        !g.background && events::names_response_in_part(w, &g.summary)
                    }),
                    true,
                ),
                (None, None) => (None, false),
            };
            let Some(r) = response else { continue };
            let took = c.working_days(f.day, c.fact(r).day);
            if took <= days {
                continue;
            }
            // A later occurrence of the event that the response answered in time is the one
            // it answered ("RHI completed" two days after the second episode, not weeks after
            // the first).
            let answers_later = (t + 1..r).any(|t2| {
                let e = c.fact(t2);
                e.day > f.day && records(t2) && c.working_days(e.day, c.fact(r).day) <= days
            });
            if answers_later {
                continue;
            }
            match late.iter_mut().find(|(x, ..)| *x == r) {
                Some((_, triggers, _)) => triggers.push((t, took)),
                None => late.push((r, vec![(t, took)], in_part)),
            }
        }
        for (r, triggers, in_part) in late {
            let g = c.fact(r);
            let (first, took) = triggers[0];
            let f = c.fact(first);
            let what = match words {
                Some(w) => w.to_string(),
                None => {
                    let kinds: Vec<String> =
                        rule.response_kinds.iter().map(|k| kind_words(*k)).collect();
                    join_or(&kinds)
                }
            };
            let mut text = format!(
                "Protocol \"{}\": {what} within {} of the {event}. The {event} is recorded by {} on {}: {}.",
                rule.name,
                working_days(days),
                c.agency_name(f.agency),
                cite(f),
                quote(f)
            );
            let others: Vec<String> = triggers[1..]
                .iter()
                .map(|&(t, _)| {
                    format!("{} on {}", c.agency_name(c.fact(t).agency), cite(c.fact(t)))
                })
                .collect();
            if !others.is_empty() {
                text.push_str(&format!(" It is also recorded by {}.", list(&others)));
            }
            let due = uk(calendar::add_working_days(f.day, days as u32));
            if in_part {
                text.push_str(&format!(
                    " No {what} is recorded after it. The first provision {} records is only part of it, on {}: {}, {}; {what} was due by {due}.",
                    c.agency_name(g.agency),
                    cite(g),
                    quote(g),
                    working_days_later(took),
                ));
            } else {
                text.push_str(&format!(
                    " The first {what} recorded after it is by {} on {}: {}, {}; it was due by {due}.",
                    c.agency_name(g.agency),
                    cite(g),
                    quote(g),
                    working_days_later(took),
                ));
            }
            let mut reasons = vec![format!(
                "entry {} is taken as the {event} and entry {} as the response{}, from their words",
                f.id,
                g.id,
                if in_part { " given in part" } else { "" }
            )];
            fact_inferences(c, g, &mut reasons);
            text.push_str(&inference_note(&reasons));
            let worst = took - days;
            let mut evidence: Vec<usize> = triggers.iter().map(|&(t, _)| t).collect();
            evidence.push(r);
            // A visit that comes late leaves the child unseen by the one the protocol makes
            // responsible for seeing them: that is how a review names it.
            let visit = words.is_some_and(|w| {
                w.split_whitespace()
                    .any(|x| ["visit", "visits", "seen", "see"].contains(&x))
            });
            out.push(Draft {
                kind: if visit {
                    FlagKind::ChildNotSeen
                } else {
                    FlagKind::DelayedResponse
                },
                rule: if visit {
                    "child_not_seen.protocol_visit"
                } else {
                    "delayed_response.event_timescale"
                },
                anchors: vec![first, r],
                qualifier: event.to_string(),
                evidence,
                explanation: text,
                severity: if worst >= high_after {
                    Severity::High
                } else if worst >= 3 {
                    Severity::Medium
                } else {
                    Severity::Low
                },
                inferred: true,
                period: None,
            });
        }
    }
}
