//! WCAG 2.2 AA on every screen, as axe-core checks it: the demo review's views one by one,
//! with an entry open, at the normal text size.

use chronolane_e2e::App;

#[tokio::test(flavor = "multi_thread")]
async fn every_screen_passes_axe_core() {
    let app = App::launch(&["--demo"]).await;
    app.find("[data-testid=nav-overview]").await;
    let mut report = Vec::new();
    for view in [
        "overview",
        "chronology",
        "timeline",
        "flags",
        "import",
        "duplicates",
        "kpes",
        "findings",
        "export",
    ] {
        app.click_when_enabled(&format!("[data-testid=nav-{view}]"))
            .await;
        // Let the view load what it shows (nothing is busy any more).
        app.eventually_js(
            "the view has loaded",
            "return !document.querySelector('.busy')",
        )
        .await;
        for v in app.accessibility_violations().await {
            report.push(format!("{view}: {v}"));
        }
        if view == "chronology" {
            app.click_when_enabled("[data-testid=entry-row]").await;
            app.find("[data-testid=entry-detail]").await;
            for v in app.accessibility_violations().await {
                report.push(format!("{view} with an entry open: {v}"));
            }
        }
    }
    // The dialogs and the start screen.
    app.press("F1", false).await;
    app.find("[data-testid=shortcuts]").await;
    for v in app.accessibility_violations().await {
        report.push(format!("keyboard shortcuts: {v}"));
    }
    app.press("Escape", false).await;
    app.eventually_js(
        "the shortcuts list closes",
        "return !document.querySelector('[data-testid=shortcuts]')",
    )
    .await;
    app.press("n", true).await;
    app.find("[role=dialog]").await;
    for v in app.accessibility_violations().await {
        report.push(format!("new review: {v}"));
    }
    app.press("Escape", false).await;
    app.eventually_js(
        "the new review dialog closes",
        "return !document.querySelector('[role=dialog]')",
    )
    .await;
    app.click_text_button("Recent").await;
    app.find("[data-testid=start-screen]").await;
    for v in app.accessibility_violations().await {
        report.push(format!("start screen: {v}"));
    }
    assert!(
        report.is_empty(),
        "axe-core found {} problems:\n{}",
        report.len(),
        report.join("\n")
    );
    app.close().await;
}
