// Draws one frame of the timeline on a 2D context: the screen's canvas, or the SVG writer
// used for exports (the same code, so an export looks like the screen). It touches only what
// is in view: per lane, a binary search finds the entries in the time window, dense runs
// become clusters with counts, and labels are placed greedily so they never overlap.
import { drawFlagStrip, flagShown } from "./flagmarks";
import { CATEGORIES, FLAG_STYLES, glyphPath, type Pen } from "./glyphs";
import type { Layout } from "./layout";
import { BIT_APPROX, BIT_FLAGGED, BIT_NOT_SEEN, BIT_SEEN, lowerBound, type TimelineModel } from "./model";
import type { Theme } from "./theme";
import { ticks } from "./ticks";

/** The part of CanvasRenderingContext2D the drawing uses. */
export interface Ctx extends Pen {
  fillStyle: string | CanvasGradient | CanvasPattern;
  strokeStyle: string | CanvasGradient | CanvasPattern;
  lineWidth: number;
  globalAlpha: number;
  font: string;
  textAlign: CanvasTextAlign;
  textBaseline: CanvasTextBaseline;
  setLineDash(d: number[]): void;
  quadraticCurveTo(cx: number, cy: number, x: number, y: number): void;
  fill(): void;
  stroke(): void;
  fillRect(x: number, y: number, w: number, h: number): void;
  strokeRect(x: number, y: number, w: number, h: number): void;
  fillText(t: string, x: number, y: number): void;
  measureText(t: string): { width: number };
  save(): void;
  restore(): void;
  clip(): void;
}

export interface View {
  /** The day at the left edge of the plot. */
  t0: number;
  pxPerDay: number;
  width: number;
  height: number;
  /** How far the lanes are scrolled up, in px. */
  scrollY: number;
}

export interface DrawState {
  selected: Set<number>;
  focused: number;
  hover: number;
  kpe: string | null;
  flag: string | null;
  brush: { from: number; to: number } | null;
  showLinks: boolean;
  showFlags: boolean;
  showDismissed: boolean;
  /** Flag kinds the reviewer has turned off. */
  hiddenFlagKinds?: Set<string>;
  collapsed: Set<string>;
  /** A heading drawn above the axis (exports). */
  title?: string;
  /** Items to emphasise (a focus request): everything else is drawn faint. */
  highlight?: Set<number> | null;
  /** A day marked with a vertical line (the tunnel view's date). */
  marker?: { day: number; label: string } | null;
}

/** What was drawn where, for hit-testing the last frame. */
export class Marks {
  x = new Float32Array(4096);
  y = new Float32Array(4096);
  lane = new Int32Array(4096);
  /** >= 0: an item; < 0: cluster number -(k + 1). */
  item = new Int32Array(4096);
  count = 0;
  clusters: { from: number; to: number; lane: number; n: number; x0: number; x1: number }[] = [];
  flags: { id: string; x: number; y: number; w: number; h: number }[] = [];
  bands: { id: string; x0: number; x1: number }[] = [];
  groups: { id: string; y: number; h: number }[] = [];
  reset() {
    this.count = 0;
    this.clusters = [];
    this.flags = [];
    this.bands = [];
    this.groups = [];
  }
  push(x: number, y: number, lane: number, item: number) {
    if (this.count === this.x.length) {
      const grow = <T extends Float32Array | Int32Array>(a: T): T => {
        const b = new (a.constructor as { new (n: number): T })(a.length * 2);
        b.set(a);
        return b;
      };
      this.x = grow(this.x);
      this.y = grow(this.y);
      this.lane = grow(this.lane);
      this.item = grow(this.item);
    }
    this.x[this.count] = x;
    this.y[this.count] = y;
    this.lane[this.count] = lane;
    this.item[this.count] = item;
    this.count++;
  }
  /** Where item `i` was drawn this frame, if it was drawn on its own. */
  positionOf(i: number): [number, number] | null {
    for (let k = 0; k < this.count; k++) if (this.item[k] === i) return [this.x[k], this.y[k]];
    return null;
  }
}

const widthCache = new Map<string, number>();
const fitCache = new Map<string, { text: string; width: number }>();

function widthOf(ctx: Ctx, font: string, text: string): number {
  const key = `${font}\u0000${text}`;
  let w = widthCache.get(key);
  if (w === undefined) {
    w = ctx.measureText(text).width;
    if (widthCache.size > 100_000) widthCache.clear();
    widthCache.set(key, w);
  }
  return w;
}

/** `text` cut to fit `max` px with an ellipsis; widths are measured once per font and text,
 * and cuts are kept per 8 px of room, so a frame rarely measures anything. */
export function fitted(ctx: Ctx, font: string, text: string, max: number): { text: string; width: number } {
  const full = widthOf(ctx, font, text);
  if (full <= max) return { text, width: full };
  const bucket = Math.floor(max / 8) * 8;
  const key = `${font}\u0000${bucket}\u0000${text}`;
  let hit = fitCache.get(key);
  if (hit) return hit;
  // Whole words only (a word cut in the middle misreads: "Mum and baby se…"): start from the
  // proportional estimate and step back word by word until it fits.
  const cut = (m: number) => {
    const head = text.slice(0, m);
    const space = text.length > m && /\S/.test(text[m]) ? head.search(/\s\S*$/) : head.length;
    return space <= 0 ? "" : head.slice(0, space).replace(/[\s,;:–—-]+$/, "");
  };
  let n = Math.max(0, Math.floor((text.length * bucket) / full));
  let t = cut(n);
  let w = widthOf(ctx, font, `${t}…`);
  while (t && w > bucket) {
    n = t.length - 1;
    t = cut(n);
    w = widthOf(ctx, font, `${t}…`);
  }
  t = t ? `${t}…` : "…";
  hit = { text: t, width: w };
  if (fitCache.size > 50_000) fitCache.clear();
  fitCache.set(key, hit);
  return hit;
}

