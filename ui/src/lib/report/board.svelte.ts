// The KPE and findings views' shared state: the board (KPEs, findings, flags) as the core
// last returned it, and the actions that change it. Every action saves at once (one undoable
// change in the core) and then reloads the board, which also brings the undo history.
import type { Finding, KeyPracticeEpisode, NewKpe, ReportBoard } from "../../bindings";
import { call, commands } from "../api";
import { act, afterChange, app, changed, inTurn, onReviewOpened, saveInTurn } from "../state.svelte";

export const board = $state({
  value: null as ReportBoard | null,
  selectedKpe: null as string | null,
  selectedFinding: null as string | null,
});

onReviewOpened(() => {
  board.value = null;
  board.selectedKpe = null;
  board.selectedFinding = null;
});

function show(b: ReportBoard) {
  board.value = b;
  if (app.overview) {
    app.overview.counts.kpes = b.kpes.length;
    app.overview.counts.findings = b.findings.length;
  }
}

/** The board as a change of the board's left it: shown, and the change told to the app. */
async function adopt(b: ReportBoard) {
  show(b);
  await changed({ history: b.history, by: "board" });
}

export async function loadBoard() {
  const b = await act("Loading", () => call(commands.reportBoard()));
  if (b) show(b);
}

async function reload() {
  await adopt(await call(commands.reportBoard()));
}

// Saved in turn with every other edit; the board is read back within the same turn, so it
// sees the file as this save left it. A refused edit (an empty title ...) puts the stored
// version back on screen.
function saveStored(work: () => Promise<unknown>) {
  return saveInTurn(
    async () => {
      await work();
      return call(commands.reportBoard());
    },
    adopt,
    loadBoard,
  );
}

export async function createKpe(draft: NewKpe) {
  const kpe = await act("Creating the episode", async () => {
    const k = await call(commands.createKpe(draft));
    await reload();
    return k;
  });
  if (kpe) board.selectedKpe = kpe.id;
  return kpe;
}

export async function createKpeFromFlags(flags: string[]) {
  const kpe = await act("Creating the episode", async () => {
    const k = await call(commands.createKpeFromFlags(flags, null));
    await reload();
    return k;
  });
  if (kpe) board.selectedKpe = kpe.id;
  return kpe;
}

/** Saves a KPE as edited. The board shows the saved version at once. */
export async function saveKpe(kpe: KeyPracticeEpisode) {
  if (board.value) board.value.kpes = board.value.kpes.map((k) => (k.id === kpe.id ? kpe : k));
  await saveStored(() => call(commands.updateKpe(kpe)));
}

// Renumbering, deleting and linking wait for edits being saved (inTurn), so that the board they
// answer with is not overtaken by an older one.
export async function moveKpe(id: string, position: number) {
  const b = await act("Renumbering", () => inTurn(() => call(commands.moveKpe(id, position))));
  if (b) adopt(b);
}

export async function deleteKpe(id: string) {
  const b = await act("Deleting", () => inTurn(() => call(commands.deleteKpe(id))));
  if (b) {
    adopt(b);
    board.selectedKpe = b.kpes[0]?.id ?? null;
  }
}

export async function linkFlag(flag: string, kpe: string | null) {
  const b = await act("Saving", () => inTurn(() => call(commands.linkFlagToKpe(flag, kpe))));
  if (b) adopt(b);
}

export async function createFinding(category: Finding["category"]) {
  const f = await act("Creating the finding", async () => {
    const f = await call(commands.createFinding({ statement: "", category }));
    await reload();
    return f;
  });
  if (f) board.selectedFinding = f.id;
  return f;
}

export async function saveFinding(finding: Finding) {
  if (board.value) board.value.findings = board.value.findings.map((f) => (f.id === finding.id ? finding : f));
  await saveStored(() => call(commands.updateFinding(finding)));
}

export async function moveFinding(id: string, position: number) {
  const b = await act("Renumbering", () => inTurn(() => call(commands.moveFinding(id, position))));
  if (b) adopt(b);
}

export async function deleteFinding(id: string) {
  const b = await act("Deleting", () => inTurn(() => call(commands.deleteFinding(id))));
  if (b) {
    adopt(b);
    board.selectedFinding = b.findings[0]?.id ?? null;
  }
}

/** Reloads the board after a change made elsewhere (undo or redo anywhere in the app). */
export function followHistory() {
  afterChange(() => {
    if (board.value) loadBoard();
  }, "board");
}
