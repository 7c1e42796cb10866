//! Key Practice Episodes, findings and the draft-report export.
//!
//! Every change is one undoable change set (`Store::change`); numbering is kept 1..n in the
//! same change set as the edit that needs it (a delete or a move renumbers atomically).
//! Exports report progress through a callback and to the session's export handle, and can be
//! cancelled from another thread through that handle ([`super::Operations`]); a cancelled
//! export writes nothing.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use specta::Type;

use super::Session;
use crate::dates::uk;
use crate::editing;
use crate::error::{Error, Result};
use crate::export::{CheckReport, ExportOutcome, ExportProgress, ExportRequest};
use crate::json::ReviewData;
use crate::model::*;
use crate::store::{History, Reader, Writer};

/// What the KPE and findings views show: both lists and the flags that can be linked.
#[derive(Clone, Debug, PartialEq, Serialize, Type)]
pub struct ReportBoard {
    /// The Key Practice Episodes, by number.
    pub kpes: Vec<KeyPracticeEpisode>,
    /// The findings, by number.
    pub findings: Vec<Finding>,
    /// Every stored flag (linked ones carry their KPE).
    pub flags: Vec<Flag>,
    /// What undo and redo would do now.
    pub history: History,
}

/// A new Key Practice Episode, from a selection or typed in.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct NewKpe {
    /// Its title (a placeholder is used when empty).
    pub title: String,
    /// First day; taken from the entries when not given.
    pub starts_on: Option<NaiveDate>,
    /// Last day; taken from the entries when not given.
    pub ends_on: Option<NaiveDate>,
    /// The chronology entries it spans.
    pub entries: Vec<EntryId>,
}

/// A new finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct NewFinding {
    /// The finding statement (a placeholder is used when empty).
    pub statement: String,
    /// Its place in the SCIE typology.
    pub category: FindingCategory,
}

/// What the check would find in an export, before anything is written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Type)]
pub struct ExportPreview {
    /// What may still identify someone.
    pub check: CheckReport,
    /// The tables the export would hold, with their row counts.
    pub tables: Vec<TableSummary>,
}

/// A table in an export.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Type)]
pub struct TableSummary {
    /// Its title.
    pub title: String,
    /// Its rows.
    pub rows: u32,
}

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

const NEW_KPE_TITLE: &str = "New Key Practice Episode";
const NEW_FINDING_STATEMENT: &str = "New finding";

impl Session {
    /// The KPEs, findings and flags.
    pub fn report_board(&self) -> Result<ReportBoard> {
        let store = self.store_ref()?;
        let r = store.read();
        Ok(ReportBoard {
            kpes: r.kpes()?,
            findings: r.findings()?,
            flags: super::rows::flags_as_read(&r)?,
            history: store.history()?,
        })
    }

    /// Creates a KPE at the end of the list from entries and/or a span (a timeline or
    /// chronology selection). The span is widened to cover every entry.
    pub fn create_kpe(&mut self, draft: NewKpe) -> Result<KeyPracticeEpisode> {
        let store = self.store()?;
        let id = {
            let r = store.read();
            let number = next_number(r.kpes()?.iter().map(|k| k.number));
            let (starts_on, ends_on) = span_of(&r, &draft.entries, draft.starts_on, draft.ends_on)?;
            let kpe = blank_kpe(number, &draft.title, starts_on, ends_on, draft.entries);
            store.change(&format!("Create KPE {number}"), |w| w.insert_kpe(&kpe))?
        };
        self.kpe(id)
    }

    /// Creates a KPE from flags: their evidence entries and period; the flags are linked to
    /// it in the same change.
    pub fn create_kpe_from_flags(
        &mut self,
        flags: Vec<FlagId>,
        title: Option<String>,
    ) -> Result<KeyPracticeEpisode> {
        if flags.is_empty() {
            return Err(Error::Invalid(
                "Choose at least one flag to make the episode from.".into(),
            ));
        }
        let store = self.store()?;
        let id = {
            let r = store.read();
            let chosen: Vec<Flag> = flags.iter().map(|f| r.flag(*f)).collect::<Result<_>>()?;
            let mut entries = BTreeSet::new();
            for f in &chosen {
                for e in &f.evidence {
                    // Evidence may name an entry deleted since the flag was raised.
                    if r.entry(*e).is_ok() {
                        entries.insert(*e);
                    }
                }
            }
            let entries: Vec<EntryId> = entries.into_iter().collect();
            let from = chosen.iter().map(|f| f.starts_on).min();
            let to = chosen.iter().map(|f| f.ends_on).max();
            let (starts_on, ends_on) = span_of(&r, &entries, from, to)?;
            let title = match title.filter(|t| !t.trim().is_empty()) {
                Some(t) => t,
                None if chosen.len() == 1 => format!(
                    "{} ({})",
                    chosen[0].kind.label(),
                    span_text(chosen[0].starts_on, chosen[0].ends_on)
                ),
                None => format!("Episode from {} flags", chosen.len()),
            };
            let number = next_number(r.kpes()?.iter().map(|k| k.number));
            let kpe = blank_kpe(number, &title, starts_on, ends_on, entries);
            store.change(&format!("Create KPE {number} from flags"), |w| {
                let id = w.insert_kpe(&kpe)?;
                for mut f in chosen {
                    f.kpe = Some(id);
                    w.update_flag(&f)?;
                }
                Ok(id)
            })?
        };
        self.kpe(id)
    }

