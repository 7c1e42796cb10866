//! Commands for importing agency chronologies, merging duplicates, suggestions, search and
//! editing the integrated chronology. Each is a one-line call into `chronolane::api`.

use chronolane::api::{
    FilePath, ImportDone, ImportProgress, OperationKind, PairResolution, ReviewOverview,
};
use chronolane::dates::EventDate;
use chronolane::import::duplicates::Proposal;
use chronolane::import::{ColumnMapping, ImportPreview, ImportRequest};
use chronolane::model::{
    AgencyId, Area, Entry, EntryId, Link, LinkId, LinkKind, PersonId, PersonKind, Sector,
};
use chronolane::store::EntryMatch;
use tauri::State;

use super::Reply;
use crate::state::AppState;

/// Reads an agency's file and previews the import; nothing is written.
#[tauri::command(async)]
#[specta::specta]
pub fn preview_import(state: State<'_, AppState>, request: ImportRequest) -> Reply<ImportPreview> {
    state.run(|s| s.preview_import_for_screen(request))
}

/// Replaces an agency's earlier return with a corrected one, as previewed.
#[tauri::command(async)]
#[specta::specta]
pub fn replace_return(
    state: State<'_, AppState>,
    request: ImportRequest,
) -> Reply<chronolane::api::ReturnReplaced> {
    state.run(|s| s.replace_return(request))
}

/// Imports the previewed file: every ready row in one undoable change, or nothing.
#[tauri::command(async)]
#[specta::specta]
pub fn commit_import(state: State<'_, AppState>, request: ImportRequest) -> Reply<ImportDone> {
    state.run(|s| s.commit_import(request))
}

/// How far the import being written has got (answers while the import runs).
#[tauri::command]
#[specta::specta]
pub fn import_progress(state: State<'_, AppState>) -> ImportProgress {
    ImportProgress::of(state.operations())
}

/// Stops the import being written; it rolls back and the review stays as it was.
#[tauri::command]
#[specta::specta]
pub fn cancel_import(state: State<'_, AppState>) {
    state.operations().cancel(OperationKind::Import)
}

/// The column mapping remembered for an agency.
#[tauri::command(async)]
#[specta::specta]
pub fn remembered_mapping(
    state: State<'_, AppState>,
    agency: AgencyId,
) -> Reply<Option<ColumnMapping>> {
    state.run(|s| s.remembered_mapping(agency))
}

/// Writes a column mapping as JSON for the command line.
#[tauri::command(async)]
#[specta::specta]
pub fn export_mapping(
    state: State<'_, AppState>,
    path: FilePath,
    mapping: ColumnMapping,
) -> Reply<()> {
    state.run(|s| s.export_mapping(path, mapping))
}

/// Likely duplicates and contradictions across agencies.
#[tauri::command(async)]
#[specta::specta]
pub fn duplicate_proposals(state: State<'_, AppState>) -> Reply<Vec<Proposal>> {
    state.run(|s| s.duplicate_proposals())
}

/// Merges, marks as contradicting, or keeps apart proposed pairs, in one change.
#[tauri::command(async)]
#[specta::specta]
pub fn resolve_pairs(
    state: State<'_, AppState>,
    decisions: Vec<PairResolution>,
) -> Reply<Vec<Link>> {
    state.run(|s| s.resolve_pairs(decisions))
}

/// Every link between entries.
#[tauri::command(async)]
#[specta::specta]
pub fn links(state: State<'_, AppState>) -> Reply<Vec<Link>> {
    state.run(|s| s.links())
}

/// Links two entries (the reviewer's own link: a response, an escalation, ...).
#[tauri::command(async)]
#[specta::specta]
pub fn add_link(state: State<'_, AppState>, link: Link) -> Reply<Link> {
    state.run(|s| s.add_link(link))
}

/// Changes what a link says (a response becomes an escalation ...).
#[tauri::command(async)]
#[specta::specta]
pub fn change_link(state: State<'_, AppState>, id: LinkId, kind: LinkKind) -> Reply<Link> {
    state.run(|s| s.change_link(id, kind))
}

