//! Opening, creating and editing a review: files, recent files, the review's details,
//! agencies, people, entries, undo and redo.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use specta::Type;

use super::{FilePath, Session};
use crate::error::{Error, Result};
use crate::json::ReviewData;
use crate::model::*;
use crate::store::{ChangeRecord, ChangeSummary, Store};

/// Counts shown on the review's overview.
#[derive(Clone, Debug, PartialEq, Serialize, Type)]
pub struct Counts {
    /// Chronology entries.
    pub entries: u32,
    /// Agencies (lanes).
    pub agencies: u32,
    /// People in the glossary.
    pub people: u32,
    /// Source documents.
    pub sources: u32,
    /// Key Practice Episodes.
    pub kpes: u32,
    /// Findings.
    pub findings: u32,
    /// Flags not yet triaged.
    pub open_flags: u32,
}

/// Everything the UI shows about the open review apart from its entries.
#[derive(Clone, Debug, PartialEq, Serialize, Type)]
pub struct ReviewOverview {
    /// The review file.
    pub path: String,
    /// The file's name alone.
    pub file_name: String,
    /// Whether the file is encrypted at rest.
    pub encrypted: bool,
    /// Whether the review was opened for reading only (the reviewer cannot write its file or
    /// folder): the UI shows a banner and every change is refused.
    pub read_only: bool,
    /// Whether this is the built-in demo review (fictional: the UI says so).
    pub demo: bool,
    /// The review's details.
    pub review: Review,
    /// Counts of its contents.
    pub counts: Counts,
    /// Areas, in order.
    pub areas: Vec<Area>,
    /// Agencies, in lane order.
    pub agencies: Vec<Agency>,
    /// The people glossary.
    pub people: Vec<Person>,
    /// Source documents.
    pub sources: Vec<SourceDocument>,
    /// What undo and redo would do now.
    pub history: crate::store::History,
}

/// A review recently opened on this computer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Type)]
pub struct RecentFile {
    /// The file.
    pub path: String,
    /// The review's title when it was last opened.
    pub title: String,
    /// When it was last opened (`dd/mm/yyyy hh:mm`).
    pub opened: String,
    /// Whether it was encrypted.
    pub encrypted: bool,
}

/// The result of an undo or redo.
#[derive(Clone, Debug, PartialEq, Serialize, Type)]
pub struct UndoOutcome {
    /// The change undone or redone (`None` when there was nothing to do).
    pub change: Option<ChangeSummary>,
    /// What undo and redo would do next.
    pub history: crate::store::History,
}

/// What the UI shows first.
#[derive(Clone, Debug, PartialEq, Serialize, Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StartupOutcome {
    /// A review is open.
    Opened {
        /// Its overview.
        overview: Box<ReviewOverview>,
    },
    /// The file asked for is encrypted: ask for its passphrase, then call `open_review`.
    NeedsPassphrase {
        /// The file.
        path: String,
    },
    /// Nothing is open: show the start screen.
    StartScreen {
        /// Recently opened reviews.
        recent: Vec<RecentFile>,
        /// Why the file asked for could not be opened, if one was.
        problem: Option<String>,
    },
}

const RECENT_FILE: &str = "recent.json";
const RECENT_LIMIT: usize = 10;
/// The name of the demo review file inside the app's folder.
pub const DEMO_FILE: &str = "Demo review - Child R.chronolane";

impl Session {
    /// Decides what to show first: the file or demo asked for on the command line; on the very
    /// first run (no recent files) the demo; otherwise the start screen. Once a review is
    /// open, it is what the UI gets (for example after a reload).
    pub fn startup(&mut self) -> Result<StartupOutcome> {
        if self.store_ref().is_ok() {
            return Ok(StartupOutcome::Opened {
                overview: Box::new(self.overview()?),
            });
        }
        let request = self.startup.take().unwrap_or_default();
        if let Some(file) = request.file {
            return match self.open_review(&FilePath(file.clone()), None) {
                Ok(overview) => Ok(StartupOutcome::Opened {
                    overview: Box::new(overview),
                }),
                Err(Error::PassphraseRequired(_)) => {
                    Ok(StartupOutcome::NeedsPassphrase { path: file })
                }
                Err(e) => Ok(StartupOutcome::StartScreen {
                    recent: self.recent_files()?,
                    problem: Some(e.to_string()),
                }),
            };
        }
        let recent = self.recent_files()?;
        if request.demo || recent.is_empty() {
            return Ok(StartupOutcome::Opened {
                overview: Box::new(self.open_demo()?),
            });
        }
        Ok(StartupOutcome::StartScreen {
            recent,
            problem: None,
        })
    }

