// The entries: per lane, a binary search finds the entries in the time window, dense runs
// become clusters with counts (marks recorded for hit-testing), then spans, clusters,
// glyphs (one path per category) and the seen / not-seen marks are drawn.
import { CATEGORIES, FLAG_STYLES, glyphPath, type Pen } from "./glyphs";
import { BIT_APPROX, BIT_FLAGGED, BIT_NOT_SEEN, BIT_SEEN, lowerBound } from "./model";
import { drawText, fade, type Frame } from "./frame";
import { widthOf } from "./text";
import { type LaneLabel, placeLabels } from "./layer-labels";

/** Culls and clusters the entries in view, lane by lane, and places their labels. */
export function collectEntries(fr: Frame) {
  const { ctx, model, layout, theme, marks, X, G, top, width, height, t0, t1, pxPerDay, R, font, laneTop, gy } = fr;
  const { drawn, drawnList, perCat, spans, faint, faintXY } = fr;
  const clusterPx = R * 2 + 3;
  // A cluster takes in everything within this many pixels of its first member, so zoomed
  // out there are at most a few dozen per lane, each wide enough for its count.
  const clusterW = Math.max(clusterPx, theme.smallSize * 2.4);
  ctx.font = font;
  const labelRows = layout.laneH - (gy(0) - laneTop(0)) - R > theme.fontSize * 2.6 ? 2 : 1;
  const labels: LaneLabel[] = [];
  for (let l = 0; l < model.lanes.length; l++) {
    if (layout.laneY[l] < 0) continue;
    const y0 = laneTop(l);
    if (y0 + layout.laneH < top || y0 > height) continue;
    const y = gy(l);
    // Glyphs: the items drawn in view, already in screen order.
    const ats = model.laneAts[l],
      byAt = model.byLaneAt[l];
    const N = ats.length;
    const a0 = lowerBound(ats, t0 - R / pxPerDay),
      a1 = lowerBound(ats, t1 + R / pxPerDay);
    const all = model.shownCount === model.n;
    const dayW = clusterW / pxPerDay,
      dayP = clusterPx / pxPerDay;
    // Clusters are anchored to the time axis, not to the view's left edge, so panning never
    // regroups them (counts that changed as the view moved were seen to flicker): the scan
    // starts at an entry more than a cluster's width after the one before it, where the
    // lane's clusters would start had the scan begun at its first entry, and runs to where
    // the view starts without drawing. In a lane so dense that no such gap is near, it starts
    // at a fixed multiple of 4,096 entries, which moves only once every 4,096 entries panned.
    const floorK = Math.max(0, (Math.floor(a0 / 4096) - 1) * 4096);
    let k = a0;
    while (k > floorK && ats[k] - ats[k - 1] <= dayW) k--;
    while (k < a1) {
      const i = byAt[k];
      if (!all && !model.shown[i]) {
        k++;
        continue;
      }
      const at = ats[k];
      const x = X(at);
      // The next shown item within reach, to decide between a single glyph and a cluster.
      let e = k + 1;
      while (!all && e < N && ats[e] - at <= dayP && !model.shown[byAt[e]]) e++;
      let n = 1,
        last = i,
        lastK = k;
      if (e < N && ats[e] - at <= dayP) {
        if (all) {
          // Unfiltered: the cluster's end by binary search, whatever the number of entries.
          const end = lowerBound(ats, at + dayW + 1e-9);
          n = end - k;
          lastK = end - 1;
          last = byAt[lastK];
          e = end;
        } else {
          n = 0;
          e = k;
          while (e < N && ats[e] - at <= dayW) {
            if (model.shown[byAt[e]]) {
              n++;
              last = byAt[e];
              lastK = e;
            }
            e++;
          }
        }
      }
      // Before the view: scanned for the grouping only.
      if (lastK < a0) {
        k = e;
        continue;
      }
      if (n === 1) {
        drawn[i] = 1;
        drawnList.push(i);
        if (faint && !faint.has(i)) faintXY.push(model.cat[i], x, y);
        else perCat[model.cat[i]].push(x, y);
        marks.push(x, y, l, i);
        labels.push({ x: x + R + 3, y, text: model.labels[i], item: i });
      } else {
        // A cluster: a box with the count, spanning its members.
        const lastX = X(model.at(last));
        const cx0 = x - R,
          cx1 = Math.max(lastX + R, x + R);
        const c = marks.clusters.length;
        marks.clusters.push({ from: at, to: model.at(last), lane: l, n, x0: cx0, x1: cx1 });
        marks.push((cx0 + cx1) / 2, y, l, -(c + 1));
      }
      k = e;
    }
    // Spans (uncertain dates, durations) that overlap the view: for entries drawn on their
    // own, or whose glyph is off screen; an entry inside a cluster shows as the cluster.
    if (model.laneMaxSpan[l] * pxPerDay > 3) {
      const list = model.spanItems[l];
      const s0 = lowerBound(model.spanStarts[l], t0 - model.laneMaxSpan[l]),
        s1 = lowerBound(model.spanStarts[l], t1);
      for (let q = s0; q < s1; q++) {
        const i = list[q];
        if (!model.shown[i] || model.end[i] < t0) continue;
        const gx = X(model.at(i));
        if (!drawn[i] && gx >= G - R && gx <= width + R) continue;
        const sx0 = X(model.start[i]),
          sx1 = X(model.end[i]);
        if (sx1 - sx0 > 3) spans.push(Math.max(sx0, G - 2), Math.min(sx1, width + 2), y, model.bits[i] & BIT_APPROX ? 1 : 0);
      }
    }
    placeLabels(fr, l, y, labels, labelRows);
    labels.length = 0;
  }
}

