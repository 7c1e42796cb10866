import { describe, expect, it } from "vitest";
import { receiversText } from "./adapter";

describe("receiving agencies on the timeline", () => {
  const short = new Map([
    ["1", "Police"],
    ["2", "HV"],
  ]);
  it("names every agency an entry went to, in order", () => {
    expect(receiversText({ to_agencies: ["2", "1"] }, short)).toBe(" → HV, Police");
    expect(receiversText({ to_agencies: ["1"] }, short)).toBe(" → Police");
  });
  it("says nothing for an entry sent to no agency, or to one no longer in the review", () => {
    expect(receiversText({ to_agencies: [] }, short)).toBe("");
    expect(receiversText({ to_agencies: ["9"] }, short)).toBe("");
  });
});
