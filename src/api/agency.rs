//! The agency loop from the app: each agency's template written, its return checked (the
//! report the reviewer sends back), its factual-accuracy pack, the 7-minute briefing and the
//! reviewer's text for it, and the requests tracked per agency (see [`crate::agency`]).
//!
//! Steps the app carries out record themselves in the agency's requests (template sent,
//! return checked, accuracy pack sent; the return's import records "received"); the reviewer
//! ticks and dates the rest.

use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;
use specta::Type;

use super::{FilePath, Session};
use crate::agency::check::{self, ReturnCheck};
use crate::agency::pack::{self, BriefingText};
use crate::agency::requests::{self, Step};
use crate::agency::template::{self, TemplateFormat};
use crate::error::{Error, Result};
use crate::export::document::Document;
use crate::export::ExportOutcome;
use crate::import::{read, AgencyChoice, ImportRequest};
use crate::json::ReviewData;
use crate::model::{Agency, AgencyId, AgencyRequest};

/// One step of one agency's requests, as the Overview shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Type)]
pub struct RequestStep {
    /// Which step.
    pub step: Step,
    /// The step in a few words ("Template sent").
    pub label: String,
    /// The day it happened, when it has.
    pub on: Option<NaiveDate>,
}

/// What has been asked of one agency and when, in the loop's order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Type)]
pub struct AgencyRequests {
    /// The agency.
    pub agency: AgencyId,
    /// Its full name.
    pub name: String,
    /// Its lane label.
    pub short_name: String,
    /// Every step of the loop, done or not.
    pub steps: Vec<RequestStep>,
}

fn steps_of(request: &AgencyRequest) -> Vec<RequestStep> {
    Step::ALL
        .into_iter()
        .map(|step| RequestStep {
            step,
            label: step.label().to_string(),
            on: step.date(request),
        })
        .collect()
}

/// The local day, for the commands the app runs now.
fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

impl Session {
    fn review_data(&self) -> Result<ReviewData> {
        ReviewData::load(&self.store_ref()?.read())
    }

    /// Records `step` for `agency` on `on` in its own change (undoable).
    fn record_step(&mut self, agency: AgencyId, step: Step, on: Option<NaiveDate>) -> Result<()> {
        let name = self.store_ref()?.read().agency(agency)?.short_name;
        let label = match on {
            Some(_) => format!("{}: {name}", step.label()),
            None => format!("{} cleared: {name}", step.label()),
        };
        self.store()?
            .change(&label, |w| requests::record(w, agency, step, on))
    }

    /// Every agency's requests, in lane order.
    pub fn agency_requests(&self) -> Result<Vec<AgencyRequests>> {
        let r = self.store_ref()?.read();
        let recorded = r.agency_requests()?;
        Ok(r.agencies()?
            .into_iter()
            .map(|a| {
                let request = recorded
                    .iter()
                    .find(|x| x.agency == a.id)
                    .cloned()
                    .unwrap_or_else(|| AgencyRequest::new(a.id));
                AgencyRequests {
                    agency: a.id,
                    name: a.name,
                    short_name: a.short_name,
                    steps: steps_of(&request),
                }
            })
            .collect())
    }

    /// Records (or, with `None`, clears) the day a step happened for an agency, as the
    /// reviewer ticks it; one undoable change. Returns every agency's requests.
    pub fn set_request_step(
        &mut self,
        agency: AgencyId,
        step: Step,
        on: Option<NaiveDate>,
    ) -> Result<Vec<AgencyRequests>> {
        self.record_step(agency, step, on)?;
        self.agency_requests()
    }

    /// Writes the chronology template for `agency` to `out` and records it as sent on `today`.
    /// Returns a sentence saying what was written.
    pub fn write_template_at(
        &mut self,
        agency: AgencyId,
        format: TemplateFormat,
        out: &FilePath,
        today: NaiveDate,
    ) -> Result<String> {
        let data = self.review_data()?;
        let agency = data
            .agencies
            .iter()
            .find(|a| a.id == agency)
            .ok_or_else(|| Error::Missing("That agency is no longer in the review.".into()))?;
        let bytes = template::write(&data, agency, format, today)?;
        crate::files::write_atomically(out.as_path(), &bytes)?;
        self.record_step(agency.id, Step::TemplateSent, Some(today))?;
        Ok(format!(
            "Wrote the chronology template for {} to {}.",
            agency.name,
            file_name(out)
        ))
    }

    /// [`Session::write_template_at`] today.
    pub fn write_template(
        &mut self,
        agency: AgencyId,
        format: TemplateFormat,
        out: FilePath,
    ) -> Result<String> {
        self.write_template_at(agency, format, &out, today())
    }

    /// Checks a file as the import preview reads it (with the reviewer's choices and fixes)
    /// and lists what the agency should correct. Nothing is written.
    pub fn check_return(&self, request: ImportRequest) -> Result<ReturnCheck> {
        let data = self.review_data()?;
        let mut request = request;
        // A file imported before is still checked (the report is about its rows).
        request.reimport = true;
        let preview = self.preview_import(request.clone())?;
        let (doc, _) = read::read_path(std::path::Path::new(&request.path))?;
        let known: Vec<String> = data.people.iter().map(|p| p.label.clone()).collect();
        Ok(check::check(&preview, &doc, &data.review, &known))
    }

