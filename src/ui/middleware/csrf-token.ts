// CSRF tokens for the console's forms: an HMAC of the session id under a per-installation key, so
// they need no state of their own and change with the session (never derived from a key or token). Every POST after sign-in must
// carry one (besides the Origin / Sec-Fetch-Site check in front of all POSTs).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import { ProblemError } from '../../errors.ts';
import type { ConsoleEnv } from '../console-env.ts';

export const CSRF_FIELD = '_csrf';

export function csrfTokenFor(key: string, sessionId: string): string {
  return createHmac('sha256', key).update(sessionId).digest('base64url');
}

export const requireCsrfToken = () =>
  createMiddleware<ConsoleEnv>(async (c, next) => {
    if (c.req.method === 'POST') {
      const body = await c.req.parseBody();
      const given = typeof body[CSRF_FIELD] === 'string' ? Buffer.from(body[CSRF_FIELD]) : Buffer.alloc(0);
      const expected = Buffer.from(c.get('session').csrfToken);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw new ProblemError({
          status: 403,
          code: 'CSRF_TOKEN_INVALID',
          message: {
            uk: 'Форма застаріла або надіслана не з консолі. Відкрийте сторінку ще раз і повторіть дію.',
            en: 'The form is stale or was not sent from the console. Open the page again and repeat the action.',
          },
        });
      }
    }
    await next();
  });
