//! The data the timeline draws besides the entries themselves (lane groups, links, KPE bands,
//! flags, unseen periods), the tunnel view ("known to <agency> on <date>"), and exporting the
//! drawn timeline as SVG, PNG or PDF.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use specta::Type;

use super::{FilePath, Session};
use crate::error::{Error, Result};
use crate::model::*;
use crate::timeline::{self, render, KnownEntry, LaneGroup, UnseenPeriod};

/// A calendar day, re-exported so the shell need not name chrono.
pub type Day = NaiveDate;

/// Everything the timeline draws apart from the entries (which the UI already holds).
#[derive(Clone, Debug, PartialEq, Serialize, Type)]
pub struct TimelineData {
    /// Lanes grouped by area, in order.
    pub groups: Vec<LaneGroup>,
    /// Reviewer-made links between entries (drawn as arrows between lanes).
    pub links: Vec<Link>,
    /// Key Practice Episodes (drawn as bands across all lanes).
    pub kpes: Vec<KeyPracticeEpisode>,
    /// Flags raised by the analysis, with their triage.
    pub flags: Vec<Flag>,
    /// Periods in which no professional saw the child, longer than `unseen_after_days`, from
    /// the child's date of birth at the earliest.
    pub unseen: Vec<UnseenPeriod>,
    /// The threshold used for `unseen`, in days.
    pub unseen_after_days: u32,
    /// The first day of the period shown: the review's scope, else the first entry.
    pub starts_on: Option<NaiveDate>,
    /// The last day of the period shown: the review's scope, else the last entry.
    pub ends_on: Option<NaiveDate>,
}

/// The chronology as known to one agency on one date (see [`timeline::known_to`]).
#[derive(Clone, Debug, PartialEq, Serialize, Type)]
pub struct KnownTo {
    /// The agency.
    pub agency: AgencyId,
    /// The date.
    pub on: NaiveDate,
    /// The entries it knew, in chronology order, with since when and how.
    pub entries: Vec<KnownEntry>,
    /// How many of the agency's own entries are about events up to that date but were
    /// recorded after it (left out, since the agency had not recorded them yet).
    pub recorded_later: u32,
}

/// The kind of file an export writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "lowercase")]
pub enum TimelineFormat {
    /// One SVG drawing of the whole timeline.
    Svg,
    /// One PNG image of the whole timeline.
    Png,
    /// A PDF with the whole timeline split over pages.
    Pdf,
}

/// A request to export the timeline, with the drawing the UI made of it.
#[derive(Clone, Debug, PartialEq, Deserialize, Type)]
pub struct TimelineExport {
    /// Where to write the file (chosen in a save dialog).
    pub path: FilePath,
    /// The kind of file.
    pub format: TimelineFormat,
    /// The whole timeline as one SVG drawing (for SVG and PNG).
    pub svg: String,
    /// The whole timeline as one SVG drawing per page (for PDF).
    pub pages: Vec<String>,
    /// For PNG: pixels per SVG unit (2 for a sharp image).
    pub scale: f32,
    /// The reviewer has seen what the export check found and wants the file written anyway.
    #[serde(default)]
    pub confirmed: bool,
}

/// What a timeline export did: like a document export, it writes nothing while the check
/// finds something the reviewer has not confirmed.
#[derive(Clone, Debug, PartialEq, Serialize, Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TimelineExportOutcome {
    /// The check found something and the request was not confirmed: nothing was written.
    NeedsConfirmation {
        /// What the check found.
        check: crate::export::CheckReport,
    },
    /// The file was written.
    Written {
        /// The file.
        file: ExportedFile,
        /// What the check found (confirmed by the reviewer when not empty).
        check: crate::export::CheckReport,
    },
}

/// What an export wrote.
#[derive(Clone, Debug, PartialEq, Serialize, Type)]
pub struct ExportedFile {
    /// The file.
    pub path: String,
    /// Its size in bytes.
    pub bytes: u32,
    /// Pages (PDF) or 1.
    pub pages: u32,
    /// Width: pixels for PNG, SVG units otherwise.
    pub width: u32,
    /// Height: pixels for PNG, SVG units otherwise.
    pub height: u32,
}

