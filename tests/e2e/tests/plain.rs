//! Plain screens: entries are cited by their chronology row and rules by their names, never
//! by internal ids; the entry view's date field reads an unknown day ("?/03/2019") and asks
//! for a missing year; where the Save and Open dialogs cannot open (no desktop session bus)
//! the app says why and takes a typed path.

use chronolane::dates::DatePrecision;
use chronolane::model::EntryId;
use chronolane::Store;
use chronolane_e2e::{App, TAB};

const DEMO: &str = "Demo review - Child R.chronolane";

fn demo(app: &App) -> Store {
    Store::open(&app.app_dir.path().join(DEMO), None).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn flags_and_the_entry_panel_cite_rows_and_rule_names_not_ids() {
    let app = App::launch(&["--demo"]).await;
    app.wait_text("[data-testid=review-name]", |t| t.contains("Child R"))
        .await;
    app.click_when_enabled("[data-testid=nav-flags]").await;
    app.click_when_enabled("[data-testid=run-analysis]").await;
    app.eventually("the analysis stores its flags", || {
        !demo(&app).read().flags().unwrap().is_empty()
    })
    .await;
    let entries = demo(&app).read().entries().unwrap();
    let stored = demo(&app).read().flags().unwrap();
    // Every flag's explanation as the screen shows it: rows, not ids; no rule ids anywhere.
    for _ in 0..stored.iter().filter(|f| f.current).count().min(8) {
        let text = app
            .wait_text("[data-testid=flag-detail]", |t| !t.is_empty())
            .await;
        assert!(!text.contains("(entry "), "an entry cited by id: {text}");
        assert!(
            !stored.iter().any(|f| text.contains(&f.rule)),
            "a rule id shown: {text}"
        );
        // Each evidence button names the entry's row, as the chronology numbers it.
        let evidence = app.find_all("[data-testid=evidence-entry]").await;
        for item in evidence {
            let id: i64 = item
                .attr("data-entry")
                .await
                .unwrap()
                .unwrap()
                .parse()
                .unwrap();
            let row = entries.iter().position(|e| e.id == EntryId(id)).unwrap() + 1;
            let shown = item.text().await.unwrap();
            assert!(shown.contains(&format!("Row {row}")), "{shown}");
        }
        app.press("ArrowDown", false).await; // the next flag
    }
    app.screenshot("plain-01-flag-rows").await;

    // The entry panel is headed by the entry's row.
    app.click_when_enabled("[data-testid=nav-chronology]").await;
    let first = app.find("[data-testid=entry-row]").await;
    first.click().await.unwrap();
    let heading = app
        .wait_text("[data-testid=entry-row-number]", |t| t.starts_with("Row "))
        .await;
    let detail = app.find("[data-testid=entry-detail]").await;
    let id: i64 = detail
        .attr("data-entry-id")
        .await
        .unwrap()
        .unwrap()
        .parse()
        .unwrap();
    let row = entries.iter().position(|e| e.id == EntryId(id)).unwrap() + 1;
    assert!(heading.starts_with(&format!("Row {row} ")), "{heading}");
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_date_field_reads_an_unknown_day_and_asks_for_a_missing_year() {
    let app = App::launch(&["--demo"]).await;
    app.find("[data-testid=entry-row]")
        .await
        .click()
        .await
        .unwrap();
    let detail = app.find("[data-testid=entry-detail]").await;
    let id = EntryId(
        detail
            .attr("data-entry-id")
            .await
            .unwrap()
            .unwrap()
            .parse()
            .unwrap(),
    );
    let field = app.find("[data-testid=edit-date]").await;
    app.js(
        "document.querySelector('[data-testid=edit-date]').select()",
        vec![],
    )
    .await;
    field.send_keys("?/03/2019").await.unwrap();
    field.send_keys(TAB).await.unwrap();
    app.eventually("the unknown day is stored as the month", || {
        let e = demo(&app).read().entry(id).unwrap();
        e.date.precision == DatePrecision::Month && e.date_as_written == "?/03/2019"
    })
    .await;
    let stored = demo(&app).read().entry(id).unwrap();
    assert!(stored.date.approximate);
    assert_eq!(stored.date.start.to_string(), "2019-03-01");

    // A new date and, before the core has read it, a new kind: both are kept (the kind's save
    // once carried the old date back over the new one).
    let kind = app
        .js(
            "const d = document.querySelector('[data-testid=edit-date]'); \
             d.value = '14/05/2019'; d.dispatchEvent(new Event('input', { bubbles: true })); \
             d.dispatchEvent(new Event('change', { bubbles: true })); \
             const k = document.querySelector('[data-testid=edit-kind]'); \
             const other = [...k.options].find((o) => o.value && o.value !== k.value).value; \
             k.value = other; k.dispatchEvent(new Event('change', { bubbles: true })); \
             return other;",
            vec![],
        )
        .await;
    let kind = kind.as_str().unwrap().to_string();
    app.eventually("the new date and the new kind are both stored", || {
        let e = demo(&app).read().entry(id).unwrap();
        e.date_as_written == "14/05/2019"
            && serde_json::to_value(e.kind).unwrap().as_str() == Some(kind.as_str())
    })
    .await;
    // Nothing overwrites them a moment later.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let stored = demo(&app).read().entry(id).unwrap();
    assert_eq!(stored.date_as_written, "14/05/2019");
    assert_eq!(stored.date.start.to_string(), "2019-05-14");

    // A date with no year is refused, saying to add the year; nothing changes.
    app.js(
        "document.querySelector('[data-testid=edit-date]').select()",
        vec![],
    )
    .await;
    field.send_keys("early June").await.unwrap();
    field.send_keys(TAB).await.unwrap();
    let problem = app
        .wait_text("[data-testid=date-problem]", |t| !t.is_empty())
        .await;
    assert!(problem.contains("add the year"), "{problem}");
    app.screenshot("plain-02-date-needs-a-year").await;
    assert_eq!(demo(&app).read().entry(id).unwrap(), stored);
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn without_a_session_bus_the_save_dialog_says_why_and_takes_a_typed_path() {
    // The app starts with no desktop session bus, as in a remote or minimal session.
    // SAFETY: this test binary's tests run one at a time (--test-threads=1) and nothing else
    // reads the environment while it is changed.
    unsafe {
        std::env::remove_var("DBUS_SESSION_BUS_ADDRESS");
        std::env::remove_var("XDG_RUNTIME_DIR");
    }
    let app = App::launch(&["--demo"]).await;
    app.wait_text("[data-testid=review-name]", |t| t.contains("Child R"))
        .await;
    app.click_when_enabled("[data-testid=nav-export]").await;
    app.click_when_enabled("[data-testid=format-markdown]")
        .await;
    app.click_when_enabled("[data-testid=export-start]").await;
    let reason = app
        .wait_text("[data-testid=dialog-problem]", |t| !t.is_empty())
        .await;
    assert!(
        reason.contains("session bus") && reason.contains("Type the file's full path"),
        "{reason}"
    );
    app.screenshot("plain-03-no-dialog-type-a-path").await;
    // A path that is not a full path is refused with a reason; a full one is used, with the
    // format's extension added.
    let typed = app.find("[data-testid=typed-path]").await;
    typed.send_keys("report").await.unwrap();
    app.click_when_enabled("[data-testid=typed-path-use]").await;
    app.wait_text("[data-testid=path-prompt] [role=alert]", |t| {
        t.contains("full path")
    })
    .await;
    let out = app.app_dir.path().join("typed report");
    app.js(
        "const f = document.querySelector('[data-testid=typed-path]'); f.value = ''; f.dispatchEvent(new Event('input'));",
        vec![],
    )
    .await;
    typed.send_keys(&out.display().to_string()).await.unwrap();
    app.click_when_enabled("[data-testid=typed-path-use]").await;
    // The demo's export may stop at the check for names; the reviewer writes it anyway.
    let written = out.with_extension("md");
    app.eventually_js(
        "the export is written or asks to confirm",
        "return !!document.querySelector('[data-testid=export-written], [data-testid=export-confirm]')",
    )
    .await;
    if app
        .js(
            "return !!document.querySelector('[data-testid=export-confirm]')",
            vec![],
        )
        .await
        .as_bool()
        .unwrap_or(false)
    {
        app.click_when_enabled("[data-testid=export-confirm-write]")
            .await;
    }
    app.wait_text("[data-testid=export-written]", |t| {
        t.contains("typed report")
    })
    .await;
    assert!(written.exists(), "{} is written", written.display());
    app.close().await;
}
