// mTLS for registers over real sockets: a register bound to a client certificate (by fingerprint or
// by subject) is accepted only with its key AND that certificate, issued by TLS_CLIENT_CA_FILE;
// otherwise 401 CLIENT_CERT_REQUIRED / 403 CLIENT_CERT_MISMATCH as problem+json. Unbound registers
// and operators keep working with the key alone, unless TLS_CLIENT_CERT_REQUIRED=true.
import { readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretHasher } from '../../src/auth/api-keys.ts';
import { oneLineSubject } from '../../src/auth/client-cert.ts';
import { DEMO_REGISTER } from '../../src/app/first-start.ts';
import { startTestGateway, TEST_API_KEY, type TestGateway } from '../support/gateway.ts';
import { httpsRequest, tlsFixture, type HttpsAnswer } from '../support/tls.ts';

const PEPPER = 'client-cert-test-pepper-000000';
const OPERATOR = 'rtgop_client_cert_test_operator_00';
const SECOND = { id: 'reg-second', code: '11223344', name: 'Другий ЦНАП', key: 'rtg_second_register_key_000000000' };
const UNBOUND = { id: 'reg-unbound', code: '55667788', name: 'Третій ЦНАП', key: 'rtg_unbound_register_key_00000000' };

const tls = tlsFixture();
afterAll(() => tls.cleanup());

let serverCa: string;
let registerCert: ReturnType<typeof tls.issue>;
let secondCert: ReturnType<typeof tls.issue>;
let otherCert: ReturnType<typeof tls.issue>;
let strangerCert: ReturnType<typeof tls.issue>;

beforeAll(() => {
  serverCa = readFileSync(tls.ca('server').caCertFile, 'utf8');
  registerCert = tls.issue('registers', 'demo', { purpose: 'client', commonName: `register ${DEMO_REGISTER.code}` });
  secondCert = tls.issue('registers', 'second', { purpose: 'client', commonName: `register ${SECOND.code}` });
  otherCert = tls.issue('registers', 'other', { purpose: 'client', commonName: 'register 99999999' });
  // Same subject as the demo register's certificate, but from a CA the gateway does not trust.
  strangerCert = tls.issue('stranger', 'stranger', { purpose: 'client', commonName: `register ${DEMO_REGISTER.code}` });
});

async function tlsGateway(env: Record<string, string> = {}): Promise<TestGateway> {
  const server = tls.issue('server', `server-${Object.keys(env).length}`, { purpose: 'server', commonName: 'localhost' });
  const gw = await startTestGateway({
    WORKER_ENABLED: 'false',
    SECRET_PEPPER: PEPPER,
    DEMO_OPERATOR_TOKEN: OPERATOR,
    TLS_CERT_FILE: server.certFile,
    TLS_KEY_FILE: server.keyFile,
    TLS_CLIENT_CA_FILE: tls.ca('registers').caCertFile,
    ...env,
  });
  const hasher = secretHasher(PEPPER);
  for (const r of [SECOND, UNBOUND]) await gw.store.access.createRegister({ id: r.id, code: r.code, name: r.name, apiKeyHash: hasher.hash(r.key), createdAt: Date.now() });
  return gw;
}

const withCert = (c: { certPem: string; keyPem: string } | undefined) => (c ? { cert: c.certPem, key: c.keyPem } : {});
const list = (gw: TestGateway, key: string, cert?: { certPem: string; keyPem: string }): Promise<HttpsAnswer> =>
  httpsRequest(`${gw.url}/v1/events`, { ca: serverCa, headers: { authorization: `Bearer ${key}` }, ...withCert(cert) });

function expectProblem(answer: HttpsAnswer, status: number, code: string): void {
  expect(answer.status, answer.body).toBe(status);
  const problem = JSON.parse(answer.body) as { code: string; message: { uk: string; en: string } };
  expect(problem.code).toBe(code);
  if (code.startsWith('CLIENT_CERT_')) {
    expect(problem.message.uk).toMatch(/сертифікат/);
    expect(problem.message.en).toMatch(/certificate/);
  }
}

