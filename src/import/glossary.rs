//! Glossary sheets and key tables in agency files ("Code | Name | Role"): the practitioners'
//! and family members' codes an agency's chronology uses. The import adds the people it
//! names to the review's glossary (a code already there is left as the reviewer set it) and
//! links each entry to the people its practitioner column names by code, as its author.

use serde::{Deserialize, Serialize};
use specta::Type;

use super::mapping::normalise;
use super::read::Table;
use crate::model::{Person, PersonId, PersonKind};

/// One person a glossary table names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct GlossaryPerson {
    /// The code the chronology uses, for example "SW1".
    pub code: String,
    /// The name the glossary gives.
    pub name: String,
    /// The role, as written.
    pub role: String,
}

impl GlossaryPerson {
    /// Family member when the role says so, else practitioner.
    pub fn kind(&self) -> PersonKind {
        let r = format!(" {} ", normalise(&self.role));
        let family = [
            "mother", "father", "grand", "child", "son", "daughter", "aunt", "uncle", "sibling",
            "brother", "sister", "partner", "baby", "parent", "step", "husband", "wife", "cousin",
            "subject",
        ];
        if family.iter().any(|w| r.contains(w)) {
            PersonKind::Family
        } else {
            PersonKind::Practitioner
        }
    }
}

const CODE_HEADINGS: &[&str] = &[
    "code",
    "code / term",
    "code/term",
    "term",
    "initials",
    "abbreviation",
    "staff code",
    "identifier",
    "pseudonym",
    "key",
    "id",
    "ref",
    "call sign",
    "collar no",
    "collar number",
];
const NAME_HEADINGS: &[&str] = &["name", "full name", "real name", "staff name", "known as"];
/// Headings of a column giving a name and a role together ("Tasha Greene - key worker"), or
/// what a code means (a person or an abbreviation).
const MEANING_HEADINGS: &[&str] = &[
    "name / role",
    "name/role",
    "name and role",
    "meaning",
    "description",
    "who",
    "role",
];
/// Codes that are not people: a key table's notes.
const NOT_CODES: &[&str] = &["note", "notes", "nb", "n.b", "key", "source"];

/// Whether `text` reads as a person's name: two to five words, each starting with a capital
/// letter, no digits ("Dr Sarah Finch", "Tasha Greene").
fn looks_like_name(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    (2..=5).contains(&words.len())
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(|c| c.is_uppercase()))
        && !text.chars().any(|c| c.is_ascii_digit())
}

/// The people one key-table row names: its code (or codes, "P1, P2") and, from a combined
/// column, a name before " - " or ", ". A code with no digit and no name is an abbreviation
/// ("EOC", "ELK"), not a person.
fn people_in_row(code: &str, meaning: &str) -> Vec<GlossaryPerson> {
    let (name, role) = match meaning
        .split_once(" - ")
        .or_else(|| meaning.split_once(", "))
    {
        Some((n, r)) if looks_like_name(n.trim()) => (n.trim().to_string(), r.trim().to_string()),
        _ => (String::new(), meaning.trim().to_string()),
    };
    code.split([',', '/'])
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .filter(|c| !name.is_empty() || c.chars().any(|x| x.is_ascii_digit()))
        .map(|c| GlossaryPerson {
            code: c.to_string(),
            name: name.clone(),
            role: role.clone(),
        })
        .collect()
}

const ROLE_HEADINGS: &[&str] = &[
    "role",
    "job title",
    "designation",
    "relationship",
    "position",
    "role team",
    "title",
];

/// The people a glossary table names, when `table` is one (a header row with a code column
/// and a name column among its first ten rows).
pub fn read_glossary(table: &Table) -> Vec<GlossaryPerson> {
    for (h, row) in table.rows.iter().take(10).enumerate() {
        let col = |names: &[&str]| {
            row.cells
                .iter()
                .position(|c| names.contains(&normalise(c).as_str()))
        };
        let Some(code) = col(CODE_HEADINGS) else {
            continue;
        };
        let name = col(NAME_HEADINGS);
        let meaning = col(MEANING_HEADINGS);
        if name.is_none() && meaning.is_none() {
            continue;
        }
        // With a name column, "Role" is the role; without one, the meaning column holds both.
        let role = col(ROLE_HEADINGS).filter(|r| name.is_some() || Some(*r) != meaning);
        return table.rows[h + 1..]
            .iter()
            .flat_map(|r| {
                let cell = |i: usize| {
                    r.cells
                        .get(i)
                        .map(|c| c.trim().to_string())
                        .unwrap_or_default()
                };
                let c = cell(code);
                if c.is_empty() || NOT_CODES.contains(&normalise(&c).as_str()) {
                    return Vec::new();
                }
                match name {
                    Some(n) if !cell(n).is_empty() => vec![GlossaryPerson {
                        code: c,
                        name: cell(n),
                        role: role.map(cell).unwrap_or_default(),
                    }],
                    Some(_) => Vec::new(),
                    None => people_in_row(&c, &meaning.map(cell).unwrap_or_default()),
                }
            })
            .collect();
    }
    Vec::new()
}

