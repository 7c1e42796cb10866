import { describe, expect, it } from "vitest";
import { placement, entryFilter, emptyFilters, timelineInput, timelineTexts } from "./adapter";
import { categoryOf, CATEGORIES } from "./glyphs";
import { layout, rowAt } from "./layout";
import { TimelineModel, lowerBound } from "./model";
import { draw, initialDrawState, Marks, type DrawState } from "./render";
import { SvgContext } from "./svg";
import { synthetic } from "./synthetic";
import { contrast, NORMAL, PRESENTATION } from "./theme";
import { ticks } from "./ticks";
import { dayOf, isoOf, ukDay } from "./time";
import { drawExport, MIN_PAGE_PX_PER_DAY, SIZES, type ExportSize } from "./export";
import { fitted } from "./render";
import { widthOf } from "./text";
import { wrapped } from "./text";
import { approximateWidth } from "./svg";

const state = (): DrawState => initialDrawState();

describe("time", () => {
  it("round-trips ISO days and prints them the UK way", () => {
    expect(isoOf(dayOf("2019-03-12"))).toBe("2019-03-12");
    expect(ukDay(dayOf("2019-03-12") + 0.9)).toBe("12/03/2019");
  });
});

describe("ticks", () => {
  const cases: [string, string, number, string, string[], string[]][] = [
    // from, to, px per day, unit, first minor labels, first major labels
    ["2019-03-11", "2019-03-13", 24 * 80, "1h", ["00:00", "01:00"], ["Mon 11/03/2019", "Tue 12/03/2019"]],
    ["2019-03-01", "2019-03-20", 80, "1d", ["Fri 1", "Sat 2"], ["March 2019"]],
    ["2019-01-01", "2019-12-31", 3, "1m", ["Jan", "Feb"], ["2019"]],
    ["2010-01-01", "2019-12-31", 0.3, "1y", ["2010", "2011"], ["2000s"]],
    ["1950-01-01", "2019-12-31", 0.01, "20y", ["1940", "1960"], ["1900s"]],
  ];
  for (const [from, to, px, unit, minor, major] of cases) {
    it(`${from}..${to} at ${px} px/day uses ${unit}`, () => {
      const t = ticks(dayOf(from), dayOf(to), px, 64);
      expect(t.unit).toBe(unit);
      expect(t.minor.slice(0, minor.length).map((x) => x.label)).toEqual(minor);
      expect(t.major.slice(0, major.length).map((x) => x.label)).toEqual(major);
    });
  }
  it("keeps fine ticks at least the minimum gap apart", () => {
    for (const px of [0.02, 0.5, 2, 9, 40, 300, 3000]) {
      const t = ticks(dayOf("2015-01-01"), dayOf("2016-01-01"), px, 64);
      for (let i = 1; i < Math.min(t.minor.length, 200); i++) expect((t.minor[i].day - t.minor[i - 1].day) * px).toBeGreaterThanOrEqual(64 * 0.45);
    }
  });
});

