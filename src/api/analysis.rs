//! Running the analysis, listing flags and triaging them; editing protocol rules and the
//! analysis settings.
//!
//! Running the analysis merges its candidates into the stored flags
//! ([`crate::analysis::triage::merge_flags`]) in one undoable change set; a run that changes
//! nothing records nothing.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use specta::Type;

use super::Session;
pub use crate::analysis::triage::{merge_flags, MergePlan};
use crate::analysis::{analyse, analyse_with, triage, AnalysisSettings, FlagCandidate, RULES};
use crate::error::{Error, Result};
use crate::json::ReviewData;
use crate::model::*;
use crate::store::{History, Reader};

/// How many flags of one kind there are, by triage.
#[derive(Clone, Debug, PartialEq, Serialize, Type)]
pub struct FlagCount {
    /// The pattern.
    pub kind: FlagKind,
    /// Flags the last analysis raised.
    pub current: u32,
    /// Of those, not yet triaged.
    pub open: u32,
    /// Of those, confirmed.
    pub confirmed: u32,
    /// Of those, dismissed.
    pub dismissed: u32,
    /// Flags kept from earlier runs whose evidence went away.
    pub stale: u32,
}

/// A KPE a flag can be attached to.
#[derive(Clone, Debug, PartialEq, Serialize, Type)]
pub struct KpeChoice {
    /// The KPE.
    pub id: KpeId,
    /// Its number in the report.
    pub number: i32,
    /// Its title.
    pub title: String,
}

/// A rule of the analysis, for labels and filters.
#[derive(Clone, Debug, PartialEq, Serialize, Type)]
pub struct RuleDoc {
    /// The rule id, as flags carry it.
    pub id: String,
    /// The pattern it raises.
    pub kind: FlagKind,
    /// What it looks for.
    pub description: String,
}

/// What the flags panel shows.
#[derive(Clone, Debug, PartialEq, Serialize, Type)]
pub struct FlagsPanel {
    /// Every stored flag: current ones first, most severe and earliest first.
    pub flags: Vec<Flag>,
    /// Counts by kind, in the vocabulary's order.
    pub counts: Vec<FlagCount>,
    /// KPEs a flag can be attached to.
    pub kpes: Vec<KpeChoice>,
    /// The rules, for labels.
    pub rules: Vec<RuleDoc>,
    /// How many stored flags running the analysis now would add, change or retire (0 when
    /// the stored flags are up to date with the chronology, the rules and the settings).
    pub pending: u32,
}

/// What a run of the analysis changed.
#[derive(Clone, Debug, PartialEq, Serialize, Type)]
pub struct AnalysisOutcome {
    /// New flags.
    pub added: u32,
    /// Flags raised again whose explanation, evidence or severity changed.
    pub updated: u32,
    /// Dismissed flags reopened because their evidence changed.
    pub reopened: u32,
    /// Flags no longer raised, kept and marked not current.
    pub retired: u32,
    /// Flags raised again unchanged.
    pub unchanged: u32,
    /// The panel after the run.
    pub panel: FlagsPanel,
    /// What undo and redo would do now.
    pub history: History,
}

/// The reviewer's decision on a flag.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Type)]
pub struct Triage {
    /// Open (undecided), confirmed or dismissed.
    pub status: FlagStatus,
    /// Why (required to dismiss).
    pub rationale: String,
}

/// A flag changed by triage, with the panel's counts and the undo state.
#[derive(Clone, Debug, PartialEq, Serialize, Type)]
pub struct TriageOutcome {
    /// The flag as stored.
    pub flag: Flag,
    /// Counts by kind after the change.
    pub counts: Vec<FlagCount>,
    /// What undo and redo would do now.
    pub history: History,
}