    /// Checks a return (see [`Session::check_return`]) and writes the report for the agency to
    /// `out`: CSV when its name ends in `.csv`, otherwise a Word document. Records the return
    /// as checked on `today` when the agency is in the review.
    pub fn write_return_check_at(
        &mut self,
        request: ImportRequest,
        out: &FilePath,
        today: NaiveDate,
    ) -> Result<ReturnCheck> {
        let result = self.check_return(request)?;
        let title = self.store_ref()?.read().review()?.title;
        let is_csv = out
            .as_path()
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        let bytes = if is_csv {
            check::to_csv(&result)
        } else {
            check::to_docx(&result, &title, today)?
        };
        crate::files::write_atomically(out.as_path(), &bytes)?;
        let agency = self
            .store_ref()?
            .read()
            .agencies()?
            .into_iter()
            .find(|a| a.name == result.agency);
        if let Some(agency) = agency {
            self.record_step(agency.id, Step::ReturnChecked, Some(today))?;
        }
        Ok(result)
    }

    /// [`Session::write_return_check_at`] today.
    pub fn write_return_check(
        &mut self,
        request: ImportRequest,
        out: FilePath,
    ) -> Result<ReturnCheck> {
        self.write_return_check_at(request, &out, today())
    }

    /// Writes `agency`'s factual-accuracy pack (pseudonymised, checked like an export) and
    /// records it as sent on `today`. When the check finds something that may identify
    /// someone and the reviewer has not `confirmed`, nothing is written.
    pub fn write_accuracy_pack_at(
        &mut self,
        agency: AgencyId,
        out: &FilePath,
        confirmed: bool,
        today: NaiveDate,
    ) -> Result<ExportOutcome> {
        let data = self.review_data()?;
        let agency = data
            .agencies
            .iter()
            .find(|a| a.id == agency)
            .ok_or_else(|| Error::Missing("That agency is no longer in the review.".into()))?;
        let document = pack::accuracy_pack(&data, agency, today);
        let outcome = write_checked(&data, &document, out, confirmed, today)?;
        if matches!(outcome, ExportOutcome::Written { .. }) {
            self.record_step(agency.id, Step::AccuracySent, Some(today))?;
        }
        Ok(outcome)
    }

    /// [`Session::write_accuracy_pack_at`] today.
    pub fn write_accuracy_pack(
        &mut self,
        agency: AgencyId,
        out: FilePath,
        confirmed: bool,
    ) -> Result<ExportOutcome> {
        self.write_accuracy_pack_at(agency, &out, confirmed, today())
    }

    /// The reviewer's text for the 7-minute briefing.
    pub fn briefing_text(&self) -> Result<BriefingText> {
        self.store_ref()?.read().briefing_text()
    }

    /// Saves the reviewer's text for the briefing, as typed (one undoable change; nothing is
    /// recorded when nothing changed). Returns the text as saved.
    pub fn save_briefing_text(&mut self, text: BriefingText) -> Result<BriefingText> {
        if self.briefing_text()? != text {
            self.store()?
                .change("Edit the 7-minute briefing", |w| w.set_briefing_text(&text))?;
        }
        self.briefing_text()
    }

    /// Writes the 7-minute briefing from the review and the reviewer's saved text,
    /// pseudonymised and checked like an export.
    pub fn write_briefing_at(
        &mut self,
        out: &FilePath,
        confirmed: bool,
        today: NaiveDate,
    ) -> Result<ExportOutcome> {
        let data = self.review_data()?;
        let text = self.briefing_text()?;
        let document = pack::briefing(&data, &text, today);
        write_checked(&data, &document, out, confirmed, today)
    }

    /// [`Session::write_briefing_at`] today.
    pub fn write_briefing(&mut self, out: FilePath, confirmed: bool) -> Result<ExportOutcome> {
        self.write_briefing_at(&out, confirmed, today())
    }

    // The command line's versions of the loop: agencies named as the reviewer types them,
    // paths as given, messages as text.

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
    pub fn write_template_named(
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
    pub fn check_return_file(
        &mut self,
        source: &Path,
        agency: Option<&str>,
        out: &Path,
        today: NaiveDate,
    ) -> Result<ReturnCheck> {
        let data = self.review_data()?;
        let (doc, bytes) = read::read_path(source)?;
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
    pub fn write_accuracy_pack_named(
        &mut self,
        agency: &str,
        out: &Path,
        confirmed: bool,
        today: NaiveDate,
    ) -> Result<String> {
        let data = self.review_data()?;
        let agency = agency_in(&data.agencies, agency)?;
        let document = pack::accuracy_pack(&data, &agency, today);
        let text = write_checked_text(&data, &document, out, confirmed, today)?;
        self.record_step(agency.id, Step::AccuracySent, Some(today))?;
        Ok(text)
    }

    /// Writes the 7-minute briefing (pseudonymised and checked like an export). Returns what
    /// to tell the reviewer.
    pub fn write_briefing_with(
        &self,
        text: &BriefingText,
        out: &Path,
        confirmed: bool,
        today: NaiveDate,
    ) -> Result<String> {
        let data = self.review_data()?;
        let document = pack::briefing(&data, text, today);
        write_checked_text(&data, &document, out, confirmed, today)
    }
}

fn file_name(path: &FilePath) -> String {
    path.as_path()
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.0.clone())
}

/// Runs the export's check on a pseudonymised document and writes it as Word unless the
/// check found something the reviewer has not confirmed.
fn write_checked(
    data: &ReviewData,
    document: &Document,
    out: &FilePath,
    confirmed: bool,
    today: NaiveDate,
) -> Result<ExportOutcome> {
    let check = crate::export::check::check(document, &data.people, false);
    if !check.is_clear() && !confirmed {
        return Ok(ExportOutcome::NeedsConfirmation { check });
    }
    let bytes = crate::export::docx::render(document, &today.format("%Y-%m-%d").to_string())?;
    crate::files::write_atomically(out.as_path(), &bytes)?;
    Ok(ExportOutcome::Written {
        files: vec![out.0.clone()],
        check,
    })
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
fn write_checked_text(
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
