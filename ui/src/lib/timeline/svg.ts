// A stand-in for a canvas 2D context that writes SVG, so exports are drawn by the very code
// that draws the screen (render.ts). It supports what that code uses: paths (lines, arcs,
// quadratic curves, rectangles), fills, strokes, dashes, alpha, text and rectangular clips.
import type { Ctx } from "./frame";

interface State {
  fillStyle: string;
  strokeStyle: string;
  lineWidth: number;
  globalAlpha: number;
  font: string;
  textAlign: CanvasTextAlign;
  textBaseline: CanvasTextBaseline;
  dash: number[];
  groups: number;
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const n = (v: number) => (Math.round(v * 100) / 100).toString();

/** Splits "rgba(r,g,b,a)" into a colour and an opacity, which SVG 1.1 renderers prefer. */
function paint(colour: string): [string, number] {
  const m = colour.match(/^rgba\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*\)$/);
  if (!m) return [colour, 1];
  return [`rgb(${m[1]},${m[2]},${m[3]})`, +m[4]];
}

export class SvgContext implements Ctx {
  private out: string[] = [];
  private d: string[] = [];
  private stack: State[] = [];
  private s: State = {
    fillStyle: "#000",
    strokeStyle: "#000",
    lineWidth: 1,
    globalAlpha: 1,
    font: "12px sans-serif",
    textAlign: "start",
    textBaseline: "alphabetic",
    dash: [],
    groups: 0,
  };
  private clipId = 0;
  private clipCandidate: [number, number, number, number] | null = null;

  constructor(
    readonly width: number,
    readonly height: number,
    private measure: (font: string, text: string) => number = approximateWidth,
  ) {}

  get fillStyle() {
    return this.s.fillStyle;
  }
  set fillStyle(v: string | CanvasGradient | CanvasPattern) {
    this.s.fillStyle = String(v);
  }
  get strokeStyle() {
    return this.s.strokeStyle;
  }
  set strokeStyle(v: string | CanvasGradient | CanvasPattern) {
    this.s.strokeStyle = String(v);
  }
  get lineWidth() {
    return this.s.lineWidth;
  }
  set lineWidth(v: number) {
    this.s.lineWidth = v;
  }
  get globalAlpha() {
    return this.s.globalAlpha;
  }
  set globalAlpha(v: number) {
    this.s.globalAlpha = v;
  }
  get font() {
    return this.s.font;
  }
  set font(v: string) {
    this.s.font = v;
  }
  get textAlign() {
    return this.s.textAlign;
  }
  set textAlign(v: CanvasTextAlign) {
    this.s.textAlign = v;
  }
  get textBaseline() {
    return this.s.textBaseline;
  }
  set textBaseline(v: CanvasTextBaseline) {
    this.s.textBaseline = v;
  }
  setLineDash(d: number[]) {
    this.s.dash = [...d];
  }

  beginPath() {
    this.d = [];
    this.clipCandidate = null;
  }
  moveTo(x: number, y: number) {
    this.d.push(`M${n(x)} ${n(y)}`);
  }
  lineTo(x: number, y: number) {
    this.d.push(`L${n(x)} ${n(y)}`);
  }
  quadraticCurveTo(cx: number, cy: number, x: number, y: number) {
    this.d.push(`Q${n(cx)} ${n(cy)} ${n(x)} ${n(y)}`);
  }
  closePath() {
    this.d.push("Z");
  }
  rect(x: number, y: number, w: number, h: number) {
    this.d.push(`M${n(x)} ${n(y)}h${n(w)}v${n(h)}h${n(-w)}Z`);
    this.clipCandidate = this.d.length === 1 ? [x, y, w, h] : null;
  }
  arc(x: number, y: number, r: number, a0: number, a1: number) {
    const full = Math.abs(a1 - a0) >= Math.PI * 2 - 1e-6;
    const sx = x + r * Math.cos(a0),
      sy = y + r * Math.sin(a0);
    this.d.push(`${this.d.length ? "L" : "M"}${n(sx)} ${n(sy)}`);
    if (full) {
      const mx = x - r * Math.cos(a0),
        my = y - r * Math.sin(a0);
      this.d.push(`A${n(r)} ${n(r)} 0 1 1 ${n(mx)} ${n(my)}A${n(r)} ${n(r)} 0 1 1 ${n(sx)} ${n(sy)}`);
    } else {
      const ex = x + r * Math.cos(a1),
        ey = y + r * Math.sin(a1);
      const large = Math.abs(a1 - a0) > Math.PI ? 1 : 0;
      this.d.push(`A${n(r)} ${n(r)} 0 ${large} 1 ${n(ex)} ${n(ey)}`);
    }
  }

