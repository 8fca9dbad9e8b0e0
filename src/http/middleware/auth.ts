// Bearer authentication for registers (API keys) and operators (tokens with a role), and the guards
// routes use. Keys and tokens are looked up by their SHA-256 hash; the clear value is never stored.
// The door also counts: a token bucket per key (its answers carry the RateLimit headers), and one
// per client IP for requests that fail authentication (key guessing answers 429 before long).
// A register bound to a client certificate must present it on the TLS connection too (client-cert.ts).
import { createMiddleware } from 'hono/factory';
import { enforceClientCertificate } from '../../auth/client-cert.ts';
import { authenticateSecret } from '../../auth/principal.ts';
import { ProblemError } from '../../errors.ts';
import type { CredentialLookup } from '../../store/access.ts';
import type { AppEnv } from '../app-env.ts';
import { clientIp, rateLimited, type RateLimits } from '../rate-limit/limits.ts';
import { rateLimitHeaders } from '../rate-limit/token-bucket.ts';

const unauthorized = () =>
  new ProblemError({
    status: 401,
    code: 'UNAUTHORIZED',
    message: {
      uk: 'Потрібен дійсний ключ реєстру або токен оператора: заголовок Authorization: Bearer <ключ>.',
      en: 'A valid register key or operator token is required: header Authorization: Bearer <key>.',
    },
    headers: { 'www-authenticate': 'Bearer realm="rtg-gateway"' },
  });

export const authenticate = (access: CredentialLookup, limits?: Pick<RateLimits, 'api' | 'unauthenticated'>) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
    const principal = match ? await authenticateSecret(access, match[1] as string) : null;
    if (!principal) {
      const ip = limits?.unauthenticated.take(clientIp(c));
      if (limits && ip && !ip.allowed) throw rateLimited(limits.unauthenticated.policy, ip);
      throw unauthorized();
    }
    // A register bound to a client certificate (mTLS) needs that certificate as well as its key.
    if (principal.kind === 'register') await enforceClientCertificate(access.clientCerts, principal.register, c.env);
    c.set('principal', principal);
    if (principal.kind === 'register') c.set('register', principal.register);
    if (!limits) return next();
    // A sandbox twin is a register of its own: test traffic never eats the live key's quota.
    const answer = limits.api.take(principal.kind === 'register' ? `register:${principal.register.id}` : `operator:${principal.operator.id}`);
    if (!answer.allowed) throw rateLimited(limits.api.policy, answer);
    await next();
    for (const [name, value] of Object.entries(rateLimitHeaders(limits.api.policy, answer))) c.res.headers.set(name, value);
  });

/** Only a register posts events: they are posted on its behalf and in its name. */
export const requireRegister = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    if (c.get('principal').kind !== 'register') {
      throw new ProblemError({
        status: 403,
        code: 'REGISTER_KEY_REQUIRED',
        message: { uk: 'Події надсилає реєстр своїм ключем, а не оператор.', en: 'Events are posted by a register with its key, not by an operator.' },
      });
    }
    await next();
  });
