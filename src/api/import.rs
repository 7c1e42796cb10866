//! Importing agency chronologies: preview, fix, confirm; merging duplicates; suggestions;
//! search; and the edits the integrated chronology needs (entries, agencies, areas, people).
//! The rules live in the domain: edits in [`crate::editing`], pair decisions in
//! [`crate::import::duplicates::resolve`]; each method here opens the change and delegates.

use chrono::NaiveDateTime;
use serde::Serialize;
use specta::Type;

use super::{FilePath, OperationKind, Operations, ReviewOverview, Session};
use crate::dates::EventDate;
use crate::editing;
use crate::error::{Error, Result};
pub use crate::import::duplicates::resolve::{PairDecision, PairResolution, KEPT_APART_NOTE};
use crate::import::duplicates::{self, Proposal};
use crate::import::{
    build_preview, effective_mapping, read, AgencyChoice, ColumnMapping, ImportOutcome,
    ImportPreview, ImportRequest,
};
use crate::model::*;
use crate::store::EntryMatch;

/// How far the import being written has got.
#[derive(Clone, Debug, PartialEq, Serialize, Type)]
pub struct ImportProgress {
    /// Rows written so far.
    pub done: u32,
    /// Rows to write.
    pub total: u32,
}

impl ImportProgress {
    /// The progress of the import a session is writing (0 of 0 when none is), read from its
    /// handles ([`Session::operations`]) while the session itself is busy.
    pub fn of(operations: &Operations) -> Self {
        let (done, total) = operations.get(OperationKind::Import).progress();
        ImportProgress { done, total }
    }
}

/// What confirming an import did, with the review as it now is.
#[derive(Clone, Debug, PartialEq, Serialize, Type)]
pub struct ImportDone {
    /// What was written.
    pub outcome: ImportOutcome,
    /// The review's overview afterwards.
    pub overview: ReviewOverview,
}

/// What replacing an agency's earlier return did.
#[derive(Clone, Debug, PartialEq, Serialize, Type)]
pub struct ReturnReplaced {
    /// What was written.
    pub outcome: ImportOutcome,
    /// Entries the new return repeats: kept, with the reviewer's work on them.
    pub kept: u32,
    /// Entries new or changed in the new return.
    pub added: u32,
    /// Entries of the earlier return the new one no longer has (or has changed).
    pub removed: u32,
    /// The earlier files replaced.
    pub replaced_files: Vec<String>,
    /// The review's overview afterwards.
    pub overview: ReviewOverview,
}

/// A returned agency template records its arrival in the agency loop, in the import's change.
fn record_return(
    w: &crate::store::Writer<'_>,
    preview: &ImportPreview,
    outcome: &ImportOutcome,
    imported_at: NaiveDateTime,
) -> Result<()> {
    if preview.format.contains(crate::import::replace::RETURN_NOTE) {
        crate::agency::requests::record(
            w,
            outcome.agency,
            crate::agency::requests::Step::ReturnReceived,
            Some(imported_at.date()),
        )?;
    }
    Ok(())
}

/// The agency called `name` (name or short name, in any case), else a new one of that name.
fn choice_named(agencies: &[Agency], name: &str) -> AgencyChoice {
    match crate::import::find_agency(name, agencies) {
        Some(id) => AgencyChoice::Existing { id },
        None => AgencyChoice::New {
            name: name.trim().to_string(),
            short_name: String::new(),
            sector: None,
        },
    }
}

impl Session {
    /// The agency an import is for, given by name: the review's agency of that name or short
    /// name (in any case), else a new agency of that name; with no name, the file names it:
    /// an Agency column names each row's agency (an integrated chronology), else its title
    /// line names the agency ([`crate::import::title`]).
    pub fn agency_choice(&self, name: Option<&str>) -> Result<AgencyChoice> {
        let Some(name) = name else {
            return Ok(AgencyChoice::PerRow);
        };
        let agencies = self.store_ref()?.read().agencies()?;
        Ok(choice_named(&agencies, name))
    }

