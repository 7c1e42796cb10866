// Where lanes go vertically: groups (areas) with a heading row each, collapsible, lanes in the
// order the reviewer chose. Lane height stretches to fill the space when there is room.
import type { TimelineModel } from "./model";

export interface Row {
  kind: "group" | "lane";
  /** Group index or lane index. */
  index: number;
  y: number;
  h: number;
}

export interface Layout {
  rows: Row[];
  /** Per lane: its top, or -1 when its group is collapsed. */
  laneY: Float64Array;
  laneH: number;
  /** Per group: its heading row's top. */
  groupY: Float64Array;
  height: number;
}

export interface LayoutOptions {
  collapsed: Set<string>;
  /** Space available below the axis; lanes grow to fill it, up to `maxLaneH`. */
  available: number;
  minLaneH: number;
  maxLaneH: number;
  /**
   * How far lanes may shrink below `minLaneH` so that every lane fits without scrolling
   * (presentation: a projector at 1280x720 shows all the agencies at once). Defaults to
   * `minLaneH`: no squeezing.
   */
  fitLaneH?: number;
  groupH: number;
}

export function layout(model: TimelineModel, o: LayoutOptions): Layout {
  const laneY = new Float64Array(model.lanes.length).fill(-1);
  const groupY = new Float64Array(model.groups.length);
  const openLanes = model.groups.reduce((n, g) => n + (o.collapsed.has(g.id) ? 0 : g.lanes.length), 0);
  const showGroups = model.groups.length > 1;
  const headings = showGroups ? model.groups.length * o.groupH : 0;
  const fits = openLanes ? (o.available - headings) / openLanes : o.maxLaneH;
  const floor = fits >= (o.fitLaneH ?? o.minLaneH) ? Math.min(o.minLaneH, fits) : o.minLaneH;
  const laneH = Math.max(floor, Math.min(o.maxLaneH, fits));
  const rows: Row[] = [];
  let y = 0;
  model.groups.forEach((g, gi) => {
    groupY[gi] = y;
    if (showGroups) {
      rows.push({ kind: "group", index: gi, y, h: o.groupH });
      y += o.groupH;
    }
    if (o.collapsed.has(g.id) && showGroups) return;
    for (const l of g.lanes) {
      laneY[l] = y;
      rows.push({ kind: "lane", index: l, y, h: laneH });
      y += laneH;
    }
  });
  return { rows, laneY, laneH: Math.floor(laneH), groupY, height: y };
}

/** The row at height `y` (relative to the top of the rows), if any. */
export function rowAt(l: Layout, y: number): Row | null {
  let lo = 0,
    hi = l.rows.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = l.rows[mid];
    if (y < r.y) hi = mid - 1;
    else if (y >= r.y + r.h) lo = mid + 1;
    else return r;
  }
  return null;
}
