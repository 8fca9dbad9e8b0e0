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

  it('hides them in a message written by DMS too: with attributes, in CDATA, split by a comment', () => {
    const xml = [
      '<cb:person xmlns:cb="urn:rtg-gateway:dms:callbacks:v1">',
      '<cb:lastName xmlns:cb="urn:rtg-gateway:dms:callbacks:v1">Шевчук</cb:lastName>',
      '<cb:firstName><![CDATA[Тарас]]></cb:firstName>',
      '<cb:unzr>19850614<!-- c -->-00012</cb:unzr>',
      '<cb:birthDate >1985-06-14</cb:birthDate >',
      '<cb:patronymic/>',
      '</cb:person>',
    ].join('');
    const masked = maskPersonalData(xml);
    for (const clear of ['Шевчук', 'Тарас', '19850614', '00012', '1985-06-14']) expect(masked).not.toContain(clear);
    expect(masked).toContain('<cb:lastName xmlns:cb="urn:rtg-gateway:dms:callbacks:v1">•••</cb:lastName>');
    expect(masked).toContain('<cb:patronymic/>');
  });
});