/// The data the analysis reads (not the KPEs, findings or stored flags).
pub fn analysis_input(r: &Reader<'_>) -> Result<ReviewData> {
    let mut data = ReviewData::new(r.review()?);
    data.areas = r.areas()?;
    data.agencies = r.agencies()?;
    data.people = r.people()?;
    data.entries = r.entries()?;
    data.links = r.links()?;
    data.protocol_rules = r.protocol_rules()?;
    Ok(data)
}

/// The review's analysis settings (defaults where it has none).
pub fn settings_of(r: &Reader<'_>) -> Result<AnalysisSettings> {
    AnalysisSettings::from_json(&r.analysis_settings_json()?)
}

/// What a running analysis is doing, for its progress bar.
#[derive(Clone, Debug, PartialEq, Serialize, Type)]
pub struct AnalysisProgress {
    /// What is being done, for people.
    pub stage: String,
    /// Steps done (0 when the stage is not counted).
    pub done: u32,
    /// Steps in all (0 when not counted).
    pub total: u32,
}

impl AnalysisProgress {
    fn stage(stage: &str) -> Self {
        AnalysisProgress {
            stage: stage.into(),
            done: 0,
            total: 0,
        }
    }
}

/// Runs the analysis on a review's stored data.
pub fn candidates_of(r: &Reader<'_>, today: NaiveDate) -> Result<Vec<FlagCandidate>> {
    let data = analysis_input(r)?;
    let settings = settings_of(r)?;
    Ok(analyse(&data, &settings, today))
}

fn counts(flags: &[Flag]) -> Vec<FlagCount> {
    FlagKind::ALL
        .iter()
        .map(|&kind| {
            let of = |f: &&Flag| f.kind == kind;
            let current: Vec<&Flag> = flags.iter().filter(of).filter(|f| f.current).collect();
            let status = |s| current.iter().filter(|f| f.status == s).count() as u32;
            FlagCount {
                kind,
                current: current.len() as u32,
                open: status(FlagStatus::Open),
                confirmed: status(FlagStatus::Confirmed),
                dismissed: status(FlagStatus::Dismissed),
                stale: flags.iter().filter(of).filter(|f| !f.current).count() as u32,
            }
        })
        .collect()
}

fn rule_docs() -> Vec<RuleDoc> {
    RULES
        .iter()
        .map(|r| RuleDoc {
            id: r.id.into(),
            kind: r.kind,
            description: r.description.into(),
        })
        .collect()
}

/// The local date: the one place the API reads the clock for the analysis.
fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

impl Session {
    /// The flags panel, with how many flags a run now would change (the analysis is run in
    /// memory to find out; nothing is written).
    pub fn flags_panel(&self) -> Result<FlagsPanel> {
        self.flags_panel_on(today())
    }

    /// [`Session::flags_panel`] as of a given day.
    pub fn flags_panel_on(&self, today: NaiveDate) -> Result<FlagsPanel> {
        let r = self.store_ref()?.read();
        let flags = super::rows::flags_as_read(&r)?;
        let plan = merge_flags(&r.flags()?, &candidates_of(&r, today)?);
        Ok(FlagsPanel {
            counts: counts(&flags),
            kpes: r
                .kpes()?
                .into_iter()
                .map(|k| KpeChoice {
                    id: k.id,
                    number: k.number,
                    title: k.title,
                })
                .collect(),
            rules: rule_docs(),
            pending: (plan.inserts.len() + plan.updates.len()) as u32,
            flags,
        })
    }

    /// Runs the analysis and stores its flags, keeping the reviewer's triage. `progress` is
    /// told each step and returns false to cancel; a cancel on this session's analysis handle
    /// ([`super::Operations::cancel`]) cancels too.
    pub fn run_analysis(
        &mut self,
        progress: &dyn Fn(AnalysisProgress) -> bool,
    ) -> Result<AnalysisOutcome> {
        self.run_analysis_with(today(), progress)
    }

    /// [`Session::run_analysis`] as of a given day (tests, scripts).
    pub fn run_analysis_on(&mut self, today: NaiveDate) -> Result<AnalysisOutcome> {
        self.run_analysis_with(today, &|_| true)
    }

