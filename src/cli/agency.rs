//! The agency loop on the command line: `template`, `check-return`, `accuracy-pack` and
//! `briefing` (see [`crate::agency`]).

use std::path::PathBuf;

use crate::api::{BriefingText, Session, Step, TemplateFormat};
use crate::error::{Error, Result};

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
pub fn requests(
    session: &mut Session,
    args: RequestsArgs,
    today: chrono::NaiveDate,
) -> Result<String> {
    let mut text = String::new();
    if let (Some(name), Some(step)) = (&args.agency, &args.step) {
        let step = parse_step(step)?;
        let on = match args.on.as_deref().map(str::trim) {
            None => Some(today),
            Some(t) if t.eq_ignore_ascii_case("none") => None,
            Some(t) => Some(super::text::parse_uk_day(t)?),
        };
        let agency = session.record_request(name, step, on)?;
        text.push_str(&format!(
            "{} for {}: {}.\n",
            step.label(),
            agency.name,
            on.map(crate::dates::uk).unwrap_or_else(|| "cleared".into())
        ));
    }
    text.push_str(&session.requests_table()?);
    Ok(text)
}

/// Writes the template and says where.
pub fn template(
    session: &mut Session,
    args: TemplateArgs,
    today: chrono::NaiveDate,
) -> Result<String> {
    let format = TemplateFormat::from_code(&args.format).ok_or_else(|| {
        Error::Invalid(format!(
            "\"{}\" is not a template format: choose xlsx (Excel) or docx (Word).",
            args.format
        ))
    })?;
    let agency = session.write_template_named(&args.agency, format, &args.out, today)?;
    Ok(format!(
        "Wrote the chronology template for {} to {}.\n",
        agency.name,
        args.out.display()
    ))
}

/// Checks a return and writes the report.
pub fn check_return(
    session: &mut Session,
    args: CheckReturnArgs,
    today: chrono::NaiveDate,
) -> Result<String> {
    let result =
        session.check_return_file(&args.source, args.agency.as_deref(), &args.out, today)?;
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

/// Writes one agency's accuracy pack.
pub fn accuracy_pack(
    session: &mut Session,
    args: AccuracyPackArgs,
    today: chrono::NaiveDate,
) -> Result<String> {
    session.write_accuracy_pack_named(&args.agency, &args.out, args.confirm, today)
}

/// Writes the 7-minute briefing.
pub fn briefing(session: &Session, args: BriefingArgs, today: chrono::NaiveDate) -> Result<String> {
    // The text saved in the review (the app's briefing fields), with what a --text file
    // gives in place of it field by field.
    let saved = session.briefing_text()?;
    let text = match &args.text {
        Some(path) => {
            let json = std::fs::read_to_string(path).map_err(|e| Error::io("read", path, e))?;
            let given = serde_json::from_str::<BriefingText>(&json).map_err(|e| {
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
            BriefingText {
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
    session.write_briefing_with(&text, &args.out, args.confirm, today)
}
