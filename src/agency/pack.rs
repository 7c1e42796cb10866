//! The documents the agencies and the partnership receive at the end of a review: a
//! **factual-accuracy pack** for each agency (the integrated chronology's entries that came
//! from it or concern it, as they now read, for the agency to confirm) and the one-page
//! **7-minute briefing** partnerships publish for every review.
//!
//! Both are pseudonymised: every piece of review text passes through the export's
//! pseudonymiser, and the caller runs the export's check on the result before writing it.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use crate::dates::uk;
use crate::export::document::{
    clean, paras, Block, Column, ColumnKind, Document, Para, Part, Table,
};
use crate::export::pseudonym::Pseudonymiser;
use crate::json::ReviewData;
use crate::model::{Agency, Entry, EntryKind, FindingCategory, Involvement};

/// Why an entry is in an agency's accuracy pack.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Concern {
    /// The agency's own record.
    OwnRecord,
    /// It was sent to the agency (a referral, transfer or information shared).
    SentTo,
    /// Someone from the agency took part in it (a meeting, a joint visit).
    TookPart,
}

impl Concern {
    fn label(self) -> &'static str {
        match self {
            Concern::OwnRecord => "Your record",
            Concern::SentTo => "Sent to you",
            Concern::TookPart => "Your agency took part",
        }
    }
}

/// Whether `entry` belongs in `agency`'s accuracy pack, and why.
pub fn concerns(data: &ReviewData, entry: &Entry, agency: &Agency) -> Option<Concern> {
    if entry.agency == agency.id {
        return Some(Concern::OwnRecord);
    }
    if entry.goes_to(agency.id) {
        return Some(Concern::SentTo);
    }
    let people: HashMap<_, _> = data.people.iter().map(|p| (p.id, p)).collect();
    entry
        .people
        .iter()
        .filter(|ep| matches!(ep.involvement, Involvement::Present | Involvement::Author))
        .any(|ep| {
            people
                .get(&ep.person)
                .is_some_and(|p| p.agency == Some(agency.id))
        })
        .then_some(Concern::TookPart)
}

fn scope(data: &ReviewData) -> Option<String> {
    match (data.review.scope_start, data.review.scope_end) {
        (Some(s), Some(e)) => Some(format!("{} to {}", uk(s), uk(e))),
        (Some(s), None) => Some(format!("from {}", uk(s))),
        (None, Some(e)) => Some(format!("up to {}", uk(e))),
        (None, None) => None,
    }
}

fn text_column(header: &str, weight: u16) -> Column {
    Column {
        header: header.into(),
        weight,
        kind: ColumnKind::Text,
    }
}

