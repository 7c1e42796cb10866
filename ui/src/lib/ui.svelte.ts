// Transient UI state: dialogs and the start screen.
export const ui = $state({
  startScreen: false,
  startProblem: null as string | null,
  passphraseFor: null as string | null,
  passphraseError: "",
  newReview: false,
  droppedForImport: [] as string[],
  showRealNames: false,
  /** The keyboard shortcuts list (F1 or ?). */
  shortcuts: false,
});