/** Lanes whose clusters crowd the view (more than one per three cluster widths of it): their
 * clusters are drawn as density bars. A few wide clusters keep their boxes and counts. */
function crowdedLanes(fr: Frame): Set<number> {
  const { marks, theme, R, width, G } = fr;
  const crowded = new Set<number>();
  if (!marks.clusters.length) return crowded;
  const plot = Math.max(1, width - G);
  const clusterW = Math.max(R * 2 + 3, theme.smallSize * 2.4);
  const count = new Map<number, number>();
  for (const c of marks.clusters) count.set(c.lane, (count.get(c.lane) ?? 0) + 1);
  for (const [lane, n] of count) if (n > plot / (clusterW * 3)) crowded.add(lane);
  return crowded;
}

/** Uncertainty spans and durations, then clusters: boxes with their counts, or, where they
 * crowd a lane (zoomed out), density bars whose height grows with the number of entries. */
export function spansAndClusters(fr: Frame) {
  const { ctx, theme, marks, R, spans, gy } = fr;
  // Uncertainty spans (whiskered, faint) and durations (solid), under the glyphs.
  // (Colours carry the transparency: globalAlpha makes WebKitGTK's canvas composite each
  // shape through a full-size temporary surface, which cost ~1 ms per shape.)
  const spanApprox = fade(theme.inkSoft, 0.35),
    spanSolid = fade(theme.inkSoft, 0.6);
  for (let s = 0; s < spans.length; s += 4) {
    const [a, b, y, approx] = [spans[s], spans[s + 1], spans[s + 2], spans[s + 3]];
    ctx.fillStyle = approx ? spanApprox : spanSolid;
    ctx.fillRect(a, y - (approx ? R * 0.45 : R * 0.3), b - a, approx ? R * 0.9 : R * 0.6);
    if (approx) {
      ctx.fillRect(a, y - R, 1.5, R * 2);
      ctx.fillRect(b - 1.5, y - R, 1.5, R * 2);
    }
  }

  // Clusters.
  const crowded = crowdedLanes(fr);
  if (crowded.size) {
    // Density bars: no outlines, no numbers (the level of detail of a lane with
    // hundreds of clusters); the biggest cluster in the lane fills the lane's box height.
    const most = new Map<number, number>();
    for (const c of marks.clusters) if (crowded.has(c.lane)) most.set(c.lane, Math.max(most.get(c.lane) ?? 1, c.n));
    const full = R * 2 + 4;
    ctx.fillStyle = fade(theme.inkSoft, 0.55);
    for (const c of marks.clusters) {
      if (!crowded.has(c.lane)) continue;
      const h = Math.round(Math.max(3, full * Math.sqrt(c.n / (most.get(c.lane) ?? 1))));
      const x0 = Math.round(c.x0);
      ctx.fillRect(x0, Math.round(gy(c.lane) + R + 2) - h, Math.max(Math.round(c.x1) - x0 - 1, 2), h);
    }
  }
  if (marks.clusters.length > 0 && crowded.size < new Set(marks.clusters.map((c) => c.lane)).size) {
    // Boxes at whole pixels, each an outline-coloured rectangle with the fill inset by one
    // pixel: whole-pixel fills are the cheapest thing a CPU canvas draws (one path of boxes,
    // stroked, is rasterised over the whole extent of the path).
    for (const c of marks.clusters) {
      if (crowded.has(c.lane)) continue;
      const x0 = Math.round(c.x0),
        y0 = Math.round(gy(c.lane) - R - 2);
      const w = Math.round(Math.max(c.x1 - c.x0, R * 2 + 2)),
        h = Math.round(R * 2 + 4);
      ctx.fillStyle = theme.inkSoft;
      ctx.fillRect(x0, y0, w, h);
      ctx.fillStyle = "#dfe5eb";
      ctx.fillRect(x0 + 1, y0 + 1, w - 2, h - 2);
    }
    const countFont = `600 ${theme.smallSize}px ${theme.font}`;
    const digit = widthOf(ctx, countFont, "0");
    for (const c of marks.clusters) {
      if (crowded.has(c.lane)) continue;
      const w = Math.max(c.x1 - c.x0, R * 2 + 2);
      const label = c.n > 999 ? `${Math.round(c.n / 100) / 10}k` : String(c.n);
      if (label.length * digit > w + 6) continue;
      const cx = Math.round(c.x0) + Math.round(w) / 2;
      drawText(fr, countFont, theme.ink, label, cx, gy(c.lane), "center");
    }
  }
}

