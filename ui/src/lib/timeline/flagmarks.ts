// The flag strip: one small, labelled mark per flag in a row of its own between the KPE strip
// and the lanes, at the time the flag points at, so flags never clutter the lanes. Each mark
// is a shape and an Okabe–Ito colour (FLAG_STYLES) with a short word, white behind dark text;
// a mark with no room for its word before the next one keeps its shape (the legend and the
// details panel name it). Kinds can be hidden one by one (DrawState.hiddenFlagKinds).
import { FLAG_STYLES, glyphPath } from "./glyphs";
import type { TimelineModel } from "./model";
import { type DrawState, drawText, type Frame } from "./frame";
import { widthOf } from "./text";

type Flag = TimelineModel["flags"][number];

/** Whether a flag is drawn at all: shown flags, its kind not hidden, dismissed ones on request. */
export function flagShown(f: Flag, state: DrawState): boolean {
  if (!state.showFlags) return false;
  if (f.status === "dismissed" && !state.showDismissed) return false;
  return !state.hiddenFlagKinds?.has(f.kind);
}

/** The mark's short word: the kind's, with the length of a delay or the count of a repeat. */
export function flagWord(f: Flag): string {
  const style = FLAG_STYLES[f.kind] ?? FLAG_STYLES.lost_transfer;
  if (f.kind === "delayed_response") {
    const days = Math.round(f.to - f.from);
    return `${style.short} ${days} day${days === 1 ? "" : "s"}`;
  }
  if (f.kind === "repeated_concern" && f.items.length > 1) return `${style.short} ×${f.items.length}`;
  return style.short;
}

/** The day a flag's mark stands at: the evidence it is about (the last item, where a pattern
 * completes), or the start of the period it covers. */
function anchor(f: Flag, model: TimelineModel): number {
  if (f.kind === "delayed_response" || f.kind === "child_not_seen" || !f.items.length) return f.from;
  return model.at(f.items[f.items.length - 1]);
}

/** Draws the flag strip from `stripTop` down, recording each mark for hit-testing. Outlines are
 * whole-pixel fills and, on the screen, shapes and words are copies of bitmaps (sprites.ts). */
export function drawFlagStrip(fr: Frame, stripTop: number) {
  const { ctx, model, layout, theme, state, marks, X, width, sprites } = fr;
  if (!state.showFlags || !model.flags.length || theme.flagH <= 0) return;
  const G = theme.gutter;
  const fs = theme.smallSize;
  const font = `600 ${fs}px ${theme.font}`;
  const h = Math.round(Math.min(theme.flagH - 4, fs + 8));
  const y = Math.round(stripTop + (theme.flagH - h) / 2);
  const r = h * 0.3;
  const list = model.flags
    .filter((f) => flagShown(f, state))
    // A flag whose evidence is all filtered out or in collapsed lanes is not drawn.
    .filter((f) => !f.items.length || f.items.some((i) => model.shown[i] && layout.laneY[model.lane[i]] >= 0))
    .map((f) => ({ f, x: X(anchor(f, model)) }))
    .sort((a, b) => a.x - b.x);
  ctx.save();
  ctx.beginPath();
  ctx.rect(G, stripTop, width - G, theme.flagH);
  ctx.clip();
  let end = -Infinity;
  for (let k = 0; k < list.length; k++) {
    const { f } = list[k];
    const x = Math.round(Math.max(list[k].x - r - 3, end + 2));
    if (x > width) break;
    const style = FLAG_STYLES[f.kind] ?? FLAG_STYLES.lost_transfer;
    const word = flagWord(f);
    const textW = widthOf(ctx, font, word);
    const next = k + 1 < list.length ? list[k + 1].x - r - 3 : Infinity;
    const full = Math.round(2 * r + 10 + textW + 6);
    const w = x + full <= next - 2 ? full : Math.round(2 * r + 8);
    end = x + w;
    if (end < G) continue;
    const active = state.flag === f.id;
    const faded = f.status === "dismissed" || !f.current;
    const ink = faded ? theme.gridMajor : style.colour;
    // The outline straddles the mark's edge, as a stroke would: 2 px, 3 px when selected.
    const b = active ? 3 : 2;
    ctx.fillStyle = ink;
    ctx.fillRect(x - 1, y - 1, w + 2, h + 2);
    ctx.fillStyle = active ? theme.bandChip : theme.bg;
    ctx.fillRect(x - 1 + b, y - 1 + b, w + 2 - 2 * b, h + 2 - 2 * b);
    const gx = x + r + 4,
      gy = y + h / 2;
    if (sprites)
      sprites.drawMark(ctx as unknown as CanvasRenderingContext2D, `flag\u0000${style.shape}\u0000${ink}\u0000${r}`, r * 1.4 + 1, gx, gy, (c) => {
        c.beginPath();
        glyphPath(c, style.shape, 0, 0, r);
        c.fillStyle = ink;
        c.fill();
      });
    else {
      ctx.beginPath();
      glyphPath(ctx, style.shape, gx, gy, r);
      ctx.fillStyle = ink;
      ctx.fill();
    }
    if (w === full) drawText(fr, font, faded ? theme.inkSoft : theme.ink, word, x + 2 * r + 8, gy + 0.5);
    marks.flags.push({ id: f.id, x, y, w, h });
  }
  ctx.restore();
}
