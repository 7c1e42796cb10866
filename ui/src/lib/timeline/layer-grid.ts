// The frame's fixed furniture: lane backgrounds and group rows, the time grid, the axis with
// its context row, the gutter with lane names and group headings, and an export's title.
import { type Ctx, drawText, type Frame, writeText } from "./frame";
import type { Row } from "./layout";
import { fitted } from "./text";

/** Lanes' backgrounds and group rows, full width, under everything else. Each rectangle is
 * its own fill, cut at the axis by hand: on a CPU canvas (WebKitGTK) a path of many
 * rectangles, or a clip, is rasterised as a mask over its whole extent, so one path of forty
 * grid lines cost six times forty whole-pixel fills (`bench.html?probe=1`). */
export function laneBackgrounds(fr: Frame) {
  const { ctx, theme, top, width, height, G } = fr;
  const band = (x: number, y: number, w: number, h: number, colour: string) => {
    const y0 = Math.max(y, top),
      y1 = Math.min(y + h, height);
    if (y1 <= y0) return;
    ctx.fillStyle = colour;
    ctx.fillRect(x, y0, w, y1 - y0);
  };
  eachRowInView(fr, (row, y) => {
    if (row.kind === "group") band(0, y, width, row.h, theme.groupBg);
    else {
      if (row.index % 2) band(G, y, width - G, row.h, theme.laneAlt);
      band(G, y + row.h - 1, width - G, 1, theme.laneLine);
    }
  });
}

/** Calls `each` with every row (a lane or a group's heading) at least partly in view below
 * the axis, and the row's top on the screen. */
function eachRowInView(fr: Frame, each: (row: Row, y: number) => void) {
  const { layout, top, height, scrollY } = fr;
  for (const row of layout.rows) {
    const y = top + row.y - scrollY;
    if (y + row.h >= top && y <= height) each(row, y);
  }
}

/** The time grid: minor lines in the lanes, major lines from the axis down. */
export function timeGrid(fr: Frame) {
  const { ctx, theme, tk, X, top, axisTop, height } = fr;
  ctx.fillStyle = theme.grid;
  for (const t of tk.minor) ctx.fillRect(Math.round(X(t.day)), top, 1, height - top);
  ctx.fillStyle = theme.gridMajor;
  for (const t of tk.major) ctx.fillRect(Math.round(X(t.day)), axisTop + theme.axisH * 0.5, 1, height - axisTop);
}

/** The axis: context row (years, months ...) above fine ticks. */
export function axis(fr: Frame) {
  const { ctx, theme, tk, X, G, axisTop, width, font, bold } = fr;
  ctx.fillStyle = theme.axisBg;
  ctx.fillRect(0, axisTop, width, theme.axisH);
  ctx.fillStyle = theme.gridMajor;
  ctx.fillRect(0, axisTop + theme.axisH - 1, width, 1);
  ctx.save();
  ctx.beginPath();
  ctx.rect(G, axisTop, width - G, theme.axisH);
  ctx.clip();
  ctx.textBaseline = "middle";
  ctx.textAlign = "left";
  ctx.font = bold;
  ctx.fillStyle = theme.ink;
  const majors = tk.major;
  for (let m = 0; m < majors.length; m++) {
    const x = X(majors[m].day);
    const next = m + 1 < majors.length ? X(majors[m + 1].day) : width;
    // Keep the current period's label visible at the left edge while its start is off screen.
    const lx = Math.max(x, G) + 4;
    const room = next - lx - 6;
    if (room < theme.fontSize * 2) continue;
    drawText(fr, bold, theme.ink, fitted(ctx, bold, majors[m].label, room).text, lx, axisTop + theme.axisH * 0.28);
    ctx.fillStyle = theme.ink;
    ctx.fillRect(Math.round(x), axisTop, 1, theme.axisH * 0.5);
  }
  ctx.font = font;
  ctx.fillStyle = theme.inkSoft;
  for (const t of tk.minor) ctx.fillRect(Math.round(X(t.day)), axisTop + theme.axisH * 0.62, 1, theme.axisH * 0.38);
  for (const t of tk.minor) drawText(fr, font, theme.inkSoft, t.label, X(t.day) + 3, axisTop + theme.axisH * 0.74);
  ctx.restore();
}

