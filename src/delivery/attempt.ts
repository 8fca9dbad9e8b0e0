// One delivery attempt, as typed stages: map → sign → send → judge → record. Each stage is a small
// function; attemptDelivery composes them. A failure of ours that time may cure (an unknown contract
// in the configuration, a key file unreadable, the store down) is judged retryable as
// `internal_error`: the event is kept and retried on the schedule, so an operator can fix the cause
// without losing anything. A failure no retry can cure — the mapping refuses the event's content, or
// signing that content fails — is a poison event: it ends `failed` at once (`unmappable`,
// `unsignable`) instead of holding the person's later events for the whole schedule.
import type { Logger } from 'pino';
import type { Destination } from '../config/destinations.ts';
import { uuidv7 } from '../ids.ts';
import type { RegistrationEvent } from '../domain/event.ts';
import type { DmsContract, DmsVerdict, SentRequest } from '../mapping/contract.ts';
import type { Deliveries } from '../store/deliveries.ts';
import type { EvidenceLink } from '../store/evidence.ts';
import type { AnswerVerification } from '../signing/dms-answer.ts';
import type { DmsClient, HttpOutcome } from './dms-client.ts';
import type { AttemptRecord, AttemptResult, ClaimedDelivery } from './model/attempt-record.ts';
import { CONTRACT_VERSION_RETIRED, versionAfterRetired, versionForNewMessage } from './contract-version.ts';
import { retryDelay, type RetryPolicy } from './schedule.ts';

/** Hooks for what watches deliveries: the evidence log and the metrics. */
export interface AttemptObserver {
  /**
   * The request went out and the answer (or its absence) is known: the evidence entry, written in the
   * transaction that records the attempt, before it (one commit for both).
   */
  evidence?(x: Exchange): EvidenceLink;
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
  /** Fingerprint of the certificate that signed DMS's answer, when it verified. */
  answerSigner?: string | null;
}

export interface AttemptDeps {
  deliveries: Pick<Deliveries, 'saveSignedRequest' | 'recordAttempt'>;
  observer?: AttemptObserver;
  contracts: ReadonlyMap<string, DmsContract>;
  sign: (xml: string) => string;
  /**
   * Checks the signature of DMS's acknowledgement or rejection against the pinned DMS CA
   * (verifyDmsAnswer). Absent: answers are taken unauthenticated (DMS_URL without DMS_CA_FILE).
   */
  verifyAnswer?: (xml: string) => AnswerVerification;
  client: DmsClient;
  dmsUrl: string;
  /** Where dmsUrl points: the versions it accepts and their cut-overs. */
  destination: Destination;
  /**
   * Where sandbox deliveries (events posted with a test key) go: the built-in mock DMS, with the
   * key its answers are verified by. Absent: a sandbox delivery is retried, never sent to dmsUrl.
   */
  sandbox?: SandboxTarget;
  /** Versions DMS has answered CONTRACT_VERSION_RETIRED for (this process's memory): new messages skip them. */
  retired?: Set<string>;
  policy: RetryPolicy;
  logger: Logger;
  now?: () => number;
  random?: () => number;
}

export interface SandboxTarget {
  dmsUrl: string;
  verifyAnswer?: (xml: string) => AnswerVerification;
}

/** The delivery's destination: DMS for live events, the sandbox's mock for test ones — chosen per delivery. */
export function targetOf(d: ClaimedDelivery, deps: Pick<AttemptDeps, 'dmsUrl' | 'verifyAnswer' | 'sandbox'>): SandboxTarget {
  if (!d.sandbox) return { dmsUrl: deps.dmsUrl, verifyAnswer: deps.verifyAnswer };
  if (!deps.sandbox) throw new Error('a sandbox delivery, but no sandbox DMS is running: it is not sent to DMS');
  return deps.sandbox;
}

export interface AttemptOutcome {
  result: AttemptResult;
  /** False when the lease was lost meanwhile and the result was not recorded. */
  recorded: boolean;
  /** Did DMS answer meaningfully (for the circuit breaker)? null: the failure was ours, not DMS's. */
  dmsHealthy: boolean | null;
}

