//! A link made on the timeline: with one entry open, the reviewer focuses another on the
//! canvas and presses Alt+Enter (Alt+click does the same with the mouse), says how the two
//! relate, and the link is in the file; Undo takes it away. Its arrow, clicked, picks it: what
//! it says is changed, then it is removed, each step undone.

use chronolane::api::DEMO_FILE;
use chronolane::model::LinkKind;
use chronolane::store::Store;
use chronolane_e2e::App;

const ALT: &str = "\u{E00A}";
const ENTER: &str = "\u{E007}";
const RIGHT: &str = "\u{E014}";

#[tokio::test(flavor = "multi_thread")]
async fn two_entries_are_linked_from_the_timeline_and_undo_takes_the_link_back() {
    let app = App::launch(&["--demo"]).await;
    app.find("[data-testid=nav-overview]").await;
    app.open_timeline().await;
    // Zoom in until two entries of one lane are drawn on their own; open the left one.
    const PAIR: &str = "const d = window.chronolaneTimeline.drawn() || []; \
         return d.find((a) => d.some((b) => b !== a && Math.abs(b[2] - a[2]) < 1 && b[1] > a[1])) || null;";
    app.eventually_js(
        "two entries of a lane are drawn on their own",
        &format!(
            "if ((() => {{ {PAIR} }})()) return true; \
             document.querySelector('[data-testid=zoom-in]').click(); return false;"
        ),
    )
    .await;
    let first = app.js(PAIR, vec![]).await;
    let from = first[0].as_str().unwrap().to_string();
    app.click_at(first[1].as_f64().unwrap(), first[2].as_f64().unwrap())
        .await;
    app.wait_text("[data-testid=entry-detail]", |t| !t.is_empty())
        .await;
    let open = app
        .js(
            "return document.querySelector('[data-testid=entry-detail]').dataset.entryId",
            vec![],
        )
        .await;
    assert_eq!(
        open.as_str(),
        Some(from.as_str()),
        "the clicked entry is open"
    );
    // The keyboard moves to the next entry; Alt+Enter asks to link the open entry to it.
    let canvas = app.find("[data-testid=timeline-canvas]").await;
    let before = app
        .wait_text("[data-testid=timeline-announce]", |t| !t.is_empty())
        .await;
    canvas.send_keys(RIGHT).await.unwrap();
    app.wait_text("[data-testid=timeline-announce]", |t| t != before)
        .await;
    canvas.send_keys(&format!("{ALT}{ENTER}")).await.unwrap();
    app.find("[data-testid=timeline-link]").await;
    let shown_from = app
        .wait_text("[data-testid=timeline-link-from]", |t| !t.is_empty())
        .await;
    let shown_to = app
        .wait_text("[data-testid=timeline-link-to]", |t| !t.is_empty())
        .await;
    assert_ne!(shown_from, shown_to, "two different entries");
    app.screenshot("timeline-link-00-asked").await;
    app.click_when_enabled("[data-testid=timeline-link-add]")
        .await;
    app.eventually_js(
        "the link form has closed",
        "return !document.querySelector('[data-testid=timeline-link]')",
    )
    .await;
    app.wait_link_kinds("the link responds to the other", |k| {
        k.iter().any(|k| k == "responds_to")
    })
    .await;
    app.screenshot("timeline-link-01-linked").await;
    // Undo takes it away; redo brings it back, and the file holds it.
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
    app.eventually_js(
        "every save has been answered",
        "return !document.querySelector('.busy')",
    )
    .await;

    // The arrow picked on the timeline: what the link says is changed there, then the link is
    // removed; Undo takes back each step.
    let link_id = app
        .js(
            "const s = [...document.querySelectorAll('[data-testid=entry-link-kind]')].find((s) => s.value === 'responds_to'); \
             return s ? s.dataset.linkId : null",
            vec![],
        )
        .await
        .as_str()
        .expect("the new link is listed in the entry view")
        .to_string();
    app.js(
        "document.querySelector('[data-testid=timeline-details] [aria-label=\"Close details\"]').click()",
        vec![],
    )
    .await;
    let arrow = format!(
        "const l = (window.chronolaneTimeline.links() || []).find((l) => l[0] === '{link_id}' && \
         document.elementFromPoint(l[1], l[2])?.tagName === 'CANVAS'); return l || null;"
    );
    app.eventually_js(
        "the new link's arrow is drawn where it can be clicked",
        &format!("return !!(() => {{ {arrow} }})()"),
    )
    .await;
    let at = app.js(&arrow, vec![]).await;
    app.click_at(at[1].as_f64().unwrap(), at[2].as_f64().unwrap())
        .await;
    app.find("[data-testid=timeline-link-edit]").await;
    let kind = "return document.querySelector('[data-testid=timeline-link-edit-kind]')?.value";
    assert_eq!(app.js(kind, vec![]).await.as_str(), Some("responds_to"));
    app.js(
        "const s = document.querySelector('[data-testid=timeline-link-edit-kind]'); s.value = 'escalates'; \
         s.dispatchEvent(new Event('change', { bubbles: true }));",
        vec![],
    )
    .await;
    app.eventually_js(
        "the change is saved",
        "return !document.querySelector('.busy') && document.querySelector('[data-testid=undo]')?.title?.includes('escalates')",
    )
    .await;
    app.screenshot("timeline-link-02-picked-and-changed").await;
    app.click_when_enabled("[data-testid=undo]").await;
    app.eventually_js(
        "undo puts the response back",
        &format!("return (() => {{ {kind} }})() === 'responds_to'"),
    )
    .await;
    app.click_when_enabled("[data-testid=redo]").await;
    app.eventually_js(
        "redo makes it an escalation again",
        &format!("return (() => {{ {kind} }})() === 'escalates'"),
    )
    .await;
    app.click_when_enabled("[data-testid=timeline-link-remove]")
        .await;
    let drawn = format!(
        "return (window.chronolaneTimeline.links() || []).some((l) => l[0] === '{link_id}')"
    );
    app.eventually_js(
        "the removed link is no longer drawn",
        &drawn.replace("return ", "return !"),
    )
    .await;
    app.click_when_enabled("[data-testid=undo]").await;
    app.eventually_js("undo draws the link again", &drawn).await;
    app.eventually_js(
        "every save has been answered",
        "return !document.querySelector('.busy')",
    )
    .await;
    let dir = app.close_keeping_app_dir().await;
    let store = Store::open(&dir.path().join(DEMO_FILE), None).unwrap();
    let link = store
        .read()
        .links()
        .unwrap()
        .into_iter()
        .find(|l| l.from.to_string() == from && l.kind == LinkKind::Escalates)
        .expect("the link made and changed on the timeline is in the file");
    assert_ne!(link.to.to_string(), from);
}