/// The accuracy pack for `agency`, pseudonymised. Entries keep their number in the integrated
/// chronology, so the agency's replies can cite them.
pub fn accuracy_pack(data: &ReviewData, agency: &Agency, today: NaiveDate) -> Document {
    let names = Pseudonymiser::new(&data.people);
    let text = |s: &str| names.apply(&clean(s));
    let agencies: HashMap<_, _> = data.agencies.iter().map(|a| (a.id, a)).collect();
    let mut rows = Vec::new();
    for (i, e) in data.entries.iter().enumerate() {
        let Some(why) = concerns(data, e, agency) else {
            continue;
        };
        let mut event = Vec::new();
        if !e.summary.trim().is_empty() && e.summary.trim() != e.detail.trim() {
            event.push(Para::default().bold(text(&e.summary)));
        }
        event.extend(paras(&text(&e.detail)));
        let mut from = agencies
            .get(&e.agency)
            .map(|a| clean(&a.name))
            .unwrap_or_default();
        let to: Vec<String> = e
            .to_agencies
            .iter()
            .filter_map(|t| agencies.get(t))
            .map(|a| clean(&a.name))
            .collect();
        if !to.is_empty() {
            let to = match to.split_last() {
                Some((last, init)) if !init.is_empty() => format!("{} and {last}", init.join(", ")),
                _ => to.join(""),
            };
            from.push_str(&format!(" to {to}"));
        }
        rows.push(vec![
            vec![Para::plain((i + 1).to_string())],
            vec![Para::plain(e.date.to_string())],
            vec![Para::plain(from)],
            event,
            paras(&text(&e.outcome)),
            vec![Para::plain(why.label())],
            vec![Para::plain("")],
        ]);
    }
    let count = rows.len();
    let mut intro = vec![
        Block::Heading(
            0,
            format!("Factual accuracy check: {}", clean(&agency.name)),
        ),
        Block::Para(
            Para::default()
                .bold("Review: ")
                .text(text(&data.review.title)),
        ),
    ];
    if let Some(s) = scope(data) {
        intro.push(Block::Para(Para::default().bold("Period: ").text(s)));
    }
    intro.push(Block::Para(
        Para::default().bold("Prepared: ").text(uk(today)),
    ));
    intro.push(Block::Para(Para::plain(format!(
        "These {count} entries of the integrated chronology came from {} or concern it: records \
         sent to it, or events its staff took part in. They are shown as they now read in the \
         review. Please check each one for factual accuracy only, not for the review's analysis, \
         and write any correction in the last column, citing the entry's number.",
        clean(&agency.name)
    ))));
    intro.push(Block::Para(Para::default().italic(
        "People are shown by their pseudonyms (Child, Mother, SW1 ...); real names are not \
         included.",
    )));
    let table = Table {
        key: "accuracy".into(),
        title: "Entries to check".into(),
        columns: vec![
            Column {
                header: "No.".into(),
                weight: 4,
                kind: ColumnKind::Number,
            },
            Column {
                header: "Date".into(),
                weight: 10,
                kind: ColumnKind::Date,
            },
            text_column("Agency", 12),
            text_column("Event", 34),
            text_column("Action / outcome", 18),
            text_column("Why it is here", 9),
            text_column("Accurate? Correction", 16),
        ],
        rows,
        empty_note: "The review holds no entries from or about this agency.".into(),
    };
    Document {
        title: format!("Factual accuracy check: {}", clean(&agency.name)),
        footer: "Pseudonymised: for factual accuracy checking".into(),
        // One landscape part: the introduction sits above the table instead of alone on a
        // nearly empty first page.
        parts: vec![Part {
            section: None,
            landscape: true,
            blocks: intro.into_iter().chain([Block::Table(table)]).collect(),
        }],
    }
}

/// What the reviewer may write for the briefing (kept in the review, see
/// [`crate::store::BriefingText`]).
pub use crate::store::BriefingText;

/// Questions practitioners can ask themselves about a finding of each SCIE category: general
/// prompts, used when the reviewer has written none.
fn prompt_for(category: FindingCategory) -> &'static str {
    match category {
        FindingCategory::IncidentsAndCrises => {
            "When an incident is reported, who do I tell, and how do I know they received it?"
        }
        FindingCategory::LongerTermWork => {
            "When a family moves or a case transfers, what do I hand over, to whom, and how do I \
             check it arrived?"
        }
        FindingCategory::HumanReasoning => {
            "What would change my view of this family, and have I looked for it?"
        }
        FindingCategory::FamilyProfessionalInteraction => {
            "Do I check what parents tell me against what other agencies know?"
        }
        FindingCategory::Tools => {
            "Do the forms and systems I use prompt me to record and share what matters?"
        }
        FindingCategory::ManagementSystems => {
            "When I disagree with another agency's decision, do I know how to escalate it, and do \
             I follow it through?"
        }
    }
}

/// The first sentences of `text`, up to about `words` words, ending at a full stop.
fn brief(text: &str, words: usize) -> String {
    let mut out = String::new();
    let mut count = 0;
    for sentence in text.split_inclusive(". ") {
        let n = sentence.split_whitespace().count();
        if count > 0 && count + n > words {
            break;
        }
        out.push_str(sentence);
        count += n;
    }
    out.trim().to_string()
}

fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| {
            l.trim()
                .trim_start_matches(['-', '*', '•'])
                .trim()
                .to_string()
        })
        .filter(|l| !l.is_empty())
        .collect()
}