    /// Reads the request's file and builds its preview. A file that is a returned agency
    /// template says whose it is: unless the reviewer chose an agency already in the review,
    /// its marker's agency is used (matched by name, or added). Returns the request as
    /// resolved.
    fn read_request(
        &self,
        request: &ImportRequest,
    ) -> Result<(ImportPreview, Vec<u8>, ImportRequest)> {
        let store = self.store_ref()?;
        let r = store.read();
        let path = std::path::Path::new(&request.path);
        let (doc, bytes) = read::read_path(path)?;
        let mut request = request.clone();
        let marker = crate::agency::read_marker(&bytes);
        // A template's marker is authoritative over a new agency guessed from the file's name
        // (the app's default) and over "each row names it"; an existing agency the reviewer
        // chose is kept.
        if matches!(
            request.agency,
            AgencyChoice::PerRow | AgencyChoice::New { .. }
        ) {
            if let Some(marker) = &marker {
                request.agency = choice_named(&r.agencies()?, &marker.agency);
            }
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // No agency chosen (a new agency with no name yet): the file's title line or its
        // name says whose it is.
        if matches!(&request.agency, AgencyChoice::New { name, .. } if name.trim().is_empty()) {
            let agencies = r.agencies()?;
            let (mapping, _) = effective_mapping(&request, &r.column_mappings()?, &agencies);
            request.agency = crate::import::title::suggest_agency(
                &doc,
                &name,
                &mapping,
                &agencies,
                &r.sources()?,
            );
        } else if request.agency == AgencyChoice::PerRow {
            // "The file says whose it is": by its rows' Agency column, else its title line.
            let agencies = r.agencies()?;
            let (mapping, _) = effective_mapping(&request, &r.column_mappings()?, &agencies);
            if let Some(choice) =
                crate::import::title::when_rows_name_none(&doc, &mapping, &agencies)
            {
                request.agency = choice;
            }
        }
        let request = &request;
        let hash = crate::import::content_hash(&bytes);
        if let Some(expected) = &request.content_hash {
            if *expected != hash {
                return Err(Error::Invalid(format!(
                    "{} has changed since it was previewed. Preview it again before importing. \
                     Nothing was imported.",
                    path.display()
                )));
            }
        }
        let agencies = r.agencies()?;
        let (mapping, origin) = effective_mapping(request, &r.column_mappings()?, &agencies);
        let mut preview = build_preview(
            &doc,
            &name,
            &hash,
            request,
            mapping,
            origin,
            &agencies,
            r.sources_with_hash(&hash)?,
        )?;
        if marker.is_some() {
            // The format is kept as the source document's notes.
            preview.format = format!(
                "{}, {}",
                preview.format,
                crate::import::replace::RETURN_NOTE
            );
        }
        Ok((preview, bytes, request.clone()))
    }

    /// Reads an agency's file and shows what importing it would write, row by row, with
    /// problems; nothing is written.
    pub fn preview_import(&self, request: ImportRequest) -> Result<ImportPreview> {
        Ok(self.read_request(&request)?.0)
    }

    /// Like [`Session::preview_import`], with the rows trimmed for the screen: the first 500
    /// and every row with a problem, skipped or fixed.
    pub fn preview_import_for_screen(&self, request: ImportRequest) -> Result<ImportPreview> {
        Ok(self.read_request(&request)?.0.trimmed(500))
    }

    /// Imports an agency's file as previewed: all its ready rows in one change set (undoable),
    /// or nothing. `imported_at` is recorded on the source document.
    pub fn commit_import_at(
        &mut self,
        request: ImportRequest,
        imported_at: NaiveDateTime,
        progress: &mut dyn FnMut(u32, u32) -> bool,
    ) -> Result<ImportOutcome> {
        let (preview, _, request) = self.read_request(&request)?;
        let label = format!("Import {} ({})", preview.file_name, preview.agency_name);
        self.store()?.change(&label, |w| {
            let outcome = crate::import::commit(w, &preview, &request, imported_at, progress)?;
            record_return(w, &preview, &outcome, imported_at)?;
            Ok(outcome)
        })
    }

    /// Imports an agency's corrected return and, in the same change, replaces the agency's
    /// earlier returns with it: entries the new file repeats keep the reviewer's work, the
    /// rest are added or removed (see [`crate::import::replace`]). One undo takes it all back.
    pub fn replace_return_at(
        &mut self,
        request: ImportRequest,
        imported_at: NaiveDateTime,
        progress: &mut dyn FnMut(u32, u32) -> bool,
    ) -> Result<(ImportOutcome, crate::import::replace::Replaced)> {
        let (preview, _, mut request) = self.read_request(&request)?;
        if request.agency == AgencyChoice::PerRow {
            return Err(Error::Invalid(format!(
                "{} names an agency on each row, so it cannot replace one agency's return. \
                 Name the agency whose return it replaces. Nothing was imported.",
                preview.file_name
            )));
        }
        // The same file again is a replacement, not an accidental second import.
        request.reimport = true;
        let label = format!(
            "Replace the return of {} with {}",
            preview.agency_name, preview.file_name
        );
        self.store()?.change(&label, |w| {
            let outcome = crate::import::commit(w, &preview, &request, imported_at, progress)?;
            let replaced =
                crate::import::replace::replace_previous(w, outcome.agency, outcome.source)?;
            record_return(w, &preview, &outcome, imported_at)?;
            Ok((outcome, replaced))
        })
    }

    /// Replaces an agency's earlier return with a corrected one, as previewed (see
    /// [`Session::replace_return_at`]), under this session's import handle (progress and
    /// cancel, as for an import).
    pub fn replace_return(&mut self, request: ImportRequest) -> Result<ReturnReplaced> {
        let now = chrono::Local::now().naive_local();
        let handle = self.operations.get(OperationKind::Import).clone();
        handle.start();
        let result =
            self.replace_return_at(request, now, &mut |done, total| handle.report(done, total));
        handle.finish();
        let (outcome, replaced) = result?;
        Ok(ReturnReplaced {
            outcome,
            kept: replaced.kept,
            added: replaced.added.len() as u32,
            removed: replaced.removed.len() as u32,
            replaced_files: replaced.replaced_sources,
            overview: self.overview()?,
        })
    }

    /// Imports an agency's file as previewed (see [`Session::commit_import_at`]), reporting
    /// progress to this session's import handle ([`ImportProgress::of`]) and stopping when it
    /// is cancelled ([`Operations::cancel`]).
    pub fn commit_import(&mut self, request: ImportRequest) -> Result<ImportDone> {
        let now = chrono::Local::now().naive_local();
        let outcome = self.commit_import_tracked(request, now, &mut |_, _| true)?;
        Ok(ImportDone {
            outcome,
            overview: self.overview()?,
        })
    }

    /// [`Session::commit_import_at`] under this session's import handle: progress is recorded
    /// there, and a cancel there (or `progress` returning false) stops the import, which then
    /// rolls back.
    pub fn commit_import_tracked(
        &mut self,
        request: ImportRequest,
        imported_at: NaiveDateTime,
        progress: &mut dyn FnMut(u32, u32) -> bool,
    ) -> Result<ImportOutcome> {
        let handle = self.operations.get(OperationKind::Import).clone();
        handle.start();
        let result = self.commit_import_at(request, imported_at, &mut |done, total| {
            handle.report(done, total) && progress(done, total)
        });
        handle.finish();
        result
    }

    /// The column mapping remembered for an agency, if any.
    pub fn remembered_mapping(&self, agency: AgencyId) -> Result<Option<ColumnMapping>> {
        let r = self.store_ref()?.read();
        let request = ImportRequest::new("", AgencyChoice::Existing { id: agency });
        let (mapping, origin) = effective_mapping(&request, &r.column_mappings()?, &r.agencies()?);
        Ok((origin != "recognised headings").then_some(mapping))
    }

    /// Writes a column mapping as JSON (for `chronolane import --mapping`).
    pub fn export_mapping(&self, path: FilePath, mapping: ColumnMapping) -> Result<()> {
        crate::files::write_atomically(path.as_path(), mapping.to_json().as_bytes())
    }

    /// Reads a column mapping from a JSON file.
    pub fn read_mapping(&self, path: FilePath) -> Result<ColumnMapping> {
        let text = std::fs::read_to_string(path.as_path())
            .map_err(|e| Error::io("read", path.as_path(), e))?;
        ColumnMapping::from_json(&text)
    }

    /// Likely duplicates and contradictions across agencies, for the reviewer to decide on.
    pub fn duplicate_proposals(&self) -> Result<Vec<Proposal>> {
        let r = self.store_ref()?.read();
        Ok(duplicates::propose(&r.entries()?, &r.links()?))
    }

    /// Applies the reviewer's decisions on proposed pairs, all in one undoable change.
    pub fn resolve_pairs(&mut self, decisions: Vec<PairResolution>) -> Result<Vec<Link>> {
        if decisions.is_empty() {
            return self.links();
        }
        let label = duplicates::resolve::label(&decisions);
        self.store()?
            .change(&label, |w| duplicates::resolve::apply(w, &decisions))?;
        self.links()
    }

    /// Every link between entries.
    pub fn links(&self) -> Result<Vec<Link>> {
        self.store_ref()?.read().links()
    }

    /// Links two entries (the reviewer's own link: a response, a duplicate, ...).
    pub fn add_link(&mut self, link: Link) -> Result<Link> {
        let label = format!(
            "Link entry {} {} entry {}",
            link.from,
            link.kind.label(),
            link.to
        );
        let id = self.store()?.change(&label, |w| w.insert_link(&link))?;
        self.links()?
            .into_iter()
            .find(|l| l.id == id)
            .ok_or_else(|| Error::Missing(format!("Link {id} is not in this review.")))
    }

    /// Changes what a link says (a response becomes an escalation ...), undoably.
    pub fn change_link(&mut self, id: LinkId, kind: LinkKind) -> Result<Link> {
        self.store()?
            .change(&format!("Change link {id} to '{}'", kind.label()), |w| {
                w.change_link_kind(id, kind)
            })
    }

    /// Removes a link (for example to undo a merge made long ago).
    pub fn delete_link(&mut self, id: LinkId) -> Result<Vec<Link>> {
        self.store()?
            .change(&format!("Remove link {id}"), |w| w.delete_link(id))?;
        self.links()
    }

    /// Accepts the suggested kinds and receiving agencies of `entries` (bulk accept).
    pub fn accept_suggestions(&mut self, entries: Vec<EntryId>) -> Result<Vec<Entry>> {
        self.apply_suggestions(entries, true)
    }

    /// Dismisses the suggestions on `entries`, keeping their kinds as they are.
    pub fn dismiss_suggestions(&mut self, entries: Vec<EntryId>) -> Result<Vec<Entry>> {
        self.apply_suggestions(entries, false)
    }

    fn apply_suggestions(&mut self, ids: Vec<EntryId>, accept: bool) -> Result<Vec<Entry>> {
        let label = editing::suggestions_label(accept, ids.len());
        let changed = self
            .store()?
            .change(&label, |w| editing::apply_suggestions(w, &ids, accept))?;
        let r = self.store_ref()?.read();
        changed.into_iter().map(|id| r.entry(id)).collect()
    }

    /// Full-text search over entries, as the reviewer types: every word must match (as a
    /// prefix), in chronological order.
    pub fn search_entries(&self, query: String, limit: u32) -> Result<Vec<EntryMatch>> {
        self.store_ref()?
            .read()
            .search(&query, limit.clamp(1, 5000))
    }

    /// Reads a date typed by the reviewer the UK way (`12/06/2015`, `early June 2015` ...).
    pub fn parse_date(&self, text: String) -> Result<EventDate> {
        editing::parse_date(&text)
    }

    /// Sets an entry's date from text typed the UK way, keeping the text as written.
    pub fn set_entry_date(&mut self, id: EntryId, text: String) -> Result<Entry> {
        let mut entry = self.entry(id)?;
        editing::redate(&mut entry, &text)?;
        self.update_entry(entry)
    }

    /// Adds an entry typed by the reviewer (no source document) and returns it.
    pub fn add_entry(
        &mut self,
        agency: AgencyId,
        date_text: String,
        summary: String,
    ) -> Result<Entry> {
        let entry = editing::new_entry(agency, &date_text, &summary)?;
        let id = self
            .store()?
            .change("Add an entry", |w| w.insert_entry(&entry))?;
        self.entry(id)
    }

    /// Deletes entries (their links, tags and KPE membership go with them), in one change.
    pub fn delete_entries(&mut self, ids: Vec<EntryId>) -> Result<ReviewOverview> {
        let label = if ids.len() == 1 {
            format!("Delete entry {}", ids[0])
        } else {
            format!("Delete {} entries", ids.len())
        };
        self.store()?.change(&label, |w| {
            for id in &ids {
                w.delete_entry(*id)?;
            }
            Ok(())
        })?;
        self.overview()
    }

    /// Changes the agency of several entries at once (for example after importing a file
    /// under the wrong agency).
    pub fn move_entries(&mut self, ids: Vec<EntryId>, agency: AgencyId) -> Result<Vec<Entry>> {
        let label = format!("Move {} entries to another agency", ids.len());
        self.store()?
            .change(&label, |w| editing::move_entries(w, &ids, agency))?;
        let r = self.store_ref()?.read();
        ids.iter().map(|id| r.entry(*id)).collect()
    }

    /// Adds an agency (a new lane) and returns the overview.
    pub fn add_agency(&mut self, name: String, sector: Option<Sector>) -> Result<ReviewOverview> {
        self.store()?
            .change(&format!("Add agency {}", name.trim()), |w| {
                w.insert_agency(&editing::new_agency(&w.agencies()?, &name, sector)?)
            })?;
        self.overview()
    }

    /// Deletes an agency that has no entries.
    pub fn delete_agency(&mut self, id: AgencyId) -> Result<ReviewOverview> {
        self.store()?
            .change(&format!("Delete agency {id}"), |w| w.delete_agency(id))?;
        self.overview()
    }

    /// Adds a local authority area.
    pub fn add_area(&mut self, name: String) -> Result<ReviewOverview> {
        self.store()?
            .change(&format!("Add area {}", name.trim()), |w| {
                w.insert_area(&editing::new_area(&w.areas()?, &name))
            })?;
        self.overview()
    }

    /// Renames or reorders an area.
    pub fn update_area(&mut self, area: Area) -> Result<ReviewOverview> {
        self.store()?
            .change(&format!("Edit area {}", area.name), |w| {
                w.update_area(&area)
            })?;
        self.overview()
    }

    /// Adds a person to the glossary.
    pub fn add_person(&mut self, label: String, kind: PersonKind) -> Result<ReviewOverview> {
        self.store()?
            .change(&format!("Add person {}", label.trim()), |w| {
                w.insert_person(&editing::new_person(&label, kind))
            })?;
        self.overview()
    }

    /// Removes a person from the glossary.
    pub fn delete_person(&mut self, id: PersonId) -> Result<ReviewOverview> {
        self.store()?
            .change(&format!("Delete person {id}"), |w| w.delete_person(id))?;
        self.overview()
    }
}
