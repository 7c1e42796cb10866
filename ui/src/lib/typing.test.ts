// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { saveWhileTyping, typingPending } from "./typing";

describe("saving while typing", () => {
  let area: HTMLTextAreaElement;
  let saves: string[];
  let stop: () => void;

  beforeEach(() => {
    vi.useFakeTimers();
    document.body.innerHTML = "<div id=root><textarea></textarea><input><input type=checkbox><button>Go</button></div>";
    area = document.querySelector("textarea")!;
    saves = [];
    // The component's own handler, as Svelte delegates it: on the root, bubbling.
    document.getElementById("root")!.addEventListener("change", (e) => {
      const el = e.target as HTMLInputElement;
      saves.push(el.type === "checkbox" ? `checkbox ${el.checked}` : el.value);
    });
    document.getElementById("root")!.addEventListener("click", (e) => {
      if (e.target instanceof HTMLButtonElement) saves.push("button");
    });
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

  it("saves typing before a checkbox's change, even when the field was not left", () => {
    type("Not followed up");
    const box = document.querySelector<HTMLInputElement>("input[type=checkbox]")!;
    box.checked = true;
    box.dispatchEvent(new Event("change", { bubbles: true }));
    expect(saves).toEqual(["Not followed up", "checkbox true"]);
    expect(typingPending()).toBe(false);
    // Neither the pause nor leaving the field saves it again.
    vi.advanceTimersByTime(5000);
    leave();
    expect(saves).toEqual(["Not followed up", "checkbox true"]);
  });

  it("saves a one-line field typed in before a button acts, and only once", () => {
    const input = document.querySelector<HTMLInputElement>("input:not([type])")!;
    input.value = "01/03/2021";
    input.dispatchEvent(new Event("input", { bubbles: true }));
    document.querySelector("button")!.click();
    expect(saves).toEqual(["01/03/2021", "button"]);
    input.dispatchEvent(new Event("change", { bubbles: true }));
    expect(saves).toEqual(["01/03/2021", "button"]);
    // A click inside the field itself is not another control.
    input.value = "02/03/2021";
    input.dispatchEvent(new Event("input", { bubbles: true }));
    input.click();
    expect(saves).toEqual(["01/03/2021", "button"]);
  });

  it("flushTyping saves what is pending at once", async () => {
    const { flushTyping } = await import("./typing");
    type("Seen");
    flushTyping();
    expect(saves).toEqual(["Seen"]);
    expect(typingPending()).toBe(false);
  });
});
