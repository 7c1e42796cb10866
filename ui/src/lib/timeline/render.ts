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
  const fr = makeFrame(ctx, model, layout, view, theme, state, marks, sprites);
  const { G, top, axisTop, width, height } = fr;

  ctx.globalAlpha = 1;
  ctx.setLineDash([]);
  ctx.fillStyle = theme.bg;
  ctx.fillRect(0, 0, width, height);
  laneBackgrounds(fr);
  lap("grid");

  // The grid and the bands, clipped to the plot from the axis down.
  ctx.save();
  ctx.beginPath();
  ctx.rect(G, axisTop, width - G, height - axisTop);
  ctx.clip();
  timeGrid(fr);
  unseenBands(fr);
  kpeBands(fr);
  ctx.restore();
  lap("bands+unseen");

  // The entries and everything drawn over them, clipped to the lanes.
  ctx.save();
  ctx.beginPath();
  ctx.rect(G, top, width - G, height - top);
  ctx.clip();
  collectEntries(fr);
  lap("cull+cluster+labels");
  spansAndClusters(fr);
  lap("spans+clusters");
  glyphs(fr);
  lap("glyphs");
  seenMarks(fr);
  lap("seen marks");
  drawLabels(fr);
  lap("labels");
  links(fr);
  lap("links");
  activeFlag(fr);
  lap("flags");
  selection(fr);
  ctx.restore();
  lap("selection");

  axis(fr);
  lap("axis");
  gutter(fr);
  lap("gutter");
  flagStrip(fr);
  releaseFrame(fr);
  title(fr);
}
