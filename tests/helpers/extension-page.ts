// Renders a built extension page (dist/) in Debian's Chromium with a stand-in for the `messenger`
// API: i18n answers from the real _locales files (named placeholders resolved as Thunderbird does),
// runtime.sendMessage from a test-supplied table of answers, or from a Node-side function when a
// test needs to see the request (saveProfile) or answer it by its content (discoverCollections).
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

/** Answers one request; runs in Node, so it may record requests and hold state across them. */
export type Responder = (request: { type: string } & Record<string, unknown>) => unknown;

export interface ExtensionPageHost {
  open(params: { path: string; locale: "en" | "cs"; responses: Record<string, unknown>; respond?: Responder }): Promise<Page>;
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
    async open({ path, locale, responses, respond }) {
      const messages = JSON.parse(await readFile(join(root, "_locales", locale, "messages.json"), "utf8"));
      const page = await browser.newPage({ viewport: { width: 1000, height: 760 }, locale });
      // A function answers first; `undefined` from it falls back to the table.
      await page.exposeFunction("__respond", async (request: { type: string } & Record<string, unknown>) => {
        const answer = respond ? await respond(request) : undefined;
        return answer === undefined ? responses[request.type] : answer;
      });
      await page.addInitScript(
        ({ messages }) => {
          type Entry = { message: string; placeholders?: Record<string, { content: string }> };
          // $NAME$ → its placeholder's content ("$1") → the substitution, as WebExtension i18n does.
          const getMessage = (key: string, subs?: string | string[]) => {
            const entry = (messages as Record<string, Entry>)[key];
            if (!entry) return "";
            const list = subs === undefined ? [] : Array.isArray(subs) ? subs : [subs];
            const named = entry.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (m: string, name: string) => entry.placeholders?.[name.toLowerCase()]?.content ?? m);
            return named.replace(/\$(\d)/g, (_m: string, n: string) => list[Number(n) - 1] ?? "");
          };
          const respond = (globalThis as unknown as { __respond: (r: unknown) => Promise<unknown> }).__respond;
          (globalThis as unknown as { messenger: unknown }).messenger = {
            i18n: { getMessage, getUILanguage: () => "en" },
            runtime: {
              id: "test",
              // Structured-clone like the real runtime: Svelte's state proxies must not cross.
              sendMessage: async (request: { type: string }) => respond(JSON.parse(JSON.stringify(request))),
            },
          };
        },
        { messages },
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
