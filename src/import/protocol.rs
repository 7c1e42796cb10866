//! Reading a review's local protocol timescales from the table its terms of reference give
//! ("| P2 | Strategy discussion after a decision that the s47 threshold may be met | within 1
//! WD of that decision |"), in Markdown, CSV, a spreadsheet or the tables of a Word document,
//! into [`ProtocolRule`]s in the entry-kind vocabulary.
//!
//! Each timescale clause ("within 1 WD of receipt", "the same day", "within 72 hours of
//! return") becomes one rule: what must happen (the response: the clause's subject, else the
//! standard's words before "after"/"following") and what starts the clock (the trigger: the
//! words after "of"/"after"/"following", else the standard's). Kinds are read through the
//! same vocabulary and synonyms as an agency's "Type" column; the sector of the responding
//! service is read from its usual names. A clause whose trigger or response is not
//! understood, or that sets a cadence ("at least every 10 WD") rather than a response time,
//! is reported, not guessed.

use crate::model::{EntryKind, ProtocolRule, ProtocolRuleId, Sector};

/// What was read from a protocol table.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProtocolTable {
    /// The rules read, each named after its row ("P2 ...").
    pub rules: Vec<ProtocolRule>,
    /// Clauses not turned into rules, with the reason, for the reviewer.
    pub not_read: Vec<String>,
}

/// Reads the rows of a protocol table: each row's cells, the header and separator rows
/// included (they are passed over because they hold no timescale).
pub fn rules_from_rows(rows: &[Vec<String>]) -> ProtocolTable {
    let mut out = ProtocolTable::default();
    for cells in rows {
        let cells: Vec<&str> = cells
            .iter()
            .map(|c| c.trim())
            .filter(|c| !c.is_empty())
            .collect();
        let Some(ti) = cells.iter().rposition(|c| duration_in(c).is_some()) else {
            continue;
        };
        let code = cells
            .first()
            .filter(|c| c.len() <= 4 && c.chars().any(|x| x.is_ascii_digit()))
            .map(|c| c.to_string())
            .unwrap_or_default();
        let standard: String = cells
            .iter()
            .enumerate()
            .filter(|(i, c)| *i != ti && **c != code)
            .map(|(_, c)| *c)
            .collect::<Vec<_>>()
            .join(" ");
        let first_of_row = out.rules.len();
        for clause in cells[ti]
            .split(';')
            .map(str::trim)
            .filter(|c| !c.is_empty())
        {
            match rule_from(&standard, clause) {
                // A later clause timing the same response to the same trigger qualifies the
                // first by something the chronology does not carry ("AMBER decisions within
                // 3 WD"): the row's first timescale stands.
                Ok(rule)
                    if out.rules[first_of_row..].iter().any(|r| {
                        r.trigger_kind == rule.trigger_kind
                            && r.response_kinds == rule.response_kinds
                            && r.to_sector == rule.to_sector
                    }) =>
                {
                    out.not_read.push(format!(
                        "{}{clause}: the same response to the same trigger as the row's first \
                         timescale, qualified by something an entry does not record",
                        if code.is_empty() {
                            String::new()
                        } else {
                            format!("{code} ")
                        }
                    ))
                }
                Ok(rule) => out.rules.push(ProtocolRule {
                    name: format!(
                        "{}{}: {}",
                        if code.is_empty() {
                            String::new()
                        } else {
                            format!("{code} ")
                        },
                        standard,
                        clause
                    ),
                    ..rule
                }),
                Err(why) => out.not_read.push(format!(
                    "{}{clause}: {why}",
                    if code.is_empty() {
                        String::new()
                    } else {
                        format!("{code} ")
                    }
                )),
            }
        }
    }
    out
}

/// Reads a Markdown text's table rows ("| a | b | c |").
pub fn rows_from_markdown(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .map(str::trim)
        .filter(|l| l.starts_with('|'))
        .map(|l| {
            l.trim_matches('|')
                .split('|')
                .map(|c| c.trim().to_string())
                .collect()
        })
        .collect()
}

