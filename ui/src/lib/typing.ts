// Long text is saved while the reviewer types, not only when they leave the field: after a
// pause in typing, the textarea's own `change` event is sent, so every textarea's existing
// save runs. A crash or a power cut then loses at most the last pause's worth of typing.
// The `change` the browser sends when the field is left is dropped when it carries nothing
// new, so an edit is saved (and undoable) once.

let pending = 0;

/** Whether some typing has not been saved yet: answers to earlier saves must not be put on
 *  screen then (they would hold older text than the field shows). */
export function typingPending(): boolean {
  return pending > 0;
}

/** Starts saving textareas after a pause of `pauseMs` in typing. Returns a stop function. */
export function saveWhileTyping(target: Window | Document | HTMLElement, pauseMs = 1200): () => void {
  const timers = new Map<HTMLTextAreaElement, ReturnType<typeof setTimeout>>();
  const saved = new WeakMap<HTMLTextAreaElement, string>();
  const ours = new WeakSet<Event>();

  const clear = (el: HTMLTextAreaElement) => {
    const t = timers.get(el);
    if (t !== undefined) {
      clearTimeout(t);
      timers.delete(el);
      pending--;
    }
  };
  const onInput = (e: Event) => {
    const el = e.target;
    if (!(el instanceof HTMLTextAreaElement)) return;
    clear(el);
    pending++;
    timers.set(
      el,
      setTimeout(() => {
        timers.delete(el);
        pending--;
        if (!el.isConnected) return;
        saved.set(el, el.value);
        const change = new Event("change", { bubbles: true });
        ours.add(change);
        el.dispatchEvent(change);
      }, pauseMs),
    );
  };
  const onChange = (e: Event) => {
    const el = e.target;
    if (!(el instanceof HTMLTextAreaElement) || ours.has(e)) return;
    clear(el);
    if (saved.get(el) === el.value) e.stopImmediatePropagation();
    saved.set(el, el.value);
  };
  target.addEventListener("input", onInput, true);
  target.addEventListener("change", onChange, true);
  return () => {
    target.removeEventListener("input", onInput, true);
    target.removeEventListener("change", onChange, true);
    for (const el of [...timers.keys()]) clear(el);
  };
}
