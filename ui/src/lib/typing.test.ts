// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { saveWhileTyping, typingPending } from "./typing";

describe("saving while typing", () => {
  let area: HTMLTextAreaElement;
  let saves: string[];
  let stop: () => void;

  beforeEach(() => {
    vi.useFakeTimers();
    document.body.innerHTML = "<div id=root><textarea></textarea><input></div>";
    area = document.querySelector("textarea")!;
    saves = [];
    // The component's own handler, as Svelte delegates it: on the root, bubbling.
    document.getElementById("root")!.addEventListener("change", (e) => saves.push((e.target as HTMLTextAreaElement).value));
    stop = saveWhileTyping(document);
  });
  afterEach(() => {
    stop();
    vi.useRealTimers();
  });

  const type = (text: string) => {
    area.value += text;
    area.dispatchEvent(new Event("input", { bubbles: true }));
  };
  // What the browser sends when the field is left after typing.
  const leave = () => area.dispatchEvent(new Event("change", { bubbles: true }));

  it("saves after a pause in typing, not at every key", () => {
    type("Mother");
    vi.advanceTimersByTime(500);
    type(" was seen");
    expect(typingPending()).toBe(true);
    vi.advanceTimersByTime(1100);
    expect(saves).toEqual([]);
    vi.advanceTimersByTime(200);
    expect(saves).toEqual(["Mother was seen"]);
    expect(typingPending()).toBe(false);
  });

  it("does not save twice when the field is left after a saved pause", () => {
    type("Seen alone");
    vi.advanceTimersByTime(1300);
    leave();
    expect(saves).toEqual(["Seen alone"]);
  });

  it("saves at once when the field is left before the pause, and only then", () => {
    type("Seen");
    leave();
    expect(saves).toEqual(["Seen"]);
    expect(typingPending()).toBe(false);
    vi.advanceTimersByTime(5000);
    expect(saves).toEqual(["Seen"]);
  });

  it("leaves other fields alone", () => {
    const input = document.querySelector("input")!;
    input.value = "12/0";
    input.dispatchEvent(new Event("input", { bubbles: true }));
    vi.advanceTimersByTime(5000);
    expect(saves).toEqual([]);
    expect(typingPending()).toBe(false);
  });

  it("drops the save of a field that is gone", () => {
    type("Draft");
    area.remove();
    vi.advanceTimersByTime(5000);
    expect(saves).toEqual([]);
    expect(typingPending()).toBe(false);
  });
});
