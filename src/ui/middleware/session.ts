// The console's session: the token or register key the person pasted at sign-in, kept in an
// HttpOnly, SameSite=Strict cookie scoped to /ui, and checked against the store on every request
// (so a revoked token stops working at once). Anyone without a valid one is sent to the sign-in page.
import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { authenticateSecret } from '../../auth/principal.ts';
import type { Access, CredentialLookup } from '../../store/access.ts';
import type { ConsoleEnv } from '../console-env.ts';
import { csrfTokenFor } from './csrf-token.ts';

const COOKIE = 'rtg_console';
const MAX_AGE_S = 12 * 60 * 60; // one shift

/** The per-installation key of the CSRF tokens, made once and shared by every gateway instance. */
export function csrfKeyOf(access: Pick<Access, 'getOrCreateSecret'>): () => Promise<string> {
  let key: Promise<string> | null = null;
  return () => (key ??= access.getOrCreateSecret('console_csrf_secret', () => randomBytes(32).toString('base64url')));
}

export function startSession(c: Context, secret: string): void {
  setCookie(c, COOKIE, secret, { path: '/ui', httpOnly: true, sameSite: 'Strict', secure: isHttps(c), maxAge: MAX_AGE_S });
}

export function endSession(c: Context): void {
  deleteCookie(c, COOKIE, { path: '/ui', httpOnly: true, sameSite: 'Strict', secure: isHttps(c) });
}

export const requireSession = (access: CredentialLookup, csrfKey: () => Promise<string>) =>
  createMiddleware<ConsoleEnv>(async (c, next) => {
    const secret = getCookie(c, COOKIE);
    const principal = secret ? await authenticateSecret(access, secret) : null;
    if (!secret || !principal) {
      if (secret) endSession(c);
      return c.redirect('/ui/login', 303);
    }
    c.set('session', { principal, csrfToken: csrfTokenFor(await csrfKey(), secret) });
    await next();
  });

// Behind a TLS-terminating proxy the gateway itself sees http; the proxy says so in X-Forwarded-Proto.
const isHttps = (c: Context): boolean => new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
