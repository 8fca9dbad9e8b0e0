// The registers: each posts its people's events, one person's events one after another (the next
// only once the previous one was answered), many people at once. A register whose request fails
// (gateway killed: refused, reset; or a 5xx, or "key in flight") sends the SAME request with the
// SAME Idempotency-Key until it is answered, to another instance when there are several. Some accepted events are sent again on purpose: with
// the same key (the answer must be replayed byte for byte) or with the same eventId and a new key
// (the gateway must name the event it already has).
import { call, networkErrorCode, sleep, type Answer } from './http.ts';
import type { Rng } from './random.ts';
import type { RunRecord } from './record.ts';
import type { ChaosRegister, PlannedEvent } from './timeline.ts';

export interface RegisterClient {
  register: ChaosRegister;
  key: string;
}

export interface PostingOptions {
  clients: RegisterClient[];
  timelines: Map<string, PlannedEvent[]>;
  /** The gateway to send to; `avoid` is the one that just failed. */
  nextUrl: (avoid?: string) => string;
  record: RunRecord;
  rng: Rng;
  /** Requests in flight per register. */
  concurrency: number;
  resendSameKey: number;
  resendSameEventId: number;
  /** How long a register keeps retrying one request before it reports it unanswered. */
  patienceMs: number;
}

interface Resend {
  sameKey: boolean;
  sameEventId: boolean;
  delayMs: number;
}

/** Posts every event of every person; resolves when all posts and resends are answered. */
export async function postAll(o: PostingOptions): Promise<void> {
  const slots = o.clients.map(() => new Semaphore(o.concurrency));
  // Decided up front, in plan order, so the seed alone fixes which events are resent.
  const resends = new Map<string, Resend>();
  for (const timeline of o.timelines.values()) {
    for (const e of timeline) resends.set(e.ref, { sameKey: o.rng.chance(o.resendSameKey), sameEventId: o.rng.chance(o.resendSameEventId), delayMs: o.rng.int(0, 3_000) });
  }
  const background: Array<Promise<void>> = [];
  const post = (e: PlannedEvent, key: string, body: string) => postUntilAnswered(o, slots[e.registerIndex] as Semaphore, e, key, body);

  await Promise.all(
    [...o.timelines.values()].map(async (timeline) => {
      for (const e of timeline) {
        const body = JSON.stringify(e.body);
        const key = `${e.ref}#1`;
        const answer = await post(e, key, body);
        const gatewayId = answer && accepted(o, e, answer);
        if (!gatewayId || !answer) continue;
        const plan = resends.get(e.ref) as Resend;
        if (plan.sameKey || plan.sameEventId) background.push(resend(o, e, body, key, answer, gatewayId, plan, post));
      }
    }),
  );
  await Promise.all(background);
}

/** Records an accepted event and returns its gateway id, or records why it was not accepted. */
function accepted(o: PostingOptions, e: PlannedEvent, answer: Answer): string | null {
  if (answer.status !== 202 && answer.status !== 200) {
    o.record.violation('refused', e.ref, `HTTP ${answer.status} ${problemCode(answer)}`);
    return null;
  }
  const summary = JSON.parse(answer.text) as { id?: string; eventId?: string };
  if (!summary.id || summary.eventId !== e.body.eventId) {
    o.record.violation('refused', e.ref, `HTTP ${answer.status} without this event's id`);
    return null;
  }
  o.record.accept(e, summary.id, answer.status);
  return summary.id;
}

async function resend(
  o: PostingOptions,
  e: PlannedEvent,
  body: string,
  key: string,
  first: Answer,
  gatewayId: string,
  plan: Resend,
  post: (e: PlannedEvent, key: string, body: string) => Promise<Answer | null>,
): Promise<void> {
  await sleep(plan.delayMs);
  if (plan.sameKey) {
    o.record.counters.resentSameKey++;
    const again = await post(e, key, body);
    if (again && (again.status !== first.status || again.text !== first.text || again.headers.get('idempotent-replayed') !== 'true')) {
      o.record.violation('replay_mismatch', e.ref, `first HTTP ${first.status}, replay HTTP ${again.status}, replayed=${again.headers.get('idempotent-replayed')}`);
    }
  }
  if (plan.sameEventId) {
    o.record.counters.resentSameEventId++;
    const again = await post(e, `${e.ref}#2`, body);
    if (!again) return;
    const id = again.status < 300 ? (JSON.parse(again.text) as { id?: string }).id : undefined;
    if (again.status !== 200 || id !== gatewayId) {
      if (id && id !== gatewayId) o.record.extraGatewayIds.add(id);
      o.record.violation('register_duplicate', e.ref, `resent eventId: HTTP ${again.status} ${id ?? problemCode(again)}, first id ${gatewayId}`);
    }
  }
}

/** One request, retried as is until the gateway answers it (or the register's patience runs out). */
async function postUntilAnswered(o: PostingOptions, slots: Semaphore, e: PlannedEvent, idempotencyKey: string, body: string): Promise<Answer | null> {
  const client = o.clients[e.registerIndex] as RegisterClient;
  const deadline = Date.now() + o.patienceMs;
  let backoff = 100;
  let lastProblem = '';
  let failedUrl: string | undefined;
  for (;;) {
    await slots.acquire();
    let answer: Answer | null = null;
    const url = o.nextUrl(failedUrl);
    failedUrl = url;
    try {
      o.record.counters.posts++;
      answer = await call(`${url}/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${client.key}`, 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
        body,
        timeoutMs: 15_000,
      });
    } catch (err) {
      o.record.counters.networkErrors++;
      lastProblem = networkErrorCode(err);
    } finally {
      slots.release();
    }
    let waitMs = backoff + Math.floor(Math.random() * backoff);
    if (answer) {
      if (answer.status < 500 && !(answer.status === 409 && problemCode(answer) === 'IDEMPOTENCY_KEY_IN_FLIGHT')) return answer;
      lastProblem = `HTTP ${answer.status} ${problemCode(answer)}`;
      if (answer.status >= 500) o.record.counters.serverErrors++;
      else {
        // The key is held in the shared store: every instance answers the same.
        failedUrl = undefined;
        // The first request with this key died with a killed gateway; the key is taken over later.
        o.record.counters.inFlightWaits++;
        waitMs = Math.max(waitMs, 1_000 * Number(answer.headers.get('retry-after') ?? 1));
      }
    }
    if (Date.now() + waitMs > deadline) {
      o.record.violation('unanswered', e.ref, `no answer in ${o.patienceMs} ms (last: ${lastProblem})`);
      return null;
    }
    await sleep(waitMs);
    backoff = Math.min(backoff * 2, 1_000);
  }
}

function problemCode(answer: Answer): string {
  try {
    return String((JSON.parse(answer.text) as { code?: string }).code ?? '');
  } catch {
    return '';
  }
}

/** At most `limit` holders at once, first come first served. */
class Semaphore {
  private free: number;
  private readonly waiting: Array<() => void> = [];

  constructor(limit: number) {
    this.free = limit;
  }

  async acquire(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
}
