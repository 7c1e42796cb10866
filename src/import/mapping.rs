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

crate::vocabulary::vocabulary!(
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
        /// The agency whose record the row is (an integrated chronology, one agency a row).
        Agency => "agency", "Agency of the row";
        /// The agency the row's referral, transfer or information went to.
        ToAgency => "to_agency", "Receiving agency";
        /// The level of service asked for or given (early help, child in need, s47 ...).
        ServiceLevel => "service_level", "Service level";
        /// Any other column: kept in the entry's details under its heading.
        Extra => "extra", "Kept in the details";
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
    /// The field for `heading`, as mapped, else as recognised, else kept in the details under
    /// its heading (a column is left out only when the reviewer says so).
    pub fn field_for(&self, heading: &str) -> Field {
        self.mapped_or_recognised(heading).unwrap_or(Field::Extra)
    }

    /// The field for `heading` when it is mapped or recognised.
    pub fn mapped_or_recognised(&self, heading: &str) -> Option<Field> {
        let key = normalise(heading);
        self.columns
            .get(&key)
            .copied()
            .or_else(|| recognise(heading))
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
        | "agency name"
        | "organisation name"
        | "organization name"
        | "partner agency"
        | "agency organisation" => Some(Field::Agency),
        "source"
        | "source of information"
        | "information source"
        | "agency source"
        | "service"
        | "team"
        | "agency team"
        | "referrer"
        | "source referrer" => Some(Field::Source),
        "practitioner" | "worker" | "practitioner role" | "worker role" | "professional"
        | "staff member" | "author" | "recorded by" | "practitioner name" | "officer" | "by"
        | "clinician" | "staff" | "midwife" | "crew" | "representative" | "case officer"
        | "decision by" | "source author" | "completed by" | "seen by" => Some(Field::Practitioner),
        "role" | "job title" | "designation" => Some(Field::Role),
        "summary" | "title" | "headline" => Some(Field::Summary),
        "event"
        | "contact"
        | "details"
        | "detail"
        | "description"
        | "event or contact"
        | "event contact"
        | "event details"
        | "details of event"
        | "contact details"
        | "details of contact"
        | "what happened"
        | "narrative"
        | "notes"
        | "entry"
        | "event description"
        | "information"
        | "record"
        | "case note"
        | "case notes"
        | "circumstances"
        | "presenting complaint"
        | "information shared" => Some(Field::Event),
        "action" | "outcome" | "action outcome" | "action taken" | "outcome action" | "actions"
        | "outcome of contact" | "action and outcome" | "next steps" | "decision" | "plan"
        | "plan next steps" | "action agreed" | "actions agreed" => Some(Field::Outcome),
        "comment"
        | "comments"
        | "analysis"
        | "significance"
        | "comment analysis"
        | "comments analysis"
        | "analysis comment"
        | "agency comment"
        | "reviewer comment"
        | "relevance"
        | "significance to the review"
        | "imr comment"
        | "learning" => Some(Field::Comment),
        "ref" | "reference" | "ref no" | "ref number" | "reference number" | "id" | "no"
        | "record id" | "case ref" | "seq" | "sequence" | "urn" | "incident no"
        | "incident number" | "occurrence ref" | "log no" | "log number" => Some(Field::Reference),
        "type" | "kind" | "contact type" | "type of contact" | "event type" | "category"
        | "type of event" | "activity" | "record type" | "entry type" | "kind of contact"
        | "kind of event" => Some(Field::Kind),
        "child seen" | "child seen?" | "seen" | "was the child seen" | "child seen y n" => {
            Some(Field::ChildSeen)
        }
        "to agency" | "referred to" | "receiving agency" | "to" | "sent to" | "recipient"
        | "transferred to" | "referral to" | "to whom" => Some(Field::ToAgency),
        "service level"
        | "level of service"
        | "threshold"
        | "level"
        | "threshold decision"
        | "service level requested"
        | "level requested" => Some(Field::ServiceLevel),
        _ => None,
    };
    if exact.is_some() {
        return exact;
    }
    // Longer headings: "Event / contact with family", "Comment / significance to review".
    let has = |w: &str| s.split(' ').any(|x| x == w);
    let any = |ws: &[&str]| ws.iter().any(|w| has(w));
    if has("date") && any(&["decision", "birth", "due", "review", "closure", "discharge"]) {
        // A second date about something else (the decision, a birth, a deadline): kept in
        // the details, never taken for the event's date.
        Some(Field::Extra)
    } else if has("date") && has("time") {
        Some(Field::DateTime)
    } else if has("date") && (has("recorded") || has("entered")) {
        Some(Field::RecordedOn)
    } else if has("date") {
        Some(Field::Date)
    } else if has("time") {
        Some(Field::Time)
    } else if has("seen") {
        Some(Field::ChildSeen)
    } else if any(&["receiving", "recipient"])
        || (has("to") && any(&["agency", "referred", "sent", "transferred", "referral"]))
    {
        Some(Field::ToAgency)
    } else if any(&["ref", "reference", "urn"]) || (any(&["no", "number"]) && s.len() < 20) {
        Some(Field::Reference)
    } else if any(&["type", "kind", "category"]) {
        Some(Field::Kind)
    } else if has("level") || has("threshold") {
        Some(Field::ServiceLevel)
    } else if any(&["comment", "comments", "analysis", "significance"]) {
        // Before the practitioner: "IMR author comment" is a comment.
        Some(Field::Comment)
    } else if any(&[
        "practitioner",
        "worker",
        "author",
        "clinician",
        "officer",
        "officers",
        "staff",
    ]) {
        Some(Field::Practitioner)
    } else if any(&["agency", "organisation", "organization"]) && !has("source") {
        Some(Field::Agency)
    } else if any(&["source", "referrer"]) {
        Some(Field::Source)
    } else if any(&[
        "event",
        "contact",
        "details",
        "description",
        "information",
        "incident",
        "concern",
        "circumstances",
        "note",
        "notes",
        "narrative",
        "entry",
    ]) {
        Some(Field::Event)
    } else if any(&["outcome", "action", "decision", "rationale", "plan"]) {
        Some(Field::Outcome)
    } else {
        None
    }
}

