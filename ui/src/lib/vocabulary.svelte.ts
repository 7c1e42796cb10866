// The core's vocabularies (entry kinds, sectors ...) with their labels, loaded once.
import type { Vocabulary } from "../bindings";
import { commands } from "./api";

export const vocab = $state({ value: null as Vocabulary | null });

export async function loadVocabulary() {
  if (!vocab.value) vocab.value = await commands.vocabulary();
}

type Group = keyof Vocabulary;

/** The label of a code, or the code itself when unknown. */
export function label(group: Group, code: string | null | undefined): string {
  if (!code) return "";
  return vocab.value?.[group].find((c) => c.code === code)?.label ?? code;
}
