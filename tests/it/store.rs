//! The store: opening, refusing bad files untouched, encryption, transactions, audit, undo.

use chronolane::model::*;
use chronolane::{Error, ErrorKind, Store};

use crate::support::*;

fn bytes(path: &std::path::Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

#[test]
fn a_new_review_round_trips_through_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = small_review(dir.path());
    drop(store);
    let store = Store::open(&path, None).unwrap();
    let r = store.read();
    assert_eq!(r.review().unwrap().subject, "Child T");
    let entries = r.entries().unwrap();
    assert_eq!(entries.len(), 3);
    assert_eq!(entries[0].summary, "Referral to HV");
    assert_eq!(entries[0].to_agencies.first().copied(), Some(AgencyId(2)));
    assert_eq!(entries[0].tags, vec!["safeguarding".to_string()]);
    // WAL and foreign keys are on.
    assert!(!store.is_encrypted());
}

#[test]
fn creating_over_an_existing_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("exists.chronolane");
    std::fs::write(&path, b"keep me").unwrap();
    let err = Store::create(&path, None, &Review::default()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AlreadyExists);
    assert_eq!(bytes(&path), b"keep me");
}

#[test]
fn files_that_are_not_reviews_are_refused_and_left_byte_for_byte_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(&str, Vec<u8>, ErrorKind)> = vec![
        ("empty.chronolane", Vec::new(), ErrorKind::NotAReview),
        (
            "text.chronolane",
            b"Date,Agency,Event\n12/06/2015,Police,Call\n".to_vec(),
            ErrorKind::NotAReview,
        ),
        (
            "short.chronolane",
            b"SQLite".to_vec(),
            ErrorKind::NotAReview,
        ),
        // Random-looking whole pages: could be an encrypted review, so a passphrase is asked for.
        (
            "noise.chronolane",
            (0..4096u32)
                .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
                .collect(),
            ErrorKind::PassphraseRequired,
        ),
    ];
    for (name, content, kind) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, &content).unwrap();
        let err = Store::open(&path, None).unwrap_err();
        assert_eq!(err.kind(), kind, "{name}: {err}");
        assert_eq!(bytes(&path), content, "{name} was changed");
        assert!(!err.to_string().is_empty());
    }
}

#[test]
fn another_programs_sqlite_database_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.sqlite");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
            .unwrap();
    }
    let before = bytes(&path);
    let err = Store::open(&path, None).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotAReview);
    assert!(err.to_string().contains("another program"), "{err}");
    assert_eq!(bytes(&path), before);
}

#[test]
fn a_file_from_a_newer_version_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = small_review(dir.path());
    store.checkpoint().unwrap();
    drop(store);
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let before = bytes(&path);
    let err = Store::open(&path, None).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NewerVersion);
    assert!(
        err.to_string().contains("newer version of Chronolane"),
        "{err}"
    );
    assert_eq!(bytes(&path), before);
}

#[test]
fn a_damaged_file_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = small_review(dir.path());
    store.checkpoint().unwrap();
    drop(store);
    let mut content = bytes(&path);
    assert!(content.len() > 8192);
    // Scribble over the second page (a b-tree page) but keep the header.
    for b in &mut content[4096 + 8..4096 + 600] {
        *b = 0xA5;
    }
    std::fs::write(&path, &content).unwrap();
    let err = Store::open(&path, None).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::Damaged),
        "expected a damaged-file error, got {err}"
    );
    assert_eq!(bytes(&path), content);
}

