// Test hooks for the timeline, for automation (the end-to-end tests) only: read-only questions
// about what the canvas shows (`window.chronolaneTimeline`), and the "chronolane:export-timeline"
// event that exports without the save dialog. The product component installs them through
// `installTimelineHooks`; the function it returns takes the export event down (the
// read-only questions stay, answering null once the timeline is gone).
import type { TimelineController } from "./controller";
import type { TimelineModel } from "./model";

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
