// CSRF tokens for the console's forms: an HMAC of the session secret's hash under a per-installation
// key, so they need no server-side state and change with the session. Every POST after sign-in must
// carry one (besides the Origin / Sec-Fetch-Site check in front of all POSTs).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import { hashApiKey } from '../../auth/api-keys.ts';
import { ProblemError } from '../../errors.ts';
import type { ConsoleEnv } from '../console-env.ts';

export const CSRF_FIELD = '_csrf';

export function csrfTokenFor(key: string, secret: string): string {
  return createHmac('sha256', key).update(hashApiKey(secret)).digest('base64url');
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
