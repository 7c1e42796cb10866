// The scripted zoom-and-pan both renderers go through, and the statistics reported. Three
// scripts: "mixed" (the original: zoom in, pan, zoom out), "pan" (a month-wide view moved
// across a year at one zoom level) and "zoom" (from the whole range into a month and out).

export type Script = "mixed" | "pan" | "zoom";

/** The view at each step of `script`. */
export function scripted(script: Script, min: number, max: number, count: number): [number, number][] {
  if (script === "pan") return panOnly(min, max, count);
  if (script === "zoom") return zoomOnly(min, max, count);
  return steps(min, max, count);
}

/** A month-wide view near the busy period, moved across a year and back in `count` steps. */
export function panOnly(min: number, max: number, count: number): [number, number][] {
  const centre = min + (max - min) * 0.42,
    narrow = 30;
  const out: [number, number][] = [];
  for (let k = 0; k < count; k++) {
    const t = (k + 1) / count;
    const c = centre + 365 * (t < 0.5 ? 2 * t : 2 - 2 * t);
    out.push([c - narrow / 2, c + narrow / 2]);
  }
  return out;
}

/** From the whole range into one month near the busy period and back out, about one point. */
export function zoomOnly(min: number, max: number, count: number): [number, number][] {
  const whole = max - min,
    centre = min + whole * 0.42,
    narrow = 30;
  const out: [number, number][] = [];
  const half = Math.floor(count / 2);
  for (let k = 0; k < count; k++) {
    const t = k < half ? (k + 1) / half : (count - k - 1) / (count - half);
    const span = whole * (narrow / whole) ** t;
    out.push([centre - span / 2, centre + span / 2]);
  }
  return out;
}

/** Zoom from the whole range into one month near a busy period, pan across a year, zoom out. */
export function steps(min: number, max: number, count: number): [number, number][] {
  const out: [number, number][] = [];
  const zoomIn = Math.floor(count * 0.45),
    pan = Math.floor(count * 0.3),
    zoomOut = count - zoomIn - pan;
  const whole = max - min;
  const centre = min + whole * 0.42;
  const narrow = 30;
  for (let k = 0; k < zoomIn; k++) {
    const span = whole * (narrow / whole) ** ((k + 1) / zoomIn);
    out.push([centre - span / 2, centre + span / 2]);
  }
  for (let k = 0; k < pan; k++) {
    const c = centre + (365 * (k + 1)) / pan;
    out.push([c - narrow / 2, c + narrow / 2]);
  }
  const end = centre + 365;
  for (let k = 0; k < zoomOut; k++) {
    const span = narrow * (whole / narrow) ** ((k + 1) / zoomOut);
    out.push([end - span / 2, end + span / 2]);
  }
  return out;
}

export interface BenchResult {
  lib: string;
  script?: Script;
  n: number;
  lanes: number;
  steps: number;
  firstRenderMs: number;
  firstPaintMs: number;
  workP50: number;
  workP95: number;
  frameP50: number;
  frameP95: number;
  work: number[];
  frame: number[];
  userAgent: string;
  /** Milliseconds per part of the frame, summed over the run (with ?profile=1). */
  profile?: Record<string, number>;
  /** With ?profile=1: each step's profile (the parts that took any time). */
  stepProfiles?: Record<string, number>[];
  /** With ?again=1: each view of the script drawn again after the run (the mean of four
   * draws, a frame apart), when its labels are on pages and its texts measured; set against
   * `work`, what drawing a view for the first time costs. */
  again?: number[];
  /** With ?again=1&profile=1: the profile of drawing the views again (per draw). */
  againProfile?: Record<string, number>;
}

export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[i];
}

export function summarise(r: Omit<BenchResult, "workP50" | "workP95" | "frameP50" | "frameP95">): BenchResult {
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    ...r,
    firstRenderMs: round(r.firstRenderMs),
    firstPaintMs: round(r.firstPaintMs),
    workP50: round(percentile(r.work, 50)),
    workP95: round(percentile(r.work, 95)),
    frameP50: round(percentile(r.frame, 50)),
    frameP95: round(percentile(r.frame, 95)),
  };
}