  private alpha(extra: number): string {
    const a = this.s.globalAlpha * extra;
    return a < 0.999 ? ` opacity="${n(a)}"` : "";
  }
  private strokeAttrs(): string {
    const [c, a] = paint(this.s.strokeStyle);
    const dash = this.s.dash.length ? ` stroke-dasharray="${this.s.dash.map(n).join(" ")}"` : "";
    return `fill="none" stroke="${c}" stroke-width="${n(this.s.lineWidth)}"${dash}${this.alpha(a)}`;
  }
  fill() {
    if (!this.d.length) return;
    const [c, a] = paint(this.s.fillStyle);
    this.out.push(`<path d="${this.d.join("")}" fill="${c}"${this.alpha(a)}/>`);
  }
  stroke() {
    if (!this.d.length) return;
    this.out.push(`<path d="${this.d.join("")}" ${this.strokeAttrs()}/>`);
  }
  fillRect(x: number, y: number, w: number, h: number) {
    const [c, a] = paint(this.s.fillStyle);
    this.out.push(`<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}" fill="${c}"${this.alpha(a)}/>`);
  }
  strokeRect(x: number, y: number, w: number, h: number) {
    this.out.push(`<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}" ${this.strokeAttrs()}/>`);
  }
  fillText(t: string, x: number, y: number) {
    const { size, weight, family } = parseFont(this.s.font);
    const anchor = this.s.textAlign === "center" ? "middle" : this.s.textAlign === "right" || this.s.textAlign === "end" ? "end" : "start";
    // Baselines are positioned by offset rather than dominant-baseline, which not every
    // SVG reader honours.
    const dy = this.s.textBaseline === "middle" ? size * 0.35 : this.s.textBaseline === "top" ? size * 0.8 : 0;
    const [c, a] = paint(this.s.fillStyle);
    this.out.push(
      `<text x="${n(x)}" y="${n(y + dy)}" font-family="${esc(family)}" font-size="${n(size)}"${weight !== "normal" ? ` font-weight="${weight}"` : ""}${anchor !== "start" ? ` text-anchor="${anchor}"` : ""} fill="${c}"${this.alpha(a)}>${esc(t)}</text>`,
    );
  }
  measureText(t: string) {
    return { width: this.measure(this.s.font, t) };
  }
  save() {
    this.stack.push({ ...this.s, dash: [...this.s.dash], groups: 0 });
  }
  restore() {
    const opened = this.s.groups;
    for (let i = 0; i < opened; i++) this.out.push("</g>");
    const prev = this.stack.pop();
    if (prev) this.s = prev;
  }
  clip() {
    const r = this.clipCandidate;
    if (!r) return;
    const id = `c${++this.clipId}`;
    this.out.push(`<clipPath id="${id}"><rect x="${n(r[0])}" y="${n(r[1])}" width="${n(r[2])}" height="${n(r[3])}"/></clipPath><g clip-path="url(#${id})">`);
    this.s.groups++;
  }

  /** The finished document. `label` becomes its title (read by screen readers and viewers). */
  toString(label = "Timeline"): string {
    while (this.stack.length) this.restore();
    for (let i = 0; i < this.s.groups; i++) this.out.push("</g>");
    this.s.groups = 0;
    return `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="${n(this.width)}" height="${n(this.height)}" viewBox="0 0 ${n(this.width)} ${n(this.height)}" role="img"><title>${esc(label)}</title>\n${this.out.join("\n")}\n</svg>\n`;
  }
}

function parseFont(font: string): { size: number; weight: string; family: string } {
  const m = font.match(/^(?:(\d{3}|bold)\s+)?([\d.]+)px\s+(.*)$/);
  if (!m) return { size: 12, weight: "normal", family: "DejaVu Sans" };
  const family = m[3].split(",")[0].replace(/["']/g, "").trim();
  return { size: +m[2], weight: m[1] ?? "normal", family };
}

/** A width estimate for when no canvas is at hand (tests): DejaVu Sans averages ~0.6 em. */
export function approximateWidth(font: string, text: string): number {
  const { size, weight } = parseFont(font);
  return text.length * size * (weight === "normal" ? 0.58 : 0.63);
}

/** Measures with a real canvas when there is one. */
export function canvasMeasure(): (font: string, text: string) => number {
  if (typeof document === "undefined") return approximateWidth;
  const ctx = document.createElement("canvas").getContext("2d");
  if (!ctx) return approximateWidth;
  return (font, text) => {
    ctx.font = font;
    return ctx.measureText(text).width;
  };
}
