// The add-on's InspectItem for DavStore: UID, matchKey and LAST-MODIFIED from src/ical's
// itemIdentity, the normalized hash from contentHash. Content src/ical cannot read is listed with
// uid "" (the planner reports and skips it) and a raw hash, never dropped: dropping would read as
// a deletion. No span yet: the add-on does not apply the profile's time window so far.
import type { InspectItem } from "../dav";
import { contentHash, fnv1a64, itemIdentity } from "../ical";

export const inspectItem: InspectItem = ({ text }) => {
  try {
    const identity = itemIdentity({ text });
    return { uid: identity.uid, hash: contentHash({ text }), matchKey: identity.matchKey, lastModified: identity.lastModified };
  } catch {
    return { uid: "", hash: `raw:${fnv1a64({ text })}` };
  }
};
