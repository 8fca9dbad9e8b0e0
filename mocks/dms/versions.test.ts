import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { validateEvent } from '../../src/ingest/validate-event.ts';
import { EXAMPLES_DIR } from '../../src/mapping/goldens.ts';
import { createContracts } from '../../src/mapping/versions.ts';
import { DMS_V1 } from '../../src/mapping/dms-v1/contract.ts';
import { DMS_V2 } from '../../src/mapping/dms-v2/contract.ts';
import { signEnvelope } from '../../src/signing/sign.ts';
import { createMockDmsApp } from './app.ts';
import { createTestPki } from './test-support/pki.ts';
import { soapInit } from './test-support/messages.ts';

const pki = createTestPki();
afterAll(() => pki.cleanup());
const contracts = createContracts(loadConfig({}).xroad);
const event = (() => {
  const raw = JSON.parse(readFileSync(EXAMPLES_DIR + 'residence-registered.citizen-id-card.json', 'utf8'));
  const validated = validateEvent(raw, { now: new Date('2026-11-23T12:00:00Z'), feeMismatch: 'reject' });
  if (!validated.ok) throw new Error('example is not valid');
  return validated.event;
})();

let mock = createMockDmsApp({ trustedCaPems: [pki.caPem] });
beforeEach(() => {
  mock = createMockDmsApp({ trustedCaPems: [pki.caPem] });
});

/** The gateway's own request for `gatewayEventId` in `version`, signed, sent; DMS's verdict as the gateway reads it. */
async function send(version: string, gatewayEventId: string) {
  const contract = contracts.get(version)!;
  const messageId = randomUUID();
  const built = contract.buildRequest(event, { gatewayEventId, messageId, registerCode: '26376375' });
  const requestXml = signEnvelope(built.xml, pki.rsa);
  const res = await mock.app.request('/', soapInit(requestXml));
  return contract.interpretAnswer({ status: res.status, body: await res.text() }, { messageId, serviceCode: built.serviceCode, requestXml });
}

describe('contract versions side by side', () => {
  it('accepts both versions, each validated by its own XSD and answered in its own namespace', async () => {
    expect(await send(DMS_V1, randomUUID())).toMatchObject({ kind: 'ack', receipt: { status: 'ACCEPTED' } });
    expect(await send(DMS_V2, randomUUID())).toMatchObject({ kind: 'ack', receipt: { status: 'ACCEPTED' } });
  });

  it('refuses a retired version with CONTRACT_VERSION_RETIRED and serves it again when un-retired', async () => {
    const put = await mock.app.request('/__admin/versions', { method: 'PUT', body: JSON.stringify({ retiredVersions: ['v1'] }), headers: { 'content-type': 'application/json' } });
    expect(await put.json()).toEqual({ versions: ['v1', 'v2'], retiredVersions: ['v1'] });
    expect(await send(DMS_V1, randomUUID())).toMatchObject({ kind: 'rejection', rejection: { code: 'CONTRACT_VERSION_RETIRED' } });
    expect(await send(DMS_V2, randomUUID())).toMatchObject({ kind: 'ack' });

    await mock.app.request('/__admin/versions', { method: 'DELETE' });
    expect(await send(DMS_V1, randomUUID())).toMatchObject({ kind: 'ack' });
  });

  it('writes a scripted rejection of a v2 message in v2, so its code reaches the gateway', async () => {
    await mock.app.request('/__admin/faults', { method: 'PUT', body: JSON.stringify({ sequence: [{ type: 'reject', code: 'PERSON_NOT_FOUND' }] }), headers: { 'content-type': 'application/json' } });
    expect(await send(DMS_V2, randomUUID())).toMatchObject({ kind: 'rejection', rejection: { code: 'PERSON_NOT_FOUND' } });
  });

  it('refuses an unknown version name in the admin call', async () => {
    const put = await mock.app.request('/__admin/versions', { method: 'PUT', body: JSON.stringify({ retiredVersions: ['v9'] }), headers: { 'content-type': 'application/json' } });
    expect(put.status).toBe(400);
    expect(await put.json()).toMatchObject({ code: 'VERSIONS_CONFIG_INVALID' });
  });

  it('registers one event once across versions: the v2 message of an event registered in v1 is a DUPLICATE with the first receipt', async () => {
    const gatewayEventId = randomUUID();
    const first = await send(DMS_V1, gatewayEventId);
    const again = await send(DMS_V2, gatewayEventId);
    expect(first.kind === 'ack' && again.kind === 'ack').toBe(true);
    if (first.kind !== 'ack' || again.kind !== 'ack') return;
    expect(again.receipt).toEqual({ ...first.receipt, status: 'DUPLICATE' });
    expect(mock.state.ledger.receipts(gatewayEventId)).toHaveLength(1);
    expect(mock.state.ledger.businessDuplicates()).toEqual([]);
    expect(mock.state.ledger.repeatedEvents()).toHaveLength(1);
  });
});
