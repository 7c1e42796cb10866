// Text measured once (see widthOf): widths are kept per font and text, and each text's
// whole-word cuts (with an ellipsis) are measured once, shortest first, as far as they have
// been needed, so fitting a label to its room while zooming measures nothing after the first
// time. Caches are keyed by font, then by the text itself: a label's string is the same object
// every frame and its hash is kept, where a joined key string was built and hashed again for
// every label, every frame.
import type { Ctx } from "./frame";

/** A text as drawn: what is written and how wide it is. */
export interface Fit {
  text: string;
  width: number;
}

/** A text's whole-word cuts measured so far (each shorter than the next) and where to go on. */
interface Cuts {
  /** The text whole, then "…", then each cut of whole words with "…", widest last. */
  fits: Fit[];
  /** The index in the text to look for the next word boundary from; -1 when all are measured. */
  next: number;
}

const widthCache = new Map<string, Map<string, number>>();
const cutCache = new Map<string, Map<string, Cuts>>();

function perFont<T>(cache: Map<string, Map<string, T>>, font: string): Map<string, T> {
  let m = cache.get(font);
  if (!m) {
    m = new Map();
    cache.set(font, m);
  }
  if (m.size > 100_000) m.clear();
  return m;
}

// Texts in Latin letters, punctuation and currency signs are measured as the sum of their
// characters' advances, each character measured once per font: zooming in brings hundreds of
// labels never measured before, and on WebKitGTK a sum took ~2 us a label where measureText
// took ~7 (bench.html?probe=1). A sum leaves out kerning, which only narrows these fonts'
// texts, so a label is never given less room than it takes (measured: at most 2 px more at
// 13 px). Other scripts, shaped as a whole (Arabic, Devanagari ...), are measured whole.
const SUMMABLE = /^[\u0020-\u024f\u2000-\u206f\u20a0-\u20cf]*$/;
const advanceCache = new Map<string, Map<string, number>>();

export function widthOf(ctx: Ctx, font: string, text: string): number {
  const m = perFont(widthCache, font);
  let w = m.get(text);
  if (w === undefined) {
    // Measured in `font` whatever the context's font is now (which is left as it was).
    const was = ctx.font;
    if (was !== font) ctx.font = font;
    if (SUMMABLE.test(text)) {
      const advances = perFont(advanceCache, font);
      w = 0;
      for (let k = 0; k < text.length; k++) {
        const ch = text[k];
        let a = advances.get(ch);
        if (a === undefined) {
          a = ctx.measureText(ch).width;
          advances.set(ch, a);
        }
        w += a;
      }
    } else w = ctx.measureText(text).width;
    if (was !== font) ctx.font = was;
    m.set(text, w);
  }
  return w;
}

/** `text` cut to fit `max` px: whole words only (a word cut in the middle misreads: "Mum and
 * baby se…"), trailing punctuation dropped, with an ellipsis; "…" alone when no word fits. */
export function fitted(ctx: Ctx, font: string, text: string, max: number): Fit {
  const m = perFont(cutCache, font);
  let cuts = m.get(text);
  if (!cuts) {
    cuts = {
      fits: [
        { text, width: widthOf(ctx, font, text) },
        { text: "…", width: widthOf(ctx, font, "…") },
      ],
      next: 1,
    };
    m.set(text, cuts);
  }
  const { fits } = cuts;
  if (fits[0].width <= max) return fits[0];
  // Measure further cuts until one is too wide for `max` or there are no more.
  while (cuts.next >= 0 && fits[fits.length - 1].width <= max) {
    const space = text.slice(cuts.next).search(/\s/);
    if (space < 0) {
      cuts.next = -1;
      break;
    }
    const at = cuts.next + space;
    cuts.next = at + 1;
    const head = text.slice(0, at).replace(/[\s,;:–—-]+$/, "");
    if (!head || `${head}…` === fits[fits.length - 1].text) continue;
    fits.push({ text: `${head}…`, width: widthOf(ctx, font, `${head}…`) });
  }
  // The widest cut that fits (widths grow with the cut), or "…".
  let best = fits[1];
  for (let k = 2; k < fits.length && fits[k].width <= max; k++) best = fits[k];
  return best;
}

/** `text` broken at spaces into at most `lines` lines of at most `max` px; the last line is
 * cut (at a word, with an ellipsis) when the words do not all fit. Never cuts a word. */
export function wrapped(ctx: Ctx, font: string, text: string, max: number, lines: number): { text: string; width: number }[] {
  const words = text.split(/\s+/).filter(Boolean);
  const out: { text: string; width: number }[] = [];
  let k = 0;
  while (k < words.length && out.length < lines - 1) {
    let line = words[k];
    if (widthOf(ctx, font, line) > max) break;
    let e = k + 1;
    while (e < words.length && widthOf(ctx, font, `${line} ${words[e]}`) <= max) line = `${line} ${words[e++]}`;
    out.push({ text: line, width: widthOf(ctx, font, line) });
    k = e;
  }
  if (k < words.length) {
    const last = fitted(ctx, font, words.slice(k).join(" "), max);
    if (last.text !== "…") out.push(last);
  }
  return out;
}