    /// One KPE.
    pub fn kpe(&self, id: KpeId) -> Result<KeyPracticeEpisode> {
        self.store_ref()?
            .read()
            .kpes()?
            .into_iter()
            .find(|k| k.id == id)
            .ok_or_else(|| Error::Missing(format!("KPE {id} is not in this review.")))
    }

    /// Saves an edited KPE (its number is kept: use [`Session::move_kpe`] to reorder).
    pub fn update_kpe(&mut self, mut kpe: KeyPracticeEpisode) -> Result<KeyPracticeEpisode> {
        let stored = self.kpe(kpe.id)?;
        kpe.number = stored.number;
        if kpe.title.trim().is_empty() {
            return Err(Error::Invalid(
                "A Key Practice Episode needs a title. Type one, or undo to get the old one back."
                    .into(),
            ));
        }
        self.store()?
            .change(&format!("Edit KPE {}", stored.number), |w| {
                w.update_kpe(&kpe)
            })?;
        self.kpe(kpe.id)
    }

    /// Deletes a KPE and renumbers the rest, in one change.
    pub fn delete_kpe(&mut self, id: KpeId) -> Result<ReportBoard> {
        let stored = self.kpe(id)?;
        self.store()?
            .change(&format!("Delete KPE {}", stored.number), |w| {
                w.delete_kpe(id)?;
                renumber_kpes(w, None)
            })?;
        self.report_board()
    }

    /// Moves a KPE to `position` (1 = first) and renumbers every KPE 1..n, in one change.
    pub fn move_kpe(&mut self, id: KpeId, position: u32) -> Result<ReportBoard> {
        let stored = self.kpe(id)?;
        let count = self.store_ref()?.read().kpes()?.len() as u32;
        let position = position.clamp(1, count.max(1));
        self.store()?
            .change(&format!("Move KPE {} to {position}", stored.number), |w| {
                renumber_kpes(w, Some((id, position)))
            })?;
        self.report_board()
    }

    /// Links a flag to a KPE, or unlinks it (`kpe` = `None`).
    pub fn link_flag_to_kpe(&mut self, flag: FlagId, kpe: Option<KpeId>) -> Result<ReportBoard> {
        let mut f = self.store_ref()?.read().flag(flag)?;
        let label = match kpe {
            Some(k) => format!("Link a flag to KPE {}", self.kpe(k)?.number),
            None => "Unlink a flag from its KPE".to_string(),
        };
        f.kpe = kpe;
        self.store()?.change(&label, |w| w.update_flag(&f))?;
        self.report_board()
    }

    /// Creates a finding at the end of the list.
    pub fn create_finding(&mut self, draft: NewFinding) -> Result<Finding> {
        let store = self.store()?;
        let number = next_number(store.read().findings()?.iter().map(|f| f.number));
        let statement = if draft.statement.trim().is_empty() {
            NEW_FINDING_STATEMENT.to_string()
        } else {
            draft.statement
        };
        let finding = Finding {
            id: FindingId(0),
            number,
            statement,
            category: draft.category,
            manifestation: String::new(),
            kpes: Vec::new(),
            entries: Vec::new(),
            evidence_underlying: String::new(),
            how_widespread: String::new(),
            implications: String::new(),
            board_questions: Vec::new(),
        };
        let id = store.change(&format!("Create finding {number}"), |w| {
            w.insert_finding(&finding)
        })?;
        self.finding(id)
    }

    /// One finding.
    pub fn finding(&self, id: FindingId) -> Result<Finding> {
        self.store_ref()?
            .read()
            .findings()?
            .into_iter()
            .find(|f| f.id == id)
            .ok_or_else(|| Error::Missing(format!("Finding {id} is not in this review.")))
    }

    /// Saves an edited finding (number kept; Board questions in the order given, blank ones
    /// dropped).
    pub fn update_finding(&mut self, mut finding: Finding) -> Result<Finding> {
        let stored = self.finding(finding.id)?;
        finding.number = stored.number;
        if finding.statement.trim().is_empty() {
            return Err(Error::Invalid(
                "A finding needs its statement. Type one, or undo to get the old one back.".into(),
            ));
        }
        self.store()?
            .change(&format!("Edit finding {}", stored.number), |w| {
                w.update_finding(&finding)
            })?;
        self.finding(finding.id)
    }

    /// Deletes a finding and renumbers the rest, in one change.
    pub fn delete_finding(&mut self, id: FindingId) -> Result<ReportBoard> {
        let stored = self.finding(id)?;
        self.store()?
            .change(&format!("Delete finding {}", stored.number), |w| {
                w.delete_finding(id)?;
                renumber_findings(w, None)
            })?;
        self.report_board()
    }