describe("model", () => {
  const input = synthetic(2000, 5, 3);
  const m = new TimelineModel(input);
  it("indexes every item in its lane, sorted by start", () => {
    expect(m.byLane.reduce((n, a) => n + a.length, 0)).toBe(2000);
    for (const starts of m.laneStarts) for (let k = 1; k < starts.length; k++) expect(starts[k]).toBeGreaterThanOrEqual(starts[k - 1]);
  });
  it("finds exactly the items overlapping a window (same as a full scan)", () => {
    const from = dayOf("2016-05-01"),
      to = dayOf("2016-07-01");
    for (let l = 0; l < 5; l++) {
      const fast = m.itemsIn(l, from, to).sort((a, b) => a - b);
      const slow: number[] = [];
      for (let i = 0; i < m.n; i++) if (m.lane[i] === l && m.end[i] >= from && m.start[i] <= to) slow.push(i);
      expect(fast).toEqual(slow);
    }
  });
  it("filters without losing the index", () => {
    m.filter((i) => m.cat[i] === 0);
    expect(m.shownCount).toBe([...m.cat].filter((c) => c === 0).length);
    m.filter(null);
    expect(m.shownCount).toBe(2000);
  });
  it("lowerBound finds the first value not below x", () => {
    const a = new Float64Array([1, 2, 2, 5]);
    expect([0, 1, 2, 3, 6].map((x) => lowerBound(a, x))).toEqual([0, 0, 1, 3, 4]);
  });
  it("groups lanes and puts loose lanes last", () => {
    const lay = layout(m, { collapsed: new Set(["A"]), available: 600, minLaneH: 40, maxLaneH: 90, groupH: 22 });
    expect(lay.rows.filter((r) => r.kind === "lane").map((r) => r.index)).toEqual([3, 4]);
    expect(lay.laneY[0]).toBe(-1);
    expect(rowAt(lay, 23)?.kind).toBe("group");
    expect(rowAt(lay, 50)).toMatchObject({ kind: "lane", index: 3 });
  });
  it("squeezes lanes down to fitLaneH so that every lane shows without scrolling, and no further", () => {
    // 5 lanes in 2 groups (2 headings of 30): at 36 px they need 240 px.
    const o = { collapsed: new Set<string>(), minLaneH: 36, maxLaneH: 130, groupH: 30 };
    const squeezed = layout(m, { ...o, available: 200, fitLaneH: 27 });
    expect(squeezed.height).toBeLessThanOrEqual(200);
    expect(squeezed.laneH).toBe(28);
    // Too little room even at fitLaneH: lanes keep minLaneH and the view scrolls.
    const scrolled = layout(m, { ...o, available: 150, fitLaneH: 27 });
    expect(scrolled.laneH).toBe(36);
    // Without fitLaneH, nothing is squeezed.
    expect(layout(m, { ...o, available: 200 }).laneH).toBe(36);
    // Room to spare: lanes grow as before.
    expect(layout(m, { ...o, available: 600, fitLaneH: 27 }).laneH).toBe(108);
  });
});

