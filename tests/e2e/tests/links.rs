//! Every input of the analysis has a way in from the app: links between entries are made in
//! the entry view from the selection (and undone), and an entry's service level and key risk
//! are set there.

use chronolane::api::DEMO_FILE;
use chronolane::model::LinkKind;
use chronolane::store::Store;
use chronolane_e2e::{App, DOWN};

#[tokio::test(flavor = "multi_thread")]
async fn a_link_service_level_and_key_risk_are_set_in_the_entry_view() {
    let app = App::launch(&["--demo"]).await;
    app.find("[data-testid=nav-overview]").await;
    app.keyboard("2", true).await;
    app.find("[data-testid=entry-row]").await;
    // Two entries selected with the keyboard: the second is open.
    app.tab_to("[role=grid]", 40).await;
    app.keyboard(&format!("{DOWN}{DOWN}"), false).await;
    app.keyboard_with_shift(DOWN).await;
    app.find("[data-testid=link-form]").await;
    let ids = app
        .js(
            "return [document.querySelector('[data-testid=entry-detail]').dataset.entryId, \
             document.querySelector('[data-testid=link-to]').value]",
            vec![],
        )
        .await;
    let (from, to) = (
        ids[0].as_str().unwrap().to_string(),
        ids[1].as_str().unwrap().to_string(),
    );
    assert_ne!(from, to);
    app.screenshot("links-00-two-selected").await;
    app.js(
        "document.querySelector('[data-testid=link-add]').scrollIntoView({block: 'center'})",
        vec![],
    )
    .await;
    app.click_when_enabled("[data-testid=link-add]").await;
    app.wait_link_kinds("the link responds to the other", |k| {
        k.iter().any(|k| k == "responds_to")
    })
    .await;
    app.screenshot("links-01-made-in-the-entry-view").await;
    // Undo takes it away again; redo brings it back.
    app.click_when_enabled("[data-testid=undo]").await;
    app.wait_link_kinds("the link is undone", |k| {
        !k.iter().any(|k| k == "responds_to")
    })
    .await;
    app.click_when_enabled("[data-testid=redo]").await;
    app.wait_link_kinds("the link responds to the other", |k| {
        k.iter().any(|k| k == "responds_to")
    })
    .await;
    // Service level and key risk.
    app.js(
        "const s = document.querySelector('[data-testid=service-level]'); s.value = 'child_protection'; \
         s.dispatchEvent(new Event('change', { bubbles: true }));",
        vec![],
    )
    .await;
    let risk = app.find("[data-testid=key-risk]").await;
    risk.click().await.unwrap();
    risk.send_keys("Father's violence to Mother\u{E007}")
        .await
        .unwrap();
    app.js(
        "document.querySelector('[data-testid=service-level]').focus()",
        vec![],
    )
    .await;
    app.eventually_js(
        "every save has been answered",
        "return !document.querySelector('.busy')",
    )
    .await;
    let dir = app.close_keeping_app_dir().await;
    let store = Store::open(&dir.path().join(DEMO_FILE), None).unwrap();
    let r = store.read();
    let link = r
        .links()
        .unwrap()
        .into_iter()
        .find(|l| l.from.to_string() == from && l.to.to_string() == to)
        .expect("the link is in the file");
    assert_eq!(link.kind, LinkKind::RespondsTo);
    let entry = r
        .entries()
        .unwrap()
        .into_iter()
        .find(|e| e.id.to_string() == from)
        .unwrap();
    assert_eq!(
        entry.service_level.map(|l| l.code()),
        Some("child_protection")
    );
    assert_eq!(entry.key_risk, "Father's violence to Mother");
}
