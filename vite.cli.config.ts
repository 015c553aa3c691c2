// Build of the headless CLI: src/cli/bin.ts bundled for Node 20 into dist-cli/davsync.mjs (one
// self-contained ES module with a shebang; ical.js and the locale JSON inlined), so `npm run cli`
// and the `davsync` bin need nothing but Node. `npm run build:cli`.
import { resolve } from "node:path";
import { defineConfig } from "vite";

const r = (p: string) => resolve(import.meta.dirname, p);

export default defineConfig({
  build: {
    ssr: r("src/cli/bin.ts"),
    outDir: r("dist-cli"),
    emptyOutDir: true,
    target: "node20",
    minify: false,
    sourcemap: true,
    rolldownOptions: {
      output: { entryFileNames: "davsync.mjs", format: "es", banner: "#!/usr/bin/env node" },
    },
  },
  ssr: { noExternal: true, target: "node" },
});
