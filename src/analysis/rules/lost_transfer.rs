//! Lost transfers: hand-overs nobody received, closures after a move with no onward referral,
//! services that stopped engaging and handed over to nobody, and key risks dropped on the way.

use chrono::{Days, NaiveDate};

use crate::calendar;
use crate::dates::uk;
use crate::model::{AgencyId, AreaId, EntryKind, FlagKind, Severity};

use super::super::chronology::{Chronology, Fact};
use super::super::explain::*;
use super::super::text::{stems, Named};
use super::super::Draft;
use super::{days, protocol_rules_for, universal};

fn handover_words(f: &Fact<'_>) -> &'static str {
    match f.kind {
        EntryKind::Referral => "Referral",
        EntryKind::CaseTransfer => "Case transfer",
        EntryKind::InformationRequest => "Request for information",
        _ => "Information shared",
    }
}

/// Hand-overs to another agency with no receipt or response from it within the expected time.
pub(crate) fn no_receipt(c: &Chronology<'_>, out: &mut Vec<Draft>) {
    let s = &c.settings.lost_transfer;
    for (h, f, to) in c.per_receiver() {
        if f.background || !f.is_handover() {
            continue;
        }
        let Some(to) = to else { continue };
        if to == f.agency || c.agency(to).is_none() || !c.receipts_from(h, to).is_empty() {
            continue;
        }
        let rules = protocol_rules_for(c, f, Some(to));
        let (expected, basis) = match rules.iter().min_by_key(|r| r.working_days) {
            Some(r) => (
                r.working_days.max(0) as u32,
                format!("the protocol \"{}\"", r.name),
            ),
            None => (
                s.expected_receipt_working_days,
                "the default for a hand-over".to_string(),
            ),
        };
        let sent = f.entry.date.end;
        let due = calendar::add_working_days(sent, expected);
        if due > c.horizon {
            continue;
        }
        let receiver = c.agency_name(to);
        let sender = c.agency_name(f.agency);
        let window_end = c.window_end(sent);
        // Follow-ups by the sender: chasing the same agency.
        let chasers: Vec<usize> = c
            .later_of(f.agency, h, window_end)
            .filter(|&i| {
                let g = c.fact(i);
                g.day <= window_end
                    && !g.background
                    && (g.to.contains(&to) || g.mentions.contains(&to))
                    && (c.cues.chase.any(&g.text) || g.kind == EntryKind::Contact)
                    && (!g.is_handover() || c.receipts(i).is_empty())
            })
            .collect();
        let mut text = format!(
            "{} from {sender} to {receiver} on {}: {}. No receipt or response from {receiver} is recorded, although one was expected within {} ({basis}), by {}.",
            handover_words(f),
            cite(f),
            quote(f),
            working_days(expected as i64),
            uk(due)
        );
        match c
            .later_of(to, h, NaiveDate::MAX)
            .find(|&i| !c.fact(i).background)
        {
            Some(next) => {
                let n = c.fact(next);
                text.push_str(&format!(
                    " {receiver}'s next entry is {}, {}, and does not read as a receipt of it.",
                    cite(n),
                    working_days_later(c.working_days(sent, n.day))
                ));
            }
            None => text.push_str(&format!(
                " {receiver} has no entry after it in the chronology."
            )),
        }
        if !chasers.is_empty() {
            let when: Vec<String> = chasers.iter().map(|&i| cite(c.fact(i))).collect();
            text.push_str(&format!(
                " {sender} followed it up on {} with no reply recorded.",
                list(&when)
            ));
        }
        if !f.entry.key_risk.trim().is_empty() {
            text.push_str(&format!(
                " It carried the key risk: \"{}\".",
                f.entry.key_risk.trim().trim_end_matches('.')
            ));
        }
        let mut reasons = Vec::new();
        fact_inferences(c, f, &mut reasons);
        text.push_str(&inference_note(&reasons));
        let important = matches!(f.kind, EntryKind::Referral | EntryKind::CaseTransfer)
            || !f.entry.key_risk.trim().is_empty()
            || f.entry
                .tags
                .iter()
                .any(|t| t.eq_ignore_ascii_case("safeguarding"));
        let mut evidence = vec![h];
        evidence.extend(&chasers);
        out.push(Draft {
            kind: FlagKind::LostTransfer,
            rule: "lost_transfer.no_receipt",
            anchors: vec![h],
            qualifier: Chronology::receiver_qualifier(f, Some(to)),
            evidence,
            explanation: text,
            severity: if important {
                Severity::High
            } else {
                Severity::Medium
            },
            inferred: !reasons.is_empty(),
            period: Some((f.day, due)),
        });
    }
}

/// The area a move goes to (an area its words name other than where the family was), and
/// whether it goes away at all.
fn move_away(c: &Chronology<'_>, m: usize) -> Option<(Option<AreaId>, Option<AreaId>)> {
    let f = c.fact(m);
    let origin = c.area(f.agency).or_else(|| {
        // A force-wide agency recorded it: the family was where the last local agency was.
        c.facts[..m]
            .iter()
            .rev()
            .filter(|g| !g.background)
            .find_map(|g| c.area(g.agency))
    });
    let named: Vec<AreaId> = f
        .named
        .iter()
        .filter_map(|n| match n {
            Named::Area(a) => Some(*a),
            _ => None,
        })
        .collect();
    let destination = named.iter().copied().find(|a| Some(*a) != origin);
    if destination.is_some() {
        return Some((origin, destination));
    }
    if c.cues.moved_away.any(&f.text) && named.is_empty() && f.text.contains("out of") {
        return Some((origin, None));
    }
    None
}

/// Cases closed after the family moved away, with no onward referral or transfer to a
/// service in the new area.
pub(crate) fn moved_no_onward_referral(c: &Chronology<'_>, out: &mut Vec<Draft>) {
    let s = &c.settings.lost_transfer;
    let moves: Vec<(usize, Option<AreaId>, Option<AreaId>)> = c
        .facts
        .iter()
        .enumerate()
        .filter(|(_, f)| !f.background && f.kind == EntryKind::FamilyMoved)
        .filter_map(|(i, _)| move_away(c, i).map(|(o, d)| (i, o, d)))
        .collect();
    for (ci, cf) in c.facts.iter().enumerate() {
        if cf.background || cf.kind != EntryKind::CaseClosed {
            continue;
        }
        let Some(area) = c.area(cf.agency) else {
            continue;
        };
        let says_moved = c.cues.moved_away.any(&cf.text);
        let reach = if says_moved {
            365
        } else {
            u64::from(s.move_closure_days)
        };
        let earliest = cf.day - Days::new(reach);
        let the_move = moves
            .iter()
            .rev()
            .find(|(m, origin, _)| {
                let mf = c.fact(*m);
                *origin == Some(area) && mf.day >= earliest && cf.not_before(mf)
            })
            .copied();
        if the_move.is_none() && !says_moved {
            continue;
        }
        let from_day = the_move
            .map(|(m, _, _)| c.fact(m).day)
            .unwrap_or(cf.day - Days::new(30))
            - Days::new(14);
        let until = calendar::add_working_days(cf.day, 10);
        let destination = the_move.and_then(|(_, _, d)| d);
        let own = c.entries_of(cf.agency);
        let first = own.partition_point(|&i| c.fact(i).day < from_day);
        let onward = own[first..]
            .iter()
            .take_while(|&&i| c.fact(i).day <= until)
            .any(|&i| {
                let g = c.fact(i);
                if g.background || !g.is_handover() {
                    return false;
                }
                let names_destination =
                    destination.is_some_and(|d| g.named.contains(&Named::Area(d)));
                g.to.iter().any(|&a| {
                    let to_area = c.area(a);
                    match destination {
                        Some(d) => to_area == Some(d),
                        None => a != cf.agency && to_area != Some(area),
                    }
                }) || (destination.is_some() && names_destination)
            });
        if onward {
            continue;
        }
        let agency = c.agency_name(cf.agency);
        let area_name = |a: Option<AreaId>| {
            a.and_then(|a| c.data.areas.iter().find(|x| x.id == a))
                .map(|x| x.name.clone())
        };
        let mut text = String::new();
        let mut evidence = vec![ci];
        match the_move {
            Some((m, origin, dest)) => {
                let mf = c.fact(m);
                evidence.push(m);
                let whereto = match area_name(dest) {
                    Some(d) => format!("to {d}"),
                    None => "out of the area".into(),
                };
                let wherefrom = area_name(origin)
                    .map(|o| format!("from {o} "))
                    .unwrap_or_default();
                text.push_str(&format!(
                    "The family moved {wherefrom}{whereto}: {} {}. {agency} closed the case {} days later: {} {}.",
                    described(c, mf),
                    quote(mf),
                    days(mf.day, cf.day),
                    cite(cf),
                    quote(cf)
                ));
            }
            None => text.push_str(&format!(
                "{agency} closed the case because the family moved away: {} {}.",
                cite(cf),
                quote(cf)
            )),
        }
        let target = match area_name(destination) {
            Some(d) => format!("a service in {d}"),
            None => "a service in the new area".into(),
        };
        text.push_str(&format!(
            " No referral, transfer or information from {agency} to {target} is recorded between {} and {}.",
            uk(from_day),
            uk(until)
        ));
        let mut reasons = Vec::new();
        fact_inferences(c, cf, &mut reasons);
        if let Some((m, _, _)) = the_move {
            fact_inferences(c, c.fact(m), &mut reasons);
        }
        text.push_str(&inference_note(&reasons));
        out.push(Draft {
            kind: FlagKind::LostTransfer,
            rule: "lost_transfer.moved_no_onward_referral",
            anchors: vec![ci],
            qualifier: String::new(),
            evidence,
            explanation: text,
            severity: Severity::High,
            inferred: !reasons.is_empty(),
            period: None,
        });
    }
}

/// What a contact says about engagement.
#[derive(PartialEq, Eq)]
enum Contact {
    Engaged,
    Failed,
    Neither,
}

fn contact(c: &Chronology<'_>, f: &Fact<'_>) -> Contact {
    use EntryKind as K;
    if matches!(f.kind, K::NoAccessVisit | K::MissedAppointment)
        || (matches!(f.kind, K::Contact | K::HomeVisit | K::Appointment)
            && c.cues.failed_contact.any(&f.summary))
    {
        return Contact::Failed;
    }
    if f.seen == crate::model::ChildSeen::Yes {
        return Contact::Engaged;
    }
    match f.kind {
        K::HomeVisit | K::Appointment => Contact::Engaged,
        K::Contact | K::Meeting | K::CinMeeting | K::CoreGroup | K::ChildProtectionConference
            if f.family_present =>
        {
            Contact::Engaged
        }
        _ => Contact::Neither,
    }
}

/// Services that had only failed contacts for a long period and closed (or went silent)
/// without handing over to a universal service.
pub(crate) fn disengaged_no_handover(c: &Chronology<'_>, out: &mut Vec<Draft>) {
    let s = &c.settings.lost_transfer;
    let mut agencies: Vec<AgencyId> = c.by_agency.keys().copied().collect();
    agencies.sort();
    for agency in agencies {
        if c.sector(agency)
            .is_some_and(|sector| s.reactive_sectors.contains(&sector))
        {
            continue;
        }
        let mut start: Option<usize> = None;
        let mut engaged_at_start = false;
        let mut attempts: Vec<usize> = Vec::new();
        let list = c.entries_of(agency);
        for &i in list {
            let f = c.fact(i);
            if f.background {
                continue;
            }
            match f.kind {
                EntryKind::ReferralReceived | EntryKind::CaseOpened
                    if start.is_none() || !engaged_at_start =>
                {
                    if start.is_none() {
                        start = Some(i);
                        engaged_at_start = false;
                        attempts.clear();
                    }
                    continue;
                }
                EntryKind::CaseClosed => {
                    if let Some(st) = start {
                        check(c, agency, st, engaged_at_start, &attempts, Some(i), out);
                    }
                    start = None;
                    attempts.clear();
                    continue;
                }
                _ => {}
            }
            match contact(c, f) {
                Contact::Engaged => {
                    start = Some(i);
                    engaged_at_start = true;
                    attempts.clear();
                }
                Contact::Failed => {
                    if start.is_none() {
                        start = Some(i);
                        engaged_at_start = false;
                    }
                    attempts.push(i);
                }
                Contact::Neither => {}
            }
        }
        if let Some(st) = start {
            let last = *list.last().expect("the agency has entries");
            let silent = days(c.fact(last).day, c.horizon) >= i64::from(s.silent_days);
            if silent && attempts.last() == Some(&last) {
                check(c, agency, st, engaged_at_start, &attempts, None, out);
            }
        }
    }
}

fn check(
    c: &Chronology<'_>,
    agency: AgencyId,
    start: usize,
    engaged: bool,
    attempts: &[usize],
    closure: Option<usize>,
    out: &mut Vec<Draft>,
) {
    let s = &c.settings.lost_transfer;
    if (attempts.len() as u32) < s.disengaged_min_attempts {
        return;
    }
    let sf = c.fact(start);
    let end_day = closure.map(|i| c.fact(i).day).unwrap_or(c.horizon);
    if days(sf.day, end_day) < i64::from(s.disengaged_days) {
        return;
    }
    let until = calendar::add_working_days(end_day, 10);
    let own = c.entries_of(agency);
    let from = own.partition_point(|&i| c.fact(i).day < sf.day);
    let handed_over = own[from..]
        .iter()
        .take_while(|&&i| c.fact(i).day <= until)
        .any(|&i| {
            let g = c.fact(i);
            g.is_handover() && g.to.iter().any(|&to| to != agency && universal(c, to))
        });
    if handed_over {
        return;
    }
    let name = c.agency_name(agency);
    let opening = if engaged {
        format!("{name} last had contact with the family on {}", cite(sf))
    } else {
        format!(
            "{name} took the case on {} and never had contact with the family",
            cite(sf)
        )
    };
    let failed: Vec<String> = attempts
        .iter()
        .filter(|&&i| i != start)
        .map(|&i| {
            let f = c.fact(i);
            format!("{} {}", kind_words(f.kind), cite(f))
        })
        .collect();
    let mut text = match closure {
        Some(ci) => format!(
            "{opening}. In the {} days to its closure on {} {} it recorded only failed contacts: {}.",
            days(sf.day, end_day),
            cite(c.fact(ci)),
            quote(c.fact(ci)),
            list(&failed)
        ),
        None => format!(
            "{opening}. Since then it recorded only failed contacts ({}) and has no entry after {}, {} days before the end of the chronology.",
            list(&failed),
            cite(c.fact(*attempts.last().expect("at least one attempt"))),
            days(c.fact(*attempts.last().expect("attempt")).day, c.horizon)
        ),
    };
    text.push_str(&format!(
        " No hand-over to a universal service (health visiting, GP or school) by {name} is recorded between {} and {}.",
        uk(sf.day),
        uk(until)
    ));
    let mut reasons = Vec::new();
    for &i in attempts.iter().chain(closure.iter()) {
        fact_inferences(c, c.fact(i), &mut reasons);
    }
    text.push_str(&inference_note(&reasons));
    let mut evidence = vec![start];
    evidence.extend(attempts);
    evidence.extend(closure);
    out.push(Draft {
        kind: FlagKind::LostTransfer,
        rule: "lost_transfer.disengaged_no_handover",
        anchors: vec![start],
        qualifier: if closure.is_some() {
            String::new()
        } else {
            "silent".into()
        },
        evidence,
        explanation: text,
        severity: if closure.is_some() {
            Severity::High
        } else {
            Severity::Medium
        },
        inferred: !reasons.is_empty(),
        period: Some((sf.day, end_day)),
    });
}

/// Hand-overs whose receiving side's record of them leaves out most of the key risk the
/// sender held.
pub(crate) fn key_risk_dropped(c: &Chronology<'_>, out: &mut Vec<Draft>) {
    let s = &c.settings.lost_transfer;
    for (h, f, to) in c.per_receiver() {
        let risk = f.entry.key_risk.trim().trim_end_matches('.');
        if f.background || risk.is_empty() {
            continue;
        }
        let Some(to) = to else { continue };
        let receipts: Vec<(usize, bool)> = c
            .receipts(h)
            .into_iter()
            .filter(|(r, _)| c.fact(*r).agency == to)
            .collect();
        if receipts.is_empty() {
            continue;
        }
        let received: Vec<String> = receipts
            .iter()
            .flat_map(|(r, _)| stems(&c.fact(*r).text))
            .collect();
        let mut items: Vec<&str> = risk
            .split(';')
            .map(str::trim)
            .filter(|i| !i.is_empty())
            .collect();
        if items.len() == 1 {
            items = risk
                .split(". ")
                .map(str::trim)
                .filter(|i| !i.is_empty())
                .collect();
        }
        let mut considered = 0usize;
        let mut dropped: Vec<String> = Vec::new();
        for item in &items {
            let words = stems(&super::super::text::normalise(item));
            if words.is_empty() {
                continue;
            }
            considered += 1;
            let found = words.iter().filter(|w| received.contains(w)).count();
            if (found as f64) < s.key_risk_item_share * words.len() as f64 {
                dropped.push(format!("\"{}\"", item.trim_end_matches('.')));
            }
        }
        if considered == 0 || dropped.len() as f64 <= s.key_risk_dropped_share * considered as f64 {
            continue;
        }
        let receiver = c.agency_name(to);
        let cites: Vec<String> = receipts.iter().map(|(r, _)| cite(c.fact(*r))).collect();
        let mut text = format!(
            "{} from {} to {receiver} on {} carried the key risk the sender held: \"{risk}\". {receiver}'s record of it, {}, does not mention {} of its {considered} points: {}.",
            handover_words(f),
            c.agency_name(f.agency),
            cite(f),
            list(&cites),
            dropped.len(),
            list(&dropped)
        );
        let mut reasons = Vec::new();
        fact_inferences(c, f, &mut reasons);
        for (r, explicit) in &receipts {
            if !explicit {
                reasons.push(format!(
                    "entry {} is taken as {receiver}'s receipt of it",
                    c.fact(*r).id
                ));
            }
        }
        text.push_str(&inference_note(&reasons));
        let mut evidence = vec![h];
        evidence.extend(receipts.iter().map(|(r, _)| *r));
        out.push(Draft {
            kind: FlagKind::LostTransfer,
            rule: "lost_transfer.key_risk_dropped",
            anchors: vec![h],
            qualifier: Chronology::receiver_qualifier(f, Some(to)),
            evidence,
            explanation: text,
            severity: Severity::High,
            inferred: !reasons.is_empty(),
            period: None,
        });
    }
}
