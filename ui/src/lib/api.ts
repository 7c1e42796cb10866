// One place where the UI talks to the core: unwraps results and turns failures into
// `AppError`s that carry the core's stable kind and its plain-English message.
import { commands, type IpcError } from "../bindings";

export { commands };

export class AppError extends Error {
  kind: IpcError["kind"] | "unexpected";
  constructor(kind: IpcError["kind"] | "unexpected", message: string) {
    super(message);
    this.kind = kind;
  }
}

type Outcome<T> = { status: "ok"; data: T } | { status: "error"; error: IpcError };

/** Awaits a command and returns its data, or throws an AppError with the core's message. */
export async function call<T>(pending: Promise<Outcome<T>>): Promise<T> {
  let outcome: Outcome<T>;
  try {
    outcome = await pending;
  } catch (e) {
    throw new AppError("unexpected", e instanceof Error ? e.message : String(e));
  }
  if (outcome.status === "ok") return outcome.data;
  throw new AppError(outcome.error.kind, outcome.error.message);
}

/** A message for a person from anything thrown. */
export function messageOf(e: unknown): string {
  if (e instanceof AppError) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}
