// The webhook loop, on the delivery worker's machinery: claim due messages with a lease (a crashed
// instance's messages come back; two instances never send one twice), at most `perEndpoint` per
// endpoint at once so a receiver that hangs holds its own slots only, run up to `concurrency`
// attempts, sleep until the next is due. One circuit breaker per endpoint: while it is open, that
// endpoint's messages wait (no attempt counted). An endpoint that keeps failing for disableAfterMs is
// disabled by the store in the attempt's transaction, with an audit entry.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { CircuitBreaker, type BreakerOptions } from '../delivery/circuit-breaker.ts';
import { retryDelay } from '../delivery/schedule.ts';
import { PollingLoop } from '../delivery/polling-loop.ts';
import type { Webhooks } from '../store/webhooks.ts';
import type { WebhookClient, WebhookOutcome } from './client.ts';
import type { ClaimedWebhookMessage, WebhookAttemptResult } from './model.ts';
import { signedHeaders } from './signing.ts';

export interface WebhookWorkerOptions {
  concurrency: number;
  perEndpoint: number;
  pollMs: number;
  leaseMs: number;
  retrySchedule: number[];
  jitter: number;
  disableAfterMs: number;
  breaker: BreakerOptions;
}

export interface WebhookWorkerDeps {
  webhooks: Pick<Webhooks, 'claimDue' | 'signingSecrets' | 'recordAttempt' | 'nextDueAt' | 'defer'>;
  client: WebhookClient;
  logger: Logger;
  now?: () => number;
  random?: () => number;
}

export class WebhookWorker {
  readonly owner = `webhooks-${randomUUID()}`;
  private readonly deps: WebhookWorkerDeps;
  private readonly options: WebhookWorkerOptions;
  private readonly breakers = new Map<string, CircuitBreaker>();
  private readonly active = new Set<Promise<unknown>>();
  private readonly loop = new PollingLoop(
    () => this.round(),
    (err) => this.deps.logger.error({ err }, 'a webhook round crashed; the worker goes on'),
  );
  /** Cuts the attempts in flight short at stop(); a start after a stop gets a new one. */
  private stopping = new AbortController();

  constructor(deps: WebhookWorkerDeps, options: WebhookWorkerOptions) {
    this.deps = deps;
    this.options = options;
  }

  get isRunning(): boolean {
    return this.loop.isRunning;
  }

  start(): void {
    if (this.stopping.signal.aborted) this.stopping = new AbortController();
    this.loop.start();
  }

  wake(): void {
    this.loop.wake();
  }

  /** Attempts in flight are cut short and not recorded: their leases expire and they are made again. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.loop.stop();
    await Promise.allSettled([...this.active]);
  }

  breakerOf(endpointId: string): CircuitBreaker {
    let breaker = this.breakers.get(endpointId);
    if (!breaker) this.breakers.set(endpointId, (breaker = new CircuitBreaker(endpointId, this.options.breaker)));
    return breaker;
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  private async round(): Promise<void> {
    const free = this.options.concurrency - this.active.size;
    let claimed = 0;
    if (free > 0) {
      try {
        const due = await this.deps.webhooks.claimDue(this.owner, this.now(), this.options.leaseMs, free, this.options.perEndpoint);
        claimed = due.length;
        for (const m of due) await this.dispatch(m);
      } catch (err) {
        this.deps.logger.error({ err }, 'claiming webhook messages failed');
      }
    }
    if (!this.loop.isRunning || (claimed > 0 && claimed === free)) return;
    await this.idle();
  }

  private async dispatch(m: ClaimedWebhookMessage): Promise<void> {
    const breaker = this.breakerOf(m.endpointId);
    if (breaker.permits(this.now()) < 1) {
      await this.deps.webhooks.defer(m.id, this.owner, breaker.reopensAt() ?? this.now() + this.options.pollMs);
      return;
    }
    breaker.started();
    const tracked: Promise<unknown> = this.attempt(m)
      .then((healthy) => {
        if (healthy === null) breaker.released();
        else breaker.record(healthy, this.now());
      })
      .catch((err: unknown) => {
        breaker.released();
        this.deps.logger.error({ err, webhookMessageId: m.id }, 'webhook attempt crashed; it is made again when its lease expires');
      })
      .finally(() => {
        this.active.delete(tracked);
        this.wake();
      });
    this.active.add(tracked);
  }

  /** Did the endpoint answer 2xx? null when the attempt was cut short by a stop and not recorded. */
  private async attempt(m: ClaimedWebhookMessage): Promise<boolean | null> {
    const startedAt = this.now();
    const number = m.attempts + 1;
    const secrets = await this.deps.webhooks.signingSecrets(m.endpointId, startedAt);
    // Deleted since the claim (its messages went with it): nothing to sign with, nothing to send.
    if (secrets.length === 0) return null;
    const headers = signedHeaders(secrets, m.id, startedAt, m.payload);
    const outcome: WebhookOutcome = await this.deps.client.post(m.url, m.payload, { ...headers }, this.stopping.signal);
    if (this.stopping.signal.aborted) return null;
    const durationMs = Math.max(0, this.now() - startedAt);
    const delivered = outcome.kind === 'answer' && outcome.status >= 200 && outcome.status < 300;
    const error = outcome.kind === 'fault' ? outcome.error : delivered ? null : `http_${outcome.status}`;
    const now = this.now();
    let result: WebhookAttemptResult;
    if (delivered) result = { status: 'delivered' };
    else {
      const policy = { schedule: this.options.retrySchedule, jitter: this.options.jitter, retryAfterMaxMs: 0 };
      const delay = retryDelay(number - m.scheduleBase, policy, null, this.deps.random);
      result = delay === null ? { status: 'failed', error: error as string } : { status: 'pending', nextAttemptAt: now + delay, error: error as string };
    }
    const { recorded, disabled } = await this.deps.webhooks.recordAttempt(
      m,
      this.owner,
      { number, startedAt, durationMs, outcome: delivered ? 'delivered' : 'failed', httpStatus: outcome.kind === 'answer' ? outcome.status : null, error },
      result,
      now,
      this.options.disableAfterMs,
    );
    // The URL and the payload are not logged: the URL may carry a register's token in its query.
    this.deps.logger[delivered ? 'debug' : 'warn'](
      { webhookMessageId: m.id, endpointId: m.endpointId, type: m.type, attempt: number, status: result.status, httpStatus: outcome.kind === 'answer' ? outcome.status : null, durationMs, leaseKept: recorded },
      'webhook attempt',
    );
    if (disabled) this.deps.logger.warn({ endpointId: m.endpointId }, 'webhook endpoint disabled: it kept failing for WEBHOOK_DISABLE_AFTER');
    return delivered;
  }

  private async idle(): Promise<void> {
    let waitMs = this.options.pollMs;
    const due = await this.deps.webhooks.nextDueAt().catch(() => null);
    if (due !== null) waitMs = Math.max(5, Math.min(waitMs, due - this.now()));
    await this.loop.sleep(waitMs);
  }
}
