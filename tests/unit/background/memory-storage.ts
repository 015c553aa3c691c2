// A storage.local stand-in: structured-cloned values, keys listed on get() without arguments.
export function memoryStorage() {
  const data = new Map<string, unknown>();
  return {
    data,
    async get(key?: string | string[] | Record<string, unknown> | null) {
      const keys = typeof key === "string" ? [key] : Array.isArray(key) ? key : [...data.keys()];
      return Object.fromEntries(keys.filter((k) => data.has(k)).map((k) => [k, structuredClone(data.get(k))]));
    },
    async set(items: Record<string, unknown>) {
      for (const [k, v] of Object.entries(items)) data.set(k, structuredClone(v));
    },
    async remove(keys: string | string[]) {
      for (const k of typeof keys === "string" ? [keys] : keys) data.delete(k);
    },
  };
}
