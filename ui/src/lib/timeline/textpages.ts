// Labels drawn once into shared bitmaps ("pages") and copied, for the screen's canvas only.
// A label drawn with fillText costs ~15-20 us on WebKitGTK's CPU canvas, a copy ~2 us; a
// small canvas of its own per label cost ~40 us to make, more than its copies saved while
// zooming brings new labels. So labels are packed in rows on pages of 1024 x 512 device px,
// drawn there with fillText (no canvas made), and copied.
//
// Writing a page that frames have copied from costs more than the label: both engines keep a
// copy of a source canvas once it has been drawn from, and a change to it copies its whole
// buffer again. WebKit cannot say when it is idle, so there a frame first writes every label it
// lacks (`slotFor`), then copies them all (`copy`): each page changes at most once per frame.
// Where the browser has idle callbacks (Chromium, WebView2) a frame writes no page at all
// (`writeInFrame` false): a label not on a page yet is written straight onto the screen
// (`write`, where its copy will later go) and remembered, and the remembered labels are written
// onto pages when the browser is idle (`writeWanted`). In Chromium the frames that wrote a few
// labels onto a page cost two to four times those that wrote none, which made a first zoom in
// twice as slow as the same zoom out. When there are more than `maxPages` pages the oldest is
// dropped with its labels.

/** Where a label's bitmap is: its page, its place on it (device px), its middle's offset. */
export interface TextSlot {
  page: Page;
  sx: number;
  sy: number;
  w: number;
  h: number;
}

interface Page {
  canvas: HTMLCanvasElement | OffscreenCanvas;
  ctx: CanvasRenderingContext2D;
  /** Where the next label goes: the current row's left, top and height. */
  x: number;
  y: number;
  rowH: number;
  /** The labels on it, to forget when it is dropped. */
  keys: [Map<string, TextSlot>, string][];
}

/** The part of a 2D context a copy needs. */
interface Target {
  drawImage(image: CanvasImageSource, sx: number, sy: number, sw: number, sh: number, dx: number, dy: number, dw: number, dh: number): void;
}

const PAGE_W = 1024,
  PAGE_H = 512,
  PAD = 2;

/** A label's bitmap's height in device px, for text in `font`. */
function heightOf(font: string, d: number): number {
  return Math.ceil(Number(/([\d.]+)px/.exec(font)?.[1] ?? 13) * 1.7 * d);
}

export class TextPages {
  private pages: Page[] = [];
  /** Per font, per colour, per text. */
  private slots = new Map<string, Map<string, Map<string, TextSlot>>>();
  /** Labels drawn straight onto the screen, to write onto a page between gestures. */
  private wanted = new Map<string, [font: string, colour: string, text: string, width: number]>();

  constructor(
    private readonly dpr: number,
    private readonly make: (w: number, h: number) => HTMLCanvasElement | OffscreenCanvas,
    private readonly maxPages = 8,
  ) {}

  /** The bitmap of `text` in `font` and `colour`, when it is on a page. */
  find(font: string, colour: string, text: string): TextSlot | undefined {
    return this.slots.get(font)?.get(colour)?.get(text);
  }

  /** Whether a frame writes the labels it lacks onto a page (no idle callbacks to do it in). */
  writeInFrame = true;

  /** The bitmap of `text` on a page: found, written now (`writeInFrame`), or, when the frame
   * must not write a page, none (the label is remembered for `writeWanted`). */
  slotFor(font: string, colour: string, text: string, width: number): TextSlot | null {
    const slot = this.find(font, colour, text);
    if (slot) return slot;
    if (this.writeInFrame) return this.prepare(font, colour, text, width);
    this.want(font, colour, text, width);
    return null;
  }