#[test]
fn an_encrypted_review_needs_its_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("secret.chronolane");
    let review = Review {
        title: "Secret".into(),
        ..Review::default()
    };
    let store = Store::create(&path, Some("correct horse"), &review).unwrap();
    assert!(store.is_encrypted());
    store.checkpoint().unwrap();
    drop(store);
    let content = bytes(&path);
    assert_ne!(
        &content[..16],
        b"SQLite format 3\0",
        "the header is encrypted too"
    );
    assert!(
        !content.windows(6).any(|w| w == b"Secret"),
        "plaintext must not appear in the file"
    );
    let err = Store::open(&path, None).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::PassphraseRequired);
    let err = Store::open(&path, Some("wrong horse")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::WrongPassphrase);
    assert!(
        err.to_string().contains("passphrase does not open"),
        "{err}"
    );
    assert_eq!(bytes(&path), content, "a wrong passphrase changes nothing");
    let store = Store::open(&path, Some("correct horse")).unwrap();
    assert_eq!(store.read().review().unwrap().title, "Secret");
}

#[test]
fn a_failed_change_leaves_the_review_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut store) = small_review(dir.path());
    let before = store.read().entries().unwrap();
    let err = store
        .change("Two edits, the second impossible", |w| {
            let mut e = before[0].clone();
            e.summary = "changed".into();
            w.update_entry(&e)?;
            let mut bad = before[1].clone();
            bad.agency = AgencyId(99);
            w.update_entry(&bad)
        })
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Missing);
    assert_eq!(store.read().entries().unwrap(), before);
    assert!(
        store.history().unwrap().undo.is_none(),
        "a failed change is not in the history"
    );
}

#[test]
fn invalid_values_get_clear_messages() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut store) = small_review(dir.path());
    let mut e = store.read().entries().unwrap()[0].clone();
    e.date.end = day(2019, 3, 1);
    let err = store
        .change("bad date", |w| w.update_entry(&e))
        .unwrap_err();
    assert!(matches!(err, Error::Invalid(_)), "{err}");
    assert!(err.to_string().contains("12/03/2019"), "{err}");

    let mut a = store.read().agencies().unwrap()[0].clone();
    a.colour = "blue".into();
    let err = store
        .change("bad colour", |w| w.update_agency(&a))
        .unwrap_err();
    assert!(err.to_string().contains("'blue' is not a colour"), "{err}");

    let err = store
        .change("delete used agency", |w| w.delete_agency(AgencyId(1)))
        .unwrap_err();
    assert!(err.to_string().contains("entries"), "{err}");
}

#[test]
fn every_change_is_audited_with_before_and_after() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut store) = small_review(dir.path());
    let mut e = store.read().entries().unwrap()[1].clone();
    e.summary = "New birth visit: child seen asleep".into();
    e.child_seen = ChildSeen::Yes;
    store
        .change("Edit entry 2", |w| w.update_entry(&e))
        .unwrap();
    let log = store.read().audit_log(10).unwrap();
    assert_eq!(log.len(), 1);
    let rec = &log[0];
    assert_eq!(rec.action, "Edit entry 2");
    assert_eq!(rec.table, "entry");
    assert_eq!(rec.operation, "update");
    assert!(
        rec.before.contains("\"summary\":\"New birth visit\""),
        "{}",
        rec.before
    );
    assert!(rec.after.contains("child seen asleep"), "{}", rec.after);
}

