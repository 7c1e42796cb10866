//! Export benchmark (a plain timing binary: `cargo bench -p chronolane --bench export`).
//!
//! Times the whole DOCX export (read the review, lay out, pseudonymise, check, write the
//! DOCX to a temporary folder) of the demo review and of a synthetic review of 2,000 entries
//! and 50 KPEs with people named throughout the text, and prints each stage's median over
//! several runs. The goal is under 2 s for the large review.

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use chronolane::dates::EventDate;
use chronolane::export::{ExportFormat, ExportRequest, ReportSection};
use chronolane::json::ReviewData;
use chronolane::model::*;
use chronolane::Store;

const RUNS: usize = 7;

fn synthetic(dir: &std::path::Path, entries: usize, kpes: usize) -> Store {
    let path = dir.join(format!("synthetic-{entries}.chronolane"));
    let first = NaiveDate::from_ymd_opt(2017, 1, 2).unwrap();
    Store::create_with(&path, None, |w| {
        w.set_review(&Review {
            title: "Synthetic review: Child S".into(),
            subject: "Child S".into(),
            ..Review::default()
        })?;
        for a in 1..=12 {
            w.insert_agency(&Agency {
                id: AgencyId(a),
                name: format!("Agency {a}"),
                short_name: format!("AG{a}"),
                sector: Sector::ALL[(a as usize) % Sector::ALL.len()],
                area: None,
                lane_order: a as i32,
                colour: "#336699".into(),
            })?;
        }
        let names = [
            ("Child S", "Sky Marlowe-Briggs", "Sky"),
            ("Mother", "Jolene Briggs", "Jo Briggs"),
            ("Father", "Tariq Marlowe", "Tariq"),
            ("Partner", "Dean Whitcombe", "Dean"),
            ("Grandmother", "Maureen Briggs", "Nan Maureen"),
        ];
        let mut id = 1;
        for (label, real, alias) in names {
            w.insert_person(&person(id, label, real, alias, PersonKind::Family))?;
            id += 1;
        }
        for p in 1..=30 {
            w.insert_person(&person(
                id,
                &format!("P{p}"),
                &format!("Practitioner{p} Surname{p}"),
                &format!("Practitioner{p}"),
                PersonKind::Practitioner,
            ))?;
            id += 1;
        }
        let mut ids = Vec::with_capacity(entries);
        for i in 0..entries {
            let date = first + chrono::Duration::days((i / 2) as i64);
            let who = names[i % names.len()];
            let e = Entry {
                sequence: (i % 2) as i32,
                detail: format!(
                    "{} was seen with {} by Practitioner{} Surname{}. The worker recorded concerns \
                     about home conditions and agreed to visit again; {} said things were better. {}",
                    who.1,
                    names[(i + 1) % names.len()].1,
                    1 + i % 30,
                    1 + i % 30,
                    who.2,
                    "Further detail of the contact as recorded by the agency. ".repeat(3)
                ),
                outcome: format!("Practitioner{} to follow up with {}.", 1 + i % 30, who.2),
                practitioner_as_written: format!("Practitioner{} Surname{}", 1 + i % 30, 1 + i % 30),
                ..Entry::new(
                    AgencyId(1 + (i % 12) as i64),
                    EventDate::day(date),
                    EntryKind::ALL[i % EntryKind::ALL.len()],
                    format!("Contact {i} about {}", who.2),
                )
            };
            ids.push(w.insert_entry(&e)?);
        }
        let per = entries / kpes;
        for k in 0..kpes {
            let members: Vec<EntryId> = ids[k * per..(k + 1) * per].iter().step_by(2).copied().collect();
            let start = first + chrono::Duration::days((k * per / 2) as i64);
            let end = first + chrono::Duration::days((((k + 1) * per - 1) / 2) as i64);
            w.insert_kpe(&KeyPracticeEpisode {
                id: KpeId(0),
                number: k as i32 + 1,
                title: format!("Episode {k}: Jolene Briggs and the health visitor"),
                starts_on: start,
                ends_on: end,
                what_happened: "Jolene Briggs told Practitioner3 Surname3 that Dean had moved in. ".repeat(4),
                appraisal_grade: Some(AppraisalGrade::Mixed),
                appraisal: "The response was timely but the risk from Dean was not assessed. ".repeat(3),
                view_from_tunnel: "To the practitioner, Jo Briggs seemed to be coping. ".repeat(3),
                factors: vec![
                    FactorNote { factor: ContributoryFactor::ConditionsOfWork, note: "High caseloads.".into() },
                    FactorNote { factor: ContributoryFactor::Family, note: "Tariq's hostility to visits.".into() },
                ],
                what_went_well: "Information was shared the same day.".into(),
                entries: members,
            })?;
        }
        for f in 0..6 {
            w.insert_finding(&Finding {
                id: FindingId(0),
                number: f + 1,
                statement: format!("Finding {f} about how agencies responded to Jolene Briggs."),
                category: FindingCategory::ALL[f as usize],
                manifestation: "Seen in several episodes. ".repeat(5),
                kpes: vec![],
                entries: vec![],
                evidence_underlying: "Seen in other reviews. ".repeat(5),
                how_widespread: "Across the partnership. ".repeat(5),
                implications: "Children stay unseen. ".repeat(5),
                board_questions: vec!["How does the Board know?".into(), "What will change?".into()],
            })?;
        }
        Ok(())
    })
    .unwrap()
}

