// UK date formatting for the UI, mirroring the core's `EventDate` Display (src/dates/mod.rs)
// so the same date reads the same everywhere: "12/06/2015", "early June 2015", "c. 2015".

export const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

export type Precision = "time" | "day" | "range" | "part_of_month" | "month" | "season" | "year";

export interface EventDateLike {
  precision: Precision;
  start: string; // yyyy-mm-dd
  end: string;
  time: string | null; // hh:mm:ss
  approximate: boolean;
}

function parts(iso: string): [number, number, number] {
  const [y, m, d] = iso.split("-").map((p) => parseInt(p, 10));
  return [y, m, d];
}

/** `yyyy-mm-dd` → `dd/mm/yyyy`. */
export function ukDate(iso: string | null | undefined): string {
  if (!iso) return "";
  const [y, m, d] = parts(iso);
  if (!y || !m || !d) return iso;
  return `${String(d).padStart(2, "0")}/${String(m).padStart(2, "0")}/${y}`;
}

/** `yyyy-mm-dd hh:mm:ss` or ISO date-time → `dd/mm/yyyy hh:mm`. */
export function ukDateTime(iso: string): string {
  const [date, time] = iso.split(/[ T]/);
  return time ? `${ukDate(date)} ${time.slice(0, 5)}` : ukDate(date);
}

/** An event date the way a chronology writes it. */
export function eventDateText(d: EventDateLike): string {
  const prefix = d.approximate ? "c. " : "";
  const [y, m, day] = parts(d.start);
  switch (d.precision) {
    case "time":
      return prefix + (d.time ? `${ukDate(d.start)} ${d.time.slice(0, 5)}` : ukDate(d.start));
    case "day":
      return prefix + ukDate(d.start);
    case "range":
      return `${prefix}between ${ukDate(d.start)} and ${ukDate(d.end)}`;
    case "part_of_month": {
      const part = day <= 10 ? "early" : day <= 20 ? "mid" : "late";
      return `${prefix}${part} ${MONTHS[m - 1]} ${y}`;
    }
    case "month":
      return `${prefix}${MONTHS[m - 1]} ${y}`;
    case "season": {
      if (m === 12) return `${prefix}winter ${y}/${String((y + 1) % 100).padStart(2, "0")}`;
      const season = m >= 3 && m <= 5 ? "spring" : m >= 6 && m <= 8 ? "summer" : m >= 9 && m <= 11 ? "autumn" : "winter";
      return `${prefix}${season} ${y}`;
    }
    case "year":
      return `${prefix}${y}`;
  }
}

/** A sort key that orders entries like the core does: start, time, sequence. */
export function entrySortKey(e: { date: EventDateLike; sequence: number; id: string }): string {
  return `${e.date.start}|${e.date.time ? `1${e.date.time}` : "0"}|${String(e.sequence + 1_000_000).padStart(8, "0")}|${e.id.padStart(12, "0")}`;
}

/** "1 entry", "3 entries". */
export function plural(n: number, one: string, many?: string): string {
  return `${n.toLocaleString("en-GB")} ${n === 1 ? one : (many ?? `${one}s`)}`;
}
