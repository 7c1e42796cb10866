// Long text is saved while the reviewer types, not only when they leave the field: after a
// pause in typing, the textarea's own `change` event is sent, so every textarea's existing
// save runs. A crash or a power cut then loses at most the last pause's worth of typing.
// The `change` the browser sends when the field is left is dropped when it carries nothing
// new, so an edit is saved (and undoable) once.
//
// Typing is also saved before anything else is: a click on, or a change of, any other
// control (a checkbox, a select, a button) first sends the `change` of every text field
// typed in and not yet saved. WebKit does not move the focus to a checkbox or a button that
// is clicked, so the field is not left and sends no `change` of its own; without this, the
// other control's save would carry the record without the text just typed (and a field the
// view resets from the record, like a KPE's dates, would lose it).

let pending = 0;
const flushers = new Set<() => void>();

/** Whether some typing has not been saved yet: answers to earlier saves must not be put on
 *  screen then (they would hold older text than the field shows). */
export function typingPending(): boolean {
  return pending > 0;
}

/** Sends the `change` of every field typed in and not saved yet, now. */
export function flushTyping() {
  for (const flush of flushers) flush();
}

type TextField = HTMLTextAreaElement | HTMLInputElement;

/** Fields whose typing is saved by their `change`: textareas and one-line text inputs (not
 *  passwords, searches or checkboxes). */
function textField(el: EventTarget | null): TextField | null {
  if (el instanceof HTMLTextAreaElement) return el;
  if (el instanceof HTMLInputElement && ["text", "number", "date", "email", "tel", "url", ""].includes(el.getAttribute("type") ?? "")) return el;
  return null;
}

/** Starts saving textareas after a pause of `pauseMs` in typing, and every text field's
 *  typing before another control acts. Returns a stop function. */
export function saveWhileTyping(target: Window | Document | HTMLElement, pauseMs = 1200): () => void {
  const timers = new Map<HTMLTextAreaElement, ReturnType<typeof setTimeout>>();
  /** Fields typed in since their last `change`. */
  const dirty = new Set<TextField>();
  const saved = new WeakMap<TextField, string>();
  const ours = new WeakSet<Event>();

  const clear = (el: TextField) => {
    dirty.delete(el);
    if (!(el instanceof HTMLTextAreaElement)) return;
    const t = timers.get(el);
    if (t !== undefined) {
      clearTimeout(t);
      timers.delete(el);
      pending--;
    }
  };
  /** Sends the field's `change` (its save) now. */
  const send = (el: TextField) => {
    clear(el);
    if (!el.isConnected) return;
    saved.set(el, el.value);
    const change = new Event("change", { bubbles: true });
    ours.add(change);
    el.dispatchEvent(change);
  };
  /** Saves every field typed in, except `except` (the one being acted on). */
  const flush = (except: EventTarget | null = null) => {
    for (const el of [...dirty]) if (el !== except) send(el);
  };
  const onInput = (e: Event) => {
    const el = textField(e.target);
    if (!el) return;
    clear(el);
    dirty.add(el);
    if (!(el instanceof HTMLTextAreaElement)) return;
    pending++;
    timers.set(
      el,
      setTimeout(() => {
        timers.delete(el);
        pending--;
        send(el);
      }, pauseMs),
    );
  };
  const onChange = (e: Event) => {
    if (ours.has(e)) return;
    const el = textField(e.target);
    if (!el) {
      // Another control changed (a checkbox, a select): the typing is saved first.
      flush();
      return;
    }
    clear(el);
    if (saved.get(el) === el.value) e.stopImmediatePropagation();
    saved.set(el, el.value);
  };
  const onClick = (e: Event) => {
    if (!dirty.size) return;
    // A click inside a field typed in is more typing, not another control.
    const inside = [...dirty].find((el) => e.target instanceof Node && el.contains(e.target));
    flush(inside ?? null);
  };
  const flushAll = () => flush();
  flushers.add(flushAll);
  target.addEventListener("input", onInput, true);
  target.addEventListener("change", onChange, true);
  target.addEventListener("click", onClick, true);
  return () => {
    flushers.delete(flushAll);
    target.removeEventListener("input", onInput, true);
    target.removeEventListener("change", onChange, true);
    target.removeEventListener("click", onClick, true);
    for (const el of [...dirty]) clear(el);
  };
}