fn person(id: i64, label: &str, real: &str, alias: &str, kind: PersonKind) -> Person {
    Person {
        id: PersonId(id),
        label: label.into(),
        real_name: Some(real.into()),
        aliases: vec![alias.into()],
        role: String::new(),
        kind,
        agency: None,
        date_of_birth: None,
    }
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn bench(name: &str, store: &Store, dir: &std::path::Path) {
    let today = NaiveDate::from_ymd_opt(2024, 6, 1).unwrap();
    let out = dir.join(format!("{}.docx", name.replace(['/', ',', ' '], "-")));
    let request = ExportRequest {
        format: ExportFormat::Docx,
        sections: ReportSection::ALL.to_vec(),
        real_names: false,
        out: out.display().to_string(),
        confirmed: true,
    };
    let (mut load, mut prepare, mut render, mut total) = (vec![], vec![], vec![], vec![]);
    let mut bytes = 0;
    for _ in 0..RUNS {
        let t0 = Instant::now();
        let data = ReviewData::load(&store.read()).unwrap();
        let t1 = Instant::now();
        let (doc, _check) = chronolane::export::prepare(&data, &request, today, &|_| true).unwrap();
        let t2 = Instant::now();
        let files = chronolane::export::render(&doc, &request, today, &|_| true).unwrap();
        let t3 = Instant::now();
        bytes = files[0].bytes.len();
        load.push(t1 - t0);
        prepare.push(t2 - t1);
        render.push(t3 - t2);
        // The whole export as the app runs it, writing the file.
        let t4 = Instant::now();
        let data = ReviewData::load(&store.read()).unwrap();
        chronolane::export::run(&data, &request, today, &|_| true).unwrap();
        total.push(t4.elapsed());
    }
    let r = store.read();
    println!(
        "{name:<34} {:>5} entries {:>3} KPEs | read {:>7.1} ms | lay out + pseudonymise + check {:>7.1} ms | DOCX {:>7.1} ms | whole export to file {:>7.1} ms | {:>6} KiB",
        r.entry_count().unwrap(),
        r.kpes().unwrap().len(),
        median(load).as_secs_f64() * 1e3,
        median(prepare).as_secs_f64() * 1e3,
        median(render).as_secs_f64() * 1e3,
        median(total).as_secs_f64() * 1e3,
        bytes / 1024
    );
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing: run once either way.
    let dir = tempfile::tempdir().unwrap();
    println!("DOCX export, median of {RUNS} runs (all sections, pseudonymised):");
    let demo = chronolane::demo::write_demo(&dir.path().join("demo.chronolane")).unwrap();
    bench("demo review", &demo, dir.path());
    let large = synthetic(dir.path(), 2_000, 50);
    bench("synthetic 2,000 entries / 50 KPEs", &large, dir.path());
}
