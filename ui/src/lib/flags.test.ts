import { describe, expect, it } from "vitest";
import type { Flag } from "../bindings";
import { defaultFilter, filterFlags, firstSentence, focusFor, rationaleOk, ruleName, step } from "./flags";

const flag = (over: Partial<Flag>): Flag => ({
  id: "1",
  kind: "lost_transfer",
  rule: "lost_transfer.no_receipt",
  identity: "lost_transfer.no_receipt:107",
  evidence_digest: "x",
  evidence: ["107"],
  explanation: "Information shared on 19/02/2019 (entry 107). No receipt is recorded.",
  severity: "high",
  inferred: false,
  starts_on: "2019-02-19",
  ends_on: "2019-03-05",
  status: "open",
  rationale: "",
  kpe: null,
  current: true,
  ...over,
});

describe("filterFlags", () => {
  const flags = [
    flag({ id: "1" }),
    flag({ id: "2", kind: "child_not_seen", severity: "medium", starts_on: "2019-08-07", identity: "b" }),
    flag({ id: "3", status: "dismissed", rationale: "seen by nursery", identity: "c" }),
    flag({ id: "4", current: false, identity: "d" }),
    flag({ id: "5", inferred: true, severity: "low", identity: "e", explanation: "Rests on inference." }),
  ];
  it("hides flags no longer raised unless asked", () => {
    expect(filterFlags(flags, defaultFilter()).map((f) => f.id)).not.toContain("4");
    expect(filterFlags(flags, { ...defaultFilter(), showStale: true }).map((f) => f.id)).toContain("4");
  });
  it("filters by kind, status, severity, inference and words", () => {
    expect(filterFlags(flags, { ...defaultFilter(), kind: "child_not_seen" }).map((f) => f.id)).toEqual(["2"]);
    expect(filterFlags(flags, { ...defaultFilter(), status: "dismissed" }).map((f) => f.id)).toEqual(["3"]);
    expect(filterFlags(flags, { ...defaultFilter(), severity: "low" }).map((f) => f.id)).toEqual(["5"]);
    expect(filterFlags(flags, { ...defaultFilter(), inferredOnly: true }).map((f) => f.id)).toEqual(["5"]);
    expect(filterFlags(flags, { ...defaultFilter(), text: "inference" }).map((f) => f.id)).toEqual(["5"]);
  });
  it("orders most severe first, then earliest", () => {
    expect(filterFlags(flags, defaultFilter()).map((f) => f.severity)).toEqual(["high", "high", "medium", "low"]);
  });
});

describe("labels and focus", () => {
  it("names rules", () => {
    expect(ruleName("missed_escalation.overruled_unchallenged")).toBe("Recommendation overruled, not challenged");
    expect(ruleName("missed_escalation.decision_below_risk")).toBe("Front-door decision below the risk");
    expect(ruleName("future.some_new_rule")).toBe("Some new rule");
  });
  it("cuts the first sentence without breaking citations or quotes", () => {
    expect(firstSentence('Referral on 03/04/2020 (entry 1503): "Safeguarding. Referral". No response.')).toBe(
      'Referral on 03/04/2020 (entry 1503): "Safeguarding. Referral".',
    );
  });
  it("asks the timeline for the evidence and the period", () => {
    expect(focusFor(flag({ evidence: ["107", "1308"] }), "Lost transfer")).toEqual({
      entries: ["107", "1308"],
      from: "2019-02-19",
      to: "2019-03-05",
      label: "Lost transfer: No receipt recorded",
    });
  });
  it("steps through a list and stays at its ends", () => {
    const list = [flag({ id: "a" }), flag({ id: "b" })];
    expect(step(list, "a", 1)?.id).toBe("b");
    expect(step(list, "b", 1)?.id).toBe("b");
    expect(step(list, "a", -1)?.id).toBe("a");
    expect(step(list, null, 1)?.id).toBe("a");
    expect(step([], null, 1)).toBeNull();
  });
  it("requires a rationale to dismiss", () => {
    expect(rationaleOk("  ")).toBe(false);
    expect(rationaleOk("Seen at nursery")).toBe(true);
  });
});
