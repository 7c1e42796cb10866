// The UI's shared state: the open review's overview and entries, the current view, and the
// message bar. Components read it directly; changes go through the actions below.
//
// One data flow: every change to the review (an edit, an import, undo ...) ends in
// `changed()`, which reloads once what the change made stale and bumps `app.revision`.
// Views that show data fetched from the core depend on `app.revision` and fetch again.
import type { Entry, EntryRow, ReviewOverview, History } from "../bindings";
import { untrack } from "svelte";
import { call, commands, messageOf } from "./api";
import { typingPending } from "./typing";
import { actionWords } from "./history";

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
  /** Each entry's row in the chronology (1 = first), as the core numbers them: the one
   *  numbering every screen shows ("row 58"). */
  rows: {} as Record<string, number>,
  /** Counts the changes made to the open review: views showing data fetched from the core
   *  depend on it and fetch again when it moves. */
  revision: 0,
  /** Who made the latest change (`changed({ by })`), so a view that already shows the
   *  change's answer need not fetch again. */
  changedBy: "",
  /** What the reviewer has selected: KPEs can be made from it. */
  selection: { entries: [], from: null, to: null } as Selection,
  /** A request to show these entries and this span on the timeline (set by flags, KPEs ...). */
  focus: null as (Selection & { label: string }) | null,
  /** Counts the reviews opened or created: views are made afresh for each (App.svelte keys
   *  them on it), so nothing chosen or shown for one review carries over to the next. */
  opened: 0,
});

const resets: (() => void)[] = [];

/** Registers state kept for the open review outside `app` (the report board, links ...), to
 *  be cleared when another review is opened or created. */
export function onReviewOpened(reset: () => void) {
  resets.push(reset);
}

/** Shows a message. Each replaces the one before (messages piled up over the table); a
 *  message says what the latest action did, and errors stay until dismissed or replaced. */
