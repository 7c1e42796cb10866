//! The timeline made for the report and the meeting room (issue 11, items 1-3), in the real
//! app on the fictional demo case with its flags raised: it opens on the review's scope; flags
//! are one mark each, with a toggle per kind; details overlay the lanes; exports of a period
//! (the view, the scope, a KPE, dates) at slide and page sizes; the child's date of birth
//! bounds the "not seen" periods; presentation at two projector sizes reads from the back of
//! the room. Screenshots and exported files land in target/e2e-screenshots/ (room-*).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use chronolane::api::{Day as NaiveDate, Session};
use chronolane::model::*;
use chronolane::Store;
use chronolane_e2e::App;
use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Days since 01/01/1970, as the timeline counts them.
fn days(d: NaiveDate) -> f64 {
    (d - day(1970, 1, 1)).num_days() as f64
}

/// The demo case (fictional) written to a review file, its flags raised by the analysis; the
/// child's date of birth is left for the reviewer to give when `without_birth`.
fn write_case(dir: &Path, without_birth: bool) -> PathBuf {
    let path = dir.join("room.chronolane");
    let mut data = chronolane::demo::demo_review();
    if without_birth {
        for p in &mut data.people {
            p.date_of_birth = None;
        }
    }
    let store = Store::create_with(&path, None, |w| data.insert_into(w)).unwrap();
    let mut session = Session::new(dir.to_path_buf());
    session.set_store(store);
    session.run_analysis_on(day(2022, 1, 10)).unwrap();
    drop(session);
    path
}

async fn hook(app: &App, name: &str) -> serde_json::Value {
    app.js(
        &format!("return window.chronolaneTimeline.{name}()"),
        vec![],
    )
    .await
}

async fn move_to(app: &App, x: f64, y: f64, click: bool) {
    let mut mouse = MouseActions::new("mouse".into()).then(PointerAction::MoveTo {
        duration: None,
        x: x.round(),
        y: y.round(),
    });
    if click {
        mouse = mouse
            .then(PointerAction::Down {
                button: MOUSE_BUTTON_LEFT,
            })
            .then(PointerAction::Up {
                button: MOUSE_BUTTON_LEFT,
            });
    }
    app.client.perform_actions(mouse).await.expect("mouse");
}

/// Where an entry drawn on its own is on the page, trying the entries in order.
async fn some_entry_on_screen(app: &App, entries: &[Entry]) -> (f64, f64) {
    for e in entries {
        let p = app
            .js(
                "return window.chronolaneTimeline.positionOf(arguments[0])",
                vec![e.id.to_string().into()],
            )
            .await;
        if let Some(p) = p.as_array() {
            if p[2].as_f64() == Some(0.0) {
                return (p[0].as_f64().unwrap(), p[1].as_f64().unwrap());
            }
        }
    }
    panic!("no entry is drawn on its own on the screen");
}

/// Asks the timeline for an export, as the save dialog's answer would, and waits for it.
async fn export(app: &App, detail: serde_json::Value) -> serde_json::Value {
    let path = detail["path"].as_str().unwrap().to_string();
    let _ = std::fs::remove_file(&path);
    app.js(
        "window.dispatchEvent(new CustomEvent('chronolane:export-timeline', { detail: arguments[0] }))",
        vec![detail],
    )
    .await;
    let name = Path::new(&path)
        .file_name()
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    let report = app
        .wait_text("[data-testid=last-export]", |t| t.contains(&name))
        .await;
    assert!(Path::new(&path).exists(), "{path} was written");
    serde_json::from_str(&report).unwrap()
}

fn png_size(path: &Path) -> (u32, u32) {
    let png = std::fs::read(path).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    (
        u32::from_be_bytes(png[16..20].try_into().unwrap()),
        u32::from_be_bytes(png[20..24].try_into().unwrap()),
    )
}

/// A PDF's pages: (width, height) in points and the text of each page (poppler-utils).
fn pdf_pages(path: &Path) -> Vec<((f64, f64), String)> {
    let info = Command::new("pdfinfo")
        .args(["-f", "1", "-l", "999"])
        .arg(path)
        .output()
        .expect("run pdfinfo (poppler-utils)");
    assert!(info.status.success());
    let info = String::from_utf8_lossy(&info.stdout);
    let sizes: Vec<(f64, f64)> = info
        .lines()
        .filter(|l| l.starts_with("Page") && l.contains("size:"))
        .map(|l| {
            let nums: Vec<f64> = l
                .split(':')
                .nth(1)
                .unwrap()
                .split_whitespace()
                .filter_map(|w| w.parse().ok())
                .collect();
            (nums[0], nums[1])
        })
        .collect();
    sizes
        .iter()
        .enumerate()
        .map(|(k, size)| {
            let n = (k + 1).to_string();
            let text = Command::new("pdftotext")
                .args(["-layout", "-f", &n, "-l", &n])
                .arg(path)
                .arg("-")
                .output()
                .expect("run pdftotext");
            (*size, String::from_utf8_lossy(&text.stdout).to_string())
        })
        .collect()
}