describe("drawing", () => {
  const m = new TimelineModel(synthetic(5000, 20, 11));
  const lay = layout(m, { collapsed: new Set(), available: 900, minLaneH: 40, maxLaneH: 96, groupH: 22 });
  it("clusters when zoomed out and draws single glyphs when zoomed in, never both for one item", () => {
    const ctx = new SvgContext(1600, 1000);
    const marks = new Marks();
    draw(ctx, m, lay, { t0: m.min, pxPerDay: 1500 / (m.max - m.min), width: 1600, height: 1000, scrollY: 0 }, NORMAL, state(), marks);
    expect(marks.clusters.length).toBeGreaterThan(0);
    const inClusters = marks.clusters.reduce((n, c) => n + c.n, 0);
    const singles = [...marks.item.slice(0, marks.count)].filter((i) => i >= 0).length;
    expect(inClusters + singles).toBeLessThanOrEqual(m.n);
    const zoomed = new Marks();
    draw(new SvgContext(1600, 1000), m, lay, { t0: dayOf("2016-03-01"), pxPerDay: 600, width: 1600, height: 1000, scrollY: 0 }, NORMAL, state(), zoomed);
    const ids = [...zoomed.item.slice(0, zoomed.count)];
    // Zoomed in, only entries drawn on the very same spot still cluster.
    expect(ids.filter((i) => i >= 0).length).toBeGreaterThan(10 * zoomed.clusters.length);
    for (const c of zoomed.clusters) expect(c.x1 - c.x0).toBeLessThan(NORMAL.glyphR * 6);
    expect(new Set(ids).size).toBe(ids.length);
  });
  it("keeps the same clusters while the view pans, filtered or not (they are anchored to the time axis)", () => {
    const clustersOf = (t0: number, pxPerDay: number) => {
      const marks = new Marks();
      draw(new SvgContext(1600, 1000), m, lay, { t0, pxPerDay, width: 1600, height: 1000, scrollY: 0 }, NORMAL, state(), marks);
      return { t0, t1: t0 + (1600 - NORMAL.gutter) / pxPerDay, list: marks.clusters };
    };
    for (const filtered of [false, true]) {
      m.filter(filtered ? (i) => i % 3 !== 0 : null);
      let compared = 0;
      for (const pxPerDay of [2.5, 6, 15]) {
        const start = m.min + (m.max - m.min) * 0.3;
        const base = clustersOf(start, pxPerDay);
        for (const shift of [0.37, 3.1, 23.6, 120.2]) {
          const moved = clustersOf(start + shift, pxPerDay);
          // Clusters that end inside both views, away from the right edge: the same, even the
          // ones the moved view's left edge cuts through.
          const margin = 60 / pxPerDay;
          const key = (v: typeof base) =>
            v.list
              .filter((c) => c.to > moved.t0 && c.to < base.t1 - margin)
              .map((c) => `${c.lane}:${c.from}:${c.to}:${c.n}`)
              .sort();
          const [a, b] = [key(base), key(moved)];
          expect(b).toEqual(a);
          compared += a.length;
        }
      }
      expect(compared).toBeGreaterThan(100);
    }
    m.filter(null);
  });
  it("draws crowded clusters as density bars zoomed out, and numbered boxes where there is room", () => {
    const big = new TimelineModel(synthetic(10000, 20, 7));
    const bigLay = layout(big, { collapsed: new Set(), available: 900, minLaneH: 40, maxLaneH: 96, groupH: 22 });
    const at = (t0: number, pxPerDay: number) => {
      const ctx = new SvgContext(1600, 1000);
      const marks = new Marks();
      draw(ctx, big, bigLay, { t0, pxPerDay, width: 1600, height: 1000, scrollY: 0 }, NORMAL, state(), marks);
      return { svg: ctx.toString(), clusters: marks.clusters.length };
    };
    // The whole range: hundreds of clusters, drawn as bars (no numbered boxes), still hit-testable.
    const out = at(big.min, 1476 / (big.max - big.min));
    expect(out.clusters).toBeGreaterThan(200);
    expect(out.svg).not.toContain("#dfe5eb");
    // A few weeks: the odd cluster, drawn as a box with its count.
    const close = at(dayOf("2016-06-01"), 12);
    expect(close.clusters).toBeGreaterThan(0);
    expect(close.svg).toContain("#dfe5eb");
  });
  it("writes well-formed SVG with text escaped", () => {
    const input = synthetic(50, 3, 5);
    input.items[0].label = 'Mother said "no" & <left>';
    const m = new TimelineModel(input);
    const svg = drawExport(m, state(), {
      review: "Child R & co",
      what: "Review scope",
      from: m.min,
      to: m.max + 1,
      size: "a4-landscape",
      measure: approximateWidth,
    });
    expect(svg.svg).toContain("Mother said &quot;no&quot; &amp; &lt;left&gt;");
    expect(svg.svg.startsWith("<?xml")).toBe(true);
    const opens = (svg.svg.match(/<g /g) ?? []).length,
      closes = (svg.svg.match(/<\/g>/g) ?? []).length;
    expect(opens).toBe(closes);
    expect(svg.pages.length).toBeGreaterThanOrEqual(1);
    for (const p of svg.pages) expect(p).toContain(`width="1123" height="794"`);
  });
});

