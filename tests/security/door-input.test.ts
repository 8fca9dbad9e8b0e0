// What the door refuses besides size: bytes that are not UTF-8, other charsets, text XML cannot
// carry, JSON nested without bound, members named like Object.prototype's; and what a refusal may
// say (never the input) and what the gateway logs when a client hangs up mid-body.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway } from '../../src/app/gateway.ts';
import { loadConfig } from '../../src/config/config.ts';
import { createLogger } from '../../src/logger.ts';
import { startTestGateway, TEST_API_KEY, type TestGateway } from '../support/gateway.ts';
import { REPO } from '../support/xsd.ts';
import { sendAndHangUp } from './raw-http.ts';

const exampleText = readFileSync(path.join(REPO, 'contracts/events/v1/examples/residence-registered.citizen-id-card.json'), 'utf8');
const example = JSON.parse(exampleText) as Record<string, unknown> & { fee: Record<string, unknown>; person: Record<string, unknown> };
const OPERATOR = 'rtgop_door_input_test_operator_000';
let n = 0;
const fresh = () => ({ ...example, eventId: `DOOR-${++n}` });

describe('the door refuses what can never be delivered', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ WORKER_ENABLED: 'false', DEMO_OPERATOR_TOKEN: OPERATOR });
  });
  afterAll(async () => gw.stop());

  const problem = async (res: Response) => ({ status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as { code: string; pointer?: string; errors?: Array<{ code: string; pointer: string }> } });

  it('refuses invalid UTF-8 (a Windows-1251 body) with 400 BODY_NOT_UTF8, decoding nothing', async () => {
    const text = JSON.stringify(fresh());
    const res = await problem(await gw.post(encode1251(text)));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('BODY_NOT_UTF8');
    // a single stray byte in an otherwise UTF-8 body too
    const stray = Buffer.concat([Buffer.from(text.slice(0, 40)), Buffer.from([0xc3]), Buffer.from(text.slice(40))]);
    expect((await problem(await gw.post(stray))).body.code).toBe('BODY_NOT_UTF8');
  });

  it('refuses a charset other than UTF-8 with 415 UNSUPPORTED_CHARSET and takes utf-8 spelled any way', async () => {
    for (const charset of ['windows-1251', 'iso-8859-1', 'utf-16']) {
      const res = await problem(await gw.post(fresh(), { headers: { 'content-type': `application/json; charset=${charset}` } }));
      expect(res.status).toBe(415);
      expect(res.body.code).toBe('UNSUPPORTED_CHARSET');
    }
    for (const charset of ['utf-8', 'UTF-8', '"utf-8"']) {
      const res = await gw.post(fresh(), { headers: { 'content-type': `application/json; charset=${charset}` } });
      expect(res.status).toBe(202);
    }
  });

  it('refuses U+FFFD with 422 TEXT_REPLACEMENT_CHARACTER and XML-illegal characters and noncharacters with TEXT_FORBIDDEN_CHARACTER', async () => {
    const withName = (lastName: string) => ({ ...fresh(), person: { ...example.person, lastName } });
    const replaced = await problem(await gw.post(withName('Ков\uFFFDленко')));
    expect([replaced.status, replaced.body.code, replaced.body.pointer]).toEqual([422, 'TEXT_REPLACEMENT_CHARACTER', '/person/lastName']);
    for (const bad of ['\u0001', '\u001F', '\u007F', '\u0085', '\uFDD0', '\uFFFE', '\uFFFF', '\u{1FFFE}', '\u{10FFFF}', '\uD800', '\uDC00']) {
      const res = await problem(await gw.post(withName(`Кова${bad}ленко`)));
      expect([res.status, res.body.code], JSON.stringify(bad)).toEqual([422, 'TEXT_FORBIDDEN_CHARACTER']);
    }
    // what XML 1.0 carries stays accepted: an apostrophe, an astral letter
    expect((await gw.post(withName("Д'Артаньян"))).status).toBe(202);
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'])('refuses fee.%s like any unknown member (FIELD_UNKNOWN)', async (name) => {
    const event = fresh();
    // written into the JSON text: JSON.parse makes even __proto__ an own member
    const text = JSON.stringify(event).replace('"kind":"paid"', `"kind":"paid","${name}":{"amount":"0.00"}`);
    expect(text).toContain(`"${name}"`);
    const before = await gw.store.log.countByStatusFor(null);
    const res = await problem(await gw.post(text));
    expect(res.status).toBe(422);
    expect(res.body.errors?.map((e) => [e.code, e.pointer])).toContainEqual(['FIELD_UNKNOWN', `/fee/${name}`]);
    expect(await gw.store.log.countByStatusFor(null)).toEqual(before);
  });

  it('refuses deep JSON with 400 JSON_TOO_DEEP, never a 500, on events and on operator commands', async () => {
    for (const depth of [33, 2_500, 30_000]) {
      const deep = JSON.stringify(fresh()).replace('"channel":"cnap"', `"channel":"cnap","x":${'['.repeat(depth)}${']'.repeat(depth)}`);
      const res = await problem(await gw.post(deep));
      expect([res.status, res.body.code], String(depth)).toEqual([400, 'JSON_TOO_DEEP']);
    }
    const search = await fetch(`${gw.url}/v1/events/search`, { method: 'POST', headers: { authorization: `Bearer ${OPERATOR}`, 'content-type': 'application/json' }, body: `{"status":${'['.repeat(5000)}${']'.repeat(5000)}}` });
    expect([search.status, ((await search.json()) as { code: string }).code]).toEqual([400, 'JSON_TOO_DEEP']);
    // 32 levels is within the bound and meets the schema instead
    const ok = await problem(await gw.post(JSON.stringify({ ...fresh(), x: JSON.parse(`${'['.repeat(31)}${']'.repeat(31)}`) })));
    expect([ok.status, ok.body.code]).toEqual([422, 'FIELD_UNKNOWN']);
  });

  it('answers wide arrays within the body limit with a 4xx', async () => {
    const wide = await gw.post({ ...fresh(), x: Array.from({ length: 25_000 }, () => 1) });
    expect(wide.status).toBe(422);
    const strings = await gw.post({ ...fresh(), x: Array.from({ length: 6_000 }, () => '\u0000') });
    expect(strings.status).toBe(422);
    const tooWide = await gw.post({ ...fresh(), x: Array.from({ length: 40_000 }, () => 1) });
    expect(tooWide.status).toBe(413);
  });

  it('BODY_NOT_JSON names a position, never the text, also in the stored answer replayed for the same key', async () => {
    const secret = 'Шевченко-19880315-04171';
    const body = `{"eventId": "DOOR-BAD", "person": {"lastName": "${secret}" ]`;
    const first = await gw.post(body, { idempotencyKey: 'not-json-1' });
    const text = await first.text();
    expect(first.status).toBe(400);
    expect(JSON.parse(text)).toMatchObject({ code: 'BODY_NOT_JSON' });
    expect(text).toMatch(/position \d+/);
    expect(text).not.toContain('Шевченко');
    expect(text).not.toContain('04171');
    const replay = await gw.post(body, { idempotencyKey: 'not-json-1' });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    const replayed = await replay.text();
    expect(replayed).toBe(text);
    for (const file of ['rtg-gateway.sqlite', 'rtg-gateway.sqlite-wal']) expect(readFileSync(path.join(gw.dataDir, file)).includes(Buffer.from('Шевченко')), file).toBe(false);
  });
});

