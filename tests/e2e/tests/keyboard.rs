//! A keyboard-only journey (no mouse): from the chronology to the timeline, the flags, the
//! KPEs and the export, with the shortcuts and Tab, on the demo review.

use chronolane_e2e::{App, DOWN, ENTER, ESCAPE};

#[tokio::test(flavor = "multi_thread")]
async fn a_reviewer_can_work_through_the_review_with_the_keyboard_alone() {
    let app = App::launch(&["--demo"]).await;
    app.find("[data-testid=nav-overview]").await;

    // Chronology: Ctrl+2, Tab to the list, arrows to an entry, which opens; Esc closes it.
    app.keyboard("2", true).await;
    app.find("[data-testid=entry-row]").await;
    app.tab_to("[role=grid]", 40).await;
    app.keyboard(&format!("{DOWN}{DOWN}{DOWN}"), false).await;
    app.find("[data-testid=entry-detail]").await;
    app.screenshot("keyboard-01-chronology").await;
    app.tab_to("[role=grid]", 80).await;
    app.keyboard(ESCAPE, false).await;
    app.eventually_js(
        "Esc closes the entry",
        "return !document.querySelector('[data-testid=entry-detail]')",
    )
    .await;

    // Timeline: Ctrl+3 shows it.
    app.keyboard("3", true).await;
    app.find("[data-testid=timeline-canvas]").await;

    // Flags: Ctrl+4, Tab to "Run the analysis", Enter; then Tab to a flag, Enter opens it.
    app.keyboard("4", true).await;
    app.tab_to("[data-testid=run-analysis]", 60).await;
    app.keyboard(ENTER, false).await;
    app.find("[data-testid=flag-item]").await;
    app.tab_to("[data-testid=flag-item]", 60).await;
    app.keyboard(ENTER, false).await;
    app.eventually_js(
        "the flag is open",
        "return !!document.querySelector('[data-testid=flag-item][aria-selected=true]')",
    )
    .await;
    app.screenshot("keyboard-02-flags").await;

    // KPEs: Ctrl+7, Tab to the list of KPEs, Down moves to the next episode.
    app.keyboard("7", true).await;
    app.find("[data-testid=kpe-editor]").await;
    let first = app
        .wait_text("[data-testid=kpe-editor] h2", |t| t.starts_with("KPE"))
        .await;
    app.tab_to(".pick", 60).await;
    app.keyboard(DOWN, false).await;
    app.wait_text("[data-testid=kpe-editor] h2", |t| t != first)
        .await;

    // Export: Ctrl+9, Tab reaches the export button (the Save dialog that follows is the
    // system's).
    app.keyboard("9", true).await;
    app.find("[data-testid=export-start]").await;
    app.tab_to("[data-testid=export-start]", 80).await;
    app.screenshot("keyboard-03-export").await;
    app.close().await;
}