/** The gutter: lane names and group headings. On the screen the gutter (everything but the
 * headings, which run on over the lanes) is a bitmap drawn again only when what it shows
 * changes: the lanes, their order or heights, the scroll, the size. */
export function gutter(fr: Frame) {
  const { ctx, model, layout, theme, state, marks, G, top, axisTop, width, height, scrollY, bold, sprites } = fr;
  if (sprites) {
    const sig = `${idOf(model)} ${idOf(layout)} ${idOf(theme)} ${scrollY} ${top} ${axisTop} ${height} ${G}`;
    sprites.drawPanel(ctx as unknown as CanvasRenderingContext2D, "gutter", sig, 0, 0, G, height, (panel) =>
      gutterPanel({ ...fr, ctx: panel as unknown as Ctx, sprites: null }, ctx),
    );
  } else gutterPanel(fr, ctx);
  // Group headings, drawn over the panel and the lanes.
  ctx.save();
  ctx.beginPath();
  ctx.rect(0, top, width, height - top);
  ctx.clip();
  eachRowInView(fr, (row, y) => {
    if (row.kind !== "group") return;
    const g = model.groups[row.index];
    const closed = state.collapsed.has(g.id);
    const count = g.lanes.length;
    const heading = `${closed ? "▸" : "▾"} ${g.name}${closed ? ` (${count} lane${count === 1 ? "" : "s"})` : ""}`;
    drawText(fr, bold, theme.ink, fitted(ctx, bold, heading, width - 12).text, 6, y + row.h / 2);
    marks.groups.push({ id: g.id, y, h: row.h });
  });
  ctx.restore();
}

/** The gutter's background, lane colours, lane names and rules (not the group headings);
 * texts are measured on `measure` (the screen's context, whose measures are kept). */
function gutterPanel(fr: Frame, measure: Ctx) {
  const { ctx, model, theme, G, top, axisTop, height, bold, gy } = fr;
  ctx.fillStyle = theme.gutterBg;
  ctx.fillRect(0, top, G, height - top);
  ctx.fillRect(0, axisTop, G, top - axisTop);
  ctx.save();
  ctx.beginPath();
  ctx.rect(0, top, G, height - top);
  ctx.clip();
  eachRowInView(fr, (row, y) => {
    if (row.kind === "group") {
      ctx.fillStyle = theme.groupBg;
      ctx.fillRect(0, y, G, row.h);
    } else {
      const lane = model.lanes[row.index];
      ctx.fillStyle = lane.colour || theme.inkSoft;
      ctx.fillRect(0, y + 3, 4, row.h - 6);
      writeText(fr, bold, theme.ink, fitted(measure, bold, lane.label, G - 14).text, 10, gy(row.index));
      ctx.fillStyle = theme.laneLine;
      ctx.fillRect(0, y + row.h - 1, G, 1);
    }
  });
  ctx.restore();
  ctx.fillStyle = theme.gridMajor;
  ctx.fillRect(G - 1, axisTop, 1, height - axisTop);
}

const ids = new WeakMap<object, number>();
let lastId = 0;
/** A number for each object, the same while it lives (for a panel's signature). */
function idOf(o: object): number {
  let id = ids.get(o);
  if (id === undefined) {
    id = ++lastId;
    ids.set(o, id);
  }
  return id;
}

/** An export's title: the heading, then smaller lines (period, "pseudonymised", page). */
export function title(fr: Frame) {
  const { ctx, theme, state, width, titleH, font } = fr;
  if (state.title) {
    ctx.fillStyle = theme.bg;
    ctx.fillRect(0, 0, width, titleH);
    ctx.fillStyle = theme.ink;
    ctx.textAlign = "left";
    ctx.textBaseline = "middle";
    // The first line is the heading; the others (period, "pseudonymised", page) are smaller.
    state.title.split("\n").forEach((line, k) => {
      const f = k ? font : `600 ${theme.fontSize * 1.25}px ${theme.font}`;
      ctx.font = f;
      ctx.fillText(fitted(ctx, f, line, width - 20).text, 10, theme.fontSize * (1.2 + 1.5 * k));
    });
  }
}
