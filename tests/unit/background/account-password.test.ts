// Which password a run signs in with: the profile's own, or — with "Use the mail account's
// password" — the mail account's on the same host with the same user name; and what the user is
// told when there is none.
import { describe, expect, it } from "vitest";
import { newProfile } from "../../../src/core/profile/defaults";
import { profilePassword } from "../../../src/background/account-password";
import { resultOfError } from "../../../src/background/result";

const base = newProfile({ id: "p", kind: "tasks", name: "p", url: "https://Acme.EasyProject.cz:443/caldav/alice/todos/", username: "alice" });
const borrowing = { ...base, server: { ...base.server, useMailAccountLogin: true } };

function credentials(params: { own?: string; mail?: string }) {
  const asked: unknown[] = [];
  return {
    asked,
    api: {
      getPassword: async (key: unknown) => (asked.push(["own", key]), params.own ?? null),
      getAccountPassword: async (key: unknown) => (asked.push(["mail", key]), params.mail ?? null),
    },
  };
}

describe("profilePassword", () => {
  it("reads the profile's own password by server origin and user name", async () => {
    const c = credentials({ own: "own-heslo", mail: "mail-heslo" });
    expect(await profilePassword({ profile: base, credentials: c.api })).toBe("own-heslo");
    expect(c.asked).toEqual([["own", { origin: "https://acme.easyproject.cz", username: "alice" }]]);
  });

  it("borrows the mail account's password by host and user name when the option is on", async () => {
    const c = credentials({ own: "own-heslo", mail: "mail-heslo" });
    expect(await profilePassword({ profile: borrowing, credentials: c.api })).toBe("mail-heslo");
    expect(c.asked).toEqual([["mail", { host: "acme.easyproject.cz", username: "alice" }]]);
  });

  it("says which mail account it looked for when there is none (and asks to sign in)", async () => {
    const error = await profilePassword({ profile: borrowing, credentials: credentials({ own: "own-heslo" }).api }).catch((e: unknown) => e);
    const result = resultOfError({ trigger: "manual", startedAt: 0, endedAt: 1, error });
    expect(result).toMatchObject({ outcome: "error", needsSignIn: true, message: { key: "syncErrorNoMailAccountPassword", substitutions: ["alice", "acme.easyproject.cz"] } });
    const own = await profilePassword({ profile: base, credentials: credentials({}).api }).catch((e: unknown) => e);
    expect(resultOfError({ trigger: "manual", startedAt: 0, endedAt: 1, error: own }).message?.key).toBe("syncErrorNoPassword");
  });
});
