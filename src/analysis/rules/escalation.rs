//! Missed escalations: lower responses nobody challenged, overruled recommendations, clusters
//! of concerns with no strategy discussion, and disagreements that went no further.

use chrono::{Days, NaiveDate};
use petgraph::Direction;

use crate::calendar;
use crate::dates::uk;
use crate::model::{EntryKind, FlagKind, LinkKind, ServiceLevel, Severity};

use super::super::chronology::Chronology;
use super::super::explain::*;
use super::super::Draft;
use super::{days, echoes, is_safeguarding_response};

pub(super) fn level_words(level: ServiceLevel) -> String {
    match level {
        ServiceLevel::NoFurtherAction => "no further action".into(),
        ServiceLevel::Universal => "universal services".into(),
        ServiceLevel::EarlyHelp => "early help".into(),
        ServiceLevel::ChildInNeed => "a child in need assessment".into(),
        ServiceLevel::ChildProtection => "a child protection (section 47) response".into(),
    }
}

fn gap(asked: ServiceLevel, given: ServiceLevel) -> usize {
    let pos = |l| ServiceLevel::ALL.iter().position(|x| *x == l).unwrap_or(0);
    pos(asked).saturating_sub(pos(given))
}

/// Whether `i` is met, within `end`, by a challenge to `decision`: an escalation by
/// `challenger`'s agency, the reviewer's `escalates` link to the decision, or a later decision
/// by the deciding agency at `wanted` or higher.
fn challenged(
    c: &Chronology<'_>,
    decision: usize,
    challenger: crate::model::AgencyId,
    wanted: Option<ServiceLevel>,
    end: NaiveDate,
    also_disagreement: bool,
) -> bool {
    let df = c.fact(decision);
    if c.edges(decision, Direction::Incoming)
        .any(|(_, r)| r.kind == LinkKind::Escalates)
    {
        return true;
    }
    let escalated = c.later_of(challenger, decision, end).any(|i| {
        let f = c.fact(i);
        f.day <= end
            && (f.kind == EntryKind::Escalation
                || (also_disagreement && f.kind == EntryKind::Disagreement))
    });
    if escalated {
        return true;
    }
    if let Some(wanted) = wanted {
        let raised = c.later_of(df.agency, decision, end).any(|i| {
            let f = c.fact(i);
            f.day <= end && f.is_decision() && f.level.is_some_and(|l| l >= wanted)
        });
        if raised {
            return true;
        }
        if c.edges(decision, Direction::Incoming).any(|(o, r)| {
            r.kind == LinkKind::Overrules && c.fact(o).level.is_some_and(|l| l >= wanted)
        }) {
            return true;
        }
    }
    false
}

