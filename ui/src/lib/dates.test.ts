// Days typed by the reviewer are read by the core's grammar: the answer's span gives the
// day, and the core's reason is shown for text it cannot read.
import { describe, expect, it, vi } from "vitest";

vi.mock("./api", () => {
  const spans: Record<string, { start: string; end: string }> = {
    "01/03/2019": { start: "2019-03-01", end: "2019-03-01" },
    "?/03/2019": { start: "2019-03-01", end: "2019-03-31" },
  };
  return {
    commands: {
      parseDate: async (text: string) =>
        spans[text]
          ? { status: "ok", data: { precision: "day", time: null, approximate: false, ...spans[text] } }
          : { status: "error", error: `'${text}' does not say which year: please add the year.` },
    },
    call: async (p: Promise<{ status: string; data?: unknown; error?: string }>) => {
      const r = await p;
      if (r.status !== "ok") throw new Error(r.error);
      return r.data;
    },
    messageOf: (e: unknown) => (e instanceof Error ? e.message : String(e)),
  };
});

const { readDay } = await import("./dates");

describe("a day typed by the reviewer", () => {
  it("is the core's day, a span's first or last day as asked", async () => {
    expect(await readDay("01/03/2019")).toEqual({ day: "2019-03-01" });
    expect(await readDay("?/03/2019")).toEqual({ day: "2019-03-01" });
    expect(await readDay("?/03/2019", { end: true })).toEqual({ day: "2019-03-31" });
  });

  it("is refused with the core's reason, or as not one day when one day is needed", async () => {
    expect(await readDay("early June")).toEqual({ problem: "'early June' does not say which year: please add the year." });
    const span = await readDay("?/03/2019", { exact: true });
    expect("problem" in span && span.problem).toContain("is not one day");
  });
});
