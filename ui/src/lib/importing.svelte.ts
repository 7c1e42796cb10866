// Importing an agency's chronology: the file chosen (File > Import or dropped on the window),
// the reviewer's decisions (agency, mapping, cell fixes, skipped rows) and the preview the
// core builds from them. Nothing is written until `confirmImport`.
import { openPaths, savePath } from "./dialogs.svelte";
import type { AgencyChoice, ColumnMapping, Field, ImportPreview, ImportRequest, RowRef } from "../bindings";
import { AppError, call, commands, messageOf } from "./api";
import { plural } from "./format";
import { app, changed, notify } from "./state.svelte";
import { ui } from "./ui.svelte";

/** What the core adds to a preview's format when the file is a returned agency template. */

export const IMPORT_FILTER = {
  name: "Agency chronology",
  extensions: ["csv", "txt", "tsv", "xlsx", "xlsm", "xls", "ods", "docx"],
};

export const imp = $state({
  /** Files waiting to be imported after the current one. */
  queue: [] as string[],
  request: null as ImportRequest | null,
  preview: null as ImportPreview | null,
  /** Why the file could not be previewed. */
  problem: "",
  loading: false,
  committing: false,
  progress: { done: 0, total: 0 },
  /** The reviewer has confirmed importing a file imported before. */
  confirmReimport: false,
  /** The file is a corrected return: it replaces the agency's earlier return. */
  replaceEarlier: false,
});

/** The earlier files of the agency the file is being imported for (a corrected return
 *  replaces them when the reviewer asks). */
export function earlierReturns() {
  const agency = imp.request?.agency;
  if (agency?.kind !== "existing" || !app.overview) return [];
  return app.overview.sources.filter((s) => s.agency === agency.id);
}

// Files dropped on the window (App.svelte puts non-review files in ui.droppedForImport) open
// the import view wherever the reviewer is.
$effect.root(() => {
  $effect(() => {
    const dropped = ui.droppedForImport;
    if (dropped.length === 0 || !app.overview) return;
    ui.droppedForImport = [];
    app.view = "import";
    startImport(dropped);
  });
});

const key = (r: RowRef) => `${r.table}:${r.row}`;

function fileName(path: string) {
  return path.split(/[\\/]/).pop() ?? path;
}

/** No agency chosen yet: the core decides from the file (its title line, an Agency column,
 *  a returned template's marker, or its name) and the preview says whose it is. */
const NOT_CHOSEN: AgencyChoice = { kind: "new", name: "", short_name: "", sector: null };

/** Starts importing the first of `paths` (the rest wait in the queue). */
export async function startImport(paths: string[]) {
  if (paths.length === 0) return;
  const [first, ...rest] = paths;
  imp.queue = [...imp.queue, ...rest];
  imp.request = {
    path: first,
    agency: NOT_CHOSEN,
    mapping: null,
    edits: [],
    skipped: [],
    skip_bad: false,
    reimport: false,
    content_hash: null,
  };
  imp.preview = null;
  imp.confirmReimport = false;
  imp.replaceEarlier = false;
  await refreshPreview();
}

export async function chooseImportFile() {
  const paths = await openPaths({ multiple: true, filters: [IMPORT_FILTER] });
  if (paths.length === 0) return;
  app.view = "import";
  await startImport(paths);
}

/** Rebuilds the preview from the current decisions (the core re-reads the file). */
export async function refreshPreview() {
  if (!imp.request) return;
  imp.loading = true;
  try {
    const request = { ...imp.request, content_hash: null };
    imp.preview = await call(commands.previewImport(request));
    imp.request.content_hash = imp.preview.content_hash;
    adoptDecidedAgency(imp.preview);
    imp.problem = "";
  } catch (e) {
    imp.preview = null;
    imp.problem = messageOf(e);
  } finally {
    imp.loading = false;
  }
}

/** The agency the core decided for a file not yet given one by the reviewer (its title
 *  line, a returned template's marker, its name ...): the agency chooser shows it. */
function adoptDecidedAgency(preview: ImportPreview) {
  if (imp.request?.agency.kind !== "new") return;
  imp.request.agency = preview.agency;
}

export function setAgency(choice: AgencyChoice) {
  if (!imp.request) return;
  imp.request.agency = choice;
  imp.request.mapping = null;
  refreshPreview();
}

