import { describe, expect, it } from "vitest";
import { added, entriesInSpan, exportFileName, moved, spanText } from "./logic";

describe("report helpers", () => {
  it("moves items and keeps the rest in order", () => {
    expect(moved(["a", "b", "c", "d"], 3, 0)).toEqual(["d", "a", "b", "c"]);
    expect(moved(["a", "b", "c"], 0, 9)).toEqual(["b", "c", "a"]);
    expect(moved(["a"], 4, 0)).toEqual(["a"]);
  });
  it("adds ids once", () => {
    expect(added(["1", "2"], ["2", "3", "3"])).toEqual(["1", "2", "3"]);
  });
  it("writes spans the UK way", () => {
    expect(spanText("2019-03-01", "2019-03-01")).toBe("01/03/2019");
    expect(spanText("2019-03-01", "2019-04-09")).toBe("01/03/2019 to 09/04/2019");
  });
  it("names export files safely and says whether they hold real names", () => {
    expect(exportFileName("LCSPR: Child J / draft", ["kpe"], false, "docx")).toBe("LCSPR Child J draft - KPEs (pseudonymised).docx");
    expect(exportFileName("  ", ["kpe", "findings"], true, "md")).toBe("Review (REAL NAMES).md");
  });
  it("finds entries overlapping a span that are not chosen yet", () => {
    const e = (id: string, start: string, end = start) => ({ id, date: { start, end } });
    const list = [e("1", "2019-02-27"), e("2", "2019-03-01"), e("3", "2019-02-01", "2019-03-31"), e("4", "2019-04-01")];
    expect(entriesInSpan(list, "2019-03-01", "2019-03-10", ["2"]).map((x) => x.id)).toEqual(["3"]);
  });
});
