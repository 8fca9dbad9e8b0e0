import { describe, expect, it } from 'vitest';
import { NS } from '../../../src/xml/namespaces.ts';
import { REGISTER_RESIDENCE_BODY, bodyWith } from '../test-support/messages.ts';
import { CHECK_NS } from './schema-files.ts';
import { SchemaValidator } from './schema-validator.ts';

const CLIENT = `<xrd:client xmlns:xrd="${NS.xrd}" xmlns:id="${NS.id}" id:objectType="SUBSYSTEM"><id:xRoadInstance>SEVDEIR-TEST</id:xRoadInstance><id:memberClass>GOV</id:memberClass><id:memberCode>26376375</id:memberCode><id:subsystemCode>RTG</id:subsystemCode></xrd:client>`;
const SERVICE = `<xrd:service xmlns:xrd="${NS.xrd}" xmlns:id="${NS.id}" id:objectType="SERVICE"><id:xRoadInstance>SEVDEIR-TEST</id:xRoadInstance><id:memberClass>GOV</id:memberClass><id:memberCode>37508470</id:memberCode><id:serviceCode>RegisterResidence</id:serviceCode><id:serviceVersion>v1</id:serviceVersion></xrd:service>`;

function headers(...elements: string[]): string {
  return `<c:requestHeaders xmlns:c="${CHECK_NS}" xmlns:xrd="${NS.xrd}">${elements.join('')}</c:requestHeaders>`;
}

const GOOD_HEADERS = headers(CLIENT, SERVICE, '<xrd:id>1</xrd:id>', '<xrd:protocolVersion>4.0</xrd:protocolVersion>');

describe('SchemaValidator', () => {
  it('validates headers and body and tells their errors apart', async () => {
    const validator = new SchemaValidator();
    const result = await validator.validate({
      headers: headers(CLIENT, SERVICE, '<xrd:protocolVersion>4.0</xrd:protocolVersion>'),
      body: bodyWith('<reg:channel>cnap<', '<reg:channel>post<'),
    });
    expect(result.headerErrors.join()).toContain('xrd:id');
    expect(result.bodyErrors.join()).toMatch(/reg:channel.*post/);
    expect(validator.counters).toEqual({ jobs: 1, documents: 2 });
  });

  it('keeps each verdict with its message when many are checked at once', async () => {
    const validator = new SchemaValidator();
    const jobs = Array.from({ length: 10 }, (_, i) => ({
      headers: GOOD_HEADERS,
      body: i % 3 === 0 ? bodyWith('19910824-00015', 'nope') : REGISTER_RESIDENCE_BODY,
    }));
    const results = await Promise.all(jobs.map((job) => validator.validate(job)));
    expect(results.map((r) => r.bodyErrors.length > 0)).toEqual(jobs.map((_, i) => i % 3 === 0));
    expect(results.every((r) => r.headerErrors.length === 0)).toBe(true);
  });

  it('checks headers alone when there is no body to trust', async () => {
    const result = await new SchemaValidator().validate({ headers: GOOD_HEADERS, body: null });
    expect(result).toEqual({ headerErrors: [], bodyErrors: [] });
  });

  it('reports a document that is not well-formed instead of throwing', () => {
    const result = new SchemaValidator().validateNow({ headers: null, body: '<reg:RegisterResidence' });
    expect(result.bodyErrors.join()).toMatch(/не є правильно сформованим XML/);
  });

  it('reads no file and no network resource a document points at', () => {
    const external = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]><reg:RegisterResidence xmlns:reg="${NS.reg}">&e;</reg:RegisterResidence>`;
    const result = new SchemaValidator().validateNow({ headers: null, body: external });
    expect(result.bodyErrors.join()).not.toContain('root:');
    expect(result.bodyErrors.length).toBeGreaterThan(0);
  });
});
