// The frame context: everything one frame's layers share (the model, the view, the theme,
// the coordinate helpers, and the lists the entry layer fills for the layers drawn after it),
// and the types the drawing code exchanges with the controller, the exports and the tests.
import { flagShown } from "./flagmarks";
import { CATEGORIES, type Pen } from "./glyphs";
import type { Layout } from "./layout";
import type { Flag, TimelineModel } from "./model";
import type { Sprites } from "./sprites";
import { widthOf } from "./text";
import type { Theme } from "./theme";
import { type Ticks, ticks } from "./ticks";

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
  /** The link picked on the timeline (drawn heavier), by its id. */
  link?: string | null;
  /** A day marked with a vertical line (the tunnel view's date). */
  marker?: { day: number; label: string } | null;
}

/** What a timeline shows before the reviewer does anything: nothing selected, links and flags on. */
export function initialDrawState(): DrawState {
  return {
    selected: new Set(),
    focused: -1,
    hover: -1,
    kpe: null,
    flag: null,
    brush: null,
    showLinks: true,
    showFlags: true,
    showDismissed: false,
    collapsed: new Set(),
    highlight: null,
  };
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
  /** Reviewer-made links drawn whole (arrow from p to q), for picking one on the timeline. */
  links: { id: string; p: [number, number]; q: [number, number] }[] = [];
  reset() {
    this.count = 0;
    this.clusters = [];
    this.flags = [];
    this.bands = [];
    this.groups = [];
    this.links = [];
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

/** A label placed by the entry layer, drawn by the label layer. */
export interface PlacedLabel {
  x: number;
  y: number;
  text: string;
  item: number;
  /** > 0: the width of a backing box (an emphasised label over faint neighbours). */
  box?: number;
}

/** What every layer of one frame reads, and what the entry layer leaves for the others. */
export interface Frame {
  ctx: Ctx;
  model: TimelineModel;
  layout: Layout;
  view: View;
  theme: Theme;
  state: DrawState;
  marks: Marks;
  t0: number;
  /** The day at the right edge. */
  t1: number;
  pxPerDay: number;
  width: number;
  height: number;
  scrollY: number;
  /** The gutter's width (lane names). */
  G: number;
  titleH: number;
  axisTop: number;
  /** Where the lanes start. */
  top: number;
  /** The glyphs' radius. */
  R: number;
  font: string;
  bold: string;
  small: string;
  X: (day: number) => number;
  laneTop: (lane: number) => number;
  /** The lane's glyph line. */
  gy: (lane: number) => number;
  /** Where an entry is (shown, lane open), whether or not it is in view. */
  pos: (item: number) => [number, number] | null;
  tk: Ticks;
  /** Per item: 1 while it is drawn on its own in this frame; `drawnList` lists them. */
  drawn: Uint8Array;
  drawnList: number[];
  /** Per category: x, y pairs of the glyphs to draw. */
  perCat: number[][];
  /** x0, x1, y, approximate (1/0) per span. */
  spans: number[];
  faint: Set<number> | null;
  /** category, x, y per faint glyph. */
  faintXY: number[];
  placed: PlacedLabel[];
  /** The selected flag, when it is shown. */
  activeFlag: Flag | undefined;
  /** Bitmaps drawn once and copied (the screen's canvas), or null: drawn as vectors (exports). */
  sprites: Sprites | null;
}

/** Draws `text` as `writeText` does, on the screen from the label pages (copied at whole device
 * pixels: a fillText costs WebKitGTK's canvas 15-20 us, a copy 2 us; textpages.ts). For the
 * texts that come again frame after frame: the axis's dates, counts, headings, flags' words. */
export function drawText(fr: Frame, font: string, colour: string, text: string, x: number, y: number, align: "left" | "center" = "left") {
  if (!fr.sprites) return writeText(fr, font, colour, text, x, y, align);
  const w = widthOf(fr.ctx, font, text);
  fr.sprites.drawText(fr.ctx as unknown as CanvasRenderingContext2D, font, colour, text, align === "center" ? x - w / 2 : x, y, w);
}

/** Writes `text` in `font` and `colour`, its middle at y, its left edge (or its centre) at x.
 * (Setting a context's font or colour to the one it has is free in both engines.) */
export function writeText(fr: Frame, font: string, colour: string, text: string, x: number, y: number, align: "left" | "center" = "left") {
  const { ctx } = fr;
  ctx.font = font;
  ctx.fillStyle = colour;
  ctx.textAlign = align;
  ctx.textBaseline = "middle";
  ctx.fillText(text, x, y);
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
const drawnList: number[] = [];
const placed: PlacedLabel[] = [];

export function makeFrame(
  ctx: Ctx,
  model: TimelineModel,
  layout: Layout,
  view: View,
  theme: Theme,
  state: DrawState,
  marks: Marks,
  sprites: Sprites | null = null,
): Frame {
  const { t0, pxPerDay, width, height, scrollY } = view;
  const G = theme.gutter;
  const titleH = titleHeight(theme, state.title);
  const top = contentTop(theme, state.title);
  const t1 = t0 + (width - G) / pxPerDay;
  const X = (day: number) => G + (day - t0) * pxPerDay;
  const gy = (l: number) => glyphY(theme, layout, top, l, scrollY);
  drawnList.length = 0;
  placed.length = 0;
  return {
    ctx,
    model,
    layout,
    view,
    theme,
    state,
    marks,
    t0,
    t1,
    pxPerDay,
    width,
    height,
    scrollY,
    G,
    titleH,
    axisTop: titleH,
    top,
    R: theme.glyphR,
    font: `${theme.fontSize}px ${theme.font}`,
    bold: `600 ${theme.fontSize}px ${theme.font}`,
    small: `${theme.smallSize}px ${theme.font}`,
    X,
    laneTop: (l: number) => top + layout.laneY[l] - scrollY,
    gy,
    pos: (i: number): [number, number] | null => {
      const l = model.lane[i];
      if (layout.laneY[l] < 0 || !model.shown[i]) return null;
      return [X(model.at(i)), gy(l)];
    },
    tk: ticks(t0, t1, pxPerDay, theme.fontSize * 5.5),
    drawn: drawnFor(model),
    drawnList,
    perCat: CATEGORIES.map(() => []),
    spans: [],
    faint: state.highlight ?? null,
    faintXY: [],
    placed,
    activeFlag: state.flag ? model.flags.find((f) => f.id === state.flag && flagShown(f, state)) : undefined,
    sprites,
  };
}

/** Clears the per-item marks the frame set (they are shared between frames). */
export function releaseFrame(fr: Frame) {
  for (const i of fr.drawnList) fr.drawn[i] = 0;
  fr.drawnList.length = 0;
  fr.placed.length = 0;
}

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
