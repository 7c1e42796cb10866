// The frame's fixed furniture: lane backgrounds and group rows, the time grid, the axis with
// its context row, the gutter with lane names and group headings, and an export's title.
import type { Frame } from "./frame";
import { fitted } from "./text";

/** Lanes' backgrounds and group rows, full width, under everything else. */
export function laneBackgrounds(fr: Frame) {
  const { ctx, layout, theme, top, width, height, scrollY, G } = fr;
  ctx.save();
  ctx.beginPath();
  ctx.rect(0, top, width, height - top);
  ctx.clip();
  // Each colour is one path of rectangles: one fill per colour, not one per lane (every
  // canvas call costs, and on some engines a lot).
  const rowsIn = layout.rows.filter((row) => {
    const y = top + row.y - scrollY;
    return y + row.h >= top && y <= height;
  });
  const rects = (pick: (row: (typeof rowsIn)[number]) => [number, number, number, number] | null, colour: string) => {
    ctx.beginPath();
    let any = false;
    for (const row of rowsIn) {
      const r = pick(row);
      if (r) {
        ctx.rect(r[0], r[1], r[2], r[3]);
        any = true;
      }
    }
    if (any) {
      ctx.fillStyle = colour;
      ctx.fill();
    }
  };
  rects((row) => (row.kind === "lane" && row.index % 2 ? [G, top + row.y - scrollY, width - G, row.h] : null), theme.laneAlt);
  rects((row) => (row.kind === "lane" ? [G, top + row.y - scrollY + row.h - 1, width - G, 1] : null), theme.laneLine);
  rects((row) => (row.kind === "group" ? [0, top + row.y - scrollY, width, row.h] : null), theme.groupBg);
  ctx.restore();
}

/** The time grid: minor lines in the lanes, major lines from the axis down. */
export function timeGrid(fr: Frame) {
  const { ctx, theme, tk, X, top, axisTop, height } = fr;
  ctx.beginPath();
  for (const t of tk.minor) ctx.rect(Math.round(X(t.day)), top, 1, height - top);
  ctx.fillStyle = theme.grid;
  ctx.fill();
  ctx.beginPath();
  for (const t of tk.major) ctx.rect(Math.round(X(t.day)), axisTop + theme.axisH * 0.5, 1, height - axisTop);
  ctx.fillStyle = theme.gridMajor;
  ctx.fill();
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
    ctx.fillText(fitted(ctx, bold, majors[m].label, room).text, lx, axisTop + theme.axisH * 0.28);
    ctx.fillRect(Math.round(x), axisTop, 1, theme.axisH * 0.5);
  }
  ctx.font = font;
  ctx.fillStyle = theme.inkSoft;
  ctx.beginPath();
  for (const t of tk.minor) ctx.rect(Math.round(X(t.day)), axisTop + theme.axisH * 0.62, 1, theme.axisH * 0.38);
  ctx.fill();
  for (const t of tk.minor) ctx.fillText(t.label, X(t.day) + 3, axisTop + theme.axisH * 0.74);
  ctx.restore();
}

/** The gutter: lane names and group headings. */
export function gutter(fr: Frame) {
  const { ctx, model, layout, theme, state, marks, G, top, axisTop, width, height, scrollY, bold, gy } = fr;
  ctx.fillStyle = theme.gutterBg;
  ctx.fillRect(0, top, G, height - top);
  ctx.fillRect(0, axisTop, G, top - axisTop);
  ctx.save();
  ctx.beginPath();
  ctx.rect(0, top, width, height - top);
  ctx.clip();
  ctx.textBaseline = "middle";
  ctx.textAlign = "left";
  for (const row of layout.rows) {
    const y = top + row.y - scrollY;
    if (y + row.h < top || y > height) continue;
    if (row.kind === "group") {
      const g = model.groups[row.index];
      const closed = state.collapsed.has(g.id);
      ctx.fillStyle = theme.groupBg;
      ctx.fillRect(0, y, G, row.h);
      ctx.fillStyle = theme.ink;
      ctx.font = bold;
      const count = g.lanes.length;
      ctx.fillText(
        fitted(ctx, bold, `${closed ? "▸" : "▾"} ${g.name}${closed ? ` (${count} lane${count === 1 ? "" : "s"})` : ""}`, width - 12).text,
        6,
        y + row.h / 2,
      );
      marks.groups.push({ id: g.id, y, h: row.h });
    } else {
      const lane = model.lanes[row.index];
      ctx.fillStyle = lane.colour || theme.inkSoft;
      ctx.fillRect(0, y + 3, 4, row.h - 6);
      ctx.fillStyle = theme.ink;
      ctx.font = bold;
      ctx.fillText(fitted(ctx, bold, lane.label, G - 14).text, 10, gy(row.index));
      ctx.fillStyle = theme.laneLine;
      ctx.fillRect(0, y + row.h - 1, G, 1);
    }
  }
  ctx.restore();
  ctx.fillStyle = theme.gridMajor;
  ctx.fillRect(G - 1, axisTop, 1, height - axisTop);
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
