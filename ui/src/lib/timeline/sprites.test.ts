import { describe, expect, it } from "vitest";
import { CATEGORIES } from "./glyphs";
import { layout } from "./layout";
import { BIT_NOT_SEEN, BIT_SEEN, TimelineModel } from "./model";
import { draw, initialDrawState, Marks } from "./render";
import { Sprites } from "./sprites";
import { TextPages } from "./textpages";
import { SvgContext } from "./svg";
import { synthetic } from "./synthetic";
import { NORMAL } from "./theme";

/** A canvas that records what is drawn on it (no canvas in the test environment). */
function fakeCanvas(w: number, h: number) {
  const calls: string[] = [];
  const ctx = new Proxy(
    { calls },
    {
      get: (target, key) => (key === "calls" ? target.calls : (...args: unknown[]) => void calls.push(`${String(key)}(${args.join(",")})`)),
      set: () => true,
    },
  );
  return { width: w, height: h, calls, getContext: () => ctx } as unknown as HTMLCanvasElement & { calls: string[] };
}

/** The SVG writer, also recording copies of bitmaps. */
class CopyingContext extends SvgContext {
  copies: { image: unknown; dx: number; dy: number; dw: number; dh: number }[] = [];
  texts: { text: string; x: number; y: number }[] = [];
  fillText(text: string, x: number, y: number) {
    this.texts.push({ text, x, y });
    super.fillText(text, x, y);
  }
  drawImage(image: unknown, _sx: number, _sy: number, _sw: number, _sh: number, dx: number, dy: number, dw: number, dh: number) {
    this.copies.push({ image, dx, dy, dw, dh });
  }
}

