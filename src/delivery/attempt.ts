// One delivery attempt, as typed stages: map → sign → send → judge → record. Each stage is a small
// function; attemptDelivery composes them. A failure of ours in any stage before the answer (a
// broken key, a mapping bug) is judged retryable as `internal_error`: the event is kept and retried
// on the schedule, so an operator can fix the cause without losing anything.
import type { Logger } from 'pino';
import type { Destination } from '../config/destinations.ts';
import { uuidv7 } from '../ids.ts';
import type { RegistrationEvent } from '../domain/event.ts';
import type { DmsContract, DmsVerdict, SentRequest } from '../mapping/contract.ts';
import type { Deliveries } from '../store/deliveries.ts';
import type { DmsClient, HttpOutcome } from './dms-client.ts';
import type { AttemptRecord, AttemptResult, ClaimedDelivery } from './model/attempt-record.ts';
import { CONTRACT_VERSION_RETIRED, versionAfterRetired, versionForNewMessage } from './contract-version.ts';
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
  deliveries: Pick<Deliveries, 'saveSignedRequest' | 'recordAttempt'>;
  observer?: AttemptObserver;
  contracts: ReadonlyMap<string, DmsContract>;
  sign: (xml: string) => string;
  client: DmsClient;
  dmsUrl: string;
  /** Where dmsUrl points: the versions it accepts and their cut-overs. */
  destination: Destination;
  /** Versions DMS has answered CONTRACT_VERSION_RETIRED for (this process's memory): new messages skip them. */
  retired?: Set<string>;
  policy: RetryPolicy;
  logger: Logger;
  now?: () => number;
  random?: () => number;
}

export interface AttemptOutcome {
  result: AttemptResult;
  /** False when the lease was lost meanwhile and the result was not recorded. */
  recorded: boolean;
  /** Did DMS answer meaningfully (for the circuit breaker)? null: the failure was ours, not DMS's. */
  dmsHealthy: boolean | null;
}

const EXCERPT_BYTES = 4000;

// ── map ──────────────────────────────────────────────────────────────────────────────────────────

/** The request of one delivery: the bytes kept from the first attempt, or a new one still to sign. */
export type MappedRequest = { kind: 'kept'; signedXml: string } | { kind: 'new'; xml: string };

export interface Mapped {
  contract: DmsContract;
  serviceCode: string;
  request: MappedRequest;
}

/**
 * The event in its message's contract. A retry keeps the signed request (and its version), so nothing
 * new is built; a message not yet signed is made in the version chosen now (versionForNewMessage).
 */
export function mapDelivery(d: ClaimedDelivery, contracts: ReadonlyMap<string, DmsContract>, choose: (floor: string) => string = (floor) => floor): Mapped {
  const name = d.requestXml !== null ? d.contract : choose(d.contract);
  const contract = contracts.get(name);
  if (!contract) throw new Error(`no contract named ${name}`);
  const event = JSON.parse(d.payload) as RegistrationEvent;
  const serviceCode = contract.serviceCodeFor(event);
  const request: MappedRequest =
    d.requestXml !== null
      ? { kind: 'kept', signedXml: d.requestXml }
      : { kind: 'new', xml: contract.buildRequest(event, { gatewayEventId: d.eventId, messageId: d.messageId, registerCode: d.registerCode }).xml };
  return { contract, serviceCode, request };
}

// ── sign ─────────────────────────────────────────────────────────────────────────────────────────

/**
 * The bytes to send. The first attempt signs and keeps its request with its version (`keep` returns
 * the one stored); every retry resends exactly those bytes.
 */
export async function signOnce(request: MappedRequest, sign: (xml: string) => string, keep: (signedXml: string) => Promise<string>): Promise<string> {
  return request.kind === 'kept' ? request.signedXml : keep(sign(request.xml));
}

/**
 * DMS retired the message's version: the event is re-made, as a new message, in the newest version
 * it may use — without an operator. With none left the rejection stands.
 */
