//! What an entry must satisfy on its own, whoever writes it (an import, an edit in the app,
//! the CLI): one place, so the rules cannot drift apart. Whether the agencies, source and
//! people it names exist is the store's to check.

use super::Entry;
use crate::dates::uk;
use crate::error::{Error, Result};

impl Entry {
    /// Checks the entry: its date is a real span, it does not end before it starts, it says
    /// something (a summary, detail or outcome), and it does not go to its own agency. The message says what is wrong and
    /// what to do.
    pub fn validate(&self) -> Result<()> {
        self.date
            .validate()
            .map_err(|m| Error::Invalid(format!("The entry's date is not valid: {m}.")))?;
        if let Some(end) = self.ends_on {
            if end < self.date.start {
                return Err(Error::Invalid(format!(
                    "The entry ends ({}) before it starts ({}). Correct one of the two dates.",
                    uk(end),
                    uk(self.date.start)
                )));
            }
        }
        if self.summary.trim().is_empty()
            && self.detail.trim().is_empty()
            && self.outcome.trim().is_empty()
        {
            return Err(Error::Invalid(
                "The entry says nothing: give it a summary (or a detail or outcome).".into(),
            ));
        }
        if self.goes_to(self.agency) {
            return Err(Error::Invalid(
                "The entry is its own agency's record, so that agency cannot be one of its \
                 receiving agencies: take it out of the receiving agencies."
                    .into(),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use crate::dates::EventDate;
    use crate::model::{AgencyId, Entry, EntryKind};

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2020, 5, d).unwrap()
    }

    #[test]
    fn an_entry_with_a_date_and_words_is_valid() {
        let e = Entry::new(
            AgencyId(1),
            EventDate::day(day(3)),
            EntryKind::Note,
            "Visit",
        );
        assert!(e.validate().is_ok());
        let only_outcome = Entry {
            outcome: "Advice given".into(),
            ..Entry::new(AgencyId(1), EventDate::day(day(3)), EntryKind::Note, " ")
        };
        assert!(only_outcome.validate().is_ok());
    }

    #[test]
    fn an_entry_ending_before_it_starts_or_saying_nothing_is_refused_with_what_to_do() {
        let backwards = Entry {
            ends_on: Some(day(1)),
            ..Entry::new(AgencyId(1), EventDate::day(day(3)), EntryKind::Note, "Stay")
        };
        let err = backwards.validate().unwrap_err().to_string();
        assert!(
            err.contains("ends (01/05/2020) before it starts (03/05/2020)"),
            "{err}"
        );
        let empty = Entry::new(AgencyId(1), EventDate::day(day(3)), EntryKind::Note, "  ");
        let err = empty.validate().unwrap_err().to_string();
        assert!(err.contains("give it a summary"), "{err}");
    }

    #[test]
    fn an_entry_going_to_its_own_agency_is_refused_and_to_others_is_valid() {
        let mut e = Entry::new(
            AgencyId(1),
            EventDate::day(day(3)),
            EntryKind::Referral,
            "Referral",
        );
        e.to_agencies = vec![AgencyId(2), AgencyId(3)];
        assert!(e.validate().is_ok());
        e.to_agencies.push(AgencyId(1));
        let err = e.validate().unwrap_err().to_string();
        assert!(
            err.contains("take it out of the receiving agencies"),
            "{err}"
        );
    }
}
