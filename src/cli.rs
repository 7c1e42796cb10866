//! The `chronolane` command line: the same core API the desktop app uses, for scripting,
//! batch work and tests. Errors go to stderr with a non-zero exit status.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::error::{Error, Result};
use crate::model::Review;
use crate::store::Store;

// issue 9: the steps a reviewer takes to prepare a case (scope, protocol, accept, entry,
// link, area).
mod steps;

/// Chronolane: multi-agency chronologies for child safeguarding practice reviews.
#[derive(Debug, Parser)]
#[command(name = "chronolane", version, about, long_about = None)]
pub struct Cli {
    /// Read the review's passphrase from the first line of this file (for encrypted reviews).
    #[arg(long, global = true, value_name = "FILE")]
    passphrase_file: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Create a new, empty review file (encrypted when --passphrase-file is given).
    New {
        /// The review file to create, for example review.chronolane.
        file: PathBuf,
        /// The review's title.
        #[arg(long, default_value = "Untitled review")]
        title: String,
        /// The pseudonym of the child the review is about.
        #[arg(long, default_value = "Child")]
        subject: String,
    },
    /// Write the built-in demo review (a fictional case) to a new file.
    Demo {
        /// The review file to create.
        file: PathBuf,
    },
    /// Show a review's details and counts.
    Info {
        /// The review file.
        file: PathBuf,
    },
    /// List the integrated chronology.
    Entries {
        /// The review file.
        file: PathBuf,
        /// Print canonical JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Write the whole review as canonical JSON.
    ExportJson {
        /// The review file.
        file: PathBuf,
        /// The JSON file to write.
        out: PathBuf,
    },
    /// Import an agency's chronology (CSV, XLSX, XLS, ODS or the tables of a DOCX) into a
    /// review: every row in one transaction, or nothing.
    Import {
        /// The review file.
        file: PathBuf,
        /// The agency's file.
        source: PathBuf,
        /// The agency the chronology is from (an agency in the review, by name or short name;
        /// a new one is added when none matches). Leave it out for an integrated chronology
        /// whose Agency (or Organisation) column names each row's agency: the agencies it
        /// names are added with the import.
        #[arg(long, value_name = "NAME")]
        agency: Option<String>,
        /// A column mapping (JSON, as exported by the app or by --save-mapping).
        #[arg(long, value_name = "MAP.json")]
        mapping: Option<PathBuf>,
        /// Show what would be imported, row by row, and write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Leave out rows with problems instead of refusing the import.
        #[arg(long)]
        skip_bad: bool,
        /// Import even if the same file (same content) was imported before.
        #[arg(long)]
        reimport: bool,
        /// Write the column mapping used to this file (JSON), for the next import.
        #[arg(long, value_name = "MAP.json")]
        save_mapping: Option<PathBuf>,
    },
    /// Create a new review file from canonical JSON.
    ImportJson {
        /// The JSON file to read.
        input: PathBuf,
        /// The review file to create.
        file: PathBuf,
    },
    /// Run the analysis and print its flags with the reviewer's triage (the file is not
    /// changed; the app stores flags when the reviewer runs the analysis there).
    Flags {
        /// The review file.
        file: PathBuf,
        /// Print the stable flags JSON (format "chronolane-flags", version 1) instead of text.
        #[arg(long)]
        json: bool,
        /// Analyse as of this day (dd/mm/yyyy; default: today). Responses due later are not
        /// yet overdue.
        #[arg(long, value_name = "DATE")]
        today: Option<String>,
    },
    /// Export the draft-report material (KPEs, chronology, findings, flags, glossary),
    /// pseudonymised unless --real-names is given.
    Export(ExportArgs),
    // ---- issue 9: preparing a case -------------------------------------------------------
    /// Set the review's scope (or show it): --from and --to as dd/mm/yyyy, or --from-terms
    /// with the terms of reference that state it.
    Scope {
        /// The review file.
        file: PathBuf,
        /// The first day in scope (dd/mm/yyyy).
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// The last day in scope (dd/mm/yyyy).
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        /// Read the scope from a terms-of-reference file ("Scope: 01/09/2022 to 14/08/2023").
        #[arg(long, value_name = "FILE")]
        from_terms: Option<PathBuf>,
    },
    /// List, add or remove the review's protocol timescales, or read them from a table.
    Protocol {
        /// The review file.
        file: PathBuf,
        #[command(subcommand)]
        command: steps::ProtocolCommand,
    },
    /// Accept the suggested kinds and receiving agencies (all, or of some entries).
    Accept {
        /// The review file.
        file: PathBuf,
        /// Every entry's suggestions.
        #[arg(long)]
        all: bool,
        /// An entry's number (repeatable).
        #[arg(long = "entry", value_name = "N")]
        entries: Vec<i64>,
    },
    /// Set an entry's receiving agency, service level, key risk, kind or whether the child
    /// was seen.
    Entry {
        /// The review file.
        file: PathBuf,
        /// The entry's number.
        id: i64,
        #[command(flatten)]
        edit: steps::EntryEdit,
    },
    /// List, add or remove links between entries (responds to, escalates, transfers to ...).
    Link {
        /// The review file.
        file: PathBuf,
        #[command(subcommand)]
        command: steps::LinkCommand,
    },
    /// List or add areas, and put agencies in them.
    Area {
        /// The review file.
        file: PathBuf,
        #[command(subcommand)]
        command: steps::AreaCommand,
    },
}

/// `chronolane export` (issue 6): see [`export_command`].
#[derive(Debug, clap::Args)]
struct ExportArgs {
    /// The review file.
    file: PathBuf,
    /// The format: docx, md, html, csv or xlsx.
    #[arg(long, value_parser = parse_export_format)]
    format: crate::export::ExportFormat,
    /// The file to write (for CSV with several tables, OUT-<table>.csv beside it).
    #[arg(long)]
    out: PathBuf,
    /// The sections, comma separated: kpe,chronology,findings,flags,glossary (default: all).
    #[arg(long, value_delimiter = ',', value_parser = parse_export_section)]
    sections: Vec<crate::export::ReportSection>,
    /// Keep the real names of family members and practitioners (default: pseudonyms).
    #[arg(long)]
    real_names: bool,
    /// Write the file even though the check lists things that may identify someone.
    #[arg(long)]
    confirm: bool,
}

/// Runs the command line and returns the process exit status.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli, &mut std::io::stdout().lock()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("chronolane: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Runs a parsed command, writing its output to `out`.
pub fn run(cli: Cli, out: &mut dyn Write) -> Result<()> {
    let passphrase = match &cli.passphrase_file {
        Some(p) => Some(read_passphrase_file(p)?),
        None => None,
    };
    let w = |out: &mut dyn Write, text: &str| -> Result<()> {
        out.write_all(text.as_bytes())
            .map_err(|e| Error::io("write", Path::new("standard output"), e))
    };
    match cli.command {
        Command::New {
            file,
            title,
            subject,
        } => {
            let review = Review {
                title,
                subject,
                ..Review::default()
            };
            let store = crate::api::create_review_file(&file, passphrase.as_deref(), review)?;
            w(
                out,
                &format!(
                    "Created {}{}.\n",
                    file.display(),
                    if store.is_encrypted() {
                        " (encrypted)"
                    } else {
                        ""
                    }
                ),
            )
        }
        Command::Demo { file } => {
            crate::demo::write_demo(&file)?;
            w(
                out,
                &format!("Wrote the demo review to {}.\n", file.display()),
            )
        }
        Command::Info { file } => {
            let store = open(&file, passphrase)?;
            w(out, &info_text(&store)?)
        }
        Command::Entries { file, json } => {
            let store = open(&file, passphrase)?;
            let entries = store.read().entries()?;
            if json {
                let mut text = serde_json::to_string_pretty(&entries)?;
                text.push('\n');
                w(out, &text)
            } else {
                w(out, &entries_table(&store, &entries)?)
            }
        }
        Command::ExportJson { file, out: target } => {
            let store = open(&file, passphrase)?;
            crate::json::export_json(&store, &target)?;
            w(out, &format!("Wrote {}.\n", target.display()))
        }
        Command::Flags { file, json, today } => {
            let today = match today {
                Some(text) => parse_uk_day(&text)?,
                None => chrono::Local::now().date_naive(),
            };
            let store = open(&file, passphrase)?;
            let report = crate::api::flags_report(&store.read(), today)?;
            if json {
                let mut text = serde_json::to_string_pretty(&report)?;
                text.push('\n');
                w(out, &text)
            } else {
                w(out, &flags_text(&report))
            }
        }
        Command::Import {
            file,
            source,
            agency,
            mapping,
            dry_run,
            skip_bad,
            reimport,
            save_mapping,
        } => {
            let store = open(&file, passphrase)?;
            let text = import_command(
                store,
                ImportArgs {
                    source,
                    agency,
                    mapping,
                    dry_run,
                    skip_bad,
                    reimport,
                    save_mapping,
                },
            )?;
            w(out, &text)
        }
        Command::Export(args) => {
            let store = open(&args.file, passphrase)?;
            export_command(&store, args, out)
        }
        Command::Scope {
            file,
            from,
            to,
            from_terms,
        } => w(
            out,
            &steps::scope(open(&file, passphrase)?, from, to, from_terms)?,
        ),
        Command::Protocol { file, command } => {
            w(out, &steps::protocol(open(&file, passphrase)?, command)?)
        }
        Command::Accept { file, all, entries } => {
            w(out, &steps::accept(open(&file, passphrase)?, all, entries)?)
        }
        Command::Entry { file, id, edit } => {
            w(out, &steps::edit_entry(open(&file, passphrase)?, id, edit)?)
        }
        Command::Link { file, command } => w(out, &steps::link(open(&file, passphrase)?, command)?),
        Command::Area { file, command } => w(out, &steps::area(open(&file, passphrase)?, command)?),
        Command::ImportJson { input, file } => {
            let store = crate::json::import_json(&input, &file, passphrase.as_deref())?;
            let n = store.read().entry_count()?;
            w(
                out,
                &format!("Created {} with {n} entries.\n", file.display()),
            )
        }
    }
}

/// Opens a review, asking for the passphrase on the terminal when it is encrypted and none
/// was given.
fn open(file: &Path, passphrase: Option<String>) -> Result<Store> {
    match Store::open(file, passphrase.as_deref()) {
        Err(Error::PassphraseRequired(p))
            if passphrase.is_none() && std::io::stdin().is_terminal() =>
        {
            let typed = rpassword::prompt_password(format!("Passphrase for {}: ", p.display()))
                .map_err(|e| Error::io("read", Path::new("the terminal"), e))?;
            Store::open(file, Some(&typed))
        }
        other => other,
    }
}

fn read_passphrase_file(path: &Path) -> Result<String> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io("read", path, e))?;
    let line = text.lines().next().unwrap_or("").to_string();
    if line.is_empty() {
        return Err(Error::Invalid(format!(
            "{} is empty: put the passphrase on its first line.",
            path.display()
        )));
    }
    Ok(line)
}

