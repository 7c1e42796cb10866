import { defineConfig } from "vite";

// The standalone benchmark page (bench.html), built apart from the app so vis-timeline,
// which only the benchmark uses, never enters the app's bundle.
export default defineConfig({
  clearScreen: false,
  build: {
    target: "safari15",
    outDir: "../target/timeline-bench",
    emptyOutDir: true,
    rollupOptions: { input: { bench: "bench.html" } },
  },
});
