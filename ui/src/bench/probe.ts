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
  const sprite = document.createElement("canvas");
  sprite.width = sprite.height = 14;
  const sc = sprite.getContext("2d")!;
  sc.beginPath();
  sc.moveTo(2, 2);
  sc.lineTo(12, 7);
  sc.lineTo(2, 12);
  sc.closePath();
  sc.fillStyle = "#0072B2";
  sc.fill();
  const big = document.createElement("canvas");
  big.width = W;
  big.height = H;
  big.getContext("2d")!.fillRect(10, 10, 100, 100);
  const bigData = big.getContext("2d")!.getImageData(0, 0, W, H);
  const textSprite = document.createElement("canvas");
  textSprite.width = 160;
  textSprite.height = 18;
  const tc = textSprite.getContext("2d")!;
  tc.font = "13px DejaVu Sans";
  tc.fillText("Some label text 1", 0, 13);
  /** 500 triangles in one path, filled. */
  function triangles500() {
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
  }
  let fresh = 0;
  const F = '12px "DejaVu Sans", "Noto Sans", "Segoe UI", system-ui, sans-serif';
  const F2 = '600 11px "DejaVu Sans", "Noto Sans", "Segoe UI", system-ui, sans-serif';
  const cases: Record<string, () => void> = {
    clear: () => {},
    /** 100 texts never measured before, the font set once. */
    measure100New: () => {
      ctx.font = F;
      for (let k = 0; k < 100; k++) ctx.measureText(`Strategy discussion ${fresh++}`);
    },
    /** The same 100 texts measured again. */
    measure100Same: () => {
      ctx.font = F;
      for (let k = 0; k < 100; k++) ctx.measureText(`Strategy discussion ${k}`);
    },
    /** 100 font changes between two fonts, nothing measured. */
    font100Swaps: () => {
      for (let k = 0; k < 100; k++) ctx.font = k % 2 ? F : F2;
    },
    /** 100 sets of the font it already has. */
    font100Same: () => {
      ctx.font = F;
      const was = ctx.font;
      for (let k = 0; k < 100; k++) ctx.font = was;
    },
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
      triangles500();
      ctx.strokeStyle = "#fff";
      ctx.stroke();
    },
    tri500FillOnly: triangles500,
    sprite500: () => {
      for (let k = 0; k < 500; k++) ctx.drawImage(sprite, (k * 37) % W, (k * 53) % H);
    },
    sprite500Int: () => {
      for (let k = 0; k < 500; k++) ctx.drawImage(sprite, 0, 0, 14, 14, Math.round((k * 37.3) % W), Math.round((k * 53.1) % H), 14, 14);
    },
    bigBlit: () => {
      ctx.drawImage(big, 0, 0);
    },
    putImage: () => {
      ctx.putImageData(bigData, 0, 0);
    },
    text100: () => {
      ctx.fillStyle = "#000";
      ctx.font = "13px DejaVu Sans";
      for (let k = 0; k < 100; k++) ctx.fillText(`Some label text ${k}`, (k * 37) % 1500, 20 + ((k * 13) % 900));
    },
    textSpritesMade100: () => {
      for (let k = 0; k < 100; k++) {
        const { c, x } = textCanvas(160, 22);
        x.fillText(`Some label text ${k}`, 2, 11);
        ctx.drawImage(c, (k * 37) % 1500, 20 + ((k * 13) % 900));
      }
    },
    sprite500Clipped: () => {
      ctx.save();
      ctx.beginPath();
      ctx.rect(124, 70, W - 124, H - 70);
      ctx.clip();
      for (let k = 0; k < 500; k++) ctx.drawImage(sprite, (k * 37) % W, (k * 53) % H);
      ctx.restore();
    },
    sprite500ClippedFrac: () => {
      ctx.save();
      ctx.beginPath();
      ctx.rect(124.5, 70.25, W - 124.5, H - 70.25);
      ctx.clip();
      for (let k = 0; k < 500; k++) ctx.drawImage(sprite, (k * 37) % W, (k * 53) % H);
      ctx.restore();
    },
    text100Clipped: () => {
      ctx.save();
      ctx.beginPath();
      ctx.rect(124, 70, W - 124, H - 70);
      ctx.clip();
      ctx.fillStyle = "#000";
      ctx.font = "13px DejaVu Sans";
      for (let k = 0; k < 100; k++) ctx.fillText(`Some label text ${k}`, (k * 37) % 1500, 20 + ((k * 13) % 900));
      ctx.restore();
    },
    textSprites100: () => {
      for (let k = 0; k < 100; k++) ctx.drawImage(textSprite, (k * 37) % 1500, 20 + ((k * 13) % 900));
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
    // Axis-aligned rectangles: one path of many (how the grid was drawn) against one
    // fillRect each. On a CPU canvas a path is rasterised as a mask over its whole extent.
    /** Density bars zoomed out: 20 lanes of 60 bars, each bar its own fill. */
    bars1200Fills: () => {
      ctx.fillStyle = "rgba(90,100,110,0.55)";
      for (let l = 0; l < 20; l++) for (let k = 0; k < 60; k++) ctx.fillRect(130 + k * 24, 100 + l * 44 + 20 - (k % 7) * 2, 22, 4 + (k % 7) * 2);
    },
    /** The same bars, one path per lane. */
    bars1200PathPerLane: () => {
      ctx.fillStyle = "rgba(90,100,110,0.55)";
      for (let l = 0; l < 20; l++) {
        ctx.beginPath();
        for (let k = 0; k < 60; k++) ctx.rect(130 + k * 24, 100 + l * 44 + 20 - (k % 7) * 2, 22, 4 + (k % 7) * 2);
        ctx.fill();
      }
    },
    /** The same bars, opaque. */
    bars1200FillsOpaque: () => {
      ctx.fillStyle = "#9aa3ab";
      for (let l = 0; l < 20; l++) for (let k = 0; k < 60; k++) ctx.fillRect(130 + k * 24, 100 + l * 44 + 20 - (k % 7) * 2, 22, 4 + (k % 7) * 2);
    },
    gridLines40OnePath: () => {
      ctx.beginPath();
      for (let k = 0; k < 40; k++) ctx.rect(130 + k * 36, 70, 1, H - 70);
      ctx.fillStyle = "#e6e9ed";
      ctx.fill();
    },
    gridLines40FillRect: () => {
      ctx.fillStyle = "#e6e9ed";
      for (let k = 0; k < 40; k++) ctx.fillRect(130 + k * 36, 70, 1, H - 70);
    },
    stripes10OnePath: () => {
      ctx.beginPath();
      for (let k = 0; k < 10; k++) ctx.rect(124, 70 + k * 88, W - 124, 44);
      ctx.fillStyle = "#f7f8f9";
      ctx.fill();
    },
    stripes10FillRect: () => {
      ctx.fillStyle = "#f7f8f9";
      for (let k = 0; k < 10; k++) ctx.fillRect(124, 70 + k * 88, W - 124, 44);
    },
    boxes300OnePath: () => {
      ctx.beginPath();
      for (let k = 0; k < 300; k++) ctx.rect((k * 37) % W, 20 + ((k * 53) % (H - 40)), 18, 14);
      ctx.fillStyle = "#dfe5eb";
      ctx.fill();
    },
    boxes300FillRect: () => {
      ctx.fillStyle = "#dfe5eb";
      for (let k = 0; k < 300; k++) ctx.fillRect((k * 37) % W, 20 + ((k * 53) % (H - 40)), 18, 14);
    },
    boxes300FillRectFrac: () => {
      ctx.fillStyle = "#dfe5eb";
      for (let k = 0; k < 300; k++) ctx.fillRect(((k * 37.3) % W) + 0.4, 20.3 + ((k * 53) % (H - 40)), 18, 14);
    },
    translucent10: () => {
      ctx.fillStyle = "rgba(15,107,115,0.07)";
      for (let k = 0; k < 10; k++) ctx.fillRect(0, 0, W, H);
    },
  };
  const out: Record<string, number> = {};
  // Each sample draws the case 10 times (the timer is coarse in WebKit: 1 ms); the median of
  // 7 samples is reported, per drawing, in ms.
  for (const [name, f] of Object.entries(cases)) {
    const times: number[] = [];
    for (let rep = 0; rep < 7; rep++) {
      const t = performance.now();
      for (let k = 0; k < 10; k++) {
        ctx.fillStyle = "#fff";
        ctx.fillRect(0, 0, W, H);
        f();
        ctx.getImageData(0, 0, 1, 1);
      }
      times.push((performance.now() - t) / 10);
    }
    times.sort((a, b) => a - b);
    out[name] = Math.round(times[3] * 100) / 100;
  }
  Object.assign(out, webgl(W, H, stage));
  Object.assign(out, measuring(ctx));
  Object.assign(out, pageWrites(ctx));
  return out;
}

