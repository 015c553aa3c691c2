// @ts-check
// Ports for the test servers: a free TCP port on 127.0.0.1 chosen by the OS (listen on port 0, read
// it, close) — other helpers and test files start servers at the same time, so fixed ports would
// collide — and a check that a caller's port is one fetch() will talk to.
import { createServer } from "node:net";

/** @returns {Promise<number>} */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => (port ? resolvePort(port) : reject(new Error("freePort: the OS gave no port"))));
    });
  });
}

// The Fetch standard's "bad ports": fetch() (Node's and browsers') refuses them outright, so a
// server there would never look ready. Measured: `--port 1` ran Radicale fine but every probe failed.
const BAD_PORTS = new Set([1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103,
  104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530,
  531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060,
  5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080]);

/** The caller's port, or a free one; throws for ports fetch() cannot use. */
export async function choosePort(/** @type {number | undefined} */ port) {
  if (port === undefined || port === 0) return freePort();
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`port ${port} is not a TCP port`);
  if (BAD_PORTS.has(port)) throw new Error(`port ${port} is on the Fetch standard's list of bad ports: fetch() and browsers refuse to connect to it; pick another`);
  return port;
}
