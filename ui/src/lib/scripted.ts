// Test hooks, in one place. The end-to-end tests cannot drive native dialogs or drag files
// from the desktop, so they dispatch window events named "chronolane:*" that do what the
// dialog's answer or the drop would. Each event calls into a feature store, or into the view
// open to take it: a view that asks for a path offers what it would do with one
// (`offerPath`), the same function a path typed by the reviewer reaches when the dialogs
// cannot open (see lib/dialogs.ts). Product code adds no window listeners of its own.
// (The timeline's export hook lives in lib/timeline/scripted.ts.)
import type { AgencyId, TemplateFormat } from "../bindings";
import { writeAccuracyPack, writeBriefing, writeTemplate } from "./agency.svelte";
import { handleDroppedPaths } from "./files";
import { startKpeFromSelection } from "./kpe.svelte";
import { app, type Selection } from "./state.svelte";

/** What an end-to-end test asks for in a `chronolane:agency-to` event. */
export type ScriptedWrite =
  | { what: "template"; agency: AgencyId; format: TemplateFormat; path: string }
  | { what: "pack"; agency: AgencyId; path: string }
  | { what: "briefing"; path: string };

/** Views that ask for a path, and what each is given. */
export interface PathTakers {
  /** The report export: the file to write. */
  "export-to": string;
  /** The new review dialog: the file to create. */
  "new-review-to": string;
  /** The import preview's check of a return: the format and the file to write. */
  "return-check-to": { format: "docx" | "csv"; path: string };
}

const takers: { [K in keyof PathTakers]?: (detail: PathTakers[K]) => void } = {};

/** Offers what the open view does with a path chosen without the dialog; returns the
 *  function that withdraws the offer (call it when the view closes). */
export function offerPath<K extends keyof PathTakers>(name: K, take: (detail: PathTakers[K]) => void): () => void {
  takers[name] = take as never;
  return () => {
    if (takers[name] === (take as never)) delete takers[name];
  };
}

/** The window events, each calling into the feature it stands for. */
const HOOKS: Record<string, (detail: never) => void> = {
  // Files dropped on the window.
  drop: (paths: string[]) => handleDroppedPaths(paths),
  // As if the reviewer selected these entries.
  select: (s: Selection) => {
    app.selection = { entries: [...s.entries], from: s.from ?? null, to: s.to ?? null };
  },
  // As if the timeline's "Make a KPE" was used.
  "start-kpe": (s: Selection) => startKpeFromSelection({ entries: [...s.entries], from: s.from ?? null, to: s.to ?? null }),
  // An agency's template, accuracy pack or the briefing written to a named file.
  "agency-to": (w: ScriptedWrite) => {
    if (w.what === "template") writeTemplate(w.agency, w.format, w.path);
    else if (w.what === "pack") writeAccuracyPack(w.agency, w.path);
    else writeBriefing(w.path);
  },
  "export-to": (path: string) => takers["export-to"]?.(path),
  "new-review-to": (path: string) => takers["new-review-to"]?.(path),
  "return-check-to": (d: PathTakers["return-check-to"]) => takers["return-check-to"]?.(d),
};

let installed = false;

/** Listens for the test events (once, at start-up). */
export function installScriptedHooks() {
  if (installed || typeof window === "undefined") return;
  installed = true;
  for (const [name, hook] of Object.entries(HOOKS)) {
    window.addEventListener(`chronolane:${name}`, (e) => hook((e as CustomEvent).detail as never));
  }
}