/// Whether a row reads as a header: it names a date column and at least one other column
/// Chronolane knows (or the reviewer mapped).
fn is_header(row: &SourceRow, mapping: &ColumnMapping) -> bool {
    let fields: Vec<Field> = row
        .cells
        .iter()
        .filter(|c| !c.trim().is_empty())
        .filter_map(|c| mapping.mapped_or_recognised(c))
        .collect();
    let dated = fields
        .iter()
        .any(|f| matches!(f, Field::Date | Field::DateTime));
    let others = fields
        .iter()
        .filter(|f| {
            !matches!(
                f,
                Field::Date | Field::DateTime | Field::Ignore | Field::Extra
            )
        })
        .count();
    dated && others >= 1
}

/// Finds the header row among the first rows of a table: the first row naming a date column
/// and at least one other recognised (or mapped) column. A merged group row above the real
/// header ("WHEN | WHEN | CONTACT | CONTACT", each heading repeated over the columns it spans)
/// is passed over when the row below it is a header too. Returns its index in `rows`.
pub fn find_header(rows: &[SourceRow], mapping: &ColumnMapping) -> Option<usize> {
    let h = rows
        .iter()
        .take(25)
        .position(|row| is_header(row, mapping))?;
    if let Some(next) = rows.get(h + 1) {
        let cells: Vec<String> = rows[h]
            .cells
            .iter()
            .map(|c| normalise(c))
            .filter(|c| !c.is_empty())
            .collect();
        let repeated = cells
            .iter()
            .enumerate()
            .any(|(i, c)| cells[..i].contains(c));
        let filled = |r: &SourceRow| r.cells.iter().filter(|c| !c.trim().is_empty()).count();
        if is_header(next, mapping) && (repeated || filled(&rows[h]) < filled(next)) {
            return Some(h + 1);
        }
    }
    Some(h)
}

