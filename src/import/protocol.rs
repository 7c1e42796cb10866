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
use crate::phrases::events;

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
        let Some(ti) = cells
            .iter()
            .rposition(|c| clauses(c).iter().any(|x| duration_in(x).is_some()))
        else {
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
        for clause in clauses(cells[ti]) {
            let clause = clause.as_str();
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

/// Reads a Markdown text's table rows ("| a | b | c |"), and its prose timescales as rows
/// too: a list item or sentence that states a response time ("- Strategy discussion: within
/// 1 working day of the decision", "A return interview is offered within 72 hours of
/// return.") becomes a row of its standard (before a colon) and its timescale.
pub fn rows_from_markdown(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.starts_with('|') {
            rows.push(
                line.trim_matches('|')
                    .split('|')
                    .map(|c| c.trim().to_string())
                    .collect(),
            );
            continue;
        }
        let item = line
            .trim_start_matches(['-', '*', '•', '+'])
            .trim()
            .trim_matches('*')
            .trim();
        for sentence in item.split(". ").map(|x| x.trim().trim_end_matches('.')) {
            let l = sentence.to_lowercase();
            let timed = [
                "within",
                "by day",
                "no later than",
                "same day",
                "next working day",
            ]
            .iter()
            .any(|w| l.contains(w))
                || l.contains("th day")
                || l.contains("school day");
            if !timed || duration_in(sentence).is_none() {
                continue;
            }
            match sentence.split_once(": ") {
                Some((standard, timescale)) if standard.split_whitespace().count() <= 12 => rows
                    .push(vec![
                        standard.trim().to_string(),
                        timescale.trim().to_string(),
                    ]),
                _ => rows.push(vec![sentence.to_string()]),
            }
        }
    }
    rows
}

/// The clauses of a timescale cell: split at ";" outside brackets, and before a cadence that
/// follows a response time ("within 1 week of placement, then at intervals of ...").
fn clauses(cell: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut current = String::new();
    for ch in cell.chars() {
        match ch {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = (depth - 1).max(0),
            _ => {}
        }
        if ch == ';' && depth == 0 {
            out.push(std::mem::take(&mut current));
        } else {
            current.push(ch);
        }
    }
    out.push(current);
    let mut split = Vec::new();
    for c in out {
        let l = c.to_lowercase();
        match l.find(", then ") {
            Some(i) if duration_in(&c[..i]).is_some() => {
                split.push(c[..i].to_string());
                split.push(c[i + 2..].to_string());
            }
            _ => split.push(c),
        }
    }
    split
        .into_iter()
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
        .collect()
}

/// A text without its bracketed asides ("return (children at home: the Return Team)").
fn without_asides(text: &str) -> String {
    let mut depth = 0i32;
    let mut out = String::new();
    for ch in text.chars() {
        match ch {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = (depth - 1).max(0),
            _ if depth == 0 => out.push(ch),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A number written in digits, words ("two", "seventy-two" is not needed) or as an ordinal
/// ("6th", "sixth"); the ordinal flag says which.
fn number(word: &str) -> Option<(i32, bool)> {
    const CARDINAL: [&str; 21] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    const ORDINAL: [&str; 21] = [
        "",
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
        "eighteenth",
        "nineteenth",
        "twentieth",
    ];
    if let Ok(n) = word.parse::<i32>() {
        return Some((n, false));
    }
    for suffix in ["st", "nd", "rd", "th"] {
        if let Some(n) = word
            .strip_suffix(suffix)
            .and_then(|d| d.parse::<i32>().ok())
        {
            return Some((n, true));
        }
    }
    if let Some(n) = CARDINAL.iter().position(|w| *w == word) {
        return Some((n as i32, false));
    }
    ORDINAL
        .iter()
        .position(|w| !w.is_empty() && *w == word)
        .map(|n| (n as i32, true))
}

/// Working days a clause allows, when it states a response time: "within N WD", "N working
/// days", "N school days", "N hours" (rounded up to whole days), "N (calendar) days", "N
/// week(s)", "the same day", "the next working day", and a day of the trigger's own count
/// ("by day 6", "from the sixth school day": the trigger's day is day 1, so five days on).
/// Numbers may be written as words ("two working days").
fn duration_in(clause: &str) -> Option<i32> {
    let l = clause.to_lowercase();
    if l.contains("every") || l.contains("intervals") || l.contains("at least") {
        return None; // a cadence, not a response time
    }
    if l.contains("same day") || l.contains("same working day") {
        return Some(0);
    }
    if l.contains("next working day") || l.contains("next day") {
        return Some(1);
    }
    let words: Vec<&str> = l
        .split(|c: char| c.is_whitespace() || c == '(' || c == ')' || c == ',' || c == ':')
        .filter(|w| !w.is_empty())
        .collect();
    for (i, w) in words.iter().enumerate() {
        // "by day 6", "on day 3 of the placement"
        if *w == "day" && i > 0 && ["by", "on", "from"].contains(&words[i - 1]) {
            if let Some((n, _)) = words.get(i + 1).and_then(|n| number(n)) {
                return Some((n - 1).max(0));
            }
        }
        let Some((n, ordinal)) = number(w) else {
            continue;
        };
        let unit = words.get(i + 1).copied().unwrap_or("");
        let next = words.get(i + 2).copied().unwrap_or("");
        let is_day = |u: &str| u == "day" || u == "days";
        if ordinal {
            // "the sixth school day of the exclusion", "the 3rd working day"
            let counted =
                is_day(unit) || (["school", "working", "calendar"].contains(&unit) && is_day(next));
            if counted {
                return Some((n - 1).max(0));
            }
            continue;
        }
        let days = match unit {
            "wd" | "wds" => n,
            "working" | "school" | "business" if is_day(next) => n,
            "calendar" if is_day(next) => (n * 5 + 6) / 7,
            "hours" | "hour" | "hrs" | "hr" => (n + 23) / 24,
            "days" | "day" => (n * 5 + 6) / 7,
            "week" | "weeks" => n * 5,
            _ => continue,
        };
        return Some(days);
    }
    None
}

/// The kinds a phrase names, most specific first: by the protocol's usual words, else through
/// the vocabulary of type values.
fn kind_in(phrase: &str) -> Option<EntryKind> {
    kind_named(phrase).or_else(|| crate::import::kinds::kind_from_value(phrase))
}

/// The kind a phrase names in a protocol's usual words ("strategy", "conference", "notify").
fn kind_named(phrase: &str) -> Option<EntryKind> {
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
    } else if has("told") || has("inform") || has("feedback") || has("notif") {
        EntryKind::InformationShared
    } else if has("rag") || has("triage") || has("screen") || has("decision") || has("threshold") {
        EntryKind::ThresholdDecision
    } else if has("notification") || has("ppn") || has("notify") {
        EntryKind::InformationShared
    } else if has("referral") || has("receipt") || has("contact") && has("new") || has("concern") {
        EntryKind::Referral
    } else {
        return None;
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
    let clause = without_asides(clause);
    let standard = without_asides(standard);
    let (standard, clause) = (standard.as_str(), clause.as_str());
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
    // An event with no kind of its own starts the clock ("within 72 hours of return", "from
    // the sixth school day of the exclusion"): the rule is matched by the event's words.
    let event_words = if clause_trigger.trim().is_empty() {
        std_trigger.clone()
    } else {
        clause_trigger.clone()
    };
    if kind_in(&event_words).is_none() || event_words.trim().is_empty() {
        let event = events::event_in_terms(&event_words).or_else(|| {
            clause_trigger
                .trim()
                .is_empty()
                .then(|| events::event_in_terms(standard))
                .flatten()
        });
        if let Some(event) = event {
            return event_rule(event, &clause_subject, &std_subject, days);
        }
    }
    // A clause that names what starts its clock in words not understood ("within 24 hours
    // of the equinox") is not timed from something broader the standard names.
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

/// A rule timed from an event with no kind of its own: the trigger is any entry whose words
/// record the event (the rule's kind is "note", anything); the response is a kind the clause
/// names in the protocol's usual words ("police notify CSC" → information shared), else the
/// words that say what it is ("a return home interview is offered"), carried in the tag after
/// [`events::RESPONSE_MARK`]. A clause that only says "respond" or "acknowledge" is not read:
/// with no hand-over to answer, any entry would do.
fn event_rule(
    event: &str,
    clause_subject: &str,
    std_subject: &str,
    days: i32,
) -> Result<ProtocolRule, String> {
    let subject = if clause_subject.trim().is_empty() {
        std_subject
    } else {
        clause_subject
    };
    let l = subject.to_lowercase();
    if ["response", "respond", "acknowledg", "reply"]
        .iter()
        .any(|w| l.contains(w))
    {
        return Err(format!(
            "not read: a response of any kind after the {event} cannot be told apart from \
             other entries"
        ));
    }
    let (kinds, tag) = match kind_named(subject) {
        Some(k) => (vec![k], event.to_string()),
        None => {
            let words = events::response_words(subject);
            if words.is_empty() {
                return Err(format!(
                    "not read: what must happen after the {event} was not understood"
                ));
            }
            (
                Vec::new(),
                format!("{event} {} {words}", events::RESPONSE_MARK),
            )
        }
    };
    Ok(ProtocolRule {
        id: ProtocolRuleId(0),
        name: String::new(),
        trigger_kind: EntryKind::Note,
        to_sector: None,
        trigger_tag: tag,
        response_kinds: kinds,
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
        let t = read("| P1 | Strategy discussion | within 1 WD of the equinox |");
        assert!(t.rules.is_empty(), "{t:?}");
        assert!(t.not_read[0].contains("the equinox"), "{:?}", t.not_read);
    }

    #[test]
    fn clauses_with_asides_and_cadences_in_one_cell() {
        let t = read(
            "| # | Standard | Timescale |\n|---|---|---|\n\
             | R1 | Young people who go missing | the youth service is told within 1 WD of a young person being found; a welfare conversation is offered within 48 hours of return (in county: the Outreach Team; out of county: the provider) |\n\
             | R2 | Children placed away from home | key worker visit within 2 weeks of placement, then at intervals of no more than 8 weeks |\n\
             | R3 | Pupils excluded for a fixed term | the school provides full-time education from the sixth school day of the exclusion |",
        );
        let tags: Vec<&str> = t.rules.iter().map(|r| r.trigger_tag.as_str()).collect();
        assert_eq!(
            tags,
            [
                "missing",
                "missing → welfare conversation",
                "placement → key worker visit",
                "exclusion → full-time education"
            ],
            "{t:?}"
        );
        let days: Vec<i32> = t.rules.iter().map(|r| r.working_days).collect();
        assert_eq!(days, [1, 2, 10, 5]);
        assert!(t.rules.iter().all(|r| r.trigger_kind == EntryKind::Note));
        assert_eq!(
            t.rules[0].response_kinds,
            vec![EntryKind::InformationShared]
        );
        // The aside's ";" does not split the clause; the cadence after "then" is reported.
        assert_eq!(t.not_read.len(), 1, "{:?}", t.not_read);
        assert!(t.not_read[0].contains("intervals"), "{:?}", t.not_read);
        assert!(
            t.rules[1].name.contains("Outreach Team"),
            "{}",
            t.rules[1].name
        );
    }

    #[test]
    fn an_event_with_only_a_response_of_any_kind_is_not_guessed() {
        let t = read(
            "| Q4 | Moves between areas | the new area acknowledges within 2 WD of placement |",
        );
        assert!(t.rules.is_empty(), "{t:?}");
        assert_eq!(t.not_read.len(), 1);
    }

    #[test]
    fn prose_and_list_items_that_state_a_timescale() {
        let md = "## Local procedures\n\
             The review used the county's procedures.\n\
             - Strategy discussion: within two working days of a decision that the s47 threshold is met.\n\
             * An independent return interview is offered within 72 hours of return.\n\
             Core groups meet at least every 4 weeks.\n\
             A social worker visit takes place by day 5 of placement.\n";
        let t = read(md);
        assert_eq!(t.rules.len(), 3, "{t:?}");
        assert_eq!(
            t.rules[0].response_kinds,
            vec![EntryKind::StrategyDiscussion]
        );
        assert_eq!(t.rules[0].working_days, 2);
        assert_eq!(
            t.rules[1].trigger_tag,
            "missing → independent return interview"
        );
        assert_eq!(t.rules[1].working_days, 3);
        assert_eq!(t.rules[2].trigger_tag, "placement → social worker visit");
        assert_eq!(t.rules[2].working_days, 4);
        // The cadence and the sentence with no timescale are not rows at all.
        assert!(t.not_read.is_empty(), "{:?}", t.not_read);
    }

    #[test]
    fn durations_in_their_usual_forms() {
        assert_eq!(duration_in("within two working days"), Some(2));
        assert_eq!(duration_in("within 5 school days"), Some(5));
        assert_eq!(
            duration_in("from the sixth school day of the exclusion"),
            Some(5)
        );
        assert_eq!(duration_in("by day 3 of the placement"), Some(2));
        assert_eq!(duration_in("no later than the 10th working day"), Some(9));
        assert_eq!(duration_in("within 14 calendar days"), Some(10));
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
