// The interactive timeline on a canvas: owns the view (time window, zoom, vertical scroll),
// redraws on the next animation frame when something changed, and turns wheel, pointer,
// pinch and keyboard input into zooming, panning, selecting and brushing. Used by the
// Timeline view and, unchanged, by the standalone benchmark page.
import { layout as computeLayout, rowAt, type Layout } from "./layout";
import type { TimelineModel } from "./model";
import { contentTop, draw, glyphY, initialDrawState, Marks, type DrawState, type View } from "./render";
import { distanceToLink } from "./layer-links";
import { Sprites } from "./sprites";
import type { Theme } from "./theme";

export type Hit =
  | { kind: "item"; item: number }
  | { kind: "cluster"; from: number; to: number; lane: number }
  | { kind: "flag"; id: string }
  | { kind: "link"; id: string }
  | { kind: "band"; id: string }
  | { kind: "group"; id: string }
  | { kind: "lane"; lane: number; day: number }
  | null;

export interface Callbacks {
  /** Entries clicked (additive with Ctrl/Cmd) or cleared (empty list). */
  select?(items: number[], additive: boolean): void;
  /** An entry opened (double click, Enter). */
  activate?(item: number): void;
  /** An entry Alt+clicked (or Alt+Enter on it): link the open entry to it. */
  link?(item: number): void;
  /** A link's arrow clicked: change or remove it. */
  pickLink?(id: string): void;
  /** The keyboard focus moved to an entry. */
  focus?(item: number): void;
  /** A span brushed with Shift+drag, with the shown entries in it. */
  brush?(from: number, to: number, items: number[]): void;
  kpe?(id: string): void;
  flag?(id: string): void;
  toggleGroup?(id: string): void;
  hover?(item: number, x: number, y: number): void;
  /** The time window changed (zoom, pan). */
  viewChanged?(view: View): void;
}

const HOUR_MAX_PX = 240;

export class TimelineController {
  readonly canvas: HTMLCanvasElement;
  private ctx: CanvasRenderingContext2D;
  model: TimelineModel;
  theme: Theme;
  layout!: Layout;
  view: View = { t0: 0, pxPerDay: 1, width: 800, height: 400, scrollY: 0 };
  readonly state: DrawState = initialDrawState();
  readonly marks = new Marks();
  private dpr = 1;
  /** Glyphs and short texts drawn once and copied (see sprites.ts). */
  private sprites: Sprites | null = null;
  /** Whether to copy glyphs and texts from bitmaps (the benchmark compares both ways). */
  useSprites = true;
  private frame = 0;
  /** The idle callback that writes labels onto the label pages. */
  private idle = 0;
  private anim: { from: [number, number]; to: [number, number]; start: number; ms: number; done?: () => void } | null = null;
  private pointers = new Map<number, { x: number; y: number }>();
  private drag: { x: number; y: number; t0: number; scrollY: number; moved: boolean; brush: boolean; pinch?: number; pinchPx?: number } | null = null;
  /** Milliseconds the last frame's drawing took (for the benchmark and the status line). */
  lastDrawMs = 0;
  private cleanup: (() => void)[] = [];

  constructor(
    canvas: HTMLCanvasElement,
    model: TimelineModel,
    theme: Theme,
    private cb: Callbacks = {},
  ) {
    this.canvas = canvas;
    this.ctx = canvas.getContext("2d", { alpha: false })!;
    this.model = model;
    this.theme = theme;
    this.attach();
  }

  get top() {
    return contentTop(this.theme);
  }
  get plotWidth() {
    return Math.max(1, this.view.width - this.theme.gutter);
  }
  /** The days in view. */
  get range(): [number, number] {
    return [this.view.t0, this.view.t0 + this.plotWidth / this.view.pxPerDay];
  }

  setModel(model: TimelineModel) {
    this.model = model;
    this.state.selected = new Set([...this.state.selected].filter((i) => i < model.n));
    if (this.state.focused >= model.n) this.state.focused = -1;
    this.relayout();
  }

  setTheme(theme: Theme) {
    this.theme = theme;
    this.relayout();
  }

  resize(width: number, height: number, dpr = globalThis.devicePixelRatio || 1) {
    const [from, to] = this.range;
    const first = this.view.width === 800 && this.view.pxPerDay === 1;
    this.dpr = dpr;
    this.view.width = Math.max(100, Math.floor(width));
    this.view.height = Math.max(100, Math.floor(height));
    this.canvas.width = Math.round(this.view.width * dpr);
    this.canvas.height = Math.round(this.view.height * dpr);
    this.canvas.style.width = `${this.view.width}px`;
    this.canvas.style.height = `${this.view.height}px`;
    this.relayout();
    if (first) this.showHome();
    else this.setRange(from, to);
  }