/// The unseen-child shading threshold used when the UI does not say: six weeks, the common
/// local standard for visiting a child on a child in need plan (docs/domain.md).
pub const DEFAULT_UNSEEN_AFTER_DAYS: u32 = 42;

impl Session {
    /// What the timeline draws besides the entries; periods in which the child was not seen
    /// are those longer than `unseen_after_days` days.
    pub fn timeline(&self, unseen_after_days: u32) -> Result<TimelineData> {
        let r = self.store_ref()?.read();
        let review = r.review()?;
        let entries = r.entries()?;
        let starts_on = review
            .scope_start
            .or_else(|| entries.iter().map(|e| e.date.start).min());
        let ends_on = review
            .scope_end
            .or_else(|| entries.iter().map(|e| e.date.end).max());
        // A child cannot be unseen before it was born.
        let born = timeline::child_born_on(&review, &r.people()?);
        let unseen = match (starts_on, ends_on) {
            (Some(from), Some(to)) => timeline::unseen_periods(
                &entries,
                born.map_or(from, |b| from.max(b)),
                to,
                unseen_after_days,
            ),
            _ => Vec::new(),
        };
        Ok(TimelineData {
            groups: timeline::lane_groups(&r.areas()?, &r.agencies()?),
            links: r.links()?,
            kpes: r.kpes()?,
            flags: super::rows::flags_as_read(&r)?,
            unseen,
            unseen_after_days,
            starts_on,
            ends_on,
        })
    }

    /// The chronology as known to `agency` at the end of `on` (the view from the tunnel).
    pub fn known_to(&self, agency: AgencyId, on: NaiveDate) -> Result<KnownTo> {
        let r = self.store_ref()?.read();
        if !r.agencies()?.iter().any(|a| a.id == agency) {
            return Err(Error::Missing(format!(
                "Agency {agency} is not in this review. Choose an agency from the list."
            )));
        }
        let entries = r.entries()?;
        let known = timeline::known_to(agency, on, &entries, &r.links()?, &r.people()?);
        let recorded_later = entries
            .iter()
            .filter(|e| e.agency == agency && e.date.end <= on && timeline::recorded_by(e) > on)
            .count() as u32;
        Ok(KnownTo {
            agency,
            on,
            entries: known,
            recorded_later,
        })
    }

    /// Puts the lanes in the given order (one undoable change); agencies not named keep their
    /// places after the named ones.
    pub fn reorder_lanes(&mut self, order: Vec<AgencyId>) -> Result<super::ReviewOverview> {
        let agencies = self.store_ref()?.read().agencies()?;
        for id in &order {
            if !agencies.iter().any(|a| a.id == *id) {
                return Err(Error::Missing(format!(
                    "Agency {id} is not in this review; the lanes were left as they were."
                )));
            }
        }
        let mut ordered: Vec<Agency> = order
            .iter()
            .filter_map(|id| agencies.iter().find(|a| a.id == *id).cloned())
            .collect();
        ordered.extend(agencies.iter().filter(|a| !order.contains(&a.id)).cloned());
        self.store()?.change("Reorder the timeline's lanes", |w| {
            for (position, agency) in ordered.iter().enumerate() {
                if agency.lane_order != position as i32 {
                    w.update_agency(&Agency {
                        lane_order: position as i32,
                        ..agency.clone()
                    })?;
                }
            }
            Ok(())
        })?;
        self.overview()
    }