/// Renders each page of a PDF as a PNG next to the screenshots, to be looked at.
fn pdf_to_pngs(path: &Path, name: &str) {
    let status = Command::new("pdftoppm")
        .args(["-png", "-r", "60"])
        .arg(path)
        .arg(chronolane_e2e::screenshot_dir().join(name))
        .status()
        .unwrap();
    assert!(status.success());
}

#[tokio::test(flavor = "multi_thread")]
async fn the_timeline_opens_on_the_scope_calmly_and_exports_for_reports_and_slides() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_case(dir.path(), false);
    let (review, entries, flags, kpes, people) = {
        let store = Store::open(&file, None).unwrap();
        let r = store.read();
        (
            r.review().unwrap(),
            r.entries().unwrap(),
            r.flags().unwrap(),
            r.kpes().unwrap(),
            r.people().unwrap(),
        )
    };
    let (start, end) = (review.scope_start.unwrap(), review.scope_end.unwrap());
    let app = App::launch(&[file.to_str().unwrap()]).await;
    app.client.set_window_size(1600, 900).await.unwrap();
    app.wait_text("[data-testid=review-name]", |t| t.contains("Child R"))
        .await;
    app.open_timeline().await;

    // It opens on the scope, not on the whole span of the records.
    let range = hook(&app, "range").await;
    let (a, b) = (range[0].as_f64().unwrap(), range[1].as_f64().unwrap());
    let span = days(end) + 1.0 - days(start);
    assert!(
        (a - days(start)).abs() < span * 0.03 && (b - days(end) - 1.0).abs() < span * 0.03,
        "opens on the scope {start}..{end}: shows {a}..{b}"
    );
    let first = entries.iter().map(|e| e.date.start).min().unwrap();
    assert!(first < start, "the demo has background before its scope");
    app.screenshot("room-01-opens-on-the-scope").await;

    // Flags: one mark each, no flag twice; a kind turned off leaves the strip.
    let current: Vec<&Flag> = flags
        .iter()
        .filter(|f| f.current && f.status != FlagStatus::Dismissed)
        .collect();
    assert!(current.len() >= 3, "the analysis raised flags");
    let marks = |v: serde_json::Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap().to_string())
            .collect()
    };
    let drawn = marks(hook(&app, "flagMarks").await);
    assert!(!drawn.is_empty());
    assert_eq!(
        drawn.iter().collect::<HashSet<_>>().len(),
        drawn.len(),
        "one mark per flag"
    );
    let kind_of = |id: &str| {
        current
            .iter()
            .find(|f| f.id.to_string() == id)
            .map(|f| f.kind)
    };
    assert!(drawn.iter().all(|id| kind_of(id).is_some()), "{drawn:?}");
    let kind = kind_of(&drawn[0]).unwrap();
    let code = serde_json::to_value(kind).unwrap();
    let code = code.as_str().unwrap();
    app.click_when_enabled("[data-testid=toggle-flag-kinds]")
        .await;
    app.click_when_enabled(&format!("[data-testid=flag-kind-{code}]"))
        .await;
    let mut left = Vec::new();
    for _ in 0..50 {
        left = marks(hook(&app, "flagMarks").await);
        if left.len() < drawn.len() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(left.len() < drawn.len(), "{code} turned off: {left:?}");
    assert!(left.iter().all(|id| kind_of(id) != Some(kind)));
    app.screenshot("room-02-flag-kinds").await;
    app.click_when_enabled(&format!("[data-testid=flag-kind-{code}]"))
        .await;
    app.click_when_enabled("[data-testid=toggle-flag-kinds]")
        .await;

    // The details panel overlays the lanes: the canvas keeps its width.
    let before = hook(&app, "canvasBox").await;
    let in_scope: Vec<Entry> = entries
        .iter()
        .filter(|e| e.date.start >= start && e.date.end <= end)
        .cloned()
        .collect();
    let (x, y) = some_entry_on_screen(&app, &in_scope).await;
    move_to(&app, x, y, true).await;
    app.find("[data-testid=timeline-details]").await;
    let after = hook(&app, "canvasBox").await;
    assert_eq!(
        before[2], after[2],
        "the canvas is as wide with the panel open"
    );
    app.screenshot("room-03-details-over-the-lanes").await;

    // Exports.
    let out = chronolane_e2e::screenshot_dir();
    let at = |name: &str| out.join(name).to_str().unwrap().to_string();
    let kpe = &kpes[kpes.len() / 2];
    // A slide of the scope, and a 4K slide of one KPE.
    let slide = export(
        &app,
        serde_json::json!({ "format": "png", "path": at("room-export-slide-scope.png"), "what": "scope", "size": "slide" }),
    )
    .await;
    assert_eq!(
        png_size(&out.join("room-export-slide-scope.png")),
        (1920, 1080)
    );
    assert_eq!(
        (slide["width"].as_u64(), slide["height"].as_u64()),
        (Some(1920), Some(1080))
    );
    export(
        &app,
        serde_json::json!({ "format": "png", "path": at("room-export-slide-4k-kpe.png"), "what": "kpe", "kpe": kpe.id.to_string(), "size": "slide-4k" }),
    )
    .await;
    assert_eq!(
        png_size(&out.join("room-export-slide-4k-kpe.png")),
        (3840, 2160)
    );
    // The view on screen as an SVG slide.
    export(
        &app,
        serde_json::json!({ "format": "svg", "path": at("room-export-view.svg"), "what": "view", "size": "slide" }),
    )
    .await;
    let svg = std::fs::read_to_string(out.join("room-export-view.svg")).unwrap();
    let tree = chronolane::timeline::render::parse_svg(&svg).unwrap();
    assert_eq!(
        (tree.size().width(), tree.size().height()),
        (1920.0, 1080.0)
    );
    assert!(svg.contains("On screen: ") && svg.contains("pseudonymised"));

    // Pages: A4 and A3, portrait and landscape, each period; every page titled and paged,
    // with the lanes repeated, and not one page empty.
    let lanes: Vec<String> = {
        let store = Store::open(&file, None).unwrap();
        let a = store.read().agencies().unwrap();
        a.iter().map(|a| a.short_name.clone()).collect()
    };
    let words: HashSet<String> = entries
        .iter()
        .flat_map(|e| [e.summary.clone(), e.detail.clone()])
        .chain(kpes.iter().map(|k| k.title.clone()))
        .chain(people.iter().map(|p| p.label.clone()))
        .chain(lanes.iter().cloned())
        .flat_map(|t| {
            t.split(|c: char| !c.is_alphanumeric() && c != '\'')
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    let cases = [
        (
            "a4-landscape",
            "scope",
            serde_json::json!({}),
            (842.25, 595.5),
        ),
        (
            "a4-portrait",
            "range",
            serde_json::json!({ "from": "2019-06-01", "to": "2020-05-31" }),
            (595.5, 842.25),
        ),
        (
            "a3-landscape",
            "view",
            serde_json::json!({}),
            (1190.25, 842.25),
        ),
        (
            "a3-portrait",
            "kpe",
            serde_json::json!({ "kpe": kpe.id.to_string() }),
            (842.25, 1190.25),
        ),
    ];
    for (size, what, extra, (w, h)) in cases {
        let name = format!("room-export-{size}-{what}");
        let mut detail = serde_json::json!({ "format": "pdf", "path": at(&format!("{name}.pdf")), "what": what, "size": size });
        for (k, v) in extra.as_object().unwrap() {
            detail[k] = v.clone();
        }
        let report = export(&app, detail).await;
        let pages = pdf_pages(&out.join(format!("{name}.pdf")));
        assert_eq!(
            pages.len() as u64,
            report["pages"].as_u64().unwrap(),
            "{name}"
        );
        assert!(!pages.is_empty());
        for (k, ((pw, ph), text)) in pages.iter().enumerate() {
            assert!(
                (pw - w).abs() < 1.0 && (ph - h).abs() < 1.0,
                "{name} page {}: {pw} x {ph}",
                k + 1
            );
            assert!(
                text.contains("multi-agency timeline") && text.contains("pseudonymised"),
                "{name} page {}: {text}",
                k + 1
            );
            if pages.len() > 1 {
                assert!(
                    text.contains(&format!("page {} of {}", k + 1, pages.len())),
                    "{name}: {text}"
                );
            }
            assert!(
                lanes.iter().all(|l| text.contains(l.as_str())),
                "{name} page {}: lanes repeated",
                k + 1
            );
            assert!(
                text.contains("Referral, transfer, information shared"),
                "{name}: legend"
            );
            // Labels fit or end at a whole word: every word before an ellipsis is a word of
            // the records (never "se…" for "seen").
            for token in text.split_whitespace().filter(|t| t.ends_with('…')) {
                let word = token
                    .trim_end_matches('…')
                    .trim_matches(|c: char| !c.is_alphanumeric());
                if word.chars().count() > 1 && word.chars().all(char::is_alphabetic) {
                    assert!(
                        words.contains(word),
                        "{name} page {}: '{token}' is cut mid-word",
                        k + 1
                    );
                }
            }
        }
        pdf_to_pngs(&out.join(format!("{name}.pdf")), &name);
    }
    // A page size as a picture is refused, plainly.
    app.js(
        "window.dispatchEvent(new CustomEvent('chronolane:export-timeline', { detail: arguments[0] }))",
        vec![serde_json::json!({ "format": "png", "path": at("room-refused.png"), "size": "a4-portrait" })],
    )
    .await;
    app.wait_text("[data-testid=notice]", |t| t.contains("exported as a PDF"))
        .await;
    assert!(!out.join("room-refused.png").exists());
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_child_s_date_of_birth_on_the_overview_starts_the_unseen_periods() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_case(dir.path(), true);
    let born = day(2019, 6, 20);
    let app = App::launch(&[file.to_str().unwrap()]).await;
    app.wait_text("[data-testid=review-name]", |t| t.contains("Child R"))
        .await;
    app.open_timeline().await;
    let starts = |v: serde_json::Value| -> Vec<NaiveDate> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|p| p["from"].as_str().unwrap().parse().unwrap())
            .collect()
    };
    let before = starts(hook(&app, "unseen").await);
    assert!(
        before.iter().any(|d| *d < born),
        "without a date of birth, unseen periods run before the birth: {before:?}"
    );
    app.click_when_enabled("[data-testid=nav-overview]").await;
    let field = app.find("[data-testid=child-dob]").await;
    field.send_keys("20/06/2019\t").await.unwrap();
    let mut stored = None;
    for _ in 0..100 {
        stored = Store::open(&file, None)
            .ok()
            .and_then(|s| s.read().review().ok())
            .and_then(|r| r.child_date_of_birth);
        if stored.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        stored,
        Some(born),
        "the date of birth is stored in the review"
    );
    app.screenshot("room-04-overview-date-of-birth").await;
    app.open_timeline().await;
    let mut after = Vec::new();
    for _ in 0..100 {
        after = starts(hook(&app, "unseen").await);
        if after.iter().all(|d| *d >= born) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        !after.is_empty() && after.iter().all(|d| *d >= born),
        "{after:?}"
    );
    app.screenshot("room-05-unseen-from-birth").await;
    app.close().await;
}

