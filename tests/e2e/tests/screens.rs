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
    app.wait_text("[data-testid=text-size]", |t| t.contains("125%"))
        .await;
    assert_eq!(root_font_size(&app).await, "18.75px");
    app.press("b", true).await;
    app.eventually_js(
        "the sidebar is hidden and the view takes the width",
        "const nav = document.querySelector('nav.sidebar'); const main = document.querySelector('main.content').getBoundingClientRect(); \
         return getComputedStyle(nav).display === 'none' && main.left < 5 && main.width > 1200",
    )
    .await;
    app.screenshot("screens-01-large-text-no-sidebar").await;
    app.eventually_js(
        "no event runs over the row below at the larger size",
        "const rows = [...document.querySelectorAll('[data-testid=entry-row]')]; \
         return rows.length > 0 && rows.every((r) => r.querySelector('.c-summary').getBoundingClientRect().bottom <= r.getBoundingClientRect().bottom + 1)",
    )
    .await;
    app.eventually_js(
        "every button in the top bar stays on screen at the larger size",
        "return [...document.querySelectorAll('.topbar button')].every((b) => b.getBoundingClientRect().right <= window.innerWidth)",
    )
    .await;

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
        "return getComputedStyle(document.documentElement).fontSize === '18.75px' \
         && getComputedStyle(document.querySelector('nav.sidebar')).display === 'none'",
    )
    .await;
    // Shown again, at the normal size.
    app.find("[data-testid=sidebar-toggle]")
        .await
        .click()
        .await
        .unwrap();
    app.press("0", true).await;
    app.wait_text("[data-testid=text-size]", |t| t.contains("100%"))
        .await;
    assert_eq!(root_font_size(&app).await, "15px");
    app.screenshot("screens-02-normal").await;
    app.close().await;
}

/// The chronology shows one agency's entries on request (those it sent and those sent to it),
/// wraps long events, and prints the list as filtered: every row, not only those in view,
/// under the review's title, with pseudonyms.
#[tokio::test(flavor = "multi_thread")]
async fn the_chronology_filters_by_agency_wraps_and_prints_every_row() {
    let app = App::launch(&["--demo"]).await;
    app.click_when_enabled("[data-testid=nav-chronology]").await;
    app.find("[data-testid=entry-row]").await;
    let all = app
        .wait_text("[data-testid=entry-count]", |t| t.contains("entries"))
        .await;
    // Long events wrap: some event cell is taller than one line.
    app.eventually_js(
        "a long event wraps onto more than one line",
        "return [...document.querySelectorAll('[data-testid=entry-row] .c-summary')].some((el) => el.clientHeight > 30)",
    )
    .await;
    // One agency: the second in the list.
    let chosen = app
        .js(
            "const s = document.querySelector('[data-testid=agency-filter]'); s.value = s.options[2].value; \
             s.dispatchEvent(new Event('change', { bubbles: true })); return s.options[2].text.split(':')[0]",
            vec![],
        )
        .await;
    let chosen = chosen.as_str().unwrap().to_string();
    let filtered = app
        .wait_text("[data-testid=entry-count]", |t| t != all)
        .await;
    app.screenshot("screens-03-chronology-one-agency").await;
    // Printing (the print dialog is the system's: stood in for here) lays out every row.
    app.js(
        "window.chronolanePrinted = null; window.print = () => { \
         const v = document.querySelector('[data-testid=print-view]'); \
         window.chronolanePrinted = { rows: v.querySelectorAll('[data-testid=print-row]').length, text: v.innerText, top: v.parentElement === document.body }; };",
        vec![],
    )
    .await;
    app.click_when_enabled("[data-testid=print-chronology]")
        .await;
    app.eventually_js(
        "the print was asked for",
        "return !!window.chronolanePrinted",
    )
    .await;
    let printed = app.js("return window.chronolanePrinted", vec![]).await;
    // The count shown includes duplicates folded under the entry they were merged into.
    let number = |text: &str| -> u64 {
        text.split_whitespace()
            .next()
            .and_then(|n| n.replace(',', "").parse().ok())
            .unwrap_or_else(|| panic!("a count in {text:?}"))
    };
    let folded = app
        .js(
            "const f = document.querySelector('[data-testid=folded-count]'); return f ? f.innerText : '0'",
            vec![],
        )
        .await;
    let count = number(&filtered) - number(folded.as_str().unwrap());
    assert_eq!(
        printed["rows"].as_u64(),
        Some(count),
        "every filtered row is printed"
    );
    assert_eq!(
        printed["top"],
        serde_json::json!(true),
        "printed on its own"
    );
    let text = printed["text"].as_str().unwrap();
    assert!(text.contains("Integrated chronology"), "{text}");
    assert!(text.contains("pseudonyms"), "{text}");
    assert!(text.contains(&chosen), "{text}");
    // Nothing of the print is left on the page afterwards.
    app.eventually_js(
        "the printable list is gone",
        "return !document.querySelector('[data-testid=print-view]')",
    )
    .await;
    app.close().await;
}