fn info_text(store: &Store) -> Result<String> {
    let r = store.read();
    let review = r.review()?;
    let scope = match (review.scope_start, review.scope_end) {
        (Some(s), Some(e)) => format!("{} to {}", crate::dates::uk(s), crate::dates::uk(e)),
        (Some(s), None) => format!("from {}", crate::dates::uk(s)),
        (None, Some(e)) => format!("until {}", crate::dates::uk(e)),
        (None, None) => "not set".into(),
    };
    let areas = r.areas()?;
    Ok(format!(
        "Title:      {}\nSubject:    {}\nMethod:     {}\nScope:      {}\nAreas:      {}\nEncrypted:  {}\nSchema:     {}\nEntries:    {}\nAgencies:   {}\nPeople:     {}\nSources:    {}\nKPEs:       {}\nFindings:   {}\nFlags:      {}\n",
        review.title,
        review.subject,
        review.method.label(),
        scope,
        if areas.is_empty() {
            "none".to_string()
        } else {
            areas.iter().map(|a| a.name.as_str()).collect::<Vec<_>>().join(", ")
        },
        if store.is_encrypted() { "yes" } else { "no" },
        crate::store::schema_version_of(store)?,
        r.entry_count()?,
        r.agencies()?.len(),
        r.people()?.len(),
        r.sources()?.len(),
        r.kpes()?.len(),
        r.findings()?.len(),
        r.flags()?.len(),
    ))
}

