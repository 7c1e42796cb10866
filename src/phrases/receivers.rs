//! Several receiving agencies named by one hand-over's words ("referred to health visiting and
//! police", "strategy meeting invite sent to police, school and the GP"): the list after the
//! hand-over words, each item read as [`super::receiver`] reads one. Shared by import
//! suggestions; a text naming one agency gives that one, as before.

use crate::model::{Agency, AgencyId};

use super::receiver;

/// The words after which a hand-over names its receivers, most telling first.
const MARKERS: &[&str] = &[
    "referred to ",
    "referral to ",
    "referrals to ",
    "transferred to ",
    "transfer to ",
    "shared with ",
    "sent to ",
    "emailed to ",
    "passed to ",
    "reported to ",
    "handed over to ",
    "invited ",
    "invitation to ",
    "invites sent to ",
    "informed ",
    "notified ",
    " to ",
];

/// Words that end the list of receivers and start what the hand-over was about.
const LIST_ENDS: &[&str] = &[
    " re ",
    " re:",
    " regarding ",
    " about ",
    " due to ",
    " following ",
    " because ",
    " as ",
    " for ",
    " with ",
    " that ",
    " on ",
    " by ",
    " who ",
    " - ",
];

/// Separators between the receivers of one list.
const SEPARATORS: &[&str] = &[";", ",", "/", " and ", " & ", " + ", " plus "];

/// Items of a list longer than this many words are prose, not agency names.
const MAX_ITEM_WORDS: usize = 6;

/// The receiving agencies `text` names after its hand-over words, in the order named: every
/// agency of the list there ("to police and health visiting", "to health visiting re:
/// housing" names one), else the one agency [`receiver`] finds in the whole text (or none).
pub fn receivers(text: &str, from: AgencyId, agencies: &[Agency]) -> Vec<AgencyId> {
    let several = listed(text)
        .map(|items| {
            let mut found: Vec<AgencyId> = Vec::new();
            for item in items {
                if let Some(a) = receiver(&format!("to {item}"), from, agencies) {
                    if !found.contains(&a) {
                        found.push(a);
                    }
                }
            }
            found
        })
        .unwrap_or_default();
    if !several.is_empty() {
        return several;
    }
    receiver(text, from, agencies).into_iter().collect()
}

/// The items of the list after the first hand-over word, when they are short enough to be
/// names.
fn listed(text: &str) -> Option<Vec<String>> {
    let normal = crate::phrases::normalise(text);
    // "disclosure to police" reports who heard something, not a receiver.
    let lower = super::receiver::without_disclosures(&normal);
    let line = lower
        .lines()
        .find(|l| MARKERS.iter().any(|m| l.contains(m)))?;
    let at = MARKERS
        .iter()
        .find_map(|m| line.find(m).map(|i| i + m.len()))?;
    let mut tail = &line[at..];
    // The list ends at the end of its sentence or clause, or where the reason starts.
    for end in [". ", ":", "(", "\t"] {
        if let Some(i) = tail.find(end) {
            tail = &tail[..i];
        }
    }
    let padded = format!(" {tail} ");
    let mut cut = padded.len();
    for end in LIST_ENDS {
        if let Some(i) = padded.find(end) {
            cut = cut.min(i);
        }
    }
    let mut items = vec![padded[..cut].to_string()];
    for sep in SEPARATORS {
        items = items
            .iter()
            .flat_map(|i| i.split(sep).map(str::to_string).collect::<Vec<_>>())
            .collect();
    }
    let items: Vec<String> = items
        .into_iter()
        .map(|i| i.trim().trim_end_matches('.').trim().to_string())
        .filter(|i| !i.is_empty())
        .collect();
    let short = items
        .iter()
        .all(|i| i.split_whitespace().count() <= MAX_ITEM_WORDS);
    (!items.is_empty() && short).then_some(items)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Sector;

    fn agencies() -> Vec<Agency> {
        [
            (1, "Northshire Police", "Police", Sector::Police),
            (
                2,
                "Northshire Health Visiting",
                "HV",
                Sector::HealthVisiting,
            ),
            (
                3,
                "Northshire Children's Social Care",
                "CSC",
                Sector::ChildrensSocialCare,
            ),
            (4, "Hill Street Primary School", "School", Sector::Education),
            (5, "Northshire Housing", "Housing", Sector::Housing),
        ]
        .into_iter()
        .map(|(id, name, short, sector)| Agency::new(id, name, short, sector))
        .collect()
    }

    #[test]
    fn a_list_of_receivers_gives_each() {
        let list = agencies();
        let from = AgencyId(3);
        let cases: [(&str, &[i64]); 4] = [
            ("Referral to health visiting and police re: bruise", &[2, 1]),
            (
                "Strategy meeting invitation sent to police, school and HV",
                &[1, 4, 2],
            ),
            ("Information shared with Police; Health Visiting.", &[1, 2]),
            ("Referred to police & housing", &[1, 5]),
        ];
        for (text, want) in cases {
            let want: Vec<AgencyId> = want.iter().map(|&i| AgencyId(i)).collect();
            assert_eq!(receivers(text, from, &list), want, "{text}");
        }
    }

    #[test]
    fn one_receiver_or_a_reason_after_it_gives_one() {
        let list = agencies();
        // The reason after "re" names housing, but housing did not receive it.
        assert_eq!(
            receivers(
                "Referral to health visiting re: housing and police involvement",
                AgencyId(3),
                &list
            ),
            vec![AgencyId(2)]
        );
        assert_eq!(
            receivers("Referred to police", AgencyId(3), &list),
            vec![AgencyId(1)]
        );
        // Words that are not agencies in a list leave the one agency named.
        assert_eq!(
            receivers(
                "Referred to police, urgently and in writing",
                AgencyId(3),
                &list
            ),
            vec![AgencyId(1)]
        );
        assert!(receivers("Home visit, mother and baby seen", AgencyId(3), &list).is_empty());
    }
}
