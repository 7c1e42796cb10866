import { describe, expect, it } from "vitest";
import { actionWords, changedFields, fieldWords, recordWords, valueWords, type HistoryEntry } from "./history";

const entry = (id: string, start: string, sequence = 0): HistoryEntry => ({
  id,
  sequence,
  date: { precision: "day", start, end: start, time: null, approximate: false },
});

// Stored ids are not chronology numbers: entry 118 is the second entry in time. The rows
// are as the core numbers them (`entry_rows`).
const entries = [entry("5", "2019-04-01"), entry("118", "2019-03-12"), entry("7", "2019-01-02")];
const rows = { "7": 1, "118": 2, "5": 3 };

describe("the history in plain words", () => {
  it("says which field of which row changed, with its UK date, and no internal id", () => {
    const text = actionWords("Edit entry 118", entries, rows, ["date_precision"]);
    expect(text).toBe("Changed the date's precision of row 2 (12/03/2019)");
    expect(text).not.toContain("118");
    expect(actionWords("Edit entry 118", entries, rows, ["summary", "comment"])).toBe("Changed the summary and the comment of row 2 (12/03/2019)");
    expect(actionWords("Edit entry 118", entries, rows, ["summary", "comment", "kind", "outcome"])).toBe("Changed 4 fields of row 2 (12/03/2019)");
    expect(actionWords("Edit entry 118", entries, rows)).toBe("Changed row 2 (12/03/2019)");
    expect(actionWords("Edit entry 999", entries, rows)).toBe("Changed an entry since deleted");
    // The row is the core's, whatever order the list holds.
    expect(actionWords("Edit entry 118", entries, { "118": 41 })).toBe("Changed row 41 (12/03/2019)");
  });

  it("hides the ids of links, flags, agencies and people", () => {
    expect(actionWords("Link entry 7 Responds to entry 5", entries, rows)).toBe("Linked row 1 (02/01/2019) to row 3 (01/04/2019) (responds to)");
    expect(actionWords("Remove link 42", entries, rows)).toBe("Removed a link between entries");
    expect(actionWords("Change link 42 to 'escalates'", entries, rows)).toBe("Changed a link between entries to “escalates”");
    expect(actionWords("Dismiss flag 12", entries, rows)).toBe("Dismiss a flag");
    expect(actionWords("Delete agency 3", entries, rows)).toBe("Deleted an agency");
    expect(actionWords("Delete person 9", entries, rows)).toBe("Removed a person from the glossary");
    expect(actionWords("Import police.csv (Northbrook Police)", entries, rows)).toBe("Import police.csv (Northbrook Police)");
  });

  it("shows fields, records and values as a reviewer reads them", () => {
    expect(fieldWords("date_precision")).toBe("the date's precision");
    expect(fieldWords("some_new_column")).toBe("some new column");
    expect(recordWords("update", "entry")).toBe("Entry changed");
    expect(recordWords("insert", "agency_request")).toBe("Request to an agency added");
    expect(valueWords("2019-03-12")).toBe("12/03/2019");
    expect(valueWords("2019-03-12 14:05:00")).toBe("12/03/2019 14:05");
    expect(valueWords("")).toBe("—");
    expect(valueWords("Home visit")).toBe("Home visit");
  });

  it("lists the fields an update changed", () => {
    expect(changedFields('{"id":1,"summary":"a","kind":"visit"}', '{"id":1,"summary":"b","kind":"visit"}')).toEqual(["summary"]);
    expect(changedFields("not json", "{}")).toEqual([]);
  });
});