/// Referrals answered at a lower level than asked for, with no challenge.
pub(crate) fn lower_level_unchallenged(c: &Chronology<'_>, out: &mut Vec<Draft>) {
    let window = c.settings.missed_escalation.challenge_working_days;
    for (h, f, to) in c.per_receiver() {
        if f.background || !f.is_handover() {
            continue;
        }
        let (Some(asked), Some(to)) = (f.level, to) else {
            continue;
        };
        if to == f.agency {
            continue;
        }
        let mut reasons = Vec::new();
        // The decision that answered it: the reviewer's link first, else the receiving
        // agency's next decision with a level.
        let explicit = c
            .edges(h, Direction::Incoming)
            .filter(|(_, r)| {
                r.explicit && matches!(r.kind, LinkKind::RespondsTo | LinkKind::Acknowledges)
            })
            .map(|(o, _)| o)
            .filter(|&o| c.fact(o).level.is_some() && c.fact(o).is_decision())
            .min();
        let decision = match explicit {
            Some(d) => d,
            None => {
                let end = c.window_end(f.day);
                let Some(d) = c.later_of(to, h, end).find(|&i| {
                    let g = c.fact(i);
                    // A decision, or a receipt whose words record the outcome ("Concern
                    // received ... Triage: s42 criteria not met; information and advice").
                    let decides = matches!(
                        g.kind,
                        EntryKind::ThresholdDecision | EntryKind::ManagerDecision
                    ) || (matches!(
                        g.kind,
                        EntryKind::ReferralReceived | EntryKind::ConcernRaised
                    ) && c.cues.outcome.any(&g.text));
                    g.day <= end && decides && g.level.is_some()
                }) else {
                    continue;
                };
                reasons.push(format!(
                    "entry {} is taken as {}'s decision on the referral (its next decision)",
                    c.fact(d).id,
                    c.agency_name(to)
                ));
                d
            }
        };
        let df = c.fact(decision);
        let given = df.level.expect("decisions chosen have a level");
        if given >= asked {
            continue;
        }
        let end = calendar::add_working_days(df.day, window);
        if end > c.horizon {
            continue;
        }
        if challenged(c, decision, f.agency, Some(asked), end, false) {
            continue;
        }
        // The referrer's own note of the outcome, when there is one.
        let notes: Vec<usize> = c
            .later_of(f.agency, decision, end)
            .filter(|&i| {
                let g = c.fact(i);
                g.day <= end
                    && !g.is_handover()
                    && (c.explicitly_linked(i, decision)
                        || c.edges(i, Direction::Outgoing).any(|(o, r)| {
                            r.explicit && c.fact(o).agency == to && c.fact(o).not_before(df)
                        })
                        || c.cues.outcome.any(&g.text))
            })
            .collect();
        let sender = c.agency_name(f.agency);
        let receiver = c.agency_name(to);
        let mut text = format!(
            "{sender} referred to {receiver} on {} asking for {}: {}. {receiver}'s decision on {}, {}, was {}: {}.",
            cite(f),
            level_words(asked),
            quote(f),
            cite(df),
            working_days_later(c.working_days(f.day, df.day)),
            level_words(given),
            quote(df)
        );
        if !notes.is_empty() {
            let n: Vec<String> = notes.iter().map(|&i| cite(c.fact(i))).collect();
            text.push_str(&format!(" {sender} noted the outcome on {}.", list(&n)));
        }
        text.push_str(&format!(
            " No challenge or escalation by {sender}, and no change of decision, is recorded within {} of the decision (by {}).",
            working_days(i64::from(window)),
            uk(end)
        ));
        fact_inferences(c, f, &mut reasons);
        text.push_str(&inference_note(&reasons));
        let mut evidence = vec![h, decision];
        evidence.extend(&notes);
        out.push(Draft {
            kind: FlagKind::MissedEscalation,
            rule: "missed_escalation.lower_level_unchallenged",
            anchors: vec![h, decision],
            qualifier: Chronology::receiver_qualifier(f, Some(to)),
            evidence,
            explanation: text,
            severity: if gap(asked, given) >= 2 {
                Severity::High
            } else {
                Severity::Medium
            },
            inferred: !reasons.is_empty(),
            period: Some((f.day, end)),
        });
    }
}

/// Recommendations overruled by a lower-level decision, with no challenge.
pub(crate) fn overruled_unchallenged(c: &Chronology<'_>, out: &mut Vec<Draft>) {
    let window = c.settings.missed_escalation.challenge_working_days;
    for (rec, rf) in c.facts.iter().enumerate() {
        if rf.background {
            continue;
        }
        for (decision, explicit) in c.overruled_by(rec) {
            let df = c.fact(decision);
            let wanted = rf.level;
            if let (Some(w), Some(g)) = (wanted, df.level) {
                if g >= w {
                    continue; // Overruled upwards: nothing to escalate.
                }
            }
            let end = calendar::add_working_days(df.day, window);
            if end > c.horizon {
                continue;
            }
            if challenged(c, decision, rf.agency, wanted, end, true) {
                continue;
            }
            let mut reasons = Vec::new();
            if !explicit {
                reasons.push(format!(
                    "entry {} is taken as overruling entry {} (the same agency's next manager's decision, at a lower level)",
                    df.id, rf.id
                ));
            }
            let recommended = match wanted {
                Some(l) => format!(" {}", level_words(l)),
                None => String::new(),
            };
            let decided = match df.level {
                Some(l) => format!(" ({})", level_words(l)),
                None => String::new(),
            };
            let mut text = format!(
                "{} recommended{recommended} on {}: {}. The decision on {}{decided} overruled it: {}. No challenge, disagreement or escalation by {} is recorded within {} (by {}).",
                c.agency_name(rf.agency),
                cite(rf),
                quote(rf),
                cite(df),
                quote(df),
                c.agency_name(rf.agency),
                working_days(i64::from(window)),
                uk(end)
            );
            text.push_str(&inference_note(&reasons));
            out.push(Draft {
                kind: FlagKind::MissedEscalation,
                rule: "missed_escalation.overruled_unchallenged",
                anchors: vec![rec, decision],
                qualifier: String::new(),
                evidence: vec![rec, decision],
                explanation: text,
                severity: Severity::High,
                inferred: !reasons.is_empty(),
                period: Some((rf.day, end)),
            });
        }
    }
}

