import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { maskPersonalData } from './mask-xml.ts';

const golden = readFileSync(new URL('../mapping/dms-v1/golden/residence-registered.child-under-14-parents-apart.xml', import.meta.url), 'utf8');

describe('maskPersonalData', () => {
  it('hides names, identifiers, documents and addresses and keeps the rest', () => {
    const masked = maskPersonalData(golden);
    expect(masked).toContain('<reg:occurredAt>2026-');
    expect(masked).toContain('<reg:type>birth_certificate</reg:type>');
    expect(masked).toMatch(/<reg:lastName>•••<\/reg:lastName>/);
    expect(masked).toMatch(/<reg:unzr>•••<\/reg:unzr>/);
    expect(masked).not.toMatch(/<reg:(lastName|firstName|unzr|rnokpp|number|street)>[^•<]/);
    expect(masked).toContain('<reg:katottg>UA');
    expect(masked).toMatch(/<xrd:id [^>]*>019ab3c0-/);
  });
});
