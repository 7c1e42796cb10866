// Text measured once: widths are kept per font and text, and labels cut to fit (at whole
// words, with an ellipsis) are kept per 8 px of room, so a frame rarely measures anything.
import type { Ctx } from "./frame";

const widthCache = new Map<string, number>();
const fitCache = new Map<string, { text: string; width: number }>();

export function widthOf(ctx: Ctx, font: string, text: string): number {
  const key = `${font}\u0000${text}`;
  let w = widthCache.get(key);
  if (w === undefined) {
    w = ctx.measureText(text).width;
    if (widthCache.size > 100_000) widthCache.clear();
    widthCache.set(key, w);
  }
  return w;
}

/** `text` cut to fit `max` px with an ellipsis; widths are measured once per font and text,
 * and cuts are kept per 8 px of room, so a frame rarely measures anything. */
export function fitted(ctx: Ctx, font: string, text: string, max: number): { text: string; width: number } {
  const full = widthOf(ctx, font, text);
  if (full <= max) return { text, width: full };
  const bucket = Math.floor(max / 8) * 8;
  const key = `${font}\u0000${bucket}\u0000${text}`;
  let hit = fitCache.get(key);
  if (hit) return hit;
  // Whole words only (a word cut in the middle misreads: "Mum and baby se…"): start from the
  // proportional estimate and step back word by word until it fits.
  const cut = (m: number) => {
    const head = text.slice(0, m);
    const space = text.length > m && /\S/.test(text[m]) ? head.search(/\s\S*$/) : head.length;
    return space <= 0 ? "" : head.slice(0, space).replace(/[\s,;:–—-]+$/, "");
  };
  let n = Math.max(0, Math.floor((text.length * bucket) / full));
  let t = cut(n);
  let w = widthOf(ctx, font, `${t}…`);
  while (t && w > bucket) {
    n = t.length - 1;
    t = cut(n);
    w = widthOf(ctx, font, `${t}…`);
  }
  t = t ? `${t}…` : "…";
  hit = { text: t, width: w };
  if (fitCache.size > 50_000) fitCache.clear();
  fitCache.set(key, hit);
  return hit;
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