const EXCERPT_BYTES = 4000;

// ── permanent failures ───────────────────────────────────────────────────────────────────────────

/** The event's content can never become a signed message: retrying would give the same failure. */
export class PermanentFailure extends Error {
  readonly errorClass: 'unmappable' | 'unsignable';
  constructor(errorClass: 'unmappable' | 'unsignable', reason: string) {
    super(reason);
    this.errorClass = errorClass;
    this.name = 'PermanentFailure';
  }
}

/**
 * The reason of a refused event, without the event's data: error messages may quote the value they
 * refused (a date, JSON text), so only the part before a colon is kept, quoted text removed.
 */
export function safeReason(err: unknown): string {
  if (err instanceof SyntaxError) return 'the stored payload is not JSON';
  const message = err instanceof Error ? err.message : String(err);
  const head = (message.split(':')[0] ?? '').replace(/(["'«`]).*?(["'»`]|$)/gu, '…').trim();
  return `${err instanceof Error ? err.name : 'Error'}: ${head}`.slice(0, 200);
}

/** Node's system and crypto errors carry a `code` (ENOENT, EACCES, ERR_OSSL_…): the key, not the content. */
const isEnvironmentError = (err: unknown): boolean => typeof (err as { code?: unknown } | null)?.code === 'string';

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
  // The payload and the contract's code do not change between attempts: a refusal here is final.
  try {
    const event = JSON.parse(d.payload) as RegistrationEvent;
    const serviceCode = contract.serviceCodeFor(event);
    const request: MappedRequest =
      d.requestXml !== null
        ? { kind: 'kept', signedXml: d.requestXml }
        : { kind: 'new', xml: contract.buildRequest(event, { gatewayEventId: d.eventId, messageId: d.messageId, registerCode: d.registerCode }).xml };
    return { contract, serviceCode, request };
  } catch (err) {
    throw new PermanentFailure('unmappable', safeReason(err));
  }
}

// ── sign ─────────────────────────────────────────────────────────────────────────────────────────

/**
 * The bytes to send. The first attempt signs and keeps its request with its version (`keep` returns
 * the one stored); every retry resends exactly those bytes. The signer works on the text in memory:
 * its failure is the content's (permanent) unless it is the environment's (a key file, the crypto
 * library: errors with a system code); a failure to keep the signature is the store's (transient).
 */
export async function signOnce(request: MappedRequest, sign: (xml: string) => string, keep: (signedXml: string) => Promise<string>): Promise<string> {
  if (request.kind === 'kept') return request.signedXml;
  let signed: string;
  try {
    signed = sign(request.xml);
  } catch (err) {
    if (isEnvironmentError(err)) throw err;
    throw new PermanentFailure('unsignable', safeReason(err));
  }
  return keep(signed);
}

/**
 * The first signature of a delivery just claimed, made ahead so that the claim keeps it (the store's
 * SignAhead): the same mapping and version choice as the attempt's. Any failure answers null, and the
 * attempt meets it again and judges it (permanent, or the environment's).
 */
export function signAhead(d: ClaimedDelivery, deps: Pick<AttemptDeps, 'contracts' | 'sign' | 'destination' | 'retired'>, now: number): { requestXml: string; contract: string } | null {
  if (d.requestXml !== null) return null;
  try {
    const mapped = mapDelivery(d, deps.contracts, (floor) => versionForNewMessage(deps.destination, now, floor, deps.retired));
    return mapped.request.kind === 'new' ? { requestXml: deps.sign(mapped.request.xml), contract: mapped.contract.name } : null;
  } catch {
    return null;
  }
}

/**
 * DMS retired the message's version: the event is re-made, as a new message, in the newest version
 * it may use — without an operator. With none left the rejection stands.
 */
export function remapIfRetired(result: AttemptResult, verdict: AttemptVerdict, used: string, destination: Destination, now: number, newMessageId: () => string): AttemptResult {
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

/** What an attempt came to: DMS's verdict, or ours when the event can never be sent. */
export type AttemptVerdict = DmsVerdict | { kind: 'permanent'; errorClass: PermanentFailure['errorClass']; detail: string };

export interface Judgement {
  verdict: AttemptVerdict;
  httpStatus: number | null;
  retryAfterMs: number | null;
  /** The start of DMS's answer, kept with the attempt. */
  excerpt: string | null;
  /** Who signed the answer, when its signature verified. */
  answerSigner?: string | null;
}

/** A failure of ours before DMS answered: permanent when the event's content is the cause. */
export function ourFailure(err: unknown): AttemptVerdict {
  return err instanceof PermanentFailure ? { kind: 'permanent', errorClass: err.errorClass, detail: err.message } : internalError(err);
}

export function internalError(err: unknown): DmsVerdict {
  return { kind: 'retryable', errorClass: 'internal_error', detail: (err instanceof Error ? err.message : String(err)).slice(0, 300) };
}

/**
 * What DMS's answer (or its absence) means, by the delivery's contract. An acknowledgement or a
 * rejection is final, so it counts only when its signature verifies against the pinned DMS CA:
 * otherwise it is `answer_unauthenticated` and retried (the message is resent, DMS answers a
 * repeat DUPLICATE). A fault or a 5xx is retried anyway, signed or not.
 */
export function judge(outcome: HttpOutcome, contract: DmsContract, sent: SentRequest, verifyAnswer?: (xml: string) => AnswerVerification): Judgement {
  if (outcome.kind !== 'answer') {
    return { verdict: { kind: 'retryable', errorClass: outcome.errorClass, detail: outcome.detail }, httpStatus: null, retryAfterMs: null, excerpt: null };
  }
  const answered = { httpStatus: outcome.status, retryAfterMs: outcome.retryAfterMs, excerpt: outcome.body.slice(0, EXCERPT_BYTES) };
  let verdict: DmsVerdict;
  try {
    verdict = contract.interpretAnswer(outcome, sent);
  } catch (err) {
    return { ...answered, verdict: internalError(err) };
  }
  if (verdict.kind === 'retryable' || !verifyAnswer) return { ...answered, verdict };
  const verified = verifyAnswer(outcome.body);
  if (!verified.ok) {
    return { ...answered, verdict: { kind: 'retryable', errorClass: 'answer_unauthenticated', detail: `${verdict.kind} not taken: ${verified.code}`.slice(0, 300) } };
  }
  return { ...answered, verdict, answerSigner: verified.signer.fingerprint256 };
}

/** The delivery's next state. `attemptsMade` counts from the last operator retry: the schedule restarts there. */
export function decide(verdict: AttemptVerdict, attemptsMade: number, policy: RetryPolicy, retryAfterMs: number | null, now: number, random?: () => number): AttemptResult {
  if (verdict.kind === 'ack') return { status: 'delivered', receipt: verdict.receipt };
  if (verdict.kind === 'rejection') return { status: 'rejected', rejection: verdict.rejection };
  if (verdict.kind === 'permanent') return { status: 'failed', error: `${verdict.errorClass}: ${verdict.detail}`.slice(0, 500) };
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
    errorClass: v.kind === 'retryable' || v.kind === 'permanent' ? v.errorClass : v.kind === 'rejection' ? 'business_rejection' : null,
    detail: v.kind === 'retryable' || v.kind === 'permanent' ? v.detail : v.kind === 'rejection' ? `${v.rejection.code}: ${v.rejection.reason}` : null,
    responseExcerpt: j.excerpt,
  };
}

/** For the circuit breaker: did DMS answer meaningfully? null when the failure was ours. */
export function dmsHealthy(verdict: AttemptVerdict): boolean | null {
  if (verdict.kind === 'permanent') return null;
  if (verdict.kind !== 'retryable') return true;
  return verdict.errorClass === 'internal_error' ? null : false;
}

// ── record ───────────────────────────────────────────────────────────────────────────────────────

export interface ToRecord {
  delivery: ClaimedDelivery;
  owner: string;
  exchange: Omit<Exchange, 'outcome'> | null;
  verdict: AttemptVerdict;
  /** Who signed DMS's answer, when it verified. */
  answerSigner?: string | null;
  attempt: AttemptRecord;
  result: AttemptResult;
  now: number;
}

/**
 * Evidence first, then the attempt, in one transaction; false when the lease was lost and the attempt
 * was not recorded (its evidence is kept: the exchange happened).
 */
export async function record(r: ToRecord, deps: Pick<AttemptDeps, 'deliveries' | 'observer'>): Promise<boolean> {
  let evidence: EvidenceLink | undefined;
  if (r.exchange && deps.observer?.evidence) {
    const v = r.verdict;
    // Fail closed, as X-Road does: an exchange without its evidence is not recorded either (the same
    // transaction), so the lease expires and the attempt is made (and logged) again; DMS answers the
    // repeat as DUPLICATE.
    evidence = deps.observer.evidence({ ...r.exchange, outcome: v.kind === 'ack' ? 'delivered' : v.kind === 'rejection' ? 'rejected' : v.errorClass, answerSigner: r.answerSigner ?? null });
  }
  const kept = await deps.deliveries.recordAttempt(r.delivery.id, r.owner, r.attempt, r.result, r.now, evidence);
  if (kept) deps.observer?.recorded?.({ delivery: r.delivery, attempt: r.attempt, result: r.result });
  return kept;
}

// ── the attempt ──────────────────────────────────────────────────────────────────────────────────

/**
 * `exchanged` is called once the exchange with DMS is over and its record is queued (before that
 * record commits), with what the exchange says of DMS's health: the worker may then claim the next
 * delivery at once, so that on SQLite its claim shares the group commit that records this attempt
 * instead of needing a commit of its own after it.
 */
export async function attemptDelivery(d: ClaimedDelivery, owner: string, deps: AttemptDeps, exchanged?: (dmsHealthy: boolean | null) => void): Promise<AttemptOutcome> {
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
    const target = targetOf(d, deps);
    const sent = await send(d, number, startedAt, requestXml, deps.client, target.dmsUrl);
    exchange = sent.exchange;
    judgement = judge(sent.outcome, mapped.contract, { messageId: d.messageId, serviceCode: mapped.serviceCode, requestXml }, target.verifyAnswer);
  } catch (err) {
    judgement = { verdict: ourFailure(err), httpStatus: null, retryAfterMs: null, excerpt: null };
  }
  const durationMs = now() - startedAt;
  let result = decide(judgement.verdict, number - d.scheduleBase, deps.policy, judgement.retryAfterMs, now(), deps.random);
  if (used !== null) {
    if (judgement.verdict.kind === 'rejection' && judgement.verdict.rejection.code === CONTRACT_VERSION_RETIRED) deps.retired?.add(used);
    result = remapIfRetired(result, judgement.verdict, used, deps.destination, now(), () => uuidv7());
  }
  const attempt = attemptRecord(number, startedAt, durationMs, judgement, { messageId: d.messageId, contract: used });
  // The sandbox's mock (faults injected by a vendor's tests, say) says nothing about DMS's health.
  const healthy = d.sandbox ? null : dmsHealthy(judgement.verdict);
  const recording = record({ delivery: d, owner, exchange, verdict: judgement.verdict, answerSigner: judgement.answerSigner, attempt, result, now: now() }, deps);
  exchanged?.(healthy);
  const kept = await recording;
  deps.logger[result.status === 'retrying' || result.status === 'failed' ? 'warn' : 'info'](
    { deliveryId: d.id, messageId: d.messageId, contract: used, sandbox: d.sandbox === true, attempt: number, status: result.status, errorClass: attempt.errorClass, httpStatus: judgement.httpStatus, durationMs, leaseKept: kept },
    'delivery attempt',
  );
  return { result, recorded: kept, dmsHealthy: healthy };
}
