/* davsyncBootstrap — parent side (scope addon_parent) of the add-on's bootstrap experiment.
 * Job: hand the add-on the setup `npm start` wrote into the profile folder, and let the add-on
 * report progress back. Contract: schema.json and types/experiments.d.ts. The request file holds
 * a password, so it is deleted as soon as it is read, also when it is not valid JSON; its
 * content is never logged. Both file names are fixed: no pref or caller can point this API at
 * any other file. */
"use strict";

var { ExtensionCommon } = ChromeUtils.importESModule("resource://gre/modules/ExtensionCommon.sys.mjs");
var { ExtensionUtils } = ChromeUtils.importESModule("resource://gre/modules/ExtensionUtils.sys.mjs");

var { ExtensionError } = ExtensionUtils;

const REQUEST_FILE = "davsync-bootstrap.json";
const STATUS_FILE = "davsync-bootstrap-status.json";
/** A setup is a few profiles; anything bigger is not ours. */
const MAX_REQUEST_BYTES = 5 * 1024 * 1024;

this.davsyncBootstrap = class extends ExtensionCommon.ExtensionAPI {
  getAPI() {
    return {
      davsyncBootstrap: {
        async take() {
          const path = PathUtils.join(PathUtils.profileDir, REQUEST_FILE);
          if (!(await IOUtils.exists(path))) return null;
          let text;
          try {
            const info = await IOUtils.stat(path);
            if (info.type !== "regular" || info.size > MAX_REQUEST_BYTES) {
              throw new ExtensionError(`${path} is not a setup file (not a regular file, or over ${MAX_REQUEST_BYTES} bytes)`);
            }
            text = await IOUtils.readUTF8(path);
          } finally {
            await IOUtils.remove(path, { ignoreAbsent: true });
          }
          try {
            return JSON.parse(text);
          } catch (e) {
            throw new ExtensionError(`${path} is not valid JSON: ${e.message}`);
          }
        },

        async writeStatus(status) {
          const path = PathUtils.join(PathUtils.profileDir, STATUS_FILE);
          try {
            await IOUtils.writeUTF8(path, JSON.stringify(status, null, 2) + "\n", { tmpPath: `${path}.tmp` });
          } catch (e) {
            throw new ExtensionError(`Could not write ${path}: ${e?.message || e}`);
          }
        },
      },
    };
  }
};
