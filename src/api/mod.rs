//! The API the desktop shell and the CLI call: a [`Session`] holding the open review, with one
//! method per command. Each method does the whole job (open, change, analyse, export) by
//! delegating to the domain modules (`editing`, `analysis::triage`, `import::duplicates`, ...)
//! inside one change, and returns a DTO shaped for the UI, so the Tauri commands and the CLI's
//! commands are thin. Cancel and progress of long operations are per session
//! ([`Session::operations`]), never process-wide.
//!
//! Methods are grouped by feature in the submodules; all of them take `&mut self` and run on
//! the shell's worker threads, never on the UI thread.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::error::{Error, Result};
pub use crate::operation::{Operation, OperationKind, Operations};
use crate::store::Store;

// One submodule per feature; each adds its `pub use` lines under its own marker below.
mod agency;
mod analysis;
mod desktop;
mod display;
mod import;
mod names;
mod protocol;
mod report;
mod review;
mod rows;
mod timeline;

pub use protocol::ProtocolRead;
pub use rows::EntryRow;
// agency loop (templates, returns checked, accuracy packs, briefing, requests)
pub use crate::agency::check::{ReturnCheck, ReturnIssue};
pub use crate::agency::pack::BriefingText;
pub use crate::agency::requests::Step;
pub use crate::agency::requests::Step as RequestStepKind;
pub use crate::agency::template::TemplateFormat;
pub use agency::{AgencyRequests, RequestStep};
// analysis (flags)
pub use analysis::{
    analysis_input, candidates_of, flags_report, merge_flags, settings_of, AnalysisOutcome,
    AnalysisProgress, FlagCount, FlagsPanel, FlagsReport, KpeChoice, MergePlan, ReportedFlag,
    RuleDoc, Triage, TriageOutcome, FLAGS_FORMAT, FLAGS_VERSION,
};
// import
pub use crate::import::{AgencyChoice, ColumnMapping, ImportOutcome, ImportPreview, ImportRequest};
pub use import::{
    ImportDone, ImportProgress, PairDecision, PairResolution, ReturnReplaced, KEPT_APART_NOTE,
};
// report (KPEs, findings, export)
pub use crate::export::{
    CheckReport, ExportFormat, ExportOutcome, ExportProgress, ExportRequest, ReportSection,
    Residual, ResidualKind,
};
pub use report::{ExportPreview, NewFinding, NewKpe, ReportBoard, TableSummary};
// timeline
pub use crate::timeline::{KnowledgeRoute, KnownEntry, LaneGroup, UnseenPeriod};
pub use timeline::{
    Day, ExportedFile, KnownTo, TimelineData, TimelineExport, TimelineExportOutcome,
    TimelineFormat, DEFAULT_UNSEEN_AFTER_DAYS,
};

pub use desktop::file_dialogs_problem;
pub use display::{nearest_text_size, DisplaySettings, TEXT_SIZES};
pub use review::{
    create_review_file, vocabulary, Choice, Counts, RecentFile, ReviewOverview, StartupOutcome,
    UndoOutcome, Vocabulary, DEMO_FILE,
};

/// The reviewer's working state: the open review (if any) and where the app keeps its own
/// small files (recent files, the demo review).
pub struct Session {
    store: Option<Store>,
    /// Where the app keeps its own files; none for a session on one file (the CLI).
    app_dir: Option<PathBuf>,
    startup: Option<StartupRequest>,
    operations: Operations,
}

/// What the app was asked to open when it started (from its command line).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StartupRequest {
    /// A review file to open.
    pub file: Option<String>,
    /// Open the built-in demo review.
    pub demo: bool,
}

/// A file path as it crosses IPC.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct FilePath(pub String);

impl FilePath {
    /// The path.
    pub fn as_path(&self) -> &Path {
        Path::new(&self.0)
    }
}

impl Session {
    /// A session with nothing open, keeping its own files (recent list, demo) in `app_dir`.
    pub fn new(app_dir: PathBuf) -> Self {
        Self::with_startup(app_dir, StartupRequest::default())
    }

    /// A session that will act on `request` when the UI first asks (see [`Session::startup`]).
    pub fn with_startup(app_dir: PathBuf, request: StartupRequest) -> Self {
        Session {
            store: None,
            app_dir: Some(app_dir),
            startup: Some(request),
            operations: Operations::default(),
        }
    }

    /// A session for working on one review file at a time, keeping no files of its own (no
    /// recent list, no demo): the command line's session. Open a review with
    /// [`Session::open_review`] or create one.
    pub fn without_app_files() -> Self {
        Session {
            store: None,
            app_dir: None,
            startup: None,
            operations: Operations::default(),
        }
    }

    /// The open review, or a clear error when none is open.
    pub fn store(&mut self) -> Result<&mut Store> {
        self.store
            .as_mut()
            .ok_or_else(|| Error::Missing("No review is open. Open or create one first.".into()))
    }

    /// The open review, read-only.
    pub fn store_ref(&self) -> Result<&Store> {
        self.store
            .as_ref()
            .ok_or_else(|| Error::Missing("No review is open. Open or create one first.".into()))
    }

    /// Replaces the open review (the previous one is closed; every change was already saved).
    pub fn set_store(&mut self, store: Store) {
        self.store = Some(store);
    }

    /// This session's cancel and progress handles, one per kind of long operation. The shell
    /// keeps a clone (taken before it locks the session) to cancel or watch a running
    /// operation; another session's handles are separate.
    pub fn operations(&self) -> Operations {
        self.operations.clone()
    }

    /// The folder where the app keeps its own files (none for the command line's session).
    pub fn app_dir(&self) -> Option<&Path> {
        self.app_dir.as_deref()
    }
}