    /// [`Session::run_analysis`], telling `progress` each step; `progress` returning false, or
    /// a cancel on this session's analysis handle, stops it before it stores anything
    /// ([`Error::Cancelled`]). Once it has started storing its flags it finishes (that is one
    /// transaction).
    pub fn run_analysis_with(
        &mut self,
        today: NaiveDate,
        progress: &dyn Fn(AnalysisProgress) -> bool,
    ) -> Result<AnalysisOutcome> {
        let handle = self.operations.get(super::OperationKind::Analysis).clone();
        handle.start();
        let result = self.run_analysis_under(today, &|p: AnalysisProgress| {
            handle.report(p.done, p.total) && progress(p)
        });
        handle.finish();
        result
    }

    fn run_analysis_under(
        &mut self,
        today: NaiveDate,
        keep: &dyn Fn(AnalysisProgress) -> bool,
    ) -> Result<AnalysisOutcome> {
        if !keep(AnalysisProgress::stage("Reading the chronology")) {
            return Err(Error::Cancelled);
        }
        let store = self.store()?;
        let plan = {
            let r = store.read();
            let data = analysis_input(&r)?;
            let settings = settings_of(&r)?;
            let candidates = analyse_with(&data, &settings, today, &|what, done, total| {
                keep(AnalysisProgress {
                    stage: format!("Looking for {what}"),
                    done,
                    total,
                })
            })
            .ok_or(Error::Cancelled)?;
            merge_flags(&r.flags()?, &candidates)
        };
        if !keep(AnalysisProgress::stage("Storing the flags")) {
            return Err(Error::Cancelled);
        }
        let updated = plan.updated();
        if !plan.is_empty() {
            let label = format!(
                "Run the analysis ({} new, {} changed, {} reopened, {} no longer raised)",
                plan.inserts.len(),
                updated,
                plan.reopened,
                plan.retired
            );
            store.change(&label, |w| {
                for f in &plan.inserts {
                    w.insert_flag(f)?;
                }
                for f in &plan.updates {
                    w.update_flag(f)?;
                }
                Ok(())
            })?;
        }
        Ok(AnalysisOutcome {
            added: plan.inserts.len() as u32,
            updated,
            reopened: plan.reopened,
            retired: plan.retired,
            unchanged: plan.unchanged,
            panel: self.flags_panel_on(today)?,
            history: self.store_ref()?.history()?,
        })
    }

    /// The flags the analysis raises now as of `today`, with the stored triage, in the
    /// stable format scripts read ([`FlagsReport`]); nothing is written.
    pub fn flags_report_on(&self, today: NaiveDate) -> Result<FlagsReport> {
        flags_report(&self.store_ref()?.read(), today)
    }

    /// Confirms, dismisses (a rationale is required) or reopens a flag.
    pub fn triage_flag(&mut self, id: FlagId, triage: Triage) -> Result<TriageOutcome> {
        let store = self.store()?;
        let mut flag = store.read().flag(id)?;
        triage::decide(&mut flag, triage.status, &triage.rationale)?;
        let verb = triage::verb(triage.status);
        store.change(&format!("{verb} flag {id}"), |w| w.update_flag(&flag))?;
        self.triage_outcome(id)
    }

    /// Attaches a flag to a KPE, or detaches it (`None`).
    pub fn attach_flag_to_kpe(&mut self, id: FlagId, kpe: Option<KpeId>) -> Result<TriageOutcome> {
        let store = self.store()?;
        let mut flag = store.read().flag(id)?;
        flag.kpe = kpe;
        let label = match kpe {
            Some(k) => format!("Attach flag {id} to KPE {k}"),
            None => format!("Detach flag {id} from its KPE"),
        };
        store.change(&label, |w| w.update_flag(&flag))?;
        self.triage_outcome(id)
    }

