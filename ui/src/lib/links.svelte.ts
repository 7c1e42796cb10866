// The links between entries (merged duplicates, contradictions ...), loaded with the chronology
// so the list can fold merged duplicates and the entry view can show every provenance.
import type { Link } from "../bindings";
import { call, commands } from "./api";
import { eventDateText } from "./format";
import { app, onReviewOpened, rowOf } from "./state.svelte";

export const chronology = $state({ links: [] as Link[] });
onReviewOpened(() => (chronology.links = []));

export async function loadLinks() {
  try {
    chronology.links = await call(commands.links());
  } catch {
    chronology.links = [];
  }
}

/** One line naming an entry where a link is shown: its date, agency and summary (cleaned by
 * `clean`, cut to `max` characters), or its row when it is not loaded. */
export function entryBrief(id: string, clean: (t: string) => string, max = Infinity): string {
  const e = app.entries.find((x) => x.id === id);
  if (!e) return rowOf(id) ? `Row ${rowOf(id)}` : "An entry not on the timeline";
  const agency = app.overview?.agencies.find((a) => a.id === e.agency)?.short_name ?? "";
  return `${eventDateText(e.date)} · ${agency} · ${clean(e.summary).slice(0, max)}`;
}
