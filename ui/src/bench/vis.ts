// vis-timeline on the benchmark page, with the same data: one group per lane, one item per
// entry (ranges for approximate dates), stacking off as in a swimlane view.
import * as vis from "vis-timeline/standalone";
import "vis-timeline/styles/vis-timeline-graph2d.min.css";
import type { TimelineInput } from "../lib/timeline/model";

const MS = 86_400_000;

// The standalone build exports DataSet at run time; its type declarations do not say so.
type VisTimeline = { redraw(): void; setWindow(a: Date, b: Date, o: unknown): void; destroy(): void };
const { DataSet, Timeline } = vis as unknown as {
  DataSet: new (items: unknown[]) => unknown;
  Timeline: new (el: HTMLElement, items: unknown, groups: unknown, options: unknown) => VisTimeline;
};

export function mount(stage: HTMLElement, input: TimelineInput) {
  const groups = new DataSet(input.lanes.map((l) => ({ id: l.id, content: l.label })));
  const items = new DataSet(
    input.items.map((it) =>
      it.end > it.start
        ? { id: it.id, group: it.lane, start: new Date(it.start * MS), end: new Date(it.end * MS), content: it.label, type: "range" }
        : { id: it.id, group: it.lane, start: new Date(it.start * MS), content: it.label, type: "point" },
    ),
  );
  let min = Infinity,
    max = -Infinity;
  for (const it of input.items) {
    min = Math.min(min, it.start);
    max = Math.max(max, it.end);
  }
  const timeline = new Timeline(stage, items, groups, {
    stack: false,
    height: "100%",
    start: new Date(min * MS),
    end: new Date(max * MS),
    zoomMin: 3_600_000,
  });
  timeline.redraw();
  void stage.offsetHeight;
  return {
    min,
    max,
    show(from: number, to: number) {
      timeline.setWindow(new Date(from * MS), new Date(to * MS), { animation: false });
      timeline.redraw();
      // Force style and layout so the work is counted here, as the canvas's pixel read does.
      void stage.offsetHeight;
    },
    destroy: () => timeline.destroy(),
  };
}
