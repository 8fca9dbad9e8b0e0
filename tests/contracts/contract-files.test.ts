// The published contract folder is what vendors read and post: keep it coherent.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
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
  // The checked-in copy is the source of truth; these are the SHA-256 of the team's reference copy
  // (shared/reference/xroad), recorded here so the check holds on any clone, with or without it.
  const REFERENCE_SHA256: Record<string, string> = {
    'xroad.xsd': 'cd01c3a9b0334199e9df6f3955b5c89ea0e000ac1dbacc43e186a6a0e4cd07a2',
    'identifiers.xsd': '0148d73f9f328b8c3be71fef1bfb4393f97cba88a1ae7c8c0cb59f292d1c6e62',
    'xml.xsd': 'e2cc34f8e2f2d0a84c17339f27e0b62982b6d249269b2351895cfbe372496d89',
  };
  it('is the reference copy, byte for byte (by its recorded digest)', () => {
    for (const [name, digest] of Object.entries(REFERENCE_SHA256)) {
      const ours = readFileSync(path.join(REPO, 'contracts/xroad/4.0', name));
      expect(createHash('sha256').update(ours).digest('hex'), `${name} differs from the reference copy`).toBe(digest);
    }
  });
});
