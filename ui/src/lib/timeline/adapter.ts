// From the review's data (entries, overview, the core's TimelineData) to the renderer's
// input, every label passed through `clean` (the core's pseudonymiser unless real names are
// shown: see names.svelte.ts), and the filters the toolbar offers.
import type { Entry, KnownTo, ReviewOverview, TimelineData } from "../../bindings";
import { eventDateText } from "../format";
import type { ItemInput, TimelineInput } from "./model";
import { dayOf, fractionOf } from "./time";

/** Every text the timeline draws or announces, for the core to pseudonymise in one go
 *  (`names.svelte.ts`); with `searchable`, also the text the filter searches. */
export function timelineTexts(entries: Entry[], o: ReviewOverview, data: TimelineData, searchable = false): string[] {
  const texts: string[] = o.agencies.map((a) => a.name);
  for (const e of entries) {
    texts.push(e.summary);
    if (searchable) texts.push(e.detail, e.outcome, e.comment, ...e.tags);
  }
  for (const k of data.kpes) texts.push(k.title, k.what_happened);
  for (const f of data.flags) texts.push(f.explanation, f.rationale);
  return texts;
}

/** " → Police, HV": the agencies an entry went to, for its label and tooltip ("" for none). */
export function receiversText(e: Pick<Entry, "to_agencies">, short: Map<string, string>): string {
  const names = e.to_agencies.map((a) => short.get(a)).filter((n): n is string => !!n);
  return names.length ? ` → ${names.join(", ")}` : "";
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

export function timelineInput(entries: Entry[], o: ReviewOverview, data: TimelineData, clean: (text: string) => string): TimelineInput {
  const short = new Map(o.agencies.map((a) => [a.id, a.short_name]));
  return {
    lanes: o.agencies.map((a) => ({ id: a.id, label: a.short_name, name: clean(a.name), colour: a.colour })),
    groups: data.groups.map((g) => ({ id: g.area ?? "none", name: g.name, lanes: g.agencies })),
    items: entries.map((e) => ({
      id: e.id,
      lane: e.agency,
      ...placement(e),
      kind: e.kind,
      label: (e.summary ? clean(e.summary) : eventDateText(e.date)) + receiversText(e, short),
      seen: e.child_seen,
      to: e.to_agencies[0] ?? null,
    })),
    links: data.links.map((l) => ({ id: l.id, from: l.from, to: l.to, kind: l.kind })),
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
      const hay = [e.summary, e.detail, e.outcome, e.comment, ...e.tags].map(clean).join(" ").toLowerCase();
      if (!words.every((w) => hay.includes(w))) return false;
    }
    return true;
  };
}