describe("exports for reports and slides", () => {
  const measure = approximateWidth;
  const model = () => new TimelineModel(synthetic(300, 4, 2, 4));
  it("draws each size at its size, a slide as one picture at the scale asked", () => {
    const m = model();
    for (const [size, s] of Object.entries(SIZES) as [ExportSize, (typeof SIZES)[ExportSize]][]) {
      const d = drawExport(m, state(), { review: "Review", what: "Review scope", from: m.min, to: m.max, size, measure });
      for (const p of d.pages) expect(p).toContain(`width="${s.width}" height="${s.height}"`);
      expect(d.scale).toBe(s.scale);
      if (!s.paged) expect(d.pages.length).toBe(1);
    }
    expect(SIZES["slide-4k"].width * SIZES["slide-4k"].scale).toBe(3840);
    expect(SIZES.slide.height * SIZES.slide.scale).toBe(1080);
  });
  it("cuts a period into equal pages at a readable scale, each with the title, period, 'pseudonymised' and a legend", () => {
    const m = model();
    const d = drawExport(m, state(), { review: "LCSPR Child R", what: "Review scope", from: m.min, to: m.max, size: "a4-portrait", measure });
    const plot = SIZES["a4-portrait"].width - NORMAL.gutter - 12;
    expect(d.pages.length).toBe(Math.ceil(((m.max - m.min) * MIN_PAGE_PX_PER_DAY) / plot));
    d.pages.forEach((p, k) => {
      expect(p).toContain("LCSPR Child R — multi-agency timeline");
      expect(p).toContain("pseudonymised");
      expect(p).toContain(`page ${k + 1} of ${d.pages.length}`);
      // The lanes are repeated on every page, and the legend is there.
      for (const lane of m.lanes) expect(p).toContain(`>${lane.label}<`);
      expect(p).toContain(CATEGORIES[0].label);
    });
  });
  it("leaves out pages with no entries on them", () => {
    const input = synthetic(40, 2, 1, 3);
    const m = new TimelineModel(input);
    // Three years after the last entry: nothing there.
    const d = drawExport(m, state(), { review: "R", what: "Dates", from: m.min, to: m.max + 3 * 365, size: "a4-landscape", measure });
    const all = Math.ceil(((m.max + 3 * 365 - m.min) * MIN_PAGE_PX_PER_DAY) / (SIZES["a4-landscape"].width - NORMAL.gutter - 12));
    expect(d.pages.length).toBeLessThan(all);
    expect(d.pages[d.pages.length - 1]).toContain(`of ${d.pages.length}`);
  });
  it("draws a slide in large type (20 px), with the KPEs of its period named in the legend", () => {
    const m = model();
    const band = m.bands[0];
    const d = drawExport(m, state(), { review: "R", what: `KPE ${band.number}`, from: band.from - 5, to: band.to + 5, size: "slide", measure });
    expect(d.svg).toContain(`font-size="20"`);
    expect(d.svg).toContain(`KPE ${band.number}: ${band.title}`);
  });
});

describe("labels", () => {
  const ctx = new SvgContext(100, 100, approximateWidth);
  const font = "12px sans-serif";
  it("fit whole words only, never cut mid-word", () => {
    const text = "Mum and baby seen at home by the health visitor";
    for (let w = 20; w < 400; w += 7) {
      const f = fitted(ctx, font, text, w);
      const words = f.text.replace(/…$/, "").split(" ").filter(Boolean);
      const full = text.split(" ");
      for (const [k, x] of words.entries()) expect(x).toBe(full[k]);
      expect(f.width).toBeLessThanOrEqual(Math.max(w, approximateWidth(font, "…")));
    }
    expect(fitted(ctx, font, text, 1000).text).toBe(text);
  });
  it("take the most words that fit, and measure each cut once however often the room changes", () => {
    let measured = 0;
    const counting = new SvgContext(100, 100, (f, t) => {
      measured++;
      return approximateWidth(f, t);
    });
    const text = "Strategy discussion held with police, health and school: section 47 enquiry agreed";
    const words = text.split(" ");
    for (let pass = 0; pass < 3; pass++)
      for (let w = 10; w < 700; w += 3) {
        const f = fitted(counting, font, text, w);
        expect(f.width).toBeLessThanOrEqual(Math.max(w, approximateWidth(font, "…")));
        if (f.text === text) continue;
        // No whole-word cut one word longer would have fitted.
        const n = f.text === "…" ? 0 : f.text.replace(/…$/, "").split(" ").length;
        const longer = `${words
          .slice(0, n + 1)
          .join(" ")
          .replace(/[\s,;:–—-]+$/, "")}…`;
        expect(approximateWidth(font, longer)).toBeGreaterThan(w);
      }
    // The whole text, the ellipsis and one cut per word: nothing measured twice.
    expect(measured).toBeLessThanOrEqual(words.length + 2);
  });
});

