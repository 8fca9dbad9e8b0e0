// Answers of the per-request lookups (a key's register, a register's certificate bindings and
// territory) kept for a moment, so ingest does not ask the database for them on every request.
// The module that writes the rows clears its cache at once; a change made elsewhere (the CLI,
// another instance) is seen within `ttlMs` (ACCESS_CACHE_MS in access.ts).
export interface TtlCache<V> {
  get(key: string, now: number): V | undefined;
  /** Kept until `now` + the cache's time, or `until` if that is earlier. */
  set(key: string, value: V, now: number, until?: number): void;
  clear(): void;
}

/** At most `max` entries: when full, the cache starts over (the entries are few, one per register or key). */
export function ttlCache<V>(ttlMs: number, max = 10_000): TtlCache<V> {
  const entries = new Map<string, { value: V; until: number }>();
  return {
    get(key, now) {
      const hit = entries.get(key);
      if (!hit) return undefined;
      if (hit.until > now) return hit.value;
      entries.delete(key);
      return undefined;
    },
    set(key, value, now, until = Infinity) {
      if (ttlMs <= 0) return;
      if (entries.size >= max) entries.clear();
      entries.set(key, { value, until: Math.min(now + ttlMs, until) });
    },
    clear: () => entries.clear(),
  };
}

/** Memoises `load` per key for `ttlMs`; concurrent misses of one key share one query, and a failed one is not kept. */
export function cachedLookup<V>(ttlMs: number, load: (key: string) => Promise<V>): { get(key: string): Promise<V>; clear(): void } {
  const cache = ttlCache<Promise<V>>(ttlMs);
  return {
    get(key) {
      const now = Date.now();
      const hit = cache.get(key, now);
      if (hit) return hit;
      const loading = load(key);
      cache.set(key, loading, now);
      loading.catch(() => cache.clear());
      return loading;
    },
    clear: () => cache.clear(),
  };
}
