// Sign-in and sign-out. Failed sign-ins are counted per client IP: past a few, the IP is locked
// out for a growing while (429 with the page saying how long); a successful sign-in resets it.
import { Hono } from 'hono';
import { enforceClientCertificate } from '../../auth/client-cert.ts';
import { authenticateSecret } from '../../auth/principal.ts';
import { ProblemError } from '../../errors.ts';
import type { CredentialLookup, SessionStore } from '../../store/access.ts';
import type { ConsoleEnv } from '../console-env.ts';
import { endSession, startSession, type SessionPolicy } from '../middleware/session.ts';
import { LoginPage } from '../pages/login-page.ts';
import { formFields } from './form.ts';
import { clientIp } from '../../http/rate-limit/limits.ts';
import type { LoginThrottle } from '../../http/rate-limit/login-throttle.ts';

export function loginRoutes(access: CredentialLookup & SessionStore, policy: SessionPolicy, now: () => number, throttle?: LoginThrottle): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  app.get('/login', (c) => c.html(LoginPage({ signedOut: c.req.query('out') === '1' })));
  app.post('/login', async (c) => {
    const ip = clientIp(c);
    const locked = throttle?.lockedFor(ip) ?? 0;
    if (locked > 0) return c.html(LoginPage({ lockedForSeconds: locked }), 429, { 'retry-after': String(locked) });
    const secret = (await formFields(c)).secret?.trim() ?? '';
    const at = now();
    const principal = secret ? await authenticateSecret(access, secret, at) : null;
    if (!principal) {
      const lockout = throttle?.failed(ip) ?? 0;
      if (lockout > 0) return c.html(LoginPage({ lockedForSeconds: lockout }), 429, { 'retry-after': String(lockout) });
      return c.html(LoginPage({ failed: true }), 401);
    }
    // The console signs a register in under the same mTLS binding as the API.
    if (principal.kind === 'register') {
      const refused = await enforceClientCertificate(access.clientCerts, principal.register, c.env).then(() => null, (err: unknown) => err);
      if (refused instanceof ProblemError) return c.html(LoginPage({ failed: true }), refused.status === 403 ? 403 : 401);
      if (refused) throw refused;
    }
    throttle?.succeeded(ip);
    await startSession(c, access, principal, policy, at);
    return c.redirect('/ui', 303);
  });
  return app;
}

/** Behind the session and CSRF checks: a forged POST cannot sign anyone out. The session ends on the server at once. */
export function logoutRoutes(sessions: Pick<SessionStore, 'deleteSession'>): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  app.post('/logout', async (c) => {
    await endSession(c, sessions);
    return c.redirect('/ui/login?out=1', 303);
  });
  return app;
}
