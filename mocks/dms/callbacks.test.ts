// The mock's side of the DMS → gateway channel: notices on demand (validated, problem+json), the
// outbox, scripted outcomes, and that only a signed acknowledgement from a trusted gateway counts.
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { createMockDmsApp } from './app.ts';
import { acknowledgement } from '../../src/dms-inbound/answers.ts';
import { createTestPki } from './test-support/pki.ts';
import { parseFaultConfig } from './faults/parse-fault-config.ts';
import { signedEnvelope, soapInit } from './test-support/messages.ts';

const gateway = createTestPki();
const dms = createTestPki('mock DMS');
const impostor = createTestPki();
afterAll(() => [gateway, dms, impostor].forEach((p) => p.cleanup()));

const NOTICE = {
  kind: 'temporary_permit_expired',
  person: { rnokpp: '3012345678', lastName: 'Чебан', firstName: 'Ана', birthDate: '1990-05-01' },
  katottg: 'UA80000000000093317',
  occurredOn: '2026-11-01',
  document: { type: 'temporary_residence_permit', number: 'AB123456' },
};

const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** A gateway stand-in on a real port: acknowledges what it gets, signed with `key`. */
async function fakeGateway(sign: typeof gateway.rsa, received: string[]) {
  const app = new Hono().post('/xroad/dms', async (c) => {
    const xml = await c.req.text();
    received.push(xml);
    const id = /<cb:(?:outcomeId|noticeId)>([^<]+)</.exec(xml)?.[1] ?? '';
    return c.body(acknowledgement(sign, 'x', { kind: xml.includes('Notice') ? 'notice' : 'outcome', id, stored: true }), 200, { 'content-type': 'text/xml' });
  });
  return new Promise<{ url: string; close: () => void }>((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve({ url: `http://127.0.0.1:${info.port}/xroad/dms`, close: () => server.close() }),
    );
  });
}

async function until(check: () => Promise<boolean>) {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('POST /__admin/notices', () => {
  const { app, state } = createMockDmsApp({ trustedCaPems: [gateway.caPem], answerSigningKey: dms.rsa });
  afterAll(() => state.outbox.stop());

  it('queues a signed notice and shows it in the outbox', async () => {
    const res = await app.request('/__admin/notices', json(NOTICE));
    expect(res.status).toBe(202);
    const { noticeId } = (await res.json()) as { noticeId: string };
    const box = (await (await app.request('/__admin/outbox')).json()) as { counts: Record<string, number>; items: Array<{ id: string; kind: string; state: string }> };
    expect(box.items).toContainEqual(expect.objectContaining({ id: noticeId, kind: 'notice', state: 'pending' }));
    expect(state.outbox.items().find((i) => i.id === noticeId)?.xml).toContain('<ds:Signature');
  });

  it('refuses an unknown kind with 400 NOTICE_KIND_UNKNOWN', async () => {
    const res = await app.request('/__admin/notices', json({ ...NOTICE, kind: 'person_moved' }));
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ code: 'NOTICE_KIND_UNKNOWN' });
  });

  it('lists every problem of a bad notice with its pointer', async () => {
    const res = await app.request('/__admin/notices', json({ kind: 'person_died', person: { unzr: '1990', lastName: '' }, occurredOn: 'yesterday', extra: 1 }));
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { code: string; issues: Array<{ pointer: string }> };
    expect(problem.code).toBe('NOTICE_INVALID');
    expect(problem.issues.map((i) => i.pointer).sort()).toEqual(['/extra', '/occurredOn', '/person/birthDate', '/person/firstName', '/person/lastName', '/person/unzr']);
  });

  it('refuses a bad outbox filter', async () => {
    expect((await app.request('/__admin/outbox?state=lost')).status).toBe(400);
  });
});

