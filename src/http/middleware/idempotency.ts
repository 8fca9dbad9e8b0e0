// Idempotency-Key (IETF draft, as Stripe does it), scoped to the register: the first request with a
// key runs and its answer is kept; the same key with the same body replays that answer (errors
// too); with another body it is a 422; while the first is still running on this instance, a 409
// (on another instance the second waits for the first's commit and replays its answer). Server
// errors are not kept, so a retry after one runs again.
//
// The handler answers through `answerOnce`: what the request wrote, its answer (a refusal too) and
// the key are committed in one transaction, so a request costs one fsync.
import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { ProblemError } from '../../errors.ts';
import type { Queryable, TransactionOptions } from '../../store/db/database.ts';
import type { Idempotency, IdempotencyScope, IdempotentOutcome, StoredResponse } from '../../store/idempotency.ts';
import type { AppEnv } from '../app-env.ts';

export interface IdempotencyOptions {
  store: Pick<Idempotency, 'once'>;
  retentionMs: number;
  now?: () => number;
}

/** What the middleware hands the handler: the key of this request. */
export interface IdempotentRequest {
  scope: IdempotencyScope;
  fingerprint: string;
  now: number;
  retentionMs: number;
  store: Pick<Idempotency, 'once'>;
}

const KEY = /^[\x21-\x7e]{1,255}$/;
const KEPT_HEADERS = ['content-type', 'location'];

/** The keys running on this instance, so a second request with one gets its 409 at once. */
const running = new Set<string>();

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
    // A test key's register is the sandbox twin (its own id), so test and live keys never collide.
    const scope = { registerId: c.get('register').id, key };
    const runningKey = `${scope.registerId}\n${key}`;
    if (running.has(runningKey)) throw inFlight();
    const fingerprint = createHash('sha256').update(c.req.method).update('\n').update(c.req.path).update('\n').update(c.get('rawBody')).digest('hex');
    c.set('idempotent', { scope, fingerprint, now: (options.now ?? Date.now)(), retentionMs: options.retentionMs, store: options.store });
    running.add(runningKey);
    try {
      await next();
    } finally {
      running.delete(runningKey);
    }
  });

/**
 * Runs `work` in the transaction that keeps this request's key and answer, or answers from the key
 * when it is known (replay, 422 for another body, 409 while in flight). `work` returns the answer and
 * a value, which comes back as `ran` only when its writes were committed (work may have run and been
 * rolled back before the key answered); one it throws is a server error (500), not kept. `options`:
 * the transaction's group (an event: its person's queue, so that one person's requests share commits).
 */
export async function answerOnce<T>(
  c: Context<AppEnv>,
  work: (tx: Queryable) => Promise<{ value: T; response: StoredResponse }>,
  options?: TransactionOptions,
): Promise<{ res: Response; ran?: T }> {
  const request = c.get('idempotent');
  const outcome = await request.store.once(
    request.scope,
    request.fingerprint,
    request.now,
    request.retentionMs,
    async (tx) => {
      const done = await work(tx);
      return { value: done, response: done.response };
    },
    options,
  );
  if (outcome.kind !== 'ran') return { res: answered(outcome) };
  const { value, response } = outcome.value;
  return { res: new Response(response.body, { status: response.status, headers: response.headers }), ran: value };
}

function answered(outcome: Exclude<IdempotentOutcome<unknown>, { kind: 'ran' }>): Response {
  switch (outcome.kind) {
    case 'replay':
      return new Response(outcome.response.body, { status: outcome.response.status, headers: { ...outcome.response.headers, 'idempotent-replayed': 'true' } });
    case 'mismatch':
      throw new ProblemError({
        status: 422,
        code: 'IDEMPOTENCY_KEY_REUSED',
        message: {
          uk: 'Цей Idempotency-Key уже використано з іншим тілом запиту. Для нової події потрібен новий ключ.',
          en: 'This Idempotency-Key was already used with a different request body. A new event needs a new key.',
        },
      });
    case 'in_flight':
      throw inFlight();
  }
}

const inFlight = () =>
  new ProblemError({
    status: 409,
    code: 'IDEMPOTENCY_KEY_IN_FLIGHT',
    message: {
      uk: 'Запит із цим Idempotency-Key ще обробляється. Повторіть трохи пізніше.',
      en: 'A request with this Idempotency-Key is still being processed. Retry a little later.',
    },
    headers: { 'retry-after': '1' },
  });

/** The parts of an answer that are kept and replayed. */
export async function snapshot(res: Response): Promise<StoredResponse> {
  const headers: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = res.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  return { status: res.status, headers, body: await res.clone().text() };
}
