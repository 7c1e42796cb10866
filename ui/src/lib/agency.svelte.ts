// The agency loop from the app: each agency's template, its return checked, its
// factual-accuracy pack, the 7-minute briefing, and the requests tracked per agency. Files
// are chosen with the native Save dialog (or typed where it cannot open); each writer takes
// a path too, which the test hooks (lib/scripted.ts) give.
import { savePath } from "./dialogs.svelte";
import type { AgencyId, AgencyRequests, CheckReport, ExportOutcome, ImportRequest, ReturnCheck, Step, TemplateFormat } from "../bindings";
import { call, commands, messageOf } from "./api";
import { plural } from "./format";
import { app, changed, notify, onReviewOpened } from "./state.svelte";

export const loop = $state({
  /** Every agency's requests, in lane order (loaded by the Overview). */
  requests: [] as AgencyRequests[],
  /** A document the check stopped: what it found, and how to write it anyway. */
  pending: null as { what: string; check: CheckReport; write: () => Promise<void> } | null,
  /** Something is being written. */
  writing: false,
});

onReviewOpened(() => {
  loop.requests = [];
  loop.pending = null;
});

import { safeFileName } from "./report/logic";

export { safeFileName };

/** Asks where to save, with `name` offered; adds the extension when the reviewer left it off. */
async function chooseOut(name: string, label: string, ext: string): Promise<string | null> {
  let out: string | null;
  try {
    out = await savePath({ defaultPath: name, filters: [{ name: label, extensions: [ext] }] });
  } catch (e) {
    notify(`The Save dialog could not be opened (${messageOf(e)}). Nothing was written.`, "error");
    return null;
  }
  if (!out) return null;
  return out.toLowerCase().endsWith(`.${ext}`) ? out : `${out}.${ext}`;
}

const reviewTitle = () => safeFileName(app.overview?.review.title ?? "Review");
const agencyOf = (id: AgencyId) => app.overview?.agencies.find((a) => a.id === id);

export async function loadRequests() {
  try {
    loop.requests = await call(commands.agencyRequests());
  } catch (e) {
    notify(messageOf(e), "error");
  }
}

/** Runs a write, showing its error; refreshes the requests and the history afterwards. */
async function writing<T>(work: () => Promise<T>): Promise<T | undefined> {
  loop.writing = true;
  try {
    return await work();
  } catch (e) {
    notify(messageOf(e), "error");
    return undefined;
  } finally {
    loop.writing = false;
    await loadRequests();
    try {
      await changed({ by: "agency" });
    } catch {
      // The history shows what it showed; the next change brings it up to date.
    }
  }
}

/** Shows what a checked write did: written, or stopped by the check for the reviewer to decide. */
function outcome(what: string, result: ExportOutcome | undefined, again: () => Promise<ExportOutcome>) {
  if (!result) return;
  if (result.kind === "written") {
    loop.pending = null;
    notify(`Wrote ${what}: ${result.files.map((f) => f.split(/[\\/]/).pop()).join(", ")}.`, "success");
  } else {
    loop.pending = {
      what,
      check: result.check,
      write: async () => outcome(what, await writing(again), again),
    };
  }
}

export async function writeTemplate(agency: AgencyId, format: TemplateFormat, path?: string) {
  const a = agencyOf(agency);
  if (!a) return;
  const ext = format === "docx" ? "docx" : "xlsx";
  const out =
    path ??
    (await chooseOut(`${reviewTitle()} - chronology template - ${safeFileName(a.name)}.${ext}`, format === "docx" ? "Word document" : "Excel workbook", ext));
  if (!out) return;
  const said = await writing(() => call(commands.writeTemplate(agency, format, out)));
  if (said) notify(`${said} Recorded as sent today.`, "success");
}

export async function writeAccuracyPack(agency: AgencyId, path?: string) {
  const a = agencyOf(agency);
  if (!a) return;
  const out = path ?? (await chooseOut(`${reviewTitle()} - factual accuracy - ${safeFileName(a.name)} (pseudonymised).docx`, "Word document", "docx"));
  if (!out) return;
  const what = `the factual-accuracy pack for ${a.name}`;
  outcome(what, await writing(() => call(commands.writeAccuracyPack(agency, out, false))), () => call(commands.writeAccuracyPack(agency, out, true)));
}

export async function writeBriefing(path?: string) {
  const out = path ?? (await chooseOut(`${reviewTitle()} - 7-minute briefing (pseudonymised).docx`, "Word document", "docx"));
  if (!out) return;
  outcome("the 7-minute briefing", await writing(() => call(commands.writeBriefing(out, false))), () => call(commands.writeBriefing(out, true)));
}

/** Writes the check of a return for the agency: Word, or CSV. */
export async function writeReturnCheck(request: ImportRequest, format: "docx" | "csv", fileName: string, path?: string): Promise<ReturnCheck | undefined> {
  const stem = safeFileName(fileName.replace(/\.[^.]+$/, ""));
  const out = path ?? (await chooseOut(`${stem} - points to correct.${format}`, format === "csv" ? "CSV" : "Word document", format));
  if (!out) return;
  const check = await writing(() => call(commands.writeReturnCheck({ ...request, content_hash: null }, out)));
  if (check)
    notify(
      `Wrote the check of ${check.file_name} for ${check.agency} (${check.issues.length ? `${plural(check.issues.length, "point")} to correct` : "nothing to correct"}): ${out.split(/[\\/]/).pop()}.`,
      "success",
    );
  return check;
}

/** Records (or clears, with null) the day a step happened, as the reviewer ticks or dates it. */
export async function setStep(agency: AgencyId, step: Step, on: string | null) {
  const updated = await writing(() => call(commands.setRequestStep(agency, step, on)));
  if (updated) loop.requests = updated;
}

/** Today as yyyy-mm-dd, in local time. */
export function todayIso(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}
