// Bitmaps drawn once and copied many times, for the screen's canvas only (exports draw vectors).
// On WebKitGTK's CPU canvas a copied bitmap costs a fraction of what drawing the shape costs:
// 500 arc glyphs take ~15 ms, 500 outlined triangles ~9 ms (the outline is most of it), 500
// copies ~2 ms (`bench.html?probe=1`). So each glyph and the seen / not-seen marks are drawn
// once into a small bitmap of their own and copied, at whole device pixels (copies stay sharp).
// Labels are copied too, but from shared pages (textpages.ts): a small canvas of its own per
// label cost ~40 us to make, more than its copies saved while zooming brings new labels.
import { CATEGORIES, glyphPath } from "./glyphs";
import { TextPages } from "./textpages";

/** A bitmap and where its anchor point (the mark's centre) sits in it, in device px. */
interface Sprite {
  canvas: HTMLCanvasElement | OffscreenCanvas;
  w: number;
  h: number;
  ax: number;
  ay: number;
}

/** Bitmaps by key, each its own small canvas: WebKit copies a source canvas's whole buffer
 * again after every change to it, so one shared atlas that grows during a frame is copied
 * over and over; a small canvas is drawn once and then only read. Emptied when full. */
class Store {
  private sprites = new Map<string, Sprite>();

  constructor(
    private readonly limit: number,
    private readonly make: (w: number, h: number) => HTMLCanvasElement | OffscreenCanvas,
  ) {}

  get(key: string): Sprite | undefined {
    return this.sprites.get(key);
  }

  /** A new w x h bitmap (device px) for `key`, with its 2D context. */
  add(key: string, w: number, h: number, ax: number, ay: number): [Sprite, CanvasRenderingContext2D] {
    if (this.sprites.size >= this.limit) this.sprites.clear();
    const canvas = this.make(Math.max(1, w), Math.max(1, h));
    const sprite = { canvas, w: Math.max(1, w), h: Math.max(1, h), ax, ay };
    this.sprites.set(key, sprite);
    return [sprite, canvas.getContext("2d") as CanvasRenderingContext2D];
  }
}

/** The part of a 2D context a copy needs. */
interface Target {
  drawImage(image: CanvasImageSource, sx: number, sy: number, sw: number, sh: number, dx: number, dy: number, dw: number, dh: number): void;
}

/** The screen's bitmaps at one device pixel ratio. */
export class Sprites {
  private readonly store: Store;
  private readonly panels = new Map<string, { sig: string; sprite: Sprite }>();
  private glyphLook: { r: number; lineW: number; bg: string; slots: (Sprite | undefined)[] } = { r: 0, lineW: 0, bg: "", slots: [] };

  constructor(
    readonly dpr: number,
    private readonly make: (w: number, h: number) => HTMLCanvasElement | OffscreenCanvas = (w, h) => {
      const c = document.createElement("canvas");
      c.width = w;
      c.height = h;
      return c;
    },
  ) {
    this.store = new Store(256, make);
    this.labels = new TextPages(dpr, make);
  }

  /** Labels' bitmaps, packed on pages (textpages.ts). */
  readonly labels: TextPages;

  /** Copies `s` with its anchor at (x, y) in CSS px, at whole device pixels. */
  private copy(to: Target, s: Sprite, x: number, y: number) {
    const d = this.dpr;
    const dx = Math.round(x * d - s.ax) / d,
      dy = Math.round(y * d - s.ay) / d;
    to.drawImage(s.canvas, 0, 0, s.w, s.h, dx, dy, s.w / d, s.h / d);
  }

