// Pure helpers for the KPE, findings and export views (tested in logic.test.ts).

/** Moves the item at `from` to `to` (both 0-based) and returns a new array. */
export function moved<T>(items: readonly T[], from: number, to: number): T[] {
  const out = items.slice();
  if (from < 0 || from >= out.length) return out;
  const [item] = out.splice(from, 1);
  out.splice(Math.max(0, Math.min(to, out.length)), 0, item);
  return out;
}

/** `ids` followed by those of `extra` not already in it, without repeats. */
export function added(ids: readonly string[], extra: readonly string[]): string[] {
  const out = ids.slice();
  for (const id of extra) if (!out.includes(id)) out.push(id);
  return out;
}

/** A span of ISO days the UK way: "01/03/2019" or "01/03/2019 to 09/03/2019". */
export function spanText(from: string, to: string): string {
  const uk = (iso: string) => {
    const [y, m, d] = iso.split("-");
    return y && m && d ? `${d}/${m}/${y}` : iso;
  };
  return from === to ? uk(from) : `${uk(from)} to ${uk(to)}`;
}

/** A file name without characters file systems refuse. */
export function safeFileName(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are among what file systems refuse.
  const refused = /[\\/:*?"<>|\u0000-\u001f]+/g;
  return text.replace(refused, " ").replace(/\s+/g, " ").trim() || "Review";
}

/** A file name for an export: the review's title made safe, the sections and the mode. */
export function exportFileName(title: string, sections: readonly string[], realNames: boolean, extension: string): string {
  const safe = safeFileName(title);
  const what = sections.length === 1 ? ` - ${sectionNames[sections[0]] ?? sections[0]}` : "";
  const mode = realNames ? "REAL NAMES" : "pseudonymised";
  return `${safe}${what} (${mode}).${extension}`;
}

export const sectionNames: Record<string, string> = {
  kpe: "KPEs",
  chronology: "Chronology",
  findings: "Findings",
  flags: "Flags",
  glossary: "Glossary",
};

/** The entries whose dates fall within a span, that are not already chosen. */
export function entriesInSpan<E extends { id: string; date: { start: string; end: string } }>(
  entries: readonly E[],
  from: string,
  to: string,
  chosen: readonly string[],
): E[] {
  return entries.filter((e) => e.date.start <= to && e.date.end >= from && !chosen.includes(e.id));
}

/** Labels for what the export check found (mirrors `ResidualKind::label` in the core). */
export const residualLabels: Record<string, string> = {
  real_name: "Real name",
  alias: "Alias of a real name",
  name_part: "Part of a real name",
  date_of_birth: "Date of birth",
  date_of_birth_like: "Looks like a date of birth",
  postcode: "Looks like a postcode",
  address: "Looks like an address",
};
