//! Reading dates the way UK chronologies write them. (Foundation version: day-first numeric
//! dates and ISO dates; the full grammar arrives with the importer.)

use chrono::NaiveDate;

use super::EventDate;

/// Why a date could not be read, in words fit for the reviewer.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct DateProblem {
    /// The reason, for example "31/02/2015 is not a real date (February has 28 days in 2015)".
    pub message: String,
}

/// Reads a date as written in a chronology.
pub fn parse_event_date(text: &str) -> Result<EventDate, DateProblem> {
    let t = text.trim();
    for format in ["%d/%m/%Y", "%Y-%m-%d"] {
        if let Ok(d) = NaiveDate::parse_from_str(t, format) {
            return Ok(EventDate::day(d));
        }
    }
    Err(DateProblem {
        message: format!("'{t}' is not a date this version can read"),
    })
}
