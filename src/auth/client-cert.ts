// mTLS for registers: the client certificate a register presented on the TLS connection, checked
// against the certificates the register is bound to (by SHA-256 fingerprint or by subject). The TLS
// layer asks for a certificate but lets the handshake finish without one (rejectUnauthorized:
// false), so that the API can answer problem+json; "valid" therefore means here: presented and
// chained to TLS_CLIENT_CA_FILE (the socket's `authorized`).
import { ProblemError } from '../errors.ts';
import type { Register } from '../store/access.ts';

export interface ClientCertBinding {
  kind: 'fingerprint' | 'subject';
  value: string;
}

/** What the connection carries: a certificate and whether it chained to the client CA. */
export interface PresentedCertificate {
  authorized: boolean;
  fingerprint256: string;
  subject: string;
}

/** How registers' certificates are checked. Without TLS on the listener no certificate is ever presented, so bound registers are refused. */
export interface ClientCertPolicy {
  /** TLS_CLIENT_CERT_REQUIRED: every register needs a valid certificate, bound or not. */
  required: boolean;
  bindingsOf(registerId: string): Promise<ClientCertBinding[]>;
}

interface PeerSocket {
  authorized?: boolean;
  getPeerX509Certificate?: () => { fingerprint256: string; subject: string } | undefined;
}

/** The client certificate of the request's connection (@hono/node-server puts the IncomingMessage in env), or null. */
export function presentedCertificate(env: unknown): PresentedCertificate | null {
  const socket = (env as { incoming?: { socket?: PeerSocket } } | undefined)?.incoming?.socket;
  const cert = typeof socket?.getPeerX509Certificate === 'function' ? socket.getPeerX509Certificate() : undefined;
  if (!cert) return null;
  return { authorized: socket?.authorized === true, fingerprint256: cert.fingerprint256, subject: oneLineSubject(cert.subject) };
}

/** `AB:CD:…` (64 hex digits, colons and case optional) → Node's form, upper case with colons; null when it is not one. */
export function normaliseFingerprint(text: string): string | null {
  const hex = text.trim().replace(/^sha256\s*fingerprint\s*=\s*/i, '').replace(/[:\s]/g, '').toUpperCase();
  return /^[0-9A-F]{64}$/.test(hex) ? (hex.match(/../g) as string[]).join(':') : null;
}

/**
 * A subject in one line, `C=UA, O=…, CN=…`: Node's multi-line form and openssl's
 * (`subject=C = UA, O = …`) both come out the same.
 */
export function oneLineSubject(text: string): string {
  return text
    .trim()
    .replace(/^subject\s*=\s*/i, '')
    .split(/\n|,\s*(?=[A-Za-z][A-Za-z0-9.]*\s*=)/)
    .map((part) => part.trim().replace(/^([A-Za-z][A-Za-z0-9.]*)\s*=\s*/, '$1='))
    .filter((part) => part !== '')
    .join(', ');
}

export type ClientCertVerdict = 'ok' | 'required' | 'mismatch';

/** Pure: a bound register needs a valid certificate matching one binding; an unbound one only when `required`. */
export function judgeClientCertificate(bindings: readonly ClientCertBinding[], presented: PresentedCertificate | null, required: boolean): ClientCertVerdict {
  if (bindings.length === 0 && !required) return 'ok';
  if (!presented?.authorized) return 'required';
  if (bindings.length === 0) return 'ok';
  const matches = bindings.some((b) => (b.kind === 'fingerprint' ? b.value === presented.fingerprint256 : b.value === presented.subject));
  return matches ? 'ok' : 'mismatch';
}

/** Throws the problem a register's request gets when its certificate does not satisfy its binding. */
export async function enforceClientCertificate(policy: ClientCertPolicy | undefined, register: Register, env: unknown): Promise<void> {
  if (!policy) return; // not wired: route tests over app.request(); the gateway always wires it
  // A test key (sandbox twin) answers to its live register's certificates.
  const verdict = judgeClientCertificate(await policy.bindingsOf(register.sandboxOf ?? register.id), presentedCertificate(env), policy.required);
  if (verdict === 'required') throw clientCertRequired();
  if (verdict === 'mismatch') throw clientCertMismatch();
}

export const clientCertRequired = () =>
  new ProblemError({
    status: 401,
    code: 'CLIENT_CERT_REQUIRED',
    message: {
      uk: 'Цей ключ реєстру приймається лише разом із дійсним клієнтським сертифікатом TLS, виданим довіреним центром (mTLS).',
      en: 'This register key is accepted only with a valid TLS client certificate issued by the trusted CA (mTLS).',
    },
    headers: { 'www-authenticate': 'Bearer realm="rtg-gateway"' },
  });

export const clientCertMismatch = () =>
  new ProblemError({
    status: 403,
    code: 'CLIENT_CERT_MISMATCH',
    message: {
      uk: 'Клієнтський сертифікат TLS не той, до якого прив’язано цей реєстр.',
      en: 'The TLS client certificate is not the one this register is bound to.',
    },
  });