/** Glyphs, batched by category: one path per category (copies of one bitmap per category on
 * the screen). */
export function glyphs(fr: Frame) {
  const { ctx, theme, R, perCat, faintXY, sprites } = fr;
  if (sprites) {
    const to = ctx as unknown as CanvasRenderingContext2D;
    for (let s = 0; s < faintXY.length; s += 3) sprites.drawGlyph(to, faintXY[s], true, faintXY[s + 1], faintXY[s + 2], R, theme.lineW, theme.bg);
    for (let ci = 0; ci < perCat.length; ci++) {
      const xy = perCat[ci];
      for (let s = 0; s < xy.length; s += 2) sprites.drawGlyph(to, ci, false, xy[s], xy[s + 1], R, theme.lineW, theme.bg);
    }
    return;
  }
  ctx.lineWidth = theme.lineW;
  if (faintXY.length) {
    for (let s = 0; s < faintXY.length; s += 3) {
      const cat = CATEGORIES[faintXY[s]];
      ctx.beginPath();
      glyphPath(ctx, cat.shape, faintXY[s + 1], faintXY[s + 2], R);
      ctx.fillStyle = fade(cat.colour, 0.25);
      ctx.fill();
    }
  }
  CATEGORIES.forEach((cat, ci) => {
    const xy = perCat[ci];
    if (!xy.length) return;
    ctx.beginPath();
    for (let s = 0; s < xy.length; s += 2) glyphPath(ctx, cat.shape, xy[s], xy[s + 1], R);
    if (cat.shape === "ring") {
      ctx.fillStyle = theme.bg;
      ctx.fill();
      ctx.strokeStyle = cat.colour;
      ctx.lineWidth = theme.lineW * 2;
      ctx.stroke();
      ctx.lineWidth = theme.lineW;
    } else {
      ctx.fillStyle = cat.colour;
      ctx.fill();
      ctx.strokeStyle = theme.bg;
      ctx.stroke();
    }
  });
}

/** Child seen (a tick under the glyph) and not seen (a cross), and rings round the selected
 * flag's evidence: one path each. */
export function seenMarks(fr: Frame) {
  const { ctx, model, theme, marks, R, activeFlag, sprites } = fr;
  const lineW = Math.max(1.25, theme.lineW);
  ctx.lineWidth = lineW;
  for (const [bit, colour] of [
    [BIT_SEEN, "#1d6b3a"],
    [BIT_NOT_SEEN, "#a4262c"],
  ] as const) {
    ctx.beginPath();
    let any = false;
    const key = `seen${bit}\u0000${R}\u0000${lineW}`;
    for (let m = 0; m < marks.count; m++) {
      const i = marks.item[m];
      if (i < 0 || !(model.bits[i] & bit)) continue;
      const x = marks.x[m],
        y = marks.y[m] + R + 4;
      if (sprites)
        sprites.drawMark(ctx as unknown as CanvasRenderingContext2D, key, R + lineW + 1, x, y, (c) => {
          c.beginPath();
          seenPath(c, bit === BIT_SEEN, 0, 0, R);
          c.lineWidth = lineW;
          c.strokeStyle = colour;
          c.stroke();
        });
      else {
        any = true;
        seenPath(ctx, bit === BIT_SEEN, x, y, R);
      }
    }
    if (any) {
      ctx.strokeStyle = colour;
      ctx.stroke();
    }
  }
  if (activeFlag) {
    // Rings round the selected flag's evidence only (every flagged entry ringed was clutter).
    const evidence = new Set(activeFlag.items);
    ctx.beginPath();
    let any = false;
    for (let m = 0; m < marks.count; m++) {
      const i = marks.item[m];
      if (i < 0 || !(model.bits[i] & BIT_FLAGGED) || !evidence.has(i)) continue;
      ctx.moveTo(marks.x[m] + R + 3.5, marks.y[m]);
      ctx.arc(marks.x[m], marks.y[m], R + 3.5, 0, Math.PI * 2);
      any = true;
    }
    if (any) {
      ctx.strokeStyle = (FLAG_STYLES[activeFlag.kind] ?? FLAG_STYLES.lost_transfer).colour;
      ctx.lineWidth = 1.5;
      ctx.stroke();
    }
  }
}

/** A tick (seen) or a cross (not seen) centred near (x, y), added to the current path. */
function seenPath(p: Pen, seen: boolean, x: number, y: number, R: number) {
  if (seen) {
    p.moveTo(x - R * 0.6, y + R * 0.2);
    p.lineTo(x - R * 0.1, y + R * 0.7);
    p.lineTo(x + R * 0.7, y - R * 0.3);
  } else {
    p.moveTo(x - R * 0.5, y - R * 0.3);
    p.lineTo(x + R * 0.5, y + R * 0.7);
    p.moveTo(x + R * 0.5, y - R * 0.3);
    p.lineTo(x - R * 0.5, y + R * 0.7);
  }
}
