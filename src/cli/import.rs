//! `chronolane import`: preview an agency's file, print problems on their rows, and write it
//! in one change (or replace an agency's earlier return), through the app's `Session`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use crate::api::{FilePath, ImportPreview, ImportRequest, Session};
use crate::error::{Error, Result};

/// What `chronolane import` was asked to do.
pub struct ImportArgs {
    pub source: PathBuf,
    pub agency: Option<String>,
    pub mapping: Option<PathBuf>,
    pub dry_run: bool,
    pub skip_bad: bool,
    pub reimport: bool,
    pub replace: bool,
    pub save_mapping: Option<PathBuf>,
}

/// `chronolane import`: preview the file, print problems on their rows, and (unless a dry
/// run) write every ready row in one change set. Progress goes to stderr.
pub fn import_command(session: &mut Session, args: ImportArgs) -> Result<String> {
    let choice = session.agency_choice(args.agency.as_deref())?;
    let mut request = ImportRequest::new(args.source.display().to_string(), choice);
    if let Some(m) = &args.mapping {
        request.mapping = Some(session.read_mapping(FilePath(m.display().to_string()))?);
    }
    request.skip_bad = args.skip_bad;
    request.reimport = args.reimport;
    let preview = session.preview_import(request.clone())?;
    if let Some(path) = &args.save_mapping {
        session.export_mapping(
            FilePath(path.display().to_string()),
            preview.mapping.clone(),
        )?;
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
    if args.replace {
        request.content_hash = Some(preview.content_hash.clone());
        let now = chrono::Local::now().naive_local();
        let (outcome, replaced) = session.replace_return_at(request, now, &mut |_, _| true)?;
        text.push_str(&format!(
            "Replaced the return of {} ({}) with {}: {} entries unchanged (the review's work on \
             them kept), {} new or changed, {} removed.\n",
            preview.agency_name,
            replaced.replaced_sources.join(", "),
            preview.file_name,
            replaced.kept,
            replaced.added.len(),
            replaced.removed.len()
        ));
        for a in &replaced.added {
            text.push_str(&format!("  + {a}\n"));
        }
        for r in &replaced.removed {
            text.push_str(&format!("  - {r}\n"));
        }
        if outcome.left_out > 0 {
            text.push_str(&format!("{} rows left out.\n", outcome.left_out));
        }
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
fn mapping_text(preview: &ImportPreview) -> String {
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
