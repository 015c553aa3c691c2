// Whether an address sends passwords and data in the clear over the network: http:// to anything
// but this computer. A warning, not an error: a server on a trusted network may be meant so.
const LOOPBACK = /^(localhost|.+\.localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

export function isUnencryptedRemote(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return false;
  }
  return parsed.protocol === "http:" && !LOOPBACK.test(parsed.hostname);
}
