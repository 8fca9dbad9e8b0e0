// Faults seen by a real HTTP client (undici, through fetch) against a real server on port 0.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseXmlSafely } from '../../src/xml/safe-parse.ts';
import { startMockDms } from './server.ts';
import type { RunningMockDms } from './server.ts';
import { createTestPki } from './test-support/pki.ts';
import { signedEnvelope, soapInit } from './test-support/messages.ts';
import { faultCode, parseAnswer } from './test-support/responses.ts';

const pki = createTestPki();
let mock: RunningMockDms;

beforeAll(async () => {
  mock = await startMockDms({ port: 0, trustedCaPems: [pki.caPem] });
});
afterAll(async () => {
  await mock.close();
  pki.cleanup();
});
beforeEach(async () => {
  await fetch(`${mock.url}/__admin/faults`, { method: 'DELETE' });
  await fetch(`${mock.url}/__admin/messages`, { method: 'DELETE' });
});

async function setFaults(config: unknown): Promise<void> {
  const res = await fetch(`${mock.url}/__admin/faults`, { method: 'PUT', body: JSON.stringify(config), headers: { 'content-type': 'application/json' } });
  expect(res.status).toBe(200);
}

async function send(xml: string, signal?: AbortSignal) {
  const res = await fetch(`${mock.url}/`, { ...soapInit(xml), signal });
  return { status: res.status, headers: res.headers, xml: await res.text() };
}

/** The low-level code behind a failed fetch (ECONNRESET, UND_ERR_SOCKET, ...). */
async function failureOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    const cause = (err as { cause?: { code?: string; name?: string } }).cause;
    return cause?.code ?? cause?.name ?? (err as Error).name;
  }
  return 'answered';
}

const statusOf = (xml: string) => parseAnswer(xml).text('status');

describe('fault injection', () => {
  it('scripts "503, 503, then accept", with Retry-After and SOAP Server faults', async () => {
    await setFaults({ sequence: [{ type: 'status', status: 503, retryAfter: 7 }, { type: 'status', status: 503 }, { type: 'none' }] });
    const request = signedEnvelope(pki.rsa);
    const answers = [await send(request), await send(request), await send(request)];

    expect(answers.map((a) => a.status)).toEqual([503, 503, 200]);
    expect(answers[0]!.headers.get('retry-after')).toBe('7');
    expect(faultCode(answers[0]!.xml)).toBe('SOAP-ENV:Server');
    expect(statusOf(answers[2]!.xml)).toBe('ACCEPTED');
    expect(mock.state.journal.list().map((e) => e.verdict)).toEqual(['fault', 'fault', 'accepted']);
  });

  it('resets the connection: the client sees ECONNRESET and nothing is registered', async () => {
    await setFaults({ sequence: [{ type: 'reset' }] });
    expect(await failureOf(send(signedEnvelope(pki.rsa)))).toBe('ECONNRESET');
    expect(mock.state.ledger.receipts()).toEqual([]);
  });

  it('holds the connection without answering until the client gives up', async () => {
    await setFaults({ sequence: [{ type: 'no_answer' }] });
    const messageId = randomUUID();
    expect(await failureOf(send(signedEnvelope(pki.rsa, { messageId }), AbortSignal.timeout(300)))).toBe('TimeoutError');
    expect(mock.state.journal.list({ messageId })).toMatchObject([{ verdict: 'fault', fault: { type: 'no_answer' } }]);
  });

  it('with ms, drops the held connection after that time', async () => {
    await setFaults({ sequence: [{ type: 'no_answer', ms: 50 }] });
    expect(await failureOf(send(signedEnvelope(pki.rsa)))).toBe('UND_ERR_SOCKET');
  });

  it('when "after": registers, loses the answer, and the retry gets DUPLICATE with the same receipt', async () => {
    // Every request takes the next entry, the retries included.
    await setFaults({ sequence: [{ type: 'status', status: 503, when: 'after' }, { type: 'none' }, { type: 'reset', when: 'after' }] });
    const first = signedEnvelope(pki.rsa);
    expect((await send(first)).status).toBe(503);
    const retry = await send(first);
    expect(statusOf(retry.xml)).toBe('DUPLICATE');
    const [lost] = mock.state.journal.list({ verdict: 'fault' });
    expect(lost).toMatchObject({ processedAs: 'accepted', fault: { type: 'status', when: 'after' } });
    expect(parseAnswer(retry.xml).text('receiptNumber')).toBe(lost!.receipt);

    const second = signedEnvelope(pki.rsa);
    expect(await failureOf(send(second))).toBe('ECONNRESET');
    expect(statusOf((await send(second)).xml)).toBe('DUPLICATE');
    expect(mock.state.ledger.receipts()).toHaveLength(2);
    expect(mock.state.ledger.businessDuplicates()).toEqual([]);
  });

  it('never rejects a message it has already registered: a drawn rejection gives way to DUPLICATE', async () => {
    await setFaults({ sequence: [{ type: 'reset', when: 'after' }, { type: 'reject', code: 'TOO_LATE', reason: 'Запізно' }] });
    const request = signedEnvelope(pki.rsa);
    expect(await failureOf(send(request))).toBe('ECONNRESET');
    const retry = await send(request);
    expect(retry.status).toBe(200);
    expect(statusOf(retry.xml)).toBe('DUPLICATE');
  });

  it('answers 200 with broken XML (malformed)', async () => {
    await setFaults({ sequence: [{ type: 'malformed' }] });
    const res = await send(signedEnvelope(pki.rsa));
    expect(res.status).toBe(200);
    expect(() => parseXmlSafely(res.xml)).toThrow();
  });

  it('rejects with the configured code, and keeps rejecting that xrd:id', async () => {
    await setFaults({ sequence: [{ type: 'reject', code: 'PERSON_DECEASED', reason: 'Особа померла' }] });
    const request = signedEnvelope(pki.rsa);
    const answers = [await send(request), await send(request)];
    expect(answers.map((a) => [a.status, faultCode(a.xml)])).toEqual([
      [500, 'PERSON_DECEASED'],
      [500, 'PERSON_DECEASED'],
    ]);
    expect(answers[0]!.xml).toContain('<faultcode>SOAP-ENV:Client</faultcode>');
    expect(mock.state.ledger.receipts()).toEqual([]);
  });

  it('delays, then answers normally', async () => {
    await setFaults({ sequence: [{ type: 'delay', ms: 100 }] });
    const res = await send(signedEnvelope(pki.rsa));
    expect(statusOf(res.xml)).toBe('ACCEPTED');
    expect(mock.state.journal.list()).toMatchObject([{ verdict: 'accepted', fault: { type: 'delay', ms: 100 } }]);
  });

  it('refuses a bad fault config with 400 problem+json naming each field', async () => {
    const res = await fetch(`${mock.url}/__admin/faults`, {
      method: 'PUT',
      body: JSON.stringify({ sequence: [{ type: 'status', status: 200 }, { type: 'explode' }], rules: [{ type: 'reset' }] }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const problem = (await res.json()) as { code: string; issues: Array<{ pointer: string }> };
    expect(problem.code).toBe('FAULT_CONFIG_INVALID');
    expect(problem.issues.map((i) => i.pointer)).toEqual(['/sequence/0/status', '/sequence/1/type', '/rules/0/probability']);
  });
});
