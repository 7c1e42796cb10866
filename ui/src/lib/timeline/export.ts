// Drawing the timeline for a report or a slide: a period (the view on screen, the review's
// scope, one KPE or a date range) at a chosen size. A slide (16:9, 1920 x 1080, or the same
// drawing at twice the pixels) is one picture in presentation type; a page size (A4 or A3,
// portrait or landscape) cuts the period into equal slices of time, one per page, at a scale
// where labels read, and leaves out pages with nothing on them. Every page repeats the lanes,
// carries a title (the review, the period, "pseudonymised", the page) and a legend.
import { CATEGORIES, FLAG_STYLES, glyphPath } from "./glyphs";
import { layout as computeLayout } from "./layout";
import type { TimelineModel } from "./model";
import { contentTop, draw, fitted, Marks, type Ctx, type DrawState } from "./render";
import { canvasMeasure, SvgContext } from "./svg";
import { NORMAL, PRESENTATION, type Theme } from "./theme";
import { ukDay } from "./time";

export type ExportSize = "slide" | "slide-4k" | "a4-landscape" | "a4-portrait" | "a3-landscape" | "a3-portrait";

/** Sizes in CSS pixels (96 per inch); `scale` multiplies the pixels of a PNG. */
export const SIZES: Record<ExportSize, { label: string; width: number; height: number; scale: number; paged: boolean }> = {
  slide: { label: "Slide 16:9, 1920 × 1080", width: 1920, height: 1080, scale: 1, paged: false },
  "slide-4k": { label: "Slide 16:9, 3840 × 2160", width: 1920, height: 1080, scale: 2, paged: false },
  "a4-landscape": { label: "A4 landscape", width: 1123, height: 794, scale: 2, paged: true },
  "a4-portrait": { label: "A4 portrait", width: 794, height: 1123, scale: 2, paged: true },
  "a3-landscape": { label: "A3 landscape", width: 1587, height: 1123, scale: 2, paged: true },
  "a3-portrait": { label: "A3 portrait", width: 1123, height: 1587, scale: 2, paged: true },
};

/** A4 landscape (kept for callers that want one page size). */
export const PAGE = { width: SIZES["a4-landscape"].width, height: SIZES["a4-landscape"].height };

/** The least scale of a printed page, in pixels per day: a month is about 70 px, so the
 * entries of a busy month keep their labels. A longer period takes more pages. */
export const MIN_PAGE_PX_PER_DAY = 2.3;

export interface ExportOptions {
  /** The review's title (pseudonymised). */
  review: string;
  /** What the period is: "Review scope", "On screen", "KPE 2: …", "Dates". */
  what: string;
  /** The first day drawn and the day after the last (model days). */
  from: number;
  to: number;
  size: ExportSize;
  measure?: (font: string, text: string) => number;
}

export interface Drawing {
  /** The first page (a slide has one), as one SVG document. */
  svg: string;
  /** Every page, one SVG document each. */
  pages: string[];
  width: number;
  height: number;
  /** Pixels per SVG unit for a PNG of this size. */
  scale: number;
}

function exportState(state: DrawState, title: string): DrawState {
  return { ...state, selected: new Set(), focused: -1, hover: -1, brush: null, title, highlight: null, marker: null };
}

/** Whether any shown entry falls in [from, to). */
function anyIn(model: TimelineModel, from: number, to: number): boolean {
  for (let i = 0; i < model.n; i++) {
    if (!model.shown[i]) continue;
    const at = model.at(i);
    if (at >= from && at < to) return true;
  }
  return false;
}

interface LegendItem {
  draw: (ctx: Ctx, x: number, y: number, r: number) => void;
  text: string;
}

/** The key: entry kinds, sightings, unseen periods, flags drawn, and the KPEs in the period. */
function legendItems(model: TimelineModel, state: DrawState, from: number, to: number, theme: Theme): LegendItem[] {
  const items: LegendItem[] = CATEGORIES.map((c) => ({
    text: c.label,
    draw: (ctx, x, y, r) => {
      ctx.beginPath();
      glyphPath(ctx, c.shape, x, y, r);
      if (c.shape === "ring") {
        ctx.strokeStyle = c.colour;
        ctx.lineWidth = 2;
        ctx.stroke();
      } else {
        ctx.fillStyle = c.colour;
        ctx.fill();
      }
    },
  }));
  items.push({
    text: "No professional saw the child",
    draw: (ctx, x, y, r) => {
      ctx.fillStyle = "rgba(106,61,154,0.18)";
      ctx.fillRect(x - r, y - r, 2 * r, 2 * r);
    },
  });
  const kinds = new Set(
    model.flags.filter((f) => state.showFlags && !state.hiddenFlagKinds?.has(f.kind) && (f.status !== "dismissed" || state.showDismissed)).map((f) => f.kind),
  );
  for (const k of Object.keys(FLAG_STYLES)) {
    if (!kinds.has(k)) continue;
    const f = FLAG_STYLES[k];
    items.push({
      text: `Flag: ${f.label}`,
      draw: (ctx, x, y, r) => {
        ctx.beginPath();
        glyphPath(ctx, f.shape, x, y, r * 0.8);
        ctx.fillStyle = f.colour;
        ctx.fill();
      },
    });
  }
  for (const b of model.bands) {
    if (b.to + 1 <= from || b.from >= to) continue;
    items.push({
      text: `KPE ${b.number}: ${b.title}`,
      draw: (ctx, x, y, r) => {
        ctx.fillStyle = theme.bandChip;
        ctx.fillRect(x - r, y - r, 2 * r, 2 * r);
        ctx.fillStyle = theme.bandInk;
        ctx.fillRect(x - r, y - r, 1.5, 2 * r);
      },
    });
  }
  return items;
}

