// Renders a built extension page (dist/) in Debian's Chromium with a stand-in for the `messenger`
// API: i18n answers from the real _locales files, runtime.sendMessage from a test-supplied table.
// It lets UI tests look at the real page without Thunderbird; e2e tests cover the real thing.
import { createServer, type Server } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize, resolve } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";

const CHROMIUM = "/usr/bin/chromium";
const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".json": "application/json; charset=utf-8",
};

export interface ExtensionPageHost {
  open(params: { path: string; locale: "en" | "cs"; responses: Record<string, unknown> }): Promise<Page>;
  close(): Promise<void>;
}

/** Serves `distDir` on 127.0.0.1 and starts a headless Chromium. */
export async function startExtensionPageHost(distDir: string): Promise<ExtensionPageHost> {
  const root = resolve(distDir);
  const server: Server = createServer((req, res) => {
    const path = normalize(decodeURIComponent((req.url ?? "/").split("?")[0] ?? "/"));
    const file = join(root, path);
    if (!file.startsWith(root)) return void res.writeHead(403).end();
    readFile(file).then(
      (body) => res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  });

  return {
    async open({ path, locale, responses }) {
      const messages = JSON.parse(await readFile(join(root, "_locales", locale, "messages.json"), "utf8"));
      const page = await browser.newPage({ viewport: { width: 1000, height: 760 }, locale });
      await page.addInitScript(
        ({ messages, responses }) => {
          const getMessage = (key: string, subs?: string | string[]) => {
            const entry = (messages as Record<string, { message: string }>)[key];
            if (!entry) return "";
            const list = subs === undefined ? [] : Array.isArray(subs) ? subs : [subs];
            return entry.message.replace(/\$(\d)/g, (_m: string, n: string) => list[Number(n) - 1] ?? "");
          };
          (globalThis as unknown as { messenger: unknown }).messenger = {
            i18n: { getMessage, getUILanguage: () => "en" },
            runtime: {
              id: "test",
              sendMessage: async (request: { type: string }) => (responses as Record<string, unknown>)[request.type],
            },
          };
        },
        { messages, responses },
      );
      await page.goto(`http://127.0.0.1:${port}/${path}`);
      return page;
    },
    async close() {
      await browser.close();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
