// /v1/audit: who did what, when and why, newest first.
import { Hono } from 'hono';
import type { Operations } from '../../operations/operations.ts';
import type { CredentialLookup } from '../../store/access.ts';
import type { AppEnv } from '../app-env.ts';
import { authenticate } from '../middleware/auth.ts';
import type { RateLimits } from '../rate-limit/limits.ts';

export function auditRoutes(access: CredentialLookup, ops: Operations, limits?: RateLimits): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', authenticate(access, limits));
  app.get('/', async (c) => {
    const page = await ops.auditLog(c.get('principal'), c.req.query('cursor') ?? null, Number(c.req.query('limit') ?? 50));
    return c.json({ items: page.items.map((a) => ({ ...a, at: new Date(a.at).toISOString() })), nextCursor: page.nextCursor });
  });
  return app;
}
