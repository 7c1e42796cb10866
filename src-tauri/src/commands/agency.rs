//! Commands for the agency loop: templates, return checks, accuracy packs, the 7-minute
//! briefing and the requests tracked per agency. Each is a one-line call into
//! `chronolane::api::Session`.

use chronolane::api::{
    AgencyRequests, BriefingText, Day, ExportOutcome, FilePath, RequestStepKind, ReturnCheck,
    TemplateFormat,
};
use chronolane::import::ImportRequest;
use chronolane::model::AgencyId;
use tauri::State;

use super::Reply;
use crate::state::AppState;

/// What has been asked of each agency and when, in lane order.
#[tauri::command(async)]
#[specta::specta]
pub fn agency_requests(state: State<'_, AppState>) -> Reply<Vec<AgencyRequests>> {
    state.run(|s| s.agency_requests())
}

/// Records (or, with no day, clears) when a step happened for an agency.
#[tauri::command(async)]
#[specta::specta]
pub fn set_request_step(
    state: State<'_, AppState>,
    agency: AgencyId,
    step: RequestStepKind,
    on: Option<Day>,
) -> Reply<Vec<AgencyRequests>> {
    state.run(|s| s.set_request_step(agency, step, on))
}

/// Writes an agency's chronology template and records it as sent.
#[tauri::command(async)]
#[specta::specta]
pub fn write_template(
    state: State<'_, AppState>,
    agency: AgencyId,
    format: TemplateFormat,
    out: FilePath,
) -> Reply<String> {
    state.run(|s| s.write_template(agency, format, out))
}

/// Checks a return as previewed and lists what the agency should correct.
#[tauri::command(async)]
#[specta::specta]
pub fn check_return(state: State<'_, AppState>, request: ImportRequest) -> Reply<ReturnCheck> {
    state.run(|s| s.check_return(request))
}

/// Writes the check of a return for the agency (DOCX, or CSV by the file's name).
#[tauri::command(async)]
#[specta::specta]
pub fn write_return_check(
    state: State<'_, AppState>,
    request: ImportRequest,
    out: FilePath,
) -> Reply<ReturnCheck> {
    state.run(|s| s.write_return_check(request, out))
}

/// Writes an agency's factual-accuracy pack and records it as sent.
#[tauri::command(async)]
#[specta::specta]
pub fn write_accuracy_pack(
    state: State<'_, AppState>,
    agency: AgencyId,
    out: FilePath,
    confirmed: bool,
) -> Reply<ExportOutcome> {
    state.run(|s| s.write_accuracy_pack(agency, out, confirmed))
}

/// The reviewer's text for the 7-minute briefing.
#[tauri::command(async)]
#[specta::specta]
pub fn briefing_text(state: State<'_, AppState>) -> Reply<BriefingText> {
    state.run(|s| s.briefing_text())
}

/// Saves the reviewer's text for the briefing.
#[tauri::command(async)]
#[specta::specta]
pub fn save_briefing_text(state: State<'_, AppState>, text: BriefingText) -> Reply<BriefingText> {
    state.run(|s| s.save_briefing_text(text))
}

/// Writes the 7-minute briefing.
#[tauri::command(async)]
#[specta::specta]
pub fn write_briefing(
    state: State<'_, AppState>,
    out: FilePath,
    confirmed: bool,
) -> Reply<ExportOutcome> {
    state.run(|s| s.write_briefing(out, confirmed))
}
