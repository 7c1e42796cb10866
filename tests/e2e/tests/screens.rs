//! Screens fit for long days: the demo says it is fictional; the text size (Ctrl +, Ctrl −,
//! Ctrl 0) and the sidebar (Ctrl+B) are the reviewer's to set and are remembered on this
//! computer for the next start; Ctrl+1 to Ctrl+9 follow the sidebar's order.

use chronolane_e2e::App;

async fn root_font_size(app: &App) -> String {
    app.js(
        "return getComputedStyle(document.documentElement).fontSize",
        vec![],
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn text_size_and_sidebar_are_remembered_and_the_demo_says_it_is_fictional() {
    // The first run opens the demo, which says what it is.
    let app = App::launch(&[]).await;
    app.wait_text("[data-testid=demo-banner]", |t| {
        t.contains("demo review") && t.contains("fictional")
    })
    .await;
    assert_eq!(root_font_size(&app).await, "15px");

    // Larger text twice, then the sidebar hidden.
    app.press("=", true).await;
    app.press("+", true).await;
    app.wait_text("[data-testid=zoom-level]", |t| t.contains("125%"))
        .await;
    assert_eq!(root_font_size(&app).await, "18.75px");
    app.press("b", true).await;
    app.eventually_js(
        "the sidebar is hidden and the view takes the width",
        "const nav = document.querySelector('nav.sidebar'); const main = document.querySelector('main.content'); \
         return nav.hidden && main.getBoundingClientRect().width > 1200",
    )
    .await;
    app.screenshot("screens-01-large-text-no-sidebar").await;

    // Views in sidebar order: Ctrl+2 is the second view, Ctrl+9 the last.
    app.press("2", true).await;
    app.wait_text("[data-testid=sidebar-toggle]", |_| true)
        .await;
    app.eventually_js(
        "Ctrl+2 opens the chronology",
        "return !!document.querySelector('[data-testid=entry-row]')",
    )
    .await;

    // The next start finds both as they were left.
    let dir = app.close_keeping_app_dir().await;
    let app = App::launch_in(&["--demo"], dir).await;
    app.find("[data-testid=sidebar-toggle]").await;
    app.eventually_js(
        "the text size and the hidden sidebar are remembered",
        "return getComputedStyle(document.documentElement).fontSize === '18.75px' && document.querySelector('nav.sidebar').hidden",
    )
    .await;
    // Shown again, at the normal size.
    app.find("[data-testid=sidebar-toggle]")
        .await
        .click()
        .await
        .unwrap();
    app.press("0", true).await;
    app.wait_text("[data-testid=zoom-level]", |t| t.contains("100%"))
        .await;
    assert_eq!(root_font_size(&app).await, "15px");
    app.screenshot("screens-02-normal").await;
    app.close().await;
}