fn entries_table(store: &Store, entries: &[crate::model::Entry]) -> Result<String> {
    let agencies = store.read().agencies()?;
    let short = |id| {
        agencies
            .iter()
            .find(|a| a.id == id)
            .map(|a| a.short_name.clone())
            .unwrap_or_default()
    };
    let mut s = String::new();
    for e in entries {
        s.push_str(&format!(
            "{:>5}  {:<22}  {:<10}  {:<22}  {}\n",
            e.id.0,
            e.date.to_string(),
            short(e.agency),
            e.kind.label(),
            e.summary
        ));
    }
    Ok(s)
}

struct ImportArgs {
    source: PathBuf,
    agency: Option<String>,
    mapping: Option<PathBuf>,
    dry_run: bool,
    skip_bad: bool,
    reimport: bool,
    save_mapping: Option<PathBuf>,
}

/// `chronolane import`: preview the file, print problems on their rows, and (unless a dry
/// run) write every ready row in one change set. Progress goes to stderr.
fn import_command(store: Store, args: ImportArgs) -> Result<String> {
    use crate::import::{AgencyChoice, ColumnMapping, ImportRequest};
    let choice =
        match &args.agency {
            None => AgencyChoice::PerRow,
            Some(agency) => {
                let wanted = agency.trim().to_lowercase();
                match store.read().agencies()?.into_iter().find(|a| {
                    a.name.to_lowercase() == wanted || a.short_name.to_lowercase() == wanted
                }) {
                    Some(a) => AgencyChoice::Existing { id: a.id },
                    None => AgencyChoice::New {
                        name: agency.trim().to_string(),
                        short_name: String::new(),
                        sector: None,
                    },
                }
            }
        };
    let mut request = ImportRequest::new(args.source.display().to_string(), choice);
    if let Some(m) = &args.mapping {
        let text = std::fs::read_to_string(m).map_err(|e| Error::io("read", m, e))?;
        request.mapping = Some(ColumnMapping::from_json(&text)?);
    }
    request.skip_bad = args.skip_bad;
    request.reimport = args.reimport;
    let mut session = crate::api::Session::new(std::env::temp_dir());
    session.set_store(store);
    let preview = session.preview_import(request.clone())?;
    if let Some(path) = &args.save_mapping {
        crate::files::write_atomically(path, preview.mapping.to_json().as_bytes())?;
    }
    let mut text = format!(
        "{}: {} from {}; {} rows ready, {} with problems, mapping from {}.\n",
        preview.file_name,
        preview.format,
        preview.agency_name,
        preview.ready,
        preview.with_problems,
        preview.mapping_origin
    );
    for t in preview.tables.iter().filter(|t| !t.note.is_empty()) {
        text.push_str(&format!("  {}: {}\n", t.name, t.note));
    }
    for r in preview.rows.iter().filter(|r| !r.problems.is_empty()) {
        text.push_str(&format!("  {}: {}\n", r.location, r.problems.join(" ")));
    }
    for r in preview.rows.iter().filter(|r| !r.notes.is_empty()) {
        text.push_str(&format!("  {} (note): {}\n", r.location, r.notes.join(" ")));
    }
    if let Some(first) = preview.already_imported.first() {
        text.push_str(&format!(
            "  This file was already imported on {}.\n",
            first.imported_at.format("%d/%m/%Y %H:%M")
        ));
    }
    if args.dry_run {
        text.push_str(&mapping_text(&preview));
        for r in &preview.rows {
            text.push_str(&format!(
                "{:<28}  {:<24}  {:<20}  {}{}\n",
                r.location,
                r.date.map(|d| d.to_string()).unwrap_or_else(|| "?".into()),
                r.suggested_kind.map(|k| k.label()).unwrap_or(""),
                if r.row_agency.is_empty() {
                    String::new()
                } else {
                    format!("[{}] ", r.row_agency)
                },
                r.summary
            ));
            let more = [
                ("to", r.to_agency_named.clone()),
                (
                    "level",
                    r.service_level
                        .map(|l| l.label().to_string())
                        .unwrap_or_default(),
                ),
                ("by", r.practitioner.clone()),
            ];
            let more: Vec<String> = more
                .iter()
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, v)| format!("{k}: {v}"))
                .collect();
            if !more.is_empty() {
                text.push_str(&format!("{:<30}{}\n", "", more.join("; ")));
            }
        }
        text.push_str("Dry run: nothing was written.\n");
        return Ok(text);
    }
    if !preview.already_imported.is_empty() && !args.reimport && std::io::stdin().is_terminal() {
        {
            eprint!(
                "{} was imported before. Import it again? [y/N] ",
                preview.file_name
            );
            let mut answer = String::new();
            std::io::stdin()
                .read_line(&mut answer)
                .map_err(|e| Error::io("read", Path::new("the terminal"), e))?;
            if !answer.trim().eq_ignore_ascii_case("y") {
                return Err(Error::Cancelled);
            }
            request.reimport = true;
        }
    }
    request.content_hash = Some(preview.content_hash.clone());
    let mut last = std::time::Instant::now();
    let now = chrono::Local::now().naive_local();
    let outcome = session.commit_import_at(request, now, &mut |done, total| {
        if done == 1000 || last.elapsed().as_millis() > 500 {
            eprintln!("Writing entries: {done} of {total}");
            last = std::time::Instant::now();
        }
        true
    })?;
    text.push_str(&format!(
        "Imported {} entries from {} into {} ({} left out, {} with suggestions to review).\n",
        outcome.entries,
        preview.file_name,
        preview.agency_name,
        outcome.left_out,
        outcome.suggestions
    ));
    Ok(text)
}