describe("sprites", () => {
  it("draws each glyph once into its own bitmap and copies it at whole device pixels, centred", () => {
    const made: (HTMLCanvasElement & { calls: string[] })[] = [];
    const sprites = new Sprites(2, (w, h) => {
      const c = fakeCanvas(w, h);
      made.push(c);
      return c;
    });
    const to = new CopyingContext(100, 100);
    sprites.drawGlyph(to, 0, false, 10.3, 20.2, 6, 1, "#fff");
    sprites.drawGlyph(to, 0, false, 30.6, 20.2, 6, 1, "#fff");
    sprites.drawGlyph(to, 0, true, 40, 20, 6, 1, "#fff");
    // One bitmap per look (normal, faint), each drawn once.
    expect(made).toHaveLength(2);
    expect(made[0].calls.filter((c) => c.startsWith("fill(")).length).toBe(1);
    expect(to.copies).toHaveLength(3);
    for (const [k, x] of [10.3, 30.6, 40].entries()) {
      const c = to.copies[k];
      // Whole device pixels (dpr 2), and the bitmap's centre within half a device pixel of the glyph's.
      expect(Number.isInteger(c.dx * 2)).toBe(true);
      expect(Number.isInteger(c.dy * 2)).toBe(true);
      expect(Math.abs(c.dx + c.dw / 2 - x)).toBeLessThanOrEqual(0.25);
      expect(c.dw).toBe(made[k < 2 ? 0 : 1].width / 2);
    }
  });

  it("on the screen copies one glyph per entry drawn on its own and one mark per seen / not seen, and draws no glyph path", () => {
    const m = new TimelineModel(synthetic(3000, 10, 5));
    const lay = layout(m, { collapsed: new Set(), available: 900, minLaneH: 40, maxLaneH: 96, groupH: 22 });
    const view = { t0: m.min + (m.max - m.min) * 0.4, pxPerDay: 40, width: 1600, height: 1000, scrollY: 0 };
    const state = { ...initialDrawState(), showLinks: false, showFlags: false };
    const screen = new CopyingContext(1600, 1000);
    const marks = new Marks();
    draw(screen, m, lay, view, NORMAL, state, marks, new Sprites(1, fakeCanvas));
    const singles = [...marks.item.slice(0, marks.count)].filter((i) => i >= 0);
    const seen = singles.filter((i) => m.bits[i] & (BIT_SEEN | BIT_NOT_SEEN)).length;
    expect(singles.length).toBeGreaterThan(20);
    expect(seen).toBeGreaterThan(0);
    // Besides them, texts copied: the gutter (whole, from its own bitmap) and the clusters' counts.
    const writes = (c: { image: unknown }) => (c.image as { calls: string[] }).calls.some((k) => k.startsWith("fillText("));
    expect(screen.copies.filter((c) => !writes(c))).toHaveLength(singles.length + seen);
    const texts = screen.copies.filter(writes);
    expect(texts.filter((c) => c.dx === 0 && c.dy === 0 && c.dw === NORMAL.gutter)).toHaveLength(1);
    // One bitmap per count however many clusters show it.
    const counts = texts.filter((c) => c.dw !== NORMAL.gutter);
    expect(counts.length).toBeGreaterThan(new Set(counts.map((c) => c.image)).size);
    // The export of the same view draws them as shapes, and copies nothing.
    const vector = new CopyingContext(1600, 1000);
    draw(vector, m, lay, view, NORMAL, state, new Marks());
    expect(vector.copies).toHaveLength(0);
    // Each category's glyphs are one filled path in the export; none on the screen.
    const glyphPaths = (svg: string) => CATEGORIES.filter((c) => svg.includes(`fill="${c.colour}"/>`) && /<path d="M[^"]*Z[^"]*" fill="#/.test(svg)).length;
    expect(glyphPaths(vector.toString())).toBeGreaterThan(0);
    const screenSvg = screen.toString();
    for (const c of CATEGORIES) expect(screenSvg.match(new RegExp(`<path d="[^"]*" fill="${c.colour}"`, "g")) ?? []).toHaveLength(0);
  });

  it("draws the gutter's lane names once and copies them while nothing they show changes", () => {
    const m = new TimelineModel(synthetic(500, 6, 3));
    const lay = layout(m, { collapsed: new Set(), available: 900, minLaneH: 40, maxLaneH: 96, groupH: 22 });
    const made: (HTMLCanvasElement & { calls: string[] })[] = [];
    const sprites = new Sprites(1, (w, h) => {
      const c = fakeCanvas(w, h);
      made.push(c);
      return c;
    });
    const state = { ...initialDrawState(), showLinks: false, showFlags: false };
    const view = { t0: m.min, pxPerDay: 2, width: 1600, height: 1000, scrollY: 0 };
    const frame = (v: typeof view) => {
      const screen = new CopyingContext(1600, 1000);
      draw(screen, m, lay, v, NORMAL, state, new Marks(), sprites);
      return screen;
    };
    const names = () => made.filter((c) => c.width === NORMAL.gutter).flatMap((c) => c.calls.filter((k) => k.startsWith("fillText(")));
    const first = frame(view);
    expect(names()).toHaveLength(m.lanes.length);
    // Panning and zooming: copied, not drawn again.
    frame({ ...view, t0: view.t0 + 30 });
    frame({ ...view, pxPerDay: 5 });
    expect(names()).toHaveLength(m.lanes.length);
    // Scrolled: drawn again, into the same bitmap.
    frame({ ...view, scrollY: 10 });
    expect(names()).toHaveLength(m.lanes.length * 2);
    expect(made.filter((c) => c.width === NORMAL.gutter)).toHaveLength(1);
    // The lane names are not written on the screen's canvas itself; an export writes them.
    for (const lane of m.lanes) expect(first.toString()).not.toContain(`>${lane.label}<`);
    const vector = new CopyingContext(1600, 1000);
    draw(vector, m, lay, view, NORMAL, state, new Marks());
    for (const lane of m.lanes) expect(vector.toString()).toContain(`>${lane.label}<`);
  });
  it("copies the axis's dates, the clusters' counts and the flags' words from the label pages on the screen, and writes them in exports", () => {
    const m = new TimelineModel(synthetic(3000, 10, 5));
    const lay = layout(m, { collapsed: new Set(), available: 900, minLaneH: 40, maxLaneH: 96, groupH: 22 });
    const view = { t0: m.min + (m.max - m.min) * 0.4, pxPerDay: 6, width: 1600, height: 1000, scrollY: 0 };
    const state = initialDrawState();
    const sprites = new Sprites(1, fakeCanvas);
    const frame = () => {
      const screen = new CopyingContext(1600, 1000);
      draw(screen, m, lay, view, NORMAL, state, new Marks(), sprites);
      return screen;
    };
    const first = frame();
    const second = frame();
    const exported = new CopyingContext(1600, 1000);
    draw(exported, m, lay, view, NORMAL, state, new Marks());
    // The export writes the axis's dates (days, months, years) as text ...
    const dates = exported.texts.filter((t) => /^(\d{1,2}|[A-Z][a-z]{2}|\d{4})$/.test(t.text));
    expect(dates.length).toBeGreaterThan(3);
    // ... the screen copies them, the first frame as the next, from pages made once.
    for (const t of dates) expect(first.texts.concat(second.texts).map((u) => u.text)).not.toContain(t.text);
    expect(first.copies.length - second.copies.length).toBe(0);
    expect(first.copies.length).toBeGreaterThan(dates.length);
    const pages = sprites.labels.pageCount;
    frame();
    expect(sprites.labels.pageCount).toBe(pages);
  });
});

describe("label pages", () => {
  it("write each label once on a shared page, copy it at whole device pixels, and drop the oldest page when full", () => {
    const made: (HTMLCanvasElement & { calls: string[] })[] = [];
    const pages = new TextPages(
      2,
      (w, h) => {
        const c = fakeCanvas(w, h);
        made.push(c);
        return c;
      },
      2,
    );
    const writes = () => made.flatMap((c) => c.calls.filter((k) => k.startsWith("fillText(")));
    const a = pages.prepare("13px sans-serif", "#000", "Home visit 12", 80);
    expect(pages.prepare("13px sans-serif", "#000", "Home visit 12", 80)).toBe(a);
    expect(writes()).toHaveLength(1);
    // The same words in another colour are another bitmap.
    expect(pages.prepare("13px sans-serif", "#555", "Home visit 12", 80)).not.toBe(a);
    const to = new CopyingContext(100, 100);
    pages.copy(to, a, 10.3, 20.2);
    expect(Number.isInteger(to.copies[0].dx * 2)).toBe(true);
    expect(Number.isInteger(to.copies[0].dy * 2)).toBe(true);
    expect(to.copies[0].image).toBe(made[0]);
    // Labels of 160 px (dpr 2: 328 device px wide, 45 high) fill a 1024 x 512 page 3 to a row, 11 rows.
    for (let k = 0; k < 33; k++) pages.prepare("13px sans-serif", "#000", `Label ${k}`, 160);
    expect(pages.pageCount).toBe(2);
    // One page more than allowed: the oldest goes, and its labels are written again when asked.
    for (let k = 33; k < 70; k++) pages.prepare("13px sans-serif", "#000", `Label ${k}`, 160);
    expect(pages.pageCount).toBe(2);
    const before = writes().length;
    pages.prepare("13px sans-serif", "#000", "Home visit 12", 80);
    expect(writes()).toHaveLength(before + 1);
    pages.prepare("13px sans-serif", "#000", "Label 69", 160);
    expect(writes()).toHaveLength(before + 1);
  });

  it("where the browser has idle time, leave the labels a frame lacks to it, written on the screen where their copies will go", () => {
    const m = new TimelineModel(synthetic(3000, 10, 5));
    const lay = layout(m, { collapsed: new Set(), available: 900, minLaneH: 40, maxLaneH: 96, groupH: 22 });
    const view = { t0: m.min + (m.max - m.min) * 0.4, pxPerDay: 40, width: 1600, height: 1000, scrollY: 0 };
    const state = { ...initialDrawState(), showLinks: false, showFlags: false };
    const made: (HTMLCanvasElement & { calls: string[] })[] = [];
    const sprites = new Sprites(2, (w, h) => {
      const c = fakeCanvas(w, h);
      made.push(c);
      return c;
    });
    sprites.labels.writeInFrame = false;
    const pageWrites = () => made.flatMap((c) => c.calls.filter((k) => k.startsWith("fillText(") && c.width === 1024));
    const frame = () => {
      const screen = new CopyingContext(1600, 1000);
      draw(screen, m, lay, view, NORMAL, state, new Marks(), sprites);
      return screen;
    };
    // The first frame writes its labels and counts on the screen, and no page.
    const first = frame();
    const wanted = sprites.labels.wantedCount;
    expect(wanted).toBeGreaterThan(20);
    expect(pageWrites()).toHaveLength(0);
    // A second frame still writes none: they wait for idle time, a little at a time.
    frame();
    expect(pageWrites()).toHaveLength(0);
    let budget = 5;
    expect(sprites.labels.writeWanted(() => budget-- > 0)).toBe(true);
    expect(pageWrites()).toHaveLength(5);
    expect(sprites.labels.writeWanted()).toBe(false);
    expect(pageWrites()).toHaveLength(wanted);
    // Then the same frame copies them, each where the screen had its text: the copy's left
    // edge is 2 px (the page's padding) before the text's, and its middle is the text's.
    const after = frame();
    const copied = after.copies.filter((c) => (c.image as { width: number }).width === 1024);
    const near = (a: number, b: number) => Math.abs(a - b) < 0.01;
    const labels = first.texts.filter((t) => !after.texts.some((u) => u.text === t.text && u.x === t.x && u.y === t.y));
    expect(labels.length).toBeGreaterThanOrEqual(wanted);
    expect(labels.length).toBe(copied.length);
    for (const t of labels)
      expect(
        copied.some((c) => near(c.dx + 2, t.x) && near(c.dy + c.dh / 2, t.y)),
        `${t.text} at ${t.x},${t.y}`,
      ).toBe(true);
  });
});