/// A practitioner's recorded disagreement with no escalation after it.
pub(crate) fn disagreement_dropped(c: &Chronology<'_>, out: &mut Vec<Draft>) {
    let window = c.settings.missed_escalation.challenge_working_days;
    for (i, f) in c.facts.iter().enumerate() {
        // A disagreement recorded as such, or written in the words of an entry of another
        // kind ("HV2 cited the bruising protocol; SW3 disagrees; HV2 will discuss with the
        // Named Nurse") when the words name another agency to disagree with.
        let in_words = f.kind != EntryKind::Disagreement && professional_disagrees(c, &f.text);
        if f.background || (f.kind != EntryKind::Disagreement && !in_words) {
            continue;
        }
        let end = calendar::add_working_days(f.day, window);
        if end > c.horizon {
            continue;
        }
        let mut reasons = Vec::new();
        fact_inferences(c, f, &mut reasons);
        if in_words {
            reasons.push(format!(
                "entry {} is read as recording a disagreement from its words",
                f.id
            ));
        }
        // The decision disagreed with: the reviewer's link, else the latest decision by an
        // agency the entry names (or any other agency) in the 60 days before.
        let linked = c
            .edges(i, Direction::Outgoing)
            .chain(c.edges(i, Direction::Incoming))
            .filter(|(o, r)| {
                r.explicit && r.kind != LinkKind::DuplicateOf && c.fact(*o).is_decision()
            })
            .map(|(o, _)| o)
            .min();
        let decision = linked.or_else(|| {
            let from = f.day - Days::new(60);
            let before = || {
                (0..i)
                    .rev()
                    .map(|j| c.fact(j))
                    .take_while(|g| g.day >= from)
            };
            let pick = before()
                .position(|g| {
                    g.is_decision() && g.agency != f.agency && f.mentions.contains(&g.agency)
                })
                .or_else(|| before().position(|g| g.is_decision() && g.agency != f.agency));
            let found = pick.map(|k| i - 1 - k);
            if let Some(d) = found {
                reasons.push(format!(
                    "entry {} is taken as the decision disagreed with",
                    c.fact(d).id
                ));
            }
            found
        });
        let escalated = c.later_of(f.agency, i, end).any(|j| {
            let g = c.fact(j);
            g.day <= end
                && (g.kind == EntryKind::Escalation || c.cues.challenge.any_affirmed(&g.text))
        }) || decision.is_some_and(|d| {
            c.edges(d, Direction::Incoming)
                .any(|(o, r)| r.kind == LinkKind::Escalates && c.fact(o).agency == f.agency)
        });
        if escalated {
            continue;
        }
        let agency = c.agency_name(f.agency);
        let mut text = format!(
            "{agency} recorded a disagreement on {}: {}.",
            cite(f),
            quote(f)
        );
        if let Some(d) = decision {
            text.push_str(&format!(
                " The decision disagreed with: {} {}.",
                described(c, c.fact(d)),
                quote(c.fact(d))
            ));
        }
        if !f.entry.outcome.trim().is_empty() {
            text.push_str(&format!(
                " Outcome recorded: \"{}\".",
                f.entry.outcome.trim()
            ));
        }
        text.push_str(&format!(
            " No escalation by {agency} (resolving professional differences) is recorded within {} (by {}).",
            working_days(i64::from(window)),
            uk(end)
        ));
        text.push_str(&inference_note(&reasons));
        let mut evidence = vec![i];
        evidence.extend(decision);
        out.push(Draft {
            kind: FlagKind::MissedEscalation,
            rule: "missed_escalation.disagreement_dropped",
            anchors: vec![i],
            qualifier: String::new(),
            evidence,
            explanation: text,
            severity: Severity::High,
            inferred: !reasons.is_empty(),
            period: Some((f.day, end)),
        });
    }
}

