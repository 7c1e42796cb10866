// Days typed by the reviewer (a KPE's start and end, the day a request step happened), read
// by the core's one date grammar (`parse_date`), never by a second one here: the same forms
// are understood everywhere, and a date that cannot be read gets the core's reason.
import { call, commands, messageOf } from "./api";

/** A day as yyyy-mm-dd, or why the text is not one. */
export type ReadDay = { day: string } | { problem: string };

/**
 * Reads `text` as a day. A span ("March 2019", "?/03/2019") is read as its first day, or as
 * its last with `end`; with `exact`, only one day is accepted and a span is refused.
 */
export async function readDay(text: string, options: { end?: boolean; exact?: boolean } = {}): Promise<ReadDay> {
  try {
    const d = await call(commands.parseDate(text));
    if (options.exact && d.start !== d.end) {
      return { problem: `'${text.trim()}' is not one day: write the day, like 01/03/2024.` };
    }
    return { day: options.end ? d.end : d.start };
  } catch (e) {
    return { problem: messageOf(e) };
  }
}