/** The height of a title of one or more lines (exports: the review, the period, the page). */
export function titleHeight(theme: Theme, title?: string): number {
  if (!title) return 0;
  return theme.fontSize * (2.4 + 1.5 * (title.split("\n").length - 1));
}

export function contentTop(theme: Theme, title?: string): number {
  return titleHeight(theme, title) + theme.axisH + theme.bandH + theme.flagH;
}

/** The lane's glyph line, in view coordinates. */
export function glyphY(theme: Theme, layout: Layout, top: number, lane: number, scrollY: number): number {
  return top + layout.laneY[lane] - scrollY + Math.min(layout.laneH * 0.36, theme.glyphR * 2 + 10);
}

export function draw(ctx: Ctx, model: TimelineModel, layout: Layout, view: View, theme: Theme, state: DrawState, marks: Marks) {
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
  const { t0, pxPerDay, width, height, scrollY } = view;
  const G = theme.gutter;
  const titleH = titleHeight(theme, state.title);
  const axisTop = titleH;
  const top = contentTop(theme, state.title);
  const t1 = t0 + (width - G) / pxPerDay;
  const X = (day: number) => G + (day - t0) * pxPerDay;
  const font = `${theme.fontSize}px ${theme.font}`;
  const bold = `600 ${theme.fontSize}px ${theme.font}`;
  const small = `${theme.smallSize}px ${theme.font}`;
  const R = theme.glyphR;
  const laneTop = (l: number) => top + layout.laneY[l] - scrollY;
  const gy = (l: number) => glyphY(theme, layout, top, l, scrollY);

  ctx.globalAlpha = 1;
  ctx.setLineDash([]);
  ctx.fillStyle = theme.bg;
  ctx.fillRect(0, 0, width, height);

  // Lanes' backgrounds and group headings (full width, under everything else).
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

  lap("grid");
  // Time grid.
  const tk = ticks(t0, t1, pxPerDay, theme.fontSize * 5.5);
  ctx.save();
  ctx.beginPath();
  ctx.rect(G, axisTop, width - G, height - axisTop);
  ctx.clip();
  ctx.beginPath();
  for (const t of tk.minor) ctx.rect(Math.round(X(t.day)), top, 1, height - top);
  ctx.fillStyle = theme.grid;
  ctx.fill();
  ctx.beginPath();
  for (const t of tk.major) ctx.rect(Math.round(X(t.day)), axisTop + theme.axisH * 0.5, 1, height - axisTop);
  ctx.fillStyle = theme.gridMajor;
  ctx.fill();

  // Periods in which no professional saw the child: shaded, labelled in the band strip.
  for (const u of model.unseen) {
    const x0 = Math.max(X(u.from), G - 50),
      x1 = Math.min(X(u.to + 1), width + 50);
    if (x1 < G || x0 > width) continue;
    ctx.fillStyle = theme.unseenFill;
    ctx.fillRect(x0, top, x1 - x0, height - top);
    ctx.strokeStyle = fade(theme.unseenInk, 0.45);
    ctx.lineWidth = 1;
    ctx.beginPath();
    const stripTop = axisTop + theme.axisH,
      stripH = theme.bandH;
    for (let x = Math.max(x0, G - stripH) - stripH; x < Math.min(x1, width); x += 7) {
      const a = Math.max(x, x0),
        b = Math.min(x + stripH, x1);
      if (b <= a) continue;
      ctx.moveTo(a, stripTop + stripH - (a - x));
      ctx.lineTo(b, stripTop + stripH - (b - x));
    }
    ctx.stroke();
    const w = x1 - x0;
    if (w > theme.fontSize * 8) {
      ctx.font = small;
      ctx.fillStyle = theme.unseenInk;
      ctx.textBaseline = "middle";
      ctx.textAlign = "left";
      const label = fitted(ctx, small, `Child not seen: ${u.days} days`, w - 8);
      const lx = Math.max(x0 + 4, G + 4);
      ctx.fillStyle = theme.bg;
      ctx.fillRect(lx - 2, stripTop + 3, label.width + 4, stripH - 6);
      ctx.fillStyle = theme.unseenInk;
      ctx.fillText(label.text, lx, stripTop + stripH / 2);
    }
  }

  // KPE bands across all lanes, numbered and titled in the band strip.
  const stripTop = axisTop + theme.axisH;
  for (let bi = 0; bi < model.bands.length; bi++) {
    const b = model.bands[bi];
    const bx0 = X(b.from),
      bx1 = X(b.to + 1);
    if (bx1 < G || bx0 > width) continue;
    const x0 = Math.max(bx0, G - 50),
      x1 = Math.min(bx1, width + 50);
    const active = state.kpe === b.id;
    ctx.fillStyle = active ? theme.bandFillActive : theme.bandFill;
    ctx.fillRect(x0, stripTop, x1 - x0, height - stripTop);
    // Light edges: ten KPEs side by side must not read as ten heavy walls.
    ctx.fillStyle = active ? theme.bandInk : theme.bandEdge;
    ctx.fillRect(x0, stripTop, 1, height - stripTop);
    ctx.fillRect(x1 - 1, stripTop, 1, height - stripTop);
    marks.bands.push({ id: b.id, x0, x1 });
    // The chip may run past a narrow band, up to the next band, so its title can be read.
    ctx.font = bold;
    const nextX = bi + 1 < model.bands.length ? X(model.bands[bi + 1].from) : width;
    const room = Math.max(x1 - x0, nextX - Math.max(x0, G) - 6);
    const label = fitted(ctx, bold, `KPE ${b.number}: ${b.title}`, room - 8);
    const chipW = Math.max(x1 - x0, label.width + 10);
    ctx.fillStyle = active ? theme.bandInk : theme.bandChip;
    ctx.fillRect(Math.max(x0, G), stripTop + 2, chipW, theme.bandH - 4);
    ctx.textBaseline = "middle";
    ctx.textAlign = "left";
    ctx.fillStyle = active ? theme.bg : theme.bandInk;
    ctx.fillText(label.text, Math.max(x0 + 4, G + 4), stripTop + theme.bandH / 2);
  }
  ctx.restore();

  lap("bands+unseen");
  // Entries, lane by lane.
  ctx.save();
  ctx.beginPath();
  ctx.rect(G, top, width - G, height - top);
  ctx.clip();
  const clusterPx = R * 2 + 3;
  // A cluster takes in everything within this many pixels of its first member, so zoomed
  // out there are at most a few dozen per lane, each wide enough for its count.
  const clusterW = Math.max(clusterPx, theme.smallSize * 2.4);
  const drawn = drawnFor(model);
  drawnList.length = 0;
  const perCat: number[][] = CATEGORIES.map(() => []); // x, y pairs per category
  const spans: number[] = [];
  const faint = state.highlight ?? null;
  const faintXY: number[] = [];
  ctx.font = font;
  const labelRows = layout.laneH - (gy(0) - laneTop(0)) - R > theme.fontSize * 2.6 ? 2 : 1;
  const labels: { x: number; y: number; text: string; item: number }[] = [];
  for (let l = 0; l < model.lanes.length; l++) {
    if (layout.laneY[l] < 0) continue;
    const y0 = laneTop(l);
    if (y0 + layout.laneH < top || y0 > height) continue;
    const y = gy(l);
    // Glyphs: the items drawn in view, already in screen order.
    const ats = model.laneAts[l],
      byAt = model.byLaneAt[l];
    const a0 = lowerBound(ats, t0 - R / pxPerDay),
      a1 = lowerBound(ats, t1 + R / pxPerDay);
    const all = model.shownCount === model.n;
    const dayW = clusterW / pxPerDay,
      dayP = clusterPx / pxPerDay;
    let k = a0;
    while (k < a1) {
      const i = byAt[k];
      if (!all && !model.shown[i]) {
        k++;
        continue;
      }
      const at = ats[k];
      const x = X(at);
      // The next shown item, to decide between a single glyph and a cluster.
      let e = k + 1;
      while (!all && e < a1 && !model.shown[byAt[e]]) e++;
      let n = 1,
        last = i;
      if (e < a1 && ats[e] - at <= dayP) {
        if (all) {
          // Unfiltered: the cluster's end by binary search, whatever the number of entries.
          const end = Math.min(a1, lowerBound(ats, at + dayW + 1e-9));
          n = end - k;
          last = byAt[end - 1];
          e = end;
        } else {
          n = 0;
          e = k;
          while (e < a1 && ats[e] - at <= dayW) {
            if (model.shown[byAt[e]]) {
              n++;
              last = byAt[e];
            }
            e++;
          }
        }
      }
      if (n === 1) {
        drawn[i] = 1;
        drawnList.push(i);
        if (faint && !faint.has(i)) faintXY.push(model.cat[i], x, y);
        else perCat[model.cat[i]].push(x, y);
        marks.push(x, y, l, i);
        labels.push({ x: x + R + 3, y, text: model.labels[i], item: i });
      } else {
        // A cluster: a box with the count, spanning its members.
        const lastX = X(model.at(last));
        const cx0 = x - R,
          cx1 = Math.max(lastX + R, x + R);
        const c = marks.clusters.length;
        marks.clusters.push({ from: at, to: model.at(last), lane: l, n, x0: cx0, x1: cx1 });
        marks.push((cx0 + cx1) / 2, y, l, -(c + 1));
      }
      k = e;
    }
    // Spans (uncertain dates, durations) that overlap the view: for entries drawn on their
    // own, or whose glyph is off screen; an entry inside a cluster shows as the cluster.
    if (model.laneMaxSpan[l] * pxPerDay > 3) {
      const list = model.spanItems[l];
      const s0 = lowerBound(model.spanStarts[l], t0 - model.laneMaxSpan[l]),
        s1 = lowerBound(model.spanStarts[l], t1);
      for (let q = s0; q < s1; q++) {
        const i = list[q];
        if (!model.shown[i] || model.end[i] < t0) continue;
        const gx = X(model.at(i));
        if (!drawn[i] && gx >= G - R && gx <= width + R) continue;
        const sx0 = X(model.start[i]),
          sx1 = X(model.end[i]);
        if (sx1 - sx0 > 3) spans.push(Math.max(sx0, G - 2), Math.min(sx1, width + 2), y, model.bits[i] & BIT_APPROX ? 1 : 0);
      }
    }
    // Labels: greedy, emphasised entries first, then left to right. Beside the glyph when
    // there is room before the next glyph, else on the row under the glyphs; an entry whose
    // label fits nowhere keeps its glyph and shows its label on hover, on focus or closer in.
    taken[0].length = 0;
    taken[1].length = 0;
    const free = (r: number, x0: number, x1: number) => {
      const t = taken[r];
      for (let q = 0; q < t.length; q += 2) if (x0 < t[q + 1] + 6 && x1 + 6 > t[q]) return false;
      return true;
    };
    const order2 = faint ? [...labels.keys()].sort((p, q) => Number(!faint.has(labels[p].item)) - Number(!faint.has(labels[q].item)) || p - q) : labels.keys();
    for (const q of order2) {
      const lab = labels[q];
      // An emphasised entry's label may run over faint neighbours, on a backing box.
      const strong = !!faint && faint.has(lab.item);
      let nextGlyph = Infinity;
      for (let q2 = q + 1; q2 < labels.length; q2++) {
        if (strong && !faint!.has(labels[q2].item)) continue;
        nextGlyph = labels[q2].x - R * 2 - 6;
        break;
      }
      const nextMark = strong ? Infinity : nextMarkAfter(marks, l, lab.x - R - 3, R);
      const beside = Math.min(theme.labelMax, width - lab.x - 4, nextGlyph - lab.x, nextMark - lab.x - 4);
      if (beside >= theme.fontSize * 4) {
        const f = fitted(ctx, font, lab.text, beside);
        if (free(0, lab.x, lab.x + f.width)) {
          drawLabels.push({ ...lab, text: f.text, box: strong ? f.width : 0 });
          taken[0].push(lab.x, lab.x + f.width);
          continue;
        }
      }
      // At the right edge, a label with no room after its glyph goes before it when there is
      // room there (the last entry of an exported period keeps its words).
      const whole = Math.min(widthOf(ctx, font, lab.text), theme.labelMax);
      const edge = width - lab.x - 4;
      if (beside < whole && edge < whole && edge <= Math.min(nextGlyph - lab.x, nextMark - lab.x - 4)) {
        let prev = G;
        for (let q2 = q - 1; q2 >= 0; q2--) {
          if (strong && !faint!.has(labels[q2].item)) continue;
          prev = labels[q2].x;
          break;
        }
        const glyphX = lab.x - R - 3;
        const lx = glyphX - R - 4 - whole;
        // Nothing drawn between the label and its glyph (another glyph or a cluster).
        const clear = nextMarkAfter(marks, l, lx - R, R) >= glyphX - R - 1;
        if (clear && lx >= prev + 4 && lx >= G + 2) {
          const f = fitted(ctx, font, lab.text, theme.labelMax);
          if (free(0, lx, lx + f.width)) {
            drawLabels.push({ ...lab, x: lx, text: f.text, box: strong ? f.width : 0 });
            taken[0].push(lx, lx + f.width);
            continue;
          }
        }
      }
      if (labelRows < 2) continue;
      const under = lab.x - R - 3;
      const room = Math.min(theme.labelMax, width - under - 4);
      if (room < theme.fontSize * 4) continue;
      const f = fitted(ctx, font, lab.text, room);
      if (free(1, under, under + f.width)) {
        drawLabels.push({ x: under, y: y + theme.fontSize * 1.35 + R * 0.6, text: f.text, item: lab.item, box: strong ? f.width : 0 });
        taken[1].push(under, under + f.width);
      }
    }
    labels.length = 0;
  }

  lap("cull+cluster+labels");
  // Uncertainty spans (whiskered, faint) and durations (solid), under the glyphs.
  // (Colours carry the transparency: globalAlpha makes WebKitGTK's canvas composite each
  // shape through a full-size temporary surface, which cost ~1 ms per shape.)
  const spanApprox = fade(theme.inkSoft, 0.35),
    spanSolid = fade(theme.inkSoft, 0.6);
  for (let s = 0; s < spans.length; s += 4) {
    const [a, b, y, approx] = [spans[s], spans[s + 1], spans[s + 2], spans[s + 3]];
    ctx.fillStyle = approx ? spanApprox : spanSolid;
    ctx.fillRect(a, y - (approx ? R * 0.45 : R * 0.3), b - a, approx ? R * 0.9 : R * 0.6);
    if (approx) {
      ctx.fillRect(a, y - R, 1.5, R * 2);
      ctx.fillRect(b - 1.5, y - R, 1.5, R * 2);
    }
  }

  // Clusters.
  ctx.font = `600 ${theme.smallSize}px ${theme.font}`;
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  if (marks.clusters.length) {
    ctx.beginPath();
    for (const c of marks.clusters) ctx.rect(c.x0, gy(c.lane) - R - 2, Math.max(c.x1 - c.x0, R * 2 + 2), R * 2 + 4);
    ctx.fillStyle = "#dfe5eb";
    ctx.fill();
    ctx.strokeStyle = theme.inkSoft;
    ctx.lineWidth = 1;
    ctx.stroke();
    ctx.fillStyle = theme.ink;
    const digit = ctx.measureText("0").width;
    for (const c of marks.clusters) {
      const w = Math.max(c.x1 - c.x0, R * 2 + 2);
      const label = c.n > 999 ? `${Math.round(c.n / 100) / 10}k` : String(c.n);
      if (label.length * digit <= w + 6) ctx.fillText(label, c.x0 + w / 2, gy(c.lane));
    }
  }

  lap("spans+clusters");
  // Glyphs, batched by category: one path per category.
  ctx.lineWidth = theme.lineW;
  if (faintXY.length) {
    for (let s = 0; s < faintXY.length; s += 3) {
      const cat = CATEGORIES[faintXY[s]];
      ctx.beginPath();
      glyphPath(ctx, cat.shape, faintXY[s + 1], faintXY[s + 2], R);
      ctx.fillStyle = fade(cat.colour, 0.25);
      ctx.fill();
    }
  }
  CATEGORIES.forEach((cat, ci) => {
    const xy = perCat[ci];
    if (!xy.length) return;
    ctx.beginPath();
    for (let s = 0; s < xy.length; s += 2) glyphPath(ctx, cat.shape, xy[s], xy[s + 1], R);
    if (cat.shape === "ring") {
      ctx.fillStyle = theme.bg;
      ctx.fill();
      ctx.strokeStyle = cat.colour;
      ctx.lineWidth = theme.lineW * 2;
      ctx.stroke();
      ctx.lineWidth = theme.lineW;
    } else {
      ctx.fillStyle = cat.colour;
      ctx.fill();
      ctx.strokeStyle = theme.bg;
      ctx.stroke();
    }
  });

  lap("glyphs");
  // Child seen (a tick under the glyph) and not seen (a cross), and rings round flagged
  // entries: one path each.
  ctx.lineWidth = Math.max(1.25, theme.lineW);
  for (const [bit, colour] of [
    [BIT_SEEN, "#1d6b3a"],
    [BIT_NOT_SEEN, "#a4262c"],
  ] as const) {
    ctx.beginPath();
    let any = false;
    for (let m = 0; m < marks.count; m++) {
      const i = marks.item[m];
      if (i < 0 || !(model.bits[i] & bit)) continue;
      const x = marks.x[m],
        y = marks.y[m] + R + 4;
      any = true;
      if (bit === BIT_SEEN) {
        ctx.moveTo(x - R * 0.6, y + R * 0.2);
        ctx.lineTo(x - R * 0.1, y + R * 0.7);
        ctx.lineTo(x + R * 0.7, y - R * 0.3);
      } else {
        ctx.moveTo(x - R * 0.5, y - R * 0.3);
        ctx.lineTo(x + R * 0.5, y + R * 0.7);
        ctx.moveTo(x + R * 0.5, y - R * 0.3);
        ctx.lineTo(x - R * 0.5, y + R * 0.7);
      }
    }
    if (any) {
      ctx.strokeStyle = colour;
      ctx.stroke();
    }
  }
  const activeFlag = state.flag ? model.flags.find((f) => f.id === state.flag && flagShown(f, state)) : undefined;
  if (activeFlag) {
    // Rings round the selected flag's evidence only (every flagged entry ringed was clutter).
    const evidence = new Set(activeFlag.items);
    ctx.beginPath();
    let any = false;
    for (let m = 0; m < marks.count; m++) {
      const i = marks.item[m];
      if (i < 0 || !(model.bits[i] & BIT_FLAGGED) || !evidence.has(i)) continue;
      ctx.moveTo(marks.x[m] + R + 3.5, marks.y[m]);
      ctx.arc(marks.x[m], marks.y[m], R + 3.5, 0, Math.PI * 2);
      any = true;
    }
    if (any) {
      ctx.strokeStyle = (FLAG_STYLES[activeFlag.kind] ?? FLAG_STYLES.lost_transfer).colour;
      ctx.lineWidth = 1.5;
      ctx.stroke();
    }
  }

  lap("seen marks");
  // Labels.
  ctx.font = font;
  ctx.textAlign = "left";
  ctx.textBaseline = "middle";
  ctx.fillStyle = theme.ink;
  // Labels of entries outside a focus stay at full AA contrast, only a little lighter.
  const inkFaint = theme.inkSoft;
  for (const lab of drawLabels) {
    if (lab.box) {
      ctx.fillStyle = "rgba(255,255,255,0.88)";
      ctx.fillRect(lab.x - 2, lab.y - theme.fontSize * 0.7, lab.box + 4, theme.fontSize * 1.4);
    }
    ctx.fillStyle = faint && !faint.has(lab.item) ? inkFaint : theme.ink;
    ctx.fillText(lab.text, lab.x, lab.y);
  }
  drawLabels.length = 0;

  const pos = (i: number): [number, number] | null => {
    const l = model.lane[i];
    if (layout.laneY[l] < 0 || !model.shown[i]) return null;
    return [X(model.at(i)), gy(l)];
  };

  lap("labels");
  // Links between lanes, and hand-overs with no link drawn to their receiving lane.
  if (state.showLinks) {
    // Gathered first, then drawn one path per style: shafts stroked, heads filled.
    const byStyle = new Map<string, number[]>(); // per style: x1, y1, x2, y2, curved (1/0), far (1/0)
    const add = (style: string, p: [number, number], q: [number, number], curved: boolean) => {
      const far = p[0] < G - width || p[0] > 2 * width || q[0] < G - width || q[0] > 2 * width;
      let list = byStyle.get(style);
      if (!list) {
        list = [];
        byStyle.set(style, list);
      }
      list.push(p[0], p[1], q[0], q[1], curved ? 1 : 0, far ? 1 : 0);
    };
    for (const link of model.links) {
      // Links between entries that are both inside clusters would only add noise.
      if (!drawn[link.from] && !drawn[link.to]) continue;
      const a = pos(link.from),
        b = pos(link.to);
      if (!a || !b) continue;
      if ((a[0] < G && b[0] < G) || (a[0] > width && b[0] > width)) continue;
      // "X responds to Y": the arrow goes from Y (the earlier record) to X.
      const [p, q] = link.kind === "responds_to" || link.kind === "acknowledges" ? [b, a] : [a, b];
      add(LINK_STYLE[link.kind] ? link.kind : "related", p, q, true);
    }
    for (let m = 0; m < marks.count; m++) {
      const i = marks.item[m];
      if (i < 0 || model.toLane[i] < 0 || layout.laneY[model.toLane[i]] < 0) continue;
      const x = marks.x[m],
        y = marks.y[m];
      const ty = gy(model.toLane[i]);
      if (Math.abs(ty - y) < 1) continue;
      add("handover", [x, y], [x + Math.min(24, Math.abs(ty - y) * 0.3), ty], false);
    }
    ctx.lineWidth = theme.lineW;
    for (const [name, list] of byStyle) {
      const style = LINK_STYLE[name];
      ctx.strokeStyle = style.colour;
      ctx.fillStyle = style.colour;
      ctx.setLineDash(style.dash);
      ctx.beginPath();
      for (let k = 0; k < list.length; k += 6) {
        const p: [number, number] = [list[k], list[k + 1]],
          q: [number, number] = [list[k + 2], list[k + 3]];
        // An end far off screen: a straight segment cut to the view (huge curves are slow
        // to rasterise and add nothing that can be seen).
        if (list[k + 5]) segmentPath(ctx, p, q, G - 20, width + 20);
        else shaft(ctx, p[0], p[1], q[0], q[1], R, list[k + 4] === 1);
      }
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.beginPath();
      for (let k = 0; k < list.length; k += 6) if (!list[k + 5]) head(ctx, list[k], list[k + 1], list[k + 2], list[k + 3], R, list[k + 4] === 1);
      ctx.fill();
    }
  }

  lap("links");
  // Flags.
  // The selected flag is drawn in full across the lanes; every flag has its mark in the strip.
  if (activeFlag) drawFlag(ctx, activeFlag, model, theme, state, marks, pos, X, laneTop, layout, width);

  lap("flags");
  // Selection, focus, brushing.
  const ring = (i: number, colour: string, w: number) => {
    const p = pos(i);
    if (!p || p[0] < G - R || p[0] > width + R) return;
    ctx.strokeStyle = colour;
    ctx.lineWidth = w;
    ctx.beginPath();
    ctx.arc(p[0], p[1], R + 5, 0, Math.PI * 2);
    ctx.stroke();
  };
  for (const i of state.selected) ring(i, theme.select, 3);
  if (state.hover >= 0) ring(state.hover, theme.inkSoft, 1.5);
  if (state.focused >= 0) {
    ring(state.focused, theme.focus, 3);
    const p = pos(state.focused);
    if (p) {
      // The focused entry always shows its label, on a card.
      ctx.font = bold;
      const f = fitted(ctx, bold, model.labels[state.focused], theme.labelMax * 1.5);
      const bx = Math.min(p[0] + R + 8, width - f.width - 14),
        by = p[1] - theme.fontSize * 2.2;
      ctx.fillStyle = theme.bg;
      ctx.strokeStyle = theme.focus;
      ctx.lineWidth = 1.5;
      ctx.fillRect(bx, by, f.width + 10, theme.fontSize * 1.6);
      ctx.strokeRect(bx, by, f.width + 10, theme.fontSize * 1.6);
      ctx.fillStyle = theme.ink;
      ctx.textAlign = "left";
      ctx.textBaseline = "middle";
      ctx.fillText(f.text, bx + 5, by + theme.fontSize * 0.8);
    }
  }
  if (state.marker) {
    const x = X(state.marker.day);
    ctx.strokeStyle = theme.focus;
    ctx.lineWidth = 2;
    ctx.setLineDash([6, 4]);
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, height);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.font = bold;
    const f = fitted(ctx, bold, state.marker.label, theme.labelMax * 2);
    ctx.fillStyle = theme.focus;
    ctx.fillRect(x - f.width - 12, top + 2, f.width + 10, theme.fontSize * 1.5);
    ctx.fillStyle = "#ffffff";
    ctx.textAlign = "left";
    ctx.textBaseline = "middle";
    ctx.fillText(f.text, x - f.width - 7, top + 2 + theme.fontSize * 0.75);
  }
  if (state.brush) {
    const a = X(Math.min(state.brush.from, state.brush.to)),
      b = X(Math.max(state.brush.from, state.brush.to));
    ctx.fillStyle = "rgba(15,107,115,0.12)";
    ctx.fillRect(a, top, b - a, height - top);
    ctx.strokeStyle = theme.select;
    ctx.lineWidth = 1.5;
    ctx.strokeRect(a, top, b - a, height - top);
  }
  ctx.restore();

  lap("selection");
  // The axis: context row (years, months ...) above fine ticks.
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

  lap("axis");
  // The gutter: lane names and group headings.
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
  lap("gutter");
  const flagTop = axisTop + theme.axisH + theme.bandH;
  if (state.showFlags && model.flags.length && theme.flagH > 0) {
    ctx.font = small;
    ctx.fillStyle = theme.inkSoft;
    ctx.textAlign = "left";
    ctx.textBaseline = "middle";
    ctx.fillText("Flags", 10, flagTop + theme.flagH / 2);
  }
  drawFlagStrip(ctx, model, layout, theme, state, marks, X, flagTop, width);

  for (const i of drawnList) drawn[i] = 0;
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

