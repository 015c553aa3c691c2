// `npm start` options: what each combination means and which mistakes stop it before anything starts.
import { describe, expect, it } from "vitest";
import { parseStartArgs, presetFor, UsageError } from "../../../scripts/start/args.mjs";

const parse = (argv: string[], env: NodeJS.ProcessEnv = {}) => parseStartArgs({ argv, root: "/repo", env });

describe("parseStartArgs", () => {
  it("without --url or --profiles runs the bundled demo in .run/demo", () => {
    expect(parse([])).toMatchObject({ source: "demo", runDir: "/repo/.run/demo", once: false, timeoutMs: 300_000, events: 200 });
  });

  it("--url gets a run folder of its own per server and user, and --headless implies --once", () => {
    const a = parse(["--url", "acme.easyproject.cz", "--user", "alice", "--headless"]);
    expect(a).toMatchObject({ source: "url", url: "https://acme.easyproject.cz/", user: "alice", headless: true, once: true });
    expect(a.runDir).toMatch(/^\/repo\/\.run\/try\/acme\.easyproject\.cz-alice-[0-9a-f]{8}$/);
    expect(parse(["--url", "acme.easyproject.cz", "--user", "bob"]).runDir).not.toBe(a.runDir);
  });

  it.each([
    [["--url", "https://x.example/"], /--user/],
    [["--url", "ftp://x.example/", "--user", "a"], /http or https/],
    [["--url", "https://a:b@x.example/", "--user", "a"], /must not contain/],
    [["--url", "https://x.example/", "--user", "a", "--profiles", "f.json"], /not both/],
    [["--timeout", "0"], /positive/],
    [["--password", "x"], /Unknown option/],
  ])("refuses %j", (argv, message) => {
    expect(() => parse(argv)).toThrow(UsageError);
    expect(() => parse(argv)).toThrow(message);
  });
});

describe("presetFor", () => {
  it.each([
    ["https://acme.easyproject.cz/caldav/", "easyproject"],
    ["https://acme.easyproject.com/caldav/", "easyproject"],
    ["http://127.0.0.1:5232/caldav/", "easyproject"],
    ["https://cloud.example.org/caldav/", "generic"],
    ["http://127.0.0.1:5232/", "generic"],
  ])("%s → %s", (url, preset) => expect(presetFor(url)).toBe(preset));
});
