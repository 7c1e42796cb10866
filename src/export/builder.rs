//! Builds the report [`Document`] from a review's data: the KPE table, the integrated
//! chronology, the findings with their Board questions, the flags appendix and the glossary.
//!
//! Every piece of text taken from the review passes through [`Builder::text`], which cleans
//! it and, unless real names were asked for, pseudonymises it. This is the single door
//! through which review text enters an export.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::document::*;
use super::pseudonym::Pseudonymiser;
use super::ExportProgress;
use crate::dates::uk;
use crate::error::{Error, Result};
use crate::json::ReviewData;
use crate::model::*;

/// Turns review data into a [`Document`].
pub struct Builder<'a> {
    data: &'a ReviewData,
    real_names: bool,
    pseudonymiser: Pseudonymiser,
    agencies: HashMap<AgencyId, &'a Agency>,
    people: HashMap<PersonId, &'a Person>,
    sources: HashMap<SourceId, &'a SourceDocument>,
    /// Chronology row number (1-based) of each entry.
    rows: HashMap<EntryId, usize>,
    /// KPE numbers each entry belongs to.
    entry_kpes: HashMap<EntryId, Vec<i32>>,
    kpe_numbers: HashMap<KpeId, i32>,
}

impl<'a> Builder<'a> {
    /// A builder over `data`; pseudonymised unless `real_names`.
    pub fn new(data: &'a ReviewData, real_names: bool) -> Self {
        let rows = crate::numbering::rows(&data.entries);
        let mut entry_kpes: HashMap<EntryId, Vec<i32>> = HashMap::new();
        for k in &data.kpes {
            for e in &k.entries {
                entry_kpes.entry(*e).or_default().push(k.number);
            }
        }
        for numbers in entry_kpes.values_mut() {
            numbers.sort_unstable();
            numbers.dedup();
        }
        Builder {
            data,
            real_names,
            pseudonymiser: if real_names {
                Pseudonymiser::default()
            } else {
                Pseudonymiser::new(&data.people)
            },
            agencies: data.agencies.iter().map(|a| (a.id, a)).collect(),
            people: data.people.iter().map(|p| (p.id, p)).collect(),
            sources: data.sources.iter().map(|s| (s.id, s)).collect(),
            rows,
            entry_kpes,
            kpe_numbers: data.kpes.iter().map(|k| (k.id, k.number)).collect(),
        }
    }

    /// Review text made safe and, unless real names were asked for, pseudonymised.
    pub fn text(&self, s: &str) -> String {
        let cleaned = clean(s);
        if self.real_names {
            cleaned
        } else {
            self.pseudonymiser.apply(&cleaned)
        }
    }

    fn rich(&self, s: &str) -> Rich {
        paras(&self.text(s))
    }

    /// A label in bold followed by the text (its first line on the same paragraph).
    fn labelled(&self, label: &str, s: &str) -> Rich {
        let mut body = self.rich(s);
        if body.is_empty() {
            return body;
        }
        let first = body.remove(0);
        let mut para = Para::default().bold(format!("{label}: "));
        para.spans.extend(first.spans);
        let mut out = vec![para];
        out.extend(body);
        out
    }

    fn person_name(&self, id: PersonId) -> Option<String> {
        let p = self.people.get(&id)?;
        Some(match (&p.real_name, self.real_names) {
            (Some(real), true) if !real.trim().is_empty() => {
                format!("{} ({})", clean(real), clean(&p.label))
            }
            _ => clean(&p.label),
        })
    }

    fn agency_short(&self, id: AgencyId) -> String {
        self.agencies
            .get(&id)
            .map(|a| clean(&a.short_name))
            .unwrap_or_default()
    }

    /// Text in which the analysis cited entries by their identifier ("entry 107"), with each
    /// cited as its chronology row instead ("row 58"), the numbering the report's reader sees.
    fn entry_ids_as_rows(&self, text: &str) -> String {
        crate::numbering::cite_rows(text, &self.rows)
    }

    /// Chronology rows of some entries, as compact ranges ("3–5, 9").
    fn rows_of(&self, entries: &[EntryId]) -> String {
        let mut rows: Vec<usize> = entries
            .iter()
            .filter_map(|e| self.rows.get(e).copied())
            .collect();
        rows.sort_unstable();
        rows.dedup();
        compact_ranges(&rows)
    }

