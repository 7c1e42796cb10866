// Choosing files: native dialogs, drag-and-drop, and the start-up request. Every path ends in
// `openPath`, which asks for a passphrase when the review is encrypted.
import { openPath as chooseFile, savePath } from "./dialogs.svelte";
import { AppError, call, commands } from "./api";
import { act, app, notify, showReview } from "./state.svelte";
import { ui } from "./ui.svelte";

export const REVIEW_FILTER = { name: "Chronolane review", extensions: ["chronolane"] };

export async function openPath(path: string, passphrase: string | null = null): Promise<boolean> {
  try {
    app.busy = "Opening";
    const overview = await call(commands.openReview(path, passphrase));
    await showReview(overview);
    ui.passphraseFor = null;
    ui.startScreen = false;
    notify(`Opened ${overview.file_name}.`, "success");
    return true;
  } catch (e) {
    if (e instanceof AppError && (e.kind === "passphrase_required" || e.kind === "wrong_passphrase")) {
      ui.passphraseFor = path;
      ui.passphraseError = e.kind === "wrong_passphrase" ? e.message : "";
      return false;
    }
    notify(e instanceof Error ? e.message : String(e), "error");
    return false;
  } finally {
    app.busy = "";
  }
}

export async function chooseAndOpen() {
  const path = await chooseFile({ filters: [REVIEW_FILTER] });
  if (path) await openPath(path);
}

export async function chooseNewPath(): Promise<string | null> {
  const path = await savePath({ filters: [REVIEW_FILTER], defaultPath: "New review.chronolane" });
  if (!path) return null;
  return path.endsWith(".chronolane") ? path : `${path}.chronolane`;
}

export async function openDemo() {
  const overview = await act("Opening the demo", () => call(commands.openDemo()));
  if (overview) {
    await showReview(overview);
    ui.startScreen = false;
  }
}

/** Files dropped on the window: a review is opened; agency chronologies go to import. */
export async function handleDroppedPaths(paths: string[]) {
  const reviews = paths.filter((p) => p.toLowerCase().endsWith(".chronolane"));
  if (reviews.length > 0) {
    await openPath(reviews[0]);
    return;
  }
  if (paths.length > 0) {
    ui.droppedForImport = paths;
  }
}
