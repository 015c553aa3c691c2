// The password a profile signs in with. Normally the one the user saved for the DAV server (the
// credentials experiment's own realm); with "Use the mail account's password" on, the password of
// the Thunderbird mail account with the same user name on the same host (IMAP, POP3, Exchange,
// SMTP login), so a changed mail password needs no second sign-in. Never stores anything.
import type { Profile } from "../core/profile/schema";
import { MissingPassword } from "./result";

export type PasswordSource = Pick<typeof messenger.davsyncCredentials, "getPassword" | "getAccountPassword">;

/** The password manager's key for a profile's own password: the server's origin and the user name. */
export function loginKey(profile: Profile): { origin: string; username: string } {
  return { origin: new URL(profile.server.url).origin, username: profile.server.username };
}

/** The profile's password; throws MissingPassword (→ "sign in again") when there is none. */
export async function profilePassword(params: { profile: Profile; credentials: PasswordSource }): Promise<string> {
  const { profile, credentials } = params;
  if (profile.server.useMailAccountLogin) {
    const url = new URL(profile.server.url);
    const password = await credentials.getAccountPassword({ host: url.hostname, username: profile.server.username });
    if (password) return password;
    throw new MissingPassword(`no mail account of ${profile.server.username} on ${url.hostname} for profile ${profile.id}`, {
      key: "syncErrorNoMailAccountPassword",
      substitutions: [profile.server.username, url.hostname],
    });
  }
  const password = await credentials.getPassword(loginKey(profile));
  if (!password) throw new MissingPassword(`no password stored for profile ${profile.id}`);
  return password;
}