    /// Writes the timeline drawing to a file: SVG as drawn, PNG rasterised, PDF one page
    /// per page drawing. The file appears whole or not at all. A timeline export is always
    /// pseudonymised: every word of the drawing (and the PDF's title) goes through the
    /// documents' export check first, and nothing is written while it finds something the
    /// reviewer has not confirmed.
    pub fn export_timeline(&self, request: TimelineExport) -> Result<TimelineExportOutcome> {
        let (title, people) = {
            let r = self.store_ref()?.read();
            (r.review()?.title, r.people()?)
        };
        let check = timeline_check(&request, &title, &people);
        if !check.is_clear() && !request.confirmed {
            return Ok(TimelineExportOutcome::NeedsConfirmation { check });
        }
        let path = request.path.as_path();
        let (bytes, pages, width, height) = match request.format {
            TimelineFormat::Svg => {
                let tree = render::parse_svg(&request.svg)?;
                let size = tree.size();
                (
                    request.svg.into_bytes(),
                    1,
                    size.width().round() as u32,
                    size.height().round() as u32,
                )
            }
            TimelineFormat::Png => {
                let png = render::svg_to_png(&request.svg, request.scale)?;
                (png.bytes, 1, png.width, png.height)
            }
            TimelineFormat::Pdf => {
                let pdf = render::svg_pages_to_pdf(&request.pages, &title)?;
                let first = render::parse_svg(&request.pages[0])?;
                let size = first.size();
                (
                    pdf,
                    request.pages.len() as u32,
                    size.width().round() as u32,
                    size.height().round() as u32,
                )
            }
        };
        crate::files::write_atomically(path, &bytes)?;
        Ok(TimelineExportOutcome::Written {
            file: ExportedFile {
                path: path.display().to_string(),
                bytes: bytes.len().min(u32::MAX as usize) as u32,
                pages,
                width,
                height,
            },
            check,
        })
    }
}

