//! The agency loop: writing an agency's chronology template, recording what was asked of
//! each agency, checking a return, and writing the factual-accuracy pack and the 7-minute
//! briefing. Each method does the whole job (write the file, then record the step in its own
//! change) so the CLI and the app go through the same rules.

use std::path::Path;

use chrono::NaiveDate;

use super::Session;
use crate::agency::requests;
use crate::agency::{check, pack, template};
use crate::error::{Error, Result};
use crate::export::document::Document;
use crate::import::{AgencyChoice, ImportRequest};
use crate::json::ReviewData;
use crate::model::{Agency, AgencyId};

/// What checking a return found and where the report was written.
pub use crate::agency::check::ReturnCheck;
pub use crate::agency::pack::BriefingText;
pub use crate::agency::requests::Step;
pub use crate::agency::template::TemplateFormat;

impl Session {
    fn review_data(&self) -> Result<ReviewData> {
        ReviewData::load(&self.store_ref()?.read())
    }

    /// Records a step of the agency loop for an agency, in its own change.
    fn record_step(&mut self, agency: AgencyId, step: Step, on: Option<NaiveDate>) -> Result<()> {
        self.store()?
            .change(step.label(), |w| requests::record(w, agency, step, on))
    }

    /// The agency named `name` (its name or short name, in any case), or an error listing
    /// the review's agencies.
    pub fn agency_named(&self, name: &str) -> Result<Agency> {
        agency_in(&self.store_ref()?.read().agencies()?, name)
    }

    /// Records a step of the agency loop by hand (`on` = `None` clears it); returns the agency.
    pub fn record_request(
        &mut self,
        agency: &str,
        step: Step,
        on: Option<NaiveDate>,
    ) -> Result<Agency> {
        let agency = self.agency_named(agency)?;
        self.store()?
            .change(&format!("{}: {}", step.label(), agency.short_name), |w| {
                requests::record(w, agency.id, step, on)
            })?;
        Ok(agency)
    }

    /// What has been asked of each agency, as a table for people.
    pub fn requests_table(&self) -> Result<String> {
        let r = self.store_ref()?.read();
        Ok(requests::table(&r.agencies()?, &r.agency_requests()?))
    }

    /// Writes the chronology template an agency fills in, and records that it was sent.
    pub fn write_template(
        &mut self,
        agency: &str,
        format: TemplateFormat,
        out: &Path,
        today: NaiveDate,
    ) -> Result<Agency> {
        let data = self.review_data()?;
        let agency = agency_in(&data.agencies, agency)?;
        let bytes = template::write(&data, &agency, format, today)?;
        crate::files::write_atomically(out, &bytes)?;
        self.record_step(agency.id, Step::TemplateSent, Some(today))?;
        Ok(agency)
    }

    /// Checks an agency's return (whose it is comes from `agency`, else from the template's
    /// marker), writes what to correct (CSV when `out` ends in .csv, else Word), and records
    /// that the return was checked. Nothing is imported.
    pub fn check_return(
        &mut self,
        source: &Path,
        agency: Option<&str>,
        out: &Path,
        today: NaiveDate,
    ) -> Result<ReturnCheck> {
        let data = self.review_data()?;
        let (doc, bytes) = crate::import::read::read_path(source)?;
        let marker = crate::agency::read_marker(&bytes);
        let name = match (agency, &marker) {
            (Some(name), _) => name.to_string(),
            (None, Some(m)) => m.agency.clone(),
            (None, None) => {
                return Err(Error::Invalid(format!(
                    "{} is not a Chronolane template, so it does not say whose return it is: \
                     name the agency with --agency.",
                    source.display()
                )))
            }
        };
        let choice = match agency_in(&data.agencies, &name) {
            Ok(a) => AgencyChoice::Existing { id: a.id },
            Err(_) => AgencyChoice::New {
                name: name.trim().to_string(),
                short_name: String::new(),
                sector: None,
            },
        };
        let known: Vec<String> = data.people.iter().map(|p| p.label.clone()).collect();
        let mut request = ImportRequest::new(source.display().to_string(), choice);
        request.reimport = true;
        let preview = self.preview_import(request)?;
        let result = check::check(&preview, &doc, &data.review, &known);
        let is_csv = out
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        let bytes = if is_csv {
            check::to_csv(&result)
        } else {
            check::to_docx(&result, &data.review.title, today)?
        };
        crate::files::write_atomically(out, &bytes)?;
        if let Some(agency) = data.agencies.iter().find(|a| a.name == result.agency) {
            self.record_step(agency.id, Step::ReturnChecked, Some(today))?;
        }
        Ok(result)
    }

    /// Writes one agency's factual-accuracy pack (pseudonymised and checked like an export)
    /// and records that it was sent. Returns what to tell the reviewer.
    pub fn write_accuracy_pack(
        &mut self,
        agency: &str,
        out: &Path,
        confirmed: bool,
        today: NaiveDate,
    ) -> Result<String> {
        let data = self.review_data()?;
        let agency = agency_in(&data.agencies, agency)?;
        let document = pack::accuracy_pack(&data, &agency, today);
        let text = write_checked(&data, &document, out, confirmed, today)?;
        self.record_step(agency.id, Step::AccuracySent, Some(today))?;
        Ok(text)
    }

    /// Writes the 7-minute briefing (pseudonymised and checked like an export). Returns what
    /// to tell the reviewer.
    pub fn write_briefing(
        &self,
        text: &BriefingText,
        out: &Path,
        confirmed: bool,
        today: NaiveDate,
    ) -> Result<String> {
        let data = self.review_data()?;
        let document = pack::briefing(&data, text, today);
        write_checked(&data, &document, out, confirmed, today)
    }
}

/// The agency named `name` among `agencies` (see [`Session::agency_named`]).
fn agency_in(agencies: &[Agency], name: &str) -> Result<Agency> {
    let id = crate::import::find_agency(name, agencies).ok_or_else(|| {
        Error::Missing(if agencies.is_empty() {
            format!(
                "No agency in this review is called '{}' (it has no agencies yet). Add the \
                 agency first.",
                name.trim()
            )
        } else {
            format!(
                "No agency in this review is called '{}'. The agencies are: {}.",
                name.trim(),
                agencies
                    .iter()
                    .map(|a| a.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
    })?;
    agencies
        .iter()
        .find(|a| a.id == id)
        .cloned()
        .ok_or_else(|| Error::Missing(format!("Agency {id} is not in this review.")))
}

/// Writes a pseudonymised document after the export's check, as an export does: when the
/// check finds something and the reviewer has not confirmed, nothing is written and the error
/// lists what was found.
fn write_checked(
    data: &ReviewData,
    document: &Document,
    out: &Path,
    confirmed: bool,
    today: NaiveDate,
) -> Result<String> {
    let report = crate::export::check::check(document, &data.people, false);
    if !report.is_clear() && !confirmed {
        let mut text = String::new();
        for r in &report.residuals {
            text.push_str(&format!(
                "  {}: \"{}\" in {}: {}\n",
                r.kind.label(),
                r.found,
                r.location,
                r.context
            ));
        }
        return Err(Error::Invalid(format!(
            "{text}Nothing was written: the check found {} thing{} that may identify someone \
             (listed above). Correct the review or the glossary's aliases, or run again with \
             --confirm to write it anyway.",
            report.total,
            if report.total == 1 { "" } else { "s" }
        )));
    }
    let bytes = crate::export::docx::render(document, &today.format("%Y-%m-%d").to_string())?;
    crate::files::write_atomically(out, &bytes)?;
    Ok(format!("Wrote {}.\n", out.display()))
}
