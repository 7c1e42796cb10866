//! Commands for the timeline: what it draws, the tunnel view, and exports.

use chronolane::api::{
    Day, KnownTo, ReviewOverview, TimelineData, TimelineExport, TimelineExportOutcome,
};
use chronolane::model::AgencyId;
use tauri::State;

use super::Reply;
use crate::state::AppState;

/// Lane groups, links, KPE bands, flags and unseen periods for the timeline.
#[tauri::command(async)]
#[specta::specta]
pub fn timeline(state: State<'_, AppState>, unseen_after_days: u32) -> Reply<TimelineData> {
    state.run(|s| s.timeline(unseen_after_days))
}

/// The chronology as known to one agency on one date.
#[tauri::command(async)]
#[specta::specta]
pub fn known_to(state: State<'_, AppState>, agency: AgencyId, on: Day) -> Reply<KnownTo> {
    state.run(|s| s.known_to(agency, on))
}

/// Writes the drawn timeline to an SVG, PNG or PDF file, once the export check is clear or
/// the reviewer has confirmed what it found.
#[tauri::command(async)]
#[specta::specta]
pub fn export_timeline(
    state: State<'_, AppState>,
    request: TimelineExport,
) -> Reply<TimelineExportOutcome> {
    state.run(|s| s.export_timeline(request))
}

/// Texts with every real name and alias replaced by its pseudonym, by the core's one
/// pseudonymiser (for every screen that hides real names).
#[tauri::command(async)]
#[specta::specta]
pub fn pseudonymise_texts(state: State<'_, AppState>, texts: Vec<String>) -> Reply<Vec<String>> {
    state.run(|s| s.pseudonymise_texts(texts))
}

/// Puts the timeline's lanes in a new order.
#[tauri::command(async)]
#[specta::specta]
pub fn reorder_lanes(state: State<'_, AppState>, order: Vec<AgencyId>) -> Reply<ReviewOverview> {
    state.run(|s| s.reorder_lanes(order))
}