describe("text widths", () => {
  // A measurer that kerns: a whole text is narrower than its characters side by side.
  const asked: string[] = [];
  const kerning = new SvgContext(100, 100, (f, t) => {
    asked.push(t);
    return approximateWidth(f, t) - 0.5 * Math.max(0, t.length - 1);
  });
  it("sum each character's advance, measured once, for Latin text: never narrower than the text", () => {
    const font = "11px TestSans";
    const texts = ["Home visit 12", "Siân's health visitor — no access", "Zoë seen alone 13", "GP: bruise (2cm) £40"];
    for (const t of texts) {
      const w = widthOf(kerning, font, t);
      expect(w).toBeCloseTo(approximateWidth(font, t), 6);
      expect(w).toBeGreaterThanOrEqual(approximateWidth(font, t) - 0.5 * (t.length - 1));
    }
    // Only single characters were measured, each once.
    expect(asked.every((t) => t.length === 1)).toBe(true);
    expect(new Set(asked).size).toBe(asked.length);
    expect(asked.length).toBe(new Set(texts.join("")).size);
  });
  it("measure text in other scripts whole (shaped, not summable)", () => {
    asked.length = 0;
    const t = "زيارة منزلية";
    widthOf(kerning, "11px TestSans", t);
    expect(asked).toEqual([t]);
  });
});

describe("KPE chips", () => {
  it("never overlap, whether KPEs overlap in time or start off screen together, and keep their number", () => {
    const input = synthetic(400, 4, 5);
    const at = input.bands[2].from;
    // Nested and overlapping episodes, and two that started before the view.
    input.bands = [
      { id: "A", number: 1, title: "Referral and strategy discussion", from: at, to: at + 40, entries: [] },
      { id: "B", number: 2, title: "Section 47 enquiry", from: at + 2, to: at + 20, entries: [] },
      { id: "C", number: 3, title: "Initial child protection conference", from: at + 3, to: at + 60, entries: [] },
      { id: "D", number: 4, title: "Before the view", from: at - 90, to: at + 10, entries: [] },
      { id: "E", number: 5, title: "Also before the view", from: at - 80, to: at + 5, entries: [] },
    ];
    const m = new TimelineModel(input);
    const lay = layout(m, { collapsed: new Set(), available: 600, minLaneH: 40, maxLaneH: 96, groupH: 22 });
    for (const px of [4, 12, 40]) {
      const ctx = new SvgContext(1524, 700, approximateWidth);
      draw(ctx, m, lay, { t0: at - 10, pxPerDay: px, width: 1524, height: 700, scrollY: 0 }, NORMAL, state(), new Marks());
      const svg = ctx.toString();
      const chips = [...svg.matchAll(new RegExp(`<rect x="([\\d.-]+)" y="[\\d.-]+" width="([\\d.]+)" height="[\\d.]+" fill="${NORMAL.bandChip}"`, "g"))].map(
        (r) => [Number(r[1]), Number(r[1]) + Number(r[2])],
      );
      expect(chips.length).toBeGreaterThanOrEqual(3);
      chips.sort((p, q) => p[0] - q[0]);
      for (let k = 1; k < chips.length; k++) expect(chips[k][0]).toBeGreaterThanOrEqual(chips[k - 1][1]);
      for (const n of [1, 2, 3]) if (chips.length >= 5 || px > 4) expect(svg).toContain(`KPE ${n}`);
    }
  });
});

describe("label wrapping", () => {
  const ctx = new SvgContext(100, 100, approximateWidth);
  const font = "12px sans-serif";
  it("breaks at spaces into lines that fit, never cutting a word, the last line cut at a word", () => {
    const text = "Strategy discussion held with police and health visitor about the referral";
    for (let w = 60; w < 400; w += 13) {
      const lines = wrapped(ctx, font, text, w, 2);
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.length).toBeLessThanOrEqual(2);
      for (const l of lines) expect(l.width).toBeLessThanOrEqual(Math.max(w, approximateWidth(font, "…")));
      const words = lines
        .map((l) => l.text)
        .join(" ")
        .replace(/…$/, "")
        .split(" ")
        .filter(Boolean);
      const full = text.split(" ");
      for (const [k, x] of words.entries()) expect(x).toBe(full[k]);
    }
    expect(wrapped(ctx, font, text, 2000, 2).map((l) => l.text)).toEqual([text]);
  });
  it("wraps a long entry label onto the row under the glyphs when its lane has room", () => {
    const input = synthetic(3, 1, 1);
    const long = "Home visit by the health visitor: mother and baby seen together, weighed, advice on sleep";
    input.items = input.items.map((it, k) => ({ ...it, start: k * 9, end: k * 9, label: long }));
    const m = new TimelineModel(input);
    const lay = layout(m, { collapsed: new Set(), available: 400, minLaneH: 96, maxLaneH: 96, groupH: 22 });
    const c = new SvgContext(900, 400, approximateWidth);
    draw(c, m, lay, { t0: -5, pxPerDay: 30, width: 900, height: 400, scrollY: 0 }, NORMAL, state(), new Marks());
    const texts = [...c.toString().matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((t) => t[1]);
    const first = texts.findIndex((t) => t.startsWith("Home visit by"));
    expect(first).toBeGreaterThanOrEqual(0);
    expect(texts[first]).not.toContain("…");
    expect(long.startsWith(texts[first])).toBe(true);
    const rest = long.slice(texts[first].length).trim();
    expect(texts.some((t) => t.length > 3 && rest.startsWith(t.replace(/…$/, "")))).toBe(true);
  });
});

