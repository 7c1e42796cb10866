// The views in the sidebar, in order. Each feature adds its line under its marker.
import type { Component } from "svelte";
import Overview from "./Overview.svelte";
import Chronology from "./Chronology.svelte";
// timeline (issue 4)
import Timeline from "./Timeline.svelte";
// analysis (issue 5)
import Flags from "./Flags.svelte";
// import (issue 3)
import Import from "./Import.svelte";
import ImportDuplicates from "./ImportDuplicates.svelte";
// report (issue 6)
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
  { id: "overview", label: "Overview", key: "1", component: Overview },
  { id: "chronology", label: "Chronology", key: "2", component: Chronology },
  { id: "timeline", label: "Timeline", key: "3", component: Timeline },
  { id: "flags", label: "Flags", key: "4", component: Flags },
  { id: "import", label: "Import", key: "9", component: Import },
  { id: "duplicates", label: "Duplicates", key: "0", component: ImportDuplicates },
  { id: "kpes", label: "KPEs", key: "6", component: Kpes },
  { id: "findings", label: "Findings", key: "7", component: Findings },
  { id: "export", label: "Export", key: "8", component: Export },
];