/// Removes a link.
#[tauri::command(async)]
#[specta::specta]
pub fn delete_link(state: State<'_, AppState>, id: LinkId) -> Reply<Vec<Link>> {
    state.run(|s| s.delete_link(id))
}

/// Accepts the suggested kinds and receiving agencies of entries.
#[tauri::command(async)]
#[specta::specta]
pub fn accept_suggestions(state: State<'_, AppState>, entries: Vec<EntryId>) -> Reply<Vec<Entry>> {
    state.run(|s| s.accept_suggestions(entries))
}

/// Dismisses the suggestions on entries.
#[tauri::command(async)]
#[specta::specta]
pub fn dismiss_suggestions(state: State<'_, AppState>, entries: Vec<EntryId>) -> Reply<Vec<Entry>> {
    state.run(|s| s.dismiss_suggestions(entries))
}

/// Full-text search over entries.
#[tauri::command(async)]
#[specta::specta]
pub fn search_entries(
    state: State<'_, AppState>,
    query: String,
    limit: u32,
) -> Reply<Vec<EntryMatch>> {
    state.run(|s| s.search_entries(query, limit))
}

/// Reads a date typed the UK way.
#[tauri::command(async)]
#[specta::specta]
pub fn parse_date(state: State<'_, AppState>, text: String) -> Reply<EventDate> {
    state.run(|s| s.parse_date(text))
}

/// Sets an entry's date from text typed the UK way.
#[tauri::command(async)]
#[specta::specta]
pub fn set_entry_date(state: State<'_, AppState>, id: EntryId, text: String) -> Reply<Entry> {
    state.run(|s| s.set_entry_date(id, text))
}

/// Adds an entry typed by the reviewer.
#[tauri::command(async)]
#[specta::specta]
pub fn add_entry(
    state: State<'_, AppState>,
    agency: AgencyId,
    date: String,
    summary: String,
) -> Reply<Entry> {
    state.run(|s| s.add_entry(agency, date, summary))
}

/// Deletes entries.
#[tauri::command(async)]
#[specta::specta]
pub fn delete_entries(state: State<'_, AppState>, ids: Vec<EntryId>) -> Reply<ReviewOverview> {
    state.run(|s| s.delete_entries(ids))
}

/// Moves entries to another agency.
#[tauri::command(async)]
#[specta::specta]
pub fn move_entries(
    state: State<'_, AppState>,
    ids: Vec<EntryId>,
    agency: AgencyId,
) -> Reply<Vec<Entry>> {
    state.run(|s| s.move_entries(ids, agency))
}

/// Adds an agency.
#[tauri::command(async)]
#[specta::specta]
pub fn add_agency(
    state: State<'_, AppState>,
    name: String,
    sector: Option<Sector>,
) -> Reply<ReviewOverview> {
    state.run(|s| s.add_agency(name, sector))
}

/// Deletes an agency with no entries.
#[tauri::command(async)]
#[specta::specta]
pub fn delete_agency(state: State<'_, AppState>, id: AgencyId) -> Reply<ReviewOverview> {
    state.run(|s| s.delete_agency(id))
}

/// Adds an area.
#[tauri::command(async)]
#[specta::specta]
pub fn add_area(state: State<'_, AppState>, name: String) -> Reply<ReviewOverview> {
    state.run(|s| s.add_area(name))
}

/// Renames or reorders an area.
#[tauri::command(async)]
#[specta::specta]
pub fn update_area(state: State<'_, AppState>, area: Area) -> Reply<ReviewOverview> {
    state.run(|s| s.update_area(area))
}

/// Adds a person to the glossary.
#[tauri::command(async)]
#[specta::specta]
pub fn add_person(
    state: State<'_, AppState>,
    label: String,
    kind: PersonKind,
) -> Reply<ReviewOverview> {
    state.run(|s| s.add_person(label, kind))
}

/// Removes a person from the glossary.
#[tauri::command(async)]
#[specta::specta]
pub fn delete_person(state: State<'_, AppState>, id: PersonId) -> Reply<ReviewOverview> {
    state.run(|s| s.delete_person(id))
}
