// From the review's data (entries, overview, the core's TimelineData) to the renderer's
// input, with pseudonyms applied to every label unless real names are asked for, and the
// filters the toolbar offers.
import type { Entry, KnownTo, ReviewOverview, TimelineData } from "../../bindings";
import { eventDateText } from "../format";
import type { ItemInput, TimelineInput } from "./model";
import { dayOf, fractionOf } from "./time";

/** Replaces real names and their aliases with pseudonyms ("Mother", "SW1"). */
export function pseudonymiser(people: ReviewOverview["people"]): (text: string) => string {
  const pairs: [string, string][] = [];
  for (const p of people) {
    for (const name of [p.real_name ?? "", ...p.aliases]) {
      const n = name.trim();
      if (n.length >= 2) pairs.push([n, p.label]);
      // A full name also hides its parts when they are names on their own ("Jane", "Smith").
      if (name === p.real_name) for (const part of n.split(/\s+/)) if (part.length >= 3 && n.includes(" ")) pairs.push([part, p.label]);
    }
  }
  if (!pairs.length) return (t) => t;
  pairs.sort((a, b) => b[0].length - a[0].length);
  const map = new Map(pairs.map(([n, l]) => [n.toLowerCase(), l]));
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const re = new RegExp(`(?<![\\p{L}\\p{N}])(${pairs.map(([n]) => escape(n)).join("|")})(?![\\p{L}\\p{N}])`, "giu");
  return (t) => t.replace(re, (m) => map.get(m.toLowerCase()) ?? m);
}

/** Where an entry sits on the time axis: a point for a day or a time, a span for anything vaguer. */
export function placement(e: Entry): Pick<ItemInput, "start" | "end" | "approximate"> {
  const d = e.date;
  if (d.precision === "time") {
    const t = dayOf(d.start) + fractionOf(d.time);
    return { start: t, end: e.ends_on ? dayOf(e.ends_on) + 1 : t, approximate: d.approximate };
  }
  if (d.precision === "day") {
    const t = dayOf(d.start) + 0.5;
    return { start: e.ends_on ? t - 0.5 : t, end: e.ends_on ? dayOf(e.ends_on) + 1 : t, approximate: d.approximate };
  }
  return { start: dayOf(d.start), end: Math.max(dayOf(d.end) + 1, e.ends_on ? dayOf(e.ends_on) + 1 : 0), approximate: true };
}

export function timelineInput(entries: Entry[], o: ReviewOverview, data: TimelineData, realNames: boolean): TimelineInput {
  const clean = realNames ? (t: string) => t : pseudonymiser(o.people);
  const short = new Map(o.agencies.map((a) => [a.id, a.short_name]));
  return {
    lanes: o.agencies.map((a) => ({ id: a.id, label: a.short_name, name: clean(a.name), colour: a.colour })),
    groups: data.groups.map((g) => ({ id: g.area ?? "none", name: g.name, lanes: g.agencies })),
    items: entries.map((e) => ({
      id: e.id,
      lane: e.agency,
      ...placement(e),
      kind: e.kind,
      label: clean(e.summary || eventDateText(e.date)) + (e.to_agency && short.get(e.to_agency) ? ` → ${short.get(e.to_agency)}` : ""),
      seen: e.child_seen,
      to: e.to_agency,
    })),
    links: data.links.map((l) => ({ from: l.from, to: l.to, kind: l.kind })),
    bands: data.kpes.map((k) => ({ id: k.id, number: k.number, title: clean(k.title), from: dayOf(k.starts_on), to: dayOf(k.ends_on), entries: k.entries })),
    flags: data.flags.map((f) => ({
      id: f.id,
      kind: f.kind,
      from: dayOf(f.starts_on),
      to: dayOf(f.ends_on),
      evidence: f.evidence,
      status: f.status,
      current: f.current,
      explanation: clean(f.explanation),
    })),
    unseen: data.unseen.map((u) => ({ from: dayOf(u.from), to: dayOf(u.to), days: u.days })),
  };
}

export interface Filters {
  agencies: Set<string>; // empty: all
  categories: Set<number>; // empty: all
  person: string; // "" : anyone
  text: string;
  from: string | null; // yyyy-mm-dd
  to: string | null;
  flaggedOnly: boolean;
  known: KnownTo | null;
}

export function emptyFilters(): Filters {
  return { agencies: new Set(), categories: new Set(), person: "", text: "", from: null, to: null, flaggedOnly: false, known: null };
}

export function isFiltering(f: Filters): boolean {
  return f.agencies.size > 0 || f.categories.size > 0 || !!f.person || !!f.text.trim() || !!f.from || !!f.to || f.flaggedOnly || !!f.known;
}

/** A predicate on entries for the filters; `flagged` holds the ids of entries flags rest on. */
export function entryFilter(f: Filters, categoryOf: (kind: string) => number, flagged: Set<string>, clean: (t: string) => string): (e: Entry) => boolean {
  const words = f.text.toLowerCase().split(/\s+/).filter(Boolean);
  const known = f.known ? new Set(f.known.entries.map((k) => k.entry)) : null;
  const fromDay = f.from ? dayOf(f.from) : -Infinity;
  const toDay = f.to ? dayOf(f.to) + 1 : Infinity;
  return (e) => {
    if (known && !known.has(e.id)) return false;
    if (f.agencies.size && !f.agencies.has(e.agency)) return false;
    if (f.categories.size && !f.categories.has(categoryOf(e.kind))) return false;
    if (f.person && !e.people.some((p) => p.person === f.person)) return false;
    if (f.flaggedOnly && !flagged.has(e.id)) return false;
    if (dayOf(e.date.end) + 1 <= fromDay || dayOf(e.date.start) >= toDay) return false;
    if (words.length) {
      const hay = clean(`${e.summary} ${e.detail} ${e.outcome} ${e.comment} ${e.tags.join(" ")}`).toLowerCase();
      if (!words.every((w) => hay.includes(w))) return false;
    }
    return true;
  };
}