const drawLabels: { x: number; y: number; text: string; item: number; box?: number }[] = [];

/** The x of the first mark (glyph or cluster) in lane `l` to the right of `x`. */
function nextMarkAfter(marks: Marks, l: number, x: number, r: number): number {
  let best = Infinity;
  for (let k = marks.count - 1; k >= 0 && marks.lane[k] === l; k--) {
    const item = marks.item[k];
    const left = item >= 0 ? marks.x[k] - r : marks.clusters[-item - 1].x0;
    if (left > x + r && left < best) best = left;
  }
  return best;
}
const drawnList: number[] = [];
/** Per label row of the lane being drawn: the x intervals its labels take. */
const taken: [number[], number[]] = [[], []];
const drawnByModel = new WeakMap<TimelineModel, Uint8Array>();
/** Per item: 1 while it is drawn on its own in the frame being drawn. */
function drawnFor(model: TimelineModel): Uint8Array {
  let d = drawnByModel.get(model);
  if (!d) {
    d = new Uint8Array(model.n);
    drawnByModel.set(model, d);
  }
  return d;
}

const LINK_STYLE: Record<string, { colour: string; dash: number[] }> = {
  responds_to: { colour: "#3a4652", dash: [] },
  acknowledges: { colour: "#3a4652", dash: [] },
  transfers_to: { colour: "#0072B2", dash: [] },
  escalates: { colour: "#1d2733", dash: [] },
  overrules: { colour: "#8E1B6B", dash: [] },
  contradicts: { colour: "#8E1B6B", dash: [2, 3] },
  duplicate_of: { colour: "#8a8a8a", dash: [4, 3] },
  related: { colour: "#8a8a8a", dash: [1, 3] },
  handover: { colour: "#0072B2", dash: [] },
};

