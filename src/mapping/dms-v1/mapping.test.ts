// What the golden files (goldens.test.ts) do not show by themselves about the v1 mapping.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.ts';
import type { RegistrationEvent } from '../../domain/event.ts';
import { EXAMPLES_DIR as EXAMPLES, GOLDEN_IDS as ids } from '../goldens.ts';
import { createDmsV1Contract } from './contract.ts';

const GOLDEN = path.join(import.meta.dirname, 'golden');
const contract = createDmsV1Contract(loadConfig({}).xroad);

describe('DMS contract v1 mapping', () => {
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

  it('maps a declaration (Law 1871-IX) to DeclareResidence, with the previous place when sent', () => {
    const load = (name: string) => JSON.parse(readFileSync(path.join(EXAMPLES, name), 'utf8')) as RegistrationEvent;
    const online = contract.buildRequest(load('residence-declared.online.json'), ids);
    expect(online.serviceCode).toBe('DeclareResidence');
    expect(online.xml).toMatch(/<reg:DeclareResidence[ >]/);
    expect(online.xml).not.toContain('<reg:previousAddress>');
    const moved = contract.buildRequest(load('residence-declared.with-previous-address.json'), ids);
    expect(moved.xml).toMatch(/<\/reg:address>\s*<reg:previousAddress>/);
  });

  it('carries the guardianship body’s approval of a ward’s move in the move’s deregistration half', () => {
    const event = JSON.parse(readFileSync(path.join(EXAMPLES, 'residence-moved.guardian-moves-ward-with-approval.json'), 'utf8')) as RegistrationEvent;
    const { xml } = contract.buildRequest(event, ids);
    expect(xml).toMatch(/<\/reg:previousAddress>\s*<reg:deregistration>\s*<reg:ground>application<\/reg:ground>\s*<reg:guardianshipApproval>/);
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
