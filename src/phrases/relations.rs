//! Words for a person's relation to someone else ("her mother", "his partner", "the baby"),
//! grouped so that wordings meaning the same relation are one ("mum" is "mother").
//!
//! Pseudonymisation reads them to keep prose grammatical when a name that follows one is
//! replaced by a label ("her mother Sarah" → "her mother", not "her mother Mother").

/// Relations, each a group of wordings that mean the same; the first is the group's name.
const RELATIONS: &[&[&str]] = &[
    &["mother", "mum", "mummy", "mom", "birth mother"],
    &["father", "dad", "daddy", "birth father"],
    &["stepmother", "step-mother", "stepmum", "step-mum"],
    &["stepfather", "step-father", "stepdad", "step-dad"],
    &[
        "partner",
        "boyfriend",
        "girlfriend",
        "ex-partner",
        "husband",
        "wife",
        "fiancé",
        "fiance",
        "fiancée",
    ],
    &[
        "grandmother",
        "grandma",
        "nan",
        "nana",
        "nanna",
        "gran",
        "granny",
    ],
    &["grandfather", "grandad", "granddad", "grandpa", "grampa"],
    &[
        "sibling",
        "sister",
        "brother",
        "half-sister",
        "half-brother",
        "stepsister",
        "stepbrother",
    ],
    &["son"],
    &["daughter"],
    &["aunt", "auntie", "aunty"],
    &["uncle"],
    &["cousin"],
    &["baby", "infant", "newborn"],
    &["child"],
    &["friend"],
    &["neighbour"],
    &["carer", "kinship carer", "foster carer"],
    &["lodger"],
];

/// The relation a word names (its group's first wording), if it names one: "Mum" → "mother".
pub fn relation(word: &str) -> Option<&'static str> {
    let word = super::normalise(word.trim());
    RELATIONS
        .iter()
        .find(|group| group.contains(&word.as_str()))
        .map(|group| group[0])
}

/// Whether two wordings name the same relation ("mum" and "Mother"; "Maternal grandmother"
/// and "nan" by its last word).
pub fn same_relation(a: &str, b: &str) -> bool {
    let last = |s: &str| {
        let s = s.trim();
        relation(s).or_else(|| s.split_whitespace().last().and_then(relation))
    };
    matches!((last(a), last(b)), (Some(x), Some(y)) if x == y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wordings_of_one_relation_are_the_same_relation() {
        assert_eq!(relation("Mum"), Some("mother"));
        assert_eq!(relation("nan"), Some("grandmother"));
        assert_eq!(relation("social worker"), None);
        assert!(same_relation("mum", "Mother"));
        assert!(same_relation("Maternal grandmother", "nan"));
        assert!(same_relation("sister", "Sibling"));
        assert!(!same_relation("mother", "Maternal grandmother"));
        assert!(!same_relation("mother", "SW1"));
    }
}