/** Maps a heading to a field and previews again. */
export function mapColumn(heading: string, field: Field) {
  if (!imp.request || !imp.preview) return;
  const mapping: ColumnMapping = { columns: { ...imp.preview.mapping.columns } };
  mapping.columns[heading.trim().toLowerCase().replace(/\s+/g, " ")] = field;
  imp.request.mapping = mapping;
  refreshPreview();
}

/** Corrects one cell of the file (the file itself is not changed). */
export function fixCell(row: RowRef, column: number, value: string) {
  if (!imp.request) return;
  const edits = imp.request.edits.filter((e) => !(key(e.row) === key(row) && e.column === column));
  edits.push({ row, column, value });
  imp.request.edits = edits;
  imp.request.skipped = imp.request.skipped.filter((r) => key(r) !== key(row));
  refreshPreview();
}

export function setSkipped(rows: RowRef[], skipped: boolean) {
  if (!imp.request) return;
  const keys = new Set(rows.map(key));
  const rest = imp.request.skipped.filter((r) => !keys.has(key(r)));
  imp.request.skipped = skipped ? [...rest, ...rows] : rest;
  refreshPreview();
}

/** Skips every row that still has a problem. */
export function skipRowsWithProblems() {
  if (!imp.preview) return;
  setSkipped(
    imp.preview.rows.filter((r) => !r.skipped && r.problems.length > 0).map((r) => r.key),
    true,
  );
}

export function cancelImportPreview() {
  imp.request = null;
  imp.preview = null;
  imp.problem = "";
  const next = imp.queue;
  imp.queue = [];
  if (next.length) startImport(next);
}

/** Writes every ready row in one change (undoable), showing progress; cancel rolls back. */
export async function confirmImport() {
  if (!imp.request || !imp.preview) return;
  const request = { ...imp.request, reimport: imp.confirmReimport };
  imp.committing = true;
  imp.progress = { done: 0, total: imp.preview.ready };
  const timer = setInterval(async () => {
    const p = await commands.importProgress();
    if (p.total > 0) imp.progress = p;
  }, 200);
  try {
    if (imp.replaceEarlier && earlierReturns().length) {
      const replaced = await call(commands.replaceReturn(request));
      await changed({ entries: true, reloadOverview: true });
      notify(
        `Replaced ${replaced.replaced_files.join(", ")} with ${imp.preview.file_name}: ${plural(replaced.kept, "entry", "entries")} kept with your work on them, ` +
          `${replaced.added} added, ${replaced.removed} taken out. Undo puts the earlier return back.`,
        "success",
      );
      cancelImportPreview();
      if (!imp.request && app.view === "import") app.view = "chronology";
      return;
    }
    const done = await call(commands.commitImport(request));
    // The same review, with more entries: reloaded, not opened afresh.
    await changed({ entries: true, reloadOverview: true });
    notify(
      `Imported ${done.outcome.entries} entries from ${imp.preview.file_name}` +
        (done.outcome.left_out ? ` (${plural(done.outcome.left_out, "row")} left out)` : "") +
        (done.outcome.suggestions ? `; ${done.outcome.suggestions} have suggested kinds to review.` : "."),
      "success",
    );
    cancelImportPreview();
    // To the chronology, unless the reviewer has already gone elsewhere while it finished.
    if (!imp.request && app.view === "import") app.view = "chronology";
  } catch (e) {
    if (e instanceof AppError && e.kind === "cancelled") notify("Import cancelled. Nothing was changed.");
    else notify(messageOf(e), "error");
  } finally {
    clearInterval(timer);
    imp.committing = false;
  }
}

export async function stopImport() {
  await commands.cancelImport();
}

export async function exportMapping() {
  if (!imp.preview) return;
  const path = await savePath({ filters: [{ name: "Column mapping", extensions: ["json"] }], defaultPath: "mapping.json" });
  if (!path) return;
  try {
    await call(commands.exportMapping(path, imp.preview.mapping));
    notify(`Saved the column mapping to ${fileName(path)}. Use it with: chronolane import … --mapping ${fileName(path)}`, "success");
  } catch (e) {
    notify(messageOf(e), "error");
  }
}