describe('a client that hangs up mid-body', () => {
  it('is not logged as an unhandled error', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _enc, done) => { lines.push(chunk.toString()); done(); } });
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const root = mkdtempSync(path.join(tmpdir(), 'rtg-abort-'));
    const config = loadConfig({ PORT: '0', MOCK_DMS_PORT: '0', DATA_DIR: path.join(root, 'data'), DEV_CERTS_DIR: path.join(root, 'certs'), DEMO_API_KEY: TEST_API_KEY, DEMO_OPERATOR_TOKEN: OPERATOR, WORKER_ENABLED: 'false', DMS_URL: 'http://127.0.0.1:9' }); // no worker: DMS is never called
    const gateway = await startGateway(config, createLogger('info', 'rtg-gateway', sink));
    try {
      const host = new URL(gateway.url).host;
      const headers = (path: string, extra: string) => `POST ${path} HTTP/1.1\r\nhost: ${host}\r\nauthorization: Bearer ${extra}\r\ncontent-type: application/json\r\ncontent-length: 5000\r\nidempotency-key: abort-1\r\n\r\n{"eventId": "x", `;
      await sendAndHangUp(gateway.url, headers('/v1/events', TEST_API_KEY));
      await sendAndHangUp(gateway.url, headers('/v1/events/search', OPERATOR));
      await sendAndHangUp(gateway.url, headers('/v1/replays', OPERATOR));
      await new Promise((r) => setTimeout(r, 300));
      const health = await fetch(`${gateway.url}/healthz`);
      expect(health.status).toBe(200);
    } finally {
      await gateway.close();
      rmSync(root, { recursive: true, force: true });
    }
    const errors = lines.map((l) => JSON.parse(l) as { level: number; msg: string }).filter((l) => l.level >= 50);
    expect(lines.join('')).toContain('rtg-gateway is listening'); // the sink does receive the log
    expect(errors).toEqual([]);
    expect(lines.join('')).not.toContain('unhandled error');
  });
});

/** The body as a register with a Windows-1251 system would send it. */
function encode1251(text: string): Buffer {
  const table = 'АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдежзийклмнопрстуфхцчшщъыьэюя';
  const extra: Record<string, number> = { І: 0xb2, і: 0xb3, Ї: 0xaf, ї: 0xbf, Є: 0xaa, є: 0xba, Ґ: 0xa5, ґ: 0xb4, '’': 0x92, '«': 0xab, '»': 0xbb };
  return Buffer.from([...text].map((ch) => (ch.charCodeAt(0) < 0x80 ? ch.charCodeAt(0) : table.includes(ch) ? 0xc0 + table.indexOf(ch) : (extra[ch] ?? 0x3f))));
}
