// Quick successive edits to one finding must all reach the file, whatever order the core's
// answers come back in (a reviewer tabbing through the fields saves on every change).
import { beforeEach, describe, expect, it, vi } from "vitest";

type Finding = { id: string; statement: string; category: string; manifestation: string; board_questions: string[] };

// A fake core: stores the finding, answers updates quickly and board reads slowly, so a read
// started after the first edit answers after the second edit was made on screen.
const core = vi.hoisted(() => ({
  stored: null as null | Finding,
  updates: [] as Finding[],
}));

vi.mock("../api", () => {
  // The core reads at once; the answer arrives `ms` later.
  const later = <T>(ms: number, value: () => T) => {
    const data = value();
    return new Promise<{ status: "ok"; data: T }>((r) => setTimeout(() => r({ status: "ok", data }), ms));
  };
  const board = () => ({
    kpes: [],
    findings: [structuredClone(core.stored)],
    flags: [],
    history: { can_undo: true, can_redo: false, undo_label: null, redo_label: null },
  });
  return {
    commands: {
      updateFinding: (f: Finding) => {
        core.updates.push(structuredClone(f));
        core.stored = structuredClone(f);
        return later(5, () => null);
      },
      reportBoard: () => later(40, board),
    },
    call: async <T>(p: Promise<{ status: "ok"; data: T }>) => (await p).data,
    messageOf: (e: unknown) => String(e),
  };
});

const { board, saveFinding } = await import("./board.svelte");

describe("saving a finding", () => {
  beforeEach(() => {
    core.stored = { id: "f1", statement: "", category: "management_systems", manifestation: "", board_questions: [] };
    core.updates = [];
    board.value = { kpes: [], findings: [structuredClone(core.stored)], flags: [], history: null } as never;
  });

  // What the editor does: each save spreads the finding currently on screen.
  const onScreen = () => board.value!.findings[0] as unknown as Finding;
  const edit = (changes: Partial<Finding>) => saveFinding({ ...onScreen(), ...changes } as never);

  it("keeps every field when edits follow each other faster than the core answers", async () => {
    vi.useFakeTimers();
    const first = edit({ statement: "Cases are stepped down." });
    await vi.advanceTimersByTimeAsync(10); // the first update is in; its board read (t=5) answers at t=45
    const second = edit({ category: "human_reasoning" });
    await vi.advanceTimersByTimeAsync(38); // t=48: the first read has answered, the second (t=55) not yet
    const third = edit({ manifestation: "The manager decided." });
    const fourth = edit({ board_questions: ["How does the Board know?"] });
    await vi.advanceTimersByTimeAsync(500);
    await Promise.all([first, second, third, fourth]);
    vi.useRealTimers();

    expect(core.stored).toEqual({
      id: "f1",
      statement: "Cases are stepped down.",
      category: "human_reasoning",
      manifestation: "The manager decided.",
      board_questions: ["How does the Board know?"],
    });
    expect(onScreen()).toEqual(core.stored);
    expect(core.updates.map((u) => u.board_questions.length)).toEqual([0, 0, 0, 1]);
  });
});