/** Lays the legend out in rows from (x, y) within `w` px; draws it when `ctx` is given.
 * Returns its height. Each item is measured whole; a long one is cut at a word. */
function legend(ctx: Ctx, theme: Theme, items: LegendItem[], x: number, y: number, w: number, paint: boolean): number {
  const fs = theme.smallSize;
  const font = `${fs}px ${theme.font}`;
  const rowH = fs * 1.6;
  const r = fs * 0.42;
  const gap = fs * 1.4;
  ctx.font = font;
  ctx.textAlign = "left";
  ctx.textBaseline = "middle";
  let cx = x,
    cy = y + rowH / 2;
  for (const it of items) {
    const t = fitted(ctx, font, it.text, w - 3 * r - 10);
    const iw = 2 * r + 6 + t.width;
    if (cx > x && cx + iw > x + w) {
      cx = x;
      cy += rowH;
    }
    if (paint) {
      it.draw(ctx, cx + r, cy, r);
      ctx.font = font;
      ctx.fillStyle = theme.ink;
      ctx.fillText(t.text, cx + 2 * r + 6, cy);
    }
    cx += iw + gap;
  }
  return cy + rowH / 2 - y + 4;
}

/** The period's title lines: the review, then what and when, "pseudonymised" and the page. */
function heading(o: ExportOptions, from: number, to: number, page: number, pages: number): string {
  const period = `${o.what}: ${ukDay(from)} to ${ukDay(to - 1)}`;
  const where = pages > 1 ? ` · page ${page} of ${pages}` : "";
  return `${o.review} — multi-agency timeline\n${period} · pseudonymised${where}`;
}

export function drawExport(model: TimelineModel, state: DrawState, o: ExportOptions): Drawing {
  const measure = o.measure ?? canvasMeasure();
  const size = SIZES[o.size];
  // A slide is projected: presentation's black on white and heavier lines, type a little
  // smaller so that a whole period's lanes fit, and the flag strip (a slide is not stepped).
  const theme: Theme = size.paged ? NORMAL : { ...PRESENTATION, fontSize: 20, smallSize: 18, gutter: 170, flagH: 30, groupH: 28 };
  const W = size.width,
    H = size.height;
  const from = Math.min(o.from, o.to - 1),
    to = Math.max(o.to, o.from + 1);
  const margin = 12;
  const plotW = W - theme.gutter - margin;
  // Pages: equal slices of the period, as few as keep the scale readable; a slide is one.
  let count = size.paged ? Math.max(1, Math.ceil(((to - from) * MIN_PAGE_PX_PER_DAY) / plotW)) : 1;
  const per = (to - from) / count;
  let slices = Array.from({ length: count }, (_, k) => [from + k * per, from + (k + 1) * per] as [number, number]);
  // No empty pages: a slice with no entry in it is left out (the titles give each page's dates).
  if (slices.length > 1) {
    const full = slices.filter(([a, b]) => anyIn(model, a, b));
    slices = full.length ? full : slices.slice(0, 1);
  }
  count = slices.length;
  const pxPerDay = plotW / per;
  const probe = new SvgContext(W, H, measure);
  const pages: string[] = [];
  slices.forEach(([a, b], k) => {
    const title = heading(o, a, b, k + 1, count);
    let items = legendItems(model, state, a, b, theme);
    let legendH = legend(probe, theme, items, margin, 0, W - 2 * margin, false);
    // A legend that would take the lanes' room keeps the symbols and leaves the KPEs' titles
    // to their chips (and to the report's KPE table).
    if (legendH > H * 0.2) {
      items = items.filter((it) => !it.text.startsWith("KPE "));
      legendH = legend(probe, theme, items, margin, 0, W - 2 * margin, false);
    }
    const top = contentTop(theme, title);
    // Lanes share the height left between the title and the legend; every lane is on every page.
    const groups = model.groups.length > 1 ? model.groups.length * theme.groupH : 0;
    const lanes = model.groups.reduce((n, g) => n + (state.collapsed.has(g.id) ? 0 : g.lanes.length), 0);
    const room = H - top - legendH - 10 - groups;
    const laneH = Math.max(16, Math.min(size.paged ? 64 : 110, room / Math.max(1, lanes)));
    const lay = computeLayout(model, { collapsed: state.collapsed, available: 0, minLaneH: laneH, maxLaneH: laneH, groupH: theme.groupH });
    const page = new SvgContext(W, H, measure);
    const drawH = Math.min(H - legendH - 6, top + lay.height);
    draw(page, model, lay, { t0: a, pxPerDay, width: W - margin, height: drawH, scrollY: 0 }, theme, exportState(state, title), new Marks());
    page.fillStyle = theme.bg;
    page.fillRect(W - margin, 0, margin, H);
    page.fillRect(0, drawH, W, H - drawH);
    page.fillStyle = theme.gridMajor;
    page.fillRect(0, drawH, W - margin, 1);
    legend(page, theme, items, margin, H - legendH - 2, W - 2 * margin, true);
    pages.push(page.toString(title.replace("\n", " — ")));
  });
  return { svg: pages[0], pages, width: W, height: H, scale: size.scale };
}
