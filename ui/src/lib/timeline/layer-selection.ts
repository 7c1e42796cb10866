// What the reviewer is doing: rings round selected, hovered and focused entries (the
// focused one with its label on a card), the tunnel view's date marker and the brush.
import type { Frame } from "./frame";
import { fitted } from "./text";

export function selection(fr: Frame) {
  const { ctx, model, theme, state, G, top, width, height, R, bold, pos, X } = fr;
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
}