const fades = new Map<string, string>();
/** `colour` ("#rrggbb") with opacity `a`, as an rgba() colour. */
export function fade(colour: string, a: number): string {
  const key = colour + a;
  let v = fades.get(key);
  if (!v) {
    const h = colour.replace("#", "");
    v = `rgba(${parseInt(h.slice(0, 2), 16)},${parseInt(h.slice(2, 4), 16)},${parseInt(h.slice(4, 6), 16)},${a})`;
    fades.set(key, v);
  }
  return v;
}

/** Adds the part of the line p–q with x in [a, b] to the path. */
function segmentPath(ctx: Ctx, p: [number, number], q: [number, number], a: number, b: number) {
  const at = (x: number) => p[1] + ((q[1] - p[1]) * (x - p[0])) / (q[0] - p[0] || 1);
  const x0 = Math.max(a, Math.min(p[0], q[0])),
    x1 = Math.min(b, Math.max(p[0], q[0]));
  if (x1 <= x0) return;
  ctx.moveTo(x0, at(x0));
  ctx.lineTo(x1, at(x1));
}

/** Strokes the part of the line p–q with x in [a, b]. */
function segment(ctx: Ctx, p: [number, number], q: [number, number], a: number, b: number) {
  ctx.beginPath();
  segmentPath(ctx, p, q, a, b);
  ctx.stroke();
}

