//! Commands for the analysis: the flags panel, running the analysis, triage, protocol rules
//! and analysis settings.

use chronolane::analysis::AnalysisSettings;
use chronolane::api::{
    AnalysisOutcome, AnalysisProgress, FlagsPanel, OperationKind, Triage, TriageOutcome,
};
use chronolane::model::{FlagId, KpeId, ProtocolRule, ProtocolRuleId};
use tauri::ipc::Channel;
use tauri::State;

use super::Reply;
use crate::state::AppState;

/// The flags panel: stored flags, counts by kind, KPEs to attach to, pending changes.
#[tauri::command(async)]
#[specta::specta]
pub fn flags_panel(state: State<'_, AppState>) -> Reply<FlagsPanel> {
    state.run(|s| s.flags_panel())
}

/// Runs the analysis and stores its flags, keeping triage, sending progress on `progress`.
#[tauri::command(async)]
#[specta::specta]
pub fn run_analysis(
    state: State<'_, AppState>,
    progress: Channel<AnalysisProgress>,
) -> Reply<AnalysisOutcome> {
    state.run(|s| s.run_analysis(&|p| progress.send(p).is_ok()))
}

/// Stops the running analysis, if any; it changes nothing.
#[tauri::command]
#[specta::specta]
pub fn cancel_analysis(state: State<'_, AppState>) {
    state.operations().cancel(OperationKind::Analysis)
}

/// Confirms, dismisses (with a rationale) or reopens a flag.
#[tauri::command(async)]
#[specta::specta]
pub fn triage_flag(state: State<'_, AppState>, id: FlagId, triage: Triage) -> Reply<TriageOutcome> {
    state.run(|s| s.triage_flag(id, triage))
}

/// Attaches a flag to a KPE, or detaches it.
#[tauri::command(async)]
#[specta::specta]
pub fn attach_flag_to_kpe(
    state: State<'_, AppState>,
    id: FlagId,
    kpe: Option<KpeId>,
) -> Reply<TriageOutcome> {
    state.run(|s| s.attach_flag_to_kpe(id, kpe))
}

/// The review's protocol rules.
#[tauri::command(async)]
#[specta::specta]
pub fn protocol_rules(state: State<'_, AppState>) -> Reply<Vec<ProtocolRule>> {
    state.run(|s| s.protocol_rules())
}

/// Adds (id "0") or changes a protocol rule.
#[tauri::command(async)]
#[specta::specta]
pub fn save_protocol_rule(
    state: State<'_, AppState>,
    rule: ProtocolRule,
) -> Reply<Vec<ProtocolRule>> {
    state.run(|s| s.save_protocol_rule(rule))
}

/// Removes a protocol rule.
#[tauri::command(async)]
#[specta::specta]
pub fn delete_protocol_rule(
    state: State<'_, AppState>,
    id: ProtocolRuleId,
) -> Reply<Vec<ProtocolRule>> {
    state.run(|s| s.delete_protocol_rule(id))
}

/// Puts back the default protocol rules.
#[tauri::command(async)]
#[specta::specta]
pub fn reset_protocol_rules(state: State<'_, AppState>) -> Reply<Vec<ProtocolRule>> {
    state.run(|s| s.reset_protocol_rules())
}

/// The review's analysis settings.
#[tauri::command(async)]
#[specta::specta]
pub fn analysis_settings(state: State<'_, AppState>) -> Reply<AnalysisSettings> {
    state.run(|s| s.analysis_settings())
}

/// Saves the analysis settings.
#[tauri::command(async)]
#[specta::specta]
pub fn save_analysis_settings(
    state: State<'_, AppState>,
    settings: AnalysisSettings,
) -> Reply<AnalysisSettings> {
    state.run(|s| s.save_analysis_settings(settings))
}

/// Puts the analysis settings back to their defaults.
#[tauri::command(async)]
#[specta::specta]
pub fn reset_analysis_settings(state: State<'_, AppState>) -> Reply<AnalysisSettings> {
    state.run(|s| s.reset_analysis_settings())
}
