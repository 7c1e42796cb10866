// Time on the timeline is a number of days since 01/01/1970 (UTC, so no clock change ever
// moves an entry); fractions of a day are times of day. Dates cross IPC as "yyyy-mm-dd".

export const MS_PER_DAY = 86_400_000;

/** "yyyy-mm-dd" → days since 01/01/1970. */
export function dayOf(iso: string): number {
  const y = +iso.slice(0, 4),
    m = +iso.slice(5, 7),
    d = +iso.slice(8, 10);
  return Date.UTC(y, m - 1, d) / MS_PER_DAY;
}

/** "hh:mm[:ss]" → a fraction of a day. */
export function fractionOf(time: string | null | undefined): number {
  if (!time) return 0;
  const [h, m, s] = time.split(":").map((p) => +p || 0);
  return (h * 3600 + m * 60 + (s ?? 0)) / 86_400;
}

/** Days since 01/01/1970 → "yyyy-mm-dd" (the day containing that instant). */
export function isoOf(day: number): string {
  return new Date(Math.floor(day) * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Days → a UTC Date. */
export function dateOf(day: number): Date {
  return new Date(Math.round(day * MS_PER_DAY));
}

/** Days → "dd/mm/yyyy". */
export function ukDay(day: number): string {
  const d = dateOf(Math.floor(day));
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

export function pad(n: number): string {
  return String(n).padStart(2, "0");
}

export const SHORT_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
export const LONG_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
export const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
