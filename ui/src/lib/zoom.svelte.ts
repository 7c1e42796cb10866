// How large the screens read: the reviewer's text size (Ctrl +, Ctrl −, Ctrl 0) and whether
// the sidebar is shown. The core remembers both on this computer (in the app's folder, with
// the recent list); everything sized in rem follows the root font size set here.
import type { DisplaySettings } from "../bindings";
import { call, commands, messageOf } from "./api";
import { inTurn } from "./state.svelte";

/** The text sizes offered, as a factor of the normal size (the core keeps the same list). */
export const ZOOM_STEPS = [0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2] as const;
const BASE_PX = 15;

export const display = $state<DisplaySettings>({ text_size: 1, sidebar: true });

/** The nearest offered step to `z` (junk reads as 1). */
export function nearestStep(z: number): number {
  if (!Number.isFinite(z) || z <= 0) return 1;
  return ZOOM_STEPS.reduce((best, s) => (Math.abs(s - z) < Math.abs(best - z) ? s : best), 1);
}

/** The step `by` steps up (+1) or down (−1) from `z`, kept within the offered steps. */
export function stepZoom(z: number, by: 1 | -1): number {
  const i = ZOOM_STEPS.indexOf(nearestStep(z) as (typeof ZOOM_STEPS)[number]);
  return ZOOM_STEPS[Math.min(ZOOM_STEPS.length - 1, Math.max(0, i + by))];
}

function show() {
  document.documentElement.style.fontSize = `${BASE_PX * nearestStep(display.text_size ?? 1)}px`;
}

/** Puts the settings remembered on this computer on screen. */
export async function loadDisplay() {
  try {
    Object.assign(display, await call(commands.displaySettings()));
  } catch {
    // Not remembered (a damaged file is read as the defaults by the core): the defaults.
  }
  show();
}

/** Changes the settings on screen at once and has the core remember them. */
export async function changeDisplay(changes: Partial<DisplaySettings>, onProblem: (message: string) => void) {
  Object.assign(display, changes);
  display.text_size = nearestStep(display.text_size ?? 1);
  show();
  try {
    // In turn: two quick Ctrl + presses are remembered in the order they were made.
    const wanted = { ...display };
    await inTurn(() => call(commands.setDisplaySettings(wanted)));
  } catch (e) {
    onProblem(`The text size and sidebar could not be remembered for next time: ${messageOf(e)}`);
  }
}
