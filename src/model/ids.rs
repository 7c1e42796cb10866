//! Identifiers: integer newtypes that serialise as strings (so no 64-bit number crosses into
//! JavaScript) and read either a string or a number.

use serde::{Deserialize, Serialize};
use specta::Type;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Type)]
        #[specta(type = String)]
        pub struct $name(pub i64);

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                crate::model::ids::deserialize_id(d).map($name)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

/// Accepts an identifier written as a JSON string (the canonical form) or as a number.
pub(crate) fn deserialize_id<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Text(String),
        Number(i64),
    }
    match Raw::deserialize(d)? {
        Raw::Number(n) => Ok(n),
        Raw::Text(t) => t
            .trim()
            .parse()
            .map_err(|_| serde::de::Error::custom(format!("'{t}' is not an identifier"))),
    }
}

id_type!(
    /// Identifies a local authority area within a review.
    AreaId
);
id_type!(
    /// Identifies an agency (one swimlane).
    AgencyId
);
id_type!(
    /// Identifies a person in the review's glossary.
    PersonId
);
id_type!(
    /// Identifies a source document an agency submitted.
    SourceId
);
id_type!(
    /// Identifies a chronology entry.
    EntryId
);
id_type!(
    /// Identifies a link between two entries.
    LinkId
);
id_type!(
    /// Identifies a Key Practice Episode.
    KpeId
);
id_type!(
    /// Identifies a finding.
    FindingId
);
id_type!(
    /// Identifies a stored flag.
    FlagId
);
id_type!(
    /// Identifies a protocol rule.
    ProtocolRuleId
);
