/* davsyncCredentials — parent side (scope addon_parent) of the add-on's credentials experiment.
 * Job: keep DAV passwords in Thunderbird's login manager (Services.logins), never in
 * storage.local. Every entry carries our own httpRealm, so Thunderbird's CalDAV provider never
 * picks ours up and we never overwrite its logins for the same server.
 * getAccountPassword only reads: it lends a mail account's password (imap://, pop3://, ews://,
 * owl://, smtp:// logins of the same host and user name) to a profile that asks for it.
 * Contract: types/experiments.d.ts and schema.json. Origins are normalized (lower-case host,
 * default port dropped), so "HTTPS://Acme.cz:443" and "https://acme.cz" name one entry. */
"use strict";

var { ExtensionCommon } = ChromeUtils.importESModule("resource://gre/modules/ExtensionCommon.sys.mjs");
var { ExtensionUtils } = ChromeUtils.importESModule("resource://gre/modules/ExtensionUtils.sys.mjs");

var { ExtensionError } = ExtensionUtils;

const REALM = "CalDAV Synchronizer";

const LoginInfo = Components.Constructor("@mozilla.org/login-manager/loginInfo;1", Ci.nsILoginInfo, "init");

/** Validates "scheme://host[:port]" and returns its normalized form. */
function normalizeOrigin(origin) {
  const expected = `expected scheme://host[:port] without a path, e.g. "https://acme.easyproject.cz"`;
  if (typeof origin !== "string" || !/^[a-z][a-z0-9+.-]*:\/\/[^/?#\s]+$/i.test(origin)) {
    throw new ExtensionError(`Invalid server origin "${origin}": ${expected}`);
  }
  let uri;
  try {
    uri = Services.io.newURI(origin);
  } catch (e) {
    throw new ExtensionError(`Invalid server origin "${origin}": ${expected}`);
  }
  if (uri.scheme !== "https" && uri.scheme !== "http") {
    throw new ExtensionError(`Invalid server origin "${origin}": only http and https servers are supported`);
  }
  if (uri.userPass) {
    throw new ExtensionError(`Invalid server origin "${origin}": put the user name in "username", not in the origin`);
  }
  return uri.prePath;
}

/** Runs a login-manager operation; its failures become errors that name the login. */
async function withLogin(action, origin, username, operation) {
  try {
    return await operation();
  } catch (e) {
    if (e instanceof ExtensionError) throw e;
    throw new ExtensionError(`Could not ${action} the password of ${username} at ${origin}: ${e?.message || e}`);
  }
}

// Thunderbird 153 has only the async forms of modify/remove; 128 (our minimum) only the sync ones.
async function modifyLogin(oldLogin, newLogin) {
  const logins = Services.logins;
  return logins.modifyLoginAsync ? logins.modifyLoginAsync(oldLogin, newLogin) : logins.modifyLogin(oldLogin, newLogin);
}

async function removeLogin(login) {
  const logins = Services.logins;
  return logins.removeLoginAsync ? logins.removeLoginAsync(login) : logins.removeLogin(login);
}

async function findLogin(origin, username) {
  const logins = await Services.logins.searchLoginsAsync({ origin, httpRealm: REALM });
  return logins.find(login => login.username === username) || null;
}

/** Schemes of Thunderbird's mail logins, most specific first: IMAP/POP3 (incoming), Exchange (EWS, Owl), SMTP. */
const MAIL_SCHEMES = ["imap", "pop3", "ews", "owl", "smtp"];

/** A host name as the login manager's origins spell it: lower case, no brackets, no port. */
function normalizeHost(host) {
  if (typeof host !== "string" || !/^[^\s/?#@:]+$|^\[[0-9a-f:.]+\]$/i.test(host)) {
    throw new ExtensionError(`Invalid host "${host}": expected a host name without scheme, port or path, e.g. "mail.acme.cz"`);
  }
  return host.toLowerCase().replace(/^\[|\]$/g, "");
}

/**
 * The scheme and host of a login's origin ("imap://mail.acme.cz" → imap, mail.acme.cz), or null.
 * Read as text: newURI would need each mail scheme's protocol handler to parse these origins.
 */
function originParts(origin) {
  const m = /^([a-z][a-z0-9+.-]*):\/\/(?:[^@/?#]*@)?(\[[0-9a-f:.]+\]|[^:/?#]+)/i.exec(origin || "");
  return m ? { scheme: m[1].toLowerCase(), host: m[2].toLowerCase().replace(/^\[|\]$/g, "") } : null;
}

this.davsyncCredentials = class extends ExtensionCommon.ExtensionAPI {
  getAPI() {
    return {
      davsyncCredentials: {
        async setPassword({ origin, username, password }) {
          const normalized = normalizeOrigin(origin);
          if (!password) {
            // The login manager refuses empty passwords; say which login it was.
            throw new ExtensionError(`Empty password for ${username} at ${normalized}; use deletePassword to forget it`);
          }
          await withLogin("store", normalized, username, async () => {
            const login = new LoginInfo(normalized, null, REALM, username, password, "", "");
            const existing = await findLogin(normalized, username);
            if (existing) {
              // modifyLogin keeps the entry's GUID and creation time; only the password changes.
              await modifyLogin(existing, login);
            } else {
              await Services.logins.addLoginAsync(login);
            }
          });
        },

        async getPassword({ origin, username }) {
          const normalized = normalizeOrigin(origin);
          return withLogin("read", normalized, username, async () => {
            const login = await findLogin(normalized, username);
            return login ? login.password : null;
          });
        },

        async getAccountPassword({ host, username }) {
          const wanted = normalizeHost(host);
          return withLogin("read", `mail accounts of ${wanted}`, username, async () => {
            // Mail logins are keyed by scheme://host (imap://mail.acme.cz); one listing covers every scheme.
            const matching = (await Services.logins.getAllLogins()).flatMap(login => {
              const parts = originParts(login.origin);
              const rank = parts ? MAIL_SCHEMES.indexOf(parts.scheme) : -1;
              return rank >= 0 && parts.host === wanted && login.username === username ? [{ rank, login }] : [];
            });
            matching.sort((a, b) => a.rank - b.rank);
            return matching.length > 0 ? matching[0].login.password : null;
          });
        },

        async deletePassword({ origin, username }) {
          const normalized = normalizeOrigin(origin);
          return withLogin("delete", normalized, username, async () => {
            const login = await findLogin(normalized, username);
            if (!login) return false;
            await removeLogin(login);
            return true;
          });
        },
      },
    };
  }
};
