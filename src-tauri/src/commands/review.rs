//! Commands for opening, creating and editing a review.

use chronolane::api::{
    DisplaySettings, EntryRow, FilePath, RecentFile, ReviewOverview, StartupOutcome, UndoOutcome,
    Vocabulary,
};
use chronolane::model::{Agency, AuditRecord, Entry, EntryId, Person, Review};
use chronolane::store::ChangeRecord;
use tauri::State;

use super::Reply;
use crate::state::AppState;

/// What to show first: the file or demo asked for on the command line, or the start screen.
#[tauri::command(async)]
#[specta::specta]
pub fn startup(state: State<'_, AppState>) -> Reply<StartupOutcome> {
    state.run(|s| s.startup())
}

/// Opens a review file.
#[tauri::command(async)]
#[specta::specta]
pub fn open_review(
    state: State<'_, AppState>,
    path: FilePath,
    passphrase: Option<String>,
) -> Reply<ReviewOverview> {
    state.run(|s| s.open_review(&path, passphrase))
}

/// Creates a new review file.
#[tauri::command(async)]
#[specta::specta]
pub fn create_review(
    state: State<'_, AppState>,
    path: FilePath,
    passphrase: Option<String>,
    review: Review,
) -> Reply<ReviewOverview> {
    state.run(|s| s.create_review(&path, passphrase, review))
}

/// Opens the built-in demo review.
#[tauri::command(async)]
#[specta::specta]
pub fn open_demo(state: State<'_, AppState>) -> Reply<ReviewOverview> {
    state.run(|s| s.open_demo())
}

/// Recently opened reviews.
#[tauri::command(async)]
#[specta::specta]
pub fn recent_files(state: State<'_, AppState>) -> Reply<Vec<RecentFile>> {
    state.run(|s| s.recent_files())
}

/// The screen settings remembered on this computer (text size, sidebar).
#[tauri::command(async)]
#[specta::specta]
pub fn display_settings(state: State<'_, AppState>) -> Reply<DisplaySettings> {
    state.run(|s| Ok(s.display_settings()))
}

/// Remembers the screen settings on this computer.
#[tauri::command(async)]
#[specta::specta]
pub fn set_display_settings(
    state: State<'_, AppState>,
    settings: DisplaySettings,
) -> Reply<DisplaySettings> {
    state.run(|s| s.set_display_settings(settings))
}

/// The open review's overview.
#[tauri::command(async)]
#[specta::specta]
pub fn overview(state: State<'_, AppState>) -> Reply<ReviewOverview> {
    state.run(|s| s.overview())
}

/// The whole chronology.
#[tauri::command(async)]
#[specta::specta]
pub fn entries(state: State<'_, AppState>) -> Reply<Vec<Entry>> {
    state.run(|s| s.entries())
}

/// Every entry's row in the chronology, the numbering every screen shows.
#[tauri::command(async)]
#[specta::specta]
pub fn entry_rows(state: State<'_, AppState>) -> Reply<Vec<EntryRow>> {
    state.run(|s| s.entry_rows())
}

/// One entry.
#[tauri::command(async)]
#[specta::specta]
pub fn entry(state: State<'_, AppState>, id: EntryId) -> Reply<Entry> {
    state.run(|s| s.entry(id))
}

/// Saves the review's details.
#[tauri::command(async)]
#[specta::specta]
pub fn update_review(state: State<'_, AppState>, review: Review) -> Reply<ReviewOverview> {
    state.run(|s| s.update_review(review))
}

/// Saves an edited entry.
#[tauri::command(async)]
#[specta::specta]
pub fn update_entry(state: State<'_, AppState>, entry: Entry) -> Reply<Entry> {
    state.run(|s| s.update_entry(entry))
}

/// Saves an edited agency.
#[tauri::command(async)]
#[specta::specta]
pub fn update_agency(state: State<'_, AppState>, agency: Agency) -> Reply<ReviewOverview> {
    state.run(|s| s.update_agency(agency))
}

/// Saves an edited person.
#[tauri::command(async)]
#[specta::specta]
pub fn update_person(state: State<'_, AppState>, person: Person) -> Reply<ReviewOverview> {
    state.run(|s| s.update_person(person))
}

/// Why the native Save and Open dialogs cannot open on this computer, if they cannot.
#[tauri::command(async)]
#[specta::specta]
pub fn file_dialogs_problem(state: State<'_, AppState>) -> Reply<Option<String>> {
    state.run(|s| Ok(s.file_dialogs_problem()))
}

/// What undo and redo would do now.
#[tauri::command(async)]
#[specta::specta]
pub fn history(state: State<'_, AppState>) -> Reply<chronolane::store::History> {
    state.run(|s| s.history())
}

/// Undoes the last change.
#[tauri::command(async)]
#[specta::specta]
pub fn undo(state: State<'_, AppState>) -> Reply<UndoOutcome> {
    state.run(|s| s.undo())
}

/// Redoes the last undone change.
#[tauri::command(async)]
#[specta::specta]
pub fn redo(state: State<'_, AppState>) -> Reply<UndoOutcome> {
    state.run(|s| s.redo())
}

/// The vocabularies (entry kinds, sectors ...) with their labels.
#[tauri::command]
#[specta::specta]
pub fn vocabulary() -> Vocabulary {
    chronolane::api::vocabulary()
}

/// Encrypts the review, changes its passphrase, or removes its encryption.
#[tauri::command(async)]
#[specta::specta]
pub fn set_passphrase(
    state: State<'_, AppState>,
    current: Option<String>,
    replacement: Option<String>,
) -> Reply<ReviewOverview> {
    state.run(|s| s.set_passphrase(current, replacement))
}

/// The review's history of changes, newest first.
#[tauri::command(async)]
#[specta::specta]
pub fn recent_changes(state: State<'_, AppState>, limit: u32) -> Reply<Vec<ChangeRecord>> {
    state.run(|s| s.recent_changes(limit))
}

/// The rows one change changed.
#[tauri::command(async)]
#[specta::specta]
pub fn change_rows(state: State<'_, AppState>, id: String) -> Reply<Vec<AuditRecord>> {
    state.run(|s| s.change_rows(id))
}
