// Entry labels: placed greedily per lane while the entries are culled (emphasised entries
// first, then left to right; beside the glyph, before it at the right edge, or on the row
// under the glyphs), drawn after the glyphs. A label that fits nowhere is left out: its
// entry shows it on hover, on focus or closer in.
import { type Frame, type Marks, type PlacedLabel, writeText } from "./frame";
import { fitted, widthOf, wrapped } from "./text";

/** An entry drawn on its own in the lane being culled, with where its label would start. */
export interface LaneLabel {
  x: number;
  y: number;
  text: string;
  item: number;
}

/** The x of the first mark (glyph or cluster) in lane `l` to the right of `x`. */
function nextMarkAfter(marks: Marks, l: number, x: number, r: number): number {
  let best = Infinity;
  for (let k = marks.count - 1; k >= 0 && marks.lane[k] === l; k--) {
    const item = marks.item[k];
    const left = item >= 0 ? marks.x[k] - r : marks.clusters[-item - 1].x0;
    if (left > x + r && left < best) best = left;
  }
  return best;
}
/** Per label row of the lane being drawn: the x intervals its labels take. */
const taken: [number[], number[]] = [[], []];

export function placeLabels(fr: Frame, l: number, y: number, labels: LaneLabel[], labelRows: number) {
  const { ctx, theme, marks, R, G, width, font, faint } = fr;
  const drawLabels = fr.placed;
  taken[0].length = 0;
  taken[1].length = 0;
  const free = (r: number, x0: number, x1: number) => {
    const t = taken[r];
    for (let q = 0; q < t.length; q += 2) if (x0 < t[q + 1] + 6 && x1 + 6 > t[q]) return false;
    return true;
  };
  const order2 = faint ? [...labels.keys()].sort((p, q) => Number(!faint.has(labels[p].item)) - Number(!faint.has(labels[q].item)) || p - q) : labels.keys();
  for (const q of order2) {
    const lab = labels[q];
    // An emphasised entry's label may run over faint neighbours, on a backing box.
    const strong = !!faint && faint.has(lab.item);
    let nextGlyph = Infinity;
    for (let q2 = q + 1; q2 < labels.length; q2++) {
      if (strong && !faint!.has(labels[q2].item)) continue;
      nextGlyph = labels[q2].x - R * 2 - 6;
      break;
    }
    const nextMark = strong ? Infinity : nextMarkAfter(marks, l, lab.x - R - 3, R);
    const beside = Math.min(theme.labelMax, width - lab.x - 4, nextGlyph - lab.x, nextMark - lab.x - 4);
    // (Where a label's start is taken already, any width of it is: nothing is measured.)
    if (beside >= theme.fontSize * 4 && free(0, lab.x, lab.x + 1)) {
      const f = fitted(ctx, font, lab.text, beside);
      // Too long for its room: wrapped at a word onto the row under the glyphs when that row
      // is free there, rather than cut.
      if (f.text !== lab.text && labelRows >= 2) {
        const lines = wrapped(ctx, font, lab.text, beside, 2);
        const under = y + theme.fontSize * 1.35 + R * 0.6;
        if (lines.length === 2 && free(0, lab.x, lab.x + lines[0].width) && free(1, lab.x, lab.x + lines[1].width)) {
          drawLabels.push({ ...lab, text: lines[0].text, box: strong ? lines[0].width : 0 });
          drawLabels.push({ ...lab, y: under, text: lines[1].text, box: strong ? lines[1].width : 0 });
          taken[0].push(lab.x, lab.x + lines[0].width);
          taken[1].push(lab.x, lab.x + lines[1].width);
          continue;
        }
      }
      if (free(0, lab.x, lab.x + f.width)) {
        drawLabels.push({ ...lab, text: f.text, box: strong ? f.width : 0 });
        taken[0].push(lab.x, lab.x + f.width);
        continue;
      }
    }
    // At the right edge, a label with no room after its glyph goes before it when there is
    // room there (the last entry of an exported period keeps its words).
    // (Only near the right edge: the text is measured only there.)
    const edge = width - lab.x - 4;
    const whole = edge < theme.labelMax ? Math.min(widthOf(ctx, font, lab.text), theme.labelMax) : theme.labelMax;
    if (beside < whole && edge < whole && edge <= Math.min(nextGlyph - lab.x, nextMark - lab.x - 4)) {
      let prev = G;
      for (let q2 = q - 1; q2 >= 0; q2--) {
        if (strong && !faint!.has(labels[q2].item)) continue;
        prev = labels[q2].x;
        break;
      }
      const glyphX = lab.x - R - 3;
      const lx = glyphX - R - 4 - whole;
      // Nothing drawn between the label and its glyph (another glyph or a cluster).
      const clear = nextMarkAfter(marks, l, lx - R, R) >= glyphX - R - 1;
      if (clear && lx >= prev + 4 && lx >= G + 2) {
        const f = fitted(ctx, font, lab.text, theme.labelMax);
        if (free(0, lx, lx + f.width)) {
          drawLabels.push({ ...lab, x: lx, text: f.text, box: strong ? f.width : 0 });
          taken[0].push(lx, lx + f.width);
          continue;
        }
      }
    }
    if (labelRows < 2) continue;
    const under = lab.x - R - 3;
    const room = Math.min(theme.labelMax, width - under - 4);
    if (room < theme.fontSize * 4 || !free(1, under, under + 1)) continue;
    const f = fitted(ctx, font, lab.text, room);
    if (free(1, under, under + f.width)) {
      drawLabels.push({ x: under, y: y + theme.fontSize * 1.35 + R * 0.6, text: f.text, item: lab.item, box: strong ? f.width : 0 });
      taken[1].push(under, under + f.width);
    }
  }
}

/** Draws the placed labels: on the screen, the label pages are looked up (and written, where a
 * frame may) for all of them first, then each is copied, or written when not on a page
 * (textpages.ts); in exports, text. */
export function drawLabels(fr: Frame) {
  const { ctx, theme, font, faint, sprites } = fr;
  const drawLabels = fr.placed;
  // Labels of entries outside a focus stay at full AA contrast, only a little lighter.
  const colourOf = (lab: PlacedLabel) => (faint && !faint.has(lab.item) ? theme.inkSoft : theme.ink);
  const slots = sprites ? drawLabels.map((lab) => sprites.labels.slotFor(font, colourOf(lab), lab.text, widthOf(ctx, font, lab.text))) : null;
  for (let k = 0; k < drawLabels.length; k++) {
    const lab = drawLabels[k];
    if (lab.box) {
      ctx.fillStyle = "rgba(255,255,255,0.88)";
      ctx.fillRect(lab.x - 2, lab.y - theme.fontSize * 0.7, lab.box + 4, theme.fontSize * 1.4);
    }
    const slot = slots?.[k];
    if (sprites && slot) sprites.labels.copy(ctx as unknown as CanvasRenderingContext2D, slot, lab.x, lab.y);
    else if (sprites) sprites.labels.write(ctx as unknown as CanvasRenderingContext2D, font, colourOf(lab), lab.text, lab.x, lab.y);
    else writeText(fr, font, colourOf(lab), lab.text, lab.x, lab.y);
  }
  drawLabels.length = 0;
}
