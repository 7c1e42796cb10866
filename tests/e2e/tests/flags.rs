//! Journeys through the flags panel in the real app: running the analysis, reading a flag's
//! explanation and evidence, triage that survives a re-run and undo, and the protocol rules
//! and settings editors — each asserted on what SQLite holds.

use chronolane::model::{FlagStatus, ProtocolRuleId};
use chronolane::Store;
use chronolane_e2e::App;

const DEMO: &str = "Demo review - Child R.chronolane";

fn demo(app: &App) -> Store {
    Store::open(&app.app_dir.path().join(DEMO), None).unwrap()
}

async fn open_flags(app: &App) {
    app.wait_text("[data-testid=review-name]", |t| t.contains("Child R"))
        .await;
    app.click_when_enabled("[data-testid=nav-flags]").await;
    app.find("[data-testid=flags]").await;
}

/// The identity of the selected flag (from the list item marked selected).
async fn selected_identity(app: &App) -> String {
    app.js(
        "return document.querySelector('[data-testid=flag-item][aria-selected=true]').dataset.identity",
        vec![],
    )
    .await
    .as_str()
    .unwrap()
    .to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn run_the_analysis_read_a_flag_and_triage_it() {
    let app = App::launch(&["--demo"]).await;
    open_flags(&app).await;
    // A new review has no flags yet: the panel says so and offers to run the analysis.
    app.wait_text("[data-testid=flags-pending]", |t| {
        t.contains("not been run")
    })
    .await;
    assert!(demo(&app).read().flags().unwrap().is_empty());
    app.screenshot("flags-01-not-run").await;

    app.click_when_enabled("[data-testid=run-analysis]").await;
    app.eventually("the analysis stores its flags", || {
        !demo(&app).read().flags().unwrap().is_empty()
    })
    .await;
    let stored = demo(&app).read().flags().unwrap();
    let current = stored.iter().filter(|f| f.current).count();
    app.wait_text("[data-testid=flag-count-all]", |t| {
        t.contains(&current.to_string())
    })
    .await;
    let items = app.find_all("[data-testid=flag-item]").await;
    assert_eq!(
        items.len(),
        current,
        "the list shows every current flag in the file"
    );
    // Counts by kind match the file.
    for kind in ["lost_transfer", "child_not_seen", "delayed_response"] {
        let n = stored
            .iter()
            .filter(|f| f.current && f.kind.code() == kind)
            .count();
        let text = app
            .wait_text(&format!("[data-testid=flag-count-{kind}]"), |t| {
                !t.is_empty()
            })
            .await;
        assert!(
            text.starts_with(&n.to_string()),
            "{kind}: {text} (file has {n})"
        );
    }

    // The selected flag's explanation and evidence are the stored ones.
    let identity = selected_identity(&app).await;
    let flag = stored
        .iter()
        .find(|f| f.identity == identity)
        .unwrap()
        .clone();
    // With "Show real names" off, as the app starts, the explanation is shown as the core's
    // pseudonymiser returns it (an explanation can quote a record that names someone), with
    // entries cited by their chronology row, not their id.
    let people = demo(&app).read().people().unwrap();
    let rows = chronolane::numbering::rows_from_order(&demo(&app).read().entry_order().unwrap());
    let cited = chronolane::numbering::cite_rows(&flag.explanation, &rows);
    assert_ne!(cited, flag.explanation, "the flag cites entries");
    let expected = chronolane::export::Pseudonymiser::new(&people).apply(&cited);
    let explanation = app
        .wait_text("[data-testid=flag-explanation]", |t| {
            !t.is_empty() && t.trim() != "…"
        })
        .await;
    assert_eq!(explanation.trim(), expected.trim());
    let evidence = app.find_all("[data-testid=evidence-entry]").await;
    assert_eq!(evidence.len(), flag.evidence.len());
    app.screenshot("flags-02-after-run").await;

    // Confirm it.
    app.click_when_enabled("[data-testid=flag-confirm]").await;
    app.eventually("the confirmation reaches the file", || {
        demo(&app).read().flag(flag.id).unwrap().status == FlagStatus::Confirmed
    })
    .await;

    // Dismiss the next flag: a reason is required.
    app.js(
        "document.querySelectorAll('[data-testid=flag-item]')[1].click()",
        vec![],
    )
    .await;
    let second_identity = selected_identity(&app).await;
    assert_ne!(second_identity, identity);
    let second = demo(&app)
        .read()
        .flags()
        .unwrap()
        .into_iter()
        .find(|f| f.identity == second_identity)
        .unwrap();
    app.click_when_enabled("[data-testid=flag-dismiss]").await;
    let save = app.find("[data-testid=flag-dismiss-save]").await;
    assert!(
        !save.is_enabled().await.unwrap(),
        "dismissing without a reason is not possible"
    );
    app.find("[data-testid=flag-rationale]")
        .await
        .send_keys("Discussed by the review team: explained by the nursery's record.")
        .await
        .unwrap();
    app.screenshot("flags-03a-typing").await;
    app.click_when_enabled("[data-testid=flag-dismiss-save]")
        .await;
    app.eventually("the dismissal and its reason reach the file", || {
        let f = demo(&app).read().flag(second.id).unwrap();
        f.status == FlagStatus::Dismissed && f.rationale.contains("review team")
    })
    .await;
    app.wait_text("[data-testid=flag-rationale-text]", |t| {
        t.contains("review team")
    })
    .await;
    app.screenshot("flags-03-dismissed").await;

    // Running the analysis again keeps both decisions.
    app.click_when_enabled("[data-testid=run-analysis]").await;
    app.wait_text("[data-testid=notice]", |t| t.contains("Analysis done"))
        .await;
    let after = demo(&app).read().flags().unwrap();
    assert_eq!(
        after.len(),
        stored.len(),
        "no flag added or lost by re-running"
    );
    assert_eq!(
        after.iter().find(|f| f.id == flag.id).unwrap().status,
        FlagStatus::Confirmed
    );
    assert_eq!(
        after.iter().find(|f| f.id == second.id).unwrap().status,
        FlagStatus::Dismissed
    );

    // Undo takes back the dismissal (the last change; the re-run changed nothing).
    app.click_when_enabled("[data-testid=undo]").await;
    app.eventually("undo restores the flag", || {
        demo(&app).read().flag(second.id).unwrap().status == FlagStatus::Open
    })
    .await;
    app.wait_text("[data-testid=flag-detail-status]", |t| t.contains("Open"))
        .await;

    app.screenshot("flags-04-undone").await;
    // Showing the evidence on the timeline opens the timeline (or, in a build without one,
    // says so and keeps the evidence in place).
    app.click_when_enabled("[data-testid=flag-show-timeline]")
        .await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    loop {
        let shown = app
            .js(
                "const t = document.querySelector('[data-testid=nav-timeline]'); \
                 const n = [...document.querySelectorAll('[data-testid=notice]')].map(x => x.innerText).join(' '); \
                 return (t && t.getAttribute('aria-current') === 'page') || n.includes('timeline is not available');",
                vec![],
            )
            .await;
        if shown.as_bool() == Some(true) {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the timeline request went nowhere"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn protocol_rules_and_settings_are_edited_in_the_app() {
    let app = App::launch(&["--demo"]).await;
    open_flags(&app).await;
    app.click_when_enabled("[data-testid=flags-tab-rules]")
        .await;
    app.find("[data-testid=rule]").await;
    let rules = demo(&app).read().protocol_rules().unwrap();
    assert_eq!(app.find_all("[data-testid=rule]").await.len(), rules.len());

    // Change the first rule's timescale and, at once, its name: the second change builds on
    // the first (a rule saved from the record before the first change would undo it).
    let first = rules[0].clone();
    app.js(
        "const rule = document.querySelector('[data-testid=rule]'); \
         const set = (css, v) => { const i = rule.querySelector(css); i.value = v; i.dispatchEvent(new Event('change', { bubbles: true })); }; \
         set('[data-testid=rule-days]', '3'); set('[data-testid=rule-name]', 'Referral acknowledged');",
        vec![],
    )
    .await;
    app.eventually("the timescale and name reach the file", || {
        let stored = demo(&app).read().protocol_rules().unwrap();
        let rule = stored.iter().find(|r| r.id == first.id).unwrap().clone();
        rule.working_days == 3 && rule.name == "Referral acknowledged"
    })
    .await;
    // Add a rule.
    app.click_when_enabled("[data-testid=rule-add]").await;
    app.eventually("the new rule reaches the file", || {
        demo(&app).read().protocol_rules().unwrap().len() == rules.len() + 1
    })
    .await;
    app.screenshot("flags-05-rules").await;

    // A setting: turn off the child-not-seen rule.
    app.click_when_enabled("[data-testid=flags-tab-settings]")
        .await;
    // The messages at the foot of the window (the rule added) are closed, and each control is
    // brought to the middle of the settings before it is clicked, as a reviewer would scroll.
    app.js(
        "document.querySelectorAll('[data-testid=notice] button').forEach((b) => b.click())",
        vec![],
    )
    .await;
    let centre = |css: &str| {
        format!("document.querySelector('{css}').scrollIntoView({{ block: 'center' }})")
    };
    app.js(
        &centre("[data-testid=setting-child_not_seen-enabled]"),
        vec![],
    )
    .await;
    app.click_when_enabled("[data-testid=setting-child_not_seen-enabled]")
        .await;
    app.eventually("the setting reaches the file", || {
        let json = demo(&app).read().analysis_settings_json().unwrap();
        !chronolane::analysis::AnalysisSettings::from_json(&json)
            .unwrap()
            .child_not_seen
            .enabled
    })
    .await;
    app.screenshot("flags-06-settings").await;

    // The risks that call for a statutory response: the first made to apply to babies under 3
    // months only, a partnership's own risk added with its words, then the new one removed.
    let settings = |app: &App| {
        let json = demo(app).read().analysis_settings_json().unwrap();
        chronolane::analysis::AnalysisSettings::from_json(&json).unwrap()
    };
    let risks = settings(&app).missed_escalation.statutory_risks;
    assert_eq!(
        app.find_all("[data-testid=statutory-risk]").await.len(),
        risks.len()
    );
    let change = |css: &str, value: &str| {
        format!(
            "const i = document.querySelector('[data-testid=statutory-risk] {css}'); i.value = '{value}'; \
             i.dispatchEvent(new Event('change', {{ bubbles: true }}));"
        )
    };
    app.js(&change("[data-testid=risk-months]", "3"), vec![])
        .await;
    app.eventually("the risk's age reaches the file", || {
        settings(&app).missed_escalation.statutory_risks[0].under_months == 3
    })
    .await;
    app.js(&centre("[data-testid=risk-add]"), vec![]).await;
    app.click_when_enabled("[data-testid=risk-add]").await;
    app.eventually("the new risk reaches the file", || {
        settings(&app).missed_escalation.statutory_risks.len() == risks.len() + 1
    })
    .await;
    // Two fields changed at once: the second builds on the first, not on the file before it.
    app.js(
        "const rows = document.querySelectorAll('[data-testid=statutory-risk]'); const row = rows[rows.length - 1]; \
         const set = (css, v) => { const i = row.querySelector(css); i.value = v; i.dispatchEvent(new Event('change', { bubbles: true })); }; \
         set('[data-testid=risk-label]', 'a fabricated illness concern'); \
         row.querySelector('[data-testid=risk-calls-for] input[value=child_protection]').click();",
        vec![],
    )
    .await;
    app.eventually("the new risk's name and response reach the file", || {
        let r = settings(&app).missed_escalation.statutory_risks;
        r.last().unwrap().label == "a fabricated illness concern"
            && r.last().unwrap().calls_for == chronolane::model::ServiceLevel::ChildProtection
    })
    .await;
    // The last risk's words, typed as a reviewer would (comma-separated).
    let last_words = |text: &str| {
        format!(
            "const rows = document.querySelectorAll('[data-testid=statutory-risk]'); \
             const w = rows[rows.length - 1].querySelector('[data-testid=risk-words]'); \
             w.value = '{text}'; w.dispatchEvent(new Event('change', {{ bubbles: true }}));"
        )
    };
    app.js(&last_words("fabricated, induced illness"), vec![])
        .await;
    app.eventually("the new risk's words reach the file", || {
        settings(&app)
            .missed_escalation
            .statutory_risks
            .last()
            .unwrap()
            .words
            == ["fabricated", "induced illness"]
    })
    .await;
    app.js(&centre("[data-testid=statutory-risks]"), vec![])
        .await;
    app.screenshot("flags-07-statutory-risks").await;
    // A risk with nothing that records it is refused with a message, and the file keeps the words.
    app.js(&last_words(" , "), vec![]).await;
    app.eventually_js(
        "a message says what is missing",
        "return [...document.querySelectorAll('[data-testid=notice]')].some((n) => n.innerText.includes('at least one concern category or word'))",
    )
    .await;
    assert_eq!(
        settings(&app)
            .missed_escalation
            .statutory_risks
            .last()
            .unwrap()
            .words,
        ["fabricated", "induced illness"]
    );
    app.js(
        "const rows = document.querySelectorAll('[data-testid=statutory-risk] [data-testid=risk-remove]'); rows[rows.length - 1].click();",
        vec![],
    )
    .await;
    app.eventually("the new risk is removed from the file", || {
        settings(&app).missed_escalation.statutory_risks.len() == risks.len()
    })
    .await;
    // Undo, step by step: first the removal.
    app.click_when_enabled("[data-testid=undo]").await;
    app.eventually("undo brings the new risk back", || {
        settings(&app).missed_escalation.statutory_risks.len() == risks.len() + 1
    })
    .await;
    // Then the words, the response, the name, the added risk and the age.
    for _ in 0..5 {
        let before = settings(&app).missed_escalation.statutory_risks;
        app.click_when_enabled("[data-testid=undo]").await;
        app.eventually("each undo reaches the file", || {
            settings(&app).missed_escalation.statutory_risks != before
        })
        .await;
    }
    app.eventually("undo puts the risks back as they were", || {
        settings(&app).missed_escalation.statutory_risks == risks
    })
    .await;

    // Undo twice: the setting, then the added rule.
    app.click_when_enabled("[data-testid=undo]").await;
    app.eventually("undo restores the setting", || {
        let json = demo(&app).read().analysis_settings_json().unwrap();
        chronolane::analysis::AnalysisSettings::from_json(&json)
            .unwrap()
            .child_not_seen
            .enabled
    })
    .await;
    app.click_when_enabled("[data-testid=undo]").await;
    app.eventually("undo removes the added rule", || {
        demo(&app).read().protocol_rules().unwrap().len() == rules.len()
    })
    .await;
    assert!(demo(&app)
        .read()
        .protocol_rules()
        .unwrap()
        .iter()
        .any(|r| r.id == ProtocolRuleId(first.id.0)));
    app.close().await;
}

/// On a large review the analysis shows what it is doing and can be cancelled; a cancelled run
/// changes nothing in the file.
#[tokio::test(flavor = "multi_thread")]
async fn a_long_analysis_shows_progress_and_cancel_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("large review.chronolane");
    let data = chronolane::analysis::synthetic::synthetic_review(50_000, 7);
    Store::create_with(&file, None, |w| data.insert_into(w)).unwrap();
    let changes = |f: &std::path::Path| Store::open(f, None).unwrap().recent_changes(5).unwrap();
    let before = changes(&file);

    let app = App::launch(&[file.to_str().unwrap()]).await;
    app.wait_text("[data-testid=review-name]", |t| !t.is_empty())
        .await;
    app.click_when_enabled("[data-testid=nav-flags]").await;
    // The panel has loaded before the run is asked for: it runs the analysis in memory to
    // count what a run would change, which on 50,000 entries on a busy machine can take
    // longer than a wait for one step, and the run waits for it.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(180);
    while !app
        .js(
            "const el = document.querySelector('[data-testid=flags-pending]'); \
             return !!el && el.innerText.includes('not been run')",
            vec![],
        )
        .await
        .as_bool()
        .unwrap_or(false)
    {
        assert!(
            std::time::Instant::now() < deadline,
            "the flags panel of a 50,000-entry review loads"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    app.click_when_enabled("[data-testid=run-analysis]").await;
    app.wait_text("[data-testid=analysis-progress]", |t| {
        t.starts_with("Reading the chronology") || t.starts_with("Looking for")
    })
    .await;
    app.screenshot("flags-07-analysis-progress").await;
    app.click_when_enabled("[data-testid=analysis-cancel]")
        .await;
    app.wait_text("[data-testid=notice]", |t| t.contains("Analysis cancelled"))
        .await;
    app.find("[data-testid=run-analysis]").await;
    assert!(Store::open(&file, None)
        .unwrap()
        .read()
        .flags()
        .unwrap()
        .is_empty());
    assert_eq!(
        changes(&file),
        before,
        "a cancelled analysis records nothing"
    );
    app.close().await;
}