function arrowGeometry(x1: number, y1: number, x2: number, y2: number, r: number, curved: boolean) {
  const same = Math.abs(y1 - y2) < 1;
  const cx = (x1 + x2) / 2 + (curved && !same ? (y2 - y1) * 0.15 : 0);
  const cy = same ? y1 - Math.max(18, Math.abs(x2 - x1) * 0.25) : (y1 + y2) / 2;
  const ang = Math.atan2(y2 - cy, x2 - cx);
  return { cx, cy, ang, ex: x2 - Math.cos(ang) * (r + 3), ey: y2 - Math.sin(ang) * (r + 3) };
}

/** Adds an arrow's (curved) shaft from (x1, y1) to just short of (x2, y2) to the path. */
function shaft(ctx: Ctx, x1: number, y1: number, x2: number, y2: number, r: number, curved: boolean) {
  const g = arrowGeometry(x1, y1, x2, y2, r, curved);
  ctx.moveTo(x1, y1);
  ctx.quadraticCurveTo(g.cx, g.cy, g.ex, g.ey);
}

/** Adds the arrow's head to the path. */
function head(ctx: Ctx, x1: number, y1: number, x2: number, y2: number, r: number, curved: boolean) {
  const { ex, ey, ang } = arrowGeometry(x1, y1, x2, y2, r, curved);
  const h = r + 2;
  ctx.moveTo(ex, ey);
  ctx.lineTo(ex - Math.cos(ang - 0.45) * h, ey - Math.sin(ang - 0.45) * h);
  ctx.lineTo(ex - Math.cos(ang + 0.45) * h, ey - Math.sin(ang + 0.45) * h);
  ctx.closePath();
}

