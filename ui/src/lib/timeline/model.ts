// The timeline's data in the shape the renderer wants: entries as typed arrays indexed by
// lane and sorted by time, so that drawing a frame touches only what is in view (binary
// search per lane), whatever the number of entries.
import { categoryOf } from "./glyphs";

export interface LaneInput {
  id: string;
  /** Short label drawn in the gutter ("NB CSC"). */
  label: string;
  /** Full name (tooltips, screen reader). */
  name: string;
  colour: string;
}
export interface GroupInput {
  id: string;
  name: string;
  lanes: string[];
}
export interface ItemInput {
  id: string;
  lane: string;
  /** Days since 01/01/1970: where the event starts (or the point it happened). */
  start: number;
  /** Where it ends; equal to `start` for a point in time. */
  end: number;
  kind: string;
  label: string;
  /** The span is the uncertainty of the date, not a duration. */
  approximate: boolean;
  seen: "yes" | "no" | "unknown";
  /** Receiving lane, for hand-overs. */
  to?: string | null;
}
export interface LinkInput {
  /** The link's id in the review (absent for synthetic data). */
  id?: string;
  from: string;
  to: string;
  kind: string;
}
export interface BandInput {
  id: string;
  number: number;
  title: string;
  from: number;
  to: number;
  entries: string[];
}
export interface FlagInput {
  id: string;
  kind: string;
  from: number;
  to: number;
  evidence: string[];
  status: string;
  current: boolean;
  explanation: string;
}
export interface UnseenInput {
  from: number;
  to: number;
  days: number;
}
export interface TimelineInput {
  lanes: LaneInput[];
  groups: GroupInput[];
  items: ItemInput[];
  links: LinkInput[];
  bands: BandInput[];
  flags: FlagInput[];
  unseen: UnseenInput[];
}

export const BIT_APPROX = 1;
export const BIT_SEEN = 2;
export const BIT_NOT_SEEN = 4;
export const BIT_FLAGGED = 8;
export const BIT_SPAN = 16;

export interface Link {
  id: string;
  from: number;
  to: number;
  kind: string;
}
export interface Flag extends FlagInput {
  items: number[];
  /** The lane the flag is drawn in (its first evidence entry's). */
  lane: number;
  /** For lost transfers: the lane that should have answered. */
  toLane: number;
}

export class TimelineModel {
  readonly n: number;
  readonly ids: string[];
  readonly index = new Map<string, number>();
  readonly start: Float64Array;
  readonly end: Float64Array;
  readonly lane: Int32Array;
  readonly cat: Uint8Array;
  readonly bits: Uint8Array;
  readonly labels: string[];
  readonly kinds: string[];
  readonly toLane: Int32Array;
  readonly lanes: LaneInput[];
  readonly laneIndex = new Map<string, number>();
  readonly groups: { id: string; name: string; lanes: number[] }[];
  /** Per lane: its items' indices sorted by start, and those starts. */
  readonly byLane: Int32Array[];
  readonly laneStarts: Float64Array[];
  /** Per lane: the longest span, so a search by start never misses a long span in view. */
  readonly laneMaxSpan: Float64Array;
  /** Per lane: its items sorted by where they are drawn (the middle of their span), and those
   * positions, so the items in view come out in screen order with two binary searches. */
  readonly byLaneAt: Int32Array[] = [];
  readonly laneAts: Float64Array[] = [];
  /** Per lane: only its items that last or have an uncertain date, sorted by start. */
  readonly spanItems: Int32Array[] = [];
  readonly spanStarts: Float64Array[] = [];
  readonly links: Link[];
  readonly bands: BandInput[];
  readonly flags: Flag[];
  readonly unseen: UnseenInput[];
  readonly min: number;
  readonly max: number;
  /** 1 where the item passes the current filters. */
  shown: Uint8Array;
  shownCount: number;