describe('registers bound to a client certificate', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await tlsGateway();
  });
  afterAll(async () => gw?.stop());

  it('accepts an unbound register with its key alone, with or without a certificate', async () => {
    expect((await list(gw, TEST_API_KEY)).status).toBe(200);
    expect((await list(gw, TEST_API_KEY, otherCert)).status).toBe(200);
  });

  it('binds by fingerprint: the key alone, a stranger CA or another certificate are refused, the bound one accepted', async () => {
    expect(await gw.store.clientCerts.bind(DEMO_REGISTER.code, { kind: 'fingerprint', value: registerCert.fingerprint256 }, Date.now())).toBe('bound');
    expectProblem(await list(gw, TEST_API_KEY), 401, 'CLIENT_CERT_REQUIRED');
    expectProblem(await list(gw, TEST_API_KEY, strangerCert), 401, 'CLIENT_CERT_REQUIRED');
    expectProblem(await list(gw, TEST_API_KEY, otherCert), 403, 'CLIENT_CERT_MISMATCH');
    expectProblem(await list(gw, TEST_API_KEY, secondCert), 403, 'CLIENT_CERT_MISMATCH');
    expect((await list(gw, TEST_API_KEY, registerCert)).status).toBe(200);
    // The certificate does not stand in for the key.
    expectProblem(await list(gw, 'rtg_not_a_key_of_anyone_00000000', registerCert), 401, 'UNAUTHORIZED');
  });

  it('binds by subject: any certificate of the client CA with that subject', async () => {
    const subject = oneLineSubject(`C=UA\nO=rtg-gateway (development only)\nCN=register ${SECOND.code}`);
    await gw.store.clientCerts.bind(SECOND.code, { kind: 'subject', value: subject }, Date.now());
    expect((await list(gw, SECOND.key, secondCert)).status).toBe(200);
    expectProblem(await list(gw, SECOND.key, registerCert), 403, 'CLIENT_CERT_MISMATCH');
    expectProblem(await list(gw, SECOND.key), 401, 'CLIENT_CERT_REQUIRED');
  });

  it('leaves other registers and operators on their key alone', async () => {
    expect((await list(gw, UNBOUND.key)).status).toBe(200);
    expect((await list(gw, OPERATOR)).status).toBe(200);
  });

  it('signs a bound register into the console only with its certificate', async () => {
    const login = (cert?: { certPem: string; keyPem: string }) =>
      httpsRequest(`${gw.url}/ui/login`, {
        ca: serverCa,
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: gw.url },
        body: `secret=${TEST_API_KEY}`,
        ...withCert(cert),
      });
    expect((await login()).status).toBe(401);
    expect((await login(otherCert)).status).toBe(403);
    const signedIn = await login(registerCert);
    expect(signedIn.status).toBe(303);

    // The session cookie alone opens nothing: every page wants the certificate again.
    const cookie = String(signedIn.headers['set-cookie']?.[0]).split(';')[0] as string;
    const page = (cert?: { certPem: string; keyPem: string }) => httpsRequest(`${gw.url}/ui/events`, { ca: serverCa, headers: { cookie }, ...withCert(cert) });
    const withIt = await page(registerCert);
    expect(withIt.status, withIt.body.slice(0, 200)).toBe(200);
    expect((await page()).status).toBe(401);
    expect((await page(otherCert)).status).toBe(403);
    expect((await page(strangerCert)).status).toBe(401);
    // Refused requests did not end the session of the one who has the certificate.
    expect((await page(registerCert)).status).toBe(200);
  });

  it('recognises the certificate on a resumed TLS session too', async () => {
    const agent = new Agent({ keepAlive: false, maxCachedSessions: 10 });
    try {
      const ask = () => httpsRequest(`${gw.url}/v1/events`, { ca: serverCa, agent, headers: { authorization: `Bearer ${TEST_API_KEY}` }, ...withCert(registerCert) });
      const first = await ask();
      const second = await ask();
      expect([first.status, second.status]).toEqual([200, 200]);
      expect(second.resumed).toBe(true);
    } finally {
      agent.destroy();
    }
  });

  it('takes the key alone again once unbound', async () => {
    expect(await gw.store.clientCerts.unbind(DEMO_REGISTER.code)).toEqual({ removed: 1, left: 0 });
    expect((await list(gw, TEST_API_KEY)).status).toBe(200);
  });
});

describe('TLS_CLIENT_CERT_REQUIRED=true', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await tlsGateway({ TLS_CLIENT_CERT_REQUIRED: 'true' });
  });
  afterAll(async () => gw?.stop());

  it('needs a valid client certificate from every register, bound or not; operators are not registers', async () => {
    expectProblem(await list(gw, UNBOUND.key), 401, 'CLIENT_CERT_REQUIRED');
    expectProblem(await list(gw, UNBOUND.key, strangerCert), 401, 'CLIENT_CERT_REQUIRED');
    expect((await list(gw, UNBOUND.key, otherCert)).status).toBe(200);
    expect((await list(gw, OPERATOR)).status).toBe(200);
  });
});

describe('a bound register on a gateway without TLS', () => {
  it('is refused: no certificate can be presented over plain HTTP', async () => {
    const gw = await startTestGateway({ WORKER_ENABLED: 'false' });
    try {
      await gw.store.clientCerts.bind(DEMO_REGISTER.code, { kind: 'fingerprint', value: registerCert.fingerprint256 }, Date.now());
      const answer = await gw.get('/v1/events');
      expect(answer.status).toBe(401);
      expect(((await answer.json()) as { code: string }).code).toBe('CLIENT_CERT_REQUIRED');
    } finally {
      await gw.stop();
    }
  });
});