/// The column mapping of each imported table, as the dry run shows it: "heading → field".
fn mapping_text(preview: &crate::import::ImportPreview) -> String {
    let mut text = String::new();
    if !preview.glossary.is_empty() {
        let codes: Vec<String> = preview
            .glossary
            .iter()
            .map(|g| {
                if g.role.is_empty() {
                    g.code.clone()
                } else {
                    format!("{} ({})", g.code, g.role)
                }
            })
            .collect();
        text.push_str(&format!("  Glossary: {}\n", codes.join(", ")));
    }
    for t in preview.tables.iter().filter(|t| t.header_row.is_some()) {
        text.push_str(&format!(
            "  {} (header on row {}):\n",
            t.name,
            t.header_row.unwrap_or(0)
        ));
        for (h, f) in t.headings.iter().zip(&t.fields) {
            if !h.is_empty() {
                text.push_str(&format!(
                    "    {:<36} -> {}\n",
                    h.replace('\n', " "),
                    f.label()
                ));
            }
        }
    }
    text
}

fn parse_export_format(text: &str) -> std::result::Result<crate::export::ExportFormat, String> {
    crate::export::ExportFormat::from_code(text)
        .ok_or_else(|| format!("'{text}' is not a format: use docx, md, html, csv or xlsx"))
}

