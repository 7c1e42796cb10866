// Save and Open where the native dialogs cannot open: the reviewer is told why and types a
// path; where they can, the dialog's answer is used; a dialog that fails says so too.
import { beforeEach, describe, expect, it, vi } from "vitest";

const env = vi.hoisted(() => ({
  problem: null as string | null,
  asked: 0,
  save: vi.fn(),
  open: vi.fn(),
}));

vi.mock("@tauri-apps/plugin-dialog", () => ({ save: env.save, open: env.open }));
vi.mock("./api", () => ({
  commands: {
    fileDialogsProblem: async () => {
      env.asked++;
      return { status: "ok", data: env.problem };
    },
  },
  call: async <T>(p: Promise<{ status: "ok"; data: T }>) => (await p).data,
  messageOf: (e: unknown) => (e instanceof Error ? e.message : String(e)),
}));

// Loaded once while the file is collected (the first load transforms the module, slow on a
// busy machine); each test then loads it afresh, so the core is asked again.
await import("./dialogs.svelte");

beforeEach(() => {
  vi.resetModules();
  env.problem = null;
  env.asked = 0;
  env.save.mockReset();
  env.open.mockReset();
});

async function load() {
  return await import("./dialogs.svelte");
}

describe("choosing a file", () => {
  it("uses the native dialog where it can open, asking the core once", async () => {
    const d = await load();
    env.save.mockResolvedValue("/home/r/report.docx");
    env.open.mockResolvedValue(["/home/r/a.csv", "/home/r/b.csv"]);
    expect(await d.savePath({ defaultPath: "report.docx" })).toBe("/home/r/report.docx");
    expect(await d.openPaths({ multiple: true })).toEqual(["/home/r/a.csv", "/home/r/b.csv"]);
    expect(env.asked).toBe(1);
    expect(d.typing.ask).toBeNull();
  });

  it("says why and takes a typed path where the dialogs cannot open", async () => {
    env.problem = "The Save and Open dialogs cannot open on this computer: they need a desktop session bus.";
    const d = await load();
    const chosen = d.savePath({ defaultPath: "timeline.png", filters: [{ name: "PNG", extensions: ["png"] }] });
    await vi.waitFor(() => expect(d.typing.ask).not.toBeNull());
    expect(env.save).not.toHaveBeenCalled();
    expect(d.typing.ask!.reason).toContain("session bus");
    expect(d.typing.ask!.suggested).toBe("timeline.png");
    expect(d.typing.ask!.extensions).toEqual(["png"]);
    d.typing.ask!.answer("/tmp/out/timeline.png");
    expect(await chosen).toBe("/tmp/out/timeline.png");
    expect(d.typing.ask).toBeNull();
  });

  it("says the dialog failed and offers typing when it throws", async () => {
    const d = await load();
    env.open.mockRejectedValue(new Error("no portal"));
    const chosen = d.openPath({});
    await vi.waitFor(() => expect(d.typing.ask).not.toBeNull());
    expect(d.typing.ask!.reason).toContain("The Open dialog could not open (no portal)");
    d.typing.ask!.answer(null);
    expect(await chosen).toBeNull();
  });

  it("takes only full paths, adding the expected extension when it is left out", async () => {
    const d = await load();
    expect(d.isFullPath("/home/r/report")).toBe(true);
    expect(d.isFullPath("C:\\Users\\r\\report.docx")).toBe(true);
    expect(d.isFullPath("report.docx")).toBe(false);
    expect(d.isFullPath("~/report.docx")).toBe(false);
    expect(d.withExtension("/home/r/report", ["docx"])).toBe("/home/r/report.docx");
    expect(d.withExtension("/home/r/report.DOCX", ["docx"])).toBe("/home/r/report.DOCX");
    expect(d.withExtension(" /home/r/notes ", [])).toBe("/home/r/notes");
  });
});
