// Choosing a file to save or open: the native dialog where it can open, else a path typed by
// the reviewer, with a plain reason why the dialog is not offered. On Linux the dialogs need
// a desktop session bus; in a remote or minimal session a dialog asked for never appears, so
// the core is asked first (`file_dialogs_problem`) and a dialog that fails says so too. Every
// caller gets a path or null (cancelled), whichever way it was chosen.
import { open, save, type OpenDialogOptions, type SaveDialogOptions } from "@tauri-apps/plugin-dialog";
import { call, commands, messageOf } from "./api";

/** A path being asked for by typing (PathPrompt.svelte shows it). */
export interface PathAsk {
  kind: "save" | "open";
  /** Why the dialog is not offered, in plain words. */
  reason: string;
  /** The file name the dialog would have suggested. */
  suggested: string;
  /** The extensions expected, without dots. */
  extensions: string[];
  answer: (path: string | null) => void;
}

export const typing = $state({ ask: null as PathAsk | null });

let problem: Promise<string | null> | null = null;

/** Why the native dialogs cannot open here (asked once), or null when they can. */
export function dialogsProblem(): Promise<string | null> {
  problem ??= call(commands.fileDialogsProblem()).catch(() => null);
  return problem;
}

function extensionsOf(filters: { extensions: string[] }[] | undefined): string[] {
  return (filters ?? []).flatMap((f) => f.extensions);
}

/** Asks the reviewer to type a path, saying why; resolves to it, or null if cancelled. */
export function askForPath(kind: PathAsk["kind"], reason: string, suggested: string, extensions: string[]): Promise<string | null> {
  typing.ask?.answer(null);
  return new Promise((resolve) => {
    typing.ask = {
      kind,
      reason,
      suggested,
      extensions,
      answer: (path) => {
        typing.ask = null;
        resolve(path);
      },
    };
  });
}

/** A path to save to: from the Save dialog, or typed where it cannot open. */
export async function savePath(options: SaveDialogOptions = {}): Promise<string | null> {
  const why = await dialogsProblem();
  const suggested = options.defaultPath ?? "";
  const extensions = extensionsOf(options.filters);
  if (why) return askForPath("save", why, suggested, extensions);
  try {
    return await save(options);
  } catch (e) {
    return askForPath("save", `The Save dialog could not open (${messageOf(e)}). Type the file's full path instead.`, suggested, extensions);
  }
}

/** One file to open: from the Open dialog, or typed where it cannot open. */
export async function openPath(options: OpenDialogOptions = {}): Promise<string | null> {
  const picked = await openPaths({ ...options, multiple: false });
  return picked[0] ?? null;
}

/** Files to open (several where the dialog allows): from the Open dialog, or one typed. */
export async function openPaths(options: OpenDialogOptions = {}): Promise<string[]> {
  const why = await dialogsProblem();
  const extensions = extensionsOf(options.filters);
  const typed = async (reason: string) => {
    const path = await askForPath("open", reason, "", extensions);
    return path ? [path] : [];
  };
  if (why) return typed(why);
  try {
    const picked = await open({ ...options, directory: false });
    if (!picked) return [];
    return Array.isArray(picked) ? picked : [picked];
  } catch (e) {
    return typed(`The Open dialog could not open (${messageOf(e)}). Type the file's full path instead.`);
  }
}

/** Whether a typed path is a full path (the app has no folder of its own to start from). */
export function isFullPath(path: string): boolean {
  const p = path.trim();
  return p.startsWith("/") || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith("\\\\");
}

/** The typed path with the expected extension added when it has none of them. */
export function withExtension(path: string, extensions: string[]): string {
  const p = path.trim();
  if (extensions.length === 0) return p;
  const lower = p.toLowerCase();
  return extensions.some((x) => lower.endsWith(`.${x.toLowerCase()}`)) ? p : `${p}.${extensions[0]}`;
}