    /// Builds the document with the chosen sections, reporting progress through `progress`
    /// (which returns false to cancel).
    pub fn build(
        &self,
        sections: &[ReportSection],
        today: NaiveDate,
        progress: &dyn Fn(ExportProgress) -> bool,
    ) -> Result<Document> {
        let review = &self.data.review;
        let mut parts = vec![self.title_part(sections, today)];
        for section in ReportSection::ALL {
            if !sections.contains(&section) {
                continue;
            }
            if !progress(ExportProgress::stage(format!(
                "Laying out: {}",
                section.title()
            ))) {
                return Err(Error::Cancelled);
            }
            parts.push(match section {
                ReportSection::Kpe => self.kpe_part(),
                ReportSection::Chronology => self.chronology_part(progress)?,
                ReportSection::Findings => self.findings_part(),
                ReportSection::Flags => self.flags_part(),
                ReportSection::Glossary => self.glossary_part(),
            });
        }
        Ok(Document {
            title: self.text(&review.title),
            footer: if self.real_names {
                "Draft: contains real names".into()
            } else {
                "Draft: pseudonymised".into()
            },
            parts,
        })
    }

    fn title_part(&self, sections: &[ReportSection], today: NaiveDate) -> Part {
        let review = &self.data.review;
        let mut blocks = vec![Block::Heading(0, self.text(&review.title))];
        let mut facts = Vec::new();
        if !review.subject.trim().is_empty() {
            facts.push(
                Para::default()
                    .bold("The child: ")
                    .text(self.text(&review.subject)),
            );
        }
        if !review.commissioned_by.trim().is_empty() {
            facts.push(
                Para::default()
                    .bold("Commissioned by: ")
                    .text(self.text(&review.commissioned_by)),
            );
        }
        facts.push(Para::default().bold("Method: ").text(review.method.label()));
        let scope = match (review.scope_start, review.scope_end) {
            (Some(s), Some(e)) => Some(format!("{} to {}", uk(s), uk(e))),
            (Some(s), None) => Some(format!("from {}", uk(s))),
            (None, Some(e)) => Some(format!("until {}", uk(e))),
            (None, None) => None,
        };
        if let Some(scope) = scope {
            facts.push(Para::default().bold("Period under review: ").text(scope));
        }
        facts.push(
            Para::default()
                .bold("Draft prepared: ")
                .text(format!("{} with Chronolane", uk(today))),
        );
        blocks.extend(facts.into_iter().map(Block::Para));
        blocks.push(Block::Para(if self.real_names {
            Para::default().bold(
                "This draft contains the real names of family members and practitioners. \
                 Handle it as special-category personal data.",
            )
        } else {
            Para::default().italic(
                "People are shown by their pseudonyms (Child, Mother, SW1 ...). \
                 Real names are not included in this draft.",
            )
        }));
        if sections.is_empty() {
            blocks.push(Block::Para(Para::plain("No sections were chosen.")));
        }
        Part {
            section: None,
            landscape: false,
            blocks,
        }
    }

