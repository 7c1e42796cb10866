//! Column mapping: which column of an agency's table holds which part of an entry.
//!
//! The usual headings are recognised in any case and spacing ("Date", "Date/Time", "Source of
//! information", "Practitioner / role", "Event or contact", "Action/outcome", "Comment" ...).
//! The reviewer maps the rest in the preview; a [`ColumnMapping`] (heading → [`Field`]) is
//! remembered per agency in the review and can be exported as JSON for the CLI.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use specta::Type;

use super::read::SourceRow;

crate::model::vocabulary!(
    /// The part of an entry a column holds.
    Field {
        /// The date (and perhaps the time) the event happened.
        Date => "date", "Date";
        /// The time of day, in its own column.
        Time => "time", "Time";
        /// A date and time in one column.
        DateTime => "date_time", "Date and time";
        /// When the agency recorded the event.
        RecordedOn => "recorded_on", "Date recorded";
        /// The agency, team or source of information named on the row.
        Source => "source", "Source of information";
        /// The practitioner who recorded or took part.
        Practitioner => "practitioner", "Practitioner";
        /// The practitioner's role.
        Role => "role", "Role";
        /// A one-line summary or title of the event.
        Summary => "summary", "Summary";
        /// The event or contact as recorded.
        Event => "event", "Event or contact";
        /// The action taken or outcome.
        Outcome => "outcome", "Action or outcome";
        /// The agency's own comment, analysis or significance.
        Comment => "comment", "Comment or analysis";
        /// The agency's reference for the record.
        Reference => "reference", "Reference";
        /// The type of contact as the agency coded it (used to suggest a kind).
        Kind => "kind", "Type of contact";
        /// Whether the child was seen.
        ChildSeen => "child_seen", "Child seen";
        /// A column that is not imported.
        Ignore => "ignore", "Not imported";
    }
);

/// Headings mapped to fields, keyed by the heading in its normalised form (lower case, single
/// spaces, no punctuation at the ends): the same mapping serves every table with those
/// headings, and every later submission from the same agency.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Type)]
pub struct ColumnMapping {
    /// Normalised heading → field.
    pub columns: BTreeMap<String, Field>,
}

impl ColumnMapping {
    /// The field for `heading`, as mapped, else as recognised, else not imported.
    pub fn field_for(&self, heading: &str) -> Field {
        let key = normalise(heading);
        self.columns
            .get(&key)
            .copied()
            .or_else(|| recognise(heading))
            .unwrap_or(Field::Ignore)
    }

    /// Reads a mapping from its JSON form, with a message fit for the CLI.
    pub fn from_json(text: &str) -> crate::Result<ColumnMapping> {
        let mut mapping: ColumnMapping = serde_json::from_str(text).map_err(|e| {
            crate::Error::Invalid(format!(
                "The column mapping could not be read ({e}). It is JSON like \
                 {{\"columns\": {{\"date of contact\": \"date\", \"notes\": \"event\"}}}}; fields \
                 are: {}.",
                Field::ALL
                    .iter()
                    .map(|f| f.code())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })?;
        mapping.columns = mapping
            .columns
            .into_iter()
            .map(|(k, v)| (normalise(&k), v))
            .collect();
        Ok(mapping)
    }

    /// The mapping as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|_| "{}".into())
    }
}

/// A heading in the form mappings are keyed by.
pub fn normalise(heading: &str) -> String {
    heading
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '?')
        .to_string()
}

