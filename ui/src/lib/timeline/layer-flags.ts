// Flags: every shown flag has its mark in the flag strip (flagmarks.ts); the selected flag is
// also drawn in full across the lanes, in the shape of its kind.
import { drawFlagStrip } from "./flagmarks";
import { drawText, fade, type Frame } from "./frame";
import { FLAG_STYLES } from "./glyphs";
import { segment } from "./layer-links";

/** The selected flag drawn across the lanes. */
export function activeFlag(fr: Frame) {
  if (fr.activeFlag) drawFlag(fr, fr.activeFlag);
}

/** The flag strip under the KPE strip, with its heading in the gutter. */
export function flagStrip(fr: Frame) {
  const { model, theme, state, axisTop, small } = fr;
  const flagTop = axisTop + theme.axisH + theme.bandH;
  if (state.showFlags && model.flags.length && theme.flagH > 0) drawText(fr, small, theme.inkSoft, "Flags", 10, flagTop + theme.flagH / 2);
  drawFlagStrip(fr, flagTop);
}

function drawFlag(fr: Frame, f: NonNullable<Frame["activeFlag"]>) {
  const { ctx, theme, state, marks, pos, X, laneTop, layout, width } = fr;
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
