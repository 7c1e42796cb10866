// The views in the sidebar, in order; Ctrl+1 to Ctrl+9 follow the same order.
import type { Component } from "svelte";
import Overview from "./Overview.svelte";
import Chronology from "./Chronology.svelte";
import Timeline from "./Timeline.svelte";
import Flags from "./Flags.svelte";
import Import from "./Import.svelte";
import ImportDuplicates from "./ImportDuplicates.svelte";
import Kpes from "./Kpes.svelte";
import Findings from "./Findings.svelte";
import Export from "./Export.svelte";

export interface ViewDef {
  id: string;
  label: string;
  /** Ctrl+<key> switches to the view. */
  key: string;
  component: Component;
}

export const views: ViewDef[] = [
  { id: "overview", label: "Overview", component: Overview },
  { id: "chronology", label: "Chronology", component: Chronology },
  { id: "timeline", label: "Timeline", component: Timeline },
  { id: "flags", label: "Flags", component: Flags },
  { id: "import", label: "Import", component: Import },
  { id: "duplicates", label: "Duplicates", component: ImportDuplicates },
  { id: "kpes", label: "KPEs", component: Kpes },
  { id: "findings", label: "Findings", component: Findings },
  { id: "export", label: "Export", component: Export },
].map((v, i) => ({ ...v, key: String(i + 1) }));
