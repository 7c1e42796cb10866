// The UI's shared state: the open review's overview and entries, the current view, and the
// message bar. Components read it directly; changes go through the actions below.
import type { Entry, ReviewOverview, History } from "../bindings";
import { call, commands, messageOf } from "./api";

/** A view's id (see views/registry.ts). */
export type View = string;

/** Entries and a span the reviewer selected (in the chronology or on the timeline). */
export interface Selection {
  entries: string[];
  from: string | null; // yyyy-mm-dd
  to: string | null;
}

export interface Notice {
  tone: "info" | "error" | "success";
  text: string;
  id: number;
}

let noticeId = 0;

export const app = $state({
  overview: null as ReviewOverview | null,
  entries: [] as Entry[],
  view: "chronology" as View,
  selectedEntry: null as string | null,
  busy: "" as string,
  notices: [] as Notice[],
  history: null as History | null,
  /** What the reviewer has selected: KPEs can be made from it. */
  selection: { entries: [], from: null, to: null } as Selection,
  /** A request to show these entries and this span on the timeline (set by flags, KPEs ...). */
  focus: null as (Selection & { label: string }) | null,
});

export function notify(text: string, tone: Notice["tone"] = "info") {
  const notice = { text, tone, id: ++noticeId };
  app.notices = [...app.notices.slice(-3), notice];
  if (tone !== "error") setTimeout(() => dismiss(notice.id), 6000);
}

export function dismiss(id: number) {
  app.notices = app.notices.filter((n) => n.id !== id);
}

/** Runs an action, showing `label` while it runs and its error, if any, in the message bar. */
export async function act<T>(label: string, work: () => Promise<T>): Promise<T | undefined> {
  app.busy = label;
  try {
    return await work();
  } catch (e) {
    notify(messageOf(e), "error");
    return undefined;
  } finally {
    app.busy = "";
  }
}

export async function showReview(overview: ReviewOverview) {
  app.overview = overview;
  app.history = overview.history;
  app.entries = await call(commands.entries());
  app.selectedEntry = null;
}

export async function refresh() {
  const overview = await call(commands.overview());
  await showReview(overview);
}

export async function undo() {
  const outcome = await act("Undoing", () => call(commands.undo()));
  if (!outcome) return;
  if (outcome.change) {
    notify(`Undone: ${outcome.change.action}`);
    const selected = app.selectedEntry;
    await refresh();
    app.selectedEntry = selected;
  } else notify("Nothing to undo.");
  app.history = outcome.history;
}

export async function redo() {
  const outcome = await act("Redoing", () => call(commands.redo()));
  if (!outcome) return;
  if (outcome.change) {
    notify(`Redone: ${outcome.change.action}`);
    const selected = app.selectedEntry;
    await refresh();
    app.selectedEntry = selected;
  } else notify("Nothing to redo.");
  app.history = outcome.history;
}

/** Saves an entry as soon as it is edited, and keeps the list in step. */
export async function saveEntry(entry: Entry) {
  const saved = await act("Saving", () => call(commands.updateEntry(entry)));
  if (!saved) return;
  app.entries = app.entries.map((e) => (e.id === saved.id ? saved : e));
  app.history = (await call(commands.overview())).history;
}
