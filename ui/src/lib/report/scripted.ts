// Hooks for end-to-end tests (and other features' manual testing): scripted window events
// that do what a reviewer's selection would, so the KPE journeys can be driven before the
// chronology's multi-select and the timeline exist in the same build.
import { startKpeFromSelection } from "../kpe.svelte";
import { app, type Selection } from "../state.svelte";

let installed = false;

export function installScriptedHooks() {
  if (installed || typeof window === "undefined") return;
  installed = true;
  // `chronolane:select` {entries, from, to}: as if the reviewer selected these entries.
  window.addEventListener("chronolane:select", (e) => {
    const s = (e as CustomEvent<Selection>).detail;
    app.selection = { entries: [...s.entries], from: s.from ?? null, to: s.to ?? null };
  });
  // `chronolane:start-kpe` {entries, from, to}: as if the timeline's "Make a KPE" was used.
  window.addEventListener("chronolane:start-kpe", (e) => {
    const s = (e as CustomEvent<Selection>).detail;
    startKpeFromSelection({ entries: [...s.entries], from: s.from ?? null, to: s.to ?? null });
  });
}