    /// Opens a review file, remembering it in the recent list.
    pub fn open_review(
        &mut self,
        path: &FilePath,
        passphrase: Option<String>,
    ) -> Result<ReviewOverview> {
        let store = Store::open(path.as_path(), passphrase.as_deref())?;
        self.adopt(store)
    }

    /// Creates a new, empty review file and opens it.
    pub fn create_review(
        &mut self,
        path: &FilePath,
        passphrase: Option<String>,
        review: Review,
    ) -> Result<ReviewOverview> {
        let store = create_review_file(path.as_path(), passphrase.as_deref(), review)?;
        self.adopt(store)
    }

    /// Opens the built-in demo review, writing it to the app's folder the first time.
    pub fn open_demo(&mut self) -> Result<ReviewOverview> {
        let dir = self.app_dir().ok_or_else(|| {
            Error::Missing(
                "This session keeps no files of its own, so it has no demo review. Write one \
                 with `chronolane demo FILE`."
                    .into(),
            )
        })?;
        let path = dir.join(DEMO_FILE);
        if !path.exists() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io("create", dir, e))?;
            crate::demo::write_demo(&path)?;
        }
        let store = Store::open(&path, None)?;
        self.adopt(store)
    }

    fn adopt(&mut self, store: Store) -> Result<ReviewOverview> {
        self.set_store(store);
        let overview = self.overview()?;
        self.remember(&overview)?;
        Ok(overview)
    }

    /// Writes the built-in demo review (a fictional case) to a new file and opens it.
    pub fn create_demo_review(
        &mut self,
        path: &FilePath,
        passphrase: Option<String>,
    ) -> Result<ReviewOverview> {
        let data = crate::demo::demo_review();
        let store = Store::create_with(path.as_path(), passphrase.as_deref(), |w| {
            data.insert_into(w)
        })?;
        self.adopt(store)
    }

    /// Creates a new review file from canonical JSON and opens it.
    pub fn import_json(
        &mut self,
        input: &FilePath,
        path: &FilePath,
        passphrase: Option<String>,
    ) -> Result<ReviewOverview> {
        let store =
            crate::json::import_json(input.as_path(), path.as_path(), passphrase.as_deref())?;
        self.adopt(store)
    }

    /// Writes the whole open review as canonical JSON: with real names, or pseudonymised
    /// (every real name replaced by its label; real names, aliases and dates of birth left
    /// out of the glossary).
    pub fn export_json(&self, out: &FilePath, pseudonymise: bool) -> Result<()> {
        let store = self.store_ref()?;
        if pseudonymise {
            let data = crate::json::ReviewData::load(&store.read())?;
            crate::export::write_pseudonymised_json(&data, out.as_path())
        } else {
            crate::json::export_json(store, out.as_path())
        }
    }

    /// The schema version of the open review's file.
    pub fn schema_version(&self) -> Result<i64> {
        crate::store::schema_version_of(self.store_ref()?)
    }

    /// The open review's overview.
    pub fn overview(&self) -> Result<ReviewOverview> {
        let store = self.store_ref()?;
        let r = store.read();
        let flags = r.flags()?;
        let path = store
            .path()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        let file_name = store
            .path()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "(in memory)".into());
        let agencies = r.agencies()?;
        let people = r.people()?;
        let sources = r.sources()?;
        let demo = store
            .path()
            .is_some_and(|p| self.app_dir().is_some_and(|dir| p == dir.join(DEMO_FILE)));
        Ok(ReviewOverview {
            path,
            file_name,
            demo,
            encrypted: store.is_encrypted(),
            read_only: store.is_read_only(),
            review: r.review()?,
            counts: Counts {
                entries: r.entry_count()? as u32,
                agencies: agencies.len() as u32,
                people: people.len() as u32,
                sources: sources.len() as u32,
                kpes: r.kpes()?.len() as u32,
                findings: r.findings()?.len() as u32,
                open_flags: flags
                    .iter()
                    .filter(|f| f.current && f.status == FlagStatus::Open)
                    .count() as u32,
            },
            areas: r.areas()?,
            agencies,
            people,
            sources,
            history: store.history()?,
        })
    }

    /// The whole chronology, in order.
    pub fn entries(&self) -> Result<Vec<Entry>> {
        self.store_ref()?.read().entries()
    }

    /// One entry.
    pub fn entry(&self, id: EntryId) -> Result<Entry> {
        self.store_ref()?.read().entry(id)
    }

    /// Saves the review's details.
    pub fn update_review(&mut self, review: Review) -> Result<ReviewOverview> {
        self.store()?
            .change("Edit the review's details", |w| w.set_review(&review))?;
        self.overview()
    }

    /// Saves an edited entry and returns it as stored.
    pub fn update_entry(&mut self, entry: Entry) -> Result<Entry> {
        let id = entry.id;
        self.store()?
            .change(&format!("Edit entry {id}"), |w| w.update_entry(&entry))?;
        self.entry(id)
    }

    /// Saves an edited agency.
    pub fn update_agency(&mut self, agency: Agency) -> Result<ReviewOverview> {
        self.store()?
            .change(&format!("Edit agency {}", agency.short_name), |w| {
                w.update_agency(&agency)
            })?;
        self.overview()
    }

    /// Saves an edited person.
    pub fn update_person(&mut self, person: Person) -> Result<ReviewOverview> {
        self.store()?
            .change(&format!("Edit person {}", person.label), |w| {
                w.update_person(&person)
            })?;
        self.overview()
    }

    /// Encrypts the open review, changes its passphrase, or removes its encryption (`new` =
    /// `None`). When the review is already encrypted, its current passphrase must be given.
    pub fn set_passphrase(
        &mut self,
        current: Option<String>,
        new: Option<String>,
    ) -> Result<ReviewOverview> {
        let store = self.store()?;
        if store.is_encrypted() && !store.passphrase_matches(current.as_deref().unwrap_or("")) {
            return Err(Error::Invalid(
                "The current passphrase is not right, so nothing was changed.".into(),
            ));
        }
        if let Some(p) = new.as_deref() {
            if p.chars().count() < 10 {
                return Err(Error::Invalid(
                    "Use a passphrase of at least 10 characters; a few unrelated words make a strong one.".into(),
                ));
            }
        }
        store.set_passphrase(new.as_deref())?;
        let overview = self.overview()?;
        self.remember(&overview)?;
        Ok(overview)
    }

    /// The review's history of changes, newest first.
    pub fn recent_changes(&self, limit: u32) -> Result<Vec<ChangeRecord>> {
        self.store_ref()?.recent_changes(limit.min(1000))
    }

    /// The rows one change changed.
    pub fn change_rows(&self, id: String) -> Result<Vec<AuditRecord>> {
        let id: i64 = id
            .parse()
            .map_err(|_| Error::Missing(format!("There is no change {id} in the history.")))?;
        self.store_ref()?.change_rows(id)
    }

    /// What undo and redo would do now: the app asks after a change whose answer did not
    /// carry it, instead of reloading the whole overview.
    pub fn history(&self) -> Result<crate::store::History> {
        self.store_ref()?.history()
    }

    /// Undoes the last change.
    pub fn undo(&mut self) -> Result<UndoOutcome> {
        let change = self.store()?.undo()?;
        Ok(UndoOutcome {
            change,
            history: self.store_ref()?.history()?,
        })
    }

    /// Redoes the last undone change.
    pub fn redo(&mut self) -> Result<UndoOutcome> {
        let change = self.store()?.redo()?;
        Ok(UndoOutcome {
            change,
            history: self.store_ref()?.history()?,
        })
    }

    /// Recently opened reviews, newest first, leaving out files that no longer exist.
    pub fn recent_files(&self) -> Result<Vec<RecentFile>> {
        Ok(self
            .read_recent()
            .into_iter()
            .filter(|r| std::path::Path::new(&r.path).exists())
            .collect())
    }

    fn read_recent(&self) -> Vec<RecentFile> {
        // A damaged recent list is not worth an error: it is rebuilt as files are opened.
        let Some(dir) = self.app_dir() else {
            return Vec::new();
        };
        std::fs::read_to_string(dir.join(RECENT_FILE))
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default()
    }

    fn remember(&self, overview: &ReviewOverview) -> Result<()> {
        let Some(dir) = self.app_dir() else {
            return Ok(());
        };
        if overview.path.is_empty() {
            return Ok(());
        }
        let mut list = self.read_recent();
        list.retain(|r| r.path != overview.path);
        list.insert(
            0,
            RecentFile {
                path: overview.path.clone(),
                title: overview.review.title.clone(),
                opened: now().format("%d/%m/%Y %H:%M").to_string(),
                encrypted: overview.encrypted,
            },
        );
        list.truncate(RECENT_LIMIT);
        std::fs::create_dir_all(dir).map_err(|e| Error::io("create", dir, e))?;
        crate::files::write_atomically(
            &dir.join(RECENT_FILE),
            serde_json::to_string_pretty(&list)?.as_bytes(),
        )
    }
}

