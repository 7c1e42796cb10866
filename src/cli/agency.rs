//! The agency loop on the command line: `template`, `check-return`, `accuracy-pack` and
//! `briefing` (see [`crate::agency`]).

use std::path::{Path, PathBuf};

use crate::agency::requests::{self, Step};
use crate::agency::{check, pack, template};
use crate::error::{Error, Result};
use crate::export::document::Document;
use crate::json::ReviewData;
use crate::store::Store;

/// `chronolane template`: the chronology template for one agency.
#[derive(Debug, clap::Args)]
pub struct TemplateArgs {
    /// The review file.
    pub file: PathBuf,
    /// The agency (its name or short name in the review).
    #[arg(long, value_name = "NAME")]
    pub agency: String,
    /// xlsx (Excel, with drop-down lists and date checks) or docx (Word).
    #[arg(long, default_value = "xlsx")]
    pub format: String,
    /// The file to write.
    #[arg(long)]
    pub out: PathBuf,
}

/// `chronolane check-return`: check an agency's return and write the report to send back.
#[derive(Debug, clap::Args)]
pub struct CheckReturnArgs {
    /// The review file.
    pub file: PathBuf,
    /// The agency's returned file.
    pub source: PathBuf,
    /// The agency, when the file is not a Chronolane template (a template says whose it is).
    #[arg(long, value_name = "NAME")]
    pub agency: Option<String>,
    /// The report to write: .docx or .csv.
    #[arg(long)]
    pub out: PathBuf,
}

/// `chronolane accuracy-pack`: the entries from or about one agency, for it to confirm.
#[derive(Debug, clap::Args)]
pub struct AccuracyPackArgs {
    /// The review file.
    pub file: PathBuf,
    /// The agency (its name or short name in the review).
    #[arg(long, value_name = "NAME")]
    pub agency: String,
    /// The Word document to write.
    #[arg(long)]
    pub out: PathBuf,
    /// Write it even though the check lists things that may identify someone.
    #[arg(long)]
    pub confirm: bool,
}

/// `chronolane briefing`: the one-page 7-minute briefing.
#[derive(Debug, clap::Args)]
pub struct BriefingArgs {
    /// The review file.
    pub file: PathBuf,
    /// The Word document to write.
    #[arg(long)]
    pub out: PathBuf,
    /// The reviewer's own text for the briefing (JSON with any of what_happened,
    /// what_needs_to_change, questions_for_practitioners, read_more), in place of the text
    /// saved in the review; what neither gives is drawn from the review.
    #[arg(long, value_name = "TEXT.json")]
    pub text: Option<PathBuf>,
    /// Write it even though the check lists things that may identify someone.
    #[arg(long)]
    pub confirm: bool,
}

/// Records a step of the agency loop for the agency named `name`, in its own change.
fn record(
    store: &mut Store,
    agency: crate::model::AgencyId,
    step: Step,
    today: chrono::NaiveDate,
) -> Result<()> {
    store.change(step.label(), |w| {
        requests::record(w, agency, step, Some(today))
    })
}

/// `chronolane requests`: what has been asked of each agency, or record a step by hand.
#[derive(Debug, clap::Args)]
pub struct RequestsArgs {
    /// The review file.
    pub file: PathBuf,
    /// The agency to record a step for (its name or short name in the review).
    #[arg(long, value_name = "NAME")]
    pub agency: Option<String>,
    /// The step: template-sent, return-received, return-checked, accuracy-sent or
    /// accuracy-confirmed.
    #[arg(long, value_name = "STEP", requires = "agency")]
    pub step: Option<String>,
    /// The day it happened (dd/mm/yyyy; default today), or "none" to clear it.
    #[arg(long, value_name = "DATE", requires = "step")]
    pub on: Option<String>,
}

fn parse_step(text: &str) -> Result<Step> {
    let wanted = text.trim().to_lowercase().replace(['_', ' '], "-");
    Step::ALL
        .into_iter()
        .find(|s| s.label().to_lowercase().replace(' ', "-") == wanted)
        .or(match wanted.as_str() {
            "accuracy-sent" => Some(Step::AccuracySent),
            _ => None,
        })
        .ok_or_else(|| {
            Error::Invalid(format!(
                "\"{text}\" is not a step: use template-sent, return-received, return-checked, \
                 accuracy-sent or accuracy-confirmed."
            ))
        })
}

/// Lists the requests, after recording a step when one is given.
pub fn requests(mut store: Store, args: RequestsArgs, today: chrono::NaiveDate) -> Result<String> {
    let mut text = String::new();
    if let (Some(name), Some(step)) = (&args.agency, &args.step) {
        let step = parse_step(step)?;
        let data = ReviewData::load(&store.read())?;
        let agency = template::find_agency(&data, name)?.clone();
        let on = match args.on.as_deref().map(str::trim) {
            None => Some(today),
            Some(t) if t.eq_ignore_ascii_case("none") => None,
            Some(t) => Some(super::parse_uk_day(t)?),
        };
        store.change(&format!("{}: {}", step.label(), agency.short_name), |w| {
            requests::record(w, agency.id, step, on)
        })?;
        text.push_str(&format!(
            "{} for {}: {}.\n",
            step.label(),
            agency.name,
            on.map(crate::dates::uk).unwrap_or_else(|| "cleared".into())
        ));
    }
    let r = store.read();
    text.push_str(&requests::table(&r.agencies()?, &r.agency_requests()?));
    Ok(text)
}