export function remapIfRetired(result: AttemptResult, verdict: DmsVerdict, used: string, destination: Destination, now: number, newMessageId: () => string): AttemptResult {
  if (verdict.kind !== 'rejection' || verdict.rejection.code !== CONTRACT_VERSION_RETIRED) return result;
  const next = versionAfterRetired(destination, now, used);
  if (next === null) return result;
  return {
    status: 'retrying',
    nextAttemptAt: now,
    error: `${CONTRACT_VERSION_RETIRED}: ${used} retired by DMS, re-made in ${next}`,
    remap: { contract: next, messageId: newMessageId() },
  };
}

// ── send ─────────────────────────────────────────────────────────────────────────────────────────

export interface Sent {
  outcome: HttpOutcome;
  /** What went out and what came back, for the evidence log (its outcome is added once judged). */
  exchange: Omit<Exchange, 'outcome'>;
}

export async function send(d: ClaimedDelivery, attempt: number, at: number, requestXml: string, client: DmsClient, dmsUrl: string): Promise<Sent> {
  const outcome = await client.send(dmsUrl, requestXml);
  const answered = outcome.kind === 'answer';
  return { outcome, exchange: { delivery: d, attempt, at, requestXml, answer: answered ? outcome.body : null, httpStatus: answered ? outcome.status : null } };
}

// ── judge ────────────────────────────────────────────────────────────────────────────────────────

export interface Judgement {
  verdict: DmsVerdict;
  httpStatus: number | null;
  retryAfterMs: number | null;
  /** The start of DMS's answer, kept with the attempt. */
  excerpt: string | null;
}

export function internalError(err: unknown): DmsVerdict {
  return { kind: 'retryable', errorClass: 'internal_error', detail: (err instanceof Error ? err.message : String(err)).slice(0, 300) };
}

/** What DMS's answer (or its absence) means, by the delivery's contract. */
export function judge(outcome: HttpOutcome, contract: DmsContract, sent: SentRequest): Judgement {
  if (outcome.kind !== 'answer') {
    return { verdict: { kind: 'retryable', errorClass: outcome.errorClass, detail: outcome.detail }, httpStatus: null, retryAfterMs: null, excerpt: null };
  }
  const answered = { httpStatus: outcome.status, retryAfterMs: outcome.retryAfterMs, excerpt: outcome.body.slice(0, EXCERPT_BYTES) };
  try {
    return { ...answered, verdict: contract.interpretAnswer(outcome, sent) };
  } catch (err) {
    return { ...answered, verdict: internalError(err) };
  }
}

/** The delivery's next state. `attemptsMade` counts from the last operator retry: the schedule restarts there. */
export function decide(verdict: DmsVerdict, attemptsMade: number, policy: RetryPolicy, retryAfterMs: number | null, now: number, random?: () => number): AttemptResult {
  if (verdict.kind === 'ack') return { status: 'delivered', receipt: verdict.receipt };
  if (verdict.kind === 'rejection') return { status: 'rejected', rejection: verdict.rejection };
  const error = `${verdict.errorClass}: ${verdict.detail}`.slice(0, 500);
  const delay = retryDelay(attemptsMade, policy, retryAfterMs, random);
  return delay === null ? { status: 'failed', error } : { status: 'retrying', nextAttemptAt: now + delay, error };
}

export function attemptRecord(number: number, startedAt: number, durationMs: number, j: Judgement, message: { messageId: string; contract: string | null }): AttemptRecord {
  const v = j.verdict;
  return {
    messageId: message.messageId,
    contract: message.contract,
    number,
    startedAt,
    durationMs,
    outcome: v.kind === 'ack' ? 'delivered' : v.kind === 'rejection' ? 'rejected' : 'retryable',
    httpStatus: j.httpStatus,
    errorClass: v.kind === 'retryable' ? v.errorClass : v.kind === 'rejection' ? 'business_rejection' : null,
    detail: v.kind === 'retryable' ? v.detail : v.kind === 'rejection' ? `${v.rejection.code}: ${v.rejection.reason}` : null,
    responseExcerpt: j.excerpt,
  };
}

