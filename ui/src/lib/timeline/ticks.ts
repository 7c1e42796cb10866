// Axis ticks from decades down to hours, labelled the UK way. Two rows: fine ticks with short
// labels ("12", "Mar", "14:00"), and a context row above them ("March 2019", "2019").
import { dateOf, LONG_MONTHS, MS_PER_DAY, pad, SHORT_MONTHS, WEEKDAYS } from "./time";

export interface Tick {
  day: number;
  label: string;
}

export interface Ticks {
  /** Fine ticks, each with a short label. */
  minor: Tick[];
  /** Context ticks (the start of each year, month or day the fine ticks fall in). */
  major: Tick[];
  /** The unit of the fine ticks, for tests and the screen reader. */
  unit: string;
}

type Unit = { name: string; approxDays: number; floor: (d: Date) => Date; next: (d: Date) => Date; label: (d: Date) => string };

const utc = (y: number, m = 0, d = 1, h = 0) => new Date(Date.UTC(y, m, d, h));

function hours(n: number): Unit {
  return {
    name: `${n}h`,
    approxDays: n / 24,
    floor: (d) => utc(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), Math.floor(d.getUTCHours() / n) * n),
    next: (d) => new Date(d.getTime() + n * 3_600_000),
    label: (d) => `${pad(d.getUTCHours())}:00`,
  };
}
function days(n: number): Unit {
  return {
    name: `${n}d`,
    approxDays: n,
    floor: (d) => {
      const day = d.getUTCDate();
      return utc(d.getUTCFullYear(), d.getUTCMonth(), n === 1 ? day : Math.max(1, Math.floor((day - 1) / n) * n + 1));
    },
    next: (d) => {
      const y = d.getUTCFullYear(),
        m = d.getUTCMonth();
      const candidate = utc(y, m, d.getUTCDate() + n);
      if (n === 1) return candidate;
      // Multi-day steps restart on each month's 1st; a last step too close to it is skipped.
      const monthDays = utc(y, m + 1, 0).getUTCDate();
      if (candidate.getUTCMonth() === m && candidate.getUTCDate() + n / 2 <= monthDays + 1) return candidate;
      return utc(y, m + 1, 1);
    },
    label: (d) => (n === 1 ? `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()}` : `${d.getUTCDate()}`),
  };
}
function months(n: number): Unit {
  return {
    name: `${n}m`,
    approxDays: n * 30.44,
    floor: (d) => utc(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / n) * n),
    next: (d) => utc(d.getUTCFullYear(), d.getUTCMonth() + n),
    label: (d) => SHORT_MONTHS[d.getUTCMonth()],
  };
}
function years(n: number): Unit {
  return {
    name: `${n}y`,
    approxDays: n * 365.25,
    floor: (d) => utc(Math.floor(d.getUTCFullYear() / n) * n),
    next: (d) => utc(d.getUTCFullYear() + n),
    label: (d) => String(d.getUTCFullYear()),
  };
}

const UNITS: Unit[] = [
  hours(1),
  hours(3),
  hours(6),
  hours(12),
  days(1),
  days(2),
  days(7),
  days(14),
  months(1),
  months(3),
  months(6),
  years(1),
  years(2),
  years(5),
  years(10),
  years(20),
  years(50),
];

/** The context row's unit for a fine unit: hours → days, days → months, months → years, years → decades. */
function contextFor(unit: Unit): { floor: (d: Date) => Date; next: (d: Date) => Date; label: (d: Date) => string } {
  const n = unit.name;
  if (n.endsWith("h"))
    return {
      floor: (d) => utc(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()),
      next: (d) => utc(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1),
      label: (d) => `${WEEKDAYS[d.getUTCDay()]} ${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`,
    };
  if (n.endsWith("d")) return { floor: months(1).floor, next: months(1).next, label: (d) => `${LONG_MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}` };
  if (n.endsWith("m")) return { floor: years(1).floor, next: years(1).next, label: (d) => String(d.getUTCFullYear()) };
  return { floor: years(100).floor, next: years(100).next, label: (d) => `${d.getUTCFullYear()}s` };
}

/** Ticks for the days `from..to` at `pxPerDay`, keeping fine labels at least `minGap` px apart. */
export function ticks(from: number, to: number, pxPerDay: number, minGap = 64): Ticks {
  const unit = UNITS.find((u) => u.approxDays * pxPerDay >= minGap) ?? UNITS[UNITS.length - 1];
  const minor: Tick[] = [];
  const start = dateOf(from);
  let t = unit.floor(start);
  const limit = 2000;
  while (t.getTime() / MS_PER_DAY <= to && minor.length < limit) {
    minor.push({ day: t.getTime() / MS_PER_DAY, label: unit.label(t) });
    const n = unit.next(t);
    if (n.getTime() <= t.getTime()) break;
    t = n;
  }
  const ctx = contextFor(unit);
  const major: Tick[] = [];
  t = ctx.floor(start);
  while (t.getTime() / MS_PER_DAY <= to && major.length < limit) {
    major.push({ day: t.getTime() / MS_PER_DAY, label: ctx.label(t) });
    t = ctx.next(t);
  }
  return { minor, major, unit: unit.name };
}
