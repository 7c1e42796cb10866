//! Journeys through the real desktop app, asserting on what SQLite holds.

use chronolane::model::EntryId;
use chronolane::Store;
use chronolane_e2e::App;

const DEMO: &str = "Demo review - Child R.chronolane";

#[tokio::test(flavor = "multi_thread")]
async fn first_run_opens_the_demo_with_every_entry_from_sqlite() {
    let app = App::launch(&[]).await;
    app.wait_text("[data-testid=review-name]", |t| t.contains("Child R"))
        .await;
    let demo = app.app_dir.path().join(DEMO);
    let expected = Store::open(&demo, None)
        .unwrap()
        .read()
        .entry_count()
        .unwrap();
    assert!(expected > 0);
    let shown = app
        .wait_text("[data-testid=entry-count]", |t| !t.is_empty())
        .await;
    let shown: i64 = shown
        .split_whitespace()
        .next()
        .unwrap()
        .replace(',', "")
        .parse()
        .unwrap();
    assert_eq!(shown, expected, "the list shows every entry in the file");
    // A person recorded in two parts (present and subject) is named once in the list.
    let repeated = app
        .js(
            "return [...document.querySelectorAll('[data-testid=entry-row] .c-people')].map((c) => c.textContent.split(', ')).filter((l) => l.length > 0 && new Set(l).size < l.length).length",
            vec![],
        )
        .await;
    assert_eq!(repeated, 0, "rows naming someone twice");
    app.screenshot("01-demo-chronology").await;

    app.find("[data-testid=nav-overview]")
        .await
        .click()
        .await
        .unwrap();
    let agencies_in_file = Store::open(&demo, None).unwrap().read().agencies().unwrap();
    let rows = app.find_all("[data-testid=agencies] tbody tr").await;
    assert_eq!(rows.len(), agencies_in_file.len());
    let first_row = rows[0].text().await.unwrap();
    assert!(first_row.contains(&agencies_in_file[0].short_name));
    app.screenshot("02-demo-overview").await;

    // F1 lists the keyboard shortcuts, including every view's; Escape closes the list.
    key(&app, '\u{E031}').await; // F1
    app.wait_text("[data-testid=shortcuts]", |t| {
        t.contains("Ctrl+3") && t.contains("Timeline") && t.contains("Zoom to the selection")
    })
    .await;
    app.screenshot("02b-shortcuts").await;
    key(&app, '\u{E00C}').await; // Escape
    let mut closed = false;
    for _ in 0..50 {
        let open = app
            .js(
                "return document.querySelector('[data-testid=shortcuts]') !== null",
                vec![],
            )
            .await;
        if open == serde_json::Value::Bool(false) {
            closed = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(closed, "Escape closes the shortcuts list");
    app.close().await;
}

/// Presses a key as a person would: to whatever has the keyboard focus.
async fn key(app: &App, key: char) {
    use fantoccini::actions::{InputSource, KeyAction, KeyActions};
    let press = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key });
    app.client.perform_actions(press).await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn an_edit_is_saved_at_once_and_undo_restores_it() {
    let app = App::launch(&["--demo"]).await;
    app.find("[data-testid=entry-row]")
        .await
        .click()
        .await
        .unwrap();
    let detail = app.find("[data-testid=entry-detail]").await;
    let id: i64 = detail
        .attr("data-entry-id")
        .await
        .unwrap()
        .expect("the entry panel names its entry")
        .parse()
        .unwrap();
    let demo = app.app_dir.path().join(DEMO);
    let before = Store::open(&demo, None)
        .unwrap()
        .read()
        .entry(EntryId(id))
        .unwrap()
        .summary;

    let summary = app.find("[data-testid=edit-summary]").await;
    // Select the old text and type over it, as a person would (WebDriver's clear() would
    // itself count as an edit).
    app.js(
        "document.querySelector('[data-testid=edit-summary]').select()",
        vec![],
    )
    .await;
    summary
        .send_keys("Summary changed by the end-to-end test")
        .await
        .unwrap();
    // Leaving the field (Tab) saves it.
    summary.send_keys("\u{E004}").await.unwrap();
    app.eventually("the edit reaches the file", || {
        Store::open(&demo, None)
            .unwrap()
            .read()
            .entry(EntryId(id))
            .unwrap()
            .summary
            == "Summary changed by the end-to-end test"
    })
    .await;
    app.screenshot("03-entry-edited").await;

    app.click_when_enabled("[data-testid=undo]").await;
    app.eventually("undo restores the file", || {
        Store::open(&demo, None)
            .unwrap()
            .read()
            .entry(EntryId(id))
            .unwrap()
            .summary
            == before
    })
    .await;
    app.wait_text("[data-testid=notice]", |t| t.contains("Undone"))
        .await;

    // Long text is saved at a pause in typing, while the reviewer is still in the field; leaving
    // the field afterwards adds no second change.
    let changes = || {
        Store::open(&demo, None)
            .unwrap()
            .recent_changes(1000)
            .unwrap()
    };
    // Undo reloads the review and re-opens the entry: wait for the re-opened form (it shows
    // the old summary again) before typing into it.
    let mut reopened = false;
    for _ in 0..100 {
        let shown = app
            .js(
                "const el = document.querySelector('[data-testid=edit-summary]'); return el ? el.value : null",
                vec![],
            )
            .await;
        if shown.as_str() == Some(before.as_str()) {
            reopened = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(reopened, "the entry shows its old summary after undo");
    let before = changes().len();
    let comment = app.find("#ed-comment").await;
    comment.click().await.unwrap();
    comment
        .send_keys("Reviewer: ask the health visitor about this visit")
        .await
        .unwrap();
    app.eventually("the comment reaches the file while typing", || {
        Store::open(&demo, None)
            .unwrap()
            .read()
            .entry(EntryId(id))
            .unwrap()
            .comment
            .ends_with("Reviewer: ask the health visitor about this visit")
    })
    .await;
    let focused = app
        .js(
            "return document.activeElement && document.activeElement.id",
            vec![],
        )
        .await;
    assert_eq!(focused, "ed-comment", "saved without leaving the field");
    comment.send_keys("\u{E004}").await.unwrap(); // Tab
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let after = changes();
    assert_eq!(
        after.len(),
        before + 1,
        "one change for the comment: {after:?}"
    );
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_encrypted_review_asks_for_its_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("secret.chronolane");
    chronolane::api::create_review_file(
        &file,
        Some("correct horse battery"),
        chronolane::model::Review {
            title: "Encrypted test review".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let app = App::launch(&[file.to_str().unwrap()]).await;
    let input = app.find("[data-testid=passphrase]").await;
    input.send_keys("wrong passphrase").await.unwrap();
    input.send_keys("\u{E007}").await.unwrap(); // Enter
    app.wait_text("[role=dialog] .error", |t| t.contains("does not open"))
        .await;
    app.screenshot("04-wrong-passphrase").await;
    let input = app.find("[data-testid=passphrase]").await;
    input
        .send_keys("correct horse battery\u{E007}")
        .await
        .unwrap();
    app.wait_text("[data-testid=review-name]", |t| {
        t == "Encrypted test review"
    })
    .await;
    app.wait_text("[data-testid=review-title] .badge", |t| t == "Encrypted")
        .await;
    app.screenshot("04b-encrypted-opened").await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_file_that_is_not_a_review_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("notes.chronolane");
    let junk = b"These are meeting notes, not a review database.\n".repeat(50);
    std::fs::write(&file, &junk).unwrap();
    let app = App::launch(&[file.to_str().unwrap()]).await;
    app.wait_text("[data-testid=start-screen] [role=alert]", |t| {
        t.contains("not a Chronolane review") || t.contains("encrypted")
    })
    .await;
    app.screenshot("05-not-a-review").await;
    app.close().await;
    assert_eq!(std::fs::read(&file).unwrap(), junk);
}

/// A reviewer encrypts a review they started unencrypted, from the overview; the history
/// lists the edit made before. The file on disk then needs the passphrase and keeps the edit.
#[tokio::test(flavor = "multi_thread")]
async fn a_review_is_encrypted_from_the_overview_and_its_history_is_listed() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("started plain.chronolane");
    chronolane::api::create_review_file(
        &file,
        None,
        chronolane::model::Review {
            title: "Plain at first".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let app = App::launch(&[file.to_str().unwrap()]).await;
    app.wait_text("[data-testid=review-name]", |t| t == "Plain at first")
        .await;
    app.click_when_enabled("[data-testid=nav-overview]").await;
    app.js(
        "const el = document.querySelector('#rv-title'); el.value = 'Review of Child E'; el.dispatchEvent(new Event('change', {bubbles: true}));",
        vec![],
    )
    .await;
    app.wait_text("[data-testid=history] [data-testid=change]", |t| {
        t.contains("review")
    })
    .await;
    app.wait_text("[data-testid=security-state]", |t| t == "Not encrypted.")
        .await;
    app.click_when_enabled("[data-testid=passphrase-encrypt]")
        .await;
    app.find("[data-testid=passphrase-new]")
        .await
        .send_keys("plum lantern orbit")
        .await
        .unwrap();
    app.find("[data-testid=passphrase-again]")
        .await
        .send_keys("plum lantern orbit")
        .await
        .unwrap();
    app.screenshot("06-encrypt-dialog").await;
    app.click_when_enabled("[data-testid=passphrase-submit]")
        .await;
    app.wait_text("[data-testid=security-state]", |t| {
        t == "Encrypted at rest."
    })
    .await;
    app.wait_text("[data-testid=history]", |t| t.contains("passphrase"))
        .await;
    // The edit opens to what it changed, before and after.
    app.click_when_enabled("[data-testid=history] [data-testid=change-open]")
        .await;
    app.wait_text("[data-testid=change-rows]", |t| {
        t.contains("Plain at first") && t.contains("Review of Child E")
    })
    .await;
    app.js(
        "document.querySelector('[data-testid=history]').scrollIntoView()",
        vec![],
    )
    .await;
    app.screenshot("06b-encrypted-with-history").await;
    app.close().await;

    assert!(
        Store::open(&file, None).is_err(),
        "the file needs its passphrase now"
    );
    let store = Store::open(&file, Some("plum lantern orbit")).unwrap();
    assert_eq!(store.read().review().unwrap().title, "Review of Child E");
}
