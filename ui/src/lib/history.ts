// The history of changes in plain words: "Edit entry 118" with a changed `date_precision`
// reads "Changed the date's precision of row 12 (12/03/2019)": entries by their number in
// the chronology and their date, fields by what they mean, dates the UK way, and no
// internal ids. Row numbers are the core's (`app.rows`, from `entry_rows`), the numbering
// the chronology, the flags and the Word export share.
import { eventDateText, ukDate, type EventDateLike } from "./format";

/** An entry as the history needs it. */
export interface HistoryEntry {
  id: string;
  date: EventDateLike;
  sequence: number;
}

/** What a stored field is, in words ("the date's precision"). */
const FIELD_WORDS: Record<string, string> = {
  date_precision: "the date's precision",
  date_start: "the date",
  date_end: "the date's end",
  date_time: "the time",
  date_approximate: "whether the date is approximate",
  date_as_written: "the date as written",
  ends_on: "the end date",
  recorded_on: "the date recorded",
  sequence: "the order on the day",
  agency_id: "the agency",
  kind: "the type",
  suggested_kind: "the suggested type",
  summary: "the summary",
  detail: "the event",
  outcome: "the outcome",
  comment: "the comment",
  child_seen: "whether the child was seen",
  to_agency_id: "the receiving agency",
  suggested_to_agency_id: "the suggested receiving agency",
  suggested: "whether it is a suggestion",
  service_level: "the service level",
  key_risk: "the key risk",
  practitioner_as_written: "the practitioner",
  source_id: "the source document",
  source_location: "where it is in the source",
  tag: "a tag",
  person_id: "a person",
  involvement: "how a person took part",
  name: "the name",
  short_name: "the lane label",
  label: "the pseudonym",
  real_name: "the real name",
  role: "the role",
  title: "the title",
  notes: "the notes",
  scope_start: "the scope's start",
  scope_end: "the scope's end",
  colour: "the colour",
  lane_order: "the lane order",
  area_id: "the area",
  template_sent_on: "the day the template was sent",
  return_received_on: "the day the return was received",
  return_checked_on: "the day the return was checked",
  accuracy_sent_on: "the day the accuracy pack was sent",
  accuracy_confirmed_on: "the day accuracy was confirmed",
  what_happened: "what happened",
  what_needs_to_change: "what needs to change",
  questions_for_practitioners: "the questions for practitioners",
  read_more: "where to read more",
};

/** A stored field in words; an unknown one with its underscores as spaces. */
export function fieldWords(field: string): string {
  return FIELD_WORDS[field] ?? field.replace(/_id$/, "").replace(/_/g, " ");
}

/** What a stored table's row is, in words. */
const TABLE_WORDS: Record<string, string> = {
  entry: "Entry",
  entry_tag: "Tag of an entry",
  entry_person: "Person in an entry",
  entry_receiver: "Receiving agency of an entry",
  link: "Link between entries",
  agency: "Agency",
  area: "Area",
  person: "Person",
  review: "The review",
  source_document: "Source document",
  kpe: "KPE",
  kpe_entry: "Entry in a KPE",
  kpe_factor: "Factor of a KPE",
  finding: "Finding",
  finding_kpe: "KPE of a finding",
  finding_entry: "Entry of a finding",
  board_question: "Question for the board",
  flag: "Flag",
  flag_evidence: "Evidence of a flag",
  protocol_rule: "Protocol rule",
  column_mapping: "Column mapping",
  agency_request: "Request to an agency",
  briefing: "7-minute briefing",
};

const OPERATION_WORDS: Record<string, string> = { insert: "added", update: "changed", delete: "removed" };

/** "Entry changed", "Link between entries added". */
export function recordWords(operation: string, table: string): string {
  return `${TABLE_WORDS[table] ?? table.replace(/_/g, " ")} ${OPERATION_WORDS[operation] ?? operation}`;
}

/** A stored value as the reviewer reads it: ISO dates the UK way, "—" for nothing. */
export function valueWords(value: string): string {
  if (value === "" || value === "null" || value === "—") return "—";
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return ukDate(value);
  const at = value.match(/^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})/);
  if (at) return `${ukDate(at[1])} ${at[2]}`;
  return value;
}

/** "row 12 (12/03/2019)", or "an entry since deleted". */
function rowWords(id: string, entries: Map<string, HistoryEntry>, rows: Readonly<Record<string, number>>): string {
  const e = entries.get(id);
  const n = rows[id];
  if (!e || n === undefined) return "an entry since deleted";
  return `row ${n} (${eventDateText(e.date)})`;
}

/** "the date's precision", "the summary and the comment", "3 fields". */
function fieldsWords(fields: readonly string[]): string {
  const words = [...new Set(fields.map(fieldWords))];
  if (words.length === 0) return "";
  if (words.length > 3) return `${words.length} fields`;
  if (words.length === 1) return words[0];
  return `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}

/**
 * A change's action in plain words. `rows` are the entries' chronology rows (the core's);
 * `fields` are the entry's fields the change changed, when known (they come with the
 * change's rows).
 */
export function actionWords(
  action: string,
  entries: readonly HistoryEntry[],
  rows: Readonly<Record<string, number>>,
  fields: readonly string[] | null = null,
): string {
  const byId = new Map(entries.map((e) => [e.id, e]));
  let m = action.match(/^Edit entry (\d+)$/);
  if (m) {
    const what = fields?.length ? fieldsWords(fields) : "";
    return what ? `Changed ${what} of ${rowWords(m[1], byId, rows)}` : `Changed ${rowWords(m[1], byId, rows)}`;
  }
  m = action.match(/^Link entry (\d+) (.+) entry (\d+)$/);
  if (m) return `Linked ${rowWords(m[1], byId, rows)} to ${rowWords(m[3], byId, rows)} (${m[2].toLowerCase()})`;
  if (/^Remove link \d+$/.test(action)) return "Removed a link between entries";
  m = action.match(/^Change link \d+ to '(.+)'$/);
  if (m) return `Changed a link between entries to “${m[1]}”`;
  if (/^Delete agency \d+$/.test(action)) return "Deleted an agency";
  if (/^Delete person \d+$/.test(action)) return "Removed a person from the glossary";
  m = action.match(/^(\w+) flag \d+$/);
  if (m) return `${m[1]} a flag`;
  return action;
}

/** The entry fields an update of one entry changed, from its row's before and after. */
export function changedFields(before: string, after: string): string[] {
  try {
    const b = JSON.parse(before || "{}") as Record<string, unknown>;
    const a = JSON.parse(after || "{}") as Record<string, unknown>;
    return [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]));
  } catch {
    return [];
  }
}
