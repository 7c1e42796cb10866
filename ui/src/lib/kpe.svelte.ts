// Starting a Key Practice Episode from what the reviewer selected (in the chronology or on the
// timeline). The KPE view picks up `kpeDraft.pending` and opens a new KPE prefilled with it.
import { app, onReviewOpened, type Selection } from "./state.svelte";

export const kpeDraft = $state({ pending: null as Selection | null });
onReviewOpened(() => (kpeDraft.pending = null));

/** Opens the KPE editor on a new episode made from `selection` (default: the current one). */
export function startKpeFromSelection(selection: Selection = app.selection) {
  kpeDraft.pending = { ...selection, entries: [...selection.entries] };
  app.view = "kpes";
}
