import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.ts';

const EXAMPLES = new URL('../../contracts/events/v1/examples/', import.meta.url);
const examples = readdirSync(EXAMPLES).filter((f) => f.endsWith('.json')).map((f) => [f, JSON.parse(readFileSync(new URL(f, EXAMPLES), 'utf8')) as unknown] as const);

/** The same data with every object's keys in reverse order. */
function reversed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversed);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversed(v)]));
}

describe('canonicalJson', () => {
  it('sorts keys at every level, arrays kept in order, without whitespace', () => {
    expect(canonicalJson({ b: [3, { z: 1, a: null }], a: 'x', ä: true, B: 1.5, c: undefined })).toBe('{"B":1.5,"a":"x","b":[3,{"a":null,"z":1}],"ä":true}');
  });

  it.each(examples)('%s: the same form whatever the key order, and the same data', (_, example) => {
    const canonical = canonicalJson(example);
    expect(canonicalJson(reversed(example))).toBe(canonical);
    expect(JSON.parse(canonical)).toEqual(example);
    expect(canonical).not.toMatch(/":\s|,\s"/);
  });
});