function drawFlag(
  ctx: Ctx,
  f: TimelineModel["flags"][number],
  _model: TimelineModel,
  theme: Theme,
  state: DrawState,
  marks: Marks,
  pos: (i: number) => [number, number] | null,
  X: (d: number) => number,
  laneTop: (l: number) => number,
  layout: Layout,
  width: number,
) {
  if (f.status === "dismissed" && !state.showDismissed) return;
  const style = FLAG_STYLES[f.kind] ?? FLAG_STYLES.lost_transfer;
  const active = state.flag === f.id;
  const colour = f.status === "dismissed" || !f.current ? fade(style.colour, 0.4) : style.colour;
  ctx.strokeStyle = colour;
  ctx.fillStyle = colour;
  ctx.lineWidth = theme.lineW * (active ? 2.2 : 1.4);
  const R = theme.glyphR;
  const pts = f.items.map(pos).filter((p): p is [number, number] => !!p);
  // A flag whose evidence is all filtered out or in collapsed lanes is not drawn.
  if (f.items.length && !pts.length) return;
  const G = theme.gutter;
  const near = (x: number) => x > G - width && x < 2 * width;
  const x0 = Math.max(X(f.from), G - 50),
    x1 = Math.min(X(f.to + 1), width + 50);
  if (X(f.to + 1) < G - 60 && pts.every((p) => p[0] < G)) return;
  if (X(f.from) > width + 60 && pts.every((p) => p[0] > width)) return;
  const hit = (x: number, y: number, w: number, h: number) => marks.flags.push({ id: f.id, x, y, w, h });
  const fs = theme.smallSize;
  ctx.font = `600 ${fs}px ${theme.font}`;
  ctx.textBaseline = "middle";
  ctx.textAlign = "left";
  switch (f.kind) {
    case "lost_transfer": {
      const a = pts[0];
      if (!a || !near(a[0])) break;
      const toY = f.toLane >= 0 && layout.laneY[f.toLane] >= 0 ? laneTop(f.toLane) + layout.laneH * 0.36 : a[1] - layout.laneH * 0.7;
      const bx = Math.max(x1, a[0] + 40);
      // Dashed line toward the lane that should have answered, broken half way, ending in ×.
      const mx = (a[0] + bx) / 2,
        my = (a[1] + toY) / 2;
      const gap = 6;
      const len = Math.hypot(bx - a[0], toY - a[1]) || 1;
      const ux = (bx - a[0]) / len,
        uy = (toY - a[1]) / len;
      ctx.setLineDash([6, 4]);
      ctx.beginPath();
      ctx.moveTo(a[0] + ux * (R + 2), a[1] + uy * (R + 2));
      ctx.lineTo(mx - ux * gap, my - uy * gap);
      ctx.moveTo(mx + ux * gap, my + uy * gap);
      ctx.lineTo(bx, toY);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.beginPath();
      ctx.moveTo(bx - 5, toY - 5);
      ctx.lineTo(bx + 5, toY + 5);
      ctx.moveTo(bx + 5, toY - 5);
      ctx.lineTo(bx - 5, toY + 5);
      ctx.stroke();
      hit(Math.min(a[0], bx) - 6, Math.min(a[1], toY) - 6, Math.abs(bx - a[0]) + 12, Math.abs(toY - a[1]) + 12);
      break;
    }
    case "missed_escalation": {
      const a = pts[pts.length - 1];
      if (!a || !near(a[0])) break;
      const top = a[1] - R - 18;
      ctx.beginPath();
      ctx.moveTo(a[0], a[1] - R - 2);
      ctx.lineTo(a[0], top);
      ctx.stroke();
      ctx.beginPath();
      ctx.moveTo(a[0], top);
      ctx.lineTo(a[0] + 13, top + 4.5);
      ctx.lineTo(a[0], top + 9);
      ctx.closePath();
      ctx.fill();
      hit(a[0] - 4, top - 2, 20, 22);
      break;
    }
    case "delayed_response": {
      const l = f.lane;
      if (l < 0 || layout.laneY[l] < 0) break;
      const y = laneTop(l) + 4;
      if (x1 < theme.gutter || x0 > width) break;
      ctx.beginPath();
      ctx.moveTo(x0, y + 7);
      ctx.lineTo(x0, y);
      ctx.lineTo(x1, y);
      ctx.lineTo(x1, y + 7);
      ctx.stroke();
      const days = Math.round(f.to - f.from);
      const text = `${days} day${days === 1 ? "" : "s"}`;
      const w = ctx.measureText(text).width;
      if (x1 - x0 > w + 8) {
        ctx.fillStyle = theme.bg;
        ctx.fillRect((x0 + x1) / 2 - w / 2 - 3, y - fs / 2 - 1, w + 6, fs + 2);
        ctx.fillStyle = colour;
        ctx.fillText(text, (x0 + x1) / 2 - w / 2, y);
      }
      hit(x0, y - 6, x1 - x0, 14);
      break;
    }
    case "child_not_seen": {
      const y = laneTop(f.lane >= 0 && layout.laneY[f.lane] >= 0 ? f.lane : 0);
      ctx.beginPath();
      for (let x = Math.max(x0, theme.gutter - 10); x < Math.min(x1, width); x += 8) {
        ctx.moveTo(x, y + 8);
        ctx.lineTo(x + 6, y + 2);
      }
      ctx.stroke();
      hit(x0, y, x1 - x0, 10);
      break;
    }
    case "contradicting_records": {
      for (let k = 1; k < pts.length; k++) {
        const [a, b] = [pts[k - 1], pts[k]];
        if (!near(a[0]) || !near(b[0])) {
          segment(ctx, a, b, G - 20, width + 20);
          continue;
        }
        const steps = 8;
        ctx.beginPath();
        ctx.moveTo(a[0], a[1]);
        for (let s = 1; s <= steps; s++) {
          const t = s / steps;
          const off = s === steps ? 0 : s % 2 ? 4 : -4;
          ctx.lineTo(a[0] + (b[0] - a[0]) * t + off, a[1] + (b[1] - a[1]) * t);
        }
        ctx.stroke();
        hit(Math.min(a[0], b[0]) - 4, Math.min(a[1], b[1]) - 4, Math.abs(b[0] - a[0]) + 8, Math.abs(b[1] - a[1]) + 8);
      }
      break;
    }
    default: {
      // Repeated concern: a dotted chain through the concerns, with their count.
      ctx.setLineDash([1.5, 4]);
      const up = (p: [number, number]): [number, number] => [p[0], p[1] - R - 6];
      for (let k = 1; k < pts.length; k++) segment(ctx, up(pts[k - 1]), up(pts[k]), G - 20, width + 20);
      ctx.setLineDash([]);
      const last = pts[pts.length - 1];
      if (last && near(last[0])) {
        ctx.fillText(`×${f.items.length}`, last[0] + 4, last[1] - R - 10);
        const xs = pts.map((p) => p[0]);
        hit(Math.min(...xs) - 4, last[1] - R - 16, Math.max(...xs) - Math.min(...xs) + 30, 16);
      }
    }
  }
  ctx.globalAlpha = 1;
  ctx.lineWidth = theme.lineW;
}
