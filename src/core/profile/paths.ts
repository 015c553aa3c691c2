// Reading and replacing a value at a dotted path ("schedule.interval.minutes", "mapping.
// customProperties.0.server") in plain JSON-like data. Contract: setAt returns a new value and
// never mutates its input; missing or non-object steps on the way are created as objects.

export type PathKey = string | number;

export function pathText(path: readonly PathKey[]): string {
  return path.join(".");
}

export function pathKeys(path: string): PathKey[] {
  return path === "" ? [] : path.split(".").map((k) => (/^\d+$/.test(k) ? Number(k) : k));
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function getAt({ root, path }: { root: unknown; path: readonly PathKey[] }): unknown {
  let current: unknown = root;
  for (const key of path) {
    if (Array.isArray(current) && typeof key === "number") current = current[key];
    else if (isRecord(current)) current = current[String(key)];
    else return undefined;
  }
  return current;
}

export function setAt({ root, path, value }: { root: unknown; path: readonly PathKey[]; value: unknown }): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  if (Array.isArray(root) && typeof head === "number") {
    const copy = [...root];
    copy[head] = setAt({ root: root[head], path: rest, value });
    return copy;
  }
  const base = isRecord(root) ? root : {};
  return { ...base, [String(head)]: setAt({ root: base[String(head)], path: rest, value }) };
}

/** True when `path` is `prefix` or lies below it. */
export function isUnder({ path, prefix }: { path: readonly PathKey[]; prefix: readonly PathKey[] }): boolean {
  return prefix.length <= path.length && prefix.every((k, i) => String(k) === String(path[i]));
}