  constructor(input: TimelineInput) {
    this.lanes = input.lanes;
    for (const [i, l] of input.lanes.entries()) this.laneIndex.set(l.id, i);
    const grouped = new Set<string>();
    this.groups = input.groups.map((g) => {
      for (const l of g.lanes) grouped.add(l);
      return { id: g.id, name: g.name, lanes: g.lanes.map((l) => this.laneIndex.get(l)!).filter((i) => i !== undefined) };
    });
    const loose = input.lanes.map((_, i) => i).filter((i) => !grouped.has(input.lanes[i].id));
    if (loose.length) this.groups.push({ id: "other", name: "Other agencies", lanes: loose });

    const items = input.items.filter((it) => this.laneIndex.has(it.lane));
    this.n = items.length;
    const n = this.n;
    this.ids = new Array(n);
    this.start = new Float64Array(n);
    this.end = new Float64Array(n);
    this.lane = new Int32Array(n);
    this.cat = new Uint8Array(n);
    this.bits = new Uint8Array(n);
    this.toLane = new Int32Array(n).fill(-1);
    this.labels = new Array(n);
    this.kinds = new Array(n);
    let min = Infinity,
      max = -Infinity;
    for (let i = 0; i < n; i++) {
      const it = items[i];
      this.ids[i] = it.id;
      this.index.set(it.id, i);
      this.start[i] = it.start;
      this.end[i] = Math.max(it.start, it.end);
      this.lane[i] = this.laneIndex.get(it.lane)!;
      this.cat[i] = categoryOf(it.kind);
      this.kinds[i] = it.kind;
      this.labels[i] = it.label;
      let b = 0;
      if (it.approximate) b |= BIT_APPROX;
      if (it.end > it.start) b |= BIT_SPAN;
      if (it.seen === "yes") b |= BIT_SEEN;
      if (it.seen === "no") b |= BIT_NOT_SEEN;
      this.bits[i] = b;
      if (it.to) this.toLane[i] = this.laneIndex.get(it.to) ?? -1;
      if (it.start < min) min = it.start;
      if (this.end[i] > max) max = this.end[i];
    }
    if (!Number.isFinite(min)) {
      const today = Math.floor(Date.now() / 86_400_000);
      min = today - 365;
      max = today;
    }
    this.min = min;
    this.max = Math.max(max, min + 1);

    const L = input.lanes.length;
    const counts = new Int32Array(L);
    for (let i = 0; i < n; i++) counts[this.lane[i]]++;
    this.byLane = [];
    this.laneStarts = [];
    this.laneMaxSpan = new Float64Array(L);
    const fill = new Int32Array(L);
    for (let l = 0; l < L; l++) this.byLane.push(new Int32Array(counts[l]));
    for (let i = 0; i < n; i++) {
      const l = this.lane[i];
      this.byLane[l][fill[l]++] = i;
      const span = this.end[i] - this.start[i];
      if (span > this.laneMaxSpan[l]) this.laneMaxSpan[l] = span;
    }
    for (let l = 0; l < L; l++) {
      const order = this.byLane[l];
      order.sort((a, b) => this.start[a] - this.start[b] || a - b);
      // Entries on the same day with no time (placed at midday) are spread across their day,
      // in chronology order, so they separate when zoomed in.
      for (let k = 0; k < order.length; ) {
        const s0 = this.start[order[k]];
        let e = k + 1;
        while (e < order.length && this.start[order[e]] === s0) e++;
        if (e - k > 1 && s0 - Math.floor(s0) === 0.5) {
          for (let q = k; q < e; q++) {
            const i = order[q];
            if (this.end[i] !== s0) continue;
            const at = Math.floor(s0) + (q - k + 1) / (e - k + 1);
            this.start[i] = at;
            this.end[i] = at;
          }
        }
        k = e;
      }
      order.sort((a, b) => this.start[a] - this.start[b] || a - b);
      const starts = new Float64Array(order.length);
      for (let k = 0; k < order.length; k++) starts[k] = this.start[order[k]];
      this.laneStarts.push(starts);
      const byAt = Int32Array.from(order).sort((a, b) => this.at(a) - this.at(b) || a - b);
      this.byLaneAt.push(byAt);
      this.laneAts.push(Float64Array.from(byAt, (i) => this.at(i)));
      const spans = order.filter((i) => this.end[i] > this.start[i]);
      this.spanItems.push(spans);
      this.spanStarts.push(Float64Array.from(spans, (i) => this.start[i]));
    }

    this.links = [];
    for (const link of input.links) {
      const from = this.index.get(link.from),
        to = this.index.get(link.to);
      if (from !== undefined && to !== undefined) this.links.push({ id: link.id ?? "", from, to, kind: link.kind });
    }
    this.bands = [...input.bands].sort((a, b) => a.from - b.from);
    this.flags = input.flags.map((f) => {
      const its = f.evidence.map((e) => this.index.get(e)).filter((i): i is number => i !== undefined);
      for (const i of its) this.bits[i] |= BIT_FLAGGED;
      const first = its[0];
      return {
        ...f,
        items: its,
        lane: first !== undefined ? this.lane[first] : -1,
        toLane: first !== undefined ? this.toLane[first] : -1,
      };
    });
    this.unseen = input.unseen;
    this.shown = new Uint8Array(n).fill(1);
    this.shownCount = n;
  }

  /** Keeps only the items for which `keep` is true (null: all of them). */
  filter(keep: ((i: number) => boolean) | null) {
    let count = 0;
    for (let i = 0; i < this.n; i++) {
      const v = keep ? (keep(i) ? 1 : 0) : 1;
      this.shown[i] = v;
      count += v;
    }
    this.shownCount = count;
  }

  /** The range `[lo, hi)` of positions in lane `l`'s sorted order that can overlap days `from..to`. */
  range(l: number, from: number, to: number): [number, number] {
    const starts = this.laneStarts[l];
    return [lowerBound(starts, from - this.laneMaxSpan[l]), lowerBound(starts, to + 1e-9)];
  }

  /** The items in lane `l` that overlap days `from..to` and pass the filters. */
  itemsIn(l: number, from: number, to: number): number[] {
    const [lo, hi] = this.range(l, from, to);
    const out: number[] = [];
    const order = this.byLane[l];
    for (let k = lo; k < hi; k++) {
      const i = order[k];
      if (this.shown[i] && this.end[i] >= from) out.push(i);
    }
    return out;
  }

  /** Where an item is drawn: the middle of its span. */
  at(i: number): number {
    return (this.start[i] + this.end[i]) / 2;
  }
}

/** The first position in sorted `a` whose value is >= `x`. */
export function lowerBound(a: Float64Array, x: number): number {
  let lo = 0,
    hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
