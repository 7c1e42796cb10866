//! The harness for end-to-end journeys: launches the real desktop app (the debug build in
//! `target/debug`, built with the `custom-protocol` feature) through `tauri-driver` and
//! WebKitWebDriver, drives it with WebDriver, and saves screenshots under
//! `target/e2e-screenshots/`. Every process is started and stopped by its own PID.
//!
//! Run with `make test` (which builds the app and starts Xvfb), or by hand:
//! `xvfb-run -a cargo test -p chronolane-e2e -- --test-threads=1`.

use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
use fantoccini::{Client, ClientBuilder, Locator};

#[path = "../../common/agency_files.rs"]
pub mod agency_files;

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// Where screenshots go.
pub fn screenshot_dir() -> PathBuf {
    let dir = root().join("target/e2e-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Removes the LibreOffice profiles (`chronolane-e2e-lo-PID` in the temporary folder, one
/// per test process that read an export back with LibreOffice) whose process has finished, so
/// runs do not pile them up; a running process's profile is left alone.
fn remove_finished_profiles() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = name
            .strip_prefix("chronolane-e2e-lo-")
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        let running = Path::new(&format!("/proc/{pid}")).exists();
        if !running && entry.path().is_dir() {
            std::fs::remove_dir_all(entry.path()).ok();
        }
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A running app under WebDriver control.
pub struct App {
    /// The WebDriver client.
    pub client: Client,
    driver: Child,
    /// The app's own folder (recent files, demo review), private to this run.
    pub app_dir: tempfile::TempDir,
}

impl App {
    /// Launches the app with command-line `args` and a fresh app folder.
    pub async fn launch(args: &[&str]) -> App {
        Self::launch_in(args, tempfile::tempdir().unwrap()).await
    }

    /// Launches the app with `args` and the given app folder, with WebKit's compositing on
    /// (WebKitWebDriver's screenshots hang without it).
    pub async fn launch_in(args: &[&str], app_dir: tempfile::TempDir) -> App {
        Self::launch_with(args, app_dir, Some("on")).await
    }

    /// Launches the app as it starts on this machine, compositing chosen by the app itself
    /// (off without a GPU, as under Xvfb here). Take no screenshot of it: WebKitWebDriver's
    /// screenshots hang without compositing.
    pub async fn launch_as_on_this_machine(args: &[&str]) -> App {
        Self::launch_with(args, tempfile::tempdir().unwrap(), None).await
    }

    async fn launch_with(
        args: &[&str],
        app_dir: tempfile::TempDir,
        compositing: Option<&str>,
    ) -> App {
        remove_finished_profiles();
        let binary = root().join("target/debug/chronolane-desktop");
        assert!(
            binary.exists(),
            "{} is missing: build it with `make app` first",
            binary.display()
        );
        let driver_bin = root().join(".tools/bin/tauri-driver");
        assert!(
            driver_bin.exists(),
            "{} is missing: run `make setup` first",
            driver_bin.display()
        );
        assert!(
            std::env::var_os("DISPLAY").is_some(),
            "no DISPLAY: run the end-to-end tests under xvfb-run (make test does)"
        );
        // Starting a session sometimes fails when the machine is busy (the driver closes the
        // connection before the app's web view is up): stop that driver's whole group and
        // start again, up to three times, rather than fail a journey that never began.
        let mut attempt = 0;
        let (client, driver) = loop {
            attempt += 1;
            let (mut driver, port) = start_driver(&driver_bin, app_dir.path(), compositing).await;
            let mut caps = serde_json::Map::new();
            caps.insert(
                "tauri:options".into(),
                serde_json::json!({ "application": binary, "args": args }),
            );
            caps.insert("browserName".into(), "wry".into());
            let mut builder = ClientBuilder::native();
            builder.capabilities(caps);
            let url = format!("http://127.0.0.1:{port}");
            let connecting = builder.connect(&url);
            // A session that never starts (the driver waiting on a web view that never came)
            // is a failed start, tried again like one that fails outright.
            let started = match tokio::time::timeout(Duration::from_secs(60), connecting).await {
                Ok(result) => result.map_err(|e| e.to_string()),
                Err(_) => Err("no answer in 60 s".to_string()),
            };
            match started {
                Ok(client) => break (client, driver),
                Err(e) if attempt < 3 => {
                    eprintln!("NOTICE: starting a WebDriver session failed ({e}); trying again");
                    stop_group(&mut driver);
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
                Err(e) => panic!("start a WebDriver session with the app: {e}"),
            }
        };
        client
            .set_window_size(1280, 800)
            .await
            .expect("set window size");
        let app = App {
            client,
            driver,
            app_dir,
        };
        // CHRONOLANE_E2E_HOLD_MS=N runs every journey with the core's answers held back N ms,
        // as on a very busy machine: a way to find races between saves and typing.
        if let Some(ms) = std::env::var("CHRONOLANE_E2E_HOLD_MS")
            .ok()
            .and_then(|v| v.parse::<u32>().ok())
        {
            app.hold_back_answers(ms).await;
        }
        app
    }

    /// From here every answer from the core reaches the page `ms` late, as on a busy machine
    /// (the page's IPC looks each answer's callback up in a map; the callbacks are wrapped
    /// there). `window.__inFlight` counts answers still held, `window.__answered` those
    /// delivered.
    pub async fn hold_back_answers(&self, ms: u32) {
        let patched = self
            .js(
                "const map = window.__TAURI_INTERNALS__.callbacks; \
                 if (map.__held) return true; map.__held = true; \
                 const get = map.get.bind(map); const ms = arguments[0]; \
                 window.__inFlight = 0; window.__answered = 0; \
                 map.get = (id) => { const callback = get(id); if (!callback) return callback; \
                 window.__inFlight++; \
                 return (data) => setTimeout(() => { callback(data); window.__inFlight--; window.__answered++; }, ms); }; \
                 return true;",
                vec![ms.into()],
            )
            .await;
        assert_eq!(
            patched,
            serde_json::json!(true),
            "the answers can be held back"
        );
    }

    /// Waits (up to 15 s) for an element matching `css` and returns it.
    pub async fn find(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(15))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element '{css}' appeared: {e}"))
    }

    /// All elements matching `css` now.
    pub async fn find_all(&self, css: &str) -> Vec<fantoccini::elements::Element> {
        self.client.find_all(Locator::Css(css)).await.unwrap()
    }

    /// Waits until the text of the first element matching `css` (its rendered `innerText`)
    /// satisfies `test`, returning the text.
    pub async fn wait_text(&self, css: &str, test: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        let mut last = None;
        loop {
            let value = self
                .client
                .execute(
                    "const el = document.querySelector(arguments[0]); return el ? el.innerText : null;",
                    vec![css.into()],
                )
                .await
                .unwrap_or(serde_json::Value::Null);
            if let Some(text) = value.as_str() {
                if test(text) {
                    return text.to_string();
                }
                last = Some(text.to_string());
            }
            if Instant::now() > deadline {
                match last {
                    Some(text) => panic!("'{css}' has text {text:?}, which never matched"),
                    None => panic!("'{css}' never appeared"),
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until `check` (polled) returns true.
    pub async fn eventually(&self, what: &str, mut check: impl FnMut() -> bool) {
        let deadline = Instant::now() + Duration::from_secs(15);
        while !check() {
            assert!(Instant::now() < deadline, "timed out waiting for: {what}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until `script` (run in the app's page, polled) returns true.
    /// Waits until the kinds of the open entry's changeable links (the entry view's choices,
    /// e.g. "responds_to") pass `test`, and returns them.
    pub async fn wait_link_kinds(
        &self,
        what: &str,
        test: impl Fn(&[String]) -> bool,
    ) -> Vec<String> {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let kinds: Vec<String> = self
                .js(
                    "return [...document.querySelectorAll('[data-testid=entry-link-kind]')].map((s) => s.value)",
                    vec![],
                )
                .await
                .as_array()
                .map(|a| a.iter().filter_map(|v| v.as_str().map(String::from)).collect())
                .unwrap_or_default();
            if test(&kinds) {
                return kinds;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for: {what} (links: {kinds:?})"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Opens the timeline and waits until its entries are drawn: the status line counts them
    /// (it reads "0 of 0" before the model is built) and the canvas answers for its range and
    /// its flag marks.
    pub async fn open_timeline(&self) {
        self.click_when_enabled("[data-testid=nav-timeline]").await;
        self.find("[data-testid=timeline-canvas]").await;
        self.wait_text("[data-testid=timeline-count]", |t| t.contains(" of "))
            .await;
        self.eventually_js(
            "the timeline is drawn",
            "const t = window.chronolaneTimeline; \
             return !!t && typeof (t.range() || [])[0] === 'number' && Array.isArray(t.flagMarks())",
        )
        .await;
    }

    /// A left click at (x, y) on the page: on the timeline's canvas, where nothing is an element.
    pub async fn click_at(&self, x: f64, y: f64) {
        let mouse = MouseActions::new("mouse".into())
            .then(PointerAction::MoveTo {
                duration: None,
                x: x.round(),
                y: y.round(),
            })
            .then(PointerAction::Down {
                button: MOUSE_BUTTON_LEFT,
            })
            .then(PointerAction::Up {
                button: MOUSE_BUTTON_LEFT,
            });
        self.client
            .perform_actions(mouse)
            .await
            .expect("click on the canvas");
    }

    pub async fn eventually_js(&self, what: &str, script: &str) {
        let deadline = Instant::now() + Duration::from_secs(15);
        while self.js(script, vec![]).await != serde_json::Value::Bool(true) {
            assert!(Instant::now() < deadline, "timed out waiting for: {what}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until the element matching `css` is enabled and can take a click, then clicks it.
    pub async fn click_when_enabled(&self, css: &str) {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let el = self.find(css).await;
            if el.is_enabled().await.unwrap_or(false) && el.click().await.is_ok() {
                return;
            }
            assert!(Instant::now() < deadline, "'{css}' never became clickable");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Runs JavaScript in the page and returns its value.
    pub async fn js(&self, script: &str, args: Vec<serde_json::Value>) -> serde_json::Value {
        // A WebDriver call that never answers must fail the test, not hang the run.
        tokio::time::timeout(Duration::from_secs(60), self.client.execute(script, args))
            .await
            .unwrap_or_else(|_| panic!("a script in the app did not answer in 60 s: {script}"))
            .expect("run script")
    }

    /// Saves a screenshot as `target/e2e-screenshots/<name>.png` (after letting the last
    /// interaction paint).
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        tokio::time::sleep(Duration::from_millis(300)).await;
        // A WebDriver call that never answers must fail the test, not hang the run.
        let png = tokio::time::timeout(Duration::from_secs(30), self.client.screenshot())
            .await
            .unwrap_or_else(|_| panic!("taking screenshot '{name}' did not finish in 30 s"))
            .expect("screenshot");
        let path = screenshot_dir().join(format!("{name}.png"));
        std::fs::write(&path, png).unwrap();
        path
    }

    /// Ends the session and stops the driver (the app goes with the session).
    pub async fn close(self) {
        let _ = self.client.clone().close().await;
        // Drop stops the driver's process group.
    }

    /// Closes the app and hands back its app folder, for a next start that finds what this
    /// one remembered (recent files, screen settings).
    pub async fn close_keeping_app_dir(mut self) -> tempfile::TempDir {
        let dir = std::mem::replace(&mut self.app_dir, tempfile::tempdir().unwrap());
        self.close().await;
        dir
    }

    /// Runs axe-core (the accessibility checker, from the UI's dev dependencies) on the page
    /// as it is now, for WCAG 2.0-2.2 A and AA, and returns its violations as
    /// "rule: what (nodes)" lines.
    pub async fn accessibility_violations(&self) -> Vec<String> {
        let axe = std::fs::read_to_string(root().join("ui/node_modules/axe-core/axe.min.js"))
            .expect("axe-core is installed with the UI's dev dependencies (npm ci in ui/)");
        self.js(&format!("{axe}\n;return true;"), vec![]).await;
        let result = tokio::time::timeout(
            Duration::from_secs(120),
            self.client.execute_async(
                "const done = arguments[arguments.length - 1]; \
                 axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } }) \
                   .then((r) => done(r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')})`))) \
                   .catch((e) => done([`axe failed: ${e}`]));",
                vec![],
            ),
        )
        .await
        .expect("axe-core answered in 120 s")
        .expect("run axe-core");
        serde_json::from_value(result).expect("a list of violations")
    }

    /// Types `keys` on the keyboard (WebDriver key actions, to whatever has the focus), each
    /// pressed and released in turn, with Ctrl held around them when `ctrl`. Special keys are
    /// WebDriver's code points: [`TAB`], [`ENTER`], [`DOWN`], [`ESCAPE`].
    pub async fn keyboard(&self, keys: &str, ctrl: bool) {
        self.keys_held(keys, ctrl.then_some('\u{E009}')).await;
    }

    /// Presses `key` with Shift held (Shift+Down extends a selection).
    pub async fn keyboard_with_shift(&self, key: &str) {
        self.keys_held(key, Some('\u{E008}')).await;
    }

    /// Types `keys` with the modifier key `held` (WebDriver's code point) down around them.
    async fn keys_held(&self, keys: &str, held: Option<char>) {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let mut sequence = KeyActions::new("keyboard".into());
        if let Some(m) = held {
            sequence = sequence.then(KeyAction::Down { value: m });
        }
        for c in keys.chars() {
            sequence = sequence
                .then(KeyAction::Down { value: c })
                .then(KeyAction::Up { value: c });
        }
        if let Some(m) = held {
            sequence = sequence.then(KeyAction::Up { value: m });
        }
        tokio::time::timeout(
            Duration::from_secs(60),
            self.client.perform_actions(sequence),
        )
        .await
        .expect("the keys were typed in 60 s")
        .expect("type keys");
    }

    /// Presses Tab until the focused element matches `css` (at most `most` times).
    pub async fn tab_to(&self, css: &str, most: usize) {
        for _ in 0..most {
            let there = self
                .js(
                    "return !!document.activeElement && document.activeElement.matches(arguments[0])",
                    vec![css.into()],
                )
                .await;
            if there == serde_json::Value::Bool(true) {
                return;
            }
            self.keyboard(TAB, false).await;
        }
        panic!("Tab never reached '{css}' in {most} presses");
    }

    /// Clicks the first button whose text is `text`.
    pub async fn click_text_button(&self, text: &str) {
        let clicked = self
            .js(
                "const b = [...document.querySelectorAll('button')].find((b) => b.innerText.trim() === arguments[0]); \
                 if (b) b.click(); return !!b;",
                vec![text.into()],
            )
            .await;
        assert_eq!(clicked, serde_json::json!(true), "no button {text:?}");
    }

    /// Sends a key press to the focused element (or the page), bubbling up to the window, as
    /// the keyboard does (`key` as `KeyboardEvent.key`).
    pub async fn press(&self, key: &str, ctrl: bool) {
        self.js(
            "(document.activeElement || document.body).dispatchEvent(new KeyboardEvent('keydown', { key: arguments[0], ctrlKey: arguments[1], bubbles: true }))",
            vec![key.into(), ctrl.into()],
        )
        .await;
    }
}

/// WebDriver's code points for special keys.
pub const TAB: &str = "\u{E004}";
pub const ENTER: &str = "\u{E007}";
pub const ESCAPE: &str = "\u{E00C}";
pub const DOWN: &str = "\u{E015}";

/// Starts tauri-driver on a free port, in its own process group (stopping the group also
/// stops the WebKitWebDriver and the app it started, which would otherwise outlive the test),
/// and waits until it listens.
async fn start_driver(
    driver_bin: &Path,
    app_dir: &Path,
    compositing: Option<&str>,
) -> (Child, u16) {
    let port = free_port();
    let native_port = free_port();
    let mut command = Command::new(driver_bin);
    command.env_remove("WEBKIT_DISABLE_COMPOSITING_MODE");
    match compositing {
        Some(choice) => command.env("CHRONOLANE_COMPOSITING", choice),
        None => command.env_remove("CHRONOLANE_COMPOSITING"),
    };
    let driver = command
        .args([
            "--port",
            &port.to_string(),
            "--native-port",
            &native_port.to_string(),
            "--native-driver",
            "/usr/bin/WebKitWebDriver",
        ])
        .env("CHRONOLANE_APP_DIR", app_dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .expect("start tauri-driver");
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "tauri-driver did not start");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    (driver, port)
}

/// Stops a driver's whole process group, then reaps the driver.
fn stop_group(driver: &mut Child) {
    let group = format!("-{}", driver.id());
    let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
    std::thread::sleep(Duration::from_millis(200));
    let _ = Command::new("kill")
        .args(["-KILL", "--", &group])
        .stderr(Stdio::null())
        .status();
    let _ = driver.wait();
}

impl Drop for App {
    fn drop(&mut self) {
        // The driver leads its own process group (see `launch_in`).
        stop_group(&mut self.driver);
    }
}