fn parse_export_section(text: &str) -> std::result::Result<crate::export::ReportSection, String> {
    crate::export::ReportSection::from_code(text).ok_or_else(|| {
        format!("'{text}' is not a section: use kpe, chronology, findings, flags or glossary")
    })
}

/// Runs `chronolane export`: lays out, checks, and writes unless the check found something
/// that was not confirmed with --confirm (then it lists what it found and fails).
fn export_command(store: &Store, args: ExportArgs, out: &mut dyn Write) -> Result<()> {
    use crate::export::{ExportOutcome, ExportRequest, ReportSection};
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
    let data = crate::json::ReviewData::load(&store.read())?;
    let today = chrono::Local::now().date_naive();
    let list = |check: &crate::export::CheckReport| {
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
        out.write_all(text.as_bytes())
            .map_err(|e| Error::io("write", Path::new("standard output"), e))
    };
    match crate::export::run(&data, &request, today, &|_| true)? {
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

fn parse_uk_day(text: &str) -> Result<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(text.trim(), "%d/%m/%Y").map_err(|_| {
        Error::Invalid(format!(
            "'{text}' is not a date: write it day first, as dd/mm/yyyy (for example 01/03/2022)."
        ))
    })
}

fn flags_text(report: &crate::api::FlagsReport) -> String {
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

/// Wraps text at word boundaries for a terminal.
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    for word in text.split_whitespace() {
        if line > 0 && line + 1 + word.len() > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += word.chars().count();
    }
    out
}
