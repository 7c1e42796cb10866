//! The `chronolane` command line: the same core API the desktop app uses, for scripting,
//! batch work and tests. Every command opens its review in a [`Session`] and calls the same
//! `Session` methods as the app; the modules below only parse arguments and print. Errors
//! go to stderr with a non-zero exit status.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::api::{FilePath, Session};
use crate::error::{Error, Result};
use crate::model::Review;
use text::terminal_safe;

// One module per command group; this file holds the arguments and the dispatch.
mod agency;
mod import;
mod report;
mod review;
// The steps a reviewer takes to prepare a case (scope, protocol, accept, entry, link, area).
mod steps;
mod text;

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
    /// Write the whole review as canonical JSON. It holds real names unless --pseudonymise is
    /// given.
    ExportJson {
        /// The review file.
        file: PathBuf,
        /// The JSON file to write.
        out: PathBuf,
        /// Replace every real name by its label and leave real names, aliases and dates of
        /// birth out of the glossary.
        #[arg(long, alias = "pseudonymize")]
        pseudonymise: bool,
    },
    /// Import an agency's chronology (CSV, XLSX, XLS, ODS or the tables of a DOCX) into a
    /// review: every row in one transaction, or nothing.
    Import {
        /// The review file.
        file: PathBuf,
        /// The agency's file.
        source: PathBuf,
        /// The agency the chronology is from (an agency in the review, by name or short name;
        /// a new one is added when none matches). Left out, the file says: an integrated
        /// chronology's Agency (or Organisation) column names each row's agency (the agencies
        /// it names are added with the import), else its title line above the header names
        /// the agency ("Agency: ...", "Chronology of involvement: ...").
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
        /// The file is the agency's corrected return: replace its earlier returns, keeping
        /// the reviewer's work on entries that did not change.
        #[arg(long)]
        replace: bool,
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
    Export(report::ExportArgs),
    /// Write the chronology template for one agency to fill in (xlsx or docx); its return
    /// imports with no questions.
    Template(agency::TemplateArgs),
    /// Check an agency's return and write the report to send back (docx or csv).
    CheckReturn(agency::CheckReturnArgs),
    /// Write one agency's factual-accuracy pack (pseudonymised docx).
    AccuracyPack(agency::AccuracyPackArgs),
    /// Write the review's one-page 7-minute briefing (pseudonymised docx).
    Briefing(agency::BriefingArgs),
    /// Show what has been asked of each agency and when (template, return, checks, accuracy),
    /// or record a step by hand.
    Requests(agency::RequestsArgs),
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
    /// List, add, change or remove links between entries (responds to, escalates, transfers to ...).
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

/// Runs the command line and returns the process exit status.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli, &mut std::io::stdout().lock()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("chronolane: {}", terminal_safe(&e.to_string()));
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
        out.write_all(terminal_safe(text).as_bytes())
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
            let mut session = Session::without_app_files();
            let overview = session.create_review(&file_path(&file), passphrase, review)?;
            w(
                out,
                &format!(
                    "Created {}{}.\n",
                    file.display(),
                    encrypted(overview.encrypted)
                ),
            )
        }
        Command::Demo { file } => {
            let mut session = Session::without_app_files();
            let overview = session.create_demo_review(&file_path(&file), passphrase)?;
            w(
                out,
                &format!(
                    "Wrote the demo review to {}{}.\n",
                    file.display(),
                    encrypted(overview.encrypted)
                ),
            )
        }
        Command::Info { file } => w(out, &review::info_text(&open(&file, passphrase)?)?),
        Command::Entries { file, json } => {
            let session = open(&file, passphrase)?;
            let entries = session.entries()?;
            if json {
                let mut text = serde_json::to_string_pretty(&entries)?;
                text.push('\n');
                w(out, &text)
            } else {
                w(out, &review::entries_table(&session, &entries)?)
            }
        }
        Command::ExportJson {
            file,
            out: target,
            pseudonymise,
        } => {
            let session = open(&file, passphrase)?;
            session.export_json(&file_path(&target), pseudonymise)?;
            if pseudonymise {
                return w(
                    out,
                    &format!("Wrote {} (pseudonymised).\n", target.display()),
                );
            }
            eprintln!(
                "chronolane: warning: {} holds the review's real names (the glossary and every \
                 text, unpseudonymised) in plain text. Keep it as safe as the review itself and \
                 delete it when done, or use --pseudonymise for a copy without them.",
                terminal_safe(&target.display().to_string())
            );
            w(out, &format!("Wrote {}.\n", target.display()))
        }
        Command::Flags { file, json, today } => {
            let today = match today {
                Some(text) => text::parse_uk_day(&text)?,
                None => self::today(),
            };
            let report = open(&file, passphrase)?.flags_report_on(today)?;
            if json {
                let mut text = serde_json::to_string_pretty(&report)?;
                text.push('\n');
                w(out, &text)
            } else {
                w(out, &report::flags_text(&report))
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
            replace,
            save_mapping,
        } => {
            let mut session = open(&file, passphrase)?;
            let text = import::import_command(
                &mut session,
                import::ImportArgs {
                    source,
                    agency,
                    mapping,
                    dry_run,
                    skip_bad,
                    reimport,
                    replace,
                    save_mapping,
                },
            )?;
            w(out, &text)
        }
        Command::Export(args) => {
            let session = open(&args.file, passphrase)?;
            report::export_command(&session, args, today(), out)
        }
        Command::Template(args) => {
            let mut session = open(&args.file, passphrase)?;
            w(out, &agency::template(&mut session, args, today())?)
        }
        Command::Requests(args) => {
            let mut session = open(&args.file, passphrase)?;
            w(out, &agency::requests(&mut session, args, today())?)
        }
        Command::CheckReturn(args) => {
            let mut session = open(&args.file, passphrase)?;
            w(out, &agency::check_return(&mut session, args, today())?)
        }
        Command::AccuracyPack(args) => {
            let mut session = open(&args.file, passphrase)?;
            w(out, &agency::accuracy_pack(&mut session, args, today())?)
        }
        Command::Briefing(args) => {
            let session = open(&args.file, passphrase)?;
            w(out, &agency::briefing(&session, args, today())?)
        }
        Command::Scope {
            file,
            from,
            to,
            from_terms,
        } => w(
            out,
            &steps::scope(&mut open(&file, passphrase)?, from, to, from_terms)?,
        ),
        Command::Protocol { file, command } => w(
            out,
            &steps::protocol(&mut open(&file, passphrase)?, command)?,
        ),
        Command::Accept { file, all, entries } => w(
            out,
            &steps::accept(&mut open(&file, passphrase)?, all, entries)?,
        ),
        Command::Entry { file, id, edit } => w(
            out,
            &steps::edit_entry(&mut open(&file, passphrase)?, id, edit)?,
        ),
        Command::Link { file, command } => {
            w(out, &steps::link(&mut open(&file, passphrase)?, command)?)
        }
        Command::Area { file, command } => {
            w(out, &steps::area(&mut open(&file, passphrase)?, command)?)
        }
        Command::ImportJson { input, file } => {
            let mut session = Session::without_app_files();
            let overview =
                session.import_json(&file_path(&input), &file_path(&file), passphrase)?;
            w(
                out,
                &format!(
                    "Created {} with {} entries.\n",
                    file.display(),
                    overview.counts.entries
                ),
            )
        }
    }
}

fn file_path(path: &Path) -> FilePath {
    FilePath(path.display().to_string())
}

fn encrypted(yes: bool) -> &'static str {
    if yes {
        " (encrypted)"
    } else {
        ""
    }
}

/// Today, for commands that date what they write (the CLI is an edge: it may read the clock).
fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// Opens a review in a session of its own, asking for the passphrase on the terminal when it
/// is encrypted and none was given.
fn open(file: &Path, passphrase: Option<String>) -> Result<Session> {
    let mut session = Session::without_app_files();
    let path = FilePath(file.display().to_string());
    match session.open_review(&path, passphrase.clone()) {
        Err(Error::PassphraseRequired(p))
            if passphrase.is_none() && std::io::stdin().is_terminal() =>
        {
            let typed = rpassword::prompt_password(format!("Passphrase for {}: ", p.display()))
                .map_err(|e| Error::io("read", Path::new("the terminal"), e))?;
            session.open_review(&path, Some(typed))?;
        }
        other => {
            other?;
        }
    }
    Ok(session)
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
