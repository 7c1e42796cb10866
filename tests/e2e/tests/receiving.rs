//! One entry can go to several agencies: the entry view sets them (labelled checkboxes, by
//! mouse and by keyboard), the chronology list shows them, the file holds them in order, and
//! Undo, after the review is opened again, takes the last one back off.

use chronolane::api::DEMO_FILE;
use chronolane::model::{AgencyId, EntryId};
use chronolane::store::Store;
use chronolane_e2e::App;

/// The receiving agencies of entry `id` in the demo review in `dir`, as the file holds them.
fn receivers_in_file(dir: &std::path::Path, id: &str) -> Vec<AgencyId> {
    let store = Store::open(&dir.join(DEMO_FILE), None).unwrap();
    let id = EntryId(id.parse().unwrap());
    let receivers = store.read().entry(id).unwrap().to_agencies;
    receivers
}

/// Opens the chronology and the entry view of entry `id` (or of the first entry sent to no
/// agency), returning its id.
async fn open_entry(app: &App, id: Option<&str>) -> String {
    app.find("[data-testid=nav-overview]").await;
    app.keyboard("2", true).await;
    app.find("[data-testid=entry-row]").await;
    let id = match id {
        Some(id) => id.to_string(),
        None => app
            .js(
                "const r = [...document.querySelectorAll('[data-testid=entry-row]')] \
                 .find((r) => r.querySelector('[data-testid=entry-to]').innerText.trim() === ''); \
                 return r.dataset.entryId",
                vec![],
            )
            .await
            .as_str()
            .unwrap()
            .to_string(),
    };
    app.find(&format!("[data-testid=entry-row][data-entry-id='{id}']"))
        .await
        .click()
        .await
        .unwrap();
    app.eventually_js(
        "the entry view shows the entry",
        &format!(
            "const d = document.querySelector('[data-testid=entry-detail]'); \
             return !!d && d.dataset.entryId === '{id}' && !!d.querySelector('[data-testid=receiver]')"
        ),
    )
    .await;
    id
}

/// A script: whether the chronology row of entry `id` shows `text` in its "To" column.
fn row_to_is(id: &str, text: &str) -> String {
    format!(
        "const c = document.querySelector(\"[data-testid=entry-row][data-entry-id='{id}'] [data-testid=entry-to]\"); \
         return !!c && c.innerText.trim() === '{text}'"
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn two_receiving_agencies_are_set_in_the_entry_view_and_undo_takes_one_back() {
    let app = App::launch(&["--demo"]).await;
    let id = open_entry(&app, None).await;
    let boxes = app
        .js(
            "return [...document.querySelectorAll('[data-testid=receiver]')].slice(0, 2) \
             .map((b) => [b.dataset.agencyId, b.closest('label').querySelector('.short').innerText.trim(), \
                          !!b.labels.length])",
            vec![],
        )
        .await;
    let agency = |i: usize| boxes[i][0].as_str().unwrap().to_string();
    let short = |i: usize| boxes[i][1].as_str().unwrap().to_string();
    assert_eq!(
        boxes[0][2],
        serde_json::json!(true),
        "each checkbox has its label"
    );
    let (a, b) = (agency(0), agency(1));

    // The first by mouse, the second by keyboard (Space on the focused checkbox).
    app.find(&format!("[data-testid=receiver][data-agency-id='{a}']"))
        .await
        .click()
        .await
        .unwrap();
    app.eventually_js(
        "the first receiving agency is saved and shown in the list",
        &row_to_is(&id, &short(0)),
    )
    .await;
    let second = app
        .find(&format!("[data-testid=receiver][data-agency-id='{b}']"))
        .await;
    app.js(
        "document.querySelector(\"[data-testid=receiver][data-agency-id='\" + arguments[0] + \"']\").focus()",
        vec![b.clone().into()],
    )
    .await;
    app.keyboard(" ", false).await;
    let both = format!("{}, {}", short(0), short(1));
    app.eventually_js(
        "both receiving agencies are saved and shown in the list",
        &row_to_is(&id, &both),
    )
    .await;
    assert!(second
        .prop("checked")
        .await
        .unwrap()
        .is_some_and(|v| v == "true"));
    app.wait_text("[data-testid=receivers-summary]", |t| t.trim() == both)
        .await;
    app.eventually_js(
        "every save has been answered",
        "return !document.querySelector('.busy')",
    )
    .await;
    app.screenshot("receiving-00-two-agencies").await;

    let dir = app.close_keeping_app_dir().await;
    let (a_id, b_id) = (AgencyId(a.parse().unwrap()), AgencyId(b.parse().unwrap()));
    assert_eq!(receivers_in_file(dir.path(), &id), vec![a_id, b_id]);

    // Opened again, Undo takes the second one back off, in the file too.
    let app = App::launch_in(&["--demo"], dir).await;
    open_entry(&app, Some(&id)).await;
    app.click_when_enabled("[data-testid=undo]").await;
    let one = short(0);
    app.wait_text("[data-testid=receivers-summary]", |t| t.trim() == one)
        .await;
    app.eventually_js("the list shows the one left", &row_to_is(&id, &one))
        .await;
    app.screenshot("receiving-01-undone").await;
    let dir = app.close_keeping_app_dir().await;
    assert_eq!(receivers_in_file(dir.path(), &id), vec![a_id]);
}