/// Writes the template and says where.
pub fn template(mut store: Store, args: TemplateArgs, today: chrono::NaiveDate) -> Result<String> {
    let format = template::TemplateFormat::from_code(&args.format).ok_or_else(|| {
        Error::Invalid(format!(
            "\"{}\" is not a template format: choose xlsx (Excel) or docx (Word).",
            args.format
        ))
    })?;
    let data = ReviewData::load(&store.read())?;
    let agency = template::find_agency(&data, &args.agency)?;
    let bytes = template::write(&data, agency, format, today)?;
    crate::files::write_atomically(&args.out, &bytes)?;
    record(&mut store, agency.id, Step::TemplateSent, today)?;
    Ok(format!(
        "Wrote the chronology template for {} to {}.\n",
        agency.name,
        args.out.display()
    ))
}

/// Checks a return and writes the report.
pub fn check_return(
    store: Store,
    args: CheckReturnArgs,
    today: chrono::NaiveDate,
) -> Result<String> {
    use crate::import::{AgencyChoice, ImportRequest};
    let data = ReviewData::load(&store.read())?;
    let (doc, bytes) = crate::import::read::read_path(&args.source)?;
    let marker = crate::agency::read_marker(&bytes);
    let name = match (&args.agency, &marker) {
        (Some(name), _) => name.clone(),
        (None, Some(m)) => m.agency.clone(),
        (None, None) => {
            return Err(Error::Invalid(format!(
                "{} is not a Chronolane template, so it does not say whose return it is: name \
                 the agency with --agency.",
                args.source.display()
            )))
        }
    };
    let choice = match template::find_agency(&data, &name) {
        Ok(a) => AgencyChoice::Existing { id: a.id },
        Err(_) => AgencyChoice::New {
            name: name.trim().to_string(),
            short_name: String::new(),
            sector: None,
        },
    };
    let known: Vec<String> = data.people.iter().map(|p| p.label.clone()).collect();
    let mut session = crate::api::Session::new(std::env::temp_dir());
    session.set_store(store);
    let mut request = ImportRequest::new(args.source.display().to_string(), choice);
    request.reimport = true;
    let preview = session.preview_import(request)?;
    let result = check::check(&preview, &doc, &data.review, &known);
    let is_csv = args
        .out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let bytes = if is_csv {
        check::to_csv(&result)
    } else {
        check::to_docx(&result, &data.review.title, today)?
    };
    crate::files::write_atomically(&args.out, &bytes)?;
    if let Some(agency) = data.agencies.iter().find(|a| a.name == result.agency) {
        record(session.store()?, agency.id, Step::ReturnChecked, today)?;
    }
    Ok(if result.is_clear() {
        format!(
            "{}: all {} rows read, nothing to correct. Wrote {}.\n",
            result.file_name,
            result.rows,
            args.out.display()
        )
    } else {
        let mut text = format!(
            "{}: {} rows read, {} point{} to correct:\n",
            result.file_name,
            result.rows,
            result.issues.len(),
            if result.issues.len() == 1 { "" } else { "s" }
        );
        for i in &result.issues {
            text.push_str(&format!("  {}: {}\n", i.location, i.problem));
        }
        text.push_str(&format!("Wrote {}.\n", args.out.display()));
        text
    })
}

/// Writes a pseudonymised document after the export's check, as `export` does.
fn write_checked(
    data: &ReviewData,
    document: &Document,
    out: &Path,
    confirm: bool,
    today: chrono::NaiveDate,
) -> Result<String> {
    let report = crate::export::check::check(document, &data.people, false);
    if !report.is_clear() && !confirm {
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

/// Writes one agency's accuracy pack.
pub fn accuracy_pack(
    mut store: Store,
    args: AccuracyPackArgs,
    today: chrono::NaiveDate,
) -> Result<String> {
    let data = ReviewData::load(&store.read())?;
    let agency = template::find_agency(&data, &args.agency)?;
    let document = pack::accuracy_pack(&data, agency, today);
    let text = write_checked(&data, &document, &args.out, args.confirm, today)?;
    record(&mut store, agency.id, Step::AccuracySent, today)?;
    Ok(text)
}

/// Writes the 7-minute briefing.
pub fn briefing(store: &Store, args: BriefingArgs, today: chrono::NaiveDate) -> Result<String> {
    let data = ReviewData::load(&store.read())?;
    // The text saved in the review (the app's briefing fields), with what a --text file
    // gives in place of it field by field.
    let saved = store.read().briefing_text()?;
    let text = match &args.text {
        Some(path) => {
            let json = std::fs::read_to_string(path).map_err(|e| Error::io("read", path, e))?;
            let given = serde_json::from_str::<pack::BriefingText>(&json).map_err(|e| {
                Error::Invalid(format!(
                    "{} is not briefing text: {e}. Give a JSON object with any of \
                     what_happened, what_needs_to_change, questions_for_practitioners and \
                     read_more.",
                    path.display()
                ))
            })?;
            let or_saved = |given: String, saved: String| {
                if given.trim().is_empty() {
                    saved
                } else {
                    given
                }
            };
            pack::BriefingText {
                what_happened: or_saved(given.what_happened, saved.what_happened),
                what_needs_to_change: or_saved(
                    given.what_needs_to_change,
                    saved.what_needs_to_change,
                ),
                questions_for_practitioners: or_saved(
                    given.questions_for_practitioners,
                    saved.questions_for_practitioners,
                ),
                read_more: or_saved(given.read_more, saved.read_more),
            }
        }
        None => saved,
    };
    let document = pack::briefing(&data, &text, today);
    write_checked(&data, &document, &args.out, args.confirm, today)
}