  relayout() {
    this.layout = computeLayout(this.model, {
      collapsed: this.state.collapsed,
      available: this.view.height - this.top,
      minLaneH: this.theme.minLaneH,
      fitLaneH: this.theme.fitLaneH,
      maxLaneH: this.theme.maxLaneH,
      groupH: this.theme.groupH,
    });
    this.clampScroll();
    this.invalidate();
  }

  private clampScroll() {
    const max = Math.max(0, this.layout.height - (this.view.height - this.top));
    this.view.scrollY = Math.min(max, Math.max(0, this.view.scrollY));
  }

  private clampZoom(px: number): number {
    const span = this.model.max - this.model.min;
    const min = this.plotWidth / Math.max(365 * 5, span * 3);
    return Math.min(24 * HOUR_MAX_PX, Math.max(min, px));
  }

  /** Shows the days `from..to` (with a small margin). */
  setRange(from: number, to: number, margin = 0) {
    const span = Math.max(to - from, 1 / 24);
    const pad = span * margin;
    this.view.pxPerDay = this.clampZoom(this.plotWidth / (span + 2 * pad));
    const mid = (from + to) / 2;
    this.view.t0 = mid - this.plotWidth / this.view.pxPerDay / 2;
    this.changed();
  }

  fit() {
    this.setRange(this.model.min, this.model.max, 0.03);
  }

  /** The days shown first (the review's scope), or null for the whole timeline. */
  home: [number, number] | null = null;

  /** Shows the home period: the review's scope when there is one, else everything. */
  showHome() {
    if (this.home) this.setRange(this.home[0], this.home[1], 0.01);
    else this.fit();
  }

  /** Zooms by `factor` keeping the day under screen x fixed. */
  zoomAt(factor: number, x = this.theme.gutter + this.plotWidth / 2) {
    this.anim = null;
    const day = this.view.t0 + (x - this.theme.gutter) / this.view.pxPerDay;
    this.view.pxPerDay = this.clampZoom(this.view.pxPerDay * factor);
    this.view.t0 = day - (x - this.theme.gutter) / this.view.pxPerDay;
    this.changed();
  }

  panBy(px: number) {
    this.anim = null;
    this.view.t0 -= px / this.view.pxPerDay;
    this.changed();
  }

  scrollBy(px: number) {
    this.view.scrollY += px;
    this.clampScroll();
    this.invalidate();
  }

  /** Animates to show `from..to`, zooming out and in smoothly. */
  animateTo(from: number, to: number, ms = 550, margin = 0.15): Promise<void> {
    const span = Math.max(to - from, 1);
    const pad = span * margin;
    const px = this.clampZoom(this.plotWidth / (span + 2 * pad));
    const mid = (from + to) / 2;
    const reduce = globalThis.matchMedia?.("(prefers-reduced-motion: reduce)").matches;
    if (reduce || ms <= 0) {
      this.view.pxPerDay = px;
      this.view.t0 = mid - this.plotWidth / px / 2;
      this.changed();
      return Promise.resolve();
    }
    const [a, b] = this.range;
    return new Promise((resolve) => {
      this.anim = {
        from: [(a + b) / 2, Math.log(this.view.pxPerDay)],
        to: [mid, Math.log(px)],
        start: performance.now(),
        ms,
        done: resolve,
      };
      this.invalidate();
    });
  }

  private changed() {
    this.invalidate();
    this.cb.viewChanged?.(this.view);
  }

