// Synthetic, fictional timelines for the benchmark page and tests: `n` entries over `lanes`
// agencies across a few years, with a realistic mix of kinds, approximate dates, links,
// KPEs, flags and unseen periods. Deterministic for a given seed.
import { CATEGORIES } from "./glyphs";
import type { TimelineInput } from "./model";
import { dayOf } from "./time";

function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

const WORDS = [
  "Home visit",
  "Referral",
  "Strategy discussion",
  "Missed appointment",
  "Information shared",
  "Concern raised",
  "Core group",
  "Assessment completed",
  "No access",
  "Police call-out",
  "GP appointment",
  "School contact",
  "Case transfer",
];

export function synthetic(n: number, lanes: number, seed = 7, years = 4): TimelineInput {
  const r = rng(seed);
  const start = dayOf("2015-01-01");
  const span = years * 365;
  const kinds = CATEGORIES.flatMap((c) => c.kinds);
  const laneIds = Array.from({ length: lanes }, (_, i) => `L${i}`);
  const items: TimelineInput["items"] = [];
  for (let i = 0; i < n; i++) {
    // Denser in bursts, as real cases are: a few crisis periods over a steady background.
    const burst = r() < 0.4 ? Math.floor(r() * 6) : -1;
    const day = burst >= 0 ? start + ((burst + 0.5) / 6) * span + (r() - 0.5) * 40 : start + r() * span;
    const d = Math.floor(day);
    const approx = r() < 0.08;
    const len = approx ? [10, 30, 90][Math.floor(r() * 3)] : 0;
    items.push({
      id: String(i + 1),
      lane: laneIds[Math.floor(r() * lanes)],
      start: approx ? d : d + 0.5,
      end: approx ? d + len : d + 0.5,
      kind: kinds[Math.floor(r() * kinds.length)],
      label: `${WORDS[i % WORDS.length]} ${i + 1}`,
      approximate: approx,
      seen: r() < 0.2 ? "yes" : r() < 0.1 ? "no" : "unknown",
      to: r() < 0.05 ? laneIds[Math.floor(r() * lanes)] : null,
    });
  }
  const links: TimelineInput["links"] = [];
  for (let k = 0; k < n / 20; k++) {
    const a = Math.floor(r() * n),
      b = Math.floor(r() * n);
    if (Math.abs(items[a].start - items[b].start) < 60) links.push({ from: items[a].id, to: items[b].id, kind: "responds_to" });
  }
  const bands = Array.from({ length: 6 }, (_, k) => {
    const from = start + ((k + 0.3) / 6) * span;
    return { id: `K${k + 1}`, number: k + 1, title: `Episode ${k + 1}`, from: Math.floor(from), to: Math.floor(from + 30), entries: [] };
  });
  const flags = Array.from({ length: Math.min(40, Math.ceil(n / 250)) }, (_, k) => {
    const a = items[Math.floor(r() * n)];
    const kind = ["lost_transfer", "missed_escalation", "delayed_response", "repeated_concern"][k % 4];
    return {
      id: `F${k}`,
      kind,
      from: Math.floor(a.start),
      to: Math.floor(a.start) + 12,
      evidence: [a.id],
      status: "open",
      current: true,
      explanation: "Synthetic flag",
    };
  });
  return {
    lanes: laneIds.map((id, i) => ({ id, label: `Agency ${i + 1}`, name: `Agency number ${i + 1}`, colour: CATEGORIES[i % CATEGORIES.length].colour })),
    groups: [
      { id: "A", name: "Area A", lanes: laneIds.slice(0, Math.ceil(lanes / 2)) },
      { id: "B", name: "Area B", lanes: laneIds.slice(Math.ceil(lanes / 2)) },
    ],
    items,
    links,
    bands,
    flags,
    unseen: [{ from: start + 200, to: start + 290, days: 91 }],
  };
}