/// One concern: one agency's records of it within a few days.
#[derive(Clone, Debug)]
pub(crate) struct Concern {
    pub(crate) entries: Vec<usize>,
    pub(crate) agency: crate::model::AgencyId,
    pub(crate) day: NaiveDate,
    pub(crate) bits: u32,
}

/// Kinds that raise a concern by their nature: their whole record counts.
fn raises(kind: EntryKind) -> bool {
    matches!(
        kind,
        EntryKind::ConcernRaised
            | EntryKind::Incident
            | EntryKind::Injury
            | EntryKind::HospitalAttendance
            | EntryKind::Referral
            | EntryKind::Disagreement
    )
}

/// The separate concerns in the chronology matching `mask`, in time order: entries that
/// record a concern (not decisions or hand-overs passing one on), not copies of another
/// agency's record, one agency's records within three days taken as one. With
/// `headline_only`, a visit, contact or meeting counts only when its summary names the
/// concern (a concern raised there, not history mentioned in passing).
pub(crate) fn concerns(c: &Chronology<'_>, mask: u32, headline_only: bool) -> Vec<Concern> {
    concerns_among(c, 0..c.facts.len(), mask, headline_only)
}

/// [`concerns`] among the entries `candidates` (in time order).
pub(crate) fn concerns_among(
    c: &Chronology<'_>,
    candidates: impl IntoIterator<Item = usize>,
    mask: u32,
    headline_only: bool,
) -> Vec<Concern> {
    let mut out: Vec<Concern> = Vec::new();
    for i in candidates {
        let f = c.fact(i);
        let found = if headline_only && !raises(f.kind) {
            f.headline
        } else {
            f.concerns
        };
        let bits = found & mask;
        if bits == 0 || f.background || echoes(f.kind) || c.is_copy(i) || c.is_receipt(i) {
            continue;
        }
        if headline_only && f.kind == EntryKind::Note {
            continue;
        }
        if let Some(last) = out
            .iter_mut()
            .rev()
            .take_while(|k| days(k.day, f.day) <= 3)
            .find(|k| k.agency == f.agency)
        {
            last.entries.push(i);
            last.bits |= bits;
            continue;
        }
        out.push(Concern {
            entries: vec![i],
            agency: f.agency,
            day: f.day,
            bits,
        });
    }
    out
}

fn concern_words(c: &Chronology<'_>, bits: u32) -> String {
    let labels: Vec<String> = (0..32)
        .filter(|b| bits & (1 << b) != 0)
        .map(|b| c.concerns.label(b).to_string())
        .collect();
    list(&labels)
}

/// Clusters of concerns from several agencies with no strategy discussion, conference, MARAC
/// or escalation soon after.
pub(crate) fn concerns_no_strategy_discussion(c: &Chronology<'_>, out: &mut Vec<Draft>) {
    let s = &c.settings.missed_escalation;
    let mask = c.concerns.mask(&s.categories);
    let events = concerns(c, mask, true);
    let responses: Vec<usize> = c
        .facts
        .iter()
        .enumerate()
        .filter(|(_, f)| !f.background && is_safeguarding_response(f))
        .map(|(i, _)| i)
        .collect();
    let span = Days::new(u64::from(s.cluster_days));
    let qualifies = |w: &[Concern]| {
        let mut agencies: Vec<_> = w.iter().map(|k| k.agency).collect();
        agencies.sort();
        agencies.dedup();
        w.len() as u32 >= s.cluster_min_concerns && agencies.len() as u32 >= s.cluster_min_agencies
    };
    let mut window: Vec<Concern> = Vec::new();
    let mut next_response = 0usize;
    let mut e = 0usize;
    while e < events.len() {
        let ev = &events[e];
        // A response before this concern answers everything before it.
        while next_response < responses.len() && c.fact(responses[next_response]).day < ev.day {
            window.clear();
            next_response += 1;
        }
        window.retain(|k| k.day + span >= ev.day);
        window.push(ev.clone());
        if !qualifies(&window) {
            e += 1;
            continue;
        }
        let threshold = ev.day;
        let due = calendar::add_working_days(threshold, s.response_working_days);
        let answer = responses[next_response..]
            .iter()
            .copied()
            .find(|&r| c.fact(r).day >= window[0].day);
        if answer.is_some_and(|r| c.fact(r).day <= due) || due > c.horizon {
            e += 1;
            continue;
        }
        // Unanswered: the cluster takes in further concerns until a response, or until a
        // pause of half its span.
        let pause = Days::new(u64::from(s.cluster_days / 2).max(1));
        let mut cluster = window.clone();
        let mut k = e + 1;
        while k < events.len() {
            let next = &events[k];
            let last_day = cluster.last().expect("non-empty").day;
            if answer.is_some_and(|r| c.fact(r).day < next.day) || next.day > last_day + pause {
                break;
            }
            cluster.push(next.clone());
            k += 1;
        }
        emit_cluster(c, &cluster, threshold, due, answer, out);
        window.clear();
        e = k;
    }
}

