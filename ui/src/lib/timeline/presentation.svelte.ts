// Presentation mode: the timeline over the whole window (full screen where the window allows
// it), large type, pseudonyms only, stepping through the KPEs and current flags in order of
// time with the arrow keys; L shows the legend over a corner, Esc leaves.
import { getCurrentWindow } from "@tauri-apps/api/window";
import type { TimelineData } from "../../bindings";
import { ui } from "../ui.svelte";
import { label } from "../vocabulary.svelte";
import type { TimelineController } from "./controller";
import { NORMAL, PRESENTATION } from "./theme";

/** One stop of a presentation: a KPE or a flag, with its period and entries. */
export interface Stop {
  kind: "kpe" | "flag";
  id: string;
  from: string;
  to: string;
  title: string;
  entries: string[];
}

/** KPEs and current, undismissed flags, in order of time (a KPE before a flag on its day). */
export function presentationStops(data: TimelineData | null, clean: (t: string) => string): Stop[] {
  if (!data) return [];
  const list: Stop[] = [
    ...data.kpes.map((k) => ({
      kind: "kpe" as const,
      id: k.id,
      from: k.starts_on,
      to: k.ends_on,
      title: `KPE ${k.number}: ${clean(k.title)}`,
      entries: k.entries,
    })),
    ...data.flags
      .filter((f) => f.current && f.status !== "dismissed")
      .map((f) => ({
        kind: "flag" as const,
        id: f.id,
        from: f.starts_on,
        to: f.ends_on,
        title: `${label("flag_kinds", f.kind)}: ${clean(f.explanation)}`,
        entries: f.evidence,
      })),
  ];
  return list.sort((a, b) => a.from.localeCompare(b.from) || (a.kind === "kpe" ? -1 : 1));
}

export class Presentation {
  on = $state(false);
  /** The legend shown over the lanes' corner. */
  legend = $state(false);
  /** The stop shown, or -1 before the first. */
  step = $state(-1);
  private realNamesBefore = false;

  constructor(
    private view: {
      tl(): TimelineController | null;
      host(): HTMLElement | undefined;
      /** Shows a stop (select it, move to it, announce it). */
      show(stop: Stop, step: number, count: number): void;
    },
  ) {}

  private fitCanvas(home: boolean) {
    requestAnimationFrame(() => {
      const host = this.view.host(),
        tl = this.view.tl();
      if (host && tl) {
        const r = host.getBoundingClientRect();
        tl.resize(r.width, r.height);
        if (home) tl.showHome();
      }
      if (home) host?.focus();
    });
  }

  async enter() {
    this.realNamesBefore = ui.showRealNames;
    ui.showRealNames = false;
    this.on = true;
    // The lanes have the screen; the legend is one key press away (L), over a corner.
    this.legend = false;
    this.step = -1;
    try {
      await getCurrentWindow().setFullscreen(true);
    } catch {
      // Full screen is a nicety; the overlay covers the window either way.
    }
    this.view.tl()?.setTheme(PRESENTATION);
    this.fitCanvas(true);
  }

  async leave() {
    this.on = false;
    ui.showRealNames = this.realNamesBefore;
    const tl = this.view.tl();
    if (tl) tl.state.highlight = null;
    try {
      await getCurrentWindow().setFullscreen(false);
    } catch {
      /* see enter() */
    }
    this.view.tl()?.setTheme(NORMAL);
    this.fitCanvas(false);
  }

  goTo(n: number, stops: Stop[]) {
    if (!stops.length) return;
    this.step = Math.max(0, Math.min(stops.length - 1, n));
    this.view.show(stops[this.step], this.step, stops.length);
  }

  /** The keys of presentation mode; true when `e` was one of them. */
  key(e: KeyboardEvent, stops: Stop[]): boolean {
    if (!this.on) return false;
    if (e.key === "ArrowRight" || e.key === "PageDown" || e.key === " ") this.goTo(this.step + 1, stops);
    else if (e.key === "ArrowLeft" || e.key === "PageUp") this.goTo(this.step - 1, stops);
    else if (e.key === "Escape") this.leave();
    else if (e.key.toLowerCase() === "l") this.legend = !this.legend;
    else return false;
    e.preventDefault();
    return true;
  }
}
