// The X-Road header reading on its own: each broken header gives its own problem text, and what is
// read (id, serviceCode, member code, version, the echoed elements) is exactly what was sent.
import { describe, expect, it } from 'vitest';
import type { Element } from '@xmldom/xmldom';
import { NS } from '../../../src/xml/namespaces.ts';
import { buildEnvelope } from '../test-support/messages.ts';
import type { EnvelopeOptions } from '../test-support/messages.ts';
import { openEnvelope } from './open-envelope.ts';
import { readXRoadHeaders } from './xroad-headers.ts';

function headerOf(xml: string): Element {
  const opened = openEnvelope(xml);
  if (!opened.ok) throw new Error(`test envelope does not open: ${opened.rejection.reason}`);
  return opened.header;
}

const read = (options: EnvelopeOptions = {}) => readXRoadHeaders(headerOf(buildEnvelope(options)));

/** The default envelope with one exact piece replaced; fails loudly if the piece is not there. */
function edited(from: string | RegExp, to: string, options: EnvelopeOptions = {}) {
  const xml = buildEnvelope(options);
  const changed = xml.replace(from, to);
  if (changed === xml) throw new Error(`envelope does not contain ${String(from)}`);
  return readXRoadHeaders(headerOf(changed));
}

describe('X-Road headers of a well-formed message', () => {
  it('reads the id, serviceCode, client memberCode and serviceVersion with no problems', () => {
    const reading = read({ messageId: 'msg-1', serviceCode: 'RegisterStay', serviceVersion: 'v2', clientMemberCode: '04054903' });
    expect(reading.problems).toEqual([]);
    expect(reading.messageId).toBe('msg-1');
    expect(reading.serviceCode).toBe('RegisterStay');
    expect(reading.clientMemberCode).toBe('04054903');
    expect(reading.serviceVersion).toBe('v2');
  });

  it('echoes every X-Road header element, in order, serialized with its namespace', () => {
    const reading = read({ messageId: 'msg-echo' });
    expect(reading.echoed).toHaveLength(6);
    expect(reading.echoed.map((xml) => /^<xrd:(\w+)/.exec(xml)?.[1])).toEqual(['client', 'service', 'id', 'userId', 'issue', 'protocolVersion']);
    expect(reading.echoed[2]).toBe(`<xrd:id xmlns:xrd="${NS.xrd}">msg-echo</xrd:id>`);
    expect(reading.echoed[5]).toBe(`<xrd:protocolVersion xmlns:xrd="${NS.xrd}">4.0</xrd:protocolVersion>`);
  });

  it('allows userId and issue to be left out, and a MEMBER client without subsystemCode', () => {
    const reading = edited('<id:subsystemCode>RTG</id:subsystemCode>', '', { userId: null, issue: null, clientObjectType: 'MEMBER' });
    expect(reading.problems).toEqual([]);
    expect(reading.echoed).toHaveLength(4);
  });

  it('keeps the id as sent, surrounding spaces included', () => {
    expect(read({ messageId: ' spaced ' }).messageId).toBe(' spaced ');
  });

  it('ignores a ds:Signature after the X-Road headers', () => {
    const reading = read({ extraHeaders: `<ds:Signature xmlns:ds="${NS.ds}"/>` });
    expect(reading.problems).toEqual([]);
    expect(reading.echoed).toHaveLength(6);
  });
});

