//! Import journeys through the real app: agency files dropped on the window (the same path a
//! drag-and-drop takes, through the `chronolane:drop` event App.svelte listens to), previewed,
//! fixed, confirmed, undone, merged and searched. Every assertion about data reads SQLite.

use std::path::{Path, PathBuf};

use chronolane::model::{EntryKind, LinkKind};
use chronolane::Store;
use chronolane_e2e::App;

/// A new, empty review and copies of the three fictional agency files, in a temporary folder.
fn setup() -> (tempfile::TempDir, PathBuf, [PathBuf; 3]) {
    let dir = tempfile::tempdir().unwrap();
    let review = dir.path().join("Child J.chronolane");
    chronolane::api::create_review_file(
        &review,
        None,
        chronolane::model::Review {
            title: "LCSPR: Child J".into(),
            subject: "Child J".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let fixtures = chronolane_e2e::root().join("tests/fixtures");
    let names = [
        "northbrook-police.csv",
        "northbrook-health-visiting.xlsx",
        "northbrook-csc.docx",
    ];
    let files = names.map(|n| {
        let to = dir.path().join(n);
        std::fs::copy(fixtures.join(n), &to).unwrap();
        to
    });
    (dir, review, files)
}

fn store(review: &Path) -> Store {
    Store::open(review, None).unwrap()
}

async fn drop_files(app: &App, files: &[&Path]) {
    let paths: Vec<serde_json::Value> = files
        .iter()
        .map(|p| p.display().to_string().into())
        .collect();
    app.js(
        "window.dispatchEvent(new CustomEvent('chronolane:drop', { detail: arguments[0] }))",
        vec![serde_json::Value::Array(paths)],
    )
    .await;
}

/// How many chronology rows the list shows (all of them fit on the screen in these journeys).
async fn rows_shown(app: &App) -> usize {
    let n = app
        .js(
            "return document.querySelectorAll('[data-testid=entry-row]').length",
            vec![],
        )
        .await;
    n.as_u64().unwrap() as usize
}

/// Clicks the element matching `css` whose text contains `text`.
async fn click_text(app: &App, css: &str, text: &str) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    loop {
        for el in app.find_all(css).await {
            if el.text().await.unwrap_or_default().contains(text) && el.click().await.is_ok() {
                return;
            }
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no clickable '{css}' with text {text:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn import_preview_fix_confirm_and_undo() {
    let (_dir, review, [police, _, _]) = setup();
    let app = App::launch(&[review.to_str().unwrap()]).await;
    app.wait_text("[data-testid=review-name]", |t| t == "LCSPR: Child J")
        .await;
    drop_files(&app, &[&police]).await;

    // The preview shows every row, with the two problems on their rows.
    app.wait_text("[data-testid=import-counts]", |t| {
        t.contains("7 rows ready") && t.contains("2 rows with problems")
    })
    .await;
    app.wait_text(
        "[data-testid=import-row][data-row='8'] [data-testid=row-problem]",
        |t| t.contains("'31/06/2019'"),
    )
    .await;
    assert!(
        !app.find("[data-testid=import-confirm]")
            .await
            .is_enabled()
            .await
            .unwrap(),
        "nothing can be imported while rows have problems"
    );
    app.screenshot("import-01-preview-with-problems").await;
    assert_eq!(
        store(&review).read().entry_count().unwrap(),
        0,
        "a preview writes nothing"
    );

    // Fix the impossible date in place, and skip the row with no date.
    app.find("[data-testid=import-row][data-row='8'] [data-testid=fix-date]")
        .await
        .click()
        .await
        .unwrap();
    let input = app.find("[data-testid=fix-input]").await;
    app.js(
        "document.querySelector('[data-testid=fix-input]').select()",
        vec![],
    )
    .await;
    input.send_keys("30/06/2019\u{E007}").await.unwrap();
    app.wait_text("[data-testid=import-counts]", |t| {
        t.contains("8 rows ready") && t.contains("1 row with problems")
    })
    .await;
    app.find("[data-testid=import-row][data-row='10'] [data-testid=skip-row]")
        .await
        .click()
        .await
        .unwrap();
    app.wait_text("[data-testid=import-counts]", |t| {
        t.contains("8 rows ready") && t.contains("1 skipped") && !t.contains("problems")
    })
    .await;
    app.screenshot("import-02-fixed-and-skipped").await;

    // Confirm: every ready row is written, in one change.
    app.click_when_enabled("[data-testid=import-confirm]").await;
    app.eventually("the import reaches the file", || {
        store(&review).read().entry_count().unwrap() == 8
    })
    .await;
    let s = store(&review);
    let entries = s.read().entries().unwrap();
    let fixed = entries
        .iter()
        .find(|e| e.detail.contains("café"))
        .expect("the fixed row was imported");
    assert_eq!(fixed.date.to_string(), "30/06/2019");
    assert_eq!(fixed.date_as_written, "30/06/2019");
    assert!(
        entries
            .iter()
            .all(|e| !e.detail.contains("Southmoor Police")),
        "the skipped row was left out"
    );
    let agencies = s.read().agencies().unwrap();
    assert_eq!(agencies.len(), 1);
    assert_eq!(agencies[0].name, "Northbrook Police");
    app.wait_text("[data-testid=entry-count]", |t| t.starts_with("8 entries"))
        .await;
    app.screenshot("import-03-imported").await;

    // The entry's provenance is shown.
    app.find("[data-testid=entry-row]")
        .await
        .click()
        .await
        .unwrap();
    app.wait_text("[data-testid=provenance]", |t| {
        t.contains("northbrook-police.csv, row 3, ref NP-101")
    })
    .await;

    // One undo takes the whole import back.
    app.click_when_enabled("[data-testid=undo]").await;
    app.eventually("undo empties the review again", || {
        let s = store(&review);
        s.read().entry_count().unwrap() == 0 && s.read().agencies().unwrap().is_empty()
    })
    .await;
    app.wait_text("[data-testid=notice]", |t| {
        t.contains("Undone: Import northbrook-police.csv")
    })
    .await;
    app.screenshot("import-04-undone").await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn three_agency_files_become_one_merged_searchable_chronology() {
    let (_dir, review, [police, hv, csc]) = setup();
    let app = App::launch(&[review.to_str().unwrap()]).await;
    app.wait_text("[data-testid=review-name]", |t| t == "LCSPR: Child J")
        .await;
    // All three dropped at once: they are previewed one after another.
    drop_files(&app, &[&police, &hv, &csc]).await;
    app.wait_text("[data-testid=import-file]", |t| {
        t == "northbrook-police.csv"
    })
    .await;
    app.click_when_enabled("[data-testid=skip-bad]").await;
    app.wait_text("[data-testid=import-counts]", |t| t.contains("2 skipped"))
        .await;
    app.click_when_enabled("[data-testid=import-confirm]").await;
    app.wait_text("[data-testid=import-file]", |t| {
        t == "northbrook-health-visiting.xlsx"
    })
    .await;
    app.wait_text("[data-testid=import-counts]", |t| {
        t.contains("9 rows ready")
    })
    .await;
    app.screenshot("import-05-workbook-preview").await;
    app.click_when_enabled("[data-testid=import-confirm]").await;
    app.wait_text("[data-testid=import-file]", |t| t == "northbrook-csc.docx")
        .await;
    app.wait_text("[data-testid=import-counts]", |t| {
        t.contains("9 rows ready")
    })
    .await;
    app.click_when_enabled("[data-testid=import-confirm]").await;
    app.eventually("all three files are in the review", || {
        store(&review).read().entry_count().unwrap() == 7 + 9 + 9
    })
    .await;
    let s = store(&review);
    assert_eq!(s.read().agencies().unwrap().len(), 3);
    assert_eq!(s.read().sources().unwrap().len(), 3);

    // Likely duplicates across agencies: merge the selected ones in bulk.
    app.find("[data-testid=nav-duplicates]")
        .await
        .click()
        .await
        .unwrap();
    app.wait_text("[data-testid=proposal-count]", |t| !t.starts_with("0 "))
        .await;
    app.screenshot("import-06-duplicates").await;
    click_text(&app, "[data-testid=merge-selected]", "Merge").await;
    app.eventually("the merge reaches the file", || {
        store(&review)
            .read()
            .links()
            .unwrap()
            .iter()
            .any(|l| l.kind == LinkKind::DuplicateOf)
    })
    .await;
    let links = store(&review).read().links().unwrap();
    let merged: Vec<_> = links
        .iter()
        .filter(|l| l.kind == LinkKind::DuplicateOf)
        .collect();
    let s = store(&review);
    for l in &merged {
        let (a, b) = (
            s.read().entry(l.from).unwrap(),
            s.read().entry(l.to).unwrap(),
        );
        assert_ne!(
            a.agency, b.agency,
            "duplicates are proposed across agencies"
        );
        assert!(
            a.source.is_some() && b.source.is_some(),
            "both provenances are kept"
        );
    }
    // The chronology folds merged duplicates away.
    app.find("[data-testid=nav-chronology]")
        .await
        .click()
        .await
        .unwrap();
    let merged_away: std::collections::HashSet<_> = merged.iter().map(|l| l.from).collect();
    assert_eq!(
        merged_away.len(),
        merged.len(),
        "an entry is merged into one other at most"
    );
    let expected = 25 - merged_away.len();
    app.wait_text("[data-testid=entry-count]", |t| {
        t.starts_with("25 entries")
            && t.ends_with(&format!("{} merged into others, hidden", merged_away.len()))
    })
    .await;
    assert_eq!(
        rows_shown(&app).await,
        expected,
        "merged duplicates are folded away"
    );

    // Accept every suggested kind in bulk: select all (Ctrl+A) in the list.
    app.find("[data-testid=entry-row]")
        .await
        .click()
        .await
        .unwrap();
    app.js(
        "document.querySelector('[role=grid]').dispatchEvent(new KeyboardEvent('keydown', {key: 'a', ctrlKey: true, bubbles: true}))",
        vec![],
    )
    .await;
    app.wait_text("[data-testid=bulk-bar]", |t| {
        t.contains(&format!("{expected} entries selected"))
    })
    .await;
    app.click_when_enabled("[data-testid=bulk-accept]").await;
    app.eventually("suggested kinds are accepted", || {
        store(&review)
            .read()
            .entries()
            .unwrap()
            .iter()
            .any(|e| e.kind == EntryKind::StrategyDiscussion && e.suggested_kind.is_none())
    })
    .await;

    // Full-text search answers as the reviewer types.
    let filter = app.find("[data-testid=filter]").await;
    filter.send_keys("strat").await.unwrap();
    let s = store(&review);
    let hits = s.read().search("strat", 1000).unwrap();
    let shown = hits
        .iter()
        .filter(|h| !merged_away.contains(&h.entry))
        .count();
    assert!(shown >= 3);
    app.wait_text("[data-testid=entry-count]", |t| {
        t.starts_with(&format!("{} entr", hits.len()))
    })
    .await;
    assert_eq!(rows_shown(&app).await, shown);
    app.wait_text("[data-testid=search-snippet]", |t| {
        t.to_lowercase().contains("strategy")
    })
    .await;
    let marks = app.find_all("[data-testid=search-snippet] mark").await;
    assert!(!marks.is_empty(), "the matching word is highlighted");
    app.screenshot("import-07-merged-and-searched").await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_file_that_cannot_be_imported_says_why_and_changes_nothing() {
    let (dir, review, _) = setup();
    let junk = dir.path().join("chronology.xlsx");
    std::fs::write(&junk, b"%PDF-1.7 this is really a PDF").unwrap();
    let app = App::launch(&[review.to_str().unwrap()]).await;
    app.wait_text("[data-testid=review-name]", |t| t == "LCSPR: Child J")
        .await;
    drop_files(&app, &[&junk]).await;
    app.wait_text("[data-testid=import-problem]", |t| {
        t.contains("is a PDF") && t.contains("Word, Excel or CSV")
    })
    .await;
    app.screenshot("import-08-refused").await;
    let s = store(&review);
    assert_eq!(s.read().entry_count().unwrap(), 0);
    assert!(s.read().sources().unwrap().is_empty());
    app.close().await;
}

/// A police chronology of `rows` clean rows, the first `from` numbered from there.
fn police_return(path: &Path, from: usize, rows: usize) {
    let mut text = String::from("Date,Officer,Event,Outcome\n");
    for i in from..from + rows {
        text.push_str(&format!(
            "{:02}/03/2019,PC {i},\"Call {i}: concern for the child reported\",Advice given\n",
            i + 1
        ));
    }
    std::fs::write(path, text).unwrap();
}

/// A corrected return dropped on the window replaces the agency's earlier one when the
/// reviewer says so: entries it repeats keep the reviewer's comment, the rest are added or
/// taken out, in one change that Undo takes back.
#[tokio::test(flavor = "multi_thread")]
async fn a_corrected_return_replaces_the_earlier_one_from_the_app() {
    let (dir, review, _) = setup();
    let first = dir.path().join("police-return.csv");
    police_return(&first, 0, 4);
    // The first return, imported earlier, with the reviewer's comment on call 2.
    let mut session = chronolane::api::Session::without_app_files();
    session
        .open_review(
            &chronolane::api::FilePath(review.display().to_string()),
            None,
        )
        .unwrap();
    let mut request = chronolane::import::ImportRequest::new(
        first.display().to_string(),
        chronolane::import::AgencyChoice::New {
            name: "Northbrook Police".into(),
            short_name: "NP".into(),
            sector: None,
        },
    );
    request.skip_bad = true;
    session.commit_import(request).unwrap();
    let call2 = session
        .entries()
        .unwrap()
        .into_iter()
        .find(|e| e.summary.starts_with("Call 2:"))
        .unwrap();
    let mut noted = call2.clone();
    noted.comment = "Reviewer: no strategy discussion followed".into();
    session.update_entry(noted).unwrap();
    drop(session);

    // The corrected return (calls 2 to 5) is dropped on the app.
    let corrected_dir = dir.path().join("corrected");
    std::fs::create_dir_all(&corrected_dir).unwrap();
    let corrected = corrected_dir.join("police-return.csv");
    police_return(&corrected, 2, 4);
    let app = App::launch(&[review.to_str().unwrap()]).await;
    app.wait_text("[data-testid=review-name]", |t| t == "LCSPR: Child J")
        .await;
    drop_files(&app, &[&corrected]).await;
    app.wait_text("[data-testid=import-counts]", |t| {
        t.contains("4 rows ready")
    })
    .await;
    app.wait_text("[data-testid=replace-earlier-card]", |t| {
        t.contains("police-return.csv")
    })
    .await;
    app.click_when_enabled("[data-testid=replace-earlier]")
        .await;
    app.screenshot("import-08-replace-earlier-return").await;
    app.click_when_enabled("[data-testid=import-confirm]").await;
    app.wait_text("[data-testid=notice]", |t| t.contains("Replaced"))
        .await;
    let summaries = |s: &Store| -> Vec<(String, String)> {
        let mut v: Vec<_> = s
            .read()
            .entries()
            .unwrap()
            .into_iter()
            .map(|e| (e.summary, e.comment))
            .collect();
        v.sort();
        v
    };
    let after = summaries(&store(&review));
    assert_eq!(after.len(), 4, "{after:?}");
    assert!(after
        .iter()
        .all(|(s, _)| !s.starts_with("Call 0:") && !s.starts_with("Call 1:")));
    assert!(after
        .iter()
        .any(|(s, c)| s.starts_with("Call 2:") && c.contains("no strategy discussion")));
    // Undo puts the earlier return back.
    app.click_when_enabled("[data-testid=undo]").await;
    app.eventually("the earlier return is back", || {
        let back = summaries(&store(&review));
        back.len() == 4 && back.iter().any(|(s, _)| s.starts_with("Call 0:"))
    })
    .await;
    app.close().await;
}
