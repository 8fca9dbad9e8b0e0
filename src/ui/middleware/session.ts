// The console's session, kept by the server: sign-in stores a row (the hash of a random 256-bit id,
// the principal, created, last seen, absolute expiry) and the cookie carries only the id — HttpOnly,
// SameSite=Strict, scoped to /ui, Secure behind https. Every request checks the expiry, the idle
// timeout and that the register or operator is not revoked; sign-out and revocation delete the row.
// A register bound to a client certificate must present it on every request, not only at sign-in:
// a session cookie carried off to another machine opens nothing there.
import { createHash, randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { enforceClientCertificate } from '../../auth/client-cert.ts';
import type { Principal } from '../../auth/principal.ts';
import { ProblemError } from '../../errors.ts';
import type { Access, CredentialLookup, SessionStore } from '../../store/access.ts';
import type { ConsoleEnv } from '../console-env.ts';
import { LoginPage } from '../pages/login-page.ts';
import { csrfTokenFor } from './csrf-token.ts';

export const SESSION_COOKIE = 'rtg_console';

export interface SessionPolicy {
  /** Absolute lifetime from sign-in (one shift). */
  ttlMs: number;
  /** Signed out after this long without a request. */
  idleMs: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { ttlMs: 12 * 3_600_000, idleMs: 30 * 60_000 };

/** The per-installation key of the CSRF tokens, made once and shared by every gateway instance. */
export function csrfKeyOf(access: Pick<Access, 'getOrCreateSecret'>): () => Promise<string> {
  let key: Promise<string> | null = null;
  return () => (key ??= access.getOrCreateSecret('console_csrf_secret', () => randomBytes(32).toString('base64url')));
}

/** The id has 256 random bits, so a plain hash is enough to keep a copied table from opening sessions. */
const hashSessionId = (id: string): string => createHash('sha256').update(id, 'utf8').digest('hex');

export async function startSession(c: Context, sessions: SessionStore, principal: Principal, policy: SessionPolicy, now: number): Promise<void> {
  const id = randomBytes(32).toString('base64url');
  await sessions.purgeSessions(now, policy.idleMs);
  await sessions.createSession({
    idHash: hashSessionId(id),
    principalKind: principal.kind,
    principalId: principal.kind === 'register' ? principal.register.id : principal.operator.id,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: now + policy.ttlMs,
  });
  setCookie(c, SESSION_COOKIE, id, { path: '/ui', httpOnly: true, sameSite: 'Strict', secure: isHttps(c), maxAge: Math.floor(policy.ttlMs / 1000) });
}

/** Deletes the session on the server at once, and the cookie in the browser. */
export async function endSession(c: Context, sessions: Pick<SessionStore, 'deleteSession'>): Promise<void> {
  const id = getCookie(c, SESSION_COOKIE);
  if (id) await sessions.deleteSession(hashSessionId(id));
  deleteCookie(c, SESSION_COOKIE, { path: '/ui', httpOnly: true, sameSite: 'Strict', secure: isHttps(c) });
}

/** The principal of a live session, or null (an expired, idle or revoked one is deleted). */
async function resolveSession(sessions: SessionStore, id: string, policy: SessionPolicy, now: number): Promise<Principal | null> {
  const idHash = hashSessionId(id);
  const record = await sessions.findSession(idHash);
  if (!record) return null;
  if (now >= record.expiresAt || now - record.lastSeenAt >= policy.idleMs) {
    await sessions.deleteSession(idHash);
    return null;
  }
  const principal: Principal | null =
    record.principalKind === 'register'
      ? await sessions.findRegisterById(record.principalId).then((register) => register && { kind: 'register' as const, register })
      : await sessions.findOperatorById(record.principalId).then((operator) => operator && { kind: 'operator' as const, operator });
  if (!principal) {
    await sessions.deleteSession(idHash);
    return null;
  }
  await sessions.touchSession(idHash, now);
  return principal;
}

export const requireSession = (sessions: SessionStore & Pick<CredentialLookup, 'clientCerts'>, csrfKey: () => Promise<string>, policy: SessionPolicy, now: () => number) =>
  createMiddleware<ConsoleEnv>(async (c, next) => {
    const id = getCookie(c, SESSION_COOKIE);
    const principal = id ? await resolveSession(sessions, id, policy, now()) : null;
    if (!id || !principal) {
      if (id) await endSession(c, sessions);
      return c.redirect('/ui/login', 303);
    }
    if (principal.kind === 'register') {
      // Refused, the session stays: its owner, with the certificate, still uses it.
      const refused = await enforceClientCertificate(sessions.clientCerts, principal.register, c.env).then(() => null, (err: unknown) => err);
      if (refused instanceof ProblemError) return c.html(LoginPage({ failed: true }), refused.status === 403 ? 403 : 401);
      if (refused) throw refused;
    }
    c.set('session', { principal, csrfToken: csrfTokenFor(await csrfKey(), id) });
    await next();
  });

// Behind a TLS-terminating proxy the gateway itself sees http; the proxy says so in X-Forwarded-Proto.
const isHttps = (c: Context): boolean => new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
