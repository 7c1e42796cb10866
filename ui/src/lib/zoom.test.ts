import { describe, expect, it } from "vitest";
import { nearestStep, stepZoom } from "./zoom.svelte";

describe("text size", () => {
  it("steps up and down through the offered sizes and stops at the ends", () => {
    expect(stepZoom(1, 1)).toBe(1.1);
    expect(stepZoom(1, -1)).toBe(0.9);
    expect(stepZoom(2, 1)).toBe(2);
    expect(stepZoom(0.8, -1)).toBe(0.8);
    expect(stepZoom(1.3, 1)).toBe(1.5);
  });

  it("reads junk as the normal size and other sizes as the nearest offered", () => {
    expect(nearestStep(Number.NaN)).toBe(1);
    expect(nearestStep(-3)).toBe(1);
    expect(nearestStep(1.3)).toBe(1.25);
    expect(nearestStep(40)).toBe(2);
  });
});
