// The admin API shows raw messages (personal data), injects faults and deletes state: with a token
// configured, every admin request must carry it. Beyond loopback a token is required (server.ts).
import { createMiddleware } from 'hono/factory';
import { ProblemError } from '../../../src/errors.ts';
import { hasBearerToken } from '../../../src/http/middleware/bearer-token.ts';

export const requireAdminToken = (token: string | undefined) =>
  createMiddleware(async (c, next) => {
    if (token !== undefined && !hasBearerToken(c.req.header('authorization'), token)) {
      throw new ProblemError({
        status: 401,
        code: 'UNAUTHORIZED',
        message: { en: 'the admin API needs Authorization: Bearer <MOCK_DMS_ADMIN_TOKEN>', uk: 'адмін-API потребує Authorization: Bearer <MOCK_DMS_ADMIN_TOKEN>' },
        headers: { 'www-authenticate': 'Bearer realm="mock-dms admin"' },
      });
    }
    await next();
  });

/** 127.0.0.0/8, ::1 and localhost: only this machine can reach a listener there. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || /^::ffff:127\./.test(h);
}