#[test]
fn undo_and_redo_replay_edits_inserts_and_deletes() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = small_review(dir.path());
    let original = store.read().entries().unwrap();

    // An edit.
    let mut e = original[0].clone();
    e.summary = "Edited".into();
    e.tags = vec!["alcohol".into(), "safeguarding".into()];
    store.change("Edit entry", |w| w.update_entry(&e)).unwrap();
    // A delete that cascades to tags.
    store
        .change("Delete entry", |w| w.delete_entry(original[0].id))
        .unwrap();
    // An insert.
    let added = store
        .change("Add entry", |w| {
            w.insert_entry(&entry(2, day(2019, 5, 1), EntryKind::Contact, "Phone call"))
        })
        .unwrap();
    assert_eq!(store.read().entries().unwrap().len(), 3);

    assert_eq!(store.undo().unwrap().unwrap().action, "Add entry");
    assert!(store.read().entry(added).is_err());
    assert_eq!(store.undo().unwrap().unwrap().action, "Delete entry");
    let restored = store.read().entry(original[0].id).unwrap();
    assert_eq!(restored.summary, "Edited");
    assert_eq!(
        restored.tags,
        vec!["alcohol".to_string(), "safeguarding".to_string()]
    );
    assert_eq!(store.undo().unwrap().unwrap().action, "Edit entry");
    assert_eq!(store.read().entries().unwrap(), original);
    assert!(
        store.undo().unwrap().is_none(),
        "the file's creation is not undoable"
    );

    // Redo in order, then a new edit ends the redo stack.
    assert_eq!(store.redo().unwrap().unwrap().action, "Edit entry");
    assert_eq!(
        store.read().entry(original[0].id).unwrap().summary,
        "Edited"
    );
    assert_eq!(store.redo().unwrap().unwrap().action, "Delete entry");
    assert!(store.read().entry(original[0].id).is_err());
    let mut other = original[1].clone();
    other.comment = "Reviewer: was the child seen?".into();
    store.change("Comment", |w| w.update_entry(&other)).unwrap();
    assert!(store.redo().unwrap().is_none());
    assert_eq!(store.history().unwrap().undo.unwrap().action, "Comment");

    // Undo history and its effects survive closing and reopening the file.
    drop(store);
    let mut store = Store::open(&path, None).unwrap();
    assert_eq!(store.undo().unwrap().unwrap().action, "Comment");
    assert_eq!(store.read().entry(original[1].id).unwrap().comment, "");
    // Full-text search follows undo too.
    assert!(store.read().search("Edited", 10).unwrap().is_empty());
}

#[test]
fn undo_restores_only_the_columns_it_changed() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut store) = small_review(dir.path());
    let mut e = store.read().entries().unwrap()[0].clone();
    e.summary = "First edit".into();
    store.change("Summary", |w| w.update_entry(&e)).unwrap();
    e.comment = "Second edit".into();
    store.change("Comment", |w| w.update_entry(&e)).unwrap();
    // Undo both, redo the first only: the comment is back to empty, the summary edited.
    store.undo().unwrap();
    store.undo().unwrap();
    store.redo().unwrap();
    let now = store.read().entry(e.id).unwrap();
    assert_eq!(now.summary, "First edit");
    assert_eq!(now.comment, "");
}

#[test]
fn search_finds_words_by_prefix_in_chronological_order() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut store) = small_review(dir.path());
    let hits = store.read().search("visit", 10).unwrap();
    assert_eq!(hits.len(), 1);
    assert!(hits[0].snippet.contains("[visit]"), "{}", hits[0].snippet);
    let mut e = store.read().entries().unwrap()[2].clone();
    e.detail = "Mother said the visit went well".into();
    store.change("edit", |w| w.update_entry(&e)).unwrap();
    let hits = store.read().search("vis", 10).unwrap();
    assert_eq!(hits.len(), 2);
    assert!(store.read().search("\"unbalanced", 10).unwrap().is_empty());
}

