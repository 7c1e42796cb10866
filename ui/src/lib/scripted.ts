// Test hooks, in one place. The end-to-end tests cannot drive native dialogs or drag files
// from the desktop, so they dispatch window events named "chronolane:*" that do what the
// dialog's answer or the drop would. Each event calls into a feature store, or into the view
// open to take it: a view that asks for a path offers what it would do with one
// (`offerPath`), the same function a path typed by the reviewer reaches when the dialogs
// cannot open (see lib/dialogs.ts). Product code adds no window listeners of its own.
// The timeline's hooks are here too: read-only questions about what its canvas shows
// (`window.chronolaneTimeline`) and the "chronolane:export-timeline" event that exports
// without the save dialog, installed by the view through `installTimelineHooks`; the function
// it returns takes the export event down (the questions stay, answering null once the
// timeline is gone).
import type { AgencyId, TemplateFormat } from "../bindings";
import { writeAccuracyPack, writeBriefing, writeTemplate } from "./agency.svelte";
import { handleDroppedPaths } from "./files";
import { startKpeFromSelection } from "./kpe.svelte";
import { app, type Selection } from "./state.svelte";
import type { TimelineController } from "./timeline/controller";
import { pointOnLink } from "./timeline/layer-links";
import type { TimelineModel } from "./timeline/model";

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

export interface TimelineHookSource {
  controller(): TimelineController | null;
  model(): TimelineModel | null;
  /** The element the canvas fills. */
  host(): HTMLElement | undefined;
  /** The unseen-child periods drawn, as ISO days. */
  unseen(): unknown;
  /** Exports `format` to `path`, with the export choices in `choice` over the current ones. */
  exportTo(format: "svg" | "png" | "pdf", path: string, choice: Record<string, unknown>): void;
}

export function installTimelineHooks(src: TimelineHookSource): () => void {
  (window as unknown as Record<string, unknown>).chronolaneTimeline = {
    /** Where an entry is drawn on the page: [x, y, 0], or a cluster holding it: [x, y, count]. */
    positionOf: (id: string) => {
      const tl = src.controller(),
        model = src.model(),
        host = src.host();
      const i = model?.index.get(id);
      if (i === undefined || !tl || !model || !host) return null;
      const r = host.getBoundingClientRect();
      const p = tl.marks.positionOf(i);
      if (p) return [p[0] + r.left, p[1] + r.top, 0];
      const at = model.at(i),
        lane = model.lane[i];
      for (let k = 0; k < tl.marks.count; k++) {
        const c = tl.marks.item[k];
        if (c >= 0) continue;
        const cl = tl.marks.clusters[-c - 1];
        if (cl.lane === lane && at >= cl.from - 1e-9 && at <= cl.to + 1e-9) return [tl.marks.x[k] + r.left, tl.marks.y[k] + r.top, cl.n];
      }
      return null;
    },
    /** The entries drawn on their own in the last frame: [id, x, y] on the page, left to right. */
    drawn: () => {
      const tl = src.controller(),
        model = src.model(),
        host = src.host();
      if (!tl || !model || !host) return null;
      const r = host.getBoundingClientRect();
      const out: [string, number, number][] = [];
      for (let k = 0; k < tl.marks.count; k++) {
        const i = tl.marks.item[k];
        if (i >= 0) out.push([model.ids[i], tl.marks.x[k] + r.left, tl.marks.y[k] + r.top]);
      }
      return out.sort((a, b) => a[1] - b[1]);
    },
    /** The reviewer's links drawn whole in the last frame: [id, x, y] on the page, with (x, y) a
     * point on the arrow where a click picks that link. */
    links: () => {
      const tl = src.controller(),
        host = src.host();
      if (!tl || !host) return null;
      const r = host.getBoundingClientRect();
      const out: [string, number, number][] = [];
      for (const l of tl.marks.links) {
        for (let k = 1; k < 10; k++) {
          const [x, y] = pointOnLink(l.p, l.q, tl.theme.glyphR, k / 10);
          const hit = tl.hitTest(x, y);
          if (hit?.kind === "link" && hit.id === l.id) {
            out.push([l.id, x + r.left, y + r.top]);
            break;
          }
        }
      }
      return out;
    },
    range: () => src.controller()?.range ?? null,
    /** How much of the lanes' height is hidden below the canvas (0: every lane shows). */
    overflow: () => {
      const tl = src.controller();
      return tl ? Math.max(0, tl.layout.height - (tl.view.height - tl.top)) : null;
    },
    /** How long the last frame took to draw, in ms. */
    drawMs: () => src.controller()?.lastDrawMs ?? null,
    /** The flag marks drawn in the last frame (one per flag shown). */
    flagMarks: () => src.controller()?.marks.flags.map((f) => f.id) ?? null,
    /** The type sizes of the look in use, in px. */
    type: () => {
      const tl = src.controller();
      return tl ? { label: tl.theme.fontSize, small: tl.theme.smallSize } : null;
    },
    unseen: () => src.unseen(),
    /** Where the lanes are drawn on the page (the canvas's box). */
    canvasBox: () => {
      const r = src.host()?.getBoundingClientRect();
      return r ? [r.left, r.top, r.width, r.height] : null;
    },
  };
  const onExport = (e: Event) => {
    const { format, path, ...choice } = (e as CustomEvent<{ format: "svg" | "png" | "pdf"; path: string } & Record<string, unknown>>).detail;
    src.exportTo(format, path, choice);
  };
  window.addEventListener("chronolane:export-timeline", onExport);
  return () => window.removeEventListener("chronolane:export-timeline", onExport);
}
