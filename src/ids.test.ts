import { describe, expect, it } from 'vitest';
import { uuidv7, uuidv7Time } from './ids.ts';

describe('uuidv7', () => {
  it('is a version 7, variant 10 UUID carrying its time', () => {
    const id = uuidv7(Date.UTC(2026, 10, 30, 7, 0, 0, 123));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uuidv7Time(id)).toBe(Date.UTC(2026, 10, 30, 7, 0, 0, 123));
  });

  it('sorts in creation order within one millisecond and across many ids (random bytes drawn in batches)', () => {
    const now = Date.now();
    const ids = Array.from({ length: 2000 }, (_, i) => uuidv7(now + Math.floor(i / 1000)));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    // the random tails differ: no batch is handed out twice
    expect(new Set(ids.map((id) => id.slice(19))).size).toBe(ids.length);
  });
});
