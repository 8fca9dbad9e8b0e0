// A poison event: stored with a value the mapping refuses (written straight into the store, as a
// door that let it through would have), it ends `failed` after one attempt with the reason — not
// retried for the whole schedule — and the person's later event is `blocked` behind it until an
// operator cancels it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { personKey } from '../../src/ingest/person-key.ts';
import type { RegistrationEvent } from '../../src/domain/event.ts';
import { uuidv7 } from '../../src/ids.ts';
import { startTestGateway, waitForStatus, type TestGateway } from '../support/gateway.ts';
import { REPO } from '../support/xsd.ts';

const OPERATOR = 'rtgop_test_token_for_the_demo_admin_0';
const example = JSON.parse(readFileSync(path.join(REPO, 'contracts/events/v1/examples/residence-registered.citizen-id-card.json'), 'utf8')) as RegistrationEvent;

let gw: TestGateway | undefined;
afterEach(async () => {
  await gw?.stop();
  gw = undefined;
});

interface View {
  status: string;
  delivery: { attempts: number; lastError: string | null };
  attempts: Array<{ errorClass: string | null; detail: string | null }>;
  blockedBy?: { eventId: string; status: string };
}

it('fails an event the mapping refuses at once, with the reason, and blocks the person behind it until it is cancelled', async () => {
  // A schedule long enough that a retried poison event would still be `retrying` when the test ends.
  gw = await startTestGateway({ DEMO_OPERATOR_TOKEN: OPERATOR, RETRY_SCHEDULE: '1m,1m,1m' });
  const registers = await gw.store.access.registerCodes();
  const registerId = [...registers].find(([, code]) => code === example.register.code)?.[0] as string;
  const secret = await gw.store.access.getOrCreateSecret('person_key_secret', () => 'unused');

  // U+0001: XML 1.0 cannot carry it, so escapeXml refuses it (a RangeError) at every attempt.
  const poison: RegistrationEvent = { ...example, eventId: 'PSN-1', occurredAt: '2026-11-20T10:01:00+02:00', person: { ...example.person, lastName: 'Кова\u0001ленко' } };
  const now = Date.now();
  const stored = await gw.store.events.ingestEvent({
    id: uuidv7(now),
    registerId,
    registerEventId: poison.eventId,
    type: poison.type,
    occurredAt: poison.occurredAt,
    occurredAtMs: Date.parse(poison.occurredAt),
    personKey: personKey(secret, poison),
    contentHash: 'poison',
    payload: JSON.stringify(poison),
    warnings: [],
    receivedAt: now,
    delivery: { id: uuidv7(now), messageId: uuidv7(now), contract: 'dms-v1' },
  });
  if (stored.kind !== 'created') throw new Error('the poison event was not stored');
  const poisonId = stored.event.id;

  const failed = (await waitForStatus(gw, poisonId, ['failed', 'retrying', 'delivered'])) as unknown as View;
  expect(failed.status).toBe('failed');
  expect(failed.delivery.attempts).toBe(1);
  expect(failed.attempts).toHaveLength(1);
  expect(failed.attempts[0]?.errorClass).toBe('unmappable');
  expect(failed.attempts[0]?.detail).toMatch(/RangeError: value contains a character XML 1\.0 cannot represent/);
  // the reason names the failure, never the person
  expect(JSON.stringify(failed.attempts)).not.toContain('Кова');

  const later = await gw.post({ ...example, eventId: 'PSN-2', occurredAt: '2026-11-20T10:02:00+02:00' });
  expect(later.status).toBe(202);
  const laterId = ((await later.json()) as { id: string }).id;
  const blocked = (await waitForStatus(gw, laterId, ['blocked', 'delivered'])) as unknown as View;
  expect(blocked.status).toBe('blocked');
  expect(blocked.blockedBy).toMatchObject({ eventId: poisonId, status: 'failed' });

  const cancel = await fetch(`${gw.url}/v1/events/${poisonId}/cancel`, {
    method: 'POST',
    headers: { authorization: `Bearer ${OPERATOR}`, 'content-type': 'application/json' },
    body: JSON.stringify({ reason: 'Подія з символом, якого не передати' }),
  });
  expect(cancel.status).toBe(200);
  expect((await waitForStatus(gw, laterId, ['delivered'])).status).toBe('delivered');
});