/// The people whose label appears in `text` as a whole word or words ("SW1", "DS 4471",
/// "FN1/FNS1"), in the order of `people`.
pub fn people_named(text: &str, people: &[Person]) -> Vec<PersonId> {
    let squash = |t: &str| {
        format!(
            " {} ",
            t.to_lowercase()
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        )
    };
    let hay = squash(text);
    people
        .iter()
        .filter(|p| {
            let label = squash(&p.label);
            label.trim().len() >= 2 && hay.contains(&label)
        })
        .map(|p| p.id)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::read::SourceRow;

    fn table(rows: &[&[&str]]) -> Table {
        Table {
            name: "Glossary".into(),
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, r)| SourceRow {
                    number: i as u32 + 1,
                    cells: r.iter().map(|c| c.to_string()).collect(),
                    notes: Vec::new(),
                })
                .collect(),
        }
    }

    #[test]
    fn a_code_name_role_table_is_a_glossary() {
        let t = table(&[
            &["Practitioners and family"],
            &["Code", "Name", "Role", "Team"],
            &["SW1", "Ann Example", "Social Worker", "Team 2"],
            &["DS 4471", "DS Bea Sample", "Police MASH", ""],
            &["CM", "Cara Mock", "Mother (DOB 01/01/2000)", ""],
            &["", "", "", ""],
        ]);
        let g = read_glossary(&t);
        assert_eq!(g.len(), 3);
        assert_eq!(g[1].code, "DS 4471");
        assert_eq!(g[0].kind(), PersonKind::Practitioner);
        assert_eq!(g[2].kind(), PersonKind::Family);
        // A key table: names and roles together, abbreviations that are not people, shared
        // codes, and a note row.
        let key = table(&[
            &["Code / term", "Meaning"],
            &["RSW1", "Tasha Greene - key worker"],
            &["PC 4410 / PC 2275", "Response officers"],
            &["EOC", "Emergency operations centre"],
            &["HDA1", "ICB domestic abuse lead nurse"],
            &["Note", "Mother and Father registered at the practice"],
        ]);
        let g = read_glossary(&key);
        let codes: Vec<&str> = g.iter().map(|p| p.code.as_str()).collect();
        assert_eq!(codes, vec!["RSW1", "PC 4410", "PC 2275", "HDA1"]);
        assert_eq!(g[0].name, "Tasha Greene");
        assert_eq!(g[0].role, "key worker");
        assert_eq!(g[3].name, "", "no name given: a code and a role");
        // A chronology table is not a glossary.
        let chron = table(&[
            &["Date", "Event", "Worker"],
            &["01/02/2023", "Visit", "SW1"],
        ]);
        assert!(read_glossary(&chron).is_empty());
    }

    #[test]
    fn codes_are_found_as_whole_words() {
        let person = |id, label: &str| Person {
            id: PersonId(id),
            label: label.into(),
            real_name: None,
            aliases: Vec::new(),
            role: String::new(),
            kind: PersonKind::Practitioner,
            agency: None,
            date_of_birth: None,
        };
        let people = vec![
            person(1, "SW1"),
            person(2, "FN1"),
            person(3, "DS 4471"),
            person(4, "S"),
        ];
        assert_eq!(
            people_named("SW1 / FN1", &people),
            vec![PersonId(1), PersonId(2)]
        );
        assert_eq!(people_named("DS 4471 (MASH)", &people), vec![PersonId(3)]);
        // Not inside another code, and a one-letter label is never matched.
        assert!(people_named("SW12, FNS1", &people).is_empty());
        assert!(people_named("S", &people).is_empty());
    }
}
