// What a register whose certificate fails its binding is told: the status, the code and both texts
// of the two problems, and which problem enforceClientCertificate throws for each verdict.
import { describe, expect, it } from 'vitest';
import { clientCertMismatch, clientCertRequired, enforceClientCertificate, type ClientCertBinding } from './client-cert.ts';

const FP = '01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF';
const register = { id: 'reg-1', code: '26376375', name: 'ЦНАП', createdAt: 0 };
const env = (fingerprint256: string, authorized = true) => ({
  incoming: { socket: { authorized, getPeerX509Certificate: () => ({ fingerprint256, subject: 'C=UA\nCN=register 26376375' }) } },
});
const policy = (bindings: ClientCertBinding[], required = false) => ({ required, bindingsOf: async (id: string) => (id === 'reg-1' ? bindings : []) });

describe('the problems of a client certificate', () => {
  it('401 CLIENT_CERT_REQUIRED: a valid certificate from the trusted CA is needed', () => {
    const problem = clientCertRequired();
    expect(problem.status).toBe(401);
    expect(problem.code).toBe('CLIENT_CERT_REQUIRED');
    expect(problem.messages).toEqual({
      uk: 'Цей ключ реєстру приймається лише разом із дійсним клієнтським сертифікатом TLS, виданим довіреним центром (mTLS).',
      en: 'This register key is accepted only with a valid TLS client certificate issued by the trusted CA (mTLS).',
    });
  });

  it('403 CLIENT_CERT_MISMATCH: another certificate than the bound one', () => {
    const problem = clientCertMismatch();
    expect(problem.status).toBe(403);
    expect(problem.code).toBe('CLIENT_CERT_MISMATCH');
    expect(problem.messages).toEqual({
      uk: 'Клієнтський сертифікат TLS не той, до якого прив’язано цей реєстр.',
      en: 'The TLS client certificate is not the one this register is bound to.',
    });
    expect(problem.headers['www-authenticate']).toBeUndefined();
  });
});

describe('enforcing a register’s binding', () => {
  it('lets the bound certificate through, looking up the register’s own bindings', async () => {
    await expect(enforceClientCertificate(policy([{ kind: 'fingerprint', value: FP }]), register, env(FP))).resolves.toBeUndefined();
  });

  it('throws the mismatch for another valid certificate, and the 401 for an unchained one', async () => {
    const bound = policy([{ kind: 'fingerprint', value: FP }]);
    const other = FP.replace('01', 'FF');
    await expect(enforceClientCertificate(bound, register, env(other))).rejects.toMatchObject({ status: 403, code: 'CLIENT_CERT_MISMATCH' });
    await expect(enforceClientCertificate(bound, register, env(FP, false))).rejects.toMatchObject({ status: 401, code: 'CLIENT_CERT_REQUIRED' });
  });

  it('checks nothing when no policy is wired', async () => {
    await expect(enforceClientCertificate(undefined, register, undefined)).resolves.toBeUndefined();
  });
});