describe('X-Road header problems', () => {
  it('names text inside the SOAP Header', () => {
    expect(edited('<SOAP-ENV:Header>', '<SOAP-ENV:Header>stray').problems).toEqual(['SOAP Header містить текст']);
  });

  it('names an element that is neither X-Road nor the signature', () => {
    expect(read({ extraHeaders: '<x:audit xmlns:x="urn:example:x"/>' }).problems).toEqual(['Невідомий заголовок {urn:example:x}audit']);
  });

  it('names a ds: element other than Signature as unknown', () => {
    expect(read({ extraHeaders: `<ds:KeyInfo xmlns:ds="${NS.ds}"/>` }).problems).toEqual([`Невідомий заголовок {${NS.ds}}KeyInfo`]);
  });

  it('names a Signature element outside the ds namespace as unknown', () => {
    expect(read({ extraHeaders: '<x:Signature xmlns:x="urn:example:x"/>' }).problems).toEqual(['Невідомий заголовок {urn:example:x}Signature']);
  });

  it('names an X-Road header placed after the signature', () => {
    const reading = read({ protocolVersion: null, extraHeaders: `<ds:Signature xmlns:ds="${NS.ds}"/><xrd:protocolVersion>4.0</xrd:protocolVersion>` });
    expect(reading.problems).toEqual(['Заголовок xrd:protocolVersion після ds:Signature', 'xrd:protocolVersion відсутній або не на своєму місці']);
    expect(reading.echoed).toHaveLength(5);
  });

  it('names a missing client, and reads no member code', () => {
    const reading = edited(/<xrd:client [\s\S]*?<\/xrd:client>/, '');
    expect(reading.problems).toEqual(['xrd:client відсутній або не на своєму місці']);
    expect(reading.clientMemberCode).toBeNull();
  });

  it('names a missing service, and reads no serviceCode or version', () => {
    const reading = edited(/<xrd:service [\s\S]*?<\/xrd:service>/, '');
    expect(reading.problems).toEqual(['xrd:service відсутній або не на своєму місці']);
    expect(reading.serviceCode).toBeNull();
    expect(reading.serviceVersion).toBeNull();
  });

  it('names a missing id and reads no message id', () => {
    const reading = edited(/<xrd:id>[^<]*<\/xrd:id>/, '');
    expect(reading.problems).toEqual(['xrd:id відсутній або не на своєму місці']);
    expect(reading.messageId).toBeNull();
  });

  it('names a missing protocolVersion once, as missing', () => {
    expect(read({ protocolVersion: null }).problems).toEqual(['xrd:protocolVersion відсутній або не на своєму місці']);
  });

  it('names headers out of order: service before client', () => {
    const xml = buildEnvelope();
    const client = /<xrd:client [\s\S]*?<\/xrd:client>/.exec(xml)![0];
    const service = /<xrd:service [\s\S]*?<\/xrd:service>/.exec(xml)![0];
    const swapped = xml.replace(client, '@@').replace(service, client).replace('@@', service);
    expect(readXRoadHeaders(headerOf(swapped)).problems).toEqual([
      'xrd:client відсутній або не на своєму місці',
      'xrd:id відсутній або не на своєму місці',
      'xrd:protocolVersion відсутній або не на своєму місці',
      'Зайвий або повторений заголовок xrd:client',
      'Зайвий або повторений заголовок xrd:id',
      'Зайвий або повторений заголовок xrd:userId',
      'Зайвий або повторений заголовок xrd:issue',
      'Зайвий або повторений заголовок xrd:protocolVersion',
    ]);
  });

  it('names a repeated id and reads no message id from two', () => {
    const reading = read({ messageId: 'one', extraHeaders: '<xrd:id>two</xrd:id>' });
    expect(reading.problems).toEqual(['Зайвий або повторений заголовок xrd:id']);
    expect(reading.messageId).toBeNull();
  });

  it('names an empty or blank id', () => {
    for (const blank of ['', '   ']) {
      const reading = read({ messageId: blank });
      expect(reading.problems).toEqual(['xrd:id порожній']);
      expect(reading.messageId).toBeNull();
    }
  });

  it.each([
    ['PERSON', ['xrd:client objectType "PERSON", очікується SUBSYSTEM або MEMBER']],
    ['member', ['xrd:client objectType "member", очікується SUBSYSTEM або MEMBER']],
  ])('names a client objectType %s', (objectType, problems) => {
    expect(read({ clientObjectType: objectType }).problems).toEqual(problems);
  });

  it('names a client without objectType', () => {
    expect(edited('<xrd:client id:objectType="SUBSYSTEM">', '<xrd:client>').problems).toEqual(['xrd:client objectType "", очікується SUBSYSTEM або MEMBER']);
  });

  it('names a SUBSYSTEM client without subsystemCode, and one with an empty subsystemCode', () => {
    expect(edited('<id:subsystemCode>RTG</id:subsystemCode>', '').problems).toEqual(['xrd:client SUBSYSTEM без subsystemCode']);
    expect(edited('<id:subsystemCode>RTG</id:subsystemCode>', '<id:subsystemCode></id:subsystemCode>').problems).toEqual([
      'xrd:client SUBSYSTEM без subsystemCode',
    ]);
  });

  it('names a service objectType other than SERVICE, and a missing one', () => {
    expect(edited('<xrd:service id:objectType="SERVICE">', '<xrd:service id:objectType="SUBSYSTEM">').problems).toEqual([
      'xrd:service objectType "SUBSYSTEM", очікується SERVICE',
    ]);
    expect(edited('<xrd:service id:objectType="SERVICE">', '<xrd:service>').problems).toEqual(['xrd:service objectType "", очікується SERVICE']);
  });

  it('names an unknown serviceCode but still reads it as sent', () => {
    const reading = read({ serviceCode: 'RegisterPet' });
    expect(reading.problems).toEqual(['Невідомий serviceCode "RegisterPet"']);
    expect(reading.serviceCode).toBe('RegisterPet');
  });

  it('names a service without serviceCode', () => {
    const reading = edited('<id:serviceCode>RegisterResidence</id:serviceCode>', '');
    expect(reading.problems).toEqual(['Невідомий serviceCode ""']);
    expect(reading.serviceCode).toBeNull();
  });

  it('names an unknown or missing serviceVersion, listing the known ones', () => {
    const unknown = read({ serviceVersion: 'v3' });
    expect(unknown.problems).toEqual(['serviceVersion "v3", очікується одна з v1, v2']);
    expect(unknown.serviceVersion).toBe('v3');
    expect(read({ serviceVersion: '' }).problems).toEqual(['serviceVersion "", очікується одна з v1, v2']);
    const missing = edited('<id:serviceVersion>v1</id:serviceVersion>', '');
    expect(missing.problems).toEqual(['serviceVersion "", очікується одна з v1, v2']);
    expect(missing.serviceVersion).toBeNull();
  });

  it('names a protocolVersion other than 4.0', () => {
    expect(read({ protocolVersion: '4.1' }).problems).toEqual(['protocolVersion "4.1", очікується 4.0']);
    expect(read({ protocolVersion: '' }).problems).toEqual(['protocolVersion "", очікується 4.0']);
  });

  it('collects every problem of one header, in the order they are checked', () => {
    const reading = read({ clientObjectType: 'PERSON', serviceCode: 'Nope', serviceVersion: 'v9', protocolVersion: '3.0' });
    expect(reading.problems).toEqual([
      'xrd:client objectType "PERSON", очікується SUBSYSTEM або MEMBER',
      'Невідомий serviceCode "Nope"',
      'serviceVersion "v9", очікується одна з v1, v2',
      'protocolVersion "3.0", очікується 4.0',
    ]);
  });
});
