import { describe, expect, it } from 'vitest';
import { cachedLookup, ttlCache } from './ttl-cache.ts';

describe('the cache of per-request lookups', () => {
  it('keeps an entry for its time, or until an earlier moment it is given', () => {
    const cache = ttlCache<string>(1000);
    cache.set('a', 'A', 0);
    cache.set('b', 'B', 0, 300);
    expect(cache.get('a', 999)).toBe('A');
    expect(cache.get('a', 1000)).toBeUndefined();
    expect(cache.get('b', 299)).toBe('B');
    expect(cache.get('b', 300)).toBeUndefined();
    cache.set('a', 'A', 0);
    cache.clear();
    expect(cache.get('a', 1)).toBeUndefined();
  });

  it('keeps nothing with a time of 0, and starts over when full', () => {
    const off = ttlCache<string>(0);
    off.set('a', 'A', 0);
    expect(off.get('a', 0)).toBeUndefined();
    const small = ttlCache<string>(1000, 2);
    small.set('a', 'A', 0);
    small.set('b', 'B', 0);
    small.set('c', 'C', 0);
    expect([small.get('a', 1), small.get('b', 1), small.get('c', 1)]).toEqual([undefined, undefined, 'C']);
  });

  it('asks once for concurrent misses, again after a clear, and does not keep a failure', async () => {
    let asked = 0;
    let fail = false;
    const lookup = cachedLookup(60_000, async (key) => {
      asked++;
      if (fail) throw new Error('down');
      return `${key}:${asked}`;
    });
    expect(await Promise.all([lookup.get('r'), lookup.get('r')])).toEqual(['r:1', 'r:1']);
    lookup.clear();
    expect(await lookup.get('r')).toBe('r:2');
    lookup.clear();
    fail = true;
    await expect(lookup.get('r')).rejects.toThrow('down');
    fail = false;
    expect(await lookup.get('r')).toBe('r:4');
  });
});
