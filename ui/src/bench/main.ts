// The standalone timeline benchmark: renders synthetic data (?n=10000&lanes=20) with
// Chronolane's renderer (lib=ours, the default) or with vis-timeline (lib=vis), then runs the
// same scripted zoom-and-pan and publishes the timings as `window.benchResult`.
//
// Two numbers per frame: "work", the time the page's own code takes to produce the frame
// (for the canvas: drawing plus a pixel read that forces rasterisation; for vis-timeline: its
// redraw plus a forced style and layout), and "frame", the interval between animation frames
// as the browser delivered them (capped below by the display's refresh).
import { synthetic } from "../lib/timeline/synthetic";
import { type BenchResult, type Script, scripted, summarise } from "./script";

const params = new URLSearchParams(location.search);
const n = Number(params.get("n") ?? 10000);
const lanes = Number(params.get("lanes") ?? 20);
const lib = params.get("lib") === "vis" ? "vis" : "ours";
const stepCount = Number(params.get("steps") ?? 120);
const scriptName: Script = params.get("script") === "pan" ? "pan" : params.get("script") === "zoom" ? "zoom" : "mixed";
const stage = document.getElementById("stage")!;
document.getElementById("what")!.textContent = `${lib === "vis" ? "vis-timeline" : "Chronolane"}, ${n.toLocaleString("en-GB")} entries in ${lanes} lanes`;

const nextFrame = () => new Promise<number>((r) => requestAnimationFrame(r));

async function run(): Promise<BenchResult> {
  const input = synthetic(n, lanes, 7);
  if (params.get("profile")) (window as unknown as { chronolaneDrawProfile: Record<string, number> }).chronolaneDrawProfile = {};
  if (params.get("skip")) (window as unknown as { chronolaneSkip: Set<string> }).chronolaneSkip = new Set(params.get("skip")!.split(","));
  const runner = lib === "vis" ? await import("./vis") : await import("./ours");
  const t0 = performance.now();
  const view = runner.mount(stage, input);
  const built = performance.now();
  await nextFrame();
  const painted = performance.now();
  const script = scripted(scriptName, view.min, view.max, stepCount);
  const work: number[] = [];
  const frame: number[] = [];
  const holder = window as unknown as { chronolaneDrawProfile?: Record<string, number> };
  const stepProfiles: Record<string, number>[] | undefined = holder.chronolaneDrawProfile ? [] : undefined;
  let last = await nextFrame();
  for (const [from, to] of script) {
    const before = stepProfiles ? { ...holder.chronolaneDrawProfile } : null;
    const s = performance.now();
    view.show(from, to);
    work.push(performance.now() - s);
    if (stepProfiles && before) {
      const after = holder.chronolaneDrawProfile ?? {};
      const step: Record<string, number> = {};
      for (const k of Object.keys(after)) if (after[k] !== (before[k] ?? 0)) step[k] = Math.round((after[k] - (before[k] ?? 0)) * 10) / 10;
      stepProfiles.push(step);
    }
    const now = await nextFrame();
    frame.push(now - last);
    last = now;
  }
  const profile = holder.chronolaneDrawProfile;
  if (profile) for (const k of Object.keys(profile)) profile[k] = Math.round(profile[k]);
  let again: number[] | undefined;
  let againProfile: Record<string, number> | undefined;
  if (params.get("again")) {
    // Each view again, once the run has written its labels and measured its texts.
    if (profile) holder.chronolaneDrawProfile = {};
    again = [];
    for (const [from, to] of script) {
      let sum = 0;
      for (let r = 0; r < 4; r++) {
        await nextFrame();
        const s = performance.now();
        view.show(from, to);
        sum += performance.now() - s;
      }
      again.push(sum / 4);
    }
    againProfile = holder.chronolaneDrawProfile;
    if (againProfile) for (const k of Object.keys(againProfile)) againProfile[k] = Math.round(againProfile[k] / 4);
  }
  view.destroy?.();
  return summarise({
    stepProfiles,
    again,
    againProfile,
    profile,
    lib,
    script: scriptName,
    n,
    lanes,
    steps: script.length,
    firstRenderMs: built - t0,
    firstPaintMs: painted - t0,
    work,
    frame,
    userAgent: navigator.userAgent,
  });
}

if (params.get("probe")) {
  import("./probe").then(({ probe }) => {
    const r = probe(stage);
    (window as unknown as { benchResult: unknown }).benchResult = r;
    document.getElementById("result")!.textContent = JSON.stringify(r, null, 1);
  });
} else
  run()
    .then((r) => {
      (window as unknown as { benchResult: BenchResult }).benchResult = r;
      document.getElementById("result")!.textContent = JSON.stringify({ ...r, work: undefined, frame: undefined }, null, 1);
    })
    .catch((e) => {
      (window as unknown as { benchResult: unknown }).benchResult = { error: String(e) };
      document.getElementById("result")!.textContent = String(e);
    });
