// @ts-check
// Shared types of the test DAV servers (JSDoc only, no runtime code). Vocabulary: a *server* is
// one running DAV service (possibly several processes: the DAV daemon and our front proxy); its
// *root URL* is where a client starts discovery; *collections* name the collections we created.

/** @typedef {"radicale" | "xandikos" | "ep-like"} ServerKind */

/**
 * @typedef {object} DavServer
 * @property {ServerKind} kind
 * @property {string} rootUrl       where discovery starts: http://127.0.0.1:P/ or http://127.0.0.1:P/caldav/
 * @property {string} username
 * @property {string} password
 * @property {Record<string, string>} collections  name → absolute collection URL (ending in /)
 * @property {Record<string, number>} seeded       name → number of items placed there at start (0 when empty)
 * @property {string} dataDir       the server's files (config, storage, logs)
 * @property {number[]} pids        processes this server started (DAV daemon, front proxy)
 * @property {string[]} logFiles
 * @property {() => Promise<void>} stop  TERM, KILL after 5 s; removes dataDir when we created it. Idempotent.
 */

/**
 * Options common to every start function.
 * @typedef {object} StartOptions
 * @property {number} [port]       public port on 127.0.0.1; default: a free one chosen by the OS
 * @property {string} [username]   default "alice"
 * @property {string} [password]   default "secret"
 * @property {string} [dataDir]    default: a fresh temp dir, removed by stop(); a given dir is kept
 * @property {boolean} [detached]  keep running after this Node process exits (the CLI); default false:
 *                                 the servers are killed when the process exits, even without stop()
 * @property {number} [readyTimeoutMs]  default 20 000
 */

export {};