/// The export check over every word a timeline export would write: the drawing's text and
/// attribute values (each page's for PDF), and the title a PDF carries.
fn timeline_check(
    request: &TimelineExport,
    title: &str,
    people: &[Person],
) -> crate::export::CheckReport {
    use crate::timeline::svg_text::svg_texts;
    let mut texts: Vec<(String, String)> = Vec::new();
    match request.format {
        TimelineFormat::Svg | TimelineFormat::Png => {
            for t in svg_texts(&request.svg) {
                texts.push(("Timeline drawing".into(), t));
            }
        }
        TimelineFormat::Pdf => {
            texts.push(("PDF title".into(), title.to_string()));
            for (i, page) in request.pages.iter().enumerate() {
                for t in svg_texts(page) {
                    texts.push((format!("Timeline, page {}", i + 1), t));
                }
            }
        }
    }
    crate::export::check::check_texts(
        texts.iter().map(|(l, t)| (l.clone(), t.as_str())),
        people,
        false,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn session_with(data: crate::json::ReviewData) -> (Session, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::create_with(&dir.path().join("t.chronolane"), None, |w| {
            data.insert_into(w)
        })
        .unwrap();
        let mut session = Session::new(dir.path().to_path_buf());
        session.set_store(store);
        (session, dir)
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn timeline_data_carries_groups_flags_and_unseen_periods() {
        let mut data = crate::demo::demo_review();
        data.review.scope_start = Some(day(2019, 1, 1));
        data.review.scope_end = Some(day(2019, 12, 31));
        let first = data.entries[0].id;
        data.flags.push(Flag {
            id: FlagId(1),
            kind: FlagKind::LostTransfer,
            rule: "test".into(),
            identity: "test:1".into(),
            evidence_digest: String::new(),
            evidence: vec![first],
            explanation: "No receipt recorded.".into(),
            severity: Severity::High,
            inferred: false,
            starts_on: day(2019, 3, 12),
            ends_on: day(2019, 3, 26),
            status: FlagStatus::Open,
            rationale: String::new(),
            kpe: None,
            current: true,
        });
        let (session, _dir) = session_with(data.clone());
        let t = session.timeline(DEFAULT_UNSEEN_AFTER_DAYS).unwrap();
        let lanes: usize = t.groups.iter().map(|g| g.agencies.len()).sum();
        assert_eq!(lanes, data.agencies.len());
        assert_eq!(t.flags.len(), 1);
        assert_eq!(t.flags[0].evidence, vec![first]);
        assert_eq!(
            (t.starts_on, t.ends_on),
            (Some(day(2019, 1, 1)), Some(day(2019, 12, 31)))
        );
        let seen_days = data
            .entries
            .iter()
            .filter(|e| e.child_seen == ChildSeen::Yes)
            .count();
        if seen_days == 0 {
            assert_eq!(t.unseen.len(), 1, "never seen: the whole scope is shaded");
            assert_eq!(t.unseen[0].days, 365);
        }
        for p in &t.unseen {
            assert!(p.days > DEFAULT_UNSEEN_AFTER_DAYS);
        }
    }

    #[test]
    fn a_child_is_never_unseen_before_its_birth() {
        let mut data = crate::demo::demo_review();
        data.review.scope_start = Some(day(2015, 1, 1));
        data.review.scope_end = Some(day(2019, 12, 31));
        for p in &mut data.people {
            p.date_of_birth = None;
        }
        let (mut session, _dir) = session_with(data.clone());
        let before = session.timeline(DEFAULT_UNSEEN_AFTER_DAYS).unwrap();
        assert_eq!(
            before.unseen[0].from,
            day(2015, 1, 1),
            "{:?}",
            before.unseen
        );
        // The review's field, set and stored: the first period starts on the birthday.
        let born = day(2018, 6, 5);
        session
            .store()
            .unwrap()
            .change("Set the child's date of birth", |w| {
                w.set_review(&Review {
                    child_date_of_birth: Some(born),
                    ..data.review.clone()
                })
            })
            .unwrap();
        let after = session.timeline(DEFAULT_UNSEEN_AFTER_DAYS).unwrap();
        assert_eq!(
            session.overview().unwrap().review.child_date_of_birth,
            Some(born)
        );
        assert!(
            after.unseen.iter().all(|p| p.from >= born),
            "{:?}",
            after.unseen
        );
        assert!(!after.unseen.is_empty());
        assert_eq!(
            after.starts_on,
            Some(day(2015, 1, 1)),
            "the period shown is the scope"
        );
    }

    #[test]
    fn known_to_an_unknown_agency_is_a_clear_error() {
        let (session, _dir) = session_with(crate::demo::demo_review());
        let err = session
            .known_to(AgencyId(999), day(2019, 3, 12))
            .unwrap_err();
        assert!(err.to_string().contains("not in this review"), "{err}");
        let agency = session.overview().unwrap().agencies[0].id;
        assert!(session
            .known_to(agency, day(2000, 1, 1))
            .unwrap()
            .entries
            .is_empty());
    }

    #[test]
    fn known_to_counts_records_made_after_the_date() {
        let mut data = crate::demo::demo_review();
        let e = &mut data.entries[0];
        e.recorded_on = Some(e.date.end + chrono::Days::new(30));
        let (on, agency, id) = (e.date.end, e.agency, e.id);
        let (session, _dir) = session_with(data);
        let k = session.known_to(agency, on).unwrap();
        assert!(!k.entries.iter().any(|k| k.entry == id));
        assert_eq!(k.recorded_later, 1);
    }

    #[test]
    fn lanes_are_reordered_in_one_undoable_change() {
        let (mut session, _dir) = session_with(crate::demo::demo_review());
        let order = |s: &Session| -> Vec<AgencyId> {
            let mut a = s.overview().unwrap().agencies;
            a.sort_by_key(|a| a.lane_order);
            a.iter().map(|a| a.id).collect()
        };
        let before = order(&session);
        assert!(before.len() >= 2);
        session.reorder_lanes(vec![before[1]]).unwrap();
        let after = order(&session);
        assert_eq!(after[..2], [before[1], before[0]]);
        assert_eq!(after.len(), before.len());
        session.undo().unwrap();
        assert_eq!(order(&session), before, "one undo restores the whole order");
        let err = session.reorder_lanes(vec![AgencyId(7777)]).unwrap_err();
        assert!(err.to_string().contains("left as they were"), "{err}");
        assert_eq!(order(&session), before);
    }

    const SVG: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200"><text x="10" y="50" font-family="DejaVu Sans">Child R</text></svg>"#;

    /// The file an export wrote (panics when it asked for confirmation instead).
    fn written(outcome: Result<TimelineExportOutcome>) -> Result<ExportedFile> {
        match outcome? {
            TimelineExportOutcome::Written { file, check } => {
                assert!(check.is_clear(), "{check:?}");
                Ok(file)
            }
            other => panic!("expected a written file, got {other:?}"),
        }
    }

    #[test]
    fn exports_write_svg_png_and_pdf_files() {
        let (session, dir) = session_with(crate::demo::demo_review());
        let export = |name: &str, format| {
            written(session.export_timeline(TimelineExport {
                path: FilePath(dir.path().join(name).display().to_string()),
                format,
                svg: SVG.into(),
                pages: vec![SVG.into(), SVG.into()],
                scale: 2.0,
                confirmed: false,
            }))
        };
        let svg = export("t.svg", TimelineFormat::Svg).unwrap();
        assert_eq!((svg.width, svg.height), (400, 200));
        assert_eq!(
            std::fs::read_to_string(dir.path().join("t.svg")).unwrap(),
            SVG
        );
        let png = export("t.png", TimelineFormat::Png).unwrap();
        assert_eq!((png.width, png.height), (800, 400));
        let pdf = export("t.pdf", TimelineFormat::Pdf).unwrap();
        assert_eq!(pdf.pages, 2);
        assert!(std::fs::read(dir.path().join("t.pdf"))
            .unwrap()
            .starts_with(b"%PDF-"));
        assert_eq!(
            pdf.bytes as u64,
            std::fs::metadata(dir.path().join("t.pdf")).unwrap().len()
        );
    }

    #[test]
    fn a_failed_export_leaves_the_old_file_alone() {
        let (session, dir) = session_with(crate::demo::demo_review());
        let path = dir.path().join("t.svg");
        std::fs::write(&path, "old").unwrap();
        let err = session
            .export_timeline(TimelineExport {
                path: FilePath(path.display().to_string()),
                format: TimelineFormat::Svg,
                svg: "not svg".into(),
                pages: vec![],
                scale: 1.0,
                confirmed: false,
            })
            .unwrap_err();
        assert!(
            err.to_string().contains("could not be read as SVG"),
            "{err}"
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
    }

    #[test]
    fn a_drawing_with_a_real_name_is_written_only_once_confirmed() {
        let data = crate::demo::demo_review();
        let person = data
            .people
            .iter()
            .find(|p| p.real_name.as_deref().is_some_and(|n| n.len() > 3))
            .unwrap()
            .clone();
        let real = person.real_name.clone().unwrap();
        // Written decomposed (NFD) inside the drawing, and escaped as XML would.
        let decomposed: String =
            unicode_normalization::UnicodeNormalization::nfd(real.as_str()).collect();
        let svg = SVG.replace("Child R", &format!("Visit &amp; call: {decomposed}"));
        let (session, dir) = session_with(data);
        for format in [
            TimelineFormat::Svg,
            TimelineFormat::Png,
            TimelineFormat::Pdf,
        ] {
            let path = dir.path().join(format!("t.{format:?}"));
            let request = |confirmed| TimelineExport {
                path: FilePath(path.display().to_string()),
                format,
                svg: svg.clone(),
                pages: vec![SVG.into(), svg.clone()],
                scale: 1.0,
                confirmed,
            };
            match session.export_timeline(request(false)).unwrap() {
                TimelineExportOutcome::NeedsConfirmation { check } => {
                    assert_eq!(check.total, 1, "{check:?}");
                    let found = &check.residuals[0];
                    assert_eq!(found.kind, crate::export::ResidualKind::RealName);
                    assert_eq!(found.person.as_deref(), Some(person.label.as_str()));
                    let page = if format == TimelineFormat::Pdf {
                        ", page 2"
                    } else {
                        " drawing"
                    };
                    assert_eq!(found.location, format!("Timeline{page}"));
                }
                other => panic!("{format:?}: expected a question, got {other:?}"),
            }
            assert!(
                !path.exists(),
                "{format:?}: nothing written before confirming"
            );
            match session.export_timeline(request(true)).unwrap() {
                TimelineExportOutcome::Written { file, check } => {
                    assert_eq!(check.total, 1);
                    assert!(std::path::Path::new(&file.path).exists());
                }
                other => panic!("{format:?}: expected a file, got {other:?}"),
            }
        }
    }
}