    fn triage_outcome(&self, id: FlagId) -> Result<TriageOutcome> {
        let store = self.store_ref()?;
        let r = store.read();
        let flags = super::rows::flags_as_read(&r)?;
        let flag = flags
            .iter()
            .find(|f| f.id == id)
            .cloned()
            .ok_or_else(|| Error::Missing(format!("Flag {id} is not in this review.")))?;
        Ok(TriageOutcome {
            flag,
            counts: counts(&flags),
            history: store.history()?,
        })
    }

    /// The review's protocol rules.
    pub fn protocol_rules(&self) -> Result<Vec<ProtocolRule>> {
        self.store_ref()?.read().protocol_rules()
    }

    /// Adds (id 0) or changes a protocol rule; returns every rule.
    pub fn save_protocol_rule(&mut self, rule: ProtocolRule) -> Result<Vec<ProtocolRule>> {
        let store = self.store()?;
        if rule.id.0 == 0 {
            store.change(
                &format!("Add protocol rule \"{}\"", rule.name.trim()),
                |w| w.insert_protocol_rule(&rule).map(|_| ()),
            )?;
        } else {
            store.change(
                &format!("Edit protocol rule \"{}\"", rule.name.trim()),
                |w| w.update_protocol_rule(&rule),
            )?;
        }
        self.protocol_rules()
    }

    /// Removes a protocol rule; returns the rest.
    pub fn delete_protocol_rule(&mut self, id: ProtocolRuleId) -> Result<Vec<ProtocolRule>> {
        let store = self.store()?;
        let name = store
            .read()
            .protocol_rules()?
            .into_iter()
            .find(|r| r.id == id)
            .map(|r| r.name)
            .ok_or_else(|| Error::Missing(format!("Protocol rule {id} is not in this review.")))?;
        store.change(&format!("Delete protocol rule \"{name}\""), |w| {
            w.delete_protocol_rule(id)
        })?;
        self.protocol_rules()
    }

    /// Puts back the default protocol rules (after removing every rule); undoable.
    pub fn reset_protocol_rules(&mut self) -> Result<Vec<ProtocolRule>> {
        let store = self.store()?;
        let existing = store.read().protocol_rules()?;
        store.change("Reset the protocol rules to the defaults", |w| {
            for r in &existing {
                w.delete_protocol_rule(r.id)?;
            }
            for r in crate::demo::default_protocol_rules() {
                w.insert_protocol_rule(&ProtocolRule {
                    id: ProtocolRuleId(0),
                    ..r
                })?;
            }
            Ok(())
        })?;
        self.protocol_rules()
    }

    /// The review's analysis settings (defaults where none are stored).
    pub fn analysis_settings(&self) -> Result<AnalysisSettings> {
        settings_of(&self.store_ref()?.read())
    }

    /// Saves the analysis settings after checking them.
    pub fn save_analysis_settings(
        &mut self,
        settings: AnalysisSettings,
    ) -> Result<AnalysisSettings> {
        settings.validate()?;
        let json = settings.to_json();
        self.store()?.change("Edit the analysis settings", |w| {
            w.set_analysis_settings_json(&json)
        })?;
        self.analysis_settings()
    }

    /// Puts the analysis settings back to their defaults; undoable.
    pub fn reset_analysis_settings(&mut self) -> Result<AnalysisSettings> {
        self.store()?
            .change("Reset the analysis settings to the defaults", |w| {
                w.set_analysis_settings_json("{}")
            })?;
        self.analysis_settings()
    }
}

/// The `format` marker of the flags JSON the CLI prints.
pub const FLAGS_FORMAT: &str = "chronolane-flags";
/// The version of the flags JSON.
pub const FLAGS_VERSION: u32 = 1;