/// Recognises the usual headings of agency chronologies.
pub fn recognise(heading: &str) -> Option<Field> {
    let h = normalise(heading);
    // Compare without spaces and separators: "Date / Time", "date-time", "DateTime".
    let squashed: String = h
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let s = squashed.as_str();
    let exact = match s {
        "date" | "date of event" | "event date" | "date of contact" | "contact date"
        | "date of incident" | "incident date" | "dates" | "when" | "date occurred"
        | "date of episode" | "episode date" => Some(Field::Date),
        "time" | "time of event" | "time of contact" | "event time" => Some(Field::Time),
        "date time"
        | "datetime"
        | "date and time"
        | "date & time"
        | "date time of event"
        | "date and time of event"
        | "timestamp" => Some(Field::DateTime),
        "date recorded" | "recorded on" | "recorded" | "date entered" | "entry date"
        | "date of recording" => Some(Field::RecordedOn),
        "agency"
        | "organisation"
        | "organization"
        | "source"
        | "source of information"
        | "information source"
        | "agency source"
        | "service"
        | "team"
        | "agency team" => Some(Field::Source),
        "practitioner" | "worker" | "practitioner role" | "worker role" | "professional"
        | "staff member" | "author" | "recorded by" | "practitioner name" | "officer" => {
            Some(Field::Practitioner)
        }
        "role" | "job title" | "designation" => Some(Field::Role),
        "summary" | "title" | "headline" | "subject" => Some(Field::Summary),
        "event" | "contact" | "details" | "detail" | "description" | "event or contact"
        | "event contact" | "event details" | "details of event" | "contact details"
        | "details of contact" | "what happened" | "narrative" | "notes" | "entry"
        | "event description" | "information" | "record" | "case note" | "case notes" => {
            Some(Field::Event)
        }
        "action" | "outcome" | "action outcome" | "action taken" | "outcome action" | "actions"
        | "outcome of contact" | "action and outcome" | "next steps" | "decision" => {
            Some(Field::Outcome)
        }
        "comment"
        | "comments"
        | "analysis"
        | "significance"
        | "comment analysis"
        | "analysis comment"
        | "agency comment"
        | "reviewer comment"
        | "relevance"
        | "significance to the review"
        | "imr comment"
        | "learning" => Some(Field::Comment),
        "ref" | "reference" | "ref no" | "ref number" | "reference number" | "id" | "no"
        | "record id" | "case ref" | "seq" | "sequence" => Some(Field::Reference),
        "type" | "contact type" | "type of contact" | "event type" | "category"
        | "type of event" => Some(Field::Kind),
        "child seen" | "child seen?" | "seen" | "was the child seen" | "child seen y n" => {
            Some(Field::ChildSeen)
        }
        _ => None,
    };
    if exact.is_some() {
        return exact;
    }
    // Longer headings: "Event / contact with family", "Comment / significance to review".
    let has = |w: &str| s.split(' ').any(|x| x == w);
    if has("date") && has("time") {
        Some(Field::DateTime)
    } else if has("date") && (has("recorded") || has("entered")) {
        Some(Field::RecordedOn)
    } else if has("date") {
        Some(Field::Date)
    } else if has("practitioner") || has("worker") {
        Some(Field::Practitioner)
    } else if has("source") || has("agency") || has("organisation") {
        Some(Field::Source)
    } else if has("event") || has("contact") || has("details") || has("description") {
        Some(Field::Event)
    } else if has("outcome") || has("action") {
        Some(Field::Outcome)
    } else if has("comment") || has("analysis") || has("significance") {
        Some(Field::Comment)
    } else {
        None
    }
}

/// Finds the header row among the first rows of a table: the first row naming a date column
/// and at least one other recognised (or mapped) column. Returns its index in `rows`.
pub fn find_header(rows: &[SourceRow], mapping: &ColumnMapping) -> Option<usize> {
    rows.iter().take(25).position(|row| {
        let fields: Vec<Field> = row
            .cells
            .iter()
            .filter(|c| !c.trim().is_empty())
            .map(|c| mapping.field_for(c))
            .collect();
        let dated = fields
            .iter()
            .any(|f| matches!(f, Field::Date | Field::DateTime));
        let others = fields
            .iter()
            .filter(|f| !matches!(f, Field::Date | Field::DateTime | Field::Ignore))
            .count();
        dated && others >= 1
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usual_headings_in_any_case_and_spacing() {
        let cases = [
            ("Date", Field::Date),
            ("  DATE ", Field::Date),
            ("Date/Time", Field::DateTime),
            ("Date / time", Field::DateTime),
            ("Time", Field::Time),
            ("Agency", Field::Source),
            ("Organisation", Field::Source),
            ("Source of  information", Field::Source),
            ("Practitioner/role", Field::Practitioner),
            ("Worker", Field::Practitioner),
            ("Role", Field::Role),
            ("Event or contact", Field::Event),
            ("Contact", Field::Event),
            ("Details", Field::Event),
            ("Description", Field::Event),
            ("Action/outcome", Field::Outcome),
            ("Outcome", Field::Outcome),
            ("Comment", Field::Comment),
            ("Analysis", Field::Comment),
            ("Significance", Field::Comment),
            ("Ref", Field::Reference),
            ("Ref.", Field::Reference),
            ("Date of contact with family", Field::Date),
            ("Type of contact", Field::Kind),
        ];
        for (heading, field) in cases {
            assert_eq!(recognise(heading), Some(field), "{heading}");
        }
        assert_eq!(recognise("Favourite colour"), None);
    }

    #[test]
    fn a_mapping_overrides_recognition_and_round_trips_as_json() {
        let mut m = ColumnMapping::default();
        m.columns.insert(normalise("Notes "), Field::Comment);
        m.columns.insert(normalise("Dt"), Field::Date);
        assert_eq!(m.field_for("NOTES"), Field::Comment);
        assert_eq!(m.field_for("dt"), Field::Date);
        assert_eq!(m.field_for("Outcome"), Field::Outcome);
        let back = ColumnMapping::from_json(&m.to_json()).unwrap();
        assert_eq!(back, m);
        let err = ColumnMapping::from_json(r#"{"columns": {"x": "nonsense"}}"#).unwrap_err();
        assert!(err.to_string().contains("fields are: date"), "{err}");
    }
}