describe("flags", () => {
  it("draw one labelled mark per flag shown, and none of a kind turned off", () => {
    const input = synthetic(800, 4, 2, 3);
    const m = new TimelineModel(input);
    expect(m.flags.length).toBeGreaterThan(1);
    const lay = layout(m, { collapsed: new Set(), available: 600, minLaneH: 40, maxLaneH: 96, groupH: 22 });
    const view = { t0: m.min - 5, pxPerDay: 1400 / (m.max - m.min + 10), width: 1524, height: 700, scrollY: 0 };
    const drawn = (s: DrawState) => {
      const marks = new Marks();
      draw(new SvgContext(1524, 700, approximateWidth), m, lay, view, NORMAL, s, marks);
      return marks.flags.map((f) => f.id);
    };
    const all = drawn(state());
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBe(m.flags.filter((f) => f.status !== "dismissed").length);
    const kind = m.flags[0].kind;
    const without = drawn({ ...state(), hiddenFlagKinds: new Set([kind]) });
    expect(without.length).toBe(all.length - m.flags.filter((f) => f.kind === kind && f.status !== "dismissed").length);
    expect(drawn({ ...state(), showFlags: false }).length).toBe(0);
  });
});

describe("adapter", () => {
  const people = [
    { id: "1", label: "Mother", real_name: "Jane Smith", aliases: ["Janey"], role: "", kind: "family", agency: null, date_of_birth: null },
    { id: "2", label: "SW1", real_name: "Ann Lee", aliases: [], role: "", kind: "practitioner", agency: "1", date_of_birth: null },
  ] as never;
  it("passes every label through the core's pseudonymiser, and asks it for each one", () => {
    const entry = {
      id: "1",
      agency: "1",
      kind: "home_visit",
      summary: "Jane Smith seen",
      detail: "Janey home",
      outcome: "",
      comment: "",
      tags: ["Ann"],
      people: [],
      to_agencies: [],
      child_seen: "yes",
      ends_on: null,
      date: { precision: "day", start: "2019-03-01", end: "2019-03-01", time: null, approximate: false },
    } as never;
    const o = { people, agencies: [{ id: "1", name: "Jane Smith's agency", short_name: "A", colour: "#000" }] } as never;
    const data = {
      groups: [],
      links: [],
      kpes: [{ id: "k", number: 1, title: "Ann Lee's visit", what_happened: "", starts_on: "2019-03-01", ends_on: "2019-03-02", entries: [] }],
      flags: [],
      unseen: [],
    } as never;
    // A stand-in for the core's answer: the drawing must use nothing else.
    const core = new Map([
      ["Jane Smith seen", "Mother seen"],
      ["Jane Smith's agency", "Mother's agency"],
      ["Ann Lee's visit", "SW1's visit"],
    ]);
    const input = timelineInput([entry], o, data, (t) => core.get(t) ?? "…");
    expect(input.items[0].label).toBe("Mother seen");
    expect(input.lanes[0].name).toBe("Mother's agency");
    expect(input.bands[0].title).toBe("SW1's visit");
    expect(timelineTexts([entry], o, data)).toEqual(expect.arrayContaining(["Jane Smith seen", "Jane Smith's agency", "Ann Lee's visit"]));
    expect(timelineTexts([entry], o, data)).not.toContain("Janey home");
    expect(timelineTexts([entry], o, data, true)).toEqual(expect.arrayContaining(["Janey home", "Ann"]));
  });
  it("places exact dates at the middle of their day and vague ones as spans", () => {
    const e = (precision: string, start: string, end: string, time: string | null = null) =>
      ({ date: { precision, start, end, time, approximate: false }, ends_on: null }) as never;
    expect(placement(e("day", "2019-03-12", "2019-03-12"))).toEqual({ start: dayOf("2019-03-12") + 0.5, end: dayOf("2019-03-12") + 0.5, approximate: false });
    expect(placement(e("time", "2019-03-12", "2019-03-12", "18:00:00")).start).toBe(dayOf("2019-03-12") + 0.75);
    expect(placement(e("month", "2019-03-01", "2019-03-31"))).toEqual({ start: dayOf("2019-03-01"), end: dayOf("2019-04-01"), approximate: true });
  });
  it("filters by agency, kind, text and date range together", () => {
    const entry = (id: string, agency: string, kind: string, start: string, summary: string) =>
      ({
        id,
        agency,
        kind,
        summary,
        detail: "",
        outcome: "",
        comment: "",
        tags: [],
        people: [],
        date: { precision: "day", start, end: start, time: null, approximate: false },
      }) as never;
    const es = [
      entry("1", "1", "referral", "2019-03-01", "Referral about alcohol"),
      entry("2", "2", "home_visit", "2019-03-05", "Visit"),
      entry("3", "1", "home_visit", "2019-04-05", "Alcohol again"),
    ];
    const f = { ...emptyFilters(), agencies: new Set(["1"]), text: "alcohol", from: "2019-03-01", to: "2019-03-31" };
    expect(es.filter(entryFilter(f, categoryOf, new Set(), (t) => t)).map((e: { id: string }) => e.id)).toEqual(["1"]);
    const g = { ...emptyFilters(), categories: new Set([categoryOf("home_visit")]) };
    expect(es.filter(entryFilter(g, categoryOf, new Set(), (t) => t)).map((e: { id: string }) => e.id)).toEqual(["2", "3"]);
    const h = { ...emptyFilters(), flaggedOnly: true };
    expect(es.filter(entryFilter(h, categoryOf, new Set(["3"]), (t) => t)).map((e: { id: string }) => e.id)).toEqual(["3"]);
  });
});

