// Runs the timeline benchmark page in real browsers through WebDriver and prints a table:
// Chronolane's canvas renderer and vis-timeline, 1k / 10k / 100k entries in 20 lanes, in
// WebKitGTK (MiniBrowser through WebKitWebDriver: the engine the desktop app runs on) and in
// Chromium (chromedriver). Only loopback addresses are used.
//
// Usage (under a display, e.g. xvfb-run): node bench/run.mjs [--sizes 1000,10000,100000]
//   [--libs ours,vis] [--browsers webkit-app,webkit-composited,webkit,chromium] [--scripts mixed,pan,zoom]
//   [--steps 120] [--timeout 180] [--repeat 1] [--per-step] [--json out.json] [--extra again=1]
// Scripts: "mixed" zooms in, pans and zooms out (the original script); "pan" moves a month-wide
// view across a year at one zoom level; "zoom" zooms from the whole range into a month and out.
// --extra passes page parameters: profile=1 (time per part of the frame), skip=links,glyphs (parts
// left out), again=1 (each view drawn again after the run: what a first drawing costs more),
// probe=1 (single drawing operations timed, no script).
// The page must be built first: npm run bench:build (make bench-timeline does both).
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const root = normalize(process.argv.includes("--root") ? process.argv[process.argv.indexOf("--root") + 1] : join(here, "../../target/timeline-bench"));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const sizes = arg("sizes", "1000,10000,100000").split(",").map(Number);
const libs = arg("libs", "ours,vis").split(",");
const browsers = arg("browsers", "webkit-app,webkit-composited,webkit,chromium").split(",");
const scripts = arg("scripts", "mixed").split(",");
const stepCount = Number(arg("steps", "120"));
const timeoutS = Number(arg("timeout", "180"));
const lanes = 20;
const extra = arg("extra", "");

if (!existsSync(join(root, "bench.html"))) {
  console.error(`The benchmark page is not built (${root}). Run: npm run bench:build`);
  process.exit(1);
}

const types = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png" };
const server = createServer((req, res) => {
  const path = normalize(join(root, decodeURIComponent(new URL(req.url, "http://x").pathname)));
  if (!path.startsWith(root) || !existsSync(path)) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { "content-type": types[extname(path)] ?? "application/octet-stream" });
  res.end(readFileSync(path));
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const pagePort = server.address().port;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function wd(port, method, path, body) {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path}: ${JSON.stringify(json.value ?? json)}`);
  return json.value;
}

function driverFor(browser) {
  if (browser === "chromium") {
    return {
      bin: "/usr/bin/chromedriver",
      args: (port) => [`--port=${port}`],
      caps: {
        browserName: "chrome",
        "goog:chromeOptions": {
          binary: "/usr/bin/chromium",
          args: ["--no-sandbox", "--window-size=1600,1000", "--disable-gpu-vsync", "--disable-frame-rate-limit"],
        },
      },
    };
  }
  // "webkit-app": WebKitGTK set up as the desktop app sets it up (src-tauri/src/lib.rs): 2D
  // canvases drawn on the CPU, and accelerated compositing off where the machine has no GPU (no
  // DRM render node) unless CHRONOLANE_COMPOSITING says otherwise. Without a GPU (Xvfb, virtual
  // desktops) WebKit composites on a software GL (llvmpipe), which took half the CPU.
  // "webkit-composited": the same with compositing on (the app before it chose). "webkit":
  // WebKitGTK as it comes (canvases on the GPU path, compositing on).
  const gpu = existsSync("/dev/dri") && readdirSync("/dev/dri").some((f) => f.startsWith("renderD"));
  const choice = process.env.CHRONOLANE_COMPOSITING;
  const appOff = choice === "off" || (choice !== "on" && !gpu);
  const env = browser === "webkit-app" && appOff ? { WEBKIT_DISABLE_COMPOSITING_MODE: "1" } : {};
  const mini = ["/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser", "/usr/libexec/webkit2gtk-4.1/MiniBrowser"].find(existsSync);
  const settings = browser === "webkit" ? [] : ["--enable-2d-canvas-acceleration=false"];
  return {
    bin: "/usr/bin/WebKitWebDriver",
    env,
    args: (port) => [`--port=${port}`],
    caps: {
      browserName: "MiniBrowser",
      "webkitgtk:browserOptions": { binary: mini, args: ["--automation", "--geometry=1600x1000", ...settings] },
    },
  };
}

async function freePort() {
  const s = createServer();
  await new Promise((r) => s.listen(0, "127.0.0.1", r));
  const p = s.address().port;
  await new Promise((r) => s.close(r));
  return p;
}

async function measure(browser, lib, n, script) {
  const d = driverFor(browser);
  if (!existsSync(d.bin)) return { error: `${d.bin} is not installed` };
  const port = await freePort();
  const driver = spawn(d.bin, d.args(port), { stdio: "ignore", env: { ...process.env, ...(d.env ?? {}) } });
  try {
    for (let i = 0; i < 100; i++) {
      try {
        await wd(port, "GET", "/status");
        break;
      } catch {
        await sleep(100);
      }
    }
    const session = await wd(port, "POST", "/session", { capabilities: { alwaysMatch: d.caps } });
    const id = session.sessionId;
    try {
      await wd(port, "POST", `/session/${id}/window/rect`, { width: 1600, height: 1000 }).catch(() => {});
      await wd(port, "POST", `/session/${id}/timeouts`, { script: 30000, pageLoad: timeoutS * 1000 }).catch(() => {});
      const url = `http://127.0.0.1:${pagePort}/bench.html?n=${n}&lanes=${lanes}&lib=${lib}&steps=${stepCount}&script=${script}${extra ? `&${extra}` : ""}`;
      await wd(port, "POST", `/session/${id}/url`, { url });
      const deadline = Date.now() + timeoutS * 1000;
      while (Date.now() < deadline) {
        const r = await wd(port, "POST", `/session/${id}/execute/sync`, { script: "return window.benchResult ?? null", args: [] }).catch(() => null);
        if (r) return r;
        await sleep(500);
      }
      return { error: `did not finish in ${timeoutS} s` };
    } finally {
      await wd(port, "DELETE", `/session/${id}`).catch(() => {});
    }
  } catch (e) {
    return { error: String(e.message ?? e) };
  } finally {
    driver.kill();
  }
}