/// Working days a clause allows, when it states a response time: "within N WD", "N working
/// days", "N hours" (rounded up to whole days), "N days", "N week(s)", "the same day", "the
/// next working day".
fn duration_in(clause: &str) -> Option<i32> {
    let l = clause.to_lowercase();
    if l.contains("every") || l.contains("intervals") || l.contains("at least") {
        return None; // a cadence, not a response time
    }
    if l.contains("same day") {
        return Some(0);
    }
    if l.contains("next working day") {
        return Some(1);
    }
    let words: Vec<&str> = l
        .split(|c: char| c.is_whitespace() || c == '(' || c == ')' || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    for (i, w) in words.iter().enumerate() {
        let Ok(n) = w.parse::<i32>() else { continue };
        let unit = words.get(i + 1).copied().unwrap_or("");
        let next = words.get(i + 2).copied().unwrap_or("");
        let days = match unit {
            "wd" | "wds" => n,
            "working" if next.starts_with("day") => n,
            "hours" | "hour" | "hrs" => (n + 23) / 24,
            "days" | "day" if !l.contains("school day") => (n * 5 + 6) / 7,
            "week" | "weeks" => n * 5,
            _ => continue,
        };
        return Some(days);
    }
    None
}

/// The kinds a phrase names, most specific first.
fn kind_in(phrase: &str) -> Option<EntryKind> {
    let l = phrase.to_lowercase();
    let has = |w: &str| l.contains(w);
    let k = if has("strategy") {
        EntryKind::StrategyDiscussion
    } else if has("conference") || has("icpc") {
        EntryKind::ChildProtectionConference
    } else if has("core group") {
        EntryKind::CoreGroup
    } else if has("marac") && (has("heard") || has("meeting")) {
        EntryKind::Marac
    } else if has("transfer") {
        EntryKind::CaseTransfer
    } else if has("told") || has("inform") || has("feedback") || has("notify") {
        EntryKind::InformationShared
    } else if has("rag") || has("triage") || has("screen") || has("decision") || has("threshold") {
        EntryKind::ThresholdDecision
    } else if has("notification") || has("ppn") || has("notify") {
        EntryKind::InformationShared
    } else if has("referral") || has("receipt") || has("contact") && has("new") || has("concern") {
        EntryKind::Referral
    } else {
        return crate::import::kinds::kind_from_value(phrase);
    };
    Some(k)
}

/// The sector of the service a phrase names, if it names one.
fn sector_in(phrase: &str) -> Option<Sector> {
    let l = phrase.to_lowercase();
    let has = |w: &str| l.contains(w);
    if has("health visiting") || has("0-19") || has("health visitor") {
        Some(Sector::HealthVisiting)
    } else if has("mash") || has("front door") || has("children's social care") || has("csc") {
        Some(Sector::ChildrensSocialCare)
    } else if has("police") {
        Some(Sector::Police)
    } else {
        None
    }
}

/// The first service initials a standard's name starts with ("MARAC", "IDVA", "PPNs" →
/// "ppn"), lower case: two to six capitals, perhaps with a plural "s", before any other word
/// that says what the standard is about. Codes of the review method (P1, WD) are not initials.
fn initials_in(standard: &str) -> Option<String> {
    let first = standard
        .split(|c: char| c.is_whitespace() || c == ':' || c == '(' || c == ',')
        .find(|w| !w.is_empty())?;
    let word = first.strip_suffix('s').unwrap_or(first);
    let capitals = word.chars().all(|c| c.is_ascii_uppercase());
    (capitals && (2..=6).contains(&word.len()) && !["WD", "CP", "CIN"].contains(&word))
        .then(|| word.to_lowercase())
}

/// Words for the response, as the clause or the standard gives them.
fn split_at_trigger(text: &str) -> (String, String) {
    let l = text.to_lowercase();
    for marker in [" within ", " after ", " following ", " of "] {
        if let Some(i) = l.find(marker) {
            let rest = &text[i + marker.len()..];
            // The trigger is what follows the last "of"/"after" in the rest.
            let lr = rest.to_lowercase();
            let trigger = [" of ", " after ", " following "]
                .iter()
                .filter_map(|m| lr.rfind(m).map(|j| &rest[j + m.len()..]))
                .next()
                .unwrap_or(if marker == " within " { "" } else { rest });
            return (text[..i].to_string(), trigger.to_string());
        }
    }
    (text.to_string(), String::new())
}

fn rule_from(standard: &str, clause: &str) -> Result<ProtocolRule, String> {
    let days = duration_in(clause).ok_or("no response time (a cadence or no timescale)")?;
    let (clause_subject, clause_trigger) = split_at_trigger(clause);
    let (std_subject, std_trigger) = split_at_trigger(standard);
    // The response: the clause's own subject when it names a kind, else the standard's; a
    // "response to X" / "acknowledge" is any response (of any kind) to X.
    let any_response = |t: &str| {
        let l = t.to_lowercase();
        ["response", "respond", "acknowledg", "reply"]
            .iter()
            .any(|w| l.contains(w))
    };
    let after_to = |t: &str| {
        let l = t.to_lowercase();
        l.find(" to ").map(|i| t[i + 4..].to_string())
    };
    let meeting = |k: EntryKind| {
        matches!(
            k,
            EntryKind::Marac
                | EntryKind::ChildProtectionConference
                | EntryKind::StrategyDiscussion
                | EntryKind::CoreGroup
                | EntryKind::Meeting
                | EntryKind::CinMeeting
        )
    };
    let heard = {
        let l = clause_subject.to_lowercase();
        [" heard", " held", " convened", " discussed"]
            .iter()
            .any(|w| l.contains(w))
    };
    let (response, response_trigger): (Option<Vec<EntryKind>>, Option<String>) = if heard
        && kind_in(standard).is_some_and(meeting)
    {
        // "a high-risk referral is heard within 15 WD" under "MARAC": the meeting is the
        // response and what it hears is the trigger.
        (
            kind_in(standard).map(|k| vec![k]),
            Some(clause_subject.clone()),
        )
    } else if !clause_subject.trim().is_empty() && any_response(&clause_subject) {
        (Some(Vec::new()), after_to(&clause_subject))
    } else if let Some(k) = kind_in(&clause_subject).filter(|_| !clause_subject.trim().is_empty()) {
        (Some(vec![k]), None)
    } else if any_response(&std_subject) {
        (Some(Vec::new()), after_to(&std_subject))
    } else {
        (kind_in(&std_subject).map(|k| vec![k]), None)
    };
    // A clause that names what starts its clock in words not understood ("within 24 hours
    // of a child being found") is not timed from something broader the standard names.
    if !clause_trigger.trim().is_empty() && kind_in(&clause_trigger).is_none() {
        return Err(format!(
            "not read: what starts the clock ('{}') was not understood",
            clause_trigger.trim()
        ));
    }
    // The trigger: what the clause says starts the clock, unless it only points back
    // ("that decision", "receipt") to what the standard says.
    let same = |k: EntryKind| response.as_ref().is_some_and(|r| r.contains(&k));
    let trigger = [
        response_trigger.as_deref().unwrap_or(""),
        clause_trigger.as_str(),
        std_trigger.as_str(),
        standard,
    ]
    .iter()
    .filter(|t| !t.trim().is_empty())
    .filter_map(|t| kind_in(t))
    .find(|k| !same(*k));
    let missing = if response.is_none() {
        "response"
    } else {
        "trigger"
    };
    let (Some(trigger), Some(response)) = (trigger, response) else {
        return Err(format!(
            "not read: {standard} (the {missing} was not understood)"
        ));
    };
    let all = format!("{standard} {clause}").to_lowercase();
    // The standard's own service, when it names one by its initials ("MARAC", "IDVA",
    // "PPNs graded HIGH"): the timescale applies to entries whose words name it, not to every
    // entry of the trigger's kind.
    let tag = if all.contains("s47") || all.contains("section 47") {
        "s47".to_string()
    } else {
        initials_in(standard).unwrap_or_default()
    };
    // The responding service: named in the clause or standard (only for hand-overs, whose
    // receiving agency responds).
    let to_sector = if trigger.is_handover() {
        sector_in(&clause_subject).or_else(|| sector_in(&std_subject))
    } else {
        None
    };
    Ok(ProtocolRule {
        id: ProtocolRuleId(0),
        name: String::new(),
        trigger_kind: trigger,
        to_sector,
        trigger_tag: tag,
        response_kinds: response,
        working_days: days,
        enabled: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(md: &str) -> ProtocolTable {
        rules_from_rows(&rows_from_markdown(md))
    }

    #[test]
    fn a_strategy_discussion_after_a_s47_decision() {
        let t = read(
            "| # | Standard | Timescale |\n|---|---|---|\n\
             | P2 | Strategy discussion after a decision that the s47 threshold may be met | within 1 WD of that decision |",
        );
        assert_eq!(t.rules.len(), 1, "{t:?}");
        let r = &t.rules[0];
        assert_eq!(r.trigger_kind, EntryKind::ThresholdDecision);
        assert_eq!(r.response_kinds, vec![EntryKind::StrategyDiscussion]);
        assert_eq!(r.working_days, 1);
        assert_eq!(r.trigger_tag, "s47");
        assert!(r.name.starts_with("P2 Strategy discussion"), "{}", r.name);
    }

    #[test]
    fn a_conference_after_a_strategy_discussion_and_a_transfer_in_conference() {
        let t = read(
            "| P4 | Initial child protection conference (incl. pre-birth) | within 15 WD of the strategy discussion |\n\
             | P7 | Transfer-in conference when a child on a CP plan moves area | within 15 WD of the receiving authority getting the transfer request; the originating authority keeps case responsibility |",
        );
        assert_eq!(t.rules.len(), 2, "{t:?}");
        assert_eq!(t.rules[0].trigger_kind, EntryKind::StrategyDiscussion);
        assert_eq!(
            t.rules[0].response_kinds,
            vec![EntryKind::ChildProtectionConference]
        );
        assert_eq!(t.rules[0].working_days, 15);
        assert_eq!(t.rules[1].trigger_kind, EntryKind::CaseTransfer);
        assert_eq!(
            t.rules[1].response_kinds,
            vec![EntryKind::ChildProtectionConference]
        );
        // The second clause has no timescale: reported, not guessed.
        assert_eq!(t.not_read.len(), 1, "{:?}", t.not_read);
    }

    #[test]
    fn clauses_of_one_row_each_become_a_rule() {
        let t = read(
            "| P1 | Adult safeguarding concern | triage (risk rating) within 1 WD of receipt; decision whether the s42 duty applies within 5 WD of receipt; referrer told the outcome within 2 WD of the decision |",
        );
        let days: Vec<i32> = t.rules.iter().map(|r| r.working_days).collect();
        assert_eq!(days, [1, 2], "{t:?}");
        assert_eq!(t.rules[0].trigger_kind, EntryKind::Referral);
        assert_eq!(
            t.rules[0].response_kinds,
            vec![EntryKind::ThresholdDecision]
        );
        // "referrer told the outcome": information shared after the decision.
        assert_eq!(t.rules[1].trigger_kind, EntryKind::ThresholdDecision);
        assert_eq!(
            t.rules[1].response_kinds,
            vec![EntryKind::InformationShared]
        );
        // The second decision, timed from the same receipt, cannot be told apart from the
        // first by its kind: reported, not made a rule that the first decision satisfies.
        assert_eq!(t.not_read.len(), 1, "{:?}", t.not_read);
    }

    #[test]
    fn a_meeting_that_hears_a_referral_and_qualified_clauses() {
        let t = read(
            "| P2 | MARAC | a high-risk referral is heard within 15 WD of receipt (meetings fortnightly) |\n\
             | P1 | MASH: RAG rating of a new contact | within 1 WD of receipt; AMBER decisions within 3 WD; RED decisions the same day |",
        );
        assert_eq!(t.rules.len(), 2, "{t:?}");
        assert_eq!(t.rules[0].trigger_kind, EntryKind::Referral);
        assert_eq!(t.rules[0].response_kinds, vec![EntryKind::Marac]);
        assert_eq!(
            t.rules[1].working_days, 1,
            "the row's first timescale stands"
        );
        assert_eq!(t.not_read.len(), 2, "{:?}", t.not_read);
    }

    #[test]
    fn a_clock_started_by_words_not_understood_is_not_guessed_from_the_standard() {
        let t = read(
            "| P1 | Missing children | police notify CSC within 24 hours of a child being found |",
        );
        assert!(t.rules.is_empty(), "{t:?}");
        assert!(
            t.not_read[0].contains("a child being found"),
            "{:?}",
            t.not_read
        );
    }

    #[test]
    fn durations_in_their_usual_forms() {
        assert_eq!(duration_in("within 2 WD of the notification"), Some(2));
        assert_eq!(duration_in("within 3 working days"), Some(3));
        assert_eq!(duration_in("within 72 hours of return"), Some(3));
        assert_eq!(duration_in("within 24 hours"), Some(1));
        assert_eq!(duration_in("within 1 week of placement"), Some(5));
        assert_eq!(duration_in("the same day"), Some(0));
        // Cadences and tables without a time are not response times.
        assert_eq!(duration_in("at least every 10 WD"), None);
        assert_eq!(duration_in("heard at the next monthly panel"), None);
        assert_eq!(duration_in("Timescale"), None);
    }

    #[test]
    fn a_health_visiting_response_to_a_notification_is_timed_at_health_visiting() {
        let t = read(
            "| P3 | Health visiting response to a MASH notification (acknowledge, check records, act) | within 2 WD of the notification |",
        );
        assert_eq!(t.rules.len(), 1, "{t:?}");
        let r = &t.rules[0];
        assert_eq!(r.trigger_kind, EntryKind::InformationShared);
        assert_eq!(r.to_sector, Some(Sector::HealthVisiting));
        assert_eq!(r.working_days, 2);
    }

    #[test]
    fn rows_without_a_timescale_or_a_known_kind_are_reported_or_passed_over() {
        let t = read(
            "| P5 | Child on a CP plan seen by the social worker | at least every 10 WD |\n\
             | P9 | Something unusual | within 5 WD of the equinox |",
        );
        assert!(t.rules.is_empty(), "{t:?}");
        assert_eq!(
            t.not_read.len(),
            1,
            "the cadence row has no timescale: {:?}",
            t.not_read
        );
        assert!(t.not_read[0].contains("P9"));
    }

    #[test]
    fn a_standard_named_by_its_initials_tags_its_rules() {
        assert_eq!(initials_in("MARAC").as_deref(), Some("marac"));
        assert_eq!(initials_in("IDVA: first contact").as_deref(), Some("idva"));
        assert_eq!(initials_in("PPNs graded HIGH").as_deref(), Some("ppn"));
        assert_eq!(
            initials_in("MASH: RAG rating of a new contact").as_deref(),
            Some("mash")
        );
        // Near misses: ordinary words, and initials of the method or of a level.
        assert_eq!(initials_in("Adult safeguarding concern"), None);
        assert_eq!(initials_in("Missing children"), None);
        assert_eq!(initials_in("CP plan visits"), None);
        assert_eq!(initials_in("A"), None);
        let rules = read(
            "| # | Standard | Timescale |\n|---|---|---|\n\
             | P2 | MARAC | a high-risk referral is heard within 15 WD of receipt |\n",
        );
        assert_eq!(rules.rules.len(), 1, "{:?}", rules.not_read);
        assert_eq!(rules.rules[0].trigger_tag, "marac");
    }
}
