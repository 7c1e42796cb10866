// Links between entries (one path per link style: shafts stroked, heads filled) and
// hand-overs with no link drawn to their receiving lane.
import type { Ctx, Frame } from "./frame";

export function links(fr: Frame) {
  const { ctx, model, layout, theme, state, marks, G, width, R, drawn, pos, gy } = fr;
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
      if (link.id) marks.links.push({ id: link.id, p, q });
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
    // Shafts 1 px wide on the screen's usual theme (1.25 before): a CPU canvas draws a 1 px
    // line by a fast hairline path and a wider one as a filled outline, which made the links
    // cost twice as much (WebKitGTK, 10,000 entries, zooming: ~2 ms a frame against ~1 ms).
    // Presentation keeps its heavier lines, for the back of the room.
    ctx.lineWidth = theme.lineW >= 2 ? theme.lineW : 1;
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
    // The link picked on the timeline: its shaft again, heavier, in the selection's colour.
    const picked = state.link ? marks.links.find((l) => l.id === state.link) : undefined;
    if (picked) {
      ctx.strokeStyle = theme.select;
      ctx.lineWidth = theme.lineW * 3;
      ctx.beginPath();
      shaft(ctx, picked.p[0], picked.p[1], picked.q[0], picked.q[1], R, true);
      ctx.stroke();
      ctx.lineWidth = theme.lineW;
    }
  }
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
export function segment(ctx: Ctx, p: [number, number], q: [number, number], a: number, b: number) {
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

/** How far (x, y) is from the curved arrow drawn from p to q (its shaft, sampled). */
export function distanceToLink(x: number, y: number, p: [number, number], q: [number, number], r: number): number {
  let best = Infinity;
  for (let k = 0; k <= 24; k++) {
    const [bx, by] = pointOnLink(p, q, r, k / 24);
    best = Math.min(best, Math.hypot(bx - x, by - y));
  }
  return best;
}

/** The point a fraction t along the curved arrow drawn from p to q. */
export function pointOnLink(p: [number, number], q: [number, number], r: number, t: number): [number, number] {
  const g = arrowGeometry(p[0], p[1], q[0], q[1], r, true);
  const u = 1 - t;
  return [u * u * p[0] + 2 * u * t * g.cx + t * t * g.ex, u * u * p[1] + 2 * u * t * g.cy + t * t * g.ey];
}
