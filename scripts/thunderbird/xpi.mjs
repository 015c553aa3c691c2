// @ts-check
// Packs an add-on folder (dist/, dist-e2e/) into an .xpi: a zip with manifest.json at its root.
// Pure Node (zlib deflate + CRC-32), so packing needs no `zip` binary, and entries are sorted
// with a fixed timestamp, so the same folder always gives the same bytes (reviewable builds).
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { crc32, deflateRawSync } from "node:zlib";

// 1980-01-01 00:00, the zip epoch: a constant date keeps the archive reproducible.
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

/** @param {string} dir @returns {string[]} files below dir, relative with "/" separators, sorted */
function listFiles(dir) {
  /** @type {string[]} */
  const out = [];
  const walk = (/** @type {string} */ d) => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(relative(dir, full).split(sep).join("/"));
    }
  };
  walk(dir);
  return out;
}

/**
 * Zips every file of `srcDir` into `outFile` (parent folders are created).
 * @param {string} srcDir folder whose manifest.json becomes the archive's root manifest
 * @param {string} outFile path of the .xpi to write
 * @returns {{ file: string, entries: number, bytes: number }}
 */
export function packXpi(srcDir, outFile) {
  const files = listFiles(srcDir);
  if (!files.includes("manifest.json")) {
    throw new Error(`packXpi: ${srcDir} has no manifest.json at its root (build the add-on first)`);
  }
  /** @type {Buffer[]} */
  const local = [];
  /** @type {Buffer[]} */
  const central = [];
  let offset = 0;
  for (const path of files) {
    const data = readFileSync(join(srcDir, path));
    const name = Buffer.from(path, "utf8");
    const packed = deflateRawSync(data, { level: 9 });
    // Store small or incompressible files as they are (method 0), deflate the rest (method 8).
    const stored = packed.length >= data.length;
    const body = stored ? data : packed;
    const crc = crc32(data);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4); // version needed
    header.writeUInt16LE(0x0800, 6); // flag: names are UTF-8
    header.writeUInt16LE(stored ? 0 : 8, 8);
    header.writeUInt16LE(DOS_TIME, 10);
    header.writeUInt16LE(DOS_DATE, 12);
    header.writeUInt32LE(crc, 14);
    header.writeUInt32LE(body.length, 18);
    header.writeUInt32LE(data.length, 22);
    header.writeUInt16LE(name.length, 26);
    header.writeUInt16LE(0, 28);
    local.push(header, name, body);

    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4); // version made by
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x0800, 8);
    entry.writeUInt16LE(stored ? 0 : 8, 10);
    entry.writeUInt16LE(DOS_TIME, 12);
    entry.writeUInt16LE(DOS_DATE, 14);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(body.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42); // extra/comment/disk/attributes stay 0
    central.push(entry, name);
    offset += header.length + name.length + body.length;
  }
  const centralSize = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  const archive = Buffer.concat([...local, ...central, end]);
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, archive);
  return { file: outFile, entries: files.length, bytes: archive.length };
}

/**
 * The gecko id of a built add-on folder: it must name the .xpi in a profile's extensions/.
 * @param {string} srcDir
 * @returns {string}
 */
export function geckoIdOf(srcDir) {
  const manifest = JSON.parse(readFileSync(join(srcDir, "manifest.json"), "utf8"));
  const id = manifest?.browser_specific_settings?.gecko?.id;
  if (typeof id !== "string" || !id) throw new Error(`${srcDir}/manifest.json has no browser_specific_settings.gecko.id`);
  return id;
}