    fn kpe_part(&self) -> Part {
        let columns = vec![
            column("KPE", 5, ColumnKind::Number),
            column("Dates", 11, ColumnKind::Date),
            column("Episode", 30, ColumnKind::Text),
            column("Appraisal of practice", 27, ColumnKind::Text),
            column("Explanation and contributory factors", 27, ColumnKind::Text),
        ];
        let mut rows = Vec::new();
        for k in &self.data.kpes {
            let dates = if k.starts_on == k.ends_on {
                uk(k.starts_on)
            } else {
                format!("{} to {}", uk(k.starts_on), uk(k.ends_on))
            };
            let mut episode = vec![Para::default().bold(self.text(&k.title))];
            episode.extend(self.rich(&k.what_happened));
            episode.push(if k.entries.is_empty() {
                Para::default().italic("No chronology entries are linked to this episode.")
            } else {
                Para::default().italic(format!("Chronology rows: {}", self.rows_of(&k.entries)))
            });
            let mut appraisal = Vec::new();
            if let Some(grade) = k.appraisal_grade {
                appraisal.push(Para::default().bold(grade.label()));
            }
            appraisal.extend(self.rich(&k.appraisal));
            appraisal.extend(self.labelled("What went well", &k.what_went_well));
            let mut explanation = self.labelled("View from the tunnel", &k.view_from_tunnel);
            for f in &k.factors {
                let mut factor = self.labelled(f.factor.label(), &f.note);
                if factor.is_empty() {
                    // A ticked factor with no explanation says so, rather than standing as a
                    // bare heading the reader takes for a layout error.
                    factor.push(
                        Para::default()
                            .bold(format!("{}: ", f.factor.label()))
                            .italic("no explanation written yet"),
                    );
                }
                explanation.extend(factor);
            }
            let flags: Vec<String> = self
                .data
                .flags
                .iter()
                .filter(|f| f.kpe == Some(k.id))
                .map(|f| {
                    format!(
                        "{} ({}, {})",
                        f.kind.label(),
                        span_text(f.starts_on, f.ends_on),
                        f.status.label().to_lowercase()
                    )
                })
                .collect();
            if !flags.is_empty() {
                explanation.push(Para::default().bold("Flags: ").text(flags.join("; ")));
            }
            rows.push(vec![
                vec![Para::plain(k.number.to_string())],
                vec![Para::plain(dates)],
                episode,
                appraisal,
                explanation,
            ]);
        }
        Part {
            section: Some(ReportSection::Kpe),
            // Portrait, as most report templates are: the Word export lays each KPE out as a
            // record that breaks between paragraphs.
            landscape: false,
            blocks: vec![
                Block::Heading(1, ReportSection::Kpe.title().into()),
                Block::Table(Table {
                    key: "kpes".into(),
                    title: "Key Practice Episodes".into(),
                    columns,
                    rows,
                    empty_note: "There are no Key Practice Episodes in this review yet.".into(),
                }),
            ],
        }
    }

    fn chronology_part(&self, progress: &dyn Fn(ExportProgress) -> bool) -> Result<Part> {
        let columns = vec![
            column("No.", 4, ColumnKind::Number),
            column("Date", 10, ColumnKind::Date),
            column("Agency", 8, ColumnKind::Text),
            column("To", 8, ColumnKind::Text),
            column("Practitioner", 10, ColumnKind::Text),
            column("Event", 28, ColumnKind::Text),
            column("Action / outcome", 18, ColumnKind::Text),
            column("Source", 12, ColumnKind::Text),
            column("KPE", 5, ColumnKind::Number),
        ];
        let total = self.data.entries.len() as u32;
        let mut rows = Vec::with_capacity(self.data.entries.len());
        for (i, e) in crate::numbering::in_order(&self.data.entries)
            .into_iter()
            .enumerate()
        {
            if i % 250 == 0
                && !progress(ExportProgress {
                    stage: "Laying out the chronology".into(),
                    done: i as u32,
                    total,
                })
            {
                return Err(Error::Cancelled);
            }
            let mut date = vec![Para::plain(match e.ends_on {
                Some(end) if end != e.date.end => format!("{} to {}", e.date, uk(end)),
                _ => e.date.to_string(),
            })];
            if let Some(rec) = e.recorded_on {
                date.push(Para::default().italic(format!("recorded {}", uk(rec))));
            }
            let practitioners: Vec<String> = e
                .people
                .iter()
                .filter(|p| {
                    matches!(p.involvement, Involvement::Author | Involvement::Present)
                        && self
                            .people
                            .get(&p.person)
                            .is_some_and(|x| x.kind == PersonKind::Practitioner)
                })
                .filter_map(|p| self.person_name(p.person))
                .collect();
            // Each practitioner once, even when recorded as author and as present.
            let mut named = std::collections::HashSet::new();
            let practitioners: Vec<String> = practitioners
                .into_iter()
                .filter(|n| named.insert(n.clone()))
                .collect();
            let practitioner = if practitioners.is_empty() {
                self.rich(&e.practitioner_as_written)
            } else {
                vec![Para::plain(practitioners.join(", "))]
            };
            let mut event = Vec::new();
            if !e.summary.trim().is_empty() {
                event.push(Para::default().bold(self.text(e.summary.trim())));
            }
            event.extend(self.rich(&e.detail));
            let source = match &e.source {
                Some(s) => {
                    let name = self
                        .sources
                        .get(&s.document)
                        .map(|d| d.file_name.as_str())
                        .unwrap_or("");
                    let text = if s.location.trim().is_empty() {
                        name.to_string()
                    } else {
                        format!("{name}, {}", s.location)
                    };
                    self.rich(&text)
                }
                None => vec![Para::default().italic("Entered by the reviewer")],
            };
            let kpes = self.entry_kpes.get(&e.id).into_iter().flatten();
            let kpes = kpes.map(|n| n.to_string());
            rows.push(vec![
                vec![Para::plain((i + 1).to_string())],
                date,
                vec![Para::plain(self.agency_short(e.agency))],
                cell(e.to_agencies.iter().map(|&a| self.agency_short(a))),
                practitioner,
                event,
                self.rich(&e.outcome),
                source,
                cell(kpes),
            ]);
        }
        Ok(Part {
            section: Some(ReportSection::Chronology),
            landscape: true,
            blocks: vec![
                Block::Heading(1, ReportSection::Chronology.title().into()),
                Block::Table(Table {
                    key: "chronology".into(),
                    title: "Integrated chronology".into(),
                    columns,
                    rows,
                    empty_note: "The chronology has no entries yet.".into(),
                }),
            ],
        })
    }

