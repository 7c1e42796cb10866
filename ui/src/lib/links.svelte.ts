// The links between entries (merged duplicates, contradictions ...), loaded with the chronology
// so the list can fold merged duplicates and the entry view can show every provenance.
import type { Link } from "../bindings";
import { call, commands } from "./api";
import { onReviewOpened } from "./state.svelte";

export const chronology = $state({ links: [] as Link[] });
onReviewOpened(() => (chronology.links = []));

export async function loadLinks() {
  try {
    chronology.links = await call(commands.links());
  } catch {
    chronology.links = [];
  }
}
