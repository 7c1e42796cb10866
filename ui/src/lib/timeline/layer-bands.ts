// Bands across the lanes: periods in which no professional saw the child (hatched in the
// band strip, with their length) and the KPEs (light fills, numbered, titled chips).
import { fade, type Frame } from "./frame";
import { fitted } from "./text";

export function unseenBands(fr: Frame) {
  const { ctx, model, theme, X, G, top, axisTop, width, height, small } = fr;
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
}

/** The KPEs: light fills across the lanes, and in the band strip one chip per KPE with its
 * number and as much of its title as fits. Chips never overlap: each starts after the one
 * before (KPEs may overlap in time, or start off screen together) and stops short of the next
 * KPE's start, keeping at least its number ("KPE 3"). */
export function kpeBands(fr: Frame) {
  const { ctx, model, theme, state, marks, X, G, axisTop, width, height, bold } = fr;
  const stripTop = axisTop + theme.axisH;
  let chipEnd = G - 2;
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
    const chipX = Math.max(x0, G, chipEnd + 2);
    if (chipX >= width) continue;
    const nextX = bi + 1 < model.bands.length ? Math.max(X(model.bands[bi + 1].from), chipX) : width;
    const number = `KPE ${b.number}`;
    const least = fitted(ctx, bold, number, Infinity).width + 10;
    const room = Math.max(least, Math.min(width, nextX - 4) - chipX);
    let label = fitted(ctx, bold, `${number}: ${b.title}`, room - 10);
    if (label.width + 10 < least || !label.text.startsWith(number)) label = { text: number, width: least - 10 };
    const chipW = Math.max(label.width + 10, Math.min(x1, nextX - 4, width) - chipX);
    chipEnd = chipX + chipW;
    ctx.fillStyle = active ? theme.bandInk : theme.bandChip;
    ctx.fillRect(chipX, stripTop + 2, chipW, theme.bandH - 4);
    ctx.textBaseline = "middle";
    ctx.textAlign = "left";
    ctx.fillStyle = active ? theme.bg : theme.bandInk;
    ctx.fillText(label.text, chipX + 4, stripTop + theme.bandH / 2);
  }
}
