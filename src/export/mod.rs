//! Export of the draft-report material (KPE tables, the chronology, findings, flags, the
//! glossary) to DOCX, Markdown, HTML, CSV and XLSX, pseudonymised by default.
//!
//! The pipeline is a pure function of the review's data, the request and "today":
//! 1. [`builder`] lays the chosen sections out as a format-neutral [`Document`], passing every
//!    piece of review text through the [`Pseudonymiser`] (unless real names were asked for);
//! 2. [`check`] lists anything in the finished document that may still identify someone
//!    (names, dates of birth, postcodes, addresses): the reviewer must confirm it;
//! 3. a writer lays the document out in the chosen format ([`docx`], [`markdown`],
//!    [`html`], [`csv`], [`xlsx`]);
//! 4. the files are written atomically ([`crate::files::write_atomically`]).
//!
//! ExportProgress is reported through a callback that returns `false` to cancel; a cancelled export
//! writes nothing.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::error::{Error, Result};
use crate::json::ReviewData;

pub mod builder;
pub mod check;
pub mod csv;
pub mod document;
pub mod docx;
pub mod html;
pub mod markdown;
pub mod pseudonym;
mod review_json;
pub mod xlsx;

pub use check::{CheckReport, Residual, ResidualKind};
pub use document::{Document, ReportSection};
pub use pseudonym::Pseudonymiser;
pub use review_json::write_pseudonymised_json;

/// The file format of an export.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// A Word document.
    Docx,
    /// Markdown text.
    Markdown,
    /// A standalone web page.
    Html,
    /// Comma-separated values, one file per table.
    Csv,
    /// An Excel workbook, one sheet per table.
    Xlsx,
}

impl ExportFormat {
    /// Every format.
    pub const ALL: [ExportFormat; 5] = [
        ExportFormat::Docx,
        ExportFormat::Markdown,
        ExportFormat::Html,
        ExportFormat::Csv,
        ExportFormat::Xlsx,
    ];

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Docx => "docx",
            ExportFormat::Markdown => "md",
            ExportFormat::Html => "html",
            ExportFormat::Csv => "csv",
            ExportFormat::Xlsx => "xlsx",
        }
    }

    /// A name for people.
    pub fn label(self) -> &'static str {
        match self {
            ExportFormat::Docx => "Word document (DOCX)",
            ExportFormat::Markdown => "Markdown",
            ExportFormat::Html => "Web page (HTML)",
            ExportFormat::Csv => "CSV tables",
            ExportFormat::Xlsx => "Excel workbook (XLSX)",
        }
    }

    /// Reads a command-line name ("docx", "md", "markdown", "html", "csv", "xlsx").
    pub fn from_code(code: &str) -> Option<ExportFormat> {
        match code.trim().to_ascii_lowercase().as_str() {
            "docx" | "word" => Some(ExportFormat::Docx),
            "md" | "markdown" => Some(ExportFormat::Markdown),
            "html" | "htm" => Some(ExportFormat::Html),
            "csv" => Some(ExportFormat::Csv),
            "xlsx" | "excel" => Some(ExportFormat::Xlsx),
            _ => None,
        }
    }

    /// Whether the format holds only tables.
    pub fn tables_only(self) -> bool {
        matches!(self, ExportFormat::Csv | ExportFormat::Xlsx)
    }
}

/// What to export and where.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ExportRequest {
    /// The format.
    pub format: ExportFormat,
    /// The sections to include (in any order; the report's order is fixed).
    pub sections: Vec<ReportSection>,
    /// Keep real names instead of pseudonyms: an explicit choice for this export only.
    pub real_names: bool,
    /// The file to write. For CSV with several tables, each table is written beside it as
    /// `<name>-<table>.csv` (or `<table>.csv` inside it, when it is a folder).
    pub out: String,
    /// The reviewer has seen the check's list and wants the file written anyway.
    pub confirmed: bool,
}

/// How far an export has got.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Type)]
pub struct ExportProgress {
    /// What is being done, for people.
    pub stage: String,
    /// Steps done in this stage (0 when the stage is not counted).
    pub done: u32,
    /// Steps in this stage (0 when not counted).
    pub total: u32,
}

impl ExportProgress {
    /// A stage that is not counted.
    pub fn stage(stage: impl Into<String>) -> Self {
        ExportProgress {
            stage: stage.into(),
            done: 0,
            total: 0,
        }
    }
}

/// What an export did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ExportOutcome {
    /// The check found something and the request was not confirmed: nothing was written.
    NeedsConfirmation {
        /// What the check found.
        check: CheckReport,
    },
    /// The files were written.
    Written {
        /// The files, in order.
        files: Vec<String>,
        /// What the check found (confirmed by the reviewer when not empty).
        check: CheckReport,
    },
}

