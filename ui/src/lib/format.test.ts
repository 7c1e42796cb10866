import { describe, expect, it } from "vitest";
import { entrySortKey, eventDateText, plural, ukDate, ukDateTime, type EventDateLike } from "./format";

const d = (precision: EventDateLike["precision"], start: string, end = start, time: string | null = null, approximate = false): EventDateLike => ({
  precision,
  start,
  end,
  time,
  approximate,
});

describe("eventDateText matches the core's UK display", () => {
  const cases: [EventDateLike, string][] = [
    [d("day", "2015-06-12"), "12/06/2015"],
    [d("time", "2015-06-12", "2015-06-12", "14:30:00"), "12/06/2015 14:30"],
    [d("range", "2015-06-26", "2015-06-30"), "between 26/06/2015 and 30/06/2015"],
    [d("part_of_month", "2015-06-01", "2015-06-10"), "early June 2015"],
    [d("part_of_month", "2015-07-11", "2015-07-20"), "mid July 2015"],
    [d("part_of_month", "2015-11-21", "2015-11-30"), "late November 2015"],
    [d("month", "2015-06-01", "2015-06-30"), "June 2015"],
    [d("season", "2015-03-01", "2015-05-31"), "spring 2015"],
    [d("season", "2015-12-01", "2016-02-29"), "winter 2015/16"],
    [d("year", "2015-01-01", "2015-12-31", null, true), "c. 2015"],
  ];
  for (const [date, text] of cases) {
    it(text, () => expect(eventDateText(date)).toBe(text));
  }
});

describe("UK day-first dates", () => {
  it("formats ISO days", () => {
    expect(ukDate("2015-06-02")).toBe("02/06/2015");
    expect(ukDateTime("2026-11-22 09:05:00")).toBe("22/11/2026 09:05");
    expect(ukDate(null)).toBe("");
  });
});

describe("ordering and counting", () => {
  it("orders by day, then untimed before timed, then sequence, then id", () => {
    const mk = (id: string, start: string, time: string | null, sequence: number) => ({ id, sequence, date: d(time ? "time" : "day", start, start, time) });
    const entries = [mk("4", "2015-06-12", "09:00:00", 0), mk("3", "2015-06-12", null, 2), mk("2", "2015-06-12", null, 1), mk("10", "2015-06-11", null, 0)];
    const sorted = [...entries].sort((a, b) => entrySortKey(a).localeCompare(entrySortKey(b))).map((e) => e.id);
    expect(sorted).toEqual(["10", "2", "3", "4"]);
  });
  it("pluralises", () => {
    expect(plural(1, "entry", "entries")).toBe("1 entry");
    expect(plural(1250, "entry", "entries")).toBe("1,250 entries");
    expect(plural(2, "flag")).toBe("2 flags");
  });
});