/// The 7-minute briefing: one page, pseudonymised, built from the review and `text`.
pub fn briefing(data: &ReviewData, text: &BriefingText, today: NaiveDate) -> Document {
    let names = Pseudonymiser::new(&data.people);
    let t = |s: &str| names.apply(&clean(s));
    let review = &data.review;
    let mut blocks = vec![Block::Heading(
        0,
        format!("7-minute briefing: {}", t(&review.title)),
    )];
    let mut facts = Vec::new();
    if !review.commissioned_by.trim().is_empty() {
        facts.push(t(&review.commissioned_by));
    }
    if let Some(s) = scope(data) {
        facts.push(format!("period reviewed {s}"));
    }
    facts.push(format!("briefing prepared {}", uk(today)));
    blocks.push(Block::Para(Para::default().italic(facts.join(" · "))));

    blocks.push(Block::Heading(2, "1. What happened".into()));
    let happened = if text.what_happened.trim().is_empty() {
        let agencies = data.agencies.len();
        let first_para = review.notes.split("\n\n").next().unwrap_or("").trim();
        if first_para.is_empty() {
            format!(
                "This review looked at how {} agencies worked with {} and their family{}.",
                agencies,
                t(&review.subject),
                scope(data)
                    .map(|s| format!(" from {}", s.replace(" to ", " until ")))
                    .unwrap_or_default()
            )
        } else {
            t(&brief(first_para, 110))
        }
    } else {
        t(&text.what_happened)
    };
    blocks.extend(paras(&happened).into_iter().map(Block::Para));
    if let (Some(first), Some(last)) = (
        data.kpes.iter().map(|k| k.starts_on).min(),
        data.kpes.iter().map(|k| k.ends_on).max(),
    ) {
        blocks.push(Block::Para(Para::plain(format!(
            "The review team identified {} key practice episode{} between {} and {}.",
            data.kpes.len(),
            if data.kpes.len() == 1 { "" } else { "s" },
            first.format("%m/%Y"),
            last.format("%m/%Y")
        ))));
    }

    blocks.push(Block::Heading(2, "2. What the review found".into()));
    let mut by_category: BTreeMap<u8, (FindingCategory, Vec<Para>)> = BTreeMap::new();
    for f in &data.findings {
        by_category
            .entry(f.category.number())
            .or_insert_with(|| (f.category, Vec::new()))
            .1
            .push(Para::plain(t(&f.statement)));
    }
    if by_category.is_empty() {
        blocks.push(Block::Para(
            Para::default().italic("The review's findings have not been written yet."),
        ));
    }
    for (category, statements) in by_category.values() {
        blocks.push(Block::Para(Para::default().bold(category.label())));
        blocks.push(Block::List {
            ordered: false,
            items: statements.clone(),
        });
    }

    blocks.push(Block::Heading(2, "3. What needs to change".into()));
    let mut change: Vec<String> = lines(&text.what_needs_to_change);
    if change.is_empty() {
        // One question for the Board from each finding keeps the page to one side.
        change = data
            .findings
            .iter()
            .filter_map(|f| f.board_questions.first().cloned())
            .collect();
    }
    if change.is_empty() {
        blocks.push(Block::Para(Para::default().italic(
            "To be agreed by the partnership when the findings are final.",
        )));
    } else {
        blocks.push(Block::List {
            ordered: true,
            items: change.iter().map(|c| Para::plain(t(c))).collect(),
        });
    }

    blocks.push(Block::Heading(2, "4. Questions for practitioners".into()));
    let mut questions = lines(&text.questions_for_practitioners);
    if questions.is_empty() {
        let mut seen = Vec::new();
        for f in &data.findings {
            if !seen.contains(&f.category) {
                seen.push(f.category);
                questions.push(prompt_for(f.category).to_string());
            }
        }
        if questions.is_empty() {
            questions.push(
                "What in this case would I have done differently, and what would have helped me?"
                    .into(),
            );
        }
    }
    blocks.push(Block::List {
        ordered: false,
        items: questions.iter().map(|q| Para::plain(t(q))).collect(),
    });

    blocks.push(Block::Heading(2, "5. Where to read more".into()));
    let mut more = lines(&text.read_more);
    if more.is_empty() {
        more.push(format!("The full report: {}", t(&review.title)));
        if data
            .entries
            .iter()
            .any(|e| matches!(e.kind, EntryKind::Escalation | EntryKind::Disagreement))
            || !data.findings.is_empty()
        {
            more.push(
                "Your partnership's procedure for resolving professional differences (escalation)."
                    .into(),
            );
        }
    }
    blocks.push(Block::List {
        ordered: false,
        items: more.iter().map(|m| Para::plain(t(m))).collect(),
    });
    Document {
        title: format!("7-minute briefing: {}", t(&review.title)),
        footer: "Pseudonymised briefing".into(),
        parts: vec![Part {
            section: None,
            landscape: false,
            blocks,
        }],
    }
}
