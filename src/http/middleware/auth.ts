import { createMiddleware } from 'hono/factory';
import { hashApiKey } from '../../auth/api-keys.ts';
import { ProblemError } from '../../errors.ts';
import type { Store } from '../../store/store.ts';
import type { AppEnv } from '../app-env.ts';

const unauthorized = () =>
  new ProblemError({
    status: 401,
    code: 'UNAUTHORIZED',
    message: {
      uk: 'Потрібен дійсний ключ реєстру: заголовок Authorization: Bearer <ключ>.',
      en: 'A valid register key is required: header Authorization: Bearer <key>.',
    },
    headers: { 'www-authenticate': 'Bearer realm="rtg-gateway"' },
  });

/** Finds the register the bearer key belongs to; every /v1 route acts on behalf of that register. */
export const registerAuth = (store: Store) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
    if (!match) throw unauthorized();
    const register = await store.findRegisterByKeyHash(hashApiKey(match[1] as string));
    if (!register) throw unauthorized();
    c.set('register', register);
    await next();
  });
