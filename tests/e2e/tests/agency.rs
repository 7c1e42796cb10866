//! The agency loop from the app: an agency's template written from the Overview, filled by a
//! script as the agency would in Excel, dropped on the window and imported with no questions
//! (its marker says whose it is), the check saved for the agency from the import preview,
//! the requests' steps shown on the Overview with their days, the briefing's text typed and
//! saved, and the accuracy pack and the briefing written and read back. Files are named with
//! the `chronolane:agency-to` / `chronolane:return-check-to` events (the native Save dialog
//! cannot be driven); the buttons that open the dialog call the same functions. Every
//! assertion about data reads SQLite or the written files.

use std::path::Path;
use std::time::{Duration, Instant};

use chronolane::api::DEMO_FILE;
use chronolane::model::{AgencyId, AgencyRequest, PersonKind};
use chronolane::Store;
use chronolane_e2e::agency_files::{docx_text, fill_xlsx};
use chronolane_e2e::App;

const HV: &str = "Northbrook 0-19 Health Visiting";

fn request_of(review: &Path, agency: AgencyId) -> AgencyRequest {
    Store::open(review, None)
        .unwrap()
        .read()
        .agency_request(agency)
        .unwrap()
}

/// The day the Overview shows for one agency's step ("" when not done).
async fn shown_day(app: &App, agency: &str, step: &str) -> String {
    app.js(
        "const row = [...document.querySelectorAll('[data-testid=request-row]')].find((r) => r.dataset.agency === arguments[0]);
         const cell = row && row.querySelector(`[data-step=${arguments[1]}]`);
         const day = cell && cell.querySelector('[data-testid=step-day]');
         return day ? day.value : '';",
        vec![agency.into(), step.into()],
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_string()
}

/// Waits until the Overview shows `expected` as the day of an agency's step.
async fn wait_day(app: &App, agency: &str, step: &str, expected: &str) {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let shown = shown_day(app, agency, step).await;
        if shown == expected {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{agency}'s {step} shows {shown:?}, never {expected:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until the review records a day for a step, and returns it.
async fn recorded(
    review: &Path,
    agency: AgencyId,
    step: impl Fn(&AgencyRequest) -> Option<chronolane::api::Day>,
) -> chronolane::api::Day {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        if let Some(day) = step(&request_of(review, agency)) {
            return day;
        }
        assert!(Instant::now() < deadline, "the step was never recorded");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn wait_for_file(app: &App, path: &Path) {
    app.eventually(&format!("{} is written", path.display()), || path.exists())
        .await;
}

async fn dispatch(app: &App, event: &str, detail: serde_json::Value) {
    app.js(
        "window.dispatchEvent(new CustomEvent(arguments[0], { detail: arguments[1] }))",
        vec![event.into(), detail],
    )
    .await;
}

/// Scrolls an element to the top of the view (the focus is let go first, or WebKit scrolls
/// back to the focused field).
async fn scroll_to(app: &App, css: &str) {
    app.js(
        "document.activeElement && document.activeElement.blur(); document.querySelector(arguments[0]).scrollIntoView({ block: 'start' })",
        vec![css.into()],
    )
    .await;
}

/// Presses a key as a person would: to whatever has the keyboard focus.
async fn key(app: &App, key: char) {
    use fantoccini::actions::{InputSource, KeyAction, KeyActions};
    let press = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key });
    app.client.perform_actions(press).await.unwrap();
}

/// What has the keyboard focus: its test id and accessible label.
async fn focused(app: &App) -> (String, String) {
    let v = app
        .js(
            "const el = document.activeElement;
             return el ? [el.dataset.testid || '', el.getAttribute('aria-label') || el.textContent.trim()] : ['', ''];",
            vec![],
        )
        .await;
    (
        v[0].as_str().unwrap_or_default().to_string(),
        v[1].as_str().unwrap_or_default().to_string(),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn an_agency_return_goes_round_the_loop_from_the_app() {
    let dir = tempfile::tempdir().unwrap();
    let app = App::launch(&["--demo"]).await;
    app.wait_text("[data-testid=review-name]", |t| t.contains("Child R"))
        .await;
    let review = app.app_dir.path().join(DEMO_FILE);
    let (hv, short, code, scope_start, entries_before, real_names) = {
        let store = Store::open(&review, None).unwrap();
        let r = store.read();
        let hv = r
            .agencies()
            .unwrap()
            .into_iter()
            .find(|a| a.name == HV)
            .unwrap();
        let people = r.people().unwrap();
        let code = people
            .iter()
            .find(|p| p.kind == PersonKind::Practitioner && p.agency == Some(hv.id))
            .map(|p| p.label.clone())
            .expect("the demo has a health visitor in its glossary");
        let real_names: Vec<String> = people.iter().filter_map(|p| p.real_name.clone()).collect();
        let scope = r.review().unwrap().scope_start.unwrap();
        (
            hv.id,
            hv.short_name,
            code,
            scope,
            r.entry_count().unwrap(),
            real_names,
        )
    };

    // 1. The Overview lists every agency's requests; write Health Visiting's template.
    app.click_when_enabled("[data-testid=nav-overview]").await;
    app.find("[data-testid=request-row]").await;
    assert_eq!(shown_day(&app, &short, "template_sent").await, "");
    let template = dir.path().join("hv template.xlsx");
    dispatch(
        &app,
        "chronolane:agency-to",
        serde_json::json!({ "what": "template", "agency": hv.0.to_string(), "format": "xlsx", "path": template.display().to_string() }),
    )
    .await;
    wait_for_file(&app, &template).await;
    let sent = recorded(&review, hv, |r| r.template_sent_on).await;
    wait_day(&app, &short, "template_sent", &chronolane::dates::uk(sent)).await;

    // 2. The agency fills it in (two rows inside the review's period) and sends it back.
    let day1 = chronolane::dates::uk(scope_start.succ_opt().unwrap());
    let day2 = chronolane::dates::uk(scope_start.succ_opt().unwrap().succ_opt().unwrap());
    let filled = fill_xlsx(
        &std::fs::read(&template).unwrap(),
        &[
            [
                &day1,
                "10:30",
                &code,
                "Health visitor",
                "Home visit: the baby was weighed and the mother said she was coping.",
                "Next visit booked in two weeks.",
                "Home visit",
                "",
                "Y",
                "",
            ],
            [
                &day2,
                "",
                &code,
                "Health visitor",
                "Telephone call to the GP about the baby's weight.",
                "GP to review at the next appointment.",
                "Contact",
                "",
                "N",
                "",
            ],
        ],
    );
    let returned = dir.path().join("returned.xlsx");
    std::fs::write(&returned, filled).unwrap();
    app.js(
        "window.dispatchEvent(new CustomEvent('chronolane:drop', { detail: arguments[0] }))",
        vec![serde_json::json!([returned.display().to_string()])],
    )
    .await;

    // 3. The preview asks nothing: the agency is Health Visiting, every row is ready, and the
    // check has nothing for the agency to correct; the check is saved to send back.
    app.wait_text("[data-testid=import-counts]", |t| {
        t.contains("2 rows ready")
    })
    .await;
    let chosen = app
        .js(
            "return document.querySelector('[data-testid=import-agency]').value",
            vec![],
        )
        .await;
    assert_eq!(
        chosen.as_str(),
        Some(hv.0.to_string().as_str()),
        "the marker chose the agency"
    );
    app.wait_text("[data-testid=return-check-summary]", |t| {
        t.contains("nothing to correct")
    })
    .await;
    app.screenshot("agency-01-return-preview").await;
    let report = dir.path().join("check.docx");
    dispatch(
        &app,
        "chronolane:return-check-to",
        serde_json::json!({ "format": "docx", "path": report.display().to_string() }),
    )
    .await;
    wait_for_file(&app, &report).await;
    assert!(docx_text(&report).contains(HV));
    app.click_when_enabled("[data-testid=import-confirm]").await;
    app.eventually("the two rows are imported", || {
        Store::open(&review, None)
            .unwrap()
            .read()
            .entry_count()
            .unwrap()
            == entries_before + 2
    })
    .await;

    // The app shows the chronology once the import is done (after it says so).
    app.wait_text("[data-testid=notice]", |t| t.contains("Imported 2 entries"))
        .await;
    app.find("[data-testid=entry-row]").await;

    // 4. The Overview shows the return received and checked, on the days recorded.
    app.click_when_enabled("[data-testid=nav-overview]").await;
    let request = request_of(&review, hv);
    let received = request.return_received_on.expect("the import recorded it");
    let checked = request
        .return_checked_on
        .expect("saving the check recorded it");
    wait_day(
        &app,
        &short,
        "return_received",
        &chronolane::dates::uk(received),
    )
    .await;
    wait_day(
        &app,
        &short,
        "return_checked",
        &chronolane::dates::uk(checked),
    )
    .await;

    // 5. The briefing's text is typed and saved as typed.
    let field = app
        .find("[data-testid=briefing-questions_for_practitioners]")
        .await;
    field
        .send_keys("Who else saw the baby that week?")
        .await
        .unwrap();
    field.send_keys("\u{E004}").await.unwrap(); // Tab: leaving the field saves it
    app.eventually("the briefing's text is saved", || {
        Store::open(&review, None)
            .unwrap()
            .read()
            .briefing_text()
            .unwrap()
            .questions_for_practitioners
            == "Who else saw the baby that week?"
    })
    .await;

    // 6. The accuracy pack and the briefing are written, pseudonymised.
    let pack = dir.path().join("pack.docx");
    dispatch(
        &app,
        "chronolane:agency-to",
        serde_json::json!({ "what": "pack", "agency": hv.0.to_string(), "path": pack.display().to_string() }),
    )
    .await;
    wait_for_file(&app, &pack).await;
    let pack_text = docx_text(&pack);
    assert!(pack_text.contains(&format!("Factual accuracy check: {HV}")));
    assert!(
        pack_text.contains("Telephone call to the GP about the baby"),
        "the imported return's entries are in the pack"
    );
    let brief = dir.path().join("brief.docx");
    dispatch(
        &app,
        "chronolane:agency-to",
        serde_json::json!({ "what": "briefing", "path": brief.display().to_string() }),
    )
    .await;
    wait_for_file(&app, &brief).await;
    let brief_text = docx_text(&brief);
    assert!(brief_text.contains("7-minute briefing"));
    assert!(brief_text.contains("Who else saw the baby that week?"));
    for name in real_names.iter().filter(|n| n.trim().len() > 2) {
        assert!(!pack_text.contains(name.as_str()), "the pack names {name}");
        assert!(
            !brief_text.contains(name.as_str()),
            "the briefing names {name}"
        );
    }
    let sent_pack = recorded(&review, hv, |r| r.accuracy_sent_on).await;
    wait_day(
        &app,
        &short,
        "accuracy_sent",
        &chronolane::dates::uk(sent_pack),
    )
    .await;
    scroll_to(&app, "[data-testid=agency-requests]").await;
    app.screenshot("agency-02-requests-on-the-overview").await;
    scroll_to(&app, "[data-testid=briefing]").await;
    app.screenshot("agency-03-briefing").await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_requests_are_reached_and_ticked_with_the_keyboard() {
    let app = App::launch(&["--demo"]).await;
    app.wait_text("[data-testid=review-name]", |t| t.contains("Child R"))
        .await;
    let review = app.app_dir.path().join(DEMO_FILE);
    let hv = Store::open(&review, None)
        .unwrap()
        .read()
        .agencies()
        .unwrap()
        .into_iter()
        .find(|a| a.name == HV)
        .unwrap();
    app.click_when_enabled("[data-testid=nav-overview]").await;
    app.find("[data-testid=request-row]").await;
    let rows = app.find_all("[data-testid=request-row]").await.len();

    // From the format chooser, Tab walks through every agency's steps and buttons in order.
    app.js(
        "document.querySelector('[data-testid=template-format]').focus()",
        vec![],
    )
    .await;
    let mut seen = Vec::new();
    let mut target = None;
    for _ in 0..(rows * 7 + 2) {
        key(&app, '\u{E004}').await; // Tab
        let (id, label) = focused(&app).await;
        if id == "step-done" && label == format!("Accuracy confirmed: {HV}") {
            target = Some(seen.len());
        }
        if !matches!(
            id.as_str(),
            "step-done" | "step-day" | "write-template" | "write-pack"
        ) {
            break;
        }
        seen.push((id, label));
    }
    let count = |what: &str| seen.iter().filter(|(id, _)| id == what).count();
    assert_eq!(count("step-done"), rows * 5, "{seen:?}");
    assert_eq!(count("write-template"), rows, "{seen:?}");
    assert_eq!(count("write-pack"), rows, "{seen:?}");
    assert!(seen
        .iter()
        .any(|(_, l)| l == &format!("Write the chronology template for {HV}")));
    let target = target.expect("Health Visiting's 'Accuracy confirmed' is reached");

    // Back to that checkbox with the keyboard, and Space ticks it: recorded today.
    app.js(
        "document.querySelector('[data-testid=template-format]').focus()",
        vec![],
    )
    .await;
    for _ in 0..=target {
        key(&app, '\u{E004}').await;
    }
    assert_eq!(focused(&app).await.1, format!("Accuracy confirmed: {HV}"));
    key(&app, ' ').await;
    let confirmed = recorded(&review, hv.id, |r| r.accuracy_confirmed_on).await;
    wait_day(
        &app,
        &hv.short_name,
        "accuracy_confirmed",
        &chronolane::dates::uk(confirmed),
    )
    .await;
    assert_eq!(
        focused(&app).await.1,
        format!("Accuracy confirmed: {HV}"),
        "the keyboard's place is kept after the tick is saved"
    );
    app.screenshot("agency-04-ticked-with-the-keyboard").await;

    // Ctrl+Z takes the tick back.
    app.js("document.activeElement.blur()", vec![]).await;
    {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let press = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: '\u{E009}' })
            .then(KeyAction::Down { value: 'z' })
            .then(KeyAction::Up { value: 'z' })
            .then(KeyAction::Up { value: '\u{E009}' });
        app.client.perform_actions(press).await.unwrap();
    }
    app.eventually("undo clears the step", || {
        request_of(&review, hv.id).accuracy_confirmed_on.is_none()
    })
    .await;
    wait_day(&app, &hv.short_name, "accuracy_confirmed", "").await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_history_names_rows_by_their_number_and_date_not_by_ids() {
    let app = App::launch(&["--demo"]).await;
    let row = app.find("[data-testid=entry-row]").await;
    row.click().await.unwrap();
    let detail = app.find("[data-testid=entry-detail]").await;
    let id: i64 = detail
        .attr("data-entry-id")
        .await
        .unwrap()
        .expect("the entry panel names its entry")
        .parse()
        .unwrap();
    let review = app.app_dir.path().join(DEMO_FILE);
    // The entry's number in the chronology (entries in date order) and its date, as a
    // reviewer reads them.
    let (number, date) = {
        let entries = Store::open(&review, None)
            .unwrap()
            .read()
            .entries()
            .unwrap();
        let at = entries.iter().position(|e| e.id.0 == id).unwrap();
        (at + 1, entries[at].date.to_string())
    };
    // The entry panel's heading numbers it as the chronology does, not by its id.
    let heading = app
        .find("[data-testid=entry-row-number]")
        .await
        .text()
        .await
        .unwrap();
    assert!(heading.starts_with(&format!("Row {number} ")), "{heading}");
    let summary = app.find("[data-testid=edit-summary]").await;
    app.js(
        "document.querySelector('[data-testid=edit-summary]').select()",
        vec![],
    )
    .await;
    summary
        .send_keys("Summary changed for the history")
        .await
        .unwrap();
    summary.send_keys("\u{E004}").await.unwrap(); // Tab: leaving the field saves it
    app.click_when_enabled("[data-testid=nav-overview]").await;
    let expected = format!("Changed the summary of row {number} ({date})");
    let shown = app
        .wait_text("[data-testid=history] [data-testid=change]", |t| {
            t.contains(&expected)
        })
        .await;
    assert!(!shown.contains(&format!("entry {id}")), "{shown}");
    app.js(
        "document.querySelector('[data-testid=history]').scrollIntoView({ block: 'start' })",
        vec![],
    )
    .await;
    app.screenshot("agency-05-history-in-plain-words").await;

    // Undo says the same in its message, which replaces the one before.
    app.click_when_enabled("[data-testid=undo]").await;
    app.wait_text("[data-testid=notice]", |t| {
        t.contains(&format!("Undone: Changed row {number} ({date})"))
    })
    .await;
    let notices = app
        .js(
            "return document.querySelectorAll('[data-testid=notice]').length",
            vec![],
        )
        .await;
    assert_eq!(notices.as_u64(), Some(1), "one message at a time");
    app.close().await;
}