    /// Moves a finding to `position` (1 = first) and renumbers them all, in one change.
    pub fn move_finding(&mut self, id: FindingId, position: u32) -> Result<ReportBoard> {
        let stored = self.finding(id)?;
        let count = self.store_ref()?.read().findings()?.len() as u32;
        let position = position.clamp(1, count.max(1));
        self.store()?.change(
            &format!("Move finding {} to {position}", stored.number),
            |w| renumber_findings(w, Some((id, position))),
        )?;
        self.report_board()
    }

    /// What the check finds in an export, and the tables it would hold; writes nothing.
    pub fn export_preview(&self, request: ExportRequest) -> Result<ExportPreview> {
        let data = ReviewData::load(&self.store_ref()?.read())?;
        let (document, check) = crate::export::prepare(&data, &request, today(), &|_| true)?;
        Ok(ExportPreview {
            check,
            tables: document
                .tables()
                .map(|t| TableSummary {
                    title: t.title.clone(),
                    rows: t.rows.len() as u32,
                })
                .collect(),
        })
    }

    /// Exports the review. When the check finds something that may identify someone and the
    /// request is not `confirmed`, nothing is written and the list comes back for the
    /// reviewer. `progress` is told each step and returns false to cancel; a cancel on this
    /// session's export handle ([`super::Operations::cancel`]) cancels too.
    pub fn export_report(
        &self,
        request: ExportRequest,
        progress: &dyn Fn(ExportProgress) -> bool,
    ) -> Result<ExportOutcome> {
        self.export_report_on(request, today(), progress)
    }

    /// [`Session::export_report`] as of a given day (the day the document is dated).
    pub fn export_report_on(
        &self,
        request: ExportRequest,
        today: NaiveDate,
        progress: &dyn Fn(ExportProgress) -> bool,
    ) -> Result<ExportOutcome> {
        let handle = self.operations.get(super::OperationKind::Export).clone();
        handle.start();
        let keep = |p: ExportProgress| handle.report(p.done, p.total) && progress(p);
        let result = (|| {
            crate::export::validate(&request)?;
            if !keep(ExportProgress::stage("Reading the review")) {
                return Err(Error::Cancelled);
            }
            let data = ReviewData::load(&self.store_ref()?.read())?;
            crate::export::run(&data, &request, today, &keep)
        })();
        handle.finish();
        result
    }
}

fn next_number(numbers: impl Iterator<Item = i32>) -> i32 {
    numbers.max().unwrap_or(0) + 1
}

fn span_text(from: NaiveDate, to: NaiveDate) -> String {
    if from == to {
        uk(from)
    } else {
        format!("{} to {}", uk(from), uk(to))
    }
}

fn blank_kpe(
    number: i32,
    title: &str,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    entries: Vec<EntryId>,
) -> KeyPracticeEpisode {
    KeyPracticeEpisode {
        id: KpeId(0),
        number,
        title: if title.trim().is_empty() {
            NEW_KPE_TITLE.to_string()
        } else {
            title.trim().to_string()
        },
        starts_on,
        ends_on,
        what_happened: String::new(),
        appraisal_grade: None,
        appraisal: String::new(),
        view_from_tunnel: String::new(),
        factors: Vec::new(),
        what_went_well: String::new(),
        entries,
    }
}

/// The span of an episode: the dates given, widened to cover every entry.
fn span_of(
    r: &Reader<'_>,
    entries: &[EntryId],
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<(NaiveDate, NaiveDate)> {
    let mut start = from;
    let mut end = to;
    for id in entries {
        let e = r.entry(*id)?;
        let last = e.ends_on.unwrap_or(e.date.end).max(e.date.end);
        start = Some(start.map_or(e.date.start, |s| s.min(e.date.start)));
        end = Some(end.map_or(last, |x| x.max(last)));
    }
    match (start, end) {
        (Some(s), Some(e)) if s <= e => Ok((s, e)),
        (Some(s), Some(e)) => Ok((e, s)),
        (Some(s), None) | (None, Some(s)) => Ok((s, s)),
        (None, None) => Err(Error::Invalid(
            "Give the episode its dates, or choose the chronology entries it covers.".into(),
        )),
    }
}

/// Renumbers every KPE 1..n in their current order, first moving `moved` to its position.
fn renumber_kpes(w: &Writer<'_>, moved: Option<(KpeId, u32)>) -> Result<()> {
    for k in editing::renumber(w.kpes()?, moved, |k| k.id, |k| &mut k.number) {
        w.update_kpe(&k)?;
    }
    Ok(())
}

/// Renumbers every finding 1..n in their current order, first moving `moved`.
fn renumber_findings(w: &Writer<'_>, moved: Option<(FindingId, u32)>) -> Result<()> {
    for f in editing::renumber(w.findings()?, moved, |f| f.id, |f| &mut f.number) {
        w.update_finding(&f)?;
    }
    Ok(())
}