  /** Draws category `cat`'s glyph centred on (x, y): filled with an outline in `bg` (a ring: `bg`
   * inside, the colour round it), or filled faint when `faint`. */
  drawGlyph(to: Target, cat: number, faint: boolean, x: number, y: number, r: number, lineW: number, bg: string) {
    // Each look's bitmap is kept in a slot while the size and background stay the same, so a
    // frame of glyphs builds no key strings.
    const look = this.glyphLook;
    if (look.r !== r || look.lineW !== lineW || look.bg !== bg) {
      this.glyphLook = { r, lineW, bg, slots: [] };
    }
    const slot = cat * 2 + (faint ? 1 : 0);
    const kept = this.glyphLook.slots[slot];
    if (kept) {
      this.copy(to, kept, x, y);
      return;
    }
    this.glyphLook.slots[slot] = this.drawMark(
      to,
      `g${cat}\u0000${faint ? 1 : 0}\u0000${r}\u0000${lineW}\u0000${bg}`,
      r * 1.35 + lineW * 2 + 1,
      x,
      y,
      (ctx) => {
        const category = CATEGORIES[cat];
        ctx.beginPath();
        glyphPath(ctx, category.shape, 0, 0, r);
        ctx.lineWidth = lineW;
        if (faint) {
          ctx.globalAlpha = 0.25;
          ctx.fillStyle = category.colour;
          ctx.fill();
          ctx.globalAlpha = 1;
        } else if (category.shape === "ring") {
          ctx.fillStyle = bg;
          ctx.fill();
          ctx.strokeStyle = category.colour;
          ctx.lineWidth = lineW * 2;
          ctx.stroke();
        } else {
          ctx.fillStyle = category.colour;
          ctx.fill();
          ctx.strokeStyle = bg;
          ctx.stroke();
        }
      },
    );
  }

  /** Draws `text` (`width` CSS px wide in `font`, in `colour`) with its left edge at x and its
   * middle at y, from the label pages (textpages.ts). */
  drawText(to: CanvasRenderingContext2D, font: string, colour: string, text: string, x: number, y: number, width: number) {
    const slot = this.labels.slotFor(font, colour, text, width);
    if (slot) this.labels.copy(to, slot, x, y);
    else this.labels.write(to, font, colour, text, x, y);
  }

  /** Copies panel `name` (w x h CSS px) to (x, y), drawing it first with `paint` (in the
   * panel's own CSS px) when it is new or `sig` (what the panel shows) has changed. */
  drawPanel(to: Target, name: string, sig: string, x: number, y: number, w: number, h: number, paint: (ctx: CanvasRenderingContext2D) => void) {
    const d = this.dpr;
    const W = Math.max(1, Math.ceil(w * d)),
      H = Math.max(1, Math.ceil(h * d));
    let p = this.panels.get(name);
    if (!p || p.sig !== sig || p.sprite.w !== W || p.sprite.h !== H) {
      // Repainted in place while its size holds (scrolling changes what it shows every frame).
      const canvas = p && p.sprite.w === W && p.sprite.h === H ? p.sprite.canvas : this.make(W, H);
      const ctx = canvas.getContext("2d") as CanvasRenderingContext2D;
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, W, H);
      ctx.setTransform(d, 0, 0, d, 0, 0);
      paint(ctx);
      p = { sig, sprite: { canvas, w: W, h: H, ax: 0, ay: 0 } };
      this.panels.set(name, p);
    }
    to.drawImage(p.sprite.canvas, 0, 0, W, H, Math.round(x * d) / d, Math.round(y * d) / d, W / d, H / d);
  }

  /** Draws a mark drawn once by `paint` round its centre (0, 0), `half` CSS px each way, and
   * returns its bitmap. */
  drawMark(to: Target, key: string, half: number, x: number, y: number, paint: (ctx: CanvasRenderingContext2D) => void): Sprite {
    let s = this.store.get(key);
    if (!s) {
      const d = this.dpr;
      const h = Math.ceil(half * d);
      const [sprite, ctx] = this.store.add(key, h * 2, h * 2, h, h);
      s = sprite;
      ctx.setTransform(d, 0, 0, d, h, h);
      paint(ctx);
    }
    this.copy(to, s, x, y);
    return s;
  }
}