fn emit_cluster(
    c: &Chronology<'_>,
    cluster: &[Concern],
    threshold: NaiveDate,
    due: NaiveDate,
    answer: Option<usize>,
    out: &mut Vec<Draft>,
) {
    let s = &c.settings.missed_escalation;
    let mut agencies: Vec<_> = cluster.iter().map(|k| k.agency).collect();
    agencies.sort();
    agencies.dedup();
    let first = cluster[0].day;
    let last = cluster.last().expect("non-empty").day;
    let items: Vec<String> = cluster
        .iter()
        .map(|k| {
            let f = c.fact(k.entries[0]);
            format!(
                "{}: {} on {} ({})",
                c.agency_name(k.agency),
                kind_words(f.kind),
                cite(f),
                concern_words(c, k.bits)
            )
        })
        .collect();
    let mut text = format!(
        "{} concerns from {} agencies between {} and {} ({} days): {}. No strategy discussion, child protection conference, MARAC or escalation followed within {} of {} (by {}).",
        cluster.len(),
        agencies.len(),
        uk(first),
        uk(last),
        days(first, last),
        list(&items),
        working_days(i64::from(s.response_working_days)),
        uk(threshold),
        uk(due)
    );
    match answer {
        Some(r) => text.push_str(&format!(
            " The next one is {}, {} days after the last of these concerns.",
            described(c, c.fact(r)),
            days(last, c.fact(r).day)
        )),
        None => text.push_str(" None is recorded up to the end of the chronology."),
    }
    let mut reasons = Vec::new();
    for k in cluster {
        for &i in &k.entries {
            fact_inferences(c, c.fact(i), &mut reasons);
        }
    }
    text.push_str(&inference_note(&reasons));
    let evidence: Vec<usize> = cluster.iter().flat_map(|k| k.entries.clone()).collect();
    out.push(Draft {
        kind: FlagKind::MissedEscalation,
        rule: "missed_escalation.concerns_no_strategy_discussion",
        anchors: vec![cluster[0].entries[0]],
        qualifier: String::new(),
        evidence,
        explanation: text,
        severity: if agencies.len() >= 3 {
            Severity::High
        } else {
            Severity::Medium
        },
        inferred: !reasons.is_empty(),
        period: Some((first, last.max(due.min(c.horizon)))),
    });
}

/// Whether a word is a practitioner's anonymised code ("SW3", "HV2", "FN1").
fn is_practitioner_code(w: &str) -> bool {
    let letters = w.chars().take_while(|ch| ch.is_ascii_alphabetic()).count();
    (2..=4).contains(&letters)
        && w.len() > letters
        && w[letters..].chars().all(|ch| ch.is_ascii_digit())
}

/// Whether a text records a professional disagreeing: a disagreement phrase whose subject,
/// in the four words before it, is the writer ("I do not agree", "we disagree") or a
/// practitioner by code ("HV2 disagrees"), not a family member ("father does not agree").
fn professional_disagrees(c: &Chronology<'_>, text: &str) -> bool {
    let mut found = false;
    c.cues.disagreement.each_span(text, |_, start, end| {
        if found || !crate::phrases::affirmed(text, start, end) {
            return;
        }
        let clause = &text[..start];
        let clause = &clause[clause.rfind(['.', ';', '\n']).map_or(0, |i| i + 1)..];
        found = clause
            .rsplit(|ch: char| !ch.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .take(4)
            .any(|w| w == "i" || w == "we" || is_practitioner_code(w));
    });
    found
}
