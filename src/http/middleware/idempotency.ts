// Idempotency-Key (IETF draft, as Stripe does it), scoped to the register: the first request with a
// key runs and its answer is kept; the same key with the same body replays that answer (errors
// too); with another body it is a 422; while the first is still running, a 409. Server errors are
// not kept, so a retry after one runs again.
import { createHash } from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import { ProblemError } from '../../errors.ts';
import type { Idempotency, StoredResponse } from '../../store/idempotency.ts';
import type { AppEnv } from '../app-env.ts';

export interface IdempotencyOptions {
  store: Idempotency;
  retentionMs: number;
  /** How long a running request holds its key before a retry may take it over (crash recovery):
   *  ingest takes milliseconds, so ten seconds is plenty and a crash costs the register little. */
  lockMs?: number;
  now?: () => number;
}

const KEY = /^[\x21-\x7e]{1,255}$/;
const KEPT_HEADERS = ['content-type', 'location'];

export const idempotency = (options: IdempotencyOptions) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const key = c.req.header('idempotency-key');
    if (key === undefined || !KEY.test(key)) {
      throw new ProblemError({
        status: 400,
        code: key === undefined ? 'IDEMPOTENCY_KEY_MISSING' : 'IDEMPOTENCY_KEY_INVALID',
        message: {
          uk: 'Потрібен заголовок Idempotency-Key: 1–255 друкованих символів ASCII, новий для кожної нової події (наприклад, UUID).',
          en: 'An Idempotency-Key header is required: 1–255 printable ASCII characters, new for every new event (a UUID, say).',
        },
      });
    }
    const now = (options.now ?? Date.now)();
    // A test key's register is the sandbox twin (its own id), so test and live keys never collide.
    const scope = { registerId: c.get('register').id, key };
    const fingerprint = createHash('sha256').update(c.req.method).update('\n').update(c.req.path).update('\n').update(c.get('rawBody')).digest('hex');
    const begin = await options.store.beginIdempotency(scope, fingerprint, now, options.lockMs ?? 10_000, options.retentionMs);

    if (begin.kind === 'replay') return replay(begin.response);
    if (begin.kind === 'mismatch') {
      throw new ProblemError({
        status: 422,
        code: 'IDEMPOTENCY_KEY_REUSED',
        message: {
          uk: 'Цей Idempotency-Key уже використано з іншим тілом запиту. Для нової події потрібен новий ключ.',
          en: 'This Idempotency-Key was already used with a different request body. A new event needs a new key.',
        },
      });
    }
    if (begin.kind === 'in_flight') {
      throw new ProblemError({
        status: 409,
        code: 'IDEMPOTENCY_KEY_IN_FLIGHT',
        message: {
          uk: 'Запит із цим Idempotency-Key ще обробляється. Повторіть трохи пізніше.',
          en: 'A request with this Idempotency-Key is still being processed. Retry a little later.',
        },
        headers: { 'retry-after': '1' },
      });
    }

    let completed = false;
    try {
      await next();
      const res = c.res;
      if (res.status < 500) {
        await options.store.completeIdempotency(scope, await snapshot(res));
        completed = true;
      }
    } finally {
      if (!completed) await options.store.abandonIdempotency(scope);
    }
  });

async function snapshot(res: Response): Promise<StoredResponse> {
  const headers: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = res.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  return { status: res.status, headers, body: await res.clone().text() };
}

function replay(stored: StoredResponse): Response {
  return new Response(stored.body, { status: stored.status, headers: { ...stored.headers, 'idempotent-replayed': 'true' } });
}
