// One data flow: a change reloads what it made stale once and moves the revision the views
// follow; the history comes by its own command, not with the whole overview.
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Entry } from "../bindings";

const core = vi.hoisted(() => ({
  calls: [] as string[],
  /** What updateEntry was sent. */
  updates: [] as Record<string, unknown>[],
  /** Holds setEntryDate's answer until it is called (the core reading a date). */
  dateAnswered: Promise.resolve(),
}));

vi.mock("./api", () => {
  const answer = (name: string, data: unknown) => {
    core.calls.push(name);
    return Promise.resolve({ status: "ok", data });
  };
  const history = { undo: "Edit entry 5", redo: null };
  return {
    commands: {
      history: () => answer("history", history),
      overview: () => answer("overview", { history, agencies: [], counts: {} }),
      entries: () => answer("entries", [{ id: "5" }, { id: "9" }]),
      setEntryDate: async (id: string, text: string) => {
        await core.dateAnswered;
        return answer("setEntryDate", { id, date: { day: text }, date_as_written: text, summary: "as stored" });
      },
      updateEntry: (entry: Record<string, unknown>) => {
        core.updates.push(entry);
        return answer("updateEntry", entry);
      },
      entryRows: () =>
        answer("entryRows", [
          { entry: "9", row: 1 },
          { entry: "5", row: 2 },
        ]),
    },
    call: async <T>(p: Promise<{ status: "ok"; data: T }>) => (await p).data,
    messageOf: (e: unknown) => String(e),
  };
});

const { app, changed, inTurn, rowOf, saveEntry, saveEntryDate, saveInTurn } = await import("./state.svelte");

beforeEach(() => {
  core.calls = [];
});

describe("a change to the review", () => {
  it("asks only for the history when nothing else is stale, and moves the revision", async () => {
    const before = app.revision;
    await changed({ by: "flags" });
    expect(core.calls).toEqual(["history"]);
    expect(app.revision).toBe(before + 1);
    expect(app.changedBy).toBe("flags");
  });

  it("uses the history and overview its answer carried instead of asking again", async () => {
    const history = { undo: "Dismiss flag 3", redo: null } as never;
    await changed({ history });
    expect(core.calls).toEqual([]);
    expect(app.history).toBe(history);
    expect(app.changedBy).toBe("");
  });

  it("reloads entries with the core's row numbers, and the overview, once each", async () => {
    app.selectedEntry = "77";
    await changed({ entries: true, reloadOverview: true });
    expect(core.calls.sort()).toEqual(["entries", "entryRows", "overview"]);
    expect(rowOf("9")).toBe(1);
    expect(rowOf("5")).toBe(2);
    expect(rowOf("77")).toBeNull();
    // The entry shown was deleted: it is no longer selected.
    expect(app.selectedEntry).toBeNull();
  });

  it("refetches only the rows when only the order may have moved", async () => {
    await changed({ rows: true });
    expect(core.calls.sort()).toEqual(["entryRows", "history"]);
  });
});

describe("edits saved in turn", () => {
  // A save that answers when told to, as the core's concurrent commands may.
  const later = <T>(value: T) => {
    let answer!: () => void;
    const done = new Promise<T>((r) => {
      answer = () => r(value);
    });
    return { done, answer };
  };

  it("starts a save only when the one before it has answered, however quick the second is", async () => {
    const order: string[] = [];
    const first = later("first");
    const a = inTurn(async () => {
      order.push("first sent");
      const v = await first.done;
      order.push("first stored");
      return v;
    });
    const b = inTurn(async () => {
      order.push("second sent");
      return "second";
    });
    await Promise.resolve();
    expect(order).toEqual(["first sent"]);
    first.answer();
    expect(await a).toBe("first");
    expect(await b).toBe("second");
    expect(order).toEqual(["first sent", "first stored", "second sent"]);
  });

  it("goes on after a refused save, and shows only the answer to the latest edit", async () => {
    const shown: string[] = [];
    let restored = 0;
    const refused = saveInTurn(
      () => Promise.reject(new Error("An impossible date")),
      (v: string) => {
        shown.push(v);
      },
      async () => {
        restored++;
      },
    );
    const one = later("one");
    const first = saveInTurn(
      () => one.done,
      (v) => {
        shown.push(v);
      },
    );
    const second = saveInTurn(
      async () => "two",
      (v) => {
        shown.push(v);
      },
    );
    one.answer();
    await Promise.all([refused, first, second]);
    expect(restored).toBe(1);
    expect(app.notices.at(-1)?.text).toContain("An impossible date");
    // The answer to the first edit came while the second was waiting: only the second's is shown.
    expect(shown).toEqual(["two"]);
  });

  it("does not write an entry's old date back when another field is edited while the core reads the new one", async () => {
    const entry = { id: "5", date: { day: "01/02/2020" }, date_as_written: "01/02/2020", summary: "Home visit" } as never as Entry;
    app.entries = [entry];
    core.updates = [];
    const reading = later(undefined);
    core.dateAnswered = reading.done;
    const dated = saveEntryDate("5", "03/04/2021");
    // The reviewer tabs on and edits the summary before the date's answer has come.
    const edited = saveEntry({ ...entry, summary: "Home visit, no answer" });
    reading.answer();
    await Promise.all([dated, edited]);
    expect(core.updates).toHaveLength(1);
    expect(core.updates[0]).toMatchObject({ summary: "Home visit, no answer", date_as_written: "03/04/2021", date: { day: "03/04/2021" } });
    expect(app.entries[0]).toMatchObject({ summary: "Home visit, no answer", date_as_written: "03/04/2021" });
    core.dateAnswered = Promise.resolve();
  });
});
