//! Commands for Key Practice Episodes, findings and the draft-report export.

use chronolane::api::{
    ExportOutcome, ExportPreview, ExportProgress, ExportRequest, NewFinding, NewKpe, OperationKind,
    ReportBoard,
};
use chronolane::model::{Finding, FindingId, FlagId, KeyPracticeEpisode, KpeId};
use tauri::ipc::Channel;
use tauri::State;

use super::Reply;
use crate::state::AppState;

/// The KPEs, findings and flags.
#[tauri::command(async)]
#[specta::specta]
pub fn report_board(state: State<'_, AppState>) -> Reply<ReportBoard> {
    state.run(|s| s.report_board())
}

/// Creates a KPE from a selection (entries and/or a span).
#[tauri::command(async)]
#[specta::specta]
pub fn create_kpe(state: State<'_, AppState>, draft: NewKpe) -> Reply<KeyPracticeEpisode> {
    state.run(|s| s.create_kpe(draft))
}

/// Creates a KPE from flags (their evidence and period), linking them to it.
#[tauri::command(async)]
#[specta::specta]
pub fn create_kpe_from_flags(
    state: State<'_, AppState>,
    flags: Vec<FlagId>,
    title: Option<String>,
) -> Reply<KeyPracticeEpisode> {
    state.run(|s| s.create_kpe_from_flags(flags, title))
}

/// Saves an edited KPE.
#[tauri::command(async)]
#[specta::specta]
pub fn update_kpe(
    state: State<'_, AppState>,
    kpe: KeyPracticeEpisode,
) -> Reply<KeyPracticeEpisode> {
    state.run(|s| s.update_kpe(kpe))
}

/// Deletes a KPE and renumbers the rest.
#[tauri::command(async)]
#[specta::specta]
pub fn delete_kpe(state: State<'_, AppState>, id: KpeId) -> Reply<ReportBoard> {
    state.run(|s| s.delete_kpe(id))
}

/// Moves a KPE to a position (1 = first) and renumbers them all.
#[tauri::command(async)]
#[specta::specta]
pub fn move_kpe(state: State<'_, AppState>, id: KpeId, position: u32) -> Reply<ReportBoard> {
    state.run(|s| s.move_kpe(id, position))
}

/// Links a flag to a KPE, or unlinks it.
#[tauri::command(async)]
#[specta::specta]
pub fn link_flag_to_kpe(
    state: State<'_, AppState>,
    flag: FlagId,
    kpe: Option<KpeId>,
) -> Reply<ReportBoard> {
    state.run(|s| s.link_flag_to_kpe(flag, kpe))
}

/// Creates a finding.
#[tauri::command(async)]
#[specta::specta]
pub fn create_finding(state: State<'_, AppState>, draft: NewFinding) -> Reply<Finding> {
    state.run(|s| s.create_finding(draft))
}

/// Saves an edited finding.
#[tauri::command(async)]
#[specta::specta]
pub fn update_finding(state: State<'_, AppState>, finding: Finding) -> Reply<Finding> {
    state.run(|s| s.update_finding(finding))
}

/// Deletes a finding and renumbers the rest.
#[tauri::command(async)]
#[specta::specta]
pub fn delete_finding(state: State<'_, AppState>, id: FindingId) -> Reply<ReportBoard> {
    state.run(|s| s.delete_finding(id))
}

/// Moves a finding to a position (1 = first) and renumbers them all.
#[tauri::command(async)]
#[specta::specta]
pub fn move_finding(
    state: State<'_, AppState>,
    id: FindingId,
    position: u32,
) -> Reply<ReportBoard> {
    state.run(|s| s.move_finding(id, position))
}

/// What the check finds in an export, before anything is written.
#[tauri::command(async)]
#[specta::specta]
pub fn export_preview(state: State<'_, AppState>, request: ExportRequest) -> Reply<ExportPreview> {
    state.run(|s| s.export_preview(request))
}

/// Exports the review, sending progress on `progress`.
#[tauri::command(async)]
#[specta::specta]
pub fn export_report(
    state: State<'_, AppState>,
    request: ExportRequest,
    progress: Channel<ExportProgress>,
) -> Reply<ExportOutcome> {
    state.run(|s| s.export_report(request, &|p| progress.send(p).is_ok()))
}

/// Stops the running export (it writes nothing).
#[tauri::command]
#[specta::specta]
pub fn cancel_export(state: State<'_, AppState>) {
    state.operations().cancel(OperationKind::Export)
}
