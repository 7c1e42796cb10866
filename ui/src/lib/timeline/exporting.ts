// Exporting the timeline from the app: the period chosen (the view on screen, the review's
// scope, one KPE or dates), drawn at a size by export.ts, always with the core's pseudonyms,
// through the core's export check, written by the core. The Timeline view calls these.
import { savePath as save } from "../dialogs.svelte";
import type { TimelineData } from "../../bindings";
import { call, commands, messageOf } from "../api";
import { plural } from "../format";
import { pseudonymiseAll } from "../names.svelte";
import { residualLabels } from "../report/logic";
import { act, app, notify } from "../state.svelte";
import { timelineInput, timelineTexts } from "./adapter";
import type { TimelineController } from "./controller";
import { drawExport, type ExportSize, SIZES } from "./export";
import { TimelineModel } from "./model";
import { dayOf } from "./time";

/** What to export and at what size. Dates are ISO days. */
export interface ExportChoice {
  what: "view" | "scope" | "kpe" | "range";
  kpe: string;
  from: string;
  to: string;
  size: ExportSize;
}

export type ExportFormat = "svg" | "png" | "pdf";

/** A file written: where, and its pages or pixels. */
export interface Written {
  path: string;
  pages: number;
  width: number;
  height: number;
  bytes: number;
}

/** What an export needs from the view on screen. */
export interface ExportSource {
  data: TimelineData;
  tl: TimelineController;
  model: TimelineModel;
  /** The review's scope as days [first, day after last], or null. */
  scope: [number, number] | null;
}

/** The days [from, to) and the name of the period chosen, or why it cannot be drawn. */
export function periodOf(
  c: ExportChoice,
  src: ExportSource,
  clean: (t: string) => string,
): { from: number; to: number; what: string; kpe: string | null } | string {
  if (c.what === "view") {
    const [a, b] = src.tl.range;
    return { from: a, to: b, what: "On screen", kpe: null };
  }
  if (c.what === "scope") {
    if (!src.scope) return "The review has no scope yet: set it on the Overview, or export the view on screen.";
    return { from: src.scope[0], to: src.scope[1], what: "Review scope", kpe: null };
  }
  if (c.what === "kpe") {
    const k = src.data.kpes.find((x) => x.id === c.kpe);
    if (!k) return "Choose the KPE to export.";
    const a = dayOf(k.starts_on),
      b = dayOf(k.ends_on) + 1;
    const pad = Math.max(3, (b - a) * 0.08);
    return { from: a - pad, to: b + pad, what: `KPE ${k.number}: ${clean(k.title)}`, kpe: k.id };
  }
  if (!c.from || !c.to) return "Write the dates to export, day first, like 01/03/2019.";
  return { from: dayOf(c.from), to: dayOf(c.to) + 1, what: "Dates", kpe: null };
}

/** Asks where to save (the system's dialog), then exports there. */
export async function chooseAndExport(format: ExportFormat, choice: ExportChoice, src: () => ExportSource | null): Promise<Written | null> {
  const o = app.overview;
  if (!o) return null;
  const name = `${o.review.title.replace(/[\\/:*?"<>|]+/g, " ")} - timeline.${format}`;
  let path: string | null = null;
  try {
    path = await save({ defaultPath: name, filters: [{ name: format.toUpperCase(), extensions: [format] }] });
  } catch (e) {
    notify(`The save dialog could not be opened (${messageOf(e)}). Nothing was written.`, "error");
    return null;
  }
  if (!path) return null;
  return exportTimeline(format, path.toLowerCase().endsWith(`.${format}`) ? path : `${path}.${format}`, choice, src);
}

/** Draws the period chosen at its size and has the core write it to `path`. */
export async function exportTimeline(format: ExportFormat, path: string, choice: ExportChoice, source: () => ExportSource | null): Promise<Written | null> {
  const o = app.overview;
  const first = source();
  if (!o || !first) return null;
  if (SIZES[choice.size].paged && format !== "pdf") {
    notify(`${SIZES[choice.size].label} is exported as a PDF with every page. Choose PDF, or a slide size for a ${format.toUpperCase()} picture.`, "error");
    return null;
  }
  // Exports always use pseudonyms (the core's), whatever the screen shows.
  const pseudonymised = await act("Preparing the export", () => pseudonymiseAll([...timelineTexts(app.entries, o, first.data), o.review.title]));
  const src = source();
  if (!pseudonymised || !src) return null;
  const period = periodOf(choice, src, pseudonymised);
  if (typeof period === "string") {
    notify(period, "error");
    return null;
  }
  const m = new TimelineModel(timelineInput(app.entries, o, src.data, pseudonymised));
  m.shown.set(src.model.shown);
  const drawing = drawExport(
    m,
    { ...src.tl.state, kpe: period.kpe ?? src.tl.state.kpe },
    { review: pseudonymised(o.review.title), what: period.what, from: period.from, to: period.to, size: choice.size },
  );
  const send = (confirmed: boolean) =>
    act(`Exporting the timeline as ${format.toUpperCase()}`, () =>
      call(
        commands.exportTimeline({
          path,
          format,
          svg: format === "pdf" ? "" : drawing.svg,
          pages: format === "pdf" ? drawing.pages : [],
          scale: drawing.scale,
          confirmed,
        }),
      ),
    );
  let outcome = await send(false);
  if (outcome?.kind === "needs_confirmation") {
    // The core's export check, as for documents: the reviewer sees what it found first.
    const c = outcome.check;
    const list = c.residuals
      .slice(0, 8)
      .map((r) => `• ${residualLabels[r.kind] ?? r.kind}${r.person ? ` (${r.person})` : ""}: “${r.found}” in ${r.location}`)
      .join("\n");
    const more = c.total > 8 ? `\n… and ${c.total - 8} more.` : "";
    if (
      !confirm(
        `The check found ${plural(c.total, "thing")} in the timeline that may identify someone:\n${list}${more}\n\nCorrect the records (or add the missing aliases to the glossary) and export again, or write the file as it is. Write it anyway?`,
      )
    ) {
      notify("Nothing was written.");
      return null;
    }
    outcome = await send(true);
  }
  const done = outcome?.kind === "written" ? outcome.file : null;
  if (!done) return null;
  const what = format === "pdf" ? plural(done.pages, "page") : format === "png" ? `${done.width} × ${done.height} pixels` : "vector drawing";
  notify(
    `Exported ${period.what.startsWith("KPE") ? period.what.split(":")[0] : period.what.toLowerCase()} (${SIZES[choice.size].label}) to ${done.path} (${what}).`,
    "success",
  );
  return done;
}
