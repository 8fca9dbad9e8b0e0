// Every example event in every DMS contract version: byte for byte its golden file, and valid
// against that version's XSD and, header by header, the X-Road 4.0 schemas.
// After a deliberate change: `npm run golden`, then review the diff.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { envelopeParts } from '../../tests/support/envelope-parts.ts';
import { validateRegistrationBody, validateXRoadHeader } from '../../tests/support/xsd.ts';
import { exampleNames, goldenCase } from './goldens.ts';
import { CONTRACT_VERSIONS } from './versions.ts';

describe.each(CONTRACT_VERSIONS.map((v) => [v.name, v] as const))('%s', (_name, version) => {
  it.each(exampleNames())('%s matches its golden file and the schemas', async (example) => {
    const { xml, serviceCode, goldenFile } = goldenCase(version, example);
    expect(existsSync(goldenFile), `no golden file for ${example}: run npm run golden and review it`).toBe(true);
    expect(xml, `differs from ${goldenFile}: if deliberate, run npm run golden and review the diff`).toBe(readFileSync(goldenFile, 'utf8'));

    const parts = envelopeParts(xml);
    expect(parts.request.localName).toBe(serviceCode);
    expect(await validateRegistrationBody(parts.request.xml, version.folder)).toEqual([]);
    expect(parts.headers.map((h) => h.localName)).toEqual(['client', 'service', 'id', 'userId', 'issue', 'protocolVersion']);
    for (const header of parts.headers) expect(await validateXRoadHeader(header.xml), header.localName).toEqual([]);
  });
});

it('a request of one version does not pass for another version', async () => {
  const [v1, v2] = CONTRACT_VERSIONS;
  const request = envelopeParts(goldenCase(v1!, 'residence-registered.citizen-id-card.json').xml).request.xml;
  expect(await validateRegistrationBody(request, v1!.folder)).toEqual([]);
  expect(await validateRegistrationBody(request, v2!.folder)).not.toEqual([]);
});
