// @ts-check
// The project's real test DAV servers, for tests, benchmarks and the demo: each start function
// returns a DavServer (root URL, credentials, collection URLs, stop()). See README.md here.
export { startRadicale } from "./radicale.mjs";
export { startXandikos } from "./xandikos.mjs";
export { startEpLike } from "./ep-like.mjs";
export { EP_COLLECTIONS } from "./ep-like-layout.mjs";

/** @typedef {import("./types.mjs").DavServer} DavServer */
/** @typedef {import("./types.mjs").ServerKind} ServerKind */
/** @typedef {import("./types.mjs").StartOptions} StartOptions */
/** @typedef {import("./ep-like.mjs").EpLikeOptions} EpLikeOptions */
