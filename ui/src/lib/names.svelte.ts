// Real names on screen. The app never pseudonymises text itself: every screen that hides
// real names (the entry panel, the chronology list, Duplicates, the timeline, presentation
// mode and the drawings the timeline exports) shows the text as the core's one pseudonymiser
// returns it (`pseudonymise_texts`), the same one documents are exported with. Answers are
// kept per glossary (the people's labels, names and aliases): a change to the glossary asks
// again.
import { call, commands } from "./api";
import { app } from "./state.svelte";
import { ui } from "./ui.svelte";

/** Shown in place of a text while the core's answer is on its way (never the text itself). */
export const WAITING = "…";

/** Bumped when answers arrive, so what shows `hidden(...)` is drawn again. */
const answers = $state({ version: 0 });

let glossary: unknown = null;
let cache = new Map<string, string>();
const asked = new Set<string>();
let scheduled = false;

/** The answers for the open review's glossary as it is now. */
function current(): Map<string, string> {
  const people = app.overview?.people ?? null;
  if (people !== glossary) {
    const key = JSON.stringify((people ?? []).map((p) => [p.label, p.real_name, p.aliases]));
    if (key !== cacheKey) {
      cacheKey = key;
      cache = new Map();
      asked.clear();
    }
    glossary = people;
  }
  return cache;
}
let cacheKey = "";

async function ask(texts: string[], into: Map<string, string>) {
  for (let i = 0; i < texts.length; i += 5000) {
    const batch = texts.slice(i, i + 5000);
    const out = await call(commands.pseudonymiseTexts(batch));
    for (const [k, t] of batch.entries()) into.set(t, out[k]);
  }
}

function askSoon() {
  if (scheduled) return;
  scheduled = true;
  queueMicrotask(async () => {
    scheduled = false;
    const into = cache;
    const texts = [...asked].filter((t) => !into.has(t));
    asked.clear();
    if (!texts.length) return;
    try {
      await ask(texts, into);
    } catch {
      // No review open (or it closed meanwhile): the text stays hidden.
    }
    answers.version++;
  });
}

/** `text` with real names replaced by pseudonyms, by the core; `WAITING` until it answers.
 *  Reactive: what shows it is drawn again when the answer arrives. */
export function hidden(text: string): string {
  void answers.version;
  if (!text || !/\p{L}/u.test(text)) return text;
  const known = current().get(text);
  if (known !== undefined) return known;
  asked.add(text);
  askSoon();
  return WAITING;
}

/** Text as screens show it: as written while "Show real names" is ticked, else `hidden`. */
export function shown(text: string): string {
  return ui.showRealNames ? text : hidden(text);
}

/** Whether `text` names someone (its pseudonymised form differs); null while the core has
 *  not answered. */
export function namesSomeone(text: string): boolean | null {
  const h = hidden(text);
  if (h === WAITING && text !== WAITING) return null;
  return h !== text;
}

/** Asks the core for all of `texts` at once and returns a function that gives each one's
 *  pseudonymised form (for drawings built in one go: the timeline and its exports). A text
 *  it was not given comes back as `WAITING`, never as written. */
export async function pseudonymiseAll(texts: Iterable<string>): Promise<(text: string) => string> {
  const into = current();
  const missing = [...new Set(texts)].filter((t) => t && !into.has(t));
  if (missing.length) await ask(missing, into);
  return (t: string) => (t ? (into.get(t) ?? WAITING) : t);
}