#[test]
fn search_gives_the_first_matches_in_chronological_order_whatever_order_they_were_added() {
    // Entries added in an order unrelated to their dates (as when several agencies' returns
    // are imported), most matching a short prefix: the answer must be what sorting every
    // match would give, cut at the limit, each with its hit marked.
    let dir = tempfile::tempdir().unwrap();
    let (_, mut store) = small_review(dir.path());
    let mut seed: u64 = 11;
    let mut next = move |n: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % n
    };
    let words = ["contact", "concern", "visit", "letter", "conference"];
    store
        .change("Add entries", |w| {
            for i in 0..400u64 {
                let date = day(2018, 1, 1) + chrono::Days::new(next(700));
                let text = format!(
                    "{} about {} number {i}",
                    words[next(5) as usize],
                    words[next(5) as usize]
                );
                w.insert_entry(&entry(
                    1 + (i % 2) as i64,
                    date,
                    EntryKind::HomeVisit,
                    &text,
                ))?;
            }
            Ok(())
        })
        .unwrap();
    let all = store.read().entries().unwrap();
    for (query, limit) in [
        ("c", 25),
        ("con", 60),
        ("conf", 500),
        ("visit letter", 10),
        ("zzz", 5),
    ] {
        let prefixes: Vec<String> = query.split(' ').map(str::to_lowercase).collect();
        let expected: Vec<EntryId> = all
            .iter()
            .filter(|e| {
                let words: Vec<String> = e
                    .summary
                    .split(|c: char| !c.is_alphanumeric())
                    .map(str::to_lowercase)
                    .collect();
                prefixes
                    .iter()
                    .all(|p| words.iter().any(|w| w.starts_with(p.as_str())))
            })
            .map(|e| e.id)
            .take(limit)
            .collect();
        let hits = store.read().search(query, limit as u32).unwrap();
        let got: Vec<EntryId> = hits.iter().map(|h| h.entry).collect();
        assert_eq!(got, expected, "search for {query:?}");
        for h in &hits {
            assert!(h.snippet.contains('['), "{query:?}: {}", h.snippet);
        }
    }
}

#[test]
fn kpes_and_findings_keep_their_members_and_questions_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut store) = small_review(dir.path());
    let ids: Vec<EntryId> = store
        .read()
        .entries()
        .unwrap()
        .iter()
        .map(|e| e.id)
        .collect();
    let kpe = KeyPracticeEpisode {
        id: KpeId(0),
        number: 1,
        title: "The referral to health visiting".into(),
        starts_on: day(2019, 3, 12),
        ends_on: day(2019, 3, 20),
        what_happened: "A referral was made.".into(),
        appraisal_grade: Some(AppraisalGrade::Mixed),
        appraisal: "Timely referral; no acknowledgement.".into(),
        view_from_tunnel: "The HV team was short-staffed.".into(),
        factors: vec![
            FactorNote {
                factor: ContributoryFactor::ConditionsOfWork,
                note: "Vacancies".into(),
            },
            FactorNote {
                factor: ContributoryFactor::InterAgencyTeam,
                note: "No shared system".into(),
            },
        ],
        what_went_well: "Prompt referral".into(),
        entries: vec![ids[1], ids[0]],
    };
    let kpe_id = store.change("Add KPE", |w| w.insert_kpe(&kpe)).unwrap();
    let finding = Finding {
        id: FindingId(0),
        number: 1,
        statement: "Referrals are not acknowledged".into(),
        category: FindingCategory::LongerTermWork,
        manifestation: "KPE 1".into(),
        kpes: vec![kpe_id],
        entries: vec![ids[0]],
        evidence_underlying: "Seen in audits".into(),
        how_widespread: "Across the partnership".into(),
        implications: "Children are missed".into(),
        board_questions: vec!["First?".into(), "Second?".into(), "  ".into()],
    };
    store
        .change("Add finding", |w| w.insert_finding(&finding))
        .unwrap();
    let kpes = store.read().kpes().unwrap();
    assert_eq!(
        kpes[0].entries,
        vec![ids[0], ids[1]],
        "members in chronological order"
    );
    assert_eq!(kpes[0].factors, kpe.factors);
    let findings = store.read().findings().unwrap();
    assert_eq!(findings[0].board_questions, vec!["First?", "Second?"]);
    assert_eq!(findings[0].kpes, vec![kpe_id]);
    assert_eq!(FindingCategory::LongerTermWork.number(), 2);
}