describe("themes", () => {
  it("presentation: labels of at least 24 px, and every text colour at WCAG AAA (7:1)", () => {
    expect(PRESENTATION.fontSize).toBeGreaterThanOrEqual(24);
    expect(PRESENTATION.smallSize).toBeGreaterThanOrEqual(24);
    const t = PRESENTATION;
    const pairs: [string, string][] = [
      [t.ink, t.bg],
      [t.ink, t.laneAlt],
      [t.ink, t.groupBg],
      [t.ink, t.bandChip],
      [t.inkSoft, t.bg],
      [t.inkSoft, t.laneAlt],
      [t.bandInk, t.bandChip],
      [t.bg, t.bandInk],
      [t.unseenInk, t.bg],
      ["#ffffff", t.focus],
      [t.ink, t.gutterBg],
      [t.ink, t.axisBg],
    ];
    for (const [fg, bg] of pairs) expect(contrast(fg, bg), `${fg} on ${bg}`).toBeGreaterThanOrEqual(7);
  });
  it("meet WCAG AA contrast for text on their backgrounds", () => {
    for (const t of [NORMAL, PRESENTATION]) {
      for (const [fg, bg] of [
        [t.ink, t.bg],
        [t.inkSoft, t.bg],
        [t.inkSoft, t.laneAlt],
        [t.ink, t.groupBg],
        [t.bandInk, t.bandChip],
        [t.bg, t.bandInk],
        [t.unseenInk, t.bg],
        ["#ffffff", t.focus],
        [t.ink, t.gutterBg],
      ])
        expect(contrast(fg, bg), `${t.name}: ${fg} on ${bg}`).toBeGreaterThanOrEqual(4.5);
    }
  });
  it("gives every entry kind a category", () => {
    expect(new Set(CATEGORIES.flatMap((c) => c.kinds)).size).toBe(29);
  });
});
