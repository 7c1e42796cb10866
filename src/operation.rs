//! Cancel and progress for the long operations (writing an import, running the analysis,
//! exporting a report), one [`Operation`] handle per kind, owned by the
//! [`Session`](crate::api::Session).
//!
//! The session is busy while an operation runs (the shell holds it behind a lock), so the
//! shell keeps a clone of the session's [`Operations`] to ask for progress or a cancel without
//! waiting for it. Two sessions never share handles, and cancelling one kind of operation never
//! stops another. A leaf module: it depends on nothing else in the crate.

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::Arc;

/// The long operations a session runs, each with its own handle.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OperationKind {
    /// Writing an import (or a replaced return).
    Import,
    /// Running the analysis.
    Analysis,
    /// Exporting the draft report.
    Export,
}

#[derive(Debug, Default)]
struct State {
    cancel: AtomicBool,
    done: AtomicU32,
    total: AtomicU32,
}

/// One operation's cancel flag and progress counter. Clones share the same state, so the
/// clone the shell holds sees what the running operation reports.
#[derive(Clone, Debug, Default)]
pub struct Operation(Arc<State>);

impl Operation {
    /// Marks the start of a run: no cancel pending, no progress yet. A cancel asked for before
    /// the run starts is for the previous run and is forgotten.
    pub fn start(&self) {
        self.0.cancel.store(false, Ordering::SeqCst);
        self.0.done.store(0, Ordering::SeqCst);
        self.0.total.store(0, Ordering::SeqCst);
    }

    /// Asks the running operation to stop at its next step.
    pub fn cancel(&self) {
        self.0.cancel.store(true, Ordering::SeqCst);
    }

    /// Whether a cancel was asked for since the run started.
    pub fn is_cancelled(&self) -> bool {
        self.0.cancel.load(Ordering::SeqCst)
    }

    /// Records how far the run has got; returns false when it should stop (cancelled), so it
    /// can be used directly as a progress callback's answer.
    pub fn report(&self, done: u32, total: u32) -> bool {
        self.0.done.store(done, Ordering::SeqCst);
        self.0.total.store(total, Ordering::SeqCst);
        !self.is_cancelled()
    }

    /// Steps done and steps in all (0 of 0 when nothing is running).
    pub fn progress(&self) -> (u32, u32) {
        (
            self.0.done.load(Ordering::SeqCst),
            self.0.total.load(Ordering::SeqCst),
        )
    }

    /// Marks the end of a run: its progress reads 0 of 0 again.
    pub fn finish(&self) {
        self.0.done.store(0, Ordering::SeqCst);
        self.0.total.store(0, Ordering::SeqCst);
    }
}

/// A session's operation handles, one per [`OperationKind`]. Cheap to clone; clones share state.
#[derive(Clone, Debug, Default)]
pub struct Operations {
    import: Operation,
    analysis: Operation,
    export: Operation,
}

impl Operations {
    /// The handle of one kind of operation.
    pub fn get(&self, kind: OperationKind) -> &Operation {
        match kind {
            OperationKind::Import => &self.import,
            OperationKind::Analysis => &self.analysis,
            OperationKind::Export => &self.export,
        }
    }

    /// Asks the running operation of `kind`, if any, to stop.
    pub fn cancel(&self, kind: OperationKind) {
        self.get(kind).cancel();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cancel_stops_only_its_own_kind_and_is_forgotten_by_the_next_run() {
        let ops = Operations::default();
        for kind in [
            OperationKind::Import,
            OperationKind::Analysis,
            OperationKind::Export,
        ] {
            ops.get(kind).start();
        }
        ops.cancel(OperationKind::Import);
        assert!(!ops.get(OperationKind::Import).report(1, 2));
        assert!(ops.get(OperationKind::Analysis).report(1, 2));
        assert!(ops.get(OperationKind::Export).report(1, 2));
        ops.get(OperationKind::Import).start();
        assert!(ops.get(OperationKind::Import).report(0, 2));
    }

    #[test]
    fn a_clone_sees_the_progress_and_two_sessions_handles_are_separate() {
        let mine = Operations::default();
        let shells_copy = mine.clone();
        let other = Operations::default();
        mine.get(OperationKind::Import).start();
        other.get(OperationKind::Import).start();
        mine.get(OperationKind::Import).report(3, 10);
        assert_eq!(shells_copy.get(OperationKind::Import).progress(), (3, 10));
        assert_eq!(other.get(OperationKind::Import).progress(), (0, 0));
        shells_copy.cancel(OperationKind::Import);
        assert!(mine.get(OperationKind::Import).is_cancelled());
        assert!(!other.get(OperationKind::Import).is_cancelled());
        mine.get(OperationKind::Import).finish();
        assert_eq!(shells_copy.get(OperationKind::Import).progress(), (0, 0));
    }
}
