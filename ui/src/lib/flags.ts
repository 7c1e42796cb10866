// Pure logic of the flags panel: filtering and ordering flags, labels, and the request that
// opens a flag's evidence on the timeline. Kept out of the components so it is unit-tested.
import type { Flag, FlagKind, FlagStatus, Severity } from "../bindings";

export interface FlagFilter {
  kind: FlagKind | "all";
  status: FlagStatus | "all";
  severity: Severity | "all";
  /** Also show flags the last analysis no longer raised. */
  showStale: boolean;
  /** Only flags that rest on inference. */
  inferredOnly: boolean;
  /** Words to find in the explanation or rule. */
  text: string;
}

export const defaultFilter = (): FlagFilter => ({
  kind: "all",
  status: "all",
  severity: "all",
  showStale: false,
  inferredOnly: false,
  text: "",
});

export const SEVERITY_LABEL: Record<Severity, string> = { high: "High", medium: "Medium", low: "Low" };
export const STATUS_LABEL: Record<FlagStatus, string> = { open: "Open", confirmed: "Confirmed", dismissed: "Dismissed" };

const SEVERITY_RANK: Record<Severity, number> = { high: 0, medium: 1, low: 2 };

/** The flags that pass `f`: current first, then most severe, then earliest. */
export function filterFlags(flags: Flag[], f: FlagFilter): Flag[] {
  const needle = f.text.trim().toLowerCase();
  return flags
    .filter((flag) => f.showStale || flag.current)
    .filter((flag) => f.kind === "all" || flag.kind === f.kind)
    .filter((flag) => f.status === "all" || flag.status === f.status)
    .filter((flag) => f.severity === "all" || flag.severity === f.severity)
    .filter((flag) => !f.inferredOnly || flag.inferred)
    .filter((flag) => !needle || flag.explanation.toLowerCase().includes(needle) || flag.rule.toLowerCase().includes(needle) || flag.evidence.includes(needle))
    .sort(
      (a, b) =>
        Number(b.current) - Number(a.current) ||
        SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
        a.starts_on.localeCompare(b.starts_on) ||
        a.identity.localeCompare(b.identity),
    );
}

/** Short names for the rules (ids as the core gives them in `RULES`). */
const RULE_NAMES: Record<string, string> = {
  no_receipt: "No receipt recorded",
  moved_no_onward_referral: "Closed after a move, no onward referral",
  disengaged_no_handover: "Disengaged, no hand-over",
  key_risk_dropped: "Key risk not recorded by the receiver",
  lower_level_unchallenged: "Lower response, not challenged",
  overruled_unchallenged: "Recommendation overruled, not challenged",
  concerns_no_strategy_discussion: "Concerns, no strategy discussion",
  disagreement_dropped: "Disagreement not escalated",
  open_case_gap: "Not seen while a case was open",
  protocol_timescale: "Later than the protocol",
  linked: "Linked as contradicting",
  accounts_differ: "Accounts of one event differ",
  unrecorded_meeting: "Meeting a participant has no record of",
  minimised_no_assessment: "Recorded again and again, not assessed",
  risk_denied: "Risk named to one agency, denied to another",
  protocol_visit: "Visit later than the protocol",
  role_gap: "Not seen by the service responsible",
  event_timescale: "Response to an event later than the protocol",
  new_adult_unchecked: "New adult at the home, not checked",
  allegation_denied: "Allegation recorded, denied elsewhere",
  contact_denied: "Contact recorded, denied elsewhere",
  decision_below_risk: "Front-door decision below the risk",
};

/** A rule's short name, from its id ("lost_transfer.no_receipt" → "No receipt recorded");
 * an unknown rule reads as its words. */
export function ruleName(rule: string): string {
  const variant = rule.split(".").pop() ?? rule;
  if (RULE_NAMES[variant]) return RULE_NAMES[variant];
  const words = variant.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The first sentence of an explanation, for the list. */
export function firstSentence(text: string): string {
  // A sentence ends at ". " not inside a quotation or an entry citation.
  let depth = 0;
  for (let i = 0; i < text.length - 1; i++) {
    const c = text[i];
    if (c === '"') depth = depth ? 0 : 1;
    else if (c === "(") depth++;
    else if (c === ")") depth = Math.max(0, depth - 1);
    else if (c === "." && text[i + 1] === " " && depth === 0) return text.slice(0, i + 1);
  }
  return text;
}

/** The request that shows a flag's evidence on the timeline (`app.focus`). */
export function focusFor(flag: Flag, kindLabel: string): { entries: string[]; from: string; to: string; label: string } {
  return {
    entries: [...flag.evidence],
    from: flag.starts_on,
    to: flag.ends_on,
    label: `${kindLabel}: ${ruleName(flag.rule)}`,
  };
}

/** The flag `delta` places from `current` in `list` (stays at the ends). */
export function step(list: Flag[], current: string | null, delta: number): Flag | null {
  if (list.length === 0) return null;
  const i = list.findIndex((f) => f.id === current);
  if (i < 0) return list[0];
  return list[Math.min(list.length - 1, Math.max(0, i + delta))];
}

/** Whether the reviewer can dismiss with this rationale (it must say something). */
export function rationaleOk(text: string): boolean {
  return text.trim().length > 0;
}
