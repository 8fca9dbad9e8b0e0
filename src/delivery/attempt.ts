// One delivery attempt: map → sign (first attempt only) → send → judge → record.
import type { Logger } from 'pino';
import type { RegistrationEvent } from '../domain/event.ts';
import type { DmsContract, DmsVerdict } from '../mapping/contract.ts';
import type { AttemptRecord, AttemptResult, ClaimedDelivery, Store } from '../store/store.ts';
import type { DmsClient } from './dms-client.ts';
import { retryDelay, type RetryPolicy } from './schedule.ts';

/** Hooks for what watches deliveries: the evidence log and the metrics. */
export interface AttemptObserver {
  /** The request went out and the answer (or its absence) is known; runs before the attempt is recorded. */
  exchanged?(x: Exchange): Promise<void>;
  /** The attempt was recorded. */
  recorded?(x: { delivery: ClaimedDelivery; attempt: AttemptRecord; result: AttemptResult }): void;
}

export interface Exchange {
  delivery: ClaimedDelivery;
  attempt: number;
  at: number;
  requestXml: string;
  answer: string | null;
  httpStatus: number | null;
  /** delivered, rejected, or the class of the failure */
  outcome: string;
}

export interface AttemptDeps {
  store: Store;
  observer?: AttemptObserver;
  contracts: ReadonlyMap<string, DmsContract>;
  sign: (xml: string) => string;
  client: DmsClient;
  dmsUrl: string;
  policy: RetryPolicy;
  logger: Logger;
  now?: () => number;
  random?: () => number;
}

const EXCERPT_BYTES = 4000;

export interface AttemptOutcome {
  result: AttemptResult;
  /** False when the lease was lost meanwhile and the result was not recorded. */
  recorded: boolean;
  /** Did DMS answer meaningfully (for the circuit breaker)? null: the failure was ours, not DMS's. */
  dmsHealthy: boolean | null;
}

export async function attemptDelivery(d: ClaimedDelivery, owner: string, deps: AttemptDeps): Promise<AttemptOutcome> {
  const now = deps.now ?? Date.now;
  const startedAt = now();
  const number = d.attempts + 1;
  let verdict: DmsVerdict;
  let httpStatus: number | null = null;
  let retryAfterMs: number | null = null;
  let excerpt: string | null = null;
  let exchange: Omit<Exchange, 'outcome'> | null = null;
  try {
    const contract = deps.contracts.get(d.contract);
    if (!contract) throw new Error(`no contract named ${d.contract}`);
    const event = JSON.parse(d.payload) as RegistrationEvent;
    const serviceCode = contract.serviceCodeFor(event);
    const requestXml = d.requestXml ?? (await signAndKeep(d, owner, event, contract, deps));
    const outcome = await deps.client.send(deps.dmsUrl, requestXml);
    exchange = { delivery: d, attempt: number, at: startedAt, requestXml, answer: outcome.kind === 'answer' ? outcome.body : null, httpStatus: outcome.kind === 'answer' ? outcome.status : null };
    if (outcome.kind === 'answer') {
      httpStatus = outcome.status;
      retryAfterMs = outcome.retryAfterMs;
      excerpt = outcome.body.slice(0, EXCERPT_BYTES);
      verdict = contract.interpretAnswer(outcome, { messageId: d.messageId, serviceCode, requestXml });
    } else {
      verdict = { kind: 'retryable', errorClass: outcome.errorClass, detail: outcome.detail };
    }
  } catch (err) {
    // A fault of ours (a broken key, a mapping bug): keep the event and retry on the schedule, so an
    // operator can fix the cause without losing anything.
    verdict = { kind: 'retryable', errorClass: 'internal_error', detail: (err instanceof Error ? err.message : String(err)).slice(0, 300) };
  }

  const durationMs = now() - startedAt;
  // After an operator's retry the schedule starts again from its first entry.
  const result = decide(verdict, number - d.scheduleBase, deps.policy, retryAfterMs, now(), deps.random);
  const attempt: AttemptRecord = {
    number,
    startedAt,
    durationMs,
    outcome: verdict.kind === 'ack' ? 'delivered' : verdict.kind === 'rejection' ? 'rejected' : 'retryable',
    httpStatus,
    errorClass: verdict.kind === 'retryable' ? verdict.errorClass : verdict.kind === 'rejection' ? 'business_rejection' : null,
    detail: verdict.kind === 'retryable' ? verdict.detail : verdict.kind === 'rejection' ? `${verdict.rejection.code}: ${verdict.rejection.reason}` : null,
    responseExcerpt: excerpt,
  };
  if (exchange && deps.observer?.exchanged) {
    const outcome = verdict.kind === 'ack' ? 'delivered' : verdict.kind === 'rejection' ? 'rejected' : verdict.errorClass;
    // Fail closed, as X-Road does: an exchange without its evidence is not recorded either, so the
    // lease expires and the attempt is made (and logged) again; DMS answers the repeat as DUPLICATE.
    await deps.observer.exchanged({ ...exchange, outcome });
  }
  const kept = await deps.store.recordAttempt(d.id, owner, attempt, result, now());
  if (kept) deps.observer?.recorded?.({ delivery: d, attempt, result });
  deps.logger[result.status === 'retrying' || result.status === 'failed' ? 'warn' : 'info'](
    { deliveryId: d.id, messageId: d.messageId, attempt: number, status: result.status, errorClass: attempt.errorClass, httpStatus, durationMs, leaseKept: kept },
    'delivery attempt',
  );
  const dmsHealthy = verdict.kind !== 'retryable' ? true : verdict.errorClass === 'internal_error' ? null : false;
  return { result, recorded: kept, dmsHealthy };
}

async function signAndKeep(d: ClaimedDelivery, owner: string, event: RegistrationEvent, contract: DmsContract, deps: AttemptDeps): Promise<string> {
  const built = contract.buildRequest(event, { gatewayEventId: d.eventId, messageId: d.messageId, registerCode: d.registerCode });
  return deps.store.saveSignedRequest(d.id, owner, deps.sign(built.xml));
}

function decide(verdict: DmsVerdict, attemptsMade: number, policy: RetryPolicy, retryAfterMs: number | null, now: number, random?: () => number): AttemptResult {
  if (verdict.kind === 'ack') return { status: 'delivered', receipt: verdict.receipt };
  if (verdict.kind === 'rejection') return { status: 'rejected', rejection: verdict.rejection };
  const error = `${verdict.errorClass}: ${verdict.detail}`.slice(0, 500);
  const delay = retryDelay(attemptsMade, policy, retryAfterMs, random);
  return delay === null ? { status: 'failed', error } : { status: 'retrying', nextAttemptAt: now + delay, error };
}