describe('the outcome script in the fault config', () => {
  it('takes refusals and delays, and refuses what it does not know', () => {
    const ok = parseFaultConfig({ outcomes: { sequence: [{ type: 'refuse', code: 'RECORD_CONFLICT', reason: 'r', delayMs: 10 }], rules: [{ type: 'register', delayMs: 5, probability: 0.5 }] } });
    expect(ok).toMatchObject({ ok: true, config: { outcomes: { sequence: [{ type: 'refuse', code: 'RECORD_CONFLICT' }], rules: [{ type: 'register', probability: 0.5 }] } } });
    const bad = parseFaultConfig({ outcomes: { sequence: [{ type: 'refuse', code: 'lower' }, { type: 'maybe' }], rules: [{ type: 'register' }] } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues.map((i) => i.pointer)).toEqual(['/outcomes/sequence/0/code', '/outcomes/sequence/1/type', '/outcomes/rules/0/probability']);
  });
});

describe('final outcomes', () => {
  it('decides each registered message once, scripted refusal first, and repeats the decision for the event sent again under a new id', async () => {
    const { app, state } = createMockDmsApp({ trustedCaPems: [gateway.caPem], answerSigningKey: dms.rsa, outcomeDelayMs: 60_000 });
    try {
      await app.request('/__admin/faults', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ outcomes: { sequence: [{ type: 'refuse', code: 'RECORD_CONFLICT' }] } }) });
      const first = await app.request('/', soapInit(signedEnvelope(gateway.rsa, { messageId: '0193a2c4-5b6e-7f00-8a1b-00000000a001', gatewayEventId: '0193a2c4-5b6e-7f00-8a1b-0000000000aa' })));
      const second = await app.request('/', soapInit(signedEnvelope(gateway.rsa, { messageId: '0193a2c4-5b6e-7f00-8a1b-00000000b001', gatewayEventId: '0193a2c4-5b6e-7f00-8a1b-0000000000bb' })));
      expect([first.status, second.status]).toEqual([200, 200]);
      // The same message again: no new outcome. The same event under a new xrd:id (DUPLICATE): the same decision for that id.
      await app.request('/', soapInit(signedEnvelope(gateway.rsa, { messageId: '0193a2c4-5b6e-7f00-8a1b-00000000a001', gatewayEventId: '0193a2c4-5b6e-7f00-8a1b-0000000000aa' })));
      const again = await app.request('/', soapInit(signedEnvelope(gateway.rsa, { messageId: '0193a2c4-5b6e-7f00-8a1b-00000000a002', gatewayEventId: '0193a2c4-5b6e-7f00-8a1b-0000000000aa' })));
      expect(await again.text()).toContain('DUPLICATE');
      const items = state.outbox.items().map((i) => [i.gatewayEventId, i.messageId, i.detail]);
      expect(items).toEqual([
        ['0193a2c4-5b6e-7f00-8a1b-0000000000aa', '0193a2c4-5b6e-7f00-8a1b-00000000a001', 'refused'],
        ['0193a2c4-5b6e-7f00-8a1b-0000000000bb', '0193a2c4-5b6e-7f00-8a1b-00000000b001', 'registered'],
        ['0193a2c4-5b6e-7f00-8a1b-0000000000aa', '0193a2c4-5b6e-7f00-8a1b-00000000a002', 'refused'],
      ]);
      expect(state.outbox.items()[0]?.xml).toMatch(/<cb:code>RECORD_CONFLICT<\/cb:code><cb:reason>[^<]+<\/cb:reason>/);
    } finally {
      state.outbox.stop();
    }
  });
});

describe('the outbox', () => {
  it('counts a notice delivered only on an acknowledgement signed by a trusted gateway', async () => {
    const trusted: string[] = [];
    const forged: string[] = [];
    const good = await fakeGateway(gateway.rsa, trusted);
    const bad = await fakeGateway(impostor.rsa, forged);
    const { app, state } = createMockDmsApp({ trustedCaPems: [gateway.caPem], answerSigningKey: dms.rsa, callbackUrls: [bad.url], callbackBackoff: { firstMs: 10, maxMs: 20 } });
    try {
      const { noticeId } = (await (await app.request('/__admin/notices', json(NOTICE))).json()) as { noticeId: string };
      await until(async () => forged.length >= 3);
      expect(state.outbox.items()[0]).toMatchObject({ id: noticeId, state: 'pending', lastError: expect.stringContaining('CERTIFICATE_UNTRUSTED') });
      state.outbox.setCallbackUrls([good.url]);
      await until(async () => state.outbox.items()[0]?.state === 'delivered');
      expect(trusted[0]).toContain(`<cb:noticeId>${noticeId}</cb:noticeId>`);
    } finally {
      state.outbox.stop();
      good.close();
      bad.close();
    }
  });
});
