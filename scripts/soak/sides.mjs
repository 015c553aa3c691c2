// @ts-check
// What the soak does to each side "as another client / a person would": the server directly over HTTP
// to Radicale (never through the fault proxy, so these edits always land), and the local folder by
// plain file writes. Both read what is there first, so an edit builds on the version that side shows.
import { readdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { create, multiget, remove, update } from "../../src/dav";
import { listByPropfind } from "../../src/dav/listing";

/** @typedef {import("../../src/dav").DavContext} DavContext */
/** @typedef {{ href: string, etag: string, text: string }} ServerItem */

/**
 * @param {{ ctx: DavContext, url: string }} p  url: the collection on Radicale itself
 */
export function serverSide(p) {
  const collection = { url: p.url, kind: /** @type {const} */ ("calendar") };
  return {
    /** @returns {Promise<ServerItem[]>} */
    async list() {
      const refs = await listByPropfind({ ctx: p.ctx, url: p.url });
      if (refs.length === 0) return [];
      const got = await multiget({ ctx: p.ctx, collection, hrefs: refs.map((r) => r.href) });
      return got.items.map((i) => ({ href: i.href, etag: i.etag ?? "", text: i.data }));
    },
    /** @param {{ uid: string, text: string }} q */
    async create(q) {
      await create({ ctx: p.ctx, collection, name: `${q.uid}.ics`, data: q.text });
    },
    /** @param {{ item: ServerItem, text: string }} q */
    async update(q) {
      await update({ ctx: p.ctx, href: q.item.href, etag: q.item.etag, kind: "calendar", data: q.text });
    },
    /** @param {{ item: ServerItem }} q */
    async remove(q) {
      await remove({ ctx: p.ctx, href: q.item.href, etag: q.item.etag });
    },
  };
}

/** @typedef {ReturnType<typeof serverSide>} ServerSide */

/** @param {{ dir: string }} p */
export function folderSide(p) {
  const names = () => readdirSync(p.dir).filter((n) => n.endsWith(".ics") && !n.startsWith("."));
  return {
    /** @returns {{ name: string, text: string }[]} */
    list() {
      /** @type {{ name: string, text: string }[]} */
      const out = [];
      for (const name of names()) {
        try {
          out.push({ name, text: readFileSync(join(p.dir, name), "utf8") });
        } catch {
          // removed meanwhile
        }
      }
      return out;
    },
    /** In place, like an editor that rewrites the file. @param {{ name: string, text: string }} q */
    write(q) {
      writeFileSync(join(p.dir, q.name), q.text);
    },
    /** @param {{ name: string }} q */
    remove(q) {
      unlinkSync(join(p.dir, q.name));
    },
    /** Every version the sync kept in the folder's trash (both sides' deleted / overwritten items). */
    trash() {
      const dir = join(p.dir, ".davsync-trash");
      try {
        return readdirSync(dir).map((n) => readFileSync(join(dir, n), "utf8"));
      } catch {
        return [];
      }
    },
  };
}

/** @typedef {ReturnType<typeof folderSide>} FolderSide */
