import { describe, expect, it } from 'vitest';
import { clientCertRequired, enforceClientCertificate, judgeClientCertificate, normaliseFingerprint, oneLineSubject, presentedCertificate, type ClientCertBinding } from './client-cert.ts';

const FP = 'AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89';
const SUBJECT = 'C=UA, O=Виконком, CN=register 12345678';
const valid = { authorized: true, fingerprint256: FP, subject: SUBJECT };
const byFingerprint: ClientCertBinding[] = [{ kind: 'fingerprint', value: FP }];
const bySubject: ClientCertBinding[] = [{ kind: 'subject', value: SUBJECT }];

describe('client certificate of a register', () => {
  it('reads a fingerprint with or without colons, in either case, and openssl’s prefix', () => {
    expect(normaliseFingerprint(FP.replaceAll(':', '').toLowerCase())).toBe(FP);
    expect(normaliseFingerprint(`sha256 Fingerprint=${FP}`)).toBe(FP);
    expect(normaliseFingerprint(FP.slice(3))).toBeNull();
    expect(normaliseFingerprint('zz'.repeat(32))).toBeNull();
  });

  it('writes a subject in one line whether it comes from Node or from openssl', () => {
    expect(oneLineSubject('C=UA\nO=Виконком\nCN=register 12345678')).toBe(SUBJECT);
    expect(oneLineSubject('subject=C = UA, O = Виконком, CN = register 12345678')).toBe(SUBJECT);
    expect(oneLineSubject(SUBJECT)).toBe(SUBJECT);
  });

  it('takes openssl\'s prefix only at the start, with or without spaces, and exactly 64 hex digits', () => {
    const hex = FP.replaceAll(':', '');
    expect(normaliseFingerprint(`  SHA256 Fingerprint = ${FP}\n`)).toBe(FP);
    expect(normaliseFingerprint(`sha256Fingerprint=${hex}`)).toBe(FP);
    expect(normaliseFingerprint(`${hex}sha256 Fingerprint=`)).toBeNull();
    expect(normaliseFingerprint(`A${hex}`)).toBeNull();
    expect(normaliseFingerprint(`${hex}A`)).toBeNull();
  });

  it('writes any spacing around "=" and after "," the same, keeps commas inside values, and drops empty lines', () => {
    expect(oneLineSubject('  subject=C = UA, O = Виконком, CN = register 12345678\n')).toBe(SUBJECT);
    expect(oneLineSubject('subject = C =UA, CN= y')).toBe('C=UA, CN=y');
    expect(oneLineSubject('C=UA,O=x')).toBe('C=UA, O=x');
    expect(oneLineSubject('C = UA\n  O = Виконком\n\nCN = y')).toBe('C=UA, O=Виконком, CN=y');
    expect(oneLineSubject('C=UA, O=subject=x')).toBe('C=UA, O=subject=x');
    expect(oneLineSubject('C=UA\nвідділ x = y')).toBe('C=UA, відділ x = y');
  });

  it('accepts a certificate that matches any one of several bindings (a renewal overlapping the old one)', () => {
    expect(judgeClientCertificate([{ kind: 'subject', value: 'C=UA, CN=old' }, ...byFingerprint], valid, false)).toBe('ok');
    expect(judgeClientCertificate([...byFingerprint, { kind: 'subject', value: 'C=UA, CN=old' }], valid, false)).toBe('ok');
  });

  it('asks for a bearer and a certificate with the 401, as HTTP requires', () => {
    expect(clientCertRequired()).toMatchObject({ status: 401, code: 'CLIENT_CERT_REQUIRED', headers: { 'www-authenticate': 'Bearer realm="rtg-gateway"' } });
  });

  it('lets an unbound register through unless certificates are required', () => {
    expect(judgeClientCertificate([], null, false)).toBe('ok');
    expect(judgeClientCertificate([], null, true)).toBe('required');
    expect(judgeClientCertificate([], { ...valid, authorized: false }, true)).toBe('required');
    expect(judgeClientCertificate([], valid, true)).toBe('ok');
  });

  it('needs a valid certificate matching a binding from a bound register', () => {
    expect(judgeClientCertificate(byFingerprint, null, false)).toBe('required');
    expect(judgeClientCertificate(byFingerprint, { ...valid, authorized: false }, false)).toBe('required');
    expect(judgeClientCertificate(byFingerprint, valid, false)).toBe('ok');
    expect(judgeClientCertificate(byFingerprint, { ...valid, fingerprint256: FP.replace('AB', '00') }, false)).toBe('mismatch');
    expect(judgeClientCertificate(bySubject, { ...valid, fingerprint256: 'other' }, false)).toBe('ok');
    expect(judgeClientCertificate(bySubject, { ...valid, subject: 'C=UA, CN=register 87654321' }, false)).toBe('mismatch');
    // A subject binding is never satisfied by a certificate the client CA did not issue.
    expect(judgeClientCertificate(bySubject, { ...valid, authorized: false }, false)).toBe('required');
  });

  it('holds a test key (sandbox twin) to its live register\'s certificate bindings', async () => {
    const asked: string[] = [];
    const policy = { required: false, bindingsOf: async (id: string) => (asked.push(id), id === 'live' ? byFingerprint : []) };
    const twin = { id: 'twin', code: '12345678', name: 'x', createdAt: 0, sandboxOf: 'live' };
    await expect(enforceClientCertificate(policy, twin, undefined)).rejects.toMatchObject({ code: 'CLIENT_CERT_REQUIRED' });
    expect(asked).toEqual(['live']);
  });

  it('finds no certificate on a plain connection or without the node-server bindings', () => {
    expect(presentedCertificate(undefined)).toBeNull();
    expect(presentedCertificate({ incoming: { socket: {} } })).toBeNull();
    const socket = { authorized: true, getPeerX509Certificate: () => ({ fingerprint256: FP, subject: 'C=UA\nO=Виконком\nCN=register 12345678' }) };
    expect(presentedCertificate({ incoming: { socket } })).toEqual(valid);
  });
});
