//! `chronolane export` and `chronolane flags`: the draft-report export and the analysis's
//! flags, through the app's `Session`.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::text::{terminal_safe, wrap};
use crate::api::Session;
use crate::error::{Error, Result};

/// `chronolane export` (issue 6): see [`export_command`].
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The review file.
    pub file: PathBuf,
    /// The format: docx, md, html, csv or xlsx.
    #[arg(long, value_parser = parse_export_format)]
    pub format: crate::api::ExportFormat,
    /// The file to write (for CSV with several tables, OUT-<table>.csv beside it).
    #[arg(long)]
    pub out: PathBuf,
    /// The sections, comma separated: kpe,chronology,findings,flags,glossary (default: all).
    #[arg(long, value_delimiter = ',', value_parser = parse_export_section)]
    pub sections: Vec<crate::api::ReportSection>,
    /// Keep the real names of family members and practitioners (default: pseudonyms).
    #[arg(long)]
    pub real_names: bool,
    /// Write the file even though the check lists things that may identify someone.
    #[arg(long)]
    pub confirm: bool,
}

fn parse_export_format(text: &str) -> std::result::Result<crate::api::ExportFormat, String> {
    crate::api::ExportFormat::from_code(text)
        .ok_or_else(|| format!("'{text}' is not a format: use docx, md, html, csv or xlsx"))
}

fn parse_export_section(text: &str) -> std::result::Result<crate::api::ReportSection, String> {
    crate::api::ReportSection::from_code(text).ok_or_else(|| {
        format!("'{text}' is not a section: use kpe, chronology, findings, flags or glossary")
    })
}

/// Runs `chronolane export`: lays out, checks, and writes unless the check found something
/// that was not confirmed with --confirm (then it lists what it found and fails).
pub fn export_command(
    session: &Session,
    args: ExportArgs,
    today: NaiveDate,
    out: &mut dyn Write,
) -> Result<()> {
    use crate::api::{ExportOutcome, ExportRequest, ReportSection};
    let sections = if args.sections.is_empty() {
        ReportSection::ALL.to_vec()
    } else {
        args.sections
    };
    let request = ExportRequest {
        format: args.format,
        sections,
        real_names: args.real_names,
        out: args.out.display().to_string(),
        confirmed: args.confirm,
    };
    let list = |check: &crate::api::CheckReport| {
        let mut text = String::new();
        for r in &check.residuals {
            text.push_str(&format!(
                "  {}: \"{}\"{} in {}: {}\n",
                r.kind.label(),
                r.found,
                r.person
                    .as_ref()
                    .map(|p| format!(" ({p})"))
                    .unwrap_or_default(),
                r.location,
                r.context
            ));
        }
        if check.total as usize > check.residuals.len() {
            text.push_str(&format!(
                "  ... and {} more\n",
                check.total as usize - check.residuals.len()
            ));
        }
        text
    };
    let write = |out: &mut dyn Write, text: &str| -> Result<()> {
        out.write_all(terminal_safe(text).as_bytes())
            .map_err(|e| Error::io("write", Path::new("standard output"), e))
    };
    match session.export_report_on(request, today, &|_| true)? {
        ExportOutcome::NeedsConfirmation { check } => {
            write(out, &list(&check))?;
            Err(Error::Invalid(format!(
                "Nothing was written: the check found {} thing{} in the export that may identify \
                 someone (listed above). Check them, correct the review or the glossary's \
                 aliases, or run again with --confirm to write it anyway.",
                check.total,
                if check.total == 1 { "" } else { "s" }
            )))
        }
        ExportOutcome::Written { files, check } => {
            if !check.is_clear() {
                write(
                    out,
                    &format!(
                        "Written with {} possible identifier{} confirmed:\n{}",
                        check.total,
                        if check.total == 1 { "" } else { "s" },
                        list(&check)
                    ),
                )?;
            }
            for f in files {
                write(out, &format!("Wrote {f}.\n"))?;
            }
            Ok(())
        }
    }
}

pub fn flags_text(report: &crate::api::FlagsReport) -> String {
    use crate::model::FlagKind;
    let mut s = format!(
        "{} flags in \"{}\" as of {}.\n",
        report.flags.len(),
        report.review,
        crate::dates::uk(report.today)
    );
    for kind in FlagKind::ALL {
        let n = report.counts.get(kind.code()).copied().unwrap_or(0);
        s.push_str(&format!("  {:<30} {n}\n", kind.label()));
    }
    for kind in FlagKind::ALL {
        let of_kind: Vec<_> = report.flags.iter().filter(|f| f.kind == *kind).collect();
        if of_kind.is_empty() {
            continue;
        }
        s.push_str(&format!(
            "\n{}\n{}\n",
            kind.label(),
            "=".repeat(kind.label().len())
        ));
        for f in of_kind {
            let evidence: Vec<String> = f.evidence.iter().map(|e| e.to_string()).collect();
            s.push_str(&format!(
                "\n[{}] {} ({}{})\n{}\nEvidence: entries {}\n",
                f.severity.label().to_uppercase(),
                f.rule,
                f.status.label().to_lowercase(),
                if f.inferred { ", inferred" } else { "" },
                wrap(&f.explanation, 92),
                evidence.join(", ")
            ));
            if !f.rationale.is_empty() {
                s.push_str(&format!("Reviewer: {}\n", f.rationale));
            }
        }
    }
    s
}