// With --repeat N each measurement is made N times, the libraries taking turns, and the run
// with the median frame p95 is reported (this 2-core machine's noise is about ±20% a run); the
// frame p95 of every run is kept beside it.
const repeat = Number(arg("repeat", "1"));
const rows = [];
for (const browser of browsers) {
  for (const n of sizes) {
    for (const script of scripts) {
      const runs = new Map(libs.map((lib) => [lib, []]));
      for (let k = 0; k < repeat; k++) for (const lib of libs) runs.get(lib).push(await measure(browser, lib, n, script));
      for (const lib of libs) {
        const all = runs.get(lib);
        const ok = all.filter((r) => !r.error).sort((a, b) => a.frameP95 - b.frameP95);
        const r = ok.length ? { ...ok[Math.floor((ok.length - 1) / 2)], ...(repeat > 1 ? { frameP95Runs: all.map((x) => x.frameP95 ?? null) } : {}) } : all[0];
        rows.push({ browser, lib, n, script, ...r });
        const show = arg("extra", "").includes("probe")
          ? JSON.stringify(r)
          : r.error
            ? `error: ${r.error}`
            : `first render ${r.firstRenderMs} ms (to paint ${r.firstPaintMs} ms); work p50 ${r.workP50} / p95 ${r.workP95} / mean ${(r.work.reduce((a, b) => a + b, 0) / r.work.length).toFixed(1)} ms; frame p50 ${r.frameP50} / p95 ${r.frameP95} ms${r.frameP95Runs ? ` (runs: ${r.frameP95Runs.join(", ")})` : ""}`;
        if (process.argv.includes("--per-step") && r.work) console.log(`work per step (ms): ${r.work.map((w) => Math.round(w)).join(" ")}`);
        if (r.again) {
          const sorted = [...r.again].sort((a, b) => a - b);
          const at = (p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)].toFixed(1);
          console.log(`  drawn again: work p50 ${at(50)} / p95 ${at(95)} ms (the first time: p50 ${r.workP50} / p95 ${r.workP95})`);
          if (r.againProfile) console.log(`  again: ${JSON.stringify(r.againProfile)}`);
        }
        if (r.profile) {
          console.log(JSON.stringify(r.profile));
          const worst = r.work
            .map((w, i) => [Math.round(w), i])
            .sort((a, b) => b[0] - a[0])
            .slice(0, 8);
          console.log("slowest steps [ms, step]:", JSON.stringify(worst));
          const late = r.frame
            .map((f, i) => [Math.round(f), i])
            .sort((a, b) => b[0] - a[0])
            .slice(0, 8);
          console.log("slowest frames [ms, step]:", JSON.stringify(late));
          if (r.stepProfiles) for (const [, i] of worst.slice(0, 4)) console.log(`  step ${i}: ${JSON.stringify(r.stepProfiles[i])}`);
        }
        console.log(
          `${browser.padEnd(8)} ${(lib === "ours" ? "chronolane" : "vis-timeline").padEnd(12)} ${String(n).padStart(6)} ${script.padEnd(5)}  ${show}`,
        );
      }
    }
  }
}
const out = arg("json", "");
if (out)
  writeFileSync(
    out,
    JSON.stringify(
      rows.map(({ work, frame, again, stepProfiles, ...r }) => r),
      null,
      2,
    ),
  );
server.close();