/// An Xvfb of a given size, stopped by its own PID; while it lives, DISPLAY names it, and
/// the previous DISPLAY comes back when it is dropped (also when a test fails).
struct Screen {
    child: Child,
    previous: Option<std::ffi::OsString>,
}

impl Screen {
    fn start(width: u32, height: u32) -> Screen {
        use std::io::BufRead;
        let mut child = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                &format!("{width}x{height}x24"),
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start Xvfb");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .expect("Xvfb reports its display");
        assert!(line.trim().parse::<u32>().is_ok(), "Xvfb display: {line:?}");
        let previous = std::env::var_os("DISPLAY");
        // The journeys run one at a time (--test-threads=1): nothing else reads DISPLAY.
        std::env::set_var("DISPLAY", format!(":{}", line.trim()));
        Screen { child, previous }
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        match self.previous.take() {
            Some(v) => std::env::set_var("DISPLAY", v),
            None => std::env::remove_var("DISPLAY"),
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// WCAG contrast of two CSS colours "rgb(r, g, b)".
fn contrast(a: &str, b: &str) -> f64 {
    let lum = |c: &str| {
        let v: Vec<f64> = c
            .trim_start_matches("rgba(")
            .trim_start_matches("rgb(")
            .trim_end_matches(')')
            .split(',')
            .take(3)
            .map(|x| x.trim().parse::<f64>().unwrap() / 255.0)
            .map(|x| {
                if x <= 0.03928 {
                    x / 12.92
                } else {
                    ((x + 0.055) / 1.055).powf(2.4)
                }
            })
            .collect();
        0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]
    };
    let (x, y) = (lum(a), lum(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

async fn present_on(file: &Path, entries: &[Entry], width: u32, height: u32) {
    let screen = Screen::start(width, height);
    let app = App::launch(&[file.to_str().unwrap()]).await;
    app.client.set_window_size(width, height).await.unwrap();
    app.wait_text("[data-testid=review-name]", |t| t.contains("Child R"))
        .await;
    app.open_timeline().await;
    // A tooltip showing when presentation starts...
    let (x, y) = some_entry_on_screen(&app, entries).await;
    move_to(&app, x, y, false).await;
    app.find(".tooltip").await;
    app.click_when_enabled("[data-testid=present]").await;
    app.find("[data-testid=timeline-view][data-presenting=true]")
        .await;
    // ... is gone, and hovering over entries shows none.
    let (x, y) = some_entry_on_screen(&app, entries).await;
    move_to(&app, x, y, false).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        app.find_all(".tooltip").await.is_empty(),
        "no tooltip when presenting"
    );
    // Labels of 24 px at least; every lane on the screen.
    let kind = hook(&app, "type").await;
    assert!(
        kind["label"].as_f64().unwrap() >= 24.0 && kind["small"].as_f64().unwrap() >= 24.0,
        "{kind}"
    );
    let mut hidden = f64::MAX;
    for _ in 0..50 {
        hidden = hook(&app, "overflow").await.as_f64().unwrap_or(f64::MAX);
        if hidden == 0.0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        hidden, 0.0,
        "lanes hidden below the screen at {width}x{height}"
    );
    // The page's text in presentation: at least 24 px, WCAG AAA contrast.
    let styles = app
        .js(
            "return [...document.querySelectorAll('[data-presenting=true] .toolbar button, [data-presenting=true] .step')]
               .filter((e) => e.offsetParent && e.innerText.trim())
               .map((e) => { const s = getComputedStyle(e); let bg = s.backgroundColor;
                 for (let p = e; bg === 'rgba(0, 0, 0, 0)' && p; p = p.parentElement) bg = getComputedStyle(p).backgroundColor;
                 return [e.innerText, parseFloat(s.fontSize), s.color, bg === 'rgba(0, 0, 0, 0)' ? 'rgb(255, 255, 255)' : bg, s.opacity]; })",
            vec![],
        )
        .await;
    let styles = styles.as_array().unwrap();
    assert!(styles.len() >= 4, "{styles:?}");
    for s in styles {
        let (text, size, fg, bg) = (
            s[0].as_str().unwrap(),
            s[1].as_f64().unwrap(),
            s[2].as_str().unwrap(),
            s[3].as_str().unwrap(),
        );
        assert!(size >= 24.0, "'{text}' is {size} px");
        if s[4].as_str() == Some("1") {
            assert!(contrast(fg, bg) >= 7.0, "'{text}': {fg} on {bg}");
        }
    }
    app.screenshot(&format!("room-06-presenting-{width}x{height}"))
        .await;
    // The legend comes over a corner and leaves the lanes where they were.
    let before = hook(&app, "canvasBox").await;
    app.find("[data-testid=timeline-canvas]")
        .await
        .send_keys("l")
        .await
        .unwrap();
    app.find("[data-testid=timeline-legend]").await;
    assert_eq!(
        hook(&app, "canvasBox").await,
        before,
        "the legend does not push the lanes"
    );
    assert_eq!(hook(&app, "overflow").await.as_f64(), Some(0.0));
    app.screenshot(&format!("room-07-presenting-legend-{width}x{height}"))
        .await;
    app.find("[data-testid=timeline-canvas]")
        .await
        .send_keys("l")
        .await
        .unwrap();
    app.find("[data-testid=timeline-canvas]")
        .await
        .send_keys("\u{E014}")
        .await
        .unwrap();
    app.wait_text("[data-testid=present-step]", |t| t.starts_with("1 of "))
        .await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    app.screenshot(&format!("room-08-presenting-step1-{width}x{height}"))
        .await;
    app.close().await;
    drop(screen);
}

#[tokio::test(flavor = "multi_thread")]
async fn presentation_reads_from_the_back_of_the_room_at_1280x720_and_1920x1080() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_case(dir.path(), false);
    let entries = {
        let store = Store::open(&file, None).unwrap();
        let r = store.read();
        let review = r.review().unwrap();
        let (s, e) = (review.scope_start.unwrap(), review.scope_end.unwrap());
        r.entries()
            .unwrap()
            .into_iter()
            .filter(|x| x.date.start >= s && x.date.end <= e)
            .collect::<Vec<_>>()
    };
    present_on(&file, &entries, 1280, 720).await;
    present_on(&file, &entries, 1920, 1080).await;
}
