// The gateway's metrics, kept by prom-client (with its default process metrics: CPU, memory, event
// loop lag, file descriptors). Counters and the latency histogram count what this process did (sum
// them over instances); gauges are read from the shared store at scrape time.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AttemptObserver } from '../delivery/attempt.ts';
import type { BreakerSnapshot } from '../delivery/circuit-breaker.ts';
import { uuidv7Time } from '../ids.ts';
import type { DeliveryLog } from '../store/delivery-log.ts';

const BREAKER_VALUE = { closed: 0, half_open: 1, open: 2 } as const;

export class GatewayMetrics {
  /** One registry per gateway, so that several gateways in one process (tests) do not mix. */
  readonly registry = new Registry();
  readonly ingested = new Counter({ name: 'rtg_events_ingested_total', help: 'Events accepted from registers (new ones, not repeats).', registers: [this.registry] });
  readonly finished = new Counter({ name: 'rtg_deliveries_finished_total', help: 'Deliveries that reached a final status, by status (sandbox: events posted with a test key).', labelNames: ['status', 'sandbox'], registers: [this.registry] });
  readonly attempts = new Counter({ name: 'rtg_delivery_attempts_total', help: 'Delivery attempts by outcome and error class (sandbox: to the built-in mock DMS).', labelNames: ['outcome', 'error_class', 'sandbox'], registers: [this.registry] });
  readonly latency = new Histogram({
    name: 'rtg_delivery_latency_seconds',
    help: 'Time from acceptance to DMS acknowledgement (live events only).',
    buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600, 21600, 86400, 259200],
    registers: [this.registry],
  });
  readonly #events = new Gauge({ name: 'rtg_events', help: 'Events in the store by status (sandbox: posted with test keys).', labelNames: ['status', 'sandbox'], registers: [this.registry] });
  readonly #backlog = new Gauge({ name: 'rtg_backlog', help: 'Live events not yet delivered and not final (accepted, retrying, blocked).', registers: [this.registry] });
  readonly #oldestWaiting = new Gauge({ name: 'rtg_oldest_waiting_seconds', help: 'Age of the oldest live event still waiting for delivery (0 when none).', registers: [this.registry] });
  readonly #breakers = new Gauge({ name: 'rtg_circuit_breaker_state', help: 'Circuit breaker per destination: 0 closed, 1 half-open, 2 open.', labelNames: ['destination'], registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Feeds the counters from the delivery worker. */
  readonly observer: AttemptObserver = {
    recorded: ({ delivery, attempt, result }) => {
      const sandbox = delivery.sandbox ? 'true' : 'false';
      this.attempts.inc({ outcome: attempt.outcome, error_class: attempt.errorClass ?? 'none', sandbox });
      if (result.status !== 'retrying') this.finished.inc({ status: result.status, sandbox });
      // The event id is a UUIDv7 made at acceptance: it carries the acceptance time. The sandbox's mock says nothing of DMS's latency.
      if (result.status === 'delivered' && !delivery.sandbox) this.latency.observe((Date.now() - uuidv7Time(delivery.eventId)) / 1000);
    },
  };

  /** The Prometheus text exposition (content type: `registry.contentType`). */
  async render(log: Pick<DeliveryLog, 'countByStatusFor' | 'oldestWaiting'>, breakers: BreakerSnapshot[], now: number): Promise<string> {
    // The backlog and its age are DMS's (what alerts watch): a vendor's sandbox failures stay out of them.
    const [counts, sandboxCounts, oldest] = await Promise.all([log.countByStatusFor(null, false), log.countByStatusFor(null, true), log.oldestWaiting(null, false)]);
    this.#events.reset();
    for (const [status, value] of Object.entries(counts)) this.#events.set({ status, sandbox: 'false' }, value);
    for (const [status, value] of Object.entries(sandboxCounts)) this.#events.set({ status, sandbox: 'true' }, value);
    this.#backlog.set(counts.accepted + counts.retrying + counts.blocked);
    this.#oldestWaiting.set(oldest ? Math.max(0, (now - oldest.receivedAt) / 1000) : 0);
    this.#breakers.reset();
    for (const b of breakers) this.#breakers.set({ destination: b.destination }, BREAKER_VALUE[b.state]);
    return this.registry.metrics();
  }
}
