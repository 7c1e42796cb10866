//! The `person` table: the people glossary (family members and practitioners by label).

use super::{json_list, non_empty, require, Reader, Write, Writer};
use crate::error::Result;
use crate::model::*;

impl Reader<'_> {
    /// The people glossary, by label.
    pub fn people(&self) -> Result<Vec<Person>> {
        self.all(
            "SELECT id, label, real_name, aliases, role, kind, agency_id, date_of_birth
             FROM person ORDER BY kind, label COLLATE NOCASE, id",
            |r| {
                Ok(Person {
                    id: r.get("id")?,
                    label: r.get("label")?,
                    real_name: r.get("real_name")?,
                    aliases: json_list(r, "aliases")?,
                    role: r.get("role")?,
                    kind: r.get("kind")?,
                    agency: r.get("agency_id")?,
                    date_of_birth: r.get("date_of_birth")?,
                })
            },
        )
    }
}

impl Writer<'_> {
    fn check_person(&self, person: &Person) -> Result<()> {
        non_empty(&person.label, "A person's label")?;
        if let Some(agency) = person.agency {
            require(self.exists("agency", agency.0)?, || {
                format!("Agency {agency} is not in this review.")
            })?;
        }
        Ok(())
    }

    /// Adds a person to the glossary; an id of 0 lets the store choose one.
    pub fn insert_person(&self, person: &Person) -> Result<PersonId> {
        self.write_person(person, Write::Insert).map(PersonId)
    }

    /// Changes a person.
    pub fn update_person(&self, person: &Person) -> Result<()> {
        self.write_person(person, Write::Update).map(drop)
    }

    fn write_person(&self, person: &Person, how: Write) -> Result<i64> {
        self.check_person(person)?;
        let aliases = serde_json::to_string(&person.aliases)?;
        self.write_row(
            "person",
            person.id.0,
            how,
            &[
                ("label", &person.label),
                ("real_name", &person.real_name),
                ("aliases", &aliases),
                ("role", &person.role),
                ("kind", &person.kind),
                ("agency_id", &person.agency),
                ("date_of_birth", &person.date_of_birth),
            ],
            || format!("Person {} is not in this review.", person.id),
        )
    }

    /// Removes a person (and their part in entries).
    pub fn delete_person(&self, id: PersonId) -> Result<()> {
        let n = self
            .conn()
            .execute("DELETE FROM person WHERE id = ?1", [id])?;
        require(n == 1, || format!("Person {id} is not in this review."))
    }
}