/// A file an export will write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    /// Where.
    pub path: PathBuf,
    /// What.
    pub bytes: Vec<u8>,
}

fn keep_going(progress: &dyn Fn(ExportProgress) -> bool, p: ExportProgress) -> Result<()> {
    if progress(p) {
        Ok(())
    } else {
        Err(Error::Cancelled)
    }
}

/// Checks a request before any work: sections chosen, a file name given, tables present for
/// the table-only formats.
pub fn validate(request: &ExportRequest) -> Result<()> {
    if request.sections.is_empty() {
        return Err(Error::Invalid(
            "Choose at least one section to export (KPEs, chronology, findings, flags or glossary)."
                .into(),
        ));
    }
    if request.out.trim().is_empty() {
        return Err(Error::Invalid("Choose where to save the export.".into()));
    }
    if request.format.tables_only()
        && request
            .sections
            .iter()
            .all(|s| matches!(s, ReportSection::Findings))
    {
        return Err(Error::Invalid(format!(
            "Findings are written text, not a table, so they cannot go into {}. Export them as a \
             Word document, Markdown or HTML.",
            request.format.label()
        )));
    }
    Ok(())
}

/// Lays out the document and checks it (steps 1 and 2): nothing is written.
pub fn prepare(
    data: &ReviewData,
    request: &ExportRequest,
    today: NaiveDate,
    progress: &dyn Fn(ExportProgress) -> bool,
) -> Result<(Document, CheckReport)> {
    validate(request)?;
    let document = builder::Builder::new(data, request.real_names).build(
        &request.sections,
        today,
        progress,
    )?;
    keep_going(
        progress,
        ExportProgress::stage("Checking for names and personal details"),
    )?;
    let report = check::check(&document, &data.people, request.real_names);
    Ok((document, report))
}

/// Lays the document out in the requested format (step 3): the files to write.
pub fn render(
    document: &Document,
    request: &ExportRequest,
    today: NaiveDate,
    progress: &dyn Fn(ExportProgress) -> bool,
) -> Result<Vec<OutputFile>> {
    let out = PathBuf::from(request.out.trim());
    keep_going(
        progress,
        ExportProgress::stage(format!("Writing the {}", request.format.label())),
    )?;
    let tables: Vec<&document::Table> = document.tables().collect();
    let files = match request.format {
        ExportFormat::Docx => vec![OutputFile {
            path: out,
            bytes: docx::render(document, &today.format("%Y-%m-%d").to_string())?,
        }],
        ExportFormat::Markdown => vec![OutputFile {
            path: out,
            bytes: markdown::render(document).into_bytes(),
        }],
        ExportFormat::Html => vec![OutputFile {
            path: out,
            bytes: html::render(document).into_bytes(),
        }],
        ExportFormat::Xlsx => vec![OutputFile {
            path: out,
            bytes: xlsx::render(&document.title, &tables)?,
        }],
        ExportFormat::Csv => {
            if tables.len() == 1 && !out.is_dir() {
                vec![OutputFile {
                    path: out,
                    bytes: csv::render(tables[0]),
                }]
            } else {
                tables
                    .iter()
                    .map(|t| OutputFile {
                        path: csv_path(&out, &t.key),
                        bytes: csv::render(t),
                    })
                    .collect()
            }
        }
    };
    Ok(files)
}

/// Where the CSV of table `key` goes when an export has several tables.
fn csv_path(out: &Path, key: &str) -> PathBuf {
    if out.is_dir() {
        return out.join(format!("{key}.csv"));
    }
    let stem = out
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export".into());
    out.with_file_name(format!("{stem}-{key}.csv"))
}

/// Runs the whole export: lays out, checks, and — when the check found nothing or the
/// request is confirmed — writes the files.
pub fn run(
    data: &ReviewData,
    request: &ExportRequest,
    today: NaiveDate,
    progress: &dyn Fn(ExportProgress) -> bool,
) -> Result<ExportOutcome> {
    let (document, check) = prepare(data, request, today, progress)?;
    if !check.is_clear() && !request.confirmed {
        return Ok(ExportOutcome::NeedsConfirmation { check });
    }
    let files = render(&document, request, today, progress)?;
    keep_going(progress, ExportProgress::stage("Saving"))?;
    let mut written = Vec::new();
    for file in &files {
        crate::files::write_atomically(&file.path, &file.bytes)?;
        written.push(file.path.display().to_string());
    }
    Ok(ExportOutcome::Written {
        files: written,
        check,
    })
}