/// Fields that hold one value a row: when a table has two columns of one of these, the first
/// is used and the others are kept in the details under their headings.
pub fn demote_duplicates(fields: &mut [Field]) {
    let single = [
        Field::Date,
        Field::Time,
        Field::DateTime,
        Field::RecordedOn,
        Field::Agency,
        Field::ChildSeen,
        Field::ServiceLevel,
    ];
    for i in 0..fields.len() {
        if single.contains(&fields[i]) && fields[..i].contains(&fields[i]) {
            fields[i] = Field::Extra;
        }
    }
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
            ("Agency", Field::Agency),
            ("Organisation", Field::Agency),
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
    fn headings_agencies_write_for_their_main_text_and_other_fields() {
        let cases = [
            // The main text, under the names agencies give it.
            ("Summary of information", Field::Event),
            ("Incident / concern", Field::Event),
            ("Clinical note summary", Field::Event),
            ("Circumstances", Field::Event),
            ("Clinical / safeguarding notes", Field::Event),
            ("Presenting complaint", Field::Event),
            // Types and kinds.
            ("Kind", Field::Kind),
            ("Record type", Field::Kind),
            ("Incident type", Field::Kind),
            ("Consultation type", Field::Kind),
            // Who, and whose.
            ("Organisation name", Field::Agency),
            ("To agency", Field::ToAgency),
            ("Referred to", Field::ToAgency),
            ("Receiving agency", Field::ToAgency),
            ("Source / referrer", Field::Source),
            ("Source / author", Field::Practitioner),
            ("Officer(s)", Field::Practitioner),
            ("Clinician", Field::Practitioner),
            ("IMR author comment", Field::Comment),
            ("MASH decision / rationale", Field::Outcome),
            ("Service level", Field::ServiceLevel),
            ("Threshold", Field::ServiceLevel),
            ("Seen alone?", Field::ChildSeen),
            ("Incident no.", Field::Reference),
            ("URN", Field::Reference),
            ("Call time", Field::Time),
            // A second date about something else is not the event's date.
            ("Date of decision", Field::Extra),
            ("Date of birth", Field::Extra),
            ("Date/Time received", Field::DateTime),
        ];
        for (heading, field) in cases {
            assert_eq!(recognise(heading), Some(field), "{heading}");
        }
        // Person columns of multi-person extracts are not recognised, so they are kept in
        // the details under their heading rather than dropped.
        for heading in ["Patient", "Child", "Pupil", "Name", "Subject"] {
            assert_eq!(recognise(heading), None, "{heading}");
            assert_eq!(ColumnMapping::default().field_for(heading), Field::Extra);
        }
    }

    fn row(number: u32, cells: &[&str]) -> SourceRow {
        SourceRow {
            number,
            cells: cells.iter().map(|c| c.to_string()).collect(),
            notes: Vec::new(),
        }
    }

    #[test]
    fn a_merged_group_row_above_the_header_is_passed_over() {
        let rows = vec![
            row(1, &["Adult social care chronology"]),
            row(2, &["WHEN", "WHEN", "CONTACT", "CONTACT", "DECISION"]),
            row(
                3,
                &[
                    "Date",
                    "Time",
                    "Type",
                    "Event / details",
                    "Outcome / decision",
                ],
            ),
            row(4, &["01/02/2023", "10:00", "Visit", "Seen at home", "NFA"]),
        ];
        assert_eq!(find_header(&rows, &ColumnMapping::default()), Some(2));
        // A real header followed by data is kept, even when a data cell looks like a heading.
        let plain = vec![
            row(1, &["Date", "Event", "Outcome"]),
            row(2, &["01/02/2023", "Contact", "Notes"]),
        ];
        assert_eq!(find_header(&plain, &ColumnMapping::default()), Some(0));
    }

    #[test]
    fn a_second_column_of_a_one_value_field_is_kept_in_the_details() {
        let mut fields = vec![
            Field::Date,
            Field::Time,
            Field::Time,
            Field::Event,
            Field::Event,
        ];
        demote_duplicates(&mut fields);
        assert_eq!(
            fields,
            vec![
                Field::Date,
                Field::Time,
                Field::Extra,
                Field::Event,
                Field::Event
            ]
        );
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