/// The flags of a review as `chronolane flags --json` prints them: a stable, versioned
/// format for scripts.
///
/// ```json
/// { "format": "chronolane-flags", "version": 1, "review": "LCSPR: Child R",
///   "today": "2022-03-01",
///   "counts": { "lost_transfer": 11, "missed_escalation": 10, ... },
///   "flags": [ { "identity": "lost_transfer.no_receipt:107", "kind": "lost_transfer",
///                "rule": "lost_transfer.no_receipt", "severity": "high", "inferred": false,
///                "starts_on": "2019-02-19", "ends_on": "2019-03-05", "evidence": ["107"],
///                "explanation": "Information shared from NB CSC to Midwifery on ...",
///                "status": "open", "rationale": "", "kpe": null,
///                "evidence_digest": "9f2c..." } ] }
/// ```
///
/// `flags` are those the analysis raises now, most severe and earliest first; `status`,
/// `rationale` and `kpe` are the reviewer's triage stored in the review (`open`, no rationale
/// and no KPE for a flag never triaged, and `open` again for a dismissed flag whose evidence
/// has changed). `counts` has every flag kind, zero included. Dates are ISO 8601; ids are
/// strings; codes are those listed in ARCHITECTURE.md. Fields may be added in a later version
/// of the same `version`; none will be removed or change meaning without a new `version`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FlagsReport {
    /// Always [`FLAGS_FORMAT`].
    pub format: String,
    /// [`FLAGS_VERSION`].
    pub version: u32,
    /// The review's title.
    pub review: String,
    /// The day the analysis was run as of.
    pub today: NaiveDate,
    /// How many flags of each kind, by kind code.
    pub counts: std::collections::BTreeMap<String, u32>,
    /// The flags.
    pub flags: Vec<ReportedFlag>,
}

/// One flag in a [`FlagsReport`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportedFlag {
    /// Stable identity: the rule and the entries it is about.
    pub identity: String,
    /// The pattern.
    pub kind: FlagKind,
    /// The rule that raised it.
    pub rule: String,
    /// How much it matters.
    pub severity: Severity,
    /// Whether it rests on inference.
    pub inferred: bool,
    /// The period it concerns.
    pub starts_on: NaiveDate,
    /// The period it concerns.
    pub ends_on: NaiveDate,
    /// Its evidence entries, in time order.
    pub evidence: Vec<EntryId>,
    /// The explanation.
    pub explanation: String,
    /// The reviewer's decision.
    pub status: FlagStatus,
    /// The reviewer's reason.
    pub rationale: String,
    /// The KPE it is attached to.
    pub kpe: Option<KpeId>,
    /// The evidence digest.
    pub evidence_digest: String,
}

/// Runs the analysis on a review without storing anything, and joins the stored triage.
pub fn flags_report(r: &Reader<'_>, today: NaiveDate) -> Result<FlagsReport> {
    let candidates = candidates_of(r, today)?;
    let stored = r.flags()?;
    let by_identity: std::collections::HashMap<&str, &Flag> =
        stored.iter().map(|f| (f.identity.as_str(), f)).collect();
    let mut counts: std::collections::BTreeMap<String, u32> = FlagKind::ALL
        .iter()
        .map(|k| (k.code().to_string(), 0))
        .collect();
    let flags = candidates
        .into_iter()
        .map(|c| {
            *counts.entry(c.kind.code().to_string()).or_default() += 1;
            let triage = by_identity.get(c.identity.as_str()).copied();
            ReportedFlag {
                status: triage::status_of(triage, &c),
                rationale: triage.map(|t| t.rationale.clone()).unwrap_or_default(),
                kpe: triage.and_then(|t| t.kpe),
                identity: c.identity,
                kind: c.kind,
                rule: c.rule,
                severity: c.severity,
                inferred: c.inferred,
                starts_on: c.starts_on,
                ends_on: c.ends_on,
                evidence: c.evidence,
                explanation: c.explanation,
                evidence_digest: c.evidence_digest,
            }
        })
        .collect();
    Ok(FlagsReport {
        format: FLAGS_FORMAT.into(),
        version: FLAGS_VERSION,
        review: r.review()?.title,
        today,
        counts,
        flags,
    })
}
