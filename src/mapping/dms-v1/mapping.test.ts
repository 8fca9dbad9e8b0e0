// Golden files: every valid example of the event contract, normalised by the gateway's rules as on
// ingest and mapped with fixed ids, compared byte for byte with src/mapping/dms-v1/golden/.
// Regenerate after a deliberate change with UPDATE_GOLDEN=1 and review the diff.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { envelopeParts } from '../../../tests/support/envelope-parts.ts';
import { REPO, validateRegistrationBody, validateXRoadHeader } from '../../../tests/support/xsd.ts';
import { loadConfig } from '../../config/config.ts';
import type { RegistrationEvent } from '../../domain/event.ts';
import { validateEvent } from '../../ingest/validate-event.ts';
import { createDmsV1Contract } from './contract.ts';

const EXAMPLES = path.join(REPO, 'contracts/events/v1/examples');
const GOLDEN = path.join(import.meta.dirname, 'golden');
const contract = createDmsV1Contract(loadConfig({}).xroad);
const ids = { gatewayEventId: '019ab3c0-0000-7000-8000-000000000001', messageId: '019ab3c0-0000-7000-8000-000000000002', registerCode: '26376375' };

const examples = readdirSync(EXAMPLES).filter((f) => f.endsWith('.json')).sort();

describe('DMS contract v1 mapping', () => {
  it.each(examples)('%s matches its golden file and both schemas', async (name) => {
    const validated = validateEvent(JSON.parse(readFileSync(path.join(EXAMPLES, name), 'utf8')), { now: new Date('2026-11-23T12:00:00Z'), feeMismatch: 'reject' });
    if (!validated.ok) throw new Error(`${name} is not valid: ${JSON.stringify(validated.issues)}`);
    const { xml, serviceCode } = contract.buildRequest(validated.event, ids);
    const goldenFile = path.join(GOLDEN, name.replace(/\.json$/, '.xml'));
    if (process.env.UPDATE_GOLDEN === '1') {
      mkdirSync(GOLDEN, { recursive: true });
      writeFileSync(goldenFile, xml);
    }
    expect(existsSync(goldenFile), `no golden file for ${name}: run UPDATE_GOLDEN=1 npm exec vitest run src/mapping and review it`).toBe(true);
    expect(xml).toBe(readFileSync(goldenFile, 'utf8'));

    const parts = envelopeParts(xml);
    expect(parts.request.localName).toBe(serviceCode);
    expect(await validateRegistrationBody(parts.request.xml)).toEqual([]);
    expect(parts.headers.map((h) => h.localName)).toEqual(['client', 'service', 'id', 'userId', 'issue', 'protocolVersion']);
    for (const header of parts.headers) expect(await validateXRoadHeader(header.xml), header.localName).toEqual([]);
  });

  it('carries normalised values: a Latin-typed passport series becomes Cyrillic', () => {
    const golden = readFileSync(path.join(GOLDEN, 'residence-registered.passport-series-typed-in-latin.xml'), 'utf8');
    expect(golden).toContain('<reg:series>АВ</reg:series>');
    expect(golden).not.toContain('<reg:series>AB</reg:series>');
  });

  it('keeps Cyrillic as UTF-8 and escapes markup in values', () => {
    const event = JSON.parse(readFileSync(path.join(EXAMPLES, 'residence-registered.citizen-id-card.json'), 'utf8')) as RegistrationEvent;
    event.address.street = 'вул. <Нова> & "Стара"';
    const { xml } = contract.buildRequest(event, ids);
    // Escaped as canonical XML escapes text: quotes stay, so the message is its own C14N form.
    expect(xml).toContain('<reg:street>вул. &lt;Нова&gt; &amp; "Стара"</reg:street>');
    expect(xml).toContain('<reg:lastName>Коваленко</reg:lastName>');
    expect(xml).not.toMatch(/&#x?[0-9a-f]+;/i);
  });

  it('refuses a value XML cannot carry instead of dropping it', () => {
    const event = JSON.parse(readFileSync(path.join(EXAMPLES, 'residence-registered.citizen-id-card.json'), 'utf8')) as RegistrationEvent;
    event.person.lastName = 'Ко\u0007валенко';
    expect(() => contract.buildRequest(event, ids)).toThrow(RangeError);
  });

  it('names the service after the event type and uses the register as the X-Road client', () => {
    const event = JSON.parse(readFileSync(path.join(EXAMPLES, 'residence-moved.from-kupiansk.json'), 'utf8')) as RegistrationEvent;
    const { xml, serviceCode } = contract.buildRequest(event, { ...ids, registerCode: '04054903' });
    expect(serviceCode).toBe('RegisterResidenceWithDeregistration');
    expect(xml).toContain('<id:memberCode>04054903</id:memberCode>');
    expect(xml).toContain('UA04054903</xrd:userId>');
    expect(xml).toContain(`>${ids.messageId}</xrd:id>`);
    expect(xml).toContain('>4.0</xrd:protocolVersion>');
  });
});
