// The published contract folder is what vendors read and post: keep it coherent.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../support/xsd.ts';

const V1 = path.join(REPO, 'contracts/events/v1');
const files = (dir: string) => readdirSync(path.join(V1, dir)).filter((f) => f.endsWith('.json')).map((f) => path.join(dir, f));
const all = [...files('examples'), ...files('invalid'), ...files('warnings')];
const rules = readFileSync(path.join(V1, 'RULES.md'), 'utf8');

describe('contracts/events/v1', () => {
  it('uses each eventId once, so every file can be posted to one gateway', () => {
    const ids = new Map<string, string>();
    for (const file of all) {
      let event: unknown;
      try {
        event = JSON.parse(readFileSync(path.join(V1, file), 'utf8'));
      } catch {
        continue; // the BODY_NOT_JSON files
      }
      const id = (event as { eventId?: unknown }).eventId;
      if (typeof id !== 'string') continue;
      expect(ids.get(id), `${file} reuses the eventId of ${ids.get(id)}`).toBeUndefined();
      ids.set(id, file);
    }
    expect(ids.size).toBeGreaterThan(50);
  });

  it('names every invalid and warning file after a code RULES.md documents', () => {
    for (const file of [...files('invalid'), ...files('warnings')]) {
      const code = path.basename(file).split('.')[0] as string;
      expect(code, file).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect(rules.includes(`\`${code}\``), `${code} (${file}) is not in RULES.md`).toBe(true);
    }
  });
});

describe('contracts/xroad/4.0', () => {
  const shared = path.resolve(REPO, '../shared/reference/xroad');
  it('is the reference copy, byte for byte, where the shared reference is present', () => {
    for (const name of ['xroad.xsd', 'identifiers.xsd', 'xml.xsd']) {
      const ours = readFileSync(path.join(REPO, 'contracts/xroad/4.0', name), 'utf8');
      expect(ours).toContain('xs:schema');
      if (existsSync(path.join(shared, name))) expect(ours, name).toBe(readFileSync(path.join(shared, name), 'utf8'));
    }
  });
});