/** Writing one label onto a 1024 x 512 page: a page nothing has copied from, against a page
 * copied from just before (a copy-on-write of the page would show there), per 100 writes. */
function pageWrites(ctx: CanvasRenderingContext2D): Record<string, number> {
  const page = textCanvas(1024, 512);
  const times = (copyBetween: boolean) => {
    const t = performance.now();
    for (let k = 0; k < 100; k++) {
      page.x.fillText(`Label ${k} written`, (k * 97) % 900, 10 + ((k * 23) % 490));
      if (copyBetween) ctx.drawImage(page.c, 0, 0, 120, 20, 10, 10, 120, 20);
    }
    ctx.getImageData(0, 0, 1, 1);
    return Math.round((performance.now() - t) * 100) / 100;
  };
  times(false);
  const plain = times(false);
  const copied = times(true);
  // Copies alone, for what the copies themselves take.
  let t = performance.now();
  for (let k = 0; k < 100; k++) ctx.drawImage(page.c, 0, 0, 120, 20, 10, 10, 120, 20);
  ctx.getImageData(0, 0, 1, 1);
  const copiesOnly = Math.round((performance.now() - t) * 100) / 100;
  // A small page (256 x 128) written after each copy.
  const small = textCanvas(256, 128);
  t = performance.now();
  for (let k = 0; k < 100; k++) {
    small.x.fillText(`Label ${k} written`, (k * 37) % 150, 10 + ((k * 23) % 110));
    ctx.drawImage(small.c, 0, 0, 120, 20, 10, 10, 120, 20);
  }
  ctx.getImageData(0, 0, 1, 1);
  const smallCopied = Math.round((performance.now() - t) * 100) / 100;
  return { pageWrite100: plain, pageWriteAfterCopy100: copied, pageCopy100: copiesOnly, smallPageWriteAfterCopy100: smallCopied };
}

