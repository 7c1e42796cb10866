//! The `person` table: the people glossary (family members and practitioners by label).

use rusqlite::params;

use super::{id_or_null, json_list, non_empty, require, Reader, Writer};
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
        self.check_person(person)?;
        self.conn().execute(
            "INSERT INTO person (id, label, real_name, aliases, role, kind, agency_id,
                                 date_of_birth)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                id_or_null(person.id.0),
                person.label,
                person.real_name,
                serde_json::to_string(&person.aliases)?,
                person.role,
                person.kind,
                person.agency,
                person.date_of_birth
            ],
        )?;
        Ok(PersonId(self.last_id()))
    }

    /// Changes a person.
    pub fn update_person(&self, person: &Person) -> Result<()> {
        self.check_person(person)?;
        let n = self.conn().execute(
            "UPDATE person SET label = ?2, real_name = ?3, aliases = ?4, role = ?5, kind = ?6,
                               agency_id = ?7, date_of_birth = ?8
             WHERE id = ?1",
            params![
                person.id,
                person.label,
                person.real_name,
                serde_json::to_string(&person.aliases)?,
                person.role,
                person.kind,
                person.agency,
                person.date_of_birth
            ],
        )?;
        require(n == 1, || {
            format!("Person {} is not in this review.", person.id)
        })
    }

    /// Removes a person (and their part in entries).
    pub fn delete_person(&self, id: PersonId) -> Result<()> {
        let n = self
            .conn()
            .execute("DELETE FROM person WHERE id = ?1", [id])?;
        require(n == 1, || format!("Person {id} is not in this review."))
    }
}