    fn findings_part(&self) -> Part {
        let mut blocks = vec![Block::Heading(1, ReportSection::Findings.title().into())];
        if self.data.findings.is_empty() {
            blocks.push(Block::Para(
                Para::default().italic("There are no findings in this review yet."),
            ));
        }
        let not_yet = || Block::Para(Para::default().italic("Not yet written."));
        for f in &self.data.findings {
            blocks.push(Block::Heading(2, format!("Finding {}", f.number)));
            blocks.push(Block::Para(Para::default().italic(format!(
                "Category {}: {}",
                f.category.number(),
                f.category.label()
            ))));
            for p in self.rich(&f.statement) {
                blocks.push(Block::Para(Para::default().bold(p.plain_text())));
            }
            let mut section = |heading: &str, text: &str, extra: Vec<Para>| {
                blocks.push(Block::Heading(3, heading.into()));
                let body = self.rich(text);
                if body.is_empty() && extra.is_empty() {
                    blocks.push(not_yet());
                }
                blocks.extend(body.into_iter().map(Block::Para));
                blocks.extend(extra.into_iter().map(Block::Para));
            };
            let mut links = Vec::new();
            let mut kpes: Vec<i32> = f
                .kpes
                .iter()
                .filter_map(|k| self.kpe_numbers.get(k).copied())
                .collect();
            kpes.sort_unstable();
            if !kpes.is_empty() {
                links.push(Para::default().italic(format!(
                    "Key Practice Episodes: {}",
                    kpes.iter()
                        .map(|n| n.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
            if !f.entries.is_empty() {
                links.push(
                    Para::default()
                        .italic(format!("Chronology rows: {}", self.rows_of(&f.entries))),
                );
            }
            section("How it manifested in this case", &f.manifestation, links);
            section(
                "How we know it is an underlying issue",
                &f.evidence_underlying,
                vec![],
            );
            section("How widespread is the pattern", &f.how_widespread, vec![]);
            section(
                "Implications for the reliability of the system",
                &f.implications,
                vec![],
            );
            blocks.push(Block::Heading(3, "Questions for the Board".into()));
            let questions: Vec<Para> = f
                .board_questions
                .iter()
                .map(|q| Para::plain(self.text(q).replace('\n', " ")))
                .filter(|p| !p.is_blank())
                .collect();
            if questions.is_empty() {
                blocks.push(Block::Para(
                    Para::default().italic("No questions for the Board yet."),
                ));
            } else {
                blocks.push(Block::List {
                    ordered: true,
                    items: questions,
                });
            }
        }
        Part {
            section: Some(ReportSection::Findings),
            landscape: false,
            blocks,
        }
    }

    fn flags_part(&self) -> Part {
        let columns = vec![
            column("No.", 4, ColumnKind::Number),
            column("Pattern", 11, ColumnKind::Text),
            column("Period", 11, ColumnKind::Date),
            column("Severity", 7, ColumnKind::Text),
            column("Reviewer's decision", 18, ColumnKind::Text),
            column("Explanation", 33, ColumnKind::Text),
            column("Chronology rows", 9, ColumnKind::Number),
            column("KPE", 5, ColumnKind::Number),
        ];
        // Only flags the review team has decided on: an open flag is a prompt still waiting for
        // the team, not material for the report.
        let triaged: Vec<&Flag> = self
            .data
            .flags
            .iter()
            .filter(|f| f.status != FlagStatus::Open)
            .collect();
        let untriaged = self.data.flags.len() - triaged.len();
        let rows = triaged
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let mut decision = vec![Para::default().bold(f.status.label())];
                decision.extend(self.rich(&f.rationale));
                if !f.current {
                    decision
                        .push(Para::default().italic("No longer raised by the latest analysis."));
                }
                let mut pattern = vec![Para::plain(f.kind.label())];
                if f.inferred {
                    pattern.push(Para::default().italic("rests on inferred links"));
                }
                vec![
                    vec![Para::plain((i + 1).to_string())],
                    pattern,
                    vec![Para::plain(span_text(f.starts_on, f.ends_on))],
                    vec![Para::plain(f.severity.label())],
                    decision,
                    self.rich(&self.entry_ids_as_rows(&f.explanation)),
                    vec![Para::plain(self.rows_of(&f.evidence))],
                    f.kpe
                        .and_then(|k| self.kpe_numbers.get(&k))
                        .map(|n| vec![Para::plain(n.to_string())])
                        .unwrap_or_default(),
                ]
            })
            .collect();
        Part {
            section: Some(ReportSection::Flags),
            landscape: true,
            blocks: vec![
                Block::Heading(1, ReportSection::Flags.title().into()),
                Block::Para(Para::plain(format!(
                    "Points the analysis raised for the review team, with the team's decision on \
                     each. A flag is a prompt to look, not a finding.{}",
                    if untriaged == 0 {
                        String::new()
                    } else {
                        format!(
                            " {untriaged} flag{} the team has not yet decided on {} left out.",
                            if untriaged == 1 { "" } else { "s" },
                            if untriaged == 1 { "is" } else { "are" }
                        )
                    }
                ))),
                Block::Table(Table {
                    key: "flags".into(),
                    title: "Flags".into(),
                    columns,
                    rows,
                    empty_note: "No flags have been raised.".into(),
                }),
            ],
        }
    }

    fn glossary_part(&self) -> Part {
        let mut columns = vec![
            column("Pseudonym", 12, ColumnKind::Text),
            column("Role", 20, ColumnKind::Text),
            column("Family or practitioner", 12, ColumnKind::Text),
            column("Agency", 16, ColumnKind::Text),
        ];
        if self.real_names {
            columns.push(column("Real name", 16, ColumnKind::Text));
            columns.push(column("Also written as", 16, ColumnKind::Text));
        }
        let mut people: Vec<&Person> = self.data.people.iter().collect();
        people.sort_by_key(|p| (p.kind, p.label.to_lowercase()));
        let rows = people
            .iter()
            .map(|p| {
                let mut row = vec![
                    vec![Para::default().bold(clean(&p.label))],
                    self.rich(&p.role),
                    vec![Para::plain(p.kind.label())],
                    p.agency
                        .and_then(|a| self.agencies.get(&a))
                        .map(|a| vec![Para::plain(clean(&a.name))])
                        .unwrap_or_default(),
                ];
                if self.real_names {
                    row.push(paras(p.real_name.as_deref().unwrap_or("")));
                    row.push(paras(&p.aliases.join(", ")));
                }
                row
            })
            .collect();
        let agencies = self
            .data
            .agencies
            .iter()
            .map(|a| {
                vec![
                    vec![Para::default().bold(clean(&a.short_name))],
                    vec![Para::plain(clean(&a.name))],
                    vec![Para::plain(a.sector.label())],
                    a.area
                        .and_then(|id| self.data.areas.iter().find(|x| x.id == id))
                        .map(|x| vec![Para::plain(clean(&x.name))])
                        .unwrap_or_default(),
                ]
            })
            .collect();
        Part {
            section: Some(ReportSection::Glossary),
            landscape: false,
            blocks: vec![
                Block::Heading(1, ReportSection::Glossary.title().into()),
                Block::Heading(2, "People".into()),
                Block::Table(Table {
                    key: "people".into(),
                    title: "Glossary of people".into(),
                    columns,
                    rows,
                    empty_note: "The glossary has no people yet.".into(),
                }),
                Block::Heading(2, "Agencies".into()),
                Block::Table(Table {
                    key: "agencies".into(),
                    title: "Agencies".into(),
                    columns: vec![
                        column("Short name", 12, ColumnKind::Text),
                        column("Agency", 30, ColumnKind::Text),
                        column("Service", 16, ColumnKind::Text),
                        column("Area", 14, ColumnKind::Text),
                    ],
                    rows: agencies,
                    empty_note: "No agencies have been added yet.".into(),
                }),
            ],
        }
    }
}

fn column(header: &str, weight: u16, kind: ColumnKind) -> Column {
    Column {
        header: header.into(),
        weight,
        kind,
    }
}

fn span_text(from: NaiveDate, to: NaiveDate) -> String {
    if from == to {
        uk(from)
    } else {
        format!("{} to {}", uk(from), uk(to))
    }
}

/// "1, 3–5, 9" from sorted, distinct numbers.
pub fn compact_ranges(numbers: &[usize]) -> String {
    let mut parts = Vec::new();
    let mut i = 0;
    while i < numbers.len() {
        let start = numbers[i];
        let mut end = start;
        while i + 1 < numbers.len() && numbers[i + 1] == end + 1 {
            i += 1;
            end = numbers[i];
        }
        parts.push(match end - start {
            0 => start.to_string(),
            1 => format!("{start}, {end}"),
            _ => format!("{start}–{end}"),
        });
        i += 1;
    }
    parts.join(", ")
}

/// A table cell listing `items` ("Police, HV"), empty when there are none.
fn cell(items: impl IntoIterator<Item = String>) -> Vec<Para> {
    let items: Vec<String> = items.into_iter().collect();
    match items.is_empty() {
        true => Vec::new(),
        false => vec![Para::plain(items.join(", "))],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compacts_runs_of_rows() {
        assert_eq!(compact_ranges(&[]), "");
        assert_eq!(compact_ranges(&[4]), "4");
        assert_eq!(compact_ranges(&[1, 2, 3, 5, 6, 9]), "1–3, 5, 6, 9");
    }

    fn demo_with_triage() -> ReviewData {
        let mut data = crate::demo::demo_review();
        let flags = crate::analysis::analyse(
            &data,
            &crate::analysis::AnalysisSettings::default(),
            NaiveDate::from_ymd_opt(2022, 1, 10).unwrap(),
        );
        data.flags = flags.iter().map(|c| c.to_flag()).collect();
        assert!(data.flags.len() > 3, "the demo raises flags");
        data.flags[0].status = FlagStatus::Confirmed;
        data.flags[1].status = FlagStatus::Dismissed;
        data
    }

    #[test]
    fn the_flags_appendix_holds_only_flags_the_team_decided_on() {
        let data = demo_with_triage();
        let part = Builder::new(&data, false).flags_part();
        let table = part
            .blocks
            .iter()
            .find_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
            .unwrap();
        assert_eq!(table.rows.len(), 2);
        let open = data.flags.len() - 2;
        assert!(part.blocks.iter().any(|b| matches!(b,
            Block::Para(p) if p.plain_text().contains(&format!("{open} flags the team has not yet decided on are left out")))));
    }

    #[test]
    fn entries_cited_by_identifier_are_cited_by_chronology_row() {
        let data = crate::demo::demo_review();
        let builder = Builder::new(&data, false);
        let e = &data.entries[57];
        let text = format!(
            "Entry {} and entry {} (entry 999999 is unknown).",
            e.id.0, e.id.0
        );
        assert_eq!(
            builder.entry_ids_as_rows(&text),
            "Row 58 and row 58 (entry 999999 is unknown)."
        );
    }

    #[test]
    fn a_ticked_factor_with_no_explanation_says_so() {
        let mut data = crate::demo::demo_review();
        data.kpes[0].factors.push(FactorNote {
            factor: ContributoryFactor::ALL[0],
            note: String::new(),
        });
        let part = Builder::new(&data, false).kpe_part();
        let text = format!("{part:?}");
        assert!(text.contains("no explanation written yet"));
    }
}
