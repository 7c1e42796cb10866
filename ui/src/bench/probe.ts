// Timing probes for single drawing operations on this browser's canvas (bench.html?probe=1):
// each draws one kind of shape many times and forces rasterisation with a pixel read.
export function probe(stage: HTMLElement): Record<string, number> {
  const canvas = document.createElement("canvas");
  const r = stage.getBoundingClientRect();
  canvas.width = r.width;
  canvas.height = r.height;
  stage.appendChild(canvas);
  const ctx = canvas.getContext("2d")!;
  const W = canvas.width,
    H = canvas.height;
  const cases: Record<string, () => void> = {
    clear: () => {},
    arcs500OnePath: () => {
      ctx.beginPath();
      for (let k = 0; k < 500; k++) {
        const x = (k * 37) % W,
          y = (k * 53) % H;
        ctx.moveTo(x + 5, y);
        ctx.arc(x, y, 5, 0, Math.PI * 2);
      }
      ctx.fillStyle = "#0072B2";
      ctx.fill();
    },
    arcs500Separate: () => {
      ctx.fillStyle = "#0072B2";
      for (let k = 0; k < 500; k++) {
        ctx.beginPath();
        ctx.arc((k * 37) % W, (k * 53) % H, 5, 0, Math.PI * 2);
        ctx.fill();
      }
    },
    tri500OnePath: () => {
      ctx.beginPath();
      for (let k = 0; k < 500; k++) {
        const x = (k * 37) % W,
          y = (k * 53) % H;
        ctx.moveTo(x - 5, y - 5);
        ctx.lineTo(x + 5, y);
        ctx.lineTo(x - 5, y + 5);
        ctx.closePath();
      }
      ctx.fillStyle = "#0072B2";
      ctx.fill();
      ctx.strokeStyle = "#fff";
      ctx.stroke();
    },
    curves50: () => {
      ctx.strokeStyle = "#333";
      for (let k = 0; k < 50; k++) {
        ctx.beginPath();
        ctx.moveTo((k * 31) % W, 100);
        ctx.quadraticCurveTo(((k * 31) % W) + 100, 400, (k * 47) % W, 900);
        ctx.stroke();
      }
    },
    text300: () => {
      ctx.fillStyle = "#000";
      ctx.font = "12px DejaVu Sans";
      for (let k = 0; k < 300; k++) ctx.fillText(`Some label text ${k}`, (k * 37) % 1500, 20 + ((k * 13) % 900));
    },
    dashed50: () => {
      ctx.strokeStyle = "#c00";
      ctx.setLineDash([6, 4]);
      for (let k = 0; k < 50; k++) {
        ctx.beginPath();
        ctx.moveTo((k * 31) % W, 100);
        ctx.lineTo((k * 47) % W, 900);
        ctx.stroke();
      }
      ctx.setLineDash([]);
    },
    rects2000: () => {
      for (let k = 0; k < 2000; k++) {
        ctx.fillStyle = k % 2 ? "#eef0f2" : "#c9ced4";
        ctx.fillRect((k * 7) % W, 0, 1, H);
      }
    },
    clip20: () => {
      for (let k = 0; k < 20; k++) {
        ctx.save();
        ctx.beginPath();
        ctx.rect(124, 70, W - 124, H - 70);
        ctx.clip();
        ctx.fillStyle = "#000";
        ctx.fillRect(300 + k * 10, 300, 5, 5);
        ctx.restore();
      }
    },
    translucent10: () => {
      ctx.fillStyle = "rgba(15,107,115,0.07)";
      for (let k = 0; k < 10; k++) ctx.fillRect(0, 0, W, H);
    },
  };
  const out: Record<string, number> = {};
  for (const [name, f] of Object.entries(cases)) {
    const times: number[] = [];
    for (let rep = 0; rep < 7; rep++) {
      const t = performance.now();
      ctx.fillStyle = "#fff";
      ctx.fillRect(0, 0, W, H);
      f();
      ctx.getImageData(0, 0, 1, 1);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    out[name] = Math.round(times[3] * 10) / 10;
  }
  return out;
}
