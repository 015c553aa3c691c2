// Test projects: unit (pure, node), dom (Svelte components in jsdom), integration (engine and DAV
// against real Radicale / Xandikos started by tests/helpers), e2e (the built add-on in a real
// Thunderbird), ui (the options page in Debian's Chromium, with screenshots).
import { defineConfig } from "vitest/config";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { svelteTesting } from "@testing-library/svelte/vite";

export default defineConfig({
  define: { __E2E__: "false" },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          environment: "node",
          include: ["tests/unit/**/*.test.ts"],
          exclude: ["tests/unit/**/*.dom.test.ts"],
          setupFiles: ["tests/setup/fast-check.ts"],
        },
      },
      {
        extends: true,
        plugins: [svelte({ configFile: false }), svelteTesting()],
        test: { name: "dom", environment: "jsdom", include: ["tests/unit/**/*.dom.test.ts"], setupFiles: ["tests/setup/fast-check.ts"] },
      },
      {
        extends: true,
        test: {
          name: "integration",
          environment: "node",
          setupFiles: ["tests/setup/fast-check.ts"],
          include: ["tests/integration/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          environment: "node",
          include: ["tests/e2e/**/*.e2e.test.ts"],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          // One Thunderbird at a time: policies.json is machine-wide and the box has 2 cores.
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: "ui",
          environment: "node",
          include: ["tests/ui/**/*.ui.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
