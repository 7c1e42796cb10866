// Drawing the WHOLE timeline (not just the part on screen) for the report: one SVG of every
// lane over the whole period, and the same drawing cut into landscape A4 pages for PDF.
import { layout as computeLayout } from "./layout";
import type { TimelineModel } from "./model";
import { contentTop, draw, Marks, type DrawState } from "./render";
import { canvasMeasure, SvgContext } from "./svg";
import type { Theme } from "./theme";
import { ukDay } from "./time";

export interface Drawing {
  /** The whole timeline as one SVG document. */
  svg: string;
  width: number;
  height: number;
  /** The whole timeline cut into A4 landscape pages, one SVG document each. */
  pages: string[];
}

/** A4 landscape in CSS pixels (96 per inch). */
export const PAGE = { width: 1123, height: 794 };

export interface ExportOptions {
  title: string;
  /** Scale: pixels per day (default: about 6, so a month is ~180 px and labels read well). */
  pxPerDay?: number;
  laneH?: number;
  measure?: (font: string, text: string) => number;
}

function exportState(state: DrawState, title: string): DrawState {
  return {
    ...state,
    selected: new Set(),
    focused: -1,
    hover: -1,
    brush: null,
    title,
  };
}

export function drawWhole(model: TimelineModel, theme: Theme, state: DrawState, o: ExportOptions): Drawing {
  const measure = o.measure ?? canvasMeasure();
  const span = model.max - model.min;
  const pad = Math.max(span * 0.02, 3);
  const from = model.min - pad, to = model.max + pad;
  const plotSpan = to - from;
  let pxPerDay = o.pxPerDay ?? 6;
  pxPerDay = Math.min(Math.max(pxPerDay, 1400 / plotSpan), 30000 / plotSpan);
  const laneH = o.laneH ?? 64;
  const lay = computeLayout(model, { collapsed: state.collapsed, available: 0, minLaneH: laneH, maxLaneH: laneH, groupH: theme.groupH });
  const top = contentTop(theme, o.title);
  const width = Math.ceil(theme.gutter + plotSpan * pxPerDay);
  const height = Math.ceil(top + lay.height + 8);
  const st = exportState(state, o.title);
  const whole = new SvgContext(width, height, measure);
  draw(whole, model, lay, { t0: from, pxPerDay, width, height, scrollY: 0 }, theme, st, new Marks());

  // Pages: the same scale, a slice of time per page; lanes shrink to fit the page's height.
  const pageTitleRoom = contentTop(theme, "x");
  const pageLaneH = Math.max(18, Math.min(laneH, (PAGE.height - pageTitleRoom - 8 - (lay.rows.length - lay.rows.filter((r) => r.kind === "lane").length) * theme.groupH) / Math.max(1, lay.rows.filter((r) => r.kind === "lane").length)));
  const pageLay = computeLayout(model, { collapsed: state.collapsed, available: 0, minLaneH: pageLaneH, maxLaneH: pageLaneH, groupH: theme.groupH });
  const daysPerPage = (PAGE.width - theme.gutter) / pxPerDay;
  const count = Math.max(1, Math.ceil(plotSpan / daysPerPage));
  const pages: string[] = [];
  for (let p = 0; p < count; p++) {
    const t0 = from + p * daysPerPage;
    const heading = `${o.title} — page ${p + 1} of ${count}: ${ukDay(Math.max(t0, model.min))} to ${ukDay(Math.min(t0 + daysPerPage, model.max))}`;
    const page = new SvgContext(PAGE.width, PAGE.height, measure);
    draw(page, model, pageLay, { t0, pxPerDay, width: PAGE.width, height: PAGE.height, scrollY: 0 }, theme, exportState(state, heading), new Marks());
    pages.push(page.toString(heading));
  }
  return { svg: whole.toString(o.title), width, height, pages };
}
