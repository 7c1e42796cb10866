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
mod tests;
