import { describe, expect, it } from "vitest";
import { distanceToLink, pointOnLink } from "./layer-links";
import { layout } from "./layout";
import { TimelineModel } from "./model";
import { draw, initialDrawState, Marks } from "./render";
import { SvgContext } from "./svg";
import { synthetic } from "./synthetic";
import { NORMAL } from "./theme";

describe("links picked on the timeline", () => {
  const input = synthetic(3000, 10, 5);
  input.links = input.links.map((l, k) => ({ ...l, id: `L${k}` }));
  const m = new TimelineModel(input);
  const lay = layout(m, { collapsed: new Set(), available: 900, minLaneH: 40, maxLaneH: 96, groupH: 22 });
  const view = { t0: m.min + (m.max - m.min) * 0.4, pxPerDay: 40, width: 1600, height: 1000, scrollY: 0 };

  it("records each link drawn whole, so a point on its arrow finds it and a point off it does not", () => {
    const marks = new Marks();
    draw(new SvgContext(1600, 1000), m, lay, view, NORMAL, initialDrawState(), marks);
    expect(marks.links.length).toBeGreaterThan(0);
    const l = marks.links[0];
    const mid = pointOnLink(l.p, l.q, NORMAL.glyphR, 0.5);
    expect(distanceToLink(mid[0], mid[1], l.p, l.q, NORMAL.glyphR)).toBeLessThan(0.5);
    expect(distanceToLink(mid[0], mid[1] + 40, l.p, l.q, NORMAL.glyphR)).toBeGreaterThan(5);
    // With links hidden, none is recorded (none can be picked).
    const hidden = new Marks();
    draw(new SvgContext(1600, 1000), m, lay, view, NORMAL, { ...initialDrawState(), showLinks: false }, hidden);
    expect(hidden.links).toHaveLength(0);
  });

  it("draws the picked link again, heavier, in the selection's colour", () => {
    const marks = new Marks();
    const plain = new SvgContext(1600, 1000);
    draw(plain, m, lay, view, NORMAL, initialDrawState(), marks);
    const picked = new SvgContext(1600, 1000);
    draw(picked, m, lay, view, NORMAL, { ...initialDrawState(), link: marks.links[0].id }, new Marks());
    const heavy = `stroke="${NORMAL.select}" stroke-width="${NORMAL.lineW * 3}"`;
    expect(plain.toString()).not.toContain(heavy);
    expect(picked.toString()).toContain(heavy);
  });
});
