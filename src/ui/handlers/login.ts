// Sign-in and sign-out.
import { Hono } from 'hono';
import { authenticateSecret } from '../../auth/principal.ts';
import type { CredentialLookup } from '../../store/access.ts';
import type { ConsoleEnv } from '../console-env.ts';
import { endSession, startSession } from '../middleware/session.ts';
import { LoginPage } from '../pages/login-page.ts';
import { formFields } from './form.ts';

export function loginRoutes(access: CredentialLookup): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  app.get('/login', (c) => c.html(LoginPage({ signedOut: c.req.query('out') === '1' })));
  app.post('/login', async (c) => {
    const secret = (await formFields(c)).secret?.trim() ?? '';
    const principal = secret ? await authenticateSecret(access, secret) : null;
    if (!principal) return c.html(LoginPage({ failed: true }), 401);
    startSession(c, secret);
    return c.redirect('/ui', 303);
  });
  return app;
}

/** Behind the session and CSRF checks: a forged POST cannot sign anyone out. */
export function logoutRoutes(): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  app.post('/logout', (c) => {
    endSession(c);
    return c.redirect('/ui/login?out=1', 303);
  });
  return app;
}
