// Turns --url into the one collection to sync. A collection URL costs one PROPFIND (whose answer
// the DavStore reuses, so a no-change run stays at one request); a server or principal URL is
// discovered, and unless it holds exactly one collection the caller lists them and asks (exit 2).
// The status file remembers what a start URL resolved to, so later runs skip discovery.
import { discover, isDavError, queryCapabilities, type Capabilities, type CollectionInfo, type DavContext } from "../dav";

export type Resolution =
  | { kind: "collection"; url: string; capabilities: Capabilities | undefined }
  | { kind: "choose"; collections: CollectionInfo[] }
  | { kind: "none" };

export async function resolveCollection(params: { ctx: DavContext; url: string; remembered?: { startUrl: string; collectionUrl: string } | undefined }): Promise<Resolution> {
  const { ctx, url, remembered } = params;
  if (remembered && remembered.startUrl === url && remembered.collectionUrl !== url) {
    return { kind: "collection", url: remembered.collectionUrl, capabilities: undefined };
  }
  try {
    const capabilities = await queryCapabilities({ ctx, url });
    return { kind: "collection", url: capabilities.url, capabilities };
  } catch (e) {
    // Anything but "this is not a collection" (wrong password, offline…) is the answer itself. So is
    // any failure of a URL we already synced as a collection: a cut-off answer there is a network
    // fault, not a reason to list collections and exit 2 (seen in the soak, scripts/soak/).
    if (!isDavError(e) || !["not-found", "method-not-allowed", "malformed"].includes(e.kind) || remembered?.collectionUrl === url) throw e;
  }
  const found = await discover({ ctx, url });
  const [only] = found.collections;
  if (found.collections.length === 1 && only) return { kind: "collection", url: only.url, capabilities: undefined };
  return found.collections.length === 0 ? { kind: "none" } : { kind: "choose", collections: found.collections };
}

export function describeCollections(collections: readonly CollectionInfo[]): string {
  return collections
    .map((c) => `  ${c.url}  ${c.kind === "calendar" ? `calendar (${c.components.join(", ")})` : "address book"}  "${c.displayName}"${c.readOnly ? "  read-only" : ""}`)
    .join("\n");
}