/** For the circuit breaker: did DMS answer meaningfully? null when the failure was ours. */
export function dmsHealthy(verdict: DmsVerdict): boolean | null {
  if (verdict.kind !== 'retryable') return true;
  return verdict.errorClass === 'internal_error' ? null : false;
}

// ── record ───────────────────────────────────────────────────────────────────────────────────────

export interface ToRecord {
  delivery: ClaimedDelivery;
  owner: string;
  exchange: Omit<Exchange, 'outcome'> | null;
  verdict: DmsVerdict;
  attempt: AttemptRecord;
  result: AttemptResult;
  now: number;
}

/** Evidence first, then the attempt; false when the lease was lost and nothing was recorded. */
export async function record(r: ToRecord, deps: Pick<AttemptDeps, 'deliveries' | 'observer'>): Promise<boolean> {
  if (r.exchange && deps.observer?.exchanged) {
    const v = r.verdict;
    // Fail closed, as X-Road does: an exchange without its evidence is not recorded either, so the
    // lease expires and the attempt is made (and logged) again; DMS answers the repeat as DUPLICATE.
    await deps.observer.exchanged({ ...r.exchange, outcome: v.kind === 'ack' ? 'delivered' : v.kind === 'rejection' ? 'rejected' : v.errorClass });
  }
  const kept = await deps.deliveries.recordAttempt(r.delivery.id, r.owner, r.attempt, r.result, r.now);
  if (kept) deps.observer?.recorded?.({ delivery: r.delivery, attempt: r.attempt, result: r.result });
  return kept;
}

// ── the attempt ──────────────────────────────────────────────────────────────────────────────────

export async function attemptDelivery(d: ClaimedDelivery, owner: string, deps: AttemptDeps): Promise<AttemptOutcome> {
  const now = deps.now ?? Date.now;
  const startedAt = now();
  const number = d.attempts + 1;
  let exchange: Omit<Exchange, 'outcome'> | null = null;
  let judgement: Judgement;
  let used: string | null = null;
  try {
    const mapped = mapDelivery(d, deps.contracts, (floor) => versionForNewMessage(deps.destination, startedAt, floor, deps.retired));
    const requestXml = await signOnce(mapped.request, deps.sign, (signed) => deps.deliveries.saveSignedRequest(d.id, owner, signed, mapped.contract.name, startedAt));
    used = mapped.contract.name;
    const sent = await send(d, number, startedAt, requestXml, deps.client, deps.dmsUrl);
    exchange = sent.exchange;
    judgement = judge(sent.outcome, mapped.contract, { messageId: d.messageId, serviceCode: mapped.serviceCode, requestXml });
  } catch (err) {
    judgement = { verdict: internalError(err), httpStatus: null, retryAfterMs: null, excerpt: null };
  }
  const durationMs = now() - startedAt;
  let result = decide(judgement.verdict, number - d.scheduleBase, deps.policy, judgement.retryAfterMs, now(), deps.random);
  if (used !== null) {
    if (judgement.verdict.kind === 'rejection' && judgement.verdict.rejection.code === CONTRACT_VERSION_RETIRED) deps.retired?.add(used);
    result = remapIfRetired(result, judgement.verdict, used, deps.destination, now(), () => uuidv7());
  }
  const attempt = attemptRecord(number, startedAt, durationMs, judgement, { messageId: d.messageId, contract: used });
  const kept = await record({ delivery: d, owner, exchange, verdict: judgement.verdict, attempt, result, now: now() }, deps);
  deps.logger[result.status === 'retrying' || result.status === 'failed' ? 'warn' : 'info'](
    { deliveryId: d.id, messageId: d.messageId, contract: used, attempt: number, status: result.status, errorClass: attempt.errorClass, httpStatus: judgement.httpStatus, durationMs, leaseKept: kept },
    'delivery attempt',
  );
  return { result, recorded: kept, dmsHealthy: dmsHealthy(judgement.verdict) };
}
