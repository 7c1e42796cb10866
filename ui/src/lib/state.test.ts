// One data flow: a change reloads what it made stale once and moves the revision the views
// follow; the history comes by its own command, not with the whole overview.
import { beforeEach, describe, expect, it, vi } from "vitest";

const core = vi.hoisted(() => ({ calls: [] as string[] }));

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

const { app, changed, rowOf } = await import("./state.svelte");

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