/** Measuring new label texts: measureText against a sum of per-character advances (each
 * character measured once), per 1,000 texts, and how far the sums are from measureText. */
function measuring(ctx: CanvasRenderingContext2D): Record<string, number> {
  const words = [
    "Home visit",
    "Strategy discussion",
    "Missed appointment",
    "Siân's health visitor",
    "Zoë seen alone",
    "ICPC — plan agreed",
    "GP: bruise to left arm (2cm)",
    "A&E attendance, Mum's partner present",
    "Referral to MASH",
    "Police DA notification (DASH high)",
    "No access visit",
    "Was Not Brought",
    "Café Rouge contact",
    "Tyler's school: attendance 62%",
    "Strategy meeting: s.47 agreed",
  ];
  const texts = Array.from({ length: 3000 }, (_, i) => `${words[i % words.length]} ${i + 1}`);
  const font = '13px "DejaVu Sans", "Noto Sans", "Segoe UI", system-ui, sans-serif';
  ctx.font = font;
  let t = performance.now();
  const exact = texts.map((x) => ctx.measureText(x).width);
  const measureMs = performance.now() - t;
  const adv = new Map<string, number>();
  t = performance.now();
  const sums = texts.map((x) => {
    let w = 0;
    for (const ch of x) {
      let a = adv.get(ch);
      if (a === undefined) {
        a = ctx.measureText(ch).width;
        adv.set(ch, a);
      }
      w += a;
    }
    return w;
  });
  const sumMs = performance.now() - t;
  let under = 0,
    over = 0;
  for (let k = 0; k < texts.length; k++) {
    under = Math.max(under, exact[k] - sums[k]);
    over = Math.max(over, sums[k] - exact[k]);
  }
  return {
    measureTextPer1000: Math.round((measureMs / 3) * 100) / 100,
    advanceSumPer1000: Math.round((sumMs / 3) * 100) / 100,
    advanceSumUnderPx: Math.round(under * 100) / 100,
    advanceSumOverPx: Math.round(over * 100) / 100,
  };
}

