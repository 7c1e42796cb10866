// Draws one frame of the timeline on a 2D context: the screen's canvas, or the SVG writer
// used for exports (the same code, so an export looks like the screen). A frame is a stack of
// layers over one frame context (frame.ts), each in its own module: lane backgrounds and the
// time grid, the unseen-child and KPE bands, the entries (culled per lane by binary search,
// dense runs clustered), their labels (placed greedily, never overlapping), links, the
// selected flag, the selection, then the axis, the gutter, the flag strip and a title.
import { makeFrame, releaseFrame, type Ctx, type DrawState, type Marks, type View } from "./frame";
import { kpeBands, unseenBands } from "./layer-bands";
import { collectEntries, glyphs, seenMarks, spansAndClusters } from "./layer-entries";
import { activeFlag, flagStrip } from "./layer-flags";
import { axis, gutter, laneBackgrounds, timeGrid, title } from "./layer-grid";
import { drawLabels } from "./layer-labels";
import { links } from "./layer-links";
import { selection } from "./layer-selection";
import type { Layout } from "./layout";
import type { TimelineModel } from "./model";
import type { Sprites } from "./sprites";
import type { Theme } from "./theme";

export { contentTop, fade, glyphY, initialDrawState, Marks, titleHeight, type Ctx, type DrawState, type View } from "./frame";
export { fitted } from "./text";

const NO_SKIP = new Set<string>();

export function draw(ctx: Ctx, model: TimelineModel, layout: Layout, view: View, theme: Theme, state: DrawState, marks: Marks, sprites: Sprites | null = null) {
  marks.reset();
  const profile = (globalThis as { chronolaneDrawProfile?: Record<string, number> }).chronolaneDrawProfile;
  let lapAt = profile ? performance.now() : 0;
  // Time spent per part of the frame, when a profile is asked for (the benchmark page).
  const lap = (name: string) => {
    if (!profile) return;
    const now = performance.now();
    profile[name] = (profile[name] ?? 0) + now - lapAt;
    lapAt = now;
  };
  lap("start");
  // Layers left out on the benchmark page (bench.html?skip=links,glyphs): what a layer costs is
  // the frame's time with it less the time without it (a lap inside one frame misleads: the
  // engine may rasterise later, when the frame is read).
  const skip = (globalThis as { chronolaneSkip?: Set<string> }).chronolaneSkip ?? NO_SKIP;
  const fr = makeFrame(ctx, model, layout, view, theme, state, marks, sprites);
  const { G, top, axisTop, width, height } = fr;

  ctx.globalAlpha = 1;
  ctx.setLineDash([]);
  ctx.fillStyle = theme.bg;
  ctx.fillRect(0, 0, width, height);
  if (!skip.has("laneBackgrounds")) laneBackgrounds(fr);
  lap("grid");

  // The grid and the bands, clipped to the plot from the axis down.
  ctx.save();
  ctx.beginPath();
  ctx.rect(G, axisTop, width - G, height - axisTop);
  ctx.clip();
  if (!skip.has("timeGrid")) timeGrid(fr);
  if (!skip.has("unseenBands")) unseenBands(fr);
  if (!skip.has("kpeBands")) kpeBands(fr);
  ctx.restore();
  lap("bands+unseen");

  // The entries and everything drawn over them, clipped to the lanes.
  ctx.save();
  ctx.beginPath();
  ctx.rect(G, top, width - G, height - top);
  ctx.clip();
  collectEntries(fr);
  lap("cull+cluster+labels");
  if (!skip.has("spansAndClusters")) spansAndClusters(fr);
  lap("spans+clusters");
  if (!skip.has("glyphs")) glyphs(fr);
  lap("glyphs");
  if (!skip.has("seenMarks")) seenMarks(fr);
  lap("seen marks");
  if (!skip.has("drawLabels")) drawLabels(fr);
  lap("labels");
  if (!skip.has("links")) links(fr);
  lap("links");
  if (!skip.has("activeFlag")) activeFlag(fr);
  lap("flags");
  if (!skip.has("selection")) selection(fr);
  ctx.restore();
  lap("selection");

  if (!skip.has("axis")) axis(fr);
  lap("axis");
  if (!skip.has("gutter")) gutter(fr);
  lap("gutter");
  if (!skip.has("flagStrip")) flagStrip(fr);
  releaseFrame(fr);
  title(fr);
}