  /** Writes `text` straight onto the screen with its left edge at x and its middle at y, where
   * its copy will go once it is on a page (so it does not move then). */
  write(to: CanvasRenderingContext2D, font: string, colour: string, text: string, x: number, y: number) {
    const d = this.dpr,
      h = heightOf(font, d);
    to.font = font;
    to.fillStyle = colour;
    to.textAlign = "left";
    to.textBaseline = "middle";
    to.fillText(text, Math.round((x - PAD) * d) / d + PAD, (Math.round(y * d - h / 2) + h / 2) / d);
  }

  /** Remembers a label the frame wrote straight onto the screen, to write it onto a page later. */
  private want(font: string, colour: string, text: string, width: number) {
    if (this.wanted.size < 5000) this.wanted.set(`${font}\u0000${colour}\u0000${text}`, [font, colour, text, width]);
  }

  /** How many labels wait to be written onto a page. */
  get wantedCount(): number {
    return this.wanted.size;
  }

  /** Writes waiting labels onto pages until `more()` says to stop (the idle time left);
   * returns whether any are left. */
  writeWanted(more: () => boolean = () => true): boolean {
    for (const [key, [font, colour, text, width]] of this.wanted) {
      if (!more()) return true;
      this.prepare(font, colour, text, width);
      this.wanted.delete(key);
    }
    return false;
  }

  /** The bitmap of `text` (`width` CSS px wide in `font`) in `colour`, written on a page first
   * when there is none. */
  prepare(font: string, colour: string, text: string, width: number): TextSlot {
    let byColour = this.slots.get(font);
    if (!byColour) {
      byColour = new Map();
      this.slots.set(font, byColour);
    }
    let byText = byColour.get(colour);
    if (!byText) {
      byText = new Map();
      byColour.set(colour, byText);
    }
    const kept = byText.get(text);
    if (kept) return kept;
    const d = this.dpr;
    const h = heightOf(font, d);
    const w = Math.min(PAGE_W, Math.ceil((width + PAD * 2) * d));
    const page = this.room(w, h);
    const slot = { page, sx: page.x, sy: page.y, w, h };
    const c = page.ctx;
    c.setTransform(1, 0, 0, 1, 0, 0);
    c.save();
    c.beginPath();
    c.rect(slot.sx, slot.sy, w, h);
    c.clip();
    c.setTransform(d, 0, 0, d, slot.sx, slot.sy);
    c.font = font;
    c.fillStyle = colour;
    c.textAlign = "left";
    c.textBaseline = "middle";
    c.fillText(text, PAD, h / d / 2);
    c.restore();
    page.x += w;
    page.rowH = Math.max(page.rowH, h);
    byText.set(text, slot);
    page.keys.push([byText, text]);
    return slot;
  }

  /** Copies `slot` with its text's left edge at x and its middle at y (CSS px), at whole
   * device pixels. */
  copy(to: Target, slot: TextSlot, x: number, y: number) {
    const d = this.dpr;
    const dx = Math.round((x - PAD) * d) / d,
      dy = Math.round(y * d - slot.h / 2) / d;
    to.drawImage(slot.page.canvas, slot.sx, slot.sy, slot.w, slot.h, dx, dy, slot.w / d, slot.h / d);
  }

  /** How many pages there are (for tests). */
  get pageCount(): number {
    return this.pages.length;
  }

  /** A page with room for a w x h label at its cursor: the current one, its next row, or a
   * new page (dropping the oldest when there are too many). */
  private room(w: number, h: number): Page {
    let page = this.pages[this.pages.length - 1];
    if (page && page.x + w > PAGE_W) {
      page.y += page.rowH;
      page.x = 0;
      page.rowH = 0;
    }
    if (!page || page.y + h > PAGE_H) {
      if (this.pages.length >= this.maxPages) {
        const old = this.pages.shift();
        for (const [map, key] of old?.keys ?? []) map.delete(key);
      }
      const canvas = this.make(PAGE_W, PAGE_H);
      page = { canvas, ctx: canvas.getContext("2d") as CanvasRenderingContext2D, x: 0, y: 0, rowH: 0, keys: [] };
      this.pages.push(page);
    }
    return page;
  }
}