/** The WebGL path, measured the same way: a canvas of the same size cleared and 500 (or 5,000)
 * small quads drawn in one call, then one pixel read. Without a GPU this is a software GL
 * (llvmpipe in WebKitGTK, SwiftShader in Chromium). */
function webgl(W: number, H: number, stage: HTMLElement): Record<string, number> {
  const canvas = document.createElement("canvas");
  canvas.width = W;
  canvas.height = H;
  stage.appendChild(canvas);
  const gl = canvas.getContext("webgl", { antialias: false, preserveDrawingBuffer: false });
  if (!gl) return { webglUnavailable: 1 };
  const shader = (type: number, src: string) => {
    const sh = gl.createShader(type)!;
    gl.shaderSource(sh, src);
    gl.compileShader(sh);
    return sh;
  };
  const prog = gl.createProgram()!;
  gl.attachShader(prog, shader(gl.VERTEX_SHADER, "attribute vec2 p; uniform vec2 s; void main() { gl_Position = vec4(p * s - 1.0, 0.0, 1.0); }"));
  gl.attachShader(prog, shader(gl.FRAGMENT_SHADER, "precision mediump float; void main() { gl_FragColor = vec4(0.0, 0.45, 0.7, 1.0); }"));
  gl.linkProgram(prog);
  gl.useProgram(prog);
  gl.uniform2f(gl.getUniformLocation(prog, "s"), 2 / W, 2 / H);
  const quads = (n: number) => {
    const v = new Float32Array(n * 12);
    for (let k = 0; k < n; k++) {
      const x = (k * 37) % W,
        y = (k * 53) % H;
      v.set([x, y, x + 10, y, x, y + 10, x + 10, y, x + 10, y + 10, x, y + 10], k * 12);
    }
    return v;
  };
  const buf = gl.createBuffer();
  gl.bindBuffer(gl.ARRAY_BUFFER, buf);
  const loc = gl.getAttribLocation(prog, "p");
  gl.enableVertexAttribArray(loc);
  gl.vertexAttribPointer(loc, 2, gl.FLOAT, false, 0, 0);
  const pixel = new Uint8Array(4);
  const out: Record<string, number> = {};
  for (const n of [0, 500, 5000]) {
    const data = quads(n);
    const times: number[] = [];
    for (let rep = 0; rep < 7; rep++) {
      const t = performance.now();
      for (let k = 0; k < 10; k++) {
        gl.clearColor(1, 1, 1, 1);
        gl.clear(gl.COLOR_BUFFER_BIT);
        gl.bufferData(gl.ARRAY_BUFFER, data, gl.DYNAMIC_DRAW);
        if (n) gl.drawArrays(gl.TRIANGLES, 0, n * 6);
        gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, pixel);
      }
      times.push((performance.now() - t) / 10);
    }
    times.sort((a, b) => a - b);
    out[`webglQuads${n}`] = Math.round(times[3] * 100) / 100;
  }
  canvas.remove();
  return out;
}

/** A canvas of w x h px for writing labels on: 13 px text, centred on its y. */
function textCanvas(w: number, h: number) {
  const c = document.createElement("canvas");
  c.width = w;
  c.height = h;
  const x = c.getContext("2d")!;
  x.font = '13px "DejaVu Sans", sans-serif';
  x.fillStyle = "#222";
  x.textBaseline = "middle";
  return { c, x };
}
