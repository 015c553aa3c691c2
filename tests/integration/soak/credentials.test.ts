// The password never lands anywhere the CLI writes or prints: a real `davsync` process syncs both
// ways with Radicale (creates, edits, a conflict and deletions, so the status file, the caches and
// the trash are all written), then fails once with a wrong password; the folder (items, status file,
// trash, temp files), stdout and stderr are searched for the password and its Basic-auth forms.
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRadicale, type DavServer } from "../../helpers/servers";
import { editOnServer, event, putOnServer } from "../cli/support";

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, "../../..");
const PASSWORD = "canary-Pw-7f3a9c2e-do-not-leak";

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe("credentials stay out of files and output", () => {
  let server: DavServer;
  let buildDir: string;
  let dir: string;
  const output: string[] = [];
  const forms = () => {
    const b64 = (s: string) => Buffer.from(s).toString("base64");
    return [PASSWORD, encodeURIComponent(PASSWORD), b64(`${server.username}:${PASSWORD}`), b64(PASSWORD), b64(`${server.username}:${PASSWORD}`).slice(4, 24)];
  };
  const davsync = async (password: string, extra: string[] = []) => {
    const args = [join(buildDir, "davsync.mjs"), "sync", "--url", server.collections["calendar"]!, "--user", server.username, "--password-env", "DAV_PW", "--dir", dir, "--yes", ...extra];
    try {
      const r = await run(process.execPath, args, { env: { ...process.env, DAV_PW: password } });
      output.push(r.stdout, r.stderr);
      return 0;
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      output.push(err.stdout, err.stderr);
      return err.code;
    }
  };

  beforeAll(async () => {
    buildDir = mkdtempSync(join(tmpdir(), "davsync-cred-cli-"));
    execFileSync("npx", ["vite", "build", "--config", "vite.cli.config.ts", "--outDir", buildDir, "--logLevel", "warn"], { cwd: ROOT });
    server = await startRadicale({ password: PASSWORD });
    dir = mkdtempSync(join(tmpdir(), "davsync-cred-"));
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    for (const d of [buildDir, dir]) if (d) rmSync(d, { recursive: true, force: true });
  });

  it("finds no trace of the password after syncs with edits, a conflict, deletions and a refused login", async () => {
    const url = server.collections["calendar"]!;
    for (let i = 0; i < 3; i++) await putOnServer({ server, url, uid: `s-${i}`, text: event({ uid: `s-${i}`, summary: `Server ${i}`, day: 10 + i }) });
    for (let i = 0; i < 3; i++) writeFileSync(join(dir, `l-${i}.ics`), event({ uid: `l-${i}`, summary: `Local ${i}`, day: 20 + i }));
    expect(await davsync(PASSWORD)).toBe(0);
    // A conflict (both sides edit s-0: the loser goes to the trash) and a deletion each way.
    await editOnServer({ server, url, uid: "s-0", text: event({ uid: "s-0", summary: "Server edit", day: 10, modified: "20260301T000000Z" }) });
    writeFileSync(join(dir, "s-0.ics"), event({ uid: "s-0", summary: "Local edit", day: 10, modified: "20260201T000000Z" }));
    await editOnServer({ server, url, uid: "s-1", text: undefined });
    unlinkSync(join(dir, "l-1.ics"));
    expect(await davsync(PASSWORD)).toBe(0);
    expect(await davsync("wrong-password")).toBe(1);
    expect(output.join("\n")).toContain("did not accept the user name or password");

    const files = filesUnder(dir);
    expect(files.some((f) => f.includes(".davsync-trash"))).toBe(true);
    expect(files.some((f) => f.endsWith(".davsync-status.json"))).toBe(true);
    const hits: string[] = [];
    for (const form of forms()) {
      for (const f of files) if (readFileSync(f, "latin1").includes(form)) hits.push(`${f}: ${form}`);
      if (output.join("\n").includes(form)) hits.push(`output: ${form}`);
    }
    expect(hits).toEqual([]);
  }, 120_000);
});
