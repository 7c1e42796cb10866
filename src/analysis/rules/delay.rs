//! Delayed responses: a response later than a protocol rule's timescale, in working days
//! (England and Wales). One flag per trigger entry, listing every protocol it broke.

use crate::calendar;
use crate::dates::uk;
use crate::model::{EntryKind, FlagKind, ProtocolRule, Severity};

use super::super::chronology::Chronology;
use super::super::explain::*;
use super::super::Draft;
use super::protocol_rules_for;

/// What a protocol rule found for one trigger.
struct Finding<'r> {
    rule: &'r ProtocolRule,
    response: Option<(usize, bool)>,
    late_by: i64,
}

/// Responses later than the review's protocol timescales.
pub(crate) fn protocol_timescale(c: &Chronology<'_>, out: &mut Vec<Draft>) {
    let high_after = i64::from(c.settings.delayed_response.high_after_working_days);
    for (t, f, to) in c.per_receiver() {
        if f.background || !f.exact {
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
                            let decides = matches!(
                                g.kind,
                                EntryKind::ReferralReceived | EntryKind::ConcernRaised
                            ) && c.cues.outcome.any(&g.text)
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
