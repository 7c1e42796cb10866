// Chronolane's renderer on the benchmark page: the same controller the app uses.
import { TimelineController } from "../lib/timeline/controller";
import { TimelineModel, type TimelineInput } from "../lib/timeline/model";
import { NORMAL } from "../lib/timeline/theme";

export function mount(stage: HTMLElement, input: TimelineInput) {
  const canvas = document.createElement("canvas");
  stage.appendChild(canvas);
  const model = new TimelineModel(input);
  const tl = new TimelineController(canvas, model, NORMAL);
  const r = stage.getBoundingClientRect();
  tl.resize(r.width, r.height);
  const ctx = canvas.getContext("2d")!;
  const flush = new URLSearchParams(location.search).get("flush") !== "0";
  const only = new URLSearchParams(location.search).get("only");
  const frame = () => {
    if (only === "none") {
      // Nothing drawn: the browser's own frame floor with the canvas unchanged.
    } else if (only === "small") {
      ctx.fillStyle = "#000";
      ctx.fillRect(Math.random() * 500, 10, 10, 10);
    } else if (only === "clear") {
      ctx.fillStyle = "#fff";
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.fillStyle = "#000";
      ctx.fillRect(Math.random() * 500, 10, 10, 10);
    } else if (only === "rects") {
      ctx.fillStyle = "#fff";
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      for (let k = 0; k < 20; k++) {
        ctx.fillStyle = k % 2 ? "#f7f8f9" : "#fff";
        ctx.fillRect(124, 100 + k * 44, 1476, 44);
      }
      ctx.fillStyle = "rgba(15,107,115,0.07)";
      for (let k = 0; k < 4; k++) ctx.fillRect(200 + k * 300, 70, 120, 930);
    } else if (only === "clip") {
      ctx.fillStyle = "#fff";
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      for (let k = 0; k < 6; k++) {
        ctx.save();
        ctx.beginPath();
        ctx.rect(124, 70, 1476, 930);
        ctx.clip();
        ctx.fillStyle = "#000";
        ctx.fillRect(300 + k * 10, 300, 5, 5);
        ctx.restore();
      }
    } else if (only === "text") {
      ctx.fillStyle = "#fff";
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.fillStyle = "#000";
      ctx.font = "12px DejaVu Sans";
      for (let k = 0; k < 300; k++) ctx.fillText(`Some label text ${k}`, (k * 37) % 1500, 20 + ((k * 13) % 900));
    } else tl.drawNow();
    // Reading a pixel makes the browser finish rasterising the frame inside the measurement.
    if (flush) ctx.getImageData(0, 0, 1, 1);
  };
  const q = new URLSearchParams(location.search);
  if (q.get("links") === "0") tl.state.showLinks = false;
  if (q.get("sprites") === "0") tl.useSprites = false;
  if (q.get("flags") === "0") tl.state.showFlags = false;
  tl.fit();
  frame();
  return {
    min: model.min,
    max: model.max,
    show(from: number, to: number) {
      tl.setRange(from, to);
      frame();
    },
    destroy: () => tl.destroy(),
  };
}
