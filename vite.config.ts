// Build of the add-on: background + options page bundled by Vite; manifest, locales and icons
// copied from extension/ (publicDir); experiments copied verbatim (Thunderbird loads them as they are).
// `--mode e2e` builds the same add-on into dist-e2e/ plus the test driver (tests/e2e/addon/),
// which the product build never contains.
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { defineConfig, type Plugin } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";

const r = (p: string) => resolve(import.meta.dirname, p);

function copyExperiments(outDir: string, e2e: boolean): Plugin {
  return {
    name: "copy-experiments",
    apply: "build",
    writeBundle() {
      cpSync(r("experiments"), resolve(outDir, "experiments"), { recursive: true });
      if (!e2e) return;
      // The e2e driver's own experiment (prefs, quit) joins the manifest only in the test build.
      cpSync(r("tests/e2e/addon/experiment"), resolve(outDir, "experiments/e2eDriver"), { recursive: true });
      const manifestPath = resolve(outDir, "manifest.json");
      const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
      manifest.experiment_apis.e2eDriver = {
        schema: "experiments/e2eDriver/schema.json",
        parent: { scopes: ["addon_parent"], paths: [["e2eDriver"]], script: "experiments/e2eDriver/implementation.js" },
      };
      writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + "\n");
    },
  };
}

export default defineConfig(({ mode }) => {
  const e2e = mode === "e2e";
  const outDir = r(e2e ? "dist-e2e" : "dist");
  return {
    root: r("src"),
    base: "./",
    publicDir: r("extension"),
    plugins: [svelte({ configFile: false }), copyExperiments(outDir, e2e)],
    define: { __E2E__: JSON.stringify(e2e) },
    // The background's inspect workers (src/background/inspect-pool.ts) are ES modules like the page.
    worker: { format: "es" as const, rolldownOptions: { output: { entryFileNames: "workers/[name]-[hash].js" } } },
    build: {
      outDir,
      emptyOutDir: true,
      target: "firefox128",
      // Unminified: add-on reviewers read the shipped code.
      minify: false,
      modulePreload: { polyfill: false },
      rolldownOptions: {
        input: { background: r("src/background/main.ts"), options: r("src/options/index.html") },
        output: {
          entryFileNames: "[name].js",
          chunkFileNames: "chunks/[name]-[hash].js",
          assetFileNames: "assets/[name]-[hash][extname]",
        },
      },
    },
  };
});