#[test]
fn a_plain_review_can_be_encrypted_rekeyed_and_decrypted_without_losing_anything() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.chronolane");
    let mut store = chronolane::demo::write_demo(&path).unwrap();
    // Some history to keep.
    let mut e = store.read().entries().unwrap()[5].clone();
    e.comment = "Reviewer: check the health visiting record".into();
    store
        .change("Comment on an entry", |w| w.update_entry(&e))
        .unwrap();
    let before = chronolane::json::ReviewData::load(&store.read()).unwrap();

    store.set_passphrase(Some("a long passphrase")).unwrap();
    assert!(store.is_encrypted());
    drop(store);
    let content = bytes(&path);
    assert_ne!(&content[..16], b"SQLite format 3\0");
    assert!(
        !content.windows(7).any(|w| w == b"Child R"),
        "no plaintext left"
    );
    assert_eq!(
        Store::open(&path, None).unwrap_err().kind(),
        ErrorKind::PassphraseRequired
    );
    let mut store = Store::open(&path, Some("a long passphrase")).unwrap();
    assert_eq!(
        chronolane::json::ReviewData::load(&store.read()).unwrap(),
        before
    );
    assert!(!store
        .read()
        .search("health visiting record", 5)
        .unwrap()
        .is_empty());
    // Undo history survives, and the change of encryption is itself in the audit trail.
    assert_eq!(
        store.history().unwrap().undo.unwrap().action,
        "Comment on an entry"
    );

    store.set_passphrase(Some("another passphrase")).unwrap();
    drop(store);
    assert_eq!(
        Store::open(&path, Some("a long passphrase"))
            .unwrap_err()
            .kind(),
        ErrorKind::WrongPassphrase
    );
    let mut store = Store::open(&path, Some("another passphrase")).unwrap();
    store.set_passphrase(None).unwrap();
    assert!(!store.is_encrypted());
    drop(store);
    assert_eq!(&bytes(&path)[..16], b"SQLite format 3\0");
    let mut store = Store::open(&path, None).unwrap();
    assert_eq!(
        chronolane::json::ReviewData::load(&store.read()).unwrap(),
        before
    );
    assert_eq!(store.undo().unwrap().unwrap().action, "Comment on an entry");
    let leftovers: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("partial"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_review_in_memory_cannot_be_encrypted() {
    let mut store = Store::in_memory(&Review::default()).unwrap();
    let err = store.set_passphrase(Some("x")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Invalid);
}

#[test]
fn the_app_asks_for_the_current_passphrase_and_a_long_new_one_and_changes_nothing_otherwise() {
    use chronolane::api::{FilePath, Session};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("review.chronolane");
    chronolane::api::create_review_file(
        &path,
        Some("the first passphrase"),
        Review {
            title: "Child T".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let mut session = Session::new(dir.path().join("app"));
    session
        .open_review(
            &FilePath(path.display().to_string()),
            Some("the first passphrase".into()),
        )
        .unwrap();
    let untouched = bytes(&path);

    let wrong = session
        .set_passphrase(
            Some("not the passphrase".into()),
            Some("a brand new one".into()),
        )
        .unwrap_err();
    assert!(
        wrong
            .to_string()
            .contains("current passphrase is not right"),
        "{wrong}"
    );
    let missing = session
        .set_passphrase(None, Some("a brand new one".into()))
        .unwrap_err();
    assert!(
        missing.to_string().contains("current passphrase"),
        "{missing}"
    );
    let short = session
        .set_passphrase(Some("the first passphrase".into()), Some("short".into()))
        .unwrap_err();
    assert!(
        short.to_string().contains("at least 10 characters"),
        "{short}"
    );
    assert_eq!(
        bytes(&path),
        untouched,
        "a refused change leaves the file as it was"
    );

    let overview = session
        .set_passphrase(
            Some("the first passphrase".into()),
            Some("a brand new one".into()),
        )
        .unwrap();
    assert!(overview.encrypted);
    drop(session);
    assert!(Store::open(&path, Some("the first passphrase")).is_err());
    assert_eq!(
        Store::open(&path, Some("a brand new one"))
            .unwrap()
            .read()
            .review()
            .unwrap()
            .title,
        "Child T"
    );
}
