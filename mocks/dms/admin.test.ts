import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createMockDmsApp } from './app.ts';
import type { JournalEntry } from './state/journal.ts';
import { createTestPki } from './test-support/pki.ts';
import { FIXTURE_EVENT_ID, signedEnvelope, soapInit } from './test-support/messages.ts';

const pki = createTestPki();
afterAll(() => pki.cleanup());
const { app } = createMockDmsApp({ trustedCaPems: [pki.caPem] });

const getJson = async <T>(path: string): Promise<T> => (await (await app.request(path)).json()) as T;
const post = (xml: string) => app.request('/dms', soapInit(xml));

describe('admin API', () => {
  it('reports health', async () => {
    expect(await getJson('/__admin/health')).toEqual({ status: 'ok' });
  });

  it('journals every request with its exact text, filters it, and clears it with the registrations', async () => {
    const accepted = randomUUID();
    const request = signedEnvelope(pki.rsa, { messageId: accepted, gatewayEventId: FIXTURE_EVENT_ID });
    await post(request);
    await post(request);
    await post(signedEnvelope(pki.rsa, { protocolVersion: null }));
    await post('not xml');

    const all = await getJson<JournalEntry[]>('/__admin/messages');
    expect(all.map((e) => e.verdict)).toEqual(['accepted', 'duplicate', 'rejected', 'rejected']);
    expect(all[0]).toMatchObject({ messageId: accepted, serviceCode: 'RegisterResidence', gatewayEventId: FIXTURE_EVENT_ID, raw: request });
    expect(all[0]!.receipt).toMatch(/^DMS-\d{8}-\d{6}$/);
    expect(all[3]).toMatchObject({ messageId: null, code: 'MALFORMED_XML', raw: 'not xml' });

    expect(await getJson<JournalEntry[]>(`/__admin/messages?messageId=${accepted}`)).toHaveLength(2);
    expect((await getJson<JournalEntry[]>('/__admin/messages?verdict=rejected')).map((e) => e.code)).toEqual(['XROAD_HEADER_INVALID', 'MALFORMED_XML']);
    expect((await getJson<JournalEntry[]>('/__admin/messages?limit=1')).map((e) => e.seq)).toEqual([all[3]!.seq]);

    const raw = await app.request(`/__admin/messages/${all[0]!.seq}/raw`);
    expect(raw.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    expect(await raw.text()).toBe(request);

    expect(await getJson('/__admin/stats')).toMatchObject({
      requests: 4,
      byVerdict: { accepted: 1, duplicate: 1, rejected: 2, fault: 0 },
      acceptedMessageIds: 1,
      registeredEvents: 1,
      businessDuplicates: { count: 0, events: [] },
    });

    expect((await app.request('/__admin/messages', { method: 'DELETE' })).status).toBe(204);
    expect(await getJson('/__admin/messages')).toEqual([]);
    expect(await getJson('/__admin/registrations')).toEqual([]);
    // The mock has forgotten the id: it is a new message again.
    await post(request);
    expect((await getJson<JournalEntry[]>('/__admin/messages')).map((e) => e.verdict)).toEqual(['accepted']);
  });

  it('registers an event under one message id only: a second id is a DUPLICATE with the first receipt, never a business duplicate', async () => {
    await app.request('/__admin/messages', { method: 'DELETE' });
    const ids = [randomUUID(), randomUUID()];
    for (const messageId of ids) await post(signedEnvelope(pki.rsa, { messageId, gatewayEventId: FIXTURE_EVENT_ID }));

    const stats = await getJson<{ businessDuplicates: { count: number; events: unknown[] }; repeatedEvents: unknown[] }>('/__admin/stats');
    expect(stats.businessDuplicates).toEqual({ count: 0, events: [] });
    expect(stats.repeatedEvents).toEqual([{ gatewayEventId: FIXTURE_EVENT_ID, messageIds: [ids[1]] }]);
    const registrations = await getJson<Array<{ messageId: string }>>(`/__admin/registrations?gatewayEventId=${FIXTURE_EVENT_ID}`);
    expect(registrations.map((r) => r.messageId)).toEqual([ids[0]]);
    const journal = await getJson<JournalEntry[]>('/__admin/messages');
    expect(journal.map((e) => [e.verdict, e.code ?? null])).toEqual([['accepted', null], ['duplicate', null]]);
    expect(journal[1]!.receipt).toBe(journal[0]!.receipt);
  });

  it('answers admin mistakes with problem+json', async () => {
    const badVerdict = await app.request('/__admin/messages?verdict=maybe');
    expect(badVerdict.status).toBe(400);
    expect(badVerdict.headers.get('content-type')).toBe('application/problem+json');
    expect(await badVerdict.json()).toMatchObject({ status: 400, code: 'QUERY_INVALID' });

    expect((await app.request('/__admin/messages?limit=0')).status).toBe(400);
    expect((await app.request('/__admin/messages/999999/raw')).status).toBe(404);
    const notJson = await app.request('/__admin/faults', { method: 'PUT', body: '{' });
    expect(await notJson.json()).toMatchObject({ status: 400, code: 'INVALID_JSON' });
    const unknown = await app.request('/__admin/nothing');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('application/problem+json');
  });

  it('shows, replaces and clears the fault plan', async () => {
    const config = { seed: 7, sequence: [{ type: 'status', status: 503 }], rules: [{ type: 'delay', ms: 10, probability: 0.1 }] };
    await app.request('/__admin/faults', { method: 'PUT', body: JSON.stringify(config) });
    expect(await getJson('/__admin/faults')).toEqual({
      config: { seed: 7, sequence: [{ type: 'status', status: 503, when: 'before' }], rules: [{ type: 'delay', ms: 10, when: 'before', probability: 0.1 }] },
      consumed: 0,
      remaining: 1,
      ruleHits: 0,
    });
    await app.request('/__admin/faults', { method: 'DELETE' });
    expect(await getJson('/__admin/faults')).toMatchObject({ config: { sequence: [], rules: [] }, remaining: 0 });
  });
});
