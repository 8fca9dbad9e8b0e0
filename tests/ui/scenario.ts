// What the person on duty finds in the morning: a few events delivered, one rejected by DMS, one
// failed during a DMS outage and a later event of the same person blocked behind it. The outage is
// over by the time the operator looks.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { makeUnzr } from '../chaos/identifiers.ts';
import { waitForStatus, type TestGateway } from '../support/gateway.ts';
import { REPO } from '../support/xsd.ts';

const example = JSON.parse(readFileSync(path.join(REPO, 'contracts/events/v1/examples/residence-registered.citizen-id-card.json'), 'utf8')) as {
  person: Record<string, unknown>;
};

/** Made-up person number `serial`, one act of theirs at `minute`. */
function act(eventId: string, serial: number, minute: number) {
  const { rnokpp: _rnokpp, ...person } = example.person;
  return {
    ...example,
    eventId,
    occurredAt: `2026-11-20T10:${String(minute).padStart(2, '0')}:00+02:00`,
    person: { ...person, unzr: makeUnzr(String(person.birthDate), serial) },
  };
}

const faults = (gw: TestGateway, config: unknown) =>
  fetch(new URL('/__admin/faults', gw.dmsUrl), { method: config === null ? 'DELETE' : 'PUT', headers: { 'content-type': 'application/json' }, body: config === null ? undefined : JSON.stringify(config) });

async function post(gw: TestGateway, body: unknown): Promise<string> {
  const res = await gw.post(body);
  if (res.status !== 202) throw new Error(`the gateway answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

export interface Morning {
  /** The gateway id and the register's id of the event that failed during the outage. */
  failed: { id: string; eventId: string };
  blocked: string;
}

export async function morningAfterAnOutage(gw: TestGateway): Promise<Morning> {
  for (let i = 1; i <= 5; i += 1) await waitForStatus(gw, await post(gw, act(`BC-2026-01000${i}`, 100 + i, i)), ['delivered']);

  await faults(gw, { sequence: [{ type: 'reject', code: 'PERSON_NOT_FOUND', reason: 'Особу не знайдено в ЄДДР' }] });
  await waitForStatus(gw, await post(gw, act('BC-2026-0100010', 110, 10)), ['rejected']);

  await faults(gw, { rules: [{ type: 'status', status: 503, probability: 1 }] });
  const failed = await post(gw, act('BC-2026-0100020', 120, 20));
  await waitForStatus(gw, failed, ['failed'], 30_000);
  const blocked = await post(gw, act('BC-2026-0100021', 120, 21));
  await waitForStatus(gw, blocked, ['blocked']);

  await faults(gw, null);
  return { failed: { id: failed, eventId: 'BC-2026-0100020' }, blocked };
}
