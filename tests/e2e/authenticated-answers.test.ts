// DMS's answers through the real gateway and its built-in mock: by default the gateway pins the CA
// of the mock's answer key, so signed acknowledgements count and the evidence names their signer;
// pinned to another CA (here the gateway's own), the same genuine answers are never taken.
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { startTestGateway, waitForStatus, type TestGateway } from '../support/gateway.ts';
import { REPO } from '../support/xsd.ts';

const example = JSON.parse(readFileSync(path.join(REPO, 'contracts/events/v1/examples/residence-registered.citizen-id-card.json'), 'utf8')) as Record<string, unknown>;

let gw: TestGateway | undefined;
afterEach(async () => {
  await gw?.stop();
  gw = undefined;
});

const postedId = async (g: TestGateway, eventId: string) => ((await (await g.post({ ...example, eventId })).json()) as { id: string }).id;

it('takes the mock\'s signed acknowledgement under the dev DMS CA and keeps its signer in the evidence', async () => {
  gw = await startTestGateway();
  const id = await postedId(gw, 'AUTH-1');
  expect((await waitForStatus(gw, id, ['delivered', 'failed'])).status).toBe('delivered');
  const dmsSigner = new X509Certificate(readFileSync(path.join(gw.certsDir, 'dms', 'signer-rsa.pem'))).fingerprint256;
  const evidence = await gw.store.evidence.evidenceForEvent(id);
  expect(evidence.at(-1)).toMatchObject({ outcome: 'delivered', answerSigner: dmsSigner });
  expect(evidence.at(-1)?.responseBody).toContain('<ds:Signature');
});

it('never counts an answer signed under a CA other than the pinned one as delivered', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'rtg-auth-'));
  const certsDir = path.join(root, 'certs');
  try {
    // The gateway's own development CA: the mock's answers do not chain to it.
    gw = await startTestGateway({ DMS_CA_FILE: path.join(certsDir, 'ca.pem'), RETRY_SCHEDULE: '100ms,100ms' }, { dataDir: path.join(root, 'data'), certsDir });
    const id = await postedId(gw, 'AUTH-2');
    const ended = (await waitForStatus(gw, id, ['delivered', 'failed'])) as unknown as { status: string; attempts: Array<{ errorClass: string | null }> };
    expect(ended.status).toBe('failed');
    expect(ended.attempts.map((a) => a.errorClass)).toEqual(['answer_unauthenticated', 'answer_unauthenticated', 'answer_unauthenticated']);
    const evidence = await gw.store.evidence.evidenceForEvent(id);
    expect(evidence.map((e) => [e.outcome, e.answerSigner])).toEqual(Array(3).fill(['answer_unauthenticated', null]));
  } finally {
    await gw?.stop();
    gw = undefined;
    rmSync(root, { recursive: true, force: true });
  }
});