/// Creates a new, empty review file with the default protocol rules.
pub fn create_review_file(
    path: &std::path::Path,
    passphrase: Option<&str>,
    review: Review,
) -> Result<Store> {
    let data = ReviewData::new(review);
    let defaults = crate::demo::default_protocol_rules();
    Store::create_with(path, passphrase, |w| {
        data.insert_into(w)?;
        for rule in &defaults {
            w.insert_protocol_rule(rule)?;
        }
        Ok(())
    })
}

fn now() -> NaiveDateTime {
    chrono::Local::now().naive_local()
}

/// A value of a vocabulary with its label, for pickers in the UI.
#[derive(Clone, Debug, PartialEq, Serialize, Type)]
pub struct Choice {
    /// The stored code.
    pub code: String,
    /// The label for people.
    pub label: String,
}

/// Every vocabulary the UI offers in pickers, with labels, so the UI never hard-codes them.
#[derive(Clone, Debug, PartialEq, Serialize, Type)]
pub struct Vocabulary {
    /// Entry kinds.
    pub entry_kinds: Vec<Choice>,
    /// Agency sectors.
    pub sectors: Vec<Choice>,
    /// Child seen values.
    pub child_seen: Vec<Choice>,
    /// Service levels.
    pub service_levels: Vec<Choice>,
    /// Person kinds.
    pub person_kinds: Vec<Choice>,
    /// Involvements of a person in an entry.
    pub involvements: Vec<Choice>,
    /// Link kinds.
    pub link_kinds: Vec<Choice>,
    /// Review methods.
    pub review_methods: Vec<Choice>,
    /// SCIE contributory factors.
    pub contributory_factors: Vec<Choice>,
    /// Appraisal grades.
    pub appraisal_grades: Vec<Choice>,
    /// SCIE finding categories (in typology order).
    pub finding_categories: Vec<Choice>,
    /// Flag kinds.
    pub flag_kinds: Vec<Choice>,
    /// Date precisions.
    pub date_precisions: Vec<Choice>,
}

macro_rules! choices {
    ($t:ty) => {
        <$t>::ALL
            .iter()
            .map(|v| Choice {
                code: v.code().to_string(),
                label: v.label().to_string(),
            })
            .collect()
    };
}

/// The vocabularies with their labels.
pub fn vocabulary() -> Vocabulary {
    Vocabulary {
        entry_kinds: choices!(EntryKind),
        sectors: choices!(Sector),
        child_seen: choices!(ChildSeen),
        service_levels: choices!(ServiceLevel),
        person_kinds: choices!(PersonKind),
        involvements: choices!(Involvement),
        link_kinds: choices!(LinkKind),
        review_methods: choices!(ReviewMethod),
        contributory_factors: choices!(ContributoryFactor),
        appraisal_grades: choices!(AppraisalGrade),
        finding_categories: choices!(FindingCategory),
        flag_kinds: choices!(FlagKind),
        date_precisions: choices!(crate::dates::DatePrecision),
    }
}