  invalidate() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.step();
      this.drawNow();
    });
  }

  private step() {
    const a = this.anim;
    if (!a) return;
    const t = Math.min(1, (performance.now() - a.start) / a.ms);
    const e = t < 0.5 ? 4 * t * t * t : 1 - (-2 * t + 2) ** 3 / 2;
    const mid = a.from[0] + (a.to[0] - a.from[0]) * e;
    this.view.pxPerDay = Math.exp(a.from[1] + (a.to[1] - a.from[1]) * e);
    this.view.t0 = mid - this.plotWidth / this.view.pxPerDay / 2;
    this.cb.viewChanged?.(this.view);
    if (t >= 1) {
      this.anim = null;
      a.done?.();
    } else this.invalidate();
  }

  /** Draws the frame now (the benchmark calls this directly). */
  drawNow() {
    // A frame already asked for would draw the same view again: this draw replaces it
    // (unless an animation is running, whose next step it is).
    if (this.frame && !this.anim) {
      cancelAnimationFrame(this.frame);
      this.frame = 0;
    }
    const t = performance.now();
    const ctx = this.ctx;
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    if (this.useSprites && this.sprites?.dpr !== this.dpr) {
      this.sprites = new Sprites(this.dpr);
      // Where the browser says when it is idle, frames leave the label pages to then.
      this.sprites.labels.writeInFrame = typeof requestIdleCallback !== "function";
    }
    if (!this.useSprites) this.sprites = null;
    draw(ctx, this.model, this.layout, this.view, this.theme, this.state, this.marks, this.sprites);
    this.lastDrawMs = performance.now() - t;
    this.writeLabelPagesWhenIdle();
  }

  /** Labels the frames wrote straight onto the screen are written onto the label pages when the
   * browser is idle (textpages.ts). */
  private writeLabelPagesWhenIdle() {
    const sprites = this.sprites;
    if (!sprites?.labels.wantedCount || this.idle || typeof requestIdleCallback !== "function") return;
    this.idle = requestIdleCallback(
      (deadline) => {
        this.idle = 0;
        if (this.sprites === sprites && sprites.labels.writeWanted(() => deadline.timeRemaining() > 1)) this.writeLabelPagesWhenIdle();
      },
      { timeout: 1000 },
    );
  }

  /** What is under the point (x, y) in CSS pixels, as last drawn. */
  hitTest(x: number, y: number): Hit {
    const m = this.marks;
    const R = this.theme.glyphR + 3;
    for (const f of m.flags) if (x >= f.x && x <= f.x + f.w && y >= f.y && y <= f.y + f.h) return { kind: "flag", id: f.id };
    const top = this.top;
    const stripTop = this.theme.axisH;
    if (y >= stripTop && y < top) {
      for (const b of m.bands) if (x >= b.x0 && x <= b.x1) return { kind: "band", id: b.id };
      return null;
    }
    for (const g of m.groups) if (y >= g.y && y < g.y + g.h) return { kind: "group", id: g.id };
    if (y < top) return null;
    let best = -1,
      bestD = R * R;
    for (let k = 0; k < m.count; k++) {
      const dx = m.x[k] - x,
        dy = m.y[k] - y;
      const d = dx * dx + dy * dy;
      if (d <= bestD) {
        bestD = d;
        best = k;
      }
    }
    if (best >= 0) {
      const item = m.item[best];
      if (item >= 0) return { kind: "item", item };
      const c = m.clusters[-item - 1];
      return { kind: "cluster", from: c.from, to: c.to, lane: c.lane };
    }
    for (const c of m.clusters) {
      const cy = glyphY(this.theme, this.layout, top, c.lane, this.view.scrollY);
      if (x >= c.x0 && x <= c.x1 && Math.abs(y - cy) <= R) return { kind: "cluster", from: c.from, to: c.to, lane: c.lane };
    }
    if (this.state.showLinks && x >= this.theme.gutter) {
      // The nearest link's arrow within a few pixels (entries and clusters first: they sit on top).
      let pick: string | null = null,
        near = 5;
      for (const l of m.links) {
        const d = distanceToLink(x, y, l.p, l.q, this.theme.glyphR);
        if (d <= near) {
          near = d;
          pick = l.id;
        }
      }
      if (pick) return { kind: "link", id: pick };
    }
    const row = rowAt(this.layout, y - top + this.view.scrollY);
    if (row && row.kind === "lane" && x >= this.theme.gutter)
      return { kind: "lane", lane: row.index, day: this.view.t0 + (x - this.theme.gutter) / this.view.pxPerDay };
    return null;
  }

  /** The shown entries overlapping days `from..to` in open lanes. */
  itemsBetween(from: number, to: number): number[] {
    const out: number[] = [];
    for (let l = 0; l < this.model.lanes.length; l++) {
      if (this.layout.laneY[l] < 0) continue;
      out.push(...this.model.itemsIn(l, from, to));
    }
    return out.sort((a, b) => this.model.start[a] - this.model.start[b]);
  }

  private local(e: { clientX: number; clientY: number }): [number, number] {
    const r = this.canvas.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top];
  }

  private attach() {
    const c = this.canvas;
    const on = <K extends keyof HTMLElementEventMap>(type: K, f: (e: HTMLElementEventMap[K]) => void, opts?: AddEventListenerOptions) => {
      c.addEventListener(type, f as EventListener, opts);
      this.cleanup.push(() => c.removeEventListener(type, f as EventListener));
    };
    on(
      "wheel",
      (e) => {
        e.preventDefault();
        const [x] = this.local(e);
        const unit = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? this.view.height : 1;
        const dx = e.deltaX * unit,
          dy = e.deltaY * unit;
        if (x < this.theme.gutter && !e.ctrlKey) this.scrollBy(dy);
        else if (e.shiftKey || Math.abs(dx) > Math.abs(dy)) this.panBy(-(dx || dy));
        else this.zoomAt(Math.exp(-dy * (e.ctrlKey ? 0.01 : 0.0015)), x);
      },
      { passive: false },
    );
    on("pointerdown", (e) => {
      const [x, y] = this.local(e);
      this.pointers.set(e.pointerId, { x, y });
      c.setPointerCapture?.(e.pointerId);
      this.anim = null;
      if (this.pointers.size === 2) {
        const [p, q] = [...this.pointers.values()];
        this.drag = {
          x: (p.x + q.x) / 2,
          y,
          t0: this.view.t0,
          scrollY: this.view.scrollY,
          moved: true,
          brush: false,
          pinch: Math.abs(p.x - q.x),
          pinchPx: this.view.pxPerDay,
        };
        return;
      }
      this.drag = { x, y, t0: this.view.t0, scrollY: this.view.scrollY, moved: false, brush: e.shiftKey && x > this.theme.gutter };
    });
    on("pointermove", (e) => {
      const [x, y] = this.local(e);
      if (this.pointers.has(e.pointerId)) this.pointers.set(e.pointerId, { x, y });
      const d = this.drag;
      if (!d) {
        const hit = this.hitTest(x, y);
        const hover = hit?.kind === "item" ? hit.item : -1;
        c.style.cursor = hit && hit.kind !== "lane" ? "pointer" : "grab";
        if (hover !== this.state.hover) {
          this.state.hover = hover;
          this.cb.hover?.(hover, x, y);
          this.invalidate();
        }
        return;
      }
      if (d.pinch !== undefined && this.pointers.size === 2) {
        const [p, q] = [...this.pointers.values()];
        const dist = Math.max(10, Math.abs(p.x - q.x));
        const mid = (p.x + q.x) / 2;
        this.zoomAt((d.pinchPx! * dist) / d.pinch / this.view.pxPerDay, mid);
        return;
      }
      if (Math.abs(x - d.x) + Math.abs(y - d.y) > 4) d.moved = true;
      if (!d.moved) return;
      if (d.brush) {
        const day = (px: number) => this.view.t0 + (px - this.theme.gutter) / this.view.pxPerDay;
        this.state.brush = { from: day(d.x), to: day(x) };
        this.invalidate();
      } else {
        c.style.cursor = "grabbing";
        this.view.t0 = d.t0 - (x - d.x) / this.view.pxPerDay;
        this.view.scrollY = d.scrollY - (y - d.y);
        this.clampScroll();
        this.changed();
      }
    });
    const end = (e: PointerEvent) => {
      const [x, y] = this.local(e);
      this.pointers.delete(e.pointerId);
      const d = this.drag;
      if (this.pointers.size > 0) return;
      this.drag = null;
      c.style.cursor = "grab";
      if (!d || e.type === "pointercancel") return;
      if (d.brush && this.state.brush) {
        const from = Math.min(this.state.brush.from, this.state.brush.to),
          to = Math.max(this.state.brush.from, this.state.brush.to);
        this.cb.brush?.(from, to, this.itemsBetween(from, to));
        return;
      }
      if (d.moved) return;
      this.click(x, y, e.ctrlKey || e.metaKey, e.altKey);
    };
    on("pointerup", end);
    on("pointercancel", end);
    on("dblclick", (e) => {
      const [x, y] = this.local(e);
      const hit = this.hitTest(x, y);
      if (hit?.kind === "item") this.cb.activate?.(hit.item);
      else if (x > this.theme.gutter) this.zoomAt(2, x);
    });
    on("pointerleave", () => {
      if (this.state.hover >= 0) {
        this.state.hover = -1;
        this.cb.hover?.(-1, 0, 0);
        this.invalidate();
      }
    });
  }

  /** Acts on a click at (x, y) as the pointer handler does (also used by tests). */
  click(x: number, y: number, additive = false, alt = false) {
    const hit = this.hitTest(x, y);
    if (hit?.kind === "item" && alt && this.cb.link) this.cb.link(hit.item);
    else if (!hit || hit.kind === "lane") {
      this.state.brush = null;
      this.cb.select?.([], false);
    } else if (hit.kind === "item") {
      // The clicked entry takes the keyboard focus too, so arrow keys continue from it.
      this.state.focused = hit.item;
      this.cb.select?.([hit.item], additive);
      this.cb.focus?.(hit.item);
    } else if (hit.kind === "cluster") this.animateTo(hit.from - 0.5, hit.to + 0.5, 450, 0.2);
    else if (hit.kind === "flag") this.cb.flag?.(hit.id);
    else if (hit.kind === "link") this.cb.pickLink?.(hit.id);
    else if (hit.kind === "band") this.cb.kpe?.(hit.id);
    else if (hit.kind === "group") this.cb.toggleGroup?.(hit.id);
    this.invalidate();
  }

  /** Moves the keyboard focus to an entry, bringing it into view. */
  focusItem(i: number, animate = true) {
    this.state.focused = i;
    if (i >= 0) {
      const day = this.model.at(i);
      const [a, b] = this.range;
      const margin = (b - a) * 0.08;
      if (day < a + margin || day > b - margin) {
        const half = (b - a) / 2;
        if (animate) this.animateTo(day - half, day + half, 300, 0);
        else this.setRange(day - half, day + half);
      }
      const y = this.layout.laneY[this.model.lane[i]];
      if (y >= 0) {
        const visible = this.view.height - this.top;
        if (y < this.view.scrollY) this.view.scrollY = y;
        else if (y + this.layout.laneH > this.view.scrollY + visible) this.view.scrollY = y + this.layout.laneH - visible;
        this.clampScroll();
      }
      this.cb.focus?.(i);
    }
    this.invalidate();
  }

  /** The next (dir 1) or previous (-1) shown entry in the focused entry's lane. */
  stepInLane(dir: 1 | -1) {
    const m = this.model;
    const i = this.state.focused;
    if (i < 0) {
      const [a, b] = this.range;
      const first = this.itemsBetween(a, b)[0];
      if (first !== undefined) this.focusItem(first);
      return;
    }
    const l = m.lane[i];
    const order = m.byLane[l];
    let k = order.indexOf(i);
    do k += dir;
    while (k >= 0 && k < order.length && !m.shown[order[k]]);
    if (k >= 0 && k < order.length) this.focusItem(order[k]);
  }

  /** Moves the focus to the nearest shown entry in time in the next open lane up or down. */
  stepLane(dir: 1 | -1) {
    const m = this.model;
    const order = this.layout.rows.filter((r) => r.kind === "lane").map((r) => r.index);
    const i = this.state.focused;
    const day = i >= 0 ? m.at(i) : (this.range[0] + this.range[1]) / 2;
    let pos = i >= 0 ? order.indexOf(m.lane[i]) : -1;
    for (let tries = 0; tries < order.length; tries++) {
      pos += dir;
      if (pos < 0 || pos >= order.length) return;
      const l = order[pos];
      let best = -1,
        bestD = Infinity;
      for (const j of m.byLane[l]) {
        if (!m.shown[j]) continue;
        const d = Math.abs(m.at(j) - day);
        if (d < bestD) {
          bestD = d;
          best = j;
        }
      }
      if (best >= 0) {
        this.focusItem(best);
        return;
      }
    }
  }

  /** Keyboard control; returns whether the key was used. */
  handleKey(e: KeyboardEvent): boolean {
    const step = this.plotWidth * 0.15;
    switch (e.key) {
      case "ArrowRight":
        if (e.shiftKey) this.panBy(-step);
        else this.stepInLane(1);
        return true;
      case "ArrowLeft":
        if (e.shiftKey) this.panBy(step);
        else this.stepInLane(-1);
        return true;
      case "ArrowDown":
        this.stepLane(1);
        return true;
      case "ArrowUp":
        this.stepLane(-1);
        return true;
      case "+":
      case "=":
        this.zoomAt(1.5);
        return true;
      case "-":
      case "_":
        this.zoomAt(1 / 1.5);
        return true;
      case "0":
      case "Home":
        this.fit();
        return true;
      case "PageDown":
        this.scrollBy(this.view.height * 0.8);
        return true;
      case "PageUp":
        this.scrollBy(-this.view.height * 0.8);
        return true;
      case "Enter":
        if (this.state.focused >= 0 && e.altKey && this.cb.link) this.cb.link(this.state.focused);
        else if (this.state.focused >= 0) this.cb.activate?.(this.state.focused);
        return true;
      case " ":
        if (this.state.focused >= 0) this.cb.select?.([this.state.focused], true);
        return true;
      case "Escape":
        this.state.brush = null;
        this.cb.select?.([], false);
        return true;
    }
    return false;
  }

  destroy() {
    cancelAnimationFrame(this.frame);
    if (this.idle) cancelIdleCallback(this.idle);
    for (const f of this.cleanup) f();
  }
}