export function notify(text: string, tone: Notice["tone"] = "info") {
  const notice = { text, tone, id: ++noticeId };
  app.notices = [notice];
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

/** Rows by entry id, from the core's numbering. */
export function rowsById(rows: readonly EntryRow[]): Record<string, number> {
  return Object.fromEntries(rows.map((r) => [r.entry, r.row]));
}

/** "row 58" for an entry, from the core's numbering; null for an entry it does not know. */
export function rowOf(id: string): number | null {
  return app.rows[id] ?? null;
}

async function loadEntries() {
  const [entries, rows] = await Promise.all([call(commands.entries()), call(commands.entryRows())]);
  app.entries = entries;
  app.rows = rowsById(rows);
}

/** Shows a review just opened or created. Nothing chosen in the review before survives:
 *  the selection (which Delete and bulk actions act on), the entry shown, requests to the
 *  timeline, and every view's own state. */
export async function showReview(overview: ReviewOverview) {
  const [entries, rows] = await Promise.all([call(commands.entries()), call(commands.entryRows())]);
  app.selection = { entries: [], from: null, to: null };
  app.selectedEntry = null;
  app.focus = null;
  for (const reset of resets) reset();
  app.overview = overview;
  app.history = overview.history;
  app.entries = entries;
  app.rows = rowsById(rows);
  app.opened++;
}

/** What a change to the review made stale. The history always is: it comes with the answer
 *  (`history`, `overview`) or is asked for. */
export interface Change {
  /** The history as the change's answer gave it. */
  history?: History;
  /** The overview as the change's answer gave it (agencies, people, counts ...). */
  overview?: ReviewOverview;
  /** The overview changed and the answer did not carry it: fetch it. */
  reloadOverview?: boolean;
  /** Entries were added, removed or changed behind the list: fetch them (and their rows). */
  entries?: boolean;
  /** Only the order of the chronology may have changed (a date): fetch the row numbers. */
  rows?: boolean;
  /** The view that made the change and already shows its answer. */
  by?: string;
}

/**
 * The one way a change reaches the screen: reloads what `what` says is stale, once, then
 * bumps `app.revision` for the views that depend on it. The selected entry stays selected
 * (and its form open, so nothing being typed is lost) if it still exists.
 */
export async function changed(what: Change = {}): Promise<void> {
  const overview = what.overview ?? (what.reloadOverview ? await call(commands.overview()) : null);
  const history = what.history ?? overview?.history ?? (await call(commands.history()));
  if (what.entries) await loadEntries();
  else if (what.rows) app.rows = rowsById(await call(commands.entryRows()));
  if (overview) app.overview = overview;
  app.history = history;
  if (app.selectedEntry && !app.entries.some((e) => e.id === app.selectedEntry)) app.selectedEntry = null;
  app.changedBy = what.by ?? "";
  app.revision++;
}

/**
 * Runs `reload` after each change to the review, unless the change was made by `self` (a
 * view or store that already shows its own change's answer). Call it while a component or
 * an effect root is being set up; `reload` runs untracked.
 */
export function afterChange(reload: () => void, self = "") {
  let seen = app.revision;
  $effect(() => {
    const revision = app.revision;
    const by = app.changedBy;
    if (revision === seen) return;
    seen = revision;
    if (self && by === self) return;
    untrack(reload);
  });
}

export async function undo() {
  const outcome = await act("Undoing", () => call(commands.undo()));
  if (!outcome) return;
  if (outcome.change) {
    notify(`Undone: ${actionWords(outcome.change.action, app.entries, app.rows)}`);
    await changed({ history: outcome.history, reloadOverview: true, entries: true });
  } else {
    notify("Nothing to undo.");
    app.history = outcome.history;
  }
}

export async function redo() {
  const outcome = await act("Redoing", () => call(commands.redo()));
  if (!outcome) return;
  if (outcome.change) {
    notify(`Redone: ${actionWords(outcome.change.action, app.entries, app.rows)}`);
    await changed({ history: outcome.history, reloadOverview: true, entries: true });
  } else {
    notify("Nothing to redo.");
    app.history = outcome.history;
  }
}

// Edits are saved one after another, in the order they were made, and only the answer to the
// latest edit is put on screen. Each save sends the whole record as shown; if an answer to an
// earlier edit were shown after a later edit was made, the next edit would spread that older
// record and silently undo the later one (a reviewer tabbing quickly through fields).
let queue: Promise<unknown> = Promise.resolve();
let edits = 0;

/** Runs `work` after every save started before it has finished. */
export function inTurn<T>(work: () => Promise<T>): Promise<T> {
  const run = queue.then(work, work);
  queue = run.catch(() => undefined);
  return run;
}

/**
 * Saves an edit already shown on screen: `work` runs in turn; `adopt` gets its answer only
 * if no later edit was made meanwhile (that edit's answer will follow). On failure the
 * message is shown and `restore` puts the stored version back.
 */
export async function saveInTurn<T>(work: () => Promise<T>, adopt: (answer: T) => void | Promise<void>, restore?: () => Promise<void>) {
  const edit = ++edits;
  const answer = await act("Saving", () => inTurn(async () => ({ value: await work() })));
  if (!answer) {
    if (restore) await restore();
    return;
  }
  // Typing not saved yet will be saved in a moment; until then the field shows newer text
  // than this answer holds.
  if (edit === edits && !typingPending()) await adopt(answer.value);
}

/** Saves an entry as soon as it is edited, and keeps the list in step. The entry's date is
 * its latest stored one when the save's turn comes: a date typed just before (saveEntryDate)
 * may have been read by the core since this edit was made. */
export async function saveEntry(entry: Entry) {
  const before = app.entries;
  app.entries = app.entries.map((e) => (e.id === entry.id ? entry : e));
  await saveInTurn(
    () => {
      const now = app.entries.find((e) => e.id === entry.id);
      return call(commands.updateEntry(now ? { ...entry, date: now.date, date_as_written: now.date_as_written } : entry));
    },
    async (saved) => {
      const stored = before.find((e) => e.id === saved.id);
      app.entries = app.entries.map((e) => (e.id === saved.id ? saved : e));
      // Only a new date or order on the day moves the entry's row.
      const moved = !stored || JSON.stringify(stored.date) !== JSON.stringify(saved.date) || stored.sequence !== saved.sequence;
      await changed({ rows: moved });
    },
    async () => {
      // A refused edit (an impossible value ...) puts the stored entry back on screen.
      const stored = before.find((e) => e.id === entry.id);
      if (stored) app.entries = app.entries.map((e) => (e.id === entry.id ? stored : e));
    },
  );
}

/** Saves the date typed for entry `id` (read by the core: 12/06/2015, early June 2015 ...) in
 * turn with the entry's other edits, and puts it in the list before the next save's turn, so
 * that an edit made while the core was reading the date does not write the old one back.
 * Throws the core's message when the date cannot be read. */
export async function saveEntryDate(id: Entry["id"], text: string): Promise<Entry> {
  const saved = await inTurn(async () => {
    const s = await call(commands.setEntryDate(id, text));
    app.entries = app.entries.map((e) => (e.id === s.id ? { ...e, date: s.date, date_as_written: s.date_as_written } : e));
    return s;
  });
  await changed({ rows: true });
  return saved;
}
